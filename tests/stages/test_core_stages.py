"""The literary core stage by stage (quotes, mentions, characters, speakers, addressees, quote pronouns, cast) on
small stories written for these tests, in the third person and past tense, and in the first person and present
tense; and the scorer registry."""

from __future__ import annotations

import pytest

import ficlens
from ficlens import Document
from ficlens.errors import PipelineError
from ficlens.model import CharacterHint
from ficlens.pipeline import Pipeline, default_stages, literary_core
from ficlens.stages.base import Context, Stage
from ficlens.stages.cast import CastStage, QuotePronounsStage
from ficlens.stages.characters import CharactersStage
from ficlens.stages.mentions import MentionsStage
from ficlens.stages.quotes import QuotesStage
from ficlens.stages.scorers import (
    HandPronounScorer,
    LinearSpeakerScorer,
    PerTurnSpeakerScorer,
    TurnCandidates,
    pronoun_scorer,
    register_speaker_scorer,
    speaker_scorer,
)
from ficlens.stages.speakers import AddresseesStage, SpeakersStage
from ficlens.stages.speakers_model import HAND_WEIGHTS, SpeakerModel

PAST = """Hana Sato put the kettle on. Her brother Kenji sat at the table.

"You look tired," Hana said.

"I am tired," said Kenji. He rubbed his eyes.

"Then go to bed, Kenji."
"""

PRESENT = """I open the door and Marguerite is already there. She holds out a letter.

"This came for you," Marguerite says.

"Who sends me letters?" I ask.

Marguerite shrugs. "Read it and see."
"""


@pytest.fixture(scope="module")
def past() -> Document:
    return ficlens.analyze(PAST, characters=False)


@pytest.fixture(scope="module")
def present() -> Document:
    return ficlens.analyze(PRESENT, characters=False)


def run(doc: Document, *stages: Stage) -> Document:
    for stage in stages:
        doc = stage(doc, Context())
    return doc


def upto(doc: Document, name: str, **kw: object) -> Document:
    """``doc`` after the literary core's stages up to and including ``name``."""
    for stage in literary_core(**kw):  # type: ignore[arg-type]
        doc = stage(doc, Context())
        if stage.name == name:
            return doc
    raise AssertionError(name)


def texts(doc: Document, layer: str) -> list[str]:
    return [doc.span_text(r) for r in doc.layer(layer)]


# ---------------------------------------------------------------------------------------------- quotes


def test_quotes_are_found_with_their_paragraph_and_no_speaker(past: Document) -> None:
    doc = run(past, QuotesStage())
    assert texts(doc, "quotes") == ['"You look tired,"', '"I am tired,"', '"Then go to bed, Kenji."']
    assert [q.paragraph for q in doc.layer("quotes")] == [1, 2, 3]
    assert all(q.speaker == -1 and q.method == "" and q.source == "quotes@1" for q in doc.layer("quotes"))


def test_given_quotes_replace_detection(past: Document) -> None:
    start = PAST.index('"I am')
    doc = run(past, QuotesStage(given=[(start, start + 13, 7)]))
    (q,) = doc.layer("quotes")
    assert (doc.span_text(q), q.utterance, q.paragraph) == ('"I am tired,"', 7, 2)
    assert QuotesStage(given=[(0, 1, 0)]).version != QuotesStage().version


# ---------------------------------------------------------------------------------------------- mentions


def test_mentions_carry_what_the_words_say(past: Document) -> None:
    doc = run(past, QuotesStage(), MentionsStage())
    by_text = {doc.span_text(m): m for m in doc.layer("mentions")}
    assert by_text["Hana Sato"].kind == "name" and by_text["Hana Sato"].key == "Hana Sato"
    assert by_text["He"].gender == "he" and by_text["He"].person == 3
    assert by_text["I"].in_quote and by_text["I"].person == 1
    brother = by_text["Her brother Kenji"] if "Her brother Kenji" in by_text else by_text["Her brother"]
    assert brother.kind == "nominal" and brother.key == "brother" and brother.possessor >= 0
    assert all(m.character == -1 for m in doc.layer("mentions"))


