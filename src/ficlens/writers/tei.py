"""TEI P5 XML: the work's text with its structure, speakers, characters and places (``STEM.tei.xml``).

The header carries the metadata (``fileDesc``, ``profileDesc`` with the AO3 tags and a ``listPerson`` of the
characters, ``encodingDesc`` saying what ficlens did); ``<front>`` the summary and notes; ``<body>`` one
``div type="chapter"`` per chapter, one ``div type="scene"`` per scene and one ``<p>`` per paragraph, with
``<said>``, ``<persName>``/``<rs>``, ``<placeName>``/``<rs type="place">`` and ``<hi>`` inside. Every element is
built with lxml from the Document's layers; nothing is parsed from text, and characters XML 1.0 cannot hold
are dropped (``common.xml_safe``). ``docs/outputs.md`` lists every element and attribute used.

Spans that overlap without nesting are cut where the outer element ends: the pieces of one span carry
``xml:id`` and ``@next``/``@prev`` (TEI's ``att.global.linking``), so ``<said>`` elements without ``@prev`` are
exactly the quotations.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ..model import Document
from ..model.records import Character, Mention, Place, Quote, Style
from ..version import __version__
from . import write_atomic
from .common import LANGUAGE_TAGS, character_xml_id, characters, label, xml_safe

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"

# Inline style kinds → the @rend of <hi> (HTML and EPUB sources only).
STYLE_REND = {
    "em": "italic",
    "strong": "bold",
    "underline": "underline",
    "strike": "strikethrough",
    "small-caps": "small-caps",
    "code": "monospace",
    "sup": "superscript",
    "sub": "subscript",
}

# What the evidence in a quote's ``method`` means (categories of the "attribution" taxonomy).
EVIDENCE = {
    "explicit": "a speech verb names the speaker (“said Tom”, “he asked”)",
    "beat": "narration in the paragraph has the speaker as its subject (an action beat)",
    "vocative": "the speaker was addressed by name in the previous turn",
    "turn-taking": "bare dialogue: the speaker alternates with the previous speakers",
    "context": "the speaker is the best candidate in view without a direct cue",
}

# Quote scores (the calibrated probability that the speaker is right) → TEI @cert.
CERT_HIGH = 0.9
CERT_MEDIUM = 0.6

# AO3 tag lists in the order AO3 shows them → the @n of their <keywords>.
KEYWORD_FIELDS = ("rating", "warnings", "categories", "fandoms", "relationships", "characters", "freeform", "genres")


_NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
_BLANK_LINES = re.compile(r"\n[^\S\n]*\n")
_SPACES = re.compile(r"\s+")


def _tei(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def _el(parent: Any, tag: str, text: str | None = None, **attrs: str | None) -> Any:
    """A TEI child element with (XML-safe) text and the attributes that are not None."""
    el = etree.SubElement(parent, _tei(tag))
    for k, v in attrs.items():
        if v is not None:
            el.set(XML_ID if k == "xml_id" else k, xml_safe(v))
    if text is not None:
        el.text = xml_safe(text)
    return el


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def cert(score: float | None) -> str | None:
    """The TEI ``@cert`` of a speaker probability: high (≥ 0.9), medium (≥ 0.6), low; None when there is none."""
    if score is None:
        return None
    return "high" if score >= CERT_HIGH else "medium" if score >= CERT_MEDIUM else "low"


def evidence(quote: Quote) -> str | None:
    """The evidence that decided a quote's speaker (``Quote.method``: ``explicit``, ``beat`` …), None if none."""
    kind = quote.method
    return kind if kind and _NCNAME.match(kind) else None


# ---------------------------------------------------------------------------------------------- the header


