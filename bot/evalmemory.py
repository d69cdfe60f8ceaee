"""The answers of each question file's previous ``eval`` run, kept next to the fact base (never in the
knowledge folder), so that a run lists the questions whose answer changed since the last one."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.errors import BotError, ForeignFileError
from bot.files import Unreadable, private_dir, read_bytes
from bot.paths import cache_dir

FORMAT = "offensive-factbot eval answers"
MAX_BYTES = 16 * 2**20


@dataclass(frozen=True)
class Change:
    """A question whose answer text is not the one of the previous run."""

    question: str
    old: str
    new: str


def memory_path(db_path: Path, knowledge_dir: Path) -> Path:
    """``facts-x.sqlite`` -> ``facts-x.eval-answers.json`` beside it; in the cache folder instead when the
    fact base is inside the knowledge folder."""
    path = db_path.with_name(f"{db_path.stem}.eval-answers.json")
    if knowledge_dir.resolve() in path.resolve().parents:
        key = hashlib.sha256(str(knowledge_dir.resolve()).encode()).hexdigest()[:12]
        path = cache_dir() / f"eval-answers-{key}.json"
    return path


def remember(path: Path, question_file: Path, answers: dict[str, str]) -> list[Change] | None:
    """The questions whose answer differs from the previous run of ``question_file`` (None: no previous
    run to compare with); ``answers`` are then kept for the next run. Raises BotError if they cannot be."""
    runs = _read(path)
    key = str(question_file.resolve())
    before = runs.get(key)
    runs[key] = answers
    _write(path, runs)
    if not isinstance(before, dict):
        return None
    return [Change(q, str(before[q]), new) for q, new in answers.items() if q in before and before[q] != new]


def _read(path: Path) -> dict:
    """The kept runs by question file; refuses a file this bot did not write."""
    if not path.exists():
        return {}
    try:
        data = json.loads(read_bytes(path, MAX_BYTES).decode("utf-8"))
    except Unreadable as exc:
        raise ForeignFileError(f"cannot use {path}: {exc}") from exc
    except ValueError as exc:  # not UTF-8, or not JSON
        raise ForeignFileError(f"refusing to overwrite {path}: it is not this bot's record of eval answers") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("runs"), dict):
        raise ForeignFileError(f"refusing to overwrite {path}: it is not this bot's record of eval answers")
    return data["runs"]


def _write(path: Path, runs: dict) -> None:
    """Replace the file atomically (mode 0600; a symbolic link is followed, not replaced)."""
    real = Path(os.path.realpath(path))
    tmp: Path | None = None
    try:
        private_dir(real.parent)
        fd, name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
        tmp = Path(name)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"format": FORMAT, "runs": runs}, fh, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(tmp, real)
    except OSError as exc:
        raise BotError(f"cannot keep this run's answers in {path}: {exc.strerror or exc}") from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
