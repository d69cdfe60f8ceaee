"""Indexes the builder stores with the fact base, so that opening it does no costly work: the words
of each fact (with their stems), and which entities each fact's quotes name."""

from __future__ import annotations

from collections.abc import Iterable

from bot.knowledge import Fact
from bot.text import words
from bot.vocab import stem

_MIN, _KEY = 4, 8  # aliases of at least _MIN characters, keyed by at most _KEY


class Mentions:
    """Which entities a text names: every alias of at least four characters found in it, case-folded,
    anywhere (inside a word too, overlapping or not), as ``alias.casefold() in text.casefold()``
    would find it, in time linear in the text: aliases are keyed by their first eight characters (all
    of a shorter one), and a position of the text is looked at only when an alias begins with its
    first four."""

    def __init__(self, aliases: Iterable[tuple[str, str]]) -> None:
        """``aliases``: every (alias, entity id) pair."""
        self._by_key: dict[str, list[tuple[str, str]]] = {}
        for alias, entity in aliases:
            folded = alias.casefold()
            if len(alias) >= _MIN:
                self._by_key.setdefault(folded[:_KEY], []).append((folded, entity))
        self._starts = {key[:_MIN] for key in self._by_key}
        self._lengths = sorted({len(key) for key in self._by_key})

    def named_in(self, text: str) -> set[str]:
        """The entities with an alias in ``text``."""
        text = text.casefold()
        found: set[str] = set()
        for i in range(len(text) - _MIN + 1):
            if text[i:i + _MIN] in self._starts:
                for n in self._lengths:
                    for alias, entity in self._by_key.get(text[i:i + n], ()):
                        if text.startswith(alias, i):
                            found.add(entity)
        return found


class FactWords:
    """The normalised words of facts, each distinct whitespace-separated token normalised once (a
    token's words are the same alone as in its text: every whitespace character separates words)."""

    def __init__(self, action_words: dict[str, list[str]]) -> None:
        """``action_words``: the lexicon's words of each action (a fact's vocabulary includes them)."""
        self._action_words = action_words
        self._tokens: dict[str, list[str]] = {}

    def _words(self, texts: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for text in texts:
            for token in text.split():
                found = self._tokens.get(token)
                if found is None:
                    found = self._tokens[token] = words(token)
                out.update(found)
        return out

    def of(self, f: Fact) -> tuple[set[str], set[str], set[str]]:
        """``f``'s vocabulary (every word of its texts and of its actions), its core (the words of
        its own statement, answers and keywords) and the stems of its vocabulary."""
        core = self._words([f.statement, *f.answers.values(), *f.keywords, *f.ar.values()])
        vocab = core | self._words(f.quotes)
        for action in f.actions:
            vocab.update(self._action_words.get(action, ()))
        return vocab, core, {stem(w) for w in vocab}
