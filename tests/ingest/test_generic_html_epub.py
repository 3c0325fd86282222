"""Any HTML page and any EPUB 2 or 3: chapters from headings or the table of contents, front matter kept out of
the body, Dublin Core metadata. Every EPUB here is built in the test with ``zipfile`` (``fff_fixtures.py``); the
story is invented.
"""

from __future__ import annotations

from html import escape

import pytest
from fff_fixtures import STORY, build_epub, chapter_body, epub2, epub3, html_page

import ficlens

CHAPTER_TITLES = [ch.title for ch in STORY.chapters]
STORY_PARAGRAPHS = [
    p.replace("<em>", "").replace("</em>", "") for ch in STORY.chapters for p in ch.paragraphs if p != "<hr/>"
]
SUMMARY = "A broken bell, a frozen workshop, and a mayor who wants his clock by noon."


def _analyze(data: bytes | str) -> ficlens.Document:
    return ficlens.analyze(data.encode() if isinstance(data, str) else data, syntax=False, characters=False)


def _regions(doc: ficlens.Document, kind: str) -> list[str]:
    return [doc.text[r.start : r.end] for r in doc.regions if r.kind == kind]


def _body(doc: ficlens.Document) -> str:
    return "\n".join(_regions(doc, "body"))


def _headings_inside_bodies(doc: ficlens.Document) -> None:
    bodies = [r for r in doc.regions if r.kind == "body"]
    for h in (r for r in doc.regions if r.kind == "heading"):
        assert any(b.contains(h) for b in bodies), f"heading {doc.text[h.start : h.end]!r} outside the body"


# ------------------------------------------------------------------------------------------------ any HTML page
def test_html_page_metadata_and_chapters() -> None:
    doc = _analyze(html_page(STORY))
    assert doc.source.format == "html"
    assert doc.meta.title == "The Clockmaker's Winter"
    assert doc.meta.authors == ("inkwellwren",)  # <meta name="author">
    assert doc.meta.summary == SUMMARY  # <meta name="description">
    assert doc.meta.chapter_titles == tuple(CHAPTER_TITLES)
    assert _regions(doc, "header") == ["The Clockmaker's Winter\n\nby inkwellwren"]
    assert _regions(doc, "heading") == CHAPTER_TITLES
    _headings_inside_bodies(doc)
    assert [c.title for c in doc.layer("chapters")] == CHAPTER_TITLES
    assert list(doc.texts("paragraphs")) == STORY_PARAGRAPHS
    assert len(doc.layer("scene_breaks")) == 1
    assert [doc.text[s.start : s.end] for s in doc.layer("styles") if s.kind == "em"] == ["great", "clear"]


def test_html_page_with_one_heading_per_level_leaves_chapters_to_the_structure_stage() -> None:
    page = (
        "<html><head><title>Short</title></head><body><h1>Short</h1>"
        "<p>Chapter 1</p><p>It snowed all night on the lower town.</p>"
        "<p>Chapter 2</p><p>In the morning the bell rang.</p></body></html>"
    )
    doc = _analyze(page)
    assert _regions(doc, "heading") == []
    assert [c.title for c in doc.layer("chapters")] == ["Chapter 1", "Chapter 2"]


def test_html_page_byline_is_short_and_no_sentence() -> None:
    page = "<html><body><h1>Snow</h1><p>By the time the snow stopped, the bell had rung twice.</p><p>Then quiet.</p>"
    doc = _analyze(page)
    assert _regions(doc, "header") == ["Snow"]
    assert list(doc.texts("paragraphs")) == ["By the time the snow stopped, the bell had rung twice.", "Then quiet."]


def test_html_page_title_by_author_split_when_the_h1_repeats_the_title() -> None:
    page = "<html><head><title>Winter Bells by inkwellwren</title></head><body><h1>Winter Bells</h1><p>Text.</p>"
    meta = ficlens.read(page.encode()).meta
    assert (meta.title, meta.authors) == ("Winter Bells", ("inkwellwren",))
    page = "<html><head><title>Stand by Me</title></head><body><h1>Something else</h1><p>Text.</p>"
    meta = ficlens.read(page.encode()).meta
    assert (meta.title, meta.authors) == ("Stand by Me", ())


def test_html_page_title_from_the_first_h1_without_a_title_element() -> None:
    page = "<html><body><h1>Snowfall</h1><p>It snowed.</p></body></html>"
    assert ficlens.read(page.encode()).meta.title == "Snowfall"


