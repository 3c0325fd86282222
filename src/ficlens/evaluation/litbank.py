"""LitBank (Bamman et al.): a reader for its entity and coreference layers, and a scorer for system output.

Data layout (``root`` is the ``litbank`` folder, e.g. ``../shared/data/litbank``): ``coref/brat/<name>.txt`` is the
text (one sentence per line, tokens separated by single spaces; identical in every layer), ``coref/tsv/<name>.ann``
the coreference annotation, ``entities/brat/<name>.ann`` the entity annotation.

**Coreference layer.** The reader takes mentions and links from ``coref/tsv`` (``MENTION id s_sent s_tok e_sent e_tok
text CAT KIND`` and ``COREF mention_id entity_id`` rows, inclusive token indices) and turns token indices into
character offsets into the ``.txt``; it checks that ``text[start:end]`` is the recorded mention text. The brat form of
the same layer (``coref/brat/*.ann``) links a mention to its entity only through a second ``T`` line on the same span
whose label is the entity id, and it holds one duplicated mention the tsv form does not (``27_far_from_the_madding_
crowd``: "Miss." at 5693-5698 is annotated twice, once without a link); the tsv ids are the brat mention ids, and the
offsets agree for every mention.

692 of the 29,103 mentions have no ``COREF`` row: they are the first arguments of ``COP`` (copula, "X is *a party to
a suit*") and ``APPOS`` relations, which LitBank keeps out of coreference chains. As in LitBank's own CoNLL files
(``coref/conll``, 7,927 clusters = 7,235 entities + 692), each is a singleton cluster here; its ``entity`` is
``UNLINKED_PREFIX + mention_id`` and ``GoldMention.linked`` is false. The resulting clusters equal the CoNLL files'
in 99 documents; in ``1400_great_expectations`` the CoNLL file links four mentions differently from the tsv and
brat files (two copula arguments joined to their subjects' chains, two chain members left alone); the reader
follows the tsv and brat files.

**Entity layer.** ``entities/brat`` (13,912 mentions, 9,383 PER) is LitBank's named/nominal entity layer: PROP and NOM
mentions only, no pronouns, nested. It is not the coreference layer minus pronouns: 851 entity-layer PER mentions have
no coreference mention on the same span (23 more have one of another category) and 220 non-pronoun coreference PER
mentions are not in the entity layer. The person-mention score (:func:`score_documents`) uses this layer, as the
LitBank entity paper does.

**Scoring.** Spans are exact character offsets into the document text (a system must run on LitBank's tokenised text
or map its offsets onto it). See :func:`score_documents` for what is scored.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .coref_metrics import PRF, CorefScores, evaluate, pool, pool_coref, prf

__all__ = [
    "CATEGORIES",
    "KINDS",
    "UNLINKED_PREFIX",
    "DocumentScores",
    "EntityMention",
    "GoldMention",
    "LitBankDoc",
    "LitBankScores",
    "PredictedCluster",
    "PredictedMention",
    "Prediction",
    "Span",
    "entity_mentions",
    "folds",
    "format_report",
    "gold_clusters",
    "gold_person_spans",
    "load_litbank",
    "oracle_prediction",
    "score_document",
    "score_documents",
    "token_offsets",
]

Span = tuple[int, int]
"""A ``(start, end)`` character span, end exclusive."""

CATEGORIES = ("PER", "FAC", "GPE", "LOC", "VEH", "ORG")
KINDS = ("PROP", "NOM", "PRON")
UNLINKED_PREFIX = "unlinked:"
"""Prefix of the synthetic entity id of a mention that is in no coreference chain (a copula or apposition argument)."""

PERSON = "PER"


@dataclass(frozen=True)
class GoldMention:
    """A coreference-layer mention: ``text == doc.text[start:end]``."""

    start: int
    end: int
    text: str
    category: str  # PER, FAC, GPE, LOC, VEH, ORG
    kind: str  # PROP, NOM, PRON
    entity: str  # the LitBank entity id, e.g. "Lord_Chancellor-2"; UNLINKED_PREFIX + mention_id when unlinked
    mention_id: str = ""  # the annotation id ("T12"), shared by the tsv and brat files

    @property
    def span(self) -> Span:
        return (self.start, self.end)

    @property
    def linked(self) -> bool:
        """False for the copula/apposition mentions that belong to no coreference chain."""
        return not self.entity.startswith(UNLINKED_PREFIX)


@dataclass(frozen=True)
class EntityMention:
    """An entity-layer mention (PROP or NOM, never a pronoun): ``text == doc.text[start:end]``."""

    start: int
    end: int
    text: str
    category: str

    @property
    def span(self) -> Span:
        return (self.start, self.end)


@dataclass(frozen=True)
class LitBankDoc:
    """One LitBank excerpt with its coreference mentions (sorted by span) and entity-layer mentions."""

    name: str
    text: str
    mentions: tuple[GoldMention, ...]
    entities: tuple[EntityMention, ...] = ()


# --- reading ----------------------------------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    # bytes -> str keeps the characters exactly as stored (no newline translation), so brat offsets stay valid
    return path.read_bytes().decode("utf-8")


def token_offsets(text: str) -> list[list[Span]]:
    """Character spans of LitBank's tokens: one sentence per line, tokens separated by single spaces."""
    sentences: list[list[Span]] = []
    pos = 0
    for line in text.split("\n"):
        spans: list[Span] = []
        if line:
            start = pos
            for token in line.split(" "):
                spans.append((start, start + len(token)))
                start += len(token) + 1
        sentences.append(spans)
        pos += len(line) + 1
    return sentences


