"""The builder: validation with file and line, coverage, determinism, atomic replacement, rebuilds."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from bot import knowledge as knowledge_module
from bot.answer import Answer
from bot.builder import build, ensure_built
from bot.errors import ForeignFileError, KnowledgeError
from bot.files import APP_FACTS
from bot.journal import Journal
from bot.knowledge import check_knowledge
from conftest import BUNDLED, KNOWLEDGE


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_bundled_knowledge_is_valid():
    """The editors' knowledge (not the frozen test copy) passes every check."""
    assert check_knowledge(BUNDLED) == []


def test_bundled_knowledge_is_valid_and_fully_cited(tmp_path):
    report = build(KNOWLEDGE, tmp_path / "f.sqlite")
    assert check_knowledge(KNOWLEDGE) == []
    assert report.coverage and all(cited == total for cited, total in report.coverage.values())
    assert report.counts["facts"] >= 20 and report.counts["sentences"] == 17


def test_places_keep_their_coordinates_and_groups_their_side(tmp_path):
    from bot.factbase import FactBase

    fb = FactBase(build(KNOWLEDGE, tmp_path / "f.sqlite").path)
    places = [e for e in fb.entities.values() if e.type == "place"]
    assert places and all(e.lat is not None and e.lon is not None for e in places)
    assert (round(fb.entities["hama"].lat, 2), round(fb.entities["hama"].lon, 2)) == (35.13, 36.76)
    assert fb.entities["tel-rifaat"].within == "aleppo" and fb.entities["sna"].side == "opposition"
    assert fb.digest and fb.source_urls() == {}


def test_tables_and_fts(tmp_path):
    db = sqlite_utils.Database(build(KNOWLEDGE, tmp_path / "f.sqlite").path)
    assert {"sources", "sentences", "entities", "aliases", "facts", "relations", "quotes", "meta"} <= set(
        db.table_names())
    hits = list(db["sentences"].search("Hama"))
    assert hits and "Hama" in hits[0]["text"]
    assert db["aliases"].count_where("norm = ?", ["hamah"]) == 1


def test_build_is_deterministic(tmp_path):
    a, b = build(KNOWLEDGE, tmp_path / "a.sqlite"), build(KNOWLEDGE, tmp_path / "b.sqlite")
    assert _digest(a.path) == _digest(b.path)
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def _break(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "file, old, new, expected",
    [
        ("facts.yaml", "  - id: hama-captured\n    kind: event", "  - id: hama-captured\n    kind: [event", "YAML syntax"),
        ("facts.yaml", "    salience: 3\n", "    salience: 3\n    colour: red\n", "unknown key 'colour'"),
        ("facts.yaml", "places: [hama]", "places: [hamburg]", "unknown entity 'hamburg'"),
        ("facts.yaml", "date: 2024-12-05", "date: 2024-13-05", "bad date"),
        ("facts.yaml", "anti-regime forces captured the city of Hama", "rebels captured the city of Hama",
         "not verbatim"),
        ("entities.yaml", "about: hama-captured", "about: no-such-fact", "unknown fact 'no-such-fact'"),
        ("facts.yaml", "action: [capture, hold]\n    actors: [opposition]\n    targets: [regime]\n    places: [hama]",
         "action: [conquest]\n    actors: [opposition]\n    targets: [regime]\n    places: [hama]", "unknown action"),
        ("entities.yaml", "    lat: 35.1318\n", "", "needs 'lat' and 'lon'"),
        ("entities.yaml", "lat: 35.1318", "lat: 135.1318", "between -90 and 90"),
        ("entities.yaml", "lon: 36.7578", "lon: east", "'lon' must be a number"),
        ("entities.yaml", "    side: opposition\n", "    side: rebels\n", "side 'rebels'"),
        ("entities.yaml", "within: aleppo", "within: sna", "is not another place"),
        ("facts.yaml", "kicked, 'off', outbreak", "kicked, off, outbreak", "put that word in quotes"),
        ("entities.yaml", "National Army, الجيش الوطني السوري, الجيش الوطني]\n",
         "National Army, الجيش الوطني السوري, الجيش الوطني]\n    within: aleppo\n",
         "for places and units only"),  # a group is based nowhere in particular
        ("entities.yaml", "about: offensive-summary\n", "about: offensive-summary\n    lat: 1\n    lon: 2\n",
         "only places have"),
        ("sources/000_6980d386ee3d208e.yaml", "published: 2024-12-07", "published: 2024-12-07\nurl: ftp://x",
         "http(s) address"),
    ],
)
def test_validation_names_file_line_and_reason(knowledge_copy, file, old, new, expected):
    _break(knowledge_copy, file, old, new)
    problems = check_knowledge(knowledge_copy)
    assert problems, "the broken knowledge was accepted"
    assert any(expected in p.message and p.file == file and p.line > 0 for p in problems), problems


def test_bad_edit_never_replaces_good_facts(knowledge_copy, tmp_path):
    out = tmp_path / "f.sqlite"
    build(knowledge_copy, out)
    before = _digest(out)
    _break(knowledge_copy, "facts.yaml", "date: 2024-12-05", "date: tomorrow")
    with pytest.raises(KnowledgeError) as err:
        build(knowledge_copy, out)
    assert "facts.yaml:" in str(err.value)
    assert _digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["f.sqlite"]


