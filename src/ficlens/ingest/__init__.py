"""Reading files into Documents: ``read(path_or_bytes, format=None)`` sniffs the kind of file unless told."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from ..errors import (
    BinaryInputError,
    EmptyInputError,
    IngestError,
    InputNotFoundError,
    InputTooLargeError,
    NotAFileError,
    UnknownFormatError,
)
from ..model import Document, SourceInfo
from ..text.language import SAMPLE_CHARS, detect
from . import ao3_page, fanficfare, fanficfare_txt, gutenberg, story_export
from .decode import decode
from .html import element_budget, looks_like_html
from .package import EpubError, NotAnEpubError, Package, is_zip, open_package
from .parsed import Parsed, region
from .readers import EPUB_READERS, HTML_FORMATS
from .sanitise import sanitise

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

Reader = Callable[[str], Parsed]
PackageReader = Callable[[Package], Parsed]


def _plain(text: str) -> Parsed:
    body = region(text, 0, len(text), "body", "ingest.plain@1")
    return Parsed(format="plain", regions=(body,) if body else ())


# Text formats: name -> (sniff, parse), tried in this order; "plain" accepts anything. The HTML formats come
# first and only ever match HTML; they render the page into the stored text (``Parsed.text``).
FORMATS: dict[str, tuple[Callable[[str], bool], Reader]] = {
    **HTML_FORMATS,
    gutenberg.NAME: (gutenberg.sniff, gutenberg.parse),
    fanficfare_txt.NAME: (fanficfare_txt.sniff, fanficfare_txt.parse),
    story_export.NAME: (story_export.sniff, story_export.parse),
    "plain": (lambda _text: True, _plain),
}

_NONBLANK_LINE = re.compile(r"^[^\n]*\S", re.MULTILINE)


def _two_nonblank_lines(text: str) -> bool:
    return len(list(itertools.islice(_NONBLANK_LINE.finditer(text), 2))) == 2


# What the reader of a text format cannot do without (its sniffer may ask for more): forcing the format on a text
# that lacks it is refused with an UnknownFormatError, instead of failing inside the reader.
_REQUIRES: dict[str, tuple[Callable[[str], bool], str]] = {
    gutenberg.NAME: (gutenberg.sniff, "it has no Project Gutenberg start marker"),
    fanficfare_txt.NAME: (_two_nonblank_lines, "it has no title and 'by' lines"),
}

# EPUB formats: name -> (sniff, parse) over the opened package, tried in this order; "epub" accepts any EPUB.
EPUB_FORMATS: dict[str, tuple[Callable[[Package], bool], PackageReader]] = dict(EPUB_READERS)


def sniff_format(text: str) -> str:
    """The name of the first text format whose signature ``text`` shows."""
    html = looks_like_html(text) or ao3_page.sniff(text)  # a saved AO3 fragment has no <html> or <body>
    for name, (sniff, _parse) in FORMATS.items():
        if (name in HTML_FORMATS) != html:
            continue
        if sniff(text):
            return name
    if html:
        raise UnknownFormatError("is an HTML/XML file that no reader recognises")
    return "plain"


def sniff_package(pkg: Package) -> str:
    for name, (sniff, _parse) in EPUB_FORMATS.items():
        if sniff(pkg):
            return name
    raise UnknownFormatError("is an EPUB that no reader recognises")


def _size_label(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def read_bytes(path: str | os.PathLike[str] | None, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes (``-`` is standard input), after checking it exists, is a file and is not too big."""
    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputTooLargeError(
                f"is over the {_size_label(max_bytes)} size limit", path="<stdin>", hint="raise it with --max-size"
            )
        return data
    p = Path(name)
    try:
        if p.is_dir():
            raise NotAFileError("is a directory, not a story file", path=name, hint="pass the files inside it")
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputNotFoundError("no such file", path=name) from None
    except PermissionError:
        raise IngestError("permission denied", path=name) from None
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}", path=name) from None
    if not p.is_file():
        raise NotAFileError("is not a regular file", path=name)
    if size > max_bytes:
        raise InputTooLargeError(
            f"is {_size_label(size)}, over the {_size_label(max_bytes)} size limit", path=name,
            hint="raise it with --max-size",
        )  # fmt: skip
    try:
        return p.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read: {exc.strerror or exc}", path=name) from None


def with_language(doc: Document) -> Document:
    """``doc`` with ``meta.language`` detected from its story text (``text.language``) when the file gives none."""
    if doc.meta.language:
        return doc
    sample = "\n".join(doc.text[r.start : r.end] for r in doc.body_regions())[:SAMPLE_CHARS]
    code = detect(sample)
    if code is None:
        return doc
    meta = dataclasses.replace(doc.meta, language=code, extra=(*doc.meta.extra, ("language detected", code)))
    return dataclasses.replace(doc, meta=meta)


STORY_SHARE = 0.3  # below this share of the words in story text, a notice says so
STORY_SHARE_MIN_WORDS = 500


def with_story_notice(doc: Document) -> Document:
    """``doc`` with a notice in ``meta.notices`` when it holds no story text, or mostly other matter."""
    story = sum(len(doc.text[r.start : r.end].split()) for r in doc.regions if r.kind == "body")
    total = len(doc.text.split())
    if story == 0:
        notice = "no story text was found: everything in the file was read as header, notes or front and back matter"
    elif total >= STORY_SHARE_MIN_WORDS and story < STORY_SHARE * total:
        notice = (
            f"only {100 * story // total} % of the words are story text: the rest was read as header, notes or front "
            "and back matter"
        )
    else:
        return doc
    return dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, notices=(*doc.meta.notices, notice)))


