"""Figures for the README: the bot under faults, end to end against the fake Bot API (prints them).

    python tests/bench_faults.py [--backlog 1500] [--flood 600]

1. kill -9 while a backlog of ``--backlog`` updates (500 chats, 3 each) is being answered, then a
   restart: updates lost, and answered twice.
2. SIGTERM with the same backlog and the production rate limit (Telegram's ~30 messages a second):
   how many are answered within the drain, how many kept for the next start, lost after it.
3. Webhook: the bot's memory after 4 unauthenticated 90 MB POSTs (and one authenticated).
4. One chat sends ``--flood`` messages; 20 other users ask during the flood: their worst wait.
   The journal is locked by another process meanwhile. The bot's worst event-loop stall is read
   from its stop line (``max_loop_lag_ms``: how late a 20 ms sleep woke up).
5. Engine time of inline queries (up to six questions answered for the five results).

The bot runs as ``python -m bot run`` in a child process (rate limiter off unless said), the fake
server in this process, all on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from bot.engine import Engine  # noqa: E402
from bot.telegram import handlers  # noqa: E402
from fake_bot_api import (  # noqa: E402
    SENTINEL_CHAT,
    TOKEN,
    FakeBotApi,
    inline_query,
    message,
    private_chat,
    user,
)
from test_telegram_faults import post_huge, rss_mb  # noqa: E402

QUESTIONS = ["When did Hama fall?", "and Aleppo?", "Who is the Pope?", "What happened in Idlib?",
             "When was Operation Dawn of Freedom launched?", "Who did it?"]


def env_for(tmp: Path, api: FakeBotApi, **values: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp), "PYTHONPATH": str(REPO),
            "BOT_STATE_DIR": str(tmp / "state"), "BOT_DB_PATH": str(tmp / "facts.sqlite"),
            "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": api.base_url, "BOT_RATE_LIMIT": "0", **values}


async def start(env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", *args, cwd=REPO, env=env,
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)


def replies(api: FakeBotApi) -> collections.Counter:
    return collections.Counter(c.chat_id for c in api.calls_to("sendMessage") if c.chat_id != SENTINEL_CHAT)


async def until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not predicate():
        await asyncio.sleep(0.05)
    return predicate()


def push_backlog(api: FakeBotApi, n: int, chats: int = 500) -> int:
    per_chat = n // chats
    for i in range(per_chat):
        for chat in range(chats):
            api.push({"message": message(QUESTIONS[i % len(QUESTIONS)], private_chat(10_000 + chat), user(10_000 + chat))})
    return per_chat


def lag(err: bytes) -> str:
    """The bot's ``max_loop_lag_ms`` from its stop line."""
    text = err.decode()
    return text.split("max_loop_lag_ms=")[1].split()[0] if "max_loop_lag_ms=" in text else "?"


def lost_and_twice(api: FakeBotApi, chats: int, per_chat: int) -> tuple[int, int]:
    counts = replies(api)
    lost = sum(max(0, per_chat - counts[10_000 + c]) for c in range(chats))
    return lost, sum(counts.values()) - chats * per_chat


