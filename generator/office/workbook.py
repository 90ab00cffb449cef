"""`dudao export --xlsx` and `dudao import --template`: the office's workbook, written.

The export writes every record of the roster kinds and every visit report (one school, one
supervisor), drafts, embargoed and withdrawn ones too unless asked for what is published only,
with the same columns the import reads, as text cells (a phone number keeps its
leading 0, a code stays a code), so that importing an unedited export changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .columns import CHECKLIST_ITEM, EXAMPLES_SHEET, Column, SheetKind, choices, label_of, sheets
from ..model.kinds import KINDS
from ..model.records import DEFAULT_CHECKLIST
from ..model.diagnostics import Problems
from ..sources.loading import SourceFile, load_project
from ..model.nodes import Map, Node, Scalar, Seq

LIST_JOIN = "、"


def _text(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, Scalar):
        return "" if node.is_null else node.text.strip("\n") if "\n" in node.text.strip("\n") else node.text.strip()
    if isinstance(node, Seq):
        return LIST_JOIN.join(_text(item) for item in node.items)
    return ""


def _get(root: Node | None, path: str) -> Node | None:
    for part in path.split("."):
        if not isinstance(root, Map):
            return None
        root = root.get(part)
    return root


class _Shown:
    """How a reference is shown: by name where the name is the record's alone, else by id."""

    def __init__(self, files: tuple[SourceFile, ...], checklist: dict[str, str]):
        self.names: dict[tuple[str, str], str] = {}
        count: dict[tuple[str, str], int] = {}
        for source in files:
            name = _get(source.root, "name")
            if isinstance(name, Scalar):
                self.names[(source.kind, source.id)] = name.text.strip()
                count[(source.kind, name.text.strip())] = count.get((source.kind, name.text.strip()), 0) + 1
        ids = {(source.kind, source.id) for source in files}
        for key, name in list(self.names.items()):
            # Shown by id where two records share the name, or the name is another record's id.
            if count[(key[0], name)] > 1 or (key[0], name) in ids:
                del self.names[key]
        for item_id, name in checklist.items():
            self.names[("checklist", item_id)] = name

    def __call__(self, kind: str, record_id: str) -> str:
        return self.names.get((kind, record_id), record_id)


def _cell(column: Column, node: Node | None, shown: _Shown) -> str:
    if node is None:
        return ""
    if column.many and isinstance(node, Seq):
        items = [_text(item) for item in node.items]
        if column.part == 0:
            items = items[:1]
        elif column.part == 1:
            items = items[1:]
        if column.ref:
            items = [shown(column.ref, item) for item in items]
        return LIST_JOIN.join(items)
    text = _text(node)
    if column.ref and text:
        return shown(column.ref, text)
    if column.labels and text:
        return label_of(column.labels, text)
    return text


def _roster_rows(kind: SheetKind, files: list[SourceFile], shown: _Shown) -> list[list[str]]:
    rows = []
    for source in sorted(files, key=lambda s: s.id):
        row = []
        for column in kind.columns:
            row.append(source.id if column.field == "id" else _cell(column, _get(source.root, column.field), shown))
        rows.append(row)
    return rows


def _is_visit(source: SourceFile) -> bool:
    schools, supervisors = _get(source.root, "schools"), _get(source.root, "supervisors")
    return (isinstance(schools, Seq) and len(schools.items) == 1 and isinstance(supervisors, Seq)
            and len(supervisors.items) == 1 and _text(_get(source.root, "kind")) == "regular")


