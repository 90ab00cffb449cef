"""Each phase on its own: load, validate, link, plan, render."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from generator.model import addresses
from generator.model.diagnostics import Pos, Problems
from generator.model.fieldtypes import Ref
from generator.sources.linking import link
from generator.sources.loading import load_project, read_text, split_front_matter
from generator.model.nodes import Map, parse_yaml
from generator.pages.planning import plan
from generator.pages.rendering import Pieces, make_environment, render_markdown, tel_uri
from generator.sources.validation import validate

CONFIG = """site:
  title: 测试区
  authority: 测试区教育督导室
contact:
  hotline: 0512-60001234
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in {"site_config.yml": CONFIG, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    return root


def codes(problems: Problems) -> list[tuple[str, str]]:
    return [(str(d.pos), d.code) for d in problems.sorted()]


# ---------------------------------------------------------------- load

def test_scalars_stay_as_written():
    problems = Problems()
    node = parse_yaml("phone: 0512-60001234\narea: 010\nflag: no\nnum: 12345\nday: 2024-10-15\nq: '007'\n",
                      "x.yml", problems)
    assert isinstance(node, Map) and not problems.items
    values = {k.text: v.text for k, v in node.entries}
    assert values == {"phone": "0512-60001234", "area": "010", "flag": "no", "num": "12345",
                      "day": "2024-10-15", "q": "007"}
    assert node.get("area").plain and not node.get("q").plain


def test_positions_are_one_based_and_offset_for_front_matter():
    problems = Problems()
    node = parse_yaml("a: 1\nlist:\n  - x\n", "f.md", problems, line_offset=1)
    item = node.get("list").items[0]
    assert item.pos == Pos("f.md", 4, 5)


def test_duplicate_keys_name_both_places():
    problems = Problems()
    parse_yaml("name: a\nzone: z\nname: b\n", "s.yml", problems)
    [diag] = problems.sorted()
    assert (diag.code, diag.pos, diag.related) == ("yaml.duplicate-key", Pos("s.yml", 3, 1), Pos("s.yml", 1, 1))


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "a.yml"
    path.write_bytes("\ufeffname: 甲\r\nzone: z\r\n".encode("utf-8"))
    problems = Problems()
    assert read_text(tmp_path, path, problems) == "name: 甲\nzone: z\n" and not problems.items


@pytest.mark.parametrize("data, code", [
    ("name: 清溪".encode("gb18030"), "file.encoding"),
    (b"  \n\n", "file.empty"),
    (b"", "file.empty"),
])
def test_unreadable_files(tmp_path, data, code):
    path = tmp_path / "a.yml"
    path.write_bytes(data)
    problems = Problems()
    assert read_text(tmp_path, path, problems) is None
    assert [d.code for d in problems.items] == [code]


def test_front_matter_split():
    problems = Problems()
    front, offset, body, body_line = split_front_matter("---\ntitle: x\n---\n正文\n", "r.md", problems)
    assert (front, offset, body, body_line) == ("title: x", 1, "正文\n", 4)
    assert split_front_matter("title: x\n", "r.md", problems) is None
    assert split_front_matter("---\ntitle: x\n", "r.md", problems) is None
    assert [d.code for d in problems.sorted()] == ["frontmatter.missing", "frontmatter.unterminated"]


# ---------------------------------------------------------------- validate

SUPERVISOR = "name: 张伟\nzone: z1\nphone: 0512-60001111\n"
ZONE = "name: 第一责任区\n"
SCHOOL = "name: 甲小学\ntype: primary\nzone: z1\nsupervisors: [zhang-wei]\n"


def load_and_validate(tmp_path, files):
    root = write(tmp_path, files)
    problems = Problems()
    return validate(load_project(root, problems), problems), problems, root


def test_records_read_apart_are_those_read_here_and_a_file_with_something_to_say_is_read_here(
        tmp_path, monkeypatch):
    """Many files to read are shared with a forked process (`validation.read_apart`): the
    records are those one process reads, and a file that has anything to say (a warning, an
    error) is read again by the check, which reports it as it always does."""
    import multiprocessing
    import os
    import shutil

    from conftest import ROOT
    from generator.model.records import SOURCE_DIGEST
    from generator.sources import validation

    root = tmp_path / "project"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "site_config.yml", root)
    (root / "content/zones/odd.yml").write_text(ZONE + "colour: blue\n", encoding="utf-8")  # a warning
    (root / "content/zones/broken.yml").write_text("name: [\n", encoding="utf-8")  # an error
    monkeypatch.setattr(validation, "MIN_FILES_APART", 1)
    monkeypatch.setattr(validation, "FILES_PER_TASK", 8)
    # Forked whatever threads the test runner keeps (`fork_context` refuses then). This process
    # reads once the forked one has begun to (a busy machine may start it late), which counts
    # what it reads: a share is surely read there.
    context, here, reading = multiprocessing.get_context("fork"), os.getpid(), validation.load_record
    monkeypatch.setattr(validation, "fork_context", lambda: context)
    started, read_there = context.Event(), context.Value("i", 0)

    def load_record(*args):
        if os.getpid() == here:
            started.wait(60)
        else:
            started.set()
            with read_there.get_lock():
                read_there.value += 1
        return reading(*args)

    monkeypatch.setattr(validation, "load_record", load_record)
    results = {}
    for way, apart in (("here", None), ("apart", validation.read_apart)):
        problems = Problems()
        loaded = load_project(root, problems, None, apart)
        valid = validate(loaded, problems, None)
        results[way] = (loaded, valid, sorted(str(d) for d in problems.sorted()))
    (here, valid_here, said_here), (apart, valid_apart, said_apart) = results["here"], results["apart"]
    assert said_apart == said_here and any("colour" in line for line in said_here) and any(
        "broken.yml" in line for line in said_here)
    for kind, records in valid_here.records.items():
        assert valid_apart.records[kind] == records
        assert [r.__dict__.get(SOURCE_DIGEST) for r in valid_apart.records[kind]] == [
            r.__dict__.get(SOURCE_DIGEST) for r in records]
    assert read_there.value > 8  # and handed back (below)
    read_elsewhere = {f.path for f in apart.files if f.known is not None}
    assert len(read_elsewhere) == len(apart.files) - 1 > 100  # all but the file with a warning
    assert "content/zones/odd.yml" not in read_elsewhere and not any(f.known for f in here.files)


