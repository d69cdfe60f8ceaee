"""Conversation context for follow-up questions, and a bounded store of contexts per chat."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Hashable


@dataclass
class Context:
    """What a follow-up may rely on: the entities, intent and fact of the previous turns."""

    entities: list[str] = field(default_factory=list)
    intent: str = ""
    role: str = "who"
    actions: list[str] = field(default_factory=list)
    fact: str = ""
    earlier: str = ""  # the fact answered the turn before ("when did Hama fall?" "and Aleppo?" "how many days apart?")
    turns: int = 0
    lang: str = ""  # the language of the last answer ("w Idlib?" after Arabic answers is asked in Arabic)

    def clear(self) -> None:
        """Forget the conversation so far."""
        self.entities, self.intent, self.role, self.actions, self.fact, self.turns = [], "", "who", [], "", 0
        self.earlier, self.lang = "", ""


class ContextStore:
    """Contexts keyed by chat (or chat and user), bounded in count (LRU) and in age (seconds)."""

    def __init__(self, max_items: int = 50_000, max_age: float = 3600.0) -> None:
        self.max_items = max_items
        self.max_age = max_age
        self._items: OrderedDict[Hashable, tuple[float, Context]] = OrderedDict()

    def get(self, key: Hashable) -> Context:
        """The live context for ``key``; a fresh one if absent or expired."""
        now = time.monotonic()
        item = self._items.pop(key, None)
        ctx = item[1] if item and now - item[0] <= self.max_age else Context()
        self._items[key] = (now, ctx)
        while len(self._items) > self.max_items:
            self._items.popitem(last=False)
        return ctx

    def __len__(self) -> int:
        return len(self._items)
