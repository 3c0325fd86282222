"""EPUB front and back matter: licence, imprint, colophon, title and contents pages are header/toc/footer regions,
never story text; printed page numbers are left out of sentences; an author with two roles stays an author; a
fixed-layout EPUB of SVG pages says why it has no text. Fixtures: ``matter_fixtures.py`` (an invented novella)."""

from __future__ import annotations

from pathlib import Path

import matter_fixtures as mf
import pytest

import ficlens
from ficlens.cli.main import main
from ficlens.ingest.package import EpubError

CHAPTER_TITLES = [ch.title for ch in mf.CHAPTERS]


def _regions(doc: ficlens.Document, kind: str) -> list[str]:
    return [doc.text[r.start : r.end] for r in doc.regions if r.kind == kind]


def _body_words(doc: ficlens.Document) -> int:
    heads = sum(len(t.split()) for t in _regions(doc, "heading"))
    return sum(len(t.split()) for t in _regions(doc, "body")) - heads


def _analyze(data: bytes) -> ficlens.Document:
    return ficlens.analyze(data, syntax=False, characters=False)


def test_standard_ebooks_like_front_and_back_matter_are_not_story() -> None:
    doc = _analyze(mf.standard_ebooks_like())
    assert doc.source.format == "epub"
    assert [c.title for c in doc.layer("chapters")] == CHAPTER_TITLES
    assert list(doc.texts("paragraphs")) == mf.story_paragraphs()
    headers, footers = _regions(doc, "header"), _regions(doc, "footer")
    assert headers[0].startswith(mf.TITLE) and headers[1].startswith("Imprint")
    assert headers[2] == "For my sister, who lit the lamps."  # the dedication
    assert [f.split("\n")[0] for f in footers] == ["Colophon", "Uncopyright"]
    body = "\n".join(_regions(doc, "body"))
    for words in ("Uncopyright", "public domain", "Imprint", "Colophon", "Lanternfish"):
        assert words not in body
    assert _body_words(doc) == mf.story_words()
    assert not doc.meta.notices


def test_standard_ebooks_like_metadata() -> None:
    meta = ficlens.read(mf.standard_ebooks_like()).meta
    assert meta.title == mf.TITLE
    assert meta.authors == (mf.AUTHOR,)  # roles aut and dto: still the author; the illustrator is not
    assert meta.language == "en-GB"
    assert meta.publisher == "Lanternfish Editions"
    assert meta.chapter_titles == tuple(CHAPTER_TITLES)


@pytest.mark.parametrize("build", [mf.standard_ebooks_like, mf.unmarked_epub2], ids=["pagebreak-span", "a.page"])
def test_printed_page_numbers_are_left_out_of_sentences(build: object) -> None:
    doc = _analyze(build())  # type: ignore[operator]
    paragraphs = list(doc.texts("paragraphs"))
    assert paragraphs == mf.story_paragraphs()  # "to comply 175 with" never happens
    assert "climbed 7 the" not in doc.text
    for page in mf.PAGE_NUMBERS[:3]:
        assert f" {page} " not in doc.text


def test_unmarked_front_pages_known_by_their_words() -> None:
    doc = _analyze(mf.unmarked_epub2())
    assert [c.title for c in doc.layer("chapters")] == CHAPTER_TITLES
    headers = _regions(doc, "header")
    assert headers[0] == f"{mf.TITLE}\n\n{mf.AUTHOR}\n\nHarbour Lights Press"  # the title page
    assert headers[1].startswith("Copyright © 2019") and "ISBN" in headers[1]  # the copyright page
    assert _regions(doc, "toc") == ["\n\n".join(CHAPTER_TITLES)]  # a contents page the NCX does not name
    assert _body_words(doc) == mf.story_words()
    assert doc.meta.authors == (mf.AUTHOR,)


def test_a_short_last_chapter_that_mentions_copyright_once_is_story() -> None:
    from fff_fixtures import build_epub

    docs = [
        ("c1.xhtml", "<h2>One</h2><p>" + " ".join(mf.CHAPTERS[0].paragraphs) + "</p>"),
        ("c2.xhtml", "<h2>Two</h2><p>She laughed at the copyright notice on the old chart, and went home.</p>"),
    ]
    doc = _analyze(build_epub(docs, toc=[("One", "c1.xhtml"), ("Two", "c2.xhtml")]))
    assert [c.title for c in doc.layer("chapters")] == ["One", "Two"]
    assert not _regions(doc, "footer") and not _regions(doc, "header")


def test_fixed_layout_svg_pages_are_a_clear_error() -> None:
    with pytest.raises(EpubError) as err:
        ficlens.read(mf.fixed_layout_svg())
    message = str(err.value)
    assert "3 of its 3 pages are images or SVG drawings (a fixed-layout EPUB)" in message
    assert "\n" not in message


def test_fixed_layout_svg_pages_with_only_a_title_page_of_text_are_an_error() -> None:
    with pytest.raises(EpubError, match="3 of its 4 pages are images or SVG drawings"):
        ficlens.read(mf.fixed_layout_svg(title_page=True))


def test_svg_pages_after_a_chapter_of_text_give_a_notice() -> None:
    doc = ficlens.read(mf.fixed_layout_svg(text_pages=1, title_page=True))
    assert doc.meta.notices == (
        "2 of the EPUB's 4 pages are images or SVG drawings with no text (a fixed-layout EPUB): their words could "
        "not be read",
    )
    assert _regions(doc, "header") == [f"{mf.TITLE}\n\n{mf.AUTHOR}"]


def test_cli_warns_about_drawn_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fixed.epub"
    path.write_bytes(mf.fixed_layout_svg(text_pages=1))
    assert main(["analyze", str(path), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert "images or SVG drawings" in capsys.readouterr().err
    path.write_bytes(mf.fixed_layout_svg())
    assert main(["analyze", str(path), "-o", str(tmp_path / "out"), "--quiet"]) == 1
    assert "pages are images or SVG drawings (a fixed-layout EPUB); ficlens reads text only" in capsys.readouterr().err
