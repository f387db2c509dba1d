"""Find a cited paragraph in a source document's text (the Chinese seeds in ../shared/seeds/)."""

from __future__ import annotations

import re

PARAGRAPH_START = re.compile(r"^[ \t]*(\d+)\.[ \t]", re.MULTILINE)
CITED = re.compile(r"^(\d+)((?:\([a-z]+\))*)$")


def split_paragraphs(text: str) -> dict[str, str]:
    """Map each numbered paragraph ("1", "2", ...) to its text, up to the next numbered paragraph."""
    starts = list(PARAGRAPH_START.finditer(text))
    paragraphs: dict[str, str] = {}
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        # A number can restart in an annex; keep the first (main body) occurrence.
        paragraphs.setdefault(match.group(1), text[match.start() : end])
    return paragraphs


def paragraph_text(text: str, paragraph: str, paragraphs: dict[str, str] | None = None) -> str | None:
    """Return the text of a citation like "20" or "20(a)", or None when the document has no such part."""
    match = CITED.match(paragraph.replace(" ", ""))
    if not match:
        return None
    paragraphs = paragraphs if paragraphs is not None else split_paragraphs(text)
    body = paragraphs.get(match.group(1))
    if body is None:
        return None
    for letter in re.findall(r"\(([a-z]+)\)", match.group(2)):
        start = body.find(f"({letter})")
        if start < 0:
            return None
        body = body[start:]
    return body
