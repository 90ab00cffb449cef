"""Texts worked out from texts by a library, kept between builds in a JSON file of the cache.

Some work is the same from one build to the next and costs every build: loading pypinyin's
dictionaries to spell the names (a fifth of a second), drawing the signs' QR codes (a
millisecond or two each). A memo keeps each result by what it was made from, for the version
of the library that made it; a build loads the file, works out only what it does not hold, and
writes it again only when it met something new.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path


class TextMemo:
    def __init__(self, version: Callable[[], str]):
        self.version = version  # of the library that works the texts out
        self.known: dict[str, str] = {}
        self.noted = 0

    def get(self, key: str, make: Callable[[], str]) -> str:
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = make()
        return found

    def recall(self, path: Path) -> None:
        """Take what an earlier build kept (nothing when another version made it)."""
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            if kept.get("version") == self.version() and isinstance(kept.get("known"), dict):
                for key, text in kept["known"].items():
                    if isinstance(key, str) and isinstance(text, str):
                        self.known.setdefault(key, text)
        except (OSError, ValueError, AttributeError):
            pass
        self.noted = len(self.known)

    def keep(self, path: Path) -> None:
        """Keep this process's texts for the next build, when it worked out new ones."""
        if len(self.known) == self.noted:
            return
        scratch = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            scratch.write_text(json.dumps({"version": self.version(), "known": self.known}, ensure_ascii=False,
                                          sort_keys=True), encoding="utf-8")
            os.replace(scratch, path)
            self.noted = len(self.known)
        except OSError:  # a full disk costs a later build some time, never this one anything
            scratch.unlink(missing_ok=True)
