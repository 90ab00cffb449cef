"""`dudao new KIND`: a complete record file that passes `dudao check` as written.

Values come from the options and from the project (the school's 责任督学, the configured
checklist); every field written carries a comment saying what it is, and the optional fields
not written are listed as comments. Record files in YAML (.yml) start with a
`# yaml-language-server: $schema=` line pointing at the project's `schemas/` folder, which
this command keeps up to date, so that an editor completes and checks fields as one types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..model.collation import name_id
from .columns import choices
from ..model.diagnostics import Problems
from .fieldnotes import describe
from ..model.fieldtypes import ID_RE, Date, Enum, Id, Integer, Month, content_fields
from ..sources.loading import load_project
from ..model.kinds import KINDS, record_class
from ..model.records import BULLETIN_KINDS, REPORT_KINDS, SCHOOL_TYPES
from ..model.nodes import Map, Scalar, Seq
from .schema import write_schemas
from ..sources.validation import validate_config

SCHEMA_FOLDER = "schemas"


class NewRecordError(Exception):
    """A usage problem: the message says which option to give."""


@dataclass(frozen=True)
class Written:
    path: Path
    record_id: str


def _scalar(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return text[:-4].rstrip() if text.endswith("\n...") else text.removesuffix("...").rstrip()


def _lines(kind: str, values: dict, nested: dict[str, list[str]]) -> list[str]:
    """`field: value  # what it is` for each value, then the other fields as comments."""
    out = []
    for field in content_fields(record_class(kind)):
        note = describe(kind, field.name)
        comment = f"  # {note}" if note else ""
        if field.name in nested:
            out.append(f"{field.name}:{comment}")
            out += nested[field.name]
        elif field.name in values:
            value = values[field.name]
            if isinstance(value, (list, tuple)):
                out.append(f"{field.name}:{comment}")
                out += [f"  - {_scalar(item)}" for item in value]
            else:
                out.append(f"{field.name}: {_scalar(value)}{comment}")
    skipped = [f for f in content_fields(record_class(kind)) if f.name not in values and f.name not in nested]
    if skipped:
        out.append("# 其他可填写的字段：")
        out += [f"# {f.name}:  {describe(kind, f.name)}".rstrip() for f in skipped]
    return out


class _Project:
    """What a new record may take from the project: names, a school's supervisors, the checklist."""

    def __init__(self, root: Path):
        problems = Problems()
        loaded = load_project(root, problems)
        self.config = validate_config(loaded.config, Problems())
        self.roots = {(s.kind, s.id): s.root for s in loaded.files if isinstance(s.root, Map)}
        self.paths = {(s.kind, s.id): s.path for s in loaded.files}

    def exists(self, kind: str, record_id: str) -> bool:
        return (kind, record_id) in self.roots or (kind, record_id) in self.paths

    def text(self, kind: str, record_id: str, field: str) -> str:
        node = self.roots.get((kind, record_id))
        value = node.get(field) if node is not None else None
        return value.text.strip() if isinstance(value, Scalar) else ""

    def first(self, kind: str, record_id: str, field: str) -> str:
        node = self.roots.get((kind, record_id))
        value = node.get(field) if node is not None else None
        if isinstance(value, Seq) and value.items and isinstance(value.items[0], Scalar):
            return value.items[0].text.strip()
        return ""

    def require(self, kind: str, record_id: str | None, option: str) -> str:
        """The id of the record `record_id` names: its id, or its name as written (as the
        import takes it: 清溪实验小学 as well as qx-shiyan)."""
        if not record_id:
            raise NewRecordError(f"请给出 {option}（{KINDS[kind].title}的编号或名称）")
        if self.exists(kind, record_id):
            return record_id
        named = sorted(i for k, i in self.roots if k == kind and self.text(kind, i, "name") == record_id.strip())
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise NewRecordError(f"{option} {record_id}：有 {len(named)} 个{KINDS[kind].title}叫这个名字"
                                 f"（{'、'.join(named)}），请改用编号")
        known = sorted(i for k, i in self.roots if k == kind)
        names = {self.text(kind, i, "name"): i for i in known if self.text(kind, i, "name")}
        from difflib import get_close_matches

        close = get_close_matches(record_id, [*known, *names], n=1)
        hint = f"。是不是 {close[0]}{'（' + names[close[0]] + '）' if close[0] in names else ''}？" if close else ""
        raise NewRecordError(f"{option} {record_id}：没有这个{KINDS[kind].title}{hint}")


def _pick(value: str | None, allowed, labels: str | None, option: str) -> str:
    if value in allowed:
        return value
    if labels and value in choices(labels):
        return choices(labels)[value]
    raise NewRecordError(f"{option} 只能是 {'、'.join(allowed)} 之一，不能是 {value!r}")


def _free_id(project: _Project, kind: str, wanted: str) -> str:
    if not ID_RE.match(wanted):
        raise NewRecordError(f"--id {wanted}：编号只能用小写字母 a-z、数字 0-9 和 -，以字母或数字开头")
    if project.exists(kind, wanted):
        raise NewRecordError(f"已经有编号为 {wanted} 的{KINDS[kind].title}：{project.paths[(kind, wanted)]}。"
                             "请用 --id 给出另一个编号")
    return wanted


