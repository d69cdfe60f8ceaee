"""Faults end to end against the fake Bot API: a token revoked while running, 5xx on sends, kill -9 and
SIGTERM with a backlog, a full state folder, a locked journal, a flooding chat, duplicate update ids,
lone surrogates, oversized webhook bodies, unreadable knowledge on /reload. One test per row of issue 8."""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import os
import resource
import shutil
import signal
import sqlite3
import stat
import sys
import time
from pathlib import Path

import httpx
import pytest
import subprocess

from bot.engine import Engine
from bot.telegram import render
from conftest import REPO, TG_ADMIN_ID, TG_WEBHOOK_SECRET
from fake_bot_api import (
    SENTINEL_CHAT,
    TOKEN,
    FakeBotApi,
    inline_query,
    message,
    private_chat,
    running_bot,
    user,
)
from test_telegram_run import bot_env, finish, start

ALICE, BOB = 1001, 1002


def private(text: str, chat_id: int = ALICE) -> dict:
    return {"message": message(text, private_chat(chat_id), user(chat_id))}


def answers_per_chat(api: FakeBotApi, since: int = 0) -> collections.Counter:
    """sendMessage calls per chat (the sentinel's not counted)."""
    return collections.Counter(c.chat_id for c in api.calls_to("sendMessage", since=since) if c.chat_id != SENTINEL_CHAT)


async def until(predicate, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(step)
    return predicate()


# --- a rejected token, at any time, ends the process: exit 1, one line ------------------------


async def test_401_while_polling_ends_the_process(tmp_path: Path, fake_api: FakeBotApi) -> None:
    proc = await start(bot_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake_api.base_url))
    try:
        reply = await fake_api.send(private("When did Hama fall?"))
        assert "5 December 2024" in reply.text
        fake_api.fail_next("getUpdates", 401, "Unauthorized")  # the token is revoked at BotFather
        code, err = await finish(proc, timeout=20)
    finally:
        if proc.returncode is None:
            proc.kill()
    assert code == 1 and "Traceback" not in err and TOKEN.split(":")[1] not in err
    assert err.strip().splitlines()[-1].startswith("error: Telegram rejected the token (401):")


async def test_401_on_a_send_stops_the_runner(fake_api: FakeBotApi, tg_settings, engine, tg_journal) -> None:
    async with running_bot(tg_settings, engine, tg_journal) as app:
        fake_api.fail_next("sendMessage", 401, "Unauthorized")
        fake_api.push(private("When did Hama fall?"))
        runner = app.bot_data["runner"]
        assert await until(lambda: runner.fatal is not None, 5)
    assert runner.fatal.startswith("Telegram rejected the token (401)")


# --- sends are retried on 5xx and network errors; a final failure is logged with chat and update id --


async def test_5xx_on_a_send_is_retried(tg_app, fake_api: FakeBotApi) -> None:
    tg_app.bot.rate_limiter.backoff = 0.01
    fake_api.fail_next("sendMessage", 502, "Bad Gateway")
    fake_api.fail_next("sendMessage", 500, "Internal Server Error")
    mark = len(fake_api.calls)
    fake_api.push(private("When did Hama fall?"))
    calls = await fake_api.wait_for("sendMessage", count=3, since=mark)
    assert [c.result.get("error_code") if isinstance(c.result, dict) else None for c in calls[:2]] == [502, 500]
    assert "5 December 2024" in calls[2].text


async def test_a_reply_that_finally_fails_is_logged(tg_app, fake_api: FakeBotApi, caplog) -> None:
    tg_app.bot.rate_limiter.backoff = 0.01
    for _ in range(4):  # the first try and three retries
        fake_api.fail_next("sendMessage", 503, "Service Unavailable")
    with caplog.at_level(logging.INFO, logger="bot.telegram"):
        update_id = fake_api.push(private("When did Hama fall?"))
        await fake_api.wait_for("sendMessage", count=4)
        await fake_api.settle()
    failed = [r.getMessage() for r in caplog.records if "event=reply_failed" in r.getMessage()]
    assert len(failed) == 1 and f"update_id={update_id} chat=private" in failed[0]
    assert len(fake_api.calls_to("sendMessage", lambda c: c.chat_id == ALICE)) == 4  # no apology on top


