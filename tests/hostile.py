"""A hostile project: a payload in every text field of every record kind and of
site_config.yml, each tagged with the field it stands in, so that a leak names its source.

A text payload tries everything a clerk's paste could carry: tags with event handlers,
quotes that leave an attribute, `</script>`, template syntax, Markdown links to
`javascript:`, attribute lists, a formula for a spreadsheet, and ordinary characters that
must survive unmangled (`A&B`, `<示范校>`). A Markdown payload adds raw HTML, `data:` and
`javascript:` links. Every payload that runs sets `window.__pwned` to its tag or opens a
dialog.
"""

from __future__ import annotations

from pathlib import Path

import yaml

MARK = "PWN"


def payload(tag: str) -> str:
    js = f"window.__pwned='{tag}'"
    return (f'=HYPERLINK("http://x.invalid/{tag}") A&B <示范校> {MARK}:{tag} '
            f'<img src=x onerror="{js}"> "\'><svg onload="{js}"> </script><script>{js}</script> '
            f"</title></textarea><!-- {{{{ 7*7 }}}} {{% raw %}} [link](javascript:{js}) "
            f"{{: onclick=\"{js}\" }} _em_ *strong* `code` \\[x\\] &amp; # !!! note")


def md_payload(tag: str) -> str:
    js = f"window.__pwned='{tag}'"
    return (f"{payload(tag)}\n\n"
            f"<script>{js}</script>\n\n"
            f"<img src=x onerror=\"{js}\"> <iframe src=\"javascript:{js}\"></iframe>\n\n"
            f"[js](javascript:{js}) [data](data:text/html,<script>alert(1)</script>) "
            f"<a href=\"javascript:alert(1)\">a</a> <a href=\"JaVaScRiPt:alert(1)\">b</a>\n\n"
            f"<div onclick=\"{js}\" style=\"position:fixed\">d</div></div></section></article>"
            f"<form action=\"javascript:alert(1)\"><button>b</button></form>\n\n"
            f"![img](javascript:alert(1)) <object data=\"x\"></object> <style>body{{display:none}}</style>\n")


