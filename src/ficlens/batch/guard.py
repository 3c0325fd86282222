"""Poison rows: a result whose rows a Parquet table cannot hold (a string no encoder accepts, an integer past
int64) would fail the whole chunk's commit, and again on every rerun, so nothing in its chunk would ever be
committed. :func:`checked` runs in the driver on every result before it joins a chunk: strings are made encodable
(lone surrogates → U+FFFD, as ingest does), and a result whose rows still do not fit its tables becomes an error
result for the same work (``RowError``), so the run goes on."""

from __future__ import annotations

from typing import Any

from ..text.clean import encodable, has_unencodable
from .sources import Locator, SourceFailure
from .work import WorkOptions, WorkResult, failure_result


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return encodable(value) if has_unencodable(value) else value
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def checked(result: WorkResult) -> WorkResult:
    """``result`` with rows every table accepts, or an error result for its work saying why they did not."""
    from .schema import to_table  # pyarrow: loaded when results come, not when ficlens.batch is imported

    rows = {table: [_clean(row) for row in table_rows] for table, table_rows in result.rows.items()}
    try:
        for table, table_rows in rows.items():
            to_table(table, table_rows, 0)
    except Exception as exc:  # pyarrow's ArrowInvalid/ArrowTypeError, OverflowError …: the row, not the run
        return _row_error(result, rows, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    result.rows = rows
    result.label = _clean(result.label)
    return result


def _row_error(result: WorkResult, rows: dict[str, list[dict[str, Any]]], why: str) -> WorkResult:
    work = rows["works"][0] if rows.get("works") else {}
    loc = Locator(
        str(work.get("source_kind") or "file"), str(work.get("path") or _clean(result.label)),
        member=work.get("member") if isinstance(work.get("member"), str) else None,
        line=work.get("line") if isinstance(work.get("line"), int) else None,
    )  # fmt: skip
    options = WorkOptions(pipeline_version=str(work.get("pipeline_version") or ""))
    message = f"its results cannot be stored ({why})"
    return failure_result(SourceFailure(result.work_id, loc, "RowError", message), "RowError", message, options)
