"""A kind of record is registered in one place (`generator/model/kinds.py`): a kind the test
registers for itself, and no other module knows, is read, checked, given pages, a schema and a
`dudao new` scaffold, and fuzzed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from conftest import EPOCH, FIXTURES, copy_project
from generator.model.diagnostics import Pos
from generator.model.fieldtypes import Date, ListOf, Month, Struct, Text
from generator.model.kinds import KINDS, Kind, register, unregister
from generator.model.records import Record, _f


@dataclass(frozen=True)
class Meeting(Record):
    """例会: the office's monthly meeting of its supervisors (a kind this test registers)."""

    title: str = _f(Text(), True)
    held: dt.date = _f(Date(), True)
    chair: str | None = _f(Text())
    body: str = ""
    body_line: int = 0


@pytest.fixture
def meetings():
    register(Kind("meeting", Meeting, "meetings", ".md", True, "例会", "meetings", "page.md.j2"))
    try:
        yield KINDS["meeting"]
    finally:
        unregister("meeting")
    assert "meeting" not in KINDS


def test_a_kind_registered_in_one_place_gets_pages_a_schema_and_a_scaffold(meetings, tmp_path, monkeypatch):
    from generator.build.pipeline import build, check
    from generator.office.newrecord import new_record
    from generator.office.schema import record_schema, schema_kinds

    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    (project / "content/meetings").mkdir()
    (project / "content/meetings/m1.md").write_text(
        "---\ntitle: 十月督学例会\nheld: 2026-10-09\nchair: 王芳\n---\n通报十月督导情况，布置十一月工作。\n", encoding="utf-8")
    written = new_record(project, "meeting", {"id": "m2", "title": "十一月督学例会", "held": "2026-11-06"},
                         dt.date(2026, 11, 20))
    assert written.path == project / "content/meetings/m2.md"
    assert "held: 2026-11-06" in written.path.read_text(encoding="utf-8")
    checked = check(project, EPOCH)
    # The scaffold's body is a hint to replace, and check says so, at its line.
    assert [(d.pos.path, d.code) for d in checked.problems.sorted()] == [
        ("content/meetings/m2.md", "body.placeholder")], [d.format() for d in checked.problems.sorted()]
    assert set(checked.site.records["meeting"]) == {"m1", "m2"}
    # A wrong value in it is found where it is, as in any record.
    broken = project / "content/meetings/m3.md"
    broken.write_text("---\ntitle: 例会\nheld: 2026-13-01\n---\n", encoding="utf-8")
    assert [(d.pos.path, d.pos.line, d.code) for d in check(project, EPOCH).problems.errors()] == [
        ("content/meetings/m3.md", 3, "field.impossible-date")]
    broken.unlink()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    built = build(project, tmp_path / "site", jobs=1, cache=False)
    assert built.out is not None, [d.format() for d in built.problems.sorted()]
    page = (tmp_path / "site/meetings/m1/index.html").read_text(encoding="utf-8")
    assert "十月督学例会" in page and "通报十月督导情况" in page
    assert (tmp_path / "site/meetings/m2/index.html").is_file()
    assert "meeting" in schema_kinds()
    schema = record_schema("meeting")
    assert schema["title"] == "dudao · 例会" and {"title", "held", "chair"} <= set(schema["properties"])
    assert set(schema["required"]) >= {"title", "held"}


def test_a_kind_registered_in_one_place_is_fuzzed(meetings, tmp_path):
    """The fuzz tests' harness, given the registered kind: every document ends in no problems or
    in located diagnostics, never an exception."""
    pytest.importorskip("hypothesis")
    from hypothesis import given, settings
    from hypothesis import strategies as st

    import test_fuzz

    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    target = test_fuzz.target("meeting")
    assert target == "content/meetings/fuzzed-meeting.md"
    assert {"title", "held", "chair"} <= set(test_fuzz.field_names("meeting"))

    @settings(max_examples=60, deadline=None, database=None)
    @given(data=st.data(), flow=st.booleans(), body=st.text(max_size=80))
    def fuzz(data, flow, body):
        document = f"---\n{test_fuzz.dump(data.draw(test_fuzz.documents('meeting')), flow)}---\n{body}"
        test_fuzz.checked(project, target, document.encode("utf-8"))

    fuzz()
    broken = test_fuzz.checked(project, target, b"---\ntitle: [unclosed\n---\n")
    assert [(d.pos.path, d.code) for d in broken.problems.sorted() if d.code == "yaml.syntax"] == \
        [(target, "yaml.syntax")]


@dataclass(frozen=True)
class Topic:
    """One item of a 需求征集 round (a kind this test registers: a month's round of collecting
    schools' requests, each request an item)."""

    pos: Pos = Pos("")
    id: str = _f(Text(), True)
    request: str = _f(Text(), True)


@dataclass(frozen=True)
class Requests(Record):
    month: str = _f(Month(), True)
    items: tuple[Topic, ...] = _f(ListOf(Struct(Topic), 1), True, default=())


def test_a_kind_brings_its_field_notes_rules_diagnostics_words_and_scaffold(tmp_path):
    """What a kind says of itself in its registration, and only there: what each field is
    (`dudao new`'s comments and the schema's descriptions), that its items' ids differ (with a
    diagnostic of its own, in the site's language), the words of its pages, and how a new
    record starts (its id from its month, example lines under its list). Taken away, it takes
    its diagnostic and its words with it."""
    from generator.build.pipeline import check
    from generator.model.i18n import Words
    from generator.model.messages import CATALOGUE
    from generator.office.newrecord import new_record
    from generator.office.schema import record_schema

    register(Kind("requests", Requests, "requests", ".yml", False, "需求征集", "requests",
                  notes={"month": "征集的月份", "items": "各校提出的需求：id 编号、request 需求"},
                  unique_parts={"items": "requests.duplicate-id"},
                  messages={"requests.duplicate-id": ("error", "需求 '{id}' 的编号重复。请改用另一个编号",
                                                      "the request id '{id}' is used twice")},
                  words={"requests_intro": ("各校提出的需求。", "What schools asked for.")},
                  id_from="month", examples={"items": ("  - id: r1", "    request: （需求）")}))
    try:
        project = copy_project(FIXTURES / "tiny", tmp_path / "project")
        written = new_record(project, "requests", {}, dt.date(2026, 11, 20))
        text = written.path.read_text(encoding="utf-8")
        assert written.path == project / "content/requests/2026-11.yml"
        assert "month: 2026-11  # 征集的月份" in text and "items:  # 各校提出的需求" in text and "  - id: r1" in text
        assert record_schema("requests")["properties"]["month"]["description"] == "征集的月份"
        assert Words("zh-Hans")("requests_intro") == "各校提出的需求。"
        assert not check(project, EPOCH).problems.sorted()
        written.path.write_text(text.replace("    request: （需求）", "    request: 操场\n  - id: r1\n    request: 食堂"),
                                encoding="utf-8")
        found = check(project, EPOCH).problems.errors()
        assert [(d.pos.path, d.pos.line, d.code) for d in found] == [
            ("content/requests/2026-11.yml", text.count("\n") + 1, "requests.duplicate-id")]
        assert "需求 'r1' 的编号重复" in found[0].format()
    finally:
        unregister("requests")
    assert "requests.duplicate-id" not in CATALOGUE
    with pytest.raises(KeyError):
        Words("zh-Hans")("requests_intro")
