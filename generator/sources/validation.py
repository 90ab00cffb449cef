"""Phase 2, validate: turn each loaded file into a typed record, reporting every problem.

Checks that need only the record itself live here (types, required fields,
conditional requirements, date order, duplicate ids within a kind). Checks that
need other records (references, files) belong to `linking`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model.addresses import reserved_page_ids
from ..model.diagnostics import Pos, Problems
from ..model.fieldtypes import convert_mapping
from .loading import LoadedProject, SourceFile, load_record, record_id
from ..caches.forking import cores, fork_context, shared_out
from ..caches.recordstore import RecordStore, key as store_key
from ..model.kinds import KINDS, record_class
from ..model.records import (BODY_PLACEHOLDER, HELD_KINDS, SOURCE_DIGEST, Complaints, Config, Publication, Record, Report, Schedule,
                             Supervisor, Survey)


@dataclass(frozen=True)
class ValidRecords:
    config: Config | None
    records: dict[str, tuple[Record, ...]]  # kind → complete records, sorted by id
    partial: dict[str, tuple[Record, ...]]  # kind → records with a bad field: checked, never published
    known_ids: dict[str, frozenset[str]]  # kind → every id that has a file, valid or not

    def checked(self, kind: str) -> tuple[Record, ...]:
        """Complete and partial records: everything whose references are checked."""
        return tuple(sorted(self.records[kind] + self.partial[kind], key=lambda r: r.id))


def validate_config(source: SourceFile | None, problems: Problems) -> Config | None:
    if source is None:
        return None
    values, ok = convert_mapping(source.root, Config, "", problems)
    return Config(**values) if ok else None


def validate_record(source: SourceFile, problems: Problems) -> tuple[Record, bool]:
    """The record read from `source`, and whether it is complete (no errors)."""
    cls = record_class(source.kind)
    values, ok = convert_mapping(source.root, cls, "", problems)
    values.update(id=source.id, pos=source.pos)
    if "body" in cls.__dataclass_fields__:
        values.update(body=source.body, body_line=source.body_line)
    record = cls(**values)
    if source.digest:
        object.__setattr__(record, SOURCE_DIGEST, source.digest)
    return record, check_record(record, source, problems) and ok


def _order(problems: Problems, node_pos: Pos, field: str, value, other: str, other_value) -> None:
    if value is not None and other_value is not None and value < other_value:
        problems.add(node_pos, "date.order", field=field, value=value, other=other, other_value=other_value)


def _field_pos(source: SourceFile, name: str) -> Pos:
    node = source.root.get(name) if source.root is not None else None
    return node.pos if node is not None else source.pos


def check_record(record: Record, source: SourceFile, problems: Problems) -> bool:
    """Checks within one record beyond its fields' types; False if any error was found."""
    before = len(problems.errors())
    absent = lambda name: source.root.get(name) is None  # noqa: E731 - present but bad is reported already
    if isinstance(record, Publication):
        if record.status == "published" and absent("published"):
            problems.add(source.pos, "field.missing", field="published", when="published")
        if record.status == "withdrawn" and absent("withdrawn_reason"):
            problems.add(source.pos, "field.missing", field="withdrawn_reason", when="withdrawn")
        _order(problems, _field_pos(source, "withdrawn_on"), "withdrawn_on", record.withdrawn_on,
               "published", record.published)
    if BODY_PLACEHOLDER in getattr(record, "body", ""):
        line = record.body_line + record.body[:record.body.index(BODY_PLACEHOLDER)].count("\n")
        problems.add(Pos(source.pos.path, line), "body.placeholder")
    if isinstance(record, Report):
        written = lambda name: getattr(source.root.get(name), "items", None)  # noqa: E731 - a list with items: read, or reported
        if not record.schools and not record.subjects and not written("schools") and not written("subjects"):
            problems.add(_field_pos(source, "schools"), "report.no-subject")
        _order(problems, _field_pos(source, "visited_until"), "visited_until", record.visited_until,
               "visited", record.visited)
        for finding in record.findings:
            if finding.is_empty:
                problems.add(finding.item.pos, "finding.empty", item=finding.item.id)
        for rect in record.rectifications:
            if rect.closed is not None and rect.status != "done":
                problems.add(rect.pos, "rect.closed-not-done", id=rect.id)
            earlier = rect.deadline
            for ext in rect.extensions:
                if earlier is None:
                    problems.add(ext.pos, "rect.extension-no-deadline", id=rect.id)
                elif ext.deadline <= earlier:
                    problems.add(ext.pos, "rect.extension-order", id=rect.id, new=ext.deadline, old=earlier)
                if ext.bulletin is None and ext.report is None:
                    problems.add(ext.pos, "rect.extension-source", id=rect.id)
                earlier = ext.deadline
    for name, code in KINDS[source.kind].unique_parts.items():  # a report's rectifications …
        seen: dict[str, Pos] = {}
        for part in getattr(record, name):
            if part.id in seen:
                problems.add(part.pos, code, related=seen[part.id], id=part.id)
            seen.setdefault(part.id, part.pos)
    if isinstance(record, Complaints) and record.received is not None:  # else reported already
        for name in ("answered_in_time", "verified"):
            value = getattr(record, name)
            if value is not None and value > record.received:
                problems.add(_field_pos(source, name), "complaints.more-than-received", field=name, value=value,
                             received=record.received)
        for name in ("categories", "channels"):
            counts = getattr(record, name)
            if counts and sum(c.value for c in counts) != record.received:
                problems.add(_field_pos(source, name), "complaints.sum", field=name,
                             total=sum(c.value for c in counts), received=record.received)
    if isinstance(record, Survey) and record.options:
        if record.satisfied >= len(record.options):
            problems.add(_field_pos(source, "satisfied"), "survey.satisfied", n=record.satisfied, options=len(record.options))
        asked = {q.id for q in record.questions}
        scopes: dict[tuple[str, str], Pos] = {}
        for result in record.results:
            scope = (str(result.school or ""), str(result.zone or ""))
            if scope in scopes:
                problems.add(result.pos, "survey.duplicate-scope", related=scopes[scope])
            scopes.setdefault(scope, result.pos)
            for answers in result.answers:
                if answers.question not in asked:
                    problems.add(answers.pos, "survey.unknown-question", id=answers.question,
                                 allowed=", ".join(q.id for q in record.questions))
                if len(answers.counts) != len(record.options):
                    problems.add(answers.pos, "survey.counts-length", id=answers.question, counts=len(answers.counts),
                                 options=len(record.options))
                if sum(answers.counts) > result.answered:
                    problems.add(answers.pos, "survey.more-than-answered", id=answers.question,
                                 total=sum(answers.counts), answered=result.answered)
    if isinstance(record, Schedule):
        for activity in record.activities:
            if activity.held is not None and activity.kind not in HELD_KINDS:
                problems.add(activity.pos, "schedule.held-report-kind", id=activity.id)
    if isinstance(record, Supervisor):
        _order(problems, _field_pos(source, "until"), "until", record.until, "since", record.since)
    if source.kind == "page" and record.id in reserved_page_ids():
        problems.add(source.pos, "page.reserved-id", id=record.id)
    return len(problems.errors()) == before


