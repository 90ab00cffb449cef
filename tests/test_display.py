"""What a parent sees, at 360 px (a phone) and 1280 px (a desk), as the page comes and in 大字:
each defect found on the demo has a test here that would have caught it, and every page kind
passes the layout checks (no sideways scrolling, nothing overlapping, no text under 12 px or
16 px in 大字, no table cell narrower than four characters of its text, labelled table cells
when rows are stacked, headings that do not leave one character on a line)."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from browsing import Visit
from generator.views import accessibility

# Every kind of page the accessibility statement reports on, with the demo page that stands
# for it (generator/views/accessibility.json, written by `make audit`).
PAGE_KINDS = {kind: url for kind, (_, url) in accessibility.figures()["names"].items()}

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
  // the lines of an element's text, as [top, characters] (each character's box placed on a line)
  const linesOf = (e) => {
    const lines = [];
    const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode())
      for (let i = 0; i < node.length; i++) {
        if (!node.data[i].trim()) continue;
        const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
        const r = range.getBoundingClientRect();
        if (!r.width) continue;
        const line = lines.find(l => Math.abs(l[0] - r.top) < r.height / 2);
        if (line) line[1] += node.data[i]; else lines.push([r.top, node.data[i]]);
      }
    return lines;
  };
  // a name (of a school, a supervisor, a zone) with one of its characters alone on a line
  for (const a of document.querySelectorAll("article a.dd-name, .md-header a.dd-name")) {
    if (!visible(a) || a.getBoundingClientRect().height < 1.6 * parseFloat(getComputedStyle(a).fontSize)) continue;
    const lines = linesOf(a);
    if (lines.length > 1 && lines.some(l => l[1].length === 1))
      problems.push("one character of a name alone on a line: " + lines.map(l => l[1]).join("/"));
  }
  // a heading (or a sign's large line) split inside a word: each word (between two <wbr>, or a
  // space or a mark a line may break at) on one line, unless it is wider than its element
  for (const h of document.querySelectorAll("article h1, article h2, article h3, article .dd-words")) {
    if (!visible(h) || !h.querySelector("wbr")) continue;
    for (const node of h.childNodes) {
      if (node.nodeType !== 3) continue;
      for (const word of node.data.matchAll(/[^\s·・（）()、，。：；“”‘’「」《》]+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index); range.setEnd(node, word.index + word[0].length);
        const box = range.getBoundingClientRect();
        if (box.width > h.clientWidth) continue;
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) problems.push("a word of the heading split over lines: " + word[0]);
      }
    }
  }
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


# The display modes, and the switch that sets each.
MODES = {"normal": "", "large": ".dd-large-toggle", "contrast": ".dd-contrast-toggle"}
AXE = Path(str(resources.files("axe_playwright_python").joinpath("axe.min.js")))


# The rows of a long table after its first eight look as those do, unless they are marked out
# (a closed school, an overdue item, a total): axe reads the first eight and every marked row.
SAMPLE = "{exclude: [['tbody > tr:nth-child(n+9):not([class])']]}"
# A page's modes and widths are the same HTML under other styles: axe reads every rule once, on
# the page as it comes at a phone's width, and then only the rules a stylesheet can break.
STYLED = ["color-contrast", "link-in-text-block", "target-size", "scrollable-region-focusable", "avoid-inline-spacing"]


# At a desk's width, the pages whose parts change there (tables with their headers, charts,
# the home page's tab bar that every page shares); the others are one column as on a phone.
WIDE = {"home", "school", "report list", "zone list", "dashboard", "signs", "data", "annual",
        "schedule", "open rectifications", "supervisor", "accessibility", "supervisor reports"}


@pytest.fixture(scope="module")
def screens(browser, demo_host):
    """A screen of each width for the module, each test's a fresh visit (`Visit.reset`)."""
    made: dict[int, Visit] = {}
    yield lambda width: (made.get(width) or made.setdefault(width, Visit(browser, demo_host))).reset(width, 800)
    for v in made.values():
        v.close()


