"""The structure stage on short stories written for these tests: chapters, scenes, scene breaks, paragraphs."""

from __future__ import annotations

from itertools import pairwise

import pytest

import ficlens
from ficlens.model import Document
from ficlens.text.headings import is_separator, parse_heading


def structure(text: str) -> Document:
    doc = ficlens.analyze(text, syntax=False)
    assert doc.text == text  # the stored text is the text as given
    assert_consistent(doc)
    for p in doc.layer("paragraphs"):
        for line in doc.span_text(p).split("\n"):
            assert parse_heading(line) is None, f"heading {line!r} inside a paragraph"
            assert not is_separator(line), f"separator {line!r} inside a paragraph"
    return doc


def paragraphs(doc: Document) -> list[str]:
    return list(doc.texts("paragraphs"))


def assert_consistent(doc: Document) -> None:
    """Properties every analysed document has, whatever its shape."""
    chapters, scenes = doc.layer("chapters"), doc.layer("scenes")
    paras, breaks = doc.layer("paragraphs"), doc.layer("scene_breaks")
    for layer in (chapters, scenes, paras, breaks):
        for rec in layer:
            assert rec.source == "structure@2"
        # records come in document order and do not overlap
        for a, b in pairwise(layer):
            assert a.end <= b.start
    for p in paras:
        assert scenes[p.scene].contains(p), f"paragraph {doc.span_text(p)!r} lies outside its scene"
        text = doc.span_text(p)
        assert text == text.strip() and text
        assert any(r.contains(p) for r in doc.body_regions()), f"paragraph {text!r} lies outside the story body"
    for s in scenes:
        assert chapters[s.chapter].contains(s), "a scene lies outside its chapter"
        assert any(p.start == s.start for p in paras) and any(p.end == s.end for p in paras)
    for c in chapters:
        assert c.heading_end is not None and c.start <= c.heading_end <= c.end
    # headings and separators are never part of a paragraph
    markers = [(c.start, c.heading_end) for c in chapters if c.heading_end > c.start]
    markers += [(b.start, b.end) for b in breaks if b.kind == "separator"]
    for start, end in markers:
        for p in paras:
            assert end <= p.start or p.end <= start, f"paragraph {doc.span_text(p)!r} holds {doc.text[start:end]!r}"


# -- chapters ------------------------------------------------------------------------------------------

CHAPTERED = """Chapter 1

Mara found the key under the loose brick on a Tuesday, which was the wrong day for finding anything.

She turned it over twice. It was warm, as if someone had only just let go of it.

Chapter Two: The Return

The door at the end of Fenwick Lane had been painted shut for as long as anyone could remember.

Mara went back at dusk with the key in her fist and her brother's torch in her pocket.

Part III

Nobody in the village spoke of the door again, though the paint never quite dried.
"""


def test_chapter_headings_give_chapters_with_numbers_and_titles() -> None:
    doc = structure(CHAPTERED)
    chapters = doc.layer("chapters")
    assert [c.number for c in chapters] == [1, 2, 3]
    assert [c.title for c in chapters] == ["Chapter 1", "Chapter Two: The Return", "Part III"]
    assert [doc.text[c.start : c.heading_end] for c in chapters] == [c.title for c in chapters]
    assert doc.text[chapters[2].start : chapters[2].end] == (
        "Part III\n\nNobody in the village spoke of the door again, though the paint never quite dried."
    )
    assert [s.chapter for s in doc.layer("scenes")] == [0, 1, 2]
    assert len(paragraphs(doc)) == 5
    assert paragraphs(doc)[2].startswith("The door at the end of Fenwick Lane")


def test_heading_with_its_title_on_the_next_line() -> None:
    doc = structure(
        "CHAPTER IV\n\nTHE STORM\n\nThe wind had been rising since noon, and by dusk it was tearing slates loose.\n\n"
        "Chapter 5\nAn Ending\n\nNobody slept that night, not even the dog.\n"
    )
    chapters = doc.layer("chapters")
    assert [(c.number, c.title) for c in chapters] == [(4, "CHAPTER IV: THE STORM"), (5, "Chapter 5: An Ending")]
    assert paragraphs(doc) == [
        "The wind had been rising since noon, and by dusk it was tearing slates loose.",
        "Nobody slept that night, not even the dog.",
    ]


def test_text_before_the_first_heading_is_a_chapter_without_a_heading() -> None:
    doc = structure("Before anything else, you should know that I lied.\n\nChapter 1\n\nI lied about the dog.\n")
    chapters = doc.layer("chapters")
    assert [(c.number, c.title) for c in chapters] == [(None, None), (1, "Chapter 1")]
    assert chapters[0].heading_end == chapters[0].start


