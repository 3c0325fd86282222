"""PDNC (Project Dialogism Novel Corpus): gold reader and scorer, following ``shared/data/pdnc/SCORING.md``.

Pure functions, standard library only; nothing here prints (:func:`format_report` returns a string). Section
numbers (§n) and resolutions (Rn) refer to SCORING.md.

Public API: :func:`norm`, :func:`trim`, :func:`load_gold`, :func:`novels`, :func:`map_character`,
:func:`score_novel`, :func:`aggregate`, :func:`format_report`, :func:`gold_to_prediction_for_gq`,
:func:`gold_characters_for_gqgc`.

Decisions taken where SCORING.md (§12 included) leaves a point open:

* **Reading.** ``novel_text.txt`` is read with ``newline=""`` so offsets are those of the file as it is. Cells
  ``''`` / ``'nan'`` / ``'None'`` are empty. ``Aliases`` may be a set or a list literal (a set is sorted, for
  determinism); a name-list cell that is not a literal is taken as one name. ``quoteByteSpans`` must parse.
* **Alias table.** Names whose ``norm`` is empty are skipped. If two rows claimed the same normed alias (not the
  case in PDNC, §2) the first row keeps it and the clash is recorded in ``PdncGold.alias_collisions``.
* **Gold quotes.** Sub-spans are trimmed (§5); a gold sub-span empty after trimming (none in PDNC) stays in the
  detection denominators and can never be recalled. A quote whose speaker does not resolve (none in PDNC, §1) is
  left out of the speaker denominators like a special-speaker quote and counted as ``unresolved_speakers``.
  Addressees are de-duplicated; special addressee IDs are kept in the gold record (§9 drops them when scoring).
* **Gold mentions.** A mention's entities are its *distinct* resolved IDs, so ``['Josie Pye', 'Gertie Pye']``,
  which both resolve to one ID, is a singular mention. A mention with an unresolvable name is skipped and counted
  (``unresolved_mentions``). ``mentionSpansList`` and ``mentionEntitiesList`` are paired per sub-quote; where a
  sub-quote's two lists differ in length (21 sub-quotes of ARoomWithAView) the pairing is unknowable, so its
  mentions are skipped and counted as ``malformed_mentions`` (as are mentions with an empty entity list).
  Mention spans are trimmed like quote spans (§10 "identical trimmed span"); all quotes' mentions are scored,
  special-speaker quotes included (§10 names no exclusion).
* **Mapping (§6, R4, R5).** A reference (speaker, addressee, mention character) is resolved to a gold ID: in
  ``gqgc`` a reference ``"gold:<ID>"`` is that ID (``None`` if no such gold ID) whether or not a cluster with that
  id is listed; otherwise it is the §6 map of the first predicted cluster with that id, ``None`` if there is none.
  Character hits (§8) are computed from names only, in every setting, as §8 defines them.
* **Alignment (§5, R6).** Overlap with a quote is the sum of the overlaps with its trimmed sub-spans; the span
  with the best ``(overlap, recalls a sub-span, -length, -start, -list index)`` is taken, and the quote is aligned
  to it only if it recalls a sub-span. The last key (list order) only splits identical spans.
* **Speaker precision (R1).** A predicted span is *correct* if it recalls a sub-span of some non-special gold quote
  and its mapped speaker is that quote's speaker; a span counts once in the numerator however many quotes it
  recalls, so P stays <= 1. A span is subtracted from the denominator if it recalls at least one sub-span and every
  quote whose sub-span it recalls is special-speaker (or unresolved). ``speaker_p_literal`` (§7 as written) uses
  alignment instead: correct if it is the alignment of a non-special quote whose speaker it gets right,
  subtracted if it is aligned only to special-speaker quotes. ``speaker_acc`` (GQ/GQ+GC) uses the same alignment
  and the same formula as the E2E recall, so ``speaker_acc == speaker_r`` in every setting; all speaker figures are
  computed in every setting, and the report shows accuracy for gq/gqgc and F1 for e2e. Breakdowns by quote type
  and gold speaker ``Category`` are ``speaker_acc_type_<T>`` / ``speaker_acc_cat_<C>`` (recalls in E2E, R9).
* **Addressees (§9, R3).** Predicted addressee references that map to a gold ID form a set; those mapping to a
  special ID are dropped; each *distinct* unmapped reference is one false positive. R2 makes addressee P and R
  0.0 (not n/a) when their denominator is empty.
* **Mentions (§10, R8).** Predicted mentions are grouped by trimmed span (empty ones ignored). A singular gold
  mention is correct if any mention at its span maps to the gold ID; strictly correct if the predictions at that
  span are exactly {gold ID} (an unmapped prediction there makes it wrong). For plural mentions the predicted set
  holds the mapped IDs plus one element per distinct unmapped reference; no prediction gives Jaccard 0.
  Without a ``mentions`` list the accuracies are 0.0 (the denominator is gold-side and not empty).
* **Micro/macro.** Every figure is a ratio of counts kept in ``result["counts"]``; micro pools the counts over
  novels (B³ and plural Jaccard pool per-item sums), macro averages the per-novel figures, skipping ``None``.
  F1 figures are computed from the (micro or per-novel) P and R; macro F1 is the mean of per-novel F1s.
"""

from __future__ import annotations

