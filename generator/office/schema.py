"""JSON Schemas of the record files, made from the same field types the validator uses.

Editors (VS Code with the YAML extension, via the `# yaml-language-server: $schema=` line
that `dudao new` writes) read a record the YAML 1.2 way: `2132100001` is a number there,
`2026-03-01` and `0512-60001234` are text. dudao reads every value as the text written, so
each type's schema admits the forms YAML 1.2 gives that text: a school code or a phone
number may arrive as an integer. What a schema cannot see (whether 2026-02-30 is a day,
whether a referenced record exists) is left to `dudao check`.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model.fieldtypes import (REFUSED_CLASS, Counts, Date, Enum, FieldType, FileName, Id, Integer, ListOf, Markdown, Number, Pattern, Phone,
                         SiteUrl, Struct, Text, Url, content_fields)
from ..model import kinds
from ..model.records import Config, Publication

SCHEMA_VERSION = "https://json-schema.org/draft/2020-12/schema"
# ECMA-262 patterns (JSON Schema's dialect): no inline flags, so letters are spelled in both cases.
# Without the characters a text field refuses (control characters, the controls of text direction).
CONTROL_FREE = f"^[^{REFUSED_CLASS}]*$"


def _both_cases(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


def _url_pattern(schemes) -> str:
    safe = "[^\\s\"'<>\\\\`]"
    web = [s for s in schemes if s in ("http", "https")]
    other = [s for s in schemes if s not in ("http", "https")]
    forms = [f"(?:{'|'.join(_both_cases(s) for s in web)})://[^\\s\"'<>\\\\`/?#]+{safe}*"] if web else []
    forms += [f"{_both_cases(s)}:{safe}+" for s in other]
    return "^(?:" + "|".join(forms) + ")$"


def type_schema(kind: FieldType) -> dict:
    """The schema of one field's value."""
    if isinstance(kind, ListOf):
        schema = {"type": "array", "items": type_schema(kind.item)}
        if kind.min_items:
            schema["minItems"] = kind.min_items
        return schema
    if isinstance(kind, Struct):
        return object_schema(kind.cls)
    if isinstance(kind, Counts):  # id → whole number; which ids, the office's list says
        return {"type": "object", "propertyNames": {"pattern": "^[a-z0-9][a-z0-9-]*$"},
                "additionalProperties": type_schema(kind.number)}
    if isinstance(kind, Enum):
        return {"enum": list(kind.values)}
    if isinstance(kind, Date):
        return {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$", "format": "date"}
    if isinstance(kind, Integer):
        bounds = {k: v for k, v in (("minimum", kind.low), ("maximum", kind.high)) if v is not None}
        # A quoted number is read too: its sign and its number of digits are held to the bounds
        # here, the rest of its range is left to `dudao check`.
        sign = "[+-]?" if kind.low is None or kind.low < 0 else "\\+?"
        digits = "\\d+" if kind.high is None else f"\\d{{1,{len(str(kind.high))}}}"
        return {"anyOf": [{"type": "integer", **bounds}, {"type": "string", "pattern": f"^\\s*{sign}{digits}\\s*$"}]}
    if isinstance(kind, Number):
        # A quoted number is read too; its range is then left to `dudao check`.
        return {"anyOf": [{"type": "number", "minimum": kind.low, "maximum": kind.high},
                          {"type": "string", "pattern": "^\\s*[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?\\s*$"}]}
    if isinstance(kind, Id):
        # `true` and `2024` are ids to dudao (it reads the text), a boolean and a number in YAML 1.2.
        return {"anyOf": [{"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}, {"type": "integer", "minimum": 0},
                          {"type": "boolean"}]}
    if isinstance(kind, Phone):
        text = "^(?=(?:\\D*\\d){3})\\s*\\+?[0-9][0-9 ()\\-]*(?:(?:转|[eE][xX][tT]\\.?|[xX])\\s*[0-9]+)?\\s*$"
        return {"anyOf": [{"type": "string", "pattern": text}, {"type": "integer", "minimum": 100}]}
    if isinstance(kind, SiteUrl):
        return {"type": "string", "pattern": "^[hH][tT][tT][pP][sS]?://[^\\s\"'<>\\\\`/?#&]+(?:/[^\\s\"'<>\\\\`?#&]*)?$"}
    if isinstance(kind, Url):
        return {"type": "string", "pattern": _url_pattern(kind.schemes)}
    if isinstance(kind, Pattern):
        if kind.code == "field.school-code":
            return {"anyOf": [{"type": "string", "pattern": "^\\d{10}$"},
                              {"type": "integer", "minimum": 1_000_000_000, "maximum": 9_999_999_999}]}
        if kind.code == "field.email":
            part = "[^@\\s\"'<>\\\\`?,;:()\\[\\]]+"
            return {"type": "string", "pattern": f"^{part}@{part}\\.{part}$"}
    if isinstance(kind, (Markdown, FileName, Text)):
        return {"anyOf": [{"type": "string", "pattern": CONTROL_FREE}, {"type": ["number", "boolean"]}]}
    raise TypeError(f"no schema for {type(kind).__name__}")


def object_schema(cls: type, record: bool = False, kind: str = "") -> dict:
    from .fieldnotes import describe

    properties, required = {}, []
    for field in content_fields(cls):
        schema = type_schema(field.metadata["type"])
        if field.metadata["required"]:
            required.append(field.name)
        else:
            schema = {"anyOf": [schema, {"type": "null"}]}  # an empty value is no value
        note = describe(kind, field.name) if kind else ""
        properties[field.name] = {"description": note, **schema} if note else schema
    if record or cls is Config:
        properties["private"] = {"description": "不公开的内容：从不读取、从不发布",
                                 "anyOf": [{"type": "object"}, {"type": "null"}]}
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    if issubclass(cls, Publication):
        # A published record needs its date, a withdrawn one its reason (status: published by default).
        schema["allOf"] = [
            {"if": {"anyOf": [{"not": {"required": ["status"]}},
                              {"properties": {"status": {"const": "published"}}}]},
             "then": {"required": ["published"]}},
            {"if": {"properties": {"status": {"const": "withdrawn"}}, "required": ["status"]},
             "then": {"required": ["withdrawn_reason"]}},
        ]
    return schema


def record_schema(kind: str) -> dict:
    cls = Config if kind == "config" else kinds.record_class(kind)
    title = "site_config.yml" if kind == "config" else kinds.KINDS[kind].title
    schema = {"$schema": SCHEMA_VERSION, "$id": f"{kind}.schema.json", "title": f"dudao · {title}"}
    schema |= object_schema(cls, record=kind != "config", kind=kind)
    return schema


def schema_kinds() -> tuple[str, ...]:
    """Every file's schema: the configuration's, and each registered kind's."""
    return ("config", *kinds.KINDS)


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in schema_kinds():
        path = folder / f"{kind}.schema.json"
        text = json.dumps(record_schema(kind), ensure_ascii=False, indent=2) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
