"""The command line: `dudao check|build|serve [PROJECT]`.

Exit status: 0 success, 1 problems in the content (or a failed build), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from . import __version__
from .build.pipeline import UsageError, build, check
from .model.diagnostics import format_all, to_json
from .model.kinds import KINDS
from .office.columns import KIND_OPTIONS
from .model.messages import pick, say

def _summary(lang: str, errors: int, warnings: int) -> str:
    return say("check.failed" if errors else "check.passed", lang, e=errors, w=warnings)


def _unpublished(lang: str, unpublished) -> str | None:
    """One line: the reports and bulletins the site leaves out as drafts or before their date."""
    parts = []
    for kind, states in unpublished.items():
        counted = say("list.comma", lang).join(say(f"unpublished.{state}", lang, n=n)
                                                for state, n in sorted(states.items()))
        parts.append(f"{pick(KINDS[kind].title, kind + 's', lang)} {counted}")
    if not parts:
        return None
    hints = [say(f"unpublished.{state}-hint", lang) for state in ("draft", "embargoed")
             if any(state in states for states in unpublished.values())]
    return say("unpublished", lang, states=say("list.separator", lang).join(parts)) + \
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
                   cache=not args.no_cache, gzip=args.gzip)
    status = _report(result, args.strict)
    if args.timings and result.timings:
        for phase, seconds in result.timings.items():
            print(f"{phase:8s} {seconds:7.2f} s", file=sys.stderr)
        if result.pages and not result.up_to_date:
            print(f"pages rendered: {result.rendered} of {result.pages}", file=sys.stderr)
    if result.out is not None and status == 0:
        lang = result.language
        if result.up_to_date:
            print(say("build.up-to-date", lang, out=result.out, seconds=result.seconds))
            return 0
        reused = say("build.reused", lang, n=result.reused) if result.reused else ""
        print(say("build.done", lang, pages=result.pages, reused=reused, out=result.out, seconds=result.seconds))
        print(say("build.next", lang))
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
        print(f"dudao：{err}", file=sys.stderr)
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
        print(f"已删除：{cache}")
    else:
        print(f"没有生成缓存：{cache}")
    spare = spare_of(root / "site")  # the site the last build replaced, kept for the next
    if spare.is_dir():
        shutil.rmtree(spare)
        print(f"已删除：{spare}")
    return 0


def cmd_import(args) -> int:
    from .build.pipeline import require_project
    from .office.importing import run_import
    from .office.workbook import write_template

    if args.template:
        if args.paths:
            raise UsageError("--template 文件 只写出空白模板：不要同时给出项目或要导入的文件")
        write_template(Path(args.template))
        print(f"已写出空白模板：{args.template}（每类记录一个工作表，第一行是列名）")
        return 0
    if len(args.paths) not in (1, 2):
        raise UsageError("用法：dudao import [项目] 文件.xlsx|文件.csv [--kind 类型] [--dry-run]")
    project, file = (Path("."), Path(args.paths[0])) if len(args.paths) == 1 else map(Path, args.paths)
    root = require_project(project)
    if not file.is_file():
        raise UsageError(f"{file}：没有这个文件")
    result = run_import(root, file, args.kind, args.dry_run)
    lang = result.language
    diags = result.problems.sorted()
    if diags:
        print(format_all(diags, lang, False), file=sys.stderr)
    errors, warnings = result.problems.count()
    for change in result.changes if not errors else ():
        word = pick(KINDS[change.kind].title, change.kind, lang)
        if change.action == "create":
            print(say("import.create", lang, kind=word, id=change.id, path=change.path))
        else:
            print(say("import.update", lang, kind=word, id=change.id, path=change.path,
                      fields=", ".join(change.fields)))
    if errors:
        print(say("import.failed", lang, e=errors, w=warnings), file=sys.stderr)
        return 1
    if not result.changes:
        print(say("import.no-change", lang))
    elif args.dry_run:
        print(say("import.dry-run", lang, n=len(result.changes)))
    else:
        print(say("import.written", lang, n=len(result.changes), w=warnings))
    return 0


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
    states = "、".join(say(f"unpublished.{state}", "zh-Hans", n=n) for state, n in sorted(exported.unpublished.items()))
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
        raise UsageError(f"{err.filename} 已经存在：请用 --id 给出另一个编号") from None
    print(f"已写出 {written.path.relative_to(root)}：请填写其中的内容，然后运行 dudao check 检查、dudao serve 预览。")
    return 0


def cmd_schema(args) -> int:
    from .office.schema import write_schemas

    for path in write_schemas(Path(args.folder)):
        print(path)
    return 0


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"--jobs 要写 1 或更大的整数，不能是 {text!r}")
    return int(text)


# argparse's own words, in the command line's language (Chinese, as the office's).
_ARGPARSE_WORDS = (
    (r"the following arguments are required: (.+)", "缺少参数：{0}"),
    (r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.+)\)", "{0}：没有 {1} 这一项，可选：{2}"),
    (r"argument (\S+): expected one argument", "{0} 后面要给出一个值"),
    (r"unrecognized arguments: (.+)", "不认识的参数：{0}"),
    (r"argument (\S+): (.+)", "{0}：{1}"),
)


class _Help(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """An argument parser that speaks Chinese: its help, its sections and its errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=_Help, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message):
        for pattern, words in _ARGPARSE_WORDS:
            found = re.fullmatch(pattern, message)
            if found:
                message = words.format(*found.groups())
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：{message}\n")


