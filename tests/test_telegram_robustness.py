"""Robustness end to end: ignored updates, junk input, the error handler, flood limits, logs without secrets."""

from __future__ import annotations

import dataclasses
import logging
import random
import re

import pytest

from bot.telegram import render
from fake_bot_api import (
    SENTINEL_CHAT,
    TOKEN,
    FakeBotApi,
    group_chat,
    message,
    private_chat,
    running_bot,
    user,
)

ALICE = 1001
GROUP = group_chat(-100888)
OUR_TAGS = re.compile(r"</?(b|i|u|code|blockquote)>|<blockquote expandable>")


def private(text: str | None, **extra) -> dict:
    return {"message": message(text, private_chat(ALICE), user(ALICE), **extra)}


def non_text_updates() -> list[dict]:
    """Stickers, photos, edits, channel posts, service messages and other updates the bot ignores."""
    channel = {"id": -100999, "type": "channel", "title": "News"}
    photo = [{"file_id": "p", "file_unique_id": "pu", "width": 1, "height": 1}]
    sticker = {"file_id": "s", "file_unique_id": "su", "width": 1, "height": 1, "is_animated": False,
               "is_video": False, "type": "regular"}
    return [
        private(None, sticker=sticker),
        private(None, photo=photo),
        private(None, photo=photo, caption="When did Hama fall?"),
        {"edited_message": message("When did Hama fall?", private_chat(ALICE), user(ALICE), edit_date=1)},
        {"channel_post": {**message("When did Hama fall?", channel), "sender_chat": channel}},
        {"edited_channel_post": {**message("/ask When did Hama fall?", channel), "edit_date": 1}},
        {"message": message(None, GROUP, user(ALICE), new_chat_members=[user(5, "New")])},
        {"message": message(None, GROUP, user(ALICE), left_chat_member=user(5, "Old"))},
        {"message": message(None, GROUP, user(ALICE), new_chat_title="Renamed")},
        {"message": message(None, private_chat(ALICE), user(ALICE),
                            location={"latitude": 36.2, "longitude": 37.1})},
        {"message": message(None, private_chat(ALICE), user(ALICE),
                            contact={"phone_number": "+100", "first_name": "Bob"})},
        {"my_chat_member": {"chat": GROUP, "from": user(ALICE), "date": 1,
                            "old_chat_member": {"status": "left", "user": user(1)},
                            "new_chat_member": {"status": "member", "user": user(1)}}},
    ]


async def test_non_text_updates_are_ignored_quietly(tg_app, fake_api: FakeBotApi, caplog) -> None:
    mark = len(fake_api.calls)
    with caplog.at_level(logging.INFO):
        for update in non_text_updates():
            fake_api.push(update)
        await fake_api.settle()
    sent = [c for c in fake_api.calls[mark:] if c.method.startswith("send") and c.chat_id != SENTINEL_CHAT]
    assert sent == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


JUNK = [
    "\u200b", "\U0001f4a5" * 200, "<script>alert(1)</script>", "&amp; &lt; <b>", "a" * 4096, "\x00\x01\x7f",
    "\u0645\u062a\u0649 \u0633\u0642\u0637\u062a \u062d\u0645\u0627\u0629\u061f", "\u54c8\u9a6c\u4ec0\u4e48\u65f6\u5019",
    "@", "'; DROP TABLE asked; --", "%s %d {0} {token}", "\n\n\n.", "null", "\u202eevil", "?" * 3000,
    "When did " + "Hama " * 800 + "fall?", "\U0001f1f8\U0001f1fe" * 100,
]


async def test_junk_gets_one_safe_reply_each(tg_app, fake_api: FakeBotApi, caplog) -> None:
    rng = random.Random(7)
    alphabet = "abc <>&\"'\\/\n\t\u00e9\u0628\u4e2d\U0001f600\u200d\ufeff@#*_`~|"
    junk = JUNK + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 400))) for _ in range(25)]
    with caplog.at_level(logging.WARNING):
        for text in junk:
            reply = await fake_api.send(private(text))
            assert reply.chat_id == ALICE and 0 < render.units(reply.text) <= 4096
            assert "<" not in OUR_TAGS.sub("", reply.text), reply.text
            assert "Traceback" not in reply.text
    assert not caplog.records


