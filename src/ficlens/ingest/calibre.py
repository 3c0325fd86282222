"""Calibre libraries: a book is a folder ``Author/Title (id)/`` holding ``metadata.opf`` and one file per format
(``Title - Author.epub``, ``.azw3``, ``.txt`` …, a ``cover.jpg``).

:func:`book_format` picks the one format ficlens reads best (EPUB, then HTML, then TXT/Markdown; MOBI, AZW3 and
PDF are not read); :func:`opf_metadata_file` reads the library's ``metadata.opf`` (the metadata the user keeps in
Calibre) and :func:`merge` lays it over what the file itself says: title, authors, tags (``freeform``), series
and index, publisher, language, description (``summary``) and the star rating (``extra``: ``("calibre
rating", "4/5")``; ``meta.rating`` stays the content rating an archive gives). The fields the OPF leaves empty
keep the file's values.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ..errors import IngestError
from ..model import Metadata
from .epub_generic import opf_metadata
from .html import parse_xml
from .package import Package, metadata_of

OPF_NAME = "metadata.opf"
# the formats ficlens reads, best first: an EPUB keeps chapters and notes apart best, a TXT least
PREFERRED_SUFFIXES = (".epub", ".html", ".htm", ".xhtml", ".txt", ".md", ".text")
MAX_OPF_BYTES = 1024 * 1024
MERGED_FIELDS = ("title", "authors", "freeform", "series", "series_part", "all_series", "publisher", "language",
                 "summary")  # fmt: skip


def is_book_folder(folder: Path) -> bool:
    """A Calibre book folder: ``metadata.opf`` beside at least one file ficlens reads."""
    return (folder / OPF_NAME).is_file() and book_format(folder) is not None


def book_format(folder: Path) -> Path | None:
    """The book's file in the best format ficlens reads (EPUB > HTML > TXT), or None."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    for suffix in PREFERRED_SUFFIXES:
        found = [p for p in files if p.suffix.lower() == suffix]
        if found:
            return found[0]
    return None


def opf_metadata_file(path: Path) -> Metadata:
    """What a Calibre ``metadata.opf`` says (raises an IngestError when it is not a readable OPF)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_OPF_BYTES + 1)
    except OSError as exc:
        raise IngestError(f"cannot read the library's {OPF_NAME}: {exc.strerror or exc}", path=str(path)) from None
    if len(data) > MAX_OPF_BYTES:
        raise IngestError(f"is over {MAX_OPF_BYTES} bytes: not a Calibre {OPF_NAME}", path=str(path))
    root = parse_xml(data, str(path))
    pkg = Package(opf_path=OPF_NAME, metadata=metadata_of(root), manifest={}, spine=[])
    meta = opf_metadata(pkg)
    rating = _stars(pkg.calibre("rating"))
    if rating:
        meta = dataclasses.replace(meta, extra=(*meta.extra, ("calibre rating", rating)))
    return meta


def _stars(value: str | None) -> str | None:
    """Calibre's rating (0-10, two per star) as ``4/5``; None when unrated."""
    try:
        number = float(value or "")
    except ValueError:
        return None
    return f"{number / 2:g}/5" if 0 < number <= 10 else None


def overrides(opf: Metadata) -> dict[str, Any]:
    """The fields of a library's OPF that replace the file's own (only those the OPF fills), and its extras."""
    out: dict[str, Any] = {name: getattr(opf, name) for name in MERGED_FIELDS if getattr(opf, name)}
    if opf.extra:
        out["extra"] = opf.extra
    return out


def merge(meta: Metadata, opf: Metadata) -> Metadata:
    """``meta`` (what the file says) with the library's OPF laid over it (:func:`overrides`)."""
    values = overrides(opf)
    if "extra" in values:
        values["extra"] = (*meta.extra, *(e for e in values["extra"] if e not in meta.extra))
    return dataclasses.replace(meta, **values)


__all__ = ["OPF_NAME", "book_format", "is_book_folder", "merge", "opf_metadata_file", "overrides"]