def test_fields_are_converted_by_type(tmp_path):
    valid, problems, _ = load_and_validate(tmp_path, {
        "content/zones/z1.yml": ZONE + "order: 2\n",
        "content/supervisors/zhang-wei.yml": SUPERVISOR + "since: 2024-09-01\nprivate:\n  id_card: 1\n",
        "content/schools/a.yml": SCHOOL + "code: '0123456789'\nlocation: {lat: 31.3, lon: 120.6}\n",
    })
    assert not problems.items
    sup = valid.records["supervisor"][0]
    assert sup.phone == "0512-60001111" and sup.since == dt.date(2024, 9, 1) and sup.zone == Ref("z1", sup.zone.pos)
    assert not hasattr(sup, "private")
    school = valid.records["school"][0]
    assert school.code == "0123456789" and school.location.lat == 31.3
    assert valid.records["zone"][0].order == 2


@pytest.mark.parametrize("line, code", [
    ("type: castle", "field.enum"),
    ("phone: 电话", "field.phone"),
    ("website: example.cn", "field.url"),
    ("code: 12345", "field.school-code"),
    ("supervisors: zhang-wei", "type.list-expected"),
    ("liaison: 王老师", "type.mapping-expected"),
    ("name: [a, b]", "type.text-expected"),
    ("supervisors: []", "field.empty"),
    ("supervisors: [Zhang_Wei]", "field.id"),
    ("location: {lat: north, lon: 1}", "field.number"),
])
def test_bad_values_get_their_own_code(tmp_path, line, code):
    key = line.split(":")[0]
    kept = "".join(x + "\n" for x in SCHOOL.splitlines() if not x.startswith(key + ":"))
    valid, problems, _ = load_and_validate(tmp_path, {"content/schools/a.yml": kept + line + "\n"})
    assert code in [d.code for d in problems.items], problems.sorted()
    assert valid.records["school"] == ()  # a record with an error is never published


