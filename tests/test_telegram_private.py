"""Private chats end to end over HTTP: commands, questions, follow-ups and buttons (long polling)."""

from __future__ import annotations

import json

from bot.telegram import render
from fake_bot_api import (
    BOT_USERNAME,
    FakeBotApi,
    callback_query,
    message,
    private_chat,
    sent_message,
    user,
)

ALICE, BOB = 1001, 1002


def ask_private(text: str, user_id: int = ALICE) -> dict:
    return {"message": message(text, private_chat(user_id), user(user_id))}


async def test_start_up_publishes_commands_and_deletes_webhook(tg_app, fake_api: FakeBotApi) -> None:
    assert [c.method for c in fake_api.calls[:2]] == ["getMe", "setMyCommands"]
    menus = fake_api.calls_to("setMyCommands")
    everyone = [c for c in menus if c.get("scope") is None]
    admins = [c for c in menus if c.get("scope") is not None]
    assert {c["command"] for c in everyone[0].json("commands")} == {"ask", "timeline", "map", "sources", "language", "help",
                                                                    "start"}
    assert admins[0].json("scope") == {"type": "chat", "chat_id": 4242}
    assert {"reload", "unanswered", "stats"} <= {c["command"] for c in admins[0].json("commands")}
    assert fake_api.calls_to("deleteWebhook")
    assert tg_app.bot.username == BOT_USERNAME


async def test_start_welcomes_with_example_buttons(tg_app, fake_api: FakeBotApi) -> None:
    call = await fake_api.send(ask_private("/start"))
    assert call.chat_id == ALICE and call["parse_mode"] == "HTML" and "Hello" in call.text
    assert call.get("reply_parameters") is None  # no quoting in private chats
    datas = [b["callback_data"] for b in call.buttons]
    assert len(datas) >= 3 and "timeline" in datas
    assert all(len(d.encode()) <= 64 for d in datas)


async def test_help_timeline_and_sources(tg_app, fake_api: FakeBotApi) -> None:
    assert "/ask" in (await fake_api.send(ask_private("/help"))).text
    timeline = (await fake_api.send(ask_private("/timeline"))).text
    assert "2024" in timeline and len(timeline) <= 4096
    sources = (await fake_api.send(ask_private("/sources"))).text
    assert "Anadolu" in sources and "facts" in sources


async def test_every_text_is_a_question_answered_with_quote_source_and_buttons(tg_app, fake_api: FakeBotApi) -> None:
    call = await fake_api.send(ask_private("When did Hama fall?"))
    assert call["parse_mode"] == "HTML"
    text = call.text
    assert "5 December 2024" in text
    assert "<blockquote>" in text and "</blockquote>\n\u2014 <i>" in text  # the quote, then its source
    assert "Anadolu" in text and len(text) <= 4096
    assert 2 <= len(call.buttons) <= 3
    assert all(len(b["callback_data"].encode()) <= 64 for b in call.buttons)


async def test_follow_up_uses_the_chats_context(tg_app, fake_api: FakeBotApi) -> None:
    await fake_api.send(ask_private("When did Hama fall?"))
    follow_up = await fake_api.send(ask_private("And Aleppo?"))
    assert "Aleppo" in follow_up.text and "30 November" in follow_up.text
    who = await fake_api.send(ask_private("Who did it?"))
    assert "Aleppo" in who.text or "Hama" in who.text
    # Another chat has no such context: "who did it?" alone cannot be answered.
    other = await fake_api.send(ask_private("Who did it?", BOB))
    assert other.chat_id == BOB and "<blockquote>" not in other.text


async def test_contexts_are_per_chat_and_bounded(tg_app, fake_api: FakeBotApi) -> None:
    contexts = tg_app.bot_data["services"].contexts
    assert contexts.max_items <= 100_000 and contexts.max_age <= 24 * 3600
    await fake_api.send(ask_private("When did Hama fall?"))
    await fake_api.send(ask_private("When did Hama fall?", BOB))
    assert len(contexts) == 2


