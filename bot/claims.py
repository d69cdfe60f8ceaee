"""Claims to check: find the fact a claim is about, and say Yes, or No with what the source says.

"No" is given only when the source states another value for the same point: another date, place,
actor or target, or the other order of two events. The point is what is left of the claim once one
of its values is set aside; it must pick one fact clearly, and that fact must satisfy the rest.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import takewhile
from typing import TYPE_CHECKING

from bot import thresholds as T
from bot.dates import DAY_ARTICLES, MONTH_WORDS, FactDate, without_months
from bot.factbase import FactBase, StoredFact
from bot.lang import packs
from bot.intents import who_role
from bot.knowledge import NAMED_TYPES, ROLE_OF
from bot.ranking import Ranking
from bot.scoring import SIDE_TYPES, Scorer
from bot.spans import Pairs, span_days
from bot.understand import NUMBERS, PLACE_WORDS, UNITS, Parsed, days_at, numbers_a_name
from bot.text import Phrases, normalise
from bot.vocab import CONTAINER, STOPWORDS, forms, is_generic, stem

if TYPE_CHECKING:
    from bot.engine import Engine

_ALL = packs()
_BEFORE = tuple(w for p in _ALL for w in p.order.get("before", ()))
_AFTER = tuple(w for p in _ALL for w in p.order.get("after", ()))


def _bound_re(words: set[str]) -> re.Pattern[str]:
    """A bound word before a span, perhaps with its count ("within a week", "خلال اسبوعين")."""
    return re.compile(r"(?:^| )(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r") ((?:\S+ )?(?:"
                      + "|".join(UNITS) + r"))(?= |$)(?: of| after| from)?(?= |$)")


# "within a week of ...": at most the span; "more than two weeks between ...": longer than it
_BOUNDS = {kind: _bound_re(words) for kind, words in (("within", {w for p in _ALL for w in p.within}),
                                                       ("over", {w for p in _ALL for w in p.over})) if words and UNITS}
_OR = re.compile(r"(?:^| )(?:" + "|".join(sorted({w for p in _ALL for w in p.choice}, key=len, reverse=True)) + r") ")
_WEEKDAYS = {w: day for p in _ALL for day, names in enumerate(p.weekdays) for w in names}  # Monday: 0
_ORDER = re.compile(r"\b(?:" + "|".join(sorted(_BEFORE + _AFTER, key=len, reverse=True)) + r")\b")
_SEQUENCE = re.compile(r"(?:^| )(?:" + "|".join(sorted({w for p in _ALL for w in p.order.get("sequence", ())}, key=len, reverse=True)) + r")(?= |$)")
_OPPOSITES = {k: v for p in _ALL for k, v in p.opposites.items()}
_DIRECTIONS = frozenset(w for p in _ALL for w in p.directions)
_BEYOND = {k: v for p in _ALL for k, v in p.beyond.items()}
_RIVALS = [group for p in _ALL for group in p.rivals]
_ABSENT = re.compile(r"(?:^| )(?:" + "|".join(sorted({w for p in _ALL for w in p.absence}, key=len, reverse=True))
                     + r") (?:(?:a|an|the|any) )?(\w+)")


_EXTREMES = [(k, f" {c} ") for p in _ALL for k in ("earliest", "latest") for c in p.order.get(k, ())]


def _counts(text: str) -> dict[str, set[int]]:
    """Each noun a number counts in ``text`` ("two major cities": {"cities": {2}}), by stem; a number
    word for one is left out (it is also an article: "a", "an")."""
    words = text.split()
    out: dict[str, set[int]] = {}
    for i, w in enumerate(words):
        n = (int(w) if len(w) < 4 else 0) if w.isdigit() else NUMBERS.get(w, 1)
        if n == 1 and not w.isdigit() or not n or i and (words[i - 1] in MONTH_WORDS or words[i - 1] in DAY_ARTICLES):
            continue  # (a year, or a day of a month: "dec 2", "بال٥")
        following = words[i + 1:i + 3]  # the noun, or the noun after a word of no topic ("two major cities")
        noun = following[1] if len(following) == 2 and is_generic(following[0]) else following[:1] and following[0]
        if noun and noun not in MONTH_WORDS and not noun.isdigit():  # ("5 December" is a date)
            out.setdefault(stem(noun), set()).add(n)
    return out


def _placed_unknown(p: Parsed) -> bool:
    """True if a name the fact base does not know follows a place word ("groups in Latakia"): it is said as a place."""
    return any(t in p.unknown and i and p.tokens[i - 1] in PLACE_WORDS for i, t in enumerate(p.tokens))


def extreme(p: Parsed) -> str:
    """"earliest" or "latest" when the question asks for the first or last time something happened
    ("when did the opposition first take Daraa?"), else ""."""
    padded = f" {p.text} "
    return next((k for k, cue in _EXTREMES if cue in padded), "")


def direction(p: Parsed) -> str:
    """"before" or "after" when the question asks about the time either side of its date ("what
    happened after December 7?"), else ""."""
    m = _ORDER.search(without_months(p.text))
    return "" if m is None else "after" if m.group(0) in _AFTER else "before"


def weekdays(p: Parsed) -> set[int]:
    """The days of the week a question names (Monday: 0)."""
    return {_WEEKDAYS[w] for t in p.tokens for w in forms(t) if w in _WEEKDAYS}


def names_both_orders(p: Parsed) -> bool:
    """True if a question names both sides of an order ("did X come before or after Y?")."""
    found = set(_ORDER.findall(p.text))
    return not found.isdisjoint(_BEFORE) and not found.isdisjoint(_AFTER)


def _about_days(a: FactDate, b: FactDate) -> tuple[int, int] | None:
    """Days from ``a`` to ``b``, and by how many days that may be out: none when both are known to the
    day, a month when only their months are, a year when only their years are (None if a year is missing)."""
    if a.day and b.day:
        return span_days(a, b), 0
    if not (a.year and b.year):
        return None
    if a.month and b.month:
        return ((b.year - a.year) * 12 + b.month - a.month) * 30, 31
    return (b.year - a.year) * 365, 366


def _stated_span(text: str) -> tuple[int, int] | None:
    """The span a claim states ("two weeks", "3 days", "اسبوعين"), in days, with the days of its unit
    (the claim may be that far out by half a unit: "a week" is 4 to 10 days); None if it states none."""
    tokens = text.split()
    return next(((days_at(tokens, i), UNITS[t]) for i, t in enumerate(tokens) if t in UNITS), None)


def claimed_span(text: str) -> tuple[str, int, int] | None:
    """What a claim says of the time between two events: "within" (at most), "over" (more than) or
    "about" a span, its days and the days of its unit; None if it states no span."""
    for kind, pattern in _BOUNDS.items():
        if m := pattern.search(text):
            words = m.group(1).split()
            return kind, days_at(words, len(words) - 1), UNITS[words[-1]]
    stated = _stated_span(text)
    return ("about", *stated) if stated else None


def span_verdict(claimed: tuple[str, int, int], a: FactDate, b: FactDate) -> str | None:
    """"yes" or "no" for a ``claimed_span`` between dates ``a`` and ``b``, within their precision (a
    stated span may be out by half its unit); None when their precision cannot settle it."""
    span = _about_days(*sorted((a, b)))
    if span is None:
        return None
    (days, unsure), (kind, n, unit) = span, claimed
    if kind == "about":
        return "no" if abs(days - n) > max(unit // 2, unsure) else "yes"
    longer = "yes" if kind == "over" else "no"
    shorter = "no" if kind == "over" else "yes"
    return longer if days - unsure > n else shorter if days + unsure <= n else None


PARTICIPATION = Phrases(w for p in _ALL for w in p.participation)


class Claims:
    """Settles yes/no questions and claims against the facts."""

    def __init__(self, fb: FactBase, scorer: Scorer, pairs: Pairs) -> None:
        self.fb, self.scorer, self.pairs = fb, scorer, pairs
        self.sides = frozenset(e.side for e in fb.entities.values() if e.side)  # "opposition", "regime"
        self.engine: Engine | None = None  # set by the engine: its checks decide what "satisfies" means
        self._mentioned: dict[str, tuple[list[str], list[tuple[int, str]]]] = {}  # a fact text's words and names

    def ordered_pair(self, p: Parsed) -> tuple[StoredFact, StoredFact, str] | None:
        """"Did X happen before (after, within a week of) Y?": the two facts, in the order named, and
        the verdict; None unless each side clearly names its own dated fact."""
        if (m := _SEQUENCE.search(p.text)) and all(ends := self.pairs.clear_pair(p.text[:m.start()], p.text[m.end():])):
            a, b = ends[0][1], ends[1][1]  # "first Daraa fell, then Hama?": Daraa before Hama
            return (a, b, "yes" if a.date < b.date else "no") if a is not b and a.date != b.date else None
        m = _ORDER.search(p.text) or next(filter(None, (b.search(p.text) for b in _BOUNDS.values())), None)
        if not m:
            return None
        ends = self.pairs.clear_pair(p.text[:m.start()], p.text[m.end():])
        previous = self.fb.facts.get(p.context_fact) if p.context_fact else None
        if ends[0] is None and ends[1] and previous is not None and previous.date:  # "was that before Hama fell?"
            ends[0] = (0.0, previous)
        if not all(ends) or ends[0][1] is ends[1][1]:
            return None
        a, b = ends[0][1], ends[1][1]
        if m.re is _ORDER:
            if a.date == b.date:
                return None
            if len({w for w in _ORDER.findall(p.text)}) > 1 and _OR.search(p.text):
                return a, b, ""  # "before or after Hama fell?": a choice, answered with the order
            before = m.group(0).strip() in _BEFORE
            if (a.date < b.date) != before:
                return a, b, "no"
            claimed = claimed_span(p.text)  # "two weeks after the fighting began?": the span too
            return a, b, span_verdict(claimed, a.date, b.date) or "" if claimed else "yes"
        verdict = self.span_verdict(p, a.date, b.date)
        return (a, b, verdict) if verdict else None

    def against_date(self, p: Parsed) -> tuple[StoredFact, str | None] | None:
        """"Did Hama fall before 10 December?": the fact the claim names without its date, and "yes" or
        "no" by which side of the date it falls on; None unless one fact is clearly named and its date
        and the claim's do not overlap (a month against a day in it settles nothing)."""
        side = direction(p)
        if p.intent != "yesno" or not side or len(p.dates) != 1:
            return None
        assert self.engine is not None
        without = replace(p, dates=[])
        lead = self.scorer.ranking(without).leader(T.CLAIM_MARGIN, T.MIN_FACT_SCORE, lambda f: f.kind != "summary")
        if lead is None or not lead[2] or lead[1].date is None:
            return None
        f = lead[1]
        d = replace(p.dates[0], year=p.dates[0].year or f.date.year)
        if self.engine.failure(without, f, ("yesno_without_subject",)):
            return None
        if f.date.covers(d) or d.covers(f.date):
            return f, None
        end = f.until or f.date
        if side == "before":
            return f, "yes" if end < d else "no" if f.date > d else None
        return f, "yes" if f.date > d else "no" if end < d else None

    def is_choice(self, p: Parsed) -> bool:
        """"On the 5th or the 6th?", "Friday or Saturday?": a choice between values, answered with the
        value, not Yes."""
        return (len(p.dates) > 1 or len(weekdays(p)) > 1) and bool(_OR.search(p.text))

    @staticmethod
    def names_choice(p: Parsed) -> bool:
        """"Anadolu or Reuters?", "Tel Rifaat or Manbij?": a choice between a name the report uses and
        one it does not, answered with what the report says, not No."""
        return bool(p.names and p.entities) and bool(_OR.search(p.text))

    def asks_span(self, p: Parsed) -> bool:
        """True for a claim of the time between two events: "within a week of ...", "more than two weeks
        after ...", or a span between two events named ("two weeks between X and Y?")."""
        claimed = claimed_span(p.text)
        return claimed is not None and (claimed[0] != "about" or self.pairs.between(p) is not None)

    def span_verdict(self, p: Parsed, start: FactDate | None, end: FactDate | None) -> str | None:
        """"yes"/"no" for a claim of the span between two dates ("within a week of ...?", "held it for
        more than ten years?"); a question of how long ("how many days between ...?") states no span,
        unless it bounds one."""
        claimed = claimed_span(p.text) if p.intent in ("yesno", "duration") and start and end else None
        if claimed is None or claimed[0] == "about" and p.intent != "yesno":
            return None
        return span_verdict(claimed, start, end)

    def opposed(self, p: Parsed, f: StoredFact) -> bool:
        """True if the claim uses a word whose opposite the fact uses instead ("north" / "southern"), or
        one that says more than the fact's ("all" / "most"),
        names both ends of a span the fact gives other ends for ("held from 2012 until 2016"), or a
        day of the week the fact's date is not."""
        words = {form for w in p.tokens for form in forms(w)}
        if any(w not in f.vocab and not f.core.isdisjoint(table[w].split("|"))
               for table in (_OPPOSITES, _BEYOND) for w in words & table.keys()):
            return True  # "north" / "southern"; "all of Aleppo's centre?" / "most"
        if (p.entities or p.soft_entities) and any(
                any(v & words and not v & f.vocab for v in group) and any(v & f.core for v in group) for group in _RIVALS):
            return True  # "east" where the fact says "southern" (of something named: "its city centre" of nothing is no claim)
        if any(self._affirms(f, m.group(1)) for m in _ABSENT.finditer(p.text)):
            return True  # "taken without a fight?": the fact says there were clashes
        if self._other_count(p, f) or self._other_party(p, f) or self._other_time_ago(p, f) or self._placed_elsewhere(p):
            return True
        if self._said_of_another(p, f):
            return True
        if f.until and f.date and len(p.dates) == 2:
            return not (f.date.covers(p.dates[0]) and f.until.covers(p.dates[1]))
        named = weekdays(p)  # "on a Friday, wasn't it?": the day of the week of the fact's date
        return bool(named and f.date and f.date.year and f.date.day and f.date.as_date().weekday() not in named)

    def _attached(self, tokens: list[str], at: int, content: set[str], both_sides: bool) -> list[int]:
        """Where the words joined to the name at ``at`` are: up to NAME_WORDS_JOINED words of ``content``
        right after it (and, in Arabic, right before it: "التدخل الايراني العسكري")."""
        end = at
        while end < len(tokens) and tokens[end] in self.pairs.understander.alias_words:
            end += 1
        out = list(takewhile(lambda i: tokens[i] in content, range(end, min(len(tokens), end + T.NAME_WORDS_JOINED))))
        if both_sides:
            out += takewhile(lambda i: tokens[i] in content, range(at - 1, max(-1, at - 1 - T.NAME_WORDS_JOINED), -1))
        return out

    def _mentions(self, text: str) -> tuple[list[str], list[tuple[int, str]]]:
        """The words of a fact's text as the fact base knows them, and where it names its entities
        (worked out once per text)."""
        if text in self._mentioned:
            return self._mentioned[text]
        u = self.pairs.understander
        tokens = u.canonical_text(normalise(text)).split()
        found, used = [], set()
        for n in range(u.max_alias_words, 0, -1):
            for i in range(len(tokens) - n + 1):
                e = self.fb.aliases.get(" ".join(tokens[i:i + n]))
                if e and used.isdisjoint(range(i, i + n)):
                    found.append((i, e))
                    used.update(range(i, i + n))
        self._mentioned[text] = tokens, found
        return tokens, found

    def _said_of_another(self, p: Parsed, f: StoredFact) -> bool:
        """True if the words a claim joins to one of its names ("Iranian military intervention") are
        joined in the fact only to another of its names, one the claim does not give ("Russia's military
        intervention", both its backers): the claim gives the name a part the fact gives another."""
        arabic = p.verb_first
        texts = [self._mentions(t) for t in (f.statement, *f.answers.values(), *f.quotes,
                                             *(text for kind, text in f.ar.items() if kind != "question"))]
        parties = {e for e in f.entities if self.fb.entities[e].type in SIDE_TYPES}
        for e, at in p.positions.items():
            if e not in parties:
                continue
            words = [p.tokens[i] for i in self._attached(p.tokens, at, set(p.content), arabic)]
            joined_to: set[str] = set()
            seen = False
            for w in words:
                spelled = self.scorer.spellings(w) | {w}
                for tokens, names in texts:
                    for i in (i for i, t in enumerate(tokens) if t in spelled):
                        seen = True
                        joined_to |= {g for at2, g in names if g in parties and i in self._attached(tokens, at2, spelled, arabic)}
            # another party only in a role of the fact the claim's name has too (both backers: Iran and Russia),
            # and not of its own side (Assad and the regime)
            roles = {r for r, names in f.roles.items() if e in names}
            others = {g for g in joined_to if self.fb.entities[e].side != g and self.fb.entities[g].side != e
                      and any(g in f.roles[r] for r in roles)}
            if seen and others and e not in joined_to and not joined_to & set(p.entities):
                return True
        return False

    def _within(self, e: str) -> list[str]:
        """The places ``e`` lies in or is based in, the nearest first (its ``within``, then that one's ...)."""
        chain, at = [], self.fb.entities[e].within
        while at and at not in chain:
            chain.append(at)
            at = self.fb.entities[at].within
        return chain

    def container_only(self, p: Parsed, f: StoredFact) -> bool:
        """True if a claim of taking a place is about one that ``f`` names only as where another of its
        places lies ("Aleppo fell on 1 December?": that day's fact is of Tel Rifaat, in Aleppo's countryside)."""
        if not p.actions & self.fb.exclusive:
            return False
        places = f.roles.get("places", ())
        return any(e in places and any(e in self._within(o) for o in places if o != e) for e in p.entities)

    def _placed_elsewhere(self, p: Parsed) -> bool:
        """True if the claim puts a name where the knowledge says it is not ("was it the 8th Division in
        Sweida that defected?": its ``within`` is Daraa): the name, a place word, then another place."""
        at = sorted((i, e) for e, i in p.positions.items())
        for (i, e), (j, place) in zip(at, at[1:]):
            chain = self._within(e)
            between = p.tokens[i + 1:j]  # the rest of the name, "in" (or "based in"), nothing else
            if not (chain and self.fb.entities[place].type == "place" and place not in chain and place != e
                    and PLACE_WORDS.intersection(between)):
                continue
            own = {w for alias, x in self.fb.aliases.items() if x == e for w in alias.split()}
            if all(t in own or t in PLACE_WORDS or t in STOPWORDS for t in between):
                return True
        return False

    def _other_time_ago(self, p: Parsed, f: StoredFact) -> bool:
        """True if the claim puts the fact a span before its report ("joined weeks ago?", "اجتمعوا من
        شهر؟") that the fact's date and the report's are not apart by (within their precision)."""
        stated = _stated_span(p.text) if p.to_report and not p.dates and f.date else None
        report = self.fb.report_of(f) if stated else None
        if stated is None or report is None or report.date is None or report.id == f.id:
            return False
        span = _about_days(f.date, report.date)
        return span is not None and abs(span[0] - stated[0]) > max(stated[1] // 2, span[1])

    def _other_party(self, p: Parsed, f: StoredFact) -> bool:
        """True if the claim uses the fact's own verb for its main action with a side after it that the
        fact only mentions, where the fact names another party ("the 8th Division joined the regime
        forces?": it joined opposition groups; "was it part of the regime army?" uses no verb of the fact)."""
        if p.action_at < 0 or f.actions[0] not in self.pairs.understander.actions_of(p.tokens[p.action_at]):
            return False
        if f.core.isdisjoint(self.scorer.spellings(p.tokens[p.action_at])):
            return False  # (the verb, in any form or by its stem, is not one of the fact's own words)
        subject = self.scorer.subject(p)
        claimed = [e for e in p.entities if e != subject and p.positions.get(e, -1) > p.action_at
                   and e in f.mentions_only and self.fb.entities[e].type in SIDE_TYPES]
        parties = set().union(*(f.roles.get(r, ()) for r in ("actors", "members", "targets")))
        return bool(claimed) and any(self.fb.entities[x].type in SIDE_TYPES for x in parties - set(p.entities))


    @staticmethod
    def _texts(f: StoredFact) -> str:
        """The fact's statements and quotes, normalised, as one text."""
        return " ".join(normalise(t) for t in (f.statement, f.ar.get("statement", ""), *f.quotes))

    def _other_count(self, p: Parsed, f: StoredFact) -> bool:
        """True if the claim counts something the fact counts otherwise ("three major cities" where
        the fact has two)."""
        claimed = _counts(p.text)
        if not claimed:
            return False
        stated = _counts(self._texts(f))
        return any(word in stated and n not in stated[word] for word, ns in claimed.items() for n in ns)

    def unsettled_count(self, p: Parsed, f: StoredFact) -> bool:
        """True if the claim counts something ("for more than ten years") the fact does not count."""
        claimed = _counts(p.text)
        return bool(claimed) and not claimed.keys() & _counts(self._texts(f)).keys()

    def unsettled_absence(self, p: Parsed, f: StoredFact) -> bool:
        """True if the claim says something was not part of ``f`` ("taken without a fight?") and ``f``
        says nothing of it either way: the report does not settle it."""
        return any(not self._affirms(f, m.group(1)) for m in _ABSENT.finditer(p.text))

    def _affirms(self, f: StoredFact, word: str) -> bool:
        return any(form in f.vocab for form in forms(word)) or bool(self.pairs.understander.actions_of(word) & set(f.actions))

    def clear_fact(self, p: Parsed) -> StoredFact | None:
        """The one fact the question's names and dates clearly point to, or None."""
        lead = self.scorer.ranking(p.without_unknown()).leader(T.CLAIM_MARGIN, T.MIN_FACT_SCORE)
        if lead is None:
            return None
        _, best, clear = lead
        if not clear or not set(p.entities) <= best.entities:
            return None
        return best

    def contradiction(self, p: Parsed) -> StoredFact | None:
        """The fact that states another value for the point of the claim ``p``, or None."""
        assert self.engine is not None
        for without in self._relaxed(p):
            if self._adrift(without):
                continue
            ranking = self.scorer.ranking(without)
            lead = ranking.leader(T.CLAIM_MARGIN, T.MIN_FACT_SCORE, lambda f: f.kind != "summary")
            if lead is None:
                continue
            top, best, clear = lead
            if not clear and not self._sole_anchor(without, best, top, ranking):
                continue
            if self.engine.failure(without, best, ("yesno_without_subject",)):
                continue
            if p.unknown and not without.unknown and not set(without.entities) <= best.entities:
                continue  # "is Turkey backing the SNA?": a fact of other backers, not the SNA's, says nothing
            if self._another_party(p, best):
                continue  # "did the SDF fight in Aleppo?": clashes between two sides leave room for a third
            if without.dates == p.dates and not self._heading_elsewhere(p, without, best) and not self._anchored(
                    without, best, strict=self._loose_name(p, without), by_names=not (p.unknown and not without.unknown)):
                continue  # "did the SNA take Manbij?": taking one place does not rule out another
            if self._differs(p, without, best):
                return best
        return None

    def _another_party(self, p: Parsed, f: StoredFact) -> bool:
        """True if a name the fact base does not know acts in the claim (named before its verb) and ``f``
        is an event between several sides, none acted on (clashes), of an action more sides can share
        (not holding a place): naming them rules no other out; another number of a name ("the 5th
        Division") is another unit, ruled out."""
        acting = any(n in p.tokens and p.tokens.index(n) < p.action_at and not numbers_a_name(n) for n in p.names)
        return (acting and len(f.roles.get("actors", ())) > 1 and not f.roles.get("targets")
                and not p.actions & self.fb.exclusive)

    def placed(self, p: Parsed) -> tuple[StoredFact, str | None] | None:
        """"Is Tel Rifaat in Idlib?": a claim that names two places (or a unit and a place) and no action is
        settled by where the first lies or is based (its entity's ``within``), with the fact that says so; when the knowledge does
        not say where the first lies, a fact naming both, and no verdict ("is Sweida in Daraa
        province?": named together, not one inside the other); None otherwise."""
        if len(p.entities) != 2 or p.actions - {"locate"} or p.dates:
            return None
        inner, outer = sorted(p.entities, key=lambda e: p.positions.get(e, 0))
        if self.fb.entities[inner].type not in ("place", "unit") or self.fb.entities[outer].type != "place":
            return None  # ("is the 8th Division from Quneitra?": where a unit is based)
        chain = self._within(inner)
        if not chain:
            both = [f for f in map(self.fb.facts.get, sorted(self.fb.having(inner))) if outer in f.entities]
            if not both or "locate" not in p.actions or any("locate" in f.actions[:1] for f in both):
                return None  # "is Daraa on the border with Jordan?": a fact of where it lies says how they meet
            return both[0], None
        fact = next((f for f in map(self.fb.facts.get, sorted(self.fb.having(inner)))
                     if inner in f.entities and chain[0] in f.roles.get("places", ())), None)
        return (fact, "yes" if outer in chain else "no") if fact is not None else None

    def short_of(self, p: Parsed) -> StoredFact | None:
        """The fact that has the claim's side still moving toward the place it claims was taken ("has
        Homs fallen?", "they took Homs on 5 December, right?"): the newest such fact on or after the
        claim's date, or None."""
        if not p.actions & self.fb.exclusive or p.actions & self.fb.approach or p.inverse or p.untold:
            return None  # ("before pushing on Homs": the claim names the advance itself)
        named = p.entities if any(self.fb.entities[e].type == "place" for e in p.entities) else p.soft_entities
        places = {e for e in named if self.fb.entities[e].type == "place"}  # "have they taken it yet?"
        subject = self.scorer.subject(p)
        found = [(e, f) for e in places for f in map(self.fb.facts.get, self.fb.having(e))
                 if self.fb.approach.intersection(f.actions[:1]) and e in f.roles.get("places", ())
                 and not f.superseded_by and f.date is not None
                 and (not subject or subject in f.roles.get("actors", ()))
                 and all(f.date >= replace(d, year=d.year or f.date.year) for d in p.dates)]
        found = [(e, f) for e, f in found if not self._taken_since(e, f)]
        return max((f for _, f in found), key=lambda f: (f.date, f.id), default=None)

    def _taken_since(self, place: str, f: StoredFact) -> bool:
        """True if a fact as new as ``f`` has ``place`` taken (an update that forgot to supersede ``f``)."""
        return any(g.date is not None and g.date >= f.date and set(g.actions[:1]) & self.fb.exclusive
                   and place in g.roles.get("places", ()) for g in map(self.fb.facts.get, self.fb.having(place)))

    def _relaxed(self, p: Parsed) -> list[Parsed]:
        """The claim with one of its values set aside: a date, a place or side, or unknown names."""
        out = []
        if p.dates:
            out.append(replace(p, dates=[]))
        parts = {(bool(d.year), bool(d.month), bool(d.day)) for d in p.dates}
        if len(p.dates) == len(parts) > 1:  # parts of one date ("the 2018 offensive began in July?"): each alone
            out += [replace(p, dates=[x for x in p.dates if x != d]) for d in p.dates]
        for e in p.entities:
            if self.fb.entities[e].type == "place" or self.fb.entities[e].type in SIDE_TYPES:
                out.append(replace(p, entities=[x for x in p.entities if x != e]))
        places = [e for e in p.entities if self.fb.entities[e].type == "place"]
        if len(places) > 1:  # "joined groups in Idlib and Aleppo?": the places together
            out.append(replace(p, entities=[x for x in p.entities if x not in places]))
        # only names stand for a value ("did Turkey launch it?"), and only beside a name or date the
        # claim shares with a fact ("did Israel move troops into the Golan?" shares nothing)
        # ... or a claim about the source itself ("the report cites Reuters, right?")
        # ... or a numbered name, which says it is another of a kind the report numbers ("the 4th Division")
        if p.unknown and set(p.unknown) <= set(p.names) and (p.entities or p.soft_entities or p.dates
                                                               or p.report_named and p.actions <= {"report"}
                                                               or any(map(numbers_a_name, p.unknown))):
            rest = p.without_unknown()
            out.append(replace(rest, actions={"report"}) if p.report_named and not p.actions else rest)
            if rest.entities and self._reporter_named(p):  # "did Reuters report Daraa's fall?": who reported
                out.append(replace(rest, actions={"report"}, entities=[]))
        return out

    def _reporter_named(self, p: Parsed) -> bool:
        """True if an unknown name stands next to a word of reporting ("Reuters reported", "نقلت وكالة
        رويترز"): the claim is of who reported, not of what the report says happened."""
        reporting = [i for i, t in enumerate(p.tokens) if "report" in self.pairs.understander.actions_of(t)]
        return any(t in p.unknown and any(0 < abs(i - j) <= 2 for j in reporting) for i, t in enumerate(p.tokens))

    def _adrift(self, p: Parsed) -> bool:
        """True if nothing is left of a relaxed claim to say which event it is about: no name, date or
        topic word of its own (an unknown name is none), and no main action that only one fact has."""
        if p.entities or p.soft_entities or p.dates:
            return False
        if p.unknown:  # "is Turkey backing ...?" without the side it names: nothing known says which event
            return True
        if any(self.fb.main_action_count.get(a) == 1 for a in p.actions):
            return False
        return all(w in p.unknown for w in self.scorer.topic_words(p))

    def _sole_anchor(self, p: Parsed, best: StoredFact, top: float, ranking: Ranking) -> bool:
        """True if ``best`` leads ``p``'s ``ranking``, though not clearly, and is the only fact near it
        whose one-of-a-kind main action the claim asks ("the fighting first broke out in Idlib": the one outbreak)."""
        if not self._anchored(p, best):
            return False
        near = ranking.first(T.LIST_MAX, top - T.CLAIM_MARGIN, lambda f: f.kind != "summary")
        return not any(self._anchored(p, f) for _, f in near if f is not best)

    def _loose_name(self, p: Parsed, without: Parsed) -> bool:
        """True if an unknown name was set aside that may stand for anything a side did: no number tells
        it is another unit ("the 7th division"), and no place is left that it would be said of ("Daraa
        borders Lebanon"); "did the rebels make it to Damascus?" leaves only the side."""
        return bool(p.unknown and not without.unknown) and not any(map(numbers_a_name, p.unknown)) and not any(
            self.fb.entities[e].type == "place" for e in without.entities) and not _placed_unknown(p)

    def _heading_elsewhere(self, p: Parsed, without: Parsed, f: StoredFact) -> bool:
        """True if the claim has a side heading for an unknown name (a word of an advance, then the name a
        few words on: "advancing towards Damascus", "the next target is Damascus") and ``f`` is the newest
        advance, toward places of its own that nothing named in the claim is among ("is Damascus next
        after Homs?" is after the place ``f`` heads for: the report does not say)."""
        understander = self.pairs.understander
        if not (p.unknown and not without.unknown and self.fb.approach.intersection(f.actions[:1])) or f.superseded_by:
            return False
        named = {*p.entities, *p.soft_entities}
        if not f.roles.get("places") or named.intersection(f.roles["places"]):
            return False
        return any(t in p.unknown and i and p.tokens[i - 1] in _DIRECTIONS and any(
            self.fb.approach & understander.actions_of(w) for w in p.tokens[max(0, i - 3):i]) for i, t in enumerate(p.tokens))

    def _anchored(self, p: Parsed, f: StoredFact, strict: bool = False, by_names: bool = False) -> bool:
        """True if what is left of a claim names one event, whose actor or place has one value: an
        operation or alliance named, the report itself, or (unless ``strict``: an unknown name was set
        aside, which may stand for anything) the fact's main action asked and no other fact's."""
        if any(self.fb.entities[e].type in NAMED_TYPES for e in p.entities):
            return True
        if f.actions[:1] == ("report",) and p.report_named:
            return True
        if by_names and len(p.entities) >= 2 and set(p.entities) <= f.entities - f.mentions_only:
            return True  # who and where, a known name set aside ("did the SNA fight the regime in Tel Rifaat?")
        words = self.scorer.topic_words(p)
        if len(words) >= 2 and not self.scorer.unexplained(p, f):
            return True  # the claim's own words are the fact's ("... military intervention that strengthened ...")
        return not strict and f.actions[0] in p.actions and self.fb.main_action_count[f.actions[0]] == 1

    def _differs(self, p: Parsed, without: Parsed, f: StoredFact) -> bool:
        """True if ``f`` states another value for what ``without`` set aside from ``p``."""
        removed = [d for d in p.dates if d not in without.dates]
        if len(removed) == 2 and f.date and f.until:  # "held Daraa from 2014 to 2020": the span's ends
            start, end = sorted(removed)
            return not (f.date.covers(start) and f.until.covers(end))
        if removed:
            return f.date is not None and not any(f.covers(d) for d in removed)
        if PARTICIPATION.found_in(p.text) and not (p.unknown and without.unknown):
            return False  # "did the SDF take part in the fighting?": another party does not rule one out
        if self._heading_elsewhere(p, without, f):  # "advancing towards Damascus?": toward Homs
            return True
        if p.unknown and not without.unknown and _placed_unknown(p) and f.roles.get("places") and (
                not p.actions or f.actions[0] in p.actions):
            return True  # "joined groups in Latakia?": the one forming was of groups elsewhere
        if p.unknown and not without.unknown:  # "did Turkey launch it?", "did Turkey support it?"
            role = ROLE_OF.get(who_role(p.text))
            if self._collective(f) and (role or "members") in ("members", "actors") and not any(
                    map(numbers_a_name, p.unknown)):
                return False  # "is HTS part of the Southern Operations Room?": it may be one of the "opposition groups"
            return bool(f.roles.get(role)) if role else bool(f.roles.get("places") or f.roles.get("actors"))
        gone = [e for e in p.entities if e not in without.entities]
        if len(gone) > 1:  # places set aside together: the fact puts it in places of its own
            return bool(f.roles.get("places")) and not f.entities.intersection(gone)
        removed = gone[0]
        inside = CONTAINER.word_after(p.text)
        if 0 <= inside <= p.positions.get(removed, -1) and self.fb.entities[removed].type != "place":
            return False  # "is the SOR part of the SNA?": a fact of the SOR says nothing of what holds it
        if self.fb.entities[removed].type == "place":
            return bool(f.roles.get("places")) and removed not in f.entities
        if self.fb.entities[removed].side in self._collective(f) and removed not in f.entities:
            return False  # "did the SNA capture Hama?": it may be one of the "opposition forces" the fact names
        doers, done_to = self.scorer.sides(p, f)
        return bool(doers) and removed not in doers | done_to

    def _collective(self, f: StoredFact) -> set[str]:
        """The sides as a whole ("opposition groups") that are both members and actors of the fact (an
        alliance of groups): a group the report does not name may be among them (a numbered unit, "the
        5th Division", is another unit)."""
        return self.sides.intersection(f.roles.get("members", ()), f.roles.get("actors", ()))
