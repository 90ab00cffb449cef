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
        self.pending = 0  # requests sent and not yet answered
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._sent)
        self.page.on("requestfinished", self._done)
        self.page.on("requestfailed", self._done)

    def _sent(self, request):
        self.requests.append(request.url)
        self.pending += 1

    def _done(self, request):
        self.pending -= 1

    def open(self, url: str):
        response = self.page.goto(self.host.base + url)
        self.settle()
        return response

    def settle(self, quiet_ms: int = 100, limit_ms: int = 30_000):
        """Wait until the page has loaded and nothing more is fetched for `quiet_ms`: what it
        fetches after loading (the names a finder shows, a module a script imports) is
        fetched before the test looks. Playwright's "networkidle" waits the same way for
        500 ms, which across hundreds of page visits is minutes of a test run."""
        self.page.wait_for_load_state("load")
        waited = 0
        while waited < limit_ms:
            seen = len(self.requests)
            self.page.wait_for_timeout(quiet_ms)
            waited += quiet_ms
            if self.pending <= 0 and len(self.requests) == seen:
                return
        raise AssertionError(f"the page kept fetching for {limit_ms} ms: {self.requests[-5:]}")

    def outside_requests(self):
        return [u for u in self.requests if not u.startswith(self.host.origin + "/")]

    def searches_from_the_404_page(self, query: str = "实验小学") -> bool:
        """Types `query` into the 404 page's own search box: whether it lands on the site's
        search page with results."""
        self.page.fill("#dd-q", query)
        self.page.press("#dd-q", "Enter")
        self.page.wait_for_selector("#dd-search-page-results a")
        return self.page.url.startswith(self.host.base + "search/?q=")

    def reset(self, width: int = 360, height: int = 740):
        """As a new visit, for the next test (a browser context costs more than the page it
        opens): nothing stored, no route held or media emulated, a fresh log, this viewport."""
        self.page.unroute_all(behavior="ignoreErrors")
        self.page.emulate_media(media="null")  # no emulation: print to PDF as print
        self.page.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
        self.page.goto("about:blank")
        self.page.set_viewport_size({"width": width, "height": height})
        self.errors.clear()
        self.requests.clear()
        self.pending = 0
        return self

    def close(self):
        self.context.close()


def header_search(v: Visit, query: str) -> list[tuple[str, str]]:
    """The header search's answer to `query`: each result's kind and address.

    Emptied first, which hides the popup: what it shows next is this query's answer, not the
    last query's still on screen while this one's is worked out."""
    v.page.fill("#dd-search-input", "")
    v.page.wait_for_selector("#dd-search-popup", state="hidden")
    v.page.fill("#dd-search-input", query)
    v.page.wait_for_selector("#dd-search-popup:not([hidden]) .dd-results__link, "
                             "#dd-search-popup:not([hidden]) .dd-results__none")
    v.page.wait_for_timeout(300)
    links = v.page.locator("#dd-search-popup .dd-results__link")
    return [(links.nth(i).locator(".dd-results__kind").inner_text(), links.nth(i).get_attribute("href"))
            for i in range(links.count())]
