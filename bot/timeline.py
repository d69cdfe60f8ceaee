"""The timeline as data for a front end: one entry per dated fact, in date order, with the background
years set apart from the latest year's events."""

from __future__ import annotations

from dataclasses import dataclass

from bot.compose import statement
from bot.factbase import FactBase
from bot.lang import load
from bot.maptext import STRINGS


@dataclass(frozen=True)
class Event:
    """One line of the timeline."""

    when: str  # "27 November 2024", "by 30 November 2024", "2012–2018"
    text: str  # the fact's statement, in the language asked for when the fact has it (else English)
    quotes: tuple[str, ...]
    sources: tuple[str, ...]  # the labels of the sources its quotes come from
    background: bool  # before the year of the latest event


def events(fb: FactBase, lang: str = "en") -> list[Event]:
    """Every dated event and state, in date order (a span by its start), in ``lang``: the facts' Arabic
    statements and dates as the answers write them ("5 كانون الأول (ديسمبر) 2024")."""
    pack = load(lang)
    facts = sorted((f for f in fb.facts.values() if f.date and f.kind in ("event", "state")),
                   key=lambda f: (f.date, f.id))
    latest = max((f.date.year for f in facts), default=0)
    out = []
    for f in facts:
        when = f.date.render_in(lang)
        if f.until:
            when = f"{when}\u2013{f.until.render_in(lang)}"
        elif f.by_date:
            when = STRINGS[lang]["by"].format(date=when)
        out.append(Event(when, statement(f, pack), tuple(f.quotes), tuple(fb.source_label(x, lang) for x in f.sources),
                         f.date.year < latest))
    return out
