"""The typed content model: one frozen dataclass per kind of record.

Each content field declares how it is read (`spec(type, required)`); the
validation phase reads YAML into these classes, and the docs' field reference
is checked against them. References stay `Ref`s here; `linking.Site` resolves
them and answers the questions templates ask.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .diagnostics import Pos
from .fieldtypes import (Count, Counts, Date, Email, Enum, FileName, Id, Integer, ListOf, Located, Markdown, Month, Number,
                         Pattern, Phone, Ref, SchoolCode, SiteUrl, Struct, Text, Url, spec)

LANGUAGES = ("zh-Hans", "zh-Hant", "en")
SCHOOL_TYPES = ("kindergarten", "primary", "junior", "senior", "nine_year", "twelve_year",
                "complete_secondary", "special", "vocational", "other")
# Who answered a satisfaction survey (满意度测评).
RESPONDENTS = ("parents", "students", "teachers")
# Whom 督政 is of: a township's government, a sub-district office, a department of the county.
SUBJECT_TYPES = ("township", "subdistrict", "department", "other")
REPORT_KINDS = ("regular", "special", "comprehensive", "joint", "random", "annual", "research")
# The work schedule's activities: the kinds of report, and the office's other work of the five
# "一"s (一月一例会, training, collecting schools' requests, 考核), done when held.
HELD_KINDS = ("meeting", "training", "requests", "assessment")
ACTIVITY_KINDS = REPORT_KINDS + HELD_KINDS
BULLETIN_KINDS = ("bulletin", "notice", "newsletter", "plan", "summary")
PUBLICATION_STATUSES = ("published", "draft", "withdrawn")
RECT_STATUSES = ("open", "in_progress", "done")

DEFAULT_CHECKLIST = (
    ("management", "校务管理和制度执行情况"),
    ("admissions", "招生、收费、择校情况"),
    ("teaching", "课程开设和课堂教学情况"),
    ("workload", "学生学习、体育锻炼和课业负担情况"),
    ("teachers", "教师师德和专业发展情况"),
    ("safety", "校园及周边安全情况，学生交通安全情况"),
    ("hygiene", "食堂、食品、饮水及宿舍卫生情况"),
    ("ethos", "校风、教风、学风建设情况"),
)
# What the public's complaints and reports (举报、投诉、来信来访) are about, and how they came.
DEFAULT_COMPLAINT_CATEGORIES = (
    ("admissions", "入学"), ("fees", "收费"), ("ethics", "师德师风"), ("workload", "课业负担"),
    ("safety", "校园安全"), ("canteen", "食堂食品"), ("other", "其他"),
)
DEFAULT_COMPLAINT_CHANNELS = (
    ("hotline", "督导电话"), ("citizen", "12345 转办"), ("letter", "来信"), ("visit", "来访"),
    ("online", "网上留言"), ("supervisor", "责任督学受理"),
)
# What prompted a visit, where it was not the plan (a report's `prompted_by`).
PROMPTS = ("complaint", "request")
DEFAULT_DUTIES = (
    "对学校依法依规办学进行监督",
    "对学校管理和教育教学进行指导",
    "受理、核实相关举报和投诉",
    "发现问题并督促学校整改",
    "向教育督导部门报告情况，并向政府有关部门提出意见",
)


def _f(type_, required=False, default=None):
    return field(default=default, metadata=spec(type_, required))


# ---------------------------------------------------------------- site_config.yml

@dataclass(frozen=True)
class SiteInfo:
    title: str = _f(Text(), True)
    authority: str = _f(Text(), True)
    url: str | None = _f(SiteUrl())
    language: str = _f(Enum(*LANGUAGES), default="zh-Hans")
    description: str | None = _f(Text())
    data_license: str | None = _f(Text())  # the terms of the open data, as the office states them
    data_license_url: str | None = _f(Url("http", "https"))


@dataclass(frozen=True)
class Channel:
    label: str = _f(Text(), True)
    phone: str | None = _f(Phone())
    url: str | None = _f(Url())
    note: str | None = _f(Text())


@dataclass(frozen=True)
class Contact:
    hotline: str = _f(Phone(), True)
    email: str | None = _f(Email())
    address: str | None = _f(Text())
    office_hours: str | None = _f(Text())
    others: tuple[Channel, ...] = _f(ListOf(Struct(Channel)), default=())
    citizen_hotline: str = _f(Phone(), default="12345")  # 政务服务便民热线
    message_url: str | None = _f(Url("http", "https"))  # the office's online message board (留言)
    wechat: str | None = _f(Text())  # the office's WeChat account (公众号), by name


@dataclass(frozen=True)
class Footer:
    icp: str | None = _f(Text())
    police_record: str | None = _f(Text())
    site_code: str | None = _f(Text())
    sponsor: str | None = _f(Text())  # 主办单位 (default: site.authority)
    organizer: str | None = _f(Text())  # 承办单位
    error_report_url: str | None = _f(Url("http", "https"))  # 我为政府网站找错
    conac_url: str | None = _f(Url("http", "https"))  # the 党政机关 registration, where the office has one


@dataclass(frozen=True)
class ChecklistItem:
    id: str = _f(Text(), True)
    name: str = _f(Text(), True)


@dataclass(frozen=True)
class Named:
    """An item of one of the office's lists (complaint categories, channels): its id (written in
    records and as a column of the open data) and name."""
    id: str = _f(Pattern(r"[a-z0-9][a-z0-9-]*", "field.id"), True)
    name: str = _f(Text(), True)


@dataclass(frozen=True)
class Targets:
    """The office's targets, in per cent, set beside the figures they are for."""
    rectification_rate: float | None = _f(Number(0, 100))  # 整改率
    on_time_rate: float | None = _f(Number(0, 100))  # 按期整改率


