"""``callback_data`` for follow-up buttons: at most 64 bytes, whatever the length of the question."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

MAX_DATA_BYTES = 64
TIMELINE = "timeline"
TIMELINE_PAGE = "timeline:"  # + the page number (1-based): the timeline's "More" button
_TEXT, _KEY = "q:", "k:"


def timeline_page(data: str) -> int | None:
    """The timeline page a button asks for (1 for the plain timeline button); None for other buttons."""
    if data == TIMELINE:
        return 1
    if data.startswith(TIMELINE_PAGE) and data[len(TIMELINE_PAGE):].isdigit():
        return max(1, int(data[len(TIMELINE_PAGE):]))
    return None


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
