"""Sorting and grouping Chinese names: by pinyin, with the initial letter for indexes."""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=None)
def pinyin(name: str) -> str:
    return " ".join(lazy_pinyin(name, style=Style.NORMAL, errors="default"))


@lru_cache(maxsize=None)
def name_key(name: str) -> str:
    """Sort key: the name's pinyin (then the name, so the order is total)."""
    return pinyin(name).lower() + "\x00" + name


# "清溪区实验小学" is found under S, not under Q with every other school of the
# district: a leading county-level division (…区, …县, …市) is skipped.
_DIVISION_PREFIX = re.compile(r"^[\u4e00-\u9fff]{1,5}?[区县市](?=[\u4e00-\u9fff]{2})")


def index_name(name: str) -> str:
    return _DIVISION_PREFIX.sub("", name, count=1)


def initial(name: str) -> str:
    """The index letter A–Z of a name, or '#' for names that start with neither."""
    spelled = pinyin(index_name(name)).strip()
    first = spelled[:1].upper()
    return first if "A" <= first <= "Z" else "#"
