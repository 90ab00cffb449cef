"""Publishing rules enforced by the build: nothing private, draft or embargoed leaks;
a failed or interrupted build leaves the last good site exactly as it was; builds
are reproducible byte for byte."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import pytest
import yaml

from conftest import EPOCH, FIXTURES, ROOT, build_ok, copy_project, made_once, run_dudao, settled

CANARIES = {
    "private-supervisor": "CANARY-PRIVATE-SUP-4d1f",
    "private-school": "CANARY-PRIVATE-SCHOOL-8a2c",
    "private-report": "CANARY-PRIVATE-REPORT-77b0",
    "draft-title": "CANARY-DRAFT-TITLE-1e9d",
    "draft-body": "CANARY-DRAFT-BODY-5c3a",
    "embargo-title": "CANARY-EMBARGO-TITLE-0f4e",
    "embargo-body": "CANARY-EMBARGO-BODY-9b6d",
    "embargo-rect": "CANARY-EMBARGO-RECT-2a7c",
    "draft-bulletin": "CANARY-DRAFT-BULLETIN-3d8e",
    "draft-attachment": "CANARY-DRAFT-ATTACHMENT-6f1b",
    "withdrawn-topic": "CANARY-WITHDRAWN-TOPIC-31c7",
    "withdrawn-rating": "CANARY-WITHDRAWN-RATING-c04d",
    "withdrawn-finding": "CANARY-WITHDRAWN-FINDING-5e12",
    "withdrawn-rect": "CANARY-WITHDRAWN-RECT-a9f3",
    "withdrawn-correction": "CANARY-WITHDRAWN-CORRECTION-77d1",
    "withdrawn-body": "CANARY-WITHDRAWN-BODY-0b8e",
    "withdrawn-attachment": "CANARY-WITHDRAWN-ATTACHMENT-e4a0",
}
# The same fields of a report that is not withdrawn: seen in every kind of output, which shows
# that the search for the withdrawn report's values could have found them there.
SHOWN = {"topic": "CANARY-SHOWN-TOPIC-8c1e", "rating": "CANARY-SHOWN-RATING-2f9b"}
WITHDRAWN_REPORT = """---
title: {title}
kind: special
topic: {topic}
rating: {rating}
schools: [qx-shiyan]
supervisors: [lu-qinghe]
visited: 2026-10-12
published: 2026-10-20
{status}
findings:
  - {{item: safety, problems: {finding}}}
rectifications:
  - {{id: w1, issue: {rect}, deadline: 2026-11-30, status: open}}
corrections:
  - {{date: 2026-10-25, note: {correction}}}
attachments:
  - {{file: reports/{attachment}, title: 附件}}
---
{body}
"""


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def all_output_text(site: Path) -> str:
    parts = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            parts.append(data.decode("utf-8", errors="replace"))
            parts.append(path.name)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def canary_site(tmp_path_factory) -> Path:
    return made_once(tmp_path_factory, "canary", lambda folder: write_canaries(folder / "project")) / "project" / "site"


def write_canaries(target: Path) -> None:
    project = copy_project(ROOT, target)
    c = project / "content"
    sup = c / "supervisors/lu-qinghe.yml"
    sup.write_text(sup.read_text(encoding="utf-8").replace(
        "private:\n", f"private:\n  canary: {CANARIES['private-supervisor']}\n  nested:\n    - deep {CANARIES['private-supervisor']}\n"),
        encoding="utf-8")
    school = c / "schools/qx-wenchang-xx.yml"
    school.write_text(school.read_text(encoding="utf-8") + f"private:\n  canary: {CANARIES['private-school']}\n",
                      encoding="utf-8")
    report = c / "reports/2026/qx-shiyan-2026-09.md"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "---\n", f"---\nprivate: {{note: {CANARIES['private-report']}}}\n", 1), encoding="utf-8")
    (c / "media/reports/secret.pdf").write_text(CANARIES["draft-attachment"], encoding="utf-8")
    (c / "reports/2026/canary-draft.md").write_text(f"""---
title: {CANARIES['draft-title']}
kind: regular
schools: [qx-shiyan]
supervisors: [lu-qinghe]
visited: 2026-11-02
status: draft
attachments:
  - file: reports/secret.pdf
    title: secret
