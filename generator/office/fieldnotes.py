"""What each field of a record is, in the office's words: for the comments `dudao new` writes
and the descriptions editors show from the JSON Schemas. The workbook's column headers name
the roster fields; the rest are described with each kind's registration (`Kind.notes`)."""

from __future__ import annotations

from ..model.kinds import KINDS
from .columns import sheets

def describe(kind: str, field: str) -> str:
    note = KINDS[kind].notes.get(field) if kind in KINDS else None
    if note:
        return note
    for sheet in sheets(None):
        if sheet.kind == kind:
            for column in sheet.columns:
                if column.field == field:
                    return column.header
    return ""
