"""End to end: the demo district built as a visitor sees it, one page kind at a time."""

from __future__ import annotations

import datetime as dt
import re


from conftest import (BUILD_DATE, BULLETINS, EPOCH, PUBLIC_BULLETINS, PUBLIC_REPORTS, REPORTS, ROOT, SCHOOLS,
                      SUPERVISORS, ZONES)


def tel(number: str) -> str:
    return "tel:" + re.sub(r"\D", "", number)


def test_demo_is_as_large_as_promised():
    types = {s["type"] for s in SCHOOLS.values()}
    assert len(ZONES) >= 5 and len(SCHOOLS) >= 40 and len(SUPERVISORS) >= 10
    assert types == {"kindergarten", "primary", "junior", "senior", "nine_year", "twelve_year",
                     "complete_secondary", "special", "vocational", "other"}
    assert any(s.get("status") == "closed" and s.get("successor") for s in SCHOOLS.values())
    assert any(s.get("status") == "former" for s in SUPERVISORS.values())
    kinds = {r["kind"] for r in REPORTS.values()}
    assert {"regular", "special", "comprehensive", "joint", "random"} <= kinds
    statuses = {r.get("status", "published") for r in REPORTS.values()}
    assert {"published", "draft", "withdrawn"} <= statuses
    assert any(r.get("status", "published") == "published" and r["published"] > "2026-11-20" for r in REPORTS.values())
    assert {b["kind"] for b in BULLETINS.values()} == {"bulletin", "notice", "newsletter", "plan", "summary"}
    rect_states = {x["status"] for r in REPORTS.values() for x in r.get("rectifications", [])}
    assert rect_states == {"open", "in_progress", "done"}


def test_home_page(page):
    home = page("")
    assert "清溪区责任督学挂牌督导公示平台" in home.text
    assert "清溪区人民政府教育督导室" in home.text
    assert ("tel:051260001234", "0512-60001234") in home.links
    # the counts a visitor reads, checked against the records themselves
    active = sum(1 for s in SUPERVISORS.values() if s.get("status", "active") == "active")
    open_rects = sum(1 for r in PUBLIC_REPORTS.values() if r.get("status", "published") != "withdrawn"
                     for x in r.get("rectifications", []) if x["status"] != "done")
    counts = dict(re.findall(r"(\d+)\n?\s*(学校|在任责任督学|督导报告|未完成整改)", home.text))
    assert counts == {str(len(SCHOOLS)): "学校", str(active): "在任责任督学",
                      str(len(PUBLIC_REPORTS)): "督导报告", str(open_rects): "未完成整改"} or (
        {v: int(k) for k, v in counts.items()} == {"学校": len(SCHOOLS), "在任责任督学": active,
                                                  "督导报告": len(PUBLIC_REPORTS), "未完成整改": open_rects})
    # a prominent way to find a school: letter index and the four groupings
    assert "查找学校" in home.text
    for label in ("按拼音", "按乡镇（街道）", "按学段", "按责任区"):
        assert home.resolve(home.link_to(label)).startswith("schools/")
    # latest bulletins, newest first
    newest = max(PUBLIC_BULLETINS.values(), key=lambda b: b["published"])
    assert newest["title"] in home.text


def test_school_listings_group_every_school(page):
    for url, headings in (("schools/", None), ("schools/by-township/", {"城关街道", "清水镇", "未填写乡镇"}),
                          ("schools/by-type/", {"幼儿园", "小学", "完全中学", "特殊教育学校"}),
                          ("schools/by-zone/", {z["name"] for z in ZONES.values()})):
        listing = page(url)
        for school in SCHOOLS.values():
            assert school["name"] in listing.text, (url, school["name"])
        if headings:
            for heading in headings:
                assert heading in listing.text, (url, heading)
    letters = page("schools/")
    # 清溪区实验幼儿园 sits under S: the district prefix is skipped
    s_group = letters.html.replace("<wbr>", "").split('id="letter-s"')[1].split("</section>")[0]
    q_group = letters.html.replace("<wbr>", "").split('id="letter-q"')[1].split("</section>")[0]
    # The district's name is skipped with or without its 区: both are under S.
    assert "清溪区实验幼儿园" in s_group and "清溪实验小学" in s_group and "清溪实验小学" not in q_group


