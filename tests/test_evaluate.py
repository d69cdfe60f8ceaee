"""The question-set checker (``bot.evaluate.check``) on its own."""

from __future__ import annotations

import pytest

from bot.answer import Answer
from bot.evaluate import check


def reply(text: str, lang: str = "en") -> Answer:
    return Answer(question="q", text=text, answered=True, intent="when", confidence=1.0, lang=lang)


@pytest.mark.parametrize("text, date", [
    ("On 5 December 2024.", "2024-12-05"), ("December 5th, 2024.", "2024-12-05"), ("In July 2018.", "2018-07"),
    ("في 5 كانون الأول (ديسمبر) 2024.", "2024-12-05"), ("في تموز (يوليو) 2018.", "2018-07"),
])
def test_a_date_in_a_usual_form_passes(text, date):
    assert check({"q": "q", "date": date}, reply(text)) == []


@pytest.mark.parametrize("text, date", [("On 6 December 2024.", "2024-12-05"), ("في حزيران (يونيو) 2018.", "2018-07")])
def test_another_date_fails(text, date):
    assert check({"q": "q", "date": date}, reply(text)) == [f"missing date {date}"]


def test_terms_must_start_a_word():
    assert check({"q": "q", "all": ["rebel"]}, reply("The rebels took it.")) == []
    assert check({"q": "q", "all": ["bel"]}, reply("The rebels took it.")) == ["missing 'bel'"]
