"""What users see: HTML with everything escaped, never over Telegram's 4,096 characters, and keyboards."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResultArticle, InputTextMessageContent
from telegram.constants import MessageLimit

from bot.answer import Answer
from bot.compose import plural
from bot.errors import Problem
from bot.lang import LANGUAGES
from bot.lang import load as load_pack
from bot.telegram.buttons import LANGUAGE, TIMELINE, ButtonStore
from bot.timeline import Event

if TYPE_CHECKING:
    from bot.engine import ReloadReport

LIMIT = MessageLimit.MAX_TEXT_LENGTH
MAX_BUTTONS = 3
BUTTON_CHARS = 60
TITLE_CHARS = 80
DESCRIPTION_CHARS = 160
MAX_PROBLEMS_SHOWN = 10

#: Every fixed string the Telegram front end shows, per language: the ``tg_*`` messages of the language
#: packs (``bot/lang/<code>.yaml``), without the prefix. A new language is a new pack; Telegram lays out
#: right-to-left text by itself, so no direction marks are added here.
STRINGS: dict[str, dict[str, str]] = {
    code: {k.removeprefix("tg_"): v for k, v in load_pack(code).messages.items() if k.startswith("tg_")}
    for code in LANGUAGES
}
EXPAND_OVER = 100  # quotes longer than this (about two lines on a phone) go in an expandable blockquote

# the English strings, for callers that have no user to ask
ERROR = STRINGS["en"]["error"]
REFUSAL = STRINGS["en"]["refusal"]
EXPIRED = STRINGS["en"]["expired"]
NO_CHAT = STRINGS["en"]["no_chat"]
RELOAD_BUSY = STRINGS["en"]["reload_busy"]
UNKNOWN_COMMAND = STRINGS["en"]["unknown_command"]
PRIVATE_ONLY = STRINGS["en"]["private_only"]
ONE_MOMENT = STRINGS["en"]["one_moment"]


def say(lang: str, key: str, **values: object) -> str:
    """The fixed string ``key`` in ``lang`` (English if ``lang`` has no table), with ``values`` filled in
    as given: escape them first when the string is HTML."""
    return STRINGS.get(lang, STRINGS["en"])[key].format(**values)


def notice(lang: str, key: str) -> str:
    """A fixed string without markup of its own (an apology, a notice), escaped for an HTML message."""
    return _esc(say(lang, key))


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
        source = source_line([c.source for c in answer.sources], links or {}, STRINGS.get(answer.lang, STRINGS["en"]))
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


def source_line(labels: Sequence[str], links: Mapping[str, str], s: Mapping[str, str] = STRINGS["en"]) -> str:
    """``— <i>Outlet, date</i>``: each source once, a link when its metadata has a web address; in a
    language other than the quotes', said to be the source's original text (``quoted_from``)."""
    shown = []
    for label in dict.fromkeys(labels):
        text = clip(label, 200)
        url = links.get(label)
        shown.append(f'<a href="{html.escape(url, quote=True)}">{text}</a>' if url else text)
    return f"\u2014 <i>{s['quoted_from'].format(sources='; '.join(shown))}</i>"


def timeline_pages(events: Sequence[Event], lang: str = "en", links: Mapping[str, str] | None = None) -> list[str]:
    """The timeline as messages of at most 4,096 units: one line per event (its date in bold), the
    background years set apart from the offensive, each page's quotes in one expandable block and one
    source line. Several pages only when it does not fit one message."""
    s = STRINGS.get(lang, STRINGS["en"])
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
        source_line([x for e in events for x in e.sources], links, s))


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
    source = source_line([x for e in events for x in e.sources], links, s)
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
    return InlineKeyboardMarkup([[InlineKeyboardButton(say(lang, "more"), callback_data=data)]])


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


def start_keyboard(examples: Iterable[str], store: ButtonStore, lang: str = "en") -> InlineKeyboardMarkup:
    """Example questions as buttons, and the timeline."""
    rows = [[InlineKeyboardButton(plain(e, BUTTON_CHARS), callback_data=store.encode(e))] for e in list(examples)[:4]]
    rows.append([InlineKeyboardButton(say(lang, "timeline_button"), callback_data=TIMELINE)])
    return InlineKeyboardMarkup(rows)


def language_keyboard() -> InlineKeyboardMarkup:
    """One button per language, each named in its own language (العربية, English)."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(say(code, "language_name"), callback_data=f"{LANGUAGE}{code}")
                                  for code in sorted(LANGUAGES)]])