def test_school_page_is_the_online_sign(page, demo_site):
    school = SCHOOLS["qx-shiyan"]
    sign = page("schools/qx-shiyan/")
    primary = SUPERVISORS[school["supervisors"][0]]
    assert primary["name"] in sign.text and "专职督学" in sign.text
    assert (tel(primary["phone"]), primary["phone"]) in sign.links
    photo = [s for s in sign.srcs if "photos" in s]
    assert photo, "the sign shows the supervisor's photo"
    assert (demo_site / "schools/qx-shiyan" / photo[0]).resolve().is_file()
    for duty in ("对学校依法依规办学进行监督", "向教育督导部门报告情况，并向政府有关部门提出意见"):
        assert duty in sign.text
    other = SUPERVISORS[school["supervisors"][1]]
    assert "协同督学" in sign.text and other["name"] in sign.text
    zone = ZONES[school["zone"]]
    assert zone["name"] in sign.text and SUPERVISORS[zone["leader"]]["name"] in sign.text
    assert ("tel:051260001234", "0512-60001234") in sign.links and "政务服务便民热线" in sign.text
    assert school["sign_no"] in sign.text and school["liaison"]["name"] in sign.text
    assert "清溪县实验小学" in sign.text  # former name
    # rectifications: overdue and open ones before the done ones
    rect_part = sign.text.split("整改情况")[1].split("督导记录")[0]
    states = re.findall(r"(已逾期|整改中|未整改|已整改)", rect_part)
    assert "已逾期" in states
    done_rows = [i for i, s in enumerate(states) if s == "已整改"]
    not_done = [i for i, s in enumerate(states) if s in ("未整改", "整改中")]
    assert not_done and done_rows and max(not_done) < min(done_rows)
    # inspection history: the latest twelve on the sign, every one on the history page, newest first
    mine = sorted((r for r in PUBLIC_REPORTS.values() if "qx-shiyan" in r.get("schools", ())),
                  key=lambda r: r["visited"], reverse=True)
    assert len(mine) > 12
    history = sign.html.split('id="history"')[1].split('id="info"')[0]
    dates = re.findall(r'<time datetime="(20\d\d-\d\d-\d\d)">', history)
    assert dates == [r["visited"] for r in mine[:12]]
    full = page("schools/qx-shiyan/history/")
    assert sign.resolve(sign.link_to(f"查看全部 {len(mine)} 份督导报告和全部整改事项 →")) == "schools/qx-shiyan/history/"
    full_dates = re.findall(r'<time datetime="(20\d\d-\d\d-\d\d)">', full.html.split("督导记录")[-1])
    assert full_dates == [r["visited"] for r in mine]
    for report in mine:
        assert report["title"] in full.text


def test_school_page_lists_bulletins_naming_it(page):
    sign = page("schools/qs-zhongxin-xx/")
    naming = [b for b in PUBLIC_BULLETINS.values() if "qs-zhongxin-xx" in b.get("schools", [])]
    assert naming
    for bulletin in naming:
        href = sign.link_to(bulletin["title"])
        assert sign.resolve(href).startswith("bulletins/")


def test_closed_school_names_its_successor(page):
    closed = page("schools/qs-taolin-xx/")
    assert "已停止办学" in closed.text
    successor = SCHOOLS["qs-zhongxin-xx"]["name"]
    assert closed.resolve(closed.link_to(successor)) == "schools/qs-zhongxin-xx/"
    assert "清水镇中心小学桃林分校" in page("schools/qs-zhongxin-xx/").text


def test_every_school_page_is_small(demo_site):
    sizes = {p.parent.name: p.stat().st_size for p in (demo_site / "schools").glob("*/index.html")}
    sizes.update({f"{p.parent.parent.name}/history": p.stat().st_size
                  for p in (demo_site / "schools").glob("*/history/index.html")})
    assert len([k for k in sizes if not k.startswith("by-") and "/" not in k]) == len(SCHOOLS)
    assert max(sizes.values()) < 40_000, max(sizes.items(), key=lambda kv: kv[1])


def test_supervisor_pages(page):
    sup = page("supervisors/lu-qinghe/")
    data = SUPERVISORS["lu-qinghe"]
    assert data["name"] in sup.text and data["position"] in sup.text and data["certificate"] in sup.text
    assert (tel(data["phone"]), data["phone"]) in sup.links
    assert "发现问题并督促学校整改" in sup.text
    for sid, school in SCHOOLS.items():
        if "lu-qinghe" in school["supervisors"]:
            assert school["name"] in sup.text
    written = [r for r in PUBLIC_REPORTS.values() if "lu-qinghe" in r["supervisors"]]
    every = page("supervisors/lu-qinghe/reports/")  # the page itself shows the latest twelve
    assert len(written) > 12 and all(r["title"] in every.text for r in written)
    latest = sorted(written, key=lambda r: r["visited"], reverse=True)[:12]
    assert all(r["title"] in sup.text for r in latest)
    former = page("supervisors/gu-yuanfan/")
    assert "已离任" in former.text
    listing = page("supervisors/")
    assert "离任督学" in listing.text and "顾远帆" in listing.text.split("离任督学")[1]
    # 单 is read shan, 区 ou, in the order of the listing (pinyin within each zone)
    assert "单晓岚" in listing.text and "区嘉宁" in listing.text


def test_zone_pages(page):
    zone = page("zones/zone-1/")
    assert "陆清禾" in zone.text and "组长" in zone.text
    for school in SCHOOLS.values():
        if school["zone"] == "zone-1":
            assert school["name"] in zone.text
    assert "近期督导报告" in zone.text
    listing = page("zones/")
    for z in ZONES.values():
        assert z["name"] in listing.text


