"""Open data under /data/: every public dataset as JSON and as CSV, each with a JSON
Schema, all from one description of the columns (which also writes the /data/ page).

CSV files are UTF-8 with a byte-order mark and CRLF line ends, so Excel opens them in
Chinese without an import dialog. Only public fields of public records are exported:
nothing under `private:`, no drafts, nothing embargoed; withdrawn reports keep their
metadata and reason but not their content.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Mapping

from ..model import addresses
from ..model.escaping import csv_cell
from ..model.i18n import Words
from ..sources.linking import Site
from ..model.records import REPORT_KINDS, Report
from . import glance, rectfigures, surveys

# JSON Schema types of the columns
TYPES = {
    "string": {"type": "string"},
    "string?": {"type": ["string", "null"]},
    "date?": {"type": ["string", "null"], "format": "date"},
    "date": {"type": "string", "format": "date"},
    "integer?": {"type": ["integer", "null"]},
    "integer": {"type": "integer"},
    "number?": {"type": ["number", "null"]},
    "boolean": {"type": "boolean"},
    "boolean?": {"type": ["boolean", "null"]},
    "list": {"type": "array", "items": {"type": "string"}},
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a key of TYPES
    zh: str
    en: str
    get: Callable[[Any], Any]

    def describe(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Dataset:
    name: str
    zh: str
    en: str
    columns: tuple[Column, ...]
    rows: Callable[[Site], list]
    nested: tuple[tuple[str, "Dataset"], ...] = ()  # JSON only: child lists (a report's findings)

    def title(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _ids(refs) -> list[str]:
    return [str(r) for r in refs]


def _page(site: Site, record) -> str:
    return addresses.absolute(site.config.site.url, addresses.of(record)) or addresses.of(record)


def columns(site: Site, figures: Mapping[str, Any] = MappingProxyType({})) -> dict[str, Dataset]:
    """The datasets; `site` gives names, labels and addresses; `figures`, the work schedule's
    months and the year figures, are the plan's (`SitePlan.figures`: worked out once, for the
    pages and the data alike)."""
    t = Words(site.config.language)
    zone_name = lambda ref: site.zone(ref).name if site.zone(ref) else None  # noqa: E731
    sup_name = lambda ref: site.supervisor(ref).name if site.supervisor(ref) else None  # noqa: E731
    # columns that several datasets share, declared once
    # Said of this site as it is: full addresses where it knows its own, else from its root.
    page_url = (Column("url", "string", "页面的完整地址", "the page's full address", lambda rec: _page(site, rec))
                if site.config.site.url else
                Column("url", "string", "页面地址，相对于本网站的根目录", "the page's address from the site's root",
                       lambda rec: _page(site, rec)))
    in_zone = (Column("zone", "string", "责任区编号", "zone id", lambda rec: str(rec.zone)),
               Column("zone_name", "string?", "责任区名称", "zone name", lambda rec: zone_name(rec.zone)))
    of_report = Column("report", "string", "督导报告编号", "report id", lambda pair: pair[0].id)
    # How far a group's rectifications went (`rectfigures`), for zones, supervisors and years:
    # `of` gives a row's figures, worked out once per row.
    def rect_columns(of) -> tuple[Column, ...]:
        share = lambda rate: None if rate.value is None else round(rate.value, 4)  # noqa: E731
        return (
            Column("rectifications", "integer", "发现问题（整改事项）数", "rectifications set", lambda x: of(x).found),
            Column("rectified", "integer", "已整改数", "rectified", lambda x: of(x).rectified),
            Column("rectification_rate", "number?", "整改率（0–1）", "rectification rate", lambda x: share(of(x).rate)),
            Column("due", "integer", "已到期的整改项数（已完成，或已过最初期限）", "due: done, or past the deadline first set",
                   lambda x: of(x).due),
            Column("on_time", "integer", "按期完成数（在最初期限内完成）", "done by the deadline first set", lambda x: of(x).on_time),
            Column("on_time_rate", "number?", "按期整改率（0–1）：按期完成 ÷ 已到期", "on-time rate: on time ÷ due",
                   lambda x: share(of(x).on_time_rate)),
            Column("not_yet_due", "integer", "未到期、未完成的整改项数（不计入按期整改率）", "not done and not yet due",
                   lambda x: of(x).not_yet_due),
        )

    def once(compute):
        made: dict[str, Any] = {}
        def get(record):
            if record.id not in made:
                made[record.id] = compute(record)
            return made[record.id]
        return get

    zone_rects = once(lambda z: rectfigures.of_schools(site, site.schools_of_zone(z)))
    supervisor_rects = once(lambda p: rectfigures.of_schools(site, site.schools_answered_by(p)))
    at_a_glance = once(lambda school: glance.of(site, school))
    survey_figures = functools.cache(lambda: surveys.compute(site))  # only when a survey dataset's rows are read

    def page_url_of(record_of) -> Column:
        return Column(page_url.name, page_url.type, page_url.zh, page_url.en, lambda x: page_url.get(record_of(x)))
    report_id = lambda r: r.id if r is not None else None  # noqa: E731

    def public_reports(s: Site) -> list:
        return sorted(s.reports.values(), key=lambda r: r.id)

    def content_of(report: Report):
        return not report.is_withdrawn

    findings = Dataset("findings", "督导发现", "Findings", (
        of_report,
        Column("item", "string", "督导事项编号（checklist）", "checklist item id", lambda p: p[1].item.id),
        Column("item_name", "string", "督导事项名称", "checklist item name", lambda p: site.config.checklist_name(p[1].item.id)),
        Column("highlights", "string?", "亮点（Markdown）", "highlights (Markdown)", lambda p: p[1].highlights),
        Column("problems", "string?", "问题（Markdown）", "problems (Markdown)", lambda p: p[1].problems),
        Column("suggestions", "string?", "建议（Markdown）", "suggestions (Markdown)", lambda p: p[1].suggestions),
    ), lambda s: [(r, f) for r in public_reports(s) if content_of(r) for f in r.findings])
    rectifications = Dataset("rectifications", "整改事项", "Rectifications", (
        of_report,
        Column("id", "string", "整改项编号（报告内唯一）", "rectification id, unique within its report", lambda p: p[1].id),
        Column("school", "string?", "学校编号（督政报告的整改项为空）", "school id (empty for a report of 督政)",
               lambda p: site.school_of(*p) or None),
        Column("school_name", "string?", "学校名称", "school name",
               lambda p: site.school(site.school_of(*p)).name if site.school(site.school_of(*p)) else None),
        Column("item", "string?", "督导事项编号（checklist）", "checklist item id", lambda p: p[1].item.id if p[1].item else None),
        Column("item_name", "string?", "督导事项名称", "checklist item name",
               lambda p: site.config.checklist_name(p[1].item.id) if p[1].item else None),
        Column("issue", "string", "问题", "issue", lambda p: p[1].issue),
        Column("requirement", "string?", "整改要求", "requirement", lambda p: p[1].requirement),
        Column("deadline", "date?", "整改期限", "deadline", lambda p: _iso(p[1].deadline)),
        Column("status", "string", "状态：open 未整改 / in_progress 整改中 / done 已整改",
               "status: open / in_progress / done", lambda p: p[1].status),
        Column("closed", "date?", "核实整改完成的日期", "date verified done", lambda p: _iso(p[1].closed)),
        Column("overdue", "boolean", "生成网站之日是否已逾期（过了期限仍未完成）",
               "past its deadline and not done on the build date", lambda p: site.is_overdue(p[1])),
        Column("deadline_in_force", "date?", "现行整改期限（延期后的期限；未延期即原期限）",
               "the deadline in force (after any extension)", lambda p: _iso(p[1].current_deadline)),
        Column("extended_to", "list", "每次延期后的期限，依次", "each extension's new deadline, in order",
               lambda p: [_iso(e.deadline) for e in p[1].extensions]),
        Column("extended_by", "list", "每次延期的依据（通报或报告编号），依次", "what set each extension (bulletin or report id)",
               lambda p: [str(e.bulletin if e.bulletin is not None else e.report) for e in p[1].extensions]),
        Column("on_time", "boolean?", "是否按期整改（在最初期限内完成）；未到期或无期限为空",
               "done by the deadline first set; empty while not due or with no deadline",
               lambda p: p[1].is_on_time(site.build_date) if p[1].is_due(site.build_date) else None),
        Column("note", "string?", "说明", "note", lambda p: p[1].note),
        Column("followup", "string?", "核实整改的回头看报告编号", "id of the follow-up report that verified it",
               lambda p: site.followup_of(p[1]).id if site.followup_of(p[1]) else None),
        Column("attachments", "list", "整改材料（网站上的地址）", "documents (addresses on the site)",
               lambda p: [addresses.media(a.file) for a in p[1].attachments]),
    ), lambda s: [(r, x) for r in public_reports(s) if content_of(r) for x in r.rectifications])
    corrections = Dataset("corrections", "更正说明", "Corrections", (
        of_report,
        Column("date", "date", "更正日期", "date of the correction", lambda p: _iso(p[1].date)),
        Column("note", "string", "更正内容", "what was corrected", lambda p: p[1].note),
    ), lambda s: [(r, c) for r in public_reports(s) if content_of(r) for c in r.corrections])

    sets = [
        Dataset("zones", "督学责任区", "Zones", (
            Column("id", "string", "责任区编号", "zone id", lambda z: z.id),
            Column("name", "string", "名称", "name", lambda z: z.name),
            Column("leader", "string?", "组长的督学编号", "leader's supervisor id", lambda z: str(z.leader) if z.leader else None),
            Column("leader_name", "string?", "组长姓名", "leader's name", lambda z: sup_name(z.leader)),
            Column("schools", "integer", "学校数", "number of schools", lambda z: len(site.schools_of_zone(z))),
            *rect_columns(zone_rects),
            page_url,
        ), lambda s: list(s.sorted_zones())),
        Dataset("supervisors", "责任督学", "Supervisors", (
            Column("id", "string", "督学编号", "supervisor id", lambda p: p.id),
            Column("name", "string", "姓名", "name", lambda p: p.name),
            *in_zone,
            Column("phone", "string", "公开的工作电话", "public work phone", lambda p: p.phone),
            Column("email", "string?", "电子邮箱", "e-mail", lambda p: p.email),
            Column("role", "string?", "类别（专职/兼职）", "role", lambda p: p.role),
            Column("position", "string?", "工作单位及职务", "position", lambda p: p.position),
            Column("certificate", "string?", "督学证号", "certificate number", lambda p: p.certificate),
            Column("since", "date?", "任期开始", "term start", lambda p: _iso(p.since)),
            Column("until", "date?", "任期结束", "term end", lambda p: _iso(p.until)),
            Column("status", "string", "active 在任 / former 已离任", "active / former",
                   lambda p: "former" if site.is_former(p) else "active"),
            Column("schools", "list", "负责的学校编号（第一位为责任督学的学校在前）", "school ids",
                   lambda p: [s.id for s in site.schools_of_supervisor(p)]),
            *rect_columns(supervisor_rects),
            page_url,
        ), lambda s: sorted(s.supervisors.values(), key=lambda p: p.id)),
        Dataset("schools", "学校", "Schools", (
            Column("id", "string", "学校编号（地址 /schools/<id>/）", "school id", lambda x: x.id),
            Column("name", "string", "名称", "name", lambda x: x.name),
            Column("type", "string", "学段代码", "type code", lambda x: x.type),
            Column("type_name", "string", "学段", "type", lambda x: t.label("school_type", x.type)),
            *in_zone,
            Column("supervisor", "string?", "责任督学编号（挂牌）", "responsible supervisor id",
                   lambda x: str(x.supervisors[0]) if x.supervisors else None),
            Column("supervisor_name", "string?", "责任督学姓名", "responsible supervisor",
                   lambda x: sup_name(x.supervisors[0]) if x.supervisors else None),
            Column("supervisors", "list", "全部督学编号（1+X）", "all supervisor ids", lambda x: _ids(x.supervisors)),
            Column("code", "string?", "学校标识码", "school code", lambda x: x.code),
            Column("township", "string?", "乡镇（街道）", "township", lambda x: x.township),
            Column("address", "string?", "地址", "address", lambda x: x.address),
            Column("phone", "string?", "学校电话", "phone", lambda x: x.phone),
            Column("website", "string?", "网站", "website", lambda x: x.website),
            Column("principal", "string?", "校长（园长）", "principal", lambda x: x.principal),
            Column("liaison_name", "string?", "挂牌督导联络员", "liaison", lambda x: x.liaison.name if x.liaison else None),
            Column("liaison_phone", "string?", "联络员电话", "liaison phone",
                   lambda x: x.liaison.phone if x.liaison else None),
            Column("sign_no", "string?", "挂牌编号", "sign number", lambda x: x.sign_no),
            Column("lat", "number?", "纬度", "latitude", lambda x: x.location.lat if x.location else None),
            Column("lon", "number?", "经度", "longitude", lambda x: x.location.lon if x.location else None),
            Column("aliases", "list", "曾用名", "former names", lambda x: list(x.aliases)),
            Column("status", "string", "open 正常办学 / closed 已停办", "open / closed", lambda x: x.status),
            Column("successor", "string?", "承接学校编号", "successor school id",
                   lambda x: str(x.successor) if x.successor else None),
            # At a glance (`views/glance.py`), as the top of the school's page shows it.
            Column("last_visit", "date?", "最近一次到校督导日期", "last visit", lambda x: _iso(getattr(at_a_glance(x).last_visit, "visited", None))),
            Column("last_visit_report", "string?", "最近一次到校督导的报告编号", "its report id", lambda x: report_id(at_a_glance(x).last_visit)),
            Column("months_visited", "integer", "本学年按月督导达标的月份数", "months of this school year with the visits required",
                   lambda x: at_a_glance(x).months_visited),
            Column("months_due", "integer", "本学年计入的完整月份数（不含假期月份）", "complete months of this school year counted",
                   lambda x: at_a_glance(x).months_due),
            Column("open_rectifications", "integer", "未完成的整改项数", "open rectifications", lambda x: at_a_glance(x).open_rects),
            Column("overdue_rectifications", "integer", "已逾期的整改项数", "overdue rectifications", lambda x: at_a_glance(x).overdue_rects),
            Column("last_comprehensive", "string?", "最近一次综合督导的报告编号", "last comprehensive review (report id)",
                   lambda x: report_id(at_a_glance(x).last_comprehensive)),
            Column("last_comprehensive_date", "date?", "最近一次综合督导日期", "its date",
                   lambda x: _iso(getattr(at_a_glance(x).last_comprehensive, "visited", None))),
            Column("last_comprehensive_rating", "string?", "最近一次综合督导的评定等级", "its grade",
                   lambda x: getattr(at_a_glance(x).last_comprehensive, "rating", None)),
            Column("comprehensive_due", "boolean", "应安排综合督导（办学中，且轮次年限内未综合督导）",
                   "due a comprehensive review (open, none within the cycle)", lambda x: at_a_glance(x).comprehensive_due),
            Column("last_special", "string?", "最近一次专项督导的报告编号", "last special review (report id)",
                   lambda x: report_id(at_a_glance(x).last_special)),
            page_url,
        ), lambda s: sorted(s.schools.values(), key=lambda x: x.id)),
        Dataset("subjects", "督政对象", "Governments and departments (督政)", (
            Column("id", "string", "编号（地址 /subjects/<id>/）", "id", lambda x: x.id),
            Column("name", "string", "名称", "name", lambda x: x.name),
            Column("type", "string", "类型代码", "type code", lambda x: x.type),
            Column("type_name", "string", "类型", "type", lambda x: t.label("subject_type", x.type)),
            Column("reports", "list", "督导报告编号", "report ids", lambda x: [r.id for r in site.reports_of_subject(x)]),
            page_url,
        ), lambda s: sorted(s.records["subject"].values(), key=lambda x: x.id)),
        Dataset("terms", "责任督学任期", "Supervisor terms", (
            Column("school", "string", "学校编号", "school id", lambda row: row[0].id),
            Column("school_name", "string", "学校名称", "school name", lambda row: row[0].name),
            Column("supervisor", "string", "责任督学编号", "supervisor id", lambda row: row[1].id),
            Column("supervisor_name", "string", "责任督学姓名", "supervisor name", lambda row: row[1].name),
            Column("since", "date?", "任本校责任督学起始日期", "from", lambda row: _iso(row[2])),
            Column("until", "date?", "截止日期（现任为空）", "until (empty for the current one)", lambda row: _iso(row[3])),
            Column("current", "boolean", "是否现任", "current", lambda row: row[4]),
        ), lambda s: _terms(s)),
        Dataset("reports", "督导报告", "Reports", (
            Column("id", "string", "报告编号（地址 /reports/<id>/）", "report id", lambda r: r.id),
            Column("title", "string", "标题", "title", lambda r: r.title),
            Column("kind", "string", "类型代码", "kind code", lambda r: r.kind),
            Column("kind_name", "string", "类型", "kind", lambda r: t.label("report_kind", r.kind)),
            Column("schools", "list", "学校编号", "school ids", lambda r: _ids(r.schools)),
            Column("subjects", "list", "督政对象编号（乡镇人民政府、部门）", "ids of the governments or departments (督政)",
                   lambda r: _ids(r.subjects)),
            Column("supervisors", "list", "督学编号", "supervisor ids", lambda r: _ids(r.supervisors)),
            Column("visited", "date", "督导日期（第一天）", "first day of the visit", lambda r: _iso(r.visited)),
            Column("visited_until", "date?", "督导最后一天", "last day of the visit", lambda r: _iso(r.visited_until)),
            Column("published", "date?", "发布日期", "publication date", lambda r: _iso(r.published)),
            Column("status", "string", "published 已发布 / withdrawn 已撤回", "published / withdrawn", lambda r: r.status),
            Column("withdrawn_reason", "string?", "撤回原因", "why it was withdrawn", lambda r: r.withdrawn_reason),
            Column("withdrawn_on", "date?", "撤回日期", "the day it was withdrawn", lambda r: _iso(r.withdrawn_on)),
            Column("topic", "string?", "专项主题", "topic", lambda r: r.topic),
            Column("rating", "string?", "评定等级", "rating", lambda r: r.rating),
            Column("prompted_by", "string?", "督导缘由：complaint 群众举报投诉 / request 学校需求（计划内的为空）",
                   "what prompted it: complaint / request (empty: planned)", lambda r: r.prompted_by),
            page_url,
        ), public_reports, nested=(("findings", findings), ("rectifications", rectifications),
                                   ("corrections", corrections))),
        findings, rectifications, corrections,
        Dataset("schedule", "工作安排", "Work schedule", (
            Column("month", "string", "月份（YYYY-MM）", "month (YYYY-MM)", lambda row: row[0].month),
            Column("id", "string", "工作编号（当月内唯一）", "activity id, unique within its month", lambda row: row[1].activity.id),
            Column("kind", "string", "工作类型代码（督导类型，或 meeting 例会、training 培训、requests 需求征集、assessment 考核）",
                   "kind code (a kind of report, or meeting, training, requests, assessment)", lambda row: row[1].activity.kind),
            Column("topic", "string", "工作内容", "activity", lambda row: row[1].activity.topic),
            Column("held", "date?", "例会、培训等举行的日期", "the day a meeting, training … was held", lambda row: _iso(row[1].activity.held)),
            Column("schools", "list", "学校编号", "school ids", lambda row: [s.id for s in row[1].schools]),
            Column("zone", "string?", "责任区编号", "zone id", lambda row: row[1].zone.id if row[1].zone else None),
            Column("state", "string", "done 已完成 / missed 未完成 / planned 计划中", "done / missed / planned", lambda row: row[1].state),
            Column("reports", "list", "完成该工作的报告编号", "ids of the reports that carried it out", lambda row: [r.id for r in row[1].reports]),
            Column("schools_visited", "integer?", "经常性督导：已到校的学校数", "regular round: schools visited", lambda row: row[1].visited),
            Column("schools_in_scope", "integer?", "经常性督导：应到校的学校数", "regular round: schools it covers", lambda row: row[1].scope),
        ), lambda s: [(plan, row) for plan in figures.get("schedule", ()) for row in plan.rows]),
        Dataset("annual", "年度统计", "Year by year", (
            Column("period", "string", "统计期间：2025-2026 为学年（9月1日至次年8月31日），2025 为年度", "period: 2025-2026 a school year, 2025 a calendar year", lambda f: f.period.key),
            Column("kind", "string", "school_year 学年 / year 年度", "school_year / year", lambda f: f.period.kind),
            Column("start", "date", "起始日期", "first day", lambda f: _iso(f.period.start)),
            Column("until", "date", "统计截止日期（本期未结束时为生成网站之日）", "last day counted", lambda f: _iso(f.until)),
            Column("complete", "boolean", "本期是否已结束", "the period is over", lambda f: f.complete),
            Column("open_schools", "integer", "办学中的学校数", "open schools", lambda f: f.open_schools),
            Column("months", "integer", "计入的完整月份数（不含假期月份）", "complete months counted", lambda f: f.months),
            Column("visits", "integer", "经常性督导到校次数（计入月份内）", "regular visits in the months counted", lambda f: f.visits),
            Column("target", "integer", "一月一督导应到校次数", "visits required", lambda f: f.target),
            Column("coverage", "number?", "按月到校达标率（0–1）", "share of school-months with the visits required", lambda f: None if f.coverage is None else round(f.coverage, 4)),
            *(Column(f"reports_{kind}", "integer", f"{t.label('report_kind', kind)}报告数", f"{kind} reports",
                     lambda f, kind=kind: dict(f.reports)[kind]) for kind in REPORT_KINDS),
            Column("comprehensive_schools", "integer", "综合督导覆盖学校数", "schools under a comprehensive review", lambda f: f.comprehensive_schools),
            Column("comprehensive_planned", "integer", "综合督导计划学校数（办学中的学校 ÷ 轮次年限，向上取整）",
                   "comprehensive reviews planned (open schools ÷ the cycle's years, rounded up)", lambda f: f.comprehensive_planned),
            Column("problems", "integer", "发现问题（整改事项）数", "rectifications set", lambda f: f.problems),
            Column("rectified", "integer", "已整改数", "rectified", lambda f: f.rectified),
            Column("rectification_rate", "number?", "整改率（0–1）", "rectification rate", lambda f: None if f.rectification_rate is None else round(f.rectification_rate, 4)),
            *rect_columns(lambda f: f.rects)[3:],
            Column("overdue", "integer", "已逾期未整改数", "overdue", lambda f: f.overdue),
            Column("median_days", "number?", "整改用时中位数（天）", "median days to close", lambda f: f.median_days),
            Column("bulletins", "integer", "发布通报公报数", "bulletins published", lambda f: f.bulletins),
        ), lambda s: list(figures.get("annual", ()))),
        Dataset("surveys", "满意度测评", "Satisfaction surveys", (
            Column("id", "string", "测评编号（地址 /surveys/<id>/）", "survey id", lambda f: f.survey.id),
            Column("title", "string", "名称", "title", lambda f: f.survey.title),
            Column("respondents", "string", "测评对象：parents 家长 / students 学生 / teachers 教师", "parents / students / teachers",
                   lambda f: f.survey.respondents),
            Column("held", "date", "测评日期", "held", lambda f: _iso(f.survey.held)),
            Column("options", "list", "答案选项（满意的在前）", "the options, the satisfied first", lambda f: list(f.survey.options)),
            Column("satisfied", "integer", "算作满意的前几个选项", "how many of the first options count as satisfied",
                   lambda f: f.survey.satisfied),
            Column("answered", "integer", "参加人数（全区）", "answered (district)", lambda f: f.district.answered),
            page_url_of(lambda f: f.survey),
        ), lambda s: list(survey_figures())),
        Dataset("survey_results", "满意度测评结果", "Satisfaction survey results", (
            Column("survey", "string", "测评编号", "survey id", lambda r: r[0].survey.id),
            Column("school", "string?", "学校编号（全区或责任区的结果为空）", "school id", lambda r: r[1].school.id if r[1].school else None),
            Column("zone", "string?", "责任区编号", "zone id", lambda r: r[1].zone.id if r[1].zone else None),
            Column("answered", "integer", "参加人数", "answered", lambda r: r[1].answered),
            Column("shown", "boolean", f"是否公布（参加人数不少于 {site.config.survey_min_answers} 人）",
                   f"published (at least {site.config.survey_min_answers} answered)", lambda r: r[1].shown),
            Column("question", "string", "题目编号", "question id", lambda r: r[2].question.id),
            Column("question_text", "string", "题目", "question", lambda r: r[2].question.text),
            Column("satisfied_share", "number?", "满意率（0–1；不公布时为空）", "share satisfied (empty when not published)",
                   lambda r: None if r[2].satisfied is None else round(r[2].satisfied, 4)),
            Column("option_shares", "list", "各选项所占比例（0–1，依次；不公布时为空）", "each option's share, in order (empty when not published)",
                   lambda r: [f"{x:.4f}" for x in r[2].options] if r[2].options else []),
        ), lambda s: [(f, row, shares) for f in survey_figures() for row in (f.district, *f.rows) for shares in row.shares]),
        Dataset("complaints", "举报投诉统计", "Complaints in figures", (
            Column("id", "string", "记录编号", "record id", lambda row: row.record.id),
            Column("month", "string", "月份（YYYY-MM）", "month (YYYY-MM)", lambda row: row.record.month),
            Column("zone", "string?", "责任区编号（全区为空）", "zone id (empty: the district)", lambda row: row.zone.id if row.zone else None),
            Column("zone_name", "string?", "责任区名称", "zone name", lambda row: row.zone.name if row.zone else None),
            Column("school", "string?", "学校编号", "school id", lambda row: row.school.id if row.school else None),
            Column("school_name", "string?", "学校名称", "school name", lambda row: row.school.name if row.school else None),
            Column("received", "integer", "受理件数", "received", lambda row: row.record.received),
            Column("answered_in_time", "integer?", f"在承诺时限（{site.config.complaint_reply_days} 个工作日）内答复的件数",
                   f"answered within {site.config.complaint_reply_days} working days", lambda row: row.record.answered_in_time),
            Column("verified", "integer?", "到校核实的件数", "checked on the spot", lambda row: row.record.verified),
            Column("visits", "list", "由举报投诉引发的督导报告编号（当月、范围内）", "ids of the reports they prompted (that month, in scope)",
                   lambda row: [r.id for r in row.visits]),
            *(Column(f"category_{item.id}", "integer", f"类别：{item.name}", f"category: {item.name}",
                     lambda row, key=item.id: sum(c.value for c in row.record.categories if c.key == key))
              for item in site.config.complaint_categories),
            *(Column(f"channel_{item.id}", "integer", f"渠道：{item.name}", f"channel: {item.name}",
                     lambda row, key=item.id: sum(c.value for c in row.record.channels if c.key == key))
              for item in site.config.complaint_channels),
        ), lambda s: list(figures["complaints"].months) if "complaints" in figures else []),
        Dataset("bulletins", "通报公报", "Bulletins", (
            Column("id", "string", "编号（地址 /bulletins/<id>/）", "bulletin id", lambda b: b.id),
            Column("title", "string", "标题", "title", lambda b: b.title),
            Column("kind", "string", "类型代码", "kind code", lambda b: b.kind),
            Column("kind_name", "string", "类型", "kind", lambda b: t.label("bulletin_kind", b.kind)),
            Column("number", "string?", "文号", "document number", lambda b: b.number),
            Column("published", "date?", "发布日期", "publication date", lambda b: _iso(b.published)),
            Column("status", "string", "published / withdrawn", "published / withdrawn", lambda b: b.status),
            Column("schools", "list", "涉及学校编号", "school ids", lambda b: [s.id for s in site.all_of(b.schools, "school")]),
            Column("reports", "list", "涉及报告编号", "report ids", lambda b: [r.id for r in site.all_of(b.reports, "report")]),
            page_url,
        ), lambda s: sorted(s.bulletins.values(), key=lambda b: b.id)),
    ]
    return {d.name: d for d in sets}


def _terms(site: Site) -> list:
    """Each school's 责任督学, the current one first, then the earlier ones, latest first."""
    rows = []
    for school in sorted(site.schools.values(), key=lambda x: x.id):
        current = site.primary_supervisor(school)
        if current is not None:
            rows.append((school, current, current.since, None, True))
        rows += [(school, term.supervisor, term.since, term.until, False)
                 for term in site.former_supervisors_of_school(school)]
    return rows


