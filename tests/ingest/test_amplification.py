"""EPUB amplification (issue 18): budgets on the rendered text, not only on the bytes read. A spine that repeats
one small document renders it once; a read past the rendered-character limit is one typed error; a spine
document missing from the zip is noted, not silently dropped; UTF-16 package files still may not declare
entities."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import hostile
import pytest
from test_hostile import assert_refused

import ficlens
from ficlens.errors import IngestError
from ficlens.ingest import html as html_module
from ficlens.ingest.html import HtmlError
from ficlens.ingest.package import EpubError


def _repeating_spine(times: int) -> bytes:
    """A tiny EPUB whose spine names its one chapter ``times`` times (a 3,640-byte file of this shape once
    rendered to 2,000,573,999 characters)."""
    items = [("ncx", "toc.ncx", "application/x-dtbncx+xml"), ("c1", "chapter1.xhtml", "application/xhtml+xml")]
    return hostile.epub_with(replace={"OEBPS/content.opf": hostile.opf(items, ["c1"] * times)}, n_chapters=1)


def test_a_spine_repeating_one_document_renders_it_once(tmp_path: Path) -> None:
    data = _repeating_spine(50_000)
    assert len(data) < 2 * hostile.MIB  # stored, not deflated: deflated it is some 3 KB
    path = tmp_path / "repeat.epub"
    path.write_bytes(data)
    once = ficlens.ingest.read(hostile.valid_epub(1), name="once.epub")
    start = time.perf_counter()
    tracemalloc.start()
    try:
        doc = ficlens.read(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 30 and peak < 200 * 1024 * 1024
    assert doc.text == once.text
    assert any("once (the spine repeats it 49999 more time(s))" in c for c in doc.source.changes)


def test_rendering_past_the_limit_is_one_typed_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_module, "MAX_RENDERED_CHARS", 1000)
    path = tmp_path / "long.epub"
    path.write_bytes(hostile.valid_epub(3))
    message = assert_refused(path, HtmlError, cause="renders to more than 1,000 characters")
    assert "amplified" in message
    html = tmp_path / "long.html"
    html.write_text(hostile.xhtml(hostile.chapter_body(1) * 5), encoding="utf-8")
    assert_refused(html, HtmlError, cause="renders to more than 1,000 characters")


def test_a_spine_document_missing_from_the_zip_is_noted(tmp_path: Path) -> None:
    data = hostile.epub_with(drop=["OEBPS/chapter2.xhtml"], n_chapters=3)
    doc = ficlens.ingest.read(data, name="gap.epub")
    assert "Chapter 1" in doc.text and "Chapter 3" in doc.text
    assert any("'OEBPS/chapter2.xhtml'" in c and "missing" in c for c in doc.source.changes)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("member", ["OEBPS/content.opf", "OEBPS/chapter1.xhtml"])
def test_utf16_package_files_may_not_declare_entities(tmp_path: Path, encoding: str, member: str) -> None:
    members = dict(hostile.epub_members(2, opf_doctype=hostile.XXE_DOCTYPE, chapter_doctype=hostile.XXE_DOCTYPE))
    text = members[member]
    assert isinstance(text, str)
    encoded = text.replace('encoding="UTF-8"', f'encoding="{encoding}"').replace(
        'encoding="utf-8"', f'encoding="{encoding}"'
    )
    members[member] = encoded.encode(encoding)
    path = tmp_path / "utf16.epub"
    path.write_bytes(hostile.zip_bytes(members.items()))
    with pytest.raises(IngestError) as info:
        ficlens.read(path)
    assert type(info.value) in (HtmlError, EpubError)
    assert "entities" in str(info.value)
