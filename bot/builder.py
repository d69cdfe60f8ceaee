"""Build the SQLite fact base from the knowledge folder: validate, write a temp file, move it in place."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from bot import __version__
from bot.errors import Problem
from bot.files import APP_FACTS, claim, private_dir, tables
from bot.knowledge import ROLES, Knowledge, check_knowledge, digest, load_knowledge
from bot.indexes import FactWords, Mentions
from bot.paths import default_db_path, default_knowledge_dir
from bot.text import normalise

__all__ = ["BuildReport", "build", "check_knowledge", "ensure_built", "Problem"]
SCHEMA_VERSION = "5"  # bump whenever the tables change: old fact bases are then rebuilt


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
        for source, (cited, total) in self.coverage.items():
            out.append(f"coverage {source}: {cited}/{total} sentences cited ({100 * cited / max(total, 1):.0f}%)")
        return out


def _write(db: sqlite_utils.Database, k: Knowledge) -> tuple[dict[str, int], dict[str, tuple[int, int]]]:
    """Fill an empty database with the validated knowledge."""
    db["meta"].insert_all([{"key": "digest", "value": k.digest}, {"key": "schema", "value": SCHEMA_VERSION},
                           {"key": "version", "value": __version__}], pk="key")
    db["sources"].insert_all(({"id": s.id, "file": s.file, "title": s.title, "publisher": s.publisher,
                               "published": s.published, "label": s.label, "text": s.text, "url": s.url,
                               "inferences": json.dumps(s.inferences, ensure_ascii=False, sort_keys=True)}
                              for s in k.sources.values()), pk="id")
    sentences, coverage = [], {}
    for s in k.sources.values():
        quotes = [" ".join(q.split()) for f in k.facts.values() if f.source == s.id for q in f.quotes]
        rows = [{"id": f"{s.id}:{n}", "source": s.id, "n": n, "text": sentence,
                 "cited": any(sentence in q or q in sentence for q in quotes)}
                for n, sentence in enumerate(s.sentences())]
        coverage[s.id] = (sum(r["cited"] for r in rows), len(rows))
        sentences.extend(rows)
    db["sentences"].insert_all(sentences, pk="id")
    db["sentences"].enable_fts(["text"], create_triggers=False, tokenize="unicode61")
    db["entities"].insert_all(({"id": e.id, "name": e.name, "type": e.type, "about": e.about, "unnamed": e.unnamed,
                                "name_ar": e.name_ar, "lat": e.lat, "lon": e.lon, "side": e.side, "within": e.within}
                               for e in k.entities.values()), pk="id", columns={"lat": float, "lon": float})
    db["aliases"].insert_all(({"alias": a, "norm": normalise(a).removeprefix("the "), "entity": e.id}
                              for e in k.entities.values() for a in [e.name, *e.aliases]),
                             foreign_keys=[("entity", "entities", "id")])
    db["facts"].insert_all(({"id": f.id, "kind": f.kind, "actions": " ".join(f.actions), "date": f.date, "until": f.until,
                             "date_note": f.date_note, "question": f.question, "statement": f.statement,
                             "salience": f.salience, "source": f.source, "keywords": " ".join(f.keywords)}
                            for f in k.facts.values()), pk="id", foreign_keys=[("source", "sources", "id")])
    db["relations"].insert_all(({"fact": f.id, "role": role, "entity": eid}
                                for f in k.facts.values() for role in ROLES for eid in f.roles.get(role, [])),
                               foreign_keys=[("fact", "facts", "id"), ("entity", "entities", "id")])
    db["answers"].insert_all(({"fact": f.id, "kind": kind, "lang": lang, "text": text}
                              for f in k.facts.values()
                              for lang, texts in (("en", f.answers), ("ar", f.ar)) for kind, text in texts.items()),
                             foreign_keys=[("fact", "facts", "id")])
    db["quotes"].insert_all(({"fact": f.id, "n": n, "quote": q} for f in k.facts.values()
                             for n, q in enumerate(f.quotes)), foreign_keys=[("fact", "facts", "id")])
    words, keys = _fact_index(k)
    db["fact_words"].insert_all(words, pk="fact", foreign_keys=[("fact", "facts", "id")])
    db["fact_keys"].insert_all(keys, pk="key")
    db["actions"].insert_all(({"name": a, "exclusive": a in k.exclusive} for a in k.actions), pk="name")
    db["lexicon"].insert_all([{"word": w, "action": a} for a, ws in k.actions.items() for w in ws]
                             + [{"word": w, "action": ""} for w in k.domain])
    counts = {"sources": len(k.sources), "sentences": len(sentences), "entities": len(k.entities),
              "aliases": db["aliases"].count, "facts": len(k.facts), "relations": db["relations"].count}
    return counts, coverage


def _fact_index(k: Knowledge) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Each fact's words, core words, stems and the entities its quotes name; and each key a
    question may share with facts (a word, an entity, ``action:NAME``, a fact id) with those facts,
    and whether it is a word of some fact. Lists are space-separated."""
    named = Mentions((a, e.id) for e in k.entities.values() for a in [e.name, *e.aliases])
    fact_words = FactWords(k.actions)
    rows, keys, words = [], {}, set()
    for f in k.facts.values():
        vocab, core, stems = fact_words.of(f)
        words |= vocab
        mentioned = named.named_in(" ".join(f.quotes))
        rows.append({"fact": f.id, "vocab": " ".join(sorted(vocab)), "core": " ".join(sorted(core)),
                     "stems": " ".join(sorted(stems)), "mentioned": " ".join(sorted(mentioned))})
        entities = {e for ids in f.roles.values() for e in ids}
        for key in vocab | entities | mentioned | {f.id} | {f"action:{a}" for a in f.actions}:
            keys.setdefault(key, []).append(f.id)
    return rows, [{"key": key, "facts": " ".join(ids), "word": key in words} for key, ids in keys.items()]


def build(knowledge_dir: Path | None = None, out: Path | None = None) -> BuildReport:
    """Validate ``knowledge_dir`` and write its fact base to ``out`` atomically; raise KnowledgeError."""
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
    return rows.get("digest", "") if rows.get("schema") == SCHEMA_VERSION else ""


def ensure_built(knowledge_dir: Path, db_path: Path) -> bool:
    """Build ``db_path`` unless it was built from the current knowledge files; True if it built."""
    if db_path.is_file() and stored_digest(db_path) == digest(knowledge_dir):
        return False
    build(knowledge_dir, db_path)
    return True
