"""The first stage of understanding: find the question inside what was sent.

People wrap a question in greetings, asides ("I'm writing an essay - ..."), frames ("remind me ...",
"honestly") and tags ("..., right?"); hearsay frames and tags make the rest a claim to check. Clauses
without substance are set aside; frames and tags are peeled off the ends of what is left.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.dates import MONTH_RE, month_number
from bot.lang import packs
from bot.text import Phrases, normalise
from bot.vocab import QUESTION_WORDS

_ALL = packs()
_BREAKS = "".join(rf"|\s{re.escape(w)}(?=\s)" for p in _ALL for w in p.clause_breaks)  # (the word itself is dropped)
_CLAUSE_END = re.compile(r"(?<=[\w)\"'\u201d])\s*(?:[.!?;:\u061f\u061b]+|\s[-\u2013\u2014]+|,|\u060c" + _BREAKS
                         + r")(?:\s+|$)", re.IGNORECASE)
_HEARSAY = Phrases({h for p in _ALL for h in p.hearsay})
_FRAMES = Phrases({f for p in _ALL for f in p.frames} | _HEARSAY.phrases)
_TAGS = Phrases({t for p in _ALL for t in p.tags})
_INTERJECTIONS = re.compile(r"(?<!\w)(?:" + "|".join(sorted({re.escape(w) for p in _ALL for w in p.interjections}, key=len, reverse=True))
                            + r")(?!\w)", re.IGNORECASE)
_ASKER = frozenset(w for p in _ALL for w in p.asker_subjects)
_OPENERS = frozenset(c for p in _ALL for i in p.intents if i.name in ("yesno", "when", "who", "where", "why", "what")
                     for c in i.cues if " " not in c)
_ASKING = _OPENERS | QUESTION_WORDS  # a word that asks: what comes before a verb of reporting is then no reporter
_REPORTING = re.compile(r"^((?:\S+ ){1,6}?)(?:" + "|".join(sorted({re.escape(v) for p in _ALL for v in p.hearsay_verbs},
                                                                  key=len, reverse=True)) + r")(?: that)? ")
_BEFORE_DATES = {k: v for p in _ALL for k, v in p.date_rewrites.items()}  # "back in 2011": "in 2011"
_BEFORE_DATE_RE = re.compile(r"\b(" + "|".join(map(re.escape, sorted(_BEFORE_DATES, key=len, reverse=True)))
                             + r")(?= \d)") if _BEFORE_DATES else None
_SEPARABLE = [(particle, re.compile(rf"\b({'|'.join(map(re.escape, verbs))})((?: \S+){{1,3}}?) {re.escape(particle)}\b"), verbs)
              for p in _ALL for particle, verbs in p.separable.items()]  # "got Daraa back": "retook Daraa"
_EDGES = {w: side for p in _ALL for side, words in p.month_edges.items() for w in words}
_EDGE_RE = re.compile(r"(?<!\S)(" + "|".join(map(re.escape, sorted(_EDGES, key=len, reverse=True))) + r") (?:of )?("
                      + MONTH_RE + r")(?!\S)") if _EDGES else None


def _edge_day(m: re.Match[str]) -> str:
    """"the end of november" -> "30 november": the month's first or last day."""
    month = month_number(m.group(2))
    return f"{1 if _EDGES[m.group(1)] == 'start' else calendar.monthrange(2024, month)[1]} {m.group(2)}"


# "by nov 30 did they ...": a date phrase before the words that ask, moved after them
_MARKER_RE = "|".join(sorted({re.escape(w) for p in _ALL for w in p.month_markers}, key=len, reverse=True))
_LEADING_DATE = re.compile(rf"^(?:{_MARKER_RE}) (?:the )?(?:(?:\d{{1,2}}(?:st|nd|rd|th)? (?:of )?)?(?:{MONTH_RE})"
                           rf"(?: \d{{1,2}}(?:st|nd|rd|th)?)?(?: \d{{4}})?|\d{{4}}) (?=\S+ \S)") if _MARKER_RE else None


def _date_last(text: str) -> str:
    """``text`` with a leading date phrase moved to its end when the words that ask follow it."""
    m = _LEADING_DATE.match(text) if _LEADING_DATE else None
    if m is None or text[m.end():].split()[0] not in _OPENERS:
        return text
    return f"{text[m.end():]} {text[:m.end()].strip()}"


_REWRITES = {k: v for p in _ALL for k, v in p.rewrites.items()}
_REWRITE_RE = re.compile(r"\b(" + "|".join(map(re.escape, sorted(_REWRITES, key=len, reverse=True))) + r")\b")


@dataclass
class Framed:
    """A message split into the question itself and what was wrapped around it."""

    text: str  # the question: normalised and rewritten, without asides, frames and tags
    claim: bool = False  # a hearsay frame or a tag: the question is a claim to check
    request: bool = False  # opened by a frame that asks ("tell me", "احكيلي"): never a bare claim
    asides: list[str] = field(default_factory=list)


_DIGIT = re.compile(r"\d")
_STRETCHED = re.compile(r"([a-z])\1{2,}")  # "heyyy", "sooo": a letter held down


