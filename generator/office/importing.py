"""`dudao import`: records from an office's workbook, checked like record files, then written.

Phases: read the sheets (located cells) → match headers to columns → turn rows into record
trees whose every value keeps its cell → merge them into the project's records → check the
merged project with the same validation and linking as `dudao check` → only if nothing is
wrong, write the files that change. Existing files keep their comments and field order
(ruamel.yaml edits them in place), fields without a column are left alone, `private:` is
never touched unless the sheet has a `private.…` column.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path

from ..model.collation import name_id
from .columns import EXAMPLES_SHEET, KIND_OPTIONS, Column, SheetKind, choices, for_sheet, sheet_kind, sheets as sheets_of
from ..model.diagnostics import Pos, Problems
from ..sources.linking import link
from ..model.fieldtypes import ID_RE
from ..sources.loading import (LoadedProject, SourceFile, check_record_text, load_project, split_front_matter,
                      suggest_id)
from ..model.kinds import KINDS, record_class
from ..model.nodes import Map, Node, Scalar, Seq
from ..pages.planning import plan
from .sheets import column_letter, read as read_workbook
from ..sources.validation import validate, validate_config

LIST_SEPARATORS = re.compile(r"[、，,；;\n]+")


@dataclass
class Draft:
    """One record as the sheet gives it: field → node, and which fields the sheet speaks for."""

    kind: str
    id: str
    pos: Pos
    values: dict[str, Node | None] = field(default_factory=dict)  # None: the cell is empty → remove
    body: str | None = None


@dataclass(frozen=True)
class Change:
    kind: str
    id: str
    path: str  # relative to the project
    action: str  # "create" or "update"
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ImportResult:
    problems: Problems
    changes: tuple[Change, ...]
    language: str
    written: bool


# ------------------------------------------------------------------ reading rows


def _scalar(text: str, pos: Pos) -> Scalar:
    # Not plain: a cell holding "null" or "~" means those characters, not an empty value.
    return Scalar(text.strip() if "\n" not in text else text.strip("\n"), pos, False)


KIND_NAMES = {"zone": "责任区", "supervisor": "责任督学", "school": "学校", "checklist": "督导事项"}


class _Names:
    """Names and ids of the records a reference may name, from the project and the sheets."""

    def __init__(self):
        self.ids: dict[str, set[str]] = {}
        self.by_name: dict[str, dict[str, set[str]]] = {}

    def add(self, kind: str, record_id: str, *names: str) -> None:
        self.ids.setdefault(kind, set()).add(record_id)
        for name in names:
            if name:
                self.by_name.setdefault(kind, {}).setdefault(name.strip(), set()).add(record_id)

    def resolve(self, kind: str, text: str, pos: Pos, problems: Problems) -> str:
        """The id a cell names: an id as written, or the one record of that name."""
        text = text.strip()
        if text in self.ids.get(kind, ()):
            return text
        found = self.by_name.get(kind, {}).get(text, set())
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            problems.add(pos, "import.ambiguous-name", name=text, ids="、".join(sorted(found)))
        else:
            known = sorted(self.by_name.get(kind, {}))
            close = get_close_matches(text, known, n=1)
            problems.add(pos, "import.unknown-name", name=text, what=KIND_NAMES.get(kind, kind),
                         suggestion=close[0] if close else "")
        return text  # reported here; later checks of this cell are not repeated


def _existing_names(project: LoadedProject, names: _Names, checklist) -> None:
    for source in project.files:
        root = source.root
        written = []
        if isinstance(root, Map):
            for key in ("name", "title"):
                node = root.get(key)
                if isinstance(node, Scalar):
                    written.append(node.text)
            aliases = root.get("aliases")
            if isinstance(aliases, Seq):
                written += [item.text for item in aliases.items if isinstance(item, Scalar)]
        names.add(source.kind, source.id, *written)
    for item in checklist:
        names.add("checklist", item.id, item.name)


def _match_headers(sheet, kind: SheetKind, label: str, problems: Problems) -> dict[int, Column | str]:
    """Column number → its column (or `private.KEY`); unknown headers are reported."""
    known: dict[str, Column] = {}
    for column in kind.columns:
        for header in column.headers():
            known.setdefault(header.strip().lower(), column)
    matched: dict[int, Column | str] = {}
    seen: dict[str, Pos] = {}
    for number, cell in sorted(sheet.header.items()):
        header = cell.text.strip()
        key = header.lower()
        if key.startswith("private.") and len(key) > len("private."):
            target: Column | str = header
            name = header
        elif key in known:
            target = known[key]
            name = f"{target.field}#{target.part}"
        else:
            close = get_close_matches(header, [c.header for c in kind.columns], n=1)
            problems.add(cell.pos, "import.unknown-column", header=header, suggestion=close[0] if close else "",
                         sheet=sheet.name)
            continue
        if name in seen:
            problems.add(cell.pos, "import.duplicate-column", header=header, related=seen[name])
            continue
        seen[name] = cell.pos
        matched[number] = target
    return matched


def _cell_value(column: Column, text: str, pos: Pos, names: _Names, problems: Problems) -> Node:
    if column.labels:
        labels = choices(column.labels)
        text = labels.get(text.strip(), text.strip())
        if text not in labels.values():
            problems.add(pos, "import.choice", header=column.header, value=text, choices="、".join(labels))
    if column.many:
        items = [part.strip() for part in LIST_SEPARATORS.split(text) if part.strip()]
        if column.ref:
            items = [names.resolve(column.ref, item, pos, problems) for item in items]
        return Seq(tuple(_scalar(item, pos) for item in items), pos)
    if column.ref:
        text = names.resolve(column.ref, text, pos, problems)
    return _scalar(text, pos)


def _row_values(row, matched, names: _Names, problems: Problems) -> dict[str, Node | None]:
    """Field path → node for every matched column of `row` (None where the cell is empty)."""
    values: dict[str, Node | None] = {}
    parts: dict[str, list] = {}
    for number, column in matched.items():
        cell = row.cells.get(number)
        if isinstance(column, str):  # private.KEY
            values[column] = _scalar(cell.text, cell.pos) if cell else None
            continue
        node = _cell_value(column, cell.text, cell.pos, names, problems) if cell else None
        if column.part is not None:
            parts.setdefault(column.field, [None, None])[column.part] = node
            continue
        values[column.field] = node
    for path, (first, rest) in parts.items():
        items = (first.items if isinstance(first, Seq) else ()) + (rest.items if isinstance(rest, Seq) else ())
        if first is not None and isinstance(first, Seq) and len(first.items) > 1 and rest is None:
            items = first.items
        anchor = first or rest
        values[path] = Seq(items, anchor.pos) if anchor is not None else None
    return values


def _new_id(kind: str, name: str, taken: set[str]) -> str:
    base = name_id(name, person=kind == "supervisor")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# ------------------------------------------------------------------ rows → drafts


def _roster_ids(sheet, kind: SheetKind, matched, names: _Names, taken: set[str], problems: Problems):
    """The record each row is, by id or name; new ones get their id, and their names become
    known before any sheet's references are resolved (a zone may name a supervisor the same
    workbook adds)."""
    fields = {c.field for c in matched.values() if isinstance(c, Column)}
    if "id" not in fields and "name" not in fields:
        problems.add(sheet.rows[0].pos if sheet.rows else Pos(sheet.name), "import.no-id-column", sheet=sheet.name,
                     id_header="编号", name_header=kind.columns[1].header)
        return []
    pending = []
    for row in sheet.rows:
        id_node = next((row.cells.get(n) for n, c in matched.items() if isinstance(c, Column) and c.field == "id"),
                       None)
        name_cell = next((row.cells.get(n) for n, c in matched.items()
                          if isinstance(c, Column) and c.field == "name"), None)
        if id_node is not None:
            record_id = id_node.text.strip()
            if not ID_RE.match(record_id):
                problems.add(id_node.pos, "import.invalid-id", name=record_id, example=suggest_id(record_id))
                continue
        elif name_cell is not None:
            existing = names.by_name.get(kind.kind, {}).get(name_cell.text.strip(), set())
            if len(existing) == 1:
                record_id = next(iter(existing))
            elif len(existing) > 1:
                problems.add(name_cell.pos, "import.ambiguous-name", name=name_cell.text.strip(),
                             ids="、".join(sorted(existing)))
                continue
            else:
                record_id = _new_id(kind.kind, name_cell.text.strip(), taken)
        else:
            name_column = next(n for n, c in matched.items() if isinstance(c, Column) and c.field == "name")
            where = row.pos.path.rsplit("!", 1)[0]
            problems.add(Pos(f"{where}!{column_letter(name_column)}{row.number}"), "import.row-without-name",
                         header=kind.columns[1].header)
            continue
        taken.add(record_id)
        names.add(kind.kind, record_id, name_cell.text if name_cell else "")
        pending.append((row, record_id))
    return pending


def _complaint_ids(sheet, matched, names: _Names, problems: Problems):
    """A month's record of complaints: its 编号, else the month and its school's or zone's id
    (the district's: the month alone), as `dudao new complaints` names it."""
    pending = []
    for row in sheet.rows:
        values = _row_values(row, matched, names, Problems())  # its problems are reported with its draft
        given, month = values.get("id"), values.get("month")
        if isinstance(given, Scalar) and given.text.strip():
            record_id = given.text.strip()
            if not ID_RE.match(record_id):
                problems.add(given.pos, "import.invalid-id", name=record_id, example=suggest_id(record_id))
                continue
        elif isinstance(month, Scalar) and re.fullmatch(r"\d{4}-\d{2}", month.text.strip()):
            scope = next((v.text.strip() for v in (values.get("school"), values.get("zone"))
                          if isinstance(v, Scalar) and ID_RE.match(v.text.strip())), "")
            record_id = f"{month.text.strip()}-{scope}" if scope else month.text.strip()
        else:
            problems.add(row.pos, "import.rect-incomplete", report="月份", id="编号")
            continue
        pending.append((row, record_id))
    return pending


def _roster_drafts(kind: SheetKind, matched, pending, names: _Names, problems: Problems) -> list[Draft]:
    drafts: list[Draft] = []
    seen: dict[str, Pos] = {}
    for row, record_id in pending:
        if record_id in seen:
            problems.add(row.pos, "import.duplicate-row", id=record_id, related=seen[record_id])
            continue
        seen[record_id] = row.pos
        values = _row_values(row, matched, names, problems)
        values.pop("id", None)
        drafts.append(Draft(kind.kind, record_id, row.pos, values))
    return drafts


def _visit_drafts(sheet, matched, names: _Names, existing_ids: set[str], problems: Problems):
    """Rows of a visit sheet grouped into reports: by 报告编号, else by date, school and supervisor."""
    groups: dict[str, list] = {}
    order: list[str] = []
    for row in sheet.rows:
        values = _row_values(row, matched, names, problems)
        record_id = values.get("id")
        if isinstance(record_id, Scalar) and record_id.text:
            key = record_id.text
            if not ID_RE.match(key):
                problems.add(record_id.pos, "import.invalid-id", name=key, example=suggest_id(key))
                continue
        else:
            school, visited = values.get("schools"), values.get("visited")
            if not isinstance(school, Seq) or not school.items or not isinstance(visited, Scalar):
                problems.add(row.pos, "import.visit-incomplete", date="督导日期", school="学校")
                continue
            month = visited.text[:7]
            key = f"{school.items[0].text}-{month}" if re.fullmatch(r"\d{4}-\d{2}", month) else \
                f"{school.items[0].text}-{visited.text}"
        if key not in groups:
            order.append(key)
        groups.setdefault(key, []).append((row, values))
    drafts = []
    for key in order:
        rows = groups[key]
        first_row = rows[0][0]
        values: dict[str, Node | None] = {}
        for path in ("visited", "schools", "supervisors", "title", "published"):
            if any(path in v for _, v in rows):  # the sheet has the column: its first filled cell
                values[path] = next((v[path] for _, v in rows if v.get(path) is not None), None)
        findings, rects = [], []
        items_seen: dict[str, Map] = {}
        for row, row_values in rows:
            item = row_values.get("findings.item")
            entries = [(Scalar(name.split(".")[1], row.pos, True), row_values[name])
                       for name in ("findings.item", "findings.highlights", "findings.problems",
                                    "findings.suggestions") if row_values.get(name) is not None]
            if isinstance(item, Scalar) and item.text not in items_seen:
                finding = Map(tuple(entries), row.pos)
                items_seen[item.text] = finding
                findings.append(finding)
            has_rect = any(row_values.get(f"rectifications.{name}") is not None
                           for name in ("id", "issue", "requirement", "deadline"))
            if has_rect:
                rect_entries = []
                for name in ("id", "issue", "requirement", "deadline", "status", "closed", "note"):
                    node = row_values.get(f"rectifications.{name}")
                    if name == "id" and node is None:
                        node = Scalar(f"r{len(rects) + 1}", row.pos, True)
                    if name == "issue" and node is None:
                        node = row_values.get("findings.problems")
                    if node is not None:
                        rect_entries.append((Scalar(name, row.pos, True), node))
                if isinstance(item, Scalar):
                    rect_entries.insert(1, (Scalar("item", row.pos, True), item))
                rects.append(Map(tuple(rect_entries), row.pos))
        if any(name.startswith("findings.") for name in matched_fields(matched)):
            values["findings"] = Seq(tuple(findings), first_row.pos) if findings else None
        if any(name.startswith("rectifications.") for name in matched_fields(matched)):
            values["rectifications"] = Seq(tuple(rects), first_row.pos) if rects else None
        draft = Draft("report", key, first_row.pos, values)
        if key not in existing_ids:
            _complete_new_report(draft, names)
        else:
            # What the import fills in for a new report (a title, the visit's date …) is kept
            # when the sheet leaves it empty: a visit sheet imported twice changes nothing.
            for path in ("visited", "schools", "supervisors", "title", "published"):
                if values.get(path) is None:
                    values.pop(path, None)
        drafts.append(draft)
    return drafts


RECT_FIELDS = ("id", "school", "item", "issue", "requirement", "deadline", "status", "closed", "note", "followup")


def _apply_rectifications(sheet, matched, names: _Names, existing, drafts: list[Draft], problems: Problems):
    """Rows of the rectifications sheet set the fields of a report's rectifications, found by
    报告编号 and 整改编号 (a new 整改编号 adds one). Where the visit sheet of the same workbook
    gives the same field another value, that is an error: the clerk decides which is right."""
    fields = matched_fields(matched)
    by_id = {draft.id: draft for draft in drafts if draft.kind == "report"}
    seen: dict[tuple[str, str], Pos] = {}
    for row in sheet.rows:
        values = _row_values(row, matched, names, problems)
        report, rect_id = values.get("report"), values.get("id")
        if not isinstance(report, Scalar) or not isinstance(rect_id, Scalar):
            problems.add(row.pos, "import.rect-incomplete", report="报告编号", id="整改编号")
            continue
        source = existing.get(("report", report.text))
        draft = by_id.get(report.text)
        if source is None and draft is None:
            problems.add(report.pos, "import.unknown-name", name=report.text, what="督导报告", suggestion="")
            continue
        key = (report.text, rect_id.text)
        if key in seen:
            problems.add(row.pos, "import.duplicate-row", id=f"{report.text} {rect_id.text}", related=seen[key])
            continue
        seen[key] = row.pos
        if draft is None:
            draft = Draft("report", report.text, row.pos, {})
            drafts.append(draft)
            by_id[report.text] = draft
        current = draft.values.get("rectifications") if "rectifications" in draft.values else (
            source.root.get("rectifications") if source is not None and isinstance(source.root, Map) else None)
        rects = list(current.items) if isinstance(current, Seq) else []
        index = next((i for i, rect in enumerate(rects) if isinstance(rect, Map)
                      and _plain(rect.get("id")) == rect_id.text), None)
        entries = {k.text: (k, v) for k, v in rects[index].entries} if index is not None else {}
        from_visit = "rectifications" in draft.values and index is not None
        base = _file_rect(source, rect_id.text)
        for name in RECT_FIELDS:
            if name not in fields:
                continue
            node = values.get(name)
            old = entries.get(name, (None, None))[1]
            if from_visit and _plain(old) != _plain(node):
                # Both sheets speak for this field: the one that changed it wins; both changed
                # it differently is for the clerk to settle.
                unchanged = _plain(base.get(name)) if base is not None else None
                if _plain(node) == unchanged:
                    continue  # the visit sheet changed it
                if _plain(old) != unchanged:
                    problems.add(node.pos if node is not None else row.pos, "import.conflict",
                                 related=old.pos if old is not None else None, field=name)
                    continue
            if node is None:
                entries.pop(name, None)
            else:
                entries[name] = (Scalar(name, node.pos, True), node)
        rect = Map(tuple(entries.values()), row.pos)
        if index is None:
            rects.append(rect)
        else:
            rects[index] = rect
        draft.values["rectifications"] = Seq(tuple(rects), row.pos)
    return drafts


def _survey_results(sheet, matched, names: _Names, existing, problems: Problems) -> list[Draft]:
    """Rows of the survey results sheet become the `results` of the surveys they name (which
    must exist: `dudao new survey` writes their questions and options): a row per question of
    a school's, a zone's or (neither) the district's result, the rows of a survey replacing
    its results."""
    by_survey: dict[str, list] = {}
    for row in sheet.rows:
        values = _row_values(row, matched, names, problems)
        survey = values.get("survey")
        if not isinstance(survey, Scalar) or not isinstance(values.get("question"), Scalar):
            problems.add(row.pos, "import.rect-incomplete", report="测评编号", id="题目编号")
            continue
        if ("survey", survey.text) not in existing:
            problems.add(survey.pos, "import.unknown-name", name=survey.text, what="满意度测评", suggestion="")
            continue
        by_survey.setdefault(survey.text, []).append((row, values))
    drafts = []
    for survey_id, rows in by_survey.items():
        results: dict[tuple, tuple[dict, list]] = {}
        for row, values in rows:
            scope = (_plain(values.get("school")), _plain(values.get("zone")))
            fields = {name: values.get(name) for name in ("school", "zone", "answered")}
            known, answers = results.setdefault(scope, (fields, []))
            if _plain(known["answered"]) != _plain(fields["answered"]):
                problems.add(fields["answered"].pos if fields["answered"] is not None else row.pos, "import.conflict",
                             related=known["answered"].pos if known["answered"] is not None else None, field="answered")
            answers.append(Map(tuple((Scalar(name, row.pos, True), values[name]) for name in ("question", "counts")
                                     if values.get(name) is not None), row.pos))
        items = []
        for fields, answers in results.values():
            anchor = answers[0].pos
            entries = [(Scalar(name, anchor, True), node) for name, node in fields.items() if node is not None]
            entries.append((Scalar("answers", anchor, True), Seq(tuple(answers), anchor)))
            items.append(Map(tuple(entries), anchor))
        drafts.append(Draft("survey", survey_id, rows[0][0].pos, {"results": Seq(tuple(items), rows[0][0].pos)}))
    return drafts


def _file_rect(source: SourceFile | None, rect_id: str) -> Map | None:
    """The rectification as the report's file has it now."""
    rects = source.root.get("rectifications") if source is not None and isinstance(source.root, Map) else None
    for rect in rects.items if isinstance(rects, Seq) else ():
        if isinstance(rect, Map) and _plain(rect.get("id")) == rect_id:
            return rect
    return None


def _keep_uncovered(before: SourceFile, rects: Seq, covered: set[str]) -> Seq:
    old = before.root.get("rectifications") if isinstance(before.root, Map) else None
    old_by_id = {_plain(r.get("id")): r for r in old.items if isinstance(r, Map)} if isinstance(old, Seq) else {}
    kept = []
    for rect in rects.items:
        previous = old_by_id.get(_plain(rect.get("id"))) if isinstance(rect, Map) else None
        if previous is None:
            kept.append(rect)
            continue
        entries = dict((k.text, (k, v)) for k, v in rect.entries)
        for key, value in previous.entries:
            if key.text not in covered and key.text not in entries:
                entries[key.text] = (key, value)
        kept.append(Map(tuple(entries.values()), rect.pos))
    return Seq(tuple(kept), rects.pos)


def matched_fields(matched) -> set[str]:
    return {c.field if isinstance(c, Column) else c for c in matched.values()}


def _complete_new_report(draft: Draft, names: _Names) -> None:
    """What a new report from a visit sheet needs besides the sheet: kind, title, a draft state
    until a publication date is given, and a first paragraph."""
    values, pos = draft.values, draft.pos
    values.setdefault("kind", Scalar("regular", pos, True))
    visited = values.get("visited")
    school = values.get("schools")
    school_id = school.items[0].text if isinstance(school, Seq) and school.items else ""
    school_name = next((name for name, ids in names.by_name.get("school", {}).items() if ids == {school_id}),
                       school_id)
    date = visited.text if isinstance(visited, Scalar) else ""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date)
    if values.get("title") is None and match:
        values["title"] = Scalar(f"{school_name}{int(match[1])}年{int(match[2])}月经常性督导报告", pos, False)
    if values.get("published") is None:
        values["status"] = Scalar("draft", pos, True)
        values.pop("published", None)
    if match:
        draft.body = (f"{int(match[1])}年{int(match[2])}月{int(match[3])}日，责任督学到{school_name}开展经常性督导。\n")