import ast
import csv
import json
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CATEGORIES",
    "QUOTE_TYPES",
    "SETTINGS",
    "SPECIAL_NAMES",
    "TYPE_BUCKETS",
    "PdncCharacter",
    "PdncGold",
    "PdncMention",
    "PdncQuote",
    "aggregate",
    "format_report",
    "gold_characters_for_gqgc",
    "gold_to_prediction_for_gq",
    "load_gold",
    "map_character",
    "norm",
    "novels",
    "score_novel",
    "trim",
]

SETTINGS = ("e2e", "gq", "gqgc")
SPLITS = ("dev", "train", "all")
SPECIAL_NAMES = frozenset({"_unknowable", "unknowable", "_group", "_narr"})
QUOTE_TYPES = ("Explicit", "Anaphoric", "Implicit")
TYPE_BUCKETS = (*QUOTE_TYPES, "unknown")
CATEGORIES = ("major", "intermediate", "minor")
GOLD_FILES = ("novel_text.txt", "quotation_info.csv", "character_info.csv")
GOLD_PREFIX = "gold:"
QUOTE_CHARS = frozenset("\"'\u201c\u201d\u2018\u2019")
_EMPTY_CELLS = frozenset({"", "nan", "none"})

Span = tuple[int, int]


# --------------------------------------------------------------------------------------------------- §2, §5 basics


def norm(s: str) -> str:
    """§2 name normalisation: strip, lowercase, collapse whitespace (periods are kept)."""
    return " ".join(s.strip().lower().split())


def trim(text: str, start: int, end: int) -> Span:
    """§5/R7: clamp ``[start, end)`` to the text, then move ``start`` forward and ``end`` back past whitespace and
    the quote characters ``" ' “ ” ‘ ’``. An empty result is ``(s, s)``."""
    n = len(text)
    s = min(max(int(start), 0), n)
    e = min(max(int(end), 0), n)
    if e < s:
        e = s
    while s < e and (text[s].isspace() or text[s] in QUOTE_CHARS):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in QUOTE_CHARS):
        e -= 1
    return s, e


# --------------------------------------------------------------------------------------------------- gold model


@dataclass(frozen=True)
class PdncCharacter:
    """One row of ``character_info.csv``."""

    id: str
    main_name: str
    aliases: tuple[str, ...]
    gender: str
    category: str

    @property
    def names(self) -> tuple[str, ...]:
        """Main Name first, then the aliases that differ from it."""
        return (self.main_name, *(a for a in self.aliases if a != self.main_name))


@dataclass(frozen=True)
class PdncMention:
    """An in-quote mention: trimmed span and its distinct resolved entity IDs (≥ 1)."""

    start: int
    end: int
    entities: tuple[str, ...]


@dataclass(frozen=True)
class PdncQuote:
    """One gold quotation (a ``quoteID``)."""

    id: str
    spans: tuple[Span, ...]  # trimmed sub-spans
    speaker: str | None  # Character ID, None when the name does not resolve
    speaker_name: str
    addressees: tuple[str, ...]  # resolved IDs (unresolved names skipped and counted)
    qtype: str  # one of TYPE_BUCKETS
    mentions: tuple[PdncMention, ...]


@dataclass(frozen=True)
class PdncGold:
    """The gold annotation of one novel."""

    novel: str
    text: str = field(repr=False)
    characters: tuple[PdncCharacter, ...]
    alias2id: Mapping[str, str] = field(repr=False)
    special_ids: frozenset[str]
    quotes: tuple[PdncQuote, ...] = field(repr=False)
    unresolved: tuple[tuple[str, str, str], ...] = ()  # (kind: speaker/addressee/mention, quoteID, name(s))
    malformed_mentions: int = 0
    alias_collisions: tuple[tuple[str, str, str], ...] = ()  # (normed alias, kept ID, other ID)

    @property
    def by_id(self) -> dict[str, PdncCharacter]:
        return {c.id: c for c in self.characters}

    def _count(self, kind: str) -> int:
        return sum(1 for k, _, _ in self.unresolved if k == kind)

    @property
    def unresolved_speakers(self) -> int:
        return self._count("speaker")

    @property
    def unresolved_addressees(self) -> int:
        return self._count("addressee")

    @property
    def unresolved_mentions(self) -> int:
        return self._count("mention")


# --------------------------------------------------------------------------------------------------- reading


def _literal(cell: str | None) -> Any:
    if cell is None:
        return None
    s = cell.strip()
    if s.lower() in _EMPTY_CELLS:
        return None
    return ast.literal_eval(s)


def _as_names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, set | frozenset):
        return sorted(x for x in value if isinstance(x, str))
    if isinstance(value, list | tuple):
        return [x for x in value if isinstance(x, str)]
    return []


def _name_cell(cell: str | None) -> list[str]:
    try:
        return _as_names(_literal(cell))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return [cell.strip()] if cell and cell.strip() else []


def _is_pair(x: Any) -> bool:
    return (
        isinstance(x, list | tuple) and len(x) == 2 and all(isinstance(y, int) and not isinstance(y, bool) for y in x)
    )


def _span_cell(cell: str | None, where: str) -> list[Span]:
    try:
        value = _literal(cell)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as exc:
        raise ValueError(f"{where}: cannot parse quoteByteSpans {cell!r}") from exc
    if value is None:
        return []
    if _is_pair(value):
        return [(int(value[0]), int(value[1]))]
    if isinstance(value, list | tuple) and all(_is_pair(x) for x in value):
        return [(int(x[0]), int(x[1])) for x in value]
    raise ValueError(f"{where}: quoteByteSpans is not a list of [start, end] pairs: {cell!r}")


