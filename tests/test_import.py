"""`dudao import` and `dudao export --xlsx`: an office's workbook in, records out, and back.

The workbooks are written here with openpyxl as an office's Excel would save them: Chinese
sheet names and headers, names instead of ids, numbers typed as numbers, dates as dates.
"""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest

from conftest import FIXTURES, ROOT, copy_project, run_dudao
from test_publishing import tree


def workbook(path, sheets: dict[str, list[list]]):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


ROSTER = {
    "责任督学": [
        ["姓名", "所属责任区", "联系电话", "类别", "任职日期"],
        ["陈晓光", "第一责任区", "0512-60003333", "兼职督学", dt.datetime(2025, 9, 1)],
    ],
    "学校": [
        ["学校名称", "学校类型", "所属责任区", "责任督学", "协同督学", "学校标识码", "乡镇街道", "联系电话"],
        ["清溪第二小学", "小学", "第一责任区", "陈晓光", "王芳", 2132100777, "城关街道", "0512-60017777"],
        ["清溪幼儿园", "幼儿园", "第一责任区", "王芳", None, None, "城关街道", "0512-60018888"],
    ],
    "督导记录": [
        ["督导日期", "学校", "责任督学", "督导事项", "亮点", "问题", "建议", "整改要求", "整改期限"],
        [dt.datetime(2026, 11, 3), "清溪第二小学", "陈晓光", "校务管理和制度执行情况", "制度上墙。", None, None, None, None],
        [dt.datetime(2026, 11, 3), "清溪第二小学", "陈晓光", "校园及周边安全情况，学生交通安全情况", None,
         "校门口接送秩序乱。", "错峰放学。", "规范接送秩序。", dt.datetime(2026, 12, 3)],
    ],
}


@pytest.fixture()
def project(tmp_path):
    return copy_project(FIXTURES / "tiny", tmp_path / "project")


def test_a_roster_and_a_visit_sheet_become_records_that_build(project, tmp_path):
    book = workbook(tmp_path / "名册.xlsx", ROSTER)
    result = run_dudao("import", str(project), str(book))
    assert result.returncode == 0, result.stderr
    # Ids from the names' pinyin; references by name resolved to ids; numbers as typed.
    school = (project / "content/schools/qingxidierxiaoxue.yml").read_text(encoding="utf-8")
    assert "supervisors:\n  - chen-xiaoguang\n  - wang-fang\n" in school
    assert "code: '2132100777'" in school or "code: 2132100777" in school
    supervisor = (project / "content/supervisors/chen-xiaoguang.yml").read_text(encoding="utf-8")
    assert "since: 2025-09-01" in supervisor and "zone: z1" in supervisor
    # An existing school is updated in place, by its name, without a duplicate.
    assert "phone: 0512-60018888" in (project / "content/schools/qx-yey.yml").read_text(encoding="utf-8")
    assert not (project / "content/schools/qingxiyoueryuan.yml").exists()
    # Two rows of one visit make one report, a draft until it has a publication date.
    report = (project / "content/reports/2026/qingxidierxiaoxue-2026-11.md").read_text(encoding="utf-8")
    assert report.startswith("---\ntitle: 清溪第二小学2026年11月经常性督导报告\nstatus: draft\n")
    assert "  - item: management\n    highlights: 制度上墙。\n" in report
    assert "deadline: 2026-12-03" in report and "requirement: 规范接送秩序。" in report
    assert run_dudao("check", str(project)).returncode == 0
    # Importing the same sheet again changes nothing.
    again = run_dudao("import", str(project), str(book))
    assert again.returncode == 0 and "没有变化" in again.stdout, again.stdout
    # A publication date publishes the visit; the built site shows it on the school's page.
    ROSTER_PUBLISHED = {"督导记录": [ROSTER["督导记录"][0] + ["发布日期"],
                                  ROSTER["督导记录"][1] + [dt.datetime(2026, 11, 10)]]}
    published = run_dudao("import", str(project), str(workbook(tmp_path / "发布.xlsx", ROSTER_PUBLISHED)))
    assert published.returncode == 0, published.stderr
    assert run_dudao("build", str(project)).returncode == 0
    page = (project / "site/schools/qingxidierxiaoxue/index.html").read_text(encoding="utf-8")
    assert "陈晓光" in page and "0512-60003333" in page and "清溪第二小学2026年11月经常性督导报告" in page


