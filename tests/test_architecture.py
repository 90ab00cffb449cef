"""The layers of generator/ (docs/architecture.md) hold: each package imports only from the
layers below it, as `.importlinter` states them, checked by import-linter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

LINT = Path(sys.executable).with_name("lint-imports")


def lint(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--config", str(where / ".importlinter"), "--no-cache"], cwd=where,
                          env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)


def test_the_layers_hold():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_import_up_the_layers_is_caught(tmp_path):
    """The same contract, on a copy of the code where the model imports the pages: broken."""
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    nodes = tmp_path / "generator/model/nodes.py"
    nodes.write_text(nodes.read_text(encoding="utf-8") + "\nfrom ..pages import planning  # noqa\n", encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "0 kept, 1 broken" in result.stdout and "generator.model.nodes -> generator.pages.planning" in result.stdout


def test_the_architecture_page_names_real_modules_and_every_package():
    """docs/architecture.md stays true: every module it names exists, and every package of
    generator/ is in its table of layers and in the contract."""
    import re

    page = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    contract = (ROOT / ".importlinter").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:generator/|tests/)?[a-z_]+(?:/[a-z_]+)?\.py)`", page))
    assert len(named) > 10
    missing = [path for path in sorted(named) if not (ROOT / path).is_file() and not (ROOT / "generator" / path).is_file()]
    assert missing == []
    packages = sorted(p.parent.name for p in (ROOT / "generator").glob("*/__init__.py"))
    assert len(packages) >= 8
    for package in packages:
        assert f"`{package}/`" in page, package
        assert re.search(rf"^\s+(.*\W)?{package}(\W.*)?$", contract, re.M), package
    for line in page.splitlines():  # each module a layer names is a module of that package
        cells = line.split("|")
        if len(cells) > 3 and cells[2].strip().startswith("`") and cells[2].strip().endswith("/`"):
            package = cells[2].strip().strip("`/")
            for module in re.findall(r"`([a-z_]+)`", cells[3]):
                if (ROOT / "generator" / package / f"{module}.py").exists():
                    continue
                assert (ROOT / "generator" / package / module).is_dir(), (package, module)
