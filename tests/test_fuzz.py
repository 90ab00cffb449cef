"""The loader under fire: generated YAML and front matter, real records mutated at random,
and random bytes, each written into a small project that is then checked in-process. Every
one must end in "no problems" or in located diagnostics whose messages render; never an
exception, and each within a time bound."""

from __future__ import annotations

import datetime as dt
import functools
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from generator.build.pipeline import check  # noqa: E402
from generator.model.fieldtypes import content_fields  # noqa: E402
from generator.model.kinds import KINDS  # noqa: E402
from generator.model.records import Config  # noqa: E402
from generator.sources.loading import suggest_id  # noqa: E402

def record_class(kind: str) -> type:
    return Config if kind == "config" else KINDS[kind].record


def target(kind: str) -> str:
    """Where a fuzzed document goes in the small project: a file of its own in its kind's folder,
    beside the small project's records that refer to one another (the configuration: over it)."""
    if kind == "config":
        return "site_config.yml"
    registered = KINDS[kind]
    return f"content/{registered.folder}/fuzzed-{kind}{registered.suffix}"


# Every kind of record registered, and the configuration.
TARGETS = {kind: target(kind) for kind in (*KINDS, "config")}


def has_body(kind: str) -> bool:
    return kind in KINDS and KINDS[kind].body
# Seconds one check of the small project may take, whatever the input (a check takes ~1 ms).
BOUND = 2.0
FUZZ = settings(max_examples=400,  # three tests: 1,200 documents a run (each run new ones)
                deadline=dt.timedelta(seconds=BOUND), database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "p"
    shutil.copytree(FIXTURES / "tiny", root)
    check(root)  # warm: the first check loads the pinyin tables
    suggest_id("预热")
    return root


def checked(root: Path, target: str, data: bytes):
    path = root / target
    original = path.read_bytes() if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        result = check(root)
    finally:
        if original is None:
            path.unlink()
        else:
            path.write_bytes(original)
    diags = result.problems.sorted()
    for diag in diags:
        assert diag.pos.path, diag  # every problem names its file
        if diag.code.startswith(("yaml.", "field.", "type.")) and diag.pos.path == target:
            assert diag.pos.line, diag  # and, for what is inside a file, its line
        for language in ("zh-Hans", "en"):
            assert diag.format(language, False)  # and its message renders
    return result


def field_names(kind: str) -> list[str]:
    return [f.name for f in content_fields(record_class(kind))] + ["private", "id", ""]


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
    st.dates(), st.text(max_size=40),
    st.sampled_from(["2026-10-15", "2026-02-30", "qx-shiyan", "wang-fang", "z1", "regular", "done",
                     "0512-60001234", "https://example.cn/", "javascript:alert(1)", "<script>x</script>",
                     "{{ 7*7 }}", "=HYPERLINK(\"x\")", "../site_config.yml", "a@b.cn", "~", ""]))


@functools.cache  # made once a kind: making the strategy again for each example cost a third of drawing it
def documents(kind: str):
    keys = st.one_of(st.sampled_from(field_names(kind)), st.text(max_size=12))
    values = st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)), max_leaves=25)
    return st.dictionaries(keys, values, max_size=12)


def dump(data, flow: bool) -> str:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)


@FUZZ
@given(kind=st.sampled_from(sorted(TARGETS)), data=st.data(), flow=st.booleans(),
       body=st.text(max_size=200))
def test_generated_documents(project, kind, data, flow, body):
    document = dump(data.draw(documents(kind)), flow)
    if has_body(kind):
        document = f"---\n{document}---\n{body}"
    checked(project, TARGETS[kind], document.encode("utf-8"))


# Characters that matter to YAML, front matter and the readers behind them.
MUTATION_CHARS = ":-[]{}#&*!|>'\"%@`,?\t\n \r\\ab1中\ufeff\x00\x85\u2028\ue000"
REAL = sorted(p for folder in ("zones", "supervisors", "schools", "reports", "bulletins", "pages")
              for p in (ROOT / "content" / folder).rglob("*") if p.suffix in (".yml", ".md"))[::7]