def validate(project: LoadedProject, problems: Problems, store: RecordStore | None = None) -> ValidRecords:
    """`store`: where records read and checked without a diagnostic are noted for later builds."""
    config = validate_config(project.config, problems)
    records: dict[str, list[Record]] = {kind: [] for kind in KINDS}
    partial: dict[str, list[Record]] = {kind: [] for kind in KINDS}
    known: dict[str, set[str]] = {kind: set() for kind in KINDS}
    first_file: dict[tuple[str, str], SourceFile] = {}
    for kind, record_id in project.unreadable:
        known[kind].add(record_id)
    for source in sorted(project.files, key=lambda f: (f.kind, f.path)):
        key = (source.kind, source.id)
        if key in first_file:
            problems.add(Pos(source.path, 1, 1), "id.duplicate", related=Pos(first_file[key].path, 1, 1),
                         id=source.id)
            continue
        first_file[key] = source
        known[source.kind].add(source.id)
        if source.known is not None:  # unchanged since an earlier build read it without a diagnostic
            records[source.kind].append(source.known)
            continue
        before = len(problems.items)
        record, complete = validate_record(source, problems)
        if not complete and not any(d.severity == "error" for d in problems.items[before:]):
            # A record left out of the site says why, always: never one dropped without a word.
            problems.add(source.pos, "record.left-out-unsaid")
        (records if complete else partial)[source.kind].append(record)
        if store is not None and complete and source.signature and len(problems.items) == before:
            store.note(store_key(source.kind, source.path), source.signature, record)
    by_id = lambda rs: tuple(sorted(rs, key=lambda r: r.id))  # noqa: E731
    return ValidRecords(
        config=config,
        records={k: by_id(v) for k, v in records.items()},
        partial={k: by_id(v) for k, v in partial.items()},
        known_ids={k: frozenset(v) for k, v in known.items()},
    )


