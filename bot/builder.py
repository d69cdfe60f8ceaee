"""Build the SQLite fact base from the knowledge folder: validate, write a temp file, move it in place."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import sqlite3
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from bot import __version__, collector
from bot.errors import Problem
from bot.files import APP_FACTS, claim, private_dir, tables
from bot.indexes import fact_index
from bot.knowledge import ROLES, Knowledge, check_knowledge, citations, coverage, digest, load_knowledge
from bot.paths import default_db_path, default_knowledge_dir
from bot.text import normalise
from bot.vocab import STEMMER_MODULES, is_arabic, place_names, stem

__all__ = ["BuildReport", "build", "check_knowledge", "coverage_line", "ensure_built", "Problem"]
SCHEMA_VERSION = "8"  # bump whenever the tables change: old fact bases are then rebuilt


@dataclass
class BuildReport:
    """What a build wrote: counts, citation coverage per source, fact ids, and time taken."""

    path: Path
    counts: dict[str, int]
    coverage: dict[str, tuple[int, int]]
    fact_ids: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """Human-readable summary lines."""
        counts = ", ".join(f"{v} {k}" for k, v in self.counts.items())
        out = [f"built {self.path} ({counts}) in {self.seconds * 1000:.0f} ms"]
        return out + [coverage_line(source, cited, total) for source, (cited, total) in self.coverage.items()]


def coverage_line(source: str, cited: int, total: int) -> str:
    """How much of one source the facts cite, as ``build`` and ``check`` print it."""
    return f"coverage {source}: {cited}/{total} sentences cited ({100 * cited / max(total, 1):.0f}%)"


def _write(db: sqlite_utils.Database, k: Knowledge) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    """Fill an empty database with the validated knowledge."""
    db["meta"].insert_all([{"key": "digest", "value": k.digest}, {"key": "schema", "value": SCHEMA_VERSION},
                           {"key": "version", "value": __version__}, {"key": "derived", "value": derivation()}],
                          pk="key")
    db["sources"].insert_all(({"id": s.id, "file": s.file, "title": s.title, "publisher": s.publisher,
                               "published": s.published, "label": s.label, "text": s.text, "url": s.url,
                               "ar": json.dumps(s.ar, ensure_ascii=False, sort_keys=True),
                               "inferences": json.dumps(s.inferences, ensure_ascii=False, sort_keys=True)}
                              for s in k.sources.values()), pk="id")
    cited = citations(k)
    sentences = [{"id": f"{sid}:{n}", "source": sid, "n": n, "text": sentence, "cited": flag}
                 for sid, rows in cited.items() for n, (sentence, flag) in enumerate(rows)]
    db["sentences"].insert_all(sentences, pk="id")
    db["sentences"].enable_fts(["text"], create_triggers=False, tokenize="unicode61")
    db["entities"].insert_all(({"id": e.id, "name": e.name, "type": e.type, "about": e.about, "unnamed": e.unnamed,
                                "name_ar": e.name_ar, "lat": e.lat, "lon": e.lon, "side": e.side, "within": e.within}
                               for e in k.entities.values()), pk="id", columns={"lat": float, "lon": float})
    aliases = [(a, normalise(a).removeprefix("the "), e.id) for e in k.entities.values() for a in [e.name, *e.aliases]]
    _insert(db, "aliases", {"alias": str, "norm": str, "entity": str}, aliases, foreign_keys=[("entity", "entities", "id")])
    _insert(db, "facts", {"id": str, "kind": str, "actions": str, "date": str, "until": str, "date_note": str,
                          "by_date": int, "question": str, "statement": str, "salience": int, "source": str, "keywords": str},
            [(f.id, f.kind, " ".join(f.actions), f.date, f.until, f.date_note, f.by_date, f.question, f.statement,
              f.salience, f.source, " ".join(f.keywords)) for f in k.facts.values()],
            pk="id", foreign_keys=[("source", "sources", "id")])
    _insert(db, "relations", {"fact": str, "role": str, "entity": str},
            [(f.id, role, eid) for f in k.facts.values() for role in ROLES for eid in f.roles.get(role, [])],
            foreign_keys=[("fact", "facts", "id"), ("entity", "entities", "id")])
    _insert(db, "answers", {"fact": str, "kind": str, "lang": str, "text": str},
            [(f.id, kind, lang, text) for f in k.facts.values()
             for lang, texts in (("en", f.answers), ("ar", f.ar)) for kind, text in texts.items()],
            foreign_keys=[("fact", "facts", "id")])
    _insert(db, "quotes", {"fact": str, "n": int, "quote": str, "source": str},
            [(f.id, n, q, qs) for f in k.facts.values() for n, (q, qs) in enumerate(zip(f.quotes, f.quote_sources))],
            foreign_keys=[("fact", "facts", "id"), ("source", "sources", "id")])
    _insert(db, "supersedes", {"fact": str, "old": str}, [(f.id, old) for f in k.facts.values() for old in f.supersedes],
            foreign_keys=[("fact", "facts", "id"), ("old", "facts", "id")])
    words, keys, stems = fact_index(k)
    _insert(db, "fact_words", {"fact": str, "n": int, "vocab": str, "core": str, "mentioned": str}, words, pk="fact")
    _insert(db, "fact_keys", {"key": str, "facts": str, "word": bool}, keys, pk="key")
    # the words the engine matches by stem: the facts', the lexicon's, and the Arabic words of names
    stemmed = {w for _, norm, _ in aliases for w in norm.split() if is_arabic(w)}.union(*k.actions.values(), stems)
    _insert(db, "stems", {"word": str, "stem": str}, [(w, stems.get(w) or stem(w)) for w in sorted(stemmed)], pk="word")
    _insert(db, "places", {"name": str}, [(n,) for n in place_names()], pk="name")
    db["actions"].insert_all(({"name": a, "exclusive": a in k.exclusive, "approach": a in k.approach}
                              for a in k.actions), pk="name")
    db["lexicon"].insert_all([{"word": w, "action": a} for a, ws in k.actions.items() for w in ws]
                             + [{"word": w, "action": ""} for w in k.domain])
    counts = {"sources": len(k.sources), "sentences": len(sentences), "entities": len(k.entities),
              "aliases": len(aliases), "facts": len(k.facts), "relations": db["relations"].count}
    return counts, coverage(cited)


def _insert(db: sqlite_utils.Database, table: str, columns: dict[str, type], rows: list[tuple], pk: str | None = None,
            foreign_keys: list[tuple[str, str, str]] | None = None) -> None:
    """A new table of ``rows`` (values in the order of ``columns``), written in one statement."""
    db[table].create(columns, pk=pk, foreign_keys=foreign_keys)
    db.conn.executemany(f"INSERT INTO [{table}] VALUES ({', '.join('?' * len(columns))})", rows)


def build(knowledge_dir: Path | None = None, out: Path | None = None) -> BuildReport:
    """Validate ``knowledge_dir`` and write its fact base to ``out`` atomically; raise KnowledgeError."""
    with collector.paused():
        return _build(knowledge_dir, out)


def _build(knowledge_dir: Path | None, out: Path | None) -> BuildReport:
    started = time.perf_counter()
    knowledge_dir = knowledge_dir or default_knowledge_dir()
    out = out or default_db_path(knowledge_dir)
    k = load_knowledge(knowledge_dir)
    out = claim(out, APP_FACTS, is_legacy_factbase)  # never over a file the bot did not write
    private_dir(out.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        db = sqlite_utils.Database(tmp)
        db.execute(f"PRAGMA application_id = {APP_FACTS}")
        db.execute("PRAGMA synchronous = OFF")  # a temp file: synced once, below, not at every insert
        with db.conn:
            counts, coverage = _write(db, k)
        db.close()
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return BuildReport(out, counts, coverage, sorted(k.facts), time.perf_counter() - started)


def is_legacy_factbase(conn: sqlite3.Connection) -> bool:
    """True for a fact base built before fact bases carried their application_id (it has our tables)."""
    if not {"meta", "facts", "sources"} <= tables(conn):
        return False
    return {row[0] for row in conn.execute("SELECT key FROM meta")} >= {"digest", "schema"}


def stored_digest(db_path: Path) -> str:
    """The knowledge digest a built fact base was made from ("" if unreadable)."""
    try:
        db = sqlite_utils.Database(db_path)
        try:
            rows = {r["key"]: r["value"] for r in db["meta"].rows}
        finally:
            db.close()
    except Exception:  # a missing, partial or foreign file simply means "rebuild"
        return ""
    current = rows.get("schema") == SCHEMA_VERSION and rows.get("derived") == derivation()
    return rows.get("digest", "") if current else ""


def derivation() -> str:
    """A fingerprint of what found the stored words, stems and names: the code that normalises, stems
    and indexes them, the stemmer, Babel (the gazetteer) and the Unicode tables. A fact base found otherwise is rebuilt."""
    h = hashlib.sha256(unicodedata.unidata_version.encode() + importlib.metadata.version("babel").encode())  # its place names
    for module in sorted({"bot.text", "bot.vocab", "bot.indexes", *STEMMER_MODULES}):
        path = getattr(sys.modules[module], "__file__", None)
        h.update(Path(path).read_bytes() if path and Path(path).is_file() else module.encode())
    return h.hexdigest()


def ensure_built(knowledge_dir: Path, db_path: Path) -> bool:
    """Build ``db_path`` unless it was built from the current knowledge files; True if it built."""
    if db_path.is_file() and stored_digest(db_path) == digest(knowledge_dir):
        return False
    build(knowledge_dir, db_path)
    return True
