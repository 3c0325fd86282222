"""Project Gutenberg HTML files (``gutenberg-html``): an HTML page with a ``*** START OF THE PROJECT GUTENBERG``
marker.

* **Header and footer.** The licence header (``section#pg-header`` since 2023, else everything up to the element
  that holds the start marker, and the ``Produced by`` credits right after it) is a ``header`` region; the
  footer (``section#pg-footer``, else the element that holds the end marker and everything after it) a
  ``footer`` region. Publishers' advertisements (an ``ADVERTISEMENTS`` / ``BOOKS BY THE SAME AUTHOR`` …
  block, upper case, in the last 40 % of the book) and everything after them are a ``footer`` region too.
* **Metadata.** The header's ``Title:``/``Author:``/``Language:`` lines (``gutenberg.header_metadata``), else
  the ``<title>`` split (``The Project Gutenberg eBook of TITLE, by AUTHOR``).
* **The book** is read as any HTML page (``html_page.parse_tree``: chapter headings, contents, title lines), with
  what every HTML reader does (``ingest/html.py``): printed page numbers (``<span class="pagenum">[Pg 12]</span>``,
  ``{ix}``) left out, a drop-cap image's letter kept from its ``alt``. Illustration captions (``figcaption``,
  ``.caption`` in a ``.fig*`` block) are left out of the story, so none joins a chapter heading.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from ..model import Metadata
from .gutenberg import _BACK_MATTER, _CREDITS, _END, _START, BACK_MATTER_FROM, header_metadata
from .html import TextBuilder, find_all, parse_html, require_body, tag_of, text_of
from .html_page import page_metadata, parse_tree
from .parsed import Parsed

NAME = "gutenberg-html"
SOURCE = "ingest.gutenberg-html@1"
_MARKER_SCAN = 300_000  # characters of the file in which the start marker is looked for
_CAPTION = re.compile(r"\bcaption\b", re.IGNORECASE)
_FIGURE = re.compile(r"\bfig", re.IGNORECASE)


def sniff(text: str) -> bool:
    return bool(_START.search(text, 0, min(len(text), _MARKER_SCAN)))


def _holder(body: Any, pattern: re.Pattern[str]) -> Any | None:
    """The element whose own text (or the text right after one of its children) holds ``pattern``."""
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and pattern.search(el.text):
            return el
        if el.tail and pattern.search(el.tail) and el.getparent() is not None:
            return el.getparent()
    return None


def _by_id(body: Any, ident: str) -> Any | None:
    return next((el for el in body.iter() if isinstance(el.tag, str) and el.get("id") == ident), None)


def _detach(body: Any, mark: Any, *, before: bool) -> list[Any]:
    """Take ``mark`` out of the page with everything before it (``before``) or after it, in document order."""
    if mark is body:
        return []
    levels: list[list[Any]] = []
    node = mark
    while node is not body and node.getparent() is not None:
        parent = node.getparent()
        sibs = [c for c in parent if isinstance(c.tag, str)]
        k = sibs.index(node)
        levels.append(sibs[:k] if before else sibs[k + 1 :])
        node = parent
    out: list[Any] = [mark]
    for sibs in levels:
        out = [*sibs, *out] if before else [*out, *sibs]
    tail = mark.tail if before else None
    parent = mark.getparent()
    for el in out:
        el.getparent().remove(el)  # lxml takes the tail with it
    if before and parent is not None:
        parent.text = tail  # the text right after the marker belongs to the book
    return out


def _offsets(body: Any) -> tuple[dict[Any, int], int]:
    """Each element's character offset in the page's text, and the text's length."""
    pos: dict[Any, int] = {}
    n = 0
    for el in body.iter():
        if isinstance(el.tag, str):
            pos[el] = n
            n += len(el.text or "")
        n += len(el.tail or "") if el is not body else 0
    return pos, n


def _advertisements(body: Any) -> Any | None:
    """The first block in the last 40 % of the book that opens publishers' advertisements."""
    pos, total = _offsets(body)
    for el, at in pos.items():
        if at < BACK_MATTER_FROM * total or tag_of(el) not in ("h1", "h2", "h3", "h4", "p", "div", "center"):
            continue
        text = text_of(el)
        if len(text) <= 80 and _BACK_MATTER.fullmatch(text):
            return el
    return None


def _drop_captions(body: Any) -> None:
    """Illustration captions are not story text (and must not join the chapter heading next to them)."""
    doomed = [
        el
        for el in body.iter()
        if isinstance(el.tag, str)
        and (
            tag_of(el) == "figcaption"
            or (_CAPTION.search(el.get("class") or "") and any(_FIGURE.search(a.get("class") or "") or tag_of(a) ==
                "figure" for a in el.iterancestors()))
        )
    ]  # fmt: skip
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail:  # keep the text that follows the caption
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def _header_text(els: list[Any]) -> str:
    b = TextBuilder(source=SOURCE)
    for el in els:
        b.render(el)
        b.end_paragraph()
    return b.text


def parse(text: str) -> Parsed:
    root = parse_html(text)
    body = require_body(root)
    page = page_metadata(root, body)
    titles = [text_of(el) for el in find_all(root, "title") if text_of(el)]
    start = _by_id(body, "pg-header")
    start = start if start is not None else _holder(body, _START)
    header = _detach(body, start, before=True) if start is not None else []
    while True:  # "Produced by …" credits right after the marker
        first = next((c for c in body if isinstance(c.tag, str)), None)
        if first is None or not _CREDITS.match(text_of(first)) or len(text_of(first)) > 600:
            break
        header += _detach(body, first, before=True)
    end = _by_id(body, "pg-footer")
    end = end if end is not None else _holder(body, _END)
    footer = _detach(body, end, before=False) if end is not None else []
    ads = _advertisements(body)
    if ads is not None:
        footer = [*_detach(body, ads, before=False), *footer]
    _drop_captions(body)
    meta = header_metadata(_header_text(header) + "\n" + "\n".join(titles))
    meta = dataclasses.replace(meta, summary=page.summary) if page.summary and not meta.summary else meta
    if not meta.authors and page.authors:
        meta = dataclasses.replace(meta, authors=page.authors)
    if not meta.title:
        meta = dataclasses.replace(meta, title=page.title)
    return parse_tree(require_body(root), _with_publisher(meta), header=header, footer=footer, name=NAME, source=SOURCE)


def _with_publisher(meta: Metadata) -> Metadata:
    return meta if meta.publisher else dataclasses.replace(meta, publisher="Project Gutenberg")


__all__ = ["NAME", "parse", "sniff"]
