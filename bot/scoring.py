"""Score facts against an understood question: the names, action, words, dates and wording it shares."""

from __future__ import annotations

from bot import thresholds as T
from bot.factbase import FactBase, StoredFact
from bot.intents import CUE_WORDS
from bot.vocab import GENERIC, clitic_splits, is_generic, stem
from bot.understand import Parsed

ANSWER_KEY = {"when": "when", "where": "where", "why": "why", "what": "what", "count": "count"}
# Kinds of question about an action on a named place: a fact that only mentions it does not answer.
STRICT = frozenset({"when", "yesno", "where", "who"})
SIDE_TYPES = frozenset({"group", "unit", "alliance", "country", "person"})
ROLE_OF = {"whom": "targets", "backers": "backers", "members": "members"}
_PLURALS = frozenset({"cities", "towns", "places", "areas", "provinces", "gains"})  # "which cities ...?"
_PRESENT = frozenset({"is", "are", "has", "have", "does", "do", "isnt", "arent", "hasnt"})


def _forms(word: str) -> list[str]:
    """A word, and for Arabic its forms without clitics ("بمركز" is also "مركز")."""
    return [word, *(b for b in clitic_splits(word) if len(b) >= 3)]


class Scorer:
    """Ranks the facts of one fact base for a question, and says what a fact cannot answer."""

    def __init__(self, fb: FactBase) -> None:
        self.fb = fb
        self.plain = GENERIC | CUE_WORDS | fb.domain | set(fb.actions)  # words any fact may leave unsaid

    def scored(self, p: Parsed) -> list[tuple[float, StoredFact]]:
        """Every fact with its score for ``p``, best first."""
        content = set(p.content) - self.fb.domain  # words any question about the offensive may use
        listing = bool(_PLURALS & set(p.tokens))
        key = self.answer_key(p)
        bare = p.intent in ("", "what") and not p.actions and set(p.content) <= self.fb.domain  # "X?", "X city?"
        about = {self.fb.entities[e].about for e in p.entities} if bare else set()
        scored = []
        keys = [*p.content, *p.entities, *p.soft_entities, *(f"action:{a}" for a in p.actions), p.context_fact]
        # the side named acted (not for "who" and yes/no questions, nor a bare name without a verb)
        subject = self.subject(p) if p.intent not in ("who", "yesno") and (p.intent or p.actions) else ""
        strict = {e for e in p.entities if self.fb.entities[e].type == "place"} if p.intent in STRICT else set()
        present = p.intent == "yesno" and p.tokens[0] in _PRESENT and not p.dates
        latest = self.fb.latest_year
        facts = self.fb.facts.values() if p.dates or p.intent in ("duration", "compare") else self.fb.candidates(keys)
        for f in facts:
            s = T.W_SALIENCE * f.salience
            for e in p.entities:
                if e in f.entities and not (e in strict and e in f.mentions_only):
                    s += T.W_ENTITY * (T.W_MENTION_SHARE if e in f.mentions_only else 1.0)
                elif e in f.mentioned:
                    s -= T.W_ENTITY_SOFT_MISS
                else:
                    s -= T.W_ENTITY_MISS
            soft = f.entities.intersection(p.soft_entities)
            if p.intent in STRICT:  # "has it fallen?": a fact that only mentions "it" does not say
                soft -= f.mentions_only
            s += T.W_ENTITY * T.W_MENTION_SHARE * len(soft)
            if p.entities:
                s -= T.W_SURPLUS * len(f.entities.difference(p.entities))
            if subject and p.actions.intersection(f.actions):
                doers, done_to = self.sides(p, f)
                s += T.W_SUBJECT if subject in doers else -T.W_SUBJECT if subject in done_to else 0.0
            if p.actions:
                if f.actions[0] in p.actions:
                    s += T.W_ACTION
                else:
                    s += T.W_ACTION * T.W_SECONDARY_SHARE if p.actions.intersection(f.actions) else -T.W_ACTION_MISS
            s += T.W_WORD * (len(content & f.core) + 0.5 * len(content & f.vocab - f.core))
            if listing and f.kind == "summary":
                s += T.W_LIST
            s -= T.W_UNEXPLAINED * len(self.unexplained(p, f))
            for d in p.dates:
                s += T.W_DATE if f.covers(d) else -T.W_DATE_MISS
            if (key in f.answers and key not in ("what", "when")) or (key == "what" and key in f.answers and not p.actions) \
                    or (p.intent == "duration" and f.until):
                s += T.W_SLOT
            if not self.has_slot(p, f):
                s -= T.W_NO_COUNT if p.intent == "count" else T.W_NO_SLOT
            if present and f.date and f.date.year == latest:
                s += T.W_RECENT
            if f.id in about:
                s += T.W_ABOUT
            if p.context_fact == f.id:
                s += T.W_CONTEXT
            scored.append((s, f))
        scored.sort(key=lambda x: (-x[0], x[1].id))
        return scored

    @staticmethod
    def answer_key(p: Parsed) -> str:
        if p.intent == "who":
            return p.role
        return ANSWER_KEY.get(p.intent, "")

    def has_slot(self, p: Parsed, f: StoredFact) -> bool:
        """True if ``f`` can answer this kind of question at all (a date for "when", ...)."""
        if p.intent == "when":
            return f.date is not None
        if p.intent == "where":
            return bool(f.roles.get("places")) or "where" in f.answers
        if p.intent in ("why", "count"):
            return p.intent in f.answers
        if p.intent == "who" and p.role in ROLE_OF:
            if p.role in ("whom", "backers") and self.subject(p) and self.subject(p) not in self.sides(p, f)[0]:
                return False  # "who supports the opposition?": the opposition must be the side backed
            return bool(f.roles.get(ROLE_OF[p.role])) or p.role in f.answers
        return True

    @staticmethod
    def counts(p: Parsed, f: StoredFact) -> bool:
        """True if ``f`` gives a number for what the question counts ("how many major cities")."""
        text = f.answers.get("count", "").casefold()
        counted = [w for w in p.content if w not in ("many", "much", "number")][:2]
        return bool(text) and any(w in text for w in counted)

    def unexplained(self, p: Parsed, f: StoredFact) -> list[str]:
        """Topic words of the question that the fact does not speak of ("still president?")."""
        return [w for w in p.content if not is_generic(w) and not any(
            x in self.plain or x in f.vocab or stem(x) in f.stems for x in _forms(w))]

    def subject(self, p: Parsed) -> str:
        """The side the question says acted: named after "by", else the side (group, unit, person ...)
        named first."""
        if p.pronoun_subject and not p.agent:
            return ""
        sides = [e for e in p.entities if self.fb.entities[e].type in SIDE_TYPES]
        if p.tokens[:1] == ["whose"]:  # "whose regime is the opposition fighting?": the first is the object
            sides = sides[1:]
        return p.agent or (sides[0] if sides else "")

    def sides(self, p: Parsed, f: StoredFact) -> tuple[set[str], set[str]]:
        """Who, for this question's wording, must have acted in ``f``, and who was acted on.

        The side named is the actor, unless the wording turns it round: "lose", a passive without
        "by", or the side named only after the verb ("what did the statement urge regime forces to do?").
        """
        subjects = set(f.roles.get("subjects", ()))  # what the fact is about stands on either side
        doers = subjects.union(*(f.roles.get(r, ()) for r in ("actors", "members")))
        done_to = subjects.union(f.roles.get("targets", ()))
        subject = self.subject(p)
        # "urge regime forces": the side right after the verb is its object ("erupt between the regime ..." is not)
        after_verb = not p.agent and not p.verb_first and p.action_at >= 0 and 0 < p.positions.get(subject, -1) - p.action_at <= 2 and (
            p.positions[subject] - p.action_at == 1 or p.tokens[p.action_at + 1] in ("the", "its", "their"))
        # a side can only have been acted on ("where are they headed?" is no passive) if the fact has targets
        inverse = p.inverse and not p.agent and bool(f.roles.get("targets") or f.roles.get("subjects"))
        return (done_to, doers) if inverse != after_verb else (doers, done_to)
