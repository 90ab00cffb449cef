"""The demo site in a real browser (Debian's chromium driven by Playwright), served on
localhost at the root and under a sub-path, on a 360 px wide phone screen."""

from __future__ import annotations

import re

import pytest

from browsing import Host, Visit, header_search
from generator.views import accessibility
from conftest import SCHOOLS, SUPERVISORS

# Every kind of page, with the demo page that stands for it (the accessibility statement's list).
PAGE_KINDS = {kind: url for kind, (_, url) in accessibility.figures()["names"].items()}


@pytest.fixture(scope="module", params=["/", "/dudao/"], ids=["root", "sub-path"])
def host(request, demo_site):
    served = Host(demo_site, request.param)
    yield served
    served.close()


@pytest.fixture(scope="module")
def phone(browser, host):
    """One phone for the module's visits of a host, each of them a fresh visit (`Visit.reset`)."""
    v = Visit(browser, host)
    yield v
    v.close()


@pytest.fixture
def visit(phone):
    return phone.reset()


@pytest.mark.parametrize("query, kind, target", [
    ("清溪实验小学", "学校", "schools/qx-shiyan/"),
    ("实验小学", "学校", "schools/qx-shiyan/"),
    ("桃林小学", "学校", "schools/qs-taolin-xx/"),          # a former name
    ("单晓岚", "督学", "supervisors/shan-xiaolan/"),
    ("0512-60002100", "督学", "supervisors/lu-qinghe/"),   # a phone number
    ("食堂 整改", "专项督导", "reports/special-2026-canteen/"),
    ("清教督〔2026〕8号", "督导公报", "bulletins/bulletin-2026-1/"),  # a 文号
])
def test_header_search_finds_what_a_parent_expects(visit, query, kind, target):
    visit.open("")
    hits = header_search(visit, query)
    assert hits, query
    assert hits[0] == (kind, visit.host.prefix + target), hits[:3]
    visit.page.click("#dd-search-popup .dd-results__link >> nth=0")
    visit.page.wait_for_load_state()
    assert visit.page.url == visit.host.base + target
    assert not visit.errors and not visit.outside_requests()


def test_names_are_answered_without_the_full_text_index(visit):
    """A school's name (or its pinyin, or a supervisor's phone) is answered from the names
    file alone: the first search for a school downloads nothing of the full-text index."""
    visit.open("about/")  # a page without the finder, so the names file is fetched by the search
    hits = header_search(visit, "qxsyxx")
    assert hits and hits[0] == ("学校", visit.host.prefix + "schools/qx-shiyan/"), hits
    assert header_search(visit, "shanxiaolan")[0] == ("督学", visit.host.prefix + "supervisors/shan-xiaolan/")
    call = visit.page.locator("#dd-search-popup li").first.locator("a.dd-tel")  # tap to call, from the results
    assert call.get_attribute("href") == "tel:" + re.sub(r"\D", "", SUPERVISORS["shan-xiaolan"]["phone"])
    # a key to press, like every other call link, not grey text: filled, bold, a finger's height
    look = call.evaluate("a => { const s = getComputedStyle(a); return [s.backgroundColor, s.fontWeight, "
                         "a.getBoundingClientRect().height]; }")
    assert look[0] not in ("rgba(0, 0, 0, 0)", "transparent") and int(look[1]) >= 700 and look[2] >= 24, look
    by_phone = [h for _, h in header_search(visit, "60002100")]  # the supervisor, then the schools in their care
    assert by_phone[0] == visit.host.prefix + "supervisors/lu-qinghe/"
    in_care = {visit.host.prefix + f"schools/{k}/" for k, s in SCHOOLS.items() if s["supervisors"][0] == "lu-qinghe"}
    assert set(by_phone[1:]) <= in_care and len(by_phone) == 1 + min(len(in_care), 7)
    assert not [u for u in visit.requests if "/assets/search/" in u]
    assert [u for u in visit.requests if u.endswith("/assets/finder.json")]
    # everything else is one tap away: the search page adds reports and pages
    visit.page.fill("#dd-search-input", "清溪实验小学")
    visit.page.wait_for_selector("#dd-search-popup .dd-results__more")
    visit.page.click("#dd-search-popup .dd-results__more")
    visit.page.wait_for_selector("#dd-search-page-results [role=status]")
    hrefs = visit.page.eval_on_selector_all("#dd-search-page-results .dd-results__link",
                                            "els => els.map(e => e.getAttribute('href'))")
    assert hrefs[0] == visit.host.prefix + "schools/qx-shiyan/"
    assert len(hrefs) == len(set(hrefs))  # a page found both by name and by content is listed once
    assert [h for h in hrefs if "/reports/" in h]
    assert not visit.errors and not visit.outside_requests()


