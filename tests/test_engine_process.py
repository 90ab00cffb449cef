"""What the engine's process does to MkDocs: the parts of the page frame that pages outside the
nav draw alike are drawn once per folder (`generator/site/sharedparts.py`), and one Markdown
converter, reset between pages, converts them all (`generator/site/converter.py`). The pages
must be those MkDocs makes as it comes, byte for byte (the demo's, the hostile project's), and
the parts must really be shared, or they save nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from conftest import EPOCH, FIXTURES, ROOT, build_ok, copy_project

import hostile
from mkdocs.utils import normalize_url

from generator.build.pipeline import check
from generator.pages.rendering import render
from generator.site import engine, sharedparts
from generator.site.staging import docs_folder, stage


ON = {"extra": {"shared_parts": True}}  # as staged (`extra.shared_parts`)


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
    alone = [template.render(page=page, nav=nav, base_url="../..", shared=False, config=ON) for page in pages]
    drawn.clear()
    assert [template.render(page=page, nav=nav, base_url="../..", shared=True, config=ON) for page in pages] == alone
    assert drawn == ["reports/a/", "schools/s-1/"]  # once per folder


def test_a_page_whose_links_come_out_otherwise_draws_its_own():
    """The top folder's pages outside the nav: the footer links to one of them, which is written
    `./` from that page only."""
    template, drawn = frame()
    nav = Nav("", "schools/")
    pages = [Page(url) for url in ("privacy/", "copyright/", "glossary/", "schools/")]
    alone = [template.render(page=page, nav=nav, base_url="..", shared=False, config=ON) for page in pages]
    drawn.clear()
    shared = [template.render(page=page, nav=nav, base_url="..", shared=True, config=ON) for page in pages]
    assert shared == alone and "href='./'>版权" in shared[1]
    # privacy/ drew it, glossary/ took it; copyright/ (linked from it) and the nav's own page drew their own
    assert drawn == ["privacy/", "copyright/", "schools/"]


def test_another_depth_or_nav_draws_again():
    template, drawn = frame()
    first, second = Nav("", "schools/"), Nav("", "schools/")
    for nav, base in ((first, "../.."), (first, "../../.."), (second, "../..")):
        template.render(page=Page("reports/a/"), nav=nav, base_url=base, shared=True, config=ON)
    assert len(drawn) == 3


def test_a_staged_configuration_that_says_so_draws_every_part():
    template, drawn = frame()
    nav = Nav("", "schools/")
    for url in ("reports/a/", "reports/b/"):
        template.render(page=Page(url), nav=nav, base_url="../..", shared=True, config={"extra": {}})
    assert drawn == ["reports/a/", "reports/b/"]


def test_a_project_with_templates_of_its_own_shares_no_part(tmp_path):
    """A template of the project's (here its footer's, showing the page's own address) may show
    something of the page: each page shows its own. Styles of its own alone change nothing."""
    from generator.site.theme import copy_theme

    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    theme = project / "theme"
    (theme / "assets/stylesheets").mkdir(parents=True)
    (theme / "assets/stylesheets/extra.css").write_text("body{}", encoding="utf-8")
    assert copy_theme(tmp_path / "a", theme) is False and copy_theme(tmp_path / "b", ROOT / "theme") is False
    (theme / "partials").mkdir()
    (theme / "partials/copyright.html").write_text("<p class='own'>{{ page.url }}</p>", encoding="utf-8")
    assert copy_theme(tmp_path / "c", theme) is True
    build_ok(project)
    shown = {path: re.search(r"<p class='own'>([^<]*)</p>", page.decode()).group(1)
             for path, page in pages_of(project / "site").items() if path.startswith("schools/")}
    assert len(shown) >= 3 and all(value == path[: -len("index.html")] for path, value in shown.items())


def staged_project(root: Path, folder: Path) -> Path:
    """A project's pages and theme, staged for the engine as a build stages them."""
    checked = check(root, EPOCH)
    assert checked.plan is not None, checked.problems.sorted()
    render(checked.plan, checked.site, docs_folder(folder), 1)
    return stage(checked.site, checked.plan, folder, root / "theme")


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> Path:
    """The demo, staged."""
    return staged_project(ROOT, tmp_path_factory.mktemp("shared") / "stage")


def pages_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*.html")}


@pytest.mark.parametrize("project", ["demo", "hostile"])
def test_the_engine_makes_the_pages_mkdocs_makes_as_it_comes(project, staged, tmp_path):
    if project == "hostile":
        staged = staged_project(hostile.write_project(tmp_path / "project"), tmp_path / "stage")
    environment = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH), NO_MKDOCS_2_WARNING="1",
                       PYTHONPATH=str(Path(engine.__file__).resolve().parents[2]))
    stock = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(staged),
                            "--site-dir", str(tmp_path / "stock")], capture_output=True, text=True, env=environment)
    assert stock.returncode == 0, stock.stderr
    engine.run(staged, tmp_path / "dudao", EPOCH)
    assert not (staged.parent / "compiled-templates").exists()  # one run: no later run to read them
    made, expected = pages_of(tmp_path / "dudao"), pages_of(tmp_path / "stock")
    assert len(expected) > (500 if project == "demo" else 20) and made.keys() == expected.keys()
    assert [path for path in expected if made[path] != expected[path]] == []


