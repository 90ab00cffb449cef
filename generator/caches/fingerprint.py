"""What shapes every output besides the project's own files: one fingerprint, for every cache.

A build's output follows from the project's files (content, configuration, theme), the day
it runs in, and this: dudao's own files (code, templates, words), the theme dudao ships, the
version of every library whose code shapes what is written, and Python's version. Every
cache keys what it keeps by this fingerprint, with what else its entries depend on
(`of`): the "up to date" check (`freshness`), the record store, the render cache, the
engine's pages, the compiled templates and the texts kept (`textmemo`). A change to any
of it is a new fingerprint, and what was kept under the old one is not used.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path


# Distributions whose code shapes the output: the engine and its theme, Markdown and its
# extensions, the templates, the sanitiser, the QR codes, pinyin, the Traditional Chinese
# site, the YAML reader.
PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "MarkupSafe", "nh3",
            "segno", "pypinyin", "zhconv", "PyYAML")


def package_theme() -> Path:
    """The theme dudao ships (the `dudao_theme` package: the repository's `theme/`)."""
    return Path(str(resources.files("dudao_theme")))


@lru_cache(maxsize=1)
def code() -> str:
    """Worked out once per process: a running process keeps the code it loaded, and the
    theme is read by every build (so an upgrade that changes only the theme is a new
    fingerprint too)."""
    digest = hashlib.sha256()
    for label, package in (("generator", Path(__file__).resolve().parent.parent), ("dudao_theme", package_theme())):
        digest.update(label.encode() + b"\0" + files_digest(package).encode())
    for name in PACKAGES:
        try:
            digest.update(f"{name}=={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} absent\n".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def files_digest(folder: Path) -> str:
    """Every file under `folder` (but compiled Python), by its path in the folder and its bytes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def of(*parts: str | bytes) -> str:
    """A cache's key: the fingerprint, with what else the cache's entries depend on."""
    digest = hashlib.sha256(code().encode())
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()[:32]
