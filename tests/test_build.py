"""The builder: validation with file and line, coverage, determinism, atomic replacement, rebuilds."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlite_utils

from bot.builder import build, ensure_built
from bot.errors import KnowledgeError
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


def test_corrupt_fact_base_is_rebuilt(tmp_path):
    out = tmp_path / "f.sqlite"
    out.write_bytes(b"not a database")
    assert ensure_built(KNOWLEDGE, out) is True
    assert sqlite_utils.Database(out)["facts"].count > 0
