"""One invented story rendered the ways FanFicFare and other tools write it: FanFicFare TXT, HTML and EPUB (also
as FanFicFare's output of an AO3 work, with head and foot notes inside the chapters), FanFicFare's JSON
metadata, a generic EPUB 2 (NCX), a generic EPUB 3 (navigation document, two chapters in one file) and a plain
HTML page. Layouts follow ``../shared/formats/README.md`` §4–§8 and FanFicFare's writer templates.

Every word of the story, its notes and its metadata was written for these tests. ``python
tests/ingest/fff_fixtures.py`` rewrites the static copies under ``tests/fixtures/fanficfare`` and
``tests/fixtures/epub`` (a test checks that they match these builders).
"""

from __future__ import annotations

import dataclasses
import io
import json
import textwrap
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


# ------------------------------------------------------------------------------------------------------ the story
@dataclass(frozen=True)
class Chapter:
    title: str
    paragraphs: tuple[str, ...]  # HTML fragments; "<hr/>" is a scene break
    summary: str | None = None  # AO3 chapter summary (HTML)
    notes: str | None = None  # AO3 chapter notes (HTML)
    end_notes: str | None = None  # AO3 chapter end notes (HTML)


@dataclass(frozen=True)
class Story:
    title: str = "The Clockmaker's Winter"
    author: str = "inkwellwren"
    site: str = "fiction.example.org"
    story_url: str = "https://fiction.example.org/s/4242/1"
    author_url: str = "https://fiction.example.org/u/77/inkwellwren"
    category: str = "The Copper Valley Cycle"
    genre: str = "Friendship, Hurt/Comfort"
    language: str = "English"
    characters: str = "Wenna Falk, Casimir Dunmore"
    ships: str = "Wenna Falk & Casimir Dunmore"
    status: str = "Completed"
    published: str = "2021-01-09"
    updated: str = "2021-02-20"
    packaged: str = "2024-05-01 10:11:12"
    rating: str = "K+"
    warnings: str = "None"
    words: str = "1,318"
    series: str = "Copper Valley Winters [2]"
    series_url: str = "https://fiction.example.org/series/9"
    summary: str = "<p>A broken bell, a frozen workshop, and a mayor who wants his clock by noon.</p>"
    work_notes: str | None = None  # AO3 work notes (HTML), in chapter 1's head notes
    work_end_notes: str | None = None  # AO3 work end notes (HTML), in the last chapter's foot notes
    chapters: tuple[Chapter, ...] = ()

    @property
    def uid(self) -> str:
        return f"fanficfare-uid:{self.site}-u77-s4242"


CHAPTERS = (
    Chapter(
        "Chapter 1: The Broken Bell",
        (
            "Snow had buried the lower town by the time Wenna Falk unlocked the shop.",
            "“You’re late,” said Casimir Dunmore from behind the counter. “The mayor wants his clock by noon.”",
            "“The mayor can wait,” Wenna said. She set the brass bell on the bench with <em>great</em> care. "
            "“This cannot.”",
            "Casimir sighed and reached for his smallest screwdriver.",
        ),
    ),
    Chapter(
        "Chapter 2: Frost on the Gears",
        (
            "By evening the workshop was so cold that the oil thickened in its tin.",
            "“Can you feel your fingers?” Wenna asked.",
            "“I can feel nothing at all,” Casimir said. “Pass me the lamp.”",
            "<hr/>",
            "At midnight the bell rang once, <em>clear</em> as ice.",
            "“It works,” Wenna whispered. “It actually works.”",
        ),
    ),
    Chapter(
        "Chapter 3: Noon",
        (
            "The mayor arrived at a quarter to twelve, stamping snow from his boots.",
            "“Well?” he demanded.",
            "Wenna smiled and wound the key. “Listen,” she said.",
        ),
    ),
)

STORY = Story(chapters=CHAPTERS)

