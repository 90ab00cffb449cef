"""What each page shows, worked out from the site model before it is rendered (Pelican's
rule): plain values, tuples, records and the frozen rows of `views.rows`, with the addresses
its links go to. A template gets its page's context, the site's words and display filters,
never the model or a domain module. So a page's context says all that its Markdown depends
on (besides dudao's code and the configuration): the render cache keys a page on it.

Most list pages' contexts are planned with them (`planning.plan`). A record's page, one of
thousands, is planned with its record only, and a year's list of reports with its reports;
the rest of their contexts (`VIEWS`, by template) is worked out by the render phase's
workers, in parallel, page by page, as they look pages over."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from ..model import addresses
from ..model.collation import name_key
from ..model.i18n import Words
from ..sources.linking import Site
from ..views import charts, concern, followup, glance, listings, maps, rectfigures, signs, structured_data, surveys
from ..views.rows import people, person, rect_rows, report_rows, school_rows

# A school's and a supervisor's page show this many latest reports and closed
# rectifications; the rest are on their history pages, so a page stays small (under 40 KB)
# after years of monthly visits.
LATEST_ON_SCHOOL_PAGE = 12
LATEST_ON_ZONE_PAGE = 10
LATEST_ON_REPORTS_PAGE = 20
# The home page's lists: the latest bulletins and reports.
LATEST_BULLETINS_AT_HOME = 5
LATEST_REPORTS_AT_HOME = 8
SCHOOL_GROUPINGS = ("initial", "township", "type", "zone")


@dataclass(frozen=True)
class Places:
    """The addresses of the site's own pages that other pages link to, by name."""
    home: str = addresses.home()
    schools: str = addresses.section("schools")
    supervisors: str = addresses.section("supervisors")
    reports: str = addresses.section("reports")
    bulletins: str = addresses.section("bulletins")
    annual: str = addresses.annual()
    rectifications: str = addresses.rectifications()
    data: str = addresses.data("")
    dashboard: str = addresses.dashboard()
    signs: str = addresses.signs()
    sign_print: str = addresses.sign_print()
    contact: str = addresses.contact()
    subjects: str = addresses.section("subjects")
    surveys: str = addresses.section("surveys")
    complaints: str = addresses.section("complaints")


PLACES = Places()


def school_listing_url(grouping: str) -> str:
    return addresses.section("schools") if grouping == "initial" else addresses.listing("schools", f"by-{grouping}")


def school_tabs() -> tuple[tuple[str, str], ...]:
    """The school list's groupings, each with its page's address."""
    return tuple((grouping, school_listing_url(grouping)) for grouping in SCHOOL_GROUPINGS)


def needs_history_page(site: Site, school) -> bool:
    reports = site.reports_of_school(school)
    done = [rect for _, rect in site.rectifications_of_school(school) if rect.status == "done"]
    return len(reports) > LATEST_ON_SCHOOL_PAGE or len(done) > LATEST_ON_SCHOOL_PAGE


# The list pages, planned with their contexts.

def home(site: Site, t: Words) -> dict[str, Any]:
    return {
        "tabs": school_tabs(),
        "letters": tuple((group.anchor, group.heading) for group in listings.school_groups(site, "initial", t)),
        "school_count": len(site.schools),
        "supervisor_count": len(site.active_supervisors()),
        "report_count": len(site.reports),
        "open_count": len(site.open_rectifications()),
        "latest_bulletins": tuple(site.sorted_bulletins()[:LATEST_BULLETINS_AT_HOME]),
        "latest_reports": report_rows(site, site.sorted_reports()[:LATEST_REPORTS_AT_HOME]),
    }


def school_list(site: Site, grouping: str, t: Words) -> dict[str, Any]:
    return {"grouping": grouping, "tabs": school_tabs(), "school_count": len(site.schools),
            "groups": tuple(listings.Group(g.anchor, g.heading, school_rows(site, g.items))
                            for g in listings.school_groups(site, grouping, t))}