---
{CANARIES['draft-body']}
""", encoding="utf-8")
    (c / "reports/2026/canary-embargo.md").write_text(f"""---
title: {CANARIES['embargo-title']}
kind: special
topic: 课后服务
schools: [qx-shiyan]
supervisors: [lu-qinghe]
visited: 2026-11-02
published: 2026-12-01
rectifications:
  - {{id: a, issue: {CANARIES['embargo-rect']}, deadline: 2026-11-10, status: open}}
---
{CANARIES['embargo-body']}
""", encoding="utf-8")
    (c / "bulletins/2026/canary-draft.md").write_text(f"""---
title: {CANARIES['draft-bulletin']}
kind: notice
status: draft
schools: [qx-shiyan]
---
{CANARIES['draft-bulletin']}
""", encoding="utf-8")
    (c / "media/reports/withdrawn.pdf").write_text(CANARIES["withdrawn-attachment"], encoding="utf-8")
    (c / "reports/2026/canary-withdrawn.md").write_text(WITHDRAWN_REPORT.format(
        title="已撤回的专项督导", topic=CANARIES["withdrawn-topic"], rating=CANARIES["withdrawn-rating"],
        finding=CANARIES["withdrawn-finding"], rect=CANARIES["withdrawn-rect"],
        correction=CANARIES["withdrawn-correction"], body=CANARIES["withdrawn-body"],
        status="status: withdrawn\nwithdrawn_reason: 数据有误，撤回。", attachment="withdrawn.pdf"), encoding="utf-8")
    (c / "reports/2026/canary-shown.md").write_text(WITHDRAWN_REPORT.format(
        title="公开的专项督导", topic=SHOWN["topic"], rating=SHOWN["rating"], finding="问题", rect="整改",
        correction="更正", body="正文", status="", attachment="shown.pdf"), encoding="utf-8")
    (c / "media/reports/shown.pdf").write_text("附件", encoding="utf-8")
    build_ok(project)


def test_no_canary_in_any_output_file(canary_site):
    text = all_output_text(canary_site)
    leaked = {name: value for name, value in CANARIES.items() if value in text}
    assert not leaked
    # the records around the canaries were published, so the check is not vacuous
    assert "清溪实验小学2026年9月经常性督导报告" in text and "陆清禾" in text
    # and every kind of output was searched: pages, search index, feeds, open data, signs, sitemap
    for output in ("assets/search", "feeds", "data", "signs", "assets/finder.json", "sitemap.xml", "dashboard"):
        assert (canary_site / output).exists(), output


def test_a_withdrawn_report_keeps_its_title_and_reason_and_nothing_of_its_content(canary_site):
    """Its topic and rating too: the same fields of a report still published reach its page,
    its school's page, the year's list, the feeds, the search index and the open data."""
    withdrawn = (canary_site / "reports/canary-withdrawn/index.html").read_text(encoding="utf-8")
    assert "已撤回的专项督导" in withdrawn and "数据有误，撤回。" in withdrawn
    both, rating = (SHOWN["topic"], SHOWN["rating"]), (SHOWN["rating"],)
    outputs = {  # where each shows: what the published report's values there show it reaches
        "its page": (["reports/canary-withdrawn/index.html", "reports/canary-shown/index.html"], both),
        "its school's page": (["schools/qx-shiyan/index.html"], rating),
        "the year's list": (["reports/2026/index.html"], rating),
        "feeds": (sorted(p.relative_to(canary_site).as_posix() for p in (canary_site / "feeds").rglob("*.xml")),
                  both),
        "search index": (sorted(p.relative_to(canary_site).as_posix()
                                for p in (canary_site / "assets/search").rglob("*") if p.is_file()), both),
        "open data": (["data/reports.json", "data/reports.csv"], both),
    }
    for what, (paths, seen) in outputs.items():
        text = "\n".join((canary_site / path).read_text(encoding="utf-8") for path in paths)
        assert all(value in text for value in seen), what
        for name, value in CANARIES.items():
            if name.startswith("withdrawn-"):
                assert value not in text, (what, name)


def test_embargoed_report_is_published_on_its_date(canary_site, tmp_path):
    project = canary_site.parent
    out = tmp_path / "later"
    result = run_dudao("build", str(project), "--out", str(out), epoch=EPOCH + 20 * 86400)
    assert result.returncode == 0, result.stderr
    text = all_output_text(out)
    assert CANARIES["embargo-title"] in text and CANARIES["embargo-body"] in text
    assert CANARIES["draft-title"] not in text and CANARIES["private-school"] not in text


def test_the_demo_private_values_never_appear(demo_site):
    values: list[str] = []

    def collect(node):
        if isinstance(node, dict):
            for v in node.values():
                collect(v)
        elif isinstance(node, list):
            for v in node:
                collect(v)
        else:
            values.append(str(node))

    for path in (ROOT / "content").rglob("*"):
        if path.suffix in (".yml", ".md"):
            text = path.read_text(encoding="utf-8")
            front = text.split("---\n")[1] if path.suffix == ".md" else text
            data = yaml.load(front, Loader=yaml.BaseLoader) or {}
            collect(data.get("private", {}))
    assert len(values) >= 10
    text = all_output_text(demo_site)
    assert [v for v in values if v in text] == []


def test_a_build_shared_among_processes_in_many_small_engine_runs_is_identical(demo_site, tmp_path, monkeypatch):
    """demo_site was built by one engine process in one run; this build deals the record pages
    out among three processes, in runs of 100 pages (as at a city's size, so that no run holds
    too many pages at once): the same site, byte for byte."""
    from generator.build import pipeline as build_module
    from generator.site import engine

    assert sum(1 for _ in demo_site.rglob("index.html")) > 3 * engine.MIN_PAGES_PER_JOB
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    monkeypatch.setattr(engine, "MAX_PAGES_PER_RUN", 100)
    runs, at_once = [], []
    real_run_all = engine._run_all
    monkeypatch.setattr(engine, "_run_all", lambda made, jobs, *rest: (
        runs.extend(made), at_once.append(jobs), real_run_all(made, jobs, *rest)))
    result = build_module.build(ROOT, tmp_path / "batched", jobs=3, cache=False)
    assert result.out is not None, result.problems
    assert len(runs) >= 5 and max(len(run.share) for run in runs) <= 100 and at_once == [3]
    first, second = tree(demo_site), tree(tmp_path / "batched")
    assert len(first) > 100 and first == second


def test_content_errors_leave_the_old_site_untouched(built_project):
    before = tree(built_project / "site")
    (built_project / "content/schools/broken.yml").write_text("name: 坏学校\ntype: castle\n", encoding="utf-8")
    result = run_dudao("build", str(built_project))
    assert result.returncode == 1
    assert "content/schools/broken.yml:2:7: error[field.enum]" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(built_project / "site") == before
    assert scratch_beside(built_project) == []


def test_engine_failure_leaves_the_old_site_untouched(built_project):
    before = tree(built_project / "site")
    # a project override that the engine cannot render
    (built_project / "theme").mkdir()
    (built_project / "theme/main.html").write_text("{% extends 'base.html' %}{% block content %}{{ oops( }}{% endblock %}",
                                                  encoding="utf-8")
    result = run_dudao("build", str(built_project))
    assert result.returncode == 1
    assert "error[build.engine]" in result.stderr and "Traceback" not in result.stderr.split("error[build.engine]")[0]
    assert tree(built_project / "site") == before
    settled(built_project)  # the failed build's folder became the spare; the spare before it is being removed
    assert scratch_beside(built_project) == []


def test_interrupted_build_leaves_the_old_site_untouched(built_project, monkeypatch):
    from generator.build import pipeline as build_module
    from generator.site import engine

    before = tree(built_project / "site")

    def interrupted(config_path, out_dir, epoch, **options):
        (out_dir / "index.html").write_text("half a site", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "run", interrupted)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    with pytest.raises(KeyboardInterrupt):
        build_module.build(built_project, cache=False)  # without the cache: not "up to date"
    assert tree(built_project / "site") == before
    settled(built_project)  # the interrupted build's folder became the spare; the spare before it is being removed
    assert scratch_beside(built_project) == []


def test_a_successful_build_replaces_the_site(built_project):
    school = built_project / "content/schools/qx-shiyan.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("name: 清溪实验小学", "name: 清溪第一实验小学"),
                      encoding="utf-8")
    (built_project / "site/stale.html").write_text("old", encoding="utf-8")
    result = run_dudao("build", str(built_project))
    assert result.returncode == 0, result.stderr
    assert "清溪第一实验小学" in (built_project / "site/schools/qx-shiyan/index.html").read_text(encoding="utf-8")
    assert not (built_project / "site/stale.html").exists()


def test_any_project_builds_from_anywhere_with_its_own_overrides(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "office")
    (project / "theme/partials").mkdir(parents=True)
    (project / "theme/partials/copyright.html").write_text(
        '<div class="md-copyright">本站由某区督导室维护 · {{ config.extra.dudao.hotline }}</div>', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_dudao("build", str(project), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    home = (project / "site/index.html").read_text(encoding="utf-8")
    assert "本站由某区督导室维护 · 0512-60001234" in home
    assert (project / "site/assets/stylesheets/dudao.css").is_file()  # the shipped theme is still there
    assert not (elsewhere / "site").exists()


def dead_pid() -> int:
    """The id of a process that has just ended."""
    import subprocess
    import sys

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(finished.stdout)


def scratch_beside(project: Path) -> list[str]:
    """The build's folders beside the site, but the spare site (kept on purpose)."""
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site") and p.name != ".site.spare")


