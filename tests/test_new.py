"""`dudao new`: each kind of record, written from the project's own data, passes `check` as
written, and its YAML file names a schema the editor can find and that accepts it."""

from __future__ import annotations

import json
import re

import jsonschema
import yaml

from conftest import FIXTURES, copy_project, run_dudao

COMMANDS = {
    "report": ["--school", "qx-shiyan"],
    "bulletin": ["--title", "关于秋季开学专项督导的通报: 第1期"],
    "school": ["--name", "清溪第二小学", "--zone", "z1", "--type", "小学", "--supervisor", "wang-fang"],
    "supervisor": ["--name", "陈晓光", "--zone", "z1", "--phone", "0512-60003333"],
    "zone": ["--name", "第二责任区"],
    "page": ["--title", "工作制度"],
    "schedule": ["--month", "2026-12"],
    "complaints": ["--month", "2026-10", "--zone", "z1"],
    "subject": ["--name", "城关镇人民政府", "--type", "township"],
    "survey": ["--title", "2026年家长满意度测评", "--id", "jiazhang-2026"],
}


def test_every_kind_passes_check_as_written(tmp_path):
    from generator.model.kinds import KINDS

    assert set(COMMANDS) == set(KINDS)  # every kind registered is written here
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    written = {}
    for kind, options in COMMANDS.items():
        result = run_dudao("new", kind, str(project), *options)
        assert result.returncode == 0, result.stderr
        written[kind] = project / re.search(r"已写出 (\S+)：", result.stdout).group(1)
    check = run_dudao("check", str(project))
    # No error; what is still to be written is said: each finding left blank (the page leaves it
    # out) and each body that still holds the template's hint.
    assert check.returncode == 0 and "检查通过" in check.stderr, check.stderr
    warned = re.findall(r"^(\S+?):\d+(?::\d+)?: warning\[([\w.-]+)\]", check.stderr, re.M)
    relative = {kind: path.relative_to(project).as_posix() for kind, path in written.items()}
    assert sorted(warned) == sorted([(relative["report"], "finding.empty")] * 8 + [
        (relative[kind], "body.placeholder") for kind in ("report", "bulletin", "page")]), check.stderr
    # The report: this month's visit of the school by its 责任督学, one empty finding per
    # configured checklist item, a draft until someone publishes it.
    report = written["report"].read_text(encoding="utf-8")
    front = yaml.safe_load(report.split("---\n")[1])
    assert written["report"].name == "qx-shiyan-2026-11.md"
    assert front["supervisors"] == ["wang-fang"] and front["status"] == "draft"
    assert str(front["visited"]) == "2026-11-20"
    assert [f["item"] for f in front["findings"]] == ["management", "admissions", "teaching", "workload",
                                                       "teachers", "safety", "hygiene", "ethos"]
    assert "# rectifications:" in report  # the optional fields, as comments
    assert yaml.safe_load(written["bulletin"].read_text(encoding="utf-8").split("---\n")[1])["title"] == \
        "关于秋季开学专项督导的通报: 第1期"
    # YAML records point at their schema, relative to the file; the schema accepts the file.
    for kind in ("school", "supervisor", "zone", "schedule", "complaints", "subject", "survey"):
        text = written[kind].read_text(encoding="utf-8")
        target = re.match(r"# yaml-language-server: \$schema=(\S+)\n", text).group(1)
        schema = json.loads((written[kind].parent / target).read_text(encoding="utf-8"))
        value = yaml.safe_load(text)
        value = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in value.items()}
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(value)) == []
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(value | {"zone": "Z 1"}))  # it checks


