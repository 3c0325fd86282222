"""Work metadata (as AO3 and fan-fiction archives record it) and where the text came from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Note:
    """An author's note, summary or disclaimer, with its text and (when it is in the file) its span."""

    kind: str  # "notes", "summary", "disclaimer", "end_notes", "chapter_notes", "dedication" …
    text: str
    start: int | None = None
    end: int | None = None
    chapter: int | None = None  # the chapter (1-based) a chapter summary or note belongs to


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the file says about the work. Tag lists keep the file's order and spelling.

    Field names follow AO3's model (``../shared/formats`` §1): ``relationships`` are pairings/ships,
    ``freeform`` are additional tags, ``beta_readers`` and ``gift_recipients`` come from credits in notes.
    ``extra`` keeps every other ``Label: value`` pair as read.
    """

    title: str | None = None
    authors: tuple[str, ...] = ()
    summary: str | None = None
    notes: tuple[Note, ...] = ()
    rating: str | None = None
    warnings: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    fandoms: tuple[str, ...] = ()
    relationships: tuple[str, ...] = ()
    characters: tuple[str, ...] = ()
    freeform: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    language: str | None = None
    series: str | None = None
    status: str | None = None
    published: str | None = None
    updated: str | None = None
    words: int | None = None
    chapters: str | None = None
    url: str | None = None
    author_url: str | None = None
    publisher: str | None = None
    beta_readers: tuple[str, ...] = ()
    gift_recipients: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    # AO3 and FanFicFare details (``../shared/formats`` §1, §7): every series with its part, collections, stats
    series_part: int | None = None
    all_series: tuple[tuple[str, int | None], ...] = ()
    collections: tuple[str, ...] = ()
    completed: str | None = None
    chapters_posted: int | None = None
    chapters_expected: int | None = None  # None: unknown ("?")
    kudos: int | None = None
    hits: int | None = None
    bookmarks: int | None = None
    comments: int | None = None
    work_id: str | None = None
    chapter_titles: tuple[str, ...] = ()
    # What ficlens noticed while reading and analysing (a work not in English, no story text …): one line each
    notices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """Where the text came from and what decoding did to it.

    ``changes`` lists, in words, every change made between the file's bytes and ``Document.text``
    (BOM removed, CRLF line ends made LF, mojibake repaired …), so that a reader can trust the offsets.
    """

    path: str | None = None
    format: str = "plain"
    encoding: str = "utf-8"
    size_bytes: int = 0
    sha256: str = ""
    changes: tuple[str, ...] = ()
