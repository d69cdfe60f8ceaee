"""``callback_data`` for follow-up buttons: at most 64 bytes, whatever the length of the question."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from bot.lang import LANGUAGES

MAX_DATA_BYTES = 64
TIMELINE = "timeline"
TIMELINE_PAGE = "timeline:"  # + [language ":"] + the page number (1-based): the timeline's "More" button
LANGUAGE = "lang:"  # + ar, en or auto: a /language button
_TEXT, _KEY = "q:", "k:"


def timeline_page(data: str) -> tuple[int, str | None] | None:
    """The timeline page a button asks for (1 for the plain timeline button) and its language (None: the
    presser's); None for other buttons."""
    if data == TIMELINE:
        return 1, None
    if not data.startswith(TIMELINE_PAGE):
        return None
    lang, _, page = data[len(TIMELINE_PAGE):].rpartition(":")
    if not page.isdigit():
        return None
    return max(1, int(page)), lang if lang in LANGUAGES else None


def timeline_data(page: int, lang: str) -> str:
    """The callback_data of a button that sends timeline page ``page`` in ``lang``."""
    return f"{TIMELINE_PAGE}{lang}:{page}"


def language_choice(data: str) -> str | None:
    """The language a /language button pins (``ar``, ``en`` or ``auto``); None for other buttons."""
    return (data[len(LANGUAGE):] or None) if data.startswith(LANGUAGE) else None


class ButtonStore:
    """Encodes a question as ``q:<text>`` when that fits, else as ``k:<hash>`` kept in a bounded table.

    Short questions survive restarts; long ones are looked up in the table (suggestions come
    from the finite fact base, so it stays small; the least recently used entries go first).
    """

    def __init__(self, max_items: int = 10_000) -> None:
        self.max_items = max_items
        self._long: OrderedDict[str, str] = OrderedDict()

    def encode(self, question: str) -> str:
        """The callback_data for a button that asks ``question``."""
        data = _TEXT + question
        if len(data.encode()) <= MAX_DATA_BYTES:
            return data
        data = _KEY + hashlib.blake2b(question.encode(), digest_size=12).hexdigest()
        self._long[data] = question
        self._long.move_to_end(data)
        while len(self._long) > self.max_items:
            self._long.popitem(last=False)
        return data

    def decode(self, data: str) -> str | None:
        """The question behind ``data``; None if it is unknown (expired or forged)."""
        if data.startswith(_TEXT):
            return data[len(_TEXT):] or None
        question = self._long.get(data)
        if question is not None:
            self._long.move_to_end(data)
        return question

    def __len__(self) -> int:
        return len(self._long)