def junk(project: Path, temporary: Path) -> list[str]:
    return sorted(scratch_beside(project) + [p.name for p in temporary.iterdir() if p.name.startswith("dudao-")])


@pytest.mark.parametrize("point", ["staging", "engine writing", "exports writing"])
def test_a_build_killed_outright_leaves_the_old_site_and_no_junk_after_the_next(built_project, tmp_path, point):
    """`kill -9` at a point of a build: the old site is byte for byte as it was; the next
    build cleans up what the killed one left and publishes."""
    import os
    import signal
    import subprocess
    import sys
    import time

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH), TMPDIR=str(temporary))
    before = tree(built_project / "site")
    school = built_project / "content/schools/qx-shiyan.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("清溪实验小学", "清溪第一实验小学"), encoding="utf-8")

    def reached() -> bool:
        new = [p for p in built_project.iterdir() if p.name.startswith(".site.new-")]
        if point == "staging":
            return any(p.name.startswith(".site.stage-") for p in built_project.iterdir())
        if point == "engine writing":  # into the new site, or, when it starts from the spare, beside it
            return (any((p / "index.html").exists() for p in new) or
                    any((p / "site-0/index.html").exists() for p in built_project.glob(".site.stage-*")))
        exports = [p for p in built_project.iterdir() if p.name.startswith(".site.exports-")]
        return any((p / "assets/search").exists() for p in exports)

    for attempt in range(5):  # a fast machine may finish before the point is seen
        build = subprocess.Popen([sys.executable, "-m", "generator", "build", str(built_project)], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while build.poll() is None and not reached():
            time.sleep(0.001)
        if build.poll() is None:
            os.kill(build.pid, signal.SIGKILL)
            build.wait()
            break
        build.wait()
        assert tree(built_project / "site") != before  # it finished: put the old site back and retry
        subprocess.run(["rm", "-rf", str(built_project / "site")])
        school.write_text(school.read_text(encoding="utf-8").replace("清溪第一实验小学", "清溪实验小学"), encoding="utf-8")
        assert run_dudao("build", str(built_project)).returncode == 0
        before = tree(built_project / "site")
        school.write_text(school.read_text(encoding="utf-8").replace("清溪实验小学", "清溪第一实验小学"), encoding="utf-8")
    else:
        pytest.fail(f"the build never stayed at {point!r} long enough to be killed")
    assert tree(built_project / "site") == before
    assert junk(built_project, temporary)  # the killed build could not clean up
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(built_project)], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "清溪第一实验小学" in (built_project / "site/schools/qx-shiyan/index.html").read_text(encoding="utf-8")
    settled(built_project, temporary)
    assert junk(built_project, temporary) == []


