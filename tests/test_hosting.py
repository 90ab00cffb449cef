"""The demo site served as a host serves it: Debian's nginx, under /dudao/, with the
configuration docs/hosting.md gives, sending the `.gz` copies `dudao build --gzip` writes.
Every link is followed through it, pages and search are opened in chromium through it, and a
missing deep address gets the 404 page, working."""

from __future__ import annotations

import gzip
import html
import http.client
import re
import socket
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest

from browsing import Visit
from conftest import ROOT, run_dudao

NGINX = "/usr/sbin/nginx"
PREFIX = "/dudao/"

if not Path(NGINX).exists():
    pytest.fail(f"the hosting test needs Debian's nginx at {NGINX}: run `make browsers`", pytrace=False)


def documented_location() -> str:
    """The nginx configuration docs/hosting.md gives for a site under /dudao/."""
    text = (ROOT / "docs/hosting.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```nginx\n(.*?)```", text, re.S)
    assert len(blocks) == 1 and "location /dudao/" in blocks[0], blocks
    return blocks[0]


@pytest.fixture(scope="module")
def served(tmp_path_factory, bare_site):
    """The demo built with --gzip, served by nginx under /dudao/ on a free local port."""
    work = tmp_path_factory.mktemp("hosting")
    site = bare_site
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    location = documented_location().replace("/srv/dudao/site/", f"{site}/")
    assert f"{site}/" in location
    temp = " ".join(f"{kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (work / "nginx.conf").write_text(
        f"daemon off; master_process off; pid {work}/nginx.pid; error_log {work}/error.log warn;\n"
        "events { worker_connections 64; }\n"
        f"http {{ include /etc/nginx/mime.types; default_type application/octet-stream; access_log off; {temp}\n"
        f"server {{ listen 127.0.0.1:{port};\n{location}\n}} }}\n", encoding="utf-8")
    nginx = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if nginx.poll() is not None or time.monotonic() > deadline:
                nginx.kill()
                raise AssertionError(f"nginx did not start: {nginx.stderr.read().decode()}"
                                     f"{(work / 'error.log').read_text() if (work / 'error.log').exists() else ''}")
            time.sleep(0.05)
    origin = f"http://127.0.0.1:{port}"
    yield SimpleNamespace(site=site, origin=origin, prefix=PREFIX, base=origin + PREFIX, port=port)
    nginx.terminate()
    nginx.wait(timeout=10)


