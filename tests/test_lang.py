"""Language packs: loaded once, each holding the same sentences, and understood together."""

from __future__ import annotations

import re

from bot.lang import LANGUAGES, load, packs


def test_every_pack_has_every_sentence_with_the_same_fields():
    en, ar = load("en"), load("ar")
    assert set(en.messages) == set(ar.messages)
    for key, text in en.messages.items():
        fields = [set(re.findall(r"{(\w+)}", t.lower())) - {"report"} for t in (text, ar.messages[key])]
        assert fields[0] == fields[1], key  # {report} is filled in by the engine, where a language needs it


def test_packs_are_loaded_once():
    assert load("en") is load("en") and [p.code for p in packs()] == list(LANGUAGES)


def test_every_kind_of_question_has_cues_in_each_language():
    names = {i.name for i in load("en").intents} - {"next"}
    for code in LANGUAGES:
        assert names <= {i.name for i in load(code).intents if i.cues}, code


def test_month_names_are_data():
    assert len(load("en").months) == len(load("ar").months) == 12
    assert "تموز" in load("ar").months[6]


def test_pack_words_are_text_not_yaml_booleans():
    """A bare "no", "on" or "true" in a pack is a YAML boolean: every word must be quoted text."""
    from bot.lang import LANG_DIR
    from bot.yamlfile import read_yaml

    flags = {"verb_first", "leading"}  # the keys that are meant to be true or false

    def booleans(x, key=""):
        if isinstance(x, bool):
            return [] if key in flags else [key]
        if isinstance(x, dict):
            return [b for k, v in x.items() for b in ([str(k)] if isinstance(k, bool) else booleans(v, str(k)))]
        if isinstance(x, list):
            return [b for v in x for b in booleans(v, key)]
        return []

    for path in sorted(LANG_DIR.glob("*.yaml")):
        assert booleans(read_yaml(path)) == [], path.name
