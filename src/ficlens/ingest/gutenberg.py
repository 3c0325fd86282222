"""Project Gutenberg plain texts (``../shared/formats/README.md`` §10).

The work is the text between the first START marker and the last END marker (or the ``End of the Project
Gutenberg EBook`` line), less the ``Produced by`` credits that often follow the start marker.
"""

from __future__ import annotations

import re

from ..model import Metadata
from ..text.lines import iter_blocks, lines
from .labels import apply_fields
from .parsed import Parsed, region

NAME = "gutenberg"
SOURCE = "ingest.gutenberg@1"

_START = re.compile(
    r"^.*(?:\*\s*START\s+OF\s+(?:THE|THIS)\s+PROJECT\s+GUTENBERG|\*END\*THE SMALL PRINT).*$",
    re.IGNORECASE | re.MULTILINE,
)
_END = re.compile(
    r"^.*(?:\*\s*END\s+OF\s+(?:THE|THIS)\s+PROJECT\s+GUTENBERG|^\s*End\s+of\s+(?:the\s+)?Project\s+Gutenberg).*$",
    re.IGNORECASE | re.MULTILINE,
)
_OLD_TITLE = re.compile(
    r"Project Gutenberg(?:'s|’s| EBook of| eBook of| Etext of|'s Etext of)\s+(?P<title>.+?),\s+by\s+(?P<author>[^\n]+)",
    re.IGNORECASE,
)
# 1990s headers: "The Project Gutenberg Etext of The Lamplighter by Agnes Wilde" (no comma; the last " by ")
_ETEXT_TITLE = re.compile(
    r"Project Gutenberg(?:'s|’s)?\s+(?:Etext|E-text|EBook|eBook)\s+of\s+(?P<title>[^\n]+)"
    r"\s+by\s+(?P<author>[^\n,]+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# Publishers' advertisements and catalogues after the story: back matter, not story.
_BACK_MATTER = re.compile(
    r"^\s*(?:(?:PUBLISHERS?['’]?\s+)?ADVERTISEMENTS?|BOOKS\s+BY\s+THE\s+SAME\s+AUTHOR|BY\s+THE\s+SAME\s+AUTHOR"
    r"|(?:A\s+)?(?:LIST|CATALOGUE|CATALOG)\s+OF\s+(?:NEW\s+)?(?:BOOKS|WORKS|PUBLICATIONS|NOVELS)[^\n]*"
    r"|NEW\s+(?:BOOKS|NOVELS|FICTION)\s+(?:PUBLISHED\s+)?BY[^\n]*|OTHER\s+BOOKS\s+BY[^\n]*)\.?\s*$",
    re.MULTILINE,
)
BACK_MATTER_FROM = 0.6  # advertisements are looked for in the last 40 % of the body
_FIELD = re.compile(
    r"^(Title|Author|Language|Release [Dd]ate|Translator|Editor|Illustrator):\s*(.+(?:\n {2,}\S.*)*)", re.M
)
_CREDITS = re.compile(r"^\s*(?:Produced by|E-text prepared by|Transcribed (?:from|by)|This e-?text was)", re.I)


def sniff(text: str) -> bool:
    return bool(_START.search(text, 0, min(len(text), 100_000)))


def _back_matter(text: str, start: int, end: int) -> int:
    """Where publishers' advertisements (``ADVERTISEMENTS``, ``BOOKS BY THE SAME AUTHOR`` …, upper case on a line
    of their own) begin in the last part of the body, else ``end``."""
    m = _BACK_MATTER.search(text, start + int(BACK_MATTER_FROM * (end - start)), end)
    return m.start() if m else end


def parse(text: str) -> Parsed:
    start_m = _START.search(text)
    assert start_m is not None
    header_end = start_m.end()
    ends = list(_END.finditer(text, header_end))
    body_end = ends[0].start() if ends else len(text)
    meta = header_metadata(text[: start_m.start()])
    body_start = header_end
    for block in iter_blocks(lines(text, header_end, body_end)):
        if _CREDITS.match(block[0].text):
            body_start = block[-1].end  # skip the credits paragraph
            continue
        break
    story_end = _back_matter(text, body_start, body_end)
    regions = [
        region(text, 0, body_start, "header", SOURCE),
        region(text, body_start, story_end, "body", SOURCE),
        region(text, story_end, body_end, "footer", SOURCE),
        region(text, body_end, len(text), "footer", SOURCE),
    ]
    return Parsed(format=NAME, meta=meta, regions=tuple(r for r in regions if r is not None))


def header_metadata(header: str) -> Metadata:
    """Title, author, language, dates … from a Gutenberg header: its ``Title:``/``Author:`` fields, else its
    first line (``The Project Gutenberg EBook of TITLE, by AUTHOR``, or the 1990s ``Etext of TITLE by AUTHOR``)."""
    fields = []
    for m in _FIELD.finditer(header):
        label = m.group(1)
        value = " ".join(m.group(2).split())
        if label == "Release date" or label == "Release Date":
            value = re.sub(r"\s*\[e-?book\s*#\d+\]", "", value, flags=re.I)
        fields.append((label, value, None, None))
    meta = apply_fields(Metadata(publisher="Project Gutenberg"), fields)
    if not meta.title:
        old = _OLD_TITLE.search(header) or _ETEXT_TITLE.search(header)
        if old:
            meta = apply_fields(meta, [("Title", old.group("title").strip(), None, None)])
            if not meta.authors:
                meta = apply_fields(meta, [("Author", old.group("author").strip(), None, None)])
    return meta
