"""Hostile files: every one is refused with a typed IngestError whose message is one line naming the file, in
bounded time and memory, without touching anything outside the archive or writing anywhere.

Each file is built by ``hostile.py`` (in memory; a "1 GB" bomb is about a megabyte) and written under
``tmp_path``; the reads run with the working directory set to an empty folder that must stay empty.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import hostile
import pytest

import ficlens
from ficlens.errors import BinaryInputError, EmptyInputError, IngestError, UnknownFormatError
from ficlens.ingest.html import MAX_DEPTH, MAX_ELEMENTS, HtmlError
from ficlens.ingest.package import MAX_ENTRIES, EpubError

TIME_LIMIT_S = 5.0
MEMORY_LIMIT = 200 * 1024 * 1024

_PASSWD = Path("/etc/passwd")
# lines of the machine's own /etc/passwd (and a generic one): none may ever show up in a Document
PASSWD_MARKERS = ["root:x:0:0", *(_PASSWD.read_text(errors="replace").splitlines()[:3] if _PASSWD.is_file() else [])]


@pytest.fixture(autouse=True)
def empty_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Reads run in an empty working directory, which must still be empty afterwards (nothing extracted)."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    yield cwd
    assert sorted(p.name for p in cwd.iterdir()) == [], "reading wrote files into the working directory"


@pytest.fixture
def write(tmp_path: Path) -> Iterator[object]:
    """``write(name, data)``: the path of a file holding ``data`` in a folder of its own, which must hold only
    that file after the test."""
    folder = tmp_path / "files"
    folder.mkdir()
    written: list[str] = []

    def _write(name: str, data: bytes | str) -> Path:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        written.append(name)
        return path

    yield _write
    assert sorted(p.name for p in folder.iterdir()) == sorted(written), "reading wrote files beside the input"


def _read(path: Path, format: str | None) -> ficlens.Document | IngestError:
    try:
        return ficlens.read(path, format=format)
    except IngestError as exc:
        return exc


def read_bounded(path: Path, format: str | None = None) -> ficlens.Document | IngestError:
    """Read ``path`` twice: timed (untraced: tracing slows allocation-heavy code several times over), then with
    tracemalloc; asserts both bounds and returns the Document or the IngestError (anything else propagates)."""
    start = time.perf_counter()
    result = _read(path, format)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    try:
        again = _read(path, format)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < TIME_LIMIT_S, f"reading {path.name} took {elapsed:.1f} s"
    assert peak < MEMORY_LIMIT, f"reading {path.name} peaked at {peak / 1e6:.0f} MB"
    assert type(again) is type(result)
    if not isinstance(result, IngestError):
        assert_no_passwd(result)
    return result


def assert_refused(path: Path, expected: type[IngestError], format: str | None = None, cause: str = "") -> str:
    """``path`` is refused with exactly ``expected``, in one line that names the file; returns the message."""
    result = read_bounded(path, format)
    assert isinstance(result, IngestError), f"{path.name} was read ({len(result.text)} chars) instead of refused"
    message = str(result)
    assert type(result) is expected, f"{type(result).__name__}: {message}"
    assert "\n" not in message
    assert message.startswith(f"{path}: "), message
    assert cause in message
    return message


def assert_no_passwd(doc: ficlens.Document) -> None:
    seen = doc.text + repr(doc.meta)
    for marker in PASSWD_MARKERS:
        assert marker not in seen


# -- zip bombs ------------------------------------------------------------------------------------------------


def test_the_bomb_builder_makes_real_bombs() -> None:
    """The crafted deflate data expands to exactly what it claims, with the right CRC (checked small)."""
    archive = zipfile.ZipFile(io.BytesIO(hostile.raw_zip([hostile.bomb_member("z", 4)])))
    assert archive.read("z") == bytes(4 * hostile.MIB)


def test_zip_bomb_of_a_gigabyte(write) -> None:
    data = hostile.zip_bomb_gb()
    assert len(data) < 2 * hostile.MIB
    assert_refused(write("bomb.epub", data), EpubError, cause="zip bomb")


@pytest.mark.parametrize("claim", [0, 4096, 30 * hostile.MIB], ids=["claims-0", "claims-4KB", "claims-30MB"])
def test_member_whose_header_lies_about_its_size(write, claim: int) -> None:
    """The headers claim a small size; the data expands to 1 GiB. zipfile stops at the claimed size and the CRC
    then fails, so no more than the claim is ever decompressed."""
    assert_refused(write("liar.epub", hostile.zip_bomb_lying(1024, claim)), EpubError, cause="cannot be read")


def test_member_that_compresses_too_well(write) -> None:
    assert_refused(write("ratio.epub", hostile.zip_bomb_ratio()), EpubError, cause="compresses")


def test_too_many_entries(write) -> None:
    message = assert_refused(write("many.epub", hostile.many_entries(MAX_ENTRIES + 500)), EpubError)
    assert f"limit of {MAX_ENTRIES}" in message


def test_total_size_bomb_spread_over_many_members(write) -> None:
    """300 members of 1 MiB of zeros each: none trips a per-member limit; the declared total does."""
    assert_refused(write("spread.epub", hostile.zip_bomb_spread(300, 1)), EpubError, cause="zip bomb")


def test_spread_bomb_whose_headers_lie(write) -> None:
    assert_refused(write("spread-liar.epub", hostile.zip_bomb_spread_lying(300, 1)), EpubError)


def test_spread_bomb_under_the_archive_limit_but_over_the_read_limit(write) -> None:
    """200 chapters of 1 MiB of prose (about 1 MB on disk): within the archive's declared-size limit, but the
    spine's documents would expand to 200 MiB of text."""
    data = hostile.text_spread_epub(200)
    assert len(data) < 2 * hostile.MIB
    assert_refused(write("prose-bomb.epub", data), EpubError, cause="documents that expand")


