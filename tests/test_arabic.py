"""Arabic: normalisation, clitics and stems, and answers written in Arabic."""

from __future__ import annotations

import pytest

from bot.context import Context
from bot.dates import FactDate, dates_in
from bot.text import normalise
from bot.vocab import arabic_name_like, clitic_splits, stem


def test_normalisation_folds_arabic_variants():
    assert normalise("حماةُ إلـــى ٥") == "حماه الي 5"
    assert normalise("بـ١ ديسمبر") == "ب 1 ديسمبر"


def test_clitics_and_stems():
    assert "حلب" in clitic_splits("وبحلب")
    assert stem("حماة") == stem("حماه")
    assert stem("defected") == stem("defect")


def test_a_written_dictionary_word_keeps_its_first_letter():
    """In the knowledge files "الفرقة" is the division, never "ال" + "ف" + "رقة"; a question may still
    carry a one-letter clitic on such a word ("بالرقة" is Raqqa)."""
    assert "رقه" not in clitic_splits("الفرقه", written=True)
    assert "فرقه" in clitic_splits("الفرقه", written=True)
    assert "رقه" in clitic_splits("بالرقه")


def test_both_month_systems():
    assert dates_in(normalise("٥ كانون الأول ٢٠٢٤")) == [FactDate(2024, 12, 5)]
    assert dates_in(normalise("27 نوفمبر")) == [FactDate(0, 11, 27)]


def test_a_month_that_is_also_a_verb_is_a_month_after_a_marker():
    assert dates_in(normalise("did it start in March?")) == [FactDate(0, 3, 0)]
    assert dates_in(normalise("by may")) == [FactDate(0, 5, 0)]
    assert dates_in(normalise("they march on Homs")) == [] and dates_in(normalise("may they win")) == []


def test_a_day_with_its_article_or_of_its_month():
    assert dates_in(normalise("بال٥ من كانون الأول")) == [FactDate(0, 12, 5)]
    assert dates_in(normalise("بال٥ ولا بال٦")) == [FactDate(0, 0, 5), FactDate(0, 0, 6)]
    assert dates_in(normalise("the 5th of december")) == [FactDate(0, 12, 5)]
    assert dates_in(normalise("في الخامس من كانون الأول")) == [FactDate(0, 12, 5)]  # an ordinal day (pack day_ordinals)


def test_an_ordinal_day_is_no_topic(engine):
    a = engine.ask("أي مدينة سقطت في الخامس من ديسمبر؟")
    assert a.answered and "حماة" in a.text, a.text


def test_a_choice_between_two_days_written_with_their_article(engine):
    a = engine.ask("حماة سقطت بال٥ ولا بال٦ من كانون الأول؟")
    assert a.answered and a.verdict is None and "5 كانون الأول" in a.text, a.text


@pytest.mark.parametrize("q, must_say", [
    ("متى سقطت حماة؟", "5 كانون الأول (ديسمبر) 2024"),
    ("قديش بين فجر الحرية وسقوط حماة؟", "4 أيام"),  # "قديش بين": how long, not how many
    ("قديش صرلها حماة بإيد المعارضة لتاريخ التقرير؟", "يومان"),
    ("مين أطلق عملية فجر الحرية؟", "الجيش الوطني"),
    ("وين عم تتقدم المعارضة هلق؟", "حمص"),
    ("متى انطلقت الاشتباكات في ريف حلب؟", "27 تشرين الثاني"),
    ("من دعم النظام في هجوم 2018 على درعا؟", "روسيا"),
    ("لإيمتى ضلت درعا بإيد المعارضة؟", "2018"),  # "until when" with its "ل"; "remained in the hands of": held
    ("مين عم يطالب الأسد يفل؟", "مسؤولون عرب"),  # a Levantine verb of the lexicon
])
def test_arabic_questions_get_arabic_answers(engine, q, must_say):
    a = engine.ask(q)
    assert a.answered and a.lang == "ar" and must_say in a.text, a.text


def test_arabic_declines_are_in_arabic(engine):
    a = engine.ask("هل سيطرت المعارضة على دمشق؟")
    assert not a.answered and a.lang == "ar" and "التقرير" in a.text


def test_language_can_be_pinned(engine):
    assert engine.ask("When did Hama fall?", lang="ar").lang == "ar"
    assert engine.ask("متى سقطت حماة؟", lang="en").text.startswith("Anti-regime")


