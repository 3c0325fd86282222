"""Any HTML page (``html``): the title from ``<title>`` or the first ``<h1>``, the author from
``<meta name="author">``, the whole ``<body>`` as the story.

When the page has several headings of one level among ``<h1>``–``<h3>`` (the highest such level wins), those
headings are the chapter headings: each becomes a ``heading`` region inside the body, so the structure stage
starts a chapter at each of them and nowhere else. Headings and ``by …`` lines before the first chapter
heading (the story's title and byline) go to a ``header`` region; a ``Contents`` heading and the list under it
to a ``toc`` region. A page with at most one heading per level leaves chapter headings to the structure stage,
like any other heading line. ``<hr>`` and centred ornaments become scene breaks (``ingest/html.py``).

This module also holds the segmentation helpers the other HTML-based readers share (FanFicFare HTML/EPUB,
any EPUB): :func:`content_items` lists an element's content in document order, :func:`flatten` opens up the
elements that hold *markers* (chapter anchors, note blocks, TOC fragment targets) so that the content between
two markers can be rendered whatever the nesting, and :func:`render_items` writes such a list.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ..model import Metadata, Note
from ..text.headings import parse_heading
from ..text.lines import strip_span, title_by_author
from .html import BLOCK_TAGS, SKIP_TAGS, TextBuilder, find_all, parse_html, require_body, tag_of, text_of
from .labels import LABELS, normalise_label
from .parsed import Parsed, with_credits

NAME = "html"
SOURCE = "ingest.html@1"

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
CHAPTER_LEVELS = ("h1", "h2", "h3")
_CONTENTS = re.compile(r"^\s*(?:table\s+of\s+)?contents:?\s*$", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*by\s+\S", re.IGNORECASE)


# ------------------------------------------------------------------------------------------ segmentation helpers
@dataclass(frozen=True)
class Marker:
    """A marker element met in document order. ``opened``: it also holds other markers, and its content
    follows it in the item list (it must not be rendered whole)."""

    el: Any
    opened: bool = False


class _Break:
    """A block boundary of an element that :func:`flatten` opened up."""

    def __repr__(self) -> str:
        return "BREAK"


BREAK = _Break()


def content_items(el: Any) -> list[Any]:
    """An element's content in document order: its text, then each child element followed by its tail."""
    out: list[Any] = []
    if el.text:
        out.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            out.append(child)
        if child.tail:
            out.append(child.tail)
    return out


def flatten(items: Iterable[Any], markers: Iterable[Any]) -> list[Any]:
    """``items`` with each marker element wrapped in a :class:`Marker`, and every element that holds a marker
    opened up: its content is listed in its place (between :data:`BREAK` s when it is a block), so that the
    content between two markers is a plain list whatever the nesting."""
    marks = set(markers)
    holders: set[Any] = set()
    for m in marks:
        p = m.getparent()
        while p is not None and p not in holders:
            holders.add(p)
            p = p.getparent()
    out: list[Any] = []

    def walk(seq: Iterable[Any]) -> None:
        for it in seq:
            if isinstance(it, str):
                out.append(it)
            elif it in marks:
                out.append(Marker(it, opened=it in holders))
                if it in holders:
                    walk(content_items(it))
            elif it in holders and tag_of(it) not in SKIP_TAGS:
                block = tag_of(it) in BLOCK_TAGS
                if block:
                    out.append(BREAK)
                walk(content_items(it))
                if block:
                    out.append(BREAK)
            else:
                out.append(it)

    walk(items)
    return out


def render_items(b: TextBuilder, items: Iterable[Any], skip: Iterable[Any] = ()) -> None:
    """Write an item list (text, elements, :data:`BREAK`, :class:`Marker`) into ``b``; ``skip``: elements to
    leave out, wherever they are."""
    skipped = list(skip)
    for it in items:
        if isinstance(it, str):
            b.inline(it)
        elif it is BREAK:
            b.end_paragraph()
        elif isinstance(it, Marker):
            if not it.opened and it.el not in skipped:
                b.render(it.el, skip=skipped)
        elif it not in skipped:
            b.render(it, skip=skipped)


