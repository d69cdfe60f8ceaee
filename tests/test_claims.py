"""Claims to check: Yes, No with the value the report states, or the report does not say."""

from __future__ import annotations

import pytest

from bot.dates import FactDate


@pytest.mark.parametrize("q, verdict, must_say", [
    ("So the rebels took Hama on the 5th of December, right?", "yes", "5 December 2024"),
    ("Was Aleppo's city centre taken on December 5?", "no", "30 November 2024"),
    ("Did the opposition capture Hama on 6 December?", "no", "5 December 2024"),
    ("Someone told me the Southern Operations Room was formed in Idlib. True?", "no", "Sweida"),
    ("Did the clashes first break out in Hama?", "no", "Aleppo"),
    ("Was Operation Dawn of Freedom aimed at the YPG?", "yes", "PKK/YPG"),
    ("Daraa is in the north of Syria, right?", "no", "southern"),
    ("Did Turkey launch Operation Dawn of Freedom?", "no", "Syrian National Army"),
    ("Did Hama fall before Aleppo's city centre?", "no", "30 November 2024"),
    ("Did Aleppo's centre fall before Hama?", "yes", "5 December 2024"),
    ("Was Hama captured within a week of the first clashes?", "no", "8 days"),
    # a span claimed between two events, or bounded ("more than", "أكثر من"), against the days between them
    ("is it true there were two weeks between the first clashes and the fall of Hama?", "no", "8 days"),
    ("صح إنو بين أول اشتباك وسقوط حماة أسبوعين؟", "no", "8 أيام"),
    ("was it more than a week between the first clashes and the fall of hama?", "yes", "8 days"),
    ("هل مر أكثر من أسبوع بين بداية الاشتباكات وسقوط حماة؟", "yes", "8 أيام"),
    ("did the first clashes happen more than two weeks before the report?", "no", "10 days"),
    ("was hama taken more than 10 days after the first clashes?", "no", "8 days after"),
    ("Did the opposition hold Daraa for more than ten years?", "no", "About 6 years"),
    ("Was Daraa in opposition hands in 2016?", "yes", "2012"),
    # opened by a yes/no word, with a question word inside: still a claim
    ("Isn't Daraa where the 2011 protests began?", "yes", "2011"),
    # no action named: each name (and date) in its place in the fact
    ("So it was the Syrian National Army behind Dawn of Freedom?", "yes", "1 December 2024"),
    ("is tel rifaat in aleppo's countryside?", "yes", "Tel Rifaat"),
    # both ends of a span: the report's ends, not the claim's
    ("Someone told me the opposition held Daraa from 2012 until 2016. True?", "no", "2018"),
    ("so the rebels had daraa from 2012 to 2018?", "yes", "2018"),
    # another number is another unit
    ("it was the 7th division that defected in daraa yeah?", "no", "8th Division"),
    ("هل الفرقة الخامسة هي يلي انضمت للمعارضة بدرعا؟", "no", "الثامنة"),
    ("هل بدأت الاشتباكات الأولى في ريف حلب الشرقي؟", "no", "الغربي"),
    # a day of the week is checked against the fact's date
    ("daraa city centre fell on friday didnt it", "no", "Saturday"),
    ("was hama captured on a thursday?", "yes", "5 December 2024"),
    ("هل سقطت درعا يوم الجمعة؟", "no", "السبت"),
    # the one fact of its kind of action, though not far ahead of the others
    ("the regime declared it had captured all of daraa in june 2018 right", "no", "July 2018"),
    # an adjective of a name speaks of the name ("Jordanian"), or of one the report never gives ("Iraqi")
    ("isn't daraa next to the iraqi border?", "no", "Jordan"),
    ("is it true daraa sits on the jordanian border", "yes", "Jordan"),
    ("هل تقع درعا على الحدود الأردنية؟", "yes", "الأردن"),
    # the source is a point too
    ("The report cites Reuters, right?", "no", "Anadolu"),
    ("Is this report based on Reuters?", "no", "Anadolu"),
    ("did the rebels take all of aleppo's city centre by 30 november?", "no", "most"),
    ("daraa is in northern syria?", "no", "southern"),
    ("dawn of freedom was in tel rifaat right", "yes", "Tel Rifaat"),  # "was in": no alliance's members here  # a statement with "is" and no question word
    ("is this report from 2023?", "no", "7 December 2024"),  # the report's own date is a point
    # the action the claim's words share: "the clashes started" is the outbreak, not a launch
    ("someone said the fighting kicked off in idlib, true?", "no", "Aleppo"),
    ("هل بدأت الاشتباكات في ريف إدلب؟", "no", "حلب"),  # says more than the fact
    ("هل سيطرت المعارضة على كل مركز مدينة حلب بحلول ٣٠ نوفمبر؟", "no", "معظم"),
    ("مصدر الخبر وكالة رويترز، صحيح؟", "no", "الأناضول"),  # a claim that opens with a noun, not a question word
    # the claim's own words are one fact's, with another name in the role
    ("Was it Turkey's military intervention that strengthened the Assad regime?", "no", "Russia"),
    # where a place lies, with no verb: Yes, or No with another direction ("east" where the fact says "southern")
    ("is daraa in southern syria?", "yes", "southern"),
    ("daraa is in the south of syria right", "yes", "southern"),
    ("is daraa in the east?", "no", "southern"),
    ("هل درعا في شرق سوريا؟", "no", "جنوب"),
    # a noun before the Arabic verb is its subject: the side after the verb is its object
    ("البيان دعا قوات النظام للانشقاق؟", "yes", "الانشقاق"),
    # a statement naming the report and a name is a claim about the source
    ("الخبر من رويترز؟", "no", "الأناضول"),
    # both ends of a span the fact gives other ends for
    ("the opposition controlled daraa from 2011 to 2016, true?", "no", "between 2012 and 2018"),
    # "all" says more than the fact's "some"; an ordinal day before a month's name is the day
    ("are all arab officials calling for assad to leave?", "no", "Some Arab officials"),
    ("كل المسؤولين العرب طالبوا برحيل الأسد؟", "no", "مسؤولين عرباً"),
    ("المعارضة سيطرت على إدلب بأول كانون الأول، صح؟", "no", "30 تشرين الثاني"),
    # the span stated with the order: two weeks is not 8 days, a week is about
    ("did hama fall two weeks after the first clashes?", "no", "8 days"),
    ("حماة سقطت بعد أسبوعين من بداية المعارك؟", "no", "8 أيام"),
    ("did hama fall a week after the first clashes?", "yes", "8 days"),
    # a claim that states a negation is the fact's opposite; a negation that sets a name aside is not
    ("the rebels didn't take aleppo, right?", "no", "30 November"),
    ("الثوار ما سيطروا على حلب، صح؟", "no", "حلب"),
    ("the revolution started in homs, not in daraa, right?", "no", "Daraa"),
    # the fact's own verb with a side it only mentions, where it names another party; a side that only
    # describes a name, or no verb of the fact, leaves the claim as it is
    ("the 8th division joined the regime forces, right?", "no", "joined opposition groups"),
    ("الفرقة التامنة انضمت لقوات النظام؟", "no", "فصائل المعارضة"),
    ("was the 8th division part of the regime army?", "yes", "Syrian regime's 8th Division"),
    ("did soldiers from the regime's 8th division join the opposition?", "yes", "joined opposition groups"),
    ("the report is from AA?", "yes", "Anadolu"),
    # a country is a name, though its name is an ordinary word ("turkey") or words ("the US")
    ("daraa is up north near turkey, isn't it?", "no", "Jordan"),
    ("هل تحدّ درعا لبنان؟", "no", "الأردن"),
    # the event named, with another date
    ("someone said the rebels took hama on dec 6. true?", "no", "5 December 2024"),
    # a province's city and its countryside are rival values of where
    ("Did the first clashes take place inside Aleppo city itself?", "no", "countryside"),
    # where a unit is based (its entity's within)
    ("the 8th division is from quneitra right?", "no", "8th Division in Daraa"),
    ("is the 8th division based in daraa?", "yes", "8th Division in Daraa"),
    # a span stated with an order, between facts known only to the month
    ("the regime said they took the whole province 2 months after the june offensive?", "no", "July 2018"),
    ("did the regime declare it had captured all of daraa a month after the 2018 offensive began?", "yes", "July 2018"),
    # a span before the report: the fact's date and the report's
    ("the 8th division soldiers joined the opposition weeks ago, right?", "no", "last few hours"),
    # a name put where its entity's within says it is not; "joined forces from" names no place of it
    ("was it the 8th division in sweida that defected?", "no", "8th Division in Daraa"),
    ("So the 8th Division joined forces from Sweida and Quneitra to form the Southern Operations Room?", "yes", "Sweida"),
])
def test_claims_get_a_verdict_and_the_reports_value(engine, q, verdict, must_say):
    a = engine.ask(q)
    assert a.answered and a.verdict == verdict and must_say in a.text, a.text