def zone_rows(site: Site) -> tuple:
    """The list of zones: each zone, its leader, how many supervisors serve in it now, and how
    many schools it has."""
    return tuple((zone, site.supervisor(zone.leader),
                  sum(1 for sup in site.supervisors_of_zone(zone) if not site.is_former(sup)),
                  len(site.schools_of_zone(zone))) for zone in site.sorted_zones())


def supervisor_groups(site: Site) -> tuple[tuple, tuple]:
    """The list of supervisors: each zone with its supervisors in office (each with how many
    schools they supervise), and the former supervisors by id."""
    current = []
    for zone in site.sorted_zones():
        serving = [sup for sup in site.supervisors_of_zone(zone) if not site.is_former(sup)]
        if serving:
            current.append((zone, tuple((sup, len(site.schools_of_supervisor(sup))) for sup in serving)))
    former = tuple(sorted((sup for sup in site.supervisors.values() if site.is_former(sup)), key=lambda s: s.id))
    return tuple(current), former


def report_index(site: Site) -> dict[str, Any]:
    table = listings.report_year_table(site)
    return {"kinds": listings.kinds_in(table),
            "table": tuple((year, addresses.listing("reports", str(year)), counts, total)
                           for year, counts, total in table),
            "latest": report_rows(site, site.sorted_reports()[:LATEST_ON_REPORTS_PAGE])}


def _report_year(site: Site, planned: Mapping[str, Any], t: Words) -> dict[str, Any]:
    """A year's reports by kind (planned with the year's reports)."""
    return {"groups": tuple(listings.Group(g.anchor, g.heading, report_rows(site, g.items))
                            for g in listings.by_kind(planned["reports"], t))}


def bulletin_list(site: Site, t: Words) -> dict[str, Any]:
    return {"groups": listings.by_kind(site.sorted_bulletins(), t)}


def sign_list(site: Site) -> dict[str, Any]:
    return {"rows": tuple((school, site.primary_supervisor(school), signs.state(site, school),
                           addresses.sign(school.id), addresses.sign_svg(school.id))
                          for school in sorted((s for s in site.schools.values() if not s.is_closed),
                                               key=lambda s: s.id))}


def sign_print(site: Site, codes) -> dict[str, Any]:
    return {"sheets": tuple((site.schools[school_id], person(site, site.primary_supervisor(site.schools[school_id])),
                             sign) for school_id, sign in codes.items())}


def rectification_list(site: Site, listed, scope=None, scope_note: str = "", by_zone=(), pages=()) -> dict[str, Any]:
    """A page of a list of open items; `pages`: the list's pages, (number, address) each."""
    return {"open": listed, "scope": scope, "scope_note": scope_note, "build_date": site.build_date,
            "scope_url": addresses.of(scope) if scope is not None else None, "pages": pages,
            "page_size": followup.LISTED_AT_MOST,
            "by_zone": tuple((zone, addresses.rectifications("zone", zone.id), zone_listed)
                             for zone, zone_listed in by_zone)}


def data_page(site: Site, datasets) -> dict[str, Any]:
    return {"datasets": tuple((dataset, addresses.data(f"{dataset.name}.json"), addresses.data(f"{dataset.name}.csv"),
                               addresses.data(f"schemas/{dataset.name}.schema.json")) for dataset in datasets)}


def annual_index(groups) -> dict[str, Any]:
    return {"groups": tuple((heading, anchor, tuple((f, title, addresses.annual(f.period.key)) for f, title in years))
                            for heading, anchor, years in groups)}


