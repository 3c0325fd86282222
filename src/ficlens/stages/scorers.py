"""The scorer seam of the literary core: who speaks a turn, which character a pronoun refers to.

The speakers stage (:mod:`.speakers`) builds, for each turn of dialogue, the candidate characters and their features
(:data:`.speakers.FEATURES`) and asks a :class:`SpeakerScorer` to decide; the characters stage asks a
:class:`PronounScorer` to score each (pronoun, earlier mention) pair that passes the hard constraints
(:data:`.antecedents.FEATURES`). A scorer is found by name (:func:`speaker_scorer`, :func:`pronoun_scorer`):
``"linear"`` is the packaged learned weights, ``"hand"`` the hand-set ones; :func:`register_speaker_scorer` and
:func:`register_pronoun_scorer` add others. A scorer's ``fingerprint`` goes into its stage's version, so that a
retrained or swapped scorer makes ``ficlens batch`` redo the works it affects.

A sequence decoder over a whole conversation implements :meth:`SpeakerScorer.decode`: the conversation gives the
candidates of any turn for any hypothesis about the speakers of the turns before it
(:meth:`Conversation.candidates`). Per-turn scorers inherit the greedy :meth:`PerTurnSpeakerScorer.decode`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ..errors import PipelineError
from .antecedents import FEATURES as PAIR_FEATURES
from .antecedents import PronounModel, load_pronoun_model
from .base import fingerprint, resource_bytes
from .speakers_model import FEATURES, HAND_WEIGHTS, SpeakerModel, load_decoding, load_speaker_model

__all__ = [
    "AntecedentPair",
    "BeamSpeakerScorer",
    "Conversation",
    "Decision",
    "LinearPronounScorer",
    "LinearSpeakerScorer",
    "PerTurnSpeakerScorer",
    "PronounScorer",
    "SpeakerScorer",
    "TracingPronounScorer",
    "TracingSpeakerScorer",
    "TurnCandidates",
    "anchor",
    "beam_decode",
    "pronoun_scorer",
    "register_pronoun_scorer",
    "register_speaker_scorer",
    "softmax",
    "speaker_scorer",
]

MENTIONS_PER_ENTITY = 3  # of each character in view, the learned pronoun scorer weighs the last three mentions


# ------------------------------------------------------------------------------------------------ speakers
@dataclass(frozen=True)
class TurnCandidates:
    """One turn's candidates: character ids (ascending) and a feature vector for each (``speakers.FEATURES``)."""

    turn: int  # index of the turn in reading order (before a paragraph with two tagged speakers is split)
    candidates: tuple[int, ...]
    features: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class Decision:
    """The speaker chosen for a turn (-1: none), its score, and its features (empty when none)."""

    speaker: int = -1
    score: float = 0.0
    features: tuple[float, ...] = ()


class Conversation(Protocol):
    """The turns of one conversation (turns at most two paragraphs apart), as the speakers stage offers them."""

    def __len__(self) -> int: ...

    def candidates(self, k: int, previous: Sequence[int]) -> TurnCandidates:
        """The candidates of turn ``k`` given the speakers ``previous`` chose for turns ``0..k-1``."""
        ...


@runtime_checkable
class SpeakerScorer(Protocol):
    name: str
    fingerprint: str

    def score_turn(self, turn: TurnCandidates) -> Sequence[float]:
        """One score per candidate of ``turn``."""
        ...

    def decode(self, conversation: Conversation) -> list[Decision]:
        """A decision for every turn of ``conversation``, in order."""
        ...


class PerTurnSpeakerScorer:
    """A scorer that decides each turn by itself: greedy decoding in reading order, the best score wins (the first
    candidate in id order on a tie)."""

    name: str = ""
    fingerprint: str = ""

    def score_turn(self, turn: TurnCandidates) -> Sequence[float]:
        raise NotImplementedError

    def decode(self, conversation: Conversation) -> list[Decision]:
        """Greedy: each turn's best candidate given the choices before it; its score is its softmax probability."""
        return beam_decode(self, conversation, 1)


def softmax(scores: Sequence[float]) -> list[float]:
    """The probabilities ``exp(s) / sum(exp)`` of a turn's candidate scores."""
    top = max(scores)
    e = [math.exp(s - top) for s in scores]
    z = sum(e)
    return [x / z for x in e]


@dataclass(frozen=True)
class _Path:
    logp: float
    chosen: tuple[int, ...]
    decisions: tuple[Decision, ...]


BEAM_FLOOR = 0.01  # a reading goes on with a candidate at least this probable (or the best one)
BEAM_PRUNE = math.log(1000)  # and is dropped when a thousand times less probable than the best reading
_ANCHOR = FEATURES.index("explicit_name_near")
_EXPLICIT = (FEATURES.index("explicit_name"), FEATURES.index("explicit_pronoun"))


