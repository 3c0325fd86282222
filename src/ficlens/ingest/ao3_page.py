"""AO3 work pages saved from a browser (whole pages with the site's chrome, or fragments without ``<html>``).

The page is rewritten into the shape of AO3's HTML download (``docs/ingest.md``, *AO3 downloads*) and read by
the download reader, so a saved page gives the same metadata, notes and chapters as the download: the work's
``dl.work.meta`` becomes the tag list, ``h2.title`` the title, ``h3.byline`` the byline, the preface modules the
summary and notes, each ``div.chapter`` a chapter (``h3.title`` its heading, its modules its notes), and
``#work_endnotes`` the end notes. The site's header, navigation, kudos, comments and footer are dropped.
Keys are AO3's own ids and classes on its web pages (``app/views/works``, ``app/views/chapters``).
"""

from __future__ import annotations

import dataclasses
import html
import re
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from . import ao3
from .ao3_meta import WORK_URL
from .html import HtmlError, children, parse_html, tag_of, text_of
from .parsed import Parsed

NAME = "ao3-page"
SITE = "https://archiveofourown.org/"
_SNIFF = re.compile(r"""\bid\s*=\s*["']workskin["']|\bclass\s*=\s*["']work meta group["']""", re.IGNORECASE)
_AO3 = re.compile(r"archiveofourown\.org|/works/\d+|Archive of Our Own", re.IGNORECASE)
_WORK_ID = re.compile(r"/works/(\d+)")
SNIFF_CHARS = 400_000


def sniff(text: str) -> bool:
    head = text[:SNIFF_CHARS]
    return bool(_SNIFF.search(head)) and bool(_AO3.search(head))


def _classes(el: Any) -> set[str]:
    return set((el.get("class") or "").split())


def _first(root: Any, pred: Any) -> Any | None:
    return next((e for e in root.iter() if isinstance(e.tag, str) and pred(e)), None)


def _all(root: Any, pred: Any) -> list[Any]:
    return [e for e in root.iter() if isinstance(e.tag, str) and pred(e)]


def _html(el: Any) -> str:
    return etree.tostring(el, method="html", encoding="unicode", with_tail=False)


def _inner(el: Any) -> str:
    """The element's content as HTML, less AO3's hidden landmark headings (``Chapter Text``, ``Work Text:``)."""
    parts = [html.escape(el.text or "", quote=False)]
    for child in el:
        if isinstance(child.tag, str) and "landmark" in _classes(child):
            parts.append(html.escape(child.tail or "", quote=False))
            continue
        parts.append(etree.tostring(child, method="html", encoding="unicode", with_tail=True))
    return "".join(parts)


def _module(el: Any, kind: str) -> Any | None:
    """The ``blockquote.userstuff`` of a ``div.KIND.module`` inside ``el`` (summary, notes, end notes)."""
    mod = _first(el, lambda e: {kind, "module"} <= _classes(e) and (kind != "notes" or "end" not in _classes(e)))
    if mod is None:
        return None
    return _first(mod, lambda e: tag_of(e) == "blockquote")


def _labelled(label: str, quote: Any | None, wrapper: str = "") -> str:
    if quote is None:
        return ""
    inner = f"<p>{label}</p>{_html(quote)}"
    return f'<div id="{wrapper}">{inner}</div>' if wrapper else inner


def _tag_list(dl: Any) -> str:
    """The web page's ``dl.work.meta`` as the download's ``dl.tags`` (the Stats dd's inner ``dl`` as text)."""
    out = ['<dl class="tags">']
    for el in children(dl):
        if tag_of(el) == "dt":
            out.append(f"<dt>{html.escape(text_of(el))}</dt>")
        elif tag_of(el) == "dd":
            inner = next((e for e in el.iter() if tag_of(e) == "dl"), None)
            if inner is not None:
                pairs = [text_of(e) for e in children(inner)]
                stats = " ".join(f"{a} {b}" for a, b in zip(pairs[::2], pairs[1::2], strict=False))
                out.append(f"<dd>{html.escape(stats)}</dd>")
            else:
                out.append(_html(el))
    out.append("</dl>")
    return "".join(out)


def _byline(el: Any) -> str:
    links = [a for a in el.iter() if tag_of(a) == "a" and text_of(a)]
    for a in links:
        a.set("href", urljoin(SITE, a.get("href") or ""))
    names = ", ".join(_html(a) for a in links) if links else html.escape(text_of(el))
    return f'<div class="byline">by {names}</div>'