def test_bad_cells_are_named_by_sheet_row_and_column_and_nothing_is_written(project, tmp_path):
    book = workbook(tmp_path / "名册.xlsx", {
        "学校": [
            ["学校名称", "学校类型", "所属责任区", "责任督学", "网址", "网站", "挂牌日期"],
            ["清溪第三小学", "小学校", "第一责任区", "王芳", "x", "javascript:alert(1)", "2026-02-30"],
            ["清溪第四小学", "小学", "第九责任区", "李四", None, None, None],
            [None, "小学", "第一责任区", "王芳", None, None, None],
        ],
        "工作表1": [["随便"], ["什么"]],
    })
    before = tree(project)
    result = run_dudao("import", str(project), str(book))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "[" in line]
    assert lines == [
        "名册.xlsx!学校!A4: error[import.row-without-name]: 这一行没有填写“学校名称”，也没有编号。请填写名称",
        "名册.xlsx!学校!B2: error[import.choice]: “学校类型”填写的 '小学校' 不是可选的值。可选：幼儿园、小学、初级中学、"
        "高级中学、九年一贯制学校、十二年一贯制学校、完全中学、特殊教育学校、中等职业学校、其他",
        "名册.xlsx!学校!C3: error[import.unknown-name]: 没有名称或编号为 '第九责任区' 的责任区（是否应为 '第一责任区'？）。"
        "请核对名称，或先在名册中添加",
        "名册.xlsx!学校!D3: error[import.unknown-name]: 没有名称或编号为 '李四' 的责任督学。请核对名称，或先在名册中添加",
        "名册.xlsx!学校!E1: warning[import.unknown-column]: 工作表 '学校' 的列 '网址' 不认识，未导入。"
        "可用的列名见 dudao import --template",
        "名册.xlsx!学校!F2: error[field.url]: 'website' 的值 'javascript:alert(1)' 不是可用的链接：应以 http://, https:// 开头，"
        "且不含空格、引号和尖括号",
        "名册.xlsx!学校!G2: error[field.impossible-date]: 'sign_printed' 的值 '2026-02-30' 是不存在的日期：这个月只有 28 天。"
        "请核对年月日",
        "名册.xlsx!工作表1: warning[import.unknown-sheet]: 工作表 '工作表1' 未导入：不知道它是哪类记录。"
        "工作表应命名为 责任区、责任督学、学校、督政对象、督导记录、整改、满意度测评结果、举报投诉 之一（或用 --kind 指定）",
    ], result.stderr
    assert result.stdout == ""  # nothing is announced as made
    assert "没有写入任何文件" in result.stderr
    assert tree(project) == before


def test_a_gbk_csv_of_schools(project, tmp_path):
    csv_file = tmp_path / "学校.csv"
    csv_file.write_bytes("学校名称,学校类型,所属责任区,责任督学\r\n清溪第五小学,小学,第一责任区,王芳\r\n".encode("gb18030"))
    dry = run_dudao("import", str(project), str(csv_file), "--kind", "schools", "--dry-run")
    assert dry.returncode == 0 and "新建 学校 qingxidiwuxiaoxue" in dry.stdout and "试运行" in dry.stdout
    assert not (project / "content/schools/qingxidiwuxiaoxue.yml").exists()
    assert run_dudao("import", str(project), str(csv_file), "--kind", "schools").returncode == 0
    assert "name: 清溪第五小学" in (project / "content/schools/qingxidiwuxiaoxue.yml").read_text(encoding="utf-8")


