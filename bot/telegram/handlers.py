"""The bot's conversation: small handlers that share :class:`Services` through ``context.bot_data``."""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import time
import sqlite3
from collections import Counter
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResult,
    InlineQueryResultArticle,
    InlineQueryResultCachedPhoto,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import ContextTypes, filters

from bot.answer import Answer
from bot.context import ContextStore
from bot.errors import KnowledgeError
from bot.journal import Journal
from bot.logfmt import fields
from bot.mapfile import caption as map_caption
from bot.mapfile import map_file
from bot.maprequest import is_map_request
from bot.telegram import render
from bot.telegram.buttons import ButtonStore, language_choice, timeline_data, timeline_page
from bot.telegram.language import LanguagePins, ask_language, parse_choice, reply_language
from bot.timeline import events as timeline_events
from bot.telegram.settings import Settings

if TYPE_CHECKING:
    from bot.engine import Engine

log = logging.getLogger("bot.telegram")

INLINE_RESULTS = 5
TOKEN_REJECTED = "Telegram rejected the token (401): revoked or mistyped? check TELEGRAM_BOT_TOKEN with @BotFather"
INLINE_CACHE_SECONDS = 60

CallbackContext = ContextTypes.DEFAULT_TYPE
Handler = Callable[[Update, CallbackContext], Awaitable[None]]


@dataclass
class Services:
    """What the handlers share; ``engine`` is replaced by a successful /reload."""

    settings: Settings
    engine: Engine
    journal: Journal
    contexts: ContextStore = field(default_factory=ContextStore)
    buttons: ButtonStore = field(default_factory=ButtonStore)
    reload_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    started_at: float = field(default_factory=time.time)
    map_photos: dict[str, str] = field(default_factory=dict)  # map file name -> Telegram file_id once sent
    languages: LanguagePins = field(default_factory=LanguagePins)  # reply languages users pinned (/language)
    #: questions asked, answered and declined since start (in memory: /stats has them even when the
    #: journal cannot be read), and what went wrong (replies that failed, flood drops, duplicates ...)
    asked: Counter = field(default_factory=Counter)
    health: Counter = field(default_factory=Counter)
    #: called with a one-line reason when the bot must stop (the token was rejected)
    on_fatal: Callable[[str], None] | None = None


def services(context: CallbackContext) -> Services:
    """The shared objects of the application."""
    return context.bot_data["services"]


def language(update: Update | None, context: CallbackContext, text: str = "") -> str:
    """The language to reply in to ``update``'s user: a pin (/language), else that of ``text`` or of the
    user's Telegram app."""
    return reply_language(services(context).languages, update.effective_user if update else None, text)


