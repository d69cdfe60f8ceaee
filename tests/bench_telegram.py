"""Benchmark of the Telegram front end end to end: updates per second and peak memory (prints figures).

    python tests/bench_telegram.py [--updates 5000] [--chats 10000]

The fake Bot API server (tests/fake_bot_api.py) runs in its own process on 127.0.0.1, so the
figures are the bot's alone; the bot process is pinned to one CPU core, rate limiter off.
Phase 1 pushes ``--updates`` private questions from 500 chats (with follow-ups) and times
them until every reply reached the server. Phase 2 has ``--chats`` distinct chats ask one
question each, then reports the peak RSS of the bot process.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from bot.engine import Engine  # noqa: E402
from bot.journal import Journal  # noqa: E402
from bot.telegram.settings import Settings  # noqa: E402
from fake_bot_api import TOKEN, message, private_chat, user  # noqa: E402

QUESTIONS = [
    "When did Hama fall?", "and Aleppo?", "Who did it?", "When did the fighting first break out?",
    "What happened in Idlib?", "Who is the Pope?", "When was Operation Dawn of Freedom launched?",
    "Where were the opposition forces advancing to?", "What did the Southern Operations Room say?",
    "how many days between the start and the fall of Hama?", "hello", "What is the price of bitcoin?",
]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Resident memory of this process now."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def updates(n: int, chats: int, first_chat: int) -> list[dict]:
    """``n`` private questions from ``chats`` chats in turn, cycling through QUESTIONS."""
    out = []
    for i in range(n):
        chat_id = first_chat + i % chats
        out.append({"message": message(QUESTIONS[(i // chats + chat_id) % len(QUESTIONS)],
                                       private_chat(chat_id), user(chat_id))})
    return out


async def deliver(client: httpx.AsyncClient, batch: list[dict], expected_replies: int) -> float:
    """Push ``batch`` into the fake server; seconds until it has seen ``expected_replies`` sendMessage calls."""
    started = time.perf_counter()
    for i in range(0, len(batch), 2000):
        (await client.post("/_fake/push", content=json.dumps(batch[i:i + 2000]))).raise_for_status()
    while (await client.get("/_fake/count", params={"method": "sendMessage"})).json()["count"] < expected_replies:
        await asyncio.sleep(0.02)
    return time.perf_counter() - started


async def bench(n_updates: int, n_chats: int) -> None:
    from fake_bot_api import running_bot

    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    server = subprocess.Popen([sys.executable, str(HERE / "fake_bot_api.py")], stdout=subprocess.PIPE, text=True)
    others = set(range(os.cpu_count() or 1)) - {cpu}
    if others:
        os.sched_setaffinity(server.pid, others)
    port = int(server.stdout.readline())
    tmp = Path(tempfile.mkdtemp(prefix="bench-telegram-"))
    try:
        engine = Engine.open(REPO / "knowledge", tmp / "facts.sqlite")
        journal = Journal(tmp / "journal.sqlite")
        settings = Settings(token=TOKEN, base_url=f"http://127.0.0.1:{port}/bot", state_dir=tmp)
        rss_ready = current_rss_mb()
        async with running_bot(settings, engine, journal) as app, \
                httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            sent = 0
            warm = updates(500, 50, 1)
            sent += len(warm)
            await deliver(client, warm, sent)

            batch = updates(n_updates, 500, 1_000)
            sent += len(batch)
            seconds = await deliver(client, batch, sent)
            print(f"throughput: {n_updates} updates from 500 chats in {seconds:.2f} s "
                  f"= {n_updates / seconds:.0f} updates/s (bot on 1 core, rate limiter off)")

            distinct = updates(n_chats, n_chats, 100_000)
            sent += len(distinct)
            seconds = await deliver(client, distinct, sent)
            print(f"throughput: {n_chats} updates from {n_chats} distinct chats in {seconds:.2f} s "
                  f"= {n_chats / seconds:.0f} updates/s")
            contexts = len(app.bot_data["services"].contexts)
        print(f"memory: RSS {rss_ready:.0f} MB when ready; peak RSS {peak_rss_mb():.0f} MB after "
              f"{n_chats} distinct chats asked (plus {sent - n_chats} earlier updates; {contexts} contexts kept)")
        print(f"journal: {journal.totals()}")
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=5000)
    parser.add_argument("--chats", type=int, default=10_000)
    args = parser.parse_args()
    asyncio.run(bench(args.updates, args.chats))


if __name__ == "__main__":
    main()
