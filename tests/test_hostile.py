"""A project with a payload in every text field (tests/hostile.py), built once: every page in
chromium runs none of it, and every output (HTML, Atom, the sitemap, JSON-LD, open data,
signs, the names file) carries each payload as the exact text written."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

import hostile
from conftest import build_ok, made_once
from generator.model.fieldtypes import ListOf, Markdown, Struct, Text, content_fields
from generator.model.kinds import KINDS
from generator.model.records import Config

P = hostile.payload


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return made_once(tmp_path_factory, "hostile", lambda folder: build_ok(hostile.write_project(folder / "project"))) \
        / "project"


@pytest.fixture(scope="module")
def site(project) -> Path:
    return project / "site"


# ---------------------------------------------------------------- the fixture covers every field

# Fields typed as text that are not shown as text: a file name, covered instead by an
# attachment whose name needs escaping in an address (hostile.ATTACHMENT).
NOT_SHOWN = {"report.attachments.file", "bulletin.attachments.file", "report.rectifications.attachments.file"}


def text_fields(cls: type, prefix: str) -> set[str]:
    found = set()
    for f in content_fields(cls):
        kind = f.metadata["type"]
        item = kind.item if isinstance(kind, ListOf) else kind
        if isinstance(item, Struct):
            found |= text_fields(item.cls, f"{prefix}.{f.name}")
        elif type(item) in (Text, Markdown):  # not the patterned ones (URL, phone …): they refuse markup
            found.add(f"{prefix}.{f.name}")
    return found


def paths_with_payload(value, prefix: str) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(paths_with_payload(v, f"{prefix}.{k}") for k, v in value.items()))
    if isinstance(value, list):
        return set().union(set(), *(paths_with_payload(v, prefix) for v in value))
    return {prefix} if isinstance(value, str) and hostile.MARK in value else set()


def test_every_text_field_of_every_kind_carries_a_payload(project):
    expected = text_fields(Config, "config")
    for kind, cls in ((kind.name, kind.record) for kind in KINDS.values()):
        expected |= text_fields(cls, kind) | ({f"{kind}.body"} if hasattr(cls, "body") else set())
    present = paths_with_payload(yaml.safe_load((project / "site_config.yml").read_text("utf-8")), "config")
    for path in sorted((project / "content").rglob("*.*")):
        kind = {k.folder: k.name for k in KINDS.values()}.get(path.relative_to(project / "content").parts[0])
        if kind is None or path.suffix not in (".yml", ".md"):
            continue
        text = path.read_text("utf-8")
        if path.suffix == ".md":
            _, front, body = text.split("---\n", 2)
            present |= paths_with_payload({**yaml.safe_load(front), "body": body}, kind)
        else:
            present |= paths_with_payload(yaml.safe_load(text), kind)
    assert expected - NOT_SHOWN <= present, sorted(expected - NOT_SHOWN - present)


# ---------------------------------------------------------------- the HTML as written

class Markup(HTMLParser):
    """What a page would run or follow: event attributes, script-bearing links, elements that
    embed or post, scripts, and the text of elements by tag."""

    OUR_FORMS = {"dd-search", "dd-finder", "dd-search-page", "md-search__form"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[str] = []
        self._script = None
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "data", "formaction", "xlink:href") and value \
                    and re.match(r"\s*(javascript|vbscript|data):", value, re.I) \
                    and not (tag == "img" and value.startswith("data:image/")):
                self.problems.append(f"<{tag} {name}={value[:40]}>")
        if tag in ("iframe", "object", "embed", "base"):
            self.problems.append(f"<{tag}>")
        if tag == "form" and not (set((a.get("class") or "").split()) | {a.get("id")}) & self.OUR_FORMS:
            self.problems.append(f"<form {a}>")
        if tag == "style" and a.get("id") != "dd-404":  # our own one
            self.problems.append("<style>")
        if tag == "meta" and a.get("name"):
            self.meta[a["name"]] = a.get("content", "")
        if tag == "script":
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def scan(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    return parser


def test_the_scanner_sees_markup_when_there_is_some():
    seen = scan('<p><img src=x onerror="x()"><a href="JavaScript:x()">a</a><iframe></iframe>'
                '<script>window.__pwned=1</script><form action="/x"></form><style></style></p>')
    assert len(seen.problems) == 5 and "__pwned" in seen.scripts[0]


def every_page(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def one_page_of_each_kind(site: Path) -> list[str]:
    """A page of every kind (its address with the record's id left out, as a key): every page
    is scanned as written above; in the browser one of each kind runs its scripts."""
    import re

    kinds: dict[str, str] = {}
    for path in every_page(site):
        url = path.relative_to(site).as_posix().removesuffix("index.html")
        parts = url.strip("/").split("/")
        key = "/".join(parts[:1] + ["*"] * (len(parts) - 1)) if parts[0] else ""
        key = re.sub(r"\d{4}", "YYYY", key)
        kinds.setdefault(key, url)
    return sorted(kinds.values())


def test_no_page_carries_markup_from_a_record(site):
    pages = every_page(site)
    assert len(pages) >= 40
    for path in pages:
        found = scan(path.read_text("utf-8"))
        assert not found.problems, (path, found.problems)
        assert not [s for s in found.scripts if "__pwned" in s and not s.lstrip().startswith("{")], path


def visible(html: str, selector_tag: str) -> list[str]:
    """The text of every `selector_tag` element, as a browser shows it."""
    texts, stack = [], []

    class Text(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == selector_tag:
                stack.append([])

        def handle_endtag(self, tag):
            if tag == selector_tag and stack:
                texts.append("".join(stack.pop()))

        def handle_data(self, data):
            for open_ in stack:
                open_.append(data)

    Text(convert_charrefs=True).feed(html)
    return texts


def test_payloads_arrive_as_the_text_written(site):
    school = (site / "schools" / "s1" / "index.html").read_text("utf-8")
    assert visible(school, "h1") == [P("school.name")]
    assert visible(school, "title")[0] == f"{P('school.name')} - {P('site.title')}"  # then the QR code's own
    assert scan(school).meta["description"] == P("site.description")
    assert scan(school).meta["author"] == P("site.authority")
    assert P("page.title") in [t.strip() for t in visible(school, "a")]  # the nav
    assert P("footer.icp") in [t.strip() for t in visible(school, "a")]
    assert P("contact.address") in " ".join(visible(school, "p"))
    assert P("school.township") in " ".join(visible(school, "p"))
    assert P("supervisor.name") in [t.strip() for t in visible(school, "a")]
    ordinary = (site / "schools" / "s2" / "index.html").read_text("utf-8")
    assert visible(ordinary, "h1") == ["A&B 学校 <示范校>"]
    report = (site / "reports" / "special-1" / "index.html").read_text("utf-8")
    for field in ("report.rectifications.issue", "report.rectifications.note", "report.corrections.note",
                  "report.topic", "report.rating", "report.attachments.title"):
        assert P(field) in " ".join(visible(report, "body")), field
    # a Markdown body is Markdown: rendered and sanitised, its text kept, its scripts dropped
    assert f"{hostile.MARK}:report.body" in " ".join(visible(report, "p"))


# ---------------------------------------------------------------- other outputs

def test_feeds_sitemap_and_signs_are_well_formed_xml_with_the_exact_text(site):
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = sorted((site / "feeds").rglob("*.xml"))
    assert feeds
    for path in feeds:
        ET.parse(path)
    entries = ET.parse(site / "feeds" / "all.xml").getroot().findall(f"{atom}entry")
    assert P("report.title") in [e.findtext(f"{atom}title") for e in entries]
    assert ET.parse(site / "feeds" / "all.xml").getroot().findtext(f"{atom}author/{atom}name") == P("site.authority")
    locs = [e.text for e in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith("https://example.cn/dudao-a/") for loc in locs)
    sign = ET.parse(site / "signs" / "s1.svg").getroot()
    texts = [t.text for t in sign.iter("{http://www.w3.org/2000/svg}text")]
    assert P("school.name") in texts and P("supervisor.name") in texts


def test_json_ld_blocks_parse_and_cannot_close_their_script(site):
    blocks = []
    for path in every_page(site):
        html = path.read_text("utf-8")
        for raw in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            assert "<" not in raw, path
            blocks.append(json.loads(raw))
    names = {b.get("name") for b in blocks}
    assert {P("school.name"), P("supervisor.name"), P("report.title")} <= names


def test_open_data_keeps_values_and_csv_never_starts_a_formula(site):
    schools = {s["id"]: s for s in json.loads((site / "data" / "schools.json").read_text("utf-8"))}
    assert schools["s1"]["name"] == P("school.name")
    checked = 0
    for path in sorted((site / "data").glob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
        for row in rows:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (path.name, cell[:40])
                checked += cell.startswith("'=HYPERLINK")
    assert checked > 10  # the formulas were there, and were written as text
    table = list(csv.DictReader(io.StringIO((site / "data" / "schools.csv").read_bytes().decode("utf-8-sig"))))
    assert {r["id"]: r["name"] for r in table}["s1"] == "'" + P("school.name")


def test_names_file_holds_names_as_written(site):
    data = json.loads((site / "assets" / "finder.json").read_text("utf-8"))
    flat = json.dumps(data, ensure_ascii=False)
    assert json.dumps(P("school.name"), ensure_ascii=False) in flat


# ---------------------------------------------------------------- in chromium

DETECT = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
      if (['href', 'src', 'action', 'formaction'].includes(a.name) && /^\\s*(javascript|vbscript):/i.test(a.value))
        bad.push(el.tagName + ' ' + a.name + '=' + a.value.slice(0, 30));
    }
  }
  return {pwned: window.__pwned === undefined ? null : String(window.__pwned), bad};
}"""


@pytest.fixture(scope="module")
def host(site):
    from browsing import Host

    served = Host(site, "/")
    yield served
    served.close()


def test_the_browser_check_sees_a_payload_that_runs(browser):
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_content('<img src=x onerror="window.__pwned=\'control\'"><a href="javascript:alert(1)">a</a>'
                     "<script>alert('control')</script>")
    page.wait_for_timeout(200)
    found = page.evaluate(DETECT)
    assert found["pwned"] == "control" and len(found["bad"]) == 2 and dialogs == ["control"]
    page.close()


def test_no_page_runs_a_payload_in_chromium(browser, host, site):
    from browsing import Visit, header_search

    v = Visit(browser, host)
    dialogs = []
    v.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        urls = one_page_of_each_kind(site)
        assert len(urls) >= 30
        for url in urls:
            v.open(url)
            found = v.page.evaluate(DETECT)
            assert found == {"pwned": None, "bad": []} and not dialogs, (url, found, dialogs)
        # the header search (names first, then the full-text index) and the search page show
        # names and excerpts that hold the payloads: as text
        v.open("")
        for query in ("示范校", "onerror", "PWN"):
            header_search(v, query)
            assert v.page.evaluate(DETECT) == {"pwned": None, "bad": []} and not dialogs, query
        assert "<示范校>" in v.page.inner_text("#dd-search-popup")
        for query in ("onerror", "script", "PWN report.body"):
            v.open("search/?q=" + query)
            v.page.wait_for_selector("#dd-search-page-results [role=status]")
            v.page.wait_for_timeout(300)
            assert v.page.evaluate(DETECT) == {"pwned": None, "bad": []} and not dialogs, query
        excerpts = v.page.locator(".dd-results__excerpt")
        assert excerpts.count() and "PWN" in excerpts.first.inner_text()
        # the school finder lists the hostile names as text
        v.open("schools/")
        v.page.wait_for_selector(".dd-finder:not([hidden])")
        v.page.fill("#dd-finder-q", "示范校")
        v.page.wait_for_timeout(300)
        assert "A&B 学校 <示范校>" in v.page.inner_text(".dd-finder__results")
        assert v.page.evaluate(DETECT) == {"pwned": None, "bad": []} and not dialogs
    finally:
        v.close()


def test_hostile_pages_stay_well_formed_with_every_link_inside(site):
    """Payloads in every field change no page's structure: strict HTML5, unique ids, no
    internal link that leads nowhere."""
    from test_html import SiteLinks

    links = SiteLinks(site)
    assert len(links.ids) > 20
    assert links.errors == {}
    assert links.duplicate_ids == {}
    # The payloads' own `<img src=x …>` survive sanitising as images of a missing file "x":
    # seen by the check (so it reads bodies), and the only links that lead nowhere.
    payload_images = [b for b in links.broken() if b.split(": ", 1)[1].startswith("x → ")]
    assert payload_images
    assert [b for b in links.broken() if b not in payload_images] == []
