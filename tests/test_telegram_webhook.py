"""Webhook mode end to end: updates POSTed to the bot's own server on 127.0.0.1; forged requests refused."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from conftest import TG_WEBHOOK_SECRET
from fake_bot_api import (
    SENTINEL_CHAT,
    Call,
    FakeBotApi,
    callback_query,
    inline_query,
    message,
    private_chat,
    running_bot,
    sent_message,
    user,
)

ALICE = 1001


class Webhook:
    """Posts updates to the bot's webhook server the way Telegram does."""

    def __init__(self, api: FakeBotApi, settings, client: httpx.AsyncClient) -> None:
        self.api, self.client = api, client
        self.url = f"http://127.0.0.1:{settings.webhook_port}{settings.webhook_path}"
        self.update_ids = iter(range(1, 10**6))

    async def post(self, update: dict, secret: str | None = TG_WEBHOOK_SECRET,
                   content_type: str = "application/json") -> int:
        update.setdefault("update_id", next(self.update_ids))
        headers = {"Content-Type": content_type}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        response = await self.client.post(self.url, content=json.dumps(update), headers=headers)
        return response.status_code

    async def send(self, update: dict, method: str = "sendMessage") -> Call:
        mark = len(self.api.calls)
        assert await self.post(update) == 200
        return (await self.api.wait_for(method, since=mark))[0]

    async def settle(self) -> None:
        mark = len(self.api.calls)
        assert await self.post({"message": message("/help", private_chat(SENTINEL_CHAT))}) == 200
        await self.api.wait_for("sendMessage", lambda c: c.chat_id == SENTINEL_CHAT, since=mark)


@pytest_asyncio.fixture
async def webhook(fake_api: FakeBotApi, tg_settings, engine, tg_journal) -> AsyncIterator[Webhook]:
    async with running_bot(tg_settings, engine, tg_journal, webhook=True):
        async with httpx.AsyncClient(timeout=5) as client:
            yield Webhook(fake_api, tg_settings, client)


def private(text: str) -> dict:
    return {"message": message(text, private_chat(ALICE), user(ALICE))}


async def test_set_webhook_with_url_secret_and_updates(webhook: Webhook, fake_api: FakeBotApi, tg_settings) -> None:
    (call,) = fake_api.calls_to("setWebhook")
    assert call["url"] == tg_settings.webhook_url == "https://bot.example.org/telegram/hook"
    assert call["secret_token"] == TG_WEBHOOK_SECRET
    assert call.json("allowed_updates") == ["message", "callback_query", "inline_query"]
    assert not fake_api.calls_to("deleteWebhook")


async def test_questions_follow_ups_buttons_and_inline_over_webhook(webhook: Webhook) -> None:
    first = await webhook.send(private("When did Hama fall?"))
    assert "5 December 2024" in first.text and first.buttons
    follow_up = await webhook.send(private("and Aleppo?"))
    assert "30 November" in follow_up.text
    pressed = callback_query(first.buttons[0]["callback_data"], sent_message(first), user(ALICE))
    assert (await webhook.send({"callback_query": pressed}, "answerCallbackQuery"))["callback_query_id"] == pressed["id"]
    inline = await webhook.send({"inline_query": inline_query("when did hama fall")}, "answerInlineQuery")
    assert "5 December 2024" in inline.json("results")[0]["description"]


@pytest.mark.parametrize("secret, content_type", [
    (None, "application/json"),  # no secret
    ("wrong-secret", "application/json"),  # a forged secret
    (TG_WEBHOOK_SECRET[:-1], "application/json"),  # a prefix of the secret
    (TG_WEBHOOK_SECRET, "application/json; charset=utf-8"),  # only exactly application/json
    (TG_WEBHOOK_SECRET, "application/x-www-form-urlencoded"),
], ids=["no-secret", "wrong-secret", "prefix-secret", "charset", "form"])
async def test_forged_requests_are_rejected(webhook: Webhook, fake_api: FakeBotApi,
                                            secret: str | None, content_type: str) -> None:
    status = await webhook.post(private("When did Hama fall?"), secret=secret, content_type=content_type)
    assert status == 403
    await webhook.settle()
    assert fake_api.sent_to(ALICE) == []


async def test_other_paths_and_methods_are_not_served(webhook: Webhook) -> None:
    assert (await webhook.client.get(webhook.url)).status_code == 405
    other = webhook.url.rsplit("/", 1)[0] + "/other"
    response = await webhook.client.post(other, content="{}", headers={"Content-Type": "application/json",
                                                                        "X-Telegram-Bot-Api-Secret-Token": TG_WEBHOOK_SECRET})
    assert response.status_code == 404


async def test_junk_bodies_do_not_break_the_server(webhook: Webhook, fake_api: FakeBotApi) -> None:
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TG_WEBHOOK_SECRET}
    for body in ["not json", "[]", '{"update_id": "x", "message": 5}', "\xff\xfe"]:
        response = await webhook.client.post(webhook.url, content=body.encode("utf-8", "surrogateescape"), headers=headers)
        assert response.status_code in (200, 400, 500)
    first = await webhook.send(private("When did Hama fall?"))
    assert "5 December 2024" in first.text


async def test_lone_surrogates_over_webhook_are_cleaned(webhook: Webhook) -> None:
    reply = await webhook.send(private("When did Hama fall? \ud800"))
    assert "5 December 2024" in reply.text


async def test_bodies_over_a_megabyte_get_413(webhook: Webhook, fake_api: FakeBotApi) -> None:
    big = private("When did Hama fall? " + "x" * (1 << 20))
    assert await webhook.post(big) == 413
    assert await webhook.post(big, secret=None) == 413  # refused from its Content-Length, before the secret
    await webhook.settle()
    assert fake_api.sent_to(ALICE) == []


async def test_heartbeat_stops_when_telegram_cannot_deliver(fake_api: FakeBotApi, tg_settings, engine, tg_journal,
                                                           monkeypatch) -> None:
    """The webhook server answering locally is not enough: getWebhookInfo must show the webhook is ours
    and delivering, or the heartbeat goes stale (and `doctor --live` reports unhealthy)."""
    import os
    import time

    from bot.telegram import runner as runner_module

    monkeypatch.setattr(runner_module, "HEARTBEAT_EVERY_S", 0.05)
    monkeypatch.setattr(runner_module, "WEBHOOK_CHECK_S", 0.05)
    async with running_bot(tg_settings, engine, tg_journal, webhook=True):
        beat = tg_settings.heartbeat_path
        await fake_api.wait_for("getWebhookInfo", count=2)
        assert time.time() - beat.stat().st_mtime < 1
        fake_api.webhook_trouble = {"pending_update_count": 7, "last_error_date": int(time.time()),
                                    "last_error_message": "Connection refused"}
        mark = len(fake_api.calls)
        await fake_api.wait_for("getWebhookInfo", count=2, since=mark)  # the bot has seen the trouble
        os.utime(beat, (time.time() - 300, time.time() - 300))
        mark = len(fake_api.calls)
        await fake_api.wait_for("getWebhookInfo", count=3, since=mark)
        assert time.time() - beat.stat().st_mtime > 200  # not touched while Telegram cannot deliver
