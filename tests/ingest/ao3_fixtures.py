"""AO3 downloads of an invented story, rendered in code: HTML in three layout eras, a Calibre-made EPUB (since
2019) and a hand-made OEBPS EPUB (before 2019), following ``../shared/formats/README.md`` §2–§3.

Every word of the story, its notes and its tags was written for these tests.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from dataclasses import dataclass, field
from html import escape, unescape

# ------------------------------------------------------------------------------------------------------ the story


@dataclass(frozen=True)
class Chapter:
    title: str | None
    paragraphs: tuple[str, ...]  # HTML fragments of the chapter text; "<hr/>" is a scene break
    summary: str | None = None  # HTML
    notes: str | None = None
    end_notes: str | None = None


@dataclass(frozen=True)
class Work:
    title: str
    authors: tuple[str, ...]
    work_id: int
    chapters: tuple[Chapter, ...]
    rating: str = "Teen And Up Audiences"
    warnings: tuple[str, ...] = ("No Archive Warnings Apply",)
    categories: tuple[str, ...] = ("Gen",)
    fandoms: tuple[str, ...] = ("Harbour Lights (Radio Serial)",)
    relationships: tuple[str, ...] = ("Maren Holt & Ivo Pask",)
    characters: tuple[str, ...] = ("Maren Holt", "Ivo Pask", "Tamsin Rook")
    freeform: tuple[str, ...] = ("Fog", "Lighthouses", "Found Family")
    language: str = "English"
    series: tuple[tuple[str, int], ...] = (("Strait Tales", 1),)
    collections: tuple[str, ...] = ()
    published: str = "2021-03-14"
    revised: str | None = "2021-04-02"
    words: int = 1234
    expected: int | None = 3  # None: "?"
    kudos: int | None = None
    hits: int | None = None
    summary: str | None = "<p>Two ferry hands, one fog bank, and a lighthouse that <em>should not</em> be lit.</p>"
    notes: str | None = "<p>Thanks to Odile for the beta.</p><p>Written for the Strait fest.</p>"
    end_notes: str | None = "<p>Thank you for reading! Comments make my day.</p>"

    @property
    def wip(self) -> bool:
        return self.expected is None or self.expected != len(self.chapters)


CHAPTER_1 = Chapter(
    title="The Ferry",
    paragraphs=(
        "<p>The ferry left Colder Quay an hour late, and Maren Holt spent the hour counting gulls.</p>",
        "<p>“You’ll wear your eyes out,” said Ivo Pask, dropping onto the bench beside her.</p>",
        "<p>“I’m <em>working</em>,” Maren said. “Somebody has to watch the water.”</p>",
        "<hr/>",
        "<p>By noon the fog had come down over the strait like a wet sheet.</p>",
        "<p>“Do you hear that?” Ivo asked. “Bells, out past the point.”</p>",
    ),
    summary="<p>Maren counts gulls. Ivo does not help.</p>",
    notes="<p>The ferry is based on one I took as a child.</p>",
)
CHAPTER_2 = Chapter(
    title="Lights on the Point",
    paragraphs=(
        "<p>Tamsin Rook kept the lighthouse on Gannet Point, and she did not like visitors.</p>",
        "<p>“The lamp was dark at sunset,” she said when Maren knocked. “I lit it myself at <strong>six</strong>.”</p>",
        "<p>Maren looked up. The lamp was burning, steady and <em>green</em>.</p>",
        "<p>“Green,” Ivo said slowly. “Lamps on this coast are never green.”</p>",
    ),
    end_notes="<p>Next time: the keeper’s logbook.</p>",
)
CHAPTER_3 = Chapter(
    title="Home Water",
    paragraphs=(
        "<p>They rowed back at dawn with the logbook wrapped in oilcloth.</p>",
        "<p>“We tell nobody,” Tamsin said.</p>",
        "<p>“We tell <em>everybody</em>,” said Maren, and for once Ivo agreed with her.</p>",
    ),
    summary="<p>The row home.</p>",
    notes="<p>Last chapter!</p>",
)

STORY = Work(
    title="Salt and Signal Fires",
    authors=("quillfern",),
    work_id=48213377,
    chapters=(CHAPTER_1, CHAPTER_2, CHAPTER_3),
)

ONESHOT = dataclasses.replace(
    STORY,
    title="The Keeper’s Logbook",
    work_id=48300001,
    chapters=(
        Chapter(
            title=None,
            paragraphs=(
                "<p>The logbook smelled of lamp oil and old rope.</p>",
                "<p>“Read it out,” said Tamsin Rook, and Maren did, page by page, until the candle guttered.</p>",
                "<hr/>",
                "<p>In the morning the lamp was <em>white</em> again.</p>",
            ),
        ),
    ),
    expected=1,
    words=57,
    series=(),
    revised=None,
    notes=None,
    end_notes=None,
)

WIP = dataclasses.replace(
    STORY, work_id=48400002, chapters=(CHAPTER_1, CHAPTER_2), expected=None, revised="2021-05-20", words=2001
)

MANY = dataclasses.replace(
    STORY,
    title="Fog Songs",
    authors=("quillfern", "Gannet_Point (lampwick)"),
    work_id=48500003,
    series=(("Strait Tales", 2), ("Coastal Oddities", 1)),
    collections=("Strait Fest 2021", "Lighthouse Week"),
    warnings=("Creator Chose Not To Use Archive Warnings", "Major Character Death"),
    categories=("Gen", "F/M"),
    fandoms=("Harbour Lights (Radio Serial)", "The Tide Tables"),
    words=1234567,
    kudos=12345,
    hits=1234567,
)


# ------------------------------------------------------------------------------------------------------ plain text


def plain_text(work: Work) -> str:
    """The story alone as a plain-text file: ``Chapter N: Title`` headings, blank-line paragraphs, ``* * *``."""
    out: list[str] = []
    several = len(work.chapters) > 1
    for n, ch in enumerate(work.chapters, 1):
        if several:
            out.append(f"Chapter {n}: {ch.title}" if ch.title else f"Chapter {n}")
        for p in ch.paragraphs:
            out.append("* * *" if p.startswith("<hr") else unescape(re.sub(r"<[^>]+>", "", p)))
    return "\n\n".join(out) + "\n"


def story_paragraphs(work: Work) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", p)) for ch in work.chapters for p in ch.paragraphs if p.startswith("<p")]


# ------------------------------------------------------------------------------------------------------ HTML


@dataclass(frozen=True)
class Era:
    """What an AO3 layout era writes (README §2, era table)."""

    name: str
    scheme: str = "https"
    wrappers: bool = True  # #preface/#afterword and the hidden h2.toc-headings (2019-01)
    title_line: bool = True  # <b>TITLE</b><br/> in p.message (2019-01)
    plural: bool = True  # plural labels (2023-10)
    words_first: bool = True  # Words before Chapters, thousands separators, Chapters always (2023-04)
    language: bool = True  # Language row (2022-06)
    heading_number: bool = True  # h2.heading "Chapter N: TITLE" (2025-10)
    creator: bool = True  # "…the Archive … let the creator know" (2023-10)
    hidden_rows: tuple[str, ...] = ()  # rows left out (hide-tags preferences before 2019; tests of the OPF fill)
    relative_byline: bool = False  # byline links relative (before 2017-09)
    chaptered_meta: bool = True  # a chaptered work (expected != 1) with 1 posted chapter gets its meta (2026-02)


CURRENT = Era("2025-12")
ERA_2019 = Era(
    "2019-01",
    scheme="http",
    plural=False,
    words_first=False,
    language=False,
    heading_number=False,
    creator=False,
    chaptered_meta=False,
)
ERA_2010 = Era(
    "2015",
    scheme="http",
    wrappers=False,
    title_line=False,
    plural=False,
    words_first=False,
    language=False,
    heading_number=False,
    creator=False,
    relative_byline=True,
    chaptered_meta=False,
)


def _url(era: Era, path: str) -> str:
    return f"{era.scheme}://archiveofourown.org/{path}"


def _links(era: Era, names: tuple[str, ...]) -> str:
    return ", ".join(f'<a href="{_url(era, "tags/" + escape(n.replace("/", "*s*")))}">{escape(n)}</a>' for n in names)


def _label(era: Era, singular: str, plural: str, n: int) -> str:
    return plural if era.plural and n > 1 else singular


def _number(era: Era, n: int) -> str:
    return f"{n:,}" if era.words_first else str(n)


def _stats(work: Work, era: Era) -> str:
    parts = [f"Published: {work.published}"]
    if work.revised:
        parts.append(f"{'Updated' if work.wip else 'Completed'}: {work.revised}")
    expected = "?" if work.expected is None else _number(era, work.expected)
    chapters = f"Chapters: {_number(era, len(work.chapters))}/{expected}"
    chaptered = era.words_first or work.expected != 1 or len(work.chapters) > 1
    words = f"Words: {_number(era, work.words)}"
    if era.words_first:
        parts += [words, chapters]
    else:
        parts += ([chapters] if chaptered else []) + [words]
    for key, value in (("Kudos", work.kudos), ("Hits", work.hits)):
        if value is not None:
            parts.append(f"{key}: {_number(era, value)}")
    return "\n          ".join(parts)  # real output puts newlines and indentation inside the Stats dd


def _tag_rows(work: Work, era: Era, dt: str = "", dd: str = "", stats_dd: str = "") -> str:
    rows: list[tuple[str, str]] = []
    for key, singular, plural, names in (
        ("rating", "Rating", "Rating", (work.rating,)),
        ("warnings", "Archive Warning", "Archive Warnings", work.warnings),
        ("categories", "Category", "Categories", work.categories),
        ("fandoms", "Fandom", "Fandoms", work.fandoms),
        ("relationships", "Relationship", "Relationships", work.relationships),
        ("characters", "Character", "Characters", work.characters),
        ("freeform", "Additional Tags", "Additional Tags", work.freeform),
    ):
        if names and key not in era.hidden_rows:
            rows.append((_label(era, singular, plural, len(names)), _links(era, names)))
    if era.language and "language" not in era.hidden_rows:
        rows.append(("Language", escape(work.language)))
    if work.series and "series" not in era.hidden_rows:
        value = ", ".join(
            f'Part {part} of\n<a href="{_url(era, "series/" + str(900 + k))}">{escape(name)}</a>'
            for k, (name, part) in enumerate(work.series)
        )
        rows.append(("Series", value))
    if work.collections:
        rows.append(
            ("Collections", ",\n".join(f'<a href="{_url(era, "collections/c" + str(k))}">{escape(c)}</a>'
                                       for k, c in enumerate(work.collections)))
        )  # fmt: skip
    out = [f"      <dt{dt}>{label}:</dt>\n      <dd{dd}>{value}</dd>" for label, value in rows]
    out.append(f"      <dt{dt}>Stats:</dt>\n      <dd{stats_dd or dd}>\n          {_stats(work, era)}\n      </dd>")
    return "\n".join(out)


def _byline(work: Work, era: Era, cls: str = ' class="byline"') -> str:
    links = []
    for name in work.authors:
        login = name.split(" (")[-1].rstrip(")") if " (" in name else name
        pseud = name.split(" (")[0]
        href = f"/users/{login}/pseuds/{pseud}" if era.relative_byline else _url(era, f"users/{login}/pseuds/{pseud}")
        links.append(f'<a rel="author" href="{href}">{escape(name)}</a>')
    return f"<div{cls}>by {', '.join(links)}</div>"


def _heading(era: Era, n: int, ch: Chapter) -> str:
    if era.heading_number:
        return f"Chapter {n}: {escape(ch.title)}" if ch.title else f"Chapter {n}"
    return escape(ch.title) if ch.title else f"Chapter {n}"


def _message(work: Work, era: Era, cls: str = ' class="message"', b: str = "") -> str:
    url = _url(era, f"works/{work.work_id}")
    title = f"<b{b}>{escape(work.title)}</b><br/>" if era.title_line else ""
    return (
        f'<p{cls}>{title}Posted originally on the <a href="{_url(era, "")}">Archive of Our Own</a> at '
        f'<a href="{url}">{url}</a>.</p>'
    )


def _preface_meta(work: Work, era: Era) -> str:
    out = [_byline(work, era)]
    if work.summary:
        out.append(f'<p>Summary</p>\n<blockquote class="userstuff">{work.summary}</blockquote>')
    if work.notes or work.end_notes:
        out.append("<p>Notes</p>")
        if work.notes:
            out.append(f'<blockquote class="userstuff">{work.notes}</blockquote>')
        if work.end_notes:
            more = "more notes" if work.notes else "notes"
            out.append(f'<div class="endnote-link">See the end of the work for <a href="#endnotes">{more}</a></div>')
    return "\n    ".join(out)


def _chapter_meta(n: int, ch: Chapter, era: Era) -> str:
    out = [f'<div class="meta group">\n  <h2 class="heading">\n    {_heading(era, n, ch)}\n  </h2>']
    if ch.summary:
        out.append(f'  <p>Chapter Summary</p>\n  <blockquote class="userstuff">{ch.summary}</blockquote>')
    if ch.notes or ch.end_notes:
        out.append("  <p>Chapter Notes</p>")
        if ch.notes:
            out.append(f'  <blockquote class="userstuff">{ch.notes}</blockquote>')
        if ch.end_notes:
            out.append(
                f'  <div class="endnote-link">See the end of the chapter for <a href="#endnotes{n}">notes</a></div>'
            )
    out.append("</div>")
    return "\n".join(out)


def _chapter_end(n: int, ch: Chapter) -> str:
    if not ch.end_notes:
        return ""
    return (
        f'<div class="meta" id="endnotes{n}">\n  <p>Chapter End Notes</p>\n'
        f'  <blockquote class="userstuff">{ch.end_notes}</blockquote>\n</div>'
    )


def _content(ch: Chapter) -> str:
    return "\n".join(ch.paragraphs)


def render_html(work: Work, era: Era = CURRENT) -> str:
    """The AO3 HTML download of ``work`` as ``era`` wrote it."""
    several = len(work.chapters) > 1 or (era.chaptered_meta and work.expected != 1)
    head = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">\n<head>\n<meta charset="utf-8" />\n'
        f"<title>{escape(work.title)} - {escape(', '.join(work.authors))} - {escape(work.fandoms[0])}</title>\n"
        '<style type="text/css">.meta h2 { page-break-before: always; } .toc-heading { display: none; }</style>\n'
        "</head>\n<body>\n"
    )
    preface = (
        f'{_message(work, era)}\n<div class="meta">\n  <dl class="tags">\n{_tag_rows(work, era)}\n  </dl>\n'
        f"  <h1>{escape(work.title)}</h1>\n    {_preface_meta(work, era)}\n</div>\n"
    )
    if era.wrappers:
        preface = f'<div id="preface">\n<h2 class="toc-heading">Preface</h2>\n{preface}</div>\n'
    chapters = ['<div id="chapters" class="userstuff">']
    if several:
        for n, ch in enumerate(work.chapters, 1):
            chapters += [
                _chapter_meta(n, ch, era),
                "<!--chapter content-->",
                f'<div class="userstuff">\n{_content(ch)}\n</div>',
                "<!--/chapter content-->",
                _chapter_end(n, ch),
            ]
    else:
        if era.wrappers:
            chapters.append(f'<h2 class="toc-heading">{escape(work.title)}</h2>')
        chapters.append(f'<div class="userstuff">\n{_content(work.chapters[0])}\n</div>')
    chapters.append("</div>\n")
    end = ""
    if work.end_notes:
        end = (
            f'<div class="meta"><div id="endnotes"><p>End Notes</p>'
            f'<blockquote class="userstuff">{work.end_notes}</blockquote></div></div>\n'
        )
    comment = f'<a href="{_url(era, f"works/{work.work_id}/comments/new")}">'
    if era.creator:
        closing = (
            f"Please {comment}drop by the Archive and comment</a> to let the creator know if you enjoyed their work!"
        )
    else:
        closing = (
            f"Please {comment}drop by the archive and comment</a> to let the author know if you enjoyed their work!"
        )
    afterword = f'{end}<p class="message">{closing}</p>\n'
    if era.wrappers:
        afterword = f'<div id="afterword">\n<h2 class="toc-heading">Afterword</h2>\n{afterword}</div>\n'
    return head + preface + "\n".join(chapters) + afterword + "</body>\n</html>\n"


# ------------------------------------------------------------------------------------------------------ EPUB

_CONTAINER = (
    '<?xml version="1.0"?>\n<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    '<rootfiles><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles></container>\n'
)


def _xhtml(title: str, body: str) -> str:
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">\n'
        f"<head><title>{escape(title)}</title>"
        '<link rel="stylesheet" type="text/css" href="stylesheet.css"/></head>\n'
        f'<body class="calibre">\n{body}\n</body></html>\n'
    )


def _zip(files: dict[str, str], drop: tuple[str, ...] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in files.items():
            if name not in drop:
                zf.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _ncx(title: str, entries: list[tuple[str, str]]) -> str:
    points = "".join(
        f'<navPoint id="n{k}" playOrder="{k + 1}"><navLabel><text>{escape(label)}</text></navLabel>'
        f'<content src="{src}"/></navPoint>\n'
        for k, (label, src) in enumerate(entries)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">\n'
        f"<head/><docTitle><text>{escape(title)}</text></docTitle>\n<navMap>\n{points}</navMap></ncx>\n"
    )


def _opf(metadata: str, files: list[str], ncx: str) -> str:
    items = "".join(
        f'<item id="html{k}" href="{f.rsplit("/", 1)[-1]}" media-type="application/xhtml+xml"/>\n'
        for k, f in enumerate(files)
    )
    spine = "".join(f'<itemref idref="html{k}"/>' for k in range(len(files)))
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="uuid_id">\n'
        '<metadata xmlns:opf="http://www.idpf.org/2007/opf" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:calibre="http://calibre.kovidgoyal.net/2009/metadata">\n{metadata}</metadata>\n'
        f'<manifest>\n{items}<item id="ncx" href="{ncx}" media-type="application/x-dtbncx+xml"/></manifest>\n'
        f'<spine toc="ncx">{spine}</spine>\n</package>\n'
    )


@dataclass
class CalibreClasses:
    """Class names Calibre gives (with AO3's CSS, as in samples 2/3; without it, as in sample 1)."""

    dl: str = "tags"
    byline: str = "byline"
    endnote_link: str = "endnote-link"
    p: str = "calibre7"
    dt: str = "calibre3"
    dd: str = "calibre4"
    stats_dd: str = "calibre5"
    h1: str = "calibre6"
    hr: str = "calibre9"
    pb: str = "calibre8"
    extra: dict[str, str] = field(default_factory=dict)


AO3_CSS = CalibreClasses()
NO_CSS = CalibreClasses(
    dl="message", byline="calibre1", endnote_link="calibre1", p="message", dt="calibre1", dd="calibre3",
    stats_dd="calibre3", h1="calibre4", hr="calibre6", pb="calibre5",
)  # fmt: skip


def _calibre_body(html: str, c: CalibreClasses) -> str:
    html = re.sub(r"<p>", f'<p class="{c.p}">', html)
    return re.sub(r"<hr\s*/>", f'<hr class="{c.hr}"/>', html)


def render_calibre_epub(
    work: Work,
    classes: CalibreClasses = AO3_CSS,
    *,
    era: Era = CURRENT,
    drop: tuple[str, ...] = (),
    name: str = "Salt_and_Signal",
    flow_split: int | None = None,
) -> bytes:
    """What AO3's Calibre pipeline makes of the current HTML download: ``<name>_split_NNN.xhtml`` files with
    renamed classes and the ids ``preface`` (twice), ``chapters`` (in every chapter file) and an empty
    ``afterword`` shell, a root ``content.opf`` and ``toc.ncx``. ``era``: its rows (``hidden_rows``) and
    links; ``drop``: member names to leave out; ``flow_split``: a chapter whose text runs on into a second file,
    as Calibre splits a file past its flow size (the second file repeats ``#chapters`` and has no TOC entry)."""
    c = classes
    pb = iter(range(1, 1000))

    def placeholder() -> str:
        return f'<div class="calibre1">\n  <div class="{c.pb}" id="calibre_pb_{next(pb)}"></div>\n</div>'

    files: list[str] = []
    docs: dict[str, str] = {}

    def add(body: str) -> str:
        fname = f"{name}_split_{len(files):03d}.xhtml"
        files.append(fname)
        docs[fname] = _xhtml(work.title, body)
        return fname

    message = _message(work, era, cls=' class="message"', b=' class="calibre2"').replace(
        "<br/>", '<br class="calibre1"/>'
    )
    rows = _tag_rows(work, era, dt=f' class="{c.dt}"', dd=f' class="{c.dd}"', stats_dd=f' class="{c.stats_dd}"')
    preface0 = add(
        f'<div id="preface" class="calibre1">\n  <h2 class="toc-heading" id="calibre_toc_1">Preface</h2>\n'
        f'  {message}\n  <div class="calibre1">\n    <dl class="{c.dl}">\n{rows}\n    </dl>\n  </div>\n</div>'
    )
    meta = _preface_meta(work, era).replace('class="byline"', f'class="{c.byline}"')
    meta = meta.replace('class="endnote-link"', f'class="{c.endnote_link}"')
    last = f"{name}_split_{len(work.chapters) + 2 + (flow_split is not None):03d}.xhtml"
    meta = meta.replace('href="#endnotes"', f'href="{last}#endnotes"')
    add(
        f'<div id="preface" class="calibre1">\n<div class="calibre1">\n'
        f'<h1 class="{c.h1}" id="calibre_pb_0">{escape(work.title)}</h1>\n    {_calibre_body(meta, c)}\n  </div>\n'
        f'</div>\n<div class="userstuff1" id="chapters">\n{placeholder()}\n</div>'
    )
    entries = [("Preface", preface0)]
    several = len(work.chapters) > 1
    for n, ch in enumerate(work.chapters, 1):
        parts = []
        if several:
            group = _chapter_meta(n, ch, era).replace('<div class="meta group">', '<div class="calibre1">')
            group = group.replace('<h2 class="heading">', f'<h2 class="heading" id="calibre_toc_{n + 1}">')
            group = group.replace('class="endnote-link"', f'class="{c.endnote_link}"')
            parts.append(_calibre_body(group, c))
        else:
            parts.append(f'<h2 class="toc-heading" id="calibre_toc_2">{escape(work.title)}</h2>')
        paragraphs = list(ch.paragraphs)
        cut = len(paragraphs) // 2 if n == flow_split else len(paragraphs)
        parts.append(f'<div class="userstuff2">\n{_calibre_body(chr(10).join(paragraphs[:cut]), c)}\n</div>')
        label = " ".join(_heading(era, n, ch).split()) if several else work.title
        if cut < len(paragraphs):
            entries.append(
                (unescape(label), add('<div class="userstuff1" id="chapters">\n' + "\n".join(parts) + "</div>"))
            )
            parts, label = [f'<div class="userstuff2">\n{_calibre_body(chr(10).join(paragraphs[cut:]), c)}\n</div>'], ""
        end = _chapter_end(n, ch).replace('class="meta"', 'class="calibre1"')
        if end:
            parts.append(_calibre_body(end, c))
        parts.append(placeholder())
        body = '<div class="userstuff1" id="chapters">\n' + "\n".join(parts) + "\n</div>"
        if n == len(work.chapters):
            body += f'\n<div id="afterword" class="calibre1">\n{placeholder()}\n</div>'
        fname = add(body)
        if label:
            entries.append((unescape(label), fname))
    end_notes = ""
    if work.end_notes:
        end_notes = _calibre_body(
            f'  <div class="calibre1"><div id="endnotes" class="calibre1"><p>End Notes</p>'
            f'<blockquote class="userstuff">{work.end_notes}</blockquote></div></div>\n',
            c,
        )
    comment = _url(era, f"works/{work.work_id}/comments/new")
    entries.append(
        (
            "Afterword",
            add(
                f'<div id="afterword" class="calibre1">\n<h2 class="toc-heading" id="calibre_toc_9">Afterword</h2>\n'
                f'{end_notes}  <p class="message">Please <a href="{comment}">drop by the Archive and comment</a> '
                "to let the creator know if you enjoyed their work!</p>\n</div>"
            ),
        )
    )
    tags = ["Fanworks", work.rating, *work.warnings, *work.categories, *work.fandoms, *work.relationships,
            *work.characters, *work.freeform]  # fmt: skip
    tags = ["Choose Not To Use Archive Warnings" if t.startswith("Creator Chose") else t for t in tags]
    metadata = (
        f"<dc:title>{escape(work.title)}</dc:title>\n<dc:language>en</dc:language>\n"
        f'<dc:creator opf:role="aut">{escape(", ".join(work.authors))}</dc:creator>\n'
        '<dc:identifier id="uuid_id" opf:scheme="uuid">0e4b8f7a-2d1c-4c55-9a51-3f0d9d2b7e11</dc:identifier>\n'
        f"<dc:description>{escape(work.summary or '')}</dc:description>\n"  # escaped HTML, as Calibre 6.13 stores it
        "<dc:publisher>Archive of Our Own</dc:publisher>\n"
        + "".join(f"<dc:subject>{escape(t)}</dc:subject>\n" for t in tags)
        + f"<dc:date>{work.revised or work.published}T00:00:00+00:00</dc:date>\n"
    )
    if work.series:
        metadata += (
            f'<meta name="calibre:series" content="{escape(work.series[0][0])}"/>\n'
            f'<meta name="calibre:series_index" content="{work.series[0][1]}"/>\n'
        )
    out = {
        "META-INF/container.xml": _CONTAINER.format(opf="content.opf"),
        "content.opf": _opf(metadata, files, "toc.ncx"),
        "toc.ncx": _ncx(work.title, entries),
        "stylesheet.css": ".calibre { display: block }\n",
        **docs,
    }
    return _zip(out, drop)


def render_oebps_epub(work: Work, *, split_chapter: int | None = 2, publisher: str = "Archive of Our Own") -> bytes:
    """A pre-2019 AO3 EPUB: ``OEBPS/preface.xhtml``, ``chapterN_M.xhtml`` (``split_chapter`` is cut into two
    parts, as files past 280 KiB were), ``afterword.xhtml``; the OPF identifier is the work URL and dc:date the
    first published date; no subjects and no description."""
    era = ERA_2010
    several = len(work.chapters) > 1
    files: dict[str, str] = {}
    order: list[str] = []

    def add(fname: str, body: str) -> None:
        order.append(f"OEBPS/{fname}")
        files[f"OEBPS/{fname}"] = _xhtml(work.title, body)

    add(
        "preface.xhtml",
        f'{_message(work, era)}\n<div class="meta">\n  <dl class="tags">\n{_tag_rows(work, era)}\n  </dl>\n'
        f"  <h1>{escape(work.title)}</h1>\n    {_preface_meta(work, era)}\n</div>",
    )
    entries = [("Preface", "preface.xhtml")]
    for n, ch in enumerate(work.chapters, 1):
        paragraphs = list(ch.paragraphs)
        cut = len(paragraphs) // 2 if n == split_chapter and len(paragraphs) > 1 else len(paragraphs)
        head = _chapter_meta(n, ch, era) + "\n" if several else ""
        add(f"chapter{n}_1.xhtml", f'{head}<div class="userstuff">\n' + "\n".join(paragraphs[:cut]) + "\n</div>")
        if cut < len(paragraphs):
            add(f"chapter{n}_2.xhtml", '<div class="userstuff">\n' + "\n".join(paragraphs[cut:]) + "\n</div>")
        label = (ch.title or f"Chapter {n}") if several else work.title
        entries.append((label, f"chapter{n}_1.xhtml"))
    end = ""
    if work.end_notes:
        end = (
            f'<div class="meta"><div id="endnotes"><p>End Notes</p>'
            f'<blockquote class="userstuff">{work.end_notes}</blockquote></div></div>\n'
        )
    comment = _url(era, f"works/{work.work_id}/comments/new")
    add(
        "afterword.xhtml",
        f'{end}<p class="message">Please <a href="{comment}">drop by the archive and comment</a> to let the '
        "author know if you enjoyed their work!</p>",
    )
    entries.append(("Afterword", "afterword.xhtml"))
    metadata = (
        f"<dc:title>{escape(work.title)}</dc:title>\n<dc:language>en</dc:language>\n"
        f"<dc:creator>{escape(', '.join(work.authors))}</dc:creator>\n"
        f"<dc:publisher>{escape(publisher)}</dc:publisher>\n"
        f'<dc:identifier id="etextno" opf:scheme="URI">http://archiveofourown.org/works/{work.work_id}</dc:identifier>\n'
        f"<dc:date>{work.published}</dc:date>\n"
    )
    out = {
        "META-INF/container.xml": _CONTAINER.format(opf="OEBPS/content.opf"),
        "OEBPS/content.opf": _opf(metadata, order, "toc.ncx"),
        "OEBPS/toc.ncx": _ncx(work.title, entries),
        **files,
    }
    return _zip(out)


def big_work(words: int = 100_000, chapters: int = 25) -> Work:
    """A long work (for the reading-time check): invented sentences repeated to ``words`` words."""
    sentence = (
        "<p>“Hold the lamp higher,” said Maren, and Ivo lifted it until the <em>green</em> light "
        "caught the rocks below the point and the gulls rose shrieking into the fog.</p>"
    )
    per = len(re.sub(r"<[^>]+>", "", sentence).split())
    paragraphs = max(1, words // per // chapters)
    chs = tuple(
        Chapter(title=f"Night {n}", paragraphs=(sentence,) * paragraphs, summary="<p>More fog.</p>")
        for n in range(1, chapters + 1)
    )
    return dataclasses.replace(STORY, chapters=chs, expected=chapters, words=words)