def test_check_requires_the_arabic_date_in_the_arabic_when_answer(knowledge_copy):
    from bot.knowledge import check_knowledge

    facts = knowledge_copy / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    assert "5 كانون الأول (ديسمبر) 2024" in text
    facts.write_text(text.replace("5 كانون الأول (ديسمبر) 2024", "5 ديسمبر 2024"), encoding="utf-8")
    problems = [str(p) for p in check_knowledge(knowledge_copy)]
    assert any("Arabic answer to 'when'" in p for p in problems), problems


def test_check_counts_facts_without_arabic(knowledge_copy, capsys):
    from bot.cli import main

    facts = knowledge_copy / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    start = text.index("    ar:\n")
    end = text.index("    quotes:", start)
    facts.write_text(text[:start] + text[end:], encoding="utf-8")
    assert main(["--knowledge", str(knowledge_copy), "check"]) == 0
    assert "Arabic text: 22/23 facts (missing: clashes-begin)" in capsys.readouterr().out


@pytest.mark.parametrize("q, must_say", [
    ("meen 7arrar 7ama?", "حماة"),
    ("emta se2tet 7ama?", "5 كانون الأول (ديسمبر) 2024"),
    ("la wein 3am yet2addamo el mo3arada hala2?", "حمص"),
])
def test_arabizi_is_understood_and_answered_in_arabic(engine, q, must_say):
    a = engine.ask(q)
    assert a.answered and a.lang == "ar" and must_say in a.text, a.text


def test_arabizi_keys_match_arabic_words():
    from bot.arabizi import Arabizi, is_arabizi, key

    assert key("7arrar") == key("حرر") and key("7ama") == key("حماه")
    words = Arabizi([("قد", "قد"), ("حرر", "حرر")])
    assert words.to_arabic(["2ad", "2a2ed", "7arrar"]) == ["قد", "2a2ed", "حرر"]  # "2a2ed" says one more consonant
    assert is_arabizi(["meen", "7arrar"]) and not is_arabizi(["the", "5th", "2024"])


@pytest.mark.parametrize("word, bare", [("عحمص", "حمص"), ("هالمعلومات", "معلومات"), ("عالحدود", "حدود")])
def test_levantine_clitics_come_off(word, bare):
    assert bare in clitic_splits(word)


@pytest.mark.parametrize("q", ["الاشتباكات بلشو بحلب؟", "l ishtibakat bal4o b 7alab?"])
def test_a_lexicon_verb_that_ends_like_a_question_word_is_the_verb(engine, q):
    """"بلشو" (they began) is no "ب" + "ل" + "شو" (what): the statement is a claim, and true; "4" is "ش" in Arabizi."""
    assert engine.ask(q).verdict == "yes"


def test_a_preposition_written_onto_a_place_is_read_as_in(engine):
    """"بحمص" is "في حمص": the place a why-question puts the operation in is its premise, corrected."""
    assert engine.understander.canonical_text("وبحمص بفضل") == "و في حمص بفضل"
    a = engine.ask("ليش أطلق الجيش الوطني عملية فجر الحرية بحمص؟")
    assert a.answered and a.verdict == "no" and "تل رفعت" in a.text, a.text


@pytest.mark.parametrize("word, before, name", [
    ("الجهه", "", False),     # an ordinary word (the dictionary has "الجهة")
    ("هالمعلومات", "", False),
    ("رويترز", "", True),     # in no dictionary
    ("لبنان", "مع", True),    # after a preposition: where names stand
    ("عالشام", "", True),     # a preposition written onto it with its article (على ال)
])
def test_an_unknown_arabic_word_is_a_name_unless_the_dictionary_has_it(word, before, name):
    assert arabic_name_like(word, before) is name


@pytest.mark.parametrize("q", ["متى سيطرت المعارضة على دمشق؟", "متى دخلت المعارضة منبج؟", "شو صار بالرقة؟",
                               "إيمتى وصلت المعارضة عالشام؟"])
def test_a_question_about_a_name_the_report_never_uses_is_declined(engine, q):
    assert not engine.ask(q).answered


def test_a_claim_naming_another_country_gets_no_and_the_reports_country(engine):
    a = engine.ask("هل درعا على الحدود مع لبنان؟")
    assert a.verdict == "no" and "الأردن" in a.text, a.text


