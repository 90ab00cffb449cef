"""Files kept in a cache and placed in the site as hard links to it (no copy to write).

Linking a file that is already there costs a small part of writing it (docs/performance.md
says how small). The engine's pages and the exports are kept so:
a build places the cache's file when one holds the same bytes, and writes only what is new.

A file placed in the site is the cache's own file, so someone editing the site's file in
place edits the cache's too: an entry's name holds the digest of its bytes, and an entry is
checked against it before it is used again. An entry known intact is marked so: its
modification time is set to now, in whole seconds (in use: kept by any build that tidies the
cache meanwhile), plus a count of nanoseconds drawn from its digest. An entry edited in place
gets a time of the edit's own, and is read and checked again; one that still bears its mark
is not read (reading and digesting every page was a cost of every build). A mark younger than
half the tidy's grace period is not made again: it keeps the entry through any build running
meanwhile, and setting the time of every page of a city on every build was a cost of its own.
A file system that keeps whole seconds only never shows the mark: its entries are always
read.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

DIGEST_CHARS = 32
_SECOND = 1_000_000_000


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:DIGEST_CHARS]


def _mark_of(written: str) -> int:
    return int(written[:8], 16) % _SECOND or 1


def mark(entry: Path, written: str) -> None:
    """Mark `entry`, whose bytes have the digest `written`, as known intact and in use."""
    now = time.time_ns()
    os.utime(entry, ns=(now, now - now % _SECOND + _mark_of(written)))


def intact(entry: Path, written: str) -> bool:
    """Whether `entry` still holds bytes of the digest `written`; one that does not is removed."""
    try:
        marked = os.stat(entry).st_mtime_ns
        if marked % _SECOND == _mark_of(written):
            if marked < time.time_ns() - _MARKED_FOR:
                mark(entry, written)
            return True
        data = entry.read_bytes()
    except (OSError, ValueError):
        return False
    if digest(data) == written:
        try:
            mark(entry, written)
        except OSError:
            return False
        return True
    entry.unlink(missing_ok=True)
    return False


def keep(source: Path, entry: Path, written: str) -> None:
    """`source` (a file just made) kept as the cache's `entry`: the same file, linked."""
    scratch = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    scratch.unlink(missing_ok=True)
    try:
        os.link(source, scratch)
    except OSError:  # another file system, or no hard links there
        shutil.copyfile(source, scratch)
    os.replace(scratch, entry)
    mark(entry, written)


def place(entry: Path, target: Path) -> None:
    """The cache's `entry` at `target` (linked, or copied where it cannot be), replacing what is there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(entry, target)
    except FileExistsError:
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink()
        place(entry, target)
    except OSError:  # another file system, or no hard links there
        shutil.copyfile(entry, target)


# Unused entries are removed once this old: a build running alongside keeps its own.
GRACE_SECONDS = 3600
# How long a mark stands before an entry found intact is marked again (`intact`).
_MARKED_FOR = GRACE_SECONDS // 2 * _SECOND


def others_aged(folder: Path, store: Path) -> bool:
    """Whether `folder` holds a store other than `store` that no build has added to or taken
    from for the grace period: one whose entries `tidy` may remove. (A store only just left, by
    another configuration or version of dudao, is not worth going through every entry of every
    store on each build for the grace period.)"""
    horizon = time.time() - GRACE_SECONDS
    for other in folder.iterdir():
        try:
            if other != store and other.stat().st_mtime < horizon:
                return True
        except OSError:
            continue
    return False


def tidy(folder: Path, keep_names: set[str], store: Path | None = None) -> None:
    """Drop what this build did not use from `store` (default: `folder`), and every other
    store in `folder` (another configuration's) once it is old."""
    store = folder if store is None else store
    horizon = time.time() - GRACE_SECONDS
    for holder in [folder] if store == folder else list(folder.iterdir()):
        entries = [holder] if holder.is_file() else list(holder.iterdir())
        for entry in entries:
            try:
                if (holder != store or entry.name not in keep_names) and entry.stat().st_mtime < horizon:
                    entry.unlink()
            except OSError:
                continue
        if holder != store and holder.is_dir() and not any(holder.iterdir()):
            holder.rmdir()
