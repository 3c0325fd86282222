"""Lines with document offsets, blocks of lines, whitespace trimming and bylines. Pure functions over strings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text: ``[start, end)`` excludes the newline."""

    number: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of ``text[start:end]`` with document offsets."""
    end = len(text) if end is None else end
    out: list[Line] = []
    pos = start
    n = 0
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        out.append(Line(n, pos, stop, text[pos:stop]))
        n += 1
        pos = stop + 1
    return out


def iter_blocks(ls: list[Line]) -> Iterator[list[Line]]:
    """Runs of non-blank lines."""
    block: list[Line] = []
    for line in ls:
        if line.blank:
            if block:
                yield block
                block = []
        else:
            block.append(line)
    if block:
        yield block


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_TITLE_BY = re.compile(r"^\s*(?P<title>\S.{0,200}?)\s+by\s+(?P<author>\S.{0,100}?)\s*$")


def title_by_author(line: str) -> tuple[str, str] | None:
    """``("Title", "Author")`` from a ``Title by Author`` line, else None."""
    m = _TITLE_BY.match(line)
    if not m or len(line) > 250:
        return None
    title, author = m.group("title").strip(), m.group("author").strip()
    if author.endswith((".", "?", "!", "”", '"', ",", ";", ":")):
        return None  # a sentence ("It was left on the step by Marguerite.") rather than a byline
    if len(author.split()) > 6:
        return None
    return title, author
