"""`dudao serve`: a local preview that rebuilds on every edit and reloads the browser.

The preview builds into a private temporary folder (never the project's site/),
serves it on localhost, and polls the project's files. After an edit it rebuilds;
if the content has problems, the last good preview stays up and every open page
shows the problems in a banner until they are fixed.
"""

from __future__ import annotations

import errno
import functools
import gc
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from urllib.parse import parse_qs

from ..site import engine
from .pipeline import (CACHE_FOLDER, UsageError, begin, check, plan_checked, records_kept, release_memory, render_only,
                       require_project)
from ..site.engine import EngineError
from ..model.diagnostics import Problems, format_all
from ..pages.planning import PlannedPage, SitePlan, record_pages
from ..sources.validation import problems_of_files
from ..model.messages import pick
from ..site.publishing import PREVIEW_PREFIX, scratch_prefix, sweep_temporary

STATUS_PATH = "/__dudao__/status"
RELOAD_SCRIPT = """<script>
(function () {
  var seen = null;
  function show(problems) {
    var box = document.getElementById("dudao-problems");
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "dudao-problems";
      box.setAttribute("role", "alert");
      // Its lines wrap anywhere: a file's path and a code are long words a phone's width cannot hold.
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:45vh;overflow:auto;margin:0;" +
        "padding:1em;background:#b71c1c;color:#fff;font:13px/1.5 monospace;z-index:1000;white-space:pre-wrap;" +
        "overflow-wrap:anywhere;box-sizing:border-box";
      document.body.appendChild(box);
    }
    box.textContent = problems.join("\\n");
  }
  // Long polling: the server answers when something changed (or after a while), and is told
  // which page is open, so that page is rebuilt first after an edit.
  function poll() {
    var query = "?page=" + encodeURIComponent(location.pathname) + (seen === null ? "" : "&since=" + seen);
    fetch("__STATUS__" + query, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen) { location.reload(); return; }
      seen = s.version;
      show(s.problems);
      poll();
    }).catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>"""
# How long a status request waits for a change, and how long a page counts as open after it asked.
LONG_POLL_SECONDS = 20
OPEN_PAGE_SECONDS = 2 * LONG_POLL_SECONDS


