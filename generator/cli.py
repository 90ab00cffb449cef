"""The command line: `dudao check|build|serve [PROJECT]`.

Exit status: 0 success, 1 problems in the content (or a failed build), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from . import __version__
from .build.pipeline import UsageError, build, check
from .model.diagnostics import format_all, to_json
from .model.kinds import KINDS
from .office.columns import KIND_OPTIONS
from .model.messages import pick

SUMMARY = {
    "fail": ("发现 {e} 个错误，{w} 个警告。", "{e} errors, {w} warnings."),
    "ok": ("检查通过：{w} 个警告。", "No errors; {w} warnings."),
    "unpublished": ("未发布、不在网站上：{states}。", "Not published, not on the site: {states}."),
    "draft_hint": ("草稿要发布，请填写发布日期 published，并把 status 改为 published。",
                   "To publish a draft, give its published date and set status: published."),
    "embargo_hint": ("未到发布日期的，到日期后重新生成网站即会公开。",
                     "Those before their date are published by the first build on or after it."),
}
UNPUBLISHED_STATES = {"draft": ("草稿 {n} 份", "{n} drafts"), "embargoed": ("未到发布日期 {n} 份", "{n} before their date")}


def _summary(lang: str, errors: int, warnings: int) -> str:
    return pick(*SUMMARY["fail" if errors else "ok"], lang).format(e=errors, w=warnings)


def _unpublished(lang: str, unpublished) -> str | None:
    """One line: the reports and bulletins the site leaves out as drafts or before their date."""
    parts = []
    for kind, states in unpublished.items():
        counted = "、".join(pick(*UNPUBLISHED_STATES[state], lang).format(n=n) for state, n in sorted(states.items()))
        parts.append(f"{pick(KINDS[kind].title, kind + 's', lang)} {counted}")
    if not parts:
        return None
    hints = [pick(*SUMMARY[hint], lang) for hint, state in (("draft_hint", "draft"), ("embargo_hint", "embargoed"))
             if any(state in states for states in unpublished.values())]
    return pick(*SUMMARY["unpublished"], lang).format(states=pick("；", "; ", lang).join(parts)) + \
        pick("", " ", lang).join(hints)


def _report(result, strict: bool, as_json: bool = False) -> int:
    diags = result.problems.sorted()
    lang = result.language
    errors, warnings = result.problems.count(strict)
    if as_json:
        print(to_json(diags, lang, strict))
    elif diags:
        print(format_all(diags, lang, strict), file=sys.stderr)
    if not as_json:
        print(_summary(lang, errors, warnings), file=sys.stderr)
        left_out = _unpublished(lang, result.unpublished)
        if left_out:
            print(left_out, file=sys.stderr)
    return 1 if errors else 0


def cmd_check(args) -> int:
    result = check(Path(args.project))
    return _report(result, args.strict, as_json=args.format == "json")


def cmd_build(args) -> int:
    result = build(Path(args.project), Path(args.out) if args.out else None, strict=args.strict, jobs=args.jobs,
                   cache=not args.no_cache)
    status = _report(result, args.strict)
    if args.timings and result.timings:
        for phase, seconds in result.timings.items():
            print(f"{phase:8s} {seconds:7.2f} s", file=sys.stderr)
        if result.pages and not result.up_to_date:
            print(f"pages rendered: {result.rendered} of {result.pages}", file=sys.stderr)
    if result.out is not None and status == 0:
        lang = result.language
        if result.up_to_date:
            print(pick(f"网站已是最新：自上次生成以来内容、配置和主题都没有变化，{result.out} 保持原样（用时 {result.seconds:.1f} 秒）。",
                       f"The site is up to date: nothing changed since the last build; {result.out} was left as it is "
                       f"({result.seconds:.1f} s).", lang))
            return 0
        if lang == "en":
            reused = f" ({result.reused} unchanged, from the cache)" if result.reused else ""
            print(f"Built {result.pages} pages{reused} into {result.out} in {result.seconds:.1f} s.")
            print("Preview: make serve (or dudao serve); publish: upload the folder to any static host.")
        else:
            reused = f"，其中 {result.reused} 个未变、取自缓存" if result.reused else ""
            print(f"已生成 {result.pages} 个页面{reused}：{result.out}（用时 {result.seconds:.1f} 秒）")
            print("预览：make serve（或 dudao serve）；发布：把该文件夹上传到任意静态网站空间。")
        return 0
    return 1


def cmd_init(args) -> int:
    from .office.newproject import TEMPLATE_NAME, InitError, Office, init_project

    values = {name: getattr(args, name) or "" for name in ("name", "hotline", "authority", "title", "email")}
    if sys.stdin.isatty():  # asked for what the options did not give
        for name, question in (("name", "区（县）名，如 清溪区"), ("hotline", "督导监督电话，如 0512-60001234")):
            while not values[name].strip():
                values[name] = input(f"{question}：").strip()
    folder = Path(args.folder)
    try:
        init_project(folder, Office(**values))
    except InitError as err:
        print(f"dudao: {err}", file=sys.stderr)
        return 2
    print(f"已建立项目：{folder}")
    print(f"  site_config.yml：网站名称、督导室和电话已填好，其余可按需要补充；")
    print(f"  content/：每类记录一个文件夹；{TEMPLATE_NAME}：导入名册用的 Excel 模板。")
    template = folder / TEMPLATE_NAME
    print(f"下一步：在 {template} 中填写责任区、责任督学和学校，然后运行 dudao import {folder} {template}、"
          f"dudao check {folder}、dudao build {folder}。操作指南：docs/guide-office.md")
    return 0


def cmd_serve(args) -> int:
    from .build.serving import serve

    return serve(Path(args.project), args.host, args.port, strict=args.strict, jobs=args.jobs,
                 cache=not args.no_cache)


def cmd_clean(args) -> int:
    from .build.pipeline import CACHE_FOLDER, require_project
    from .site.publishing import spare_of

    root = require_project(Path(args.project))
    cache = root / CACHE_FOLDER
    if cache.is_dir():
        shutil.rmtree(cache)
        print(f"removed {cache}")
    else:
        print(f"no cache at {cache}")
    spare = spare_of(root / "site")  # the site the last build replaced, kept for the next
    if spare.is_dir():
        shutil.rmtree(spare)
        print(f"removed {spare}")
    return 0


KIND_WORDS = {"zone": ("责任区", "zone"), "supervisor": ("责任督学", "supervisor"), "school": ("学校", "school"),
              "report": ("督导报告", "report")}


def cmd_import(args) -> int:
    from .build.pipeline import require_project
    from .office.importing import run_import
    from .office.workbook import write_template

    if args.template:
        if args.paths:
            raise UsageError("--template FILE writes a blank workbook; give no project or file with it")
        write_template(Path(args.template))
        print(f"已写出空白模板：{args.template}（每类记录一个工作表，第一行是列名）")
        return 0
    if len(args.paths) not in (1, 2):
        raise UsageError("usage: dudao import [PROJECT] FILE.xlsx|FILE.csv [--kind KIND] [--dry-run]")
    project, file = (Path("."), Path(args.paths[0])) if len(args.paths) == 1 else map(Path, args.paths)
    root = require_project(project)
    if not file.is_file():
        raise UsageError(f"{file}: no such file")
    result = run_import(root, file, args.kind, args.dry_run)
    lang = result.language
    diags = result.problems.sorted()
    if diags:
        print(format_all(diags, lang, False), file=sys.stderr)
    errors, warnings = result.problems.count()
    for change in result.changes if not errors else ():
        word = pick(*KIND_WORDS[change.kind], lang)
        if change.action == "create":
            print(pick(f"新建 {word} {change.id}：{change.path}", f"new {word} {change.id}: {change.path}", lang))
        else:
            fields = ", ".join(change.fields)
            print(pick(f"更新 {word} {change.id}：{change.path}（{fields}）",
                       f"update {word} {change.id}: {change.path} ({fields})", lang))
    if errors:
        print(pick(f"发现 {errors} 个错误，{warnings} 个警告；没有写入任何文件。请改正表格后重新导入。",
                   f"{errors} errors, {warnings} warnings; nothing was written. Fix the sheet and import again.",
                   lang), file=sys.stderr)
        return 1
    if not result.changes:
        print(pick("没有变化：表格与现有记录一致。", "No change: the sheet matches the records.", lang))
    elif args.dry_run:
        print(pick(f"试运行：以上 {len(result.changes)} 个文件将被新建或更新，本次没有写入任何文件。",
                   f"Dry run: the {len(result.changes)} files above would change; nothing was written.", lang))
    else:
        print(pick(f"已写入 {len(result.changes)} 个文件（{warnings} 个警告）。下一步：dudao check，再 dudao serve 预览。",
                   f"Wrote {len(result.changes)} files ({warnings} warnings). Next: dudao check, then dudao serve.",
                   lang))
    return 0


UNPUBLISHED_WORDS = {"draft": "草稿", "embargoed": "未到发布日期", "withdrawn": "已撤回"}


def cmd_export(args) -> int:
    from .build.pipeline import build_date, build_epoch, require_project
    from .model.diagnostics import Problems
    from .office.workbook import write_workbook

    root = require_project(Path(args.project))
    problems = Problems()
    exported = write_workbook(root, Path(args.xlsx), problems, build_date(build_epoch()), args.published_only)
    if problems.has_errors():
        print(format_all(problems.sorted(), "zh-Hans", False), file=sys.stderr)
    summary = "，".join(f"{name} {n} 行" for name, n in exported.rows.items())
    print(f"已导出：{args.xlsx}（{summary}）")
    states = "、".join(f"{UNPUBLISHED_WORDS[state]} {n} 份" for state, n in sorted(exported.unpublished.items()))
    if exported.left_out and states:
        print(f"只导出网站公开的内容：未公开的报告（{states}）没有导出。")
    elif states:
        print(f"注意：导出内容包括网站未公开的报告（{states}），便于修改后再导入；请勿对外提供。"
              "对外提供请加 --published-only，只导出网站公开的内容。")
    return 0


def cmd_new(args) -> int:
    from .build.pipeline import build_date, build_epoch, require_project
    from .office.newrecord import NewRecordError, new_record

    root = require_project(Path(args.project))
    options = {key: getattr(args, key) for key in ("school", "month", "kind", "supervisor", "date", "title", "name",
                                                   "zone", "type", "phone", "id")}
    try:
        written = new_record(root, args.record_kind, options, build_date(build_epoch()))
    except NewRecordError as err:
        raise UsageError(f"new {args.record_kind}: {err}") from None
    except FileExistsError as err:
        raise UsageError(f"{err.filename} exists already; give another --id") from None
    print(f"已写出 {written.path.relative_to(root)}：请填写其中的内容，然后运行 dudao check 检查、dudao serve 预览。")
    return 0


def cmd_schema(args) -> int:
    from .office.schema import write_schemas

    for path in write_schemas(Path(args.folder)):
        print(path)
    return 0


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"--jobs takes a whole number from 1 up, not {text!r}")
    return int(text)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dudao", description="Build the public supervision-disclosure site of a project.")
    p.add_argument("--version", action="version", version=f"dudao {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="read and validate the project; list every problem")
    c.add_argument("project", nargs="?", default=".")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    c.add_argument("--format", choices=("text", "json"), default="text", help="json: for editors and CI")
    c.set_defaults(run=cmd_check)

    b = sub.add_parser("build", help="build the site into PROJECT/site/ (or --out)")
    b.add_argument("project", nargs="?", default=".")
    b.add_argument("--out", help="output folder (default: PROJECT/site)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                   help="engine processes (default: one per core)")
    b.add_argument("--no-cache", action="store_true", help="build every page afresh, without PROJECT/.dudao-cache/")
    b.add_argument("--timings", action="store_true", help="print the seconds each phase took")
    b.set_defaults(run=cmd_build)

    s = sub.add_parser("serve", help="preview the site on localhost, rebuilding on every edit")
    s.add_argument("project", nargs="?", default=".")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--strict", action="store_true")
    s.add_argument("--jobs", type=_jobs, default=None, metavar="N", help="engine processes (default: one per core)")
    s.add_argument("--no-cache", action="store_true", help="build every page afresh, without PROJECT/.dudao-cache/")
    s.set_defaults(run=cmd_serve)

    i = sub.add_parser("import", help="create or update records from an Excel workbook or a CSV file")
    i.add_argument("paths", nargs="*", metavar="[PROJECT] FILE", help="the project (default: .) and the .xlsx or .csv file")
    i.add_argument("--kind", choices=tuple(KIND_OPTIONS),
                   help="what the rows are (for a CSV file, or sheets with other names)")
    i.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    i.add_argument("--template", metavar="FILE", help="write a blank workbook with every sheet and column")
    i.set_defaults(run=cmd_import)

    x = sub.add_parser("export", help="write the records as an Excel workbook that dudao import reads back")
    x.add_argument("project", nargs="?", default=".")
    x.add_argument("--xlsx", required=True, metavar="FILE", help="the workbook to write")
    x.add_argument("--published-only", action="store_true",
                   help="only what the site publishes: no drafts, no embargoed or withdrawn reports")
    x.set_defaults(run=cmd_export)

    o = sub.add_parser("init", help="start a new office's project in FOLDER: its site_config.yml, content folders "
                                    "and the import workbook")
    o.add_argument("folder")
    o.add_argument("--name", help="the district or county: 清溪区")
    o.add_argument("--hotline", help="the supervision hotline printed on every sign")
    o.add_argument("--authority", help="the office (default: <name>人民政府教育督导室)")
    o.add_argument("--title", help="the site's title (default: <name>责任督学挂牌督导公示平台)")
    o.add_argument("--email", help="the office's email address")
    o.set_defaults(run=cmd_init)

    n = sub.add_parser("new", help="write a new record file from a template (passes check as written)")
    n.add_argument("record_kind", choices=tuple(KINDS))
    n.add_argument("project", nargs="?", default=".")
    n.add_argument("--school", help="report: the school's id")
    n.add_argument("--month", help="report, or a record of a month: the month, YYYY-MM (default: this month)")
    n.add_argument("--date", help="report: the day of the visit, YYYY-MM-DD")
    n.add_argument("--supervisor", help="report: who visited (default: the school's 责任督学); school: its 责任督学")
    n.add_argument("--kind", help="report or bulletin: its kind (regular, special … / notice, bulletin …)")
    n.add_argument("--title", help="bulletin or page: its title")
    n.add_argument("--name", help="school, supervisor or zone: its name")
    n.add_argument("--zone", help="school or supervisor: the zone's id")
    n.add_argument("--type", help="school: its type (primary, 小学 …)")
    n.add_argument("--phone", help="supervisor: the phone number on the sign")
    n.add_argument("--id", help="the new record's id (default: from the school and month, or the name's pinyin)")
    n.set_defaults(run=cmd_new)

    h = sub.add_parser("schema", help="write the JSON Schemas of the record files into FOLDER")
    h.add_argument("folder")
    h.set_defaults(run=cmd_schema)

    k = sub.add_parser("clean", help="remove the build cache (PROJECT/.dudao-cache/) and the spare site (PROJECT/.site.spare)")
    k.add_argument("project", nargs="?", default=".")
    k.set_defaults(run=cmd_clean)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as err:
        print(f"dudao: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dudao: interrupted; the previous site is unchanged", file=sys.stderr)
        return 130
    except OSError as err:  # a full disk, a folder without permission: said, with the file it concerns
        where = f"：{err.filename}" if err.filename else ""
        print(f"dudao: 无法读写文件{where}（{err.strerror or err}）；原有网站保持不变 / "
              f"cannot read or write{' ' + str(err.filename) if err.filename else ''} ({err.strerror or err}); "
              "the previous site is unchanged", file=sys.stderr)
        return 1
