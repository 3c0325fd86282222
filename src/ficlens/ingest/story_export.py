"""Plain-text and Markdown story exports: a title and author, ``Label: value`` (or ``**Label:**``) blocks, then the
story, with author's notes, disclaimers and teasers wherever authors put them.

Covers the seed's layout (eFiction printable pages), mailing-list and LiveJournal headers (``Title:``,
``Pairing:``, ``Disclaimer:`` …), Markdown exports (``# Title``, ``*by Author*``, ``## Chapter`` headings),
fanfiction.net-style downloads (``By: Author`` and the ``Rated: T - English - …`` info line), and notes at the
top, at each chapter's start or end, and at the end (``A/N:``, ``**Disclaimer:**``, ``BOOK 2 … COMING SOON``).
See ``docs/ingest.md`` (*Story exports*).
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from ..model import Metadata, Note, Region
from ..text.headings import is_separator, parse_heading
from ..text.lines import Line, iter_blocks, lines, title_by_author
from ..text.outline import Outline, markdown_level, outline, plain_title
from .labels import LABELS, PROSE_FIELDS, apply_fields, match_label, normalise_label, split_authors
from .parsed import Parsed, region, with_credits

NAME = "story-export"
SOURCE = "ingest.story-export@2"

_SEPARATOR = re.compile(r"^\s*(?:[*~=#_+-]\s*){3,}\s*$|^\s*(?:o0o|oOo|0o0|xXx)\s*$", re.IGNORECASE)
_BY = re.compile(r"^(?:written\s+)?by:?\s+(?P<author>\S.{0,100}?)$", re.IGNORECASE)
_SENTENCE_END = (".", "?", "!", "”", '"', ",", ";", ":")
_NAME_WORD = re.compile(r"^(?:[A-Z0-9@][\w'’.-]*|[a-z0-9_.-]*[\d_][\w.-]*|(?:de|van|von|da|del|la|le)\b)$")
_TEASER = re.compile(
    r"\b(?:coming\s+(?:soon|next|this|in|on|out|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)"
    r"|sequel\b|to\s+be\s+continued\s+in\b|next\s+(?:book|instal+ment)\b|sneak\s+peek\b|teaser\b)",
    re.IGNORECASE,
)
_FFN_KEYS = {"rated", "chapters", "words", "reviews", "favs", "follows", "updated", "published", "status", "id"}
_FFN_GENRES = (
    "General Romance Humor Drama Poetry Adventure Mystery Horror Parody Angst Supernatural Suspense Sci-Fi Fantasy "
    "Spiritual Tragedy Western Crime Family Hurt/Comfort Friendship"
).split()
_FFN_GENRE = re.compile(
    rf"^(?:{'|'.join(map(re.escape, _FFN_GENRES))})(?:/(?:{'|'.join(map(re.escape, _FFN_GENRES))}))*$"
)
MAX_LEAD_NOTES = 3  # note blocks read at a chapter's start
TAIL_BLOCKS = 3  # a chapter's last blocks where an end note may start


def _unwrap(line: str) -> str:
    """A line without the emphasis that wraps it (``*A/N: …*``, ``_Disclaimer: …_``)."""
    return re.sub(r"^\s*[*_]{1,2}(?=[A-Za-z])|(?<=[\w.!?)])[*_]{1,2}\s*$", "", line)


def _label(line: str) -> tuple[str, str] | None:
    return match_label(_unwrap(line)) or match_label(line)


def _note_kind(line: str) -> str | None:
    """The note kind a note-label line opens (``A/N:`` → ``notes``, ``**Disclaimer:**`` → ``disclaimer``)."""
    lab = _label(line)
    if not lab:
        return None
    _target, how = LABELS.get(normalise_label(lab[0]), ("extra", "text"))
    return how.split(":", 1)[1] if how.startswith("note:") else None


def _field_kind(label: str) -> str:
    target, how = LABELS.get(normalise_label(label), ("extra", "text"))
    if how.startswith("note:"):
        return "notes"
    return "summary" if target == "summary" else "header"


def _is_plain_line(line: str) -> bool:
    """A short line that is no label, heading, separator or sentence: a title or an author's name."""
    t = plain_title(line)
    return (
        0 < len(t) <= 100
        and not t.endswith(_SENTENCE_END)
        and not _label(line)
        and parse_heading(t) is None
        and not is_separator(line)
    )


