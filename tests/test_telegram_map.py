"""The map and the paged timeline end to end: /map and map requests in private chats and groups, the
photo sent by file_id after the first upload, the inline photo result, and the timeline's More button."""

from __future__ import annotations

import io

from PIL import Image

from fake_bot_api import (
    BOT_USERNAME,
    FakeBotApi,
    callback_query,
    group_chat,
    inline_query,
    mention_entity,
    message,
    private_chat,
    sent_message,
    user,
)

ALICE = 1001
GROUP = group_chat(-100888)


def private(text: str, sender: dict | None = None) -> dict:
    return {"message": message(text, private_chat(ALICE), sender or user(ALICE))}


async def test_map_command_uploads_once_then_sends_by_file_id(tg_app, fake_api: FakeBotApi) -> None:
    first = await fake_api.send(private("/map"), method="sendPhoto")
    assert first.chat_id == ALICE and first.get("reply_parameters") is None
    image = Image.open(io.BytesIO(first.files["photo"]))
    assert image.format == "PNG" and image.size == (1280, 1280)
    assert first["caption"].startswith("As of 7 December 2024, according to a news report citing Anadolu Agency")
    second = await fake_api.send(private("/map"), method="sendPhoto")
    assert not second.files and second["photo"] == first.result["photo"][-1]["file_id"]


async def test_map_questions_in_a_private_chat_get_the_map(tg_app, fake_api: FakeBotApi) -> None:
    for text in ("show me a map", "Where are the front lines?"):
        call = await fake_api.send(private(text), method="sendPhoto")
        assert call.chat_id == ALICE and "As of" in call["caption"]
    # a question that mentions a map is still a question
    answer = await fake_api.send(private("Where is Daraa on the map?"))
    assert "Jordan" in answer.text


async def test_arabic_users_get_the_arabic_map(tg_app, fake_api: FakeBotApi) -> None:
    sender = {**user(ALICE), "language_code": "ar"}
    call = await fake_api.send(private("/map", sender), method="sendPhoto")
    assert call["caption"].startswith("حتى 7 ديسمبر 2024")
    assert (await fake_api.send(private("أرني الخريطة"), method="sendPhoto"))["caption"].startswith("حتى")


async def test_map_in_groups_is_a_reply(tg_app, fake_api: FakeBotApi) -> None:
    update = {"message": message(f"/map@{BOT_USERNAME}", GROUP, user(ALICE))}
    call = await fake_api.send(update, method="sendPhoto")
    assert call.chat_id == GROUP["id"]
    assert call.json("reply_parameters")["message_id"] == update["message"]["message_id"]
    text = f"@{BOT_USERNAME} where are the front lines?"
    update = {"message": message(text, GROUP, user(ALICE), entities=[mention_entity(text, f"@{BOT_USERNAME}")])}
    call = await fake_api.send(update, method="sendPhoto")
    assert call.json("reply_parameters")["message_id"] == update["message"]["message_id"]


async def test_inline_offers_the_map_photo_once_uploaded(tg_app, fake_api: FakeBotApi) -> None:
    before = (await fake_api.send({"inline_query": inline_query("map")}, method="answerInlineQuery")).json("results")
    assert all(r["type"] == "article" for r in before)  # not uploaded yet: no photo to offer
    uploaded = await fake_api.send(private("/map"), method="sendPhoto")
    file_id = uploaded.result["photo"][-1]["file_id"]
    after = (await fake_api.send({"inline_query": inline_query("map")}, method="answerInlineQuery")).json("results")
    assert len(after) == 1 and after[0]["type"] == "photo" and after[0]["photo_file_id"] == file_id
    assert after[0]["caption"].startswith("As of 7 December 2024")
    empty = (await fake_api.send({"inline_query": inline_query("")}, method="answerInlineQuery")).json("results")
    assert [r["type"] for r in empty[:2]] == ["article", "photo"] and len(empty) == 5


async def test_timeline_more_button_sends_the_next_page(tg_app, fake_api: FakeBotApi) -> None:
    first = await fake_api.send(private("/timeline"))
    assert first.text.startswith("<b>Timeline (1/")
    assert [b["callback_data"] for b in first.buttons] == ["timeline:en:2"]  # the page's language goes along
    for data in ("timeline:en:2", "timeline:2"):  # and a button sent before languages were encoded still works
        mark = len(fake_api.calls)
        fake_api.push({"callback_query": callback_query(data, sent_message(first), user(ALICE))})
        await fake_api.wait_for("answerCallbackQuery", since=mark)
        second = (await fake_api.wait_for("sendMessage", since=mark))[0]
        assert second.text.startswith("<b>Timeline (2/") and "Southern Operations Room" in second.text
