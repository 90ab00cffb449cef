"""Precompressed copies of the site's text files (`dudao build --gzip`).

A host that can send a file's `.gz` copy as it is (nginx's `gzip_static`, IIS's static
compression with its own cache, object storage with `Content-Encoding`) spends no time
compressing and sends a fraction of the bytes. Each copy is gzip at its best compression,
without a name or a time in its header, so that the same page always gives the same copy.

A build that starts from the last site keeps the copies that still match their file (the
CRC-32 and length a gzip file ends with) and makes the rest; copies whose file is gone are
removed, and a build without `--gzip` removes them all, so that a host never sends an old
copy of a changed page.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import struct
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# The files a browser reads as text; the others (images, PDF, fonts) are compressed already.
TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".atom",
                           ".webmanifest", ".map"})
# Below this, a copy saves less than its request's headers.
SMALLEST = 512
# The office's attachments are published as they are: a `.gz` among them is theirs.
OWN_FILES_ONLY = ("media",)


def _text(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in TEXT_SUFFIXES


def update(folder: Path, wanted: bool, jobs: int = 1, history: Path | None = None) -> int:
    """Make `folder`'s copies right: one for each text file of SMALLEST bytes or more when
    `wanted`, none otherwise. Returns the number of copies written. `history` (in the cache)
    remembers whether the last two builds made copies: a build starts from the site the one
    before the last replaced, so without copies in either there are none to remove, and the
    folder is not walked; the file goes once neither did."""
    before = _read(history)
    if wanted or "1" in before:  # a folder no build with --gzip made leaves no trace in the cache
        _write(history, ("1" if wanted else "0") + before[:1])
    if not wanted and "1" not in before:
        return 0
    sources: dict[str, int] = {}
    copies: set[str] = set()
    for top, dirs, files in os.walk(folder):
        if top == str(folder):
            dirs[:] = [d for d in dirs if d not in OWN_FILES_ONLY]
        for name in files:
            path = os.path.join(top, name)
            if name.endswith(".gz") and _text(name[:-3]):
                copies.add(path)
            elif _text(name):
                sources[path] = os.stat(path).st_size
    made = {path + ".gz": path for path, size in sources.items() if wanted and size >= SMALLEST}
    for copy in copies - made.keys():
        os.remove(copy)
    with ThreadPoolExecutor(max(1, jobs)) as pool:  # zlib lets go of the interpreter's lock
        return sum(pool.map(_refresh, made.keys(), made.values()))


def _refresh(copy: str, source: str) -> int:
    with open(source, "rb") as f:
        data = f.read()
    try:
        with open(copy, "rb") as f:
            f.seek(-8, os.SEEK_END)
            crc, size = struct.unpack("<II", f.read(8))
        if crc == zlib.crc32(data) and size == len(data) & 0xFFFFFFFF:
            return 0
    except (OSError, struct.error):
        pass
    scratch = f"{copy}.{os.getpid()}.tmp"
    with open(scratch, "wb") as f:
        f.write(gzip.compress(data, compresslevel=9, mtime=0))
    os.replace(scratch, copy)
    return 1


def history_in(cache: Path, target: Path) -> Path:
    """Where the cache remembers the copies of the site at `target` (one file per site folder)."""
    return cache / "gzip" / hashlib.sha256(str(target).encode()).hexdigest()[:16]


def _read(history: Path | None) -> str:
    """The last two builds' flags, the latest first; "" when neither made copies. (Without it,
    the pages the engine kept may still have copies: copies of their very bytes.)"""
    try:
        return history.read_text(encoding="ascii").strip() if history else ""
    except OSError:
        return ""


def _write(history: Path | None, flags: str) -> None:
    if history is None:
        return
    if flags == "00":
        history.unlink(missing_ok=True)
        return
    history.parent.mkdir(parents=True, exist_ok=True)
    history.write_text(flags, encoding="ascii")
