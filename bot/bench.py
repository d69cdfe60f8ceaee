"""Speed and memory figures of the engine and the command line (printed, never asserted), for the
knowledge as it is and, with ``scale``, for synthetic knowledge that many times its size."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bot.builder import build
from bot.context import Context
from bot.engine import Engine
from bot.factbase import FactBase
from bot.paths import default_knowledge_dir
from bot.synthetic import generate
from bot.vocab import stem

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
# The same questions in Arabic (Modern Standard and Levantine), one for each of the English ones.
QUESTIONS_AR = [
    "متى سقطت حماة؟", "ايمتى سقطت حماه", "مين بغرفة عمليات الجنوب؟",
    "مين أطلق عملية فجر الحرية؟", "وين بلشت المعارك؟", "وين درعا؟",
    "شو صار بـ ١ كانون الأول؟", "ليش درعا مهمة؟", "هل درعا تحت سيطرة النظام؟",
    "كم يوم بين بداية الهجوم وسقوط حماة؟", "اعطيني التسلسل الزمني للهجوم",
    "حماة", "وحلب؟", "ضد مين كانت؟", "متى سقطت دمشق؟",
    "كم مدني قتل في حماة؟", "شو عاصمة فرنسا؟", "ضصث قفغ ززز",
    "مين شكل غرفة عمليات الجنب", "إيمتى اندلعت الاشتباكات بحلب",
    "ما مصدر هذه المعلومات؟", "هل هرب الأسد من البلد؟", "متى سقطت حمص؟",
    "قديش ضلت درعا بإيد المعارضة؟", "مرحبا", "'; DROP TABLE facts; --", "\U0001F600",
    "يعني الثوار أخدوا حماة ب ٥ كانون الأول، صح؟", "هل سقطت حماة قبل وسط مدينة حلب؟",
    "بس بدي اعرف، لوين رايحة المعارضة هلق؟",
]
# Each figure: its name, its target, and how a measured value is shown.
FIGURES: list[tuple[str, str, Callable[[float | str], str]]] = [
    ("facts", "", "{:,.0f}".format), ("sources", "", "{:,.0f}".format),
    ("build (median of 3, stems not cached)", "< 3 s", "{:,.0f} ms".format),
    ("open fact base (median of 5)", "< 300 ms", "{:,.1f} ms".format),
    ("fact base and engine ready", "", "{:,.1f} ms".format),
    ("English questions/s", ">= 2,000", "{:,.0f}".format), ("English p50 / p99", "p99 < 3 ms", str),
    ("English: slowest (median)", "", str),
    ("Arabic questions/s", ">= 2,000", "{:,.0f}".format), ("Arabic p50 / p99", "p99 < 3 ms", str),
    ("Arabic: slowest (median)", "", str),
    ("cold `python -m bot ask` (median of 3)", "< 1 s", "{:,.0f} ms".format),
    ("peak RSS of `python -m bot ask`", "< 100 MB", "{:,.1f} MB".format),
]


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to one core"
    return "not pinned"


def _median_ms(action: Callable[[], object], times: int) -> float:
    runs = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs) * 1000


# `python -m bot ask`, which then prints its own peak RSS in kB (a child's rusage would count this
# process's memory too: Linux keeps the larger peak across the exec)
_ASK = """import runpy, sys
sys.argv = ["bot", "ask", "When did Hama fall?"]
try:
    runpy.run_module("bot", run_name="__main__", alter_sys=True)
finally:
    with open("/proc/self/status") as status:
        print(next((line.split()[1] for line in status if line.startswith("VmHWM:")), "0"), file=sys.stderr)
"""


def _cold_ask(knowledge: Path, db: Path) -> tuple[float, float]:
    """Wall milliseconds and peak RSS (MB; 0 without /proc) of one ``python -m bot ask`` process."""
    env = {**os.environ, "BOT_KNOWLEDGE_DIR": str(knowledge), "BOT_DB_PATH": str(db)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _ASK], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, check=True)
    wall = time.perf_counter() - started
    return wall * 1000, int(done.stderr.split()[-1]) / 1024


def _latencies(engine: Engine, questions: list[str], seconds: float) -> dict[str, list[int]]:
    """Nanoseconds per answer of each question, asking ``questions`` in one conversation for ``seconds``."""
    for q in questions:  # warm the caches once
        engine.ask(q, Context())
    latencies: dict[str, list[int]] = {q: [] for q in questions}
    ctx = Context()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for q in questions:
            t = time.perf_counter_ns()
            engine.ask(q, ctx)
            latencies[q].append(time.perf_counter_ns() - t)
    return latencies


def measure(knowledge: Path, seconds: float) -> dict[str, str]:
    """Every figure of FIGURES for one knowledge folder, shown as text."""
    out: dict[str, float | str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "facts.sqlite"
        out["build (median of 3, stems not cached)"] = _median_ms(
            lambda: (stem.cache_clear(), build(knowledge, db)), 3)
        out["open fact base (median of 5)"] = _median_ms(lambda: FactBase(db), 5)
        out["fact base and engine ready"] = _median_ms(lambda: Engine(FactBase(db), knowledge, db), 5)
        engine = Engine.open(knowledge, db)
        out["facts"], out["sources"] = len(engine.fb.facts), len(engine.fb.sources)
        for name, questions in (("English", QUESTIONS), ("Arabic", QUESTIONS_AR)):
            each = _latencies(engine, questions, seconds)
            latencies = sorted(t for ts in each.values() for t in ts)
            out[f"{name} questions/s"] = len(latencies) / (sum(latencies) / 1e9)
            p50, p99 = (latencies[int(len(latencies) * q)] / 1e6 for q in (0.5, 0.99))
            out[f"{name} p50 / p99"] = f"{p50:.2f} / {p99:.2f} ms"
            slowest = sorted(each, key=lambda q: -statistics.median(each[q]))[:2]
            out[f"{name}: slowest (median)"] = "; ".join(
                f"{q[:24]}{'…' if len(q) > 24 else ''} {statistics.median(each[q]) / 1e6:.1f} ms" for q in slowest)
        colds = [_cold_ask(knowledge, db) for _ in range(3)]
        out["cold `python -m bot ask` (median of 3)"] = statistics.median(c[0] for c in colds)
        out["peak RSS of `python -m bot ask`"] = max(c[1] for c in colds)
    return {name: show(out[name]) for name, _, show in FIGURES}


def run_bench(knowledge: Path | None = None, seconds: float = 3.0, scale: int = 1) -> Iterator[str]:
    """Measure the knowledge (and, for ``scale`` > 1, synthetic knowledge ``scale`` times its size);
    yield a progress line for each, then the table of figures."""
    knowledge = knowledge or default_knowledge_dir()
    yield f"engine benchmark ({_pin_one_core()}, Python {sys.version.split()[0]})"
    columns = {"1x": measure(knowledge, seconds)}
    yield "measured 1x"
    if scale > 1:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            synthetic = generate(knowledge, Path(tmp) / "knowledge", scale)
            yield f"generated {scale}x knowledge in {time.perf_counter() - started:.1f} s"
            columns[f"{scale}x"] = measure(synthetic, seconds)
    rows = [["figure", *columns, "target"]] + [[name, *(c[name] for c in columns.values()), target]
                                               for name, target, _ in FIGURES]
    yield from ("| " + " | ".join(row) + " |" for row in [rows[0], ["---"] * len(rows[0]), *rows[1:]])
