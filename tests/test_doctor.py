"""``bot.doctor``: the operator's environment checked offline, one line per check."""

from __future__ import annotations

import io
import os
import time
import shutil
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from bot import doctor as doctor_module
from bot.doctor import doctor, mask_token
from bot.errors import Problem

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
SECRET_PART = "AAHk3xQ_vF9-bN2mZrT8yW4pLc6sDe1GhJ"  # 34 characters of the token alphabet
TOKEN = f"123456789:{SECRET_PART}"


@pytest.fixture
def good_env(tmp_path) -> dict[str, str]:
    return {
        "HOME": str(tmp_path / "home"),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "BOT_ADMIN_IDS": "11111, 22222",
        "BOT_KNOWLEDGE_DIR": str(KNOWLEDGE),
        "BOT_STATE_DIR": str(tmp_path / "state" / "nested"),
        "BOT_DB_PATH": str(tmp_path / "cache" / "facts.sqlite"),
        "BOT_LOG_QUESTIONS": "0",
    }


def run(env, **kwargs) -> tuple[int, str]:
    out = io.StringIO()
    code = doctor(env, out=out, **kwargs)
    return code, out.getvalue()


def failed(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("FAIL")]


def fake_check(problems):
    def check_knowledge(folder: Path):
        return problems

    return check_knowledge


# --------------------------------------------------------------------------- all good

def test_good_environment_passes(good_env, tmp_path):
    code, output = run(good_env)
    assert failed(output) == [], output
    assert code == 0
    assert (tmp_path / "state" / "nested").is_dir(), "the state folder is created"
    assert (tmp_path / "cache").is_dir()
    assert "ok   BOT_KNOWLEDGE_DIR" in output


def test_one_line_per_check(good_env):
    _, output = run(good_env)
    lines = output.splitlines()
    assert all(line.startswith(("ok   ", "FAIL ", "       ")) for line in lines), output
    checked = [line.split()[1].rstrip(":") for line in lines]
    for name in ("TELEGRAM_BOT_TOKEN", "BOT_ADMIN_IDS", "WEBHOOK_URL", "WEBHOOK_PORT", "BOT_KNOWLEDGE_DIR",
                 "BOT_STATE_DIR", "BOT_DB_PATH", "TELEGRAM_BASE_URL", "BOT_LOG_QUESTIONS"):
        assert name in checked


def test_good_webhook_environment_passes(good_env):
    good_env.update(WEBHOOK_URL="https://bot.example.org/telegram", WEBHOOK_SECRET="s3cr3t_Value-x",
                    WEBHOOK_PORT="8443", WEBHOOK_LISTEN="127.0.0.1")
    code, output = run(good_env)
    assert (code, failed(output)) == (0, []), output
    assert "/telegram" in output


def test_defaults_for_unset_optional_settings(tmp_path, monkeypatch):
    """Only the token set: bundled knowledge, state folder under HOME, default port."""
    monkeypatch.setattr("bot.builder.check_knowledge", fake_check([]))
    code, output = run({"HOME": str(tmp_path), "TELEGRAM_BOT_TOKEN": TOKEN})
    assert (code, failed(output)) == (0, []), output
    assert (tmp_path / ".local" / "state" / "offensive-factbot").is_dir()
    assert "ok   WEBHOOK_PORT: 8080" in output


def test_reads_os_environ_when_none_given(good_env, monkeypatch):
    for key in list(doctor_module.os.environ):
        if key.startswith(("BOT_", "WEBHOOK_", "TELEGRAM_")):
            monkeypatch.delenv(key)
    for key, value in good_env.items():
        monkeypatch.setenv(key, value)
    assert doctor(out=io.StringIO()) == 0


# --------------------------------------------------------------------------- the token

def test_token_is_never_printed(good_env):
    _, output = run(good_env)
    assert SECRET_PART not in output
    assert "123456789:****" in output


