"""Phase 4, plan: decide every page of the site, its address, template and title.

No two pages may claim one address (a page id equal to a school listing's
sub-address, say); a collision is reported with both places. Record pages are
kept out of the navigation and reached through the listing pages.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Callable, Mapping

from ..views import (accessibility, annual, complaints, dashboard, feeds, followup, listings, opendata, signs,
                     textfigures, worksched)
from ..views.rows import person
from . import contexts, linebreaks
from .contexts import LATEST_ON_SCHOOL_PAGE, SCHOOL_GROUPINGS, school_listing_url
from ..model import addresses, glossary
from ..model.diagnostics import Pos, Problems
from ..model.kinds import KINDS
from ..model.records import Publication
from ..model.i18n import Words
from ..sources.linking import Site

@dataclass(frozen=True)
class PlannedPage:
    url: str
    template: str
    title: str
    kind: str  # what the page shows: home, school, school-list, report, ... (also a CSS hook)
    origin: Pos | None = None  # the record file behind it, for collision reports
    context: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    nav_title: str | None = None  # set for the few pages in the navigation
    search_label: str | None = None  # what a search hit on this page is ("学校"); None: not indexed
    feed: str | None = None  # the Atom feed the page offers (`all`, `schools/<id>` …)
    feed_href: str | None = None  # its address, from the site's root
    feed_title: str | None = None  # its title
    heading: str = ""  # the title as its <h1> shows it, broken only between words (linebreaks)


@dataclass(frozen=True)
class SitePlan:
    pages: tuple[PlannedPage, ...]
    sign_codes: Mapping[str, signs.SignCode] = field(default_factory=lambda: MappingProxyType({}))
    # Worked out once, for the pages that show them and for the open data alike, by name: the
    # work schedule's months (worksched.MonthPlan), the year figures (annual.Figures), the
    # complaints' figures (complaints.Figures).
    figures: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def nav(self) -> tuple[PlannedPage, ...]:
        return tuple(p for p in self.pages if p.nav_title is not None)


def _page(url, template, title, kind, origin=None, nav_title=None, search_label=None, feed=None,
          **context) -> PlannedPage:
    """A page, with its heading as its <h1> shows it (worked out here: templates only display)."""
    return PlannedPage(url, template, title, kind, origin, MappingProxyType(context), nav_title, search_label, feed,
                       heading=linebreaks.heading(title))


# How search results name the record pages that are found by name (the header search says
# the same of the names it answers itself).
NAMED_KIND_WORDS = {"school": "school", "supervisor": "supervisor_col", "zone": "zone"}


def search_label(kind: str, record, t: Words) -> str | None:
    """How a search result names the kind of page it found; None for pages not indexed.

    Regular monthly reports are not indexed on their own pages: at city scale they are
    nine pages in ten, and every one names its school, which would make each search for a
    school download postings for tens of thousands of pages. Their titles and
    rectifications are indexed on the school's page, which is where a search should lead.
    """
    if kind == "report" and record.kind == "regular":
        return None
    if kind == "bulletin":
        return t.label("bulletin_kind", record.kind)
    if kind == "report":
        return t.label("report_kind", record.kind)
    return t(NAMED_KIND_WORDS.get(kind, "page_kind"))


def annual_title(figures, t: Words) -> str:
    period = figures.period
    if period.kind == "school_year":
        return t("annual_school_year", start=period.start.year, end=period.end.year)
    return t("annual_year", year=period.start.year)


def report_years(site: Site) -> list[int]:
    return sorted({r.sort_date.year for r in site.reports.values()}, reverse=True)


def _record_page(site: Site, kind, record, t: Words, in_text: Callable[[], textfigures.Figures],
                 problems: Problems) -> PlannedPage:
    """A record's own page. `in_text`: the figures a publication's text may name, asked for
    only by those that name any (working them out reads every report)."""
    title = record.name if hasattr(record, "name") else record.title
    if getattr(record, "is_withdrawn", False):  # said in its title, its tab's and its search hit's
        title = f"{title}（{t('withdrawn')}）"
    extra = {"has_history": contexts.needs_history_page(site, record)} if kind.name == "school" else {}
    if isinstance(record, Publication):  # its body with its figures filled in; None: as written
        extra["body"] = None
        if not record.is_withdrawn and (record.narrative or "{{" in record.body):
            textfigures.check(record.body, record.body_line, record.path, in_text(), problems, record.narrative)
        if not record.is_withdrawn and "{{" in record.body:
            extra["body"] = textfigures.fill(record.body, in_text())
    return _page(addresses.record(kind.name, record.id), kind.page_template, title, kind.name,
                 record.pos, search_label=search_label(kind.name, record, t),
                 feed=f"{kind.feed}/{record.id}" if kind.feed else None, record=record, **extra)


def _with_feed(site: Site, page: PlannedPage) -> PlannedPage:
    """The page with the address and title of the feed its head offers, if it offers one."""
    if page.feed is None:
        return page
    return replace(page, feed_href=addresses.feed(page.feed), feed_title=feeds.title_of(site, page.feed))


def record_pages(site: Site, urls, problems: Problems) -> tuple[PlannedPage, ...] | None:
    """The own pages of the records at `urls`, planned as `plan` plans them, without planning
    the rest of the site (the preview shows the pages open in a browser first); None where
    one of `urls` is not a record's own page."""
    t = Words(site.config.language)
    figures = functools.cache(lambda: textfigures.Figures(site, annual.compute(site)))
    found = []
    for url in urls:
        at = addresses.record_at(url)
        record = site.records[at[0]].get(at[1]) if at is not None else None
        if record is None:
            return None
        found.append(_with_feed(site, _record_page(site, KINDS[at[0]], record, t, figures, problems)))
    return tuple(found)


