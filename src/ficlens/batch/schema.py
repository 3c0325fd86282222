"""The Parquet tables' schemas (pyarrow). Every row of a table carries ``work_id`` and ``chunk`` (the commit
that wrote it; the views hide it); ``docs/scaling.md`` describes the columns, ``ficlens.tables`` makes the rows.
Each file carries key-value metadata: the ficlens version and the batch row format, and each column's meaning
(``ficlens.tables.COLUMN_DOCS``) as the field's ``description``."""

from __future__ import annotations

import pyarrow as pa

from ..tables import COLUMN_DOCS, COUNT_COLUMNS, metadata_columns
from ..version import __version__

_str = pa.string()
_i32 = pa.int32()
_i64 = pa.int64()
_f64 = pa.float64()
_bool = pa.bool_()

KEY = [pa.field("work_id", _str, nullable=False), pa.field("chunk", _i64, nullable=False)]

# A metadata column's kind (ficlens.tables.META_KINDS) -> its Arrow type.
_META_TYPES = {
    "string": _str,
    "int": _i64,
    "strings": pa.list_(_str),
    "notes": pa.list_(pa.struct([("kind", _str), ("text", _str), ("chapter", _i64)])),
    "pairs": pa.list_(pa.struct([("key", _str), ("value", _str)])),
    "series": pa.list_(pa.struct([("name", _str), ("part", _i64)])),
}

SCHEMAS: dict[str, pa.Schema] = {
    "works": pa.schema(
        [
            *KEY,
            pa.field("source_kind", _str),  # file, zip, jsonl
            pa.field("path", _str),
            pa.field("member", _str),  # the archive member
            pa.field("line", _i64),  # the JSON Lines line (1-based)
            *(pa.field(name, _META_TYPES[kind]) for name, kind in metadata_columns().items()),
            pa.field("format", _str),
            pa.field("size_bytes", _i64),
            pa.field("word_count", _i64),
            pa.field("token_count", _i64),
            *(pa.field(name, _i32) for name in COUNT_COLUMNS[2:]),
            pa.field("status", _str),  # ok, error
            pa.field("error_type", _str),
            pa.field("seconds", _f64),
            pa.field("attempts", _i32),
            pa.field("pipeline_version", _str),
            pa.field("processed_at", pa.timestamp("ms", tz="UTC")),
            pa.field("worker", _str),  # host:pid
        ]
    ),
    "characters": pa.schema(
        [
            *KEY,
            pa.field("character", _i32),  # index in the work's characters layer
            pa.field("name", _str),
            pa.field("names", pa.list_(_str)),
            pa.field("gender", _str),
            pa.field("mention_count", _i32),
            pa.field("quote_count", _i32),
            pa.field("quote_words", _i32),
            pa.field("dialogue_share", _f64),
            pa.field("narrator", _bool),
            pa.field("is_group", _bool),
            pa.field("first_offset", _i64),
            pa.field("last_offset", _i64),
        ]
    ),
    "quotes": pa.schema(
        [
            *KEY,
            pa.field("quote", _i32),
            pa.field("start_offset", _i64),
            pa.field("end_offset", _i64),
            pa.field("utterance", _i32),
            pa.field("paragraph", _i32),
            pa.field("speaker", _i32),  # index into the work's characters; null unknown
            pa.field("speaker_name", _str),
            pa.field("addressees", pa.list_(_i32)),
            pa.field("addressee_names", pa.list_(_str)),
            pa.field("method", _str),  # explicit, beat, vocative, turn-taking, context
            pa.field("source", _str),
            pa.field("score", _f64),
            pa.field("word_count", _i32),
            pa.field("text", _str),
        ]
    ),
    "mentions": pa.schema(
        [
            *KEY,
            pa.field("mention", _i32),
            pa.field("start_offset", _i64),
            pa.field("end_offset", _i64),
            pa.field("kind", _str),  # name, nominal, pronoun
            pa.field("character", _i32),
            pa.field("character_name", _str),
            pa.field("person", pa.int8()),
            pa.field("plural", _bool),
            pa.field("in_quote", _bool),
            pa.field("text", _str),
        ]
    ),
    "scenes": pa.schema(
        [
            *KEY,
            pa.field("scene", _i32),
            pa.field("chapter", _i32),
            pa.field("start_offset", _i64),
            pa.field("end_offset", _i64),
            pa.field("opened_by", _str),
            pa.field("word_count", _i64),
            pa.field("pov_mode", _str),
            pa.field("pov_character", _i32),
            pa.field("pov_character_name", _str),
            pa.field("pov_score", _f64),
        ]
    ),
    "errors": pa.schema(
        [
            *KEY,
            pa.field("path", _str),
            pa.field("member", _str),
            pa.field("line", _i64),
            pa.field("error_type", _str),
            pa.field("message", _str),
            pa.field("attempts", _i32),
        ]
    ),
}


ERRORS_DOCS = {
    "path": "the input file",
    "member": "the zip member",
    "line": "the JSON Lines line (1-based)",
    "error_type": "the error's type (BinaryInputError, JsonLineError, WorkerCrashError …)",
    "message": "the cause, without the path",
    "attempts": "tries",
}


def _documented(table: str, schema: pa.Schema) -> pa.Schema:
    from .version import BATCH_FORMAT

    docs = {**COLUMN_DOCS.get(table, {}), **(ERRORS_DOCS if table == "errors" else {})}
    docs.setdefault("work_id", COLUMN_DOCS["works"]["work_id"])
    docs["chunk"] = "the commit that wrote the row (storage; the views hide it)"
    fields = [f.with_metadata({"description": docs[f.name]}) if f.name in docs else f for f in schema]
    meta = {"ficlens.version": __version__, "ficlens.batch_format": str(BATCH_FORMAT), "ficlens.table": table}
    return pa.schema(fields, metadata=meta)


SCHEMAS = {table: _documented(table, schema) for table, schema in SCHEMAS.items()}


def row_schema(table: str) -> pa.Schema:
    """The schema of the rows process_work makes (the table's, without ``chunk``)."""
    schema = SCHEMAS[table]
    return schema.remove(schema.get_field_index("chunk"))


def to_table(table: str, rows: list[dict[str, object]], chunk: int) -> pa.Table:
    """Rows as an Arrow table of ``table``'s schema, every row stamped with ``chunk``."""
    schema = row_schema(table)
    if table == "works":
        rows = [dict(r, processed_at=int(float(r["processed_at"]) * 1000)) for r in rows]  # type: ignore[arg-type]
    data = pa.Table.from_pylist(rows, schema=schema)
    return data.add_column(1, SCHEMAS[table].field("chunk"), pa.array([chunk] * len(rows), _i64))
