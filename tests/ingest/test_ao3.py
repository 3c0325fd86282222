"""AO3 downloads: HTML in every layout era, Calibre-made EPUBs (since 2019) and hand-made OEBPS EPUBs (before).

The story, its notes and tags are invented for these tests (``ao3_fixtures.py``); the sample files under
``../shared/formats/samples`` are checked against their fixed metadata (``PROVENANCE.md``).
"""

from __future__ import annotations

import dataclasses
import io
import time
import zipfile

import pytest
from ao3_fixtures import (
    AO3_CSS,
    CHAPTER_1,
    CURRENT,
    ERA_2010,
    ERA_2019,
    MANY,
    NO_CSS,
    ONESHOT,
    STORY,
    WIP,
    big_work,
    plain_text,
    render_calibre_epub,
    render_html,
    render_oebps_epub,
    story_paragraphs,
)

import ficlens
from conftest import shared_path
from ficlens.errors import IngestError
from ficlens.ingest import EPUB_FORMATS, FORMATS
from ficlens.ingest.package import EpubError
from ficlens.model import Document

TITLES = ("Chapter 1: The Ferry", "Chapter 2: Lights on the Point", "Chapter 3: Home Water")


def _read(data: str | bytes) -> Document:
    return ficlens.read(data.encode("utf-8") if isinstance(data, str) else data)


def _analyze(data: str | bytes) -> Document:
    return ficlens.analyze(_read(data), syntax=False, characters=False)


def _bodies(doc: Document) -> list[tuple[int, int]]:
    return [(r.start, r.end) for r in doc.regions if r.kind == "body"]


def _in_body(doc: Document, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in _bodies(doc))


def _overlaps_body(doc: Document, start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in _bodies(doc))


def _notes(doc: Document) -> list[tuple[str, int | None, str]]:
    return [(n.kind, n.chapter, n.text) for n in doc.meta.notes]


STORY_NOTES = [
    ("summary", None, "Two ferry hands, one fog bank, and a lighthouse that should not be lit."),
    ("notes", None, "Thanks to Odile for the beta.\n\nWritten for the Strait fest."),
    ("chapter_summary", 1, "Maren counts gulls. Ivo does not help."),
    ("chapter_notes", 1, "The ferry is based on one I took as a child."),
    ("chapter_end_notes", 2, "Next time: the keeper’s logbook."),
    ("chapter_summary", 3, "The row home."),
    ("chapter_notes", 3, "Last chapter!"),
    ("end_notes", None, "Thank you for reading! Comments make my day."),
]


def _assert_story_meta(doc: Document, *, scheme: str = "https", language: str | None = "English") -> None:
    """The metadata of STORY, field by field."""
    m = doc.meta
    assert m.title == "Salt and Signal Fires"
    assert m.authors == ("quillfern",)
    assert m.author_url == f"{scheme}://archiveofourown.org/users/quillfern/pseuds/quillfern"
    assert m.work_id == "48213377"
    assert m.url == f"{scheme}://archiveofourown.org/works/48213377"
    assert m.publisher == "Archive of Our Own"
    assert m.rating == "Teen And Up Audiences"
    assert m.warnings == ("No Archive Warnings Apply",)
    assert m.categories == ("Gen",)
    assert m.fandoms == ("Harbour Lights (Radio Serial)",)
    assert m.relationships == ("Maren Holt & Ivo Pask",)
    assert m.characters == ("Maren Holt", "Ivo Pask", "Tamsin Rook")
    assert m.freeform == ("Fog", "Lighthouses", "Found Family")
    assert m.language == language
    assert m.series == "Strait Tales"
    assert m.series_part == 1
    assert m.all_series == (("Strait Tales", 1),)
    assert m.collections == ()
    assert m.published == "2021-03-14"
    assert m.completed == "2021-04-02"
    assert m.updated == "2021-04-02"
    assert m.status == "Completed"
    assert m.words == 1234
    assert m.chapters == "3/3"
    assert m.chapters_posted == 3
    assert m.chapters_expected == 3
    assert (m.kudos, m.hits, m.bookmarks, m.comments) == (None, None, None, None)
    assert m.summary == "Two ferry hands, one fog bank, and a lighthouse that should not be lit."
    assert m.chapter_titles == TITLES
    assert m.beta_readers == ("Odile",)
    assert m.extra == (() if language != "en" else (("language detected", "en"),))  # no Language row: detected


