"""The engine: sourced answers, honest declines, follow-ups, and no telegram import."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot import thresholds as T
from bot.context import Context, ContextStore
from conftest import KNOWLEDGE


def test_answer_cites_a_verbatim_sentence(engine):
    a = engine.ask("When did Hama fall?")
    assert a.answered and a.intent == "when"
    assert "5 December 2024" in a.text
    assert a.sources and "captured the city of Hama" in a.sources[0].quote
    assert "Anadolu" in a.sources[0].source
    assert 2 <= len(a.suggestions) <= 3
    source_text = " ".join(" ".join(path.read_text(encoding="utf-8").split())
                           for path in (KNOWLEDGE / "sources").glob("*.txt"))
    assert all(c.quote in source_text for c in a.sources)


@pytest.mark.parametrize("q", ["When did Latakia fall?", "How many fighters died in Aleppo?",
                               "What's the weather in Homs?", "Who is Vladimir Putin?", "When did Hamburg fall?"])
def test_declines_what_the_source_does_not_say(engine, q):
    a = engine.ask(q)
    assert not a.answered
    assert a.suggestions, "a decline points to what the bot can answer"


def test_never_invents_a_date_for_homs(engine):
    a = engine.ask("When was Homs captured?")
    assert not a.answered
    assert "advancing" in a.text and "December" in a.text


def test_source_wording_is_attributed(engine):
    a = engine.ask("Who was Operation Dawn of Freedom aimed at?")
    assert "PKK/YPG" in a.text and 'the report calls a "terror group"' in a.text


def test_follow_ups_use_the_context(engine):
    ctx = Context()
    assert "5 December" in engine.ask("when was hama taken", ctx).text
    assert "30 November" in engine.ask("and idlib?", ctx).text
    ctx = Context()
    engine.ask("Tell me about the Southern Operations Room", ctx)
    assert "defect" in engine.ask("what did it urge regime forces to do?", ctx).text


def test_yes_no_status(engine):
    assert engine.ask("Has Aleppo fallen?").text.startswith("Yes.")
    assert engine.ask("Is Daraa under regime control?").text.startswith("No.")


def test_duration_is_computed(engine):
    a = engine.ask("how many days from the first clashes to the fall of hama?")
    assert a.answered and a.text.startswith("8 days")


@pytest.mark.parametrize("q", ["from when to when was daraa in opposition hands?", "between which years did the opposition hold Daraa?",
                               "من أي سنة لأي سنة ضلّت درعا بإيد المعارضة؟"])
def test_a_span_asked_for_gives_both_ends(engine, q):
    a = engine.ask(q)
    assert a.answered and "2012" in a.text and "2018" in a.text, a.text


@pytest.mark.parametrize("q", ["when did the regime get daraa back", "In what year did Daraa go back to the regime?"])
def test_getting_a_place_back_is_retaking_it(engine, q):
    a = engine.ask(q)
    assert a.answered and a.facts[:1] == ["regime-retook-daraa"], (a.facts, a.text)


def test_timeline_is_in_date_order(engine):
    text = engine.timeline().text
    assert text.index("27 November 2024") < text.index("5 December 2024")


def test_context_store_is_bounded():
    store = ContextStore(max_items=100, max_age=60)
    for chat in range(1000):
        store.get(chat).turns += 1
    assert len(store) == 100
    assert store.get(999).turns == 1 and store.get(0).turns == 0


def test_engine_and_cli_do_not_import_telegram():
    code = "import bot.cli, bot.engine, sys; bot.engine.Engine.open(); print('telegram' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("q, answered, expected", [
    ("When was Hama captured by the opposition?", True, "5 December 2024"),
    ("When did the regime capture Hama?", True, "tells it otherwise: Anti-regime forces captured"),
    ("When did the regime lose Aleppo?", True, "30 November 2024"),
    ("Was Hama captured by the regime?", True, "No."),
    ("What did the statement urge regime forces to do?", True, "defect"),
    ("When did Aleppo fall to the rebels?", True, "30 November 2024"),
])
def test_who_acted_follows_the_wording(engine, q, answered, expected):
    a = engine.ask(q)
    assert a.answered is answered and expected in a.text, a.text


@pytest.mark.parametrize("q, role", [
    ("who established dominance over idlib?", "who"),  # a place has no members
    ("who established the Southern Operations Room?", "members"),
    ("who is in the Southern Operations Room?", "members"),
])
def test_members_are_asked_of_an_organisation_not_a_place(engine, q, role):
    assert engine.understander.parse(q).role == role
    assert engine.ask(q).answered


def test_two_events_are_compared(engine):
    a = engine.ask("Which came first, the fall of Hama or Operation Dawn of Freedom?")
    assert a.intent == "compare" and a.text.index("1 December 2024") < a.text.index("5 December 2024")
    assert engine.ask("how many days between operation dawn of freedom and the capture of hama").text.startswith(
        "4 days")


@pytest.mark.parametrize("q", ["what came first, the protests or opposition control of daraa",
                               "أيهما أسبق: احتجاجات درعا أم سيطرة المعارضة عليها؟"])
def test_which_came_first_needs_no_clear_fact_for_a_side_whose_candidates_agree(engine, q):
    """Opposition control of Daraa is its rule from 2012 or its capture in 2024: both after 2011
    ("عليها", a pronoun written onto "على", is Daraa)."""
    a = engine.ask(q)
    assert a.facts[0] == "protests-2011" and "2011" in a.text.split("2012")[0], a.text
    assert not engine.ask("how many years between the protests and opposition control of daraa").text.startswith("about 1")


@pytest.mark.parametrize("q", ["Is Bashar al-Assad still president?", "What did Russia say about the offensive?",
                               "Who is the leader of the SNA?", "When will the war end?",
                               "At what time did Hama fall?", "How old is Assad?",
                               "Did the regime capture Homs?", "Did the rebels take Homs on December 9?"])
def test_near_misses_are_declined(engine, q):
    assert not engine.ask(q).answered


@pytest.mark.parametrize("q", ["Has Homs fallen?", "rebels captured homs on december 5, right?", "هل سقطت حمص؟"])
def test_a_place_still_advanced_on_was_not_taken(engine, q):
    """The newest fact has the side still advancing on the place: No, as of that fact's date."""
    a = engine.ask(q)
    assert a.verdict == "no" and a.facts == ["advance-homs"]