@pytest.mark.parametrize("q, fact", [("shu sar b markaz daraa?", "daraa-city-centre-captured"),
                                     ("emta bada2et el eshtibakat?", "clashes-begin")])
def test_arabizi_without_digits_and_names_in_english_letters(engine, q, fact):
    """"shu" is no English word: the message is Arabizi; "daraa" stays the name it spells."""
    a = engine.ask(q)
    assert a.answered and a.facts[0] == fact and a.lang == "ar"


@pytest.mark.parametrize("q", ["شو طلبت غرفة عمليات الجنوب من قوات النظام؟", "وشو طلبوا من قوات النظام؟"])
def test_a_side_after_a_preposition_is_not_the_subject(engine, q):
    """"من" after the verb is "from": the regime is the side asked, the alliance the one asking."""
    a = engine.ask(q)
    assert a.answered and a.verdict is None and "الانشقاق" in a.text


@pytest.mark.parametrize("q, must_say", [("شو كانت نتيجة عملية فجر الحرية؟", "حررت"),
                                         ("ما نتيجة احتجاجات درعا عام 2011؟", "عقد من الحرب")])
def test_a_cue_without_its_article_governs_the_next_noun(engine, q, must_say):
    """"نتيجة عملية ..." is the cue "النتيجة" (the result of ...), answered by what the fact says came of it."""
    a = engine.ask(q)
    assert a.answered and a.intent == "next" and must_say in a.text, a.text


def test_an_arabizi_claim_with_a_month_whose_name_says_first(engine):
    # "bel" is the preposition with its article, and the "awwal" of "kanoun el awwal" is no "first"
    a = engine.ask("sa7 enno 7ama sa2tet bel 5 kanoun el awwal?")
    assert a.answered and a.verdict == "yes" and "5 كانون الأول" in a.text, a.text


@pytest.mark.parametrize("q, verdict, must_say", [
    ("sa7 eno dar3a 3al 7doud ma3 el ordon?", "yes", "الأردن"),  # "eno" is "إنو", no name set against Jordan
    ("sa7 eno 7ama s2tet yom 6 december?", "no", "5 كانون الأول"),
])
def test_levantine_particles_in_arabizi_are_words_not_names(engine, q, verdict, must_say):
    a = engine.ask(q)
    assert a.verdict == verdict and must_say in a.text, a.text


def test_arabizi_walla_offers_a_choice(engine):
    a = engine.ask("shu sar awwal, 7alab walla 7ama?")
    assert a.answered and a.intent == "compare" and a.text.index("حلب") < a.text.index("حماة"), a.text


def test_the_words_of_a_month_name_are_no_topic(engine):
    """"٣٠ تشرين الثاني" is a date: its words are not what the claim is about, so the claim is settled."""
    p = engine.understander.parse("هل سقطت حماة يوم ٣٠ تشرين الثاني؟")
    assert p.dates and not {"تشرين", "الثاني"} & set(p.content)
    a = engine.ask("هل سقطت حماة يوم ٣٠ تشرين الثاني؟")
    assert a.verdict == "no" and "5 كانون الأول" in a.text


def test_a_question_word_and_a_levantine_suffix_come_off(engine):
    """"وشو" is "and" + "what"; "عمليتو" is "its operation" (the Levantine "-o")."""
    assert engine.understander.canonical_text("وشو") == "و شو"
    assert engine.understander.parse("وشو طلبوا من جنود النظام؟").intent == "what"
    assert engine.ask("إيمتى بلّش الجيش الوطني عمليتو بتل رفعت؟").answered


def test_a_words_own_ta_marbuta_is_no_pronoun_suffix():
    """In the knowledge files "محافظة" (province) is one word, not "محافظ" (governor) + "his"."""
    from bot.vocab import forms
    assert "محافظ" not in forms("محافظه", written=True)
    assert "قوه" in forms("قوته", written=True)  # "its strength": the suffix comes off


@pytest.mark.parametrize("q", ["مين محافظ درعا؟", "شو اسم محافظ درعا؟", "مين المحافظ بدرعا"])
def test_a_word_matched_only_as_written_is_not_its_stem_mate(engine, q):
    """A governor (pack ``exact_words``) is neither the province by stem nor a typo of its alias."""
    a = engine.ask(q)
    assert not a.answered and a.declined_by == "unknown_words" and "محافظ" in a.text, a.text


def test_the_province_itself_still_answers(engine):
    assert engine.ask("وين محافظة درعا؟").answered


