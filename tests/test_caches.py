"""Each cache on its own, so that a failure names the module that broke: what it keeps, by
what key, and that a new fingerprint of dudao's code (`fingerprint.code`) leaves nothing of it
in use. The builds that use them all together are in test_incremental.py."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from generator.caches import fingerprint


@pytest.fixture
def other_code(monkeypatch):
    """Make dudao's fingerprint another one, as an upgrade would."""
    def change():
        fingerprint.code.cache_clear()
        monkeypatch.setattr(fingerprint, "code", lambda: "0" * 64)
    return change


def test_fingerprint_of_is_the_code_and_every_part_in_order():
    assert fingerprint.of("a", "b") != fingerprint.of("b", "a")
    assert fingerprint.of("ab") != fingerprint.of("a", "b")  # parts are kept apart
    assert fingerprint.of("a") == fingerprint.of(b"a")
    assert len(fingerprint.code()) == 64 and fingerprint.code() == fingerprint.code()


def test_the_record_store_keeps_records_of_unchanged_files_for_one_code(tmp_path):
    from generator.caches.recordstore import RecordStore, signature

    record = tmp_path / "school.yml"
    record.write_text("name: 清溪\n", encoding="utf-8")
    store = RecordStore(tmp_path / "records.pickle", fingerprint.code())
    store.note("school:content/schools/school.yml", signature(record), {"name": "清溪"})
    store.save()
    again = RecordStore(tmp_path / "records.pickle", fingerprint.code())
    again.recall()
    assert again.known("school:content/schools/school.yml", signature(record)) == {"name": "清溪"}
    record.write_text("name: 清溪一小\n", encoding="utf-8")  # the file changed: not taken
    assert again.known("school:content/schools/school.yml", signature(record)) is None
    other = RecordStore(tmp_path / "records.pickle", fingerprint.of("another version"))
    other.recall()
    assert other.kept == {}
    (tmp_path / "records.pickle").write_bytes(b"\x80\x05 cut")
    broken = RecordStore(tmp_path / "records.pickle", fingerprint.code())
    broken.recall()
    assert broken.kept == {}


def test_a_store_recalled_again_goes_on_from_its_last_check_without_reading_its_file(tmp_path):
    """The preview recalls its store before each rebuild: the records its last check noted are
    taken from memory (a city's store took longer to read than an edit to check), and a file
    changed since is read again."""
    from generator.caches.recordstore import RecordStore, signature

    record = tmp_path / "school.yml"
    record.write_text("name: 清溪\n", encoding="utf-8")
    key = "school:content/schools/school.yml"
    store = RecordStore(tmp_path / "records.pickle", fingerprint.code())
    store.recall()
    assert store.known(key, signature(record)) is None  # nothing kept yet, and no file
    store.note(key, signature(record), {"name": "清溪"})
    store.recall()
    assert not (tmp_path / "records.pickle").exists()
    assert store.known(key, signature(record)) == {"name": "清溪"}  # from the last check, in memory
    store.recall()  # noted again by that look: still known after another recall
    assert store.known(key, signature(record)) == {"name": "清溪"}
    record.write_text("name: 清溪一小\n", encoding="utf-8")
    assert store.known(key, signature(record)) is None


def test_kept_texts_follow_the_fingerprint(tmp_path, other_code):
    from generator.caches.textmemo import TextMemo

    def memo():
        return TextMemo(lambda: fingerprint.code())

    first = memo()
    first.get("清溪", lambda: "qing xi")
    first.keep(tmp_path / "pinyin.json")
    same = memo()
    same.recall(tmp_path / "pinyin.json")
    assert same.get("清溪", lambda: "again") == "qing xi"
    other_code()
    upgraded = memo()
    upgraded.recall(tmp_path / "pinyin.json")
    assert upgraded.get("清溪", lambda: "again") == "again"


def test_compiled_templates_are_kept_per_fingerprint_and_a_bad_entry_is_compiled_again(tmp_path, other_code):
    from jinja2 import DictLoader, Environment

    from generator.pages.rendering import compiled_templates

    def render():
        cache = compiled_templates(tmp_path)
        env = Environment(loader=DictLoader({"t.j2": "{{ 6 * 7 }}"}), bytecode_cache=cache)
        return env.get_template("t.j2").render(), Path(cache.directory)

    shown, folder = render()
    entries = list(folder.iterdir())
    assert shown == "42" and len(entries) == 1
    entries[0].write_bytes(entries[0].read_bytes()[:20])  # cut short just past the header
    assert render()[0] == "42"
    assert entries[0].stat().st_size > 20  # compiled again and kept anew
    other_code()
    shown, upgraded = render()
    assert shown == "42" and upgraded != folder and not folder.exists()  # the old version's folder goes


