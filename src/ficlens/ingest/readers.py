"""The registry of HTML and EPUB readers, most specific first (``ingest/__init__.py`` sniffs in this order)."""

from __future__ import annotations

from collections.abc import Callable

from . import ao3, ao3_page, epub_generic, fanficfare, gutenberg_html, html_page
from .package import Package
from .parsed import Parsed

HTML_FORMATS: dict[str, tuple[Callable[[str], bool], Callable[[str], Parsed]]] = {
    ao3.HTML_NAME: (ao3.sniff_html, ao3.parse_html),
    ao3_page.NAME: (ao3_page.sniff, ao3_page.parse),  # a saved work page (whole or a fragment)
    fanficfare.HTML_NAME: (fanficfare.sniff_html, fanficfare.parse_html),
    gutenberg_html.NAME: (gutenberg_html.sniff, gutenberg_html.parse),  # a marker no other page has
    html_page.NAME: (html_page.sniff, html_page.parse),
}

EPUB_READERS: dict[str, tuple[Callable[[Package], bool], Callable[[Package], Parsed]]] = {
    ao3.EPUB_NAME: (ao3.sniff_epub, ao3.parse_epub),
    fanficfare.EPUB_NAME: (fanficfare.sniff_epub, fanficfare.parse_epub),
    epub_generic.NAME: (epub_generic.sniff, epub_generic.parse),
}
