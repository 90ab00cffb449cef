"""A workbook (.xlsx) looked over before openpyxl reads it, so that no file makes an import
run without bound, or read a value that is not there.

An .xlsx file is a zip of XML parts. Its size on disk says little: a 1 MB file may unpack to
a gigabyte, or hold a row of 16,384 cells that openpyxl builds whole before it hands the row
over. So the archive's parts are bounded by their unpacked size (as the zip declares it,
which is also the most Python's zipfile will give), and every XML part is read once, as a
stream, by expat: a part that declares a DTD or entities (which no spreadsheet program
writes) is refused, and so is a part that is not well formed; the worksheets' rows are
counted, with their cells, and each cell's text is measured, as it streams by, stopping at
the first limit passed. Cells that hold a formula are noted, with whether the file keeps the
value last computed for them: a workbook written by a program, not saved by Excel, keeps
none, and openpyxl then reads the cell as empty, which an import would take as "remove this
field".
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.exceptions import CellCoordinatesException

MAX_UNPACKED_MB = 100
MAX_PARTS = 10_000
# No office's workbook has more: a visit log of a city's year is some 40,000 rows of 16 cells.
MAX_CELLS = 1_000_000
MAX_CELLS_PER_ROW = 1_000
# Excel's own limit for one cell.
MAX_CELL_CHARS = 32_767
# Any other text of a part (a property, a name): far more than a workbook ever holds there.
MAX_OTHER_TEXT = 1_000_000
CHUNK = 1 << 16


class Refused(Exception):
    """The workbook is refused: a diagnostic's code and fields, and where: the whole file, a
    part of it (`part`), or a sheet's row and cell (`sheet`, `row`, `column`)."""

    def __init__(self, code: str, part: str | None = None, sheet: str | None = None, row: int = 0,
                 column: int = 0, **fields):
        super().__init__(code)
        self.code, self.part, self.sheet, self.row, self.column, self.fields = code, part, sheet, row, column, fields


@dataclass
class Scan:
    # (sheet, row, column) → whether the file keeps a value computed for the formula there
    formulas: dict[tuple[str, int, int], bool] = field(default_factory=dict)


def _split_ref(ref: str) -> tuple[int, int] | None:
    """`B12` → (12, 2); None for anything else (a cell without its reference)."""
    try:
        letters, row = coordinate_from_string(ref)
        return row, column_index_from_string(letters)
    except (CellCoordinatesException, ValueError, TypeError):
        return None


def scan(path: Path) -> Scan:
    """Look `path` over; raise `Refused` at the first thing wrong with it."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise Refused("import.unreadable", reason=str(err) or type(err).__name__) from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise Refused("import.unpacked-too-large", what=f"{len(parts):,} 个部件",
                          what_en=f"{len(parts):,} parts", limit=f"{MAX_PARTS:,} 个部件", limit_en=f"{MAX_PARTS:,} parts")
        unpacked = sum(part.file_size for part in parts)
        if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
            size = f"{unpacked / 1024 / 1024:,.0f} MB"
            raise Refused("import.unpacked-too-large", what=size, what_en=size,
                          limit=f"{MAX_UNPACKED_MB} MB", limit_en=f"{MAX_UNPACKED_MB} MB")
        names = {part.filename for part in parts}
        # The XML parts (the legacy drawings of comments, `.vml`, are not always well formed
        # as Excel writes them, and nothing reads them).
        xml_parts = sorted(name for name in names if name.endswith((".xml", ".rels")))
        reader = _Reader(archive)
        sheets = _sheet_parts(reader, names)
        shared = _shared_strings(reader, names)
        result = Scan()
        for part, sheet in sheets.items():
            _Sheet(reader, part, sheet, shared, result).read()
        for part in xml_parts:
            if part not in reader.read_parts:
                reader.parse(part, _Text(reader, part))
        return result


class _Reader:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.read_parts: set[str] = set()

    def refuse_part(self, part: str, reason: str) -> Refused:
        return Refused("import.unreadable", part=part, reason=reason)

    def parse(self, part: str, handler) -> None:
        """Stream `part` through expat with `handler`'s methods; no DTD, no entities."""
        self.read_parts.add(part)
        parser = expat.ParserCreate()
        parser.buffer_text = False

        def forbidden(*_):
            raise self.refuse_part(part, "文件中有 DTD 或实体声明，不是电子表格软件保存的工作簿 "
                                         "(a DTD or an entity declaration: not a workbook a spreadsheet program saved)")

        parser.StartDoctypeDeclHandler = forbidden
        parser.EntityDeclHandler = forbidden
        parser.ExternalEntityRefHandler = forbidden
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = handler.start
        parser.EndElementHandler = handler.end
        parser.CharacterDataHandler = handler.text
        try:
            with self.archive.open(part) as stream:
                while True:
                    chunk = stream.read(CHUNK)
                    if not chunk:
                        break
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except expat.ExpatError as err:
            raise self.refuse_part(part, f"XML 有误 (not well-formed XML): {err}") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as err:
            raise self.refuse_part(part, str(err) or type(err).__name__) from None


def _local(name: str) -> str:
    return name.rpartition(":")[2]


