"""A school at a glance, as an inspection report card puts it: its last visit, this school
year's months visited against the months due (一月一督导), its open and overdue
rectifications, its latest comprehensive review (综合督导) with its grade, whether one is due
(`comprehensive_cycle`), and its latest special review. Shown at the top of its page and in
the open data, from the same values.

Months are counted as `/annual/` counts them (`annual.months_counted`): complete months of the
school year since the first regular visit on record, holidays left out; a month is visited
when the school had the regular visits required (`visits_per_month`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import annual
from ..caches.permodel import PerModel
from ..model.records import Report, School
from ..sources.linking import Site

# Every kind of report that is a visit to the school: an annual report is not one.
VISIT_KINDS = frozenset(("regular", "special", "comprehensive", "joint", "random", "research"))


@dataclass(frozen=True)
class Glance:
    last_visit: Report | None
    school_year: annual.Period
    months_visited: int
    months_due: int
    open_rects: int
    overdue_rects: int
    last_comprehensive: Report | None
    comprehensive_due: bool  # open, and no comprehensive review within the cycle
    last_special: Report | None


def cycle_start(site: Site) -> dt.date:
    """The first day a comprehensive review still counts: `comprehensive_cycle` years back."""
    day, years = site.build_date, site.config.comprehensive_cycle
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


_FIRST = PerModel()


def first_regular(site: Site) -> dt.date | None:
    """The first regular visit on record, once per model (every school's card asks)."""
    known = _FIRST.of(site)
    if "first" not in known:
        known["first"] = annual.first_regular(site)
    return known["first"]


def of(site: Site, school: School) -> Glance:
    reports = [r for r in site.reports_of_school(school) if not r.is_withdrawn and r.visited <= site.build_date]
    latest = lambda kind: max((r for r in reports if r.kind == kind), key=lambda r: (r.visited, r.id),  # noqa: E731
                              default=None)
    year = annual.school_year(site.build_date)
    months = annual.months_counted(year, site, first_regular(site))
    counted = set(months)
    per_month: dict[tuple[int, int], int] = {}
    for r in reports:
        month = (r.visited.year, r.visited.month)
        if r.kind == "regular" and month in counted:
            per_month[month] = per_month.get(month, 0) + 1
    rects = [x for _, x in site.rectifications_of_school(school)]
    comprehensive = latest("comprehensive")
    return Glance(
        last_visit=max((r for r in reports if r.kind in VISIT_KINDS), key=lambda r: (r.visited, r.id), default=None),
        school_year=year,
        months_visited=sum(1 for n in per_month.values() if n >= site.config.visits_per_month),
        months_due=len(months),
        open_rects=sum(1 for x in rects if x.status != "done"),
        overdue_rects=sum(1 for x in rects if site.is_overdue(x)),
        last_comprehensive=comprehensive,
        comprehensive_due=not school.is_closed and (comprehensive is None or comprehensive.visited < cycle_start(site)),
        last_special=latest("special"),
    )


@dataclass(frozen=True)
class ZoneCycle:
    zone_id: str
    name: str
    within: int  # open schools reviewed within the cycle
    due: tuple[School, ...]  # open schools with none within it


@dataclass(frozen=True)
class Cycle:
    """The 综合督导 cycle on the build date: this school year's reviews against the plan's
    share, and the schools due, zone by zone."""
    years: int
    planned: int  # one in `years` of the open schools, rounded up
    done: int  # open schools reviewed this school year
    zones: tuple[ZoneCycle, ...]

    @property
    def due(self) -> int:
        return sum(len(z.due) for z in self.zones)


def cycle(site: Site) -> Cycle:
    last: dict[str, dt.date] = {}
    for report in site.reports.values():
        if report.kind == "comprehensive" and not report.is_withdrawn and report.visited <= site.build_date:
            for ref in report.schools:
                last[str(ref)] = max(last.get(str(ref), report.visited), report.visited)
    start, year = cycle_start(site), annual.school_year(site.build_date)
    open_schools = [s for s in site.schools.values() if not s.is_closed]
    zones = []
    for zone in site.sorted_zones():
        mine = [s for s in site.schools_of_zone(zone) if not s.is_closed]
        if mine:
            zones.append(ZoneCycle(zone.id, zone.name, sum(1 for s in mine if last.get(s.id, dt.date.min) >= start),
                                   tuple(s for s in mine if last.get(s.id, dt.date.min) < start)))
    return Cycle(site.config.comprehensive_cycle, -(-len(open_schools) // site.config.comprehensive_cycle),
                 sum(1 for s in open_schools if last.get(s.id, dt.date.min) >= year.start), tuple(zones))
