"""The reference page documents every field of the model and every diagnostic code."""

from __future__ import annotations


from conftest import ROOT

from generator.model.fieldtypes import ListOf, Struct, content_fields
from generator.model.messages import CATALOGUE
from generator.model.kinds import KINDS
from generator.model.records import Config

REFERENCE = (ROOT / "docs/reference.md").read_text(encoding="utf-8")


def field_names(cls, prefix=""):
    for f in content_fields(cls):
        name = f"{prefix}{f.name}"
        kind = f.metadata["type"]
        inner = kind.item if isinstance(kind, ListOf) else kind
        if not (cls is Config and isinstance(kind, Struct)):  # sections: their fields are documented
            yield name
        if isinstance(inner, Struct):
            sub = f"{name}[]." if isinstance(kind, ListOf) else f"{name}."
            yield from field_names(inner.cls, sub)


def test_every_field_is_documented():
    missing = []
    for cls in (Config, *(kind.record for kind in KINDS.values())):
        for name in field_names(cls):
            if f"`{name}`" not in REFERENCE:
                missing.append(f"{cls.__name__}.{name}")
    assert not missing


def test_every_diagnostic_code_is_documented():
    missing = [code for code in CATALOGUE if f"| `{code}` | {CATALOGUE[code][0]} |" not in REFERENCE]
    assert not missing


def test_readme_names_the_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for words in ("make site", "make test", "make serve", "dudao check", "dudao build", "dudao serve"):
        assert words in readme


def test_the_security_page_names_real_codes_and_files():
    import re

    page = (ROOT / "docs/security.md").read_text(encoding="utf-8")
    codes = set(re.findall(r"`((?:field|yaml|file|ref|id|type)\.[a-z-]+)`", page))
    assert {"field.url", "yaml.alias", "ref.file-outside", "file.too-large"} <= codes
    assert sorted(code for code in codes if code not in CATALOGUE) == []
    paths = set(re.findall(r"`((?:tests|docs|generator)/[\w./-]+)`", page))
    assert len(paths) >= 5
    assert sorted(p for p in paths if not (ROOT / p).exists()) == []


def test_the_reference_lists_every_workbook_column():
    from generator.office.columns import sheets

    for kind in sheets(None):
        section = REFERENCE.split(f"### Sheet {kind.names[0]} ")[1].split("###")[0]
        for column in kind.columns:
            if column.field.startswith(("categories.", "channels.")):  # one per item of the office's lists
                assert f"`{column.field.split('.')[0]}.admissions`" in section or \
                    f"`{column.field.split('.')[0]}.hotline`" in section, column.header
                continue
            assert f"| {column.header} | `{column.field}`" in section, (kind.kind, column.header)


def test_the_office_guide_shows_real_commands_sheets_and_codes():
    import re
    import shlex

    from generator.cli import parser
    from generator.office.columns import sheets

    guide = (ROOT / "docs/guide-office.md").read_text(encoding="utf-8")
    commands = re.findall(r"^(?:\s*)dudao (.+)$", guide, re.M)
    assert len(commands) >= 10
    for line in commands:
        parser().parse_args(shlex.split(line.split("  #")[0]))  # exits (fails the test) on a wrong option
    for sheet in sheets(None):
        assert f"**{sheet.names[0]}**" in guide or f"“{sheet.names[0]}”" in guide
    for code in re.findall(r"error\[([a-z.-]+)\]", guide):
        assert code in CATALOGUE


def test_the_guide_says_how_to_run_dudao_and_both_ways_work():
    """`make site` leaves dudao in .venv/bin, not on the PATH: the guide and `make site`'s last
    lines say how to run it, and both ways it names run it."""
    import subprocess

    guide = (ROOT / "docs/guide-office.md").read_text(encoding="utf-8")
    assert ".venv/bin/dudao check" in guide and "source .venv/bin/activate" in guide
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nsite:")[1].split("\n\n")[0]
    assert "$(BIN)/dudao" in recipe and "source $(BIN)/activate" in recipe
    direct = subprocess.run([str(ROOT / ".venv/bin/dudao"), "check", str(ROOT)], capture_output=True, text=True)
    assert direct.returncode == 0 and "检查通过" in direct.stderr
    activated = subprocess.run(["bash", "-c", "source .venv/bin/activate && command -v dudao && dudao --help"],
                               cwd=ROOT, capture_output=True, text=True)
    assert activated.returncode == 0 and activated.stdout.startswith(str(ROOT / ".venv/bin/dudao"))


def test_the_command_line_speaks_chinese():
    """Every command's help, every option's, argparse's own words and its errors are in
    Chinese, the office's language (they were English)."""
    import argparse
    import contextlib
    import io
    import re

    from generator.cli import parser

    cjk = re.compile(r"[\u4e00-\u9fff]")
    top = parser()
    commands = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert {"check", "build", "serve", "import", "export", "init", "new", "schema", "clean"} <= set(commands)
    for name, command in {"dudao": top, **commands}.items():
        text = command.format_help()
        assert text.startswith("用法：") and not re.search(r"usage:|options:|show this help|positional", text), name
        for action in command._actions:
            if action.help not in (None, argparse.SUPPRESS):
                assert cjk.search(action.help), (name, action.option_strings, action.help)
    said = io.StringIO()
    with contextlib.redirect_stderr(said), contextlib.suppress(SystemExit):
        top.parse_args(["new", "reprt"])
    assert "没有 reprt 这一项" in said.getvalue() and "invalid choice" not in said.getvalue()