def new_record(root: Path, kind: str, options: dict, today: dt.date) -> Written:
    project = _Project(root)
    get = lambda key: options.get(key)  # noqa: E731
    body = ""
    nested: dict[str, list[str]] = {}
    below = ""  # a folder under the kind's own: a report's or a bulletin's year
    if kind == "report":
        school = project.require("school", get("school"), "--school")
        month = _month(get("month"), today)
        report_kind = _pick(get("kind") or "regular", REPORT_KINDS, "report_kind", "--kind")
        supervisor = get("supervisor") or project.first("school", school, "supervisors")
        supervisor = project.require("supervisor", supervisor, "--supervisor")
        year, number = int(month[:4]), int(month[5:])
        visited = dt.date.fromisoformat(get("date")) if get("date") else (
            today if today.strftime("%Y-%m") == month else dt.date(year, number, 1))
        record_id = _free_id(project, kind, get("id") or (
            f"{school}-{month}" if report_kind == "regular" else f"{school}-{month}-{report_kind}"))
        from ..model.i18n import LABELS

        name = project.text("school", school, "name") or school
        values = {"title": f"{name}{year}年{number}月{LABELS['report_kind'][report_kind][0]}报告",
                  "kind": report_kind, "schools": [school], "supervisors": [supervisor], "visited": visited,
                  "status": "draft", "published": today}
        checklist = project.config.checklist if project.config else ()
        nested["findings"] = [line for item in checklist for line in (
            f"  - item: {item.id}  # {item.name}", "    highlights:", "    problems:", "    suggestions:")]
        body = "（在这里写督导情况。督导日期、学校和督学已在上面填好，正文不必再写。）\n"
        below = str(year)
    elif kind == "bulletin":
        title = get("title") or _need("--title")
        bulletin_kind = _pick(get("kind") or "notice", BULLETIN_KINDS, "bulletin_kind", "--kind")
        record_id = _free_id(project, kind, get("id") or f"{bulletin_kind}-{today.isoformat()}")
        values = {"title": title, "kind": bulletin_kind, "status": "draft", "published": today}
        body = "（在这里写正文。）\n"
        below = str(today.year)
    elif kind == "school":
        name = get("name") or _need("--name")
        zone = project.require("zone", get("zone"), "--zone")
        school_type = _pick(get("type") or _need("--type"), SCHOOL_TYPES, "school_type", "--type")
        supervisor = project.require("supervisor", get("supervisor"), "--supervisor")
        record_id = _free_id(project, kind, get("id") or name_id(name))
        values = {"name": name, "type": school_type, "zone": zone, "supervisors": [supervisor]}
    elif kind == "supervisor":
        name = get("name") or _need("--name")
        zone = project.require("zone", get("zone"), "--zone")
        phone = get("phone") or _need("--phone")
        record_id = _free_id(project, kind, get("id") or name_id(name, person=True))
        values = {"name": name, "zone": zone, "phone": phone, "since": today}
    elif kind == "zone":
        name = get("name") or _need("--name")
        record_id = _free_id(project, kind, get("id") or name_id(name))
        values = {"name": name}
    elif kind == "page":
        title = get("title") or _need("--title")
        record_id = _free_id(project, kind, get("id") or name_id(title))
        values = {"title": title}
        body = "（在这里写正文。）\n"
    elif kind in KINDS:  # a kind without a scaffold of its own: its required fields, from the options
        registered = KINDS[kind]
        values = {}
        scope = []  # the records named by options (--zone, --school), in the new record's id
        for field in content_fields(record_class(kind)):
            field_type = field.metadata["type"]
            if field.name in registered.examples:
                nested[field.name] = list(registered.examples[field.name])
            elif isinstance(field_type, Id) and get(field.name):  # --zone, --school: whom it is about
                values[field.name] = project.require(field_type.kind, get(field.name), f"--{field.name}")
                scope.append(values[field.name])
            elif field.metadata["required"]:
                if isinstance(field_type, Month):
                    values[field.name] = _month(get(field.name), today)
                    continue
                if isinstance(field_type, Integer):  # a count: from nothing, for the office to fill in
                    values[field.name] = 0
                    continue
                if isinstance(field_type, Enum) and not get(field.name):  # the first choice; its note lists them
                    values[field.name] = field_type.values[0]
                    continue
                if isinstance(field_type, Date) and not get(field.name) and not get("date"):  # today, to be set
                    values[field.name] = today
                    continue
                values[field.name] = get(field.name) or (get("date") if isinstance(field_type, Date) else None) \
                    or _need(f"--{field.name}")
                if isinstance(field_type, Date):
                    try:
                        values[field.name] = dt.date.fromisoformat(values[field.name])
                    except ValueError:
                        raise NewRecordError(f"--{field.name} 要写日期，如 2026-03-05") from None
        made_from = "-".join([str(values[registered.id_from]), *scope]) if registered.id_from in values else None
        if made_from and not ID_RE.match(made_from):  # a name: its pinyin
            made_from = name_id(made_from)
        record_id = _free_id(project, kind, get("id") or made_from or _need("--id"))
        body = "（在这里写正文。）\n" if registered.body else ""
    else:
        raise NewRecordError(f"没有叫 {kind!r} 的记录类型")
    suffix = KINDS[kind].suffix
    folder = Path("content", KINDS[kind].folder, below).as_posix()
    path = root / folder / f"{record_id}{suffix}"
    lines = _lines(kind, values, nested)
    if suffix == ".yml":
        write_schemas(root / SCHEMA_FOLDER)
        depth = len(Path(folder).parts)
        text = f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_FOLDER}/{kind}.schema.json\n" + \
            "\n".join(lines) + "\n"
    else:
        text = "---\n" + "\n".join(lines) + "\n---\n" + body
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as out:  # never over an existing file
        out.write(text)
    return Written(path, record_id)


def _month(value: str | None, today: dt.date) -> str:
    """--month as a record's `month` field reads it; this month if not given."""
    month = value or today.strftime("%Y-%m")
    if not Month().accepts(month):
        raise NewRecordError(f"--month 要写月份，如 2026-03，不能是 {month!r}")
    return month


def _need(option: str):
    raise NewRecordError(f"请给出 {option}")
