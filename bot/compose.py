"""Compose answers: the short text in the bot's voice, its citations and follow-up suggestions."""

from __future__ import annotations

from bot import thresholds as T
from bot.answer import Answer, Citation
from bot.factbase import FactBase, StoredFact

COVERAGE = ("The report covers the opposition offensive from 27 November to 7 December 2024 "
            "(Aleppo, Idlib, Tel Rifaat, Hama, Daraa, the Southern Operations Room, the advance on Homs) "
            "and Daraa's history since 2011.")


def citations(fb: FactBase, facts: list[StoredFact]) -> list[Citation]:
    """Each distinct quote of ``facts``, with its source's label, in order."""
    seen: dict[str, Citation] = {}
    for f in facts:
        for q in f.quotes:
            seen.setdefault(q, Citation(fb.source_label(f.source), q))
    return list(seen.values())


def suggestions(fb: FactBase, facts: list[StoredFact], entities: list[str], asked: str = "") -> list[str]:
    """Up to SUGGESTIONS follow-up questions: facts about the same entities, then the most central."""
    shown = {f.id for f in facts}
    near = set(entities).union(*(f.entities for f in facts)) if facts or entities else set()
    ranked = sorted(fb.facts.values(), key=lambda f: (-len(f.entities & near), -f.salience, f.id))
    out: list[str] = []
    for f in ranked:
        if f.id not in shown and f.question and f.question.casefold() != asked.casefold() and f.question not in out:
            out.append(f.question)
        if len(out) == T.SUGGESTIONS:
            break
    return out


def answer(fb: FactBase, question: str, intent: str, text: str, facts: list[StoredFact], *,
           answered: bool = True, confidence: float = 1.0, entities: list[str] | None = None) -> Answer:
    """An Answer citing ``facts``, with suggestions near them."""
    return Answer(question=question, text=text, answered=answered, intent=intent,
                  confidence=max(0.0, min(1.0, confidence)), sources=citations(fb, facts),
                  suggestions=suggestions(fb, facts, entities or [], question), facts=[f.id for f in facts])


def quoted(words: list[str]) -> str:
    """``"a", "b" and "c"`` for a decline message."""
    shown = [f"\u201c{w}\u201d" for w in dict.fromkeys(words)][:4]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def names(fb: FactBase, entity_ids: list[str]) -> str:
    """Entity display names joined for a sentence."""
    shown = [fb.entities[e].name for e in entity_ids]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def join_statements(facts: list[StoredFact]) -> str:
    """Several facts as one short paragraph, in date order."""
    return " ".join(f.statement for f in sorted(facts, key=lambda f: (f.date is None, f.date, f.id)))