@pytest.mark.parametrize("token", ["", "123456789", "123456789:short", "abc:" + "A" * 35,
                                   "123456789:" + "A" * 29, f"123456789:{SECRET_PART}!",
                                   f" bot{TOKEN}"])
def test_bad_token_fails_without_showing_it(good_env, token):
    good_env["TELEGRAM_BOT_TOKEN"] = token
    code, output = run(good_env)
    assert code == 1
    assert any(line.startswith("FAIL TELEGRAM_BOT_TOKEN") for line in failed(output))
    assert SECRET_PART not in output
    if len(token) > 10:
        assert token.strip() not in output


def test_mask_token():
    assert mask_token(TOKEN) == "123456789:****"
    assert mask_token("garbage-with-no-colon") == "****"
    assert mask_token("abc:def") == "****"


# --------------------------------------------------------------------------- other settings

@pytest.mark.parametrize("ids", ["1,abc", "@someone", "12 34", "-5", "1;2"])
def test_bad_admin_ids(good_env, ids):
    good_env["BOT_ADMIN_IDS"] = ids
    code, output = run(good_env)
    assert code == 1 and failed(output)[0].startswith("FAIL BOT_ADMIN_IDS"), output


@pytest.mark.parametrize("ids", ["", "42", " 1 , 2 ,3 ", "1,2,"])
def test_good_admin_ids(good_env, ids):
    good_env["BOT_ADMIN_IDS"] = ids
    assert run(good_env)[0] == 0


@pytest.mark.parametrize(
    ("changes", "failing"),
    [
        ({"WEBHOOK_URL": "http://bot.example.org/hook", "WEBHOOK_SECRET": "abc"}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "https:///hook", "WEBHOOK_SECRET": "abc"}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "https://bot.example.org:8080/hook", "WEBHOOK_SECRET": "abc"}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "https://bot.example.org/hook?x=1", "WEBHOOK_SECRET": "abc"}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "https://bot.example.org:99999/hook", "WEBHOOK_SECRET": "abc"}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "https://bot.example.org/hook"}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_URL": "https://bot.example.org/hook", "WEBHOOK_SECRET": "has space"}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_URL": "https://bot.example.org/hook", "WEBHOOK_SECRET": "a" * 257}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_URL": "https://bot.example.org/hook", "WEBHOOK_SECRET": "bad/char"}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_PORT": "80a"}, "WEBHOOK_PORT"),
        ({"WEBHOOK_PORT": "70000"}, "WEBHOOK_PORT"),
        ({"WEBHOOK_PORT": "0"}, "WEBHOOK_PORT"),
        ({"WEBHOOK_LISTEN": "not an address!"}, "WEBHOOK_LISTEN"),
        ({"TELEGRAM_BASE_URL": "ftp://example.org/bot"}, "TELEGRAM_BASE_URL"),
        ({"TELEGRAM_BASE_URL": "localhost:8081"}, "TELEGRAM_BASE_URL"),
        ({"BOT_LOG_QUESTIONS": "maybe"}, "BOT_LOG_QUESTIONS"),
    ],
)
def test_bad_settings_fail(good_env, changes, failing):
    good_env.update(changes)
    code, output = run(good_env)
    assert code == 1
    assert [line.split()[1].rstrip(":") for line in failed(output)] == [failing], output


def test_self_hosted_api_allows_http_webhook(good_env):
    good_env.update(TELEGRAM_BASE_URL="http://telegram-bot-api:8081/bot",
                    WEBHOOK_URL="http://factbot:8080/hook", WEBHOOK_SECRET="abc")
    code, output = run(good_env)
    assert (code, failed(output)) == (0, []), output


def test_secret_value_is_not_printed(good_env):
    good_env.update(WEBHOOK_URL="https://bot.example.org/hook", WEBHOOK_SECRET="TopSecretValue_123")
    code, output = run(good_env)
    assert code == 0 and "TopSecretValue_123" not in output