def test_the_mentions_version_follows_the_lexicons(past: Document) -> None:
    assert MentionsStage().version == MentionsStage().version
    assert MentionsStage(person_nouns=frozenset({"keeper"})).version != MentionsStage().version


# ---------------------------------------------------------------------------------------------- characters


def test_characters_cluster_names_and_pronouns(past: Document) -> None:
    doc = upto(past, "characters")
    chars = doc.layer("characters")
    names = {c.name for c in chars}
    assert {"Hana Sato", "Kenji"} <= names
    kenji = next(c for c in chars if c.name == "Kenji")
    linked = [doc.span_text(m) for m in doc.layer("mentions") if m.character == kenji.id]
    assert "He" in linked and "his" in linked
    assert kenji.named and kenji.gender == "he/him"
    # "I" inside a quotation is not linked yet: that is the quote-pronoun step's
    (i,) = [m for m in doc.layer("mentions") if doc.span_text(m) == "I"]
    assert i.character == -1


def test_first_person_narration_is_the_narrator(present: Document) -> None:
    doc = upto(present, "characters")
    narrator = [c for c in doc.layer("characters") if c.narrator]
    assert len(narrator) == 1
    mine = {doc.span_text(m) for m in doc.layer("mentions") if m.character == narrator[0].id}
    assert "I" in mine


def test_the_hand_pronoun_scorer_is_a_scorer(past: Document) -> None:
    assert CharactersStage(pronoun_scorer="hand").version != CharactersStage().version
    doc = upto(past, "characters", pronoun_scorer="hand")
    assert {"Hana Sato", "Kenji"} <= {c.name for c in doc.layer("characters")}
    assert isinstance(pronoun_scorer("hand"), HandPronounScorer)


# ---------------------------------------------------------------------------------------------- speakers


def test_speakers_and_methods_past(past: Document) -> None:
    doc = upto(past, "speakers")
    chars = doc.layer("characters")
    quotes = doc.layer("quotes")
    assert [chars[q.speaker].name for q in quotes] == ["Hana Sato", "Kenji", "Hana Sato"]
    assert [q.method for q in quotes[:2]] == ["explicit", "explicit"]
    assert [q.turn for q in quotes] == [0, 1, 2]
    assert all(q.source.startswith("speakers@2+") and q.addressees == () for q in quotes)


def test_speakers_in_the_present_tense_first_person(present: Document) -> None:
    doc = ficlens.analyze(PRESENT)
    chars = doc.layer("characters")
    who = [chars[q.speaker].name if q.speaker >= 0 else None for q in doc.layer("quotes")]
    assert who == ["Marguerite", "narrator", "Marguerite"]
    quotes = doc.layer("quotes")
    assert [q.method for q in quotes[:2]] == ["explicit", "explicit"]  # "Marguerite says", "I ask"
    assert [chars[a].name for a in quotes[0].addressees][:1] == ["narrator"]
    assert [chars[a].name for a in quotes[1].addressees][:1] == ["Marguerite"]


# ---------------------------------------------------------------------------------------------- addressees


def test_addressees_are_a_stage_of_their_own(past: Document) -> None:
    before = upto(past, "speakers")
    doc = AddresseesStage()(before, Context())
    chars = doc.layer("characters")
    last = doc.layer("quotes")[-1]
    assert [chars[a].name for a in last.addressees][:1] == ["Kenji"]  # named vocatively
    assert [q.speaker for q in doc.layer("quotes")] == [q.speaker for q in before.layer("quotes")]


# ---------------------------------------------------------------------------------------------- quote pronouns, cast