def dashboard(site: Site, d, plans, states, t: Words) -> dict[str, Any]:
    """The dashboard's figures, its charts drawn from them, and the records its rows name."""
    cov = d.coverage
    months = tuple(t.month(month.year, month.month) for month in cov.months)
    coverage = tuple(
        (zone,
         charts.heatmap(t("coverage_chart", zone=zone.zone_name), t("coverage_desc", n=len(zone.rows), m=len(cov.months)),
                        [(month.year, month.month, shown) for month, shown in zip(cov.months, months)],
                        [(row.school_name, row.visits) for row in zone.rows], cov.required),
         tuple((site.schools[row.school_id], row.visits) for row in zone.rows),
         tuple((shown, zone.missed(index)) for index, shown in enumerate(months)))
        for zone in cov.zones)
    labels = tuple((state, t(f"state_{state}")) for state in states)
    rects = tuple(
        (key, charts.stacked_bars(t("rect_stats") + " · " + t(key), t("rect_stats") + " · " + t(key), list(labels),
                                  [(row.label, row.counts) for row in rows]), tuple(rows) + (d.rect_total,))
        for key, rows in (("rect_by_zone", d.rect_by_zone), ("rect_by_item", d.rect_by_item)))
    return {
        "build_date": site.build_date, "cov": cov, "months": months, "coverage": coverage, "share": cov.share_covered(),
        "plans": tuple(plans[:12]),
        "supervisor_chart": charts.bars(t("supervisor_chart"), t("supervisor_chart"),
                                        [(row.name, row.visits_per_month) for row in d.supervisors]),
        "supervisors": tuple((site.supervisors[row.supervisor_id], row) for row in d.supervisors),
        "states": labels, "rects": rects,
        "timeliness_chart": charts.bars(t("timeliness_chart"), t("timeliness_hint"),
                                        [(t.label("report_kind", row.kind), row.median) for row in d.timeliness],
                                        t("days")),
        "timeliness": d.timeliness,
        "rates": (("", t("rect_rates_district"), d.rates_total),) + d.rates_by_zone,
        "cycle": glance.cycle(site),
    }


# A record's page: the rest of its context, worked out by the render workers.

def _school(site: Site, planned: Mapping[str, Any], t: Words) -> dict[str, Any]:
    """A school's page (planned with whether it has a history page, which is a page)."""
    school = planned["record"]
    zone = site.zone(school.zone)
    reports = site.reports_of_school(school)
    return {
        "glance": glance.of(site, school),
        "concern": concern.of_school(site, school, concern.message_qr(site)),
        "primary": person(site, site.primary_supervisor(school)),
        "zone": zone,
        "leader": site.supervisor(zone.leader) if zone else None,
        "others": tuple(site.all_of(school.supervisors[1:], "supervisor")),
        "successor": site.school(school.successor) if school.is_closed else None,
        "former": tuple(site.former_supervisors_of_school(school)),
        "latest_rects": rect_rows(site, site.latest_rectifications_of_school(school, LATEST_ON_SCHOOL_PAGE)),
        "reports": report_rows(site, reports[:LATEST_ON_SCHOOL_PAGE]),
        "report_count": len(reports),
        "sign_url": None if school.is_closed else addresses.sign(school.id),
        "history_url": addresses.school_history(school.id),
        "bulletins": tuple(site.bulletins_of_school(school)),
        "predecessors": tuple(site.predecessors(school)),
        "structured": structured_data.script(site, school),
    }


def _report(site: Site, planned: Mapping[str, Any], t: Words) -> dict[str, Any]:
    record = planned["record"]
    row = report_rows(site, (record,))[0]  # its schools and supervisors, as its lists show them
    return {
        "row": row,
        "findings": tuple(finding for finding in record.findings if not finding.is_empty),
        "rects": rect_rows(site, site.rectifications_of_report(record)),
        "verified": rect_rows(site, site.verified_by(record)),
        "bulletins": site.bulletins_of_report(record),
        "structured": structured_data.Script(record, structured_data.Office.of(site.config), about=row),
    }


def _bulletin(site: Site, planned: Mapping[str, Any], t: Words) -> dict[str, Any]:
    record = planned["record"]
    return {"schools": site.all_of(record.schools, "school"),
            "reports": report_rows(site, site.all_of(record.reports, "report"))}


def _supervisor(site: Site, planned: Mapping[str, Any], t: Words) -> dict[str, Any]:
    record = planned["record"]
    written = site.reports_of_supervisor(record)
    former = site.is_former(record)
    return {
        "person": person(site, record),
        "zone": site.zone(record.zone),
        "schools": tuple((s, s.supervisors[0].id == record.id) for s in site.schools_of_supervisor(record)),
        "rects_url": None if former else addresses.rectifications("supervisor", record.id),
        # of the schools they are the 责任督学 of; none for a former supervisor
        "rect_figures": None if former else rectfigures.of_schools(site, site.schools_answered_by(record)),
        "written": report_rows(site, written[:LATEST_ON_SCHOOL_PAGE]),
        "written_count": len(written),
        "history_url": addresses.supervisor_history(record.id),
        "structured": structured_data.script(site, record),
    }


