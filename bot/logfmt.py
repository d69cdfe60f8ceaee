"""One-line ``key=value`` log records an operator can grep, and redaction of secrets from all logs."""

from __future__ import annotations

import json
import logging
import sys
from typing import TextIO

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
REDACTED = "[REDACTED]"

_secrets: set[str] = set()
_base_factory = logging.getLogRecordFactory()


def fields(**values: object) -> str:
    """``key=value`` pairs on one line; strings with spaces, quotes or newlines are JSON-quoted."""
    parts = []
    for key, value in values.items():
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, float):
            text = f"{value:.1f}"
        elif value is None:
            text = "-"
        else:
            text = str(value)
            if not text or any(c.isspace() or c in "\"'=\\" for c in text):
                text = json.dumps(text, ensure_ascii=False)
        parts.append(f"{key}={text}")
    return " ".join(parts)


class SecretRedactor(logging.Filter):
    """Replaces every registered secret (such as the bot token) in a record's message and traceback."""

    def __init__(self, secrets: set[str]) -> None:
        super().__init__()
        self.secrets = secrets

    def redact(self, text: str) -> str:
        """``text`` with each secret replaced by ``[REDACTED]``."""
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        clean = self.redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
        return True


_redactor = SecretRedactor(_secrets)


def redact(text: str) -> str:
    """``text`` with every registered secret replaced (for lines printed outside logging)."""
    return _redactor.redact(text)


def _redacting_factory(*args: object, **kwargs: object) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    _redactor.filter(record)
    return record


def redact_secret(secret: str) -> None:
    """Keep ``secret`` out of every log record from now on, whatever handler writes it.

    The redactor runs when a record is created (a record factory), not on one handler, so
    records of libraries' loggers (httpx, telegram) and any handler added later (tests'
    capture) are covered. For a bot token the secret half is registered too, which also
    catches URL-encoded forms.
    """
    if not secret:
        return
    _secrets.add(secret)
    _, sep, tail = secret.partition(":")
    if sep and tail:
        _secrets.add(tail)
    global _base_factory
    current = logging.getLogRecordFactory()
    if current is not _redacting_factory:
        _base_factory = current
        logging.setLogRecordFactory(_redacting_factory)


def setup_logging(level: int = logging.INFO, stream: TextIO | None = None) -> None:
    """One line per record on stderr; httpx's per-request lines (which carry the token) off."""
    logging.basicConfig(level=level, format=FORMAT, stream=stream or sys.stderr, force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