def from_text(
    text: str, *, path: str | None = None, format: str | None = None, source: SourceInfo | None = None
) -> Document:
    """A Document from already-decoded text, sniffing its format unless ``format`` is given; ``meta.language``
    is detected when the text does not name its language."""
    return with_story_notice(with_language(_from_text(text, path=path, format=format, source=source)))


def _from_text(
    text: str, *, path: str | None = None, format: str | None = None, source: SourceInfo | None = None
) -> Document:
    if not text.strip():
        raise EmptyInputError("is empty (no text in it)", path=path)
    name = format or sniff_format(text)
    if name in EPUB_FORMATS:
        raise UnknownFormatError(f"cannot be read as {name!r}: it is not an EPUB (a zip archive)", path=path)
    if name not in FORMATS:
        known = ", ".join([*FORMATS, *EPUB_FORMATS])
        raise UnknownFormatError(f"unknown format {name!r}; known: {known}", path=path)
    if format and name in _REQUIRES and not _REQUIRES[name][0](text):
        raise UnknownFormatError(f"cannot be read as {name!r}: {_REQUIRES[name][1]}", path=path)
    with element_budget():  # one budget of HTML elements for the whole read
        parsed = FORMATS[name][1](text)
    info = source or SourceInfo(path=path, size_bytes=len(text.encode("utf-8", "surrogatepass")))
    return sanitise(_document(parsed, text, info))


def _document(parsed: Parsed, text: str, info: SourceInfo) -> Document:
    info = dataclasses.replace(info, format=parsed.format)
    stored = text if parsed.text is None else parsed.text
    if parsed.text is not None and (not stored.strip() or not any(r.kind == "body" for r in parsed.regions)):
        raise EmptyInputError("has no story text in it", path=info.path)
    layers: dict[str, tuple[object, ...]] = {"regions": parsed.regions}
    if parsed.styles:
        layers["styles"] = parsed.styles
    return Document(text=stored, meta=parsed.meta, source=info, layers=layers)  # type: ignore[arg-type]


def from_package(data: bytes, *, path: str | None = None, format: str | None = None) -> Document:
    """A Document from the bytes of an EPUB, sniffing which kind of EPUB unless ``format`` is given."""
    with element_budget():  # one budget of HTML elements for all of the package's documents
        pkg = open_package(data)
        name = format or sniff_package(pkg)
        if name not in EPUB_FORMATS:
            raise UnknownFormatError(f"is an EPUB; {name!r} is not an EPUB format (known: {', '.join(EPUB_FORMATS)})")
        parsed = EPUB_FORMATS[name][1](pkg)
    source = SourceInfo(
        path=path, encoding="epub", size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(),
        changes=tuple(pkg.notes),
    )  # fmt: skip
    return sanitise(_document(parsed, parsed.text or "", source))


def read(
    path: str | os.PathLike[str] | bytes,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> Document:
    """Read a story file (a path, ``-`` for stdin, or raw bytes) into a Document with metadata and regions.

    A FanFicFare ``--json-meta`` file beside a path (``story.epub.json``, ``story.json`` or
    ``story.meta.json``) completes the metadata. Raises an :class:`~ficlens.errors.IngestError` subclass
    naming the file and the cause. Lone surrogates (in the text, the metadata or the sidecar) are replaced by
    U+FFFD and recorded in ``source.changes`` (``ingest/sanitise.py``).
    """
    doc = _read(path, format=format, max_bytes=max_bytes, name=name)
    if isinstance(path, str | os.PathLike) and str(path) != "-":
        meta = fanficfare.sidecar_metadata(Path(path), doc.meta)
        if meta is not doc.meta:
            doc = sanitise(dataclasses.replace(doc, meta=meta))
    return with_story_notice(with_language(doc))


def _read(
    path: str | os.PathLike[str] | bytes,
    *,
    format: str | None,
    max_bytes: int,
    name: str | None,
) -> Document:
    if isinstance(path, bytes | bytearray):
        data, label = bytes(path), name or "<bytes>"
        if len(data) > max_bytes:
            raise InputTooLargeError(f"is over the {_size_label(max_bytes)} size limit", path=label)
    else:
        label = name or ("<stdin>" if str(path) == "-" else str(path))
        data = read_bytes(path, max_bytes)
    if not data.strip():
        raise EmptyInputError("is empty" if not data else "is empty (only whitespace)", path=label)
    if is_zip(data) and (format is None or format in EPUB_FORMATS):
        try:
            return from_package(data, path=label, format=format)
        except NotAnEpubError:
            raise BinaryInputError("is a ZIP archive, not a text story or an EPUB", path=label) from None
        except IngestError as exc:
            raise type(exc)(exc.cause, path=label, hint=exc.hint) from None
        except (MemoryError, RecursionError) as exc:  # a hostile file the limits did not catch
            raise EpubError(f"cannot be read safely ({type(exc).__name__})", path=label) from None
    try:
        decoded = decode(data)
        source = SourceInfo(
            path=label,
            encoding=decoded.encoding,
            size_bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            changes=decoded.changes,
        )
        return _from_text(decoded.text, path=label, format=format, source=source)
    except IngestError as exc:
        if exc.path is None:
            exc.path = label
        raise type(exc)(exc.cause, path=label, hint=exc.hint) from None
    except (MemoryError, RecursionError) as exc:
        raise IngestError(f"cannot be read safely ({type(exc).__name__})", path=label) from None


__all__ = [
    "DEFAULT_MAX_BYTES",
    "EPUB_FORMATS",
    "FORMATS",
    "from_package",
    "from_text",
    "read",
    "read_bytes",
    "sanitise",
    "sniff_format",
    "with_language",
]
