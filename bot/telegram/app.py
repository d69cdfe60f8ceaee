"""The python-telegram-bot Application, built in one place, and ``run`` for ``python -m bot run``."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import sys
from typing import Any

from telegram import Bot, BotCommand, BotCommandScopeChat, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
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
from bot.journal import Journal
from bot.logfmt import fields, redact, redact_secret, setup_logging
from bot.telegram import handlers as h
from bot.telegram.settings import Settings

log = logging.getLogger("bot.telegram")

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
COMMANDS = [
    BotCommand("ask", "Ask a question about the offensive"),
    BotCommand("timeline", "The offensive day by day"),
    BotCommand("map", "Who held what, on a map"),
    BotCommand("sources", "What I know and where it comes from"),
    BotCommand("help", "How to ask"),
    BotCommand("start", "Welcome and example questions"),
]
ADMIN_COMMANDS = [
    BotCommand("reload", "Admin: reload the knowledge"),
    BotCommand("unanswered", "Admin: questions I declined"),
    BotCommand("stats", "Admin: questions asked, answered, declined"),
]
RETRIES_AFTER_FLOOD = 3
#: Updates handled at once, and as many pooled connections (so none waits for one). More is slower:
#: httpcore's pool work grows with the number of connections and requests in flight.
CONCURRENT_UPDATES = 16


def build_application(settings: Settings, engine: Engine, journal: Journal, *, rate_limit: bool = True) -> Application:
    """The Application with every handler; ``rate_limit=False`` (tests, benchmark) drops AIORateLimiter.

    The token and webhook secret are registered for redaction from all logs here, so no way of
    running the bot can leak them.
    """
    redact_secret(settings.token)
    redact_secret(settings.webhook_secret or "")
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        # Updates are handled concurrently: a slow chat (a group's flood limit, a reload) holds up no one.
        .concurrent_updates(CONCURRENT_UPDATES)
        .connection_pool_size(CONCURRENT_UPDATES)
        .post_init(_post_init)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=RETRIES_AFTER_FLOOD))
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
    """Publish the command menus: everyone's, and the admins' with their extra commands."""
    await app.bot.set_my_commands(COMMANDS)
    services: h.Services = app.bot_data["services"]
    for admin_id in sorted(services.settings.admin_ids):
        try:
            await app.bot.set_my_commands(COMMANDS + ADMIN_COMMANDS, scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:  # the admin has not opened a chat with the bot yet
            log.warning(fields(event="admin_menu_failed", admin_id=admin_id, error=type(exc).__name__))


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Arguments for ``run_webhook`` / ``updater.start_webhook``: serve WEBHOOK_URL's path with the secret."""
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": settings.webhook_path,
        "webhook_url": settings.webhook_url,
        "secret_token": settings.webhook_secret,
        "allowed_updates": ALLOWED_UPDATES,
    }


def run(webhook: bool) -> int:
    """Serve until SIGINT or SIGTERM (long polling, or a webhook server); the process exit code.

    Problems an operator can fix are one line on stderr, never a traceback: 2 for configuration
    (missing or rejected token, bad variables), 1 for anything else that stops the bot.
    """
    try:
        settings = Settings.from_env(webhook=webhook)
    except ConfigError as exc:
        return _fail(f"error: {exc}", 2)
    redact_secret(settings.token)
    setup_logging()
    try:
        asyncio.run(_check_token(settings))
    except InvalidToken:
        return _fail("error: Telegram rejected TELEGRAM_BOT_TOKEN (revoked or mistyped? check it with @BotFather)", 2)
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
    app = build_application(settings, engine, journal)
    try:
        if webhook:
            app.run_webhook(**webhook_options(settings))
        else:
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
    except (TelegramError, OSError) as exc:
        return _fail(f"error: the bot stopped: {type(exc).__name__}: {exc}", 1)
    finally:
        journal.close()
    return 0


async def _check_token(settings: Settings) -> None:
    """Ask getMe once with a throw-away Bot, so a rejected token or an unreachable API is one line, not
    the traceback python-telegram-bot logs when its start-up retry loop gives up."""
    bot = Bot(settings.token, base_url=settings.base_url) if settings.base_url else Bot(settings.token)
    async with bot:  # initialize() calls getMe
        pass


def _fail(line: str, code: int) -> int:
    print(redact(line), file=sys.stderr)
    return code
