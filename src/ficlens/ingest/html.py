"""Safe HTML and XHTML parsing, and the rendering of HTML into ficlens' stored text.

Every HTML-based reader (AO3 HTML and EPUB, FanFicFare HTML and EPUB, any EPUB, any HTML page) parses with
:func:`parse_html` or :func:`parse_xhtml` and writes the story with a :class:`TextBuilder`:

* **Parsing is safe** (``docs/ingest.md``, *Safety*): no network, no DTD loading, no external entities, no
  entity expansion; a document that declares entities in its DTD (the "billion laughs" and XXE shapes) is
  refused before it is parsed; nesting deeper than :data:`MAX_DEPTH` is refused, and so are more than
  :data:`MAX_ELEMENTS` elements in one read (:func:`element_budget`); an archive or image is never parsed.
* **Rendering**: block elements (``p``, ``div``, headings, ``blockquote``, list items …) become paragraphs
  separated by one blank line; ``<br>`` is a line break inside a paragraph; ``<hr>`` becomes a ``* * *`` line,
  which the structure stage reads as a scene break, as it does centred ornaments (``~*~``) that authors type.
  Whitespace collapses as a browser collapses it (``<pre>`` keeps its own). Character references are decoded
  by the parser. ``<em>``/``<i>``, ``<strong>``/``<b>``, ``<u>``, ``<s>`` … are kept as :class:`Style` spans
  over the stored text (layer ``styles``). Scripts, styles, forms, images and the like are dropped.
* Every offset (regions, styles, notes) is an offset into the stored text the builder returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..errors import IngestError, UnknownFormatError
from ..model import Region, Style
from ..text.lines import strip_span
from .decode import sniff_binary

# Deeper nesting than any real story needs; a nesting bomb stops here. It must stay under libxml2's own cap (256
# levels without huge_tree), past which the parser silently drops the rest of the document instead of failing.
MAX_DEPTH = 250
# Elements in one read, all of an EPUB's documents together: far more than any real work has (a 100,000-word
# work has some 5,000 to 10,000). Rendering costs a few microseconds an element, so this bounds a read's time.
MAX_ELEMENTS = 500_000
# Characters of stored text one read may render (all of an EPUB's documents, metadata and notes together): more
# than the largest document the byte limits let through (64 MiB of XHTML), so only amplification reaches it (the
# same document rendered again and again); past it the read is refused with one HtmlError.
MAX_RENDERED_CHARS = 64 * 1024 * 1024
SOURCE = "ingest.html@1"

BLOCK_TAGS = frozenset(
    """p div section article blockquote h1 h2 h3 h4 h5 h6 li dd dt pre center table tr ul ol dl header footer
    aside figure figcaption address main nav body html details summary caption tbody thead tfoot hgroup""".split()
)
SKIP_TAGS = frozenset(
    """script style head title meta link noscript template svg math object embed iframe img button form input
    select textarea option audio video canvas map area source track param base""".split()
)
STYLE_TAGS = {
    "em": "em",
    "i": "em",
    "cite": "em",
    "var": "em",
    "dfn": "em",
    "strong": "strong",
    "b": "strong",
    "u": "underline",
    "ins": "underline",
    "s": "strike",
    "strike": "strike",
    "del": "strike",
    "code": "code",
    "tt": "code",
    "kbd": "code",
    "samp": "code",
    "sup": "sup",
    "sub": "sub",
}
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_COUNT_ELEMENTS = etree.XPath("count(//*)")
_TOO_DEEP = etree.XPath("boolean(" + "/*" * (MAX_DEPTH + 2) + ")")  # an element below depth MAX_DEPTH (root: 0)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# the elements left to one read (see element_budget); None outside a read: each document has MAX_ELEMENTS
_budget: ContextVar[list[int] | None] = ContextVar("ficlens_element_budget", default=None)
# the characters left to one read's TextBuilders (see element_budget); None outside a read: each builder has its own
_rendered: ContextVar[list[int] | None] = ContextVar("ficlens_render_budget", default=None)
_WS = re.compile(r"[ \t\n\r\f\v\u00a0]+")  # a no-break space collapses too: AO3 pastes are full of them
_ITALIC = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)
# a printed page number as an element holds it: "175", "xiv", "{ix}", "[Pg 12]", "[p. 12]", "Page 12"
_PAGE_NUMBER = re.compile(r"^[\[{(]?\s*(?:(?:pg|p|page)\.?\s*)?(?:\d{1,5}|[ivxlcdm]{1,8})\s*[\]})]?$", re.IGNORECASE)
_PAGE_BRACKETED = re.compile(
    r"^(?:\{\s*(?:\d{1,5}|[ivxlcdm]{1,8})\s*\}|\[\s*pg?\.?\s*(?:\d{1,5}|[ivxlcdm]{1,8})\s*\])$", re.IGNORECASE
)
_PAGE_CLASSES = frozenset("pagenum pagenumber page-number pageno page_number pagebreak page-break pb page".split())
_CLOSING = frozenset(".,;:!?)]”’")
_PAGE_TYPES = frozenset(("pagebreak", "doc-pagebreak"))
_BOLD = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.IGNORECASE)


class HtmlError(IngestError):
    """HTML or XHTML that cannot be read safely (entity declarations, nesting bombs, no body)."""


def tag_of(el: Any) -> str:
    """An element's local tag name in lower case ('' for comments and processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def refuse_entities(data: bytes | str) -> None:
    """Refuse a document whose DTD declares entities: no story needs them, and they are how XXE and
    entity-expansion ("billion laughs") attacks are built."""
    head = data if isinstance(data, bytes) else data.encode("utf-8", "replace")
    if b"\x00" in head[:4096]:  # UTF-16 or UTF-32 (with or without a BOM): look at the ASCII it spells
        head = head.replace(b"\x00", b"")
    if _ENTITY_DECL.search(head):
        raise HtmlError("declares XML entities in its DTD (refused: external-entity or entity-expansion attack)")


