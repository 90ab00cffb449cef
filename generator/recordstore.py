"""Records read and checked by earlier builds, kept between builds (`PROJECT/.dudao-cache/records.pickle`).

Reading a district's 4,700 record files (YAML with positions) and checking each takes
most of a second on every build, though an edit changes one or two. A record follows
from its file and dudao's code alone, so a file whose size, times and inode are as when
it was read gives the record read then: the build takes it from here instead. Only files
that gave no diagnostic at all are kept (a file with a warning is read again, so that its
warning is shown again); the store is for one version of dudao's code and is dropped for
another. What is in it never decides a build's output on its own: a record taken from it
is the one its unchanged file would give.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
from pathlib import Path
from typing import Any

# (size, modification time, change time, inode): a file saved again, even unchanged, is read again.
Signature = tuple[int, int, int, int]


def signature(path: Path) -> Signature | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class RecordStore:
    def __init__(self, path: Path, code: str):
        self.path = path
        self.code = code
        self.kept: dict[str, tuple[Signature, Any]] = {}
        self.noted: dict[str, tuple[Signature, Any]] = {}
        self.changed = False

    def recall(self) -> None:
        """Read what the last build kept; nothing when it was another version's, or unreadable."""
        try:
            with self.path.open("rb") as stream:
                loaded = pickle.load(stream)
        except Exception:  # noqa: BLE001 - a cache that cannot be read is no cache
            return
        if isinstance(loaded, dict) and loaded.get("code") == self.code and isinstance(loaded.get("kept"), dict):
            self.kept = loaded["kept"]

    def known(self, key: str, sig: Signature | None) -> Any:
        """The record kept for the file `key` when the file is as it was then."""
        found = self.kept.get(key)
        if sig is None or found is None or found[0] != sig:
            return None
        self.noted[key] = found
        return found[1]

    def note(self, key: str, sig: Signature, record: Any) -> None:
        """A record just read and checked, without a single diagnostic."""
        self.noted[key] = (sig, record)
        self.changed = True

    def save(self) -> None:
        """Keep the records of this build's files (those of files gone are forgotten)."""
        if not self.changed and len(self.noted) == len(self.kept):
            return
        scratch = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with scratch.open("wb") as stream:
                pickle.dump({"code": self.code, "kept": self.noted}, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(scratch, self.path)
        except OSError:
            scratch.unlink(missing_ok=True)  # a full disk costs a later build its reuse, never this one

    def save_beside(self):
        """Save in a forked process, beside the rest of the build (a district's records take a
        fifth of a second to write); returns a function that waits for it. Where a process
        cannot be forked safely (another thread runs), it is saved here and now."""
        if not self.changed and len(self.noted) == len(self.kept):
            return lambda: None
        if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
            self.save()
            return lambda: None
        process = multiprocessing.get_context("fork").Process(target=self.save, daemon=True)
        process.start()
        return process.join
