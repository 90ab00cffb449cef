"""Reading an office's spreadsheet: .xlsx workbooks and .csv files, as located text cells.

Each cell keeps its place (`名册.xlsx!学校!C14`) for diagnostics. Values become the text a
record file would hold: dates as 2026-03-01, whole numbers without a decimal point. Input is
bounded like record files: a size limit before reading, limits on rows, cells and a cell's
length, and a workbook is looked over before it is read (`xlsxscan`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from . import xlsxscan
from ..model.diagnostics import Pos, Problems
from ..sources.loading import MAX_FILE_MB

MAX_ROWS = 100_000
MAX_COLUMNS = 200


@dataclass(frozen=True)
class Cell:
    text: str
    pos: Pos


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict[int, Cell]  # column (1-based) → cell, empty cells left out
    pos: Pos


@dataclass(frozen=True)
class Sheet:
    name: str  # the workbook's sheet name; for a CSV file, its file name
    header: dict[int, Cell]
    rows: tuple[Row, ...]


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_pos(label: str, sheet: str | None, row: int, column: int) -> Pos:
    where = f"{label}!{sheet}" if sheet is not None else label
    return Pos(f"{where}!{column_letter(column)}{row}")


def as_text(value) -> str:
    """A cell's value as the text a clerk would type in a record file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def _table(values, label: str, sheet: str | None, problems: Problems) -> Sheet | None:
    """The header (the first row with anything in it) and the rows below it."""
    header: dict[int, Cell] = {}
    rows: list[Row] = []
    for number, row in enumerate(values, start=1):
        if number > MAX_ROWS:
            problems.add(cell_pos(label, sheet, number, 1), "import.too-many-rows", limit=MAX_ROWS)
            return None
        if len(row) > xlsxscan.MAX_CELLS_PER_ROW:
            problems.add(cell_pos(label, sheet, number, 1), "import.too-many-cells",
                         limit=f"{xlsxscan.MAX_CELLS_PER_ROW:,}")
            return None
        cells = {}
        for column, value in enumerate(row[:MAX_COLUMNS], start=1):
            text = as_text(value)
            if len(text) > xlsxscan.MAX_CELL_CHARS:
                problems.add(cell_pos(label, sheet, number, column), "import.cell-too-long",
                             limit=f"{xlsxscan.MAX_CELL_CHARS:,}")
                return None
            if text.strip():
                cells[column] = Cell(text, cell_pos(label, sheet, number, column))
        if not cells:
            continue
        if not header:
            header = cells
            continue
        rows.append(Row(number, cells, cell_pos(label, sheet, number, min(cells))))
    name = sheet if sheet is not None else Path(label).stem
    return Sheet(name, header, tuple(rows))


def read(path: Path, label: str, problems: Problems) -> list[Sheet]:
    """Every sheet of `path` (one for a CSV file); problems are reported at `label`."""
    try:
        size = path.stat().st_size
    except OSError as err:
        problems.add(Pos(label), "import.unreadable", reason=err.strerror or str(err))
        return []
    if size > MAX_FILE_MB * 1024 * 1024:
        problems.add(Pos(label), "file.too-large", size=f"{size / 1024 / 1024:.1f}", limit=MAX_FILE_MB)
        return []
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, label, problems)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, label, problems)
    problems.add(Pos(label), "import.format", suffix=path.suffix or "(none)")
    return []


def _read_csv(path: Path, label: str, problems: Problems) -> list[Sheet]:
    data = path.read_bytes()
    # Excel saves "CSV UTF-8" with a BOM and plain "CSV" in the system's code page: GB 18030
    # (a superset of GBK) on a Chinese Windows.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        problems.add(Pos(label), "import.encoding")
        return []
    try:  # row by row: a row of a million commas is refused as it comes, not held first
        table = _table(csv.reader(io.StringIO(text, newline="")), label, None, problems)
    except csv.Error as err:
        problems.add(Pos(label), "import.unreadable", reason=str(err))
        return []
    return [table] if table is not None else []


def _read_xlsx(path: Path, label: str, problems: Problems) -> list[Sheet]:
    import openpyxl

    try:
        scanned = xlsxscan.scan(path)
    except xlsxscan.Refused as refused:
        if refused.sheet is not None:
            pos = cell_pos(label, refused.sheet, refused.row, refused.column or 1)
        else:
            pos = Pos(f"{label}!{refused.part}" if refused.part else label)
        problems.add(pos, refused.code, **refused.fields)
        return []
    sheets = []
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for worksheet in book.worksheets:
                table = _table(worksheet.iter_rows(values_only=True), label, worksheet.title, problems)
                if table is not None:
                    sheets.append(table)
        finally:
            book.close()
    except Exception as err:  # noqa: BLE001 - whatever openpyxl makes of a damaged file is said, located
        problems.add(Pos(label), "import.unreadable", reason=f"{type(err).__name__}: {err}")
        return []
    # A formula's value as Excel last computed it is what the cell shows, and what was read; a
    # formula without one was read as an empty cell, which would remove the field.
    for (sheet, row, column), computed in sorted(scanned.formulas.items()):
        pos = cell_pos(label, sheet, row, column)
        problems.add(pos, "import.formula-value" if computed else "import.formula")
    return sheets
