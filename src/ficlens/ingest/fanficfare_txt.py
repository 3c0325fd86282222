"""FanFicFare TXT exports (``../shared/formats/README.md`` §4).

Layout: 3 blank lines, the title, a blank, ``by AUTHOR``, a ``Label: value`` block wrapped at 78 columns
(continuation lines are not indented; Summary may hold blank lines), ``TABLE OF CONTENTS`` when there is
more than one chapter, then each chapter as a tab-indented title line (8 spaces after tab expansion) after
4 blank lines, and ``End file.`` at the end.
"""

from __future__ import annotations

import re

from ..model import Metadata, Region
from ..text.lines import Line, lines
from .labels import apply_fields, match_label, split_authors
from .parsed import Parsed, region, with_credits

NAME = "fanficfare-txt"
SOURCE = "ingest.fanficfare-txt@1"

_CHAPTER_LINE = re.compile(r"^(?:\t| {8})\S")
WRAPPED = 60  # a label line longer than this may have wrapped (FanFicFare wraps at 78 columns)


def sniff(text: str) -> bool:
    ls = lines(text, 0, min(len(text), 3000))
    nonblank = [ln for ln in ls if not ln.blank]
    if len(nonblank) < 2 or nonblank[0].number < 2:
        return False
    if not nonblank[1].text.startswith("by "):
        return False
    tail = text[-300:].rstrip()
    return tail.endswith("End file.") or "TABLE OF CONTENTS" in text[:20000]


def parse(text: str) -> Parsed:
    ls = lines(text)
    nonblank = [ln for ln in ls if not ln.blank]
    title_line, by_line = nonblank[0], nonblank[1]
    byline = [by_line.text[3:].strip()]
    while by_line.number + 1 < len(ls) and not ls[by_line.number + 1].blank:
        by_line = ls[by_line.number + 1]  # a long byline wraps at 78 columns onto unindented lines
        byline.append(by_line.text.strip())
    meta = Metadata(title=title_line.text.strip(), authors=split_authors(" ".join(byline)))
    regions: list[Region | None] = [region(text, title_line.start, by_line.end, "header", SOURCE)]

    # Footer: "End file." as the last non-blank line.
    end = len(text)
    if nonblank[-1].text.strip() == "End file.":
        end = nonblank[-1].start
        regions.append(region(text, nonblank[-1].start, nonblank[-1].end, "footer", SOURCE))

    # Chapter title lines: indented, after 3+ blank lines.
    headings: list[tuple[int, int]] = []  # (first line index, last line index)
    for ln in ls:
        if ln.start >= end or not _CHAPTER_LINE.match(ln.text) or ln.number < 3:
            continue
        if all(ls[k].blank for k in range(ln.number - 3, ln.number)):
            last = ln.number
            while last + 1 < len(ls) and not ls[last + 1].blank:
                last += 1  # a long title wraps onto unindented lines
            headings.append((ln.number, last))
    body_start = ls[headings[0][0]].start if headings else None

    # Label block and TOC between the byline and the first chapter.
    stop = body_start if body_start is not None else end
    toc_at = next((ln for ln in ls if by_line.end < ln.start < stop and ln.text.strip() == "TABLE OF CONTENTS"), None)
    label_stop = toc_at.start if toc_at else stop
    fields: list[tuple[str, list[str], int, int]] = []
    prev: Line | None = None
    for ln in ls:
        if not by_line.end < ln.start < label_stop:
            continue
        labelled = match_label(ln.text, known_only=False)
        # A line under a full one (wrapped at 78 columns) continues it, unless it opens with a known label.
        wrapped = prev is not None and len(prev.text.rstrip()) > WRAPPED and not match_label(ln.text)
        prev = ln
        in_summary = bool(fields) and fields[-1][0] == "Summary"
        if labelled and not wrapped and (not fields or ln.text[:1].isalpha()) and not in_summary:
            fields.append((labelled[0], [labelled[1]], ln.start, ln.end))
        elif fields:
            label, parts, start, _ = fields[-1]
            if ln.blank:
                parts.append("")
            else:
                parts.append(ln.text.strip())
            fields[-1] = (label, parts, start, ln.end if not ln.blank else fields[-1][3])
    folded = []
    for label, parts, start, stop_ in fields:
        paragraphs = "\n".join(parts).strip().split("\n\n")
        value = "\n\n".join(" ".join(p.split("\n")).strip() for p in paragraphs if p.strip())
        # FanFicFare's "Category" holds the fandoms (formats README §8).
        folded.append(("Fandom" if label.lower() == "category" else label, value, start, stop_))
        regions.append(region(text, start, stop_, "summary" if label.lower() == "summary" else "header", SOURCE))
    meta = apply_fields(meta, folded)
    if toc_at is not None:
        regions.append(region(text, toc_at.start, stop, "toc", SOURCE))

    if body_start is not None:
        regions.append(region(text, body_start, end, "body", SOURCE))
        for first, last in headings:
            regions.append(region(text, ls[first].start, ls[last].end, "heading", SOURCE))
    else:
        regions.append(region(text, label_stop, end, "body", SOURCE))
    return Parsed(format=NAME, meta=with_credits(meta), regions=tuple(r for r in regions if r is not None))
