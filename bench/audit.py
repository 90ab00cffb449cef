"""`make audit`: build the demo district, run axe-core on every kind of page in chromium at
phone width, and write the counts into generator/views/accessibility.json, from which each build
makes its accessibility statement (/accessibility/). The browser tests run the same audit
and fail when a page's counts differ from the file. It also writes a screenshot of every kind
of page at 360 and 1280 px in each display mode (normal, 大字, 高对比) into
audit-screenshots/, with an index page, for a person to look at.

    python bench/audit.py
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from generator.views.accessibility import FIGURES, IMPACTS  # noqa: E402

# kind of page → (its name in the statement, the demo page audited)
AUDIT_PAGES: dict[str, tuple[str, str]] = {
    "home": ("首页", ""), "school list": ("学校列表", "schools/"),
    "schools by township": ("学校（按乡镇）", "schools/by-township/"), "school": ("学校页面", "schools/qx-shiyan/"),
    "closed school": ("已停办学校", "schools/qs-taolin-xx/"), "school history": ("学校督导记录", "schools/qx-shiyan/history/"),
    "supervisor list": ("责任督学列表", "supervisors/"), "supervisor": ("责任督学页面", "supervisors/shan-xiaolan/"),
    "supervisor reports": ("督学的全部报告", "supervisors/lu-qinghe/reports/"), "zone list": ("责任区列表", "zones/"),
    "zone": ("责任区页面", "zones/zone-2/"), "report list": ("督导报告", "reports/"), "report year": ("年度报告列表", "reports/2025/"),
    "report": ("督导报告页面", "reports/special-2026-canteen/"), "withdrawn report": ("已撤回的报告", "reports/qx-hexi-xx-2026-03/"),
    "bulletin list": ("通报公报", "bulletins/"), "bulletin": ("通报页面", "bulletins/bulletin-2026-1/"),
    "free page": ("文字页面", "about/"), "contact": ("联系我们", "contact/"), "search": ("搜索", "search/?q=实验小学"),
    "404": ("页面不存在", "no/such/page/"), "dashboard": ("督导看板", "dashboard/"), "signs": ("公示牌", "signs/"),
    "data": ("开放数据", "data/"), "annual": ("年度统计", "annual/2025-2026/"), "schedule": ("工作安排", "schedule/"),
    "open rectifications": ("未完成的整改", "rectifications/"), "glossary": ("术语解释", "glossary/"),
    "site map": ("网站地图", "sitemap/"), "accessibility": ("无障碍声明", "accessibility/"),
    "sign": ("学校公示牌", "signs/qx-shiyan/"), "annual list": ("年度统计列表", "annual/"),
    "zone rectifications": ("责任区未完成的整改", "zones/zone-1/rectifications/"), "privacy": ("隐私说明", "privacy/"),
    "complaints": ("举报投诉", "complaints/"), "subject": ("督政对象", "subjects/bailu-zhen/"),
    "survey": ("满意度测评", "surveys/jiazhang-2026/"),
}

AXE = Path(str(resources.files("axe_playwright_python").joinpath("axe.min.js")))


def audit(page) -> dict[str, int]:
    """Violations (rules) by impact on the open page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    counts = {impact: 0 for impact in IMPACTS}
    for violation in result["violations"]:
        counts[violation["impact"]] = counts.get(violation["impact"], 0) + 1
    return counts


def axe_version(page) -> str:
    return page.evaluate("axe.version")


def main() -> None:
    from browsing import Host, Visit, launch, playwright_api

    with tempfile.TemporaryDirectory() as work:
        site = Path(work) / "site"
        subprocess.run([sys.executable, "-m", "generator", "build", str(ROOT), "--out", str(site)], check=True,
                       capture_output=True)
        host = Host(site, "/")
        pages, version = {}, ""
        with playwright_api.sync_playwright() as p:
            browser = launch(p)
            for kind, (_, url) in AUDIT_PAGES.items():
                visit = Visit(browser, host)
                visit.open(url)
                pages[kind] = audit(visit.page)
                version = axe_version(visit.page)
                visit.close()
            shots = screenshots(browser, host)
            browser.close()
        host.close()
    FIGURES.write_text(json.dumps({"tool": f"axe-core {version}", "audited": dt.date.today().isoformat(),
                                   "viewport": "360 × 740", "pages": pages,
                                   "names": {kind: list(named) for kind, named in AUDIT_PAGES.items()}},
                                  ensure_ascii=False, indent=1) + "\n",
                       encoding="utf-8")
    bad = sum(c["critical"] + c["serious"] for c in pages.values())
    print(f"{len(pages)} kinds of page audited; critical and serious: {bad}; written to {FIGURES}")
    print(f"{shots} screenshots (every kind of page, 360 and 1280 px, normal, 大字 and 高对比): "
          f"{SCREENSHOTS / 'index.html'}")


# Where the screenshots go, for a person to look at (not kept in the repository).
SCREENSHOTS = ROOT / "audit-screenshots"
MODES = {"normal": ("", "正常"), "large": ("dudao.large", "大字"), "contrast": ("dudao.contrast", "高对比")}


def screenshots(browser, host) -> int:
    """Every kind of page at a phone's and a desk's width in each display mode, whole pages,
    with an index page showing them side by side."""
    import html
    import shutil

    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    rows = []
    for kind, (name, url) in AUDIT_PAGES.items():
        cells = []
        for mode, (key, label) in MODES.items():
            for width in (360, 1280):
                context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=1)
                if key:
                    context.add_init_script(f"try {{ localStorage.setItem('{key}', '1'); }} catch (e) {{}}")
                page = context.new_page()
                page.goto(host.base + url)
                page.wait_for_timeout(200)  # the finder and search scripts settle
                shot = SCREENSHOTS / f"{width}-{mode}" / f"{kind.replace(' ', '-')}.png"
                shot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shot), full_page=True)
                context.close()
                cells.append(f'<td><a href="{shot.relative_to(SCREENSHOTS)}">{label} · {width}</a></td>')
        rows.append(f"<tr><th>{html.escape(name)}</th>{''.join(cells)}</tr>")
    (SCREENSHOTS / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>dudao · 各类页面截图</title>"
        "<table border=1 cellpadding=4><tr><th>页面</th>" + "".join(
            f"<th>{label} · {w}</th>" for _, label in MODES.values() for w in (360, 1280)) + "</tr>"
        + "".join(rows) + "</table>", encoding="utf-8")
    return len(AUDIT_PAGES) * len(MODES) * 2


if __name__ == "__main__":
    main()
