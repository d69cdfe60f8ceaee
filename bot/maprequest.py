"""Tell a request for the map ("show me a map", "where are the front lines?") from a question.

The phrases live in ``bot/data/map_requests.yaml``, so they can grow without touching the engine.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from bot.text import normalise
from bot.yamlfile import read_yaml

PHRASES_FILE = Path(__file__).resolve().parent / "data" / "map_requests.yaml"
TYPO_SCORE = 90  # rapidfuzz ratio (0-100) a longer message needs to count as a phrase with a typo
MIN_TYPO_LENGTH = 8


@lru_cache(maxsize=1)
def _phrases() -> tuple[frozenset[str], frozenset[str]]:
    """The phrases (normalised, filler dropped) and the filler words."""
    data = read_yaml(PHRASES_FILE)
    filler = frozenset(normalise(str(w)) for w in data.get("filler") or [])
    phrases = {_strip(normalise(str(p)), filler) for group in (data.get("phrases") or {}).values() for p in group}
    return frozenset(p for p in phrases if p), filler


def _strip(text: str, filler: frozenset[str]) -> str:
    return " ".join(w for w in text.split() if w not in filler)


def is_map_request(text: str) -> bool:
    """True when ``text`` as a whole asks for the map (English or Arabic), not a fact."""
    phrases, filler = _phrases()
    asked = _strip(normalise(text[:200]), filler)
    if not asked:
        return False
    if asked in phrases:
        return True
    return len(asked) >= MIN_TYPO_LENGTH and any(
        fuzz.ratio(asked, p) >= TYPO_SCORE for p in phrases if abs(len(p) - len(asked)) <= 2)
