"""Is the site already up to date? A build that would write exactly the site it wrote last.

A build's output depends on: the project's files (content, configuration, theme), the
fingerprint of dudao's code and libraries (`fingerprint`), the build's options, and the day
it runs in (embargoes, deadlines, "overdue", the sitemap's dates) — nothing else; the time of day is not written
anywhere. The last successful build records a digest of all that, with a stamp of the site
it wrote (every file's path, size and times) and its diagnostics. When both digests still
match, the build is done before it starts: the same warnings are shown again and the site
is left as it is. Files are compared by size, modification and change times and inode,
as git's index does: a change time cannot be set back by a program, so an edit is never
missed however its modification time was preserved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from types import MappingProxyType
from typing import Mapping
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from ..caches import fingerprint
from ..model.diagnostics import Problems

RECORD = "last-build.pickle"


@dataclass(frozen=True)
class LastBuild:
    inputs: str
    output: str
    problems: Problems
    pages: int
    language: str
    unpublished: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # what the site left out


def _line(name: str, st: os.stat_result | None, change_time: bool) -> str:
    """One file (or link) by name, size, times, inode and mode; an absent one as absent."""
    if st is None:
        return f"{name}\0absent\n"
    changed = st.st_ctime_ns if change_time else ""
    return f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0{changed}\0{st.st_ino}\0{st.st_mode}\n"


def _tree(digest, root: Path, label: str, change_time: bool = True) -> None:
    """Every file under `root` (a link as itself, never followed), or `root` itself when it is
    a file. Each folder's own listing gives its entries' paths and kinds, with no system call
    per entry: every build walks the project and the site."""
    digest.update(label.encode() + b"\0")
    if not root.is_dir():
        try:
            st = os.lstat(root)
        except OSError:
            st = None
        digest.update(_line(root.name, st, change_time).encode())
        return
    start = len(os.path.join(str(root), ""))  # a path under root, less this, is its relative path
    lines: list[str] = []
    waiting = [str(root)]
    while waiting:
        try:
            with os.scandir(waiting.pop()) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue
        below = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                below.append(entry.path)
                continue
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                st = None
            lines.append(_line(entry.path[start:], st, change_time))
        waiting += reversed(below)
    digest.update("".join(lines).encode("utf-8", "surrogateescape"))


def inputs(root: Path, target: Path, day: dt.date, epoch: int, options: tuple) -> str:
    """`day`: the build date (China Standard Time); MkDocs also writes the UTC date of `epoch`."""
    digest = hashlib.sha256()
    for part in ("content", "theme", "site_config.yml"):
        _tree(digest, root / part, part)
    digest.update(fingerprint.code().encode())
    utc = dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()
    digest.update(f"{day}\0{utc}\0{target}\0{options!r}".encode())
    return digest.hexdigest()


def output(target: Path) -> str:
    """The site's stamp: its files by path, size, modification time, inode and mode. Not by
    change time: a site page is often one file with the engine's cache entry and the
    previous site's page (hard links), and removing either name, after the build has
    returned, changes it. A page replaced gets a new inode; one edited in place, a new
    modification time."""
    digest = hashlib.sha256()
    _tree(digest, target, "site", change_time=False)
    try:
        st = os.lstat(target)
        digest.update(f"{st.st_ino}".encode())
    except OSError:
        return ""
    return digest.hexdigest()


def recall(cache: Path, inputs_digest: str, target: Path) -> LastBuild | None:
    """The last build, if it was made from these very inputs and its site is untouched."""
    try:
        last = pickle.loads((cache / RECORD).read_bytes())
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    if not isinstance(last, LastBuild) or last.inputs != inputs_digest:
        return None
    if output(target) != last.output:
        return None
    return last


def remember(cache: Path, inputs_digest: str, target: Path, problems: Problems, pages: int, language: str,
             unpublished: Mapping[str, Mapping[str, int]] = MappingProxyType({})) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    scratch = cache / f"{RECORD}.{os.getpid()}.tmp"
    left_out = {kind: dict(states) for kind, states in unpublished.items()}
    scratch.write_bytes(pickle.dumps(LastBuild(inputs_digest, output(target), problems, pages, language, left_out)))
    os.replace(scratch, cache / RECORD)