def test_a_word_of_the_same_meaning_as_the_facts_is_rewritten(engine):
    """Pack rewrites: "أغلب" is the facts' "معظم" (most)."""
    a = engine.ask("بأي تاريخ صارت المعارضة مسيطرة على أغلب وسط حلب؟")
    assert a.answered and "30 تشرين الثاني" in a.text, a.text


@pytest.mark.parametrize("word, action", [("يسترجع", "recapture"), ("تاخده", "capture")])
def test_a_verb_no_other_way_knows_is_linked_by_its_root(engine, word, action):
    """A verb form the lexicon lacks ("يسترجع", "regains") asks about the action of its root's words."""
    assert action in engine.understander.actions_of(engine.understander.canonical(word))


@pytest.mark.parametrize("word", ["القادم", "مقاتل"])
def test_a_noun_is_not_linked_by_its_root(engine, word):
    """"القادم" (next) shares a root with "تقدم" (advance), "مقاتل" (fighter) with "تقاتل": nouns stay unknown."""
    assert engine.understander.canonical(word) == word


def test_a_follow_up_with_a_verb_linked_by_its_root(engine):
    answer = engine.ask("مين ساعد النظام يسترجع قوته قبل هجوم ٢٠١٨؟")
    assert answer.answered and "روسيا" in answer.text


def test_a_declined_word_is_quoted_without_its_punctuation(engine):
    answer = engine.ask("الفرقة التامنة انضمت لفصائل بالسويداء وريف دمشق، مظبوط؟")
    assert "«دمشق»" in answer.text and "دمشق،" not in answer.text


def test_an_arabizi_article_written_apart_goes_onto_its_word(engine):
    """"el jaysh el watani" is "الجيش الوطني" (the SNA), not "جيش" and the weekday "الاثنين"."""
    assert engine.understander.arabizi.to_arabic("el jaysh el watani".split()) == ["الجيش", "الوطني"]
    assert "sna" in engine.understander.parse("shu esm el 3amaliyye taba3 el jaysh el watani?").entities


def test_an_arabizi_word_ending_in_a_vowel_is_the_word_that_ends_so(engine):
    """"3amaliyye" (operation) and "العمال" (the workers of the PKK's name) share their consonants."""
    assert engine.understander.arabizi.to_arabic(["3amaliyye"]) == ["عمليه"]


def test_arabizi_dates_and_question_words_without_digits(engine):
    a = engine.ask("kam yom ben 27 teshrin el tani w 5 kanoon el awwal?")
    assert a.answered and a.lang == "ar" and "8 أيام" in a.text, a.text


def test_a_three_letter_verb_of_the_lexicon_is_its_own_root(engine):
    """"تبلش" (Levantine "it starts") is "بلش", though Tashaphyne finds no one root for "بلش"."""
    assert engine.understander.actions_of(engine.understander.canonical("تبلش")) >= {"clash"}


def test_after_that_in_an_arabic_follow_up(engine):
    """"بعد هيك" is "after that" (one word, "بعدها"), not the tag "هيك" of a claim."""
    from bot.context import Context
    ctx = Context()
    engine.ask("ليش درعا إلها رمزية بالثورة السورية؟", ctx)
    a = engine.ask("ومين كان مسيطر عليها بعد هيك؟", ctx)
    assert a.verdict is None and a.facts[0] == "daraa-opposition-rule", a.text


def test_after_how_long_asks_for_a_span(engine):
    assert engine.understander.parse("وبعد قديش سيطروا على معظم مركز حلب؟").intent == "duration"


def test_a_day_and_month_in_numbers(engine):
    """"٢٧/١١" is 27 November, day first."""
    assert dates_in(normalise("٢٧/١١/٢٠٢٤")) == [FactDate(2024, 11, 27)]
    assert engine.ask("بتاريخ ٢٧/١١ شو صار؟").facts[0] == "clashes-begin"


@pytest.mark.parametrize("q", ["الاشتباكات بلشت ب28 تشرين الثاني؟", "the clashes began on 28 november?"])
def test_a_dated_claim_without_a_name_is_checked(engine, q):
    a = engine.ask(q)
    assert a.verdict == "no" and a.facts == ["clashes-begin"], a.text


def test_a_number_after_the_preposition_b_is_a_day(engine):
    a = engine.ask("الاشتباكات بلشت ب٢٧ ولا ب٢٩ تشرين الثاني؟")
    assert a.verdict is None and "27 تشرين الثاني" in a.text, a.text