def plan(site: Site, problems: Problems) -> SitePlan:
    t = Words(site.config.language)
    pages: list[PlannedPage] = [
        _page(addresses.home(), "home.md.j2", site.config.site.title, "home", nav_title=t("home"), feed="all",
              **contexts.home(site, t)),
    ]
    for grouping in SCHOOL_GROUPINGS:
        pages.append(_page(school_listing_url(grouping), "school_list.md.j2", t("schools"), "school-list",
                           nav_title=t("schools") if grouping == "initial" else None,
                           **contexts.school_list(site, grouping, t)))
    current, former = contexts.supervisor_groups(site)
    current = tuple((zone, tuple((person(site, sup), count) for sup, count in serving)) for zone, serving in current)
    pages.append(_page(addresses.section("supervisors"), "supervisor_list.md.j2", t("supervisors"),
                       "supervisor-list", nav_title=t("supervisors"), groups=current, former=former))
    pages.append(_page(addresses.section("zones"), "zone_list.md.j2", t("zones"), "zone-list",
                       nav_title=t("zones"), rows=contexts.zone_rows(site)))
    pages.append(_page(addresses.section("reports"), "report_index.md.j2", t("reports"), "report-list",
                       nav_title=t("reports"), **contexts.report_index(site)))
    # A year's page is planned with its reports (its view groups them): it shows nothing else
    # of the reports, so an edit in one year leaves the other years' pages as they were.
    of_year = listings.reports_by_year(site)
    for year in report_years(site):
        pages.append(_page(addresses.listing("reports", str(year)), "report_year.md.j2",
                           t("year_reports", year=year), "report-list", year=year,
                           reports=of_year[year]))
    pages.append(_page(addresses.section("bulletins"), "bulletin_list.md.j2", t("bulletins"), "bulletin-list",
                       nav_title=t("bulletins"), feed="bulletins", **contexts.bulletin_list(site, t)))
    if site.records["subject"]:  # 督政: listed where an office has governments or departments on record
        pages.append(_page(addresses.section("subjects"), "subject_list.md.j2", t("subjects"), "subject-list",
                           nav_title=t("subjects"), **contexts.subject_list(site)))

    # Figures written into a bulletin's or a report's text ({{visits:2025-2026}}) are filled in
    # here, from the numbers /annual/ shows; a bulletin's or an annual report's figures written
    # as plain text are compared with them (`textfigures`).
    # The year's numbers are computed here, once: the pages only display them, and a text's
    # figures are taken from them.
    years = annual.compute(site)
    in_text = textfigures.Figures(site, years)
    for kind in KINDS.values():  # each record's page, for the kinds that have one
        if kind.page_template is None:
            continue
        for record in site.records[kind.name].values():
            pages.append(_record_page(site, kind, record, t, lambda: in_text, problems))
    # A history page for each school whose own page says it has one (worked out once, there).
    schools_with_history = [page.context["record"] for page in pages
                            if page.kind == "school" and page.context["has_history"]]
    for school in schools_with_history:
        pages.append(_page(addresses.school_history(school.id), "school_history.md.j2",
                           f"{school.name} · {t('history')}", "school-history", school.pos, record=school))
    for sup in site.supervisors.values():
        if len(site.reports_of_supervisor(sup)) > LATEST_ON_SCHOOL_PAGE:
            pages.append(_page(addresses.supervisor_history(sup.id), "supervisor_history.md.j2",
                               f"{sup.name} · {t('reports_written')}", "supervisor-history", sup.pos, record=sup))
    contact_page = site.pages.get("contact")
    for page in site.sorted_pages():
        if page is contact_page:
            continue
        pages.append(_page(addresses.record("page", page.id), "page.md.j2", page.title, "page", page.pos,
                           nav_title=page.title, search_label=t("page_kind"), record=page))
    pages.append(_page(addresses.contact(), "contact.md.j2", contact_page.title if contact_page else t("contact"),
                       "contact", contact_page.pos if contact_page else None, nav_title=t("contact"),
                       search_label=t("page_kind"), record=contact_page))
    pages.append(_page(addresses.search(), "search.md.j2", t("search"), "search"))
    # Not indexed: its explanations would answer searches meant for the records themselves.
    pages.append(_page(addresses.glossary(), "glossary.md.j2", t("glossary"), "glossary",
                       entries=tuple(glossary.entries(site.config.language))))
    pages.append(_page(addresses.data(""), "data.md.j2", t("open_data"), "data", nav_title=t("open_data"),
                       **contexts.data_page(site, opendata.described(site))))
    # Open rectifications: the district's, each zone's and each 责任督学's (of their schools),
    # each list in pages of a bounded size: nothing is left out.
    def open_list(kind, record, title, items, scope=None, note="", by_zone=()):
        shares = followup.OpenList.pages_of(items)
        links = tuple((share.number, addresses.rectifications(kind, record, share.number)) for share in shares)
        for share, (number, url) in zip(shares, links):
            pages.append(_page(url, "rectification_list.md.j2",
                               title if number == 1 else f"{title} · {t('page_n', n=number)}", "rectifications",
                               scope.pos if scope is not None else None,
                               **contexts.rectification_list(site, share, scope, note, by_zone if number == 1 else (),
                                                             links if len(links) > 1 else ())))

    open_now = followup.OpenByScope(site)
    by_zone = tuple((zone, followup.OpenList.of(open_now.of_zone(zone))) for zone in site.zones.values())
    open_list("", "", t("open_rects"), open_now.all, by_zone=by_zone)
    for zone in site.zones.values():
        open_list("zone", zone.id, f"{zone.name} · {t('open_rects')}", open_now.of_zone(zone), zone,
                  t("open_rects_scope_zone"))
    for sup in site.supervisors.values():
        if not site.is_former(sup):
            open_list("supervisor", sup.id, f"{sup.name} · {t('open_rects')}", open_now.of_supervisor(sup), sup,
                      t("open_rects_scope_supervisor", name=sup.name))
    plans = worksched.compute(site)
    pages.append(_page(addresses.dashboard(), "dashboard.md.j2", t("dashboard"), "dashboard", nav_title=t("dashboard"),
                       **contexts.dashboard(site, dashboard.compute(site), plans, dashboard.RECT_STATES, t),
                       plans_url=addresses.section("schedule")))
    pages.append(_page(addresses.section("schedule"), "schedule.md.j2", t("schedule"), "schedule", plans=plans))
    pages.append(_page(addresses.section("surveys"), "survey_list.md.j2", t("surveys"), "surveys",
                       **contexts.survey_list(site)))
    complaint_figures = complaints.compute(site)
    pages.append(_page(addresses.section("complaints"), "complaints.md.j2", t("complaints"), "complaints",
                       figures=complaint_figures))
    titled = lambda kind: tuple((f, annual_title(f, t)) for f in years if f.period.kind == kind)  # noqa: E731
    pages.append(_page(addresses.annual(), "annual_index.md.j2", t("annual"), "annual",
                       **contexts.annual_index(((t("annual_school_years"), "school-year", titled("school_year")),
                                                (t("annual_years"), "year", titled("year"))))))
    for figures in years:
        pages.append(_page(addresses.annual(figures.period.key), "annual.md.j2", annual_title(figures, t), "annual",
                           figures=figures))
    pages.append(_page(addresses.signs(), "sign_list.md.j2", t("signs"), "sign-list", **contexts.sign_list(site)))
    sign_codes = signs.codes(site)
    pages.append(_page(addresses.sign_print(), "sign_print.md.j2", t("sign_print_all"), "sign-print",
                       **contexts.sign_print(site, sign_codes)))
    for school in site.schools.values():
        if not school.is_closed:
            pages.append(_page(addresses.sign(school.id), "sign.md.j2", f"{t('signs')} · {school.name}", "sign",
                               school.pos, record=school, qr=sign_codes[school.id]))

    # Statements every government site carries, unless the office wrote its own as a free page.
    for key in ("privacy", "copyright"):
        if key not in site.pages:
            pages.append(_page(addresses.record("page", key), "statement.md.j2", t(key), "statement",
                               text=t(f"{key}_text", authority=site.config.site.authority)))
    pages.append(_page(addresses.record("page", "accessibility"), "accessibility.md.j2", t("a11y"), "statement",
                       audit=accessibility.summary()))
    # 网站地图: every page that is not one record's, in the order planned.
    def shown(page: PlannedPage) -> str:
        grouping = page.context.get("grouping")
        return f"{page.title} · {t('by_' + grouping)}" if grouping else page.title

    listed = tuple((shown(page), page.url) for page in pages
                   if page.origin is None or page.kind in ("page", "contact"))
    pages.append(_page(addresses.site_map(), "site_map.md.j2", t("site_map"), "site-map", entries=listed))

    # The feed a page's head offers, worked out here: templates only display.
    pages = [_with_feed(site, page) for page in pages]
    claimed: dict[str, PlannedPage] = {}
    kept: list[PlannedPage] = []
    for page in pages:
        other = claimed.get(page.url)
        if other is not None:
            where = page.origin or other.origin or Pos("site_config.yml")
            problems.add(where, "address.collision", url=page.url,
                         related=other.origin if page.origin else None)
            continue
        claimed[page.url] = page
        kept.append(page)
    return SitePlan(tuple(kept), sign_codes, MappingProxyType({"schedule": tuple(plans), "annual": tuple(years),
                                                               "complaints": complaint_figures}))
