"""Groupings for listing pages: schools by initial, township, type and zone; reports by year and kind.

Computed from the site model, each group as (anchor, heading, records), in the
order a reader expects: pinyin order for names, the enum order for kinds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..model.collation import divisions, index_name, initial, name_key
from ..model.i18n import Words
from ..sources.linking import Site
from ..model.records import BULLETIN_KINDS, REPORT_KINDS, SCHOOL_TYPES, Report


@dataclass(frozen=True)
class Group:
    anchor: str
    heading: str
    items: tuple


def _by_name(schools):
    return tuple(sorted(schools, key=lambda s: (s.is_closed, name_key(s.name), s.id)))


def school_groups(site: Site, grouping: str, words: Words) -> tuple[Group, ...]:
    schools = list(site.schools.values())
    buckets: dict[str, list] = defaultdict(list)
    if grouping == "initial":
        bases = divisions(s.name for s in schools)
        for s in schools:
            buckets[initial(s.name, bases)].append(s)
        keys = sorted(buckets, key=lambda k: (k == "#", k))
        by_index_name = lambda group: tuple(sorted(  # noqa: E731 - in a letter, by the name indexed
            group, key=lambda s: (s.is_closed, name_key(index_name(s.name, bases)), s.id)))
        return tuple(Group(f"letter-{k.lower() if k != '#' else 'other'}", k, by_index_name(buckets[k]))
                     for k in keys)
    if grouping == "township":
        for s in schools:
            buckets[s.township or ""].append(s)
        keys = sorted(buckets, key=lambda k: (k == "", name_key(k)))
        return tuple(Group(f"township-{i + 1}", k or words("no_township"), _by_name(buckets[k]))
                     for i, k in enumerate(keys))
    if grouping == "type":
        for s in schools:
            buckets[s.type].append(s)
        return tuple(Group(f"type-{k}", words.label("school_type", k), _by_name(buckets[k]))
                     for k in SCHOOL_TYPES if k in buckets)
    if grouping == "zone":
        return tuple(Group(f"zone-{z.id}", z.name, _by_name(site.schools_of_zone(z)))
                     for z in site.sorted_zones() if site.schools_of_zone(z))
    raise ValueError(grouping)


def by_kind(records, words: Words) -> tuple[Group, ...]:
    """Reports or bulletins grouped by kind, in the documented order of kinds."""
    records = tuple(records)
    if not records:
        return ()
    kinds, label = (REPORT_KINDS, "report_kind") if isinstance(records[0], Report) else (BULLETIN_KINDS, "bulletin_kind")
    buckets: dict[str, list] = defaultdict(list)
    for r in records:
        buckets[r.kind].append(r)
    return tuple(Group(f"kind-{k}", words.label(label, k), tuple(buckets[k])) for k in kinds if k in buckets)


def report_year_table(site: Site) -> tuple[tuple[int, dict[str, int], int], ...]:
    """Per year (newest first): counts by kind and the total."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in site.reports.values():
        counts[r.sort_date.year][r.kind] += 1
    return tuple((year, dict(counts[year]), sum(counts[year].values())) for year in sorted(counts, reverse=True))


def reports_by_year(site: Site) -> dict[int, tuple]:
    """Every report, newest first, by the year of its date."""
    years: dict[int, list] = defaultdict(list)
    for r in site.sorted_reports():
        years[r.sort_date.year].append(r)
    return {year: tuple(reports) for year, reports in years.items()}


def kinds_in(year_table) -> tuple[str, ...]:
    """The report kinds that occur in a `report_year_table`, in their documented order."""
    present = {kind for _, counts, _ in year_table for kind in counts}
    return tuple(k for k in REPORT_KINDS if k in present)
