"""The year's numbers: each figure of a school year's page is the open data counted again here,
and the page and /data/annual.json say the same."""

from __future__ import annotations

import csv
import json
import statistics

from conftest import BUILD_DATE


def rows(site, name):
    return list(csv.DictReader((site / f"data/{name}.csv").read_text(encoding="utf-8-sig").splitlines()))


def test_the_school_year_figures_are_the_records_counted(demo_site, page):
    start, end = "2025-09-01", "2026-08-31"
    reports = [r for r in rows(demo_site, "reports") if start <= r["visited"] <= end and r["status"] != "withdrawn"]
    ids = {r["id"] for r in reports}
    rects = [x for x in rows(demo_site, "rectifications") if x["report"] in ids]
    published = {r["id"]: r["published"] for r in reports}
    done = [x for x in rects if x["status"] == "done"]
    import datetime as dt

    days = [(dt.date.fromisoformat(x["closed"]) - dt.date.fromisoformat(published[x["report"]])).days
            for x in done if x["closed"]]
    figures = {f["period"]: f for f in json.loads((demo_site / "data/annual.json").read_text(encoding="utf-8"))}
    year = figures["2025-2026"]
    assert year["complete"] is (BUILD_DATE.isoformat() > end)
    assert sum(year[f"reports_{k}"] for k in ("regular", "special", "comprehensive", "joint", "random", "annual",
                                               "research")) == len(reports)
    assert year["reports_regular"] == sum(1 for r in reports if r["kind"] == "regular") > 100
    assert year["problems"] == len(rects) > 10 and year["rectified"] == len(done) > 5
    assert year["median_days"] == statistics.median(days)
    assert year["overdue"] == sum(1 for x in rects if x["overdue"] == "true")
    assert year["comprehensive_schools"] == len({s for r in reports if r["kind"] == "comprehensive"
                                                 for s in r["schools"].split(";") if s})
    # The page shows the same figures.
    shown = page("annual/2025-2026/")
    text = " ".join(shown.text.split())
    assert shown.title.startswith("2025—2026学年督导工作统计")
    assert f"发现问题（整改事项） {len(rects)} " in text and f"已整改 {len(done)} " in text
    assert f"整改率 {len(done) / len(rects) * 100:.1f}%" in text
    assert f"经常性督导到校次数 {year['visits']} " in text and f"一月一督导应到校次数 {year['target']}（" in text
    # Visits against the target: open schools × months since the records start, holidays left out.
    assert year["target"] == year["open_schools"] * year["months"] and year["visits"] <= year["reports_regular"]
    index = page("annual/")
    assert ("2025-2026/", "2025—2026学年督导工作统计") in index.links and ("2025/", "2025年督导工作统计") in index.links


def _judged(rects, on: str):
    """整改率's and 按期整改率's counts, from the open data's columns, as the reference defines
    them: due once done or past the deadline first set; on time if closed by it."""
    due = [x for x in rects if x["deadline"] and (x["status"] == "done" or x["deadline"] < on)]
    on_time = [x for x in due if x["status"] == "done" and (x["closed"] or on) <= x["deadline"]]
    not_yet = [x for x in rects if x["status"] != "done" and x["deadline"] and x["deadline"] >= on]
    return len(due), len(on_time), len(not_yet)


