"""A small SQLite record of asked questions, apart from the fact base, surviving restarts and reloads."""

from __future__ import annotations

import time
from pathlib import Path

import sqlite_utils

from bot.answer import Answer

MAX_QUESTION_CHARS = 300
RECENT_DAYS = 30.0


def normalise(question: str) -> str:
    """The form questions are counted under: case-folded, spaces collapsed, bounded in length."""
    return " ".join(question.casefold().split())[:MAX_QUESTION_CHARS]


class Journal:
    """One row per question asked: when, the normalised text, the intent, and whether it was answered."""

    def __init__(self, path: Path | str) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(path)
        # WAL without a sync per commit: a record costs microseconds, and survives a crash of the bot.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        asked = self.db.table("asked")
        asked.create(
            {"id": int, "ts": float, "question": str, "intent": str, "answered": int},
            pk="id",
            if_not_exists=True,
        )
        asked.create_index(["answered", "ts"], if_not_exists=True)

    def record(self, question: str, answer: Answer) -> None:
        """Remember that ``question`` was asked and how the engine fared."""
        with self.db.conn:
            self.db.execute(
                "INSERT INTO asked (ts, question, intent, answered) VALUES (?, ?, ?, ?)",
                [time.time(), normalise(question), answer.intent, int(answer.answered)],
            )

    def top_unanswered(self, limit: int = 10, days: float = RECENT_DAYS) -> list[tuple[str, int]]:
        """The most frequent questions declined in the last ``days``, with their counts."""
        return self._top(answered=False, limit=limit, days=days)

    def totals(self, since: float | None = None) -> dict[str, int]:
        """Questions ``asked``, ``answered`` and ``declined``: all time, or from the epoch time ``since``."""
        asked, answered = self.db.execute(
            "SELECT count(*), coalesce(sum(answered), 0) FROM asked WHERE ts >= ?", [since or 0.0]
        ).fetchone()
        return {"asked": asked, "answered": answered, "declined": asked - answered}

    def close(self) -> None:
        """Close the database file."""
        self.db.close()

    def _top(self, answered: bool, limit: int, days: float) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT question, count(*) AS n FROM asked WHERE answered = ? AND ts >= ? "
            "GROUP BY question ORDER BY n DESC, max(ts) DESC LIMIT ?",
            [int(answered), time.time() - days * 86400, limit],
        ).fetchall()
        return [(question, n) for question, n in rows]
