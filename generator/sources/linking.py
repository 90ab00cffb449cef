"""Phase 3, link: resolve references and files, apply the publishing rules, and build
one read-only `Site` that every later phase queries.

Publishing rules: drafts never enter the site; a report or bulletin whose
`published` date is after the build date is left out until then; a withdrawn
record keeps its page. Everything left out here cannot leak into any output,
because no later phase sees it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Mapping

from ..caches.permodel import PerModel
from ..model.collation import name_key
from ..model.diagnostics import Pos, Problems
from ..model.fieldtypes import Ref, suggestion
from ..model.kinds import KINDS
from ..model.records import (SOURCE_DIGEST, Bulletin, Config, Page, Publication, Record, Rectification, Report,
                    Schedule, School, Supervisor, Zone)
from .validation import ValidRecords


@dataclass(frozen=True)
class Site:
    """The linked, read-only site model. Collections are sorted tuples or read-only maps."""

    config: Config
    build_date: dt.date
    root: Path
    zones: Mapping[str, Zone]
    supervisors: Mapping[str, Supervisor]
    schools: Mapping[str, School]
    reports: Mapping[str, Report]  # only the public ones
    bulletins: Mapping[str, Bulletin]  # only the public ones
    pages: Mapping[str, Page]
    schedules: Mapping[str, Schedule]  # by id; each holds a month's planned work
    records: Mapping[str, Mapping[str, Record]]  # every registered kind's, by kind (the maps above among them)
    # relations, each a read-only map of id → sorted tuple
    _school_reports: Mapping[str, tuple[Report, ...]]
    _subject_reports: Mapping[str, tuple[Report, ...]]  # 督政: a government's or department's reports
    _school_bulletins: Mapping[str, tuple[Bulletin, ...]]
    _report_bulletins: Mapping[str, tuple[Bulletin, ...]]
    _supervisor_reports: Mapping[str, tuple[Report, ...]]
    _supervisor_schools: Mapping[str, tuple[School, ...]]
    _zone_supervisors: Mapping[str, tuple[Supervisor, ...]]
    _zone_schools: Mapping[str, tuple[School, ...]]
    _zone_reports: Mapping[str, tuple[Report, ...]]  # the reports on any of a zone's schools
    _predecessors: Mapping[str, tuple[School, ...]]
    _former_terms: Mapping[str, tuple["FormerTerm", ...]]
    _followed_up: Mapping[str, tuple[tuple[Report, Rectification], ...]]  # follow-up report → what it verified
    photos: Mapping[str, Path]  # supervisor id → photo file
    attachments: Mapping[str, Path]  # path under content/media → file
    # What is not published on the build date, and so not on the site: kind → state → count
    # (`draft`: status draft; `embargoed`: published later than the build date).
    unpublished: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    # --- lookups by reference -------------------------------------------------
    def zone(self, ref: Ref | str | None) -> Zone | None:
        return None if ref is None else self.zones.get(str(ref))

    def supervisor(self, ref: Ref | str | None) -> Supervisor | None:
        return None if ref is None else self.supervisors.get(str(ref))

    def school(self, ref: Ref | str | None) -> School | None:
        return None if ref is None else self.schools.get(str(ref))

    def report(self, ref: Ref | str | None) -> Report | None:
        return None if ref is None else self.reports.get(str(ref))

    def subject(self, ref: Ref | str | None):
        return None if ref is None else self.records["subject"].get(str(ref))

    def reports_of_subject(self, subject) -> tuple[Report, ...]:
        return self._subject_reports.get(subject.id, ())

    def rectifications_of_subject(self, subject) -> tuple[tuple[Report, Rectification], ...]:
        """督政: the rectifications of its public, not withdrawn reports that belong to no school."""
        return tuple((r, x) for r in self.reports_of_subject(subject) if not r.is_withdrawn
                     for x in r.rectifications if not self.school_of(r, x))

    def bulletin(self, ref: Ref | str | None) -> Bulletin | None:
        return None if ref is None else self.bulletins.get(str(ref))

    def all_of(self, refs, kind: str) -> tuple:
        """The records named by `refs` that are in the site, in the order written."""
        lookup = getattr(self, kind)
        found = (lookup(ref) for ref in refs)
        return tuple(r for r in found if r is not None)

    # --- relations --------------------------------------------------------------
    def reports_of_school(self, school: School) -> tuple[Report, ...]:
        return self._school_reports.get(school.id, ())

    def bulletins_of_school(self, school: School) -> tuple[Bulletin, ...]:
        return self._school_bulletins.get(school.id, ())

    def bulletins_of_report(self, report: Report) -> tuple[Bulletin, ...]:
        return self._report_bulletins.get(report.id, ())

    def reports_of_supervisor(self, sup: Supervisor) -> tuple[Report, ...]:
        return self._supervisor_reports.get(sup.id, ())

    def schools_answered_by(self, sup: Supervisor) -> tuple[School, ...]:
        """The schools whose 责任督学 the supervisor is (the first of their supervisors)."""
        return tuple(s for s in self.schools_of_supervisor(sup) if s.supervisors[0].id == sup.id)

    def schools_of_supervisor(self, sup: Supervisor) -> tuple[School, ...]:
        return self._supervisor_schools.get(sup.id, ())

    def supervisors_of_zone(self, zone: Zone) -> tuple[Supervisor, ...]:
        return self._zone_supervisors.get(zone.id, ())

    def schools_of_zone(self, zone: Zone) -> tuple[School, ...]:
        return self._zone_schools.get(zone.id, ())

    def predecessors(self, school: School) -> tuple[School, ...]:
        return self._predecessors.get(school.id, ())

    def former_supervisors_of_school(self, school: School) -> tuple["FormerTerm", ...]:
        """The school's earlier 责任督学, latest first (曾任责任督学)."""
        return self._former_terms.get(school.id, ())

    def reports_of_zone(self, zone: Zone) -> tuple[Report, ...]:
        return self._zone_reports.get(zone.id, ())

    def primary_supervisor(self, school: School) -> Supervisor | None:
        return self.supervisor(school.supervisors[0]) if school.supervisors else None

    def is_former(self, sup: Supervisor) -> bool:
        return sup.status == "former" or (sup.until is not None and sup.until < self.build_date)

    def active_supervisors(self) -> tuple[Supervisor, ...]:
        return tuple(s for s in self.supervisors.values() if not self.is_former(s))

    def is_overdue(self, rect: Rectification) -> bool:
        return rect.is_overdue(self.build_date)

    # What many pages and views ask the model for is worked out once per model (`_ONCE`).
    def sorted_reports(self) -> tuple[Report, ...]:
        return _ONCE.get(self, "reports", lambda: _newest_first(self.reports.values()))

    def sorted_bulletins(self) -> tuple[Bulletin, ...]:
        return _ONCE.get(self, "bulletins", lambda: _newest_first(self.bulletins.values()))

    def sorted_zones(self) -> tuple[Zone, ...]:
        return tuple(sorted(self.zones.values(), key=lambda z: (z.order if z.order is not None else 10**9, z.id)))

    def sorted_pages(self) -> tuple[Page, ...]:
        return tuple(sorted(self.pages.values(), key=lambda p: (p.order if p.order is not None else 10**9, p.id)))

    def rectifications_of_school(self, school: School) -> tuple[tuple[Report, Rectification], ...]:
        """Every rectification of the school's public, not withdrawn reports:
        overdue first, then open and in progress, then done; newest report first within."""
        def gathered() -> tuple[tuple[Report, Rectification], ...]:
            pairs = [(r, rect) for r in self.reports_of_school(school) if not r.is_withdrawn
                     for rect in r.rectifications if self.school_of(r, rect) == school.id]
            rank = {"open": 1, "in_progress": 1, "done": 2}
            return tuple(sorted(pairs, key=lambda p: (0 if self.is_overdue(p[1]) else rank[p[1].status])))
        return _ONCE.get(self, ("rectifications", school.id), gathered)

    def latest_rectifications_of_school(self, school: School, done_limit: int) -> tuple[tuple[Report, Rectification], ...]:
        """Every rectification not done, and the latest `done_limit` done ones."""
        pairs = self.rectifications_of_school(school)
        done = [p for p in pairs if p[1].status == "done"][:done_limit]
        return tuple(p for p in pairs if p[1].status != "done") + tuple(done)

    def verified_by(self, report: Report) -> tuple[tuple[Report, Rectification], ...]:
        """The rectifications of earlier reports that this follow-up visit (回头看) verified."""
        return self._followed_up.get(report.id, ())

    def followup_of(self, rect: Rectification) -> Report | None:
        """The public follow-up report that verified `rect`, if it names one."""
        return self.report(rect.followup) if rect.followup is not None else None

    def extensions_of(self, rect: Rectification) -> tuple["Moved", ...]:
        """Each time its deadline was moved, oldest first: from what, to what, and the public
        bulletin or report that moved it (None while that is not public)."""
        moved, before = [], rect.deadline
        for ext in rect.extensions:
            source = self.bulletin(ext.bulletin) if ext.bulletin is not None else self.report(ext.report)
            moved.append(Moved(before, ext.deadline, source, ext.granted, ext.reason))
            before = ext.deadline
        return tuple(moved)

    def school_of(self, report: Report, rect: Rectification) -> str:
        """The school a rectification belongs to: its own `school`, or the report's first."""
        if rect.school is not None:
            return rect.school.id
        return str(report.schools[0]) if report.schools else ""  # 督政: of no school

    def rectifications_of_report(self, report: Report) -> tuple[tuple[Report, Rectification], ...]:
        return tuple((report, rect) for rect in report.rectifications)

    def open_rectifications(self) -> list[tuple[Report, Rectification]]:
        return [(r, rect) for r in self.sorted_reports() if not r.is_withdrawn
                for rect in r.rectifications if rect.status != "done"]