def _assert_layout(doc: Document, work_notes: list[tuple[str, int | None, str]]) -> None:
    """Chapters, notes (offsets slice the stored text), story in body regions, notes out of them, styles."""
    assert _notes(doc) == work_notes
    for note in doc.meta.notes:
        assert note.start is not None and note.end is not None
        assert doc.text[note.start : note.end] == note.text
        assert not _overlaps_body(doc, note.start, note.end), f"{note.kind} note inside a body region"
    paragraphs = list(doc.texts("paragraphs"))
    for note in doc.meta.notes:
        for para in note.text.split("\n\n"):
            assert para not in paragraphs
            assert not any(para in p for p in paragraphs)
    for para in story_paragraphs(STORY):
        start = doc.text.index(para)
        assert _in_body(doc, start, start + len(para)), para
    ems = {doc.text[s.start : s.end] for s in doc.layer("styles") if s.kind == "em"}
    assert {"working", "green", "everybody", "should not"} <= ems
    assert "six" in {doc.text[s.start : s.end] for s in doc.layer("styles") if s.kind == "strong"}


def _assert_chapters(doc: Document, titles: tuple[str, ...] = TITLES) -> None:
    chapters = doc.layer("chapters")
    assert [(c.number, c.title) for c in chapters] == [(n, t) for n, t in enumerate(titles, 1)]
    assert list(doc.texts("paragraphs")) == story_paragraphs(STORY)[: len(doc.layer("paragraphs"))]
    assert len(doc.layer("scene_breaks")) == 1


# ---------------------------------------------------------------------------------------------- HTML, every era


def test_current_layout_metadata_field_by_field() -> None:
    doc = _read(render_html(STORY))
    assert doc.source.format == "ao3-html"
    _assert_story_meta(doc)


def test_current_layout_chapters_notes_and_regions() -> None:
    doc = _analyze(render_html(STORY))
    _assert_chapters(doc)
    _assert_layout(doc, STORY_NOTES)
    kinds = [r.kind for r in doc.regions]
    assert kinds[:4] == ["footer", "header", "summary", "notes"]
    assert kinds[-2:] == ["end_notes", "footer"]
    header = next(doc.text[r.start : r.end] for r in doc.regions if r.kind == "header")
    assert "Rating: Teen And Up Audiences" in header and "Series: Part 1 of Strait Tales" in header
    # a heading region sits inside a body region that holds nothing else
    for h in (r for r in doc.regions if r.kind == "heading"):
        assert (h.start, h.end) in _bodies(doc)


def test_2019_layout_singular_labels_bare_titles_chapters_before_words() -> None:
    html = render_html(STORY, ERA_2019)
    assert "Archive Warning:" in html and "Chapters: 3/3" in html and '<h2 class="heading">\n    The Ferry' in html
    assert html.index("Chapters: 3/3") < html.index("Words: 1234")
    doc = _analyze(html)
    _assert_story_meta(doc, scheme="http", language="en")  # no Language row before 2022-06: detected
    _assert_chapters(doc)
    _assert_layout(doc, STORY_NOTES)


def test_pre_2019_layout_without_preface_and_afterword_wrappers() -> None:
    html = render_html(STORY, ERA_2010)
    assert 'id="preface"' not in html and 'id="afterword"' not in html
    doc = _analyze(html)
    _assert_story_meta(doc, scheme="http", language="en")  # detected; relative byline links made absolute
    _assert_chapters(doc)
    _assert_layout(doc, STORY_NOTES)
    footer = [doc.text[r.start : r.end] for r in doc.regions if r.kind == "footer"]
    assert footer[0].startswith("Posted originally on the Archive of Our Own")
    assert footer[-1].startswith("Please drop by the archive and comment to let the author know")