def test_markup_bomb_in_an_epub(write) -> None:
    """Eight chapters of dense markup, within every byte limit: about a million elements in all."""
    message = assert_refused(write("markup.epub", hostile.markup_bomb_epub(8)), HtmlError)
    assert str(MAX_ELEMENTS) in message


def test_corrupt_compressed_data(write) -> None:
    """zlib's own error (not a zipfile one) on data that is not deflate: found by the fuzz tests."""
    assert_refused(write("corrupt.epub", hostile.corrupt_deflate()), EpubError, cause="corrupt data")


def test_unsupported_zip_version(write) -> None:
    """zipfile's NotImplementedError on opening: found by the fuzz tests."""
    assert_refused(write("version.epub", hostile.unsupported_zip_version()), EpubError, cause="zip file version")


def test_nested_zip_is_not_opened(write) -> None:
    message = assert_refused(write("nested.epub", hostile.nested_zip()), HtmlError, cause="not XHTML")
    assert "EPUB" in message


# -- unsafe names and hrefs -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../evil.xhtml", "/etc/passwd", "C:\\evil", "a\\..\\b", "OEBPS/../../evil.xhtml"])
def test_unsafe_member_names(write, name: str) -> None:
    assert_refused(write("names.epub", hostile.traversal_member(name)), EpubError, cause="unsafe member name")


@pytest.mark.parametrize("href", ["../../etc/passwd", "/etc/passwd", "file:///etc/passwd", "../../../../etc/passwd"])
@pytest.mark.parametrize("where", ["opf", "ncx"])
def test_hrefs_outside_the_package_are_never_followed(write, href: str, where: str) -> None:
    """An OPF or NCX href that leaves the package resolves to nothing: the story is read from its own documents
    only (members are only ever read from the archive in memory, by name)."""
    result = read_bounded(write("href.epub", hostile.traversal_href(href, where)))
    assert isinstance(result, ficlens.Document), str(result)
    assert "Quarry Lane" in result.text


@pytest.mark.parametrize("opf_path", ["../../etc/passwd", "/etc/passwd"])
def test_container_pointing_outside_the_package(write, opf_path: str) -> None:
    result = read_bounded(write("container.epub", hostile.container_pointing_at(opf_path)))
    assert isinstance(result, ficlens.Document), str(result)


# -- entities -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "expected"),
    [("chapter", HtmlError), ("opf", EpubError), ("container", EpubError)],
)
def test_xxe_in_an_epub(write, part: str, expected: type[IngestError]) -> None:
    data = hostile.epub_with(**{f"{part}_doctype": hostile.XXE_DOCTYPE})  # type: ignore[arg-type]
    assert_refused(write(f"xxe-{part}.epub", data), expected, cause="declares XML entities")


