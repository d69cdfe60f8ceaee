"""The framing stage alone: asides, frames and tags around a question."""

from __future__ import annotations

import pytest

from bot.frames import frame, rewrite

NAMES = {"hama", "daraa", "aleppo", "idlib", "sna", "8th", "division"}


def substantive(clause: str) -> bool:
    """A stand-in for the understander: names and question words give a clause substance."""
    return any(w in NAMES or w in ("when", "who", "where", "what") for w in clause.split())


@pytest.mark.parametrize("message, text, claim, asides", [
    ("So the rebels took Hama on the 5th, correct?", "the rebels took hama on the 5th", True, []),
    ("Someone told me the SNA took Hama. True?", "the sna took hama", True, []),
    ("im curious, where r they headed in hama", "where are they headed in hama", False, ["im curious"]),
    ("I'm writing a school essay - when did Daraa fall?", "when did daraa fall", False,
     ["im writing a school essay"]),
    ("Hi there, quick one: when did Aleppo fall? Thanks!", "when did aleppo fall", False,
     ["hi there", "quick one", "thanks"]),
    ("the 8th division joined them, didn't it?", "the 8th division joined them", True, []),
    ("could u tell me who the SNA went after pls", "who the sna attacked", False, []),
    # someone reported before the claim: hearsay, unless a name or a question word says who
    ("my cousin said the SNA took Hama. true?", "the sna took hama", True, []),
    ("a guy on twitter claims that Hama fell", "hama fell", True, []),
    ("the SNA said they took Hama", "the sna said they took hama", False, []),
    ("who said the SNA took Hama", "who said the sna took hama", False, []),
    # a hearsay clause of its own before the claim
    ("Fact check: by 30 Nov the opposition dominated Idlib.", "by 30 nov the opposition dominated idlib", True, ["fact check"]),
    ("the SNA holds Hama, doesn't it", "the sna holds hama", True, []),
])
def test_question_is_found_inside_the_message(message, text, claim, asides):
    framed = frame(message, substantive)
    assert (framed.text, framed.claim, framed.asides) == (text, claim, asides)


def test_a_message_without_substance_is_kept_whole():
    assert frame("is that right?", substantive).text == "is that right"


def test_asking_clause_goes_first():
    assert frame("By 30 November, had they taken Aleppo?", substantive).text.startswith("had they taken aleppo")


def test_chat_spelling_is_rewritten():
    assert rewrite("wat did u see b4 Hama") == "what did you see before hama"


def test_back_is_a_time_before_a_year_and_a_verb_after_its_object():
    assert rewrite("what happened in daraa back in 2011") == "what happened in daraa in 2011"
    assert rewrite("the regime got daraa province back in 2016") == "the regime regained daraa province in 2016"
    assert rewrite("who took it back?") == "who regained it"


def test_places_of_the_gazetteer_are_names_unless_the_facts_use_their_words(engine):
    """The gazetteer stage alone: a country of CLDR's (or the packs') the knowledge does not name is an
    unknown name; "Syria" (a word of the facts) and Jordan (an entity) are not."""
    u = engine.understander
    assert u.parse("what did the united states say").names == ["united states"]
    assert u.parse("daraa is near turkey").names == ["turkey"]
    assert u.parse("هل تحد درعا لبنان").names == ["لبنان"]
    assert u.parse("متى سقطت دمشق").names == ["دمشق"]  # a city of CLDR's time zones
    assert u.parse("شو صار ببيروت").names == ["بيروت"]  # a clitic comes off a name of the gazetteer
    p = u.parse("is daraa in southern syria near jordan")
    assert p.names == [] and "jordan" in p.entities


def test_beside_a_clause_that_asks_a_clause_naming_nothing_known_is_an_aside(engine):
    """"My uncle keeps texting me about Syria. When did they grab Hama?": the first clause names no
    entity or date of the fact base, refers to nothing and asks nothing; a bare "who?" asks of the rest."""
    p = engine.understander.parse("ok so my uncle keeps texting me about syria. when did the opposition grab hama city?")
    assert "uncle" not in p.tokens and "hama" in p.entities and p.intent == "when"
    a = engine.ask("the statement called on someone to defect - who?")
    assert a.answered and "regime forces" in a.text, a.text


