"""The search index: Pagefind (extended build, for Chinese word segmentation) run over
the built pages. Only what pages mark with `data-pagefind-body` is indexed: record and
free pages, without navigation, footer or repeated chrome; nothing unpublished is ever
on a page, so nothing unpublished can be in the index."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(Exception):
    """Pagefind failed; the message is its output."""


def build_index(site_dir: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError((result.stderr or result.stdout).strip() or f"pagefind exited with {result.returncode}")