class Preview:
    """The state the server and the watcher share: where the site is, its version, the
    problems, and the pages open in browsers."""

    def __init__(self, project: Path, strict: bool, jobs: int | None = None, cache: bool = True):
        self.project = project
        self.strict = strict
        self.language = "zh-Hans"  # the site's, once a build has read its configuration
        self.jobs = jobs
        self.cache = cache
        self.folder = Path(tempfile.mkdtemp(prefix=scratch_prefix(PREVIEW_PREFIX)))
        # The records read before, as a build keeps them: in the project's cache, or (without
        # it) in the preview's own folder.
        self.store = records_kept(project / CACHE_FOLDER if cache else self.folder)
        self.site = self.folder / "site"
        self.version = 0
        self.problems: list[str] = []
        self.open_pages: dict[str, float] = {}
        self.changed = threading.Condition()
        # An engine process that has done its imports, waiting for the next edit's open pages.
        self.warm: engine.WarmEngine | None = None
        # The last plan's nav, as stand-ins: the next save's open pages are staged with it.
        self.nav: tuple[PlannedPage, ...] | None = None

    def _publish(self, problems: list[str], new_version: bool) -> None:
        with self.changed:
            self.problems = problems
            if new_version:
                self.version += 1
            self.changed.notify_all()

    def rebuild(self, saved=()) -> None:
        """After an edit: the problems at once; then the pages open in browsers; then the rest.
        `saved`: the files the system said were saved, whose own problems are shown first,
        before any other file is read."""
        started = time.monotonic()
        if 0 < len(saved) <= FEW_SAVED:
            self._show_problems_read(problems_of_files(self.project, saved), self.language)
        job = begin(self.project, self.site, strict=self.strict, jobs=self.jobs, cache=self.cache)
        # A save that breaks the content shows its errors before anything is planned; one that
        # does not shows the pages open in a browser before the rest of the site is planned.
        checked = check(self.project, job.epoch, plan_despite_errors=False, store=self.store, planned=False,
                        on_read=self._show_problems_read)
        errors = self._errors(checked.problems, checked.language)
        if errors or checked.site is None:
            self._report(checked.problems, checked.language)
            self._publish(errors, new_version=False)
            self._say(checked.language, f"发现 {len(errors)} 个错误；预览仍显示上一次正确的结果",
                      f"{len(errors)} problem(s); the last good preview is still served")
            return
        shown: dict[str, bytes] = {}
        if self.version and self.site.is_dir():
            shown, checked = self._show_open_pages(checked, job.epoch)
            if shown:
                self._publish([], new_version=True)
                seconds = time.monotonic() - started
                self._say(checked.language, f"已更新正在浏览的 {len(shown)} 个页面（{seconds:.1f} 秒），正在生成其余页面",
                          f"{len(shown)} open page(s) shown in {seconds:.1f} s; rebuilding the rest")
        checked = plan_checked(checked)
        if checked.plan is not None:  # the nav, for the next save's open pages
            self.nav = tuple(replace(page, context=MappingProxyType({})) for page in checked.plan.nav)
        # The build goes on from this check: the files are not read and checked again.
        result = job.run(self.store, checked)
        checked = job = None
        release_memory()  # the last model's memory given back: a working session is hundreds of saves
        self._warm_up()
        self._report(result.problems, result.language)
        errors = self._errors(result.problems, result.language)
        if result.out is None:
            self._publish(errors, new_version=False)
            self._say(result.language, f"发现 {len(errors)} 个错误；预览仍显示上一次正确的结果",
                      f"{len(errors)} problem(s); the last good preview is still served")
            return
        # Reload only if the open pages differ from what was shown a moment ago.
        same = shown and all((self.site / name).is_file() and (self.site / name).read_bytes() == html
                             for name, html in shown.items())
        self._publish(errors, new_version=not same)
        self._say(result.language, f"已生成 {result.pages} 个页面（{result.seconds:.1f} 秒）",
                  f"built {result.pages} pages in {result.seconds:.1f} s")

    def _show_problems_read(self, problems, language: str) -> None:
        """The problems of the records as read, before they are linked: a broken record's
        banner at once. Linking may find more, shown when it is done."""
        errors = self._errors(problems, language)
        if errors:
            self._publish(errors, new_version=False)

    def _errors(self, problems, language: str) -> list[str]:
        """The banner's lines: each error (each warning too, when strict), in the site's language."""
        return [d.format(language, self.strict) for d in problems.errors(self.strict)]

    def _warm_up(self) -> None:
        """An engine process for the next edit's open pages, importing while the clerk edits."""
        if self.warm is None or self.warm.process is None:
            self.warm = engine.WarmEngine()

    def _show_open_pages(self, checked, epoch: int):
        """The pages open in browsers, made and put in place; and the check, planned if the
        pages needed it. The open pages that are records' own (a report, a school) are planned
        alone, with the last build's nav: a city's site took seconds to plan. Others wait for
        the whole site's plan. The site built next puts right whatever of them this changed."""
        horizon = time.monotonic() - OPEN_PAGE_SECONDS
        with self.changed:
            urls = {url for url, seen in self.open_pages.items() if seen >= horizon}
        # Their own problems are the whole plan's to report: not counted here a second time.
        alone = record_pages(checked.site, urls, Problems()) if urls and self.nav is not None else None
        if alone is not None:
            site_plan = SitePlan(alone + tuple(page for page in self.nav if page.url not in urls))
        else:
            checked = plan_checked(checked)
            site_plan = checked.plan
        try:
            pages = render_only(self.project, checked.site, site_plan, urls, epoch, self.warm)
        except EngineError:
            return {}, checked  # the whole build reports it
        if engine.stopped_for_good():  # the preview is stopping: its folder is being removed
            return {}, checked
        for name, html in pages.items():
            target = self.site / name
            target.parent.mkdir(parents=True, exist_ok=True)
            scratch = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            scratch.write_bytes(html)
            os.replace(scratch, target)
        return pages, checked

    def _say(self, language: str, zh: str, en: str) -> None:
        """One line of the preview's log, in the site's language, with the time."""
        self.language = language
        print(f"[{time.strftime('%H:%M:%S')}] {pick(zh, en, language)}", file=sys.stderr)

    def _report(self, problems, language: str) -> None:
        text = format_all(problems.sorted(), language, self.strict)
        if text:
            print(text, file=sys.stderr)

    def status(self, since: int | None = None, page: str | None = None) -> bytes:
        if page is not None:
            url = page.lstrip("/")
            url = "" if url in ("", "index.html") else url
            with self.changed:
                self.open_pages[url] = time.monotonic()
        with self.changed:
            if since is not None and since == self.version:
                self.changed.wait(LONG_POLL_SECONDS)
            return json.dumps({"version": self.version, "problems": self.problems}, ensure_ascii=False).encode()