@pytest.mark.parametrize("q", [
    "Did the SNA take Manbij?",            # taking one place does not rule out another
    "Did the opposition seize Al-Bab?",
    "Does Turkey back the opposition groups?",
    "Did Jordan send troops into Daraa?",  # an action no fact states
    "Did the SNA negotiate with the YPG over Tel Rifaat?",
    "Did Israel move troops into the Golan Heights?",  # nothing of the claim is in the report
    "did jordan close its border with daraa",  # bordering is no closing
    "did the SDF take part in the fighting in Aleppo?",  # another party does not rule one out
    "هل شاركت قسد بمعارك حلب؟",
    "Is HTS part of the Southern Operations Room?",  # it may be one of the "opposition groups" it names
    "the 8th division didn't join the regime, right?",  # a negated claim with a side only mentioned
    "the rebels didn't take hama on december 6, right?",  # ... or settled by another value: no Yes or No
    "is turkey backing the SNA?",  # backers of another event say nothing of the SNA's
    "I read the US is backing the southern operations room, is that right?",
    # two places a fact names together, where the knowledge does not say one lies in the other
    "is sweida in daraa province?",
    "is the southern operations room part of the SNA?",  # its members say nothing of what holds it
    "Is the SNA part of the Southern Operations Room?",  # it may be one of the "opposition groups" it names
    "السويداء مدينة تابعة لمحافظة درعا؟",
])
def test_no_is_never_said_without_another_value_for_the_same_point(engine, q):
    a = engine.ask(q)
    assert not a.answered and a.verdict is None, a.text


