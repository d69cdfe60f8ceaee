"""A fake Telegram Bot API server on 127.0.0.1, written from the Bot API documentation.

Clients POST to ``{base_url}{token}/{method}`` with form-encoded parameters (non-string
values JSON-encoded, as python-telegram-bot sends them) or a JSON body; every reply is
``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": ..., "description": ...}``.
``getUpdates`` long-polls a queue that tests fill with :meth:`FakeBotApi.push`; every other
call is recorded so tests can await and inspect it. Runs on the caller's asyncio loop (tornado),
or standalone (``python tests/fake_bot_api.py [PORT]``, driven over ``/_fake/...``) for the
benchmark. :func:`running_bot` runs the bot's real Application against it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijklmn"
BOT_ID = 123456789
BOT_USERNAME = "OffensiveFactBot"
SENTINEL_CHAT = 999_999

_CHAT_KINDS = ("private", "group", "supergroup", "channel")


@dataclass
class Call:
    """One request the bot made: the method, its raw parameters, what the fake returned, and when."""

    method: str
    params: dict[str, str]
    result: Any = None
    at: float = field(default_factory=time.monotonic)
    files: dict[str, bytes] = field(default_factory=dict)  # multipart uploads (sendPhoto), by field name

    def __getitem__(self, name: str) -> str:
        return self.params[name]

    def get(self, name: str, default: str | None = None) -> str | None:
        """A raw parameter, or ``default``."""
        return self.params.get(name, default)

    def json(self, name: str) -> Any:
        """A parameter decoded from JSON (objects, arrays, numbers, booleans), or None if absent."""
        raw = self.params.get(name)
        return None if raw is None else json.loads(raw)

    @property
    def chat_id(self) -> int | None:
        """The ``chat_id`` parameter as a number."""
        raw = self.params.get("chat_id")
        return None if raw is None else int(raw)

    @property
    def text(self) -> str:
        """The ``text`` parameter (empty if absent)."""
        return self.params.get("text", "")

    @property
    def buttons(self) -> list[dict]:
        """The inline keyboard buttons of ``reply_markup``, row by row, flattened."""
        markup = self.json("reply_markup") or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]


class FakeBotApi:
    """The fake server: start it, point the bot's ``base_url`` at :attr:`base_url`, push updates."""

    def __init__(self, token: str = TOKEN, username: str = BOT_USERNAME, bot_id: int = BOT_ID) -> None:
        self.token = token
        self.me = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Offensive Fact Bot",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self.calls: list[Call] = []
        self.webhook: dict[str, str] = {}
        #: extra getWebhookInfo fields, e.g. a delivery error: {"last_error_date": ..., "pending_update_count": 3}
        self.webhook_trouble: dict[str, Any] = {}
        self.poll_timeout = 1.0
        self.port = 0
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(10_000)
        self._chats: dict[int, dict] = {}
        self._failures: dict[str, list[dict]] = {}
        self._file_ids = itertools.count(1)
        self._waiters: set[asyncio.Future[None]] = set()
        self._closing = False
        self._server: tornado.httpserver.HTTPServer | None = None

    @property
    def base_url(self) -> str:
        """What to pass as the bot's ``base_url`` (the token is appended to it)."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self, port: int = 0) -> FakeBotApi:
        """Listen on 127.0.0.1 (a free port unless ``port`` is given)."""
        app = tornado.web.Application([
            (r"/bot([^/]+)/(\w+)", _MethodHandler, {"api": self}),
            (r"/_fake/(push|count)", _ControlHandler, {"api": self}),
        ])
        sockets = tornado.netutil.bind_sockets(port, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        self._server = tornado.httpserver.HTTPServer(app)
        self._server.add_sockets(sockets)
        return self

    async def stop(self) -> None:
        """Stop listening; pending long polls return at once."""
        self._closing = True
        self._wake()
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()

    # --- what tests do -------------------------------------------------------------

    def push(self, update: dict) -> int:
        """Queue an update for getUpdates (``update_id`` is assigned if missing); its id."""
        update.setdefault("update_id", next(self._update_ids))
        for chat in _chats_in(update):
            self._chats[chat["id"]] = chat
        self._updates.append(update)
        self._wake()
        return update["update_id"]

    def fail_next(self, method: str, error_code: int, description: str, **parameters: Any) -> None:
        """Make the next call of ``method`` fail as Telegram would (e.g. 429 with retry_after=1)."""
        error: dict[str, Any] = {"ok": False, "error_code": error_code, "description": description}
        if parameters:
            error["parameters"] = parameters
        self._failures.setdefault(method, []).append(error)

    def calls_to(self, method: str, where: Callable[[Call], bool] | None = None, since: int = 0) -> list[Call]:
        """Recorded calls of ``method`` (from index ``since``; only those ``where`` accepts)."""
        return [c for c in self.calls[since:] if c.method == method and (where is None or where(c))]

    async def wait_for(
        self,
        method: str,
        where: Callable[[Call], bool] | None = None,
        count: int = 1,
        timeout: float = 5.0,
        since: int = 0,
    ) -> list[Call]:
        """Wait until ``count`` matching calls of ``method`` were made; all matching calls."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls_to(method, where, since)
            if len(found) >= count:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                seen = ", ".join(c.method for c in self.calls[-10:])
                raise AssertionError(f"{count} x {method} not called within {timeout}s (last calls: {seen})")
            await self._wait(left)

    async def send(
        self, update: dict, method: str = "sendMessage", where: Callable[[Call], bool] | None = None
    ) -> Call:
        """Push ``update`` and wait for the first ``method`` call the bot makes after it."""
        mark = len(self.calls)
        self.push(update)
        return (await self.wait_for(method, where, since=mark))[0]

    async def settle(self) -> None:
        """Wait until the bot has handled everything pushed so far (a /help from a sentinel chat is answered)."""
        await self.send({"message": message("/help", private_chat(SENTINEL_CHAT))}, where=lambda c: c.chat_id == SENTINEL_CHAT)

    def sent_to(self, chat_id: int, since: int = 0) -> list[Call]:
        """Every message-sending call to ``chat_id`` (not counting the sentinel's)."""
        return [c for c in self.calls[since:] if c.method.startswith("send") and c.chat_id == chat_id]

    # --- the Bot API ---------------------------------------------------------------

    async def handle(self, token: str, method: str, params: dict[str, str],
                     files: dict[str, bytes] | None = None) -> tuple[int, dict]:
        """The HTTP status and JSON body for one Bot API call (``files``: multipart uploads)."""
        files = files or {}
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        failures = self._failures.get(method)
        if failures:
            error = failures.pop(0)
            self._record(Call(method, params, error, files=files))
            return error["error_code"], error
        if method == "getUpdates":
            return 200, {"ok": True, "result": await self._get_updates(params)}
        result = self._result(method, params, files)
        self._record(Call(method, params, result, files=files))
        return 200, {"ok": True, "result": result}

    async def _get_updates(self, params: dict[str, str]) -> list[dict]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = min(float(params.get("timeout") or 0), self.poll_timeout)
        deadline = time.monotonic() + timeout
        while not self._updates and not self._closing and time.monotonic() < deadline:
            await self._wait(deadline - time.monotonic())
        return self._updates[:limit]

    def _result(self, method: str, params: dict[str, str], files: dict[str, bytes] | None = None) -> Any:
        if method == "getMe":
            return self.me
        if method == "sendPhoto" and "chat_id" in params:
            # an upload gets a new file_id; a file_id sent again is echoed, as Telegram does
            file_id = params.get("photo") if "photo" not in (files or {}) else f"photo-{next(self._file_ids)}"
            message = self._message(int(params["chat_id"]), params)
            message["photo"] = [{"file_id": f"{file_id}-small", "file_unique_id": f"u-{file_id}-s", "width": 90,
                                 "height": 90},
                                {"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 1280, "height": 1280}]
            if "caption" in params:
                message["caption"] = params["caption"]
            return message
        if method in ("sendMessage", "editMessageText") and "chat_id" in params:
            message = self._message(int(params["chat_id"]), params)
            message["text"] = params.get("text", "")
            return message
        if method == "setWebhook":
            self.webhook = dict(params)
        if method == "deleteWebhook":
            self.webhook = {}
        if method == "getWebhookInfo":
            return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0,
                    **self.webhook_trouble}
        if method == "getMyCommands":
            return []
        return True

    def _message(self, chat_id: int, params: dict[str, str]) -> dict:
        """A Message the bot sent to ``chat_id`` (without its text or photo)."""
        chat = self._chats.get(chat_id, {"id": chat_id, "type": "private", "first_name": "User"})
        message = {
            "message_id": int(params.get("message_id") or next(self._message_ids)),
            "date": int(time.time()),
            "chat": chat,
            "from": {k: self.me[k] for k in ("id", "is_bot", "first_name", "username")},
        }
        if "reply_markup" in params:
            message["reply_markup"] = json.loads(params["reply_markup"])
        return message

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._wake()

    def _wake(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def _wait(self, timeout: float) -> None:
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
        except asyncio.TimeoutError:
            pass
        finally:
            self._waiters.discard(waiter)


class _MethodHandler(tornado.web.RequestHandler):
    """Decodes one Bot API request (form, query string or JSON body) and writes the JSON reply."""

    def initialize(self, api: FakeBotApi) -> None:
        self.api = api

    async def post(self, token: str, method: str) -> None:
        if self.request.headers.get("Content-Type", "").startswith("application/json") and self.request.body:
            params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in json.loads(self.request.body).items()}
        else:  # form fields, from a urlencoded or a multipart body (tornado parses both)
            params = {k: self.decode_argument(v[-1]) for k, v in self.request.arguments.items()}
        files = {name: parts[-1]["body"] for name, parts in self.request.files.items()}
        for name, part in files.items():  # python-telegram-bot names uploads attach://NAME
            params.setdefault(name, f"<upload of {len(part)} bytes>")
        status, body = await self.api.handle(token, method, params, files)
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))

    get = post