def test_dates_format_and_existence(tmp_path):
    _, problems, _ = load_and_validate(tmp_path, {
        "content/supervisors/a.yml": SUPERVISOR + "since: 2023-2-1\nuntil: 2023-02-29\n"})
    assert [(d.code, d.pos.line) for d in problems.sorted()] == [("field.date", 4), ("field.impossible-date", 5)]


def test_missing_and_unknown_fields(tmp_path):
    _, problems, _ = load_and_validate(tmp_path, {"content/zones/z1.yml": "nmae: 第一责任区\n"})
    assert [(d.code, d.severity) for d in problems.sorted()] == [("field.missing", "error"),
                                                                ("field.unknown", "warning")]
    assert dict(problems.sorted()[1].args)["suggestion"] == "name"


def test_publication_requirements(tmp_path):
    _, problems, _ = load_and_validate(tmp_path, {
        "content/reports/r.md": "---\ntitle: t\nkind: regular\nschools: [a]\nsupervisors: [b]\nvisited: 2024-01-01\n---\n",
        "content/bulletins/b.md": "---\ntitle: t\nkind: notice\nstatus: withdrawn\npublished: 2024-01-01\n---\n",
    })
    found = {(d.pos.path, d.code, dict(d.args)["field"]) for d in problems.items if d.code == "field.missing"}
    assert found == {("content/reports/r.md", "field.missing", "published"),
                     ("content/bulletins/b.md", "field.missing", "withdrawn_reason")}


def test_duplicate_ids_across_folders(tmp_path):
    report = "---\ntitle: t\nkind: regular\nschools: [a]\nsupervisors: [b]\nvisited: 2024-01-01\npublished: 2024-01-02\n---\n"
    _, problems, _ = load_and_validate(tmp_path, {"content/reports/2024/r.md": report,
                                                  "content/reports/2025/r.md": report})
    dup = [d for d in problems.items if d.code == "id.duplicate"]
    assert len(dup) == 1 and dup[0].pos.path == "content/reports/2025/r.md"
    assert dup[0].related.path == "content/reports/2024/r.md"


# ---------------------------------------------------------------- link

def build_site(tmp_path, files, on=dt.date(2024, 6, 1)):
    valid, problems, root = load_and_validate(tmp_path, files)
    site = link(valid, on, root, problems)
    return site, problems


BASE = {"content/zones/z1.yml": ZONE + "leader: zhang-wei\n", "content/supervisors/zhang-wei.yml": SUPERVISOR,
        "content/schools/a.yml": SCHOOL}


def report(extra: str, schools="[a]") -> str:
    return f"---\ntitle: t\nkind: regular\nschools: {schools}\nsupervisors: [zhang-wei]\nvisited: 2024-03-01\n{extra}---\n正文\n"


def test_publishing_rules_by_build_date(tmp_path):
    files = dict(BASE)
    files.update({
        "content/reports/live.md": report("published: 2024-03-05\n"),
        "content/reports/draft.md": report("status: draft\n"),
        "content/reports/later.md": report("published: 2024-07-01\n"),
        "content/reports/gone.md": report("published: 2024-03-05\nstatus: withdrawn\nwithdrawn_reason: 错误\n"),
    })
    site, problems = build_site(tmp_path, files)
    assert not problems.has_errors()
    assert sorted(site.reports) == ["gone", "live"]
    assert [r.id for r in site.reports_of_school(site.schools["a"])] == ["gone", "live"]
    later, _ = build_site(tmp_path, files, on=dt.date(2024, 7, 1))
    assert sorted(later.reports) == ["gone", "later", "live"]


def test_references_and_suggestions(tmp_path):
    files = dict(BASE)
    files["content/reports/r.md"] = report("published: 2024-03-05\nfindings:\n  - item: saftey\n", schools="[a, aa]")
    site, problems = build_site(tmp_path, files)
    found = {(d.code, dict(d.args).get("suggestion")) for d in problems.items}
    assert ("ref.unknown-school", "a") in found and ("ref.unknown-checklist-item", "safety") in found