def test_from_an_empty_project_to_a_built_site_without_writing_yaml(tmp_path):
    project = tmp_path / "new"
    (project / "content").mkdir(parents=True)
    shutil.copy(FIXTURES / "tiny/site_config.yml", project / "site_config.yml")
    sheets = {"责任区": [["责任区名称", "组长"], ["第一责任区", "王芳"]],
              "责任督学": [["姓名", "所属责任区", "联系电话"], ["王芳", "第一责任区", "0512-60002222"]],
              "学校": [["学校名称", "学校类型", "所属责任区", "责任督学"], ["清溪实验小学", "小学", "第一责任区", "王芳"]],
              "督导记录": [["督导日期", "学校", "责任督学", "督导事项", "问题", "整改要求", "整改期限", "发布日期"],
                       [dt.datetime(2026, 11, 3), "清溪实验小学", "王芳", "校园及周边安全情况，学生交通安全情况",
                        "护栏破损。", "一周内修复。", dt.datetime(2026, 11, 10), dt.datetime(2026, 11, 5)]]}
    result = run_dudao("import", str(project), str(workbook(tmp_path / "名册.xlsx", sheets)))
    assert result.returncode == 0, result.stderr
    assert run_dudao("build", str(project)).returncode == 0
    school = (project / "site/schools/qingxishiyanxiaoxue/index.html").read_text(encoding="utf-8")
    assert "王芳" in school and "0512-60002222" in school and "护栏破损。" in school
    assert "已逾期" in school  # the deadline has passed on the build date
    zone = (project / "content/zones/diyizerenqu.yml").read_text(encoding="utf-8")
    assert zone == "name: 第一责任区\nleader: wang-fang\n"


def test_an_update_keeps_comments_order_and_private_notes(project, tmp_path):
    school = project / "content/schools/qx-yey.yml"
    school.write_text("# 2025年核对过\nname: 清溪幼儿园  # 全称\ntype: kindergarten\nzone: z1\n"
                      "supervisors: [wang-fang]\nprivate:\n  remark: 园长手机 13700000000\n", encoding="utf-8")
    book = workbook(tmp_path / "s.xlsx", {"学校": [["编号", "学校名称", "联系电话"], ["qx-yey", "清溪幼儿园", "0512-1234567"]]})
    assert run_dudao("import", str(project), str(book)).returncode == 0
    assert school.read_text(encoding="utf-8") == (
        "# 2025年核对过\nname: 清溪幼儿园  # 全称\ntype: kindergarten\nzone: z1\n"
        "supervisors: [wang-fang]\nprivate:\n  remark: 园长手机 13700000000\nphone: 0512-1234567\n")
    # A private.… column is the one way an import writes under private:
    book = workbook(tmp_path / "p.xlsx", {"学校": [["编号", "private.remark", "private.mobile"],
                                                  ["qx-yey", "园长已更换", "13800000000"]]})
    assert run_dudao("import", str(project), str(book)).returncode == 0
    assert school.read_text(encoding="utf-8").endswith(
        "private:\n  remark: 园长已更换\n  mobile: '13800000000'\nphone: 0512-1234567\n")


def test_the_demo_round_trips_through_excel(tmp_path):
    project = copy_project(ROOT, tmp_path / "demo")
    before = tree(project / "content")
    book = tmp_path / "导出.xlsx"
    exported = run_dudao("export", str(project), "--xlsx", str(book))
    assert exported.returncode == 0, exported.stderr
    sheets = openpyxl.load_workbook(book)
    assert sheets.sheetnames == ["责任区", "责任督学", "学校", "督政对象", "督导记录", "整改", "满意度测评结果", "举报投诉"]
    assert sheets["举报投诉"].max_row == 1 + len(list((project / "content/complaints").glob("*.yml")))
    assert sheets["学校"].max_row == 1 + len(list((project / "content/schools").glob("*.yml")))
    assert sheets["学校"]["B1"].value == "学校名称" and sheets["学校"]["E1"].value == "责任督学"
    assert all(cell.data_type == "s" for row in sheets["学校"].iter_rows(min_row=2) for cell in row if cell.value)
    again = run_dudao("import", str(project), str(book))
    assert again.returncode == 0 and "没有变化" in again.stdout, again.stdout + again.stderr
    assert tree(project / "content") == before
    # An edit in Excel is one change in one file.
    school = sheets["学校"]
    row = next(r for r in school.iter_rows(min_row=2) if r[0].value == "qx-shiyan")
    row[7].value = "城关街道（新区）"
    sheets.save(book)
    edited = run_dudao("import", str(project), str(book))
    assert edited.returncode == 0
    assert edited.stdout.splitlines()[0] == "更新 学校 qx-shiyan：content/schools/qx-shiyan.yml（township）"
    changed = [p for p, content in tree(project / "content").items() if before.get(p) != content]
    assert changed == ["schools/qx-shiyan.yml"]
    # Complaints are counts: a name or a story typed where a count goes is refused at its cell,
    # and nothing is written.
    edited_tree = tree(project / "content")
    complaints = sheets["举报投诉"]
    headers = [c.value for c in complaints[1]]
    received = headers.index("受理件数")
    complaints.cell(row=3, column=received + 1).value = "张三举报王老师体罚学生"
    complaints.cell(row=4, column=headers.index("类别：师德师风") + 1).value = "李四"
    sheets.save(book)
    refused = run_dudao("import", str(project), str(book))
    letter = lambda index: chr(ord("A") + index)  # noqa: E731
    assert refused.returncode == 1
    assert f"导出.xlsx!举报投诉!{letter(received)}3: error[field.integer]: 'received' 的值 '张三举报王老师体罚学生'" in refused.stderr
    assert f"导出.xlsx!举报投诉!{letter(headers.index('类别：师德师风'))}4: error[field.integer]: " \
           "'categories.ethics' 的值 '李四'" in refused.stderr, refused.stderr
    assert tree(project / "content") == edited_tree


