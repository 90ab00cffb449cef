"""Charts drawn at build time as static, accessible SVG: a title and a description for
screen readers, a <title> on every mark for a tooltip, and the same numbers in a table
beside each chart (the templates put it there). No chart library, nothing loaded."""

from __future__ import annotations

import hashlib

from markupsafe import Markup

from ..model.escaping import text as escape  # drawn inline in pages: inert for HTML and Markdown

COLOURS = {"missed": "#c62828", "partial": "#f9a825", "covered": "#2e7d32",
           "overdue": "#c62828", "open": "#ef6c00", "in_progress": "#1565c0", "done": "#2e7d32",
           "bar": "#3949ab"}


def _svg(width: int, height: int, title: str, desc: str, body: str) -> Markup:
    n = hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]  # stable across builds, unique per title
    return Markup(
        f'<svg class="dd-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="chart{n}-t chart{n}-d" '
        f'font-family="sans-serif" font-size="12">'
        f'<title id="chart{n}-t">{escape(title)}</title><desc id="chart{n}-d">{escape(desc)}</desc>{body}</svg>')


def heatmap(title: str, desc: str, columns: list[tuple[int, int, str]], rows: list[tuple[str, list[int]]],
            required: int) -> Markup:
    """Rows of cells coloured by visits against the required number (0, fewer, enough).
    Columns are months (year, month, the month as the site writes it): each month's number
    stands over its column, level and whole, and the year over the first month of each year;
    every text is at least 12 px."""
    label_w, cell, head = 170, 30, 44
    width = label_w + cell * len(columns) + 10
    height = head + cell * len(rows) + 10
    parts = []
    year = None
    for i, (col_year, col_month, _) in enumerate(columns):
        x = label_w + i * cell + (cell - 2) / 2
        if col_year != year:
            year = col_year
            parts.append(f'<text x="{label_w + i * cell}" y="{head - 24}" font-weight="bold">{year}</text>')
        parts.append(f'<text x="{x}" y="{head - 6}" text-anchor="middle">{col_month}</text>')
    for j, (label, values) in enumerate(rows):
        y = head + j * cell
        parts.append(f'<text x="{label_w - 6}" y="{y + cell * .6}" text-anchor="end">{escape(label[:13])}</text>')
        for i, value in enumerate(values):
            state = "missed" if value == 0 else "partial" if value < required else "covered"
            parts.append(f'<rect x="{label_w + i * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                         f'fill="{COLOURS[state]}"><title>{escape(label)} {escape(columns[i][2])}：{value}</title></rect>'
                         f'<text x="{label_w + i * cell + (cell - 2) / 2}" y="{y + cell * .6}" text-anchor="middle" '
                         f'fill="{"#000" if state == "partial" else "#fff"}">{value}</text>')
    return _svg(width, height, title, desc, "".join(parts))


def stacked_bars(title: str, desc: str, states: list[tuple[str, str]], rows: list[tuple[str, dict]]) -> Markup:
    """One horizontal bar per row, split by state; `states` is [(key, label)]."""
    label_w, bar_h, gap, legend_h, plot_w = 170, 20, 8, 28, 360
    biggest = max((sum(c.values()) for _, c in rows), default=0) or 1
    height = legend_h + len(rows) * (bar_h + gap) + 10
    parts = []
    x = 0
    for key, label in states:
        parts.append(f'<rect x="{label_w + x}" y="4" width="12" height="12" fill="{COLOURS[key]}"/>'
                     f'<text x="{label_w + x + 16}" y="14">{escape(label)}</text>')
        x += 22 + 13 * len(label)
    for j, (label, counts) in enumerate(rows):
        y = legend_h + j * (bar_h + gap)
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h * .75}" text-anchor="end">{escape(label[:14])}</text>')
        offset = 0.0
        for key, state_label in states:
            value = counts.get(key, 0)
            if not value:
                continue
            w = plot_w * value / biggest
            parts.append(f'<rect x="{label_w + offset:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{COLOURS[key]}">'
                         f'<title>{escape(label)} · {escape(state_label)}：{value}</title></rect>')
            offset += w
        parts.append(f'<text x="{label_w + offset + 4:.1f}" y="{y + bar_h * .75}">{sum(counts.values())}</text>')
    return _svg(label_w + plot_w + 50, height, title, desc, "".join(parts))


def bars(title: str, desc: str, rows: list[tuple[str, float]], unit: str = "") -> Markup:
    """Simple horizontal bars, one number each."""
    label_w, bar_h, gap, plot_w = 170, 18, 8, 360
    biggest = max((v for _, v in rows), default=0) or 1
    height = len(rows) * (bar_h + gap) + 10
    parts = []
    for j, (label, value) in enumerate(rows):
        y = 5 + j * (bar_h + gap)
        w = plot_w * value / biggest
        shown = f"{value:g}{unit}"
        parts.append(f'<text x="{label_w - 6}" y="{y + bar_h * .75}" text-anchor="end">{escape(label[:14])}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{COLOURS["bar"]}">'
                     f'<title>{escape(label)}：{escape(shown)}</title></rect>'
                     f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h * .75}">{escape(shown)}</text>')
    return _svg(label_w + plot_w + 60, height, title, desc, "".join(parts))