def test_report_page_shows_everything(page, demo_site):
    report = REPORTS["special-2026-canteen"]
    view = page("reports/special-2026-canteen/")
    for expected in ("专项督导", report["topic"], "2026年4月14日", "2026年4月18日", "2026年5月4日"):
        assert expected in view.text, expected
    for sid in report["schools"]:
        assert view.resolve(view.link_to(SCHOOLS[sid]["name"])) == f"schools/{sid}/"
    for sup in report["supervisors"]:
        assert SUPERVISORS[sup]["name"] in view.text
    assert "食堂、食品、饮水及宿舍卫生情况" in view.text  # the finding's checklist name
    overdue = [x for x in report["rectifications"]
               if x["status"] != "done" and dt.date.fromisoformat(x["deadline"]) < BUILD_DATE]
    assert overdue and view.text.count("已逾期") == len(overdue)
    attachment = view.link_to(report["attachments"][0]["title"])
    assert (demo_site / view.resolve(attachment)).read_bytes().startswith(b"%PDF")
    assert "主要成绩" in view.text  # the narrative
    assert "清溪区2026年第一期教育督导公报" in view.text  # the bulletin naming it links back


def test_report_with_rating_and_corrections(page):
    comp = page("reports/comp-2025-qx-diyi-wz/")
    assert "评定等级" in comp.text and "优秀" in comp.text
    corrected = [k for k, r in PUBLIC_REPORTS.items() if r.get("corrections")]
    assert corrected
    view = page(f"reports/{corrected[0]}/")
    assert "更正说明" in view.text and REPORTS[corrected[0]]["corrections"][0]["note"] in view.text


def test_withdrawn_report_keeps_its_address_without_content(page):
    """A withdrawn report says so first (before its details), with the reason and the day it
    was withdrawn, and its title says so too, wherever the title is shown."""
    view = page("reports/qx-hexi-xx-2026-03/")
    record = REPORTS["qx-hexi-xx-2026-03"]
    text = " ".join(view.text.split())
    assert "已撤回" in view.text and record["withdrawn_reason"] in view.text
    assert "河西小学三月督导原文内容" not in view.html
    assert view.html.index("dd-withdrawn-notice") < view.html.index('class="dd-facts"')
    assert "撤回日期 ： 2026年4月2日" in text or "撤回日期：2026年4月2日" in text.replace(" ", "")
    assert f"<title>{record['title']}（已撤回） - " in view.html
    assert f"<h1>{record['title']}（已撤回）</h1>" in view.html.replace("<wbr>", "")


def test_report_listings_by_year_and_kind(page):
    index = page("reports/")
    years = sorted({(r.get("published") or r["visited"])[:4] for r in PUBLIC_REPORTS.values()}, reverse=True)
    for year in years:
        assert index.resolve(index.link_to(f"{year}年")) == f"reports/{year}/"
        listing = page(f"reports/{year}/")
        for r in PUBLIC_REPORTS.values():
            if (r.get("published") or r["visited"])[:4] == year:
                assert r["title"] in listing.text
    assert "经常性督导" in page("reports/2026/").text


def test_bulletins(page):
    listing = page("bulletins/")
    for b in PUBLIC_BULLETINS.values():
        assert b["title"] in listing.text
    notices = sorted((b for b in PUBLIC_BULLETINS.values() if b["kind"] == "notice"),
                     key=lambda b: b["published"], reverse=True)
    positions = [listing.text.index(b["title"]) for b in notices]
    assert positions == sorted(positions), "newest first"
    view = page("bulletins/bulletin-2026-1/")
    assert "清教督〔2026〕8号" in view.text and "2026年7月20日" in view.text
    assert view.resolve(view.link_to("清水镇中心小学")) == "schools/qs-zhongxin-xx/"
    assert "reports/special-2026-canteen/" in {view.resolve(h) for h, _ in view.links}
    plan = page("bulletins/plan-2026/")
    assert "月度安排" in plan.text and "<table" in plan.html and "食堂食品安全专项督导" in plan.text


def test_free_pages_contact_and_404(page, demo_site):
    about = page("about/")
    assert "责任督学挂牌督导" in about.text
    # a site-absolute link in a record's Markdown becomes relative (sub-path hosting)
    assert about.link_to("五个督学责任区") == "../zones/"
    contact = page("contact/")
    assert "0512-60001234" in contact.text and "责任督学" in contact.text and "来访须知" in contact.text
    not_found = (demo_site / "404.html").read_text(encoding="utf-8")
    assert "页面不存在" in not_found and "返回首页" in not_found


def test_footer_on_every_page(demo_site):
    for path in demo_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "苏ICP备00000000号" in html and "苏公网安备32000000000000号" in html, path
        assert "3200000000" in html and "清溪区人民政府教育督导室" in html, path


def test_nothing_is_loaded_from_elsewhere(demo_site):
    from conftest import Page

    for path in demo_site.rglob("index.html"):
        view = Page(demo_site, str(path.parent.relative_to(demo_site)).replace(".", ""))
        for src in view.srcs:
            assert not re.match(r"^(https?:)?//", src), (path, src)
    assert "fonts.googleapis" not in "".join(p.read_text(encoding="utf-8") for p in demo_site.rglob("*.html"))