def rewrite(text: str) -> str:
    """Normalised ``text`` with the packs' rewrites applied (chat spelling, multi-word verbs)."""
    text = _STRETCHED.sub(r"\1", normalise(text))
    for particle, pattern, verbs in _SEPARABLE:
        if particle in text:
            text = pattern.sub(lambda m: verbs[m.group(1)] + m.group(2), text)
    if _EDGE_RE:
        text = _EDGE_RE.sub(_edge_day, text)
    if _BEFORE_DATE_RE and _DIGIT.search(text):  # (a date rewrite comes before a number)
        text = _BEFORE_DATE_RE.sub(lambda m: _BEFORE_DATES[m.group(1)], text)
    return " ".join(_REWRITE_RE.sub(lambda m: _REWRITES[m.group(1)], text).split())


def _asker_words(clause: str, alone: bool, named: Callable[[str], bool]) -> tuple[str, str]:
    """``clause`` without the asker's own words: from "I" on ("what's this alliance i keep seeing"), or
    all of a clause that opens with them beside others ("i keep mixing up these dates, when ...?"),
    when they name nothing (``named``), ask nothing and report nothing heard."""
    words = clause.split()
    at = next((i for i, w in enumerate(words) if w in _ASKER), None)
    if at is None or (at == 0 and alone) or 0 < at < 2:
        return clause, ""
    own = " ".join(words[at:])
    if named(own) or QUESTION_WORDS.intersection(words[at:]) or _HEARSAY.peel(own, at_start=True)[1]:
        return clause, ""
    return " ".join(words[:at]), own


def frame(question: str, substantive: Callable[[str], bool], canonical: Callable[[str], str] = str,
          anchored: Callable[[str], bool] = lambda clause: True, named: Callable[[str], bool] = lambda clause: True) -> Framed:
    """Split ``question`` into clauses, keep those with substance (a name, date, action or question
    cue, as ``substantive`` judges), and peel frames and tags off the ends. ``canonical`` puts each
    word of a clause in the form the fact base knows (Arabic clitics off). Beside a clause that asks
    (opened by a question word), a clause that neither asks nor names what the fact base knows (as
    ``anchored`` judges: a name or a date) is an aside ("my teacher wants sources - who does the report cite?");
    so are the asker's own words that name nothing (``named``: "... i keep seeing")."""
    question = _INTERJECTIONS.sub(",", question)  # (an interjection ends a clause, and is no word of it)
    out = Framed("")
    said = [c for c in _CLAUSE_END.split(question) if normalise(c)]
    if len(said) > 1:  # a clause that is all tag as written ("..., what does the report say?"): the rest is a claim
        tags = [c for c in said if _TAGS.peel(normalise(c), at_start=False) == ("", True)]
        said = [c for c in said if c not in tags] or said
        out.claim = bool(tags)
    clauses = [rewrite(canonical(rewrite(c))) for c in said]
    clauses = [c for c in clauses if c]
    kept = []
    for clause in clauses:
        clause, own = _asker_words(clause, len(clauses) == 1, named)
        if own:
            out.asides.append(own)
        if not clause:
            continue
        body, tagged = _TAGS.peel(clause, at_start=False) if len(clauses) > 1 or " " in clause else (clause, False)
        if not body and tagged:
            out.claim = True
            continue
        # (a lone clause is the question whatever its substance, unless it is hearsay on its own)
        if len(clauses) == 1 and clause not in _HEARSAY.phrases or substantive(clause):
            kept.append(clause)
        else:
            out.asides.append(clause)
            out.claim = out.claim or clause in _HEARSAY.phrases  # "Fact check: ...", "سمعت: ..."
    asking = [c for c in kept if c.split()[0] in _OPENERS and len(c.split()) >= 3]  # ("who?" asks of the rest)
    if asking and len(kept) > 1:
        for clause in [c for c in kept if c not in asking and not anchored(c)]:
            kept.remove(clause)
            out.asides.append(clause)
    # the clause that asks ("By 30 November, had they ...?") goes first: the question word leads
    kept = [_date_last(c) for c in kept]
    kept.sort(key=lambda c: c.split()[0] not in _OPENERS)
    text = " ".join(kept) if kept else " ".join(clauses)
    text, hearsay = _HEARSAY.peel(text, at_start=True)
    # "my cousin said ...", "a guy on twitter claims ...": not a name before the verb, perhaps after a frame
    # ("بدي اعرف لانو اخي عم يقول انو ...")
    reporter = _REPORTING.match(text)
    unframed, framed = _FRAMES.peel(text, at_start=True)
    if reporter is None and framed and (reporter := _REPORTING.match(unframed)):
        text = unframed
    if reporter and not substantive(reporter.group(1)) and not _ASKING.intersection(reporter.group(1).split()):
        text, hearsay = text[reporter.end():], True
    out.claim = out.claim or hearsay
    text, asked = _FRAMES.peel(text, at_start=True)
    out.request = asked and not out.claim
    body, _ = _FRAMES.peel(text, at_start=False)
    body, tagged = _TAGS.peel(body, at_start=False)
    if body:
        text, out.claim = body, out.claim or tagged
    out.text = text or " ".join(clauses)
    return out