@dataclass(frozen=True)
class Config:
    site: SiteInfo = _f(Struct(SiteInfo), True)
    contact: Contact = _f(Struct(Contact), True)
    footer: Footer = _f(Struct(Footer), default=Footer())
    checklist: tuple[ChecklistItem, ...] = _f(ListOf(Struct(ChecklistItem), 1), default=tuple(
        ChecklistItem(i, n) for i, n in DEFAULT_CHECKLIST))
    duties: tuple[str, ...] = _f(ListOf(Text(), 1), default=DEFAULT_DUTIES)
    visits_per_month: int = _f(Integer(), default=1)
    holiday_months: tuple[int, ...] = _f(ListOf(Integer()), default=())
    targets: Targets = _f(Struct(Targets), default=Targets())
    # 综合督导: every school once in this many years (a school not reviewed within it is due),
    # so a year's plan is one in this many of the open schools.
    comprehensive_cycle: int = _f(Integer(1, 10), default=3)
    complaint_categories: tuple[Named, ...] = _f(ListOf(Struct(Named), 1), default=tuple(
        Named(i, n) for i, n in DEFAULT_COMPLAINT_CATEGORIES))
    complaint_channels: tuple[Named, ...] = _f(ListOf(Struct(Named), 1), default=tuple(
        Named(i, n) for i, n in DEFAULT_COMPLAINT_CHANNELS))
    complaint_reply_days: int = _f(Integer(1, 60), default=5)  # the working days the office promises a reply in
    # A survey's result is published only where at least this many answered (as Parent View does).
    survey_min_answers: int = _f(Integer(1, 10_000), default=10)

    @property
    def language(self) -> str:
        return self.site.language

    def checklist_name(self, item_id: str) -> str:
        for item in self.checklist:
            if item.id == item_id:
                return item.name
        return item_id


# ---------------------------------------------------------------- records

# Where validation keeps, beside a record's fields, the digest of the file it was read from
# (`SourceFile.digest`): not a field, so no template, export or comparison sees it.
SOURCE_DIGEST = "_dd_source_digest"


@dataclass(frozen=True)
class Record:
    """What every record has: its id and the place its file starts."""

    id: str = ""
    pos: Pos = Pos("")

    @property
    def path(self) -> str:
        return self.pos.path


@dataclass(frozen=True)
class Zone(Record):
    name: str = _f(Text(), True)
    leader: Ref | None = _f(Id("supervisor"))
    description: str | None = _f(Markdown())
    order: int | None = _f(Integer())


