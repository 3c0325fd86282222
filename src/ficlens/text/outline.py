"""Headings that only the whole text can confirm: Markdown chapter headings and bare titles listed in a contents.

A line on its own is a chapter heading when (``docs/structure.md``, *When a line is a heading*):

1. it reads as one by itself (``Chapter 3``, ``CHAPTER I.``, ``Prologue``: :func:`headings.parse_heading`), or
2. it is a Markdown heading at the text's chapter level: the highest level (fewest ``#``) that at least two
   headings share (``# Title`` once over many ``## Chapter`` lines: the ``##`` are chapters), or
3. its words are those of an entry of the text's contents list (``Contents``/``Table of Contents`` followed by
   short lines), and it stands after that list.

The lines of the contents list itself are never story text. Pure functions over :class:`~ficlens.text.lines.Line`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .headings import Heading, is_contents_label, parse_heading, parse_number
from .lines import Line

_MD = re.compile(r"^\s{0,3}(#{1,6})\s+(\S.*?)\s*#*\s*$")
_WRAPPERS = re.compile(r"^[\s*_#>-]+|[\s*_]+$")
_LIST_MARK = re.compile(r"^(?:[-*+•]\s+|\d{1,4}[.)]\s+)")
_PAGE_REF = re.compile(r"(?:\s*\.{2,}\s*|\s{2,}|\s+)(?:\d{1,4}|[ivxlc]{1,6})\s*$", re.IGNORECASE)
_CHAPTER_PREFIX = re.compile(r"^(?:chapter|ch\.|part|book)\s+\S+?\s*[:.\-–—]\s*", re.IGNORECASE)
_ROMAN_OR_DIGIT = re.compile(r"^\s*[IVXLC\d]+\.?\s*$")
MAX_ENTRY = 100  # a contents entry is a short line
MAX_ENTRIES = 2000


@dataclass(frozen=True)
class Outline:
    """``headings``: line start → the heading it confirms; ``toc``: line starts of the contents list;
    ``not_headings``: line starts of lines that read as headings alone but are not (a dictionary's ``C``)."""

    headings: dict[int, Heading] = field(default_factory=dict)
    toc: frozenset[int] = frozenset()
    not_headings: frozenset[int] = frozenset()

    def heading(self, line: Line) -> Heading | None:
        """The heading ``line`` is, by itself or as the text confirms it (None inside the contents list)."""
        if line.start in self.toc or line.start in self.not_headings:
            return None
        return self.headings.get(line.start) or parse_heading(line.text)


def markdown_level(line: str) -> tuple[int, str] | None:
    """``(level, title)`` of a Markdown ATX heading (``## The Return`` → ``(2, "The Return")``)."""
    m = _MD.match(line)
    if not m or len(line) > 160:
        return None
    return len(m.group(1)), plain_title(m.group(2))


def plain_title(line: str) -> str:
    """A line without Markdown or bold wrappers and with collapsed spaces."""
    return " ".join(_WRAPPERS.sub("", line).split())


def entry_key(line: str) -> str:
    """A contents entry or heading compared loosely: no list marks, page numbers, ``Chapter N:`` or case."""
    t = _LIST_MARK.sub("", plain_title(line))
    t = _PAGE_REF.sub("", t) if len(t.split()) > 1 else t
    t = _CHAPTER_PREFIX.sub("", t)
    return " ".join(re.sub(r"[^\w\s']", " ", t.lower()).split())


def _markdown_headings(ls: list[Line]) -> dict[int, Heading]:
    found = [(ln, md) for ln in ls if ln.text.lstrip().startswith("#") and (md := markdown_level(ln.text))]
    counts = Counter(level for _ln, (level, _t) in found)
    levels = sorted(level for level, n in counts.items() if n >= 2)
    if not levels:
        return {}
    out: dict[int, Heading] = {}
    for ln, (level, title) in found:
        if level == levels[0] and title:
            parsed = parse_heading(title)
            out[ln.start] = parsed or Heading(number=_leading_number(title), title=title, kind="chapter")
    return out


def _leading_number(title: str) -> int | None:
    first = title.split()[0].rstrip(".:")
    return parse_number(first) if first.isdigit() else None


def _contents(ls: list[Line]) -> tuple[list[Line], int]:
    """The entry lines of the first contents list and the index of the line after it."""
    start = next((i for i, ln in enumerate(ls[:4000]) if is_contents_label(ln.text)), None)
    if start is None:
        return [], 0
    entries: list[Line] = []
    keys: set[str] = set()
    i = start + 1
    blanks = 0
    while i < len(ls) and len(entries) < MAX_ENTRIES:
        ln = ls[i]
        if ln.blank:
            blanks += 1
            if blanks > 3 and entries:
                break
            i += 1
            continue
        key = entry_key(ln.text)
        if len(ln.text.strip()) > MAX_ENTRY or not key or key in keys:
            break  # prose, or the first chapter heading repeating an entry
        heading = parse_heading(ln.text)
        if blanks and heading and heading.kind == "chapter" and not any(parse_heading(e.text) for e in entries):
            break  # "Chapter 1" after a list of bare titles
        entries.append(ln)
        keys.add(key)
        blanks = 0
        i += 1
    return entries, i


def _lone_letters(ls: list[Line]) -> frozenset[int]:
    """Single capital letters (``C``, ``L.``, ``X``) read as Roman numerals but with no bare number next to them
    in sequence (``IX``, ``XI``): a dictionary's or an index's letters, not chapters."""
    bare = [
        (ln, h)
        for ln in ls
        if len(ln.text) < 12 and _ROMAN_OR_DIGIT.match(ln.text) and (h := parse_heading(ln.text)) and h.kind == "number"
    ]
    numbers = Counter(h.number for _ln, h in bare)
    out = set()
    for ln, h in bare:
        core = ln.text.strip().rstrip(".")
        if len(core) == 1 and core.isalpha() and h.number and not (numbers[h.number - 1] or numbers[h.number + 1]):
            out.add(ln.start)
    return frozenset(out)


def outline(ls: list[Line]) -> Outline:
    """The headings that the text as a whole confirms (Markdown chapter level, contents entries), and its
    contents list. Line-by-line headings (``Chapter 3``) are not repeated here."""
    headings = _markdown_headings(ls)
    entries, after = _contents(ls)
    toc = frozenset(ln.start for ln in entries) | frozenset(ln.start for ln in ls[:after] if is_contents_label(ln.text))
    if len(entries) >= 2:
        keys = {entry_key(ln.text): n for n, ln in enumerate(entries, 1)}
        for k in range(after, len(ls)):
            ln = ls[k]
            if ln.blank or len(ln.text) > MAX_ENTRY or ln.start in headings:
                continue
            lone = (k == 0 or ls[k - 1].blank) and (k + 1 == len(ls) or ls[k + 1].blank or len(ls[k + 1].text) > 100)
            n = keys.get(entry_key(ln.text))
            if n is not None and lone and parse_heading(ln.text) is None:
                title = plain_title(ln.text)
                headings[ln.start] = Heading(number=_leading_number(title), title=title, kind="chapter")
    return Outline(headings=headings, toc=toc, not_headings=_lone_letters(ls))
