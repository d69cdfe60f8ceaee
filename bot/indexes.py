"""Indexes the builder stores with the fact base, so that opening it does no costly work: the words
of each fact, the stem of each word, which entities each fact's quotes name, and which facts have
each word, entity or action."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from bot.knowledge import ROLES, Fact, Knowledge
from bot.text import words
from bot.vocab import forms, stem

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
    """The normalised words of facts, in the order they first appear (so every build stores the same),
    each distinct whitespace-separated token normalised once (a token's words are the same alone as in
    its text: every whitespace character separates words), each distinct word stemmed once."""

    def __init__(self, action_words: dict[str, list[str]]) -> None:
        """``action_words``: the lexicon's words of each action (a fact's vocabulary includes them)."""
        self._action_words = {a: dict.fromkeys(ws) for a, ws in action_words.items()}
        self._tokens: dict[str, dict[str, None]] = {}
        self.stems: dict[str, str] = {}  # of every word found so far

    def _add(self, out: dict[str, None], texts: Iterable[str]) -> None:
        for text in texts:
            for token in text.split():
                found = self._tokens.get(token)
                if found is None:
                    found = self._tokens[token] = dict.fromkeys(x for w in words(token) for x in forms(w, written=True))
                out.update(found)

    def of(self, f: Fact) -> tuple[list[str], list[str]]:
        """``f``'s vocabulary (every word of its texts and of its actions) and its core (the words of
        its own statement, answers and keywords)."""
        core: dict[str, None] = {}
        self._add(core, [f.statement, *f.answers.values(), *f.keywords, *f.ar.values()])
        vocab = dict(core)
        self._add(vocab, f.quotes)
        for action in f.actions:
            vocab.update(self._action_words.get(action, {}))
        for word in vocab:
            if word not in self.stems:
                self.stems[word] = stem(word)
        return list(vocab), list(core)


def fact_index(k: Knowledge) -> tuple[list[tuple[str, int, str, str, str]], list[tuple[str, str, bool]], dict[str, str]]:
    """Each fact's id, number (its place in id order), words, core words and the entities its quotes
    name; each key a question may share with facts (a word, an entity, ``action:NAME``, a fact id)
    with the numbers of those facts and whether it is a word of some fact; and the stem of every word.
    Lists are space-separated."""
    named = Mentions((a, e.id) for e in k.entities.values() for a in [e.name, *e.aliases])
    fact_words = FactWords(k.actions)
    rows, keys = [], defaultdict(list)
    for n, f in enumerate(sorted(k.facts.values(), key=lambda f: f.id)):
        vocab, core = fact_words.of(f)
        mentioned = sorted(named.named_in(" ".join(f.quotes)))
        rows.append((f.id, n, " ".join(vocab), " ".join(core), " ".join(mentioned)))
        entities = [e for role in ROLES for e in f.roles.get(role, [])]
        number = str(n)
        for key in dict.fromkeys([*vocab, *entities, *mentioned, f.id, *(f"action:{a}" for a in f.actions)]):
            keys[key].append(number)
    return rows, [(key, " ".join(ns), key in fact_words.stems) for key, ns in keys.items()], fact_words.stems
