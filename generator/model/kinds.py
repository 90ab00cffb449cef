"""The kinds of record, each registered once (`register`): what every other module asks of a
kind (its class, where its files are, whether it has a body, what it is called, where the
pages are, its page's template and its feed, what each field is in the office's words, the
diagnostics and words of its own, how a new record of it starts) is read from here, never
listed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from . import i18n, messages
from .records import Bulletin, Complaints, Page, Report, Schedule, School, Subject, Supervisor, Survey, Zone


@dataclass(frozen=True)
class Kind:
    name: str  # in files and code: "school"
    record: type  # its dataclass (`records`), each field declared with its type
    folder: str  # its files' folder under content/ (at any depth below it)
    suffix: str  # its files' suffix
    body: bool  # a Markdown body after the YAML front matter
    title: str  # what the office calls it (the schema's title, the command line's word)
    section: str | None = None  # its records' pages are at /<section>/<id>/; None: at the top
    page_template: str | None = None  # each record's page, or None when it has none of its own
    feed: str | None = None  # the folder of each record's Atom feed under feeds/, or None
    # What each field is, in the office's words (`dudao new`'s comments, the schemas' descriptions).
    notes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # A list of parts whose ids must differ within a record → the diagnostic code when they do not.
    unique_parts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Its own diagnostics (code → severity, zh-Hans, en) and its pages' words (key → zh-Hans, en).
    messages: Mapping[str, tuple[str, str, str]] = field(default_factory=lambda: MappingProxyType({}))
    words: Mapping[str, tuple[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    # A new record (`dudao new`): the field its id is made from, and the lines it shows under a
    # list field for the office to fill in.
    id_from: str | None = None
    examples: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind; the order of registration is the order kinds are read and listed in. Its
    diagnostics and words join the catalogues every output reads them from."""
    if kind.name in KINDS:
        raise ValueError(f"the kind {kind.name!r} is registered already")
    clashes = (set(kind.messages) & set(messages.CATALOGUE)) | (set(kind.words) & set(i18n.WORDS))
    if clashes:
        raise ValueError(f"the kind {kind.name!r} brings codes or words known already: {sorted(clashes)}")
    KINDS[kind.name] = kind
    messages.CATALOGUE.update(kind.messages)
    i18n.WORDS.update(kind.words)
    return kind


def record_class(kind: str) -> type:
    return KINDS[kind].record


def unregister(name: str) -> None:
    """Take a kind away again (a test's own), with its diagnostics and words."""
    kind = KINDS.pop(name)
    for code in kind.messages:
        del messages.CATALOGUE[code]
    for key in kind.words:
        del i18n.WORDS[key]
    i18n.forget()


