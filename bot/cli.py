"""The command line: build, check, ask, chat, eval, bench, map, run, doctor.

A thin layer over the core: errors raised there become messages here (one line each, a knowledge
problem with its detail below it), never tracebacks.
Nothing here imports telegram except ``run``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.answer import Answer
from bot.errors import BotError, KnowledgeError

if TYPE_CHECKING:
    from bot.evalmemory import Change

MAX_UNCITED_SHOWN = 5  # sentences listed under a coverage warning


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="A fact bot that answers from its sources, "
                                     "quoting them (a Telegram bot and this command line).")
    parser.add_argument("--knowledge", type=Path, help="knowledge folder (default: BOT_KNOWLEDGE_DIR or bundled)")
    parser.add_argument("--db", type=Path, help="fact base file (default: BOT_DB_PATH or a cache file)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("build", help="validate the knowledge and write the SQLite fact base")
    p.add_argument("--out", type=Path, help="where to write the fact base")
    sub.add_parser("check", help="validate the knowledge without writing anything")
    p = sub.add_parser("ask", help="answer questions")
    p.add_argument("questions", nargs="+", metavar="QUESTION")
    p.add_argument("--json", action="store_true", help="one JSON object per question, one per line")
    p.add_argument("--lang", choices=("auto", "en", "ar"), default="auto",
                   help="language of the answers (default: the language of each question)")
    p = sub.add_parser("chat", help="an interactive conversation (follow-ups use the context)")
    p.add_argument("--json", action="store_true", help="read questions from stdin, write JSON lines")
    p.add_argument("--lang", choices=("auto", "en", "ar"), default="auto",
                   help="language of the answers (default: the language of each question)")
    p = sub.add_parser("eval", help="run a question file and print failures, accuracy and changed answers")
    p.add_argument("file", type=Path, nargs="?",
                   help="the question file (default: questions.yaml of the knowledge folder)")
    p.add_argument("--min", type=float, default=None, help="exit 1 if accuracy is below this (0..1)")
    p.add_argument("--quiet", action="store_true", help="print only the summary")
    p = sub.add_parser("bench", help="print speed and memory figures of the engine")
    p.add_argument("--seconds", type=float, default=3.0, help="how long to ask questions")
    p.add_argument("--scale", type=int, default=1, metavar="N",
                   help="also measure synthetic knowledge N times the size (e.g. 10 or 100)")
    p = sub.add_parser("map", help="write the map of who held what (PNG)")
    p.add_argument("--out", type=Path, required=True, help="the PNG file to write")
    p.add_argument("--lang", choices=("en", "ar"), default="en", help="language of the labels (default: en)")
    p = sub.add_parser("run", help="run the Telegram bot (long polling, or --webhook)")
    p.add_argument("--webhook", action="store_true", help="serve a webhook instead of polling")
    p = sub.add_parser("doctor", help="check the environment an operator set, without contacting Telegram")
    p.add_argument("--live", action="store_true",
                   help="health check of a running bot: ask its webhook server instead of checking the knowledge")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except KnowledgeError as exc:
        print("error: the knowledge is invalid:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
            for line in problem.detail.splitlines():
                print(f"      {line}", file=sys.stderr)
        if exc.note:
            print(f"  ({exc.note})", file=sys.stderr)
        return 1
    except BotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the edge: no traceback reaches a user's terminal
        if os.environ.get("BOT_DEBUG"):
            raise
        print(f"error: {type(exc).__name__}: {exc} (set BOT_DEBUG=1 for details)", file=sys.stderr)
        return 1


def _settings(args: argparse.Namespace):
    """The one configuration, with the global options passed as arguments (they win over variables)."""
    from bot.settings import Settings

    return Settings.from_env(telegram=False, knowledge_dir=args.knowledge, db_path=args.db)


def _engine(args: argparse.Namespace):
    from bot.engine import Engine

    settings = _settings(args)
    return Engine.open(settings.knowledge_dir, settings.db_path)


def _build(args: argparse.Namespace) -> int:
    from bot.builder import build

    settings = _settings(args)
    report = build(settings.knowledge_dir, args.out or settings.db_path)
    print("\n".join(report.lines()))
    return 0


def _check(args: argparse.Namespace) -> int:
    from bot.builder import coverage_line
    from bot.knowledge import citations, coverage, load_knowledge

    knowledge = _settings(args).knowledge_dir
    k = load_knowledge(knowledge)
    print(f"ok: {knowledge}: {len(k.sources)} sources, {len(k.entities)} entities, {len(k.facts)} facts")
    lacking = sorted(f.id for f in k.facts.values() if not f.ar.get("statement"))
    print(f"Arabic text: {len(k.facts) - len(lacking)}/{len(k.facts)} facts"
          + (f" (missing: {', '.join(lacking)})" if lacking else ""))
    cited = citations(k)
    for source, (n, total) in coverage(cited).items():
        if n == total:
            print(coverage_line(source, n, total))
            continue
        print(f"WARNING: {coverage_line(source, n, total)}; not cited by any fact yet:")
        missing = [sentence for sentence, flag in cited[source] if not flag]
        for sentence in missing[:MAX_UNCITED_SHOWN]:
            print(f"    {sentence}")
        if len(missing) > MAX_UNCITED_SHOWN:
            print(f"    ... and {len(missing) - MAX_UNCITED_SHOWN} more")
    return 0


def render(answer: Answer) -> str:
    """An answer as readable terminal text, its fixed words in the answer's language."""
    from bot.lang import load

    pack = load(answer.lang)
    lines = [f"Q: {answer.question}", f"A: {answer.text}"]
    lines += [f"   \u201c{c.quote}\u201d\n     \u2014 {pack.say('tg_quoted_from', sources=c.source)}" for c in answer.sources]
    if answer.suggestions:
        lines.append(f"   {pack.say('also_ask')}: " + " | ".join(answer.suggestions))
    return "\n".join(lines)


