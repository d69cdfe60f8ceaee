"""Everything a user sees is in Arabic for an Arabic-speaking user (issue 9), end to end against the fake Bot API:
answers follow the question's language, commands the user's Telegram language, and /language pins either."""

from __future__ import annotations

import re

import pytest

from bot.lang import load
from bot.telegram import render
from bot.telegram.language import LanguagePins, parse_choice
from conftest import TG_ADMIN_ID
from fake_bot_api import FakeBotApi, callback_query, inline_query, message, private_chat, sent_message, user
from test_layout import valid

ALICE, SAMI, STRANGER = 1001, 1003, 777
ARABIC = re.compile("[\u0621-\u064a]")
LATIN = re.compile("[A-Za-z]")
#: direction marks and embeddings: Telegram lays out right-to-left text itself, and users copy what is sent
DIRECTION_MARKS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def arab(user_id: int, language_code: str = "ar") -> dict:
    """A user whose Telegram app is in ``language_code``."""
    return {**user(user_id, "Sami"), "language_code": language_code}


def said(text: str, user_id: int = SAMI, language_code: str | None = "ar") -> dict:
    sender = arab(user_id, language_code) if language_code else user(user_id)
    return {"message": message(text, private_chat(user_id), sender)}


def arabic(text: str) -> bool:
    """Mostly Arabic: more Arabic letters than Latin ones (names, quotes and the source line are Latin),
    not counting markup, {placeholders}, /commands and @usernames."""
    text = re.sub(r"<[^>]+>|{\w+}|[/@][A-Za-z]\w*", "", text)
    return len(ARABIC.findall(text)) > len(LATIN.findall(text))


def reads_right_to_left(html: str) -> None:
    """Valid Telegram HTML, no direction marks, and every line that shows a /command or an @username next to
    Arabic starts with it (a line takes the direction of its first letter, so "/ask" never turns into "ask/")."""
    valid(html)
    assert not DIRECTION_MARKS.search(html), html
    for line in re.sub(r"<[^>]+>", "", html).splitlines():
        if ARABIC.search(line):
            for token in re.findall(r"(?<![\w/@])[/@][A-Za-z]\w*", line):
                assert line.lstrip("• ").startswith(token), f"{token!r} inside an Arabic line: {line!r}"


# --- answers follow the question -------------------------------------------------------------


async def test_arabic_question_gets_an_arabic_answer_and_arabic_buttons(tg_app, fake_api: FakeBotApi) -> None:
    reply = await fake_api.send(said("متى سقطت حماة؟", language_code=None))  # whatever the app's language
    first = reply.text.split("\n\n")[0]
    assert arabic(first) and "5 كانون الأول (ديسمبر) 2024" in first
    reads_right_to_left(reply.text)
    labels = [b["text"] for b in reply.buttons]
    assert labels and all(arabic(label) for label in labels)
    # a follow-up button asks in Arabic and is answered in Arabic
    mark = len(fake_api.calls)
    fake_api.push({"callback_query": callback_query(reply.buttons[0]["callback_data"], sent_message(reply), arab(SAMI))})
    follow_up = (await fake_api.wait_for("sendMessage", since=mark))[0]
    assert arabic(follow_up.text.split("\n\n")[0])


async def test_english_question_from_an_arabic_app_is_answered_in_english(tg_app, fake_api: FakeBotApi) -> None:
    reply = await fake_api.send(said("When did Hama fall?"))
    assert "5 December 2024" in reply.text and not ARABIC.search(reply.text)


async def test_arabic_decline_and_empty_ask(tg_app, fake_api: FakeBotApi) -> None:
    decline = await fake_api.send(said("من هو البابا؟", language_code=None))
    assert arabic(decline.text) and "<blockquote" not in decline.text
    usage = await fake_api.send(said("/ask"))
    assert arabic(usage.text) and "<code>/ask " in usage.text
    reads_right_to_left(usage.text)


# --- commands follow the Telegram language ---------------------------------------------------