def test_days_to_the_report_date(engine):
    """"before the report", "since": the report's own date is the other end."""
    assert engine.ask("How many days before the report was Hama captured?").text.startswith("2 days")
    assert engine.ask("كم يوما مضى على سقوط حماة حتى تاريخ التقرير؟").text.startswith("يومان")
    assert "13 years" in engine.ask("how many years since the daraa protests?").text


def test_a_statement_is_a_claim(engine):
    """No question word: the message states a claim to check."""
    a = engine.ask("8th division joined the rebels in idlib?")
    assert a.verdict == "no" and "Sweida" in a.text
    a = engine.ask("the 2018 ground offensive on daraa kicked off in july?")
    assert a.verdict == "no" and "June 2018" in a.text


def test_follow_up_pronoun_means_the_place_just_named(engine):
    ctx = Context()
    assert "Homs" in engine.ask("where are the rebels heading next", ctx).text
    a = engine.ask("has it fallen yet?", ctx)
    assert a.verdict == "no" and "advancing" in a.text  # as of the report, still advancing on it


def test_unnamed_groups_are_not_named(engine):
    assert not engine.ask("Which Arab officials are calling for Assad to go?").answered
    ctx = Context()
    assert "Arab officials" in engine.ask("who is calling for assad to leave", ctx).text
    assert not engine.ask("which ones exactly?", ctx).answered
    ctx = Context()
    engine.ask("who is calling for assad to leave", ctx)
    assert engine.ask("who are those officials?", ctx).declined_by == "unnamed"  # the noun of their name
    assert engine.ask("مين المسؤولين اللي طالبوا برحيل الأسد؟").answered  # who did it: "Arab officials"


