"""Atom feeds (RFC 4287), made from the site model: every publication, the bulletins, and
one per school and per zone, so a parent can subscribe to their school.

Entry ids are UUIDs derived from the publisher and the record's id: they never change,
not even when `site.url` is set or changed later. Links are absolute when `site.url` is
set and relative to the feed file otherwise.
"""

from __future__ import annotations

import datetime as dt
import heapq
import uuid
from dataclasses import dataclass

from ..model import addresses
from ..model.i18n import Words
from ..sources.linking import Site
from ..model.records import Report

LATEST = 100  # entries in a feed: feed readers need the recent ones, not the archive
CST = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True)
class Feed:
    name: str  # all, bulletins, schools/<id>, zones/<id>
    title: str
    page: str  # the HTML page the feed belongs to
    items: tuple  # reports and bulletins, newest first

    @property
    def path(self) -> str:
        return addresses.feed(self.name)


def stamp(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(0, 0), CST).isoformat()


def entry_id(site: Site, record) -> str:
    kind = "report" if isinstance(record, Report) else "bulletin"
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"dudao:{site.config.site.authority}:{kind}:{record.id}"))


def updated(record) -> dt.date:
    dates = [record.sort_date] + [c.date for c in getattr(record, "corrections", ())]
    return max(dates)


def newest(items, order: dict[int, tuple]) -> tuple:
    """The latest `LATEST` of `items`, latest first. `order`: each record's place, by identity
    (`feeds_of` works it out once for the records of all feeds)."""
    return tuple(heapq.nlargest(LATEST, items, key=lambda r: order[id(r)]))


def title_of(site: Site, name: str) -> str:
    """A feed's title, from its name: `all`, `bulletins`, `schools/<id>`, `zones/<id>`."""
    t = Words(site.config.language)
    if name == "all":
        return f"{site.config.site.title} · {t('feed_all')}"
    if name == "bulletins":
        return f"{site.config.site.title} · {t('bulletins')}"
    kind, record_id = name.split("/")
    record = site.schools[record_id] if kind == "schools" else site.zones[record_id]
    return f"{record.name} · {t('feed_all')}"


def _distinct(*groups) -> list:
    return list({id(record): record for group in groups for record in group}.values())


def feeds_of(site: Site) -> tuple[Feed, ...]:
    publications = (*site.reports.values(), *site.bulletins.values())
    # A record is in several feeds (the district's, its schools', its zone's): its place once.
    order = {id(r): (updated(r), r.id) for r in publications}
    found = [
        Feed("all", title_of(site, "all"), addresses.home(), newest(publications, order)),
        Feed("bulletins", title_of(site, "bulletins"), addresses.section("bulletins"),
             newest(site.bulletins.values(), order)),
    ]
    # Gathered by identity: a set of records would hash every field of each.
    for school in sorted(site.schools.values(), key=lambda s: s.id):
        items = _distinct(site.reports_of_school(school), site.bulletins_of_school(school))
        name = f"schools/{school.id}"
        found.append(Feed(name, title_of(site, name), addresses.of(school), newest(items, order)))
    for zone in site.sorted_zones():
        items = _distinct(site.reports_of_zone(zone), *(site.bulletins_of_school(s) for s in site.schools_of_zone(zone)))
        name = f"zones/{zone.id}"
        found.append(Feed(name, title_of(site, name), addresses.of(zone), newest(items, order)))
    return tuple(found)


def link(site: Site, feed: Feed, target: str) -> str:
    return addresses.absolute(site.config.site.url, target) or addresses.href(feed.path, target)


def summary(site: Site, record, t: Words) -> str:
    if isinstance(record, Report):
        schools = "、".join(s.name for s in site.all_of(record.schools, "school"))
        parts = [t.label("report_kind", record.kind), schools, f"{t('visited')} {t.date(record.visited)}"]
        if record.topic:
            parts.append(f"{t('topic')} {record.topic}")
        if record.rating:
            parts.append(f"{t('rating')} {record.rating}")
    else:
        parts = [t.label("bulletin_kind", record.kind), record.number or ""]
    if record.is_withdrawn:
        when = f" {t.date(record.withdrawn_on)}" if record.withdrawn_on else ""
        parts.append(f"{t('withdrawn')}{when}：{record.withdrawn_reason}")
    return " · ".join(p for p in parts if p)


def render_feed(site: Site, feed: Feed) -> str:
    from xml.sax.saxutils import escape, quoteattr  # here: it imports urllib.request, on the path of every build

    t = Words(site.config.language)
    lang = site.config.language
    feed_updated = max((updated(r) for r in feed.items), default=site.build_date)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(lang)}>',
           f"  <id>urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'dudao:{site.config.site.authority}:feed:{feed.name}')}</id>",
           f"  <title>{escape(feed.title)}</title>",
           f"  <updated>{stamp(feed_updated)}</updated>",
           f"  <author><name>{escape(site.config.site.authority)}</name></author>",
           f'  <link rel="self" type="application/atom+xml" href={quoteattr(link(site, feed, feed.path))}/>',
           f'  <link rel="alternate" type="text/html" href={quoteattr(link(site, feed, feed.page))}/>',
           "  <generator>dudao</generator>"]
    for record in feed.items:
        kind_group, kind = ("report_kind", record.kind) if isinstance(record, Report) else ("bulletin_kind", record.kind)
        title = record.title + (f"（{t('withdrawn')}）" if record.is_withdrawn else "")
        out += ["  <entry>",
                f"    <id>{entry_id(site, record)}</id>",
                f"    <title>{escape(title)}</title>",
                f"    <published>{stamp(record.sort_date)}</published>",
                f"    <updated>{stamp(updated(record))}</updated>",
                f'    <link rel="alternate" type="text/html" href={quoteattr(link(site, feed, addresses.of(record)))}/>',
                f'    <category term={quoteattr(kind)} label={quoteattr(t.label(kind_group, kind))}/>',
                f"    <summary>{escape(summary(site, record, t))}</summary>",
                "  </entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"
