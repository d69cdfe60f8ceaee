"""The bot's state files on their own: the inbox (durable updates), the journal's queue and thread,
and the guard that keeps the bot off files it did not write."""

from __future__ import annotations

import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest

from bot.answer import Answer
from bot.errors import ForeignFileError
from bot.files import APP_INBOX, APP_JOURNAL, Unreadable, claim, read_bytes
from bot.inbox import Inbox
from bot.journal import Journal

DECLINED = Answer("who is the pope?", "The report does not say.", False, "who", 0.0)


def test_inbox_keeps_updates_until_done_and_recognises_them_again(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "state" / "inbox.sqlite")
    assert inbox.add([(1, '{"update_id": 1}'), (2, '{"update_id": 2}'), (2, '{"update_id": 2}')]) == [1, 2]
    assert inbox.add([(2, "{}"), (3, "{}")]) == [3]  # 2 again: a duplicate
    inbox.done([1, 3])
    assert inbox.pending() == [(2, '{"update_id": 2}')]
    assert inbox.counts() == {"pending": 1, "done": 2}
    inbox.close()
    again = Inbox(tmp_path / "state" / "inbox.sqlite")  # after a restart
    assert again.pending() == [(2, '{"update_id": 2}')] and again.add([(1, "{}")]) == []
    assert again.prune(keep_s=-1) == 2 and again.counts() == {"pending": 1, "done": 0}
    again.close()
    assert stat.S_IMODE((tmp_path / "state").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "state" / "inbox.sqlite").stat().st_mode) == 0o600


def test_journal_records_off_the_callers_thread(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.sqlite")
    caller = threading.get_ident()
    writers = []
    real = journal._setup  # noqa: SLF001

    def spy(conn):
        writers.append(threading.get_ident())
        return real(conn)

    journal._setup = spy  # noqa: SLF001
    started = time.perf_counter()
    for _ in range(1000):
        journal.record("Who is the Pope?", DECLINED)
    assert time.perf_counter() - started < 0.5  # a queue put each
    assert journal.totals() == {"asked": 1000, "answered": 0, "declined": 1000}
    assert writers and caller not in writers
    journal.close()


def test_a_full_journal_queue_drops_and_counts(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.sqlite", queue_size=5)
    locker = sqlite3.connect(journal.path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        for _ in range(50):
            journal.record("q", DECLINED)
        assert journal.health.dropped > 0
        assert journal.flush(10)
        assert journal.health.failed > 0 and "locked" in journal.health.last_error
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    journal.record("q", DECLINED)
    assert journal.flush(5) and journal.health.written == 1  # writes resume when the lock is gone
    journal.close()


def test_a_journal_from_before_the_application_id_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE asked (id INTEGER PRIMARY KEY, ts FLOAT, question TEXT, intent TEXT, answered INTEGER)")
    conn.execute("INSERT INTO asked (ts, question, intent, answered) VALUES (?, 'old', 'who', 0)", [time.time()])
    conn.commit()
    conn.close()
    journal = Journal(path)
    assert journal.top_unanswered() == [("old", 1, "")]
    journal.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APP_JOURNAL
    conn.close()


@pytest.mark.parametrize("kind", ["inbox", "journal"])
def test_state_files_refuse_what_is_not_theirs(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE mine (x)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(ForeignFileError, match=f"refusing to overwrite {path}"):
        Inbox(path) if kind == "inbox" else Journal(path)
    assert path.read_bytes() == before


def test_claim_resolves_symlinks_and_refuses_the_other_kind(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "inbox.sqlite")
    inbox.close()
    link = tmp_path / "link.sqlite"
    link.symlink_to(tmp_path / "inbox.sqlite")
    assert claim(link, APP_INBOX) == tmp_path / "inbox.sqlite"
    with pytest.raises(ForeignFileError, match="it is an update inbox"):
        claim(link, APP_JOURNAL)
    dangling = tmp_path / "dangling.sqlite"
    dangling.symlink_to(tmp_path / "nowhere" / "x.sqlite")
    assert claim(dangling, APP_INBOX) == tmp_path / "nowhere" / "x.sqlite"


def test_read_bytes_refuses_without_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(Unreadable, match="not a regular file"):
        read_bytes(fifo, 100)
    big = tmp_path / "big"
    big.write_bytes(b"x" * 101)
    with pytest.raises(Unreadable, match="too large"):
        read_bytes(big, 100)
    with pytest.raises(Unreadable, match="no such file or directory"):
        read_bytes(tmp_path / "missing", 100)
    assert read_bytes(big, 101) == b"x" * 101
