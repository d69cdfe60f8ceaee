"""The project's own question set (tests/questions.yaml), in the format of the shared dev set."""

from __future__ import annotations

from pathlib import Path

from bot.evaluate import evaluate

QUESTIONS = Path(__file__).with_name("questions.yaml")
MIN_ACCURACY = 0.93  # raise as the engine improves; declining wrongly costs less than guessing


def test_own_question_set(engine):
    result = evaluate(engine, QUESTIONS)
    assert result.total >= 200
    report = "\n".join(f"{f.question!r}: {'; '.join(f.reasons)} -> {f.answer.text[:120]}" for f in result.failures)
    assert result.answered_but_should_decline == 0, report
    assert result.accuracy >= MIN_ACCURACY, report
