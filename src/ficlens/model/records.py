"""Stand-off annotation records.

Every record is a frozen dataclass addressed by half-open character offsets ``[start, end)`` into
``Document.text``. ``source`` says which stage made it (``"structure@1"``) and ``score`` how sure a model
was (``None`` for a rule). Records never hold copies of the text: use ``doc.span_text(record)``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` with its provenance."""

    start: int
    end: int
    source: str = ""
    score: float | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span offsets [{self.start}, {self.end})")

    @property
    def length(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


# Region kinds used by ingest: where the work itself is, and what surrounds it.
REGION_KINDS = (
    "header",  # title line, label: value blocks, front matter
    "notes",  # author's notes before the story
    "summary",
    "toc",  # a table of contents
    "body",  # the story itself
    "chapter_notes",  # notes inside a chapter (before or after its text)
    "end_notes",  # notes after the story
    "footer",  # licence, "End file.", archive boilerplate
)


@dataclass(frozen=True, slots=True)
class Region(Span):
    """A part of the file: the story body, or the header, notes, TOC or footer around it."""

    kind: str = "body"


@dataclass(frozen=True, slots=True)
class Chapter(Span):
    """A chapter: from its heading (if any) to the start of the next chapter.

    ``heading_end`` is the offset where the chapter's text starts (``== start`` when it has no heading).
    """

    number: int | None = None
    title: str | None = None
    heading_end: int | None = None


@dataclass(frozen=True, slots=True)
class Scene(Span):
    """A scene: a run of paragraphs between scene breaks (or chapter boundaries).

    ``opened_by`` tells what started it: ``"start"`` (start of a chapter or of the work), ``"blank-lines"``
    (a run of blank lines longer than the text's paragraph gap) or ``"separator"`` (a line such as ``* * *``).
    """

    chapter: int = 0
    opened_by: str = "start"


@dataclass(frozen=True, slots=True)
class SceneBreak(Span):
    """The text of a scene break (the separator line, or the blank lines)."""

    kind: str = "separator"


@dataclass(frozen=True, slots=True)
class Paragraph(Span):
    """A paragraph of story text (headings and separators are not paragraphs)."""

    scene: int = 0


@dataclass(frozen=True, slots=True)
class Sentence(Span):
    """A sentence, with the index range ``[token_start, token_end)`` of its tokens."""

    token_start: int = 0
    token_end: int = 0


@dataclass(frozen=True, slots=True)
class Entity(Span):
    """A named-entity span from the syntax stage (spaCy's labels: PERSON, GPE, ORG …)."""

    label: str = ""


RECORD_TYPES: dict[str, type[Span]] = {
    cls.__name__: cls for cls in (Span, Region, Chapter, Scene, SceneBreak, Paragraph, Sentence, Entity)
}
