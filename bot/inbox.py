"""Updates fetched from Telegram, kept durably until they are answered (SQLite in the state folder).

Telegram forgets an update once the bot confirms it (polling: the next getUpdates' offset; webhook:
the 200 reply). The bot records each update here first, confirms it, and marks it done after the
reply; updates still pending when the process dies (kill -9, power cut of the container) are answered
after the restart. The update id is the primary key, so an update delivered twice is recognised.
Done rows are kept a day for that, then pruned. Nothing here imports telegram: rows are JSON text.

Call the methods from a thread (``asyncio.to_thread``): a write may wait for the disk.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from bot.files import APP_INBOX, claim, create_private, private_dir

KEEP_DONE_S = 86_400.0
BUSY_TIMEOUT_S = 2.0


class Inbox:
    """Pending and recently done updates, by update id."""

    def __init__(self, path: Path) -> None:
        self.path = claim(path, APP_INBOX)  # ForeignFileError: a file the bot did not create
        private_dir(self.path.parent)
        create_private(self.path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        # WAL, no fsync per commit: a committed row survives the process being killed (not a power cut).
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._db:
            self._db.execute(f"PRAGMA application_id = {APP_INBOX}")
            self._db.execute("CREATE TABLE IF NOT EXISTS updates (id INTEGER PRIMARY KEY, ts FLOAT NOT NULL, "
                             "body TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0)")
            self._db.execute("CREATE INDEX IF NOT EXISTS idx_updates_done ON updates (done, id)")

    def add(self, updates: list[tuple[int, str]]) -> list[int]:
        """Record ``(update_id, json)`` pairs; the ids that were new (others are duplicates)."""
        now = time.time()
        with self._lock, self._db:
            known = {row[0] for row in self._db.execute(
                f"SELECT id FROM updates WHERE id IN ({','.join('?' * len(updates))})", [u for u, _ in updates])}
            fresh = {}
            for update_id, body in updates:
                if update_id not in known:
                    fresh.setdefault(update_id, body)
            self._db.executemany("INSERT INTO updates (id, ts, body) VALUES (?, ?, ?)",
                                 [(u, now, b) for u, b in fresh.items()])
        return list(fresh)

    def done(self, update_ids: list[int]) -> None:
        """Mark updates answered (or deliberately dropped)."""
        with self._lock, self._db:
            self._db.executemany("UPDATE updates SET done = 1 WHERE id = ?", [(u,) for u in update_ids])

    def pending(self) -> list[tuple[int, str]]:
        """Updates recorded and not done, oldest first (to answer after a restart)."""
        with self._lock:
            return self._db.execute("SELECT id, body FROM updates WHERE done = 0 ORDER BY id").fetchall()

    def counts(self) -> dict[str, int]:
        """How many updates are ``pending`` and ``done``."""
        with self._lock:
            rows = dict(self._db.execute("SELECT done, count(*) FROM updates GROUP BY done").fetchall())
        return {"pending": rows.get(0, 0), "done": rows.get(1, 0)}

    def prune(self, keep_s: float = KEEP_DONE_S) -> int:
        """Forget done updates older than ``keep_s`` seconds; how many."""
        with self._lock, self._db:
            return self._db.execute("DELETE FROM updates WHERE done = 1 AND ts < ?", [time.time() - keep_s]).rowcount

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()
