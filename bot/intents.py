"""Intents: the language packs' cue words and example phrasings, scored and ranked, with a margin."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot import thresholds as T
from bot.lang import IntentSpec, packs
from bot.text import Phrases
from bot.vocab import STOPWORDS


def _merged() -> tuple[tuple[IntentSpec, ...], dict[str, tuple[str, ...]]]:
    """Every pack's intents merged by name (the first pack's order), and their "who" sub-roles."""
    specs: dict[str, IntentSpec] = {}
    roles: dict[str, tuple[str, ...]] = {}
    for pack in packs():
        for spec in pack.intents:
            old = specs.get(spec.name)
            specs[spec.name] = spec if old is None else IntentSpec(
                spec.name, old.cues + spec.cues, old.phrasings + spec.phrasings, old.leading, old.missing,
                old.lead_only + spec.lead_only)
        for role, cues in pack.who_roles.items():
            roles[role] = roles.get(role, ()) + cues
    return tuple(specs.values()), roles


INTENTS, WHO_ROLES = _merged()
_WHO_ROLE_CUES = {role: Phrases(cues) for role, cues in WHO_ROLES.items()}
_ALL = packs()
# The report gives days at most: questions about the hour are declined.
CLOCK_CUES = Phrases(c for p in _ALL for c in p.clock_cues)
# Questions asking the bot's own opinion: it gives none.
OPINION_CUES = Phrases(c for p in _ALL for c in p.opinion_cues)
# Questions about the future: the report cannot answer them.
FUTURE_CUES = Phrases(c for p in _ALL for c in p.future_cues)
# Follow-up openers and pronouns that point back to the previous turn.
FOLLOWUP_OPENERS = tuple(c for p in _ALL for c in p.followup_openers)
PRONOUNS = frozenset().union(*(p.pronouns for p in _ALL))
_SUFFIXED = tuple(s for s in PRONOUNS if any(s in p.suffixes for p in _ALL))  # "ها" of "عليها"


def points_back(token: str) -> bool:
    """True for a pronoun, or a function word with a pronoun written onto it ("عليها": "on it")."""
    return token in PRONOUNS or any(token.endswith(s) and token[: -len(s)] in STOPWORDS for s in _SUFFIXED)

_ORDER = {i.name: n for n, i in enumerate(INTENTS)}
_BY_FIRST_WORD: dict[str, list[tuple[str, str, bool]]] = {}
for _intent in INTENTS:
    for _cue in _intent.cues:  # cues are normalised text
        _BY_FIRST_WORD.setdefault(_cue.split()[0], []).append((_intent.name, _cue, _intent.leading or _cue in _intent.lead_only))
_PHRASINGS = [(p, i.name) for i in INTENTS for p in i.phrasings]
_PHRASING_TEXTS = [p for p, _ in _PHRASINGS]
# Single-word cues are always understood; the words of a longer cue ("the big picture") only when
# the whole cue is in the question (see ``cue_words_in``), so "how big is it?" is not understood.
CUE_WORDS = frozenset(c for i in INTENTS for c in i.cues if " " not in c) | frozenset(
    w for cues in WHO_ROLES.values() for c in cues for w in c.split()) | PRONOUNS | frozenset(
    w for o in FOLLOWUP_OPENERS for w in o.split())


def cue_words_in(text: str) -> set[str]:
    """The words of the multi-word cues present in normalised ``text``."""
    padded = f" {text} "
    return {w for first in set(text.split()) for _, cue, _ in _BY_FIRST_WORD.get(first, ())
            if " " in cue and f" {cue} " in padded for w in cue.split()}


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
    return next((role for role, cues in _WHO_ROLE_CUES.items() if cues.found_in(text)), "who")