def test_overdue_and_former_depend_on_the_build_date(tmp_path):
    files = dict(BASE)
    files["content/supervisors/old.yml"] = "name: 旧\nzone: z1\nphone: 0512-1\nuntil: 2024-05-01\n"
    files["content/reports/r.md"] = report("published: 2024-03-05\nrectifications:\n"
                                           "  - {id: a, issue: x, deadline: 2024-05-31, status: open}\n"
                                           "  - {id: b, issue: y, deadline: 2024-04-30, status: done, closed: 2024-04-20}\n")
    site, problems = build_site(tmp_path, files, on=dt.date(2024, 6, 1))
    rects = site.reports["r"].rectifications
    assert [site.is_overdue(r) for r in rects] == [True, False]
    assert site.is_former(site.supervisors["old"]) and not site.is_former(site.supervisors["zhang-wei"])
    early, _ = build_site(tmp_path, files, on=dt.date(2024, 4, 30))
    assert not early.is_overdue(early.reports["r"].rectifications[0])
    assert not early.is_former(early.supervisors["old"])


def test_missing_files_are_reported_where_written(tmp_path):
    files = dict(BASE)
    files["content/supervisors/zhang-wei.yml"] = SUPERVISOR + "photo: Zhang.JPG\n"
    (tmp_path / "content/supervisors").mkdir(parents=True)
    (tmp_path / "content/supervisors/zhang.jpg").write_bytes(b"jpeg")
    _, problems = build_site(tmp_path, files)
    [diag] = [d for d in problems.items if d.code == "ref.missing-file"]
    assert str(diag.pos) == "content/supervisors/zhang-wei.yml:4:8"


# ---------------------------------------------------------------- plan and addresses

def test_addresses_are_permanent_and_relative():
    assert addresses.record("school", "qx-shiyan") == "schools/qx-shiyan/"
    assert addresses.record("page", "about") == "about/"
    assert addresses.source_file("schools/qx-shiyan/") == "schools/qx-shiyan.md"
    assert addresses.source_file("") == "index.md"
    assert addresses.href("schools/a/", "supervisors/b/") == "../../supervisors/b/"
    assert addresses.href("", "schools/") == "schools/"
    assert addresses.href("schools/a/", "") == "../../"
    assert addresses.href("reports/r/", addresses.media("通报 1.pdf")) == "../../media/%E9%80%9A%E6%8A%A5%201.pdf"


def test_no_two_pages_share_an_address(tmp_path):
    files = dict(BASE)
    files["content/schools/by-zone.yml"] = SCHOOL
    files["content/reports/2024.md"] = report("published: 2024-03-05\n")
    site, problems = build_site(tmp_path, files)
    site_plan = plan(site, problems)
    collisions = sorted(str(d.pos) for d in problems.items if d.code == "address.collision")
    assert collisions == ["content/reports/2024.md:2:1", "content/schools/by-zone.yml:1:1"]
    urls = [p.url for p in site_plan.pages]
    assert len(urls) == len(set(urls))


# ---------------------------------------------------------------- render

def test_record_markdown_is_sanitised_and_links_made_relative():
    html = render_markdown("# 标题\n\n<script>alert(1)</script>\n\n[学校](/schools/a/) "
                           "<a href='javascript:x' onclick='y'>z</a>", "reports/r/")
    assert "<script" not in html and "onclick" not in html and "javascript:" not in html
    assert '<a href="../../schools/a/"' in html and "<h3>标题</h3>" in html


def test_tel_links():
    assert tel_uri("0512-60001234") == "tel:051260001234"
    assert tel_uri("0512-60001234转801") == "tel:051260001234,801"
    assert tel_uri("+86 512 6000 1234") == "tel:+8651260001234"


def test_templates_are_strict():
    env = make_environment()
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing.name }}").render()
    assert str(env.from_string("{{ x }}").render(x="<b>")) == "&#60;b&#62;"