def _is_name(line: str) -> bool:
    words = plain_title(line).split()
    return 0 < len(words) <= 4 and _is_plain_line(line) and all(_NAME_WORD.match(w) for w in words)


def _by_line(line: str) -> str | None:
    m = _BY.match(plain_title(line))
    if not m:
        return None
    author = m.group("author").strip()
    return None if author.endswith(_SENTENCE_END) or len(author.split()) > 6 else author


def _header_material(line: Line | None) -> bool:
    if line is None:
        return True
    t = line.text
    return bool(_label(t) or is_separator(t) or parse_heading(plain_title(t)) or markdown_level(t))


def title_lines(text: str, nonblank: list[Line]) -> tuple[str, tuple[str, ...], int] | None:
    """``(title, authors, lines used)`` from the top of an export: ``Title by Author``; a title over a ``by
    Author`` line; a title over a name line when header matter follows; or a lone Markdown ``# Title``."""
    if not nonblank:
        return None
    first = nonblank[0].text
    second = nonblank[1].text if len(nonblank) > 1 else ""
    tb = title_by_author(plain_title(first)) if not _label(first) else None
    if tb:
        return tb[0], split_authors(tb[1]), 1
    if not _is_plain_line(first):
        return None
    title = plain_title(first)
    author = _by_line(second) if second else None
    if author:
        return title, split_authors(author), 2
    if second and _is_name(second) and _header_material(nonblank[2] if len(nonblank) > 2 else None):
        return title, (plain_title(second),), 2
    md = markdown_level(first)
    if md and not re.compile(rf"^ {{0,3}}#{{1,{md[0]}}}\s+\S", re.MULTILINE).search(text, nonblank[0].end):
        return title, (), 1
    return None


def sniff(text: str) -> bool:
    head = [ln for ln in lines(text, 0, min(len(text), 4000)) if not ln.blank][:3]
    if not head:
        return False
    if title_lines(text[: min(len(text), 4000)], head) or title_by_author(head[0].text):
        return True
    labelled = [ln for ln in head if _label(ln.text)]
    if len(labelled) >= 2:
        return True
    return bool(labelled) and normalise_label(_label(labelled[0].text)[0]) == "title"  # type: ignore[index]


def _ffn_fields(value: str) -> list[tuple[str, str]] | None:
    """fanfiction.net's info line (``T - English - Romance/Drama - [Ana, Ben] Cal - Chapters: 3 - Words: …``)."""
    parts = [p.strip() for p in re.split(r"\s+-\s+", value) if p.strip()]
    labelled = [p for p in parts if ":" in p and p.split(":", 1)[0].strip().lower() in _FFN_KEYS]
    if len(labelled) < 2:
        return None
    out: list[tuple[str, str]] = [("Rated", parts[0])]
    plain = [p for p in parts[1:] if p not in labelled]
    if plain:
        out.append(("Language", plain.pop(0)))
    if plain and _FFN_GENRE.match(plain[0]):
        out.append(("Genre", ", ".join(_genres(plain.pop(0)))))
    for p in plain:
        pairs = re.findall(r"\[([^\]]+)\]", p)
        out += [("Pairing", "/".join(x.strip() for x in pair.split(","))) for pair in pairs]
        names = [n.strip() for n in re.sub(r"[\[\]]", ",", p).split(",") if n.strip()]
        out.append(("Characters", ", ".join(names)))
    for p in labelled:
        key, val = (x.strip() for x in p.split(":", 1))
        out.append(
            ({"id": "FFN id", "favs": "Favs", "follows": "Follows", "reviews": "Reviews"}.get(key.lower(), key), val)
        )
    return out


def _genres(value: str) -> list[str]:
    """``Hurt/Comfort/Drama`` → ``["Hurt/Comfort", "Drama"]``."""
    out: list[str] = []
    rest = value
    while rest:
        g = next(g for g in sorted(_FFN_GENRES, key=len, reverse=True) if rest.startswith(g))
        out.append(g)
        rest = rest[len(g) :].lstrip("/")
    return out