class _ControlHandler(tornado.web.RequestHandler):
    """For a fake server in another process: ``POST /_fake/push`` (a JSON list of updates) and
    ``GET /_fake/count?method=sendMessage`` (how many such calls were made)."""

    def initialize(self, api: FakeBotApi) -> None:
        self.api = api

    def post(self, action: str) -> None:
        updates = json.loads(self.request.body)
        for update in updates:
            self.api.push(update)
        self.finish({"pushed": len(updates)})

    def get(self, action: str) -> None:
        self.finish({"count": len(self.api.calls_to(self.get_argument("method")))})


def _chats_in(update: dict) -> list[dict]:
    """The chat objects an update mentions (so sendMessage replies carry the right chat type)."""
    chats = []
    for value in update.values():
        if isinstance(value, dict):
            if "chat" in value:
                chats.append(value["chat"])
            if isinstance(value.get("message"), dict) and "chat" in value["message"]:
                chats.append(value["message"]["chat"])
    return [c for c in chats if c.get("type") in _CHAT_KINDS]


# --- building updates ------------------------------------------------------------------

_counter = itertools.count(1)


def user(user_id: int = 1001, first_name: str = "Alice") -> dict:
    """A Telegram User object."""
    return {"id": user_id, "is_bot": False, "first_name": first_name}


