"""Any EPUB 2 or 3 (``epub``): documents in spine order, chapter titles from the table of contents (the EPUB 3
navigation document, else the EPUB 2 NCX), metadata from the OPF's Dublin Core.

* **Chapters.** A spine document the TOC names starts a chapter headed by the TOC label (a ``heading`` region
  inside the body); a TOC entry pointing at a fragment (``book.xhtml#ch2``) starts one at that element. A
  heading the document repeats at its top is written once (the longer of the two when one holds the other).
  A document the TOC does not name continues the chapter before it (Calibre splits long chapters into
  several files). An EPUB whose TOC names no story document gets a chapter per document that opens with a
  heading.
* **Front and back matter.** A cover, title page, licence, imprint, colophon or contents page is not story
  text: the navigation document, the documents the OPF ``<guide>`` or the EPUB 3 landmarks mark so, documents
  whose own ``epub:type`` says so, documents whose TOC label or file name says so (``cover``, ``titlepage``,
  ``uncopyright``, ``toc`` …), and, cautiously, the unmarked short pages at either end whose words say so
  (:func:`guess_edge_kind`). They go to ``header`` regions (``footer`` after the story), contents pages to
  ``toc`` regions; covers (an image) are left out. Pages that are only images or SVG drawings give a notice,
  or an :class:`EpubError` when no page has story text (docs/ingest.md).
* **Metadata.** ``dc:title``, ``dc:creator`` (authors: role ``aut`` or none, EPUB 2 ``opf:role`` or EPUB 3
  ``refines``), ``dc:language``, ``dc:subject`` (freeform tags, HTML entities decoded once more),
  ``dc:description`` (HTML made text), ``dc:publisher``, ``dc:date`` (``opf:event`` publication/modification,
  else the first date), the story URL from an ``http(s)`` identifier or ``dc:source``, and the series from
  ``calibre:series`` or EPUB 3 ``belongs-to-collection``.
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import posixpath
import re
from itertools import pairwise
from typing import Any

from ..errors import IngestError
from ..model import Metadata
from .html import SKIP_TAGS, TextBuilder, body_of, parse_xhtml, parse_xml, tag_of, text_of
from .html_page import (
    Marker,
    content_items,
    flatten,
    html_to_text,
    is_visible,
    leading_heading,
    render_items,
    same_title,
)
from .package import EpubError, Package, _resolve
from .parsed import Parsed

NAME = "epub"
SOURCE = "ingest.epub@1"

_FRONT_LABEL = re.compile(
    r"^(?:cover|front ?cover|title ?page|title|half[- ]?title(?: ?page)?|table of contents|contents|toc|"
    r"copyright(?: page)?|un-?copyright|navigation|colophon|imprint|licen[cs]e|legal notice)$",
    re.IGNORECASE,
)
_FRONT_FILE = re.compile(
    r"^(?:cover(?:page)?|title[-_ ]?page|titlepage|title|half[-_ ]?title(?:page)?|toc|nav|contents|"
    r"copyright(?:[-_ ]?page)?|uncopyright|colophon|imprint|licen[cs]e)$",
    re.IGNORECASE,
)
_GUIDE_KINDS = {
    "cover": "cover",
    "title-page": "header",
    "titlepage": "header",
    "halftitlepage": "header",
    "copyright-page": "header",
    "imprint": "header",
    "colophon": "header",
    "toc": "toc",
    "loi": "toc",
    "lot": "toc",
    # pages only a document's own epub:type names (no guide or landmark type): front and back matter, no story
    "dedication": "header",
    "acknowledgments": "header",
    "seriespage": "header",
    "other-credits": "header",
    "errata": "header",
    "endnotes": "header",
    "rearnotes": "header",
}
# what a short document that names no kind says when it is a licence or copyright page (two cues, or one in a very
# short page): Standard Ebooks' "Uncopyright", "All rights reserved", Creative Commons, an ISBN …
_LICENCE_CUES = re.compile(
    r"\b(?:uncopyright|public domain|all rights reserved|creative commons|isbn(?:-1[03])?:?\s*[\d-]{10,}|"
    r"copyright|this (?:e-?book|edition) (?:is|was)|licen[cs]ed?|standard ebooks|project gutenberg|"
    r"no part of this (?:book|publication))\b|©",
    re.IGNORECASE,
)
_STRONG_CUE = re.compile(r"©|\b(?:uncopyright|all rights reserved|copyright\s+(?:©\s*)?\d{4}|isbn)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"\b[a-z]+[.!?][\"”’]?\s+[A-Z“\"]")  # words, a full stop, the next sentence
LICENCE_MAX_CHARS = 3000  # a licence page longer than this is not guessed from its words
TITLE_PAGE_MAX_CHARS = 300  # a title page: the title, the author, a publisher line or two
_DATE = re.compile(r"^(\d{4})-\d{2}-\d{2}")


def sniff(pkg: Package) -> bool:
    return True  # the last EPUB format: any EPUB


# ------------------------------------------------------------------------------------------------ metadata
def _date(value: str) -> str | None:
    """A date as ``YYYY-MM-DD`` (a timestamp cut to its day); None for Calibre's "unknown" (year 101)."""
    value = value.strip()
    m = _DATE.match(value)
    if m:
        return value[:10] if int(m.group(1)) >= 1000 else None
    return value or None