@contextmanager
def element_budget(limit: int | None = None, chars: int | None = None) -> Iterator[None]:
    """Within this block, every document parsed counts against one budget of ``limit`` elements, and every
    character a TextBuilder writes against one budget of ``chars`` (one read; defaults: the module's limits)."""
    limit = MAX_ELEMENTS if limit is None else limit
    chars = MAX_RENDERED_CHARS if chars is None else chars
    token = _budget.set([limit, limit])
    rendered = _rendered.set([chars, chars])
    try:
        yield
    finally:
        _rendered.reset(rendered)
        _budget.reset(token)


def _render_budget() -> list[int]:
    return _rendered.get() or [MAX_RENDERED_CHARS, MAX_RENDERED_CHARS]


def _refuse_markup_bomb(data: bytes | str) -> None:
    """Refuse, before parsing, a document with far more tags than the element limit allows (the parser's own
    memory would otherwise be spent first: libxml2 needs some 100 bytes an element)."""
    budget = _budget.get() or [MAX_ELEMENTS, MAX_ELEMENTS]
    tags = data.count(b"<") if isinstance(data, bytes) else data.count("<")
    if tags > 2 * budget[0] + 1000:  # an element costs two tags, its start and its end
        raise HtmlError(
            f"has {tags} tags, more than the limit of {budget[1]} elements allows (refused as a markup bomb)"
        )


def _check_tree(root: Any) -> None:
    """Refuse nesting deeper than MAX_DEPTH, and more elements than the read's budget (both counted in C)."""
    if _TOO_DEEP(root):
        raise HtmlError(f"nests elements more than {MAX_DEPTH} deep (refused as a nesting bomb)")
    budget = _budget.get() or [MAX_ELEMENTS, MAX_ELEMENTS]
    budget[0] -= int(_COUNT_ELEMENTS(root))
    if budget[0] < 0:
        raise HtmlError(f"holds more than {budget[1]} HTML elements (refused: too many to read safely)")