@pytest.mark.parametrize("word, name", [("للمعارضه", "المعارضه"), ("وللمعارضه", "المعارضه")])
def test_a_name_after_lam_has_its_articles_alef_back(engine, word, name):
    """"للمعارضة" is "ل" + "المعارضة": the article's alef is not written after the preposition."""
    assert engine.understander.canonical(word) == name


@pytest.mark.parametrize("q, intent", [("ليش درعا مهمة بتاريخ الحرب السورية؟", "why"), ("شو تاريخ سقوط حماة؟", "when"),
                                       ("بأي تاريخ انتشر خبر سيطرة المعارضة على مركز درعا؟", "when")])
def test_tarikh_alone_is_history_but_asked_for_it_is_a_date(engine, q, intent):
    """"تاريخ" is a date when asked for ("شو تاريخ", "بأي تاريخ"), else also "history"; "بأي" asks, so the
    words before a verb of reporting are no reporter."""
    assert engine.understander.parse(q).intent == intent


def test_an_arabic_answer_names_its_source_in_arabic(engine):
    """The quote stays in the source's language; the source line uses the editor's Arabic publisher
    and an Arabic date, and an English answer keeps the English one."""
    ar, en = engine.ask("متى سقطت حماة؟"), engine.ask("When did Hama fall?")
    assert ar.sources[0].quote == en.sources[0].quote
    assert ar.sources[0].source == "تقرير إخباري نقلًا عن وكالة الأناضول (AA)\u060c 7 كانون الأول (ديسمبر) 2024"
    assert en.sources[0].source == "A news report citing Anadolu Agency (AA), 7 December 2024"


def test_between_them_written_as_one_word_points_back(engine):
    """"بيناتهن" ("between them") is "بين" with a pronoun: the last two answers are its ends."""
    ctx = Context()
    for q in ["مين سيطر على درعا؟", "وحماة؟"]:
        engine.ask(q, ctx)
    a = engine.ask("كم يوم بيناتهن؟", ctx)
    assert a.answered and a.text.startswith("يومان"), a.text


def test_a_side_after_a_verb_with_its_own_subject_is_its_object(engine):
    """"طالبوا قوات النظام" is "they urged regime forces"; "أعلنت قوات النظام" is "regime forces declared"."""
    parse, subject = engine.understander.parse, engine.scorer.subject
    assert subject(parse("شو طالبوا قوات النظام؟")) == ""
    assert subject(parse("شو أعلنت قوات النظام؟")) == "regime"
    assert engine.ask("شو طالبوا قوات النظام ببيانهم؟").facts[0] in {"sor-appeal", "sor-statement"}


def test_which_was_earlier_asks_for_the_order(engine):
    a = engine.ask("أيا أبكر: الاشتباكات بحلب ولا عملية تل رفعت؟")
    assert a.intent == "compare" and a.verdict is None and a.facts[0] == "clashes-begin", a.text


def test_a_word_never_becomes_an_opinion_cue_by_its_stem(engine):
    """"برا" ("outside") shares a stem with "برايك" ("in your opinion"): it stays a word of its own."""
    a = engine.ask("في مسؤولين عرب طالبوا الأسد يطلع برا البلد؟")
    assert a.verdict == "yes" and a.facts[0] == "calls-for-assad-to-go", a.text


def test_arabizi_hamza_on_a_bare_alef_and_common_words(engine):
    """"2a5adu" is "اخدوا" (a hamza that keys drop), never a particle ("2a2ed" is no "قد"); "dod" is "ضد"."""
    to_arabic = engine.understander.arabizi.to_arabic
    assert to_arabic(["emta", "2a5adu"])[1] == "اخدو"
    assert to_arabic(["2a2ed"]) == ["2a2ed"]
    assert engine.ask("el jeish el watani 3amal fajr el 7orriye dod meen?").facts[0] == "dawn-of-freedom"


@pytest.mark.parametrize("q, fact", [("وشو سمّوا التحالف؟", "sor-formed"), ("شو نتج عن احتجاجات درعا؟", "protests-2011")])
def test_what_they_called_it_and_what_came_of_it(engine, q, fact):
    """"سمّوا" asks for the name the facts give; "نتج عن" asks what came of an event."""
    a = engine.ask(q)
    assert a.answered and a.facts[0] == fact, a.text
