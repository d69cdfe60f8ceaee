"""The one configuration of the bot, the command line and ``doctor``: read and validated here only.

:meth:`Settings.from_env` reads the environment (command-line flags come in as arguments, never
through ``os.environ``) and raises :class:`ConfigError` with a one-line reason; :meth:`Settings.check_env`
runs the same rules on every variable and returns one result per variable, for ``doctor``.
Nothing here imports telegram.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.errors import ConfigError
from bot.paths import bundled_knowledge_dir

TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]{30,}$")
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
HOST_RE = re.compile(r"^[A-Za-z0-9.-]+$")
STATE_SUBDIR = Path(".local") / "state" / "offensive-factbot"
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})
#: Telegram only delivers webhooks to these ports of the public URL.
WEBHOOK_PUBLIC_PORTS = frozenset({443, 80, 88, 8443})
#: Seconds the bot spends answering what it has already fetched after SIGTERM. The deploy files give
#: it this plus a margin (compose ``stop_grace_period: 20s``, systemd ``TimeoutStopSec=20s``).
DRAIN_SECONDS = 15.0
MAX_DRAIN_SECONDS = 600.0


def mask_token(token: str) -> str:
    """The token with its secret part hidden: the bot id (public anyway) and a star run."""
    head, sep, _ = token.partition(":")
    return f"{head}:****" if sep and head.isascii() and head.isdigit() else "****"


def cache_dir(env: Mapping[str, str]) -> Path:
    """The folder for built fact bases (``XDG_CACHE_HOME`` aware)."""
    base = env.get("XDG_CACHE_HOME") or _home(env) / ".cache"
    return Path(base) / "offensive-factbot"


def default_db_path(knowledge_dir: Path, env: Mapping[str, str]) -> Path:
    """A cache file named after the knowledge folder it is built from."""
    key = hashlib.sha256(str(knowledge_dir.resolve()).encode()).hexdigest()[:12]
    return cache_dir(env) / f"facts-{key}.sqlite"


@dataclass(frozen=True)
class Check:
    """One variable as ``doctor`` reports it: what was understood (``detail``), or what is wrong."""

    name: str
    detail: str = ""
    error: str = ""


@dataclass(frozen=True)
class Settings:
    """Everything the bot needs from the operator; built by :meth:`from_env`."""

    token: str = ""
    base_url: str | None = None
    admin_ids: frozenset[int] = frozenset()
    knowledge_dir: Path | None = None
    db_path: Path | None = None
    state_dir: Path = field(default_factory=lambda: Path.home() / STATE_SUBDIR)
    log_questions: bool = False
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8080
    drain_seconds: float = DRAIN_SECONDS
    rate_limit: bool = True

    @property
    def journal_path(self) -> Path:
        """The SQLite file of asked questions (kept apart from the fact base)."""
        return self.state_dir / "journal.sqlite"

    @property
    def inbox_path(self) -> Path:
        """The SQLite file of updates fetched from Telegram and not yet answered."""
        return self.state_dir / "inbox.sqlite"

    @property
    def heartbeat_path(self) -> Path:
        """The file the update loop touches while it receives (one per host: replicas share the folder)."""
        return self.state_dir / f"heartbeat-{socket.gethostname()}"

    @property
    def webhook_path(self) -> str:
        """The path of ``webhook_url``, which the bot's webhook server serves."""
        return urlsplit(self.webhook_url or "").path or "/"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, webhook: bool = False, telegram: bool = True,
                 knowledge_dir: Path | None = None, db_path: Path | None = None) -> Settings:
        """Read and check the environment; raise ConfigError with a one-line reason.

        ``telegram=False`` (the command line's ask, build, ...) reads only the knowledge and fact-base
        settings; ``knowledge_dir`` and ``db_path`` (the command line's flags) win over the variables.
        """
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name, check in _CHECKS:
            if not telegram and name not in _CORE:
                continue
            if name.startswith("WEBHOOK_") and name not in ("WEBHOOK_LISTEN", "WEBHOOK_PORT") and not webhook:
                continue
            if name == "BOT_KNOWLEDGE_DIR" and knowledge_dir is not None:
                values["knowledge_dir"] = knowledge_dir
                continue
            if name == "BOT_DB_PATH" and db_path is not None:
                values["db_path"] = db_path
                continue
            key, value, _ = check(env, values)
            values[key] = value
        values = {k: v for k, v in values.items() if k in {f.name for f in fields(cls)}}
        return cls(**values)

    @classmethod
    def check_env(cls, env: Mapping[str, str] | None = None, *, skip: tuple[str, ...] = ()) -> list[Check]:
        """Every variable checked by the rules :meth:`from_env` applies; webhook ones when WEBHOOK_URL or
        WEBHOOK_SECRET is set. ``doctor`` prints the list."""
        env = os.environ if env is None else env
        webhook = bool(env.get("WEBHOOK_URL", "").strip())
        values: dict[str, Any] = {}
        out = []
        for name, check in _CHECKS:
            if name in skip:
                continue
            if name in ("WEBHOOK_URL", "WEBHOOK_SECRET") and not webhook:
                if name == "WEBHOOK_URL":
                    unused = " (WEBHOOK_SECRET is set but unused)" if env.get("WEBHOOK_SECRET") else ""
                    out.append(Check(name, f"not set: polling mode works; `run --webhook` needs it{unused}"))
                continue
            try:
                key, value, detail = check(env, values)
            except ConfigError as exc:
                out.append(Check(name, error=str(exc)))
            else:
                values[key] = value
                out.append(Check(name, detail))
        return out


