"""Choosing the antecedent of a third-person pronoun: a linear scorer over a few features of the pair.

The characters stage keeps the hard constraints (agreement in gender and number, binding, groups, the narrator);
among the characters mentioned in the last sentences of the scene that pass them, it takes the one whose best
mention scores highest. The weights are learned from LitBank (``train/pronouns.py``; ``resources/pronouns/``,
with a model card): a logistic regression over (pronoun, earlier mention) pairs, positive when both are mentions of
the same LitBank entity. Without a weight file the stage falls back to hand-set weights.
"""

from __future__ import annotations

from functools import lru_cache

from .linear import LinearModel, load_weights

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


class PronounModel(LinearModel):
    """Weights by feature name; :meth:`score` is the linear score (a logit)."""

    features = FEATURES


@lru_cache(maxsize=16)
def load_pronoun_model(name: str = "all") -> PronounModel | None:
    """The packaged weights ``resources/pronouns/<name>.json`` (``all`` or ``fold-K``), None if absent."""
    weights = load_weights("pronouns", name)
    return None if weights is None else PronounModel(weights)