def _refines(pkg: Package) -> dict[str, dict[str, str]]:
    """EPUB 3 ``<meta refines="#id" property=…>`` values by the id they refine (the first of each property)."""
    out: dict[str, dict[str, str]] = {}
    for tag, attrs, text in pkg.metadata:
        if tag == "meta" and attrs.get("refines", "").startswith("#") and attrs.get("property"):
            out.setdefault(attrs["refines"][1:], {}).setdefault(attrs["property"], text)
    return out


def _roles(pkg: Package) -> dict[str, set[str]]:
    """Every EPUB 3 ``role`` refining each id, lower case: a creator may have several (``aut`` and ``dto``)."""
    out: dict[str, set[str]] = {}
    for tag, attrs, text in pkg.metadata:
        if tag == "meta" and attrs.get("refines", "").startswith("#") and attrs.get("property") == "role":
            out.setdefault(attrs["refines"][1:], set()).add(text.strip().lower())
    return out


def opf_metadata(pkg: Package) -> Metadata:
    """What the OPF's Dublin Core (and Calibre / EPUB 3 series metadata) says about the work."""
    refines = _refines(pkg)
    roles = _roles(pkg)
    titles = pkg.meta("title")
    authors: list[str] = []
    for attrs, text in pkg.meta_attrs("creator"):
        # an author who is also the dedicatee (or editor) keeps the author's role
        own = {r.strip().lower() for r in (attrs.get("role") or "").split()} | roles.get(attrs.get("id", ""), set())
        if text and (not own or "aut" in own) and text not in authors:
            authors.append(text)
    language = pkg.meta("language")
    desc = pkg.meta("description")
    publisher = pkg.meta("publisher")
    published = updated = None
    for attrs, text in pkg.meta_attrs("date"):
        event = attrs.get("event", "").lower()
        if event == "modification":
            updated = updated or _date(text)
        elif event in ("", "publication", "original-publication") and published is None:
            published = _date(text)
    url = next((t for t in pkg.meta("identifier") if t.startswith(("http://", "https://"))), None)
    if url is None:
        url = next((t for t in pkg.meta("source") if t.startswith(("http://", "https://"))), None)
    series, part = pkg.calibre("series"), pkg.calibre("series_index")
    if not series:
        for tag, attrs, text in pkg.metadata:
            if tag == "meta" and attrs.get("property") == "belongs-to-collection" and text:
                series, part = text, refines.get(attrs.get("id", ""), {}).get("group-position")
                break
    series_part = None
    if part:
        try:
            number = float(part)
            series_part = int(number) if number.is_integer() and number > 0 else None
        except ValueError:
            series_part = None
    summary = None
    if desc:
        try:
            summary = html_to_text(desc[0]) or None
        except IngestError:
            summary = " ".join(re.sub(r"<[^>]*>", " ", desc[0]).split()) or None
    subjects = tuple(dict.fromkeys(html_lib.unescape(s) for s in pkg.meta("subject")))
    return Metadata(
        title=titles[0] if titles else None,
        authors=tuple(authors),
        summary=summary,
        language=language[0] if language else None,
        freeform=subjects,
        publisher=publisher[0] if publisher else None,
        published=published,
        updated=updated,
        url=url,
        series=series or None,
        series_part=series_part,
        all_series=((series, series_part),) if series else (),
    )


