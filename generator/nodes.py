"""A YAML document as a tree of located nodes, every scalar kept as the text written.

PyYAML's composer gives us the node tree before any type resolution, so
`0512-60001234`, `010`, `no` and `2024-10-15` arrive as exactly those characters;
each field's own type converts them later (in `fieldtypes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

import yaml

from .diagnostics import Pos, Problems

NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(frozen=True)
class Scalar:
    text: str
    pos: Pos
    plain: bool  # written without quotes

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in NULL_WORDS

    kind = "text"


@dataclass(frozen=True)
class Seq:
    items: tuple["Node", ...]
    pos: Pos
    kind = "list"


@dataclass(frozen=True)
class Map:
    entries: tuple[tuple[Scalar, "Node"], ...]
    pos: Pos
    kind = "mapping"

    def get(self, key: str) -> "Node | None":
        for k, v in self.entries:
            if k.text == key:
                return v
        return None

    def keys(self) -> list[str]:
        return [k.text for k, _ in self.entries]


Node = Union[Scalar, Seq, Map]


def found_kind(node: Node | None) -> str:
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return "nothing"
    return node.kind


def parse_yaml(text: str, path: str, problems: Problems, line_offset: int = 0) -> Node | None:
    """Parse one YAML document; report syntax errors and duplicate keys.

    `line_offset` is the number of file lines before `text` (front matter starts
    on line 2 of a Markdown file).
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 + line_offset if mark else 0
        col = mark.column + 1 if mark else 0
        detail = " ".join(filter(None, [err.context, err.problem])) or str(err)
        if err.context_mark is not None and err.problem_mark is not None \
                and err.context_mark.line != err.problem_mark.line:
            detail += f" (line {err.context_mark.line + 1 + line_offset})"
        problems.add(Pos(path, line, col), "yaml.syntax", detail=detail, hint=_hint(detail))
        return None
    except yaml.YAMLError as err:  # errors without a mark, e.g. bad characters
        problems.add(Pos(path, 1 + line_offset, 1), "yaml.syntax", detail=str(err).strip())
        return None
    if root is None:
        return None
    try:
        return _convert(root, path, problems, line_offset)
    except RecursionError:  # an alias that contains itself (`a: &x [*x]`)
        problems.add(_pos(root, path, line_offset), "yaml.syntax", detail="recursive alias", hint="alias")
        return None


# What the usual PyYAML complaints mean for someone editing a record by hand.
_HINTS = (
    ("mapping values are not allowed", "colon"),
    ("cannot start any token", "tab"),
    ("could not find expected ':'", "missing-colon"),
    ("expected <block end>", "indent"),
    ("expected ',' or ']'", "bracket"),
    ("expected ',' or '}'", "brace"),
    ("unexpected end of stream", "quote"),
    ("found undefined alias", "alias"),
)


def _hint(detail: str) -> str:
    for needle, hint in _HINTS:
        if needle in detail:
            return hint
    return ""


def _pos(node: yaml.Node, path: str, line_offset: int) -> Pos:
    return Pos(path, node.start_mark.line + 1 + line_offset, node.start_mark.column + 1)


def _convert(node: yaml.Node, path: str, problems: Problems, off: int) -> Node:
    pos = _pos(node, path, off)
    if isinstance(node, yaml.ScalarNode):
        return Scalar(node.value, pos, plain=node.style in (None, ""))
    if isinstance(node, yaml.SequenceNode):
        return Seq(tuple(_convert(item, path, problems, off) for item in node.value), pos)
    entries: list[tuple[Scalar, Node]] = []
    seen: dict[str, Pos] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.add(_pos(key_node, path, off), "yaml.complex-key")
            continue
        key = Scalar(key_node.value, _pos(key_node, path, off), plain=key_node.style in (None, ""))
        if key.text in seen:
            problems.add(key.pos, "yaml.duplicate-key", related=seen[key.text], key=key.text)
            continue
        seen[key.text] = key.pos
        entries.append((key, _convert(value_node, path, problems, off)))
    return Map(tuple(entries), pos)
