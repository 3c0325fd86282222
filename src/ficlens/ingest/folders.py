"""Folders of works: which files in a folder are works (by their content), and Calibre libraries (one work per
book). ``ficlens analyze FOLDER`` and ``ficlens batch`` both use these rules (docs/ingest.md, *Folders and Calibre
libraries*).

**Is this file a work?** (:func:`looks_like_work`, on the first 64 KB; a file named on the command line is
always read):

1. Never, by name: hidden files, sidecars and data (``.json``, ``.opf``, ``.xml``, ``.css``, ``.csv``,
   ``.yaml`` …, images, ``.pdf``, ``.mobi``, ``.azw3``), and ``README``, ``LICENSE``, ``COPYING``,
   ``CHANGELOG``, ``AUTHORS``, ``CONTRIBUTING``, ``TODO``, ``NOTES`` (the whole name but its extension, any
   case; ``README-fr.md`` too).
2. Only a story name (``.txt``, ``.text``, ``.md``, ``.markdown``, ``.htm(l)``, ``.xhtml``, ``.epub``) or an
   EPUB or HTML content can make a work; an EPUB (a zip whose first member is ``mimetype``
   ``application/epub+zip``, or that holds ``META-INF/container.xml`` near its start) always is. A story-named
   file that is binary or a damaged zip is kept, so that reading it reports the damage.
3. HTML: a file that *starts* with markup (``<!DOCTYPE html``, ``<html``, ``<?xml``, ``<body``, a ``<div>`` or
   ``<p>`` …, after blanks and comments) and reads as HTML, or a saved AO3 fragment. A note that only
   *mentions* ``<html>`` is judged as text.
4. Text with a story name is a work unless it reads as notes: a fenced code block (```````), or at least three
   list items, headings, table rows, bare links or shell lines that hold half of its words or more (READMEs,
   to-do lists, link lists, technical notes). A note written in plain paragraphs reads as a story: move it or
   name it out.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import ao3_page, calibre
from .decode import sniff_binary
from .html import looks_like_html

HEAD_BYTES = 64 * 1024
STORY_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".htm", ".html", ".xhtml", ".epub")
NOTES_SHARE = 0.5
# files that are never works, by name (a story is never called README.txt)
NEVER_STEMS = frozenset(
    "readme read_me read-me licence license copying changelog changes authors contributing todo notes".split()
)
NEVER_WORKS = frozenset(
    """.json .opf .xml .ncx .css .js .csv .tsv .yaml .yml .toml .ini .cfg .log .py .sh .bat .jpg .jpeg .png .gif
    .webp .svg .bmp .pdf .mobi .azw .azw3 .kfx .doc .docx .odt .rtf .db .sqlite .parquet .zip .gz .jsonl .ndjson
    .exe .dll .so .lock .bak .tmp .part""".split()
)
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_NOT_PROSE = re.compile(r"^\s*(?:[-*+•]\s|\d{1,3}[.)]\s|#{1,6}\s|\||\$\s|>>>|https?://|\[[^\]]*\]\([^)]*\)\s*$)")
_MARKUP_START = re.compile(r"<(?:!doctype|html|\?xml|head|body|div|p|section|article|h[1-6])\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FolderWork:
    """A work found in a folder: its file, and a Calibre library's ``metadata.opf`` for the book when there is one."""

    path: Path
    opf: Path | None = None


def _text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    return head.decode("utf-8", errors="replace")


def looks_like_notes(text: str) -> bool:
    """Notes rather than a story (rule 4 above): fenced code, or at least three list items, headings, table rows,
    links or shell lines holding at least half of the words."""
    total = marked = lines = 0
    for line in text.splitlines():
        if _FENCE.match(line):
            return True
        words = len(line.split())
        total += words
        if words and _NOT_PROSE.match(line):
            marked += words
            lines += 1
    return lines >= 3 and marked >= NOTES_SHARE * total


def starts_with_markup(text: str) -> bool:
    """Whether ``text`` opens with an HTML/XML tag (after a BOM, blanks and comments)."""
    pos = 0
    while True:
        while pos < len(text) and (text[pos].isspace() or text[pos] == "\ufeff"):
            pos += 1
        if not text.startswith("<!--", pos):
            return bool(_MARKUP_START.match(text, pos))
        end = text.find("-->", pos + 4)
        if end < 0:
            return False
        pos = end + 3


def looks_like_work(head: bytes, name: str = "") -> bool:
    """Whether a file whose first bytes are ``head`` is a work (the rules in the module docstring)."""
    base = os.path.basename(name)
    suffix = os.path.splitext(base)[1].lower()
    stem = os.path.splitext(base)[0].lower()
    if base.startswith(".") or suffix in NEVER_WORKS or stem in NEVER_STEMS or stem.startswith("readme"):
        return False
    story_name = suffix in STORY_SUFFIXES
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        epub = b"mimetypeapplication/epub+zip" in head[:100] or b"META-INF/container.xml" in head[:HEAD_BYTES]
        return epub or story_name  # a damaged .epub is reported, not skipped
    if sniff_binary(head) is not None or (b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return story_name  # a story file that turned binary is reported when it is read
    text = _text(head)
    if starts_with_markup(text):
        return looks_like_html(text) or ao3_page.sniff(text) or story_name
    if ao3_page.sniff(text):
        return True
    return story_name and not looks_like_notes(text)


def is_work_file(path: str | os.PathLike[str]) -> bool:
    """:func:`looks_like_work` on the file's first :data:`HEAD_BYTES` (False when it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return False
    return looks_like_work(head, os.fspath(path))


def find_works(folder: str | os.PathLike[str]) -> list[FolderWork]:
    """The works in ``folder`` and its subfolders, sorted by path: one per Calibre book (its best format, with its
    ``metadata.opf``), and every other file that :func:`looks_like_work`. Hidden files and folders are skipped;
    symbolic links to folders are not followed."""
    return sorted(_walk(Path(folder)), key=lambda w: str(w.path))


def _walk(folder: Path) -> Iterator[FolderWork]:
    for here, dirs, files in os.walk(folder):
        base = Path(here)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if calibre.is_book_folder(base):
            dirs[:] = []  # a book's folder holds its formats and cover, no other works
            best = calibre.book_format(base)
            if best is not None:
                yield FolderWork(best, base / calibre.OPF_NAME)
            continue
        for name in sorted(files):
            path = base / name
            if path.is_file() and is_work_file(path):
                yield FolderWork(path)


def expand_inputs(inputs: list[str]) -> list[tuple[str, FolderWork | None]]:
    """Each input as it is, or, for a folder, each work in it (:func:`find_works`); a folder with no works gives
    ``(folder, None)`` so that the caller can say so."""
    out: list[tuple[str, FolderWork | None]] = []
    for raw in inputs:
        if raw != "-" and os.path.isdir(raw):
            works = find_works(raw)
            out += [(str(w.path), w) for w in works] or [(raw, None)]
        else:
            out.append((raw, FolderWork(Path(raw))))
    return out


__all__ = ["FolderWork", "expand_inputs", "find_works", "is_work_file", "looks_like_notes", "looks_like_work"]
