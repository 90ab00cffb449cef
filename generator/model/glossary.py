"""The glossary (术语解释): the words of school supervision a parent meets on the site, each
explained in plain words, on one page; pages link a term to it where it first appears."""

from __future__ import annotations

# key (the anchor on /glossary/): (term, explanation) in Simplified Chinese and in English
TERMS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "responsible-supervisor": (("责任督学", "教育督导部门为每所学校指定的督学，负责对学校进行经常性督导，姓名、照片和电话公示在学校门口的公示牌上。"),
                               ("Responsible supervisor", "The inspector assigned to a school, named with photo and phone on the sign at its gate.")),
    "signage": (("挂牌督导", "在每所学校挂牌公示责任督学的姓名、照片、联系方式和督导事项，接受社会监督的制度。"),
                ("Signposted supervision", "Each school shows its supervisor and what they check on a public sign.")),
    "zone": (("督学责任区", "按片区划分的若干所学校，由一组责任督学共同负责，设组长一名。"),
             ("Supervision zone", "A group of schools looked after by a team of supervisors with a leader.")),
    "regular": (("经常性督导", "责任督学每月到校，查看办学行为、教育教学、校园安全等日常情况，一般不少于每月一次（一月一督导）。"),
                ("Regular supervision", "The monthly visit of the responsible supervisor to check everyday school life.")),
    "special": (("专项督导", "围绕一个主题（如课业负担、食堂安全）对若干学校集中开展的督导。"),
                ("Special supervision", "A review of several schools on one theme, such as homework or canteens.")),
    "comprehensive": (("综合督导", "对一所学校办学水平的全面督导评估，通常历时数天，并给出评定等级。"),
                      ("Comprehensive review", "A full review of a school over several days, with a grade.")),
    "rating": (("评定等级", "综合督导评估给出的结论等级，如优秀、良好、合格、不合格。"),
               ("Grade", "The conclusion of a comprehensive review: excellent, good, satisfactory or not.")),
    "rectification": (("整改", "督导发现问题后，要求学校在期限内改正；改正情况经责任督学核实后方为完成。"),
                      ("Rectification", "A problem the school must put right by a deadline; done once the supervisor has verified it.")),
    "followup": (("回头看", "整改期限到后，责任督学再次到校核实问题是否真正改正。"),
                 ("Follow-up visit", "The supervisor's return visit to verify that a problem was really put right.")),
    "bulletin": (("通报", "督导部门就督导中发现的情况向社会或有关学校发布的正式文件。"),
                 ("Bulletin", "An official notice from the supervision office on what inspections found.")),
}

# The kinds of report and bulletin that have an entry.
KIND_TERMS = {"regular": "regular", "special": "special", "comprehensive": "comprehensive", "notice": "bulletin",
              "bulletin": "bulletin"}


def entries(lang: str) -> list[tuple[str, str, str]]:
    """(anchor, term, explanation) in the site's language, in the order above."""
    from .messages import pick

    return [(key, pick(zh[0], en[0], lang), pick(zh[1], en[1], lang)) for key, (zh, en) in TERMS.items()]


class Glossed:
    """The terms one page has linked already: a term is linked where it first appears."""

    def __init__(self):
        self.seen: set[str] = set()

    def first(self, key: str | None) -> bool:
        if key is None or key not in TERMS or key in self.seen:
            return False
        self.seen.add(key)
        return True
