"""`dudao import` against workbooks no clerk means to make: formulas without values, XML with
entities, zip bombs, rows of 16,384 cells, cells of megabytes, text-direction controls. Each is
refused at its place, in bounded time and memory, and writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import EPOCH, FIXTURES, ROOT, copy_project
from test_publishing import tree

SECONDS, MEGABYTES = 10, 300
# dudao run in this process, which says at its end the most memory it held: its own peak
# (VmHWM; getrusage's maximum keeps the parent's size from before the process started), and
# the processor time it and any process it started used. Processor time, not the clock's: the
# bound is on the work an import does, and the clock also counts the other tests' share when
# the suite runs more processes than the machine has cores.
MEASURED = ("import re, resource, sys\n"
            "from generator.cli import main\n"
            "status = main(sys.argv[1:])\n"
            "peak = re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1)\n"
            "used = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]\n"
            "print(f'CPU-SECONDS {sum(u.ru_utime + u.ru_stime for u in used)}', file=sys.stderr)\n"
            "print(f'PEAK-KB {peak}', file=sys.stderr)\n"
            "sys.exit(status)\n")


def measured_import(project: Path, book: Path) -> tuple[subprocess.CompletedProcess, float, float]:
    """dudao import, and the processor seconds and megabytes it took."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH))
    result = subprocess.run([sys.executable, "-c", MEASURED, "import", str(project), str(book)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    seconds = float(result.stderr.rsplit("CPU-SECONDS ", 1)[1].split()[0])
    peak = int(result.stderr.rsplit("PEAK-KB ", 1)[1]) / 1024
    return result, seconds, peak


@pytest.fixture()
def project(tmp_path):
    return copy_project(FIXTURES / "tiny", tmp_path / "project")


def roster(path: Path, phone="0512-60009999", name="王芳") -> Path:
    """The tiny project's supervisor, as the 责任督学 sheet of a workbook."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "责任督学"
    sheet.append(["编号", "姓名", "联系电话"])
    sheet.append(["wang-fang", name, phone])
    book.save(path)
    return path


def rewrite(book: Path, part: str, change) -> Path:
    """`book` with one XML part changed by `change(text) → text`."""
    with zipfile.ZipFile(book) as old:
        parts = {info.filename: old.read(info) for info in old.infolist()}
    parts[part] = change(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)
    return book


def refused(project: Path, book: Path, expected: str) -> str:
    before = tree(project)
    result, seconds, peak = measured_import(project, book)
    assert result.returncode == 1, result.stderr
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "没有写入任何文件" in result.stderr
    assert tree(project) == before  # nothing written
    assert seconds <= SECONDS and peak <= MEGABYTES, (seconds, peak)
    return result.stderr


def test_the_measure_sees_what_an_import_holds(project, tmp_path):
    """The memory and processor time the checks below bound are the import's own: an import
    that holds two hundred megabytes more, and works two seconds more, shows both."""
    book = roster(tmp_path / "名册.xlsx")
    result, quick, small = measured_import(project, book)
    assert result.returncode == 0, result.stderr
    held = tmp_path / "held.py"
    held.write_text("import generator.cli, time\nBALLAST = bytearray(200 * 1024 * 1024)\n"
                    "end = time.process_time() + 2\nwhile time.process_time() < end:\n    pass\n", encoding="utf-8")
    code = MEASURED.replace("from generator.cli import main", "sys.path.insert(0, %r)\nimport held\n"
                            "from generator.cli import main" % str(tmp_path))
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH))
    heavy = subprocess.run([sys.executable, "-c", code, "import", str(project), str(book)], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    big = int(heavy.stderr.rsplit("PEAK-KB ", 1)[1]) / 1024
    assert big >= small + 180  # the ballast, less what the two runs happen to share
    slow = float(heavy.stderr.rsplit("CPU-SECONDS ", 1)[1].split()[0])
    assert slow >= quick + 1.9, (quick, slow)


def test_a_formula_without_a_value_is_refused_and_deletes_nothing(project, tmp_path):
    book = roster(tmp_path / "名册.xlsx", phone="=1+1")  # openpyxl, like any program, keeps no value
    stderr = refused(project, book, "名册.xlsx!责任督学!C2: error[import.formula]")
    assert "phone" in (project / "content/supervisors/wang-fang.yml").read_text(encoding="utf-8")
    assert "(phone)" not in stderr


def test_a_formula_with_the_value_excel_kept_is_imported_and_said(project, tmp_path):
    book = rewrite(roster(tmp_path / "名册.xlsx", phone="=A1"), "xl/worksheets/sheet1.xml",
                   lambda xml: xml.replace("<f>A1</f><v></v>", "<f>A1</f><v>0512-60007777</v>")
                   .replace("<f>A1</f><v />", "<f>A1</f><v>0512-60007777</v>")
                   .replace('<c r="C2"><f>', '<c r="C2" t="str"><f>'))
    result, _, _ = measured_import(project, book)
    assert result.returncode == 0, result.stderr
    assert "名册.xlsx!责任督学!C2: warning[import.formula-value]" in result.stderr
    assert "0512-60007777" in (project / "content/supervisors/wang-fang.yml").read_text(encoding="utf-8")


ENTITIES = {
    "external": ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;"),
    "nested": ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
               '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>', "&d;"),
    "undeclared": ("", "&nothing;"),
}


@pytest.mark.parametrize("entity", list(ENTITIES))
@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "docProps/core.xml"])
def test_xml_with_entities_is_refused_at_its_part(project, tmp_path, entity, part):
    declaration, use = ENTITIES[entity]
    book = roster(tmp_path / "名册.xlsx")
    with zipfile.ZipFile(book) as archive:
        names = archive.namelist()
    if part not in names:  # openpyxl writes inline strings, not shared ones: add the part
        part = "xl/worksheets/sheet1.xml"

    def poison(xml: str) -> str:
        head, _, rest = xml.partition("?>")
        body = rest.replace("王芳", "王芳" + use, 1) if "王芳" in rest else rest.replace("</", use + "</", 1)
        return head + "?>" + declaration + body

    refused(project, rewrite(book, part, poison), f"名册.xlsx!{part}: error[import.unreadable]")


def zip_of(path: Path, parts: dict[str, object]) -> Path:
    """A workbook of `parts`; a part may be a function that writes to a stream (a large one)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if callable(data):
                with archive.open(name, "w", force_zip64=True) as stream:
                    data(stream)
            else:
                archive.writestr(name, data)
    return path


def minimal(path: Path, sheet_xml, shared=None) -> Path:
    """The least an .xlsx file holds, with one sheet (责任督学) of `sheet_xml`."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
               'officedocument.spreadsheetml.sharedStrings+xml"/>' if shared else "") + "</Types>"),
        "_rels/.rels": (f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                        f'relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                        "</Relationships>"),
        "xl/workbook.xml": (f'<?xml version="1.0"?><workbook {ns} xmlns:r="{rel}"><sheets>'
                            '<sheet name="责任督学" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            + (f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>' if shared else "")
            + "</Relationships>"),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if shared:
        parts["xl/sharedStrings.xml"] = shared
    return zip_of(path, parts)


SHEET_HEAD = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c>'
              '<c r="B1" t="inlineStr"><is><t>姓名</t></is></c><c r="C1" t="inlineStr"><is><t>联系电话</t></is></c></row>')
SHEET_TAIL = "</sheetData></worksheet>"


def test_the_minimal_workbook_these_tests_make_is_read(project, tmp_path):
    """So that what the checks below refuse is what they made, not the rest of the file."""
    sheet = (SHEET_HEAD + '<row r="2"><c r="A2" t="inlineStr"><is><t>wang-fang</t></is></c>'
             '<c r="B2" t="s"><v>0</v></c><c r="C2" t="inlineStr"><is><t>0512-60006666</t></is></c></row>' + SHEET_TAIL)
    shared = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              "<si><t>王芳</t></si></sst>")
    result, _, _ = measured_import(project, minimal(tmp_path / "名册.xlsx", sheet, shared))
    assert result.returncode == 0, result.stderr
    assert "0512-60006666" in (project / "content/supervisors/wang-fang.yml").read_text(encoding="utf-8")


def test_a_gigabyte_cell_in_a_small_file_is_refused_unread(project, tmp_path):
    def shared(stream):
        stream.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                     b"<si><t>")
        block = b"a" * (1 << 24)
        for _ in range(64):
            stream.write(block)
        stream.write(b"</t></si></sst>")

    sheet = SHEET_HEAD + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>' + SHEET_TAIL
    book = minimal(tmp_path / "名册.xlsx", sheet, shared)
    assert book.stat().st_size < 2 * 1024 * 1024
    refused(project, book, "名册.xlsx: error[import.unpacked-too-large]")


@pytest.mark.parametrize("rows", [1, 2000])
def test_rows_of_16384_cells_are_refused_before_they_are_read(project, tmp_path, rows):
    def sheet(stream):
        stream.write(SHEET_HEAD.encode())
        cells = b"<c><v>1</v></c>" * 16384
        for row in range(2, rows + 2):
            stream.write(f'<row r="{row}">'.encode() + cells + b"</row>")
        stream.write(SHEET_TAIL.encode())

    book = minimal(tmp_path / "名册.xlsx", sheet)
    assert book.stat().st_size < 3 * 1024 * 1024
    # One row: under the unpacked limit, refused at the row; two thousand: refused unpacked.
    refused(project, book, "名册.xlsx!责任督学!A2: error[import.too-many-cells]" if rows == 1 else
            "名册.xlsx: error[import.unpacked-too-large]")


def test_a_million_small_cells_are_refused_as_they_stream_by(project, tmp_path):
    def sheet(stream):
        stream.write(SHEET_HEAD.encode())
        cells = "".join("<c><v>1</v></c>" for _ in range(50)).encode()
        for row in range(2, 30_000):
            stream.write(f'<row r="{row}">'.encode() + cells + b"</row>")
        stream.write(SHEET_TAIL.encode())

    refused(project, minimal(tmp_path / "名册.xlsx", sheet), "error[import.too-many-cells-in-all]")


@pytest.mark.parametrize("where", ["shared", "inline", "csv"])
def test_a_cell_longer_than_excel_allows_is_refused_at_its_cell(project, tmp_path, where):
    big = "长" * (30 * 1024 * 1024 // 3)  # 30 MB of text
    if where == "csv":
        book = tmp_path / "schools.csv"
        book.write_text(f"编号,姓名,联系电话\nwang-fang,王芳,{big[:40_000]}\n", encoding="utf-8")
        expected = "schools.csv!C2: error[import.cell-too-long]"
        result = subprocess.run([sys.executable, "-m", "generator", "import", str(project), str(book), "--kind",
                                 "supervisors"], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 1 and expected in result.stderr, result.stderr
        return
    if where == "shared":
        shared = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                  f"<si><t>{big}</t></si></sst>")
        sheet = SHEET_HEAD + '<row r="2"><c r="A2" t="inlineStr"><is><t>wang-fang</t></is></c>' \
            '<c r="B2" t="s"><v>0</v></c></row>' + SHEET_TAIL
    else:
        shared = None
        sheet = SHEET_HEAD + '<row r="2"><c r="A2" t="inlineStr"><is><t>wang-fang</t></is></c>' \
            f'<c r="B2" t="inlineStr"><is><t>{big}</t></is></c></row>' + SHEET_TAIL
    refused(project, minimal(tmp_path / "名册.xlsx", sheet, shared), "名册.xlsx!责任督学!B2: error[import.cell-too-long]")


def test_an_import_never_writes_a_record_file_the_build_refuses(project, tmp_path):
    """Each cell within Excel's limit, but the report they make together over the size of a
    record file: refused at the report's first row, as the loader would refuse the file."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "督导记录"
    sheet.append(["报告编号", "督导日期", "学校", "责任督学", "整改编号", "整改问题"])
    long_text = "问" * 30_000
    for row in range(240):  # 240 × 30,000 characters of three bytes: over 20 MiB
        sheet.append(["qx-shiyan-2026-11", "2026-11-03", "qx-shiyan", "wang-fang", f"r{row}", long_text])
    book.save(tmp_path / "督导.xlsx")
    stderr = refused(project, tmp_path / "督导.xlsx", "督导.xlsx!督导记录!A2: error[import.record-refused]")
    assert "file.too-large" in stderr


@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\u200f"])
def test_text_direction_controls_are_refused_in_names_as_control_characters(project, tmp_path, control):
    book = roster(tmp_path / "名册.xlsx", name=f"王{control}芳")
    refused(project, book, "名册.xlsx!责任督学!B2: error[field.control-character]")
    record = project / "content/supervisors/wang-fang.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("王芳", f"王{control}芳"), encoding="utf-8")
    checked = subprocess.run([sys.executable, "-m", "generator", "check", str(project)], cwd=ROOT,
                             capture_output=True, text=True)
    assert checked.returncode == 1 and "error[field.control-character]" in checked.stderr
    assert f"U+{ord(control):04X}" in checked.stderr


def test_a_workbook_with_comments_and_their_drawings_is_read(project, tmp_path):
    """What Excel writes beside the cells (comments, their legacy drawings) passes the look-over."""
    from openpyxl.comments import Comment

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "责任督学"
    sheet.append(["编号", "姓名", "联系电话"])
    sheet.append(["wang-fang", "王芳", "0512-60005555"])
    sheet["C2"].comment = Comment("电话已核实", "督导室")
    book.save(tmp_path / "名册.xlsx")
    with zipfile.ZipFile(tmp_path / "名册.xlsx") as archive:
        assert any(name.endswith(".vml") for name in archive.namelist())
    result, _, _ = measured_import(project, tmp_path / "名册.xlsx")
    assert result.returncode == 0, result.stderr
    assert "0512-60005555" in (project / "content/supervisors/wang-fang.yml").read_text(encoding="utf-8")