def _visit_rows(kind: SheetKind, files: list[SourceFile], shown: _Shown) -> list[list[str]]:
    """A row per checklist item of each visit; a rectification goes on its item's row."""
    rows = []
    for source in sorted(files, key=lambda s: (_text(_get(s.root, "visited")), s.id)):
        findings = _get(source.root, "findings")
        rects = _get(source.root, "rectifications")
        findings = list(findings.items) if isinstance(findings, Seq) else []
        rects = list(rects.items) if isinstance(rects, Seq) else []
        lines: list[tuple[Map | None, Map | None]] = [(finding, None) for finding in findings]
        for rect in rects:
            item = _text(_get(rect, "item"))
            spot = next((i for i, (finding, taken) in enumerate(lines)
                         if taken is None and finding is not None and _text(_get(finding, "item")) == item), None)
            if spot is None:
                lines.append((None, rect))
            else:
                lines[spot] = (lines[spot][0], rect)
        for finding, rect in lines or [(None, None)]:
            row = []
            for column in kind.columns:
                head, _, rest = column.field.partition(".")
                if head == "findings":
                    node = _get(finding, rest) if finding is not None else (
                        _get(rect, "item") if rest == "item" and rect is not None else None)
                elif head == "rectifications":
                    node = _get(rect, rest) if rect is not None else None
                elif column.field == "id":
                    row.append(source.id)
                    continue
                else:
                    node = _get(source.root, column.field)
                row.append(_cell(column, node, shown))
            rows.append(row)
    return rows


def _rect_rows(kind: SheetKind, reports: list[SourceFile], shown: _Shown) -> list[list[str]]:
    rows = []
    for source in sorted(reports, key=lambda s: (_text(_get(s.root, "visited")), s.id)):
        rects = _get(source.root, "rectifications")
        for rect in rects.items if isinstance(rects, Seq) else ():
            rows.append([source.id if column.field == "report" else _cell(column, _get(rect, column.field), shown)
                         for column in kind.columns])
    return rows


def _survey_rows(kind: SheetKind, surveys: list[SourceFile], shown: _Shown) -> list[list[str]]:
    """A row per question of each result of each survey."""
    rows = []
    for source in sorted(surveys, key=lambda s: (_text(_get(s.root, "held")), s.id)):
        results = _get(source.root, "results")
        for result in results.items if isinstance(results, Seq) else ():
            answers = _get(result, "answers")
            for item in answers.items if isinstance(answers, Seq) else ():
                rows.append([source.id if column.field == "survey" else
                             _cell(column, _get(item if column.field in ("question", "counts") else result, column.field), shown)
                             for column in kind.columns])
    return rows


@dataclass(frozen=True)
class Exported:
    rows: dict[str, int]  # rows written per sheet
    unpublished: dict[str, int]  # reports the site does not publish, by why ("draft" …): written, or with
    left_out: bool  # `published_only`, left out


def unpublished_state(source: SourceFile, day: dt.date) -> str | None:
    """Why the site does not publish a report's content on `day` ("draft", "embargoed",
    "withdrawn"), from its file as written; None when it does."""
    status = _text(_get(source.root, "status")) or "published"
    if status in ("draft", "withdrawn"):
        return status
    published = _text(_get(source.root, "published"))
    if not published:
        return None
    try:
        return "embargoed" if dt.date.fromisoformat(published) > day else None
    except ValueError:  # not a date: the site does not publish it either
        return "draft"


def write_workbook(root: Path, out: Path, problems: Problems, day: dt.date,
                   published_only: bool = False) -> Exported:
    """The project's records as the office's workbook. It holds drafts, embargoed and
    withdrawn reports too (an export is edited and imported again); with `published_only`,
    only what the site publishes on `day`."""
    project = load_project(root, problems)
    from ..sources.validation import validate_config

    config = validate_config(project.config, Problems())
    checklist = {item.id: item.name for item in config.checklist} if config else {}
    shown = _Shown(project.files, checklist)
    reports = [s for s in project.files if s.kind == "report" and isinstance(s.root, Map)]
    unpublished: dict[str, int] = {}
    for source in reports:
        state = unpublished_state(source, day)
        if state is not None:
            unpublished[state] = unpublished.get(state, 0) + 1
    if published_only:
        reports = [s for s in reports if unpublished_state(s, day) is None]
    tables = {}
    for kind in sheets(config):  # each sheet's rows as its kind says (`SheetKind.rows`), as the import reads them
        if kind.rows == "visits":
            tables[kind] = _visit_rows(kind, [s for s in reports if _is_visit(s)], shown)
        elif kind.rows == "rectifications":
            tables[kind] = _rect_rows(kind, reports, shown)
        elif kind.rows == "results":
            tables[kind] = _survey_rows(kind, [s for s in project.files if s.kind == kind.kind and isinstance(s.root, Map)],
                                        shown)
        else:
            files = [s for s in project.files if s.kind == kind.kind and isinstance(s.root, Map)]
            tables[kind] = _roster_rows(kind, files, shown)
    _save(out, tables, tuple(checklist.values()))
    return Exported({kind.names[0]: len(rows) for kind, rows in tables.items()}, unpublished, published_only)


