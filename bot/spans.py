"""Two dated facts a question relates ("how many days between X and Y", "which came first"), and
the time between them."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from itertools import islice, takewhile

from bot import thresholds as T
from bot.compose import plural
from bot.dates import FactDate
from bot.lang import Pack, packs
from bot.factbase import FactBase, StoredFact
from bot.ranking import Ranking
from bot.scoring import SIDE_TYPES, Scorer
from bot.intents import points_back
from bot.understand import UNITS, Parsed, Understander
from bot.vocab import JOINS


def _words_re(words: list[str], first: bool = False) -> re.Pattern[str]:
    """Any of ``words`` as a word between two others (``first``: or first of the text)."""
    return re.compile(("(?:^| )" if first else " ") + "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
                      + ") ")


_JOINS = _words_re(list(JOINS))
_FROM = _words_re([w for pack in packs() for w in pack.span_ends.get("from", ())], first=True)
# ("الأول من ديسمبر" is the first of December: a word between a day and its month opens no span)
_SINCE = _words_re([w for pack in packs() for w in pack.span_ends.get("from", ()) if w not in pack.date_of], first=True)
_FROM_TO = _words_re([*JOINS, *(w for pack in packs() for w in pack.span_ends.get("to", ()))])  # "from X to Y"


def names_a_start(text: str, unambiguous: bool = False) -> bool:
    """True if ``text`` has a word that opens a span ("from", "since", "منذ": pack ``span_ends``);
    ``unambiguous``: none that also joins a day to its month ("من")."""
    return (_SINCE if unambiguous else _FROM).search(text) is not None


_DAY_UNITS = frozenset(u for u, days in UNITS.items() if days <= 7)
_LIST_START = re.compile(r"[:\n]")  # "put these in order: A, B, C"
_ITEMS = re.compile(r"[,;\u060c\u061b\n]|\s[-\u2013\u2014]\s")  # commas (the Arabic one too), semicolons


def _needs_day(p: Parsed) -> bool:
    """True if the question counts days or weeks (both ends must be known to the day)."""
    return bool(_DAY_UNITS & set(p.tokens))


class Pairs:
    """Finds the two events a question about time between events is about."""

    def __init__(self, fb: FactBase, scorer: Scorer, understander: Understander) -> None:
        self.fb, self.scorer, self.understander = fb, scorer, understander

    def two_facts(self, p: Parsed, ranking: Ranking | None = None) -> tuple[StoredFact, StoredFact] | None:
        """The two dated facts a "how long" or "which came first" question is about, in the order
        the question names them (when it names both); ``ranking``: ``p``'s, if already made.

        With one fact named, the other end is the event of the previous turn ("how many days later did
        Hama fall?"), the report's date ("since") or the first event of its year.
        """
        need_day = _needs_day(p)
        pair = self._ends_of_parts(p, need_day) or self._ends_of_names(p, need_day)
        if pair:
            return pair
        previous = self.fb.facts.get(p.context_fact) if p.context_fact else None
        if previous is not None and not (previous.date and (previous.date.day or not need_day)):
            previous = None
        earlier = self.fb.facts.get(p.earlier_fact) if p.earlier_fact else None
        if previous and earlier and earlier.date and earlier.date != previous.date and not (p.content or p.dates) and (
                earlier.date.day or not need_day):  # "how many days apart is that?": the last two answers
            return tuple(sorted([earlier, previous], key=lambda f: (f.date, f.id)))
        dated = (f for s, f in (ranking or self.scorer.ranking(p)).above(T.MIN_FACT_SCORE)
                 if f.date and f.kind != "summary" and (f.date.day or not need_day) and f is not previous)
        best = next(dated, None)
        if best is None:
            return None
        if previous is not None and previous.date != best.date and not (p.to_report and p.content):
            other = previous  # (but "from the start to the report" names both its ends)
        elif p.to_report:  # "how many days before the report was Hama taken?", "since"
            other = self.fb.report_of(best)
        else:
            other = next((f for f in dated if f.date != best.date and (f.date.day > 0) == (best.date.day > 0)), None)
        if other is None:  # "how many days did the offensive need to reach X": from its first event
            events = self.fb.events  # by date: from the start of the year to the day before the best
            start = bisect_left(events, FactDate(best.date.year), key=lambda f: f.date)
            other = next((f for f in takewhile(lambda f: f.date < best.date, islice(events, start, None))
                          if f.kind == "event" and set(p.content) & (f.core - best.core)), None)
        if other is None or other.date == best.date:
            return None
        first, last = sorted([best, other], key=lambda f: (f.date, f.id))
        asked = max((UNITS[t] for t in p.tokens if t in UNITS), default=0)
        if (last.date.as_date() - first.date.as_date()).days * 4 < asked:
            return None  # "how many years was Tel Rifaat held?" is no span of a day between two events found apart
        return first, last

    def between(self, p: Parsed) -> tuple[StoredFact, StoredFact] | None:
        """The two facts of "between X and Y" when each side names its own, else None."""
        return self._ends_of_parts(p, _needs_day(p))

    def _ends_of_parts(self, p: Parsed, need_day: bool) -> tuple[StoredFact, StoredFact] | None:
        """"between X and Y", "X or Y": the best dated fact for each side of a joining word."""
        best: tuple[float, StoredFact, StoredFact] | None = None
        froms = [m.end() for m in _FROM.finditer(p.text)]
        for m in (_FROM_TO if froms else _JOINS).finditer(p.text):
            # "how long did it take them to go from X to Y": the first event is what follows "from"
            start = max((at for at in froms if at <= m.start()), default=0)
            ends = self.clear_pair(p.text[start:m.start()], p.text[m.end():], need_day, p.text[:froms[0]] if froms else "",
                                   ordering=p.intent == "compare")
            (s1, f1), (s2, f2) = ends if all(ends) else ((0.0, None), (0.0, None))
            if f1 and f2 and f1.date != f2.date and (best is None or s1 + s2 > best[0]):
                best = (s1 + s2, f1, f2)
        if best is None:
            return None
        return best[1], best[2]

    def clear_pair(self, left: str, right: str, need_day: bool = False,
                   shared: str = "", ordering: bool = False) -> list[tuple[float, StoredFact] | None]:
        """The dated fact each side of a joining word clearly names; a pronoun on the right ("when the
        opposition retook its centre") stands for the places named on the left; ``shared``: the words
        before "from", whose names and dates both sides are of ("how long did the regime take in 2018
        from launching the offensive to declaring ..."); ``ordering``: only which came first is asked, so
        a side whose close candidates all fall on one side of the other's date needs no clear one."""
        first = self.understander.parse(left, part=True)
        places = [e for e in first.entities if self.fb.entities[e].type == "place"]
        both = self.understander.parse(shared, part=True) if shared else None
        second = self.understander.parse(right, part=True)
        if both is not None:
            first, second = (replace(x, dates=x.dates or both.dates, soft_entities=[
                e for e in both.entities if e not in x.entities]) for x in (first, second))
            if not second.dates and first.dates:  # "from launching the 2018 offensive to declaring ...": that year too
                second = replace(second, dates=first.dates)
        ends = [self.clear_dated(left, need_day, parsed=first), self.clear_dated(right, need_day, places, parsed=second)]
        if ordering and ends.count(None) == 1:
            known = next(e for e in ends if e is not None)[1]
            at = ends.index(None)
            ends[at] = self.clear_dated((left, right)[at], need_day, places if at else None, (first, second)[at], known)
        return ends

    def clear_dated(self, part: str, need_day: bool = False, soft: list[str] | None = None,
                    parsed: Parsed | None = None, other: StoredFact | None = None) -> tuple[float, StoredFact] | None:
        """The dated fact (with its score) one part of a question clearly names, or None; ``soft``:
        entities a pronoun of the part may stand for; ``other``: the other side's fact, when the best of
        close candidates that all came before it (or all after) will do."""
        sub = parsed or self.understander.parse(part, part=True)
        sub = replace(sub, intent="")  # a part names an event; the kind of question is the whole's ("how many days between X")
        if soft and any(map(points_back, sub.tokens)):
            sub = replace(sub, soft_entities=[e for e in soft if e not in sub.entities])
        if sub.unknown:
            return None
        top = self.scorer.ranking(sub).first(T.EXTREME_CANDIDATES if other else 2, T.MIN_FACT_SCORE, lambda f: bool(
            f.date and f.kind != "summary" and (f.date.day or not need_day)))
        if other is not None and top:
            close = [f for s, f in top if top[0][0] - s < T.PART_MARGIN]
            sides = {(f.date > other.date) - (f.date < other.date) for f in close if f is not other}
            return top[0] if len(sides) == 1 and 0 not in sides and other not in close else None
        # close candidates of one date are one end ("between 30 November and ...": any fact of that day)
        return top[0] if top and (len(top) == 1 or top[0][0] - top[1][0] >= T.PART_MARGIN or (
            sub.dates and not (sub.entities or sub.content) and top[0][1].date == top[1][1].date)) else None

    def _ends_of_names(self, p: Parsed, need_day: bool) -> tuple[StoredFact, StoredFact] | None:
        """"how many days after Dawn of Freedom did Hama fall": the best dated fact for each name."""
        names = [e for e in p.entities if self.fb.entities[e].type not in SIDE_TYPES]
        ends = self._per_name(p, names[:2], need_day)
        if len(ends) < 2 or ends[0].date == ends[1].date:
            return None
        return ends[0], ends[1]

    def each_named(self, p: Parsed) -> list[StoredFact]:
        """"Put these in order: A, B, C": the clearest dated fact for each name, in date order."""
        return sorted(self._per_name(p, p.entities, False), key=lambda f: (f.date, f.id))

    def each_listed(self, question: str) -> list[StoredFact]:
        """"Put these in order: Hama captured, first clashes, Dawn of Freedom": the dated fact each item
        of a list (after a colon, between commas) clearly names, in date order; empty unless at least
        two items are, and no more than one is not."""
        items = [i for i in _ITEMS.split(_LIST_START.split(question, maxsplit=1)[-1]) if i.strip()]
        if len(items) < 3:
            return []
        found = list({clear[1].id: clear[1] for item in items if (clear := self.clear_dated(item)) is not None}.values())
        if len(found) < 2 or len(items) - len(found) > 1:
            return []
        return sorted(found, key=lambda f: (f.date, f.id))

    def _per_name(self, p: Parsed, names: list[str], need_day: bool) -> list[StoredFact]:
        ends: list[StoredFact] = []
        for e in names:
            near = self._actions_beside(p, e) & p.actions or p.actions  # "after taking Aleppo": Aleppo's taking
            top = self.scorer.ranking(replace(p, entities=[e], intent="", actions=near)).first(2, T.MIN_FACT_SCORE, lambda f: bool(
                f.date and f not in ends and f.kind != "summary" and (f.date.day or not need_day)))
            if top and (len(top) == 1 or top[0][0] - top[1][0] >= T.PART_MARGIN):
                ends.append(top[0][1])
        return ends


    def _actions_beside(self, p: Parsed, entity: str) -> set[str]:
        """The actions of the words right before or after a name ("taking Aleppo", "Hama fell")."""
        at = p.positions.get(entity, -1)
        words = [t for i, t in enumerate(p.tokens) if at >= 0 and 0 < abs(i - at) <= 2 and t in p.content]
        return set().union(*map(self.understander.actions_of, words))


def span_days(a: FactDate, b: FactDate) -> int | None:
    """Days from ``a`` to ``b`` when both are known to the day."""
    return (b.as_date() - a.as_date()).days if a.day and b.day else None


def span(a: FactDate, b: FactDate, pack: Pack) -> str:
    """The time from ``a`` to ``b`` in days, months or years, as precise as both dates allow."""
    days = span_days(a, b)
    if days is not None:
        return plural(pack, "days", days)
    if a.month and b.month and b.year - a.year < 2:
        return plural(pack, "months", (b.year - a.year) * 12 + b.month - a.month)
    months = (b.year - a.year) * 12 + (b.month or 1) - (a.month or 1)
    return plural(pack, "years_span", round(months / 12) if a.month and b.month else b.year - a.year)