def _header(doc: Document, root: Any, evidence_used: list[str]) -> None:
    meta, src = doc.meta, doc.source
    chars = characters(doc)
    header = _el(root, "teiHeader")

    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    title = meta.title or (Path(src.path).stem if src.path else "Untitled")
    _el(title_stmt, "title", title)
    for author in meta.authors:
        _el(title_stmt, "author", author)
    resp = _el(title_stmt, "respStmt")
    _el(resp, "resp", "automatic encoding and analysis")
    _el(resp, "name", f"ficlens {__version__}")
    pub = _el(file_desc, "publicationStmt")
    _el(pub, "authority", f"ficlens {__version__}")
    avail = _el(pub, "availability")
    _el(
        avail,
        "p",
        "Produced automatically by ficlens from the source file named below. The text belongs to its author(s); "
        "this file is a derived analysis, not a publication.",
    )
    source_desc = _el(file_desc, "sourceDesc")
    work = _el(source_desc, "bibl", type="work")
    _el(work, "title", title)
    for author in meta.authors:
        _el(work, "author", author)
    if meta.publisher:
        _el(work, "publisher", meta.publisher)
    for kind, value in (("published", meta.published), ("updated", meta.updated), ("completed", meta.completed)):
        if value:
            _el(work, "date", value, type=kind)
    if meta.work_id:
        _el(work, "idno", meta.work_id, type="AO3")
    if meta.url:
        if re.match(r"^https?://\S+$", meta.url):
            _el(work, "ref", meta.url, target=meta.url)
        else:
            _el(work, "note", meta.url, type="url")
    series_list = meta.all_series or (((meta.series, meta.series_part),) if meta.series else ())
    for name, part in series_list:
        series = _el(work, "series")
        _el(series, "title", name, level="s")
        if part is not None:
            _el(series, "biblScope", str(part), unit="part")
    if meta.words is not None:
        extent = _el(work, "extent")
        _el(extent, "measure", f"{meta.words} words", unit="words", quantity=str(meta.words))
    file_bibl = _el(source_desc, "bibl", type="file")
    if src.path:
        _el(file_bibl, "title", Path(src.path).name, type="file")
    _el(file_bibl, "note", src.format, type="format")
    _el(file_bibl, "note", src.encoding, type="encoding")
    extent = _el(file_bibl, "extent")
    _el(extent, "measure", f"{src.size_bytes} bytes", unit="byte", quantity=str(src.size_bytes))
    if src.sha256:
        _el(file_bibl, "idno", src.sha256, type="sha256")
    for change in src.changes:
        _el(file_bibl, "note", change, type="change")

    enc = _el(header, "encodingDesc")
    app_info = _el(enc, "appInfo")
    app = _el(app_info, "application", ident="ficlens", version=__version__, xml_id="ficlens")
    _el(app, "label", "ficlens")
    _el(app, "desc", "Reads fan fiction and narrative fiction: structure, characters, dialogue.")
    editorial = _el(enc, "editorialDecl")
    _el(
        editorial,
        "p",
        "Chapters, scenes, paragraphs, characters, mentions, places, quotations, their speakers (said/@who) and "
        "addressees (said/@toWhom) and each scene's point of view were all found automatically and contain "
        "errors. said/@ana names the evidence that decided the speaker; said/@cert buckets the speaker model's "
        f"probability (high ≥ {CERT_HIGH:g}, medium ≥ {CERT_MEDIUM:g}, low below).",
    )
    _el(
        editorial,
        "p",
        "Spans that overlap without nesting are cut where the enclosing element ends; the pieces of one span "
        "are linked by @next and @prev. Characters that XML 1.0 cannot hold (control characters) were removed.",
    )
    class_decl = _el(enc, "classDecl")
    ao3 = _el(class_decl, "taxonomy", xml_id="ao3")
    _el(
        ao3,
        "bibl",
        "Archive of Our Own tags: rating, archive warnings, categories, fandoms, relationships, "
        "characters, additional tags, genres",
    )
    if evidence_used:
        tax = _el(class_decl, "taxonomy", xml_id="attribution")
        _el(tax, "desc", "The evidence that decided a quotation's speaker")
        for kind in evidence_used:
            cat = _el(tax, "category", xml_id=kind)
            _el(cat, "catDesc", EVIDENCE.get(kind, kind))

    profile = _el(header, "profileDesc")
    lang_usage = _el(profile, "langUsage")
    language = meta.language or "English"
    _el(lang_usage, "language", language, ident=_language_code(language))
    tags = [(name, getattr(meta, name)) for name in KEYWORD_FIELDS]
    tags = [(n, (v,) if isinstance(v, str) else tuple(v)) for n, v in tags if v]
    if tags:
        text_class = _el(profile, "textClass")
        for name, values in tags:
            keywords = _el(text_class, "keywords", scheme="#ao3", n=name)
            for v in values:
                _el(keywords, "term", v)
    if chars:
        partic = _el(profile, "particDesc")
        list_person = _el(partic, "listPerson")
        for i, c in enumerate(chars):  # the index is what every reference uses (and equals ``id``)
            _person(list_person, doc, i, c)