@pytest.mark.parametrize("message, question", [
    ("who captured hama lol i lost track", "who captured hama"),
    ("omg so what happened to aleppo??", "what happened to aleppo"),
])
def test_an_interjection_ends_a_clause(message, question):
    """Pack ``interjections`` ("lol", "omg") end the clause before them and are no words of the question."""
    assert frame(message, lambda clause: "hama" in clause or "aleppo" in clause).text == question


@pytest.mark.parametrize("text, rewritten", [
    ("did the clashes erupt before the end of november?", "did the clashes erupt before 30 november"),
    ("at the start of december", "at 1 december"),
    ("هل سيطرت المعارضة على إدلب بنهاية تشرين الثاني؟", "هل سيطرت المعارضه علي ادلب 30 تشرين الثاني"),
    ("the end of the war", "the end of the war"),  # no month: nothing to rewrite
])
def test_a_months_edge_is_its_first_or_last_day(text, rewritten):
    """Pack ``month_edges``: "the end of November" is 30 November, "the start of December" the 1st."""
    assert rewrite(text) == rewritten


@pytest.mark.parametrize("q", ["my brother says daraa is still held by the regime, what does the report say?",
                               "بدي أعرف لأنو أخي عم يقول إنو درعا لسا بإيد النظام، شو بيقول التقرير؟"])
def test_what_someone_said_then_what_does_the_report_say_is_a_claim(engine, q):
    """A clause that only asks what the report says turns the other into a claim to check; a reporter
    after a frame ("I want to know because my brother says ...") is no topic."""
    a = engine.ask(q)
    assert a.verdict == "no" and a.facts == ["daraa-city-centre-captured"], a.text


def test_a_levantine_filler_at_the_start_is_a_frame(engine):
    assert engine.ask("يعني هلق مركز درعا مع مين؟ النظام ولا المعارضة؟").answered


def test_a_frame_before_but_is_set_aside(engine):
    """"Sorry if this is a dumb question but ...": "but" starts the clause that asks (pack clause_breaks)."""
    p = engine.understander.parse("Sorry if this is a dumb question but who are the 'regime forces' in this article?")
    assert "sorry" not in p.tokens and p.entities == ["regime"]


@pytest.mark.parametrize("message, text", [
    ("by nov 30 did they control idlib province", "did they control idlib province by nov 30"),
    ("on 5 december was hama captured", "was hama captured on 5 december"),
    ("by nov 30 the rebels held idlib", "by nov 30 the rebels held idlib"),  # no words that ask after the date
])
def test_a_date_phrase_before_the_words_that_ask_goes_after_them(message, text):
    assert frame(message, lambda clause: True).text == text


def test_a_reporter_of_several_words_makes_a_claim():
    framed = frame("a guy in the group chat said hama fell on 5 december", lambda clause: "hama" in clause)
    assert framed.claim and framed.text == "hama fell on 5 december"


def test_an_idiom_that_asks_about_something_is_rewritten():
    assert rewrite("what's the deal with hama") == "tell me about hama"


def named(clause: str) -> bool:
    """A stand-in for the understander: a name or the kind of answer wanted ("timeline")."""
    return any(w in NAMES or w == "timeline" for w in clause.split())


@pytest.mark.parametrize("message, text, asides", [
    ("what is the sna i keep seeing", "what is the sna", ["i keep seeing"]),
    ("when did hama fall i forgot", "when did hama fall", ["i forgot"]),
    ("i keep mixing these up, when did hama fall", "when did hama fall", ["i keep mixing these up"]),
    # the asker's words that name something, ask or report stay: they are the question
    ("what did i miss in hama", "what did i miss in hama", []),
    ("im making a timeline for class, when did hama fall", "when did hama fall", ["im making a timeline for class"]),
    ("when did it fall i heard hama", "when did it fall i heard hama", [])])
def test_the_askers_own_words_are_an_aside(message, text, asides):
    out = frame(message, substantive, named=named)
    assert (out.text, out.asides) == (text, asides)
