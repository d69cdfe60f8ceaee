"""Dates of facts (day, month or year precision): parsing, rendering, and dates named in questions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.lang import load, packs

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
_MONTH_WORDS = {m: i + 1 for i, m in enumerate(MONTHS)} | {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
_MONTH_WORDS |= {"sept": 9} | {name: n + 1 for pack in packs() for n, names in enumerate(pack.months)
                                for name in names}
_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_MONTH_RE = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
ORDINALS = {w: n for n, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), start=1)}
ORDINALS |= {f"twenty {w}": 20 + n for w, n in list(ORDINALS.items())[:9]} | {"thirtieth": 30, "thirty first": 31}
ORDINALS |= {w: n for pack in packs() for w, n in pack.day_ordinals.items()}
MONTH_WORDS = frozenset(_MONTH_WORDS)
MONTH_RE = _MONTH_RE  # any month's name, either system, English abbreviations too


def month_number(word: str) -> int:
    """The month (1-12) a month's name stands for ("nov", "تشرين الثاني"); 0 if none."""
    return _MONTH_WORDS.get(word, 0)
MONTH_PARTS = frozenset(w for m in _MONTH_WORDS for w in m.split())  # "تشرين", "الثاني": words of a month's name
ORDINAL_WORDS = frozenset(w for o in ORDINALS for w in o.split())
_ORDINAL_RE = "|".join(sorted(ORDINALS, key=len, reverse=True))
_OF = "|".join(sorted({w for pack in packs() for w in pack.date_of}, key=len, reverse=True))
_ORDINAL_MONTH = re.compile(rf"\b(?:the )?({_ORDINAL_RE}) (?:(?:{_OF}) )?({_MONTH_RE})\b")
_MONTH_ORDINAL = re.compile(rf"\b({_MONTH_RE}) (?:the )?({_ORDINAL_RE})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?: (?:{_OF}))? ({_MONTH_RE})\b(?: (\d{{4}}))?")
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE}) (\d{{1,2}})(?:st|nd|rd|th)?\b(?: (\d{{4}}))?")
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})(?: of)? (\d{{4}})\b")
_ISO_IN_TEXT = re.compile(r"\b(\d{4})[- ](\d{1,2})[- ](\d{1,2})\b")
# "27/11", "٢٧/١١/٢٠٢٤" (day first, as Syrian and British readers write it; a question's words split at "/")
_DAY_MONTH_NUMBERS = re.compile(r"\b(\d{1,2})[ /](\d{1,2})(?:[ /](\d{4}))?\b")
_MAYBE = re.compile(rf"\d|\b(?:{_MONTH_RE})\b")
_MONTH_NAME = re.compile(rf"\b(?:{_MONTH_RE})\b")


def without_months(text: str) -> str:
    """Normalised text with its month names, and ordinal days before them, blanked ("كانون اول", "اول
    كانون الاول": the "اول" of a date is no "first")."""
    return _MONTH_NAME.sub(" ", _ORDINAL_MONTH.sub(" ", text))
_NOT_ALONE = {"may", "march", "mar"}  # verbs more often than months when alone, unless a pack's marker leads ("in March")
_MARKERS = "|".join(sorted({re.escape(w) for pack in packs() for w in pack.month_markers}, key=len, reverse=True))
_MARKED = re.compile(rf"\b(?:{_MARKERS}) ({'|'.join(sorted(_NOT_ALONE))})\b") if _MARKERS else None
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
DAY_ARTICLES = frozenset(w for pack in packs() for w in pack.day_articles)
_DAY_ARTICLES = "|".join(sorted(DAY_ARTICLES, key=len, reverse=True))
# "on the 5th", "بال٥": a day of any month
_DAY_ALONE = re.compile(r"\b(?:the )?(\d{1,2})(?:st|nd|rd|th)\b"
                        + (rf"|(?<!\w)(?:{_DAY_ARTICLES}) (\d{{1,2}})\b(?! \d)" if _DAY_ARTICLES else ""))