def test_search_page_still_lists_names_when_the_full_text_index_cannot_load(visit):
    visit.page.route("**/assets/search/**", lambda route: route.abort())  # the full-text index cannot be had
    visit.open("search/?q=清溪实验小学")
    visit.page.wait_for_selector("#dd-search-page-results [role=status]")
    hrefs = visit.page.eval_on_selector_all("#dd-search-page-results .dd-results__link",
                                            "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and hrefs[0] == visit.host.prefix + "schools/qx-shiyan/"


SEARCH_ALL = """async (queries) => {
  const input = document.querySelector('#dd-search-page input');
  const found = [];
  for (const q of queries) {
    input.value = q;
    input.dispatchEvent(new Event('input'));
    for (let i = 0; i < 400 && !document.querySelector('#dd-search-page-results [role=status]'); i++)
      await new Promise(r => setTimeout(r, 10));
    found.push([...document.querySelectorAll('#dd-search-page-results .dd-results__link')]
               .map(a => a.getAttribute('href')));
  }
  return found;
}"""


def test_every_page_search_indexes_is_found_by_its_title(demo_site, browser, demo_host):
    """The browser works out the index's keys and where they are as the generator did: every
    page the plan marks for search is in the index and found by its title; a 文号 typed in
    full-width digits, a title in other letter case and a pair of characters of a name are
    found too; a word that is nowhere finds nothing."""
    import json

    from conftest import EPOCH, ROOT
    from generator.exports import fulltext
    from generator.build.pipeline import check

    plan = check(ROOT, EPOCH).plan
    searched = {page.url for page in plan.pages if page.search_label is not None}
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in (demo_site / "assets/search/d").glob("*.json")]
    assert {d["u"] for d in docs} == searched and len(docs) > 50
    v = Visit(browser, demo_host)
    try:
        v.open("search/")
        # a long pasted sentence reads at most 16 keys, and still finds its page
        sentence = next(d for d in docs if d["u"] == "about/")["x"][:60]
        extra = [("清教督〔２０２６〕１２号", "bulletins/notice-2026-3/"), ("DUDAO@QINGXI.example", "contact/"), ("溪实", "schools/qx-shiyan/"),
                 ("全无此词", None), (sentence, "about/")]
        queries = [d["t"] for d in docs] + [q for q, _ in extra]
        results = v.page.evaluate(SEARCH_ALL, queries)
        missing = [d["t"] for d, hrefs in zip(docs, results) if "/" + d["u"] not in hrefs]
        assert not missing, missing
        for (query, target), hrefs in zip(extra, results[len(docs):]):
            assert (target is None and not hrefs) or "/" + target in hrefs, (query, hrefs)
        assert not v.errors
    finally:
        v.close()
    v = Visit(browser, demo_host)  # a fresh visit: every key file the sentence reads is fetched
    try:
        v.open("search/")
        assert v.page.evaluate(SEARCH_ALL, [sentence]) == [["/about/"]]
        files = {u for u in v.requests if "/assets/search/k/" in u}
        assert 1 <= len(files) <= 16 < len(fulltext.keys(sentence)), files
    finally:
        v.close()


def test_typing_in_the_header_does_not_cut_short_the_search_pages_results(visit):
    """On the search page, a query typed into the header while the page's own results are
    still on their way leaves both to be answered. The documents are held back until both
    queries wait for them."""
    held, release = [], []

    def hold(route):
        (route.continue_() if release else held.append(route))

    visit.page.route("**/assets/search/d/**", hold)
    visit.page.goto(visit.host.base + "search/?q=" + "食堂 整改")
    for _ in range(200):
        if held:
            break
        visit.page.wait_for_timeout(20)
    assert held, "the page's search never asked for a document"
    visit.page.fill("#dd-search-input", "整改")
    visit.page.wait_for_timeout(300)  # the header's search starts: its names, then its documents
    release.append(True)
    for route in held:
        route.continue_()
    visit.page.wait_for_selector("#dd-search-page-results [role=status]")
    page_hits = visit.page.eval_on_selector_all("#dd-search-page-results .dd-results__link",
                                                "els => els.map(e => e.getAttribute('href'))")
    assert visit.host.prefix + "reports/special-2026-canteen/" in page_hits
    visit.page.wait_for_selector("#dd-search-popup:not([hidden]) .dd-results__link")
    assert not visit.errors


