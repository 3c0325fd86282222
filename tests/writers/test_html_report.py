"""The HTML report (no browser): metadata, reading view, quotations, character panel, plots, CSP and escaping.

The report is parsed back with lxml.html. ``tests/browser/test_report_chromium.py`` opens the same reports in
headless Chromium.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest
from writer_helpers import ao3_fixtures, load_module

import ficlens
from ficlens.cli.main import main
from ficlens.model import Document
from ficlens.writers import html_report, writer
from ficlens.writers.common import label

TESTS = Path(__file__).resolve().parents[1]
SAMPLE = Path(ficlens.__file__).parent / "resources" / "samples" / "lanterns.txt"
PLOTS = ("fig-dialogue", "fig-presence", "fig-network")


xss = load_module("_html_report_xss_story", TESTS / "browser" / "xss_story.py")


def _page(doc: Document, out: Path, stem: str) -> lxml.html.HtmlElement:
    files = writer("html")(doc, out, stem)
    assert files == [out / f"{stem}.html"]
    return lxml.html.document_fromstring(files[0].read_bytes())


@pytest.fixture(scope="module")
def sample() -> Document:
    return ficlens.analyze(SAMPLE)


@pytest.fixture(scope="module")
def sample_page(sample: Document, tmp_path_factory: pytest.TempPathFactory) -> lxml.html.HtmlElement:
    return _page(sample, tmp_path_factory.mktemp("html"), "lanterns")


@pytest.fixture(scope="module")
def ao3() -> Document:
    fixtures = ao3_fixtures()
    if fixtures is None:
        pytest.skip("tests/ingest/ao3_fixtures.py is not there")
    return ficlens.analyze(fixtures.render_html(fixtures.STORY).encode("utf-8"))


@pytest.fixture(scope="module")
def ao3_page(ao3: Document, tmp_path_factory: pytest.TempPathFactory) -> lxml.html.HtmlElement:
    return _page(ao3, tmp_path_factory.mktemp("html"), "salt")


@pytest.fixture(scope="module")
def hostile() -> Document:
    return xss.hostile(ficlens.analyze(xss.TEXT))


@pytest.fixture(scope="module")
def hostile_page(hostile: Document, tmp_path_factory: pytest.TempPathFactory) -> lxml.html.HtmlElement:
    return _page(hostile, tmp_path_factory.mktemp("html"), "xss")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _classes(el: lxml.html.HtmlElement) -> set[str]:
    return set((el.get("class") or "").split())


def _by_class(root: lxml.html.HtmlElement, cls: str, tag: str = "*") -> list[lxml.html.HtmlElement]:
    return root.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")


def _row(page: lxml.html.HtmlElement, dt: str) -> list[str]:
    """The tags of one row of the metadata block (``Fandom:`` → its tags)."""
    for el in page.xpath("//dl[@class='tags']/dt"):
        if el.text_content() == dt:
            dd = el.getnext()
            return [_norm(li.text_content()) for li in dd.xpath(".//li")] or [_norm(dd.text_content())]
    raise AssertionError(f"no {dt!r} row in the metadata block")


def _expected_label(doc: Document, speaker: int, addressees: tuple[int, ...]) -> str:
    if speaker < 0:
        return "Speaker unknown"
    to = [label(doc, a) for a in dict.fromkeys(addressees) if a >= 0 and a != speaker]
    if not to:
        return label(doc, speaker)
    listed = to[0] if len(to) == 1 else ", ".join(to[:-1]) + " and " + to[-1]
    return f"{label(doc, speaker)} to {listed}"


# --------------------------------------------------------------------------------------------- the whole page


def test_one_self_contained_file(sample_page: lxml.html.HtmlElement) -> None:
    head = sample_page.find("head")
    assert sample_page.get("lang") == "en"
    assert head[0].tag == "meta" and head[0].get("charset") == "utf-8"
    assert head[1].get("http-equiv") == "Content-Security-Policy"  # before any style or script
    assert sample_page.xpath("//title")[0].text == "The Lantern Keeper's Apprentice · ficlens report"
    for landmark in ("header", "nav", "main", "aside", "footer"):
        assert sample_page.xpath(f"//{landmark}"), landmark
    assert sample_page.get_element_by_id("story").tag == "article"
    ids = sample_page.xpath("//@id")
    assert len(ids) == len(set(ids))
    for target in sample_page.xpath("//a/@href"):
        assert target.startswith("#") and target[1:] in set(ids), target  # every link leads somewhere in the page
    assert sample_page.xpath("//a[@class='skip' and @href='#story']")


def test_content_security_policy_allows_only_the_reports_own_code(sample_page: lxml.html.HtmlElement) -> None:
    csp = sample_page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    policy = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert policy["default-src"] == ["'none'"]
    assert policy["img-src"] == ["data:"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp
    (script,) = sample_page.xpath("//script")
    (style,) = sample_page.xpath("//style")

    def digest(code: str) -> str:
        return f"'sha256-{base64.b64encode(hashlib.sha256(code.encode('utf-8')).digest()).decode()}'"

    assert policy["script-src"] == [digest(script.text)]
    assert policy["style-src"] == [digest(style.text)]
    assert not sample_page.xpath("//@style"), "style attributes would be blocked by the policy"


def test_no_external_requests(sample_page: lxml.html.HtmlElement) -> None:
    for el in sample_page.iter():
        if not isinstance(el.tag, str):
            continue
        for name in ("src", "srcset", "data", "poster", "action", "formaction", "background"):
            assert el.get(name) is None, (el.tag, name)
        href = el.get("href")
        if href is not None:
            assert href.startswith("#") or href == "data:,", (el.tag, href)
    assert not sample_page.xpath("//iframe | //object | //embed | //img | //link[@rel='stylesheet'] | //base")
    css = sample_page.xpath("//style")[0].text
    assert "@import" not in css and "url(" not in css and "@font-face" not in css
    for value in sample_page.xpath("//@*[contains(., 'url(')]"):
        assert re.fullmatch(r"url\(#[\w-]+\)", value), value  # SVG markers: references inside the page


def test_palette_contrast_in_light_and_dark_mode() -> None:
    def luminance(colour: str) -> float:
        rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    def mix(colour: str, background: str, share: float) -> str:
        parts = [
            round(int(colour[i : i + 2], 16) * share + int(background[i : i + 2], 16) * (1 - share)) for i in (1, 3, 5)
        ]
        return "#" + "".join(f"{p:02x}" for p in parts)

    def contrast(a: str, b: str) -> float:
        hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    pairs = [
        ((*html_report.PALETTE_LIGHT, html_report.NEUTRAL_LIGHT), html_report.BACKGROUND_LIGHT),
        ((*html_report.PALETTE_DARK, html_report.NEUTRAL_DARK), html_report.BACKGROUND_DARK),
    ]
    assert len(set(html_report.PALETTE_LIGHT)) == len(html_report.PALETTE_DARK) == 12
    for palette, background in pairs:
        for colour in palette:
            tinted = mix(colour, background, html_report.QUOTE_TINT)
            assert contrast(colour, background) >= 4.5, colour
            assert contrast(colour, tinted) >= 4.5, colour  # a quotation's text on its own tint


# --------------------------------------------------------------------------------------------- metadata and notes


def test_metadata_block_as_ao3_shows_it(ao3: Document, ao3_page: lxml.html.HtmlElement) -> None:
    meta = ao3.meta
    assert ao3_page.xpath("string(//h1)") == meta.title == "Salt and Signal Fires"
    assert _norm(ao3_page.xpath("string(//p[@class='by'])")) == "by quillfern"
    assert _row(ao3_page, "Rating:") == ["Teen And Up Audiences"]
    assert ao3_page.xpath("//dd[@class='rating']//li/@class") == ["tag rt rt-t"]
    assert _row(ao3_page, "Archive Warning:") == list(meta.warnings)
    assert _row(ao3_page, "Category:") == list(meta.categories)
    assert _row(ao3_page, "Fandom:") == list(meta.fandoms)
    assert _row(ao3_page, "Relationship:") == list(meta.relationships)
    assert _row(ao3_page, "Characters:") == list(meta.characters)
    assert _row(ao3_page, "Additional Tags:") == list(meta.freeform)
    assert _row(ao3_page, "Language:") == ["English"]
    assert _row(ao3_page, "Series:") == ["Part 1 of Strait Tales"]
    assert _row(ao3_page, "Beta reader:") == ["Odile"]
    stats = _norm(ao3_page.xpath("string(//dd[@class='stats'])"))
    assert "Published: 2021-03-14" in stats and "Completed: 2021-04-02" in stats
    assert "Words: 1,234" in stats and "Chapters: 3/3" in stats
    link = ao3_page.xpath("//dd[@class='source']/a")[0]
    assert link.get("href") == meta.url and set(link.get("rel").split()) >= {"noopener", "noreferrer"}
    assert _norm(ao3_page.xpath("string(//section[@class='summary']/blockquote)")) == meta.summary
    assert ao3_page.get_element_by_id("story").get("lang") == "en"


def test_notes_are_collapsible_and_kept_out_of_the_reading_view(ao3: Document, ao3_page: lxml.html.HtmlElement) -> None:
    notes = ao3_page.get_element_by_id("notes")
    assert notes.tag == "details" and notes.get("open") is None
    headings = [h.text_content() for h in notes.xpath(".//h3")]
    assert headings == [
        "Notes",
        "Chapter 1 summary",
        "Chapter 1 notes",
        "Chapter 2 end notes",
        "Chapter 3 summary",
        "Chapter 3 notes",
        "End notes",
    ]
    story = _norm(ao3_page.get_element_by_id("story").text_content())
    notes_text = _norm(notes.text_content())
    for note in ao3.meta.notes:
        if note.kind != "summary":
            assert _norm(note.text) in notes_text
            assert _norm(note.text) not in story, note
    # chapter 1's heading links to its notes, which the link can open
    chapter_links = ao3_page.get_element_by_id("ch0").xpath(".//p[@class='chn']/a/@href")
    assert chapter_links and all(ao3_page.get_element_by_id(h[1:]).getparent() is notes for h in chapter_links)


def test_reading_view_keeps_chapters_headings_and_emphasis(ao3: Document, ao3_page: lxml.html.HtmlElement) -> None:
    story = ao3_page.get_element_by_id("story")
    assert [_norm(h.text_content()) for h in story.xpath(".//h3[@class='chh']")] == [
        c.title for c in ao3.layer("chapters")
    ]
    assert [e.text_content() for e in story.xpath(".//em")] == ["working", "green", "everybody"]
    assert [e.text_content() for e in story.xpath(".//strong")] == ["six"]
    assert len(story.xpath(".//div[@class='brk']")) == 1  # the <hr/> in chapter 1
    paragraphs = story.xpath(".//section[@class='sc']/p[not(@class)]")
    assert [_norm(p.text_content()) for p in paragraphs] == [_norm(ao3.span_text(p)) for p in ao3.layer("paragraphs")]


def test_reading_view_scenes_breaks_and_points_of_view(sample: Document, sample_page: lxml.html.HtmlElement) -> None:
    story = sample_page.get_element_by_id("story")
    scenes = story.xpath(".//section[@class='sc']")
    assert [s.get("id") for s in scenes] == [f"s{i}" for i in range(len(sample.layer("scenes")))]
    assert [b.text_content() for b in story.xpath(".//div[@class='brk']")] == ["⁂", "* * *", "~~~", "⁂"]
    for pov, scene in zip(sample.layer("pov"), scenes, strict=True):
        chip = scene.xpath("./p[contains(@class, 'pov')]")[0]
        if pov.character >= 0:
            assert f"c{pov.character}" in _classes(chip)
            assert chip.xpath("./a/@href") == [f"#c{pov.character}"]
            assert label(sample, pov.character) in chip.text_content()
        else:
            assert "no point-of-view character" in chip.text_content()
    paragraphs = story.xpath(".//section[@class='sc']/p[not(@class)]")
    assert [_norm(p.text_content()) for p in paragraphs] == [_norm(t) for t in sample.texts("paragraphs")]
    assert "Many thanks to Marisol" not in story.text_content()
    assert "Many thanks to Marisol" in sample_page.get_element_by_id("notes").text_content()


# --------------------------------------------------------------------------------------------- quotations and names


def test_every_quotation_is_one_focusable_span_labelled_with_its_speakers(
    sample: Document, sample_page: lxml.html.HtmlElement
) -> None:
    quotes = sample.layer("quotes")
    assert len(_by_class(sample_page, "q")) == len(quotes) > 50
    for i, q in enumerate(quotes):
        el = sample_page.get_element_by_id(f"q{i}")
        assert el.tag == "span" and el.get("tabindex") == "0"
        low = q.speaker >= 0 and q.score is not None and q.score < 0.5  # a guess is drawn dimmed
        assert _classes(el) == {"q", f"c{q.speaker}" if q.speaker >= 0 else "u"} | ({"lo"} if low else set())
        assert el.get("title") == _expected_label(sample, q.speaker, q.addressees)
        assert el.text_content() == sample.span_text(q)
    first = sample_page.get_element_by_id("q0").get("title")
    assert re.fullmatch(r".+ to .+", first), first  # "Tamsin Hale to Orrin Vance"
    codes = {el.get("data-e") for el in _by_class(sample_page, "q")}
    assert codes <= {"x", "b", "v", "t", "c", None} and "x" in codes


def test_speakers_have_their_colour_rule(sample: Document, sample_page: lxml.html.HtmlElement) -> None:
    css = sample_page.xpath("//style")[0].text
    talkers = sorted((c for c in sample.layer("characters") if c.quotes), key=lambda c: (-c.quotes, c.id))
    for slot, c in enumerate(talkers[:12]):
        assert f".c{c.id}{{--q:var(--p{slot})}}" in css
    assert "prefers-color-scheme:dark" in css and "[data-theme=dark]" in css


def test_names_link_to_character_cards(sample: Document, sample_page: lxml.html.HtmlElement) -> None:
    story = sample_page.get_element_by_id("story")
    links = [a for a in story.xpath(".//p[not(@class)]//a")]
    names = [m for m in sample.layer("mentions") if m.kind == "name" and m.character >= 0]
    assert [a.text_content() for a in links] == [sample.span_text(m) for m in names]
    assert [a.get("href") for a in links] == [f"#c{m.character}" for m in names]
    for a in links:
        card = sample_page.get_element_by_id(a.get("href")[1:])
        assert card.tag == "details" and "card" in _classes(card)


# --------------------------------------------------------------------------------------------- character panel


def test_character_panel(sample: Document, sample_page: lxml.html.HtmlElement) -> None:
    chars = sample.layer("characters")
    cards = sample_page.xpath("//aside[@id='cast']//details[contains(@class, 'card')]")
    assert len(cards) == len(chars)
    counts = [int(c.xpath("string(.//span[@class='ct'])").split()[0]) for c in cards]
    assert counts == sorted(counts, reverse=True)
    for c in chars:
        card = sample_page.get_element_by_id(f"c{c.id}")
        assert card.xpath("string(.//span[@class='nm'])") == label(sample, c.id)
        assert f"{c.mention_count} mention" in card.xpath("string(.//span[@class='ct'])")
    top = max(chars, key=lambda c: c.mention_count)
    card = sample_page.get_element_by_id(f"c{top.id}")
    fields = {dt.text_content(): _norm(dt.getnext().text_content()) for dt in card.xpath(".//dl/dt")}
    assert fields["Names"].startswith(f"{top.names[0][0]}×{top.names[0][1]}")
    assert top.epithets[0][0] in fields["Called"]
    assert top.pronouns[0][0] in fields["Pronouns"]
    assert fields["Mentions"] == str(top.mention_count)
    assert fields["Dialogue"].startswith(f"{top.quotes} quotations, {top.quote_words} words")
    assert f"{top.dialogue_share * 100:.1f}%" in fields["Dialogue"]
    assert top.agent[0][0] in fields["Does"] and top.patient[0][0] in fields["Done to"]
    assert top.possessions[0][0] in fields["Has"]
    pov_scenes = [p.scene for p in sample.layer("pov") if p.character == top.id]
    assert card.xpath(".//dd/a[starts-with(@href, '#s')]/@href") == [f"#s{s}" for s in pov_scenes]
    for href in card.xpath(".//ul[@class='qs']//a/@href"):
        assert sample_page.get_element_by_id(href[1:]).get("title", "").startswith(label(sample, top.id))
    assert card.xpath(".//button[@data-k]/@data-k") == [str(top.id)]


# --------------------------------------------------------------------------------------------- plots


def test_three_svg_plots_with_titles_and_text_alternatives(
    sample: Document, sample_page: lxml.html.HtmlElement
) -> None:
    for fid in PLOTS:
        figure = sample_page.get_element_by_id(fid)
        (svg,) = figure.xpath(".//svg")
        assert svg.get("role") == "img"
        ids = svg.get("aria-labelledby").split()
        assert [sample_page.get_element_by_id(i).tag for i in ids] == ["title", "desc"]
        assert all(_norm(sample_page.get_element_by_id(i).text_content()) for i in ids)
        assert figure.xpath(".//figcaption/h3") and figure.xpath(".//details[@class='data']//table")
    speakers = [c for c in sample.layer("characters") if c.quotes]
    dialogue = sample_page.get_element_by_id("fig-dialogue")
    assert len(_by_class(dialogue, "bar", "rect")) == min(len(speakers), 15)
    assert "Share of attributed dialogue (words)" in dialogue.xpath("string(.//svg)")
    presence = sample_page.get_element_by_id("fig-presence")
    assert len(_by_class(presence, "row", "rect")) == min(len(sample.layer("characters")), 15)
    assert presence.xpath("string(.//text[@class='al'])") == "Scene"
    assert len(_by_class(presence, "pv", "rect")) == sum(1 for p in sample.layer("pov") if p.character >= 0)
    network = sample_page.get_element_by_id("fig-network")
    assert len(network.xpath(".//circle")) >= 2 and _by_class(network, "ed", "path")
    assert all(t.text for t in network.xpath(".//path/title"))


def test_network_and_bars_agree_with_the_layers(sample: Document, sample_page: lxml.html.HtmlElement) -> None:
    rows = sample_page.get_element_by_id("fig-dialogue").xpath(".//table/tbody/tr")
    talkers = sorted((c for c in sample.layer("characters") if c.quotes), key=lambda c: (-c.dialogue_share, c.id))
    assert [r.xpath("string(th)") for r in rows] == [label(sample, c.id) for c in talkers]
    edges = sample_page.get_element_by_id("fig-network").xpath(".//table/tbody/tr")
    pairs = {(r[0].text, r[1].text): int(r[2].text) for r in edges}
    seen: set[tuple[int, int]] = set()
    expected: dict[tuple[str, str], int] = {}
    for q in sample.layer("quotes"):
        if q.speaker < 0 or (q.utterance, q.speaker) in seen:
            continue
        seen.add((q.utterance, q.speaker))
        for a in q.addressees:
            if a >= 0 and a != q.speaker:
                key = (label(sample, q.speaker), label(sample, a))
                expected[key] = expected.get(key, 0) + 1
    assert pairs == expected


# --------------------------------------------------------------------------------------------- hostile input


def test_xss_payloads_appear_only_as_text(hostile: Document, hostile_page: lxml.html.HtmlElement) -> None:
    page = hostile_page
    (script,) = page.xpath("//script")  # the report's own, and nothing else
    assert script.text == html_report._asset("report.js")
    assert len(page.xpath("//style")) == 1
    assert not page.xpath("//img | //iframe | //object | //embed | //form | //base | //meta[@http-equiv='refresh']")
    assert page.xpath("//svg") == page.xpath("//figure/div[@class='pw']/svg") and len(page.xpath("//svg")) == 3
    assert not page.xpath("//*[starts-with(@id, 'xss')]")
    for el in page.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name, value)
            squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            assert "javascript:" not in squashed, (el.tag, name, value)
    for href in page.xpath("//@href"):
        assert href.startswith("#") or href == "data:,", href
    assert page.xpath("//title")[0].text == f"{xss.META.title} · ficlens report"
    assert page.xpath("string(//h1)") == xss.META.title
    story = page.get_element_by_id("story").text_content()
    for payload in xss.PAYLOADS:
        assert payload in story, payload  # the story's text, as text
    everything = page.text_content()
    meta = xss.META
    for text in (meta.summary, meta.rating, *meta.notes[0].text.split("\n\n"), *meta.freeform, *meta.fandoms):
        assert text in everything, text
    assert _norm(xss.META.url) in _norm(page.xpath("string(//dd[@class='source'])"))
    assert page.get_element_by_id("story").get("lang") is None  # "en<svg …>" is no language tag
    first = hostile.layer("characters")[0]
    assert page.get_element_by_id("c0").xpath("string(.//span[@class='nm'])") == first.name
    assert xss.SCRIPT in first.name and xss.ATTR in first.name


def test_xss_markup_is_escaped_in_the_file(hostile: Document, tmp_path: Path) -> None:
    raw = writer("html")(hostile, tmp_path, "xss")[0].read_text(encoding="utf-8")
    assert raw.count("<script") == 1 and raw.count("</script>") == 1
    assert "<svg onload" not in raw and "<img" not in raw

    class Tags(HTMLParser):  # a second, independent parser: every start tag and attribute it sees
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[tuple[str, str, str]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.seen += [(tag, name, value or "") for name, value in attrs] or [(tag, "", "")]

    parser = Tags()
    parser.feed(raw)
    assert [t for t, _, _ in parser.seen].count("script") == 1
    assert not [t for t in parser.seen if t[1].startswith("on") or "javascript:" in t[2].lower()]
    assert "&lt;script&gt;document.title=" in raw


def test_characters_html_cannot_hold_are_replaced(sample: Document) -> None:
    doc = Document("Before\x00after \ud800 and \x1b.\n", meta=sample.meta)
    page = html_report.render(doc)
    assert "\x00" not in page and "\ud800" not in page and "\x1b" not in page
    page.encode("utf-8")  # no lone surrogate left


# --------------------------------------------------------------------------------------------- edge cases


def test_a_document_without_analysis_layers() -> None:
    doc = ficlens.read(xss.TEXT.replace(xss.SCRIPT, "").encode("utf-8"))
    page = lxml.html.document_fromstring(html_report.render(doc))
    paragraphs = page.xpath("//article[@id='story']//section[@class='sc']/p[not(@class)]")
    assert len(paragraphs) >= 5
    assert not page.xpath("//svg") and len(page.xpath("//p[@class='empty']")) == 3


def test_references_to_missing_characters_are_not_linked(sample: Document) -> None:
    quotes = list(sample.layer("quotes"))
    quotes[0] = dataclasses.replace(quotes[0], speaker=999, addressees=(998, 0))
    pov = list(sample.layer("pov"))
    pov[0] = dataclasses.replace(pov[0], character=999)
    mentions = [dataclasses.replace(m, character=999) if i < 5 else m for i, m in enumerate(sample.layer("mentions"))]
    page = lxml.html.document_fromstring(
        html_report.render(sample.with_layers(quotes=quotes, pov=pov, mentions=mentions))
    )
    ids = set(page.xpath("//@id"))
    assert all(h[1:] in ids for h in page.xpath("//a/@href")), "a link to a character that is not there"
    q0 = page.get_element_by_id("q0")
    assert q0.get("class") == "q u" and q0.get("title") == "Speaker unknown" and q0.get("data-e") is None


def test_render_inline_nests_overlapping_spans() -> None:
    quote = html_report._Mark(0, 10, 0, '<span class="q" id="q0">', "</span>", '<span class="q">')
    em = html_report._Mark(5, 15, 1, "<em>", "</em>")
    name = html_report._Mark(8, 12, 2, '<a href="#c1">', "</a>")
    text = "0123<>&\"'9abcdefghij"
    out = html_report.render_inline(text, 0, 16, [name, em, quote])
    assert out == (
        '<span class="q" id="q0">0123&lt;<em>&gt;&amp;&#34;<a href="#c1">&#39;9</a></em></span>'
        '<em><a href="#c1">ab</a>cde</em>f'
    )
    lxml.html.fragment_fromstring(str(out), create_parent="p")  # well-formed


def test_cli_writes_the_report(tmp_path: Path) -> None:
    story = tmp_path / "small.txt"
    story.write_text('Small Hours by nightjar\n\n"You\'re up early," says Mara.\n\n"So are you," I say.\n')
    assert main(["analyze", str(story), "-o", str(tmp_path / "out"), "--format", "html", "--quiet"]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["small.html"]
    page = lxml.html.document_fromstring((tmp_path / "out" / "small.html").read_bytes())
    assert page.xpath("string(//h1)") == "Small Hours"
