"""Admin commands end to end: /reload (good and broken knowledge), /unanswered, /stats, refusals."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.engine import Engine
from bot.journal import Journal
from bot.telegram import render
from conftest import TG_ADMIN_ID
from fake_bot_api import FakeBotApi, message, private_chat, running_bot, user

ADMIN, STRANGER = TG_ADMIN_ID, 777


def from_user(text: str, user_id: int) -> dict:
    return {"message": message(text, private_chat(user_id), user(user_id))}


@pytest_asyncio.fixture
async def app(fake_api: FakeBotApi, tg_settings, tg_journal, knowledge_copy: Path, tmp_path: Path) -> AsyncIterator:
    """The bot over its own engine, built from the editable knowledge copy."""
    own_engine = Engine.open(knowledge_copy, tmp_path / "facts.sqlite")
    async with running_bot(tg_settings, own_engine, tg_journal) as application:
        yield application


def edit_facts(knowledge: Path, old: str, new: str) -> None:
    path = knowledge / "facts.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


async def test_non_admin_is_refused_politely_and_logged(app, fake_api: FakeBotApi, caplog) -> None:
    engine = app.bot_data["services"].engine
    with caplog.at_level(logging.WARNING, logger="bot.telegram"):
        for command in ("/reload", "/unanswered", "/stats"):
            assert (await fake_api.send(from_user(command, STRANGER))).text == render.REFUSAL
    assert app.bot_data["services"].engine is engine
    refusals = [r.getMessage() for r in caplog.records if "admin_refused" in r.getMessage()]
    assert len(refusals) == 3 and "user_id=777" in refusals[0] and "command=reload" in refusals[0]


async def test_reload_reports_counts_and_changes(app, fake_api: FakeBotApi, knowledge_copy: Path) -> None:
    original = (knowledge_copy / "facts.yaml").read_text()
    block = original[original.index("  - id: aleppo-taken"):original.index("  - id: idlib-dominance")]
    edit_facts(knowledge_copy, "  - id: idlib-dominance", block.replace("id: aleppo-taken", "id: aleppo-again") +
               "  - id: idlib-dominance")
    old_engine = app.bot_data["services"].engine
    reply = await fake_api.send(from_user("/reload", ADMIN))
    assert reply.text.startswith("<b>Reloaded.</b>")
    assert re.search(r"Reloaded \d+ facts", reply.text) and "Added: aleppo-again" in reply.text
    assert app.bot_data["services"].engine is not old_engine

    (knowledge_copy / "facts.yaml").write_text(original)
    reply = await fake_api.send(from_user("/reload", ADMIN))
    assert "Removed: aleppo-again" in reply.text and "Added: none" in reply.text


@pytest.mark.parametrize("old, new, expected", [
    ("  - id: aleppo-taken\n", "  - id: aleppo-taken\n   bad: [unclosed\n", r"facts\.yaml:\d+: YAML syntax"),
    ("first erupted on November 27", "first erupted on November 28", r"facts\.yaml:\d+: quote is not verbatim"),
    ("actors: [opposition, regime]", "actors: [opposition, martians]", r"facts\.yaml:\d+: actors: unknown entity 'martians'"),
], ids=["yaml-syntax", "quote-not-in-source", "dangling-reference"])
async def test_broken_knowledge_keeps_the_old_facts(app, fake_api: FakeBotApi, knowledge_copy: Path,
                                                     old: str, new: str, expected: str) -> None:
    before = await fake_api.send(from_user("When did the fighting first break out?", 1001))
    engine = app.bot_data["services"].engine
    edit_facts(knowledge_copy, old, new)
    reply = await fake_api.send(from_user("/reload", ADMIN))
    assert reply.text.startswith("<b>Reload failed</b>") and "previous facts" in reply.text
    assert re.search(expected, reply.text), reply.text
    assert app.bot_data["services"].engine is engine
    after = await fake_api.send(from_user("When did the fighting first break out?", 1002))
    assert after.text == before.text and "27 November 2024" in after.text


async def test_questions_during_a_reload_are_answered(app, fake_api: FakeBotApi, monkeypatch) -> None:
    engine = app.bot_data["services"].engine
    release = threading.Event()
    real_reload = engine.reload

    def slow_reload():
        release.wait(5)
        return real_reload()

    monkeypatch.setattr(engine, "reload", slow_reload)
    mark = len(fake_api.calls)
    fake_api.push(from_user("/reload", ADMIN))
    answer = await fake_api.send(from_user("When did Hama fall?", 1001))
    assert "5 December 2024" in answer.text
    busy = await fake_api.send(from_user("/reload", ADMIN))
    assert busy.text == render.RELOAD_BUSY
    release.set()
    done = await fake_api.wait_for("sendMessage", lambda c: c.text.startswith("<b>Reloaded."), since=mark)
    assert fake_api.calls.index(done[0]) > fake_api.calls.index(answer)


async def test_unanswered_lists_declined_questions_with_counts(app, fake_api: FakeBotApi) -> None:
    for text in ("Who is the Pope?", "who is the   pope?", "What is bitcoin?", "When did Hama fall?"):
        await fake_api.send(from_user(text, 1001))
    reply = await fake_api.send(from_user("/unanswered", ADMIN))
    lines = reply.text.splitlines()
    # each with the check that declined it, so an editor sees why
    assert lines[1:] == ["2\u00d7 who is the pope? <i>(unknown_words)</i>", "1\u00d7 what is bitcoin? <i>(unknown_words)</i>"]


async def test_stats_since_start_and_all_time(fake_api: FakeBotApi, tg_settings, engine) -> None:
    journal = Journal(tg_settings.journal_path)
    before_start = engine.ask("When did Hama fall?")
    journal.record("When did Hama fall?", before_start)  # a question from a previous run
    async with running_bot(tg_settings, engine, journal):
        await fake_api.send(from_user("When did Hama fall?", 1001))
        await fake_api.send(from_user("Who is the Pope?", 1001))
        reply = await fake_api.send(from_user("/stats", ADMIN))
    assert "Since start: 2 asked, 1 answered, 1 declined" in reply.text
    assert "All time: 3 asked, 2 answered, 1 declined" in reply.text
    journal.close()


async def test_unanswered_survives_a_restart(fake_api: FakeBotApi, tg_settings, engine) -> None:
    journal = Journal(tg_settings.journal_path)
    async with running_bot(tg_settings, engine, journal):
        await fake_api.send(from_user("Who is the Pope?", 1001))
    journal.close()
    journal = Journal(tg_settings.journal_path)
    async with running_bot(tg_settings, engine, journal):
        reply = await fake_api.send(from_user("/unanswered", ADMIN))
    journal.close()
    assert "1\u00d7 who is the pope?" in reply.text
