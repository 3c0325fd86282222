"""A small Calibre library and a mixed folder, written under a test's ``tmp_path``: ``Author/Title (id)/`` book
folders with ``metadata.opf`` (as Calibre writes it: EPUB 2 OPF, ``calibre:*`` metas) and several formats of
one book, a book with only formats ficlens does not read, and loose files that are works or are not (a story, a
README, notes that mention ``<html>``, a sidecar, a hidden file). The books are this suite's invented ones
(``matter_fixtures.py``, ``gutenberg_html_fixtures.py``)."""

from __future__ import annotations

from html import escape
from pathlib import Path

import gutenberg_html_fixtures as gf
import matter_fixtures as mf

LAMP_DIR = Path("Odile Marchetti") / "The Lamplighter of Varrow Quay (12)"
ORCHARD_DIR = Path("Hester Quaile") / "The Orchard Wall (13)"
KINDLE_DIR = Path("Nobody Known") / "Kindle Only (14)"
LAMP_DESCRIPTION = "A lamplighter, a ship without a name, and the fog over Varrow Quay."
LOOSE_STORY = (
    "The Kettle\n\nby wren\n\n“Is the kettle on?” Mara asked from the doorway, shaking the rain out of her hair.\n\n"
    "“It is,” said Tom, “and it has been since you left, which tells you how long you were gone.”\n"
)
README = (
    "# My fic folder\n\nWhat lives here, for future me.\n\n## Layout\n\n- `drafts/` holds the drafts\n"
    "- `done/` holds the finished ones\n- exports come from the archive\n\n## Commands\n\n```\nficlens analyze .\n```\n"
)
NOTES = (
    "Notes on formats\n\n- AO3 gives an `<html>` download with `<body>` and a preface\n"
    "- FanFicFare writes `<html>` too, with a TOC\n- the EPUB has an NCX\n- check the `<title>` element\n"
    "- https://example.org/formats\n"
)


def opf(title: str, author: str, *, tags: tuple[str, ...], rating: int | None, series: str | None, index: str,
        publisher: str, language: str, description: str) -> str:  # fmt: skip
    metas = [f'<meta name="calibre:series" content="{escape(series)}"/>' if series else "",
             f'<meta name="calibre:series_index" content="{index}"/>' if series else "",
             f'<meta name="calibre:rating" content="{rating}"/>' if rating is not None else "",
             '<meta name="calibre:timestamp" content="2024-03-01T10:00:00+00:00"/>']  # fmt: skip
    subjects = "".join(f"<dc:subject>{escape(t)}</dc:subject>" for t in tags)
    return f"""<?xml version='1.0' encoding='utf-8'?>
<package xmlns="http://www.idpf.org/2007/opf" unique-identifier="uuid_id" version="2.0">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:identifier opf:scheme="calibre" id="calibre_id">12</dc:identifier>
    <dc:identifier opf:scheme="uuid" id="uuid_id">0f0e0d0c-0000-4000-8000-000000000012</dc:identifier>
    <dc:title>{escape(title)}</dc:title>
    <dc:creator opf:file-as="{escape(author)}" opf:role="aut">{escape(author)}</dc:creator>
    <dc:contributor opf:file-as="calibre" opf:role="bkp">calibre (7.0.0) [https://calibre-ebook.com]</dc:contributor>
    <dc:date>0101-01-01T00:00:00+00:00</dc:date>
    <dc:description>&lt;p&gt;{escape(description)}&lt;/p&gt;</dc:description>
    <dc:publisher>{escape(publisher)}</dc:publisher>
    <dc:language>{language}</dc:language>
    {subjects}
    {"".join(metas)}
  </metadata>
  <guide><reference type="cover" title="Cover" href="cover.jpg"/></guide>
</package>
"""


def lamp_plain_text() -> str:
    """The same novella as a plain-text format of the book."""
    return "\n\n".join(
        [mf.TITLE, f"by {mf.AUTHOR}", *(f"{c.title}\n\n" + "\n\n".join(c.paragraphs) for c in mf.CHAPTERS)]
    )


def write_library(root: Path) -> Path:
    """A Calibre library under ``root/library``, with loose files beside the books; returns the library folder."""
    lib = root / "library"
    lamp, orchard, kindle = lib / LAMP_DIR, lib / ORCHARD_DIR, lib / KINDLE_DIR
    for folder in (lamp, orchard, kindle):
        folder.mkdir(parents=True)
        (folder / "cover.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 32)
    (lamp / "metadata.opf").write_text(
        opf(mf.TITLE, mf.AUTHOR, tags=("Fantasy", "Harbours"), rating=8, series="Harbour Tales", index="2.0",
            publisher="Harbour Lights Press", language="eng", description=LAMP_DESCRIPTION),
        encoding="utf-8",
    )  # fmt: skip
    (lamp / f"{mf.TITLE} - {mf.AUTHOR}.epub").write_bytes(mf.unmarked_epub2())
    (lamp / f"{mf.TITLE} - {mf.AUTHOR}.txt").write_text(lamp_plain_text(), encoding="utf-8")
    (lamp / f"{mf.TITLE} - {mf.AUTHOR}.azw3").write_bytes(b"BOOKMOBI" + b"\x00" * 64)
    (orchard / "metadata.opf").write_text(
        opf(gf.TITLE, gf.AUTHOR, tags=("Children's stories",), rating=None, series=None, index="1.0",
            publisher="Project Gutenberg", language="eng", description="Apples, a ladder and a keeper."),
        encoding="utf-8",
    )  # fmt: skip
    (orchard / f"{gf.TITLE} - {gf.AUTHOR}.html").write_text(gf.gutenberg_html_2023(), encoding="utf-8")
    (orchard / f"{gf.TITLE} - {gf.AUTHOR}.txt").write_text("\n\n".join(gf.story_paragraphs()), encoding="utf-8")
    (kindle / "metadata.opf").write_text(
        opf("Kindle Only", "Nobody Known", tags=(), rating=None, series=None, index="1.0", publisher="X",
            language="eng", description="x"),
        encoding="utf-8",
    )  # fmt: skip
    (kindle / "Kindle Only - Nobody Known.azw3").write_bytes(b"BOOKMOBI" + b"\x00" * 64)
    (lib / "kettle.txt").write_text(LOOSE_STORY, encoding="utf-8")
    (lib / "kettle.json").write_text("{}", encoding="utf-8")
    (lib / "README.md").write_text(README, encoding="utf-8")
    (lib / "format-notes.md").write_text(NOTES, encoding="utf-8")
    (lib / ".hidden.txt").write_text(LOOSE_STORY, encoding="utf-8")
    (lib / "metadata.db").write_bytes(b"SQLite format 3\x00" + b"\x00" * 64)
    return lib
