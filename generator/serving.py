"""`dudao serve`: a local preview that rebuilds on every edit and reloads the browser.

The preview builds into a private temporary folder (never the project's site/),
serves it on localhost, and polls the project's files. After an edit it rebuilds;
if the content has problems, the last good preview stays up and every open page
shows the problems in a banner until they are fixed.
"""

from __future__ import annotations

import errno
import functools
import json
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .build import UsageError, build, require_project
from .diagnostics import format_all
from .publishing import PREVIEW_PREFIX, scratch_prefix, sweep_temporary

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
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:45vh;overflow:auto;margin:0;" +
        "padding:1em;background:#b71c1c;color:#fff;font:13px/1.5 monospace;z-index:1000;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = problems.join("\\n");
  }
  function poll() {
    fetch("__STATUS__", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen) { location.reload(); return; }
      seen = s.version;
      show(s.problems);
    }).catch(function () {}).then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>"""


class Preview:
    """The state the server and the watcher share: where the site is, its version, the problems."""

    def __init__(self, project: Path, strict: bool, jobs: int | None = None, cache: bool = True):
        self.project = project
        self.strict = strict
        self.jobs = jobs
        self.cache = cache
        self.folder = Path(tempfile.mkdtemp(prefix=scratch_prefix(PREVIEW_PREFIX)))
        self.site = self.folder / "site"
        self.version = 0
        self.problems: list[str] = []
        self.lock = threading.Lock()

    def rebuild(self) -> None:
        result = build(self.project, self.site, strict=self.strict, jobs=self.jobs, cache=self.cache)
        diags = result.problems.sorted()
        text = format_all(diags, result.language, self.strict)
        if text:
            print(text, file=sys.stderr)
        errors = [d.format(result.language, self.strict) for d in result.problems.errors(self.strict)]
        with self.lock:
            self.problems = errors
            if result.out is not None:
                self.version += 1
        stamp = time.strftime("%H:%M:%S")
        if result.out is not None:
            print(f"[{stamp}] built {result.pages} pages in {result.seconds:.1f} s", file=sys.stderr)
        else:
            print(f"[{stamp}] {len(errors)} problem(s); the last good preview is still served", file=sys.stderr)

    def status(self) -> bytes:
        with self.lock:
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
            if self.path.split("?")[0] == STATUS_PATH:
                return self._send(200, "application/json", preview.status())
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


def watch(preview: Preview, stop: threading.Event, interval: float = 0.5) -> None:
    before = snapshot(preview.project)
    while not stop.wait(interval):
        now = snapshot(preview.project)
        if now != before:
            time.sleep(0.2)  # let an editor finish writing
            before = snapshot(preview.project)
            preview.rebuild()


class PreviewServer(ThreadingHTTPServer):
    # Open pages keep polling; their threads must not hold up stopping.
    daemon_threads = True
    block_on_close = False


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
            raise UsageError(f"cannot listen on {host}:{port}: {err.strerror}") from None
        other = free_port_after(host, port)
        advice = f"; try --port {other}" if other else ""
        raise UsageError(f"port {port} is in use{advice}") from None


def _stop_on_terminate(signum, frame):
    raise KeyboardInterrupt  # the same clean stop as Ctrl+C: the temporary folder goes


def serve(project: Path, host: str, port: int, strict: bool = False, jobs: int | None = None,
          cache: bool = True) -> int:
    project = require_project(project)
    sweep_temporary()  # previews that were killed outright
    preview = Preview(project, strict, jobs, cache)
    stop = threading.Event()
    server = None
    previous = signal.signal(signal.SIGTERM, _stop_on_terminate)
    try:
        server = bind(host, port, preview)
        preview.rebuild()
        watcher = threading.Thread(target=functools.partial(watch, preview, stop), daemon=True)
        watcher.start()
        print(f"Preview: http://{host}:{server.server_port}/  (Ctrl+C to stop; rebuilds on every edit)", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        print("Preview stopped.", file=sys.stderr)
    finally:
        stop.set()
        if server is not None:
            server.server_close()
        shutil.rmtree(preview.folder, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)
    return 0