def test_linked_files_are_checked_by_their_mark_and_an_edit_in_place_is_seen(tmp_path):
    from generator.caches import linkedfiles

    source = tmp_path / "page.html"
    source.write_bytes(b"<p>one</p>")
    written = linkedfiles.digest(source.read_bytes())
    entry = tmp_path / "cache" / f"key.{written}.html"
    entry.parent.mkdir()
    linkedfiles.keep(source, entry, written)
    assert os.path.samefile(source, entry)  # the same file, linked
    assert linkedfiles.intact(entry, written)
    linkedfiles.place(entry, tmp_path / "site" / "page" / "index.html")
    assert (tmp_path / "site/page/index.html").read_bytes() == b"<p>one</p>"
    # A mark is made again once it is half the tidy's grace period old, not before.
    second, marked = 1_000_000_000, entry.stat().st_mtime_ns
    recent = marked - 60 * second
    os.utime(entry, ns=(recent, recent))
    assert linkedfiles.intact(entry, written) and entry.stat().st_mtime_ns == recent
    old = marked - (linkedfiles.GRACE_SECONDS // 2 + 1) * second
    os.utime(entry, ns=(old, old))
    assert linkedfiles.intact(entry, written) and entry.stat().st_mtime_ns >= marked
    with open(tmp_path / "site/page/index.html", "r+b") as placed:  # edited in place, through the site
        placed.write(b"<p>two</p>")
    assert not linkedfiles.intact(entry, written) and not entry.exists()


def test_a_store_left_by_another_configuration_goes_once_it_has_aged(tmp_path):
    """The engine's cache holds a store per configuration and version: one left behind is
    tidied once no build has touched it for the grace period, and not gone through before."""
    from generator.caches import linkedfiles

    folder = tmp_path / "engine"
    ours, left = folder / "ours", folder / "left"
    for store in (ours, left):
        store.mkdir(parents=True)
        for name in ("a", "b"):
            (store / name).write_text(name, encoding="utf-8")
    assert not linkedfiles.others_aged(folder, ours)  # only just left: kept, nothing gone through
    aged = time.time() - linkedfiles.GRACE_SECONDS - 60
    for path in (left / "a", left / "b", left, ours / "b"):
        os.utime(path, (aged, aged))
    assert linkedfiles.others_aged(folder, ours)
    linkedfiles.tidy(folder, {"a"}, ours)
    assert not left.exists()
    assert sorted(path.name for path in ours.iterdir()) == ["a"]  # the unused aged entry gone


def test_the_up_to_date_record_names_its_inputs_and_the_site_it_wrote(tmp_path, other_code):
    from generator.build import freshness
    from generator.model.diagnostics import Problems

    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "site_config.yml").write_text("site: {}\n", encoding="utf-8")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("home", encoding="utf-8")
    day = dt.date(2026, 11, 20)
    inputs = freshness.inputs(project, site, day, 0, ())
    freshness.remember(tmp_path / "cache", inputs, site, Problems(), 1, "zh-Hans")
    assert freshness.recall(tmp_path / "cache", inputs, site) is not None
    assert freshness.inputs(project, site, day + dt.timedelta(days=1), 0, ()) != inputs  # another day
    (site / "index.html").write_text("edited", encoding="utf-8")
    assert freshness.recall(tmp_path / "cache", inputs, site) is None  # the site is not as written
    other_code()
    assert freshness.inputs(project, site, day, 0, ()) != inputs