class _Values:
    """Each dataset's rows as the values of its columns, worked out once: a report's findings
    and rectifications are in its JSON and in CSV files of their own, and the reports are in
    both formats (working each out again cost a fifth of the exports of a one-edit build)."""

    def __init__(self, site: Site):
        self.site = site
        self.made: dict[str, list[tuple[Any, tuple]]] = {}

    def __call__(self, dataset: Dataset) -> list[tuple[Any, tuple]]:
        """(row, its columns' values) for each row of `dataset`."""
        found = self.made.get(dataset.name)
        if found is None:
            getters = [c.get for c in dataset.columns]
            found = self.made[dataset.name] = [(row, tuple(get(row) for get in getters))
                                               for row in dataset.rows(self.site)]
        return found


# One encoder for every row (`json.dumps` with an option makes a new one for each).
_ROW = json.JSONEncoder(ensure_ascii=False)


def to_json(dataset: Dataset, site: Site, values: _Values | None = None) -> str:
    values = values or _Values(site)
    children: dict[str, dict[str, list]] = {}
    for key, child in dataset.nested:
        names = [(i, c.name) for i, c in enumerate(child.columns) if c.name != "report"]
        grouped: dict[str, list] = {}
        for pair, cells in values(child):
            grouped.setdefault(pair[0].id, []).append({name: cells[i] for i, name in names})
        children[key] = grouped
    names = [c.name for c in dataset.columns]
    rows = []
    for row, cells in values(dataset):
        row_values = dict(zip(names, cells))
        for key, _ in dataset.nested:
            row_values[key] = children[key].get(row.id, [])
        rows.append(row_values)
    # One row per line: easy to read and to compare, and made by json's C encoder (an indented
    # document is made by its Python one, five times slower: a second at a district's size).
    return "[\n" + ",\n".join(map(_ROW.encode, rows)) + "\n]\n" if rows else "[]\n"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return csv_cell(";".join(value))
    if isinstance(value, str):  # text from a record: never a formula in a spreadsheet
        return csv_cell(value)
    return str(value)


