"""AO3 downloads: HTML (every layout era) and EPUB (Calibre-made since 2019, hand-made OEBPS before).

Format reference: ``../shared/formats/README.md`` §1–§3 and §11. Both readers build one view of the work and write
it with one renderer, so the same work reads the same from either file:

* **Sections.** A download has a preface (the ``Posted originally…`` message, the tag list, ``h1`` title, byline,
  summary, notes), the chapters (``div#chapters``) and an afterword (end notes, the "Please drop by…" line).
  Since 2019 they are ``div#preface``/``#chapters``/``#afterword``; before, the preface and afterword are bare
  elements around ``#chapters``, and a part is placed by its position and content. A Calibre EPUB repeats
  ``#preface`` (split_000 and 001), ``#chapters`` (every chapter file) and leaves an empty ``#afterword`` shell:
  the spine's bodies are read in order and merged by id. A pre-2019 EPUB has ``preface.xhtml``,
  ``chapterN_M.xhtml`` (parts of one chapter, joined) and ``afterword.xhtml``.
* **No classes in EPUBs.** Calibre renames classes (``div.meta.group`` -> ``calibre1``, ``dl.tags`` ->
  ``dl.message`` without AO3's CSS), so parts are recognised by ids (``preface``, ``chapters``, ``afterword``,
  ``endnotes``, ``endnotesN``), element structure (a chapter's meta is a div opening with its ``h2``, followed by
  label paragraphs and blockquotes) and AO3's fixed label text (``Summary``, ``Chapter Notes``, ``End Notes`` …).
* **Chapters.** ``h2.heading`` reads ``Chapter N: TITLE`` since 2025-10 and the bare title (or ``Chapter N``)
  before; a bare title is written ``Chapter N: TITLE`` so that every era gives the same heading and the
  structure stage numbers the chapter. A one-shot (a bare ``div.userstuff``, with or without a hidden
  ``h2.toc-heading``) has no heading. The NCX label stands in for a chapter whose ``h2`` is empty.
* **Stored text** (what the structure stage reads): a ``footer`` region for the ``Posted originally…`` message,
  a ``header`` region (title, byline, the tag list as ``Label: value`` lines), ``summary`` and ``notes`` regions;
  per chapter a ``body`` region holding only its heading (a ``heading`` region inside), a ``chapter_notes``
  region (chapter byline, summary, notes), a ``body`` region with the chapter text, and a ``chapter_notes``
  region for its end notes; then ``end_notes`` and the afterword ``footer``. Notes are never in a body region.
  Every summary and note is a :class:`~ficlens.model.Note` whose offsets slice the stored text to its text.
* **Metadata** comes from the body (``ao3_meta``); in an EPUB the OPF only fills what the body does not give.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from ..model import Metadata, Note
from ..text.lines import strip_span
from .ao3_meta import (
    PUBLISHER,
    WORK_URL,
    TagList,
    byline_authors,
    collapse,
    fill_from_opf,
    read_tags,
)
from .html import HtmlError, TextBuilder, body_of, children, parse_xhtml, require_body, tag_of, text_of
from .html import parse_html as parse_html_document
from .package import EpubError, Package
from .parsed import Parsed, with_credits

HTML_NAME = "ao3-html"
EPUB_NAME = "ao3-epub"
SOURCE = "ingest.ao3@1"

SECTIONS = ("preface", "chapters", "afterword")
# AO3's label paragraphs (English in every download) -> Note kind
NOTE_LABELS = {
    "summary": "summary",
    "notes": "notes",
    "end notes": "end_notes",
    "chapter summary": "chapter_summary",
    "chapter notes": "chapter_notes",
    "chapter end notes": "chapter_end_notes",
}
_BLOCKS = frozenset("p div section blockquote dl ul ol h1 h2 h3 h4 h5 h6 table hr pre".split())
_ENDNOTES_N = re.compile(r"^endnotes(\d+)$")
_CHAPTER_N = re.compile(r"^Chapter\s+\d[\d,]*(?:\s*:.*)?$", re.IGNORECASE)
_CHAPTER_FILE = re.compile(r"^chapter(\d+)_(\d+)\.x?html?$", re.IGNORECASE)
_SNIFF_POSTED = re.compile(r"Posted\s+originally\s+on\s+the", re.IGNORECASE)
_SNIFF_WORKS = re.compile(r"/works/\d+")
_SNIFF_PREFACE = re.compile(r"""<div\b[^>]*\bid\s*=\s*["']preface["']""", re.IGNORECASE)
_SNIFF_TAGS = re.compile(r"""<dl\b[^>]*\bclass\s*=\s*["'][^"']*\btags\b""", re.IGNORECASE)
_SNIFF_MESSAGE = re.compile(r"""\bclass\s*=\s*["']message["'][^>]*>.{0,600}?archiveofourown\.org""", re.I | re.S)
SNIFF_CHARS = 300_000  # the preface is at the top; a huge summary still fits


# ------------------------------------------------------------------------------------------------------ sniffing
def sniff_html(text: str) -> bool:
    """AO3's ``Posted originally on the`` message with a ``/works/<id>`` link, or ``div#preface`` + ``dl.tags``, or
    (before 2019) a ``p.message`` linking to archiveofourown.org + ``dl.tags``."""
    head = text[:SNIFF_CHARS]
    if _SNIFF_POSTED.search(head) and _SNIFF_WORKS.search(head):
        return True
    return bool(_SNIFF_TAGS.search(head) and (_SNIFF_PREFACE.search(head) or _SNIFF_MESSAGE.search(head)))


def _oebps(pkg: Package) -> bool:
    bases = {posixpath.basename(p).lower() for p in pkg.spine}
    return "preface.xhtml" in bases and "afterword.xhtml" in bases


def sniff_epub(pkg: Package) -> bool:
    """OPF publisher ``Archive of Our Own`` (Calibre), or ``Fanworks`` as the first subject with Calibre's split
    files, or (before 2019) ``preface.xhtml`` + ``afterword.xhtml`` with a ``/works/<id>`` identifier."""
    if any(p.strip().lower() == PUBLISHER.lower() for p in pkg.meta("publisher")):
        return True
    subjects = pkg.meta("subject")
    if subjects and subjects[0].strip() == "Fanworks" and any("_split_" in p for p in pkg.spine):
        return True
    return _oebps(pkg) and any(WORK_URL.search(i) for i in pkg.meta("identifier"))


# ------------------------------------------------------------------------------------------------------ the view
@dataclass
class _Chapter:
    """One chapter as the download lays it out."""

    label: str = ""  # the NCX label of the file it starts in (EPUB)
    meta: list[Any] | None = None  # the items of its meta div (h2, byline, labels, blockquotes); None: none
    content: list[Any] = field(default_factory=list)
    end_notes: list[Any] = field(default_factory=list)
    started_by_file: bool = False  # a pre-2019 chapter file with no meta div started it


@dataclass
class _Work:
    preface: list[Any] = field(default_factory=list)
    chapters: list[tuple[Any, str]] = field(default_factory=list)  # (element or None for a file start, NCX label)
    afterword: list[Any] = field(default_factory=list)
    head_title: str = ""  # <title>, the last resort for the work title


def _nonempty(el: Any) -> bool:
    """Whether an element shows anything: text, a rule or an image (a Calibre page-break placeholder shows none)."""
    if any(t.strip() for t in el.itertext()):
        return True
    return any(tag_of(d) in ("hr", "img") for d in el.iter())


def _shallow(el: Any, depth: int = 2) -> Iterator[Any]:
    """``el`` and its descendants down to ``depth`` levels (to recognise a part without walking a whole chapter)."""
    level = [el]
    for _ in range(depth + 1):
        nxt: list[Any] = []
        for e in level:
            yield e
            nxt.extend(children(e))
        level = nxt


def _is_story(el: Any) -> bool:
    """A ``div.userstuff`` (HTML keeps AO3's classes; only EPUBs made by Calibre lose them)."""
    return "userstuff" in (el.get("class") or "").split() and tag_of(el) == "div"


def _is_preface_part(el: Any) -> bool:
    if _is_story(el):
        return False
    for e in _shallow(el):
        tag = tag_of(e)
        if tag in ("h1", "dl"):
            return True
        if tag == "p" and _SNIFF_POSTED.search(text_of(e)):
            return True
    return False


def _is_afterword_part(el: Any) -> bool:
    if _is_story(el):
        return False
    for e in _shallow(el):
        if e.get("id") in ("endnotes", "afterword"):
            return True
        if tag_of(e) == "p" and text_of(e).lower().startswith("please drop by"):
            return True
    return False


def _holds_section(el: Any) -> bool:
    """Whether a section element (``#preface``, ``#chapters``, ``#afterword``) lies inside ``el`` (markup with a
    missing ``</div>`` nests the next section inside the one before)."""
    return any(d is not el and isinstance(d.tag, str) and d.get("id") in SECTIONS for d in el.iter())


def _sections(bodies: list[tuple[Any, str, str, bool]]) -> _Work:
    """Merge the bodies of one download (one body for HTML; the spine's for an EPUB) into its three sections.

    ``bodies``: ``(body, file's section or "", NCX label of the file, whether the file starts a chapter)``. An
    element with a section id opens that section (a repeated id continues it: Calibre's duplicates merge); another
    element goes to its file's section (pre-2019 EPUB) or, with none, follows the current one: a preface until the
    chapters begin, the afterword once its end notes or closing message appear."""
    work = _Work()
    phase = "preface"

    def add(el: Any, label: str) -> None:
        if phase == "chapters":
            work.chapters.append((el, label))
        elif phase == "afterword":
            work.afterword.append(el)
        else:
            work.preface.append(el)

    def visit(elements: Iterator[Any], default: str, label: str, inside: bool) -> None:
        nonlocal phase
        for el in elements:
            if el.get("id") in SECTIONS:
                phase = el.get("id")
                visit(children(el), default, label, True)
                continue
            if _holds_section(el):
                visit(children(el), default, label, inside)
                continue
            if not inside and not default:
                if phase == "preface" and not _is_preface_part(el) and _nonempty(el):
                    phase = "afterword" if _is_afterword_part(el) else "chapters"
                elif phase == "chapters" and _is_afterword_part(el):
                    phase = "afterword"
            add(el, label)

    for body, default, label, starts_chapter in bodies:
        if default:
            phase = default
        if starts_chapter:
            work.chapters.append((None, label))
        visit(children(body), default, label, False)
    return work


def _meta_items(el: Any) -> list[Any]:
    """The parts of a meta block, wrappers flattened: a div holding blocks is opened, any other element kept."""
    out: list[Any] = []
    for child in children(el):
        if tag_of(child) in ("div", "section") and any(tag_of(g) in _BLOCKS for g in children(child)):
            out.extend(_meta_items(child))
        else:
            out.append(child)
    return out


def _meta_items_of(el: Any) -> list[Any]:
    """``el`` as meta items: a wrapper holding blocks opened, anything else as itself."""
    if tag_of(el) in ("div", "section") and any(tag_of(g) in _BLOCKS for g in children(el)):
        return _meta_items(el)
    return [el]


def _label_kind(el: Any) -> str | None:
    """The Note kind a label paragraph (``Summary``, ``Chapter Notes`` …) announces, else None."""
    if tag_of(el) not in ("p", "div", "h3", "h4", "dt", "b", "strong"):
        return None
    return NOTE_LABELS.get(collapse(text_of(el)).rstrip(":").lower())


def _is_endnote_link(el: Any) -> bool:
    return text_of(el).lower().startswith("see the end of the")


def _is_meta_part(el: Any) -> bool:
    tag = tag_of(el)
    if tag == "blockquote" or not _nonempty(el):
        return True
    if tag not in ("p", "div"):
        return False
    text = text_of(el).lower()
    return _label_kind(el) is not None or text.startswith(("chapter by", "see the end of the chapter"))


def _is_meta_group(el: Any) -> bool:
    """A chapter's meta div: its ``h2`` first, then only chapter byline, labels, blockquotes and the end-note link
    (or, with no ``h2``, those alone with a chapter label among them). Classes are not consulted."""
    if tag_of(el) not in ("div", "section"):
        return False
    kids = children(el)
    first = next(kids, None)
    if first is None:
        return False
    if tag_of(first) == "h2":
        return all(_is_meta_part(k) for k in kids)
    labelled = False
    for k in (first, *kids):
        if not _is_meta_part(k):
            return False
        labelled = labelled or _label_kind(k) in ("chapter_summary", "chapter_notes")
    return labelled


@dataclass
class _Meta:
    """A chapter's meta items (heading, byline, labels, blockquotes), however the markup held them."""

    items: list[Any]


@dataclass
class _End:
    """A chapter's end notes (the items of ``#endnotesN``)."""

    items: list[Any]


def _meta_prefix(el: Any) -> int:
    """How many of a div's first children form a chapter meta (its ``h2`` and the meta parts after it); 0: none."""
    if tag_of(el) not in ("div", "section"):
        return 0
    kids = children(el)
    first = next(kids, None)
    if first is None or tag_of(first) != "h2":
        return 0
    n = 1
    for k in kids:
        if not _is_meta_part(k):
            break
        n += 1
    return n


def _holds_chapter_parts(el: Any) -> bool:
    """Whether a chapter's meta div or ``#endnotesN`` lies inside ``el`` (a missing ``</div>`` nests them)."""
    for d in el.iter():
        if d is el or not isinstance(d.tag, str):
            continue
        if _ENDNOTES_N.match(d.get("id") or ""):
            return True
        parent = d.getparent()
        if tag_of(d) == "h2" and parent is not el and parent is not None and _is_meta_group(parent):
            return True
    return False


def _expand(stream: list[tuple[Any, str]]) -> Iterator[tuple[Any, str]]:
    """The ``#chapters`` stream with each chapter meta div as a :class:`_Meta`; an element that swallowed the
    next chapter's parts (broken nesting) is opened, its leading meta (if it is a meta div) kept as one."""
    for el, label in stream:
        if el is None:
            yield el, label
            continue
        if _ENDNOTES_N.match(el.get("id") or ""):
            kids = list(children(el))
            cut = next((i for i, k in enumerate(kids) if _is_meta_group(k) or _holds_chapter_parts(k)), len(kids))
            yield _End([i for k in kids[:cut] for i in _meta_items_of(k)]), label
            yield from _expand([(k, label) for k in kids[cut:]])
            continue
        if _is_meta_group(el):
            yield _Meta(_meta_items(el)), label
            continue
        prefix = _meta_prefix(el)
        classes = (el.get("class") or "").split()
        if prefix and ("meta" in classes or _holds_chapter_parts(el)):
            kids = list(children(el))
            yield _Meta(kids[:prefix]), label
            yield from _expand([(k, label) for k in kids[prefix:]])
        elif tag_of(el) in ("div", "section") and _holds_chapter_parts(el):
            yield from _expand([(k, label) for k in children(el)])
        else:
            yield el, label


def _split_chapters(stream: list[tuple[Any, str]]) -> list[_Chapter]:
    """The chapters of the ``#chapters`` stream: a meta div (or a pre-2019 chapter file's start) opens a chapter,
    ``#endnotesN`` closes it, anything else that shows is its text (the parts of a split chapter join)."""
    chapters: list[_Chapter] = []
    cur: _Chapter | None = None
    file_start: str | None = None
    for el, label in _expand(stream):
        if el is None:  # a pre-2019 chapter file begins
            file_start = label
            continue
        if isinstance(el, _Meta):
            if cur is not None and cur.started_by_file and cur.meta is None and not cur.content:
                cur.meta = el.items
            else:
                cur = _Chapter(label=file_start or label, meta=el.items)
                chapters.append(cur)
            file_start = None
            continue
        if isinstance(el, _End):
            if cur is None:
                cur = _Chapter(label=label)
                chapters.append(cur)
            cur.end_notes.extend(el.items)
            continue
        if tag_of(el) == "h2":
            continue  # a one-shot's hidden h2.toc-heading (the work title), kept by Calibre for its TOC
        if not _nonempty(el):
            continue
        if file_start is not None:
            cur = _Chapter(label=file_start, started_by_file=True)
            chapters.append(cur)
            file_start = None
        elif cur is None:
            cur = _Chapter(label=label)
            chapters.append(cur)
        cur.content.append(el)
    return chapters


def _heading(raw: str, number: int) -> str:
    """The chapter heading to write: AO3's ``Chapter N: TITLE`` as is; a bare title (before 2025-10) prefixed."""
    text = collapse(raw)
    if not text:
        return f"Chapter {number}"
    if _CHAPTER_N.match(text):
        return text
    return f"Chapter {number}: {text}"


# ------------------------------------------------------------------------------------------------------ rendering
@dataclass
class _Result:
    text: str
    regions: tuple[Any, ...]
    styles: tuple[Any, ...]
    meta: Metadata
    tags: TagList | None


class _Renderer:
    """Writes a :class:`_Work` into stored text and collects its metadata."""

    def __init__(self) -> None:
        self.b = TextBuilder(source=SOURCE)
        self.spans: list[tuple[str, int, int, int | None]] = []  # (note kind, start, end, chapter)
        self.extra: list[tuple[str, str]] = []

    def notes(self, items: list[Any], default: str, chapter: int | None) -> list[Any]:
        """Write label + blockquote pairs; returns the items that are not notes (for the caller to place)."""
        kind = default
        label: Any = None
        rest: list[Any] = []
        for item in items:
            found = _label_kind(item)
            if found is not None:
                kind, label = found, item
            elif tag_of(item) == "blockquote":
                if label is not None:
                    self.b.paragraph(text_of(label))
                    label = None
                start = self.b.offset
                self.b.render(item)
                self.spans.append((kind, start, self.b.offset, chapter))
            elif _is_endnote_link(item) or not _nonempty(item):
                continue
            else:
                rest.append(item)
        return rest

    def run(self, work: _Work) -> _Result:
        b = self.b
        title_el = byline_el = message = tags_el = None
        note_stream: list[Any] = []  # label paragraphs and blockquotes, in order
        other: list[Any] = []
        related: list[Any] = []
        for item in _flatten_preface(work.preface):
            tag = tag_of(item)
            text = text_of(item)
            if tag == "h2":
                continue  # the hidden "Preface" toc-heading
            if tag == "p" and message is None and _SNIFF_POSTED.search(text):
                message = item
            elif tag == "dl" and tags_el is None:
                tags_el = item
            elif tag == "h1" and title_el is None:
                title_el = item
            elif byline_el is None and tag in ("div", "p") and len(text) < 1000 and re.match(r"^by\b", text, re.I):
                byline_el = item
            elif _label_kind(item) is not None or tag == "blockquote":
                note_stream.append(item)
            elif tag in ("ul", "ol"):
                related.append(item)
            elif _is_endnote_link(item):
                continue
            elif _nonempty(item):
                other.append(item)
        summary_items: list[Any] = []
        note_items: list[Any] = []
        current: str | None = None
        for item in note_stream:
            current = _label_kind(item) or current
            (summary_items if current == "summary" else note_items).append(item)

        tags = read_tags(tags_el) if tags_el is not None else None
        title = text_of(title_el) if title_el is not None else ""
        if not title and message is not None:
            bold = next((e for e in message.iter() if tag_of(e) in ("b", "strong")), None)
            title = text_of(bold) if bold is not None else ""
        if not title and work.head_title:
            title = work.head_title.split(" - ")[0].strip()
        authors, author_url = byline_authors(byline_el) if byline_el is not None else ((), None)

        # preface: message, header, summary, notes
        if message is not None:
            b.region("footer", message)
        b.begin("header")
        if title:
            b.paragraph(title)
        if byline_el is not None:
            b.paragraph(text_of(byline_el))
        if tags is not None and tags.lines:
            b.end_paragraph()
            for label, value in tags.lines:
                b.inline(f"{label}: {value}" if value else f"{label}:")
                b.line_break()
            b.end_paragraph()
        for el in related:
            for li in (e for e in el.iter() if tag_of(e) == "li"):
                if text_of(li):
                    self.extra.append(("Related work", text_of(li)))
            b.render_children([el])
        b.render_children(other)
        b.end()
        b.begin("summary")
        self.notes(summary_items, "summary", None)
        b.end()
        b.begin("notes")
        self.notes(note_items, "notes", None)
        b.end()

        # chapters
        chapters = _split_chapters(work.chapters)
        headed = len(chapters) > 1 or any(c.meta is not None or c.started_by_file for c in chapters)
        headings: list[str] = []
        for number, ch in enumerate(chapters, 1):
            meta_items = ch.meta or []
            h2 = next((e for e in meta_items if tag_of(e) == "h2"), None)
            if headed:
                heading = _heading(text_of(h2) if h2 is not None else ch.label, number)
                headings.append(heading)
                b.begin("body")
                b.heading(heading)
                b.end()
            b.begin("chapter_notes")
            rest = self.notes([e for e in meta_items if e is not h2], "chapter_notes", number)
            b.render_children(rest)  # "Chapter by …" when the chapter's creators differ from the work's
            b.end()
            b.begin("body")
            b.render_children(ch.content)
            b.end()
            b.begin("chapter_notes")
            b.render_children(self.notes(ch.end_notes, "chapter_end_notes", number))
            b.end()

        # afterword
        end_items: list[Any] = []
        footer: list[Any] = []
        for item in _flatten_preface(work.afterword):
            tag = tag_of(item)
            if tag == "h2":
                continue  # the hidden "Afterword" toc-heading
            if tag == "dl":
                for dd in (e for e in item.iter() if tag_of(e) == "dd"):
                    if text_of(dd):
                        self.extra.append(("Works inspired by this one", text_of(dd)))
                footer.append(item)
            elif _label_kind(item) is not None or tag == "blockquote":
                end_items.append(item)
            elif _nonempty(item):
                footer.append(item)
        b.begin("end_notes")
        footer[:0] = self.notes(end_items, "end_notes", None)
        b.end()
        b.begin("footer")
        b.render_children(footer)
        b.end()

        text, regions, styles = b.finish()
        notes: list[Note] = []
        for kind, start, end, chapter in self.spans:
            s, e = strip_span(text, start, end)
            if e > s:
                notes.append(Note(kind=kind, text=text[s:e], start=s, end=e, chapter=chapter))
        summary = next((n.text for n in notes if n.kind == "summary"), None)

        url = work_id = None
        for el in (message, *work.preface, *work.afterword):
            if el is None:
                continue
            for a in el.iter():
                m = WORK_URL.search(a.get("href") or "") if tag_of(a) == "a" else None
                if m:
                    url, work_id = m.group(1), m.group(2)
                    break
            if url:
                break
        if author_url and not author_url.startswith(("http://", "https://")):
            author_url = urljoin(url or "https://archiveofourown.org/", author_url)  # relative before 2017-09
        fields: dict[str, Any] = dict(tags.fields) if tags is not None else {}
        extra = [*(tags.extra if tags is not None else ()), *self.extra]
        meta = Metadata(
            title=title or None,
            authors=authors,
            summary=summary,
            notes=tuple(notes),
            publisher=PUBLISHER,
            url=url,
            work_id=work_id,
            author_url=author_url,
            chapter_titles=tuple(headings),
            extra=tuple(extra),
            **fields,
        )
        return _Result(text, regions, styles, meta, tags)


def _flatten_preface(items: list[Any]) -> list[Any]:
    """The preface's (or afterword's) parts with their ``div.meta`` wrappers opened."""
    return [part for item in items for part in _meta_items_of(item)]


# ------------------------------------------------------------------------------------------------------ readers
_SAFETY = (LookupError, ValueError, TypeError, AttributeError, etree.LxmlError)


def parse_html(text: str) -> Parsed:
    """An AO3 HTML download (any era since 2010) into stored text, regions, styles and metadata."""
    root = parse_html_document(text)
    body = require_body(root)
    try:
        work = _sections([(body, "", "", False)])
        head_title = next((e for e in root.iter() if tag_of(e) == "title"), None)
        work.head_title = text_of(head_title) if head_title is not None else ""
        result = _Renderer().run(work)
    except _SAFETY as exc:
        raise HtmlError(f"could not be read as an AO3 download ({type(exc).__name__}: {exc})") from None
    return Parsed(
        format=HTML_NAME,
        meta=with_credits(result.meta),
        regions=result.regions,
        text=result.text,
        styles=result.styles,
    )


def _check_files(pkg: Package) -> None:
    """Every document the manifest or the table of contents names must be in the archive (``open_package`` drops
    a spine entry whose file is missing, which would silently lose a chapter)."""
    listed = [p for p, media, _ in pkg.manifest.values() if "html" in media or p.lower().endswith((".xhtml", ".html"))]
    listed += [e.href for e in pkg.toc if e.href]
    missing = next((p for p in listed if not pkg.has(p)), None)
    if missing is not None:
        raise EpubError(f"is an AO3 EPUB whose package names {missing!r}, which is missing from the archive")


def _xhtml(pkg: Package, path: str) -> Any:
    try:
        return parse_xhtml(pkg.read(path))
    except HtmlError as exc:
        raise EpubError(f"has an unreadable document {path!r} ({exc.cause})") from None


def parse_epub(pkg: Package) -> Parsed:
    """An AO3 EPUB (Calibre since 2019, OEBPS before) into stored text, regions, styles and metadata."""
    _check_files(pkg)
    labels: dict[str, str] = {}
    for entry in pkg.toc:
        labels.setdefault(entry.href, collapse(entry.label))
    oebps = _oebps(pkg)
    bodies: list[tuple[Any, str, str, bool]] = []
    chapter_files = [p for p in pkg.spine if (m := _CHAPTER_FILE.match(posixpath.basename(p))) and m.group(2) == "1"]
    mark = oebps and len(chapter_files) > 1  # a pre-2019 work of several chapters: each chapterN_1 starts one
    for path in pkg.spine:
        base = posixpath.basename(path).lower()
        default = ""
        if oebps:
            m = _CHAPTER_FILE.match(base)
            if base.startswith("preface."):
                default = "preface"
            elif base.startswith("afterword."):
                default = "afterword"
            elif m:
                default = "chapters"
        starts = mark and path in chapter_files
        bodies.append((body_of(_xhtml(pkg, path)), default, labels.get(path, ""), starts))
    try:
        work = _sections(bodies)
        result = _Renderer().run(work)
        meta = fill_from_opf(result.meta, pkg, calibre=not oebps, body_tags=result.tags)
    except _SAFETY as exc:
        raise EpubError(f"could not be read as an AO3 download ({type(exc).__name__}: {exc})") from None
    return Parsed(
        format=EPUB_NAME,
        meta=with_credits(meta),
        regions=result.regions,
        text=result.text,
        styles=result.styles,
    )
