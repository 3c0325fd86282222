"""``Label: value`` header fields as fan-fiction exports write them, mapped onto :class:`Metadata`.

The label table follows ``../shared/formats/README.md`` §4 and §9 (FanFicFare, eFiction, mailing-list
headers). Labels compare case-insensitively with spaces and apostrophes normalised.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from ..model import Metadata, Note

# normalised label -> (Metadata field, how to read the value)
#   "text": the value as is;  "list": split on commas;  "note:KIND": an author's note of that kind
LABELS: dict[str, tuple[str, str]] = {
    "title": ("title", "text"),
    "author": ("authors", "list"),
    "authors": ("authors", "list"),
    "author's notes": ("notes", "note:notes"),
    "author's note": ("notes", "note:notes"),
    "authors notes": ("notes", "note:notes"),
    "authors note": ("notes", "note:notes"),
    "a/n": ("notes", "note:notes"),
    "an": ("notes", "note:notes"),
    "notes": ("notes", "note:notes"),
    "note": ("notes", "note:notes"),
    "story notes": ("notes", "note:notes"),
    "author's chapter notes": ("notes", "note:notes"),
    "dedication": ("notes", "note:dedication"),
    "disclaimer": ("notes", "note:disclaimer"),
    "feedback": ("notes", "note:feedback"),
    "acknowledgements": ("notes", "note:acknowledgements"),
    "acknowledgments": ("notes", "note:acknowledgements"),
    "self-promotion": ("notes", "note:notes"),
    "end notes": ("notes", "note:end_notes"),
    "end note": ("notes", "note:end_notes"),
    "chapter notes": ("notes", "note:notes"),
    "by": ("authors", "list"),
    "written by": ("authors", "list"),
    "summary": ("summary", "text"),
    "description": ("summary", "text"),
    "rating": ("rating", "text"),
    "rated": ("rating", "text"),
    "warning": ("warnings", "list"),
    "warnings": ("warnings", "list"),
    "archive warning": ("warnings", "list"),
    "archive warnings": ("warnings", "list"),
    "spoilers": ("extra", "text"),
    "spoiler warning": ("extra", "text"),
    "pairing": ("relationships", "list"),
    "pairings": ("relationships", "list"),
    "relationship": ("relationships", "list"),
    "relationships": ("relationships", "list"),
    "ships": ("relationships", "list"),
    "characters": ("characters", "list"),
    "character": ("characters", "list"),
    "fandom": ("fandoms", "list"),
    "fandoms": ("fandoms", "list"),
    "category": ("categories", "list"),
    "categories": ("categories", "list"),
    "genre": ("genres", "list"),
    "genres": ("genres", "list"),
    "additional tags": ("freeform", "list"),
    "tags": ("freeform", "list"),
    "keywords": ("freeform", "list"),
    "language": ("language", "text"),
    "series": ("series", "text"),
    "status": ("status", "text"),
    "completed": ("status", "text"),
    "published": ("published", "text"),
    "date": ("published", "text"),
    "updated": ("updated", "text"),
    "words": ("words", "int"),
    "word count": ("words", "int"),
    "wordcount": ("words", "int"),
    "chapters": ("chapters", "text"),
    "story url": ("url", "text"),
    "url": ("url", "text"),
    "author url": ("author_url", "text"),
    "publisher": ("publisher", "text"),
    "beta": ("beta_readers", "list"),
    "beta reader": ("beta_readers", "list"),
    "beta readers": ("beta_readers", "list"),
    "betas": ("beta_readers", "list"),
    "beta'd by": ("beta_readers", "list"),
}

# Labels whose value is prose that may run on over several lines.
PROSE_FIELDS = {"notes", "summary"}

_LABEL_LINE = re.compile(r"^\s*(?:\*\*)?([A-Za-z][A-Za-z/'’. -]{0,29}?)\s*(?:\*\*)?\s*:(?:\*\*)?(?:\s+(.*?))?\s*$")


def normalise_label(label: str) -> str:
    label = label.replace("’", "'").strip().lower()
    return re.sub(r"\s+", " ", label)


def match_label(line: str, *, known_only: bool = True) -> tuple[str, str] | None:
    """``(label, value)`` when ``line`` is a ``Label: value`` header line, else None."""
    m = _LABEL_LINE.match(line)
    if not m:
        return None
    label = m.group(1).strip()
    if known_only and normalise_label(label) not in LABELS:
        return None
    return label, (m.group(2) or "").strip()


def split_list(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"\s*[,;]\s*", value) if p.strip())


_SERIES_PART = re.compile(r"^(?P<name>.*\S)\s*\[(?P<part>\d{1,6})\]$")


def series_and_part(value: str) -> tuple[str, int | None]:
    """FanFicFare's ``Series: Name [2]`` → ``("Name", 2)``; any other value as it is, with no part."""
    m = _SERIES_PART.match(value.strip())
    return (m.group("name"), int(m.group("part"))) if m else (value, None)


def split_authors(value: str) -> tuple[str, ...]:
    """``A, B & C`` → ``("A", "B", "C")``: how exports and FanFicFare join several authors."""
    return tuple(p.strip() for p in re.split(r"\s*,\s*|\s+&\s+", value) if p.strip())


def _int(value: str) -> int | None:
    digits = re.sub(r"[,.\s]", "", value)
    return int(digits) if digits.isdigit() else None


def apply_fields(meta: Metadata, fields: Iterable[tuple[str, str, int | None, int | None]]) -> Metadata:
    """Fold ``(label, value, start, end)`` header fields into ``meta``; unknown labels go to ``extra``."""
    updates: dict[str, object] = {}

    def get(name: str) -> object:
        return updates.get(name, getattr(meta, name))

    for label, value, start, end in fields:
        if not value:
            continue
        key = normalise_label(label)
        target, how = LABELS.get(key, ("extra", "text"))
        if target == "extra":
            updates["extra"] = (*get("extra"), (label, value))  # type: ignore[misc]
        elif how.startswith("note:"):
            note = Note(kind=how.split(":", 1)[1], text=value, start=start, end=end)
            updates["notes"] = (*get("notes"), note)  # type: ignore[misc]
        elif how == "list":
            updates[target] = (*get(target), *split_list(value))  # type: ignore[misc]
        elif how == "int":
            number = _int(value)
            if number is not None:
                updates[target] = number
            else:
                updates["extra"] = (*get("extra"), (label, value))  # type: ignore[misc]
        elif target == "series":
            name, part = series_and_part(value)
            updates["series"], updates["series_part"] = name, part
            updates["all_series"] = (*get("all_series"), (name, part))  # type: ignore[misc]
        elif target == "summary" and get("summary"):
            updates[target] = f"{get('summary')}\n\n{value}"
        else:
            updates[target] = value
    return dataclasses.replace(meta, **updates)  # type: ignore[arg-type]
