"""The Document: one immutable value holding the text once, its metadata and stand-off layers."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal, TypeVar, overload

from .metadata import Metadata, SourceInfo
from .records import (
    Chapter,
    Character,
    Entity,
    Mention,
    Paragraph,
    Place,
    PointOfView,
    Quote,
    Record,
    Region,
    Scene,
    SceneBreak,
    Sentence,
    Span,
    Style,
)
from .tokens import TokenTable

S = TypeVar("S", bound=Span)

Layer = tuple[Record, ...] | TokenTable

# The layer names the built-in stages use, in pipeline order.
LAYER_NAMES = (
    "regions",
    "styles",
    "chapters",
    "scenes",
    "scene_breaks",
    "paragraphs",
    "sentences",
    "tokens",
    "entities",
)


def _freeze(layers: Mapping[str, Any]) -> Mapping[str, Layer]:
    frozen: dict[str, Layer] = {}
    for name, value in layers.items():
        frozen[name] = value if isinstance(value, TokenTable) else tuple(value)
    return MappingProxyType(frozen)


@dataclass(frozen=True)
class Document:
    """A work: ``text`` as decoded (never changed afterwards), ``meta``, ``source`` and named layers.

    Stages return new Documents with :meth:`with_layers`; nothing mutates a Document.
    """

    text: str
    meta: Metadata = field(default_factory=Metadata)
    source: SourceInfo = field(default_factory=SourceInfo)
    layers: Mapping[str, Layer] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", _freeze(self.layers))
        n = len(self.text)
        for name, layer in self.layers.items():
            if isinstance(layer, TokenTable):
                if len(layer) and (max(layer.end) > n or min(layer.start) < 0):
                    raise ValueError(f"layer {name!r} has offsets outside the text (length {n})")
                continue
            for rec in layer:
                if isinstance(rec, Span) and rec.end > n:
                    raise ValueError(f"layer {name!r} has a record [{rec.start}, {rec.end}) past the text end {n}")

    # -- building ---------------------------------------------------------------------------------
    def with_layers(self, **layers: Iterable[Record] | TokenTable) -> Document:
        """A new Document with these layers added or replaced."""
        merged = dict(self.layers)
        merged.update(layers)  # type: ignore[arg-type]
        return dataclasses.replace(self, layers=merged)

    def with_meta(self, meta: Metadata) -> Document:
        return dataclasses.replace(self, meta=meta)

    # -- reading ----------------------------------------------------------------------------------
    def has(self, name: str) -> bool:
        return name in self.layers

    # typed for mypy: one overload per layer of ``layers.LAYER_TYPES`` (a test keeps the two lists the same)
    @overload
    def layer(self, name: Literal["regions"]) -> tuple[Region, ...]: ...
    @overload
    def layer(self, name: Literal["styles"]) -> tuple[Style, ...]: ...
    @overload
    def layer(self, name: Literal["chapters"]) -> tuple[Chapter, ...]: ...
    @overload
    def layer(self, name: Literal["scenes"]) -> tuple[Scene, ...]: ...
    @overload
    def layer(self, name: Literal["scene_breaks"]) -> tuple[SceneBreak, ...]: ...
    @overload
    def layer(self, name: Literal["paragraphs"]) -> tuple[Paragraph, ...]: ...
    @overload
    def layer(self, name: Literal["sentences"]) -> tuple[Sentence, ...]: ...
    @overload
    def layer(self, name: Literal["entities"]) -> tuple[Entity, ...]: ...
    @overload
    def layer(self, name: Literal["mentions"]) -> tuple[Mention, ...]: ...
    @overload
    def layer(self, name: Literal["characters"]) -> tuple[Character, ...]: ...
    @overload
    def layer(self, name: Literal["quotes"]) -> tuple[Quote, ...]: ...
    @overload
    def layer(self, name: Literal["places"]) -> tuple[Place, ...]: ...
    @overload
    def layer(self, name: Literal["pov"]) -> tuple[PointOfView, ...]: ...
    @overload
    def layer(self, name: str) -> tuple[Any, ...]: ...
    def layer(self, name: str) -> tuple[Any, ...]:
        """A record layer by name (empty if absent); its record type is ``layers.LAYER_TYPES[name]``."""
        value = self.layers.get(name, ())
        if isinstance(value, TokenTable):
            raise TypeError(f"layer {name!r} is a token table; use doc.tokens")
        return value

    @property
    def tokens(self) -> TokenTable:
        value = self.layers.get("tokens")
        return value if isinstance(value, TokenTable) else TokenTable()

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def texts(self, name: str) -> Iterator[str]:
        for rec in self.layer(name):
            yield self.text[rec.start : rec.end]

    @property
    def regions(self) -> tuple[Region, ...]:
        return self.layer("regions")

    def body_regions(self) -> list[Region]:
        """The regions holding the story itself (the whole text when ingest marked none)."""
        body = [r for r in self.regions if r.kind == "body"]
        return body or [Region(0, len(self.text), source="document", kind="body")]

    def story_text(self) -> str:
        """The story without headers, notes and footers (paragraphs joined by blank lines)."""
        if self.has("paragraphs"):
            return "\n\n".join(self.texts("paragraphs"))
        return "\n\n".join(self.text[r.start : r.end].strip() for r in self.body_regions())

    @property
    def word_count(self) -> int:
        """Words in the story's paragraphs: whitespace-separated runs with a letter or digit in them."""
        spans = self.layer("paragraphs") if self.has("paragraphs") else self.body_regions()
        return sum(_count_words(self.text[s.start : s.end]) for s in spans)


def _count_words(text: str) -> int:
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))
