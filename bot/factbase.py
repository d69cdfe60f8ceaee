"""The built fact base, read once from SQLite into memory for fast matching."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from bot.dates import FactDate
from bot.knowledge import ROLES
from bot.text import words
from bot.vocab import clitic_splits, stem


@dataclass
class StoredFact:
    """A fact as the engine uses it."""

    id: str
    kind: str
    actions: tuple[str, ...]  # the main action first
    statement: str
    question: str
    source: str
    salience: int
    date: FactDate | None
    until: FactDate | None
    date_note: str
    keywords: list[str]
    by_date: bool = False  # the date is the day by which it had happened
    roles: dict[str, list[str]] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    ar: dict[str, str] = field(default_factory=dict)  # Arabic: "statement", "question" and answer kinds
    quotes: list[str] = field(default_factory=list)
    quote_sources: list[str] = field(default_factory=list)  # the source of each quote
    superseded_by: list[str] = field(default_factory=list)  # newer facts on the same point
    supersedes: list[str] = field(default_factory=list)
    entities: frozenset[str] = frozenset()
    mentioned: frozenset[str] = frozenset()  # entities its quotes name, whatever its roles
    mentions_only: frozenset[str] = frozenset()  # entities in its "mentions" role and no other
    vocab: frozenset[str] = frozenset()
    core: frozenset[str] = frozenset()  # vocab words from its own statement, answers and keywords
    stems: frozenset[str] = frozenset()  # first five letters of each vocab word (defect ~ defected)

    @property
    def sources(self) -> list[str]:
        """The sources its quotes come from, in order."""
        return list(dict.fromkeys(self.quote_sources or [self.source]))

    def covers(self, d: FactDate) -> bool:
        """True if the question date ``d`` falls on this fact's date or within its span."""
        if not self.date:
            return False
        if self.until and d.year and not d.month:
            return self.date.year <= d.year <= self.until.year
        return self.date.covers(d)


@dataclass
class StoredEntity:
    id: str
    name: str
    type: str
    about: str
    unnamed: bool = False
    name_ar: str = ""
    aliases: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    side: str = ""
    within: str = ""


def _bare(found: list[str]) -> frozenset[str]:
    """Words, each Arabic one also without its clitics ("الفرقه" is also "فرقه")."""
    return frozenset(found).union(b for w in found for b in clitic_splits(w) if len(b) >= 3)


