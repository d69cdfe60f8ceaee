"""Check the environment an operator set, without contacting Telegram.

``doctor()`` prints one line per check, ``ok  ...`` or ``FAIL ...`` with what is wrong, and
returns 0 when every check passed, else 1. It never prints the bot token, only a masked form.
Every variable is checked by :meth:`bot.settings.Settings.check_env`: the rules the bot applies
when it starts, not a copy of them.

``doctor(live=True)`` is the container health check: instead of validating the knowledge
folder (the running bot keeps serving its last good facts whatever is on disk, and a
half-saved edit must not mark it unhealthy), it checks that the running bot is receiving
updates: the heartbeat file its update loop touches (``BOT_STATE_DIR/heartbeat-<host>``) must be
fresh, and in webhook mode an HTTP request to the local webhook server must get a reply.

Run as ``python -m bot doctor`` (wired in the CLI) or ``python -m bot.doctor [--live]``.
"""

from __future__ import annotations

import http.client
import os
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from bot.errors import BotError
from bot.paths import bundled_knowledge_dir
from bot.settings import STATE_SUBDIR, Check, Settings, mask_token

MAX_PROBLEMS_SHOWN = 10
#: A heartbeat older than this means the bot is not receiving updates (the update loop touches it at
#: least every 10 s while polling, or serving a webhook).
HEARTBEAT_MAX_AGE_S = 90.0

__all__ = ["doctor", "mask_token", "HEARTBEAT_MAX_AGE_S"]


def default_state_dir(environ: Mapping[str, str]) -> Path:
    """``~/.local/state/offensive-factbot`` for the HOME in ``environ`` (else the process's)."""
    home = Path(environ["HOME"]) if environ.get("HOME") else Path.home()
    return home / STATE_SUBDIR


class _Report:
    """Collects check results and prints them as they come."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.failed = 0

    def ok(self, what: str, detail: str = "") -> None:
        self.out.write(f"ok   {what}{': ' + detail if detail else ''}\n")

    def fail(self, what: str, detail: str) -> None:
        self.failed += 1
        self.out.write(f"FAIL {what}: {detail}\n")

    def more(self, line: str) -> None:
        self.out.write(f"       {line}\n")


def _check_settings(env: Mapping[str, str], r: _Report, skip: tuple[str, ...]) -> dict[str, Check]:
    """Every variable, by the rules the bot itself applies (:meth:`Settings.check_env`)."""
    checks = {}
    for check in Settings.check_env(env, skip=skip):
        checks[check.name] = check
        if check.name in ("BOT_KNOWLEDGE_DIR", "BOT_STATE_DIR", "BOT_DB_PATH"):
            continue  # reported below, with what is found there
        if check.error:
            r.fail(check.name, check.error.removeprefix(check.name).strip())
        else:
            r.ok(check.name, check.detail)
    return checks


def _check_knowledge(env: Mapping[str, str], r: _Report) -> None:
    raw = env.get("BOT_KNOWLEDGE_DIR", "").strip()
    folder = Path(raw).expanduser() if raw else bundled_knowledge_dir()
    label = "BOT_KNOWLEDGE_DIR" if raw else "knowledge (bundled)"
    from bot.builder import check_knowledge

    try:
        problems = check_knowledge(folder)
    except Exception as exc:  # noqa: BLE001 - doctor reports, never crashes
        r.fail(label, f"{folder}: checking raised {type(exc).__name__}: {exc}")
        return
    if problems:
        r.fail(label, f"{folder}: {len(problems)} problem(s); run `python -m bot check`")
        for problem in problems[:MAX_PROBLEMS_SHOWN]:
            r.more(str(problem))
        if len(problems) > MAX_PROBLEMS_SHOWN:
            r.more(f"... and {len(problems) - MAX_PROBLEMS_SHOWN} more")
    else:
        r.ok(label, f"{folder} is valid")


def _writable_dir(folder: Path) -> str | None:
    """None if ``folder`` exists (created if missing) and a file can be written in it, else why not."""
    try:
        if not folder.is_dir():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-", delete=True) as fh:
            fh.write(b"ok")
            fh.flush()
    except OSError as exc:
        return f"{folder} is not a writable folder ({exc.strerror or exc})"
    return None


def _check_state(env: Mapping[str, str], checks: dict[str, Check], r: _Report) -> None:
    from bot.files import APP_INBOX, APP_JOURNAL, claim
    from bot.journal import is_legacy_journal

    check = checks["BOT_STATE_DIR"]
    settings = Settings(state_dir=Path(check.detail.removeprefix("not set: ")))
    label = "BOT_STATE_DIR" if env.get("BOT_STATE_DIR", "").strip() else "state folder (default)"
    why = _writable_dir(settings.state_dir)
    if why:
        r.fail(label, why)
        return
    try:
        claim(settings.journal_path, APP_JOURNAL, is_legacy_journal)
        claim(settings.inbox_path, APP_INBOX)
    except BotError as exc:
        r.fail(label, str(exc))
        return
    r.ok(label, f"{settings.state_dir} is writable")


def _check_db_path(env: Mapping[str, str], checks: dict[str, Check], r: _Report) -> None:
    from bot.builder import is_legacy_factbase
    from bot.files import APP_FACTS, claim

    check = checks["BOT_DB_PATH"]
    if check.error:
        r.fail("BOT_DB_PATH", check.error.removeprefix("BOT_DB_PATH").strip())
        return
    if not env.get("BOT_DB_PATH", "").strip():
        r.ok("BOT_DB_PATH", check.detail)
        return
    path = Path(check.detail)
    why = _writable_dir(path.parent)
    if why:
        r.fail("BOT_DB_PATH", why)
        return
    try:
        claim(path, APP_FACTS, is_legacy_factbase)
    except BotError as exc:
        r.fail("BOT_DB_PATH", str(exc))
        return
    r.ok("BOT_DB_PATH", f"{path} (its folder is writable)")


def _check_heartbeat(checks: dict[str, Check], r: _Report, max_age: float = HEARTBEAT_MAX_AGE_S) -> None:
    """Live check: the update loop's heartbeat is fresh (the bot is receiving, not just running)."""
    check = checks.get("BOT_STATE_DIR")
    if check is None or check.error:
        return
    path = Settings(state_dir=Path(check.detail.removeprefix("not set: "))).heartbeat_path
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        r.fail("receiving updates", f"no heartbeat at {path}: the bot is not running here, or not yet receiving")
        return
    if age > max_age:
        r.fail("receiving updates", f"the last heartbeat is {age:.0f} s old (over {max_age:.0f} s): the bot's "
               "update loop stopped receiving (Telegram unreachable? see the bot's log)")
    else:
        r.ok("receiving updates", f"heartbeat {age:.0f} s ago")