@pytest.mark.parametrize("q", ["who called for assad to leave?", "who urged assad to go?"])
def test_a_verb_right_after_who_asks_who_did_it(engine, q):
    """"urged" is also a cue of whom a side acted on ("who did they urge?"), but not right after "who"."""
    assert engine.ask(q).text.startswith("Some Arab officials")


@pytest.mark.parametrize("q, expected", [("what did the rebls do in idleb", "30 November 2024"),
                                         ("when did alleppo fall", "30 November 2024"),
                                         ("متى سقطت حلب", "30 تشرين الثاني (نوفمبر) 2024")])
def test_typos_and_arabic(engine, q, expected):
    a = engine.ask(q)
    assert a.answered and expected in a.text


def test_what_happened_after_or_before_a_date_is_the_time_either_side_of_it(engine):
    after = engine.ask("what happened after 4 december")
    assert "5 December 2024" in after.text and "27 November" not in after.text
    assert engine.ask("What happened after December 7?").declined_by == "no_event_on_date"
    before = engine.ask("what happened before 30 november 2024")
    assert "27 November 2024" in before.text and "5 December" not in before.text


@pytest.mark.parametrize("q, must, must_not", [
    ("what was the operation called?", "Dawn of Freedom", "Arab officials"),  # "called": named
    ("who called for assad to go", "Arab officials", "Dawn of Freedom"),      # "called for": urged
])
def test_call_names_unless_it_calls_for_something(engine, q, must, must_not):
    a = engine.ask(q)
    assert a.answered and must in a.text and must_not not in a.text, a.text


@pytest.mark.parametrize("q", ["When did the opposition first take control of Daraa?",
                               "متى سيطرت المعارضة على درعا لأول مرة؟"])
def test_first_asks_for_the_earliest_of_the_facts_that_answer(engine, q):
    a = engine.ask(q)
    assert a.answered and "2012" in a.text and "7" not in a.text.split("2012")[0], a.text


@pytest.mark.parametrize("q", ["Who heads the Syrian National Army?", "Which country is Anadolu Agency from?",
                               "someone said the 8th division was paid to switch sides. true?",
                               "did the rebels make it to damascus yet"])
def test_answers_that_would_repeat_the_question_or_settle_nothing_are_declined(engine, q):
    """A "who" answer naming the side the question names, or a claim no part of the fact settles."""
    assert not engine.ask(q).answered


def test_who_a_side_went_after_asks_whom_it_acted_on(engine):
    assert "PKK/YPG" in engine.ask("who is the SNA going after in tel rifaat").text.split("\n")[0]


def test_a_false_premise_about_a_day_points_to_what_happened_that_day(engine):
    """The regime did not retake Daraa's centre on Saturday: the opposition seized it that day."""
    a = engine.ask("how did the regime win back daraa city centre on saturday")
    assert not a.answered and a.facts == ["daraa-city-centre-captured"]


def test_a_day_counted_from_the_previous_answer(engine):
    """"And 4 days before that?": the day that far from the previous answer's date."""
    ctx = Context()
    engine.ask("what happened on december 5?", ctx)
    assert engine.ask("and 4 days before that?", ctx).facts[0] == "dawn-of-freedom"
    assert "30 November 2024" in engine.ask("and the day before that one?", ctx).text
    ctx = Context()
    engine.ask("ومركز حلب شو صار فيه؟", ctx)
    assert engine.ask("وبعدها بيوم شو صار؟", ctx).facts[0] == "dawn-of-freedom"


@pytest.mark.parametrize("q, fact", [("What does the report say about Russia?", "offensive-2018"),
                                     ("what was russia's role according to the report?", "offensive-2018"),
                                     ("شو بيقول التقرير عن روسيا؟", "offensive-2018"),
                                     ("شو دور روسيا حسب التقرير؟", "offensive-2018")])
def test_the_report_as_the_speaker_asks_what_the_facts_say(engine, q, fact):
    """"What does the report say about X?" is "what about X?": "say" is no action of the facts."""
    a = engine.ask(q)
    assert a.answered and a.facts[:1] == [fact], (a.facts, a.text)