# --- no confirmed update is lost: kill -9 and SIGTERM with a backlog -------------------------------


def backlog(api: FakeBotApi, chats: int, per_chat: int) -> int:
    questions = ["When did Hama fall?", "and Aleppo?", "Who is the Pope?", "What happened in Idlib?"]
    for i in range(per_chat):
        for chat in range(chats):
            api.push(private(questions[i % len(questions)], 10_000 + chat))
    return chats * per_chat


async def test_kill_9_with_a_backlog_loses_nothing(tmp_path: Path, fake_api: FakeBotApi) -> None:
    total = backlog(fake_api, chats=150, per_chat=4)  # under the per-chat limit: every one is answered
    env = bot_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake_api.base_url, BOT_RATE_LIMIT="0")
    proc = await start(env)
    try:
        assert await until(lambda: sum(answers_per_chat(fake_api).values()) >= total // 4, 30)
    finally:
        proc.kill()  # SIGKILL: no clean-up at all
        await proc.wait()
    answered_before = sum(answers_per_chat(fake_api).values())
    assert answered_before < total, "the backlog was answered before the kill: nothing tested"
    proc = await start(env)
    try:
        assert await until(lambda: len(answers_per_chat(fake_api)) == 150 and
                           min(answers_per_chat(fake_api).values()) >= 4, 40)
    finally:
        proc.send_signal(signal.SIGTERM)
    code, err = await finish(proc)
    counts = answers_per_chat(fake_api)
    lost = sum(max(0, 4 - counts[10_000 + c]) for c in range(150))
    duplicates = sum(counts.values()) - total
    assert code == 0, err
    assert lost == 0 and duplicates <= 40, (lost, duplicates, answered_before)
    assert "event=replay updates=" in err


async def test_sigterm_drains_and_keeps_the_rest_for_the_next_start(tmp_path: Path, fake_api: FakeBotApi) -> None:
    total = backlog(fake_api, chats=100, per_chat=3)
    env = bot_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake_api.base_url, BOT_DRAIN_SECONDS="0.05",
                  BOT_RATE_LIMIT="0")
    proc = await start(env)
    assert await until(lambda: sum(answers_per_chat(fake_api).values()) >= 30, 30)
    proc.send_signal(signal.SIGTERM)
    code, err = await finish(proc)
    assert code == 0 and "event=stopped" in err and "kept_for_restart=" in err, err
    kept = int(err.split("kept_for_restart=")[1].split()[0])
    proc = await start(env)
    try:
        assert await until(lambda: sum(answers_per_chat(fake_api).values()) >= total, 40)
    finally:
        proc.send_signal(signal.SIGTERM)
    _, err2 = await finish(proc)
    counts = answers_per_chat(fake_api)
    assert all(counts[10_000 + c] >= 3 for c in range(100)), "an update was lost"
    assert kept > 0 and f"event=replay updates={kept}\n" in err2, (kept, err2)


# --- answering never depends on the journal -----------------------------------------------------


