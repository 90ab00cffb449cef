"""A synthetic district or city, written as a dudao project, for the benchmark.

Deterministic (seeded): the same scale always writes the same project. Names are
made from common characters so that Chinese segmentation and pinyin see realistic text.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

SCALES = {
    # A town's office: the tests build it to guard a cold build's memory (tests/test_memory.py).
    "town": {"zones": 4, "schools": 40, "supervisors": 8, "reports": 900},
    "district": {"zones": 8, "schools": 150, "supervisors": 30, "reports": 4_500},
    "city": {"zones": 60, "schools": 2_000, "supervisors": 600, "reports": 40_000},
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单区仇解"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥玲芬燕彬鹏辉建文斌宇浩凯晨雨欣怡嘉宁远清禾砚秋晓岚知若溪景行"
PLACES = "东西南北中新青白金石桃柳梅竹松清河湖山水城溪阳明光华安平泰和兴丰长乐永福德康宁盛"
TYPES = [("kindergarten", "幼儿园"), ("primary", "小学"), ("primary", "中心小学"), ("junior", "初级中学"),
         ("senior", "高级中学"), ("nine_year", "九年一贯制学校"), ("special", "特殊教育学校"), ("vocational", "职业学校")]
ITEMS = ["management", "admissions", "teaching", "workload", "teachers", "safety", "hygiene", "ethos"]
PROBLEMS = ["作业量偏多，作业时长超出规定。", "食堂从业人员健康证过期。", "围墙破损，消防通道堆放杂物。",
            "体育课被挤占，课表与实际不符。", "收费项目未公示。", "课后服务管理台账不完整。"]


def write(root: Path, scale: str, seed: int = 7) -> Path:
    size = SCALES[scale]
    rnd = random.Random(seed)
    content = root / "content"
    for folder in ("zones", "supervisors", "schools", "reports", "bulletins", "pages", "subjects", "complaints", "surveys"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    (root / "site_config.yml").write_text(
        f"site:\n  title: 合成{scale}督导公示平台\n  authority: 合成教育督导室\n"
        "contact:\n  hotline: 0512-60000000\n", encoding="utf-8")

    def person() -> str:
        return rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))

    towns = [rnd.choice(PLACES) + rnd.choice(PLACES) + rnd.choice(("镇", "街道", "乡")) for _ in range(size["zones"] * 3)]
    for z in range(size["zones"]):
        (content / f"zones/z{z}.yml").write_text(f"name: 第{z + 1}责任区\norder: {z}\n", encoding="utf-8")
    for s in range(size["supervisors"]):
        (content / f"supervisors/s{s}.yml").write_text(
            f"name: {person()}\nzone: z{s % size['zones']}\nphone: 0512-6{s:07d}\nrole: 专职督学\n", encoding="utf-8")
    schools = []
    for n in range(size["schools"]):
        kind, suffix = rnd.choice(TYPES)
        zone = n % size["zones"]
        town = towns[zone * 3 + rnd.randrange(3)]
        name = f"{town[:-1] if town.endswith('镇') else town}{rnd.choice(PLACES)}{rnd.choice(PLACES)}{suffix}"
        sups = [s for s in range(size["supervisors"]) if s % size["zones"] == zone] or [0]
        primary = sups[n % len(sups)]
        schools.append((n, primary))
        (content / f"schools/x{n}.yml").write_text(
            f"name: {name}{n}\ntype: {kind}\nzone: z{zone}\nsupervisors: [s{primary}]\ntownship: {town}\n"
            f"phone: 0512-7{n:07d}\n", encoding="utf-8")
    start = dt.date(2024, 9, 1)
    for r in range(size["reports"]):
        school, sup = schools[r % len(schools)]
        visited = start + dt.timedelta(days=(r * 7) % 700)
        kind = "regular" if r % 10 else rnd.choice(("special", "comprehensive", "joint", "random"))
        item = rnd.choice(ITEMS)
        problem = rnd.choice(PROBLEMS)
        folder = content / f"reports/{visited.year}"
        folder.mkdir(exist_ok=True)
        deadline = visited + dt.timedelta(days=30)
        # one deadline in twenty moved by the report itself; one visit in twenty-five prompted by a complaint
        extended = f", extensions: [{{deadline: {deadline + dt.timedelta(days=30)}, report: r{r}}}]" if r % 20 == 3 else ""
        prompted = "prompted_by: complaint\n" if r % 25 == 7 else ""
        (folder / f"r{r}.md").write_text(
            f"---\ntitle: {visited.year}年{visited.month}月督导报告（{r}）\nkind: {kind}\nschools: [x{school}]\n"
            f"supervisors: [s{sup}]\nvisited: {visited}\npublished: {visited + dt.timedelta(days=5)}\n{prompted}"
            f"findings:\n  - {{item: {item}, problems: {problem}}}\n"
            f"rectifications:\n  - {{id: a, issue: {problem}, deadline: {deadline}, "
            f"status: {rnd.choice(('open', 'in_progress', 'done'))}{extended}}}\n---\n"
            f"责任督学到校开展督导，查阅资料、推门听课、访谈师生。发现{problem}已要求学校限期整改。\n",
            encoding="utf-8")
    # 督政: a township's government per zone, each with a report a school year
    for z in range(size["zones"]):
        (content / f"subjects/g{z}.yml").write_text(f"name: {towns[z * 3]}人民政府\ntype: township\norder: {z}\n",
                                                   encoding="utf-8")
        for year in (2024, 2025):
            (content / f"reports/{year + 1}").mkdir(exist_ok=True)
            (content / f"reports/{year + 1}/g{z}-{year}.md").write_text(
                f"---\ntitle: {towns[z * 3]}人民政府履行教育职责督导报告（{year}学年）\nkind: comprehensive\n"
                f"subjects: [g{z}]\nsupervisors: [s{z % size['supervisors']}]\nvisited: {year + 1}-05-10\n"
                f"published: {year + 1}-05-20\nrectifications:\n  - {{id: g, issue: 校舍维修经费未足额拨付, "
                f"deadline: {year + 1}-08-31, status: {rnd.choice(('open', 'done'))}}}\n---\n督政。\n", encoding="utf-8")
    # complaints in figures: each zone, each month of the records
    month = dt.date(2024, 9, 1)
    while month < start + dt.timedelta(days=700):
        for z in range(size["zones"]):
            received = rnd.randint(0, 9)
            fees = rnd.randint(0, received)
            (content / f"complaints/{month:%Y-%m}-z{z}.yml").write_text(
                f"month: {month:%Y-%m}\nzone: z{z}\nreceived: {received}\nanswered_in_time: {received - (received > 6)}\n"
                f"categories: {{fees: {fees}, workload: {received - fees}}}\n", encoding="utf-8")
        month = (month + dt.timedelta(days=32)).replace(day=1)
    # a parents' survey a year, every school's result, one question asked both years
    for year in (2025, 2026):
        lines = [f"title: {year}年家长满意度测评", "respondents: parents", f"held: {year}-06-15",
                 "options: [满意, 基本满意, 不满意]", "satisfied: 2", "questions:", "  - {id: overall, text: 总体满意度}",
                 "  - {id: workload, text: 作业量}", "results:"]
        for n, _ in schools:
            answered = rnd.randint(5, 200)
            a = rnd.randint(0, answered)
            b = rnd.randint(0, answered - a)
            lines += [f"  - school: x{n}", f"    answered: {answered}", "    answers:",
                      f"      - {{question: overall, counts: [{a}, {b}, {answered - a - b}]}}",
                      f"      - {{question: workload, counts: [{b}, {a}, {answered - a - b}]}}"]
        (content / f"surveys/parents-{year}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # a year's summary whose figures come from the records
    (content / "bulletins/summary-2025.md").write_text(
        "---\ntitle: 2025年督导工作总结\nkind: summary\npublished: 2026-01-20\n---\n"
        "2025年经常性督导到校{{visits:2025}}校次，整改率{{rectification_rate:2025}}，按期整改率{{on_time_rate:2025}}。\n",
        encoding="utf-8")
    return root
