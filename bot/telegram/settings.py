"""The Telegram front end's configuration, read once from the environment."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bot.errors import ConfigError

TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]{30,}$")
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
STATE_SUBDIR = Path(".local") / "state" / "offensive-factbot"
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})


@dataclass(frozen=True)
class Settings:
    """Everything the bot needs from the operator; built by :meth:`from_env`."""

    token: str
    base_url: str | None = None
    admin_ids: frozenset[int] = frozenset()
    knowledge_dir: Path | None = None
    db_path: Path | None = None
    state_dir: Path = Path.home() / STATE_SUBDIR
    log_questions: bool = False
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8080

    @property
    def journal_path(self) -> Path:
        """The SQLite file of asked questions (kept apart from the fact base)."""
        return self.state_dir / "journal.sqlite"

    @property
    def webhook_path(self) -> str:
        """The path of ``webhook_url``, which the bot's webhook server serves."""
        return urlsplit(self.webhook_url or "").path or "/"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, webhook: bool = False) -> Settings:
        """Read and check the environment; raise ConfigError with a one-line reason."""
        env = os.environ if env is None else env

        def get(name: str) -> str:
            return env.get(name, "").strip()

        token = get("TELEGRAM_BOT_TOKEN")
        if not token:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set (get a token from @BotFather)")
        if not TOKEN_RE.match(token):
            raise ConfigError("TELEGRAM_BOT_TOKEN does not look like a bot token (<digits>:<secret>)")
        base_url = get("TELEGRAM_BASE_URL") or None
        if base_url and (urlsplit(base_url).scheme not in ("http", "https") or not urlsplit(base_url).hostname):
            raise ConfigError(f"TELEGRAM_BASE_URL {base_url!r} is not an http(s) URL")
        home = Path(env["HOME"]) if env.get("HOME") else Path.home()
        settings = cls(
            token=token,
            base_url=base_url,
            admin_ids=_admin_ids(get("BOT_ADMIN_IDS")),
            knowledge_dir=_folder(get("BOT_KNOWLEDGE_DIR"), "BOT_KNOWLEDGE_DIR"),
            db_path=Path(get("BOT_DB_PATH")).expanduser() if get("BOT_DB_PATH") else None,
            state_dir=Path(get("BOT_STATE_DIR")).expanduser() if get("BOT_STATE_DIR") else home / STATE_SUBDIR,
            log_questions=_flag(get("BOT_LOG_QUESTIONS"), "BOT_LOG_QUESTIONS"),
            webhook_url=get("WEBHOOK_URL") or None,
            webhook_secret=env.get("WEBHOOK_SECRET") or None,
            webhook_listen=get("WEBHOOK_LISTEN") or "0.0.0.0",
            webhook_port=_port(get("WEBHOOK_PORT")),
        )
        if webhook:
            settings.check_webhook()
        return settings

    def check_webhook(self) -> None:
        """Raise ConfigError unless the webhook variables are usable."""
        if not self.webhook_url:
            raise ConfigError("WEBHOOK_URL is not set (the public https URL Telegram posts updates to)")
        parts = urlsplit(self.webhook_url)
        # A self-hosted Bot API server (TELEGRAM_BASE_URL) may post to plain http.
        schemes = ("https", "http") if self.base_url else ("https",)
        if parts.scheme not in schemes or not parts.hostname or parts.query or parts.fragment:
            raise ConfigError(f"WEBHOOK_URL {self.webhook_url!r} must be an https:// URL with a host and no query")
        if not self.webhook_secret:
            raise ConfigError("WEBHOOK_SECRET is not set (forged updates could not be refused)")
        if not SECRET_RE.match(self.webhook_secret):
            raise ConfigError("WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -")


def _admin_ids(raw: str) -> frozenset[int]:
    items = [item.strip() for item in raw.split(",") if item.strip()]
    bad = [item for item in items if not item.isdigit()]
    if bad:
        raise ConfigError(f"BOT_ADMIN_IDS must be comma-separated numeric user ids, not {bad[0]!r}")
    return frozenset(int(item) for item in items)


def _folder(raw: str, name: str) -> Path | None:
    if not raw:
        return None
    folder = Path(raw).expanduser()
    if not folder.is_dir():
        raise ConfigError(f"{name} {raw!r} is not a folder")
    return folder


def _flag(raw: str, name: str) -> bool:
    if raw.lower() in TRUE_WORDS:
        return True
    if raw.lower() in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be 1 or 0, not {raw!r}")


def _port(raw: str) -> int:
    if not raw:
        return 8080
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise ConfigError(f"WEBHOOK_PORT {raw!r} is not a port number (1-65535)")
    return int(raw)