_ONCE = PerModel()


def _newest_first(items) -> tuple:
    return tuple(sorted(items, key=lambda r: (r.sort_date, r.id), reverse=True))


def _freeze(groups: dict[str, list], key) -> Mapping[str, tuple]:
    return MappingProxyType({k: tuple(sorted(v, key=key)) for k, v in sorted(groups.items())})


def _called(record, record_id: str) -> str:
    """How a problem names a record: by its name, with the id the file writes (陆清禾（'lu-qinghe'）)."""
    name = getattr(record, "name", None)
    return f"{name}（'{record_id}'）" if name else f"'{record_id}'"


def _check_refs(refs, kind: str, known: frozenset[str], problems: Problems, field: str | None = None) -> None:
    seen: set[str] = set()
    for ref in refs:
        if ref is None:
            continue
        if ref.id not in known:
            problems.add(ref.pos, f"ref.unknown-{kind}", id=ref.id, suggestion=suggestion(ref.id, known))
        elif field and ref.id in seen:
            problems.add(ref.pos, "ref.duplicate", id=ref.id, field=field)
        seen.add(ref.id)


def _check_file(base: Path, name: str, pos, where: str, content: Path, problems: Problems) -> Path | None:
    relative = PurePosixPath(name.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts:
        problems.add(pos, "ref.file-outside", file=name, where=where)
        return None
    target = base / relative
    # Compare names exactly: a case-insensitive disk must not hide a link that
    # breaks on a case-sensitive host.
    if not target.is_file() or target.name not in {p.name for p in target.parent.iterdir()}:
        problems.add(pos, "ref.missing-file", file=name, where=where)
        return None
    # A symbolic link (to the file or to a folder on its way) must not publish a file from
    # elsewhere on the machine.
    if not target.resolve().is_relative_to(content):
        problems.add(pos, "ref.file-outside", file=name, where=where)
        return None
    return target


def media_path(written: str) -> str:
    """An attachment's path under content/media/, as it is published."""
    return PurePosixPath(written.replace("\\", "/")).as_posix()


# What a withdrawn record no longer publishes: everything but what says which record it was
# (title, kind, dates, schools, supervisors, number) and why it was withdrawn.
WITHDRAWN_WITHHOLDS = {"body": "", "attachments": ()}
WITHDRAWN_REPORT_WITHHOLDS = {"topic": None, "rating": None, "findings": (), "rectifications": (),
                              "corrections": ()}


def withheld(pub: Publication) -> Publication:
    """A withdrawn report or bulletin as the site has it: its content gone from the model, so
    that no page, feed, index or dataset can show it, whatever it lists."""
    if not pub.is_withdrawn:
        return pub
    cleared = WITHDRAWN_WITHHOLDS | (WITHDRAWN_REPORT_WITHHOLDS if isinstance(pub, Report) else {})
    kept = replace(pub, **cleared)
    digest = getattr(pub, SOURCE_DIGEST, None)
    if digest is not None:  # the same file gives the same record: the render cache still knows it
        object.__setattr__(kept, SOURCE_DIGEST, digest)
    return kept


def is_public(pub: Publication, build_date: dt.date) -> bool:
    if pub.status == "draft":
        return False
    return pub.published is None or pub.published <= build_date


def unpublished_states(pubs, build_date: dt.date) -> dict[str, int]:
    """How many of `pubs` are drafts and how many wait for their publication date."""
    states: dict[str, int] = {}
    for pub in pubs:
        if not is_public(pub, build_date):
            state = "draft" if pub.status == "draft" else "embargoed"
            states[state] = states.get(state, 0) + 1
    return states


@dataclass(frozen=True)
class Moved:
    """A rectification's deadline moved (延期), as its pages show it."""
    before: dt.date | None
    after: dt.date
    source: Bulletin | Report | None  # the public notice or report that moved it
    granted: dt.date | None
    reason: str | None


@dataclass(frozen=True)
class FormerTerm:
    supervisor: Supervisor
    since: dt.date | None
    until: dt.date | None


def _in_office(sup: Supervisor, day: dt.date) -> bool:
    return not ((sup.since and day < sup.since) or (sup.until and day > sup.until))


def link(valid: ValidRecords, build_date: dt.date, root: Path, problems: Problems) -> Site | None:
    config = valid.config
    recs = valid.records
    known = valid.known_ids
    # Every record that was read is checked; only complete ones enter the site.
    zones = {z.id: z for z in valid.checked("zone")}
    supervisors = {s.id: s for s in valid.checked("supervisor")}
    schools = {s.id: s for s in valid.checked("school")}
    all_reports = {r.id: r for r in valid.checked("report")}
    checklist_ids = frozenset(item.id for item in config.checklist) if config else frozenset()

    photos: dict[str, Path] = {}
    files: dict[tuple[str, str], Path] = {}  # (record id, attachment as written) → file
    media_root = root / "content" / "media"
    content = (root / "content").resolve()

    def check_attachments(pub: Publication) -> None:
        # A report's own files and those of its rectifications (整改通知书, the school's 整改报告).
        extra = [att for rect in getattr(pub, "rectifications", ()) for att in rect.attachments]
        for att in (*pub.attachments, *extra):
            found = _check_file(media_root, att.file, att.pos, "content/media/", content, problems)
            if found is not None:
                files[(pub.id, att.file)] = found

    for zone in zones.values():
        _check_refs([zone.leader], "supervisor", known["supervisor"], problems)
        leader = supervisors.get(str(zone.leader)) if zone.leader else None
        if leader is not None and str(leader.zone) != zone.id:
            problems.add(zone.leader.pos, "zone.leader-outside", who=_called(leader, leader.id),
                         zone=_called(zones.get(str(leader.zone)), str(leader.zone)))
    for sup in supervisors.values():
        _check_refs([sup.zone], "zone", known["zone"], problems)
        if sup.photo:
            base = (root / sup.path).parent
            found = _check_file(base, sup.photo.value, sup.photo.pos,
                                PurePosixPath(sup.path).parent.as_posix() + "/", content, problems)
            if found is not None:
                photos[sup.id] = found
    for school in schools.values():
        _check_refs([school.zone], "zone", known["zone"], problems)
        _check_refs(school.supervisors, "supervisor", known["supervisor"], problems, "supervisors")
        _check_refs([school.successor], "school", known["school"], problems)
        if school.successor is not None and school.successor.id == school.id:
            problems.add(school.successor.pos, "school.successor-self")
        first = supervisors.get(str(school.supervisors[0])) if school.supervisors else None
        if first is not None and (first.status == "former" or (first.until and first.until < build_date)):
            problems.add(school.supervisors[0].pos, "school.former-supervisor", who=_called(first, first.id))
        _check_refs([term.supervisor for term in school.history], "supervisor", known["supervisor"], problems,
                    "history")
        for term in school.history:
            if term.since and term.until and term.until < term.since:
                problems.add(term.pos, "date.order", field="until", value=term.until, other="since",
                             other_value=term.since)
    for report in all_reports.values():
        _check_refs(report.schools, "school", known["school"], problems, "schools")
        _check_refs(report.subjects, "subject", known["subject"], problems, "subjects")
        _check_refs(report.supervisors, "supervisor", known["supervisor"], problems, "supervisors")
        if report.status != "draft":
            for ref in report.supervisors:
                sup = supervisors.get(ref.id)
                if sup is not None and not _in_office(sup, report.visited):
                    problems.add(ref.pos, "report.supervisor-not-in-office", who=_called(sup, ref.id), visited=report.visited,
                                 since=sup.since or "…", until=sup.until or "…")
        items = [f.item for f in report.findings] + [r.item for r in report.rectifications if r.item]
        for item in items:
            if item.id not in checklist_ids and config is not None:
                problems.add(item.pos, "ref.unknown-checklist-item", id=item.id,
                             suggestion=suggestion(item.id, checklist_ids),
                             allowed=", ".join(i.id for i in config.checklist))
        named = {str(s) for s in report.schools}
        for rect in report.rectifications:
            if rect.school is not None and rect.school.id not in named:
                problems.add(rect.school.pos, "rect.school-not-in-report",
                             who=_called(schools.get(rect.school.id), rect.school.id))
            _check_refs([rect.followup], "report", known["report"], problems)
            _check_refs([e.report for e in rect.extensions], "report", known["report"], problems)
            _check_refs([e.bulletin for e in rect.extensions], "bulletin", known["bulletin"], problems)
            later = all_reports.get(rect.followup.id) if rect.followup is not None else None
            if later is not None and later.visited < report.visited:
                problems.add(rect.followup.pos, "rect.followup-before", id=later.id, visited=later.visited,
                             report=report.id, report_visited=report.visited)
        check_attachments(report)
    for bulletin in valid.checked("bulletin"):
        _check_refs(bulletin.schools, "school", known["school"], problems, "schools")
        _check_refs(bulletin.reports, "report", known["report"], problems, "reports")
        for ref in bulletin.reports:
            target = all_reports.get(ref.id)
            if (target is not None and bulletin.status != "draft" and bulletin.published is not None
                    and bulletin.published <= build_date and not is_public(target, build_date)):
                state = "draft" if target.status == "draft" else f"published: {target.published}"
                problems.add(ref.pos, "ref.unpublished-report", id=ref.id, state=state)
        check_attachments(bulletin)

    for schedule in valid.checked("schedule"):
        for activity in schedule.activities:
            _check_refs(activity.schools, "school", known["school"], problems, "schools")
            _check_refs([activity.zone], "zone", known["zone"], problems)
            _check_refs(activity.supervisors, "supervisor", known["supervisor"], problems, "supervisors")
            _check_refs(activity.reports, "report", known["report"], problems, "reports")
            for ref in activity.reports:
                report = all_reports.get(ref.id)
                if report is not None and report.visited.strftime("%Y-%m") != schedule.month:
                    problems.add(ref.pos, "schedule.report-month", id=activity.id, month=schedule.month,
                                 report=ref.id, visited=report.visited)

    for survey in valid.checked("survey"):
        for result in survey.results:
            _check_refs([result.school], "school", known["school"], problems)
            _check_refs([result.zone], "zone", known["zone"], problems)
    scopes: dict[tuple, Pos] = {}
    for record in valid.checked("complaints"):
        _check_refs([record.zone], "zone", known["zone"], problems)
        _check_refs([record.school], "school", known["school"], problems)
        school = schools.get(record.school.id) if record.school is not None else None
        if school is not None and record.zone is not None and str(school.zone) != record.zone.id:
            problems.add(record.school.pos, "complaints.school-zone", who=_called(school, school.id), zone=record.zone.id)
        scope = (record.month, str(record.zone or ""), str(record.school or ""))
        if scope in scopes:
            problems.add(record.pos, "complaints.duplicate", related=scopes[scope], month=record.month)
        scopes.setdefault(scope, record.pos)
        if config is not None:
            for name, listed in (("categories", config.complaint_categories), ("channels", config.complaint_channels)):
                ids = [item.id for item in listed]
                for count in getattr(record, name):
                    if count.key not in ids:
                        problems.add(count.pos, "complaints.unknown-key", field=name, id=count.key,
                                     suggestion=suggestion(count.key, ids), allowed=", ".join(ids))

    if config is None:
        return None

    zones = {z.id: z for z in recs["zone"]}
    supervisors = {s.id: s for s in recs["supervisor"]}
    schools = {s.id: s for s in recs["school"]}
    reports = {r.id: withheld(r) for r in recs["report"] if is_public(r, build_date)}
    bulletins = {b.id: withheld(b) for b in recs["bulletin"] if is_public(b, build_date)}
    # Only the attachments of public, not withdrawn records are published.
    attachments = {
        media_path(att.file): files[(pub.id, att.file)]
        for pub in (*reports.values(), *bulletins.values()) if not pub.is_withdrawn
        for att in (*pub.attachments, *(a for rect in getattr(pub, "rectifications", ()) for a in rect.attachments))
        if (pub.id, att.file) in files
    }

    school_reports: dict[str, list] = defaultdict(list)
    subject_reports: dict[str, list] = defaultdict(list)
    supervisor_reports: dict[str, list] = defaultdict(list)
    for report in reports.values():
        for ref in dict.fromkeys(str(s) for s in report.schools):
            school_reports[ref].append(report)
        for ref in dict.fromkeys(str(s) for s in report.subjects):
            subject_reports[ref].append(report)
        for ref in dict.fromkeys(str(s) for s in report.supervisors):
            supervisor_reports[ref].append(report)
    followed_up: dict[str, list] = defaultdict(list)
    for report in reports.values():
        if report.is_withdrawn:
            continue
        for rect in report.rectifications:
            if rect.followup is not None and rect.followup.id in reports:
                followed_up[rect.followup.id].append((report, rect))
    school_bulletins: dict[str, list] = defaultdict(list)
    report_bulletins: dict[str, list] = defaultdict(list)
    for bulletin in bulletins.values():
        for ref in dict.fromkeys(str(s) for s in bulletin.schools):
            school_bulletins[ref].append(bulletin)
        for ref in dict.fromkeys(str(r) for r in bulletin.reports):
            report_bulletins[ref].append(bulletin)
    supervisor_schools: dict[str, list] = defaultdict(list)
    zone_schools: dict[str, list] = defaultdict(list)
    predecessors: dict[str, list] = defaultdict(list)
    for school in schools.values():
        for ref in dict.fromkeys(str(s) for s in school.supervisors):
            supervisor_schools[ref].append(school)
        zone_schools[str(school.zone)].append(school)
        if school.successor is not None:
            predecessors[str(school.successor)].append(school)
    former_terms = {
        school.id: tuple(sorted(
            (FormerTerm(supervisors[term.supervisor.id], term.since or supervisors[term.supervisor.id].since,
                        term.until or supervisors[term.supervisor.id].until)
             for term in school.history if term.supervisor.id in supervisors),
            key=lambda t: (t.until or dt.date.max, t.since or dt.date.min), reverse=True))
        for school in schools.values() if school.history}
    zone_of_school = {school.id: str(school.zone) for school in schools.values()}
    zone_reports: dict[str, list] = defaultdict(list)
    for report in reports.values():
        for zone_id in dict.fromkeys(zone_of_school[str(s)] for s in report.schools if str(s) in zone_of_school):
            zone_reports[zone_id].append(report)
    zone_supervisors: dict[str, list] = defaultdict(list)
    for sup in supervisors.values():
        zone_supervisors[str(sup.zone)].append(sup)

    # Histories (a school's, a supervisor's) run by visit date; bulletins by publication.
    newest = lambda r: (-r.sort_date.toordinal(), r.id)  # noqa: E731
    latest_visit = lambda r: (-r.visited.toordinal(), r.id)  # noqa: E731
    by_id = lambda r: r.id  # noqa: E731
    by_name = lambda r: (name_key(r.name), r.id)  # noqa: E731
    by_kind = {"zone": zones, "supervisor": supervisors, "school": schools, "report": reports,
               "bulletin": bulletins, "page": {p.id: p for p in recs["page"]},
               "schedule": {s.id: s for s in recs["schedule"]}}
    by_kind |= {kind: {r.id: r for r in recs[kind]} for kind in KINDS if kind not in by_kind}
    maps = {kind: MappingProxyType(by_kind[kind]) for kind in KINDS}
    return Site(
        config=config,
        build_date=build_date,
        root=root,
        zones=maps["zone"],
        supervisors=maps["supervisor"],
        schools=maps["school"],
        reports=maps["report"],
        bulletins=maps["bulletin"],
        pages=maps["page"],
        schedules=maps["schedule"],
        records=MappingProxyType(maps),
        _school_reports=_freeze(school_reports, latest_visit),
        _subject_reports=_freeze(subject_reports, latest_visit),
        _school_bulletins=_freeze(school_bulletins, newest),
        _report_bulletins=_freeze(report_bulletins, newest),
        _supervisor_reports=_freeze(supervisor_reports, latest_visit),
        _supervisor_schools=_freeze(supervisor_schools, by_name),
        _zone_supervisors=_freeze(zone_supervisors, by_name),
        _zone_schools=_freeze(zone_schools, by_name),
        _zone_reports=MappingProxyType({k: tuple(sorted(v, key=lambda r: (r.visited, r.id), reverse=True))
                                        for k, v in sorted(zone_reports.items())}),
        _predecessors=_freeze(predecessors, by_id),
        _former_terms=MappingProxyType(former_terms),
        _followed_up=MappingProxyType({k: tuple(v) for k, v in followed_up.items()}),
        photos=MappingProxyType(photos),
        attachments=MappingProxyType(dict(sorted(attachments.items()))),
        unpublished=MappingProxyType({kind: MappingProxyType(states) for kind in ("report", "bulletin")
                                      if (states := unpublished_states(recs[kind], build_date))}),
    )