def test_rectification_rates_are_the_open_data_counted_again(demo_site, page):
    on = BUILD_DATE.isoformat()
    rects = rows(demo_site, "rectifications")
    reports = {r["id"]: r for r in rows(demo_site, "reports")}
    # every rectification's own judgement agrees with its columns
    for x in rects:
        due, on_time, _ = _judged([x], on)
        assert x["on_time"] == ("" if not due else "true" if on_time else "false"), x
        assert x["deadline_in_force"] == (x["extended_to"].split(";")[-1] if x["extended_to"] else x["deadline"])
        assert x["overdue"] == ("true" if x["status"] != "done" and x["deadline_in_force"]
                                and x["deadline_in_force"] < on else "false")
    extended = [x for x in rects if x["extended_to"]]
    assert extended and all(x["extended_by"] for x in extended)  # the demo has one, and it says what set it
    # a year's figures
    figures = {f["period"]: f for f in json.loads((demo_site / "data/annual.json").read_text(encoding="utf-8"))}
    for key, year in figures.items():
        start, end = (f"{key[:4]}-09-01", f"{key[5:]}-08-31") if "-" in key else (f"{key}-01-01", f"{key}-12-31")
        mine = [x for x in rects if start <= reports[x["report"]]["visited"] <= min(end, on)
                and reports[x["report"]]["status"] != "withdrawn"]
        assert (year["due"], year["on_time"], year["not_yet_due"]) == _judged(mine, on), key
        assert year["on_time_rate"] == (round(year["on_time"] / year["due"], 4) if year["due"] else None)
    # each zone's and each 责任督学's
    schools = {s["id"]: s for s in rows(demo_site, "schools")}
    for dataset, owner in (("zones", lambda s: s["zone"]), ("supervisors", lambda s: s["supervisor"])):
        for row in json.loads((demo_site / f"data/{dataset}.json").read_text(encoding="utf-8")):
            mine = [x for x in rects if x["school"] and owner(schools[x["school"]]) == row["id"]]
            assert row["rectifications"] == len(mine) and row["rectified"] == sum(x["status"] == "done" for x in mine)
            assert (row["due"], row["on_time"], row["not_yet_due"]) == _judged(mine, on), row["id"]
    # and the page says what the data says, beside the office's target
    year = figures["2025-2026"]
    text = " ".join(page("annual/2025-2026/").text.split())
    assert f"按期整改率 {year['on_time'] / year['due'] * 100:.1f}%（目标 90%，" in text
    assert f"按期完成 {year['on_time']} 项 ÷ 已到期 {year['due']} 项" in text


def test_each_school_at_a_glance_is_the_open_data_counted_again(demo_site, page):
    """Months visited this school year, the last visit and the latest comprehensive review."""
    import datetime as dt

    on = BUILD_DATE
    start = dt.date(on.year if on.month >= 9 else on.year - 1, 9, 1)
    reports = [r for r in rows(demo_site, "reports") if r["status"] != "withdrawn" and r["visited"] <= on.isoformat()]
    first = min(r["visited"] for r in reports if r["kind"] == "regular")
    months = set()
    day = max(start, dt.date.fromisoformat(first).replace(day=1))
    while (day.year, day.month) < (on.year, on.month):
        if day.month != 8:  # the demo's holiday month
            months.add(day.strftime("%Y-%m"))
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    checked = 0
    for school in json.loads((demo_site / "data/schools.json").read_text(encoding="utf-8")):
        mine = [r for r in reports if school["id"] in r["schools"].split(";")]
        visited = {r["visited"][:7] for r in mine if r["kind"] == "regular"} & months
        assert (school["months_visited"], school["months_due"]) == (len(visited), len(months)), school["id"]
        visits = [r for r in mine if r["kind"] != "annual"]
        last = max(visits, key=lambda r: (r["visited"], r["id"]), default=None)
        assert school["last_visit"] == (last["visited"] if last else None)
        comp = max((r for r in mine if r["kind"] == "comprehensive"), key=lambda r: (r["visited"], r["id"]), default=None)
        assert school["last_comprehensive"] == (comp["id"] if comp else None)
        cycle_start = on.replace(year=on.year - 3).isoformat()
        assert school["comprehensive_due"] is (school["status"] == "open" and (comp is None or comp["visited"] < cycle_start))
        checked += bool(comp)
    assert checked >= 2  # the demo has schools with a comprehensive review, and schools without
    ty = page("schools/ty-zx/")
    row = next(s for s in json.loads((demo_site / "data/schools.json").read_text(encoding="utf-8")) if s["id"] == "ty-zx")
    assert f"{row['months_visited']}/{row['months_due']} 个月" in ty.text
    assert "延期：2026年7月10日 → 2026年10月15日（依据 关于部分学校作业管理问题整改情况的通报）" in ty.text


