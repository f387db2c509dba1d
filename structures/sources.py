"""Find a cited part of a source document's text (the Chinese seeds in ../shared/seeds/).

A citation's paragraph is a comma-separated path, narrowest last:
  "20", "20(a)", "64(c)(ii)"        numbered paragraph (and sub-paragraphs) of the main text
  "summary", "letter"               the summary (摘要), or the covering letter before the first annex
  "annex I", "annex II, 12(b)"      an annex (附件一…), or a paragraph numbered inside it
  "annex I, appendix"               the appendix (附录) inside an annex
  "annex I, chart B", "section C"   a lettered part ("B." heading) of the current scope
  "table 1"                         a table (表 1) of the current scope
"""

from __future__ import annotations

import functools
import re

PARAGRAPH_START = re.compile(r"^[ \t]*(\d+)\.[ \t]", re.MULTILINE)
NUMBERED = re.compile(r"^(\d+)((?:\([a-z]+\))*)$")
ROMAN = {"I": "一", "II": "二", "III": "三", "IV": "四", "V": "五", "VI": "六", "VII": "七", "VIII": "八"}
ANNEX_HEADING = re.compile(r"^[ \t]*附件([一二三四五六七八])[ \t]*$", re.MULTILINE)


CJK_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


def unwrapped(text: str) -> str:
    """Remove the line breaks and spaces that PDF extraction puts between Chinese characters."""
    return CJK_BREAK.sub("", text)


@functools.lru_cache(maxsize=64)
def split_paragraphs(text: str) -> dict[str, str]:
    """Map each numbered paragraph ("1", "2", ...) to its text, up to the next numbered paragraph."""
    starts = list(PARAGRAPH_START.finditer(text))
    paragraphs: dict[str, str] = {}
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        # Keep the first occurrence: a later "12." is a list item or a chart label, not the paragraph.
        paragraphs.setdefault(match.group(1), text[match.start() : end])
    return paragraphs


@functools.lru_cache(maxsize=16)
def _annexes(text: str) -> tuple[str, dict[str, str]]:
    """Split a document into its main text and its annexes, keyed by Chinese numeral."""
    headings = list(ANNEX_HEADING.finditer(text))
    if not headings:
        return text, {}
    annexes = {}
    for index, match in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        annexes.setdefault(match.group(1), text[match.start() : end])
    return text[: headings[0].start()], annexes


def _numbered(scope: str, part: str) -> str | None:
    match = NUMBERED.match(part)
    if not match:
        return None
    body = split_paragraphs(scope).get(match.group(1))
    if body is None:
        return None
    for letter in re.findall(r"\(([a-z]+)\)", match.group(2)):
        start = body.find(f"({letter})")
        if start < 0:
            return None
        body = body[start:]
    return body


def _lettered(scope: str, letter: str) -> str | None:
    match = re.search(rf"^[ \t]*{re.escape(letter)}\.[ \t]", scope, re.MULTILINE)
    if not match:
        return None
    following = re.search(r"^[ \t]*[A-Z]\.[ \t]", scope[match.end() :], re.MULTILINE)
    return scope[match.start() : match.end() + following.start()] if following else scope[match.start() :]


def paragraph_text(text: str, paragraph: str) -> str | None:
    """Return the text a citation points at, or None when the document has no such part."""
    main, annexes = _annexes(text)
    parts = [p.strip() for p in paragraph.split(",") if p.strip()]
    if not parts:
        return None
    scope = main
    for index, part in enumerate(parts):
        words = part.split()
        if words[0] == "annex" and len(words) == 2 and index == 0:
            found = annexes.get(ROMAN.get(words[1], ""))
        elif part == "letter" and index == 0:
            found = main if annexes else None
        elif part == "summary" and index == 0:
            start = text.find("摘要")
            found = text[start:] if start >= 0 else None
        elif part == "appendix":
            start = scope.find("附录")
            found = scope[start:] if start >= 0 else None
        elif words[0] in ("chart", "section") and len(words) == 2:
            found = _lettered(scope, words[1])
        elif words[0] == "table" and len(words) == 2:
            match = re.search(rf"表[ \t]*{re.escape(words[1])}\b", scope)
            found = scope[match.start() :] if match else None
        else:
            found = _numbered(scope, part.replace(" ", ""))
        if found is None:
            return None
        scope = found
    return scope
