"""Field types: each turns the text a clerk wrote into a typed value, or reports why not.

A type's `convert(node, field, problems)` returns the value, or `INVALID` after
reporting a located diagnostic. Bad values are never turned into blanks.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, fields as dc_fields, is_dataclass
from difflib import get_close_matches
from typing import Any

from .diagnostics import Pos, Problems
from .nodes import Map, Node, Scalar, Seq, found_kind

# A record's id: its file's name, and the last part of its address.
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


@dataclass(frozen=True)
class Ref:
    """A reference to another record by id, with the place it was written."""

    id: str
    pos: Pos

    def __str__(self) -> str:
        return self.id


@dataclass(frozen=True)
class Located:
    """A value that keeps where it was written, for checks in later phases."""

    value: Any
    pos: Pos


def is_null(node: Node | None) -> bool:
    return node is None or (isinstance(node, Scalar) and node.is_null)


class FieldType:
    example = "…"

    def convert(self, node: Node, field: str, problems: Problems) -> Any:
        raise NotImplementedError


# Control characters (other than tab and line break) are never typed on purpose; they come
# from pasted or converted text, and XML (feeds, signs, the sitemap) cannot carry them. Nor
# are the controls of text direction (U+202E turns "gpj.exe" into what reads "exe.jpg"):
# Chinese and English text never needs them.
REFUSED_CHARACTERS = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0x061C, 0x061C), (0x200E, 0x200F),
                      (0x202A, 0x202E), (0x2066, 0x2069))
# The same set as a character class, in the syntax Python's and JSON Schema's patterns share.
REFUSED_CLASS = "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in REFUSED_CHARACTERS)
_CONTROL = re.compile(f"[{REFUSED_CLASS}]")


class Text(FieldType):
    def convert(self, node, field, problems):
        if not isinstance(node, Scalar):
            problems.add(node.pos, "type.text-expected", field=field, found=node.kind)
            return INVALID
        bad = _CONTROL.search(node.text)
        if bad:
            problems.add(node.pos, "field.control-character", field=field, char=f"U+{ord(bad.group()):04X}")
            return INVALID
        return self.check(node.text.strip(), node, field, problems)

    def check(self, text: str, node: Scalar, field: str, problems: Problems) -> Any:
        return text


class Markdown(Text):
    """Markdown source; kept as written (rendered and sanitised at render time)."""

    def check(self, text, node, field, problems):
        return node.text.rstrip()


class Date(Text):
    RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

    def check(self, text, node, field, problems):
        match = self.RE.match(text)
        if not match:
            problems.add(node.pos, "field.date", field=field, value=text)
            return INVALID
        year, month, day = (int(g) for g in match.groups())
        if not 1 <= month <= 12:
            problems.add(node.pos, "field.impossible-date", field=field, value=text, no_month=month)
            return INVALID
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            problems.add(node.pos, "field.impossible-date", field=field, value=text, no_day=days)
            return INVALID
        return dt.date(year, month, day)


class Integer(Text):
    def __init__(self, low: int | None = None, high: int | None = None):
        self.low, self.high = low, high

    def check(self, text, node, field, problems):
        if not re.fullmatch(r"[+-]?\d+", text):
            problems.add(node.pos, "field.integer", field=field, value=text)
            return INVALID
        value = int(text)
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            problems.add(node.pos, "field.number", field=field, value=text, range=f"{self.low} … {self.high}")
            return INVALID
        return value


class Number(Text):
    def __init__(self, low: float, high: float):
        self.low, self.high = low, high

    def check(self, text, node, field, problems):
        try:
            value = float(text)
        except ValueError:
            value = None
        if value is None or not (self.low <= value <= self.high):
            problems.add(node.pos, "field.number", field=field, value=text, range=f"{self.low} … {self.high}")
            return INVALID
        return value


class Pattern(Text):
    """Text that must match a pattern; otherwise the type's own diagnostic code."""

    def __init__(self, pattern: str, code: str, flags: int = 0):
        self.pattern, self.code = re.compile(pattern, flags), code

    def accepts(self, text: str) -> bool:
        return self.pattern.fullmatch(text) is not None

    def check(self, text, node, field, problems):
        if not self.accepts(text):
            problems.add(node.pos, self.code, field=field, value=text)
            return INVALID
        return text