def welcome_html(username: str, topic: str, lang: str = "en") -> str:
    """The /start message, naming what the knowledge covers (``topic``)."""
    return say(lang, "welcome", username=_esc(username), topic=_esc(topic))


def help_html(username: str, example: str, lang: str = "en") -> str:
    """The /help message, with an example question taken from the knowledge."""
    return say(lang, "help", username=_esc(username), example=_esc(example))


def usage_html(username: str, example: str, lang: str = "en") -> str:
    """The reply to an empty /ask or a bare mention, with an example question."""
    return say(lang, "usage", username=_esc(username), example=_esc(example))


def reload_ok_html(report: ReloadReport, lang: str = "en") -> str:
    """The admin's reply to a successful /reload: the counts and the facts added and removed."""
    sep, none = load_pack(lang).messages["list_sep"], say(lang, "none")
    coverage = sep.join(say(lang, "cited", cited=c, total=t) for c, t in report.coverage.values())
    text = say(lang, "reload_ok", facts=report.facts, coverage=_esc(coverage),
               added=clip(sep.join(report.added) or none, 1500), removed=clip(sep.join(report.removed) or none, 1500))
    return text


def reload_failed_html(problems: Sequence[Problem], lang: str = "en") -> str:
    """The admin's reply to a failed /reload: file, line and reason of each problem."""
    lines = [f"\u2022 <code>{clip(str(p), 300)}</code>" for p in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(_esc(say(lang, "more_problems", n=len(problems) - MAX_PROBLEMS_SHOWN)))
    count = plural(load_pack(lang), "tg_problems", len(problems))
    return say(lang, "reload_failed", problems=_esc(count)) + "\n" + "\n".join(lines)


def unanswered_html(rows: Sequence[tuple[str, int, str]], lang: str = "en") -> str:
    """The admin's list of recently declined questions with their counts and the check that declined them."""
    if not rows:
        return _esc(say(lang, "no_unanswered"))
    lines = [f"{n}\u00d7 {clip(plain(question, 200), 300)}" + (f" <i>({_esc(check)})</i>" if check else "")
             for question, n, check in rows]
    return f"<b>{_esc(say(lang, 'unanswered_title'))}</b>\n" + "\n".join(lines)


def stats_html(since_start: dict[str, int], total: dict[str, int] | str, health: dict[str, int] | None = None,
               lang: str = "en") -> str:
    """The admin's counts of questions asked, answered and declined; ``total`` is the journal's counts,
    or why it cannot be read; ``health`` counts what went wrong since start, by kind (``journal`` rows not
    written, messages ``dropped`` by the per-chat limit, ``reply_failed``; a label of its own otherwise)."""

    def line(label: str, t: dict[str, int]) -> str:
        return _esc(say(lang, "stats_line", label=say(lang, label), asked=t["asked"], answered=t["answered"],
                        declined=t["declined"]))

    all_time = line("all_time", total) if isinstance(total, dict) else _esc(say(lang, "all_time_unknown", reason=total))
    out = f"<b>{_esc(say(lang, 'stats_title'))}</b>\n" + line("since_start", since_start) + "\n" + all_time
    if health:
        table = STRINGS.get(lang, STRINGS["en"])
        out += f"\n<b>{_esc(say(lang, 'since_start'))}</b>\n" + "\n".join(
            f"{_esc(table.get(f'health_{k}', k))}: {v}" for k, v in health.items())
    return out


def journal_unreadable_html(reason: str, lang: str = "en") -> str:
    """The journal cannot be read (locked, missing, ...): say so; answering goes on."""
    return say(lang, "journal_unreadable", reason=clip(reason, 300))


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
        title=say(lang, "timeline"),
        description=plain(answer.text, DESCRIPTION_CHARS),
        input_message_content=InputTextMessageContent(page),
    )


def inline_not_in_source(answer: Answer) -> InlineQueryResultArticle:
    """The single honest result for a question the source does not answer (titled in the answer's language)."""
    return InlineQueryResultArticle(
        id="0",
        title=say(answer.lang, "not_in_source"),
        description=plain(answer.text, DESCRIPTION_CHARS),
        input_message_content=InputTextMessageContent(answer_html(answer, with_question=True)),
    )