def to_csv(dataset: Dataset, site: Site, values: _Values | None = None) -> bytes:
    values = values or _Values(site)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in dataset.columns])
    for _, cells in values(dataset):
        writer.writerow([_cell(value) for value in cells])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def schema(dataset: Dataset, site: Site) -> str:
    lang = site.config.language

    def item_schema(ds: Dataset, skip: str | None = None) -> dict:
        props = {c.name: {**TYPES[c.type], "description": c.describe(lang)} for c in ds.columns if c.name != skip}
        for key, child in ds.nested:
            props[key] = {"type": "array", "description": child.title(lang), "items": item_schema(child, "report")}
        return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}

    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": addresses.absolute(site.config.site.url, addresses.data(f"schemas/{dataset.name}.schema.json"))
        or addresses.data(f"schemas/{dataset.name}.schema.json"),
        "title": dataset.title(lang),
        "type": "array",
        "items": item_schema(dataset),
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


CSV_ONLY = ("findings", "rectifications", "corrections")  # in JSON they are inside reports.json


@dataclass(frozen=True)
class Described:
    """What the open-data page says of a dataset: plain text for its template to display."""
    name: str
    title: str
    csv_only: bool  # inside reports.json in JSON: no JSON file or schema of its own
    columns: tuple[tuple[str, str, str], ...]  # (name, type, meaning)


def described(site: Site) -> tuple[Described, ...]:
    lang = site.config.language
    return tuple(Described(name, dataset.title(lang), name in CSV_ONLY,
                           tuple((c.name, c.type, c.describe(lang)) for c in dataset.columns))
                 for name, dataset in columns(site).items())


def files(site: Site, figures: Mapping[str, Any]) -> dict[str, str | bytes]:
    """Every open-data file: path under the site → content."""
    out: dict[str, str | bytes] = {}
    values = _Values(site)
    for name, dataset in columns(site, figures).items():
        if name in CSV_ONLY:
            out[addresses.data(f"{name}.csv")] = to_csv(dataset, site, values)
            continue
        out[addresses.data(f"{name}.json")] = to_json(dataset, site, values)
        out[addresses.data(f"{name}.csv")] = to_csv(dataset, site, values)
        out[addresses.data(f"schemas/{name}.schema.json")] = schema(dataset, site)
    return out
