"""Reading files into Documents: ``read(path_or_bytes, format=None)`` sniffs the kind of file unless told."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..errors import (
    EmptyInputError,
    IngestError,
    InputNotFoundError,
    InputTooLargeError,
    NotAFileError,
    UnknownFormatError,
)
from ..model import Document, SourceInfo
from . import fanficfare_txt, gutenberg, story_export
from .decode import decode
from .parsed import Parsed, region

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

Reader = Callable[[str], Parsed]


def _plain(text: str) -> Parsed:
    body = region(text, 0, len(text), "body", "ingest.plain@1")
    return Parsed(format="plain", regions=(body,) if body else ())


# name -> (sniff, parse), tried in this order; "plain" accepts anything.
FORMATS: dict[str, tuple[Callable[[str], bool], Reader]] = {
    gutenberg.NAME: (gutenberg.sniff, gutenberg.parse),
    fanficfare_txt.NAME: (fanficfare_txt.sniff, fanficfare_txt.parse),
    story_export.NAME: (story_export.sniff, story_export.parse),
    "plain": (lambda _text: True, _plain),
}


def sniff_format(text: str) -> str:
    """The name of the first format whose signature ``text`` shows."""
    head = text.lstrip()[:2000].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head:
        raise UnknownFormatError(
            "is an HTML/XML file; only plain-text stories can be read so far", hint="save the story as plain text"
        )
    for name, (sniff, _parse) in FORMATS.items():
        if sniff(text):
            return name
    return "plain"


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


def from_text(
    text: str, *, path: str | None = None, format: str | None = None, source: SourceInfo | None = None
) -> Document:
    """A Document from already-decoded text, sniffing its format unless ``format`` is given."""
    if not text.strip():
        raise EmptyInputError("is empty (no text in it)", path=path)
    name = format or sniff_format(text)
    if name not in FORMATS:
        raise UnknownFormatError(f"unknown format {name!r}; known: {', '.join(FORMATS)}", path=path)
    parsed = FORMATS[name][1](text)
    info = source or SourceInfo(path=path, size_bytes=len(text.encode("utf-8")))
    info = dataclasses.replace(info, format=parsed.format)
    return Document(text=text, meta=parsed.meta, source=info, layers={"regions": parsed.regions})


def read(
    path: str | os.PathLike[str] | bytes,
    *,
    format: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> Document:
    """Read a story file (a path, ``-`` for stdin, or raw bytes) into a Document with metadata and regions.

    Raises an :class:`~ficlens.errors.IngestError` subclass naming the file and the cause.
    """
    if isinstance(path, bytes | bytearray):
        data, label = bytes(path), name or "<bytes>"
        if len(data) > max_bytes:
            raise InputTooLargeError(f"is over the {_size_label(max_bytes)} size limit", path=label)
    else:
        label = name or ("<stdin>" if str(path) == "-" else str(path))
        data = read_bytes(path, max_bytes)
    if not data.strip():
        raise EmptyInputError("is empty" if not data else "is empty (only whitespace)", path=label)
    try:
        decoded = decode(data)
        source = SourceInfo(
            path=label,
            encoding=decoded.encoding,
            size_bytes=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            changes=decoded.changes,
        )
        return from_text(decoded.text, path=label, format=format, source=source)
    except IngestError as exc:
        if exc.path is None:
            exc.path = label
        raise type(exc)(exc.cause, path=label, hint=exc.hint) from None


__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "from_text", "read", "read_bytes", "sniff_format"]