def test_complaints_in_figures_are_the_records_and_the_open_data_counted_again(demo_site, page):
    """Each year's totals on /complaints/ are the month records added up, from their files and
    from the open data alike; the visits they led to are the reports prompted by complaints."""
    import yaml

    from conftest import ROOT

    files = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "content/complaints").glob("*.yml"))]
    data = json.loads((demo_site / "data/complaints.json").read_text(encoding="utf-8"))
    assert len(data) == len(files) >= 12
    assert sorted(r["received"] for r in data) == sorted(f["received"] for f in files)
    reports = rows(demo_site, "reports")
    prompted = [r for r in reports if r["prompted_by"] == "complaint"]
    assert prompted and sorted(v for r in data for v in r["visits"]) == sorted(r["id"] for r in prompted)
    text = " ".join(page("complaints/").text.split())
    for year in sorted({f["month"][:4] for f in files}):
        mine = [f for f in files if str(f["month"]).startswith(year)]
        received = sum(f["received"] for f in mine)
        in_time = sum(f.get("answered_in_time", 0) for f in mine)
        verified = sum(f.get("verified", 0) for f in mine)
        visits = sum(len(r["visits"]) for r in data if r["month"].startswith(year))
        assert f"{year} {received} {in_time}（{in_time / received * 100:.1f}%） {verified} {visits}" in text, year
        for key, name in (("fees", "收费"), ("workload", "课业负担")):
            column = sum(r[f"category_{key}"] for r in data if r["month"].startswith(year))
            assert column == sum(f.get("categories", {}).get(key, 0) for f in mine)
    # nothing on the page or in the data is anything but a count, an id, a month or a name of the office's lists
    assert set(data[0]) == {"id", "month", "zone", "zone_name", "school", "school_name", "received", "answered_in_time",
                            "verified", "visits", *(f"category_{c}" for c in ("admissions", "fees", "ethics", "workload",
                                                                              "safety", "canteen", "other")),
                            *(f"channel_{c}" for c in ("hotline", "citizen", "letter", "visit", "online", "supervisor"))}


def test_figures_written_into_a_text_are_the_open_datas(demo_site, page):
    """The demo's summary writes its year's figures as placeholders, and its bulletin the
    visits of a half year: each is filled with the number the open data gives (for the half
    year, counted again here from the reports), and no placeholder is left on the page."""
    figures = {f["period"]: f for f in json.loads((demo_site / "data/annual.json").read_text(encoding="utf-8"))}
    year = figures["2025"]
    summary = page("bulletins/summary-2025/")
    assert "{{" not in summary.html
    assert (f"经常性督导到校{year['visits']}校次，按月到校达标率{year['coverage'] * 100:.1f}%；各类督导发现问题"
            f"{year['problems']}个，已整改{year['rectified']}个，整改率{year['rectification_rate'] * 100:.1f}%，"
            f"按期整改率{year['on_time_rate'] * 100:.1f}%") in summary.text
    open_schools = {s["id"] for s in rows(demo_site, "schools") if s["status"] == "open"}
    half = sum(len(set(r["schools"].split(";")) & open_schools) for r in rows(demo_site, "reports")
               if r["kind"] == "regular" and r["status"] != "withdrawn" and "2026-01-01" <= r["visited"] <= "2026-06-30")
    bulletin = page("bulletins/bulletin-2026-1/")
    assert f"2026年上半年，全区责任督学共开展经常性督导{half}校次" in bulletin.text and half > 100