@pytest.mark.parametrize("base", ["http://localhost:8081/bot", "https://api.example.org/bot{token}/x"])
def test_good_base_url(good_env, base):
    good_env["TELEGRAM_BASE_URL"] = base
    assert run(good_env)[0] == 0


# --------------------------------------------------------------------------- folders

def test_state_dir_not_writable(good_env, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    good_env["BOT_STATE_DIR"] = str(blocker / "state")
    code, output = run(good_env)
    assert code == 1 and failed(output)[0].startswith("FAIL BOT_STATE_DIR"), output


def test_db_path_is_a_folder(good_env, tmp_path):
    good_env["BOT_DB_PATH"] = str(tmp_path)
    code, output = run(good_env)
    assert code == 1 and failed(output)[0].startswith("FAIL BOT_DB_PATH"), output


def test_knowledge_dir_missing(good_env, tmp_path):
    good_env["BOT_KNOWLEDGE_DIR"] = str(tmp_path / "nowhere")
    code, output = run(good_env)
    assert code == 1 and failed(output)[0].startswith("FAIL BOT_KNOWLEDGE_DIR"), output


def test_knowledge_problems_are_listed(good_env, monkeypatch):
    problems = [Problem("facts.yaml", n, f"problem {n}") for n in range(1, 13)]
    monkeypatch.setattr("bot.builder.check_knowledge", fake_check(problems))
    code, output = run(good_env)
    assert code == 1
    assert "12 problem(s)" in output
    assert "facts.yaml:1: problem 1" in output and "facts.yaml:10: problem 10" in output
    assert "problem 11" not in output and "and 2 more" in output


def test_knowledge_check_that_raises_is_reported(good_env, monkeypatch):
    def boom(folder):
        raise RuntimeError("kaputt")

    monkeypatch.setattr("bot.builder.check_knowledge", boom)
    code, output = run(good_env)
    assert code == 1 and "kaputt" in failed(output)[0]


def test_broken_knowledge_copy_fails(good_env, tmp_path):
    """The real check on a copy of the bundled knowledge with every YAML file broken."""
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, copy)
    yamls = list(copy.rglob("*.yaml")) + list(copy.rglob("*.yml"))
    assert yamls, "the bundled knowledge has YAML files"
    for path in yamls:
        path.write_text(path.read_text(encoding="utf-8") + "\n: [unclosed\n", encoding="utf-8")
    good_env["BOT_KNOWLEDGE_DIR"] = str(copy)
    code, output = run(good_env)
    assert code == 1 and failed(output)[0].startswith("FAIL BOT_KNOWLEDGE_DIR"), output


# --------------------------------------------------------------------------- live (health check)

class _Handler(BaseHTTPRequestHandler):
    status = 405

    def do_GET(self):  # noqa: N802 - http.server's naming
        self.send_response(self.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook_server():
    server = HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _live_env(good_env, port: int) -> dict[str, str]:
    good_env.update(WEBHOOK_URL="https://bot.example.org/hook", WEBHOOK_SECRET="abc",
                    WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port))
    beat(good_env)
    return good_env


def beat(env: dict[str, str], age: float = 0.0) -> Path:
    """Write the heartbeat a running bot's update loop keeps fresh, ``age`` seconds old."""
    from bot.settings import Settings

    path = Settings(state_dir=Path(env["BOT_STATE_DIR"])).heartbeat_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")
    when = time.time() - age
    os.utime(path, (when, when))
    return path


def test_live_does_not_check_knowledge(good_env, monkeypatch):
    def must_not_run(folder):
        raise AssertionError("live mode validated the knowledge")

    monkeypatch.setattr("bot.builder.check_knowledge", must_not_run)
    good_env["BOT_KNOWLEDGE_DIR"] = "/nonexistent"
    beat(good_env)
    code, output = run(good_env, live=True)
    assert (code, failed(output)) == (0, []), output
    assert "polling mode" in output