def write_template(out: Path, checklist: tuple[str, ...] = tuple(name for _, name in DEFAULT_CHECKLIST)) -> None:
    """The blank workbook; `checklist`: the names of the office's 督导事项, offered in a list
    (the default checklist's, which a new site_config.yml keeps)."""
    _save(out, {kind: [] for kind in sheets(None)}, checklist, examples=True)


# Rows a list of choices is offered in: far more than a district's schools or a month's visits.
CHOICE_ROWS = 5000


def _choices(column: Column, checklist: tuple[str, ...]) -> tuple[str, ...]:
    if column.labels:
        return tuple(choices(column.labels))
    if column.ref == "checklist":
        return checklist
    return ()


def _save(out: Path, tables: dict[SheetKind, list[list[str]]], checklist: tuple[str, ...] = (),
          examples: bool = False) -> None:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from .fieldnotes import describe

    book = openpyxl.Workbook()
    book.remove(book.active)
    for kind, rows in tables.items():
        sheet = book.create_sheet(kind.names[0])
        sheet.append([column.header for column in kind.columns])
        for cell, column in zip(sheet[1], kind.columns):
            cell.font = Font(bold=True)
            note = describe(kind.kind, column.field.split(".")[0]) if kind.kind in KINDS else ""
            if note and note != column.header:  # what the column holds, shown when the header is pointed at
                cell.comment = Comment(note, "dudao", width=300, height=120)
        for number, column in enumerate(kind.columns, start=1):
            offered = _choices(column, checklist)
            # A list Excel offers in the cells below (its text at most 255 characters long).
            if offered and len(",".join(offered)) <= 255 and not any("," in value or '"' in value for value in offered):
                letter = get_column_letter(number)
                valid = DataValidation(type="list", formula1='"' + ",".join(offered) + '"', allow_blank=True,
                                       showErrorMessage=True, errorStyle="warning", errorTitle=column.header,
                                       error="请从列表中选择：" + "、".join(offered))
                valid.add(f"{letter}2:{letter}{CHOICE_ROWS}")
                sheet.add_data_validation(valid)
        for number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                if value:
                    cell = sheet.cell(row=number, column=column, value=value)
                    # Text, even where it starts with "=": Excel shows it and never runs it.
                    cell.data_type = "s"
        for number, column in enumerate(kind.columns, start=1):
            letter = get_column_letter(number)
            sheet.column_dimensions[letter].width = max(10, min(40, 2 * len(column.header) + 4))
            # Every column is text, also in the rows still to be typed: Excel keeps the leading 0
            # of a phone number (0512-…), a code's digits and an id as they are written.
            sheet.column_dimensions[letter].number_format = "@"
            for cell in sheet[letter]:
                cell.number_format = "@"
        sheet.freeze_panes = "A2"
    if examples:
        _examples(book.create_sheet(EXAMPLES_SHEET), checklist, tuple(tables))
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)


def _examples(sheet, checklist: tuple[str, ...], kinds) -> None:
    """One filled row for each sheet, under that sheet's headers: what a clerk types where.
    `dudao import` passes this sheet over."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append(["以下是各工作表的填写示例（本表不会导入）。请在对应的工作表中填写，每条记录一行；"
                  "引用其他记录时写名称即可（如责任督学写姓名）。"])
    sheet["A1"].font = Font(bold=True)
    for kind in kinds:
        values = dict(kind.example)
        sheet.append([])
        sheet.append([f"「{kind.names[0]}」工作表"])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.append([column.header for column in kind.columns])
        sheet.append([values.get(column.header, "").replace(CHECKLIST_ITEM, checklist[0] if checklist else "")
                      for column in kind.columns])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"
            cell.number_format = "@"
    for number in range(1, sheet.max_column + 1):  # text, as on the other sheets
        sheet.column_dimensions[get_column_letter(number)].width = 16
        sheet.column_dimensions[get_column_letter(number)].number_format = "@"
