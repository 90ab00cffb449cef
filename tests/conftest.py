"""Shared fixtures: the demo district built once, and helpers to read built pages as a visitor would."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The demo is built "on" 2026-11-20 (noon, China Standard Time): some rectifications
# are overdue by then, and the embargoed report (published: 2027-06-01) is not yet out.
EPOCH = 1795147200
BUILD_DATE = dt.date(2026, 11, 20)


def pytest_configure(config) -> None:
    """Ctrl+C reaches the processes the tests start, as it does from a terminal. A run started in
    the background (a shell's `cmd &`) has SIGINT ignored, and every process it starts inherits
    that: a preview started by a test could not be stopped with Ctrl+C (tests/test_serve.py)."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto`: a test process more than the cores. A process waits much of its time (on
    chromium, on a build it started, on a preview's rebuild): with one process a core, the
    cores stood idle while they waited (docs/performance.md has the figures)."""
    return len(os.sched_getaffinity(0)) + 1


def run_dudao(*args: str, epoch: int = EPOCH, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          env=env, cwd=cwd or ROOT)


def copy_project(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "site_config.yml", target / "site_config.yml")
    shutil.copytree(source / "content", target / "content")
    return target


def made_once(tmp_path_factory, name: str, make) -> Path:
    """A folder that `make(folder)` fills once for the whole run: the test processes share it
    (the first to ask makes it while the others wait), so each fixture's build costs one build,
    not one per process. What is shared is only read: a test that changes it works on a copy."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each process's own
    folder, made = base / f"shared-{name}", base / f"shared-{name}.made"
    with open(base / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # let go when the file is closed, or the process ends
        if not made.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a process that failed left
            folder.mkdir()
            make(folder)
            made.touch()
    return folder


def build_ok(project: Path, *args: str) -> None:
    result = run_dudao("build", str(project), *args)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    # One engine process: test_publishing compares a build shared among several against it.
    return made_once(tmp_path_factory, "demo", lambda folder: build_ok(
        ROOT, "--out", str(folder / "site"), "--jobs", "1", "--no-cache")) / "site"


@pytest.fixture(scope="session")
def primed(tmp_path_factory) -> Path:
    """The small project built, its cache holding every page and its spare site made: tests
    that change a built project change a copy of it."""
    def prime(folder: Path) -> None:
        project = copy_project(FIXTURES / "tiny", folder / "project")
        build_ok(project)
        settled(project)  # its spare site made, before any test copies the project

    return made_once(tmp_path_factory, "primed", prime) / "project"


@pytest.fixture
def built_project(primed, tmp_path) -> Path:
    """A copy of the run's built small project (its site, spare site and cache), this test's to
    change: what a failed build must leave exactly as it is, what a warm build starts from."""
    return shutil.copytree(primed, tmp_path / "project", symlinks=True)


def settled(project: Path, temporary: Path | None = None) -> None:
    """Wait for the processes that remove a replaced site (`.site.gone-<pid>-…`) and the
    staged pages (`.site.stage-<pid>-gone-…`), and that make a spare
    site after a first build (`.site.new-<pid>-spare`), to finish."""
    def removing() -> bool:
        return (any(p.name.startswith(".site.gone-") or p.name.endswith("-spare") or "-gone-" in p.name
                    for p in project.iterdir()) or
                (temporary is not None and any("-gone-" in p.name for p in temporary.iterdir())))

    deadline = time.monotonic() + 60
    while removing() and time.monotonic() < deadline:
        time.sleep(0.05)


def without_site_url(project: Path) -> Path:
    config = project / "site_config.yml"
    config.write_text(re.sub(r"\n  url: .*\n", "\n", config.read_text(encoding="utf-8")), encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def bare_site(tmp_path_factory) -> Path:
    """The demo as an office hosts it before it has said where it lives: built without
    `site.url` (feeds link relatively, no sitemap) and with `--gzip` (a host serves the copies)."""
    return made_once(tmp_path_factory, "bare", lambda folder: build_ok(
        without_site_url(copy_project(ROOT, folder / "project")), "--gzip", "--no-cache")) / "project" / "site"


class _Page(HTMLParser):
    """Collects what a visitor sees: the article's text, and every link and image."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 inside the article
        self.text: list[str] = []
        self.all_text: list[str] = []
        self.links: list[tuple[str, str]] = []  # (href, link text) inside the article
        self.all_hrefs: list[str] = []
        self.srcs: list[str] = []
        self.title = ""
        self._in_title = False
        self._link: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.depth += 1
        elif self.depth and tag not in ("br", "img", "input", "meta", "link", "hr"):
            self.depth += 1
        if tag == "title":
            self._in_title = True
        if tag == "a" and "href" in attrs:
            self.all_hrefs.append(attrs["href"])
            if self.depth:
                self._link = [attrs["href"], ""]
        if tag in ("img", "script", "source", "iframe") and attrs.get("src"):
            self.srcs.append(attrs["src"])
        # links that make the browser fetch something (a canonical or feed link does not)
        if tag == "link" and attrs.get("href") and set((attrs.get("rel") or "").split()) & {
                "stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}:
            self.srcs.append(attrs["href"])

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if self.depth == 0 or tag in ("p", "li", "tr", "h1", "h2", "h3", "dd", "dt", "td", "th"):
                self.text.append("\n")
        if tag == "title":
            self._in_title = False
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], self._link[1].strip()))
            self._link = None

    def handle_data(self, data):
        self.all_text.append(data)
        if self._in_title:
            self.title += data
        if self.depth:
            self.text.append(data)
            if self._link is not None:
                self._link[1] += data


class Page:
    def __init__(self, site: Path, url: str):
        path = site / url / "index.html" if not url.endswith(".html") else site / url
        self.path = path
        self.url = url
        self.html = path.read_text(encoding="utf-8")
        parser = _Page()
        parser.feed(self.html)
        self.text = re.sub(r"[ \t]+", " ", "".join(parser.text))
        self.all_text = "".join(parser.all_text)
        self.links = parser.links
        self.all_hrefs = parser.all_hrefs
        self.srcs = parser.srcs
        self.title = parser.title

    def link_to(self, text: str) -> str:
        """The href of the article link whose text is `text`."""
        for href, label in self.links:
            if label == text:
                return href
        raise AssertionError(f"no link {text!r} on {self.url}; links: {self.links[:40]}")

    def resolve(self, href: str) -> str:
        """The site-relative url a relative href on this page points to."""
        import posixpath

        joined = posixpath.normpath(posixpath.join(self.url or ".", href.split("#")[0]))
        return "" if joined == "." else joined + ("/" if href.split("#")[0].endswith("/") else "")


@pytest.fixture(scope="session")
def page(demo_site):
    return lambda url: Page(demo_site, url)


def read_records(project: Path, folder: str) -> dict[str, dict]:
    """An independent reading of a project's records (plain PyYAML, every scalar a string),
    used as the oracle that built pages are compared against."""
    import yaml

    records = {}
    for path in sorted((project / "content" / folder).rglob("*")):
        if path.suffix == ".yml":
            records[path.stem] = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        elif path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            _, front, body = text.split("---\n", 2)
            data = yaml.load(front, Loader=yaml.BaseLoader)
            data["__body__"] = body
            records[path.stem] = data
    return records


def is_public(record: dict, on: dt.date = BUILD_DATE) -> bool:
    status = record.get("status", "published")
    if status == "draft":
        return False
    published = record.get("published")
    return published is None or dt.date.fromisoformat(published) <= on


# The demo's records as the oracle reads them, and which of them are public on BUILD_DATE.
SCHOOLS = read_records(ROOT, "schools")
SUPERVISORS = read_records(ROOT, "supervisors")
ZONES = read_records(ROOT, "zones")
REPORTS = read_records(ROOT, "reports")
BULLETINS = read_records(ROOT, "bulletins")
PUBLIC_REPORTS = {k: r for k, r in REPORTS.items() if is_public(r)}
PUBLIC_BULLETINS = {k: b for k, b in BULLETINS.items() if is_public(b)}


@pytest.fixture(scope="session")
def demo_host(demo_site):
    """The demo site on a plain static server on localhost, at the root."""
    import browsing

    served = browsing.Host(demo_site, "/")
    yield served
    served.close()


@pytest.fixture(scope="session")
def browser():
    """One chromium for every browser test of the session."""
    import browsing

    with browsing.playwright_api.sync_playwright() as p:
        launched = browsing.launch(p)
        yield launched
        launched.close()
