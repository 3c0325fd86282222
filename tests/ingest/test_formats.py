"""Sniffing and parsing each plain-text layout: story exports, FanFicFare TXT, Project Gutenberg, bare stories.

Every story here is original test text written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import ficlens
from conftest import shared_path


def _body(doc: ficlens.Document) -> str:
    """The text of the regions ingest marked as the story body."""
    bodies = [r for r in doc.regions if r.kind == "body"]
    assert bodies, f"no body region in {[r.kind for r in doc.regions]}"
    return "\n".join(doc.text[r.start : r.end] for r in bodies)


def _assert_no_header_line_in_body(doc: ficlens.Document, header_lines: list[str]) -> None:
    body = _body(doc)
    for line in header_lines:
        assert line not in body, f"header line {line!r} leaked into the story body"


def _read(text: str, *, crlf: bool = False) -> ficlens.Document:
    if crlf:
        text = text.replace("\n", "\r\n")
    return ficlens.read(text.encode("utf-8"))


# -- story exports -------------------------------------------------------------------------------------

SALT_ROAD_HEADER = [
    "The Salt Road by wrenfeather",
    "Summary: Two couriers, one mule, and a map that keeps changing its mind.",
    "Rating: PG-13",
    "Pairing: Ines/Tobiah",
    "Characters: Ines Calder, Tobiah Rook, the mule",
    "Disclaimer: The couriers are mine; the mule belongs to itself.",
    "Warnings: mild peril, bad puns",
    "A/N: Many thanks to Odile for the beta. Written for Sunniva.",
]
SALT_ROAD_STORY = """\
The road out of Marrow Cross was white with salt, and Ines had been walking it since before dawn.

"You said three days," Tobiah called from behind the mule. "It has been five."

"I said three days if the map behaved," she answered, and did not turn around.

The mule, who had opinions about both of them, sat down in the middle of the road.
"""


def test_story_export_with_many_labels() -> None:
    doc = _read("\n".join(SALT_ROAD_HEADER) + "\n\n" + SALT_ROAD_STORY)
    meta = doc.meta
    assert doc.source.format == "story-export"
    assert meta.title == "The Salt Road"
    assert meta.authors == ("wrenfeather",)
    assert meta.summary == "Two couriers, one mule, and a map that keeps changing its mind."
    assert meta.rating == "PG-13"
    assert meta.relationships == ("Ines/Tobiah",)
    assert meta.characters == ("Ines Calder", "Tobiah Rook", "the mule")
    assert meta.warnings == ("mild peril", "bad puns")
    notes = {note.kind: note.text for note in meta.notes}
    assert notes["disclaimer"] == "The couriers are mine; the mule belongs to itself."
    assert notes["notes"] == "Many thanks to Odile for the beta. Written for Sunniva."
    assert meta.beta_readers == ("Odile",)
    assert meta.gift_recipients == ("Sunniva",)
    assert _body(doc) == SALT_ROAD_STORY.strip()
    _assert_no_header_line_in_body(doc, SALT_ROAD_HEADER)


def test_story_export_after_analyze_keeps_header_out_of_paragraphs() -> None:
    doc = ficlens.analyze(_read("\n".join(SALT_ROAD_HEADER) + "\n\n" + SALT_ROAD_STORY), syntax=False)
    paragraphs = list(doc.texts("paragraphs"))
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("The road out of Marrow Cross")
    assert not any(":" in p.split(" ")[0] for p in paragraphs)  # no "Label:" paragraph


GOSSAMER_HEADER = [
    "Title: Lamplight on Cobble Lane",
    "Author: Harriet Vane-Oakes",
    "Rating: G",
    "Keywords: winter, bakery, friendship",
    "Summary: A baker's apprentice finds a letter in the flour bin.",
    "Disclaimer: All characters are my own invention.",
    "Author's Notes: My first story for this list. Feedback welcome.",
]
GOSSAMER_STORY = """\
Snow had come early to Cobble Lane, and Pim was the first one awake.

