"""Places and things people are in, on or part of: the settings of a story.

Mentions of facilities ("the lighthouse", "the kitchen"), locations ("the sea", "the garden"), geo-political
entities ("the town", "Portreath"), vehicles ("the boat") and organisations ("the regiment", "the Council"), each
with a category and an ``entity`` number that groups the mentions of one place:

* **Names**: spaCy's GPE, LOC, FAC, ORG and NORP entities that the characters stage did not take for a person;
  one entity per name as written (case aside).
* **Noun phrases**: a noun whose lemma is in the learned entity-noun list (``resources/entity_nouns/``, made by
  ``train/entity_nouns.py`` from LitBank; see its model card) and does not head a person mention; the extent is
  the maximal noun phrase (``stages/extents.py``). A definite or possessed description ("the house", "his
  room") or a bare one ("at home") is the place last described with the same noun, if any; an indefinite one
  ("a house") is a new place.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

from ..model import Document, Place
from .base import Context, resource_bytes, source_tag, stage_version
from .extents import ExtentRules, load_extent_rules, np_extent
from .tokenview import TokenView

__all__ = ["PlacesStage", "load_entity_nouns"]

THRESHOLD = 0.4  # the best typed F1 in cross-validation (resources/entity_nouns/cv_scores.json)
_NAME_LABELS = {"GPE": "GPE", "LOC": "LOC", "FAC": "FAC", "ORG": "ORG", "NORP": "GPE"}
_DEICTIC = frozenset({"here", "there", "upstairs", "downstairs", "home", "abroad", "overhead", "ashore"})
_INDEFINITE = frozenset({"a", "an", "another", "some", "any", "no", "one", "every", "each", "many", "several"})


@lru_cache(maxsize=16)
def load_entity_nouns(name: str = "all", threshold: float = THRESHOLD) -> Mapping[str, tuple[str, float]]:
    """Lemma -> (category, probability) from ``resources/entity_nouns/<name>.tsv`` (``all`` for users, ``fold-K``
    for the LitBank evaluation of fold K), for words whose probability is at least ``threshold``."""
    try:
        text = resources.files("ficlens").joinpath(f"resources/entity_nouns/{name}.tsv").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return {}
    out: dict[str, tuple[str, float]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, category, prob = line.split("\t")
        if float(prob) >= threshold:
            out[word] = (category, float(prob))
    return out


PLACES_CODE_VERSION = 1


def _lexicon_identity(nouns: Mapping[str, tuple[str, float]] | str) -> bytes | str:
    """What a lexicon's fingerprint is taken over: a packaged list's file bytes, or a given mapping's items."""
    if isinstance(nouns, str):
        return resource_bytes(f"entity_nouns/{nouns}.tsv")
    return repr(sorted(nouns.items()))


def _rules_identity(extents: ExtentRules | str) -> bytes | str:
    if isinstance(extents, str):
        return resource_bytes(f"extents/{extents}.json")
    return repr(sorted(extents.rates.items())) + repr(sorted(extents.default.items()))


class PlacesStage:
    """Mentions of places, facilities, vehicles and organisations, grouped into entities.

    ``nouns``: the entity-noun lexicon, by packaged name (``"all"``, ``"fold-K"``) or as a mapping; ``extents``:
    the noun-phrase rules, likewise (``None``: the packaged ``all``). The version covers both (and the threshold)."""

    name: str = "places"
    requires: tuple[str, ...] = ("tokens", "sentences", "entities", "mentions")
    produces: tuple[str, ...] = ("places",)

    def __init__(
        self,
        nouns: Mapping[str, tuple[str, float]] | str | None = None,
        extents: ExtentRules | str | None = None,
    ) -> None:
        self.nouns = "all" if nouns is None else nouns
        self.extents = "all" if extents is None else extents
        self.version: str = stage_version(
            PLACES_CODE_VERSION, _lexicon_identity(self.nouns), str(THRESHOLD), _rules_identity(self.extents)
        )

    def __call__(self, doc: Document, ctx: Context) -> Document:
        src = source_tag(self)
        nouns = load_entity_nouns(self.nouns) if isinstance(self.nouns, str) else self.nouns
        rules = load_extent_rules(self.extents) if isinstance(self.extents, str) else self.extents
        tv = TokenView.of(doc, [])
        people = doc.layer("mentions")
        person_heads = {m.head for m in people}
        person_spans = {(m.start, m.end) for m in people}
        found: list[tuple[int, int, str, str, int, str]] = []  # start, end, category, kind, head, key
        taken: set[int] = set()
        for e in doc.layer("entities"):
            category = _NAME_LABELS.get(e.label)
            if category is None or (e.start, e.end) in person_spans:
                continue
            first = _token_at(tv, e.start)
            last = _token_at(tv, e.end - 1)
            if any(t in person_heads for t in range(first, last + 1)):
                continue
            if e.label == "NORP" and (tv.pos[last] == "ADJ" or tv.dep[last] in ("amod", "compound")):
                continue  # "the French windows": an adjective, not a mention of France or the French
            taken.update(range(first, last + 1))
            key = "name:" + " ".join(doc.text[e.start : e.end].lower().split())
            found.append((e.start, e.end, category, "name", last, key))
        for i in range(len(tv)):
            if tv.lower[i] in _DEICTIC and tv.pos[i] == "ADV" and tv.dep[i] not in ("expl", "advmod_expl"):
                if tv.dep[i] == "advmod" and tv.pos[tv.head[i]] in ("VERB", "AUX"):
                    # "she was there", "come upstairs": a place, named by where the speaker or the story is
                    found.append((tv.start[i], tv.end[i], "LOC", "nominal", i, ""))
                continue
            if tv.pos[i] != "NOUN" or tv.dep[i] == "compound" or i in person_heads or i in taken:
                continue
            hit = nouns.get(tv.lemma[i].lower())
            if hit is None:
                continue
            lo, hi = np_extent(tv, i, rules)
            det = next((tv.lower[c] for c in tv.children[i] if tv.dep[c] in ("det", "poss")), "")
            plural = tv.tag[i] == "NNS"
            key = f"{tv.lemma[i].lower()}:{'pl' if plural else 'sg'}"
            if det in _INDEFINITE:
                key = ""  # a new place
            found.append((tv.start[lo], tv.end[hi], hit[0], "nominal", i, key))
        found.sort()
        entity_of: dict[str, int] = {}
        places: list[Place] = []
        n = 0
        for start, end, category, kind, head, key in found:
            if key and key in entity_of:
                eid = entity_of[key]
            else:
                eid, n = n, n + 1
            if key:
                entity_of[key] = eid
            elif kind == "nominal":
                entity_of[f"{tv.lemma[head].lower()}:{'pl' if tv.tag[head] == 'NNS' else 'sg'}"] = eid
            places.append(Place(start, end, source=src, category=category, kind=kind, head=head, entity=eid))
        return doc.with_layers(places=places)


def _token_at(tv: TokenView, offset: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(tv.start, offset) - 1)