def test_record_pages_stay_out_of_the_nav(page):
    for url in ("", "schools/qx-shiyan/", "reports/special-2026-canteen/"):
        view = page(url)
        chrome = view.html[view.html.index("md-tabs"):view.html.index('class="md-content"')]
        targets = {view.resolve(h) for h in re.findall(r'href="([^"#]+)"', chrome)}
        assert {"schools/", "reports/", "bulletins/", "about/", "contact/"} <= targets
        records = {t for t in targets if re.match(r"^(schools|supervisors|zones|reports|bulletins)/[^/]+/$", t)}
        assert not records, (url, records)


def test_drafts_and_embargoed_are_not_built(demo_site):
    assert not (demo_site / "reports/qx-boya-2026-11-draft").exists()
    assert not (demo_site / "reports/special-2026-afterschool").exists()
    assert not (demo_site / "bulletins/notice-2026-draft").exists()
    assert (demo_site / "reports/qx-hexi-xx-2026-03/index.html").exists()


def test_a_school_shows_its_earlier_supervisors(page, demo_site):
    school = page("schools/bl-zx/")
    assert "曾任责任督学：唐书怡（2023年5月1日 — 2026年2月28日）" in school.text
    assert ("../../supervisors/tang-shuyi/", "唐书怡") in school.links
    # In open data too: the current one first, then the earlier ones.
    import csv

    rows = [row for row in csv.DictReader((demo_site / "data/terms.csv").read_text(encoding="utf-8-sig").splitlines())
            if row["school"] == "bl-zx"]
    assert [(r["supervisor"], r["since"], r["until"], r["current"]) for r in rows] == [
        ("xie-wenlan", "2026-03-01", "", "true"), ("tang-shuyi", "2023-05-01", "2026-02-28", "false")]
    assert "曾任责任督学" not in page("schools/qx-shiyan/").text  # only where there was one


def test_a_report_by_a_supervisor_out_of_office_is_a_warning(tmp_path):
    from conftest import FIXTURES, copy_project, run_dudao

    project = copy_project(FIXTURES / "tiny", tmp_path / "p")
    sup = project / "content/supervisors/wang-fang.yml"
    sup.write_text(sup.read_text(encoding="utf-8") + "since: 2026-10-13\n", encoding="utf-8")
    result = run_dudao("check", str(project))
    assert result.returncode == 0
    assert "content/reports/r1.md:5:15: warning[report.supervisor-not-in-office]: 督学 王芳（'wang-fang'）在督导日期 " \
           "2026-10-12 不在任（任期 2026-10-13 至 …）" in result.stderr, result.stderr
    report = project / "content/reports/r1.md"
    report.write_text(report.read_text(encoding="utf-8").replace("visited: 2026-10-12", "visited: 2026-10-13"),
                      encoding="utf-8")
    assert "supervisor-not-in-office" not in run_dudao("check", str(project)).stderr


def test_the_work_schedule_shows_planned_against_done(page):
    schedule = page("schedule/")
    text = " ".join(schedule.text.split())
    # A special review that named its report is done, with a link to it; one that named none
    # is not done once its month is over; next month's work is planned.
    assert "2025年12月 计划 5 项，已完成 3 项" in text
    assert ("../reports/comp-2025-qx-diyi-wz/", "清溪区第一中学办学水平综合督导评估报告") in schedule.links
    assert "随机督查：冬季校园安全随机督查 第二责任区 未完成" in text
    assert "学校食堂食品安全专项督导 第一责任区 计划中" in text
    # The office's other work of the five "一"s is done once held; a request not collected
    # by the end of its month is not done.
    assert "例会：责任督学月度工作例会（一月一例会） 全体责任督学 已完成：2025年12月26日" in text
    assert "需求征集：征集各校需要督导室协调解决的问题（需求征集）各校于12月20日前报送 全部学校 未完成" in text
    assert "考核：2025年度责任督学工作考核（一年一考核） 全体责任督学 已完成：2025年12月30日" in text
    assert "培训：新任责任督学岗前培训 陆清禾、沈砚秋 已完成：2026年9月12日" in text
    # A month's round of regular visits is counted from the reports.
    assert "经常性督导：各责任区经常性督导（一月一督导）每所学校至少到校一次。 全部学校 已完成（39/39 所学校已到校督导）" in text
    dashboard = " ".join(page("dashboard/").text.split())
    assert "工作安排完成情况" in dashboard and "2025年12月 5 3 2" in dashboard