def _language_code(language: str) -> str:
    code = LANGUAGE_TAGS.get(language.strip().lower())
    if code:
        return code
    return language if re.match(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", language) else "und"


def _person(parent: Any, doc: Document, index: int, c: Character) -> None:
    person = _el(parent, "person", xml_id=character_xml_id(index))
    _el(person, "persName", label(doc, index), type="main")
    for name, count in c.names:
        _el(person, "persName", name, n=str(count))
    for epithet, count in c.epithets:
        pn = _el(person, "persName", type="epithet", n=str(count))
        _el(pn, "addName", epithet, type="epithet")
    if c.pronouns or c.gender != "unknown":
        trait = _el(person, "trait", type="pronouns")
        _el(trait, "label", c.gender)
        for pronoun, count in c.pronouns:
            _el(trait, "desc", pronoun, n=str(count))
    if c.narrator:
        _el(person, "note", "the first-person narrator", type="narrator")
    if c.group:
        _el(person, "note", "a group of people, referred to in the plural", type="group")
    stats = _el(person, "note", type="statistics")
    for kind, value, words in (
        ("mentions", c.mention_count, "mentions"),
        ("quotations", c.quotes, "quotations attributed"),
        ("quotation-words", c.quote_words, "words in them"),
        ("dialogue-share", c.dialogue_share, "of the words of all attributed quotations"),
    ):
        _el(stats, "measure", f"{value:g} {words}", type=kind, quantity=f"{value:g}")


# ------------------------------------------------------------------------------------------------ the text


@dataclass
class _Span:
    """An inline element over ``[start, end)``: ``rank`` orders equal spans (lower: outer)."""

    start: int
    end: int
    rank: int
    key: str  # the record's id, shared by its pieces ("q3", "m17" …)
    make: Callable[[Any], Any]  # (parent) -> the new element
    children: list[_Span] = field(default_factory=list)


@dataclass
class _Pieces:
    """The elements one span became, in text order (more than one when it was cut)."""

    elements: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, key: str, el: Any) -> None:
        self.elements.setdefault(key, []).append(el)

    def link(self) -> None:
        for key, els in self.elements.items():
            if len(els) < 2:
                if key.startswith("q"):  # every <said> has its id: xml:id="q3" is the JSON's quotes[3]
                    els[0].set(XML_ID, key)
                continue
            ids = [key if i == 0 else f"{key}.{i + 1}" for i in range(len(els))]
            for i, el in enumerate(els):
                el.set(XML_ID, ids[i])
                if i:
                    el.set("prev", f"#{ids[i - 1]}")
                if i + 1 < len(els):
                    el.set("next", f"#{ids[i + 1]}")


def _inline_spans(doc: Document) -> list[_Span]:
    """Every inline element the layers give, sorted by start (outer first)."""
    n_chars = len(characters(doc))
    valid = range(n_chars)
    spans: list[_Span] = []

    def ref(cid: int) -> str | None:
        return f"#{character_xml_id(cid)}" if cid in valid else None

    for i, q in enumerate(doc.layer("quotes") if doc.has("quotes") else ()):
        spans.append(_Span(q.start, q.end, 0, f"q{i}", _said_maker(q, ref)))
    for i, s in enumerate(doc.layer("styles") if doc.has("styles") else ()):
        spans.append(_Span(s.start, s.end, 1, f"s{i}", _style_maker(s)))
    for i, m in enumerate(doc.layer("mentions") if doc.has("mentions") else ()):
        spans.append(_Span(m.start, m.end, 2, f"m{i}", _mention_maker(m, ref(m.character))))
    for i, pl in enumerate(doc.layer("places") if doc.has("places") else ()):
        spans.append(_Span(pl.start, pl.end, 2, f"pl{i}", _place_maker(pl)))
    spans.sort(key=lambda s: (s.start, -s.end, s.rank))
    return spans


def _said_maker(q: Quote, ref: Callable[[int], str | None]) -> Callable[[Any], Any]:
    who = ref(q.speaker)
    to_whom = " ".join(r for r in (ref(a) for a in q.addressees) if r) or None
    kind = evidence(q)
    ana = f"#{kind}" if kind and who else None
    certainty = cert(q.score) if who else None
    return lambda parent: _el(parent, "said", who=who, toWhom=to_whom, ana=ana, cert=certainty)


def _style_maker(s: Style) -> Callable[[Any], Any]:
    rend = STYLE_REND.get(s.kind, s.kind)
    return lambda parent: _el(parent, "hi", rend=rend)


