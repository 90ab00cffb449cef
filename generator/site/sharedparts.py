"""Parts of the engine's page frame drawn once for the many pages that draw them alike.

Material draws the nav, the tabs, the header, the footer, the styles, the scripts and its
script's settings anew for every page. For a page outside the nav (a school, a report: nine
pages in ten), no item of the nav is that page or holds it, so none is marked as the one open,
and the page has no previous or next page: what such a page brings to these parts is only where
their links start from. The theme's templates (`theme/main.html`, `theme/partials/nav.html`,
`theme/partials/header.html` around the page's title) hand each part to `shared`, which the
engine's process gives them (`engine._RUNNER`): a part drawn for one page outside the nav is
kept, with each link it wrote (the address given MkDocs's `url` filter, and what the filter
made of it), and given to the next page of the same folder and depth whose links come out the
same from where it is; any other page draws its own. Where `shared` is not given (MkDocs run as
it comes, as the bench's baseline does), the templates draw each part themselves: the pages are
the same, byte for byte. A project whose own `theme/` brings templates draws every part for
every page (`extra.shared_parts`, written by staging): a template of its own may show something
of the page itself, which a shared part would show for the first page only.
"""

from __future__ import annotations

from typing import Any, Callable

from jinja2 import pass_context
from markupsafe import Markup

# One engine run's parts (a process runs one build): (part, nav, folder, base) → (its HTML, its
# links as (address, as written)).
_DRAWN: dict[tuple[str, int, str, str], tuple[Markup, tuple[tuple[str, str], ...]]] = {}
# The addresses of each nav's pages, by the nav (kept with it, so that its id stays its own).
_NAV_URLS: dict[int, tuple[Any, frozenset[str]]] = {}
# The links of the parts being drawn, innermost last.
_DRAWING: list[list[tuple[str, str]]] = []


def linked(url_filter: Callable) -> Callable:
    """MkDocs's `url` filter, telling the parts being drawn what they link to."""
    @pass_context
    def url(context, value):
        made = url_filter(context, value)
        for links in _DRAWING:
            links.append((value, made))
        return made
    return url


def folder_of(url: str, nav_urls: frozenset[str]) -> str | None:
    """The folder of the page at `url` (MkDocs's address, `reports/r-1/`), or None when its
    parts are its own: it is in the nav (`nav_urls`), so marked as the one open in it."""
    if url in nav_urls:
        return None
    return url.rstrip("/").rpartition("/")[0]


def _allowed(context) -> bool:
    """Whether the staged configuration shares parts (`extra.shared_parts`: not when the
    project's own theme brings templates, `theme.copy_theme`)."""
    config = context.get("config")
    extra = config.get("extra") if hasattr(config, "get") else None
    return bool(extra.get("shared_parts")) if hasattr(extra, "get") else False


# The page whose links were last made, and each link made for it (the parts of a page share most).
_MADE: list = [None, {}]


def _same_links(context, page: Any, links: tuple[tuple[str, str], ...]) -> bool:
    """Whether each link comes out from `page` as it did from the page the part was drawn for."""
    if _MADE[0] is not page:
        _MADE[0], _MADE[1] = page, {}
    made_here = _MADE[1]
    link = context.environment.filters["url"]
    for value, made in links:
        here = made_here.get(value)
        if here is None:
            here = made_here[value] = link(context, value)
        if here != made:
            return False
    return True


@pass_context
def shared(context, part: str, draw: Callable[[], Any]) -> Markup:
    """`draw()`'s HTML, or the same part drawn for an earlier page outside the nav in the same
    folder, at the same depth, whose links all come out the same from this page."""
    page, nav, base = context.get("page"), context.get("nav"), context.get("base_url")
    url = getattr(page, "url", None)
    if nav is None or not isinstance(url, str) or not isinstance(base, str) or not _allowed(context):
        return Markup(draw())
    known = _NAV_URLS.get(id(nav))
    if known is None or known[0] is not nav:
        known = _NAV_URLS[id(nav)] = (nav, frozenset(item.url for item in nav.pages))
    folder = folder_of(url, known[1])
    if folder is None:
        return Markup(draw())
    key = (part, id(nav), folder, base)
    drawn = _DRAWN.get(key)
    if drawn is not None:
        if _same_links(context, page, drawn[1]):
            return drawn[0]
        return Markup(draw())
    links: list[tuple[str, str]] = []
    _DRAWING.append(links)
    try:
        html = Markup(draw())
    finally:
        _DRAWING.pop()
    _DRAWN[key] = (html, tuple(dict.fromkeys(links)))
    return html
