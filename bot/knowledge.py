"""Load the knowledge folder (sources, entities, facts, lexicon) and validate every part of it.

Problems are collected, not raised one at a time, so an editor sees them all with file and line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.dates import FactDate
from bot.errors import KnowledgeError, Problem
from bot.files import Unreadable, read_bytes
from bot.lang import LANG_DIR
from bot.quotediff import mismatch
from bot.text import normalise
from bot.yamlerrors import explain
from bot.yamlfile import SAFE_LOADER

ROLES = ("subjects", "actors", "targets", "places", "backers", "members", "mentions")
NAMED_TYPES = frozenset({"operation", "alliance"})  # kinds of entity the report gives a name of their own
EVENT_TYPES = frozenset({"operation"})  # kinds of entity that are events: "Dawn of Freedom on 1 December?" claims its date
ROLE_OF = {"whom": "targets", "backers": "backers", "members": "members"}  # the role a "who" question asks for
ANSWER_KINDS = ("when", "who", "whom", "backers", "members", "where", "why", "what", "count", "next")
FACT_KINDS = ("event", "state", "statement", "context", "summary")
ENTITY_TYPES = ("place", "group", "person", "unit", "alliance", "operation", "country", "organisation")
SIDES = ("opposition", "regime")  # the sides a group, unit or person may be on (the map colours places by them)
#: A knowledge file larger than this is refused (a 50 MB YAML file would take about 1 GB to load).
MAX_FILE_BYTES = 4 * 2**20
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d]?\s+(?=[A-Z\"\u201c])")


@dataclass
class Source:
    id: str
    file: str
    title: str
    publisher: str
    published: str
    text: str
    inferences: list[dict]
    url: str = ""
    ar: dict[str, str] = field(default_factory=dict)  # Arabic "publisher" and "title", written by the editor

    @property
    def label(self) -> str:
        """How answers name this source."""
        return f"{self.publisher}, {FactDate.parse(self.published).render()}"

    def sentences(self) -> list[str]:
        """The source's sentences: each line split at sentence ends (headlines stand alone)."""
        out: list[str] = []
        for line in self.text.splitlines():
            out.extend(s.strip() for s in _SENTENCE_END.split(line.strip()) if s.strip())
        return out


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str]
    about: str
    unnamed: bool = False
    name_ar: str = ""
    lat: float | None = None  # places: latitude and longitude (WGS 84 degrees), for the map
    lon: float | None = None
    side: str = ""  # groups, units, people: one of SIDES, when the report makes it plain
    within: str = ""  # the place a place lies in (Tel Rifaat within Aleppo's countryside), or a unit is based in


@dataclass
class Fact:
    id: str
    kind: str
    actions: list[str]
    statement: str
    quotes: list[str]
    source: str
    question: str = ""
    date: str = ""
    until: str = ""
    date_note: str = ""
    by_date: bool = False  # the date is the day by which it had happened ("By November 30")
    salience: int = 0
    roles: dict[str, list[str]] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    ar: dict[str, str] = field(default_factory=dict)  # Arabic texts: "statement", "question", answer kinds
    quote_sources: list[str] = field(default_factory=list)  # the source of each quote (default: ``source``)
    supersedes: list[str] = field(default_factory=list)  # older facts on the same point this one replaces

    @property
    def sources(self) -> list[str]:
        """The sources its quotes come from, in order."""
        return list(dict.fromkeys(self.quote_sources))


@dataclass
class Knowledge:
    sources: dict[str, Source]
    entities: dict[str, Entity]
    facts: dict[str, Fact]
    actions: dict[str, list[str]]
    exclusive: list[str]
    domain: list[str]
    approach: list[str]
    digest: str


