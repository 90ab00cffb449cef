"""What a parent sees, at 360 px (a phone) and 1280 px (a desk), as the page comes and in 大字:
each defect found on the demo has a test here that would have caught it, and every page kind
passes the layout checks (no sideways scrolling, nothing overlapping, no text under 12 px or
16 px in 大字, no table cell narrower than four characters of its text, labelled table cells
when rows are stacked, headings that do not leave one character on a line)."""

from __future__ import annotations

import re

import pytest

from browsing import Visit

PAGE_KINDS = {
    "home": "", "school list": "schools/", "school": "schools/qx-shiyan/", "school history": "schools/qx-shiyan/history/",
    "supervisor list": "supervisors/", "supervisor": "supervisors/lu-qinghe/",
    "supervisor reports": "supervisors/lu-qinghe/reports/", "zone list": "zones/", "zone": "zones/zone-2/",
    "report list": "reports/", "report year": "reports/2026/", "report": "reports/special-2026-canteen/",
    "bulletin list": "bulletins/", "bulletin": "bulletins/bulletin-2026-1/", "free page": "about/",
    "contact": "contact/", "data": "data/", "dashboard": "dashboard/", "signs": "signs/",
    "sign": "signs/qx-shiyan/", "annual": "annual/", "annual period": "annual/2025-2026/", "schedule": "schedule/",
    "open rectifications": "rectifications/", "zone rectifications": "zones/zone-1/rectifications/",
    "glossary": "glossary/", "site map": "sitemap/", "privacy": "privacy/", "accessibility": "accessibility/",
}

# Runs in the page: every problem of layout a reader would notice, as text.
LAYOUT = r"""() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  // the least text size: 12 px, and 16 px in 大字
  const least = document.documentElement.classList.contains("dd-large") ? 15.9 : 11.9;
  if (document.documentElement.scrollWidth > width) problems.push("scrolls sideways: " + document.documentElement.scrollWidth);
  const visible = (e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"
      && !e.closest(".dd-visually-hidden, [hidden], .md-sidebar, .md-footer-meta, .md-nav, .md-search"); };
  // text under 12 CSS px, in HTML and in charts (an SVG's own scale counted)
  for (const e of document.querySelectorAll("article *, .md-header *")) {
    if (!visible(e)) continue;
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    let size = parseFloat(getComputedStyle(e).fontSize);
    const svg = e.closest("svg");
    if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width)
      size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    if (size < least) problems.push("small text (" + size.toFixed(1) + " px): " + e.textContent.trim().slice(0, 30));
  }
  // a table cell narrower than four characters of its own text (评/定/等/级 stacked)
  const pen = document.createElement("canvas").getContext("2d");
  for (const cell of document.querySelectorAll("table.dd-table td, table.dd-table th")) {
    const text = cell.textContent.trim();
    if (!visible(cell) || text.length < 4) continue;
    const s = getComputedStyle(cell);
    pen.font = s.font;
    const inner = cell.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    if (inner < pen.measureText(text.slice(0, 4)).width - 1)
      problems.push("narrow cell (" + Math.round(inner) + " px): " + text.slice(0, 20));
  }
  // on phones, every table cell says what it is
  if (width <= 640) for (const td of document.querySelectorAll("table.dd-table td")) {
    if (!visible(td) || td.classList.contains("dd-main") || !td.textContent.trim()) continue;
    const label = getComputedStyle(td, "::before").content;
    if (!label || label === "none" || label === "normal") problems.push("unlabelled cell: " + td.textContent.trim().slice(0, 30));
  }
  // boxes that overlap: the header's controls, a chart's labels, the blocks of the article
  const overlap = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const check = (els, what) => { const rects = els.filter(visible).map(e => [e, e.getBoundingClientRect()]);
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++)
      if (overlap(rects[i][1], rects[j][1])) problems.push(what + " overlap: " + rects[i][0].textContent.trim().slice(0, 20)
        + " / " + rects[j][0].textContent.trim().slice(0, 20)); };
  check([...document.querySelectorAll(".md-header__inner > *")], "header");
  for (const svg of document.querySelectorAll("svg.dd-chart")) check([...svg.querySelectorAll(":scope > text")], "chart labels");
  const article = document.querySelector("article");
  if (article) check([...article.children].filter(e => !["SCRIPT", "STYLE"].includes(e.tagName)), "blocks");
  // a heading's last line holds more than one character
  for (const h of document.querySelectorAll("article h1, article h2")) {
    if (!visible(h)) continue;
    const range = document.createRange(); range.selectNodeContents(h);
    const size = parseFloat(getComputedStyle(h).fontSize);
    const lines = [];  // the boxes of the heading's text, line by line: [bottom, width]
    for (const r of [...range.getClientRects()].filter(r => r.width > 0).sort((a, b) => a.bottom - b.bottom)) {
      const line = lines.find(l => Math.abs(l[0] - r.bottom) < size / 2);
      if (line) line[1] = Math.max(line[1], r.right - line[2]); else lines.push([r.bottom, r.width, r.left]);
    }
    if (lines.length > 1 && lines[lines.length - 1][1] < 1.6 * size)
      problems.push("one character alone on a heading's last line: " + h.textContent.trim());
  }
  return problems;
}"""