def test_search_indexes_page_content_only(visit):
    visit.open("")
    assert header_search(visit, "苏公网安备") == []  # the footer is on every page, and in no result
    hits = header_search(visit, "区教育局招生咨询电话")  # the channels: on the contact page only
    assert [h for _, h in hits] == [visit.host.prefix + "contact/"]


def test_search_never_finds_unpublished_records(visit):
    visit.open("search/?q=草稿")
    visit.page.wait_for_selector("#dd-search-page-results [role=status]")
    hrefs = visit.page.eval_on_selector_all("#dd-search-page-results a", "els => els.map(e => e.href)")
    assert not [h for h in hrefs if "draft" in h or "afterschool" in h]
    visit.open("search/?q=课后服务")
    visit.page.wait_for_selector("#dd-search-page-results [role=status]")
    hrefs = visit.page.eval_on_selector_all("#dd-search-page-results a", "els => els.map(e => e.href)")
    assert not [h for h in hrefs if "afterschool" in h]


def finder_names(v: Visit) -> list[str]:
    v.page.wait_for_timeout(150)
    return v.page.eval_on_selector_all(".dd-finder__results li > a:first-child", "els => els.map(e => e.textContent)")


@pytest.mark.parametrize("url", ["", "schools/"])
def test_school_finder_matches_names_pinyin_and_filters(visit, url):
    visit.open(url)
    visit.page.wait_for_selector(".dd-finder:not([hidden])")
    visit.page.fill("#dd-finder-q", "qxsyxx")
    assert finder_names(visit) == ["清溪实验小学"]
    visit.page.fill("#dd-finder-q", "qingxishiyan")
    assert "清溪实验小学" in finder_names(visit)
    visit.page.fill("#dd-finder-q", "桃林")  # a former name
    assert finder_names(visit) == ["清水镇中心小学桃林分校"]
    visit.page.fill("#dd-finder-q", "shanxiaolan")  # 单 read as a surname
    expected = sorted(s["name"] for s in SCHOOLS.values() if s["supervisors"][0] == "shan-xiaolan")
    assert sorted(finder_names(visit)) == expected and expected
    visit.page.fill("#dd-finder-q", "oujianing")  # 区 read ou
    assert sorted(finder_names(visit)) == sorted(
        s["name"] for s in SCHOOLS.values() if s["supervisors"][0] == "ou-jianing")
    visit.page.fill("#dd-finder-q", "")
    visit.page.select_option(".dd-finder select[name=type]", label="幼儿园")
    kindergartens = sorted(s["name"] for s in SCHOOLS.values() if s["type"] == "kindergarten")
    assert sorted(finder_names(visit)) == kindergartens
    visit.page.select_option(".dd-finder select[name=township]", label="城关街道")
    assert sorted(finder_names(visit)) == sorted(
        s["name"] for s in SCHOOLS.values() if s["type"] == "kindergarten" and s.get("township") == "城关街道")
    visit.page.select_option(".dd-finder select[name=type]", label="全部")
    visit.page.select_option(".dd-finder select[name=township]", label="全部")
    visit.page.select_option(".dd-finder select[name=status]", label="已停办")
    assert finder_names(visit) == [s["name"] for s in SCHOOLS.values() if s.get("status") == "closed"]
    visit.page.select_option(".dd-finder select[name=status]", label="全部")
    visit.page.select_option(".dd-finder select[name=zone]", label="第五责任区")
    assert sorted(finder_names(visit)) == sorted(s["name"] for s in SCHOOLS.values() if s["zone"] == "zone-5")
    first = visit.page.locator(".dd-finder__results li > a:first-child").first
    first.click()
    visit.page.wait_for_load_state()
    assert visit.page.url.startswith(visit.host.base + "schools/")
    assert not visit.errors and not visit.outside_requests()


def test_without_javascript_the_school_list_is_complete(browser, host):
    v = Visit(browser, host, java_script_enabled=False)
    try:
        v.open("schools/")
        assert not v.page.is_visible(".dd-finder")
        names = v.page.eval_on_selector_all(".dd-group .dd-school-list a", "els => els.map(e => e.textContent)")
        assert sorted(names) == sorted(s["name"] for s in SCHOOLS.values())
    finally:
        v.close()