def citations(k: Knowledge) -> dict[str, list[tuple[str, bool]]]:
    """Each source's sentences, each with whether a fact's quote cites it (holds it, or is part of it)."""
    quotes: dict[str, set[str]] = {sid: set() for sid in k.sources}
    for f in k.facts.values():
        for q, qs in zip(f.quotes, f.quote_sources):
            quotes.setdefault(qs, set()).add(" ".join(q.split()))
    return {s.id: [(sentence, sentence in quotes[s.id] or any(sentence in q or q in sentence for q in quotes[s.id]))
                   for sentence in s.sentences()] for s in k.sources.values()}


def coverage(cited: dict[str, list[tuple[str, bool]]]) -> dict[str, tuple[int, int]]:
    """How many of each source's sentences are cited, and how many it has (from :func:`citations`)."""
    return {sid: (sum(flag for _, flag in rows), len(rows)) for sid, rows in cited.items()}


class _LineLoader(SAFE_LOADER):
    """A YAML loader whose plain mappings and lists remember their lines (see :func:`_parse`)."""


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, \
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG


def _parse(text: str) -> Any:
    """The data of one YAML document, each mapping and list with its line numbers. libyaml composes
    the nodes; turning the plain ones into data here is quicker than PyYAML's general constructor,
    which builds the rest (numbers, booleans, null, explicit tags)."""
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _data(loader, node, set())
    finally:
        loader.dispose()


def _data(loader: _LineLoader, node: yaml.Node, open_nodes: set[int]) -> Any:
    if node.tag == _STR:
        return node.value
    if node.tag not in (_MAP, _SEQ):
        return loader.construct_object(node, deep=True)
    if id(node) in open_nodes:
        raise yaml.constructor.ConstructorError(None, None, "found an alias to a list or mapping it is part of",
                                                node.start_mark)
    open_nodes.add(id(node))
    if node.tag == _SEQ:
        out: Any = _LineList(_data(loader, item, open_nodes) for item in node.value)
        out.lines = [item.start_mark.line + 1 for item in node.value]
    else:
        loader.flatten_mapping(node)  # merge keys (<<)
        out = _LineDict()
        out.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key, value = _data(loader, key_node, open_nodes), _data(loader, value_node, open_nodes)
            try:
                out[key] = value
            except TypeError:
                raise yaml.constructor.ConstructorError("while constructing a mapping", node.start_mark,
                                                        "found an unhashable key", key_node.start_mark) from None
    open_nodes.discard(id(node))
    return out


class _LineDict(dict):
    line = 0


class _LineList(list):
    lines: list[int] = []


# Dates stay strings: the builder parses them with its own rules.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in _LineLoader.yaml_implicit_resolvers.items()
}


def knowledge_files(folder: Path) -> list[Path]:
    """Every file the build reads, in a fixed order (not ``questions.yaml``: the editors' regression set)."""
    patterns = ("entities*.yaml", "facts*.yaml", "lexicon.yaml", "sources/*.yaml", "sources/*.txt")
    return sorted(path for pattern in patterns for path in folder.glob(pattern))


def digest(folder: Path) -> str:
    """A hash of the knowledge files and the language packs (the stored word indexes split Arabic
    clitics as the packs say), to tell when the fact base must be rebuilt."""
    h = hashlib.sha256()
    for path in sorted(LANG_DIR.glob("*.yaml")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for path in knowledge_files(folder):
        try:
            data = read_bytes(path, MAX_FILE_BYTES)
        except Unreadable as exc:  # loading reports it; here it only has to change the digest
            data = f"unreadable: {exc}".encode()
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + data + b"\0")
    return h.hexdigest()