def test_xxe_in_the_ncx_is_never_expanded(write) -> None:
    """An NCX the reader cannot use costs only the table of contents; its entities are never expanded."""
    result = read_bounded(write("xxe-ncx.epub", hostile.epub_with(ncx_doctype=hostile.XXE_DOCTYPE)))
    if isinstance(result, ficlens.Document):
        assert "Quarry Lane" in result.text


def test_xxe_in_an_html_download(write) -> None:
    page = hostile.html_download().replace("<p>Lamps", "<p>&xxe; Lamps")
    page = hostile.XXE_DOCTYPE + "\n" + page.split("\n", 1)[1]
    assert_refused(write("xxe.html", page), HtmlError, cause="declares XML entities")


def test_billion_laughs_in_html(write) -> None:
    page = f"{hostile.LAUGHS_DOCTYPE}\n<html><body><p>{hostile.LAUGHS_USE}</p></body></html>\n"
    assert_refused(write("laughs.html", page), HtmlError, cause="declares XML entities")


def test_billion_laughs_in_epub_xhtml(write) -> None:
    data = hostile.epub_with(
        {"OEBPS/chapter1.xhtml": hostile.xhtml(f"<p>{hostile.LAUGHS_USE}</p>", doctype=hostile.LAUGHS_DOCTYPE)}
    )
    assert_refused(write("laughs.epub", data), HtmlError, cause="declares XML entities")


# -- nesting and size ----------------------------------------------------------------------------------------


def test_deep_nesting_bomb_in_html(write) -> None:
    message = assert_refused(write("deep.html", hostile.deep_nesting(100_000)), HtmlError)
    assert f"more than {MAX_DEPTH} deep" in message


def test_deep_nesting_bomb_in_epub_xhtml(write) -> None:
    body = "<div>" * 100_000 + "deep" + "</div>" * 100_000
    data = hostile.epub_with({"OEBPS/chapter1.xhtml": hostile.xhtml(body)})
    assert_refused(write("deep.epub", data), HtmlError, cause=f"more than {MAX_DEPTH} deep")


def test_forty_megabytes_of_tiny_nested_spans(write) -> None:
    """Under the 50 MB input limit, but some 3 million elements: refused before the parser builds them."""
    assert_refused(write("spans.html", hostile.nested_spans(40 * hostile.MIB)), HtmlError, cause="markup bomb")


# -- not what the name says -----------------------------------------------------------------------------------


def test_pdf_named_epub(write) -> None:
    assert_refused(write("story.epub", hostile.PDF), BinaryInputError, cause="PDF")


def test_png_named_html(write) -> None:
    assert_refused(write("story.html", hostile.PNG), BinaryInputError, cause="PNG")


def test_epub_read_as_plain_text(write) -> None:
    assert_refused(write("story.epub", hostile.valid_epub()), BinaryInputError, format="plain", cause="EPUB")


@pytest.mark.parametrize("fmt", ["gutenberg", "fanficfare-txt"])
def test_text_read_as_a_text_format_it_is_not(write, fmt: str) -> None:
    """Forcing a text format whose reader needs its signature (found by the fuzz tests: an AssertionError and an
    IndexError inside those readers)."""
    assert_refused(write("story.txt", "Just one line.\n"), UnknownFormatError, format=fmt, cause=f"as {fmt!r}")


def test_text_read_as_epub(write) -> None:
    assert_refused(write("story.txt", hostile.plain_story()), UnknownFormatError, format="epub", cause="'epub'")


# -- empty or incomplete ----------------------------------------------------------------------------------------


def test_html_with_no_body(write) -> None:
    assert_refused(write("nobody.html", "<html><head><title>Lamps</title></head></html>\n"), EmptyInputError)


def test_html_with_an_empty_body(write) -> None:
    page = "<html><head><title>Lamps</title></head><body>\n</body></html>\n"
    assert_refused(write("empty.html", page), UnknownFormatError, cause="no text")


