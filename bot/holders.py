"""Who held each place according to the latest facts: the map's data, worked out from the fact base.

A place's status comes from the latest dated event or state that names it: a capture or hold makes
it the actor's side's (opposition or regime), clashes between both sides make it contested, and an
advance (with no capture) makes it a place that side is advancing toward. A fact that names a place
and a smaller place within it ("the Tel Rifaat district of Aleppo's countryside") is about the
smaller one. Sides come from the entities (``side:``). Nothing here knows about drawing or Telegram.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.dates import FactDate
from bot.factbase import FactBase, StoredFact

STATUSES = ("opposition", "regime", "contested", "advancing", "unstated")
CONTROL = frozenset({"capture", "recapture", "hold"})
CONTEST = frozenset({"clash", "fight"})
ADVANCE = frozenset({"advance"})
_KINDS = ("event", "state")
_PRIORITY = {"advancing": 0, "contested": 1, "control": 2}  # on the same date, a capture outranks clashes


@dataclass(frozen=True)
class PlaceStatus:
    """One place on the map: who held it (or what was happening there), since when, on which fact."""

    place: str  # entity id
    status: str  # one of STATUSES ("advancing": ``side`` was advancing toward it)
    side: str = ""  # opposition or regime, for held places and advances
    holder: str = ""  # the entity that took, held or advanced ("" when contested or unstated)
    since: FactDate | None = None
    by: bool = False  # the report gives the date as "by" that day
    fact: str = ""  # the fact the status rests on
    origin: str = ""  # for an advance: the nearest place held by the same side


@dataclass(frozen=True)
class Situation:
    """Every place with coordinates, its status, the date the facts run to, and the sources used."""

    places: tuple[PlaceStatus, ...]
    as_of: FactDate | None
    sources: tuple[str, ...]  # source ids, in the order first used

    def status(self, place: str) -> PlaceStatus:
        """The status of one place (KeyError if it is not on the map)."""
        return next(p for p in self.places if p.place == place)


def situation(fb: FactBase) -> Situation:
    """The map's data: each place's latest status according to ``fb``."""
    places = [e for e in fb.entities.values() if e.type == "place" and e.lat is not None and e.lon is not None]
    statuses = [_status(fb, e.id) for e in places]
    statuses = [_with_origin(fb, s, statuses) for s in statuses]
    dated = [f.date for f in fb.facts.values() if f.date and f.kind in _KINDS]
    used = [x for s in statuses if s.fact for x in fb.facts[s.fact].sources]
    return Situation(tuple(statuses), max(dated, default=None), tuple(dict.fromkeys(used)))


def _status(fb: FactBase, place: str) -> PlaceStatus:
    best: tuple[tuple, PlaceStatus] | None = None
    for f in fb.facts.values():
        if f.kind not in _KINDS or not f.date or place not in f.roles.get("places", []):
            continue
        if any(fb.entities[q].within == place for q in f.roles["places"] if q != place):
            continue  # the fact is about a smaller place within this one
        found = _reading(fb, f, place)
        if found is None:
            continue
        kind, status = found
        key = (f.until or f.date, _PRIORITY[kind], f.salience, f.id)
        if best is None or key > best[0]:
            best = (key, status)
    return best[1] if best else PlaceStatus(place, "unstated")


def _reading(fb: FactBase, f: StoredFact, place: str) -> tuple[str, PlaceStatus] | None:
    """What ``f`` says of ``place``: ("control" | "contested" | "advancing", its status), or None."""
    actions = set(f.actions)
    actors = [(e, fb.entities[e].side) for e in f.roles.get("actors", []) if fb.entities[e].side]
    if actions & CONTROL and actors:
        holder, side = actors[0]
        return "control", PlaceStatus(place, side, side, holder, f.date, f.by_date, f.id)
    sides = {s for _, s in actors} | {fb.entities[e].side for e in f.roles.get("targets", []) if fb.entities[e].side}
    if actions & CONTEST and len(sides) > 1:
        return "contested", PlaceStatus(place, "contested", "", "", f.date, f.by_date, f.id)
    if actions & ADVANCE and actors:
        holder, side = actors[0]
        return "advancing", PlaceStatus(place, "advancing", side, holder, f.date, f.by_date, f.id)
    return None


def _with_origin(fb: FactBase, status: PlaceStatus, everyone: list[PlaceStatus]) -> PlaceStatus:
    """An advance starts from the nearest place its side holds (Hama for the advance toward Homs)."""
    if status.status != "advancing":
        return status
    target = fb.entities[status.place]
    held = [s for s in everyone if s.status == status.side and s.place != status.place]
    if not held:
        return status
    nearest = min(held, key=lambda s: _km(target.lat, target.lon, fb.entities[s.place].lat, fb.entities[s.place].lon))
    return PlaceStatus(status.place, status.status, status.side, status.holder, status.since, status.by, status.fact,
                       nearest.place)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0 * math.acos(max(-1.0, min(1.0, c)))