def _safe_literal(cell: str | None) -> Any:
    try:
        return _literal(cell)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def _span_groups(value: Any) -> list[list[Any]]:
    """``mentionSpansList``: per sub-quote lists of ``[s, e]``; a flat list of pairs is one group."""
    if not isinstance(value, list | tuple):
        return []
    if value and all(_is_pair(x) for x in value):
        return [list(value)]
    return [list(g) if isinstance(g, list | tuple) else [] for g in value]


def _is_names(x: Any) -> bool:
    return isinstance(x, str) or (isinstance(x, list | tuple) and len(x) > 0 and all(isinstance(y, str) for y in x))


def _entity_groups(value: Any) -> list[list[Any]]:
    """``mentionEntitiesList``: per sub-quote lists of per-mention name lists; a flat list is one group."""
    if not isinstance(value, list | tuple):
        return []
    if value and all(_is_names(x) for x in value):
        return [list(value)]
    return [list(g) if isinstance(g, list | tuple) else [] for g in value]


def _pair_mentions(spans_v: Any, ents_v: Any) -> tuple[list[tuple[Any, Any]], int]:
    """(raw span, raw entity names) pairs and the number of mentions dropped because the lists do not pair up."""
    sg, eg = _span_groups(spans_v), _entity_groups(ents_v)
    pairs: list[tuple[Any, Any]] = []
    malformed = 0
    if len(sg) == len(eg):
        for s_list, e_list in zip(sg, eg, strict=True):
            if len(s_list) == len(e_list):
                pairs.extend(zip(s_list, e_list, strict=True))
            else:
                malformed += len(s_list)
    else:
        flat_s = [x for g in sg for x in g]
        flat_e = [x for g in eg for x in g]
        if len(flat_s) == len(flat_e):
            pairs.extend(zip(flat_s, flat_e, strict=True))
        else:
            malformed += len(flat_s)
    return pairs, malformed


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            yield {(k or "").strip(): (v if isinstance(v, str) else "") for k, v in row.items()}


def _cell(row: Mapping[str, str], key: str) -> str:
    v = row.get(key)
    return v if v is not None else ""


def _plain(cell: str) -> str:
    """A scalar cell, '' for nan/None."""
    s = cell.strip()
    return "" if s.lower() in _EMPTY_CELLS else s


def load_gold(novel_dir: Path) -> PdncGold:
    """Read one ``data/<Novel>/`` folder (``novel_text.txt``, ``character_info.csv``, ``quotation_info.csv``)."""
    novel_dir = Path(novel_dir)
    with (novel_dir / "novel_text.txt").open(encoding="utf-8", newline="") as fh:
        text = fh.read()

    characters: list[PdncCharacter] = []
    alias2id: dict[str, str] = {}
    collisions: list[tuple[str, str, str]] = []
    for row in _rows(novel_dir / "character_info.csv"):
        cid = _plain(_cell(row, "Character ID"))
        if not cid:
            continue
        main = _cell(row, "Main Name").strip()
        aliases = tuple(_name_cell(_cell(row, "Aliases")))
        char = PdncCharacter(
            id=cid,
            main_name=main,
            aliases=aliases,
            gender=_plain(_cell(row, "Gender")),
            category=_plain(_cell(row, "Category")),
        )
        characters.append(char)
        for name in char.names:
            key = norm(name)
            if not key:
                continue
            kept = alias2id.setdefault(key, cid)
            if kept != cid:
                collisions.append((key, kept, cid))
    special_ids = frozenset(c.id for c in characters if norm(c.main_name) in SPECIAL_NAMES)

    quotes: list[PdncQuote] = []
    unresolved: list[tuple[str, str, str]] = []
    malformed = 0
    qpath = novel_dir / "quotation_info.csv"
    for n, row in enumerate(_rows(qpath)):
        qid = _plain(_cell(row, "quoteID")) or f"row{n}"
        where = f"{qpath} {qid}"
        spans = tuple(trim(text, s, e) for s, e in _span_cell(_cell(row, "quoteByteSpans"), where))

        speaker_name = _cell(row, "speaker")
        speaker = alias2id.get(norm(speaker_name))
        if speaker is None:
            unresolved.append(("speaker", qid, speaker_name))

        addressees: list[str] = []
        for name in _name_cell(_cell(row, "addressees")):
            aid = alias2id.get(norm(name))
            if aid is None:
                unresolved.append(("addressee", qid, name))
            elif aid not in addressees:
                addressees.append(aid)

        qtype = _cell(row, "quoteType").strip()
        if qtype not in QUOTE_TYPES:
            qtype = "unknown"

        pairs, bad = _pair_mentions(
            _safe_literal(_cell(row, "mentionSpansList")), _safe_literal(_cell(row, "mentionEntitiesList"))
        )
        malformed += bad
        mentions: list[PdncMention] = []
        for raw_span, raw_names in pairs:
            names = _as_names(raw_names)
            if not _is_pair(raw_span) or not names:
                malformed += 1
                continue
            ids = [alias2id.get(norm(x)) for x in names]
            missing = [x for x, i in zip(names, ids, strict=True) if i is None]
            if missing:
                unresolved.append(("mention", qid, " | ".join(missing)))
                continue
            entities = tuple(dict.fromkeys(i for i in ids if i is not None))
            ms, me = trim(text, raw_span[0], raw_span[1])
            mentions.append(PdncMention(ms, me, entities))

        quotes.append(
            PdncQuote(
                id=qid,
                spans=spans,
                speaker=speaker,
                speaker_name=speaker_name,
                addressees=tuple(addressees),
                qtype=qtype,
                mentions=tuple(mentions),
            )
        )

    return PdncGold(
        novel=novel_dir.name,
        text=text,
        characters=tuple(characters),
        alias2id=alias2id,
        special_ids=special_ids,
        quotes=tuple(quotes),
        unresolved=tuple(unresolved),
        malformed_mentions=malformed,
        alias_collisions=tuple(collisions),
    )