def _chapter(el: Any, number: int) -> str:
    prefaces = [e for e in el if isinstance(e.tag, str) and {"chapter", "preface"} <= _classes(e)]
    head = prefaces[0] if prefaces else el
    title_el = _first(head, lambda e: tag_of(e) in ("h2", "h3") and "title" in _classes(e))
    title = text_of(title_el) if title_el is not None else f"Chapter {number}"
    meta = [f'<h2 class="heading">{html.escape(title)}</h2>']
    byline = _first(head, lambda e: "byline" in _classes(e))
    if byline is not None and text_of(byline):
        meta.append(f'<p class="byline">{html.escape(text_of(byline))}</p>')
    if prefaces:
        meta.append(_labelled("Chapter Summary", _module(prefaces[0], "summary")))
        meta.append(_labelled("Chapter Notes", _module(prefaces[0], "notes")))
    body = _first(el, lambda e: "userstuff" in _classes(e) and tag_of(e) != "blockquote")
    end = next((_module(p, "end") for p in prefaces[1:] if _module(p, "end") is not None), None)
    end_html = ""
    if end is not None:
        end_html = f'<div class="meta" id="endnotes{number}">{_labelled("Chapter End Notes", end)}</div>'
    text = _inner(body) if body is not None else ""
    return f'<div class="meta group">{"".join(meta)}</div><div class="userstuff">{text}</div>{end_html}'


def to_download(root: Any) -> tuple[str, str | None]:
    """The page as an AO3 HTML download, and the work's URL when the page links to it."""
    skin = _first(root, lambda e: e.get("id") == "workskin")
    scope = skin if skin is not None else root
    preface = _first(scope, lambda e: {"preface", "group"} <= _classes(e) and "chapter" not in _classes(e))
    tags = _first(root, lambda e: tag_of(e) == "dl" and {"work", "meta"} <= _classes(e))
    title = None if preface is None else _first(preface, lambda e: tag_of(e) == "h2" and "title" in _classes(e))
    byline = None if preface is None else _first(preface, lambda e: "byline" in _classes(e))
    head = ['<div id="preface"><div class="meta">']
    if tags is not None:
        head.append(_tag_list(tags))
    if title is not None:
        head.append(f"<h1>{html.escape(text_of(title))}</h1>")
    if byline is not None:
        head.append(_byline(byline))
    if preface is not None:
        head.append(_labelled("Summary", _module(preface, "summary")))
        head.append(_labelled("Notes", _module(preface, "notes")))
    head.append("</div></div>")

    chapters_el = _first(scope, lambda e: e.get("id") == "chapters")
    chapter_els = [] if chapters_el is None else _all(chapters_el, lambda e: e.get("id", "").startswith("chapter-"))
    parts = ['<div id="chapters" class="userstuff">']
    if chapter_els:
        parts += [_chapter(ch, n) for n, ch in enumerate(chapter_els, 1)]
    elif chapters_el is not None:
        text = _first(chapters_el, lambda e: "userstuff" in _classes(e))
        parts.append(f'<div class="userstuff">{_inner(text if text is not None else chapters_el)}</div>')
    parts.append("</div>")
    end = _first(scope, lambda e: e.get("id") == "work_endnotes")
    after = ""
    quote = None if end is None else _first(end, lambda e: tag_of(e) == "blockquote")
    if quote is not None:
        after = f'<div id="afterword"><div class="meta">{_labelled("End Notes", quote, "endnotes")}</div></div>'
    url = _work_url(root)
    return f"<html><body>{''.join(head)}{''.join(parts)}{after}</body></html>", url


def _work_url(root: Any) -> str | None:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in ("href", "action", "content"):
            m = _WORK_ID.search(el.get(attr) or "")
            if m:
                return f"{SITE}works/{m.group(1)}"
    return None


def parse(text: str) -> Parsed:
    """A saved AO3 work page (whole or a fragment) read as its download."""
    root = parse_html(text)
    try:
        download, url = to_download(root)
    except (LookupError, ValueError, TypeError, AttributeError, etree.LxmlError) as exc:
        raise HtmlError(f"could not be read as a saved AO3 page ({type(exc).__name__}: {exc})") from None
    parsed = ao3.parse_html(download)
    meta = parsed.meta
    if url and not meta.url:
        m = WORK_URL.search(url)
        meta = dataclasses.replace(meta, url=url, work_id=m.group(2) if m else None)
    return dataclasses.replace(parsed, format=NAME, meta=meta)
