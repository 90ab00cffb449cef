"""Following every rectification to the end: the open items (not verified done) of a district,
a zone or a supervisor's schools, with their state on the build date, computed for the pages
that list them. Overdue items first, the longest overdue first: what the public most needs to
see; then the others by their deadline, the nearest first; items without a deadline last.
Nothing is left out: a long list is shown in pages (`OpenList.pages_of`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..sources.linking import Moved, Site
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
    moved: tuple[Moved, ...]  # its deadline's extensions (延期), oldest first


def _order(item: OpenItem):
    if item.state == "overdue":
        return (0, -item.days_overdue, item.report.id, item.rect.id)
    if item.rect.current_deadline is not None:
        return (1, item.rect.current_deadline.toordinal(), item.report.id, item.rect.id)
    return (2, 0, item.report.id, item.rect.id)


def open_items(site: Site) -> tuple[OpenItem, ...]:
    """The district's open items, in the order they are listed (`_order`)."""
    items = []
    for report, rect in site.open_rectifications():
        overdue = site.is_overdue(rect)
        items.append(OpenItem(
            report, rect, site.school(site.school_of(report, rect)),
            site.config.checklist_name(rect.item.id) if rect.item else None,
            "overdue" if overdue else rect.status,
            (site.build_date - rect.current_deadline).days if overdue else None,
            site.followup_of(rect), site.extensions_of(rect)))
    return tuple(sorted(items, key=_order))


# A page of a list shows at most this many items, and a longer list goes on in further pages:
# a city's 27,000 open items on one page made it 20 MB.
LISTED_AT_MOST = 500


@dataclass(frozen=True)
class OpenList:
    """What a page of open items shows: its share of the items (page `number` of `count`) and
    the counts of all of them."""
    items: tuple[OpenItem, ...]
    total: int
    overdue: int
    number: int = 1
    count: int = 1

    @classmethod
    def of(cls, items: tuple[OpenItem, ...]) -> "OpenList":
        """The whole list's counts, with its first page's items."""
        return cls.pages_of(items)[0]

    @classmethod
    def pages_of(cls, items: tuple[OpenItem, ...]) -> tuple["OpenList", ...]:
        """The list in pages of at most `LISTED_AT_MOST` items; one page when it is empty."""
        overdue = sum(1 for item in items if item.state == "overdue")
        shares = [items[first:first + LISTED_AT_MOST] for first in range(0, len(items), LISTED_AT_MOST)] or [()]
        return tuple(cls(share, len(items), overdue, number, len(shares)) for number, share in enumerate(shares, 1))


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
        return tuple(sorted(found, key=_order))

    def of_zone(self, zone) -> tuple[OpenItem, ...]:
        return self.of_schools(self.site.schools_of_zone(zone))

    def of_supervisor(self, sup) -> tuple[OpenItem, ...]:
        """The open items of the schools whose 责任督学 the supervisor is."""
        return self.of_schools(self.site.schools_answered_by(sup))
