"""Sorting and grouping Chinese names: by pinyin, with the initial letter for indexes."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=None)
def pinyin(name: str) -> str:
    return " ".join(lazy_pinyin(name, style=Style.NORMAL, errors="default"))


@lru_cache(maxsize=None)
def name_key(name: str) -> str:
    """Sort key: the name's pinyin (then the name, so the order is total)."""
    return pinyin(name).lower() + "\x00" + name


def initial(name: str) -> str:
    """The index letter A–Z of a name, or '#' for names that start with neither."""
    spelled = pinyin(name).strip()
    first = spelled[:1].upper()
    return first if "A" <= first <= "Z" else "#"
