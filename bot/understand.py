"""Understand a question: normalise, link entities, correct typos, find dates, actions and intent."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import cached_property
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot import thresholds as T
from bot.context import Context
from bot.dates import MONTH_PARTS, MONTH_WORDS, ORDINAL_WORDS, FactDate, dates_in
from bot.factbase import FactBase, StoredFact
from bot.knowledge import EVENT_TYPES
from bot.intents import (INTENTS, CLOCK_CUES, CUE_WORDS, FOLLOWUP_OPENERS, FUTURE_CUES, OPINION_CUES, PRONOUNS,
                         choose_intent, cue_words_in, points_back, rank_intents, who_role)
from bot.arabizi import Arabizi, is_arabizi
from bot.frames import frame
from bot.lang import packs
from bot.text import Phrases, normalise
from bot.vocab import (AGENT_MARKERS, ARTICLES, ASKS_NAMES, NAME_WORDS, CONTAINER, JOINS, NEGATIONS, arabic_name_like, AUXILIARIES, BE, DETERMINERS, INVERSE, STOPWORDS, clitic_splits, is_arabic,
                       QUESTION_WORDS, forms, is_generic, is_word, lemma, light_stem, name_like, root, stem, verb_like)

SOCIAL = ("greeting", "thanks")


@dataclass
class Parsed:
    """What the engine knows about one question after understanding it."""

    text: str
    tokens: list[str]
    entities: list[str] = field(default_factory=list)
    soft_entities: list[str] = field(default_factory=list)  # from the previous turn: help, never required
    dates: list[FactDate] = field(default_factory=list)
    actions: set[str] = field(default_factory=set)
    content: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    intent: str = ""
    intent_score: float = 0.0
    role: str = "who"
    followup: bool = False
    context_fact: str = ""
    pointed: str = ""  # the word after a demonstrative ("when did that offensive start?": "offensive")
    inverse: bool = False  # "lose": the side named first is the one acted on
    agent: str = ""  # the side named after "by" in a passive question
    pronoun_subject: bool = False  # "what did it ...": the subject comes from the previous turn
    positions: dict[str, int] = field(default_factory=dict)  # entity -> first token it was named at
    action_at: int = -1  # token of the first action word (-1: none)
    future: bool = False
    clock: bool = False
    claim: bool = False  # a statement to check ("X, right?", "I heard X")
    names: list[str] = field(default_factory=list)  # unknown words that look like names ("Manbij", "ISIS")
    verb_first: bool = False  # written in a language whose subject follows the verb
    arabizi: bool = False  # typed in Latin letters for Arabic: answered in Arabic
    precision: int = 0  # the precision a "when" question asks for: 2 a day, 1 a month, 0 any
    to_report: bool = False  # the report's own date is one end of the span asked about ("since", "before the report")
    said: set[str] = field(default_factory=set)  # the actions of a verb the function words hide ("what did X say")
    request: bool = False  # opened by a frame that asks ("tell me ...")
    report_named: bool = False  # a word of the report action was written, even where rewrites drop it ("this report")
    mention: bool = False  # asks whether the report names something ("does it mention Jordan?")
    earlier_fact: str = ""  # in a follow-up that names nothing, the fact answered before the last one
    side_of: tuple[str, str] = ("", "")  # "who held it after that?": ("after", the fact answered last)
    opinion: bool = False  # asks what the bot itself thinks
    negated: bool = False  # a claim that states a negation ("the rebels didn't take Aleppo, right?")
    kinds: set[str] = field(default_factory=set)  # the entity types a "which cities are mentioned?" question lists
    asked_kinds: set[str] = field(default_factory=set)  # the entity types "which" asks for ("which division ...?")

    toll: bool = False  # "did they lose many fighters?": people lost, not a place
    destination: bool = False  # "where did they retreat to?": where to, not where it happened

    @property
    def untold(self) -> bool:
        """True if it asks what no fact tells: the hour, the future, the bot's own opinion, or a toll."""
        return self.clock or self.future or self.opinion or self.toll

    def without_unknown(self) -> "Parsed":
        """The question with its unknown words set aside (weighed, or standing for a claim's value)."""
        return replace(self, unknown=[], content=[w for w in self.content if w not in self.unknown])
    asides: list[str] = field(default_factory=list)


_REPEATS = re.compile(r"(.)\1+", re.DOTALL)
_DEMONYMS = sorted({s for p in packs() for s in p.demonym_suffixes}, key=len, reverse=True)


def demonym_base(word: str) -> str:
    """The name an adjective is made of ("jordanian" -> "jordan", "الاردنيه" -> "الاردن"), else ""."""
    return next((word[:-len(s)] for s in _DEMONYMS if word.endswith(s) and len(word) - len(s) >= 4), "")


def _collapse(word: str) -> str:
    """``hamma`` -> ``hama``: doubled letters folded (a common typo)."""
    return _REPEATS.sub(r"\1", word)


# Every word of the packs' cue phrases, frames and tags: never reshaped into another word.
PACK_WORDS = frozenset(w for i in INTENTS for c in i.cues for w in c.split()) | frozenset(
    w for p in packs() for group in (p.frames, p.hearsay, p.hearsay_verbs, p.tags, p.function_words, p.numbers,
                                     p.units, p.ordinals, p.absence, p.asks_names, p.name_words, p.clock_cues, p.future_cues, p.opinion_cues,
                                     *p.weekdays) for c in group for w in c.split())
_KIND_WORDS: dict[str, set[str]] = {}
for _pack in packs():
    for _type, _words in _pack.kinds.items():
        _KIND_WORDS.setdefault(_type, set()).update(_words)
WHICH = ASKS_NAMES & QUESTION_WORDS  # "which", "اي": they ask for names
KINDS = {t: Phrases(words) for t, words in _KIND_WORDS.items()}  # entity type -> its words, found in a question
KIND_WORDS = frozenset(w for words in _KIND_WORDS.values() for c in words for w in c.split())
PACK_WORDS |= KIND_WORDS
SINGLE_CUES = frozenset(c for i in INTENTS for c in i.cues if " " not in c)  # "النتيجه": a cue on its own
NUMBER_WORDS = frozenset(w for p in packs() for w in p.numbers)
EXACT_WORDS = frozenset(w for p in packs() for w in p.exact_words)
ASKER_POSSESSIVES = frozenset(w for p in packs() for w in p.asker_possessives)
_BEYOND_WORDS = frozenset(w for p in packs() for w in p.beyond)  # "all", "كل": more than a fact's "most"
NUMBERS = {w: n for p in packs() for w, n in p.numbers.items()}
UNITS = {w: n for p in packs() for w, n in p.units.items()}
UNIT_COUNTS = {w: n for w, n in NUMBERS.items() if w in UNITS}  # "يومين": two days in one word
# words that put a day before or after the previous answer's ("4 days before that", "a day later")
SHIFTS = {side: frozenset(w for p in packs() for w in (*p.order.get(side, ()), *p.shifts.get(side, ())))
          for side in ("before", "after", "same")}
