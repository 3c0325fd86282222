"""Structure: chapters, scenes, scene breaks and paragraphs inside the story's body regions.

How it decides (``docs/structure.md`` has the details and examples):

* Lines are grouped into blocks (runs of non-blank lines). A hard-wrapped text has one paragraph per block;
  an unwrapped text (most lines long) has one paragraph per line.
* A block of one or two short lines that reads as a heading (``Chapter 3``, ``Part II``, ``Prologue``) starts a
  chapter; ingest may mark headings itself (FanFicFare's indented titles), and then only those count.
  Headings with no story text before the next heading (a table of contents, a part title) start no chapter.
* A separator line (``***``, ``* * *``, ``~~~``, ``o0o``, a centred symbol) is a scene break; so is a run of
  blank lines longer than the text's usual gap between paragraphs (the seed's two blank lines).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from ..model import Chapter, Document, Paragraph, Region, Scene, SceneBreak
from ..text.headings import Heading, is_contents_label, is_markdown_heading, is_separator, parse_heading
from ..text.lines import Line, lines, strip_span
from ..text.outline import Outline, outline
from .base import Context, source_tag

_QUOTE = re.compile(r"[\"“”]")
NO_BLANK_LINE_BREAKS = frozenset({"fanficfare-txt"})


@dataclass
class _Unit:
    """A paragraph, heading or separator, with the number of blank lines before it."""

    kind: str  # "para", "heading", "separator", "subheading"
    start: int
    end: int
    gap: int
    heading: Heading | None = None
    title_end: int | None = None


@dataclass
class _Chapter:
    heading: _Unit | None
    units: list[_Unit] = field(default_factory=list)


def _is_unwrapped(ls: list[Line]) -> bool:
    """Whether paragraphs are written one per line (long lines) rather than hard-wrapped."""
    lengths = sorted(len(ln.text) for ln in ls if not ln.blank)
    if not lengths:
        return True
    # Hard-wrapped text has nearly all lines near one width (60-80 columns); unwrapped prose has long lines.
    long_lines = sum(1 for n in lengths if n > 100)
    return long_lines > 0.1 * len(lengths)


def _titled_heading(block: list[Line]) -> bool:
    """``CHAPTER I`` over a short title line (``The Return``) in one block."""
    second = block[1].text.strip()
    return (
        parse_heading(block[0].text) is not None
        and parse_heading(second) is None
        and len(second) <= 80
        and not second.endswith((".", "!", "?", '"', "”", "’", ","))
    )


def _is_heading_line(line: Line, known_headings: bool, marks: Outline) -> bool:
    return (
        (not known_headings and marks.heading(line) is not None)
        or is_contents_label(line.text)
        or line.start in marks.toc
    )


def _units(text: str, body: Region, heading_spans: list[Region], marks: Outline) -> list[_Unit]:
    ls = lines(text, body.start, body.end)
    unwrapped = _is_unwrapped(ls)
    known_headings = bool(heading_spans)
    out: list[_Unit] = []
    gap = 0
    i = 0
    while i < len(ls):
        ln = ls[i]
        if ln.blank:
            gap += 1
            i += 1
            continue
        # the block starting here
        j = i
        while j + 1 < len(ls) and not ls[j + 1].blank:
            j += 1
        block = ls[i : j + 1]
        if known_headings:
            hs = next((h for h in heading_spans if ln.start <= h.start < ln.end), None)
            if hs is not None:
                title = " ".join(text[hs.start : hs.end].split())
                heading = parse_heading(title) or Heading(number=None, title=title, kind="chapter")
                out.append(_Unit("heading", hs.start, hs.end, gap, heading=heading))
                k = i
                while k < len(ls) and ls[k].start < hs.end:
                    k += 1
                i, gap = k, 0
                continue
        if not known_headings and len(block) == 2 and _titled_heading(block) and marks.heading(block[0]):
            parsed = parse_heading(block[0].text)
            assert parsed is not None
            s, e = strip_span(text, block[0].start, block[-1].end)
            heading = Heading(parsed.number, f"{parsed.title}: {block[1].text.strip()}", parsed.kind)
            out.append(_Unit("heading", s, e, gap, heading=heading))
            i, gap = j + 1, 0
            continue
        per_line = unwrapped or len(block) == 1 or all(_is_heading_line(ln, known_headings, marks) for ln in block)
        for k, line in enumerate(block if per_line else block[:1]):
            end = line.end if per_line else block[-1].end
            s, e = strip_span(text, line.start, end)
            in_toc = line.start in marks.toc or line.start in marks.not_headings
            parsed = None if known_headings or not per_line or in_toc else marks.heading(line)
            if parsed is not None:
                whole = e if line.start in marks.headings else None  # a confirmed title takes no title line
                out.append(_Unit("heading", s, e, gap if k == 0 else 0, heading=parsed, title_end=whole))
                continue
            if per_line and is_separator(line.text) and not in_toc:
                kind = "separator"
            elif per_line and (in_toc or is_markdown_heading(line.text) or is_contents_label(line.text)):
                kind = "subheading"
            else:
                kind = "para"
            out.append(_Unit(kind, s, e, gap if k == 0 else 0))
        i, gap = j + 1, 0
    return out


def _absorb_heading_titles(units: list[_Unit], text: str) -> list[_Unit]:
    """``CHAPTER I`` followed by a short title line (``THE RETURN``) before the text: one heading."""
    out: list[_Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if (
            u.kind == "para"
            and prev is not None
            and prev.kind == "heading"
            and prev.title_end is None
            and ":" not in (prev.heading.title if prev.heading else ":")
            and "\n" not in text[u.start : u.end]
            and u.end - u.start <= 70
            and text[u.end - 1] not in ".!?\"”’'"
            and not _QUOTE.search(text[u.start : u.end])
            and (text[u.start : u.end].isupper() or text[u.start : u.end].istitle())
        ):
            assert prev.heading is not None
            title = f"{prev.heading.title}: {' '.join(text[u.start : u.end].split())}"
            prev.heading = Heading(prev.heading.number, title, prev.heading.kind)
            prev.end = u.end
            prev.title_end = u.end
            continue
        out.append(u)
    return out


def _chapters(units: list[_Unit]) -> list[_Chapter]:
    chapters: list[_Chapter] = [_Chapter(heading=None)]
    for u in units:
        if u.kind == "heading":
            chapters.append(_Chapter(heading=u))
        else:
            chapters[-1].units.append(u)
    # A heading with no story text before the next heading starts no chapter (a TOC entry, a part title).
    kept = [c for c in chapters if any(u.kind == "para" for u in c.units)]
    if not kept:
        return chapters[-1:]
    return kept


def _paragraph_gap(units: list[_Unit]) -> int:
    gaps = Counter(b.gap for a, b in pairwise(units) if a.kind == b.kind == "para")
    return gaps.most_common(1)[0][0] if gaps else 1


class StructureStage:
    """Chapters, scenes, scene breaks and paragraphs from the body regions ingest marked."""

    name: str = "structure"
    version: str = "2"  # the code version alone: this stage loads no resource
    requires: tuple[str, ...] = ("regions",)
    produces: tuple[str, ...] = ("chapters", "scenes", "scene_breaks", "paragraphs")
    languages: tuple[str, ...] = ("*",)  # lines, blank lines and headings: any language (headings are English)

    def __call__(self, doc: Document, ctx: Context) -> Document:
        src = source_tag(self)
        text = doc.text
        headings = [r for r in doc.regions if r.kind == "heading"]
        bodies = doc.body_regions()
        marks = Outline() if headings else outline([ln for b in bodies for ln in lines(text, b.start, b.end)])
        units: list[_Unit] = []
        for body in bodies:
            units += _absorb_heading_titles(_units(text, body, headings, marks), text)
        gap = _paragraph_gap(units)
        # FanFicFare's TXT writes <p>&nbsp;</p> as a line of spaces that its HTML and EPUB do not show: there, only
        # separator lines (its "* * *" for <hr>) break scenes, as in the same story's HTML and EPUB.
        blank_breaks = doc.source.format not in NO_BLANK_LINE_BREAKS
        threshold = max(gap + 1, 1)

        chapters: list[Chapter] = []
        scenes: list[Scene] = []
        breaks: list[SceneBreak] = []
        paragraphs: list[Paragraph] = []
        for c in _chapters(units):
            chapter_index = len(chapters)
            open_scene: list[_Unit] = []
            opened_by = "start"

            def close(open_scene: list[_Unit], opened_by: str, chapter_index: int = chapter_index) -> None:
                if not open_scene:
                    return
                idx = len(scenes)
                for p in open_scene:
                    paragraphs.append(Paragraph(p.start, p.end, source=src, scene=idx))
                scenes.append(
                    Scene(
                        open_scene[0].start, open_scene[-1].end, source=src, chapter=chapter_index, opened_by=opened_by
                    )
                )

            prev: _Unit | None = None
            for u in c.units:
                if u.kind == "separator":
                    breaks.append(SceneBreak(u.start, u.end, source=src, kind="separator"))
                    close(open_scene, opened_by)
                    open_scene, opened_by = [], "separator"
                elif u.kind == "para":
                    if prev is not None and prev.kind == "para" and open_scene and u.gap >= threshold and blank_breaks:
                        breaks.append(SceneBreak(prev.end, u.start, source=src, kind="blank-lines"))
                        close(open_scene, opened_by)
                        open_scene, opened_by = [], "blank-lines"
                    open_scene.append(u)
                prev = u
            close(open_scene, opened_by)
            paras = [u for u in c.units if u.kind == "para"]
            h = c.heading
            if not paras and h is None:
                continue  # a body with no story text at all (only separators)
            start = h.start if h else paras[0].start
            chapters.append(
                Chapter(
                    start,
                    paras[-1].end if paras else h.end,  # type: ignore[union-attr]
                    source=src,
                    number=h.heading.number if h and h.heading else None,
                    title=h.heading.title if h and h.heading else None,
                    heading_end=h.end if h else start,
                )
            )
        return doc.with_layers(chapters=chapters, scenes=scenes, scene_breaks=breaks, paragraphs=paragraphs)
