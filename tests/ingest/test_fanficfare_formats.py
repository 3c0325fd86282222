"""FanFicFare HTML and EPUB, FanFicFare's output of AO3 works (notes inside chapters), the JSON metadata sidecar,
and the same story read from every format giving the same text and the same NLP.

The story and all its metadata are invented (``fff_fixtures.py``); the ``../shared`` samples are only read.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import NamedTuple

import pytest
from fff_fixtures import (
    AO3_JSON_EXTRA,
    AO3_NOTES,
    AO3_STORY,
    STORY,
    epub2,
    epub3,
    fff_epub,
    fff_html,
    fff_json,
    fff_txt,
    html_page,
    plain_text,
    static_files,
)

import ficlens
from conftest import FIXTURES, shared_path
from ficlens.ingest import fanficfare

STORY_PARAGRAPHS = [p.replace("<em>", "").replace("</em>", "") for ch in STORY.chapters for p in ch.paragraphs]
STORY_PARAGRAPHS = [p for p in STORY_PARAGRAPHS if p != "<hr/>"]
CHAPTER_TITLES = [ch.title for ch in STORY.chapters]
SUMMARY = "A broken bell, a frozen workshop, and a mayor who wants his clock by noon."


def _analyze(data: bytes | Path) -> ficlens.Document:
    return ficlens.analyze(data, syntax=False, characters=False)


def _body_text(doc: ficlens.Document) -> str:
    return "\n".join(doc.text[r.start : r.end] for r in doc.regions if r.kind == "body")


def _regions(doc: ficlens.Document, kind: str) -> list[str]:
    return [doc.text[r.start : r.end] for r in doc.regions if r.kind == kind]


# ------------------------------------------------------------------------------------------------ sniffing
@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (fff_txt(STORY), "fanficfare-txt"),
        (fff_html(STORY).encode(), "fanficfare-html"),
        (fff_html(AO3_STORY).encode(), "fanficfare-html"),
        (fff_epub(STORY), "fanficfare-epub"),
        (fff_epub(AO3_STORY, table_title_page=True), "fanficfare-epub"),
        (fff_epub(STORY, title_page=False), "fanficfare-epub"),
        (epub2(STORY), "epub"),
        (epub3(STORY), "epub"),
        (html_page(STORY).encode(), "html"),
        (plain_text(STORY).encode(), "plain"),
    ],
)
def test_each_rendering_is_sniffed_as_its_format(data: bytes, fmt: str) -> None:
    assert ficlens.read(data).source.format == fmt


def test_sniff_html_signatures() -> None:
    assert fanficfare.sniff_html('<html><body><a name="TOCTOP"><h2>Table of Contents</h2></a></body></html>')
    assert fanficfare.sniff_html("<body><a name='section0001'><h2>One</h2></a><p>x</p></body>")
    assert fanficfare.sniff_html('<body><table class="full"></table><a class="authorlink" href="#">A</a></body>')
    assert not fanficfare.sniff_html('<body><a name="section12">x</a><table class="wide"></table></body>')
    assert not fanficfare.sniff_html(html_page(STORY))


# ------------------------------------------------------------------------------------------------ FFF HTML
def test_fff_html_metadata_field_by_field() -> None:
    meta = ficlens.read(fff_html(STORY).encode()).meta
    assert meta.title == "The Clockmaker's Winter"
    assert meta.authors == ("inkwellwren",)
    assert meta.fandoms == ("The Copper Valley Cycle",)  # FanFicFare's Category holds fandoms
    assert meta.categories == ()
    assert meta.genres == ("Friendship", "Hurt/Comfort")
    assert meta.language == "English"
    assert meta.characters == ("Wenna Falk", "Casimir Dunmore")
    assert meta.relationships == ("Wenna Falk & Casimir Dunmore",)
    assert meta.status == "Completed"
    assert meta.published == "2021-01-09"
    assert meta.updated == "2021-02-20"
    assert meta.rating == "K+"
    assert meta.warnings == ("None",)
    assert meta.chapters == "3"
    assert meta.words == 1318
    assert meta.publisher == "fiction.example.org"
    assert (meta.series, meta.series_part) == ("Copper Valley Winters", 2)  # FanFicFare writes "Name [2]"
    assert meta.url == "https://fiction.example.org/s/4242/1"
    assert meta.author_url == "https://fiction.example.org/u/77/inkwellwren"
    assert meta.summary == SUMMARY
    assert ("Series URL", "https://fiction.example.org/series/9") in meta.extra
    assert ("Packaged", "2024-05-01 10:11:12") in meta.extra
    assert meta.chapter_titles == tuple(CHAPTER_TITLES)
    assert meta.notes == ()


def test_fff_html_layout_and_chapters() -> None:
    doc = _analyze(fff_html(STORY).encode())
    assert [c.title for c in doc.layer("chapters")] == CHAPTER_TITLES
    assert list(doc.texts("paragraphs")) == STORY_PARAGRAPHS
    assert len(doc.layer("scene_breaks")) == 1  # the <hr/>
    assert _regions(doc, "header")[0] == "The Clockmaker's Winter by inkwellwren"
    assert "Status: Completed" in _regions(doc, "header")
    assert _regions(doc, "summary") == [f"Summary:\n\n{SUMMARY}"]
    assert _regions(doc, "toc")[0] == "Table of Contents"
    body = _body_text(doc)
    assert "Table of Contents" not in body and "Status:" not in body and SUMMARY not in body
    bodies = [r for r in doc.regions if r.kind == "body"]
    for h in (r for r in doc.regions if r.kind == "heading"):
        assert any(b.contains(h) for b in bodies), "a heading region outside the body starts no chapter"


@pytest.mark.parametrize("kind", ["html", "epub"])
def test_styles_cover_the_em_words(kind: str) -> None:
    data = fff_html(STORY).encode() if kind == "html" else fff_epub(STORY)
    doc = ficlens.read(data)
    em = [doc.text[s.start : s.end] for s in doc.layer("styles") if s.kind == "em"]
    assert em == ["great", "clear"]
    strong = [doc.text[s.start : s.end] for s in doc.layer("styles") if s.kind == "strong"]
    assert "Status:" in strong  # the title page's <b>Label:</b>


def test_fff_html_survives_odd_nesting_and_loose_anchors() -> None:
    html = fff_html(AO3_STORY)
    # an unclosed <div> in chapter 1's text: the anchors after it end up nested inside it
    unclosed = html.replace('role="article">', 'role="article"><div>', 1)
    # anchors that close before their heading: <a name="section0001"></a><h2>…</h2>
    loose = html.replace('"><h2>', '"></a><h2>').replace("</h2></a>", "</h2>")
    for data in (unclosed, loose):
        doc = _analyze(data.encode())
        assert [c.title for c in doc.layer("chapters")] == CHAPTER_TITLES
        assert list(doc.texts("paragraphs")) == STORY_PARAGRAPHS
        assert len(doc.meta.notes) == 7


# ------------------------------------------------------------------------------------------------ FFF EPUB
@pytest.mark.parametrize("table", [False, True], ids=["bold-labels", "table"])
def test_fff_epub_reads_title_page_chapters_and_opf(table: bool) -> None:
    doc = _analyze(fff_epub(STORY, table_title_page=table))
    assert doc.source.format == "fanficfare-epub"
    assert [c.title for c in doc.layer("chapters")] == CHAPTER_TITLES
    assert list(doc.texts("paragraphs")) == STORY_PARAGRAPHS
    meta = doc.meta
    assert (meta.title, meta.authors, meta.fandoms) == (
        "The Clockmaker's Winter",
        ("inkwellwren",),
        ("The Copper Valley Cycle",),
    )
    assert meta.relationships == ("Wenna Falk & Casimir Dunmore",)
    assert (meta.words, meta.chapters, meta.status) == (1318, "3", "Completed")
    assert meta.summary == SUMMARY
    assert meta.url == "https://fiction.example.org/s/4242/1"
    assert meta.language == "English"  # the title page's, not the OPF's fallback "en"
    assert meta.freeform == ()  # the OPF's untyped subjects fill no tag field
    assert "Title Page" not in _body_text(doc) and "Packaged:" not in _body_text(doc)


def test_fff_epub_without_title_page_falls_back_on_the_opf() -> None:
    meta = ficlens.read(fff_epub(STORY, title_page=False)).meta
    assert meta.title == "The Clockmaker's Winter"
    assert meta.authors == ("inkwellwren",)
    assert meta.published == "2021-01-09"  # dc:date opf:event="publication"
    assert meta.updated == "2021-02-20"  # dc:date opf:event="modification"
    assert meta.url == "https://fiction.example.org/s/4242/1"  # dc:source / URL identifier
    assert meta.publisher == "fiction.example.org"
    assert meta.summary == SUMMARY
    assert meta.status == "Completed"  # from the subjects
    assert meta.chapter_titles == tuple(CHAPTER_TITLES)


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, content if info.filename == name else src.read(info.filename))
    return out.getvalue()


def test_fff_epub_chapter_title_from_the_head_meta_when_the_h3_is_missing() -> None:
    data = fff_epub(STORY)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        chapter = zf.read("OEBPS/file0002.xhtml").decode()
    chapter = chapter.replace('<h3 class="fff_chapter_title">Chapter 2: Frost on the Gears</h3>', "")
    doc = _analyze(_replace_member(data, "OEBPS/file0002.xhtml", chapter.encode()))
    assert [c.title for c in doc.layer("chapters")] == CHAPTER_TITLES


def test_fff_epub_with_a_binary_chapter_is_a_one_line_ingest_error() -> None:
    data = _replace_member(fff_epub(STORY), "OEBPS/file0002.xhtml", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(ficlens.IngestError) as err:
        ficlens.read(data)
    assert "\n" not in str(err.value)


def test_three_fff_formats_give_the_same_metadata_for_the_same_story() -> None:
    def fields(data: bytes) -> dict[str, object]:
        out = dataclasses.asdict(ficlens.read(data).meta)
        out.pop("chapter_titles")  # the TXT reader does not list them
        return out

    txt = fields(fff_txt(STORY))
    assert txt["title"] == "The Clockmaker's Winter" and txt["words"] == 1318
    assert fields(fff_html(STORY).encode()) == txt
    assert fields(fff_epub(STORY)) == txt
    assert fields(fff_epub(STORY, table_title_page=True)) == txt


# ------------------------------------------------------------------------------------------------ AO3 works
@pytest.mark.parametrize("kind", ["html", "epub"])
def test_fff_output_of_an_ao3_work_keeps_notes_out_of_the_story(kind: str) -> None:
    data = fff_html(AO3_STORY).encode() if kind == "html" else fff_epub(AO3_STORY, table_title_page=True)
    doc = _analyze(data)
    assert [c.title for c in doc.layer("chapters")] == CHAPTER_TITLES
    assert list(doc.texts("paragraphs")) == STORY_PARAGRAPHS
    notes = [(n.kind, n.chapter, n.text) for n in doc.meta.notes]
    assert notes == [
        ("notes", None, AO3_NOTES["notes"]),
        ("chapter_summary", 1, AO3_NOTES["chapter_summary"]),
        ("chapter_notes", 1, AO3_NOTES["chapter_notes"]),
        ("chapter_end_notes", 1, AO3_NOTES["chapter_end_notes"]),
        ("chapter_summary", 2, "The cold gets into everything."),
        ("chapter_end_notes", 3, "Noon, at last."),
        ("end_notes", None, AO3_NOTES["end_notes"]),
    ]
    bodies = [r for r in doc.regions if r.kind == "body"]
    for n in doc.meta.notes:
        assert n.start is not None and n.end is not None
        assert doc.text[n.start : n.end] == n.text
        assert not any(b.start < n.end and n.start < b.end for b in bodies), f"note {n.kind} inside a body"
    body = _body_text(doc)
    for label in ("Author's Note:", "Summary for the Chapter:", "Notes for the Chapter:", "snow.", "Noon, at last"):
        assert label not in body
    assert "This chapter is mostly snow." in _regions(doc, "chapter_notes")[1]
    assert _regions(doc, "notes") == [f"Author's Note:\n\n{AO3_NOTES['notes']}"]
    assert _regions(doc, "end_notes") == [f"Author's Note:\n\n{AO3_NOTES['end_notes']}"]
    # chapter 1: heading body, head notes, text body, foot notes
    kinds = [r.kind for r in doc.regions if r.kind != "heading"]
    first = kinds.index("body")
    assert kinds[first : first + 6] == ["body", "notes", "chapter_notes", "chapter_notes", "body", "chapter_notes"]


@pytest.mark.parametrize("kind", ["html", "epub"])
def test_fff_output_of_an_ao3_work_metadata(kind: str) -> None:
    data = fff_html(AO3_STORY).encode() if kind == "html" else fff_epub(AO3_STORY, table_title_page=True)
    meta = ficlens.read(data).meta
    assert meta.fandoms == ("The Copper Valley Cycle", "Clockwork Tales (Audio Drama)")  # Category
    assert meta.genres == ("Winter", "Clock Repair", "Gen")  # Genre, as read
    assert meta.categories == ("Gen",)  # the AO3 category inside Genre
    assert meta.freeform == ("Winter", "Clock Repair")  # the Additional Tags inside Genre
    assert meta.rating == "General Audiences"
    assert meta.warnings == ("No Archive Warnings Apply",)
    assert meta.work_id == "5550123"
    assert meta.url == "https://archiveofourown.org/works/5550123"
    assert meta.beta_readers == ("Perpetua",)  # credited in the work's notes


# ------------------------------------------------------------------------------------------------ JSON sidecar
def _story_with_sidecar(tmp_path: Path, sidecar: str, content: str | bytes, story: bytes | None = None) -> Path:
    path = tmp_path / "winter.txt"
    path.write_bytes(story if story is not None else plain_text(STORY).encode())
    side = tmp_path / sidecar
    if isinstance(content, bytes):
        side.write_bytes(content)
    else:
        side.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["winter.txt.json", "winter.json", "winter.meta.json"])
def test_sidecar_fills_a_plain_story(tmp_path: Path, name: str) -> None:
    meta = ficlens.read(_story_with_sidecar(tmp_path, name, fff_json(STORY))).meta
    assert meta.title == "The Clockmaker's Winter"
    assert meta.authors == ("inkwellwren",)
    assert meta.fandoms == ("The Copper Valley Cycle",)
    assert meta.relationships == ("Wenna Falk & Casimir Dunmore",)  # &amp; unescaped
    assert meta.words == 1318  # "1,318"
    assert meta.chapters == "3"
    assert (meta.published, meta.updated, meta.status) == ("2021-01-09", "2021-02-20", "Completed")
    assert meta.summary == SUMMARY  # description HTML made text
    assert meta.language == "English"
    assert meta.url == "https://fiction.example.org/s/4242/1"
    assert (meta.series, meta.series_part) == ("Copper Valley Winters", 2)  # FanFicFare writes "Name [2]"
    assert meta.chapter_titles == tuple(CHAPTER_TITLES)
    record = dict(meta.extra)["sidecar"]
    assert record.startswith(f"{name}: filled title, authors, summary")


def test_sidecar_fills_only_what_the_file_left_empty(tmp_path: Path) -> None:
    path = tmp_path / "winter.epub"
    path.write_bytes(fff_epub(STORY))
    side = json.loads(fff_json(STORY))
    side.update(title="Another Title", rating="M", kudos="12")
    (tmp_path / "winter.epub.json").write_text(json.dumps(side), encoding="utf-8")
    meta = ficlens.read(path).meta
    assert meta.title == "The Clockmaker's Winter"
    assert meta.rating == "K+"
    assert meta.kudos == 12  # the one field the EPUB left empty
    assert dict(meta.extra)["sidecar"] == "winter.epub.json: filled kudos"


def test_sidecar_precedence_ext_json_first(tmp_path: Path) -> None:
    path = _story_with_sidecar(tmp_path, "winter.json", fff_json(dataclasses.replace(STORY, title="Second")))
    (tmp_path / "winter.txt.json").write_text(fff_json(STORY), encoding="utf-8")
    assert ficlens.read(path).meta.title == "The Clockmaker's Winter"


def test_sidecar_with_ao3_extras(tmp_path: Path) -> None:
    path = _story_with_sidecar(tmp_path, "winter.json", fff_json(AO3_STORY, **AO3_JSON_EXTRA))
    meta = ficlens.read(path).meta
    assert meta.fandoms == ("The Copper Valley Cycle", "Clockwork Tales (Audio Drama)")
    assert meta.freeform == ("Winter", "Clock Repair")
    assert meta.categories == ("Gen",)
    assert (meta.kudos, meta.hits, meta.bookmarks, meta.comments) == (1204, 15877, 96, 131)
    assert meta.collections == ("Winter Fest 2021",)
    assert meta.work_id == "5550123"


def test_static_ao3_fixture_reads_its_sidecar() -> None:
    meta = ficlens.read(FIXTURES / "fanficfare" / "clockmakers-winter-ao3.html").meta
    assert meta.kudos == 1204 and meta.collections == ("Winter Fest 2021",)
    assert meta.freeform == ("Winter", "Clock Repair")  # the file's own, not replaced
    assert dict(meta.extra)["sidecar"].startswith("clockmakers-winter-ao3.html.json: filled collections, kudos")


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        ("{not json", "is not JSON"),
        ("[1, 2, 3]", "holds a JSON list, not an object"),
        ('"a string"', "holds a JSON str, not an object"),
        ('{"colour": "blue"}', "is not FanFicFare metadata"),
        (b'{"title": "\xff\xfe"}', "is not UTF-8 text"),
        ("[" * 100_000 + "]" * 100_000, "is not JSON"),
        ('{"title": "' + "x" * (1024 * 1024) + '"}', "over the 1048576 byte limit"),
    ],
    ids=["not-json", "list", "string", "foreign-object", "not-utf8", "nesting-bomb", "too-big"],
)
def test_broken_sidecar_is_ignored_with_a_warning(tmp_path: Path, content: str | bytes, cause: str) -> None:
    doc = ficlens.read(_story_with_sidecar(tmp_path, "winter.json", content))
    assert doc.meta.title is None  # the plain story's own metadata, untouched
    assert list(doc.texts("regions"))  # the story itself is read
    warning = dict(doc.meta.extra)["sidecar"]
    assert warning.startswith("ignored: winter.json ") and cause in warning
    assert "\n" not in warning


def test_sidecar_with_odd_values_never_raises(tmp_path: Path) -> None:
    odd = {"title": 12, "author": ["A", "B"], "numWords": "many", "zchapters": [[1], "x", {"title": 3}],
           "description": "<!ENTITY x 'y'><p>hi</p>", "ships": None, "kudos": True}  # fmt: skip
    meta = ficlens.read(_story_with_sidecar(tmp_path, "winter.json", json.dumps(odd))).meta
    assert meta.title == "12"
    assert meta.authors == ("A", "B")
    assert meta.words is None and meta.kudos is None
    assert meta.summary == "hi"  # an HTML parser refusal falls back on stripping the tags


def test_ficlens_output_beside_the_story_is_not_a_sidecar(tmp_path: Path) -> None:
    path = _story_with_sidecar(tmp_path, "winter.json", json.dumps({"format": "ficlens-document", "version": 1}))
    assert "sidecar" not in dict(ficlens.read(path).meta.extra)


def test_bytes_and_stdin_have_no_sidecar() -> None:
    assert "sidecar" not in dict(ficlens.read(plain_text(STORY).encode()).meta.extra)


# ------------------------------------------------------------------------------------------------ static fixtures
def test_static_fixtures_match_their_builders() -> None:
    for path, data in static_files().items():
        assert path.exists(), f"{path} is missing: run python tests/ingest/fff_fixtures.py"
        stale = f"{path} is stale: run python tests/ingest/fff_fixtures.py"
        if isinstance(data, str):
            assert path.read_text(encoding="utf-8") == data, stale
        elif not data.startswith(b"PK"):
            assert path.read_bytes() == data, stale
        else:
            with zipfile.ZipFile(path) as have, zipfile.ZipFile(io.BytesIO(data)) as want:
                assert have.namelist() == want.namelist(), path
                for name in want.namelist():
                    assert have.read(name) == want.read(name), f"{path}:{name} is stale"


# ------------------------------------------------------------------------------------------------ the samples
SAMPLES = ("fanficfare-test.txt", "fanficfare-test.html", "fanficfare-test.epub")


@pytest.fixture(scope="module")
def samples() -> dict[str, ficlens.Document]:
    return {name: _analyze(shared_path("formats", "samples", name)) for name in SAMPLES}


def test_samples_are_sniffed(samples: dict[str, ficlens.Document]) -> None:
    formats = [samples[name].source.format for name in SAMPLES]
    assert formats == ["fanficfare-txt", "fanficfare-html", "fanficfare-epub"]


def test_the_three_samples_give_the_same_metadata_and_chapters(samples: dict[str, ficlens.Document]) -> None:
    def key(doc: ficlens.Document) -> tuple[object, ...]:
        m = doc.meta
        return (
            m.title, m.authors, m.fandoms, m.characters, m.relationships, m.status, m.published, m.updated,
            m.words, m.chapters, m.rating, m.warnings, m.genres, m.series, m.series_part, m.url, m.author_url,
            m.publisher,
            tuple(c.title for c in doc.layer("chapters")),
        )  # fmt: skip

    txt, html, epub = (key(samples[name]) for name in SAMPLES)
    assert html == txt
    assert epub == txt
    meta = samples["fanficfare-test.epub"].meta
    assert meta.title == "Test Story Title 1" and meta.authors == ("Test Author aa",)
    assert len(meta.fandoms) == 5 and meta.words == 123456 and meta.chapters == "9"
    assert "Harry Potter & Hermione Granger" in meta.relationships  # &amp; decoded
    assert len(samples["fanficfare-test.html"].layer("chapters")) == 9
    assert samples["fanficfare-test.epub"].layer("chapters")[4].title == "Chapter 4 & 4.5"


def test_sample_front_matter_stays_out_of_the_body(samples: dict[str, ficlens.Document]) -> None:
    for name in ("fanficfare-test.html", "fanficfare-test.epub"):
        body = _body_text(samples[name])
        assert "Packaged:" not in body and "Table of Contents" not in body and "Some more longer" not in body
        assert body.startswith("Prologue tests:")


def test_sample_sidecar_fills_a_story_without_metadata(tmp_path: Path) -> None:
    shutil.copy(shared_path("formats", "samples", "fanficfare-test.meta.json"), tmp_path / "story.meta.json")
    (tmp_path / "story.txt").write_text(plain_text(STORY), encoding="utf-8")
    meta = ficlens.read(tmp_path / "story.txt").meta
    assert meta.title == "Test Story Title 1"
    assert meta.authors == ("Test Author aa",)
    assert len(meta.fandoms) == 5
    assert meta.relationships[0] == "Harry Potter & Hermione Granger"
    assert (meta.words, meta.chapters, meta.status) == (123456, "9", "In-Progress")
    assert (meta.published, meta.updated) == ("1975-03-15", "1975-04-15")
    assert meta.summary is not None and "Some more longer description." in meta.summary
    assert len(meta.chapter_titles) == 9 and meta.chapter_titles[4] == "Chapter 4 & 4.5"
    assert meta.language == "en"  # "" in the JSON: detected from the story


def test_sample_epub_sidecar_is_found_beside_it(samples: dict[str, ficlens.Document]) -> None:
    assert dict(samples["fanficfare-test.epub"].meta.extra)["sidecar"].startswith("fanficfare-test.meta.json:")


# ------------------------------------------------------------------------------------------------ same story, same NLP
class Nlp(NamedTuple):
    paragraphs: tuple[str, ...]
    quotes: tuple[str, ...]
    speakers: tuple[str | None, ...]
    characters: tuple[str, ...]
    chapters: tuple[str | None, ...]


@pytest.fixture(scope="module")
def nlp_results() -> dict[str, Nlp]:
    sources: dict[str, bytes] = {
        "plain": plain_text(STORY).encode(),
        "fff-html": fff_html(STORY).encode(),
        "fff-epub": fff_epub(STORY),
        "fff-ao3-html": fff_html(AO3_STORY).encode(),
        "fff-ao3-epub": fff_epub(AO3_STORY, table_title_page=True),
        "epub2": epub2(STORY),
        "epub3": epub3(STORY),
        "html-page": html_page(STORY).encode(),
    }
    out: dict[str, Nlp] = {}
    for name, data in sources.items():
        doc = ficlens.analyze(data, n_process=1)
        chars = doc.layer("characters")
        quotes = doc.layer("quotes")
        out[name] = Nlp(
            paragraphs=tuple(doc.texts("paragraphs")),
            quotes=tuple(doc.text[q.start : q.end] for q in quotes),
            speakers=tuple(chars[q.speaker].name if q.speaker >= 0 else None for q in quotes),
            characters=tuple(sorted(c.name for c in chars)),
            chapters=tuple(c.title for c in doc.layer("chapters")),
        )
    return out


def test_same_story_gives_the_same_nlp_in_every_format(nlp_results: dict[str, Nlp]) -> None:
    plain = nlp_results["plain"]
    assert list(plain.paragraphs) == STORY_PARAGRAPHS
    assert "“Pass me the lamp.”" in plain.quotes
    assert {"Wenna Falk", "Casimir Dunmore"} <= set(plain.characters)
    assert {"Wenna Falk", "Casimir Dunmore"} <= set(plain.speakers)
    assert list(plain.chapters) == CHAPTER_TITLES
    for name, result in nlp_results.items():
        for field in Nlp._fields:
            assert getattr(result, field) == getattr(plain, field), f"{name}: {field} differ from the plain text's"


# -- FanFicFare TXT: several authors, wrapped lines, lines of spaces ------------------------------------------------

_FFF_TXT = (
    "\n\n\nThe Kiln at Harrowgate\n\nby Marisol Teague, Benedikt Oyelaran-Whitfield & the_potters_wheel_collective, "
    "\nand_friends\n\n\n\n"
    "Series: Harrowgate Fired [3]\n"
    "Genre: Angst, Family, Friendship, Hurt/Comfort, Slice of Life, Kilns and Glazes,\n"
    "Pottery: A Love Story\n"
    "Characters: Marisol, Ben\n"
    "Words: 44\n"
    "Summary: A potter and her apprentice fire the old kiln one last time before the\n"
    "village sells it: a story about clay, smoke and endings.\n\n\n\n\n"
    "\tThe Last Firing\n\n\n"
    "The kiln took two days to heat and one to cool, and Marisol did not sleep for any of them.\n\n"
    "   \n\n"
    "Ben kept the fire fed and said nothing, which was the kindest thing he had done all year.\n\n"
    "* * *\n\n"
    "When they opened the door, every pot had survived except the one she had made for herself.\n\n\n\n"
    "End file.\n\n"
)


def test_fff_txt_several_authors_wrapped_lines_and_series_part() -> None:
    doc = ficlens.read(_FFF_TXT.replace("\n", "\r\n").encode())
    meta = doc.meta
    assert doc.source.format == "fanficfare-txt"
    assert meta.authors == (
        "Marisol Teague",
        "Benedikt Oyelaran-Whitfield",
        "the_potters_wheel_collective",
        "and_friends",
    )
    assert (meta.series, meta.series_part) == ("Harrowgate Fired", 3)
    assert meta.summary == (
        "A potter and her apprentice fire the old kiln one last time before the village sells it: a story about "
        "clay, smoke and endings."
    )
    assert meta.characters == ("Marisol", "Ben") and meta.words == 44
    assert meta.genres[-2:] == ("Kilns and Glazes", "Pottery: A Love Story")
    assert not any(label in ("Pottery", "village sells it") for label, _v in meta.extra)


def test_fff_txt_lines_of_spaces_are_no_scene_breaks() -> None:
    doc = ficlens.analyze(_FFF_TXT.encode(), syntax=False)
    assert [b.kind for b in doc.layer("scene_breaks")] == ["separator"]
    assert len(doc.layer("scenes")) == 2
