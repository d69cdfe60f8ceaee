"""The map as a file: drawn once per knowledge version and language, and kept next to the fact base,
so every later request only reads (or sends) it."""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

from bot import maptext
from bot.factbase import FactBase
from bot.holders import situation

_DRAWING = threading.Lock()  # one drawing at a time: a second request waits, then finds the file


def map_file(fb: FactBase, lang: str = "en") -> Path:
    """The PNG map of ``fb`` in ``lang``, drawn on first use (next to the fact base, else in a temp folder)."""
    if lang not in maptext.LANGUAGES:
        raise ValueError(f"unknown map language {lang!r} (use {', '.join(maptext.LANGUAGES)})")
    from bot import mapimage  # Pillow is loaded only when a map is asked for

    name = f"{fb.path.stem}.map-{fb.digest[:16]}-s{mapimage.STYLE}-{lang}.png"
    for folder in (fb.path.parent, Path(tempfile.gettempdir()) / "offensive-factbot-maps"):
        path = folder / name
        if path.is_file():
            return path
        with _DRAWING:
            if path.is_file():
                return path
            try:
                _write(path, mapimage.render(fb, lang))
            except OSError:
                continue  # a read-only fact base folder: use the temp folder
            _forget_old(folder, fb.path.stem, keep=f"{fb.digest[:16]}-s{mapimage.STYLE}-")
            return path
    raise OSError(f"cannot write the map next to {fb.path} nor in the temp folder")


def caption(fb: FactBase, lang: str = "en") -> str:
    """``As of <date>, according to <sources>.``: the words that go with the map."""
    return maptext.caption(fb, situation(fb), lang)


def _write(path: Path, data: bytes) -> None:
    """Write atomically: a reader sees the whole file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _forget_old(folder: Path, stem: str, keep: str) -> None:
    """Remove maps of earlier knowledge versions of the same fact base."""
    for old in folder.glob(f"{stem}.map-*.png"):
        if keep not in old.name:
            old.unlink(missing_ok=True)
