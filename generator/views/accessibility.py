"""The accessibility statement (无障碍声明), made from the figures of the last audit.

`make audit` builds the demo district and runs axe-core on each kind of page below in
chromium at phone width, then writes the counts of violations by impact into
`accessibility.json` beside this module; the browser tests run the same audit and fail when
a page's counts differ from that file, so the statement can never claim more than is true.
The statement page says what was checked, when, with which tool, what was found, and what
the site offers (large text, high contrast, a school list that needs no script …).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

FIGURES = Path(__file__).with_name("accessibility.json")
IMPACTS = ("critical", "serious", "moderate", "minor")

# kind of page → (its name in the statement, the demo page audited)
AUDIT_PAGES: dict[str, tuple[str, str]] = {
    "home": ("首页", ""), "school list": ("学校列表", "schools/"),
    "schools by township": ("学校（按乡镇）", "schools/by-township/"), "school": ("学校页面", "schools/qx-shiyan/"),
    "closed school": ("已停办学校", "schools/qs-taolin-xx/"), "school history": ("学校督导记录", "schools/qx-shiyan/history/"),
    "supervisor list": ("责任督学列表", "supervisors/"), "supervisor": ("责任督学页面", "supervisors/shan-xiaolan/"),
    "supervisor reports": ("督学的全部报告", "supervisors/lu-qinghe/reports/"), "zone list": ("责任区列表", "zones/"),
    "zone": ("责任区页面", "zones/zone-2/"), "report list": ("督导报告", "reports/"), "report year": ("年度报告列表", "reports/2026/"),
    "report": ("督导报告页面", "reports/special-2026-canteen/"), "withdrawn report": ("已撤回的报告", "reports/qx-hexi-xx-2026-03/"),
    "bulletin list": ("通报公报", "bulletins/"), "bulletin": ("通报页面", "bulletins/bulletin-2026-1/"),
    "free page": ("文字页面", "about/"), "contact": ("联系我们", "contact/"), "search": ("搜索", "search/?q=实验小学"),
    "404": ("页面不存在", "no/such/page/"), "dashboard": ("督导看板", "dashboard/"), "signs": ("公示牌", "signs/"),
    "data": ("开放数据", "data/"), "annual": ("年度统计", "annual/2025-2026/"), "schedule": ("工作安排", "schedule/"),
    "open rectifications": ("未完成的整改", "rectifications/"), "glossary": ("术语解释", "glossary/"),
    "site map": ("网站地图", "sitemap/"), "accessibility": ("无障碍声明", "accessibility/"),
}


@lru_cache(maxsize=1)
def figures() -> dict:
    """The last audit: {"tool", "audited", "viewport", "pages": {kind: {impact: count}}}; {} if none."""
    try:
        return json.loads(FIGURES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def summary() -> dict:
    """What the statement shows: totals by impact, and each kind of page with its counts."""
    data = figures()
    pages = data.get("pages", {})
    rows = [(AUDIT_PAGES[kind][0], counts) for kind, counts in pages.items() if kind in AUDIT_PAGES]
    totals = {impact: sum(counts.get(impact, 0) for _, counts in rows) for impact in IMPACTS}
    return {"tool": data.get("tool", ""), "audited": data.get("audited", ""), "viewport": data.get("viewport", ""),
            "rows": rows, "totals": totals}
