"""A second, newer source (tests/fixtures/update): attribution, supersession, the present and the past."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.builder import build
from bot.knowledge import check_knowledge
from bot.timeline import events

NEW = "Levant Monitor"
OLD = "Anadolu Agency"


def test_the_update_is_valid_and_each_source_has_its_coverage(updated_knowledge: Path, tmp_path: Path) -> None:
    assert check_knowledge(updated_knowledge) == []
    report = build(updated_knowledge, tmp_path / "facts.sqlite")
    assert set(report.coverage) == {"aa-2024-12-07", "update-2024-12-08"}
    cited, total = report.coverage["update-2024-12-08"]
    assert (cited, total) == (5, 6)  # every sentence but the headline
    assert report.counts["sources"] == 2


def test_a_present_question_is_answered_from_the_newest_fact_with_the_older_account_attributed(updated_engine) -> None:
    a = updated_engine.ask("Are the opposition still advancing toward Homs?")
    assert a.answered and a.verdict is None
    newest, earlier = a.text.split(" Earlier, ")
    assert newest.startswith(f"As of 8 December 2024, according to {NEW}:") and "took full control of Homs" in newest
    assert earlier.startswith("as of 7 December 2024, according to a news report citing Anadolu Agency (AA):")
    assert "advancing toward Homs" in earlier
    assert a.facts == ["homs-taken", "advance-homs"]
    assert {c.source for c in a.sources} == {f"{NEW}, 8 December 2024",
                                             "A news report citing Anadolu Agency (AA), 7 December 2024"}


def test_where_next_moves_on_with_the_news(updated_engine, engine) -> None:
    assert "Toward Homs" in engine.ask("Where are the opposition heading next?").text
    assert updated_engine.ask("Where are the opposition heading next?").facts[0] == "homs-taken"


def test_a_question_about_a_past_date_is_answered_from_that_time(updated_engine) -> None:
    a = updated_engine.ask("Where were the opposition heading on 7 December?")
    assert a.facts == ["advance-homs"] and "As of 8 December" not in a.text


def test_a_newer_source_that_contradicts_an_older_one_is_shown_with_both(updated_engine) -> None:
    a = updated_engine.ask("When did Daraa's city centre fall?")
    assert "6 December 2024" in a.text and "7 December 2024" in a.text
    assert a.text.index(NEW) < a.text.index("news report citing")  # the newest first


def test_a_fact_may_rest_on_quotes_from_several_sources(updated_engine) -> None:
    a = updated_engine.ask("Which cities have the opposition captured?")
    assert "Homs" in a.text and "Damascus" in a.text
    assert {c.source.split(",")[0] for c in a.sources} == {NEW, "A news report citing Anadolu Agency (AA)"}


def test_the_summary_and_the_latest_come_from_the_newest_facts(updated_engine) -> None:
    assert "Damascus" in updated_engine.ask("Give me a summary").text
    latest = updated_engine.ask("What is the latest?")
    assert "(8 December 2024)" in latest.text and "Damascus" in latest.text


def test_new_facts_answer_and_old_answers_hold(updated_engine) -> None:
    assert updated_engine.ask("Has Homs fallen?").verdict == "yes"
    assert "8 December 2024" in updated_engine.ask("When did the opposition enter Damascus?").text
    hama = updated_engine.ask("When did Hama fall?")
    assert "5 December 2024" in hama.text and hama.facts == ["hama-captured"]


def test_the_bot_speaks_of_its_sources_in_the_plural_and_names_both(updated_engine, engine) -> None:
    assert engine.ask("Who won the 2026 world cup?").text.startswith("The report does not mention")
    assert updated_engine.ask("Who won the 2026 world cup?").text.startswith("The news I have does not mention")
    hello = updated_engine.ask("hello").text
    assert NEW in hello and OLD in hello and "8 December 2024" in hello


def test_the_timeline_shows_both_states_each_with_its_source(updated_engine) -> None:
    timeline = events(updated_engine.fb)
    advance = next(e for e in timeline if "rapidly advancing toward Homs" in e.text)
    taken = next(e for e in timeline if "took full control of Homs" in e.text)
    assert advance.sources == ("A news report citing Anadolu Agency (AA), 7 December 2024",)
    assert taken.sources == (f"{NEW}, 8 December 2024",) and timeline.index(advance) < timeline.index(taken)


def test_the_arabic_answer_names_the_time_of_each_account(updated_engine) -> None:
    a = updated_engine.ask("هل ما زالت المعارضة تتقدم نحو حمص؟")
    assert a.lang == "ar" and a.text.startswith("حتى 8 كانون الأول (ديسمبر) 2024")


@pytest.mark.parametrize("edit, problem", [
    (lambda k: (k / "facts.yaml").write_text((k / "facts.yaml").read_text().replace("source: aa-2024-12-07  #", "#", 1)),
     "must name their source"),
    (lambda k: (k / "facts_update.yaml").write_text(
        (k / "facts_update.yaml").read_text().replace("date: 2024-12-06", "date: 2024-12-09")),
     "after its source was published"),
    (lambda k: (k / "facts_update.yaml").write_text(
        (k / "facts_update.yaml").read_text().replace("supersedes: [advance-homs]", "supersedes: [no-such-fact]")),
     "supersedes: unknown fact"),
    (lambda k: (k / "facts.yaml").write_text((k / "facts.yaml").read_text().replace(
        "  - id: hama-captured\n", "  - id: hama-captured\n    supersedes: [homs-taken]\n")),
     "is newer than 'hama-captured'"),
])
def test_bad_edits_with_several_sources_are_refused_plainly(updated_knowledge: Path, tmp_path: Path, edit, problem) -> None:
    folder = shutil.copytree(updated_knowledge, tmp_path / "k")
    edit(folder)
    problems = check_knowledge(folder)
    assert any(problem in p.message for p in problems), problems
    assert sum(problem in p.message for p in problems) == 1  # once, not once per fact