def test_the_blank_template_has_every_sheet_and_column(tmp_path, project):
    from generator.office.columns import sheets

    template = tmp_path / "模板.xlsx"
    assert run_dudao("import", "--template", str(template)).returncode == 0
    book = openpyxl.load_workbook(template)
    for kind in sheets(None):
        assert [c.value for c in book[kind.names[0]][1]] == [c.header for c in kind.columns]
    result = run_dudao("import", str(project), str(template))
    assert result.returncode == 0 and "没有变化" in result.stdout


def test_formula_text_is_exported_as_text(tmp_path, project):
    (project / "content/schools/qx-yey.yml").write_text(
        "name: 清溪幼儿园\ntype: kindergarten\nzone: z1\nsupervisors: [wang-fang]\n"
        "township: \"=HYPERLINK(\\\"http://x\\\")\"\n", encoding="utf-8")
    book = tmp_path / "e.xlsx"
    assert run_dudao("export", str(project), "--xlsx", str(book)).returncode == 0
    sheet = openpyxl.load_workbook(book)["学校"]
    cell = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "qx-yey")[7]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"
    shutil.rmtree(project / "site", ignore_errors=True)


def test_rectifications_are_followed_up_in_their_own_sheet(tmp_path):
    project = copy_project(ROOT, tmp_path / "demo")
    book = tmp_path / "导出.xlsx"
    assert run_dudao("export", str(project), "--xlsx", str(book)).returncode == 0
    sheets = openpyxl.load_workbook(book)
    rects = sheets["整改"]
    assert [c.value for c in rects[1]][:2] == ["报告编号", "整改编号"]
    row = next(r for r in rects.iter_rows(min_row=2) if r[7].value in ("未整改", "整改中"))
    report, rect_id = row[0].value, row[1].value
    row[7].value, row[8].value = "已整改", "2026-11-18"
    sheets.save(book)
    before = tree(project / "content")
    result = run_dudao("import", str(project), str(book))
    assert result.returncode == 0, result.stderr
    changed = [p for p, content in tree(project / "content").items() if before.get(p) != content]
    assert len(changed) == 1 and changed[0].endswith(f"/{report}.md")
    text = (project / "content" / changed[0]).read_text(encoding="utf-8")
    block = text.split(f"- id: {rect_id}\n")[1].split("\n  - id:")[0].split("\n---")[0]
    assert "status: done" in block and "closed: 2026-11-18" in block
    assert run_dudao("check", str(project)).returncode == 0
    # The same rectification changed differently in the visit sheet too: the clerk decides.
    visits = sheets["督导记录"]
    visit_row = next(r for r in visits.iter_rows(min_row=2) if r[0].value == report and r[10].value == rect_id)
    visit_row[15].value = "2026-11-19"
    row[8].value = "2026-11-17"
    sheets.save(book)
    conflict = run_dudao("import", str(project), str(book))
    assert conflict.returncode == 1
    assert f"导出.xlsx!整改!I{row[8].row}: error[import.conflict]: “closed”与督导记录表中同一整改事项的值不同。请只在一处修改 " \
           f"(另见 导出.xlsx!督导记录!P{visit_row[15].row})" in conflict.stderr, conflict.stderr


