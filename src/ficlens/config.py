"""One frozen pipeline configuration: what the CLI, the Python API, batch (local and Dask) and the evaluations
run. :func:`ficlens.pipeline.build_pipeline` turns it into stages; ``docs/pipeline.md`` describes each field."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .model import CharacterHint
from .stages.syntax import DEFAULT_MODEL

DEFAULT_SCORER = "linear"
QuoteSpan = tuple[int, int, int]  # (start, end, utterance) into the read text


@dataclass(frozen=True)
class PipelineConfig:
    """Which stages run and with what.

    ``syntax``/``characters``: run the spaCy stage / the literary stages (characters need syntax).
    ``model``: an installed spaCy English pipeline package (default: the pinned one).
    ``speaker_scorer``/``pronoun_scorer``: the scorers of the speaker and pronoun stages, by name.
    ``hints``: characters the caller knows; ``quotes``: quotation spans to attribute instead of finding them.

    Values are immutable (sequences become tuples), so a config is hashable, compares by value and pickles (it
    travels to batch workers)."""

    syntax: bool = True
    characters: bool = True
    model: str = DEFAULT_MODEL
    speaker_scorer: str = DEFAULT_SCORER
    pronoun_scorer: str = DEFAULT_SCORER
    hints: tuple[CharacterHint, ...] = ()
    quotes: tuple[QuoteSpan, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "hints", tuple(self.hints))
        if self.quotes is not None:
            object.__setattr__(self, "quotes", tuple((int(s), int(e), int(u)) for s, e, u in self.quotes))
        for name in ("model", "speaker_scorer", "pronoun_scorer"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                raise ValueError(f"PipelineConfig.{name} must be a non-empty name, not {getattr(self, name)!r}")

    def replace(self, **changes: Any) -> PipelineConfig:
        """A copy with ``changes`` (``dataclasses.replace``)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data: :meth:`from_dict` gives an equal config back."""
        data = dataclasses.asdict(self)
        data["hints"] = [{"name": h.name, "aliases": list(h.aliases)} for h in self.hints]
        data["quotes"] = None if self.quotes is None else [list(q) for q in self.quotes]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PipelineConfig:
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown PipelineConfig field(s): {', '.join(unknown)}")
        values = dict(data)
        if "hints" in values:
            values["hints"] = tuple(CharacterHint(h["name"], tuple(h.get("aliases", ()))) for h in values["hints"])
        return cls(**values)