def anchor(turn: TurnCandidates) -> int:
    """The index of the one candidate a speech tag names right beside the quotation ("'…,' said Tom") when no
    other candidate is tagged in the paragraph, else -1: an explicit anchor of the conversation."""
    named = [i for i, f in enumerate(turn.features) if f[_ANCHOR]]
    tagged = [i for i, f in enumerate(turn.features) if any(f[x] for x in _EXPLICIT)]
    return named[0] if len(named) == 1 and len(tagged) == 1 else -1


def beam_decode(scorer: SpeakerScorer, conversation: Conversation, width: int, anchors: bool = False) -> list[Decision]:
    """The most probable speakers of the whole conversation under ``scorer``'s per-turn softmax, by beam search
    over the readings of the turns so far (``width`` 1 is greedy; readings far less probable than the best are
    dropped early, :data:`BEAM_FLOOR`, :data:`BEAM_PRUNE`). With ``anchors``, a turn that a speech tag
    names (:func:`anchor`) goes to that candidate in every reading. Each decision's score is the probability of its
    speaker given the speakers the winning reading chose before it. Ties keep candidate (id) order."""
    paths = [_Path(0.0, (), ())]
    for k in range(len(conversation)):
        grown: list[_Path] = []
        for path in paths:
            turn = conversation.candidates(k, path.chosen)
            if not turn.candidates:
                grown.append(_Path(path.logp, (*path.chosen, -1), (*path.decisions, Decision())))
                continue
            probs = softmax(scorer.score_turn(turn))
            fixed = anchor(turn) if anchors else -1
            ranked = sorted(range(len(probs)), key=lambda i: -probs[i])[:width]
            best = [fixed] if fixed >= 0 else [i for n, i in enumerate(ranked) if n == 0 or probs[i] >= BEAM_FLOOR]
            for i in best:
                d = Decision(turn.candidates[i], probs[i], turn.features[i])
                grown.append(_Path(path.logp + math.log(max(probs[i], 1e-300)), (*path.chosen, d.speaker),
                                   (*path.decisions, d)))  # fmt: skip
        grown.sort(key=lambda p: -p.logp)
        paths = [p for p in grown[:width] if p.logp >= grown[0].logp - BEAM_PRUNE]
    return list(paths[0].decisions)


class LinearSpeakerScorer(PerTurnSpeakerScorer):
    """A linear score over the features (:class:`.speakers_model.SpeakerModel`)."""

    def __init__(self, model: SpeakerModel, name: str, fingerprint_: str) -> None:
        self.model, self.name, self.fingerprint = model, name, fingerprint_

    def score_turn(self, turn: TurnCandidates) -> Sequence[float]:
        return [self.model.score(f) for f in turn.features]


class BeamSpeakerScorer(PerTurnSpeakerScorer):
    """Decodes each conversation as a whole (:func:`beam_decode` with ``width`` readings kept), scoring turns with
    ``inner``; each decision's probability goes through ``calibrate`` (fitted on held-out training turns)."""

    def __init__(self, inner: PerTurnSpeakerScorer, width: int, calibrate: Callable[[float], float] | None = None,
                 calibration_tag: str = "", anchors: bool = False) -> None:  # fmt: skip
        self.inner, self.width, self.calibrate, self.anchors = inner, width, calibrate, anchors
        self.name = inner.name
        self.fingerprint = fingerprint(f"{inner.fingerprint}|beam{width}|{calibration_tag}|anchors{anchors}")

    def score_turn(self, turn: TurnCandidates) -> Sequence[float]:
        return self.inner.score_turn(turn)

    def decode(self, conversation: Conversation) -> list[Decision]:
        out = beam_decode(self.inner, conversation, self.width, self.anchors)
        calibrate = self.calibrate
        if calibrate is None:
            return out
        return [Decision(d.speaker, calibrate(d.score), d.features) if d.speaker >= 0 else d for d in out]


class TracingSpeakerScorer(PerTurnSpeakerScorer):
    """Wraps a per-turn scorer and records ``(turn, character, features)`` of every candidate it scores (training)."""

    def __init__(self, inner: PerTurnSpeakerScorer) -> None:
        self.inner, self.name, self.fingerprint = inner, inner.name, inner.fingerprint
        self.trace: list[tuple[int, int, list[float]]] = []

    def score_turn(self, turn: TurnCandidates) -> Sequence[float]:
        self.trace.extend((turn.turn, eid, list(f)) for eid, f in zip(turn.candidates, turn.features, strict=True))
        return self.inner.score_turn(turn)


def _linear_speakers() -> SpeakerScorer:
    """The packaged weights, decoded a conversation at a time, with calibrated probabilities."""
    inner = LinearSpeakerScorer(load_speaker_model(), "linear", fingerprint(resource_bytes("speakers/all.json")))
    width, anchors, calibration = load_decoding()
    return BeamSpeakerScorer(inner, width, calibration, repr(calibration), anchors)


def _hand_speakers() -> SpeakerScorer:
    return LinearSpeakerScorer(
        SpeakerModel(HAND_WEIGHTS), "hand", fingerprint(json.dumps(HAND_WEIGHTS, sort_keys=True))
    )


