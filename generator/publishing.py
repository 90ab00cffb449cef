"""Phase 8, publish: swap a finished build into place, or leave the old site untouched.

The new site is built in a sibling folder of the target (same file system), so
the swap is two renames; a build that fails or is interrupted before then
never touches the previous site.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def fresh_folder_beside(target: Path):
    """A new empty folder next to `target`, removed again unless it was swapped in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield folder
    finally:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    # Files made by mkdtemp are private (0700); a site folder must be readable by a web server.
    os.chmod(new, 0o755)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        old.rmdir()
        os.rename(target, old)
    os.rename(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
