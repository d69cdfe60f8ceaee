"""The bot's own files: never overwrite one it did not create; private modes; bounded, non-blocking reads.

Every SQLite file the bot writes carries an ``application_id`` naming what it is (fact base, journal,
inbox). Before a file is written over or opened for writing, :func:`claim` checks that it is missing,
empty, or one of ours of the right kind, and raises :class:`ForeignFileError` (one line naming the path)
otherwise. Symbolic links are resolved: the file they point to is checked and written, the link kept.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

from bot.errors import ForeignFileError

SQLITE_HEADER = b"SQLite format 3\x00"
#: ``PRAGMA application_id`` of each kind of file (four ASCII letters as a big-endian integer).
APP_FACTS = int.from_bytes(b"OFfb", "big")
APP_JOURNAL = int.from_bytes(b"OFjr", "big")
APP_INBOX = int.from_bytes(b"OFib", "big")
KINDS = {APP_FACTS: "a fact base", APP_JOURNAL: "a journal", APP_INBOX: "an update inbox"}
FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(folder: Path) -> Path:
    """``folder``, created (with its parents) as 0700 if missing; an existing one is left as it is."""
    if not folder.is_dir():
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    return folder


def application_id(conn: sqlite3.Connection) -> int:
    """The ``application_id`` of an open SQLite database."""
    return conn.execute("PRAGMA application_id").fetchone()[0]


def tables(conn: sqlite3.Connection) -> set[str]:
    """The names of the tables of an open SQLite database."""
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def claim(path: Path, app_id: int, legacy: Callable[[sqlite3.Connection], bool] | None = None) -> Path:
    """The real path of ``path`` (symlinks resolved) if the bot may write it as the kind ``app_id``.

    Allowed: a missing or empty file, or a SQLite file whose ``application_id`` is ``app_id`` (or 0 and
    ``legacy`` accepts it: files written before the id existed). Anything else raises ForeignFileError.
    """
    real = Path(os.path.realpath(path.expanduser()))
    what = KINDS.get(app_id, "a file of this bot")
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return real
    except OSError as exc:
        raise ForeignFileError(f"cannot use {path}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise ForeignFileError(f"refusing to use {path}: not a regular file (it would be replaced by {what})")
    if info.st_size == 0:
        return real
    try:
        with open(real, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise ForeignFileError(f"cannot use {path}: {exc.strerror or exc}") from exc
    if header != SQLITE_HEADER:
        raise ForeignFileError(f"refusing to overwrite {path}: it is not {what} of this bot (not a SQLite file)")
    try:
        conn = sqlite3.connect(f"{real.as_uri()}?mode=ro", uri=True, timeout=2)
        try:
            found = application_id(conn)
            ours = found == app_id or (found == 0 and legacy is not None and legacy(conn))
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ForeignFileError(f"cannot use {path}: {exc}") from exc
    if not ours:
        other = f" (it is {KINDS[found]})" if found in KINDS else ""
        raise ForeignFileError(f"refusing to overwrite {path}: it is not {what} of this bot{other}")
    return real


def create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (SQLite gives its -wal and -shm the same mode)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except FileExistsError:
        pass


class Unreadable(Exception):
    """A file that cannot be read: the OS reason, or not a regular file, or too large."""


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``); raise Unreadable with the reason.

    Opened non-blocking, so a FIFO or a device named like a knowledge file never hangs the reader.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise Unreadable(_reason(exc)) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("not a regular file")
        if info.st_size > limit:
            raise Unreadable(f"too large ({info.st_size / 2**20:.1f} MB; the limit is {limit / 2**20:.0f} MB)")
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            raise Unreadable(f"too large (over {limit / 2**20:.0f} MB)")
        return data
    except OSError as exc:
        raise Unreadable(_reason(exc)) from exc
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    """``permission denied``, ``no such file or directory``, ...: the OS's words, lower-case."""
    return (exc.strerror or str(exc)).lower()
