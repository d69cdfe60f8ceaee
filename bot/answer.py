"""What the engine returns: an answer with its citations and suggested follow-ups."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Citation:
    """A verbatim quote and the source it comes from."""

    source: str
    quote: str


@dataclass
class Answer:
    """One reply to one question; ``text`` is the short direct answer in the bot's voice."""

    question: str
    text: str
    answered: bool
    intent: str
    confidence: float
    sources: list[Citation] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    verdict: str | None = None  # "yes" / "no" when a yes/no question or a claim is settled by the source
    declined_by: str | None = None  # the name of the check that declined the question
    lang: str = "en"  # the language of ``text``

    @property
    def full_text(self) -> str:
        """The plain text a user sees: the answer, then each quote with its source."""
        lines = [self.text]
        for c in self.sources:
            lines.append(f"\u201c{c.quote}\u201d \u2014 {c.source}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """A JSON-ready mapping; ``answer`` is the full plain text."""
        data = asdict(self)
        data["answer"] = self.full_text
        data["short"] = self.text
        del data["text"]
        data["confidence"] = round(self.confidence, 3)
        return data
