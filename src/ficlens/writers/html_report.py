"""A self-contained HTML report of one work (``STEM.html``): metadata, reading view, character panel, plots.

The report is one file that works offline: its CSS, JavaScript and SVG are inline and a
``Content-Security-Policy`` meta tag allows nothing else (no network, no inline event handlers, scripts and
styles only by the SHA-256 hash of the report's own code). Everything that comes from the work — its text,
notes, tags, character names — is untrusted: templates are rendered with jinja2's autoescape, and the reading
view's quotation and name markup is assembled here from pieces escaped one by one with ``markupsafe.escape``.

Like every writer it only projects the Document (``docs/outputs.md``, "HTML report"): speakers, addressees,
mentions, points of view and profiles are the stages'; the report counts and lays them out. Element ids are the
records' indexes in the JSON layers: ``q12`` is ``quotes[12]``, ``c3`` is ``characters[3]`` (as in TEI and the
networks), ``s4`` is ``scenes[4]`` and ``ch0`` is ``chapters[0]``. ``docs/outputs.md`` ("HTML report") describes
the page.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from ..model import Document
from ..model.metadata import Metadata, Note
from ..model.records import Character, Mention, Paragraph, Quote, Scene, Style
from ..version import __version__
from . import write_atomic
from .common import LANGUAGE_TAGS, Edge, characters, conversation_edges, label, pov_by_scene, presence
from .common import story_paragraphs as _story_paragraphs

# ------------------------------------------------------------------------------------------------ colours

# Speaker colours, light and dark (index = palette slot). Each has a contrast of at least 4.5:1 against its
# page background, also under the 10 % tint quotations get (tests/writers/test_html_report.py checks it).
PALETTE_LIGHT = (
    "#b42318",
    "#1d4ed8",
    "#166534",
    "#7e22ce",
    "#9a4a07",
    "#0e6a84",
    "#be185d",
    "#3f6212",
    "#4338ca",
    "#7c3a0c",
    "#115e59",
    "#a21caf",
)
PALETTE_DARK = (
    "#fca5a5",
    "#93c5fd",
    "#86efac",
    "#d8b4fe",
    "#fcd34d",
    "#67e8f9",
    "#f9a8d4",
    "#bef264",
    "#a5b4fc",
    "#fdba74",
    "#5eead4",
    "#f0abfc",
)
NEUTRAL_LIGHT, NEUTRAL_DARK = "#57534e", "#d6d3d1"  # speakers past the twelfth, and everyone else
BACKGROUND_LIGHT, BACKGROUND_DARK = "#fbf8f3", "#17181c"
QUOTE_TINT = 0.10  # the share of the speaker's colour in a quotation's background
LOW_CONFIDENCE = 0.5  # a quotation whose speaker's probability (Quote.score) is below this is drawn dimmed

# What decided a quotation's speaker (Quote.method) → one letter in the markup (data-e).
EVIDENCE_CODES = {"explicit": "x", "beat": "b", "vocative": "v", "turn-taking": "t", "context": "c"}
EVIDENCE_WORDS = {
    "explicit": "speech tag",
    "beat": "action beat",
    "vocative": "named addressee",
    "turn-taking": "turn-taking",
    "context": "context",
}

# Inline styles kept from HTML sources → the HTML element used (opening, closing).
STYLE_TAGS = {
    "em": ("<em>", "</em>"),
    "strong": ("<strong>", "</strong>"),
    "underline": ("<u>", "</u>"),
    "strike": ("<s>", "</s>"),
    "small-caps": ('<span class="smc">', "</span>"),
    "code": ("<code>", "</code>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
}

# Above this many scenes the presence plot counts by chapter.
MAX_SCENE_COLUMNS = 60
PLOT_ROWS = 15  # characters in the dialogue-share and presence plots
NETWORK_NODES = 14  # characters in the interaction network
NETWORK_EDGES = 40  # links drawn in it (the heaviest)
PROFILE_ITEMS = 20  # items of each profile list shown in a character's card
SAMPLE_QUOTES = 3  # quotations shown in a character's card

# AO3's rating names (and FanFiction.Net's letters) → the class of the rating badge.
RATING_CLASSES = {
    "general audiences": "g",
    "teen and up audiences": "t",
    "mature": "m",
    "explicit": "e",
    "not rated": "n",
    "k": "g",
    "k+": "g",
    "t": "t",
    "m": "m",
    "ma": "e",
}

_BCP47 = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

# Characters HTML cannot carry (controls but tab/LF/CR, lone surrogates): replaced by U+FFFD, one for one.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def write(doc: Document, out_dir: Path, stem: str) -> list[Path]:
    """Write the report of ``doc`` to ``out_dir/STEM.html`` and return its path."""
    return [write_atomic(out_dir / f"{stem}.html", render(doc))]


def render(doc: Document) -> str:
    """The report of ``doc`` as one HTML document (a string)."""
    cast = _cast(doc)
    css = _css(cast)
    js = _asset("report.js")
    for code in (css, js):
        if "</" in code:  # the raw text of <style>/<script> must not be able to close its element
            raise ValueError("report assets must not contain '</'")
    context: dict[str, Any] = {
        "title": _title(doc),
        "css": Markup(css),
        "js": Markup(js),
        "csp": content_security_policy(css, js),
        "version": __version__,
        "work": _work(doc),
        "story": _story(doc, cast),
        "story_lang": _language_tag(doc.meta.language),
        "cards": _cards(doc, cast),
        "coloured": len(cast.slots),
        "plots": _plots(doc, cast),
        "about": _about(doc),
    }
    html = _environment().get_template("report.html.j2").render(context)
    return _UNSAFE_CHARS.sub("\ufffd", html)


def content_security_policy(css: str, js: str) -> str:
    """The report's policy: nothing from anywhere, but its own style and script (by hash) and data: images."""
    return (
        f"default-src 'none'; style-src {_hash_source(css)}; script-src {_hash_source(js)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def _hash_source(code: str) -> str:
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("ficlens.writers", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _asset(name: str) -> str:
    return resources.files("ficlens.writers").joinpath("templates", name).read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------------ the cast


@dataclass(frozen=True)
class Cast:
    """What every part of the report needs to know about the characters: labels and palette slots."""

    chars: tuple[Character, ...]
    labels: tuple[str, ...]
    slots: dict[int, int]  # character id → palette slot (the most talkative first); absent: neutral

    def label(self, cid: int) -> str:
        return self.labels[cid] if 0 <= cid < len(self.labels) else ""

    def known(self, cid: int) -> bool:
        """Whether ``cid`` is a character of the layer (a link to its card leads somewhere)."""
        return 0 <= cid < len(self.labels)

    def colour_class(self, cid: int) -> str:
        """``c3``: the class that gives character 3's colour (``u``, unknown speaker, for -1)."""
        return f"c{cid}" if 0 <= cid < len(self.labels) else "u"


def _cast(doc: Document) -> Cast:
    chars = characters(doc)
    ranked = sorted((c for c in chars if c.quotes > 0), key=lambda c: (-c.quotes, -c.mention_count, c.id))
    slots = {c.id: i for i, c in enumerate(ranked[: len(PALETTE_LIGHT)])}
    return Cast(chars, tuple(label(doc, c.id) for c in chars), slots)


def _css(cast: Cast) -> str:
    """The stylesheet: the static one, the palette, and one rule per coloured character."""
    light = ";".join(f"--p{i}:{c}" for i, c in enumerate(PALETTE_LIGHT))
    dark = ";".join(f"--p{i}:{c}" for i, c in enumerate(PALETTE_DARK))
    rules = [
        f":root{{{light};--pn:{NEUTRAL_LIGHT}}}",
        f":root[data-theme=dark]{{{dark};--pn:{NEUTRAL_DARK}}}",
        f"@media (prefers-color-scheme:dark){{:root:not([data-theme=light]){{{dark};--pn:{NEUTRAL_DARK}}}}}",
    ]
    rules += [f".c{cid}{{--q:var(--p{slot})}}" for cid, slot in sorted(cast.slots.items())]
    return _asset("report.css") + "\n".join(rules) + "\n"


# ------------------------------------------------------------------------------------------------ metadata


@dataclass(frozen=True)
class TagRow:
    """One row of the AO3-style tag block: ``Fandom:`` and its tags."""

    label: str
    key: str  # a class name for the row
    tags: tuple[str, ...]
    badge: str = ""  # rating badge class ("g", "t", "m", "e", "n")


@dataclass(frozen=True)
class NoteView:
    id: str
    heading: str
    paragraphs: tuple[str, ...]


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _title(doc: Document) -> str:
    if doc.meta.title and doc.meta.title.strip():
        return doc.meta.title.strip()
    if doc.source.path and not doc.source.path.startswith("<"):
        return Path(doc.source.path).stem or "Untitled work"
    return "Untitled work"


def _safe_url(url: str | None) -> str | None:
    """``url`` if it is a plain http(s) URL (it is shown as a link), else None (shown as text or not at all)."""
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url) or len(url) > 2000:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def _language_tag(language: str | None) -> str | None:
    if not language:
        return None
    name = language.strip()
    tag = LANGUAGE_TAGS.get(name.lower())
    if tag:
        return tag
    return name if _BCP47.fullmatch(name) else None


def _note_heading(note: Note) -> str:
    chapter = f"Chapter {note.chapter} " if note.chapter else ""
    names = {
        "notes": "Notes",
        "end_notes": "End notes",
        "summary": "Summary",
        "chapter_summary": "summary",
        "chapter_notes": "notes",
        "chapter_end_notes": "end notes",
        "disclaimer": "Disclaimer",
        "dedication": "Dedication",
        "feedback": "Feedback",
    }
    name = names.get(note.kind, note.kind.replace("_", " "))
    text = f"{chapter}{name}" if chapter else name
    return text[:1].upper() + text[1:]


def _paragraphs_of(text: str) -> tuple[str, ...]:
    parts = [p.strip() for p in re.split(r"\n\s*\n", text)]
    return tuple(p for p in parts if p)


def _work(doc: Document) -> dict[str, Any]:
    """The work's metadata as AO3 shows it, its summary and its notes."""
    meta = doc.meta
    rows: list[TagRow] = []

    def row(one: str, many: str, key: str, tags: Iterable[str | None]) -> None:
        values = tuple(t.strip() for t in tags if t and t.strip())
        if values:
            rows.append(TagRow(_plural(len(values), one, many), key, values))

    if meta.rating and meta.rating.strip():
        badge = RATING_CLASSES.get(meta.rating.strip().lower(), "n")
        rows.append(TagRow("Rating", "rating", (meta.rating.strip(),), badge))
    row("Archive Warning", "Archive Warnings", "warnings", meta.warnings)
    row("Category", "Categories", "categories", meta.categories)
    row("Fandom", "Fandoms", "fandoms", meta.fandoms)
    row("Relationship", "Relationships", "relationships", meta.relationships)
    row("Character", "Characters", "characters", meta.characters)
    row("Additional Tags", "Additional Tags", "freeform", meta.freeform)
    row("Genre", "Genres", "genres", meta.genres)
    row("Language", "Language", "language", [meta.language])
    series = [f"Part {part} of {name}" if part else name for name, part in meta.all_series]
    if not series and meta.series:
        series = [f"Part {meta.series_part} of {meta.series}" if meta.series_part else meta.series]
    row("Series", "Series", "series", series)
    row("Collection", "Collections", "collections", meta.collections)

    stats: list[tuple[str, str]] = []
    if meta.published:
        stats.append(("Published", meta.published))
    if meta.completed:
        stats.append(("Completed", meta.completed))
    elif meta.updated:
        stats.append(("Updated", meta.updated))
    if meta.words is not None:
        stats.append(("Words", f"{meta.words:,}"))
    else:
        stats.append(("Words (counted)", f"{doc.word_count:,}"))
    if meta.chapters_posted is not None:
        expected = "?" if meta.chapters_expected is None else str(meta.chapters_expected)
        stats.append(("Chapters", f"{meta.chapters_posted}/{expected}"))
    elif meta.chapters:
        stats.append(("Chapters", meta.chapters))
    for name, value in (
        ("Comments", meta.comments),
        ("Kudos", meta.kudos),
        ("Bookmarks", meta.bookmarks),
        ("Hits", meta.hits),
    ):
        if value is not None:
            stats.append((name, f"{value:,}"))
    if meta.status:
        stats.append(("Status", meta.status))

    credits: list[tuple[str, tuple[str, ...]]] = []
    if meta.gift_recipients:
        credits.append(("For", meta.gift_recipients))
    if meta.beta_readers:
        credits.append((_plural(len(meta.beta_readers), "Beta reader", "Beta readers"), meta.beta_readers))

    summary = meta.summary or next((n.text for n in meta.notes if n.kind == "summary"), None)
    notes = [
        NoteView(f"n{i}", _note_heading(n), _paragraphs_of(n.text))
        for i, n in enumerate(meta.notes)
        if not (n.kind == "summary" and summary is not None and n.text.strip() == summary.strip()) and n.text.strip()
    ]
    url = meta.url.strip() if meta.url else None
    return {
        "title": _title(doc),
        "authors": tuple(a for a in meta.authors if a.strip()),
        "rows": rows,
        "stats": stats,
        "credits": credits,
        "summary": _paragraphs_of(summary) if summary else (),
        "notes": notes,
        "url": url,
        "url_href": _safe_url(url),
        "publisher": meta.publisher,
        "extra": meta.extra,
    }


def _chapter_notes(meta: Metadata) -> dict[int, list[str]]:
    """Chapter number (1-based) → the ids of its notes in the notes block."""
    out: dict[int, list[str]] = {}
    for i, n in enumerate(meta.notes):
        if n.chapter and n.text.strip():
            out.setdefault(n.chapter, []).append(f"n{i}")
    return out


# ------------------------------------------------------------------------------------------------ reading view


@dataclass(slots=True)
class _Mark:
    """A span of inline markup: its offsets, nesting rank (lower is outer) and tags."""

    start: int
    end: int
    rank: int
    first: str  # the opening tag of its first piece
    close: str
    rest: str = ""  # the opening tag of later pieces (when an outer span cuts it); "" → same as first


@dataclass
class SceneView:
    index: int
    pov: int  # character id, -1: none
    pov_label: str
    pov_mode: str
    colour: str
    break_text: str | None  # the scene break before this scene (None: the chapter's first scene)
    paragraphs: list[Markup] = field(default_factory=list)


@dataclass
class ChapterView:
    index: int
    heading: str | None
    label: str
    notes: list[str]
    scenes: list[SceneView] = field(default_factory=list)


def _join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def quote_label(cast: Cast, quote: Quote) -> str:
    """ "Willow to Spike": a quotation's speaker and addressees, in words."""
    if not cast.known(quote.speaker):
        return "Speaker unknown"
    to = [cast.label(a) for a in dict.fromkeys(quote.addressees) if cast.known(a) and a != quote.speaker]
    who = cast.label(quote.speaker)
    return f"{who} to {_join(to)}" if to else who


def _quote_marks(doc: Document, cast: Cast) -> list[_Mark]:
    out: list[_Mark] = []
    for i, q in enumerate(doc.layer("quotes")):
        if q.end <= q.start:
            continue
        cls = f"q {cast.colour_class(q.speaker)}"
        if cast.known(q.speaker) and q.score is not None and q.score < LOW_CONFIDENCE:
            cls += " lo"  # a guess: the colour is shown, but dimmed
        code = EVIDENCE_CODES.get(q.method) if cast.known(q.speaker) else None
        attrs = f' tabindex="0" title="{escape(quote_label(cast, q))}"' + (f' data-e="{code}"' if code else "")
        out.append(
            _Mark(
                q.start, q.end, 0, f'<span class="{cls}" id="q{i}"{attrs}>', "</span>", f'<span class="{cls}"{attrs}>'
            )
        )
    return out


def _style_marks(doc: Document) -> list[_Mark]:
    out = []
    for s in doc.layer("styles"):
        tags = STYLE_TAGS.get(s.kind) if isinstance(s, Style) else None
        if tags and s.end > s.start:
            out.append(_Mark(s.start, s.end, 1, tags[0], tags[1]))
    return out


def _name_marks(doc: Document, cast: Cast) -> list[_Mark]:
    n = len(cast.chars)
    return [
        _Mark(m.start, m.end, 2, f'<a href="#c{m.character}">', "</a>")
        for m in doc.layer("mentions")
        if isinstance(m, Mention) and m.kind == "name" and 0 <= m.character < n and m.end > m.start
    ]


def _marks_by_paragraph(marks: list[_Mark], paragraphs: Sequence[Paragraph]) -> list[list[_Mark]]:
    """For each paragraph (in text order), the marks that overlap it."""
    marks = sorted(marks, key=lambda m: (m.start, m.rank))
    out: list[list[_Mark]] = []
    pending: list[_Mark] = []
    i = 0
    for p in paragraphs:
        pending = [m for m in pending if m.end > p.start]
        while i < len(marks) and marks[i].start < p.end:
            if marks[i].end > p.start:
                pending.append(marks[i])
            i += 1
        out.append([m for m in pending if m.start < p.end])
    return out


def render_inline(text: str, start: int, end: int, marks: Sequence[_Mark], line_breaks: bool = False) -> Markup:
    """``text[start:end]`` with ``marks`` as properly nested HTML: every text piece escaped, outer marks (lower
    rank) never cut, an inner mark cut into pieces where an outer one opens or closes inside it."""
    live = [m for m in marks if m.start < end and m.end > start]
    cuts = {start, end}
    for m in live:
        cuts.add(max(m.start, start))
        cuts.add(min(m.end, end))
    points = sorted(cuts)
    out: list[str] = []
    stack: list[_Mark] = []
    opened: set[int] = set()
    for a, b in itertools.pairwise(points):
        want = sorted((m for m in live if m.start <= a and m.end >= b), key=lambda m: (m.rank, m.start, -m.end))
        k = 0
        while k < len(stack) and k < len(want) and stack[k] is want[k]:
            k += 1
        out.extend(m.close for m in reversed(stack[k:]))
        del stack[k:]
        for m in want[k:]:
            out.append((m.rest or m.first) if id(m) in opened else m.first)
            opened.add(id(m))
            stack.append(m)
        piece = str(escape(text[a:b]))
        out.append(piece.replace("\n", "<br>") if line_breaks else piece)
    out.extend(m.close for m in reversed(stack))
    return Markup("".join(out))


def _keeps_line_breaks(doc: Document, paragraphs: Sequence[Paragraph]) -> bool:
    """Line breaks inside paragraphs are the author's (verse, letters) unless most paragraphs have them
    (a hard-wrapped plain-text file), where they are only the file's line length."""
    if not paragraphs:
        return False
    with_breaks = sum(1 for p in paragraphs if "\n" in doc.text[p.start : p.end])
    return with_breaks * 2 < len(paragraphs)


def _heading(doc: Document, ch: Any) -> str | None:
    if ch.title and ch.title.strip():
        return str(ch.title).strip()
    if ch.heading_end is not None and ch.heading_end > ch.start:
        text = " ".join(doc.text[ch.start : ch.heading_end].split())
        return text or None
    return None


def _story(doc: Document, cast: Cast) -> list[ChapterView]:
    """The reading view: chapters, scenes with their point of view, paragraphs with quotations and names."""
    paragraphs = _story_paragraphs(doc)
    chapters_layer = doc.layer("chapters")
    scenes_layer: tuple[Scene, ...] = doc.layer("scenes")
    pov = pov_by_scene(doc)
    modes = {p.scene: p.mode for p in doc.layer("pov")}
    breaks = sorted(doc.layer("scene_breaks"), key=lambda b: b.start)

    chapters = [
        ChapterView(i, _heading(doc, ch), f"Chapter {ch.number or i + 1}", []) for i, ch in enumerate(chapters_layer)
    ] or [ChapterView(0, None, "Chapter 1", [])]
    notes = _chapter_notes(doc.meta)
    for i, ch in enumerate(chapters):
        number = chapters_layer[i].number if i < len(chapters_layer) else None
        ch.notes = notes.get(number or i + 1, [])

    scene_views: list[SceneView] = []
    scenes = scenes_layer or (Scene(0, len(doc.text)),)
    for i, s in enumerate(scenes):
        who = pov.get(i, -1)
        who = who if cast.known(who) else -1
        text = None
        if i > 0 and s.chapter == scenes[i - 1].chapter:
            between = [b for b in breaks if b.start >= scenes[i - 1].end and b.end <= s.start]
            raw = " ".join(doc.span_text(between[-1]).split()) if between else ""
            text = raw if raw and len(raw) <= 40 and between[-1].kind == "separator" else "⁂"
        view = SceneView(
            i, who, cast.label(who) if who >= 0 else "", modes.get(i, "none"), cast.colour_class(who), text
        )
        scene_views.append(view)
        chapters[s.chapter if 0 <= s.chapter < len(chapters) else len(chapters) - 1].scenes.append(view)

    marks = _quote_marks(doc, cast) + _style_marks(doc) + _name_marks(doc, cast)
    per_paragraph = _marks_by_paragraph(marks, paragraphs)
    keep_breaks = _keeps_line_breaks(doc, paragraphs)
    for p, its_marks in zip(paragraphs, per_paragraph, strict=True):
        view = scene_views[p.scene if 0 <= p.scene < len(scene_views) else len(scene_views) - 1]
        view.paragraphs.append(render_inline(doc.text, p.start, p.end, its_marks, keep_breaks))
    for ch in chapters:
        ch.scenes = [s for s in ch.scenes if s.paragraphs]
        if ch.scenes:
            ch.scenes[0].break_text = None
    return [ch for ch in chapters if ch.scenes and any(s.paragraphs for s in ch.scenes)]


# ------------------------------------------------------------------------------------------------ character panel


def _counts(pairs: Iterable[tuple[str, int]], limit: int = PROFILE_ITEMS) -> dict[str, Any]:
    items = [(t, n) for t, n in pairs if t]
    return {"list": items[:limit], "more": max(0, len(items) - limit)}


def _cards(doc: Document, cast: Cast) -> list[dict[str, Any]]:
    """One card per character, the most mentioned first."""
    edges = [e for e in conversation_edges(doc) if cast.known(e.source) and cast.known(e.target)]
    speaks_to: dict[int, list[tuple[int, int]]] = {}
    spoken_to: dict[int, list[tuple[int, int]]] = {}
    for e in edges:
        speaks_to.setdefault(e.source, []).append((e.target, e.weight))
        spoken_to.setdefault(e.target, []).append((e.source, e.weight))
    pov_scenes: dict[int, list[int]] = {}
    for scene, cid in sorted(pov_by_scene(doc).items()):
        if cast.known(cid):
            pov_scenes.setdefault(cid, []).append(scene)
    quotes_of: dict[int, list[tuple[int, Quote]]] = {}
    for i, q in enumerate(doc.layer("quotes")):
        if q.speaker >= 0:
            quotes_of.setdefault(q.speaker, []).append((i, q))

    def people(pairs: list[tuple[int, int]]) -> list[tuple[int, str, int]]:
        ranked = sorted(pairs, key=lambda p: (-p[1], p[0]))[:8]
        return [(cid, cast.label(cid), n) for cid, n in ranked]

    cards = []
    for c in sorted(cast.chars, key=lambda c: (-c.mention_count, c.id)):
        longest = sorted(quotes_of.get(c.id, []), key=lambda iq: -(iq[1].end - iq[1].start))[:SAMPLE_QUOTES]
        samples = [(i, _shorten(" ".join(doc.span_text(q).split()), 180)) for i, q in sorted(longest)]
        search = " ".join([cast.label(c.id), *(t for t, _ in c.names), *(t for t, _ in c.epithets)]).lower()
        cards.append(
            {
                "id": c.id,
                "label": cast.label(c.id),
                "colour": cast.colour_class(c.id),
                "coloured": c.id in cast.slots,
                "char": c,
                "names": _counts(c.names),
                "epithets": _counts(c.epithets),
                "pronouns": _counts(c.pronouns, 8),
                "agent": _counts(c.agent),
                "patient": _counts(c.patient),
                "possessions": _counts(c.possessions),
                "modifiers": _counts(c.modifiers),
                "share": f"{c.dialogue_share * 100:.1f}%",
                "speaks_to": people(speaks_to.get(c.id, [])),
                "spoken_to": people(spoken_to.get(c.id, [])),
                "pov": pov_scenes.get(c.id, []),
                "samples": samples,
                "search": search,
            }
        )
    return cards


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ------------------------------------------------------------------------------------------------ plots


def _fmt(x: float) -> str:
    """A coordinate with at most one decimal."""
    return f"{x:.1f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def _nice_step(span: float, target: int) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10^k) giving about ``target`` ticks over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / max(target, 1)
    power = 10 ** math.floor(math.log10(raw))
    for f in (1, 2, 2.5, 5, 10):
        if raw <= f * power:
            return f * power
    return 10 * power


def _dialogue_plot(doc: Document, cast: Cast) -> dict[str, Any] | None:
    speakers = sorted((c for c in cast.chars if c.quotes > 0), key=lambda c: (-c.dialogue_share, -c.quotes, c.id))
    if not speakers:
        return None
    shown, rest = speakers[:PLOT_ROWS], speakers[PLOT_ROWS:]
    left, right, row_h, top = 160, 112, 26, 8
    width = 560
    area = width - left - right
    top_share = max((c.dialogue_share for c in shown), default=0.0) or 1.0
    step = _nice_step(top_share * 100, 5) / 100
    axis_max = math.ceil(top_share / step - 1e-9) * step
    rows = []
    for i, c in enumerate(shown):
        y = top + i * row_h
        w = area * c.dialogue_share / axis_max if axis_max else 0
        rows.append(
            {
                "id": c.id,
                "label": cast.label(c.id),
                "short": _shorten(cast.label(c.id), 22),
                "colour": cast.colour_class(c.id),
                "y": y,
                "ty": _fmt(y + row_h / 2 + 4),
                "w": _fmt(max(w, 1.5)),
                "vx": _fmt(left + w + 6),
                "value": f"{c.dialogue_share * 100:.1f}% · {c.quotes} {_plural(c.quotes, 'quote', 'quotes')}",
            }
        )
    axis_y = top + len(shown) * row_h + 4
    ticks = []
    n_ticks = round(axis_max / step)
    for k in range(n_ticks + 1):
        v = k * step
        ticks.append({"x": _fmt(left + area * v / axis_max), "label": f"{v * 100:g}%"})
    quotes = doc.layer("quotes")
    unknown = sum(1 for q in quotes if q.speaker < 0)
    top3 = ", ".join(f"{cast.label(c.id)} {c.dialogue_share * 100:.0f}%" for c in shown[:3])
    desc = (
        f"Horizontal bars: the share of the words of attributed quotations spoken by each of the "
        f"{len(shown)} characters with most dialogue. Largest: {top3}."
    )
    return {
        "width": width,
        "height": axis_y + 44,
        "left": left,
        "area": area,
        "row_h": row_h,
        "bar_h": row_h - 8,
        "rows": rows,
        "ticks": ticks,
        "axis_y": axis_y,
        "desc": desc,
        "rest": len(rest),
        "rest_share": f"{sum(c.dialogue_share for c in rest) * 100:.1f}%",
        "table": [
            (c.id, cast.label(c.id), c.quotes, c.quote_words, f"{c.dialogue_share * 100:.1f}%") for c in speakers
        ],
        "unknown": unknown,
        "total": len(quotes),
    }


def _presence_plot(doc: Document, cast: Cast) -> dict[str, Any] | None:
    n_scenes = len(doc.layer("scenes"))
    n_chapters = len(doc.layer("chapters"))
    unit = "chapter" if n_scenes > MAX_SCENE_COLUMNS and n_chapters > 1 else "scene"
    counts = {cid: row for cid, row in presence(doc, unit).items() if cast.known(cid)}
    if not counts:
        return None
    ranked = sorted(counts, key=lambda cid: (-sum(counts[cid]), cid))[:PLOT_ROWS]
    n = len(counts[ranked[0]])
    left, top, row_h, width = 190, 10, 22, 1000
    area = width - left - 10
    cell = area / n
    peak = max(max(counts[cid]) for cid in ranked) or 1
    pov = pov_by_scene(doc) if unit == "scene" else {}
    scenes = doc.layer("scenes")
    rows = []
    for r, cid in enumerate(ranked):
        y = top + r * row_h
        cells = []
        for k, v in enumerate(counts[cid]):
            if v <= 0 and pov.get(k) != cid:
                continue
            where = f"{unit} {k + 1}"
            if unit == "scene" and k < len(scenes) and n_chapters > 1:
                where += f" (chapter {scenes[k].chapter + 1})"
            is_pov = pov.get(k) == cid
            cells.append(
                {
                    "x": _fmt(left + k * cell + 0.5),
                    "w": _fmt(max(cell - 1, 0.8)),
                    "op": f"{0.18 + 0.82 * math.sqrt(v / peak):.2f}" if v else "0",
                    "pov": is_pov,
                    "title": f"{cast.label(cid)}, {where}: {v} {_plural(v, 'mention', 'mentions')}"
                    + (" (point of view)" if is_pov else ""),
                }
            )
        rows.append(
            {
                "id": cid,
                "label": cast.label(cid),
                "short": _shorten(cast.label(cid), 22),
                "colour": cast.colour_class(cid),
                "y": y,
                "ty": _fmt(y + row_h / 2 + 4),
                "cells": cells,
                "total": sum(counts[cid]),
            }
        )
    axis_y = top + len(ranked) * row_h + 4
    step = max(1, int(_nice_step(n, 10)))
    ticks = [{"x": _fmt(left + (k - 0.5) * cell), "label": str(k)} for k in [1, *range(step, n + 1, step)]]
    if len(ticks) > 1 and ticks[1]["label"] == "1":
        ticks = ticks[1:]
    bounds = []
    if unit == "scene" and n_chapters > 1:
        bounds = [_fmt(left + k * cell) for k in range(1, len(scenes)) if scenes[k].chapter != scenes[k - 1].chapter]
    busiest = ", ".join(f"{cast.label(cid)} ({sum(counts[cid])})" for cid in ranked[:3])
    desc = (
        f"A heat strip: one row per character (the {len(ranked)} most mentioned), one column per {unit} "
        f"({n} in all); the darker the cell, the more mentions there. Most mentioned: {busiest}."
    )
    if pov:
        desc += " Outlined cells mark the scene's point-of-view character."
    return {
        "unit": unit,
        "n": n,
        "width": width,
        "height": axis_y + 44,
        "left": left,
        "area": area,
        "row_h": row_h,
        "rows": rows,
        "ticks": ticks,
        "bounds": bounds,
        "axis_y": axis_y,
        "top": top,
        "desc": desc,
        "has_pov": bool(pov),
        "table_head": list(range(1, n + 1)),
        "table": [(cid, cast.label(cid), counts[cid]) for cid in ranked],
    }


def _network_plot(doc: Document, cast: Cast) -> dict[str, Any] | None:
    edges = [
        e for e in conversation_edges(doc) if e.source != e.target and cast.known(e.source) and cast.known(e.target)
    ]
    if not edges:
        return None
    involvement: Counter[int] = Counter()
    for e in edges:
        involvement[e.source] += e.weight
        involvement[e.target] += e.weight
    nodes = sorted(involvement, key=lambda cid: (-involvement[cid], cid))[:NETWORK_NODES]
    keep = set(nodes)
    among = sorted(
        (e for e in edges if e.source in keep and e.target in keep), key=lambda e: (-e.weight, e.source, e.target)
    )
    shown, weaker = among[:NETWORK_EDGES], len(among) - NETWORK_EDGES
    width, height = 640, 470
    cx, cy = width / 2, height / 2
    rx, ry = (150, 170) if len(nodes) > 2 else (110, 110)  # an ellipse leaves room for names left and right
    top = max(involvement[c] for c in nodes)
    pos: dict[int, tuple[float, float, float]] = {}
    node_views = []
    for i, cid in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * i / len(nodes)
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        r = 7 + 15 * math.sqrt(involvement[cid] / top)
        pos[cid] = (x, y, r)
        lx, ly = cx + (rx + r + 8) * math.cos(angle), cy + (ry + r + 8) * math.sin(angle)
        cos = math.cos(angle)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        node_views.append(
            {
                "id": cid,
                "label": cast.label(cid),
                "short": _shorten(cast.label(cid), 20),
                "colour": cast.colour_class(cid),
                "x": _fmt(x),
                "y": _fmt(y),
                "r": _fmt(r),
                "lx": _fmt(lx),
                "ly": _fmt(ly + (4 if abs(cos) >= 0.3 else (14 if math.sin(angle) > 0 else -4))),
                "anchor": anchor,
                "weight": involvement[cid],
            }
        )
    heaviest = max((e.weight for e in shown), default=1)
    edge_views = [_edge_view(e, pos, heaviest, cast) for e in sorted(shown, key=lambda e: e.weight)]
    pairs = sorted(edges, key=lambda e: (-e.weight, e.source, e.target))
    strongest = "; ".join(f"{cast.label(e.source)} to {cast.label(e.target)} ({e.weight})" for e in pairs[:3])
    desc = (
        f"A network of who speaks to whom: {len(nodes)} characters on a circle, an arrow from speaker to "
        f"addressee, thicker for more quotations ({len(shown)} links shown). Strongest: {strongest}."
    )
    return {
        "width": width,
        "height": height,
        "nodes": node_views,
        "edges": edge_views,
        "desc": desc,
        "hidden": len(involvement) - len(nodes),
        "weaker": max(0, weaker),
        "table": [(cast.label(e.source), cast.label(e.target), e.weight) for e in pairs],
    }


def _edge_view(e: Edge, pos: dict[int, tuple[float, float, float]], heaviest: int, cast: Cast) -> dict[str, Any]:
    """A curved arrow from the speaker's node to the addressee's (curving right, so A→B and B→A part)."""
    x1, y1, r1 = pos[e.source]
    x2, y2, r2 = pos[e.target]
    dx, dy = x2 - x1, y2 - y1
    dist = math.hypot(dx, dy) or 1.0
    ux, uy = dx / dist, dy / dist
    bend = 0.12 * dist
    mx, my = (x1 + x2) / 2 - uy * bend, (y1 + y2) / 2 + ux * bend
    # start and end on the node circles, pointing towards the control point
    sx, sy = _towards(x1, y1, mx, my, r1 + 2)
    ex, ey = _towards(x2, y2, mx, my, r2 + 4)
    width = 1 + 5 * e.weight / heaviest
    return {
        "d": f"M{_fmt(sx)},{_fmt(sy)} Q{_fmt(mx)},{_fmt(my)} {_fmt(ex)},{_fmt(ey)}",
        "w": _fmt(width),
        "colour": cast.colour_class(e.source),
        "title": f"{cast.label(e.source)} to {cast.label(e.target)}: {e.weight} "
        + _plural(e.weight, "quotation", "quotations"),
    }


def _towards(x: float, y: float, tx: float, ty: float, dist: float) -> tuple[float, float]:
    dx, dy = tx - x, ty - y
    d = math.hypot(dx, dy) or 1.0
    return x + dx / d * dist, y + dy / d * dist


def _plots(doc: Document, cast: Cast) -> dict[str, Any]:
    return {
        "dialogue": _dialogue_plot(doc, cast),
        "presence": _presence_plot(doc, cast),
        "network": _network_plot(doc, cast),
    }


# ------------------------------------------------------------------------------------------------ about


def _about(doc: Document) -> dict[str, Any]:
    """What the report was made from: the source file and the layers, with their provenance and counts."""
    layers = []
    for name, layer in doc.layers.items():
        if name == "tokens":
            layers.append((name, len(doc.tokens), "syntax"))
            continue
        sources = Counter(str(getattr(r, "source", "")) for r in layer)
        layers.append((name, len(layer), ", ".join(s for s, _ in sources.most_common(3) if s)))
    quotes = doc.layer("quotes")
    evidence = Counter(q.method for q in quotes if q.speaker >= 0)
    attributed = sum(evidence.values())
    src = doc.source
    return {
        "file": Path(src.path).name if src.path and not src.path.startswith("<") else src.path,
        "format": src.format,
        "encoding": src.encoding,
        "size": src.size_bytes,
        "sha256": src.sha256,
        "changes": src.changes,
        "layers": layers,
        "words": doc.word_count,
        "quotes": len(quotes),
        "attributed": attributed,
        "attributed_pct": f"{attributed / len(quotes) * 100:.0f}%" if quotes else "–",
        "evidence": [(EVIDENCE_WORDS.get(k, k), n) for k, n in evidence.most_common()],
    }