def test_a_figure_that_differs_from_the_records_is_named_and_a_bad_placeholder_refused(tmp_path):
    from conftest import FIXTURES, copy_project, run_dudao

    project = copy_project(FIXTURES / "tiny", tmp_path / "p")
    (project / "content/bulletins").mkdir()
    (project / "content/bulletins/b.md").write_text(
        "---\ntitle: 通报\nkind: notice\npublished: 2026-11-01\n---\n"
        "2026年10月，全区经常性督导到校 7 校次，整改率 95%。\n\n"  # one visit on record; no rectification
        "2026年上半年与2025年相比，到校 3 次。\n\n"  # two periods: not read
        "本月到校{{visits:2026-10}}校次，{{visitz:2026}}，{{visits:2027}}。\n", encoding="utf-8")
    lines = [line for line in run_dudao("check", str(project)).stderr.splitlines() if "[figure." in line]
    assert lines == [
        "content/bulletins/b.md:6: warning[figure.differs]: “经常性督导到校 7 校次”与记录统计的 2026-10 数字 1 不符。"
        "请核对，或改写为 {{visits:2026-10}}，由网站按记录自动填入",
        "content/bulletins/b.md:10: error[figure.no-period]: '{{visits:2027}}' 中的期间 2027 无法统计：应写成 2025-2026（学年）、"
        "2025（年度）、2026-H1（上半年）或 2026-03（月份），且不晚于生成网站之日",
        "content/bulletins/b.md:10: error[figure.unknown]: '{{visitz:2026}}' 中的数字名称不认识。可用：" + lines[2].split("可用：")[1],
    ]
    assert "visits" in lines[2] and "rectification_rate" in lines[2]


def test_survey_shares_are_the_answers_counted_again_and_too_few_are_never_shown(demo_site, page):
    """Each published share is the survey file's counts divided again here; a result with fewer
    than 10 answers has no share anywhere, and its counts are not in the open data; a question
    asked in two years is compared on the page."""
    import yaml

    from conftest import ROOT

    data = json.loads((demo_site / "data/survey_results.json").read_text(encoding="utf-8"))
    checked = hidden = 0
    for path in sorted((ROOT / "content/surveys").glob("*.yml")):
        survey = yaml.safe_load(path.read_text(encoding="utf-8"))
        for result in survey["results"]:
            for answers in result["answers"]:
                row = next(r for r in data if r["survey"] == path.stem and r["school"] == result.get("school")
                           and r["zone"] == result.get("zone") and r["question"] == answers["question"])
                counts = answers["counts"]
                if result["answered"] < 10:
                    assert row["shown"] is False and row["satisfied_share"] is None and row["option_shares"] == []
                    hidden += 1
                    continue
                assert row["satisfied_share"] == round(sum(counts[:survey["satisfied"]]) / sum(counts), 4)
                assert row["option_shares"] == [f"{n / sum(counts):.4f}" for n in counts]
                checked += 1
        # the district: the results shown added up (a hidden one is not the district's less the others')
        for question in survey["questions"]:
            counts = [sum(a["counts"][i] for r in survey["results"] if r["answered"] >= 10
                          for a in r["answers"] if a["question"] == question["id"])
                      for i in range(len(survey["options"]))]
            district = next(r for r in data if r["survey"] == path.stem and r["school"] is None and r["zone"] is None
                            and r["question"] == question["id"])
            assert district["satisfied_share"] == round(sum(counts[:survey["satisfied"]]) / sum(counts), 4)
    assert checked > 20 and hidden >= 2
    shown = page("surveys/jiazhang-2026/")
    assert "河西街道九年一贯制学校 9 参加人数不足 10 人，不公布结果" in " ".join(shown.text.split())
    years = page("surveys/")
    overall = [r for r in data if r["school"] is None and r["question"] == "overall"]
    expected = "；".join(f"{2025 + i}：{r['satisfied_share'] * 100:.1f}%" for i, r in
                        enumerate(sorted(overall, key=lambda r: r["survey"])))
    assert f"您对孩子所在学校的总体满意度 家长 {expected}" in " ".join(years.text.split())
