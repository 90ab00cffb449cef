"""Warm builds: after every kind of change, a build that takes unchanged pages from the
cache is byte for byte the build made without it, and the cache was really used (or, for
changes every page depends on, really set aside)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_project, run_dudao, settled
from test_publishing import tree


def replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_report(project):
    (project / "content/reports/r2.md").write_text(
        "---\ntitle: 清溪幼儿园十一月督导报告\nkind: regular\nschools: [qx-yey]\nsupervisors: [wang-fang]\n"
        "visited: 2026-11-03\npublished: 2026-11-05\n---\n幼儿园督导。\n", encoding="utf-8")


def withdraw_report(project):
    replace(project / "content/reports/r1.md", "published: 2026-10-15\n",
            "published: 2026-10-15\nstatus: withdrawn\nwithdrawn_reason: 数据有误，已撤回。\n")


def theme_override(project):
    (project / "theme/partials").mkdir(parents=True)
    (project / "theme/partials/copyright.html").write_text(
        '<div class="md-copyright">本站由小测试区督导室维护</div>', encoding="utf-8")


def add_office_figures(project):
    """A month's complaints, a survey, a government of 督政 and a report of it."""
    c = project / "content"
    for folder, name, text in (
            ("complaints", "2026-10.yml", "month: 2026-10\nreceived: 3\nanswered_in_time: 3\ncategories: {fees: 1, safety: 2}\n"),
            ("surveys", "s.yml", "title: 家长满意度测评\nrespondents: parents\nheld: 2026-06-01\noptions: [满意, 不满意]\n"
                                 "questions:\n  - {id: q1, text: 总体}\nresults:\n  - school: qx-shiyan\n    answered: 12\n"
                                 "    answers:\n      - {question: q1, counts: [10, 2]}\n"),
            ("subjects", "gov.yml", "name: 城关镇人民政府\ntype: township\n"),
            ("reports", "gov-1.md", "---\ntitle: 城关镇履行教育职责督导\nkind: comprehensive\nsubjects: [gov]\n"
                                    "supervisors: [wang-fang]\nvisited: 2026-10-20\npublished: 2026-10-30\n---\n督政。\n")):
        (c / folder).mkdir(exist_ok=True)
        (c / folder / name).write_text(text, encoding="utf-8")


CHANGES = {
    "edit a report": lambda p: replace(p / "content/reports/r1.md", "到校督导。", "到校督导，查看食堂。"),
    "add a report": add_report,
    "withdraw a report": withdraw_report,
    "rename a school": lambda p: replace(p / "content/schools/qx-yey.yml", "name: 清溪幼儿园", "name: 清溪中心幼儿园"),
    "change a supervisor": lambda p: replace(p / "content/supervisors/wang-fang.yml", "0512-60002222", "0512-60003333"),
    "change the config": lambda p: replace(p / "site_config.yml", "hotline: 0512-60001234", "hotline: 0512-60009999"),
    "change a template": theme_override,
    "add the office's figures": add_office_figures,
}
# Changes that every page shows (the footer's hotline, the theme, a first government of 督政
# adding 督政 to the nav): nothing can be reused.
EVERY_PAGE = {"change the config", "change a template", "add the office's figures"}


def reused(result) -> int:
    found = re.search(r"其中 (\d+) 个未变", result.stdout)
    return int(found.group(1)) if found else 0


def built(result) -> int:
    found = re.search(r"已生成 (\d+) 个页面", result.stdout)
    return int(found.group(1)) if found else 0


def up_to_date(result) -> bool:
    return result.returncode == 0 and "网站已是最新" in result.stdout


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_warm_build_is_the_cold_build(built_project, tmp_path, change):
    project = built_project
    CHANGES[change](project)
    warm = run_dudao("build", str(project))
    assert warm.returncode == 0, warm.stderr
    cold = run_dudao("build", str(project), "--out", str(tmp_path / "cold"), "--no-cache")
    assert cold.returncode == 0, cold.stderr
    assert reused(cold) == 0
    assert tree(project / "site") == tree(tmp_path / "cold")
    if change in EVERY_PAGE:
        assert reused(warm) == 0, warm.stdout
    else:
        assert 0 < reused(warm) < built(warm), warm.stdout