def novels(data_root: Path, split: str) -> list[Path]:
    """Novel folders of a split. ``data_root`` is the PDNC folder (holding ``data/`` and ``splits.json``).

    ``"all"``: every ``data/<Novel>/`` with the three gold files, sorted by name (``splits.json`` is not needed).
    ``"dev"`` / ``"train"``: the novels ``splits.json`` lists, in its order."""
    root = Path(data_root)
    data = root / "data"
    if split not in SPLITS:
        raise ValueError(f"unknown PDNC split {split!r}; expected one of {', '.join(SPLITS)}")
    if split == "all":
        if not data.is_dir():
            raise ValueError(f"{data} is not a folder: data_root must be the PDNC folder that holds data/")
        return sorted(d for d in data.iterdir() if d.is_dir() and all((d / f).is_file() for f in GOLD_FILES))
    split_file = root / "splits.json"
    if not split_file.is_file():
        raise ValueError(f"{split_file} is missing: split {split!r} needs it (use split 'all' without it)")
    try:
        names = json.loads(split_file.read_text(encoding="utf-8"))[split]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"{split_file} has no list for split {split!r}") from exc
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError(f"{split_file}: split {split!r} is not a list of novel names")
    dirs = [data / n for n in names]
    missing = [d.name for d in dirs if not all((d / f).is_file() for f in GOLD_FILES)]
    if missing:
        raise ValueError(f"{data}: split {split!r} names novels without the three gold files: {', '.join(missing)}")
    return dirs


# --------------------------------------------------------------------------------------------------- GQ helpers


def gold_to_prediction_for_gq(gold: PdncGold) -> list[dict[str, Any]]:
    """What a system is given in GQ/GQ+GC: one dict per trimmed gold sub-span, in quote order, without speakers
    (``{"quote_id", "sub_index", "start", "end"}``; add ``speaker``/``addressees`` to make a §3 quote)."""
    return [
        {"quote_id": q.id, "sub_index": i, "start": s, "end": e}
        for q in gold.quotes
        for i, (s, e) in enumerate(q.spans)
    ]


def gold_characters_for_gqgc(gold: PdncGold) -> list[dict[str, Any]]:
    """What a system is given in GQ+GC: the gold characters as clusters with id ``"gold:<ID>"`` (specials flagged)."""
    return [
        {
            "id": f"{GOLD_PREFIX}{c.id}",
            "names": list(c.names),
            "main_name": c.main_name,
            "gender": c.gender,
            "category": c.category,
            "special": c.id in gold.special_ids,
        }
        for c in gold.characters
    ]


# --------------------------------------------------------------------------------------------------- §6 mapping


def _id_key(cid: str) -> tuple[int, int, str]:
    return (0, int(cid), cid) if cid.isdigit() else (1, 0, cid)


def _spoken(gold: PdncGold) -> Counter[str]:
    return Counter(q.speaker for q in gold.quotes if q.speaker is not None)


def map_character(names: Iterable[str], gold: PdncGold, spoken: Mapping[str, int] | None = None) -> str | None:
    """§6/R5: the gold ID a cluster with these names maps to (``None`` without votes). Each distinct normed name
    votes once; ties go to the ID that speaks more gold quotes, then to the lower ID (numeric when digits)."""
    if spoken is None:
        spoken = _spoken(gold)
    votes: Counter[str] = Counter()
    for key in {norm(n) for n in names if isinstance(n, str)}:
        cid = gold.alias2id.get(key)
        if cid is not None:
            votes[cid] += 1
    if not votes:
        return None
    top = max(votes.values())
    tied = [c for c, v in votes.items() if v == top]
    return min(tied, key=lambda c: (-spoken.get(c, 0), _id_key(c)))


def _clusters(pred: Mapping[str, Any]) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for i, item in enumerate(pred.get("characters") or []):
        if not isinstance(item, Mapping):
            continue
        cid = item.get("id")
        names = item.get("names") or []
        if isinstance(names, str):
            names = [names]
        out.append((f"#{i}" if cid is None else str(cid), [n for n in names if isinstance(n, str)]))
    return out


def _resolver(
    gold: PdncGold, clusters: Sequence[tuple[str, list[str]]], setting: str, spoken: Mapping[str, int]
) -> Callable[[Any], str | None]:
    gold_ids = {c.id for c in gold.characters}
    cluster_map: dict[str, str | None] = {}
    for cid, names in clusters:
        if cid not in cluster_map:
            cluster_map[cid] = map_character(names, gold, spoken)

    def resolve(ref: Any) -> str | None:
        if ref is None:
            return None
        r = str(ref)
        if setting == "gqgc" and r.startswith(GOLD_PREFIX):
            gid = r[len(GOLD_PREFIX) :].strip()
            return gid if gid in gold_ids else None
        return cluster_map.get(r)

    return resolve