class Phone(Pattern):
    def __init__(self):
        super().__init__(r"\+?[0-9][0-9 ()\-]*(?:(?:转|ext\.?|x)\s*[0-9]+)?", "field.phone", re.IGNORECASE)

    def accepts(self, text: str) -> bool:
        return super().accepts(text) and sum(c.isdigit() for c in text) >= 3


def Email() -> Pattern:  # noqa: N802 - used like the other type classes
    # Becomes a mailto: link; nothing that could end an attribute, start a tag or add a header.
    part = r"[^@\s\"'<>\\`?,;:()\[\]]+"
    return Pattern(rf"{part}@{part}\.{part}", "field.email")


class Url(Pattern):
    """A link: only these schemes, and nothing that could end an attribute or start a tag."""

    SAFE = r"[^\s\"'<>\\`]"

    def __init__(self, *schemes: str):
        self.schemes = schemes or ("http", "https", "mailto", "tel")
        web = [s for s in self.schemes if s in ("http", "https")]
        other = [s for s in self.schemes if s not in ("http", "https")]
        forms = [f"(?:{'|'.join(web)})://[^\\s\"'<>\\\\`/?#]+{self.SAFE}*"] if web else []
        forms += [f"{scheme}:{self.SAFE}+" for scheme in other]
        super().__init__("|".join(forms), "field.url", re.IGNORECASE)

    def check(self, text, node, field, problems):
        if not self.accepts(text):
            problems.add(node.pos, self.code, field=field, value=text,
                         allowed=", ".join(f"{s}://" if s.startswith("http") else f"{s}:" for s in self.schemes))
            return INVALID
        return text


class SiteUrl(Pattern):
    """The address of the site's root folder: every page's address is built on it, in
    pages, feeds, the sitemap and signs' QR codes, so no query, fragment or `&` either."""

    def __init__(self):
        super().__init__(r"https?://[^\s\"'<>\\`/?#&]+(?:/[^\s\"'<>\\`?#&]*)?", "field.site-url", re.IGNORECASE)


class Month(Pattern):
    """A month, YYYY-MM (a record of a month: `dudao new` fills it with this month)."""

    def __init__(self):
        super().__init__(r"\d{4}-(?:0[1-9]|1[0-2])", "field.month")


def SchoolCode() -> Pattern:  # noqa: N802
    return Pattern(r"\d{10}", "field.school-code")


class Enum(Text):
    def __init__(self, *values: str):
        self.values = values

    def check(self, text, node, field, problems):
        if text not in self.values:
            problems.add(node.pos, "field.enum", field=field, value=text, allowed=", ".join(self.values))
            return INVALID
        return text


class Id(Text):
    """A reference to a record of `kind`; resolved in the link phase."""

    def __init__(self, kind: str):
        self.kind = kind
        self.example = f"{kind}-id"

    def check(self, text, node, field, problems):
        if not ID_RE.match(text):
            problems.add(node.pos, "field.id", field=field, value=text)
            return INVALID
        return Ref(text, node.pos)


class FileName(Text):
    """A file name relative to the record; checked in the link phase, so it keeps its place."""

    def check(self, text, node, field, problems):
        return Located(text, node.pos)


class ListOf(FieldType):
    def __init__(self, item: FieldType, min_items: int = 0):
        self.item, self.min_items = item, min_items

    def convert(self, node, field, problems):
        if not isinstance(node, Seq):
            problems.add(node.pos, "type.list-expected", field=field, found=found_kind(node),
                         example=self.item.example)
            return INVALID
        values = []
        ok = True
        for index, item in enumerate(node.items):
            if is_null(item):
                continue
            value = self.item.convert(item, f"{field}[{index + 1}]", problems)
            ok = ok and value is not INVALID
            values.append(value)
        if not ok:
            return INVALID
        if len(values) < self.min_items:
            problems.add(node.pos, "field.empty", field=field, need="1")
            return INVALID
        return tuple(values)


