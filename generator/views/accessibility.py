"""The accessibility statement (无障碍声明), made from the figures of the last audit.

`make audit` builds the demo district and runs axe-core on one page of each kind
(`bench/audit.py` lists them) in chromium at phone width, then writes the pages and the counts
of violations by impact into `accessibility.json` beside this module; the browser tests run the same audit and fail when
a page's counts differ from that file, so the statement can never claim more than is true.
The statement page says what was checked, when, with which tool, what was found, and what
the site offers (large text, high contrast, a school list that needs no script …).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

FIGURES = Path(__file__).with_name("accessibility.json")
IMPACTS = ("critical", "serious", "moderate", "minor")

@lru_cache(maxsize=1)
def figures() -> dict:
    """The last audit: {"tool", "audited", "viewport", "pages": {kind: {impact: count}},
    "names": {kind: [its name in the statement, the demo page audited]}}; {} if none."""
    try:
        return json.loads(FIGURES.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def summary() -> dict:
    """What the statement shows: totals by impact, and each kind of page with its counts."""
    data = figures()
    pages = data.get("pages", {})
    names = data.get("names", {})
    rows = [(names[kind][0], counts) for kind, counts in pages.items() if kind in names]
    totals = {impact: sum(counts.get(impact, 0) for _, counts in rows) for impact in IMPACTS}
    try:  # a date, shown as every date on the site is
        audited = dt.date.fromisoformat(data.get("audited", ""))
    except (TypeError, ValueError):
        audited = None
    return {"tool": data.get("tool", ""), "audited": audited, "viewport": data.get("viewport", ""),
            "rows": rows, "totals": totals}
