"""The built fact base, read once from SQLite into memory for fast matching.

Opening it does no work that grows faster than the facts: the words of each fact and the index of
keys to facts were found at build time; a fact's word sets and an index entry are read from their
stored text the first time a question needs them.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import sqlite_utils

from bot import collector
from bot.dates import FactDate
from bot.knowledge import ROLES


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
    word_lists: tuple[str, str] = ("", "")  # vocab and core as stored, space-separated

    @cached_property
    def vocab(self) -> frozenset[str]:
        """Every word of its texts and of its actions' lexicon words."""
        return frozenset(map(sys.intern, self.word_lists[0].split()))  # one string for a word of many facts

    @cached_property
    def core(self) -> frozenset[str]:
        """The vocab words from its own statement, answers and keywords."""
        return frozenset(map(sys.intern, self.word_lists[1].split()))

    @property
    def sources(self) -> list[str]:
        """The sources its quotes come from, in order."""
        return list(dict.fromkeys(self.quote_sources))

    def covers(self, d: FactDate) -> bool:
        """True if the question date ``d`` falls on this fact's date or within its span."""
        if not self.date:
            return False
        if self.until and d.year and not d.month:
            return self.date.year <= d.year <= self.until.year
        return self.date.covers(d)

    def near(self, d: FactDate) -> bool:
        """True if the question date ``d``, not covered, is of this fact's year (or, without a year, its
        month): "August 2018" for a fact of July 2018, "6 December" for one of 5 December."""
        if not self.date or not d.month:
            return False
        if d.year:
            return (self.until or self.date).year >= d.year >= self.date.year
        return self.date.month == d.month


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