@pytest.mark.parametrize("damage", ["cut short", "cut in half", "overwritten"])
def test_a_damaged_cache_is_set_aside_and_the_build_is_the_cold_build(built_project, tmp_path, damage):
    """Every file the cache holds (compiled templates, dudao's and the engine's; the record
    store; the render cache; kept pages, exports and texts; the last build's record), cut short
    or overwritten in place, as a full disk or a kill leaves it: the build neither fails nor
    uses it, and the next build uses the cache made anew."""
    import os

    project = built_project
    held = [path for path in (project / ".dudao-cache").rglob("*") if path.is_file()]
    kinds = {path.relative_to(project / ".dudao-cache").parts[0] for path in held}
    assert {"templates", "engine", "exports", "render"} <= kinds, kinds
    assert any(path.parent.parent.name == "dudao" for path in held)  # dudao's own compiled templates
    for path in held:
        if damage == "cut short":  # just past a compiled template's header, say
            os.truncate(path, min(20, path.stat().st_size))
        elif damage == "cut in half":
            os.truncate(path, path.stat().st_size // 2)
        else:
            path.write_bytes(b"\x80\x04garbage" + os.urandom(64))
    replace(project / "content/reports/r1.md", "到校督导", "到校督导，查看食堂。")
    warm = run_dudao("build", str(project))
    assert warm.returncode == 0 and "Traceback" not in warm.stderr, warm.stderr
    cold = run_dudao("build", str(project), "--out", str(tmp_path / "cold"), "--no-cache")
    assert cold.returncode == 0, cold.stderr
    assert tree(project / "site") == tree(tmp_path / "cold")
    replace(project / "content/reports/r1.md", "查看食堂", "查看食堂和宿舍")
    again = run_dudao("build", str(project))
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert reused(again) > 0, again.stdout  # the cache was made anew, and is used


def test_clean_removes_the_cache(built_project):
    project = built_project
    assert (project / ".dudao-cache").is_dir()
    assert run_dudao("build", str(project), "--no-cache").returncode == 0  # the site before kept as the spare
    assert (project / ".site.spare/index.html").is_file()
    result = run_dudao("clean", str(project))
    assert result.returncode == 0 and not (project / ".dudao-cache").exists()
    assert not (project / ".site.spare").exists()
    assert (project / "site/index.html").is_file()  # the site itself stays
    assert reused(run_dudao("build", str(project))) == 0


def test_a_copied_project_reuses_every_page(built_project):
    project = built_project
    warm = run_dudao("build", str(project))
    assert warm.returncode == 0 and not up_to_date(warm)  # a copy's files are new files
    assert reused(warm) == built(warm) > 10, warm.stdout  # the nav's pages as well as the others


def test_nothing_changed_leaves_the_site_as_it_was(built_project):
    import os

    project = built_project
    replace(project / "content/reports/r1.md", "kind: regular\n", "kind: regular\nsupervisers: [wang-fang]\n")
    assert run_dudao("build", str(project)).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*")}
    again = run_dudao("build", str(project))
    assert up_to_date(again), again.stdout + again.stderr
    assert {p: p.stat().st_mtime_ns for p in (project / "site").rglob("*")} == before  # not even rewritten
    # The same warnings as the build that made the site, and the same exit status.
    first_warnings = [line for line in again.stderr.splitlines() if "warning[" in line]
    assert first_warnings and first_warnings == [line for line in run_dudao("check", str(project)).stderr.splitlines()
                              if "warning[" in line]
    # A site someone changed by hand is rebuilt, and so is every site on the next day. The
    # record with a warning was not kept by the record store (here unreadable: no store at
    # all): it is read again, and its warning shown again.
    (project / "site/index.html").unlink()
    (project / ".dudao-cache/records.pickle").write_bytes(b"not a pickle")
    repaired = run_dudao("build", str(project))
    assert not up_to_date(repaired) and (project / "site/index.html").is_file(), repaired.stdout
    assert [line for line in repaired.stderr.splitlines() if "warning[" in line] == first_warnings
    assert up_to_date(run_dudao("build", str(project)))
    from conftest import EPOCH

    assert not up_to_date(run_dudao("build", str(project), epoch=EPOCH + 86400))
    # Saving a file unchanged is an edit as far as the build knows; --no-cache always builds.
    os.utime(project / "content/reports/r1.md")
    assert not up_to_date(run_dudao("build", str(project)))
    assert not up_to_date(run_dudao("build", str(project), "--no-cache"))


def test_a_page_edited_in_place_in_the_site_does_not_reach_the_next_build(built_project, tmp_path):
    """The site's pages are the cache's own files (hard links): a page someone edits in place
    in the site folder must not come back from the cache."""
    import os

    project = built_project
    assert run_dudao("build", str(project)).returncode == 0
    page = project / "site/reports/r1/index.html"
    exported = project / "site/data/schools.csv"  # the exports are the cache's files too
    assert page.stat().st_nlink == 2 and exported.stat().st_nlink == 2  # the site's file is the cache's entry
    exported_before = exported.read_bytes()
    with open(page, "r+b") as edited:  # in place, as some editors save
        edited.write(b"<!-- edited by hand -->")
    with open(exported, "r+b") as edited:
        edited.write(b"edited,by,hand\n")
    replace(project / "content/reports/r1.md", "到校督导。", "到校督导，查看食堂。")
    replace(project / "content/reports/r1.md", "到校督导，查看食堂。", "到校督导。")  # the text as before
    warm = run_dudao("build", str(project))
    assert warm.returncode == 0 and not up_to_date(warm), warm.stdout
    cold = run_dudao("build", str(project), "--out", str(tmp_path / "cold"), "--no-cache")
    assert tree(project / "site") == tree(tmp_path / "cold")
    assert b"edited by hand" not in page.read_bytes() and 0 < reused(warm) < built(warm), warm.stdout
    assert exported.read_bytes() == exported_before
    assert os.stat(page).st_nlink == 2 and os.stat(exported).st_nlink == 2


def test_pages_the_cache_holds_are_not_written_for_the_engine(built_project, tmp_path):
    from conftest import EPOCH
    from generator.model import addresses
    from generator.caches.pagecache import PageCache
    from generator.build.pipeline import CACHE_FOLDER, check
    from generator.pages.rendering import render
    from generator.site.staging import docs_folder, stage

    project = built_project
    replace(project / "content/reports/r1.md", "到校督导。", "到校督导，查看食堂。")
    checked = check(project, EPOCH)
    config = stage(checked.site, checked.plan, tmp_path / "stage", project / "theme")
    held = PageCache(config, project / CACHE_FOLDER / "engine")
    in_cache = render(checked.plan, checked.site, docs_folder(tmp_path / "stage"), 1, held).held
    written = {path.relative_to(docs_folder(tmp_path / "stage")).as_posix()
               for path in docs_folder(tmp_path / "stage").rglob("*.md")}
    outside = {addresses.source_file(page.url) for page in checked.plan.pages if page.nav_title is None}
    # Written: the pages whose HTML the cache cannot hold (the edited report's, and the pages
    # that show it); the others, in the nav or not, are left to the cache (the engine is given
    # a nav page it holds as an empty stand-in: its title is in the configuration).
    every = {addresses.source_file(page.url) for page in checked.plan.pages}
    assert "reports/r1.md" in written and "reports/r1.md" not in in_cache
    assert set(in_cache) == every - written and len(in_cache) > 10
    assert (every - outside) & set(in_cache)  # nav pages too


def test_only_the_pages_that_read_what_changed_are_rendered_again(built_project, tmp_path, monkeypatch):
    """The render cache: a page is rendered again only when its own context, or something it
    read of the model, changed. After one edited report, its page and the pages that list it
    are rendered; another report's page and another school's are not; the site is the cold
    build's. And it sees what it must: renaming the other school renders its pages."""

    from conftest import EPOCH
    from generator.model import addresses
    from generator.pages import rendering
    from generator.build.pipeline import build

    project = built_project
    add_report(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert build(project, jobs=1).out is not None  # the caches now hold both reports' pages
    rendered: list[str] = []
    real = rendering.render_page
    monkeypatch.setattr(rendering, "render_page",
                        lambda env, page, context, config: rendered.append(page.url) or real(env, page, context, config))
    replace(project / "content/reports/r1.md", "到校督导。", "到校督导，查看食堂。")
    result = build(project, jobs=1)
    assert result.out is not None and result.rendered == len(rendered) < result.pages / 2
    assert {addresses.record("report", "r1"), addresses.record("school", "qx-shiyan")} <= set(rendered)
    assert not {addresses.record("report", "r2"), addresses.record("school", "qx-yey"),
                addresses.sign("qx-yey")} & set(rendered)
    cold = run_dudao("build", str(project), "--out", str(tmp_path / "cold"), "--no-cache")
    assert cold.returncode == 0 and tree(project / "site") == tree(tmp_path / "cold")
    rendered.clear()
    replace(project / "content/schools/qx-yey.yml", "name: 清溪幼儿园", "name: 清溪中心幼儿园")
    assert build(project, jobs=1).out is not None
    assert {addresses.record("report", "r2"), addresses.record("school", "qx-yey"),
            addresses.sign("qx-yey")} <= set(rendered)
    assert addresses.record("report", "r1") not in rendered


def test_a_page_the_render_cache_cannot_follow_is_rendered_every_time(tmp_path):
    """A page is keyed on its fields and its whole context: the same page gives the same
    digest, a context that differs in one record's value gives another, and a context that
    holds the site model or cannot be pickled has no digest (the page is rendered every time)."""
    import dataclasses

    from conftest import EPOCH
    from generator.build.pipeline import check
    from generator.model.i18n import Words
    from generator.pages import contexts
    from generator.pages.planning import _page
    from generator.pages.rendercache import Unreusable, learn_sources, page_inputs

    checked = check(FIXTURES / "tiny", EPOCH)
    learn_sources(checked.site)
    words = Words(checked.site.config.language)
    report = next(page for page in checked.plan.pages if page.kind == "report")
    context = contexts.of(report, checked.site, words)
    assert page_inputs(report, context) == page_inputs(report, contexts.of(report, checked.site, words))
    row = context["row"]  # the report with its schools, as its page shows them
    renamed = dataclasses.replace(row.schools[0], name=row.schools[0].name + "（新）")
    assert page_inputs(report, {**context, "row": dataclasses.replace(row, schools=(renamed,))}) != page_inputs(
        report, context)
    for held in ({"whole": checked.site}, {"f": lambda: 1}):
        page = _page("x/", "page.md.j2", "x", "page", **held)
        with pytest.raises(Unreusable):
            page_inputs(page, page.context)


def test_warm_builds_one_after_another_from_the_spare_site_are_the_cold_builds(built_project, tmp_path):
    """Each build after the second starts from the site the last one replaced (`.site.spare`),
    keeping its pages that are still right and removing the rest; records whose files are
    unchanged are taken from the last build's store. After each of a series of changes (a page
    gone among them), the site is the cold build's, and unchanged pages were taken over from
    the spare site, not made again."""
    import os

    project = built_project
    series = [CHANGES["edit a report"], add_report, lambda p: (p / "content/reports/r2.md").unlink(),
              CHANGES["rename a school"]]
    taken_over = 0
    for number, change in enumerate(series):
        change(project)
        spare = project / ".site.spare"
        before = {p.relative_to(spare): p.stat().st_ino for p in spare.rglob("*.html")} if spare.is_dir() else {}
        warm = run_dudao("build", str(project))
        assert warm.returncode == 0, warm.stderr
        assert (project / ".dudao-cache/records.pickle").is_file()
        cold = run_dudao("build", str(project), "--out", str(tmp_path / f"cold-{number}"), "--no-cache")
        assert cold.returncode == 0, cold.stderr
        assert tree(project / "site") == tree(tmp_path / f"cold-{number}"), change
        after = {p.relative_to(project / "site"): p.stat().st_ino for p in (project / "site").rglob("*.html")}
        taken_over += sum(1 for path, inode in before.items() if after.get(path) == inode)
        assert spare.is_dir() and not any(p.name.startswith(".site.new-") for p in project.iterdir())
    assert taken_over > 10  # the spare site's pages were kept where they were still right
    assert not (project / "site/reports/r2").exists()


def test_after_a_build_that_made_every_page_again_the_spare_is_the_new_site(built_project):
    """Another configuration: no page of the old site is one the engine's cache now holds, so
    the next build would remove each and place another. The spare is made of the new site's
    own files instead (the old site and the spare before removed), and the next build keeps
    them where they are."""
    import os

    project = built_project
    settled(project)
    spare, site = project / ".site.spare", project / "site"
    assert (spare / "index.html").is_file() and not os.path.samefile(spare / "index.html", site / "index.html")
    CHANGES["change the config"](project)
    afresh = run_dudao("build", str(project))
    assert afresh.returncode == 0 and reused(afresh) == 0, afresh.stderr
    settled(project)
    pages = sorted(path.relative_to(site) for path in site.rglob("*.html"))
    assert len(pages) > 20 and sorted(path.relative_to(spare) for path in spare.rglob("*.html")) == pages
    assert all(os.path.samefile(site / page, spare / page) for page in pages)
    CHANGES["edit a report"](project)
    before = {page: (spare / page).stat().st_ino for page in pages}
    warm = run_dudao("build", str(project))
    assert warm.returncode == 0 and reused(warm) > 0, warm.stderr
    kept = sum(1 for page in pages if (site / page).stat().st_ino == before[page])
    assert kept >= len(pages) - 10, (kept, len(pages))  # all but the edited report's pages


def test_kept_texts_are_taken_only_from_the_same_library_version(tmp_path):
    """The pinyin and QR drawings kept between builds (`TextMemo`): worked out once, taken
    again by a later build, added to by each process that worked out a new one, not taken
    when another version of the library made them or the file cannot be read."""
    from generator.caches.textmemo import TextMemo

    kept = tmp_path / "kept.json"
    made: list[str] = []
    memo = TextMemo(lambda: "1.0")
    assert memo.get("清溪", lambda: made.append("清溪") or "qing xi") == "qing xi"
    assert memo.get("清溪", lambda: "again") == "qing xi" and made == ["清溪"]
    memo.keep(kept)
    later = TextMemo(lambda: "1.0")
    later.recall(kept)
    assert later.get("清溪", lambda: "made again") == "qing xi"
    newer = TextMemo(lambda: "2.0")
    newer.recall(kept)
    assert newer.get("清溪", lambda: "made again") == "made again"
    # Two processes of one build, each with a text of its own: the file keeps both.
    other = TextMemo(lambda: "1.0")
    other.get("北松镇", lambda: "bei song zhen")
    later.get("梅明镇", lambda: "mei ming zhen")
    other.keep(kept)
    later.keep(kept)
    both = TextMemo(lambda: "1.0")
    both.recall(kept)
    assert {key: both.get(key, lambda: "made again") for key in ("清溪", "北松镇", "梅明镇")} == {
        "清溪": "qing xi", "北松镇": "bei song zhen", "梅明镇": "mei ming zhen"}
    kept.write_text("{not json", encoding="utf-8")
    broken = TextMemo(lambda: "1.0")
    broken.recall(kept)
    assert broken.get("清溪", lambda: "made again") == "made again"


# A build in a process of its own (render workers are forked only where no other thread runs),
# noting in files each name it spells and the process of each task of rendering pages. The
# build's own process takes its tasks slowly, so that the forked worker surely takes some.
NOTING_BUILD = """
import os, sys, time
from generator import cli
from generator.model import collation
from generator.pages import rendering
spelled, workers, project = sys.argv[1:]
rendering.MIN_PAGES_PER_PROCESS = 100  # the demo's pages, among two workers
real_spell, real_share = collation._spell, rendering._render_share


def spell(text):
    with open(spelled, "a", encoding="utf-8") as noted:
        noted.write(text + "\\n")
    return real_spell(text)


def share(work):
    real, build = real_share(work), os.getpid()

    def noting(to_render):
        if os.getpid() == build:
            time.sleep(0.05)
        with open(workers, "a", encoding="utf-8") as noted:
            noted.write(f"{os.getpid()}\\n")
        return real(to_render)
    return noting


collation._spell, rendering._render_share = spell, share
print(os.getpid())
sys.exit(cli.main(["build", project, "--jobs", "2", "--timings"]))
"""


def test_the_demo_after_edits_across_its_records_is_the_cold_build(tmp_path):
    """The render cache on the demo district, whose pages read each other's records in every
    way (a report's bulletins, its rectifications' follow-ups, a zone's name on its schools'
    pages, a supervisor on every sign and report): after edits to a rectification, a
    bulletin, a zone and a supervisor, the warm build, its pages shared among render workers
    (they look the pages over, then render the few that changed), is the cold build byte for
    byte, and most pages were not rendered again. The names spelled by any process of a build
    (the build's own, the render workers, the exports') are kept, so that the next build
    spells only the name that is new (loading pypinyin's dictionaries costs a fifth of a second)."""
    import os
    import subprocess
    import sys

    from conftest import EPOCH, ROOT

    project = copy_project(ROOT, tmp_path / "demo")
    spelled, workers = tmp_path / "spelled", tmp_path / "workers"

    def noting_build():
        return subprocess.run([sys.executable, "-c", NOTING_BUILD, str(spelled), str(workers), str(project)],
                              capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH)))

    first = noting_build()
    assert first.returncode == 0, first.stderr
    assert len(spelled.read_text(encoding="utf-8").split()) > 20  # the first build spells every name
    spelled.unlink()
    workers.unlink()
    replace(project / "content/reports/2026/special-2026-traffic.md",
            "    deadline: 2026-11-22\n    status: open\n", "    deadline: 2026-11-22\n    status: in_progress\n")
    replace(project / "content/bulletins/2025/notice-2025-9.md", "title: 关于2025年秋季学期", "title: 关于2025年秋季")
    replace(project / "content/zones/zone-1.yml", "name: 第一责任区", "name: 第一督学责任区")
    replace(project / "content/supervisors/lu-qinghe.yml", "phone: 0512-60002100", "phone: 0512-60002199")
    warm = noting_build()
    assert warm.returncode == 0, warm.stderr
    counted = re.search(r"pages rendered: (\d+) of (\d+)", warm.stderr)
    assert counted and 0 < int(counted.group(1)) < int(counted.group(2)) / 2, warm.stderr
    assert 0 < reused(warm) < built(warm)
    assert not spelled.exists() or set(spelled.read_text(encoding="utf-8").split()) <= {"第一督学责任区"}
    tasks = workers.read_text(encoding="utf-8").split()
    assert set(tasks) - {warm.stdout.split()[0]}  # a forked worker rendered some
    cold = run_dudao("build", str(project), "--out", str(tmp_path / "cold"), "--no-cache")
    assert cold.returncode == 0, cold.stderr
    assert tree(project / "site") == tree(tmp_path / "cold")


