"""Inline mode end to end: up to five results, best first; suggestions for an empty query; honest misses."""

from __future__ import annotations

from fake_bot_api import FakeBotApi, inline_query


async def results_for(api: FakeBotApi, query: str) -> list[dict]:
    update = {"inline_query": inline_query(query)}
    call = await api.send(update, method="answerInlineQuery")
    assert call["inline_query_id"] == update["inline_query"]["id"]
    results = call.json("results")
    assert 1 <= len(results) <= 5
    assert len({r["id"] for r in results}) == len(results)
    for r in results:
        assert r["type"] == "article" and r["title"] and r["description"]
        content = r["input_message_content"]
        assert content["parse_mode"] == "HTML" and len(content["message_text"]) <= 4096
    return results


async def test_question_gets_the_best_answer_first(tg_app, fake_api: FakeBotApi) -> None:
    results = await results_for(fake_api, "when did hama fall")
    best = results[0]
    assert best["title"] == "when did hama fall" and "5 December 2024" in best["description"]
    text = best["input_message_content"]["message_text"]
    assert text.startswith("<b>when did hama fall</b>")  # the question,
    assert "captured the city of Hama on 5 December 2024" in text  # the answer,
    assert "<blockquote>" in text and "Anadolu" in text  # and its source
    assert "reply_markup" not in best  # follow-ups need a chat: none on inline messages


async def test_question_the_source_cannot_answer_gets_one_honest_result(tg_app, fake_api: FakeBotApi) -> None:
    results = await results_for(fake_api, "what is the price of bitcoin")
    assert len(results) == 1
    assert results[0]["title"] == "Not in the source"
    assert "bitcoin" in results[0]["input_message_content"]["message_text"]
    assert "<blockquote>" not in results[0]["input_message_content"]["message_text"]


async def test_empty_query_suggests_the_timeline_and_popular_questions(tg_app, fake_api: FakeBotApi) -> None:
    results = await results_for(fake_api, "   ")
    assert results[0]["title"] == "Timeline"
    examples = tg_app.bot_data["services"].engine.examples()
    assert [r["title"] for r in results[1:]] == examples[: len(results) - 1]
    assert len(results) == 5


async def test_inline_escapes_the_query(tg_app, fake_api: FakeBotApi) -> None:
    results = await results_for(fake_api, "<i>when</i> did hama fall & why")
    text = results[0]["input_message_content"]["message_text"]
    assert "&lt;i&gt;when&lt;/i&gt;" in text and "&amp; why" in text