def test_rebuilds_when_knowledge_changes(knowledge_copy, tmp_path):
    out = tmp_path / "f.sqlite"
    assert ensure_built(knowledge_copy, out) is True
    assert ensure_built(knowledge_copy, out) is False
    _break(knowledge_copy, "entities.yaml", "aliases: [Hims,", "aliases: [Hims, Emesa,")
    assert ensure_built(knowledge_copy, out) is True
    assert sqlite_utils.Database(out)["aliases"].count_where("norm = ?", ["emesa"]) == 1


@pytest.mark.parametrize("content", [b"not a database", b"my notes\n" * 100, b"SQLite format 3\x00" + b"\x00" * 200],
                         ids=["short-text", "text", "broken-sqlite"])
def test_a_file_that_is_not_a_fact_base_is_never_overwritten(tmp_path, content):
    out = tmp_path / "f.sqlite"
    out.write_bytes(content)
    with pytest.raises(ForeignFileError, match=re.escape(str(out))):
        ensure_built(KNOWLEDGE, out)
    assert out.read_bytes() == content


def test_another_sqlite_file_is_never_overwritten(tmp_path):
    """The journal (or anyone's database) named as the fact base by mistake keeps its rows."""
    journal = Journal(tmp_path / "journal.sqlite")
    journal.record("who is the pope?", Answer("who is the pope?", "no", False, "who", 0.0))
    journal.close()
    other = tmp_path / "other.sqlite"
    db = sqlite_utils.Database(other)
    db["mine"].insert({"x": 1})
    db.close()
    for path in (journal.path, other):
        before = path.read_bytes()
        with pytest.raises(ForeignFileError, match="refusing to overwrite"):
            build(KNOWLEDGE, path)
        assert path.read_bytes() == before
    assert Journal(journal.path).totals()["asked"] == 1


def test_our_own_fact_base_is_rebuilt_also_one_from_before_the_application_id(tmp_path):
    out = tmp_path / "f.sqlite"
    build(KNOWLEDGE, out)
    conn = sqlite3.connect(out)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APP_FACTS
    conn.execute("PRAGMA application_id = 0")  # as written by earlier versions
    conn.execute("UPDATE meta SET value = 'stale' WHERE key = 'digest'")
    conn.commit()
    conn.close()
    assert ensure_built(KNOWLEDGE, out) is True
    assert sqlite_utils.Database(out)["facts"].count > 0


def test_a_symlink_is_resolved_never_replaced(tmp_path):
    real = tmp_path / "real" / "facts.sqlite"
    real.parent.mkdir()
    build(KNOWLEDGE, real)
    link = tmp_path / "link.sqlite"
    link.symlink_to(real)
    build(KNOWLEDGE, link)
    assert link.is_symlink() and os.readlink(link) == str(real) and real.is_file()


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_not_a_regular_file_is_refused(tmp_path, kind):
    path = tmp_path / "facts.sqlite"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path("/dev/null")
    with pytest.raises(ForeignFileError, match="not a regular file"):
        build(KNOWLEDGE, path)


def test_cli_refuses_in_one_line(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    out = subprocess.run([sys.executable, "-m", "bot", "--db", str(notes), "ask", "When did Hama fall?"],
                         cwd=KNOWLEDGE.parent, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert out.stderr.startswith(f"error: refusing to overwrite {notes}") and notes.read_text() == "my notes"


def test_fact_base_is_private(tmp_path):
    out = tmp_path / "new" / "facts.sqlite"
    build(KNOWLEDGE, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and stat.S_IMODE(out.parent.stat().st_mode) == 0o700


# --- knowledge files that cannot be read: named, with the reason; never a hang -------------------


@pytest.mark.parametrize("kind, reason", [
    ("fifo", "facts-extra.yaml: cannot read: not a regular file"),
    ("folder", "facts-extra.yaml: cannot read: not a regular file"),
    ("large", "facts-extra.yaml: cannot read: too large"),
    ("binary", "facts-extra.yaml: cannot read: not UTF-8 text"),
])
def test_unreadable_knowledge_files_are_named_with_the_reason(knowledge_copy, kind, reason, monkeypatch):
    path = knowledge_copy / "facts-extra.yaml"
    if kind == "fifo":
        os.mkfifo(path)  # reading it would wait forever for a writer
    elif kind == "folder":
        path.mkdir()
    elif kind == "large":
        monkeypatch.setattr(knowledge_module, "MAX_FILE_BYTES", 1000)
        path.write_text("facts: []\n" + "# padding\n" * 200)
    else:
        path.write_bytes(b"facts: [\xff\xfe]\n")
    problems = [str(p) for p in check_knowledge(knowledge_copy)]
    assert any(p.startswith(reason) for p in problems), problems


def test_permission_denied_is_named(knowledge_copy, monkeypatch):
    real_open = os.open

    def deny(path, flags, *args):
        if str(path).endswith("lexicon.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", deny)
    problems = [str(p) for p in check_knowledge(knowledge_copy)]
    assert "lexicon.yaml: cannot read: permission denied" in problems, problems


def test_check_with_a_fifo_finishes_in_one_line_per_problem(tmp_path, knowledge_copy):
    os.mkfifo(knowledge_copy / "entities-extra.yaml")
    out = subprocess.run([sys.executable, "-m", "bot", "--knowledge", str(knowledge_copy), "check"],
                         cwd=KNOWLEDGE.parent, capture_output=True, text=True, timeout=30)
    assert out.returncode == 1 and "entities-extra.yaml: cannot read: not a regular file" in out.stderr
    assert "Traceback" not in out.stderr
