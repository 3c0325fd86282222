"""Pipelines: an ordered list of stages, checked when built, run over one Document or many."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .config import PipelineConfig
from .errors import FiclensError, PipelineError, StageError
from .model import Document
from .stages.base import Context, Stage
from .text.language import is_english

# Layers a Document has straight from ingest.
INGEST_LAYERS = ("regions",)


@dataclass(frozen=True)
class Pipeline:
    stages: tuple[Stage, ...]

    @classmethod
    def build(cls, stages: Sequence[Stage], provided: Iterable[str] = INGEST_LAYERS) -> Pipeline:
        """Check that every stage's ``requires`` is produced earlier (or provided); raise PipelineError if not."""
        available = set(provided)
        seen: set[str] = set()
        for stage in stages:
            if not isinstance(stage, Stage):
                raise PipelineError(f"{stage!r} is not a stage (needs name, version, requires, produces, __call__)")
            if stage.name in seen:
                raise PipelineError(f"stage {stage.name!r} appears twice")
            seen.add(stage.name)
            missing = [r for r in stage.requires if r not in available]
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage produces",
                    hint="add the stage that produces it before this one",
                )
            available.update(stage.produces)
        return cls(tuple(stages))

    @property
    def produces(self) -> tuple[str, ...]:
        """What each stage produces, in order (a layer that several stages re-produce, such as ``quotes``, appears
        once for each)."""
        return tuple(name for s in self.stages for name in s.produces)

    def __call__(self, doc: Document, ctx: Context | None = None) -> Document:
        ctx = ctx or Context()
        english = is_english(doc.meta.language)
        skipped = [s.name for s in self.stages if not english and not _handles(s, doc.meta.language)]
        if skipped:
            doc = with_notice(doc, skipped_notice(doc.meta.language or "", skipped))
        for stage in self.stages:
            if stage.name in skipped:
                continue
            try:
                doc = stage(doc, ctx)
            except FiclensError:
                raise
            except Exception as exc:
                raise StageError(
                    f"stage {stage.name} failed: {type(exc).__name__}: {exc}", path=doc.source.path
                ) from exc
            missing = [p for p in stage.produces if not doc.has(p)]
            if missing:
                raise StageError(f"stage {stage.name} did not produce {', '.join(missing)}", path=doc.source.path)
        return doc

    def pipe(self, docs: Iterable[Document], ctx: Context | None = None) -> Iterator[Document | FiclensError]:
        """Run over many documents; a failing document yields its error and the others go on."""
        for doc in docs:
            try:
                yield self(doc, ctx)
            except FiclensError as exc:
                yield exc


def _handles(stage: Stage, language: str | None) -> bool:
    """Whether ``stage`` can analyse a work in ``language``: a stage lists the languages it handles in
    ``languages`` (``("*",)``: any); one that does not say handles English only."""
    languages = getattr(stage, "languages", ("en",))
    return "*" in languages or (language or "").lower() in languages


def skipped_notice(language: str, stages: Sequence[str]) -> str:
    """The one-line notice for a work whose language the English-only stages cannot analyse."""
    return (
        f"the work is in {language!r}, not English: its structure was read, and the English-only analysis "
        f"({', '.join(stages)}) was skipped"
    )


def with_notice(doc: Document, notice: str) -> Document:
    if notice in doc.meta.notices:
        return doc
    return dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, notices=(*doc.meta.notices, notice)))