SHIFT_WORDS = {side: frozenset(w for p in packs() for w in p.shifts.get(side, ())) for side in ("before", "after")}
SHIFTS_ORDER = frozenset(w for p in packs() for side in ("before", "after") for w in p.order.get(side, ()))
_INFLECTIONS = frozenset(w for p in packs() for w in p.inflections)
_EVENT_ENDINGS = frozenset(w for p in packs() for w in p.event_endings)
VERB_FIRST = any(p.verb_first for p in packs())
DEMONSTRATIVES = frozenset(w for p in packs() for w in p.demonstratives)
LOSSES = frozenset(w for p in packs() for w in p.losses)
DESTINATION_ENDS = frozenset().union(*(p.destination_ends for p in packs()))
DESTINATION_CUES = Phrases(w for p in packs() for w in p.destination_cues)
CHOICES = frozenset(w for p in packs() for w in p.choice)  # "on the 5th or the 6th?": words that offer a choice
PRECISION = {"month": 1, "day": 2, "weekday": 3}  # (a weekday needs the day, and is named with the date)
_PRECISION_CUES = [(k, Phrases(v)) for p in packs() for k, v in p.precision.items()]
REPORT_TIME = Phrases(c for p in packs() for c in p.report_time)
# Question words that give a clause substance (not the greeting, thanks, help or yes/no openers).
SUBSTANCE = (frozenset(c for i in INTENTS if not i.leading for c in i.cues if " " not in c) - STOPWORDS | QUESTION_WORDS
             | ASKS_NAMES)  # "..., بالأسماء؟": asks for names
# Words that open a yes/no question ("did", "isn't", "هل"): the question checks a statement even when a
# question word follows inside it ("is Daraa where ...?"); questions of these kinds become yes/no.
YESNO_OPENERS = frozenset(c for i in INTENTS if i.name == "yesno" for c in i.cues if " " not in c)
_FIRST_WORDS = frozenset(w for p in packs() for w in p.order.get("earliest", ()) if " " not in w)  # "first", "اول"
_LOCATED = frozenset({"place", "unit"})  # what lies somewhere, or is based there
_ASKING = frozenset({"", "what", "who", "where", "when", "why", "source", "latest"})


def _shared(found: list[set[str]]) -> set[str]:
    """The actions all the action words of a question share ("the clashes started": clash, though
    "start" may also be a launch), else all they name."""
    found = [a for a in found if a]
    return set.intersection(*found) or set.union(*found) if found else set()


def _leads(text: str, intent: str) -> bool:
    """True if ``text`` opens with a cue of ``intent`` that a question word starts ("when did ...": a
    question, not a claim; "مصدر الخبر رويترز، صح؟" opens with a noun: a claim)."""
    return any((text == c or text.startswith(c + " ")) and c.split()[0] in QUESTION_WORDS
               for i in INTENTS if i.name == intent for c in i.cues)


ARABIC_JOINS = tuple(j for j in JOINS if len(j) == 1 and is_arabic(j))  # "و": written onto the next word
IMPLIED_ACTIONS = {"where": ("locate",), "members": ("form",)}
_ORDINALS = frozenset(w for p in packs() for w in p.ordinals)
_DECLINING = frozenset(w for p in packs() for c in (*p.opinion_cues, *p.future_cues, *p.clock_cues) for w in c.split())
_MARKS = ("?", "\u061f")  # a statement with a question mark asks whether it is so ...
_ASKING_WORDS = frozenset(w for i in INTENTS for c in i.cues for w in c.split()) - STOPWORDS | ASKS_NAMES | NAME_WORDS
# ... unless its words ask ("Hama date?", "name of ...?")
PLACE_WORDS = frozenset(w for p in packs() for w in p.place_words)
PLACE_CLITICS = {c: w for p in packs() for c, w in p.place_clitics.items()}


_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)?")


def numbers_a_name(word: str) -> bool:
    """True for a word that numbers a name: "8th", "5", "seventh", "الخامسة"."""
    return bool(_NUMBER.fullmatch(word)) or word in _ORDINALS


_CAPITALISED = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+")


class _Fuzzy(NamedTuple):
    """The aliases a typo may stand for (four letters or more)."""

    order: dict[str, int]  # the order they are tried in
    by_length: dict[int, list[str]]  # the same, by length, in the same order
    by_start: dict[tuple[str, int], list[str]]  # ... and by first letter too
    by_letter: dict[tuple[int, int, str], list[str]]  # ... and by (length, place, letter) of their first letters
    anagrams: set[tuple[int, str]]  # (length, letters sorted) of each


def days_at(tokens: list[str], i: int) -> int:
    """The days the unit word at ``i`` counts with the number before it ("3 days", "two weeks", "يومين")."""
    before = tokens[i - 1] if i else ""
    count = int(before) if before.isdigit() else NUMBERS.get(before)
    return (count or UNIT_COUNTS.get(tokens[i], 1)) * UNITS[tokens[i]]


def _offset(tokens: list[str]) -> tuple[int, list[str]] | None:
    """Days from the previous answer a question names ("4 days before", "the next day", "the same day",
    "بعدها بيوم"), with the words that say so; None if it names none (a week at most)."""
    for i, t in enumerate(tokens):
        days = UNITS.get(t)
        if days is None or days > 7:
            continue
        near = tokens[max(0, i - 2):i + 3]
        side = next((s for s, words in SHIFTS.items() for w in near if w in words), "")
        if not side:
            continue
        n = days_at(tokens, i)
        return {"after": n, "before": -n}.get(side, 0), near
    return None


