"""Folders and Calibre libraries: one work per book in its best format with the library's metadata merged, the
loose works beside them, and no notes, READMEs or sidecars; in ``ficlens analyze FOLDER`` and ``ficlens batch``.
Fixtures: ``calibre_fixtures.py``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import calibre_fixtures as cf
import gutenberg_html_fixtures as gf
import hostile
import matter_fixtures as mf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ficlens
from ficlens.batch.sources import Loader, Locator, WorkSource, discover
from ficlens.batch.work import WorkOptions, _document
from ficlens.cli.main import main
from ficlens.errors import IngestError
from ficlens.ingest import calibre
from ficlens.ingest.folders import find_works, looks_like_notes, looks_like_work


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return cf.write_library(tmp_path)


def _expected_paths(lib: Path) -> list[Path]:
    return sorted(
        [
            lib / cf.LAMP_DIR / f"{mf.TITLE} - {mf.AUTHOR}.epub",  # EPUB preferred over TXT (and AZW3 not read)
            lib / cf.ORCHARD_DIR / f"{gf.TITLE} - {gf.AUTHOR}.html",  # HTML preferred over TXT
            lib / "kettle.txt",
        ],
        key=str,
    )


def test_find_works_one_per_book_and_no_notes(library: Path) -> None:
    works = find_works(library)
    assert [w.path for w in works] == _expected_paths(library)
    assert [w.opf.parent.name if w.opf else None for w in works] == [
        "The Orchard Wall (13)", "The Lamplighter of Varrow Quay (12)", None
    ]  # fmt: skip


def test_opf_metadata_merged_field_by_field(library: Path) -> None:
    book = library / cf.LAMP_DIR
    doc = ficlens.read(book / f"{mf.TITLE} - {mf.AUTHOR}.epub")
    meta = calibre.merge(doc.meta, calibre.opf_metadata_file(book / "metadata.opf"))
    assert meta.title == mf.TITLE
    assert meta.authors == (mf.AUTHOR,)
    assert meta.freeform == ("Fantasy", "Harbours")
    assert (meta.series, meta.series_part) == ("Harbour Tales", 2)
    assert meta.publisher == "Harbour Lights Press"
    assert meta.language == "eng"
    assert meta.summary == cf.LAMP_DESCRIPTION
    assert ("calibre rating", "4/5") in meta.extra
    assert meta.published is None  # Calibre's "unknown" date (year 101) is no date
    assert meta.chapter_titles == doc.meta.chapter_titles  # the file's structure is kept


@pytest.mark.parametrize(
    ("name", "content", "work"),
    [
        ("README.md", cf.README, False),
        ("format-notes.md", cf.NOTES, False),  # mentions <html> but starts as text and is a bullet list
        ("kettle.txt", cf.LOOSE_STORY, True),
        ("kettle.json", "{}", False),
        ("story.md", "# The Kettle\n\n" + cf.LOOSE_STORY, True),
        ("page.html", "<!DOCTYPE html><html><body><p>Once.</p></body></html>", True),
        ("broken.txt", "\x00\x01\x02 damaged", True),  # a story file that is damaged: reading reports it
        ("cover.jpg", "\xff\xd8\xff", False),
        ("notes.txt", "Mara and Tom talk in the kitchen and nobody listens to them at all.", False),  # by name
    ],
)
def test_what_is_a_work(name: str, content: str, work: bool) -> None:
    assert looks_like_work(content.encode("utf-8", "surrogateescape"), name) is work


def test_a_markdown_export_with_headings_and_a_label_list_is_not_notes() -> None:
    text = "# Title\n\n- Rating: T\n- Fandom: X\n\n" + "\n\n".join(gf.story_paragraphs()) + "\n\n# Chapter 2\n\nMore.\n"
    assert not looks_like_notes(text)


def test_analyze_a_folder(library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["analyze", str(library), "-o", str(out), "--quiet"]) == 0
    names = sorted(p.name for p in out.glob("*.json"))
    assert names == sorted([f"{mf.TITLE} - {mf.AUTHOR}.json", f"{gf.TITLE} - {gf.AUTHOR}.json", "kettle.json"])
    data = json.loads((out / f"{mf.TITLE} - {mf.AUTHOR}.json").read_text(encoding="utf-8"))
    meta = data["meta"]
    assert (meta["series"], meta["series_part"]) == ("Harbour Tales", 2)
    assert meta["freeform"] == ["Fantasy", "Harbours"]


def test_analyze_an_empty_folder_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text(cf.README, encoding="utf-8")
    assert main(["analyze", str(tmp_path / "empty"), "-o", str(tmp_path / "out"), "--quiet"]) == 1
    assert "is a folder with no story files in it" in capsys.readouterr().err


def test_batch_reads_a_calibre_library(library: Path) -> None:
    found = [loc for loc in discover([str(library)]) if isinstance(loc, Locator)]
    assert sorted((Path(loc.path) for loc in found), key=str) == _expected_paths(library)
    lamp = next(loc for loc in found if loc.path.endswith(".epub"))
    assert lamp.opf == str(library / cf.LAMP_DIR / "metadata.opf")
    with Loader() as loader:
        source = loader.load(lamp)
    assert isinstance(source, WorkSource)
    doc = _document(source, WorkOptions(pipeline_version="test"))
    assert (doc.meta.series, doc.meta.series_part, doc.meta.freeform) == ("Harbour Tales", 2, ("Fantasy", "Harbours"))
    assert len(doc.meta.chapter_titles) == 3


# ------------------------------------------------------------------------------------------------ hostile and fuzz
@pytest.mark.parametrize("doctype", [hostile.LAUGHS_DOCTYPE, hostile.XXE_DOCTYPE], ids=["laughs", "xxe"])
def test_a_hostile_metadata_opf_is_a_one_line_ingest_error(library: Path, doctype: str) -> None:
    path = library / cf.LAMP_DIR / "metadata.opf"
    text = path.read_text(encoding="utf-8").replace("<package", doctype + "<package", 1)
    path.write_text(text.replace("<dc:publisher>", f"<dc:publisher>{hostile.LAUGHS_USE}", 1), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(IngestError) as err:
        calibre.opf_metadata_file(path)
    assert time.perf_counter() - started < 2.0
    assert "\n" not in str(err.value) and "root:" not in str(err.value)
    main_rc = main(["analyze", str(library / cf.LAMP_DIR), "-o", str(library.parent / "out"), "--quiet"])
    assert main_rc == 1  # the book is reported, not read with a hostile OPF


def test_a_huge_metadata_opf_is_refused(library: Path) -> None:
    path = library / cf.LAMP_DIR / "metadata.opf"
    path.write_bytes(b"<package>" + b" " * (calibre.MAX_OPF_BYTES + 10))
    with pytest.raises(IngestError, match=r"not a Calibre metadata\.opf"):
        calibre.opf_metadata_file(path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048), st.sampled_from(["a.txt", "b.md", "c.html", "d.epub", "e", "README"]))
def test_looks_like_work_never_fails(data: bytes, name: str) -> None:
    started = time.perf_counter()
    assert looks_like_work(data, name) in (True, False)
    assert time.perf_counter() - started < 1.0