def default_stages(
    *,
    syntax: bool = True,
    characters: bool = True,
    hints: Sequence[object] = (),
    quotes: Sequence[tuple[int, int, int]] | None = None,
    speaker_scorer: str = "linear",
    pronoun_scorer: str = "linear",
    model: str | None = None,
) -> list[Stage]:
    """The stages ``ficlens analyze`` runs, in order (the literary core needs syntax; see docs/architecture.md).

    ``hints``: the caller's characters (:class:`~ficlens.model.CharacterHint`); ``quotes``: quotation spans
    ``(start, end, utterance)`` to attribute instead of finding them; ``speaker_scorer`` and ``pronoun_scorer``:
    scorer names (:mod:`ficlens.stages.scorers`; an unknown name raises :class:`PipelineError`); ``model``: the spaCy
    pipeline package (default: the pinned one)."""
    from .stages.structure import StructureStage

    stages: list[Stage] = [StructureStage()]
    if syntax:
        from .stages.syntax import SyntaxStage

        stages.append(SyntaxStage() if model is None else SyntaxStage(model=model))
        if characters:
            stages += literary_core(hints=hints, quotes=quotes, speaker_scorer=speaker_scorer,
                                    pronoun_scorer=pronoun_scorer)  # fmt: skip
            from .stages.places import PlacesStage
            from .stages.pov import PovStage

            stages += [PlacesStage(), PovStage()]
    return stages


def literary_core(
    *,
    hints: Sequence[object] = (),
    quotes: Sequence[tuple[int, int, int]] | None = None,
    speaker_scorer: object = "linear",
    pronoun_scorer: object = "linear",
) -> list[Stage]:
    """The stages after syntax that decide who is who and who says what to whom: quotations, mentions, characters,
    speakers, addressees, "I"/"you" in quotations, the cast. Scorers are names or scorer objects."""
    from .model import CharacterHint
    from .stages.cast import CastStage, QuotePronounsStage
    from .stages.characters import CharactersStage
    from .stages.mentions import MentionsStage, dedupe_hints
    from .stages.quotes import QuotesStage
    from .stages.speakers import AddresseesStage, SpeakersStage

    chosen = dedupe_hints(h for h in hints if isinstance(h, CharacterHint))
    return [
        QuotesStage(given=quotes),
        MentionsStage(hints=chosen),
        CharactersStage(hints=chosen, pronoun_scorer=pronoun_scorer),  # type: ignore[arg-type]
        SpeakersStage(scorer=speaker_scorer),  # type: ignore[arg-type]
        AddresseesStage(),
        QuotePronounsStage(),
        CastStage(),
    ]


def default_pipeline(
    *,
    syntax: bool = True,
    characters: bool = True,
    hints: Sequence[object] = (),
    quotes: Sequence[tuple[int, int, int]] | None = None,
    speaker_scorer: str = "linear",
    pronoun_scorer: str = "linear",
) -> Pipeline:
    return Pipeline.build(
        default_stages(
            syntax=syntax,
            characters=characters,
            hints=hints,
            quotes=quotes,
            speaker_scorer=speaker_scorer,
            pronoun_scorer=pronoun_scorer,
        )
    )


# -- the pipeline a configuration runs ---------------------------------------------------------------------------


def build_stages(config: PipelineConfig | None = None) -> list[Stage]:
    """The stages ``config`` runs, in order, freshly built (each computes its version from what it loads). Raises
    ModelNotInstalledError or PipelineError for a model or scorer that cannot be used; loads no spaCy."""
    config = config or PipelineConfig()
    return default_stages(
        syntax=config.syntax,
        characters=config.characters,
        hints=config.hints,
        quotes=config.quotes,
        speaker_scorer=config.speaker_scorer,
        pronoun_scorer=config.pronoun_scorer,
        model=config.model,
    )


def build_pipeline(config: PipelineConfig | None = None) -> Pipeline:
    """The checked pipeline of ``config``, built once per process and configuration (stages hold no state
    between documents, so one pipeline serves every document run with that configuration)."""
    return _cached_pipeline(config or PipelineConfig())


@lru_cache(maxsize=4)
def _cached_pipeline(config: PipelineConfig) -> Pipeline:
    return Pipeline.build(build_stages(config))


def warm_up(config: PipelineConfig | None = None) -> Pipeline:
    """Build ``config``'s pipeline and load what its stages load lazily (the spaCy pipeline): what a batch worker
    does once when it starts, so that its first work costs no more than the others."""
    pipeline = build_pipeline(config)
    for stage in pipeline.stages:
        warm = getattr(stage, "warm_up", None)
        if callable(warm):
            warm()
    return pipeline
