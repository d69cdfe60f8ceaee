"""Speed and memory figures of the engine and the command line (printed, never asserted)."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bot.builder import build
from bot.context import Context
from bot.engine import Engine
from bot.paths import default_knowledge_dir

# A mixed set: each kind of question, typos, follow-ups, declines and junk.
QUESTIONS = [
    "When did Hama fall?", "wen did hamah fall", "Who is in the Southern Operations Room?",
    "Who launched Operation Dawn of Freedom?", "Where did the fighting start?", "Where is Daraa?",
    "What happened on December 1?", "Why is Daraa significant?", "Is Daraa under regime control?",
    "How many days after the first clashes did Hama fall?", "Give me a timeline of the offensive",
    "Hama", "and Aleppo?", "who was it against?", "When did Damascus fall?",
    "How many civilians were killed in Hama?", "What is the capital of France?", "xkcd qwerty zzz",
    "who formed the southren operation room", "when did the clashes break out in Halab",
    "What is the source of this information?", "Did Assad flee the country?", "When did Homs fall?",
    "How long did the opposition hold Daraa?", "hello", "'; DROP TABLE facts; --", "\U0001F600",
    "So the rebels took Hama on the 5th of December, right?", "Did Hama fall before Aleppo's city centre?",
    "im curious, where r the opposition headed now",
]
# The same kinds in Arabic (Modern Standard and Levantine).
QUESTIONS_AR = [
    "متى سقطت حماة؟", "مين أطلق عملية فجر الحرية؟", "وين عم تتقدم المعارضة هلق؟", "شو هي غرفة عمليات الجنوب؟",
    "كم يوم بين بداية الهجوم وسقوط حماة؟", "ليش درعا مهمة؟", "مع أي دولة تحد درعا؟", "متى استعاد النظام درعا؟",
    "هل سيطرت المعارضة على دمشق؟", "قديش عدد سكان درعا؟", "وحلب؟", "شو صار بـ ٥ كانون الأول ٢٠٢٤؟",
]


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to one core"
    return "not pinned"


def _cold_ask(knowledge: Path, db: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one ``python -m bot ask`` process."""
    env = {**os.environ, "BOT_KNOWLEDGE_DIR": str(knowledge), "BOT_DB_PATH": str(db)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", "ask", "When did Hama fall?"], env=env, check=True,
                   capture_output=True)
    wall = time.perf_counter() - started
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _latencies(engine: Engine, questions: list[str], seconds: float) -> list[int]:
    """Nanoseconds per answer, asking ``questions`` in one conversation for ``seconds``, sorted."""
    for q in questions:  # warm the caches once
        engine.ask(q, Context())
    latencies: list[int] = []
    ctx = Context()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for q in questions:
            t = time.perf_counter_ns()
            engine.ask(q, ctx)
            latencies.append(time.perf_counter_ns() - t)
    return sorted(latencies)


def run_bench(knowledge: Path | None = None, seconds: float = 3.0) -> Iterator[str]:
    """Measure and yield one line per figure."""
    knowledge = knowledge or default_knowledge_dir()
    yield f"engine benchmark ({_pin_one_core()}, Python {sys.version.split()[0]})"
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "facts.sqlite"
        builds = []
        for _ in range(5):
            t = time.perf_counter()
            build(knowledge, db)
            builds.append(time.perf_counter() - t)
        yield f"build: median {statistics.median(builds) * 1000:.0f} ms over 5 builds (target < 300 ms)"
        engine = Engine.open(knowledge, db)
        for name, questions in (("English", QUESTIONS), ("Arabic", QUESTIONS_AR)):
            latencies = _latencies(engine, questions, seconds)
            total_s = sum(latencies) / 1e9
            p50 = latencies[len(latencies) // 2] / 1e6
            p99 = latencies[int(len(latencies) * 0.99)] / 1e6
            yield (f"{name} questions: {len(latencies)} in {total_s:.2f} s = {len(latencies) / total_s:,.0f} "
                   f"questions/s (target >= 2,200); latency p50 {p50:.3f} ms, p99 {p99:.3f} ms, mean "
                   f"{total_s / len(latencies) * 1000:.3f} ms (target p99 < 2 ms)")
        colds = [_cold_ask(knowledge, db) for _ in range(3)]
        yield (f"cold start of `python -m bot ask`: median {statistics.median(c[0] for c in colds) * 1000:.0f} ms "
               f"(target < 1 s); peak RSS {max(c[1] for c in colds):.1f} MB (target < 60 MB)")
        yield f"this benchmark process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB"
