"""Reply layout within Telegram's limits: at most 4,096 units, valid HTML of Telegram's tags, the answer
first, quotes in one blockquote (expandable when long) and one source line; the timeline by period."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import yaml

from bot.answer import Answer, Citation
from bot.telegram import render
from bot.timeline import Event, events
from conftest import REPO

ALLOWED = {"b": set(), "i": set(), "u": set(), "code": set(), "a": {"href"}, "blockquote": {"expandable"}}
SOURCE_LINE = "\u2014 <i>"


class TelegramHTML(HTMLParser):
    """Fails on any tag Telegram does not know, a bad attribute, or a tag left open or closed twice."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.seen: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        assert tag in ALLOWED and {k for k, _ in attrs} <= ALLOWED[tag], (tag, attrs)
        assert tag != "blockquote" or "blockquote" not in self.open, "nested blockquote"
        self.open.append(tag)
        self.seen.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing"

    def handle_entityref(self, name: str) -> None:
        assert name in ("lt", "gt", "amp", "quot"), name


def valid(text: str) -> TelegramHTML:
    parser = TelegramHTML()
    parser.feed(text)
    parser.close()
    assert not parser.open, f"left open: {parser.open}"
    assert render.units(text) <= 4096
    return parser


def source_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(SOURCE_LINE)]


def questions() -> list[str]:
    data = yaml.safe_load((REPO / "tests" / "questions.yaml").read_text(encoding="utf-8"))
    items = data["questions"] if isinstance(data, dict) else data
    return [q["q"] if "q" in q else q["question"] for q in items if isinstance(q, dict) and ("q" in q or "question" in q)][:80]


def test_every_answer_is_valid_html_with_the_answer_first_and_one_source_line(engine):
    asked = questions()
    assert len(asked) >= 40
    for question in asked:
        answer = engine.ask(question)
        text = render.answer_html(answer, with_question=True)
        parser = valid(text)
        lines = source_lines(text)
        assert len(lines) == (1 if answer.sources else 0), text
        if answer.sources:
            assert text.index("<blockquote") > text.index(render.clip(answer.text[:40], 400)[:20])
            assert [t for t, _ in parser.seen].count("blockquote") == 1
            for label in {c.source for c in answer.sources}:
                assert lines[0].count(render.clip(label, 200)) == 1


def test_short_quote_is_plain_long_quotes_are_expandable(engine):
    hama = render.answer_html(engine.ask("When did Hama fall?"))
    assert "<blockquote>\u201cOn December 5" in hama
    daraa = render.answer_html(engine.ask("When did the opposition capture Daraa city centre?"))
    assert "<blockquote expandable>" in daraa and daraa.count("<blockquote") == 1
    assert daraa.count("\u201c") >= 2 and len(source_lines(daraa)) == 1


def test_each_source_named_once_and_linked_when_it_has_an_address():
    cites = [Citation("AA, 7 December 2024", "One."), Citation("AA, 7 December 2024", "Two."),
             Citation("Other <Outlet>, 8 December 2024", "Three.")]
    answer = Answer("q", "A.", True, "when", 1.0, cites)
    text = render.answer_html(answer, links={"AA, 7 December 2024": "https://example.org/a?b=1&c=\"2\""})
    valid(text)
    (line,) = source_lines(text)
    assert line == ('\u2014 <i><a href="https://example.org/a?b=1&amp;c=&quot;2&quot;">AA, 7 December 2024</a>; '
                    "Other &lt;Outlet&gt;, 8 December 2024</i>")


def test_timeline_is_by_period_with_bold_dates_in_order(engine):
    pages = render.timeline_pages(events(engine.fb))
    assert pages
    text = "\n".join(pages)
    for page in pages:
        valid(page)
        assert len(source_lines(page)) == 1 and page.count("<blockquote expandable>") == 1
    assert text.index("Background, 2011\u20132018") < text.index("<u>2024</u>")
    dated = [line for line in text.splitlines() if line.startswith("<b>") and " \u2014 " in line]
    assert dated[0].startswith("<b>2011</b> \u2014 ") and "<b>5 December 2024</b>" in text
    assert "<b>by 30 November 2024</b>" in text and "<b>2012\u20132018</b>" in text
    assert len(dated) == len(events(engine.fb))  # one line per event


def test_a_long_timeline_is_paged_and_keeps_every_event_in_order():
    many = [Event(f"{d} December 2024", f"Event number {d}. " + "Words. " * 40, (f"Quote {d}. " + "More. " * 30,),
                  ("AA, 7 December 2024",), False) for d in range(1, 31)]
    pages = render.timeline_pages(many)
    assert len(pages) > 2
    for n, page in enumerate(pages, start=1):
        valid(page)
        assert page.startswith(f"<b>Timeline ({n}/{len(pages)})</b>")
        assert len(source_lines(page)) == 1
    shown = [int(line.split(" December")[0][3:]) for page in pages for line in page.splitlines()
             if line.startswith("<b>") and " December 2024</b>" in line]
    assert shown == list(range(1, 31))
    assert all(f"Quote {d}." in "".join(pages) for d in range(1, 31))  # no quote dropped to make room


def test_every_language_table_has_every_string():
    keys = set(render.STRINGS["en"])
    assert all(set(table) == keys for table in render.STRINGS.values())


@pytest.mark.parametrize("caption", ["As of 7 December 2024, <b>", "x" * 2000])
def test_map_caption_is_escaped_and_within_the_caption_limit(caption):
    shown = render.map_caption(caption)
    assert "<b>" not in shown and render.units(shown) <= 1024