class Understander:
    """Turns text into a Parsed question using the fact base's entities and vocabulary."""

    def __init__(self, fb: FactBase) -> None:
        self.fb = fb
        self.aliases = fb.aliases
        self.alias_starts = {a.split()[0] for a in fb.aliases}
        self.max_alias_words = max((a.count(" ") + 1 for a in fb.aliases), default=1)
        self.alias_words = {w for a in fb.aliases for w in a.split()}
        self.places: dict[str, list[tuple[str, ...]]] = {}  # the gazetteer's names by first word, longest first
        for name in sorted(fb.places, key=lambda n: (-len(n.split()), n)):
            self.places.setdefault(name.split()[0], []).append(tuple(name.split()))
        self.place_words = frozenset(n for n in fb.places if " " not in n)
        self.known = (STOPWORDS | CUE_WORDS | set(fb.actions) | fb.domain | self.alias_words | fb.vocabulary
                      | MONTH_WORDS | ORDINAL_WORDS | PACK_WORDS)
        self.action_stems: dict[str, set[str]] = {}  # "holds", "cites": actions by the stem of their words
        for w, acts in fb.actions.items():
            if len(w) >= 4:
                self.action_stems.setdefault(fb.stems[w], set()).update(acts)
        self._known_lemmas: set[str] | None = None  # made on the first unknown word (loads the lemmatizer)

    # The indexes below are made the first time a question needs them: opening stays cheap.

    @cached_property
    def _typos(self) -> _Fuzzy:
        """The aliases a typo may stand for."""
        fuzzy = _Fuzzy({}, {}, {}, {}, set())
        for a in (a for a in self.fb.aliases if len(a.replace(" ", "")) >= 4):
            fuzzy.order[a] = len(fuzzy.order)
            fuzzy.by_length.setdefault(len(a), []).append(a)
            fuzzy.by_start.setdefault((a[0], len(a)), []).append(a)
            for i, letter in dict.fromkeys(enumerate(a[:T.ENTITY_MAX_EDITS_LONG + 1])):
                fuzzy.by_letter.setdefault((len(a), i, letter), []).append(a)
            fuzzy.anagrams.add((len(a), "".join(sorted(a))))
        return fuzzy

    @cached_property
    def collapsed(self) -> dict[str, str]:
        """Each alias with its doubled letters folded, mapped to the alias."""
        return {_collapse(a): a for a in self.fb.aliases if len(a) >= 4}

    @cached_property
    def numbered_words(self) -> set[str]:
        """The other words of numbered names ("division" of "8th division")."""
        return {w for a in self.fb.aliases if any(map(numbers_a_name, a.split())) for w in a.split()
                if not numbers_a_name(w) and w not in STOPWORDS}

    @cached_property
    def by_stem(self) -> dict[str, str]:
        """Arabic words by their stem: matched without their clitics, then by their stem."""
        out: dict[str, str] = {}
        # the facts' own words last; never a word that makes a question one to decline ("برايك": "in your
        # opinion", whose stem is "برا", "outside")
        for words in (set(self.fb.actions) | self.alias_words | PACK_WORDS - _DECLINING, self.fb.vocabulary):
            for w in sorted(w for w in words if is_arabic(w)):
                root = self.fb.stems.get(w) or stem(w)  # found at build time, but the packs' words
                if len(root) >= 3:  # short stems match too much
                    out.setdefault(root, w)
        return out

    @cached_property
    def derived(self) -> dict[str, str]:
        """The correctable English words by the beginnings of their stems that are not the whole stem:
        "interven" (of "intervention") finds the word another form of it ("intervene") derives from."""
        out: dict[str, str] = {}
        for w in self.correctable:
            if w.isascii():
                s = stem(w)
                for n in range(T.DERIVED_MIN_STEM, len(s)):
                    out.setdefault(s[:n], w)
        return out

    @cached_property
    def correctable(self) -> list[str]:
        """The ordinary words typos are corrected towards (names are linked by _link)."""
        topical = CUE_WORDS | set(self.fb.actions) | self.fb.domain | self.fb.vocabulary
        return sorted(w for w in topical - self.alias_words if len(w) >= 3 and not w.isdigit())

    @cached_property
    def arabizi(self) -> Arabizi:
        """Latin-letter Arabic to the fact base's Arabic words (made for the first Arabizi question)."""
        # names first, then action words, the packs' words and the facts' words; bare forms before
        # forms with their clitics split off ("المعارضه" is also found as "mo3arada")
        arabic = [w for w in (*sorted(self.alias_words), *sorted(self.fb.actions), *sorted(PACK_WORDS),
                              *sorted(self.fb.vocabulary), *sorted(self.fb.domain)) if is_arabic(w)]
        return Arabizi([(w, w) for w in arabic] + [(form, w) for w in arabic for form in clitic_splits(w)])

    @cached_property
    def latin_alias_words(self) -> frozenset[str]:
        """The words of names written in Latin letters ("daraa", "hama"): kept as they are in Arabizi."""
        return frozenset(w for w in self.alias_words if w.isascii() and len(w) >= 3 and not is_word(w))

    def knows(self, word: str) -> bool:
        """True for a word of the fact base, the packs or the lexicon, in any inflection."""
        if word in self.known:
            return True
        if word in EXACT_WORDS:
            return False
        if self._known_lemmas is None:
            self._known_lemmas = {lemma(w) for w in self.known - self.alias_words if not is_arabic(w)}
        return (is_generic(word) or lemma(word) in self._known_lemmas
                or not is_arabic(word) and bool(self.actions_of(word)))  # ("beginning": "begin" + "ing")

    def substantive(self, clause: str, names: frozenset[str] = frozenset()) -> bool:
        """True if a clause says what is asked: a name, a date, an action, a question word, or an
        unknown name (a clause about Manbij, or one the asker capitalised, is not an aside)."""
        tokens = clause.split()
        if names.intersection(tokens):
            return True
        if any(t in SUBSTANCE for t in tokens):
            return True
        if cue_words_in(clause) - STOPWORDS:  # "ايهما سبق: ...": a kind of question asked in a phrase
            return True
        if dates_in(clause) or any(t not in STOPWORDS and name_like(t) for t in tokens):
            return True
        if self._names_alias(tokens):
            return True
        # an action word, unless words the report never uses surround it ("asking for a school essay")
        return any(t in self.fb.actions and t not in self.fb.domain for t in tokens) and all(map(self.knows, tokens))

    def anchored(self, clause: str) -> bool:
        """True if a clause names what the fact base knows (one of its names, or a date), refers back to
        it (a pronoun), or says what kind of question is asked (a cue: "timeline", "first")."""
        tokens = clause.split()
        if dates_in(clause) or PRONOUNS.intersection(tokens) or SUBSTANCE.intersection(tokens) or cue_words_in(clause) - STOPWORDS:
            return True
        return self._names_alias(tokens)

    def names_something(self, clause: str) -> bool:
        """True if a clause names a date, one of the fact base's names or a name it does not know, or
        the kind of answer wanted ("im making a timeline for class")."""
        tokens = clause.split()
        return bool(dates_in(clause) or SUBSTANCE.intersection(tokens)) or self._names_alias(tokens) or any(map(name_like, tokens))

    def _names_alias(self, tokens: list[str]) -> bool:
        """True if some run of ``tokens`` is an alias of the fact base."""
        return any(" ".join(tokens[i:i + n]) in self.aliases for n in range(1, self.max_alias_words + 1)
                   for i in range(len(tokens) - n + 1))

    def actions_of(self, word: str) -> set[str]:
        """The actions a word asks about, by the word or, for other inflections, by its stem."""
        found = self.fb.actions.get(word)
        if found is not None or len(word) < 4 or word in STOPWORDS or word in self.alias_words:
            return found or set()  # a name is not an inflected action word
        if not is_arabic(word) and (found := self.fb.actions.get(lemma(word))):  # "dominated": "dominate"
            return found
        if is_arabic(word):  # "الاشتباكات" (a word of the facts as written): "اشتباكات"
            return next((self.fb.actions[f] for f in clitic_splits(word) if f in self.fb.actions), set())
        root = stem(word)  # inflections and the event's noun only: "holds", "declaration", not "reporter"
        ending = word[len(root):]
        if ending[:1] == root[-1:]:  # the final consonant doubled before the ending: "beginning", "stopped"
            ending = ending[1:]
        if ending in _EVENT_ENDINGS and word in self.fb.domain:  # "situation": a word of its own, no "situated"
            return set()
        return self.action_stems.get(root, set()) if ending in _INFLECTIONS | _EVENT_ENDINGS else set()

    def canonical(self, word: str) -> str:
        """An Arabic word as the fact base knows it: without clitics ("وبحلب" -> "حلب"), else by stem."""
        if not is_arabic(word) or word in PACK_WORDS:
            return word
        cue = next((a + word for a in ARTICLES if a + word in SINGLE_CUES), None)
        if cue:  # a noun governing the next one drops its article: "نتيجه عمليه" is the cue "النتيجه"
            return cue
        if word in self.alias_words:
            return word
        asks = self._asks(word)
        if asks:  # "وشو": "and" + "what", though a fact may use the word as written
            return asks
        # a name with a conjunction or preposition written on ("وحماه": "and Hama"), though the facts
        # use the word as written too ("وحماة")
        # ... or with the article's alef elided after "ل" ("للمعارضة": "ل" + "المعارضة")
        found = [(f, g) for f in clitic_splits(word, written=True) if len(f) >= 3 and word.endswith(f)
                 for g in (f, *(a + f for a in ARTICLES)) if g in self.alias_words or g in self.place_words]
        if found:  # the fewest letters taken off ("والميليشيات")
            return max(found, key=lambda fg: len(fg[0]))[1]
        if word in self.known or is_generic(word):
            return word
        splits = clitic_splits(word)
        kind = next((f for f in splits if f in KIND_WORDS), None)  # "المحافظات": "محافظات", not "المحافظ"
        if kind:
            return kind
        for form in splits:
            if form in self.known or form in self.alias_words or form in PACK_WORDS or is_generic(form):
                return form
        exact = next((f for f in (word, *splits) if f in EXACT_WORDS), None)
        if exact:  # "المحافظ" (the governor) is not the facts' "محافظة" (province), though they share a stem
            return exact
        found = self.by_stem.get(stem(word))
        if found is None:  # a verb's present tense or a Levantine "ب"/"عم" form: by Tashaphyne's light stem
            light = light_stem(word)
            found = light if light in self.known and len(light) >= 3 else self.by_stem.get(stem(light)) or (
                self.light_actions.get(light) if len(light) >= 3 else None)  # "حارب": "تحارب"
        # "يسترجع": a word of the action its root's words alone ask about
        if found is None and verb_like(word) and word not in self.place_words:
            found = self.root_actions.get(root(word))
        return found or word

    def _asks(self, word: str) -> str:
        """The question word ``word`` is, or is with clitics written on ("وشو": "و" + "شو"); "" for a
        word of the lexicon ("بلشو" is "they began", not "ب" + "ل" + "شو")."""
        if word in QUESTION_WORDS:
            return word
        return "" if word in self.fb.actions else next((f for f in clitic_splits(word) if f in QUESTION_WORDS), "")

    @cached_property
    def light_actions(self) -> dict[str, str]:
        """The lexicon's Arabic action words by their light stems (made for the first word that needs it)."""
        out: dict[str, str] = {}
        for w in sorted(w for w in self.fb.actions if is_arabic(w)):
            out.setdefault(light_stem(w), w)
        return out

    def _share_words(self, tokens: list[str], named: set[int]) -> frozenset[str]:
        """The words of "part of" when an event follows it, not a name ("were they part of the
        offensive?"): a share in the event, no joining of a group (``named``: the tokens of names)."""
        at = CONTAINER.word_after(" ".join(tokens))
        while 0 < at < len(tokens) and (tokens[at] in DETERMINERS or tokens[at].isdigit()):
            at += 1
        if not 0 < at < len(tokens) or at in named or not self.actions_of(tokens[at]):
            return frozenset()
        return frozenset(w for ph in CONTAINER.phrases for w in ph.split())

    @cached_property
    def root_actions(self) -> dict[str, str]:
        """The lexicon's Arabic action words by their roots, for roots whose words all ask about the same
        actions (the root of "سيطر" is also one of "hold"'s words: left out)."""
        words: dict[str, list[str]] = {}
        for w in sorted(w for w in self.fb.actions if is_arabic(w)):
            for r in {root(w), w if len(w) == 3 else ""}:  # (a verb of three letters is its own root: "بلش")
                words.setdefault(r, []).append(w)
        return {r: ws[0] for r, ws in words.items() if len(r) >= 3
                and all(self.fb.actions[w] == self.fb.actions[ws[0]] for w in ws)}

    def canonical_text(self, text: str) -> str:
        """``canonical`` for each word of normalised ``text``; a conjunction written onto a word stays a
        word of its own ("وانطلاق" -> "و انطلاق": "between X and Y" is still two parts)."""
        return " ".join(self._with_join(w, self.canonical(w)) for w in text.split())

    def _with_join(self, word: str, form: str) -> str:
        """``form`` with the conjunction written onto ``word`` before it, and the place word that a
        preposition written onto a place's name stands for ("وبحمص" -> "و في حمص")."""
        if form == word:
            return form
        join = next((j for j in ARABIC_JOINS if word.startswith(j) and not form.startswith(j)), "")
        body = word[len(join):]
        place = next((w for c, w in PLACE_CLITICS.items() if body.startswith(c) and self._is_place(form)
                      and form in (body[len(c):], *(a + body[len(c):] for a in ARTICLES))), "")
        return " ".join(filter(None, (join, place, form)))

    def _is_place(self, word: str) -> bool:
        """True for a one-word name of a place, known to the fact base or to the gazetteer."""
        entity = self.aliases.get(word)
        return word in self.place_words or entity is not None and self.fb.entities[entity].type == "place"

    def parse(self, question: str, part: bool = False) -> Parsed:
        """Understand ``question`` on its own (no conversation context); ``part``: one side of a pair
        of events ("between X and Y"), never a claim of its own."""
        latin = normalise(question).split()
        arabizi = is_arabizi(latin)
        if arabizi:  # "meen 7arrar 7ama": understood, and answered, as Arabic
            question = " ".join(self.arabizi.to_arabic(latin, self.latin_alias_words))
        names = frozenset(normalise(w) for w in _CAPITALISED.findall(question))  # proper nouns: never "corrected"
        framed = frame(question, lambda clause: self.substantive(clause, names), self.canonical_text, self.anchored,
                       self.names_something)
        # "تموز/يوليو": words joined by a slash are two words, unless they make one name ("PKK/YPG")
        text = " ".join(t if "/" not in t or t in self.aliases else t.replace("/", " ") for t in framed.text.split())
        tokens = text.split()
        p = Parsed(text=text, tokens=tokens, claim=framed.claim, asides=framed.asides, arabizi=arabizi, request=framed.request,
                   verb_first=VERB_FIRST and any(is_arabic(t) for t in tokens))
        used = self._link(tokens, p)
        numbered = self._other_number(tokens, used)
        places = self._places(tokens, used | numbered)
        taken = used | numbered | {i for span in places for i in span}
        dates = dates_in(" ".join("_" if i in taken else t for i, t in enumerate(tokens)))  # not "8th Division"
        # a month named twice ("تموز (يوليو) 2018", both month systems) is one date
        p.dates = [d for d in dates if d.year or not any(o.year and (o.month, o.day) == (d.month, d.day) for o in dates)]
        rest = [t for i, t in enumerate(tokens) if i not in taken]
        fixed = [t if self.knows(t) else None if t in names or t in EXACT_WORDS else self._correct(t) for t in rest]
        phrase_words = cue_words_in(text)  # "which country", "باي منطقه": the words of a cue found whole
        owned = {t for prev, t in zip(tokens, tokens[1:]) if prev in ASKER_POSSESSIVES}  # "my teacher": the asker's, no topic
        p.unknown = [t for t, f in zip(rest, fixed) if f is None and t not in phrase_words and t not in owned
                     and not t.isdigit() and not self._is_date_part(t)]
        p.unknown += [tokens[i] for i in sorted(numbered)]
        p.unknown += [" ".join(tokens[i] for i in span) for span in places]
        before = {t: tokens[i - 1] if i else "" for i, t in reversed(list(enumerate(tokens)))}  # the first time named
        p.names = [t for t in p.unknown if t in names or name_like(t) or numbers_a_name(t) or name_like(demonym_base(t))
                   or is_arabic(t) and arabic_name_like(t, before.get(t, ""))]
        p.names += self._name_parts(tokens, p.unknown, p.names)
        p.names += [c for c in (" ".join(tokens[i] for i in span) for span in places) if c not in p.names]
        fixed_words = [f or t for t, f in zip(rest, fixed)]
        p.content = [w for w in fixed_words if w not in STOPWORDS and not points_back(w) and w not in owned and not w.isdigit()
                     and w not in MONTH_WORDS and not (p.dates and (w in MONTH_PARTS or w in ORDINAL_WORDS)) and not self._is_date_part(w)
                     and w not in phrase_words
                     and w not in NUMBER_WORDS]  # a count is a value to check, not a topic
        shares = self._share_words(tokens, used)
        acting = [w for w in fixed_words if w not in shares]
        p.actions = _shared([self.actions_of(w) for w in acting if w not in self.fb.domain]) or _shared(
            [self.actions_of(w) for w in acting])
        p.inverse = any(w in INVERSE for w in fixed_words)
        p.agent = self._agent(tokens, p)
        if not p.agent and self._passive(tokens, used, fixed_words):
            p.inverse = not p.inverse  # "when was the PKK attacked?": the side named is acted on
        rest_at = [i for i in range(len(tokens)) if i not in taken]
        # the verb: the first action word after "did/was ... <subject>", else the first one at all
        # ("which borders did the alliance pledge": "borders" is a noun, "pledge" the verb)
        # (an auxiliary after its subject, "it had captured", is no question's "did ... <subject>")
        aux = next((i for i, t in enumerate(tokens) if t in AUXILIARIES
                    and not (i and (tokens[i - 1] in PRONOUNS or i - 1 in used))), None)
        p.action_at = next((rest_at[k] for k, w in enumerate(fixed_words)
                            if w in self.fb.actions and w not in self.fb.domain and w not in STOPWORDS
                            and (aux is None or rest_at[k] > aux + 1)
                            and tokens[rest_at[k] - 1] not in DETERMINERS), -1)
        # "what did the regime say about ...": a verb the function words hide, after the side that did it
        said = next((rest_at[k] for k, w in enumerate(fixed_words) if w in STOPWORDS and w in self.fb.actions
                     and aux is not None and aux < rest_at[k] - 1 and rest_at[k] - 1 in used), -1)
        p.said = self.fb.actions[tokens[said]] if said >= 0 else set()
        first_entity = min(used, default=len(tokens))
        p.pronoun_subject = any(t in PRONOUNS for t in tokens[:first_entity])
        corrected = " ".join(fixed_words)
        masked = " ".join(self._mask(tokens, taken, fixed_words))
        ranked = rank_intents(f"{text} {corrected}" if corrected != " ".join(rest) else text, masked)
        ranked = [(n, s) for n, s in ranked if n not in SOCIAL or not (p.entities or p.actions or p.dates)]
        p.kinds = self._kinds(tokens, text) if any(n == "mentioned" for n, _ in ranked) else set()
        p.asked_kinds = self._asked_kinds(tokens)
        if not p.kinds:  # "does the report mention Damascus?" asks of a name, not for the names of a kind
            p.mention = any(n == "mentioned" for n, _ in ranked)
            ranked = [(n, s) for n, s in ranked if n != "mentioned"]
        p.intent, p.intent_score = choose_intent(ranked)
        if p.intent in ("", "what", "who") and self._which_first(tokens, p):  # "which fell first, Hama or Daraa?"
            p.intent = "compare"
        # a statement that asks nothing ("the 8th Division joined the rebels in Idlib?") is a claim to check
        said = normalise(question)  # before rewrites, which drop "the report"
        p.report_named = any("report" in self.actions_of(w) for w in said.split())
        # ... or that names the report and a name ("الخبر من رويترز؟": a claim about the source)
        # ... or that gives the source a name ("الخبر مصدره رويترز؟", "source: Anadolu?")
        sourced = p.intent == "source" and bool(p.names or any(self.fb.entities[e].type == "organisation" for e in p.entities))
        p.claim = p.claim or not part and not p.request and (not p.intent or sourced) and (bool(p.entities) and (
            p.action_at >= 0 or bool(BE.intersection(tokens[1:])) or len(p.entities) > 1 and bool(SHIFTS_ORDER.intersection(tokens)))
            or bool(p.dates) and p.action_at >= 0  # "the clashes began on 28 November?"
            or bool(p.dates) and bool(p.entities) and (bool(BE.intersection(tokens)) or any(  # "Dawn of Freedom on 1 December?"
                self.fb.entities[e].type in EVENT_TYPES for e in p.entities))
            or p.report_named and bool(p.names or p.entities)
            or question.rstrip().endswith(_MARKS) and bool(p.entities and p.content) and _ASKING_WORDS.isdisjoint(rest)
            and not text.startswith(FOLLOWUP_OPENERS)) and not any(map(self._asks, tokens))  # "Russia intervened?" (not "Hama date?")
        # a negation inside a stated claim, not one that opens a question ("didn't they ...?"), nor "قبل ما",
        # nor one that sets a name aside ("in Homs, not in Daraa")
        named_at = set(p.positions.values())
        p.negated = p.claim and bool(tokens) and tokens[0] not in YESNO_OPENERS | NEGATIONS and any(
            t in NEGATIONS and tokens[i - 1] not in SHIFTS_ORDER and i + 1 not in named_at
            and not (i + 2 in named_at and tokens[i + 1] in STOPWORDS and tokens[i + 1] not in self.fb.actions)
            for i, t in enumerate(tokens) if i > 0)
        if p.intent in _ASKING and (tokens[:1] and tokens[0] in YESNO_OPENERS or p.claim and not _leads(text, p.intent)):
            p.intent = "yesno"  # "isn't Daraa where the protests began?", "the SNA was behind it, right?"
        elif p.intent == "next" and p.claim and len(p.entities) > 1:
            p.intent = "yesno"  # "first Daraa fell and then Hama, right?": an order to check, not "what came next"
        if p.intent in ("where", "who", "what", "yesno") and not part:
            self._set_anchors_aside(p)
        p.role = self._who_role(tokens, text, p.entities) if p.intent == "who" else "who"
        if p.intent == "who" and p.role == "who" and (tokens[1:2] in (["is"], ["are"], ["was"], ["were"]) or tokens[:1] == [
                "whose"] and len(p.entities) == 1) and p.entities and not p.actions and not p.content:
            p.intent = "what"  # "who is Bashar al-Assad?" asks what the report says of him; "whose regime is it?", of it
        if not p.actions and p.entities:  # "where is X?" asks for a location, "who is in X?" for members
            p.actions = set(IMPLIED_ACTIONS.get(p.intent if p.intent != "who" else p.role, ()))
            if p.intent == "yesno" and self._placed_in(tokens, p):  # "is Daraa in southern Syria?"
                p.actions = set(IMPLIED_ACTIONS["where"])
        p.precision = max((PRECISION[k] for k, cues in _PRECISION_CUES if cues.found_in(text)), default=0)
        if p.precision and p.intent == "what":  # "what exact day did it begin?" asks when
            p.intent = "when"
        # in Arabic, as written: "راحت" (it went) is no "راح" (will), though it has that stem
        p.future = FUTURE_CUES.found_in(said if p.verb_first else text)
        p.to_report = REPORT_TIME.found_in(said) or REPORT_TIME.found_in(text)
        if p.report_named and not p.actions and not p.entities and all(  # "what's the date of this report?"
                is_generic(w) or "report" in self.actions_of(w) for w in p.content):
            p.actions = {"report"}
        # "did they lose a lot of fighters?": people a few words after a word of losing
        p.toll = any(t in LOSSES and any(w in INVERSE for w in fixed_words[max(0, k - 4):k]) for k, t in enumerate(fixed_words))
        after_verb = tokens[p.action_at + 1] if 0 <= p.action_at < len(tokens) - 1 else ""  # "retreat to ..."
        p.destination = p.intent == "where" and (DESTINATION_CUES.found_in(text) or bool({tokens[-1], after_verb} & DESTINATION_ENDS))
        p.pointed = next((b for a, b in zip(tokens, tokens[1:]) if a in DEMONSTRATIVES and b in p.content), "")
        p.clock = CLOCK_CUES.found_in(text)
        p.opinion = OPINION_CUES.found_in(said) or OPINION_CUES.found_in(text)
        if p.intent == "why":  # "why did Russia intervene?": a fact with Russia's "intervention" explains another event
            p.unknown += [t for t, f in zip(rest, fixed) if f not in (None, t) and is_word(t)]
        return p

    def with_context(self, p: Parsed, ctx: Context | None) -> Parsed:
        """Fill in a follow-up ("and Aleppo?", "who was it against?") from the previous turn."""
        if not ctx or not ctx.turns or p.intent in SOCIAL + ("help", "timeline", "summary", "latest", "source"):
            return p
        shifted = self._shifted(p, self.fb.facts.get(ctx.fact) if ctx.fact else None, ctx.intent)
        if shifted is not None:
            return shifted
        opener = any(p.text == o or p.text.startswith(o + " ") for o in FOLLOWUP_OPENERS)
        pronoun = any(map(points_back, p.tokens))
        short = len(p.content) + len(p.entities) <= T.FOLLOWUP_MAX_WORDS
        bare = bool(p.tokens) and all(t in QUESTION_WORDS for t in p.tokens)  # "how?": the last question, asked again
        if p.entities and not p.intent and (opener or short) and not p.unknown:
            types = {self.fb.entities[e].type for e in p.entities}
            kept = [e for e in ctx.entities if self.fb.entities[e].type not in types]
            p.entities = kept + p.entities
            p.intent, p.role = ctx.intent or "what", ctx.role
            p.actions = p.actions or set(ctx.actions)
            p.followup = True
        elif not p.entities and (pronoun or bare or (p.intent and short and not self._new_event(p, ctx)) or opener) and not p.unknown:
            p.soft_entities = list(ctx.entities)
            p.context_fact, p.earlier_fact = ctx.fact, ctx.earlier
            p.pointed = p.pointed or self._said_before(p, ctx)  # "the offensive" the last answer spoke of
            side = next((s for s in ("before", "after") for a, b in zip(p.tokens, [*p.tokens[1:], ""])
                         if a in SHIFTS[s] and b in PRONOUNS or a in SHIFT_WORDS[s]), "")
            # "who held it after that?": a later event (but "where are they heading next?" asks where to)
            if side and p.intent not in ("duration", "compare") and not p.actions & self.fb.approach:
                p.side_of = (side, ctx.fact)
            p.followup = True
            if not p.intent and _BEYOND_WORDS.intersection(p.tokens):  # "all of it?": a claim of more than the answer said
                p.intent, p.claim, p.actions = "yesno", True, p.actions or set(ctx.actions)
        elif p.entities and pronoun and not p.unknown:
            p.soft_entities = [e for e in ctx.entities if e not in p.entities]
            p.context_fact = ctx.fact
            p.followup = True
        elif ctx.fact and (p.intent in ("duration", "compare") or p.intent == "yesno" and SHIFTS_ORDER & set(p.tokens)):
            # "how many days after Aleppo's centre?", "was that before or after Hama fell?"
            p.context_fact = ctx.fact  # the event just answered is the other end
            p.followup = True
        elif not (p.entities or p.unknown):  # "who controls the city centre now?" after Daraa: Daraa's, if it has one
            p.soft_entities = list(ctx.entities)
        return p

    def _new_event(self, p: Parsed, ctx: Context) -> bool:
        """True if a short question asks of an action the previous answer's fact does not state ("where
        did the fighting start?" after "who launched Dawn of Freedom?"): a question of its own."""
        previous = self.fb.facts.get(ctx.fact) if ctx.fact else None
        return bool(p.actions) and previous is not None and p.actions.isdisjoint(previous.actions) and not self._said_before(p, ctx)

    def _said_before(self, p: Parsed, ctx: Context) -> str:
        """The action word of a question that the previous answer's fact uses though none of its actions
        is asked ("when did the offensive start?" after "... the month after the June 2018 ground
        offensive"), or ""."""
        previous = self.fb.facts.get(ctx.fact) if ctx.fact else None
        if previous is None or p.entities or p.dates or not p.actions.isdisjoint(previous.actions):
            return ""
        return next((w for w in p.content if w in self.fb.actions and any(form in previous.core for form in forms(w))), "")

    @staticmethod
    def _which_first(tokens: list[str], p: Parsed) -> bool:
        """True if a question word asks which of two names joined by "or" (or "and") comes first
        ("which fell first, Hama or Daraa?", "بين حماة ودرعا، أيهما سقطت أولاً؟")."""
        at = sorted(p.positions.values())
        return (len(at) >= 2 and any(t in QUESTION_WORDS for t in tokens) and bool(_FIRST_WORDS.intersection(tokens))
                and any(t in JOINS for t in tokens[at[0] + 1:at[1]]))

    def _shifted(self, p: Parsed, previous: StoredFact | None, asked: str = "") -> Parsed | None:
        """"And 4 days before that?", "وبعدها بيوم شو صار؟": the day that far from the previous answer's
        date, asked as "what happened on <day>?"; "and Daraa fell the next day?", "and Daraa on the same
        day?" (after a claim): a claim of that day. None unless the question is such an offset."""
        if previous is None or not previous.date or not previous.date.day or p.dates:
            return None
        # ... a yes/no question, or a bare name after one ("is it true Hama fell on 5 December?" "and Daraa on the same day?")
        claim = p.intent == "yesno" or not p.intent and bool(p.entities) and asked == "yesno"
        if not claim and (p.entities or p.intent not in ("", "what", "latest")):
            return None  # ("how many days later was that?" asks for a span)
        offset = _offset(p.tokens)
        if offset is None:
            return None
        days, near = offset
        when = previous.date.as_date() + timedelta(days=days)
        day = FactDate(when.year, when.month, when.day)
        if claim:  # the claim's own names and action (or the previous one's), on that day
            return replace(p, dates=[day], intent="yesno", claim=True, actions=p.actions or set(previous.actions),
                           followup=True)
        rest = [w for w in p.tokens if w not in near]
        return replace(p, dates=[day], intent="what", text=" ".join(rest), tokens=rest or p.tokens, followup=True)

    def _who_role(self, tokens: list[str], text: str, entities: list[str]) -> str:
        """Like ``who_role``, and "who did the SNA fight?" asks for the target, not the actor."""
        if tokens[:1] == ["whom"] or (tokens[:2] in (["who", "did"], ["who", "does"], ["who", "do"])
                                      and any(self.fb.entities[e].type != "place" for e in entities)):
            return "whom"
        if len(tokens) > 2 and tokens[1] in BE and tokens[2] in self.fb.actions and tokens[2].endswith(("ed", "en")):
            return "whom"  # "who was expelled from Tel Rifaat?": the one acted on
        if len(tokens) > 1 and tokens[1] in INVERSE:
            return "whom"  # "who lost Hama?", "مين خسر حماة؟": the side the action was done to
        role = who_role(text)
        if role == "whom" and len(tokens) > 2 and tokens[1] in self.fb.actions and tokens[1] not in STOPWORDS:
            return "who"  # "who urged Assad to go?": the verb right after "who" asks who did it
        if role == "members" and entities and all(self.fb.entities[e].type == "place" for e in entities):
            return "who"  # a place has no members: "who established dominance over Idlib?" asks who acted
        return role

    @staticmethod
    def _set_anchors_aside(p: Parsed) -> None:
        """"Where are they heading after Hama?": a name right after an order word only says when; it
        helps find the fact (a soft entity) but need not be what the fact is about."""
        anchors = [e for e, i in p.positions.items() if i > 0 and p.tokens[i - 1] in SHIFTS_ORDER]
        if anchors and (p.actions or len(anchors) < len(p.entities)) and CHOICES.isdisjoint(p.tokens):  # ("X or Y?")
            p.entities = [e for e in p.entities if e not in anchors]
            p.soft_entities = [*p.soft_entities, *anchors]

    @staticmethod
    def _kinds(tokens: list[str], text: str) -> set[str]:
        """The entity types whose words a question uses ("cities", "الدول": with its article off)."""
        words = {form for t in tokens for form in forms(t)}
        return {t for t, cues in KINDS.items() if cues.found_in(text) or not words.isdisjoint(cues.phrases)}

    @staticmethod
    def _asked_kinds(tokens: list[str]) -> set[str]:
        """The entity types of the word right after a question word that asks for names ("which
        division", "أي فرقة"), past function words."""
        at = next((i for i, t in enumerate(tokens) if t in WHICH), -1)
        word = next((t for t in tokens[at + 1:] if t not in STOPWORDS), "") if at >= 0 else ""
        return {t for t, cues in KINDS.items() if not cues.phrases.isdisjoint(forms(word))} if word else set()

    def _placed_in(self, tokens: list[str], p: Parsed) -> bool:
        """True if a place (or a unit) is named, then ("is") "in" and more, and no date: a claim of where it lies."""
        at = min((i for e, i in p.positions.items() if self.fb.entities[e].type in _LOCATED), default=-1)
        after = [t for t in tokens[at + 1:at + 3] if t not in BE] if at >= 0 else []
        return not p.dates and bool(after) and after[0] in PLACE_WORDS and len(tokens) > at + 2

    def _passive(self, tokens: list[str], used: set[int], words: list[str]) -> bool:
        """"when was (the) X captured?": a form of "be", at most "the", a name, and an action participle
        ending the question ("what are the cities the opposition captured?" is not passive)."""
        content = [w for w in words if w not in STOPWORDS]
        if not content or content[-1] not in self.fb.actions or not content[-1].endswith(("ed", "en")):
            return False
        be = next((i for i, t in enumerate(tokens) if t in BE), None)
        first_name = min(used, default=None)
        return be is not None and (first_name is None or set(tokens[be + 1:first_name]) <= {"the"})

    @staticmethod
    def _agent(tokens: list[str], p: Parsed) -> str:
        """The entity named right after "by" or "to" ("captured by the rebels", "fell to the rebels")."""
        named_at = {i: e for e, i in p.positions.items()}
        for i, t in enumerate(tokens[:-1]):
            if t in AGENT_MARKERS:
                j = i + 2 if tokens[i + 1] == "the" else i + 1
                if j in named_at:
                    return named_at[j]
        return ""

    def _link(self, tokens: list[str], p: Parsed) -> set[int]:
        """Find entity mentions (exact, then typo-tolerant); return the token positions used."""
        used: set[int] = set()
        found: list[tuple[int, str]] = []
        unknown = {i for i, t in enumerate(tokens) if not self.knows(t) and t not in EXACT_WORDS}  # typos, not other words
        starts = [i for i, t in enumerate(tokens) if i in unknown or t in self.alias_starts]
        for n in range(min(self.max_alias_words, len(tokens)), 0, -1):
            for i in starts:
                if i + n > len(tokens):
                    continue
                span = range(i, i + n)
                if used.intersection(span):
                    continue
                gram = " ".join(tokens[i:i + n])
                # a typo'd name: its unknown words with words of names ("southren operation room"), no others
                entity = self.aliases.get(gram) or (unknown.intersection(span) and all(
                    j in unknown or tokens[j] in self.alias_words for j in span) and (
                    self._fuzzy(tokens[i:i + n]) or n == 1 and self.aliases.get(demonym_base(gram), "")))
                if entity:
                    used.update(span)
                    found.append((i, entity))
        p.entities = list(dict.fromkeys(e for _, e in sorted(found)))
        p.positions = {}
        for i, e in sorted(found):
            p.positions.setdefault(e, i)
        return used

    @staticmethod
    def _name_parts(tokens: list[str], unknown: list[str], names: list[str]) -> list[str]:
        """Unknown Arabic words within two words of an unknown name are part of it ("هيئة تحرير الشام");
        (an English name's parts are no dictionary words or are capitalised, and found as names already)."""
        at = {t: i for i, t in enumerate(tokens)}
        found = set(names)
        grew = True
        while grew:
            near = {u for u in unknown if u not in found and is_arabic(u) and any(abs(at.get(u, -9) - at.get(n, 99)) <= 2 for n in found)}
            found |= near
            grew = bool(near)
        return [u for u in unknown if u in found and u not in names]

    def _places(self, tokens: list[str], used: set[int]) -> list[range]:
        """The positions of each country or city of the gazetteer the question names that the fact base
        does not ("the United States", "دمشق"): a name, though made of ordinary words; not one whose
        words the facts use ("southern Syria")."""
        found: list[range] = []
        for i, t in enumerate(tokens):
            if found and i < found[-1].stop:
                continue
            span = next((range(i, i + len(name)) for name in self.places.get(t, ())
                         if tuple(tokens[i:i + len(name)]) == name and used.isdisjoint(range(i, i + len(name)))
                         and not all(w in self.fb.vocabulary for w in name)), None)
            if span:
                found.append(span)
        return found

    def _other_number(self, tokens: list[str], used: set[int]) -> set[int]:
        """Positions of numbers that number a name other than ours: "the 7th division" (we know the
        8th), "الفرقة الخامسة"; the number is an unknown name, not a date."""
        return {i for i, t in enumerate(tokens) if i not in used and numbers_a_name(t) and any(
            tokens[j] in self.numbered_words for j in (i - 1, i + 1) if 0 <= j < len(tokens) and j not in used)}

    def _fuzzy(self, gram: list[str]) -> str | None:
        """A typo-tolerant alias match for words that are not otherwise known; never to a name with
        another number ("the 5th division" is not the 8th)."""
        alias = self._fuzzy_alias(gram)
        if alias is None or any(numbers_a_name(t) and t not in alias.split() for t in gram):
            return None
        return self.aliases[alias]

    def _fuzzy_alias(self, gram: list[str]) -> str | None:
        """The alias a typo-tolerant match finds for ``gram``, or None."""
        joined = " ".join(gram)
        if len(joined) < 4:
            return None
        if len(joined) < T.ENTITY_MIN_FUZZY_LEN:
            if _collapse(joined) in self.collapsed:
                return self.collapsed[_collapse(joined)]
            # a short word links only through a swapped or a dropped letter ("rebls"), never by a letter
            # changed or added, which would turn other names into ours ("Hamar" is not Hama)
            swapped = (len(joined), "".join(sorted(joined))) in self._typos.anagrams
            hit = self._closest(joined, range(len(joined) + 1, len(joined) + 2), 1)
            if hit:
                return hit
            max_edits = 1 if swapped else 0
        else:
            max_edits = T.ENTITY_MAX_EDITS_LONG if len(joined) >= 9 else T.ENTITY_MAX_EDITS_SHORT
        if not max_edits:
            return None
        return self._closest(joined, range(len(joined) - max_edits, len(joined) + max_edits + 1), max_edits)

    def _closest(self, word: str, lengths: range, max_edits: int) -> str | None:
        """The alias of one of ``lengths`` fewest edits from ``word`` (at most ``max_edits``; the first
        in alias order among equals) if it begins with ``word``'s first letter, else None. Aliases of
        that letter are searched first, the others only to make sure none of them is closer."""
        same = self._search(word, [self._typos.by_start.get((word[0], n), []) for n in lengths], max_edits)
        if same is None:
            return None
        return same[2] if self._search(word, self._within(word, lengths, same[0]), same[0]) == same else None

    def _within(self, word: str, lengths: range, edits: int) -> list[list[str]]:
        """Groups holding every alias of ``lengths`` at most ``edits`` edits from ``word`` (and others):
        one of an alias's first ``edits`` + 1 letters is left as it is, so it is one of ``word``'s
        first 2 x ``edits`` + 1 letters."""
        letters = set(word[:2 * edits + 1])
        return [self._typos.by_letter.get((n, i, c), []) for n in lengths for i in range(edits + 1) for c in letters]

    def _search(self, word: str, groups: list[list[str]], max_edits: int) -> tuple[int, int, str] | None:
        """The alias of ``groups`` fewest edits from ``word``, at most ``max_edits``, the first in alias
        order among equals: (edits, place in alias order, alias)."""
        best: tuple[int, int, str] | None = None
        for group in groups:
            hit = process.extractOne(word, group, scorer=OSA.distance, score_cutoff=max_edits)
            if hit and (best is None or (hit[1], self._typos.order[hit[0]]) < best[:2]):
                best = (hit[1], self._typos.order[hit[0]], hit[0])
        return best

    def _correct(self, word: str) -> str | None:
        """``word`` if known, else the known word one typo away (same first letter), else None."""
        if self.knows(word):
            return word
        if len(word) < 3 or not word.isalpha() or is_arabic(word):  # Arabic: clitics and stems, not typos
            return None
        if is_word(word):  # "reporter" is no typo of "reported", but "intervene" is a form of "intervention"
            return self.derived.get(stem(word))
        max_edits = T.WORD_MAX_EDITS_LONG if len(word) >= 8 else T.WORD_MAX_EDITS
        hits = process.extract(word, self.correctable, scorer=OSA.distance, score_cutoff=max_edits, limit=5)
        for cand, _, _ in sorted(hits, key=lambda h: (h[1], -len(h[0]))):
            if cand[0] == word[0] and (len(word) > 3 or len(cand) == 4):
                return cand
        return None

    @staticmethod
    def _is_date_part(word: str) -> bool:
        return word in ("st", "nd", "rd", "th") or word[:-2].isdigit() and word[-2:] in ("st", "nd", "rd", "th")

    def _mask(self, tokens: list[str], used: set[int], fixed: list[str]) -> list[str]:
        """The question with entity mentions replaced by their type, for phrasing matching."""
        out, it = [], iter(fixed)
        for i, _ in enumerate(tokens):
            if i in used:
                if not out or out[-1] != "X":
                    out.append("X")
            else:
                out.append(next(it))
        return out