def test_a_csv_of_rectification_states(project, tmp_path):
    csv_file = tmp_path / "整改.csv"
    report = project / "content/reports/r1.md"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "---\n到校督导。", "rectifications:\n  - id: r1\n    issue: 校门口秩序乱。\n    school: qx-shiyan\n---\n到校督导。"),
        encoding="utf-8")
    csv_file.write_text("报告编号,整改编号,整改状态,核实日期\nr1,r1,已整改,2026-11-01\nr1,r2,整改中,\n", encoding="utf-8")
    result = run_dudao("import", str(project), str(csv_file), "--kind", "rectifications")
    # r2 is new and lacks its issue: a located error, nothing written.
    assert result.returncode == 1 and "整改.csv!A3: error[field.missing]" in result.stderr, result.stderr
    csv_file.write_text("报告编号,整改编号,整改状态,核实日期\nr1,r1,已整改,2026-11-01\n", encoding="utf-8")
    assert run_dudao("import", str(project), str(csv_file), "--kind", "rectifications").returncode == 0
    text = report.read_text(encoding="utf-8")
    assert "    school: qx-shiyan\n" in text and "    status: done\n    closed: 2026-11-01\n" in text


def test_an_export_says_it_holds_unpublished_reports_and_can_leave_them_out(tmp_path):
    """For a round trip, an export holds drafts, embargoed and withdrawn reports, and says so;
    --published-only writes only what the site publishes."""
    from conftest import EPOCH

    project = copy_project(ROOT, tmp_path / "project")
    draft = "qx-shiyan-2026-11-draft"
    (project / "content/reports/2026" / f"{draft}.md").write_text(
        "---\ntitle: 草稿\nkind: regular\nschools: [qx-shiyan]\nsupervisors: [lu-qinghe]\nvisited: 2026-11-12\n"
        "status: draft\nrectifications:\n  - {id: d1, issue: 草稿中的整改, deadline: 2026-12-01}\n---\n草稿。\n",
        encoding="utf-8")
    embargoed = "qx-shiyan-2026-11-later"
    (project / "content/reports/2026" / f"{embargoed}.md").write_text(
        "---\ntitle: 未到期\nkind: regular\nschools: [qx-shiyan]\nsupervisors: [lu-qinghe]\nvisited: 2026-11-13\n"
        f"published: {dt.date.fromtimestamp(EPOCH) + dt.timedelta(days=3)}\n---\n未到期。\n", encoding="utf-8")
    withdrawn = "qx-hexi-xx-2026-03"

    def ids(book):
        sheet = openpyxl.load_workbook(book)["督导记录"]
        return {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}

    everything = run_dudao("export", str(project), "--xlsx", str(tmp_path / "all.xlsx"))
    assert everything.returncode == 0, everything.stderr
    assert "草稿 2 份" in everything.stdout and "已撤回 1 份" in everything.stdout  # the demo has a draft too
    assert "--published-only" in everything.stdout
    assert {draft, embargoed, withdrawn} <= ids(tmp_path / "all.xlsx")
    published = run_dudao("export", str(project), "--xlsx", str(tmp_path / "public.xlsx"), "--published-only")
    assert published.returncode == 0, published.stderr
    assert "没有导出" in published.stdout
    public = ids(tmp_path / "public.xlsx")
    assert not {draft, embargoed, withdrawn} & public and "qx-shiyan-2026-09" in public
    rects = openpyxl.load_workbook(tmp_path / "public.xlsx")["整改"]
    assert draft not in {row[0] for row in rects.iter_rows(min_row=2, values_only=True)}
    assert draft in {row[0] for row in openpyxl.load_workbook(tmp_path / "all.xlsx")["整改"].iter_rows(
        min_row=2, values_only=True)}