def _read_coref(name: str, text: str, ann: Path) -> tuple[GoldMention, ...]:
    offsets = token_offsets(text)
    rows = [line.split("\t") for line in _read_text(ann).splitlines() if line.strip()]
    links = {row[1]: row[2] for row in rows if row[0] == "COREF"}
    mentions: list[GoldMention] = []
    for row in rows:
        if row[0] != "MENTION":
            continue
        mention_id, s_sent, s_tok, e_sent, e_tok, recorded, category, kind = row[1:9]
        start = offsets[int(s_sent)][int(s_tok)][0]
        end = offsets[int(e_sent)][int(e_tok)][1]
        if text[start:end] != recorded:
            raise ValueError(f"{name} {mention_id}: text[{start}:{end}] is {text[start:end]!r}, not {recorded!r}")
        if category not in CATEGORIES or kind not in KINDS:
            raise ValueError(f"{name} {mention_id}: unknown category or kind {category!r} {kind!r}")
        entity = links.get(mention_id, UNLINKED_PREFIX + mention_id)
        mentions.append(GoldMention(start, end, recorded, category, kind, entity, mention_id))
    unknown = set(links) - {m.mention_id for m in mentions}
    if unknown:
        raise ValueError(f"{name}: COREF rows for unknown mentions {sorted(unknown)[:5]}")
    mentions.sort(key=lambda m: (m.start, -m.end, m.mention_id))
    return tuple(mentions)


def _read_entities(name: str, text: str, ann: Path) -> tuple[EntityMention, ...]:
    out: list[EntityMention] = []
    for line in _read_text(ann).splitlines():
        if not line.startswith("T"):
            continue
        _, label, recorded = line.split("\t")
        category, start, end = label.split(" ")
        s, e = int(start), int(end)
        if text[s:e] != recorded:
            raise ValueError(f"{name}: entity text[{s}:{e}] is {text[s:e]!r}, not {recorded!r}")
        out.append(EntityMention(s, e, recorded, category))
    out.sort(key=lambda m: (m.start, -m.end, m.category))
    return tuple(out)


def _names(root: Path) -> list[str]:
    names = sorted(p.stem for p in (root / "coref" / "brat").glob("*.txt"))
    if not names:
        raise FileNotFoundError(f"no LitBank coreference texts under {root / 'coref' / 'brat'}")
    return names


def load_litbank(root: Path) -> list[LitBankDoc]:
    """All documents (sorted by name) with their coreference and entity-layer mentions."""
    root = Path(root)
    docs = []
    for name in _names(root):
        text = _read_text(root / "coref" / "brat" / f"{name}.txt")
        mentions = _read_coref(name, text, root / "coref" / "tsv" / f"{name}.ann")
        entities = _read_entities(name, text, root / "entities" / "brat" / f"{name}.ann")
        docs.append(LitBankDoc(name, text, mentions, entities))
    return docs


def entity_mentions(root: Path) -> dict[str, tuple[EntityMention, ...]]:
    """The entity layer alone (``entities/brat``), by document name (also loaded into ``LitBankDoc.entities``)."""
    root = Path(root)
    out = {}
    for name in _names(root):
        text = _read_text(root / "entities" / "brat" / f"{name}.txt")
        out[name] = _read_entities(name, text, root / "entities" / "brat" / f"{name}.ann")
    return out


# --- gold views and folds ---------------------------------------------------------------------------------------