# Records may be sorted into subfolders at any depth (schools by zone, reports by year); ids are
# unique per kind. The order here is the order record pages are planned in.
register(Kind(
    "school", School, "schools", ".yml", False, "学校", "schools", "school.md.j2", "schools",
    notes={
        "type": "学校类型：kindergarten 幼儿园、primary 小学、junior 初中、senior 高中、nine_year 九年一贯制、"
                "twelve_year 十二年一贯制、complete_secondary 完全中学、special 特殊教育、vocational 中职、other 其他",
        "zone": "所属责任区的编号", "supervisors": "责任督学的编号，第一位为本校责任督学，其余为协同督学",
        "code": "学校标识码（10 位数字）", "liaison": "挂牌督导联络员：name 姓名、title 职务、phone 电话",
        "location": "位置：lat 纬度、lon 经度", "aliases": "曾用名", "status": "open 正常办学；closed 已停办",
        "successor": "停办后承接学校的编号", "sign_printed": "公示牌印制日期",
        "history": "曾任责任督学：supervisor 督学编号、since 起始日期、until 截止日期（不填则取该督学的任期）",
    },
))
register(Kind(
    "supervisor", Supervisor, "supervisors", ".yml", False, "责任督学", "supervisors", "supervisor.md.j2",
    notes={
        "zone": "所属责任区的编号", "photo": "照片文件名（放在 content/media/ 下）",
        "status": "active 在任；former 已离任（同时填写离任日期 until）", "since": "任职日期",
        "until": "离任日期", "bio": "简介",
    },
))
register(Kind(
    "zone", Zone, "zones", ".yml", False, "督学责任区", "zones", "zone.md.j2", "zones",
    notes={
        "name": "责任区名称", "leader": "组长（责任督学的编号）", "order": "排序（数字小的在前）",
        "description": "说明：负责的街道、学校等",
    },
))
# 督政: the governments and departments a report may be of instead of schools.
register(Kind(
    "subject", Subject, "subjects", ".yml", False, "督政对象", "subjects", "subject.md.j2",
    notes={
        "name": "名称，如 白鹭镇人民政府", "type": "类型：township 乡镇人民政府、subdistrict 街道办事处、department 政府部门、other 其他",
        "description": "说明", "order": "排序（数字小的在前）",
    },
    words={
        "subjects": ("督政", "Government"),
        "subjects_intro": ("督政是对乡镇人民政府、街道办事处和有关部门履行教育职责情况的督导。以下是各督政对象及其督导报告。",
                           "Supervision of governments: how townships, sub-districts and departments carry out their duties for education."),
        "subjects_none": ("暂无督政对象。", "None yet."),
        "subject_reports": ("督导报告", "Reports"),
        "subject_rects": ("整改事项", "Rectifications"),
        "about_whom": ("督导对象", "Of"),
    },
    id_from="name",
))
register(Kind(
    "report", Report, "reports", ".md", True, "督导报告", "reports", "report.md.j2",
    notes={
        "title": "报告标题", "kind": "督导类型：regular 经常性督导、special 专项督导、comprehensive 综合督导、"
                                    "joint 联合视导、random 随机督查、annual 年度报告、research 调研报告",
        "schools": "督导的学校（编号）", "subjects": "督政：督导的乡镇人民政府、部门（督政对象的编号），不是学校时填写",
        "supervisors": "参加督导的责任督学（编号）",
        "visited": "到校督导日期", "visited_until": "督导结束日期（多日督导时填写）", "topic": "专项督导的主题",
        "rating": "评定等级", "published": "发布日期（在此日期之前不会公开）",
        "status": "published 发布；draft 草稿（不公开）；withdrawn 撤回（须填写撤回原因 withdrawn_reason）",
        "withdrawn_reason": "撤回原因", "withdrawn_on": "撤回日期",
        "attachments": "附件：file 文件名（放在 content/media/ 下）、title 标题",
        "findings": "各督导事项的情况：item 事项编号、highlights 亮点、problems 问题、suggestions 建议",
        "rectifications": "整改事项：id 编号、issue 问题、requirement 整改要求、deadline 整改期限、"
                          "status open 未整改/in_progress 整改中/done 已整改、closed 核实日期",
        "corrections": "更正说明：date 日期、note 说明",
    },
    unique_parts={"rectifications": "rect.duplicate-id"},
))
register(Kind(
    "bulletin", Bulletin, "bulletins", ".md", True, "通报公报", "bulletins", "bulletin.md.j2",
    notes={
        "title": "标题", "kind": "类型：bulletin 督导公报、notice 通报、newsletter 督导信息、plan 工作计划、summary 工作总结",
        "number": "文号", "schools": "涉及的学校（编号）", "reports": "涉及的督导报告（编号）",
        "published": "发布日期", "status": "published 发布；draft 草稿（不公开）；withdrawn 撤回",
        "withdrawn_reason": "撤回原因", "withdrawn_on": "撤回日期", "attachments": "附件：file 文件名、title 标题",
    },
))
# A free page: its page is planned apart, in the nav.
register(Kind("page", Page, "pages", ".md", True, "页面", None, notes={"title": "页面标题", "order": "在导航中的顺序"}))
# The work schedule (工作安排表): a record a month, every month on one page (/schedule/), each
# activity linked to the reports that carried it out.
register(Kind(
    "schedule", Schedule, "schedule", ".yml", False, "工作安排表", "schedule",
    notes={
        "month": "月份，如 2026-03", "title": "本月工作主题（可不填）",
        "activities": "工作安排：id 编号、kind 工作类型（督导类型，或 meeting 例会、training 培训、requests 需求征集、"
                      "assessment 考核）、topic 工作内容、schools 学校或 zone 责任区、supervisors 督学、"
                      "reports 完成后填写的督导报告编号、held 例会培训等举行的日期、note 说明",
    },
    unique_parts={"activities": "schedule.duplicate-id"},
    messages={
        "schedule.duplicate-id": ("error", "工作安排 '{id}' 的编号在本月重复。请改用另一个编号",
                                  "the activity id '{id}' is used twice in this month"),
        "schedule.held-report-kind": ("warning", "工作安排 '{id}' 是督导工作，以公开的督导报告为完成依据，held 日期不计。请在 reports 中填写报告编号",
                                      "activity '{id}' is supervision work: it is done by its public report, not by a held date; list the report in reports"),
        "schedule.report-month": ("warning", "工作安排 '{id}' 是 {month} 的计划，但所列报告 '{report}' 的督导日期是 {visited}。请核对",
                                  "activity '{id}' is planned for {month}, but report '{report}' was visited on {visited}"),
    },
    words={
        "schedule": ("工作安排", "Work schedule"),
        "schedule_intro": ("督导室每月的工作安排，以及每项工作是否已完成（督导工作以公开的督导报告为准；例会、培训、需求征集、考核以举行日期为准）。",
                           "The office's planned work, month by month, and what became of it (supervision: a published report; meetings, training, requests and assessments: the day held)."),
        "schedule_none": ("暂无工作安排。", "No schedule yet."),
        "schedule_month": ("{year}年{month}月", "{year}-{month:02d}"),
        "schedule_summary": ("计划 {planned} 项，已完成 {done} 项", "{planned} planned, {done} done"),
        "activity": ("工作内容", "Activity"),
        "activity_scope": ("学校或责任区", "Schools or zone"),
        "activity_state": ("完成情况", "State"),
        "all_schools": ("全部学校", "All schools"),
        "all_supervisors": ("全体责任督学", "All supervisors"),
        "schools_visited": ("{n}/{total} 所学校已到校督导", "{n} of {total} schools visited"),
        "state_planned": ("计划中", "Planned"),
        "state_missed": ("未完成", "Not done"),
        "state_done_by": ("已完成", "Done"),
        "planned_vs_done": ("工作安排完成情况", "Planned against done"),
        "planned": ("计划", "Planned"),
        "done_count": ("已完成", "Done"),
        "missed_count": ("未完成", "Not done"),
    },
    id_from="month",
    examples={"activities": (
        "  - id: regular",
        "    kind: regular",
        "    topic: 各责任区经常性督导（一月一督导）",
        "  # - id: meeting            # 例会、培训（training）、需求征集（requests）、考核（assessment）",
        "  #   kind: meeting",
        "  #   topic: 责任督学月度工作例会",
        "  #   held: 2026-03-28       # 举行后填写日期",
        "  # - id: special-1          # 每项工作一个编号，本月内不重复",
        "  #   kind: special         # 督导类型",
        "  #   topic: 专项督导的内容",
        "  #   zone: zone-1          # 或 schools: [学校编号, …]",
        "  #   reports: [报告编号]    # 完成后填写",
    )},
))
# Complaints and reports from the public (举报、投诉、来信来访) in figures: a record a month, for
# the district, a zone or a school; counts only, never persons. All of them on one page
# (/complaints/) and in the open data.
register(Kind(
    "complaints", Complaints, "complaints", ".yml", False, "举报投诉统计", "complaints",
    notes={
        "month": "月份，如 2026-03", "zone": "所涉责任区的编号（全区的统计不填）", "school": "所涉学校的编号（可不填）",
        "received": "本月受理的举报、投诉、来信来访件数", "answered_in_time": "在承诺时限内答复的件数",
        "verified": "责任督学到校核实的件数",
        "categories": "按类别的件数，如 admissions: 2（类别见 site_config.yml 的 complaint_categories）",
        "channels": "按渠道的件数，如 hotline: 3（渠道见 site_config.yml 的 complaint_channels）",
    },
    messages={
        "complaints.more-than-received": ("error", "'{field}' 的件数 {value} 多于受理件数 received（{received}）。请核对",
                                          "'{field}' ({value}) is more than the number received ({received})"),
        "complaints.sum": ("warning", "'{field}' 各项之和为 {total}，与受理件数 received（{received}）不符。请核对",
                           "the counts of '{field}' add up to {total}, not the {received} received"),
        "complaints.unknown-key": ("error", "'{field}' 中的 '{id}' 不在 site_config.yml 的列表中{suggestion}。可选：{allowed}",
                                   "'{id}' in '{field}' is not in the list of site_config.yml{suggestion}. Allowed: {allowed}"),
        "complaints.school-zone": ("error", "学校 {who}不属于责任区 '{zone}'。请只填学校，或改正 zone",
                                   "the school {who} is not in the zone '{zone}'"),
        "complaints.duplicate": ("error", "{month} 同一范围（全区、责任区或学校）的举报投诉统计已有一份。请合并为一份",
                                 "there is already a record of complaints for {month} and the same zone or school"),
    },
    words={
        "complaints": ("举报投诉", "Complaints"),
        "complaints_intro": ("受理、核实群众的举报和投诉是责任督学的职责。本页公布每月受理的件数、类别、渠道、按时答复的比例，以及由此引发的到校督导，只有数字，不含任何个人信息。我们承诺在 {days} 个工作日内答复。",
                             "Receiving and checking the public's complaints is a supervisor's duty. This page gives the numbers only: received, by category and channel, answered in time, and the visits they led to; nothing about any person. We promise a reply within {days} working days."),
        "complaints_none": ("暂无举报投诉统计。", "No figures yet."),
        "complaints_by_year": ("历年汇总", "Year by year"),
        "complaints_by_month": ("按月", "Month by month"),
        "complaints_by_category": ("按类别", "By category"),
        "complaints_by_channel": ("按渠道", "By channel"),
        "complaints_month": ("月份", "Month"),
        "complaints_year": ("年度", "Year"),
        "complaints_scope": ("范围", "Scope"),
        "complaints_received": ("受理", "Received"),
        "complaints_in_time": ("按时答复", "Answered in time"),
        "complaints_verified": ("到校核实", "Checked on the spot"),
        "complaints_visits": ("引发的督导", "Visits they led to"),
        "complaints_whole": ("全区", "District"),
        "complaints_figures_link": ("每月受理的举报投诉件数和 {days} 个工作日内答复的比例", "Complaints received each month, and the share answered within {days} working days"),
        "complaints_how": ("举报、投诉的方式见“联系我们”。", "How to complain: see Contact."),
        "prompted_by": ("督导缘由", "Prompted by"),
    },
    id_from="month",
))
# Satisfaction surveys (满意度测评): the counts of the answers, shown as shares only where enough
# answered; all of them on /surveys/, each on its own page, a question asked again compared
# year against year.
register(Kind(
    "survey", Survey, "surveys", ".yml", False, "满意度测评", "surveys", "survey.md.j2",
    notes={
        "title": "测评名称", "respondents": "测评对象：parents 家长、students 学生、teachers 教师",
        "held": "测评截止日期", "options": "答案选项，满意的在前，如 [满意, 基本满意, 不满意]",
        "satisfied": "前几个选项算作满意（默认 1）", "questions": "题目：id 编号（各年相同的题目用同一编号）、text 题目",
        "results": "结果：school 学校或 zone 责任区（都不填为全区）、answered 参加人数、"
                   "answers 各题各选项的人数（question 题目编号、counts 依次为各选项的人数）",
        "description": "测评方式说明",
    },
    unique_parts={"questions": "survey.duplicate-question"},
    messages={
        "survey.duplicate-question": ("error", "题目编号 '{id}' 在本次测评中重复", "the question id '{id}' is used twice"),
        "survey.unknown-question": ("error", "题目 '{id}' 不在本次测评的 questions 中。可选：{allowed}",
                                    "'{id}' is not a question of this survey. Allowed: {allowed}"),
        "survey.counts-length": ("error", "题目 '{id}' 有 {counts} 个人数，而选项有 {options} 个。请按选项依次填写人数",
                                 "question '{id}' has {counts} counts for {options} options"),
        "survey.more-than-answered": ("error", "题目 '{id}' 各选项人数之和 {total} 多于参加人数 answered（{answered}）",
                                      "the counts of '{id}' add up to {total}, more than the {answered} who answered"),
        "survey.satisfied": ("error", "satisfied 为 {n}，但只有 {options} 个选项：至少要留一个不满意的选项",
                             "satisfied is {n} of {options} options: at least one must be left as not satisfied"),
        "survey.duplicate-scope": ("error", "同一学校（或责任区、全区）的结果出现了两次。请合并", "two results of the same school, zone or district"),
    },
    words={
        "surveys": ("满意度测评", "Satisfaction surveys"),
        "surveys_intro": ("家长、学生、教师对学校和督导工作的满意度测评结果。只公布参加人数不少于 {n} 人的结果；同一题目在不同年份的结果并列比较。",
                          "Parents', students' and teachers' satisfaction. A result is shown only where at least {n} answered; a question asked again is compared year against year."),
        "surveys_none": ("暂无满意度测评。", "No surveys yet."),
        "survey_respondents": ("测评对象", "Who answered"),
        "survey_held": ("测评日期", "Held"),
        "survey_answered": ("参加人数", "Answered"),
        "survey_question": ("题目", "Question"),
        "survey_satisfied": ("满意率", "Satisfied"),
        "survey_satisfied_note": ("满意率：选择“{options}”的人数所占比例。", "Satisfied: the share who chose {options}."),
        "survey_whole": ("全区", "District"),
        "survey_scope": ("范围", "Scope"),
        "survey_too_few": ("参加人数不足 {n} 人，不公布结果", "fewer than {n} answered: not shown"),
        "survey_results": ("各校（区）结果", "By school or zone"),
        "survey_overall": ("全区结果", "District"),
        "survey_years": ("历年比较", "Year against year"),
        "survey_list": ("历次测评", "Surveys"),
    },
    id_from="title",
    examples={
        "options": ("  - 满意", "  - 基本满意", "  - 不满意"),
        "questions": ("  - id: overall", "    text: 您对学校的总体满意度"),
        "results": ("  - answered: 0        # 参加人数（全区）；某校的结果另起一项，写 school: 学校编号",
                    "    answers:", "      - question: overall", "        counts: [0, 0, 0]   # 依次为各选项的人数"),
    },
))