def test_call_links_on_the_school_page(visit):
    visit.open("schools/qx-shiyan/")
    primary = SUPERVISORS[SCHOOLS["qx-shiyan"]["supervisors"][0]]
    link = visit.page.locator(".dd-sign a.dd-tel").first
    assert link.inner_text() == primary["phone"]
    assert link.get_attribute("href") == "tel:" + re.sub(r"\D", "", primary["phone"])
    box = link.bounding_box()
    assert box["height"] >= 20  # a finger can hit it
    hotline = visit.page.locator(".md-footer a.dd-tel").first
    assert hotline.get_attribute("href") == "tel:051260001234"


def test_large_text_mode_persists_across_pages(visit):
    visit.open("")
    normal = visit.page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    toggle = visit.page.locator(".dd-large-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    visit.open("schools/qx-shiyan/")
    assert visit.page.evaluate("document.documentElement.classList.contains('dd-large')")
    large = visit.page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    assert large >= normal * 1.4
    assert visit.page.locator(".dd-large-toggle").get_attribute("aria-pressed") == "true"
    assert visit.page.evaluate("document.documentElement.scrollWidth") <= 360
    visit.page.locator(".dd-large-toggle").click()
    visit.open("reports/")
    assert not visit.page.evaluate("document.documentElement.classList.contains('dd-large')")


def test_every_page_kind_works_on_a_phone_under_a_sub_path(browser, demo_site):
    """Under a sub-path, what it can break: each kind of page loads, styled, with its scripts,
    fits 360 px, asks nothing of another site; the 404 page finds its way home from any depth
    and searches from there. (At the root, test_display opens every kind at this width.) One
    phone visits them all, as a reader going from page to page."""
    root = Host(demo_site, "/")
    at_root = Visit(browser, root)
    try:  # the 404 page at the root, too: home is "/"
        assert at_root.open(PAGE_KINDS["404"]).status == 404
        assert at_root.page.get_attribute("#dd-home", "href") == "/"
        assert at_root.searches_from_the_404_page()
    finally:
        at_root.close()
        root.close()
    host = Host(demo_site, "/dudao/")
    visit = Visit(browser, host)
    try:
        for kind, url in PAGE_KINDS.items():
            visit.errors.clear()
            visit.requests.clear()
            response = visit.open(url)
            assert response.status == (404 if kind == "404" else 200), kind
            assert visit.page.evaluate("document.documentElement.scrollWidth") <= 360, kind
            # the 404 page's own status, and its look for home, are the only failed loads allowed
            expected = (lambda e: "status of 404" in e) if kind == "404" else (lambda e: False)
            assert not [e for e in visit.errors if not expected(e)], (kind, visit.errors)
            assert not visit.outside_requests(), (kind, visit.outside_requests())
            if kind == "404":  # a page of its own: it finds its way home from any depth
                visit.page.wait_for_function("document.getElementById('dd-home').getAttribute('href') !== '/'")
                assert visit.page.get_attribute("#dd-home", "href") == host.prefix
                visit.page.wait_for_function(f"document.getElementById('dd-search').action.endsWith('{host.prefix}search/')")
                assert visit.searches_from_the_404_page()
                continue
            assert visit.page.is_visible("#dd-search-input"), kind
            assert visit.page.locator("link[rel=stylesheet]").count() >= 1, kind
            styled = visit.page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
            assert styled in ("sticky", "fixed"), (kind, "the theme's styles were loaded")
    finally:
        visit.close()
        host.close()


@pytest.mark.parametrize("url", ["schools/qx-shiyan/", "reports/special-2026-canteen/", "dashboard/"])
def test_print_styles(visit, url):
    visit.open(url)
    visit.page.emulate_media(media="print")
    assert not visit.page.is_visible(".md-header")
    assert not visit.page.is_visible(".md-sidebar--primary")
    assert visit.page.is_visible("article h1")


def pdf_page_sizes(pdf: bytes) -> list[tuple[int, int]]:
    import re

    return [(round(float(w)), round(float(h))) for w, h in
            re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)]


def test_signs_print_on_the_paper_chosen(visit):
    """A sign printed from its page is one page of the paper chosen with the A4/A3 buttons
    (A4 595×842 pt, A3 842×1191 pt): no page of the printer's default size before it, not
    split over two."""
    visit.open("signs/qx-shiyan/")
    a4 = pdf_page_sizes(visit.page.pdf(prefer_css_page_size=True))
    visit.page.click("button[data-dd-paper=A3]")
    a3 = pdf_page_sizes(visit.page.pdf(prefer_css_page_size=True))
    assert a4 == [(595, 842)], a4
    assert a3 == [(842, 1191)], a3
    assert visit.page.get_attribute("button[data-dd-paper=A3]", "aria-pressed") == "true"
    # a printed sign is the sheet alone: the page's heading is on screen, not on paper
    assert visit.page.is_visible("article h1")
    visit.page.emulate_media(media="print")
    assert not visit.page.is_visible("article h1") and visit.page.is_visible(".dd-signsheet")