def _mention_maker(m: Mention, ref: str | None) -> Callable[[Any], Any]:
    if m.kind == "name":
        return lambda parent: _el(parent, "persName", ref=ref)
    return lambda parent: _el(parent, "rs", type="person", subtype=m.kind, ref=ref)


def _place_maker(p: Place) -> Callable[[Any], Any]:
    key = f"place{p.entity}" if p.entity >= 0 else None
    if p.kind == "name":
        if p.category == "ORG":
            return lambda parent: _el(parent, "orgName", key=key)
        if p.category == "VEH":
            return lambda parent: _el(parent, "name", type="vehicle", key=key)
        return lambda parent: _el(parent, "placeName", type=p.category, key=key)
    kind = {"ORG": "organisation", "VEH": "vehicle"}.get(p.category, "place")
    return lambda parent: _el(parent, "rs", type=kind, subtype=p.category, key=key)


def _nest(start: int, end: int, spans: Iterable[_Span]) -> list[_Span]:
    """The spans inside ``[start, end)`` as a forest of elements that nest.

    Where two spans cross, the one of the higher rank (mentions and places, then styles) is cut at the other's
    boundary, so quotations stay whole; between spans of one rank, the later one is cut where the earlier ends.
    """
    clipped = [(max(s.start, start), min(s.end, end), s) for s in spans]
    clipped = [(a, b, s) for a, b, s in clipped if a < b]
    # a span is cut where a span of a lower rank (an outer kind: quotations, then styles) starts or ends inside it
    heap: list[tuple[int, int, int, int, _Span]] = []
    seq = 0
    for a, b, s in clipped:
        cuts = sorted({x for c, d, o in clipped if o.rank < s.rank for x in (c, d) if a < x < b})
        for x, y in zip([a, *cuts], [*cuts, b], strict=True):
            heap.append((x, -y, s.rank, seq, _Span(x, y, s.rank, s.key, s.make)))
            seq += 1
    heapq.heapify(heap)
    roots: list[_Span] = []
    stack: list[_Span] = []
    while heap:
        a, _, rank, _, s = heapq.heappop(heap)
        while stack and stack[-1].end <= a:
            stack.pop()
        if stack and s.end > stack[-1].end:  # overlaps its parent's end: cut, the rest goes back in the queue
            cut = stack[-1].end
            heapq.heappush(heap, (cut, -s.end, rank, seq, _Span(cut, s.end, rank, s.key, s.make)))
            seq += 1
            s.end = cut
        (stack[-1].children if stack else roots).append(s)
        stack.append(s)
    return roots


def _emit(text: str, parent: Any, start: int, end: int, nodes: list[_Span], pieces: _Pieces) -> None:
    """Fill ``parent`` (covering ``[start, end)``) with text and the elements of ``nodes``."""
    parent.text = xml_safe(text[start : nodes[0].start]) if nodes else xml_safe(text[start:end])
    for i, node in enumerate(nodes):
        el = node.make(parent)
        pieces.add(node.key, el)
        _emit(text, el, node.start, node.end, node.children, pieces)
        stop = nodes[i + 1].start if i + 1 < len(nodes) else end
        el.tail = xml_safe(text[node.end : stop])


def _paragraph_groups(doc: Document) -> list[tuple[int, list[tuple[int, list[tuple[int, int]]]]]]:
    """Chapters → scenes → paragraph spans, as (chapter index, [(scene index, [(start, end)])])."""
    text = doc.text
    if doc.has("paragraphs") and doc.layer("paragraphs"):
        paras = [(p.start, p.end, p.scene) for p in doc.layer("paragraphs")]
    else:  # no structure stage: each body region is one paragraph (as Document.story_text reads it)
        paras = []
        for r in doc.body_regions():
            seg = text[r.start : r.end]
            lead = len(seg) - len(seg.lstrip())
            a, b = r.start + lead, r.start + len(seg.rstrip())
            if a < b:
                paras.append((a, b, 0))
    scenes = doc.layer("scenes") if doc.has("scenes") else ()
    groups: list[tuple[int, list[tuple[int, list[tuple[int, int]]]]]] = []
    for a, b, s in sorted(paras):
        chapter = scenes[s].chapter if 0 <= s < len(scenes) else 0
        if not groups or groups[-1][0] != chapter:
            groups.append((chapter, []))
        scene_list = groups[-1][1]
        if not scene_list or scene_list[-1][0] != s:
            scene_list.append((s, []))
        scene_list[-1][1].append((a, b))
    return groups


