"""The record layers of the built-in stages: one registry from layer name to the type of its records.

``Document.layer(name)`` is typed from this table (overloads with ``Literal`` names in ``document.py``, which must
list the same names: a test checks). A layer not in the table is a caller's own and holds records of any type.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .records import (
    Chapter,
    Character,
    Entity,
    Mention,
    Paragraph,
    Place,
    PointOfView,
    Quote,
    Region,
    Scene,
    SceneBreak,
    Sentence,
    Style,
)

LAYER_TYPES: Mapping[str, type] = MappingProxyType(
    {
        "regions": Region,
        "styles": Style,
        "chapters": Chapter,
        "scenes": Scene,
        "scene_breaks": SceneBreak,
        "paragraphs": Paragraph,
        "sentences": Sentence,
        "entities": Entity,
        "mentions": Mention,
        "characters": Character,
        "quotes": Quote,
        "places": Place,
        "pov": PointOfView,
    }
)


def record_type(layer: str) -> type | None:
    """The record type of a built-in layer (None for ``tokens``, a table, and for layers of the caller's own)."""
    return LAYER_TYPES.get(layer)