class FactBase:
    """Facts, entities, aliases, lexicon and sources of one built SQLite file."""

    def __init__(self, db_path: Path) -> None:
        db = sqlite_utils.Database(db_path)
        try:
            self._load(db)
        finally:
            db.close()
        self.path = db_path

    def _load(self, db: sqlite_utils.Database) -> None:
        self.sources = {r["id"]: {**r, "inferences": json.loads(r["inferences"])} for r in db["sources"].rows}
        self.entities = {r["id"]: StoredEntity(r["id"], r["name"], r["type"], r["about"], bool(r["unnamed"]),
                                               r["name_ar"] or "", lat=r["lat"], lon=r["lon"], side=r["side"],
                                               within=r["within"])
                         for r in db["entities"].rows}
        self.digest = next((r["value"] for r in db["meta"].rows if r["key"] == "digest"), "")
        self.aliases: dict[str, str] = {}
        for r in db["aliases"].rows:
            self.aliases[r["norm"]] = r["entity"]
            self.entities[r["entity"]].aliases.append(r["alias"])
        self.exclusive = {r["name"] for r in db["actions"].rows if r["exclusive"]}
        self.actions: dict[str, set[str]] = {}
        self.domain: set[str] = set()
        for r in db["lexicon"].rows:
            if r["action"]:
                self.actions.setdefault(r["word"], set()).add(r["action"])
            else:
                self.domain.add(r["word"])
        self.facts: dict[str, StoredFact] = {}
        for r in db["facts"].rows_where(order_by="id"):
            self.facts[r["id"]] = StoredFact(
                r["id"], r["kind"], tuple(r["actions"].split()), r["statement"], r["question"], r["source"], r["salience"],
                FactDate.parse(r["date"]) if r["date"] else None,
                FactDate.parse(r["until"]) if r["until"] else None, r["date_note"], r["keywords"].split(),
                bool(r["by_date"]))
        for r in db["relations"].rows:
            self.facts[r["fact"]].roles.setdefault(r["role"], []).append(r["entity"])
        for r in db["answers"].rows:
            f = self.facts[r["fact"]]
            (f.answers if r["lang"] == "en" else f.ar)[r["kind"]] = r["text"]
        for r in db["quotes"].rows_where(order_by="fact, n"):
            self.facts[r["fact"]].quotes.append(r["quote"])
            self.facts[r["fact"]].quote_sources.append(r["source"])
        for r in db["supersedes"].rows:
            self.facts[r["fact"]].supersedes.append(r["old"])
            self.facts[r["old"]].superseded_by.append(r["fact"])
        action_words: dict[str, set[str]] = {}
        for word, acts in self.actions.items():
            for a in acts:
                action_words.setdefault(a, set()).add(word)
        for f in self.facts.values():
            f.entities = frozenset(e for role in ROLES for e in f.roles.get(role, []))
            f.mentions_only = frozenset(f.roles.get("mentions", ())).difference(
                e for role in ROLES if role != "mentions" for e in f.roles.get(role, []))
            text = " ".join([f.statement, *f.quotes, *f.answers.values(), *f.keywords, *f.ar.values()])
            f.vocab = _bare(words(text)).union(*(action_words.get(a, set()) for a in f.actions))
            f.core = _bare(words(" ".join([f.statement, *f.answers.values(), *f.keywords, *f.ar.values()])))
            f.stems = frozenset(stem(w) for w in f.vocab)
            quotes = " ".join(f.quotes).casefold()
            f.mentioned = frozenset(e.id for e in self.entities.values()
                                    if any(len(a) > 3 and a.casefold() in quotes for a in e.aliases))

        self.covered_actions = {a for f in self.facts.values() for a in f.actions}  # "end", "flee": none
        self.main_action_count: dict[str, int] = {}  # how many facts have each action as their main one
        for f in self.facts.values():
            self.main_action_count[f.actions[0]] = self.main_action_count.get(f.actions[0], 0) + 1
        self.latest_year = max((f.date.year for f in self.facts.values() if f.date), default=0)
        self.index: dict[str, set[str]] = {}  # word, entity id or action -> ids of facts that have it
        for f in self.facts.values():
            for key in f.vocab | f.entities | f.mentioned | {f.id} | {f"action:{a}" for a in f.actions}:
                self.index.setdefault(key, set()).add(f.id)

    def candidates(self, keys: list[str]) -> list[StoredFact]:
        """The facts sharing at least one word, entity or action (``action:NAME``) with ``keys``."""
        ids: set[str] = set()
        for k in keys:
            ids |= self.index.get(k, set())
        return [self.facts[i] for i in sorted(ids)]

    def source_urls(self) -> dict[str, str]:
        """Each source's label mapped to its web address, for the sources that have one."""
        return {s["label"]: s["url"] for s in self.sources.values() if s.get("url")}

    def newest(self, f: StoredFact) -> StoredFact:
        """The newest fact on ``f``'s point: ``f`` itself unless newer facts supersede it."""
        while f.superseded_by:
            f = max((self.facts[n] for n in f.superseded_by), key=lambda n: (self.as_of(n), n.date or self.as_of(n), n.id))
        return f

    def as_of(self, f: StoredFact) -> FactDate:
        """The date ``f`` is the word of: the latest publication of the sources it quotes."""
        return max(FactDate.parse(self.sources[s]["published"]) for s in f.sources)

    def source_label(self, source_id: str) -> str:
        """How a citation names its source."""
        return self.sources[source_id]["label"]

    def fact_ids(self) -> frozenset[str]:
        """The ids of all facts."""
        return frozenset(self.facts)