She lit the ovens by feel, the way old Mags had shown her, and listened to the building creak around her.

The letter was at the bottom of the flour bin, folded into a neat square and sealed with green wax.
"""


def test_gossamer_style_title_and_author_labels() -> None:
    doc = _read("\n".join(GOSSAMER_HEADER) + "\n\n" + GOSSAMER_STORY)
    meta = doc.meta
    assert doc.source.format == "story-export"
    assert meta.title == "Lamplight on Cobble Lane"
    assert meta.authors == ("Harriet Vane-Oakes",)
    assert meta.rating == "G"
    assert meta.freeform == ("winter", "bakery", "friendship")
    assert meta.summary == "A baker's apprentice finds a letter in the flour bin."
    assert [n.text for n in meta.notes if n.kind == "notes"] == ["My first story for this list. Feedback welcome."]
    assert _body(doc) == GOSSAMER_STORY.strip()
    _assert_no_header_line_in_body(doc, GOSSAMER_HEADER)


def test_uppercase_labels_with_a_wrapped_line_and_a_separator() -> None:
    header = [
        "TITLE: Ferryman's Daughter",
        "AUTHOR: Oriel Pike",
        "RATING: PG",
        "SUMMARY: Nell has rowed the dead across the river for six years. Tonight one of",
        "them rows back.",
        "DISCLAIMER: Mine, all mine.",
        "* * *",
    ]
    story = "Nell kept the lantern low as the boat slid out from the jetty.\n\nThe river was black and patient.\n"
    doc = _read("\n".join(header) + "\n\n" + story)
    assert doc.meta.title == "Ferryman's Daughter"
    assert doc.meta.authors == ("Oriel Pike",)
    assert doc.meta.rating == "PG"
    assert doc.meta.summary is not None
    assert " ".join(doc.meta.summary.split()) == (
        "Nell has rowed the dead across the river for six years. Tonight one of them rows back."
    )
    assert _body(doc) == story.strip()
    _assert_no_header_line_in_body(doc, header)


GLASS_HARBOUR_STORY = """\
The ferry left at noon, and Corin was not on it.

He watched it go from the end of the pier, hands in his pockets, the ticket still folded inside his glove.

By evening the harbour had gone glassy and still, and he walked home along the sea wall.
"""
END_NOTE = "A/N: This started as a drabble and got away from me. Thanks to Bram for the beta!"


def test_trailing_author_note_is_kept_out_of_the_body() -> None:
    doc = _read("Glass Harbour by tidewright\n\n" + GLASS_HARBOUR_STORY + "\n" + END_NOTE + "\n")
    assert doc.meta.title == "Glass Harbour"
    assert doc.meta.authors == ("tidewright",)
    end_notes = [n.text for n in doc.meta.notes if n.kind == "end_notes"]
    assert end_notes == ["This started as a drabble and got away from me. Thanks to Bram for the beta!"]
    assert doc.meta.beta_readers == ("Bram",)
    assert _body(doc) == GLASS_HARBOUR_STORY.strip()
    assert "drabble" not in _body(doc)
    analysed = ficlens.analyze(doc, syntax=False)
    paragraphs = list(analysed.texts("paragraphs"))
    assert len(paragraphs) == 3
    assert not any("A/N" in p or "Glass Harbour by" in p for p in paragraphs)


# -- FanFicFare TXT -----------------------------------------------------------------------------------

FFF_HEADER = [
    "The Clockmaker's Lodger",
    "by Penhallow",
    "Category: Original Work, Steampunk Fusion",
    "Genre: Adventure, Found Family",
    "Characters: Wren Ashby, Mr. Tolliver",
    "Relationships: Wren Ashby & Mr. Tolliver, Wren Ashby/Dacey Marsh, Mr.",
    "Tolliver/The Landlady",
    "Status: Completed",
    "Published: 2019-06-01",
    "Updated: 2019-07-14",
    "Rating: Teen And Up Audiences",
    "Chapters: 2",
    "Words: 1,204",
    "Summary: Wren rents the attic above a clockmaker's shop and discovers that the",
    "clocks are keeping more than time.",
    "Second paragraph of the summary: nothing is as it ticks.",
    "TABLE OF CONTENTS",
    "End file.",
]


def _fff_text() -> str:
    """A file in FanFicFare's TXT layout (formats README §4), CRLF line ends."""
    lines = [
        "", "", "",
        "The Clockmaker's Lodger",
        "",
        "by Penhallow",
        "", "", "",
        *FFF_HEADER[2:15],
        "",
        "Second paragraph of the summary: nothing is as it ticks.",
        "", "", "", "", "",
        "TABLE OF CONTENTS",
        "", "",
        "The Attic",
        "",
        "The Stopped Hour",
        "", "", "", "",
        " " * 8 + "The Attic",
        "", "",
        "The attic smelled of brass polish and old paper. Wren set her trunk down and",
        "listened to a hundred clocks disagree about the time.",
        "",
        'Mr. Tolliver did not look up from his bench. "Rent is due on Fridays," he said.',
        "", "", "", "",
        " " * 8 + "The Stopped Hour",
        "", "",
        "At a quarter past three every clock in the shop stopped at once.",
        "",
        "Wren held her breath and counted the silence.",
        "", "", "", "",
        "End file.",
        "",
    ]  # fmt: skip
    return "\r\n".join(lines) + "\r\n"