def mutate(text: str, ops) -> str:
    for op, at, chars in ops:
        at = at % (len(text) + 1)
        lines = text.split("\n")
        line = at % len(lines)
        if op == "insert":
            text = text[:at] + chars + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + len(chars) + 1:]
        elif op == "duplicate-line":
            text = "\n".join(lines[:line + 1] + lines[line:])
        elif op == "swap-lines":
            other = (line + len(chars) + 1) % len(lines)
            lines[line], lines[other] = lines[other], lines[line]
            text = "\n".join(lines)
        elif op == "indent":
            lines[line] = chars.replace("\n", "") + lines[line]
            text = "\n".join(lines)
        elif op == "truncate":
            text = text[:at]
    return text


operations = st.lists(st.tuples(
    st.sampled_from(["insert", "delete", "duplicate-line", "swap-lines", "indent", "truncate"]),
    st.integers(0, 10**6), st.text(alphabet=MUTATION_CHARS, max_size=6)), min_size=1, max_size=5)


@FUZZ
@given(source=st.sampled_from(REAL + sorted((FIXTURES / "tiny").rglob("*.*"))), ops=operations)
def test_mutated_real_records(project, source, ops):
    if source.name == "site_config.yml":
        target = "site_config.yml"
    else:
        base = ROOT if source.is_relative_to(ROOT / "content") else FIXTURES / "tiny"
        target = "content/" + source.relative_to(base / "content").parts[0] + "/" + source.name
    checked(project, target, mutate(source.read_text(encoding="utf-8"), ops).encode("utf-8"))


@FUZZ
@given(kind=st.sampled_from(sorted(TARGETS)), data=st.binary(max_size=600),
       head=st.sampled_from([b"", b"---\n", b"\xef\xbb\xbf", b"name: ", b"\xff\xfe"]))
def test_random_bytes(project, kind, data, head):
    checked(project, TARGETS[kind], head + data)


def test_the_fuzz_targets_are_read(project):
    """The harness reaches the loader: a broken document at each target is reported there, for
    every kind of record registered."""
    assert set(TARGETS) == {*KINDS, "config"} and "schedule" in TARGETS
    for kind, target in TARGETS.items():
        broken = b"---\nname: [unclosed\n---\n" if has_body(kind) else b"name: [unclosed\n"
        result = checked(project, target, broken)
        assert [(d.pos.path, d.code) for d in result.problems.sorted() if d.code == "yaml.syntax"] == \
            [(target, "yaml.syntax")], kind
    assert not check(project).problems.sorted()  # and each original is back


# Texts of the characters findings are written in: Chinese, Latin letters and digits, Chinese
# punctuation, and the characters and spacing that make Markdown (which the fast path must
# leave to Python-Markdown).
WORDS = list("食堂卫生良好整改到位abcXYZ019，。、；：？！（）“”")
FINDING_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(WORDS + list(" \n\n\t\u3000*_#-.>|`[]()<&'\"/!=~:+")), max_size=60),
    # lines of words, with the line breaks, blank lines and stray spaces between them
    st.lists(st.tuples(st.text(alphabet=st.sampled_from(WORDS + [" "]), min_size=1, max_size=12),
                       st.sampled_from(["\n", "\n\n", "\n\n\n", " \n", "\n \n", "\n\u3000"])),
             min_size=1, max_size=4).map(lambda parts: "".join(a + b for a, b in parts)),
)


@settings(max_examples=600, deadline=None)
@given(FINDING_TEXT)
def test_plain_sentences_become_what_markdown_makes_of_them(text):
    import nh3

    from generator.pages.rendering import _MARKDOWN, plain_paragraphs

    fast = plain_paragraphs(text)
    if fast is not None:
        assert fast == nh3.clean(_MARKDOWN.reset().convert(text), link_rel="noopener noreferrer")


def test_the_fast_path_is_taken_for_sentences_and_left_for_markdown():
    from generator.pages.rendering import plain_paragraphs

    assert plain_paragraphs("食堂卫生良好。\n\n整改到位，abc 019。") == "<p>食堂卫生良好。</p>\n<p>整改到位，abc 019。</p>"
    assert [plain_paragraphs(t) for t in ("**重点**", "1. 一", "\u3000正文", "a  b", "- 项", "a & b")] == [None] * 6