def _emit(answer: Answer, as_json: bool) -> None:
    print(json.dumps(answer.to_dict(), ensure_ascii=False) if as_json else render(answer) + "\n", flush=True)


def _ask(args: argparse.Namespace) -> int:
    from bot.context import Context

    engine = _engine(args)
    for q in args.questions:
        _emit(engine.ask(q, Context(), lang=args.lang), args.json)
    return 0


def _chat(args: argparse.Namespace) -> int:
    from bot.context import Context

    engine = _engine(args)
    ctx = Context()
    interactive = sys.stdin.isatty() and not args.json
    if interactive:
        print("Ask a question; /new starts a new conversation, Ctrl-D quits.")
    while True:
        try:
            line = input("> " if interactive else "")
        except EOFError:
            return 0
        if line.strip() == "/new":
            ctx.clear()
            continue
        if line.strip() or args.json:
            _emit(engine.ask(line, ctx, lang=args.lang), args.json)


def _eval(args: argparse.Namespace) -> int:
    from bot.engine import Engine
    from bot.evalmemory import memory_path, remember
    from bot.evaluate import default_questions, evaluate

    settings = _settings(args)
    path = args.file or default_questions(settings.knowledge_dir)
    result = evaluate(Engine.open(settings.knowledge_dir, settings.db_path), path)
    if not args.quiet:
        for f in result.failures:
            print(f"FAIL {f.question!r}: {'; '.join(f.reasons)}\n     got: {f.answer.text[:300]}")
    print(f"{path}: {result.passed}/{result.total} correct, accuracy {result.accuracy:.1%}; "
          f"answered but should have declined: {result.answered_but_should_decline}")
    try:
        changes = remember(memory_path(settings.db_path, settings.knowledge_dir), path, result.answers)
    except BotError as exc:
        print(f"warning: {exc}", file=sys.stderr)
    else:
        _print_changes(changes, len(result.answers))
    return 1 if args.min is not None and result.accuracy < args.min else 0


def _print_changes(changes: list[Change] | None, total: int) -> None:
    """The answers that changed since the previous run of the same question file."""
    if changes is None:
        print("changed since last run: nothing to compare with (the first run of this question file)")
    elif not changes:
        print(f"changed since last run: none ({total} answers compared)")
    else:
        print(f"changed since last run: {len(changes)} of {total} answers")
        for c in changes:
            print(f"  {c.question}\n    was: {c.old[:300]}\n    now: {c.new[:300]}")


def _bench(args: argparse.Namespace) -> int:
    from bot.bench import run_bench

    for line in run_bench(_settings(args).knowledge_dir, args.seconds, args.scale):
        print(line, flush=True)
    return 0


def _map(args: argparse.Namespace) -> int:
    import shutil
    import time

    from bot.builder import ensure_built
    from bot.factbase import FactBase
    from bot.mapfile import caption, map_file
    from bot.paths import default_db_path, default_knowledge_dir

    started = time.perf_counter()
    knowledge = args.knowledge or default_knowledge_dir()
    db = args.db or default_db_path(knowledge)
    ensure_built(knowledge, db)  # the map needs the fact base, not the question engine
    fb = FactBase(db)
    source = map_file(fb, args.lang)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB) in {(time.perf_counter() - started) * 1000:.0f} ms: "
          f"{caption(fb, args.lang)}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from bot.telegram.app import run

    return run(webhook=args.webhook, knowledge_dir=args.knowledge, db_path=args.db)


def _doctor(args: argparse.Namespace) -> int:
    from bot.doctor import doctor

    return doctor(live=args.live)


_COMMANDS = {"build": _build, "check": _check, "ask": _ask, "chat": _chat, "eval": _eval, "bench": _bench,
             "map": _map, "run": _run, "doctor": _doctor}
