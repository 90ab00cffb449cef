"""The full-text index: what the header search and the search page find beyond names
(reports, bulletins, topics such as 食堂 整改, 文号, free pages), written from the model.

Every page the plan marks as found by search (`PlannedPage.search_label`) is one document:
its title, the names it is found by (a school's former names, a supervisor's phone, a
bulletin's 文号) and the text the page shows of its record. The index's keys are each
letter, digit or Chinese character, and each pair of neighbours within a run of them
(清溪实验 → 清 溪 实 验 清溪 溪实 实验): any part of a name or a sentence is found, however
a segmenter would have cut it, and a query of two characters reads one key.

The keys are spread over `shards` files by a hash the browser computes too, so a query
fetches one small file per key (about a kilobyte at a city's size) and then the documents
it shows; never the whole index. The browser's code (theme/assets/javascripts/dudao.js)
mirrors `keys()` and `shard_of()`; a browser test holds the two to the same answers.

Files, under `assets/search/`:
- `meta.json`: `{"v": 1, "shards": N, "docs": D}`;
- `k/<n>.json`: for each key in shard n, `[all, titles]`: the documents containing it, and
  those whose title or names contain it, as gaps between ascending numbers (`[3, 1, 1]` is
  3, 4, 5): long lists of neighbouring numbers compress to almost nothing;
- `d/<n>.json`: document n: `{"u": address, "k": what it is, "t": title, "x": text}`.
Documents are numbered in the order results are listed when nothing else tells them apart:
reports and bulletins newest first, then schools, supervisors, zones and pages.
"""

from __future__ import annotations

import json
import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from ..model.fieldtypes import content_fields
from ..model.i18n import Words
from ..sources.linking import Site
from ..model.records import Bulletin, Page, Report, School, Supervisor, Zone
from ..pages import contexts
from ..pages.planning import PlannedPage, SitePlan
from ..pages.rendering import render_markdown

FOLDER = "assets/search"
VERSION = 1
# Shards are made many enough that each holds about this many keys, or list entries: a
# query's file is then about a kilobyte once compressed, at a district's size or a city's.
KEYS_PER_SHARD = 48
ENTRIES_PER_SHARD = 4096
MAX_SHARDS = 4096

_RUN = re.compile(r"[^\W_]+")  # letters and digits of any script: Unicode L* and N*


def normal(text: str) -> str:
    """As the index reads text: NFKC (full-width ８ is 8), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def keys(text: str) -> set[str]:
    """The index's keys of `text`: each character of a run of letters or digits, and each
    pair of neighbours in it."""
    found: set[str] = set()
    for run in _RUN.findall(normal(text)):
        found.update(run)
        found.update(run[i:i + 2] for i in range(len(run) - 1))
    return found


def shard_of(key: str, shards: int) -> int:
    """FNV-1a (32 bits) of the key's UTF-8 bytes, modulo the number of shards."""
    h = 0x811C9DC5
    for byte in key.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h % shards


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")


def plain(markdown_text: str | None) -> str:
    """The words of a record's Markdown, as its page shows them, without markup."""
    if not markdown_text or not markdown_text.strip():
        return ""
    reader = _Text()
    reader.feed(str(render_markdown(markdown_text, "")))
    reader.close()
    return " ".join("".join(reader.parts).split())


@dataclass(frozen=True)
class Document:
    url: str  # the page's address, from the site's root
    kind: str  # what a hit on it is ("学校", "专项督导" …): the plan's search label
    title: str
    names: tuple[str, ...]  # what it is also found by, ranked with the title
    text: str


def _join(*parts) -> str:
    return " ".join(str(p) for p in parts if p)


def _facts(rows) -> str:
    """A page's facts as its list reads aloud: 电话：0512-60011000；地址：…；"""
    return "".join(f"{label}：{value}；" for label, value in rows if value)


def _attachments(publication) -> list[str]:
    return [a.title or a.file for a in publication.attachments]


def _rect(t: Words, rect) -> str:
    return _join(rect.issue, rect.note, t.label("rect_status", rect.status), rect.requirement)


def _school(site: Site, t: Words, page: PlannedPage, school: School) -> tuple[tuple, str]:
    c = contexts.of(page, site, t)  # what the school's page shows
    people = [p for p in (c["primary"].sup if c["primary"] else None, *c["others"]) if p]
    rects = [_rect(t, row.rect) for row in c["latest_rects"]]
    liaison = school.liaison
    facts = _facts([
        (t("school_code"), school.code), (t("address"), school.address), (t("principal"), school.principal),
        (t("phone"), school.phone), (t("website"), school.website), (t("sign_no"), school.sign_no),
        (t("liaison"), _join(liaison.name, liaison.title, liaison.phone) if liaison else None)])
    return (school.aliases, _join(
        t.label("school_type", school.type), school.township, c["zone"].name if c["zone"] else "",
        *(p.name for p in people), *(row.report.title for row in c["reports"]), *rects,
        *(b.title for b in c["bulletins"]), facts))


def _supervisor(site: Site, t: Words, page: PlannedPage, sup: Supervisor) -> tuple[tuple, str]:
    zone = site.zone(sup.zone)
    facts = _facts([(t("zone"), zone.name if zone else None), (t("role"), sup.role), (t("position"), sup.position),
                    (t("certificate"), sup.certificate), (t("email"), sup.email)])
    return ((sup.phone,), _join(facts, plain(sup.bio), *(s.name for s in site.schools_of_supervisor(sup))))


def _zone(site: Site, t: Words, page: PlannedPage, zone: Zone) -> tuple[tuple, str]:
    leader = site.supervisor(zone.leader)
    return ((), _join(plain(zone.description), leader.name if leader else "",
                      *(p.name for p in site.supervisors_of_zone(zone) if not site.is_former(p)),
                      *(s.name for s in site.schools_of_zone(zone))))


