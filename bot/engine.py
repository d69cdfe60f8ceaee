"""The question engine: understand a question, match facts, and compose a sourced answer.

It never guesses: when the report does not say, the answer says so (``answered: false``) and points
to what the report does cover. It imports nothing from telegram.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import takewhile
from pathlib import Path

from bot import compose
from bot import thresholds as T
from bot.answer import Answer
from bot.builder import build, ensure_built
from bot.context import Context
from bot.claims import PARTICIPATION, Claims, direction, extreme, names_both_orders, weekdays
from bot.dates import FactDate
from bot.factbase import FactBase, StoredFact
from bot.intents import INTENTS, PRONOUNS, who_role
from bot.lang import Pack, load as load_pack, packs
from bot.paths import default_db_path, default_knowledge_dir
from bot.ranking import Ranking
from bot.knowledge import NAMED_TYPES, ROLE_OF
from bot.scoring import SIDE_TYPES, STRICT, Scorer, asks_now, word_before
from bot.spans import Pairs, names_a_start, span
from bot.text import Phrases, bare, clean_question, normalise
from bot.understand import CHOICES, IMPLIED_ACTIONS, PLACE_WORDS, PRECISION, QUESTION_WORDS, WHICH, Parsed, Understander
from bot.vocab import ASKS_NAMES, BE, DETERMINERS, NAME_WORDS, OBJECT_MARKERS, STOPWORDS, VERB_AUXILIARIES, forms, is_arabic

_HAPPEN = frozenset().union(*(p.happen_words for p in packs()))
_NOW = Phrases(c for i in INTENTS if i.name == "latest" for c in i.cues)  # "right now": the latest, not a recap
_COPULA = BE | DETERMINERS | PRONOUNS  # words that join "who" to a name: "who are the ...", "مين هم"
_WHO = frozenset(c for i in INTENTS if i.name == "who" for c in i.cues if " " not in c)  # "who", "مين"
_CHECK_WORDS = frozenset({"yesno", "who", "when", "where", "what", "why", "count", ""})
_UNTOLD = frozenset({"time_of_day", "future", "opinion", "toll"})  # checks of the question alone: no fact tells the hour or the future
# kinds of question that take their event as given: one the report states otherwise is corrected
_PREMISED = frozenset({"yesno", "why", "when", "where"})
_WHERE_WORDS = frozenset(c for i in INTENTS if i.name == "where" for c in i.cues if " " not in c)  # ("where was X when ...")
_WEIGHED_KINDS = frozenset({"when", "where", "why", "duration", "compare"})  # "who"/"what": the unknown word may be what is asked


def _forms(tokens: list[str]) -> set[str]:
    """The words of a question, and the Arabic ones without their clitics too ("بالأسماء": "اسماء")."""
    return {form for t in tokens for form in forms(t)}


@dataclass(frozen=True)
class Check:
    """One reason to decline: its name (``declined_by``), the pack sentence it gives, and the test."""

    name: str
    message: str
    fails: Callable[["Engine", Parsed, StoredFact], bool]


def _unlinked(e: "Engine", p: Parsed, f: StoredFact) -> bool:
    return bool(_missing_entities(e, p, f))


def _missing_entities(e: "Engine", p: Parsed, f: StoredFact) -> list[str]:
    return [x for x in p.entities if x not in f.entities or (
        p.intent in STRICT and x in f.mentions_only and e.fb.entities[x].type == "place")]


def _action_not_stated(e: "Engine", p: Parsed, f: StoredFact) -> bool:
    if p.intent == "what" and p.said and not p.said & set(f.actions):  # "what did the regime say about losing Daraa?"
        return True
    return bool(e._uncovered(p, f)) or bool(p.actions and not p.actions.intersection(f.actions))


def _wrong_side(e: "Engine", p: Parsed, f: StoredFact) -> bool:
    if _echoes(e, p, f) in ("object", "unnamed"):
        return True
    subject = e.scorer.subject(p)
    at = p.positions.get(subject, -1)
    if 0 < at < len(p.tokens) - 1 and p.tokens[at - 1] in QUESTION_WORDS and p.tokens[at + 1] in p.content:
        return False  # "which regime unit defected?": the side names what is asked, it is not the subject
    if subject and p.intent == "when" and subject not in set().union(*e.scorer.sides(p, f)):
        return True  # "when did Russia intervene?": Russia only backs the side that acted then
    return bool(subject and p.intent in ("when", "what", "where") and p.actions.intersection(f.actions)
                and subject not in e.scorer.sides(p, f)[0])


def _two_times(dates: list[FactDate]) -> bool:
    """True for two dates neither of which holds the other ("27 November" and "5 December", not
    "1 December" and "2024")."""
    distinct = set(dates)
    return len(distinct) == 2 and any(x and y and x != y for x, y in zip(*((d.year, d.month, d.day) for d in distinct)))


def _echoes(e: "Engine", p: Parsed, f: StoredFact) -> str:
    """How a "who" question names the fact's own actors, so that answering them would only repeat it:
    "object" right after its verb ("who heads the SNA?"), "subject" before it ("who is the SNA going
    after?": it asks whom they acted on), "unnamed" or "plain" with no verb ("which country is
    Anadolu from?"; "who's AA?" asks what AA is); "" when it does not."""
    if p.intent != "who" or p.role != "who":
        return ""
    actors = set(f.roles.get("actors", ()))
    named = [x for x in p.entities if x in actors]
    if not actors or actors - set(p.entities) or not named:
        return ""
    verb = p.action_at if p.action_at >= 0 else next(
        (i for i, t in enumerate(p.tokens) if p.actions and e.understander.actions_of(t)), -1)  # "heads"
    if verb < 0:
        return "unnamed" if ASKS_NAMES & _forms(p.tokens) else "plain"
    after = all(0 < p.positions.get(x, -1) - verb <= 2 for x in named)
    if p.verb_first or all(p.positions.get(x, len(p.tokens)) < verb for x in named):
        return "subject"  # (Arabic puts the subject after the verb: "من مين انتزعت المعارضة ...")
    return "object" if after else ""


def _with_verdict(text: str, verdict: str | None, pack: Pack) -> str:
    """``text`` after the Yes or No of ``verdict``, if there is one."""
    return f"{pack.say('verdict_' + verdict)} {text[:1].upper()}{text[1:]}" if verdict else text


def _side_of(p: Parsed, pair: tuple[StoredFact, StoredFact]) -> str | None:
    """"before" or "after": where the event a "before or after?" question asks about (named first,
    or the previous answer a pronoun stands for) lies against the other; None for other questions,
    or when both are of one date."""
    if not names_both_orders(p):
        return None
    asked, other = pair
    if p.context_fact == other.id and p.pronoun_subject:  # "was that before or after Hama fell?"
        asked, other = other, asked
    if asked.date == other.date:
        return None
    return "before" if asked.date < other.date else "after"


def _between(day: FactDate, one: FactDate, other: FactDate) -> bool:
    """True if ``day`` falls from the earlier to the later of two question dates, each end as precise
    as it is given ("2011" to "2018" takes in all of 2018); an end without a year is of ``day``'s year."""
    start, end = sorted(replace(d, year=d.year or day.year) for d in (one, other))
    return (day >= start or day.covers(start)) and (day <= end or day.covers(end))


def _other_weekday(p: Parsed, f: StoredFact) -> bool:
    """"How did the regime win back Daraa's centre on Saturday?": the fact is not of a day the
    question names (or is not known to the day)."""
    named = weekdays(p)
    if not named:
        return False
    return not (f.date and f.date.year and f.date.day) or f.date.as_date().weekday() not in named


def _too_coarse(e: "Engine", p: Parsed, f: StoredFact) -> bool:
    """"In what month ...?" and the fact is known only to the year (or a day, and only the month)."""
    if p.intent != "when" or not p.precision or f.date is None:
        return False
    known = 2 if f.date.day else 1 if f.date.month else 0
    return known < min(p.precision, PRECISION["day"])


CHECKS: tuple[Check, ...] = (
    Check("time_of_day", "no_time", lambda e, p, f: p.clock),
    Check("future", "future", lambda e, p, f: p.future),
    Check("opinion", "no_opinion", lambda e, p, f: p.opinion),
    Check("toll", "no_toll", lambda e, p, f: p.toll),
    Check("entity_not_linked", "not_linked", _unlinked),
    Check("action_not_stated", "not_said", _action_not_stated),
    Check("wrong_side", "not_said", _wrong_side),
    Check("topic_not_in_fact", "not_say",
          lambda e, p, f: p.intent in _CHECK_WORDS and bool(e.scorer.unexplained(p, f))),
    Check("date_not_covered", "no_such_date", lambda e, p, f: bool(p.dates) and not (any if e.claims.is_choice(p) else all)(
        f.covers(d) for d in p.dates)),
    Check("date_too_coarse", "missing", _too_coarse),
    Check("weekday_not_covered", "no_such_date", lambda e, p, f: p.intent not in ("yesno", "when") and _other_weekday(p, f)),
    # "where was Assad when Daraa fell?": a fact's place is where it happened, not where a person was
    Check("person_not_placed", "not_say", lambda e, p, f: len(p.tokens) > 1 and p.tokens[1] in BE
          and (p.intent == "where" or p.tokens[0] in _WHERE_WORDS)
          and bool(p.entities) and e.fb.entities[p.entities[0]].type == "person"),
    # "where did regime forces retreat to?": only an advance says where a side went ("and then where to?" asks of one)
    Check("destination_not_stated", "not_said", lambda e, p, f: p.destination and bool(p.actions - e.fb.approach)
          and not e.fb.approach.intersection(f.actions)),
    Check("slot_missing", "missing",
          lambda e, p, f: not e.scorer.has_slot(p, f) or (p.intent == "count" and not e.scorer.counts(p, f))),
    Check("yesno_without_subject", "not_say",
          lambda e, p, f: p.intent == "yesno" and not (p.entities or p.soft_entities or p.dates)
          and e.claims.clear_fact(p) is not f and bool(e.scorer.unexplained(p, f))),
    # (but for a fact the words single out, or that has them all: "did the statement stress unity?")
    Check("no_name", "no_name", lambda e, p, f: p.intent == "what" and bool(NAME_WORDS & _forms(p.tokens)) and not any(
        e.fb.entities[x].type in NAMED_TYPES for x in [*p.entities, *f.roles.get("subjects", ())])),
    Check("unnamed", "unnamed", lambda e, p, f: bool(ASKS_NAMES & _forms(p.tokens)) and any(
        e.fb.entities[x].unnamed for x in p.entities + p.soft_entities
        + (f.roles.get("actors", []) if not p.content else [])) or any(
        e.fb.entities[x].unnamed and _other_kind_asked(e, p, x) for x in f.roles.get("actors", [])) or any(
        e.fb.entities[x].unnamed and _identity_asked(p, x) for x in p.entities) or any(
        e.fb.entities[x].unnamed and p.action_at < 0 and _identity_asked(p, x, _heads(e, x))
        for x in f.roles.get("actors", []))),  # ("who are the officials who called ...?" asks who did it)
)


def _heads(e: "Engine", entity: str) -> set[str]:
    """The noun of each of an entity's names ("officials" of "Arab officials", "مسوولين" of "مسؤولين عرب")."""
    names = [normalise(a).split() for a in e.fb.entities[entity].aliases]
    return {words[0] if is_arabic(words[0]) else words[-1] for words in names if words}


def _other_kind_asked(e: "Engine", p: Parsed, actor: str) -> bool:
    """"Which Arab countries called for Assad to go?", "أي دول عربية ...": a question whose words
    right after "which" name a kind the unnamed actor's name does not ("officials", the noun of its
    name, would be its own; its other words may come first: "which Arab ...")."""
    if p.intent not in ("who", "what") or p.role not in ("who", "whom"):  # ("دعت": either way)
        return False
    at = next((i for i, t in enumerate(p.tokens) if t in WHICH), -1)
    names = [normalise(a).split() for a in e.fb.entities[actor].aliases]
    own = {w for words in names for w in words}
    heads = _heads(e, actor)
    for t in [t for t in p.tokens[at + 1:at + 3] if t not in STOPWORDS] if at >= 0 else []:
        if heads.intersection(forms(t)):
            return False  # "which officials ...": the kind its name gives
        if not own.intersection(forms(t)):
            return True  # "which countries", after "arab" (a word of its name)
    return False


def _identity_asked(p: Parsed, entity: str, heads: set[str] = frozenset()) -> bool:
    """"Who are the Arab officials who ...?", "مين هم المسؤولين العرب ...": the question word is joined
    to the name only by "be", a pronoun or an article, so it asks who they are; with ``heads``, to the
    noun of its name ("who are those officials?", after an answer about them)."""
    at = next((i for i, t in enumerate(p.tokens) if heads.intersection(forms(t))), -1) if heads else p.positions.get(entity, -1)
    asked = next((i for i, t in enumerate(p.tokens[:max(at, 0)]) if t in QUESTION_WORDS), -1)
    return asked >= 0 and p.tokens[asked] in _WHO and all(t in _COPULA for t in p.tokens[asked + 1:at])


def _confidence(ranking: Ranking, best: float, intent_score: float) -> float:
    """0.55, plus 0.1 for each point the best fact leads the next by (one lacking counts as 0), plus
    0.2 times the intent's score. Answers cap it at 1, so a runner-up too far behind to matter is not
    looked for (its score is taken as 0, which the cap also hides)."""
    def value(runner: float) -> float:
        return 0.55 + 0.1 * (best - runner) + 0.2 * intent_score

    capped = best - (1.0 - value(best)) / 0.1  # any runner-up below this leaves the confidence at 1 or more
    pair = ranking.scores(2, capped - 1e-6)
    if len(pair) == 1 and value(0.0) < 1.0:  # is there a runner-up at all?
        pair = ranking.scores(2)
    return value(pair[1] if len(pair) > 1 else 0.0)


@dataclass
class ReloadReport:
    """What a reload changed."""

    facts: int
    added: list[str]
    removed: list[str]
    coverage: dict[str, tuple[int, int]]

    def summary(self) -> str:
        """One short paragraph for an admin."""
        cov = ", ".join(f"{c}/{t} sentences cited" for c, t in self.coverage.values())
        added = ", ".join(self.added) or "none"
        removed = ", ".join(self.removed) or "none"
        return f"Reloaded {self.facts} facts ({cov}). Added: {added}. Removed: {removed}."


class Engine:
    """Answers questions from one built fact base."""

    def __init__(self, fb: FactBase, knowledge_dir: Path, db_path: Path) -> None:
        self.fb = fb
        self.knowledge_dir = knowledge_dir
        self.db_path = db_path
        self.understander = Understander(fb)
        self.scorer = Scorer(fb)
        self.pairs = Pairs(fb, self.scorer, self.understander)
        self.claims = Claims(fb, self.scorer, self.pairs)
        self.claims.engine = self
        self._topics: dict[str, str] = {}
        self._packs: dict[str, Pack] = {}
        self._examples: dict[str, list[str]] = {}
        self._spoken_actions: dict[str, frozenset[str]] = {}

    @classmethod
    def open(cls, knowledge_dir: Path | None = None, db_path: Path | None = None) -> "Engine":
        """An engine over ``knowledge_dir``, building its fact base first if missing or stale."""
        knowledge_dir = knowledge_dir or default_knowledge_dir()
        db_path = db_path or default_db_path(knowledge_dir)
        ensure_built(knowledge_dir, db_path)
        return cls(FactBase(db_path), knowledge_dir, db_path)

    def reload(self) -> tuple["Engine", ReloadReport]:
        """Rebuild from the knowledge folder and return a new engine; this one stays valid.

        Raises KnowledgeError (and changes nothing) when the knowledge is invalid.
        """
        report = build(self.knowledge_dir, self.db_path)
        new = Engine(FactBase(self.db_path), self.knowledge_dir, self.db_path)
        old_ids, new_ids = self.fb.fact_ids(), new.fb.fact_ids()
        return new, ReloadReport(len(new_ids), sorted(new_ids - old_ids), sorted(old_ids - new_ids),
                                 report.coverage)

    # --- public answers -------------------------------------------------------------------

    def ask(self, text: str, context: Context | None = None, lang: str = "auto") -> Answer:
        """Answer one question; ``context`` (updated in place) carries the conversation.

        ``lang``: "en", "ar", or "auto" (the language the question is written in).
        """
        question = clean_question(text)
        p = self.understander.parse(question)
        if lang == "auto":
            lang = "ar" if p.arabizi or self._named_only(question, context, "ar") else compose.language(question)
        pack = self.pack(lang)
        if not p.tokens:
            return self._canned(question, pack, "empty", pack.say("empty", example=self.example(pack.code)),
                                answered=False)
        p = self.understander.with_context(p, context)
        result = self._dispatch(question, p, pack)
        if context is not None:
            self._remember(context, p, result)
        return result

    def timeline(self, question: str = "Timeline", lang: str = "en", p: Parsed | None = None) -> Answer:
        """The dated events in order, each with its source (the first TIMELINE_MAX, then how many more);
        only those about the names and dates a question gives ("the key dates for Daraa in 2018")."""
        pack = self.pack(lang)
        events = self.fb.events if p is None or not p.entities else sorted(  # of the first name only
            (f for f in map(self.fb.facts.get, self.fb.having(p.entities[0])) if f.date and f.kind in ("event", "state")
             and p.entities[0] in f.entities), key=lambda f: (f.date, f.id))
        named = p is not None and bool(p.entities or p.dates)  # else only events known to the day, and spans
        facts = events if named else self.fb.day_events
        ends = None
        if p is not None and _two_times(p.dates):  # "from 27 November to 5 December": the events between
            facts = [f for f in facts if _between(f.date, *dict.fromkeys(p.dates))]
        elif ends := p is not None and self.pairs.between(p):  # "from the first clashes to Hama's fall": all between
            first, last = sorted(ends, key=lambda f: (f.date, f.id))
            facts = [f for f in self.fb.day_events if first.date <= f.date <= last.date]
        elif p is not None and p.dates and (side := direction(p) or ("after" if names_a_start(p.text) else "")):
            day = replace(p.dates[0], year=p.dates[0].year or self.fb.latest_year)  # "the timeline since 27 November":
            facts = [f for f in facts if f.covers(day) or (f.date > day) == (side == "after")]  # from that day on (or up to it)
        elif p is not None and p.dates:
            facts = [f for f in facts if all(f.covers(d) for d in p.dates)]
        if p is not None and (listed := self.pairs.each_listed(question)):  # "put these in order: A, B, C"
            facts = listed
        elif p is not None and len(p.entities) > 1 and not ends:  # ... or one fact for each name
            facts = self.pairs.each_named(p) or facts
        if not facts:
            return self._decline_nothing(question, p, pack) if p is not None else self.timeline(question, lang)
        shown = facts[:T.TIMELINE_MAX]  # a message holds only so many; then how many more there are
        lines = [f"\u2022 {compose.statement(f, pack)}" for f in shown]
        if len(facts) > len(shown):
            lines.append(compose.plural(pack, "timeline_more", len(facts) - len(shown)))
        return compose.answer(self.fb, question, "timeline", pack.say("timeline") + "\n" + "\n".join(lines),
                              shown, pack, confidence=1.0)

    def mentioned(self, question: str, p: Parsed, pack: Pack) -> Answer:
        """The names of the kinds a question asks for ("which cities are mentioned?"), those named in
        the most facts first (up to NAMES_MAX, then how many more), citing facts that name them all."""
        counts = {e: len(ids) for e, ids in self.fb.by_entity.items()
                  if self.fb.entities[e].type in p.kinds and not self.fb.entities[e].unnamed}
        listed = sorted(counts, key=lambda e: (-counts[e], self.fb.entities[e].name))
        if not listed:
            return self._decline_nothing(question, p, pack)
        shown = listed[:T.NAMES_MAX]
        names = compose.names(self.fb, shown, pack)
        if len(listed) > len(shown):
            names += " " + compose.plural(pack, "names_more", len(listed) - len(shown))
        return compose.answer(self.fb, question, "mentioned", pack.say("mentioned", names=names),
                              self._covering(shown), pack, entities=shown[:T.SUGGESTIONS])

    def _covering(self, entities: list[str]) -> list[StoredFact]:
        """Few facts that between them name every one of ``entities`` in a role (the most at a time first)."""
        left, chosen = set(entities), []
        while left:
            best = max((self.fb.facts[i] for e in left for i in self.fb.by_entity[e]),
                       key=lambda f: (len(left & (f.entities - f.mentions_only)), f.salience, f.id))
            named = left & (best.entities - best.mentions_only)
            if not named:
                break
            chosen.append(best)
            left -= named
        return chosen

    def about(self, question: str = "Sources", lang: str = "en") -> Answer:
        """What the bot knows and where it comes from."""
        pack = self.pack(lang)
        shown = self._newest_sources()
        text = pack.say("about", facts=len(self.fb.facts), count=len(self.fb.sources), coverage=self.coverage(pack),
                        sources=self._named_sources(pack, [f"{self.fb.source_field(s['id'], 'title', lang)} ({self.fb.source_label(s['id'], lang)})"
                                                           for s in shown]))
        inferred = list(dict.fromkeys(i.get(f"claim_{lang}") or i["claim"] for s in shown for i in s["inferences"] if "claim" in i))
        if inferred:
            text += " " + pack.say("inferred") + " " + " ".join(inferred)
        named = {s["id"] for s in shown}
        facts = [f for f in map(self.fb.facts.get, sorted(self.fb.having("action:report"))) if named & set(f.sources)]
        return compose.answer(self.fb, question, "source", text, facts, pack)

    def examples(self, lang: str = "en") -> list[str]:
        """Example questions for a welcome message or an empty inline query (found once per language)."""
        if lang not in self._examples:
            ranked = sorted(self.fb.facts.values(), key=lambda f: (-f.salience, f.date is None, f.date, f.id))
            questions = [f.ar.get("question", "") if lang == "ar" else f.question for f in ranked]
            self._examples[lang] = [q for q in questions if q][:6]
        return list(self._examples[lang])

    def pack(self, code: str) -> Pack:
        """The language pack ``code`` speaking of this fact base's sources ("the report", "my sources")."""
        if code not in self._packs:
            pack = load_pack(code)
            word = pack.messages["report_one" if len(self.fb.sources) == 1 else "report_many"]
            self._packs[code] = pack.bound(report=word, Report=word[:1].upper() + word[1:])
        return self._packs[code]

    def example(self, lang: str = "en") -> str:
        """The first example question ("" when no fact offers one)."""
        return next(iter(self.examples(lang)), "")

    def coverage(self, pack: Pack) -> str:
        """What the fact base covers, in one sentence."""
        return pack.say("coverage", topic=self.topic(pack))

    def topic(self, pack: Pack) -> str:
        """What the fact base covers, as a phrase (derived from the facts once per language)."""
        if pack.code not in self._topics:
            self._topics[pack.code] = compose.topic(self.fb, pack)
        return self._topics[pack.code]

    # --- dispatch -------------------------------------------------------------------------

    def _dispatch(self, question: str, p: Parsed, pack: Pack) -> Answer:
        if p.unknown:
            other = self.claims.contradiction(p) if p.intent in _PREMISED else None
            if other is not None and self.claims.names_choice(p) and other.entities.intersection(p.entities):
                return compose.answer(self.fb, question, p.intent, compose.statement(other, pack), [other], pack,
                                      confidence=0.7, entities=p.entities)  # the choice the report gives
            if other is not None and p.intent == "yesno":  # "was it the 7th division?": the report names another
                return self._verdict_no(question, p, other, pack)
            if other is not None:  # "why did the SNA launch it against ISIS?": the premise, corrected
                return self._corrected(question, p, other, "premise_other", pack, 0.7)
            if not self._weighable(p):
                return self._decline_unknown(question, p, pack)
            p = p.without_unknown()
        if p.intent == "greeting":
            return self._canned(question, pack, "greeting", pack.say(
                "greeting", topic=self.topic(pack), example=self.example(pack.code),
                sources=self._named_sources(pack, [self.fb.source_label(src["id"], pack.code) for src in self._newest_sources()])))
        if p.intent in ("thanks", "help"):
            return self._canned(question, pack, p.intent, pack.say(p.intent, topic=self.topic(pack)))
        if p.intent == "mentioned":
            return self.mentioned(question, p, pack)
        if p.intent == "yesno" and p.mention and p.entities and not p.dates and p.actions <= {"report"}:
            # "does it mention Jordan?": Yes, with the fact that names it
            fact = next((f for _, f in self.scorer.ranking(p).first(T.EXTREME_CANDIDATES, T.MIN_FACT_SCORE)
                         if set(p.entities) <= f.entities - f.mentions_only), None) or self._covering(p.entities)[0]
            return compose.answer(self.fb, question, "yesno", f"{pack.say('verdict_yes')} {compose.statement(fact, pack)}",
                                  [fact], pack, confidence=0.9, entities=p.entities, verdict="yes")
        if p.intent == "timeline":
            return self.timeline(question, pack.code, p)
        if (p.intent == "source" or p.intent in ("where", "yesno") and p.actions == {"report"}) and not p.entities \
                and p.actions <= {"report"} and not p.unknown and not (p.intent == "yesno" and p.dates):
            return self.about(question, pack.code)
        if self._asks_reporter(p):
            return self._reporter(question, p, pack)
        if (short := self._abbreviation(p)) is not None:
            return self._expansion(question, p, short, pack)
        if p.intent == "next":
            return self._next(question, p, pack)
        recap = p.intent in ("summary", "latest") and bool(p.entities) and p.actions <= {"summary"}  # "a recap of Aleppo"
        now = recap and (p.intent == "latest" or _NOW.found_in(p.text))  # "what's the latest in Daraa?"
        if p.intent in ("summary", "latest") and not p.entities or now and not p.dates:
            return self._overview(question, replace(p, intent="latest") if p.entities else p, pack)
        if p.intent == "duration":
            return self._duration(question, p, pack)
        if p.intent == "yesno" and (ordered := self.claims.ordered_pair(p)):
            return self._compare(question, p, pack, ordered)
        if p.intent == "yesno" and p.dates and direction(p):  # "did Hama fall before 10 December?"
            return self._against_date(question, p, pack)
        if p.intent == "yesno" and self.claims.asks_span(p):  # "within a week of the offensive starting?"
            return self._duration(question, p, pack)
        if p.intent == "compare":
            return self._compare(question, p, pack)
        if p.dates and not p.entities and not p.actions and p.intent in ("what", "latest", ""):
            return self._by_date(question, p, pack)
        if p.intent in ("what", "") and p.entities and not p.actions and _HAPPEN & _forms(p.tokens) or (
                recap and p.intent == "summary" and not now):
            return self._happened(question, p, pack)
        if p.intent == "when" and not p.dates and sum(self.fb.entities[e].type == "place" for e in p.entities) > 1 and (
                pair := self.pairs.between(p)):  # "when did Aleppo and Hama fall?": each, in order
            return self._compare(question, p, pack, (*pair, ""))
        return self._single(question, p, pack)

    def _asks_reporter(self, p: Parsed) -> bool:
        """"Which agency reported the fall of Daraa?", "مين مصدر خبر درعا؟": who reported something named."""
        named = p.entities or p.soft_entities
        verb = p.tokens[p.action_at] if p.action_at >= 0 else ""
        return bool(named) and "report" in p.actions and (
            p.intent == "source" or p.intent == "who" and "report" in self.fb.actions.get(verb, ()))

    def _reporter(self, question: str, p: Parsed, pack: Pack) -> Answer:
        """Who reported what a question names: the report of the source its fact comes from."""
        rest = replace(p, actions=p.actions - {"report"}, intent="what")
        best = next((f for _, f in self.scorer.ranking(rest).above(T.MIN_FACT_SCORE)
                     if "report" not in f.actions and self.failure(rest, f) is None), None)
        report = self.fb.report_of(best) if best is not None else None
        if best is None or report is None:
            return self.about(question, pack.code)
        text = f"{compose.fact_text(report, 'who', 'who', pack)} {compose.statement(best, pack)}"
        return compose.answer(self.fb, question, "source", text, [report, best], pack, confidence=0.8,
                              entities=p.entities)

    def _abbreviation(self, p: Parsed) -> str | None:
        """"What does SNA stand for?": the alias a question asks the full name of, when it is made of
        the initials of the entity's name ("the Syrian National Army"), or None."""
        if p.intent != "what" or len(p.entities) != 1 or p.actions or not NAME_WORDS & _forms(p.tokens):
            return None
        written = p.tokens[p.positions[p.entities[0]]]
        initials = "".join(w[0] for w in normalise(self.fb.entities[p.entities[0]].name).split() if w not in STOPWORDS)
        return written if len(written) > 1 and written == initials else None

    def _expansion(self, question: str, p: Parsed, short: str, pack: Pack) -> Answer:
        """The full name of an abbreviation, citing the entity's main fact."""
        e = self.fb.entities[p.entities[0]]
        facts = [self.fb.facts[e.about]] if e.about in self.fb.facts else []
        text = pack.say("short_for", short=short.upper(), name=compose.entity_name(self.fb, e.id, pack))
        return compose.answer(self.fb, question, "what", text, facts, pack, confidence=0.9, entities=p.entities)

    def _weighable(self, p: Parsed) -> bool:
        """True if the unknown words of a question can be weighed rather than declined: no name among
        them, a kind of question that asks for a date, place, reason or span (in "who"/"what" questions
        the unknown word may be what is asked: "the commander", "the reporter"), and a known action word
        that the one clear fact for the rest of the question states ("when did Aleppo slip out of the
        regime's hands?": "hands" says what "slip" is about); the action a kind implies ("where") only
        when an auxiliary shows the unknown word is a verb ("where did the SNA operate?")."""
        if p.names or p.intent not in _WEIGHED_KINDS or not p.actions:
            return False
        if not p.actions.difference(IMPLIED_ACTIONS.get(p.intent, ())) and VERB_AUXILIARIES.isdisjoint(p.tokens):
            return False  # "where is its headquarters?": being somewhere is no event a word could be about
        ends = [i + len(self._alias_at(p, i).split()) for e, i in p.positions.items() if self.fb.entities[e].type == "place"]
        if any(p.tokens[i:i + 1] and p.tokens[i] in p.unknown for i in ends):
            return False  # "when did they take Aleppo airport?": the unknown word names a place of its own
        fact = self.claims.clear_fact(p)
        return fact is not None and bool(p.actions & set(fact.actions))

    def _alias_at(self, p: Parsed, i: int) -> str:
        """The longest alias of the fact base that starts at token ``i`` of ``p``."""
        return next((a for n in range(len(p.tokens) - i, 0, -1) if (a := " ".join(p.tokens[i:i + n])) in self.fb.aliases), "")

    # --- kinds of answer ------------------------------------------------------------------

    def _asks_untold(self, p: Parsed, f: StoredFact) -> Check | None:
        """The check of what no fact tells (the hour, the future) that a question fails, or None."""
        return next((c for c in CHECKS if c.name in _UNTOLD and c.fails(self, p, f)), None)

    def failure(self, p: Parsed, f: StoredFact, skip: tuple[str, ...] = ()) -> Check | None:
        """The first check ``f`` fails as an answer to ``p`` (None: it answers), but those in ``skip``."""
        return next((c for c in CHECKS if c.name not in skip and c.fails(self, p, f)), None)

    def _single(self, question: str, p: Parsed, pack: Pack) -> Answer:
        ranking = self.scorer.ranking(p)
        best_score, best = (ranking.first(1, T.MIN_FACT_SCORE) or [(0.0, next(iter(self.fb.facts.values())))])[0]
        if p.intent == "yesno" and (placed := self.claims.placed(p)) is not None:  # "is Tel Rifaat in Idlib?"
            fact, verdict = placed
            if verdict is None:
                return self._decline_premise(question, p, fact, pack.say("not_said"), pack, "claim_not_settled")
            return self._verdict(question, p, fact, verdict, pack)
        if p.intent == "yesno" and (described := self._described(p)) is not None:  # "Daraa is a southern province?"
            return self._verdict(question, p, described, "yes", pack)
        if best_score < T.MIN_FACT_SCORE or not (p.entities or p.actions or p.content or p.dates or p.followup):
            if p.intent == "yesno" and (other := self.claims.contradiction(p)) is not None:
                return self._verdict_no(question, p, other, pack)  # "was Dawn of Freedom carried out in Idlib?"
            return self._decline_nothing(question, p, pack)
        confidence = _confidence(ranking, best_score, p.intent_score)
        if p.intent == "yesno" and (ahead := self.claims.short_of(p)) is not None:  # "has Homs fallen?"
            return self._verdict_no(question, p, ahead, pack, confidence)
        end = extreme(p)
        if end and p.actions and (p.entities or end == "earliest"):  # ("this latest round": the newest round, any event of it)
            best = self._at_the_end(p, ranking, best_score, best, end)
        best = self._pointed_at(p, ranking, best)
        echo = _echoes(self, p, best)
        if echo == "subject" and best.roles.get("targets"):  # "who is the SNA going after?"
            p = replace(p, role="whom")
        elif echo == "plain":  # "who's AA?": what the report says of it
            p = replace(p, intent="what")
        if p.intent == "who" and p.role == "whom" and not best.roles.get("targets") and (
                self.scorer.subject(p) in best.roles.get("members", ())):  # "who did the 8th Division join?"
            p = replace(p, role="members")
        failed = self.failure(p, best)
        if failed and failed.name == "action_not_stated" and best.id == p.context_fact and not p.pointed:
            best, failed = self._past_context(p, best, failed)
        if p.intent == "yesno" and not failed and self.claims.container_only(p, best):
            if (other := self.claims.contradiction(p)) is not None:  # "Aleppo fell on 1 December?": on 30 November
                return self._verdict_no(question, p, other, pack, confidence)
            return self._decline_premise(question, p, best, pack.say("not_said"), pack, "claim_not_settled")
        if p.intent == "yesno" and failed and failed.name not in _UNTOLD | {"unnamed"}:
            other = self.claims.contradiction(p)
            if other is not None:
                return self._verdict_no(question, p, other, pack, confidence)
        if failed and failed.name == "topic_not_in_fact" and p.intent == "what" and p.entities:  # "... Assad's regime's future?"
            best, failed = self._on_topic(p, ranking, best_score, best, failed)
        if failed and failed.name == "entity_not_linked" and p.dates:  # "how did Hama fall on 30 November?"
            best, failed = self._redated(p, best, failed)
        if failed and failed.name == "date_not_covered" and self._misdated(p, best):
            if p.intent == "yesno":  # "the regime declared it had all of Daraa in August 2018, true?"
                return self._verdict_no(question, p, best, pack, confidence)
            # "after they took Hama on 6 December, where did they head?": the event, on its own date
            return self._corrected(question, p, best, "other_date", pack, confidence)
        if failed and p.intent in _PREMISED and p.intent != "yesno" and (other := self._refuted(question, p, pack)):
            # "why did the rebels give up Aleppo?": the claim the question is built on gets No, so correct it
            return self._corrected(question, p, other, "premise_other", pack, confidence)
        if failed:
            reason = (pack.say("not_linked", names=compose.names(self.fb, _missing_entities(self, p, best), pack))
                      if failed.message == "not_linked" else compose.missing(pack, p.intent)
                      if failed.message == "missing" else pack.say(failed.message))
            if failed.name in ("date_not_covered", "weekday_not_covered") and (
                    then := self._of_the_date(p, ranking, failed.name)) is not None:
                best, reason = then, pack.say("not_said")  # the report says what happened then, instead
            return self._decline_premise(question, p, best, reason, pack, failed.name)
        if best.superseded_by and not p.dates:  # about the present: the newest word on this point
            return self._newest(question, p, best, pack, confidence)
        text = compose.role_text(self.fb, best, self.scorer.answer_key(p), p.intent, pack)
        if p.intent == "when" and p.precision == PRECISION["weekday"] and best.date and best.date.day:
            text = f"{compose.weekday_was(best.date, pack)} {text}"  # "what day of the week ...?": from its date
        verdict = None
        if p.intent == "yesno":
            verdict = self._polarity(p, best)
            if verdict is None:
                return self._decline_premise(question, p, best, pack.say("not_said"), pack, "side_not_settled")
            if verdict != "no" and self.claims.opposed(p, best):
                verdict = "no"  # "Daraa is in the north, right?": the fact says "southern"
            elif self.claims.unsettled_absence(p, best) or self.claims.unsettled_count(p, best):
                # "was Hama taken without a fight?", "did they hold Daraa for more than ten years?"
                return self._decline_premise(question, p, best, pack.say("not_said"), pack, "side_not_settled")
            if verdict and p.negated:  # "they didn't take Aleppo, right?": the claim is the fact's opposite
                if not set(p.entities) <= best.entities - best.mentions_only:
                    return self._decline_premise(question, p, best, pack.say("not_said"), pack, "claim_not_settled")
                verdict = "no" if verdict == "yes" else "yes"
            if verdict and not self.claims.is_choice(p):
                text = _with_verdict(text, verdict, pack)
            elif not self.claims.is_choice(p):  # nothing in the fact settles the claim ("was it paid to switch sides?")
                return self._decline_premise(question, p, best, pack.say("not_said"), pack, "claim_not_settled")
            else:
                verdict = None
        return compose.answer(self.fb, question, p.intent or "entity", text, [best], pack, confidence=confidence,
                              entities=p.entities, verdict=verdict)

    def _against_date(self, question: str, p: Parsed, pack: Pack) -> Answer:
        """Yes or No by which side of the claim's date its fact falls on; when the dates overlap or no
        fact is clearly named, the report does not settle it."""
        dated = self.claims.against_date(p)
        if dated is None or dated[1] is None:
            best = dated[0] if dated else next((f for _, f in self.scorer.ranking(replace(p, dates=[])).above(
                T.MIN_FACT_SCORE)), None)
            if best is None:
                return self._decline_nothing(question, p, pack)
            return self._decline_premise(question, p, best, pack.say("not_said"), pack, "order_not_settled")
        if names_both_orders(p):  # "did the clashes start before or after 30 November?": the side, no Yes or No
            asked = direction(p)
            side = asked if dated[1] == "yes" else "after" if asked == "before" else "before"
            return compose.answer(self.fb, question, "compare", f"{pack.say('order_' + side)} {compose.statement(dated[0], pack)}",
                                  [dated[0]], pack, confidence=0.8, entities=p.entities)
        return self._verdict(question, p, *dated, pack)

    def _corrected(self, question: str, p: Parsed, fact: StoredFact, message: str, pack: Pack,
                   confidence: float) -> Answer:
        """A question whose premise the report tells otherwise: what ``fact`` states, said to be so (the
        premise, a claim the question makes, gets the verdict No)."""
        return replace(compose.answer(self.fb, question, p.intent or "entity", pack.say(message, statement=compose.statement(
            fact, pack)), [fact], pack, confidence=confidence, entities=p.entities), verdict="no")

    def _refuted(self, question: str, p: Parsed, pack: Pack) -> StoredFact | None:
        """The fact that refutes the claim a why/when/where question is built on (the question asked as
        "did ...?" gets No from a fact of all its names, but a place it puts elsewhere), or None. A fact
        of an advance toward a place refutes a retreat from it, but no "when did they take it?" (the
        report only had it not yet taken)."""
        claim = self._single(question, replace(p, intent="yesno", role="who"), pack)
        fact = self.fb.facts[claim.facts[0]] if claim.verdict == "no" and claim.facts else None
        if fact is None:
            return None
        elsewhere = {e for e in p.entities if e not in fact.entities and self.fb.entities[e].type == "place"
                     and word_before(p, e) in PLACE_WORDS and fact.roles.get("places")}  # "in Idlib": it was elsewhere
        if not set(p.entities) - elsewhere <= fact.entities or (
                self.fb.approach.intersection(fact.actions[:1]) and not p.inverse):  # (it does refute a retreat)
            return None
        then = self._of_the_date(p, self.scorer.ranking(p), "date_not_covered") if p.dates and not all(
            map(fact.covers, p.dates)) else None
        if then is not None and (not p.actions or p.actions.intersection(then.actions)):
            return None  # "why did they start their offensive on 27 November?": they did something like it then
        return fact

    def _misdated(self, p: Parsed, f: StoredFact) -> bool:
        """True if ``f`` is the very event the question names (its main action, done by or to or in the
        names asked about, answering all else), only dated otherwise: the question's date is a false premise."""
        return bool(f.date and p.actions.intersection(f.actions) and p.entities
                    and set(p.entities) <= f.entities - f.mentions_only and not self.claims.is_choice(p)
                    and self.failure(undated := replace(p, dates=[]), f, ("slot_missing",)) is None  # (why: the premise first)
                    and (p.intent != "yesno" or self._polarity(undated, f) == "yes"))  # true of it but for the date

    def _on_topic(self, p: Parsed, ranking: Ranking, best_score: float, best: StoredFact,
                  failed: Check) -> tuple[StoredFact, Check | None]:
        """A best fact without the question's topic words, and one close behind it of all its names that
        has them and answers (the regime's future is said in the calls for Assad to go): that one; else
        ``best`` and its failure."""
        named = set(p.entities)
        other = next((f for s, f in ranking.first(T.EXTREME_CANDIDATES, best_score - T.TOPIC_MARGIN)
                      if f is not best and named <= f.entities and self.failure(p, f) is None), None)
        return (best, failed) if other is None else (other, None)

    def _redated(self, p: Parsed, best: StoredFact, failed: Check) -> tuple[StoredFact, Check | None]:
        """A question whose date drew a fact of other names ("how did Hama fall on 30 November?", the day
        Aleppo's centre was taken): the fact of its names without the date, when that is the very event
        asked about, only dated otherwise; else ``best`` and its failure."""
        other = next((f for _, f in self.scorer.ranking(replace(p, dates=[])).first(T.EXTREME_CANDIDATES, T.MIN_FACT_SCORE)
                      if f is not best and self._misdated(p, f)
                      and not self.fb.approach.intersection(f.actions[:1]) - p.actions), None)  # (heading for Homs is no taking it)
        return (best, failed) if other is None else (other, self.failure(p, other))

    def _of_the_date(self, p: Parsed, ranking: Ranking, check: str) -> StoredFact | None:
        """A false premise about a date ("how did the regime win back Daraa's centre on Saturday?"): the
        best fact of the question's names that is of its date (what the report says happened then)."""
        named = set(p.entities)
        return next((f for _, f in ranking.first(T.EXTREME_CANDIDATES, T.MIN_FACT_SCORE, lambda f: named <= f.entities)
                     if not next(c for c in CHECKS if c.name == check).fails(self, p, f)), None)

    def _past_context(self, p: Parsed, best: StoredFact, failed: Check) -> tuple[StoredFact, Check | None]:
        """A follow-up whose action the last answer's fact does not state ("and when did they say they
        had the whole province?" after the offensive): the best fact for it without that fact's pull,
        if it answers; else ``best`` and its failure (and always when a demonstrative points at what was
        said: "when did that intervention start?")."""
        scores = self.scorer.ranking(replace(p, context_fact="")).first(1, T.MIN_FACT_SCORE)
        other = scores[0][1] if scores else best
        return (other, None) if other is not best and self.failure(p, other) is None else (best, failed)

    def _pointed_at(self, p: Parsed, ranking: Ranking, best: StoredFact) -> StoredFact:
        """"When did that offensive start?" after an answer that spoke of one: of the candidate facts
        with the word a demonstrative points at, one whose main action the word names first, then the
        one nearest in time to the fact answered last; ``best`` when nothing was answered before or
        none has the word."""
        previous = self.fb.facts.get(p.context_fact) if p.pointed and p.context_fact else None
        if previous is None or previous.date is None:
            return best
        words, acts = set(forms(p.pointed)), self.understander.actions_of(p.pointed)
        near = [f for _, f in ranking.first(T.EXTREME_CANDIDATES, T.MIN_FACT_SCORE)
                if f.date and f.kind != "summary" and words & f.vocab]
        return min(near, key=lambda f: (not acts.intersection(f.actions[:1]),
                                        abs((f.date.as_date() - previous.date.as_date()).days), f.id), default=best)

    def _at_the_end(self, p: Parsed, ranking: Ranking, top: float, best: StoredFact, end: str) -> StoredFact:
        """"When did they first take Daraa?": of the facts near the best that name the same things, do
        the same action and answer the question, the earliest (or the latest)."""
        # naming nothing ("the first event of this offensive"), of the best's year: not the war's first
        near = [f for _, f in ranking.first(T.EXTREME_CANDIDATES, top - T.EXTREME_MARGIN, lambda f: f.date is not None
                                            and set(p.entities) <= f.entities and bool(p.actions & set(f.actions))
                                            and (bool(p.entities) or f.date.year == best.date.year))]
        near = [f for f in near if self.failure(p, f) is None]
        if best not in near:
            return best
        return (min if end == "earliest" else max)(near, key=lambda f: (f.date, (f is not best) == (end == "earliest"), f.id))

    def _verdict_no(self, question: str, p: Parsed, other: StoredFact, pack: Pack, confidence: float = 0.8) -> Answer:
        """"No", and what the source states instead for the point of the claim."""
        return self._verdict(question, p, other, "no", pack, confidence)

    def _verdict(self, question: str, p: Parsed, fact: StoredFact, verdict: str, pack: Pack,
                 confidence: float = 0.8) -> Answer:
        """"Yes" or "No", then what ``fact`` states; a negated claim settled by another value ("they
        didn't take Hama on the 6th?") gets what the fact states, with no Yes or No to misread."""
        if p.negated:
            return self._decline_premise(question, p, fact, pack.say("not_said"), pack, "claim_not_settled")
        return compose.answer(self.fb, question, "yesno", f"{pack.say('verdict_' + verdict)} {compose.statement(fact, pack)}",
                              [fact], pack, confidence=confidence, entities=p.entities, verdict=verdict)

    def _newest(self, question: str, p: Parsed, old: StoredFact, pack: Pack, confidence: float) -> Answer:
        """A fact newer facts supersede: the newest one, as of its sources' date, then the older
        account, attributed, when other sources gave it. No Yes or No: the point has moved on."""
        new, key = self.fb.newest(old), self.scorer.answer_key(p)
        text = pack.say("as_of", date=compose.render_date(self.fb.as_of(new), pack),
                        source=compose.according(self.fb, new.sources, pack),
                        text=compose.fact_text(new, key, p.intent, pack))
        facts = [new]
        if set(old.sources) - set(new.sources):
            text += " " + pack.say("earlier", date=compose.render_date(self.fb.as_of(old), pack),
                                   source=compose.according(self.fb, old.sources, pack),
                                   text=compose.fact_text(old, key, p.intent, pack))
            facts.append(old)
        return compose.answer(self.fb, question, p.intent or "entity", text, facts, pack, confidence=confidence,
                              entities=p.entities)

    def _uncovered(self, p: Parsed, f: StoredFact) -> list[str]:
        """Words asking for an action no fact describes ("end", "flee") that ``f`` does not speak of, in
        these words or others of the same action ("يترك" where the fact has "رحيل")."""
        return [w for w in p.content if w not in f.vocab and self.fb.actions.get(w)
                and not self.fb.actions[w] & (self.fb.covered_actions | self._spoken(f))]

    def _spoken(self, f: StoredFact) -> frozenset[str]:
        """The actions whose words ``f``'s texts use (found once per fact)."""
        if f.id not in self._spoken_actions:
            self._spoken_actions[f.id] = frozenset(a for w in f.vocab for a in self.fb.actions.get(w, ()))
        return self._spoken_actions[f.id]

    def _polarity(self, p: Parsed, f: StoredFact) -> str | None:
        """"yes" or "no" for a yes/no question about ``f``; "" when it asks no action; None when
        the report does not settle it (the side named first did not do what is asked)."""
        matched = p.actions.intersection(f.actions)
        if not matched:  # "was it aimed at the YPG?", "does it include groups from Quneitra?": by role
            role = ROLE_OF.get(who_role(p.text), "")
            if role and f.roles.get(role):  # a role the fact has ("was in" of an alliance's members)
                return "yes" if set(p.entities) & set(f.roles.get(role, ())) else ""
            if self.fb.approach.intersection(f.actions[:1]) and any(not set(forms(w)) & f.vocab for w in p.content):
                return ""  # "did the rebels reach Homs?": heading for it says nothing of a word it does not use
            return "yes" if self._roles_agree(p, f) else ""
        subject = self.scorer.subject(p)
        doers, done_to = self.scorer.sides(p, f)
        if subject in done_to and subject not in doers:
            return "no" if matched & self.fb.exclusive else None
        if p.inverse and subject and subject not in doers:
            return None  # "did Russia withdraw?": it backed the side that took the place, and lost none
        return "yes"

    def _described(self, p: Parsed) -> StoredFact | None:
        """The fact whose statement says what a claim with no action, date or choice says of its one name,
        in the words it uses ("Daraa is a southern province, right?"), the name's own fact ("about") first;
        None otherwise."""
        if len(p.entities) != 1 or p.actions or p.dates or p.unknown or not p.content or CHOICES & set(p.tokens):
            return None
        entity = self.fb.entities[p.entities[0]]
        for f in sorted(map(self.fb.facts.get, self.fb.having(entity.id)), key=lambda f: (f.id != entity.about, f.id)):
            said = {w for text in (f.statement, f.ar.get("statement", "")) for t in normalise(text).split() for w in forms(t)}
            if entity.id in f.entities and all(set(forms(w)) & said for w in p.content):
                return f
        return None

    def _roles_agree(self, p: Parsed, f: StoredFact) -> bool:
        """True if a claim that names no action still states what ``f`` does: two names, or a name and
        a date, each in its place in ``f`` (the side among those who acted or backed them; "the SNA
        was behind Dawn of Freedom", "the rebels had Daraa from 2012 to 2018"). Two sides and no
        action say nothing settled ("the 8th Division was an opposition unit")."""
        sides = [e for e in p.entities if self.fb.entities[e].type in SIDE_TYPES]
        if f.actions[:1] == ("report",) and p.entities and set(p.entities) <= set(f.roles.get("actors", ())):
            return True  # "is this info from Anadolu?": the source names who it cites
        doers = self.scorer.sides(p, f)[0] | set(f.roles.get("backers", ()))
        if len(p.entities) == 1 and not p.dates and PARTICIPATION.found_in(p.text):
            # "was Iran involved?": it backed one side (but a fact of an earlier year says nothing of "is it ...?")
            return p.entities[0] in doers and not (asks_now(p) and f.date and f.date.year < self.fb.latest_year)
        if len(sides) > 1:  # "Russia intervened militarily for the regime?": the claim's own words, each side in its place
            return self._words_agree(p, f, doers)
        if len(p.entities) + len(p.dates) < 2:
            return False
        return all(e in doers if e in sides else e in f.entities and e not in f.mentions_only for e in p.entities)

    def _words_agree(self, p: Parsed, f: StoredFact, doers: set[str]) -> bool:
        """True if every topic word of a claim naming two sides is the fact's, the side named first acted
        (or backed), and each other side is among the fact's targets just when the claim sets it after
        "against"; two sides and what one "was" say nothing settled ("the 8th Division was an opposition unit")."""
        if not self.scorer.topic_words(p) or self.scorer.unexplained(p, f) or BE.intersection(p.tokens):
            return False  # (what one side "was" is no act of it)
        subject = self.scorer.subject(p)
        targets = set(f.roles.get("targets", ()))
        return subject in doers and all(e in f.entities - f.mentions_only and (e in targets) == (
            word_before(p, e) in OBJECT_MARKERS) for e in p.entities if e != subject)

    def _next(self, question: str, p: Parsed, pack: Pack) -> Answer:
        """"How did it end?", "until when?": the next dated event of the same place and side."""
        base = self.fb.facts.get(p.context_fact) if p.context_fact else None
        if base is None:
            base = next((f for _, f in self.scorer.ranking(p).above(T.MIN_FACT_SCORE)), None)
        if base is None or base.date is None:
            return self._decline_nothing(question, p, pack)
        if "next" in base.answers:  # the fact says what came of it ("liberating the area", "a decade of war")
            return compose.answer(self.fb, question, "next", compose.fact_text(base, "next", "next", pack), [base], pack,
                                  confidence=0.7, entities=p.entities)
        places = set(base.roles.get("places", ()))
        sides = set(base.roles.get("actors", ()))
        near = {i for e in places for i in self.fb.having(e)}  # a fact naming one of the places
        if base.until:  # "until when?" of a state with an end ("between 2012 and 2018"), and what ended it
            ended = sorted((f for f in map(self.fb.facts.get, near) if f.date and f.date.year == base.until.year
                            and f.date > base.date and f.kind == "event" and places & set(f.roles.get("places", ()))
                            and not sides & set(f.roles.get("actors", ()))), key=lambda f: (f.date, f.id))[:1]
            return compose.answer(self.fb, question, "next", " ".join(compose.statement(f, pack) for f in [base, *ended]),
                                  [base, *ended], pack, confidence=0.7, entities=p.entities)
        later = [f for f in map(self.fb.facts.get, near) if f.date and f.date > base.date and f.kind in ("event", "state")
                 and places & set(f.roles.get("places", ())) and sides & set(f.roles.get("actors", ()))]
        if not later:
            return self._decline_premise(question, p, base, compose.missing(pack, "next"), pack, "no_next_event")
        nxt = min(later, key=lambda f: (f.date, f.id))
        return compose.answer(self.fb, question, "next", compose.statement(nxt, pack), [nxt], pack, confidence=0.7,
                              entities=p.entities)

    def _happened(self, question: str, p: Parsed, pack: Pack) -> Answer:
        """What happened in a place (or to a group): the matching events, in date order."""
        if p.untold:
            return self._single(question, p, pack)  # its checks decline the future, the hour and opinions
        facts = [f for _, f in self.scorer.ranking(p).first(T.LIST_MAX, T.MIN_FACT_SCORE, lambda f: set(
            p.entities) <= f.entities and f.kind in ("event", "state") and all(f.covers(d) for d in p.dates))]
        if not facts:
            return self._single(question, p, pack)
        return compose.answer(self.fb, question, "what", compose.join_statements(facts, pack), facts, pack,
                              confidence=0.8, entities=p.entities)

    def _by_date(self, question: str, p: Parsed, pack: Pack) -> Answer:
        """What happened on a date, in a month or in a year; between two dates or since one, the
        timeline of that time ("what happened between nov 27 and dec 5?")."""
        if _two_times(p.dates) or names_a_start(p.text, unambiguous=True):
            return self.timeline(question, pack.code, p)
        side = direction(p)  # "after December 7": the events later than it (of the latest year), not on it
        if side:
            dates = [replace(d, year=d.year or self.fb.latest_year) for d in p.dates]
            covered = {f.id: f for f in self.fb.events if all(
                not f.covers(d) and (f.date > d if side == "after" else f.date < d) for d in dates)}
        else:
            covered = {f.id: f for d in p.dates for f in self.fb.covering(d) if f.kind in ("event", "state")}
        facts = sorted(covered.values(), key=lambda f: (-f.salience, f.id))[:T.LIST_MAX]
        if not facts:
            return self._decline(question, p, pack.say("no_date_events", coverage=self.coverage(pack)), pack,
                                 "no_event_on_date")
        return compose.answer(self.fb, question, "what", compose.join_statements(facts, pack), facts, pack,
                              confidence=0.9)

    def _overview(self, question: str, p: Parsed, pack: Pack) -> Answer:
        """A summary of the offensive, or the latest events the report gives (of the names asked about)."""
        if p.intent == "summary":
            facts = sorted((f for f in map(self.fb.facts.get, self.fb.having("action:summary")) if not f.superseded_by),
                           key=lambda f: (-f.salience, f.id))
            facts = sorted(facts, key=self.fb.as_of, reverse=True)[:T.LIST_MAX]  # the newest word first
            return compose.answer(self.fb, question, "summary", compose.join_statements(facts, pack), facts, pack)
        named = set(p.entities)  # "what's the latest in Daraa?": of its events
        events = [f for f in self.fb.events if named <= f.entities - f.mentions_only]
        if not events:
            return self._single(question, p, pack)
        latest = events[-1].date
        facts = sorted(takewhile(lambda f: f.date == latest, reversed(events)), key=lambda f: (-f.salience, f.id))[:T.LIST_MAX]
        text = pack.say("latest", date=compose.render_date(latest, pack)) + " " + compose.join_statements(facts, pack)
        return compose.answer(self.fb, question, "latest", text, facts, pack, confidence=0.9)

    def _duration(self, question: str, p: Parsed, pack: Pack) -> Answer:
        """Time between two dated facts, or the length of a state ("between 2012 and 2018")."""
        ranking = self.scorer.ranking(p)
        best = next((f for _, f in ranking.above(T.MIN_FACT_SCORE)), None)
        if best is not None and (failed := self._asks_untold(p, best)) is not None:  # "how long will it take?"
            return self._decline_premise(question, p, best, pack.say(failed.message), pack, failed.name)
        if best is not None and best.until and best.date and p.actions <= set(best.actions) and self.pairs.between(p) is None:
            text = compose.plural(pack, "years", best.until.year - best.date.year) + " " + compose.statement(best, pack)
            verdict = self.claims.span_verdict(p, best.date, best.until)  # "held it for more than ten years?"
            return compose.answer(self.fb, question, "duration", _with_verdict(text, verdict, pack), [best], pack,
                                  confidence=0.8, entities=p.entities, verdict=verdict)
        pair = self.pairs.two_facts(p, ranking)
        if pair is None:
            return self._decline_nothing(question, p, pack) if best is None else self._decline_premise(
                question, p, best, pack.say("imprecise"), pack, "dates_imprecise")
        first, last = sorted(pair, key=lambda f: (f.date, f.id))
        hedge = pack.say("at_most") if last.by_date else ""
        text = pack.say("span_from_to", span=span(first.date, last.date, pack), hedge=hedge,
                        start=compose.render_date(first.date, pack), end=compose.render_date(last.date, pack))
        text += f" {compose.statement(first, pack)} {compose.statement(last, pack)}"
        verdict = self.claims.span_verdict(p, first.date, last.date)
        return compose.answer(self.fb, question, "duration", _with_verdict(text, verdict, pack), [first, last], pack,
                              confidence=0.8, entities=p.entities, verdict=verdict)

    def _compare(self, question: str, p: Parsed, pack: Pack,
                 ordered: tuple[StoredFact, StoredFact, str] | None = None) -> Answer:
        """Which of two events came first; "did X happen before Y?" gets Yes or No."""
        pair = ordered[:2] if ordered else self.pairs.two_facts(p)
        if pair is None:
            return self._decline_nothing(question, p, pack)
        if (failed := self._asks_untold(p, pair[0])) is not None:  # "which will fall first?"
            return self._decline_premise(question, p, pair[0], pack.say(failed.message), pack, failed.name)
        first, last = sorted(pair, key=lambda f: (f.date, f.id))
        text = pack.say("first_then", first=compose.statement(first, pack), span=span(first.date, last.date, pack),
                        last=compose.statement(last, pack))
        verdict = ordered[2] or None if ordered else None
        if verdict:
            text = _with_verdict(text, verdict, pack)
        elif (side := _side_of(p, pair)) is not None:  # "did X come before or after Y?": "Before."
            text = f"{pack.say('order_' + side)} {text}"
        return compose.answer(self.fb, question, "compare", text, [first, last], pack, confidence=0.8,
                              entities=p.entities, verdict=verdict)

    # --- declines -------------------------------------------------------------------------

    def _decline_unknown(self, question: str, p: Parsed, pack: Pack) -> Answer:
        """Words the report never uses: say so; when the rest of the question clearly names one fact
        (a false premise: "why did the rebels abandon Idlib?"), say what the report does say."""
        shown = {normalise(w): w for w in question.split()}  # the asker's own spelling
        words = compose.quoted([bare(shown.get(u, u.replace('-', ' '))) for u in p.unknown], pack)
        related = self.claims.clear_fact(p) if p.entities else None
        if related is not None:
            text = pack.say("unknown_pointer", words=words, statement=compose.statement(related, pack))
            return compose.answer(self.fb, question, p.intent or "entity", text, [related], pack, answered=False,
                                  confidence=0.7, entities=p.entities, declined_by="unknown_words")
        return self._decline(question, p, pack.say("unknown_words", words=words, coverage=self.coverage(pack)),
                             pack, "unknown_words", confidence=0.9)

    def _decline_nothing(self, question: str, p: Parsed, pack: Pack) -> Answer:
        return self._decline(question, p, pack.say("nothing", coverage=self.coverage(pack)), pack, "nothing_matches")

    def _decline_premise(self, question: str, p: Parsed, related: StoredFact, reason: str, pack: Pack,
                         check: str) -> Answer:
        text = pack.say("what_it_says", reason=reason, statement=compose.statement(related, pack))
        return compose.answer(self.fb, question, p.intent or "entity", text, [related], pack, answered=False,
                              confidence=0.7, entities=p.entities, declined_by=check)

    def _decline(self, question: str, p: Parsed, text: str, pack: Pack, check: str, confidence: float = 0.6) -> Answer:
        return compose.answer(self.fb, question, p.intent or "unknown", text, [], pack, answered=False,
                              confidence=confidence, entities=p.entities, declined_by=check)

    def _canned(self, question: str, pack: Pack, intent: str, text: str, answered: bool = True) -> Answer:
        return compose.answer(self.fb, question, intent, text, [], pack, answered=answered, confidence=1.0,
                              declined_by=None if answered else intent)

    def _newest_sources(self) -> list[dict]:
        """The sources a greeting or the about text names: the newest SOURCES_NAMED."""
        return sorted(self.fb.sources.values(), key=lambda s: (s["published"], s["id"]), reverse=True)[:T.SOURCES_NAMED]

    def _named_sources(self, pack: Pack, names: list[str]) -> str:
        """``names`` of the newest sources, then how many more there are."""
        more = len(self.fb.sources) - len(names)
        return "; ".join(names) + (" " + compose.plural(pack, "sources_more", more) if more else "")

    def _named_only(self, question: str, ctx: Context | None, lang: str) -> bool:
        """True if the conversation so far is in ``lang`` and a question in Latin letters has no word of
        its own language, only names and letters ("w Idlib?": Arabizi "and Idlib?")."""
        words = normalise(question).split()
        return bool(ctx and ctx.lang == lang and words) and all(
            w.isascii() and (len(w) <= 2 or w in self.understander.alias_words) for w in words)

    def _remember(self, ctx: Context, p: Parsed, result: Answer) -> None:
        """Keep what a follow-up may need."""
        if result.intent in ("greeting", "thanks", "help", "empty"):
            return
        ctx.turns += 1
        ctx.lang = result.lang
        if not (p.entities or result.facts):  # "was it backed by Turkey?" declined, "what source?": "it" is still the topic
            return
        ctx.entities = list(p.entities or p.soft_entities or ctx.entities)
        if result.facts and p.intent == "where" and not any(self.fb.entities[e].type == "place" for e in p.entities):
            # "where are they heading?" -> "has it fallen?": "it" is the place the answer named (but after
            # "where is Daraa?", "it" is still Daraa, not the country it borders)
            ctx.entities = list(dict.fromkeys(ctx.entities + self.fb.facts[result.facts[0]].roles.get("places", [])))
        ctx.intent, ctx.role, ctx.actions = p.intent, p.role, sorted(p.actions)
        fact = result.facts[0] if result.facts else ""
        if fact != ctx.fact:
            ctx.earlier, ctx.fact = ctx.fact, fact
