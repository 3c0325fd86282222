# ruff: noqa: E501  (markup lines as the site writes them)
"""AO3 work pages as a browser saves them (``app/views/works/show``, ``chapters/_chapter``), whole and as
fragments, rendered in code from the same ``Work`` values as the downloads in ``ao3_fixtures.py``.

The story here (*The Orchard Ledger*) was written for these tests.
"""

from __future__ import annotations

import dataclasses
from html import escape

from ao3_fixtures import Chapter, Work

ORCHARD = Work(
    title="The Orchard Ledger",
    authors=("hazelmere", "Pip_Quince (quincewrites)"),
    work_id=51234567,
    chapters=(
        Chapter(
            title="Windfalls",
            paragraphs=(
                "<p>The ledger said forty trees. Bramble counted thirty-nine, twice, and then sat down in the grass.</p>",
                "<p>“One’s missing,” she told her brother. “A whole <em>tree</em>.”</p>",
                "<hr/>",
                "<p>Odd Marten only shrugged. “Trees don’t walk off,” he said, and went on eating his apple.</p>",
            ),
            summary="<p>Bramble counts the trees.</p>",
            notes="<p>Apple facts are approximate.</p>",
            end_notes="<p>More soon!</p>",
        ),
        Chapter(
            title=None,
            paragraphs=(
                "<p>The fortieth tree stood in the churchyard, where no tree had stood before.</p>",
                "<p>“Well,” said the vicar, looking up at it. “That’s new.”</p>",
            ),
        ),
    ),
    fandoms=("Orchard Year (Web Serial)",),
    relationships=("Bramble Marten & Odd Marten",),
    characters=("Bramble Marten", "Odd Marten", "The Vicar"),
    freeform=("Apples", "Small Town Mysteries"),
    series=(("Orchard Year", 2),),
    words=97,
    expected=2,
    kudos=321,
    hits=4567,
    summary="<p>A village orchard gains a tree, and loses its patience.</p>",
    notes="<p>Thanks to Fenna for the beta.</p>",
    end_notes="<p>Thank you for reading!</p>",
)
ORCHARD_ONESHOT = dataclasses.replace(
    ORCHARD, title="Blossom Week", work_id=51234999, chapters=ORCHARD.chapters[:1], expected=1, series=()
)

SITE = "https://archiveofourown.org"


def _tags(work: Work) -> str:
    rows = [("rating", "Rating", (work.rating,)), ("warning", "Archive Warning", work.warnings)]
    rows += [("category", "Category", work.categories), ("fandom", "Fandom", work.fandoms)]
    rows += [("relationship", "Relationship", work.relationships), ("character", "Characters", work.characters)]
    rows += [("freeform", "Additional Tags", work.freeform)]
    out = []
    for cls, label, names in rows:
        links = "".join(f'<li><a class="tag" href="/tags/{escape(n)}/works">{escape(n)}</a></li>' for n in names)
        out.append(f'<dt class="{cls} tags">{label}:</dt>\n<dd class="{cls} tags"><ul class="commas">{links}</ul></dd>')
    out.append(f'<dt class="language">Language:</dt><dd class="language" lang="en">{work.language}</dd>')
    for name, part in work.series:
        out.append(
            '<dt class="series">Series:</dt><dd class="series"><span class="series"><span class="position">'
            f'Part {part} of <a href="/series/77">{escape(name)}</a></span></span></dd>'
        )
    stats = [("published", "Published", work.published)]
    if work.revised:
        stats.append(("status", "Completed", work.revised))
    stats += [("words", "Words", f"{work.words:,}"), ("chapters", "Chapters", f"{len(work.chapters)}/{work.expected}")]
    stats += [("kudos", "Kudos", str(work.kudos)), ("hits", "Hits", str(work.hits))]
    dl = "".join(f'<dt class="{c}">{k}:</dt><dd class="{c}">{v}</dd>' for c, k, v in stats)
    out.append(f'<dt class="stats">Stats:</dt><dd class="stats"><dl class="stats">{dl}</dl></dd>')
    return '<dl class="work meta group">\n' + "\n".join(out) + "\n</dl>"


def _module(cls: str, label: str, html: str | None, id_: str = "") -> str:
    if html is None:
        return ""
    ident = f' id="{id_}"' if id_ else ""
    return f'<div{ident} class="{cls} module"><h3 class="heading">{label}</h3><blockquote class="userstuff">{html}</blockquote></div>'


def _byline(work: Work) -> str:
    links = []
    for name in work.authors:
        login = name.split("(")[-1].rstrip(")") if "(" in name else name
        pseud = name.split(" (")[0]
        links.append(f'<a rel="author" href="/users/{login}/pseuds/{pseud}">{escape(name)}</a>')
    return ", ".join(links)