# ------------------------------------------------------------------ merging


def _plain(node: Node | None):
    if node is None:
        return None
    if isinstance(node, Scalar):
        return None if node.is_null else node.text.strip()
    if isinstance(node, Seq):
        return [_plain(item) for item in node.items]
    return {key.text: _plain(value) for key, value in node.entries}


def _merge(existing: Map | None, values: dict[str, Node | None], pos: Pos) -> Map:
    """The record's tree with the sheet's fields set (or removed where the cell was empty)."""
    entries: dict[str, tuple[Scalar, Node]] = {}
    if existing is not None:
        for key, value in existing.entries:
            entries[key.text] = (key, value)
    nested: dict[str, dict[str, Node | None]] = {}
    for path, node in values.items():
        head, _, rest = path.partition(".")
        if rest:  # a part of a mapping (liaison.phone, categories.fees, private.KEY): no field name has a dot
            nested.setdefault(head, {})[rest] = node
            continue
        if node is None:
            entries.pop(path, None)
        else:
            entries[path] = (Scalar(path, node.pos, True), node)
    for head, parts in nested.items():
        current = entries.get(head, (None, None))[1]
        merged = _merge(current if isinstance(current, Map) else None, parts, pos)
        if merged.entries:
            anchor = next(v.pos for _, v in merged.entries)
            entries[head] = (Scalar(head, anchor, True), Map(merged.entries, anchor))
        else:
            entries.pop(head, None)
    return Map(tuple(entries.values()), pos)


