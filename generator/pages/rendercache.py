"""Pages rendered by an earlier build, reused when nothing they read has changed.

A page's Markdown follows from dudao's code and templates, the configuration, the page's
planned fields and context, and what its template reads of the site model. While a page
renders, the model it is given notes each read: an attribute (`site.build_date`), one entry
of a map (`site.schools["x"]`, also inside the model's own methods), or a whole map when
the template goes through all of it. The cache keeps, per page, a digest of the page's own
inputs, the reads, each with a digest of what it gave, and the engine's key of the Markdown
made. At the next build, a page whose inputs digest is the same and whose every read gives
the same digest from the new model would be rendered to the same Markdown: it is not
rendered again, and the engine's cache is asked for its HTML by that key.

Digests are of pickled values. A page whose context cannot be pickled, holds the site model
itself, or whose template reads the plan, is rendered every time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import pickle
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..caches import fingerprint as fingerprints
from ..sources.linking import Site
from ..model.diagnostics import Pos
from ..model.kinds import KINDS
from ..model.records import SOURCE_DIGEST, Record

# A read of a whole map or of an attribute that is not a map.
WHOLE = None
_ABSENT = b"\0absent"


class Unreusable(Exception):
    """The page depends on something the cache cannot follow: it is rendered every time."""


def _digested(value: str) -> str:
    """What a record stands for inside another value's pickle: its own digest."""
    return value


# Each record's digest, worked out once per process (the model is read-only and outlives
# every use): a record is in many pages' contexts and many reads' answers.
_RECORD_DIGESTS: dict[int, tuple[Record, str]] = {}


def _fields(kind: str, *values):
    """What a dataclass instance stands for in a digest: its class's name and its fields."""


# Each record file's digest (`SourceFile.digest`) by path, learnt from the model a build renders.
_FILE_DIGESTS: dict[str, str] = {}
_MODEL = Record.__module__


def learn_sources(site: Site) -> None:
    """Know each record's file by its digest, for the parts of records (`reducer_override`)."""
    _FILE_DIGESTS.clear()
    for kind in KINDS.values():
        for record in site.records[kind.name].values():
            source = record.__dict__.get(SOURCE_DIGEST)
            if source is not None:
                _FILE_DIGESTS[record.pos.path] = source


# Each dataclass's field names, looked up once (pickle's own way asks `dataclasses.fields`
# for every instance: a third of the time of digesting a record).
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


class _Pickler(pickle.Pickler):
    top: Any = None

    def reducer_override(self, obj):
        if isinstance(obj, Record) and obj is not self.top:
            return _digested, (record_digest(obj),)
        if isinstance(obj, (Site, ReadingSite)):
            raise Unreusable("the page's context holds the site model")
        kind = type(obj)
        names = _FIELD_NAMES.get(kind, ())
        if names == ():
            names = _FIELD_NAMES[kind] = (tuple(f.name for f in dataclasses.fields(obj))
                                          if dataclasses.is_dataclass(obj) and not isinstance(obj, type) else None)
        if names is not None:
            if names and names[0] == "pos" and kind.__module__ == _MODEL:
                # A part of a record (a rectification, a finding) follows from its file's text
                # and its place in it.
                pos = obj.pos
                source = _FILE_DIGESTS.get(pos.path) if isinstance(pos, Pos) else None
                if source is not None:
                    return _digested, (f"{source}:{pos.line}:{pos.col}:{kind.__qualname__}",)
            return _fields, (f"{kind.__module__}.{kind.__qualname__}", *(getattr(obj, name) for name in names))
        return NotImplemented


def _digest(value: Any, top: Any = None) -> str:
    out = io.BytesIO()
    pickler = _Pickler(out, protocol=5)
    pickler.fast = True  # no memo: equal values give equal digests whether or not they share objects
    pickler.top = top
    try:
        pickler.dump(value)
    except Unreusable:
        raise
    except Exception as err:  # noqa: BLE001 - anything that cannot be pickled
        raise Unreusable(f"not picklable: {err}") from None
    return hashlib.blake2b(out.getvalue(), digest_size=16).hexdigest()


def forget_digests() -> None:
    """Let the records of a build go (the preview builds again and again in one process)."""
    _RECORD_DIGESTS.clear()
    _FILE_DIGESTS.clear()


def record_digest(record: Record) -> str:
    source = record.__dict__.get(SOURCE_DIGEST)
    if source is not None:  # the record follows from its file (and dudao's code, in the fingerprint)
        return source
    known = _RECORD_DIGESTS.get(id(record))
    if known is None or known[0] is not record:
        known = _RECORD_DIGESTS[id(record)] = (record, _digest(record, top=record))
    return known[1]


def digest(value: Any) -> str:
    """A digest of a value, by its pickle (records inside it by their own digests)."""
    return record_digest(value) if isinstance(value, Record) else _digest(value)


# Values written as their type and text in a page's inputs (`page_inputs`).
_PLAIN = (str, int, float, bool, type(None))


