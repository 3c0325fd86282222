"""Any EPUB 2 or 3 (``epub``): documents in spine order, chapter titles from the table of contents (the EPUB 3
navigation document, else the EPUB 2 NCX), metadata from the OPF's Dublin Core.

* **Chapters.** A spine document the TOC names starts a chapter headed by the TOC label (a ``heading`` region
  inside the body); a TOC entry pointing at a fragment (``book.xhtml#ch2``) starts one at that element. A
  heading the document repeats at its top is written once (the longer of the two when one holds the other).
  A document the TOC does not name continues the chapter before it (Calibre splits long chapters into
  several files). An EPUB whose TOC names no story document gets a chapter per document that opens with a
  heading.
* **Front matter.** A cover, title page, copyright page or table-of-contents page is not story text: the
  navigation document, the documents the OPF ``<guide>`` or the EPUB 3 landmarks mark so, and documents
  whose TOC label or file name says so (``cover``, ``titlepage``, ``toc`` …). Title and copyright pages go to
  ``header`` regions, contents pages to ``toc`` regions, covers (an image) are left out.
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
from .html import TextBuilder, body_of, parse_xhtml, parse_xml, tag_of, text_of
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
from .package import Package, _resolve
from .parsed import Parsed

NAME = "epub"
SOURCE = "ingest.epub@1"

_FRONT_LABEL = re.compile(
    r"^(?:cover|front ?cover|title ?page|title|table of contents|contents|toc|copyright(?: page)?|navigation|"
    r"colophon|imprint)$",
    re.IGNORECASE,
)
_FRONT_FILE = re.compile(
    r"^(?:cover(?:page)?|title[-_ ]?page|titlepage|title|toc|nav|contents|copyright(?:[-_ ]?page)?|colophon)$",
    re.IGNORECASE,
)
_GUIDE_KINDS = {
    "cover": "cover",
    "title-page": "header",
    "titlepage": "header",
    "copyright-page": "header",
    "colophon": "header",
    "toc": "toc",
}
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
    """EPUB 3 ``<meta refines="#id" property=…>`` values by the id they refine."""
    out: dict[str, dict[str, str]] = {}
    for tag, attrs, text in pkg.metadata:
        if tag == "meta" and attrs.get("refines", "").startswith("#") and attrs.get("property"):
            out.setdefault(attrs["refines"][1:], {})[attrs["property"]] = text
    return out


def opf_metadata(pkg: Package) -> Metadata:
    """What the OPF's Dublin Core (and Calibre / EPUB 3 series metadata) says about the work."""
    refines = _refines(pkg)
    titles = pkg.meta("title")
    authors: list[str] = []
    for attrs, text in pkg.meta_attrs("creator"):
        role = attrs.get("role") or refines.get(attrs.get("id", ""), {}).get("role", "")
        if text and role.lower() in ("", "aut") and text not in authors:
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


def classify(path: str, label: str, text: str, marked: dict[str, str]) -> str:
    """``story``, or the front-matter kind of a document (``cover``, ``header``, ``toc``)."""
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
    docs: list[tuple[str, Any, str]] = []  # (path, body, kind)
    for path in pkg.spine:
        body = body_of(parse_xhtml(pkg.read(path)))
        text = text_of(body)
        if not text:
            continue  # an image-only cover or an empty page
        label = labels.get(path) or next((lab for _frag, lab in fragments.get(path, [])), "")
        docs.append((path, body, classify(path, label, text, marked)))
    story_docs = [path for path, _body, kind in docs if kind == "story"]
    toc_names_story = any(p in labels or p in fragments for p in story_docs)

    b = TextBuilder(source=SOURCE)
    body_open = False
    titles: list[str] = []
    for path, body, kind in docs:
        if kind != "story":
            if kind in ("header", "toc"):
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
    if not any(r.kind == "body" for r in regions) and docs:
        # nothing read as story: keep every document rather than lose the text
        b = TextBuilder(source=SOURCE)
        b.begin("body")
        for _path, body, _kind in docs:
            b.render(body)
        b.end()
        out, regions, styles = b.finish()
    meta = opf_metadata(pkg)
    if meta.title is None and docs:
        h1 = next((el for el in docs[0][1].iter() if tag_of(el) == "h1" and text_of(el)), None)
        meta = dataclasses.replace(meta, title=text_of(h1) if h1 is not None else None)
    meta = dataclasses.replace(meta, chapter_titles=tuple(titles))
    return Parsed(format=NAME, meta=meta, regions=regions, text=out, styles=styles)


__all__ = ["NAME", "classify", "front_kinds", "opf_metadata", "parse", "sniff", "write_chapter_start"]
