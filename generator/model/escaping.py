"""How text from records and `site_config.yml` reaches each kind of output, one function each.

Record text is typed by many hands and must always arrive as text, never as markup:

- `text` — page templates. Our pages are Markdown with HTML in it, which the engine converts
  again, so a name must be inert for both: HTML's special characters *and* the characters
  that start Markdown syntax (links, emphasis, code, attribute lists, headings, line breaks)
  become numeric character references, which both leave alone and a browser shows as the
  character. Templates get it through Jinja's `finalize`, so every `{{ value }}` is escaped
  unless it is already `Markup` (a macro's output, sanitised Markdown).
- `engine_text` — what dudao hands the engine for its own templates (page and nav titles,
  the site name, the footer's words). The engine's templates print these without escaping,
  as HTML, so they are escaped once here and printed as they are by ours.
- `script_json` — JSON inside `<script>` (JSON-LD, the browser's words): `<`, `>` and `&`
  as `\\u` escapes, so no text can close the element or open a comment.
- `csv_cell` — open data: a cell that Excel would run as a formula gets a leading `'`.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup, escape

# HTML's five, then what starts Markdown syntax inline or at a line's start, and line breaks.
_INERT = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]#|!\n\r"}


def text(value: Any) -> Markup:
    """`value` as text inside the Markdown-with-HTML the engine converts (element or attribute)."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(str(value).translate(_INERT))


def finalize(value: Any) -> Any:
    """Jinja's `finalize`: every `{{ … }}` that is not markup already is escaped by `text`."""
    if value is None or hasattr(value, "__html__"):
        return value
    return text(value)


def engine_text(value: str) -> str:
    """Text for the engine's templates, which print it as HTML: escaped once, here."""
    return str(escape(value))


def script_json(value: Any) -> Markup:
    """JSON that is safe inside a `<script>` element."""
    data = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return Markup(data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


# OWASP's advice on CSV injection: these first characters make a spreadsheet read a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A CSV cell that a spreadsheet shows as the text written, never runs."""
    return "'" + value if value.startswith(_FORMULA_START) else value
