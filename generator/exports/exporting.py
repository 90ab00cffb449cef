"""Phase 9, export: files made from the site model, never from the built HTML: the school
finder's data, the full-text search index, the Atom feeds, the open data, the sitemap and
robots.txt, the signs."""

from __future__ import annotations

import gc
import json
import os
import sys
from contextlib import contextmanager
from itertools import chain
from pathlib import Path

from ..model import addresses
from ..views import feeds, opendata, signs
from . import fulltext, sitemap
from ..caches import linkedfiles, textmemo
from ..caches.forking import fork_context
from ..model.collation import name_key, person_pinyin, pinyin
from ..model.i18n import Words
from ..sources.linking import Site
from ..pages.planning import SitePlan
from ..model.records import SCHOOL_TYPES
from ..pages.rendering import tel_uri


def finder_data(site: Site) -> dict:
    """The names a visitor may remember, for every school and supervisor, with their pinyin:
    the school finder filters it, and the header search answers names from it before it
    loads the full-text index (a first search for a school then fetches this one file).

    Stored by column, not by row (a column of names or of pinyin compresses far better
    than rows mixing both), and pinyin is stored once, by syllable (`qing xi shi yan`): the
    browser joins it for full pinyin and takes first letters for initials.
    """
    words = Words(site.config.language)
    types = [t for t in SCHOOL_TYPES if any(s.type == t for s in site.schools.values())]
    zones = list(site.sorted_zones())
    zone_index = {z.id: i for i, z in enumerate(zones)}
    towns = sorted({s.township for s in site.schools.values() if s.township}, key=name_key)
    town_index = {town: i for i, town in enumerate(towns)}
    type_index = {t: i for i, t in enumerate(types)}
    people = sorted(site.supervisors.values(), key=lambda p: (name_key(p.name), p.id))
    person_index = {p.id: i for i, p in enumerate(people)}
    schools = sorted(site.schools.values(), key=lambda s: (name_key(s.name), s.id))

    def primary(school) -> int:
        sup = site.primary_supervisor(school)
        return person_index[sup.id] if sup else -1

    return {
        "v": 2,
        # addresses come from their one owner; the browser fills in each record's id
        "urls": {kind: addresses.record(kind, "{id}") for kind in ("school", "supervisor", "zone")},
        "types": [[t, words.label("school_type", t)] for t in types],
        "zones": [[z.id, z.name] for z in zones],
        "towns": towns,
        "schools": {
            "id": [s.id for s in schools],
            "name": [s.name for s in schools],
            "former": ["|".join(s.aliases) for s in schools],
            "pinyin": ["|".join(pinyin(n) for n in (s.name, *s.aliases)) for s in schools],
            "town": [town_index.get(s.township, -1) for s in schools],
            "type": [type_index[s.type] for s in schools],
            "zone": [zone_index.get(str(s.zone), -1) for s in schools],
            "closed": [1 if s.is_closed else 0 for s in schools],
            "supervisor": [primary(s) for s in schools],
            # where it is, for 附近的学校 (worked out in the page, from the browser's own location)
            "lat": [round(s.location.lat, 5) if s.location else None for s in schools],
            "lon": [round(s.location.lon, 5) if s.location else None for s in schools],
        },
        "people": {
            "id": [p.id for p in people],
            "name": [p.name for p in people],
            "pinyin": [person_pinyin(p.name) for p in people],
            "tel": [tel_uri(p.phone) for p in people],
            "phone": [p.phone for p in people],  # as written, shown beside the name
            "zone": [zone_index.get(str(p.zone), -1) for p in people],
            "former": [1 if site.is_former(p) else 0 for p in people],
        },
    }


class _Writer:
    """Writes each export under `out`; with a `store` (`PROJECT/.dudao-cache/exports/`), an
    export whose bytes an earlier build wrote is that build's file, linked (`linkedfiles`):
    most exports are the same from one build to the next, and a file written costs this
    machine twenty-five times one linked (a district's thousand exports: a quarter second)."""

    def __init__(self, out: Path, store: Path | None):
        self.out, self.store = out, store
        self.used: set[str] = set()
        self.folders: set[Path] = set()  # made already: most exports share a few folders
        if store is not None:
            store.mkdir(parents=True, exist_ok=True)

    def __call__(self, path: str, content: str | bytes) -> None:
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        target = self.out / path
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)
        if self.store is None:
            target.write_bytes(data)
            return
        written = linkedfiles.digest(data)
        entry = self.store / written
        self.used.add(written)
        if linkedfiles.intact(entry, written):
            linkedfiles.place(entry, target)
        else:
            target.write_bytes(data)
            linkedfiles.keep(target, entry, written)

    def tidy(self) -> None:
        if self.store is not None:
            linkedfiles.tidy(self.store, self.used)