# ------------------------------------------------------------------------------------------------ documents
def front_kinds(pkg: Package) -> dict[str, str]:
    """Spine documents that the package marks as front matter: path -> ``cover``/``header``/``toc``."""
    out: dict[str, str] = {}
    for path, _media, props in pkg.manifest.values():
        if "nav" in props.split():
            out[path] = "toc"
        elif "cover-image" in props.split():
            out[path] = "cover"
    try:
        opf = parse_xml(pkg.read(pkg.opf_path), pkg.opf_path)
    except IngestError:
        return out
    for el in opf.iter():
        if tag_of(el) == "reference" and el.get("href"):
            kind = _GUIDE_KINDS.get((el.get("type") or "").lower())
            if kind:
                out.setdefault(_resolve(pkg.opf_path, el.get("href", "")), kind)
    nav = next((p for p, _m, props in pkg.manifest.values() if "nav" in props.split()), "")
    if nav and pkg.has(nav):
        try:
            root = parse_xml(pkg.read(nav), nav)
        except IngestError:
            return out
        for el in root.iter():
            if tag_of(el) != "nav":
                continue
            kind_attr = next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "type"), "")
            if kind_attr != "landmarks":
                continue
            for a in el.iter():
                types = next((v for k, v in a.attrib.items() if k.rsplit("}", 1)[-1] == "type"), "")
                kind = next((_GUIDE_KINDS[t] for t in types.split() if t in _GUIDE_KINDS), None)
                if tag_of(a) == "a" and a.get("href") and kind:
                    out.setdefault(_resolve(nav, a.get("href", "")), kind)
    return out


def epub_types(el: Any) -> set[str]:
    """The ``epub:type`` tokens (and DPUB-ARIA ``role="doc-…"`` ones, prefix removed) an element carries."""
    out: set[str] = set()
    for key, value in el.attrib.items():
        name = key.rsplit("}", 1)[-1]
        if name in ("type", "epub:type") and key != "type":
            out.update(value.lower().split())
        elif name == "role":
            out.update(v.removeprefix("doc-") for v in value.lower().split())
    return out


def declared_kind(body: Any) -> str:
    """The front- or back-matter kind a document declares with ``epub:type`` on its body or on the section that
    holds it (Standard Ebooks: ``<section epub:type="copyright-page">``), ``story`` for body matter (``chapter``,
    ``bodymatter``), or ``""``."""
    els = [body]
    tops = [c for c in body if isinstance(c.tag, str)]
    if len(tops) <= 2:  # a wrapper section (and maybe a header) holds the page
        els += tops
        if len(tops) == 1:
            els += [c for c in tops[0] if isinstance(c.tag, str)][:1]
    for el in els:
        types = epub_types(el)
        if types & {"bodymatter", "chapter", "part", "z3998:fiction"}:
            return "story"
        kind = next((_GUIDE_KINDS[t] for t in sorted(types) if t in _GUIDE_KINDS), "")
        if kind:
            return kind
    return ""


def _looks_like_contents(body: Any, labels: set[str]) -> bool:
    """A short page that lists the TOC's labels (or is headed ``Contents``) and little else."""
    lines = [text_of(el) for el in body.iter() if tag_of(el) in ("p", "li", "a", "h1", "h2", "h3", "h4", "td")]
    lines = [ln for ln in lines if ln]
    if lines and _CONTENTS_HEAD.match(lines[0]):
        return True
    listed = sum(1 for ln in lines if ln.lower() in labels)
    return listed >= 3 and listed >= 2 * (len(lines) - listed)


_CONTENTS_HEAD = re.compile(r"^(?:table of )?contents:?$", re.IGNORECASE)


def classify(path: str, label: str, text: str, marked: dict[str, str]) -> str:
    """``story``, or the front-matter kind of a document (``cover``, ``header``, ``toc``): what the package or
    the document marks, else what its TOC label or file name says."""
    if path in marked:
        return marked[path]
    stem = posixpath.splitext(posixpath.basename(path))[0]
    hint = label if _FRONT_LABEL.match(label.strip()) else (stem if _FRONT_FILE.match(stem) else "")
    low = hint.lower()
    if "content" in low or "toc" in low or "nav" in low:
        return "toc"  # a long contents page (hundreds of chapters) is still no story
    if not hint or len(text) > 4000:  # a long document is story text whatever its name
        return "story"
    if "cover" in low:
        return "cover" if len(text) < 200 else "header"
    return "header"