def test_html_page_sections_that_are_not_chapters() -> None:
    page = (
        "<html><head><title>Snowfall</title></head><body><h1>Snowfall</h1>"
        "<h2>Summary</h2><p>A <em>cold</em> night.</p>"
        "<h2>Author's Note</h2><p>Thanks to Perpetua for the beta.</p>"
        "<h2>Contents</h2><p>Chapter 1<br/>Chapter 2</p>"
        "<h2>Chapter 1</h2><p>It snowed.</p><p>“Hello,” said Ann.</p>"
        "<h2>Chapter 2</h2><p>It stopped.</p>"
        "<h2>Notes</h2><p>Bye for now.</p></body></html>"
    )
    doc = _analyze(page)
    assert [c.title for c in doc.layer("chapters")] == ["Chapter 1", "Chapter 2"]
    assert list(doc.texts("paragraphs")) == ["It snowed.", "“Hello,” said Ann.", "It stopped."]
    assert doc.meta.summary == "A cold night."
    assert [(n.kind, n.text) for n in doc.meta.notes] == [
        ("notes", "Thanks to Perpetua for the beta."),
        ("end_notes", "Bye for now."),
    ]
    assert doc.meta.beta_readers == ("Perpetua",)
    assert _regions(doc, "toc") == ["Contents\n\nChapter 1\nChapter 2"]
    for note in doc.meta.notes:
        assert note.start is not None and doc.text[note.start : note.end] == note.text


def test_html_page_double_line_breaks_are_paragraph_breaks() -> None:
    page = "<html><body><p>It snowed all night.<br/><br/>“Well?” he said.<br/>She shrugged.</p></body></html>"
    doc = _analyze(page)
    assert list(doc.texts("paragraphs")) == ["It snowed all night.", "“Well?” he said.\nShe shrugged."]


def test_html_page_with_nothing_in_its_body_is_an_error() -> None:
    with pytest.raises(ficlens.IngestError) as err:
        ficlens.read(b"<html><head><title>Empty</title></head><body>  </body></html>")
    assert "\n" not in str(err.value)


# ------------------------------------------------------------------------------------------------ EPUB 2
def test_epub2_chapters_from_the_ncx_and_front_matter_left_out() -> None:
    doc = _analyze(epub2(STORY))
    assert doc.source.format == "epub"
    assert [c.title for c in doc.layer("chapters")] == CHAPTER_TITLES
    assert list(doc.texts("paragraphs")) == STORY_PARAGRAPHS
    assert _regions(doc, "header") == ["The Clockmaker's Winter\n\nby inkwellwren"]  # the title page
    assert doc.text.count("Chapter 1: The Broken Bell") == 1  # the repeated <h1> is written once
    _headings_inside_bodies(doc)
    assert "by inkwellwren" not in _body(doc)
    assert [doc.text[s.start : s.end] for s in doc.layer("styles") if s.kind == "em"] == ["great", "clear"]


def test_epub2_dublin_core_metadata() -> None:
    meta = ficlens.read(epub2(STORY)).meta
    assert meta.title == "The Clockmaker's Winter"
    assert meta.authors == ("inkwellwren",)  # the illustrator (opf:role="ill") is not an author
    assert meta.language == "en"
    assert meta.freeform == ("Winter", "Clocks & Bells")  # a double-escaped subject decoded
    assert meta.summary == SUMMARY  # dc:description holds escaped HTML
    assert meta.publisher == "Copper Valley Press"
    assert meta.published == "2021-01-09"  # a timestamp cut to its day
    assert meta.url == "https://fiction.example.org/s/4242/1"
    assert (meta.series, meta.series_part) == ("Copper Valley Winters", 2)
    assert meta.chapter_titles == tuple(CHAPTER_TITLES)


# ------------------------------------------------------------------------------------------------ EPUB 3
def test_epub3_nav_document_and_fragments() -> None:
    doc = _analyze(epub3(STORY))
    assert doc.source.format == "epub"
    assert [c.title for c in doc.layer("chapters")] == CHAPTER_TITLES  # chapters 2 and 3 share one file
    assert list(doc.texts("paragraphs")) == STORY_PARAGRAPHS
    assert _regions(doc, "toc")[0].startswith("Contents")  # the nav document, in the spine, is not story
    assert "Contents" not in _body(doc)
    for title in CHAPTER_TITLES:
        assert doc.text.count(title) == 2  # once in the nav page, once as the chapter heading
    _headings_inside_bodies(doc)


