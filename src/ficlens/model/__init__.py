"""The data model: Document, stand-off records, metadata, tokens and their JSON form. No NLP imports."""

from .document import LAYER_NAMES, Document
from .layers import LAYER_TYPES, record_type
from .metadata import Metadata, Note, SourceInfo
from .records import (
    QUOTE_METHODS,
    Chapter,
    Character,
    CharacterHint,
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
from .serialize import SCHEMA_VERSION, from_dict, from_json, to_dict, to_json
from .tokens import Token, TokenTable, TokenTableBuilder

__all__ = [
    "LAYER_NAMES",
    "LAYER_TYPES",
    "QUOTE_METHODS",
    "SCHEMA_VERSION",
    "Chapter",
    "Character",
    "CharacterHint",
    "Document",
    "Entity",
    "Mention",
    "Metadata",
    "Note",
    "Paragraph",
    "Place",
    "PointOfView",
    "Quote",
    "Record",
    "Region",
    "Scene",
    "SceneBreak",
    "Sentence",
    "SourceInfo",
    "Span",
    "Style",
    "Token",
    "TokenTable",
    "TokenTableBuilder",
    "from_dict",
    "from_json",
    "record_type",
    "to_dict",
    "to_json",
]