async def test_errors_are_logged_and_the_user_told_briefly(tg_app, fake_api: FakeBotApi, caplog, monkeypatch) -> None:
    engine = tg_app.bot_data["services"].engine

    def broken(*args, **kwargs):
        raise RuntimeError("engine exploded at /secret/path")

    monkeypatch.setattr(engine, "ask", broken)
    with caplog.at_level(logging.ERROR, logger="bot.telegram"):
        reply = await fake_api.send(private("When did Hama fall?"))
    assert reply.text == render.ERROR
    errors = [r for r in caplog.records if "event=error" in r.getMessage()]
    assert len(errors) == 1
    assert "update=message update_id=1 chat=private error=RuntimeError" in errors[0].getMessage()
    assert errors[0].exc_info is not None  # the traceback goes to the operator's log only


async def test_telegram_errors_reach_the_error_handler(tg_app, fake_api: FakeBotApi, caplog) -> None:
    fake_api.fail_next("sendMessage", 400, "Bad Request: can't parse entities")
    with caplog.at_level(logging.ERROR, logger="bot.telegram"):
        mark = len(fake_api.calls)
        fake_api.push(private("When did Hama fall?"))
        calls = await fake_api.wait_for("sendMessage", count=2, since=mark)
    assert calls[1].text == render.ERROR
    assert "error=BadRequest" in caplog.text


async def test_a_failing_error_reply_is_only_logged(tg_app, fake_api: FakeBotApi, caplog) -> None:
    fake_api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    fake_api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    with caplog.at_level(logging.WARNING, logger="bot.telegram"):
        fake_api.push(private("When did Hama fall?"))
        await fake_api.wait_for("sendMessage", count=2)
        await fake_api.settle()
    assert "error=Forbidden" in caplog.text and "event=error_reply_failed" in caplog.text


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # raised inside PTB's RetryAfter
async def test_retry_after_is_honoured(fake_api: FakeBotApi, tg_settings, engine, tg_journal) -> None:
    fake_api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    async with running_bot(tg_settings, engine, tg_journal, rate_limit=True) as app:
        assert app.bot.rate_limiter is not None
        mark = len(fake_api.calls)
        fake_api.push(private("When did Hama fall?"))
        first, second = await fake_api.wait_for("sendMessage", count=2, since=mark, timeout=10)
    assert first.result["error_code"] == 429
    assert second.at - first.at >= 1.0
    assert "5 December 2024" in second.text


async def test_one_line_records_without_question_text(tg_app, fake_api: FakeBotApi, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="bot.telegram"):
        await fake_api.send(private("When did Hama fall?"))
        await fake_api.settle()
    records = [r.getMessage() for r in caplog.records if r.name == "bot.telegram"]
    assert len(records) == 1
    assert re.fullmatch(r"update=message chat=private intent=\w+ answered=true latency_ms=\d+\.\d", records[0])
    assert "Hama" not in caplog.text


async def test_question_text_logged_only_when_asked_for(fake_api: FakeBotApi, tg_settings, engine, tg_journal,
                                                        caplog) -> None:
    settings = dataclasses.replace(tg_settings, log_questions=True)
    async with running_bot(settings, engine, tg_journal):
        with caplog.at_level(logging.INFO, logger="bot.telegram"):
            await fake_api.send(private("When did Hama fall?"))
            await fake_api.settle()
    assert 'question="When did Hama fall?"' in caplog.text


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_the_token_never_appears_in_logs(fake_api: FakeBotApi, tg_settings, engine, tg_journal,
                                                caplog, webhook: bool) -> None:
    secret = TOKEN.split(":")[1]
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="httpx"):
        async with running_bot(tg_settings, engine, tg_journal, webhook=webhook):
            if not webhook:
                fake_api.fail_next("sendMessage", 400, "Bad Request: chat not found")
                await fake_api.send(private("When did Hama fall?"))
    text = caplog.text + "".join(str(r.msg) + str(r.args) + (r.exc_text or "") for r in caplog.records)
    assert "HTTP Request" in text and "[REDACTED]" in text  # httpx did log URLs, redacted
    assert secret not in text and TOKEN not in text
    assert tg_settings.webhook_secret not in text