class Struct(FieldType):
    """A mapping converted into the dataclass `cls`, whose fields carry their types."""

    def __init__(self, cls: type):
        assert is_dataclass(cls)
        self.cls = cls

    def convert(self, node, field, problems):
        if not isinstance(node, Map):
            problems.add(node.pos, "type.mapping-expected", field=field, found=found_kind(node))
            return INVALID
        values, ok = convert_mapping(node, self.cls, field, problems)
        return self.cls(**values) if ok else INVALID


@dataclass(frozen=True)
class Count:
    """One count of a `Counts` field: what is counted (an id of the office's list) and how many."""
    key: str
    value: int
    pos: Pos


class Counts(FieldType):
    """Counts by kind, as a mapping `id: number` (`admissions: 3`): whole numbers only, so no
    text (a name, a story) can stand where a count is expected. Which ids are known is the
    office's list in site_config.yml, checked in the link phase (the place of each is kept)."""

    example = "admissions: 3"

    def __init__(self, high: int = 1_000_000):
        self.number = Integer(0, high)

    def convert(self, node, field, problems):
        if not isinstance(node, Map):
            problems.add(node.pos, "type.mapping-expected", field=field, found=found_kind(node))
            return INVALID
        counts, ok = [], True
        for key, value in node.entries:
            if not ID_RE.match(key.text):
                problems.add(key.pos, "field.id", field=field, value=key.text)
                ok = False
                continue
            number = INVALID if is_null(value) else self.number.convert(value, f"{field}.{key.text}", problems)
            if is_null(value):
                problems.add(value.pos if value is not None else key.pos, "field.empty", field=f"{field}.{key.text}")
            if number is INVALID:
                ok = False
                continue
            counts.append(Count(key.text, number, key.pos))
        return tuple(counts) if ok else INVALID


def spec(type_: FieldType, required: bool = False) -> dict:
    """Field metadata: how a record field is read from YAML."""
    return {"type": type_, "required": required}


def content_fields(cls: type) -> list:
    return [f for f in dc_fields(cls) if "type" in f.metadata]


def convert_mapping(node: Map, cls: type, prefix: str, problems: Problems,
                    extra_keys: frozenset[str] = frozenset()) -> tuple[dict, bool]:
    """Convert every declared field of `cls` found in `node`; report the rest.

    Returns the values that converted and whether all of them did: a record with
    a bad field is still checked against others (its references, its files), so
    one run reports every problem, but only complete records are published.
    """
    declared = {f.name: f for f in content_fields(cls)}
    values: dict[str, Any] = {"pos": node.pos} if "pos" in {f.name for f in dc_fields(cls)} else {}
    ok = True
    label = (lambda name: f"{prefix}.{name}") if prefix else (lambda name: name)
    for key, value in node.entries:
        name = key.text
        if name == "private":
            if not is_null(value) and not isinstance(value, Map):
                problems.add(value.pos, "field.private")
            continue  # never read: nothing private is ever published
        if name in extra_keys:
            continue
        field = declared.get(name)
        if field is None:
            close = get_close_matches(name, list(declared), n=1)
            problems.add(key.pos, "field.unknown", field=label(name), suggestion=close[0] if close else "")
            continue
        if is_null(value):
            continue
        converted = field.metadata["type"].convert(value, label(name), problems)
        if converted is INVALID:
            ok = False
        else:
            values[name] = converted
    for name, field in declared.items():
        if field.metadata["required"] and name not in values:
            present = node.get(name)
            if present is not None and not is_null(present):
                continue  # present but invalid: already reported
            problems.add(node.pos if present is None else present.pos,
                         "field.missing" if present is None else "field.empty", field=label(name))
            ok = False
    return values, ok


def suggestion(word: str, options) -> str:
    close = get_close_matches(word, list(options), n=1, cutoff=0.6)
    return close[0] if close else ""

