"""Each decline is a named check (``declined_by``), so an editor sees why a question was turned away."""

from __future__ import annotations

import pytest

from bot.engine import CHECKS


@pytest.mark.parametrize("q, check", [
    ("When did Damascus fall?", "unknown_words"),
    ("How many people live in Hama?", "unknown_words"),
    ("When did Homs fall?", "action_not_stated"),
    ("In what month of 2011 did the protests in Daraa begin?", "date_too_coarse"),
    ("When did Russia launch the 2018 offensive in Daraa?", "wrong_side"),
    ("At what time did Hama fall?", "time_of_day"),
    ("Will the opposition take Homs?", "future"),
    ("how long will it take the rebels to reach homs", "future"),  # the future, in every kind of question
    ("which will fall first, homs or hama?", "future"),
    ("what do you think of assad?", "opinion"),  # the bot gives no opinion of its own
    ("شو رأيك إنت شخصياً بالأسد؟", "opinion"),
    ("Which Arab officials exactly?", "unnamed"),
    ("Who are the Arab officials who called on Assad to leave?", "unnamed"),
    ("who are the international actors the alliance was talking to", "unnamed"),
    ("what was the 2018 offensive called?", "no_name"),
    ("شو كان اسم الحملة العسكرية للنظام على درعا ب2018؟", "no_name"),
    ("مين هم المسؤولين العرب يلي طالبوا الأسد بالرحيل؟", "unnamed"),
    ("بأي ساعة سقطت حماة؟", "time_of_day"),
    ("xkcd qwerty zzz", "unknown_words"),
    # "where" implies no event: an unknown word is what is asked to be found, not weighed
    ("where is the headquarters of the southern operations room?", "unknown_words"),
    ("وين مقر غرفة عمليات الجنوب؟", "unknown_words"),
    ("وين أطيب محل شاورما بحلب؟", "unknown_words"),
    # "which countries" of an unnamed actor: a kind its name does not give
    ("which arab countries called for assad to leave?", "unnamed"),
    ("أي دول عربية طالبت برحيل الأسد؟", "unnamed"),
])
def test_declines_name_their_check(engine, q, check):
    a = engine.ask(q)
    assert not a.answered and a.declined_by == check, (a.declined_by, a.text)


@pytest.mark.parametrize("q", ["Where did the SNA operate on December 1?", "sorry if dumb question but where's daraa",
                               "which officials want Assad out of the country?"])
def test_answered_though_unknown_or_unnamed(engine, q):
    assert engine.ask(q).answered


def test_answers_have_no_declining_check(engine):
    a = engine.ask("When did Hama fall?")
    assert a.answered and a.declined_by is None


def test_check_names_are_unique():
    names = [c.name for c in CHECKS]
    assert len(names) == len(set(names))