def test_the_engine_cache_is_per_configuration_theme_and_fingerprint(tmp_path, other_code):
    from generator.caches.pagecache import PageCache

    staging = tmp_path / "stage"
    (staging / "overrides").mkdir(parents=True)
    (staging / "overrides/main.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    config = staging / "mkdocs.yml"
    config.write_text("site_name: 清溪\ntheme:\n  custom_dir: overrides\n", encoding="utf-8")
    first = PageCache(config, tmp_path / "engine").store
    assert PageCache(config, tmp_path / "engine").store == first
    (staging / "overrides/main.html").write_text("{% extends 'base.html' %}{# changed #}", encoding="utf-8")
    themed = PageCache(config, tmp_path / "engine").store
    assert themed != first
    other_code()
    assert PageCache(config, tmp_path / "engine").store not in (first, themed)


def test_the_render_cache_is_per_configuration_and_fingerprint(tmp_path, other_code):
    from generator.build.pipeline import check
    from generator.pages.rendercache import fingerprint as render_fingerprint

    from conftest import EPOCH, FIXTURES

    site = check(FIXTURES / "tiny", EPOCH).site
    before = render_fingerprint(site)
    assert render_fingerprint(site) == before
    other_code()
    assert render_fingerprint(site) != before


def test_what_is_made_once_per_model_goes_with_its_model():
    """The views' memos (`caches.permodel`) keep what they made while its model lives, start
    afresh for another model, and let go of what they made when its model goes, so that no
    list of memos has to be emptied between the preview's builds."""
    import gc
    import weakref

    from generator.caches.permodel import PerModel

    class Model:
        pass

    class Made:
        pass

    memo = PerModel()
    first = Model()
    made = Made()
    watched = weakref.ref(made)
    memo.of(first)["rows"] = made
    del made
    assert memo.of(first)["rows"] is watched()  # kept while its model lives
    second = Model()
    assert memo.of(second) == {}  # another model: afresh
    assert watched() is None  # and the first one's is let go

    memo.of(second)["rows"] = made = Made()
    watched = weakref.ref(made)
    del made
    assert watched() is not None
    del second
    gc.collect()
    assert watched() is None  # its model went: so did what was made from it

    # `get` makes a value the first time it is asked for, then gives the one it kept.
    third, calls = Model(), []
    assert memo.get(third, "rows", lambda: calls.append(1) or "made") == "made"
    assert memo.get(third, "rows", lambda: calls.append(1) or "again") == "made"
    assert calls == [1]
    assert memo.get(Model(), "rows", lambda: "afresh") == "afresh"


def test_qr_codes_are_drawn_once_shared_among_the_processes_and_learnt_by_the_build(monkeypatch):
    """A build that renders every page draws the signs' QR codes first, shared among its
    processes (`rendering.draw_codes`): the build's process then knows every drawing, for the
    pages and for the SVG signs, as drawing it here would have made it."""
    import multiprocessing

    from generator.pages.rendering import CODES_PER_TASK, draw_codes
    from generator.views.signs import DRAWINGS, SignCode

    # Forked whatever threads the test runner keeps (`fork_context` refuses then). This process
    # draws once the forked one has begun to (a busy machine may start it late): a share is
    # surely drawn there.
    context, here, drawing = multiprocessing.get_context("fork"), os.getpid(), SignCode.__dict__["inline"].func
    started = context.Event()

    def inline(code):
        started.set() if os.getpid() != here else started.wait(60)
        return drawing(code)

    monkeypatch.setattr(SignCode, "inline", property(inline))
    codes = tuple(SignCode(f"https://dudao.example.cn/shared/{n}/") for n in range(CODES_PER_TASK * 4))
    draw_codes(codes, 2, context)
    drawn_here = [code for code in codes if "code" in code.__dict__]
    drawn_there = [code for code in codes if "code" not in code.__dict__]
    assert drawn_here and drawn_there  # a share drawn by the forked process
    for code in (drawn_here[0], drawn_there[0], drawn_there[-1]):
        kept = {kind: DRAWINGS.known.pop(f"{kind}\0{code.address}") for kind in ("page", "sign")}
        again = SignCode(code.address)  # drawn now, in this process
        assert kept == {"page": again.inline, "sign": again.drawing}
        assert kept["page"].startswith("<svg") and code.address in kept["page"]

    class Unforkable:  # codes drawn already are not drawn again: no process is forked for them
        def Value(self, *args, **options):
            raise AssertionError("a process was forked to draw codes already drawn")

    known = tuple(code for code in codes if code not in (drawn_here[0], drawn_there[0], drawn_there[-1]))
    draw_codes(tuple(SignCode(code.address) for code in known), 2, Unforkable())