def parse_html(data: bytes | str) -> Any:
    """An HTML document's root element, parsed leniently (as browsers do) and safely."""
    refuse_entities(data)
    _refuse_markup_bomb(data)
    parser = lxml_html.HTMLParser(
        no_network=True, remove_pis=True, remove_comments=False, huge_tree=False, default_doctype=False
    )
    try:
        if isinstance(data, str):
            data = data.encode("utf-8")
            parser = lxml_html.HTMLParser(
                encoding="utf-8", no_network=True, remove_pis=True, remove_comments=False, huge_tree=False
            )
        root = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise HtmlError(
            f"is not readable HTML ({str(exc).splitlines()[0] if str(exc) else 'empty document'})"
        ) from None
    if root is None:
        raise HtmlError("is not readable HTML (no document element)")
    _check_tree(root)
    return root


def parse_xhtml(data: bytes) -> Any:
    """An XHTML (or other XML) document's root element: strict XML first, with every dangerous feature off; a
    file that is not well-formed (common in hand-made EPUBs) falls back to the lenient HTML parser."""
    what = sniff_binary(data[:4096])
    if what:  # an archive or image listed as a document is never opened (an EPUB inside the EPUB stays shut)
        raise HtmlError(f"has a document that is {what}, not XHTML")
    refuse_entities(data)
    _refuse_markup_bomb(data)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        recover=False,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        if b"\x00" in data[:65536] and not data.startswith(_BOMS):
            raise HtmlError("has a document that is binary (NUL bytes), not XHTML") from None
        return parse_html(data)
    if root is None:
        raise HtmlError("is not readable XHTML (no document element)")
    _check_tree(root)
    return root


def parse_xml(data: bytes, what: str) -> Any:
    """A small XML file of a package (container.xml, the OPF, the NCX), strictly and safely."""
    refuse_entities(data)
    _refuse_markup_bomb(data)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True, recover=True
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise HtmlError(f"has an unreadable {what} ({str(exc).splitlines()[0]})") from None
    if root is None:
        raise HtmlError(f"has an empty {what}")
    _check_tree(root)
    return root


def body_of(root: Any) -> Any:
    """The ``<body>`` of a parsed document (the root itself when it has none)."""
    for el in root.iter():
        if tag_of(el) == "body":
            return el
    return root


def children(el: Any) -> Iterator[Any]:
    """Element children only (no comments or processing instructions)."""
    return (c for c in el if isinstance(c.tag, str))


def find_all(root: Any, tag: str, **attrs: str) -> list[Any]:
    """Descendants with this local tag whose attributes match (``cls`` matches one class among several)."""
    out = []
    for el in root.iter():
        if tag_of(el) != tag:
            continue
        if all(v in (el.get("class") or "").split() if k == "cls" else el.get(k) == v for k, v in attrs.items()):
            out.append(el)
    return out


def text_of(el: Any) -> str:
    """An element's text with whitespace collapsed (no structure)."""
    if el is None:
        return ""
    return _WS.sub(" ", "".join(el.itertext())).strip()


def is_page_number(el: Any) -> bool:
    """A printed page number the source carries along (``<span epub:type="pagebreak">175</span>``, ``<a
    class="page">``, Gutenberg's ``<span class="pagenum">[Pg 12]</span>`` or ``{ix}``): an element marked as a
    page break (``epub:type``/``role``, or a page class) that holds nothing but a page number, or an inline element
    that holds only a braced ``{ix}`` or a ``[Pg 12]``. Never story text."""
    tag = tag_of(el)
    if tag not in ("span", "a", "div", "p", "small", "sup", "ins"):
        return False
    marked = False
    for key, value in el.attrib.items():
        name = key.rsplit("}", 1)[-1].rsplit(":", 1)[-1]  # epub:type parsed as HTML keeps its prefix
        tokens = set(value.lower().split())
        marked = marked or bool(
            _PAGE_TYPES & tokens if name in ("type", "role") else name == "class" and _PAGE_CLASSES & tokens
        )
    if marked:
        text = text_of(el)
        return not text or bool(_PAGE_NUMBER.match(text))
    if tag not in ("span", "a") or len(el) > 1 or len(el.text or "") > 16:
        return False
    text = text_of(el)
    return bool(text) and len(text) <= 16 and bool(_PAGE_BRACKETED.match(text))


_DROP_CAP_ALT = re.compile(r"^[“‘\"']?[A-Za-z]$")


