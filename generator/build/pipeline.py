"""The build, phase by phase: load → validate → link → plan → render → stage → engine → publish.

Each phase takes the previous one's result and returns a new value; `Problems`
only collects diagnostics. Content problems stop the build before anything is
written, and nothing is swapped into place unless every phase succeeded.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import os
import shutil
import tempfile
import time
from typing import Callable, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..model import addresses
from ..site import engine, precompress
from ..caches import fingerprint, textmemo
from . import freshness
from ..model.diagnostics import Pos, Problems
from ..sources.linking import Site, link
from ..sources.loading import load_project
from ..caches.forking import frozen
from ..caches.pagecache import PageCache
from ..pages.planning import SitePlan, plan
from ..exports.exporting import ExportError, exports_written_beside, exports_written_here, merge_exports
from ..site.publishing import (STAGE_PREFIX, discard_staged, folder_beside, folder_for_site, fresh_folder_beside,
                         scratch_prefix, swap_in, sweep_beside, sweep_temporary)
from ..caches.recordstore import RecordStore
from ..pages.rendercache import RenderCache
from ..pages.rendering import RenderedPage, render, render_pages
from ..site.staging import docs_folder, independent_pages, stage
from ..sources.validation import read_apart, validate


class UsageError(Exception):
    """The command was pointed at something that is not a project (exit status 2)."""


@dataclass(frozen=True)
class CheckResult:
    problems: Problems
    site: Site | None
    plan: SitePlan | None
    language: str

    @property
    def unpublished(self) -> Mapping[str, Mapping[str, int]]:
        """What the site leaves out as not yet published: kind → state → count."""
        return self.site.unpublished if self.site is not None else {}


@dataclass(frozen=True)
class BuildResult(CheckResult):
    out: Path | None
    pages: int
    seconds: float
    reused: int = 0  # pages the engine took from the cache
    timings: dict = None  # seconds per phase  # type: ignore[assignment]
    up_to_date: bool = False  # nothing had changed since the last build: the site was left as it was
    rendered: int = 0  # pages rendered; the others were known unchanged from the last build
    left_out: Mapping[str, Mapping[str, int]] | None = None  # the last build's `unpublished`, when up to date

    @property
    def unpublished(self) -> Mapping[str, Mapping[str, int]]:
        return self.left_out if self.left_out is not None else super().unpublished


def build_epoch() -> int:
    """The build time: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        try:
            return int(value)
        except ValueError:
            raise UsageError(f"环境变量 SOURCE_DATE_EPOCH 要写成秒数（整数），不能是 {value!r}") from None
    return int(time.time())


def build_date(epoch: int) -> dt.date:
    # The office's calendar day: embargoes and deadlines are dates in China Standard Time.
    return dt.datetime.fromtimestamp(epoch, dt.timezone(dt.timedelta(hours=8))).date()


def require_project(root: Path) -> Path:
    if not root.is_dir():
        raise UsageError(f"{root}：没有这个文件夹")
    if not (root / "site_config.yml").is_file():
        raise UsageError(f"{root}：不是 dudao 项目（缺少 site_config.yml）。新的督导室可用 dudao init 建立项目")
    if not (root / "content").is_dir():
        raise UsageError(f"{root}：不是 dudao 项目（缺少 content/ 文件夹）")
    return root.resolve()


def check(root: Path, epoch: int | None = None, plan_despite_errors: bool = True,
          store: RecordStore | None = None, planned: bool = True,
          on_read: Callable[[Problems, str], None] | None = None) -> CheckResult:
    """Read, validate, link and plan: everything short of writing a file. Planning finds
    problems of its own (two pages at one address), so a check plans even when reading found
    errors; the preview, which only needs to show the errors at once, says not to, and plans
    the site later (`planned=False`, then `plan_checked`), once it has shown the pages open in
    a browser. `store`: records kept by earlier builds, taken for files unchanged since.
    `on_read`: told the problems found in reading and validating each record, and the site's
    language, before the records are linked (the preview shows a broken record's problems at
    once: linking a city's records took most of a second)."""
    root = require_project(root)
    problems = Problems()
    with paused_collector():
        if store is not None:
            store.recall()
        return _check(root, problems, epoch, plan_despite_errors, store, planned, on_read)


def plan_checked(checked: CheckResult) -> CheckResult:
    """A check made without planning (`check(planned=False)`), with the site planned: its
    problems, planning's own among them."""
    if checked.site is None or checked.plan is not None:
        return checked
    with paused_collector():
        return CheckResult(checked.problems, checked.site, plan(checked.site, checked.problems), checked.language)


