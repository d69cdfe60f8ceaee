"""What an editor reads: `check` on a syntax error (one problem, no cascade), on a quote that is not
verbatim (a caret under the first difference, look-alike characters named), its coverage warnings;
`eval` with no file (the knowledge folder's questions.yaml) and the answers changed since the last run."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.errors import KnowledgeError
from bot.knowledge import check_knowledge, load_knowledge
from bot.quotediff import mismatch

SOURCE_TXT = "sources/000_6980d386ee3d208e.txt"
QUESTIONS = """questions:
  - q: When did Hama fall?
    date: 2024-12-05
  - q: When did Damascus fall?
    answerable: false
"""


def _edit(folder: Path, file: str, old: str, new: str) -> int:
    """Replace the first ``old`` by ``new`` in ``folder/file``; the 1-based line where it was."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


# --- YAML syntax errors: plain words, the line, and nothing else ------------------------------


def test_broken_entities_file_is_one_problem_not_a_cascade(knowledge_copy):
    line = _edit(knowledge_copy, "entities.yaml", "  - id: aleppo\n", "   - id: aleppo\n")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(knowledge_copy)
    assert [str(p) for p in err.value.problems] == [
        f"entities.yaml:{line}: YAML syntax error: a list item is indented differently from the ones before it"]
    assert err.value.note == "the other checks will run once the syntax is fixed"


@pytest.mark.parametrize("old, new, message", [
    ("    statement: Anti-regime forces captured", "    statement: Hama: Anti-regime forces captured",
     "a colon followed by a space inside a value: put the whole value in quotes"),
    ("    statement: Anti-regime forces captured", '    statement: "Anti-regime forces captured',
     "a quote (\") opened on this line is not closed on it (it runs on to line "),
    ("    keywords: [city]", "    keywords: [city", "a list opened with [ on this line is not closed with ]"),
    ("    keywords: [city]", "\tkeywords: [city]", "a tab character: indent with spaces only"),
    ("    keywords: [city]", "      keywords: [city]", "this line is indented differently from the keys before it"),
    ("    statement: Anti-regime forces captured", "      statement: Anti-regime forces captured",
     "this line is indented more than the key before it"),
], ids=["colon-in-value", "unclosed-quote", "unclosed-list", "tab", "misindented", "over-indented"])
def test_syntax_errors_in_plain_words_at_their_line(knowledge_copy, old, new, message):
    line = _edit(knowledge_copy, "facts.yaml", old, new)
    problems = [str(p) for p in check_knowledge(knowledge_copy)]
    assert len(problems) == 1 and problems[0].startswith(f"facts.yaml:{line}: YAML syntax error: {message}")


