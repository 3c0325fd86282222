"""AO3 work pages saved from a browser (whole and fragments) read with the same metadata as the download."""

from __future__ import annotations

import dataclasses

import pytest
from ao3_fixtures import render_html, story_paragraphs
from ao3_page_fixtures import ORCHARD, ORCHARD_ONESHOT, render_saved_page, render_workskin

import ficlens

# what only the page shows (the download does not carry kudos or hits) or lays out its own way
_PAGE_ONLY = ("kudos", "hits", "extra", "notes")


def _meta(doc: ficlens.Document) -> dict[str, object]:
    return {k: v for k, v in dataclasses.asdict(doc.meta).items() if k not in _PAGE_ONLY}


@pytest.mark.parametrize("render", [render_saved_page, render_workskin], ids=["page", "fragment"])
@pytest.mark.parametrize("work", [ORCHARD, ORCHARD_ONESHOT], ids=["chaptered", "oneshot"])
def test_saved_page_reads_like_the_download(render, work) -> None:
    page = ficlens.read(render(work).encode())
    download = ficlens.read(render_html(work).encode())
    assert page.source.format == "ao3-page"
    assert _meta(page) == _meta(download)
    assert [(n.kind, n.chapter, n.text) for n in page.meta.notes] == [
        (n.kind, n.chapter, n.text) for n in download.meta.notes
    ]
    a, b = ficlens.analyze(page, syntax=False), ficlens.analyze(download, syntax=False)
    assert list(a.texts("paragraphs")) == list(b.texts("paragraphs")) == story_paragraphs(work)
    assert [c.title for c in a.layer("chapters")] == [c.title for c in b.layer("chapters")]


def test_saved_page_metadata_field_by_field() -> None:
    doc = ficlens.read(render_saved_page(ORCHARD).encode())
    meta = doc.meta
    assert meta.title == "The Orchard Ledger"
    assert meta.authors == ("hazelmere", "Pip_Quince (quincewrites)")
    assert meta.author_url == "https://archiveofourown.org/users/hazelmere/pseuds/hazelmere"
    assert meta.summary == "A village orchard gains a tree, and loses its patience."
    assert (meta.rating, meta.warnings, meta.categories) == (
        "Teen And Up Audiences",
        ("No Archive Warnings Apply",),
        ("Gen",),
    )
    assert meta.fandoms == ("Orchard Year (Web Serial)",)
    assert meta.relationships == ("Bramble Marten & Odd Marten",)
    assert meta.characters == ("Bramble Marten", "Odd Marten", "The Vicar")
    assert meta.freeform == ("Apples", "Small Town Mysteries")
    assert (meta.language, meta.series, meta.series_part) == ("English", "Orchard Year", 2)
    assert (meta.published, meta.completed, meta.words) == ("2021-03-14", "2021-04-02", 97)
    assert (meta.chapters_posted, meta.chapters_expected, meta.kudos, meta.hits) == (2, 2, 321, 4567)
    assert (meta.url, meta.work_id) == ("https://archiveofourown.org/works/51234567", "51234567")
    assert meta.chapter_titles == ("Chapter 1: Windfalls", "Chapter 2")
    assert meta.beta_readers == ("Fenna",)
    kinds = [(n.kind, n.chapter) for n in meta.notes]
    assert kinds == [
        ("summary", None),
        ("notes", None),
        ("chapter_summary", 1),
        ("chapter_notes", 1),
        ("chapter_end_notes", 1),
        ("end_notes", None),
    ]


def test_no_site_chrome_in_the_stored_text() -> None:
    doc = ficlens.read(render_saved_page(ORCHARD).encode())
    for chrome in (
        "Organization for Transformative Works",
        "Fandoms",
        "left kudos",
        "Leave a comment",
        "Entire Work",
        "Chapter Text",
        "Main Content",
    ):
        assert chrome not in doc.text
    analysed = ficlens.analyze(doc, syntax=False)
    assert len(analysed.layer("chapters")) == 2