class AddressedToBot(filters.MessageFilter):
    """Messages that mention the bot's @username (any case) or reply to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.id == bot.id:
            return True
        mention = f"@{bot.username}".casefold()
        for entity, text in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
            if entity.type == MessageEntity.MENTION and text.casefold() == mention:
                return True
            if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot.id:
                return True
        return False


# --- conversation ---------------------------------------------------------------------------


async def start(update: Update, context: CallbackContext) -> None:
    """Welcome the user and offer example questions as buttons."""
    svc, lang = services(context), language(update, context)
    keyboard = render.start_keyboard(svc.engine.examples(lang), svc.buttons, lang)
    await _reply(update, render.welcome_html(context.bot.username, svc.engine.topic(svc.engine.pack(lang)), lang),
                 keyboard)


async def help_command(update: Update, context: CallbackContext) -> None:
    """Explain how to ask, in private chats, groups and inline."""
    svc, lang = services(context), language(update, context)
    await _reply(update, render.help_html(context.bot.username, svc.engine.example(lang), lang))


async def ask(update: Update, context: CallbackContext) -> None:
    """Answer the question after /ask (or /ask@BotName)."""
    parts = (update.effective_message.text or "").split(maxsplit=1)
    await _answer(update, context, parts[1] if len(parts) > 1 else "")


async def timeline(update: Update, context: CallbackContext, page: int = 1, lang: str | None = None) -> None:
    """Send the dated events in order (one page; a "More" button sends the next)."""
    started = time.perf_counter()
    svc, lang = services(context), lang or language(update, context)
    answer = svc.engine.timeline(lang=lang)
    pages = render.timeline_pages(timeline_events(svc.engine.fb, lang), lang, links=svc.engine.fb.source_urls())
    if not pages:  # knowledge without dated events
        pages = [render.answer_html(answer)]
    page = min(page, len(pages))
    more = render.more_keyboard(timeline_data(page + 1, lang), lang) if page < len(pages) else None
    await _reply(update, pages[page - 1], more)
    _log_answer(update, context, answer, started)


async def map_command(update: Update, context: CallbackContext) -> None:
    """Send the map of who held what (as a reply in groups)."""
    await _send_map(update, context, language(update, context, update.effective_message.text or ""))


async def sources(update: Update, context: CallbackContext) -> None:
    """Say what the bot knows and where it comes from."""
    started = time.perf_counter()
    answer = services(context).engine.about(lang=language(update, context))
    await _reply(update, render.answer_html(answer, links=services(context).engine.fb.source_urls()))
    _log_answer(update, context, answer, started)


async def question(update: Update, context: CallbackContext) -> None:
    """Answer a text message: any in a private chat, one addressed to the bot in a group."""
    await _answer(update, context, update.effective_message.text or "")


async def button(update: Update, context: CallbackContext) -> None:
    """Acknowledge a follow-up button and answer its question in the chat."""
    query, lang = update.callback_query, language(update, context)
    if update.effective_chat is None:  # a button under a message sent inline: no chat to answer in
        await query.answer(render.say(lang, "no_chat"))
        return
    page = timeline_page(query.data or "")
    if page is not None:
        await query.answer()
        await timeline(update, context, *page)
        return
    choice = parse_choice(language_choice(query.data or "") or "")
    if choice is not None:
        await query.answer()
        await _pin_language(update, context, choice)
        return
    asked = services(context).buttons.decode(query.data or "")
    if asked is None:
        await query.answer(render.say(lang, "expired"))
        return
    await query.answer()
    await _answer(update, context, asked)


async def inline_query(update: Update, context: CallbackContext) -> None:
    """Offer up to five answers, best first; an empty query gets the timeline and example questions."""
    started = time.perf_counter()
    svc = services(context)
    engine, user = svc.engine, update.inline_query.from_user
    text = without_surrogates(update.inline_query.query).strip()
    photo = _inline_map(update, context)
    if not text:
        results = _inline_suggestions(engine, reply_language(svc.languages, user))
        if photo is not None:  # the map after the timeline, once it has been sent somewhere
            results = [results[0], photo, *results[1:INLINE_RESULTS - 1]]
        best = Answer(question="", text="", answered=True, intent="suggestions", confidence=1.0)
    elif photo is not None and is_map_request(text):
        results = [photo]
        best = Answer(question=text, text="", answered=True, intent="map", confidence=1.0)
    else:
        best = engine.ask(text, lang=ask_language(svc.languages, user))
        results = _inline_answers(engine, best) if best.answered else [render.inline_not_in_source(best)]
    await update.inline_query.answer(results, cache_time=INLINE_CACHE_SECONDS)
    _log_answer(update, context, best, started)


async def unknown_command(update: Update, context: CallbackContext) -> None:
    """Point a private chat's unknown /command to /help."""
    await _reply(update, render.notice(language(update, context), "unknown_command"))


async def language_command(update: Update, context: CallbackContext) -> None:
    """Pin the reply language (/language ar, en or auto); without one, offer the languages as buttons."""
    parts = (update.effective_message.text or "").split(maxsplit=1)
    choice = parse_choice(parts[1]) if len(parts) > 1 else None
    if choice is None:
        await _reply(update, render.notice(language(update, context), "language_prompt"), render.language_keyboard())
        return
    await _pin_language(update, context, choice)


# --- admins -------------------------------------------------------------------------------


