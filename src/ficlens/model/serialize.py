"""The versioned JSON form of a Document (schema: ``docs/json-format.md``).

``from_json(to_json(doc)) == doc`` for every Document. Span layers are lists of objects that carry a
``type`` and omit fields left at their defaults; the token layer is a table of columns.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from ..errors import SchemaError
from .document import Document
from .metadata import Metadata, Note, SourceInfo
from .records import RECORD_TYPES, Record
from .tokens import TokenTable

FORMAT_NAME = "ficlens-document"
SCHEMA_VERSION = 1


def _record_to_dict(rec: Record) -> dict[str, Any]:
    out: dict[str, Any] = {"type": type(rec).__name__}
    for f in dataclasses.fields(rec):
        value = getattr(rec, f.name)
        if f.name in ("start", "end", "id") or value != f.default:
            out[f.name] = _listify(value)
    return out


def _listify(value: Any) -> Any:
    return [_listify(v) for v in value] if isinstance(value, tuple) else value


def _tupleize(value: Any) -> Any:
    return tuple(_tupleize(v) for v in value) if isinstance(value, list) else value


def _record_from_dict(data: dict[str, Any], layer: str) -> Record:
    kind = data.get("type", "Span")
    cls = RECORD_TYPES.get(kind)
    if cls is None:
        raise SchemaError(f"layer {layer!r}: unknown record type {kind!r}")
    if kind == "Quote":
        data = _legacy_quote(data)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = set(data) - names - {"type"}
    if unknown:
        raise SchemaError(f"layer {layer!r}: record of type {kind} has unknown fields {sorted(unknown)}")
    try:
        return cls(**{k: _tupleize(v) for k, v in data.items() if k != "type"})
    except (TypeError, ValueError) as exc:
        raise SchemaError(f"layer {layer!r}: bad {kind} record {data!r}: {exc}") from exc


def _legacy_quote(data: dict[str, Any]) -> dict[str, Any]:
    """A quote written before ``Quote.method`` existed kept its evidence after a colon in ``source``
    (``"characters@1:explicit"``): read it as ``source="characters@1"``, ``method="explicit"``."""
    source = data.get("source")
    if "method" in data or not isinstance(source, str) or ":" not in source:
        return data
    plain, _, method = source.rpartition(":")
    return {**data, "source": plain, "method": method}


def _meta_to_dict(meta: Metadata) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(meta):
        value = getattr(meta, f.name)
        if f.name == "notes":
            value = [{k: v for k, v in dataclasses.asdict(n).items() if v is not None} for n in value]
        elif f.name in ("extra", "all_series"):
            value = [list(pair) for pair in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def _meta_from_dict(data: dict[str, Any]) -> Metadata:
    kwargs: dict[str, Any] = {}
    fields = {f.name: f for f in dataclasses.fields(Metadata)}
    for name, value in data.items():
        if name not in fields:
            raise SchemaError(f"metadata has an unknown field {name!r}")
        if name == "notes":
            value = tuple(Note(**n) for n in value)
        elif name == "extra":
            value = tuple((str(k), str(v)) for k, v in value)
        elif name == "all_series":
            value = tuple((str(k), None if v is None else int(v)) for k, v in value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[name] = value
    return Metadata(**kwargs)


def to_dict(doc: Document) -> dict[str, Any]:
    layers: dict[str, Any] = {}
    for name, layer in doc.layers.items():
        if isinstance(layer, TokenTable):
            layers[name] = {"table": layer.to_columns()}
        else:
            layers[name] = [_record_to_dict(r) for r in layer]
    source = dataclasses.asdict(doc.source)
    source["changes"] = list(doc.source.changes)
    return {
        "format": FORMAT_NAME,
        "version": SCHEMA_VERSION,
        "source": source,
        "meta": _meta_to_dict(doc.meta),
        "text": doc.text,
        "layers": layers,
    }


def from_dict(data: dict[str, Any]) -> Document:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise SchemaError(f"not a {FORMAT_NAME} JSON document")
    version = data.get("version")
    if version != SCHEMA_VERSION:
        raise SchemaError(
            f"{FORMAT_NAME} version {version!r} is not supported",
            hint=f"this ficlens reads version {SCHEMA_VERSION}; re-run 'ficlens analyze' on the original file",
        )
    try:
        text = data["text"]
        source = dict(data.get("source", {}))
        source["changes"] = tuple(source.get("changes", ()))
        layers: dict[str, Any] = {}
        for name, value in data.get("layers", {}).items():
            if isinstance(value, dict) and "table" in value:
                layers[name] = TokenTable.from_columns(value["table"])
            else:
                layers[name] = tuple(_record_from_dict(r, name) for r in value)
        return Document(
            text=text, meta=_meta_from_dict(data.get("meta", {})), source=SourceInfo(**source), layers=layers
        )
    except KeyError as exc:
        raise SchemaError(f"missing field {exc}") from exc
    except (TypeError, ValueError) as exc:
        raise SchemaError(str(exc)) from exc


def to_json(doc: Document, *, indent: int | None = None) -> str:
    return json.dumps(to_dict(doc), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(f"not JSON: {exc}") from exc
    return from_dict(data)