def test_builds_and_rebuilds_with_the_temporary_folder_on_another_file_system(built_project, tmp_path):
    """/tmp is a tmpfs on many systems: nothing the site is made of is renamed across from it."""
    import os
    import subprocess
    import sys

    temporary = Path("/dev/shm")
    if not temporary.is_dir() or os.stat(temporary).st_dev == os.stat(built_project).st_dev:
        pytest.skip("no other file system for the temporary folder here")
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH), TMPDIR=str(temporary))
    school = built_project / "content/schools/qx-shiyan.yml"
    for jobs, name in (("2", "清溪第一实验小学"), ("1", "清溪第二实验小学"), ("2", "清溪第三实验小学")):
        school.write_text(re.sub("name: .*", f"name: {name}", school.read_text(encoding="utf-8"), count=1),
                          encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "generator", "build", str(built_project), "--jobs", jobs],
                                env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert name in (built_project / "site/schools/qx-shiyan/index.html").read_text(encoding="utf-8")
    # the same site as a build with every page made afresh, in one process, in the usual way
    fresh = run_dudao("build", str(built_project), "--out", str(tmp_path / "fresh"), "--no-cache", "--jobs", "1")
    assert fresh.returncode == 0, fresh.stderr
    assert tree(built_project / "site") == tree(tmp_path / "fresh")


