"""Word classes from the language packs, and lemmas from simplemma (a maintained lemmatizer with
dictionaries for English and Arabic), so that a word's inflections need no hand-made lists."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import simplemma
import snowballstemmer

from bot.lang import packs
from bot.text import Phrases, normalise

_ALL = packs()
# Words that never make a question unanswerable (they carry no topic).
STOPWORDS = frozenset().union(*(p.function_words for p in _ALL))
# Verbs (any inflection, by lemma) and other words that say how something is asked, not what about.
GENERIC_VERBS = frozenset().union(*(p.generic_verbs for p in _ALL))
GENERIC = frozenset().union(*(p.generic_words for p in _ALL), *(p.happen_words for p in _ALL)) | GENERIC_VERBS
PREFIXES = tuple(sorted({c for p in _ALL for c in p.prefixes}, key=len, reverse=True))
SUFFIXES = tuple(sorted({c for p in _ALL for c in p.suffixes}, key=len, reverse=True))
ARTICLES = tuple(p.article for p in _ALL if p.article)
VERB_STARTS = tuple(v for p in _ALL for v in p.verb_starts)
_ARABIC_STEMMER = snowballstemmer.stemmer("arabic")
_ENGLISH_STEMMER = snowballstemmer.stemmer("english")
STEMMER_MODULES = frozenset(type(s).__module__ for s in (_ARABIC_STEMMER, _ENGLISH_STEMMER))


def is_arabic(word: str) -> bool:
    """True for a word written in Arabic letters."""
    return "\u0621" <= word[:1] <= "\u064a"


@lru_cache(maxsize=65536)
def light_stem(word: str) -> str:
    """An Arabic word without the affixes of its verb or noun form (Tashaphyne's light stemmer):
    "تزحف" -> "زحف", "يشدد" -> "شدد", "يتقدمون" -> "تقدم"; Snowball leaves a present tense whole."""
    stemmer = _light_stemmer()
    stemmer.light_stem(word)
    return stemmer.get_stem()


@lru_cache(maxsize=1)
def _light_stemmer():  # -> tashaphyne's ArabicLightStemmer
    from tashaphyne.stemming import ArabicLightStemmer  # loaded for the first unknown Arabic word

    return ArabicLightStemmer()


@lru_cache(maxsize=65536)
def root(word: str) -> str:
    """The root Tashaphyne finds for an Arabic word ("يسترجع" -> "رجع", "انحررت" -> "حرر"): the most
    frequent root of its segmentations, as Tashaphyne chooses, but "" when two roots tie (Tashaphyne
    would pick one by the order of a set, so the answer would change from run to run)."""
    stemmer = _light_stemmer()
    stemmer.light_stem(word)
    roots = [d["root"] for d in stemmer.get_affix_list()]
    for keep in (stemmer.is_root_length_valid, stemmer.is_root, lambda r: len(r) == 3):  # as Tashaphyne filters
        roots = [r for r in roots if keep(r)] or roots
    counts = Counter(roots).most_common(2)
    return counts[0][0] if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]) else ""


def verb_like(word: str) -> bool:
    """True for an Arabic word that begins as a verb can (the packs' ``verb_starts``) and has no article:
    one whose root may link it to an action (nouns' roots join too much: "القادم" and "تقدم")."""
    return word.startswith(VERB_STARTS) and not word.startswith(ARTICLES)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A matching key: the Snowball stem of the word ("defected" -> "defect", "وبحلب" -> "حلب")."""
    return (_ARABIC_STEMMER if is_arabic(word) else _ENGLISH_STEMMER).stemWord(word)


@lru_cache(maxsize=65536)
def clitic_splits(word: str, written: bool = False) -> tuple[str, ...]:
    """``word`` without its clitics, least stripped first: "وبحلب" -> ["بحلب", "حلب", ...] (Arabic only).
    ``written``: a word of the knowledge files, where a dictionary word keeps its first letter (the
    "ف" of "فرقة" is the word's own, so "الفرقة" never yields "رقة", a word the report does not use)."""
    if not is_arabic(word):
        return ()
    bodies = [word]
    for _ in range(2):  # a conjunction, then a preposition or article: "و" + "ب" + "حلب"
        bodies += [b[len(pre):] for b in bodies for pre in PREFIXES if b.startswith(pre) and len(b) - len(pre) >= 2
                   and not (written and len(pre) == 1 and _in_dictionary(b))]
    out = []
    for body in dict.fromkeys(bodies):
        # ... and a final "ه" that is the word's own ta marbuta ("محافظة" is no "محافظ" + "his")
        bare = [body[: -len(suf)] for suf in SUFFIXES if body.endswith(suf) and len(body) - len(suf) >= 2
                and not (written and suf == "\u0647" and _in_dictionary(body))]
        # a ta marbuta is written as a ta before a pronoun suffix: "قصتها" is "قصه" + "ها"
        out += [body] * (body != word) + bare + [b[:-1] + "\u0647" for b in bare if b.endswith("\u062a") and len(b) >= 3]
        if body.endswith("\u0627") and len(body) >= 4:  # the alef of an ending: "بيانا" (بياناً) is "بيان"
            out.append(body[:-1])
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=65536)
def forms(word: str, written: bool = False) -> tuple[str, ...]:
    """A word, and for Arabic its forms of three letters or more without clitics ("بمركز" is also "مركز");
    ``written``: see ``clitic_splits``."""
    return (word, *(b for b in clitic_splits(word, written) if len(b) >= 3))


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary form of an English ``word`` ("forgetting" -> "forget"); any other word as it is
    (Arabic words are matched by their Snowball stems instead)."""
    return word if is_arabic(word) or not word.isalpha() else lemma_case(word).casefold()


def is_generic(word: str) -> bool:
    """True for a word (or an inflection of a verb) that carries no topic."""
    return word in GENERIC or lemma(word) in GENERIC_VERBS
# Grammar words the understanding stages look for (voice, the verb, the agent).
BE = frozenset().union(*(p.be for p in _ALL))
VERB_AUXILIARIES = frozenset().union(*(p.auxiliaries for p in _ALL))  # "did": a verb follows
AUXILIARIES = BE | VERB_AUXILIARIES
DETERMINERS = frozenset().union(*(p.determiners for p in _ALL))  # "the statement": a noun
AGENT_MARKERS = tuple(m for p in _ALL for m in p.agent_markers)  # "captured by the rebels", "fell to them"
INVERSE = frozenset().union(*(p.inverse for p in _ALL))  # "lose": the side named is acted on
NEGATIONS = frozenset().union(*(p.negations for p in _ALL))
JOINS = tuple(j for p in _ALL for j in p.joins)
WEEKDAYS = frozenset(w for p in _ALL for names in p.weekdays for w in names)  # dates, never a topic
QUESTION_WORDS = frozenset().union(*(p.question_words for p in _ALL))  # "when", "وين": words that ask


def place_names() -> list[str]:
    """A gazetteer in each pack's language, normalised: the names of countries (and unions: "European
    Union") and CLDR's exemplar cities of its time zones ("Damascus", "دمشق"), through Babel, with
    the packs' ``countries`` for names CLDR no longer uses ("Turkey"); a city whose words are all
    ordinary English words ("Resolute", "Oral"), or of three letters or fewer (Chuuk's "ترك" is also
    "left"), is left out. The builder stores them with the fact
    base, so that answering never loads Babel's locale data."""
    from babel import Locale  # only when building

    names: set[str] = set()
    for p in _ALL:
        locale = Locale(p.code)
        names |= {normalise(n) for code, n in locale.territories.items() if code.isalpha()}
        for zone, data in locale.time_zones.items():
            city = data.get("city") or (zone.rsplit("/", 1)[-1].replace("_", " ") if p.code == "en" and "/" in zone else "")
            city = normalise(city)
            if len(city) > 3 and not all(is_word(w) and not lemma_case(w)[:1].isupper() for w in city.split()):
                names.add(city)
    return sorted(names | {c for p in _ALL for c in p.countries})


def is_word(word: str) -> bool:
    """True for an ordinary English word (in simplemma's dictionary)."""
    return simplemma.is_known(word, lang="en")


def name_like(word: str) -> bool:
    """True for a word that is no ordinary word of its language, or whose dictionary form is a proper
    noun ("manbij", "damascus"): likely a name the fact base does not know."""
    if not word.isalpha() or len(word) < 3 or word[:1] >= "\u0600":
        return False
    return not is_word(word) or lemma_case(word)[:1].isupper()


NAME_MARKERS = frozenset().union(*(p.name_markers for p in _ALL))
GLUED_MARKERS = tuple(sorted({m for p in _ALL for m in p.glued_markers}, key=len, reverse=True))
CONTAINER = Phrases(w for p in _ALL for w in p.container)  # "part of": the name after it holds the other
OBJECT_MARKERS = frozenset().union(*(p.object_markers for p in _ALL))  # "من قوات النظام": not the one who acted
NAME_WORDS = frozenset().union(*(p.name_words for p in _ALL))  # "called", "سموا": they ask for a name
ASKS_NAMES = frozenset().union(*(p.asks_names for p in _ALL))  # "which", "by name": they ask for names
SUBJECT_ENDINGS = tuple(e for p in _ALL for e in p.subject_endings)  # "طالبوا": the verb has its subject
_WRITTEN = (("\u0647", "\u0629"), ("\u064a", "\u0649"))  # how normalisation wrote a final ة and ى


@lru_cache(maxsize=65536)
def in_arabic_dictionary(word: str) -> bool:
    """True if simplemma's Arabic dictionary knows ``word`` or a form of it without clitics."""
    return any(map(_in_dictionary, forms(word)))


@lru_cache(maxsize=65536)
def _in_dictionary(form: str) -> bool:
    """True if simplemma's Arabic dictionary knows ``form`` as normalisation left it or with its final
    ة / ى and an initial hamza written back."""
    spellings = {form} | {form[:-1] + full for short, full in _WRITTEN if form.endswith(short)}
    spellings |= {hamza + w[1:] for w in spellings if w.startswith("\u0627") for hamza in "\u0623\u0625"}
    return any(simplemma.is_known(w, lang="ar") for w in spellings)


def arabic_name_like(word: str, before: str) -> bool:
    """True for an Arabic word that may be a name: none of its forms is in the dictionary, or it
    comes right after a preposition ("مع لبنان", "في منبج") or has one written onto it with its article
    ("عالشام"). Dictionaries list names too ("دمشق"), so a known word is taken for a name only where
    names stand."""
    return (not NAME_MARKERS.isdisjoint(forms(before)) or not in_arabic_dictionary(word)
            or any(word.startswith(m) and len(word) - len(m) >= 3 for m in GLUED_MARKERS))


@lru_cache(maxsize=65536)
def lemma_case(word: str) -> str:
    """simplemma's lemma with its case (a capital marks a proper noun)."""
    return simplemma.lemmatize(word, lang="en")
