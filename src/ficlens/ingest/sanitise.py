"""The door every Document passes on its way out of ingest: lone surrogates (the only code points a Python
string may hold that no encoder accepts) are replaced by U+FFFD in the text and in every metadata string, and the
replacement is recorded in ``source.changes``. After it no stage or writer (JSON, Parquet, XML, the terminal) can
fail on an unencodable character. Replacing one code point by one keeps every offset valid."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..model import Document
from ..text.clean import replace_unencodable


def _clean(value: Any) -> tuple[Any, int]:
    """``value`` (a string, tuple or dataclass of them) with lone surrogates replaced, and how many."""
    if isinstance(value, str):
        return replace_unencodable(value)
    if isinstance(value, tuple):
        items = [_clean(v) for v in value]
        n = sum(k for _v, k in items)
        return (tuple(v for v, _k in items), n) if n else (value, 0)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed: dict[str, Any] = {}
        total = 0
        for f in dataclasses.fields(value):
            new, n = _clean(getattr(value, f.name))
            if n:
                changed[f.name] = new
                total += n
        return (dataclasses.replace(value, **changed), total) if total else (value, 0)
    return value, 0


def sanitise(doc: Document) -> Document:
    """``doc`` with no unencodable code point in its text, metadata or source path (a no-op when it has none)."""
    text, in_text = replace_unencodable(doc.text)
    meta, in_meta = _clean(doc.meta)
    source, in_source = _clean(doc.source)
    if not (in_text or in_meta or in_source):
        return doc
    where = [w for w, n in (("text", in_text), ("metadata", in_meta), ("file name", in_source)) if n]
    note = (
        f"replaced {in_text + in_meta + in_source} unencodable character(s) (lone surrogates) with U+FFFD in the "
        + " and ".join(where)
    )
    source = dataclasses.replace(source, changes=(*source.changes, note))
    return dataclasses.replace(doc, text=text, meta=meta, source=source)