def test_figures_of_the_whole_site_are_worked_out_once_in_planning():
    """The dashboard's, the open-data page's, the work schedule's and the year figures come
    with their pages from the plan, and the open data is written from the same objects: no
    template can compute them (the modules that would are not within its reach)."""
    from generator.views import annual, dashboard, opendata, worksched
    from generator.build.pipeline import check
    from conftest import EPOCH, ROOT

    checked = check(ROOT, EPOCH)
    site, site_plan = checked.site, checked.plan
    pages = {page.url: page for page in site_plan.pages}
    board = pages["dashboard/"].context
    assert board["cov"] == dashboard.compute(site).coverage and board["coverage"]
    months, years = site_plan.figures["schedule"], site_plan.figures["annual"]
    assert board["plans"] == months[:12] and months == worksched.compute(site)
    assert years == annual.compute(site) and years
    assert all(any(page.context.get("figures") is figures for page in site_plan.pages) for figures in years)
    datasets = pages[addresses.data("")].context["datasets"]
    assert [d.name for d, *_ in datasets] == list(opendata.columns(site))
    written = opendata.files(site, site_plan.figures)
    assert {csv for _, _, csv, _ in datasets} <= set(written)
    env = make_environment()
    assert {"dashboard", "opendata", "annual", "worksched", "feeds"}.isdisjoint(env.globals)
    # A page's feed, as its head shows it, comes with the page.
    school = pages[addresses.record("school", next(iter(site.schools)))]
    assert school.feed_href == addresses.feed(school.feed) and school.feed_title.startswith(school.title)
    with pytest.raises(UndefinedError):
        env.from_string("{{ dashboard.compute(site) }}").render(site=site)


def _reads_beyond(env, source: str, given) -> set[str]:
    """The names a template reads that are not in `given` nor set by the template itself
    (Jinja's analysis counts a name set inside a macro's `if` as read from outside)."""
    from jinja2 import meta, nodes

    tree = env.parse(source)
    assigned = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
    assigned |= {node.name for node in tree.find_all(nodes.Macro)}  # its own macros
    return meta.find_undeclared_variables(tree) - set(given) - assigned


def test_templates_only_display_their_page_context():
    """Every name a template reads is in its page's context (`contexts.of`), or is the site's
    words, the configuration, the page's own fields, a display piece or the addresses of the
    site's own pages: no template reaches the site model or a domain module, so a page's
    context says all it shows. The check sees a template that reads the model."""
    import types

    from conftest import EPOCH, ROOT
    from generator.build.pipeline import check
    from generator.model.i18n import Words
    from generator.pages import contexts
    from generator.pages.rendercache import page_inputs
    from generator.sources.linking import Site

    env = make_environment()
    assert not [name for name, value in env.globals.items()
                if isinstance(value, (types.ModuleType, Site)) or getattr(value, "__module__", "").startswith(
                    ("generator.views", "generator.sources"))]
    given = {"page", "cfg", "t", "link", "m", *Pieces.NAMES, *env.globals}
    sources = {name: env.loader.get_source(env, name)[0] for name in env.list_templates()}
    reads = {name: _reads_beyond(env, source, given) for name, source in sources.items()}
    checked = check(ROOT, EPOCH)
    words = Words(checked.site.config.language)
    seen_kinds = set()
    for page in checked.plan.pages:
        context = contexts.of(page, checked.site, words)
        page_inputs(page, context)  # a context that held the model would have no digest
        for name in (page.template, "_page.md.j2", "_macros.j2"):
            optional = {"structured"} if name == "_page.md.j2" else set()  # read only where defined
            assert not reads[name] - set(context) - optional, (page.url, name)
        seen_kinds.add(page.kind)
    assert {"school", "report", "dashboard", "sign", "zone", "supervisor"} <= seen_kinds
    assert {template for template in sources if not template.startswith("_")} == {
        page.template for page in checked.plan.pages}
    # What the check would say of a template that reads the model or a domain module.
    assert _reads_beyond(env, "{{ site.primary_supervisor(record).name }}", given | {"record"}) == {"site"}
    assert _reads_beyond(env, "{{ signs.state(site, record) }}", given | {"record", "site"}) == {"signs"}