# The same story as FanFicFare downloads it from AO3 (§8): fandoms in Category, Additional Tags and the AO3
# category in Genre, and notes inside the chapters.
AO3_STORY = dataclasses.replace(
    STORY,
    site="archiveofourown.org",
    story_url="https://archiveofourown.org/works/5550123",
    author_url="https://archiveofourown.org/users/inkwellwren/pseuds/inkwellwren",
    category="The Copper Valley Cycle, Clockwork Tales (Audio Drama)",
    genre="Winter, Clock Repair, Gen",
    rating="General Audiences",
    warnings="No Archive Warnings Apply",
    series="Copper Valley Winters [2]",
    series_url="https://archiveofourown.org/series/31337",
    work_notes="<p>Thanks to Perpetua for the beta.</p><p>The bell is based on a real one in my town.</p>",
    work_end_notes="<p>Thank you for reading! The sequel is half written.</p>",
    chapters=(
        dataclasses.replace(
            CHAPTERS[0],
            summary="<p>Wenna brings home a bell nobody else can mend.</p>",
            notes="<p>This chapter is mostly snow.</p>",
            end_notes="<p>A screwdriver appears. It is important later.</p>",
        ),
        dataclasses.replace(CHAPTERS[1], summary="<p>The cold gets into everything.</p>"),
        dataclasses.replace(CHAPTERS[2], end_notes="<p>Noon, at last.</p>"),
    ),
)

AO3_NOTES = {
    "notes": "Thanks to Perpetua for the beta.\n\nThe bell is based on a real one in my town.",
    "chapter_summary": "Wenna brings home a bell nobody else can mend.",
    "chapter_notes": "This chapter is mostly snow.",
    "chapter_end_notes": "A screwdriver appears. It is important later.",
    "end_notes": "Thank you for reading! The sequel is half written.",
}


def _plain(fragment: str) -> str:
    """A paragraph's HTML as the plain text a reader shows (the story uses only <em>)."""
    return fragment.replace("<em>", "").replace("</em>", "")


def _summary_text(story: Story) -> str:
    return _plain(story.summary.replace("<p>", "").replace("</p>", ""))


# ------------------------------------------------------------------------------------------------------ plain text
def plain_text(story: Story = STORY) -> str:
    """The story alone, as a plain-text file: chapter heading lines, paragraphs, ``* * *`` for a scene break."""
    blocks: list[str] = []
    for ch in story.chapters:
        blocks.append(ch.title)
        blocks += ["* * *" if p == "<hr/>" else _plain(p) for p in ch.paragraphs]
    return "\n\n".join(blocks) + "\n"


def _entries(story: Story) -> list[tuple[str, str, str]]:
    """Title-page entries as FanFicFare writes them: (label, HTML value, text value)."""
    series_html = f"<a class='serieslink' href='{escape(story.series_url)}'>{escape(story.series)}</a>"
    plain = [
        ("Category", story.category),
        ("Genre", story.genre),
        ("Language", story.language),
        ("Characters", story.characters),
        ("Relationships", story.ships),
        ("Status", story.status),
        ("Published", story.published),
        ("Updated", story.updated),
        ("Packaged", story.packaged),
        ("Rating", story.rating),
        ("Warnings", story.warnings),
        ("Chapters", str(len(story.chapters))),
        ("Words", story.words),
        ("Publisher", story.site),
    ]
    return [
        ("Series", series_html, story.series),
        *((label, escape(value), value) for label, value in plain),
        ("Summary", f"<div>{story.summary}</div>", _summary_text(story)),
    ]


# ------------------------------------------------------------------------------------------------------ FFF TXT
def fff_txt(story: Story = STORY) -> bytes:
    """FanFicFare TXT (§4): CRLF, label block, TABLE OF CONTENTS, tab-indented chapter titles, ``End file.``."""
    lines = ["", "", "", story.title, "", f"by {story.author}", "", "", ""]
    for label, _html, text in _entries(story):
        lines += textwrap.wrap(f"{label}: {text}", width=78)  # continuation lines are not indented
        if label == "Series":
            lines.append(f"Series URL: {story.series_url}")
        if label == "Publisher":
            lines += [f"Story URL: {story.story_url}", f"Author URL: {story.author_url}"]
    lines += ["", "", "", "", "", "TABLE OF CONTENTS", "", ""]
    for ch in story.chapters:
        lines += [ch.title, ""]
    for ch in story.chapters:
        lines += ["", "", "", f"\t{ch.title}", "", ""]
        for p in ch.paragraphs:
            lines += ["* * *" if p == "<hr/>" else p.replace("<em>", "_").replace("</em>", "_"), ""]
    lines += ["", "", "", "End file.", "", ""]
    return "\r\n".join(lines).encode("utf-8")