def _yml(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _md(path: Path, front: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body,
                    encoding="utf-8")


ATTACHMENT = "reports/A&B'\"<x> #1.pdf"  # a file name that needs escaping in an address


def write_project(root: Path) -> Path:
    p = payload
    _yml(root / "site_config.yml", {
        "site": {"title": p("site.title"), "authority": p("site.authority"),
                 "url": "https://example.cn/dudao-a/", "language": "zh-Hans", "description": p("site.description"),
                 "data_license": p("site.data_license"), "data_license_url": "https://example.cn/licence?a=1&b=2"},
        "contact": {"hotline": "0512-60001234", "email": "a&b+x@example.cn", "address": p("contact.address"),
                    "office_hours": p("contact.office_hours"), "wechat": p("contact.wechat"),
                    "message_url": "https://example.cn/liuyan?a=1&b=2",
                    "others": [{"label": p("contact.others.label"), "phone": "12345",
                                "url": "https://example.cn/msg?a=1&b=2", "note": p("contact.others.note")}]},
        "footer": {"icp": p("footer.icp"), "police_record": p("footer.police_record"),
                   "site_code": p("footer.site_code"), "sponsor": p("footer.sponsor"),
                   "organizer": p("footer.organizer"), "error_report_url": "https://example.cn/err?a=1&b=2",
                   "conac_url": "https://example.cn/conac?a=1&b=2"},
        "checklist": [{"id": p("checklist.id"), "name": p("checklist.name.1")},
                      {"id": "safety", "name": p("checklist.name")}],
        "duties": [p("duties")],
        "complaint_categories": [{"id": "fees", "name": p("complaint_categories.name")}],
        "complaint_channels": [{"id": "hotline", "name": p("complaint_channels.name")}],
    })
    c = root / "content"
    _yml(c / "zones" / "z1.yml", {"name": p("zone.name"), "leader": "wang", "description": md_payload("zone.description")})
    # counts only: the payloads are in the names of the office's categories and channels
    _yml(c / "complaints" / "2026-09.yml", {"month": "2026-09", "zone": "z1", "received": 2, "answered_in_time": 2,
                                            "categories": {"fees": 2}, "channels": {"hotline": 2}})
    _yml(c / "zones" / "sub" / "z2.yml", {"name": p("zone.name.2")})
    (c / "supervisors").mkdir(parents=True)
    from PIL import Image

    Image.new("RGB", (12, 16), "#3949ab").save(c / "supervisors" / "a&b'.png")
    _yml(c / "supervisors" / "wang.yml", {
        "name": p("supervisor.name"), "zone": "z1", "phone": "0512-60002222", "photo": "a&b'.png",
        "email": "w&x@example.cn", "role": p("supervisor.role"), "position": p("supervisor.position"),
        "certificate": p("supervisor.certificate"), "since": "2024-01-01", "bio": md_payload("supervisor.bio")})
    _yml(c / "supervisors" / "li.yml", {"name": p("supervisor.name.2"), "zone": "z2", "phone": "0512-60003333"})
    _yml(c / "supervisors" / "old.yml", {"name": p("supervisor.name.former"), "zone": "z1", "phone": "0512-60004444",
                                        "since": "2020-01-01", "until": "2023-12-31", "status": "former"})
    _yml(c / "schools" / "s1.yml", {
        "name": p("school.name"), "type": "primary", "zone": "z1", "supervisors": ["wang", "li"],
        "address": p("school.address"), "township": p("school.township"), "phone": "0512-60011000",
        "website": "https://example.cn/s1?a=1&b=2", "principal": p("school.principal"),
        "liaison": {"name": p("school.liaison.name"), "title": p("school.liaison.title"), "phone": "0512-60011001"},
        "sign_no": p("school.sign_no"), "location": {"lat": "31.3", "lon": "120.6"},
        "aliases": [p("school.aliases")], "sign_printed": "2025-01-01",
        "history": [{"supervisor": "old", "since": "2021-09-01"}]})
    _yml(c / "schools" / "old" / "s0.yml", {
        "name": p("school.name.closed"), "type": "kindergarten", "zone": "z2", "supervisors": ["li"],
        "status": "closed", "successor": "s1"})
    _yml(c / "schools" / "s2.yml", {"name": "A&B 学校 <示范校>", "type": "junior", "zone": "z2",
                                    "supervisors": ["li"], "township": p("school.township.2")})
    (c / "media" / "reports").mkdir(parents=True)
    (c / "media" / ATTACHMENT).write_bytes(b"%PDF-1.4\n%%EOF\n")
    front = {
        "title": p("report.title"), "kind": "special", "schools": ["s1", "s2"], "supervisors": ["wang"],
        "visited": "2026-09-10", "published": "2026-09-20", "topic": p("report.topic"),
        "rating": p("report.rating"),
        "attachments": [{"file": ATTACHMENT, "title": p("report.attachments.title")}],
        "findings": [{"item": "safety", "highlights": md_payload("report.findings.highlights"),
                      "problems": md_payload("report.findings.problems"),
                      "suggestions": md_payload("report.findings.suggestions")}],
        "rectifications": [{"id": p("report.rectifications.id"), "issue": p("report.rectifications.issue"),
                            "school": "s1", "item": "safety", "requirement": p("report.rectifications.requirement"),
                            "deadline": "2026-10-01", "status": "open", "note": p("report.rectifications.note"),
                            "followup": "s1-2026-01",
                            "extensions": [{"deadline": "2026-11-01", "report": "s1-2026-01",
                                            "reason": p("report.rectifications.extensions.reason")}],
                            "attachments": [{"file": ATTACHMENT, "title": p("report.rectifications.attachments.title")}]}],
        "corrections": [{"date": "2026-09-25", "note": p("report.corrections.note")}],
    }
    _md(c / "reports" / "2026" / "special-1.md", front, md_payload("report.body"))
    # a satisfaction survey: its words are the payloads; one result too small to be shown
    _yml(c / "surveys" / "s.yml", {
        "title": p("survey.title"), "respondents": "parents", "held": "2026-06-01", "satisfied": 1,
        "options": [p("survey.options"), p("survey.options.2")], "description": md_payload("survey.description"),
        "questions": [{"id": "q1", "text": p("survey.questions.text")}],
        "results": [{"school": "s1", "answered": 20, "answers": [{"question": "q1", "counts": [15, 5]}]},
                    {"zone": "z1", "answered": 3, "answers": [{"question": "q1", "counts": [1, 2]}]}]})
    # 督政: a government with payloads, and a report of it alone
    _yml(c / "subjects" / "gov.yml", {"name": p("subject.name"), "type": "township",
                                      "description": md_payload("subject.description")})
    _md(c / "reports" / "2026" / "gov-1.md", {
        "title": p("report.title.gov"), "kind": "comprehensive", "subjects": ["gov"], "supervisors": ["wang"],
        "visited": "2026-09-12", "published": "2026-09-22",
        "rectifications": [{"id": "g1", "issue": p("report.rectifications.issue.gov"), "deadline": "2026-10-01"}]},
        "正文\n")
    _md(c / "reports" / "2026" / "gone.md", {
        "title": p("report.title.withdrawn"), "kind": "regular", "schools": ["s2"], "supervisors": ["li"],
        "visited": "2026-09-11", "published": "2026-09-21", "status": "withdrawn",
        "withdrawn_reason": p("report.withdrawn_reason")}, "正文\n")
    for month in range(1, 14):  # enough for the school's history page
        year, mon = (2025, month) if month <= 12 else (2026, 1)
        _md(c / "reports" / str(year) / f"s1-{year}-{mon:02d}.md", {
            "title": p(f"report.title.{month}"), "kind": "regular", "schools": ["s1"], "supervisors": ["wang"],
            "visited": f"{year}-{mon:02d}-05", "published": f"{year}-{mon:02d}-06"}, md_payload("report.body.regular"))
    _md(c / "bulletins" / "b1.md", {
        "title": p("bulletin.title"), "kind": "bulletin", "number": p("bulletin.number"), "published": "2026-09-30",
        "schools": ["s1"], "reports": ["special-1"],
        "attachments": [{"file": ATTACHMENT, "title": p("bulletin.attachments.title")}]}, md_payload("bulletin.body"))
    _md(c / "bulletins" / "b2.md", {
        "title": p("bulletin.title.withdrawn"), "kind": "notice", "published": "2026-09-30",
        "status": "withdrawn", "withdrawn_reason": p("bulletin.withdrawn_reason")}, "正文\n")
    _yml(c / "schedule" / "2026-09.yml", {"month": "2026-09", "title": p("schedule.title"), "activities": [
        {"id": p("schedule.activities.id"), "kind": "special", "topic": p("schedule.activities.topic"),
         "schools": ["s1", "s2"], "reports": ["special-1"], "note": p("schedule.activities.note")},
        {"id": "round", "kind": "regular", "topic": p("schedule.activities.topic.2"), "zone": "z1"}]})
    _md(c / "pages" / "about.md", {"title": p("page.title")}, md_payload("page.body"))
    _md(c / "pages" / "contact.md", {"title": p("page.title.contact")}, md_payload("page.body.contact"))
    return root