def test_html_of_only_markup(write) -> None:
    page = '<html><body><div><span></span><img src="a.png"/><br/><hr/><table><tr><td></td></tr></table></div>'
    page += "</body></html>\n"
    assert_refused(write("markup.html", page), UnknownFormatError, cause="no text")


def test_epub_with_no_container_and_no_opf(write) -> None:
    data = hostile.zip_bytes([("OEBPS/chapter1.xhtml", hostile.xhtml(hostile.chapter_body(1)))])
    assert_refused(write("bare.epub", data), BinaryInputError, cause="ZIP archive")


def test_epub_with_no_spine(write) -> None:
    assert_refused(write("nospine.epub", hostile.epub_with(no_spine=True)), EpubError, cause="no spine")


def test_epub_whose_spine_names_missing_files(write) -> None:
    data = hostile.epub_with(drop=["OEBPS/chapter1.xhtml", "OEBPS/chapter2.xhtml"])
    assert_refused(write("missing.epub", data), EpubError, cause="spine")


def test_epub_whose_spine_names_one_missing_file_reads_the_rest(write) -> None:
    result = read_bounded(write("one-missing.epub", hostile.epub_with(drop=["OEBPS/chapter1.xhtml"])))
    assert isinstance(result, ficlens.Document), str(result)
    assert "Chapter 2" in result.text


@pytest.mark.parametrize("cut", [4, 30, 100, 0.5, -22, -1])
def test_truncated_epub(write, cut: float) -> None:
    data = hostile.valid_epub()
    end = int(len(data) * cut) if isinstance(cut, float) else cut
    assert_refused(write("cut.epub", data[:end]), EpubError, cause="truncated")


def test_valid_seeds_read_within_bounds(write) -> None:
    """The builders' valid files are read (so that the refusals above are about what each test changed)."""
    for name, data in [
        ("ok.epub", hostile.valid_epub()),
        ("ok.html", hostile.html_download()),
        ("ok.txt", hostile.story_export()),
        ("fff.txt", hostile.fanficfare_txt()),
    ]:
        result = read_bounded(write(name, data))
        assert isinstance(result, ficlens.Document), str(result)
        assert "Quarry Lane" in result.text


# -- saved AO3 pages and story exports --------------------------------------------------------------------------

_WORKSKIN = '<div id="workskin"><div class="preface group"><h2 class="title heading">T</h2></div>'


def test_xxe_in_a_saved_ao3_fragment(write) -> None:
    page = hostile.XXE_DOCTYPE + "\n" + _WORKSKIN + '<div id="chapters"><p>&xxe; archiveofourown.org</p></div></div>'
    assert_refused(write("xxe-fragment.html", page), HtmlError, cause="declares XML entities")


def test_deep_nesting_bomb_in_a_saved_ao3_fragment(write) -> None:
    body = "<div>" * 100_000 + "deep" + "</div>" * 100_000
    page = _WORKSKIN + f'<a href="/works/1">archiveofourown.org</a><div id="chapters" role="article">{body}</div></div>'
    message = assert_refused(write("deep-fragment.html", page), HtmlError)
    assert f"more than {MAX_DEPTH} deep" in message


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("markdown", "# Heading\n\ntext\n\n"),
        ("notes", "**A/N:** note\n\n**Disclaimer:** mine\n\nChapter 1\n\n"),
        ("contents", "Contents\n" + "".join(f"Entry {n}\n" for n in range(3000)) + "\n"),
        ("headings", "Chapter 1. Loomings.\n\nC\n\n第一章\n\n"),
    ],
)
def test_pathological_story_exports_read_in_bounded_time(write, name: str, line: str) -> None:
    """Half a megabyte of what the story-export and structure rules look at (lines of a few bytes: some 100,000
    lines, real text has a tenth as many) reads and is structured in bounded time (well under 2 s each)."""
    mib = 1024 * 1024
    data = ("Title by Author\n\n" + line * (mib // 2 // len(line))).encode()
    path = write(f"{name}.md", data)
    start = time.process_time()  # CPU time: a bound that holds on a machine shared with other jobs
    doc = ficlens.analyze(ficlens.read(path), syntax=False)
    elapsed = time.process_time() - start
    assert doc.has("chapters")
    assert elapsed < TIME_LIMIT_S * 2, f"{name}: {elapsed:.1f} s for {len(data) / mib:.1f} MB"