def _in_field_order(node: Map, kind: str) -> Map:
    """A new record's fields in the order the record kind declares them (title first …)."""
    from dataclasses import fields

    order = {f.name: n for n, f in enumerate(fields(record_class(kind)))}
    return Map(tuple(sorted(node.entries, key=lambda entry: order.get(entry[0].text, len(order)))), node.pos)


def _target(root: Path, kind: str, record_id: str, draft: Draft, existing: SourceFile | None) -> str:
    if existing is not None:
        return existing.path
    folder, suffix = KINDS[kind].folder, KINDS[kind].suffix
    if kind == "report":
        visited = draft.values.get("visited")
        year = visited.text[:4] if isinstance(visited, Scalar) and re.match(r"\d{4}", visited.text) else "undated"
        return f"content/{folder}/{year}/{record_id}{suffix}"
    return f"content/{folder}/{record_id}{suffix}"


# ------------------------------------------------------------------ the import


def run_import(root: Path, file: Path, kind_option: str | None, dry_run: bool) -> ImportResult:
    problems = Problems()
    project = load_project(root, problems)
    config = validate_config(project.config, Problems())
    language = config.language if config else "zh-Hans"
    checklist = config.checklist if config else ()
    label = file.name
    sheets = read_workbook(file, label, problems)
    names = _Names()
    _existing_names(project, names, checklist)
    existing = {(s.kind, s.id): s for s in project.files}
    taken = {record_id for (kind, record_id) in existing}
    forced = KIND_OPTIONS.get(kind_option) if kind_option else None
    drafts: list[Draft] = []
    # Rosters first, so that a school's sheet may name supervisors the same workbook adds.
    ordered = []
    for sheet in sheets:
        if sheet.name.strip() == EXAMPLES_SHEET:  # the template's examples, for the clerk to read
            continue
        kind = for_sheet(sheet.name, config)
        if forced is not None and (kind is None or file.suffix.lower() == ".csv"):
            kind = sheet_kind(forced, config)
        if kind is None:
            problems.add(Pos(f"{label}!{sheet.name}"), "import.unknown-sheet", sheet=sheet.name,
                         names="、".join(s.names[0] for s in sheets_of(config)))
            continue
        if forced is not None and kind.kind != forced:
            continue
        ordered.append((sheet, kind))
    ordered.sort(key=lambda pair: [s.kind for s in sheets_of(config)].index(pair[1].kind))
    matched_by_sheet = [(sheet, kind, _match_headers(sheet, kind, label, problems)) for sheet, kind in ordered]
    rosters = {id(sheet): _roster_ids(sheet, kind, matched, names, taken, problems)
               for sheet, kind, matched in matched_by_sheet if kind.rows == "roster"}
    rosters |= {id(sheet): _complaint_ids(sheet, matched, names, problems)
                for sheet, kind, matched in matched_by_sheet if kind.rows == "counts"}
    for sheet, kind, matched in matched_by_sheet:  # each sheet's rows as its kind says (`SheetKind.rows`)
        if kind.rows == "visits":
            drafts += _visit_drafts(sheet, matched, names, {i for k, i in existing if k == "report"}, problems)
        elif kind.rows == "rectifications":
            drafts = _apply_rectifications(sheet, matched, names, existing, drafts, problems)
        elif kind.rows == "results":
            drafts += _survey_results(sheet, matched, names, existing, problems)
        else:
            drafts += _roster_drafts(kind, matched, rosters[id(sheet)], names, problems)
    # A rectification rebuilt from the sheets keeps the fields no sheet has a column for
    # (a report's `school:` of a rectification, say).
    covered = {c.field.split(".", 1)[1] for _, kind, matched in matched_by_sheet if kind.kind == "report"
               for c in matched.values() if isinstance(c, Column) and c.field.startswith("rectifications.")}
    covered |= {c.field for _, kind, matched in matched_by_sheet if kind.kind == "rectification"
                for c in matched.values() if isinstance(c, Column)}
    for draft in drafts:
        before = existing.get(("report", draft.id)) if draft.kind == "report" else None
        if before is not None and isinstance(draft.values.get("rectifications"), Seq):
            draft.values["rectifications"] = _keep_uncovered(before, draft.values["rectifications"], covered)
    # The merged project, checked as `dudao check` checks a project.
    files = {key: source for key, source in existing.items()}
    changes: list[Change] = []
    plans: list[tuple[Change, SourceFile | None, Draft, Map]] = []
    for draft in drafts:
        before = existing.get((draft.kind, draft.id))
        old_root = before.root if before is not None and isinstance(before.root, Map) else None
        if draft.kind == "report" and draft.values.get("published") is not None and old_root is not None \
                and isinstance(old_root.get("status"), Scalar) and old_root.get("status").text.strip() == "draft":
            draft.values["status"] = None  # a publication date given to a draft publishes it
        merged = _merge(old_root, draft.values, draft.pos)
        if before is None:
            merged = _in_field_order(merged, draft.kind)
        path = _target(root, draft.kind, draft.id, draft, before)
        if before is None:
            change = Change(draft.kind, draft.id, path, "create", tuple(k.text for k, _ in merged.entries))
        else:
            old, new = _plain(old_root) or {}, _plain(merged)
            changed = tuple(k for k in dict.fromkeys(list(old) + list(new)) if old.get(k) != new.get(k))
            if not changed:
                continue
            change = Change(draft.kind, draft.id, path, "update", changed)
        body = before.body if before is not None else (draft.body or "")
        files[(draft.kind, draft.id)] = SourceFile(draft.kind, draft.id, path, merged, body,
                                                   before.body_line if before is not None else 1)
        changes.append(change)
        plans.append((change, before, draft, merged))
    merged_project = replace(project, files=tuple(files.values()))
    from ..build.pipeline import build_date, build_epoch

    # Cells the import has reported already are not reported again by the checks that follow.
    reported = {d.pos for d in problems.items if d.code.startswith("import.")}
    checks = Problems()
    valid = validate(merged_project, checks)
    site = link(valid, build_date(build_epoch()), root, checks)
    if site is not None:
        plan(site, checks)
    problems.items.extend(d for d in checks.items if d.pos not in reported)
    if problems.has_errors():
        return ImportResult(problems, tuple(changes), language, False)
    outputs = _outputs(root, plans)
    # The files as they would be written, read as the loader reads record files: an import
    # never writes a file that the next check or build refuses (one too large, say).
    for (path, text), (change, _, draft, _) in zip(outputs, plans):
        own = Problems()
        check_record_text(change.kind, change.path, text, own)
        for refused in own.errors():
            problems.add(draft.pos, "import.record-refused", path=change.path,
                         detail=f"error[{refused.code}] {refused.message(language)}")
    if problems.has_errors() or dry_run:
        return ImportResult(problems, tuple(changes), language, False)
    _write(outputs)
    return ImportResult(problems, tuple(changes), language, True)