def _chapters(work: Work) -> str:
    if len(work.chapters) == 1:
        text = "".join(work.chapters[0].paragraphs)
        return f'<div id="chapters" role="article"><h3 class="landmark heading" id="work">Work Text:</h3><div class="userstuff">{text}</div></div>'
    out = ['<div id="chapters" role="article">']
    for n, ch in enumerate(work.chapters, 1):
        title = f'<a href="/works/{work.work_id}/chapters/{900 + n}">Chapter {n}</a>' + (
            f": {escape(ch.title)}" if ch.title else ""
        )
        out.append(f'<div class="chapter" id="chapter-{n}" role="article">')
        out.append(f'<div class="chapter preface group" role="complementary"><h3 class="title">{title}</h3>')
        out.append(
            _module("summary", "Summary:", ch.summary, "summary") + _module("notes", "Notes:", ch.notes, "notes")
        )
        out.append("</div>")
        out.append(
            f'<div class="userstuff module" role="article"><h3 class="landmark heading" id="work">Chapter Text</h3>{"".join(ch.paragraphs)}</div>'
        )
        if ch.end_notes:
            out.append(
                f'<div class="chapter preface group" role="complementary">{_module("end notes", "Notes:", ch.end_notes, f"chapter_{n}_endnotes")}</div>'
            )
        out.append("</div>")
    out.append("</div>")
    return "".join(out)


def render_workskin(work: Work) -> str:
    """``div.work`` as on the page: actions, the tag list, ``#workskin`` (preface, chapters, end notes)."""
    return f"""<div class="work">
<h3 class="landmark heading">Actions</h3>
<ul class="work navigation actions" role="menu"><li class="chapter entire"><a href="/works/{work.work_id}?view_full_work=true">Entire Work</a></li>
<li class="chapter next"><a href="/works/{work.work_id}/chapters/902">Next Chapter →</a></li><li class="comments"><a href="#comments">Comments (12)</a></li></ul>
<div class="wrapper">{_tags(work)}</div>
<div id="workskin">
<div class="preface group">
<h2 class="title heading">{escape(work.title)}</h2>
<h3 class="byline heading">{_byline(work)}</h3>
{_module("summary", "Summary:", work.summary)}
{_module("notes", "Notes:", work.notes)}
</div>
{_chapters(work)}
<div class="afterword preface group">{_module("end notes", "Notes:", work.end_notes, "work_endnotes")}</div>
</div>
<div id="feedback" class="feedback"><h3 class="landmark heading">Actions</h3>
<ul class="actions" role="navigation"><li><a href="#main">↑ Top</a></li><li><form id="new_kudo" action="/kudos"><input type="submit" value="Kudos ♥"></form></li></ul>
<div id="kudos"><p class="kudos"><a href="/users/fenna">fenna</a>, <a href="/users/orla">orla</a> as well as 319 guests left kudos on this work!</p></div>
<div id="comments_placeholder"><h3 class="heading">Comments</h3><p>Leave a comment? Be kind.</p></div>
</div>
</div>"""


def render_saved_page(work: Work) -> str:
    """The whole page, with the site's header, navigation and footer."""
    authors = ", ".join(a.split(" (")[0] for a in work.authors)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(work.title)} - Chapter 1 - {escape(authors)} - {escape(work.fandoms[0])} [Archive of Our Own]</title>
<meta name="description" content="An Archive of Our Own, a project of the Organization for Transformative Works">
</head><body class="logged-out">
<div id="outer" class="wrapper">
<ul id="skiplinks"><li><a href="#main">Main Content</a></li></ul>
<header id="header" class="region"><h1 class="heading"><a href="/">Archive of Our Own<sup> beta</sup></a></h1>
<nav aria-label="Site"><ul class="primary navigation actions"><li><a href="/menu/fandoms">Fandoms</a></li><li><a href="/menu/browse">Browse</a></li><li><a href="/menu/search">Search</a></li><li><a href="/menu/about">About</a></li></ul></nav></header>
<div id="inner" class="wrapper"><div id="main" class="works-show region" role="main">
{render_workskin(work)}
</div></div>
<footer id="footer" role="contentinfo" class="region"><h3 class="landmark heading">Footer</h3>
<ul class="navigation actions"><li><h4 class="heading">Customize</h4></li><li><h4 class="heading">About the Archive</h4><a href="/site_map">Site Map</a></li></ul>
<p>Organization for Transformative Works</p></footer>
</div></body></html>"""
