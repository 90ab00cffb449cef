"""Phase 7, the engine: turn the staged Markdown and mkdocs.yml into HTML.

This is the only module that knows MkDocs is the engine. It runs it as separate
processes, so ProperDocs or Zensical can take its place by changing this file.

Pages outside the nav (record pages: schools, reports, supervisors …) depend only on
their own Markdown and on the nav, so they are shared out among `jobs` engine processes:
each works in its own docs folder of links to the staged files, holding every file but
the other processes' independent pages, and each page's output is taken from the process
that built it. The result is the same, byte for byte, as one process's.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..caches import forking, linkedfiles
from ..caches.pagecache import PageCache

# Fewer independent pages than this per process are not worth another process's start-up.
MIN_PAGES_PER_JOB = 150
# More than this per process is not built in one run: MkDocs holds every page of a run in
# memory until the run ends (a city's pages in two runs took gigabytes).
MAX_PAGES_PER_RUN = 6000


class EngineError(Exception):
    """The engine failed; the message is its own output, for the build log."""


def default_jobs() -> int:
    return forking.cores()


def _arguments(config_path: Path, out_dir: Path) -> list[str]:
    """MkDocs's command line for one run, after `mkdocs`."""
    return ["build", "--strict", "--quiet", "--config-file", str(config_path), "--site-dir", str(out_dir)]


def _environment(source_date_epoch: int) -> dict[str, str]:
    env = dict(os.environ)
    # MkDocs reads this for dates it writes (sitemap), so repeated builds are identical.
    env["SOURCE_DATE_EPOCH"] = str(source_date_epoch)
    env.setdefault("PYTHONHASHSEED", "0")
    # The engine loads dudao's own Markdown extension (`generator.site.rawhtml`) from this copy of
    # dudao, the one whose code the cache's fingerprint holds, whatever else is installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[2]),
                                                      env.get("PYTHONPATH")]))
    return env


# An engine run: a process that imports MkDocs, the theme and the Markdown extensions, then
# reads the arguments of its build on its standard input. Started before it is needed (a
# `WarmEngine`), it imports while dudao reads and renders (a core the reading leaves idle):
# the imports are on the path of every one-edit build. With a folder for them, the theme's
# templates are compiled once and kept there (Jinja's own bytecode cache, by each template's
# text); the staged overrides, in a new folder each build, are known by their place in it.
# And the theme's files are listed without the folders and files whose names begin with a
# dot, which MkDocs leaves out of the site anyway (its patterns `.*` and `*/.*`): Material's
# thousands of icons were walked and matched one by one. The theme's templates are given
# `dd_shared` (`sharedparts`): the parts of the page frame that many pages draw alike are drawn
# once. And MkDocs converts every page with one Markdown converter, reset between pages
# (`converter`), not one made anew for each. docs/performance.md says what each of these
# saved. None of this changes a byte of what MkDocs writes.
_RUNNER = """\
import json, os, sys
import mkdocs.__main__, mkdocs.commands.build, mkdocs.config.defaults, mkdocs.theme
import markdown.extensions.attr_list, markdown.extensions.tables, markdown.extensions.admonition
import markdown.extensions.toc, generator.site.rawhtml
import jinja2, jinja2.loaders, mkdocs.utils.templates
from generator.caches.bytecode import KeptTemplates
from generator.site.sharedparts import linked, shared
import types, mkdocs.structure.pages
from generator.site.converter import reused


def list_templates(self):
    found = set()
    for searchpath in self.searchpath:
        for folder, folders, names in os.walk(searchpath, followlinks=self.followlinks):
            folders[:] = [name for name in folders if not name.startswith(".")]
            for name in names:
                if not name.startswith("."):
                    template = os.path.join(folder, name)[len(searchpath):].strip(os.path.sep)
                    found.add(template.replace(os.path.sep, "/"))
    return sorted(found)


jinja2.loaders.FileSystemLoader.list_templates = list_templates
mkdocs.utils.templates.url_filter = linked(mkdocs.utils.templates.url_filter)
mkdocs.structure.pages.markdown = types.SimpleNamespace(Markdown=reused)
line = sys.stdin.readline()
if not line:
    raise SystemExit(0)
order = json.loads(line)
os.environ["SOURCE_DATE_EPOCH"] = order["epoch"]  # read by MkDocs as it builds
compiled = None
if order["templates"]:
    stage = os.path.join(order["cwd"], "")

    class Compiled(KeptTemplates):
        def get_cache_key(self, name, filename=None):
            if filename and filename.startswith(stage):
                filename = "<stage>/" + filename[len(stage):]
            return super().get_cache_key(name, filename)

    compiled = Compiled(order["templates"])
make_environment = jinja2.Environment.__init__


def with_dudao(self, *args, **options):
    if compiled is not None:
        options.setdefault("bytecode_cache", compiled)
    make_environment(self, *args, **options)
    self.globals["dd_shared"] = shared


jinja2.Environment.__init__ = with_dudao
os.chdir(order["cwd"])
sys.argv = ["mkdocs", *order["arguments"]]
mkdocs.__main__.cli()
"""


