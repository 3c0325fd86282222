"""Conversations decoded as a whole (``scorers.beam_decode``), explicit anchors, calibrated probabilities, letters
inside a conversation and tags by position (``stages/speakers.py``). Every text here is written for these tests."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

import ficlens
from ficlens.stages.scorers import BeamSpeakerScorer, PerTurnSpeakerScorer, TurnCandidates, anchor, beam_decode
from ficlens.stages.speakers import FEATURES, at_tag_position, letter_paragraphs
from ficlens.stages.speakers_model import Calibration, load_decoding
from ficlens.stages.tokenview import TokenView

N = len(FEATURES)


def feats(**on: float) -> tuple[float, ...]:
    return tuple(on.get(f, 0.0) for f in FEATURES)


class TwoTurns:
    """A conversation of two turns between characters 0 and 1. Turn 0 slightly prefers 0; turn 1 prefers whoever
    did not speak turn 0, strongly for 0 (so the best whole reading starts with 1)."""

    def __len__(self) -> int:
        return 2

    def candidates(self, k: int, previous: Sequence[int]) -> TurnCandidates:
        if k == 0:
            return TurnCandidates(0, (0, 1), (feats(prev1=0.2), feats()))
        strong = previous[0] == 1
        return TurnCandidates(1, (0, 1), (feats(prev2=3.0 if strong else 0.0), feats(prev2=0.0 if strong else 0.1)))


class Sum(PerTurnSpeakerScorer):
    name, fingerprint = "sum", "sum"

    def score_turn(self, turn: TurnCandidates) -> Sequence[float]:
        return [sum(f) for f in turn.features]


def test_the_beam_finds_the_better_whole_reading_that_greedy_misses() -> None:
    greedy = [d.speaker for d in beam_decode(Sum(), TwoTurns(), 1)]
    beam = [d.speaker for d in beam_decode(Sum(), TwoTurns(), 4)]
    assert greedy == [0, 1]
    assert beam == [1, 0]


def test_decisions_carry_their_probability() -> None:
    out = beam_decode(Sum(), TwoTurns(), 4)
    for d in out:
        assert 0.0 < d.score <= 1.0
    assert out[1].score == pytest.approx(1 / (1 + math.exp(-3.0)))


def test_an_explicit_tag_beside_the_quote_anchors_its_turn() -> None:
    tagged = TurnCandidates(0, (3, 5), (feats(explicit_name=1, explicit_name_near=1), feats(salience=9)))
    assert anchor(tagged) == 0
    both = TurnCandidates(0, (3, 5), (feats(explicit_name=1, explicit_name_near=1), feats(explicit_pronoun=1)))
    assert anchor(both) == -1  # two tags in the paragraph: no anchor

    class One:
        def __len__(self) -> int:
            return 1

        def candidates(self, k: int, previous: Sequence[int]) -> TurnCandidates:
            return tagged

    assert beam_decode(Sum(), One(), 4)[0].speaker == 5  # salience 9 beats the tag without anchors
    assert beam_decode(Sum(), One(), 4, anchors=True)[0].speaker == 3


def test_calibration_is_monotone_and_the_identity_by_default() -> None:
    assert Calibration()(0.73) == pytest.approx(0.73)
    cal = Calibration(0.8, -0.2)
    values = [cal(p / 10) for p in range(1, 10)]
    assert values == sorted(values) and all(0 < v < 1 for v in values)


def test_the_packaged_decoder_settings_are_read() -> None:
    width, anchors, calibration = load_decoding()
    assert width >= 1 and isinstance(anchors, bool) and calibration is not None
    scorer = BeamSpeakerScorer(Sum(), width, calibration, repr(calibration), anchors)
    assert scorer.fingerprint != BeamSpeakerScorer(Sum(), width + 1, calibration, repr(calibration)).fingerprint


LETTER = """Rosa came into the parlour with a letter. Daniel was mending a chair.

"It's from Uncle Harold," she said.

"Read it, then."

She unfolded the paper and read aloud.

My dear niece,

The farm is sold, and I am coming to live with you in the spring.

Your loving uncle,
Harold

Daniel put down his hammer. "The attic?"

"He means it kindly."
"""


def test_a_letter_is_found_and_does_not_end_the_conversation() -> None:
    doc = ficlens.analyze(LETTER)
    pars = doc.layer("paragraphs")
    letter = letter_paragraphs(doc.text, pars, {q.paragraph for q in doc.layer("quotes")})
    assert [doc.text[pars[p].start : pars[p].end].split()[0] for p in sorted(letter)] == ["My", "The", "Your"]
    names = {q.speaker: doc.layer("characters")[q.speaker].name for q in doc.layer("quotes")}
    said = [names[q.speaker] for q in doc.layer("quotes")]
    assert "Uncle Harold" not in said and "Harold" not in said  # the signature does not win the next reply
    assert said[-1] == "Rosa"


@pytest.mark.parametrize(
    ("text", "verb", "tags"),
    [
        ('Sissy came in.\n\nSissy submitted, "I should not mind."\n', "submitted", True),
        ('Tom came in.\n\n"Could be worse," Tom offered.\n', "offered", True),
        ('Tom came in.\n\n"Where now?" Tom turned away.\n', "turned", False),
        ('Tom came in.\n\n"Fine." Tom turned away.\n', "turned", False),
    ],
)
def test_any_verb_in_a_tags_place_tags(text: str, verb: str, tags: bool) -> None:
    doc = ficlens.analyze(text)
    tv = TokenView.cached(doc)
    v = tv.text.index(verb)
    assert at_tag_position(tv, v) is tags


@pytest.mark.parametrize(
    "text",
    [
        'Anna and Tom sat down.\n\n"Not yet," came the reply from Anna.\n',
        'Anna and Tom sat down.\n\n"Not yet." Anna\'s voice was soft.\n',
        # the parser takes "bellowed" for an adjective of the name: the inverted tag still names her
        'Anna and Tom sat down.\n\n"Not yet!" bellowed Anna, holding out the baby.\n',
    ],
)
def test_speech_nouns_and_mangled_tags_name_their_speaker(text: str) -> None:
    doc = ficlens.analyze(text)
    (q,) = doc.layer("quotes")
    assert doc.layer("characters")[q.speaker].name == "Anna" and q.method == "explicit"
