"""Beyond pages: Atom feeds, open data with schemas, JSON-LD, sitemap and robots.txt, and
the signs with QR codes decoded by a real decoder."""

from __future__ import annotations

import csv
import io
import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import jsonschema
import pytest

from conftest import (PUBLIC_BULLETINS, PUBLIC_REPORTS, REPORTS, ROOT, SCHOOLS, SUPERVISORS, ZONES, copy_project,
                      run_dudao)

ATOM = "{http://www.w3.org/2005/Atom}"
URL = "https://dudao.qingxi.example.cn/"


@pytest.fixture(scope="module")
def relative_site(bare_site) -> Path:
    """The demo built without `site.url`."""
    return bare_site


# ---------------------------------------------------------------- feeds

def check_atom(path: Path) -> ET.Element:
    """RFC 4287's requirements, checked one by one, and a real feed parser's verdict."""
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, (path, required)
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
    assert stamp.match(root.findtext(f"{ATOM}updated"))
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), (path, required)
        assert stamp.match(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids))
    return root


def entries(root: ET.Element) -> dict[str, str]:
    return {e.findtext(f"{ATOM}title"): e.find(f"{ATOM}link[@rel='alternate']").get("href")
            for e in root.findall(f"{ATOM}entry")}


def test_every_feed_is_valid_atom(demo_site):
    feeds = sorted((demo_site / "feeds").rglob("*.xml"))
    assert len(feeds) == 2 + len(SCHOOLS) + len(ZONES)
    for path in feeds:
        check_atom(path)


def test_school_feed_lists_the_schools_publications(demo_site):
    root = check_atom(demo_site / "feeds/schools/qs-zhongxin-xx.xml")
    listed = entries(root)
    mine = [r["title"] for r in PUBLIC_REPORTS.values() if "qs-zhongxin-xx" in r.get("schools", ())]
    mine += [b["title"] for b in PUBLIC_BULLETINS.values() if "qs-zhongxin-xx" in b.get("schools", [])]
    assert sorted(t.replace("（已撤回）", "") for t in listed) == sorted(mine)
    # absolute links, because site.url is set
    assert all(href.startswith(URL) for href in listed.values())
    assert listed["清溪区2026年第一期教育督导公报"] == URL + "bulletins/bulletin-2026-1/"


def test_feed_links_are_relative_without_a_site_url_and_ids_do_not_change(demo_site, relative_site):
    with_url = check_atom(demo_site / "feeds/all.xml")
    without = check_atom(relative_site / "feeds/all.xml")
    ids = lambda root: [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]  # noqa: E731
    assert ids(with_url) == ids(without) and ids(with_url)
    for title, href in entries(without).items():
        assert not href.startswith(("http", "/")), href
        target = (relative_site / "feeds" / href / "index.html").resolve()
        assert target.is_file(), (title, href)
    assert len(entries(with_url)) == min(100, len(PUBLIC_REPORTS) + len(PUBLIC_BULLETINS))


def test_feeds_are_discoverable_and_offered(page):
    for url, feed in (("", "feeds/all.xml"), ("bulletins/", "feeds/bulletins.xml"),
                      ("schools/qx-shiyan/", "feeds/schools/qx-shiyan.xml"), ("zones/zone-1/", "feeds/zones/zone-1.xml")):
        view = page(url)
        link = re.search(r'<link rel="alternate feed" type="application/atom\+xml" title="[^"]+" href="([^"]+)"', view.html)
        assert link and view.resolve(link.group(1)) == feed, url
        assert view.resolve(view.link_to("订阅更新")) == feed


# ---------------------------------------------------------------- open data

DATASETS = ("zones", "supervisors", "schools", "terms", "reports", "bulletins")


