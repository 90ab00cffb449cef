"""The office's workbook: which sheet holds which kind of record, and which column which field.

One table serves the import, the export and the blank template, so the three always agree.
Headers are the Chinese names an office uses; the field names (`name`, `zone`, `liaison.phone`)
are accepted too, and so are the other names listed for a column. Values are the text a
clerk types: names instead of ids for references, the Chinese labels for fixed choices
(小学, 已离任, 整改中), lists separated by 、 or commas. Every cell still goes through the
same field types and checks as a record file.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.i18n import LABELS
from ..model.records import DEFAULT_COMPLAINT_CATEGORIES, DEFAULT_COMPLAINT_CHANNELS, Config


@dataclass(frozen=True)
class Column:
    field: str  # the record's field; a dotted path for nested ones (liaison.phone)
    header: str  # the Chinese header the template and the export write
    also: tuple[str, ...] = ()  # other headers an office may use
    ref: str = ""  # the kind of record a reference names (by name or id)
    labels: str = ""  # the LABELS group whose Chinese words stand for the choices
    many: bool = False  # a list, written separated by 、
    part: int | None = None  # for a list split over two columns: 0 the first item, 1 the rest

    def headers(self) -> tuple[str, ...]:
        return (self.header, self.field) + self.also


EXTRA_LABELS = {
    "supervisor_status": {"active": ("在任", "Active"), "former": ("已离任", "Former")},
    "school_status": {"open": ("正常办学", "Open"), "closed": ("已停办", "Closed")},
    "publication_status": {"published": ("已发布", "Published"), "draft": ("草稿", "Draft"),
                           "withdrawn": ("已撤回", "Withdrawn")},
}


def choices(group: str) -> dict[str, str]:
    """Chinese label → value, for the choices of a LABELS group."""
    table = LABELS.get(group) or EXTRA_LABELS[group]
    return {zh: value for value, (zh, _) in table.items()}


def label_of(group: str, value: str) -> str:
    table = LABELS.get(group) or EXTRA_LABELS[group]
    return table[value][0] if value in table else value


ID = Column("id", "编号", ("ID", "id"))

ZONE = (
    ID,
    Column("name", "责任区名称", ("责任区", "名称")),
    Column("leader", "组长", ref="supervisor"),
    Column("order", "排序"),
    Column("description", "说明"),
)

SUPERVISOR = (
    ID,
    Column("name", "姓名", ("督学姓名",)),
    Column("zone", "所属责任区", ("责任区",), ref="zone"),
    Column("phone", "联系电话", ("电话",)),
    Column("email", "电子邮箱", ("邮箱",)),
    Column("role", "类别", ("督学类别",)),
    Column("position", "工作单位及职务", ("职务",)),
    Column("certificate", "督学证号"),
    Column("since", "任职日期", ("聘任日期",)),
    Column("until", "离任日期"),
    Column("status", "状态", ("任职状态",), labels="supervisor_status"),
    Column("photo", "照片"),
    Column("bio", "简介"),
)

SCHOOL = (
    ID,
    Column("name", "学校名称", ("学校",)),
    Column("type", "学校类型", ("学段",), labels="school_type"),
    Column("zone", "所属责任区", ("责任区",), ref="zone"),
    Column("supervisors", "责任督学", ref="supervisor", many=True, part=0),
    Column("supervisors", "协同督学", ref="supervisor", many=True, part=1),
    Column("code", "学校标识码", ("标识码",)),
    Column("township", "乡镇街道", ("乡镇（街道）", "乡镇")),
    Column("address", "地址", ("学校地址",)),
    Column("phone", "联系电话", ("电话", "学校电话")),
    Column("website", "网站", ("学校网站",)),
    Column("principal", "校长", ("校长（园长）", "园长")),
    Column("liaison.name", "联络员", ("挂牌督导联络员",)),
    Column("liaison.title", "联络员职务"),
    Column("liaison.phone", "联络员电话"),
    Column("sign_no", "挂牌编号"),
    Column("sign_printed", "挂牌日期", ("公示牌印制日期",)),
    Column("location.lat", "纬度"),
    Column("location.lon", "经度"),
    Column("aliases", "曾用名", many=True),
    Column("status", "办学状态", labels="school_status"),
    Column("successor", "承接学校", ref="school"),
)

# 督政: the governments and departments reports may be of.
SUBJECT = (
    ID,
    Column("name", "名称", ("督政对象",)),
    Column("type", "类型", labels="subject_type"),
    Column("order", "排序"),
    Column("description", "说明"),
)

# One row per checklist item of a visit; the rows of one visit make one report.
VISIT = (
    Column("id", "报告编号", ("ID", "id")),
    Column("visited", "督导日期", ("日期", "到校日期")),
    Column("schools", "学校", ("学校名称",), ref="school", many=True, part=0),
    Column("supervisors", "责任督学", ("督学",), ref="supervisor", many=True, part=0),
    Column("title", "报告标题", ("标题",)),
    Column("published", "发布日期"),
    Column("findings.item", "督导事项", ("事项",), ref="checklist"),
    Column("findings.highlights", "亮点", ("工作亮点",)),
    Column("findings.problems", "问题", ("存在问题", "发现问题")),
    Column("findings.suggestions", "建议", ("意见建议",)),
    Column("rectifications.id", "整改编号"),
    Column("rectifications.issue", "整改问题"),
    Column("rectifications.requirement", "整改要求"),
    Column("rectifications.deadline", "整改期限", ("整改时限",)),
    Column("rectifications.status", "整改状态", labels="rect_status"),
    Column("rectifications.closed", "核实日期", ("销号日期",)),
    Column("rectifications.note", "整改说明", ("备注",)),
)


# One row per rectification of any report: to follow them up (整改状态, 核实日期) in Excel.
RECTIFICATION = (
    Column("report", "报告编号", ("report",)),
    Column("id", "整改编号", ("ID", "id")),
    Column("school", "学校", ("学校名称",), ref="school"),
    Column("item", "督导事项", ("事项",), ref="checklist"),
    Column("issue", "整改问题", ("问题",)),
    Column("requirement", "整改要求"),
    Column("deadline", "整改期限", ("整改时限",)),
    Column("status", "整改状态", labels="rect_status"),
    Column("closed", "核实日期", ("销号日期",)),
    Column("note", "整改说明", ("备注",)),
    Column("followup", "回头看报告编号", ("回头看",)),
)


# One row per question of a survey's result (a school's, a zone's or the district's): the
# surveys themselves (questions, options) are written with `dudao new survey`.
SURVEY_RESULT = (
    Column("survey", "测评编号", ("测评",)),
    Column("school", "学校", ("学校名称",), ref="school"),
    Column("zone", "责任区", ("所属责任区",), ref="zone"),
    Column("answered", "参加人数", ("人数",)),
    Column("question", "题目编号", ("题目",)),
    Column("counts", "各选项人数", ("人数（按选项）",), many=True),
)


@dataclass(frozen=True)
class SheetKind:
    kind: str  # the record kind the rows become
    names: tuple[str, ...]  # sheet names that hold it (first: what the export writes)
    columns: tuple[Column, ...]
    # One row as a clerk would type it, by header, shown on the template's 填写示例 sheet
    # (CHECKLIST_ITEM: the office's first 督导事项). Together the rows make records that check.
    example: tuple[tuple[str, str], ...] = ()
    # How its rows become records (`importing`): "roster", a record a row, known by its id or
    # name; "visits", reports with their findings and rectifications, a row each; "rectifications",
    # changes to the reports' rectifications; "results", a survey's results; "counts", a month's
    # figures a row, known by its month and place.
    rows: str = "roster"


CHECKLIST_ITEM = "{checklist}"

SHEETS = (
    SheetKind("zone", ("责任区", "督学责任区", "zones"), ZONE, (
        ("编号", "zone-1"), ("责任区名称", "第一责任区"), ("组长", "王明"), ("排序", "1"),
        ("说明", "城关街道的中小学和幼儿园"))),
    SheetKind("supervisor", ("责任督学", "督学", "supervisors"), SUPERVISOR, (
        ("编号", "wang-ming"), ("姓名", "王明"), ("所属责任区", "第一责任区"), ("联系电话", "0512-60001234"),
        ("电子邮箱", "wangming@example.cn"), ("类别", "专职督学"), ("工作单位及职务", "区教育督导室督学"),
        ("任职日期", "2024-09-01"), ("状态", "在任"))),
    SheetKind("school", ("学校", "学校名册", "schools"), SCHOOL, (
        ("编号", "cg-diyi-xx"), ("学校名称", "城关第一小学"), ("学校类型", "小学"), ("所属责任区", "第一责任区"),
        ("责任督学", "王明"), ("学校标识码", "2132050001"), ("乡镇街道", "城关街道"), ("地址", "城关街道文昌路1号"),
        ("联系电话", "0512-60005678"), ("校长", "李华"), ("联络员", "张强"), ("联络员职务", "办公室主任"),
        ("联络员电话", "0512-60005679"), ("挂牌编号", "CG-001"), ("挂牌日期", "2025-09-01"), ("办学状态", "正常办学"))),
    SheetKind("subject", ("督政对象", "subjects"), SUBJECT, (
        ("编号", "cg-jiedao"), ("名称", "城关街道办事处"), ("类型", "街道办事处"), ("排序", "1"),
        ("说明", "负责辖区学校周边环境治理"))),
    SheetKind("report", ("督导记录", "月度督导", "visits", "reports"), VISIT, (
        ("报告编号", "cg-diyi-xx-2026-10"), ("督导日期", "2026-10-12"), ("学校", "城关第一小学"), ("责任督学", "王明"),
        ("发布日期", "2026-10-20"), ("督导事项", CHECKLIST_ITEM), ("亮点", "课后服务按时开展，家长满意。"),
        ("问题", "三年级作业量偏多。"), ("建议", "建立作业公示制度。"), ("整改编号", "r1"),
        ("整改问题", "三年级作业量偏多"), ("整改要求", "两周内建立作业公示制度"), ("整改期限", "2026-11-30"),
        ("整改状态", "整改中")), rows="visits"),
    SheetKind("rectification", ("整改", "整改事项", "rectifications"), RECTIFICATION, (
        ("报告编号", "cg-diyi-xx-2026-10"), ("整改编号", "r1"), ("学校", "城关第一小学"),
        ("整改问题", "三年级作业量偏多"), ("整改期限", "2026-11-30"), ("整改状态", "整改中"),
        ("整改说明", "学校已拟定作业公示办法，待回头看核实。")), rows="rectifications"),
    SheetKind("survey", ("满意度测评结果", "满意度测评", "survey_results"), SURVEY_RESULT, (
        ("测评编号", "2026-jiazhang"), ("学校", "城关第一小学"), ("参加人数", "120"), ("题目编号", "overall"),
        ("各选项人数", "80、30、10")), rows="results"),
)


def complaints_sheet(categories, channels) -> SheetKind:
    """A month's complaints in figures, one row each: a column for each of the office's
    categories and channels (`complaint_categories`, `complaint_channels`), named 类别：… and
    渠道：…. A row without 编号 is the month's record of its school, zone or the district."""
    return SheetKind("complaints", ("举报投诉", "举报投诉统计", "complaints"), (
        ID,
        Column("month", "月份"),
        Column("zone", "责任区", ("所属责任区",), ref="zone"),
        Column("school", "学校", ("学校名称",), ref="school"),
        Column("received", "受理件数", ("受理",)),
        Column("answered_in_time", "按时答复件数", ("按时答复",)),
        Column("verified", "到校核实件数", ("到校核实",)),
        *(Column(f"categories.{item_id}", f"类别：{name}") for item_id, name in categories),
        *(Column(f"channels.{item_id}", f"渠道：{name}") for item_id, name in channels),
    ), (("月份", "2026-10"), ("责任区", "第一责任区"), ("受理件数", "3"), ("按时答复件数", "3"), ("到校核实件数", "1"),
        (f"类别：{categories[0][1]}", "2"), (f"类别：{categories[-1][1]}", "1"), (f"渠道：{channels[0][1]}", "3")),
        rows="counts")


