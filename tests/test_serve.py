"""`dudao serve`: the preview rebuilds on an edit, tells open pages to reload, and keeps
the last good preview (with the problems listed) when an edit breaks the content."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import EPOCH, FIXTURES, copy_project


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out")


def test_preview_rebuilds_and_reports_problems(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server, base = start_preview(project, temporary)  # its log speaks the site's language
    try:
        status = lambda: json.loads(get(base + "__dudao__/status"))  # noqa: E731
        assert status() == {"version": 1, "problems": []}
        page = get(base + "schools/qx-shiyan/")
        assert "清溪实验小学" in page and "__dudao__/status" in page
        school = project / "content/schools/qx-shiyan.yml"
        school.write_text(school.read_text(encoding="utf-8").replace("name: 清溪实验小学", "name: 清溪第一实验小学"),
                          encoding="utf-8")
        wait_for(lambda: status()["version"] == 2)
        assert "清溪第一实验小学" in get(base + "schools/qx-shiyan/")
        school.write_text(school.read_text(encoding="utf-8").replace("type: primary", "type: castle"),
                          encoding="utf-8")
        problems = wait_for(lambda: status()["problems"])
        assert problems[0].startswith("content/schools/qx-shiyan.yml:2:7: error[field.enum]")
        assert status()["version"] == 2
        assert "清溪第一实验小学" in get(base + "schools/qx-shiyan/")
        assert not (project / "site").exists()  # the preview never writes into the project
    finally:
        server.terminate()
        stopped(server, 10)


def start_preview(project, temporary):
    # PYTHONFAULTHANDLER: a preview that does not stop says where it is (`stopped`)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH), TMPDIR=str(temporary), PYTHONFAULTHANDLER="1")
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(project), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    line = server.stdout.readline()
    if not line.startswith("预览地址 http://127.0.0.1:"):
        server.kill()
        raise AssertionError(f"no preview address: {line!r}; stderr: {server.stderr.read()}")
    return server, line.split()[1]


def stopped(server, seconds: float) -> None:
    """Wait for the preview to end; one that does not is made to say where each of its threads
    is (Python's fault handler, on SIGABRT), and the test fails with that and the signals it
    ignores."""
    import signal

    try:
        server.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        ignored = [line for line in Path(f"/proc/{server.pid}/status").read_text().splitlines()
                   if line.startswith("SigIgn")]  # a signal ignored where it was started stays ignored
        server.send_signal(signal.SIGABRT)
        _, said = server.communicate(timeout=30)
        raise AssertionError(f"the preview did not stop in {seconds} s ({ignored}):\n{said}") from None


def previews(temporary) -> list[str]:
    return sorted(p.name for p in temporary.iterdir() if p.name.startswith("dudao-preview-"))


def test_preview_stops_on_the_first_ctrl_c_and_cleans_up_even_after_a_kill(tmp_path):
    import http.client
    import signal
    import socket
    import struct
    from urllib.parse import urlsplit

    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    killed, _ = start_preview(project, temporary)
    killed.kill()  # kill -9: no chance to clean up
    killed.wait(timeout=10)
    left = previews(temporary)
    assert len(left) == 1 and left[0].startswith(f"dudao-preview-{killed.pid}-")
    server, base = start_preview(project, temporary)
    now = previews(temporary)  # the killed preview's folder is gone; only the running one's is there
    assert len(now) == 1 and now[0].startswith(f"dudao-preview-{server.pid}-")
    # Browsers open connections ahead of need and leave them idle: one of those, and a used one.
    address = urlsplit(base)
    idle = socket.create_connection((address.hostname, address.port))
    browser = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    browser.request("GET", "/__dudao__/status")
    assert browser.getresponse().read()
    # A tab closed while a large file comes: the connection reset under the server's answer.
    for _ in range(3):
        gone = socket.create_connection((address.hostname, address.port))
        gone.sendall(b"GET /assets/javascripts/dudao.js HTTP/1.1\r\nHost: x\r\n\r\n")
        gone.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        gone.close()
    time.sleep(0.3)  # the server has taken the idle connection and waits on it
    server.send_signal(signal.SIGINT)
    started = time.monotonic()
    try:
        stopped(server, 10)
    finally:
        if server.poll() is None:
            server.kill()
    assert time.monotonic() - started < 3
    assert server.returncode == 0
    assert previews(temporary) == []
    said = server.stderr.read()
    assert "Traceback" not in said and "Broken pipe" not in said and "Exception occurred" not in said, said
    browser.close()
    idle.close()


def test_a_preview_started_with_ctrl_c_ignored_keeps_it_ignored_and_stops_on_sigterm(tmp_path):
    """docs/security.md: started as a shell starts a command in the background (SIGINT
    ignored), the preview keeps Ctrl+C ignored, as other programs do, and stops on SIGTERM,
    leaving nothing behind."""
    import signal

    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # what the preview inherits
    try:
        server, _ = start_preview(project, temporary)
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=1)
        except subprocess.TimeoutExpired:
            pass
        assert server.poll() is None  # still serving
        server.send_signal(signal.SIGTERM)
        stopped(server, 10)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0 and previews(temporary) == []


def test_preview_on_a_busy_port_says_so_in_one_line_before_building(tmp_path):
    import socket

    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH), TMPDIR=str(temporary))
        result = subprocess.run([sys.executable, "-m", "generator", "serve", str(project), "--port", str(port)],
                                capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"dudao：端口 {port} 已被占用；可以改用 --port "), result.stderr
    suggested = int(lines[0].rsplit(" ", 1)[1])
    assert suggested > port
    with socket.socket() as free:
        free.bind(("127.0.0.1", suggested))  # the port suggested is free
    assert result.stdout == "" and previews(temporary) == []  # nothing was built or left behind


def test_an_open_page_is_rebuilt_first_and_reloads_itself(tmp_path, browser):
    """In chromium: an edit shows on the open page before the whole site is rebuilt (the
    server's log says so), and a broken edit shows the problems banner over the last good page."""
    import signal

    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server, base = start_preview(project, temporary)
    try:
        view = browser.new_page(viewport={"width": 360, "height": 740})  # a phone's width
        view.goto(base + "schools/qx-shiyan/")
        assert "清溪实验小学" in view.inner_text("h1")
        view.wait_for_timeout(500)  # the page has told the server it is open
        school = project / "content/schools/qx-shiyan.yml"
        school.write_text(school.read_text(encoding="utf-8").replace("name: 清溪实验小学", "name: 清溪第一实验小学"),
                          encoding="utf-8")
        view.wait_for_function("document.querySelector('h1') && "
                               "document.querySelector('h1').textContent.includes('清溪第一实验小学')", timeout=60_000)
        school.write_text(school.read_text(encoding="utf-8").replace("type: primary", "type: castle" + "x" * 80),
                          encoding="utf-8")  # a value longer than a phone's line, without a space
        banner = view.wait_for_selector("#dudao-problems", timeout=60_000)
        assert banner.inner_text().startswith("content/schools/qx-shiyan.yml:2:7: error[field.enum]")
        assert "清溪第一实验小学" in view.inner_text("h1")  # the last good page stays
        # The banner keeps to the screen: its long lines wrap, nothing to scroll sideways.
        assert banner.evaluate("b => b.scrollWidth <= b.clientWidth && b.getBoundingClientRect().right <= 360")
        view.close()
    finally:
        server.send_signal(signal.SIGINT)
        stopped(server, 10)
    log = server.stderr.read()
    assert "已更新正在浏览的 1 个页面" in log and "已生成" in log, log


def engine_processes(parent: int) -> list[int]:
    """The engine processes (MkDocs runs) that `parent` started and that are still running."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8") as stat:
                state, ppid = stat.read().rsplit(")", 1)[1].split()[:2]
            with open(f"/proc/{entry.name}/cmdline", "rb") as command:
                runner = b"mkdocs.__main__" in command.read()
        except OSError:
            continue
        if int(ppid) == parent and runner and state != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_preview_stopped_while_it_rebuilds_stops_at_once_and_leaves_nothing(tmp_path):
    """SIGTERM while an edit is being built: the engine's processes end with the preview, and
    nothing of it is left in the temporary folder."""
    import signal

    from conftest import ROOT

    project = copy_project(ROOT, tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server, _ = start_preview(project, temporary)
    try:
        assert previews(temporary)  # the preview's folder, which must go
        report = next((project / "content/reports").rglob("*.md"))
        engines: list[int] = []
        for attempt in range(20):  # an edit, then its rebuild caught with the engine running
            with open(report, "a", encoding="utf-8") as text:
                text.write(f"\n补充说明 {attempt}。\n")
            deadline = time.monotonic() + 10
            while not engines and time.monotonic() < deadline:
                engines = engine_processes(server.pid)
                time.sleep(0.005)
            if engines:
                break
        assert engines, "no rebuild was seen running its engine"
        server.send_signal(signal.SIGTERM)
        started = time.monotonic()
        stopped(server, 20)
        assert time.monotonic() - started < 3
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0
    assert "Traceback" not in server.stderr.read()
    deadline = time.monotonic() + 2  # a killed process is gone once the system has reaped it
    while any(alive(pid) for pid in engines) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in engines)
    # The folder is removed by a process of its own, which goes on alone past the preview's
    # last second when the machine is busy (a city's folder takes longer).
    deadline = time.monotonic() + 20
    while any(temporary.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p.name for p in temporary.iterdir()] == []
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site")]


def test_the_open_pages_of_records_are_shown_before_the_site_is_planned(tmp_path, monkeypatch):
    """After a save, an open page that is a record's own (a school's, a report's) is planned
    alone, with the last build's nav, and shown before the rest of the site is planned (a
    city's site took seconds to plan); an open page that is not a record's (the home page)
    waits for the whole site's plan."""
    import tempfile

    from generator.build.pipeline import check
    from generator.build.serving import Preview, remove_folder

    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    preview = Preview(project, strict=False)
    try:
        preview.rebuild()  # the first build: the whole site, and its nav
        school = project / "content/schools/qx-shiyan.yml"
        school.write_text(school.read_text(encoding="utf-8").replace("name: 清溪实验小学", "name: 清溪第一实验小学"),
                          encoding="utf-8")
        checked = check(project, EPOCH, plan_despite_errors=False, store=preview.store, planned=False)
        preview.open_pages = {"schools/qx-shiyan/": time.monotonic()}
        shown, after = preview._show_open_pages(checked, EPOCH)
        assert after.plan is None  # shown, and nothing else planned yet
        page = shown["schools/qx-shiyan/index.html"].decode()
        assert "清溪第一实验小学" in page and 'href="../../reports/"' in page  # the nav, from the last build
        preview.open_pages = {"": time.monotonic()}
        shown, after = preview._show_open_pages(checked, EPOCH)
        assert after.plan is not None and "小测试区督导公示" in shown["index.html"].decode()
    finally:
        if preview.warm is not None:
            preview.warm.close()
        remove_folder(preview.folder)


def test_a_saved_record_s_own_problems_are_shown_before_the_project_is_read(tmp_path, monkeypatch):
    """The banner for a broken record does not wait for the whole project to be read: the
    files the system said were saved are read and validated alone first (a city's project
    took over a second to read and link)."""
    import tempfile

    from generator.build import serving
    from generator.model.diagnostics import Problems

    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    preview = serving.Preview(project, strict=False)
    try:
        preview.rebuild()
        assert preview.problems == []
        school = project / "content/schools/qx-shiyan.yml"
        school.write_text(school.read_text(encoding="utf-8").replace("type: primary", "type: castle"), encoding="utf-8")
        shown_when_begun = []
        begin = serving.begin
        monkeypatch.setattr(serving, "begin", lambda *a, **k: shown_when_begun.append(list(preview.problems)) or begin(*a, **k))
        preview.rebuild({school, project / "content/schools/.qx-shiyan.yml.swp", tmp_path / "elsewhere.yml"})
        assert len(shown_when_begun) == 1 and len(shown_when_begun[0]) == 1
        assert shown_when_begun[0][0].startswith("content/schools/qx-shiyan.yml:2:7: error[field.enum]")
        assert preview.problems == shown_when_begun[0]  # the whole check found the same
        # A save of thousands of files (a branch checked out) is read once, by the whole check.
        read_alone = []
        monkeypatch.setattr(serving, "problems_of_files", lambda root, paths: read_alone.append(len(paths)) or Problems())
        preview.rebuild({school})
        preview.rebuild({project / f"content/schools/s{n}.yml" for n in range(serving.FEW_SAVED + 1)})
        assert read_alone == [1]
    finally:
        if preview.warm is not None:
            preview.warm.close()
        serving.remove_folder(preview.folder)


def test_the_files_saved_are_checked_alone_and_nothing_outside_content_is_read(tmp_path):
    from generator.sources.validation import problems_of_files

    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    school = project / "content/schools/qx-shiyan.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("type: primary", "type: castle"), encoding="utf-8")
    outside = tmp_path / "secret.yml"
    outside.write_text("name: [\n", encoding="utf-8")  # would be a problem, were it read
    (project / "content/schools/leads-out.yml").symlink_to(outside)
    hidden = project / "content/schools/.draft.yml"
    hidden.write_text("name: [\n", encoding="utf-8")
    found = problems_of_files(project, [school, outside, project / "content/schools/leads-out.yml", hidden,
                                        project / "content/schools/gone.yml"])
    assert [(d.pos.path, d.code) for d in found.items] == [("content/schools/qx-shiyan.yml", "field.enum")]
    # What they hold is a problem wherever a record file holds it.
    broken = project / "content/schools/broken.yml"
    broken.write_text("name: [\n", encoding="utf-8")
    assert [d.code for d in problems_of_files(project, [broken]).items] == ["yaml.syntax"]
    # A file in a kind's folder is taken as the whole check takes it: a name that is no id, a
    # record's suffix mistyped. A photo beside the records is no problem.
    broken.unlink()
    misnamed = project / "content/schools/实验小学.yml"
    misnamed.write_text("name: 实验小学\n", encoding="utf-8")
    mistyped = project / "content/schools/qx-new.yaml"
    mistyped.write_text("name: 新学校\n", encoding="utf-8")
    photo = project / "content/schools/qx-shiyan.jpg"
    photo.write_bytes(b"\xff\xd8\xff")
    alone = [(d.pos.path, d.code) for d in problems_of_files(project, [misnamed, mistyped, photo]).items]
    assert alone == [("content/schools/实验小学.yml", "id.invalid"), ("content/schools/qx-new.yaml", "file.ignored")]
    from generator.build.pipeline import check

    assert set(alone) <= {(d.pos.path, d.code) for d in check(project, EPOCH).problems.items}