# ------------------------------------------------------------------------------------------------ pronouns
@dataclass(frozen=True)
class AntecedentPair:
    """A pronoun and an earlier mention of a character that passes agreement and binding."""

    pronoun: int  # index into the mentions
    mention: int  # the earlier mention
    character: int  # the character it belongs to (so far)
    distance: int  # sentences between them
    features: tuple[float, ...]  # ``antecedents.FEATURES``, in order


@runtime_checkable
class PronounScorer(Protocol):
    name: str
    fingerprint: str
    mentions_per_entity: int | None  # weigh only each character's last N mentions (None: all of them)

    def score(self, pair: AntecedentPair) -> float: ...


class LinearPronounScorer:
    """A logistic-regression logit over the pair features (:class:`.antecedents.PronounModel`)."""

    mentions_per_entity: int | None = MENTIONS_PER_ENTITY

    def __init__(self, model: PronounModel, name: str, fingerprint_: str) -> None:
        self.model, self.name, self.fingerprint = model, name, fingerprint_

    def score(self, pair: AntecedentPair) -> float:
        return self.model.score(pair.features)


_F = {f: i for i, f in enumerate(PAIR_FEATURES)}


def hand_pair_score(distance: int, f: Sequence[float]) -> float:
    """The hand-set score: near, a subject, a name, agreeing, in the same voice, salient in the scene."""
    score = -1.0 * distance
    if f[_F["o_subj"]]:
        score += 1.0
    if f[_F["o_name"]]:
        score += 0.5
    if f[_F["gender_unknown"]]:
        score -= 1.5
    if f[_F["quote_mismatch"]]:
        score -= 0.5
    return score + (0.3 * f[_F["scene_count"]] + (0.75 if f[_F["focal"]] else 0.0))


class HandPronounScorer:
    name = "hand"
    fingerprint = fingerprint("hand-pronouns-1")
    mentions_per_entity: int | None = None

    def score(self, pair: AntecedentPair) -> float:
        return hand_pair_score(pair.distance, pair.features)


class TracingPronounScorer:
    """Wraps a pronoun scorer and records ``(pronoun, mention, features)`` of every pair it scores (training). Like
    the learned scorer, it weighs each character's last three mentions only."""

    mentions_per_entity: int | None = MENTIONS_PER_ENTITY

    def __init__(self, inner: PronounScorer) -> None:
        self.inner, self.name, self.fingerprint = inner, inner.name, inner.fingerprint
        self.trace: list[tuple[int, int, list[float]]] = []

    def score(self, pair: AntecedentPair) -> float:
        self.trace.append((pair.pronoun, pair.mention, list(pair.features)))
        return self.inner.score(pair)


def linear_pronoun_scorer(weights: str = "all") -> PronounScorer:
    """The packaged weights ``resources/pronouns/<weights>.json`` (the hand-set scorer when there are none)."""
    model = load_pronoun_model() if weights == "all" else load_pronoun_model(weights)
    if model is None:
        return HandPronounScorer()
    name = "linear" if weights == "all" else f"linear:{weights}"
    return LinearPronounScorer(model, name, fingerprint(resource_bytes(f"pronouns/{weights}.json")))


# ------------------------------------------------------------------------------------------------ the registry
_SPEAKERS: dict[str, Callable[[], SpeakerScorer]] = {"linear": _linear_speakers, "hand": _hand_speakers}
_PRONOUNS: dict[str, Callable[[], PronounScorer]] = {"linear": linear_pronoun_scorer, "hand": HandPronounScorer}


def register_speaker_scorer(name: str, factory: Callable[[], SpeakerScorer]) -> None:
    """Make ``speaker_scorer(name)`` (and ``default_stages(speaker_scorer=name)``) build a scorer with ``factory``."""
    _SPEAKERS[name] = factory


def register_pronoun_scorer(name: str, factory: Callable[[], PronounScorer]) -> None:
    """Make ``pronoun_scorer(name)`` (and ``default_stages(pronoun_scorer=name)``) build a scorer with ``factory``."""
    _PRONOUNS[name] = factory


def _lookup(kind: str, table: dict[str, Callable[[], object]], name: str) -> object:
    factory = table.get(name)
    if factory is None:
        raise PipelineError(
            f"unknown {kind} scorer {name!r}", hint=f"use one of: {', '.join(sorted(table))} (or register yours)"
        )
    return factory()


def speaker_scorer(scorer: str | SpeakerScorer = "linear") -> SpeakerScorer:
    """A speaker scorer by name (or the scorer itself); raises :class:`PipelineError` for an unknown name."""
    return scorer if not isinstance(scorer, str) else _lookup("speaker", _SPEAKERS, scorer)  # type: ignore[return-value,arg-type]


def pronoun_scorer(scorer: str | PronounScorer = "linear") -> PronounScorer:
    """A pronoun antecedent scorer by name (or the scorer itself); raises :class:`PipelineError` if unknown."""
    return scorer if not isinstance(scorer, str) else _lookup("pronoun", _PRONOUNS, scorer)  # type: ignore[return-value,arg-type]
