"""Synthetic knowledge for the scale benchmark: valid, the size asked, and the original facts still
answered as before (no timing here; `python -m bot bench --scale N` prints the figures)."""

from __future__ import annotations

import pytest

from bot.context import Context
from bot.engine import Engine
from bot.knowledge import check_knowledge, load_knowledge
from bot.synthetic import generate
from conftest import KNOWLEDGE

QUESTIONS = ["When did Hama fall?", "Who launched Operation Dawn of Freedom?", "Where is Daraa?",
             "Is Daraa under regime control?", "How many days after the first clashes did Hama fall?",
             "متى سقطت حماة؟", "مين أطلق عملية فجر الحرية؟"]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory):
    return generate(KNOWLEDGE, tmp_path_factory.mktemp("synthetic") / "knowledge", 3)


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


def test_original_facts_answered_as_before(engine, synthetic, tmp_path):
    """Questions about copy 0 get the same answer, citations and verdict over three times the facts."""
    bigger = Engine.open(synthetic, tmp_path / "facts.sqlite")
    for q in QUESTIONS:
        before, after = engine.ask(q, Context()), bigger.ask(q, Context())
        assert (after.text, after.facts, after.sources, after.verdict, after.answered) == (
            before.text, before.facts, before.sources, before.verdict, before.answered), q
