"""Run a question file (the shared dev-set format) against the engine and score the answers.

A knowledge folder may carry its editors' own question file, ``questions.yaml``; ``eval`` runs it
when no file is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.answer import Answer
from bot.context import Context
from bot.dates import MONTHS, FactDate
from bot.engine import Engine
from bot.errors import BotError
from bot.yamlfile import read_yaml

#: The editors' regression set, inside a knowledge folder.
QUESTIONS_FILE = "questions.yaml"


@dataclass
class Failure:
    question: str
    answer: Answer
    reasons: list[str]


@dataclass
class EvalResult:
    total: int = 0
    passed: int = 0
    failures: list[Failure] = field(default_factory=list)
    answered_but_should_decline: int = 0
    answers: dict[str, str] = field(default_factory=dict)  # each question (see question_key) -> answer text

    @property
    def accuracy(self) -> float:
        return self.passed / self.total if self.total else 0.0


def fold(text: str) -> str:
    """Lower-case, punctuation to spaces, ordinal suffixes dropped (5th -> 5)."""
    text = re.sub(r"[^\w]+", " ", text.casefold())
    text = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1", text)
    return " ".join(text.split())


def _date_forms(value: str) -> list[str]:
    """The usual English forms of a date, and the form the Arabic answers write."""
    d = FactDate.parse(value)
    month = MONTHS[d.month - 1] if d.month else ""
    arabic = fold(d.render_in("ar"))
    if d.day:
        return [f"{d.day} {month}", f"{month} {d.day}", f"{d.day} {month[:3]}", f"{month[:3]} {d.day}",
                f"{d.year} {d.month:02d} {d.day:02d}", arabic.rsplit(" ", 1)[0]]
    if d.month:
        return [f"{month} {d.year}", f"{month[:3]} {d.year}", f"{d.year} {d.month:02d}", f"{month} of {d.year}", arabic]
    return [str(d.year)]


def _contains(text: str, term: str) -> bool:
    return re.search(rf"(?:^| ){re.escape(fold(term))}", text) is not None


def check(item: dict, answer: Answer) -> list[str]:
    """Why ``answer`` fails ``item`` (empty when it passes)."""
    reasons = []
    expected = item.get("answerable", True)
    if expected is not True and expected is not False and expected != "any":
        raise BotError(f"bad answerable value {expected!r} for {item.get('q')!r}")
    if expected != "any" and answer.answered != expected:
        reasons.append(f"answered={answer.answered}, expected {expected}")
    if expected is False:
        return reasons
    verdict = item.get("verdict")
    if verdict is not None:
        given = answer.verdict or (fold(answer.text).split() or [""])[0]
        if given != str(verdict):
            reasons.append(f"verdict {given!r}, expected {verdict!r}")
    if item.get("lang") and answer.lang != item["lang"]:
        reasons.append(f"answered in {answer.lang!r}, expected {item['lang']!r}")
    text = fold(answer.full_text)
    for term in item.get("all") or []:
        if not any(_contains(text, alt) for alt in str(term).split("|")):
            reasons.append(f"missing {term!r}")
    for term in item.get("none") or []:
        if any(_contains(text, alt) for alt in str(term).split("|")):
            reasons.append(f"must not say {term!r}")
    if item.get("date"):
        if not any(_contains(text, form) for form in _date_forms(str(item["date"]))):
            reasons.append(f"missing date {item['date']}")
    return reasons


def default_questions(knowledge_dir: Path) -> Path:
    """The question file of a knowledge folder; BotError when it has none."""
    path = knowledge_dir / QUESTIONS_FILE
    if not path.is_file():
        raise BotError(f"no {QUESTIONS_FILE} in {knowledge_dir}: name a question file, or add one (see README)")
    return path


def question_key(turns: list[str], seen: dict[str, int]) -> str:
    """A name for a question that stays the same when other questions are added: its text, after the
    turns of its conversation before it; a repeated one gets its number (" #2")."""
    key = " › ".join(turns)
    seen[key] = seen.get(key, 0) + 1
    return key if seen[key] == 1 else f"{key} #{seen[key]}"


def load_questions(path: Path) -> tuple[list[dict], list[list[dict]]]:
    """The single questions and the conversations of a question file (a conversation is a list under
    ``conversations:``, or a ``conversation:`` entry among the questions)."""
    try:
        data = read_yaml(path) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BotError(f"cannot read question file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise BotError(f"{path}: expected 'questions:' and/or 'conversations:'")
    entries = list(data.get("questions") or []) + list(data.get("arabic") or [])
    singles = [item for item in entries if "conversation" not in item]
    inline = [item["conversation"] for item in entries if "conversation" in item]
    return singles, list(data.get("conversations") or []) + inline


def evaluate(engine: Engine, path: Path) -> EvalResult:
    """Ask every question (each conversation in one context) and check each answer."""
    singles, conversations = load_questions(path)
    result, seen = EvalResult(), {}
    for turns in [[q] for q in singles] + conversations:
        ctx, asked = Context(), []
        for item in turns:
            asked.append(str(item.get("q", "")))
            answer = engine.ask(asked[-1], ctx)
            result.answers[question_key(asked, seen)] = answer.text
            reasons = check(item, answer)
            result.total += 1
            if reasons:
                result.failures.append(Failure(str(item.get("q")), answer, reasons))
                if item.get("answerable", True) is False and answer.answered:
                    result.answered_but_should_decline += 1
            else:
                result.passed += 1
    return result
