"""Benchmark of the Telegram front end, end to end over HTTP: updates per second and memory (prints figures).

    python tests/bench_telegram.py [--updates 3000] [--chats 10000]

The fake Bot API server (tests/fake_bot_api.py) runs in its own process on 127.0.0.1 and on the
other CPU core, so the figures are the bot's alone; the bot process is pinned to one core, the
rate limiter is off. Phase 1 pushes ``--updates`` private questions from 500 chats (follow-ups
included) and times them until every reply has reached the server. Phase 2 has ``--chats``
distinct chats ask one question each (in batches of 1,000) and reports the bot's memory.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from bot.engine import Engine  # noqa: E402
from bot.journal import Journal  # noqa: E402
from bot.telegram.settings import Settings  # noqa: E402
from fake_bot_api import TOKEN, message, private_chat, running_bot, user  # noqa: E402

QUESTIONS = [
    "When did Hama fall?", "and Aleppo?", "Who did it?", "When did the fighting first break out?",
    "What happened in Idlib?", "Who is the Pope?", "When was Operation Dawn of Freedom launched?",
    "Where were the opposition forces advancing to?", "What did the Southern Operations Room say?",
    "how many days between the start and the fall of Hama?", "hello", "What is the price of bitcoin?",
]
BATCH = 1000


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Resident memory of this process now."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def cpu_seconds() -> float:
    """User plus system CPU time of this process."""
    t = os.times()
    return t.user + t.system


def updates(n: int, chats: int, first_chat: int) -> list[dict]:
    """``n`` private questions from ``chats`` chats in turn, each chat going through QUESTIONS."""
    out = []
    for i in range(n):
        chat_id = first_chat + i % chats
        text = QUESTIONS[(i // chats + chat_id) % len(QUESTIONS)]
        out.append({"message": message(text, private_chat(chat_id), user(chat_id))})
    return out


class Server:
    """The fake Bot API in a child process: push updates, count the bot's replies."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.replies = 0

    async def deliver(self, batch: list[dict]) -> None:
        """Push ``batch`` and wait until the bot has sent one reply per update."""
        (await self.client.post("/_fake/push", content=json.dumps(batch))).raise_for_status()
        self.replies += len(batch)
        while (await self.client.get("/_fake/count", params={"method": "sendMessage"})).json()["count"] < self.replies:
            await asyncio.sleep(0.05)


async def timed(server: Server, batches: list[list[dict]]) -> tuple[float, float]:
    """Wall and bot CPU seconds to deliver ``batches`` one after the other."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    for batch in batches:
        await server.deliver(batch)
    return time.perf_counter() - wall, cpu_seconds() - cpu


async def baseline(bot: Any, n: int = 1000) -> None:
    """The ceiling the library sets: bare ``send_message`` calls, 16 at a time, against the same server."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    for i in range(0, n, 16):
        await asyncio.gather(*(bot.send_message(1, f"baseline {j}") for j in range(i, i + 16)))
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    print(f"baseline: python-telegram-bot send_message alone: {n / wall:.0f} messages/s "
          f"({cpu / n * 1000:.1f} ms of CPU each)")


async def bench(n_updates: int, n_chats: int) -> None:
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    child = subprocess.Popen([sys.executable, str(HERE / "fake_bot_api.py")], stdout=subprocess.PIPE, text=True)
    others = set(range(os.cpu_count() or 1)) - {core}
    if others:
        os.sched_setaffinity(child.pid, others)
    port = int(child.stdout.readline())
    tmp = Path(tempfile.mkdtemp(prefix="bench-telegram-"))
    try:
        engine = Engine.open(REPO / "knowledge", tmp / "facts.sqlite")
        journal = Journal(tmp / "journal.sqlite")
        settings = Settings(token=TOKEN, base_url=f"http://127.0.0.1:{port}/bot", state_dir=tmp)
        async with running_bot(settings, engine, journal) as app, \
                httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            server = Server(client)
            await baseline(app.bot)
            server.replies = (await client.get("/_fake/count", params={"method": "sendMessage"})).json()["count"]
            await server.deliver(updates(500, 50, 1))  # warm-up
            rss_ready = rss_mb()

            wall, cpu = await timed(server, [updates(n_updates, 500, 1_000)])
            print(f"throughput: {n_updates} updates from 500 chats: {n_updates / wall:.0f} updates/s "
                  f"({wall:.1f} s; bot CPU {cpu:.1f} s = {n_updates / cpu:.0f} updates per CPU-second)")

            distinct = updates(n_chats, n_chats, 100_000)
            wall, cpu = await timed(server, [distinct[i:i + BATCH] for i in range(0, n_chats, BATCH)])
            print(f"throughput: {n_chats} distinct chats: {n_chats / wall:.0f} updates/s "
                  f"({wall:.1f} s; bot CPU {cpu:.1f} s = {n_chats / cpu:.0f} updates per CPU-second)")
            contexts = len(app.bot_data["services"].contexts)
        print(f"memory: RSS {rss_ready:.0f} MB after warm-up; after {n_chats} distinct chats asked: "
              f"RSS {rss_mb():.0f} MB, peak RSS {peak_rss_mb():.0f} MB ({contexts} chat contexts kept)")
        print(f"journal: {journal.totals()}; sniffio installed: {importlib.util.find_spec('sniffio') is not None}")
    finally:
        child.terminate()
        child.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=3000, help="phase 1: updates from 500 chats")
    parser.add_argument("--chats", type=int, default=10_000, help="phase 2: distinct chats asking once")
    args = parser.parse_args()
    asyncio.run(bench(args.updates, args.chats))


if __name__ == "__main__":
    main()
