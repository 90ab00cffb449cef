"""The rows of the lists that pages show, as plain values: a report with its schools and
supervisors, a rectification with its state on the build date and the visit that verified
it, a school with its 责任督学, a supervisor with their photo. Pages get these instead of the
model, so that a template only displays and a page's context says all it shows."""

from __future__ import annotations

from dataclasses import dataclass

from ..caches.permodel import PerModel
from ..model import addresses
from ..model.records import Rectification, Report, School, Supervisor
from ..sources.linking import Moved, Site


@dataclass(frozen=True)
class ReportRow:
    report: Report
    schools: tuple[School, ...]
    supervisors: tuple[Supervisor, ...]
    subjects: tuple = ()  # 督政: the governments and departments it is of

    @property
    def about(self) -> tuple:
        """Whom it is of: its schools, then its governments and departments."""
        return self.schools + self.subjects


@dataclass(frozen=True)
class RectRow:
    report: Report
    rect: Rectification
    overdue: bool  # on the build date
    followup: Report | None  # the follow-up visit (回头看) that verified it
    moved: tuple[Moved, ...]  # its deadline's extensions (延期), oldest first


@dataclass(frozen=True)
class SchoolRow:
    school: School
    supervisor: Supervisor | None  # its 责任督学


@dataclass(frozen=True)
class Person:
    """A supervisor as a page shows them: whether they have left, and their photo's address."""
    sup: Supervisor
    former: bool
    photo: str | None


# Each report's and each rectification's row, made once per model and process: the same row
# stands on a report's page, its schools' pages and histories, a year's list and its zone's
# page, and the render cache writes a shared row out once however many pages show it
# (`rendercache._write`).
_ROWS = PerModel()  # id of the report or rectification → (it, its row)


def _kept(known: dict, part, make):
    found = known.get(id(part))
    if found is None or found[0] is not part:
        found = known[id(part)] = (part, make())
    return found[1]


def report_rows(site: Site, reports) -> tuple[ReportRow, ...]:
    known = _ROWS.of(site)
    return tuple(_kept(known, r, lambda r=r: ReportRow(r, site.all_of(r.schools, "school"),
                                                       site.all_of(r.supervisors, "supervisor"),
                                                       site.all_of(r.subjects, "subject")))
                 for r in reports)


def rect_rows(site: Site, pairs) -> tuple[RectRow, ...]:
    known = _ROWS.of(site)
    return tuple(_kept(known, rect, lambda report=report, rect=rect: RectRow(
        report, rect, site.is_overdue(rect), site.followup_of(rect), site.extensions_of(rect))) for report, rect in pairs)


def school_rows(site: Site, schools) -> tuple[SchoolRow, ...]:
    return tuple(SchoolRow(s, site.primary_supervisor(s)) for s in schools)


def person(site: Site, sup: Supervisor | None) -> Person | None:
    if sup is None:
        return None
    photo = site.photos.get(sup.id)
    return Person(sup, site.is_former(sup), addresses.photo(sup.id, photo.suffix) if photo is not None else None)


def people(site: Site, sups) -> tuple[Person, ...]:
    return tuple(person(site, sup) for sup in sups)

