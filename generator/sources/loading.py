"""Phase 1, load: find the project's files, decode them and parse them with positions.

Nothing here knows what a field means; it only yields `SourceFile`s whose YAML
is a tree of located nodes (see `nodes`) and whose Markdown body is kept as text.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from ..model.diagnostics import Pos, Problems
from ..model.fieldtypes import ID_RE
from ..model.kinds import KINDS, Kind
from ..model.nodes import Map, Node, parse_yaml
from ..caches.recordstore import RecordStore, Signature, key as store_key, signature

# No record is anywhere near this; a larger file is refused before it is read.
MAX_FILE_MB = 20

# Files that may sit beside records without being records (photos next to supervisors).
COMPANION_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"}
IGNORED_NAMES = {".DS_Store", "Thumbs.db", ".gitkeep", "README.md", "README.txt"}


@dataclass(frozen=True)
class SourceFile:
    kind: str
    id: str
    path: str  # relative to the project root, with forward slashes
    root: Node | None
    body: str = ""
    body_line: int = 0
    # A digest of the file's kind, path and text: the record read from it follows from these
    # and dudao's code alone, so the render cache knows the record by it ("" when the record
    # was not read from a file of its own).
    digest: str = ""
    # The record an earlier build read from this file, unchanged since (`recordstore`): then
    # `root` is None and the file was not read again. `signature`: the file's, when read.
    known: Any = None
    signature: tuple = ()

    @property
    def pos(self) -> Pos:
        return self.root.pos if self.root is not None else Pos(self.path, 1, 1)


@dataclass(frozen=True)
class LoadedProject:
    root: Path
    config: SourceFile | None
    files: tuple[SourceFile, ...]
    # (kind, id) of files that exist but could not be read; references to them are
    # not reported again as unknown.
    unreadable: tuple[tuple[str, str], ...] = ()


def rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def read_text(root: Path, path: Path, problems: Problems) -> str | None:
    """Decode a file as UTF-8 (BOM and CRLF accepted) or report why it cannot be."""
    name = rel(root, path)
    try:
        if not size_allowed(name, path.stat().st_size, problems):
            return None
        data = path.read_bytes()
    except OSError as err:
        problems.add(Pos(name), "file.unreadable", detail=err.strerror or str(err))
        return None
    return decode_text(name, data, problems)


def size_allowed(name: str, size: int, problems: Problems) -> bool:
    if size > MAX_FILE_MB * 1024 * 1024:
        problems.add(Pos(name), "file.too-large", size=f"{size / 1024 / 1024:.0f}", limit=MAX_FILE_MB)
        return False
    return True


def decode_text(name: str, data: bytes, problems: Problems) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        col = len(data[: err.start].rsplit(b"\n", 1)[-1]) + 1
        problems.add(Pos(name, line, col), "file.encoding", guess=_guess_encoding(data))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problems.add(Pos(name), "file.empty")
        return None
    return text


def _guess_encoding(data: bytes) -> str:
    for codec, label in (("gb18030", "GBK/GB18030"), ("big5", "Big5"), ("utf-16", "UTF-16")):
        try:
            data.decode(codec)
        except (UnicodeDecodeError, UnicodeError):
            continue
        return label
    return ""


def split_front_matter(text: str, path: str, problems: Problems) -> tuple[str, int, str, int] | None:
    """Return (yaml text, its line offset, body, body's first line) or report the problem."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        problems.add(Pos(path, 1, 1), "frontmatter.missing")
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return front, 1, body, index + 2
    problems.add(Pos(path, 1, 1), "frontmatter.unterminated")
    return None


def load_record(root: Path, path: Path, kind: str, problems: Problems) -> SourceFile | None:
    text = read_text(root, path, problems)
    return None if text is None else parse_record(kind, rel(root, path), text, problems)


def check_record_text(kind: str, name: str, text: str, problems: Problems) -> None:
    """Every check the loader makes of a record file, made of `text` before it is written
    (the import's files: none may be one the next build refuses)."""
    data = text.encode("utf-8")
    if size_allowed(name, len(data), problems):
        decoded = decode_text(name, data, problems)
        if decoded is not None:
            parse_record(kind, name, decoded, problems)


def parse_record(kind: str, name: str, text: str, problems: Problems) -> SourceFile | None:
    path = PurePosixPath(name)
    body, body_line = "", 0
    if kind in KINDS and KINDS[kind].body:
        split = split_front_matter(text, name, problems)
        if split is None:
            return None
        yaml_text, offset, body, body_line = split
        if not yaml_text.strip():
            problems.add(Pos(name, 1, 1), "type.mapping-expected", field="front matter", found="nothing")
            return None
    else:
        yaml_text, offset = text, 0
    node = parse_yaml(yaml_text, name, problems, offset)
    if node is None and yaml_text.strip() and not problems_for(problems, name):
        problems.add(Pos(name, 1 + offset, 1), "type.mapping-expected", field=path.stem, found="nothing")
    if node is None:
        return None
    if not isinstance(node, Map):
        problems.add(node.pos, "type.mapping-expected", field=path.stem, found=node.kind)
        return None
    digest = hashlib.blake2b(f"{kind}\0{name}\0{text}".encode(), digest_size=16).hexdigest()
    return SourceFile(kind, path.stem, name, node, body, body_line, digest)


def problems_for(problems: Problems, path: str) -> bool:
    return any(d.pos.path == path for d in problems.items)


def _files(root: Path, folder: Path, inside: Path, problems: Problems, suffix: str | None = None,
           hidden: bool = False) -> list[str]:
    """Every file under `folder`, at any depth, hidden ones left out unless `hidden`, as paths
    in the order of their parts. A symbolic link is followed only while it stays inside the
    folder `inside` (content/, theme/); one that leads out is reported. With `suffix`, only
    such files are reported: the others (photos beside the records) are reported, with their
    line, where a record names them.

    Paths are text, and each folder's entries say whether they are files or links without a
    call to the system: a `Path` object and a call or two for each of a district's thousands of
    record files, on every build, were worth saving."""
    where = rel(root, inside) + "/" if inside.is_relative_to(root) else inside.as_posix() + "/"
    if not folder.is_dir():
        return []
    found: list[str] = []
    seen: set[Path] = set()
    start = len(os.path.join(str(root), ""))  # a path under root, less this, is its relative path
    waiting = [str(folder)]
    while waiting:
        here = waiting.pop()
        real = Path(here).resolve()
        if not real.is_relative_to(inside):
            shown = here[start:].replace(os.sep, "/")
            problems.add(Pos(shown), "ref.file-outside", file=shown, where=where)
            continue
        if real in seen:  # a link back to a folder already read
            continue
        seen.add(real)
        try:
            with os.scandir(here) as entries:
                listed = list(entries)
        except OSError:
            continue
        folders = []
        for entry in listed:
            if entry.name.startswith(".") and not hidden:
                continue
            if entry.is_dir():  # followed when it is a link: checked above to stay inside
                folders.append(entry.path)
            elif entry.is_file():
                if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(inside):
                    if suffix is None or _suffix(entry.name).lower() == suffix:
                        shown = entry.path[start:].replace(os.sep, "/")
                        problems.add(Pos(shown), "ref.file-outside", file=shown, where=where)
                    continue
                found.append(entry.path)
        waiting += sorted(folders, reverse=True)
    return sorted(found, key=lambda path: path.split(os.sep))


def _suffix(name: str) -> str:
    """A file name's suffix, as `Path.suffix` has it ("" for "a." and ".a")."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def record_id(registered: Kind, file_name: str, name: str, problems: Problems) -> str | None:
    """The id of the record the file `file_name` holds, found in the folder of the kind
    `registered` (`name`: its path in the project); None for a file that is no record, reported
    when it looks like a mistake (a record's suffix mistyped, an id `ID_RE` refuses), passed over
    when it is kept beside the records (a photo, a note the system leaves)."""
    file_suffix = _suffix(file_name)
    stem = file_name[:len(file_name) - len(file_suffix)]
    if file_suffix != registered.suffix:
        if not (file_name in IGNORED_NAMES or file_suffix.lower() in COMPANION_SUFFIXES):
            problems.add(Pos(name), "file.ignored", suffix=registered.suffix, rename=stem + registered.suffix)
        return None
    if not ID_RE.match(stem):
        problems.add(Pos(name), "id.invalid", name=stem, example=suggest_id(stem))
        return None
    return stem


# Reads and checks record files elsewhere (`validation.read_apart`): given the files to read as
# (kind, path in the project, path on disk), it returns the records of those that gave no
# diagnostic at all, by path in the project.
ReadApart = Callable[[Path, list[tuple[str, str, str]]], dict[str, Any]]


def load_project(root: Path, problems: Problems, store: RecordStore | None = None,
                 read_apart: ReadApart | None = None) -> LoadedProject:
    """`store`: records of files unchanged since an earlier build read them. `read_apart`: the
    files to read are first read and checked by it; a record it gives is taken as one from
    the store, and the other files are read here, where what they hold is reported."""
    root = root.resolve()
    config = None
    config_path = root / "site_config.yml"
    text = read_text(root, config_path, problems)
    if text is not None:
        node = parse_yaml(text, "site_config.yml", problems)
        if isinstance(node, Map):
            config = SourceFile("config", "site_config", "site_config.yml", node)
        elif node is not None:
            problems.add(node.pos, "type.mapping-expected", field="site_config.yml", found=node.kind)

    files: list[SourceFile] = []
    unreadable: list[tuple[str, str]] = []
    to_read: list[tuple[str, str, str, str, Signature | None]] = []  # kind, id, path in the project, on disk, signature
    content = root / "content"
    real_content = content.resolve()
    start = len(os.path.join(str(root), ""))
    for kind, registered in KINDS.items():
        folder, suffix = registered.folder, registered.suffix
        for found in _files(root, content / folder, real_content, problems, suffix):
            name = found[start:].replace(os.sep, "/")
            stem = record_id(registered, os.path.basename(found), name, problems)
            if stem is None:
                continue
            sig = None
            if store is not None:
                sig = signature(found)
                known = store.known(store_key(kind, name), sig)
                if known is not None:
                    files.append(SourceFile(kind, stem, name, None, known=known, signature=sig))
                    continue
            to_read.append((kind, stem, name, found, sig))
    read_elsewhere = read_apart(root, [(kind, name, found) for kind, _, name, found, _ in to_read]) if (
        read_apart is not None and to_read) else {}
    for kind, stem, name, found, sig in to_read:
        known = read_elsewhere.get(name)
        if known is not None:  # read and checked elsewhere, without a diagnostic: as if from the store
            files.append(SourceFile(kind, stem, name, None, known=known, signature=sig or ()))
            if store is not None and sig is not None:
                store.note(store_key(kind, name), sig, known)
            continue
        path = Path(found)
        if store is not None:
            before = len(problems.items)
            record = load_record(root, path, kind, problems)
            if record is not None and sig is not None and len(problems.items) == before:
                record = replace(record, signature=sig)  # may be kept, if checking finds nothing either
        else:
            record = load_record(root, path, kind, problems)
        if record is not None:
            files.append(record)
        else:
            unreadable.append((kind, path.stem))
    # The project's overrides are copied for the engine, dot-named files too (a template may
    # include one): the same rule, for every name the copy follows.
    theme = root / "theme"
    _files(root, theme, theme.resolve(), problems, hidden=True)
    return LoadedProject(root, config, tuple(files), tuple(unreadable))


def suggest_id(stem: str) -> str:
    """A valid id close to `stem`: pinyin for Chinese, lower case, hyphens for the rest."""
    try:
        from pypinyin import lazy_pinyin

        stem = "-".join(lazy_pinyin(stem))
    except ImportError:  # pragma: no cover - pypinyin is a dependency
        pass
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug or "record-1"