def private_chat(user_id: int = 1001) -> dict:
    """The private chat with user ``user_id``."""
    return {"id": user_id, "type": "private", "first_name": "Alice"}


def group_chat(chat_id: int = -100200300, kind: str = "supergroup") -> dict:
    """A group (or supergroup) chat."""
    return {"id": chat_id, "type": kind, "title": "Test group"}


def message(
    text: str | None,
    chat: dict | None = None,
    sender: dict | None = None,
    *,
    entities: list[dict] | None = None,
    reply_to: dict | None = None,
    **extra: Any,
) -> dict:
    """A Message object; ``/command`` texts get their bot_command entity automatically."""
    chat = chat or private_chat()
    msg: dict[str, Any] = {
        "message_id": next(_counter),
        "date": int(time.time()),
        "chat": chat,
        "from": sender or user(chat["id"] if chat["type"] == "private" else 1001),
    }
    if text is not None:
        msg["text"] = text
        if entities is None and text.startswith("/"):
            entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        if entities:
            msg["entities"] = entities
    if reply_to is not None:
        msg["reply_to_message"] = reply_to
    msg.update(extra)
    return msg


def mention_entity(text: str, mention: str) -> dict:
    """The ``mention`` entity for ``mention`` (e.g. ``@Bot``) inside ``text`` (BMP text assumed)."""
    return {"type": "mention", "offset": text.index(mention), "length": len(mention)}


def callback_query(data: str, on_message: dict, sender: dict | None = None) -> dict:
    """A CallbackQuery pressed on the bot's message ``on_message``."""
    return {
        "id": str(next(_counter)),
        "from": sender or user(),
        "chat_instance": "ci-1",
        "message": on_message,
        "data": data,
    }


def inline_query(query: str, sender: dict | None = None) -> dict:
    """An InlineQuery typed in some chat."""
    return {"id": str(next(_counter)), "from": sender or user(), "query": query, "offset": "", "chat_type": "sender"}


def sent_message(call: Call) -> dict:
    """The Message the fake API returned for a recorded sendMessage, as a later update carries it."""
    assert isinstance(call.result, dict), f"{call.method} returned {call.result!r}, not a message"
    return call.result


# --- running the real Application against the fake ---------------------------------------


@contextlib.asynccontextmanager
async def running_bot(
    settings: Any,
    engine: Any,
    journal: Any,
    *,
    webhook: bool = False,
    rate_limit: bool = False,
    inbox: Any = "default",
    poll_timeout: float = 1.0,
    **runner_options: Any,
) -> AsyncIterator[Any]:
    """The bot's Application with its Runner, started as ``run`` starts it (post_init, replay, polling or
    webhook server), then shut down (drained). The Runner is ``app.bot_data["runner"]``; ``inbox`` is the
    settings' inbox file unless given (None: no inbox, the degraded mode of an unwritable state folder)."""
    from bot.inbox import Inbox
    from bot.telegram.app import build_application
    from bot.telegram.runner import Runner

    own_inbox = inbox == "default"
    if own_inbox:
        inbox = Inbox(settings.inbox_path)
    app = build_application(settings, engine, journal, rate_limit=rate_limit)
    async with contextlib.AsyncExitStack() as stack:
        if own_inbox:
            stack.callback(inbox.close)
        await stack.enter_async_context(app)
        runner = Runner(app, settings, inbox, webhook=webhook, poll_timeout=poll_timeout, **runner_options)
        app.bot_data["runner"] = runner
        await app.post_init(app)
        await runner.start()
        try:
            yield app
        finally:
            await runner.shutdown(drain_seconds=5)


async def _serve(port: int) -> None:
    api = await FakeBotApi().start(port)
    print(api.port, flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":  # a standalone fake server (the benchmark runs one): prints its port
    import sys

    asyncio.run(_serve(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
