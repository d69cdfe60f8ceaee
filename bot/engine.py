"""The question engine: understand a question, match facts, and compose a sourced answer.

It never guesses: when the report does not say, the answer says so (``answered: false``) and points
to what the report does cover. It imports nothing from telegram.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot import compose
from bot import thresholds as T
from bot.answer import Answer
from bot.builder import build, ensure_built
from bot.context import Context
from bot.factbase import FactBase, StoredFact
from bot.paths import default_db_path, default_knowledge_dir
from bot.scoring import STRICT, Scorer
from bot.spans import Pairs, span
from bot.text import clean_question, normalise
from bot.understand import Parsed, Understander

_HAPPEN = frozenset({"happened", "happen", "happening", "happens", "occurred", "events", "event", "going"})
_NO_SLOT = {"when": "The report gives no date for that.", "where": "The report does not say where.",
            "why": "The report does not say why.", "count": "The report gives no figure for that.",
            "who": "The report does not say who."}
_ASKS_NAMES = frozenset({"which", "exactly", "name", "names", "named"})
_CHECK_WORDS = frozenset({"yesno", "who", "when", "where", "what", "why", "count", ""})


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

    def ask(self, text: str, context: Context | None = None) -> Answer:
        """Answer one question; ``context`` (updated in place) carries the conversation."""
        question = clean_question(text)
        p = self.understander.parse(question)
        if not p.tokens:
            return self._canned(question, "empty", "Please send a question about the offensive, for example: "
                                f"\u201c{self.examples()[0]}\u201d", answered=False)
        p = self.understander.with_context(p, context)
        result = self._dispatch(question, p)
        if context is not None:
            self._remember(context, p, result)
        return result

    def timeline(self, question: str = "Timeline") -> Answer:
        """All dated events in order, each with its source."""
        facts = sorted((f for f in self.fb.facts.values() if f.date and f.kind in ("event", "state")
                        and f.date.day or f.until), key=lambda f: (f.date, f.id))
        lines = [f"\u2022 {f.statement}" for f in facts]
        return compose.answer(self.fb, question, "timeline", "Timeline, from the report:\n" + "\n".join(lines),
                              facts, confidence=1.0)

    def about(self, question: str = "Sources") -> Answer:
        """What the bot knows and where it comes from."""
        parts = [f"{s['title']} ({s['label']})" for s in self.fb.sources.values()]
        text = (f"I answer from {len(self.fb.facts)} facts taken from {len(parts)} source"
                f"{'s' if len(parts) != 1 else ''}: {'; '.join(parts)}. {compose.COVERAGE} "
                "Every answer quotes the sentence it rests on. I name the sides as the report does "
                "(\u201cregime\u201d, \u201copposition\u201d, \u201canti-regime forces\u201d); wording such as "
                "\u201cliberation\u201d or \u201cterror group\u201d is the report's, and I quote it as such.")
        inferred = [i["claim"] for s in self.fb.sources.values() for i in s["inferences"] if "claim" in i]
        if inferred:
            text += " Inferred from the text, not stated in it: " + " ".join(inferred)
        facts = [f for f in self.fb.facts.values() if "report" in f.actions]
        return compose.answer(self.fb, question, "source", text, facts)

    def examples(self) -> list[str]:
        """Example questions for a welcome message or an empty inline query."""
        ranked = sorted(self.fb.facts.values(), key=lambda f: (-f.salience, f.date is None, f.date, f.id))
        return [f.question for f in ranked if f.question][:6]

    # --- dispatch -------------------------------------------------------------------------

    def _dispatch(self, question: str, p: Parsed) -> Answer:
        if p.unknown:
            return self._decline_unknown(question, p)
        if p.intent == "greeting":
            return self._canned(question, "greeting", "Hello! I answer questions about the late-2024 Syrian "
                                "opposition offensive from a news report citing Anadolu Agency (7 December 2024). "
                                f"Try: \u201c{self.examples()[0]}\u201d")
        if p.intent == "thanks":
            return self._canned(question, "thanks", "You're welcome! Ask me anything else about the offensive.")
        if p.intent == "help":
            return self._canned(question, "help", "Ask me about the late-2024 Syrian opposition offensive: when "
                                "something happened, who did it, where, what a statement said, whether a city "
                                "has fallen, or how many days passed between events. Every answer quotes the "
                                "report it comes from, and when the report does not say, I tell you so.")
        if p.intent == "timeline" and not p.entities:
            return self.timeline(question)
        if p.intent == "source" and not p.entities and not p.actions:
            return self.about(question)
        if p.intent in ("summary", "latest") and not p.entities:
            return self._overview(question, p)
        if p.intent == "duration":
            return self._duration(question, p)
        if p.intent == "compare":
            return self._compare(question, p)
        if p.dates and not p.entities and not p.actions and p.intent in ("what", "latest", ""):
            return self._by_date(question, p)
        if p.intent in ("what", "") and p.entities and not p.actions and _HAPPEN & set(p.tokens):
            return self._happened(question, p)
        return self._single(question, p)

    # --- kinds of answer ------------------------------------------------------------------

    def _single(self, question: str, p: Parsed) -> Answer:
        scored = self.scorer.scored(p) or [(0.0, next(iter(self.fb.facts.values())))]
        (best_score, best), runner_up = scored[0], scored[1][0] if len(scored) > 1 else 0.0
        if best_score < T.MIN_FACT_SCORE or not (p.entities or p.actions or p.content or p.dates or p.followup):
            return self._decline_nothing(question, p)
        confidence = 0.55 + 0.1 * (best_score - runner_up) + 0.2 * p.intent_score
        missing = [e for e in p.entities if e not in best.entities or (
            p.intent in STRICT and e in best.mentions_only and self.fb.entities[e].type == "place")]
        if missing:
            return self._decline_premise(question, p, best, f"The report does not link {compose.names(self.fb, missing)} to that.")
        if self._uncovered(p, best) or (p.actions and not p.actions.intersection(best.actions)):
            return self._decline_premise(question, p, best, "The report does not say that.")
        subject = self.scorer.subject(p)
        if (subject and p.intent in ("when", "what", "where") and p.actions.intersection(best.actions)
                and subject not in self.scorer.sides(p, best)[0]):
            return self._decline_premise(question, p, best, "The report does not say that.")
        if p.intent in _CHECK_WORDS and self.scorer.unexplained(p, best):
            return self._decline_premise(question, p, best, "The report does not say.")
        if p.dates and not any(best.covers(d) for d in p.dates):
            return self._decline_premise(question, p, best, "The report says nothing about that date.")
        if not self.scorer.has_slot(p, best) or (p.intent == "count" and not self.scorer.counts(p, best)):
            return self._decline_premise(question, p, best, _NO_SLOT[p.intent])
        if p.clock:
            return self._decline_premise(question, p, best, "The report gives no time of day.")
        if p.intent == "yesno" and not (p.entities or p.soft_entities or p.dates):
            return self._decline_premise(question, p, best, "The report does not say.")
        # "which Arab officials?" names them already; "which ones exactly?" asks about the last answer's
        named = p.entities + p.soft_entities + (best.roles.get("actors", []) if not p.content else [])
        if _ASKS_NAMES & set(p.tokens) and any(self.fb.entities[e].unnamed for e in named):
            return self._decline_premise(question, p, best, "The report does not name them.")
        if p.future:
            return self._decline_premise(question, p, best, "The report does not say what will happen.")
        text = self._text_for(p, best)
        if p.intent == "yesno":
            polarity = self._polarity(p, best)
            if polarity is None:
                return self._decline_premise(question, p, best, "The report does not say that.")
            text = f"{polarity} {text}".lstrip()
        return compose.answer(self.fb, question, p.intent or "entity", text, [best], confidence=confidence,
                              entities=p.entities)

    def _uncovered(self, p: Parsed, f: StoredFact) -> list[str]:
        """Words asking for an action no fact describes ("end", "flee") that ``f`` does not speak of."""
        return [w for w in p.content if w not in f.vocab
                and self.fb.actions.get(w) and not self.fb.actions[w] & self.fb.covered_actions]

    def _text_for(self, p: Parsed, f: StoredFact) -> str:
        key = self.scorer.answer_key(p)
        if p.intent == "who":
            return f.answers.get(key) or f.answers.get("who") or f.statement
        return f.answers.get(key, f.statement) if key else f.statement

    def _polarity(self, p: Parsed, f: StoredFact) -> str | None:
        """"Yes." or "No." for a yes/no question about ``f``; "" when it asks no action; None when
        the report does not settle it (the side named first did not do what is asked)."""
        matched = p.actions.intersection(f.actions)
        if not matched:
            return ""
        subject = self.scorer.subject(p)
        doers, done_to = self.scorer.sides(p, f)
        if subject in done_to and subject not in doers:
            return "No." if matched & self.fb.exclusive else None
        return "Yes."

    def _happened(self, question: str, p: Parsed) -> Answer:
        """What happened in a place (or to a group): the matching events, in date order."""
        facts = [f for s, f in self.scorer.scored(p) if s >= T.MIN_FACT_SCORE and set(p.entities) <= f.entities
                 and f.kind in ("event", "state") and all(f.covers(d) for d in p.dates)][:T.LIST_MAX]
        if not facts:
            return self._single(question, p)
        return compose.answer(self.fb, question, "what", compose.join_statements(facts), facts,
                              confidence=0.8, entities=p.entities)

    def _by_date(self, question: str, p: Parsed) -> Answer:
        """What happened on a date, in a month or in a year."""
        facts = [f for f in self.fb.facts.values() if f.kind in ("event", "state")
                 and any(f.covers(d) for d in p.dates)]
        facts = sorted(facts, key=lambda f: (-f.salience, f.id))[:T.LIST_MAX]
        if not facts:
            return self._decline(question, p, "The report describes no event on that date. " + compose.COVERAGE)
        return compose.answer(self.fb, question, "what", compose.join_statements(facts), facts, confidence=0.9)

    def _overview(self, question: str, p: Parsed) -> Answer:
        """A summary of the offensive, or the latest events the report gives."""
        if p.intent == "summary":
            facts = [f for f in self.fb.facts.values() if "summary" in f.actions]
            return compose.answer(self.fb, question, "summary", compose.join_statements(facts), facts)
        dated = [f for f in self.fb.facts.values() if f.date and f.kind in ("event", "state")]
        latest = max(f.date for f in dated)
        facts = sorted((f for f in dated if f.date == latest), key=lambda f: (-f.salience, f.id))[:T.LIST_MAX]
        text = f"The latest the report gives ({latest.render()}): " + compose.join_statements(facts)
        return compose.answer(self.fb, question, "latest", text, facts, confidence=0.9)

    def _duration(self, question: str, p: Parsed) -> Answer:
        """Time between two dated facts, or the length of a state ("between 2012 and 2018")."""
        scored = [f for s, f in self.scorer.scored(p) if s >= T.MIN_FACT_SCORE]
        if scored and scored[0].until and scored[0].date:
            best = scored[0]
            text = f"About {best.until.year - best.date.year} years: {best.statement}"
            return compose.answer(self.fb, question, "duration", text, [best], confidence=0.8, entities=p.entities)
        pair = self.pairs.two_facts(p)
        if pair is None:
            return self._decline_nothing(question, p) if not scored else self._decline_premise(
                question, p, scored[0], "The report does not give dates precise enough for that.")
        first, last = pair
        hedge = " at most" if last.date_note.startswith('The report says "By') else ""
        text = (f"{span(first.date, last.date)}{hedge}, from {first.date.render()} to {last.date.render()}. "
                f"{first.statement} {last.statement}")
        return compose.answer(self.fb, question, "duration", text, [first, last], confidence=0.8,
                              entities=p.entities)

    def _compare(self, question: str, p: Parsed) -> Answer:
        """Which of two events came first."""
        pair = self.pairs.two_facts(p)
        if pair is None:
            return self._decline_nothing(question, p)
        first, last = pair
        text = f"First: {first.statement} Then, {span(first.date, last.date)} after that: {last.statement}"
        return compose.answer(self.fb, question, "compare", text, [first, last], confidence=0.8,
                              entities=p.entities)

    # --- declines -------------------------------------------------------------------------

    def _decline_unknown(self, question: str, p: Parsed) -> Answer:
        shown = {normalise(w): w for w in question.split()}  # the asker's own spelling
        text = (f"The report does not mention {compose.quoted([shown.get(u, u.replace('-', ' ')).strip('?!.,;:') for u in p.unknown])}, "
                f"so I can't answer that. {compose.COVERAGE}")
        return self._decline(question, p, text, confidence=0.9)

    def _decline_nothing(self, question: str, p: Parsed) -> Answer:
        return self._decline(question, p, f"I can't find that in the report. {compose.COVERAGE}", confidence=0.6)

    def _decline_premise(self, question: str, p: Parsed, related: StoredFact, reason: str) -> Answer:
        text = f"{reason} What it does say: {related.statement}"
        return compose.answer(self.fb, question, p.intent or "entity", text, [related], answered=False,
                              confidence=0.7, entities=p.entities)

    def _decline(self, question: str, p: Parsed, text: str, confidence: float = 0.6) -> Answer:
        return compose.answer(self.fb, question, p.intent or "unknown", text, [], answered=False,
                              confidence=confidence, entities=p.entities)

    def _canned(self, question: str, intent: str, text: str, answered: bool = True) -> Answer:
        return compose.answer(self.fb, question, intent, text, [], answered=answered, confidence=1.0)

    def _remember(self, ctx: Context, p: Parsed, result: Answer) -> None:
        """Keep what a follow-up may need."""
        if result.intent in ("greeting", "thanks", "help", "empty"):
            return
        ctx.turns += 1
        ctx.entities = list(p.entities or p.soft_entities)
        if result.facts and p.intent == "where":
            # "where are they heading?" -> "has it fallen?": "it" is the place the answer named
            ctx.entities += self.fb.facts[result.facts[0]].roles.get("places", [])
        ctx.intent, ctx.role, ctx.actions = p.intent, p.role, sorted(p.actions)
        ctx.fact = result.facts[0] if result.facts else ""

