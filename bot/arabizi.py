"""Arabizi: Arabic typed in Latin letters with digits for the missing sounds ("meen 7arrar 7ama").

Each Latin letter or digit and the Arabic letters it may stand for share a class (data in the Arabic
pack); a word is keyed by the classes of its consonants, so a Latin word finds the Arabic word the
fact base knows with the same key ("7arrar" and "حرر" are both H-R).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.lang import packs
from bot.text import normalise
from bot.vocab import STOPWORDS

_SPEC = next((p.arabizi for p in packs() if p.arabizi), {})
_CLASS = {str(ch): cls for cls, chars in (_SPEC.get("classes") or {}).items() for ch in chars}
_DIGRAPHS = sorted((k for k in _CLASS if len(k) > 1), key=len, reverse=True)
_DROPPED = frozenset(str(c) for c in _SPEC.get("dropped") or [])
_WORDS = {normalise(str(k)): normalise(str(v)) + "-" * str(v).endswith("-")  # ("ال-": written onto the next word)
          for k, v in (_SPEC.get("words") or {}).items()}
_ENDINGS = {str(k): tuple(normalise(str(c)) for c in v) for k, v in (_SPEC.get("endings") or {}).items()}
_MARKERS = frozenset(normalise(str(w)) for w in _SPEC.get("markers") or [])
# a first letter that may stand for a hamza written as a bare alef ("2a5adu": "اخدوا"), which has no class
_SILENT_START = frozenset(str(c) for c in _SPEC.get("silent_start") or [])
_DIGIT_WORD = re.compile(r"^(?=.*[a-z])(?=.*[235789])[a-z0-9]+$")


def is_arabizi(tokens: list[str]) -> bool:
    """True if Latin words mix in the digits Arabizi uses for Arabic sounds ("7ama", "se2tet"), or use a
    word no English message does ("shu", "meen")."""
    return bool(_CLASS) and any(_DIGIT_WORD.match(t) and not t.isdigit() and not t[:-2].isdigit() or t in _MARKERS
                                for t in tokens)


def _classes(word: str) -> list[str]:
    """The class of each letter of ``word`` (a digraph is one letter; a dropped vowel is "")."""
    out, i = [], 0
    while i < len(word):
        ch = next((d for d in _DIGRAPHS if word.startswith(d, i)), "") or word[i]
        i += len(ch)
        out.append("" if ch == "\u0647" and i == len(word) else _CLASS.get(ch, "" if ch in _DROPPED else ch))
    return out


def key(word: str) -> str:
    """The consonant classes of a word, Latin or Arabic; doubled letters count once, a final ه
    (a ta marbuta) not at all."""
    out: list[str] = []
    for cls in _classes(word):
        if cls and (not out or out[-1] != cls):
            out.append(cls)
    return "".join(out)


def sounds(word: str) -> int:
    """How many consonants ``word`` writes. Arabic writes each one as a letter ("حرر" is three); in
    Latin letters a doubled one is one ("7arrar" is three too), but one said again after a vowel is
    another ("2a2ed", q-q-d, is no "قد")."""
    classes, arabic = _classes(word), not word.isascii()
    return sum(1 for i, cls in enumerate(classes) if cls and (arabic or i == 0 or classes[i - 1] != cls))


class Arabizi:
    """Turns Arabizi words into the Arabic words of a vocabulary, by key."""

    def __init__(self, vocabulary: Iterable[tuple[str, str]]) -> None:
        """``vocabulary``: (form, word) pairs; a Latin word keyed like ``form`` becomes ``word``.
        Earlier pairs win a shared key."""
        self.by_key: dict[str, list[tuple[int, str]]] = {}
        for form, word in vocabulary:
            k = key(form)
            if len(k) >= 2:
                self.by_key.setdefault(k, []).append((sounds(form), word))

    def _word(self, k: str, latin: str) -> str:
        """The first word with key ``k`` that writes at least as many consonants as ``latin`` says
        (Arabic writes every consonant; a shorter word is another word), and of those the first that
        ends as ``latin`` does (the pack's ``endings``), or ""."""
        need, ending = sounds(latin), _ENDINGS.get(latin[-1:], ())
        fits = [w for n, w in self.by_key.get(k, ()) if n >= need]
        if not fits:
            return ""
        return next((w for w in fits if w.endswith(ending)), fits[0]) if ending else fits[0]

    def _after_hamza(self, latin: str) -> str:
        """The word ``latin`` writes if its first letter is a hamza on an alef, which Arabic keys drop
        ("2a5adu": "اخدو"), or ""; never a particle ("2a2ed" is no "قد")."""
        if latin[:1] not in _SILENT_START:
            return ""
        word = self._word(key(latin[1:]), latin[1:])
        return "" if word in STOPWORDS else word

    def to_arabic(self, tokens: list[str], keep: frozenset[str] = frozenset()) -> list[str]:
        """Each Latin token as the Arabic word with its key (a ta marbuta said as "t" before the next
        word, "ghorfet", may end the key); a token in ``keep`` (a name written in English letters,
        "daraa") or with no such word stays as it is."""
        out, glued = [], ""
        for t in tokens:
            if t in _WORDS:
                word = _WORDS[t]
            elif t.isdigit() or not t.isascii() or t in keep:
                word = t
            else:  # (after an article written apart, a word written with it first: "el watani" is "الوطني")
                k = key(t)
                word = (glued and self._word(key(glued) + k, glued + t) or self._word(k, t)
                        or k.endswith("T") and self._word(k[:-1], t[:-1])
                        or self._after_hamza(t) or t)
            if word.endswith("-"):  # an article written apart ("el fir2a"): onto the next word, "الفرقه"
                glued = word[:-1]
                continue
            out.append(glued + word if glued and not word.isascii() and not word.startswith(glued) else word)
            glued = ""
        return [w for w in out if w]