def test_a_choice_between_two_days_of_the_week_is_answered_with_the_date(engine):
    a = engine.ask("was daraa centre taken friday or saturday")
    assert a.answered and a.verdict is None and "Saturday" in a.text, a.text


def test_a_choice_between_two_dates_is_answered_with_the_date(engine):
    a = engine.ask("hamah fell on the 5th or 6th")
    assert a.answered and a.verdict is None and "5 December 2024" in a.text


@pytest.mark.parametrize("q, must_say", [
    ("Why did the rebels give up Aleppo on 30 November?", "control"),
    ("Why did the opposition abandon Idlib on November 30?", "dominance"),
    ("why did the regime retake hama on dec 5?", "Anti-regime forces captured"),
    ("why did hama fall on november 30?", "5 December 2024"),
    ("why did the fighting start in idlib on nov 27", "countryside of Aleppo"),
    ("ليش رجع النظام سيطر على حماة؟", "المناهضة للنظام"),
])
def test_false_premises_are_corrected_not_accepted(engine, q, must_say):
    """The claim a why-question is built on gets No: the answer is the correction, said to be one."""
    a = engine.ask(q)
    assert a.answered and a.verdict == "no" and must_say in a.text and a.facts, a.text
    assert a.text.startswith(("The report tells it otherwise", "يروي التقرير ذلك على نحو آخر",
                              "The report gives another date for it")), a.text