def test_schedule_mistakes_are_located(tmp_path):
    from conftest import FIXTURES, copy_project, run_dudao

    project = copy_project(FIXTURES / "tiny", tmp_path / "p")
    (project / "content/schedule").mkdir()
    (project / "content/schedule/2026-11.yml").write_text(
        "month: 2026-11\nactivities:\n  - id: a\n    kind: regular\n    topic: 到校督导\n    reports: [r1]\n"
        "  - id: a\n    kind: special\n    topic: 走访\n"
        "  - id: b\n    kind: special\n    topic: 走访\n    held: 2026-11-03\n", encoding="utf-8")
    (project / "content/schedule/2026-12.yml").write_text(
        "month: 2026-13\nactivities:\n  - id: a\n    kind: visit\n    topic: 走访\n", encoding="utf-8")
    lines = [line for line in run_dudao("check", str(project)).stderr.splitlines() if "[" in line]
    assert lines == [
        "content/schedule/2026-11.yml:6:15: warning[schedule.report-month]: 工作安排 'a' 是 2026-11 的计划，"
        "但所列报告 'r1' 的督导日期是 2026-10-12。请核对",
        "content/schedule/2026-11.yml:7:5: error[schedule.duplicate-id]: 工作安排 'a' 的编号在本月重复。请改用另一个编号"
        " (另见 content/schedule/2026-11.yml:3:5)",
        "content/schedule/2026-11.yml:10:5: warning[schedule.held-report-kind]: 工作安排 'b' 是督导工作，以公开的督导报告为完成依据，"
        "held 日期不计。请在 reports 中填写报告编号",
        "content/schedule/2026-12.yml:1:8: error[field.month]: 'month' 的值 '2026-13' 不是月份。请写成 2026-03 这样的格式",
        "content/schedule/2026-12.yml:4:11: error[field.enum]: " + lines[4].split("error[field.enum]: ")[1],
    ]


def test_every_open_rectification_is_followed_to_the_end(page, demo_site):
    import csv
    import datetime as dt

    from conftest import BUILD_DATE

    rows = list(csv.DictReader((demo_site / "data/rectifications.csv").read_text(encoding="utf-8-sig").splitlines()))
    open_rows = [r for r in rows if r["status"] != "done"]
    listing = page("rectifications/")
    text = " ".join(listing.text.split())
    overdue = [r for r in open_rows if r["overdue"] == "true"]
    assert f"共 {len(open_rows)} 项，其中已逾期 {len(overdue)} 项。" in text and overdue
    assert "本页为第" not in text and "dd-pages" not in listing.html  # the demo's list fits one page
    body = listing.html.split('class="dd-table dd-open-rects"')[1].split("</tbody>")[0]
    deadlines = re.findall(r'data-label="整改期限"><time datetime="([\d-]+)"', body)
    # The longest overdue first (the earliest deadline in force, after any extension), then the
    # others' nearest deadline first.
    late = sorted(r["deadline_in_force"] for r in overdue)
    due = sorted(r["deadline_in_force"] for r in open_rows if r["deadline"] and r["overdue"] != "true")
    assert deadlines == late + due and late and due
    assert any(r["deadline_in_force"] != r["deadline"] for r in overdue)  # the demo's extended item is among them
    oldest = min(overdue, key=lambda r: r["deadline_in_force"])
    days = (BUILD_DATE - dt.date.fromisoformat(oldest["deadline_in_force"])).days
    assert f"{days} 天" in text and oldest["school_name"] in text and oldest["item_name"] in text
    # A zone's page lists its schools' items only; a supervisor's, those of the schools they answer for.
    zone_one = {s for s, school in SCHOOLS.items() if school["zone"] == "zone-1"}
    zone = page("zones/zone-1/rectifications/")
    assert zone.html.count("<tr") - 1 == len([r for r in open_rows if r["school"] in zone_one])
    # The district's page counts each zone's items, linked to the zone's list.
    by_zone = listing.html.split('class="dd-table dd-open-by-zone"')[1].split("</tbody>")[0]
    row = re.search(r'href="../zones/zone-1/rectifications/">[^<]+</a></td><td[^>]*>(\d+)</td>', by_zone)
    assert row and int(row.group(1)) == len([r for r in open_rows if r["school"] in zone_one]) > 0
    mine = {s for s, school in SCHOOLS.items() if school["supervisors"][0] == "lu-qinghe"}
    sup = page("supervisors/lu-qinghe/rectifications/")
    assert sup.html.count("<tr") - 1 == len([r for r in open_rows if r["school"] in mine])
    assert ("rectifications/", "未完成的整改 →") in page("supervisors/lu-qinghe/").links