@pytest.mark.parametrize("q", ["who lost aleppo city centre", "Who lost Hama?", "مين خسر حماة؟"])
def test_who_lost_a_place_names_the_side_acted_on(engine, q):
    """"Who lost X?" asks for the fact's targets, not its actors; the statement follows."""
    a = engine.ask(q)
    assert a.answered and a.text.casefold().startswith(("the assad regime.", "نظام الأسد.")), a.text


@pytest.mark.parametrize("q, must_say", [
    ("how many days between aleppo and hama?", "5 days"),  # a bare name is the city's own event
    ("قديش يوم بين حلب وحماة؟", "5 أيام"),  # ... and "و" written onto the second name
    ("when did aleppo and hama fall?", "5 December 2024"),  # each of two places, in order
])
def test_two_places_are_two_events(engine, q, must_say):
    a = engine.ask(q)
    assert a.answered and must_say in a.text and len(a.facts) == 2, a.text


def test_names_of_a_kind_the_report_mentions(engine, monkeypatch):
    """"Which cities are mentioned?" lists the entities of that type, citing facts that name each;
    a question about one name ("does the report mention Damascus?") is no such list."""
    a = engine.ask("which cities are mentioned in the report?")
    assert a.intent == "mentioned" and a.answered
    assert all(n in a.text for n in ("Aleppo", "Hama", "Daraa", "Homs")) and "Russia" not in a.text
    places = [e for e in engine.fb.entities.values() if e.type == "place" and engine.fb.by_entity.get(e.id)]
    cited = set().union(*(engine.fb.facts[i].entities for i in a.facts))
    assert {e.id for e in places} <= cited
    groups = engine.ask("list the armed groups named in the article")
    assert "8th Division" in groups.text and "PKK/YPG" in groups.text and "Arab officials" not in groups.text
    ar = engine.ask("شو الدول المذكورة بالتقرير؟")
    assert ar.intent == "mentioned" and ar.lang == "ar" and "روسيا" in ar.text
    assert engine.ask("does the report mention Damascus?").intent != "mentioned"
    monkeypatch.setattr(T, "NAMES_MAX", 2)
    assert f"and {len(places) - 2} more" in engine.ask("which cities are mentioned in the report?").text


def test_after_where_the_place_asked_stays_the_subject(engine):
    """"Where is Daraa?" names Jordan in its answer, but "it" stays Daraa; "where are they heading?"
    names no place, so "it" becomes the place the answer gives."""
    ctx = Context()
    engine.ask("Where is Daraa?", ctx)
    assert ctx.entities == ["daraa"]
    ctx = Context()
    engine.ask("where are the opposition heading?", ctx)
    assert "homs" in ctx.entities
    assert engine.ask("has it fallen?", ctx).verdict == "no"
    ctx = Context()  # a place from an earlier turn is no place the "where" question named
    engine.ask("When did Hama fall?", ctx)
    engine.ask("and where did they go next?", ctx)
    assert engine.ask("did they capture it already?", ctx).verdict == "no"


@pytest.mark.parametrize("q, lead", [
    ("did hama fall before or after daraa's centre?", "Before."),
    ("did hama fall before or after the first clashes?", "After."),
    ("هل سقطت حماة قبل أو بعد سيطرة المعارضة على حلب؟", "بعد."),
])
def test_before_or_after_is_answered_for_the_event_asked_about(engine, q, lead):
    a = engine.ask(q)
    assert a.intent == "compare" and a.text.startswith(lead), a.text


def test_before_or_after_a_pronoun_asks_about_the_previous_answer(engine):
    ctx = Context()
    engine.ask("When did Hama fall?", ctx)
    assert engine.ask("was that before or after the opposition took aleppo?", ctx).text.startswith("After.")


@pytest.mark.parametrize("q, must_say", [
    ("where r the rebels headed after hama", "Homs"),
    ("لوين رايحين الثوار بعد حماة؟", "حمص"),
])
def test_a_name_after_an_order_word_only_says_when(engine, q, must_say):
    """"after Hama" dates the question; the fact need not be about Hama."""
    p = engine.understander.parse(q)
    assert "hama" in p.soft_entities and "hama" not in p.entities
    a = engine.ask(q)
    assert a.answered and must_say in a.text, a.text