@pytest.mark.parametrize("q", ["why did the opposition take hama?", "when did the rebels take homs"])
def test_a_true_or_unsettled_premise_is_not_corrected(engine, q):
    """No reason given for a true premise, and an advance toward Homs is no "it did not fall": declined."""
    a = engine.ask(q)
    assert not a.answered and "otherwise" not in a.text, a.text


def test_two_sides_and_no_action_settle_nothing(engine):
    a = engine.ask("Someone told me the 8th Division was an opposition unit all along. True?")
    assert a.verdict is None and not a.text.startswith(("Yes", "No")), a.text


def test_an_unknown_adjective_beside_an_event_is_not_contradicted(engine):
    assert not engine.ask("Did Turkish forces capture Hama?").answered


@pytest.mark.parametrize("q, verdict", [
    ("did hama fall before december 10?", "yes"), ("did hama fall after december 6?", "no"),
    ("was hama captured before november?", "no"), ("was daraa under opposition control before 2012?", None),
    ("did hama fall within a week of the offensive starting?", "no"),
    ("the opposition took two major cities before pushing on homs right", "yes"),
    ("Was Daraa's centre taken without a fight?", "no"), ("was hama taken without a fight?", None),
])
def test_claims_against_a_date_a_span_or_an_absence(engine, q, verdict):
    """Before/after a date is settled by which side the fact falls on ("before 2012" against 2012-2018
    is not); "X before Y" is "Y after X"; "without a fight" is No only where the fact has the fighting."""
    a = engine.ask(q)
    assert a.verdict == verdict and a.answered == (verdict is not None)


@pytest.mark.parametrize("q, verdict", [("did the rebels take two major cities?", "yes"),
                                        ("the opposition took three major cities before pushing on homs, yeah?", "no"),
                                        ("did the opposition take five settlements around daraa?", None)])
def test_counts_in_claims(engine, q, verdict):
    """A count is a value: the fact's own count settles it; a count the fact does not give settles nothing."""
    a = engine.ask(q)
    assert a.verdict == verdict and a.answered == (verdict is not None)


@pytest.mark.parametrize("q, verdict", [("Is Tel Rifaat in Idlib's countryside?", "no"), ("is tel rifaat in aleppo?", "yes"),
                                        ("Was Operation Dawn of Freedom carried out in Idlib?", "no"),
                                        ("هل كانت عملية فجر الحرية ضد قوات النظام؟", "no")])
def test_where_a_place_lies_and_claims_no_fact_matches_whole(engine, q, verdict):
    """A place's "within" settles "is X in Y?"; a claim no fact matches whole is still checked with one value aside."""
    a = engine.ask(q)
    assert a.verdict == verdict and a.facts == ["dawn-of-freedom"]


@pytest.mark.parametrize("q, must_say", [
    ("after the rebels took hama on dec 6 where did they head?", "5 December 2024"),
    ("how did the regime retake daraa in 2016?", "July 2018"),
    ("how did hama fall on 30 november?", "5 December 2024"),  # a date another fact has (Aleppo's)
])
def test_the_event_asked_about_with_a_wrong_date_is_given_with_its_own(engine, q, must_say):
    """A premise whose event the report states on another date: the event, on its date, said to be another."""
    a = engine.ask(q)
    assert a.answered and a.verdict == "no" and a.text.startswith("The report gives another date") and must_say in a.text, a.text


def test_a_claim_dated_inside_another_facts_span_is_corrected_by_its_event(engine):
    """2016 lies within the opposition's hold of Daraa (2012-2018), but the claim is of the regime retaking it."""
    a = engine.ask("the regime retook daraa province in 2016 right?")
    assert a.verdict == "no" and a.facts == ["regime-retook-daraa"] and "July 2018" in a.text, a.text


def test_a_wrong_date_of_no_event_named_is_still_declined(engine):
    a = engine.ask("what happened in hama on 29 november?")
    assert not a.answered and a.declined_by == "date_not_covered", a.text