def test_pre_2019_one_shot_bare_userstuff_and_hidden_rows() -> None:
    era = dataclasses.replace(ERA_2010, hidden_rows=("warnings", "freeform"))
    html = render_html(ONESHOT, era)
    assert "Chapters:" not in html and "Words: 57" in html
    doc = _analyze(html)
    m = doc.meta
    assert doc.source.format == "ao3-html"
    assert m.title == "The Keeper’s Logbook"
    assert m.warnings == () and m.freeform == ()
    assert m.categories == ("Gen",)
    assert m.words == 57
    assert (m.chapters, m.chapters_posted, m.chapters_expected) == (None, None, None)
    assert m.status == "Completed"
    assert (m.published, m.updated, m.completed) == ("2021-03-14", None, None)
    assert m.series is None and m.all_series == ()
    assert m.chapter_titles == ()
    assert [(c.number, c.title) for c in doc.layer("chapters")] == [(None, None)]
    assert not [r for r in doc.regions if r.kind == "heading"]
    assert list(doc.texts("paragraphs")) == story_paragraphs(ONESHOT)
    assert len(doc.layer("scene_breaks")) == 1


def test_pre_2019_one_shot_without_a_chapters_div() -> None:
    """A bare div.userstuff straight in the body, its story opening with an h1 of its own."""
    html = render_html(ONESHOT, ERA_2010)
    start, end = html.index('<div id="chapters"'), html.index('</div>\n<p class="message">Please')
    story = (
        html[start:end].split(">", 1)[1].replace('<div class="userstuff">', '<div class="userstuff"><h1>Logbook</h1>')
    )
    doc = _analyze(html[:start] + story + html[end + len("</div>") :])
    assert doc.meta.title == "The Keeper’s Logbook"
    assert list(doc.texts("paragraphs")) == ["Logbook", *story_paragraphs(ONESHOT)]
    assert doc.regions[-1].kind == "footer"


def test_current_one_shot_has_no_heading() -> None:
    html = render_html(ONESHOT)
    assert '<h2 class="toc-heading">The Keeper’s Logbook</h2>' in html
    doc = _analyze(html)
    assert [(c.number, c.title) for c in doc.layer("chapters")] == [(None, None)]
    assert list(doc.texts("paragraphs")) == story_paragraphs(ONESHOT)
    assert doc.meta.chapters == "1/1" and doc.meta.status == "Completed"
    assert "The Keeper’s Logbook" not in " ".join(doc.texts("paragraphs"))


def test_chapter_byline_related_works_and_inspired_works() -> None:
    html = render_html(STORY).replace(
        "    Chapter 2: Lights on the Point\n  </h2>",
        "    Chapter 2: Lights on the Point\n  </h2>\n"
        '  <p class="byline">Chapter by <a rel="author" href="https://archiveofourown.org/users/lampwick">lampwick</a></p>',
    )
    html = html.replace(
        '</div>\n</div>\n<div id="chapters"',
        '<ul><li>Inspired by <a href="https://archiveofourown.org/works/7">Tide Tables</a> by '
        '<a href="https://archiveofourown.org/users/gull">gull</a></li></ul>\n</div>\n</div>\n<div id="chapters"',
    )
    html = html.replace(
        "Comments make my day.</p></blockquote></div>",
        "Comments make my day.</p></blockquote></div><dl><dt>Works inspired by this one</dt>"
        '<dd><a href="https://archiveofourown.org/works/9">Lamp Oil</a> by <a href="#">wick</a></dd></dl>',
    )
    doc = _analyze(html)
    assert ("Related work", "Inspired by Tide Tables by gull") in doc.meta.extra
    assert ("Works inspired by this one", "Lamp Oil by wick") in doc.meta.extra
    assert doc.meta.authors == ("quillfern",)
    _assert_chapters(doc)
    _assert_layout(doc, STORY_NOTES)
    notes = [doc.text[r.start : r.end] for r in doc.regions if r.kind == "chapter_notes"]
    assert any(n.startswith("Chapter by lampwick") for n in notes)


