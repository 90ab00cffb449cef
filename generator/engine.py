"""Phase 7, the engine: turn the staged Markdown and mkdocs.yml into HTML.

This is the only module that knows MkDocs is the engine. It runs it as separate
processes, so ProperDocs or Zensical can take its place by changing this file.

Pages outside the nav (record pages: schools, reports, supervisors …) depend only on
their own Markdown and on the nav, so they are shared out among `jobs` engine processes:
each works in its own docs folder of links to the staged files, holding every file but
the other processes' independent pages, and each page's output is taken from the process
that built it. The result is the same, byte for byte, as one process's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

# Fewer independent pages than this per process are not worth another process's start-up.
MIN_PAGES_PER_JOB = 150


class EngineError(Exception):
    """The engine failed; the message is its own output, for the build log."""


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _command(config_path: Path, out_dir: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
            "--config-file", str(config_path), "--site-dir", str(out_dir)]


def _environment(source_date_epoch: int) -> dict[str, str]:
    env = dict(os.environ)
    # MkDocs reads this for dates it writes (sitemap), so repeated builds are identical.
    env["SOURCE_DATE_EPOCH"] = str(source_date_epoch)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def _output_of(source: str) -> str:
    """Where MkDocs (directory URLs) writes the page made from `source`."""
    stem = source[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def run(config_path: Path, out_dir: Path, source_date_epoch: int, jobs: int = 1,
        independent: tuple[str, ...] = ()) -> None:
    """Build the staged site into `out_dir`. `independent`: staged sources (relative to the
    docs folder) of pages outside the nav, which may be built by separate processes."""
    jobs = max(1, min(jobs, len(independent) // MIN_PAGES_PER_JOB))
    env = _environment(source_date_epoch)
    if jobs == 1:
        _wait([(subprocess.Popen(_command(config_path, out_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, env=env, cwd=config_path.parent), ())])
        return
    staging = config_path.parent
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    docs = (staging / config.get("docs_dir", "docs")).resolve()
    shares = [tuple(sorted(independent)[i::jobs]) for i in range(jobs)]
    running = []
    for number, share in enumerate(shares):
        others = set(independent) - set(share)
        shard_docs = staging / f"docs-{number}"
        _link_tree(docs, shard_docs, others)
        shard_config = staging / f"mkdocs-{number}.yml"
        shard_config.write_text(yaml.safe_dump(config | {"docs_dir": shard_docs.name}, allow_unicode=True,
                                               sort_keys=True), encoding="utf-8")
        target = out_dir if number == 0 else staging / f"site-{number}"
        process = subprocess.Popen(_command(shard_config, target), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env=env, cwd=staging)
        running.append((process, share if number else ()))
    _wait(running)
    for number, share in enumerate(shares[1:], start=1):
        built = staging / f"site-{number}"
        for source in share:
            page = _output_of(source)
            (out_dir / page).parent.mkdir(parents=True, exist_ok=True)
            os.replace(built / page, out_dir / page)
        shutil.rmtree(built, ignore_errors=True)


def _link_tree(docs: Path, into: Path, leave_out: set[str]) -> None:
    """A folder of symbolic links to every file under `docs` except those in `leave_out`."""
    for folder, _, names in os.walk(docs):
        here = Path(folder)
        relative = here.relative_to(docs)
        (into / relative).mkdir(parents=True, exist_ok=True)
        for name in names:
            source = (relative / name).as_posix()
            if source not in leave_out:
                (into / relative / name).symlink_to(here / name)


def _wait(running) -> None:
    failures = []
    for process, _ in running:
        stdout, stderr = process.communicate()
        if process.returncode != 0:
            failures.append(((stderr or "") + (stdout or "")).strip()
                            or f"mkdocs exited with status {process.returncode}")
    if failures:
        raise EngineError("\n".join(dict.fromkeys(failures)))