@dataclass(frozen=True, order=True)
class FactDate:
    """A date known to the day, the month or the year."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, value: object) -> "FactDate":
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a YAML date or int also works)."""
        m = _ISO.match(str(value).strip())
        if not m:
            raise ValueError(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else 0 for g in m.groups())
        if month and not 1 <= month <= 12:
            raise ValueError(f"bad date {value!r}: month {month}")
        if day:
            date(year, month, day)
        return cls(year, month, day)

    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        parts = [f"{self.year:04d}"] + [f"{v:02d}" for v in (self.month, self.day) if v]
        return "-".join(parts)

    def render(self) -> str:
        """English form: ``5 December 2024``, ``June 2018`` or ``2011``."""
        return self.render_in("en")

    def render_in(self, code: str) -> str:
        """The date as the language pack ``code`` writes it ("5 كانون الأول (ديسمبر) 2024")."""
        months = load(code).lists["months_names"]
        if self.day:
            return f"{self.day} {months[self.month - 1]} {self.year}"
        if self.month:
            return f"{months[self.month - 1]} {self.year}"
        return str(self.year)

    def as_date(self) -> date:
        """The first day this date covers."""
        return date(self.year, self.month or 1, self.day or 1)

    def covers(self, other: "FactDate") -> bool:
        """True if ``other`` (possibly less precise, year 0 meaning any year) falls within this date."""
        return ((not other.year or other.year == self.year)
                and (not other.month or other.month == self.month)
                and (not other.day or other.day == self.day))


def dates_in(text: str) -> list[FactDate]:
    """Dates named in normalised text; a missing year is 0 ("December 1" -> 0-12-01)."""
    found: list[FactDate] = []
    taken: list[tuple[int, int]] = []
    if not _MAYBE.search(text):
        return found

    def add(span: tuple[int, int], year: str | None, month: int, day: int = 0) -> None:
        if any(s < span[1] and span[0] < e for s, e in taken):
            return
        if day and not 1 <= day <= 31:
            return
        taken.append(span)
        found.append(FactDate(int(year) if year else 0, month, day))

    for m in _ISO_IN_TEXT.finditer(text):
        add(m.span(), m.group(1), int(m.group(2)), int(m.group(3)))
    for m in _DAY_MONTH_NUMBERS.finditer(text):
        if 1 <= int(m.group(2)) <= 12:
            add(m.span(), m.group(3), int(m.group(2)), int(m.group(1)))
    for m in _DAY_MONTH.finditer(text):
        add(m.span(), m.group(3), _MONTH_WORDS[m.group(2)], int(m.group(1)))
    for m in _MONTH_DAY.finditer(text):
        add(m.span(), m.group(3), _MONTH_WORDS[m.group(1)], int(m.group(2)))
    for m in _ORDINAL_MONTH.finditer(text):
        add(m.span(), None, _MONTH_WORDS[m.group(2)], ORDINALS[m.group(1)])
    for m in _MONTH_ORDINAL.finditer(text):
        add(m.span(), None, _MONTH_WORDS[m.group(1)], ORDINALS[m.group(2)])
    for m in _MONTH_YEAR.finditer(text):
        add(m.span(), m.group(2), _MONTH_WORDS[m.group(1)])
    for m in _YEAR.finditer(text):
        add(m.span(), m.group(1), 0)
    for m in _DAY_ALONE.finditer(text):
        add(m.span(), None, 0, int(m.group(1) or m.group(2)))
    for word, month in _MONTH_WORDS.items():
        if word not in _NOT_ALONE:
            for m in re.finditer(rf"\b{word}\b", text):
                add(m.span(), None, month)
    for m in _MARKED.finditer(text) if _MARKED else ():
        add(m.span(1), None, _MONTH_WORDS[m.group(1)])
    return found