@dataclass(frozen=True)
class Supervisor(Record):
    name: str = _f(Text(), True)
    zone: Ref = _f(Id("zone"), True)
    phone: str = _f(Phone(), True)
    photo: Located | None = _f(FileName())
    email: str | None = _f(Email())
    role: str | None = _f(Text())
    position: str | None = _f(Text())
    certificate: str | None = _f(Text())
    since: dt.date | None = _f(Date())
    until: dt.date | None = _f(Date())
    status: str = _f(Enum("active", "former"), default="active")
    bio: str | None = _f(Markdown())


@dataclass(frozen=True)
class Liaison:
    name: str = _f(Text(), True)
    title: str | None = _f(Text())
    phone: str | None = _f(Phone())


@dataclass(frozen=True)
class Location:
    lat: float = _f(Number(-90, 90), True)
    lon: float = _f(Number(-180, 180), True)


@dataclass(frozen=True)
class Term:
    """A past 责任督学 of a school; dates left out are the supervisor's own (`since`, `until`)."""

    pos: Pos = Pos("")
    supervisor: Ref = _f(Id("supervisor"), True)
    since: dt.date | None = _f(Date())
    until: dt.date | None = _f(Date())


@dataclass(frozen=True)
class School(Record):
    name: str = _f(Text(), True)
    type: str = _f(Enum(*SCHOOL_TYPES), True)
    zone: Ref = _f(Id("zone"), True)
    supervisors: tuple[Ref, ...] = _f(ListOf(Id("supervisor"), 1), True, default=())
    code: str | None = _f(SchoolCode())
    address: str | None = _f(Text())
    township: str | None = _f(Text())
    phone: str | None = _f(Phone())
    website: str | None = _f(Url("http", "https"))
    principal: str | None = _f(Text())
    liaison: Liaison | None = _f(Struct(Liaison))
    sign_no: str | None = _f(Text())
    location: Location | None = _f(Struct(Location))
    aliases: tuple[str, ...] = _f(ListOf(Text()), default=())
    status: str = _f(Enum("open", "closed"), default="open")
    successor: Ref | None = _f(Id("school"))
    sign_printed: dt.date | None = _f(Date())
    history: tuple[Term, ...] = _f(ListOf(Struct(Term)), default=())

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"


@dataclass(frozen=True)
class Subject(Record):
    """Whom a report of 督政 is of: not a school, but a government or a department."""

    name: str = _f(Text(), True)
    type: str = _f(Enum(*SUBJECT_TYPES), True)
    description: str | None = _f(Markdown())
    order: int | None = _f(Integer())


@dataclass(frozen=True)
class Finding:
    item: Ref = _f(Id("checklist"), True)
    highlights: str | None = _f(Markdown())
    problems: str | None = _f(Markdown())
    suggestions: str | None = _f(Markdown())

    @property
    def is_empty(self) -> bool:
        """Nothing written under the item: not shown, and `check` says so (`finding.empty`)."""
        return not any(part and part.strip() for part in (self.highlights, self.problems, self.suggestions))


# How the bodies `dudao new` writes begin ("（在这里写正文。）"): a body still holding it has
# not been written (`body.placeholder`).
BODY_PLACEHOLDER = "（在这里写"


@dataclass(frozen=True)
class Correction:
    date: dt.date = _f(Date(), True)
    note: str = _f(Text(), True)


@dataclass(frozen=True)
class Attachment:
    pos: Pos = Pos("")
    file: str = _f(Text(), True)
    title: str | None = _f(Text())


@dataclass(frozen=True)
class Extension:
    """A deadline moved (延期): the new deadline, and the bulletin or report that set it."""

    pos: Pos = Pos("")
    deadline: dt.date = _f(Date(), True)
    bulletin: Ref | None = _f(Id("bulletin"))  # the notice (通报) that set it
    report: Ref | None = _f(Id("report"))  # or the report (a 回头看) that set it
    granted: dt.date | None = _f(Date())  # the day it was set
    reason: str | None = _f(Text())


