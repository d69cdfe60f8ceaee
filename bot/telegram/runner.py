"""Receiving updates (long polling or a webhook server), keeping them safe, and answering them fairly.

python-telegram-bot's Updater confirms updates to Telegram as soon as it has fetched them and keeps
them only in memory; this replaces it:

- every update is recorded in the :class:`~bot.inbox.Inbox` (SQLite) before Telegram is told it
  arrived (the next getUpdates' offset, or the webhook's 200), and marked done after its reply; updates
  still pending at start (kill -9, a crash) are answered first. If the inbox cannot be written (full
  or read-only state folder), the bot confirms a batch only once it is answered;
- update ids already seen are dropped (duplicates within a batch, or delivered again);
- a :class:`Scheduler` answers chats in turn, one update per chat at a time, so one flooding chat
  cannot delay others: a chat with more than ``chat_limit`` waiting gets one polite "one moment" and
  its extra messages are dropped; an admin's command jumps the queue;
- a 401 from Telegram (the token was revoked) or any other end of the update loop stops the process
  with a one-line reason (``fatal``), so the service manager restarts it and the operator sees why;
- the loop touches a heartbeat file while it receives, which ``doctor --live`` (the health check) reads;
- on SIGTERM it stops fetching, answers what it has within ``drain_seconds``, and leaves the rest in
  the inbox for the next start;
- the webhook server checks the secret before reading a body, refuses bodies over 1 MB with 413.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import os
import sqlite3
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from http import HTTPStatus

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.constants import ChatType
from telegram.error import InvalidToken, RetryAfter, TelegramError
from telegram.ext import Application
from telegram.request import HTTPXRequest

from bot.files import FILE_MODE
from bot.inbox import Inbox
from bot.logfmt import fields
from bot.settings import Settings
from bot.telegram import render
from bot.telegram.handlers import TOKEN_REJECTED, without_surrogates
from bot.telegram.language import LanguagePins, reply_language

log = logging.getLogger("bot.telegram")

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
ADMIN_COMMANDS = frozenset({"reload", "unanswered", "stats"})
#: Updates answered at once (one per chat at a time).
WORKERS = 16
#: Updates a chat may have waiting; more get one "one moment" and are dropped.
CHAT_LIMIT = 8
#: At most this many updates fetched and not yet answered; polling pauses above it.
MAX_WAITING = 2000
#: Updates per getUpdates: python-telegram-bot parses a batch on the event loop (~0.1 ms an update).
FETCH_LIMIT = 25
POLL_TIMEOUT_S = 10
MAX_BACKOFF_S = 30.0
HEARTBEAT_EVERY_S = 5.0
WEBHOOK_CHECK_S = 60.0
#: Updates waiting at Telegram and a delivery error this recent: the webhook is not receiving.
WEBHOOK_ERROR_WINDOW_S = 120.0
NOTICE_EVERY_S = 60.0
MAX_BODY_BYTES = 1 << 20
LOG_EVERY_S = 60.0
RECENT_IDS = 10_000
LAG_PROBE_S = 0.02
PRUNE_EVERY_S = 3600.0


class NotAnswered(Exception):
    """The bot stopped before answering this update."""


@dataclass(eq=False)
class Item:
    """One update on its way: where it queues, whether the inbox holds it, and when it is done."""

    update: Update
    key: Hashable
    durable: bool
    priority: bool = False
    done: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class Scheduler:
    """Per-chat queues served in turn by ``workers`` tasks; one update per chat in flight; admins first."""

    def __init__(self, process: Callable[[Item], Awaitable[None]], on_drop: Callable[[Item, bool], None],
                 workers: int = WORKERS, chat_limit: int = CHAT_LIMIT) -> None:
        self.process = process
        self.on_drop = on_drop
        self.chat_limit = chat_limit
        self.queues: dict[Hashable, deque[Item]] = {}
        self.ready: deque[Hashable] = deque()  # chats with waiting items and none in flight, in turn
        self.urgent: deque[Item] = deque()
        self.busy: set[Hashable] = set()
        self.waiting = 0  # queued + in flight
        self._signal = asyncio.Semaphore(0)  # one release per entry in ready or urgent
        self._idle = asyncio.Event()
        self._idle.set()
        self._room = asyncio.Event()
        self._room.set()
        self._noticed: OrderedDict[Hashable, float] = OrderedDict()
        self._tasks = [asyncio.create_task(self._work(), name=f"worker-{i}") for i in range(workers)]

    def submit(self, item: Item) -> None:
        """Queue ``item`` (or drop it when its chat already has ``chat_limit`` waiting)."""
        if item.priority:
            self.urgent.append(item)
            self._count(+1)
            self._signal.release()
            return
        queue = self.queues.get(item.key)
        if queue is not None and len(queue) >= self.chat_limit:
            now = time.monotonic()
            notify = now - self._noticed.get(item.key, -NOTICE_EVERY_S) >= NOTICE_EVERY_S
            if notify:
                self._noticed[item.key] = now
                self._noticed.move_to_end(item.key)
                while len(self._noticed) > RECENT_IDS:
                    self._noticed.popitem(last=False)
            self.on_drop(item, notify)
            return
        if queue is None:
            queue = self.queues[item.key] = deque()
            if item.key not in self.busy:
                self.ready.append(item.key)
                self._signal.release()
        queue.append(item)
        self._count(+1)

    async def room(self) -> None:
        """Wait until fewer than MAX_WAITING updates are waiting."""
        await self._room.wait()

    async def drain(self, timeout: float) -> bool:
        """Wait until everything queued is answered (True) or ``timeout`` passes (False); stop the workers."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
            drained = True
        except asyncio.TimeoutError:
            drained = False
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for item in [*self.urgent, *(i for q in self.queues.values() for i in q)]:
            if not item.done.done():  # whoever waits for it learns it was not answered
                item.done.set_exception(NotAnswered())
        return drained

    def _count(self, delta: int) -> None:
        self.waiting += delta
        if self.waiting:
            self._idle.clear()
        else:
            self._idle.set()
        if self.waiting >= MAX_WAITING:
            self._room.clear()
        else:
            self._room.set()

    async def _work(self) -> None:
        while True:
            await self._signal.acquire()
            if self.urgent:
                item, key = self.urgent.popleft(), None
            else:
                key = self.ready.popleft()
                item = self.queues[key].popleft()
                self.busy.add(key)
            try:
                await self.process(item)
            finally:
                if not item.done.done():
                    item.done.set_result(None)
                if key is not None:
                    self.busy.discard(key)
                    if self.queues[key]:
                        self.ready.append(key)
                        self._signal.release()
                    else:
                        del self.queues[key]
                self._count(-1)