def items_text(items: Iterable[Any], *, one_line: bool = False) -> str:
    """The text an item list renders to (paragraphs separated by a blank line, or all on one line)."""
    b = TextBuilder()
    render_items(b, items)
    text = b.finish()[0].strip()
    return " ".join(text.split()) if one_line else text


def html_to_text(fragment: str) -> str:
    """An HTML fragment (a summary kept as HTML) as plain text with paragraphs; the input when it is no HTML."""
    if "<" not in fragment or ">" not in fragment:
        return fragment.strip()
    root = parse_html(f"<html><body>{fragment}</body></html>")
    b = TextBuilder()
    b.render(next((el for el in root.iter() if tag_of(el) == "body"), root))
    return b.finish()[0].strip()


def is_visible(item: Any) -> bool:
    """Whether an item writes anything: whitespace and block boundaries do not."""
    if isinstance(item, str):
        return bool(item.strip())
    return item is not BREAK


def same_title(a: str, b: str) -> bool:
    """Whether two headings name the same chapter: equal, or one holds the other (``Chapter 1`` and
    ``Chapter 1: The Ferry``), compared case-insensitively with whitespace collapsed."""
    x, y = " ".join(a.split()).casefold(), " ".join(b.split()).casefold()
    return bool(x and y) and (x == y or x in y or y in x)


def leading_heading(items: Sequence[Any]) -> Any | None:
    """The heading element (``h1``–``h6``) at the very top of an item list, when no text comes before it."""

    def visit(node: Any) -> tuple[bool, Any | None]:  # (stop here, the heading found)
        tag = tag_of(node)
        if tag in HEADINGS:
            return True, node
        if tag in SKIP_TAGS:
            return False, None
        if tag == "hr" or (node.text or "").strip():
            return True, None
        for child in node:
            if isinstance(child.tag, str):
                stop, found = visit(child)
                if stop:
                    return True, found
            if (child.tail or "").strip():
                return True, None
        return False, None

    for it in items:
        if it is BREAK:
            continue
        if isinstance(it, str):
            if it.strip():
                return None
            continue
        if isinstance(it, Marker):
            return None
        stop, found = visit(it)
        if stop:
            return found
    return None


# ------------------------------------------------------------------------------------------ the reader
def sniff(text: str) -> bool:
    return True  # the last HTML format: any HTML page


def _chapter_headings(body: Any) -> list[Any]:
    """The chapter headings: the headings of the highest level among h1–h3 that the page uses at least twice."""
    for level in CHAPTER_LEVELS:
        found = [el for el in find_all(body, level) if text_of(el)]
        if len(found) >= 2:
            return found
    return []


def page_metadata(root: Any, body: Any) -> Metadata:
    """Title (``<title>``, else the first ``<h1>``), author (``<meta name="author">``) and summary
    (``<meta name="description">``) of a page. A ``Title by Author`` ``<title>`` is split when the page's
    first ``<h1>`` repeats the title part."""
    titles = [text_of(el) for el in find_all(root, "title") if text_of(el)]
    h1 = [text_of(el) for el in find_all(body, "h1") if text_of(el)]
    metas = {(el.get("name") or "").strip().lower(): (el.get("content") or "").strip() for el in find_all(root, "meta")}
    title = titles[0] if titles else (h1[0] if h1 else None)
    authors: tuple[str, ...] = ()
    author = metas.get("author") or metas.get("dc.creator") or ""
    if author:
        authors = (author,)
    if titles and h1:
        split = title_by_author(titles[0])
        if split and " ".join(split[0].split()).casefold() == h1[0].casefold():
            title = split[0]
            authors = authors or (split[1],)
    summary = metas.get("description") or None
    return Metadata(title=title or None, authors=authors, summary=summary)