def rows_of(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark"
    assert b"\r\n" in data
    return list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"))))


def test_open_data_validates_against_its_schemas(demo_site):
    for name in DATASETS:
        data = json.loads((demo_site / f"data/{name}.json").read_text(encoding="utf-8"))
        schema = json.loads((demo_site / f"data/schemas/{name}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
        assert len(rows_of(demo_site / f"data/{name}.csv")) == len(data)


def test_open_data_matches_the_records_and_the_pages(demo_site, page):
    schools = {r["id"]: r for r in json.loads((demo_site / "data/schools.json").read_text(encoding="utf-8"))}
    assert set(schools) == set(SCHOOLS)
    for sid, row in schools.items():
        assert row["name"] == SCHOOLS[sid]["name"]
        assert row["supervisor"] == SCHOOLS[sid]["supervisors"][0]
        assert row["url"] == URL + f"schools/{sid}/"
    sign = page("schools/qx-shiyan/")
    assert schools["qx-shiyan"]["supervisor_name"] in sign.text and schools["qx-shiyan"]["code"] in sign.text
    reports = {r["id"]: r for r in json.loads((demo_site / "data/reports.json").read_text(encoding="utf-8"))}
    assert set(reports) == set(PUBLIC_REPORTS)
    canteen = reports["special-2026-canteen"]
    assert len(canteen["rectifications"]) == len(REPORTS["special-2026-canteen"]["rectifications"])
    overdue_page = page("reports/special-2026-canteen/").text.count("已逾期")
    assert sum(1 for x in canteen["rectifications"] if x["overdue"]) == overdue_page
    withdrawn = reports["qx-hexi-xx-2026-03"]
    assert withdrawn["status"] == "withdrawn" and withdrawn["findings"] == [] and withdrawn["withdrawn_reason"]
    rect_rows = rows_of(demo_site / "data/rectifications.csv")
    assert len(rect_rows) == sum(len(r["rectifications"]) for r in reports.values())
    supervisors = json.loads((demo_site / "data/supervisors.json").read_text(encoding="utf-8"))
    assert {s["id"] for s in supervisors} == set(SUPERVISORS)
    assert all(set(s) >= {"name", "phone"} and "mobile" not in s and "home_address" not in s for s in supervisors)


def test_data_page_explains_every_column(demo_site, page):
    guide = page("data/")
    for name in DATASETS + ("findings", "rectifications", "corrections"):
        header = (demo_site / f"data/{name}.csv").read_bytes()[3:].split(b"\r\n")[0].decode("utf-8").split(",")
        # Compared as a reader sees it: names are written with character references in the source.
        section = html.unescape(guide.html.split(f'id="{name}"')[1].split("</section>")[0])
        for column in header:
            assert f"<code>{column}</code>" in section, (name, column)
        assert guide.resolve(f"{name}.csv") == f"data/{name}.csv"


def test_json_ld_on_record_pages(page):
    for url, kind in (("schools/qx-shiyan/", "ElementarySchool"), ("supervisors/lu-qinghe/", "Person"),
                      ("reports/special-2026-canteen/", "Report")):
        view = page(url)
        [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', view.html, re.S)
        data = json.loads(block)
        assert data["@context"] == "https://schema.org" and data["@type"] == kind
        assert data["url"] == URL + url


def test_sitemap_and_robots(demo_site, relative_site):
    tree = ET.parse(demo_site / "sitemap.xml").getroot()
    locs = {e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert URL + "schools/qx-shiyan/" in locs and URL + "reports/special-2026-canteen/" in locs
    assert all(loc.startswith(URL) for loc in locs)
    assert not any("afterschool" in loc or "draft" in loc for loc in locs)
    assert not (demo_site / "sitemap.xml.gz").exists()
    assert (demo_site / "robots.txt").read_text(encoding="utf-8") == f"User-agent: *\nAllow: /\nSitemap: {URL}sitemap.xml\n"
    assert not (relative_site / "sitemap.xml").exists()
    assert "Sitemap" not in (relative_site / "robots.txt").read_text(encoding="utf-8")


# ---------------------------------------------------------------- names for the finder and the search

def test_names_file_lists_every_school_and_supervisor_and_leads_to_their_pages(demo_site, page):
    names = json.loads((demo_site / "assets/finder.json").read_text(encoding="utf-8"))
    schools, people = names["schools"], names["people"]
    assert dict(zip(schools["id"], schools["name"])) == {k: s["name"] for k, s in SCHOOLS.items()}
    assert dict(zip(people["id"], people["name"])) == {k: s["name"] for k, s in SUPERVISORS.items()}
    assert {z[0] for z in names["zones"]} == set(ZONES)
    for i, sid in enumerate(people["id"]):
        assert people["tel"][i] == "tel:" + re.sub(r"\D", "", SUPERVISORS[sid]["phone"])
        assert people["former"][i] == (1 if SUPERVISORS[sid].get("status") == "former" else 0)
    spelled = dict(zip(people["name"], people["pinyin"]))
    assert (spelled["曾知远"], spelled["区嘉宁"], spelled["单晓岚"]) == ("zeng zhi yuan", "ou jia ning", "shan xiao lan")
    for i, sid in enumerate(schools["id"]):  # the school's responsible supervisor: the first listed
        assert people["id"][schools["supervisor"][i]] == SCHOOLS[sid]["supervisors"][0]
        assert schools["former"][i].split("|") == (SCHOOLS[sid].get("aliases") or [""])
    for kind, ids, titles in (("school", schools["id"], schools["name"]), ("supervisor", people["id"], people["name"]),
                              ("zone", [z[0] for z in names["zones"]], [z[1] for z in names["zones"]])):
        for record_id, title in zip(ids, titles):
            address = names["urls"][kind].replace("{id}", record_id)
            assert title in page(address).title, address  # the record's own page


def test_the_full_text_index_holds_every_key_of_every_document_and_nothing_else(demo_site, page):
    """Read back from the built files: each document's keys lead to it, each list names only
    documents that hold the key, each document is the page it names, and unpublished text
    (a draft's title) is in no document."""
    from generator.exports import fulltext

    folder = demo_site / "assets/search"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    docs = [json.loads((folder / f"d/{n}.json").read_text(encoding="utf-8")) for n in range(meta["docs"])]
    shards = [json.loads((folder / f"k/{n}.json").read_text(encoding="utf-8")) for n in range(meta["shards"])]
    assert not (folder / f"d/{meta['docs']}.json").exists() and len(list((folder / "k").iterdir())) == meta["shards"]

    def ungap(gaps):
        total, out = 0, []
        for g in gaps:
            total += g
            out.append(total)
        return out

    listed: dict[str, tuple[set, set]] = {}
    for n, entries in enumerate(shards):
        for key, (everywhere, titles) in entries.items():
            assert fulltext.shard_of(key, meta["shards"]) == n
            listed[key] = (set(ungap(everywhere)), set(ungap(titles)))
    for n, doc in enumerate(docs):
        named = fulltext.keys(" ".join([doc["t"], *doc["n"]]))
        for key in fulltext.keys(" ".join([doc["t"], *doc["n"], doc["x"]])):
            assert n in listed[key][0] and (n in listed[key][1]) == (key in named), (doc["u"], key)
        assert doc["t"] in page(doc["u"]).title
    total = sum(len(everywhere) for everywhere, _ in listed.values())
    assert total == sum(len(fulltext.keys(" ".join([d["t"], *d["n"], d["x"]]))) for d in docs)
    assert fulltext.keys("清溪 AB８-x") == {"清", "溪", "清溪", "a", "b", "8", "ab", "b8", "x"}
    everything = json.dumps(docs, ensure_ascii=False)
    drafts = [r["title"] for r in REPORTS.values() if r.get("status") == "draft"]
    assert drafts and not [t for t in drafts if t in everything]
    assert "清溪区中等专业学校综合督导评估报告" in everything  # a published report's title: the check can see one


# ---------------------------------------------------------------- signs

def expected_state(school: dict) -> str:
    printed = school.get("sign_printed")
    if not printed:
        return "尚未印制"
    sup = SUPERVISORS[school["supervisors"][0]]
    if sup.get("status") == "former" or sup.get("since", "") > printed:
        return "需重印：责任督学已变更"
    return "最新"


def test_sign_list_marks_signs_out_of_date(page):
    listing = page("signs/")
    rows = re.findall(r'<tr class="dd-sign-\w+">(.*?)</tr>', listing.html, re.S)
    open_schools = {k: s for k, s in SCHOOLS.items() if s.get("status") != "closed"}
    assert len(rows) == len(open_schools)
    states = {}
    for row in rows:
        sid = re.search(r'href="\.\./schools/([^/]+)/"', row).group(1)
        states[sid] = re.search(r'class="dd-status[^"]*">([^<]+)<', row).group(1)
    assert states == {k: expected_state(s) for k, s in open_schools.items()}
    assert {"最新", "尚未印制", "需重印：责任督学已变更"} == set(states.values())


def test_sign_page_has_everything_the_gate_needs(page, demo_site):
    sign = page("signs/qx-shiyan/")
    school = SCHOOLS["qx-shiyan"]
    sup = SUPERVISORS[school["supervisors"][0]]
    for text in (school["name"], sup["name"], sup["phone"], school["sign_no"], "0512-60001234", "12345",
                 "对学校依法依规办学进行监督", "责任督学挂牌督导公示牌"):
        assert text in sign.text, text
    svg = (demo_site / "signs/qx-shiyan.svg").read_text(encoding="utf-8")
    ET.fromstring(svg)  # well-formed
    for text in (school["name"], sup["name"], sup["phone"], school["sign_no"], "0512-60001234"):
        assert text in svg
    assert "data:image/svg+xml;base64," in svg  # the photo travels inside the file
    printable = page("signs/print/")
    assert printable.html.count('class="dd-signsheet"') == sum(1 for s in SCHOOLS.values() if s.get("status") != "closed")


def decode(png: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def screenshot(take):
    """A screenshot; taken once more if chromium could not make a frame yet (a busy machine
    sometimes answers "Unable to capture screenshot" just after a page loads)."""
    from playwright.sync_api import Error

    try:
        return take()
    except Error as err:
        if "Unable to capture screenshot" not in str(err):
            raise
        return take()


@pytest.mark.parametrize("school", ["qx-shiyan", "qsx-yey", "qx-zhijiao"])
def test_qr_codes_decode_to_the_schools_address(demo_site, browser, school):
    view = browser.new_page(viewport={"width": 900, "height": 1300})
    try:
        view.goto((demo_site / f"signs/{school}/index.html").as_uri())
        from_page = decode(screenshot(view.locator(".dd-signsheet__qr svg").screenshot))
        view.set_viewport_size({"width": 800, "height": 1130})  # an A4 sheet at 96 dpi
        view.goto((demo_site / f"signs/{school}.svg").as_uri())
        from_svg = decode(screenshot(view.screenshot))
    finally:
        view.close()
    assert from_page == [URL + f"schools/{school}/"]
    assert from_svg == [URL + f"schools/{school}/"]
