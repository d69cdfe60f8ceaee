"""Which language a reply is in: a user's pin (/language), else the question's, else their Telegram language."""

from __future__ import annotations

from collections import OrderedDict

from telegram import User

from bot.lang import LANGUAGES, load
from bot.compose import language

AUTO = "auto"
MAX_PINS = 50_000  # like the conversations: the least recently seen users' pins go first


class LanguagePins:
    """Each user's pinned reply language, in memory (lost at a restart) and bounded in count (LRU)."""

    def __init__(self, max_items: int = MAX_PINS) -> None:
        self.max_items = max_items
        self._pins: OrderedDict[int, str] = OrderedDict()

    def get(self, user_id: int) -> str | None:
        """The language ``user_id`` pinned, or None (follow the question / the Telegram language)."""
        lang = self._pins.get(user_id)
        if lang is not None:
            self._pins.move_to_end(user_id)
        return lang

    def pin(self, user_id: int, lang: str | None) -> None:
        """Pin ``lang`` for ``user_id``; None (or "auto") removes the pin."""
        if lang in (None, AUTO):
            self._pins.pop(user_id, None)
            return
        self._pins[user_id] = lang
        self._pins.move_to_end(user_id)
        while len(self._pins) > self.max_items:
            self._pins.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pins)


def reply_language(pins: LanguagePins, user: User | None, text: str = "") -> str:
    """The user's pin; else ``ar`` for Arabic ``text`` or an Arabic Telegram language (``ar*``); else ``en``."""
    pinned = pins.get(user.id) if user is not None else None
    return pinned or language(text, user.language_code if user is not None else None)


def ask_language(pins: LanguagePins, user: User | None) -> str:
    """What to pass as ``engine.ask(..., lang=...)``: the user's pin, else "auto" (the question's language)."""
    return (pins.get(user.id) if user is not None else None) or AUTO


def parse_choice(word: str) -> str | None:
    """``ar``, ``en`` or ``auto`` for a /language argument (a code or a language's own name); None if unknown."""
    word = word.strip().casefold()
    if word in (*LANGUAGES, AUTO):
        return word
    return next((code for code in LANGUAGES if load(code).messages["tg_language_name"].casefold() == word), None)
