"""Following every rectification to the end: the open items (not verified done) of a district,
a zone or a supervisor's schools, with their state on the build date, computed for the pages
that list them. Newest deadline first: what is due soonest or was due most recently leads;
items without a deadline come last."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..sources.linking import Site
from ..model.records import Rectification, Report, School


@dataclass(frozen=True)
class OpenItem:
    report: Report
    rect: Rectification
    school: School | None
    item_name: str | None
    state: str  # overdue, open or in_progress
    days_overdue: int | None
    followup: Report | None  # the follow-up visit (回头看) it names


def _newest_deadline_first(item: OpenItem):
    return (item.rect.deadline is None, -(item.rect.deadline or dt.date.min).toordinal(), item.report.id, item.rect.id)


def open_items(site: Site) -> tuple[OpenItem, ...]:
    """The district's open items, newest deadline first."""
    items = []
    for report, rect in site.open_rectifications():
        overdue = site.is_overdue(rect)
        items.append(OpenItem(
            report, rect, site.school(site.school_of(report, rect)),
            site.config.checklist_name(rect.item.id) if rect.item else None,
            "overdue" if overdue else rect.status,
            (site.build_date - rect.deadline).days if overdue else None,
            site.followup_of(rect)))
    return tuple(sorted(items, key=_newest_deadline_first))


# A list longer than this shows the items with the nearest deadlines: every school's page
# lists all of its own, and a city's 27,000 open items on one page made it 20 MB.
LISTED_AT_MOST = 500


@dataclass(frozen=True)
class OpenList:
    """What a page of open items shows: the first `LISTED_AT_MOST` items and the counts of all."""
    items: tuple[OpenItem, ...]
    total: int
    overdue: int

    @classmethod
    def of(cls, items: tuple[OpenItem, ...]) -> "OpenList":
        return cls(items[:LISTED_AT_MOST], len(items), sum(1 for item in items if item.state == "overdue"))

    @property
    def capped(self) -> bool:
        return self.total > len(self.items)


class OpenByScope:
    """The open items read once and kept by school, so that each zone's and each supervisor's
    list is gathered from their schools' items (a city's 600 lists each scanning every
    report took a minute)."""

    def __init__(self, site: Site):
        self.site = site
        self.all = open_items(site)
        self.by_school: dict[str, list[OpenItem]] = {}
        for item in self.all:
            if item.school is not None:
                self.by_school.setdefault(item.school.id, []).append(item)

    def of_schools(self, schools) -> tuple[OpenItem, ...]:
        found = [item for school in schools for item in self.by_school.get(school.id, ())]
        return tuple(sorted(found, key=_newest_deadline_first))

    def of_zone(self, zone) -> tuple[OpenItem, ...]:
        return self.of_schools(self.site.schools_of_zone(zone))

    def of_supervisor(self, sup) -> tuple[OpenItem, ...]:
        """The open items of the schools whose 责任督学 the supervisor is."""
        return self.of_schools(s for s in self.site.schools_of_supervisor(sup) if s.supervisors[0].id == sup.id)
