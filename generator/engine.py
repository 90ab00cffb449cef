"""Phase 7, the engine: turn the staged Markdown and mkdocs.yml into HTML.

This is the only module that knows MkDocs is the engine. It runs it as a separate
process, so ProperDocs or Zensical can take its place by changing this file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


class EngineError(Exception):
    """The engine failed; the message is its own output, for the build log."""


def run(config_path: Path, out_dir: Path, source_date_epoch: int) -> None:
    env = dict(os.environ)
    # MkDocs reads this for dates it writes (sitemap), so repeated builds are identical.
    env["SOURCE_DATE_EPOCH"] = str(source_date_epoch)
    env.setdefault("PYTHONHASHSEED", "0")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", str(config_path), "--site-dir", str(out_dir)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=config_path.parent)
    if result.returncode != 0:
        output = (result.stderr or "") + (result.stdout or "")
        raise EngineError(output.strip() or f"mkdocs exited with status {result.returncode}")
