"""Unit tests for modules the builds use but no other test names: a failure here names the
module that broke, where a build's test would only say that a site differs."""

from __future__ import annotations

import datetime as dt
import gc
import threading

import openpyxl
import pytest

from conftest import EPOCH, FIXTURES


def test_escaping_makes_text_inert_for_html_and_markdown():
    from generator.model.escaping import csv_cell, engine_text, finalize, script_json, text

    shown = text("<b>A&B</b> *x* [y](z) `c` #h")
    assert not any(mark in shown for mark in ("<b>", "A&B", "*x*", "[y]", "`c`", "#h"))
    assert "&#60;b&#62;A&#38;B" in shown  # as numeric references, which HTML and Markdown both leave
    assert text(shown) == shown  # markup is left as it is
    assert finalize(None) is None
    assert engine_text("<i>") == "&lt;i&gt;"
    assert "</script>" not in script_json({"x": "</script><!--"})
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("-3") == "'-3" and csv_cell("清溪") == "清溪"


def test_the_glossary_links_a_term_where_it_first_appears():
    from generator.model.glossary import KIND_TERMS, TERMS, Glossed, entries

    glossed = Glossed()
    assert glossed.first("followup") and not glossed.first("followup") and not glossed.first("no-such-term")
    assert [key for key, _, _ in entries("zh-Hans")] == list(TERMS)
    assert set(KIND_TERMS.values()) <= set(TERMS)


def test_sheet_cells_are_read_as_a_record_file_would_hold_them():
    from generator.office.sheets import as_text, cell_pos, column_letter

    assert [column_letter(n) for n in (1, 26, 27, 16384)] == ["A", "Z", "AA", "XFD"]
    assert str(cell_pos("名册.xlsx", "学校", 14, 3)) == "名册.xlsx!学校!C14"
    assert as_text(dt.datetime(2026, 3, 1)) == "2026-03-01" and as_text(2132100001.0) == "2132100001"
    assert as_text(None) == "" and as_text(True) == "true" and as_text("a\r\nb") == "a\nb"


def test_the_workbook_look_over_finds_formulas_and_their_values(tmp_path):
    from generator.office import xlsxscan

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "学校"
    sheet.append(["名称", "电话"])
    sheet.append(["清溪", "=A1"])
    book.save(tmp_path / "book.xlsx")
    assert xlsxscan.scan(tmp_path / "book.xlsx").formulas == {("学校", 2, 2): False}  # openpyxl keeps no value
    (tmp_path / "not.xlsx").write_bytes(b"not a zip")
    with pytest.raises(xlsxscan.Refused) as refused:
        xlsxscan.scan(tmp_path / "not.xlsx")
    assert refused.value.code == "import.unreadable" and refused.value.sheet is None
    assert xlsxscan._split_ref("XFD12") == (12, 16384) and xlsxscan._split_ref("") is None


def test_forking_is_refused_beside_another_thread_and_the_model_is_frozen_once():
    from generator.caches.forking import fork_context, frozen

    assert fork_context() is None or threading.active_count() == 1
    waiting = threading.Event()
    other = threading.Thread(target=waiting.wait)
    other.start()
    try:
        assert fork_context() is None  # another thread runs: never fork
    finally:
        waiting.set()
        other.join()
    gc.unfreeze()
    with frozen():
        assert gc.get_freeze_count() > 0  # what the process holds is out of the collector's sight
        with frozen():
            pass
        assert gc.get_freeze_count() > 0  # the inner block left the outer's freeze alone
    assert gc.get_freeze_count() == 0


def test_kept_compiled_templates_set_aside_what_they_cannot_read(tmp_path):
    from jinja2 import DictLoader, Environment

    from generator.caches.bytecode import KeptTemplates

    cache = KeptTemplates(str(tmp_path))
    env = Environment(loader=DictLoader({"t": "{{ 1 + 1 }}"}), bytecode_cache=cache)
    assert env.get_template("t").render() == "2"
    (entry,) = tmp_path.iterdir()
    for damage in (entry.read_bytes()[:20], b"j2 garbage", b""):
        entry.write_bytes(damage)
        fresh = Environment(loader=DictLoader({"t": "{{ 1 + 1 }}"}), bytecode_cache=KeptTemplates(str(tmp_path)))
        assert fresh.get_template("t").render() == "2"