def snapshot(project: Path) -> dict[str, float]:
    """Modification times of everything a build reads."""
    seen: dict[str, float] = {}
    for top in (project / "content", project / "theme", project / "site_config.yml"):
        paths = [top] if top.is_file() else (top.rglob("*") if top.is_dir() else [])
        for path in paths:
            try:
                seen[str(path)] = path.stat().st_mtime_ns
            except OSError:
                continue
    return seen


def make_handler(preview: Preview):
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(preview.site), **kwargs)

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

        def do_GET(self):  # noqa: N802 - the base class's name
            path, _, query = self.path.partition("?")
            if path == STATUS_PATH:
                asked = parse_qs(query)
                since = asked.get("since", [""])[0]
                return self._send(200, "application/json", preview.status(
                    int(since) if since.isdigit() else None, asked.get("page", [None])[0]))
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                if not self.path.split("?")[0].endswith("/"):
                    return super().do_GET()  # the base class redirects to the slash form
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                return self._send(200, "text/html; charset=utf-8", self._inject(path.read_bytes()))
            if not path.exists() and (preview.site / "404.html").is_file():
                return self._send(404, "text/html; charset=utf-8",
                                  self._inject((preview.site / "404.html").read_bytes()))
            return super().do_GET()

        def _inject(self, html: bytes) -> bytes:
            script = RELOAD_SCRIPT.replace("__STATUS__", STATUS_PATH).encode()
            return html.replace(b"</body>", script + b"</body>", 1)

        def _send(self, code: int, kind: str, body: bytes):
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def watch(preview: Preview, stop: threading.Event, changed: threading.Event, observer, interval: float = 0.5,
          saved: set | None = None) -> None:
    """Rebuild after every change to what a build reads. The system tells of changes as they
    happen (inotify, through watchdog, set up before the preview is announced): nothing is
    polled while the clerk is not editing; without it, file times are compared every
    `interval` seconds."""
    if observer is None:
        before = snapshot(preview.project)
        while not stop.wait(interval):
            now = snapshot(preview.project)
            if now != before:
                time.sleep(0.2)  # let an editor finish writing
                before = snapshot(preview.project)
                preview.rebuild()
        return
    try:
        while not stop.is_set():
            if not changed.wait(0.5):
                continue
            time.sleep(SETTLE_SECONDS)  # let an editor finish writing (several events, one rebuild)
            changed.clear()
            paths = set()
            while saved:  # the files the system said were saved (set by the observer's thread)
                paths.add(saved.pop())
            preview.rebuild(paths)
    finally:
        observer.stop()


# An editor's save is often several writes (a temporary file, a rename) within a few milliseconds.
SETTLE_SECONDS = 0.05


def _observe(project: Path, changed: threading.Event, saved: set | None = None):
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:  # pragma: no cover - watchdog is a dependency
        return None
    read = (project / "content", project / "theme")

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type in ("opened", "closed_no_write"):
                return
            for raw in (event.src_path, getattr(event, "dest_path", "") or ""):
                path = Path(os.fsdecode(raw)) if raw else None
                if path is None:
                    continue
                if path == project / "site_config.yml" or any(path == top or top in path.parents for top in read):
                    if saved is not None:
                        saved.add(path)
                    changed.set()

    observer = Observer()
    handler = Handler()
    observer.schedule(handler, str(project), recursive=False)
    for top in read:
        if top.is_dir():
            observer.schedule(handler, str(top), recursive=True)
    try:
        observer.start()
    except OSError:  # e.g. no inotify watches left: compare file times instead
        return None
    return observer