# The engine processes this process runs: an interrupted build, or a preview that stops while
# it rebuilds, stops them rather than leave them writing into folders about to be removed.
_running: set[subprocess.Popen] = set()
_running_lock = threading.Lock()
_stopped = threading.Event()


def _start(env: dict[str, str]) -> subprocess.Popen:
    with _running_lock:
        if _stopped.is_set():
            raise EngineError("stopped")
        process = subprocess.Popen([sys.executable, "-c", _RUNNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, env=env)
        _running.add(process)
        return process


def _ended(process: subprocess.Popen) -> None:
    with _running_lock:
        _running.discard(process)


def stopped_for_good() -> bool:
    """Whether this process is ending (`stop_all(for_good=True)`): no engine will run again."""
    return _stopped.is_set()


def stop_all(for_good: bool = False) -> None:
    """Kill every engine process running; with `for_good`, start none after (the process is
    ending)."""
    with _running_lock:
        if for_good:
            _stopped.set()
        running = list(_running)
    for process in running:
        try:
            process.kill()
        except OSError:
            pass


class WarmEngine:
    """One engine process, importing while it waits to be told what to build (and for which
    build time: its order says); used by the first engine run it is given to, or stopped
    unused."""

    def __init__(self):
        try:
            self.process: subprocess.Popen | None = _start(_environment(0))
        except EngineError:  # stopped for good: the build's first run says so
            self.process = None

    def take(self) -> subprocess.Popen | None:
        """The waiting process, once; None when it was taken or has ended."""
        process, self.process = self.process, None
        return process if process is not None and process.poll() is None else None

    def close(self) -> None:
        """Stop it unused (the build stopped before its engine phase): at once, not after
        its imports."""
        process, self.process = self.process, None
        if process is not None:
            process.kill()
            process.communicate()
            _ended(process)

    def __enter__(self) -> WarmEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _execute(config_path: Path, out_dir: Path, env: dict[str, str], cwd: Path, warm: WarmEngine | None,
             templates: Path | None) -> subprocess.CompletedProcess:
    """One engine run, in the waiting process when there is one for this build."""
    arguments = _arguments(config_path, out_dir)
    process = warm.take() if warm is not None else None
    if process is None:
        process = _start(env)
    if templates is not None:
        templates.mkdir(parents=True, exist_ok=True)
    order = json.dumps({"cwd": str(cwd), "arguments": arguments, "epoch": env["SOURCE_DATE_EPOCH"],
                        "templates": str(templates) if templates is not None else None}) + "\n"
    try:
        stdout, stderr = process.communicate(order)
    except BaseException:  # interrupted: the run is not left behind
        process.kill()
        process.wait()
        raise
    finally:
        _ended(process)
    return subprocess.CompletedProcess(["mkdocs", *arguments], process.returncode, stdout, stderr)


def page_output(source: str) -> str:
    """Where MkDocs (directory URLs) writes the page made from `source`."""
    stem = source[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


@dataclass(frozen=True)
class EngineRun:
    built: int  # pages the engine made this time
    reused: int  # pages taken from the cache


def run(config_path: Path, out_dir: Path, source_date_epoch: int, jobs: int = 1,
        independent: tuple[str, ...] = (), cache: PageCache | None = None,
        held: dict[str, str] | None = None, warm: WarmEngine | None = None,
        started: threading.Event | None = None) -> EngineRun:
    """Build the staged site into `out_dir`. `independent`: staged sources (relative to the
    docs folder) of pages outside the nav, which may be built by separate processes. With a
    `cache`, any page, in the nav or not, is taken from it when its text, the configuration,
    the theme and the engine are all as when it was last made; `held`: pages outside the nav
    that were not staged because the cache holds them (source → `cache.key`); `warm`: the
    engine process started for this build, if any; `started`: set once the first runs are
    under way (as many as run at a time)."""
    staging = config_path.parent
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    docs = (staging / config.get("docs_dir", "docs")).resolve()
    staged = _pages(docs)
    pages_outside = set(independent)
    nav_pages = [source for source in staged if source not in pages_outside]
    keys: dict[str, str] = dict(held or {})
    nav_pages += sorted(source for source in keys if source not in pages_outside)  # held: given as stand-ins
    reuse: dict[str, Path] = {}
    if cache is not None:
        reuse = {source: cache.entries[key] for source, key in keys.items()}
        for source in staged:
            keys[source] = cache.key(source, (docs / source).read_bytes())
            entry = cache.entry(keys[source])
            if entry is not None:
                reuse[source] = entry
    to_build = tuple(source for source in independent if source not in reuse)
    templates = cache.folder.with_name("templates") if cache is not None else None
    nav_built = tuple(source for source in nav_pages if source in keys and source not in reuse)
    env = _environment(source_date_epoch)
    shares = _shares(to_build, jobs)
    if templates is None and len(shares) > jobs:
        # Without a cache, runs after the first ones share a folder of compiled templates that
        # goes with the staged pages: the first runs compile the theme's templates, the later
        # ones read them. (With no later run, writing them would be for nothing.)
        templates = staging / "compiled-templates"
    runs = []
    for number, share in enumerate(shares):
        leave_out = (set(reuse) & pages_outside) | (set(to_build) - set(share))
        # The nav's pages are built by the first run, but for those the cache holds; the other
        # runs, and the first for those, are given empty stand-ins (their titles, all another
        # page shows of them, are in the configuration).
        stand_ins = {source for source in nav_pages if number > 0 or source in reuse}
        runs.append(_Run(number, share, leave_out, stand_ins))
    spare = False  # a site an earlier build made, to start from
    if out_dir.is_dir():
        with os.scandir(out_dir) as entries:
            spare = any(entries)
    if not reuse and not spare:
        _run_all(runs, jobs, env, staging, config_path, config, docs, out_dir, out_dir, warm, templates, started)
    else:
        # Of the earlier site, only the pages that are the cache's very files for this build's
        # pages are kept; the others the cache holds are placed. Both while the engine runs (a
        # file each), so the first run writes a folder of its own, which MkDocs empties as it
        # starts, and its pages join them after.
        first_out = staging / "site-0"
        failed: list[OSError] = []
        placing = threading.Thread(target=_place_all, args=(reuse, out_dir, spare, failed), daemon=True)
        placing.start()
        try:
            _run_all(runs, jobs, env, staging, config_path, config, docs, out_dir, first_out, warm, templates,
                     started)
        finally:
            placing.join()
        if failed:
            raise failed[0]
        _merge_tree(first_out, out_dir)
    if cache is not None:
        used = {cache.keep(out_dir / page_output(source), keys[source]) for source in to_build + nav_built}
        used.update(entry.name for entry in reuse.values())
        # Tidied when a tenth of the entries are unused, or another store is old enough to go:
        # going through all of them on every build was not worth it.
        unused = len(set(cache.entries) - {name.partition(".")[0] for name in used})
        if unused > len(used) // 10 or linkedfiles.others_aged(cache.folder, cache.store):
            linkedfiles.tidy(cache.folder, used, cache.store)
    return EngineRun(built=len(to_build), reused=len(reuse))


def run_beside(*args, **options):
    """`run`, in a thread of its own while the caller goes on (the engine's processes do the
    work; the thread waits on them), returning once its first runs are under way. Returns a function that waits for the run and gives its
    result, or raises what it raised. A caller that stops before waiting (an error, an
    interrupt) calls `stop_all`."""
    outcome: list = []
    started = threading.Event()

    def running() -> None:
        try:
            outcome.append((True, run(*args, started=started, **options)))
        except BaseException as err:  # noqa: BLE001 - raised again by the waiting caller
            outcome.append((False, err))
        finally:
            started.set()

    thread = threading.Thread(target=running, daemon=True)
    thread.start()
    # The caller goes on once the first runs are under way: the thread's own Python work
    # before them (listing and linking thousands of files) would wait for the interpreter's
    # lock after every file while the caller keeps it busy.
    started.wait()

    def wait() -> EngineRun:
        thread.join()
        done, value = outcome[0]
        if not done:
            raise value
        return value
    return wait


def _place_all(reuse: dict[str, Path], out_dir: Path, spare: bool, failed: list[OSError]) -> None:
    """The pages the cache holds, in `out_dir`: from the spare site (`spare`) where it holds
    them, the rest placed; anything else the spare site holds removed."""
    try:
        wanted = {page_output(source): entry for source, entry in reuse.items()}
        kept = _prune(out_dir, wanted) if spare else set()
        for output, entry in wanted.items():
            if output not in kept:
                linkedfiles.place(entry, out_dir / output)
    except OSError as err:  # a full disk: the build fails as it would have in this thread
        failed.append(err)


def _prune(folder: Path, wanted: dict[str, Path]) -> set[str]:
    """Remove from `folder` every file but those at a path of `wanted` that are its cache
    entry itself (the same inode: a page placed by an earlier build, whose entry is known
    intact) and their `.gz` copies, and the folders left empty; the paths kept."""
    kept: set[str] = set()
    try:
        device = os.stat(folder).st_dev
    except OSError:
        return kept
    inodes: dict[str, int] = {}
    for path, entry in wanted.items():
        try:
            st = os.stat(entry)
        except OSError:
            continue
        if st.st_dev == device:
            inodes[path] = st.st_ino

    def empty_after(here: str, relative: str) -> bool:
        empty = True
        copies = []
        with os.scandir(here) as entries:
            for item in entries:
                name = relative + item.name
                if item.is_dir(follow_symlinks=False):
                    if empty_after(item.path, name + "/"):
                        os.rmdir(item.path)
                    else:
                        empty = False
                elif inodes.get(name) == item.inode():
                    kept.add(name)
                    empty = False
                elif name.endswith(".gz"):
                    copies.append((name, item.path))
                else:
                    os.unlink(item.path)
        # A kept page's compressed copy (`--gzip`) was made from these very bytes: kept with it.
        for name, path in copies:
            if name[:-3] in kept:
                empty = False
            else:
                os.unlink(path)
        return empty

    empty_after(str(folder), "")
    return kept


def _merge_tree(source: Path, target: Path) -> None:
    """Move what `source` holds into `target`, keeping what `target` already holds (the
    pages placed from the cache: the first run saw stand-ins for those of the nav)."""
    with os.scandir(source) as entries:
        for entry in list(entries):
            there = target / entry.name
            if not os.path.lexists(there):
                _move(Path(entry.path), there)  # a whole folder at once, where it is new
            elif entry.is_dir(follow_symlinks=False) and there.is_dir():
                _merge_tree(Path(entry.path), there)


def _pages(docs: Path) -> list[str]:
    """The staged pages, relative to the docs folder."""
    return sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*.md"))


def _shares(to_build: tuple[str, ...], jobs: int) -> list[tuple[str, ...]]:
    """The independent pages dealt out among engine runs: one per job while each gets enough
    pages to be worth a process, more when a run would hold too many pages at once."""
    runs = max(1, min(jobs, len(to_build) // MIN_PAGES_PER_JOB), -(-len(to_build) // MAX_PAGES_PER_RUN))
    ordered = sorted(to_build)
    return [tuple(ordered[i::runs]) for i in range(runs)]


@dataclass(frozen=True)
class _Run:
    number: int
    share: tuple[str, ...]  # the pages outside the nav it builds
    leave_out: set[str]  # staged files it does not see
    stand_ins: set[str]  # staged pages it sees empty


def _run_all(runs: list[_Run], jobs: int, env: dict[str, str], staging: Path, config_path: Path, config: dict,
             docs: Path, out_dir: Path, first_out: Path, warm: WarmEngine | None, templates: Path | None,
             started: threading.Event | None = None) -> None:
    """Run the engine, at most `jobs` runs at a time; stop starting more after a failure. Each
    run's folder is made, and its pages moved into `out_dir`, by the thread that runs it, beside
    the other runs. The first run writes `first_out` (the warm process runs it) and empties it
    as it starts; when that is `out_dir`, the others' pages are moved in once it has finished."""
    failures: list[str] = []
    first_done = threading.Event()
    under_way: list[int] = []

    def one(run: _Run) -> None:
        try:
            _one(run)
        except Exception as err:  # noqa: BLE001 - a failed run (a full disk …) fails the build, not this thread alone
            failures.append(f"{type(err).__name__}: {err}")
        finally:
            if run.number == 0:
                first_done.set()

    def _one(run: _Run) -> None:
        if failures:
            return
        run_config = config_path
        if run.leave_out or run.stand_ins:
            run_docs = staging / f"docs-{run.number}"
            _link_tree(docs, run_docs, run.leave_out, run.stand_ins)
            run_config = staging / f"mkdocs-{run.number}.yml"
            run_config.write_text(yaml.safe_dump(config | {"docs_dir": run_docs.name}, allow_unicode=True,
                                                 sort_keys=True), encoding="utf-8")
        target = first_out if run.number == 0 else staging / f"site-{run.number}"
        if started is not None:
            with taking:
                under_way.append(run.number)
                if len(under_way) >= min(jobs, len(runs)):
                    started.set()
        done = _execute(run_config, target, env, staging, warm if run.number == 0 else None, templates)
        if done.returncode != 0:
            failures.append((done.stderr + done.stdout).strip() or f"mkdocs exited with status {done.returncode}")
            return
        if run.number > 0:
            if first_out == out_dir:
                first_done.wait()
            for source in run.share:
                _move(target / page_output(source), out_dir / page_output(source))
            shutil.rmtree(target, ignore_errors=True)

    # Threads of their own, not a pool's: a preview stopped while it rebuilds must not wait at
    # exit for runs nobody will look at (a pool's threads are waited for).
    waiting = list(runs)
    taking = threading.Lock()

    def worker() -> None:
        while True:
            with taking:  # in order: the first run starts first
                if not waiting or failures:
                    return
                run = waiting.pop(0)
            one(run)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, min(jobs, len(runs))))]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except BaseException:  # interrupted (Ctrl+C, a stop): the other runs' processes are not left running
        failures.append("interrupted")
        stop_all()
        raise
    if failures:
        raise EngineError("\n".join(dict.fromkeys(failures)))


def _move(source: Path, target: Path) -> None:
    """`source` (a file, or a folder where `target` is new) to `target`: renamed, or copied
    where the two are on different file systems (a rename cannot cross)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(source, target)
    except OSError as err:
        if err.errno != errno.EXDEV:
            raise
        shutil.move(source, target)


def _link_tree(docs: Path, into: Path, leave_out: set[str], empty: set[str]) -> None:
    """A folder of symbolic links to every file under `docs` except those in `leave_out`, and
    of empty files for the pages in `empty` (staged or not: the cache holds those not staged)."""
    for folder, _, names in os.walk(docs):
        here = Path(folder)
        relative = here.relative_to(docs)
        (into / relative).mkdir(parents=True, exist_ok=True)
        for name in names:
            source = (relative / name).as_posix()
            if source in leave_out or source in empty:
                continue
            (into / relative / name).symlink_to(here / name)
    for source in empty:
        (into / source).parent.mkdir(parents=True, exist_ok=True)
        (into / source).write_bytes(b"")