@dataclass(frozen=True)
class Rectification:
    pos: Pos = Pos("")
    id: str = _f(Text(), True)
    issue: str = _f(Text(), True)
    school: Ref | None = _f(Id("school"))  # for a report on several schools: whose it is
    item: Ref | None = _f(Id("checklist"))  # the checklist item it belongs to
    requirement: str | None = _f(Text())
    deadline: dt.date | None = _f(Date())
    status: str = _f(Enum(*RECT_STATUSES), default="open")
    closed: dt.date | None = _f(Date())
    note: str | None = _f(Text())
    followup: Ref | None = _f(Id("report"))  # the follow-up visit (回头看) that verified it
    attachments: tuple[Attachment, ...] = _f(ListOf(Struct(Attachment)), default=())  # 整改通知书, 整改报告 …
    extensions: tuple[Extension, ...] = _f(ListOf(Struct(Extension)), default=())  # 延期, oldest first

    @property
    def current_deadline(self) -> dt.date | None:
        """The deadline in force: the last extension's, else the one first set."""
        return self.extensions[-1].deadline if self.extensions else self.deadline

    def is_overdue(self, on: dt.date) -> bool:
        deadline = self.current_deadline
        return self.status != "done" and deadline is not None and deadline < on

    def is_on_time(self, on: dt.date) -> bool:
        """Done by the deadline first set (按期): an extension keeps an item from being overdue,
        it does not make a late one on time. Done with no closing date: on time only while
        its deadline has not passed by `on`."""
        if self.status != "done" or self.deadline is None:
            return False
        return (self.closed or on) <= self.deadline

    def is_due(self, on: dt.date) -> bool:
        """Judged for 按期 on `on`: it has a deadline, and is done or the deadline has passed.
        An item not yet due is counted apart, never as a failure."""
        return self.deadline is not None and (self.status == "done" or self.deadline < on)


@dataclass(frozen=True)
class Publication(Record):
    """What reports and bulletins share: title, publication state, attachments, body."""

    title: str = _f(Text(), True)
    published: dt.date | None = _f(Date())
    status: str = _f(Enum(*PUBLICATION_STATUSES), default="published")
    withdrawn_reason: str | None = _f(Text())
    withdrawn_on: dt.date | None = _f(Date())  # the day it was withdrawn (撤回日期)
    attachments: tuple[Attachment, ...] = _f(ListOf(Struct(Attachment)), default=())
    body: str = ""
    body_line: int = 0

    @property
    def is_withdrawn(self) -> bool:
        return self.status == "withdrawn"

    @property
    def narrative(self) -> bool:
        """Whether its body tells figures in plain words, to be checked against the data
        (`views/textfigures`); any publication's body may write them as placeholders, filled in
        from the data."""
        return False


@dataclass(frozen=True)
class Report(Publication):
    kind: str = _f(Enum(*REPORT_KINDS), True)
    # the schools it is of, or (督政) the governments and departments: one of them at least
    schools: tuple[Ref, ...] = _f(ListOf(Id("school")), default=())
    subjects: tuple[Ref, ...] = _f(ListOf(Id("subject")), default=())
    supervisors: tuple[Ref, ...] = _f(ListOf(Id("supervisor"), 1), True, default=())
    visited: dt.date = _f(Date(), True)
    visited_until: dt.date | None = _f(Date())
    topic: str | None = _f(Text())
    rating: str | None = _f(Text())
    findings: tuple[Finding, ...] = _f(ListOf(Struct(Finding)), default=())
    rectifications: tuple[Rectification, ...] = _f(ListOf(Struct(Rectification)), default=())
    corrections: tuple[Correction, ...] = _f(ListOf(Struct(Correction)), default=())
    prompted_by: str | None = _f(Enum(*PROMPTS))  # what prompted the visit, where not the plan

    @property
    def sort_date(self) -> dt.date:
        return self.published or self.visited

    @property
    def narrative(self) -> bool:
        """An annual report tells the year's figures in its own words (`Publication.narrative`)."""
        return self.kind == "annual"


@dataclass(frozen=True)
class Bulletin(Publication):
    kind: str = _f(Enum(*BULLETIN_KINDS), True)
    number: str | None = _f(Text())
    schools: tuple[Ref, ...] = _f(ListOf(Id("school")), default=())
    reports: tuple[Ref, ...] = _f(ListOf(Id("report")), default=())

    @property
    def sort_date(self) -> dt.date:
        return self.published or dt.date.min

    @property
    def narrative(self) -> bool:
        """A bulletin tells its figures in its own words (`Publication.narrative`)."""
        return True