class FactBase:
    """Facts, entities, aliases, lexicon and sources of one built SQLite file."""

    def __init__(self, db_path: Path) -> None:
        db = sqlite_utils.Database(db_path)
        try:
            with collector.paused():
                self._load(db)
        finally:
            db.close()
        self.path = db_path

    def _load(self, db: sqlite_utils.Database) -> None:
        rows = db.execute  # plain tuples: many thousand rows at 100x the knowledge
        self.sources = {sid: {"id": sid, "file": file, "title": title, "publisher": publisher, "published": published,
                              "label": label, "url": url, "inferences": json.loads(inferences), "ar": json.loads(ar)}
                        for sid, file, title, publisher, published, label, url, inferences, ar in rows(
                            "SELECT id, file, title, publisher, published, label, url, inferences, ar FROM sources")}
        self.entities = {eid: StoredEntity(eid, name, type_, about, bool(unnamed), name_ar or "", lat=lat, lon=lon,
                                           side=side, within=within)
                         for eid, name, type_, about, unnamed, name_ar, lat, lon, side, within in rows(
                             "SELECT id, name, type, about, unnamed, name_ar, lat, lon, side, within FROM entities")}
        self.digest = next((value for value, in rows("SELECT value FROM meta WHERE key = 'digest'")), "")
        self.aliases: dict[str, str] = {}
        for alias, norm, entity in rows("SELECT alias, norm, entity FROM aliases"):
            self.aliases[norm] = entity
            self.entities[entity].aliases.append(alias)
        actions = rows("SELECT name, exclusive, approach FROM actions").fetchall()
        self.exclusive = {name for name, exclusive, _ in actions if exclusive}
        self.approach = {name for name, _, approach in actions if approach}  # moving toward a place
        self.actions: dict[str, set[str]] = {}
        self.domain: set[str] = set()
        for word, action in rows("SELECT word, action FROM lexicon"):
            if action:
                self.actions.setdefault(word, set()).add(action)
            else:
                self.domain.add(word)
        self.facts: dict[str, StoredFact] = {}
        for fid, kind, acts, statement, question, source, salience, day, until, note, keywords, by_date in rows(
                "SELECT id, kind, actions, statement, question, source, salience, date, until, date_note, keywords,"
                " by_date FROM facts ORDER BY id"):
            self.facts[fid] = StoredFact(
                fid, kind, tuple(acts.split()), statement, question, source, salience,
                FactDate.parse(day) if day else None, FactDate.parse(until) if until else None, note, keywords.split(),
                bool(by_date))
        for fid, role, entity in rows("SELECT fact, role, entity FROM relations"):
            self.facts[fid].roles.setdefault(role, []).append(entity)
        for fid, kind, lang, text in rows("SELECT fact, kind, lang, text FROM answers"):
            f = self.facts[fid]
            (f.answers if lang == "en" else f.ar)[kind] = text
        for fid, quote, source in rows("SELECT fact, quote, source FROM quotes ORDER BY fact, n"):
            self.facts[fid].quotes.append(quote)
            self.facts[fid].quote_sources.append(source)
        for fid, old in rows("SELECT fact, old FROM supersedes"):
            self.facts[fid].supersedes.append(old)
            self.facts[old].superseded_by.append(fid)
        self._numbered: dict[int, str] = {}  # the fact ids by the number the key index gives them
        for fid, n, vocab, core, mentioned in rows(  # found at build time
                "SELECT fact, n, vocab, core, mentioned FROM fact_words"):
            f = self.facts[fid]
            f.word_lists, f.mentioned = (vocab, core), frozenset(mentioned.split())
            self._numbered[n] = f.id
        for f in self.facts.values():
            f.entities = frozenset(e for role in ROLES for e in f.roles.get(role, []))
            f.mentions_only = frozenset(f.roles.get("mentions", ())).difference(
                e for role in ROLES if role != "mentions" for e in f.roles.get(role, []))
        self._keys: dict[str, str] = {}  # word, entity id, ``action:NAME`` or fact id -> numbers of its facts
        self._index: dict[str, frozenset[str]] = {}  # the same, read: filled as questions ask
        words = []
        for key, ids, word in rows("SELECT key, facts, word FROM fact_keys"):
            self._keys[key] = ids
            if word:
                words.append(key)
        self.vocabulary = frozenset(words)  # every word of every fact's vocab
        self.stems: dict[str, str] = {}  # of each word of facts, lexicon and Arabic names
        spellings: dict[str, list[str]] = {}
        for word, root in rows("SELECT word, stem FROM stems"):
            word = sys.intern(word)
            self.stems[word] = root
            spellings.setdefault(root, []).append(word)
        self.spellings = {root: frozenset(ws) for root, ws in spellings.items()}  # stem -> its words
        self.places = [name for name, in rows("SELECT name FROM places")]  # a gazetteer: countries, cities
        self._derive()

    def _derive(self) -> None:
        """Indexes and values the engine would otherwise work out from every fact at every question."""
        self.by_entity: dict[str, set[str]] = {}  # entity -> ids of the facts naming it in a role
        self.by_main_action: dict[str, set[str]] = {}  # action -> ids of the facts of that main action
        for f in self.facts.values():
            for e in f.entities:
                self.by_entity.setdefault(e, set()).add(f.id)
            self.by_main_action.setdefault(f.actions[0], set()).add(f.id)
        self.covered_actions = {a for f in self.facts.values() for a in f.actions}  # "end", "flee": none
        self.main_action_count: dict[str, int] = {}  # how many facts have each action as their main one
        for f in self.facts.values():
            self.main_action_count[f.actions[0]] = self.main_action_count.get(f.actions[0], 0) + 1
        self.latest_year = max((f.date.year for f in self.facts.values() if f.date), default=0)
        self.max_salience = max((f.salience for f in self.facts.values()), default=0)
        self.by_salience = sorted(self.facts.values(), key=lambda f: (-f.salience, f.id))
        dated = sorted((f for f in self.facts.values() if f.date), key=lambda f: (f.date, f.id))
        self.latest_dated = dated[-1] if dated else None  # the fact with the latest date
        self.events = [f for f in dated if f.kind in ("event", "state")]  # dated events and states, in order
        self.day_events = [f for f in self.events if f.date.day or f.until]  # ... known to the day, or spans
        self.spans = [f for f in dated if f.until]  # facts of a span of time ("between 2012 and 2018")
        self._by_date: dict[tuple[FactDate, FactDate | None], list[StoredFact]] = {}
        for f in dated:
            self._by_date.setdefault((f.date, f.until), []).append(f)

    def covering(self, d: FactDate) -> list[StoredFact]:
        """The facts whose date or span covers the question date ``d`` (each distinct date is tested once)."""
        return [f for facts in self._by_date.values() if facts[0].covers(d) for f in facts]

    def having(self, key: str) -> frozenset[str]:
        """The ids of the facts with ``key``: a word of their vocab, an entity they name (by role or
        in a quote), ``action:NAME``, or their own id."""
        ids = self._index.get(key)
        if ids is None:
            ids = self._index[key] = frozenset(self._numbered[int(n)] for n in self._keys.get(key, "").split())
        return ids

    def source_urls(self) -> dict[str, str]:
        """Each source's label mapped to its web address, for the sources that have one."""
        return {self.source_label(s["id"], code): s["url"] for s in self.sources.values() if s.get("url") for code in ("en", "ar")}

    def report_of(self, f: StoredFact) -> StoredFact | None:
        """The fact that dates the report ``f`` comes from (the latest such of its sources), else the
        fact with the latest date."""
        reports = [r for r in map(self.facts.get, self.having("action:report")) if r.date and set(r.sources) & set(f.sources)]
        return max(reports, key=lambda r: (r.date, r.id), default=self.latest_dated)

    def newest(self, f: StoredFact) -> StoredFact:
        """The newest fact on ``f``'s point: ``f`` itself unless newer facts supersede it."""
        while f.superseded_by:
            f = max((self.facts[n] for n in f.superseded_by), key=lambda n: (self.as_of(n), n.date or self.as_of(n), n.id))
        return f

    def as_of(self, f: StoredFact) -> FactDate:
        """The date ``f`` is the word of: the latest publication of the sources it quotes."""
        return max(FactDate.parse(self.sources[s]["published"]) for s in f.sources)

    def source_label(self, source_id: str, code: str = "en") -> str:
        """How a citation names its source, in the language ``code`` when the source's metadata has it."""
        source = self.sources[source_id]
        publisher = self.source_field(source_id, "publisher", code)
        if publisher == source["publisher"]:  # (English, or no Arabic name given)
            return source["label"]
        return f"{publisher}، {FactDate.parse(source['published']).render_in(code)}"

    def source_field(self, source_id: str, key: str, code: str = "en") -> str:
        """A source's ``publisher`` or ``title`` in the language ``code`` when its metadata has it."""
        source = self.sources[source_id]
        return (source["ar"].get(key) if code == "ar" else None) or source[key]

    def fact_ids(self) -> frozenset[str]:
        """The ids of all facts."""
        return frozenset(self.facts)