def probed(staged: Path, out: Path, shared: bool) -> dict[str, str]:
    """What each page shows of a part that shows its page's own address, given to `dd_shared`
    (wrongly, on purpose), with the staged configuration's `extra.shared_parts` as given."""
    theme, config = staged.parent / "overrides" / "main.html", staged
    text, settings = theme.read_text(encoding="utf-8"), config.read_text(encoding="utf-8")
    try:
        theme.write_text(text + "{% block libs %}{{ super() }}{% macro probe() %}{{ page.url }}{% endmacro %}"
                         "<meta name='dd-probe' content='{{ dd_shared(\"probe\", probe) }}'>{% endblock %}",
                         encoding="utf-8")
        assert "shared_parts: true" in settings
        config.write_text(settings.replace("shared_parts: true", f"shared_parts: {str(shared).lower()}"),
                          encoding="utf-8")
        engine.run(staged, out, EPOCH)
    finally:
        theme.write_text(text, encoding="utf-8")
        config.write_text(settings, encoding="utf-8")
    return {path: re.search(r"name='dd-probe' content='([^']*)'", page.decode()).group(1)
            for path, page in pages_of(out).items() if path != "404.html"}


def test_the_engine_really_shares_the_parts(staged, tmp_path):
    """The engine's pages outside the nav in one folder show the first one's address, its nav
    pages their own; with `extra.shared_parts` off, every page shows its own."""
    shown = probed(staged, tmp_path / "shared", True)
    in_reports = [path for path in shown if path.startswith("reports/") and path != "reports/index.html"]
    assert len(in_reports) > 20 and len({shown[path] for path in in_reports}) == 1
    assert shown["reports/index.html"] == "reports/" and shown["index.html"] == ""
    shown = probed(staged, tmp_path / "own", False)
    assert all(shown[path] == path[: -len("index.html")] for path in in_reports)


def test_one_converter_is_reset_and_kept_for_the_same_extensions():
    from generator.site.converter import reused

    first = reused(extensions=["toc"], extension_configs={})
    first.convert("# 甲\n\n<div>乙</div>\n")
    assert first.htmlStash.html_counter == 1
    again = reused(extensions=["toc"], extension_configs={})
    assert again is first and again.htmlStash.html_counter == 0
    assert reused(extensions=["tables"], extension_configs={}) is not first


def test_the_engine_makes_one_converter_for_all_its_pages(staged, tmp_path):
    """Counted in the engine's own process: MkDocs makes one a page, the engine's run one in all
    (and one MkDocs makes to check its configuration)."""
    counting = ("import atexit, sys, markdown\n"
                "made, make = [], markdown.Markdown.__init__\n"
                "def counted(self, *args, **options):\n"
                "    made.append(1)\n"
                "    make(self, *args, **options)\n"
                "markdown.Markdown.__init__ = counted\n"
                "atexit.register(lambda: sys.stderr.write(f'converters made: {len(made)}\\n'))\n")
    order = json.dumps({"cwd": str(staged.parent), "arguments": engine._arguments(staged, tmp_path / "site"),
                        "epoch": str(EPOCH), "templates": None})
    done = subprocess.run([sys.executable, "-c", counting + engine._RUNNER], input=order + "\n", capture_output=True,
                          text=True, env=engine._environment(EPOCH), cwd=staged.parent)
    assert done.returncode == 0, done.stderr
    made = int(re.search(r"converters made: (\d+)", done.stderr).group(1))
    assert len(pages_of(tmp_path / "site")) > 500 and 1 <= made <= 2


def test_without_a_cache_the_first_runs_compile_the_theme_for_the_later_ones(tmp_path, monkeypatch):
    """A build without the cache whose pages take more engine runs than run at once keeps the
    theme's compiled templates beside the staged pages for the later runs (one run alone
    writes none: `test_the_engine_makes_the_pages_mkdocs_makes_as_it_comes`)."""
    from generator.site.staging import independent_pages

    checked = check(ROOT, EPOCH)
    render(checked.plan, checked.site, docs_folder(tmp_path / "stage"), 1)
    config = stage(checked.site, checked.plan, tmp_path / "stage", ROOT / "theme")
    independent = independent_pages(checked.plan)
    monkeypatch.setattr(engine, "MAX_PAGES_PER_RUN", len(independent) // 3 + 1)  # three runs, two at a time
    engine.run(config, tmp_path / "site", EPOCH, jobs=2, independent=independent)
    compiled = tmp_path / "stage" / "compiled-templates"
    assert len([entry for entry in compiled.iterdir() if entry.name.endswith(".cache")]) > 5
    assert len(pages_of(tmp_path / "site")) == len(checked.plan.pages) + 1  # and the 404 page