def section_role(title: str) -> str | None:
    """What a heading that is not a chapter heading introduces: ``toc`` (``Contents``), ``summary``, or the
    kind of note it heads (``notes``, ``disclaimer``, ``dedication`` …); None for a chapter heading."""
    if _CONTENTS.match(title):
        return "toc"
    target, how = LABELS.get(normalise_label(title.rstrip(":").strip()), ("", ""))
    if target == "summary":
        return "summary"
    if how.startswith("note:"):
        return how.split(":", 1)[1]
    return None


def _is_front(item: Any) -> bool:
    """A title, subtitle or byline before the first chapter heading."""
    if isinstance(item, str) or item is BREAK:
        return not is_visible(item)
    if isinstance(item, Marker):
        return False
    if tag_of(item) in HEADINGS:
        return parse_heading(text_of(item)) is None  # "Chapter 1", "Prologue" head story text
    text = text_of(item)
    byline = bool(_BYLINE.match(text)) and len(text.split()) <= 8 and not text.endswith((".", "!", "?", "”", '"', ","))
    return tag_of(item) in ("hr", "br") or byline  # "by inkwellwren", not "By the time she came, …"


def parse(text: str) -> Parsed:
    root = parse_html(text)
    body = require_body(root)
    return parse_tree(body, page_metadata(root, body))


def parse_tree(
    body: Any,
    meta: Metadata,
    *,
    header: Sequence[Any] = (),
    footer: Sequence[Any] = (),
    name: str = NAME,
    source: str = SOURCE,
) -> Parsed:
    """Render a page's ``body`` as :func:`parse` does, with ``header`` and ``footer`` elements (taken out of the
    page by the caller: a licence, publishers' advertisements) rendered as ``header`` and ``footer`` regions
    before and after it."""
    headings = _chapter_headings(body)
    b = TextBuilder(source=source)
    for el in header:
        b.region("header", el)
    items = flatten(content_items(body), headings)
    first = next((k for k, it in enumerate(items) if isinstance(it, Marker)), len(items))
    front = 0
    while front < first and _is_front(items[front]):
        front += 1
    if not headings and not any(is_visible(it) for it in items[front:]):
        front = 0  # a page of nothing but headings: that is the story
    if any(is_visible(it) for it in items[:front]):
        b.begin("header")  # the story's title and byline
        render_items(b, items[:front])
        b.end()
    if any(is_visible(it) for it in items[front:first]):
        b.begin("body")  # the story, or text before the first chapter heading (a prologue the page did not head)
        render_items(b, items[front:first])
        b.end()
    marks = [k for k, it in enumerate(items) if isinstance(it, Marker)] + [len(items)]
    titles: list[str] = []
    notes: list[Note] = []
    summary = meta.summary
    for k, stop in pairwise(marks):
        heading: Any = items[k].el
        title = text_of(heading)
        rest = items[k + 1 : stop]
        role = section_role(title)
        if role is None:
            b.begin("body")
            b.heading(title)
            render_items(b, rest)
            b.end()
            titles.append(title)
            continue
        kind = role if role in ("toc", "summary") else ("end_notes" if titles else "notes")
        b.begin(kind)
        b.paragraph(title)
        start = b.length
        render_items(b, rest)
        b.end_paragraph()
        s, e = strip_span(b.text, start, b.length)
        b.end()
        if e > s and kind == "summary":
            summary = summary or b.text[s:e]
        elif e > s and kind != "toc":
            note_kind = "end_notes" if kind == "end_notes" and role == "notes" else role
            notes.append(Note(kind=note_kind, text=b.text[s:e], start=s, end=e))
    for el in footer:
        b.region("footer", el)
    out, regions, styles = b.finish()
    meta = with_credits(
        dataclasses.replace(meta, summary=summary, notes=(*meta.notes, *notes), chapter_titles=tuple(titles))
    )
    return Parsed(format=name, meta=meta, regions=regions, text=out, styles=styles)
