"""The one place that owns addresses.

Every page's address (`url`, relative to the site root, '' for home, always
ending in '/'), the Markdown file it is staged as, and the relative links between
pages come from here, so a site works under any sub-path (`/dudao/`) and no other
module builds a path by hand. Record addresses are permanent (printed on signs).
"""

from __future__ import annotations

from urllib.parse import quote

from .kinds import KINDS

# Addresses of the site's own, besides the kinds' sections: a free page may not take these ids.
OWN_ADDRESSES = ("assets", "media", "search", "data", "signs", "dashboard", "feeds", "404", "index", "annual",
                 "rectifications", "glossary", "sitemap", "accessibility")


def sections() -> tuple[str, ...]:
    """The sections whose listing pages sit at /<name>/: each kind's (`kinds`) that has one."""
    return tuple(kind.section for kind in KINDS.values() if kind.section)


def reserved_page_ids() -> frozenset[str]:
    return frozenset(sections() + OWN_ADDRESSES)


def home() -> str:
    return ""


def section(name: str) -> str:
    assert name in sections()
    return f"{name}/"


def record(kind: str, record_id: str) -> str:
    section = KINDS[kind].section
    return f"{record_id}/" if section is None else f"{section}/{record_id}/"


def record_at(url: str) -> tuple[str, str] | None:
    """The kind and id of the record whose own page is at `url` (`record`), where the
    address is of that form: the preview plans the pages open in a browser by it."""
    parts = url.split("/")
    if len(parts) != 3 or parts[2] or not parts[1]:
        return None
    kinds = [kind.name for kind in KINDS.values() if kind.section == parts[0] and kind.page_template]
    return (kinds[0], parts[1]) if len(kinds) == 1 else None


def of(rec) -> str:
    """The permanent address of a model record."""
    return record(_kind_of(rec), rec.id)


def _kind_of(obj) -> str:
    return type(obj).__name__.lower()


def listing(section_name: str, part: str) -> str:
    """A sub-listing such as /schools/by-type/ or /reports/2024/."""
    return f"{section(section_name)}{part}/"


def school_history(school_id: str) -> str:
    """A school's full inspection history, when its page shows only the latest."""
    return f"{record('school', school_id)}history/"


def supervisor_history(supervisor_id: str) -> str:
    """Every report a supervisor wrote, when their page shows only the latest."""
    return f"{record('supervisor', supervisor_id)}reports/"


def annual(key: str = "") -> str:
    """The year's numbers: /annual/, and /annual/2025-2026/ (a school year) or /annual/2025/."""
    return f"annual/{key}/" if key else "annual/"


def rectifications(kind: str = "", record_id: str = "", page: int = 1) -> str:
    """Open rectifications: the district's at /rectifications/, a zone's or a supervisor's
    beside their page (/zones/<id>/rectifications/); a long list's further pages below it
    (/rectifications/page/2/)."""
    first = f"{record(kind, record_id)}rectifications/" if kind else "rectifications/"
    return first if page == 1 else f"{first}page/{page}/"


def site_map() -> str:
    """The 网站地图 page (for people; sitemap.xml is for search engines)."""
    return "sitemap/"


def glossary(term: str = "") -> str:
    """The glossary page, or a term on it."""
    return f"glossary/#{term}" if term else "glossary/"


def contact() -> str:
    return "contact/"


def search() -> str:
    return "search/"


FINDER_DATA = "assets/finder.json"


def media_file(path_in_media: str) -> str:
    """Where an attachment under content/media/ is published: the same relative path."""
    return f"media/{path_in_media}"


def media(path_in_media: str) -> str:
    """The address of an attachment, percent-encoded for links (names may be Chinese)."""
    return quote(media_file(path_in_media))


def photo(supervisor_id: str, suffix: str) -> str:
    return f"assets/photos/{supervisor_id}{suffix.lower()}"


def source_file(url: str) -> str:
    """The staged Markdown file that MkDocs turns into `url` (directory URLs)."""
    if url == "":
        return "index.md"
    return url.rstrip("/") + ".md"


def href(from_url: str, to: str) -> str:
    """A relative link from the page at `from_url` to the address or file `to`.

    Both are site addresses without `..`, so the link is found by their common folders
    (called ~60,000 times at district scale: no path normalisation on the way)."""
    folder = from_url if from_url.endswith("/") or from_url == "" else from_url.rpartition("/")[0]
    base = [part for part in folder.split("/") if part]
    target = [part for part in to.split("/") if part]
    common = 0
    for left, right in zip(base, target):
        if left != right:
            break
        common += 1
    link = "/".join([".."] * (len(base) - common) + target[common:])
    if to.endswith("/") or to == "":
        return link + "/" if link else "./"
    return link or "."


# ---------------------------------------------------------------- exported files

def feed(name: str) -> str:
    """An Atom feed: `all`, `bulletins`, `schools/<id>` or `zones/<id>`."""
    return f"feeds/{name}.xml"


def data(name: str) -> str:
    """An open-data file under /data/ (`schools.csv`, `schemas/schools.schema.json` …)."""
    return f"data/{name}"


def signs() -> str:
    """The list of every school's sign."""
    return "signs/"


def sign_print() -> str:
    """Every sign on one page, to print them all."""
    return "signs/print/"


def dashboard() -> str:
    return "dashboard/"


def sign(school_id: str) -> str:
    """A school's printable sign page."""
    return f"signs/{school_id}/"


def sign_svg(school_id: str) -> str:
    return f"signs/{school_id}.svg"


def absolute(site_url: str | None, path: str) -> str | None:
    """The absolute address of `path` on a site published at `site_url`, if that is known."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + path
