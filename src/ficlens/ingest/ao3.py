"""AO3 downloads: HTML (every layout era) and EPUB (Calibre-made since 2019, hand-made OEBPS before).

Placeholder: the readers are being written (issue 5); until then nothing is sniffed as AO3.
"""

from __future__ import annotations

from .package import Package
from .parsed import Parsed

HTML_NAME = "ao3-html"
EPUB_NAME = "ao3-epub"


def sniff_html(text: str) -> bool:
    return False


def parse_html(text: str) -> Parsed:
    raise NotImplementedError


def sniff_epub(pkg: Package) -> bool:
    return False


def parse_epub(pkg: Package) -> Parsed:
    raise NotImplementedError