def test_two_events_joined_by_an_order_word_are_a_claim(engine):
    a = engine.ask("dawn of freedom came after the rebels took aleppo's centre?")
    assert a.verdict == "yes" and "1 December 2024" in a.text


def test_a_timeline_between_two_dates_lists_the_events_between(engine):
    a = engine.ask("give me a timeline from nov 27 to dec 5")
    assert a.intent == "timeline" and a.answered
    dates = [engine.fb.facts[i].date for i in a.facts]
    assert min(dates).day == 27 and all((d.month, d.day) <= (12, 5) for d in dates)
    assert "Hama" in a.text and "Daraa's city centre" not in a.text
    years = engine.ask("Give me Daraa's history from 2011 to 2018")
    assert "2011" in years.text and "2018" in years.text and "2024" not in years.text


def test_a_count_is_found_in_the_arabic_answer_too(engine):
    a = engine.ask("كم مدينة رئيسية سيطرت عليها المعارضة قبل التقدم نحو حمص؟")
    assert a.answered and "مدينتان" in a.text


@pytest.mark.parametrize("q, must_say", [
    ("what does SNA stand for", "SNA is short for the Syrian National Army."),
    ("What does AA stand for in the article?", "AA is short for Anadolu Agency."),
    ("SNA اختصار لشو؟", "الجيش الوطني السوري"),
])
def test_an_abbreviation_is_expanded_from_the_initials_of_its_name(engine, q, must_say):
    a = engine.ask(q)
    assert a.answered and must_say in a.text and a.facts, a.text


def test_a_name_that_is_no_abbreviation_is_not_expanded(engine):
    assert "short for" not in engine.ask("What does PKK stand for?").text


def test_from_one_event_to_another_counts_from_the_first(engine):
    """"How long ... to go from X to Y": X is what follows "from", not the words before it."""
    a = engine.ask("how long did it take the opposition to go from the first clashes to hama, in days")
    assert a.answered and a.text.startswith("8 days, from 27 November 2024 to 5 December 2024"), a.text


@pytest.mark.parametrize("q", ["what did the US say about the offensive?", "what did the united states say about it?"])
def test_a_country_the_report_never_names_is_declined_by_name(engine, q):
    a = engine.ask(q)
    assert not a.answered and a.declined_by == "unknown_words" and "united states" in a.text.casefold(), a.text


@pytest.mark.parametrize("q", ["what happens after homs in your opinion?", "شو بيصير بعد حمص برأيك؟"])
def test_an_opinion_is_declined_whatever_the_kind_of_question(engine, q):
    a = engine.ask(q)
    assert not a.answered and a.declined_by == "opinion", a.text


def test_a_short_question_of_another_action_is_not_a_follow_up(engine):
    """"Where did the fighting start?" after "who launched Dawn of Freedom?" asks of the fighting."""
    from bot.context import Context
    ctx = Context()
    engine.ask("Who launched Operation Dawn of Freedom?", ctx)
    a = engine.ask("Where did the fighting start?", ctx)
    assert a.answered and "countryside of Aleppo" in a.text, a.text


@pytest.mark.parametrize("q, first", [
    ("which fell first, hama or daraa?", "Hama"), ("بين حماة ودرعا، أيهما سقطت أولاً؟", "حماة"),
])
def test_which_of_two_names_came_first(engine, q, first):
    """A question word, "first", and two names joined by "or"/"and": which came first, with both dates."""
    a = engine.ask(q)
    assert a.answered and a.intent == "compare" and first in a.text.split(".")[0] + a.text[:80], a.text


@pytest.mark.parametrize("q, has, lacks", [
    ("give me the timeline since nov 27", "5 December 2024", "2011"),
    ("timeline of events before december 1", "2011", "5 December 2024"),
])
def test_a_timeline_from_or_up_to_one_date(engine, q, has, lacks):
    """One date with "since"/"from" (pack span_ends) or "before": the events from that day on, or up to it."""
    a = engine.ask(q)
    assert a.answered and has in a.text and lacks not in a.text, a.text