class _Text:
    """Any part: only its text runs are bounded."""

    def __init__(self, reader: _Reader, part: str):
        self.reader, self.part, self.run = reader, part, 0

    def start(self, name, attrs):
        self.run = 0

    def end(self, name):
        self.run = 0

    def text(self, data):
        self.run += len(data)
        if self.run > MAX_OTHER_TEXT:
            raise self.reader.refuse_part(self.part, f"文字过长（超过 {MAX_OTHER_TEXT:,} 个字符）"
                                                     f"(a text over {MAX_OTHER_TEXT:,} characters)")


class _Attributes(_Text):
    """A small part whose elements' attributes are wanted (relationships, the sheets' names)."""

    def __init__(self, reader: _Reader, part: str, wanted: str):
        super().__init__(reader, part)
        self.wanted, self.found = wanted, []

    def start(self, name, attrs):
        super().start(name, attrs)
        if _local(name) == self.wanted:
            self.found.append({_local(key): value for key, value in attrs.items()})


def _relations(reader: _Reader, names: set[str], part: str) -> dict[str, str]:
    """Relationship id → the part it names, for `part` (from its `_rels/….rels`)."""
    folder, base = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    if rels not in names:
        return {}
    found = _Attributes(reader, rels, "Relationship")
    reader.parse(rels, found)
    targets = {}
    for relation in found.found:
        target = relation.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        targets[relation.get("Id", "")] = target
    return targets


def _sheet_parts(reader: _Reader, names: set[str]) -> dict[str, str]:
    """Worksheet part → the sheet's name, as the workbook lists them."""
    workbook = next((target for target in _relations(reader, names, "").values()
                     if target.endswith("workbook.xml")), "xl/workbook.xml")
    if workbook not in names:
        return {}
    targets = _relations(reader, names, workbook)
    listed = _Attributes(reader, workbook, "sheet")
    reader.parse(workbook, listed)
    return {targets[sheet["id"]]: sheet.get("name", "") for sheet in listed.found
            if targets.get(sheet.get("id", "")) in names}


class _Shared(_Text):
    """The shared strings: which are longer than a cell may be (by their index)."""

    def __init__(self, reader: _Reader, part: str):
        super().__init__(reader, part)
        self.index, self.length, self.too_long = -1, 0, set()

    def start(self, name, attrs):
        if _local(name) == "si":
            self.index += 1
            self.length = 0

    def end(self, name):
        pass

    def text(self, data):
        self.length += len(data)
        if self.length > MAX_CELL_CHARS:
            self.too_long.add(self.index)


def _shared_strings(reader: _Reader, names: set[str]) -> set[int]:
    part = next((name for name in sorted(names) if name.endswith("sharedStrings.xml")), None)
    if part is None:
        return set()
    shared = _Shared(reader, part)
    reader.parse(part, shared)
    return shared.too_long


class _Sheet:
    """One worksheet's rows and cells, counted and measured as they stream by."""

    def __init__(self, reader: _Reader, part: str, sheet: str, too_long: set[int], scan_result: Scan):
        self.reader, self.part, self.sheet, self.too_long, self.result = reader, part, sheet, too_long, scan_result
        self.row = self.column = self.in_row = self.cells = 0
        self.in_cell = self.in_value = self.has_formula = False
        self.value: list[str] = []
        self.chars = 0
        self.kind = None

    def read(self) -> None:
        self.reader.parse(self.part, self)

    def start(self, name, attrs):
        name = _local(name)
        if name == "row":
            ref = attrs.get("r", "")
            self.row = int(ref) if ref.isdigit() else self.row + 1
            self.column = self.in_row = 0
        elif name == "c":
            self.in_row += 1
            self.cells += 1
            if self.in_row > MAX_CELLS_PER_ROW:
                raise Refused("import.too-many-cells", sheet=self.sheet, row=self.row, limit=f"{MAX_CELLS_PER_ROW:,}")
            if self.cells > MAX_CELLS:
                raise Refused("import.too-many-cells-in-all", sheet=self.sheet, row=self.row, limit=f"{MAX_CELLS:,}")
            place = _split_ref(attrs.get("r", ""))
            if place is not None:
                self.row, self.column = place
            else:
                self.column += 1
            self.in_cell, self.has_formula, self.chars, self.kind = True, False, 0, attrs.get("t")
            self.value = []
        elif name == "f" and self.in_cell:
            self.has_formula = True
        elif name == "v" and self.in_cell:
            self.in_value = True

    def end(self, name):
        name = _local(name)
        if name == "v":
            self.in_value = False
        elif name == "c" and self.in_cell:
            self.in_cell = False
            value = "".join(self.value).strip()
            if self.kind == "s" and value.isdigit() and int(value) in self.too_long:
                raise self._too_long()
            if self.has_formula:
                self.result.formulas[(self.sheet, self.row, self.column)] = bool(value) and self.kind != "e"

    def text(self, data):
        if not self.in_cell:
            return
        self.chars += len(data)
        if self.chars > MAX_CELL_CHARS:
            raise self._too_long()
        if self.in_value:
            self.value.append(data)

    def _too_long(self) -> Refused:
        return Refused("import.cell-too-long", sheet=self.sheet, row=self.row, column=self.column,
                       limit=f"{MAX_CELL_CHARS:,}")