TOC_BODY = """Chapter 1: Salt

I wake before the alarm and lie still, listening to the gulls argue on the roof.

Chapter 2: Smoke

The kettle screams. I let it, because screaming is something I am not allowed to do.

Chapter 3: Silence

By noon the house is quiet and I am the only thing in it still moving.
"""


@pytest.mark.parametrize(
    "toc",
    [
        "Chapter 1: Salt\n\nChapter 2: Smoke\n\nChapter 3: Silence\n\n",  # one entry per block
        "Chapter 1: Salt\nChapter 2: Smoke\nChapter 3: Silence\n\n",  # entries on consecutive lines
        "Contents\n\nChapter 1: Salt\n\nChapter 2: Smoke\n\nChapter 3: Silence\n\n",  # with its label
    ],
    ids=["blocks", "lines", "labelled"],
)
def test_table_of_contents_gives_no_chapters(toc: str) -> None:
    doc = structure(toc + TOC_BODY)
    chapters = doc.layer("chapters")
    assert [c.title for c in chapters] == ["Chapter 1: Salt", "Chapter 2: Smoke", "Chapter 3: Silence"]
    assert chapters[0].start == len(toc)  # the first chapter starts at the real heading, after the TOC
    assert paragraphs(doc)[0].startswith("I wake before the alarm")
    assert len(paragraphs(doc)) == 3


FANFICFARE = """


The Salt Road

by inkwell_owl



Category: Original Work
Rating: General Audiences
Chapters: 2
Words: 64





TABLE OF CONTENTS


Leaving Harrow

Chapter 2: The Long Way Back




\tLeaving Harrow


Wren packed the last of the bread and tied the bundle twice, because her mother had always tied things twice.

The cart was waiting at the crossroads, exactly where the miller had promised it would be.




\tChapter 2: The Long Way Back


They came home by the coast road, which took a week longer and was worth every day of it.




End file.

"""


def test_fanficfare_indented_chapter_titles() -> None:
    doc = structure(FANFICFARE)
    assert doc.source.format == "fanficfare-txt"
    chapters = doc.layer("chapters")
    assert [(c.number, c.title) for c in chapters] == [(None, "Leaving Harrow"), (2, "Chapter 2: The Long Way Back")]
    assert [doc.text[c.start : c.heading_end] for c in chapters] == ["Leaving Harrow", "Chapter 2: The Long Way Back"]
    assert len(paragraphs(doc)) == 3
    assert not any("TABLE OF CONTENTS" in p or "End file." in p or "Rating" in p for p in paragraphs(doc))


@pytest.mark.parametrize(
    "line", ["Chapter one was long.", "Part of me wanted to stay.", "“Chapter three,” he read.", "Prologue was boring."]
)
def test_sentences_that_start_like_headings_stay_paragraphs(line: str) -> None:
    doc = structure(f"Chapter 1\n\nWe read the whole book aloud that winter.\n\n{line}\n\nThen we started again.\n")
    assert len(doc.layer("chapters")) == 1
    assert line in paragraphs(doc)


# -- scene breaks --------------------------------------------------------------------------------------

SEPARATORS = ["***", "* * *", "~~~", "----", "o0o", "#", "      ❦"]

SECOND_PERSON = """You wake to rain on the skylight and the smell of someone else's coffee.

***

You find the note on the fridge, held up by a magnet shaped like a lemon.

* * *

You read it three times before the words agree to mean anything.

~~~

You call her. It rings out.

----

You take the bus to the coast because it is the only thing you can think of.

o0o

You stand on the pier until your hands go numb.

#

You go home.

      ❦

You sleep, finally, with the light on.
"""


def test_every_separator_style_breaks_a_scene() -> None:
    doc = structure(SECOND_PERSON)
    breaks = doc.layer("scene_breaks")
    assert [doc.span_text(b) for b in breaks] == [s.strip() for s in SEPARATORS]
    assert {b.kind for b in breaks} == {"separator"}
    scenes = doc.layer("scenes")
    assert len(scenes) == 8
    assert [s.opened_by for s in scenes] == ["start"] + ["separator"] * 7
    assert [doc.span_text(s) for s in scenes][3] == "You call her. It rings out."
    assert len(doc.layer("chapters")) == 1


@pytest.mark.parametrize("separator", SEPARATORS)
def test_each_separator_alone(separator: str) -> None:
    doc = structure(f"You open the door.\n\nYou regret it.\n\n{separator}\n\nYou close the door again.\n")
    assert len(doc.layer("scenes")) == 2
    assert [doc.span_text(b) for b in doc.layer("scene_breaks")] == [separator.strip()]
    assert paragraphs(doc) == ["You open the door.", "You regret it.", "You close the door again."]