def test_every_link_answers_through_nginx_and_text_comes_as_its_gz_copy(served):
    """From the home page, every address the pages link to or load (pages, styles, scripts,
    data, feeds, images) answers 200 through nginx; every page of the site is reached; text
    comes gzip-encoded (nginx only sends the copies: it compresses nothing itself here), and
    unpacks to the file the build wrote."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    seen, queue, broken, pages, encoded = set(), [PREFIX], [], set(), 0
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            broken.append((path, response.status))
            continue
        if response.getheader("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
            encoded += 1
        file = served.site / path[len(PREFIX):]
        file = file / "index.html" if path.endswith("/") else file
        assert body == file.read_bytes(), path
        if file.suffix != ".html":
            continue
        pages.add(file)
        for link in re.findall(r'(?:href|src)="([^"]*)"', body.decode("utf-8")):
            target = urlsplit(urljoin(served.origin + path, html.unescape(link)))  # as a browser reads it
            if target.netloc == urlsplit(served.origin).netloc and target.path.startswith(PREFIX):
                queue.append(target.path)
    connection.close()
    assert broken == []
    assert pages == set(served.site.rglob("index.html")) - {served.site / "404.html"}
    gz_copies = list(served.site.rglob("*.html.gz"))
    assert len(gz_copies) >= len(pages) and encoded >= len(pages)


def test_pages_and_search_work_in_chromium_through_nginx(served, browser):
    v = Visit(browser, served)
    try:
        assert v.open("").status == 200
        assert v.page.locator("article h1").inner_text().replace("\n", "") == "清溪区责任督学挂牌督导公示平台"
        v.page.fill("#dd-finder-q", "实验小学")
        v.page.wait_for_selector(".dd-finder__results a")
        assert v.open("schools/qx-shiyan/").status == 200
        assert "清溪实验小学" in v.page.locator("article h1").inner_text()
        assert v.page.locator("a[href^='tel:']").count() > 0
        v.open("search/?q=实验小学")
        v.page.wait_for_selector("#dd-search-page-results a")
        assert v.page.locator("#dd-search-page-results a").count() > 0
        assert not v.errors and not v.outside_requests(), (v.errors, v.outside_requests())
    finally:
        v.close()


def test_a_missing_deep_address_gets_the_404_page_and_it_works(served, browser):
    """Any missing address, however deep, answers 404 with the site's 404 page, whose home
    link and search find the site under /dudao/."""
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    connection.request("GET", PREFIX + "schools/no-such-school/reports/2019/")
    response = connection.getresponse()
    assert response.status == 404 and "页面不存在" in response.read().decode("utf-8")
    connection.close()
    v = Visit(browser, served)
    try:
        assert v.open("schools/no-such-school/reports/2019/").status == 404
        v.page.wait_for_function(f"document.getElementById('dd-home').getAttribute('href') === '{PREFIX}'")
        assert v.searches_from_the_404_page()
    finally:
        v.close()


def test_gz_copies_follow_their_files_from_build_to_build(tmp_path):
    """A build with --gzip keeps each copy equal to its file: an edited page gets a new copy,
    a page that is gone takes its copy with it, the same site gives the same copies, and a
    build without --gzip leaves none."""
    from conftest import FIXTURES, copy_project

    project = copy_project(FIXTURES / "tiny", tmp_path / "p")
    site = project / "site"

    def copies() -> dict[str, bytes]:
        found = {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*.gz")}
        for name, packed in found.items():
            assert gzip.decompress(packed) == (site / name[:-3]).read_bytes(), name
        return found

    assert run_dudao("build", str(project), "--gzip").returncode == 0
    first = copies()
    assert "index.html.gz" in first and "schools/qx-shiyan/index.html.gz" in first
    assert "assets/stylesheets/dudao.css.gz" in first and not any(n.endswith((".png.gz", ".jpg.gz")) for n in first)
    school = project / "content/schools/qx-shiyan.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("name: 清溪实验小学", "name: 清溪第一实验小学"),
                      encoding="utf-8")
    (project / "content/schools/qx-yey.yml").unlink()
    assert run_dudao("build", str(project), "--gzip").returncode == 0
    second = copies()
    assert second["schools/qx-shiyan/index.html.gz"] != first["schools/qx-shiyan/index.html.gz"]
    assert "schools/qx-yey/index.html.gz" in first and "schools/qx-yey/index.html.gz" not in second
    assert second["assets/stylesheets/dudao.css.gz"] == first["assets/stylesheets/dudao.css.gz"]
    again = run_dudao("build", str(project), "--gzip", "--no-cache", "--out", str(tmp_path / "cold"))
    assert again.returncode == 0
    assert {str(p.relative_to(tmp_path / "cold")): p.read_bytes() for p in (tmp_path / "cold").rglob("*.gz")} == second
    for name in ("清溪第二实验小学", "清溪第三实验小学"):  # each from the site the one before replaced
        school.write_text(re.sub(r"name: \S+", f"name: {name}", school.read_text(encoding="utf-8"), count=1),
                          encoding="utf-8")
        assert run_dudao("build", str(project)).returncode == 0
        assert copies() == {} and name in (site / "schools/qx-shiyan/index.html").read_text(encoding="utf-8")
    # once neither of the last two builds made copies, the cache keeps no trace of them
    assert not any((project / ".dudao-cache/gzip").glob("*"))
