"""FanFicFare HTML and EPUB outputs, and its ``--json-meta`` JSON beside a file.

Placeholder: the readers are being written (issue 5); until then nothing is sniffed as FanFicFare HTML/EPUB.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Metadata
from .package import Package
from .parsed import Parsed

HTML_NAME = "fanficfare-html"
EPUB_NAME = "fanficfare-epub"


def sniff_html(text: str) -> bool:
    return False


def parse_html(text: str) -> Parsed:
    raise NotImplementedError


def sniff_epub(pkg: Package) -> bool:
    return False


def parse_epub(pkg: Package) -> Parsed:
    raise NotImplementedError


def sidecar_metadata(path: Path, meta: Metadata) -> Metadata:
    """``meta`` completed from FanFicFare's JSON metadata file beside ``path``, when there is one."""
    return meta
