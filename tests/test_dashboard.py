"""The dashboard's numbers on a small project whose true figures are known by construction
(built on 2026-11-20: complete months are June, July, September and October 2026, August
being a holiday month)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Page, build_ok, made_once

CONFIG = """site:
  title: 看板测试区
  authority: 看板测试区督导室
contact:
  hotline: 0512-60001234
visits_per_month: 1
holiday_months: [8]
targets:
  rectification_rate: 95
  on_time_rate: 90
comprehensive_cycle: 2
"""


def regular(school: str, sup: str, visited: str, published: str, extra: str = "") -> str:
    return (f"---\ntitle: {school} {visited}\nkind: regular\nschools: [{school}]\nsupervisors: [{sup}]\n"
            f"visited: {visited}\npublished: {published}\n{extra}---\n")


FILES = {
    "content/zones/a.yml": "name: 甲区\norder: 1\n",
    "content/zones/b.yml": "name: 乙区\norder: 2\n",
    "content/supervisors/s1.yml": "name: 陈一\nzone: a\nphone: 0512-60000001\n",
    "content/supervisors/s2.yml": "name: 林二\nzone: b\nphone: 0512-60000002\n",
    "content/schools/x1.yml": "name: 甲一小学\ntype: primary\nzone: a\nsupervisors: [s1]\n",
    "content/schools/x2.yml": "name: 甲二小学\ntype: primary\nzone: a\nsupervisors: [s1, s2]\n",
    "content/schools/y1.yml": "name: 乙一小学\ntype: primary\nzone: b\nsupervisors: [s2]\n",
    "content/schools/y2.yml": "name: 乙二小学\ntype: primary\nzone: b\nsupervisors: [s2]\nstatus: closed\n",
    # x1: every month, plus August (a holiday) and November (not over yet)
    "content/reports/x1-06.md": regular("x1", "s1", "2026-06-10", "2026-06-13",
                                        "rectifications:\n  - {id: r1, item: safety, issue: 围墙, deadline: 2026-07-10, "
                                        "status: done, closed: 2026-07-01}\n"),
    "content/reports/x1-07.md": regular("x1", "s1", "2026-07-08", "2026-07-11",
                                        "rectifications:\n  - {id: r1, item: safety, issue: 门卫, deadline: 2026-08-31, "
                                        "status: open}\n"),
    "content/reports/x1-08.md": regular("x1", "s1", "2026-08-05", "2026-08-08"),
    # past its deadline first set, but extended by the next visit beyond the build date:
    # not overdue, and not on time either
    "content/reports/x1-09.md": regular("x1", "s1", "2026-09-09", "2026-09-12",
                                        "rectifications:\n  - {id: r1, issue: 操场, deadline: 2026-10-01, status: open, "
                                        "extensions: [{deadline: 2026-12-15, report: x1-10, reason: 雨季施工}]}\n"),
    # done, but after its deadline: late
    "content/reports/x1-10.md": regular("x1", "s1", "2026-10-14", "2026-10-17",
                                        "rectifications:\n  - {id: r1, issue: 厕所, deadline: 2026-10-20, status: done, "
                                        "closed: 2026-10-30}\n"),
    "content/reports/x1-11.md": regular("x1", "s1", "2026-11-05", "2026-11-08"),
    # x2: June and twice in September; July and October missed
    "content/reports/x2-06.md": regular("x2", "s1", "2026-06-15", "2026-06-18",
                                        "rectifications:\n  - {id: r1, item: hygiene, issue: 饮水, deadline: 2026-12-31, "
                                        "status: in_progress}\n"),
    "content/reports/x2-09a.md": regular("x2", "s1", "2026-09-05", "2026-09-08"),
    "content/reports/x2-09b.md": regular("x2", "s1", "2026-09-20", "2026-09-23"),
    # y1: July and October; June (a draft only) and September (withdrawn) missed
    "content/reports/y1-06.md": regular("y1", "s2", "2026-06-09", "2026-06-12").replace(
        "published: 2026-06-12\n", "status: draft\n"),
    "content/reports/y1-07.md": regular("y1", "s2", "2026-07-08", "2026-07-11",
                                        "rectifications:\n  - {id: r1, item: hygiene, issue: 食堂, deadline: 2026-09-30, "
                                        "status: done, closed: 2026-08-20}\n"),
    "content/reports/y1-09.md": regular("y1", "s2", "2026-09-15", "2026-09-18",
                                        "status: withdrawn\nwithdrawn_reason: 数据有误\n"),
    "content/reports/y1-10.md": regular("y1", "s2", "2026-10-12", "2026-10-15"),
    "content/reports/special.md": (
        "---\ntitle: 专项\nkind: special\nschools: [x2, y1]\nsupervisors: [s2]\nvisited: 2026-09-20\n"
        "visited_until: 2026-09-22\npublished: 2026-10-01\nrectifications:\n"
        "  - {id: a, school: y1, item: safety, issue: 消防, deadline: 2026-12-01, status: open}\n"
        "  - {id: b, school: x2, issue: 台账, deadline: 2026-10-15, status: done, closed: 2026-10-11}\n---\n"),
    # comprehensive reviews (a cycle of two years, from 2024-11-20): y1's is too old, x2's this school year
    "content/reports/comp-y1.md": (
        "---\ntitle: 乙一小学综合督导\nkind: comprehensive\nschools: [y1]\nsupervisors: [s2]\nvisited: 2024-05-10\n"
        "published: 2024-05-20\nrating: 良好\n---\n"),
    "content/reports/comp-x2.md": (
        "---\ntitle: 甲二小学综合督导\nkind: comprehensive\nschools: [x2]\nsupervisors: [s2]\nvisited: 2026-09-25\n"
        "published: 2026-10-05\nrating: 优秀\n---\n"),
}


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory) -> Page:
    return Page(made_once(tmp_path_factory, "dashboard", write_and_build) / "site", "dashboard/")


def write_and_build(root: Path) -> None:
    (root / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    build_ok(root)


def table(page: Page, css_class: str, index: int = 0) -> list[list[str]]:
    """The rows of the `index`-th table with `css_class`, as lists of cell texts."""
    html = page.html.split(f'class="{css_class}')[index + 1].split("</table>")[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)]
            for r in rows]


def test_coverage_of_monthly_visits(dashboard):
    zone_a = table(dashboard, "dd-matrix dd-coverage", 0)
    assert zone_a == [["学校", "2026年6月", "2026年7月", "2026年9月", "2026年10月"],  # schools in pinyin order
                      ["甲二小学", "1", "0", "2", "0"],
                      ["甲一小学", "1", "1", "1", "1"]]
    zone_b = table(dashboard, "dd-matrix dd-coverage", 1)
    assert zone_b == [["学校", "2026年6月", "2026年7月", "2026年9月", "2026年10月"],
                      ["乙一小学", "0", "1", "0", "1"]]  # the closed school is not listed
    assert table(dashboard, "dd-table dd-missed", 0)[1:] == [["2026年7月", "甲二小学"], ["2026年10月", "甲二小学"]]
    assert table(dashboard, "dd-table dd-missed", 1)[1:] == [["2026年6月", "乙一小学"], ["2026年9月", "乙一小学"]]
    assert "达到要求的学校月份占 67%" in dashboard.text


def test_per_supervisor(dashboard):
    # rates: of the schools each is the 责任督学 of (s1: x1, x2; s2: y1, y2)
    assert table(dashboard, "dd-table dd-supervisor-stats")[1:] == [
        ["陈一", "2", "0", "1.75", "9", "50.0%（目标 95%，未达到）", "40.0%（目标 90%，未达到）"],
        ["林二", "1", "1", "0.5", "6", "50.0%（目标 95%，未达到）", "100.0%（目标 90%，已达到）"],  # the closed school does not count
    ]


def test_rectifications_by_zone_and_item(dashboard):
    header = ["已逾期", "未整改", "整改中", "已整改", "合计", "整改完成用时中位数（天）"]
    by_zone = table(dashboard, "dd-table dd-rect-stats", 0)
    assert by_zone[0][1:] == header
    assert by_zone[1:] == [["甲区", "1", "1", "1", "3", "6", "13"],
                           ["乙区", "0", "1", "0", "1", "2", "40"],
                           ["合计", "1", "2", "1", "4", "8", "15.5"]]
    by_item = table(dashboard, "dd-table dd-rect-stats", 1)
    assert by_item[1:] == [["校园及周边安全情况，学生交通安全情况", "1", "1", "0", "1", "3", "18"],
                           ["食堂、食品、饮水及宿舍卫生情况", "0", "0", "1", "1", "2", "40"],
                           ["—", "0", "1", "0", "2", "3", "11.5"],
                           ["合计", "1", "2", "1", "4", "8", "15.5"]]


def test_rectification_rates_beside_the_targets(dashboard):
    # 甲区: 6 found, 3 done; due: x1-06 and b (done on time), x1-10 (done late), x1-07 (past,
    # open), x1-09 (past the deadline first set, extended): 2 of 5 on time; x2-06 not yet due.
    # 乙区: y1-07 done on time; a not yet due.
    assert table(dashboard, "dd-table dd-rect-rates")[1:] == [
        ["全区", "8", "4", "50.0%（目标 95%，未达到）", "50.0%（目标 90%，未达到）", "2"],
        ["甲区", "6", "3", "50.0%（目标 95%，未达到）", "40.0%（目标 90%，未达到）", "1"],
        ["乙区", "2", "1", "50.0%（目标 95%，未达到）", "100.0%（目标 90%，已达到）", "1"],
    ]
    zone = Page(Path(dashboard.path).parents[1], "zones/a/")
    assert table(zone, "dd-table dd-annual dd-rect-figures") == [
        ["发现问题（整改事项）", "6"], ["已整改", "3"], ["整改率", "50.0%（目标 95%，未达到）"],
        ["按期整改率", "40.0%（目标 90%，未达到）按期完成 2 项 ÷ 已到期 5 项"], ["未到期（不计入按期整改率）", "1"],
        ["已逾期未整改", "1"]]


def test_an_extended_deadline_shows_its_history_and_is_not_overdue(dashboard):
    school = Page(Path(dashboard.path).parents[1], "schools/x1/")
    rows = {r[0].split("延期")[0]: r for r in table(school, "dd-table dd-rects")[1:]}
    assert rows["操场"][0] == "操场延期：2026年10月1日 → 2026年12月15日（依据 x1 2026-10-14） 雨季施工"
    assert rows["操场"][1:3] == ["未整改", "2026年12月15日"]  # the deadline in force, and not 已逾期
    assert rows["门卫"][1] == "未整改 已逾期"
    assert school.resolve(school.link_to("x1 2026-10-14")) == "reports/x1-10/"


def test_a_school_at_a_glance(dashboard):
    site = Path(dashboard.path).parents[1]
    glance = lambda school: [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", x.replace("<br>", " "))).strip()  # noqa: E731
                             for x in re.findall(r"<d[td]>(.*?)</d[td]>", Page(site, f"schools/{school}/").html
                                                 .split('class="dd-facts dd-glance"')[1].split("</dl>")[0], re.S)]
    assert glance("x1") == [
        "最近一次督导：", "2026年11月5日 x1 2026-11-05；", "本学年（2026-2027）按月督导：", "2/2 个月；",
        "整改：", "未完成 2 项其中逾期 1 项；", "最近综合督导：", "尚无 2 年内未进行综合督导，应安排；",
        "最近专项督导：", "无；"]
    assert glance("x2")[3] == "1/2 个月；"  # September, not October
    assert glance("x2")[7] == "2026年9月25日 · 评定等级：优秀 甲二小学综合督导；"  # within the cycle: not due
    assert glance("x2")[9] == "2026年9月20日 专项；"
    assert glance("y1")[7] == "2024年5月10日 · 评定等级：良好 乙一小学综合督导 2 年内未进行综合督导，应安排；"


def test_the_comprehensive_cycle(dashboard):
    # planned: 3 open schools ÷ 2 years, rounded up; done this school year: x2
    assert "本学年计划 2 所（办学中的学校的 1/2），已完成 1 所；2 年内未进行综合督导、应安排的学校 2 所" in dashboard.text
    assert table(dashboard, "dd-table dd-cycle")[1:] == [["甲区", "1", "1", "甲一小学"], ["乙区", "0", "1", "乙一小学"]]


def test_timeliness(dashboard):
    assert table(dashboard, "dd-table dd-timeliness")[1:] == [
        ["经常性督导", "11", "3", "3", "3"],
        ["专项督导", "1", "9", "9", "9"],
        ["综合督导", "2", "10", "10", "10"],
    ]


def test_charts_are_accessible_svg_with_the_same_numbers(dashboard):
    charts = re.findall(r'<svg class="dd-chart".*?</svg>', dashboard.html, re.S)
    assert len(charts) == 2 + 1 + 2 + 1  # two zone heat maps, supervisors, two rectification charts, timeliness
    for chart in charts:
        assert 'role="img"' in chart and "<title id=" in chart and "<desc id=" in chart
    heat_a = charts[0]
    cells = re.findall(r"<title>([^<]+)</title></rect>", heat_a)
    assert "甲二小学 2026年9月：2" in cells and "甲二小学 2026年7月：0" in cells
    timeliness = charts[-1]
    assert "经常性督导：3天" in timeliness and "专项督导：9天" in timeliness
    assert "http" not in "".join(re.findall(r'(?:href|src)="([^"]*)"', dashboard.html.split("md-content")[1]
                                            .split("md-footer")[0])).replace("http://www.w3.org", "")


def test_home_links_the_dashboard(dashboard):
    home = Page(Path(dashboard.path).parents[1], "")
    assert home.resolve(home.link_to("督导看板：每所学校是否每月都有督导、问题是否按期整改 →")) == "dashboard/"