def test_fanficfare_txt() -> None:
    data = _fff_text().encode("utf-8")
    assert b"\r\n" in data
    doc = ficlens.read(data)
    meta = doc.meta
    assert doc.source.format == "fanficfare-txt"
    assert "\r" not in doc.text
    assert meta.title == "The Clockmaker's Lodger"
    assert meta.authors == ("Penhallow",)
    assert meta.fandoms == ("Original Work", "Steampunk Fusion")
    assert meta.genres == ("Adventure", "Found Family")
    assert meta.characters == ("Wren Ashby", "Mr. Tolliver")
    assert meta.relationships == ("Wren Ashby & Mr. Tolliver", "Wren Ashby/Dacey Marsh", "Mr. Tolliver/The Landlady")
    assert meta.status == "Completed"
    assert meta.rating == "Teen And Up Audiences"
    assert meta.published == "2019-06-01"
    assert meta.updated == "2019-07-14"
    assert meta.words == 1204
    assert isinstance(meta.words, int)
    assert meta.summary == (
        "Wren rents the attic above a clockmaker's shop and discovers that the clocks are keeping more than time."
        "\n\nSecond paragraph of the summary: nothing is as it ticks."
    )
    body = _body(doc)
    assert "The attic smelled of brass polish" in body
    assert "counted the silence" in body
    _assert_no_header_line_in_body(doc, FFF_HEADER)


def test_fanficfare_txt_chapters_after_analyze() -> None:
    doc = ficlens.analyze(ficlens.read(_fff_text().encode("utf-8")), syntax=False)
    chapters = doc.layer("chapters")
    assert len(chapters) == 2
    assert doc.span_text(chapters[0]).startswith("The Attic")
    assert doc.span_text(chapters[1]).startswith("The Stopped Hour")
    paragraphs = list(doc.texts("paragraphs"))
    assert paragraphs[0].startswith("The attic smelled")
    assert paragraphs[-1] == "Wren held her breath and counted the silence."
    assert not any(p in {"End file.", "TABLE OF CONTENTS", "by Penhallow"} for p in paragraphs)


# -- Project Gutenberg -------------------------------------------------------------------------------

