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
                                                 for s in r["schools"].split(";")})
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