# ------------------------------------------------------------------------------------------------------ chapter HTML
def _chapter_html(story: Story, index: int) -> str:
    """The chapter HTML FanFicFare stores: the site's text; for AO3 the notes blocks around it (§8)."""
    ch = story.chapters[index]
    text = "\n".join(p if p == "<hr/>" else f"<p>{p}</p>" for p in ch.paragraphs)
    if story.site != "archiveofourown.org":
        return f'<div class="storytext">\n{text}\n</div>\n'
    head = []
    if index == 0 and story.work_notes:
        head.append(f'<b>Author\'s Note:</b><blockquote class="userstuff">{story.work_notes}</blockquote>')
    if ch.summary:
        head.append(f'<b>Summary for the Chapter:</b><blockquote class="userstuff">{ch.summary}</blockquote>')
    if ch.notes:
        head.append(f'<b>Notes for the Chapter:</b><blockquote class="userstuff">{ch.notes}</blockquote>')
    foot = []
    if ch.end_notes:
        foot.append(f'<b>Notes for the Chapter:</b><blockquote class="userstuff">{ch.end_notes}</blockquote>')
    if index == len(story.chapters) - 1 and story.work_end_notes:
        foot.append(f'<b>Author\'s Note:</b><blockquote class="userstuff">{story.work_end_notes}</blockquote>')
    out = ['<div class="story">']
    if head:
        out.append(f'<div class="fff_chapter_notes fff_head_notes">{"".join(head)}</div>')
    out.append(f'<div class="userstuff module" role="article">\n{text}\n</div>')
    if foot:
        out.append(f'<div class="fff_chapter_notes fff_foot_notes">{"".join(foot)}</div>')
    out.append("</div>")
    return "\n".join(out) + "\n"


def _title_line(story: Story) -> str:
    return (
        f'<a href="{escape(story.story_url)}">{escape(story.title)}</a> by '
        f"<a class='authorlink' href='{escape(story.author_url)}'>{escape(story.author)}</a>"
    )


# ------------------------------------------------------------------------------------------------------ FFF HTML
def fff_html(story: Story = STORY) -> str:
    """FanFicFare HTML (§5, ``writer_html.py``)."""
    out = [
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="UTF-8">\n',
        f"<title>{escape(story.title)} by {escape(story.author)}</title>\n",
        '<style type="text/css">\n.full {width: 100%; }\n</style>\n</head>\n<body>\n',
        f"<h1>{_title_line(story)}</h1>\n",
        '\n<table class="full">\n',
    ]
    for label, value, _text in _entries(story):
        out.append(f"\n<tr><td><b>{label}:</b></td><td>{value}</td></tr>\n")
    out.append("\n</table>\n")
    out.append('\n<a name="TOCTOP"><h2>Table of Contents</h2></a>\n<p>\n')
    for k, ch in enumerate(story.chapters, 1):
        out.append(f'\n<a href="#section{k:04d}">{escape(ch.title)}</a><br />\n')
    out.append("\n</p>\n")
    for k, ch in enumerate(story.chapters, 1):
        out.append(f'\n<a name="section{k:04d}"><h2>{escape(ch.title)}</h2></a>\n')
        out.append(_chapter_html(story, k - 1))
    out.append("\n</body>\n</html>")
    return "".join(out)


