"""``python -m bot run [--webhook]`` as a real process: one-line errors, serving, clean shutdown on signals."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import httpx
import pytest

from conftest import REPO, TG_WEBHOOK_SECRET
from fake_bot_api import TOKEN, FakeBotApi, message, private_chat, user

SECRET_PART = TOKEN.split(":")[1]


def bot_env(tmp_path: Path, **values: str) -> dict[str, str]:
    """A clean environment: no variables of the operator's leak into the test."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(REPO),
        "BOT_STATE_DIR": str(tmp_path / "state"),
        "BOT_DB_PATH": str(tmp_path / "facts.sqlite"),
        "BOT_KNOWLEDGE_DIR": str(REPO / "knowledge"),
    }
    env.update(values)
    return env


async def start(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", *args, cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )


async def finish(proc: asyncio.subprocess.Process, timeout: float = 20) -> tuple[int, str]:
    _, err = await asyncio.wait_for(proc.communicate(), timeout)
    return proc.returncode, err.decode()


@pytest.mark.parametrize("values, args, expected", [
    ({}, (), "error: TELEGRAM_BOT_TOKEN is not set"),
    ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, (), "error: TELEGRAM_BOT_TOKEN does not look like a bot token"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN}, ("--webhook",), "error: WEBHOOK_URL is not set"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_ADMIN_IDS": "me"}, (), "error: BOT_ADMIN_IDS"),
], ids=["missing-token", "malformed-token", "webhook-without-url", "bad-admins"])
async def test_configuration_errors_are_one_line_exit_2(tmp_path: Path, values, args, expected: str) -> None:
    code, err = await finish(await start(bot_env(tmp_path, **values), *args))
    assert code == 2
    assert err.startswith(expected) and err.count("\n") == 1 and "Traceback" not in err
    assert SECRET_PART not in err


async def test_rejected_token_is_one_line_exit_1(tmp_path: Path, fake_api: FakeBotApi) -> None:
    other = "987654321:" + "Z" * 35  # well-formed, but not the fake server's token: 401 Unauthorized
    env = bot_env(tmp_path, TELEGRAM_BOT_TOKEN=other, TELEGRAM_BASE_URL=fake_api.base_url)
    code, err = await finish(await start(env))
    assert code == 1 and "Traceback" not in err and "Z" * 35 not in err
    assert err.strip().splitlines()[-1].startswith("error: Telegram rejected the token (401):")


async def test_unreachable_api_is_one_line_exit_1(tmp_path: Path, unused_tcp_port: int) -> None:
    env = bot_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=f"http://127.0.0.1:{unused_tcp_port}/bot")
    code, err = await finish(await start(env))
    assert code == 1 and "Traceback" not in err and SECRET_PART not in err
    assert err.strip().splitlines()[-1].startswith("error: cannot reach the Bot API")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_polling_serves_and_stops_cleanly(tmp_path: Path, fake_api: FakeBotApi, sig: signal.Signals) -> None:
    env = bot_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake_api.base_url, BOT_ADMIN_IDS="4242")
    proc = await start(env)
    try:
        await fake_api.wait_for("deleteWebhook", timeout=20)
        reply = await fake_api.send({"message": message("When did Hama fall?", private_chat(1001), user(1001))})
        assert "5 December 2024" in reply.text
    finally:
        proc.send_signal(sig)
    code, err = await finish(proc)
    assert code == 0, err
    assert "Traceback" not in err and SECRET_PART not in err
    assert "update=message chat=private intent=when answered=true latency_ms=" in err
    assert "Hama" not in err  # no message text at INFO
    assert (tmp_path / "state" / "journal.sqlite").is_file()


async def test_webhook_serves_and_stops_cleanly(tmp_path: Path, fake_api: FakeBotApi, unused_tcp_port: int) -> None:
    env = bot_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake_api.base_url,
                  WEBHOOK_URL="https://bot.example.org/hook/x1", WEBHOOK_SECRET=TG_WEBHOOK_SECRET,
                  WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(unused_tcp_port))
    proc = await start(env, "--webhook")
    try:
        (call,) = await fake_api.wait_for("setWebhook", timeout=20)
        assert call["url"] == "https://bot.example.org/hook/x1" and call["secret_token"] == TG_WEBHOOK_SECRET
        update = {"update_id": 1, "message": message("When did Aleppo fall?", private_chat(1001), user(1001))}
        url = f"http://127.0.0.1:{unused_tcp_port}/hook/x1"
        async with httpx.AsyncClient(timeout=5) as client:
            for _ in range(50):  # the server starts listening just after setWebhook
                try:
                    forged = await client.post(url, content=json.dumps(update), headers={"Content-Type": "application/json"})
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.1)
            assert forged.status_code == 403
            response = await client.post(url, content=json.dumps(update), headers={
                "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TG_WEBHOOK_SECRET})
            assert response.status_code == 200
        reply = (await fake_api.wait_for("sendMessage"))[0]
        assert "30 November" in reply.text and len(fake_api.calls_to("sendMessage")) == 1
    finally:
        proc.send_signal(signal.SIGTERM)
    code, err = await finish(proc)
    assert code == 0, err
    assert "Traceback" not in err and SECRET_PART not in err and TG_WEBHOOK_SECRET not in err


@pytest.mark.parametrize("ids", ["\u00b2", "1,\u0663"], ids=["superscript-two", "arabic-indic-three"])
async def test_unicode_digit_admin_ids_are_a_clear_error(tmp_path: Path, ids: str) -> None:
    """'²'.isdigit() is True and int('²') raises: the one Settings says so in one line (exit 2)."""
    code, err = await finish(await start(bot_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, BOT_ADMIN_IDS=ids)))
    assert code == 2 and err.startswith("error: BOT_ADMIN_IDS must be comma-separated numeric user ids")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_command_line_flags_reach_settings_as_arguments(tmp_path: Path, monkeypatch) -> None:
    """`run --knowledge K --db D` passes K and D to run(); nothing is written into os.environ."""
    import bot.telegram.app as app_module
    from bot.cli import main

    seen = {}
    monkeypatch.setattr(app_module, "run", lambda webhook, **kw: seen.update(webhook=webhook, **kw) or 0)
    before = dict(os.environ)
    assert main(["--knowledge", str(tmp_path), "--db", str(tmp_path / "f.sqlite"), "run", "--webhook"]) == 0
    assert seen == {"webhook": True, "knowledge_dir": tmp_path, "db_path": tmp_path / "f.sqlite"}
    assert dict(os.environ) == before


async def test_heartbeat_makes_the_live_doctor_healthy(tmp_path: Path, fake_api: FakeBotApi) -> None:
    import io

    from bot.doctor import doctor

    env = bot_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake_api.base_url)
    out = io.StringIO()
    assert doctor(env, live=True, out=out) == 1 and "FAIL receiving updates: no heartbeat" in out.getvalue()
    proc = await start(env)
    try:
        await fake_api.send({"message": message("When did Hama fall?", private_chat(1001), user(1001))})
        out = io.StringIO()
        assert doctor(env, live=True, out=out) == 0, out.getvalue()
    finally:
        proc.send_signal(signal.SIGTERM)
    assert (await finish(proc))[0] == 0
