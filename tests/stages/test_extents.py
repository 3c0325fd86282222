"""How far a person mention reaches (LitBank's maximal noun phrase): the rule table, its keys and defaults, and
the packaged rules on real spaCy parses. Every sentence here is written for these tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources

import pytest

import ficlens
from ficlens import Document
from ficlens.stages.extents import ExtentRules, child_keys, load_extent_rules, np_extent
from ficlens.stages.tokenview import TokenView

# One sentence per paragraph, so that each is parsed on its own.
TEXT = """The woman who kept the lighthouse waved.

The old fisherman, who had lost his boat, sat by the fire.

The keeper of the light slept late.

The doctor, a tall woman, opened the door.

The doctor and the nurse arrived together.

She had never had such a friend before.

The girl, tired, sat down.

Nobody answered the door. Somebody else had taken the key.
"""

# --------------------------------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def doc() -> Document:
    return ficlens.analyze(TEXT)


@pytest.fixture(scope="module")
def tv(doc: Document) -> TokenView:
    return TokenView.of(doc)


def token_of(doc: Document, tv: TokenView, context: str, word: str) -> int:
    """The token index of ``word`` inside the first occurrence of ``context``."""
    start = doc.text.index(context) + context.index(word)
    return tv.start.index(start)


def extent_text(doc: Document, tv: TokenView, context: str, head: str, rules: ExtentRules | None = None) -> str:
    """The text of the phrase ``np_extent`` gives for head word ``head`` inside ``context``."""
    lo, hi = np_extent(tv, token_of(doc, tv, context, head), rules or load_extent_rules())
    return doc.text[tv.start[lo] : tv.end[hi]]


def mention_texts_in(doc: Document, context: str) -> list[str]:
    """The mentions (of the mentions layer) inside the first occurrence of ``context``, in text order."""
    lo = doc.text.index(context)
    hi = lo + len(context)
    return [doc.span_text(m) for m in doc.layer("mentions") if lo <= m.start and m.end <= hi]


@dataclass
class FakeTokens:
    """A hand-built parse for the key and default tests (no spaCy)."""

    lower: list[str]
    tag: list[str]
    dep: list[str]
    heads: list[int]
    children: list[list[int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.children = [[c for c, h in enumerate(self.heads) if h == i and c != i] for i in range(len(self.heads))]


# "the old man , who sailed" -- head "man" (2)
OLD_MAN = FakeTokens(
    lower=["the", "old", "man", ",", "who", "sailed"],
    tag=["DT", "JJ", "NN", ",", "WP", "VBD"],
    dep=["det", "amod", "ROOT", "punct", "nsubj", "relcl"],
    heads=[2, 2, 2, 2, 5, 2],
)
# "such a Ransome" -- a name head (NNP)
SUCH_NAME = FakeTokens(
    lower=["such", "a", "ransome"],
    tag=["PDT", "DT", "NNP"],
    dep=["predet", "det", "ROOT"],
    heads=[2, 2, 2],
)


# ----------------------------------------------------------------------------------------- keys and defaults


def test_child_keys_most_specific_first_with_the_word_for_a_determiner() -> None:
    assert child_keys(OLD_MAN, 2, 0) == ["L|det|n|noun|the", "L|det|n|noun", "L|det|n", "L|det"]


def test_child_keys_have_no_word_for_an_open_class_relation() -> None:
    assert child_keys(OLD_MAN, 2, 1) == ["L|amod|n|noun", "L|amod|n", "L|amod"]


def test_child_keys_mark_a_comma_between_head_and_dependent() -> None:
    # the relative clause is after the comma; the comma itself has nothing between it and the head
    assert child_keys(OLD_MAN, 2, 5) == ["R|relcl|c|noun", "R|relcl|c", "R|relcl"]
    assert child_keys(OLD_MAN, 2, 3) == ["R|punct|n|noun|,", "R|punct|n|noun", "R|punct|n", "R|punct"]


def test_child_keys_know_a_name_head() -> None:
    assert child_keys(SUCH_NAME, 2, 0) == ["L|predet|n|name|such", "L|predet|n|name", "L|predet|n", "L|predet"]
    assert child_keys(SUCH_NAME, 2, 1)[0] == "L|det|n|name|a"


def test_rules_fall_back_to_left_in_right_out_for_unknown_keys() -> None:
    rules = ExtentRules({"X|nothing": 1.0})
    assert all(rules.include(OLD_MAN, 2, c) for c in (0, 1))
    assert not any(rules.include(OLD_MAN, 2, c) for c in (3, 5))
    assert np_extent(OLD_MAN, 2, rules) == (0, 2)
    flipped = ExtentRules({}, default_left=False, default_right=True)
    assert not flipped.include(OLD_MAN, 2, 0) and flipped.include(OLD_MAN, 2, 5)


def test_the_most_specific_known_key_decides() -> None:
    # a general key decides when no more specific one is known ...
    assert not ExtentRules({"L|det": 0.2}).include(OLD_MAN, 2, 0)
    # ... and the word key beats it when it is
    assert ExtentRules({"L|det": 0.2, "L|det|n|noun|the": 0.9}).include(OLD_MAN, 2, 0)
    assert not ExtentRules({"L|det": 0.9, "L|det|n|noun|the": 0.1}).include(OLD_MAN, 2, 0)
    # 0.5 is in
    assert ExtentRules({"L|det|n|noun|the": 0.5}).include(OLD_MAN, 2, 0)


def test_the_first_dependent_left_out_ends_the_phrase_on_its_side() -> None:
    # "old" is out, so "the" (further from the head) is out too, whatever its own rate
    rules = ExtentRules({"L|amod": 0.0, "L|det": 1.0})
    assert np_extent(OLD_MAN, 2, rules) == (2, 2)


def test_a_core_range_is_always_inside() -> None:
    rules = ExtentRules({}, default_left=False, default_right=False)
    assert np_extent(OLD_MAN, 2, rules, core=(1, 2)) == (1, 2)


# -------------------------------------------------------------------------------------------- packaged files


def extent_files() -> list[str]:
    folder = resources.files("ficlens").joinpath("resources/extents")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".json") and p.name != "cv_scores.json")


def test_all_and_every_fold_file_is_there() -> None:
    assert extent_files() == sorted(["all.json", *(f"fold-{k}.json" for k in range(10))])


@pytest.mark.parametrize("name", extent_files())
def test_each_rule_file_parses_with_rates_in_the_unit_interval(name: str) -> None:
    data = json.loads(resources.files("ficlens").joinpath(f"resources/extents/{name}").read_text(encoding="utf-8"))
    rates = data["rates"]
    assert len(rates) > 100
    for key, rate in rates.items():
        assert 0.0 <= float(rate) <= 1.0, (key, rate)
        side, _dep, *rest = key.split("|")
        assert side in ("L", "R"), key
        if rest:
            assert rest[0] in ("c", "n"), key
        if len(rest) > 1:
            assert rest[1] in ("name", "noun"), key
    rules = load_extent_rules(name.removesuffix(".json"))
    assert isinstance(rules, ExtentRules) and rules.rates == {k: float(v) for k, v in rates.items()}


def test_a_fold_differs_from_all_and_both_are_cached() -> None:
    everything, fold = load_extent_rules("all"), load_extent_rules("fold-0")
    assert everything.rates and fold.rates and everything.rates != fold.rates
    assert load_extent_rules("all") is everything and load_extent_rules("fold-0") is fold
    with pytest.raises(FileNotFoundError):
        load_extent_rules("no-such-rules")


# --------------------------------------------------------------------------------- real parses, packaged rules


def test_a_relative_clause_is_inside_the_mention(doc: Document, tv: TokenView) -> None:
    sentence = "The woman who kept the lighthouse waved."
    assert extent_text(doc, tv, sentence, "woman") == "The woman who kept the lighthouse"
    assert mention_texts_in(doc, sentence) == ["The woman who kept the lighthouse"]


def test_a_relative_clause_after_a_comma_is_left_out(doc: Document, tv: TokenView) -> None:
    # LitBank's annotators are split on a non-restrictive relative; the learned rates leave it out (docs/characters.md)
    sentence = "The old fisherman, who had lost his boat, sat by the fire."
    assert extent_text(doc, tv, sentence, "fisherman") == "The old fisherman"


def test_a_prepositional_modifier_is_inside(doc: Document, tv: TokenView) -> None:
    sentence = "The keeper of the light slept late."
    assert extent_text(doc, tv, sentence, "keeper") == "The keeper of the light"
    assert mention_texts_in(doc, sentence) == ["The keeper of the light"]


def test_an_apposition_is_outside(doc: Document, tv: TokenView) -> None:
    sentence = "The doctor, a tall woman, opened the door."
    assert extent_text(doc, tv, sentence, "doctor") == "The doctor"
    # the apposition is a mention of its own
    assert mention_texts_in(doc, sentence) == ["The doctor", "a tall woman"]


def test_coordinated_nouns_are_two_mentions(doc: Document, tv: TokenView) -> None:
    sentence = "The doctor and the nurse arrived together."
    assert extent_text(doc, tv, sentence, "doctor") == "The doctor"
    assert extent_text(doc, tv, sentence, "nurse") == "the nurse"
    assert mention_texts_in(doc, sentence) == ["The doctor", "the nurse"]


def test_such_in_such_a_friend_is_taken_in(doc: Document, tv: TokenView) -> None:
    """The module docstring says "such" is left out, but the learned table takes a predeterminer "such" in
    (L|predet|n|noun|such = 0.63: LitBank's annotators took it in more often than not). Taking it in is a
    sensible maximal noun phrase, so this pins what the rules do; the docstring is the part that is wrong."""
    sentence = "She had never had such a friend before."
    assert load_extent_rules().rates["L|predet|n|noun|such"] >= 0.5
    assert extent_text(doc, tv, sentence, "friend") == "such a friend"
    assert "such a friend" in mention_texts_in(doc, sentence)


def test_a_comma_never_ends_or_opens_a_mention(doc: Document, tv: TokenView) -> None:
    # rules that take in every dependent would reach the comma after "tired"; it is trimmed
    greedy = ExtentRules({}, default_left=True, default_right=True)
    assert extent_text(doc, tv, "The girl, tired, sat down.", "girl", greedy) == "The girl, tired"
    assert extent_text(doc, tv, "The girl, tired, sat down.", "girl") == "The girl"
    for m in doc.layer("mentions"):
        text = doc.span_text(m)
        assert not text.endswith((",", ";", ":")) and not text.startswith((",", ";", ":")), text
    # and with the greedy rules, on every noun of the text
    for i in range(len(tv)):
        if tv.pos[i] in ("NOUN", "PROPN", "PRON"):
            lo, hi = np_extent(tv, i, greedy)
            assert tv.lower[hi] not in (",", ";", ":") or hi == i, doc.text[tv.start[lo] : tv.end[hi]]
            assert tv.lower[lo] not in (",", ";", ":") or lo == i, doc.text[tv.start[lo] : tv.end[hi]]


# --------------------------------------------------------------------------------------- indefinite persons

INDEFINITE = "Nobody answered the door. Somebody else had taken the key.\n"


@pytest.fixture(scope="module")
def indefinite(doc: Document) -> Document:  # after ``doc``: spaCy is loaded once
    return ficlens.analyze(INDEFINITE)


def test_indefinite_persons_are_nominal_mentions(indefinite: Document) -> None:
    found = [(indefinite.span_text(m), m.kind) for m in indefinite.layer("mentions")]
    assert ("Nobody", "nominal") in found
    assert ("Somebody else", "nominal") in found  # "else" is inside the phrase


def test_indefinite_persons_are_not_characters(indefinite: Document) -> None:
    for m in indefinite.layer("mentions"):
        if indefinite.span_text(m) in ("Nobody", "Somebody else"):
            assert m.character == -1
    words = {"nobody", "somebody", "somebody else"}
    for c in indefinite.layer("characters"):
        assert c.name.lower() not in words
        assert not words & {e for e, _ in c.epithets}


def test_a_quantified_person_with_an_apposition_is_not_a_character(indefinite: Document) -> None:
    doc = ficlens.analyze("Everyone in the village, even the priest, had gone to the fair.\n")
    assert all(c.name.lower() != "everyone" for c in doc.layer("characters"))
