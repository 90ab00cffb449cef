"""What each field of a record is, in the office's words: for the comments `dudao new` writes
and the descriptions editors show from the JSON Schemas. The workbook's column headers name
the roster fields; the rest are described here."""

from __future__ import annotations

from .columns import SHEETS

NOTES: dict[str, dict[str, str]] = {
    "zone": {
        "name": "责任区名称", "leader": "组长（责任督学的编号）", "order": "排序（数字小的在前）",
        "description": "说明：负责的街道、学校等",
    },
    "supervisor": {
        "zone": "所属责任区的编号", "photo": "照片文件名（放在 content/media/ 下）",
        "status": "active 在任；former 已离任（同时填写离任日期 until）", "since": "任职日期",
        "until": "离任日期", "bio": "简介",
    },
    "school": {
        "type": "学校类型：kindergarten 幼儿园、primary 小学、junior 初中、senior 高中、nine_year 九年一贯制、"
                "twelve_year 十二年一贯制、complete_secondary 完全中学、special 特殊教育、vocational 中职、other 其他",
        "zone": "所属责任区的编号", "supervisors": "责任督学的编号，第一位为本校责任督学，其余为协同督学",
        "code": "学校标识码（10 位数字）", "liaison": "挂牌督导联络员：name 姓名、title 职务、phone 电话",
        "location": "位置：lat 纬度、lon 经度", "aliases": "曾用名", "status": "open 正常办学；closed 已停办",
        "successor": "停办后承接学校的编号", "sign_printed": "公示牌印制日期",
        "history": "曾任责任督学：supervisor 督学编号、since 起始日期、until 截止日期（不填则取该督学的任期）",
    },
    "report": {
        "title": "报告标题", "kind": "督导类型：regular 经常性督导、special 专项督导、comprehensive 综合督导、"
                                    "joint 联合视导、random 随机督查、annual 年度报告、research 调研报告",
        "schools": "督导的学校（编号）", "supervisors": "参加督导的责任督学（编号）",
        "visited": "到校督导日期", "visited_until": "督导结束日期（多日督导时填写）", "topic": "专项督导的主题",
        "rating": "评定等级", "published": "发布日期（在此日期之前不会公开）",
        "status": "published 发布；draft 草稿（不公开）；withdrawn 撤回（须填写撤回原因 withdrawn_reason）",
        "withdrawn_reason": "撤回原因", "attachments": "附件：file 文件名（放在 content/media/ 下）、title 标题",
        "findings": "各督导事项的情况：item 事项编号、highlights 亮点、problems 问题、suggestions 建议",
        "rectifications": "整改事项：id 编号、issue 问题、requirement 整改要求、deadline 整改期限、"
                          "status open 未整改/in_progress 整改中/done 已整改、closed 核实日期",
        "corrections": "更正说明：date 日期、note 说明",
    },
    "bulletin": {
        "title": "标题", "kind": "类型：bulletin 督导公报、notice 通报、newsletter 督导信息、plan 工作计划、summary 工作总结",
        "number": "文号", "schools": "涉及的学校（编号）", "reports": "涉及的督导报告（编号）",
        "published": "发布日期", "status": "published 发布；draft 草稿（不公开）；withdrawn 撤回",
        "withdrawn_reason": "撤回原因", "attachments": "附件：file 文件名、title 标题",
    },
    "page": {"title": "页面标题", "order": "在导航中的顺序"},
    "schedule": {"month": "月份，如 2026-03", "title": "本月工作主题（可不填）",
                 "activities": "工作安排：id 编号、kind 督导类型、topic 工作内容、schools 学校或 zone 责任区、"
                               "supervisors 督学、reports 完成后填写的督导报告编号、note 说明"},
}


def describe(kind: str, field: str) -> str:
    note = NOTES.get(kind, {}).get(field)
    if note:
        return note
    for sheet in SHEETS:
        if sheet.kind == kind:
            for column in sheet.columns:
                if column.field == field:
                    return column.header
    return ""