def _check_webhook_server(env: Mapping[str, str], checks: dict[str, Check], r: _Report, timeout: float = 5.0) -> None:
    """Live check: in webhook mode, the local webhook server must answer an HTTP request."""
    url = env.get("WEBHOOK_URL", "").strip()
    if not url:
        r.ok("bot process", "polling mode: no port to ask; the heartbeat tells")
        return
    if checks["WEBHOOK_PORT"].error or checks["WEBHOOK_LISTEN"].error:
        return  # already reported
    port = int(checks["WEBHOOK_PORT"].detail)
    listen = checks["WEBHOOK_LISTEN"].detail.split(" ")[0]
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(listen, listen)
    path = urlsplit(url).path or "/"
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        # A GET on the webhook path gets 405 from the bot's server (it takes POSTs only):
        # any reply shows the event loop is serving; no reply or a 5xx is unhealthy.
        conn.request("GET", path, headers={"User-Agent": "factbot-doctor"})
        status = conn.getresponse().status
    except (OSError, http.client.HTTPException) as exc:
        r.fail("webhook server", f"no answer on {host}:{port} ({exc})")
        return
    finally:
        conn.close()
    if status >= 500:
        r.fail("webhook server", f"{host}:{port} answered HTTP {status}")
    else:
        r.ok("webhook server", f"{host}:{port} answers (HTTP {status})")


def doctor(environ: Mapping[str, str] | None = None, *, live: bool = False, out: TextIO | None = None) -> int:
    """Check the operator's environment; print one line per check; 0 if all passed, else 1.

    With ``live`` (the container health check) the knowledge folder is not validated; the running
    bot's heartbeat and (webhook mode) its webhook server are checked instead. Nothing here
    contacts Telegram.
    """
    env: Mapping[str, str] = os.environ if environ is None else environ
    r = _Report(out if out is not None else sys.stdout)
    checks = _check_settings(env, r, skip=("BOT_KNOWLEDGE_DIR",) if live else ())
    if live:
        _check_webhook_server(env, checks, r)
        _check_heartbeat(checks, r)
    elif checks["BOT_KNOWLEDGE_DIR"].error:
        r.fail("BOT_KNOWLEDGE_DIR", checks["BOT_KNOWLEDGE_DIR"].error.removeprefix("BOT_KNOWLEDGE_DIR").strip())
    else:
        _check_knowledge(env, r)
    _check_state(env, checks, r)
    _check_db_path(env, checks, r)
    if r.failed:
        r.out.write(f"{r.failed} check(s) failed\n")
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(doctor(live="--live" in sys.argv[1:]))
