"""A small SQLite record of asked questions, apart from the fact base, surviving restarts and reloads.

Answering never waits for it: :meth:`Journal.record` puts the row on a bounded queue and returns; one
thread writes the queue in batches. A full, locked or read-only state folder makes writes fail: the
rows are counted (``failed``, ``dropped``), the reason is logged at most once a minute, and the bot
answers on. Reads (``/stats``, ``/unanswered``) are for a thread too (``asyncio.to_thread``).
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bot.answer import Answer
from bot.logfmt import fields
from bot.files import APP_JOURNAL, application_id, claim, create_private, private_dir, tables

log = logging.getLogger("bot.journal")

MAX_QUESTION_CHARS = 300
RECENT_DAYS = 30.0
QUEUE_SIZE = 10_000
BATCH = 500
#: How long a write waits for another process's lock before the batch counts as failed.
BUSY_TIMEOUT_S = 2.0
#: At most one log line per this many seconds about failing writes.
LOG_EVERY_S = 60.0


def normalise(question: str) -> str:
    """The form questions are counted under: case-folded, spaces collapsed, bounded in length."""
    return " ".join(question.casefold().split())[:MAX_QUESTION_CHARS]


def is_legacy_journal(conn: sqlite3.Connection) -> bool:
    """True for a journal written before journals carried their application_id (only our table)."""
    return tables(conn) <= {"asked", "sqlite_sequence", "sqlite_stat1"} and "asked" in tables(conn)


@dataclass
class Health:
    """What went wrong with the journal since start: rows not written, and the last reason."""

    written: int = 0
    failed: int = 0
    dropped: int = 0
    last_error: str = ""


class Journal:
    """One row per question asked: when, the normalised text, the intent, and whether it was answered."""

    def __init__(self, path: Path | str, *, queue_size: int = QUEUE_SIZE) -> None:
        path = Path(path)
        self.path = claim(path, APP_JOURNAL, is_legacy_journal)  # ForeignFileError: not ours
        private_dir(self.path.parent)
        self.health = Health()
        self._queue: queue.Queue[tuple | None] = queue.Queue(queue_size)
        self._idle = threading.Condition()
        self._pending = 0
        self._logged_at = 0.0
        self._read_lock = threading.Lock()
        self._reader: sqlite3.Connection | None = None
        try:
            create_private(self.path)
            conn = self._connect()
            try:
                self._setup(conn)
            finally:
                conn.close()
        except (OSError, sqlite3.Error) as exc:  # full or locked now: the writer retries later
            self._failed(0, exc)
        self._thread = threading.Thread(target=self._write_loop, name="journal-writer", daemon=True)
        self._thread.start()

    # --- writing (any thread; never blocks) -------------------------------------------------

    def record(self, question: str, answer: Answer) -> None:
        """Remember that ``question`` was asked and how the engine fared (queued; never blocks)."""
        row = (time.time(), normalise(question), answer.intent, int(answer.answered), answer.declined_by or "")
        with self._idle:
            self._pending += 1
        try:
            self._queue.put_nowait(row)
        except queue.Full:
            self._done(1)
            self._failed(1, None, dropped=True)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every queued row is written or has failed; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued (waiting at most ``timeout``), stop the writer, close the files."""
        if self._thread.is_alive():
            self.flush(timeout)
            self._queue.put(None)
            self._thread.join(timeout)
        with self._read_lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None

    def _write_loop(self) -> None:
        conn: sqlite3.Connection | None = None
        while True:
            item = self._queue.get()
            if item is None:
                break
            rows = [item]
            stop = False
            while len(rows) < BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                rows.append(more)
            try:
                if conn is None:
                    conn = self._connect()
                    self._setup(conn)
                with conn:
                    conn.executemany("INSERT INTO asked (ts, question, intent, answered, declined_by) "
                                     "VALUES (?, ?, ?, ?, ?)", rows)
                self.health.written += len(rows)
            except (OSError, sqlite3.Error) as exc:
                self._failed(len(rows), exc)
                if conn is not None:
                    conn.close()
                    conn = None
            finally:
                self._done(len(rows))
            if stop:
                break
        if conn is not None:
            conn.close()

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)

    def _setup(self, conn: sqlite3.Connection) -> None:
        # WAL without a sync per commit: a record costs microseconds, and survives a crash of the bot.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        with conn:
            if application_id(conn) == 0:  # a new file, or one written before journals carried the id
                conn.execute(f"PRAGMA application_id = {APP_JOURNAL}")
            conn.execute("CREATE TABLE IF NOT EXISTS asked (id INTEGER PRIMARY KEY, ts FLOAT, question TEXT, "
                         "intent TEXT, answered INTEGER)")
            conn.execute("CREATE INDEX IF NOT EXISTS idx_asked_answered_ts ON asked (answered, ts)")
            columns = {row[1] for row in conn.execute("PRAGMA table_info(asked)")}
            if "declined_by" not in columns:  # journals written before declines named their check
                conn.execute("ALTER TABLE asked ADD COLUMN declined_by TEXT DEFAULT ''")

    def _done(self, n: int) -> None:
        with self._idle:
            self._pending -= n
            if self._pending == 0:
                self._idle.notify_all()

    def _failed(self, rows: int, exc: BaseException | None, *, dropped: bool = False) -> None:
        if dropped:
            self.health.dropped += rows
            reason = "queue full"
        else:
            self.health.failed += rows
            reason = str(exc) or type(exc).__name__
        self.health.last_error = reason
        now = time.monotonic()
        if now - self._logged_at >= LOG_EVERY_S or not self._logged_at:
            self._logged_at = now
            log.warning(fields(event="journal_failed", path=str(self.path), failed=self.health.failed,
                               dropped=self.health.dropped, error=reason, note="answers go on; logged once a minute"))

    # --- reading (call from a thread: it may wait for a lock) ---------------------------------

    def top_unanswered(self, limit: int = 10, days: float = RECENT_DAYS) -> list[tuple[str, int, str]]:
        """The most frequent questions declined in the last ``days``: each with its count and the
        check that declined it (the latest time it was asked)."""
        rows = self._read(
            "SELECT question, count(*) AS n, (SELECT coalesce(b.declined_by, '') FROM asked b WHERE b.question = "
            "a.question AND b.answered = 0 ORDER BY b.ts DESC LIMIT 1) FROM asked a WHERE answered = 0 AND ts >= ? "
            "GROUP BY question ORDER BY n DESC, max(ts) DESC LIMIT ?",
            [time.time() - days * 86400, limit],
        )
        return [(question, n, check or "") for question, n, check in rows]

    def totals(self, since: float | None = None) -> dict[str, int]:
        """Questions ``asked``, ``answered`` and ``declined``: all time, or from the epoch time ``since``."""
        ((asked, answered),) = self._read(
            "SELECT count(*), coalesce(sum(answered), 0) FROM asked WHERE ts >= ?", [since or 0.0])
        return {"asked": asked, "answered": answered, "declined": asked - answered}

    def _read(self, sql: str, params: list) -> list[tuple]:
        """Rows of a query, after the queued rows are written (sqlite3.Error if the file is unusable)."""
        self.flush(BUSY_TIMEOUT_S)
        with self._read_lock:
            if self._reader is None:
                self._reader = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True,
                                               timeout=BUSY_TIMEOUT_S, check_same_thread=False)
            return self._reader.execute(sql, params).fetchall()
