"""A plain map of a zone's schools, drawn at build time from their coordinates (`location`):
an inline SVG of dots and names on a blank ground, with a scale bar. No tiles and no request
leave the site; the zone's table of schools beside it says the same in text.

The projection is equirectangular, the longitude scaled by the cosine of the zone's middle
latitude, which is true enough over the few kilometres of a zone. Each name is set beside its
dot where it overlaps no other name or dot (right, left, above, below, in that order), else
to the right.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model.records import School, Zone
from ..sources.linking import Site

WIDTH = 640
MARGIN = 16
FONT = 13  # px: a Chinese character is about this wide
DOT = 5
KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Placed:
    school: School
    x: float
    y: float


def _project(schools: list[School]) -> tuple[list[Placed], float, float]:
    """The schools' places on the drawing, its height, and kilometres per unit of it."""
    lats = [s.location.lat for s in schools]
    lons = [s.location.lon for s in schools]
    middle = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * middle, 1e-4)
    span_y = max(max(lats) - min(lats), 1e-4)
    label_room = FONT * max(len(s.name) for s in schools)  # names to the right of the easternmost dots
    inner = WIDTH - 2 * MARGIN - label_room
    scale = inner / max(span_x, span_y * inner / 400)  # units per degree; at most 400 high inside
    height = span_y * scale + 2 * MARGIN + FONT * 2
    placed = [Placed(s, MARGIN + (s.location.lon - min(lons)) * middle * scale,
                     MARGIN + FONT + (max(lats) - s.location.lat) * scale) for s in schools]
    return placed, height, KM_PER_DEGREE / scale


def _labels(placed: list[Placed]) -> list[tuple[float, float, str]]:
    """(x, y, text-anchor) of each name: beside its dot, clear of the others where it can be."""
    boxes = [(p.x - DOT, p.y - DOT, p.x + DOT, p.y + DOT) for p in placed]
    chosen = []
    for p in placed:
        width = FONT * len(p.school.name)
        options = [(p.x + DOT + 3, p.y + FONT / 2 - 2, "start", (p.x + DOT + 3, p.y - FONT / 2, p.x + DOT + 3 + width, p.y + FONT / 2)),
                   (p.x - DOT - 3, p.y + FONT / 2 - 2, "end", (p.x - DOT - 3 - width, p.y - FONT / 2, p.x - DOT - 3, p.y + FONT / 2)),
                   (p.x, p.y - DOT - 4, "middle", (p.x - width / 2, p.y - DOT - 4 - FONT, p.x + width / 2, p.y - DOT - 4)),
                   (p.x, p.y + DOT + FONT + 2, "middle", (p.x - width / 2, p.y + DOT + 2, p.x + width / 2, p.y + DOT + FONT + 2))]
        free = [o for o in options if o[3][0] >= 0 and o[3][2] <= WIDTH and not any(
            o[3][0] < b[2] and b[0] < o[3][2] and o[3][1] < b[3] and b[1] < o[3][3]
            for b in boxes if b != (p.x - DOT, p.y - DOT, p.x + DOT, p.y + DOT))]
        x, y, anchor, box = (free or options)[0]
        boxes.append(box)
        chosen.append((x, y, anchor))
    return chosen


def _scale_bar(km_per_unit: float) -> float:
    """A round length (km) whose bar is at most a quarter of the width."""
    most = km_per_unit * WIDTH / 4
    fitting = [km for km in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100) if km <= most]
    return fitting[-1] if fitting else 0.1


def zone_map(site: Site, zone: Zone, title: str, note: str, km: str) -> Markup | None:
    """The drawing, or None when no open school of the zone has coordinates. `title`: what it
    is; `note`: that it is a sketch; `km`: the scale's words, with {n}."""
    schools = [s for s in site.schools_of_zone(zone) if s.location is not None and not s.is_closed]
    if not schools:
        return None
    placed, height, km_per_unit = _project(schools)
    bar_km = _scale_bar(km_per_unit)
    bar = bar_km / km_per_unit
    parts = [f'<svg class="dd-map" viewBox="0 0 {WIDTH} {height + 24:.0f}" role="img" aria-labelledby="dd-map-t dd-map-d" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<title id="dd-map-t">{escape(title)}</title><desc id="dd-map-d">{escape(note)}</desc>',
             f'<rect x="0" y="0" width="{WIDTH}" height="{height + 24:.0f}" class="dd-map__ground"/>']
    for p, (x, y, anchor) in zip(placed, _labels(placed)):
        parts.append(f'<circle cx="{p.x:.1f}" cy="{p.y:.1f}" r="{DOT}" class="dd-map__dot"/>'
                     f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="dd-map__name">{escape(p.school.name)}</text>')
    y = height + 12
    parts.append(f'<path d="M{MARGIN} {y:.1f}h{bar:.1f}" class="dd-map__bar"/>'
                 f'<text x="{MARGIN + bar + 6:.1f}" y="{y + 4:.1f}" class="dd-map__name">{escape(km.format(n=f"{bar_km:g}"))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
