"""Scale: synthetic knowledge for the benchmark (valid, the size asked, the original facts answered as
before), the indexes stored at build time, and the lazy ranking reading like the full one. No timing
here; `python -m bot bench --scale N` prints the figures."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from bot import thresholds as T
from bot.builder import build, ensure_built
from bot.context import Context
from bot.engine import Engine
from bot.evaluate import load_questions
from bot.factbase import FactBase
from bot.knowledge import check_knowledge, load_knowledge
from bot.synthetic import generate
from bot.text import words
from bot.vocab import forms, stem
from conftest import KNOWLEDGE

QUESTION_FILE = KNOWLEDGE.parent / "questions.yaml"

QUESTIONS = ["When did Hama fall?", "Who launched Operation Dawn of Freedom?", "Where is Daraa?",
             "Is Daraa under regime control?", "How many days after the first clashes did Hama fall?",
             "متى سقطت حماة؟", "مين أطلق عملية فجر الحرية؟"]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory):
    return generate(KNOWLEDGE, tmp_path_factory.mktemp("synthetic") / "knowledge", 3)


@pytest.fixture(scope="module")
def bigger(synthetic, tmp_path_factory: pytest.TempPathFactory):
    """An engine over three copies of the facts."""
    return Engine.open(synthetic, tmp_path_factory.mktemp("facts") / "facts.sqlite")


def test_synthetic_knowledge_is_valid_and_three_times_the_size(synthetic):
    assert check_knowledge(synthetic) == []
    original, k = load_knowledge(KNOWLEDGE), load_knowledge(synthetic)
    assert len(k.facts) == 3 * len(original.facts)
    assert len(k.entities) == 3 * len(original.entities)
    assert len(k.sources) == 4 * len(original.sources)  # copy 1 has two of each source


def test_copies_are_renamed_throughout(synthetic):
    k = load_knowledge(synthetic)
    copy = k.facts["hama-captured-c1"]
    assert copy.source.startswith(k.facts["hama-captured"].source + "-c1")
    assert copy.roles["places"] == ["hama-c1"] and "Hama" not in copy.statement + " ".join(copy.quotes)
    assert k.entities["hama-c1"].name != "Hama" and k.entities["hama-c1"].about == "hama-captured-c1"


def test_original_facts_answered_as_before(engine, bigger):
    """Questions about copy 0 get the same answer, citations and verdict over three times the facts."""
    for q in QUESTIONS:
        before, after = engine.ask(q, Context()), bigger.ask(q, Context())
        assert (after.text, after.facts, after.sources, after.verdict, after.answered) == (
            before.text, before.facts, before.sources, before.verdict, before.answered), q


def test_lazy_ranking_reads_like_the_full_one(bigger):
    """For every question of the project's set, over three copies of the facts: the best facts the
    lazy ranking gives (untouched facts left unscored) are the start of the fully scored ranking."""
    singles, _ = load_questions(QUESTION_FILE)
    for item in singles:
        p = bigger.understander.parse(str(item["q"]))
        if not p.tokens:
            continue
        full = list(bigger.scorer.ranking(p).above())  # reads every candidate
        assert bigger.scorer.ranking(p).first(3) == full[:3], item["q"]
        assert bigger.scorer.ranking(p).scores(3) == pytest.approx([x[0] for x in full[:3]]), item["q"]
        above = [x for x in full if x[0] >= T.MIN_FACT_SCORE]
        assert bigger.scorer.ranking(p).first(5, T.MIN_FACT_SCORE) == above[:5], item["q"]
        lead = bigger.scorer.ranking(p).leader(T.CLAIM_MARGIN)
        runner = full[1][0] if len(full) > 1 else 0.0
        assert lead == ((full[0][0], full[0][1], not full[0][0] - runner < T.CLAIM_MARGIN) if full else None), item["q"]
        assert bigger.scorer.ranking(p).leader(T.CLAIM_MARGIN, T.MIN_FACT_SCORE) == (
            lead if above else None), item["q"]


def bare(found: list[str]) -> set[str]:
    """Words, each Arabic one also without its clitics (of three letters or more; a dictionary word
    keeps its first letter, as the builder reads the knowledge files)."""
    return {x for w in found for x in forms(w, written=True)}


def test_stored_indexes_are_what_the_texts_say(tmp_path):
    """Each fact's stored words are the words of its texts, and the entities its quotes name are those
    with an alias (of four or more characters) anywhere in them, as a plain search finds them."""
    k = load_knowledge(KNOWLEDGE)
    fb = FactBase(build(KNOWLEDGE, tmp_path / "facts.sqlite").path)
    for f in k.facts.values():
        stored = fb.facts[f.id]
        own = [f.statement, *f.answers.values(), *f.keywords, *f.ar.values()]
        assert stored.core == bare(words(" ".join(own)))
        assert stored.vocab == bare(words(" ".join([*own, *f.quotes]))).union(*(k.actions[a] for a in f.actions))
        assert all(fb.stems[w] == stem(w) and w in fb.spellings[stem(w)] for w in stored.vocab)
        quotes = " ".join(f.quotes).casefold()
        assert stored.mentioned == {e.id for e in k.entities.values()
                                    if any(len(a) > 3 and a.casefold() in quotes for a in [e.name, *e.aliases])}


def test_build_is_the_same_whatever_the_hash_seed(tmp_path):
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-m", "bot", "--knowledge", str(KNOWLEDGE), "build", "--out",
                        str(tmp_path / f"{seed}.sqlite")], env={**os.environ, "PYTHONHASHSEED": seed},
                       check=True, capture_output=True)
    assert (tmp_path / "1.sqlite").read_bytes() == (tmp_path / "2.sqlite").read_bytes()


def test_fact_base_of_other_word_finding_code_is_rebuilt(tmp_path):
    """Words and stems are found at build time: a fact base made by other code (or another stemmer)
    is rebuilt rather than read."""
    db = tmp_path / "facts.sqlite"
    assert ensure_built(KNOWLEDGE, db) and not ensure_built(KNOWLEDGE, db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = 'other' WHERE key = 'derived'")
    assert ensure_built(KNOWLEDGE, db)


def test_timeline_lists_a_bounded_number_of_events_then_how_many_more(engine, bigger, monkeypatch):
    """The timeline lists its first TIMELINE_MAX events and says how many more there are, in either
    language (three copies of the facts, a bound below their number); today's knowledge has fewer
    events than the bound and lists them all."""
    assert "\u2026" not in engine.timeline().text and len(engine.timeline().facts) < T.TIMELINE_MAX
    monkeypatch.setattr(T, "TIMELINE_MAX", 12)
    whole = [f.id for f in bigger.fb.events if f.date.day or f.until]
    for lang, more in (("en", f"and {len(whole) - 12} more events."), ("ar", f"وأحداث أخرى عددها {len(whole) - 12}.")):
        answer = bigger.timeline(lang=lang)
        lines = answer.text.splitlines()
        assert answer.facts == whole[:12] and len(lines) == 1 + 12 + 1, lang
        assert lines[-1].endswith(more), lang


def test_greeting_and_about_name_the_newest_sources_then_how_many_more(bigger, monkeypatch):
    """With more sources than SOURCES_NAMED, the greeting and the about text name the newest ones and
    say how many more there are (in either language); the about text cites only their reports."""
    monkeypatch.setattr(T, "SOURCES_NAMED", 2)
    by_age = sorted(bigger.fb.sources.values(), key=lambda s: (s["published"], s["id"]), reverse=True)
    more = len(by_age) - 2
    assert more == 2  # the original and the first copy; Arabic counts two in the dual
    for q, tail, code in (("hello", "and 2 more sources", "en"), ("مرحبا", "ومصدران آخران", "ar")):
        newest, older = [[bigger.fb.source_label(s["id"], code) for s in part] for part in (by_age[:2], by_age[2:])]
        text = bigger.ask(q, Context()).text
        assert all(label in text for label in newest) and not any(label in text for label in older), q
        assert tail in text, q
    newest, older = [[s["label"] for s in part] for part in (by_age[:2], by_age[2:])]
    about = bigger.ask("What is the source of this information?", Context())
    assert "and 2 more sources" in about.text and not any(label in about.text for label in older)
    assert {c.source for c in about.sources} <= set(newest)


def test_summary_gives_the_newest_summaries_up_to_the_list_bound(bigger, monkeypatch):
    """A summary over many sources gives at most LIST_MAX summaries, the newest word first."""
    monkeypatch.setattr(T, "LIST_MAX", 2)
    answer = bigger.ask("Give me a summary of the offensive", Context())
    summaries = [f for f in bigger.fb.facts.values() if "summary" in f.actions and not f.superseded_by]
    newest = sorted(summaries, key=lambda f: (bigger.fb.as_of(f), f.id), reverse=True)
    assert len(summaries) > 2 and answer.facts == [f.id for f in newest[:2]]