def _zone(site: Site, planned: Mapping[str, Any], t: Words) -> dict[str, Any]:
    record = planned["record"]
    return {
        "leader": person(site, site.supervisor(record.leader)),
        "people": people(site, [sup for sup in site.supervisors_of_zone(record) if not site.is_former(sup)]),
        "schools": school_rows(site, site.schools_of_zone(record)),
        "rects_url": addresses.rectifications("zone", record.id),
        "map": maps.zone_map(site, record, t("zone_map", zone=record.name), t("zone_map_note"), t("near_km")),
        "rect_figures": rectfigures.of_schools(site, site.schools_of_zone(record)),
        "reports": report_rows(site, site.reports_of_zone(record)[:LATEST_ON_ZONE_PAGE]),
    }


def _subject(site: Site, planned: Mapping[str, Any], t: Words) -> dict[str, Any]:
    """督政: a government's or department's page, with its reports and their rectifications."""
    record = planned["record"]
    return {"reports": report_rows(site, site.reports_of_subject(record)),
            "rects": rect_rows(site, site.rectifications_of_subject(record))}


def _survey(site: Site, planned: Mapping[str, Any], t: Words) -> dict[str, Any]:
    """A survey's page: its shares, and its questions asked again in other years."""
    record = planned["record"]
    asked = {q.id for q in record.questions}
    return {"figures": surveys.figures(site, record),
            "trends": tuple(trend for trend in surveys.trends_of(site)
                            if trend.respondents == record.respondents and trend.question.id in asked)}


def survey_list(site: Site) -> dict[str, Any]:
    every = surveys.compute(site)
    return {"surveys": every, "trends": surveys.trends(every)}


def subject_list(site: Site) -> dict[str, Any]:
    """Every government and department of 督政, in the office's order, with its reports and its
    open rectifications counted."""
    subjects = sorted(site.records["subject"].values(), key=lambda s: (s.order if s.order is not None else 1 << 30,
                                                                      name_key(s.name), s.id))
    def still_open(subject) -> int:
        return sum(1 for _, x in site.rectifications_of_subject(subject) if x.status != "done")
    return {"rows": tuple((s, len(site.reports_of_subject(s)), still_open(s)) for s in subjects)}


def _school_history(site: Site, planned: Mapping[str, Any], t: Words) -> dict[str, Any]:
    record = planned["record"]
    return {"rects": rect_rows(site, site.rectifications_of_school(record)),
            "reports": report_rows(site, site.reports_of_school(record))}


def _supervisor_history(site: Site, planned: Mapping[str, Any], t: Words) -> dict[str, Any]:
    record = planned["record"]
    return {"reports": report_rows(site, site.reports_of_supervisor(record))}


def _sign(site: Site, planned: Mapping[str, Any], t: Words) -> dict[str, Any]:
    record = planned["record"]
    return {"sup": person(site, site.primary_supervisor(record)), "svg_url": addresses.sign_svg(record.id)}


# Template → the rest of its pages' contexts, from what they were planned with.
VIEWS: Mapping[str, Callable[[Site, Mapping[str, Any], Words], dict[str, Any]]] = {
    "report.md.j2": _report, "bulletin.md.j2": _bulletin, "supervisor.md.j2": _supervisor, "zone.md.j2": _zone,
    "school_history.md.j2": _school_history, "supervisor_history.md.j2": _supervisor_history,
    "sign.md.j2": _sign, "report_year.md.j2": _report_year, "school.md.j2": _school, "subject.md.j2": _subject,
    "survey.md.j2": _survey,
}


def of(page, site: Site, t: Words) -> Mapping[str, Any]:
    """A page's whole context: what it was planned with, and what its template's view adds."""
    view = VIEWS.get(page.template)
    if view is None:
        return page.context
    return {**page.context, **view(site, page.context, t)}