HOSTILE_TEXT = ('A&B <b>bold</b> [click](javascript:alert(1)) ![i](x.png) `code` *em* _em_ '
                '{: onclick="alert(1)" } \\[x\\] <http://x.cn> &amp;\n# heading\n\n    code\n!!! note')


@pytest.mark.parametrize("template", ["{{ x }}", "<p>{{ x }}</p>", "<p title=\"{{ x }}\">t</p>", "## {{ x }}",
                                      "<td data-label=\"{{ t('title') }}\">{{ t('photo_of', name=x) }}</td>"])
def test_record_text_stays_text_through_templates_and_the_engines_markdown(template):
    """Whatever a record says reaches the visitor as those characters: after our template and
    after the engine's own Markdown pass (with the engine's extensions), no tag, link or
    attribute comes out of it."""
    import html
    import markdown

    from generator.model.i18n import Words
    from generator.site.staging import ENGINE_MARKDOWN

    names = [e if isinstance(e, str) else next(iter(e)) for e in ENGINE_MARKDOWN]
    configs = {next(iter(e)): next(iter(e.values())) for e in ENGINE_MARKDOWN if isinstance(e, dict)}
    env = make_environment()
    rendered = env.from_string(template).render(x=HOSTILE_TEXT, t=Words("zh-Hans"))
    out = markdown.markdown(rendered, extensions=names, extension_configs=configs)
    assert _tags(out) <= {("p", ()), ("h2", ("id",)), ("p", ("title",)), ("td", ("data-label",))}, out
    assert "A&B <b>bold</b> [click](javascript:alert(1))" in html.unescape(out).replace("\n", " ")
    # the check above can see markup: the same text unescaped becomes tags and a link
    raw = markdown.markdown(HOSTILE_TEXT, extensions=names, extension_configs=configs)
    assert {("b", ()), ("a", ("href",)), ("h1", ("id",))} <= _tags(raw), raw


def _tags(html_text: str) -> set[tuple[str, tuple[str, ...]]]:
    from html.parser import HTMLParser

    found = set()

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.add((tag, tuple(sorted(name for name, _ in attrs))))

    Tags().feed(html_text)
    return found


def test_aliases_are_refused_and_nothing_is_expanded():
    problems = Problems()
    assert parse_yaml("a: &x [*x]\n", "r.yml", problems) is None
    assert [(d.code, d.pos.line, d.pos.col) for d in problems.items] == [("yaml.alias", 1, 8)]
    lol = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    problems = Problems()
    assert parse_yaml(lol, "bomb.yml", problems) is None
    assert [(d.code, d.pos.line) for d in problems.items] == [("yaml.alias", 2)]


def test_private_values_are_passed_over_unread():
    problems = Problems()
    text = "name: x\nprivate:\n  a: &a [1, 2]\n  b: [*a, *a, *zzz]\n  deep: " + "[" * 100 + "]" * 100 + "\n"
    node = parse_yaml(text, "p.yml", problems)
    assert problems.items == []
    assert node.get("name").text == "x" and node.get("private").entries == ()


def test_deep_nesting_is_a_located_error():
    problems = Problems()
    assert parse_yaml("a: " + "[" * 3000 + "]" * 3000 + "\n", "d.yml", problems) is None
    assert [(d.code, d.pos.line) for d in problems.items] == [("yaml.too-deep", 1)]
    assert parse_yaml("a: " + "[" * 20 + "]" * 20 + "\n", "ok.yml", Problems()) is not None


def test_a_file_with_more_values_than_any_record_is_refused_where_it_overflows():
    from generator.model.nodes import MAX_VALUES

    problems = Problems()
    items = MAX_VALUES + 10
    assert parse_yaml("name: x\nlist:\n" + "  - v\n" * items, "big.yml", problems) is None
    # stream events: the mapping, two keys, "x", the list, then items until the limit is passed
    assert [(d.code, d.pos.line) for d in problems.items] == [("yaml.too-many-values", MAX_VALUES - 2)]
    below = parse_yaml("name: x\nlist:\n" + "  - v\n" * (MAX_VALUES - 100), "ok.yml", Problems())
    assert len(below.get("list").items) == MAX_VALUES - 100
