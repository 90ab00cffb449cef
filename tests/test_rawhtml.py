"""The engine's Markdown extension (`generator/site/rawhtml.py`) sets dudao's HTML blocks aside
without parsing them: every page must come out of the engine's Markdown exactly as it does
without the extension, on the demo's pages, on the hostile project's and on random pages;
and the fast reading must actually be taken, or it saves nothing."""

from __future__ import annotations

import pytest
from conftest import EPOCH, ROOT

import hostile
from generator.site import rawhtml
from generator.build.pipeline import check
from generator.pages.rendering import render_pages
from generator.site.staging import ENGINE_MARKDOWN

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

STOCK = [e if isinstance(e, str) else next(iter(e)) for e in ENGINE_MARKDOWN if e != "generator.site.rawhtml"]
CONFIGS = {next(iter(e)): next(iter(e.values())) for e in ENGINE_MARKDOWN if isinstance(e, dict)}


def converted(text: str, whole_blocks: bool) -> str:
    import markdown

    extensions = STOCK + ([rawhtml.WholeBlocksExtension()] if whole_blocks else [])
    return markdown.Markdown(extensions=extensions, extension_configs=CONFIGS).convert(text)


def fast(text: str) -> bool:
    import markdown

    return bool(rawhtml.split_blocks(text.split("\n"), markdown.Markdown().is_block_level))


def test_the_engine_is_given_the_extension():
    assert "generator.site.rawhtml" in ENGINE_MARKDOWN


def staged_bodies(root) -> dict[str, str]:
    checked = check(root, EPOCH)
    assert checked.plan is not None, checked.problems.sorted()
    return {page.source: page.text.split("\n---\n", 1)[1]
            for page in render_pages(checked.site, checked.plan.pages)}


@pytest.mark.parametrize("project", ["demo", "hostile"])
def test_every_page_reads_the_same_with_and_without_the_extension(project, tmp_path):
    root = ROOT if project == "demo" else hostile.write_project(tmp_path / "project")
    bodies = staged_bodies(root)
    differ = [source for source, text in bodies.items() if converted(text, True) != converted(text, False)]
    assert differ == []
    # ... and the comparison covered the fast reading: every report page takes it.
    reports = [text for source, text in bodies.items() if source.startswith("reports/")]
    assert reports and all(fast(text) for text in reports), [s for s, t in bodies.items() if not fast(t)][:5]


def test_pages_the_simple_reading_could_mistake_are_left_to_the_parser():
    block = '<div class="a">\n<p>x</p>\n</div>\n\n## h\n\n<table>\n<tr><td>1</td></tr>\n</table>\n'
    assert fast(block)
    assert fast(block + '\n<figure>\n<svg><title>码</title><rect x="1"/></svg>\n</figure>\n')  # charts, QR codes
    for other in ('<div><!-- c --></div>\n', '<div><div/></div>\n', '<div>\n<script>a<b</script>\n</div>\n',
                  '<div>\n<svg><title>a<b</title></svg>\n</div>\n', '<div>\n<textarea>\n</textarea>\n</div>\n',
                  'text <b>bold</b>\n', '<div>a</div> tail\n', '<div>\n<div>\n</div>\n', '<span>x</span>\n',
                  '   <div>x</div>\n', '<div>a</div><p>b</p>\n',
                  '<div>\n<div\n class="x">y</div>\n\n\n<div>\n<p>z</p>\n</div>\n'):  # a tag going on below
        assert not fast(block + "\n" + other), other
        assert converted(block + "\n" + other, True) == converted(block + "\n" + other, False)


# Random pages made of the pieces dudao writes and of the pieces that need the parser.
PIECE_LIST = [
    '<div class="dd-prose">\n<p>正文</p>\n</div>', '<dl class="x">\n<dt>a</dt>\n<dd><a href="../x/">b</a></dd>\n</dl>',
    '<table>\n<thead><tr><th>a</th></tr></thead>\n<tbody>\n<tr><td>1 &amp; 2</td></tr>\n</tbody>\n</table>',
    '<section aria-labelledby="h">\n<h3 id="h">t</h3>\n<div><div>x</div></div>\n</section>',
    '<script type="application/ld+json">{"a": "\\u003c/script>"}</script>', '<p class="x"><a href="y">z</a></p>',
    '## 标题 { #id data-dd-note="index" }', '正文 *强调* [链接](../a/)', '- 一\n- 二', '| a |\n|---|\n| b |',
    '!!! note\n    注意', '<div>a</div> 尾', '<div>\n<p>未闭合</p>', '行内 <b>粗</b> 文字', '<!-- 注释 -->',
    '<div><img src="a.png"/></div>', '<span>x</span>', '<p title="a&lt;div&gt;">x</p>', '   <p>缩进</p>',
    '<div>a</div><p>b</p>', '<div>\n\n<p>空行</p>\n\n</div>', '<DIV>大写</DIV>', '<hr>', '<div\n class="x">y</div>',
    '<figure>\n<svg viewBox="0 0 2 2"><title>码 &amp; 图</title><rect x="0" y="0" width="1" height="1"/></svg>\n</figure>',
    '<section>\n<svg><title>a<b</title></svg>\n</section>', '<div class="x"/>', '<section><div/></section>',
    '<p>a<p>b</p>', '<div><section>x</div>', '<div>\n<textarea>a</div></textarea>\n</div>',
    '<div><title>\n</title></div>', '<script>\n{"a": 1}\n</script>', '<p>x</p>\n<script type="application/ld+json">{}</script>',
]
SEPARATOR_LIST = ["\n", "\n\n", "\n\n\n", "\n \n", ""]
PIECES, SEPARATORS = st.sampled_from(PIECE_LIST), st.sampled_from(SEPARATOR_LIST)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(PIECES, SEPARATORS), min_size=1, max_size=6), st.sampled_from(["", "\n", "\n\n"]))
def test_random_pages_read_the_same_with_and_without_the_extension(parts, end):
    text = "".join(piece + separator for piece, separator in parts) + end
    assert converted(text, True) == converted(text, False)


def test_random_pages_take_the_fast_reading_often():
    """The random pages above exercise the fast reading, not only the parser."""
    import random

    pick = random.Random(9)
    pages = ["".join(pick.choice(PIECE_LIST) + pick.choice(SEPARATOR_LIST) for _ in range(pick.randint(1, 6))) + "\n"
             for _ in range(300)]
    assert sum(map(fast, pages)) >= 15
