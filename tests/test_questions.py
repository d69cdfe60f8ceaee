"""The project's own question sets, in the format of the shared dev set."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluate import evaluate

HERE = Path(__file__).parent
# (file, least accuracy, least number of questions): raise as the engine improves; declining wrongly
# costs less than guessing, so no set may have a single answered question that should be declined.
SETS = [("questions.yaml", 0.93, 200), ("questions_more.yaml", 0.93, 100),
        ("questions_outsider_en.yaml", 0.82, 240), ("questions_outsider_ar.yaml", 0.60, 250),
        ("questions_outsider_en2.yaml", 0.67, 240), ("questions_outsider_ar2.yaml", 0.58, 190),
        ("questions_outsider_en3.yaml", 0.78, 225), ("questions_outsider_en4.yaml", 0.76, 260),
        ("questions_outsider_ar3.yaml", 0.65, 195), ("questions_outsider_en5.yaml", 0.80, 229),
        ("questions_outsider_ar4.yaml", 0.70, 230)]
# Sets where a wrong answer is known and not yet fixed in a general way (a question listed here is a
# debt, not an exception): "What did the PKK/YPG say about losing Tel Rifaat?" ("say" is a function word);
# set 4: "US" read as "us", "Aleppo airport" weighed as Aleppo;
# Arabic set 3: "who are the Arab officials? their names?" answered "the report does not name them";
# set 5: "is damascus next after homs?" and "did assad say anything about losing daraa" answered "No".
KNOWN_WRONG = {"questions_outsider_en3.yaml": 1, "questions_outsider_en4.yaml": 2, "questions_outsider_ar3.yaml": 1,
               "questions_outsider_en5.yaml": 2}


@pytest.mark.parametrize("name, min_accuracy, min_total", SETS)
def test_question_set(engine, name, min_accuracy, min_total):
    result = evaluate(engine, HERE / name)
    assert result.total >= min_total
    report = "\n".join(f"{f.question!r}: {'; '.join(f.reasons)} -> {f.answer.text[:120]}" for f in result.failures)
    assert result.answered_but_should_decline <= KNOWN_WRONG.get(name, 0), report
    assert result.accuracy >= min_accuracy, report