def test_live_webhook_server_answers(good_env, webhook_server):
    code, output = run(_live_env(good_env, webhook_server.server_address[1]), live=True)
    assert (code, failed(output)) == (0, []), output
    assert "HTTP 405" in output


def test_live_webhook_server_errors(good_env, webhook_server, monkeypatch):
    monkeypatch.setattr(_Handler, "status", 503)
    code, output = run(_live_env(good_env, webhook_server.server_address[1]), live=True)
    assert code == 1 and "503" in failed(output)[0]


def test_live_webhook_server_down(good_env, webhook_server):
    port = webhook_server.server_address[1]
    webhook_server.shutdown()
    webhook_server.server_close()
    code, output = run(_live_env(good_env, port), live=True)
    assert code == 1 and failed(output)[0].startswith("FAIL webhook server"), output


@pytest.mark.parametrize("age, expected", [(None, "no heartbeat"), (600.0, "600 s old")], ids=["missing", "stale"])
def test_live_fails_when_the_bot_is_not_receiving(good_env, age, expected):
    """A running process is not enough: the update loop must have touched its heartbeat recently."""
    if age is not None:
        beat(good_env, age)
    code, output = run(good_env, live=True)
    assert code == 1 and failed(output)[0].startswith("FAIL receiving updates") and expected in output, output


def test_live_passes_with_a_fresh_heartbeat(good_env):
    beat(good_env, 5.0)
    code, output = run(good_env, live=True)
    assert (code, failed(output)) == (0, []), output
    assert "ok   receiving updates: heartbeat 5 s ago" in output


# --------------------------------------------------------------------------- one configuration

@pytest.mark.parametrize("ids", ["\u00b2", "1,\u0663", "\uff11"], ids=["superscript-two", "arabic-digit", "fullwidth-one"])
def test_unicode_digits_are_not_admin_ids(good_env, ids):
    """'²'.isdigit() is True but int('²') raises: doctor and the bot both say it is not an id."""
    from bot.errors import ConfigError
    from bot.settings import Settings

    good_env["BOT_ADMIN_IDS"] = ids
    code, output = run(good_env)
    assert code == 1 and failed(output)[0].startswith("FAIL BOT_ADMIN_IDS: must be comma-separated numeric"), output
    with pytest.raises(ConfigError, match="BOT_ADMIN_IDS must be comma-separated numeric user ids"):
        Settings.from_env(good_env)


def test_doctor_and_bot_agree_on_every_variable(good_env):
    """Each variable doctor fails is one Settings.from_env refuses, with the same words."""
    from bot.errors import ConfigError
    from bot.settings import Settings

    bad = {"BOT_ADMIN_IDS": "x", "WEBHOOK_PORT": "0", "BOT_LOG_QUESTIONS": "maybe", "BOT_DRAIN_SECONDS": "-1",
           "TELEGRAM_BASE_URL": "ftp://x", "WEBHOOK_LISTEN": "not an address!"}
    for name, value in bad.items():
        env = {**good_env, name: value}
        _, output = run(env)
        (line,) = failed(output)
        with pytest.raises(ConfigError) as err:
            Settings.from_env(env)
        assert line.split(": ", 1)[1] in str(err.value), (line, str(err.value))


@pytest.mark.parametrize("content", [b"my notes", b"SQLite format 3\x00" + b"\x00" * 100], ids=["text", "not-sqlite"])
def test_db_path_naming_someone_elses_file_fails(good_env, tmp_path, content):
    other = tmp_path / "notes.txt"
    other.write_bytes(content)
    good_env["BOT_DB_PATH"] = str(other)
    code, output = run(good_env)
    assert code == 1 and failed(output)[0].startswith("FAIL BOT_DB_PATH: "), output
    assert str(other) in failed(output)[0] and other.read_bytes() == content
