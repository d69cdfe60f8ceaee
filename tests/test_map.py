"""The map: who held what (derived from the facts), the PNG (size, colours at places), its cache, the CLI."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from bot import mapimage, maptext
from bot.builder import build
from bot.cli import main
from bot.factbase import FactBase
from bot.holders import situation
from bot.mapfile import caption, map_file
from bot.maprequest import is_map_request

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _pixel(png: Path, fb: FactBase, place: str) -> tuple[int, int, int]:
    image = Image.open(png).convert("RGB")
    x, y = mapimage.Projection().xy(fb.entities[place].lon, fb.entities[place].lat)
    return image.getpixel((round(x), round(y)))


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- who held what ------------------------------------------------------------------------


def test_statuses_come_from_the_latest_facts(engine):
    where = situation(engine.fb)
    hama, daraa, homs = where.status("hama"), where.status("daraa"), where.status("homs")
    assert (hama.status, hama.since.iso(), hama.fact) == ("opposition", "2024-12-05", "hama-captured")
    # Daraa: held by the opposition 2012-2018, retaken by the regime in July 2018, lost again in December 2024
    assert (daraa.status, daraa.since.iso(), daraa.fact) == ("opposition", "2024-12-07", "daraa-city-centre-captured")
    assert (homs.status, homs.side, homs.origin) == ("advancing", "opposition", "hama")
    assert where.status("aleppo").by and where.status("aleppo").since.iso() == "2024-11-30"
    # Operation Dawn of Freedom names Tel Rifaat within Aleppo's countryside: it is about Tel Rifaat only
    assert where.status("aleppo").fact == "aleppo-taken"
    assert (where.status("tel-rifaat").holder, where.status("tel-rifaat").status) == ("sna", "opposition")
    assert where.status("sweida").status == "unstated"
    assert where.as_of.iso() == "2024-12-07" and where.sources == ("aa-2024-12-07",)


def test_clashes_after_a_capture_make_a_place_contested(knowledge_copy, tmp_path):
    _edit(knowledge_copy, "date: 2024-11-27", "date: 2024-12-06")
    _edit(knowledge_copy, "on 27 November 2024 in the western", "on 6 December 2024 in the western")
    _edit(knowledge_copy, "في 27 تشرين الثاني (نوفمبر) 2024 في ريف حلب الغربي.\n      question",
          "في 6 كانون الأول (ديسمبر) 2024 في ريف حلب الغربي.\n      question")
    fb = FactBase(build(knowledge_copy, tmp_path / "f.sqlite").path)
    assert situation(fb).status("aleppo").status == "contested"


# --- the picture --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def english_map(engine) -> Path:
    return map_file(engine.fb, "en")


def test_map_is_a_png_of_the_stated_size_with_holders_colours(engine, english_map):
    data = english_map.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) < 400_000
    image = Image.open(io.BytesIO(data))
    image.verify()
    assert Image.open(english_map).size == (mapimage.WIDTH, mapimage.HEIGHT) == (1280, 1280)
    assert _pixel(english_map, engine.fb, "hama") == mapimage.COLOURS["opposition"]
    assert _pixel(english_map, engine.fb, "daraa") == mapimage.COLOURS["opposition"]
    assert _pixel(english_map, engine.fb, "sweida") == mapimage.COLOURS["unstated"]


def test_second_request_reads_the_cached_file(engine, english_map):
    before = english_map.stat().st_mtime_ns
    assert map_file(engine.fb, "en") == english_map and english_map.stat().st_mtime_ns == before


def test_map_is_redrawn_when_a_fact_changes_a_holder(knowledge_copy, tmp_path):
    db = tmp_path / "f.sqlite"
    fb = FactBase(build(knowledge_copy, db).path)
    first = map_file(fb, "en")
    assert _pixel(first, fb, "hama") == mapimage.COLOURS["opposition"]
    _edit(knowledge_copy, "action: [capture, hold]\n    actors: [opposition]\n    targets: [regime]\n    places: [hama]",
          "action: [capture, hold]\n    actors: [regime]\n    targets: [opposition]\n    places: [hama]")
    fb = FactBase(build(knowledge_copy, db).path)
    second = map_file(fb, "en")
    assert second != first and not first.exists()  # a new knowledge version, a new file; the old one goes
    assert _pixel(second, fb, "hama") == mapimage.COLOURS["regime"]
    assert _pixel(second, fb, "daraa") == mapimage.COLOURS["opposition"]


def test_arabic_map_has_shaped_right_to_left_labels(engine):
    path = map_file(engine.fb, "ar")
    assert Image.open(path).size == (1280, 1280)
    assert _pixel(path, engine.fb, "hama") == mapimage.COLOURS["opposition"]
    hama = maptext.label(engine.fb, situation(engine.fb).status("hama"), "ar")
    assert hama.title == "حماة" and "ديسمبر" in hama.detail
    shown = maptext.visual(hama.title)
    assert shown != hama.title and all("\ufe70" <= ch <= "\ufeff" for ch in shown)  # joined forms, reversed


def test_caption_names_the_date_and_each_source_once(engine):
    text = caption(engine.fb, "en")
    assert text.startswith("As of 7 December 2024, according to a news report citing Anadolu Agency")
    assert text.count("Anadolu Agency") == 1
    assert caption(engine.fb, "ar").startswith("حتى 7 ديسمبر 2024")


def test_borders_data_says_where_it_comes_from():
    data = mapimage.borders()
    assert "Natural Earth" in data["origin"] and "public domain" in data["origin"]
    assert {"Syria", "Turkey", "Iraq", "Jordan", "Lebanon"} <= {c["name"] for c in data["countries"]}


# --- asking for it --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["show me a map", "Show me the map, please!", "Where are the front lines?",
                                  "where are the frontlins", "map", "/map", "who controls what?", "خريطة",
                                  "أرني الخريطة من فضلك"])
def test_map_requests(text):
    assert is_map_request(text)


@pytest.mark.parametrize("text", ["Where is Daraa on the map?", "When did Hama fall?", "hi", "", "Who is in the SOR?"])
def test_questions_are_not_map_requests(text):
    assert not is_map_request(text)


def test_cli_writes_the_map(tmp_path, capsys):
    out = tmp_path / "out" / "map.png"
    assert main(["--db", str(tmp_path / "f.sqlite"), "map", "--out", str(out), "--lang", "ar"]) == 0
    assert out.read_bytes().startswith(PNG_SIGNATURE) and "wrote" in capsys.readouterr().out