def drop_cap(img: Any) -> str:
    """The letter a decorated initial stands for (an ``<img alt="N">`` right before ``OT all``, Gutenberg's drop
    caps), or ``""``: the alt is one letter, and the text right after the image (or after the inline element
    that holds only the image) starts with a letter."""
    alt = (img.get("alt") or "").strip()
    if not _DROP_CAP_ALT.match(alt):
        return ""
    after = img.tail or ""
    parent, following = img.getparent(), img.getnext()
    if not after and following is not None and tag_of(following) not in BLOCK_TAGS:
        after = following.text or ""  # <img alt="N"/><span class="smcap">OT</span>
    elif not after and parent is not None and tag_of(parent) not in BLOCK_TAGS and len(parent) == 1:
        after = parent.tail or ""
    return alt if after[:1].isalpha() else ""


def is_centered(el: Any) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return (el.get("align") or "").lower() == "center" or "text-align:center" in style or tag_of(el) == "center"


@dataclass
class TextBuilder:
    """Writes rendered HTML into one stored text, with regions and style spans over it."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    regions: list[Region] = field(default_factory=list)
    styles: list[Style] = field(default_factory=list)
    source: str = SOURCE
    _in_para: bool = False
    _pending: str = ""  # whitespace waiting for the next visible character: " " or "\n"
    _open: list[tuple[str, int]] = field(default_factory=list)  # (region kind, start)
    _after_page: bool = False  # a page number was just left out
    _chars: list[int] = field(default_factory=_render_budget)  # [left, limit], shared by one read's builders

    # ---------------------------------------------------------------------------------------------- low level
    def _emit(self, s: str) -> None:
        self._chars[0] -= len(s)
        if self._chars[0] < 0:
            raise HtmlError(
                f"renders to more than {self._chars[1]:,} characters of text (refused: amplified past the limit)"
            )
        self.parts.append(s)
        self.length += len(s)

    def _put(self, s: str) -> None:
        """Visible text into the current paragraph (opening one if needed)."""
        if not s:
            return
        if not self._in_para:
            if self.length:
                self._emit("\n\n")
            self._in_para = True
            self._pending = ""
        elif self._pending:
            self._emit(self._pending)
            self._pending = ""
        self._emit(s)

    def inline(self, raw: str, pre: bool = False) -> None:
        """Running text: whitespace collapses (kept as written inside ``<pre>``)."""
        if not raw:
            return
        if pre:
            for k, line in enumerate(raw.split("\n")):
                if k:
                    self.line_break()
                self._put(line)
            return
        s = _WS.sub(" ", raw)
        if self._after_page:
            self._after_page = False
            if self._pending == " " and s[:1] in _CLOSING:
                self._pending = ""
        if s.startswith(" ") and self._in_para and not self._pending:
            self._pending = " "
        s_stripped = s.strip(" ")
        if s_stripped:
            self._put(s_stripped)
            if s.endswith(" "):
                self._pending = " "

    def line_break(self) -> None:
        if self._in_para:
            if self._pending == "\n":
                self.end_paragraph()  # <br><br> shows a blank line: a paragraph break (FanFiction.Net-style text)
            else:
                self._pending = "\n"

    def end_paragraph(self) -> None:
        self._in_para = False
        self._pending = ""

    @property
    def offset(self) -> int:
        return self.length

    # ---------------------------------------------------------------------------------------------- structure
    def paragraph(self, text: str) -> tuple[int, int]:
        """A paragraph of plain text (a heading, a label); returns its span."""
        self.end_paragraph()
        start = self.length + (2 if self.length else 0)
        self.inline(text)
        end = self.length
        self.end_paragraph()
        return (start, end) if end > start else (end, end)

    def separator(self) -> None:
        self.paragraph("* * *")

    def heading(self, text: str) -> None:
        """A chapter heading the source marks itself (region ``heading``)."""
        start, end = self.paragraph(text)
        if end > start:
            self.regions.append(Region(start, end, source=self.source, kind="heading"))

    def begin(self, kind: str) -> None:
        self.end_paragraph()
        self._open.append((kind, self.length))

    def end(self) -> Region | None:
        """Close the region begun last; returns it (None when nothing was written in it)."""
        self.end_paragraph()
        kind, start = self._open.pop()
        start, end = strip_span(self.text, start, self.length)
        if end <= start:
            return None
        r = Region(start, end, source=self.source, kind=kind)
        self.regions.append(r)
        return r

    def region(self, kind: str, el: Any) -> Region | None:
        """Render ``el`` as a region of ``kind``."""
        self.begin(kind)
        self.render(el)
        return self.end()

    # ---------------------------------------------------------------------------------------------- rendering
    def render(self, el: Any, skip: Iterable[Any] = ()) -> None:
        """Render an element's content (not its tail). ``skip``: elements to leave out."""
        skipped = set(skip)
        self._walk(el, skipped, pre=False, top=True)

    def render_children(self, els: Iterable[Any]) -> None:
        for el in els:
            self._walk(el, set(), pre=False, top=True)

    def _walk(self, el: Any, skip: set[Any], pre: bool, top: bool = False) -> None:
        tag = tag_of(el)
        if tag == "img" and el not in skip:
            letter = drop_cap(el)
            if letter:
                self.inline(letter, pre)
            return
        if not tag or el in skip or tag in SKIP_TAGS:
            return
        if (el.attrib or el.text) and is_page_number(el):
            self._after_page = True  # "page <span>12</span>." must not become "page ."
            return
        if tag == "br":
            self.line_break()
            return
        if tag == "hr":
            self.end_paragraph()
            self.separator()
            return
        block = tag in BLOCK_TAGS
        if block:
            self.end_paragraph()
        elif tag in ("td", "th") and self._in_para:
            self._pending = self._pending or " "  # table cells of one row read as one line: "Label: value"
        pre = pre or tag == "pre"
        kinds = []
        if tag in STYLE_TAGS:
            kinds.append(STYLE_TAGS[tag])
        style = el.get("style") or ""
        if style:
            if _ITALIC.search(style) and "em" not in kinds:
                kinds.append("em")
            if _BOLD.search(style) and "strong" not in kinds:
                kinds.append("strong")
        starts = [(k, self.length + (len(self._pending) if self._in_para else 0)) for k in kinds]
        if el.text:
            self.inline(el.text, pre)
        for child in el:
            if isinstance(child.tag, str):
                self._walk(child, skip, pre)
            if child.tail:
                self.inline(child.tail, pre)
        for kind, start in starts:
            self._style(kind, start, self.length)
        if block:
            self.end_paragraph()

    def _style(self, kind: str, start: int, end: int) -> None:
        if end > start:
            self.styles.append(Style(start, end, source=self.source, kind=kind))

    # ---------------------------------------------------------------------------------------------- result
    @property
    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""

    def finish(self) -> tuple[str, tuple[Region, ...], tuple[Style, ...]]:
        """The stored text (ending with a newline), its regions in text order, and its style spans, each
        trimmed of whitespace and split at paragraph breaks."""
        self.end_paragraph()
        if self.length:
            self._emit("\n")
        text = self.text
        styles: list[Style] = []
        for st in self.styles:
            pos = st.start
            for piece in text[st.start : st.end].split("\n\n"):
                s, e = strip_span(text, pos, pos + len(piece))
                if e > s:
                    styles.append(Style(s, e, source=st.source, kind=st.kind))
                pos += len(piece) + 2
        styles.sort(key=lambda s: (s.start, s.end))
        regions = sorted(self.regions, key=lambda r: (r.start, -r.end))
        return text, tuple(regions), tuple(styles)


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML or XHTML document rather than a plain-text story."""
    head = text.lstrip()[:4000].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return "<html" in head or "<body" in head or "<!doctype html" in head
    return "<body" in head or ("<html" in head and "</" in head)


def require_body(root: Any) -> Any:
    body = body_of(root)
    if body is root and tag_of(root) != "body" and not len(root):
        raise UnknownFormatError("is HTML with no body (nothing to read)")
    if not text_of(body):
        raise UnknownFormatError("is HTML with no text in its body")
    return body
