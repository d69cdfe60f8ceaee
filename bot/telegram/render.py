"""What users see: HTML with everything escaped, never over Telegram's 4,096 characters, and keyboards."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResultArticle, InputTextMessageContent
from telegram.constants import MessageLimit

from bot.answer import Answer
from bot.errors import Problem
from bot.telegram.buttons import TIMELINE, ButtonStore
from bot.timeline import Event

LIMIT = MessageLimit.MAX_TEXT_LENGTH
MAX_BUTTONS = 3
BUTTON_CHARS = 60
TITLE_CHARS = 80
DESCRIPTION_CHARS = 160
MAX_PROBLEMS_SHOWN = 10

#: Every fixed string a reply uses, per language: add a language by adding its table (render
#: functions take ``lang``; a right-to-left language needs no change here, Telegram lays it out).
STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "error": "Sorry, something went wrong on my side. Please try again in a moment.",
        "refusal": "Sorry, only the bot's operators can use that command.",
        "expired": "This button has expired. Please ask the question again.",
        "no_chat": "Open a chat with me to ask follow-up questions.",
        "reload_busy": "A reload is already running; its result will follow.",
        "unknown_command": "I don't know that command. Send /help to see what I can do.",
        "timeline": "Timeline of the offensive",
        "timeline_page": "Timeline of the offensive ({page}/{pages})",
        "background": "Background, {years}",
        "offensive": "The {year} offensive",
        "more": "More ›",
        "map_failed": "Sorry, I could not draw the map just now. Please try again in a moment.",
        "private_only": "That command works only in a private chat with me.",
        "one_moment": ("One moment, please: I am still answering your earlier messages. I answer the first few; "
                       "send the others again once they are answered."),
    },
}
EXPAND_OVER = 100  # quotes longer than this (about two lines on a phone) go in an expandable blockquote

ERROR = STRINGS["en"]["error"]
REFUSAL = STRINGS["en"]["refusal"]
EXPIRED = STRINGS["en"]["expired"]
NO_CHAT = STRINGS["en"]["no_chat"]
RELOAD_BUSY = STRINGS["en"]["reload_busy"]
UNKNOWN_COMMAND = STRINGS["en"]["unknown_command"]
PRIVATE_ONLY = STRINGS["en"]["private_only"]
ONE_MOMENT = STRINGS["en"]["one_moment"]


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


def answer_html(answer: Answer, *, with_question: bool = False, links: Mapping[str, str] | None = None) -> str:
    """The answer first, then its quotes in one blockquote (expandable when longer than a line or two),
    then one source line naming each source once; optionally under the question."""
    parts: list[str] = []
    if with_question:
        parts.append(f"<b>{clip(plain(answer.question, 300), 400)}</b>")
    parts.append(clip(answer.text, LIMIT - _size(parts)))
    if answer.sources:
        source = source_line([c.source for c in answer.sources], links or {})
        room = LIMIT - _size(parts) - units(f"<blockquote expandable></blockquote>\n{source}")
        quotes = quote_block([c.quote for c in answer.sources], room)
        if quotes:
            parts.append(f"{quotes}\n{source}")
    return "\n\n".join(parts)


def quote_block(quotes: Sequence[str], room: int) -> str:
    """The quotes, each in quotation marks, in one blockquote of at most ``room`` units; expandable when
    long. Whole quotes only, except a lone first quote, which is cut to fit. Empty if none fits."""
    shown: list[str] = []
    quotes = [q for q in dict.fromkeys(quotes) if q.strip()]
    for quote in quotes:
        text = _esc(f"\u201c{quote}\u201d")
        if units("\n".join([*shown, text])) > room:
            if shown:
                break
            text = clip(f"\u201c{quote}\u201d", room)
            if not text:
                return ""
        shown.append(text)
    if not shown:
        return ""
    body = "\n".join(shown)
    expandable = len(shown) > 1 or len(quotes[0]) > EXPAND_OVER
    return f"<blockquote{' expandable' if expandable else ''}>{body}</blockquote>"


def source_line(labels: Sequence[str], links: Mapping[str, str]) -> str:
    """``— <i>Outlet, date</i>``: each source once, a link when its metadata has a web address."""
    shown = []
    for label in dict.fromkeys(labels):
        text = clip(label, 200)
        url = links.get(label)
        shown.append(f'<a href="{html.escape(url, quote=True)}">{text}</a>' if url else text)
    return f"\u2014 <i>{'; '.join(shown)}</i>"


def timeline_pages(events: Sequence[Event], lang: str = "en", links: Mapping[str, str] | None = None) -> list[str]:
    """The timeline as messages of at most 4,096 units: one line per event (its date in bold), the
    background years set apart from the offensive, each page's quotes in one expandable block and one
    source line. Several pages only when it does not fit one message."""
    s = STRINGS[lang]
    pages: list[list[Event]] = [[]]
    for event in events:
        if pages[-1] and _timeline_units(pages[-1] + [event], s, links or {}) > LIMIT:
            pages.append([])
        pages[-1].append(event)
    total = len(pages)
    return [_timeline_page(page, s, _timeline_title(s, n, total), links or {}, n, total)
            for n, page in enumerate(pages, start=1)] if events else []


def _timeline_units(events: Sequence[Event], s: Mapping[str, str], links: Mapping[str, str]) -> int:
    """The size of a page of ``events`` with all their quotes (the longest title assumed)."""
    quotes = "\n".join(_esc(f"\u201c{q}\u201d") for q in dict.fromkeys(q for e in events for q in e.quotes))
    page = _timeline_page(events, s, s["timeline_page"].format(page=99, pages=99), links, 99, 99)
    return units(page.split("\n\n<blockquote")[0]) + units(f"\n\n<blockquote expandable>{quotes}</blockquote>\n") + units(
        source_line([e.source for e in events], links))


def _timeline_title(s: Mapping[str, str], page: int, pages: int) -> str:
    return s["timeline"] if pages == 1 else s["timeline_page"].format(page=page, pages=pages)


def _timeline_page(events: Sequence[Event], s: Mapping[str, str], title: str, links: Mapping[str, str],
                   page: int, pages: int) -> str:
    title = title or s["timeline_page"].format(page=page, pages=pages)
    lines = [f"<b>{_esc(title)}</b>"]
    background = [e for e in events if e.background]
    for group, heading in ((background, "background"), ([e for e in events if not e.background], "offensive")):
        if not group:
            continue
        years = sorted({y for e in group for y in _years(e.when)})
        label = s[heading].format(years="\u2013".join(dict.fromkeys([years[0], years[-1]])) if years else "",
                                  year=years[-1] if years else "")
        lines.append("")
        lines.append(f"<u>{_esc(label)}</u>")
        lines += [f"<b>{clip(e.when, 60)}</b> \u2014 {clip(e.text, 600)}" for e in group]
    text = "\n".join(lines)
    source = source_line([e.source for e in events], links)
    room = LIMIT - units(text) - units(f"\n\n<blockquote expandable></blockquote>\n{source}")
    quotes = quote_block([q for e in events for q in e.quotes], room)
    return f"{text}\n\n{quotes}\n{source}" if quotes else text


def _years(when: str) -> list[str]:
    return [w for w in when.replace("\u2013", " ").split() if len(w) == 4 and w.isdigit()]


def _size(parts: Sequence[str]) -> int:
    """Units taken by ``parts`` joined, plus the separator before the next part."""
    return units("\n\n".join(parts)) + 2 if parts else 0


def more_keyboard(data: str, lang: str = "en") -> InlineKeyboardMarkup:
    """The "More" button that sends the next page."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(STRINGS[lang]["more"], callback_data=data)]])


