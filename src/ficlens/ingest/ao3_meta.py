"""AO3 metadata: the preface's ``dl.tags`` rows, the Stats line, series, and the OPF fill-ins of AO3 EPUBs.

Everything here follows ``../shared/formats/README.md`` §1–§3. The tag list is read by label (singular or plural,
compared case-insensitively after whitespace is collapsed) and, when a row has no label, by its position and its
values; a label no AO3 era ever wrote goes to ``Metadata.extra`` as it stands. Stats are read by key, so both
orders (``Chapters`` before ``Words`` before 2023-04, after since) and both number styles (``12345``, ``12,345``)
read the same; a value that is not a number or a date is left None and kept in ``extra``.
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..model import Metadata
from .html import children, parse_html, tag_of, text_of
from .package import Package

PUBLISHER = "Archive of Our Own"

# normalised dt label -> Metadata field ("stats" and "series" are read specially)
LABELS: dict[str, str] = {
    "rating": "rating",
    "ratings": "rating",
    "archive warning": "warnings",
    "archive warnings": "warnings",
    "warning": "warnings",
    "warnings": "warnings",
    "category": "categories",
    "categories": "categories",
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "relationship": "relationships",
    "relationships": "relationships",
    "character": "characters",
    "characters": "characters",
    "additional tag": "freeform",
    "additional tags": "freeform",
    "freeform": "freeform",
    "language": "language",
    "series": "series",
    "collection": "collections",
    "collections": "collections",
    "stats": "stats",
}
# the rows in AO3's display order (tag types, then Language, Series, Collections, Stats): the position fallback
ORDER = (
    "rating", "warnings", "categories", "fandoms", "relationships", "characters", "freeform",
    "language", "series", "collections", "stats",
)  # fmt: skip
TAG_FIELDS = ("warnings", "categories", "fandoms", "relationships", "characters", "freeform", "collections")

RATINGS = frozenset(["General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated"])
WARNINGS = frozenset(
    [
        "No Archive Warnings Apply",
        "Choose Not To Use Archive Warnings",
        "Creator Chose Not To Use Archive Warnings",
        "Graphic Depictions Of Violence",
        "Major Character Death",
        "Rape/Non-Con",
        "Underage",
        "Underage Sex",
    ]
)
CATEGORIES = frozenset(["Gen", "F/M", "M/M", "F/F", "Multi", "Other"])
# the raw name a subject carries -> the display name the preface shows (README §1)
_DISPLAY = {"Choose Not To Use Archive Warnings": "Creator Chose Not To Use Archive Warnings"}

_WS = re.compile(r"\s+")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^(?:\d{1,3}(?:[,.\u00a0\u202f]\d{3})+|\d+)$")
_CHAPTERS = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)/(\d{1,3}(?:,\d{3})+|\d+|\?)$")
_STAT = re.compile(r"([A-Za-z][A-Za-z ]{0,30}?)\s*:\s*(\S*)")
_PART_OF = re.compile(r"Part\s+(\d[\d,]*)\s+of\s*$", re.IGNORECASE)
_SERIES_TEXT = re.compile(r"Part\s+(\d[\d,]*)\s+of\s+(.+?)(?=,\s*Part\s+\d|$)", re.IGNORECASE)
WORK_URL = re.compile(r"(https?://(?:www\.)?archiveofourown\.org/works/(\d+))")


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces (real downloads put newlines and indentation inside dd and h2)."""
    return _WS.sub(" ", text).strip()


def normalise_label(label: str) -> str:
    """``"Archive  Warnings:"`` -> ``"archive warnings"``."""
    return collapse(label).rstrip(":").strip().lower()


def to_int(value: str) -> int | None:
    """``12,345`` / ``12345`` -> 12345; anything else None."""
    value = value.strip()
    if not _NUMBER.match(value):
        return None
    return int(re.sub(r"\D", "", value))


