"""One invented novella written into the EPUB layouts that carry front and back matter: a Standard-Ebooks-style
EPUB 3 (``epub:type`` on sections, landmarks, titlepage/imprint/colophon/"Uncopyright" pages, printed page
numbers as ``<span epub:type="pagebreak">``, an author who is also the dedicatee), an EPUB 2 that marks nothing
(a title page, a copyright page and a short contents page known only by their words, ``<a class="page">``
page numbers), and a fixed-layout EPUB whose pages are SVG drawings.

Every word here was written for these tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from fff_fixtures import build_epub

TITLE = "The Lamplighter of Varrow Quay"
AUTHOR = "Odile Marchetti"
OPS = 'xmlns:epub="http://www.idpf.org/2007/ops"'


@dataclass(frozen=True)
class Chapter:
    title: str
    paragraphs: tuple[str, ...]


CHAPTERS = (
    Chapter(
        "I. The Last Lamp",
        (
            "Every evening Tamsin Holloway climbed the iron ladder at the end of Varrow Quay and lit the last lamp "
            "before the sea.",
            "“You are late again,” said the harbourmaster, who was always on the quay when she was late and never "
            "when she was early.",
            "She did not answer him. The wick caught, the glass warmed, and the light went out over the black "
            "water like a promise somebody meant to keep.",
        ),
    ),
    Chapter(
        "II. A Ship Without a Name",
        (
            "The ship came in on the third night of the fog, with no name on her bow and no lamp at her mast.",
            "“Nobody sails in this,” Tamsin said to the gulls. The gulls, as usual, had nothing useful to add.",
            "By morning the ship was tied at the quay, and a tall woman in a grey coat was asking for the "
            "lamplighter by name.",
        ),
    ),
    Chapter(
        "III. What the Light Was For",
        (
            "“They told me you keep the last lamp,” the woman said. “They did not tell me why.”",
            "Tamsin thought about the question for a long time. Then she handed the woman the long brass taper "
            "and showed her how to reach the wick without burning her sleeve.",
            "That night two lamps burned at the end of Varrow Quay, and the fog, for once, kept its distance.",
        ),
    ),
)

PAGE_NUMBERS = ("7", "8", "12", "13", "19")  # printed page numbers, one inside a sentence of each chapter


def story_paragraphs() -> list[str]:
    return [p for ch in CHAPTERS for p in ch.paragraphs]


def story_words() -> int:
    """The story's words as written (headings and page numbers not counted)."""
    return sum(len(p.split()) for p in story_paragraphs())


def _with_page_number(paragraph: str, page: str, shape: str) -> str:
    """The paragraph with a printed page number inside its first sentence, after its fifth word."""
    words = escape(paragraph, quote=False).split(" ")
    return " ".join([*words[:5], shape.format(page), *words[5:]])


def _chapter(index: int, shape: str, section: bool) -> str:
    ch = CHAPTERS[index]
    paras = [f"<p>{escape(p, quote=False)}</p>" for p in ch.paragraphs]
    paras[1] = f"<p>{_with_page_number(ch.paragraphs[1], PAGE_NUMBERS[index], shape)}</p>"
    inner = f"<h2>{escape(ch.title)}</h2>\n" + "\n".join(paras)
    if section:
        return f'<section {OPS} id="chapter-{index + 1}" epub:type="chapter">\n{inner}\n</section>'
    return inner


# ------------------------------------------------------------------------------------------------ Standard-Ebooks-like
SE_TITLEPAGE = (
    f'<section {OPS} id="titlepage" epub:type="titlepage"><h1 epub:type="title">{TITLE}</h1>'
    f'<p>By <b epub:type="z3998:author-name">{AUTHOR}</b>.</p></section>'
)
SE_IMPRINT = (
    f'<section {OPS} id="imprint" epub:type="imprint"><header><h2 epub:type="title">Imprint</h2></header>'
    "<p>This ebook is the product of many hours of hard work by volunteers for Lanternfish Editions, and builds on "
    "the hard work of other literature lovers made possible by the public domain.</p>"
    "<p>This particular ebook is based on a transcription of the first edition, and on page scans of it.</p></section>"
)
SE_DEDICATION = (
    f'<section {OPS} id="dedication" epub:type="dedication"><p>For my sister, who lit the lamps.</p></section>'
)
SE_COLOPHON = (
    f'<section {OPS} id="colophon" epub:type="colophon"><header><h2 epub:type="title">Colophon</h2></header>'
    f"<p>{TITLE} was written by {AUTHOR}. This ebook was produced for Lanternfish Editions and is set in a "
    "typeface of the volunteer's choosing.</p><p>The first edition of this ebook was released in the spring.</p>"
    "</section>"
)
SE_UNCOPYRIGHT = (
    f'<section {OPS} id="uncopyright" epub:type="copyright-page"><header><h2 epub:type="title">Uncopyright</h2>'
    "</header><p>May you do good and not evil. May you find forgiveness for yourself and forgive others.</p>"
    "<p>The source text and artwork in this ebook are believed to be in the public domain. You may use this "
    "edition for any purpose without asking permission, to comply with the dedication we make of it.</p></section>"
)

