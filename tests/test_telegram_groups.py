"""Groups end to end (privacy mode rules): /ask, mentions, replies to the bot; everything else ignored."""

from __future__ import annotations

import pytest

from bot.telegram import render
from conftest import TG_ADMIN_ID
from fake_bot_api import (
    BOT_USERNAME,
    FakeBotApi,
    group_chat,
    mention_entity,
    message,
    private_chat,
    sent_message,
    user,
)

GROUP = group_chat(-100777)
ALICE, BOB = user(1001, "Alice"), user(1002, "Bob")


def said(text: str, sender: dict = ALICE, **kwargs) -> dict:
    return {"message": message(text, GROUP, sender, **kwargs)}


def mentioning(text: str, mention: str, sender: dict = ALICE) -> dict:
    return said(text, sender, entities=[mention_entity(text, mention)])


async def answered(api: FakeBotApi, update: dict) -> str:
    """Push ``update``; the text of the reply, which must quote the asking message."""
    call = await api.send(update)
    assert call.chat_id == GROUP["id"]
    assert call.json("reply_parameters")["message_id"] == update["message"]["message_id"]
    return call.text


async def ignored(api: FakeBotApi, *updates: dict) -> None:
    mark = len(api.calls)
    for update in updates:
        api.push(update)
    await api.settle()
    assert api.sent_to(GROUP["id"], since=mark) == []


@pytest.mark.parametrize("command", ["/ask", f"/ask@{BOT_USERNAME}", f"/ask@{BOT_USERNAME.lower()}"])
async def test_ask_command_is_answered_as_a_reply(tg_app, fake_api: FakeBotApi, command: str) -> None:
    assert "5 December 2024" in await answered(fake_api, said(f"{command} When did Hama fall?"))


async def test_ask_for_another_bot_is_ignored(tg_app, fake_api: FakeBotApi) -> None:
    await ignored(fake_api, said("/ask@SomeOtherBot When did Hama fall?"))


async def test_empty_ask_explains_usage(tg_app, fake_api: FakeBotApi) -> None:
    assert "/ask When did the offensive begin?" in await answered(fake_api, said("/ask"))


@pytest.mark.parametrize("mention", [f"@{BOT_USERNAME}", f"@{BOT_USERNAME.lower()}", f"@{BOT_USERNAME.upper()}"])
async def test_mention_in_any_case_is_answered(tg_app, fake_api: FakeBotApi, mention: str) -> None:
    text = f"{mention}, when did Hama fall?"
    assert "5 December 2024" in await answered(fake_api, mentioning(text, mention))


async def test_mention_in_the_middle(tg_app, fake_api: FakeBotApi) -> None:
    text = f"hey @{BOT_USERNAME} when did Aleppo fall?"
    assert "30 November" in await answered(fake_api, mentioning(text, f"@{BOT_USERNAME}"))


async def test_text_mention_of_the_bot_is_answered(tg_app, fake_api: FakeBotApi) -> None:
    text = "Fact Bot when did Hama fall?"
    entity = {"type": "text_mention", "offset": 0, "length": 8, "user": fake_api.me}
    assert "5 December 2024" in await answered(fake_api, said(text, entities=[entity]))


async def test_reply_to_the_bots_message_is_answered(tg_app, fake_api: FakeBotApi) -> None:
    first = await fake_api.send(said("/ask When did Hama fall?"))
    reply = said("And Aleppo?", reply_to=sent_message(first))
    assert "30 November" in await answered(fake_api, reply)


async def test_other_chatter_is_ignored(tg_app, fake_api: FakeBotApi) -> None:
    someone = user(555, "Carol")
    someone_msg = message("hi", GROUP, someone)
    await ignored(
        fake_api,
        said("When did Hama fall?"),  # not addressed to the bot
        said(f"I read about {BOT_USERNAME} yesterday"),  # the name without @
        mentioning("@carol when did Hama fall?", "@carol"),  # someone else mentioned
        said("and Aleppo?", reply_to=someone_msg),  # a reply to someone else
        said("/start@SomeOtherBot"),
        said("/frobnicate"),  # unknown commands are not answered in groups
    )


async def test_edited_messages_do_not_trigger_answers(tg_app, fake_api: FakeBotApi) -> None:
    edited = message("/ask When did Hama fall?", GROUP, ALICE, edit_date=1)
    edited_mention = message(f"@{BOT_USERNAME} when?", GROUP, ALICE, edit_date=1,
                             entities=[{"type": "mention", "offset": 0, "length": len(BOT_USERNAME) + 1}])
    await ignored(fake_api, {"edited_message": edited}, {"edited_message": edited_mention})


async def test_context_is_per_user_inside_a_group(tg_app, fake_api: FakeBotApi) -> None:
    await answered(fake_api, said("/ask When did Hama fall?", ALICE))
    alice = await answered(fake_api, said("/ask who did it?", ALICE))
    bob = await answered(fake_api, said("/ask who did it?", BOB))
    assert "captured Hama" in alice and "<blockquote>" not in bob  # Bob has no context of his own
    contexts = tg_app.bot_data["services"].contexts
    assert len(contexts) == 2


async def test_button_in_a_group_answers_the_presser_in_reply(tg_app, fake_api: FakeBotApi) -> None:
    from fake_bot_api import callback_query

    first = await fake_api.send(said("/ask When did Hama fall?"))
    bot_msg = sent_message(first)
    mark = len(fake_api.calls)
    fake_api.push({"callback_query": callback_query(first.buttons[0]["callback_data"], bot_msg, BOB)})
    await fake_api.wait_for("answerCallbackQuery", since=mark)
    reply = (await fake_api.wait_for("sendMessage", since=mark))[0]
    assert reply.chat_id == GROUP["id"] and reply.json("reply_parameters")["message_id"] == bot_msg["message_id"]
    assert (GROUP["id"], BOB["id"]) in tg_app.bot_data["services"].contexts._items


async def test_admin_commands_refused_politely_in_groups(tg_app, fake_api: FakeBotApi) -> None:
    assert await answered(fake_api, said(f"/stats@{BOT_USERNAME}", BOB)) == render.PRIVATE_ONLY


@pytest.mark.parametrize("command", ["/unanswered", "/stats", "/reload", f"/unanswered@{BOT_USERNAME}"])
async def test_an_admins_command_in_a_group_reveals_nothing(tg_app, fake_api: FakeBotApi, command: str) -> None:
    """Even the admin gets the same neutral line as anyone: no declined questions, no counts, no reload."""
    await fake_api.send({"message": message("Who is the Pope? my private question", private_chat(5005), user(5005))})
    engine = tg_app.bot_data["services"].engine
    reply = await answered(fake_api, said(command, user(TG_ADMIN_ID, "Admin")))
    assert reply == render.PRIVATE_ONLY
    assert "pope" not in reply.lower() and tg_app.bot_data["services"].engine is engine
    # the same admin in the private chat is answered
    private = await fake_api.send({"message": message(command.split("@")[0], private_chat(TG_ADMIN_ID),
                                                      user(TG_ADMIN_ID))})
    assert private.text != render.PRIVATE_ONLY
