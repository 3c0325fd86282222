"""Property-based fuzzing of ``ficlens.read``: random bytes, random text, and mutations of valid seeds (an EPUB,
an AO3-like HTML download, a plain-text story, a FanFicFare-TXT-like file), read with the format sniffed and with
every format forced. The only exceptions allowed out are IngestError subclasses, and every read returns quickly.

CI runs a fixed, derandomised set of examples (well under a minute on two cores). For a long local run, raise the
count and let Hypothesis pick new examples each time::

    FICLENS_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/ingest/test_fuzz.py -q
"""

from __future__ import annotations

import os
import time
from datetime import timedelta

import hostile
import matter_fixtures
from ao3_page_fixtures import ORCHARD, render_saved_page, render_workskin
from export_fixtures import CARTOGRAPHER, LANTERN, STARLINGS
from gutenberg_html_fixtures import gutenberg_html_2023, gutenberg_html_old
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ficlens
from ficlens.errors import IngestError
from ficlens.ingest import EPUB_FORMATS, FORMATS

LONG_RUN = int(os.environ.get("FICLENS_FUZZ_EXAMPLES", "0") or 0)
READ_LIMIT_S = 3.0  # inputs here are a few kilobytes: any read taking seconds is a bug
ALL_FORMATS: tuple[str | None, ...] = (None, *FORMATS, *EPUB_FORMATS)