@dataclasses.dataclass
class _Header:
    meta: Metadata
    regions: list[Region | None]
    body_start: int


def _header(text: str, ls: list[Line]) -> _Header:
    i = 0
    while i < len(ls) and ls[i].blank:
        i += 1
    meta = Metadata()
    regions: list[Region | None] = []
    nonblank = [ln for ln in ls[i : i + 40] if not ln.blank]
    found = title_lines(text, nonblank)
    if found:
        title, authors, used = found
        meta = Metadata(title=title, authors=authors)
        last = nonblank[used - 1]
        regions.append(region(text, nonblank[0].start, last.end, "header", SOURCE))
        i = last.number + 1

    fields: list[tuple[str, list[Line]]] = []
    blank_since = False
    body_start: int | None = None
    while i < len(ls):
        line = ls[i]
        if line.blank:
            blank_since = True
            i += 1
            continue
        labelled = _label(line.text)
        if labelled:
            fields.append((labelled[0], [line]))
            blank_since = False
        elif _SEPARATOR.match(line.text) and (fields or found):
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

    parsed_fields: list[tuple[str, str, int | None, int | None]] = []
    for label, flines in fields:
        start, end = flines[0].start, flines[-1].end
        first_value = _label(flines[0].text)
        value_parts = ([first_value[1]] if first_value and first_value[1] else []) + [
            _unwrap(ln.text).strip() for ln in flines[1:]
        ]
        prose = LABELS.get(normalise_label(label), ("extra", ""))[0] in PROSE_FIELDS
        value = ("\n" if prose else " ").join(value_parts)
        vstart = (
            flines[0].start + flines[0].text.find(first_value[1])
            if first_value and first_value[1]
            else (flines[1].start if len(flines) > 1 else end)
        )
        ffn = _ffn_fields(value) if normalise_label(label) in ("rated", "rating") else None
        if ffn:
            parsed_fields += [(k, v, None, None) for k, v in ffn]
        else:
            parsed_fields.append((label, value, vstart, end))
        regions.append(region(text, start, end, _field_kind(label), SOURCE))
    return _Header(apply_fields(meta, parsed_fields), regions, body_start)


# ---------------------------------------------------------------------------------------------- notes in the body


def _blocks(ls: list[Line], heads: frozenset[int]) -> list[list[Line]]:
    """Runs of non-blank lines, with each heading line a block of its own."""
    out: list[list[Line]] = []
    for block in iter_blocks(ls):
        cur: list[Line] = []
        for ln in block:
            if ln.start in heads:
                if cur:
                    out.append(cur)
                out.append([ln])
                cur = []
            else:
                cur.append(ln)
        if cur:
            out.append(cur)
    return out


def heading_starts(ls: list[Line], marks: Outline) -> frozenset[int]:
    """The starts of the lines that are chapter headings (``text.outline``'s rule)."""
    return frozenset(ln.start for ln in ls if len(ln.text) <= 160 and marks.heading(ln) is not None)


@dataclasses.dataclass(frozen=True)
class _NoteSpan:
    kind: str  # the Note kind
    blocks: tuple[tuple[Line, ...], ...]


def _note_text(blocks: tuple[tuple[Line, ...], ...]) -> str:
    paras = []
    for n, block in enumerate(blocks):
        first = _label(block[0].text) if n == 0 else None
        head = [first[1]] if first else [_unwrap(block[0].text).strip()]
        paras.append("\n".join(p for p in head + [_unwrap(ln.text).strip() for ln in block[1:]] if p))
    return "\n\n".join(p for p in paras if p)


