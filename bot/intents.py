"""Intents as data: cue words and example phrasings, scored and ranked, with a catch-all fallback."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot import thresholds as T
from bot.text import normalise


@dataclass(frozen=True)
class Intent:
    """A kind of question: cue phrases (whole words in normalised text) and example phrasings."""

    name: str
    cues: tuple[str, ...]
    phrasings: tuple[str, ...] = ()
    leading: bool = False  # cues count only at the start of the question


INTENTS: tuple[Intent, ...] = (
    Intent("greeting", ("hi", "hello", "hey", "hiya", "salam", "salaam", "marhaba", "greetings",
                        "good morning", "good evening", "good afternoon", "yo", "howdy"),
           ("hello there", "hi bot", "good morning"), leading=True),
    Intent("thanks", ("thanks", "thank you", "thx", "cheers", "much appreciated", "ty"),
           ("thanks a lot", "thank you very much"), leading=True),
    Intent("help", ("help", "what can you do", "how do you work", "what can i ask", "who are you",
                    "what are you", "how to use", "what do you know", "how does this work", "menu"),
           ("what can you do", "what can i ask you", "how does this bot work", "help me"), leading=True),
    Intent("compare", ("which came first", "what came first", "which happened first", "what happened first",
                       "which was first", "before or after", "after or before", "earlier or later",
                       "which happened earlier", "which came earlier", "which was earlier", "came first",
                       "happened first", "happened earlier", "came earlier", "which came sooner"),
           ("which came first", "did it happen before or after")),
    Intent("duration", ("how long", "how many days", "how many years", "how many weeks", "how many months",
                        "how much time", "duration", "how soon", "how quickly", "how fast", "days between",
                        "years between", "time between"),
           ("how long did it take", "how many days between", "how many years did")),
    Intent("count", ("how many", "how much", "number of", "count", "how many cities", "total", "\u0643\u0645"),
           ("how many cities", "how many people", "what number of")),
    Intent("when", ("when", "wen", "whn", "\u0645\u062a\u0649", "what date", "which date", "what day", "which day", "what year",
                    "which year", "what month", "which month", "since when", "on what date", "what time",
                    "the date", "date of", "dates"),
           ("when did it happen", "on what date did", "what day was", "in which year did")),
    Intent("who", ("who", "whom", "whose", "\u0645\u0646", "which group", "which groups", "what group", "what groups",
                   "which army", "which forces", "what forces", "by whom", "which side", "which faction",
                   "which units", "which officials", "which countries", "which country"),
           ("who did it", "who is behind", "which group did")),
    Intent("where", ("where", "wher", "\u0627\u064a\u0646", "which city", "what city", "which province", "what province",
                     "which region", "what region", "which area", "what area", "which district",
                     "what district", "what place", "which place", "what location", "location of",
                     "which direction", "what direction", "which town", "what town"),
           ("where is it", "where did it happen", "in which city")),
    Intent("why", ("why", "\u0644\u0645\u0627\u0630\u0627", "significance", "significant", "important", "importance", "matter", "matters",
                   "how come", "reason", "what does it mean", "what does this mean", "mean for", "means for",
                   "meant for"),
           ("why does it matter", "why is it important", "what is the significance of")),
    Intent("timeline", ("timeline", "chronology", "chronological", "sequence of events", "order of events",
                        "key dates", "step by step", "series of events", "all the dates", "main events",
                        "in order", "walk me through", "key events"),
           ("give me a timeline", "list the events in order", "what are the key dates")),
    Intent("summary", ("summary", "summarise", "summarize", "overview", "recap", "tldr", "in short",
                       "in a nutshell", "what is going on", "whats going on", "what is happening",
                       "whats happening", "the big picture", "brief me", "tl dr", "what has happened",
                       "what happened so far", "nutshell", "gist"),
           ("give me a summary", "what is going on in syria", "summarise the offensive")),
    Intent("latest", ("latest", "most recent", "newest", "latest news", "any news", "current situation",
                      "situation now", "right now", "whats new", "what is new", "what new", "update", "updates",
                      "as of now", "recent development", "recent developments", "latest development",
                      "most recently", "where do things stand", "where things stand"),
           ("what is the latest", "what is the latest news", "any updates")),
    Intent("source", ("source", "sources", "where does this information come from", "where do you get",
                      "which agency", "what agency", "who reported", "according to whom", "who says",
                      "based on what", "your information", "this information", "citation", "reference",
                      "information come from", "info come from", "facts come from", "answers come from",
                      "the source", "what source", "which source", "which report", "what report",
                      "news agency", "where is this from"),
           ("what is your source", "where does your information come from", "who reported this")),
    Intent("yesno", ("is", "are", "was", "were", "has", "have", "had", "did", "does", "do", "can",
                     "could", "will", "would", "is it true", "isnt", "didnt", "hasnt", "arent", "\u0647\u0644"),
           (), leading=True),
    Intent("what", ("what", "wat", "wht", "\u0645\u0627\u0630\u0627", "\u0645\u0627", "tell me", "describe", "explain", "info", "information",
                    "details", "which", "about", "anything on", "know about"),
           ("what is", "tell me about", "what happened")),
)

# The report gives days at most: questions about the hour are declined.
CLOCK_CUES = ("what time", "what hour", "which hour", "exact time", "exact hour", "time of day", "oclock",
              "o clock", "at night", "in the morning", "in the evening", "minute", "minutes")
# Questions about the future: the report cannot answer them.
FUTURE_CUES = ("will", "shall", "going to", "gonna", "in the future", "next year", "predict", "prediction")

# Follow-up openers and pronouns that point back to the previous turn.
FOLLOWUP_OPENERS = ("and", "what about", "how about", "what of", "also", "and what about", "then")
PRONOUNS = frozenset({"it", "they", "them", "that", "this", "there", "its", "their", "theirs",
                      "he", "him", "his", "she", "her", "those", "these", "then"})

# Sub-roles of a "who" question, found by cue words.
WHO_ROLES: dict[str, tuple[str, ...]] = {
    "whom": ("against", "aimed", "target", "targeted", "targeting", "targets", "at whom", "call on",
             "called on", "urge", "urged", "appeal", "opponent", "opponents", "enemy", "fighting"),
    "backers": ("help", "helped", "helping", "helps", "back", "backed", "backing", "backs", "backer", "backers",
                "support", "supported", "supporting", "supports", "ally", "allies", "allied", "assist", "assisted",
                "assists", "aid", "aided", "aids", "fund", "funds", "funded", "arm", "arms", "armed"),
    "members": ("is in", "are in", "was in", "were in", "members", "member", "part of", "make up", "made up",
                "consist", "consists", "comprise", "comprises", "include", "includes", "belong", "joined",
                "join", "formed", "form", "founded", "established"),
}

_ORDER = {i.name: n for n, i in enumerate(INTENTS)}
_BY_FIRST_WORD: dict[str, list[tuple[str, str, bool]]] = {}
for _intent in INTENTS:
    for _cue in map(normalise, _intent.cues):  # cues are matched against normalised text
        _BY_FIRST_WORD.setdefault(_cue.split()[0], []).append((_intent.name, _cue, _intent.leading))
_PHRASINGS = [(p, i.name) for i in INTENTS for p in i.phrasings]
_PHRASING_TEXTS = [p for p, _ in _PHRASINGS]
# Single-word cues are always understood; the words of a longer cue ("the big picture") only when
# the whole cue is in the question (see ``cue_words_in``), so "how big is it?" is not understood.
CUE_WORDS = frozenset(c for i in INTENTS for c in map(normalise, i.cues) if " " not in c) | frozenset(
    w for cues in WHO_ROLES.values() for c in cues for w in c.split()) | PRONOUNS | frozenset(
    w for o in FOLLOWUP_OPENERS for w in o.split())
_PHRASES = sorted({c for i in INTENTS for c in map(normalise, i.cues) if " " in c})


def cue_words_in(text: str) -> set[str]:
    """The words of the multi-word cues present in normalised ``text``."""
    padded = f" {text} "
    return {w for c in _PHRASES if f" {c} " in padded for w in c.split()}


def rank_intents(text: str, masked: str) -> list[tuple[str, float]]:
    """Intents ranked by score (0..1): cue phrases found in ``text``, phrasings near ``masked``."""
    scores = dict.fromkeys(_ORDER, 0.0)
    padded = f" {text} "
    for word in set(text.split()):
        for name, cue, leading in _BY_FIRST_WORD.get(word, ()):
            at = padded.find(f" {cue} ")
            if at >= 0 and (not leading or at == 0):
                # longer cues are more specific; a cue at the start of the question is stronger
                score = min(1.0, 0.55 + 0.1 * (cue.count(" ") + 1) + (0.1 if at == 0 else 0.0))
                scores[name] = max(scores[name], score)
    if masked:
        for _, score, index in process.extract(masked, _PHRASING_TEXTS, scorer=fuzz.ratio, limit=3,
                                               score_cutoff=T.INTENT_PHRASING_MIN):
            name = _PHRASINGS[index][1]
            scores[name] = max(scores[name], score / 100 - 0.1)
    ranked = sorted(((n, s) for n, s in scores.items() if s > 0), key=lambda x: (-x[1], _ORDER[x[0]]))
    return ranked


def choose_intent(ranked: list[tuple[str, float]]) -> tuple[str, float]:
    """The best-ranked intent and its score; when the runner-up is within the margin, the more
    specific intent (listed first in INTENTS) wins, with a lower score."""
    if not ranked:
        return "", 0.0
    best, score = ranked[0]
    close = [n for n, s in ranked[1:] if score - s < T.INTENT_MARGIN]
    if close:
        return min([best, *close], key=_ORDER.__getitem__), score - T.INTENT_MARGIN / 2
    return best, score


def who_role(text: str) -> str:
    """The role a "who" question asks about: whom, backers, members, or "who" (the actors)."""
    padded = f" {text} "
    for role, cues in WHO_ROLES.items():
        if any(f" {c} " in padded for c in cues):
            return role
    return "who"
