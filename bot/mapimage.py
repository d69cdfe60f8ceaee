"""Draw the map as a PNG with Pillow: Syria and its neighbours, every place the facts name coloured by
who held it last, arrows for stated advances, labels that do not overlap, a legend and a caption.

Everything is drawn at twice the size and scaled down, which smooths edges and text. The outline data
(``bot/data/borders.json``) says where it comes from; the places and their status come from the facts.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot import maptext
from bot.factbase import FactBase
from bot.holders import PlaceStatus, Situation, situation

WIDTH = HEIGHT = 1280
SS = 2  # supersampling factor
DATA = Path(__file__).resolve().parent / "data"
VIEW_LON = (34.85, 42.55)  # west and east edges; the top edge is set below
VIEW_TOP = 37.72
STYLE = "1"  # bump when the drawing changes, so cached maps are redrawn

COLOURS = {"opposition": (26, 150, 65), "regime": (215, 48, 39), "contested": (240, 150, 0),
           "unstated": (128, 128, 128)}
SEA, LAND, SYRIA_FILL = (190, 216, 234), (234, 229, 219), (253, 251, 244)
BORDER, SYRIA_BORDER = (150, 140, 128), (70, 64, 58)
INK, SOFT_INK, COUNTRY_INK = (30, 30, 30), (80, 80, 80), (150, 140, 128)
MARKER_R = 15
WHITE = (255, 255, 255)


# --- geometry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """Equirectangular, scaled by the cosine of Syria's middle latitude (true shape at this size)."""

    lon_min: float = VIEW_LON[0]
    lat_top: float = VIEW_TOP
    k: float = math.cos(math.radians(34.8))
    scale: float = WIDTH / ((VIEW_LON[1] - VIEW_LON[0]) * math.cos(math.radians(34.8)))  # px per degree of latitude

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """Pixel position (final image size) of a longitude and latitude."""
        return (lon - self.lon_min) * self.k * self.scale, (self.lat_top - lat) * self.scale


Box = tuple[float, float, float, float]


def _overlaps(a: Box, b: Box, pad: float = 0.0) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


# --- drawing helpers (sizes in final pixels; the canvas is SS times larger) ------------------------


@lru_cache(maxsize=32)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = DATA / "fonts" / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return ImageFont.truetype(str(path), size * SS, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=1)
def borders() -> dict:
    """The outline data: countries (rings of lon/lat), capitals, and where they come from."""
    return json.loads((DATA / "borders.json").read_text(encoding="utf-8"))


class Canvas:
    """A supersampled RGBA canvas with drawing calls in final-image pixels."""

    def __init__(self) -> None:
        self.image = Image.new("RGBA", (WIDTH * SS, HEIGHT * SS), SEA + (255,))
        self.draw = ImageDraw.Draw(self.image)

    def polygon(self, points: list[tuple[float, float]], fill: tuple, outline: tuple, width: float) -> None:
        pts = [(x * SS, y * SS) for x, y in points]
        self.draw.polygon(pts, fill=fill)
        self.draw.line(pts + pts[:1], fill=outline, width=max(1, round(width * SS)), joint="curve")

    def line(self, points: list[tuple[float, float]], fill: tuple, width: float) -> None:
        self.draw.line([(x * SS, y * SS) for x, y in points], fill=fill, width=max(1, round(width * SS)), joint="curve")

    def circle(self, x: float, y: float, r: float, fill: tuple | None, outline: tuple | None = None,
               width: float = 0) -> None:
        self.draw.ellipse([(x - r) * SS, (y - r) * SS, (x + r) * SS, (y + r) * SS], fill=fill, outline=outline,
                          width=round(width * SS))

    def box(self, b: Box, fill: tuple, outline: tuple | None = None, radius: float = 10) -> None:
        """A translucent rounded box (composited over just its own area)."""
        x0, y0 = max(0, int(b[0] * SS)), max(0, int(b[1] * SS))
        x1, y1 = min(self.image.width, math.ceil(b[2] * SS)), min(self.image.height, math.ceil(b[3] * SS))
        overlay = Image.new("RGBA", (x1 - x0, y1 - y0), (0, 0, 0, 0))
        ImageDraw.Draw(overlay).rounded_rectangle([0, 0, x1 - x0 - 1, y1 - y0 - 1], radius=radius * SS, fill=fill,
                                                  outline=outline, width=SS if outline else 0)
        self.image.alpha_composite(overlay, (x0, y0))

    def text(self, x: float, y: float, text: str, size: int, fill: tuple, bold: bool = False) -> None:
        """``text`` with the top-left corner of its ink at (x, y)."""
        shown, font = maptext.visual(text), _font(size, bold)
        self.draw.text((x * SS, y * SS - font.getbbox(shown)[1]), shown, font=font, fill=fill)

    def halo_text(self, x: float, y: float, text: str, size: int, fill: tuple, bold: bool = False) -> None:
        """Text with a light outline, for names written straight on the map."""
        shown, font = maptext.visual(text), _font(size, bold)
        self.draw.text((x * SS, y * SS - font.getbbox(shown)[1]), shown, font=font, fill=fill,
                       stroke_width=3 * SS, stroke_fill=SYRIA_FILL)

    def final(self) -> Image.Image:
        return self.image.convert("RGB").resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def text_size(text: str, size: int, bold: bool = False) -> tuple[float, float]:
    """Width and height of the ink in final pixels."""
    left, top, right, bottom = _font(size, bold).getbbox(maptext.visual(text))
    return right / SS, (bottom - top) / SS


