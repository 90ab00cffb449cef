"""`make audit`: build the demo district, run axe-core on every kind of page in chromium at
phone width, and write the counts into generator/views/accessibility.json, from which each build
makes its accessibility statement (/accessibility/). The browser tests run the same audit
and fail when a page's counts differ from the file.

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

from generator.views.accessibility import AUDIT_PAGES, FIGURES, IMPACTS  # noqa: E402

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
            browser.close()
        host.close()
    FIGURES.write_text(json.dumps({"tool": f"axe-core {version}", "audited": dt.date.today().isoformat(),
                                   "viewport": "360 × 740", "pages": pages}, ensure_ascii=False, indent=1) + "\n",
                       encoding="utf-8")
    bad = sum(c["critical"] + c["serious"] for c in pages.values())
    print(f"{len(pages)} kinds of page audited; critical and serious: {bad}; written to {FIGURES}")


if __name__ == "__main__":
    main()
