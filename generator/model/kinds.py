"""The kinds of record, each registered once (`register`): what every other module asks of a
kind (its class, where its files are, whether it has a body, what it is called, where the
pages are, its page's template and its feed) is read from here, never listed again.
"""

from __future__ import annotations

from dataclasses import dataclass

from .records import Bulletin, Page, Report, Schedule, School, Supervisor, Zone


@dataclass(frozen=True)
class Kind:
    name: str  # in files and code: "school"
    record: type  # its dataclass (`records`), each field declared with its type
    folder: str  # its files' folder under content/ (at any depth below it)
    suffix: str  # its files' suffix
    body: bool  # a Markdown body after the YAML front matter
    title: str  # what the office calls it (the schema's title, the command line's word)
    section: str | None = None  # its records' pages are at /<section>/<id>/; None: at the top
    page_template: str | None = None  # each record's page, or None when it has none of its own
    feed: str | None = None  # the folder of each record's Atom feed under feeds/, or None


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind; the order of registration is the order kinds are read and listed in."""
    if kind.name in KINDS:
        raise ValueError(f"the kind {kind.name!r} is registered already")
    KINDS[kind.name] = kind
    return kind


def record_class(kind: str) -> type:
    return KINDS[kind].record


def unregister(name: str) -> None:
    """Take a kind away again (a test's own)."""
    del KINDS[name]


# Records may be sorted into subfolders at any depth (schools by zone, reports by year); ids are
# unique per kind. The order here is the order record pages are planned in.
register(Kind("school", School, "schools", ".yml", False, "学校", "schools", "school.md.j2", "schools"))
register(Kind("supervisor", Supervisor, "supervisors", ".yml", False, "责任督学", "supervisors", "supervisor.md.j2"))
register(Kind("zone", Zone, "zones", ".yml", False, "督学责任区", "zones", "zone.md.j2", "zones"))
register(Kind("report", Report, "reports", ".md", True, "督导报告", "reports", "report.md.j2"))
register(Kind("bulletin", Bulletin, "bulletins", ".md", True, "通报公报", "bulletins", "bulletin.md.j2"))
register(Kind("page", Page, "pages", ".md", True, "页面", None))  # its page is planned apart: in the nav
register(Kind("schedule", Schedule, "schedule", ".yml", False, "工作安排表"))  # on /schedule/, all months