@dataclass(frozen=True)
class Activity:
    """One planned piece of work of a month's schedule (工作安排表)."""

    pos: Pos = Pos("")
    id: str = _f(Text(), True)
    kind: str = _f(Enum(*ACTIVITY_KINDS), True)
    topic: str = _f(Text(), True)
    schools: tuple[Ref, ...] = _f(ListOf(Id("school")), default=())
    zone: Ref | None = _f(Id("zone"))
    supervisors: tuple[Ref, ...] = _f(ListOf(Id("supervisor")), default=())
    reports: tuple[Ref, ...] = _f(ListOf(Id("report")), default=())  # the reports that carried it out
    held: dt.date | None = _f(Date())  # a meeting's, a training's …: the day it was held
    note: str | None = _f(Text())


@dataclass(frozen=True)
class Schedule(Record):
    """A month's work schedule: what the office planned, later linked to what was done."""

    month: str = _f(Month(), True)
    title: str | None = _f(Text())
    activities: tuple[Activity, ...] = _f(ListOf(Struct(Activity), 1), True, default=())


@dataclass(frozen=True)
class Complaints(Record):
    """A month's complaints and reports from the public (举报、投诉、来信来访), in figures only:
    counts, never persons, so no field can hold a name or a story."""

    month: str = _f(Month(), True)
    zone: Ref | None = _f(Id("zone"))  # the zone they concern; neither zone nor school: the district
    school: Ref | None = _f(Id("school"))  # or the one school
    received: int = _f(Integer(0, 1_000_000), True)
    answered_in_time: int | None = _f(Integer(0, 1_000_000))  # answered within complaint_reply_days
    verified: int | None = _f(Integer(0, 1_000_000))  # checked on the spot (核实)
    categories: tuple[Count, ...] = _f(Counts(), default=())
    channels: tuple[Count, ...] = _f(Counts(), default=())


_SURVEY_ID = r"[a-z0-9][a-z0-9-]*"


@dataclass(frozen=True)
class Question:
    pos: Pos = Pos("")
    id: str = _f(Pattern(_SURVEY_ID, "field.id"), True)  # the same id in another year's survey: compared
    text: str = _f(Text(), True)


@dataclass(frozen=True)
class Answers:
    """One question's answers in one result: how many chose each option, in the survey's order."""
    pos: Pos = Pos("")
    question: str = _f(Pattern(_SURVEY_ID, "field.id"), True)
    counts: tuple[int, ...] = _f(ListOf(Integer(0, 10_000_000), 1), True, default=())


@dataclass(frozen=True)
class SurveyResult:
    """A survey's answers from one school, one zone, or (neither) the whole district."""
    pos: Pos = Pos("")
    school: Ref | None = _f(Id("school"))
    zone: Ref | None = _f(Id("zone"))
    answered: int = _f(Integer(0, 10_000_000), True)  # how many took part
    answers: tuple[Answers, ...] = _f(ListOf(Struct(Answers), 1), True, default=())


@dataclass(frozen=True)
class Survey(Record):
    """A satisfaction survey (满意度测评): its questions and the counts of the answers, never who
    gave them; shares are published only where enough answered (`survey_min_answers`)."""

    title: str = _f(Text(), True)
    respondents: str = _f(Enum(*RESPONDENTS), True)
    held: dt.date = _f(Date(), True)  # the day it closed
    options: tuple[str, ...] = _f(ListOf(Text(), 2), True, default=())  # the answers offered, best first
    satisfied: int = _f(Integer(1, 9), default=1)  # the first this many options count as satisfied
    questions: tuple[Question, ...] = _f(ListOf(Struct(Question), 1), True, default=())
    results: tuple[SurveyResult, ...] = _f(ListOf(Struct(SurveyResult), 1), True, default=())
    description: str | None = _f(Markdown())  # how it was run


@dataclass(frozen=True)
class Page(Record):
    title: str = _f(Text(), True)
    order: int | None = _f(Integer())
    body: str = ""
    body_line: int = 0
