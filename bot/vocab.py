"""Word classes from the language packs, and lemmas from simplemma (a maintained lemmatizer with
dictionaries for English and Arabic), so that a word's inflections need no hand-made lists."""

from __future__ import annotations

from functools import lru_cache

import simplemma
import snowballstemmer

from bot.lang import packs

_ALL = packs()
# Words that never make a question unanswerable (they carry no topic).
STOPWORDS = frozenset().union(*(p.function_words for p in _ALL))
# Verbs (any inflection, by lemma) and other words that say how something is asked, not what about.
GENERIC_VERBS = frozenset().union(*(p.generic_verbs for p in _ALL))
GENERIC = frozenset().union(*(p.generic_words for p in _ALL)) | GENERIC_VERBS
_LANGS = tuple(p.code for p in _ALL)
PREFIXES = tuple(sorted({c for p in _ALL for c in p.prefixes}, key=len, reverse=True))
SUFFIXES = tuple(sorted({c for p in _ALL for c in p.suffixes}, key=len, reverse=True))
_ARABIC_STEMMER = snowballstemmer.stemmer("arabic")


def is_arabic(word: str) -> bool:
    """True for a word written in Arabic letters."""
    return "\u0621" <= word[:1] <= "\u064a"


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A short matching key: the Snowball stem of an Arabic word (clitics and endings off), the
    first five letters of any other ("defect" ~ "defected")."""
    return _ARABIC_STEMMER.stemWord(word) if is_arabic(word) else word[:5]


def clitic_splits(word: str) -> list[str]:
    """``word`` without its clitics, most stripped last: "وبحلب" -> ["بحلب", "حلب"] (Arabic only)."""
    if not is_arabic(word):
        return []
    out = []
    for pre in ("", *PREFIXES):
        if not word.startswith(pre) or len(word) - len(pre) < 2:
            continue
        body = word[len(pre):]
        for suf in ("", *SUFFIXES):
            if (pre or suf) and body.endswith(suf) and len(body) - len(suf) >= 2:
                out.append(body[: len(body) - len(suf)] if suf else body)
    return out


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary form of ``word`` ("forgetting" -> "forget"); the word itself when unknown."""
    lang = "ar" if word[:1] >= "\u0600" else "en"
    return simplemma.lemmatize(word, lang=lang).casefold() if lang in _LANGS else word


def is_generic(word: str) -> bool:
    """True for a word (or an inflection of a verb) that carries no topic."""
    return word in GENERIC or lemma(word) in GENERIC_VERBS
# Grammar words the understanding stages look for (voice, the verb, the agent).
BE = frozenset().union(*(p.be for p in _ALL))
AUXILIARIES = BE | frozenset().union(*(p.auxiliaries for p in _ALL))
DETERMINERS = frozenset().union(*(p.determiners for p in _ALL))  # "the statement": a noun
AGENT_MARKERS = tuple(m for p in _ALL for m in p.agent_markers)  # "captured by the rebels", "fell to them"
INVERSE = frozenset().union(*(p.inverse for p in _ALL))  # "lose": the side named is acted on
NEGATIONS = frozenset().union(*(p.negations for p in _ALL))
JOINS = tuple(j for p in _ALL for j in p.joins)


def name_like(word: str) -> bool:
    """True for a word that is no ordinary word of its language, or whose dictionary form is a proper
    noun ("manbij", "damascus"): likely a name the fact base does not know."""
    if not word.isalpha() or len(word) < 3 or word[:1] >= "\u0600":
        return False
    return not simplemma.is_known(word, lang="en") or lemma_case(word)[:1].isupper()


@lru_cache(maxsize=65536)
def lemma_case(word: str) -> str:
    """simplemma's lemma with its case (a capital marks a proper noun)."""
    return simplemma.lemmatize(word, lang="en")