def _front(doc: Document, text_el: Any) -> None:
    meta = doc.meta
    parts: list[tuple[str, str | None, str, int | None]] = []
    if meta.summary:
        parts.append(("summary", None, meta.summary, None))
    for note in meta.notes:
        if note.kind == "summary" and meta.summary and _one_line(note.text) == _one_line(meta.summary):
            continue
        parts.append(("notes", note.kind, note.text, note.chapter))
    if not parts:
        return
    front = _el(text_el, "front")
    for kind, subtype, body, chapter in parts:
        div = _el(front, "div", type=kind, subtype=subtype, n=None if chapter is None else str(chapter))
        for para in _BLANK_LINES.split(body.strip()) or [""]:
            _el(div, "p", para.strip())


def _body(doc: Document, text_el: Any) -> None:
    text = doc.text
    body = _el(text_el, "body")
    chapters = doc.layer("chapters") if doc.has("chapters") else ()
    scenes = doc.layer("scenes") if doc.has("scenes") else ()
    pov = {p.scene: p for p in doc.layer("pov")} if doc.has("pov") else {}
    n_chars = len(characters(doc))
    groups = _paragraph_groups(doc)
    spans = _inline_spans(doc)
    pieces = _Pieces()
    pending: list[_Span] = []
    si = 0
    if not groups:
        _el(_el(_el(body, "div", type="chapter", n="1"), "div", type="scene", n="1"), "p")
        return
    for chapter_index, scene_list in groups:
        ch = chapters[chapter_index] if 0 <= chapter_index < len(chapters) else None
        number = ch.number if ch is not None and ch.number is not None else chapter_index + 1
        ch_div = _el(body, "div", type="chapter", n=str(number))
        heading = ch.title if ch is not None else None
        if not heading and ch is not None and ch.heading_end is not None and ch.heading_end > ch.start:
            heading = _one_line(text[ch.start : ch.heading_end])
        if heading:
            _el(ch_div, "head", heading)
        for scene_index, paras in scene_list:
            sc = scenes[scene_index] if 0 <= scene_index < len(scenes) else None
            sc_div = _el(ch_div, "div", type="scene", n=str(scene_index + 1), subtype=sc.opened_by if sc else None)
            view = pov.get(scene_index)
            if view is not None:
                note = _el(sc_div, "note", type="pov", subtype=view.mode)
                if 0 <= view.character < n_chars:
                    _el(note, "persName", label(doc, view.character), ref=f"#{character_xml_id(view.character)}")
                else:
                    note.text = "no focal character"
            for a, b in paras:
                while si < len(spans) and spans[si].start < b:
                    pending.append(spans[si])
                    si += 1
                pending = [s for s in pending if s.end > a]
                p_el = _el(sc_div, "p")
                _emit(text, p_el, a, b, _nest(a, b, pending), pieces)
    pieces.link()


def build(doc: Document) -> Any:
    """The TEI document of ``doc`` as an lxml element tree."""
    quotes = doc.layer("quotes") if doc.has("quotes") else ()
    valid = range(len(characters(doc)))
    used = sorted({k for q in quotes if q.speaker in valid and (k := evidence(q))})
    root = etree.Element(_tei("TEI"), nsmap={None: TEI_NS})
    root.set(XML_LANG, _language_code(doc.meta.language or "English"))
    _header(doc, root, used)
    text_el = _el(root, "text")
    _front(doc, text_el)
    _body(doc, text_el)
    _layout(root)
    return etree.ElementTree(root)


_BLOCKS = {_tei(t) for t in ("TEI", "text", "front", "body", "div", "head", "p", "note")}


def _layout(root: Any) -> None:
    """Line breaks between block elements (never inside a paragraph, where whitespace is text); the header indented."""
    etree.indent(root.find(_tei("teiHeader")), space=" ")
    root.find(_tei("teiHeader")).tail = "\n"
    for el in root.iter(_tei("text"), _tei("front"), _tei("body"), _tei("div")):
        if not (el.text or "").strip():
            el.text = "\n"
        for child in el:
            if child.tag in _BLOCKS and not (child.tail or "").strip():
                child.tail = "\n"
    root.text = "\n"


def write(doc: Document, out_dir: Path, stem: str) -> list[Path]:
    """Write ``STEM.tei.xml``."""
    data = etree.tostring(build(doc), xml_declaration=True, encoding="UTF-8", pretty_print=False)
    return [write_atomic(out_dir / f"{stem}.tei.xml", data)]