def is_licence(text: str) -> bool:
    """A short page of licence or copyright words: two different cues, or a strong one (``©``, ``All rights
    reserved``, ``Uncopyright``, ``Copyright 2024``, an ISBN) in a page under 400 characters."""
    if len(text) > LICENCE_MAX_CHARS:
        return False
    cues = {m.group(0).lower()[:12] for m in _LICENCE_CUES.finditer(text)}
    return len(cues) >= 2 or (len(cues) == 1 and len(text) < 400 and bool(_STRONG_CUE.search(text)))


def guess_edge_kind(body: Any, text: str, labels: set[str], title: str | None) -> str:
    """What a page at the start or the end of the spine that names no kind is, by its words (cautiously):
    ``header`` for a licence or copyright page, or a very short page that holds the book's title and no sentence
    (a title page); ``toc`` for a short page listing the TOC's labels; ``story`` otherwise."""
    if len(text) > LICENCE_MAX_CHARS:
        return "story"
    if is_licence(text):
        return "header"
    if _looks_like_contents(body, labels):
        return "toc"
    if title and len(text) <= TITLE_PAGE_MAX_CHARS and title.lower() in text.lower() and not _SENTENCE.search(text):
        return "header"
    return "story"


def _targets(body: Any, fragments: list[tuple[str, str]]) -> dict[Any, str]:
    """The elements TOC fragments point at (``id``, or ``name`` on an anchor), with their labels."""
    by_id: dict[str, Any] = {}
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        for key in (el.get("id"), el.get("name") if tag_of(el) == "a" else None):
            if key and key not in by_id:
                by_id[key] = el
    out: dict[Any, str] = {}
    for fragment, label in fragments:
        el = by_id.get(fragment)
        if el is not None and el is not body and el not in out:
            out[el] = label
    return out


def write_chapter_start(b: TextBuilder, label: str, items: list[Any]) -> tuple[str, list[Any]]:
    """Write the heading of a chapter the TOC labels; returns the title written and the elements to skip (a
    heading the document repeats at its top)."""
    top = leading_heading(items)
    if top is not None and same_title(text_of(top), label):
        title = text_of(top) if len(text_of(top)) > len(label) else label
        b.heading(title)
        return title, [top]
    b.heading(label)
    return label, []


