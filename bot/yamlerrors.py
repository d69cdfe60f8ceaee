"""PyYAML's syntax errors in plain words, with the line an editor should look at.

PyYAML (and libyaml, its faster C version) word the same mistakes differently; both are translated.
A problem not recognised here keeps PyYAML's own words.
"""

from __future__ import annotations

import yaml

_INDENT = ("did not find expected key", "did not find expected '-' indicator", "expected <block end>")
_QUOTES = "\"'\u201c\u201d\u2018\u2019"


def explain(exc: yaml.YAMLError, text: str) -> tuple[int, str]:
    """The line (1-based, 0 if unknown) and a plain-language description of a YAML syntax error."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[:exc.position].count("\n") + 1
        return line, f"a control character (#x{exc.character:04x}) that YAML does not allow: delete it"
    if not isinstance(exc, yaml.MarkedYAMLError) or exc.problem_mark is None:
        return 0, str(exc)
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark
    opened = exc.context_mark.line + 1 if exc.context_mark else mark.line + 1
    lines = text.splitlines()
    row = lines[mark.line] if mark.line < len(lines) else ""
    here = row[mark.column] if mark.column < len(row) else ""
    before = row[:mark.column].strip()
    if "tab" in problem or here == "\t":
        return mark.line + 1, "a tab character: indent with spaces only"
    if "quoted scalar" in context and "end of stream" in problem:
        return opened, "a quote (\" or ') opened on this line is never closed"
    if "flow sequence" in context:
        return opened, "a list opened with [ on this line is not closed with ]"
    if "flow mapping" in context:
        return opened, "a mapping opened with { on this line is not closed with }"
    if "could not find expected ':'" in problem:
        return opened, "a line that is neither 'key: value' nor a list item '- ...': a missing ':' after the key?"
    if "mapping values are not allowed" in problem:
        if ":" in before:
            return mark.line + 1, "a colon followed by a space inside a value: put the whole value in quotes"
        return mark.line + 1, "this line is indented more than the key before it"
    if any(p in problem for p in _INDENT):
        if not before:
            if row.lstrip().startswith("-"):
                return mark.line + 1, "a list item is indented differently from the ones before it"
            return mark.line + 1, "this line is indented differently from the keys before it"
        if before[-1] in _QUOTES:
            closing = text.rfind(before[-1], 0, mark.index)
            opened = text.count("\n", 0, text.rfind(before[-1], 0, closing)) + 1
            if opened <= mark.line:  # the value's quote was opened lines above and closed only here
                return opened, (f"a quote ({before[-1]}) opened on this line is not closed on it "
                                f"(it runs on to line {mark.line + 1})")
            return mark.line + 1, "text after the closing quote of a value: put the whole value in quotes"
        return mark.line + 1, f"unexpected {here!r} after the value"
    if "undefined alias" in problem:
        return mark.line + 1, "a value starting with * (a reference to an anchor): put the value in quotes"
    if "cannot start any token" in problem:
        return mark.line + 1, f"a value cannot start with {here!r}: put the value in quotes"
    if "unknown escape character" in problem:
        return mark.line + 1, "an unknown backslash escape inside double quotes: use single quotes, or write \\\\"
    if "another document" in problem:
        return mark.line + 1, "a line '---' starts a second document: remove it"
    return mark.line + 1, f"{context}: {problem}" if context else problem