@dataclass
class Row:
    """One ``dt``/``dd`` pair of the tag list: the label as written and the dd element."""

    label: str
    dd: Any

    @property
    def text(self) -> str:
        return text_of(self.dd)


@dataclass
class TagList:
    """What the preface's tag list says, before it is folded into :class:`Metadata`."""

    fields: dict[str, object] = field(default_factory=dict)
    lines: list[tuple[str, str]] = field(default_factory=list)  # (label, value) to write into the header
    extra: list[tuple[str, str]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # the Metadata fields a row gave (even empty)


def rows(dl: Any) -> list[Row]:
    """The dt/dd pairs of a ``dl`` in order; a dd with no dt before it has the label ``""``."""
    out: list[Row] = []
    label: str | None = None
    for el in children(dl):
        tag = tag_of(el)
        if tag == "dt":
            label = text_of(el)
        elif tag == "dd":
            out.append(Row(label or "", el))
            label = None
    return out


def tag_values(dd: Any) -> tuple[str, ...]:
    """The tags of a dd: the text of each ``<a>`` (a tag name cannot hold a comma), else its text split on commas."""
    links = [collapse(text_of(a)) for a in dd.iter() if tag_of(a) == "a"]
    links = [t for t in links if t]
    if links:
        return tuple(dict.fromkeys(links))
    return tuple(dict.fromkeys(t.strip() for t in text_of(dd).split(",") if t.strip()))


def series_values(dd: Any) -> tuple[tuple[str, int | None], ...]:
    """``Part 2 of <a>A</a>, Part 1 of <a>B</a>`` -> ``(("A", 2), ("B", 1))``."""
    out: list[tuple[str, int | None]] = []
    before = dd.text or ""
    for child in children(dd):
        if tag_of(child) == "a":
            name = collapse(text_of(child))
            m = _PART_OF.search(collapse(before))
            if name:
                out.append((name, to_int(m.group(1)) if m else None))
            before = child.tail or ""
        else:
            before += text_of(child) + (child.tail or "")
    if out:
        return tuple(out)
    for m in _SERIES_TEXT.finditer(text_of(dd)):
        out.append((m.group(2).strip(), to_int(m.group(1))))
    return tuple(out)


def _guess(row: Row, last: int) -> str | None:
    """The field of a row with no label: by its values, else the next tag row in display order."""
    text = row.text
    values = tag_values(row.dd)
    if text.startswith("Published") or re.search(r"\bWords\s*:", text):
        return "stats"
    if re.match(r"Part\s+\d", text):
        return "series"
    if values and all(v in RATINGS for v in values):
        return "rating"
    if values and all(v in WARNINGS for v in values):
        return "warnings"
    if values and all(v in CATEGORIES for v in values):
        return "categories"
    for name in ORDER[last + 1 :]:
        if name in ("fandoms", "relationships", "characters", "freeform"):
            return name
    return None


def read_tags(dl: Any) -> TagList:
    """Read a preface tag list (``dl.tags``; ``dl.message`` or an unclassed dl after Calibre)."""
    out = TagList()
    last = -1
    for row in rows(dl):
        raw = collapse(row.label).rstrip(":").strip()
        key = normalise_label(row.label)
        name = LABELS.get(key) if key else _guess(row, last)
        if name is None:
            value = row.text
            if value:
                out.extra.append((raw or "Unlabelled", value))
                out.lines.append((raw or "Unlabelled", value))
            continue
        last = max(last, ORDER.index(name))
        label = raw or name.capitalize()
        out.seen.add(name)
        if name == "rating":
            values = tag_values(row.dd)
            if values:
                out.fields["rating"] = ", ".join(values)
            out.lines.append((label, ", ".join(values)))
        elif name in TAG_FIELDS:
            values = tag_values(row.dd)
            prev = out.fields.get(name, ())
            out.fields[name] = tuple(dict.fromkeys((*prev, *values)))  # type: ignore[misc]
            out.lines.append((label, ", ".join(values)))
        elif name == "language":
            if row.text:
                out.fields["language"] = row.text
            out.lines.append((label, row.text))
        elif name == "series":
            series = series_values(row.dd)
            if series:
                out.fields["all_series"] = series
                out.fields["series"], out.fields["series_part"] = series[0]
            else:
                out.extra.append((label, row.text))
            out.lines.append((label, row.text))
        else:  # stats
            fields, extra = read_stats(row.text)
            out.fields.update(fields)
            out.extra += extra
            out.lines.append((label, row.text))
    return out


def read_stats(text: str) -> tuple[dict[str, object], list[tuple[str, str]]]:
    """The Stats dd: ``Published: D [Updated|Completed: D] Words: N Chapters: P/E [Comments|Kudos|…: N]``.

    Returns the Metadata fields it sets and the ``(key, value)`` pairs it could not read (for ``extra``).
    ``updated`` is the revised date whether AO3 calls it Updated or Completed (as FanFicFare reads it);
    ``completed`` is set only for Completed. Status: P = E is Completed, P < E or ``?`` In-Progress; with no
    Chapters (a one-chapter work before 2023-04) an ``Updated`` date means In-Progress, else Completed.
    """
    text = collapse(text)
    fields: dict[str, object] = {}
    extra: list[tuple[str, str]] = []
    found = False
    for m in _STAT.finditer(text):
        key, value = m.group(1).strip(), m.group(2).strip().rstrip(",;")
        k = key.lower()
        found = True
        if k in ("published", "updated", "completed"):
            if _DATE.match(value):
                fields[k] = value
            else:
                extra.append((key, value))
        elif k in ("words", "kudos", "hits", "bookmarks", "comments"):
            number = to_int(value)
            if number is None:
                extra.append((key, value))
            else:
                fields[k] = number
        elif k == "chapters":
            cm = _CHAPTERS.match(value)
            if cm:
                fields["chapters"] = value
                fields["chapters_posted"] = to_int(cm.group(1))
                fields["chapters_expected"] = None if cm.group(2) == "?" else to_int(cm.group(2))
            else:
                extra.append((key, value))
        else:
            extra.append((key, value))
    if not found:
        if text:
            extra.append(("Stats", text))
        return fields, extra
    if "completed" in fields:
        fields["updated"] = fields["completed"]
    posted, expected = fields.get("chapters_posted"), fields.get("chapters_expected")
    if posted is not None:
        fields["status"] = "Completed" if expected is not None and posted == expected else "In-Progress"
    elif "updated" in fields and "completed" not in fields:
        fields["status"] = "In-Progress"
    elif "published" in fields:
        fields["status"] = "Completed"
    return fields, extra


def byline_authors(el: Any) -> tuple[tuple[str, ...], str | None]:
    """The creators of a byline (``by <a rel="author">A</a>, <a>B</a>``) and the first one's URL.

    Link texts are the names (``pseud (login)`` stays as AO3 writes it); a byline with no links (``by Anonymous``)
    is split on commas."""
    links = [a for a in el.iter() if tag_of(a) == "a" and text_of(a)]
    authored = [a for a in links if "author" in (a.get("rel") or "").split()] or links
    if authored:
        return tuple(dict.fromkeys(text_of(a) for a in authored)), authored[0].get("href") or None
    text = re.sub(r"^\s*by\s+", "", text_of(el), flags=re.IGNORECASE)
    return tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip())), None


