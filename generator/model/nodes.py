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


@dataclass(frozen=True, slots=True)
class Scalar:
    text: str
    pos: Pos
    plain: bool  # written without quotes

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in NULL_WORDS

    kind = "text"


@dataclass(frozen=True, slots=True)
class Seq:
    items: tuple["Node", ...]
    pos: Pos
    kind = "list"


@dataclass(frozen=True, slots=True)
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


# Records are small and flat; no office file nests anywhere near this deep, while a
# malicious or broken one could nest thousands of levels.
MAX_DEPTH = 32
# No record has anywhere near this many values (a report with a thousand rectifications has
# ~10,000); the limit keeps a file's tree to a small multiple of its size in memory.
MAX_VALUES = 100_000
# libyaml's parser (in C) when PyYAML has it, its pure-Python twin otherwise: same events.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Refused(Exception):
    """A file that is not read any further (an alias, too deep); already reported."""


def parse_yaml(text: str, path: str, problems: Problems, line_offset: int = 0) -> Node | None:
    """Parse one YAML document; report syntax errors, duplicate keys, aliases and deep nesting.

    `line_offset` is the number of file lines before `text` (front matter starts
    on line 2 of a Markdown file). The tree is built from the parser's events, here and
    without recursion, so no input can expand (aliases are refused: a few lines could
    otherwise stand for billions of nodes) or exhaust the stack; a `private` value is
    passed over without being built, since nothing reads it.
    """
    loader = _Loader(text)
    try:
        return _compose_document(loader, path, problems, line_offset)
    except _Refused:
        return None
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
    except yaml.reader.ReaderError as err:  # a character YAML does not allow, placed by its offset
        # libyaml counts bytes of the UTF-8 text; the pure-Python reader counts characters.
        before = (text.encode("utf-8")[:err.position].decode("utf-8", "ignore")
                  if _Loader is not yaml.SafeLoader else text[:err.position])
        line = before.count("\n") + 1 + line_offset
        col = len(before) - (before.rfind("\n") + 1) + 1
        char = err.character if isinstance(err.character, str) else chr(err.character)
        problems.add(Pos(path, line, col), "yaml.control-character", char=f"U+{ord(char):04X}")
        return None
    except yaml.YAMLError as err:  # errors without a mark
        problems.add(Pos(path, 1 + line_offset, 1), "yaml.syntax", detail=str(err).strip())
        return None
    finally:
        loader.dispose()


def _compose_document(loader, path: str, problems: Problems, off: int) -> Node | None:
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return None
    document = loader.get_event()
    root = _compose_node(loader, path, problems, off)
    loader.get_event()  # document end
    if not loader.check_event(yaml.StreamEndEvent):
        event = loader.get_event()
        raise yaml.composer.ComposerError("expected a single document in the stream", document.start_mark,
                                          "but found another document", event.start_mark)
    return root


def _event_pos(event, path: str, off: int) -> Pos:
    return Pos(path, event.start_mark.line + 1 + off, event.start_mark.column + 1)


def _plain(event) -> bool:
    return event.style in (None, "")


class _Open:
    """A list or mapping being read: its place, its items so far and, for a mapping, the key
    waiting for its value (`drop`: a repeated or complex key, whose value is not kept)."""

    __slots__ = ("pos", "is_map", "items", "key", "drop", "seen")

    def __init__(self, pos: Pos, is_map: bool):
        self.pos, self.is_map, self.items = pos, is_map, []
        self.key: Scalar | None = None
        self.drop = False
        self.seen: dict[str, Pos] = {}


def _compose_node(loader, path: str, problems: Problems, off: int) -> Node:
    stack: list[_Open] = []
    values = 0
    while True:
        event = loader.get_event()
        pos = _event_pos(event, path, off)
        node: Node | None = None
        values += 1
        if values > MAX_VALUES:
            problems.add(pos, "yaml.too-many-values", limit=f"{MAX_VALUES:,}")
            raise _Refused
        if isinstance(event, yaml.AliasEvent):
            problems.add(pos, "yaml.alias", name=event.anchor)
            raise _Refused
        if isinstance(event, yaml.ScalarEvent):
            node = Scalar(event.value, pos, plain=_plain(event))
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(stack) >= MAX_DEPTH:
                problems.add(pos, "yaml.too-deep", limit=MAX_DEPTH)
                raise _Refused
            parent = stack[-1] if stack else None
            if parent is not None and parent.is_map and parent.key is not None and parent.key.text == "private":
                # Nothing reads private values: pass over them without building (or expanding) them.
                _skip(loader)
                node = Map((), pos) if isinstance(event, yaml.MappingStartEvent) else Seq((), pos)
            else:
                stack.append(_Open(pos, isinstance(event, yaml.MappingStartEvent)))
                continue
        else:  # the end of the innermost list or mapping
            done = stack.pop()
            node = Map(tuple(done.items), done.pos) if done.is_map else Seq(tuple(done.items), done.pos)
        if not stack:
            return node
        _add(stack[-1], node, problems)


def _add(parent: _Open, node: Node, problems: Problems) -> None:
    if not parent.is_map:
        parent.items.append(node)
    elif parent.key is None:  # a key
        parent.drop = True
        if not isinstance(node, Scalar):
            problems.add(node.pos, "yaml.complex-key")
            node = Scalar("", node.pos, plain=False)
        elif node.text in parent.seen:
            problems.add(node.pos, "yaml.duplicate-key", related=parent.seen[node.text], key=node.text)
        else:
            parent.seen[node.text] = node.pos
            parent.drop = False
        parent.key = node
    else:  # its value
        if not parent.drop:
            parent.items.append((parent.key, node))
        parent.key = None


def _skip(loader) -> None:
    """Read past the rest of a list or mapping whose start was just read."""
    depth = 1
    while depth:
        event = loader.get_event()
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


# What the usual YAML parser complaints (libyaml's or PyYAML's words) mean for someone editing a record by hand.
_HINTS = (
    ("mapping values are not allowed", "colon"),
    ("cannot start any token", "tab"),
    ("tab character", "tab"),
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
