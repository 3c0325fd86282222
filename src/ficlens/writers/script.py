"""The script export (``--format script``): the work as lines to be read aloud, one row per line.

A line is a chapter heading, a stretch of narration or a quotation; each paragraph is split into its narration
and quotation pieces in text order. Each row says who speaks it (the quotation's speaker, ``Narrator`` for
narration and headings, ``Unknown`` for a quotation without one), to whom, the speaker's pronouns and how sure
the attribution is (``Quote.score``). Written twice: ``STEM.script.csv`` and ``STEM.script.jsonl``
(``docs/outputs.md``, *Script*, with a recipe for voicing it).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..model import Document
from ..model.records import Chapter, Quote
from . import write_atomic
from .common import label, scene_index, scene_of_offsets, story_paragraphs

NARRATOR = "Narrator"
UNKNOWN = "Unknown"


@dataclass(frozen=True, slots=True)
class ScriptLine:
    """One line of the script (``kind``: ``heading``, ``narration`` or ``quote``)."""

    line: int
    kind: str
    speaker: str
    speaker_id: int | None  # characters[N]; None for narration, headings and unknown speakers
    gender: str  # the speaker's pronouns ("she/her" …); "" when there is no speaker character
    addressees: tuple[str, ...]
    addressee_ids: tuple[int, ...]
    score: float | None  # the attribution's score (Quote.score); None for narration
    method: str  # what decided the speaker (Quote.method); "" for narration
    quote: int | None  # index into the JSON's quotes layer
    chapter: int  # index into chapters (0 when the work has none)
    chapter_title: str
    scene: int  # index into scenes
    paragraph: int | None  # index into paragraphs (None for a heading)
    start: int
    end: int
    text: str  # the line's text, whitespace made single spaces


COLUMNS = tuple(ScriptLine.__dataclass_fields__)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _speaks(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    kind: str
    paragraph: int | None
    quote: int | None = None
    chapter: int | None = None  # a heading's chapter (others: the chapter of their scene)


def _pieces(doc: Document) -> Iterator[_Piece]:
    """Headings, narration and quotations in text order."""
    quotes = sorted(enumerate(doc.layer("quotes")), key=lambda iq: iq[1].start) if doc.has("quotes") else []
    chapters: list[Chapter] = list(doc.layer("chapters")) if doc.has("chapters") else []
    paragraph_index = (
        {(p.start, p.end): i for i, p in enumerate(doc.layer("paragraphs"))} if doc.has("paragraphs") else {}
    )
    headings = [(i, c) for i, c in enumerate(chapters) if c.heading_end is not None and c.heading_end > c.start]
    qi = 0
    cursor = 0
    for p in story_paragraphs(doc):
        while headings and headings[0][1].start <= p.start:
            i, h = headings.pop(0)
            yield _Piece(h.start, h.heading_end or h.start, "heading", None, chapter=i)
        pi = paragraph_index.get((p.start, p.end))
        cursor = max(cursor, p.start)
        while qi < len(quotes) and quotes[qi][1].end <= p.start:
            qi += 1  # quotations outside the story's paragraphs
        while qi < len(quotes) and quotes[qi][1].start < p.end:
            i, q = quotes[qi]
            if q.start > cursor:
                yield _Piece(cursor, q.start, "narration", pi)
            yield _Piece(q.start, q.end, "quote", pi, i)
            cursor = max(cursor, q.end)
            qi += 1
        if cursor < p.end:
            yield _Piece(cursor, p.end, "narration", pi)
            cursor = p.end


def script_lines(doc: Document) -> list[ScriptLine]:
    """The work as script lines (see the module's docstring)."""
    chapters = list(doc.layer("chapters")) if doc.has("chapters") else []
    chars = doc.layer("characters") if doc.has("characters") else ()
    quotes: tuple[Quote, ...] = doc.layer("quotes") if doc.has("quotes") else ()
    starts, chapter_of = scene_of_offsets(doc)
    out: list[ScriptLine] = []
    for piece in _pieces(doc):
        text = doc.text[piece.start : piece.end]
        if not _speaks(text):
            continue
        scene = scene_index(starts, piece.start)
        chapter = chapter_of[scene] if chapter_of else 0
        if piece.chapter is not None:  # a heading: its chapter, and that chapter's first scene
            chapter = piece.chapter
            scene = next((k for k, ch in enumerate(chapter_of) if ch == chapter), scene)
        title = (chapters[chapter].title or "") if 0 <= chapter < len(chapters) else ""
        speaker, gender, method = NARRATOR, "", ""
        sid: int | None = None
        score: float | None = None
        addressees: tuple[int, ...] = ()
        if piece.quote is not None:
            q = quotes[piece.quote]
            known = 0 <= q.speaker < len(chars)
            speaker = label(doc, q.speaker) if known else UNKNOWN
            sid = q.speaker if known else None
            gender = chars[q.speaker].gender if known else ""
            score, method = q.score, q.method
            addressees = tuple(a for a in q.addressees if 0 <= a < len(chars))
        out.append(
            ScriptLine(
                line=len(out), kind=piece.kind, speaker=speaker, speaker_id=sid, gender=gender,
                addressees=tuple(label(doc, a) for a in addressees), addressee_ids=addressees, score=score,
                method=method, quote=piece.quote, chapter=chapter, chapter_title=title, scene=scene,
                paragraph=piece.paragraph, start=piece.start, end=piece.end, text=_clean(text),
            )
        )  # fmt: skip
    return out


def to_csv(lines: list[ScriptLine]) -> str:
    """CSV with a header (RFC 4180 quoting); lists are joined with "; ", absent values are empty cells."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for line in lines:
        row = asdict(line)
        row["addressees"] = "; ".join(line.addressees)
        row["addressee_ids"] = "; ".join(map(str, line.addressee_ids))
        w.writerow("" if row[c] is None else row[c] for c in COLUMNS)
    return buf.getvalue()


def to_jsonl(lines: list[ScriptLine]) -> str:
    """One JSON object per line (lists as lists, absent values as null)."""
    return "".join(json.dumps(asdict(line), ensure_ascii=False) + "\n" for line in lines)


def write(doc: Document, out_dir: Path, stem: str) -> list[Path]:
    lines = script_lines(doc)
    return [
        write_atomic(out_dir / f"{stem}.script.csv", to_csv(lines)),
        write_atomic(out_dir / f"{stem}.script.jsonl", to_jsonl(lines)),
    ]