def test_they_in_a_follow_up_ranks_by_the_side_answered(engine):
    """"And when did they declare they'd taken the whole province?" after answers about the regime in
    2018: "they" is the regime, so the regime's declaration, not the opposition's gains."""
    from bot.context import Context
    ctx = Context()
    for q in ("what happened in daraa in 2018?", "who helped the regime?"):
        engine.ask(q, ctx)
    a = engine.ask("and when did they declare they'd taken the whole province?", ctx)
    assert a.answered and "July 2018" in a.text, a.text


def test_an_inflection_with_its_final_consonant_doubled_is_the_verb(engine):
    """"beginning" is "begin" + "ing" (the "n" doubled), as "stopped" is "stop" + "ed"."""
    assert "clash" in engine.understander.actions_of("beginning")
    assert not engine.understander.actions_of("beginner")


def test_else_asks_for_more_of_the_same(engine):
    answer = engine.ask("who else is in the southern operations room?")
    assert answer.answered and "Quneitra" in answer.text


def test_the_words_before_from_belong_to_both_ends_of_a_span(engine):
    """"in 2018" before "from X to Y" dates both ends: the 2018 offensive and declaration, not 2024's."""
    a = engine.ask("how long did it take the regime in 2018 from launching the offensive to declaring it took the province")
    assert a.answered and "June 2018" in a.text and "July 2018" in a.text and "2024" not in a.text, a.text


def test_the_askers_own_people_are_no_topic(engine):
    """"my cousin", "my uncle": the asker's, never what the report is asked about."""
    p = engine.understander.parse("my cousin asked when did hama fall")
    assert "cousin" not in p.unknown and "cousin" not in p.content
    assert engine.ask("my uncle wants to know when hama fell").answered


@pytest.mark.parametrize("q, must_say", [("does the report mention iran", "Iran-backed groups"),
                                         ("does it mention jordan?", "border with Jordan")])
def test_whether_the_report_names_something_known_is_yes_with_a_fact_naming_it(engine, q, must_say):
    a = engine.ask(q)
    assert a.verdict == "yes" and must_say in a.text, a.text


def test_a_kind_listed_as_mentioned_at_the_end(engine):
    a = engine.ask("list the provinces mentioned")
    assert a.answered and "Quneitra" in a.text and "Sweida" in a.text, a.text


def test_a_span_between_the_last_two_answers(engine):
    """"How many days apart is that?" after two answers: between their dates."""
    ctx = Context()
    engine.ask("when did hama fall?", ctx)
    engine.ask("and aleppo?", ctx)
    a = engine.ask("how many days apart is that", ctx)
    assert a.answered and a.text.startswith("5 days") and set(a.facts) == {"aleppo-taken", "hama-captured"}, a.text


def test_after_that_in_a_follow_up_is_the_next_event_of_the_conversation(engine):
    """"Who held it after that?" after the 2011 protests in Daraa: the 2012-2018 opposition rule, not 2024."""
    ctx = Context()
    assert engine.ask("what happened in daraa in 2011?", ctx).facts[0] == "protests-2011"
    assert engine.ask("who held it after that?", ctx).facts[0] == "daraa-opposition-rule"
    ctx = Context()
    engine.ask("who controls daraa now", ctx)
    assert engine.ask("and before this", ctx).facts[0] == "regime-retook-daraa"


def test_a_question_for_a_day_asks_when_and_a_month_is_too_coarse(engine):
    a = engine.ask("what exact day in june 2018 did the offensive begin")
    assert not a.answered and a.declined_by == "date_too_coarse", a.text


@pytest.mark.parametrize("q", ["where was assad when daraa fell?", "وين كان بشار الأسد لما سقطت درعا؟"])
def test_where_a_person_was_is_not_where_an_event_of_theirs_happened(engine, q):
    a = engine.ask(q)
    assert not a.answered, a.text


def test_whose_name_asks_what_the_report_says_of_it(engine):
    a = engine.ask("whose regime is this about lol")
    assert a.answered and "Assad" in a.text, a.text