def merge_exports(exports: Path, out: Path) -> None:
    """Move the exports, written beside the engine's output, into it."""
    # The engine's own sitemap lists pages without knowing which are ours to list.
    for engine_file in ("sitemap.xml", "sitemap.xml.gz"):
        (out / engine_file).unlink(missing_ok=True)
    for folder, _, names in os.walk(exports):
        here = Path(folder)
        into = out / here.relative_to(exports)
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(here / name, into / name)


def write_exports(site: Site, plan: SitePlan, out: Path, cache: Path | None = None) -> None:
    """`cache`: the project's cache folder, where exports (and the texts of `textmemo`) are kept."""
    write = _Writer(out, cache / "exports" if cache is not None else None)
    map_text = sitemap.sitemap(site, plan)
    if map_text is not None:
        write("sitemap.xml", map_text)
    write("robots.txt", sitemap.robots(site))
    write(addresses.FINDER_DATA, json.dumps(finder_data(site), ensure_ascii=False, separators=(",", ":")))
    for feed in feeds.feeds_of(site):
        write(feed.path, feeds.render_feed(site, feed))
    for path, content in chain(opendata.files(site, plan.figures).items(),
                               signs.files(site, plan.sign_codes).items(), fulltext.files(site, plan)):
        write(path, content)
    write.tidy()
    if cache is not None:
        textmemo.keep_all(cache)


class ExportError(Exception):
    """Writing the exports failed; the message says why."""


def _write_and_tell(site: Site, plan: SitePlan, out: Path, cache: Path | None, sending) -> None:
    """In the exports' own process: write them, or send back why not (no traceback). The
    model it inherited is left alone by its garbage collector, which went over all of it again
    at each full collection (`docs/performance.md`)."""
    gc.freeze()
    try:
        write_exports(site, plan, out, cache)
    except Exception as err:  # noqa: BLE001 - reported by the build as build.exports
        sending.send(f"{type(err).__name__}: {err}")
        sys.exit(1)


def exports_written_here(site: Site, plan: SitePlan, out: Path, cache: Path | None = None):
    """Write the exports in this process; a failure is kept, not raised: the function
    returned raises it as an `ExportError`, as `exports_written_beside`'s does, for the
    caller to report once its engine is done."""
    try:
        write_exports(site, plan, out, cache)
    except Exception as err:  # noqa: BLE001 - reported by the build as build.exports
        failure = ExportError(f"{type(err).__name__}: {err}")

        def failed() -> None:
            raise failure
        return failed
    return lambda: None


@contextmanager
def exports_written_beside(site: Site, plan: SitePlan, out: Path, cache: Path | None = None):
    """Write the exports in a forked process while the caller goes on (with the engine), and
    give the caller a function that waits for them: they are the one long phase that uses a
    single core, so on two cores one stood idle. Where a process cannot be forked safely
    (another thread runs: the preview), they are written first, and a failure is reported
    as the forked process's is: when waited for (`exports_written_here`). `cache`: the
    project's cache folder (`write_exports`)."""
    context = fork_context()
    if context is None:
        yield exports_written_here(site, plan, out, cache)
        return
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_write_and_tell, args=(site, plan, out, cache, sending), daemon=True)
    process.start()
    sending.close()
    # The child has the model now: this process keeps no reference to it here, so that the
    # caller can let it go while the engine runs.
    process._args = ()
    del site, plan

    def wait() -> None:
        process.join()
        if process.exitcode != 0:
            said = receiving.recv() if receiving.poll() else ""
            raise ExportError(said or f"exit status {process.exitcode}")

    try:
        yield wait
    finally:
        if process.is_alive():  # the caller gave up (the engine failed, an interrupt)
            process.terminate()
            process.join()