# 高对比 is the normal layout in other colours: its colours are checked by test_browser's
# colour-contrast test in each mode and width.
MODES = {"normal": "", "large": "dudao.large"}


@pytest.fixture(params=[(width, mode) for mode in MODES for width in (360, 1280)],
                ids=[f"{'phone' if width == 360 else 'desk'}-{mode}" for mode in MODES for width in (360, 1280)])
def visit(request, browser, demo_host):
    """A browser at a phone's or a desk's width, in one of the display modes (normal, 大字), set
    as a reader's switch sets it, before the page's own script runs."""
    width, mode = request.param
    v = Visit(browser, demo_host)
    if MODES[mode]:
        v.context.add_init_script(f"try {{ localStorage.setItem('{MODES[mode]}', '1'); }} catch (e) {{}}")
    v.page.set_viewport_size({"width": width, "height": 800})
    yield v
    v.close()


# At a desk's width, the pages with wide tables and charts (the others are one column there).
WIDE = {"home", "school", "report list", "zone list", "dashboard", "signs", "data", "annual", "annual period",
        "schedule", "open rectifications", "supervisor", "accessibility"}


# 大字: on a phone, the pages of each kind of part (tables, people, charts, the sign, the
# finder); at a desk's width, the pages with the widest tables and charts.
LARGE_ON_A_PHONE = {"home", "school list", "school", "supervisor", "zone", "report year", "report", "data",
                    "dashboard", "sign", "annual period", "open rectifications"}
LARGE_AT_A_DESK = {"home", "report list", "open rectifications", "dashboard", "annual"}


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_layout_of_every_page_kind(visit, kind, request):
    if visit.page.viewport_size["width"] > 640 and kind not in WIDE:
        pytest.skip("one column at a desk's width as on a phone")
    mode = request.node.callspec.id.split("-")[1]
    if mode == "large" and kind not in (LARGE_AT_A_DESK if visit.page.viewport_size["width"] > 640 else LARGE_ON_A_PHONE):
        pytest.skip("in 大字, the pages of each kind of part stand for the rest")
    response = visit.open(PAGE_KINDS[kind])
    assert response.status == 200
    assert visit.page.evaluate(LAYOUT) == []
    assert not visit.errors and not visit.outside_requests(), (visit.errors, visit.outside_requests())


def test_the_checks_see_what_they_look_for(visit):
    """The layout checks find each kind of defect when it is there."""
    visit.open("reports/")
    visit.page.add_style_tag(content=".md-typeset .dd-table td[data-label]::before { content: none !important; }"
                                     "article h1 { font-size: 9px !important; } article { min-width: 2000px; }")
    visit.page.evaluate("""() => {
      const h = document.createElement('h2'); h.textContent = '一二三四五六';
      h.style.cssText = 'width: 5.6em; text-wrap: wrap; font-size: 20px'; document.querySelector('article').append(h);
      const b = document.createElement('span'); b.textContent = '遮挡'; b.style.cssText = 'position: absolute; left: 0; top: 0; width: 100%; height: 3rem';
      document.querySelector('.md-header__inner').append(b); }""")
    found = " | ".join(visit.page.evaluate(LAYOUT))
    assert "scrolls sideways" in found and "small text (9.0 px)" in found
    assert "one character alone on a heading's last line: 一二三四五六" in found and "header overlap" in found
    if visit.page.viewport_size["width"] <= 640:
        assert "unlabelled cell" in found


def desk(browser, demo_host) -> Visit:
    v = Visit(browser, demo_host)
    v.page.set_viewport_size({"width": 1280, "height": 800})
    return v


def test_the_supervisors_number_is_shown_in_results_on_a_desk(browser, demo_host):
    v = desk(browser, demo_host)
    try:
        v.open("")
        v.page.fill("#dd-search-input", "qxsyxx")
        v.page.wait_for_selector("#dd-search-popup .dd-tel")
        call = v.page.locator("#dd-search-popup .dd-tel").first
        assert re.fullmatch(r"拨打 \S+ 0512-\d{8}", call.inner_text()), call.inner_text()
        v.open("schools/")
        v.page.fill("#dd-finder-q", "qxsyxx")
        v.page.wait_for_selector(".dd-finder__results .dd-tel")
        assert re.search(r"0512-\d{8}", v.page.locator(".dd-finder__results .dd-tel").first.inner_text())
    finally:
        v.close()