# ------------------------------------------------------------------------------------------------------ zips
def _zip(members: list[tuple[str, str | bytes]]) -> bytes:
    """An EPUB zip: ``mimetype`` first and stored, the rest deflated, fixed timestamps (reproducible)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("mimetype", date_time=(2024, 5, 1, 0, 0, 0))
        zf.writestr(info, "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 5, 1, 0, 0, 0))
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _container(opf: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
        f'<rootfiles><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles>\n'
        "</container>\n"
    )


def _xhtml(title: str, body: str, head: str = "", body_attrs: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
        f'<title>{escape(title)}</title>\n<link href="stylesheet.css" type="text/css" rel="stylesheet"/>\n{head}'
        f"</head>\n<body{body_attrs}>\n{body}\n</body>\n</html>\n"
    )


def _ncx(uid: str, title: str, points: list[tuple[str, str]]) -> str:
    nav = "".join(
        f'<navPoint id="p{k}" playOrder="{k}"><navLabel><text>{escape(label)}</text></navLabel>'
        f'<content src="{src}"/></navPoint>\n'
        for k, (label, src) in enumerate(points)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<ncx version="2005-1" xmlns="http://www.daisy.org/z3986/2005/ncx/">\n'
        f'<head><meta name="dtb:uid" content="{escape(uid)}"/></head>\n'
        f"<docTitle><text>{escape(title)}</text></docTitle>\n<navMap>\n{nav}</navMap>\n</ncx>\n"
    )


# ------------------------------------------------------------------------------------------------------ FFF EPUB
def fff_epub(story: Story = STORY, *, table_title_page: bool = False, title_page: bool = True) -> bytes:
    """FanFicFare EPUB 2 (§6, ``writer_epub.py``): title page (``<b>Label:</b>`` entries, or a table), one
    ``OEBPS/fileNNNN.xhtml`` per chapter. ``title_page=False``: as with FanFicFare's ``include_titlepage:false``."""
    if table_title_page:
        rows = "".join(f"\n<tr><td><b>{label}:</b></td><td>{value}</td></tr>\n" for label, value, _ in _entries(story))
        entries = f'<table class="full">\n{rows}\n</table>'
    else:
        entries = "<div>\n" + "".join(f"\n<b>{label}:</b> {value}<br />\n" for label, value, _ in _entries(story))
        entries += "\n</div>"
    title_page = _xhtml(
        f"{story.title} by {story.author}",
        f"<h3>{_title_line(story)}</h3>\n{entries}",
        body_attrs=' class="fff_titlepage"',
    )
    members: list[tuple[str, str | bytes]] = [
        ("META-INF/container.xml", _container("content.opf")),
        ("OEBPS/stylesheet.css", ".full {width: 100%; }\n"),
        ("OEBPS/title_page.xhtml", title_page),
    ]
    for k, ch in enumerate(story.chapters, 1):
        head = "".join(
            f'<meta name="{name}" content="{escape(value)}" />\n'
            for name, value in (
                ("chapterurl", f"{story.story_url}?chapter={k}"),
                ("chapterorigtitle", ch.title),
                ("chaptertoctitle", ch.title),
                ("chaptertitle", ch.title),
            )
        )
        body = f'<h3 class="fff_chapter_title">{escape(ch.title)}</h3>\n{_chapter_html(story, k - 1)}'
        members.append((f"OEBPS/file{k:04d}.xhtml", _xhtml(ch.title, body, head, ' class="fff_chapter"')))
    subjects = ["FanFiction", *story.genre.split(", "), *story.category.split(", "), *story.characters.split(", ")]
    subjects += [escape(s) for s in story.ships.split(", ")]  # escaped once more by FanFicFare: &amp;amp;
    subjects += [f"Last Update Year/Month: {story.updated[:7].replace('-', '/')}", story.status]
    opf = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package version="2.0" xmlns="http://www.idpf.org/2007/opf" unique-identifier="fanficfare-uid">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">\n'
        f'<dc:identifier id="fanficfare-uid">{escape(story.uid)}</dc:identifier>\n'
        f'<dc:title id="id">{escape(story.title)}</dc:title>\n'
        f'<dc:creator opf:role="aut">{escape(story.author)}</dc:creator>\n'
        '<dc:contributor id="id-2">FanFicFare [https://github.com/JimmXinu/FanFicFare]</dc:contributor>\n'
        "<dc:language>en</dc:language>\n"
        f'<dc:date opf:event="publication">{story.published}</dc:date>\n'
        f'<dc:date opf:event="creation">{story.packaged[:10]}</dc:date>\n'
        f'<dc:date opf:event="modification">{story.updated}</dc:date>\n'
        f'<meta name="calibre:timestamp" content="{story.updated}T00:00:00"/>\n'
        f"<dc:description>{escape(_summary_text(story))}</dc:description>\n"
        + "".join(f"<dc:subject>{escape(s)}</dc:subject>\n" for s in subjects)
        + f"<dc:publisher>{story.site}</dc:publisher>\n"
        f'<dc:identifier opf:scheme="URL">{escape(story.story_url)}</dc:identifier>\n'
        f"<dc:source>{escape(story.story_url)}</dc:source>\n"
        "</metadata>\n<manifest>\n"
        '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>\n'
        '<item id="style" href="OEBPS/stylesheet.css" media-type="text/css"/>\n'
        '<item id="title_page" href="OEBPS/title_page.xhtml" media-type="application/xhtml+xml"/>\n'
        + "".join(
            f'<item id="file{k:04d}" href="OEBPS/file{k:04d}.xhtml" media-type="application/xhtml+xml"/>\n'
            for k in range(1, len(story.chapters) + 1)
        )
        + '</manifest>\n<spine toc="ncx">\n<itemref idref="title_page" linear="yes"/>\n'
        + "".join(f'<itemref idref="file{k:04d}" linear="yes"/>\n' for k in range(1, len(story.chapters) + 1))
        + "</spine>\n</package>\n"
    )
    points = [("Title Page", "OEBPS/title_page.xhtml")]
    points += [(ch.title, f"OEBPS/file{k:04d}.xhtml") for k, ch in enumerate(story.chapters, 1)]
    if not title_page:
        members = [m for m in members if m[0] != "OEBPS/title_page.xhtml"]
        opf = opf.replace('<itemref idref="title_page" linear="yes"/>\n', "")
        opf = opf.replace(
            '<item id="title_page" href="OEBPS/title_page.xhtml" media-type="application/xhtml+xml"/>\n', ""
        )
        points = points[1:]
    members[1:1] = [("content.opf", opf), ("toc.ncx", _ncx(story.uid, story.title, points))]
    return _zip(members)


