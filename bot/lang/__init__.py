"""Language packs: the words and sentences of each language, as data (``bot/lang/<code>.yaml``).

Python holds the mechanisms; a pack holds the cue phrases of each kind of question, function words,
rewrites, follow-up openers, the frames people wrap a question in ("I heard", "is that right"), and
the bot's own sentences. Understanding uses every pack at once (scripts do not collide); replies use
the pack of the question's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from bot.text import normalise
from bot.yamlfile import read_yaml

LANG_DIR = Path(__file__).parent
LANGUAGES = ("en", "ar")


@dataclass(frozen=True)
class IntentSpec:
    """A kind of question: its cue phrases, example phrasings, and what it says when the slot it
    asks for is missing from the best fact."""

    name: str
    cues: tuple[str, ...]
    phrasings: tuple[str, ...] = ()
    leading: bool = False  # cues count only at the start of the question
    missing: str = ""
    lead_only: tuple[str, ...] = ()  # cues that count only at the start ("من" is also "from")


@dataclass(frozen=True)
class Pack:
    """One language's data."""

    code: str
    intents: tuple[IntentSpec, ...]
    who_roles: dict[str, tuple[str, ...]]
    clock_cues: tuple[str, ...]
    opinion_cues: tuple[str, ...]  # "what do you think of ...?": the bot gives no opinion of its own
    future_cues: tuple[str, ...]
    followup_openers: tuple[str, ...]
    pronouns: frozenset[str]
    rewrites: dict[str, str]
    date_rewrites: dict[str, str]  # rewrites before a number only ("back in 2011": "in 2011", not "took it back")
    separable: dict[str, dict[str, str]]  # particle -> verbs it changes, a few words later ("got Daraa back")
    function_words: frozenset[str]
    generic_verbs: frozenset[str]
    generic_words: frozenset[str]
    be: frozenset[str]
    auxiliaries: frozenset[str]
    determiners: frozenset[str]
    agent_markers: tuple[str, ...]
    inverse: frozenset[str]
    hearsay: tuple[str, ...]
    hearsay_verbs: tuple[str, ...]  # "my cousin said ...": a verb that reports what someone said
    name_markers: frozenset[str]  # words a name follows ("مع لبنان"): an unknown word after one may be a name
    glued_markers: tuple[str, ...]  # the same written onto the word with its article ("عالشام", "بالشام")
    place_words: frozenset[str]  # "Daraa is in southern Syria?": a claim of where a place lies
    place_clitics: dict[str, str]  # a preposition written onto a place's name ("بحمص"): the place word it is
    directions: frozenset[str]  # "advancing towards X", "heading for X": the word before where a side heads
    losses: frozenset[str]  # "did they lose many fighters?": people lost, a toll the report never gives
    destination_ends: frozenset[str]  # "where did they retreat to?": a where question ending so asks where to
    destination_cues: tuple[str, ...]  # "لوين": ... and one with this anywhere
    demonstratives: frozenset[str]  # "that offensive", "هداك الهجوم": the noun after one is something just said
    inflections: frozenset[str]  # endings a stemmer takes off a verb ("holds", "cited"), not "reporter"
    event_endings: frozenset[str]  # endings that make a verb the noun of its event ("declaration", "withdrawal")
    date_of: tuple[str, ...]  # words between a day and its month ("5 of December", "5 من كانون الأول")
    day_articles: tuple[str, ...]  # words that make a bare number a day of the month ("بال٥": on the 5th)
    month_markers: tuple[str, ...]  # words that make a month name that is also a verb a month ("in March")
    month_edges: dict[str, tuple[str, ...]]  # "the end of November" is its last day, "the start of" its first
    frames: tuple[str, ...]
    interjections: tuple[str, ...]  # "lol", "omg", "ههههه": said between clauses, they end one
    tags: tuple[str, ...]
    negations: frozenset[str]
    question_words: frozenset[str]  # words that ask ("when", "وين"): a message without one states a claim
    report_time: tuple[str, ...]  # "since", "before the report": the report's own date is one end of a span
    asks_names: frozenset[str]  # "which", "بالأسماء": the question wants names, not a description
    name_words: frozenset[str]  # "name", "اسم": the question asks what something is called
    happen_words: frozenset[str]  # "happened", "صار": "what happened in X?" lists X's events
    demonym_suffixes: tuple[str, ...]  # "Jordan" + "ian", "الأردن" + "ية": the adjective of a name
    shifts: dict[str, tuple[str, ...]]  # "later", "earlier": a day before or after the previous answer's
    absence: tuple[str, ...]  # "without", "بدون": the next word is claimed not to have been part of it
    participation: tuple[str, ...]  # "take part", "شارك": a claim of one more party, which others do not rule out
    container: tuple[str, ...]  # "part of", "جزء من": the name after it is what the claim puts the other inside
    object_markers: frozenset[str]  # prepositions a side that did not act follows (in verb-first languages)
    joins: tuple[str, ...]
    exact_words: frozenset[str] = frozenset()  # words matched only as written: their stem-mates mean other things
    countries: tuple[str, ...] = ()  # names of countries CLDR does not give ("Turkey": it has "Türkiye")
    span_ends: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "from" / "to" words of "from X to Y"
    order: dict[str, tuple[str, ...]] = field(default_factory=dict)
    within: tuple[str, ...] = ()  # "within a week": at most the span that follows
    over: tuple[str, ...] = ()  # "more than a week": longer than the span that follows
    opposites: dict[str, str] = field(default_factory=dict)
    rivals: tuple[tuple[frozenset[str], ...], ...] = ()  # values of one point, each with its spellings
    beyond: dict[str, str] = field(default_factory=dict)  # a claim's word that says more than the fact's: all -> most
    precision: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "what month": month or day
    kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)  # entity type -> the words for it ("cities")
    day_ordinals: dict[str, int] = field(default_factory=dict)  # "اول كانون الاول": ordinal words for days
    verb_first: bool = False  # the subject usually follows the verb (Arabic)
    subject_endings: tuple[str, ...] = ()  # "طالبوا": a verb with its subject on it; a side after it is its object
    months: tuple[tuple[str, ...], ...] = ()  # the names of each month, January first
    weekdays: tuple[tuple[str, ...], ...] = ()  # the names of each day of the week, Monday first
    choice: tuple[str, ...] = ()  # "on the 5th or the 6th?": words that offer a choice of values
    arabizi: dict = field(default_factory=dict)  # Latin-letter spelling of this language (classes, words)
    prefixes: tuple[str, ...] = ()  # clitics written onto the front or end of a word
    suffixes: tuple[str, ...] = ()
    clause_breaks: tuple[str, ...] = ()  # "but": a word that starts a clause ("sorry if this is dumb but who ...?")
    asker_possessives: tuple[str, ...] = ()  # "my", "our": the word after one is the asker's own (teacher, cousin), no topic
    asker_subjects: tuple[str, ...] = ()  # "i", "im": words from one on are the asker's own ("... i keep seeing")
    verb_starts: tuple[str, ...] = ()  # how a verb's written form begins ("ي", "بي", "ا"): a word linked by its root
    article: str = ""  # the definite article a noun drops before the noun it governs ("ال")
    units: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    ordinals: frozenset[str] = frozenset()  # "seventh", "الخامس": a number that tells one named unit from another
    messages: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)

    def say(self, key: str, **values: object) -> str:
        """The bot's sentence ``key`` with ``values`` filled in."""
        return self.messages[key].format(**values)

    def bound(self, **values: str) -> "Pack":
        """This pack with the placeholders named in ``values`` filled in, in its sentences and in the
        "missing" sentences of its kinds of question (what depends on the knowledge: ``{report}``)."""
        def fill(text: str) -> str:
            for name, value in values.items():
                text = text.replace("{" + name + "}", value)
            return text
        return replace(self, messages={k: fill(v) for k, v in self.messages.items()},
                       intents=tuple(replace(i, missing=fill(i.missing)) for i in self.intents))


