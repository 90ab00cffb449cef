"""Where a page's heading may break: between words, never inside one (挂牌, not 挂/牌).

Chinese is written without spaces, and a browser breaks a line of it between any two
characters. A heading is large, so a word split over two lines (督学挂 / 牌督导, 白 /
鹭镇湖畔小学) is plain to see and hard to read. A heading is therefore written with a break
opportunity (`<wbr>`) between its words and shown with `word-break: keep-all` (dudao.css),
so that it breaks there only; a word too long for the line still breaks where it must
(`overflow-wrap: anywhere`), so nothing runs off the screen.

Names are written the same way: a school's name too long for a phone's line in 大字 breaks
between its words (河西街道 / 九年一贯制学校), never leaving one character alone.

The words are the glossary's terms, the site's own words (the catalogue's shortest entries) and
the common words of supervision below. Characters none of these covers stay together: a
place's name (白鹭镇湖畔) is one word, and one character alone goes with its neighbour.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup, escape

from ..caches import fingerprint
from ..caches.textmemo import TextMemo
from ..model.glossary import TERMS
from ..model.i18n import WORDS

# The words of supervision's titles that the glossary and the catalogue do not hold.
COMMON = (
    "督导 督学 责任 挂牌 公示 平台 报告 通报 公报 整改 学校 小学 中学 初级中学 高级中学 完全中学 九年一贯制 "
    "幼儿园 实验 专项 综合 经常性 随机 联合 开学 工作 情况 关于 春季 秋季 学期 学年 年度 食堂 安全 检查 "
    "一月一督导 覆盖 完成 统计 名单 记录 其他 历任 附件 相关 参与 落实 责任区 回头看 总结 安排 计划 评估 校园 课业 负担 作业 管理 课后 服务 办学 行为 规范 教育 教学 "
    "质量 师德 师风 收费 健康 体育 心理 卫生 防溺水 交通 消防 午餐 营养 监督 电话 看板 名录 全部 首页 "
    "公开 数据 地图 术语 解释 声明 隐私 无障碍 联系 方式 第一 第二 第三 第四 第五 第六 区域 街道 乡镇 "
    "家长 学生 教师 满意度 测评 举报 投诉 人民政府 政府 履行 职责 督政 委员会 卫生健康 概况 分布 示意图"
).split()

# The longest word looked for.
LONGEST = 8
# Words that end a place's name: they go with the name before them (河西街道, not 河西 / 街道).
PLACE_ENDS = frozenset({"街道", "乡镇", "区域"})
PLACE_END_CHARACTERS = frozenset("省市县区镇乡村")

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A heading's pieces: a number with its unit (2026年, 3月), a run of Chinese characters, or
# anything else (Latin words, spaces, punctuation), which the browser breaks by its own rules.
_PIECES = re.compile(rf"[0-9]+[年月日号期届]?|[{_CJK}]+|[^0-9{_CJK}]+")
_CHINESE = re.compile(rf"[{_CJK}]+")


class Lexicon:
    """The words a heading may break between, and the segmentation of each run of Chinese
    characters (worked out once per run: titles repeat their names and words)."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(w for w in words if 1 < len(w) <= LONGEST and _CHINESE.fullmatch(w))
        self._runs: dict[str, tuple[str, ...]] = {}

    def split(self, run: str) -> tuple[str, ...]:
        """A run of Chinese characters as words, the longest known word first from the left;
        characters no word covers are a word of their own (one alone joins a neighbour)."""
        known = self._runs.get(run)
        if known is not None:
            return known
        words: list[str] = []
        unknown = ""
        i = 0
        while i < len(run):
            found = next((run[i:i + n] for n in range(min(LONGEST, len(run) - i), 1, -1)
                          if run[i:i + n] in self.words), None)
            if found is None:
                unknown += run[i]
                i += 1
                if run[i - 1] in PLACE_END_CHARACTERS and len(unknown) > 2:  # 清溪区 | 白鹭镇 | 湖畔
                    words.append(unknown)
                    unknown = ""
                continue
            i += len(found)
            if unknown and found in PLACE_ENDS:
                found, unknown = unknown + found, ""
            if unknown:
                words.append(unknown)
                unknown = ""
            words.append(found)
        if unknown:
            words.append(unknown)
        # A character alone that no word covers (的, 与) goes with the word before it (or, at the
        # start, after it): it is never left alone at a line's end or start.
        merged: list[str] = []
        for w in words:
            if merged and (len(w) == 1 or len(merged[-1]) == 1) and not (w in self.words and merged[-1] in self.words):
                merged[-1] += w
            else:
                merged.append(w)
        kept = tuple(merged)
        self._runs[run] = kept
        return kept

    def heading(self, text: str) -> Markup:
        """`text`, escaped, with a `<wbr>` between each two of its words."""
        parts: list[str] = []  # each escaped once, joined as text (`Markup.join` escapes each again)
        last_word = False
        for piece in _PIECES.findall(text):
            chinese = _CHINESE.match(piece)
            word = bool(chinese or piece[0].isdigit())  # not a space, a mark or Latin
            for n, part in enumerate(self.split(piece) if chinese else (piece,)):
                if word and (last_word or n):
                    parts.append("<wbr>")
                parts.append(escape(part))
            last_word = word
        return Markup("".join(parts))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    phrases = [zh for zh, _ in WORDS.values() if len(zh) <= 4]  # words, not phrases (参与的督导报告)
    return Lexicon([*COMMON, *(zh[0] for zh, _ in TERMS.values()), *phrases])


# Each heading broken, kept between builds: every build plans a heading for each page, and
# working a city's out again was a good part of planning it.
HEADINGS = TextMemo(fingerprint.code, "headings.json")


def heading(text: str) -> Markup:
    """A heading or a name, escaped, with a break opportunity between each two of its words."""
    return Markup(HEADINGS.get(text, lambda: str(lexicon().heading(text))))


# A Markdown heading of plain text (the site's own words, a name): its text, and the
# `{ #anchor }` after it. Headings holding a link, markup or emphasis are left as they are.
_HEADING = re.compile(r"^(?P<marks>#{2,6} )(?P<text>[^<>\[\]`*_{}\n&]+?)(?P<rest>[ \t]*\{[^}\n]*\})?[ \t]*$", re.M)


def in_headings(markdown: str) -> str:
    """A page's Markdown with each plain section heading broken between words only, as the
    page's own heading is."""
    return _HEADING.sub(lambda m: m["marks"] + heading(m["text"]) + (m["rest"] or ""), markdown)