def test_cli_prints_the_syntax_error_and_what_waits(knowledge_copy, capsys):
    line = _edit(knowledge_copy, "entities.yaml", "  - id: aleppo\n", "   - id: aleppo\n")
    assert main(["--knowledge", str(knowledge_copy), "check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "error: the knowledge is invalid:",
        f"  entities.yaml:{line}: YAML syntax error: a list item is indented differently from the ones before it",
        "  (the other checks will run once the syntax is fixed)",
    ]


# --- quotes that are not verbatim: where, and what, they differ ----------------------------------


def test_quote_shows_the_first_difference_under_a_caret(knowledge_copy, capsys):
    quote = "On December 5, anti-regime forces captured the city of Hama"
    line = _edit(knowledge_copy, "facts.yaml", quote, quote.replace("December 5", "December 6"))
    assert main(["--knowledge", str(knowledge_copy), "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    at = err.index(next(e for e in err if "quote is not verbatim" in e))
    assert err[at] == (f"  facts.yaml:{line}: quote is not verbatim in source 'aa-2024-12-07': at character 13 "
                       "of the quote, the source has '5,' where the quote has '6,'")
    ours, theirs, caret = err[at + 1:at + 4]
    assert ours.startswith("      quote:   On December 6") and theirs.startswith("      source: \u2026On December 5")
    column = caret.index("^")
    assert caret.strip() == "^" and (ours[column], theirs[column]) == ("6", "5")


def test_a_curly_apostrophe_is_named(knowledge_copy):
    _edit(knowledge_copy, SOURCE_TXT, "most of Aleppo's city centre", "most of Aleppo\u2019s city centre")
    problems = check_knowledge(knowledge_copy)
    assert problems and all(
        p.message.endswith("the source has a curly apostrophe \u2019 where the quote has a straight '")
        for p in problems), problems
    ours, theirs, caret = problems[0].detail.splitlines()
    assert (ours[caret.index("^")], theirs[caret.index("^")]) == ("'", "\u2019")


@pytest.mark.parametrize("quote, expected", [
    ("It urged international actors to respect Syrians\u2019 decisions for freedom",
     "the source has a straight ' where the quote has a curly apostrophe \u2019"),
    ("to establish the \u201cSouthern Operations Room.",
     "the source has a straight \" where the quote has a curly opening quote \u201c"),
    ("respect Syrians' decisions for freedom and state\u2013building",
     "the source has a hyphen - where the quote has an en dash \u2013"),
    ("clashes between Syrian regime forces and opposition groups",
     "the source has a capital C where the quote has c"),
    ("On December 5, rebels captured the city of Hama",
     "the source has 'anti-regime forces' where the quote has 'rebels'"),
])
def test_differences_in_plain_words(quote, expected):
    source = load_knowledge(Path(__file__).parent / "knowledge").sources["aa-2024-12-07"]
    found = mismatch(quote, source.text, source.sentences())
    assert found.message.endswith(expected), found.message


def test_a_quote_from_nowhere_says_so():
    source = load_knowledge(Path(__file__).parent / "knowledge").sources["aa-2024-12-07"]
    assert mismatch("The weather was fine in Paris.", source.text, source.sentences()).message == \
        "no sentence of the source is close to it"


# --- coverage: a warning, never a failure ---------------------------------------------------------


def test_partly_cited_new_source_is_a_warning_not_a_failure(knowledge_copy, capsys):
    _edit(knowledge_copy, "facts.yaml", "facts:\n", "source: aa-2024-12-07\nfacts:\n")
    (knowledge_copy / "sources" / "new.txt").write_text(
        "Rebels entered Homs on Saturday. Residents stayed indoors. Shops were closed.\n", encoding="utf-8")
    (knowledge_copy / "sources" / "new.yaml").write_text(
        "id: new-report\nfile: new.txt\npublisher: A test wire\npublished: 2024-12-07\n", encoding="utf-8")
    (knowledge_copy / "facts-new.yaml").write_text(
        "source: new-report\nfacts:\n  - id: homs-entered\n    kind: event\n    action: capture\n"
        "    places: [homs]\n    statement: Rebels entered Homs.\n    quotes: [Rebels entered Homs on Saturday.]\n",
        encoding="utf-8")
    assert main(["--knowledge", str(knowledge_copy), "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "coverage aa-2024-12-07: 17/17 sentences cited (100%)" in out
    at = out.index("WARNING: coverage new-report: 1/3 sentences cited (33%); not cited by any fact yet:")
    assert out[at + 1:at + 3] == ["    Residents stayed indoors.", "    Shops were closed."]


# --- eval: the knowledge's own questions, and what changed since the last run --------------------


def _eval(knowledge: Path, db: Path, capsys, *extra: str) -> list[str]:
    assert main(["--knowledge", str(knowledge), "--db", str(db), "eval", *extra]) == 0
    return capsys.readouterr().out.splitlines()


def test_eval_without_a_file_runs_the_knowledge_questions(knowledge_copy, tmp_path, capsys):
    (knowledge_copy / "questions.yaml").write_text(QUESTIONS, encoding="utf-8")
    out = _eval(knowledge_copy, tmp_path / "db" / "f.sqlite", capsys)
    assert out[0] == (f"{knowledge_copy / 'questions.yaml'}: 2/2 correct, accuracy 100.0%; "
                      "answered but should have declined: 0")


def test_eval_without_a_file_needs_questions_yaml(knowledge_copy, tmp_path, capsys):
    assert main(["--knowledge", str(knowledge_copy), "--db", str(tmp_path / "f.sqlite"), "eval"]) == 1
    assert capsys.readouterr().err.startswith(f"error: no questions.yaml in {knowledge_copy}")


def test_eval_lists_the_answers_changed_since_the_last_run(knowledge_copy, tmp_path, capsys):
    (knowledge_copy / "questions.yaml").write_text(QUESTIONS, encoding="utf-8")
    files = sorted(knowledge_copy.rglob("*"))
    db = tmp_path / "db" / "f.sqlite"
    first = _eval(knowledge_copy, db, capsys)
    assert first[-1] == "changed since last run: nothing to compare with (the first run of this question file)"
    assert _eval(knowledge_copy, db, capsys)[-1] == "changed since last run: none (2 answers compared)"
    _edit(knowledge_copy, "facts.yaml", "and were then advancing towards Homs.", "and then pressed on towards Homs.")
    assert _eval(knowledge_copy, db, capsys)[-4:] == [
        "changed since last run: 1 of 2 answers",
        "  When did Hama fall?",
        "    was: Anti-regime forces captured the city of Hama on 5 December 2024, and were then advancing towards Homs.",
        "    now: Anti-regime forces captured the city of Hama on 5 December 2024, and then pressed on towards Homs.",
    ]
    assert sorted(knowledge_copy.rglob("*")) == files  # nothing written into the knowledge folder
    assert (tmp_path / "db" / "f.eval-answers.json").is_file()
    other = tmp_path / "other.yaml"
    other.write_text(QUESTIONS, encoding="utf-8")
    assert _eval(knowledge_copy, db, capsys, str(other))[-1].endswith("nothing to compare with (the first run of "
                                                                       "this question file)")


def test_eval_never_overwrites_a_file_it_did_not_write(knowledge_copy, tmp_path, capsys):
    (knowledge_copy / "questions.yaml").write_text(QUESTIONS, encoding="utf-8")
    notes = tmp_path / "f.eval-answers.json"
    notes.write_text("my notes", encoding="utf-8")
    assert main(["--knowledge", str(knowledge_copy), "--db", str(tmp_path / "f.sqlite"), "eval"]) == 0
    assert f"warning: refusing to overwrite {notes}" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "my notes"


def test_answers_are_never_kept_inside_the_knowledge_folder(knowledge_copy, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (knowledge_copy / "questions.yaml").write_text(QUESTIONS, encoding="utf-8")
    _eval(knowledge_copy, knowledge_copy / "f.sqlite", capsys)  # a fact base put inside it by --db
    assert not list(knowledge_copy.glob("*.json"))
    assert len(list((tmp_path / "cache" / "offensive-factbot").glob("eval-answers-*.json"))) == 1


def test_a_sources_arabic_metadata_must_be_a_publisher_or_title(knowledge_copy):
    _edit(knowledge_copy, "sources/000_6980d386ee3d208e.yaml", "  title: ", "  headline: ")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(knowledge_copy)
    assert "ar must map publisher and/or title" in str(err.value)