def test_mistakes_are_usage_errors_and_nothing_is_overwritten(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    unknown = run_dudao("new", "report", str(project), "--school", "qx-shiyn")
    assert unknown.returncode == 2 and "--school qx-shiyn：没有这个学校。是不是 qx-shiyan？" in unknown.stderr, unknown.stderr
    by_name = run_dudao("new", "report", str(project), "--school", "清溪实验小学", "--month", "2026-10")
    assert by_name.returncode == 0 and "qx-shiyan-2026-10.md" in by_name.stdout  # a school's name, as import takes it
    assert run_dudao("new", "report", str(project), "--school", "qx-shiyan").returncode == 0
    path = project / "content/reports/2026/qx-shiyan-2026-11.md"
    path.write_text(path.read_text(encoding="utf-8") + "已写的内容。\n", encoding="utf-8")
    again = run_dudao("new", "report", str(project), "--school", "qx-shiyan")
    assert again.returncode == 2 and "已经有编号为 qx-shiyan-2026-11 的督导报告" in again.stderr
    assert path.read_text(encoding="utf-8").endswith("已写的内容。\n")
    bad_month = run_dudao("new", "report", str(project), "--school", "qx-shiyan", "--month", "2026-13")
    assert bad_month.returncode == 2 and "2026-03" in bad_month.stderr
    missing = run_dudao("new", "school", str(project), "--name", "某校")
    assert missing.returncode == 2 and "请给出 --zone" in missing.stderr


def test_a_persons_id_reads_the_surname_as_a_surname(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    result = run_dudao("new", "supervisor", str(project), "--name", "单晓岚", "--zone", "z1", "--phone", "0512-60003333")
    assert result.returncode == 0 and "content/supervisors/shan-xiaolan.yml" in result.stdout, result.stdout


def test_a_new_report_left_half_written_publishes_no_empty_heading_and_no_stale_date(tmp_path):
    """`dudao new report` writes no date into the body (the date is a field, and a later
    change of it would leave the text saying another day); a finding left blank is not
    published as an empty heading, only the ones written."""
    from conftest import EPOCH
    from generator.build.pipeline import check
    from generator.pages.rendering import render_pages

    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    result = run_dudao("new", "report", str(project), "--school", "qx-shiyan", "--date", "2026-11-03")
    path = project / re.search(r"已写出 (\S+)：", result.stdout).group(1)
    text = path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    assert "visited: 2026-11-03" in text and not re.search(r"\d+月\d+日|2026", body), body
    text = re.sub(r"(  - item: safety[^\n]*\n    highlights:)", r"\1 消防通道畅通。", re.sub(r"^status: draft.*\n", "", text, flags=re.M))
    path.write_text(text.replace(body, "督导了安全工作。\n"), encoding="utf-8")
    checked = check(project, EPOCH)
    warned = [(d.code, d.args) for d in checked.problems.sorted()]
    assert len(warned) == 7 and {code for code, _ in warned} == {"finding.empty"}, warned
    page = next(p for p in checked.plan.pages if p.url == f"reports/{path.stem}/")
    html = render_pages(checked.site, [page])[0].text
    assert html.count('class="dd-finding"') == 1 and "消防通道畅通" in html


def test_init_starts_a_new_office_that_checks_builds_and_imports(tmp_path):
    """`dudao init` writes a project a new office can start from: its names in
    site_config.yml (any text, read back as written), a folder per kind of record, the import
    workbook; it checks and builds as it is, and takes its rosters from the workbook it wrote.
    It never writes into a folder that holds anything."""
    import openpyxl

    from conftest import EPOCH
    from generator.model.kinds import KINDS

    project = tmp_path / "白云县"
    name = "白云县: 新区 #1"  # YAML's own characters in a name
    made = run_dudao("init", str(project), "--name", name, "--hotline", "12345")
    assert made.returncode == 0 and "已建立项目" in made.stdout, made.stderr
    config = yaml.safe_load((project / "site_config.yml").read_text(encoding="utf-8"))
    assert config["site"]["title"] == f"{name}责任督学挂牌督导公示平台"
    assert config["site"]["authority"] == f"{name}人民政府教育督导室" and config["contact"]["hotline"] == "12345"
    assert all((project / "content" / kind.folder).is_dir() for kind in KINDS.values())
    assert run_dudao("check", str(project)).returncode == 0
    built = run_dudao("build", str(project), epoch=EPOCH)
    assert built.returncode == 0 and (project / "site/index.html").is_file(), built.stderr
    # The workbook it wrote, filled in and imported.
    book = openpyxl.load_workbook(project / "名册模板.xlsx")
    zones = next(ws for ws in book.worksheets if ws.title.startswith("责任区"))
    headers = [c.value for c in zones[1]]
    zones.append(["第一责任区" if "名称" in str(h) else ("zone-1" if "编号" in str(h) else None) for h in headers])
    book.save(project / "名册.xlsx")
    imported = run_dudao("import", str(project), str(project / "名册.xlsx"))
    assert imported.returncode == 0 and list((project / "content/zones").iterdir()), imported.stderr
    again = run_dudao("init", str(project), "--name", "别的区", "--hotline", "1")
    assert again.returncode == 2 and "不是空的" in again.stderr
    assert yaml.safe_load((project / "site_config.yml").read_text(encoding="utf-8"))["site"]["title"].startswith(name)
