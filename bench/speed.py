"""Build speed at a scale, each figure printed beside its goal:

- a cold build, phase by phase, and its peak memory summed over every process;
- the raw engine on the same staged pages (one `mkdocs build` process), timed in the same
  run, and the ratio of the two (the goal's baseline adds Pagefind's indexing to it; dudao
  writes its own search index, so the baseline here is the stricter one, MkDocs alone);
- a warm build with nothing changed, and one after a report was edited;
- in `dudao serve`, with the page open in chromium: the time from saving an edited report
  to the page showing it, and from saving a broken record to the problems banner.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from generator.site import engine
from generator.build.pipeline import build_date, build_epoch
from generator.model.diagnostics import Problems
from generator.sources.linking import link
from generator.sources.loading import load_project
from generator.pages.planning import plan
from generator.pages.rendering import render
from generator.site.staging import docs_folder, stage
from generator.sources.validation import validate

PHASES = {"check": "load + validate + link + plan", "render": "render", "stage": "stage", "engine": "engine",
          "exports": "exports (search index included)", "publish": "publish"}


class PeakMemory:
    """The largest memory in use by all the descendants of this process together (or by the
    process `root` and its descendants): the sum of
    their proportional set sizes (PSS: a page shared by n processes, as forked workers share
    the model, counts 1/n in each). The sum of resident sizes, which counts such a page n
    times, is kept beside it (`peak_rss`), and the most of dudao's own processes alive at once
    (`most_builders`: the build's and those forked from it, each of which may come to hold a
    copy of the model; the engine's runs are not counted)."""

    def __init__(self, root: int | None = None):
        self.root = root  # the process measured with its descendants; None: this one's descendants
        self.peak = 0
        self.peak_rss = 0
        self.most_builders = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    def _sample(self):
        while not self.stop.wait(0.1):
            pss, rss, builders = (tree_memory(self.root) if self.root else tree_memory(os.getpid(), itself=False))
            self.peak = max(self.peak, pss)
            self.peak_rss = max(self.peak_rss, rss)
            self.most_builders = max(self.most_builders, builders)


def tree_memory(root: int, itself: bool = True) -> tuple[int, int, int]:
    """The memory of process `root` (unless not `itself`) and its descendants now: the sum of
    their PSS, the sum of their resident sizes (bytes), and how many of them are dudao's own
    (`PeakMemory`)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
    pss = rss = builders = 0
    for pid in parents:
        walk = pid
        while walk and walk != root:
            walk = parents.get(walk, 0)
        if walk != root or (pid == root and not itself):
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as command:
                builders += b"\0generator\0" in command.read()  # `python -m generator …` and its forks
        except OSError:
            continue
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                sizes = {line.split(":")[0]: int(line.split()[1]) for line in rollup if line.endswith("kB\n")}
        except OSError:
            continue
        pss += sizes.get("Pss", 0) * 1024
        rss += sizes.get("Rss", 0) * 1024
    return pss, rss, builders


def timed_build(project: Path, *options: str) -> tuple[float, dict[str, float], str]:
    """`dudao build` as a user runs it: wall seconds, seconds per phase, and its output."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "generator", "build", str(project), "--timings", *options],
                          capture_output=True, text=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"the build failed:\n{done.stderr[-2000:]}")
    phases = {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\w+)\s+([\d.]+) s$", done.stderr, re.M)}
    return wall, phases, done.stdout