def test_high_contrast_mode_persists_and_darkens_the_text(visit):
    visit.open("schools/qx-shiyan/")
    colour = "getComputedStyle(document.querySelector('article p')).color"
    before = visit.page.evaluate(colour)
    toggle = visit.page.locator(".dd-contrast-toggle")
    assert toggle.inner_text().strip().endswith("高对比") and toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert visit.page.evaluate(colour) == "rgb(0, 0, 0)" != before
    visit.open("reports/")  # remembered on the next page, before it is painted
    assert visit.page.evaluate("document.documentElement.classList.contains('dd-contrast')")
    assert visit.page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == "rgb(0, 0, 0)"
    assert visit.page.evaluate("document.documentElement.scrollWidth") <= 360
    visit.page.locator(".dd-contrast-toggle").click()
    visit.open("")
    assert not visit.page.evaluate("document.documentElement.classList.contains('dd-contrast')")


def test_a_withdrawn_notice_is_as_large_as_the_text(browser, demo_host):
    """The notice that stands in for a withdrawn report's content is not smaller than the
    page's own text (an admonition's text is smaller by default)."""
    v = Visit(browser, demo_host)
    try:
        v.open("reports/qx-hexi-xx-2026-03/")
        size = lambda selector: v.page.evaluate(  # noqa: E731
            f"parseFloat(getComputedStyle(document.querySelector({selector!r})).fontSize)")
        assert size(".dd-withdrawn-notice p:not(.admonition-title)") >= size(".md-typeset .dd-facts dd") > 0
    finally:
        v.close()


def test_every_sign_prints_as_one_page_filled_to_its_margins(browser, demo_host):
    """The page of all signs prints one A4 (or A3) page per school, and each sheet fills the
    printable area of its page: as wide, and as tall within a millimetre or two."""
    v = Visit(browser, demo_host)
    try:
        v.open("signs/print/")
        sheets = v.page.locator(".dd-signsheet").count()
        assert sheets > 30
        assert pdf_page_sizes(v.page.pdf(prefer_css_page_size=True)) == [(595, 842)] * sheets
        v.page.click("button[data-dd-paper=A3]")
        assert pdf_page_sizes(v.page.pdf(prefer_css_page_size=True)) == [(842, 1191)] * sheets
        for paper, (width_mm, height_mm) in (("A4", (194, 281)), ("A3", (281, 404))):
            v.page.click(f"button[data-dd-paper={paper}]")
            px = 96 / 25.4
            v.page.set_viewport_size({"width": round(width_mm * px), "height": round(height_mm * px)})
            v.page.emulate_media(media="print")
            boxes = v.page.evaluate("[...document.querySelectorAll('.dd-signsheet')].map(s => {"
                                    "const r = s.getBoundingClientRect(); return [r.width, r.height]; })")
            assert all(abs(w - width_mm * px) < 2 and height_mm * px - 2 * px < h <= height_mm * px + 1
                       for w, h in boxes), (paper, boxes[:3])
            v.page.emulate_media(media="screen")
    finally:
        v.close()


def test_a_desktop_gives_lists_the_width_and_large_text_keeps_every_tab(browser, demo_host):
    """At 1280 px a list's table takes the page's width (the empty left sidebar takes none),
    headers sit over their cells; in 大字 every tab stays on the screen and the text keeps most
    of the width; on a 640 px phone the home page's school finder is above the fold; the
    display switches are a finger's size."""
    v = Visit(browser, demo_host)
    try:
        v.page.set_viewport_size({"width": 1280, "height": 800})
        v.open("rectifications/")
        table = v.page.evaluate("(() => { const r = document.querySelector('.dd-open-rects').getBoundingClientRect();"
                                " return [r.left, r.width]; })()")
        assert table[0] < 120 and table[1] > 800, table
        assert v.page.evaluate("getComputedStyle(document.querySelector('.dd-open-rects th')).textAlign") in (
            "left", "start")
        v.page.evaluate("localStorage.setItem('dudao.large', '1')")
        v.open("schools/qx-shiyan/")
        tabs = v.page.evaluate("[...document.querySelectorAll('.md-tabs__link')].map(a => a.getBoundingClientRect().right)")
        assert tabs and max(tabs) <= 1280, tabs
        text = v.page.evaluate("document.querySelector('.md-content').getBoundingClientRect().width")
        assert text > 0.75 * 1280, text
        v.page.evaluate("localStorage.clear()")
        v.page.set_viewport_size({"width": 360, "height": 640})
        v.open("")
        v.page.wait_for_selector(".dd-finder:not([hidden])")
        assert v.page.evaluate("document.querySelector('#dd-finder-q').getBoundingClientRect().bottom") < 640
        for switch in (".dd-large-toggle", ".dd-contrast-toggle"):
            box = v.page.locator(switch).bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, (switch, box)
    finally:
        v.close()