TRAIN = [
    "The train was late, and Oskar had counted every pigeon on the platform twice.",
    "When it came at last it was nearly empty, which suited him.",
    "He took a window seat and watched the town slide away.",
    "By the time they reached Dunmore the sky had gone the colour of old pewter.",
    "Oskar stepped down onto the wet platform and did not look back.",
]


def spaced(gap: str, scene_gap: str) -> str:
    """The train story with ``gap`` between paragraphs and ``scene_gap`` before the fourth."""
    return gap.join(TRAIN[:3]) + scene_gap + gap.join(TRAIN[3:]) + "\n"


SINGLE_SPACED = spaced("\n\n", "\n\n\n")


def test_two_blank_lines_break_a_scene_when_paragraphs_have_one() -> None:
    doc = structure(SINGLE_SPACED)
    scenes = doc.layer("scenes")
    assert [s.opened_by for s in scenes] == ["start", "blank-lines"]
    assert doc.span_text(scenes[1]).startswith("By the time they reached Dunmore")
    (brk,) = doc.layer("scene_breaks")
    assert brk.kind == "blank-lines"
    assert doc.span_text(brk).strip() == ""
    assert [p.scene for p in doc.layer("paragraphs")] == [0, 0, 0, 1, 1]


def test_lines_of_spaces_count_as_blank() -> None:
    doc = structure(SINGLE_SPACED.replace("away.\n\n\n", "away.\n   \n\t\n"))
    assert [s.opened_by for s in doc.layer("scenes")] == ["start", "blank-lines"]


def test_double_spaced_text_has_no_blank_line_breaks() -> None:
    doc = structure(spaced("\n\n\n", "\n\n\n"))
    assert len(doc.layer("scenes")) == 1
    assert doc.layer("scene_breaks") == ()
    assert paragraphs(doc) == TRAIN


def test_double_spaced_text_breaks_at_a_longer_gap() -> None:
    doc = structure(spaced("\n\n\n", "\n\n\n\n"))
    assert [s.opened_by for s in doc.layer("scenes")] == ["start", "blank-lines"]
    assert paragraphs(doc) == TRAIN


def test_blank_lines_before_a_heading_are_not_a_scene_break() -> None:
    doc = structure("She ran.\n\nHe followed.\n\n\nChapter 2\n\nThey stopped.\n\nThen they went on.\n")
    assert doc.layer("scene_breaks") == ()
    assert [s.opened_by for s in doc.layer("scenes")] == ["start", "start"]


def test_scene_breaks_inside_chapters() -> None:
    doc = structure(CHAPTERED.replace("pocket.", "pocket.\n\n* * *\n\nThe lock turned without a sound."))
    scenes = doc.layer("scenes")
    assert [(s.chapter, s.opened_by) for s in scenes] == [(0, "start"), (1, "start"), (1, "separator"), (2, "start")]
    assert doc.span_text(scenes[2]) == "The lock turned without a sound."


# -- paragraphs ----------------------------------------------------------------------------------------

HARD_WRAPPED = """The lighthouse keeper's daughter had never once been out of sight of
the lamp, and she said so, loudly, to anyone on the quay who would
listen to her for more than a minute at a time.

Her father only laughed. He said the lamp had never once been out of
sight of her either, and that it was a fair arrangement on the whole,
and then he went back to mending the nets.

On the morning the fog came in she walked to the end of the breakwater
and kept walking.
"""


def test_hard_wrapped_text_has_one_paragraph_per_block() -> None:
    doc = structure(HARD_WRAPPED)
    assert paragraphs(doc) == [block.strip() for block in HARD_WRAPPED.split("\n\n")]
    assert paragraphs(doc)[0].count("\n") == 2
    assert len(doc.layer("scenes")) == 1


LINE_LONG_1 = (
    "I am standing at the bus stop when the first snow of the year starts to fall, thin and uncertain, as though it "
    "has not yet decided whether it means it."
)
LINE_LONG_2 = (
    "He snorts and pulls his scarf up over his nose, and for a while neither of us says anything at all, which is the "
    "nicest thing about Dev."
)
LINE_LONG_3 = (
    "When the bus finally comes it is full of steam and wet coats and a dog that looks at me as if it knows what I did."
)
UNWRAPPED_LINES = [
    LINE_LONG_1,
    "“You’re late,” says Dev.",
    "“The bus is late. I’m exactly on time.”",
    LINE_LONG_2,
    LINE_LONG_3,
    "I sit at the back anyway.",
]


def test_unwrapped_text_has_one_paragraph_per_line() -> None:
    doc = structure("\n".join(UNWRAPPED_LINES) + "\n")
    assert paragraphs(doc) == UNWRAPPED_LINES
    assert len(doc.layer("scenes")) == 1


def test_unwrapped_text_with_blank_lines_between_paragraphs() -> None:
    doc = structure("\n\n".join(UNWRAPPED_LINES) + "\n")
    assert paragraphs(doc) == UNWRAPPED_LINES


