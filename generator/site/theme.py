"""The theme: our mkdocs-material overrides, shipped inside the package (`dudao_theme`,
the project's top-level `theme/` folder), with a project's own `theme/` laid over them."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..caches.fingerprint import package_theme

SKIP = shutil.ignore_patterns("__init__.py", "__pycache__", "*.pyc")


def copy_theme(target: Path, project_theme: Path | None) -> bool:
    """Copy dudao's theme to `target`, the project's own laid over it. Returns whether the
    project's theme brought templates (`.html`) of its own: the parts of the page frame that
    dudao's templates draw once for many pages (`sharedparts`) are then drawn for every page,
    as a template of the project's may show something of the page itself."""
    shutil.copytree(package_theme(), target, ignore=SKIP)
    if project_theme is None or not project_theme.is_dir() or project_theme.resolve() == package_theme().resolve():
        return False
    inside = project_theme.resolve()

    def skip(folder: str, names: list[str]) -> set[str]:
        # A link that leads out of the theme is reported by the check and never copied.
        return set(SKIP(folder, names)) | {
            name for name in names if not (Path(folder) / name).resolve().is_relative_to(inside)}

    templates: list[str] = []

    def copy(source: str, destination: str) -> str:
        if destination.endswith(".html"):
            templates.append(destination)
        return shutil.copy2(source, destination)

    shutil.copytree(project_theme, target, ignore=skip, dirs_exist_ok=True, copy_function=copy)
    return bool(templates)
