"""Following every rectification to the end: the open items (not verified done) of a district,
a zone or a supervisor's schools, with their state on the build date, computed for the pages
that list them. Newest deadline first: what is due soonest or was due most recently leads;
items without a deadline come last."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .linking import Site
from .model import Rectification, Report, School


@dataclass(frozen=True)
class OpenItem:
    report: Report
    rect: Rectification
    school: School | None
    item_name: str | None
    state: str  # overdue, open or in_progress
    days_overdue: int | None


def open_items(site: Site, schools: set[str] | None = None) -> tuple[OpenItem, ...]:
    items = []
    for report in site.reports.values():
        if report.is_withdrawn:
            continue
        for rect in report.rectifications:
            school_id = site.school_of(report, rect)
            if rect.status == "done" or (schools is not None and school_id not in schools):
                continue
            overdue = site.is_overdue(rect)
            items.append(OpenItem(
                report, rect, site.school(school_id),
                site.config.checklist_name(rect.item.id) if rect.item else None,
                "overdue" if overdue else rect.status,
                (site.build_date - rect.deadline).days if overdue else None))
    return tuple(sorted(items, key=lambda i: (i.rect.deadline is None, -(i.rect.deadline or dt.date.min).toordinal(),
                                              i.report.id, i.rect.id)))


def of_zone(site: Site, zone) -> tuple[OpenItem, ...]:
    return open_items(site, {s.id for s in site.schools_of_zone(zone)})


def of_supervisor(site: Site, sup) -> tuple[OpenItem, ...]:
    """The open items of the schools whose 责任督学 the supervisor is."""
    return open_items(site, {s.id for s in site.schools_of_supervisor(sup) if s.supervisors[0].id == sup.id})