# --------------------------------------------------------------------------------------------------- §5 matching


def _as_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"prediction {what} is not a number: {value!r}")
    return int(value)


def _refs(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str | int):
        return [value]
    if isinstance(value, list | tuple | set):
        return [v for v in value if v is not None]
    return []


@dataclass
class _Match:
    """Everything §5 gives the later sections."""

    gold_recalled: list[bool]  # per flattened gold sub-span
    pred_correct: list[bool]  # lenient, per predicted span
    strict_matched: int
    recalled_quotes: list[set[int]]  # per predicted span: quotes one of whose sub-spans it recalls
    align: list[int | None]  # per gold quote: aligned predicted span


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _match(gold: PdncGold, pspans: Sequence[Span]) -> _Match:
    subs: list[tuple[int, int, int]] = [(s, e, qi) for qi, q in enumerate(gold.quotes) for s, e in q.spans]
    order = sorted(range(len(subs)), key=lambda i: (subs[i][0], subs[i][1]))
    starts = [subs[i][0] for i in order]
    maxend: list[int] = []
    for i in order:
        maxend.append(max(subs[i][1], maxend[-1] if maxend else subs[i][1]))

    merged: list[list[int]] = []
    for i in order:
        s, e, _ = subs[i]
        if s == e:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    mstarts = [m[0] for m in merged]

    gold_recalled = [False] * len(subs)
    pred_correct = [False] * len(pspans)
    recalled_quotes: list[set[int]] = [set() for _ in pspans]
    best: dict[int, tuple[tuple[int, bool, int, int, int], int]] = {}

    for pi, (ps, pe) in enumerate(pspans):
        plen = pe - ps
        if plen <= 0:
            continue
        # lenient correctness: share of p inside the union of gold sub-spans
        inside = 0
        k = bisect_left(mstarts, pe) - 1
        while k >= 0 and merged[k][1] > ps:
            inside += _overlap((ps, pe), (merged[k][0], merged[k][1]))
            k -= 1
        pred_correct[pi] = 2 * inside >= plen
        # per quote overlap and recall
        per_quote: dict[int, list[int]] = {}
        k = bisect_left(starts, pe) - 1
        while k >= 0 and maxend[k] > ps:
            gi = order[k]
            gs, ge, qi = subs[gi]
            ov = _overlap((ps, pe), (gs, ge))
            if ov > 0:
                acc = per_quote.setdefault(qi, [0, 0])
                acc[0] += ov
                if 2 * ov >= ge - gs:
                    gold_recalled[gi] = True
                    acc[1] = 1
            k -= 1
        for qi, (ov, rec) in per_quote.items():
            if rec:
                recalled_quotes[pi].add(qi)
            key = (ov, bool(rec), -plen, -ps, -pi)
            if qi not in best or key > best[qi][0]:
                best[qi] = (key, pi)

    align: list[int | None] = [None] * len(gold.quotes)
    for qi, (key, pi) in best.items():
        if key[1]:
            align[qi] = pi

    gold_counter = Counter((s, e) for s, e, _ in subs if e > s)
    pred_counter = Counter(sp for sp in pspans if sp[1] > sp[0])
    strict = sum(min(n, gold_counter[sp]) for sp, n in pred_counter.items())
    return _Match(gold_recalled, pred_correct, strict, recalled_quotes, align)


# --------------------------------------------------------------------------------------------------- figures

_PRED, _GOLD, _NA = "pred", "gold", "na"


def _ratio(num: float, den: float, side: str) -> float | None:
    if den == 0:
        return 0.0 if side == _PRED else None
    return num / den


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    if p + r == 0:
        return 0.0
    return 2 * p * r / (p + r)


def _keyed(counts: Mapping[str, float], prefix: str, suffix: str, fixed: Sequence[str]) -> list[str]:
    found = {k[len(prefix) : -len(suffix)] for k in counts if k.startswith(prefix) and k.endswith(suffix)}
    return [*fixed, *sorted(found - set(fixed))]