async def kill_9(backlog: int) -> None:
    api = await FakeBotApi().start()
    tmp = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    per_chat = push_backlog(api, backlog)
    env = env_for(tmp, api)
    proc = await start(env)
    await until(lambda: sum(replies(api).values()) >= backlog // 5, 60)
    proc.kill()
    await proc.wait()
    before = sum(replies(api).values())
    proc = await start(env)
    await until(lambda: lost_and_twice(api, 500, per_chat)[0] == 0, 120)
    proc.send_signal(signal.SIGTERM)
    _, err = await proc.communicate()
    lost, twice = lost_and_twice(api, 500, per_chat)
    print(f"kill -9 during a backlog of {backlog} ({before} answered before the kill): lost {lost}, "
          f"answered twice {twice}; after the restart the event loop's worst stall was {lag(err)} ms")
    await api.stop()


async def sigterm(backlog: int) -> None:
    api = await FakeBotApi().start()
    tmp = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    per_chat = push_backlog(api, backlog)
    proc = await start(env_for(tmp, api, BOT_RATE_LIMIT="1"))  # Telegram's pace: ~30 messages a second
    await until(lambda: sum(replies(api).values()) >= 30, 60)
    await asyncio.sleep(1.5)  # everything fetched and queued
    at_term = sum(replies(api).values())
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _, err = await proc.communicate()
    took = time.monotonic() - started
    drained = sum(replies(api).values()) - at_term
    kept = err.decode().split("kept_for_restart=")[1].split()[0] if b"kept_for_restart=" in err else "?"
    proc = await start(env_for(tmp, api))
    await until(lambda: lost_and_twice(api, 500, per_chat)[0] == 0, 120)
    proc.send_signal(signal.SIGTERM)
    await proc.communicate()
    lost, twice = lost_and_twice(api, 500, per_chat)
    print(f"SIGTERM during a backlog of {backlog}, rate limit on: exited after {took:.1f} s (BOT_DRAIN_SECONDS 15, "
          f"stop grace 20 s), answered {drained} while draining, kept {kept} for the restart; "
          f"after the restart lost {lost}, answered twice {twice}")
    await api.stop()


async def webhook_memory() -> None:
    api = await FakeBotApi().start()
    tmp = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    port = 18_000 + os.getpid() % 1000
    proc = await start(env_for(tmp, api, WEBHOOK_URL="https://bot.example.org/hook", WEBHOOK_SECRET="s3cret_x",
                               WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port)), "--webhook")
    await api.wait_for("setWebhook", timeout=30)
    await asyncio.sleep(0.5)
    before = rss_mb(proc.pid)
    statuses = [await post_huge(port, "/hook", 90 << 20, None) for _ in range(4)]
    statuses.append(await post_huge(port, "/hook", 90 << 20, "s3cret_x"))
    statuses.append(await post_huge(port, "/hook", 90 << 20, None, chunked=True))
    after, peak = rss_mb(proc.pid), rss_mb(proc.pid, "VmHWM")
    proc.send_signal(signal.SIGTERM)
    await proc.communicate()
    print(f"webhook: 4 unauthenticated + 1 authenticated 90 MB POSTs (Content-Length) and 1 chunked: "
          f"statuses {statuses}; bot RSS {before:.1f} MB before, {after:.1f} MB after, peak {peak:.1f} MB")
    await api.stop()


async def flood(n: int) -> None:
    api = await FakeBotApi().start()
    tmp = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    proc = await start(env_for(tmp, api, BOT_RATE_LIMIT="1"))
    await api.wait_for("deleteWebhook", timeout=30)
    await asyncio.sleep(0.3)
    locker = sqlite3.connect(tmp / "state" / "journal.sqlite", isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # and the journal is locked by another process all along
    for i in range(n):
        api.push({"message": message(f"When did Hama fall? {i}", private_chat(1), user(1))})
    waits = []
    for other in range(20):
        mark = len(api.calls)
        started = time.monotonic()
        api.push({"message": message("When did Aleppo fall?", private_chat(500 + other), user(500 + other))})
        await api.wait_for("sendMessage", lambda c, o=other: c.chat_id == 500 + o, since=mark, timeout=60)
        waits.append(time.monotonic() - started)
        api.push({"inline_query": inline_query("when did hama fall", user(500 + other))})
        await asyncio.sleep(0.05)
    await api.wait_for("answerInlineQuery", count=20, timeout=60)
    flooder = [c.text for c in api.calls_to("sendMessage") if c.chat_id == 1]
    locker.execute("ROLLBACK")
    locker.close()
    proc.send_signal(signal.SIGTERM)
    _, err = await proc.communicate()
    print(f"flood: one chat sent {n} messages, the journal locked by another process; 20 other users asked "
          f"(and sent inline queries) during it: worst wait {max(waits) * 1000:.0f} ms, median "
          f"{statistics.median(waits) * 1000:.0f} ms (rate limit on); the flooding chat got {len(flooder)} replies "
          f"(one the 'one moment' notice); the bot's event loop stalled at most {lag(err)} ms")
    await api.stop()


async def inline_time() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    engine = Engine.open(REPO / "knowledge", tmp / "facts.sqlite")
    times = []
    for q in QUESTIONS * 50 + [""] * 20:
        started = time.perf_counter()
        best = engine.ask(q) if q else None
        if best is None:
            handlers._inline_suggestions(engine)
        elif best.answered:
            handlers._inline_answers(engine, best)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"inline query, engine work on the event loop: p50 {times[len(times) // 2]:.2f} ms, "
          f"p99 {times[int(len(times) * 0.99)]:.2f} ms, max {times[-1]:.2f} ms")



async def main(args: argparse.Namespace) -> None:
    await kill_9(args.backlog)
    await sigterm(args.backlog)
    await webhook_memory()
    await flood(args.flood)
    await inline_time()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backlog", type=int, default=1500)
    parser.add_argument("--flood", type=int, default=600)
    asyncio.run(main(parser.parse_args()))
