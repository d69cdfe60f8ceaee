"""Check the environment an operator set, without contacting Telegram.

``doctor()`` prints one line per check, ``ok  ...`` or ``FAIL ...`` with what is wrong, and
returns 0 when every check passed, else 1. It never prints the bot token, only a masked form.

``doctor(live=True)`` is the container health check: instead of validating the knowledge
folder (the running bot keeps serving its last good facts whatever is on disk, and a
half-saved edit must not mark it unhealthy), it checks that the running bot answers: in
webhook mode an HTTP request to the local webhook server must get a reply. In polling
mode there is no port to ask; the process being up (a dead bot ends the container) plus
a valid configuration and a writable state folder is what "healthy" means.

Run as ``python -m bot doctor`` (wired in the CLI) or ``python -m bot.doctor [--live]``.
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import re
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from bot.paths import bundled_knowledge_dir
# the same rules the bot applies when it starts (this module imports no telegram code)
from bot.telegram.settings import FALSE_WORDS, SECRET_RE, STATE_SUBDIR, TOKEN_RE, TRUE_WORDS, Settings

ADMIN_ID_RE = re.compile(r"[0-9]+")
#: Telegram only delivers webhooks to these ports of the public URL.
WEBHOOK_PUBLIC_PORTS = frozenset({443, 80, 88, 8443})
DEFAULT_WEBHOOK_LISTEN = Settings.webhook_listen
DEFAULT_WEBHOOK_PORT = Settings.webhook_port
MAX_PROBLEMS_SHOWN = 10


def mask_token(token: str) -> str:
    """The token with its secret part hidden: the bot id (public anyway) and a star run."""
    head, sep, _ = token.partition(":")
    if sep and head.isdigit():
        return f"{head}:****"
    return "****"


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


def _check_token(env: Mapping[str, str], r: _Report) -> None:
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        r.fail("TELEGRAM_BOT_TOKEN", "not set (get one from @BotFather with /newbot)")
    elif not TOKEN_RE.match(token):
        r.fail(
            "TELEGRAM_BOT_TOKEN",
            f"{mask_token(token)} does not look like a bot token "
            "(<digits>:<30 or more of A-Z a-z 0-9 _ ->; copy it again from @BotFather)",
        )
    else:
        r.ok("TELEGRAM_BOT_TOKEN", mask_token(token))


def _check_base_url(env: Mapping[str, str], r: _Report) -> None:
    base = env.get("TELEGRAM_BASE_URL", "").strip()
    if not base:
        r.ok("TELEGRAM_BASE_URL", "not set: the public Bot API (api.telegram.org)")
        return
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        r.fail("TELEGRAM_BASE_URL", f"{base!r} is not an http(s) URL with a host")
    elif "{token}" in base:
        r.ok("TELEGRAM_BASE_URL", f"{base} (token put in place of {{token}})")
    elif not parts.path.rstrip("/").endswith("/bot"):
        r.ok("TELEGRAM_BASE_URL", f"{base} (note: the token is appended; usually this ends in /bot)")
    else:
        r.ok("TELEGRAM_BASE_URL", f"{base} (the token is appended)")


def _check_admins(env: Mapping[str, str], r: _Report) -> None:
    raw = env.get("BOT_ADMIN_IDS", "")
    items = [item.strip() for item in raw.split(",") if item.strip()]
    bad = [item for item in items if not ADMIN_ID_RE.fullmatch(item)]
    if bad:
        r.fail("BOT_ADMIN_IDS", f"not numeric user ids: {', '.join(repr(b) for b in bad)} "
               "(ask @userinfobot for your numeric id; @usernames do not work)")
    elif not items:
        r.ok("BOT_ADMIN_IDS", "none: /reload, /unanswered and /stats answer nobody")
    else:
        r.ok("BOT_ADMIN_IDS", f"{len(items)} admin(s): {', '.join(items)}")


def _check_flag(env: Mapping[str, str], name: str, r: _Report) -> None:
    value = env.get(name, "").strip().lower()
    if value in TRUE_WORDS:
        r.ok(name, "on")
    elif value in FALSE_WORDS:
        r.ok(name, "off")
    else:
        r.fail(name, f"{env[name]!r} is neither 1 nor 0")


def _webhook_port(env: Mapping[str, str]) -> int | None:
    raw = env.get("WEBHOOK_PORT", "").strip()
    if not raw:
        return DEFAULT_WEBHOOK_PORT
    if raw.isdigit() and 1 <= int(raw) <= 65535:
        return int(raw)
    return None


def _check_webhook(env: Mapping[str, str], r: _Report) -> None:
    url = env.get("WEBHOOK_URL", "").strip()
    secret = env.get("WEBHOOK_SECRET", "")
    if not url:
        note = " (WEBHOOK_SECRET is set but unused)" if secret else ""
        r.ok("WEBHOOK_URL", f"not set: polling mode works; `run --webhook` needs it{note}")
    else:
        parts = urlsplit(url)
        # A self-hosted Bot API server (TELEGRAM_BASE_URL, --local) may post to plain http
        # and to any port; api.telegram.org only to https on a few ports.
        self_hosted = bool(env.get("TELEGRAM_BASE_URL", "").strip())
        try:
            public_port = parts.port or (80 if parts.scheme == "http" else 443)
        except ValueError:
            public_port = None
        if parts.scheme not in (("https", "http") if self_hosted else ("https",)) or not parts.hostname:
            r.fail("WEBHOOK_URL", f"{url!r} must be an https:// URL with a host (Telegram refuses http)")
        elif public_port is None:
            r.fail("WEBHOOK_URL", f"{url!r} has an invalid port")
        elif not self_hosted and public_port not in WEBHOOK_PUBLIC_PORTS:
            r.fail("WEBHOOK_URL", f"port {public_port} is not one Telegram delivers to (443, 80, 88, 8443)")
        elif parts.query or parts.fragment:
            r.fail("WEBHOOK_URL", "must not have a ?query or #fragment: the bot serves its path")
        else:
            r.ok("WEBHOOK_URL", f"{url} (served at path {parts.path or '/'!s})")
        if not secret:
            r.fail("WEBHOOK_SECRET", "not set; webhook mode needs it so forged updates are refused "
                   "(e.g. `python -c \"import secrets; print(secrets.token_urlsafe(32))\"`)")
        elif not SECRET_RE.match(secret):
            r.fail("WEBHOOK_SECRET", f"{len(secret)} characters; Telegram allows 1-256 of A-Z a-z 0-9 _ -")
        else:
            r.ok("WEBHOOK_SECRET", f"set ({len(secret)} characters)")

    port = _webhook_port(env)
    if port is None:
        r.fail("WEBHOOK_PORT", f"{env.get('WEBHOOK_PORT')!r} is not a port number (1-65535)")
    else:
        r.ok("WEBHOOK_PORT", str(port))
    listen = env.get("WEBHOOK_LISTEN", "").strip() or DEFAULT_WEBHOOK_LISTEN
    try:
        ipaddress.ip_address(listen)
    except ValueError:
        if re.fullmatch(r"[A-Za-z0-9.-]+", listen):
            r.ok("WEBHOOK_LISTEN", f"{listen} (a host name)")
        else:
            r.fail("WEBHOOK_LISTEN", f"{listen!r} is not an IP address or host name")
    else:
        r.ok("WEBHOOK_LISTEN", listen)


def _check_knowledge(env: Mapping[str, str], r: _Report) -> None:
    raw = env.get("BOT_KNOWLEDGE_DIR", "").strip()
    folder = Path(raw).expanduser() if raw else bundled_knowledge_dir()
    label = "BOT_KNOWLEDGE_DIR" if raw else "knowledge (bundled)"
    if not folder.is_dir():
        r.fail(label, f"{folder} is not a folder")
        return
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
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-", delete=True) as fh:
            fh.write(b"ok")
            fh.flush()
    except OSError as exc:
        return f"{folder} is not a writable folder ({exc.strerror or exc})"
    return None


def _check_state(env: Mapping[str, str], r: _Report) -> None:
    raw = env.get("BOT_STATE_DIR", "").strip()
    folder = Path(raw).expanduser() if raw else default_state_dir(env)
    label = "BOT_STATE_DIR" if raw else "state folder (default)"
    why = _writable_dir(folder)
    if why:
        r.fail(label, why)
    else:
        r.ok(label, f"{folder} is writable")


def _check_db_path(env: Mapping[str, str], r: _Report) -> None:
    raw = env.get("BOT_DB_PATH", "").strip()
    if not raw:
        r.ok("BOT_DB_PATH", "not set: the fact base goes to the default cache file")
        return
    path = Path(raw).expanduser()
    if path.is_dir():
        r.fail("BOT_DB_PATH", f"{path} is a folder; give a file path such as {path / 'facts.sqlite'}")
        return
    why = _writable_dir(path.parent)
    if why:
        r.fail("BOT_DB_PATH", why)
    else:
        r.ok("BOT_DB_PATH", f"{path} (its folder is writable)")


def _check_webhook_server(env: Mapping[str, str], r: _Report, timeout: float = 5.0) -> None:
    """Live check: in webhook mode, the local webhook server must answer an HTTP request."""
    url = env.get("WEBHOOK_URL", "").strip()
    if not url:
        r.ok("bot process", "polling mode: no port to ask; the process is up")
        return
    port = _webhook_port(env)
    if port is None:
        return  # already reported by _check_webhook
    listen = env.get("WEBHOOK_LISTEN", "").strip() or DEFAULT_WEBHOOK_LISTEN
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

    With ``live`` (the container health check) the knowledge folder is not validated and
    the running webhook server is asked instead. Nothing here contacts Telegram.
    """
    env: Mapping[str, str] = os.environ if environ is None else environ
    r = _Report(out if out is not None else sys.stdout)
    _check_token(env, r)
    _check_base_url(env, r)
    _check_admins(env, r)
    _check_webhook(env, r)
    _check_flag(env, "BOT_LOG_QUESTIONS", r)
    if live:
        _check_webhook_server(env, r)
    else:
        _check_knowledge(env, r)
    _check_state(env, r)
    _check_db_path(env, r)
    if r.failed:
        r.out.write(f"{r.failed} check(s) failed\n")
    return 1 if r.failed else 0