def test_a_change_to_the_theme_dudao_ships_is_deployed(tmp_path):
    """An upgrade that changes only dudao's own theme (its CSS, say) is not "up to date": dudao
    here runs from a folder of its code and theme, as an editable install does."""
    import os
    import shutil
    import subprocess
    import sys

    from conftest import EPOCH, ROOT

    code = tmp_path / "code"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "generator", code / "generator", ignore=skip)
    shutil.copytree(ROOT / "theme", code / "dudao_theme", ignore=skip)
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH), PYTHONPATH=str(code))

    def build():
        return subprocess.run([sys.executable, "-m", "generator", "build", str(project)], cwd=code, env=env,
                              capture_output=True, text=True)

    css = "assets/stylesheets/dudao.css"
    first = build()
    assert first.returncode == 0, first.stderr
    assert up_to_date(build())  # nothing changed: the check does say so
    fix = "\n.dd-theme-fix-7c3a { color: inherit }\n"
    assert fix not in (project / "site" / css).read_text(encoding="utf-8")
    with open(code / "dudao_theme" / css, "a", encoding="utf-8") as sheet:
        sheet.write(fix)
    upgraded = build()
    assert upgraded.returncode == 0 and not up_to_date(upgraded), upgraded.stdout
    assert fix in (project / "site" / css).read_text(encoding="utf-8")


def test_every_library_that_shapes_the_output_is_in_the_fingerprint(monkeypatch):
    """zhconv writes the Traditional Chinese site: another version of it is another digest."""
    from importlib import metadata

    from generator.caches import fingerprint

    fingerprint.code.cache_clear()
    before = fingerprint.code()
    real = metadata.version
    for package in ("zhconv", "pypinyin", "mkdocs-material", "Markdown", "nh3", "Jinja2"):
        monkeypatch.setattr(metadata, "version", lambda name, p=package: "0.0.1" if name == p else real(name))
        fingerprint.code.cache_clear()
        assert fingerprint.code() != before, package
    monkeypatch.setattr(metadata, "version", real)
    fingerprint.code.cache_clear()
    assert fingerprint.code() == before