def _figures(counts: Mapping[str, float]) -> dict[str, float | None]:
    """Every reported figure, from the counts (per novel, or pooled for micro)."""
    f: dict[str, float | None] = {}

    def c(key: str) -> float:
        return counts.get(key, 0)

    def ratio(name: str, num: str, den: str, side: str) -> None:
        f[name] = _ratio(c(num), c(den), side)

    def f1(name: str, p: str, r: str) -> None:
        f[name] = _f1(f[p], f[r])

    ratio("det_strict_p", "det_strict_matched", "det_pred", _PRED)
    ratio("det_strict_r", "det_strict_matched", "det_gold", _GOLD)
    f1("det_strict_f1", "det_strict_p", "det_strict_r")
    ratio("det_lenient_p", "det_lenient_correct", "det_pred", _PRED)
    ratio("det_lenient_r", "det_lenient_recalled", "det_gold", _GOLD)
    f1("det_lenient_f1", "det_lenient_p", "det_lenient_r")

    ratio("speaker_acc", "spk_correct", "spk_total", _GOLD)
    ratio("speaker_p", "spk_pred_correct", "spk_pred_total", _PRED)
    ratio("speaker_r", "spk_correct", "spk_total", _GOLD)
    f1("speaker_f1", "speaker_p", "speaker_r")
    ratio("speaker_p_literal", "spk_pred_correct_literal", "spk_pred_total_literal", _PRED)
    f1("speaker_f1_literal", "speaker_p_literal", "speaker_r")
    for t in TYPE_BUCKETS:
        ratio(f"speaker_acc_type_{t}", f"spk_type_{t}_correct", f"spk_type_{t}_total", _GOLD)
    for cat in _keyed(counts, "spk_cat_", "_total", CATEGORIES):
        ratio(f"speaker_acc_cat_{cat}", f"spk_cat_{cat}_correct", f"spk_cat_{cat}_total", _GOLD)

    ratio("char_recall", "char_found", "char_total", _GOLD)
    for cat in _keyed(counts, "char_cat_", "_total", CATEGORIES):
        ratio(f"char_recall_cat_{cat}", f"char_cat_{cat}_found", f"char_cat_{cat}_total", _GOLD)
    ratio("char_recall_speaking", "spkchar_found", "spkchar_total", _GOLD)
    ratio("purity", "clusters_pure", "clusters_hit", _PRED)
    ratio("fragmentation", "clusters_pure", "pure_ids", _NA)
    ratio("b3_p", "b3_p_sum", "b3_items", _PRED)
    ratio("b3_r", "b3_r_sum", "b3_items", _PRED)
    f1("b3_f1", "b3_p", "b3_r")

    ratio("addressee_p", "addr_tp", "addr_pred", _PRED)
    ratio("addressee_r", "addr_tp", "addr_gold", _PRED)
    f1("addressee_f1", "addressee_p", "addressee_r")

    ratio("mention_acc", "mention_correct", "mention_total", _GOLD)
    ratio("mention_acc_strict", "mention_correct_strict", "mention_total", _GOLD)
    ratio("mention_plural_jaccard", "plural_jaccard_sum", "plural_total", _GOLD)
    return f


# --------------------------------------------------------------------------------------------------- scoring


def _check_setting(setting: str) -> None:
    if setting not in SETTINGS:
        raise ValueError(f"unknown PDNC setting {setting!r}; expected one of {', '.join(SETTINGS)}")