def sheets(config: Config | None) -> tuple[SheetKind, ...]:
    """Every sheet of the office's workbook, those whose columns follow its lists among them."""
    if config is None:
        return SHEETS + (complaints_sheet(DEFAULT_COMPLAINT_CATEGORIES, DEFAULT_COMPLAINT_CHANNELS),)
    return SHEETS + (complaints_sheet(tuple((c.id, c.name) for c in config.complaint_categories),
                                      tuple((c.id, c.name) for c in config.complaint_channels)),)


# The template's sheet of examples: shown to the clerk, never imported.
EXAMPLES_SHEET = "填写示例"
# `--kind` names a sheet's kind for a CSV file or a workbook with other sheet names.
KIND_OPTIONS = {"zones": "zone", "supervisors": "supervisor", "schools": "school", "subjects": "subject", "reports": "report",
                "visits": "report", "rectifications": "rectification", "complaints": "complaints",
                "surveys": "survey"}


def sheet_kind(kind: str, config: Config | None = None) -> SheetKind:
    return next(sheet for sheet in sheets(config) if sheet.kind == kind)


def for_sheet(name: str, config: Config | None = None) -> SheetKind | None:
    wanted = name.strip().lower()
    return next((sheet for sheet in sheets(config) if wanted in (n.lower() for n in sheet.names)), None)
