"""What a format reader returns: metadata and regions over the decoded text."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..model import Metadata, Region, Style
from ..text.lines import strip_span
from . import credits


@dataclass(frozen=True)
class Parsed:
    """``text``: the stored text when the reader renders it (HTML, EPUB); None keeps the decoded file's text."""

    format: str
    meta: Metadata = field(default_factory=Metadata)
    regions: tuple[Region, ...] = ()
    text: str | None = None
    styles: tuple[Style, ...] = ()


def region(text: str, start: int, end: int, kind: str, source: str) -> Region | None:
    """A region trimmed of surrounding whitespace, or None when it would be empty."""
    start, end = strip_span(text, start, end)
    return Region(start, end, source=source, kind=kind) if end > start else None


def with_credits(meta: Metadata) -> Metadata:
    """Add beta readers and gift recipients credited in the notes (and dedications) to ``meta``."""
    betas = list(meta.beta_readers)
    gifts = list(meta.gift_recipients)
    for note in meta.notes:
        if note.kind in ("notes", "dedication", "acknowledgements", "end_notes", "chapter_notes"):
            betas += [n for n in credits.beta_readers(note.text) if n not in betas]
            gifts += [n for n in credits.gift_recipients(note.text) if n not in gifts]
    return dataclasses.replace(meta, beta_readers=tuple(betas), gift_recipients=tuple(gifts))