@contextmanager
def paused_collector():
    """The cycle collector paused while the model is built: it makes millions of objects and
    no cycles to speak of, and each collection walks all of them again (half the time of
    reading a district)."""
    was_on, was_frozen = gc.isenabled(), gc.get_freeze_count() > 0
    gc.disable()
    try:
        yield
    finally:
        # What was made is moved to the oldest generation at once (frozen, then thawed into
        # it): it lives as long as the model does. Left in the youngest, it would be walked by
        # that generation's first collection, then by the next one's, then by the oldest's.
        if not was_frozen:  # (thawing would also thaw what a caller froze)
            gc.freeze()
            gc.unfreeze()
        if was_on:
            gc.enable()


def _check(root: Path, problems: Problems, epoch: int | None,
           plan_despite_errors: bool, store: RecordStore | None, planned: bool,
           on_read: Callable[[Problems, str], None] | None) -> CheckResult:
    loaded = load_project(root, problems, store, read_apart)
    valid = validate(loaded, problems, store)
    language = valid.config.language if valid.config else "zh-Hans"
    if on_read is not None:
        on_read(problems, language)
    site = link(valid, build_date(build_epoch() if epoch is None else epoch), root, problems)
    plans = site is not None and planned and (plan_despite_errors or not problems.has_errors(False))
    site_plan = plan(site, problems) if plans else None
    return CheckResult(problems, site, site_plan, language)


CACHE_FOLDER = ".dudao-cache"
# A build replaces its output folder whole: it writes only into a folder that is absent, empty,
# or one a build made, which carries this file (or, made before the file was, a site's home
# page and finder data).
SITE_STAMP = ".dudao-site"
STAMP_TEXT = ("本文件夹是 dudao 生成的网站，每次生成都会整体替换，请勿在其中存放其他文件。\n"
              "This folder is a site built by dudao; each build replaces it whole: keep nothing else here.\n")
# What a project is made of: never an output folder, nor inside one.
PROJECT_PARTS = ("content", "theme", "site_config.yml", CACHE_FOLDER)


def made_by_dudao(folder: Path) -> bool:
    return (folder / SITE_STAMP).is_file() or (
        (folder / "index.html").is_file() and (folder / addresses.FINDER_DATA).is_file())


def safe_output(root: Path, out: Path) -> Path:
    """The output folder, once it is known that a build may replace it whole: refused (with
    nothing moved) where that would lose the project or files dudao did not make."""
    given, out = out, out.resolve()

    def refuse(zh: str, en: str) -> UsageError:
        return UsageError(f"拒绝把网站写入 {given}：{zh} / refusing to write the site into {given}: {en}")

    if out == root or out in root.parents:
        raise refuse("它包含整个项目", "it holds the project")
    if root in out.parents:
        top = out.relative_to(root).parts[0]
        if top in PROJECT_PARTS or top.startswith("."):
            raise refuse(f"{top} 是项目本身的一部分。请写到项目中单独的文件夹（默认 site/）或项目之外",
                         f"{top} is part of the project; write to a folder of its own (site/ by default) or outside "
                         "the project")
    if out.exists() and not out.is_dir():
        raise refuse("这是一个文件，不是文件夹", "it is a file, not a folder")
    if out.is_dir() and not made_by_dudao(out) and any(out.iterdir()):
        raise refuse("该文件夹中有不是 dudao 生成的文件，生成时会被整体替换。请指定一个空的或新的文件夹",
                     "it holds files dudao did not make, and a build replaces the folder whole; give an empty or "
                     "new folder")
    return out


def records_kept(folder: Path) -> RecordStore:
    """The records earlier builds read and checked, kept in `folder`."""
    return RecordStore(folder / "records.pickle", fingerprint.code())