def _report(site: Site, t: Words, page: PlannedPage, report: Report) -> tuple[tuple, str]:
    about = _facts([
        (t("kind"), t.label("report_kind", report.kind)),
        (t("school"), "、".join(s.name for s in site.all_of(report.schools, "school"))),
        (t("subjects"), "、".join(s.name for s in site.all_of(report.subjects, "subject"))),
        (t("supervisor_col"), "、".join(p.name for p in site.all_of(report.supervisors, "supervisor"))),
        (t("topic"), report.topic), (t("rating"), report.rating)])
    if report.is_withdrawn:  # its page shows the notice, not the report
        return ((), _join(about, report.withdrawn_reason))
    findings = [_join(site.config.checklist_name(f.item.id), plain(f.highlights), plain(f.problems),
                      plain(f.suggestions)) for f in report.findings]
    rects = [_rect(t, rect) for _, rect in site.rectifications_of_report(report)]
    return ((), _join(about, *(c.note for c in report.corrections), *findings, *rects,
                      plain(page.context.get("body") or report.body),
                      *_attachments(report), *(b.title for b in site.bulletins_of_report(report))))


def _bulletin(site: Site, t: Words, page: PlannedPage, bulletin: Bulletin) -> tuple[tuple, str]:
    names = (bulletin.number,) if bulletin.number else ()
    if bulletin.is_withdrawn:
        return (names, _join(t.label("bulletin_kind", bulletin.kind), bulletin.withdrawn_reason))
    return (names, _join(t.label("bulletin_kind", bulletin.kind), plain(page.context.get("body") or bulletin.body),
                         *(s.name for s in site.all_of(bulletin.schools, "school")),
                         *(r.title for r in site.all_of(bulletin.reports, "report")), *_attachments(bulletin)))


def _page(site: Site, t: Words, page: PlannedPage, record: Page | None) -> tuple[tuple, str]:
    if page.kind != "contact":
        return ((), plain(record.body) if record else "")
    contact = site.config.contact
    channels = [_join(c.label, c.phone, c.note) for c in contact.others]
    return ((), _join(plain(record.body) if record else "", site.config.site.authority, contact.hotline,
                      contact.email, contact.address, contact.office_hours, *channels))


def _record(site: Site, t: Words, page: PlannedPage, record) -> tuple[tuple, str]:
    """A record of a kind registered without words of its own for search: its texts and body."""
    texts = [value for field in content_fields(type(record))
             if isinstance(value := getattr(record, field.name), str)]
    return ((), _join(*texts, plain(getattr(record, "body", ""))))


# One place says what each kind of page gives search (a record page of another kind: `_record`).
_TEXT_OF = {"school": _school, "supervisor": _supervisor, "zone": _zone, "report": _report,
            "bulletin": _bulletin, "page": _page, "contact": _page}
_ORDER = {"report": 0, "bulletin": 0, "school": 1, "supervisor": 2, "zone": 3, "page": 4, "contact": 4}
_OTHER_ORDER = 4


def documents(site: Site, plan: SitePlan) -> list[Document]:
    t = Words(site.config.language)
    found = [page for page in plan.pages if page.search_label is not None]
    unknown = {page.kind for page in found if page.context.get("record") is None} - _TEXT_OF.keys()
    assert not unknown, f"no search text for pages of kind {unknown}"

    def rank(numbered):
        n, page = numbered
        record = page.context.get("record")
        newest = getattr(record, "sort_date", None)
        return (_ORDER.get(page.kind, _OTHER_ORDER), -newest.toordinal() if newest else 0, n)

    docs = []
    for _, page in sorted(enumerate(found), key=rank):
        names, text = _TEXT_OF.get(page.kind, _record)(site, t, page, page.context.get("record"))
        docs.append(Document(page.url, page.search_label, page.title, tuple(n for n in names if n), text))
    return docs


def _gaps(numbers) -> list[int]:
    return [n - (numbers[i - 1] if i else 0) for i, n in enumerate(numbers)]


def shard_count(key_count: int, entry_count: int) -> int:
    n = 1
    while (n * KEYS_PER_SHARD < key_count or n * ENTRIES_PER_SHARD < entry_count) and n < MAX_SHARDS:
        n *= 2
    return n


def files(site: Site, plan: SitePlan) -> Iterator[tuple[str, str]]:
    """The index's files, (path, text), one at a time: at a city's size the lists hold over a
    million numbers, kept as 4-byte arrays, and no file waits in memory for the others."""
    docs = documents(site, plan)
    everywhere: dict[str, array] = {}
    in_titles: dict[str, array] = {}
    for n, doc in enumerate(docs):
        named = keys(" ".join((doc.title, *doc.names)))
        for key in named | keys(doc.text):
            everywhere.setdefault(key, array("I")).append(n)
        for key in named:
            in_titles.setdefault(key, array("I")).append(n)
    shards = shard_count(len(everywhere), sum(map(len, everywhere.values())) + sum(map(len, in_titles.values())))
    spread: list[list[str]] = [[] for _ in range(shards)]
    for key in sorted(everywhere):
        spread[shard_of(key, shards)].append(key)

    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    yield f"{FOLDER}/meta.json", dump({"v": VERSION, "shards": shards, "docs": len(docs)})
    for n, shard_keys in enumerate(spread):
        yield f"{FOLDER}/k/{n}.json", dump({key: [_gaps(everywhere[key]), _gaps(in_titles.get(key, ()))]
                                            for key in shard_keys})
    for n, doc in enumerate(docs):
        yield f"{FOLDER}/d/{n}.json", dump({"u": doc.url, "k": doc.kind, "t": doc.title, "n": list(doc.names),
                                            "x": doc.text})
