"""Choosing the antecedent of a third-person pronoun: a linear scorer over a few features of the pair.

The characters stage keeps the hard constraints (agreement in gender and number, binding, groups, the narrator);
among the characters mentioned in the last sentences of the scene that pass them, it takes the one whose best
mention scores highest. The weights are learned from LitBank (``train/pronouns.py``; ``resources/pronouns/``,
with a model card): a logistic regression over (pronoun, earlier mention) pairs, positive when both are mentions of
the same LitBank entity. Without a weight file the stage falls back to hand-set weights.
"""

from __future__ import annotations

import json
import operator
from functools import lru_cache
from importlib import resources

__all__ = ["FEATURES", "PronounModel", "load_pronoun_model"]

FEATURES = (
    "bias",
    "sent0",
    "sent1",
    "sent2",
    "sent3+",
    "mention_gap",
    "rank0",
    "rank1",
    "rank2+",
    "o_subj",
    "c_subj",
    "both_subj",
    "o_poss",
    "o_obj",
    "o_name",
    "o_nominal",
    "o_pronoun",
    "gender_unknown",
    "gender_strength",
    "quote_mismatch",
    "both_quote",
    "scene_count",
    "focal",
    "entity_size",
    "named",
    "c_poss",
    "c_reflexive",
    "same_paragraph",
    "o_latest",
)


class PronounModel:
    """Weights by feature name; :meth:`score` is the linear score (a logit)."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights
        self._w = [float(weights.get(f, 0.0)) for f in FEATURES]

    def score(self, feats: list[float]) -> float:
        if len(feats) != len(self._w):
            raise ValueError(f"expected {len(self._w)} features, got {len(feats)}")
        return sum(map(operator.mul, self._w, feats))


@lru_cache(maxsize=16)
def load_pronoun_model(name: str = "all") -> PronounModel | None:
    """The packaged weights ``resources/pronouns/<name>.json`` (``all`` or ``fold-K``), None if absent."""
    try:
        path = resources.files("ficlens").joinpath(f"resources/pronouns/{name}.json")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError):
        return None
    return PronounModel({k: float(v) for k, v in data["weights"].items()})