def _words(data: dict, key: str) -> tuple[str, ...]:
    return tuple(normalise(str(w)) for w in data.get(key) or [])


def _pairs(pairs: dict) -> dict[str, str]:
    """Pairs of words, normalised."""
    return {normalise(str(k)): normalise(str(v)) for k, v in pairs.items()}


def _opposites(pairs: dict) -> dict[str, str]:
    """Both directions of each pair of opposite words."""
    out = _pairs(pairs)
    return out | {v: k for k, v in out.items()}


@lru_cache(maxsize=None)
def load(code: str) -> Pack:
    """The pack for language ``code``, read once."""
    data = read_yaml(LANG_DIR / f"{code}.yaml")
    intents = tuple(IntentSpec(name, tuple(normalise(c) for c in spec.get("cues") or []),
                               tuple(spec.get("phrasings") or []), bool(spec.get("leading")),
                               str(spec.get("missing", "")), tuple(normalise(c) for c in spec.get("lead_only") or []))
                    for name, spec in (data.get("intents") or {}).items())
    return Pack(
        code=code, intents=intents,
        who_roles={k: tuple(normalise(c) for c in v) for k, v in (data.get("who_roles") or {}).items()},
        clock_cues=_words(data, "clock_cues"), future_cues=_words(data, "future_cues"),
        opinion_cues=_words(data, "opinion_cues"),
        followup_openers=_words(data, "followup_openers"), pronouns=frozenset(_words(data, "pronouns")),
        rewrites={normalise(k): normalise(str(v)) for k, v in (data.get("rewrites") or {}).items()},
        date_rewrites={normalise(k): normalise(str(v)) for k, v in (data.get("date_rewrites") or {}).items()},
        separable={normalise(k): {normalise(a): normalise(str(b)) for a, b in v.items()}
                   for k, v in (data.get("separable") or {}).items()},
        function_words=frozenset(_words(data, "function_words")),
        generic_verbs=frozenset(_words(data, "generic_verbs")),
        generic_words=frozenset(_words(data, "generic_words")),
        be=frozenset(_words(data, "be")), auxiliaries=frozenset(_words(data, "auxiliaries")),
        determiners=frozenset(_words(data, "determiners")), agent_markers=_words(data, "agent_markers"),
        inverse=frozenset(_words(data, "inverse")), hearsay=_words(data, "hearsay"),
        hearsay_verbs=_words(data, "hearsay_verbs"), name_markers=frozenset(_words(data, "name_markers")),
        glued_markers=tuple(_words(data, "glued_markers")),
        place_words=frozenset(_words(data, "place_words")),
        place_clitics={normalise(k): normalise(str(v)) for k, v in (data.get("place_clitics") or {}).items()},
        directions=frozenset(_words(data, "directions")),
        inflections=frozenset(_words(data, "inflections")), demonstratives=frozenset(_words(data, "demonstratives")),
        losses=frozenset(_words(data, "losses")), destination_ends=frozenset(_words(data, "destination_ends")),
        destination_cues=_words(data, "destination_cues"), event_endings=frozenset(_words(data, "event_endings")),
        date_of=_words(data, "date_of"), day_articles=_words(data, "day_articles"),
        month_markers=_words(data, "month_markers"),
        month_edges={k: tuple(normalise(w) for w in v) for k, v in (data.get("month_edges") or {}).items()},
        day_ordinals={normalise(str(k)): int(v) for k, v in (data.get("day_ordinals") or {}).items()},
        frames=_words(data, "frames"), interjections=_words(data, "interjections"),
        clause_breaks=_words(data, "clause_breaks"), tags=_words(data, "tags"),
        negations=frozenset(_words(data, "negations")), joins=_words(data, "joins"),
        countries=_words(data, "countries"), exact_words=frozenset(_words(data, "exact_words")),
        span_ends={k: tuple(normalise(w) for w in v) for k, v in (data.get("span_ends") or {}).items()},
        question_words=frozenset(_words(data, "question_words")), report_time=_words(data, "report_time"),
        asks_names=frozenset(_words(data, "asks_names")), name_words=frozenset(_words(data, "name_words")),
        happen_words=frozenset(_words(data, "happen_words")),
        demonym_suffixes=_words(data, "demonym_suffixes"), absence=_words(data, "absence"),
        participation=_words(data, "participation"), container=_words(data, "container"), object_markers=frozenset(_words(data, "object_markers")),
        shifts={k: tuple(normalise(w) for w in v) for k, v in (data.get("shifts") or {}).items()},
        order={k: tuple(normalise(w) for w in v) for k, v in (data.get("order") or {}).items()},
        within=_words(data, "within"), over=_words(data, "over"),
        opposites=_opposites(data.get("opposites") or {}),
        rivals=tuple(tuple(frozenset(normalise(w) for w in str(v).split("|")) for v in group)
                     for group in data.get("rivals") or []),
        beyond={normalise(str(k)): "|".join(normalise(x) for x in str(v).split("|"))
                for k, v in (data.get("beyond") or {}).items()},
        precision={k: tuple(normalise(c) for c in v) for k, v in (data.get("precision") or {}).items()},
        kinds={k: tuple(normalise(c) for c in v) for k, v in (data.get("kinds") or {}).items()},
        verb_first=bool(data.get("verb_first")), subject_endings=_words(data, "subject_endings"),
        months=tuple(tuple(normalise(n) for n in names) for names in data.get("months") or []),
        weekdays=tuple(tuple(normalise(n) for n in names) for names in data.get("weekdays") or []),
        choice=_words(data, "choice"),
        arabizi=data.get("arabizi") or {},
        prefixes=tuple(normalise(w) for w in (data.get("clitics") or {}).get("prefixes") or []),
        suffixes=tuple(normalise(w) for w in (data.get("clitics") or {}).get("suffixes") or []),
        article=normalise(str((data.get("clitics") or {}).get("article") or "")),
        asker_possessives=_words(data, "asker_possessives"),
        asker_subjects=_words(data, "asker_subjects"),
        verb_starts=tuple(normalise(w) for w in (data.get("clitics") or {}).get("verb_starts") or []),
        units={normalise(str(k)): int(v) for k, v in (data.get("units") or {}).items()},
        numbers={normalise(str(k)): int(v) for k, v in (data.get("numbers") or {}).items()},
        ordinals=frozenset(_words(data, "ordinals")),
        messages={str(k): str(v) for k, v in (data.get("messages") or {}).items() if not isinstance(v, list)},
        lists={str(k): [str(x) for x in v] for k, v in (data.get("messages") or {}).items() if isinstance(v, list)},
    )


def packs() -> list[Pack]:
    """Every language's pack, English first."""
    return [load(code) for code in LANGUAGES if (LANG_DIR / f"{code}.yaml").is_file()]
