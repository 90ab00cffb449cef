"""Pages rendered by an earlier build, reused when what they show has not changed.

A page's Markdown follows from dudao's code and templates, the configuration (both in the
fingerprint, which names the store), and the page's planned fields and context
(`contexts.of`): templates only display their context. The cache keeps, per page, the
digest of its fields and context and the engine's key of the Markdown made. At the next
build, a page whose digest is the same would be rendered to the same Markdown: it is not
rendered again, and the engine's cache is asked for its HTML by that key.

Digests are of values written out as text (`_write`): a record stands for its file's digest,
a part of a record for its file and place, a value of a kind it does not know for its pickle.
A page whose context cannot be pickled, or holds the site model itself, is rendered every
time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import pickle
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup

from ..caches import fingerprint as fingerprints
from ..sources.linking import Site
from ..model.diagnostics import Pos
from ..model.kinds import KINDS
from ..model.records import SOURCE_DIGEST, Record
from ..views.followup import OpenItem
from ..views.structured_data import Office
from ..views.rows import RectRow, ReportRow


class Unreusable(Exception):
    """The page depends on something the cache cannot follow: it is rendered every time."""


# Each record's digest, worked out once per process (the model is read-only and outlives
# every use): a record is in many pages' contexts.
_RECORD_DIGESTS: dict[int, tuple[Record, str]] = {}


# Each record file's digest (`SourceFile.digest`) by path, learnt from the model a build renders.
_FILE_DIGESTS: dict[str, str] = {}
_MODEL = Record.__module__


def learn_sources(site: Site) -> None:
    """Know each record's file by its digest, for the parts of records (`_write`)."""
    _FILE_DIGESTS.clear()
    for kind in KINDS.values():
        for record in site.records[kind.name].values():
            source = record.__dict__.get(SOURCE_DIGEST)
            if source is not None:
                _FILE_DIGESTS[record.pos.path] = source


# Each dataclass's field names, looked up once (`dataclasses.fields` for every instance was a
# third of the time of digesting a record).
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _hashed(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _pickled(value: Any) -> str:
    """The digest of a value of a kind `_write` does not know, by its pickle."""
    try:
        return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=16).hexdigest()
    except Exception as err:  # noqa: BLE001 - anything that cannot be pickled
        raise Unreusable(f"not picklable: {err}") from None


def forget_digests() -> None:
    """Let the records and rows of a build go (the preview builds again and again in one
    process)."""
    _RECORD_DIGESTS.clear()
    _ROW_TEXTS.clear()
    _FILE_DIGESTS.clear()


def record_digest(record: Record) -> str:
    source = record.__dict__.get(SOURCE_DIGEST)
    if source is not None:  # the record follows from its file (and dudao's code, in the fingerprint)
        return source
    known = _RECORD_DIGESTS.get(id(record))
    if known is None or known[0] is not record:  # one made in linking (withheld): by its fields
        written: list[str] = []
        _write_fields(record, type(record), _field_names(type(record)), written)
        known = _RECORD_DIGESTS[id(record)] = (record, _hashed("\x1f".join(written)))
    return known[1]


def digest(value: Any) -> str:
    """A digest of a value, written out by `_write` (records inside it by their own digests)."""
    written: list[str] = []
    _write(value, written)
    return _hashed("\x1f".join(written))


# The rows that many pages show (`views.rows`, the open items), and the text of each, by the
# row (`_write`).
_SHARED = frozenset((ReportRow, RectRow, OpenItem, Office))
_ROW_TEXTS: dict[int, tuple[Any, str]] = {}
# Values written as their type and text in a page's inputs (`page_inputs`).
_PLAIN = frozenset((str, int, float, bool, type(None), Markup))
_SEQUENCES = frozenset((tuple, list))


def _field_names(kind: type) -> tuple[str, ...] | None:
    names = _FIELD_NAMES.get(kind, ())
    if names == ():
        names = _FIELD_NAMES[kind] = (tuple(f.name for f in dataclasses.fields(kind))
                                      if dataclasses.is_dataclass(kind) else None)
    return names


def _write(value: Any, out: list[str]) -> None:
    """`value` as text, appended to `out`: a plain value as its type and repr, a record as its
    digest, a part of a record as its file's digest and its place, a sequence, map or
    dataclass as its items (each sequence prefixed with its length, so that no two values
    are written alike); anything else as the digest of its pickle. Written out, not
    pickled: a page's context is mostly records and rows of them, and walking them is a
    fraction of pickling them with a hook called on every object. How a value is written
    is decided once per type (`_writer`)."""
    writer = _WRITERS.get(type(value))
    if writer is None:
        writer = _WRITERS[type(value)] = _writer(type(value))
    writer(value, out)