@pytest.mark.parametrize("q, must_say", [
    ("why did the sna launch dawn of freedom against isis in tel rifaat?", "PKK/YPG"),
    ("ليش تركيا أطلقت عملية فجر الحرية ضد المعارضة؟", "الجيش الوطني"),
])
def test_a_premise_with_a_name_the_report_gives_otherwise_is_corrected(engine, q, must_say):
    """"Why did X do it to ISIS?" where the fact has another target: what the report says, answered."""
    a = engine.ask(q)
    assert a.answered and a.verdict == "no" and must_say in a.text and a.facts, a.text


def test_all_of_it_after_an_answer_is_a_claim_about_that_answer(engine):
    from bot.context import Context
    ctx = Context()
    engine.ask("when did the opposition take aleppo city centre", ctx)
    a = engine.ask("all of it?", ctx)
    assert a.verdict == "no" and "most" in a.text, a.text


def test_the_next_day_after_an_answer_is_a_claim_of_that_day(engine):
    """"And Daraa fell the very next day?" after Hama (5 December): Daraa's centre fell on the 7th."""
    from bot.context import Context
    ctx = Context()
    engine.ask("when did hama fall?", ctx)
    a = engine.ask("and daraa fell the very next day?", ctx)
    assert a.verdict == "no" and "7 December 2024" in a.text, a.text


@pytest.mark.parametrize("q, side", [
    ("هل بدأت الاشتباكات قبل أو بعد ٣٠ تشرين الثاني؟", "قبل."),  # a yes/no opener, both sides of a date
    ("هل أُطلقت عملية فجر الحرية قبل سقوط حماة أم بعده؟", "قبل."),  # "بعده": after it (pack order words)
])
def test_before_or_after_gets_the_side_not_yes(engine, q, side):
    a = engine.ask(q)
    assert a.answered and a.verdict is None and a.text.startswith(side), a.text


def test_part_of_an_event_is_a_share_in_it_not_joining_a_group(engine):
    """"were they part of the offensive?": the side among those who acted, not the action of forming."""
    p = engine.understander.parse("were iran-backed groups part of the 2018 offensive?")
    assert "form" not in p.actions
    assert engine.ask("iran backed groups were part of the 2018 offensive, true?").verdict == "yes"


def test_a_side_after_against_is_not_the_one_that_acted(engine):
    assert engine.ask("was the operation against the pkk/ypg?").verdict == "yes"
    assert engine.ask("was dawn of freedom against the regime?").verdict == "no"


@pytest.mark.parametrize("q, verdict", [
    ("did the statement emphasise unity?", "yes"),
    ("did the statement pledge to secure the northern borders?", "no"),
    ("هل دعا البيان الجهات الدولية لاحترام قرارات السوريين؟", "yes"),
])
def test_a_yes_no_question_without_a_name_is_settled_by_the_fact_of_its_words(engine, q, verdict):
    assert engine.ask(q).verdict == verdict


def test_a_yes_no_question_without_a_name_and_with_words_no_fact_has_is_declined(engine):
    a = engine.ask("did the statement call for elections?")
    assert not a.answered and a.verdict is None


def test_a_premise_dated_as_something_like_it_is_not_corrected_by_another_event(engine):
    """Something of the kind asked happened on the question's date (the clashes of 27 November): the
    2018 offensive does not "tell it otherwise"."""
    a = engine.ask("ليش اختارت الفصائل تبلش هجومها بـ 27 تشرين الثاني بالذات؟")
    assert "2018" not in a.text, a.text


@pytest.mark.parametrize("q, verdict", [("the 8th division joined groups in idlib and aleppo, right?", "no"),
                                        ("the southern ops room was formed with groups from homs and hama, true?", "no"),
                                        ("the 8th division joined groups in sweida and quneitra, right?", "yes")])
def test_two_places_of_a_claim_are_checked_together(engine, q, verdict):
    a = engine.ask(q)
    assert a.verdict == verdict and "Sweida" in a.text, a.text