def admin_only(handler: Handler) -> Handler:
    """Run ``handler`` for users in BOT_ADMIN_IDS; refuse others politely and log the attempt."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: CallbackContext) -> None:
        user = update.effective_user
        if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
            # in a group nothing is revealed: not the data, not even whether the sender is an admin
            log.warning(fields(event="admin_refused", command=handler.__name__.removesuffix("_command"),
                               user_id=user.id if user else None, chat=_chat_kind(update)))
            await _reply(update, render.notice(language(update, context), "private_only"))
            return
        if user is None or user.id not in services(context).settings.admin_ids:
            log.warning(fields(event="admin_refused", command=handler.__name__.removesuffix("_command"),
                               user_id=user.id if user else None, chat=_chat_kind(update)))
            await _reply(update, render.notice(language(update, context), "refusal"))
            return
        await handler(update, context)

    return guarded


@admin_only
async def reload_command(update: Update, context: CallbackContext) -> None:
    """Rebuild the fact base from the knowledge folder and swap it in, or say why not."""
    svc, lang = services(context), language(update, context)
    if svc.reload_lock.locked():
        await _reply(update, render.notice(lang, "reload_busy"))
        return
    async with svc.reload_lock:
        started = time.perf_counter()
        try:
            # In a thread: questions that arrive meanwhile are answered by the current engine.
            engine, report = await asyncio.to_thread(svc.engine.reload)
        except KnowledgeError as exc:
            first = str(exc.problems[0]) if exc.problems else None
            log.warning(fields(event="reload_failed", problems=len(exc.problems), first=first))
            await _reply(update, render.reload_failed_html(exc.problems, lang))
            return
        svc.engine = engine
    log.info(fields(event="reload", facts=report.facts, added=len(report.added), removed=len(report.removed),
                    latency_ms=_ms(started)))
    await _reply(update, render.reload_ok_html(report, lang))


@admin_only
async def unanswered_command(update: Update, context: CallbackContext) -> None:
    """List the most frequent questions declined recently, with counts."""
    lang = language(update, context)
    try:  # in a thread: the journal may be locked by another process
        rows = await asyncio.to_thread(services(context).journal.top_unanswered)
    except (sqlite3.Error, OSError) as exc:
        await _reply(update, render.journal_unreadable_html(str(exc), lang))
        return
    await _reply(update, render.unanswered_html(rows, lang))


@admin_only
async def stats_command(update: Update, context: CallbackContext) -> None:
    """Count questions asked, answered and declined, since start and in total, and what went wrong."""
    svc = services(context)
    try:
        total: dict[str, int] | str = await asyncio.to_thread(svc.journal.totals)
    except (sqlite3.Error, OSError) as exc:
        total = str(exc)
    journal = svc.journal.health
    health = {"journal": journal.failed + journal.dropped, **svc.health}
    since = {"asked": svc.asked["asked"], "answered": svc.asked["answered"], "declined": svc.asked["declined"]}
    await _reply(update, render.stats_html(since, total, {k: v for k, v in health.items() if v},
                                           language(update, context)))


# --- errors -------------------------------------------------------------------------------


async def on_error(update: object, context: CallbackContext) -> None:
    """Log the error with the update's kind, id and chat, and tell the user briefly (never a traceback)."""
    upd = update if isinstance(update, Update) else None
    svc = services(context)
    error = context.error
    if isinstance(error, InvalidToken):  # 401 on a send: the token was revoked; the process ends
        if svc.on_fatal is not None:
            svc.on_fatal(TOKEN_REJECTED)
        return
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        # a reply that still failed after the retries (5xx, network): an apology would fail the same way
        svc.health["reply_failed"] += 1
        log.error(fields(event="reply_failed", update=_update_kind(upd), update_id=upd.update_id if upd else None,
                         chat=_chat_kind(upd), error=type(error).__name__, reason=str(error)))
        return
    log.error(fields(event="error", update=_update_kind(upd), update_id=upd.update_id if upd else None,
                     chat=_chat_kind(upd), error=type(error).__name__), exc_info=error)
    if upd is None or upd.effective_chat is None:
        return
    try:
        text = (upd.effective_message.text or "") if upd.effective_message else ""
        await context.bot.send_message(upd.effective_chat.id, render.notice(language(upd, context, text), "error"))
    except TelegramError as exc:
        log.warning(fields(event="error_reply_failed", error=type(exc).__name__))


# --- helpers ------------------------------------------------------------------------------


async def _answer(update: Update, context: CallbackContext, text: str) -> None:
    """Ask the engine with the asker's conversation, record the outcome, and reply with follow-ups."""
    svc = services(context)
    started = time.perf_counter()
    text = _without_mention(without_surrogates(text), context.bot.username)
    if not text:
        lang = language(update, context)
        await _reply(update, render.usage_html(context.bot.username, svc.engine.example(lang), lang))
        return
    if is_map_request(text):
        await _send_map(update, context, language(update, context, text))
        return
    lang = ask_language(svc.languages, update.effective_user)  # "auto" unless pinned: the question's language
    answer = svc.engine.ask(text, svc.contexts.get(_context_key(update)), lang)
    svc.asked.update(asked=1, answered=int(answer.answered), declined=int(not answer.answered))
    # the reply first; the journal is a queue another thread writes, and never holds up an answer
    await _reply(update, render.answer_html(answer, links=svc.engine.fb.source_urls()),
                 render.follow_up_keyboard(answer.suggestions, svc.buttons))
    svc.journal.record(text, answer)
    _log_answer(update, context, answer, started)


async def _pin_language(update: Update, context: CallbackContext, choice: str) -> None:
    """Pin ``choice`` (``auto``: unpin) for the user and confirm it in the language replies now take."""
    user = update.effective_user
    if user is not None:
        services(context).languages.pin(user.id, choice)
    lang = language(update, context)
    await _reply(update, render.notice(lang, "language_auto" if choice == "auto" else "language_set"))