def score_novel(gold: PdncGold, pred: Mapping[str, Any], setting: str) -> dict[str, Any]:
    """Score one novel's §3 prediction against its gold, in setting ``e2e``, ``gq`` or ``gqgc``.

    Returns ``{"novel", "setting", <figure>: float | None, ..., "counts": {<count>: number}}``; ``None`` is n/a."""
    _check_setting(setting)
    text = gold.text
    spoken = _spoken(gold)
    clusters = _clusters(pred)
    resolve = _resolver(gold, clusters, setting, spoken)
    by_id = gold.by_id
    specials = gold.special_ids
    counts: dict[str, float] = {}

    # ---- predicted quotes (R7: clamped and trimmed; empty ones stay in the denominators)
    pq_items = [q for q in (pred.get("quotes") or []) if isinstance(q, Mapping)]
    pspans: list[Span] = [
        trim(text, _as_int(q.get("start"), f"quote {i} start"), _as_int(q.get("end"), f"quote {i} end"))
        for i, q in enumerate(pq_items)
    ]
    pspeakers = [resolve(q.get("speaker")) for q in pq_items]
    m = _match(gold, pspans)

    # ---- §5 detection
    counts["det_gold"] = len(m.gold_recalled)
    counts["det_pred"] = len(pspans)
    counts["det_strict_matched"] = m.strict_matched
    counts["det_lenient_recalled"] = sum(m.gold_recalled)
    counts["det_lenient_correct"] = sum(m.pred_correct)

    # ---- §7 speakers
    scored = [qi for qi, q in enumerate(gold.quotes) if q.speaker is not None and q.speaker not in specials]
    scored_set = set(scored)
    counts["gold_quotes"] = len(gold.quotes)
    counts["excluded_special_quotes"] = sum(1 for q in gold.quotes if q.speaker in specials)
    counts["aligned_quotes"] = sum(1 for a in m.align if a is not None)
    for t in TYPE_BUCKETS:
        counts[f"spk_type_{t}_total"] = counts[f"spk_type_{t}_correct"] = 0
    cats = [*CATEGORIES, *sorted({c.category for c in gold.characters} - set(CATEGORIES))]
    for cat in cats:
        counts[f"spk_cat_{cat}_total"] = counts[f"spk_cat_{cat}_correct"] = 0
    correct_quotes = 0
    for qi in scored:
        q = gold.quotes[qi]
        pi = m.align[qi]
        ok = pi is not None and pspeakers[pi] == q.speaker
        correct_quotes += ok
        cat = by_id[q.speaker].category if q.speaker in by_id else ""
        for key in (f"spk_type_{q.qtype}", f"spk_cat_{cat}"):
            counts[f"{key}_total"] = counts.get(f"{key}_total", 0) + 1
            counts[f"{key}_correct"] = counts.get(f"{key}_correct", 0) + ok
    counts["spk_total"] = len(scored)
    counts["spk_correct"] = correct_quotes

    # R1 precision
    only_excluded = 0
    pred_correct = 0
    for pi, qs in enumerate(m.recalled_quotes):
        if qs and not (qs & scored_set):
            only_excluded += 1
        if any(qi in scored_set and pspeakers[pi] == gold.quotes[qi].speaker for qi in qs):
            pred_correct += 1
    counts["spk_pred_total"] = len(pspans) - only_excluded
    counts["spk_pred_correct"] = pred_correct
    # §7 literal precision
    aligned_to: list[set[int]] = [set() for _ in pspans]
    for qi, pi in enumerate(m.align):
        if pi is not None:
            aligned_to[pi].add(qi)
    lit_excluded = sum(1 for qs in aligned_to if qs and not (qs & scored_set))
    lit_correct = sum(
        1
        for pi, qs in enumerate(aligned_to)
        if any(qi in scored_set and pspeakers[pi] == gold.quotes[qi].speaker for qi in qs)
    )
    counts["spk_pred_total_literal"] = len(pspans) - lit_excluded
    counts["spk_pred_correct_literal"] = lit_correct

    # ---- §8 characters
    gold_chars = [c for c in gold.characters if c.id not in specials]
    gold_char_ids = {c.id for c in gold_chars}
    hits = [{gold.alias2id[k] for k in (norm(n) for n in names) if k in gold.alias2id} for _, names in clusters]
    covered = set().union(*hits) if hits else set()
    counts["char_total"] = len(gold_chars)
    counts["char_found"] = len(covered & gold_char_ids)
    for cat in cats:
        ids = {c.id for c in gold_chars if c.category == cat}
        counts[f"char_cat_{cat}_total"] = len(ids)
        counts[f"char_cat_{cat}_found"] = len(ids & covered)
    speaking = {q.speaker for q in gold.quotes if q.speaker is not None} & gold_char_ids
    counts["spkchar_total"] = len(speaking)
    counts["spkchar_found"] = len(speaking & covered)
    counts["clusters"] = len(clusters)
    counts["clusters_hit"] = sum(1 for h in hits if h)
    counts["clusters_pure"] = sum(1 for h in hits if len(h) == 1)
    counts["clusters_no_hits"] = sum(1 for h in hits if not h)
    counts["pure_ids"] = len({next(iter(h)) for h in hits if len(h) == 1})
    # B³ over the gold alias strings found among the predicted names (first-listed cluster holds an item)
    item_cluster: dict[str, int] = {}
    for ci, (_, names) in enumerate(clusters):
        for n in names:
            key = norm(n)
            if key in gold.alias2id and key not in item_cluster:
                item_cluster[key] = ci
    p_sum = r_sum = 0.0
    for key, ci in item_cluster.items():
        item_id = gold.alias2id[key]
        same_cluster = {k for k, c in item_cluster.items() if c == ci}
        same_gold = {k for k in item_cluster if gold.alias2id[k] == item_id}
        both = len(same_cluster & same_gold)
        p_sum += both / len(same_cluster)
        r_sum += both / len(same_gold)
    counts["b3_items"] = len(item_cluster)
    counts["b3_p_sum"] = p_sum
    counts["b3_r_sum"] = r_sum

    # ---- §9 addressees (R3)
    tp = n_pred = n_gold = n_quotes = 0
    for qi in scored:
        pi = m.align[qi]
        gold_set = {a for a in gold.quotes[qi].addressees if a not in specials}
        if pi is None or not gold_set:
            continue
        mapped: set[str] = set()
        unmapped: set[str] = set()
        for ref in _refs(pq_items[pi].get("addressees")):
            ref_id = resolve(ref)
            if ref_id is None:
                unmapped.add(str(ref))
            elif ref_id not in specials:
                mapped.add(ref_id)
        tp += len(mapped & gold_set)
        n_pred += len(mapped) + len(unmapped)
        n_gold += len(gold_set)
        n_quotes += 1
    counts["addr_quotes"] = n_quotes
    counts["addr_tp"] = tp
    counts["addr_pred"] = n_pred
    counts["addr_gold"] = n_gold

    # ---- §10 mentions (R8)
    at_span: dict[Span, list[Any]] = {}
    pm_items = [x for x in (pred.get("mentions") or []) if isinstance(x, Mapping)]
    for i, pm in enumerate(pm_items):
        sp = trim(text, _as_int(pm.get("start"), f"mention {i} start"), _as_int(pm.get("end"), f"mention {i} end"))
        if sp[1] > sp[0]:
            at_span.setdefault(sp, []).append(pm.get("character"))
    counts["pred_mentions"] = len(pm_items)
    m_total = m_ok = m_strict = p_total = 0
    jaccard = 0.0
    for q in gold.quotes:
        for gm in q.mentions:
            refs = at_span.get((gm.start, gm.end), [])
            mapped_ids = {g for g in (resolve(r) for r in refs) if g is not None}
            unmapped_refs = {str(r) for r in refs if resolve(r) is None}
            if len(gm.entities) == 1:
                m_total += 1
                gid = gm.entities[0]
                m_ok += gid in mapped_ids
                m_strict += mapped_ids == {gid} and not unmapped_refs
            else:
                p_total += 1
                gset = set(gm.entities)
                inter = len(mapped_ids & gset)
                union = len(mapped_ids | gset) + len(unmapped_refs)
                jaccard += inter / union
    counts["mention_total"] = m_total
    counts["mention_correct"] = m_ok
    counts["mention_correct_strict"] = m_strict
    counts["plural_total"] = p_total
    counts["plural_jaccard_sum"] = jaccard

    # ---- gold bookkeeping
    counts["unresolved_speakers"] = gold.unresolved_speakers
    counts["unresolved_addressees"] = gold.unresolved_addressees
    counts["unresolved_mentions"] = gold.unresolved_mentions
    counts["malformed_mentions"] = gold.malformed_mentions

    return {"novel": gold.novel, "setting": setting, **_figures(counts), "counts": counts}


