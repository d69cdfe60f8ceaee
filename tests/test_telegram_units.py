"""The Telegram front end's parts on their own: rendering, buttons, settings, log records, journal."""

from __future__ import annotations

import io
import logging
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answer import Answer, Citation
from bot.errors import ConfigError, Problem
from bot.journal import Journal, normalise
from bot.logfmt import SecretRedactor, fields, redact_secret, setup_logging
from bot.telegram import render
from bot.telegram.buttons import MAX_DATA_BYTES, ButtonStore
from bot.telegram.settings import Settings
from fake_bot_api import TOKEN

TAGS = re.compile(r"</?(b|i|u|code|blockquote)>|<blockquote expandable>")


def answer(text: str = "Hama fell on 5 December 2024.", quotes: list[tuple[str, str]] | None = None,
           answered: bool = True, suggestions: list[str] | None = None) -> Answer:
    cites = [Citation(source, quote) for quote, source in (quotes or [("On December 5 ...", "AA report")])]
    return Answer("when did hama fall?", text, answered, "when", 0.9, cites, suggestions or [], ["f1"])


# --- render --------------------------------------------------------------------------------


def test_answer_html_escapes_everything_and_shows_quote_and_source() -> None:
    html = render.answer_html(answer("<b>5 Dec</b> & more", [("a <script> & \"x\"", "Src <i>")]))
    assert html == (
        "&lt;b&gt;5 Dec&lt;/b&gt; &amp; more\n\n"
        "<blockquote>\u201ca &lt;script&gt; &amp; \"x\"\u201d</blockquote>\n\u2014 <i>Src &lt;i&gt;</i>"
    )


def test_answer_html_with_question_puts_it_first_in_bold() -> None:
    assert render.answer_html(answer(), with_question=True).startswith("<b>when did hama fall?</b>\n\n")


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(min_size=1, max_size=6000),
    quotes=st.lists(st.tuples(st.text(max_size=3000), st.text(max_size=300)), max_size=6),
    with_question=st.booleans(),
)
def test_answer_html_never_exceeds_telegram_limit(text: str, quotes: list[tuple[str, str]], with_question: bool) -> None:
    html = render.answer_html(answer(text, quotes), with_question=with_question)
    assert render.units(html) <= 4096
    # Whatever was cut, no raw markup from the input survives: only our own tags remain.
    assert "<" not in TAGS.sub("", html) and ">" not in TAGS.sub("", html)


def test_long_answer_is_cut_with_ellipsis_and_keeps_entities_whole() -> None:
    html = render.answer_html(answer("&" * 5000, []))
    assert render.units(html) <= 4096 and html.endswith("&amp;\u2026")


def test_emoji_count_as_two_units() -> None:
    html = render.answer_html(answer("\U0001f600" * 3000, []))
    assert render.units(html) <= 4096 and len(html) <= 2048


def test_follow_up_keyboard_has_at_most_three_buttons_with_short_callback_data() -> None:
    store = ButtonStore()
    long = "What did the Southern Operations Room say about the southern borders and stability? " * 2
    keyboard = render.follow_up_keyboard(["When did Hama fall?", long, "Who?", "Fourth?"], store)
    buttons = [b for row in keyboard.inline_keyboard for b in row]
    assert len(buttons) == 3
    assert all(len(b.callback_data.encode()) <= MAX_DATA_BYTES for b in buttons)
    assert [store.decode(b.callback_data) for b in buttons] == ["When did Hama fall?", long, "Who?"]
    assert render.follow_up_keyboard([], store) is None


def test_reload_failure_lists_file_line_and_reason_escaped() -> None:
    html = render.reload_failed_html([Problem("facts.yaml", 12, "quote <x> not in source")])
    assert "facts.yaml:12: quote &lt;x&gt; not in source" in html
    assert "previous facts" in html


def test_unanswered_and_stats_texts() -> None:
    assert "3\u00d7 who is &lt;x&gt;? <i>(unknown_words)</i>" in render.unanswered_html([("who is <x>?", 3, "unknown_words")])
    assert render.unanswered_html([]) == "No declined questions recently."
    stats = render.stats_html({"asked": 2, "answered": 1, "declined": 1}, {"asked": 9, "answered": 5, "declined": 4})
    assert "Since start: 2 asked, 1 answered, 1 declined" in stats and "All time: 9 asked" in stats


# --- buttons -------------------------------------------------------------------------------


@given(st.text(min_size=1, max_size=500))
def test_any_question_round_trips_through_64_bytes(question: str) -> None:
    store = ButtonStore()
    data = store.encode(question)
    assert len(data.encode()) <= MAX_DATA_BYTES
    assert store.decode(data) == question


def test_button_store_is_bounded_and_unknown_data_decodes_to_none() -> None:
    store = ButtonStore(max_items=3)
    datas = [store.encode(f"{i} " + "x" * 80) for i in range(10)]
    assert len(store) == 3
    assert store.decode(datas[0]) is None and store.decode(datas[-1]) is not None
    assert store.decode("k:forged") is None and store.decode("garbage") is None and store.decode("q:") is None


# --- settings ------------------------------------------------------------------------------


def env(**values: str) -> dict[str, str]:
    return {"TELEGRAM_BOT_TOKEN": TOKEN, "HOME": "/home/op", **values}


def test_settings_from_env_defaults() -> None:
    s = Settings.from_env(env())
    assert s.token == TOKEN and s.base_url is None and s.admin_ids == frozenset()
    assert str(s.state_dir) == "/home/op/.local/state/offensive-factbot"
    assert s.journal_path.name == "journal.sqlite" and not s.log_questions
    assert (s.webhook_listen, s.webhook_port) == ("0.0.0.0", 8080)