def page_inputs(page) -> str:
    """The digest of a page's planned fields and context. Most pages are a record's, with
    plain fields and the record in their context: these are written as text, each value
    after its type, a record as its digest (a pickle of each page was most of the cost of
    looking a district's pages over); any other value as the digest of its pickle."""
    parts = [repr(field) for field in (page.url, page.template, page.title, page.kind, page.nav_title,
                                       page.search_label, page.feed, page.feed_href, page.feed_title)]
    origin = page.origin
    parts.append(f"pos:{origin.path!r}:{origin.line}:{origin.col}" if type(origin) is Pos else f"value:{digest(origin)}")
    for name, value in sorted(page.context.items()):
        kind = type(value)
        parts.append(repr(name))
        parts.append(f"{kind.__name__}:{value!r}" if kind in _PLAIN else f"value:{digest(value)}")
    text = "\x1f".join(parts)  # a separator that repr never leaves in a text
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class _ReadingMap(Mapping):
    """A map of the model that notes which entries are read (or that all of it is)."""

    __slots__ = ("_name", "_map", "_reads")

    def __init__(self, name: str, mapping: Mapping, reads: set):
        self._name, self._map, self._reads = name, mapping, reads

    def __getitem__(self, key):
        self._reads.add((self._name, key))
        return self._map[key]

    def get(self, key, default=None):
        self._reads.add((self._name, key))
        return self._map.get(key, default)

    def __contains__(self, key):
        self._reads.add((self._name, key))
        return key in self._map

    def __iter__(self):
        self._reads.add((self._name, WHOLE))
        return iter(self._map)

    def __len__(self):
        self._reads.add((self._name, WHOLE))
        return len(self._map)

    def keys(self):
        self._reads.add((self._name, WHOLE))
        return self._map.keys()

    def values(self):
        self._reads.add((self._name, WHOLE))
        return self._map.values()

    def items(self):
        self._reads.add((self._name, WHOLE))
        return self._map.items()


class ReadingSite:
    """The site model as a template sees it, noting what it reads. Its methods run with this
    object as `self`, so that what they read of the model is noted too."""

    __slots__ = ("_dd_site", "_dd_reads")

    def __init__(self, site: Site, reads: set):
        object.__setattr__(self, "_dd_site", site)
        object.__setattr__(self, "_dd_reads", reads)

    def __getattr__(self, name: str):
        site = self._dd_site
        on_class = getattr(type(site), name, None)
        if callable(on_class):
            return on_class.__get__(self)
        if isinstance(on_class, property):
            return on_class.fget(self)
        value = getattr(site, name)
        if isinstance(value, Mapping):
            return _ReadingMap(name, value, self._dd_reads)
        self._dd_reads.add((name, WHOLE))
        return value

    def __setattr__(self, name, value):
        raise AttributeError("the site model is read-only")


class PlanGuard:
    """The plan as a template sees it: reading it makes the page one that is always rendered
    (a page that depends on the whole plan would be invalidated by any change anyway)."""

    __slots__ = ("_dd_plan", "_dd_flags")

    def __init__(self, plan, flags: dict):
        object.__setattr__(self, "_dd_plan", plan)
        object.__setattr__(self, "_dd_flags", flags)

    def __getattr__(self, name: str):
        self._dd_flags["plan"] = True
        return getattr(self._dd_plan, name)


class Answers:
    """The digest of each read, from one build's model, each worked out once."""

    def __init__(self, site: Site):
        self.site = site
        self.known: dict[tuple[str, Any], str] = {}

    def of(self, read: tuple[str, Any]) -> str:
        found = self.known.get(read)
        if found is None:
            name, key = read
            value = getattr(self.site, name, _ABSENT)
            if key is not WHOLE:
                value = value.get(key, _ABSENT) if isinstance(value, Mapping) else _ABSENT
            elif isinstance(value, Mapping):
                value = tuple(value.items())
            found = self.known[read] = digest(value)
        return found


def fingerprint(site: Site) -> str:
    """What every page's Markdown depends on besides its own inputs and reads: the
    fingerprint of dudao's code and libraries, and the configuration."""
    return fingerprints.of(digest(site.config))


# One page's entry: [digest of its inputs, the engine's key of its Markdown, [[name, key, answer] …]]
Entry = list


class RenderCache:
    """The store (`PROJECT/.dudao-cache/render/<fingerprint>.json`): every page's entry in one
    file, read once before the render workers start (they inherit it) and written once after
    (a file per page was seconds to create at a district's size)."""

    def __init__(self, folder: Path, site: Site):
        self.folder = folder
        self.store = folder / f"{fingerprint(site)}.json"
        self.entries: dict[str, Entry] = {}
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

    def known_key(self, page, inputs: str, answers: Answers) -> tuple[str, Entry] | None:
        """The engine's key of the page's Markdown and its entry, when the last build's reads
        all give the same answers now; else None."""
        entry = self.entries.get(page.url)
        try:
            noted_inputs, key, reads = entry
            if noted_inputs != inputs or not isinstance(key, str):
                return None
            for name, read_key, answer in reads:
                if answers.of((name, read_key)) != answer:
                    return None
        except (Unreusable, ValueError, TypeError, KeyError, AttributeError):
            return None
        return key, entry

    @staticmethod
    def entry(inputs: str, reads: set, answers: Answers, key: str) -> Entry | None:
        """What to keep of a page just rendered; None when a read cannot be kept."""
        if not all(isinstance(read_key, (str, type(None))) for _, read_key in reads):
            return None  # a map read by a key that is not text
        try:
            noted = sorted(([name, read_key, answers.of((name, read_key))] for name, read_key in reads),
                           key=lambda read: (read[0], read[1] or ""))
        except Unreusable:
            return None
        return [inputs, key, noted]

    def save(self, entries: dict[str, Entry]) -> None:
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
