"""Texts worked out from texts by a library, kept between builds in a JSON file of the cache.

Some work is the same from one build to the next and costs every build: loading pypinyin's
dictionaries to spell the names, drawing the signs' QR codes (docs/performance.md says what
each costs). A memo keeps each result by what it was made from, for the fingerprint of the
code that made it (`fingerprint`: dudao's and its libraries'); a build loads the file, works
out only what it does not hold, and writes it again only when it met something new.

A build works texts out in several processes (the build's own, the render workers, the
exports'): each that met something new adds it to the file (`keep_all`), or hands it to the
process that will (`take_fresh`, `learn_all`); a text lost to two processes writing at once is
worked out again by a later build.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

# Every memo, by the name of its file in the cache folder.
MEMOS: dict[str, "TextMemo"] = {}


class TextMemo:
    def __init__(self, version: Callable[[], str], file: str | None = None):
        self.version = version  # of the code that works the texts out (`fingerprint.code`)
        self.known: dict[str, str] = {}
        self.fresh: dict[str, str] = {}  # worked out by this process, not yet in the file
        if file is not None:
            MEMOS[file] = self

    def get(self, key: str, make: Callable[[], str]) -> str:
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self.fresh[key] = make()
        return found

    def _read(self, path: Path) -> dict[str, str]:
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            if kept.get("version") == self.version() and isinstance(kept.get("known"), dict):
                return {key: text for key, text in kept["known"].items()
                        if isinstance(key, str) and isinstance(text, str)}
        except (OSError, ValueError, AttributeError):
            pass
        return {}  # none kept, or by another version of the code

    def recall(self, path: Path) -> None:
        """Take what earlier builds kept."""
        for key, text in self._read(path).items():
            self.known.setdefault(key, text)

    def learn(self, texts: dict[str, str]) -> None:
        """Take what another process of this build worked out."""
        for key, text in texts.items():
            if key not in self.known:
                self.known[key] = self.fresh[key] = text

    def keep(self, path: Path) -> None:
        """Add this process's new texts to the file (which another process may have added to)."""
        if not self.fresh:
            return
        known = self._read(path)
        known.update(self.fresh)
        scratch = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            scratch.write_text(json.dumps({"version": self.version(), "known": known}, ensure_ascii=False,
                                          sort_keys=True), encoding="utf-8")
            os.replace(scratch, path)
            self.fresh = {}
        except OSError:  # a full disk costs a later build some time, never this one anything
            scratch.unlink(missing_ok=True)


def recall_all(folder: Path) -> None:
    for file, memo in MEMOS.items():
        memo.recall(folder / file)


def keep_all(folder: Path) -> None:
    for file, memo in MEMOS.items():
        memo.keep(folder / file)


def take_fresh() -> dict[str, dict[str, str]]:
    """What this process worked out since it last said, by file (a render worker's, for the
    build's process to keep)."""
    taken = {file: memo.fresh for file, memo in MEMOS.items() if memo.fresh}
    for memo in MEMOS.values():
        memo.fresh = {}
    return taken


def learn_all(fresh: dict[str, dict[str, str]]) -> None:
    for file, texts in fresh.items():
        MEMOS[file].learn(texts)