def test_work_in_progress() -> None:
    html = render_html(WIP)
    assert "Updated: 2021-05-20" in html and "Chapters: 2/?" in html
    doc = _analyze(html)
    m = doc.meta
    assert m.status == "In-Progress"
    assert (m.chapters, m.chapters_posted, m.chapters_expected) == ("2/?", 2, None)
    assert (m.published, m.updated, m.completed) == ("2021-03-14", "2021-05-20", None)
    assert m.words == 2001
    assert [c.title for c in doc.layer("chapters")] == list(TITLES[:2])


def test_chaptered_work_with_one_posted_chapter() -> None:
    """Since 2026-02 a chaptered work (1/?) with one chapter gets the chapter meta; before, the one-shot form."""
    first = dataclasses.replace(WIP, chapters=(CHAPTER_1,))
    doc = _analyze(render_html(first))
    assert [(c.number, c.title) for c in doc.layer("chapters")] == [(1, "Chapter 1: The Ferry")]
    assert [(n.kind, n.chapter) for n in doc.meta.notes if n.chapter] == [("chapter_summary", 1), ("chapter_notes", 1)]
    assert doc.meta.chapters == "1/?" and doc.meta.status == "In-Progress"
    old = _analyze(render_html(first, ERA_2019))
    assert [(c.number, c.title) for c in old.layer("chapters")] == [(None, None)]
    assert list(old.texts("paragraphs")) == list(doc.texts("paragraphs"))


def test_several_authors_series_collections_and_separators() -> None:
    html = render_html(MANY)
    assert "Kudos: 12,345" in html and "Words: 1,234,567" in html
    m = _read(html).meta
    assert m.title == "Fog Songs"
    assert m.authors == ("quillfern", "Gannet_Point (lampwick)")
    assert m.series == "Strait Tales" and m.series_part == 2
    assert m.all_series == (("Strait Tales", 2), ("Coastal Oddities", 1))
    assert m.collections == ("Strait Fest 2021", "Lighthouse Week")
    assert m.warnings == ("Creator Chose Not To Use Archive Warnings", "Major Character Death")
    assert m.categories == ("Gen", "F/M")
    assert m.fandoms == ("Harbour Lights (Radio Serial)", "The Tide Tables")
    assert (m.words, m.kudos, m.hits) == (1234567, 12345, 1234567)
    assert (m.bookmarks, m.comments) == (None, None)


# ---------------------------------------------------------------------------------------------- EPUB


@pytest.mark.parametrize("classes", ["ao3-css", "no-css"])
def test_calibre_epub(classes: str) -> None:
    data = render_calibre_epub(STORY, NO_CSS if classes == "no-css" else AO3_CSS)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert "content.opf" in names and "Salt_and_Signal_split_005.xhtml" in names
        assert zf.read("Salt_and_Signal_split_001.xhtml").count(b'id="preface"') == 1
    doc = _analyze(data)
    assert doc.source.format == "ao3-epub"
    _assert_story_meta(doc)
    _assert_chapters(doc)
    _assert_layout(doc, STORY_NOTES)
    assert doc.text == _read(render_html(STORY)).text  # the same stored text as the HTML download


def test_calibre_epub_chapter_split_over_two_files() -> None:
    data = render_calibre_epub(STORY, flow_split=2)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "Salt_and_Signal_split_006.xhtml" in zf.namelist()
    doc = _analyze(data)
    _assert_chapters(doc)
    _assert_layout(doc, STORY_NOTES)
    assert doc.text == _read(render_html(STORY)).text


def test_calibre_epub_one_shot() -> None:
    doc = _analyze(render_calibre_epub(ONESHOT))
    assert [(c.number, c.title) for c in doc.layer("chapters")] == [(None, None)]
    assert list(doc.texts("paragraphs")) == story_paragraphs(ONESHOT)