# --------------------------------------------------------------------------------------------------- aggregation


def _figure_names(result: Mapping[str, Any]) -> list[str]:
    return [k for k, v in result.items() if k not in ("novel", "setting", "counts") and (v is None or _is_num(v))]


def _is_num(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def aggregate(results: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Micro (counts pooled over the novels) and macro (mean of per-novel figures, ``None`` skipped) values of every
    figure: ``{"micro": {<figure>..., "counts": {...}}, "macro": {<figure>...}, "n_novels": int}``."""
    pooled: dict[str, float] = {}
    for r in results.values():
        for k, v in (r.get("counts") or {}).items():
            pooled[k] = pooled.get(k, 0) + v
    micro: dict[str, Any] = dict(_figures(pooled))
    names = list(micro)
    for r in results.values():
        names.extend(n for n in _figure_names(r) if n not in names)
    macro: dict[str, float | None] = {}
    for name in names:
        values = [float(r[name]) for r in results.values() if _is_num(r.get(name))]
        macro[name] = sum(values) / len(values) if values else None
    micro["counts"] = pooled
    return {"micro": micro, "macro": macro, "n_novels": len(results)}


# --------------------------------------------------------------------------------------------------- report


def _fmt(v: Any) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _fmt_count(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return _fmt(v)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(header[i]), *(len(r[i]) for r in rows)) if rows else len(header[i]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in rows)
    return out


def format_report(results: Mapping[str, Mapping[str, Any]], aggregate: Mapping[str, Any], setting: str) -> str:
    """A plain-text report: one row per novel plus micro and macro; ``n/a`` marks figures with no gold items."""
    _check_setting(setting)
    e2e = setting == "e2e"
    spk_key, spk_label = ("speaker_f1", "spk_F1") if e2e else ("speaker_acc", "spk_acc")
    micro: Mapping[str, Any] = aggregate.get("micro") or {}
    macro: Mapping[str, Any] = aggregate.get("macro") or {}
    lines = [f"PDNC scores, setting {setting} ({len(results)} novels)"]
    if not e2e:
        lines.append("(detection is shown for information only in the GQ settings, R11)")
    lines.append("")

    main_cols = [
        ("det_lenient_f1", "det_F1"),
        (spk_key, spk_label),
        ("char_recall", "char_R"),
        ("char_recall_speaking", "spkchar_R"),
        ("purity", "purity"),
        ("fragmentation", "frag"),
        ("b3_f1", "B3_F1"),
        ("addressee_f1", "addr_F1"),
        ("mention_acc", "ment_acc"),
    ]
    spk_cols = [
        ("det_strict_f1", "det_strict_F1"),
        ("det_lenient_p", "det_P"),
        ("det_lenient_r", "det_R"),
        ("speaker_p", "spk_P"),
        ("speaker_r" if e2e else "speaker_acc", "spk_R" if e2e else "spk_acc"),
        ("speaker_p_literal", "spk_P_lit"),
        *((f"speaker_acc_type_{t}", t[:5] if t != "unknown" else "unk") for t in TYPE_BUCKETS),
        *((f"speaker_acc_cat_{c}", c[:5]) for c in CATEGORIES),
        ("mention_acc_strict", "ment_strict"),
        ("mention_plural_jaccard", "plural_J"),
    ]
    count_cols = [
        ("gold_quotes", "quotes"),
        ("excluded_special_quotes", "excl_special"),
        ("unresolved_speakers", "unres_spk"),
        ("unresolved_addressees", "unres_addr"),
        ("unresolved_mentions", "unres_ment"),
        ("malformed_mentions", "malformed_ment"),
        ("clusters", "clusters"),
        ("clusters_no_hits", "no_hit_clusters"),
    ]

    def fig_rows(cols: Sequence[tuple[str, str]]) -> list[list[str]]:
        rows = [[name, *(_fmt(r.get(k)) for k, _ in cols)] for name, r in results.items()]
        rows.append(["micro", *(_fmt(micro.get(k)) for k, _ in cols)])
        rows.append(["macro", *(_fmt(macro.get(k)) for k, _ in cols)])
        return rows

    lines.extend(_table(["novel", *(h for _, h in main_cols)], fig_rows(main_cols)))
    lines.append("")
    lines.append("Detection, speaker breakdown (by quote type and gold speaker category) and mentions:")
    lines.extend(_table(["novel", *(h for _, h in spk_cols)], fig_rows(spk_cols)))
    lines.append("")
    lines.append("Excluded and unresolved gold items:")
    rows = [
        [name, *(_fmt_count((r.get("counts") or {}).get(k, 0)) for k, _ in count_cols)] for name, r in results.items()
    ]
    pooled: Mapping[str, Any] = micro.get("counts") or {}
    rows.append(["total", *(_fmt_count(pooled.get(k, 0)) for k, _ in count_cols)])
    lines.extend(_table(["novel", *(h for _, h in count_cols)], rows))
    return "\n".join(lines) + "\n"