def test_epub3_metadata() -> None:
    meta = ficlens.read(epub3(STORY)).meta
    assert meta.title == "The Clockmaker's Winter"
    assert meta.authors == ("inkwellwren",)  # the editor (refines role "edt") is not an author
    assert meta.url == "https://fiction.example.org/s/4242/1"  # dc:source
    assert meta.published == "2021-01-09"
    assert meta.updated is None  # dcterms:modified is the file's date, not the story's
    assert (meta.series, meta.series_part) == ("Copper Valley Winters", 2)  # belongs-to-collection
    assert meta.summary == SUMMARY


# ------------------------------------------------------------------------------------------------ EPUB variations
def _docs(heading: str | None = "h1") -> list[tuple[str, str]]:
    return [(f"c{k + 1}.xhtml", chapter_body(STORY, k, heading)) for k in range(len(STORY.chapters))]


def test_epub_without_a_toc_takes_chapters_from_leading_headings() -> None:
    doc = _analyze(build_epub(_docs("h2"), toc=None))
    assert [c.title for c in doc.layer("chapters")] == CHAPTER_TITLES
    assert _regions(doc, "heading") == CHAPTER_TITLES


def test_epub_toc_label_and_document_heading_differ() -> None:
    toc = [(f"Part {k + 1}", f"c{k + 1}.xhtml") for k in range(3)]
    doc = _analyze(build_epub(_docs("h1"), toc=toc))
    # "Part 1" and "Chapter 1: The Broken Bell" do not name the same thing: the label heads the chapter and the
    # document's own heading stays as a line under it (the structure stage joins them)
    assert _regions(doc, "heading") == ["Part 1", "Part 2", "Part 3"]
    assert len(doc.layer("chapters")) == 3
    short = [(f"Chapter {k + 1}", f"c{k + 1}.xhtml") for k in range(3)]
    doc = _analyze(build_epub(_docs("h1"), toc=short))
    assert _regions(doc, "heading") == CHAPTER_TITLES  # the longer of two that agree
    assert doc.text.count("Chapter 1") == 1


def test_epub_documents_the_toc_does_not_name_continue_the_chapter() -> None:
    docs = _docs(None)
    first, rest = docs[0][1].split("<p>“The mayor can wait,”", 1)
    split = [("c1.xhtml", first), ("c1_split.xhtml", "<p>“The mayor can wait,”" + rest), *docs[1:]]
    toc = [(title, f"c{k + 1}.xhtml") for k, title in enumerate(CHAPTER_TITLES)]
    doc = _analyze(build_epub(split, toc=toc))
    assert [c.title for c in doc.layer("chapters")] == CHAPTER_TITLES
    assert list(doc.texts("paragraphs")) == STORY_PARAGRAPHS


@pytest.mark.parametrize("nav", [False, True], ids=["ncx", "nav"])
def test_epub_front_matter_named_by_label_or_file_name(nav: bool) -> None:
    docs = [
        ("cover.xhtml", '<div><img src="c.png" alt="cover"/></div>'),
        ("copyright.xhtml", "<p>Copyright 2024 inkwellwren. All rights reserved.</p>"),
        ("contents.xhtml", "<h2>Contents</h2><p>" + "<br/>".join(escape(t) for t in CHAPTER_TITLES) + "</p>"),
        *_docs("h1"),
    ]
    toc = [("Copyright", "copyright.xhtml"), *((t, f"c{k + 1}.xhtml") for k, t in enumerate(CHAPTER_TITLES))]
    doc = _analyze(build_epub(docs, toc=toc, nav=nav))
    assert [c.title for c in doc.layer("chapters")] == CHAPTER_TITLES
    assert list(doc.texts("paragraphs")) == STORY_PARAGRAPHS
    assert "Copyright 2024" in _regions(doc, "header")[0]
    assert _regions(doc, "toc")[-1].startswith("Contents")
    body = _body(doc)
    assert "Copyright" not in body and "Contents" not in body


def test_epub_toc_pointing_at_missing_files_and_fragments() -> None:
    toc = [("Nowhere", "missing.xhtml"), ("Chapter 1: The Broken Bell", "c1.xhtml#no-such-id"), ("Bad", "../x.xhtml")]
    doc = _analyze(build_epub(_docs("h1"), toc=toc))
    assert doc.layer("chapters")[0].title == "Chapter 1: The Broken Bell"
    assert list(doc.texts("paragraphs")) == STORY_PARAGRAPHS


def test_epub_with_a_broken_document_is_a_one_line_ingest_error() -> None:
    docs = [("c1.xhtml", chapter_body(STORY, 0))]
    data = build_epub(docs, toc=None, extra_members=[("OEBPS/c2.xhtml", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)])
    # c2 is not in the spine: it is never opened, and the story reads
    assert [c.title for c in _analyze(data).layer("chapters")] == [CHAPTER_TITLES[0]]
