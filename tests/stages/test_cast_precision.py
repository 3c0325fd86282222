"""The cast holds people: interjections, things and salutations are not characters; kin with an owner are someone
else; a first-person narrator addressed once by name takes the name. Stories in tests/data/cast, written for
these tests, with their whole casts annotated by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

import ficlens
from ficlens.evaluation import cast
from ficlens.ingest import from_text
from ficlens.model import Character, Document

CAST = Path(__file__).resolve().parents[1] / "data" / "cast"


def story(name: str) -> Document:
    return ficlens.analyze(from_text((CAST / f"{name}.txt").read_text(encoding="utf-8"), format="plain"))


def names(doc: Document) -> set[str]:
    return {n for c in doc.layer("characters") for n, _ in c.names}


@pytest.mark.parametrize("word", ["Huh", "Mmm", "Peachy", "Marigold"])
def test_interjections_and_things_are_not_characters(word: str) -> None:
    assert word not in names(story("airport"))


def test_a_narrator_addressed_once_by_name_takes_the_name() -> None:
    doc = story("airport")
    narrator = next(c for c in doc.layer("characters") if c.narrator)
    assert narrator.name == "Mary"
    assert sum(1 for c in doc.layer("characters") if "Mary" in dict(c.names)) == 1


def test_a_salutation_is_not_part_of_the_name() -> None:
    doc = story("letters")
    assert "Dear Anna" not in names(doc)
    assert any(c.name == "Anna Fairweather" for c in doc.layer("characters"))


@pytest.mark.xfail(
    strict=True,
    reason="with no relation, name or subject to link it, an owned kin noun falls back to the best candidate in view "
    "that is not the owner ('Gray's mom' -> Jenny): without that fallback PDNC dev e2e speaker F1 falls "
    "(Where Angels Fear to Tread 0.744 -> 0.725), since there 'her husband' is mostly the man in view",
)
def test_an_owned_kin_noun_is_not_attached_to_someone_in_view() -> None:
    doc = story("gray")
    jenny = next(c for c in doc.layer("characters") if "Jenny" in dict(c.names))
    rupert = next(c for c in doc.layer("characters") if "Rupert" in dict(c.names))
    for c in (jenny, rupert):
        assert not {"gray's mom", "his mother"} & {e for e, _ in c.epithets}


def test_an_owned_kin_noun_is_never_its_owner() -> None:
    doc = story("gray")
    rupert = next(c for c in doc.layer("characters") if "Rupert" in dict(c.names))
    assert not {"gray's mom", "his mother"} & {e for e, _ in rupert.epithets}


def test_a_bare_title_joins_the_one_character_written_with_it() -> None:
    doc = story("station")
    assert "Captain" not in {c.name for c in doc.layer("characters")}
    assert "Captain" in dict(next(c for c in doc.layer("characters") if "Varga" in dict(c.names)).names)


def test_indefinite_people_are_not_characters() -> None:
    assert "everyone" not in {c.name for c in story("sandy").layer("characters")}


def test_cast_precision_on_the_annotated_stories() -> None:
    total = cast.total(cast.run_cast(CAST).values())
    assert total.precision >= 0.85, total.wrong  # 0.575 before issue 13; 0.885 when written


def test_score_cast_counts_a_split_person_once() -> None:
    gold = (cast.GoldCharacter("Anna Fairweather", ("Anna",)), cast.GoldCharacter("demons", group=True))
    predicted = [
        Character(id=0, name="Anna Fairweather", names=(("Anna", 5),), mention_count=9),
        Character(id=1, name="Dear Anna", names=(("Dear Anna", 1),), mention_count=1),
        Character(id=2, name="Huh", names=(("Huh", 1),), mention_count=1),
        Character(id=3, name="the demons", group=True, mention_count=4),
    ]
    score = cast.score_cast(predicted, gold)
    assert (score.predicted, score.matched, score.wrong) == (3, 1, ("Dear Anna", "Huh"))


def test_people_share_judges_any_name_of_a_character() -> None:
    judged = {"people": {"Miss Morland"}, "not_people": {"Nay"}}
    chars = [
        Character(id=0, name="Catherine Morland", names=(("Miss Morland", 9),), mention_count=9),
        Character(id=1, name="Nay", names=(("Nay", 3),), mention_count=3),
        Character(id=2, name="Udolpho", names=(("Udolpho", 2),), mention_count=2),
        Character(id=3, name="Zed", names=(("Zed", 4),), mention_count=4),
    ]
    score = cast.score_people(chars, judged)
    assert (score.people, score.not_people, score.unjudged) == (1, ("Nay",), ("Zed",))


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        ({"Harry": 600, "Harold Someone": 2}, "Harry"),  # a nickname table never renames
        ({"Anna": 70, "Anna Fairweather": 1}, "Anna Fairweather"),
        ({"Miss Morland": 90, "Catherine": 120, "Catherine Morland": 40}, "Catherine Morland"),
        ({"Mother Gull": 11, "Nell Gull": 1}, "Mother Gull"),
        ({"Ben": 15, "Benedict Ashgrove": 2, "Ben Ashgrove": 1}, "Benedict Ashgrove"),
        ({"Bauer": 262, "Frau Bauer": 1}, "Bauer"),
    ],
)
def test_the_name_shown_is_the_one_readers_use(names: dict[str, int], shown: str) -> None:
    from collections import Counter

    from ficlens.stages.characters import reader_name

    assert reader_name(Counter(names)) == shown


def test_a_they_them_character_keeps_their_pronouns_and_the_group_stays_a_group() -> None:
    doc = story("demons")
    ash = next(c for c in doc.layer("characters") if c.name == "Ash")
    assert ash.gender == "they/them"
    assert all(c.group for c in doc.layer("characters") if "demons" in c.name)
