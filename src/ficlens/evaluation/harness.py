"""Running ficlens over evaluation corpora exactly as a user runs it, and turning its output into predictions.

The scorers (``pdnc.py``, ``litbank.py``, ``coref_metrics.py``) are pure; this module is the glue: it calls
:func:`ficlens.analyze` on each text and converts the Document into each scorer's prediction format.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

from ..ingest import from_text
from ..model import Document
from ..pipeline import Pipeline, default_stages
from ..stages.base import Context
from ..stages.characters import CharactersStage
from ..stages.lexicon import load_person_nouns
from . import litbank

_KIND = {"name": "PROP", "nominal": "NOM", "pronoun": "PRON"}

Progress = Callable[[str, int, int], None]


def litbank_prediction(doc: Document) -> litbank.Prediction:
    """A Document as a LitBank prediction: person mentions clustered by character (pronouns linked to no one
    are left out), plus spaCy's place, facility and organisation entities, one cluster per name as written."""
    seen: set[tuple[int, int]] = set()
    mentions: list[litbank.PredictedMention] = []
    clusters: dict[int, list[tuple[int, int]]] = defaultdict(list)
    tokens = doc.tokens
    starts, deps, heads = tokens.ints("start"), tokens.strings("dep"), tokens.ints("head")
    for m in doc.layer("mentions"):
        span = (m.start, m.end)
        if m.kind == "name" and m.head >= 0:
            span = (_name_extent_start(m.start, m.head, starts, deps, heads), m.end)
        if span in seen or (m.kind == "pronoun" and m.character < 0):
            continue  # a pronoun ficlens could not link to anyone is left out rather than guessed
        seen.add(span)
        mentions.append(litbank.PredictedMention(m.start, m.end, "PER", _KIND.get(m.kind)))
        if m.character >= 0:
            clusters[m.character].append(span)
    # places, facilities and organisations: spaCy's entities of those types, one entity per name as written
    others: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for e in doc.layer("entities"):
        category = _LITBANK_CATEGORY.get(e.label)
        span = (e.start, e.end)
        if category is None or span in seen:
            continue
        seen.add(span)
        mentions.append(litbank.PredictedMention(e.start, e.end, category, "PROP"))
        others[(category, doc.text[e.start : e.end].lower())].append(span)
    return litbank.Prediction(
        clusters=tuple(litbank.PredictedCluster(tuple(spans), "PER") for spans in clusters.values())
        + tuple(litbank.PredictedCluster(tuple(spans), cat) for (cat, _), spans in others.items()),
        mentions=tuple(mentions),
    )


def _name_extent_start(start: int, head: int, starts: list[int], deps: list[str], heads: list[int]) -> int:
    """LitBank's extent of a name takes in the determiners and adjectives before it ("the late John Jacob
    Astor", "old Tom Jarndyce"); ficlens's name mention is the name alone."""
    first = head
    while first > 0 and starts[first - 1] >= start:
        first -= 1
    k = first - 1
    while k >= 0 and heads[k] == head and deps[k] in ("det", "amod", "predet"):
        k -= 1
    return starts[k + 1] if k + 1 < first else start


# spaCy entity labels -> LitBank categories (people come from the characters stage, not from here)
_LITBANK_CATEGORY = {"GPE": "GPE", "LOC": "LOC", "FAC": "FAC", "ORG": "ORG", "NORP": "GPE"}


def litbank_fold_of(name: str) -> int | None:
    """The cross-validation fold whose test set holds LitBank document ``name`` (resources/person_nouns)."""
    try:
        folds = json.loads(resources.files("ficlens").joinpath("resources/person_nouns/folds.json").read_text())
    except (FileNotFoundError, OSError):
        return None
    for k, names in enumerate(folds.get("folds", [])):
        if name in names:
            return k
    return None


def litbank_pipeline(name: str) -> Pipeline:
    """The default pipeline, except that components trained on LitBank are the ones of the fold that did not
    see document ``name`` (10-fold cross-validation by document)."""
    k = litbank_fold_of(name)
    nouns = load_person_nouns(f"fold-{k}") if k is not None else None
    stages = default_stages()
    stages = [CharactersStage(person_nouns=nouns) if s.name == "characters" else s for s in stages]
    return Pipeline.build(stages)


def analyze_litbank(
    root: Path, limit: int | None = None, docs: list[litbank.LitBankDoc] | None = None
) -> Iterator[tuple[litbank.LitBankDoc, Document]]:
    """Each LitBank document with ficlens's analysis of its text (read as a plain text, as a user would)."""
    docs = litbank.load_litbank(root) if docs is None else docs
    for gold in docs[:limit] if limit else docs:
        doc = from_text(gold.text, path=gold.name, format="plain")
        yield gold, litbank_pipeline(gold.name)(doc, Context(n_process=1))


def run_litbank(root: Path, limit: int | None = None, progress: Progress | None = None) -> litbank.LitBankScores:
    pairs = []
    docs = litbank.load_litbank(root)
    total = min(limit or len(docs), len(docs))
    for n, (gold, doc) in enumerate(analyze_litbank(root, limit, docs), 1):
        pairs.append((gold, litbank_prediction(doc)))
        if progress:
            progress(gold.name, n, total)
    return litbank.score_documents(pairs)


def pdnc_prediction(doc: Document, novel: str, quotes: list[dict[str, object]] | None = None) -> dict[str, object]:
    """A Document as the PDNC prediction JSON of ``../shared/data/pdnc/SCORING.md`` §3.

    Characters are named by every name form the text used for them (with titles, as written); the narrator
    and unnamed people without a name are left out, since PDNC's alias lists hold names. Quotes come from the
    ``quotes`` layer when there is one.
    """
    chars = doc.layer("characters")
    keep = {c.id for c in chars if (c.names or (c.epithets and not c.narrator)) and not c.group}
    # a named character by its names; an unnamed one ("the waiter") by its descriptions
    characters = [
        {"id": f"c{c.id}", "names": [n for n, _ in c.names] or [e for e, _ in c.epithets[:3]]}
        for c in chars
        if c.id in keep
    ]
    mentions = [
        {"start": m.start, "end": m.end, "character": f"c{m.character}"}
        for m in doc.layer("mentions")
        if m.character in keep
    ]
    if quotes is None:
        quotes = [
            {
                "start": q.start,
                "end": q.end,
                "speaker": f"c{q.speaker}" if q.speaker in keep else None,
                "addressees": [f"c{a}" for a in q.addressees if a in keep],
            }
            for q in doc.layer("quotes")
        ]
    return {"novel": novel, "characters": characters, "quotes": quotes, "mentions": mentions}
