"""Any EPUB 2 or 3 (``epub``): documents in spine order, titles from the navigation document (or NCX), metadata
from the OPF (Dublin Core title, creators, language, subjects, description, publisher, date, identifier).

A document the table of contents names starts a chapter whose heading is the TOC label; a cover, title page or
navigation page (no story text, or named so in the guide/TOC) is left out of the body.
"""

from __future__ import annotations

import re

from ..model import Metadata
from .html import TextBuilder, body_of, find_all, parse_xhtml, tag_of, text_of
from .package import Package
from .parsed import Parsed

NAME = "epub"
SOURCE = "ingest.epub@1"

_FRONT = re.compile(r"^(cover|title ?page|table of contents|contents|toc|copyright|navigation)$", re.IGNORECASE)


def sniff(pkg: Package) -> bool:
    return True  # the last EPUB format: any EPUB


def opf_metadata(pkg: Package) -> Metadata:
    titles = pkg.meta("title")
    creators = pkg.meta("creator")
    language = pkg.meta("language")
    desc = pkg.meta("description")
    publisher = pkg.meta("publisher")
    dates = pkg.meta("date")
    url = next((t for t in pkg.meta("identifier") if t.startswith(("http://", "https://"))), None)
    if url is None:
        url = next((t for t in pkg.meta("source") if t.startswith(("http://", "https://"))), None)
    return Metadata(
        title=titles[0] if titles else None,
        authors=tuple(dict.fromkeys(creators)),
        summary=desc[0] if desc else None,
        language=language[0] if language else None,
        freeform=tuple(dict.fromkeys(pkg.meta("subject"))),
        publisher=publisher[0] if publisher else None,
        published=dates[0] if dates else None,
        url=url,
    )


def parse(pkg: Package) -> Parsed:
    labels: dict[str, str] = {}
    for entry in pkg.toc:
        labels.setdefault(entry.href, entry.label)
    b = TextBuilder(source=SOURCE)
    b.begin("body")
    wrote = False
    for path in pkg.spine:
        root = parse_xhtml(pkg.read(path))
        body = body_of(root)
        text = text_of(body)
        label = labels.get(path, "")
        if not text or (_FRONT.match(label) and not wrote) or (_FRONT.match(label) and len(text) < 400):
            continue
        if label and not _FRONT.match(label):
            # a heading the document repeats at its top is the TOC label itself: write it once
            first = next((el for el in body.iter() if tag_of(el) in ("h1", "h2", "h3", "h4")), None)
            skip = [first] if first is not None and text_of(first).lower() == label.lower() else []
            b.heading(label)
            b.render(body, skip=skip)
        else:
            b.render(body)
        wrote = True
    b.end()
    out, regions, styles = b.finish()
    meta = opf_metadata(pkg)
    if meta.title is None:
        h1 = find_all(body_of(parse_xhtml(pkg.read(pkg.spine[0]))), "h1")
        meta = Metadata(title=text_of(h1[0]) if h1 else None)
    return Parsed(format=NAME, meta=meta, regions=regions, text=out, styles=styles)
