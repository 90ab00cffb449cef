"""`dudao serve`: the preview rebuilds on an edit, tells open pages to reload, and keeps
the last good preview (with the problems listed) when an edit breaks the content."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request

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
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH))
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(project), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = server.stdout.readline()
        if not line.startswith("Preview: http://127.0.0.1:"):
            server.kill()
            raise AssertionError(f"no preview address: {line!r}; stderr: {server.stderr.read()}")
        base = line.split()[1]
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
        server.wait(timeout=10)