def test_open_items_come_longest_overdue_first_and_a_long_list_goes_on_in_pages(monkeypatch):
    """Overdue items lead, the longest overdue first, then the others by deadline, the nearest
    first; a list longer than a page goes on in further pages, linked from each, and no item
    is left out (a city keeps tens of thousands: here three to a page)."""
    from generator.build.pipeline import check
    from generator.pages.rendering import render_pages
    from generator.views import followup

    monkeypatch.setattr(followup, "LISTED_AT_MOST", 3)
    checked = check(ROOT, EPOCH)
    lists = [page for page in checked.plan.pages if page.url.startswith("rectifications/")]
    made = {page.url: page.text for page in render_pages(checked.site, lists)}
    total = sum(1 for r in PUBLIC_REPORTS.values() if r.get("status") != "withdrawn"
                for x in r.get("rectifications", []) if x["status"] != "done")
    pages = -(-total // 3)
    assert total > 6 and pages >= 3
    seen = []
    for number in range(1, pages + 1):
        html = made["rectifications/" if number == 1 else f"rectifications/page/{number}/"]
        assert f"共 {total} 项" in html and f"本页为第 {number} 页，共 {pages} 页" in html
        nav = html.split('class="dd-tabs dd-pages"')[1].split("</nav>")[0]
        assert nav.count("<a ") == pages and 'aria-current="page"' in nav
        rows = html.split('class="dd-table dd-open-rects"')[1].split("</tbody>")[0].split("<tr")[2:]
        assert len(rows) == (3 if number < pages else total - 3 * (pages - 1))
        for row in rows:
            overdue = re.search(r"(\d+) 天", row)
            deadline = re.search(r'<time datetime="([\d-]+)"', row)
            seen.append((0, -int(overdue.group(1))) if 'class="dd-overdue"' in row else
                        (1, deadline.group(1)) if deadline else (2, ""))
        assert ("dd-open-by-zone" in html) == (number == 1)
    assert len(made) == pages
    assert len(seen) == total and seen == sorted(seen) and seen[0][0] == 0 and seen[-1][0] > 0


def test_a_follow_up_visit_and_the_report_it_verified_link_to_each_other(page, demo_site):
    special = page("reports/special-2026-canteen/")
    assert ("../qs-zhongxin-xx-2026-05/", "清水镇中心小学2026年5月经常性督导报告") in special.links
    assert "回头看：清水镇中心小学2026年5月经常性督导报告" in " ".join(special.text.split())
    files = [href for href, text in special.links if text == "清水镇中心小学整改报告"]
    assert files and (demo_site / "reports/special-2026-canteen" / files[0]).resolve().is_file()
    later = page("reports/qs-zhongxin-xx-2026-05/")
    assert "本次回头看核实的整改事项" in later.text
    assert ("../special-2026-canteen/", "2026年春季学期学校食堂食品安全专项督导报告") in later.links


def test_a_parent_can_raise_a_concern_and_sees_what_is_checked(page, demo_site):
    from urllib.parse import parse_qs, unquote, urlsplit

    school = page("schools/qx-shiyan/")
    text = " ".join(school.text.split())
    concern = text.split("反映问题")[1].split("经常性督导事项")[0]
    assert "本校责任督学 陆清禾：0512-60002100" in concern and "督导监督电话）：0512-60001234" in concern
    assert "政务服务便民热线：12345" in concern and "微信公众号：清溪教育督导" in concern
    mail = next(href for href, label in school.links if label == "写信给督导室（已填好学校名称）")
    parts = urlsplit(mail)
    query = parse_qs(parts.query)
    assert parts.scheme == "mailto" and unquote(parts.path) == "dudao@qingxi.example.cn"
    assert query["subject"] == ["关于清溪实验小学的意见和建议"] and query["body"][0].startswith("学校：清溪实验小学\n")
    assert 'class="dd-qr dd-qr--message"' in school.html  # the message board's QR code
    # What the supervisor checks: the configured items, on the page and on the printed sign.
    svg = (demo_site / "signs/qx-shiyan.svg").read_text(encoding="utf-8")  # the print shops' file
    for name in ("校务管理和制度执行情况", "食堂、食品、饮水及宿舍卫生情况"):
        assert name in text.split("经常性督导事项")[1] and name in page("signs/qx-shiyan/").text and name in svg


def test_terms_link_to_the_glossary_where_they_first_appear(page):
    glossary = page("glossary/")
    for term in ("责任督学", "专项督导", "综合督导", "整改", "回头看", "通报", "评定等级"):
        assert term in glossary.text
    report = page("reports/special-2026-canteen/")
    term_links = [(href, text) for href, text in report.links if "glossary/#" in href]
    assert ("../../glossary/#special", "专项督导") in term_links
    assert len(term_links) == len(set(term_links))  # each term linked once: where it first appears
    school = page("schools/qx-shiyan/")
    kinds = [text for href, text in school.links if href.endswith("glossary/#regular")]
    assert kinds == ["经常性督导"] and school.text.count("经常性督导") > 3  # the rows after it are plain text
    anchors = set(re.findall(r'<dt id="([a-z-]+)">', glossary.html))
    every_page = [page(u) for u in ("reports/special-2026-canteen/", "schools/qx-shiyan/", "bulletins/",
                                     "reports/comp-2025-qx-diyi-wz/")]
    targets = {href.split("#")[1] for p in every_page for href, _ in p.links if "glossary/#" in href}
    assert targets and targets <= anchors


def test_government_site_footer_site_map_and_statements(page):
    home = page("")
    import html as html_lib

    footer = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", home.html.split('dd-footer"')[1].split("</footer>")[0]))
                      .split())
    for words in ("主办单位：清溪区人民政府教育督导室", "承办单位：清溪区教育局信息中心", "网站地图", "隐私声明", "版权声明",
                  "我为政府网站找错", "苏ICP备00000000号", "网站标识码：3200000000"):
        assert words in footer, words
    assert "https://beian.mps.gov.cn/#/query/webSearch?code=32000000000000" in home.html
    site_map = page("sitemap/")
    for title in ("学校 · 按乡镇（街道）", "督导看板", "年度统计", "工作安排", "未完成的整改", "联系我们", "隐私声明"):
        assert title in site_map.text, title
    assert "Cookie" in page("privacy/").text and "清溪区人民政府教育督导室" in page("copyright/").text