def test_calibre_epub_fills_hidden_rows_from_the_opf() -> None:
    era = dataclasses.replace(CURRENT, hidden_rows=("warnings", "freeform", "series", "language"))
    data = render_calibre_epub(MANY, era=era)
    m = _read(data).meta
    assert m.warnings == ("Creator Chose Not To Use Archive Warnings", "Major Character Death")  # subjects
    assert m.freeform == ("Fog", "Lighthouses", "Found Family")  # the subjects no other row holds
    assert m.characters == ("Maren Holt", "Ivo Pask", "Tamsin Rook")
    assert (m.series, m.series_part, m.all_series) == ("Strait Tales", 2, (("Strait Tales", 2),))  # calibre:series
    assert m.language == "en"  # dc:language
    assert m.published == "2021-03-14" and m.completed == "2021-04-02"  # the body's, not dc:date


def test_pre_2019_oebps_epub() -> None:
    data = render_oebps_epub(STORY)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert {"OEBPS/preface.xhtml", "OEBPS/chapter2_1.xhtml", "OEBPS/chapter2_2.xhtml"} <= set(zf.namelist())
    doc = _analyze(data)
    assert doc.source.format == "ao3-epub"
    m = doc.meta
    assert m.title == "Salt and Signal Fires" and m.authors == ("quillfern",)
    assert m.work_id == "48213377" and m.url == "http://archiveofourown.org/works/48213377"
    assert m.rating == "Teen And Up Audiences" and m.characters == ("Maren Holt", "Ivo Pask", "Tamsin Rook")
    assert (m.published, m.completed, m.words, m.chapters) == ("2021-03-14", "2021-04-02", 1234, "3/3")
    assert m.language == "en"  # no Language row before 2022: dc:language fills it
    _assert_chapters(doc)  # chapter 2's two parts read as one chapter
    # chapter end notes are never in a pre-2019 EPUB
    _assert_layout(doc, [n for n in STORY_NOTES if n[0] != "chapter_end_notes"])


def test_pre_2019_oebps_one_shot() -> None:
    doc = _analyze(render_oebps_epub(ONESHOT))
    assert [(c.number, c.title) for c in doc.layer("chapters")] == [(None, None)]
    assert list(doc.texts("paragraphs")) == story_paragraphs(ONESHOT)
    assert doc.meta.work_id == "48300001" and doc.meta.published == "2021-03-14"


# ---------------------------------------------------------------------------------------------- samples

SAMPLES = [
    "ao3-html-synthetic-1.html",
    "ao3-html-synthetic-2.html",
    "ao3-epub-synthetic-1.epub",
    "ao3-epub-synthetic-2.epub",
    "ao3-epub-synthetic-3.epub",
]


@pytest.mark.parametrize("name", SAMPLES)
def test_sample(name: str) -> None:
    doc = ficlens.analyze(shared_path("formats", "samples", name), syntax=False, characters=False)
    assert doc.source.format == ("ao3-epub" if name.endswith(".epub") else "ao3-html")
    m = doc.meta
    # every sample's body carries the whole preface (PROVENANCE.md); the EPUBs' OPFs differ (-1: four subjects
    # and a plain description; -2: no description, date or series; -3: everything), and the body wins
    assert m.title == "Test Work"
    assert m.authors == ("tester",)
    assert m.work_id == "1" and m.url == "https://archiveofourown.org/works/1"
    assert (m.series, m.series_part) == ("Test Series", 1)
    assert m.rating == "General Audiences"
    assert m.warnings == ("No Archive Warnings Apply",)
    assert m.categories == ("Gen",)
    assert m.fandoms == ("Test Fandom",)
    assert m.relationships == ("Ada/Brin", "Ada & Cole")
    assert m.characters == ("Ada", "Brin", "Cole")
    assert m.freeform == ("Alternate Universe",)
    assert m.language == "English"
    assert (m.published, m.completed, m.status) == ("2015-01-10", "2020-11-05", "Completed")
    assert (m.words, m.chapters, m.chapters_posted, m.chapters_expected) == (12345, "3/3", 3, 3)
    assert m.summary == "A summary."
    kinds = [(n.kind, n.chapter) for n in m.notes]
    assert kinds[:2] == [("summary", None), ("notes", None)] and kinds[-1] == ("end_notes", None)
    for c in (1, 2, 3):
        assert {("chapter_summary", c), ("chapter_notes", c), ("chapter_end_notes", c)} <= set(kinds)
    for note in m.notes:
        assert note.start is not None and doc.text[note.start : note.end] == note.text
    chapters = doc.layer("chapters")
    assert [(c.number, c.title) for c in chapters] == [(n, f"Chapter {n}: Title {n}") for n in (1, 2, 3)]
    paragraphs = list(doc.texts("paragraphs"))
    assert len(paragraphs) == 1200 and len(doc.layer("scene_breaks")) == 3
    assert not any("notes" in p.lower() or "summary" in p.lower() for p in paragraphs)