def wrap(text: str, size: int, width: float, bold: bool = False) -> list[str]:
    """Lines of ``text`` (logical order) no wider than ``width``."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_size(f"{lines[-1]} {word}", size, bold)[0] <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


# --- the map -----------------------------------------------------------------------------


NAME_SIZE, DETAIL_SIZE, LEGEND_SIZE, CAPTION_SIZE = 34, 27, 27, 24


def render(fb: FactBase, lang: str = "en", where: Situation | None = None) -> bytes:
    """The map as PNG bytes, in ``lang`` (one of maptext.LANGUAGES)."""
    where = where or situation(fb)
    proj, canvas = Projection(), Canvas()
    rtl = maptext.is_rtl(lang)
    obstacles = _countries(canvas, proj, lang)
    title_box = _title(canvas, lang, rtl)
    caption_box = _caption(canvas, fb, where, lang, rtl)
    legend_box = _legend(canvas, where, lang, rtl, bottom=caption_box[1] - 12)
    obstacles += [title_box, caption_box, legend_box]
    obstacles += _capitals(canvas, proj, lang)
    shown = [s for s in where.places if not _is_country(fb, s.place)]
    points = {s.place: proj.xy(fb.entities[s.place].lon, fb.entities[s.place].lat) for s in shown}
    for s in shown:
        if s.origin and s.origin in points:
            obstacles += _arrow(canvas, points[s.origin], points[s.place], COLOURS[s.side])
    for s in shown:
        _marker(canvas, points[s.place], s)
        x, y = points[s.place]
        obstacles.append((x - MARKER_R - 2, y - MARKER_R - 2, x + MARKER_R + 2, y + MARKER_R + 2))
    order = sorted(shown, key=lambda s: (s.status == "unstated", -fb.entities[s.place].lat))
    for s in order:
        obstacles.append(_label(canvas, points[s.place], maptext.label(fb, s, lang), s, obstacles, rtl))
    out = io.BytesIO()
    _palette(canvas.final()).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _palette(image: Image.Image) -> Image.Image:
    """256 colours (a third of the file size), keeping the status colours exact."""
    exact = [*COLOURS.values(), WHITE, INK, SOFT_INK, SEA, LAND, SYRIA_FILL]
    found = image.quantize(colors=256 - len(exact), method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    flat = found.getpalette()[: 3 * (256 - len(exact))]
    # near-copies of an exact colour would take its pixels (Pillow maps colours through a coarse cache)
    common = [c for c in zip(flat[::3], flat[1::3], flat[2::3])
              if all(sum(abs(a - b) for a, b in zip(c, e)) > 24 for e in exact)]
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for c in [*exact, *common] for v in c])
    return image.quantize(palette=palette, dither=Image.Dither.NONE)


def _is_country(fb: FactBase, place: str) -> bool:
    """A place that is a whole country on the outline (Jordan): its name on the map stands for it."""
    return any(c["name"] == fb.entities[place].name for c in borders()["countries"])


def _countries(canvas: Canvas, proj: Projection, lang: str) -> list[Box]:
    """Land, Syria on top, and the countries' names; the names' boxes."""
    countries = borders()["countries"]
    for c in sorted(countries, key=lambda c: c["name"] == "Syria"):
        syria = c["name"] == "Syria"
        for ring in c["rings"]:
            canvas.polygon([proj.xy(lon, lat) for lon, lat in ring], SYRIA_FILL if syria else LAND,
                           SYRIA_BORDER if syria else BORDER, 3.5 if syria else 1.5)
    boxes = []
    for c in countries:
        if "label" in c:
            x, y = proj.xy(*c["label"])
            name = c["name_ar"] if lang == "ar" else c["name"].upper()
            w, h = text_size(name, 26)
            canvas.text(x - w / 2, y - h / 2, name, 26, COUNTRY_INK)
            boxes.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    return boxes


def _capitals(canvas: Canvas, proj: Projection, lang: str) -> list[Box]:
    boxes = []
    for c in borders()["capitals"]:
        x, y = proj.xy(c["lon"], c["lat"])
        _star(canvas, x, y, 11, SOFT_INK)
        name = c["name_ar"] if lang == "ar" else c["name"]
        w, h = text_size(name, 22)
        canvas.halo_text(x + 14, y - h / 2 - 2, name, 22, SOFT_INK)
        boxes.append((x - 12, y - 12, x + 16 + w, y + h / 2 + 4))
    return boxes


def _star(canvas: Canvas, x: float, y: float, r: float, fill: tuple) -> None:
    pts = [(x + (r if i % 2 == 0 else r * 0.45) * math.sin(i * math.pi / 5),
            y - (r if i % 2 == 0 else r * 0.45) * math.cos(i * math.pi / 5)) for i in range(10)]
    canvas.draw.polygon([(px * SS, py * SS) for px, py in pts], fill=fill)


def _marker(canvas: Canvas, point: tuple[float, float], s: PlaceStatus, r: float = MARKER_R) -> None:
    x, y = point
    if s.status == "advancing":
        canvas.circle(x, y, r + 2, WHITE)
        canvas.circle(x, y, r, WHITE, COLOURS[s.side], 6)
    else:
        canvas.circle(x, y, r + 3, WHITE)
        canvas.circle(x, y, r, COLOURS[s.status])


def _arrow(canvas: Canvas, start: tuple[float, float], end: tuple[float, float], colour: tuple) -> list[Box]:
    """A thick arrow from the edge of one marker to the edge of another; boxes along it for labels to avoid."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    gap = MARKER_R + 5
    sx, sy = x0 + ux * gap, y0 + uy * gap
    tip_x, tip_y = x1 - ux * gap, y1 - uy * gap
    head = min(26.0, max(12.0, (length - 2 * gap) * 0.65))
    bx, by = tip_x - ux * head, tip_y - uy * head
    canvas.line([(sx, sy), (bx, by)], WHITE, 13)
    canvas.line([(sx, sy), (bx, by)], colour, 9)
    wing = [(bx + uy * head * 0.7, by - ux * head * 0.7), (tip_x, tip_y), (bx - uy * head * 0.7, by + ux * head * 0.7)]
    canvas.draw.polygon([(px * SS, py * SS) for px, py in wing], fill=colour, outline=WHITE, width=SS)
    steps = max(2, int(length // 12))
    return [(x0 + (x1 - x0) * i / steps - 6, y0 + (y1 - y0) * i / steps - 6,
             x0 + (x1 - x0) * i / steps + 6, y0 + (y1 - y0) * i / steps + 6) for i in range(steps + 1)]


_DIRECTIONS = [(1, 0), (-1, 0), (1, -1), (1, 1), (-1, -1), (-1, 1), (0, -1), (0, 1)]


def _label(canvas: Canvas, point: tuple[float, float], text: maptext.Label, s: PlaceStatus,
           obstacles: list[Box], rtl: bool) -> Box:
    """Place the label in the first free spot around its marker (farther out with a leader line)."""
    pad_x, pad_y, gap = 10, 8, 7
    tw, th = text_size(text.title, NAME_SIZE, True)
    dw, dh = text_size(text.detail, DETAIL_SIZE) if text.detail else (0, 0)
    w = max(tw, dw) + 2 * pad_x
    h = th + (dh + gap if text.detail else 0) + 2 * pad_y
    x, y = point
    chosen: Box | None = None
    for dist in (MARKER_R + 10, 45, 80, 120, 170):
        for dx, dy in _DIRECTIONS:
            cx = x + dx * (dist + w / 2) if dx else x
            cy = y + dy * (dist + h / 2) if dy else y
            if dx and dy:
                cx, cy = x + dx * (dist * 0.75 + w / 2), y + dy * (dist * 0.75 + h / 2)
            b = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if b[0] < 6 or b[1] < 6 or b[2] > WIDTH - 6 or b[3] > HEIGHT - 6:
                continue
            if not any(_overlaps(b, o, 4) for o in obstacles):
                chosen = b
                break
        if chosen:
            break
    if chosen is None:
        chosen = (x + MARKER_R + 6, y - h / 2, x + MARKER_R + 6 + w, y + h / 2)
    colour = COLOURS[s.side] if s.status == "advancing" else COLOURS[s.status]
    nearest = (min(max(x, chosen[0]), chosen[2]), min(max(y, chosen[1]), chosen[3]))
    if math.hypot(nearest[0] - x, nearest[1] - y) > MARKER_R + 14:
        length = math.hypot(nearest[0] - x, nearest[1] - y)
        ux, uy = (nearest[0] - x) / length, (nearest[1] - y) / length
        canvas.line([(x + ux * (MARKER_R + 4), y + uy * (MARKER_R + 4)), nearest], SOFT_INK, 2)
    canvas.box(chosen, (255, 255, 255, 232), colour + (255,), radius=8)
    canvas.draw.rectangle([(chosen[2] - 6 if rtl else chosen[0]) * SS + SS, chosen[1] * SS + 6 * SS,
                           (chosen[2] if rtl else chosen[0] + 6) * SS - SS, chosen[3] * SS - 6 * SS], fill=colour)
    left, top = chosen[0] + pad_x, chosen[1] + pad_y
    for line, size, bold, ink, lh in ((text.title, NAME_SIZE, True, INK, th), (text.detail, DETAIL_SIZE, False, SOFT_INK, dh)):
        if not line:
            continue
        lw = text_size(line, size, bold)[0]
        canvas.text(chosen[2] - pad_x - lw if rtl else left + (3 if lw < w else 0), top, line, size, ink, bold)
        top += lh + gap
    return chosen


def _title(canvas: Canvas, lang: str, rtl: bool) -> Box:
    s = maptext.STRINGS[lang]
    tw, th = text_size(s["title"], 38, True)
    sw, sh = text_size(s["subtitle"], 22)
    w, h = max(tw, sw) + 36, th + sh + 36
    b = (16, 16, 16 + w, 16 + h)  # over Turkey and the sea, whatever the language
    canvas.box(b, (255, 255, 255, 235), (200, 200, 200, 255), radius=12)
    for line, size, bold, height, y in ((s["title"], 38, True, th, b[1] + 12), (s["subtitle"], 22, False, sh, b[1] + 20 + th)):
        lw = text_size(line, size, bold)[0]
        canvas.text(b[2] - 18 - lw if rtl else b[0] + 18, y, line, size, INK if bold else SOFT_INK, bold)
    return b


def _legend(canvas: Canvas, where: Situation, lang: str, rtl: bool, bottom: float) -> Box:
    s = maptext.STRINGS[lang]
    entries: list[tuple[str, str]] = [("opposition", "opposition"), ("regime", "regime"), ("contested", "contested")]
    sides = sorted({p.side for p in where.places if p.status == "advancing"}) or ["opposition"]
    entries += [(f"advancing:{side}", maptext.legend_key("advancing", side)) for side in sides]
    if any(p.status == "unstated" for p in where.places):
        entries.append(("unstated", "unstated"))
    entries.append(("capital", "capital"))
    row = 40
    width = max(text_size(s[key], LEGEND_SIZE)[0] for _, key in entries) + 80
    b = (WIDTH - 16 - width, bottom - row * len(entries) - 24, WIDTH - 16, bottom)  # over the empty east
    canvas.box(b, (255, 255, 255, 235), (200, 200, 200, 255), radius=12)
    for i, (kind, key) in enumerate(entries):
        cy = b[1] + 12 + row * i + row / 2
        ix = b[2] - 32 if rtl else b[0] + 32
        if kind == "capital":
            _star(canvas, ix, cy, 12, SOFT_INK)
        elif kind.startswith("advancing:"):
            side = kind.split(":")[1]
            _marker(canvas, (ix, cy), PlaceStatus("", "advancing", side), r=12)
        else:
            _marker(canvas, (ix, cy), PlaceStatus("", kind, kind), r=12)
        tw, th = text_size(s[key], LEGEND_SIZE)
        canvas.text(ix - 26 - tw if rtl else ix + 26, cy - th / 2 - 2, s[key], LEGEND_SIZE, INK)
    return b


def _caption(canvas: Canvas, fb: FactBase, where: Situation, lang: str, rtl: bool) -> Box:
    s = maptext.STRINGS[lang]
    as_of, sources = maptext.caption_parts(fb, where, lang)
    lines = [(line, CAPTION_SIZE, True) for line in wrap(s["caption_head"].format(date=as_of), CAPTION_SIZE, WIDTH - 80, True)]
    lines += [(line, CAPTION_SIZE, False) for line in wrap(sources, CAPTION_SIZE, WIDTH - 80)]
    lines += [(line, 18, False) for line in wrap(s["credit"], 18, WIDTH - 80)]
    heights = [text_size(line, size, bold)[1] + 6 for line, size, bold in lines]
    b = (16, HEIGHT - 16 - sum(heights) - 20, WIDTH - 16, HEIGHT - 16)
    canvas.box(b, (255, 255, 255, 240), (200, 200, 200, 255), radius=12)
    y = b[1] + 10
    for (line, size, bold), height in zip(lines, heights):
        lw = text_size(line, size, bold)[0]
        canvas.text(b[2] - 20 - lw if rtl else b[0] + 20, y, line, size, INK if bold else SOFT_INK, bold)
        y += height
    return b
