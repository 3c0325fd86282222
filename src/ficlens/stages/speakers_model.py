"""The speaker ranker's features and its linear model (weights by feature name; ``train/speakers.py`` learns them).

The speakers stage (:mod:`.speakers`) computes these features for every candidate of a turn; a scorer
(:mod:`.scorers`) turns them into scores.
"""

from __future__ import annotations

from functools import lru_cache

from .linear import LinearModel, load_weights

__all__ = ["FEATURES", "HAND_WEIGHTS", "NARRATOR_FEATURES", "SpeakerModel", "load_speaker_model"]

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
