"""A browser for the tests: Debian's chromium driven by Playwright, and a plain static host
for a built site on localhost, at the root or under a sub-path."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"

playwright_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.fail(f"browser tests need Debian's chromium at {CHROMIUM}: run `make browsers`", pytrace=False)


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"])


class Host:
    """A plain static server for the built site, at `prefix` ('/' or '/dudao/'), answering
    a missing file with the site's 404 page, as ordinary static hosts are set up."""

    def __init__(self, site: Path, prefix: str):
        self.site, self.prefix = site, prefix
        host = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def translate_path(self, path):
                path = path.split("?")[0].split("#")[0]
                if not path.startswith(host.prefix):
                    return str(host.site / "__outside__")
                return super().translate_path("/" + path[len(host.prefix):])

            def send_error(self, code, message=None, explain=None):
                if code == 404 and (host.site / "404.html").is_file():
                    body = (host.site / "404.html").read_bytes()
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                super().send_error(code, message, explain)

        self.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.base = self.origin + prefix

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Visit:
    """One phone-sized browser context that records console errors and every request."""

    def __init__(self, browser, host, **options):
        self.host = host
        self.context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1,
                                           **options)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, url: str):
        response = self.page.goto(self.host.base + url)
        self.page.wait_for_load_state("networkidle")
        return response

    def outside_requests(self):
        return [u for u in self.requests if not u.startswith(self.host.origin + "/")]

    def close(self):
        self.context.close()
