"""Where the bundled knowledge lives and where built fact bases go."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def bundled_knowledge_dir() -> Path:
    """The knowledge installed with the package, else the checkout's ``knowledge/``."""
    installed = _HERE / "knowledge"
    return installed if (installed / "facts.yaml").is_file() else _HERE.parent / "knowledge"


def default_knowledge_dir() -> Path:
    """``BOT_KNOWLEDGE_DIR``, else the bundled knowledge."""
    if os.environ.get("BOT_KNOWLEDGE_DIR"):
        return Path(os.environ["BOT_KNOWLEDGE_DIR"]).expanduser()
    return bundled_knowledge_dir()


def cache_dir() -> Path:
    """The folder for built fact bases (``XDG_CACHE_HOME`` aware)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "offensive-factbot"


def default_db_path(knowledge_dir: Path) -> Path:
    """``BOT_DB_PATH``, else a cache file named after the knowledge folder it is built from."""
    if os.environ.get("BOT_DB_PATH"):
        return Path(os.environ["BOT_DB_PATH"]).expanduser()
    key = hashlib.sha256(str(knowledge_dir.resolve()).encode()).hexdigest()[:12]
    return cache_dir() / f"facts-{key}.sqlite"
