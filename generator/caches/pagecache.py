"""The engine's pages kept from earlier builds (`PROJECT/.dudao-cache/engine/`).

A page's HTML follows from its staged Markdown, the configuration, the theme as staged, and
dudao's code and the engine's versions (the fingerprint): a page is taken from here when all
are as when it was made. An entry is the very file placed in the site (`linkedfiles`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import yaml

from . import fingerprint, linkedfiles


class PageCache:
    """The engine's pages kept from earlier builds (`PROJECT/.dudao-cache/engine/`), for one
    configuration, theme and engine: a page is taken from it when its staged text is as when
    it was made."""

    def __init__(self, config_path: Path, folder: Path):
        config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
        self.folder = folder
        self.store = folder / _fingerprint(config_path, config_path.parent / config["theme"]["custom_dir"])
        self.store.mkdir(parents=True, exist_ok=True)
        self.entries = {name.partition(".")[0]: self.store / name
                        for name in os.listdir(self.store) if name.endswith(".html")}

    @staticmethod
    def key(source: str, text: bytes) -> str:
        return hashlib.sha256(source.encode() + b"\0" + text).hexdigest()

    def entry(self, key: str) -> Path | None:
        """The cache's file for `key`, when it holds one intact."""
        entry = self.entries.get(key)
        return entry if entry is not None and _intact(entry) else None

    def keep(self, page: Path, key: str) -> str:
        """The engine's page, kept in the cache under `key`; the entry's name."""
        return _keep(page, self.store, key)


def _fingerprint(config_path: Path, theme: Path) -> str:
    """What every page's output depends on besides its own text: the configuration (nav,
    words, URL), the theme's files as staged (the project's overrides over dudao's), and the
    fingerprint of dudao's code (the engine's runner and dudao's Markdown extension among it)
    and of the engine's versions."""
    return fingerprint.of(config_path.read_bytes(), fingerprint.files_digest(theme))


# A cache entry is named `<key of the page's text>.<digest of its HTML>.html`: a page placed in
# the site is the cache's own file (`linkedfiles`).
def _written(entry: Path) -> str:
    return entry.name.split(".")[1]


def _intact(entry: Path) -> bool:
    try:
        return linkedfiles.intact(entry, _written(entry))
    except (ValueError, IndexError):  # not an entry's name
        return False


def _keep(page: Path, store: Path, key: str) -> str:
    written = linkedfiles.digest(page.read_bytes())
    entry = store / f"{key}.{written}.html"
    linkedfiles.keep(page, entry, written)
    return entry.name
