"""The python-telegram-bot Application, built in one place, and ``run`` for ``python -m bot run``."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import sqlite3
import sys
from collections.abc import Mapping
from pathlib import Path

from telegram import Bot, BotCommand, BotCommandScopeChat, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.engine import Engine
from bot.errors import BotError, ConfigError, KnowledgeError
from bot.inbox import Inbox
from bot.journal import Journal
from bot.logfmt import fields, redact, redact_secret, setup_logging
from bot.settings import Settings
from bot.lang import LANGUAGES
from bot.telegram import handlers as h
from bot.telegram import render
from bot.telegram.runner import ALLOWED_UPDATES, TOKEN_REJECTED, WORKERS, CleanJsonRequest, Runner

__all__ = ["ALLOWED_UPDATES", "build_application", "run", "serve"]

log = logging.getLogger("bot.telegram")

PUBLIC_MENU = ("ask", "timeline", "map", "sources", "language", "help", "start")
ADMIN_MENU = ("reload", "unanswered", "stats")
#: the other languages' menus are published for users whose Telegram app is in that language
MENU_LANGUAGES = tuple(code for code in LANGUAGES if code != "en")


def commands(names: tuple[str, ...], lang: str = "en") -> list[BotCommand]:
    """The command menu entries ``names``, described in ``lang`` (the ``tg_cmd_*`` strings of its pack)."""
    return [BotCommand(name, render.say(lang, f"cmd_{name}")) for name in names]


COMMANDS = commands(PUBLIC_MENU)  # deploy/README.md gives this list to BotFather
ADMIN_COMMANDS = commands(ADMIN_MENU)
RETRIES_AFTER_FLOOD = 3
#: Sends that get a 5xx or a network error are tried again this many times, waiting 0.5, 1, 2 s.
SEND_RETRIES = 3
SEND_BACKOFF_S = 0.5
#: Pooled connections: one per worker, so none waits for one. More is slower: httpcore's pool work grows
#: with the number of connections and requests in flight.
CONCURRENT_UPDATES = WORKERS


class RetryingLimiter(AIORateLimiter):
    """AIORateLimiter (it waits out 429 RetryAfter) that also retries 5xx answers and network errors
    with bounded exponential backoff; ``limit=False`` keeps the retries and drops the rate limits."""

    def __init__(self, *, limit: bool = True, retries: int = SEND_RETRIES, backoff: float = SEND_BACKOFF_S) -> None:
        if limit:
            super().__init__(max_retries=RETRIES_AFTER_FLOOD)
        else:
            super().__init__(overall_max_rate=0, group_max_rate=0, max_retries=RETRIES_AFTER_FLOOD)
        self.retries = retries
        self.backoff = backoff

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # noqa: ANN001
        """Send, and again after a 5xx or a network error (never after 4xx: those would fail the same way)."""
        for attempt in range(self.retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:
                raise
            except NetworkError as exc:  # 5xx answers and connection errors (TimedOut included)
                if attempt == self.retries:
                    raise
                delay = self.backoff * 2**attempt
                log.info(fields(event="send_retry", method=endpoint, attempt=attempt + 1, error=type(exc).__name__,
                                retry_in_s=delay))
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")


def build_application(settings: Settings, engine: Engine, journal: Journal, *, rate_limit: bool = True) -> Application:
    """The Application with every handler and no Updater (the Runner receives updates); sends are
    retried on 5xx and network errors, and ``rate_limit=False`` (tests, benchmark) drops the pacing.

    The token and webhook secret are registered for redaction from all logs here, so no way of
    running the bot can leak them.
    """
    redact_secret(settings.token)
    redact_secret(settings.webhook_secret or "")
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        # The Runner (bot.telegram.runner) fetches and schedules updates; no Updater.
        .updater(None)
        .connection_pool_size(CONCURRENT_UPDATES + 2)
        .get_updates_request(CleanJsonRequest(connection_pool_size=1))
        .rate_limiter(RetryingLimiter(limit=rate_limit))
        .post_init(_post_init)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    app = builder.build()
    app.bot_data["services"] = h.Services(settings=settings, engine=engine, journal=journal)

    message = filters.UpdateType.MESSAGE  # new messages only: edits and channel posts are ignored
    not_ours = ~filters.ViaBot(bot_id=int(settings.token.split(":")[0]))  # our own inline results
    text = message & filters.TEXT & ~filters.COMMAND & not_ours
    app.add_handlers([
        CommandHandler("start", h.start, filters=message),
        CommandHandler("help", h.help_command, filters=message),
        CommandHandler("ask", h.ask, filters=message),
        CommandHandler("timeline", h.timeline, filters=message),
        CommandHandler("map", h.map_command, filters=message),
        CommandHandler("sources", h.sources, filters=message),
        CommandHandler("language", h.language_command, filters=message),
        CommandHandler("reload", h.reload_command, filters=message),
        CommandHandler("unanswered", h.unanswered_command, filters=message),
        CommandHandler("stats", h.stats_command, filters=message),
        MessageHandler(message & filters.ChatType.PRIVATE & filters.COMMAND, h.unknown_command),
        MessageHandler(text & filters.ChatType.PRIVATE, h.question),
        MessageHandler(text & filters.ChatType.GROUPS & h.AddressedToBot(), h.question),
        CallbackQueryHandler(h.button),
        InlineQueryHandler(h.inline_query),
    ])
    app.add_error_handler(h.on_error)
    return app


async def _post_init(app: Application) -> None:
    """Publish the command menus: everyone's, and the admins' with their extra commands; each in English,
    and again in every other language for users whose Telegram app is in it (``language_code``)."""
    await app.bot.set_my_commands(COMMANDS)
    for lang in MENU_LANGUAGES:
        await app.bot.set_my_commands(commands(PUBLIC_MENU, lang), language_code=lang)
    services: h.Services = app.bot_data["services"]
    for admin_id in sorted(services.settings.admin_ids):
        try:
            await app.bot.set_my_commands(COMMANDS + ADMIN_COMMANDS, scope=BotCommandScopeChat(admin_id))
            for lang in MENU_LANGUAGES:
                await app.bot.set_my_commands(commands(PUBLIC_MENU + ADMIN_MENU, lang),
                                              scope=BotCommandScopeChat(admin_id), language_code=lang)
        except TelegramError as exc:  # the admin has not opened a chat with the bot yet
            log.warning(fields(event="admin_menu_failed", admin_id=admin_id, error=type(exc).__name__))


def run(webhook: bool, *, knowledge_dir: Path | None = None, db_path: Path | None = None,
        env: Mapping[str, str] | None = None) -> int:
    """Serve until SIGINT or SIGTERM (long polling, or a webhook server); the process exit code.

    Problems an operator can fix are one line on stderr, never a traceback: 2 for configuration
    (missing or malformed token, bad variables), 1 for anything that stops the bot (the token
    rejected by Telegram, at start or later; the Bot API unreachable; a state file the bot did not
    create; the update loop ending).
    """
    try:
        settings = Settings.from_env(env, webhook=webhook, knowledge_dir=knowledge_dir, db_path=db_path)
    except ConfigError as exc:
        return _fail(f"error: {exc}", 2)
    redact_secret(settings.token)
    setup_logging()
    try:
        asyncio.run(_check_token(settings))
    except InvalidToken:
        return _fail(f"error: {TOKEN_REJECTED}", 1)
    except TelegramError as exc:
        return _fail(f"error: cannot reach the Bot API: {exc}", 1)
    try:
        engine = Engine.open(settings.knowledge_dir, settings.db_path)
        journal = Journal(settings.journal_path)
    except KnowledgeError as exc:
        shown = "; ".join(str(p) for p in exc.problems[:3])
        more = f" (and {len(exc.problems) - 3} more; run `python -m bot check`)" if len(exc.problems) > 3 else ""
        return _fail(f"error: the knowledge is invalid: {shown}{more}", 1)
    except (BotError, OSError, sqlite3.Error) as exc:
        return _fail(f"error: cannot start: {exc}", 1)
    try:
        inbox = Inbox(settings.inbox_path)
    except BotError as exc:
        journal.close()
        return _fail(f"error: cannot start: {exc}", 1)
    except (OSError, sqlite3.Error) as exc:  # a full or read-only state folder: answer without it
        log.warning(fields(event="inbox_failed", error=str(exc), note="updates are confirmed only once answered"))
        inbox = None
    try:
        fatal = asyncio.run(serve(settings, engine, journal, inbox, webhook=webhook, rate_limit=settings.rate_limit))
    except (TelegramError, OSError) as exc:
        return _fail(f"error: the bot stopped: {type(exc).__name__}: {exc}", 1)
    finally:
        journal.close()
        if inbox is not None:
            inbox.close()
    if fatal:
        return _fail(f"error: {fatal}", 1)
    return 0


async def serve(settings: Settings, engine: Engine, journal: Journal, inbox: Inbox | None, *,
                webhook: bool = False, rate_limit: bool = True) -> str | None:
    """Run the bot until SIGTERM or SIGINT (then drain) or a fatal error; the fatal reason, or None."""
    app = build_application(settings, engine, journal, rate_limit=rate_limit)
    loop = asyncio.get_running_loop()
    async with app:
        runner = Runner(app, settings, inbox, webhook=webhook)
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, runner.stop)
        await app.post_init(app)
        # Everything loaded so far (the fact base, the libraries) lives as long as the process: keep it
        # out of the collector's full scans, which otherwise stall the event loop 10-25 ms each.
        gc.collect()
        gc.freeze()
        await runner.start()
        log.info(fields(event="started", mode="webhook" if webhook else "polling", drain_s=settings.drain_seconds))
        try:
            await runner.wait()
        finally:
            await runner.shutdown()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)
    return runner.fatal


async def _check_token(settings: Settings) -> None:
    """Ask getMe once with a throw-away Bot, so a rejected token or an unreachable API is one line, not
    the traceback python-telegram-bot logs when its start-up retry loop gives up."""
    bot = Bot(settings.token, base_url=settings.base_url) if settings.base_url else Bot(settings.token)
    async with bot:  # initialize() calls getMe
        pass


def _fail(line: str, code: int) -> int:
    print(redact(line), file=sys.stderr)
    return code
