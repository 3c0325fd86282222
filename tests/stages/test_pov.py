"""Point of view per scene: a first-person narrator, a third-person limited focal character, or none.
All texts are written for these tests."""

from __future__ import annotations

import pytest

import ficlens
from ficlens import Document
from ficlens.model.records import Character

FIRST_PERSON = """I wake before the alarm and lie still, listening to the rain. My flatmate is already banging \
around in the kitchen, and I can smell burnt toast.

"Are you alive in there?" Marcus calls through the door.

"Barely," I say. I pull the blanket over my head, but I know it is hopeless. I get up, I find my socks, and I \
shuffle out into the hall.

Marcus hands me a mug of tea. He watches me drink it. I think he is worried about me, and I wonder what he knows.
"""

TWO_HOUSES = """Helena stood at the window and watched the carriage turn into the drive. She wondered who could be \
calling so late. She felt a cold knot of worry in her stomach, and she thought of her brother, still somewhere on \
the road from York.

The footman opened the door. Helena heard voices in the hall, and she knew at once that something was wrong. She \
remembered the letter she had burned that morning.

* * *

Across the valley, Tobias lay awake in the inn. He listened to the rain on the shutters and thought about the \
journey home. He knew his sister would be angry. He wondered whether she would ever forgive him.

He saw the lamp gutter and die, and he felt the dark close over him like water.

* * *

The rain fell on the empty road all night. By morning the river had risen over the ford, and the bridge at the \
mill was gone. The fields lay under brown water for miles.
"""


def named(doc: Document, name: str) -> Character:
    found = [c for c in doc.layer("characters") if name in dict(c.names)]
    assert len(found) == 1, [(c.name, dict(c.names)) for c in doc.layer("characters")]
    return found[0]


@pytest.fixture(scope="module")
def two_houses() -> Document:
    return ficlens.analyze(TWO_HOUSES)


def test_a_first_person_scene_is_the_narrators() -> None:
    doc = ficlens.analyze(FIRST_PERSON)
    (pov,) = doc.layer("pov")
    narrator = [c for c in doc.layer("characters") if c.narrator]
    assert len(narrator) == 1
    assert pov.mode == "first-person"
    assert pov.character == narrator[0].id
    assert (pov.start, pov.end) == (doc.layer("scenes")[0].start, doc.layer("scenes")[0].end)


def test_the_scenes_are_found(two_houses: Document) -> None:
    assert len(two_houses.layer("scenes")) == 3
    assert [p.scene for p in two_houses.layer("pov")] == [0, 1, 2]


def test_third_person_limited_follows_who_thinks_and_feels(two_houses: Document) -> None:
    pov = two_houses.layer("pov")[0]
    assert pov.mode == "third-person-limited"
    assert pov.character == named(two_houses, "Helena").id


def test_scenes_with_different_focal_characters(two_houses: Document) -> None:
    first, second = two_houses.layer("pov")[:2]
    assert (first.character, second.character) == (named(two_houses, "Helena").id, named(two_houses, "Tobias").id)
    assert second.mode == "third-person-limited"


def test_a_scene_without_people_has_no_point_of_view(two_houses: Document) -> None:
    pov = two_houses.layer("pov")[2]
    assert pov.mode == "none"
    assert pov.character == -1


def test_a_first_person_scene_and_a_third_person_scene_in_one_work() -> None:
    text = FIRST_PERSON + "\n* * *\n\n" + TWO_HOUSES.split("* * *")[1].strip() + "\n"
    doc = ficlens.analyze(text)
    first, second = doc.layer("pov")
    narrator = next(c for c in doc.layer("characters") if c.narrator)
    assert (first.mode, first.character) == ("first-person", narrator.id)
    assert (second.mode, second.character) == ("third-person-limited", named(doc, "Tobias").id)
