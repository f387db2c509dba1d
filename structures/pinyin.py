"""Pure: Chinese text -> the pinyin spellings a reader may type to find it ("weichi" finds 维持和平行动部)."""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def pinyin_forms(text: str) -> list[str]:
    """Return the text's pinyin without tones: joined, spaced and initials, or [] when it holds no Chinese.

    "维持和平行动部" -> ["weichihepingxingdongbu", "wei chi he ping xing dong bu", "wchpxdb"].
    Characters that are not Chinese are left out: the English names are searched as they are.
    """
    if not HAN.search(text):
        return []
    return list(_han_forms(text))


@lru_cache(maxsize=65536)
def _han_forms(text: str) -> tuple[str, ...]:
    # Cached: a large organization repeats the same names (科, 股, 行政科...) thousands of times, and
    # pypinyin costs far more than writing the row. pypinyin reads phrases whole, so heteronyms take
    # their reading in context (行动 -> xing dong).
    syllables = [s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s.strip()]
    if not syllables:
        return ()
    forms = ["".join(syllables), " ".join(syllables), "".join(s[0] for s in syllables)]
    return tuple(dict.fromkeys(forms))


def pinyin_search_text(names: list[str]) -> list[str]:
    """Return every pinyin form of every name, each once, in the order the names come."""
    return list(dict.fromkeys(form for name in names for form in pinyin_forms(name)))