def test_settings_reads_every_variable(tmp_path) -> None:
    s = Settings.from_env(env(
        TELEGRAM_BASE_URL="http://127.0.0.1:8081/bot", BOT_ADMIN_IDS=" 1, 22 ,333", BOT_KNOWLEDGE_DIR=str(tmp_path),
        BOT_STATE_DIR=str(tmp_path / "st"), BOT_LOG_QUESTIONS="1", WEBHOOK_URL="https://x.example/hook/a",
        WEBHOOK_SECRET="abc_DEF-1", WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT="8443",
    ), webhook=True)
    assert s.admin_ids == frozenset({1, 22, 333}) and s.knowledge_dir == tmp_path and s.log_questions
    assert s.webhook_path == "/hook/a" and s.webhook_port == 8443 and s.base_url == "http://127.0.0.1:8081/bot"


@pytest.mark.parametrize("values, fragment", [
    ({"TELEGRAM_BOT_TOKEN": ""}, "TELEGRAM_BOT_TOKEN is not set"),
    ({"TELEGRAM_BOT_TOKEN": "12345"}, "does not look like a bot token"),
    ({"TELEGRAM_BASE_URL": "ftp://x"}, "TELEGRAM_BASE_URL"),
    ({"BOT_ADMIN_IDS": "1,@alice"}, "BOT_ADMIN_IDS"),
    ({"BOT_KNOWLEDGE_DIR": "/nonexistent/dir"}, "is not a folder"),
    ({"BOT_LOG_QUESTIONS": "maybe"}, "BOT_LOG_QUESTIONS"),
    ({"WEBHOOK_PORT": "99999"}, "WEBHOOK_PORT"),
])
def test_settings_errors_are_one_line(values: dict[str, str], fragment: str) -> None:
    with pytest.raises(ConfigError) as err:
        Settings.from_env(env(**values))
    assert fragment in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("values, fragment", [
    ({}, "WEBHOOK_URL is not set"),
    ({"WEBHOOK_URL": "http://x.example/hook"}, "https"),
    ({"WEBHOOK_URL": "https://x.example/hook"}, "WEBHOOK_SECRET is not set"),
    ({"WEBHOOK_URL": "https://x.example/hook", "WEBHOOK_SECRET": "has space"}, "WEBHOOK_SECRET must be"),
])
def test_webhook_mode_needs_url_and_secret(values: dict[str, str], fragment: str) -> None:
    Settings.from_env(env(**values))  # polling mode does not care
    with pytest.raises(ConfigError, match=fragment):
        Settings.from_env(env(**values), webhook=True)


def test_error_never_echoes_the_token() -> None:
    bad = "123:" + "s" * 20
    with pytest.raises(ConfigError) as err:
        Settings.from_env(env(TELEGRAM_BOT_TOKEN=bad))
    assert "s" * 20 not in str(err.value)


# --- log records ---------------------------------------------------------------------------


def test_fields_are_one_greppable_line() -> None:
    line = fields(update="message", chat="private", intent="when", answered=True, latency_ms=3.14159,
                  question='say "hi"\nthen = go', none=None)
    assert line == 'update=message chat=private intent=when answered=true latency_ms=3.1 question="say \\"hi\\"\\nthen = go" none=-'
    assert "\n" not in line


@pytest.fixture
def restore_logging():
    """Put the root logger back as it was after a test calls setup_logging."""
    root, httpx = logging.getLogger(), logging.getLogger("httpx")
    handlers, level, httpx_level = root.handlers[:], root.level, httpx.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    httpx.setLevel(httpx_level)


def test_redaction_covers_every_handler_and_tracebacks(restore_logging) -> None:
    redact_secret(TOKEN)
    stream = io.StringIO()
    setup_logging(logging.DEBUG, stream)
    logger = logging.getLogger("httpx.test")
    logger.warning("POST https://api.telegram.org/bot%s/getMe", TOKEN)
    try:
        raise RuntimeError(f"url /bot{TOKEN}/sendMessage")
    except RuntimeError:
        logging.getLogger("telegram.test").exception("failed")
    logging.getLogger("x").warning("encoded %s", TOKEN.replace(":", "%3A"))
    out = stream.getvalue()
    assert TOKEN.split(":")[1] not in out and "[REDACTED]" in out and "RuntimeError" in out
    assert logging.getLogger("httpx").level == logging.WARNING


def test_redactor_is_a_logging_filter() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "token %s", (TOKEN,), None)
    assert SecretRedactor({TOKEN}).filter(record) and record.getMessage() == "token [REDACTED]"


# --- journal -------------------------------------------------------------------------------


def test_journal_counts_and_survives_reopening(tmp_path) -> None:
    path = tmp_path / "state" / "journal.sqlite"
    journal = Journal(path)
    start = time.time()
    for q in ["Who is the Pope?", "who  is the POPE?", "What is Bitcoin?"]:
        journal.record(q, answer(answered=False))
    journal.record("When did Hama fall?", answer())
    journal.close()
    journal = Journal(path)
    assert [r[:2] for r in journal.top_unanswered()] == [("who is the pope?", 2), ("what is bitcoin?", 1)]
    assert [r[:2] for r in journal.top_unanswered(limit=1)] == [("who is the pope?", 2)]
    assert journal.totals() == {"asked": 4, "answered": 1, "declined": 3}
    assert journal.totals(since=start - 1) == journal.totals()
    assert journal.totals(since=time.time() + 10) == {"asked": 0, "answered": 0, "declined": 0}
    journal.close()


def test_normalise_bounds_length() -> None:
    assert normalise("  A\tB\n c ") == "a b c"
    assert len(normalise("x" * 10_000)) == 300
