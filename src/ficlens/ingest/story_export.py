"""Plain-text story exports: ``Title by Author`` and/or ``Label: value`` header blocks above the story.

Covers the seed's layout (eFiction printable pages), mailing-list and LiveJournal headers (``Title:``,
``Pairing:``, ``Disclaimer:`` …) and trailing ``A/N:`` end notes. See ``docs/ingest.md``.
"""

from __future__ import annotations

import dataclasses
import re

from ..model import Metadata, Note
from ..text.lines import Line, iter_blocks, lines, title_by_author
from .labels import LABELS, PROSE_FIELDS, apply_fields, match_label, normalise_label
from .parsed import Parsed, region, with_credits

NAME = "story-export"
SOURCE = "ingest.story-export@1"

_SEPARATOR = re.compile(r"^\s*(?:[*~=#_+-]\s*){3,}\s*$|^\s*(?:o0o|oOo|0o0|xXx)\s*$", re.IGNORECASE)
_END_NOTE = re.compile(r"^\s*(?:\*\*)?(?:a/n|author'?s?’?s? notes?|end notes?|notes?)\s*(?:\*\*)?\s*:", re.IGNORECASE)


def sniff(text: str) -> bool:
    head = [ln for ln in lines(text, 0, min(len(text), 4000)) if not ln.blank][:3]
    if not head:
        return False
    if title_by_author(head[0].text):
        return True
    labelled = [ln for ln in head if match_label(ln.text)]
    return len(labelled) >= 2 or (bool(labelled) and normalise_label(labelled[0].text.split(":")[0]) == "title")


def _field_kind(label: str) -> str:
    target, how = LABELS.get(normalise_label(label), ("extra", "text"))
    if how.startswith("note:"):
        return "notes"
    return "summary" if target == "summary" else "header"


def parse(text: str) -> Parsed:
    ls = lines(text)
    i = 0
    while i < len(ls) and ls[i].blank:
        i += 1
    meta = Metadata()
    regions = []
    first = ls[i]
    tb = title_by_author(first.text)
    if tb:
        meta = Metadata(title=tb[0], authors=(tb[1],))
        regions.append(region(text, first.start, first.end, "header", SOURCE))
        i += 1

    # Header fields: (label, value lines, start, end)
    fields: list[tuple[str, list[Line]]] = []
    blank_since = False
    body_start: int | None = None
    while i < len(ls):
        line = ls[i]
        if line.blank:
            blank_since = True
            i += 1
            continue
        labelled = match_label(line.text)
        if labelled:
            fields.append((labelled[0], [line]))
            blank_since = False
        elif _SEPARATOR.match(line.text) and fields:
            regions.append(region(text, line.start, line.end, "header", SOURCE))
            i += 1
            while i < len(ls) and ls[i].blank:
                i += 1
            body_start = ls[i].start if i < len(ls) else len(text)
            break
        elif fields and not blank_since:
            fields[-1][1].append(line)  # a continuation line of the last field
        else:
            body_start = line.start
            break
        i += 1
    if body_start is None:
        body_start = len(text)

    parsed_fields = []
    for label, flines in fields:
        start, end = flines[0].start, flines[-1].end
        first_value = match_label(flines[0].text)
        value_parts = ([first_value[1]] if first_value and first_value[1] else []) + [
            ln.text.strip() for ln in flines[1:]
        ]
        prose = LABELS.get(normalise_label(label), ("extra", ""))[0] in PROSE_FIELDS
        value = ("\n" if prose else " ").join(value_parts)
        # the value's own span (for notes): from the first value character to the field end
        vstart = (
            flines[0].start + flines[0].text.find(first_value[1])
            if first_value and first_value[1]
            else (flines[1].start if len(flines) > 1 else end)
        )
        parsed_fields.append((label, value, vstart, end))
        regions.append(region(text, start, end, _field_kind(label), SOURCE))
    meta = apply_fields(meta, parsed_fields)

    body_end = len(text)
    # Trailing author's notes: a last block starting with "A/N:" or "Author's Note:".
    blocks = list(iter_blocks([ln for ln in ls if ln.start >= body_start]))
    if len(blocks) > 1 and _END_NOTE.match(blocks[-1][0].text):
        last = blocks[-1]
        body_end = last[0].start
        note_text = _END_NOTE.sub("", "\n".join(ln.text.strip() for ln in last), count=1).strip()
        regions.append(region(text, last[0].start, last[-1].end, "end_notes", SOURCE))
        meta = dataclasses.replace(meta, notes=(*meta.notes, Note("end_notes", note_text, last[0].start, last[-1].end)))
    regions.append(region(text, body_start, body_end, "body", SOURCE))
    return Parsed(format=NAME, meta=with_credits(meta), regions=tuple(r for r in regions if r is not None))
