"""What users see: HTML with everything escaped, never over Telegram's 4,096 characters, and keyboards."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResultArticle, InputTextMessageContent
from telegram.constants import MessageLimit

from bot.answer import Answer
from bot.errors import Problem
from bot.telegram.buttons import TIMELINE, ButtonStore

LIMIT = MessageLimit.MAX_TEXT_LENGTH
MAX_BUTTONS = 3
BUTTON_CHARS = 60
TITLE_CHARS = 80
DESCRIPTION_CHARS = 160
MAX_PROBLEMS_SHOWN = 10

ERROR = "Sorry, something went wrong on my side. Please try again in a moment."
REFUSAL = "Sorry, only the bot's operators can use that command."
EXPIRED = "This button has expired. Please ask the question again."
NO_CHAT = "Open a chat with me to ask follow-up questions."
RELOAD_BUSY = "A reload is already running; its result will follow."
UNKNOWN_COMMAND = "I don't know that command. Send /help to see what I can do."
PRIVATE_ONLY = "That command works only in a private chat with me."
ONE_MOMENT = ("One moment, please: I am still answering your earlier messages. I answer the first few; "
              "send the others again once they are answered.")


def _esc(text: str) -> str:
    """Escape ``<``, ``>`` and ``&`` (all Telegram's HTML needs outside attributes)."""
    return html.escape(text, quote=False)


def units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def clip(raw: str, budget: int) -> str:
    """``raw`` escaped, cut (with an ellipsis) so that it takes at most ``budget`` units."""
    if budget < 1:
        return ""
    escaped = _esc(raw)
    if units(escaped) <= budget:
        return escaped
    lo, hi = 0, len(raw)
    while lo < hi:  # the longest prefix whose escaped form plus "…" fits
        mid = (lo + hi + 1) // 2
        if units(_esc(raw[:mid])) + 1 <= budget:
            lo = mid
        else:
            hi = mid - 1
    return _esc(raw[:lo]) + "\u2026"


def plain(raw: str, limit: int) -> str:
    """``raw`` on one line and at most ``limit`` characters, for titles and button labels."""
    text = " ".join(raw.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def answer_html(answer: Answer, *, with_question: bool = False) -> str:
    """The short answer, then each quote with its source (as many as fit), optionally under the question."""
    parts: list[str] = []
    if with_question:
        parts.append(f"<b>{clip(plain(answer.question, 300), 400)}</b>")
    parts.append(clip(answer.text, LIMIT - _size(parts)))
    quoted = False
    for citation in answer.sources:
        source = f"\u2014 <i>{clip(citation.source, 200)}</i>"
        room = LIMIT - _size(parts) - units(f"<blockquote></blockquote>\n{source}")
        quote = _esc(citation.quote)
        if units(quote) > room:
            if quoted:
                break  # keep the quotes that fit whole; only a lone first quote is cut
            quote = clip(citation.quote, room)
            if not quote:
                break
        parts.append(f"<blockquote>{quote}</blockquote>\n{source}")
        quoted = True
    return "\n\n".join(parts)


def _size(parts: Sequence[str]) -> int:
    """Units taken by ``parts`` joined, plus the separator before the next part."""
    return units("\n\n".join(parts)) + 2 if parts else 0


def follow_up_keyboard(suggestions: Iterable[str], store: ButtonStore) -> InlineKeyboardMarkup | None:
    """Up to three follow-up questions as buttons, one per row; None when there are none."""
    rows = [
        [InlineKeyboardButton(plain(s, BUTTON_CHARS), callback_data=store.encode(s))]
        for s in list(dict.fromkeys(s for s in suggestions if s.strip()))[:MAX_BUTTONS]
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def start_keyboard(examples: Iterable[str], store: ButtonStore) -> InlineKeyboardMarkup:
    """Example questions as buttons, and the timeline."""
    rows = [[InlineKeyboardButton(plain(e, BUTTON_CHARS), callback_data=store.encode(e))] for e in list(examples)[:4]]
    rows.append([InlineKeyboardButton("\U0001f4c5 Timeline of the offensive", callback_data=TIMELINE)])
    return InlineKeyboardMarkup(rows)


def welcome_html(username: str) -> str:
    """The /start message."""
    return (
        "<b>Hello!</b> I answer questions about the late-2024 Syrian opposition offensive, "
        "only from my sources, and I quote them. When the sources do not say, I tell you so.\n\n"
        "Ask me anything in your own words, or tap a question below.\n"
        f"In groups, mention me (@{_esc(username)}) or use /ask. Send /help for more."
    )


def help_html(username: str) -> str:
    """The /help message."""
    name = _esc(username)
    return (
        "<b>How to ask</b>\n"
        "\u2022 In this chat, just send a question, e.g. <i>When did Hama fall?</i> "
        "Follow-ups work too: <i>and Homs?</i>\n"
        f"\u2022 In groups: <code>/ask your question</code>, mention @{name}, or reply to one of my messages.\n"
        f"\u2022 In any chat: type <code>@{name} your question</code> and pick an answer.\n\n"
        "<b>Commands</b>\n"
        "/ask \u2014 ask a question\n"
        "/timeline \u2014 the offensive day by day\n"
        "/sources \u2014 what I know and where it comes from\n"
        "/help \u2014 this message"
    )


def usage_html(username: str) -> str:
    """The reply to an empty /ask or a bare mention."""
    return (
        "Please add your question, e.g. <code>/ask When did Aleppo fall?</code> "
        f"or <code>@{_esc(username)} When did Aleppo fall?</code>"
    )


def reload_ok_html(summary: str) -> str:
    """The admin's reply to a successful /reload."""
    return f"<b>Reloaded.</b>\n{clip(summary, LIMIT - 100)}"


def reload_failed_html(problems: Sequence[Problem]) -> str:
    """The admin's reply to a failed /reload: file, line and reason of each problem."""
    lines = [f"\u2022 <code>{clip(str(p), 300)}</code>" for p in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"\u2026 and {len(problems) - MAX_PROBLEMS_SHOWN} more")
    return (
        f"<b>Reload failed</b> ({len(problems)} problem{'s' if len(problems) != 1 else ''}); "
        "I keep answering from the previous facts.\n" + "\n".join(lines)
    )


def unanswered_html(rows: Sequence[tuple[str, int]]) -> str:
    """The admin's list of recently declined questions with their counts."""
    if not rows:
        return "No declined questions recently."
    lines = [f"{n}\u00d7 {clip(plain(question, 200), 300)}" for question, n in rows]
    return "<b>Most frequent questions I declined recently</b>\n" + "\n".join(lines)


def stats_html(since_start: dict[str, int], total: dict[str, int] | str, health: dict[str, int] | None = None) -> str:
    """The admin's counts of questions asked, answered and declined; ``total`` is the journal's counts,
    or why it cannot be read; ``health`` counts what went wrong since start (journal rows not written,
    messages dropped by the per-chat limit, duplicates, replies that failed)."""

    def line(label: str, t: dict[str, int]) -> str:
        return f"{label}: {t['asked']} asked, {t['answered']} answered, {t['declined']} declined"

    all_time = line("All time", total) if isinstance(total, dict) else f"All time: unknown ({_esc(total)})"
    out = "<b>Questions</b>\n" + line("Since start", since_start) + "\n" + all_time
    if health:
        out += "\n<b>Since start</b>\n" + "\n".join(f"{_esc(k)}: {v}" for k, v in health.items())
    return out


def journal_unreadable_html(reason: str) -> str:
    """The journal cannot be read (locked, missing, ...): say so; answering goes on."""
    return f"The journal cannot be read right now ({clip(reason, 300)}). Questions are still answered."


def inline_article(result_id: str, answer: Answer, title: str | None = None) -> InlineQueryResultArticle:
    """An inline result: title, short description, and a message with the question, answer and source."""
    return InlineQueryResultArticle(
        id=result_id,
        title=plain(title or answer.question, TITLE_CHARS),
        description=plain(answer.text, DESCRIPTION_CHARS),
        input_message_content=InputTextMessageContent(answer_html(answer, with_question=True)),
    )


def inline_not_in_source(answer: Answer) -> InlineQueryResultArticle:
    """The single honest result for a question the source does not answer."""
    return InlineQueryResultArticle(
        id="0",
        title="Not in the source",
        description=plain(answer.text, DESCRIPTION_CHARS),
        input_message_content=InputTextMessageContent(answer_html(answer, with_question=True)),
    )
