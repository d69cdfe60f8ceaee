"""Text normalisation shared by the builder, the engine and the evaluator."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

MAX_QUESTION_CHARS = 500

_APOSTROPHES = "'\u2019\u2018\u02bc\u02bf\u02be`\u00b4"
_DROP = str.maketrans("", "", _APOSTROPHES)
_POSSESSIVE = re.compile(f"(?<=\\w)[{_APOSTROPHES}]s\\b")
# Arabic: hamza and madda on alef, alef maqsura, ta marbuta and tatweel folded; Eastern digits to 0-9
_ARABIC = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
                         "\u0649": "\u064a", "\u0629": "\u0647", "\u0640": None}
                        | {chr(0x0660 + d): str(d) for d in range(10)} | {chr(0x06F0 + d): str(d) for d in range(10)})
_NON_WORD = re.compile(r"[^\w/]+|_")
_SLASH = re.compile(r"(?<!\w)/|/(?!\w)")
_SPACES = re.compile(r"\s+")
_LETTER_DIGIT = re.compile(r"(?<=[\u0621-\u064a])(?=\d)|(?<=\d)(?=[\u0621-\u064a])")  # "ب5" -> "ب 5"


def clean(text: str) -> str:
    """Drop format characters (zero-width, bidi), turn control characters into spaces; fold spaces."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isprintable():  # (a printable text has no character of these categories)
        text = "".join(ch if (cat := unicodedata.category(ch))[0] != "C" else "" if cat == "Cf" else " "
                       for ch in text)
    return _SPACES.sub(" ", text).strip()


def clean_question(text: str) -> str:
    """A question as the engine takes it: cleaned and cut to MAX_QUESTION_CHARS."""
    return clean(text[: MAX_QUESTION_CHARS * 4])[:MAX_QUESTION_CHARS]


@lru_cache(maxsize=65536)  # the same names and words come back, in the build and in questions
def normalise(text: str) -> str:
    """Lower-case words without accents, apostrophes, punctuation, emoji or repeated spaces."""
    text = unicodedata.normalize("NFKD", _POSSESSIVE.sub("", clean(text).casefold()).translate(_DROP))
    if not text.isascii():  # (ASCII has no combining marks)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_ARABIC)
    text = _LETTER_DIGIT.sub(" ", _NON_WORD.sub(" ", text))
    return _SPACES.sub(" ", _SLASH.sub(" ", text)).strip()


_EDGE_PUNCTUATION = re.compile(r"^[^\w/]+|[^\w/]+$")


def bare(word: str) -> str:
    """A word as the asker wrote it, without the punctuation around it ("دمشق،" -> "دمشق")."""
    return _EDGE_PUNCTUATION.sub("", word)


class Phrases:
    """Normalised phrases, found as whole words in normalised text by one compiled search, or peeled
    off its start or end by looking up its first or last words."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = frozenset(" ".join(ph.split()) for ph in phrases)
        self.most_words = max((len(ph.split()) for ph in self.phrases), default=0)
        alternatives = "|".join(map(re.escape, sorted(self.phrases, key=len, reverse=True))) or "(?!)"
        self._search = re.compile(rf"(?<!\S)(?:{alternatives})(?!\S)").search

    def found_in(self, text: str) -> bool:
        """True if one of the phrases is in ``text``, between spaces or at its ends."""
        return self._search(text) is not None

    def word_after(self, text: str) -> int:
        """The place (in words) of the word after the first phrase found in ``text``; -1 if none is."""
        found = self._search(text)
        return -1 if found is None else len(text[:found.end()].split())

    def peel(self, text: str, at_start: bool) -> tuple[str, bool]:
        """``text`` without the phrases at its start (or end), longest first, repeatedly; True if any was peeled."""
        words, peeled = text.split(), False
        while words:
            for n in range(min(self.most_words, len(words)), 0, -1):
                if " ".join(words[:n] if at_start else words[-n:]) in self.phrases:
                    words, peeled = words[n:] if at_start else words[:-n], True
                    break
            else:
                break
        return " ".join(words), peeled


def words(text: str) -> list[str]:
    """The normalised words of ``text``."""
    return normalise(text).split()