def test_i_and_you_in_a_quote_are_linked_in_their_own_step(past: Document) -> None:
    before = upto(past, "addressees")
    doc = QuotePronounsStage()(before, Context())
    (i,) = [m for m in doc.layer("mentions") if doc.span_text(m) == "I"]
    (you,) = [m for m in doc.layer("mentions") if doc.span_text(m) == "You"]
    chars = doc.layer("characters")
    assert chars[i.character].name == "Kenji" and chars[you.character].name == "Kenji"
    assert i.source.startswith("quote_pronouns@")
    old = {c.id: c.mention_count for c in before.layer("characters")}
    assert sum(c.mention_count - old[c.id] for c in chars) == 2


def test_the_cast_keeps_characters_and_renumbers(past: Document) -> None:
    doc = run(upto(past, "quote_pronouns"), CastStage())
    chars = doc.layer("characters")
    assert [c.id for c in chars] == list(range(len(chars)))
    assert all(c.mention_count >= 1 for c in chars)
    assert chars[0].mention_count >= chars[-1].mention_count
    for m in doc.layer("mentions"):
        assert m.character < len(chars)
    hana = next(c for c in chars if c.name == "Hana Sato")
    assert hana.quotes == 2 and hana.agent  # she "put", "said"


def test_hints_name_a_character(past: Document) -> None:
    doc = Pipeline.build(literary_core(hints=[CharacterHint("Kenji Sato", ("Kenji",))]), provided=past.layers)(past)
    assert "Kenji Sato" in {c.name for c in doc.layer("characters")}


# ---------------------------------------------------------------------------------------------- scorers


class _FirstCandidate(PerTurnSpeakerScorer):
    name = "first"
    fingerprint = "first-1"

    def score_turn(self, turn: TurnCandidates) -> list[float]:
        return [1.0 if k == 0 else 0.0 for k in range(len(turn.candidates))]


def test_a_registered_speaker_scorer_runs_by_name(past: Document) -> None:
    register_speaker_scorer("first", _FirstCandidate)
    stages = default_stages(speaker_scorer="first")
    speakers = next(s for s in stages if s.name == "speakers")
    assert speakers.version != SpeakersStage().version
    doc = Pipeline.build(literary_core(speaker_scorer="first"), provided=past.layers)(past)
    assert all(q.speaker >= 0 for q in doc.layer("quotes"))


def test_unknown_scorers_are_refused_with_the_known_names() -> None:
    with pytest.raises(PipelineError, match="hand, linear"):
        speaker_scorer("no-such")
    with pytest.raises(PipelineError, match="unknown pronoun scorer"):
        default_stages(pronoun_scorer="no-such")


def test_scorer_fingerprints_go_into_the_versions() -> None:
    assert SpeakersStage("hand").version != SpeakersStage("linear").version
    alt = LinearSpeakerScorer(SpeakerModel(HAND_WEIGHTS), "hand", "other-bytes")
    assert SpeakersStage(alt).version != SpeakersStage("hand").version


def test_linked_is_replace_of_the_character() -> None:
    import dataclasses

    from ficlens.model import Mention
    from ficlens.stages.mentions import linked

    m = Mention(3, 9, source="mentions@1", score=0.5, kind="nominal", head=4, person=3, plural=True, in_quote=True,
                key="sire", title="", gender="he", definite=False, bare=True, possessor=2)  # fmt: skip
    assert linked(m, 7) == dataclasses.replace(m, character=7)
    assert linked(m, 7, "characters@1") == dataclasses.replace(m, character=7, source="characters@1")


def test_the_front_door_takes_scorers_by_name() -> None:
    import ficlens
    from ficlens.batch.version import pipeline_version
    from ficlens.config import PipelineConfig

    text = '"Are you coming?" Mara asked.\n\n"In a minute," said Tobias.\n'
    doc = ficlens.analyze(text, speaker_scorer="hand", pronoun_scorer="hand")
    speakers = [doc.layer("characters")[q.speaker].name for q in doc.layer("quotes")]
    assert speakers == ["Mara", "Tobias"]
    assert pipeline_version(PipelineConfig(speaker_scorer="hand")) != pipeline_version(PipelineConfig())
    with pytest.raises(PipelineError, match="unknown speaker scorer"):
        ficlens.analyze(text, speaker_scorer="no-such")
