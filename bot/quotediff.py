"""Where a quote that is not verbatim first differs from its source, in plain words.

The closest source sentence is found with rapidfuzz; the quote is then compared with the source text
from the point where it lines up with that sentence, character by character.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz, process

#: Below this similarity (0-100) no sentence of the source is taken to be the one meant.
MIN_SIMILARITY = 60
_BEFORE, _AFTER = 50, 30  # characters shown before and after the first difference
_SLACK = 30  # characters of the source searched on either side of the rough alignment
_SHORT = 3  # runs of agreement shorter than this are chance (a shared letter inside two different words)
_WORDS = 40  # the longest stretch of words quoted in a message
#: Characters that look alike, named plainly.
_NAMES = {
    "'": "a straight '", "\u2019": "a curly apostrophe \u2019", "\u2018": "a curly opening quote \u2018",
    '"': 'a straight "', "\u201c": "a curly opening quote \u201c", "\u201d": "a curly closing quote \u201d",
    "-": "a hyphen -", "\u2010": "a hyphen \u2010", "\u2011": "a non-breaking hyphen \u2011",
    "\u2013": "an en dash \u2013", "\u2014": "an em dash \u2014", "\u2212": "a minus sign \u2212",
    "\u2026": "an ellipsis \u2026", ".": "a full stop .",
}


@dataclass(frozen=True)
class Mismatch:
    """What differs (one line) and the quote over the source with a caret under the first difference."""

    message: str
    detail: str = ""


def mismatch(quote: str, text: str, sentences: list[str]) -> Mismatch:
    """How ``quote``, which is not verbatim in the source ``text`` (whose sentences are ``sentences``),
    differs from the closest stretch of it."""
    quote, flat = " ".join(quote.split()), " ".join(text.split())
    best = process.extractOne(quote, [" ".join(s.split()) for s in sentences], scorer=fuzz.partial_ratio)
    if best is None or best[1] < MIN_SIMILARITY:
        return Mismatch("no sentence of the source is close to it")
    sentence = best[0]
    rough = fuzz.partial_ratio_alignment(quote, sentence)
    low = max(flat.find(sentence) + rough.dest_start - rough.src_start - _SLACK, 0)
    blocks = [b for b in SequenceMatcher(None, quote, flat[low:low + len(quote) + 2 * _SLACK], autojunk=False)
              .get_matching_blocks() if b.size >= _SHORT]
    start = max(low + (blocks[0].b - blocks[0].a if blocks else 0), 0)  # where the quote lines up with the source
    source = flat[start:]
    at = next((i for i, (a, b) in enumerate(zip(quote, source)) if a != b), min(len(quote), len(source)))
    after = next((b for b in blocks if b.a > at), None)  # the first run of agreement after the difference
    end_quote, end_source = (after.a, low + after.b - start) if after else (len(quote), at + 1)
    return Mismatch(f"at character {at + 1} of the quote, {_difference(quote, source, at, end_quote, end_source)}",
                    _caret(quote, source, at, start > 0))


def _difference(quote: str, source: str, at: int, end_quote: int, end_source: int) -> str:
    """The first difference, in words: named look-alike characters, letter case, or the words that differ."""
    ours, theirs = quote[at:end_quote], source[at:end_source]
    if not theirs and at >= len(source):
        return "the source text ends and the quote goes on"
    if len(ours) == len(theirs) == 1:
        if ours in _NAMES and theirs in _NAMES:
            return f"the source has {_NAMES[theirs]} where the quote has {_NAMES[ours]}"
        if ours.lower() == theirs.lower():
            case = "a capital" if theirs.isupper() else "a small"
            return f"the source has {case} {theirs} where the quote has {ours}"
    begin = at
    while begin > 0 and not quote[begin - 1].isspace():
        begin -= 1
    return f"the source has {_words(source, begin, end_source)} where the quote has {_words(quote, begin, end_quote)}"


def _words(text: str, begin: int, end: int) -> str:
    """``text[begin:end]`` carried on to the end of its last word, quoted, at most _WORDS characters."""
    while end < len(text) and not text[end].isspace():
        end += 1
    words = text[begin:end]
    return f"'{words}'" if len(words) <= _WORDS else f"'{words[:_WORDS]}\u2026'"


def _caret(quote: str, source: str, at: int, source_goes_back: bool) -> str:
    """The quote over the source, clipped around ``at``, and a caret under the first difference."""
    first = max(0, at - _BEFORE)
    lead_quote = "\u2026" if first else ""
    lead_source = "\u2026" if first or source_goes_back else ""
    width = max(len(lead_quote), len(lead_source))

    def clip(text: str, lead: str) -> str:
        end = at + _AFTER
        return lead.rjust(width) + text[first:end] + ("\u2026" if len(text) > end else "")

    return "\n".join([f"quote:  {clip(quote, lead_quote)}", f"source: {clip(source, lead_source)}",
                      " " * (8 + width + at - first) + "^"])