def fuzz_settings(examples: int) -> settings:
    """``examples`` in CI (derandomised); ``FICLENS_FUZZ_EXAMPLES`` examples, freshly drawn, when that is set."""
    return settings(
        max_examples=LONG_RUN or examples,
        deadline=timedelta(seconds=len(ALL_FORMATS) * READ_LIMIT_S),
        derandomize=not LONG_RUN,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def read_every_way(data: bytes) -> None:
    """Read ``data`` sniffed and as every format: each read returns a Document or raises an IngestError."""
    for fmt in ALL_FORMATS:
        start = time.perf_counter()
        try:
            ficlens.read(data, format=fmt)
        except IngestError as exc:
            message = str(exc)
            assert message and "\n" not in message, f"format={fmt!r}: a message of several lines: {message!r}"
        except Exception as exc:
            raise AssertionError(f"format={fmt!r} raised {type(exc).__name__}: {exc}") from exc
        elapsed = time.perf_counter() - start
        assert elapsed < READ_LIMIT_S, f"format={fmt!r} took {elapsed:.1f} s on {len(data)} bytes"


# -- seeds ---------------------------------------------------------------------------------------------------------


def _ao3_like_epub() -> bytes:
    members = dict(hostile.epub_members(2))
    opf = str(members["OEBPS/content.opf"])
    members["OEBPS/content.opf"] = opf.replace(
        "<dc:language>", "<dc:publisher>Archive of Our Own</dc:publisher><dc:subject>Fanworks</dc:subject><dc:language>"
    )
    return hostile.zip_bytes(members.items())


def _fanficfare_like_epub() -> bytes:
    members = dict(hostile.epub_members(2))
    opf = str(members["OEBPS/content.opf"])
    members["OEBPS/content.opf"] = opf.replace("urn:uuid:0000-ficlens-test", "fanficfare-uid:ficlens-test-1")
    return hostile.zip_bytes(members.items())


EPUB_BYTES = [
    hostile.valid_epub(2),
    _ao3_like_epub(),
    _fanficfare_like_epub(),
    matter_fixtures.standard_ebooks_like(),  # epub:type front and back matter, page-break spans, two roles
    matter_fixtures.unmarked_epub2(),  # title, copyright and contents pages known by their words
    matter_fixtures.fixed_layout_svg(text_pages=1),  # SVG pages
]
TEXT_SEEDS = [
    hostile.html_download().encode("utf-8"),
    hostile.plain_story().encode("utf-8"),
    hostile.story_export().encode("utf-8"),
    hostile.fanficfare_txt().encode("utf-8"),
    render_saved_page(ORCHARD).encode("utf-8"),
    render_workskin(ORCHARD).encode("utf-8"),  # a fragment: no <html>, no <body>
    LANTERN.text.encode("utf-8"),  # Markdown, bold labels, notes per chapter, a teaser
    STARLINGS.text.encode("utf-8"),  # a contents list over bare-title chapters
    CARTOGRAPHER.text.encode("utf-8"),  # fanfiction.net's info line
    gutenberg_html_2023().encode("utf-8"),  # Gutenberg HTML: drop caps, page numbers, captions, advertisements
    gutenberg_html_old().encode("utf-8"),
]

# Fragments worth inserting: markup, entities, encodings' marks, magic numbers, the labels readers look for.
TOKENS = [
    b"<", b">", b"</p>", b"<p>", b"<div>", b"</div>", b"<br/>", b"<hr/>", b"<body>", b"</body>", b"<html>",
    b"<!DOCTYPE html>", b"<?xml version='1.0'?>", b"<![CDATA[", b"]]>", b"<!--", b"-->", b"&amp;", b"&#0;",
    b"&#x110000;", b"&nbsp;", b"&undefined;", b"<!ENTITY", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\x80",
    b"\r", b"\r\n", b"\n\n\n", b"PK\x03\x04", b"%PDF-", b"End file.", b"TABLE OF CONTENTS", b"by ", b"Title: ",
    b"Summary: ", b"Chapter 1", b"Archive of Our Own", b"fff_chapter", b"<dl class=\"tags\">", b"<dt>Fandom:</dt>",
    b"<dd>", b'<div id="chapters">', b'<div class="userstuff">', b'<h2 class="heading">', b"*** START OF THE",
    b'<div id="workskin">', b'<div class="chapter" id="chapter-1">', b"**A/N:** ", b"**Disclaimer:** ", b"# ",
    b"## ", b"Contents\n", b"Threadmarks\n", b"Rated: T - English - ", b"\xe7\xac\xac\xe4\xb8\x80\xe7\xab\xa0",
    b"COMING SOON", b"Series: X [2]", b"CHAPTER 1. Loomings.", b"ADVERTISEMENTS",
    b'<span epub:type="pagebreak">12</span>', b'<section epub:type="copyright-page">', b"{ix}", b"[Pg 12]",
    b'<span class="pagenum">', b"<svg>", b"Uncopyright", b"All rights reserved",
]  # fmt: skip


@st.composite
def mutations(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` after one to four byte flips, truncations, insertions, deletions or chunk duplications."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        op = draw(st.sampled_from(["flip", "byte", "truncate", "insert", "token", "delete", "duplicate"]))
        i = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "byte":
            data[i] = draw(st.integers(0, 255))
        elif op == "truncate":
            del data[i:]
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=32))
        elif op == "token":
            data[i:i] = draw(st.sampled_from(TOKENS)) * draw(st.integers(1, 3))
        elif op == "delete":
            del data[i : i + draw(st.integers(1, 256))]
        else:
            j = min(len(data), i + draw(st.integers(1, 2048)))
            data[j:j] = data[i:j] * draw(st.integers(1, 4))
    return bytes(data)


@st.composite
def member_mutations(draw: st.DrawFn) -> bytes:
    """A valid EPUB with one member's content mutated (or a member dropped, or added), then zipped again, so
    that the mutation reaches the XML and XHTML parsers instead of failing the zip's CRC check."""
    kind = draw(st.sampled_from(["generic", "ao3", "fff"]))
    members = dict(hostile.epub_members(2))
    if kind == "ao3":
        members["OEBPS/content.opf"] = str(members["OEBPS/content.opf"]).replace(
            "<dc:language>", "<dc:publisher>Archive of Our Own</dc:publisher><dc:language>"
        )
    elif kind == "fff":
        members["OEBPS/content.opf"] = str(members["OEBPS/content.opf"]).replace(
            "urn:uuid:0000-ficlens-test", "fanficfare-uid:ficlens-test-1"
        )
    name = draw(st.sampled_from(sorted(members)))
    action = draw(st.sampled_from(["mutate", "mutate", "mutate", "drop", "add"]))
    if action == "drop":
        del members[name]
    elif action == "add":
        extra = draw(st.sampled_from(["OEBPS/extra.xhtml", "content.opf", "OEBPS/toc.ncx.bak", "META-INF/x.xml"]))
        members[extra] = draw(mutations(str(members[name]).encode("utf-8")))
    else:
        content = members[name]
        members[name] = draw(mutations(content.encode("utf-8") if isinstance(content, str) else content))
    return hostile.zip_bytes(members.items(), mimetype=draw(st.booleans()))


# -- properties ----------------------------------------------------------------------------------------------------


def test_seeds_are_valid() -> None:
    """Every seed reads (so that mutations start from working files, and the readers are warm)."""
    for data in [*EPUB_BYTES[:3], *TEXT_SEEDS[:4]]:
        assert "Quarry Lane" in ficlens.read(data).text
    for data in [*EPUB_BYTES[3:], *TEXT_SEEDS[4:]]:  # the saved AO3 page and the story exports: stories of their own
        assert ficlens.read(data).body_regions()
    read_every_way(bytes(range(256)) * 4)  # imports the lazily imported decoders before the timed examples


@fuzz_settings(300)
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    read_every_way(data)


@fuzz_settings(100)
@given(st.binary(max_size=2048).map(lambda b: b"PK\x03\x04" + b))
def test_random_bytes_after_a_zip_magic(data: bytes) -> None:
    read_every_way(data)


_text_pieces = st.one_of(
    st.text(max_size=40),
    st.sampled_from([t.decode("latin-1") for t in TOKENS]),
    st.sampled_from(["\n", "\n\n", "Chapter 2\n", "A/N: ", "Characters: ", "“", "”", "—"]),
)


@fuzz_settings(300)
@given(st.lists(_text_pieces, max_size=60).map("".join), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_random_text(text: str, encoding: str) -> None:
    read_every_way(text.encode(encoding, errors="replace"))


@fuzz_settings(1000)
@given(st.sampled_from(EPUB_BYTES).flatmap(mutations))
def test_mutated_epub_bytes(data: bytes) -> None:
    read_every_way(data)


@fuzz_settings(1600)
@given(member_mutations())
def test_epub_with_a_mutated_member(data: bytes) -> None:
    read_every_way(data)


@fuzz_settings(1600)
@given(st.sampled_from(TEXT_SEEDS).flatmap(mutations))
def test_mutated_text_files(data: bytes) -> None:
    read_every_way(data)