class PhaseClock:
    """Seconds spent in each phase of one build, in the order they ran (`--timings`)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.last = time.monotonic()

    def lap(self, phase: str) -> None:
        now = time.monotonic()
        self.seconds[phase] = self.seconds.get(phase, 0.0) + now - self.last
        self.last = now


def build(root: Path, out: Path | None = None, strict: bool = False, jobs: int | None = None,
          cache: bool = True, store: RecordStore | None = None, gzip: bool = False) -> BuildResult:
    """Build the project at `root` into `out` (default `root/site`). `cache`: keep and use
    `root/.dudao-cache/`; `store`: the records read by earlier builds, when not the cache's
    own (the preview's, without a cache); `gzip`: write a `.gz` copy of each text file
    (`site/precompress.py`)."""
    return begin(root, out, strict, jobs, cache, gzip).run(store)


def begin(root: Path, out: Path | None = None, strict: bool = False, jobs: int | None = None,
          cache: bool = True, gzip: bool = False) -> Build:
    """A build of the project at `root`, its inputs known (`freshness.inputs`) before anything is
    read: a file saved while it reads makes the next build build again, never one that thinks
    itself up to date."""
    started = time.monotonic()
    root = require_project(root)
    target = safe_output(root, out if out is not None else root / "site")
    return Build(root, target, build_epoch(), strict, jobs, root / CACHE_FOLDER if cache else None, started, gzip)


class Build:
    """One build: what it was asked for, where it writes, where it keeps what later builds
    use (`kept`: the cache folder, None without a cache), and its clock. Its steps, in order
    (`run`): `last_build` (nothing changed: done), `check_and_build` (read, check, plan, unless
    given a check), then `build_checked`: stage, render, run the engine with the exports
    written beside it, publish."""

    def __init__(self, root: Path, target: Path, epoch: int, strict: bool, jobs: int | None, kept: Path | None,
                 started: float, gzip: bool = False):
        self.root, self.target, self.epoch, self.strict, self.jobs = root, target, epoch, strict, jobs
        self.kept, self.started, self.clock, self.gzip = kept, started, PhaseClock(), gzip
        self.inputs = freshness.inputs(root, target, build_date(epoch), epoch, (strict, gzip)) if kept else ""

    def result(self, problems: Problems, language: str, checked: CheckResult | None = None, out: Path | None = None,
               pages: int = 0, reused: int = 0, rendered: int = 0, up_to_date: bool = False,
               left_out: Mapping[str, Mapping[str, int]] | None = None) -> BuildResult:
        site, site_plan = (checked.site, checked.plan) if checked is not None else (None, None)
        return BuildResult(problems, site, site_plan, language, out, pages, time.monotonic() - self.started, reused,
                           self.clock.seconds, up_to_date=up_to_date, rendered=rendered, left_out=left_out)

    def last_build(self) -> BuildResult | None:
        """The result of the last build, when nothing it was made from has changed since."""
        last = freshness.recall(self.kept, self.inputs, self.target) if self.kept else None
        if last is None:
            return None
        self.clock.lap("check")
        return self.result(last.problems, last.language, out=self.target, pages=last.pages, reused=last.pages,
                           up_to_date=True, left_out=getattr(last, "unpublished", {}))

    def run(self, store: RecordStore | None = None, checked: CheckResult | None = None) -> BuildResult:
        """`checked`: the project as `check` found it for this build (`self.epoch`), after the
        build began (the preview checks first, to show problems and the open pages at once)."""
        last = self.last_build()
        if last is not None:
            return last
        with engine.WarmEngine() as warm:
            return self.check_and_build(store, warm, checked)

    def check_and_build(self, store: RecordStore | None, warm: engine.WarmEngine,
                        checked: CheckResult | None = None) -> BuildResult:
        kept = self.kept
        if store is None and kept:
            store = records_kept(kept)
        if kept:
            textmemo.recall_all(kept)
        # Held by the job, not in this frame, so that `build_checked` can let the model go.
        self.checked = checked if checked is not None and checked.plan is not None else check(
            self.root, self.epoch, store=store)
        checked = None
        # Once built, the model is out of the collector's sight; the collector still runs, for
        # what the later phases make (the render workers' memory depends on it).
        with frozen():
            if kept:
                textmemo.keep_all(kept)
            # Written by a process of its own, beside the rest of the build, and waited for at its end.
            stored = store.save_beside() if store is not None else (lambda: None)
            try:
                return self.build_checked(warm)
            finally:
                stored()

    def build_checked(self, warm: engine.WarmEngine) -> BuildResult:
        checked, self.checked = self.checked, None  # this frame holds the model alone
        self.clock.lap("check")
        target, kept, clock = self.target, self.kept, self.clock
        if engine.stopped_for_good():
            # The process is ending (a preview stopped while it rebuilt, whose folder is being
            # removed): nothing is made beside the site, and no folder made again.
            checked.problems.add(Pos("site_config.yml"), "build.engine", detail="stopped")
            return self.result(checked.problems, checked.language)
        sweep_beside(target)  # first, so that even a failing build puts back a site a kill took away
        sweep_temporary()
        problems, language, left_out = checked.problems, checked.language, checked.unpublished
        if problems.has_errors(self.strict) or checked.site is None or checked.plan is None:
            return self.result(problems, language, checked)
        jobs = self.jobs or engine.default_jobs()
        clock.lap("check")
        rendered_before = RenderCache(kept / "render", checked.site) if kept else None
        if rendered_before is not None:
            rendered_before.prepare()
        # Two orders. When the last build's pages are known (`few_to_render`), few are rendered:
        # the exports are written by a process of their own, beside the render phase, and the
        # site is made from the spare one (the site the last build replaced), keeping its pages
        # that are still right. A build that renders every page writes the exports itself once
        # it has rendered, while the engine's processes run: a process forked for them would
        # hold a copy of the model beside this one's.
        few_to_render = rendered_before is not None and bool(rendered_before.entries)
        # Beside the site, on its file system: the engine's pages are moved from here into it.
        staging_dir = folder_beside(target, "stage")
        try:
            with folder_for_site(target, few_to_render) as new, fresh_folder_beside(target, "exports") as exports, \
                    ExitStack() as exporting:
                site, site_plan = checked.site, checked.plan
                if few_to_render:
                    exports_done = exporting.enter_context(exports_written_beside(site, site_plan, exports, kept))
                # Staged first: the engine's cache is known by the configuration and theme, and a
                # page it holds is not written at all.
                config_path = stage(site, site_plan, staging_dir, self.root / "theme")
                engine_pages = PageCache(config_path, kept / "engine") if kept else None
                clock.lap("stage")
                rendering = render(site_plan, site, docs_folder(staging_dir), jobs, engine_pages, rendered_before,
                                   kept / "templates" / "dudao" if kept else None)
                if kept:  # what the render workers spelled or drew that no build had
                    textmemo.keep_all(kept)
                clock.lap("render")
                page_count, independent = len(site_plan.pages), independent_pages(site_plan)
                clock.lap("stage")
                engine_done = engine.run_beside(config_path, new, self.epoch, jobs=jobs, independent=independent,
                                                cache=engine_pages, held=rendering.held, warm=warm)
                try:
                    if not few_to_render:
                        exports_done = exports_written_here(site, site_plan, exports, kept)
                except BaseException:  # an interrupt: the engine's processes are not left running
                    engine.stop_all()
                    raise
                checked = site = site_plan = None
                if not few_to_render:
                    release_memory()  # what the exports made, and the model, given back
                clock.lap("exports")
                try:
                    made = engine_done()
                except engine.EngineError as err:
                    problems.add(Pos("site_config.yml"), "build.engine", detail=str(err))
                    return self.result(problems, language)
                try:
                    exports_done()
                except ExportError as err:
                    problems.add(Pos("site_config.yml"), "build.exports", detail=str(err))
                    return self.result(problems, language)
                # The staged pages are done with: removed by a process of their own.
                discard_staged(staging_dir, target)
                merge_exports(exports, new)
                (new / SITE_STAMP).write_text(STAMP_TEXT, encoding="utf-8")
                clock.lap("engine")
                precompress.update(new, self.gzip, jobs, precompress.history_in(kept, target) if kept else None)
                clock.lap("gzip")
                swap_in(new, target, made_afresh=kept is not None and not few_to_render)
        finally:
            if staging_dir.exists():  # the build stopped before the engine was done
                shutil.rmtree(staging_dir, ignore_errors=True)
        if kept:
            freshness.remember(kept, self.inputs, target, problems, page_count, language, left_out)
        clock.lap("publish")
        return self.result(problems, language, out=target, pages=page_count, reused=made.reused,
                           rendered=rendering.rendered, left_out=left_out)


def release_memory() -> None:
    """Give freed memory back to the system (glibc keeps it otherwise)."""
    gc.unfreeze()  # the model's objects, frozen after it was built: collected like the rest
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def render_only(root: Path, site: Site | None, site_plan: SitePlan, urls: set[str], epoch: int | None = None,
                warm: engine.WarmEngine | None = None) -> dict[str, bytes]:
    """The finished HTML of just the pages at `urls`, by file (the preview's fast path: the
    pages a browser shows, before the whole site is rebuilt). `site_plan` need hold no more
    than these pages and the nav's. The other pages of the nav are staged as empty stand-ins,
    which changes nothing on these pages: the nav's titles come from the configuration.
    `warm`: an engine process that has done its imports."""
    wanted = [page for page in site_plan.pages if page.url in urls]
    if not wanted or site is None:
        return {}
    pages = list(render_pages(site, wanted))
    pages += [RenderedPage(page.url, addresses.source_file(page.url), "")
              for page in site_plan.nav if page.url not in urls]
    with tempfile.TemporaryDirectory(prefix=scratch_prefix(STAGE_PREFIX)) as staging_dir:
        config_path = stage(site, site_plan, Path(staging_dir) / "stage", root / "theme", tuple(pages))
        out = Path(staging_dir) / "site"
        engine.run(config_path, out, build_epoch() if epoch is None else epoch, warm=warm)
        return {output: (out / output).read_bytes()
                for output in (engine.page_output(addresses.source_file(page.url)) for page in wanted)}
