"""Domain errors raised by the core and turned into messages only at the edges."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the knowledge files: where, and what (``detail``: lines to show under it)."""

    file: str
    line: int
    message: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class BotError(Exception):
    """Base of the errors the front ends turn into one-line messages."""


class KnowledgeError(BotError):
    """The knowledge files are invalid; ``problems`` says where and why, ``note`` what was not checked."""

    def __init__(self, problems: list[Problem], note: str = "") -> None:
        self.problems = problems
        self.note = note
        super().__init__("\n".join(str(p) for p in problems))


class ConfigError(BotError):
    """The environment the operator set is unusable (missing token, bad ids, ...)."""


class ForeignFileError(BotError):
    """A path the bot would write names a file it did not create (or not a regular file): refused."""
