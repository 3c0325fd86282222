"""Any HTML page (``html``): the title from ``<title>`` or the first ``<h1>``, the whole ``<body>`` as the story.

Headings inside the body (``<h1>``–``<h3>``) that read as chapter headings are left to the structure stage,
like any other heading line; ``<hr>`` and centred ornaments become scene breaks (``ingest/html.py``).
"""

from __future__ import annotations

from ..model import Metadata
from .html import TextBuilder, find_all, parse_html, require_body, text_of
from .parsed import Parsed

NAME = "html"
SOURCE = "ingest.html@1"


def sniff(text: str) -> bool:
    return True  # the last HTML format: any HTML page


def parse(text: str) -> Parsed:
    root = parse_html(text)
    body = require_body(root)
    titles = find_all(root, "title")
    h1 = find_all(body, "h1")
    title = text_of(titles[0]) if titles and text_of(titles[0]) else (text_of(h1[0]) if h1 else None)
    b = TextBuilder(source=SOURCE)
    b.region("body", body)
    out, regions, styles = b.finish()
    return Parsed(format=NAME, meta=Metadata(title=title or None), regions=regions, text=out, styles=styles)