async def test_start_from_an_arabic_app_greets_in_arabic(tg_app, fake_api: FakeBotApi) -> None:
    reply = await fake_api.send(said("/start"))
    assert reply.text.startswith("<b>أهلًا!</b>") and "@OffensiveFactBot" in reply.text
    reads_right_to_left(reply.text)
    labels = [b["text"] for b in reply.buttons]
    assert labels[:-1] == [render.plain(q, render.BUTTON_CHARS) for q in
                           tg_app.bot_data["services"].engine.examples("ar")[:4]]
    assert labels[-1] == render.STRINGS["ar"]["timeline_button"] and all(map(arabic, labels))
    english = await fake_api.send(said("/start", ALICE, language_code="en-GB"))
    assert english.text.startswith("<b>Hello!</b>")


async def test_help_sources_and_unknown_command_in_arabic(tg_app, fake_api: FakeBotApi) -> None:
    for command in ("/help", "/sources", "/frobnicate"):
        reply = await fake_api.send(said(command))
        assert arabic(reply.text.split("\n\n")[0]), (command, reply.text)
        reads_right_to_left(reply.text)
    assert (await fake_api.send(said("/frobnicate"))).text == render.notice("ar", "unknown_command")


async def test_timeline_in_arabic_with_its_more_button(tg_app, fake_api: FakeBotApi) -> None:
    first = await fake_api.send(said("/timeline"))
    assert first.text.startswith("<b>التسلسل الزمني")
    assert "<b>1 كانون الأول (ديسمبر) 2024</b> \u2014 " in first.text  # Syrian month names, Western digits
    assert "أطلق الجيش الوطني السوري عملية «فجر الحرية»" in first.text  # the facts' Arabic statements
    reads_right_to_left(first.text)
    if first.buttons:  # paged: "More" keeps the language, whoever presses it
        assert first.buttons[0]["callback_data"] == "timeline:ar:2" and arabic(first.buttons[0]["text"])
        mark = len(fake_api.calls)
        fake_api.push({"callback_query": callback_query("timeline:ar:2", sent_message(first), user(ALICE))})
        second = (await fake_api.wait_for("sendMessage", since=mark))[0]
        assert second.text.startswith("<b>التسلسل الزمني (2/")
        reads_right_to_left(second.text)