PROJECT_HELP = "项目文件夹：存放 site_config.yml 和 content/ 的文件夹（默认：当前文件夹）"
JOBS_HELP = "生成网页的进程数（默认：每个处理器核心一个）"
NO_CACHE_HELP = "不用缓存 项目/.dudao-cache/，每个页面都重新生成"
STRICT_HELP = "把警告也当作错误"


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="dudao", description="dudao（督导）：把督导室的记录生成责任督学挂牌督导公示网站。")
    p.add_argument("--version", action="version", version=f"dudao {__version__}", help="显示版本号并退出")
    sub = p.add_subparsers(dest="command", required=True, title="命令", metavar="命令", parser_class=_Parser)

    c = sub.add_parser("check", help="读取并检查项目，列出全部问题（文件、行、字段和改法）")
    c.add_argument("project", nargs="?", default=".", help=PROJECT_HELP)
    c.add_argument("--strict", action="store_true", help=STRICT_HELP)
    c.add_argument("--format", choices=("text", "json"), default="text", help="json：供编辑器和持续集成读取")
    c.set_defaults(run=cmd_check)

    b = sub.add_parser("build", help="生成网站到 项目/site/（或 --out 指定的文件夹）")
    b.add_argument("project", nargs="?", default=".", help=PROJECT_HELP)
    b.add_argument("--out", help="输出文件夹（默认：项目/site）")
    b.add_argument("--strict", action="store_true", help=STRICT_HELP)
    b.add_argument("--jobs", type=_jobs, default=None, metavar="N", help=JOBS_HELP)
    b.add_argument("--no-cache", action="store_true", help=NO_CACHE_HELP)
    b.add_argument("--gzip", action="store_true",
                   help="同时为每个文本文件写入 .gz 压缩副本，网站服务器可直接发送（如 nginx 的 gzip_static），更省流量")
    b.add_argument("--timings", action="store_true", help="列出每个阶段用的秒数")
    b.set_defaults(run=cmd_build)

    s = sub.add_parser("serve", help="在本机预览网站；修改任何文件后自动重新生成")
    s.add_argument("project", nargs="?", default=".", help=PROJECT_HELP)
    s.add_argument("--host", default="127.0.0.1", help="监听的地址（默认：127.0.0.1，只有本机能访问）")
    s.add_argument("--port", type=int, default=8000, help="端口（默认：8000）")
    s.add_argument("--strict", action="store_true", help=STRICT_HELP)
    s.add_argument("--jobs", type=_jobs, default=None, metavar="N", help=JOBS_HELP)
    s.add_argument("--no-cache", action="store_true", help=NO_CACHE_HELP)
    s.set_defaults(run=cmd_serve)

    i = sub.add_parser("import", help="从 Excel 工作簿或 CSV 文件新建或更新记录")
    i.add_argument("paths", nargs="*", metavar="[项目] 文件", help="项目（默认：当前文件夹）和 .xlsx 或 .csv 文件")
    i.add_argument("--kind", choices=tuple(KIND_OPTIONS), help="各行是哪类记录（CSV 文件，或工作表名称不同时）")
    i.add_argument("--dry-run", action="store_true", help="只列出会有哪些变化，不写任何文件")
    i.add_argument("--template", metavar="文件", help="写出空白导入模板（每类记录一个工作表）")
    i.set_defaults(run=cmd_import)

    x = sub.add_parser("export", help="把记录导出为 Excel 工作簿，改后可用 dudao import 再导入")
    x.add_argument("project", nargs="?", default=".", help=PROJECT_HELP)
    x.add_argument("--xlsx", required=True, metavar="文件", help="要写出的工作簿")
    x.add_argument("--published-only", action="store_true", help="只导出网站公开的内容：不含草稿、未到发布日期和已撤回的报告")
    x.set_defaults(run=cmd_export)

    o = sub.add_parser("init", help="为新的督导室建立项目：site_config.yml、各类记录的文件夹和导入模板")
    o.add_argument("folder", metavar="文件夹", help="新的或空的文件夹")
    o.add_argument("--name", help="区（县）名，如 清溪区")
    o.add_argument("--hotline", help="督导监督电话：印在每块公示牌上")
    o.add_argument("--authority", help="督导室名称（默认：<区名>人民政府教育督导室）")
    o.add_argument("--title", help="网站名称（默认：<区名>责任督学挂牌督导公示平台）")
    o.add_argument("--email", help="督导室的电子邮箱")
    o.set_defaults(run=cmd_init)

    n = sub.add_parser("new", help="按模板新建一条记录（写出的文件可直接通过检查）")
    n.add_argument("record_kind", choices=tuple(KINDS), metavar="类型",
                   help="记录类型：" + "、".join(f"{name}（{kind.title}）" for name, kind in KINDS.items()))
    n.add_argument("project", nargs="?", default=".", help=PROJECT_HELP)
    n.add_argument("--school", help="report：学校的编号或名称")
    n.add_argument("--month", help="report 或按月的记录：月份，如 2026-03（默认：本月）")
    n.add_argument("--date", help="report：到校督导的日期，如 2026-03-05")
    n.add_argument("--supervisor", help="report：到校的督学（默认：本校责任督学）；school：本校责任督学")
    n.add_argument("--kind", help="report 或 bulletin：类型（regular、special … / notice、bulletin …）")
    n.add_argument("--title", help="bulletin 或 page：标题")
    n.add_argument("--name", help="school、supervisor 或 zone：名称或姓名")
    n.add_argument("--zone", help="school 或 supervisor：所属责任区的编号")
    n.add_argument("--type", help="school：学校类型（primary 或 小学 …）")
    n.add_argument("--phone", help="supervisor：公示牌上的电话")
    n.add_argument("--id", help="新记录的编号（默认：由学校和月份、或名称的拼音生成）")
    n.set_defaults(run=cmd_new)

    h = sub.add_parser("schema", help="把各类记录文件的 JSON Schema 写到文件夹中（供编辑器提示）")
    h.add_argument("folder", metavar="文件夹")
    h.set_defaults(run=cmd_schema)

    k = sub.add_parser("clean", help="删除生成缓存（项目/.dudao-cache/）和备用网站（项目/.site.spare）")
    k.add_argument("project", nargs="?", default=".", help=PROJECT_HELP)
    k.set_defaults(run=cmd_clean)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except UsageError as err:
        print(f"dudao：{err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dudao：已中断；原来的网站没有改变", file=sys.stderr)
        return 130
    except OSError as err:  # a full disk, a folder without permission: said, with the file it concerns
        where = f"：{err.filename}" if err.filename else ""
        print(f"dudao: 无法读写文件{where}（{err.strerror or err}）；原有网站保持不变 / "
              f"cannot read or write{' ' + str(err.filename) if err.filename else ''} ({err.strerror or err}); "
              "the previous site is unchanged", file=sys.stderr)
        return 1