def raw_engine(project: Path) -> dict[str, float]:
    """`mkdocs build` in one process on the staged pages: the baseline, with
    MkDocs as it comes ("stock": the configuration without dudao's own Markdown extension)
    and with that extension ("with dudao's extension"), one after the other."""
    problems = Problems()
    site = link(validate(load_project(project.resolve(), problems), problems), build_date(build_epoch()),
                project.resolve(), problems)
    site_plan = plan(site, problems)
    seconds = {}
    with tempfile.TemporaryDirectory() as work:
        render(site_plan, site, docs_folder(Path(work) / "stage"), 2)
        config = stage(site, site_plan, Path(work) / "stage", project / "theme")
        staged = yaml.safe_load(config.read_text(encoding="utf-8"))
        stock = config.with_name("mkdocs-stock.yml")
        stock.write_text(yaml.safe_dump(staged | {"markdown_extensions": [
            e for e in staged["markdown_extensions"] if e != "generator.site.rawhtml"]}, allow_unicode=True), encoding="utf-8")
        # `mkdocs build` itself, not dudao's engine process: none of what that process does to
        # MkDocs (the templates compiled once, the theme listed without its icons, the parts of
        # the page frame drawn once, one Markdown converter) is in the baseline. The extension
        # is found on the path, as the engine finds it.
        environment = dict(os.environ, SOURCE_DATE_EPOCH=str(build_epoch()), NO_MKDOCS_2_WARNING="1",
                           PYTHONPATH=str(Path(engine.__file__).resolve().parents[2]))
        for name, path in (("stock", stock), ("with dudao's extension", config)):
            started = time.monotonic()
            done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(path),
                                   "--site-dir", str(Path(work) / "site")], capture_output=True, text=True,
                                  env=environment)
            seconds[name] = time.monotonic() - started
            if done.returncode != 0:
                raise SystemExit(f"the raw build failed:\n{done.stderr[-2000:]}")
            shutil.rmtree(Path(work) / "site")
    return seconds


def edit_a_report(project: Path, mark: str) -> Path:
    report = sorted((project / "content/reports").rglob("*.md"))[0]
    text = report.read_text(encoding="utf-8")
    report.write_text(re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)}{mark}", text, count=1, flags=re.M),
                      encoding="utf-8")
    return report


def preview_times(project: Path) -> tuple[float, float]:
    """Seconds from saving an edit to the open page showing it, and from saving a broken
    record to the problems banner, in chromium against `dudao serve`. The record is broken
    once the preview has rebuilt the whole site after the edit, as its log says, and put
    right again after."""
    from playwright.sync_api import sync_playwright

    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(project), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    built = threading.Event()

    def read_log() -> None:
        for line in server.stderr:
            if "已生成" in line or "built" in line:
                built.set()
    threading.Thread(target=read_log, daemon=True).start()
    try:
        base = server.stdout.readline().split()[1]
        report_id = sorted((project / "content/reports").rglob("*.md"))[0].stem
        mark = f"（预览{time.time_ns() % 100000}）"  # new to the page, whatever earlier runs left
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(base + f"reports/{report_id}/")
            page.wait_for_timeout(1500)
            built.clear()
            edit_a_report(project, mark)
            saved = time.monotonic()
            page.wait_for_function("document.querySelector('h1') && "
                                   f"document.querySelector('h1').textContent.includes('{mark}')", timeout=300_000)
            shown = time.monotonic() - saved
            built.wait(timeout=600)  # the rest of the site, rebuilt meanwhile
            school = sorted((project / "content/schools").glob("*.yml"))[0]
            good = school.read_text(encoding="utf-8")
            school.write_text(good + "type: castle\n", encoding="utf-8")
            saved = time.monotonic()
            try:
                page.wait_for_selector("#dudao-problems", timeout=300_000)
                banner = time.monotonic() - saved
            finally:
                school.write_text(good, encoding="utf-8")  # the project as it was, for what is measured next
            browser.close()
        return shown, banner
    finally:
        server.terminate()
        server.wait(timeout=30)


def preview_memory(project: Path, edits: int = 200, marks: tuple[int, ...] = (1, 50, 100, 150, 200)) -> dict[int, int]:
    """The memory (PSS, bytes) of `dudao serve` and its processes after each of `marks` of
    `edits` successive edits of a report, each measured once the preview has rebuilt."""
    import queue

    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(project), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    built: queue.Queue = queue.Queue()
    report = sorted((project / "content/reports").rglob("*.md"))[0]
    text = report.read_text(encoding="utf-8")

    def read_log() -> None:
        for line in server.stderr:
            if "已生成" in line or "built" in line:
                built.put(line)

    threading.Thread(target=read_log, daemon=True).start()
    try:
        built.get(timeout=600)  # the first build
        server.stdout.readline()  # the address: said once the preview watches for edits
        measured = {}
        for number in range(1, edits + 1):  # the same title, with the edit's number
            report.write_text(re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)}（第{number}次）", text, count=1,
                                     flags=re.M), encoding="utf-8")
            built.get(timeout=120)
            if number in marks:
                measured[number] = tree_memory(server.pid)[0]
        return measured
    finally:
        server.terminate()
        server.wait(timeout=30)