def map_caption(caption: str) -> str:
    """The photo's caption (HTML, at most 1,024 units)."""
    return clip(caption, MessageLimit.CAPTION_LENGTH)


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
        "/map \u2014 who held what, on a map (or ask: <i>where are the front lines?</i>)\n"
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


def unanswered_html(rows: Sequence[tuple[str, int, str]]) -> str:
    """The admin's list of recently declined questions with their counts and the check that declined them."""
    if not rows:
        return "No declined questions recently."
    lines = [f"{n}\u00d7 {clip(plain(question, 200), 300)}" + (f" <i>({_esc(check)})</i>" if check else "")
             for question, n, check in rows]
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


def inline_timeline(result_id: str, page: str, answer: Answer, lang: str = "en") -> InlineQueryResultArticle:
    """The timeline's first page as an inline result."""
    return InlineQueryResultArticle(
        id=result_id,
        title=STRINGS[lang]["timeline"],
        description=plain(answer.text, DESCRIPTION_CHARS),
        input_message_content=InputTextMessageContent(page),
    )


def inline_not_in_source(answer: Answer) -> InlineQueryResultArticle:
    """The single honest result for a question the source does not answer."""
    return InlineQueryResultArticle(
        id="0",
        title="Not in the source",
        description=plain(answer.text, DESCRIPTION_CHARS),
        input_message_content=InputTextMessageContent(answer_html(answer, with_question=True)),
    )