@pytest.mark.parametrize("q", ["aleppo fell on dec 1, right?", "حلب سقطت ب١ ديسمبر مو هيك؟"])
def test_a_place_a_fact_names_only_as_where_another_lies_was_not_taken_by_it(engine, q):
    """1 December's fact is of Tel Rifaat, in Aleppo's countryside: Aleppo itself was taken by 30 November."""
    a = engine.ask(q)
    assert a.verdict == "no" and a.facts == ["aleppo-taken"], a.text


def test_staying_is_the_opposite_of_departure(engine):
    assert engine.ask("arab officials are calling for assad to stay in power, right?").verdict == "no"
    assert engine.ask("arab officials want assad to leave, right?").verdict == "yes"


@pytest.mark.parametrize("q, verdict", [("did the regime regain strength thanks to iranian military intervention?", "no"),
                                        ("did the regime regain strength thanks to russia's military intervention?", "yes"),
                                        ("did the regime regain strength?", "yes"),
                                        ("هل استعاد النظام قوته بفضل التدخل الإيراني العسكري؟", "no"),
                                        ("هل استعاد النظام قوته بفضل التدخل العسكري الروسي؟", "yes")])
def test_words_joined_to_one_backer_are_not_said_of_another(engine, q, verdict):
    """The fact joins "military intervention" to Russia, not to Iran, both backers of the regime."""
    assert engine.ask(q).verdict == verdict


@pytest.mark.parametrize("q, verdict", [
    ("by 30 november did the opposition dominate idlib?", "yes"),  # a date phrase first
    ("regime forces declared they had captured all of daraa in june 2018?", "no"),  # "they had": the verb before
    ("soldiers of the 5th division joined the opposition, correct?", "no"),  # a numbered name, nothing else named
])
def test_claims_written_as_statements_are_settled(engine, q, verdict):
    a = engine.ask(q)
    assert a.answered and a.verdict == verdict, a.text


@pytest.mark.parametrize("q", ["the rebels are now heading towards damascus, right?", "الثوار عم يتقدموا صوب دمشق؟"])
def test_a_claim_of_heading_for_an_unknown_place_gets_no_and_where_they_head(engine, q):
    """The newest advance has one destination: heading elsewhere is another value of that point."""
    a = engine.ask(q)
    assert a.verdict == "no" and a.facts == ["advance-homs"], a.text


@pytest.mark.parametrize("q", ["are the rebels advancing with turkish support?", "is damascus next after homs?",
                               "هل وصلت المعارضة إلى اللاذقية؟"])
def test_an_unknown_name_that_is_no_destination_is_not_settled_by_the_advance(engine, q):
    """Not where they head ("with" Turkish support), beyond where they head (after Homs), or arriving: declined."""
    a = engine.ask(q)
    assert not a.answered and a.verdict is None, a.text


def test_this_article_is_the_reports_date(engine):
    a = engine.ask("how many days before this article did the sna launch its operation?")
    assert a.answered and a.text.startswith("6 days"), a.text


@pytest.mark.parametrize("q, verdict", [
    ("مصدر الخبر هو رويترز؟", "no"),  # a statement giving the source a name the report does not cite
    ("the source is anadolu agency?", "yes"),
    ("did bbc report the fall of hama?", "no"),  # who reported a fact: the report's source
])
def test_a_claim_of_who_reported_is_settled_by_the_reports_source(engine, q, verdict):
    a = engine.ask(q)
    assert a.verdict == verdict and a.facts == ["report-source"], a.text


@pytest.mark.parametrize("q, must_say", [("was the sna operation in tel rifaat or in kobani?", "Tel Rifaat"),
                                         ("الخبر من الأناضول ولا من الجزيرة؟", "الأناضول")])
def test_a_choice_between_a_known_name_and_an_unknown_one_is_answered_with_the_known(engine, q, must_say):
    """A choice is no claim: what the report says, without Yes or No."""
    a = engine.ask(q)
    assert a.answered and a.verdict is None and must_say in a.text, a.text


