"""The registry of HTML and EPUB readers, most specific first (``ingest/__init__.py`` sniffs in this order)."""

from __future__ import annotations

from collections.abc import Callable

from . import epub_generic, html_page
from .package import Package
from .parsed import Parsed

HTML_FORMATS: dict[str, tuple[Callable[[str], bool], Callable[[str], Parsed]]] = {
    html_page.NAME: (html_page.sniff, html_page.parse),
}

EPUB_READERS: dict[str, tuple[Callable[[Package], bool], Callable[[Package], Parsed]]] = {
    epub_generic.NAME: (epub_generic.sniff, epub_generic.parse),
}
