"""Score facts against an understood question: the names, action, words, dates and wording it shares."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot import thresholds as T
from bot.factbase import FactBase, StoredFact
from bot.intents import CUE_WORDS
from bot.knowledge import ROLE_OF
from bot.ranking import Group, Ranking
from bot.text import normalise
from bot.understand import Parsed
from bot.vocab import ASKS_NAMES, DETERMINERS, GENERIC, NAME_WORDS, OBJECT_MARKERS, SUBJECT_ENDINGS, WEEKDAYS, forms, is_generic, stem

ANSWER_KEY = {"when": "when", "where": "where", "why": "why", "what": "what", "count": "count"}
# Kinds of question about an action on a named place: a fact that only mentions it does not answer.
STRICT = frozenset({"when", "yesno", "where", "who"})
SIDE_TYPES = frozenset({"group", "unit", "alliance", "country", "person"})
_PLURALS = frozenset({"cities", "towns", "places", "areas", "provinces", "gains"})  # "which cities ...?"
_PRESENT = frozenset({"is", "are", "has", "have", "does", "do", "isnt", "arent", "hasnt"})


@dataclass(frozen=True)
class _Question:
    """What scoring a fact needs to know of the question, worked out once for all its facts."""

    p: Parsed
    content: set[str]
    listing: bool  # "which cities ...?"
    key: str  # the kind of sharper answer it asks for
    about: set[str]
    subject: str
    strict: set[str]  # named places a fact must be about, not only mention
    present: bool  # "is ... now?"
    named: frozenset[str]  # its entities
    topic_spellings: list[frozenset[str]]  # for each topic word, the fact words sharing a stem with it (see Scorer.unexplained)


class Scorer:
    """Ranks the facts of one fact base for a question, and says what a fact cannot answer."""

    def __init__(self, fb: FactBase) -> None:
        self.fb = fb
        # words any fact may leave unsaid (and "called", "سموا": the name it gives is the answer)
        self.plain = GENERIC | CUE_WORDS | fb.domain | set(fb.actions) | NAME_WORDS - ASKS_NAMES

    def ranking(self, p: Parsed) -> Ranking:
        """The candidate facts for ``p`` with their scores, best first: every fact when the question
        has dates or relates two events, else those sharing a word, name or action with it."""
        listing = bool(_PLURALS & set(p.tokens))
        q = _Question(p, content=set(p.content) - self.fb.domain,  # words any question about the offensive may use
                      listing=listing, key=self.answer_key(p),
                      # a bare name ("X?", "X city?") asks for the entity's main fact
                      about=({self.fb.entities[e].about for e in p.entities}
                             if p.intent in ("", "what") and not p.actions and set(p.content) <= self.fb.domain
                             else set()) | (set() if listing else self._next_to(p)),
                      # the side named acted (not for "who" and yes/no questions, nor a bare name without a verb)
                      subject=(self.subject(p) or self._pronoun_side(p)) if p.intent not in ("who", "yesno") and (p.intent or p.actions) else "",
                      strict={e for e in p.entities if self.fb.entities[e].type == "place"} if p.intent in STRICT else set(),
                      present=asks_now(p),
                      named=frozenset(p.entities), topic_spellings=[self.spellings(w) for w in self.topic_words(p)])
        keys = [*p.content, *p.entities, *p.soft_entities, *(f"action:{a}" for a in p.actions), p.context_fact]
        every = bool(p.dates) or p.intent in ("duration", "compare")
        touched = self._touched(q, keys, every)
        return Ranking(lambda f: self._score(q, f), [self.fb.facts[i] for i in sorted(touched)],
                       self._untouched(q, keys, every, touched))

    def _touched(self, q: _Question, keys: list[str], every: bool) -> set[str]:
        """The candidates the question touches: they name its entities (or the previous turn's), or are
        a named entity's main fact or the previous answer."""
        p = q.p
        # a fact that only mentions "it" gets nothing for it in a strict question, and is no more than a candidate
        soft = (self.fb.by_entity.get(e, ()) if p.intent in STRICT else self.fb.having(e) for e in p.soft_entities)
        ids = set().union(*map(self.fb.having, p.entities), *soft)
        for fid in (*q.about, p.context_fact):
            if fid in self.fb.facts and (every or any(fid in self.fb.having(k) for k in keys)):
                ids.add(fid)
        return ids

    def _untouched(self, q: _Question, keys: list[str], every: bool, touched: set[str]) -> list[Group]:
        """The other candidates in groups: those covering the question's dates or spanning the time a
        "how long" question asks for, then the rest by how their actions fit the question's: the main
        one, another one, none (each group found only if it is read)."""
        p, ceiling = q.p, self._ceiling(q)
        dated = {f.id for d in p.dates for f in self.fb.covering(d)}
        if p.intent == "duration":
            dated.update(f.id for f in self.fb.spans)
        dated -= touched
        # a date covered scores instead of missing, and a span has the slot of "how long"
        groups: list[Group] = [(ceiling + (T.W_DATE + T.W_DATE_NEAR_MISS) * len(p.dates) + T.W_SLOT * (p.intent == "duration"),
                                lambda: map(self.fb.facts.get, dated))] if dated else []
        touched = touched | dated

        def having_action(main: bool) -> set[str]:
            return set().union(*(self.fb.by_main_action.get(a, ()) if main else self.fb.having(f"action:{a}")
                                 for a in p.actions))

        def rest() -> Iterable[StoredFact]:
            ids = set(self.fb.facts) if every else set().union(*map(self.fb.having, keys))  # sharing a key
            return map(self.fb.facts.get, ids - touched - having_action(False))

        if not p.actions:
            return [*groups, (ceiling, rest)]
        return [*groups, (ceiling, lambda: map(self.fb.facts.get, having_action(True) - touched)),
                (ceiling - T.W_ACTION * (1 - T.W_SECONDARY_SHARE),
                 lambda: map(self.fb.facts.get, having_action(False) - having_action(True) - touched)),
                (ceiling - T.W_ACTION - T.W_ACTION_MISS, rest)]

    def _ceiling(self, q: _Question) -> float:
        """The most an untouched candidate can score: it names none of the question's entities, covers
        none of its dates, spans no time, and shares at most every other word, the action, the kind
        of answer and the kind of thing "which" asks for."""
        p = q.p
        ceiling = T.W_SALIENCE * self.fb.max_salience - T.W_ENTITY_MISS * len(p.entities) - T.W_DATE_NEAR_MISS * len(p.dates)
        ceiling += T.W_SUBJECT * (q.subject not in ("", *p.entities)) + T.W_ACTION * bool(p.actions)
        ceiling += T.W_WORD * len(q.content) + T.W_LIST * q.listing + T.W_RECENT * q.present + T.W_KIND * bool(p.asked_kinds)
        return ceiling + T.W_SLOT * (q.key not in ("", "what", "when") or q.key == "what" and not p.actions)

    def _score(self, q: _Question, f: StoredFact) -> float:
        """The score of ``f`` for the question."""
        p = q.p
        s = T.W_SALIENCE * f.salience
        for e in p.entities:
            if e in f.entities and not (e in q.strict and e in f.mentions_only):
                s += T.W_ENTITY * (T.W_MENTION_SHARE if e in f.mentions_only else 1.0)
            elif e in f.mentioned:
                s -= T.W_ENTITY_SOFT_MISS
            else:
                s -= T.W_ENTITY_MISS
        if p.soft_entities:
            soft = f.entities.intersection(p.soft_entities)
            if p.intent in STRICT:  # "has it fallen?": a fact that only mentions "it" does not say
                soft -= f.mentions_only
            s += T.W_ENTITY * T.W_MENTION_SHARE * len(soft)
        if p.entities:
            s -= T.W_SURPLUS * (len(f.entities) - len(f.entities & q.named))
        if q.subject and p.actions.intersection(f.actions):
            doers, done_to = self.sides(p, f, q.subject)
            s += T.W_SUBJECT if q.subject in doers else -T.W_SUBJECT if q.subject in done_to else 0.0
        if p.actions:
            if f.actions[0] in p.actions:
                s += T.W_ACTION
            else:
                s += T.W_ACTION * T.W_SECONDARY_SHARE if p.actions.intersection(f.actions) else -T.W_ACTION_MISS
        in_core = len(q.content & f.core)
        s += T.W_WORD * (in_core + 0.5 * (len(q.content & f.vocab) - in_core))  # the core is in the vocab
        if p.asked_kinds and (f.kind != "summary" or q.listing) and any(  # (a summary, for a plural: it names all)
                self.fb.entities[e].type in p.asked_kinds for e in f.entities - q.named - f.mentions_only):
            s += T.W_KIND
        if q.listing and f.kind == "summary":
            s += T.W_LIST
        unexplained = sum(map(f.vocab.isdisjoint, q.topic_spellings)) if q.topic_spellings else 0
        s -= T.W_UNEXPLAINED * unexplained
        for d in p.dates:
            s += T.W_DATE if f.covers(d) else -T.W_DATE_NEAR_MISS if f.near(d) else -T.W_DATE_MISS
        key = q.key
        if not unexplained and ((key in f.answers and key not in ("what", "when"))  # a sharper answer, if on the topic
                                or (key == "what" and key in f.answers and not p.actions) or (p.intent == "duration" and f.until)):
            s += T.W_SLOT
        if not self.has_slot(p, f):
            s -= T.W_NO_COUNT if p.intent == "count" else T.W_NO_SLOT
        if q.present and f.date and f.date.year == self.fb.latest_year:
            s += T.W_RECENT
        if f.id in q.about:
            s += T.W_ABOUT
        if p.context_fact == f.id and not p.side_of[0]:
            s += T.W_CONTEXT
        if p.side_of[0] and not q.listing and not self._on_side(p.side_of, f):
            s -= T.W_DATE_MISS
        return s

    def _next_to(self, p: Parsed) -> set[str]:
        """"Who held it after that?": the nearest event on that side of the last answer that shares its
        action and a name of the conversation (scored as the one asked about)."""
        side, other = p.side_of[0], self.fb.facts.get(p.side_of[1])
        if not side or other is None or other.date is None:
            return set()
        near = [f for f in self.fb.events if self._on_side(p.side_of, f) and (not p.actions or p.actions & set(f.actions))
                and f.entities.intersection(p.soft_entities)]
        return {(near[0] if side == "after" else near[-1]).id} if near else set()

    def _on_side(self, side_of: tuple[str, str], f: StoredFact) -> bool:
        """True if ``f`` is dated after (or before) the fact of ``side_of``, as it asks."""
        side, other = side_of[0], self.fb.facts.get(side_of[1])
        if other is None or other.date is None:
            return True
        return f.date is not None and (f.date > other.date if side == "after" else f.date < other.date)

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
        """True if ``f`` gives a number for what the question counts ("how many major cities", "كم
        مدينة"), in either language's answer (words matched by their stems: "cities" ~ "city")."""
        text = normalise(f"{f.answers.get('count', '')} {f.ar.get('count', '')}")
        counted = [w for w in p.content if w not in CUE_WORDS][:2]
        return bool(text.strip()) and any(stem(w) in text for w in counted)

    def unexplained(self, p: Parsed, f: StoredFact) -> list[str]:
        """Topic words of the question that the fact does not speak of ("still president?")."""
        return [w for w in self.topic_words(p) if f.vocab.isdisjoint(self.spellings(w))]

    def spellings(self, word: str) -> frozenset[str]:
        """The fact words that share a stem with a form of ``word`` (defect ~ defected)."""
        return frozenset().union(*(self.fb.spellings.get(stem(x), ()) for x in forms(word)))

    def topic_words(self, p: Parsed) -> list[str]:
        """The question's words that say what it is about, not how it is asked."""
        return [w for w in p.content if not any(x in self.plain or x in WEEKDAYS for x in forms(w)) and not is_generic(w)]

    def subject(self, p: Parsed) -> str:
        """The side the question says acted: named after "by", else the side (group, unit, person ...)
        named first."""
        if p.pronoun_subject and not p.agent:
            return ""
        sides = [e for e in p.entities if self.fb.entities[e].type in SIDE_TYPES]
        # "شو طلبت من قوات النظام؟", "was it against the PKK?": a side after such a preposition is no subject
        sides = [e for e in sides if word_before(p, e) not in OBJECT_MARKERS] or sides[:0]
        if p.verb_first:
            if p.action_at > 0 and p.content and p.content[0] in p.tokens[:p.action_at]:
                # "البيان دعا قوات النظام ...": a noun before the verb is its subject, the side after it its object
                sides = [e for e in sides if p.positions.get(e, 0) < p.action_at]
            elif p.action_at >= 0 and len(verb := p.tokens[p.action_at]) > 3 and verb.endswith(SUBJECT_ENDINGS):
                sides = [e for e in sides if p.positions.get(e, 0) < p.action_at]  # "طالبوا قوات النظام": its object
        if p.tokens[:1] == ["whose"]:  # "whose regime is the opposition fighting?": the first is the object
            sides = sides[1:]
        return p.agent or (sides[0] if sides else "")

    def _pronoun_side(self, p: Parsed) -> str:
        """In a follow-up, the side "they" stands for (the first side of the previous answer), to rank by."""
        if not (p.followup and p.pronoun_subject and not p.agent):
            return ""
        return next((e for e in p.soft_entities if self.fb.entities[e].type in SIDE_TYPES), "")

    def sides(self, p: Parsed, f: StoredFact, subject: str | None = None) -> tuple[set[str], set[str]]:
        """Who, for this question's wording, must have acted in ``f``, and who was acted on.

        The side named is the actor, unless the wording turns it round: "lose", a passive without
        "by", or the side named only after the verb ("what did the statement urge regime forces to do?").
        """
        subjects = set(f.roles.get("subjects", ()))  # what the fact is about stands on either side
        doers = subjects.union(*(f.roles.get(r, ()) for r in ("actors", "members")))
        done_to = subjects.union(f.roles.get("targets", ()))
        subject = self.subject(p) if subject is None else subject  # (``subject``: ``p``'s, if worked out already)
        # "urge regime forces": the side right after the verb is its object ("erupt between the regime ..." is not)
        after_verb = not p.agent and not p.verb_first and p.action_at >= 0 and 0 < p.positions.get(subject, -1) - p.action_at <= 2 and (
            p.positions[subject] - p.action_at == 1 or p.tokens[p.action_at + 1] in ("the", "its", "their"))
        # a side can only have been acted on ("where are they headed?" is no passive) if the fact has targets
        inverse = p.inverse and not p.agent and bool(f.roles.get("targets") or f.roles.get("subjects"))
        return (done_to, doers) if inverse != after_verb else (doers, done_to)


def asks_now(p: Parsed) -> bool:
    """True for a yes/no question in the present tense with no date ("is Russia involved?")."""
    return p.intent == "yesno" and p.tokens[0] in _PRESENT and not p.dates


def word_before(p: Parsed, entity: str) -> str:
    """The word before where ``entity`` is named, past any determiner ("against the PKK": "against")."""
    at = p.positions.get(entity, 0) - 1
    while at > 0 and p.tokens[at] in DETERMINERS:
        at -= 1
    return p.tokens[at] if 0 <= at < len(p.tokens) and entity in p.positions else ""
