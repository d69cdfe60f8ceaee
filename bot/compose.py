"""Compose answers: the short text in the question's language, its citations and follow-up suggestions."""

from __future__ import annotations

import re
from heapq import heapify, heappop
from itertools import chain

from bot import thresholds as T
from bot.answer import Answer, Citation
from bot.dates import FactDate
from bot.factbase import FactBase, StoredFact
from bot.knowledge import ROLE_OF
from bot.lang import Pack
from bot.text import normalise

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


def language(text: str = "", language_code: str | None = None) -> str:
    """"ar" for a text with Arabic letters, or (given) a user whose Telegram language is Arabic; else "en"."""
    return "ar" if _ARABIC_LETTER.search(text or "") or (language_code or "").lower().startswith("ar") else "en"


def render_date(d: FactDate, pack: Pack) -> str:
    """``5 December 2024`` (or the pack's form of it), ``June 2018`` or ``2011``."""
    return d.render_in(pack.code)


def weekday_was(d: FactDate, pack: Pack) -> str:
    """"5 December 2024 was a Thursday." (a date known to the day)."""
    return pack.say("weekday_was", date=render_date(d, pack), weekday=pack.lists["weekday_names"][d.as_date().weekday()])


def plural(pack: Pack, key: str, n: int) -> str:
    """A pack sentence in the form its number takes: two forms, one and more (``"{n} day|{n} days"``),
    or four as Arabic counts, one, two, three to ten and eleven on (``"يوم واحد|يومان|{n} أيام|{n} يومًا"``)."""
    forms = pack.messages[key].split("|")
    if len(forms) == 4:
        form = forms[0 if n == 1 else 1 if n == 2 else 2 if 3 <= n % 100 <= 10 else 3]
    else:
        form = forms[0 if n == 1 else -1]
    return form.format(n=n)


def statement(f: StoredFact, pack: Pack) -> str:
    """The fact's statement in the pack's language (English when it has no such text)."""
    return f.ar.get("statement", f.statement) if pack.code == "ar" else f.statement


def _answers(f: StoredFact, pack: Pack) -> dict[str, str]:
    """The fact's sharper answers in the pack's language (English when it has no such text)."""
    return f.ar if pack.code == "ar" and f.ar else f.answers


def fact_text(f: StoredFact, key: str, intent: str, pack: Pack) -> str:
    """The fact's sharpest answer for this kind of question, in the pack's language."""
    answers = _answers(f, pack)
    base = statement(f, pack)
    if intent == "who":
        return answers.get(key) or answers.get("who") or base
    return answers.get(key, base) if key else base


def role_text(fb: FactBase, f: StoredFact, key: str, intent: str, pack: Pack) -> str:
    """``fact_text``; for "who" asked of a role the fact has no sentence for ("who lost Hama?": the
    targets), the names holding that role, then the statement."""
    held = f.roles.get(ROLE_OF.get(key, ""), [])
    if intent == "who" and key not in _answers(f, pack) and held:
        text = pack.say("role_then", names=names(fb, list(held), pack), statement=statement(f, pack))
        return text[:1].upper() + text[1:]
    return fact_text(f, key, intent, pack)


def missing(pack: Pack, intent: str) -> str:
    """What the bot says when the best fact lacks what this kind of question asks for."""
    spec = next((i for i in pack.intents if i.name == intent), None)
    return spec.missing if spec and spec.missing else pack.say("not_say")


def topic(fb: FactBase, pack: Pack) -> str:
    """What the fact base covers, derived from its facts: dates, places, and how far back it goes."""
    dated = sorted((f for f in fb.facts.values() if f.date), key=lambda f: (f.date, f.id))
    if not dated:
        return ""
    latest_year = dated[-1].date.year
    recent = [f for f in dated if f.date.year == latest_year]
    places = [e for f in recent for e in f.roles.get("places", []) if fb.entities[e].type == "place"]
    shown = list(dict.fromkeys(places))[:8]
    return pack.say("topic", start=render_date(recent[0].date, pack), end=render_date(recent[-1].date, pack),
                    places=joined([entity_name(fb, e, pack) for e in shown], pack),
                    since=render_date(FactDate(dated[0].date.year), pack))