def test_an_output_folder_that_would_lose_files_is_refused_with_nothing_moved(built_project, tmp_path, capsys):
    """A build replaces its output folder whole, and keeps the folder it replaced as the spare
    until the next: `--out` at a part of the project, or at a folder of other files, twice over,
    lost them. Each is refused before anything moves."""
    (built_project / "theme/partials").mkdir(parents=True)
    (built_project / "theme/partials/copyright.html").write_text("<div>本区督导室</div>", encoding="utf-8")
    other = tmp_path / "documents"
    other.mkdir()
    (other / "年度总结.docx").write_bytes(b"PK\x03\x04 a clerk's file")
    before, others = tree(built_project), tree(other)
    outs = [built_project / "theme", built_project / "site_config.yml", built_project / "content/site",
            built_project / ".dudao-cache", built_project / ".git/site", built_project, tmp_path, other,
            built_project / "theme/partials"]
    result = run_dudao("build", str(built_project), "--out", str(other))  # as a clerk would type it
    assert result.returncode == 2 and "refusing to write the site into" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    from generator.cli import main

    for out in outs + outs:  # twice: the first build of a pair moved the folder aside, the second lost it
        assert main(["build", str(built_project), "--out", str(out)]) == 2, out
        assert "refusing to write the site into" in capsys.readouterr().err
        assert tree(built_project) == before and tree(other) == others, out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents", "project"]
    # An absent folder, an empty one, and one a build made (again) are written.
    empty = tmp_path / "empty"
    empty.mkdir()
    for out in (tmp_path / "new" / "site", empty, built_project / "public"):
        result = run_dudao("build", str(built_project), "--out", str(out))
        assert result.returncode == 0, (out, result.stderr)
        assert (out / "index.html").is_file() and (out / ".dudao-site").is_file()
    # A site built before the stamp existed is known by its home page and finder data; one a
    # build made is written again.
    (empty / ".dudao-site").unlink()
    (built_project / "theme/partials/copyright.html").write_text("<div>本区督导室 2</div>", encoding="utf-8")
    result = run_dudao("build", str(built_project), "--out", str(empty))
    assert result.returncode == 0, result.stderr
    assert "本区督导室 2" in (empty / "index.html").read_text(encoding="utf-8")


def test_a_site_taken_away_by_a_kill_between_two_renames_is_put_back(built_project):
    """Where the two folders cannot be exchanged in one step, a kill between moving the old
    site away and moving the new one in leaves `.site.old-<pid>-…`: the next build restores it
    before anything else, and a failed build then leaves it in place."""
    before = tree(built_project / "site")
    pid = dead_pid()
    (built_project / "site").rename(built_project / f".site.old-{pid}-x1")
    (built_project / f".site.new-{pid}-x2").mkdir()
    (built_project / "content/schools/broken.yml").write_text("name: 坏学校\ntype: castle\n", encoding="utf-8")
    assert run_dudao("build", str(built_project)).returncode == 1  # content errors: nothing is built
    assert tree(built_project / "site") == before  # but the site is back
    (built_project / "content/schools/broken.yml").unlink()
    result = run_dudao("build", str(built_project))
    assert result.returncode == 0, result.stderr
    assert tree(built_project / "site") == before  # same content, same site
    settled(built_project)
    assert scratch_beside(built_project) == []


