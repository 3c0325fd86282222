"""Plain-text and Markdown exports (``export_fixtures.py``): metadata field by field, chapters, notes apart from
the story, and the story's words (within 1 %)."""

from __future__ import annotations

from collections import Counter

import pytest
from export_fixtures import ALL, CARTOGRAPHER, FERN, LANTERN, MARKDOWN, STARLINGS, TIDEBREAKER, Export

import ficlens


def _analyse(fx: Export) -> ficlens.Document:
    return ficlens.analyze(ficlens.read(fx.text.encode("utf-8")), syntax=False)


def _words(text: str) -> int:
    return sum(len(line.split()) for line in text.splitlines() if not line.lstrip().startswith("#"))


@pytest.mark.parametrize("name", list(ALL))
def test_chapters_and_story_words(name: str) -> None:
    fx = ALL[name]
    doc = _analyse(fx)
    chapters = doc.layer("chapters")
    assert [c.title for c in chapters] == [h for h, _t in fx.chapters]
    expected = sum(_words(t) for _h, t in fx.chapters)
    got = sum(len(p.split()) for p in doc.texts("paragraphs"))
    assert abs(got - expected) <= 0.01 * expected, (got, expected)
    for _h, story in fx.chapters:  # every story paragraph is read, and only once
        first = story.split("\n\n")[0]
        assert sum(1 for p in doc.texts("paragraphs") if p == first) == 1


@pytest.mark.parametrize("name", list(ALL))
def test_notes_are_never_story(name: str) -> None:
    fx = ALL[name]
    doc = _analyse(fx)
    assert Counter(n.kind for n in doc.meta.notes) == Counter(fx.notes)
    paragraphs = list(doc.texts("paragraphs"))
    for note in doc.meta.notes:
        assert note.text and all(note.text not in p for p in paragraphs)
        if note.start is not None:
            assert note.text.split()[-1] in doc.text[note.start : note.end]
            assert not any(r.start < note.end and note.start < r.end for r in doc.body_regions())


def test_markdown_export_with_bold_blocks() -> None:
    doc = ficlens.read(LANTERN.text.encode())
    meta = doc.meta
    assert doc.source.format == "story-export"
    assert meta.title == "The Lantern Keeper's Apprentice"
    assert meta.authors == ("mossbright",)
    notes = [(n.kind, n.chapter, n.text) for n in meta.notes]
    assert notes[0] == (
        "disclaimer",
        None,
        "The Lantern Guild and everyone in it belong to me; the weather belongs to no one.",
    )
    assert notes[1] == ("acknowledgements", None, "Thanks to Quillan for the beta and to Juniper for the title.")
    assert ("disclaimer", 1, "See the first page.") in notes and ("disclaimer", 2, "See the first page.") in notes
    assert ("chapter_end_notes", 1, "Thank you for reading! Chapter two comes on Sunday.") in notes
    assert notes[-1] == ("end_notes", None, "BOOK 2: THE EMBER CROWN\n\nCOMING OCTOBER 3RD")
    assert meta.beta_readers == ("Quillan",)


def test_title_over_author_with_notes_at_every_chapter() -> None:
    doc = ficlens.read(FERN.text.encode())
    meta = doc.meta
    assert (meta.title, meta.authors, meta.rating, meta.genres) == (
        "Fern and Iron",
        ("Tamsin Okafor",),
        "T",
        ("Family", "Drama"),
    )
    assert [n.chapter for n in meta.notes if n.kind == "disclaimer"] == [1, 2, 3]
    assert [n.chapter for n in meta.notes if n.kind == "chapter_end_notes"] == [1, 2]
    assert [n.text for n in meta.notes if n.kind == "end_notes"] == [
        "Thanks for reading chapter 3. Reviews make the ferns grow."
    ]


def test_markdown_headings_are_chapters() -> None:
    doc = _analyse(MARKDOWN)
    assert doc.source.format == "plain"
    assert len(doc.layer("chapters")) == 3
    assert "A note on sheep" not in " ".join(doc.texts("paragraphs"))


def test_contents_list_confirms_bare_title_headings() -> None:
    doc = _analyse(STARLINGS)
    meta = doc.meta
    assert (meta.title, meta.authors) == ("Starlings Over Wrexley", ("plumtree_writes",))
    assert meta.summary == "A girl, a flock of birds, and a town that forgot how to sing."
    assert doc.layer("chapters")[0].start > STARLINGS.text.index("Songs Again")  # the contents list is no chapter


def test_fanfiction_net_download() -> None:
    doc = ficlens.read(CARTOGRAPHER.text.encode())
    meta = doc.meta
    assert meta.title == "The Cartographer's Silence"
    assert meta.authors == ("Ivy Marchetti",)
    assert meta.rating == "Fiction T"
    assert meta.language == "English"
    assert meta.genres == ("Drama", "Hurt/Comfort")
    assert meta.characters == ("Elin", "Marek", "Sorrel")
    assert meta.relationships == ("Elin/Marek",)
    assert meta.chapters == "2"
    assert meta.words == sum(len(t.split()) for _h, t in CARTOGRAPHER.chapters)
    assert (meta.published, meta.updated, meta.status) == ("2/1/2021", "3/14/2021", "Complete")
    assert meta.summary == "A mapmaker is told to draw an island that is not there."
    assert ("FFN id", "13579") in meta.extra and ("Reviews", "5") in meta.extra


def test_forum_thread_export_with_threadmarks() -> None:
    doc = _analyse(TIDEBREAKER)
    assert (doc.meta.title, doc.meta.authors) == ("Tidebreaker [Original Fantasy]", ("Corvid_Quill",))
    assert doc.layer("chapters")[0].start == TIDEBREAKER.text.index("1.1 Salt and Signal\n\nThe signal")


@pytest.mark.parametrize(
    "text",
    [
        "The Road Home\n\nIt was raining. Mara walked anyway, because the bus was not coming.\n",
        "Chapter 1\n\nSomebody had left the gate open.\n\nChapter 2\n\nThe sheep had noticed.\n",
        "A\n\nAardvark: a burrowing animal.\n\nB\n\nBadger: another burrowing animal.\n",
    ],
)
def test_stories_without_a_header_stay_plain(text: str) -> None:
    doc = ficlens.read(text.encode())
    assert doc.meta.title is None and doc.meta.authors == ()