def test_the_accessibility_statement_reports_the_last_audit(page):
    from generator.views import accessibility

    figures = accessibility.figures()
    statement = " ".join(page("accessibility/").text.split())
    n = len(figures["pages"])
    assert n == len(figures["names"]) > 20 and figures["tool"].startswith("axe-core ")
    day = dt.date.fromisoformat(figures["audited"])
    assert f"本站的 {n} 类页面于 {day.year}年{day.month}月{day.day}日 经 {figures['tool']}" in statement
    assert "严重级别问题 0 个，重要级别 0 个" in statement and "critical" not in statement
    moderate = sum(c["moderate"] for c in figures["pages"].values())
    assert f"中等级别 {moderate} 个" in statement
    assert "大字模式" in statement and "高对比模式" in statement
    assert "无障碍声明" in page("").html.split('dd-footer"')[1]


def test_a_line_break_between_chinese_characters_is_no_space_anywhere(demo_site):
    """Chinese puts no space between words: a line break inside a paragraph of a record's
    Markdown, between two Chinese characters or a character and its punctuation, reaches no
    page, search index or feed as a space. Each such break in the demo's records (there are
    some: the test fails without them) is looked for in the words around it, joined on the
    pages and never spaced anywhere."""
    import html as html_lib
    import json

    from generator.pages.rendering import CJK

    breaks = set()
    for source in (ROOT / "content").rglob("*.md"):
        body = source.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        breaks |= set(re.findall(rf"([{CJK}]{{4}})\n([{CJK}]{{4}})", body))
    assert len(breaks) >= 3, breaks
    texts = []
    for built in (*demo_site.rglob("*.html"), *demo_site.glob("feeds/**/*.xml"),
                  *demo_site.glob("assets/search/d/*.json")):  # pages, feeds, search excerpts
        raw = built.read_text(encoding="utf-8")
        if built.suffix == ".json":  # the search index's excerpts, as their characters
            raw = json.dumps(json.loads(raw), ensure_ascii=False).replace("\\n", "\n")
        text = html_lib.unescape(re.sub(r"<[^>]*>", "", html_lib.unescape(raw)))  # feeds hold escaped HTML
        texts.append(" ".join(text.split()))  # as a browser shows it: a line break is a space
    everything = "\n".join(texts)
    for before, after in sorted(breaks):
        assert before + after in everything, (before, after)
        assert f"{before} {after}" not in everything, (before, after)
    # The same check sees a break that became a space.
    assert "现予通报。 请该校" in " ".join("现予通报。\n请该校".split())


def test_pages_speak_the_publics_words_not_codes(page):
    """What a parent reads is Chinese words, not file formats or type codes: the open-data
    page names its column types (文本，可为空 …), a sign's print file is a 印刷文件, a feed is
    something to subscribe to, the public list of signs speaks to the public, and dates are
    written the one way."""
    types = set(re.findall(r'data-label="类型">([^<]*)<', page("data/").html))
    assert {"文本，可为空", "整数", "日期，可为空", "列表"} <= types
    assert not types & {"string", "string?", "integer", "integer?", "number?", "date", "date?", "boolean", "list"}
    signs = page("signs/")
    assert "印刷文件" in signs.text and not re.search(r"\bSVG\b", signs.text) and "请重新印制" not in signs.text
    school = page("schools/qx-shiyan/")
    assert "订阅更新" in school.text and "Atom" not in school.text
    plans = page("dashboard/").html.split('class="dd-table dd-plan-summary"')[1].split("</tbody>")[0]
    assert "年" in plans and not re.search(r">20\d\d-\d\d<", plans)  # months as 2026年11月, as elsewhere


def test_problems_name_the_records_they_speak_of(tmp_path):
    """A problem about a record that exists names it as the office knows it (王芳, 第二责任区),
    with the id its file writes: as the preview's banner and `dudao check` show it."""
    from conftest import FIXTURES, copy_project, run_dudao

    project = copy_project(FIXTURES / "tiny", tmp_path / "p")
    (project / "content/zones/z2.yml").write_text("name: 第二责任区\nleader: wang-fang\n", encoding="utf-8")
    said = run_dudao("check", str(project)).stderr
    assert "content/zones/z2.yml:2:9: warning[zone.leader-outside]: 组长 王芳（'wang-fang'）不属于本责任区，" \
           "而属于第一责任区（'z1'）" in said, said