async def test_full_state_folder_answers_go_on(tmp_path: Path, fake_api: FakeBotApi, engine) -> None:
    """RLIMIT_FSIZE makes every write past 48 KB fail (EFBIG), as a full disk would."""
    shutil.copy(engine.db_path, tmp_path / "facts.sqlite")  # built already: the bot only reads it
    limit = 48 * 1024

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = bot_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake_api.base_url, BOT_ADMIN_IDS=str(TG_ADMIN_ID),
                  BOT_KNOWLEDGE_DIR=str(engine.knowledge_dir),  # the knowledge the copied fact base was built from
                  PYTHONDONTWRITEBYTECODE="1")  # a .pyc cut short by the limit would break later imports
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, preexec_fn=small_disk)
    try:
        await fake_api.wait_for("deleteWebhook", timeout=20)
        for i in range(60):
            fake_api.push(private(f"Who is the Pope number {i} " + "x" * 400, 20_000 + i))
        assert await until(lambda: len(answers_per_chat(fake_api)) >= 60, 30)
        stats = await fake_api.send(private("/stats", TG_ADMIN_ID), where=lambda c: c.chat_id == TG_ADMIN_ID)
    finally:
        proc.send_signal(signal.SIGTERM)
    code, err = await finish(proc)
    texts = [c.text for c in fake_api.calls_to("sendMessage")]
    assert render.ERROR not in texts and code == 0, err
    assert "Since start: 60 asked" in stats.text and "journal rows not written" in stats.text, stats.text
    assert err.count("event=journal_failed") == 1  # logged once a minute, not per message


async def test_locked_journal_does_not_hold_up_answers(fake_api: FakeBotApi, tg_settings, engine, tg_journal) -> None:
    async with running_bot(tg_settings, engine, tg_journal) as app:
        await fake_api.send(private("Who is the Pope?"))
        tg_journal.flush()
        locker = sqlite3.connect(tg_settings.journal_path, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")  # another process holds the journal
        try:
            started = time.monotonic()
            for i in range(5):
                reply = await fake_api.send(private("When did Hama fall?", 30_000 + i))
                assert "5 December 2024" in reply.text
            inline = await fake_api.send({"inline_query": inline_query("when did hama fall")}, "answerInlineQuery")
            assert "5 December 2024" in inline.json("results")[0]["description"]
            assert time.monotonic() - started < 1.5, "answers waited for the journal"
            services = app.bot_data["services"]
            assert await until(lambda: services.journal.health.failed > 0, 10)
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        stats = await fake_api.send(private("/stats", TG_ADMIN_ID))
    assert "journal rows not written: " in stats.text and "Since start: 6 asked" in stats.text


def chattr(flag: str, *paths: Path) -> bool:
    """``chattr +i``/``-i`` (immutable: even root cannot write); False where the filesystem has no such flag."""
    done = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True)
    return done.returncode == 0


async def test_read_only_state_folder_answers_go_on(fake_api: FakeBotApi, tg_settings, engine, tg_journal) -> None:
    """The tests run as root, whom permissions do not stop: the immutable flag makes the state folder and
    its files read-only for everyone. The journal and the inbox both fail; answers go on."""
    async with running_bot(tg_settings, engine, tg_journal) as app:
        await fake_api.send(private("Who is the Pope?"))
        await fake_api.settle()
        tg_journal.flush()
        # not the -shm files: SQLite maps them into memory, and a write to an immutable mapping is SIGBUS
        files = [tg_settings.state_dir, *(p for p in tg_settings.state_dir.iterdir() if not p.name.endswith("-shm"))]
        if not chattr("+i", *files):
            pytest.skip("no immutable flag on this filesystem")
        try:
            for i in range(5):
                reply = await fake_api.send(private("When did Hama fall?", 50_000 + i))
                assert "5 December 2024" in reply.text
            services = app.bot_data["services"]
            assert await until(lambda: services.journal.health.failed > 0, 10)
            stats = await fake_api.send(private("/stats", TG_ADMIN_ID))
        finally:
            chattr("-i", *files)
    assert "journal rows not written: " in stats.text and "Since start: 6 asked" in stats.text
    assert render.ERROR not in [c.text for c in fake_api.calls_to("sendMessage")]


# --- fairness: a flooding chat waits alone; admins go first -----------------------------------------