def test_the_noun_of_an_event_asks_about_the_event(engine):
    """"The declaration" is the declaring: an event's noun links to its action (not "situation" to "situated")."""
    u = engine.understander
    assert "declare" in u.actions_of("declaration") and not u.actions_of("situation")
    a = engine.ask("which came first, the 2018 ground offensive or the declaration of control over daraa?")
    assert a.answered and "June 2018" in a.text.split("Then")[0], a.text


@pytest.mark.parametrize("q, fact", [("Daraa is a province in southern Syria, right?", "daraa-location"),
                                     ("درعا محافظة بجنوب سوريا، صح؟", "daraa-location"), ("is hama a city?", "hama-captured")])
def test_a_claim_of_what_a_name_is_is_settled_by_the_statement_that_says_it(engine, q, fact):
    a = engine.ask(q)
    assert a.verdict == "yes" and a.facts == [fact], a.text


@pytest.mark.parametrize("q", ["is daraa a province or a city?", "hama is a village right?"])
def test_a_choice_or_a_word_no_statement_uses_is_not_a_described_name(engine, q):
    assert engine.ask(q).verdict is None


def test_a_claim_about_now_is_a_claim(engine):
    """"Now" asks for the latest, but a statement with a tag is still a claim to check."""
    a = engine.ask("the rebels are heading for homs now, correct?")
    assert a.verdict == "yes" and a.facts == ["advance-homs"], a.text


@pytest.mark.parametrize("q, verdict", [("did the opposition reach homs?", None), ("are the rebels heading towards homs?", "yes")])
def test_heading_for_a_place_says_nothing_of_reaching_it(engine, q, verdict):
    """An advance toward Homs settles a claim of the advance, not one of a word it does not use ("reach")."""
    assert engine.ask(q).verdict == verdict


@pytest.mark.parametrize("q", ["did the regime lose many soldiers taking hama?", "خسرت المعارضة مقاتلين كتير بدرعا؟"])
def test_people_lost_are_a_toll_the_report_never_gives(engine, q):
    """"Lose" with people after it is no place lost: declined, not Yes or No from a capture."""
    a = engine.ask(q)
    assert not a.answered and a.verdict is None and a.declined_by == "toll", a.text


@pytest.mark.parametrize("q, fact, must_say", [
    ("the regime said it had all of daraa province in august 2018, true?", "regime-retook-daraa", "July 2018"),
    ("why did hama fall on december 6?", "hama-captured", "5 December 2024")])
def test_a_wrong_date_near_the_facts_is_corrected_by_it(engine, q, fact, must_say):
    """A claim's date in the year (or month) of a fact's is that fact misdated: No (or the premise
    corrected) with its own date, not a fact of another year."""
    a = engine.ask(q)
    assert a.verdict == "no" and a.facts == [fact] and must_say in a.text, a.text


def test_a_date_near_a_fact_is_of_its_year_or_month(engine):
    """"August 2018" is near a fact of July 2018, "6 December" one of 5 December; "2016" (a year
    alone) and other years are not."""
    fact, hama = engine.fb.facts["regime-retook-daraa"], engine.fb.facts["hama-captured"]
    assert fact.near(FactDate(2018, 8, 0)) and hama.near(FactDate(0, 12, 6))
    assert not fact.near(FactDate(2016, 0, 0)) and not fact.near(FactDate(2019, 7, 0)) and not hama.near(FactDate(0, 11, 6))


@pytest.mark.parametrize("q", ["did the russian army withdraw from syria?", "هل انسحب الجيش الروسي من سوريا؟"])
def test_a_side_that_only_backed_the_taking_lost_nothing(engine, q):
    """"Withdraw" turns the side named into the one that lost the place; Russia only backed the side
    that took it: not Yes."""
    a = engine.ask(q)
    assert a.verdict is None and not a.answered, a.text


