"""The parts of the page frame that pages outside the nav draw alike are drawn once per folder
(`generator/site/sharedparts.py`): the pages the engine makes must be those MkDocs makes as it
comes, byte for byte, and the parts must really be shared, or they save nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from conftest import EPOCH, ROOT
from mkdocs.utils import normalize_url

from generator.build.pipeline import check
from generator.pages.rendering import render
from generator.site import engine, sharedparts
from generator.site.staging import docs_folder, stage


class Page:
    def __init__(self, url: str):
        self.url = url


class Nav:
    def __init__(self, *urls: str):
        self.pages = [Page(url) for url in urls]


def frame():
    """A template drawing a part with links, as the theme's do, and a count of its drawings."""
    drawn = []

    def drawing(url):
        drawn.append(url)
        return ""

    environment = jinja2.Environment(autoescape=True)
    environment.filters["url"] = sharedparts.linked(jinja2.pass_context(
        lambda context, value: normalize_url(str(value), page=context["page"], base=context["base_url"])))
    environment.globals.update(dd_shared=sharedparts.shared, drawing=drawing)
    template = environment.from_string(
        "{% macro part() %}{{ drawing(page.url) }}<a href='{{ 'schools/' | url }}'>学校</a>"
        "<a href='{{ 'copyright/' | url }}'>版权</a>{% endmacro %}"
        "{% if shared %}{{ dd_shared('footer', part) }}{% else %}{{ part() }}{% endif %}")
    return template, drawn


def test_pages_outside_the_nav_in_one_folder_share_a_part_drawn_once():
    template, drawn = frame()
    nav = Nav("", "schools/", "reports/")
    pages = [Page(url) for url in ("reports/a/", "reports/b/", "reports/c/", "schools/s-1/", "schools/s-2/")]
    alone = [template.render(page=page, nav=nav, base_url="../..", shared=False) for page in pages]
    drawn.clear()
    assert [template.render(page=page, nav=nav, base_url="../..", shared=True) for page in pages] == alone
    assert drawn == ["reports/a/", "schools/s-1/"]  # once per folder


def test_a_page_whose_links_come_out_otherwise_draws_its_own():
    """The top folder's pages outside the nav: the footer links to one of them, which is written
    `./` from that page only."""
    template, drawn = frame()
    nav = Nav("", "schools/")
    pages = [Page(url) for url in ("privacy/", "copyright/", "glossary/", "schools/")]
    alone = [template.render(page=page, nav=nav, base_url="..", shared=False) for page in pages]
    drawn.clear()
    shared = [template.render(page=page, nav=nav, base_url="..", shared=True) for page in pages]
    assert shared == alone and "href='./'>版权" in shared[1]
    # privacy/ drew it, glossary/ took it; copyright/ (linked from it) and the nav's own page drew their own
    assert drawn == ["privacy/", "copyright/", "schools/"]


def test_another_depth_or_nav_draws_again():
    template, drawn = frame()
    first, second = Nav("", "schools/"), Nav("", "schools/")
    for nav, base in ((first, "../.."), (first, "../../.."), (second, "../..")):
        template.render(page=Page("reports/a/"), nav=nav, base_url=base, shared=True)
    assert len(drawn) == 3


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> Path:
    """The demo's pages and theme, staged for the engine as a build stages them."""
    checked = check(ROOT, EPOCH)
    assert checked.plan is not None, checked.problems.sorted()
    folder = tmp_path_factory.mktemp("shared") / "stage"
    render(checked.plan, checked.site, docs_folder(folder), 1)
    return stage(checked.site, checked.plan, folder, ROOT / "theme")


def pages_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*.html")}


def test_the_engine_makes_the_pages_mkdocs_makes_as_it_comes(staged, tmp_path):
    environment = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH), NO_MKDOCS_2_WARNING="1",
                       PYTHONPATH=str(Path(engine.__file__).resolve().parents[2]))
    stock = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(staged),
                            "--site-dir", str(tmp_path / "stock")], capture_output=True, text=True, env=environment)
    assert stock.returncode == 0, stock.stderr
    engine.run(staged, tmp_path / "dudao", EPOCH)
    made, expected = pages_of(tmp_path / "dudao"), pages_of(tmp_path / "stock")
    assert len(expected) > 500 and made.keys() == expected.keys()
    assert [path for path in expected if made[path] != expected[path]] == []


def test_the_engine_really_shares_the_parts(staged, tmp_path):
    """A part that shows its page's own address, given to `dd_shared` (wrongly, on purpose): the
    engine's pages outside the nav in one folder show the first one's, its nav pages their own."""
    theme = staged.parent / "overrides" / "main.html"
    text = theme.read_text(encoding="utf-8")
    try:
        theme.write_text(text + "{% block libs %}{{ super() }}{% macro probe() %}{{ page.url }}{% endmacro %}"
                         "<meta name='dd-probe' content='{{ dd_shared(\"probe\", probe) }}'>{% endblock %}",
                         encoding="utf-8")
        engine.run(staged, tmp_path / "site", EPOCH)
    finally:
        theme.write_text(text, encoding="utf-8")
    shown = {path: re.search(r"name='dd-probe' content='([^']*)'", page.decode()).group(1)
             for path, page in pages_of(tmp_path / "site").items() if path != "404.html"}
    in_reports = [path for path in shown if path.startswith("reports/") and path != "reports/index.html"]
    assert len(in_reports) > 20 and len({shown[path] for path in in_reports}) == 1
    assert shown["reports/index.html"] == "reports/" and shown["index.html"] == ""
