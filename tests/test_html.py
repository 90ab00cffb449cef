"""Every page of the demo site is well-formed HTML5 (html5lib in strict mode stops at the
first parse error), has no duplicate ids, and every internal link, image, script and
stylesheet it names exists, fragments included."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

html5lib = pytest.importorskip("html5lib")

LINKING = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src",
           "form": "action"}


def parse(markup: bytes):
    """The page's tree, or the first parse error as text."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        return parser.parse(markup), None
    except html5lib.html5parser.ParseError as err:
        return None, str(err)


def page_url(site: Path, path: Path) -> str:
    """The address a page is served at, from the site root: 'schools/x/' or '404.html'."""
    relative = path.relative_to(site).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def target_file(site: Path, url: str) -> Path:
    path = site / unquote(url)
    return path / "index.html" if url.endswith("/") or url == "" else path


def resolve(page: str, path: str) -> str | None:
    """`path` as written on `page`, from the site root; None if it climbs above the root."""
    if not path:
        return page
    folder = page if page.endswith("/") or page == "" else posixpath.dirname(page) + "/"
    parts: list[str] = [] if path.startswith("/") else [p for p in folder.split("/") if p]
    for part in path.split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    folder_like = path.endswith(("/", "/.", "/..")) or path in (".", "..")
    return "/".join(parts) + ("/" if folder_like and parts else "")


class SiteLinks:
    """One pass over the site: parse errors, duplicate ids, ids per page, and links."""

    def __init__(self, site: Path):
        self.site = site
        self.errors: dict[str, str] = {}
        self.duplicate_ids: dict[str, list[str]] = {}
        self.ids: dict[str, set[str]] = {}
        self.links: list[tuple[str, str]] = []  # (page, link as written)
        for path in sorted(site.rglob("*.html")):
            self.read(page_url(site, path), path.read_bytes())

    def read(self, url: str, markup: bytes) -> None:
        tree, error = parse(markup)
        if error:
            self.errors[url] = error
            return
        ids: list[str] = [e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id")]
        self.ids[url] = set(ids) | {e.get("name") for e in tree.iter("a") if e.get("name")}
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            self.duplicate_ids[url] = repeated
        for tag, attribute in LINKING.items():
            for element in tree.iter(tag):
                if element.get(attribute) is not None:
                    self.links.append((url, element.get(attribute)))
        for element in tree.iter():
            if isinstance(element.tag, str) and element.get("srcset"):
                self.links += [(url, part.split()[0]) for part in element.get("srcset").split(",") if part.strip()]

    def broken(self) -> list[str]:
        found = []
        for url, link in self.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//") or link.startswith("data:"):
                continue  # external, mailto:, tel:, data: (checked elsewhere: nothing loads from outside)
            joined = resolve(url, parts.path)
            if joined is None:
                found.append(f"{url}: {link} leaves the site")
                continue
            file = target_file(self.site, joined)
            if not file.is_file():
                found.append(f"{url}: {link} → {file.relative_to(self.site)} is missing")
                continue
            if parts.fragment and file.suffix == ".html":
                page = page_url(self.site, file)
                if page in self.ids and unquote(parts.fragment) not in self.ids[page]:
                    found.append(f"{url}: {link} → no id '{parts.fragment}' on {page or 'the home page'}")
        return found


@pytest.fixture(scope="module")
def demo_links(demo_site) -> SiteLinks:
    return SiteLinks(demo_site)


def test_every_page_parses_as_html5_without_errors(demo_links):
    assert len(demo_links.ids) + len(demo_links.errors) > 600
    assert demo_links.errors == {}


def test_no_page_repeats_an_id(demo_links):
    assert demo_links.duplicate_ids == {}


def test_every_internal_link_resolves(demo_links):
    assert len(demo_links.links) > 20_000  # every page links to the rest of the site
    assert demo_links.broken() == []


def test_the_checks_see_what_they_look_for(tmp_path):
    """The same checks, on a small site with one of each fault, find each one."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<!DOCTYPE html><html lang="zh"><head><title>t</title></head><body><p id="x">x</p>'
        '<a href="a/">ok</a><a href="a/#there">ok</a><a href="missing/">no</a><a href="a/#nowhere">no</a>'
        '<img src="pic.png" alt=""><a href="https://example.cn/">outside</a><a href="tel:123">tel</a>'
        '</body></html>', encoding="utf-8")
    (site / "a/index.html").write_text(
        '<!DOCTYPE html><html lang="zh"><head><title>a</title></head><body><h1 id="there">a</h1>'
        '<p id="twice"></p><p id="twice"></p><a href="../../up.html">up</a></body></html>', encoding="utf-8")
    (site / "bad.html").write_text('<!DOCTYPE html><html><head><title>b</title></head><body><p>b</span></body></html>',
                                   encoding="utf-8")
    links = SiteLinks(site)
    assert list(links.errors) == ["bad.html"] and "span" in links.errors["bad.html"]
    assert links.duplicate_ids == {"a/": ["twice"]}
    assert sorted(links.broken()) == [
        ": a/#nowhere → no id 'nowhere' on a/",
        ": missing/ → missing/index.html is missing",
        ": pic.png → pic.png is missing",
        "a/: ../../up.html leaves the site",
    ]