class PreviewServer(ThreadingHTTPServer):
    # Open pages keep polling; their threads must not hold up stopping.
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        """A browser that went away mid-answer (a tab closed, a page left while loading) is no
        error of the preview's: the base class printed a traceback for each."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def free_port_after(host: str, port: int) -> int | None:
    for candidate in range(port + 1, min(port + 50, 65536)):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return None


def bind(host: str, port: int, preview: Preview) -> PreviewServer:
    """The listening socket, taken before anything is built: a busy port is said at once."""
    try:
        return PreviewServer((host, port), make_handler(preview))
    except OSError as err:
        if err.errno != errno.EADDRINUSE:
            raise UsageError(f"无法在 {host}:{port} 上提供预览：{err.strerror}") from None
        other = free_port_after(host, port)
        advice = f"；可以改用 --port {other}" if other else ""
        raise UsageError(f"端口 {port} 已被占用{advice}") from None


def _stop_on_terminate(signum, frame):
    raise KeyboardInterrupt  # the same clean stop as Ctrl+C: the temporary folder goes


def serve(project: Path, host: str, port: int, strict: bool = False, jobs: int | None = None,
          cache: bool = True) -> int:
    project = require_project(project)
    sweep_temporary()  # previews that were killed outright
    preview = Preview(project, strict, jobs, cache)
    stop = threading.Event()
    server = watcher = None
    previous = signal.signal(signal.SIGTERM, _stop_on_terminate)
    try:
        server = bind(host, port, preview)
        preview.rebuild()
        changed, saved = threading.Event(), set()
        watcher = threading.Thread(target=functools.partial(
            watch, preview, stop, changed, _observe(preview.project, changed, saved), saved=saved), daemon=True)
        watcher.start()
        address = f"http://{host}:{server.server_port}/"
        # The address is the line's second word in every language (scripts read it).
        print(pick(f"预览地址 {address} （按 Ctrl+C 结束；保存任何文件后自动更新）",
                   f"Preview: {address}  (Ctrl+C to stop; rebuilds on every edit)", preview.language), flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        print(pick("预览已结束。", "Preview stopped.", preview.language), file=sys.stderr)
    finally:
        stop.set()
        if server is not None:
            server.server_close()
        # A rebuild under way ends at once: its engine processes are stopped (and no other is
        # started), so it fails and removes its scratch folders; then the preview's folder goes.
        engine.stop_all(for_good=True)
        if watcher is not None:
            watcher.join(STOP_SECONDS)
        remove_folder(preview.folder, STOP_SECONDS)
        signal.signal(signal.SIGTERM, previous)
        # A rebuild left running holds a model: the collection Python makes as it exits would
        # walk all of it (seconds at a city's size). It is nothing to collect.
        gc.freeze()
    return 0


# An editor's save is a file or two; a branch checked out or a folder copied in is thousands,
# and reading them alone first would only make the whole check wait for a second reading.
FEW_SAVED = 32

# How long a stopping preview waits for a rebuild under way to end (one in its engine's phase
# ends at once; one reading or rendering goes on, and is left when the process ends), and then
# for its folder to be removed.
STOP_SECONDS = 1


def remove_folder(folder: Path, waited: float = 1.0) -> None:
    """Remove `folder`. It is renamed first, in one step (`<its name>-gone<n>`: still named
    for the preview's process, so that a later preview's sweep finds what is left if this
    one is killed), and then removed: a helper of the last build still at work at the lowest
    priority (the spare site's maker) can neither add to it nor put anything back at its
    name (it did, on a busy machine, after the folder was removed: a spare site left behind).
    Something made there again meanwhile is renamed and removed in turn.

    Removed by a process of its own, in a session of its own: a rebuild may still be running
    in this one, and each file's removal waited for it to hand over the interpreter's lock (a
    city's preview took half a minute to stop). It is waited for `waited` seconds; a city's
    site takes longer to remove, and that process finishes after the preview has stopped (a
    folder a killed one left is removed when a preview next starts: `sweep_temporary`)."""
    deadline = time.monotonic() + waited
    attempt = 0
    while folder.exists():
        gone = folder.with_name(f"{folder.name}-gone{attempt}")
        attempt += 1
        try:
            os.rename(folder, gone)
        except OSError:  # not renamed: removed where it is
            gone = folder
        try:
            remover = subprocess.Popen(
                [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(gone)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:
            shutil.rmtree(gone, ignore_errors=True)
        else:
            try:
                remover.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                return  # it goes on alone
        if time.monotonic() > deadline:
            return
        time.sleep(0.05)