def test_schools_near_me_are_worked_out_in_the_page_from_the_browsers_location(browser, host):
    """附近的学校: with the browser's location allowed, the finder lists the ten nearest open
    schools by straight-line distance, the nearest first, computed in the page: the only
    requests are to the site itself. Refused, it says so and lists nothing."""
    import math

    def km(school, lat, lon):
        at_lat, at_lon = float(school["location"]["lat"]), float(school["location"]["lon"])
        a = (math.sin(math.radians(at_lat - lat) / 2) ** 2
             + math.cos(math.radians(lat)) * math.cos(math.radians(at_lat)) * math.sin(math.radians(at_lon - lon) / 2) ** 2)
        return 6371 * 2 * math.asin(math.sqrt(a))

    placed = [s for s in SCHOOLS.values() if s.get("location") and s.get("status") != "closed"]
    here = placed[7]["location"]  # standing at one school: it comes first, 0.0 km away
    lat, lon = float(here["lat"]) + 0.0004, float(here["lon"]) - 0.0003
    nearest = sorted(placed, key=lambda s: km(s, lat, lon))[:10]
    v = Visit(browser, host, geolocation={"latitude": lat, "longitude": lon}, permissions=["geolocation"])
    try:
        v.open("schools/")
        v.page.click(".dd-finder__near")
        v.page.wait_for_selector(".dd-finder__results:not([hidden]) li")
        assert finder_names(v) == [s["name"] for s in nearest]
        distances = v.page.eval_on_selector_all(".dd-finder__distance", "els => els.map(e => e.textContent)")
        shown = lambda d: f"{d:.1f}" if d < 10 else str(int(d + 0.5))  # noqa: E731
        assert distances == [f"{shown(km(s, lat, lon))} 公里" for s in nearest]
        assert "离您最近的 10 所学校" in v.page.text_content(".dd-finder__status")
        assert all(u.startswith(host.base) for u in v.requests) and v.requests
        assert not v.errors
    finally:
        v.close()
    refused = Visit(browser, host, permissions=[])
    try:
        refused.open("schools/")
        refused.page.click(".dd-finder__near")
        refused.page.wait_for_function("document.querySelector('.dd-finder__status').textContent.includes('无法获取')")
        assert refused.page.eval_on_selector_all(".dd-finder__results li", "els => els.length") == 0
    finally:
        refused.close()


def test_a_zones_map_shows_each_of_its_open_schools_where_its_coordinates_put_it(visit):
    visit.open("zones/zone-3/")
    svg = visit.page.locator("svg.dd-map")
    names = svg.locator("text.dd-map__name").all_text_contents()
    zone = [s for s in SCHOOLS.values() if s["zone"] == "zone-3" and s.get("location") and s.get("status") != "closed"]
    assert sorted(names[:-1]) == sorted(s["name"] for s in zone) and names[-1].endswith("公里")
    dots = svg.locator("circle.dd-map__dot")
    assert dots.count() == len(zone) >= 3
    # west is left and north is up: the order of the dots is the order of the coordinates
    xs = [float(dots.nth(i).get_attribute("cx")) for i in range(dots.count())]
    ys = [float(dots.nth(i).get_attribute("cy")) for i in range(dots.count())]
    shown = sorted(zip(xs, ys, names), key=lambda p: (round(p[0], 1), p[2]))
    by_lon = sorted(zone, key=lambda s: (float(s["location"]["lon"]), s["name"]))
    assert [p[2] for p in shown] == [s["name"] for s in by_lon]
    assert sorted(zip(ys, names))[0][1] == max(zone, key=lambda s: float(s["location"]["lat"]))["name"]