GUTENBERG = """\
The Project Gutenberg eBook of The Orchard Wall

This ebook is for the use of anyone anywhere in the United States and
most other parts of the world at no cost and with almost no restrictions
whatsoever. You may copy it, give it away or re-use it under the terms
of the Project Gutenberg License included with this ebook or online
at www.gutenberg.org.

Title: The Orchard Wall

Author: Eleanor Fitzmaurice

Release date: March 3, 2031 [eBook #99999]

Language: English


*** START OF THE PROJECT GUTENBERG EBOOK THE ORCHARD WALL ***




Produced by A. Volunteer and the Online Distributed
Proofreading Team




The wall at the bottom of the orchard was older than the house, and
nobody could say who had built it.

Every autumn the pears fell on the far side of it, where no one went.

*** END OF THE PROJECT GUTENBERG EBOOK THE ORCHARD WALL ***

Updated editions will replace the previous one--the old editions will
be renamed.

THE FULL PROJECT GUTENBERG LICENSE
PLEASE READ THIS BEFORE YOU DISTRIBUTE OR USE THIS WORK
"""


def test_project_gutenberg_text() -> None:
    doc = _read(GUTENBERG)
    assert doc.source.format == "gutenberg"
    assert doc.meta.title == "The Orchard Wall"
    assert doc.meta.authors == ("Eleanor Fitzmaurice",)
    body = _body(doc)
    assert body.startswith("The wall at the bottom of the orchard")
    assert body.endswith("where no one went.")
    for leaked in (
        "for the use of anyone",
        "Title:",
        "START OF",
        "Produced by",
        "Proofreading Team",
        "END OF",
        "LICENSE",
    ):
        assert leaked not in body


def test_older_project_gutenberg_text_with_bom_and_crlf() -> None:
    text = """\
The Project Gutenberg EBook of The Tin Weathervane, by Josiah Crane

This eBook is for the use of anyone anywhere at no cost and with
almost no restrictions whatsoever.

*** START OF THIS PROJECT GUTENBERG EBOOK THE TIN WEATHERVANE ***

Produced by Some Volunteer

The weathervane on the barn had pointed north for forty years.

On the morning of the storm it turned south and stayed there.

End of the Project Gutenberg EBook of The Tin Weathervane, by Josiah Crane

*** END OF THIS PROJECT GUTENBERG EBOOK THE TIN WEATHERVANE ***
"""
    doc = ficlens.read(text.replace("\n", "\r\n").encode("utf-8-sig"))
    assert doc.source.format == "gutenberg"
    assert doc.meta.title == "The Tin Weathervane"
    assert doc.meta.authors == ("Josiah Crane",)
    body = _body(doc)
    assert body.startswith("The weathervane on the barn")
    assert body.endswith("stayed there.")
    assert "Produced by" not in body
    assert "End of the Project Gutenberg" not in body


# -- bare stories -------------------------------------------------------------------------------------

BARE_STORIES = {
    "ordinary": """\
The kettle had boiled dry again, and Agnes did not notice until the smoke alarm began to sing.

She stood in the kitchen doorway with a book still open in one hand.

Outside, the rain went on.
""",
    # The first sentence ends "by Name." -- a sentence, not a "Title by Author" byline.
    "first-sentence-ends-by-name": """\
The parcel had been left on the step by Marguerite.

Nobody in the house would admit to having ordered it, and so it sat in the hall for three days.

On the fourth day it began to hum.
""",
}


@pytest.mark.parametrize("key", list(BARE_STORIES))
def test_bare_story_without_header(key: str) -> None:
    text = BARE_STORIES[key]
    doc = _read(text)
    assert doc.source.format == "plain"
    assert doc.meta.title is None
    assert doc.meta.authors == ()
    assert _body(doc) == text.strip()


# -- real files -------------------------------------------------------------------------------------


