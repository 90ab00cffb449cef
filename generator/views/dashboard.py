"""The supervision dashboard's figures, computed from the site model (public records only).

- Coverage of 一月一督导: for each open school and each complete month (the build month is
  not over yet), the regular visits reported against `visits_per_month`; months listed in
  `holiday_months` are left out. A visit counts in the month of its first day; withdrawn
  reports do not count.
- Per supervisor: open schools (as 责任督学 and in the 1+X team), regular visits per month over
  the same months, reports published.
- Rectifications of public, not withdrawn reports, each in one state on the build date:
  overdue (past its deadline, not done), open, in progress, done; by zone (of the school it
  belongs to) and by checklist item; and the median days from the deadline being set (the
  report's publication) to being verified closed.
- Timeliness: days from the last day of a visit to the report's publication, by kind.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from . import rectfigures
from .rectfigures import RectFigures
from ..model.collation import name_key
from ..sources.linking import Site
from ..model.records import REPORT_KINDS

RECT_STATES = ("overdue", "open", "in_progress", "done")
MONTHS_SHOWN = 12


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @staticmethod
    def of(day: dt.date) -> "Month":
        return Month(day.year, day.month)


@dataclass(frozen=True)
class CoverageRow:
    school_id: str
    school_name: str
    visits: tuple[int, ...]  # per month, in the order of Coverage.months


@dataclass(frozen=True)
class ZoneCoverage:
    zone_id: str
    zone_name: str
    rows: tuple[CoverageRow, ...]

    def missed(self, index: int) -> tuple[str, ...]:
        return tuple(r.school_name for r in self.rows if r.visits[index] == 0)


@dataclass(frozen=True)
class Coverage:
    months: tuple[Month, ...]
    required: int
    zones: tuple[ZoneCoverage, ...]

    def share_covered(self) -> float | None:
        cells = [v for z in self.zones for r in z.rows for v in r.visits]
        return None if not cells else sum(1 for v in cells if v >= self.required) / len(cells)


@dataclass(frozen=True)
class SupervisorRow:
    supervisor_id: str
    name: str
    primary: int
    member: int
    visits_per_month: float
    reports: int
    rects: RectFigures  # of the schools they are the 责任督学 of


@dataclass(frozen=True)
class RectRow:
    key: str
    label: str
    counts: dict  # state → number
    median_days: float | None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class TimelinessRow:
    kind: str
    count: int
    median: float
    mean: float
    longest: int


@dataclass(frozen=True)
class Dashboard:
    coverage: Coverage
    supervisors: tuple[SupervisorRow, ...]
    rect_by_zone: tuple[RectRow, ...]
    rect_by_item: tuple[RectRow, ...]
    rect_total: RectRow
    rates_by_zone: tuple[tuple[str, str, RectFigures], ...]  # (zone id, name, figures)
    rates_total: RectFigures
    timeliness: tuple[TimelinessRow, ...]


def complete_months(site: Site, first: dt.date | None) -> tuple[Month, ...]:
    """The complete months up to the build date (at most the last twelve), holidays left out."""
    if first is None:
        return ()
    months = []
    year, month = site.build_date.year, site.build_date.month
    while len(months) < MONTHS_SHOWN:
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        if (year, month) < (first.year, first.month):
            break
        if month not in site.config.holiday_months:
            months.append(Month(year, month))
    return tuple(reversed(months))


def rect_state(site: Site, rect) -> str:
    return "overdue" if site.is_overdue(rect) else rect.status


def median(values) -> float | None:
    values = list(values)
    return float(statistics.median(values)) if values else None


def compute(site: Site) -> Dashboard:
    visible = [r for r in site.reports.values() if not r.is_withdrawn]
    regular = [r for r in visible if r.kind == "regular"]
    months = complete_months(site, min((r.visited for r in regular), default=None))
    index = {m: i for i, m in enumerate(months)}
    required = site.config.visits_per_month

    visits: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    by_supervisor: Counter = Counter()
    for report in regular:
        month = Month.of(report.visited)
        if month not in index:
            continue
        for school in dict.fromkeys(str(s) for s in report.schools):
            visits[school][index[month]] += 1
        for sup in dict.fromkeys(str(s) for s in report.supervisors):
            by_supervisor[sup] += 1

    zones = []
    for zone in site.sorted_zones():
        rows = tuple(CoverageRow(s.id, s.name, tuple(visits[s.id]) if s.id in visits else (0,) * len(months))
                     for s in site.schools_of_zone(zone) if not s.is_closed)
        if rows:
            zones.append(ZoneCoverage(zone.id, zone.name, rows))
    coverage = Coverage(months, required, tuple(zones))

    published = Counter(str(s) for r in site.reports.values() for s in dict.fromkeys(r.supervisors))
    # Each rectification with its state on the build date, worked out once for every grouping.
    pairs = [(r, x, rect_state(site, x)) for r in visible for x in r.rectifications]

    def open_schools(sup):
        return [s for s in site.schools_of_supervisor(sup) if not s.is_closed]

    supervisors = tuple(
        SupervisorRow(sup.id, sup.name,
                      sum(1 for s in open_schools(sup) if s.supervisors[0].id == sup.id),
                      sum(1 for s in open_schools(sup) if s.supervisors[0].id != sup.id),
                      round(by_supervisor[sup.id] / len(months), 2) if months else 0.0,
                      published[sup.id],
                      rectfigures.of_schools(site, site.schools_answered_by(sup)))
        for sup in sorted(site.active_supervisors(), key=lambda s: (name_key(s.name), s.id)))

    def rows(key_of, label_of, keys) -> tuple[RectRow, ...]:
        groups: dict[str, list] = defaultdict(list)
        for pair in pairs:
            groups[key_of(pair[0], pair[1])].append(pair)
        return tuple(summarise(k, label_of(k), groups[k]) for k in keys if groups.get(k))

    def summarise(key, label, group) -> RectRow:
        counts = Counter(state for _, _, state in group)
        days = [(rect.closed - (report.published or report.visited)).days for report, rect, _ in group
                if rect.status == "done" and rect.closed is not None]
        return RectRow(key, label, {s: counts.get(s, 0) for s in RECT_STATES}, median(days))

    zone_of_school = {s.id: str(s.zone) for s in site.schools.values()}
    zone_ids = [z.id for z in site.sorted_zones()]
    by_zone = rows(lambda r, x: zone_of_school.get(site.school_of(r, x), ""),
                   lambda k: site.zones[k].name if k in site.zones else k, zone_ids)
    item_ids = [i.id for i in site.config.checklist] + [""]
    by_item = rows(lambda r, x: x.item.id if x.item else "",
                   lambda k: site.config.checklist_name(k) if k else "—", item_ids)

    delays_of: dict[str, list[int]] = defaultdict(list)
    for r in visible:
        if r.published is not None:
            delays_of[r.kind].append((r.published - (r.visited_until or r.visited)).days)
    timeliness = []
    for kind in REPORT_KINDS:
        delays = delays_of.get(kind)
        if delays:
            timeliness.append(TimelinessRow(kind, len(delays), float(statistics.median(delays)),
                                            round(statistics.fmean(delays), 1), max(delays)))
    rates = tuple((zone.id, zone.name, rectfigures.of_schools(site, site.schools_of_zone(zone))) for zone in site.sorted_zones())
    return Dashboard(coverage, supervisors, by_zone, by_item, summarise("", "", pairs),
                     tuple(r for r in rates if r[2].found), rectfigures.of((x for _, x, _ in pairs), site.build_date, site.config),
                     tuple(timeliness))