class _Reader:
    """Collects problems while reading one knowledge folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        self.where: dict[str, tuple[Path, int]] = {}
        self.texts: dict[Path, str | None] = {}  # each file is read once
        self.parsed: dict[Path, Any] = {}
        self.syntax_errors = 0

    def problem(self, path: Path, line: int, message: str, detail: str = "") -> None:
        self.problems.append(Problem(self._name(path), line, message, detail))

    def _name(self, path: Path) -> str:
        try:
            return path.relative_to(self.folder).as_posix()
        except ValueError:
            return str(path)

    def read(self, path: Path) -> str | None:
        """The text of ``path``, or None after recording why it cannot be read (OS reason, not a
        regular file, too large, not UTF-8)."""
        if path not in self.texts:
            self.texts[path] = None
            try:
                self.texts[path] = read_bytes(path, MAX_FILE_BYTES).decode("utf-8")
            except Unreadable as exc:
                self.problem(path, 0, f"cannot read: {exc}")
            except UnicodeDecodeError as exc:
                self.problem(path, 0, f"cannot read: not UTF-8 text ({exc.reason} at byte {exc.start})")
        return self.texts[path]

    def load(self, path: Path) -> Any:
        """The parsed YAML of ``path``, or None after recording why it cannot be (stopping at the first
        syntax error, described in plain words)."""
        if path not in self.parsed:
            self.parsed[path] = None
            text = self.read(path)
            try:
                self.parsed[path] = None if text is None else _parse(text)
            except yaml.YAMLError as exc:
                line, message = explain(exc, text or "")
                self.problem(path, line, f"YAML syntax error: {message}")
                self.syntax_errors += 1
        return self.parsed[path]

    def items(self, path: Path, key: str, data: Any = None) -> list[_LineDict]:
        """The mappings of the top-level list ``key`` (``data``: the file, when already loaded)."""
        data = self.load(path) if data is None else data
        if data is None:
            return []
        if not isinstance(data, dict) or not isinstance(data.get(key), list):
            self.problem(path, getattr(data, "line", 1), f"expected a top-level '{key}:' list")
            return []
        good = []
        for item in data[key]:
            if isinstance(item, _LineDict):
                good.append(item)
            else:
                self.problem(path, getattr(data, "line", 1), f"each entry of '{key}' must be a mapping, got {item!r}")
        return good

    def keys(self, path: Path, item: _LineDict, required: tuple[str, ...], optional: tuple[str, ...]) -> bool:
        ok = True
        for key in item:
            if key not in required + optional:
                self.problem(path, item.line, f"unknown key '{key}' (allowed: {', '.join(required + optional)})")
                ok = False
        for key in required:
            if item.get(key) in (None, "", []):
                self.problem(path, item.line, f"missing '{key}'")
                ok = False
        return ok

    def identity(self, path: Path, item: _LineDict, what: str, seen: dict, kind: tuple[str, tuple[str, ...]]) -> str:
        """The item's id, after checking its form, that it is new, and its type or kind."""
        iid = str(item["id"])
        if not _ID.match(iid):
            self.problem(path, item.line, f"bad id '{iid}': use lower-case letters, digits and dashes")
        if iid in seen:
            self.problem(path, item.line, f"duplicate {what} id '{iid}'")
        key, allowed = kind
        if item[key] not in allowed:
            self.problem(path, item.line, f"unknown {key} '{item[key]}' (allowed: {', '.join(allowed)})")
        return iid

    def strings(self, path: Path, item: _LineDict, key: str) -> list[str]:
        value = item.get(key, [])
        value = [value] if isinstance(value, str) else value
        if isinstance(value, list) and any(isinstance(v, bool) for v in value):
            self.problem(path, item.line, f"'{key}' holds a bare yes, no, on, off, true or false, which YAML reads "
                                          "as a yes/no value: put that word in quotes ('off')")
            return []
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.problem(path, item.line, f"'{key}' must be a list of words or names")
            return []
        return [str(v) for v in value]

    def date(self, path: Path, item: _LineDict, key: str) -> str:
        if item.get(key) in (None, ""):
            return ""
        try:
            return FactDate.parse(item[key]).iso()
        except ValueError as exc:
            self.problem(path, item.line, str(exc))
            return ""