@pytest.mark.shared
def test_seed_story(seed_path: Path) -> None:
    doc = ficlens.read(seed_path)
    meta = doc.meta
    assert doc.source.format == "story-export"
    assert meta.title == "Atonement"
    assert meta.authors == ("angelskuuipo",)
    note_text = "Thanks be to Gabrielle for the beta. This was written for Tonya."
    assert [n.text for n in meta.notes if n.kind == "notes"] == [note_text]
    assert meta.beta_readers == ("Gabrielle",)
    assert meta.gift_recipients == ("Tonya",)
    body = _body(doc)
    # the story starts on the fifth line, after the title, the label, the note and a blank line
    assert body.startswith(seed_path.read_text(encoding="utf-8").splitlines()[4])
    _assert_no_header_line_in_body(doc, ["Atonement by angelskuuipo", "Author's Notes:", note_text])

    analysed = ficlens.analyze(doc, syntax=False)
    assert len(analysed.layer("scenes")) == 3
    paragraphs = list(analysed.texts("paragraphs"))
    assert not any("Author's Notes" in p or "Atonement by" in p for p in paragraphs)
    assert not any("Gabrielle" in p for p in paragraphs)


@pytest.mark.shared
def test_shared_fanficfare_sample() -> None:
    doc = ficlens.read(shared_path("formats", "samples", "fanficfare-test.txt"))
    assert doc.source.format == "fanficfare-txt"
    assert doc.meta.title == "Test Story Title 1"
    assert doc.meta.authors == ("Test Author aa",)
    assert doc.meta.words == 123456
    assert doc.meta.status == "In-Progress"
    assert "Harry Potter" in doc.meta.fandoms
    analysed = ficlens.analyze(doc, syntax=False)
    assert len(analysed.layer("chapters")) == 9
    paragraphs = list(analysed.texts("paragraphs"))
    assert "End file." not in paragraphs
    assert not any(p.startswith(("Words:", "Category:", "TABLE OF CONTENTS")) for p in paragraphs)


def test_bundled_sample(sample_path: Path) -> None:
    doc = ficlens.read(sample_path)
    assert doc.source.format == "story-export"
    assert doc.meta.title == "The Lantern Keeper's Apprentice"
    assert doc.meta.authors == ("quillfeather",)
    assert doc.meta.beta_readers == ("Marisol",)
    assert doc.meta.gift_recipients == ("Priya",)
    body = _body(doc)
    assert "Author's Notes" not in body
    assert "Many thanks to Marisol" not in body


ETEXT_1990S = """\
The Project Gutenberg Etext of The Lamplighter's Ledger by Agnes Whitcombe

Copyright laws are changing all over the world, be sure to check
the copyright laws for your country before posting these files!!

*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*

CHAPTER I. The Ledger.

Every lamp in Coldharbour Street was written in the ledger, with the
hour it was lit and the hour it went out.

CHAPTER II. A Lamp Unlit.

On the ninth of November one lamp was not lit at all, and the ledger
said nothing about it.

The lamplighter's daughter noticed, which was more than her father did.



ADVERTISEMENTS

BOOKS BY THE SAME AUTHOR.

THE CHIMNEY-SWEEP'S WEDDING. A Novel. Crown 8vo, cloth, 3s. 6d.

MRS. PLOVER'S LODGERS. Second Edition. Crown 8vo, cloth, 6s.

End of the Project Gutenberg Etext of The Lamplighter's Ledger
"""


def test_1990s_gutenberg_header_without_a_comma_and_advertisements_as_back_matter() -> None:
    doc = _read(ETEXT_1990S, crlf=True)
    assert doc.source.format == "gutenberg"
    assert (doc.meta.title, doc.meta.authors) == ("The Lamplighter's Ledger", ("Agnes Whitcombe",))
    body = _body(doc)
    assert body.startswith("CHAPTER I. The Ledger.")
    assert body.endswith("more than her father did.")
    assert "Crown 8vo" not in body and "ADVERTISEMENTS" not in body
    chapters = ficlens.analyze(doc, syntax=False).layer("chapters")
    assert [c.title for c in chapters] == ["CHAPTER I. The Ledger.", "CHAPTER II. A Lamp Unlit."]
