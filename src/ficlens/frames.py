"""pandas DataFrames of an analysed work: the corpus tables' columns (``ficlens.tables``, ``docs/scaling.md``)
for one work, plus its tokens. pandas is optional: ``pip install 'ficlens[frames]'``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import require
from .model import Document
from .tables import ANALYSIS_TABLES, COLUMNS, analysis_rows, work_row

if TYPE_CHECKING:
    import pandas as pd

FRAMES = ("works", *ANALYSIS_TABLES, "tokens")
TOKEN_COLUMNS = ("work_id", "token", "start_offset", "end_offset", "text", "lemma", "pos", "tag", "dep", "head")


def _token_rows(doc: Document, work_id: str) -> list[dict[str, Any]]:
    if not doc.has("tokens"):
        return []
    return [
        {
            "work_id": work_id, "token": t.index, "start_offset": t.start, "end_offset": t.end,
            "text": doc.text[t.start : t.end], "lemma": t.lemma, "pos": t.pos, "tag": t.tag, "dep": t.dep,
            "head": t.head,
        }
        for t in doc.tokens
    ]  # fmt: skip


def to_frames(doc: Document, work_id: str | None = None) -> dict[str, pd.DataFrame]:
    """``{"works", "characters", "quotes", "mentions", "scenes", "tokens"}`` → a DataFrame each, with the
    columns of ``ficlens batch``'s tables (no ``chunk``; absent values are missing, not -1). ``work_id``
    defaults to the SHA-256 of the file read (as batch's). Raises MissingExtraError without pandas."""
    require("pandas", "frames", "ficlens.to_frames")
    import pandas as pd

    wid = work_id if work_id is not None else doc.source.sha256
    work = {"work_id": wid, "path": doc.source.path, **work_row(doc)}
    frames = {"works": pd.DataFrame([work])}
    rows = analysis_rows(doc, wid)
    for table in ANALYSIS_TABLES:
        frames[table] = pd.DataFrame(rows[table], columns=list(COLUMNS[table]))
    frames["tokens"] = pd.DataFrame(_token_rows(doc, wid), columns=list(TOKEN_COLUMNS))
    return _typed(frames)


# Index columns that may be missing: nullable integers, so a missing one is <NA>, not a float NaN.
_NULLABLE_INTS = ("utterance", "paragraph", "speaker", "character", "pov_character", "first_offset", "last_offset")


def _typed(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    for frame in frames.values():
        for column in _NULLABLE_INTS:
            if column in frame.columns:
                frame[column] = frame[column].astype("Int64")
    return frames