def test_samples_read_alike() -> None:
    docs = [ficlens.read(shared_path("formats", "samples", name)) for name in SAMPLES]
    assert all(d.text == docs[0].text for d in docs)
    assert all(d.regions == docs[0].regions for d in docs)


# ---------------------------------------------------------------------------------------------- same story, same NLP


def test_same_story_same_nlp() -> None:
    """The story read as plain text, as an AO3 HTML download and as an AO3 EPUB gives the same analysis."""

    def facts(doc: Document) -> tuple[list[str], list[tuple[str, str | None]], list[str]]:
        chars = doc.layer("characters")
        quotes = [(doc.text[q.start : q.end], chars[q.speaker].name if q.speaker >= 0 else None)
                  for q in doc.layer("quotes")]  # fmt: skip
        return list(doc.texts("paragraphs")), quotes, sorted(c.name for c in chars)

    plain = ficlens.analyze(plain_text(STORY), n_process=1)
    html = ficlens.analyze(render_html(STORY).encode("utf-8"), n_process=1)
    epub = ficlens.analyze(render_calibre_epub(STORY), n_process=1)
    assert plain.source.format == "plain"
    expected = facts(plain)
    assert expected[0] == story_paragraphs(STORY)
    assert expected[1] and expected[2]
    assert facts(html) == expected
    assert facts(epub) == expected
    assert [c.title for c in html.layer("chapters")] == [c.title for c in plain.layer("chapters")]


# ---------------------------------------------------------------------------------------------- malformed input


def test_unknown_labels_go_to_extra_and_an_unlabelled_row_is_placed_by_position() -> None:
    html = render_html(STORY).replace(
        "      <dt>Language:</dt>", "      <dt>Mood:</dt><dd>Wistful</dd>\n      <dt>Language:</dt>"
    )
    html = html.replace("<dt>Rating:</dt>", "")  # a dd with no dt: its values say it is the rating
    m = _read(html).meta
    assert ("Mood", "Wistful") in m.extra
    assert m.rating == "Teen And Up Audiences"
    assert m.language == "English" and m.warnings == ("No Archive Warnings Apply",)


def test_labels_compare_case_insensitively_after_collapsing_whitespace() -> None:
    html = render_html(STORY).replace("<dt>Additional Tags:</dt>", "<dt>\n  ADDITIONAL\n   tags :</dt>")
    assert _read(html).meta.freeform == ("Fog", "Lighthouses", "Found Family")