# ------------------------------------------------------------------------------------------------------ FFF JSON
def fff_json(story: Story = STORY, **extra: str) -> str:
    """FanFicFare's ``--json-meta`` output (§7): keys sorted, indent 2, list values joined with ', '."""
    obj: dict[str, object] = {
        "author": story.author,
        "authorHTML": f"<a class='authorlink' href='{story.author_url}'>{story.author}</a>",
        "authorId": "77",
        "authorUrl": story.author_url,
        "category": story.category,
        "characters": story.characters,
        "dateCreated": story.packaged,
        "datePublished": story.published,
        "dateUpdated": story.updated,
        "description": story.summary,
        "extratags": "FanFiction",
        "formatext": ".epub",
        "formatname": "epub",
        "genre": story.genre,
        "langcode": "en",
        "language": story.language,
        "numChapters": str(len(story.chapters)),
        "numWords": story.words,
        "publisher": story.site,
        "rating": story.rating,
        "series": story.series,
        "seriesUrl": story.series_url,
        "ships": escape(story.ships),  # FanFicFare keeps &amp; in ships
        "site": story.site,
        "status": story.status,
        "storyId": "4242",
        "storyUrl": story.story_url,
        "title": story.title,
        "version": "4.62.0",
        "warnings": story.warnings,
        "zchapters": [
            [k, {"title": escape(ch.title), "url": f"{story.story_url}?chapter={k}"}]
            for k, ch in enumerate(story.chapters, 1)
        ],
        **extra,
    }
    return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