def test_unwrapped_text_without_blank_lines_keeps_headings_and_separators_out_of_paragraphs() -> None:
    lines = ["Chapter 1", *UNWRAPPED_LINES[:3], "***", *UNWRAPPED_LINES[3:4], "Chapter 2", *UNWRAPPED_LINES[4:]]
    doc = structure("\n".join(lines) + "\n")
    assert [c.title for c in doc.layer("chapters")] == ["Chapter 1", "Chapter 2"]
    assert paragraphs(doc) == UNWRAPPED_LINES
    assert [doc.span_text(b) for b in doc.layer("scene_breaks")] == ["***"]
    assert [(s.chapter, s.opened_by) for s in doc.layer("scenes")] == [(0, "start"), (0, "separator"), (1, "start")]


def test_crlf_line_ends_are_handled_like_lf() -> None:
    doc = structure(SINGLE_SPACED.replace("\n", "\r\n"))
    assert paragraphs(doc) == TRAIN
    assert [s.opened_by for s in doc.layer("scenes")] == ["start", "blank-lines"]


# -- the bundled sample and the seed --------------------------------------------------------------------


def test_bundled_sample(sample_path) -> None:
    doc = ficlens.analyze(sample_path, syntax=False)
    assert_consistent(doc)
    assert len(doc.layer("chapters")) == 1
    assert len(doc.layer("scenes")) == 5
    assert {b.kind for b in doc.layer("scene_breaks")} == {"blank-lines", "separator"}
    # the header and author's note are not story paragraphs
    assert not any("Author's Notes" in p or "quillfeather" in p for p in paragraphs(doc))


@pytest.mark.shared
def test_seed_has_three_scenes(seed_path) -> None:
    doc = ficlens.analyze(seed_path, syntax=False)
    assert_consistent(doc)
    assert len(doc.layer("scenes")) == 3


# -- headings that end in a full stop, lone capital letters, contents lists ---------------------------------

FULL_STOP_NOVEL = """CONTENTS

PREFATORY NOTE.
CHAPTER 1. The Ferry.
CHAPTER 2. In Which the Ferryman Receives a Letter.
CHAPTER 3. Homecoming.



PREFATORY NOTE.

The river in this account has no name on any map, and the ferryman
would prefer that it kept none.



CHAPTER 1. The Ferry.

Call the ferryman what you like; he answers to anything shouted
across water, and to very little said on land.



CHAPTER 2. In Which the Ferryman Receives a Letter.

The letter had crossed the river twice before anyone thought to
open it, and by then the wax had softened in the sun.



CHAPTER 3. Homecoming.

He came home on the last crossing of the year, with the letter
in his coat and the river at his back.
"""


def test_headings_ending_in_a_full_stop_and_a_contents_list() -> None:
    doc = structure(FULL_STOP_NOVEL)
    chapters = doc.layer("chapters")
    assert [(c.number, c.title) for c in chapters] == [
        (None, "PREFATORY NOTE."),
        (1, "CHAPTER 1. The Ferry."),
        (2, "CHAPTER 2. In Which the Ferryman Receives a Letter."),
        (3, "CHAPTER 3. Homecoming."),
    ]
    assert chapters[0].start == FULL_STOP_NOVEL.index("PREFATORY NOTE.\n\nThe river")
    assert len(paragraphs(doc)) == 4


@pytest.mark.parametrize(
    "line", ["CHAPTER 1. Loomings.", "Chapter 12. In Which the Ferryman Receives a Letter.", "Chapter One. Homecoming."]
)
def test_a_full_stop_after_the_number_makes_a_heading(line: str) -> None:
    heading = parse_heading(line)
    assert heading is not None and heading.number in (1, 12)


def test_single_capital_letters_are_not_roman_numeral_chapters() -> None:
    text = (
        "A\n\nApple: a round fruit that falls on the heads of thinkers.\n\n"
        "C\n\nCabbage: a leafy vegetable, much boiled.\n\n"
        "I\n\nIvy: a climbing plant that takes walls by patience.\n\n"
        "V\n\nVetch: a weed with purple flowers.\n\n"
        "X\n\nXylophone: an instrument of wooden bars.\n"
    )
    doc = structure(text)
    assert [c.title for c in doc.layer("chapters")] == [None]
    assert "Cabbage: a leafy vegetable, much boiled." in paragraphs(doc)


def test_roman_numerals_in_sequence_stay_chapters() -> None:
    doc = structure("I.\n\nThe first night was cold.\n\nII.\n\nThe second was colder.\n\nIII\n\nThen it snowed.\n")
    assert [c.number for c in doc.layer("chapters")] == [1, 2, 3]
