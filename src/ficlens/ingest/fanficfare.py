"""FanFicFare HTML and EPUB outputs, and its ``--json-meta`` JSON beside a file (``../shared/formats/README.md``
§5–§8, signatures §11).

* **HTML** (``writer_html.py``): ``<h1><a href=STORY_URL>TITLE</a> by <a class='authorlink'>AUTHOR</a></h1>``,
  a ``<table class="full">`` of ``Label: value`` rows, a ``TOCTOP`` table of contents, then each chapter as
  ``<a name="sectionNNNN"><h2>TITLE</h2></a>`` followed by the site's chapter HTML.
* **EPUB** (``writer_epub.py``): ``OEBPS/title_page.xhtml`` (``body.fff_titlepage``: the same title line in an
  ``<h3>`` and ``<b>Label:</b> VALUE<br/>`` entries, or a ``table.full``), then one ``OEBPS/fileNNNN.xhtml``
  per chapter (``body.fff_chapter`` > ``h3.fff_chapter_title``, ``<meta name="chaptertitle">``) in spine
  order; cover, TOC and update-log pages are not story text. The OPF completes the title page (identifier
  ``fanficfare-uid``, ``dc:source`` story URL, ``dc:date opf:event=…``, subjects, ``dc:description``).
* **Title-page fields** map onto :class:`Metadata` exactly as the FanFicFare TXT reader maps its label block
  (``labels.apply_fields``; ``Category`` holds fandoms), so the three formats give the same metadata.
* **AO3 works** (§8): FanFicFare puts the work's and chapters' notes inside the chapters, in
  ``div.fff_chapter_notes.fff_head_notes`` / ``fff_foot_notes`` blocks labelled ``<b>Author's Note:</b>``,
  ``<b>Summary for the Chapter:</b>``, ``<b>Notes for the Chapter:</b>``. They become ``notes`` /
  ``chapter_notes`` / ``end_notes`` regions and :class:`Note` records, never story text. ``Genre`` holds the
  Additional Tags and the AO3 categories: for an AO3 story the categories are also read into
  ``categories`` and the rest into ``freeform``.

Stored text: a ``header`` region per title-page field (``summary`` for the summary), a ``toc`` region, then
per chapter a ``body`` region holding the ``heading`` region, the notes regions, a ``body`` region with the
chapter's text and the foot-notes regions.

**JSON sidecar** (§7): :func:`sidecar_metadata` looks beside a file ``X.ext`` for ``X.ext.json``, ``X.json``
and ``X.meta.json``, and fills in only the fields the file itself left empty. A sidecar that is too big,
not JSON, not an object or not FanFicFare's is ignored, and ``("sidecar", "ignored: <cause>")`` is recorded in
``meta.extra``; the story is never lost over its sidecar.
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import json
import posixpath
import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from ..errors import IngestError
from ..model import Metadata, Note
from ..text.lines import strip_span
from .epub_generic import opf_metadata
from .html import TextBuilder, body_of, children, find_all, parse_xhtml, require_body, tag_of, text_of
from .html import parse_html as parse_html_document
from .html_page import (
    BREAK,
    HEADINGS,
    Marker,
    content_items,
    flatten,
    html_to_text,
    is_visible,
    items_text,
    render_items,
)
from .labels import apply_fields, normalise_label, series_and_part, split_list
from .package import Package
from .parsed import Parsed, with_credits

HTML_NAME = "fanficfare-html"
EPUB_NAME = "fanficfare-epub"
HTML_SOURCE = "ingest.fanficfare-html@1"
EPUB_SOURCE = "ingest.fanficfare-epub@1"

SIDECAR_MAX_BYTES = 1024 * 1024

_SECTION = re.compile(r"^section\d+$", re.IGNORECASE)
_SNIFF_SECTION = re.compile(r"""<a\s+name\s*=\s*["']?(?:section0*1|TOCTOP)["'\s>]""", re.IGNORECASE)
_SNIFF_TABLE = re.compile(r"""<table\s+class\s*=\s*["']full["']""", re.IGNORECASE)
_SNIFF_AUTHOR = re.compile(r"""class\s*=\s*["']authorlink["']""", re.IGNORECASE)
_CHAPTER_FILE = re.compile(r"^file\d+\.x?html?$", re.IGNORECASE)
_AO3_CATEGORIES = ("Gen", "F/M", "M/M", "F/F", "Multi", "Other")
_AO3_WORK = re.compile(r"/works/(\d+)")
_SUMMARY_LABELS = ("summary", "description")

# note label -> (kind in the head notes, kind in the foot notes); other labels are chapter notes
_NOTE_KINDS = {
    "author's note": ("notes", "end_notes"),
    "author's notes": ("notes", "end_notes"),
    "summary for the chapter": ("chapter_summary", "chapter_summary"),
    "notes for the chapter": ("chapter_notes", "chapter_end_notes"),
}
_NOTE_REGION = {"notes": "notes", "end_notes": "end_notes"}  # every other kind: "chapter_notes"


# ------------------------------------------------------------------------------------------------ sniffing
def sniff_html(text: str) -> bool:
    """FanFicFare HTML: a ``section0001``/``TOCTOP`` anchor, or a ``table.full`` title page with an author link."""
    head = text[: 1024 * 1024]
    if _SNIFF_SECTION.search(head):
        return True
    return bool(_SNIFF_TABLE.search(head) and _SNIFF_AUTHOR.search(head))


def sniff_epub(pkg: Package) -> bool:
    """FanFicFare EPUB: its ``fanficfare-uid:`` identifier or ``FanFicFare`` contributor, or ``body.fff_chapter``
    in ``OEBPS/file0001.xhtml``."""
    if any(i.startswith("fanficfare-uid:") for i in pkg.meta("identifier")):
        return True
    if any(c.startswith("FanFicFare") for c in pkg.meta("contributor")):
        return True
    first = next((p for p in pkg.spine if _CHAPTER_FILE.match(posixpath.basename(p))), None)
    if first is None:
        return False
    try:
        return b"fff_chapter" in pkg.read(first)
    except IngestError:
        return False


# ------------------------------------------------------------------------------------------------ title page
@dataclass
class _Field:
    """A title-page entry: its label, its value's content items, and the element that shows the whole row."""

    label: str
    items: list[Any] = field(default_factory=list)
    row: Any = None
    label_el: Any = None


@dataclass
class _Front:
    """What the title line and title page say."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    author_url: str | None = None
    fields: list[_Field] = field(default_factory=list)


def _is_label(item: Any) -> bool:
    if isinstance(item, str) or tag_of(item) not in ("b", "strong"):
        return False
    text = text_of(item)
    return text.endswith(":") and 1 < len(text) <= 60


def _bold_fields(container: Any) -> list[_Field]:
    """``<b>Label:</b> value<br/>`` entries of a container, in order."""
    fields: list[_Field] = []
    for it in content_items(container):
        if _is_label(it):
            fields.append(_Field(text_of(it)[:-1].strip(), label_el=it))
        elif fields:
            fields[-1].items.append(it)
    for f in fields:
        while f.items and (
            not is_visible(f.items[-1]) or (not isinstance(f.items[-1], str) and tag_of(f.items[-1]) == "br")
        ):
            f.items.pop()
    return fields


def _table_fields(table: Any) -> list[_Field]:
    """``<tr><td><b>Label:</b></td><td>VALUE</td></tr>`` rows (and wide ``<td colspan=2><b>Label:</b> V</td>``)."""
    fields: list[_Field] = []
    for tr in find_all(table, "tr"):
        cells = [c for c in children(tr) if tag_of(c) in ("td", "th")]
        if len(cells) >= 2:
            label = text_of(cells[0]).rstrip(":").strip()
            if label:
                fields.append(_Field(label, content_items(cells[1]), tr))
        elif len(cells) == 1:
            for f in _bold_fields(cells[0]):
                fields.append(_Field(f.label, f.items, tr))
    return fields


def _title_line(el: Any, front: _Front) -> None:
    """``<a href=STORY_URL>TITLE</a> by <a class='authorlink' href=AUTHOR_URL>AUTHOR</a>``."""
    links = find_all(el, "a")
    author_links = [a for a in links if "authorlink" in (a.get("class") or "").split()]
    title_link = next((a for a in links if a not in author_links and text_of(a)), None)
    full = text_of(el)
    if title_link is not None:
        front.title = text_of(title_link)
        front.url = (title_link.get("href") or "").strip() or None
    authors = tuple(dict.fromkeys(text_of(a) for a in author_links if text_of(a)))
    if author_links:
        front.author_url = (author_links[0].get("href") or "").strip() or None
    if not authors or front.title is None:
        title, sep, author = full.rpartition(" by ")
        if sep:
            front.title = front.title or title.strip() or None
            authors = authors or tuple(split_list(author))
        else:
            front.title = front.title or full or None
    front.authors = authors


def _write_fields(b: TextBuilder, fields: list[_Field]) -> None:
    """Each title-page entry as its own ``header`` region (``summary`` for the summary)."""
    for f in fields:
        b.begin("summary" if normalise_label(f.label) in _SUMMARY_LABELS else "header")
        if f.row is not None:
            b.render(f.row)
        else:
            if f.label_el is not None:
                b.render(f.label_el)
            else:
                b.inline(f"{f.label}:")
            b.inline(" ")
            render_items(b, f.items)
        b.end()


def _front_metadata(front: _Front) -> Metadata:
    """The title line and title-page entries folded as the FanFicFare TXT reader folds its label block."""
    folded: list[tuple[str, str, int | None, int | None]] = []
    for f in front.fields:
        key = normalise_label(f.label)
        value = items_text(f.items, one_line=key not in _SUMMARY_LABELS)
        # FanFicFare's "Category" holds the fandoms (formats README §8), as in the TXT reader.
        folded.append(("Fandom" if key == "category" else f.label, value, None, None))
        if key == "series":
            link = next((a for it in f.items if not isinstance(it, str) for a in it.iter() if tag_of(a) == "a"), None)
            if link is not None and link.get("href"):
                folded.append(("Series URL", link.get("href", "").strip(), None, None))
    labels = {normalise_label(label) for label, *_ in folded}
    if front.url and "story url" not in labels:
        folded.append(("Story URL", front.url, None, None))
    if front.author_url and "author url" not in labels:
        folded.append(("Author URL", front.author_url, None, None))
    return apply_fields(Metadata(title=front.title, authors=front.authors), folded)


# ------------------------------------------------------------------------------------------------ chapters
def _note_divs(items: list[Any]) -> list[Any]:
    """The outermost ``div.fff_chapter_notes`` blocks among the items (at any depth)."""
    found: list[Any] = []
    for it in items:
        if isinstance(it, str | Marker) or it is BREAK:
            continue
        for el in it.iter():
            if (
                tag_of(el) == "div"
                and "fff_chapter_notes" in (el.get("class") or "").split()
                and not any(anc in found for anc in el.iterancestors())
            ):
                found.append(el)
    return found


def _write_notes(b: TextBuilder, div: Any, chapter: int, foot: bool, notes: list[Note]) -> None:
    """One notes block: a region and a :class:`Note` per labelled part."""
    parts: list[tuple[str | None, list[Any]]] = []
    for it in content_items(div):
        if _is_label(it):
            parts.append((text_of(it), []))
        else:
            if not parts:
                parts.append((None, []))
            parts[-1][1].append(it)
    for label, items in parts:
        if label is None and not any(is_visible(it) for it in items):
            continue
        key = normalise_label(label.rstrip(":")) if label else ""
        head_kind, foot_kind = _NOTE_KINDS.get(key, ("chapter_notes", "chapter_end_notes"))
        kind = foot_kind if foot else head_kind
        b.begin(_NOTE_REGION.get(kind, "chapter_notes"))
        if label:
            b.paragraph(label)
        start = b.length
        render_items(b, items)
        b.end_paragraph()
        s, e = strip_span(b.text, start, b.length)
        b.end()
        if e > s:
            work_level = kind in ("notes", "end_notes")
            notes.append(Note(kind=kind, text=b.text[s:e], start=s, end=e, chapter=None if work_level else chapter))


def _write_chapter(
    b: TextBuilder, number: int, title: str, items: list[Any], notes: list[Note], skip: list[Any] | None = None
) -> None:
    """A chapter: a body region with its heading, then its text in body regions, its notes blocks outside them."""
    divs = _note_divs(items)
    flat = flatten(items, divs)
    skipped = skip or []
    b.begin("body")
    b.heading(title)
    body_open, seen_text = True, False
    for it in flat:
        if isinstance(it, Marker) and it.el in divs:
            if body_open:
                b.end()
                body_open = False
            classes = (it.el.get("class") or "").split()
            foot = "fff_foot_notes" in classes or ("fff_head_notes" not in classes and seen_text)
            _write_notes(b, it.el, number, foot, notes)
            continue
        if not is_visible(it):
            if body_open:
                render_items(b, [it])
            continue
        if not body_open:
            b.begin("body")
            body_open = True
        render_items(b, [it], skip=skipped)
        seen_text = seen_text or isinstance(it, str) or (it not in skipped and bool(text_of(it)))
    if body_open:
        b.end()


def _split_heading(marker: Marker, rest: list[Any]) -> tuple[str, list[Any], list[Any]]:
    """The title of a ``<a name="sectionNNNN"><h2>TITLE</h2></a>`` chapter anchor, the chapter's items, and the
    elements to leave out (the heading)."""
    el = marker.el
    heading = next((h for h in el.iter() if tag_of(h) in HEADINGS and text_of(h)), None)
    if heading is not None:
        items = rest if marker.opened else [el, *rest]
        return text_of(heading), items, [heading]
    if text_of(el):
        return text_of(el), rest, [el]
    for k, it in enumerate(rest):
        if not is_visible(it):
            continue
        if not isinstance(it, str | Marker) and tag_of(it) in HEADINGS:
            return text_of(it), rest[:k] + rest[k + 1 :], []
        break
    return "", rest, []


# ------------------------------------------------------------------------------------------------ metadata
def _is_ao3(meta: Metadata) -> bool:
    host = urlparse(meta.url or "").netloc.lower()
    return host.endswith("archiveofourown.org") or (meta.publisher or "").lower() == "archiveofourown.org"


def _finish(meta: Metadata, notes: list[Note], titles: list[str]) -> Metadata:
    """Notes, chapter titles, credits, and for an AO3 story the categories, freeform tags and work id (§8)."""
    updates: dict[str, Any] = {"notes": (*meta.notes, *notes), "chapter_titles": tuple(titles)}
    if _is_ao3(meta):
        if not meta.categories:
            updates["categories"] = tuple(g for g in meta.genres if g in _AO3_CATEGORIES)
        if not meta.freeform:
            updates["freeform"] = tuple(g for g in meta.genres if g not in _AO3_CATEGORIES)
        m = _AO3_WORK.search(meta.url or "")
        if m and not meta.work_id:
            updates["work_id"] = m.group(1)
    return with_credits(dataclasses.replace(meta, **updates))


def fill_missing(meta: Metadata, other: Metadata) -> tuple[Metadata, list[str]]:
    """``meta`` with each field it leaves empty taken from ``other``; returns the names of the fields filled."""
    updates: dict[str, Any] = {}
    for f in dataclasses.fields(Metadata):
        if f.name in ("extra", "notes"):
            continue
        mine, theirs = getattr(meta, f.name), getattr(other, f.name)
        if mine in (None, (), "") and theirs not in (None, (), ""):
            updates[f.name] = theirs
    return (dataclasses.replace(meta, **updates) if updates else meta), list(updates)


# ------------------------------------------------------------------------------------------------ HTML
def parse_html(text: str) -> Parsed:
    """A FanFicFare HTML file (§5; AO3 notes §8)."""
    root = parse_html_document(text)
    body = require_body(root)
    order = {el: k for k, el in enumerate(body.iter())}
    anchors = [a for a in find_all(body, "a") if _SECTION.match(a.get("name") or a.get("id") or "")]
    limit = order[anchors[0]] if anchors else len(order)
    before = [el for el in body.iter() if order.get(el, limit) < limit]
    title_el = next((el for el in before if tag_of(el) == "h1"), None)
    table = next((el for el in before if tag_of(el) == "table" and "full" in (el.get("class") or "").split()), None)
    toc = next((el for el in before if tag_of(el) == "a" and (el.get("name") or "").upper() == "TOCTOP"), None)
    markers = [m for m in (title_el, table, toc) if m is not None] + anchors
    items = flatten(content_items(body), markers)

    front = _Front()
    if title_el is not None:
        _title_line(title_el, front)
    else:
        page_title = next((text_of(t) for t in find_all(root, "title") if text_of(t)), "")
        title, sep, author = page_title.rpartition(" by ")
        front.title = (title if sep else page_title) or None
        front.authors = tuple(split_list(author)) if sep else ()
    b = TextBuilder(source=HTML_SOURCE)
    notes: list[Note] = []
    titles: list[str] = []
    marks = [k for k, it in enumerate(items) if isinstance(it, Marker)]
    if not marks or any(is_visible(it) for it in items[: marks[0]]):
        b.begin("header" if anchors else "body")
        render_items(b, items[: marks[0]] if marks else items)
        b.end()
    number = 0
    anchor_set = set(anchors)
    for k, stop in pairwise([*marks, len(items)]):
        marker: Marker = items[k]
        el, rest = marker.el, items[k + 1 : stop]
        if el in anchor_set:
            number += 1
            title, chapter_items, skip = _split_heading(marker, rest)
            title = title or f"Chapter {number}"
            titles.append(title)
            _write_chapter(b, number, title, chapter_items, notes, skip)
            continue
        if el is table:
            front.fields = _table_fields(table)
            _write_fields(b, front.fields)
            kind = "header" if anchors else "body"  # no chapter anchors: what follows the title page is the story
        else:
            kind = "toc" if el is toc else "header"
            b.begin(kind)
            if not marker.opened:
                b.render(el)
            b.end()
        if any(is_visible(it) for it in rest):
            b.begin(kind)
            render_items(b, rest)
            b.end()
    out, regions, styles = b.finish()
    meta = _finish(_front_metadata(front), notes, titles)
    return Parsed(format=HTML_NAME, meta=meta, regions=regions, text=out, styles=styles)


# ------------------------------------------------------------------------------------------------ EPUB
def _title_page(b: TextBuilder, body: Any, front: _Front) -> None:
    """``body.fff_titlepage``: the title line (``<h3>``), then ``table.full`` rows or ``<b>Label:</b>`` entries."""
    line = next((el for el in body.iter() if tag_of(el) in HEADINGS and text_of(el)), None)
    if line is not None:
        _title_line(line, front)
        b.begin("header")
        b.render(line)
        b.end()
    table = next((el for el in find_all(body, "table") if "full" in (el.get("class") or "").split()), None)
    if table is not None:
        front.fields = _table_fields(table)
    else:
        candidates = [body, *find_all(body, "div")]
        best = max(candidates, key=lambda c: sum(1 for it in children(c) if _is_label(it)))
        front.fields = _bold_fields(best)
    _write_fields(b, front.fields)


def _page_kind(path: str, body: Any) -> str:
    classes = (body.get("class") or "").split()
    name = posixpath.basename(path).lower()
    if "fff_titlepage" in classes or name == "title_page.xhtml":
        return "title"
    if "fff_coverpage" in classes or name.startswith("cover"):
        return "cover"
    if "fff_tocpage" in classes or name == "toc_page.xhtml":
        return "toc"
    if "fff_logpage" in classes or name == "log_page.xhtml":
        return "log"
    if "fff_chapter" in classes or _CHAPTER_FILE.match(name):
        return "chapter"
    return "other"


def parse_epub(pkg: Package) -> Parsed:
    """A FanFicFare EPUB (§6; AO3 notes §8)."""
    labels: dict[str, str] = {}
    for entry in pkg.toc:
        labels.setdefault(entry.href, entry.label)
    b = TextBuilder(source=EPUB_SOURCE)
    front = _Front()
    notes: list[Note] = []
    titles: list[str] = []
    number = 0
    for path in pkg.spine:
        root = parse_xhtml(pkg.read(path))
        body = body_of(root)
        kind = _page_kind(path, body)
        if kind == "title":
            _title_page(b, body, front)
            continue
        if kind in ("cover", "log") or not text_of(body):
            continue
        if kind == "toc":
            b.region("toc", body)
            continue
        if kind == "other" and path not in labels:
            b.region("body", body)  # a page FanFicFare did not make: keep its text with the chapter before it
            continue
        number += 1
        title_el = next(
            (el for el in body.iter() if tag_of(el) in HEADINGS and "fff_chapter_title" in (el.get("class") or "")),
            None,
        )
        heads = {(m.get("name") or "").lower(): (m.get("content") or "").strip() for m in find_all(root, "meta")}
        title = (
            (text_of(title_el) if title_el is not None else "")
            or heads.get("chaptertitle", "")
            or labels.get(path, "")
            or f"Chapter {number}"
        )
        titles.append(title)
        _write_chapter(b, number, title, content_items(body), notes, [title_el] if title_el is not None else [])
    out, regions, styles = b.finish()
    meta = _front_metadata(front)
    opf = opf_metadata(pkg)
    subjects = set(opf.freeform)
    status = next((s for s in ("Completed", "In-Progress") if s in subjects), None)
    # The OPF's subjects mix genres, fandoms, characters and ships untyped: they fill no tag field.
    opf = dataclasses.replace(opf, freeform=(), status=status, all_series=(), series_part=None)
    if front.fields:
        opf = dataclasses.replace(opf, language=None)  # FanFicFare writes "en" when it does not know
    meta, _filled = fill_missing(meta, opf)
    return Parsed(format=EPUB_NAME, meta=_finish(meta, notes, titles), regions=regions, text=out, styles=styles)


# ------------------------------------------------------------------------------------------------ JSON sidecar
_SIDECAR_KEYS = frozenset(
    """title author authorUrl storyUrl category genre characters ships status datePublished dateUpdated rating
    warnings numChapters numWords language langcode publisher description series site storyId zchapters fandoms
    freeformtags ao3categories""".split()
)


def _candidates(path: Path) -> list[Path]:
    """``X.ext.json``, ``X.json``, ``X.meta.json`` beside ``X.ext`` (never the file itself)."""
    out: list[Path] = []
    try:
        names = [Path(f"{path}.json"), path.with_suffix(".json"), path.with_suffix(".meta.json")]
    except ValueError:
        return out
    for cand in names:
        if cand != path and cand not in out:
            out.append(cand)
    return out


def _value(obj: dict[str, Any], key: str) -> str | None:
    """A JSON value as text with HTML entities decoded (FanFicFare keeps ``&amp;`` in some values)."""
    v = obj.get(key)
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int | float):
        v = str(v)
    elif isinstance(v, list) and all(isinstance(x, str) for x in v):
        v = ", ".join(v)
    if not isinstance(v, str):
        return None
    v = html_lib.unescape(v).strip()
    return v or None


def _count(obj: dict[str, Any], key: str) -> int | None:
    v = _value(obj, key)
    digits = re.sub(r"[,.\s\u00a0]", "", v or "")
    return int(digits) if digits.isdigit() and len(digits) < 16 else None


def _list(obj: dict[str, Any], key: str) -> tuple[str, ...]:
    v = _value(obj, key)
    return split_list(v) if v else ()


def json_metadata(obj: dict[str, Any]) -> Metadata:
    """FanFicFare's ``--json-meta`` object as :class:`Metadata` (§7; AO3's extra fields when present)."""
    description = obj.get("description")
    summary = None
    if isinstance(description, str) and description.strip():
        try:
            summary = html_to_text(description) or None
        except IngestError:
            summary = " ".join(re.sub(r"<[^>]*>", " ", description).split()) or None
    titles: list[str] = []
    zchapters = obj.get("zchapters")
    if isinstance(zchapters, list):
        for entry in zchapters:
            info = entry[1] if isinstance(entry, list) and len(entry) == 2 else entry
            if isinstance(info, dict):
                title = _value(info, "title")
                if title:
                    titles.append(title)
    site = (_value(obj, "site") or "").lower()
    story_id = _value(obj, "storyId")
    series = series_and_part(_value(obj, "series") or "") if _value(obj, "series") else None
    return Metadata(
        title=_value(obj, "title"),
        authors=_list(obj, "author"),
        summary=summary,
        rating=_value(obj, "rating"),
        warnings=_list(obj, "warnings"),
        categories=_list(obj, "ao3categories"),
        fandoms=_list(obj, "fandoms") or _list(obj, "category"),
        relationships=_list(obj, "ships"),
        characters=_list(obj, "characters"),
        freeform=_list(obj, "freeformtags"),
        genres=_list(obj, "genre"),
        language=_value(obj, "language") or _value(obj, "langcode"),
        series=series[0] if series else None,
        series_part=series[1] if series else None,
        all_series=(series,) if series else (),
        status=_value(obj, "status"),
        published=_value(obj, "datePublished"),
        updated=_value(obj, "dateUpdated"),
        words=_count(obj, "numWords"),
        chapters=_value(obj, "numChapters"),
        url=_value(obj, "storyUrl"),
        author_url=_value(obj, "authorUrl"),
        publisher=_value(obj, "publisher"),
        collections=_list(obj, "collections"),
        kudos=_count(obj, "kudos"),
        hits=_count(obj, "hits"),
        bookmarks=_count(obj, "bookmarks"),
        comments=_count(obj, "comments"),
        work_id=story_id if site.endswith("archiveofourown.org") and story_id and story_id.isdigit() else None,
        chapter_titles=tuple(titles),
    )


def _note(meta: Metadata, text: str) -> Metadata:
    return dataclasses.replace(meta, extra=(*meta.extra, ("sidecar", text)))


def _load(found: Path) -> dict[str, Any] | str | None:
    """A sidecar's object, or why it is ignored; None for a file that is ficlens' own JSON output."""
    name = found.name
    try:
        size = found.stat().st_size
        if size > SIDECAR_MAX_BYTES:
            return f"{name} is {size} bytes, over the {SIDECAR_MAX_BYTES} byte limit"
        with found.open("rb") as fh:
            data = fh.read(SIDECAR_MAX_BYTES + 1)
        if len(data) > SIDECAR_MAX_BYTES:
            return f"{name} is over the {SIDECAR_MAX_BYTES} byte limit"
        obj = json.loads(data.decode("utf-8-sig"))
    except OSError as exc:
        return f"{name} cannot be read ({exc.strerror or type(exc).__name__})"
    except UnicodeDecodeError:
        return f"{name} is not UTF-8 text"
    except (ValueError, RecursionError) as exc:
        cause = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return f"{name} is not JSON ({cause})"
    if not isinstance(obj, dict):
        return f"{name} holds a JSON {type(obj).__name__}, not an object"
    if obj.get("format") == "ficlens-document":
        return None  # ficlens' own output written beside the story (``ficlens analyze -o .``)
    if not _SIDECAR_KEYS & obj.keys():
        return f"{name} is not FanFicFare metadata (no title, author or storyUrl key)"
    return obj


def sidecar_metadata(path: Path, meta: Metadata) -> Metadata:
    """``meta`` completed from FanFicFare's JSON metadata file beside ``path``, when there is one.

    Candidates, in order: ``X.ext.json``, ``X.json``, ``X.meta.json``; the first FanFicFare one is used. Only
    fields ``meta`` leaves empty are filled. What happened is recorded in ``meta.extra`` as
    ``("sidecar", "NAME: filled title, authors")`` or ``("sidecar", "ignored: <cause>")``. Never raises.
    """
    for cand in _candidates(Path(path)):
        try:
            if not cand.is_file():
                continue
        except OSError:
            continue
        loaded = _load(cand)
        if loaded is None:
            continue
        if isinstance(loaded, str):
            return _note(meta, f"ignored: {loaded}")
        try:
            other = json_metadata(loaded)
        except (IngestError, ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
            return _note(meta, f"ignored: {cand.name} could not be read ({type(exc).__name__})")
        merged, filled = fill_missing(meta, other)
        return _note(merged, f"{cand.name}: filled {', '.join(filled)}" if filled else f"{cand.name}: nothing to fill")
    return meta