AO3_JSON_EXTRA = {
    "storyId": "5550123",
    "fandoms": "The Copper Valley Cycle, Clockwork Tales (Audio Drama)",
    "freeformtags": "Winter, Clock Repair",
    "ao3categories": "Gen",
    "kudos": "1,204",
    "hits": "15,877",
    "bookmarks": "96",
    "comments": "131",
    "collections": "Winter Fest 2021",
}


# ------------------------------------------------------------------------------------------------------ generic EPUB 2
def epub2(story: Story = STORY) -> bytes:
    """A generic EPUB 2 as an e-book tool makes it: cover and title page (named in the ``<guide>``), one file per
    chapter repeating its title in an ``<h1>``, an NCX, Dublin Core with an escaped-HTML description."""
    members: list[tuple[str, str | bytes]] = [("META-INF/container.xml", _container("OEBPS/content.opf"))]
    members.append(("OEBPS/cover.xhtml", _xhtml("Cover", '<div><img src="cover.png" alt="cover"/></div>')))
    members.append(("OEBPS/cover.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16))
    members.append(
        ("OEBPS/titlepage.xhtml", _xhtml("Title Page", f"<h1>{escape(story.title)}</h1>\n<p>by {story.author}</p>"))
    )
    for k, ch in enumerate(story.chapters, 1):
        text = "\n".join(p if p == "<hr/>" else f"<p>{p}</p>" for p in ch.paragraphs)
        members.append((f"OEBPS/text/chapter{k}.xhtml", _xhtml(ch.title, f"<h1>{escape(ch.title)}</h1>\n{text}")))
    n = len(story.chapters)
    opf = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package version="2.0" xmlns="http://www.idpf.org/2007/opf" unique-identifier="bookid">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">\n'
        f"<dc:title>{escape(story.title)}</dc:title>\n"
        f'<dc:creator opf:role="aut" opf:file-as="Wren, Inkwell">{escape(story.author)}</dc:creator>\n'
        '<dc:creator opf:role="ill">Hollis Pike</dc:creator>\n'
        "<dc:language>en</dc:language>\n"
        f'<dc:identifier id="bookid" opf:scheme="URL">{escape(story.story_url)}</dc:identifier>\n'
        f"<dc:description>{escape(story.summary)}</dc:description>\n"
        "<dc:subject>Winter</dc:subject>\n<dc:subject>Clocks &amp;amp; Bells</dc:subject>\n"
        "<dc:publisher>Copper Valley Press</dc:publisher>\n"
        f"<dc:date>{story.published}T00:00:00+00:00</dc:date>\n"
        '<meta name="calibre:series" content="Copper Valley Winters"/>\n'
        '<meta name="calibre:series_index" content="2.0"/>\n'
        '<meta name="cover" content="cover-image"/>\n'
        "</metadata>\n<manifest>\n"
        '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>\n'
        '<item id="cover-image" href="cover.png" media-type="image/png"/>\n'
        '<item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>\n'
        '<item id="titlepage" href="titlepage.xhtml" media-type="application/xhtml+xml"/>\n'
        + "".join(
            f'<item id="c{k}" href="text/chapter{k}.xhtml" media-type="application/xhtml+xml"/>\n'
            for k in range(1, n + 1)
        )
        + '</manifest>\n<spine toc="ncx">\n<itemref idref="cover"/>\n<itemref idref="titlepage"/>\n'
        + "".join(f'<itemref idref="c{k}"/>\n' for k in range(1, n + 1))
        + "</spine>\n<guide>\n"
        '<reference type="cover" title="Cover" href="cover.xhtml"/>\n'
        '<reference type="title-page" title="Title Page" href="titlepage.xhtml"/>\n'
        "</guide>\n</package>\n"
    )
    points = [(ch.title, f"text/chapter{k}.xhtml") for k, ch in enumerate(story.chapters, 1)]
    members[1:1] = [("OEBPS/content.opf", opf), ("OEBPS/toc.ncx", _ncx("urn:uuid:0000", story.title, points))]
    return _zip(members)


# ------------------------------------------------------------------------------------------------------ generic EPUB 3
def epub3(story: Story = STORY) -> bytes:
    """A generic EPUB 3: a navigation document in the spine (``properties="nav"``, with landmarks), chapter 1 in
    its own file and chapters 2 and 3 as ``<section>`` s of one file that the TOC reaches by fragment."""
    ns = 'xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'

    def doc(title: str, body: str) -> str:
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html {ns}>\n<head><title>{escape(title)}'
            f"</title></head>\n<body>\n{body}\n</body>\n</html>\n"
        )

    def section(k: int, ch: Chapter) -> str:
        text = "\n".join(p if p == "<hr/>" else f"<p>{p}</p>" for p in ch.paragraphs)
        return f'<section id="ch{k}" epub:type="chapter">\n<h2>{escape(ch.title)}</h2>\n{text}\n</section>'

    chs = story.chapters
    files = [("text/ch1.xhtml", [1]), ("text/ch2-3.xhtml", list(range(2, len(chs) + 1)))]
    links = [("text/ch1.xhtml", chs[0].title)]
    links += [(f"text/ch2-3.xhtml#ch{k}", chs[k - 1].title) for k in range(2, len(chs) + 1)]
    nav = doc(
        "Contents",
        '<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>'
        + "".join(f'<li><a href="{href}">{escape(label)}</a></li>' for href, label in links)
        + '</ol></nav>\n<nav epub:type="landmarks" hidden=""><ol>'
        '<li><a epub:type="toc" href="nav.xhtml">Contents</a></li>'
        '<li><a epub:type="bodymatter" href="text/ch1.xhtml">Start</a></li></ol></nav>',
    )
    members: list[tuple[str, str | bytes]] = [("META-INF/container.xml", _container("EPUB/package.opf"))]
    members.append(("EPUB/nav.xhtml", nav))
    for path, numbers in files:
        members.append(
            (f"EPUB/{path}", doc(chs[numbers[0] - 1].title, "\n".join(section(k, chs[k - 1]) for k in numbers)))
        )
    opf = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package version="3.0" xmlns="http://www.idpf.org/2007/opf" unique-identifier="uid">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        '<dc:identifier id="uid">urn:uuid:7d3c2a1e-0000-4000-8000-000000004242</dc:identifier>\n'
        f"<dc:title>{escape(story.title)}</dc:title>\n"
        f'<dc:creator id="author">{escape(story.author)}</dc:creator>\n'
        '<meta refines="#author" property="role" scheme="marc:relators">aut</meta>\n'
        '<dc:creator id="editor">Marit Oakes</dc:creator>\n'
        '<meta refines="#editor" property="role" scheme="marc:relators">edt</meta>\n'
        "<dc:language>en</dc:language>\n"
        f"<dc:date>{story.published}</dc:date>\n"
        f"<dc:source>{escape(story.story_url)}</dc:source>\n"
        f"<dc:description>{escape(_summary_text(story))}</dc:description>\n"
        '<meta property="dcterms:modified">2024-05-01T00:00:00Z</meta>\n'
        '<meta property="belongs-to-collection" id="c1">Copper Valley Winters</meta>\n'
        '<meta refines="#c1" property="collection-type">series</meta>\n'
        '<meta refines="#c1" property="group-position">2</meta>\n'
        "</metadata>\n<manifest>\n"
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>\n'
        '<item id="ch1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>\n'
        '<item id="ch2" href="text/ch2-3.xhtml" media-type="application/xhtml+xml"/>\n'
        '</manifest>\n<spine>\n<itemref idref="nav" linear="no"/>\n<itemref idref="ch1"/>\n<itemref idref="ch2"/>\n'
        "</spine>\n</package>\n"
    )
    members[1:1] = [("EPUB/package.opf", opf)]
    return _zip(members)


