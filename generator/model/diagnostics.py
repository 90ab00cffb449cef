"""Problems found in a project, as values: where, how bad, which code, what to do.

Every problem carries a position (`file:line:col`), a stable code and the
arguments of its message; the text is produced from the catalogue in
`messages` only when it is shown, in the site's language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable

from . import messages


@dataclass(frozen=True, order=True, slots=True)
class Pos:
    """A place in the project: a path relative to the project root, 1-based line and column.

    Line 0 means "the file as a whole" (for example an empty file).
    """

    path: str
    line: int = 0
    col: int = 0

    def __reduce__(self):
        # Unpickled by its constructor: the way of a frozen dataclass with slots looks its
        # fields up for each one, and the record store holds tens of thousands.
        return Pos, (self.path, self.line, self.col)

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        if self.col <= 0:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    pos: Pos
    code: str
    args: tuple[tuple[str, str], ...] = ()
    related: Pos | None = None
    severity: str = "error"

    def message(self, lang: str = "zh-Hans") -> str:
        return messages.render(self.code, dict(self.args), lang)

    def effective_severity(self, strict: bool) -> str:
        if strict and self.severity == "warning":
            return "error"
        return self.severity

    def format(self, lang: str = "zh-Hans", strict: bool = False) -> str:
        text = f"{self.pos}: {self.effective_severity(strict)}[{self.code}]: {self.message(lang)}"
        if self.related is not None:
            text += f" ({messages.render('related', {'pos': str(self.related)}, lang)})"
        return text

    def as_json(self, lang: str = "zh-Hans", strict: bool = False) -> dict:
        return {
            "file": self.pos.path,
            "line": self.pos.line,
            "column": self.pos.col,
            "severity": self.effective_severity(strict),
            "code": self.code,
            "message": self.message(lang),
            "related": None if self.related is None else {
                "file": self.related.path, "line": self.related.line, "column": self.related.col},
        }

    def sort_key(self):
        return (self.pos.path, self.pos.line, self.pos.col, self.code, self.args)


@dataclass
class Problems:
    """Collects diagnostics during one run. Only the phases append; nothing edits."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, pos: Pos, code: str, *, related: Pos | None = None, **args: object) -> None:
        severity = messages.severity(code)
        self.items.append(Diagnostic(
            pos=pos, code=code, related=related, severity=severity,
            args=tuple(sorted((k, "" if v is None else str(v)) for k, v in args.items())),
        ))

    def sorted(self) -> list[Diagnostic]:
        # Identical diagnostics (one alias node reached twice) are shown once.
        return sorted(set(self.items), key=Diagnostic.sort_key)

    def errors(self, strict: bool = False) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.effective_severity(strict) == "error"]

    def has_errors(self, strict: bool = False) -> bool:
        return bool(self.errors(strict))

    def count(self, strict: bool = False) -> tuple[int, int]:
        diags = self.sorted()
        errors = sum(1 for d in diags if d.effective_severity(strict) == "error")
        return errors, len(diags) - errors


def format_all(diags: Iterable[Diagnostic], lang: str, strict: bool) -> str:
    return "\n".join(d.format(lang, strict) for d in diags)


def to_json(diags: Iterable[Diagnostic], lang: str, strict: bool) -> str:
    return json.dumps([d.as_json(lang, strict) for d in diags], ensure_ascii=False, indent=2)