def _read_sources(r: _Reader) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for path in sorted(r.folder.glob("sources/*.yaml")):
        meta = r.load(path)
        if not isinstance(meta, _LineDict):
            if meta is not None:
                r.problem(path, 1, "expected a mapping of source metadata")
            continue
        if not r.keys(path, meta, ("id", "file", "publisher", "published"), ("title", "inferences", "url", "ar")):
            continue
        ar = meta.get("ar") or {}
        if not isinstance(ar, dict) or set(ar) - {"publisher", "title"} or not all(isinstance(v, str) for v in ar.values()):
            r.problem(path, meta.line, "ar must map publisher and/or title to Arabic text")
            ar = {}
        url = str(meta.get("url") or "")
        if url and not re.match(r"^https?://[^\s<>\"]+$", url):
            r.problem(path, meta.line, f"url must be an http(s) address, got {url!r}")
            url = ""
        text_path = path.parent / str(meta["file"])
        if not text_path.exists():
            r.problem(path, meta.line, f"source text '{meta['file']}' not found")
            continue
        text = r.read(text_path)
        if text is None:
            continue
        sid = str(meta["id"])
        if sid in sources:
            r.problem(path, meta.line, f"duplicate source id '{sid}'")
        sources[sid] = Source(sid, str(meta["file"]), str(meta.get("title", "")), str(meta["publisher"]),
                              r.date(path, meta, "published"), text,
                              list(meta.get("inferences") or []), url, {k: str(v) for k, v in ar.items()})
    if not sources and not r.problems:
        r.problem(r.folder / "sources", 0, "no source: add sources/NAME.txt and its sources/NAME.yaml")
    return sources


_ENTITY_OPTIONAL = ("aliases", "about", "unnamed", "name_ar", "lat", "lon", "side", "within")


def _read_entities(r: _Reader) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    owner: dict[str, str] = {}
    for path in sorted(r.folder.glob("entities*.yaml")):
        for item in r.items(path, "entities"):
            if not r.keys(path, item, ("id", "name", "type"), _ENTITY_OPTIONAL):
                continue
            eid = r.identity(path, item, "entity", entities, ("type", ENTITY_TYPES))
            aliases = r.strings(path, item, "aliases")
            for alias in [str(item["name"]), *aliases]:
                norm = normalise(alias).removeprefix("the ")
                if not norm:
                    r.problem(path, item.line, f"alias {alias!r} has no letters")
                elif owner.setdefault(norm, eid) != eid:
                    r.problem(path, item.line, f"alias {alias!r} already names entity '{owner[norm]}'")
            lat, lon = _coordinates(r, path, item)
            side = str(item.get("side") or "")
            if side and (side not in SIDES or item["type"] == "place"):
                r.problem(path, item.line, f"side '{side}': use one of {', '.join(SIDES)}, on a group, unit or person")
                side = ""
            within = str(item.get("within") or "")
            if within and item["type"] not in ("place", "unit"):
                r.problem(path, item.line, "'within' is for places and units only")
            entities[eid] = Entity(eid, str(item["name"]), str(item["type"]), aliases, str(item.get("about", "")),
                                   item.get("unnamed") is True, str(item.get("name_ar", "")), lat, lon, side, within)
            r.where[eid] = (path, item.line)
    for e in entities.values():
        if e.within and (entities.get(e.within) is None or entities[e.within].type != "place" or e.within == e.id):
            r.problem(*r.where[e.id], f"entity '{e.id}': within: '{e.within}' is not another place")
    return entities


