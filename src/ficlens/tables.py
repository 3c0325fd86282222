"""The rows of one analysed work as tables: what ``ficlens batch`` stores as Parquet (``docs/scaling.md``) and
``ficlens.to_frames`` returns as pandas DataFrames, with the same columns.

Plain Python, no table library: each table is a list of dicts. Names are SQL-friendly (no ``end`` or ``group``:
``end_offset``, ``is_group``), an absent value is ``None`` (never ``-1``), and ``works`` holds every field of the
work's metadata (``Metadata``; lists as lists) under its JSON name, except ``status`` and ``work_id``, which
are ``story_status`` and ``external_id`` there. :data:`COLUMN_DOCS` says what each column means.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .model import Document, Metadata

ANALYSIS_TABLES = ("characters", "quotes", "mentions", "scenes")

# Metadata fields whose JSON name is taken by a works column of another meaning.
META_RENAMES = {"status": "story_status", "work_id": "external_id"}

# Metadata field type (as annotated) -> the column's kind (``batch/schema.py`` maps kinds to Arrow types).
META_KINDS = {
    "str | None": "string",
    "int | None": "int",
    "tuple[str, ...]": "strings",
    "tuple[Note, ...]": "notes",  # [{"kind", "text", "chapter"}]
    "tuple[tuple[str, str], ...]": "pairs",  # [{"key", "value"}]
    "tuple[tuple[str, int | None], ...]": "series",  # [{"name", "part"}]
}


def metadata_columns() -> dict[str, str]:
    """Works column name → kind, one per ``Metadata`` field (KeyError names a field of a new kind)."""
    return {META_RENAMES.get(f.name, f.name): META_KINDS[str(f.type)] for f in dataclasses.fields(Metadata)}


COUNT_COLUMNS = (
    "word_count",
    "token_count",
    "chapter_count",
    "scene_count",
    "paragraph_count",
    "sentence_count",
    "quote_count",
    "character_count",
    "mention_count",
)

COLUMN_DOCS: dict[str, dict[str, str]] = {
    "works": {
        "work_id": "sha256 of the work's bytes (or of a JSON line's text)",
        "source_kind": "file, zip or jsonl",
        "path": "the input file",
        "member": "the zip member",
        "line": "the JSON Lines line (1-based)",
        "external_id": "a JSON line's id, else the archive's work id (Metadata.work_id)",
        "story_status": "the archive's completion status (Metadata.status)",
        "format": "the reader that read the file",
        "size_bytes": "the file's size",
        "word_count": "words in the story's paragraphs, counted by ficlens (words: the archive's own figure)",
        "token_count": "spaCy tokens",
        "chapter_count": "chapters found",
        "scene_count": "scenes found",
        "paragraph_count": "paragraphs",
        "sentence_count": "sentences",
        "quote_count": "quotations",
        "character_count": "characters kept",
        "mention_count": "mentions of people",
        "status": "ok or error (the analysis)",
        "error_type": "the error's type when status is error",
        "seconds": "analysis time",
        "attempts": "tries",
        "pipeline_version": "what analysed it (docs/pipeline.md)",
        "processed_at": "when",
        "worker": "host:pid",
    },
    "characters": {
        "character": "index in the work's characters (JSON characters[N], TEI #cN)",
        "name": "display name (null for an unnamed character)",
        "names": "the names the text uses, most frequent first",
        "gender": "pronouns the text uses: he/him, she/her, they/them, unknown",
        "mention_count": "mentions linked to the character",
        "quote_count": "quotations attributed to the character",
        "quote_words": "words in them",
        "dialogue_share": "share of the words of all attributed quotations (0-1)",
        "narrator": "the first-person narrator",
        "is_group": "a group referred to in the plural",
        "first_offset": "character offset of the first mention",
        "last_offset": "character offset of the last mention",
    },
    "quotes": {
        "quote": "index in the work's quotes (JSON quotes[N], TEI said xml:id qN)",
        "start_offset": "character offset where the quotation starts (its quotation mark)",
        "end_offset": "character offset just after it",
        "utterance": "the parts of one utterance share it (null: none)",
        "paragraph": "index in the work's paragraphs",
        "speaker": "the speaker's character index (null: unknown)",
        "speaker_name": "the speaker's name",
        "addressees": "the addressees' character indexes",
        "addressee_names": "their names",
        "method": "what decided the speaker: explicit, beat, vocative, turn-taking, context (null: none)",
        "source": "stage@version that decided it",
        "score": "the speaker's score (a ranker's, not a probability)",
        "word_count": "words in the quotation",
        "text": "the quotation, quotation marks included",
    },
    "mentions": {
        "mention": "index in the work's mentions",
        "start_offset": "character offset of the mention",
        "end_offset": "character offset just after it",
        "kind": "name, nominal or pronoun",
        "character": "the character's index (null: not linked)",
        "character_name": "the character's name",
        "person": "grammatical person (1, 2, 3)",
        "plural": "a plural mention",
        "in_quote": "inside a quotation",
        "text": "the mention's text",
    },
    "scenes": {
        "scene": "index in the work's scenes",
        "chapter": "index in the work's chapters",
        "start_offset": "character offset of the scene",
        "end_offset": "character offset just after it",
        "opened_by": "start, separator or blank-lines",
        "word_count": "words in the scene",
        "pov_mode": "first-person, second-person, third-person-limited or none",
        "pov_character": "the focal character's index (null: none)",
        "pov_character_name": "the focal character's name",
        "pov_score": "the point of view's score",
    },
}


# The columns of the analysis tables, in order (the Parquet tables add ``chunk`` after ``work_id``).
COLUMNS = {table: ("work_id", *COLUMN_DOCS[table]) for table in ANALYSIS_TABLES}


def _index(value: int) -> int | None:
    return value if value >= 0 else None


def count_words(text: str) -> int:
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


def _meta_value(kind: str, value: Any) -> Any:
    if kind == "strings":
        return list(value)
    if kind == "notes":
        return [{"kind": n.kind, "text": n.text, "chapter": n.chapter} for n in value]
    if kind == "pairs":
        return [{"key": k, "value": v} for k, v in value]
    if kind == "series":
        return [{"name": name, "part": part} for name, part in value]
    return value


def metadata_row(meta: Metadata) -> dict[str, Any]:
    """Every metadata field as a works column (lists as lists, pairs as ``{key, value}`` records)."""
    kinds = metadata_columns()
    return {
        META_RENAMES.get(f.name, f.name): _meta_value(kinds[META_RENAMES.get(f.name, f.name)], getattr(meta, f.name))
        for f in dataclasses.fields(Metadata)
    }


def work_row(doc: Document) -> dict[str, Any]:
    """The analysis part of a work's row: its metadata, file format and size, and counts."""
    row = metadata_row(doc.meta)
    row.update(
        format=doc.source.format,
        size_bytes=doc.source.size_bytes,
        word_count=doc.word_count,
        token_count=len(doc.tokens) if doc.has("tokens") else 0,
        **{
            f"{name[:-1]}_count": len(doc.layer(name)) if doc.has(name) else 0
            for name in ("chapters", "scenes", "paragraphs", "sentences", "quotes", "characters", "mentions")
        },
    )
    return row