def html_to_text(value: str) -> str:
    """A dc:description (plain, HTML, or HTML escaped once more as Calibre 6.13 stores it) as plain paragraphs."""
    if "&lt;" in value or "&amp;" in value:
        value = html_lib.unescape(value)
    if not re.search(r"<[A-Za-z/!]", value):
        return value.strip()
    from .html import HtmlError, TextBuilder  # local: only descriptions with markup need it

    try:
        root = parse_html(f"<html><body>{value}</body></html>")
    except HtmlError:
        return re.sub(r"<[^>]*>", "", value).strip()
    b = TextBuilder()
    b.render(root)
    return b.finish()[0].strip()


def fill_from_opf(meta: Metadata, pkg: Package, *, calibre: bool, body_tags: TagList | None) -> Metadata:
    """Fill what the body did not give from the OPF (README §3): title, creators, description, language,
    calibre:series/series_index, dc:date (the revised date in a Calibre EPUB, the first published date in a
    pre-2019 one), the work URL (the identifier of a pre-2019 EPUB) and the subjects (``Fanworks`` + every tag,
    untyped). Subjects are used only for rows the preface lacks: a hidden Archive Warning or Additional Tags row
    (a downloader preference before 2019), or the whole list when there is no tag list at all."""
    up: dict[str, object] = {}
    titles, creators = pkg.meta("title"), pkg.meta("creator")
    if meta.title is None and titles:
        up["title"] = titles[0]
    if not meta.authors and creators:
        up["authors"] = tuple(dict.fromkeys(t.strip() for c in creators for t in c.split(",") if t.strip()))
    desc = pkg.meta("description")
    if meta.summary is None and desc:
        up["summary"] = html_to_text(desc[0]) or None
    lang = pkg.meta("language")
    if meta.language is None and lang:
        up["language"] = lang[0]
    if meta.publisher is None:
        up["publisher"] = PUBLISHER
    series = pkg.calibre("series")
    if meta.series is None and series:
        index = pkg.calibre("series_index") or ""
        part = to_int(index.split(".")[0]) if re.match(r"^\d+(\.0+)?$", index.strip()) else None
        up["series"], up["series_part"], up["all_series"] = series, part, ((series, part),)
    dates = [d[:10] for d in pkg.meta("date") if _DATE.match(d[:10])]
    if dates:
        if calibre and meta.updated is None and meta.published is None:
            up["updated"] = dates[0]
        elif not calibre and meta.published is None:
            up["published"] = dates[0]
    for ident in (*pkg.meta("identifier"), *pkg.meta("source")):
        m = WORK_URL.search(ident)
        if m and meta.url is None:
            up["url"], up["work_id"] = m.group(1), meta.work_id or m.group(2)
            break
    up.update(_subject_tags(meta, pkg.meta("subject"), body_tags))
    return dataclasses.replace(meta, **up) if up else meta  # type: ignore[arg-type]


