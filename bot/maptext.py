"""The map's words in each language: title, legend, caption, dates and place labels.

Arabic is shaped (joined letter forms) and put in visual right-to-left order here with
``arabic-reshaper`` and ``python-bidi``, because Pillow's basic text layout draws characters as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.dates import MONTHS, FactDate
from bot.factbase import FactBase
from bot.holders import PlaceStatus, Situation

LANGUAGES = ("en", "ar")
_ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_AR_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
              "نوفمبر", "ديسمبر"]

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Who held what in Syria",
        "subtitle": "the places the report names, by their latest status",
        "opposition": "Opposition took or held it",
        "regime": "Regime took or held it",
        "contested": "Contested (clashes)",
        "advancing": "Opposition advancing toward it",
        "advancing_regime": "Regime advancing toward it",
        "unstated": "Named; holder not stated",
        "capital": "Capital (not in the report)",
        "by": "by {date}",
        "advance": "advancing toward it, {date}",
        "clashes": "clashes, {date}",
        "caption": "As of {date}, according to {sources}.",
        "caption_head": "As of {date}, according to:",
        "credit": "Borders: Natural Earth (public domain). Places, holders and dates: the bot's sourced facts.",
        "and": " and ",
    },
    "ar": {
        "title": "من يسيطر على ماذا في سوريا",
        "subtitle": "الأماكن التي يذكرها التقرير، بحسب آخر حال لها",
        "opposition": "سيطرت عليها المعارضة",
        "regime": "سيطر عليها النظام",
        "contested": "متنازع عليها، اشتباكات",
        "advancing": "المعارضة تتقدم نحوها",
        "advancing_regime": "النظام يتقدم نحوها",
        "unstated": "مذكورة؛ المسيطر غير مذكور",
        "capital": "العاصمة، غير مذكورة في التقرير",
        "by": "بحلول {date}",
        "advance": "تقدم نحوها، {date}",
        "clashes": "اشتباكات، {date}",
        "caption": "حتى {date}، بحسب {sources}.",
        "caption_head": "حتى {date}، بحسب:",
        "credit": "الحدود: Natural Earth، ملكية عامة. الأماكن والمسيطرون والتواريخ: حقائق البوت الموثقة.",
        "and": " و",
    },
}


def visual(text: str) -> str:
    """``text`` ready for a renderer without shaping: Arabic joined and in right-to-left visual order
    (a text with Arabic in it is a right-to-left paragraph, whatever its first word)."""
    if not _ARABIC.search(text):
        return text
    import arabic_reshaper  # only needed for Arabic text
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text), base_dir="R")


def is_rtl(lang: str) -> bool:
    """True for right-to-left languages."""
    return lang == "ar"


def date_text(d: FactDate, lang: str, short: bool = False) -> str:
    """``5 Dec 2024`` / ``5 December 2024`` / ``5 ديسمبر 2024`` (month and year precision too)."""
    if lang == "ar":
        month = _AR_MONTHS[d.month - 1] if d.month else ""
    else:
        month = MONTHS[d.month - 1].title()[: 3 if short else None] if d.month else ""
    return " ".join(str(p) for p in (d.day or "", month, d.year) if p)


def name(fb: FactBase, entity_id: str, lang: str) -> str:
    """An entity's name for the map: its first Arabic alias in Arabic, else its name; short forms of
    groups (``SNA``) when the report has one."""
    e = fb.entities[entity_id]
    if lang == "ar":
        return e.name_ar or next((a for a in e.aliases if _ARABIC.search(a)), e.name)
    if e.type != "place":
        short = [a for a in e.aliases if a.isupper() and 2 <= len(a) <= 5]
        if short:
            return short[0]
    return e.name.removeprefix("the ")


@dataclass(frozen=True)
class Label:
    """The two lines of a place's label (the second may be empty)."""

    title: str
    detail: str


def label(fb: FactBase, status: PlaceStatus, lang: str) -> Label:
    """``Hama`` / ``5 Dec 2024``; ``by 30 Nov 2024`` when the report says "by"; who, when not the side itself."""
    s = STRINGS[lang]
    title = name(fb, status.place, lang)
    if status.since is None:
        return Label(title, "")
    when = date_text(status.since, lang, short=True)
    if status.status == "advancing":
        detail = s["advance"].format(date=when)
    elif status.status == "contested":
        detail = s["clashes"].format(date=when)
    else:
        detail = s["by"].format(date=when) if status.by else when
        if status.holder and status.holder != status.side:
            detail += f" \u00b7 {name(fb, status.holder, lang)}"
    return Label(title, detail)


def legend_key(status: str, side: str = "opposition") -> str:
    """The STRINGS key naming a status in the legend."""
    return "advancing_regime" if status == "advancing" and side == "regime" else status


def caption(fb: FactBase, where: Situation, lang: str) -> str:
    """``As of 7 December 2024, according to <sources>.`` (each source named once)."""
    as_of, sources = caption_parts(fb, where, lang)
    return STRINGS[lang]["caption"].format(date=as_of, sources=sources)


def caption_parts(fb: FactBase, where: Situation, lang: str) -> tuple[str, str]:
    """The caption's date and its sources, each source named once."""
    s = STRINGS[lang]
    labels = [_source_label(fb, sid, lang) for sid in where.sources or fb.sources]
    sources = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + s["and"] + labels[-1]
    return (date_text(where.as_of, lang) if where.as_of else "?"), sources


def _source_label(fb: FactBase, source_id: str, lang: str) -> str:
    source = fb.sources[source_id]
    if lang != "en" and source.get("published"):
        # the right-to-left mark keeps the date out of the publisher's left-to-right words
        return f"{source['publisher']}\u200f\u060c {date_text(FactDate.parse(source['published']), lang)}"
    label = source["label"]
    first, _, rest = label.partition(" ")
    return f"{first.lower()} {rest}" if first in ("A", "An", "The") and rest else label  # "according to a news report"