def gold_clusters(doc: LitBankDoc, categories: Iterable[str] | None = None) -> list[set[Span]]:
    """Coreference clusters of spans, ordered by first mention, unlinked mentions as singletons.

    With ``categories``, only mentions of those categories are kept (clusters left empty are dropped).
    """
    keep = None if categories is None else set(categories)
    clusters: dict[str, set[Span]] = {}
    for mention in doc.mentions:
        if keep is None or mention.category in keep:
            clusters.setdefault(mention.entity, set()).add(mention.span)
    return list(clusters.values())


def gold_person_spans(doc: LitBankDoc) -> set[Span]:
    """Spans of the entity layer's PER mentions: the gold standard of the person-mention score."""
    return {m.span for m in doc.entities if m.category == PERSON}


def folds(
    docs: Sequence[LitBankDoc] | Sequence[str], k: int = 10, seed: int = 0
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Deterministic k-fold cross-validation by document: ``[(train_names, test_names), ...]``.

    Names are sorted, shuffled with ``random.Random(seed)`` and dealt round-robin into ``k`` test sets, which are
    disjoint, cover every document and differ in size by at most one. Each name tuple is sorted.
    """
    names = sorted(d if isinstance(d, str) else d.name for d in docs)
    if len(set(names)) != len(names):
        raise ValueError("document names must be unique")
    if not 2 <= k <= len(names):
        raise ValueError(f"k must be between 2 and the number of documents ({len(names)}), not {k}")
    random.Random(seed).shuffle(names)
    tests = [sorted(names[i::k]) for i in range(k)]
    out: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for test in tests:
        held = set(test)
        out.append((tuple(sorted(n for n in names if n not in held)), tuple(test)))
    return out


# --- system output ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredictedMention:
    """A system mention. ``category`` None means "unknown" (counted as a person); ``kind`` "PRON" marks a pronoun."""

    start: int
    end: int
    category: str | None = None
    kind: str | None = None

    @property
    def span(self) -> Span:
        return (self.start, self.end)


@dataclass(frozen=True)
class PredictedCluster:
    """A system entity: its mention spans and, optionally, its category (applies to spans without one)."""

    spans: tuple[Span, ...]
    category: str | None = None


@dataclass(frozen=True)
class Prediction:
    """A system's output for one document.

    * ``clusters``: entities, each a :class:`PredictedCluster` or a plain sequence of ``(start, end)`` spans.
    * ``mentions``: mentions with a category and/or kind; a mention in no cluster is a singleton entity. A span's
      category is its mention's category if given, else its cluster's, else unknown.
    * ``entities``: the system's entity-layer (person-mention) output, if it has a separate one; when None, the
      person mentions are all mentions and cluster spans whose category is PER or unknown and whose kind is not PRON.
    """

    clusters: Sequence[PredictedCluster | Sequence[Span]] = ()
    mentions: Sequence[PredictedMention] = ()
    entities: Sequence[PredictedMention] | None = None


def oracle_prediction(doc: LitBankDoc) -> Prediction:
    """The gold annotation as a :class:`Prediction` (scores 1.0 everywhere; useful to check a pipeline)."""
    clusters: dict[str, list[Span]] = {}
    for m in doc.mentions:
        clusters.setdefault(m.entity, []).append(m.span)
    return Prediction(
        clusters=tuple(tuple(spans) for spans in clusters.values()),
        mentions=tuple(PredictedMention(m.start, m.end, m.category, m.kind) for m in doc.mentions),
        entities=tuple(PredictedMention(m.start, m.end, m.category, None) for m in doc.entities),
    )


def _predicted_views(pred: Prediction) -> tuple[list[set[Span]], list[set[Span]], set[Span]]:
    """(all clusters incl. singletons, person clusters, person-mention spans) of a prediction."""
    category: dict[Span, str | None] = {}
    kind: dict[Span, str | None] = {}
    clusters: list[set[Span]] = []
    for cluster in pred.clusters:
        spans: Sequence[Span]
        cat: str | None
        if isinstance(cluster, PredictedCluster):
            spans, cat = cluster.spans, cluster.category
        else:
            spans, cat = cluster, None
        members = {(int(s), int(e)) for s, e in spans}
        for span in members:
            category.setdefault(span, cat)
            kind.setdefault(span, None)
        clusters.append(members)
    clustered = {span for cluster in clusters for span in cluster}
    for m in pred.mentions:
        span = m.span
        if m.category is not None or span not in category:
            category[span] = m.category
        if m.kind is not None or span not in kind:
            kind[span] = m.kind
        if span not in clustered:
            clustered.add(span)
            clusters.append({span})

    def is_person(span: Span) -> bool:
        return category.get(span) in (PERSON, None)

    persons = [{s for s in cluster if is_person(s)} for cluster in clusters]
    if pred.entities is not None:
        person_spans = {m.span for m in pred.entities if m.category in (PERSON, None) and m.kind != "PRON"}
    else:
        person_spans = {s for s in category if is_person(s) and kind.get(s) != "PRON"}
    return clusters, [c for c in persons if c], person_spans


# --- scores -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentScores:
    """Scores of one document (numerators and denominators kept for pooling)."""

    name: str
    persons: PRF  # entity-layer PER mentions, exact span match
    mentions: PRF  # coreference mentions of all categories, exact span match
    coref: CorefScores  # all entities
    coref_persons: CorefScores  # PER mentions only


@dataclass(frozen=True)
class LitBankScores:
    """Micro-averaged scores over documents, with the per-document scores they pool."""

    persons: PRF
    mentions: PRF
    coref: CorefScores
    coref_persons: CorefScores
    documents: tuple[DocumentScores, ...] = field(default=())


def score_document(doc: LitBankDoc, pred: Prediction) -> DocumentScores:
    """Score one document; see :func:`score_documents`."""
    all_pred, person_pred, person_spans = _predicted_views(pred)
    gold_all = gold_clusters(doc)
    gold_persons = gold_clusters(doc, [PERSON])
    gold_person_mentions = gold_person_spans(doc)
    gold_mentions = {m.span for m in doc.mentions}
    pred_mentions = {s for c in all_pred for s in c}
    return DocumentScores(
        name=doc.name,
        persons=prf(len(person_spans & gold_person_mentions), len(person_spans), len(gold_person_mentions)),
        mentions=prf(len(pred_mentions & gold_mentions), len(pred_mentions), len(gold_mentions)),
        coref=evaluate(gold_all, all_pred),
        coref_persons=evaluate(gold_persons, person_pred),
    )


def score_documents(pairs: Iterable[tuple[LitBankDoc, Prediction]]) -> LitBankScores:
    """Score system output against LitBank, micro-averaged over documents.

    * ``persons``: person-mention P/R/F1 by exact span against the entity layer's PER mentions (PROP and NOM, no
      pronouns - LitBank's entity task). Predicted pronouns (``kind="PRON"``) are left out; mentions of unknown
      kind are kept, so a system that cannot tell pronouns apart pays for them in precision.
    * ``mentions``: mention detection over the whole coreference layer (all categories, pronouns included).
    * ``coref``: MUC, B³, CEAF-e and CoNLL over all gold entities (singletons and unlinked copula/apposition
      mentions included, as in LitBank's CoNLL files) against all predicted clusters plus unclustered mentions.
    * ``coref_persons``: the same with gold clusters cut down to PER mentions and predicted clusters cut down to
      mentions predicted as PER or of unknown category (so a system without categories keeps everything).
    """
    docs = tuple(score_document(doc, pred) for doc, pred in pairs)
    return LitBankScores(
        persons=pool(d.persons for d in docs),
        mentions=pool(d.mentions for d in docs),
        coref=pool_coref(d.coref for d in docs),
        coref_persons=pool_coref(d.coref_persons for d in docs),
        documents=docs,
    )


def format_report(scores: LitBankScores, title: str = "LitBank") -> str:
    """A plain-text table of the pooled scores (percentages)."""

    def row(label: str, res: PRF) -> str:
        return f"  {label:<34}{100 * res.p:>8.2f}{100 * res.r:>8.2f}{100 * res.f:>8.2f}"

    def coref_rows(res: CorefScores) -> list[str]:
        return [
            row("MUC", res.muc),
            row("B3", res.b_cubed),
            row("CEAF-e", res.ceaf_e),
            f"  {'CoNLL F1':<34}{'':>16}{100 * res.conll:>8.2f}",
        ]

    n = len(scores.documents)
    lines = [
        f"{title}: {n} document{'s' if n != 1 else ''}, micro-averaged",
        f"  {'':<34}{'P':>8}{'R':>8}{'F1':>8}",
        row("Person mentions (PROP+NOM PER)", scores.persons),
        row("Coreference mentions (all)", scores.mentions),
        "Coreference, all entities",
        *coref_rows(scores.coref),
        "Coreference, persons only",
        *coref_rows(scores.coref_persons),
    ]
    return "\n".join(lines)
