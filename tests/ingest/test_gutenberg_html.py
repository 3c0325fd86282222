"""Project Gutenberg HTML (2023 layout and the older ``<pre>`` one): licence header and footer as regions, the
title and author from the header (or the ``<title>``), drop caps kept, captions and page numbers out of the
story, advertisements as back matter. Fixtures: ``gutenberg_html_fixtures.py`` (an invented novel)."""

from __future__ import annotations

import time

import gutenberg_html_fixtures as gf
import pytest

import ficlens

LAYOUTS = {"2023": gf.gutenberg_html_2023, "pre": gf.gutenberg_html_old}
CHAPTER_TITLES = [title for title, _paras in gf.CHAPTERS]


def _regions(doc: ficlens.Document, kind: str) -> list[str]:
    return [doc.text[r.start : r.end] for r in doc.regions if r.kind == kind]


def _expected_paragraphs() -> list[str]:
    out = []
    for _title, paras in gf.CHAPTERS:
        first, rest = paras[0].split(" ", 1)
        out += [f"{first.upper()} {rest}", *paras[1:]]  # the drop cap's word is set in capitals
    return out


@pytest.fixture(params=sorted(LAYOUTS), scope="module")
def doc(request: pytest.FixtureRequest) -> ficlens.Document:
    return ficlens.analyze(LAYOUTS[request.param]().encode(), syntax=False, characters=False)


def test_format_and_metadata(doc: ficlens.Document) -> None:
    assert doc.source.format == "gutenberg-html"
    assert doc.meta.title == gf.TITLE  # not "The Project Gutenberg eBook of …"
    assert doc.meta.authors == (gf.AUTHOR,)
    assert doc.meta.language == "English"
    assert doc.meta.publisher == "Project Gutenberg"
    assert doc.meta.chapter_titles == tuple(CHAPTER_TITLES)
    assert not doc.meta.notices


def test_chapters_and_story_text(doc: ficlens.Document) -> None:
    assert [c.title for c in doc.layer("chapters")] == CHAPTER_TITLES  # captions do not join the headings
    assert list(doc.texts("paragraphs")) == _expected_paragraphs()  # "NOT all", never "OT all"
    body = "\n".join(_regions(doc, "body"))
    story_words = sum(len(p.split()) for p in gf.story_paragraphs())
    heading_words = sum(len(t.split()) for t in CHAPTER_TITLES)
    assert len(body.split()) - heading_words == story_words
    for page in gf.PAGES:
        assert page not in doc.text
    for caption in gf.CAPTIONS:
        assert caption not in body


def test_licence_and_advertisements_are_header_and_footer(doc: ficlens.Document) -> None:
    headers, footers = _regions(doc, "header"), _regions(doc, "footer")
    assert "START OF TH" in headers[0] and "for the use of anyone anywhere" in headers[0]
    assert footers[0] == "ADVERTISEMENTS"
    assert "END OF TH" in "\n".join(footers) and "Cloth, half a crown." in "\n".join(footers)
    assert _regions(doc, "toc")[0].startswith("CONTENTS")
    body = "\n".join(_regions(doc, "body"))
    for words in ("Gutenberg", "ADVERTISEMENTS", "Cloth", "Produced by"):
        assert words not in body


def test_reads_fast() -> None:
    page = gf.gutenberg_html_2023()
    head, tail = page.split("<h2>CONTENTS</h2>", 1)
    big = head + "<h2>CONTENTS</h2>" + tail.replace("</div>\n<h2>ADV", "</div>\n" + gf._book() * 500 + "\n<h2>ADV", 1)
    data = big.encode()
    start = time.process_time()
    doc = ficlens.read(data)
    seconds = time.process_time() - start
    assert len(data) > 850_000 and len(doc.meta.chapter_titles) > 300
    assert seconds < 2.0 * len(data) / 1e6 + 0.2, f"{seconds:.2f} s for {len(data) / 1e6:.2f} MB"
