"""A Markdown extension for the engine: the HTML blocks dudao writes are taken whole.

Python-Markdown finds the raw HTML blocks of a page by running Python's `html.parser`
over all of its text; dudao's pages are mostly HTML, and that parse was half of the
engine's time. The blocks dudao writes are whole elements that start a line after a blank
line and end a line before one, with only Markdown between them (headings, no tags). A page
made only of such blocks and tag-free text has each block set aside exactly as the parser
would set it aside (the same text, kept as it is), without parsing it. A page with any
other HTML in it, or anything in a block the simple reading below could mistake (comments,
a script or title with `<` in its text, the block's own element closed by `/>`), is left to
the parser whole: the HTML is the same either way (tested on every page of the demo, of the
hostile project and on random pages).

Text outside the blocks must contain no `<` at all for the fast reading to apply (but for the
`<wbr>` between the words of a heading), so a block read wrongly can never hand the parser's
raw text to Markdown: whatever is left over from a wrong split has a `<` in it, and the
whole page goes to the parser instead.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

# An element's start at the start of a line: its name.
_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(?=[\s>])")
# What the simple count of a block's tags could misread: comments, declarations and
# processing instructions, and a tag not finished on its line (its name or attributes go on
# below, where a count line by line cannot see it), send the page to the parser.
_UNSURE = re.compile(r"<[!?]|<[^>]*$")
# Elements whose text the parser reads without looking for tags (by Python's version: script
# and style always; title, textarea and the others in newer ones). One is read the same either
# way when it is whole on its line and has no `<` in its text, as dudao's JSON-LD and the
# titles of its charts and QR codes are; any other sends the page to the parser.
_RAW_TEXT = "script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext"
_RAW_OPEN = re.compile(rf"<(?:{_RAW_TEXT})(?![a-zA-Z0-9])", re.IGNORECASE)
_RAW_WHOLE = re.compile(rf"<({_RAW_TEXT})(?![a-zA-Z0-9])[^<>]*>[^<]*</\1\s*>", re.IGNORECASE)


def _tags(name: str) -> re.Pattern:
    return re.compile(rf"<(/?){name}(?=[\s>])", re.IGNORECASE)


def _heading_with_breaks(line: str) -> bool:
    """A Markdown heading whose only tags are the break opportunities between its words
    (`## 工作<wbr>安排`): no leftover of a block read wrongly looks like it."""
    return line.startswith("#") and "<" not in line.replace("<wbr>", "")


def _blank(line: str) -> bool:
    return line.strip(" ") == ""


def split_blocks(lines: list[str], is_block_level) -> list[tuple[int, int, bool]] | None:
    """The first and last lines of each HTML block of a page that is only such blocks and
    tag-free text, and whether the parser keeps the newline that ends it; None when the page
    needs the parser."""
    blocks: list[tuple[int, int, bool]] = []
    count = len(lines)
    i = 0
    while i < count:
        line = lines[i]
        if "<" not in line or _heading_with_breaks(line):
            i += 1
            continue
        start = _START.match(line)
        if start is None or not is_block_level(start.group(1).lower()):
            return None
        end = _block_end(lines, i, start.group(1))
        if end is None:
            return None
        # The parser keeps the newline when a blank line and more text follow.
        blocks.append((i, end, end + 2 < count and _blank(lines[end + 1])))
        i = end + 1
    return blocks


def _block_end(lines: list[str], first: int, name: str) -> int | None:
    """The last line of the element starting `lines[first]`: where its tags balance, at the
    end of a line."""
    tags = _tags(name)
    # The block's own element closed by `/>` is not opened at all for the parser.
    closed_at_once = re.compile(rf"<{name}(?=[\s/])[^<>]*/>", re.IGNORECASE)
    depth = 0
    for j in range(first, len(lines)):
        line = lines[j]
        if _UNSURE.search(line) or closed_at_once.search(line) or \
                len(_RAW_OPEN.findall(line)) != len(_RAW_WHOLE.findall(line)):
            return None
        for tag in tags.finditer(line):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                closes_line = re.fullmatch(r"\s*>", line[tag.end():])
                return j if closes_line else None
    return None


class WholeBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        blocks = split_blocks(lines, self.md.is_block_level)
        if not blocks:
            return lines
        out: list[str] = []
        done = 0
        for first, last, newline in blocks:
            out += lines[done:first]
            # As the parser leaves it: a placeholder on a line of its own, blank lines around,
            # and the block's text as it was.
            text = "\n".join(lines[first:last + 1]) + ("\n" if newline else "")
            out += ["", self.md.htmlStash.store(text), ""]
            done = last + 1
        out += lines[done:]
        return out


class WholeBlocksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace is normalised (30), before the parser looks for raw HTML (20).
        md.preprocessors.register(WholeBlocks(md), "dudao_whole_blocks", 21)


def makeExtension(**kwargs) -> WholeBlocksExtension:  # noqa: N802 (Python-Markdown's name)
    return WholeBlocksExtension(**kwargs)
