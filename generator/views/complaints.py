"""Complaints and reports from the public in figures (the `complaints` records), as
`/complaints/` and the open data show them: each month's record with the visits it led to,
and each calendar year's totals by category and by channel, in the order of the office's
lists (`complaint_categories`, `complaint_channels`).

Each complaint is counted in one record: that of its school, else of its zone, else the
district's. So the visits a month's complaints led to (the public reports that say
`prompted_by: complaint`, visited that month) go to the narrowest record of that month whose
scope holds the school visited. Answered in time is a share of the records that state it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.records import Complaints, Report, School, Zone
from ..sources.linking import Site


@dataclass(frozen=True)
class MonthRow:
    record: Complaints
    zone: Zone | None
    school: School | None
    visits: tuple[Report, ...]  # the public reports prompted by complaints, that month, in scope


@dataclass(frozen=True)
class YearRow:
    year: str
    received: int
    stated: int  # received, of the records that state how many were answered in time
    in_time: int
    verified: int
    visits: int
    categories: tuple[int, ...]  # in the order of complaint_categories
    channels: tuple[int, ...]

    @property
    def in_time_share(self) -> float | None:
        return self.in_time / self.stated if self.stated else None


@dataclass(frozen=True)
class Figures:
    months: tuple[MonthRow, ...]  # newest first
    years: tuple[YearRow, ...]  # newest first


def prompted(site: Site) -> tuple[Report, ...]:
    return tuple(r for r in site.reports.values() if r.prompted_by == "complaint" and not r.is_withdrawn)


def attributed(site: Site, records, led) -> dict[str, list[Report]]:
    """Record id → the prompted visits it led to: each visit to the narrowest record in scope."""
    by_month: dict[str, list[Complaints]] = {}
    for record in records:
        by_month.setdefault(record.month, []).append(record)
    found: dict[str, list[Report]] = {}
    for report in led:
        schools = {str(s) for s in report.schools}
        zones = {str(site.school(s).zone) for s in report.schools if site.school(s) is not None}
        mine = by_month.get(report.visited.strftime("%Y-%m"), [])
        for fits in (lambda r: r.school is not None and r.school.id in schools,
                     lambda r: r.school is None and r.zone is not None and r.zone.id in zones,
                     lambda r: r.school is None and r.zone is None):
            record = next((r for r in mine if fits(r)), None)
            if record is not None:
                found.setdefault(record.id, []).append(report)
                break
    return found


def compute(site: Site) -> Figures:
    records = sorted(site.records["complaints"].values(), key=lambda r: (r.month, str(r.zone or ""), str(r.school or "")),
                     reverse=True)
    led = prompted(site)
    visits = attributed(site, records, led)
    months = tuple(MonthRow(r, site.zone(r.zone), site.school(r.school),
                            tuple(sorted(visits.get(r.id, ()), key=lambda x: (x.visited, x.id))))
                   for r in records)
    categories = [c.id for c in site.config.complaint_categories]
    channels = [c.id for c in site.config.complaint_channels]
    years = []
    for year in sorted({r.month[:4] for r in records}, reverse=True):
        mine = [r for r in records if r.month.startswith(year)]
        stated = [r for r in mine if r.answered_in_time is not None]

        def tally(name: str, ids: list[str]) -> tuple[int, ...]:
            total = dict.fromkeys(ids, 0)
            for r in mine:
                for count in getattr(r, name):
                    if count.key in total:
                        total[count.key] += count.value
            return tuple(total.values())

        years.append(YearRow(year, sum(r.received for r in mine), sum(r.received for r in stated),
                             sum(r.answered_in_time for r in stated), sum(r.verified or 0 for r in mine),
                             sum(len(visits.get(r.id, ())) for r in mine),
                             tally("categories", categories), tally("channels", channels)))
    return Figures(months, tuple(years))