# With this many record files or more to read (a first build, a build without the cache), they
# are shared with a process forked for them; fewer are read in one: forking and handing the
# records back cost more than they save.
MIN_FILES_APART = 1_000
FILES_PER_TASK = 200


def read_apart(root: Path, files: list[tuple[str, str, str]]) -> dict[str, Record]:
    """Record files read and checked each on its own (`loading.ReadApart`), shared between this
    process and one forked from it, which hands back what it read: of each file that gave no
    diagnostic at all, its record, complete, by its path in the project, as the record store
    keeps it. A file with something to say is left out, to be read again by the check, which
    says it in order with the rest."""
    context = fork_context()
    if context is None or cores() < 2 or len(files) < MIN_FILES_APART:
        return {}

    def read(share: list[tuple[str, str, str]]) -> list[tuple[str, Record]]:
        read_clean = []
        for kind, name, found in share:
            problems = Problems()
            source = load_record(root, Path(found), kind, problems)
            if source is not None and not problems.items:
                record, complete = validate_record(source, problems)
                if complete and not problems.items:
                    read_clean.append((name, record))
        return read_clean

    tasks = [files[first:first + FILES_PER_TASK] for first in range(0, len(files), FILES_PER_TASK)]
    return {name: record for share in shared_out(tasks, read, 2, context) for name, record in share}


def problems_of_files(root: Path, paths) -> Problems:
    """The problems each of these record files has on its own, read and validated apart
    from the rest of the project: the preview shows a broken record's problems before it
    reads the others. What needs other records (references, duplicate ids, the
    configuration's lists) is left to the whole check. A file in a kind's folder is taken as
    the whole check takes it (`loading.record_id`); files outside `content/`, hidden ones and
    those outside every kind's folder are passed over, as the whole check reads them or
    reports them."""
    problems = Problems()
    content = root / "content"
    kinds = {kind.folder: kind for kind in KINDS.values()}
    for path in paths:
        path = Path(path)
        try:
            inside = path.relative_to(content)
            path.resolve().relative_to(content.resolve())  # a link that leads out: not read
        except (ValueError, OSError):
            continue
        kind = kinds.get(inside.parts[0]) if len(inside.parts) > 1 else None
        if kind is None or any(part.startswith(".") for part in inside.parts) or not path.is_file():
            continue
        if record_id(kind, path.name, f"content/{inside.as_posix()}", problems) is not None:
            source = load_record(root, path, kind.name, problems)
            if source is not None:
                validate_record(source, problems)
    return problems
