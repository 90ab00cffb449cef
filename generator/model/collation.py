"""Sorting and grouping Chinese names: by pinyin, with the initial letter for indexes."""

from __future__ import annotations

import re
from functools import lru_cache

from ..caches import fingerprint
from ..caches.textmemo import TextMemo

# Each text's pinyin as pypinyin reads it, kept between builds (`PROJECT/.dudao-cache/pinyin.json`):
# loading pypinyin's dictionaries is on the path of every build, and a build rarely meets a name
# the last one did not (docs/performance.md, "Figures behind the code").
SPELLINGS = TextMemo(fingerprint.code, "pinyin.json")


def _spell(text: str) -> str:
    from pypinyin import Style, lazy_pinyin  # only for a text no earlier build spelled

    return " ".join(lazy_pinyin(text, style=Style.NORMAL, errors="default"))


def _spelled(text: str) -> str:
    return SPELLINGS.get(text, lambda: _spell(text))


@lru_cache(maxsize=None)
def pinyin(name: str) -> str:
    return _spelled(name)


@lru_cache(maxsize=None)
def name_key(name: str) -> str:
    """Sort key: the name's pinyin (then the name, so the order is total)."""
    return pinyin(name).lower() + "\x00" + name


# "清溪区实验小学" is found under S, not under Q with every other school of the
# district: a leading county-level division (…区, …县, …市) is skipped, and so is that
# division's name without its suffix ("清溪实验小学" is under S too).
_DIVISION_PREFIX = re.compile(r"^[\u4e00-\u9fff]{1,5}?[区县市](?=[\u4e00-\u9fff]{2})")


def divisions(names) -> frozenset[str]:
    """The division names ("清溪") that some of `names` begin with as "清溪区…"."""
    found = set()
    for name in names:
        match = _DIVISION_PREFIX.match(name)
        if match and len(match.group()) > 2:
            found.add(match.group()[:-1])
    return frozenset(found)


def index_name(name: str, bases: frozenset[str] = frozenset()) -> str:
    stripped = _DIVISION_PREFIX.sub("", name, count=1)
    if stripped != name:
        return stripped
    for base in sorted(bases, key=len, reverse=True):
        if name.startswith(base) and len(name) >= len(base) + 2:
            return name[len(base):]
    return name


def initial(name: str, bases: frozenset[str] = frozenset()) -> str:
    """The index letter A–Z of a name, or '#' for names that start with neither."""
    spelled = pinyin(index_name(name, bases)).strip()
    first = spelled[:1].upper()
    return first if "A" <= first <= "Z" else "#"


# Surnames whose reading differs from the character's usual one (单 is shan as a
# surname, not dan). Compound surnames first, so 单于 is chan yu, not shan yu.
SURNAMES = {
    "单于": "chan yu", "尉迟": "yu chi", "万俟": "mo qi", "长孙": "zhang sun", "澹台": "tan tai",
    "令狐": "ling hu", "皇甫": "huang fu", "欧阳": "ou yang", "司马": "si ma", "诸葛": "zhu ge",
    "单": "shan", "曾": "zeng", "解": "xie", "区": "ou", "仇": "qiu", "查": "zha", "朴": "piao",
    "盖": "ge", "缪": "miao", "翟": "zhai", "覃": "qin", "召": "shao", "种": "chong", "秘": "bi",
    "员": "yun", "折": "she", "繁": "po", "隗": "wei", "句": "gou", "宓": "fu", "洗": "xian",
    "冼": "xian", "过": "guo", "乐": "yue", "柏": "bai", "黑": "he", "能": "nai", "那": "na",
    "燕": "yan", "华": "hua", "任": "ren", "沈": "shen", "石": "shi", "祭": "zhai", "莘": "shen",
    "谌": "chen", "眭": "sui", "訾": "zi", "郇": "huan", "阚": "kan", "逄": "pang", "蕃": "pi",
}


@lru_cache(maxsize=None)
def person_pinyin(name: str) -> str:
    """A person's name in pinyin, with the surname read as a surname."""
    for length in (2, 1):
        surname = name[:length]
        if len(name) > length and surname in SURNAMES:
            return SURNAMES[surname] + " " + _spelled(name[length:])
    return pinyin(name)



def name_id(name: str, person: bool = False) -> str:
    """An id made from a name's pinyin, read as the site reads it (a person's surname as a
    surname): 清溪第二小学 → qingxidierxiaoxue, 单晓岚 → shan-xiaolan."""
    spelled = (person_pinyin(name) if person else pinyin(name)).split(" ")
    syllables = [s for s in (re.sub(r"[^a-z0-9]", "", s.lower()) for s in spelled) if s]
    if not syllables:
        return "record"
    if person and len(syllables) > 1:
        return f"{syllables[0]}-{''.join(syllables[1:])}"
    return "".join(syllables)