def _coordinates(r: _Reader, path: Path, item: _LineDict) -> tuple[float | None, float | None]:
    """A place's latitude and longitude (required for places, refused for anything else)."""
    given = [k for k in ("lat", "lon") if item.get(k) is not None]
    if item["type"] != "place":
        if given:
            r.problem(path, item.line, "only places have 'lat' and 'lon'")
        return None, None
    if len(given) < 2:
        r.problem(path, item.line, f"place '{item['id']}' needs 'lat' and 'lon' (decimal degrees, for the map)")
        return None, None
    values = []
    for key, bound in (("lat", 90), ("lon", 180)):
        value = item[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not -bound <= value <= bound:
            r.problem(path, item.line, f"'{key}' must be a number of degrees between -{bound} and {bound}, got {value!r}")
            return None, None
        values.append(float(value))
    return values[0], values[1]


_FACT_REQUIRED = ("id", "kind", "action", "statement", "quotes")
_FACT_OPTIONAL = ("source", "question", "date", "until", "date_note", "salience", "keywords", "answers", "ar",
                  "supersedes", "by_date", *ROLES)


def _read_facts(r: _Reader, sources: dict[str, Source], entities: dict[str, Entity],
                actions: dict[str, list[str]]) -> dict[str, Fact]:
    facts: dict[str, Fact] = {}
    flat = {sid: " ".join(s.text.split()) for sid, s in sources.items()}
    for path in sorted(r.folder.glob("facts*.yaml")):
        data = r.load(path)
        if data is None:
            continue
        file_source = str(data.get("source") or "") if isinstance(data, dict) else ""
        if file_source and file_source not in sources:
            r.problem(path, getattr(data, "line", 1), f"source: unknown source '{file_source}' (known: {', '.join(sources)})")
        unsourced = False  # a fact of this file without a source was reported
        for item in r.items(path, "facts", data):
            if not r.keys(path, item, _FACT_REQUIRED, _FACT_OPTIONAL):
                continue
            fid = r.identity(path, item, "fact", facts, ("kind", FACT_KINDS))
            fact_actions = r.strings(path, item, "action")
            for action in fact_actions:
                if action not in actions:
                    r.problem(path, item.line, f"unknown action '{action}': add it to lexicon.yaml")
            source = _fact_source(r, path, item, sources, file_source, unsourced)
            unsourced = unsourced or not source
            roles = {role: r.strings(path, item, role) for role in ROLES if item.get(role)}
            for role, ids in roles.items():
                for eid in ids:
                    if eid not in entities:
                        r.problem(path, item.line, f"{role}: unknown entity '{eid}' (not in entities*.yaml)")
            quotes, quote_sources = _quotes(r, path, item, source, sources, flat)
            answers = item.get("answers") or {}
            if not isinstance(answers, dict):
                r.problem(path, item.line, "'answers' must be a mapping of question kind to answer")
                answers = {}
            for kind in answers:
                if kind not in ANSWER_KINDS:
                    r.problem(path, item.line, f"answers: unknown kind '{kind}' (allowed: {', '.join(ANSWER_KINDS)})")
            ar = _arabic(r, path, item)
            fact = Fact(fid, str(item["kind"]), fact_actions, str(item["statement"]).strip(), quotes, source,
                        question=str(item.get("question", "")), date=r.date(path, item, "date"),
                        until=r.date(path, item, "until"), date_note=str(item.get("date_note", "")),
                        salience=int(item.get("salience", 0)) if str(item.get("salience", 0)).isdigit() else 0,
                        roles=roles, keywords=r.strings(path, item, "keywords"),
                        answers={k: str(v).strip() for k, v in answers.items()}, ar=ar,
                        quote_sources=quote_sources, supersedes=r.strings(path, item, "supersedes"),
                        by_date=item.get("by_date") is True)
            if item.get("by_date") not in (None, True, False):
                r.problem(path, item.line, "by_date: write true (the date is the day by which it had happened) or leave it out")
            if fact.date:
                _check_dates(r, path, item, fact, sources)
            facts[fid] = fact
            r.where[f"fact:{fid}"] = (path, item.line)
    _check_supersedes(r, facts, sources)
    for e in entities.values():
        if e.about and e.about not in facts:
            r.problem(*r.where[e.id], f"entity '{e.id}': about: unknown fact '{e.about}'")
    return facts


def _fact_source(r: _Reader, path: Path, item: _LineDict, sources: dict[str, Source], file_source: str,
                 told: bool) -> str:
    """The fact's default source: its own ``source:``, its file's, or the only source there is
    (a missing one is reported once per file: ``told`` says it already was)."""
    source = str(item.get("source") or file_source or (next(iter(sources)) if len(sources) == 1 else ""))
    if not source and not told:
        r.problem(path, item.line, f"fact '{item['id']}' and the others after it must name their source: add "
                                   f"'source: ID' at the top of the file, or to each fact (sources: {', '.join(sources)})")
    elif source and source not in sources:
        r.problem(path, item.line, f"unknown source '{source}' (known: {', '.join(sources)})")
    return source


def _quotes(r: _Reader, path: Path, item: _LineDict, source: str, sources: dict[str, Source],
            flat: dict[str, str]) -> tuple[list[str], list[str]]:
    """Each quote's text and source: a plain string quotes the fact's source; ``{source: ID, text: ...}``
    quotes another. Every quote must be verbatim in its source."""
    texts, owners = [], []
    raw = item.get("quotes")
    raw = raw if isinstance(raw, list) else [raw]
    for quote, line in zip(raw, getattr(raw, "lines", None) or [item.line] * len(raw)):
        owner = source
        if isinstance(quote, dict):
            if set(quote) - {"source", "text"} or not quote.get("text"):
                r.problem(path, line, "a quote is a sentence, or {source: ID, text: SENTENCE}")
                continue
            owner, quote = str(quote.get("source") or source), quote["text"]
            if owner not in sources:
                r.problem(path, line, f"quote: unknown source '{owner}' (known: {', '.join(sources)})")
                continue
        if not isinstance(quote, (str, int)):
            r.problem(path, line, f"a quote must be a sentence, got {quote!r}")
            continue
        quote = str(quote)
        if owner in flat and " ".join(quote.split()) not in flat[owner]:
            differs = mismatch(quote, sources[owner].text, sources[owner].sentences())
            r.problem(path, line, f"quote is not verbatim in source '{owner}': {differs.message}", differs.detail)
        texts.append(quote)
        owners.append(owner)
    return texts, owners


def _check_dates(r: _Reader, path: Path, item: _LineDict, fact: Fact, sources: dict[str, Source]) -> None:
    """A dated fact's answers state its date, and the date is not after its sources were published."""
    date = FactDate.parse(fact.date)
    rendered = date.render()
    if rendered not in fact.answers.get("when", fact.statement):
        r.problem(path, item.line, f"the answer to 'when' (answers.when or statement) must say the date '{rendered}'")
    rendered_ar = date.render_in("ar")
    when_ar = fact.ar.get("when", fact.ar.get("statement", ""))
    if when_ar and rendered_ar not in when_ar:
        r.problem(path, item.line, f"ar: the Arabic answer to 'when' (ar.answers.when or ar.statement) must say the date '{rendered_ar}'")
    published = [sources[s].published for s in fact.sources if s in sources and sources[s].published]
    if published and fact.date[:len(max(published))] > max(published)[:len(fact.date)]:
        r.problem(path, item.line, f"date {fact.date} is after its source was published ({max(published)}): "
                                   "a source cannot report what had not happened yet")


def _check_supersedes(r: _Reader, facts: dict[str, Fact], sources: dict[str, Source]) -> None:
    """``supersedes`` names other facts, none newer than the fact that supersedes them (by the
    publication of their sources, then their dates)."""
    def newness(f: Fact) -> tuple[str, str]:
        return max((sources[s].published for s in f.sources if s in sources), default=""), f.date
    for fact in facts.values():
        for old in fact.supersedes:
            where = r.where[f"fact:{fact.id}"]
            if old not in facts or old == fact.id:
                r.problem(*where, f"supersedes: unknown fact '{old}'")
            elif newness(facts[old]) > newness(fact):
                r.problem(*where, f"supersedes: '{old}' is newer than '{fact.id}' (by its source's publication "
                                  "date, then its date); the newer fact supersedes the older")


def _arabic(r: _Reader, path: Path, item: _LineDict) -> dict[str, str]:
    """A fact's Arabic texts: ``ar: {statement, question, answers: {kind: text}}``, flattened."""
    ar = item.get("ar") or {}
    if not isinstance(ar, dict):
        r.problem(path, item.line, "'ar' must be a mapping (statement, question, answers)")
        return {}
    out = {k: str(ar[k]).strip() for k in ("statement", "question") if ar.get(k)}
    for key in ar:
        if key not in ("statement", "question", "answers"):
            r.problem(path, getattr(ar, "line", item.line), f"ar: unknown key '{key}' (allowed: statement, question, answers)")
    answers = ar.get("answers") or {}
    if not isinstance(answers, dict):
        r.problem(path, item.line, "ar: 'answers' must be a mapping of question kind to answer")
        return out
    for kind, text in answers.items():
        if kind not in ANSWER_KINDS:
            r.problem(path, item.line, f"ar: answers: unknown kind '{kind}' (allowed: {', '.join(ANSWER_KINDS)})")
        else:
            out[kind] = str(text).strip()
    return out


def _read_lexicon(r: _Reader) -> tuple[dict[str, list[str]], list[str], list[str], list[str]]:
    path = r.folder / "lexicon.yaml"
    data = r.load(path) if path.exists() else None
    if not isinstance(data, _LineDict) or not isinstance(data.get("actions"), dict):
        if not r.problems or data is not None:
            r.problem(path, getattr(data, "line", 0), "expected 'actions:' (a mapping) and 'domain:' (a list)")
        return {}, [], [], []
    for key in data:
        if key not in ("actions", "exclusive", "approach", "domain"):
            r.problem(path, data.line, f"unknown key '{key}' (allowed: actions, exclusive, approach, domain)")
    actions = {str(k): [normalise(str(w)) for w in (v or [])] for k, v in data["actions"].items()}
    named = {key: [str(a) for a in data.get(key) or []] for key in ("exclusive", "approach")}
    for key, names in named.items():
        for action in names:
            if action not in actions:
                r.problem(path, data.line, f"{key}: unknown action '{action}'")
    return actions, named["exclusive"], [normalise(str(w)) for w in data.get("domain") or []], named["approach"]


def _parse_all(r: _Reader) -> None:
    """Read and parse every knowledge file before any check runs: a file that cannot be read or parsed
    is reported alone, not as the dozens of problems its absence would cause in the other files."""
    for path in knowledge_files(r.folder):
        if path.suffix == ".yaml":
            r.load(path)
        else:
            r.read(path)
    if r.problems:
        fix = "the syntax is fixed" if r.syntax_errors == len(r.problems) else "every file can be read"
        raise KnowledgeError(r.problems, f"the other checks will run once {fix}")


def load_knowledge(folder: Path) -> Knowledge:
    """Read and validate ``folder``; raise KnowledgeError listing every problem found."""
    r = _Reader(folder)
    if not folder.is_dir():
        raise KnowledgeError([Problem(str(folder), 0, "knowledge folder not found")])
    _parse_all(r)
    sources = _read_sources(r)
    entities = _read_entities(r)
    actions, exclusive, domain, approach = _read_lexicon(r)
    facts = _read_facts(r, sources, entities, actions)
    if r.problems:
        raise KnowledgeError(r.problems)
    return Knowledge(sources, entities, facts, actions, exclusive, domain, approach, digest(folder))


def check_knowledge(folder: Path) -> list[Problem]:
    """Every problem in ``folder``; empty when it is valid."""
    try:
        load_knowledge(folder)
    except KnowledgeError as exc:
        return exc.problems
    return []