@pytest.mark.parametrize(
    ("stats", "extra"),
    [
        ("Published: yesterday Words: lots Chapters: three", [("Published", "yesterday"), ("Words", "lots")]),
        ("lorem ipsum dolor", [("Stats", "lorem ipsum dolor")]),
    ],
)
def test_garbage_stats_are_left_none(stats: str, extra: list[tuple[str, str]]) -> None:
    html = render_html(STORY)
    start = html.index("<dt>Stats:</dt>")
    end = html.index("</dd>", start) + len("</dd>")
    doc = _read(html[:start] + f"<dt>Stats:</dt><dd>{stats}</dd>" + html[end:])
    m = doc.meta
    assert (m.published, m.updated, m.completed, m.words, m.chapters, m.status) == (None,) * 6
    assert all(pair in m.extra for pair in extra)
    assert [c for c in m.chapter_titles] == list(TITLES)


def test_missing_h1_takes_the_title_from_the_message_or_the_page_title() -> None:
    html = render_html(STORY).replace("<h1>Salt and Signal Fires</h1>", "")
    assert _read(html).meta.title == "Salt and Signal Fires"  # <b>TITLE</b> in p.message
    old = render_html(STORY, ERA_2010).replace("<h1>Salt and Signal Fires</h1>", "")
    doc = _read(old)
    assert doc.meta.title == "Salt and Signal Fires"  # <title>TITLE - AUTHOR - FANDOM</title>
    assert doc.meta.authors == ("quillfern",)


def test_epub_with_a_missing_chapter_file_is_a_typed_error() -> None:
    data = render_calibre_epub(STORY, drop=("Salt_and_Signal_split_003.xhtml",))
    with pytest.raises(EpubError) as info:
        _read(data)
    message = str(info.value)
    assert "Salt_and_Signal_split_003.xhtml" in message and "\n" not in message


def test_every_element_removed_in_turn_never_crashes() -> None:
    """Drop each line of the download in turn: the reader reads it or raises an IngestError, nothing else."""
    lines = render_html(STORY).splitlines()
    for k in range(len(lines)):
        html = "\n".join(lines[:k] + lines[k + 1 :])
        try:
            doc = _read(html)
        except IngestError as exc:
            assert "\n" not in str(exc)
            continue
        if lines[k].strip() == "</div>":  # a missing </div> nests the next section: still three chapters
            assert len(ficlens.analyze(doc, syntax=False, characters=False).layer("chapters")) == 3


def test_every_epub_member_removed_in_turn_never_crashes() -> None:
    data = render_calibre_epub(STORY)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
    for name in names:
        try:
            _read(render_calibre_epub(STORY, drop=(name,)))
        except IngestError as exc:
            assert "\n" not in str(exc)


def test_a_chapter_with_no_text_and_an_empty_chapters_div() -> None:
    html = render_html(STORY)
    start, end = html.index('<div id="chapters"'), html.index('<div id="afterword">')
    with pytest.raises(IngestError):
        _read(html[:start] + '<div id="chapters" class="userstuff"></div>\n' + html[end:])


# ---------------------------------------------------------------------------------------------- sniffing, speed


def test_sniffing() -> None:
    assert next(iter(FORMATS)) == "ao3-html" and next(iter(EPUB_FORMATS)) == "ao3-epub"
    page = "<html><head><title>My story</title></head><body><h1>My story</h1><p>Once.</p></body></html>"
    assert _read(page).source.format == "html"
    # a page that links an AO3 work but is not a download
    link = '<html><body><p>Read it at <a href="https://archiveofourown.org/works/5">AO3</a>.</p></body></html>'
    assert _read(link).source.format == "html"
    for era in (CURRENT, ERA_2019, ERA_2010):
        assert _read(render_html(STORY, era)).source.format == "ao3-html"
    other = render_oebps_epub(STORY, publisher="Someone")
    assert _read(other).source.format == "ao3-epub"  # preface.xhtml + afterword.xhtml + a /works/ identifier


def test_reading_a_100k_word_epub_is_fast() -> None:
    data = render_calibre_epub(big_work(100_000))
    _read(data)  # warm up
    started = time.perf_counter()
    doc = _read(data)
    elapsed = time.perf_counter() - started
    assert doc.word_count > 95_000 and len(doc.meta.chapter_titles) == 25
    assert elapsed < 1.0, f"reading took {elapsed:.2f} s"