class Runner:
    """Receives updates for ``app`` (polling, or a webhook server), keeps them in ``inbox``, answers them."""

    def __init__(self, app: Application, settings: Settings, inbox: Inbox | None, *, webhook: bool = False,
                 poll_timeout: float = POLL_TIMEOUT_S, workers: int = WORKERS, chat_limit: int = CHAT_LIMIT) -> None:
        self.app = app
        self.bot = app.bot
        self.settings = settings
        self.inbox = inbox
        self.webhook = webhook
        self.poll_timeout = poll_timeout
        self.workers = workers
        self.chat_limit = chat_limit
        self.fatal: str | None = None
        self.offset = 0
        self.stats = {"received": 0, "answered": 0, "duplicates": 0, "dropped": 0, "replayed": 0,
                      "max_loop_lag_ms": 0.0}
        self._stopping = asyncio.Event()
        self._recent: OrderedDict[int, None] = OrderedDict()
        self._done_ids: list[int] = []
        self._done_wake = asyncio.Event()
        self._closing = False
        self._pruned_at = -PRUNE_EVERY_S
        self._tasks: list[asyncio.Task] = []
        self._server: tornado.httpserver.HTTPServer | None = None
        self._beat_at = 0.0
        self._logged: dict[str, float] = {}
        self.scheduler: Scheduler | None = None
        services = app.bot_data.get("services")
        if services is not None:
            services.on_fatal = self.fail

    # --- life cycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        """Tell Telegram where updates go, answer what the inbox kept, and start receiving."""
        self.scheduler = Scheduler(self._process, self._drop, self.workers, self.chat_limit)
        self._touch(force=True)
        self._tasks.append(asyncio.create_task(self._measure_lag(), name="loop-lag"))
        if self.webhook:
            await self.bot.set_webhook(self.settings.webhook_url, secret_token=self.settings.webhook_secret,
                                       allowed_updates=ALLOWED_UPDATES)
        else:
            await self.bot.delete_webhook()
        await self._replay()
        self._tasks.append(self._watch(asyncio.create_task(self._mark_done(), name="inbox-done")))
        if self.webhook:
            self._serve()
            self._tasks.append(self._watch(asyncio.create_task(self._tick(), name="heartbeat")))
        else:
            self._tasks.append(self._watch(asyncio.create_task(self._poll(), name="polling")))

    def stop(self) -> None:
        """Ask the runner to stop (SIGTERM, SIGINT): :meth:`wait` returns."""
        self._stopping.set()

    def fail(self, reason: str) -> None:
        """Stop because the bot cannot go on (the token was rejected, the update loop ended)."""
        if self.fatal is None:
            self.fatal = reason
            log.error(fields(event="fatal", reason=reason))
        self._stopping.set()

    async def wait(self) -> None:
        """Until :meth:`stop` or :meth:`fail`."""
        await self._stopping.wait()

    async def shutdown(self, drain_seconds: float | None = None) -> None:
        """Stop receiving; answer what was fetched within ``drain_seconds``; keep the rest for the next start."""
        self._stopping.set()
        started = time.monotonic()
        receivers = [t for t in self._tasks if t.get_name() in ("polling", "heartbeat")]
        for task in receivers:
            task.cancel()
        await asyncio.gather(*receivers, return_exceptions=True)
        if self._server is not None:
            self._server.stop()
        drain = self.settings.drain_seconds if drain_seconds is None else drain_seconds
        left = self.scheduler.waiting if self.scheduler else 0
        drained = await self.scheduler.drain(drain if self.fatal is None else 0) if self.scheduler else True
        self._closing = True  # the inbox-done task writes what is left, then ends
        self._done_wake.set()
        for task in self._tasks:
            if task.get_name() != "inbox-done":
                task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._flush_done()
        waiting = self.scheduler.waiting if self.scheduler else 0
        if self.inbox is not None:
            with contextlib.suppress(sqlite3.Error, OSError):
                waiting = (await asyncio.to_thread(self.inbox.counts))["pending"]
        if not self.webhook and self.fatal is None:
            with contextlib.suppress(TelegramError):  # confirm what the inbox holds, so it is not sent again
                await self.bot.get_updates(offset=self.offset, timeout=0, limit=1, allowed_updates=ALLOWED_UPDATES)
        if self._server is not None:
            await self._server.close_all_connections()
        log.info(fields(event="stopped", waiting_at_stop=left, drained=drained, kept_for_restart=waiting,
                        seconds=round(time.monotonic() - started, 1), **self.stats))

    def _watch(self, task: asyncio.Task) -> asyncio.Task:
        """A task whose unexpected end stops the bot with its reason."""

        def ended(t: asyncio.Task) -> None:
            if t.cancelled() or self._stopping.is_set():
                return
            exc = t.exception()
            self.fail(f"the update loop stopped: {type(exc).__name__}: {exc}" if exc else "the update loop stopped")

        task.add_done_callback(ended)
        return task

    # --- receiving ----------------------------------------------------------------------------

    async def _poll(self) -> None:
        """Long-poll getUpdates; confirm (next offset) only what the inbox holds or what was answered."""
        backoff = 0.0
        while not self._stopping.is_set():
            await self.scheduler.room()
            try:
                updates = await self.bot.get_updates(offset=self.offset, timeout=self.poll_timeout,
                                                     limit=FETCH_LIMIT, allowed_updates=ALLOWED_UPDATES)
            except InvalidToken:
                self.fail(TOKEN_REJECTED)
                return
            except RetryAfter as exc:
                backoff = exc._retry_after.total_seconds() if hasattr(exc, "_retry_after") else 5.0  # noqa: SLF001
                self._log_once("poll_failed", error=type(exc).__name__, reason=str(exc))
            except TelegramError as exc:  # network, 5xx, 409 Conflict (another poller): retry, slower each time
                backoff = min(MAX_BACKOFF_S, backoff * 2 or 1.0)
                self._log_once("poll_failed", error=type(exc).__name__, reason=str(exc), retry_in_s=backoff)
            else:
                backoff = 0.0
                self._touch()
                if updates:
                    await self._receive(updates, confirm=lambda last=updates[-1].update_id: self._confirm(last))
                continue
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), backoff)

    def _confirm(self, last_id: int) -> None:
        self.offset = max(self.offset, last_id + 1)

    async def _receive(self, updates: list[Update], confirm: Callable[[], None], bodies: list[str] | None = None) -> None:
        """Record ``updates`` in the inbox, confirm them (``confirm``), queue the new ones.

        Without a working inbox they are confirmed only once answered."""
        self.stats["received"] += len(updates)
        fresh: list[Update] = []
        for update in updates:
            if update.update_id in self._recent:
                self.stats["duplicates"] += 1
                continue
            self._recent[update.update_id] = None
            if len(self._recent) > RECENT_IDS:
                self._recent.popitem(last=False)
            fresh.append(update)
        durable = False
        if fresh and self.inbox is not None:
            given = dict(zip((u.update_id for u in updates), bodies)) if bodies else {}

            def record() -> list[int]:  # in a thread: serialising a batch takes ~10 ms of CPU
                return self.inbox.add([(u.update_id, given.get(u.update_id) or json.dumps(u.to_dict()))
                                       for u in fresh])

            try:
                new = set(await asyncio.to_thread(record))
                durable = True
            except (sqlite3.Error, OSError) as exc:
                self._log_once("inbox_failed", error=str(exc), note="updates are confirmed only once answered")
            else:
                self.stats["duplicates"] += len(fresh) - len(new)
                fresh = [u for u in fresh if u.update_id in new]
        items = [self._item(u, durable) for u in fresh]
        for item in items:
            self.scheduler.submit(item)
        if not durable and items:
            results = await asyncio.gather(*(item.done for item in items), return_exceptions=True)
            if any(isinstance(r, BaseException) for r in results):
                raise NotAnswered()  # not confirmed: Telegram sends it again
        confirm()

    async def _replay(self) -> None:
        """Queue the updates the inbox kept from the last run (fetched, confirmed, not answered)."""
        if self.inbox is None:
            return
        try:
            rows = await asyncio.to_thread(self.inbox.pending)
        except (sqlite3.Error, OSError) as exc:
            self._log_once("inbox_failed", error=str(exc))
            return
        def parse() -> list[tuple[int, Update | None]]:  # in a thread: ~0.1 ms an update
            parsed = []
            for update_id, body in rows:
                try:
                    parsed.append((update_id, Update.de_json(clean_json(json.loads(body)), self.bot)))
                except Exception as exc:  # noqa: BLE001 - a row that cannot be read is dropped, not fatal
                    log.warning(fields(event="replay_skipped", update_id=update_id, error=type(exc).__name__))
                    parsed.append((update_id, None))
            return parsed

        for n, (update_id, update) in enumerate(await asyncio.to_thread(parse)):
            if n % 100 == 99:
                await asyncio.sleep(0)  # a long backlog is queued in slices: the loop serves meanwhile
            if update is None:
                self._done_ids.append(update_id)
                continue
            self._recent[update_id] = None
            self.scheduler.submit(self._item(update, True))
        if rows:
            self.stats["replayed"] = len(rows)
            log.info(fields(event="replay", updates=len(rows)))

    def _item(self, update: Update, durable: bool) -> Item:
        message = update.message
        admin = (message is not None and message.text is not None and message.text.startswith("/")
                 and message.from_user is not None and message.from_user.id in self.settings.admin_ids
                 and message.text[1:].split(maxsplit=1)[0].split("@")[0] in ADMIN_COMMANDS) if message else False
        return Item(update, chat_key(update), durable, priority=admin)

    # --- answering ----------------------------------------------------------------------------

    async def _process(self, item: Item) -> None:
        try:
            await self.app.process_update(item.update)
        except Exception as exc:  # noqa: BLE001 - process_update already sent handler errors to on_error
            log.error(fields(event="error", update_id=item.update.update_id, error=type(exc).__name__), exc_info=exc)
        self.stats["answered"] += 1
        self._finished(item)
        self._touch()

    def _drop(self, item: Item, notify: bool) -> None:
        """A chat over its limit: drop the update (it counts as handled); tell the chat once a minute."""
        self.stats["dropped"] += 1
        services = self.app.bot_data.get("services")
        if services is not None:
            services.health["dropped"] += 1
        self._finished(item)
        if not item.done.done():
            item.done.set_result(None)
        chat = item.update.effective_chat
        if notify and chat is not None and item.update.message is not None:
            log.warning(fields(event="chat_flood", chat=chat.type, limit=self.chat_limit))
            pins = services.languages if services is not None else LanguagePins()
            lang = reply_language(pins, item.update.effective_user, item.update.message.text or "")
            asyncio.create_task(self._notify(chat.id, lang))

    async def _notify(self, chat_id: int, lang: str = "en") -> None:
        try:
            await self.bot.send_message(chat_id, render.notice(lang, "one_moment"))
        except TelegramError as exc:
            log.warning(fields(event="notice_failed", error=type(exc).__name__))

    def _finished(self, item: Item) -> None:
        if item.durable:
            self._done_ids.append(item.update.update_id)
            self._done_wake.set()

    async def _mark_done(self) -> None:
        """Mark answered updates done in the inbox, in batches (a thread does the writing)."""
        while not (self._closing and not self._done_ids):
            await self._done_wake.wait()
            self._done_wake.clear()
            await self._flush_done()

    async def _flush_done(self) -> None:
        ids, self._done_ids = self._done_ids, []
        if not ids or self.inbox is None:
            return
        prune = time.monotonic() - self._pruned_at >= PRUNE_EVERY_S
        try:
            await asyncio.to_thread(self.inbox.done, ids)
            if prune:  # done rows are kept a day (to recognise updates delivered again), then forgotten
                self._pruned_at = time.monotonic()
                await asyncio.to_thread(self.inbox.prune)
        except (sqlite3.Error, OSError) as exc:  # answered again after a restart: a duplicate, not a loss
            self._log_once("inbox_failed", error=str(exc))

    # --- webhook ------------------------------------------------------------------------------

    def _serve(self) -> None:
        app = tornado.web.Application([(rf"{self.settings.webhook_path.rstrip('/')}/?", WebhookHandler,
                                        {"runner": self})])
        # tornado closes a connection whose body passes max_body_size; the handler answers 413 just before
        self._server = tornado.httpserver.HTTPServer(app, max_body_size=MAX_BODY_BYTES + 65_536,
                                                     idle_connection_timeout=60, body_timeout=30)
        self._server.listen(self.settings.webhook_port, self.settings.webhook_listen)

    async def receive_webhook(self, update: Update, body: str) -> None:
        """One update posted to the webhook: recorded (or answered) before Telegram gets its 200."""
        self._touch()
        await self._receive([update], confirm=lambda: None, bodies=[body])

    async def _measure_lag(self) -> None:
        """The longest the event loop was held up (how late a 20 ms sleep wakes), for the stop log line."""
        while True:
            started = time.perf_counter()
            await asyncio.sleep(LAG_PROBE_S)
            lag = (time.perf_counter() - started - LAG_PROBE_S) * 1000
            if lag > self.stats["max_loop_lag_ms"]:
                self.stats["max_loop_lag_ms"] = round(lag, 1)

    async def _tick(self) -> None:
        """Webhook mode: touch the heartbeat while Telegram can deliver to us. Every minute getWebhookInfo
        tells whether the webhook is still ours and delivering; if not, the heartbeat goes stale (the
        health check turns unhealthy) and the reason is logged."""
        delivering, checked = True, -WEBHOOK_CHECK_S
        while True:
            if time.monotonic() - checked >= WEBHOOK_CHECK_S:
                checked = time.monotonic()
                delivering = await self._webhook_delivers()
            if delivering:
                self._touch(force=True)
            await asyncio.sleep(HEARTBEAT_EVERY_S)

    async def _webhook_delivers(self) -> bool:
        try:
            info = await self.bot.get_webhook_info()
        except InvalidToken:
            self.fail(TOKEN_REJECTED)
            return False
        except TelegramError as exc:
            self._log_once("webhook_check_failed", error=type(exc).__name__, reason=str(exc))
            return False
        if info.url != self.settings.webhook_url:
            self._log_once("webhook_gone", url=info.url or None, note="another bot set or deleted the webhook")
            return False
        last_error = info.last_error_date.timestamp() if info.last_error_date else 0.0
        if info.pending_update_count and time.time() - last_error < WEBHOOK_ERROR_WINDOW_S:
            self._log_once("webhook_failing", pending=info.pending_update_count, error=info.last_error_message)
            return False
        return True

    # --- small things -------------------------------------------------------------------------

    def _touch(self, force: bool = False) -> None:
        """Touch the heartbeat file (at most every few seconds)."""
        now = time.monotonic()
        if not force and now - self._beat_at < HEARTBEAT_EVERY_S:
            return
        self._beat_at = now
        path = self.settings.heartbeat_path
        try:
            try:
                os.utime(path)
            except FileNotFoundError:
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
        except OSError as exc:
            self._log_once("heartbeat_failed", error=str(exc))

    def _log_once(self, event: str, **values: object) -> None:
        """Log ``event`` at most once a minute."""
        now = time.monotonic()
        if now - self._logged.get(event, -LOG_EVERY_S) >= LOG_EVERY_S:
            self._logged[event] = now
            log.warning(fields(event=event, **values))


