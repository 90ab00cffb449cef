"""Phase 9, export: files made from the site model, never from the built HTML: the school
finder's data, the Atom feeds, the open data, the sitemap and robots.txt, the signs."""

from __future__ import annotations

import json
from pathlib import Path

from . import addresses, feeds, opendata, signs, sitemap
from .collation import initials, name_key, person_pinyin, pinyin
from .i18n import Words
from .linking import Site
from .planning import SitePlan
from .model import SCHOOL_TYPES
from .rendering import tel_uri


def finder_data(site: Site) -> dict:
    """One compact row per school, so the finder answers as a visitor types, on a cheap
    phone, without a server."""
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


def write(out: Path, path: str, content: str | bytes) -> None:
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")


def write_exports(site: Site, plan: SitePlan, out: Path) -> None:
    # The engine's own sitemap lists pages without knowing which are ours to list.
    for engine_file in ("sitemap.xml", "sitemap.xml.gz"):
        (out / engine_file).unlink(missing_ok=True)
    map_text = sitemap.sitemap(site, plan)
    if map_text is not None:
        write(out, "sitemap.xml", map_text)
    write(out, "robots.txt", sitemap.robots(site))
    write(out, addresses.FINDER_DATA, json.dumps(finder_data(site), ensure_ascii=False, separators=(",", ":")))
    for feed in feeds.feeds_of(site):
        write(out, feed.path, feeds.render_feed(site, feed))
    for path, content in (*opendata.files(site).items(), *signs.files(site).items()):
        write(out, path, content)