@pytest.mark.parametrize("width", [360, 1280], ids=["phone", "desk"])
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_every_page_kind_in_every_mode(screens, kind, width):
    """Each kind of page at a phone's and a desk's width, in each display mode (normal, 大字,
    高对比): the layout checks above find nothing, and axe-core finds nothing serious or
    critical: every rule on the page as it comes at a phone's width, and the rules a stylesheet
    can break (colour contrast among them) in each mode, there and on the pages whose parts
    change at a desk's. At a phone's width as the page comes, axe's counts are the ones the
    accessibility statement publishes."""
    v = screens(width)
    found = {}
    response = v.open(PAGE_KINDS[kind])
    assert response.status == (404 if kind == "404" else 200)
    for mode, switch in MODES.items():
        if mode != "normal":  # the reader presses the mode's switch (and lifts the one before)
            if v.page.locator(".dd-switch").count():
                if v.page.locator(".dd-switch[aria-pressed=true]").count():
                    v.page.click(".dd-switch[aria-pressed=true]")
                v.page.click(switch)
            else:  # a page without the switches (404) keeps the mode the reader chose before
                v.page.evaluate("k => { localStorage.clear(); localStorage.setItem(k, '1'); }", f"dudao.{mode}")
                v.page.reload()
            # the theme's colours change with a transition: what is read is where they settle
            # (taken to their end at once: waiting for them only kept the machine idle)
            v.page.evaluate("document.getAnimations().forEach(a => a.finish())")
        assert v.page.evaluate("document.documentElement.className.match(/dd-(large|contrast)/g) || []") == \
            ([] if mode == "normal" else [f"dd-{mode}"])
        found[mode] = v.page.evaluate(LAYOUT)
        if width > 640 and kind not in WIDE:
            continue  # the phone's page in a wider column: axe has read its parts at 360 px
        if not v.page.evaluate("typeof axe !== 'undefined'"):  # a mode's switch does not reload the page
            v.page.add_script_tag(path=str(AXE))
        counted = mode == "normal" and width == 360  # as the audit runs it, on the whole page
        result = v.page.evaluate("axe.run(document, {resultTypes: ['violations']})" if counted else
                                 "axe.run(%s, {runOnly: {type: 'rule', values: %s}, resultTypes: ['violations']})"
                                 % (SAMPLE, STYLED))
        found[mode] += [
            f"axe {violation['id']} ({violation['impact']}): {[n['target'] for n in violation['nodes']][:3]}"
            for violation in result["violations"] if violation["impact"] in ("serious", "critical")]
        if counted:
            counts = {impact: sum(1 for x in result["violations"] if x["impact"] == impact)
                      for impact in accessibility.IMPACTS}
            assert accessibility.figures()["pages"].get(kind) == counts, (
                f"{kind}: {counts}, but generator/views/accessibility.json says otherwise: run make audit")
    # the 404 page looks for the site's home above the missing address, and finds 404s first
    errors = [e for e in v.errors if not (kind == "404" and "status of 404" in e)]
    assert not errors and not v.outside_requests(), (errors, v.outside_requests())
    assert found == {mode: [] for mode in MODES}, found


@pytest.fixture(params=[360, 1280], ids=["phone", "desk"])
def visit(request, browser, demo_host):
    """A browser at a phone's or a desk's width."""
    v = Visit(browser, demo_host)
    v.page.set_viewport_size({"width": request.param, "height": 800})
    yield v
    v.close()


def test_the_checks_see_what_they_look_for(visit):
    """The layout checks find each kind of defect when it is there."""
    visit.open("reports/")
    visit.page.add_style_tag(content=".md-typeset .dd-table td[data-label]::before { content: none !important; }"
                                     "article { min-width: 2000px; }")
    visit.page.evaluate("""() => {
      const small = document.createElement('p'); small.textContent = '小字'; small.style.fontSize = '9px';
      document.querySelector('article').append(small);
      const h = document.createElement('h2'); h.textContent = '一二三四五六';
      h.style.cssText = 'width: 5.6em; text-wrap: wrap; font-size: 20px'; document.querySelector('article').append(h);
      const b = document.createElement('span'); b.textContent = '遮挡'; b.style.cssText = 'position: absolute; left: 0; top: 0; width: 100%; height: 3rem';
      document.querySelector('.md-header__inner').append(b);
      const name = document.querySelector('article a.dd-name');  // a name given too little room
      name.textContent = '单晓岚'; name.style.cssText = 'display: inline-block; width: 2.2em; word-break: normal';
      const h1 = document.querySelector('article h1');  // a heading allowed to break inside its words
      h1.innerHTML = '清溪区<wbr>责任督学<wbr>挂牌督导<wbr>公示平台'; h1.style.cssText = 'width: 5.5em; word-break: normal; font-size: 20px'; }""")
    found = " | ".join(visit.page.evaluate(LAYOUT))
    assert "one character of a name alone on a line: 单晓/岚" in found
    assert "a word of the heading split over lines" in found
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
    listing = page("schools/").html.replace("<wbr>", "")
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