def _writer(kind: type) -> Callable[[Any, list[str]], None]:
    """How a value of `kind` is written (`_write`)."""
    name = kind.__name__
    if kind in _PLAIN:
        return lambda value, out: out.append(f"{name}:{value!r}")
    if kind in _SEQUENCES:
        def sequence(value, out):
            out.append(f"{name}:{len(value)}")
            for item in value:
                writer = _WRITERS.get(type(item))
                if writer is None:
                    writer = _WRITERS[type(item)] = _writer(type(item))
                writer(item, out)
        return sequence
    if issubclass(kind, Record):
        return lambda value, out: out.append("record:" + record_digest(value))
    if kind is Site:
        def refused(value, out):
            raise Unreusable("the page's context holds the site model")
        return refused
    names = _field_names(kind)
    if kind in _SHARED:  # a row many pages show: written once
        label = kind.__qualname__

        def shared(value, out):
            known = _ROW_TEXTS.get(id(value))
            if known is None or known[0] is not value:
                written: list[str] = []
                for field in names:
                    _write(getattr(value, field), written)
                known = _ROW_TEXTS[id(value)] = (value, "\x1f".join(written))
            out.append(f"{label}:{known[1]}")
        return shared
    if names is not None:
        if names and names[0] == "pos" and kind.__module__ == _MODEL:
            label = kind.__qualname__

            def part(value, out):
                pos = value.pos
                source = _FILE_DIGESTS.get(pos.path) if isinstance(pos, Pos) else None
                if source is not None:  # a part of a record follows from its file and its place in it
                    out.append(f"part:{source}:{pos.line}:{pos.col}:{label}")
                else:
                    _write_fields(value, kind, names, out)
            return part
        return lambda value, out: _write_fields(value, kind, names, out)
    if issubclass(kind, dt.date):
        return lambda value, out: out.append(f"{name}:{value.isoformat()}")
    if issubclass(kind, Mapping):
        return _write_map
    return lambda value, out: out.append("value:" + _pickled(value))


def _write_map(value: Mapping, out: list[str]) -> None:
    try:
        keys = sorted(value)
    except TypeError:  # keys of kinds that do not sort together
        out.append("value:" + _pickled(value))
        return
    out.append(f"map:{len(value)}")
    for key in keys:
        _write(key, out)
        _write(value[key], out)


_WRITERS: dict[type, Callable[[Any, list[str]], None]] = {}


def _write_fields(value: Any, kind: type, names: tuple[str, ...], out: list[str]) -> None:
    out.append(f"{kind.__module__}.{kind.__qualname__}:{len(names)}")
    for name in names:
        _write(getattr(value, name), out)


def page_inputs(page, context: Mapping[str, Any]) -> str:
    """The digest of a page's planned fields and its whole context (`contexts.of`), written
    out by `_write`."""
    parts = [repr(field) for field in (page.url, page.template, page.title, page.kind, page.nav_title,
                                       page.search_label, page.feed, page.feed_href, page.feed_title)]
    origin = page.origin
    parts.append(f"pos:{origin.path!r}:{origin.line}:{origin.col}" if type(origin) is Pos else f"value:{digest(origin)}")
    for name in sorted(context):
        parts.append(repr(name))
        _write(context[name], parts)
    return _hashed("\x1f".join(parts))  # a separator that repr never leaves in a text


def fingerprint(site: Site) -> str:
    """What every page's Markdown depends on besides its own fields and context: the
    fingerprint of dudao's code and libraries, and the configuration."""
    return fingerprints.of(digest(site.config))


class RenderCache:
    """The store (`PROJECT/.dudao-cache/render/<fingerprint>.json`): each page's address → [the
    digest of its fields and context, the engine's key of its Markdown], in one file, read
    once before the render workers start (they inherit it) and written once after (a file
    per page was seconds to create at a district's size)."""

    def __init__(self, folder: Path, site: Site):
        self.folder = folder
        self.store = folder / f"{fingerprint(site)}.json"
        self.entries: dict[str, list[str]] = {}
        learn_sources(site)
        self.prepared = False

    def prepare(self) -> None:
        """Read the store; stores of other fingerprints are removed."""
        self.prepared = True
        try:
            loaded = json.loads(self.store.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        self.entries = loaded if isinstance(loaded, dict) else {}
        if self.folder.is_dir():
            for other in self.folder.iterdir():
                if other != self.store:
                    _remove(other)

    def known_key(self, url: str, inputs: str) -> str | None:
        """The engine's key of the Markdown the last build made of the page, when its
        fields and context had the digest `inputs`; else None."""
        entry = self.entries.get(url)
        if not isinstance(entry, list) or len(entry) != 2 or entry[0] != inputs or not isinstance(entry[1], str):
            return None
        return entry[1]

    def save(self, entries: dict[str, list[str]]) -> None:
        scratch = self.store.with_name(f"{self.store.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            scratch.write_text(json.dumps(entries, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            os.replace(scratch, self.store)
        except OSError:
            pass  # a full disk costs a later build its reuse, never this build its pages


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
