"""The knowledge reader's YAML stage alone: each mapping and list item knows its line, values have
YAML's types (dates stay text for the builder's own rules), and a document that cannot become data
is a YAML error, not a crash."""

from __future__ import annotations

import pytest
import yaml

from bot.knowledge import _parse, check_knowledge

DOC = """facts:
  - id: a
    salience: 3
    by_date: true
    until: null
    date: 2024-12-05
    keywords: [city, hama]
  - &b
    id: b
    lat: 35.5
  - <<: *b
    id: c
"""


def test_mappings_and_list_items_know_their_lines():
    data = _parse(DOC)
    assert data.line == 1 and data["facts"].lines == [2, 8, 11]
    assert [item.line for item in data["facts"]] == [2, 8, 11]
    assert data["facts"][0]["keywords"].lines == [7, 7]


def test_values_keep_yaml_types_and_dates_stay_text():
    first, second, merged = _parse(DOC)["facts"]
    assert first == {"id": "a", "salience": 3, "by_date": True, "until": None, "date": "2024-12-05",
                     "keywords": ["city", "hama"]}
    assert second == {"id": "b", "lat": 35.5}
    assert merged == {"id": "c", "lat": 35.5}  # a merge key (<<) brings in the mapping's keys


def test_the_same_data_as_pyyaml_builds():
    assert _parse(DOC) == yaml.safe_load(DOC.replace("2024-12-05", "'2024-12-05'"))


@pytest.mark.parametrize("text", ["a: &x [1, *x]", "? [1, 2]\n: value", "a: !!python/object:os.system x"],
                         ids=["alias-inside-itself", "list-as-key", "python-tag"])
def test_what_cannot_be_data_is_a_yaml_error(text):
    with pytest.raises(yaml.YAMLError):
        _parse(text)


def test_check_reports_an_alias_inside_itself_as_one_syntax_error(knowledge_copy):
    path = knowledge_copy / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    keywords: [city]", "    keywords: &k [city, *k]", 1), encoding="utf-8")
    problems = [str(p) for p in check_knowledge(knowledge_copy)]
    assert len(problems) == 1 and problems[0].startswith("facts.yaml:") and "YAML syntax error" in problems[0]