SE_METADATA = f"""<dc:title id="title">{TITLE}</dc:title>
<dc:creator id="author">{AUTHOR}</dc:creator>
<meta property="role" refines="#author" scheme="marc:relators">aut</meta>
<meta property="role" refines="#author" scheme="marc:relators">dto</meta>
<dc:creator id="illustrator">Piers Aldane</dc:creator>
<meta property="role" refines="#illustrator" scheme="marc:relators">ill</meta>
<dc:language>en-GB</dc:language>
<dc:publisher>Lanternfish Editions</dc:publisher>
<dc:subject>Fiction</dc:subject>"""


def standard_ebooks_like() -> bytes:
    """Title page, imprint, dedication, three chapters (page numbers as ``epub:type="pagebreak"`` spans), colophon
    and uncopyright, each marked only by the ``epub:type`` of its section (file names say nothing)."""
    shape = '<span epub:type="pagebreak" id="page-{0}" title="{0}">{0}</span>'
    docs = [
        ("text/p01.xhtml", SE_TITLEPAGE),
        ("text/p02.xhtml", SE_IMPRINT),
        ("text/p03.xhtml", SE_DEDICATION),
        *((f"text/p1{k}.xhtml", _chapter(k, shape, section=True)) for k in range(3)),
        ("text/p20.xhtml", SE_COLOPHON),
        ("text/p21.xhtml", SE_UNCOPYRIGHT),
    ]
    toc = [
        ("Titlepage", "text/p01.xhtml"),
        ("Imprint", "text/p02.xhtml"),
        *((ch.title, f"text/p1{k}.xhtml") for k, ch in enumerate(CHAPTERS)),
        ("Colophon", "text/p20.xhtml"),
        ("Uncopyright", "text/p21.xhtml"),
    ]
    return build_epub(docs, toc=toc, nav=True, metadata=SE_METADATA)


# ------------------------------------------------------------------------------------------------ unmarked EPUB 2
PLAIN_TITLE_PAGE = f"<h1>{TITLE}</h1><p>{AUTHOR}</p><p>Harbour Lights Press</p>"
PLAIN_COPYRIGHT = (
    f"<p>Copyright © 2019 {AUTHOR}</p><p>All rights reserved. No part of this publication may be reproduced "
    "without the written permission of the author.</p><p>ISBN 978-0-00-000000-0</p>"
)
PLAIN_CONTENTS = "".join(f'<p><a href="c{k}.xhtml">{escape(ch.title)}</a></p>' for k, ch in enumerate(CHAPTERS))


def unmarked_epub2() -> bytes:
    """An EPUB 2 whose front pages are named nothing (``a.xhtml`` …) and left out of the NCX: a title page, a
    copyright page and a short contents page, known only by what they say; page numbers as ``<a class="page">``."""
    shape = '<a class="page" id="pg{0}">{0}</a>'
    docs = [
        ("a.xhtml", PLAIN_TITLE_PAGE),
        ("b.xhtml", PLAIN_COPYRIGHT),
        ("d.xhtml", PLAIN_CONTENTS),
        *((f"c{k}.xhtml", _chapter(k, shape, section=False)) for k in range(3)),
    ]
    toc = [(ch.title, f"c{k}.xhtml") for k, ch in enumerate(CHAPTERS)]
    metadata = f"<dc:title>{TITLE}</dc:title><dc:creator>{AUTHOR}</dc:creator><dc:language>en</dc:language>"
    return build_epub(docs, toc=toc, metadata=metadata)


# ------------------------------------------------------------------------------------------------ fixed layout
def _svg_page(text: str) -> str:
    words = escape(text)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 800" width="100%" height="100%">'
        f'<image width="600" height="800" href="../images/page.jpg"/><text x="40" y="60">{words}</text></svg>'
    )


def fixed_layout_svg(text_pages: int = 0, title_page: bool = False) -> bytes:
    """A fixed-layout (pre-paginated) EPUB whose pages are SVG drawings, but the first ``text_pages`` chapters,
    which are HTML text; with ``title_page``, a page of HTML text (the title and author) first."""
    docs = [
        (f"page{k}.xhtml", _chapter(k, "{0}", section=False) if k < text_pages else _svg_page(" ".join(ch.paragraphs)))
        for k, ch in enumerate(CHAPTERS)
    ]
    if title_page:
        docs.insert(0, ("title.xhtml", f"<h1>{TITLE}</h1><p>{AUTHOR}</p>"))
    metadata = (
        f'<dc:title>{TITLE}</dc:title><dc:creator>{AUTHOR}</dc:creator><meta property="rendition:layout">'
        "pre-paginated</meta>"
    )
    return build_epub(docs, toc=None, nav=False, metadata=metadata)
