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

import os
import pickle
from pathlib import Path
from typing import Any

from .forking import fork_context

# (size, modification time, change time, inode): a file saved again, even unchanged, is read again.
Signature = tuple[int, int, int, int]


def signature(path: Path | str) -> Signature | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def key(kind: str, path: str) -> str:
    """A record file's name in the stores: its kind and its path in the project."""
    return f"{kind}:{path}"


# Records changed since the store was last written whole are written on their own, beside it,
# while they are few: writing one costs a small part of writing them all.
MAX_CHANGES_APART = 500


class RecordStore:
    def __init__(self, path: Path, code: str):
        self.path = path
        self.changes = path.with_name(f"{path.stem}-changes{path.suffix}")
        self.code = code
        self.base: dict[str, tuple[Signature, Any]] = {}  # as last written whole
        self.base_token = ""
        self.kept: dict[str, tuple[Signature, Any]] = {}  # with the changes written since
        self.noted: dict[str, tuple[Signature, Any]] = {}
        self.recalled = False

    def recall(self) -> None:
        """Read what earlier builds kept; nothing when it was another version's, or unreadable.
        A store recalled again (the preview's, before each rebuild) goes on from what its last
        check noted, without reading the file again: a city's store took longer to read than
        the files an edit changes."""
        if self.recalled:
            self.kept, self.noted = (self.noted or self.kept), {}
            return
        self.recalled = True
        self.base, self.base_token, self.kept, self.noted = {}, "", {}, {}
        whole = _read(self.path)
        if whole is None or whole.get("code") != self.code or not isinstance(whole.get("kept"), dict):
            return
        self.base, self.base_token = whole["kept"], whole.get("token", "")
        self.kept = dict(self.base)
        changes = _read(self.changes)
        if changes is not None and changes.get("token") == self.base_token and isinstance(changes.get("kept"), dict):
            self.kept.update(changes["kept"])

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

    def _changed(self) -> dict[str, tuple[Signature, Any]]:
        return {key: entry for key, entry in self.noted.items() if self.base.get(key) is not entry}

    def save(self) -> None:
        """Keep the records of this build's files: the changes alone while they are few, else
        the whole store again (which forgets the records of files gone)."""
        changed = self._changed()
        try:
            if len(changed) <= MAX_CHANGES_APART and self.base_token:
                _write(self.changes, {"code": self.code, "token": self.base_token, "kept": changed})
                return
            token = os.urandom(8).hex()
            _write(self.path, {"code": self.code, "token": token, "kept": self.noted})
            self.changes.unlink(missing_ok=True)
            self.base, self.base_token = dict(self.noted), token  # as the file now holds
        except OSError:
            pass  # a full disk costs a later build its reuse, never this one

    def save_beside(self):
        """Save; when the whole store is written again, in a forked process beside the rest of
        the build. Returns a function that
        waits for it. Where a process cannot be forked safely (another thread runs), it is
        saved here and now."""
        changed = self._changed()
        if not changed and self.noted.keys() == self.kept.keys():
            return lambda: None
        context = fork_context()
        if (len(changed) <= MAX_CHANGES_APART and self.base_token) or context is None:
            self.save()
            return lambda: None
        process = context.Process(target=self.save, daemon=True)
        process.start()
        return process.join


def _read(path: Path) -> dict | None:
    try:
        with path.open("rb") as stream:
            loaded = pickle.load(stream)
    except Exception:  # noqa: BLE001 - a cache that cannot be read is no cache
        return None
    return loaded if isinstance(loaded, dict) else None


def _write(path: Path, content: dict) -> None:
    scratch = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with scratch.open("wb") as stream:
            pickle.dump(content, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(scratch, path)
    finally:
        scratch.unlink(missing_ok=True)