async def test_button_press_is_acknowledged_and_answered_in_the_chat(tg_app, fake_api: FakeBotApi) -> None:
    first = await fake_api.send(ask_private("When did Hama fall?"))
    pressed = first.buttons[0]
    mark = len(fake_api.calls)
    fake_api.push({"callback_query": callback_query(pressed["callback_data"], sent_message(first), user(ALICE))})
    ack = (await fake_api.wait_for("answerCallbackQuery", since=mark))[0]
    reply = (await fake_api.wait_for("sendMessage", since=mark))[0]
    assert fake_api.calls.index(ack) < fake_api.calls.index(reply)
    assert reply.chat_id == ALICE and "<blockquote" in reply.text
    asked = tg_app.bot_data["services"].buttons.decode(pressed["callback_data"])
    assert reply.text == render.answer_html(tg_app.bot_data["services"].engine.ask(asked))


async def test_long_suggestions_use_the_key_scheme(tg_app, fake_api: FakeBotApi) -> None:
    services = tg_app.bot_data["services"]
    long = "When did the opposition capture Daraa city centre, on Syria's southern border with Jordan?"
    data = services.buttons.encode(long)
    assert data.startswith("k:") and len(data.encode()) <= 64
    first = await fake_api.send(ask_private("When did Hama fall?"))
    mark = len(fake_api.calls)
    fake_api.push({"callback_query": callback_query(data, sent_message(first), user(ALICE))})
    reply = (await fake_api.wait_for("sendMessage", since=mark))[0]
    assert "Daraa" in reply.text


async def test_expired_or_forged_button_gets_a_polite_notice(tg_app, fake_api: FakeBotApi) -> None:
    first = await fake_api.send(ask_private("When did Hama fall?"))
    ack = await fake_api.send({"callback_query": callback_query("k:0123456789abcdef", sent_message(first), user(ALICE))},
                              method="answerCallbackQuery")
    assert ack["text"] == render.EXPIRED
    await fake_api.settle()
    assert len(fake_api.sent_to(ALICE)) == 1


async def test_timeline_button(tg_app, fake_api: FakeBotApi) -> None:
    start = await fake_api.send(ask_private("/start"))
    mark = len(fake_api.calls)
    fake_api.push({"callback_query": callback_query("timeline", sent_message(start), user(ALICE))})
    await fake_api.wait_for("answerCallbackQuery", since=mark)
    reply = (await fake_api.wait_for("sendMessage", since=mark))[0]
    assert "Timeline" in reply.text


async def test_unknown_command_points_to_help(tg_app, fake_api: FakeBotApi) -> None:
    assert (await fake_api.send(ask_private("/frobnicate"))).text == render.UNKNOWN_COMMAND


async def test_declined_question_is_honest_and_recorded(tg_app, fake_api: FakeBotApi) -> None:
    call = await fake_api.send(ask_private("Who is the Pope?"))
    assert "does not" in call.text or "can't" in call.text
    journal = tg_app.bot_data["services"].journal
    await fake_api.settle()  # the journal is written after the reply, by another thread
    assert journal.top_unanswered() == [("who is the pope?", 1, "unknown_words")]


async def test_inline_message_from_ourselves_is_not_a_question(tg_app, fake_api: FakeBotApi) -> None:
    msg = message("When did Hama fall?\n\nAnswer ...", private_chat(ALICE), user(ALICE), via_bot=fake_api.me)
    fake_api.push({"message": msg})
    await fake_api.settle()
    assert fake_api.sent_to(ALICE) == []


async def test_reply_markup_is_valid_json_for_telegram(tg_app, fake_api: FakeBotApi) -> None:
    call = await fake_api.send(ask_private("When did Aleppo fall?"))
    markup = json.loads(call["reply_markup"])
    assert set(markup) == {"inline_keyboard"} and all(len(row) == 1 for row in markup["inline_keyboard"])
