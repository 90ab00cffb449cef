"""Figures in a bulletin's or a report's text, from the data: a placeholder such as
`{{visits:2025-2026}}` is filled with the number `/annual/` and the open data give for that
period, so a narrative can never say 238 where the records say 229; and a number written as
plain text beside the words that name a figure (到校 238 校次, 整改率 95%) is compared with
the computed one where the paragraph names one period and no other.

A figure is any number of the open data's `annual` dataset (its column name: `visits`,
`rectification_rate`, `on_time_rate` …), counted as `/annual/` counts it. A period is a school
year (`2025-2026`), a calendar year (`2025`), a half year (`2026-H1`, `2026-H2`) or a month
(`2026-03`); in plain text: 2025—2026学年, 2025年, 2026年上半年, 2026年3月.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import annual, opendata
from ..model.diagnostics import Pos, Problems
from ..sources.linking import Site

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*[:：]\s*([0-9]{4}(?:-[0-9]{4}|-H[12]|-[0-9]{2})?)\s*\}\}")
# The figures shown as a percentage (their data is a share, 0–1).
SHARES = ("coverage", "rectification_rate", "on_time_rate")

# Plain text: the periods a paragraph may name, and the figures it may state.
_SCHOOL_YEAR = re.compile(r"(\d{4})\s*[-—–~至到]\s*(\d{4})\s*学年")
_HALF = re.compile(r"(\d{4})\s*年\s*([上下])半年")
_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_YEAR = re.compile(r"(\d{4})\s*年(?!\s*\d{1,2}\s*月|\s*[上下]半年)(?:度)?")
_STATED = (
    ("visits", re.compile(r"(?:经常性督导|到校督导|到校)[^。；;\d%{}]{0,12}?(\d[\d,]*)\s*(?:校次|次|人次)")),
    ("on_time_rate", re.compile(r"按期整改率[^。；;\d%{}]{0,8}?(\d+(?:\.\d+)?)\s*[%％]")),
    ("rectification_rate", re.compile(r"(?<!按期)整改率[^。；;\d%{}]{0,8}?(\d+(?:\.\d+)?)\s*[%％]")),
)


@dataclass(frozen=True)
class Found:
    key: str
    period: str
    line: int  # within the text, from 0
    text: str  # as written


def period(key: str) -> annual.Period | None:
    """The period a placeholder names, or None when it names none."""
    if m := re.fullmatch(r"(\d{4})-(\d{4})", key):
        return annual.school_year(dt.date(int(m[1]), 9, 1)) if int(m[2]) == int(m[1]) + 1 else None
    if m := re.fullmatch(r"(\d{4})-H([12])", key):
        year, first = int(m[1]), m[2] == "1"
        return annual.Period(key, "half", dt.date(year, 1 if first else 7, 1), dt.date(year, 6, 30) if first else dt.date(year, 12, 31))
    if m := re.fullmatch(r"(\d{4})-(\d{2})", key):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            return None
        end = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
        return annual.Period(key, "month", dt.date(year, month, 1), end)
    if re.fullmatch(r"\d{4}", key):
        return annual.Period(key, "year", dt.date(int(key), 1, 1), dt.date(int(key), 12, 31))
    return None


class Figures:
    """The figures of every period asked for, each worked out once, as the open data has them."""

    def __init__(self, site: Site, years=()):
        """`years`: the figures of `/annual/`'s periods, worked out already."""
        self.site = site
        dataset = opendata.columns(site)["annual"]
        self.columns = {c.name: c for c in dataset.columns if c.type.startswith(("integer", "number"))}
        self.first = annual.first_regular(site)
        self.made: dict[str, annual.AnnualFigures] = {f.period.key: f for f in years}

    def value(self, key: str, period_key: str):
        """The figure's value (as the data has it), or raise KeyError/ValueError."""
        column = self.columns[key]
        span = period(period_key)
        if span is None or span.start > self.site.build_date:
            raise ValueError(period_key)
        if period_key not in self.made:
            self.made[period_key] = annual.figures(self.site, span, self.first)
        return column.get(self.made[period_key])

    def shown(self, key: str, period_key: str) -> str:
        value = self.value(key, period_key)
        if value is None:
            return "—"
        if key in SHARES:
            return f"{value * 100:.1f}%"
        return f"{value:g}" if isinstance(value, float) else str(value)


def placeholders(text: str) -> list[Found]:
    return [Found(m[1], m[2], text.count("\n", 0, m.start()), m[0]) for m in PLACEHOLDER.finditer(text)]


def fill(text: str, figures: Figures) -> str:
    """The text with each placeholder replaced by its figure (one it cannot fill is left as
    written: `check` reports it, and a build with errors writes nothing)."""
    def one(m: re.Match) -> str:
        try:
            return figures.shown(m[1], m[2])
        except (KeyError, ValueError):
            return m[0]
    return PLACEHOLDER.sub(one, text)


def _named_period(paragraph: str) -> str | None:
    """The one period a paragraph names, as a placeholder writes it; None for none or several."""
    named = {f"{m[1]}-{m[2]}" for m in _SCHOOL_YEAR.finditer(paragraph)}
    rest = _SCHOOL_YEAR.sub("", paragraph)
    named |= {f"{m[1]}-H{1 if m[2] == '上' else 2}" for m in _HALF.finditer(rest)}
    named |= {f"{m[1]}-{int(m[2]):02d}" for m in _MONTH.finditer(rest)}
    named |= {m[1] for m in _YEAR.finditer(_MONTH.sub("", _HALF.sub("", rest)))}
    return next(iter(named)) if len(named) == 1 else None


def check(text: str, first_line: int, path: str, figures: Figures, problems: Problems, plain_text: bool = True) -> None:
    """Placeholders that name no figure or period: errors. Figures written as plain text that
    differ from the computed ones (`plain_text`): warnings, where the paragraph names one period."""
    for found in placeholders(text):
        where = Pos(path, first_line + found.line)
        if found.key not in figures.columns:
            problems.add(where, "figure.unknown", text=found.text, allowed=", ".join(figures.columns))
            continue
        try:
            figures.value(found.key, found.period)
        except ValueError:
            problems.add(where, "figure.no-period", text=found.text, period=found.period)
    if not plain_text:
        return
    offset = 0
    for paragraph in re.split(r"\n\s*\n", text):
        start = text.index(paragraph, offset)
        offset = start + len(paragraph)
        plain = PLACEHOLDER.sub(" ", paragraph)
        span = _named_period(plain)
        if span is None:
            continue
        for key, pattern in _STATED:
            for m in pattern.finditer(plain):
                try:
                    value = figures.value(key, span)
                except ValueError:
                    break
                if value is None:
                    continue
                said = float(m[1].replace(",", ""))
                decimals = len(m[1].split(".")[1]) if "." in m[1] else 0
                computed = round(value * 100, decimals) if key in SHARES else value
                if said != computed:
                    line = first_line + text.count("\n", 0, start + paragraph.find(m[0][:8]))
                    problems.add(Pos(path, line), "figure.differs", said=m[0].strip(), computed=figures.shown(key, span),
                                 period=span, placeholder=f"{{{{{key}:{span}}}}}")
