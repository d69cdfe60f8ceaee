"""Shared pytest fixtures."""

from __future__ import annotations

# --- core fixtures -------------------------------------------------------------------------
# A frozen copy of the knowledge (tests/knowledge, so an editor's valid news update to knowledge/
# never turns these tests red), a fact base built from it into a temp folder, and an engine over it.

import shutil

import pytest as _pytest

KNOWLEDGE = __import__("pathlib").Path(__file__).resolve().parent / "knowledge"
BUNDLED = KNOWLEDGE.parents[1] / "knowledge"


@_pytest.fixture(scope="session")
def engine(tmp_path_factory: _pytest.TempPathFactory):
    """An engine over the bundled knowledge (built once per session)."""
    from bot.engine import Engine

    return Engine.open(KNOWLEDGE, tmp_path_factory.mktemp("facts") / "facts.sqlite")


@_pytest.fixture
def knowledge_copy(tmp_path):
    """A private, editable copy of the bundled knowledge folder."""
    return shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")


#: A second source dated the day after the report (tests/fixtures/update), added over the frozen copy.
UPDATE = KNOWLEDGE.parent / "fixtures" / "update"


@_pytest.fixture(scope="session")
def updated_knowledge(tmp_path_factory: _pytest.TempPathFactory):
    """The frozen knowledge plus the update of 8 December 2024 (a second source, newer facts)."""
    folder = shutil.copytree(KNOWLEDGE, tmp_path_factory.mktemp("updated") / "knowledge")
    shutil.copytree(UPDATE, folder, dirs_exist_ok=True)
    return folder


@_pytest.fixture(scope="session")
def updated_engine(updated_knowledge, tmp_path_factory: _pytest.TempPathFactory):
    """An engine over the knowledge with the update."""
    from bot.engine import Engine

    return Engine.open(updated_knowledge, tmp_path_factory.mktemp("facts") / "facts.sqlite")

# --- telegram fixtures ---------------------------------------------------------------------
# The Telegram front end's end-to-end fixtures: a fake Bot API server on 127.0.0.1 and the real
# Application polling it (rate limiter off). Used by tests/test_telegram_*.py.

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from fake_bot_api import TOKEN, FakeBotApi, running_bot

TG_ADMIN_ID = 4242
TG_WEBHOOK_SECRET = "test-secret_0123456789"
REPO = BUNDLED.parent


@pytest_asyncio.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    """A started fake Bot API server."""
    api = await FakeBotApi().start()
    try:
        yield api
    finally:
        await api.stop()


@pytest.fixture
def tg_settings(fake_api: FakeBotApi, tmp_path: Path, unused_tcp_port: int):
    """Settings pointing at the fake server, one admin, and a webhook on a free local port."""
    from bot.telegram.settings import Settings

    return Settings(
        token=TOKEN,
        base_url=fake_api.base_url,
        admin_ids=frozenset({TG_ADMIN_ID}),
        state_dir=tmp_path / "state",
        webhook_url="https://bot.example.org/telegram/hook",
        webhook_secret=TG_WEBHOOK_SECRET,
        webhook_listen="127.0.0.1",
        webhook_port=unused_tcp_port,
    )


@pytest.fixture
def tg_journal(tg_settings) -> Iterator:
    """A fresh journal in the test's state folder."""
    from bot.journal import Journal

    journal = Journal(tg_settings.journal_path)
    yield journal
    journal.close()


@pytest_asyncio.fixture
async def tg_app(fake_api: FakeBotApi, tg_settings, engine, tg_journal) -> AsyncIterator:
    """The real Application over the session's engine, long-polling the fake server."""
    async with running_bot(tg_settings, engine, tg_journal) as app:
        yield app