# ------------------------------------------------------------------ writing


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _python(node: Node):
    """A value for ruamel.yaml to write as tidy YAML that reads back as the same text."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(node, Seq):
        return CommentedSeq(_python(item) for item in node.items)
    if isinstance(node, Map):
        return CommentedMap((key.text, _python(value)) for key, value in node.entries)
    text = node.text
    if "\n" in text.strip("\n"):
        return LiteralScalarString(text.strip("\n") + "\n")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _apply(data, merged: Map, changed: tuple[str, ...]) -> None:
    for key in changed:
        node = merged.get(key)
        if node is None:
            data.pop(key, None)
            continue
        if isinstance(node, Map) and key in data and hasattr(data[key], "keys"):
            inner = {k.text for k, _ in node.entries}
            for name in list(data[key].keys()):
                if name not in inner:
                    del data[key][name]
            for k, v in node.entries:
                if _plain(v) != _plain_value(data[key].get(k.text)):
                    data[key][k.text] = _python(v)
            continue
        data[key] = _python(node)


def _plain_value(value):
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain_value(v) for v in value]
    if hasattr(value, "items"):
        return {k: _plain_value(v) for k, v in value.items()}
    return str(value).strip()


def _outputs(root: Path, plans) -> list[tuple[Path, str]]:
    """Each changed record file's path and its new text."""
    yaml = _yaml()
    outputs: list[tuple[Path, str]] = []
    for change, before, draft, merged in plans:
        path = root / change.path
        front_matter = KINDS[change.kind].body
        if before is None:
            data = _python(merged)
            body = draft.body or ""
        else:
            text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
            if front_matter:
                split = split_front_matter(text, change.path, Problems())
                yaml_text, _, body, _ = split  # the file was read by this run: it splits
            else:
                yaml_text, body = text, ""
            data = yaml.load(yaml_text)
            _apply(data, merged, change.fields)
        stream = io.StringIO()
        yaml.dump(data, stream)
        out = f"---\n{stream.getvalue()}---\n{body}" if front_matter else stream.getvalue()
        outputs.append((path, out))
    return outputs


def _write(outputs: list[tuple[Path, str]]) -> None:
    # Every file is made first, then all are moved into place: a failure leaves no half import.
    scratch = []
    try:
        for path, out in outputs:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temp.write_text(out, encoding="utf-8")
            scratch.append((temp, path))
        for temp, path in scratch:
            os.replace(temp, path)
    finally:
        for temp, _ in scratch:
            if temp.exists():
                temp.unlink()