def _subject_tags(meta: Metadata, subjects: Iterable[str], body: TagList | None) -> dict[str, object]:
    subs = [_DISPLAY.get(s.strip(), s.strip()) for s in subjects if s.strip()]
    if subs and subs[0] == "Fanworks":
        subs = subs[1:]
    if not subs:
        return {}
    seen = body.seen if body is not None else set()
    known = {
        *meta.warnings, *meta.categories, *meta.fandoms, *meta.relationships, *meta.characters, *meta.freeform,
        *((meta.rating,) if meta.rating else ()),
    }  # fmt: skip
    rest = [s for s in subs if s not in known]
    up: dict[str, object] = {}
    if "rating" not in seen and meta.rating is None:
        rating = next((s for s in rest if s in RATINGS), None)
        if rating:
            up["rating"] = rating
    if "warnings" not in seen and not meta.warnings:
        warnings = tuple(s for s in rest if s in WARNINGS)
        if warnings:
            up["warnings"] = warnings
    if "categories" not in seen and not meta.categories:
        categories = tuple(s for s in rest if s in CATEGORIES)
        if categories:
            up["categories"] = categories
    if "freeform" not in seen and not meta.freeform:
        # untyped leftovers: with a tag list, only the hidden Additional Tags row can hold them
        freeform = tuple(s for s in rest if s not in RATINGS and s not in WARNINGS and s not in CATEGORIES)
        if freeform:
            up["freeform"] = freeform
    return up