def test_supervision_of_governments_has_its_pages_and_its_reports_stand_with_the_others(page, demo_site):
    """督政: a township's government has a page with its reports and their rectifications of no
    school; its reports are in the year's list under 督导对象, in the open data with their
    subjects, and its rectifications of no school belong to no school's page or zone."""
    import json

    listing = page("subjects/")
    assert ("bailu-zhen/", "白鹭镇人民政府") in listing.links and ("qu-weijian/", "区卫生健康委员会") in listing.links
    gov = page("subjects/bailu-zhen/")
    assert gov.title.startswith("白鹭镇人民政府") and "乡镇人民政府" in gov.text
    assert ("../../reports/duzheng-2026-bailu/", "白鹭镇人民政府履行教育职责督导评估报告") in gov.links
    assert "镇中心幼儿园生均公用经费未按标准足额拨付" in gov.text and "湖畔小学周边道路缺少交通安全设施" in gov.text
    report = page("reports/duzheng-2026-bailu/")
    assert "督导对象" in page("reports/2026/").text and ("../bailu-zhen/", "白鹭镇人民政府") not in report.links
    assert report.resolve(report.link_to("白鹭镇人民政府")) == "subjects/bailu-zhen/"
    year = page("reports/2026/")
    assert year.resolve(year.link_to("白鹭镇人民政府")) == "subjects/bailu-zhen/"
    reports = {r["id"]: r for r in json.loads((demo_site / "data/reports.json").read_text(encoding="utf-8"))}
    assert reports["duzheng-2026-bailu"]["subjects"] == ["bailu-zhen"] and reports["duzheng-2026-bailu"]["schools"] == []
    assert {r["id"]: r["rectifications"] for r in reports.values()}["duzheng-2026-bailu"][0]["school"] is None
    subjects = json.loads((demo_site / "data/subjects.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in subjects] == ["bailu-zhen", "qu-weijian"] and subjects[0]["reports"] == ["duzheng-2026-bailu"]
    # in the site's feed (its latest hundred entries), as any report
    assert "区卫生健康委员会学校卫生工作专项督导报告" in (demo_site / "feeds/all.xml").read_text(encoding="utf-8")
    # no school's page shows the government's rectifications
    assert "生均公用经费未按标准足额拨付" not in page("schools/bl-zhongxin-yey/").text
    assert "白鹭镇人民政府" not in page("zones/zone-4/").text


def test_survey_mistakes_are_located(tmp_path):
    from conftest import FIXTURES, copy_project, run_dudao

    project = copy_project(FIXTURES / "tiny", tmp_path / "p")
    (project / "content/surveys").mkdir()
    (project / "content/surveys/s.yml").write_text(
        "title: 测评\nrespondents: parents\nheld: 2026-06-01\noptions: [满意, 不满意]\nsatisfied: 2\n"
        "questions:\n  - {id: q1, text: 总体}\n  - {id: q1, text: 重复}\n"
        "results:\n  - school: qx-shiyan\n    answered: 5\n    answers:\n"
        "      - {question: q2, counts: [1, 1]}\n      - {question: q1, counts: [4, 2, 1]}\n"
        "  - school: qx-shiyan\n    answered: 8\n    answers:\n      - {question: q1, counts: [1, 1]}\n",
        encoding="utf-8")
    (project / "content/surveys/t.yml").write_text(  # a name where a count goes
        "title: 测评\nrespondents: parents\nheld: 2026-06-01\noptions: [满意, 不满意]\n"
        "questions:\n  - {id: q1, text: 总体}\nresults:\n  - answered: 张三\n    answers:\n"
        "      - {question: q1, counts: [1, 1]}\n", encoding="utf-8")
    lines = [line for line in run_dudao("check", str(project)).stderr.splitlines() if "error[" in line]
    assert lines == [
        "content/surveys/s.yml:5:12: error[survey.satisfied]: satisfied 为 2，但只有 2 个选项：至少要留一个不满意的选项",
        "content/surveys/s.yml:8:5: error[survey.duplicate-question]: 题目编号 'q1' 在本次测评中重复 (另见 content/surveys/s.yml:7:5)",
        "content/surveys/s.yml:13:9: error[survey.unknown-question]: 题目 'q2' 不在本次测评的 questions 中。可选：q1, q1",
        "content/surveys/s.yml:14:9: error[survey.counts-length]: 题目 'q1' 有 3 个人数，而选项有 2 个。请按选项依次填写人数",
        "content/surveys/s.yml:14:9: error[survey.more-than-answered]: 题目 'q1' 各选项人数之和 7 多于参加人数 answered（5）",
        "content/surveys/s.yml:15:5: error[survey.duplicate-scope]: 同一学校（或责任区、全区）的结果出现了两次。请合并 "
        "(另见 content/surveys/s.yml:10:5)",
        "content/surveys/t.yml:8:15: error[field.integer]: 'results[1].answered' 的值 '张三' 不是整数。请写成例如 10",
    ]