def test_the_theme_copy_never_follows_a_link_out_of_the_project_theme(tmp_path):
    from generator.site.theme import copy_theme

    theme = tmp_path / "theme"
    (theme / "partials").mkdir(parents=True)
    (theme / "partials/own.html").write_text("own", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (theme / ".hidden").symlink_to(tmp_path / "secret.txt")
    (theme / "inside").symlink_to(theme / "partials/own.html")
    copy_theme(tmp_path / "staged", theme)
    assert (tmp_path / "staged/partials/own.html").read_text(encoding="utf-8") == "own"
    assert (tmp_path / "staged/inside").read_text(encoding="utf-8") == "own"
    assert not (tmp_path / "staged/.hidden").exists()
    assert (tmp_path / "staged/main.html").is_file()  # dudao's own theme beneath


def test_publishing_sweeps_what_dead_builds_left_and_puts_a_site_back(tmp_path):
    import subprocess
    import sys

    from generator.site.publishing import folder_beside, sweep_beside

    dead = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True).stdout)
    target = tmp_path / "site"
    (tmp_path / f".site.old-{dead}-x").mkdir()
    (tmp_path / f".site.old-{dead}-x/index.html").write_text("old", encoding="utf-8")
    for purpose in ("new", "stage", "exports", "gone"):
        (tmp_path / f".site.{purpose}-{dead}-y").mkdir()
    mine = folder_beside(target, "stage")  # a running build's: left alone
    sweep_beside(target)
    assert (target / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", mine.name])


def test_feeds_structured_data_and_sitemap_from_the_model():
    import json
    import xml.dom.minidom

    from generator.build.pipeline import check
    from generator.exports import sitemap
    from markupsafe import Markup

    from generator.views import feeds, structured_data

    checked = check(FIXTURES / "tiny", EPOCH)
    site, plan = checked.site, checked.plan
    school = site.schools["qx-shiyan"]
    assert feeds.title_of(site, "schools/qx-shiyan").startswith(school.name)
    names = {feed.path for feed in feeds.feeds_of(site)}
    assert "feeds/all.xml" in names or any(name.endswith("all.xml") for name in names)
    data = structured_data.of(site, school)
    assert data["name"] == school.name and data["@context"] == "https://schema.org"
    script = Markup(structured_data.script(site, school))
    assert json.loads(script.split(">", 1)[1].rsplit("<", 1)[0])["name"] == school.name
    text = sitemap.sitemap(site, plan)
    if text is not None:
        xml.dom.minidom.parseString(text)
    assert "Sitemap" in sitemap.robots(site) or "User-agent" in sitemap.robots(site)


def test_listings_group_schools_and_count_reports():
    from generator.build.pipeline import check
    from generator.model.i18n import Words
    from generator.views import listings

    site = check(FIXTURES / "tiny", EPOCH).site
    words = Words(site.config.language)
    grouped = listings.school_groups(site, "initial", words)
    assert sorted(school.id for group in grouped for school in group.items) == sorted(site.schools)
    by_year = listings.reports_by_year(site)
    assert sum(len(reports) for reports in by_year.values()) == len(site.reports)


def test_charts_are_svg_with_their_words_escaped():
    import xml.dom.minidom

    from generator.views import charts

    svg = str(charts.bars("<标题>", "说明 & 注释", [("甲<", 3.0), ("乙", 1.5)], unit="次"))
    xml.dom.minidom.parseString(svg)
    assert "<标题>" not in svg and "&#60;标题&#62;" in svg and "甲&#60;" in svg


def test_headings_and_names_break_between_words_only():
    """A heading or a name is written with a break opportunity between its words: never
    inside one (挂/牌, 白/鹭镇), never one character alone, numbers kept with their unit."""
    from generator.pages.linebreaks import heading

    def words(text):
        return str(heading(text)).split("<wbr>")

    assert words("清溪区责任督学挂牌督导公示平台") == ["清溪区", "责任督学", "挂牌督导", "公示", "平台"]
    assert words("清溪区白鹭镇湖畔小学") == ["清溪区", "白鹭镇", "湖畔", "小学"]
    assert words("河西街道九年一贯制学校") == ["河西街道", "九年一贯制", "学校"]
    assert words("单晓岚") == ["单晓岚"]
    assert words("陆清禾 · 参与的督导报告") == ["陆清禾 · 参与的", "督导报告"]
    assert words("关于2026年春季开学工作的通报")[:3] == ["关于", "2026年", "春季"]
    assert str(heading("<b>&")) == "&lt;b&gt;&amp;"  # escaped like any text
    for text in ("清溪区白鹭镇湖畔小学", "关于2026年3月专项督导的通报", "a·b 第 2 页"):
        assert "".join(words(text)) == text  # nothing lost, nothing added
        assert all(len(w) > 1 for w in words(text))


def test_the_command_lines_words_are_one_catalogue_in_both_languages():
    """Every line the command line says comes from messages.SAID: each key it asks for is
    there, and each entry names the same values in Chinese and English."""
    import re
    import string

    from conftest import ROOT
    from generator.model.messages import SAID, say

    asked = set(re.findall(r'say\(f?"([a-z.\-{}]+)"', (ROOT / "generator/cli.py").read_text(encoding="utf-8")))
    plain = {key for key in asked if "{" not in key}
    assert plain and plain <= SAID.keys(), plain - SAID.keys()
    assert {f"unpublished.{state}" for state in ("draft", "embargoed")} <= SAID.keys()
    for key, (zh, en) in SAID.items():
        names = lambda text: sorted(f[1] for f in string.Formatter().parse(text) if f[1])  # noqa: E731
        assert names(zh) == names(en), key
    assert say("check.failed", "en", e=1, w=2) == "1 errors, 2 warnings."
    assert say("check.failed", "zh-Hant", e=1, w=2) == "發現 1 個錯誤，2 個警告。"