def visible_text(el: Any) -> str:
    """An element's text as rendering shows it: scripts, styles, SVG drawings and the like left out."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if not isinstance(node.tag, str) or tag_of(node) in SKIP_TAGS:
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return " ".join("".join(parts).split())


def _is_drawn(body: Any) -> bool:
    return any(tag_of(el) in ("svg", "img", "image") for el in body.iter())


def _fixed_layout(pkg: Package) -> bool:
    return any(
        t == "meta" and a.get("property") == "rendition:layout" and text.strip() == "pre-paginated"
        for t, a, text in pkg.metadata
    )


def _drawn_notice(drawn: int, pages: int, pkg: Package) -> str:
    layout = " (a fixed-layout EPUB)" if _fixed_layout(pkg) else ""
    return (
        f"{drawn} of the EPUB's {pages} pages are images or SVG drawings with no text{layout}: "
        "their words could not be read"
    )


def _fragment_labels(fragments: dict[str, list[tuple[str, str]]]) -> set[str]:
    return {label.lower() for entries in fragments.values() for _frag, label in entries}


def _edges(
    docs: list[tuple[str, Any, str]], labels: set[str], title: str | None, sure: set[str]
) -> list[tuple[str, Any, str]]:
    """``docs`` with the unmarked pages before the first and after the last story page guessed by their words
    (:func:`guess_edge_kind`); a page in between, or one that declares itself body matter, is story."""
    out = list(docs)
    for order in (range(len(out)), range(len(out) - 1, -1, -1)):
        for k in order:
            path, body, kind = out[k]
            if kind != "story":
                continue
            guess = "story" if path in sure else guess_edge_kind(body, visible_text(body), labels, title)
            if guess == "story":
                break
            out[k] = (path, body, guess)
    return out


def parse(pkg: Package) -> Parsed:
    labels: dict[str, str] = {}
    fragments: dict[str, list[tuple[str, str]]] = {}
    for entry in pkg.toc:
        if not entry.label:
            continue
        if entry.fragment:
            fragments.setdefault(entry.href, []).append((entry.fragment, entry.label))
        else:
            labels.setdefault(entry.href, entry.label)
    marked = front_kinds(pkg)
    meta = opf_metadata(pkg)
    docs: list[tuple[str, Any, str]] = []  # (path, body, kind)
    drawn = 0  # pages that hold only images or SVG drawings
    sure: set[str] = set()  # pages that declare themselves body matter
    for path in pkg.spine:
        body = body_of(parse_xhtml(pkg.read(path)))
        text = visible_text(body)
        if not text:
            drawn += _is_drawn(body)
            continue  # an image-only cover or an empty page
        label = labels.get(path) or next((lab for _frag, lab in fragments.get(path, [])), "")
        declared = declared_kind(body)
        if declared == "story":
            sure.add(path)
        docs.append((path, body, marked.get(path) or declared or classify(path, label, text, marked)))
    docs = _edges(docs, {lab.lower() for lab in labels.values()} | _fragment_labels(fragments), meta.title, sure)
    story_docs = [path for path, _body, kind in docs if kind == "story"]
    toc_names_story = any(p in labels or p in fragments for p in story_docs)
    if story_docs:  # a title or licence page after the story is back matter
        last = max(k for k, (_p, _b, kind) in enumerate(docs) if kind == "story")
        docs = [(p, bd, "footer" if k > last and kind == "header" else kind) for k, (p, bd, kind) in enumerate(docs)]

    b = TextBuilder(source=SOURCE)
    body_open = False
    titles: list[str] = []
    for path, body, kind in docs:
        if kind != "story":
            if kind in ("header", "toc", "footer"):
                if body_open:
                    b.end()
                    body_open = False
                b.region(kind, body)
            continue
        if not body_open:
            b.begin("body")
            body_open = True
        targets = _targets(body, fragments.get(path, []))
        items = flatten(content_items(body), targets)
        marks = [k for k, it in enumerate(items) if isinstance(it, Marker)]
        head = items[: marks[0]] if marks else items
        label = labels.get(path, "")
        skip: list[Any] = []
        if marks and not any(is_visible(it) for it in head):
            label = ""  # a TOC fragment at the very top heads the document's first chapter itself
        if label:
            title, skip = write_chapter_start(b, label, head)
            titles.append(title)
        elif not toc_names_story:
            top = leading_heading(head)
            if top is not None:
                b.heading(text_of(top))
                titles.append(text_of(top))
                skip = [top]
        render_items(b, head, skip=skip)
        for k, stop in pairwise([*marks, len(items)]):
            marker: Marker = items[k]
            # an opened marker's content follows it in the list; any other is rendered with what follows it
            inner = items[k + 1 : stop] if marker.opened else [marker.el, *items[k + 1 : stop]]
            title, skip = write_chapter_start(b, targets[marker.el], inner)
            titles.append(title)
            render_items(b, inner, skip=skip)
    if body_open:
        b.end()
    out, regions, styles = b.finish()
    if drawn and not any(kind == "story" for _p, _b, kind in docs):
        raise EpubError(
            f"has no text to read: {drawn} of its {len(pkg.spine)} pages are images or SVG drawings"
            f"{' (a fixed-layout EPUB)' if _fixed_layout(pkg) else ''}; ficlens reads text only"
        )
    if not any(r.kind == "body" for r in regions) and docs:
        # nothing read as story: keep every document rather than lose the text
        b = TextBuilder(source=SOURCE)
        b.begin("body")
        for _path, body, _kind in docs:
            b.render(body)
        b.end()
        out, regions, styles = b.finish()
    if drawn:
        meta = dataclasses.replace(meta, notices=(*meta.notices, _drawn_notice(drawn, len(pkg.spine), pkg)))
    if meta.title is None and docs:
        h1 = next((el for el in docs[0][1].iter() if tag_of(el) == "h1" and text_of(el)), None)
        meta = dataclasses.replace(meta, title=text_of(h1) if h1 is not None else None)
    meta = dataclasses.replace(meta, chapter_titles=tuple(titles))
    return Parsed(format=NAME, meta=meta, regions=regions, text=out, styles=styles)


__all__ = ["NAME", "classify", "front_kinds", "opf_metadata", "parse", "sniff", "write_chapter_start"]