def clean_json(value: object) -> object:
    """``value`` (parsed JSON) with lone UTF-16 surrogates in every string replaced by U+FFFD: JSON can
    carry them (``"\\ud800"``), and nothing can encode them (a reply, a log line, an entity offset)."""
    if isinstance(value, str):
        return without_surrogates(value)
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    if isinstance(value, dict):
        return {k: clean_json(v) for k, v in value.items()}
    return value


class CleanJsonRequest(HTTPXRequest):
    """The getUpdates connection: update texts are cleaned of lone surrogates before anything reads them."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict:
        data = HTTPXRequest.parse_json_payload(payload)
        return clean_json(data) if b"\\u" in payload else data  # only escapes can make a lone surrogate


def chat_key(update: Update) -> Hashable:
    """Where an update queues: its private chat; in groups the chat and the sender; inline queries per user."""
    chat, user = update.effective_chat, update.effective_user
    if chat is not None:
        if chat.type == ChatType.PRIVATE or user is None:
            return chat.id
        return (chat.id, user.id)
    if user is not None:
        return ("user", user.id)
    return ("update", update.update_id)


@tornado.web.stream_request_body
class WebhookHandler(tornado.web.RequestHandler):
    """POSTs from Telegram: the secret and the size are checked from the headers, before any body is read."""

    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(self, runner: Runner) -> None:
        self.runner = runner
        self.chunks: list[bytes] = []
        self.size = 0
        self.refused: HTTPStatus | None = None

    def prepare(self) -> None:
        length = self.request.headers.get("Content-Length", "")
        if length and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)  # answered now; nothing is read
        secret = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        expected = self.runner.settings.webhook_secret or ""
        if not hmac.compare_digest(secret.encode(), expected.encode()):
            self.refused = HTTPStatus.FORBIDDEN
        elif self.request.headers.get("Content-Type") != "application/json":
            self.refused = HTTPStatus.FORBIDDEN

    def data_received(self, chunk: bytes) -> None:
        if self._finished or self.refused:
            return  # a refused body (at most 1 MB) is read and dropped chunk by chunk, never kept
        self.size += len(chunk)
        if self.size > MAX_BODY_BYTES:
            self.chunks = []
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        self.chunks.append(chunk)

    async def post(self) -> None:
        if self.refused:
            raise tornado.web.HTTPError(self.refused)
        body = b"".join(self.chunks).decode("utf-8", "replace")
        self.chunks = []
        try:
            update = Update.de_json(clean_json(json.loads(body)), self.runner.bot)
        except Exception:  # noqa: BLE001 - not an update: nothing to answer
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        try:
            await self.runner.receive_webhook(update, body)
        except NotAnswered:  # stopping, and the inbox could not keep it: Telegram retries later
            raise tornado.web.HTTPError(HTTPStatus.SERVICE_UNAVAILABLE) from None
        self.set_status(HTTPStatus.OK)
        self.finish()

    def log_exception(self, typ, value, tb) -> None:  # noqa: ANN001 - tornado's signature
        """Request errors (403, 413, 400) are the client's; nothing to log."""

    def write_error(self, status_code: int, **kwargs: object) -> None:
        self.finish()