async def test_errors_are_apologised_for_in_arabic(tg_app, fake_api: FakeBotApi, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(tg_app.bot_data["services"].engine, "ask", broken)
    assert (await fake_api.send(said("متى سقطت حماة؟"))).text == render.notice("ar", "error")
    assert (await fake_api.send(said("When did Hama fall?", ALICE, None))).text == render.ERROR


# --- /language ----------------------------------------------------------------------------------


async def test_language_pins_english_for_an_arabic_app(tg_app, fake_api: FakeBotApi) -> None:
    assert arabic((await fake_api.send(said("/help"))).text)
    confirm = await fake_api.send(said("/language en"))
    assert confirm.text == render.notice("en", "language_set")
    help_text = (await fake_api.send(said("/help"))).text
    assert help_text.startswith("<b>How to ask</b>") and "/timeline" in help_text
    # the pin holds for questions too: an Arabic question is answered in English
    answer = await fake_api.send(said("متى سقطت حماة؟"))
    assert "5 December 2024" in answer.text.split("\n\n")[0]
    assert tg_app.bot_data["services"].languages.get(SAMI) == "en"
    await fake_api.send(said("/language auto"))
    assert arabic((await fake_api.send(said("/help"))).text)


async def test_language_pins_arabic_for_an_english_app(tg_app, fake_api: FakeBotApi) -> None:
    confirm = await fake_api.send(said("/language العربية", ALICE, None))
    assert confirm.text == render.notice("ar", "language_set")
    answer = await fake_api.send(said("When did Hama fall?", ALICE, None))
    assert arabic(answer.text.split("\n\n")[0]) and all(arabic(b["text"]) for b in answer.buttons)
    assert (await fake_api.send(said("/start", ALICE, None))).text.startswith("<b>أهلًا!</b>")


async def test_language_without_argument_offers_two_buttons(tg_app, fake_api: FakeBotApi) -> None:
    prompt = await fake_api.send(said("/language"))
    assert arabic(prompt.text) and "/language auto" in prompt.text
    reads_right_to_left(prompt.text)
    assert {b["text"]: b["callback_data"] for b in prompt.buttons} == {"العربية": "lang:ar", "English": "lang:en"}
    assert (await fake_api.send(said("/language klingon"))).buttons == prompt.buttons  # unknown: the choice again
    mark = len(fake_api.calls)
    fake_api.push({"callback_query": callback_query("lang:en", sent_message(prompt), arab(SAMI))})
    await fake_api.wait_for("answerCallbackQuery", since=mark)
    confirm = (await fake_api.wait_for("sendMessage", since=mark))[0]
    assert confirm.text == render.notice("en", "language_set")
    assert (await fake_api.send(said("/help"))).text.startswith("<b>How to ask</b>")


def test_language_pins_are_bounded_and_parsed() -> None:
    pins = LanguagePins(max_items=2)
    pins.pin(1, "ar")
    pins.pin(2, "en")
    assert pins.get(1) == "ar"  # 1 is now the most recently used
    pins.pin(3, "ar")
    assert len(pins) == 2 and pins.get(2) is None and pins.get(1) == "ar"
    pins.pin(1, "auto")
    assert pins.get(1) is None
    assert [parse_choice(w) for w in ("AR", " en ", "auto", "English", "العربية", "fr")] == ["ar", "en", "auto", "en",
                                                                                           "ar", None]


# --- the command menu ------------------------------------------------------------------------


async def test_menus_are_published_in_arabic_too(tg_app, fake_api: FakeBotApi) -> None:
    menus = fake_api.calls_to("setMyCommands")
    arabic_menus = [c for c in menus if c.get("language_code") == "ar"]
    everyone = [c for c in arabic_menus if c.get("scope") is None]
    admins = [c for c in arabic_menus if c.get("scope") is not None]
    english = next(c for c in menus if c.get("scope") is None and c.get("language_code") is None)
    assert [c["command"] for c in everyone[0].json("commands")] == [c["command"] for c in english.json("commands")]
    assert all(arabic(c["description"]) for c in everyone[0].json("commands"))
    assert admins[0].json("scope") == {"type": "chat", "chat_id": TG_ADMIN_ID}
    described = {c["command"]: c["description"] for c in admins[0].json("commands")}
    assert {"reload", "unanswered", "stats"} <= set(described) and all(map(arabic, described.values()))


# --- inline mode -----------------------------------------------------------------------------


async def inline_results(api: FakeBotApi, query: str, sender: dict) -> list[dict]:
    call = await api.send({"inline_query": inline_query(query, sender)}, method="answerInlineQuery")
    results = call.json("results")
    for r in results:
        if r["type"] == "article":
            valid(r["input_message_content"]["message_text"])
    return results


async def test_arabic_inline_query_gets_arabic_results(tg_app, fake_api: FakeBotApi) -> None:
    results = await inline_results(fake_api, "متى سقطت حماة", user(ALICE))
    assert results[0]["title"] == "متى سقطت حماة" and "5 كانون الأول (ديسمبر) 2024" in results[0]["description"]
    assert all(arabic(r["title"]) and arabic(r["description"]) for r in results)
    missing = await inline_results(fake_api, "ما سعر البيتكوين", user(ALICE))
    assert len(missing) == 1 and missing[0]["title"] == render.STRINGS["ar"]["not_in_source"]


async def test_empty_inline_query_from_an_arabic_app(tg_app, fake_api: FakeBotApi) -> None:
    results = await inline_results(fake_api, "", arab(SAMI))
    assert results[0]["title"] == render.STRINGS["ar"]["timeline"]
    assert arabic(results[0]["input_message_content"]["message_text"].split("\n\n")[1])
    examples = tg_app.bot_data["services"].engine.examples("ar")
    assert [r["title"] for r in results[1:]] == examples[: len(results) - 1]


# --- admins ------------------------------------------------------------------------------------


async def test_arabic_admin_gets_arabic_unanswered_and_stats(tg_app, fake_api: FakeBotApi) -> None:
    await fake_api.send(said("من هو البابا؟", ALICE, None))
    await fake_api.send(said("Who is the Pope?", ALICE, None))
    await fake_api.settle()  # the journal is written after the reply
    unanswered = await fake_api.send(said("/unanswered", TG_ADMIN_ID))
    assert unanswered.text.startswith(f"<b>{render.STRINGS['ar']['unanswered_title']}</b>\n")
    assert "1\u00d7 who is the pope? <i>(unknown_words)</i>" in unanswered.text
    reads_right_to_left(unanswered.text)
    stats = await fake_api.send(said("/stats", TG_ADMIN_ID))
    assert stats.text.startswith("<b>الأسئلة</b>\nمنذ التشغيل: طُرح 2، أُجيب عن 0، لم يُجَب عن 2")
    reads_right_to_left(stats.text)
    assert (await fake_api.send(said("/stats", TG_ADMIN_ID, "en"))).text.startswith("<b>Questions</b>")


async def test_arabic_refusal_for_others(tg_app, fake_api: FakeBotApi) -> None:
    assert (await fake_api.send(said("/stats", STRANGER))).text == render.notice("ar", "refusal")
    assert (await fake_api.send(said("/reload", STRANGER, None))).text == render.REFUSAL


def test_arabic_reload_replies_are_valid_html() -> None:
    from bot.engine import ReloadReport
    from bot.errors import Problem

    ok = render.reload_ok_html(ReloadReport(24, ["aleppo-again"], [], {"s": (17, 17)}), "ar")
    assert ok.startswith("<b>أُعيد التحميل.</b>\n") and "aleppo-again" in ok and "لا شيء" in ok
    failed = render.reload_failed_html([Problem("facts.yaml", 12, "quote <x> not in source")] * 12, "ar")
    assert "facts.yaml:12: quote &lt;x&gt; not in source" in failed and "عدد المشكلات: 12" in failed
    for html in (ok, failed, render.stats_html({"asked": 1, "answered": 1, "declined": 0}, "database is locked",
                                               {"journal": 2, "dropped": 1, "reply_failed": 1}, "ar"),
                 render.journal_unreadable_html("locked <x>", "ar"), render.unanswered_html([], "ar")):
        reads_right_to_left(html)
        assert arabic(html.splitlines()[0])


# --- the strings ---------------------------------------------------------------------------------


def test_both_languages_have_the_same_strings() -> None:
    assert set(render.STRINGS) == {"en", "ar"}
    assert set(render.STRINGS["ar"]) == set(render.STRINGS["en"])
    for key, text in render.STRINGS["en"].items():
        ar = render.STRINGS["ar"][key]
        assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", ar)), key
        assert arabic(ar), key
    assert len([k for k in load("en").messages if k.startswith("tg_")]) == len(render.STRINGS["en"])


@pytest.mark.parametrize("key", sorted(render.STRINGS["ar"]))
def test_arabic_strings_read_right_to_left(key: str) -> None:
    text = render.STRINGS["ar"][key].format(username="OffensiveFactBot", page=1, pages=2, years="2012\u20132018",
                                           year=2024, facts=23, topic="x", example="x", coverage="17", added="a", removed="b",
                                           problems="1", n=2, cited=17, total=17, label="x", asked=1,
                                           answered=1, declined=0, reason="locked", sources="x")
    reads_right_to_left(text)


async def test_flood_notice_in_arabic(tg_app, fake_api: FakeBotApi) -> None:
    mark = len(fake_api.calls)
    for i in range(30):  # one batch: more than the chat's limit of waiting messages
        fake_api.push(said(f"متى سقطت حماة؟ {i}"))
    notice = render.notice("ar", "one_moment")
    await fake_api.wait_for("sendMessage", lambda c: c.text == notice, since=mark)
    assert tg_app.bot_data["services"].health["dropped"] > 0


def test_an_arabic_answers_quote_is_labelled_the_sources_original_text(engine) -> None:
    html = render.answer_html(engine.ask("متى سقطت حماة؟"))
    source = html.splitlines()[-1]
    assert "On December 5, anti-regime forces captured the city of Hama" in html
    assert source.startswith("\u2014 <i>النص الأصلي، من تقرير إخباري نقلًا عن وكالة الأناضول"), source
    assert render.answer_html(engine.ask("When did Hama fall?")).splitlines()[-1].startswith("\u2014 <i>A news report")