async def test_a_flooding_chat_does_not_delay_another(tg_app, fake_api: FakeBotApi) -> None:
    mark = len(fake_api.calls)
    for i in range(300):
        fake_api.push(private(f"When did Hama fall? {i}", ALICE))
    started = time.monotonic()
    bob = await fake_api.send(private("When did Aleppo fall?", BOB), where=lambda c: c.chat_id == BOB)
    waited = time.monotonic() - started
    admin = await fake_api.send(private("/stats", TG_ADMIN_ID), where=lambda c: c.chat_id == TG_ADMIN_ID)
    runner = tg_app.bot_data["runner"]

    def alice() -> list[str]:
        return [c.text for c in fake_api.calls_to("sendMessage", lambda c: c.chat_id == ALICE, since=mark)]

    # each of the 300 is answered or dropped within seconds: none is queued for minutes
    assert await until(lambda: len(alice()) - 1 + runner.stats["dropped"] == 300, 10)
    assert "30 November" in bob.text and waited < 1.0, waited
    assert admin.text.startswith("<b>Questions</b>")
    assert alice().count(render.ONE_MOMENT) == 1 and runner.stats["dropped"] > 0  # told once, not per drop


# --- small ones ------------------------------------------------------------------------------------


async def test_duplicate_update_ids_are_answered_once(tg_app, fake_api: FakeBotApi) -> None:
    mark = len(fake_api.calls)
    update = private("When did Hama fall?")
    fake_api.push({**update, "update_id": 777})
    fake_api.push({**update, "update_id": 777})
    await fake_api.settle()
    fake_api.push({**update, "update_id": 777})  # delivered again later
    await fake_api.settle()
    assert len(fake_api.sent_to(ALICE, since=mark)) == 1


async def test_lone_surrogates_are_cleaned_at_the_edge(tg_app, fake_api: FakeBotApi) -> None:
    reply = await fake_api.send(private("When did Hama fall?\ud800 \udfff"))
    assert reply.text != render.ERROR and "5 December 2024" in reply.text
    inline = await fake_api.send({"inline_query": inline_query("when did hama fall \ud83d")}, "answerInlineQuery")
    assert "5 December 2024" in inline.json("results")[0]["description"]


async def test_state_files_are_private(tg_app, fake_api: FakeBotApi, tg_settings) -> None:
    await fake_api.send(private("When did Hama fall?"))
    await fake_api.settle()
    assert stat.S_IMODE(tg_settings.state_dir.stat().st_mode) == 0o700
    for path in tg_settings.state_dir.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert tg_settings.heartbeat_path.is_file()


async def test_reload_names_an_unreadable_file(fake_api: FakeBotApi, tg_settings, tg_journal, knowledge_copy: Path,
                                               tmp_path: Path) -> None:
    own = Engine.open(knowledge_copy, tmp_path / "facts.sqlite")
    os.mkfifo(knowledge_copy / "facts-extra.yaml")  # would hang a reader that opens it blocking
    async with running_bot(tg_settings, own, tg_journal) as app:
        reply = await fake_api.send(private("/reload", TG_ADMIN_ID))
        assert app.bot_data["services"].engine is own
    assert "facts-extra.yaml: cannot read: not a regular file" in reply.text


async def test_a_foreign_journal_is_refused(tmp_path: Path, fake_api: FakeBotApi) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "journal.sqlite").write_text("my notes")
    code, err = await finish(await start(bot_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake_api.base_url)))
    assert code == 1 and err.strip() == f"error: cannot start: refusing to overwrite {state / 'journal.sqlite'}: " \
        "it is not a journal of this bot (not a SQLite file)"
    assert (state / "journal.sqlite").read_text() == "my notes"


# --- webhook: secret and size from the headers, before the body --------------------------------------


