"""The search index: Pagefind (extended build, for Chinese word segmentation) run over
the built pages. Only what pages mark with `data-pagefind-body` is indexed: record and
free pages, without navigation, footer or repeated chrome; nothing unpublished is ever
on a page, so nothing unpublished can be in the index."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


class SearchIndexError(Exception):
    """Pagefind failed; the message is its output."""


# Where the pages to index are gathered, inside the site being built (removed again).
GATHER = ".pagefind-input"


def _key(site_dir: Path, indexed: list[str]) -> str:
    """What the index is made of: the indexed pages as built, and Pagefind's version."""
    import hashlib
    from importlib import metadata

    digest = hashlib.sha256(metadata.version("pagefind").encode())
    for name in sorted(indexed):
        digest.update(b"\0" + name.encode() + b"\0" + (site_dir / name).read_bytes())
    return digest.hexdigest()[:32]


def build_index(site_dir: Path, indexed: list[str] | None = None, cache: Path | None = None) -> bool:
    """Index the site; with a `cache` folder, take the index of an earlier build made from the
    very same indexed pages instead (an edit that touched no indexed page). True if reused."""
    if cache is None or indexed is None:
        _run_pagefind(site_dir, indexed)
        return False
    entry = cache / _key(site_dir, indexed)
    if entry.is_dir():
        shutil.copytree(entry, site_dir / "pagefind")
        return True
    _run_pagefind(site_dir, indexed)
    for old in cache.iterdir() if cache.is_dir() else ():
        shutil.rmtree(old, ignore_errors=True)  # one index is kept: the latest
    cache.mkdir(parents=True, exist_ok=True)
    scratch = cache / f".{entry.name}.{os.getpid()}.tmp"
    shutil.copytree(site_dir / "pagefind", scratch)
    os.replace(scratch, entry)
    return False


def _run_pagefind(site_dir: Path, indexed: list[str] | None = None) -> None:
    """Index the built site into `site_dir/pagefind/`. `indexed`: the files (relative to the
    site) of the pages that carry `data-pagefind-body`, known from the site plan. Pagefind
    then reads only those (linked into a folder of their own under the same addresses)
    instead of parsing every page to find them: at a district's size one page in eight; the
    index is the same, byte for byte."""
    source = site_dir
    if indexed is not None:
        source = site_dir / GATHER
        for name in indexed:
            target = source / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site_dir / name, target)
            except OSError:  # a file system without hard links
                shutil.copyfile(site_dir / name, target)
    command = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path",
               str(site_dir / "pagefind"), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True)
    finally:
        if source != site_dir:
            shutil.rmtree(source, ignore_errors=True)
    if result.returncode != 0:
        raise SearchIndexError((result.stderr or result.stdout).strip() or f"pagefind exited with {result.returncode}")