def _chapter_notes(
    segment: list[list[Line]], chapter: int | None, last: bool
) -> tuple[list[_NoteSpan], list[_NoteSpan]]:
    """The notes at the start and at the end of one chapter's blocks."""
    lead: list[_NoteSpan] = []
    k = 0
    while k < min(len(segment), MAX_LEAD_NOTES) and (kind := _note_kind(segment[k][0].text)):
        if kind == "notes" or kind == "end_notes":
            kind = "chapter_notes" if chapter else "notes"
        lead.append(_NoteSpan(kind, (tuple(segment[k]),)))
        k += 1
    tail: list[_NoteSpan] = []
    for t in range(max(k, len(segment) - TAIL_BLOCKS), len(segment)):
        kind = _note_kind(segment[t][0].text)
        teaser = last and _is_teaser(segment[t])
        if kind or teaser:
            if kind in (None, "notes", "end_notes"):
                kind = "end_notes" if last else ("chapter_end_notes" if chapter else "notes")
            tail.append(_NoteSpan(kind, tuple(tuple(b) for b in segment[t:])))  # type: ignore[arg-type]
            break
    return lead, tail


def _is_teaser(block: list[Line]) -> bool:
    """A short block announcing more to come: ``BOOK 2: THE EMBER CROWN … COMING OCTOBER 3RD``, ``Sequel: …``."""
    t = " ".join(ln.text.strip() for ln in block)
    return len(t) <= 200 and bool(_TEASER.search(t)) and (t.upper() == t or bool(_TEASER.search(t[:40])))


def _segments(blocks: list[list[Line]], heads: frozenset[int]) -> list[tuple[list[Line] | None, list[list[Line]]]]:
    segments: list[tuple[list[Line] | None, list[list[Line]]]] = [(None, [])]
    for b in blocks:
        if len(b) == 1 and b[0].start in heads:
            segments.append((b, []))
        else:
            segments[-1][1].append(b)
    return [s for s in segments if s[0] is not None or s[1]]


def _teaser_segment(segment: tuple[list[Line] | None, list[list[Line]]]) -> bool:
    """A last "chapter" that is only a teaser: ``BOOK 2`` over ``COMING OCTOBER 3RD``."""
    heading, blocks = segment
    chars = sum(ln.end - ln.start for b in blocks for ln in b)
    return heading is not None and chars < 600 and len(blocks) <= 4 and any(_is_teaser(b) for b in blocks)


def body_notes(ls: list[Line], heads: frozenset[int]) -> list[_NoteSpan]:
    """Author's notes, disclaimers and teasers among the story's lines (``heads``: its heading lines' starts),
    each with its Note kind."""
    segments = _segments(_blocks(ls, heads), heads)
    notes: list[_NoteSpan] = []
    chapter = 0
    for n, (heading, blocks) in enumerate(segments):
        last = n == len(segments) - 1
        if last and n > 0 and _teaser_segment((heading, blocks)):
            notes.append(_NoteSpan("end_notes", (tuple(heading or []), *(tuple(b) for b in blocks))))
            continue
        if heading is not None:
            chapter += 1
        lead, tail = _chapter_notes(blocks, chapter or None, last)
        notes += lead + tail
    return notes


def parse(text: str) -> Parsed:
    ls = lines(text)
    head = _header(text, ls)
    meta, regions = head.meta, head.regions
    body_ls = [ln for ln in ls if ln.start >= head.body_start]
    cut = head.body_start
    chapters = 0
    new_notes: list[Note] = []
    heads = heading_starts(body_ls, outline(body_ls))
    headings = sorted(heads)
    for span in body_notes(body_ls, heads):
        start, end = span.blocks[0][0].start, span.blocks[-1][-1].end
        regions.append(region(text, cut, start, "body", SOURCE))
        chapters = bisect.bisect_left(headings, start) or None  # type: ignore[assignment]
        per_chapter = span.kind.startswith("chapter_") or span.kind in ("disclaimer",)
        new_notes.append(
            Note(span.kind, _note_text(span.blocks), start, end, chapter=chapters if per_chapter else None)
        )
        kind = (
            "chapter_notes"
            if span.kind.startswith("chapter_")
            else ("end_notes" if span.kind == "end_notes" else "notes")
        )
        regions.append(region(text, start, end, kind, SOURCE))
        cut = end
    regions.append(region(text, cut, len(text), "body", SOURCE))
    meta = dataclasses.replace(meta, notes=(*meta.notes, *new_notes))
    return Parsed(format=NAME, meta=with_credits(meta), regions=tuple(r for r in regions if r is not None))
