"""The Telegram front end's configuration: the one :class:`bot.settings.Settings` (kept importable here)."""

from bot.settings import SECRET_RE, STATE_SUBDIR, TOKEN_RE, Settings

__all__ = ["SECRET_RE", "STATE_SUBDIR", "TOKEN_RE", "Settings"]