@pytest.mark.parametrize("q, answered", [("where did regime forces retreat to after losing daraa centre?", False),
                                         ("لوين انسحبت قوات النظام بعد ما خسرت مركز درعا؟", False),
                                         ("where are the rebels heading to?", True)])
def test_where_to_is_given_only_by_an_advance(engine, q, answered):
    a = engine.ask(q)
    assert a.answered == answered and (answered or a.declined_by == "destination_not_stated"), a.text


@pytest.mark.parametrize("q, verdict", [("did the sdf fight in aleppo?", None), ("Did Turkey launch Operation Dawn of Freedom?", "no"),
                                        ("the 5th division joined the rebels in daraa right?", "no")])
def test_clashes_between_two_sides_leave_room_for_a_third(engine, q, verdict):
    """An unknown side claimed to fight where two named sides clashed is not ruled out (not No); one
    actor launching an operation, or another unit's number, does rule another out."""
    assert engine.ask(q).verdict == verdict


@pytest.mark.parametrize("q, verdict", [("dawn of freedom on dec 1?", "yes"), ("عملية فجر الحريه بـ ١ كانون الاول؟", "yes"),
                                        ("كانت درعا مع المعارضة سنة 2015؟", "yes"), ("homs on 7 december?", None)])
def test_an_event_or_a_state_with_a_date_is_a_claim(engine, q, verdict):
    """An operation is an event, so its name and a date claim when it was; a place and a date claim
    nothing unless "was" says what ("Homs on 7 December?" may ask whether it fell)."""
    assert engine.ask(q).verdict == verdict


def test_a_rival_part_of_nothing_named_refutes_nothing(engine):
    """"the city centre" of an "it" with no context is set against no fact's countryside."""
    assert engine.ask("was it violent? like were there clashes for the city centre").verdict != "no"
    assert engine.ask("did the clashes first erupt in the eastern countryside of aleppo?").verdict == "no"


@pytest.mark.parametrize("q, verdict", [("the 8th division joined opposition groups in latakia, right?", "no"),
                                        ("الفرقة الثامنة انضمت لفصائل المعارضة في اللاذقية، صح؟", "no"),
                                        ("dawn of freedom was in manbij, correct?", "no"),
                                        ("did the sna fight in manbij?", None), ("did the rebels take manbij?", None)])
def test_an_unknown_place_in_the_place_of_a_one_off_event_gets_no(engine, q, verdict):
    """The alliance was formed once, of groups in Sweida and Quneitra: groups "in Latakia" are another
    place for that point. Fighting (many facts) in a place the report does not name is not ruled out."""
    assert engine.ask(q).verdict == verdict


@pytest.mark.parametrize("q, verdict", [("روسيا تدخلت عسكريا لصالح النظام؟", "yes"),
                                        ("did russia intervene militarily for the regime?", "yes"),
                                        ("did russia intervene militarily against the regime?", None),
                                        ("the 8th division was an opposition unit?", None),
                                        ("was iran involved?", "yes"), ("إيران إلها علاقة بالموضوع؟", "yes"),
                                        ("Is Russia still militarily involved in Syria today?", None)])
def test_a_claim_in_the_facts_own_words_with_each_side_in_its_place(engine, q, verdict):
    """A statement with a question mark is a claim; with no action word, it holds when its own words are
    the fact's and each side is where the fact has it ("against" the regime: the regime was not a target)."""
    assert engine.ask(q).verdict == verdict


def test_a_statement_that_asks_with_its_words_is_no_claim(engine):
    assert not engine.understander.parse("hama date?").claim
    assert engine.understander.parse("dawn of freedom targeted tel rifaat?").claim


@pytest.mark.parametrize("q, verdict", [("أول شي سقطت درعا وبعدين حماة، صح؟", "no"), ("first daraa fell and then hama, right?", "no"),
                                        ("سقطت حلب وبعدين حماة؟", "yes")])
def test_x_then_y_claims_x_came_first(engine, q, verdict):
    assert engine.ask(q).verdict == verdict
