"""Code points no encoder accepts: lone surrogates (U+D800-U+DFFF), which JSON (``"\\ud800"``), a filename read
with ``surrogateescape`` or a careless API caller can put into a Python string. UTF-8, Parquet, SQLite and the
terminal all refuse them, so ingest replaces each with U+FFFD once, when a Document is made (the text keeps its
length: every offset stays valid)."""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_UNENCODABLE = re.compile("[\ud800-\udfff]")


def has_unencodable(text: str) -> bool:
    return _UNENCODABLE.search(text) is not None


def replace_unencodable(text: str) -> tuple[str, int]:
    """``text`` with every lone surrogate replaced by U+FFFD, and how many were replaced."""
    if not has_unencodable(text):
        return text, 0
    return _UNENCODABLE.subn(REPLACEMENT, text)


def encodable(text: str) -> str:
    """``text`` that any UTF-8 writer accepts (lone surrogates replaced by U+FFFD)."""
    return replace_unencodable(text)[0]