# ------------------------------------------------------------------------------------------------------ any EPUB
def build_epub(
    docs: list[tuple[str, str]],
    *,
    toc: list[tuple[str, str]] | None = None,
    nav: bool = False,
    metadata: str = "<dc:title>Untitled</dc:title>",
    extra_members: list[tuple[str, str | bytes]] | None = None,
) -> bytes:
    """A small EPUB for one test: ``docs`` are (path under ``OEBPS/``, XHTML body) in spine order; ``toc`` (label,
    href) entries go to an NCX (EPUB 2) or, with ``nav``, to an EPUB 3 navigation document."""
    members: list[tuple[str, str | bytes]] = [("META-INF/container.xml", _container("OEBPS/content.opf"))]
    items, refs = [], []
    for k, (path, body) in enumerate(docs):
        members.append((f"OEBPS/{path}", _xhtml(path, body)))
        items.append(f'<item id="d{k}" href="{path}" media-type="application/xhtml+xml"/>')
        refs.append(f'<itemref idref="d{k}"/>')
    spine_attr = ""
    if toc is not None and nav:
        links = "".join(f'<li><a href="{href}">{escape(label)}</a></li>' for label, href in toc)
        body = f'<nav xmlns:epub="http://www.idpf.org/2007/ops" epub:type="toc"><ol>{links}</ol></nav>'
        members.append(("OEBPS/nav.xhtml", _xhtml("Contents", body)))
        items.append('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>')
    elif toc is not None:
        members.append(("OEBPS/toc.ncx", _ncx("urn:uuid:1", "Untitled", toc)))
        items.append('<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>')
        spine_attr = ' toc="ncx"'
    opf = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<package version="{"3.0" if nav else "2.0"}" xmlns="http://www.idpf.org/2007/opf">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">\n'
        f"{metadata}\n</metadata>\n<manifest>\n{chr(10).join(items)}\n</manifest>\n"
        f"<spine{spine_attr}>\n{chr(10).join(refs)}\n</spine>\n</package>\n"
    )
    members.insert(1, ("OEBPS/content.opf", opf))
    return _zip(members + (extra_members or []))