# --- one check per variable: (environment, values so far) -> (field, value, what doctor shows) -------

Result = tuple[str, Any, str]


def _get(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def _home(env: Mapping[str, str]) -> Path:
    return Path(env["HOME"]) if env.get("HOME") else Path.home()


def _token(env: Mapping[str, str], values: dict) -> Result:
    token = _get(env, "TELEGRAM_BOT_TOKEN")
    if not token:
        raise ConfigError("TELEGRAM_BOT_TOKEN is not set (get a token from @BotFather)")
    if not TOKEN_RE.match(token):
        raise ConfigError(f"TELEGRAM_BOT_TOKEN does not look like a bot token ({mask_token(token)}; expected "
                          "<digits>:<30 or more of A-Z a-z 0-9 _ ->; copy it again from @BotFather)")
    return "token", token, mask_token(token)


def _base_url(env: Mapping[str, str], values: dict) -> Result:
    base = _get(env, "TELEGRAM_BASE_URL")
    if not base:
        return "base_url", None, "not set: the public Bot API (api.telegram.org)"
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"TELEGRAM_BASE_URL {base!r} is not an http(s) URL with a host")
    if "{token}" in base:
        return "base_url", base, f"{base} (token put in place of {{token}})"
    note = "" if parts.path.rstrip("/").endswith("/bot") else "note: usually this ends in /bot; "
    return "base_url", base, f"{base} ({note}the token is appended)"


def _admin_ids(env: Mapping[str, str], values: dict) -> Result:
    items = [item.strip() for item in env.get("BOT_ADMIN_IDS", "").split(",") if item.strip()]
    bad = [item for item in items if not (item.isascii() and item.isdigit())]  # "²".isdigit() is True
    if bad:
        raise ConfigError(f"BOT_ADMIN_IDS must be comma-separated numeric user ids, not {bad[0]!r} "
                          "(ask @userinfobot for your numeric id; @usernames do not work)")
    ids = frozenset(int(item) for item in items)
    detail = f"{len(ids)} admin(s): {', '.join(items)}" if ids else "none: /reload, /unanswered and /stats answer nobody"
    return "admin_ids", ids, detail


def _knowledge_dir(env: Mapping[str, str], values: dict) -> Result:
    raw = _get(env, "BOT_KNOWLEDGE_DIR")
    if not raw:
        return "knowledge_dir", bundled_knowledge_dir(), f"not set: the bundled knowledge ({bundled_knowledge_dir()})"
    folder = Path(raw).expanduser()
    if not folder.is_dir():
        raise ConfigError(f"BOT_KNOWLEDGE_DIR {raw!r} is not a folder")
    return "knowledge_dir", folder, str(folder)


def _db_path(env: Mapping[str, str], values: dict) -> Result:
    raw = _get(env, "BOT_DB_PATH")
    if not raw:
        knowledge = values.get("knowledge_dir") or bundled_knowledge_dir()
        path = default_db_path(knowledge, env)
        return "db_path", path, f"not set: the fact base goes to the cache file {path}"
    path = Path(raw).expanduser()
    if path.is_dir():
        raise ConfigError(f"BOT_DB_PATH {raw!r} is a folder; give a file path such as {path / 'facts.sqlite'}")
    return "db_path", path, str(path)


def _state_dir(env: Mapping[str, str], values: dict) -> Result:
    raw = _get(env, "BOT_STATE_DIR")
    folder = Path(raw).expanduser() if raw else _home(env) / STATE_SUBDIR
    return "state_dir", folder, str(folder) if raw else f"not set: {folder}"


def _flag(name: str, key: str, default: bool = False) -> Callable[[Mapping[str, str], dict], Result]:
    def check(env: Mapping[str, str], values: dict) -> Result:
        raw = _get(env, name).lower()
        if not raw:
            return key, default, "on" if default else "off"
        if raw in TRUE_WORDS:
            return key, True, "on"
        if raw in FALSE_WORDS:
            return key, False, "off"
        raise ConfigError(f"{name} must be 1 or 0, not {env[name]!r}")

    return check