def according(fb: FactBase, source_ids: list[str], pack: Pack) -> str:
    """The publishers of ``source_ids`` for "according to ...", a leading article in lower case."""
    names = []
    for sid in dict.fromkeys(source_ids):
        name = fb.source_field(sid, "publisher", pack.code)
        first, _, rest = name.partition(" ")
        names.append(f"{first.lower()} {rest}" if rest and normalise(first) in pack.determiners else name)
    return joined(names, pack)


def citations(fb: FactBase, facts: list[StoredFact], code: str = "en") -> list[Citation]:
    """Each distinct quote of ``facts``, with its source's label in the language ``code``, in order."""
    seen: dict[str, Citation] = {}
    for f in facts:
        for q, source in zip(f.quotes, f.quote_sources):
            seen.setdefault(q, Citation(fb.source_label(source, code), q))
    return list(seen.values())


def suggestions(fb: FactBase, facts: list[StoredFact], entities: list[str], pack: Pack, asked: str = "") -> list[str]:
    """Up to SUGGESTIONS follow-up questions: facts about the same entities (as the question's, or
    the first few facts shown: a timeline's later lines do not widen the search), then the most central."""
    shown = {f.id for f in facts}
    near = set(entities).union(*(f.entities for f in facts[:T.SUGGESTIONS])) if facts or entities else set()
    sharing = set().union(*(fb.by_entity.get(e, ()) for e in near))
    closest = [(-len(f.entities & near), -f.salience, f.id) for f in map(fb.facts.get, sharing - shown)]
    heapify(closest)  # taken in order as far as needed
    ranked = chain((fb.facts[heappop(closest)[2]] for _ in range(len(closest))),
                   (f for f in fb.by_salience if f.id not in sharing and f.id not in shown))  # then the others
    out: list[str] = []
    for f in ranked:
        q = f.ar.get("question", "") if pack.code == "ar" else f.question
        if q and q.casefold() != asked.casefold() and q not in out:
            out.append(q)
        if len(out) == T.SUGGESTIONS:
            break
    return out


def answer(fb: FactBase, question: str, intent: str, text: str, facts: list[StoredFact], pack: Pack, *,
           answered: bool = True, confidence: float = 1.0, entities: list[str] | None = None,
           verdict: str | None = None, declined_by: str | None = None) -> Answer:
    """An Answer citing ``facts``, with suggestions near them."""
    return Answer(question=question, text=text, answered=answered, intent=intent,
                  confidence=max(0.0, min(1.0, confidence)), sources=citations(fb, facts, pack.code),
                  suggestions=suggestions(fb, facts, entities or [], pack, question), facts=[f.id for f in facts],
                  verdict=verdict, declined_by=declined_by, lang=pack.code)


def quoted(words: list[str], pack: Pack) -> str:
    """``"a", "b" or "c"`` for a decline message, in the pack's quotation marks."""
    return joined([pack.say("quote", text=w) for w in dict.fromkeys(words)][:4], pack, "or")


def entity_name(fb: FactBase, entity_id: str, pack: Pack) -> str:
    """An entity's display name in the pack's language."""
    e = fb.entities[entity_id]
    return e.name_ar or e.name if pack.code == "ar" else e.name


def joined(items: list[str], pack: Pack, word: str = "and") -> str:
    """``a, b and c`` in the pack's language."""
    if len(items) <= 1:
        return "".join(items)
    return pack.say("list_sep").join(items[:-1]) + f" {pack.say(word)} " + items[-1]


def names(fb: FactBase, entity_ids: list[str], pack: Pack) -> str:
    """Entity display names joined for a sentence."""
    return joined([entity_name(fb, e, pack) for e in entity_ids], pack)


def join_statements(facts: list[StoredFact], pack: Pack) -> str:
    """Several facts as one short paragraph, in date order."""
    return " ".join(statement(f, pack) for f in sorted(facts, key=lambda f: (f.date is None, f.date, f.id)))