def chapter_body(story: Story, index: int, heading: str | None = "h1") -> str:
    """A chapter as XHTML body content: its title in a ``heading`` element (none when None), then its text."""
    ch = story.chapters[index]
    text = "\n".join(p if p == "<hr/>" else f"<p>{p}</p>" for p in ch.paragraphs)
    return f"<{heading}>{escape(ch.title)}</{heading}>\n{text}" if heading else text


# ------------------------------------------------------------------------------------------------------ HTML page
def html_page(story: Story = STORY) -> str:
    """A plain HTML page of the whole story: title and byline, then an ``<h2>`` per chapter."""
    out = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f'<title>{escape(story.title)}</title>\n<meta name="author" content="{escape(story.author)}">\n',
        f'<meta name="description" content="{escape(_summary_text(story))}">\n</head>\n<body>\n',
        f"<h1>{escape(story.title)}</h1>\n<p>by {escape(story.author)}</p>\n",
    ]
    for ch in story.chapters:
        text = "\n".join(p if p == "<hr/>" else f"<p>{p}</p>" for p in ch.paragraphs)
        out.append(f'<div class="chapter">\n<h2>{escape(ch.title)}</h2>\n{text}\n</div>\n')
    out.append("</body>\n</html>\n")
    return "".join(out)


# ------------------------------------------------------------------------------------------------------ static copies
def static_files() -> dict[Path, str | bytes]:
    """The static fixture files, by path, as these builders make them."""
    fff, epub = FIXTURES / "fanficfare", FIXTURES / "epub"
    return {
        fff / "clockmakers-winter.txt": fff_txt(STORY),
        fff / "clockmakers-winter.html": fff_html(STORY),
        fff / "clockmakers-winter.epub": fff_epub(STORY),
        fff / "clockmakers-winter-ao3.html": fff_html(AO3_STORY),
        fff / "clockmakers-winter-ao3.html.json": fff_json(AO3_STORY, **AO3_JSON_EXTRA),
        fff / "clockmakers-winter-ao3.epub": fff_epub(AO3_STORY, table_title_page=True),
        epub / "clockmakers-winter-epub2.epub": epub2(STORY),
        epub / "clockmakers-winter-epub3.epub": epub3(STORY),
        epub / "clockmakers-winter-page.html": html_page(STORY),
    }


def write_static() -> None:
    for path, data in static_files().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


if __name__ == "__main__":
    write_static()