def _webhook_url(env: Mapping[str, str], values: dict) -> Result:
    url = _get(env, "WEBHOOK_URL")
    if not url:
        raise ConfigError("WEBHOOK_URL is not set (the public https URL Telegram posts updates to)")
    parts = urlsplit(url)
    # A self-hosted Bot API server (TELEGRAM_BASE_URL) may post to plain http and to any port.
    self_hosted = bool(_get(env, "TELEGRAM_BASE_URL"))
    if parts.scheme not in (("https", "http") if self_hosted else ("https",)) or not parts.hostname:
        raise ConfigError(f"WEBHOOK_URL {url!r} must be an https:// URL with a host (Telegram refuses http)")
    try:
        port = parts.port or (80 if parts.scheme == "http" else 443)
    except ValueError:
        raise ConfigError(f"WEBHOOK_URL {url!r} has an invalid port") from None
    if not self_hosted and port not in WEBHOOK_PUBLIC_PORTS:
        raise ConfigError(f"WEBHOOK_URL port {port} is not one Telegram delivers to (443, 80, 88, 8443)")
    if parts.query or parts.fragment:
        raise ConfigError(f"WEBHOOK_URL {url!r} must not have a ?query or #fragment: the bot serves its path")
    return "webhook_url", url, f"{url} (served at path {parts.path or '/'})"


def _webhook_secret(env: Mapping[str, str], values: dict) -> Result:
    secret = env.get("WEBHOOK_SECRET", "")
    if not secret:
        raise ConfigError("WEBHOOK_SECRET is not set; webhook mode needs it so forged updates are refused "
                          "(e.g. `python -c \"import secrets; print(secrets.token_urlsafe(32))\"`)")
    if not SECRET_RE.match(secret):
        raise ConfigError(f"WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ - (it has {len(secret)})")
    return "webhook_secret", secret, f"set ({len(secret)} characters)"


def _webhook_listen(env: Mapping[str, str], values: dict) -> Result:
    listen = _get(env, "WEBHOOK_LISTEN") or "0.0.0.0"
    try:
        ipaddress.ip_address(listen)
    except ValueError:
        if not HOST_RE.match(listen):
            raise ConfigError(f"WEBHOOK_LISTEN {listen!r} is not an IP address or host name") from None
        return "webhook_listen", listen, f"{listen} (a host name)"
    return "webhook_listen", listen, listen


def _webhook_port(env: Mapping[str, str], values: dict) -> Result:
    raw = _get(env, "WEBHOOK_PORT")
    if not raw:
        return "webhook_port", 8080, "8080"
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 65535:
        raise ConfigError(f"WEBHOOK_PORT {raw!r} is not a port number (1-65535)")
    return "webhook_port", int(raw), raw


def _drain_seconds(env: Mapping[str, str], values: dict) -> Result:
    raw = _get(env, "BOT_DRAIN_SECONDS")
    if not raw:
        return "drain_seconds", DRAIN_SECONDS, f"{DRAIN_SECONDS:g} s"
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= MAX_DRAIN_SECONDS:
        raise ConfigError(f"BOT_DRAIN_SECONDS {raw!r} is not a number of seconds (0-{MAX_DRAIN_SECONDS:g})")
    return "drain_seconds", value, f"{value:g} s (give the service manager's stop timeout a few seconds more)"


_CHECKS: list[tuple[str, Callable[[Mapping[str, str], dict], Result]]] = [
    ("TELEGRAM_BOT_TOKEN", _token),
    ("TELEGRAM_BASE_URL", _base_url),
    ("BOT_ADMIN_IDS", _admin_ids),
    ("WEBHOOK_URL", _webhook_url),
    ("WEBHOOK_SECRET", _webhook_secret),
    ("WEBHOOK_LISTEN", _webhook_listen),
    ("WEBHOOK_PORT", _webhook_port),
    ("BOT_LOG_QUESTIONS", _flag("BOT_LOG_QUESTIONS", "log_questions")),
    ("BOT_DRAIN_SECONDS", _drain_seconds),
    ("BOT_RATE_LIMIT", _flag("BOT_RATE_LIMIT", "rate_limit", default=True)),
    ("BOT_KNOWLEDGE_DIR", _knowledge_dir),
    ("BOT_DB_PATH", _db_path),
    ("BOT_STATE_DIR", _state_dir),
]
#: What the command line's ask, build, check, ... read (no token needed).
_CORE = frozenset({"BOT_KNOWLEDGE_DIR", "BOT_DB_PATH"})