def test_the_replaced_site_is_kept_as_the_spare_and_the_spare_before_removed_by_a_process_of_its_own(built_project):
    """The build returns once the new site is in place; the old one is kept as the spare
    (`.site.spare`, where the next build may start from), and the spare kept before is renamed
    `.site.gone-<pid>-…` and removed by a process of its own. What such a process left when
    killed is removed by the next build."""
    (built_project / "site/only-in-the-old-site.html").write_text("old", encoding="utf-8")
    left = built_project / f".site.gone-{dead_pid()}-x1"
    (left / "schools").mkdir(parents=True)
    result = run_dudao("build", str(built_project), "--no-cache")
    assert result.returncode == 0, result.stderr
    assert not (built_project / "site/only-in-the-old-site.html").exists()
    assert (built_project / "site/index.html").is_file()
    assert (built_project / ".site.spare/only-in-the-old-site.html").is_file()  # the replaced site
    assert not left.exists()
    again = run_dudao("build", str(built_project), "--no-cache")
    assert again.returncode == 0, again.stderr
    settled(built_project)
    assert scratch_beside(built_project) == []
    assert (built_project / ".site.spare/index.html").is_file()
    assert not (built_project / ".site.spare/only-in-the-old-site.html").exists()  # that spare is gone


def test_scratch_folders_of_running_builds_are_left_alone(built_project):
    """Only what dead processes left is removed: a folder of a running process stays."""
    import os

    alive = built_project / f".site.new-{os.getppid()}-busy"
    alive.mkdir()
    assert run_dudao("build", str(built_project)).returncode == 0
    assert alive.is_dir()


def test_exports_are_written_by_a_process_of_their_own_and_its_failure_is_reported(monkeypatch, tmp_path):
    import threading

    from generator.exports import exporting

    # As in a build run from the command line (no other thread), the exports are written by a
    # forked process while the engine runs.
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(exporting, "write_exports", lambda site, plan, out, store: (out / "made.txt").write_text("ok"))
    with exporting.exports_written_beside(None, None, tmp_path) as done:
        done()
    assert (tmp_path / "made.txt").read_text() == "ok"

    def failing(site, plan, out, store):
        raise OSError("no space left on device")

    monkeypatch.setattr(exporting, "write_exports", failing)
    with pytest.raises(exporting.ExportError, match="OSError: no space left on device"):
        with exporting.exports_written_beside(None, None, tmp_path) as done:
            done()

    # Where no process can be forked (the preview's threads), they are written in this
    # process, and a failure is reported the same way: when waited for, not as a traceback.
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    with exporting.exports_written_beside(None, None, tmp_path) as done:
        with pytest.raises(exporting.ExportError, match="OSError: no space left on device"):
            done()


def test_a_spare_maker_at_work_never_makes_its_folder_again_once_it_is_removed(tmp_path):
    """The process that makes a spare site works at the lowest priority, and on a busy machine
    may still be at work when the folder it works in is removed (a preview stopped): it stops
    there, and makes nothing again where the folder was."""
    import os
    import shutil
    import signal
    import subprocess
    import sys

    from generator.site.publishing import _SPARE_MAKER

    site = tmp_path / "site"
    for n in range(400):
        (site / f"p{n}" / "a" / "b").mkdir(parents=True)
        (site / f"p{n}" / "a" / "b" / "index.html").write_text("x", encoding="utf-8")
    preview = tmp_path / "dudao-preview-1-x"
    preview.mkdir()
    maker = subprocess.Popen([sys.executable, "-I", "-S", "-c", _SPARE_MAKER, str(site), str(preview / ".site.spare"),
                              str(preview / ".site.new-<pid>-spare")], stdout=subprocess.PIPE, text=True)
    assert maker.stdout.readline() == "started\n"
    os.kill(maker.pid, signal.SIGSTOP)  # held while its folder is removed, as a busy machine holds it
    shutil.rmtree(preview)
    os.kill(maker.pid, signal.SIGCONT)
    ended = maker.wait(timeout=60)
    assert not preview.exists()
    assert ended == 0  # it stopped, and said nothing
    assert (site / "p399/a/b/index.html").is_file()  # the site it linked from is left as it was