def test_the_template_offers_its_choices_and_keeps_every_column_text(tmp_path):
    """The blank workbook offers each fixed choice as a list (学校类型, 状态, 督导事项, 整改状态)
    in Chinese, formats every column as text in the rows still to be typed (Excel would drop
    a phone number's leading 0), explains its columns in notes, and still imports."""
    import openpyxl

    from generator.model.records import DEFAULT_CHECKLIST

    out = tmp_path / "模板.xlsx"
    assert run_dudao("import", "--template", str(out)).returncode == 0
    book = openpyxl.load_workbook(out)
    offered = {(sheet.title, sheet.cell(1, sheet[rng.split(":")[0]].column).value): dv.formula1
               for sheet in book.worksheets for dv in sheet.data_validations.dataValidation
               for rng in str(dv.sqref).split()}
    assert "小学" in offered[("学校", "学校类型")] and "已停办" in offered[("学校", "办学状态")]
    assert "已整改" in offered[("整改", "整改状态")] and "已离任" in offered[("责任督学", "状态")]
    assert DEFAULT_CHECKLIST[0][1] in offered[("督导记录", "督导事项")]
    for sheet in book.worksheets:
        assert all(sheet.column_dimensions[cell.column_letter].number_format == "@" for cell in sheet[1])
    assert "第一位为本校责任督学" in book["学校"]["E1"].comment.text
    schools = book["学校"]
    schools.append(["s1", "清溪第九小学", "小学", "z1", "wang-fang", None, None, None, None, "0512-60001111"])
    book.save(out)
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    imported = run_dudao("import", str(project), str(out))
    assert imported.returncode == 0, imported.stderr
    assert "phone: 0512-60001111" in (project / "content/schools/s1.yml").read_text(encoding="utf-8")


def test_the_templates_examples_are_shown_apart_and_import_as_records_that_build(tmp_path):
    """The template's 填写示例 sheet shows one filled row under each sheet's headers. Imported
    as it is, the template adds nothing and says nothing of that sheet; the example rows,
    typed into their sheets of a new office's workbook, become records that check and build."""
    project = tmp_path / "office"
    assert run_dudao("init", str(project), "--name", "城关区", "--hotline", "0512-12345").returncode == 0
    book = openpyxl.load_workbook(project / "名册模板.xlsx")
    examples = book["填写示例"]
    def cells(row):  # a row's values, without the empty cells after its last
        values = [c.value for c in row]
        while values and values[-1] is None:
            values.pop()
        return values

    rows = [cells(row) for row in examples.iter_rows()]
    as_is = run_dudao("import", str(project), str(project / "名册模板.xlsx"))
    assert as_is.returncode == 0 and "填写示例" not in as_is.stderr + as_is.stdout, as_is.stderr
    assert not any((project / "content").rglob("*.yml"))
    filled = 0
    for sheet in book.worksheets:
        if sheet.title == "填写示例":
            continue
        at = rows.index(cells(sheet[1]))  # the sheet's headers, and its example row under them
        assert rows[at - 1] == [f"「{sheet.title}」工作表"]
        sheet.append(rows[at + 1])
        filled += 1
    assert filled == 8
    del book["填写示例"]
    book.save(project / "名册.xlsx")
    # a survey's results go into a survey written first, with its options and questions
    assert run_dudao("new", "survey", "--title", "2026年家长满意度测评", "--id", "2026-jiazhang",
                     cwd=project).returncode == 0
    imported = run_dudao("import", str(project), str(project / "名册.xlsx"))
    assert imported.returncode == 0, imported.stderr
    checked = run_dudao("check", str(project))
    assert checked.returncode == 0 and "error" not in checked.stderr, checked.stderr
    assert run_dudao("build", str(project)).returncode == 0
    school = (project / "site/schools/cg-diyi-xx/index.html").read_text(encoding="utf-8").replace("<wbr>", "")
    assert "城关第一小学" in school and "王明" in school and "0512-60001234" in school
    report = (project / "site/reports/cg-diyi-xx-2026-10/index.html").read_text(encoding="utf-8")
    assert "三年级作业量偏多" in report and "学校已拟定作业公示办法" in report
