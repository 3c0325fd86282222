"""Running ficlens over evaluation corpora exactly as a user runs it, and turning its output into predictions.

The scorers (``pdnc.py``, ``litbank.py``, ``coref_metrics.py``) are pure; this module is the glue: it calls
:func:`ficlens.analyze` on each text and converts the Document into each scorer's prediction format.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..config import PipelineConfig
from ..ingest import from_text
from ..model import Document
from ..pipeline import Pipeline, build_stages
from ..stages.antecedents import PronounModel, load_pronoun_model
from ..stages.base import Context, Stage
from ..stages.characters import CharactersStage
from ..stages.extents import ExtentRules, load_extent_rules, np_extent
from ..stages.lexicon import HONORIFICS, load_person_nouns
from ..stages.mentions import MentionsStage
from ..stages.places import PlacesStage, load_entity_nouns
from ..stages.scorers import linear_pronoun_scorer
from ..stages.tokenview import TokenView
from . import litbank

_KIND = {"name": "PROP", "nominal": "NOM", "pronoun": "PRON"}

Progress = Callable[[str, int, int], None]


def litbank_prediction(doc: Document, extents: ExtentRules | None = None) -> litbank.Prediction:
    """A Document as a LitBank prediction: person mentions clustered by character (pronouns linked to no one
    are left out), plus spaCy's place, facility and organisation entities, one cluster per name as written.

    Two of LitBank's conventions are applied to ficlens' name mentions (``extents``: the noun-phrase rules the
    characters stage used): a name's mention takes in its whole noun phrase ("old Mr Pontifex", "Mr. Waymarsh
    of Milrose"), and in the entity layer a title before a name is a person mention of its own ("Mr." in
    "Mr. Kronborg")."""
    rules = load_extent_rules() if extents is None else extents
    tv = TokenView.of(doc)
    seen: set[tuple[int, int]] = set()
    mentions: list[litbank.PredictedMention] = []
    titles: list[litbank.PredictedMention] = []
    clusters: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for m in doc.layer("mentions"):
        span = (m.start, m.end)
        if m.kind == "name" and m.head >= 0:
            first = bisect.bisect_left(tv.start, m.start)
            lo, hi = np_extent(tv, m.head, rules, (first, m.head))
            span = (tv.start[lo], tv.end[hi])
            if first < m.head and _is_title(tv.lower[first]):
                titles.append(litbank.PredictedMention(tv.start[first], tv.end[first], "PER", "NOM"))
        if span in seen or (m.kind == "pronoun" and m.character < 0):
            continue  # a pronoun ficlens could not link to anyone is left out rather than guessed
        seen.add(span)
        mentions.append(litbank.PredictedMention(span[0], span[1], "PER", _KIND.get(m.kind)))
        if m.character >= 0:
            clusters[m.character].append(span)
    # places, facilities, vehicles and organisations: the places layer, one cluster per place entity
    others: dict[int, list[tuple[int, int]]] = defaultdict(list)
    other_category: dict[int, str] = {}
    for p in doc.layer("places"):
        span = (p.start, p.end)
        if span in seen:
            continue
        seen.add(span)
        mentions.append(litbank.PredictedMention(p.start, p.end, p.category, "PROP" if p.kind == "name" else "NOM"))
        others[p.entity].append(span)
        other_category.setdefault(p.entity, p.category)
    persons = [m for m in mentions if m.category == "PER" and m.kind != "PRON"]
    return litbank.Prediction(
        clusters=tuple(litbank.PredictedCluster(tuple(spans), "PER") for spans in clusters.values())
        + tuple(litbank.PredictedCluster(tuple(spans), other_category[e]) for e, spans in others.items()),
        mentions=tuple(mentions),
        entities=tuple(persons + titles),
    )


def _is_title(word: str) -> bool:
    return word in HONORIFICS or word.rstrip(".") in HONORIFICS


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


@dataclass(frozen=True)
class Components:
    """The parts of the characters stage trained on LitBank, for one cross-validation fold (None: the packaged
    default, trained on all of LitBank)."""

    person_nouns: frozenset[str] | None = None
    extents: ExtentRules | None = None
    pronouns: PronounModel | None = None
    entity_nouns: Mapping[str, tuple[str, float]] | None = None


def litbank_components(name: str) -> Components:
    """The trained components of the fold that did not see LitBank document ``name`` (the packaged ones for a
    document outside the folds)."""
    k = litbank_fold_of(name)
    if k is None:
        return Components()
    return Components(
        load_person_nouns(f"fold-{k}"),
        load_extent_rules(f"fold-{k}"),
        load_pronoun_model(f"fold-{k}"),
        load_entity_nouns(f"fold-{k}"),
    )


def litbank_pipeline(name: str, config: PipelineConfig | None = None) -> Pipeline:
    """The pipeline of ``config`` (default: the default pipeline), except that components trained on LitBank are
    the ones of the fold that did not see document ``name`` (10-fold cross-validation by document)."""
    c = litbank_components(name)
    k = litbank_fold_of(name)
    pronouns = linear_pronoun_scorer(f"fold-{k}") if k is not None and c.pronouns is not None else "linear"
    replace: dict[str, Stage] = {
        "mentions": MentionsStage(person_nouns=c.person_nouns, extents=c.extents),
        "characters": CharactersStage(pronoun_scorer=pronouns),
        "places": PlacesStage(nouns=c.entity_nouns, extents=c.extents),
    }
    stages = [replace.get(s.name, s) for s in build_stages(config)]
    return Pipeline.build(stages)


def analyze_litbank(
    root: Path,
    limit: int | None = None,
    docs: list[litbank.LitBankDoc] | None = None,
    config: PipelineConfig | None = None,
) -> Iterator[tuple[litbank.LitBankDoc, Document]]:
    """Each LitBank document with ficlens's analysis of its text (read as a plain text, as a user would)."""
    docs = litbank.load_litbank(root) if docs is None else docs
    for gold in docs[:limit] if limit else docs:
        doc = from_text(gold.text, path=gold.name, format="plain")
        yield gold, litbank_pipeline(gold.name, config)(doc, Context(n_process=1))


def run_litbank(
    root: Path, limit: int | None = None, progress: Progress | None = None, config: PipelineConfig | None = None
) -> litbank.LitBankScores:
    """LitBank scores of the pipeline ``config`` (with each document's held-out fold components)."""
    pairs = []
    docs = litbank.load_litbank(root)
    total = min(limit or len(docs), len(docs))
    for n, (gold, doc) in enumerate(analyze_litbank(root, limit, docs, config), 1):
        pairs.append((gold, litbank_prediction(doc, litbank_components(gold.name).extents)))
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
    # a character's display name (a caller's hint, or its longest name) is one of its names too
    characters = [
        {"id": f"c{c.id}", "names": list(dict.fromkeys([c.name, *(n for n, _ in c.names)])) if c.names else
         [e for e, _ in c.epithets[:3]]}
        for c in chars
        if c.id in keep
    ]  # fmt: skip
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