def test_the_years_table_is_headed_by_the_year(page):
    reports = page("reports/")
    assert "<th scope=\"col\">年度</th>" in reports.html


def test_search_excerpts_keep_fields_apart(browser, demo_host):
    v = desk(browser, demo_host)
    try:
        v.open("search/?q=60011000")
        v.page.wait_for_selector("#dd-search-page-results .dd-results__excerpt")
        excerpt = v.page.locator("#dd-search-page-results .dd-results__excerpt").first.inner_text()
        assert "电话：" in excerpt and "；" in excerpt, excerpt
    finally:
        v.close()


@pytest.mark.parametrize("width, per_row", [(360, 2), (1280, 4)])
def test_the_home_counts_are_a_grid(browser, demo_host, width, per_row):
    v = Visit(browser, demo_host)
    try:
        v.page.set_viewport_size({"width": width, "height": 800})
        v.open("")
        boxes = v.page.eval_on_selector_all(".dd-counts li", "els => els.map(e => e.getBoundingClientRect().toJSON())")
        left = v.page.eval_on_selector(".dd-counts", "e => e.getBoundingClientRect().left")
        assert len(boxes) == 4 and len({round(b["top"]) for b in boxes[:per_row]}) == 1
        assert abs(boxes[0]["left"] - left) < 1  # not indented
        assert boxes[0]["width"] < v.page.viewport_size["width"] / per_row
    finally:
        v.close()


def test_signs_and_data_pages_speak_plainly_and_fit_a_desk(browser, demo_host, page):
    v = desk(browser, demo_host)
    try:
        v.open("signs/")
        # headers and codes on one line each
        for selector in ("thead th", "td.dd-nowrap"):
            heights = v.page.eval_on_selector_all(
                f"table.dd-signs {selector}", "els => els.map(e => [e.textContent.trim(), e.getBoundingClientRect().height,"
                " parseFloat(getComputedStyle(e).lineHeight)])")
            assert heights and all(h < 1.9 * line + 16 for _, h, line in heights), heights
    finally:
        v.close()
    assert "sign_printed" not in page("signs/").text
    data = page("data/").text
    assert "site.url" not in data and "数据使用许可" in data and "CC BY 4.0" in data


def test_latest_reports_are_ordered_and_dated_by_publication(page):
    import html as html_lib

    listing = page("reports/").html.split('id="latest"')[1]
    head = re.search(r"<thead.*?</thead>", listing, re.S).group()
    assert "发布日期" in head
    # The 评定等级 column is there only where a report shown has a grade.
    tables = [page(url).html for url in ("", "reports/", "schools/qx-shiyan/", "zones/zone-2/")]
    with_column = [t for t in tables if re.search(r'<th scope="col">(<a [^>]*>)?评定等级', t)]
    assert with_column and len(with_column) < len(tables)
    assert all(re.search(r'data-label="评定等级">[^<]+</td>', t) for t in with_column)
    dates = re.findall(r'<time datetime="(\d{4}-\d{2}-\d{2})">', listing.split("</table>")[0])
    assert len(dates) == 20 and dates == sorted(dates, reverse=True)
    assert "2026年" in html_lib.unescape(listing)  # dates as the rest of the site writes them


def test_a_to_z_files_a_school_under_its_own_name(page):
    listing = page("schools/").html
    s_section = listing.split('id="letter-s"')[1].split("</section>")[0]
    assert "清溪实验小学" in s_section and "清溪区实验学校" in s_section
    assert "清溪实验小学" not in listing.split('id="letter-q"')[1].split("</section>")[0]


def test_a_busy_supervisors_page_shows_the_latest_reports(page):
    sup = page("supervisors/lu-qinghe/")
    rows = sup.html.split('id="reports"')[1].count("<tr") - 1
    assert rows == 12
    assert ("reports/", "查看全部 " + str(len(page("supervisors/lu-qinghe/reports/").html.split("<tbody>")[1]
                                              .split("</tbody>")[0].split("<tr")) - 1) + " 份督导报告 →") in sup.links
    every = page("supervisors/lu-qinghe/reports/")
    assert every.html.count("<tr") - 1 > 40


def test_one_date_format_and_a_worded_large_text_button(browser, demo_host, page):
    for url in ("schools/qx-shiyan/", "reports/", "supervisors/lu-qinghe/", "bulletins/", "signs/"):
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", page(url).text), url
    v = Visit(browser, demo_host)  # 360 px
    try:
        v.open("")
        assert v.page.locator(".dd-large-toggle").inner_text().strip().endswith("大字")
        assert v.page.is_visible(".dd-large-toggle__label")
    finally:
        v.close()