async def post_huge(port: int, path: str, size: int, secret: str | None, chunked: bool = False) -> int:
    """POST ``size`` bytes (1 MB chunks, never held whole); the status the server answered (0: it closed).

    As a careful client does, it waits a moment after the headers: a server that refuses from the
    headers alone answers before any body is sent."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{length}\r\n"
    if secret:
        head += f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\n"
    writer.write((head + "\r\n").encode())
    chunk = b" " * (1 << 20)
    try:
        try:
            status_line = await asyncio.wait_for(reader.readline(), 0.3)
        except asyncio.TimeoutError:
            try:
                for _ in range(size // len(chunk)):
                    writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
                    await writer.drain()
                if chunked:
                    writer.write(b"0\r\n\r\n")
                status_line = await asyncio.wait_for(reader.readline(), 30)
            except (ConnectionError, OSError):
                status_line = b""
    finally:
        writer.close()
    return int(status_line.split()[1]) if status_line else 0


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise AssertionError(field)


async def test_oversized_webhook_bodies_cost_no_memory(tmp_path: Path, fake_api: FakeBotApi, unused_tcp_port: int) -> None:
    env = bot_env(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake_api.base_url,
                  WEBHOOK_URL="https://bot.example.org/hook", WEBHOOK_SECRET=TG_WEBHOOK_SECRET,
                  WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(unused_tcp_port))
    proc = await start(env, "--webhook")
    try:
        await fake_api.wait_for("setWebhook", timeout=20)
        url = f"http://127.0.0.1:{unused_tcp_port}/hook"
        async with httpx.AsyncClient(timeout=5) as client:
            for _ in range(50):
                try:
                    await client.get(url)
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.1)
            before = rss_mb(proc.pid, "VmHWM")
            statuses = [await post_huge(unused_tcp_port, "/hook", 90 << 20, None) for _ in range(4)]
            statuses.append(await post_huge(unused_tcp_port, "/hook", 90 << 20, TG_WEBHOOK_SECRET))
            streamed = await post_huge(unused_tcp_port, "/hook", 90 << 20, None, chunked=True)
            peak = rss_mb(proc.pid, "VmHWM")
            ok = await client.post(url, content=json.dumps({"update_id": 5, **private("When did Hama fall?")}),
                                   headers={"Content-Type": "application/json",
                                            "X-Telegram-Bot-Api-Secret-Token": TG_WEBHOOK_SECRET})
            assert ok.status_code == 200
        assert "5 December 2024" in (await fake_api.wait_for("sendMessage"))[0].text
    finally:
        proc.send_signal(signal.SIGTERM)
    code, err = await finish(proc)
    assert statuses == [413] * 5 and streamed in (0, 403, 413) and code == 0, (statuses, streamed, err)
    assert peak - before < 5, f"peak RSS grew {peak - before:.1f} MB"


async def test_lone_surrogates_in_a_group_mention(tg_app, fake_api: FakeBotApi) -> None:
    from fake_bot_api import BOT_USERNAME, group_chat, mention_entity

    text = f"@{BOT_USERNAME} when did hama fall? \ud800"
    update = {"message": message(text, group_chat(-100555), user(ALICE), entities=[mention_entity(text, f"@{BOT_USERNAME}")])}
    reply = await fake_api.send(update)
    assert reply.text != render.ERROR and "5 December 2024" in reply.text


async def test_without_an_inbox_updates_are_confirmed_only_once_answered(fake_api: FakeBotApi, tg_settings, engine,
                                                                        tg_journal, monkeypatch) -> None:
    """The degraded mode of an unwritable state folder: nothing is confirmed to Telegram before its reply."""
    async with running_bot(tg_settings, engine, tg_journal, inbox=None) as app:
        real_ask = engine.ask
        confirmed_while_answering = []

        def ask(*args, **kwargs):
            confirmed_while_answering.append(app.bot_data["runner"].offset)
            return real_ask(*args, **kwargs)

        monkeypatch.setattr(engine, "ask", ask)
        first = fake_api.push(private("When did Hama fall?"))
        reply = await fake_api.wait_for("sendMessage")
        assert "5 December 2024" in reply[0].text
        await fake_api.settle()
    assert confirmed_while_answering and all(offset <= first for offset in confirmed_while_answering)