def analysis_rows(doc: Document, work_id: str) -> dict[str, list[dict[str, Any]]]:
    """The rows of the characters, quotes, mentions and scenes tables for ``doc`` (empty tables for layers the
    Document does not have)."""

    def layer(name: str) -> tuple[Any, ...]:
        return doc.layer(name) if doc.has(name) else ()

    chars = layer("characters")
    names = [c.name for c in chars]

    def name_of(index: int) -> str | None:
        return (names[index] or None) if 0 <= index < len(names) else None

    characters = [
        {
            "work_id": work_id, "character": i, "name": c.name or None, "names": [n for n, _count in c.names],
            "gender": c.gender, "mention_count": c.mention_count, "quote_count": c.quotes,
            "quote_words": c.quote_words, "dialogue_share": c.dialogue_share, "narrator": c.narrator,
            "is_group": c.group, "first_offset": _index(c.first), "last_offset": _index(c.last),
        }
        for i, c in enumerate(chars)
    ]  # fmt: skip
    quotes = []
    for i, q in enumerate(layer("quotes")):
        text = doc.text[q.start : q.end]
        quotes.append(
            {
                "work_id": work_id, "quote": i, "start_offset": q.start, "end_offset": q.end,
                "utterance": _index(q.utterance), "paragraph": _index(q.paragraph), "speaker": _index(q.speaker),
                "speaker_name": name_of(q.speaker), "addressees": list(q.addressees),
                "addressee_names": [name_of(a) or "" for a in q.addressees], "method": q.method or None,
                "source": q.source, "score": q.score, "word_count": count_words(text), "text": text,
            }
        )  # fmt: skip
    mentions = [
        {
            "work_id": work_id, "mention": i, "start_offset": m.start, "end_offset": m.end, "kind": m.kind,
            "character": _index(m.character), "character_name": name_of(m.character), "person": m.person,
            "plural": m.plural, "in_quote": m.in_quote, "text": doc.text[m.start : m.end],
        }
        for i, m in enumerate(layer("mentions"))
    ]  # fmt: skip
    povs = {p.scene: p for p in layer("pov")}
    scenes = []
    for i, s in enumerate(layer("scenes")):
        pov = povs.get(i)
        scenes.append(
            {
                "work_id": work_id, "scene": i, "chapter": s.chapter, "start_offset": s.start, "end_offset": s.end,
                "opened_by": s.opened_by, "word_count": count_words(doc.text[s.start : s.end]),
                "pov_mode": pov.mode if pov else None, "pov_character": _index(pov.character) if pov else None,
                "pov_character_name": name_of(pov.character) if pov else None,
                "pov_score": pov.score if pov else None,
            }
        )  # fmt: skip
    return {"characters": characters, "quotes": quotes, "mentions": mentions, "scenes": scenes}
