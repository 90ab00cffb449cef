"""Phase 9, export: files made from the site model rather than from pages.

The school finder's data is written here: one compact row per school, so the
finder answers as a visitor types, on a cheap phone, without a server.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import addresses
from .collation import initials, name_key, person_pinyin, pinyin
from .i18n import Words
from .linking import Site
from .model import SCHOOL_TYPES
from .rendering import tel_uri


def finder_data(site: Site) -> dict:
    words = Words(site.config.language)
    types = [t for t in SCHOOL_TYPES if any(s.type == t for s in site.schools.values())]
    zones = list(site.sorted_zones())
    towns = sorted({s.township for s in site.schools.values() if s.township}, key=name_key)
    rows = []
    for school in sorted(site.schools.values(), key=lambda s: (name_key(s.name), s.id)):
        names = [school.name, *school.aliases]
        spelled = [pinyin(n) for n in names]
        sup = site.primary_supervisor(school)
        sup_spelled = person_pinyin(sup.name) if sup else ""
        rows.append([
            school.id,
            school.name,
            "|".join(school.aliases),
            "|".join(s.replace(" ", "") for s in spelled),
            "|".join(initials(s) for s in spelled),
            towns.index(school.township) if school.township else -1,
            types.index(school.type),
            next((i for i, z in enumerate(zones) if z.id == str(school.zone)), -1),
            1 if school.is_closed else 0,
            sup.name if sup else "",
            sup_spelled.replace(" ", ""),
            initials(sup_spelled),
            tel_uri(sup.phone) if sup else "",
        ])
    return {
        "v": 1,
        "types": [[t, words.label("school_type", t)] for t in types],
        "zones": [[z.id, z.name] for z in zones],
        "towns": towns,
        "schools": rows,
    }


def write_exports(site: Site, out: Path) -> None:
    target = out / addresses.FINDER_DATA
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(finder_data(site), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
