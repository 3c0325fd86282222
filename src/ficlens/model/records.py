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
    "heading",  # a chapter heading the file format marks itself (inside a body region)
    "chapter_notes",  # notes inside a chapter (before or after its text)
    "end_notes",  # notes after the story
    "footer",  # licence, "End file.", archive boilerplate
)


@dataclass(frozen=True, slots=True)
class Region(Span):
    """A part of the file: the story body, or the header, notes, TOC or footer around it."""

    kind: str = "body"


# Inline styles kept from HTML and EPUB sources (layer "styles").
STYLE_KINDS = ("em", "strong", "underline", "strike", "small-caps", "code", "sup", "sub")


@dataclass(frozen=True, slots=True)
class Style(Span):
    """An inline style of the source (``<em>``, ``<strong>`` …) over a stretch of the stored text."""

    kind: str = "em"


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


@dataclass(frozen=True, slots=True)
class Mention(Span):
    """A mention of a person: a name, a descriptive noun phrase ("the redhead") or a pronoun.

    ``character`` indexes the ``characters`` layer (-1: not linked to any character). ``head`` is the token
    index of the mention's head word. ``person`` is grammatical person (1, 2, 3).
    """

    kind: str = "name"  # "name", "nominal", "pronoun"
    character: int = -1
    head: int = -1
    person: int = 3
    plural: bool = False
    in_quote: bool = False
    key: str = ""  # names: the name without its title; nominals: the head lemma; pronouns: the lower-case form
    title: str = ""  # names: the title written before it, lower case ("mr.")
    gender: str = ""  # what the words say: "he", "she", "they" or "" (a title, a gendered noun, a pronoun)
    definite: bool = True  # nominals: a definite determiner or a possessor ("the redhead", "his sire")
    bare: bool = False  # nominals: no determiner, possessor or modifier ("Come here, girl")
    possessor: int = -1  # nominals: token index of a possessive determiner or noun ("his" in "his sire")


# What decided a quotation's speaker (``Quote.method``): a speech tag ("said Tom", "he asked"), the subject of other
# narration in the paragraph (an action beat), a name addressed in the turn before, the speaker before last, or
# the context (salience, recency).
QUOTE_METHODS = ("explicit", "beat", "vocative", "turn-taking", "context")


@dataclass(frozen=True, slots=True)
class Quote(Span):
    """A quotation (the span includes its quotation marks). The parts of one utterance interrupted by narration
    ("…," he said, "…") or running over several paragraphs share ``utterance``; ``score`` is the speaker's and
    ``method`` the kind of evidence that decided it (:data:`QUOTE_METHODS`; "" when no speaker was decided). The
    quotations of one ``turn`` of dialogue share their speaker."""

    speaker: int = -1  # index into characters; -1 unknown
    addressees: tuple[int, ...] = ()
    utterance: int = -1
    method: str = ""
    paragraph: int = -1  # index into paragraphs (-1: unknown)
    turn: int = -1  # the turn of dialogue (-1: none decided)


@dataclass(frozen=True, slots=True)
class Place(Span):
    """A mention of a place, facility, vehicle or organisation ("the lighthouse", "Portreath", "the boat").

    ``category`` is LitBank's: FAC, LOC, GPE, VEH or ORG. ``kind`` is "name" or "nominal"; ``head`` the token
    index of the head word; mentions with the same ``entity`` number are one place.
    """

    category: str = ""
    kind: str = "nominal"
    head: int = -1
    entity: int = -1


@dataclass(frozen=True, slots=True)
class PointOfView(Span):
    """The focal character of a scene (the span is the scene's)."""

    scene: int = 0
    character: int = -1  # -1: no focal character
    mode: str = "none"  # "first-person", "second-person", "third-person-limited", "none"


@dataclass(frozen=True, slots=True)
class Character:
    """A character: every mention clustered into one person (or one group), with a profile.

    Not a span: ``first``/``last`` are the offsets of the first and last mention. Count lists are
    ``(text, count)`` pairs, most frequent first. ``pronouns`` says how the text refers to the character
    (``she/her``), which is where ``gender`` comes from: never from the name.
    """

    id: int
    name: str
    names: tuple[tuple[str, int], ...] = ()
    epithets: tuple[tuple[str, int], ...] = ()
    pronouns: tuple[tuple[str, int], ...] = ()
    gender: str = "unknown"  # "he/him", "she/her", "they/them", "unknown"
    mention_count: int = 0
    first: int = -1
    last: int = -1
    narrator: bool = False
    group: bool = False
    agent: tuple[tuple[str, int], ...] = ()
    patient: tuple[tuple[str, int], ...] = ()
    possessions: tuple[tuple[str, int], ...] = ()
    modifiers: tuple[tuple[str, int], ...] = ()
    quotes: int = 0  # quotations attributed to the character
    quote_words: int = 0  # words in them
    dialogue_share: float = 0.0  # quote_words / all words in attributed quotations
    named: bool = False  # known by a name (not only by descriptions and pronouns)
    hint: str = ""  # the caller's name for the character (a CharacterHint), if it is one
    gender_votes: tuple[tuple[str, int], ...] = ()  # evidence for its pronouns ("he"/"she"/"they"), most first
    fixed_gender: str = ""  # the pronouns the votes settled before coreference ("" : not settled)
    source: str = ""
    score: float | None = None


@dataclass(frozen=True, slots=True)
class CharacterHint:
    """A character the caller knows about before the analysis (for example from AO3 character tags)."""

    name: str
    aliases: tuple[str, ...] = ()


Record = Span | Character

RECORD_TYPES: dict[str, type[Span] | type[Character]] = {
    cls.__name__: cls
    for cls in (
        Span,
        Region,
        Style,
        Chapter,
        Scene,
        SceneBreak,
        Paragraph,
        Sentence,
        Entity,
        Mention,
        Quote,
        Place,
        PointOfView,
        Character,
    )
}
