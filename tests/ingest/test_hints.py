"""Character hints from AO3-style character and relationship tags (``ficlens.ingest.hints``), and their use by
``ficlens.analyze``. The story here is invented for this test."""

from __future__ import annotations

import pytest

import ficlens
from ficlens.ingest.hints import hints_from_tags, is_generic, merge_hints, strip_qualifier
from ficlens.model import CharacterHint


def _by_name(hints: list[CharacterHint]) -> dict[str, tuple[str, ...]]:
    return {h.name: h.aliases for h in hints}


def test_fandom_qualifier_is_dropped() -> None:
    assert _by_name(hints_from_tags(["Spike (Buffy the Vampire Slayer)", "Illyria (BtVS)"])) == {
        "Spike": (),
        "Illyria": (),
    }


def test_multi_word_names_give_first_and_last_name() -> None:
    hints = _by_name(hints_from_tags(["Willow Rosenberg", "Rupert Giles"]))
    assert hints == {"Willow Rosenberg": ("Willow", "Rosenberg"), "Rupert Giles": ("Rupert", "Giles")}


def test_parts_around_a_bar_name_one_character() -> None:
    (hint,) = hints_from_tags(["Fred | Winifred Burkle"])
    assert hint.name == "Winifred Burkle"
    assert set(hint.aliases) == {"Fred", "Winifred", "Burkle"}


def test_bar_with_a_qualifier() -> None:
    (hint,) = hints_from_tags(["Fred | Winifred Burkle (Angel: the Series)"])
    assert hint.name == "Winifred Burkle"
    assert "Fred" in hint.aliases


@pytest.mark.parametrize(
    "tag",
    [
        "Original Female Character(s)",
        "Original Male Character(s)",
        "Original Characters",
        "Original Character(s)",
        "Original Character",
        "Reader",
        "You",
        "Other(s)",
        "Others",
        "Various",
        "Everyone",
        "Original Female Character (Buffy the Vampire Slayer)",
    ],
)
def test_generic_tags_give_no_hint(tag: str) -> None:
    assert is_generic(tag)
    assert hints_from_tags([tag]) == []


def test_character_tags_are_not_generic() -> None:
    assert not is_generic("Spike (Buffy the Vampire Slayer)")
    assert not is_generic("Readerly Smith")


def test_a_word_two_characters_share_is_no_ones_alias() -> None:
    hints = _by_name(hints_from_tags(["Buffy Summers", "Dawn Summers", "Joyce Summers"]))
    assert hints == {"Buffy Summers": ("Buffy",), "Dawn Summers": ("Dawn",), "Joyce Summers": ("Joyce",)}


def test_titles_are_not_first_names() -> None:
    hints = _by_name(hints_from_tags(["Mr. Tolliver", "Dr. Jane Foster (Thor)", "Captain Ada Wren"]))
    assert hints == {
        "Mr. Tolliver": ("Tolliver",),
        "Dr. Jane Foster": ("Jane", "Foster"),
        "Captain Ada Wren": ("Ada", "Wren"),
    }


def test_quoted_nickname_is_an_alias() -> None:
    (hint,) = hints_from_tags(['James "Bucky" Barnes'])
    assert hint.name == "James Barnes"
    assert set(hint.aliases) == {"Bucky", "James", "Barnes"}


def test_apostrophes_are_not_quotes() -> None:
    (hint,) = hints_from_tags(["Miles O'Brien"])
    assert hint == CharacterHint("Miles O'Brien", ("Miles", "O'Brien"))


def test_lower_case_descriptions_are_not_names() -> None:
    assert _by_name(hints_from_tags(["Ines Calder", "the mule"])) == {"Ines Calder": ("Ines", "Calder")}


def test_the_example_tag_list() -> None:
    tags = [
        "Spike (Buffy the Vampire Slayer)",
        "Willow Rosenberg",
        "Rupert Giles",
        "Original Female Character(s)",
        "Original Characters",
        "Reader",
        "You",
        "Fred | Winifred Burkle",
        "Illyria (BtVS)",
    ]
    assert [h.name for h in hints_from_tags(tags)] == [
        "Spike",
        "Willow Rosenberg",
        "Rupert Giles",
        "Winifred Burkle",
        "Illyria",
    ]


def test_duplicate_tags_give_one_hint() -> None:
    assert [h.name for h in hints_from_tags(["Spike (BtVS)", "Spike (Buffy the Vampire Slayer)"])] == ["Spike"]


def test_relationships_add_the_characters_the_tags_leave_out() -> None:
    characters = ["Spike (Buffy the Vampire Slayer)", "Buffy Summers", "Willow Rosenberg"]
    relationships = ["Spike/Buffy Summers", "Willow Rosenberg & Tara Maclay (Buffy)", "Spike/Reader", "Willow/Kennedy"]
    hints = hints_from_tags(characters, [*relationships, "Buffy/Faith"])
    assert [h.name for h in hints] == ["Spike", "Buffy Summers", "Willow Rosenberg", "Tara Maclay", "Kennedy", "Faith"]


def test_strip_qualifier_keeps_the_plural_mark() -> None:
    assert strip_qualifier("Original Character(s)") == "Original Character(s)"
    assert strip_qualifier("  Spike   (Buffy the Vampire Slayer) ") == "Spike"


def test_merge_keeps_the_callers_hints_first() -> None:
    caller = [CharacterHint("Mara", ("Mara Quill",))]
    merged = merge_hints(caller, hints_from_tags(["Mara Quill", "Teodor Vance", "Quill Mercer"]))
    assert merged[0] == caller[0]
    assert [h.name for h in merged] == ["Mara", "Teodor Vance", "Quill Mercer"]


STORY_HEADER = """\
The Observatory Stairs by quillfeather
Fandom: Skyfall Academy
Characters: Mara Quill (Skyfall Academy), Teodor Vance
Rating: General Audiences
"""
# Mara is "Mara" in the narration and "Quill" to Teodor; her full name never appears.
STORY = """\
Mara pushed open the door of the observatory. The great telescope was already turned toward the north.

"Quill," Teodor said without looking up from his charts, "you are late again."

Mara hung her coat on the hook by the door. "The stairs are longer at night."

"The stairs are the same length they were this morning, Quill."

Mara laughed and sat down beside him. Teodor pushed a lens across the table, and Quill held it up to the lamp.

"Cracked," said Quill. "Someone has been careless."

Teodor frowned at the lens. Mara set it down very gently between them.
"""


def _character_of(doc: ficlens.Document, name: str) -> set[str]:
    """The names of the character one of whose names is ``name``."""
    found = [{n for n, _count in c.names} for c in doc.layer("characters") if name in {n for n, _ in c.names}]
    assert len(found) == 1, f"{name!r} is in {len(found)} characters"
    return found[0]


def test_analyze_uses_the_works_character_tags() -> None:
    doc = ficlens.read((STORY_HEADER + "\n" + STORY).encode("utf-8"))
    assert doc.source.format == "story-export"
    assert doc.meta.characters == ("Mara Quill (Skyfall Academy)", "Teodor Vance")
    analysed = ficlens.analyze(doc)
    assert {"Mara", "Quill"} <= _character_of(analysed, "Mara")
    assert "Teodor" not in _character_of(analysed, "Mara")
    # without the tags, nothing in the text says that Mara is Quill
    untagged = ficlens.analyze(doc, tag_hints=False)
    assert "Quill" not in _character_of(untagged, "Mara")
