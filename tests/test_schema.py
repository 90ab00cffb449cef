"""The JSON Schemas and the validator agree on every record of every fixture.

An editor reads a record the YAML 1.2 way (a bare 2132100001 is a number there), so each
record's tree is turned into the values YAML 1.2 gives, then checked against its kind's
schema; the validator's own verdict on the same file, limited to what a schema can see of
one file, must be the same, both ways.
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from conftest import FIXTURES, ROOT
from generator.model.diagnostics import Problems
from generator.model.kinds import KINDS
from generator.sources.loading import load_record
from generator.model.nodes import Map, Scalar, Seq, parse_yaml
from generator.office.schema import record_schema, schema_kinds
from generator.sources.validation import validate_config, validate_record

# What a schema of one file can show; date arithmetic, references and files are `check`'s.
SCHEMA_CODES = {
    "field.unknown", "field.missing", "field.empty", "type.text-expected", "type.list-expected",
    "type.mapping-expected", "field.date", "field.integer", "field.number", "field.enum", "field.id",
    "field.phone", "field.email", "field.url", "field.site-url", "field.school-code",
    "field.control-character", "field.private",
}
INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


def yaml12(node):
    """The value YAML 1.2's core schema gives a node (what an editor's checker sees)."""
    if isinstance(node, Seq):
        return [yaml12(item) for item in node.items]
    if isinstance(node, Map):
        return {key.text: yaml12(value) for key, value in node.entries}
    if not node.plain:
        return node.text
    text = node.text
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return text.lower() == "true"
    if INT.fullmatch(text):
        return int(text, 0) if text.startswith(("0o", "0x")) else int(text)
    if FLOAT.fullmatch(text):
        return float(text.replace("inf", "Inf").replace("Inf", "inf").replace("NaN", "nan").replace("NAN", "nan")
                     .replace("INF", "inf").replace(".inf", "inf").replace(".nan", "nan"))
    return text


def record_files():
    for project in (ROOT, FIXTURES / "tiny", FIXTURES / "broken"):
        yield project, "config", project / "site_config.yml"
        for kind, folder, suffix in ((k.name, k.folder, k.suffix) for k in KINDS.values()):
            for path in sorted((project / "content" / folder).rglob(f"*{suffix}")):
                if not path.is_symlink():
                    yield project, kind, path


def verdicts():
    cases = []
    for project, kind, path in record_files():
        problems = Problems()
        if kind == "config":
            text = path.read_text(encoding="utf-8")
            root = parse_yaml(text, "site_config.yml", problems)
            if problems.items or not isinstance(root, Map):
                continue
            validate_config(type("S", (), {"root": root})(), problems)
        else:
            source = load_record(project, path, kind, problems)
            if source is None or problems.items or not isinstance(source.root, Map):
                continue  # not YAML a schema could read
            root = source.root
            validate_record(source, problems)
        codes = {d.code for d in problems.items} & SCHEMA_CODES
        cases.append((f"{project.name}/{path.relative_to(project)}", kind, yaml12(root), codes))
    return cases


CASES = verdicts()


def test_the_fixtures_hold_both_verdicts():
    assert sum(1 for *_, codes in CASES if codes) >= 5  # the broken project gives bad records
    assert sum(1 for *_, codes in CASES if not codes) >= 500  # the demo, good ones


@pytest.mark.parametrize("name,kind,value,codes", CASES, ids=[case[0] for case in CASES])
def test_schema_and_validator_agree(name, kind, value, codes):
    errors = sorted(error.message for error in jsonschema.Draft202012Validator(record_schema(kind)).iter_errors(value))
    assert bool(errors) == bool(codes), (codes, errors[:3])


def test_the_published_schemas_are_the_generated_ones():
    for kind in schema_kinds():
        published = json.loads((ROOT / f"docs/schemas/{kind}.schema.json").read_text(encoding="utf-8"))
        assert published == record_schema(kind), f"docs/schemas/{kind}.schema.json is stale: run dudao schema docs/schemas"


# No 200.0: JSON (and so JSON Schema) cannot tell it from 200, which dudao reads as other text.
PROBES = ("", "文字", "abc-1", "2026-03-01", "2026-13-01", "12", 12, 2132100001, 31.5, -7.25, True, None,
          "0512-60001234", "12345678901", "x@y.cn", "http://a.cn/x", "javascript:alert(1)", "tel:110",
          "primary", "published", "withdrawn", "a\x01b", "王\u202e芳", "Bad Id", ["zone-1"], [], ["a", "Bad Id"],
          {"name": "x"}, {"lat": 1, "lon": 2}, [{"item": "safety"}], [{"id": "r1", "issue": "x"}])


def node(value, pos):
    if isinstance(value, list):
        return Seq(tuple(node(v, pos) for v in value), pos)
    if isinstance(value, dict):
        return Map(tuple((Scalar(k, pos, True), node(v, pos)) for k, v in value.items()), pos)
    if value is None:
        return Scalar("", pos, True)
    if isinstance(value, bool):
        return Scalar("true" if value else "false", pos, True)
    if isinstance(value, (int, float)):
        return Scalar(repr(value), pos, True)
    return Scalar(value, pos, False)


def mutations():
    """Every field of one good record of each kind, set to each probe in turn (and left out)."""
    from generator.model.fieldtypes import content_fields
    from generator.sources.loading import SourceFile
    from generator.model.kinds import record_class

    good = {}
    for project, kind, path in record_files():
        if kind != "config" and kind not in good and project == ROOT:
            source = load_record(project, path, kind, Problems())
            good[kind] = source
    for kind, source in good.items():
        for field in content_fields(record_class(kind)):
            for probe in PROBES + ("<absent>",):
                entries = [(k, v) for k, v in source.root.entries if k.text != field.name]
                if probe != "<absent>":
                    entries.append((Scalar(field.name, source.root.pos, True), node(probe, source.root.pos)))
                root = Map(tuple(entries), source.root.pos)
                yield kind, field.name, probe, SourceFile(kind, source.id, source.path, root, source.body,
                                                          source.body_line)


def test_schema_and_validator_agree_on_every_field_and_probe():
    validators = {kind: jsonschema.Draft202012Validator(record_schema(kind)) for kind in schema_kinds()}
    disagreements, bad = [], 0
    for kind, field, probe, source in mutations():
        problems = Problems()
        validate_record(source, problems)
        codes = {d.code for d in problems.items} & SCHEMA_CODES
        errors = list(validators[kind].iter_errors(yaml12(source.root)))
        bad += bool(codes)
        if bool(errors) != bool(codes):
            disagreements.append((kind, field, probe, sorted(codes), [e.message[:80] for e in errors[:1]]))
    assert bad > 300  # the probes do break records
    assert disagreements == []
