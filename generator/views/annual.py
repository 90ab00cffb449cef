"""The year's numbers, as a 督导室 puts them in its 年度工作总结: computed from the public records.

For each school year (学年, 1 September to 31 August) and each calendar year in which a
public report was visited, up to the build date:

- visits: regular (经常性) visits of open schools, one per school named by a report, counted
  in the month of the visit's first day; the target is open schools × complete months of the
  period since the first regular visit on record (months in `holiday_months` left out) ×
  `visits_per_month`; coverage is the share
  of those school-months that had the visits required (一月一督导);
- reports by kind, visited in the period; comprehensive reviews (综合督导): reports and the
  schools they covered;
- comprehensive reviews planned: one in `comprehensive_cycle` of the open schools (rounded
  up), the plan's share of a period;
- problems found: the rectifications of those reports, judged on the build date as
  `views/rectfigures.py` says (整改率, 按期整改率, items not yet due, overdue: past the deadline
  in force and not done); median days from the report's publication to the verified closing;
- bulletins published in the period.

Withdrawn reports count for nothing. Schools count if they are open now (the records keep
no opening dates).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from . import rectfigures
from .dashboard import median
from .rectfigures import RectFigures
from ..caches.permodel import PerModel
from ..sources.linking import Site
from ..model.records import REPORT_KINDS, Report


@dataclass(frozen=True)
class Period:
    key: str  # "2025-2026" (a school year) or "2025" (a calendar year): its address
    kind: str  # "school_year" or "year"
    start: dt.date
    end: dt.date  # its last day


@dataclass(frozen=True)
class AnnualFigures:
    period: Period
    complete: bool  # the period was over by the build date
    until: dt.date  # the last day counted: the period's end, or the build date
    open_schools: int
    months: int  # complete months counted for the target
    visits: int
    target: int
    covered: int  # school-months with the visits required
    school_months: int
    reports: tuple[tuple[str, int], ...]  # (kind, number), every kind
    comprehensive_schools: int
    comprehensive_planned: int  # the plan's share of the open schools (综合督导 cycle)
    rects: RectFigures
    median_days: float | None
    bulletins: int

    @property
    def problems(self) -> int:
        return self.rects.found

    @property
    def rectified(self) -> int:
        return self.rects.rectified

    @property
    def overdue(self) -> int:
        return self.rects.overdue

    @property
    def reports_total(self) -> int:
        return sum(n for _, n in self.reports)

    @property
    def coverage(self) -> float | None:
        return self.covered / self.school_months if self.school_months else None

    @property
    def rectification_rate(self) -> float | None:
        return self.rects.rate.value


def school_year_of(day: dt.date) -> int:
    """The year a school year starts in: 2025 for 2025-09-01 … 2026-08-31."""
    return day.year if day.month >= 9 else day.year - 1


def school_year(day: dt.date) -> Period:
    """The school year `day` falls in."""
    y = school_year_of(day)
    return Period(f"{y}-{y + 1}", "school_year", dt.date(y, 9, 1), dt.date(y + 1, 8, 31))


def first_regular(site: Site) -> dt.date | None:
    """The first regular visit on record: where the target starts counting."""
    return min((r.visited for r in site.reports.values() if r.kind == "regular" and not r.is_withdrawn),
               default=None)


def periods(site: Site) -> tuple[Period, ...]:
    """School years first, then calendar years, each newest first; only those with a visit."""
    days = [r.visited for r in site.reports.values() if not r.is_withdrawn and r.visited <= site.build_date]
    school_years = sorted({school_year_of(d) for d in days}, reverse=True)
    years = sorted({d.year for d in days}, reverse=True)
    return tuple(
        [school_year(dt.date(y, 9, 1)) for y in school_years]
        + [Period(str(y), "year", dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years])


def months_counted(period: Period, site: Site, first: dt.date | None) -> list[tuple[int, int]]:
    """The period's months that were over by the build date, from the first regular visit on
    record (the records start somewhere), holidays left out."""
    if first is None:
        return []
    start = max(period.start, first.replace(day=1))
    months, year, month = [], start.year, start.month
    this_month = (site.build_date.year, site.build_date.month)
    while (year, month) <= (period.end.year, period.end.month) and (year, month) < this_month:
        if month not in site.config.holiday_months:
            months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# The reports not withdrawn, by the day they were visited, once per model: each period's are a
# slice of them (a city's periods each went over all its reports).
_BY_DAY = PerModel()


def _by_day(site: Site) -> tuple[list[Report], list[dt.date]]:
    def made() -> tuple[list[Report], list[dt.date]]:
        reports = sorted((r for r in site.reports.values() if not r.is_withdrawn), key=lambda r: (r.visited, r.id))
        return reports, [r.visited for r in reports]
    return _BY_DAY.get(site, "reports", made)


def figures(site: Site, period: Period, first: dt.date | None) -> AnnualFigures:
    """`first`: the first regular visit on record, where the target starts counting."""
    visible, days = _by_day(site)
    until = min(period.end, site.build_date)
    reports = visible[bisect_left(days, period.start):bisect_right(days, until)]
    open_ids = {s.id for s in site.schools.values() if not s.is_closed}
    months = months_counted(period, site, first)
    counted = set(months)
    # Visits are set against the target month by month: those of the months counted.
    per_school_month: dict[tuple[str, tuple[int, int]], int] = {}
    for report in reports:
        if report.kind != "regular":
            continue
        for school in dict.fromkeys(str(s) for s in report.schools):
            key = (school, (report.visited.year, report.visited.month))
            if school in open_ids and key[1] in counted:
                per_school_month[key] = per_school_month.get(key, 0) + 1
    visits = sum(per_school_month.values())
    required = site.config.visits_per_month
    covered = sum(1 for n in per_school_month.values() if n >= required)
    by_kind = {kind: 0 for kind in REPORT_KINDS}
    for report in reports:
        by_kind[report.kind] += 1
    comprehensive = {str(s) for r in reports if r.kind == "comprehensive" for s in r.schools}
    pairs = [(r, x) for r in reports for x in r.rectifications]
    done = [(r, x) for r, x in pairs if x.status == "done"]
    days = [(x.closed - (r.published or r.visited)).days for r, x in done if x.closed is not None]
    return AnnualFigures(
        period=period,
        complete=period.end < site.build_date,
        until=min(period.end, site.build_date),
        open_schools=len(open_ids),
        months=len(months),
        visits=visits,
        target=len(open_ids) * len(months) * required,
        covered=covered,
        school_months=len(open_ids) * len(months),
        reports=tuple(by_kind.items()),
        comprehensive_schools=len(comprehensive),
        comprehensive_planned=-(-len(open_ids) // site.config.comprehensive_cycle),
        rects=rectfigures.of((x for _, x in pairs), site.build_date, site.config),
        median_days=median(days),
        bulletins=sum(1 for b in site.bulletins.values() if b.published is not None and period.start <= b.published <= until),
    )


def compute(site: Site) -> tuple[AnnualFigures, ...]:
    first = first_regular(site)
    return tuple(figures(site, period, first) for period in periods(site))
