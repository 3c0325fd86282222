"""The speaker ranker's features and its linear model (weights by feature name; ``train/speakers.py`` learns them).

The speakers stage (:mod:`.speakers`) computes these features for every candidate of a turn; a scorer
(:mod:`.scorers`) turns them into scores.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .linear import LinearModel, load_weights

__all__ = [
    "BEAM_WIDTH",
    "FEATURES",
    "HAND_WEIGHTS",
    "NARRATOR_FEATURES",
    "Calibration",
    "SpeakerModel",
    "load_decoding",
    "load_speaker_model",
]

BEAM_WIDTH = 4  # readings of a conversation kept by the decoder when the weight file does not say

FEATURES = (
    "explicit_name",
    "explicit_pronoun",
    "explicit_after",
    "beat_subject",
    "first_subject",
    "narration_mentions",
    "prev_narration_mention",
    "prev_subject_no_quote",
    "last_mention_0",
    "last_mention_1",
    "last_mention_2",
    "last_mention_3+",
    "prev1",
    "prev2",
    "prev1_no_narration",
    "prev2_no_narration",
    "vocative_prev",
    "addressee_prev",
    "vocative_this",
    "named_in_quote",
    "narrator",
    "narrator_first_person_narration",
    "salience",
    "scene_salience",
    "recent_speaker",
    "next_explicit",
    "has_narration",
    "in_conversation",
    "speech_pronoun_agrees",
    "speech_pronoun_disagrees",
    "explicit_near",
    "prev2_pronoun_agrees",
    "prev1_pronoun_agrees",
    "explicit_first_person",
    "nearest_subject",
    "last_named_of_gender",
    "vocative_next",
    # "he said" with someone else around: conjunctions the linear ranker cannot form by itself
    "explicit_pronoun_prev1",
    "explicit_pronoun_prev2",
    "agrees_mentioned_here",
    "agrees_addressee_prev",
    "agrees_in_conversation",
    "agrees_only_one",
    # the candidate other than the last speaker mentioned last: who answers him when nothing else says
    "latest_other",
    "latest_other_no_narration",
    # "'…,' said Tom" right beside the quote; a tagged speaker who names himself ("I, Josiah Bounderby, …")
    "explicit_name_near",
    "explicit_named_in_quote",
)

# Features about a first-person narrator. The training novels are told in the third person, where the "narrator"
# is an occasional authorial "I" who never speaks, so a learned weight would teach the ranker that a narrator cannot
# speak. ``train/speakers.py`` leaves them out of the fit and sets them by rule (see the model card).
NARRATOR_FEATURES = ("narrator", "narrator_first_person_narration", "explicit_first_person")

HAND_WEIGHTS = {
    "explicit_name": 6.0,
    "explicit_pronoun": 5.0,
    "beat_subject": 2.0,
    "first_subject": 0.5,
    "narration_mentions": 0.5,
    "prev2_no_narration": 2.0,
    "prev1_no_narration": -1.0,
    "vocative_prev": 1.5,
    "vocative_this": -3.0,
    "named_in_quote": -1.0,
    "last_mention_0": 0.5,
    "recent_speaker": 0.5,
    "next_explicit": -1.0,
    "explicit_first_person": 6.0,
    "nearest_subject": 1.0,
}


class SpeakerModel(LinearModel):
    """Weights by feature name; :meth:`score` is the linear score."""

    features = FEATURES


@lru_cache(maxsize=8)
def load_speaker_model(name: str = "all") -> SpeakerModel:
    """The packaged weights ``resources/speakers/<name>.json``, or the hand-set weights when there is none."""
    weights = load_weights("speakers", name)
    return SpeakerModel(HAND_WEIGHTS if weights is None else weights)


@dataclass(frozen=True)
class Calibration:
    """Platt scaling of a turn's softmax probability ``p``: ``sigmoid(a * logit(p) + b)``, fitted on the held-out
    decisions of the training folds (``train/speakers.py``)."""

    a: float = 1.0
    b: float = 0.0

    def __call__(self, p: float) -> float:
        p = min(max(p, 1e-6), 1 - 1e-6)
        z = self.a * math.log(p / (1 - p)) + self.b
        return 1 / (1 + math.exp(-z)) if z > -700 else 0.0


@lru_cache(maxsize=8)
def load_decoding(name: str = "all") -> tuple[int, bool, Calibration | None]:
    """The beam width, whether explicit tags anchor their turns, and the calibration of the packaged weights
    ``resources/speakers/<name>.json`` (the default width, no anchors and none when the file does not say)."""
    try:
        path = resources.files("ficlens").joinpath(f"resources/speakers/{name}.json")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError):
        return BEAM_WIDTH, False, None
    cal = data.get("calibration")
    width, anchors = int(data.get("beam_width", BEAM_WIDTH)), bool(data.get("anchors", False))
    return width, anchors, (Calibration(cal["a"], cal["b"]) if cal else None)