def test_a_listed_timeline_gives_the_event_each_item_names_in_date_order(engine):
    """"Put these in order: A, B, C" with events, not only names: one fact for each item."""
    a = engine.ask("put these in order please: the capture of hama, the first clashes, aleppo city centre taken")
    assert a.intent == "timeline" and a.facts == ["clashes-begin", "aleppo-taken", "hama-captured"], (a.facts, a.text)


def test_a_demonstrative_points_at_the_event_the_last_answer_spoke_of(engine):
    """"That offensive" after an answer that mentions the 2018 offensive is that one, not the 2024 one."""
    ctx = Context()
    engine.ask("who recaptured daraa in 2018?", ctx)
    a = engine.ask("and when did that offensive begin?", ctx)
    assert a.facts == ["offensive-2018"], a.text


@pytest.mark.parametrize("q, must_say", [("on what day of the week did the opposition take hama?", "was a Thursday"),
                                         ("أول اشتباكات صارت بأي يوم من الأسبوع؟", "يوم الأربعاء")])
def test_the_day_of_the_week_is_worked_out_from_a_date_known_to_the_day(engine, q, must_say):
    a = engine.ask(q)
    assert a.answered and must_say in a.text, a.text


def test_no_weekday_for_a_date_known_only_to_the_month(engine):
    a = engine.ask("what day of the week did the 2018 ground offensive begin?")
    assert not a.answered and a.declined_by == "date_too_coarse", a.text


def test_a_follow_up_of_only_a_name_keeps_the_conversations_language(engine):
    """"w Idlib?" after Arabizi answered in Arabic is Arabic too ("w": "and"); "and Idlib?" is English."""
    ctx = Context()
    engine.ask("shu sar b 7ama?", ctx)
    assert engine.ask("w Idlib?", ctx).lang == "ar"
    assert engine.ask("and idlib?", ctx).lang == "en"


def test_another_form_of_a_word_of_the_facts_is_that_word(engine):
    """"Intervene" is the facts' "intervention" by the beginning of its stem; "reporter" is no form of
    "report" (the whole stem); a why question about the mentioned event is still declined."""
    u = engine.understander
    assert u.parse("did russia intervene militarily to help the regime?").unknown == []
    assert engine.ask("what country intervened militarily to help assad in the past").facts == ["offensive-2018"]
    assert "reporter" in u.parse("who is the reporter").unknown
    assert not engine.ask("why did russia intervene militarily in syria?").answered


@pytest.mark.parametrize("q, first, last", [
    ("what happened between nov 27 and dec 5, list it", "27 November 2024", "5 December 2024"),
    ("what happened day by day since nov 27", "27 November 2024", "7 December 2024")])
def test_what_happened_between_two_dates_or_since_one_is_the_timeline_of_that_time(engine, q, first, last):
    a = engine.ask(q)
    lines = a.text.splitlines()[1:]
    assert a.intent == "timeline" and first in lines[0] and last in lines[-1] and "2011" not in a.text, a.text


def test_a_follow_up_the_last_fact_does_not_state_moves_to_the_fact_that_does(engine):
    """After the 2018 offensive, "when did they say they had the whole province?" is the declaration
    (the last fact states no declaring); "that intervention" still points at what was said."""
    ctx = Context()
    for q in ("when was daraa under opposition control before", "and who took it back", "when did that offensive start"):
        engine.ask(q, ctx)
    a = engine.ask("and when did they say they had the whole province", ctx)
    assert a.answered and a.facts == ["regime-retook-daraa"] and "July 2018" in a.text, a.text


@pytest.mark.parametrize("q", ["what does the report say about the future of assad's regime",
                               "شو بيقول التقرير عن مستقبل نظام الأسد؟"])
def test_a_fact_close_behind_with_the_topic_answers_what_the_best_lacks(engine, q):
    """The best fact for "the regime" says nothing of its future; the calls for Assad to go do."""
    a = engine.ask(q)
    assert a.answered and a.facts == ["calls-for-assad-to-go"], a.text


@pytest.mark.parametrize("q", ["How big is Homs?", "who leads it"])
def test_a_word_of_another_sense_in_a_fact_close_behind_answers_nothing(engine, q):
    """Only a "what" question about named things moves to a fact with its topic ("big" is no "major")."""
    assert not engine.ask(q).answered