async def _reply(update: Update, text: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Send HTML to the update's chat; in groups as a reply to the asking (or pressed) message."""
    group = update.effective_chat.type != ChatType.PRIVATE
    message = update.effective_message
    if message is not None:
        await message.reply_html(text, reply_markup=keyboard, do_quote=group)
    else:  # a button under a message too old to reply to
        await update.get_bot().send_message(update.effective_chat.id, text, reply_markup=keyboard)


async def _send_map(update: Update, context: CallbackContext, lang: str) -> None:
    """Reply with the map photo: drawn once per knowledge version (in a thread), then sent by file_id."""
    svc = services(context)
    started = time.perf_counter()
    fb = svc.engine.fb
    try:
        path = await asyncio.to_thread(map_file, fb, lang)
    except (OSError, ValueError) as exc:
        log.error(fields(event="map_failed", error=type(exc).__name__))
        await _reply(update, render.notice(lang, "map_failed"))
        return
    caption = render.map_caption(map_caption(fb, lang))
    group = update.effective_chat.type != ChatType.PRIVATE
    cached = svc.map_photos.get(path.name)
    try:
        sent = await update.effective_message.reply_photo(cached or path.read_bytes(), caption=caption,
                                                          filename="syria-map.png", do_quote=group)
    except BadRequest:
        if cached is None:
            raise
        svc.map_photos.pop(path.name, None)  # a file_id Telegram no longer knows: upload again
        sent = await update.effective_message.reply_photo(path.read_bytes(), caption=caption,
                                                          filename="syria-map.png", do_quote=group)
    if sent.photo:
        svc.map_photos[path.name] = sent.photo[-1].file_id
    log.info(fields(update=_update_kind(update), chat=_chat_kind(update), intent="map", answered=True,
                    cached=cached is not None, latency_ms=_ms(started)))


def _inline_map(update: Update, context: CallbackContext) -> InlineQueryResultCachedPhoto | None:
    """The map as an inline photo result, once it has been uploaded (by its file_id); else None."""
    svc = services(context)
    lang = reply_language(svc.languages, update.inline_query.from_user, update.inline_query.query)
    for name, file_id in svc.map_photos.items():
        if f"{svc.engine.fb.digest[:16]}-" in name and name.endswith(f"-{lang}.png"):
            return InlineQueryResultCachedPhoto(id="map", photo_file_id=file_id,
                                                caption=render.map_caption(map_caption(svc.engine.fb, lang)))
    return None


def _inline_answers(engine: Engine, best: Answer) -> list[InlineQueryResultArticle]:
    """The best answer, then answers to its follow-up questions (in its language), without repeats."""
    answers, seen = [best], {tuple(best.facts)}
    for follow_up in best.suggestions:
        answer = engine.ask(follow_up, lang=best.lang)
        if answer.answered and tuple(answer.facts) not in seen:
            answers.append(answer)
            seen.add(tuple(answer.facts))
    return [render.inline_article(str(i), a) for i, a in enumerate(answers[:INLINE_RESULTS])]


def _inline_suggestions(engine: Engine, lang: str) -> list[InlineQueryResult]:
    """The timeline, then the engine's example questions answered, in ``lang``."""
    pages = render.timeline_pages(timeline_events(engine.fb, lang), lang, links=engine.fb.source_urls())
    answer = engine.timeline(lang=lang)
    results: list[InlineQueryResult] = [render.inline_timeline("timeline", pages[0] if pages else render.answer_html(answer),
                                                               answer, lang)]
    for example in dict.fromkeys(engine.examples(lang)):
        answer = engine.ask(example, lang=lang)
        if answer.answered:
            results.append(render.inline_article(str(len(results)), answer))
        if len(results) == INLINE_RESULTS:
            break
    return results


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with lone UTF-16 surrogates (which JSON can carry and nothing can encode) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _without_mention(text: str, username: str) -> str:
    """``text`` without the bot's @username and the punctuation around it."""
    text = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split()).strip(" ,:;-\u2013\u2014")


def _context_key(update: Update) -> Hashable:
    """The chat in private chats; the chat and the user inside groups."""
    chat = update.effective_chat
    if chat.type == ChatType.PRIVATE or update.effective_user is None:
        return chat.id
    return (chat.id, update.effective_user.id)


def _log_answer(update: Update, context: CallbackContext, answer: Answer, started: float) -> None:
    """One greppable line per answered update; the question text only with BOT_LOG_QUESTIONS=1."""
    extra = {"question": answer.question} if services(context).settings.log_questions else {}
    log.info(fields(update=_update_kind(update), chat=_chat_kind(update), intent=answer.intent or None,
                    answered=answer.answered, latency_ms=_ms(started), **extra))


def _update_kind(update: Update | None) -> str | None:
    if update is None:
        return None
    return next((kind for kind in Update.ALL_TYPES if getattr(update, kind, None) is not None), "other")


def _chat_kind(update: Update | None) -> str | None:
    if update is None:
        return None
    if update.effective_chat is not None:
        return update.effective_chat.type
    return update.inline_query.chat_type if update.inline_query else None


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000