def test_which_asks_for_something_of_its_kind(engine):
    """"which division": a fact naming a unit beyond the names asked about ranks first."""
    p = engine.understander.parse("which division was based in daraa")
    assert p.asked_kinds == {"unit"}
    assert "8th Division" in engine.ask("which division was based in daraa").text
    assert "Hama" in engine.ask("Which cities have the opposition captured?").text  # a plural still lists them all


def test_a_recap_of_a_name_gives_its_events_but_right_now_its_latest(engine):
    a = engine.ask("quick recap of what happened in aleppo?")
    assert "27 November 2024" in a.text and "30 November 2024" in a.text, a.text
    assert "2011" not in engine.ask("whats happening in daraa rn").text  # no history


@pytest.mark.parametrize("q", ["what's the latest in daraa?", "شو آخر شي بدرعا؟"])
def test_the_latest_of_a_name_is_its_newest_event(engine, q):
    assert engine.ask(q).facts[0] == "daraa-city-centre-captured"


@pytest.mark.parametrize("turns", [["how did the regime retake daraa in 2018?", "when did the offensive start?"],
                                   ["كيف رجع النظام سيطر على درعا ب2018؟", "إيمتى بلش الهجوم؟"]])
def test_a_follow_up_of_an_event_the_last_answer_spoke_of_is_of_that_event(engine, turns):
    """The answer about 2018 spoke of "the June 2018 ground offensive": "the offensive" is that one."""
    ctx = Context()
    engine.ask(turns[0], ctx)
    assert engine.ask(turns[1], ctx).facts[0] == "offensive-2018"
    assert engine.ask("when did the offensive start?").facts[0] == "clashes-begin"  # on its own: this offensive


def test_a_timeline_from_one_event_to_another_has_the_events_between(engine):
    a = engine.ask("timeline between dawn of freedom and the fall of daraa")
    assert a.intent == "timeline" and "hama-captured" in a.facts and a.facts[0] == "dawn-of-freedom", a.facts
    assert "aleppo-taken" not in a.facts


def _last(engine, turns: list[str]):
    ctx = Context()
    for q in turns[:-1]:
        engine.ask(q, ctx)
    return engine.ask(turns[-1], ctx)


def test_a_bare_question_word_asks_the_last_question_again(engine):
    assert _last(engine, ["did russia help assad?", "how"]).facts[:1] == ["offensive-2018"]
    assert not engine.ask("how").answered  # on its own it asks nothing


def test_a_decline_that_shows_no_fact_keeps_the_topic(engine):
    turns = ["whats operation dawn of freedom", "was it backed by turkey?", "where was it"]
    assert _last(engine, turns).facts[:1] == ["dawn-of-freedom"]


def test_a_question_naming_nothing_leans_on_the_conversations_place(engine):
    turns = ["is daraa in the north?", "who controls the city centre now"]
    assert _last(engine, turns).facts[0] == "daraa-city-centre-captured"
    assert engine.ask(turns[1]).facts[0] != "daraa-city-centre-captured"


def test_the_first_event_of_the_offensive_is_its_earliest_of_that_year(engine):
    assert engine.ask("what was the very first event of this offensive").facts[0] == "clashes-begin"
    assert engine.ask("when did the fighting first break out?").facts[0] == "clashes-begin"  # not 2011's protests
    assert engine.ask("what did the statement emphasise first").facts[0] == "sor-statement"  # a tie keeps the best


@pytest.mark.parametrize("q, days", [("how many days between 30 november and 1 december?", "1 day"),
                                     ("how long after taking aleppo did the sna start dawn of freedom", "1 day")])
def test_a_span_between_dates_or_named_events_each_by_its_own_words(engine, q, days):
    """A day named alone is any fact of that day; each name's end is by the action written beside it."""
    assert engine.ask(q).text.startswith(days)


def test_a_span_to_the_report_that_names_its_start_ignores_the_last_answer(engine):
    turns = ["when did the whole thing start", "and idlib?", "how many days from the start to the report"]
    assert _last(engine, turns).text.startswith("10 days")
