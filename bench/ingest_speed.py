"""Reading cost against analysis cost, on an AO3-style EPUB of a 100,000-word work.

Run with ``make bench`` (after ``bench/speed.py``) or ``python bench/ingest_speed.py [--words N]``. The script builds,
in memory, an EPUB laid out as AO3's Calibre-made downloads are (``../shared/formats/README.md`` §3.1: preface split,
title split, one split per chapter with its meta block, afterword; NCX and OPF as Calibre writes them) around
invented prose: varied narration and dialogue paragraphs generated from a fixed seed, some 20 chapters. It then
measures

* ``read``: ``ficlens.read(epub_bytes)``, best of 3;
* ``analyze``: ``ficlens.analyze(document, n_process=1)`` on the Document read, once (the spaCy model is loaded
  before the clock starts, as ``bench/speed.py`` does),

prints both and their ratio, and exits 1 when reading costs 5 % of the analysis or more.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
import zipfile
from html import escape

import ficlens

TARGET_RATIO = 0.05
SEED = 20261126

NAMES = ["Mara", "Teodor", "Ilse", "Corwin", "Anneliese", "Pell", "Juno", "Desmond", "Rook", "Oriane"]
SURNAMES = ["Quill", "Vance", "Hartwell", "Ashgrove", "Mercer", "Lindqvist", "Okafor", "Brannock"]
PLACES = ["the observatory", "the lower archive", "the bell tower", "the east stair", "the refectory",
          "the glasshouse", "the old harbour", "the lamplit corridor", "the map room", "the courtyard"]  # fmt: skip
OBJECTS = ["a brass lens", "the ledger", "a folded letter", "the lantern", "a cracked teacup", "the star chart",
           "a ring of keys", "the music box", "a pocket watch", "the umbrella"]  # fmt: skip
VERBS = ["crossed", "studied", "circled", "left", "searched", "remembered", "abandoned", "guarded", "measured",
         "cleaned"]  # fmt: skip
ADVERBS = ["slowly", "without a word", "at last", "once more", "with some care", "in a hurry", "quietly",
           "as if nothing had happened"]  # fmt: skip
WEATHER = ["Rain ticked against the windows.", "The fog had come in off the water.", "Somewhere a bell rang twice.",
           "The lamps along the wall burned low.", "A cold wind found every gap in the shutters.",
           "The clocks in the hall disagreed about the hour."]  # fmt: skip
FEELINGS = ["worried", "amused", "tired", "suspicious", "relieved", "curious", "annoyed", "hopeful"]
LINES = ["You are late again", "Nobody has opened that door in years", "I think the map is wrong",
         "Give me the lantern", "We should not be here", "Did you hear that", "It was never about the key",
         "Tell me what you saw", "The stars are in the wrong places tonight", "I kept your letter",
         "Wait for me at the stair", "That is not what the ledger says"]  # fmt: skip
SAID = ["said", "asked", "whispered", "called", "muttered", "answered", "admitted", "insisted"]


def _person(rng: random.Random) -> str:
    return rng.choice(NAMES) if rng.random() < 0.8 else f"{rng.choice(NAMES)} {rng.choice(SURNAMES)}"


def _narration(rng: random.Random) -> str:
    who = _person(rng)
    sentences = [
        f"{who} {rng.choice(VERBS)} {rng.choice(PLACES)} {rng.choice(ADVERBS)}.",
        rng.choice(WEATHER),
        f"{rng.choice(['She', 'He', 'They'])} carried {rng.choice(OBJECTS)} and felt {rng.choice(FEELINGS)}.",
        f"In {rng.choice(PLACES)}, {rng.choice(OBJECTS)} lay where {_person(rng)} had left it.",
        f"It was the {rng.choice(['third', 'fourth', 'last', 'first'])} time that week, and nobody had explained why.",
    ]
    rng.shuffle(sentences)
    text = " ".join(sentences[: rng.randint(3, 5)])
    if rng.random() < 0.2:
        text = text.replace(" and ", " and <em>", 1) + "</em>" if " and " in text else text
    return text


def _dialogue(rng: random.Random) -> str:
    who = rng.choice(NAMES)
    line = rng.choice(LINES)
    end = "?" if line.startswith(("Did", "Tell")) else ","
    tail = f" {rng.choice(['She', 'He'])} looked toward {rng.choice(PLACES)} and waited." if rng.random() < 0.6 else ""
    if rng.random() < 0.5:
        return f"“{line}{end}” {rng.choice(SAID)} {who}.{tail}"
    return f"{who} {rng.choice(SAID)}, “{line}.”{tail}"


def chapter_paragraphs(rng: random.Random, words: int) -> list[str]:
    """Paragraphs of invented prose, about ``words`` words in all (a third of them dialogue)."""
    out: list[str] = []
    count = 0
    while count < words:
        p = _dialogue(rng) if rng.random() < 0.35 else _narration(rng)
        if rng.random() < 0.01:
            p = "* * *"
        out.append(p)
        count += len(p.split())
    return out


def _page(body: str, title: str) -> str:
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en"><head>'
        f'<title>{escape(title)}</title><meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>'
        '<link rel="stylesheet" type="text/css" href="stylesheet.css"/></head>'
        f'<body class="calibre">\n{body}\n</body></html>\n'
    )


def _p(text: str) -> str:
    return f'<p class="calibre7">{text}</p>' if text != "* * *" else '<hr class="calibre9"/>'


def build_epub(total_words: int = 100_000, chapters: int = 20, seed: int = SEED) -> bytes:
    """An AO3-style (Calibre-made) EPUB of ``chapters`` chapters of invented prose, about ``total_words`` words."""
    rng = random.Random(seed)
    n = chapters
    title, author, stem = "The Lamplighter's Hour", "quillfeather", "The_Lamplighters_Hour"
    page_title = f"{title} - {author} - Skyfall Academy"
    tags = [
        ("Rating", ["Teen And Up Audiences"]),
        ("Archive Warning", ["No Archive Warnings Apply"]),
        ("Category", ["Gen"]),
        ("Fandom", ["Skyfall Academy"]),
        ("Characters", [f"{n} (Skyfall Academy)" for n in NAMES[:4]]),
        ("Additional Tags", ["Mystery", "Found Family"]),
        ("Language", ["English"]),
        ("Stats", [f"Published: 2024-03-01 Completed: 2025-01-09 Words: {total_words:,} Chapters: {n}/{n}"]),
    ]

    def dd(label: str, values: list[str]) -> str:
        plain = label in ("Language", "Stats")
        links = [v if plain else f'<a href="https://archiveofourown.org/tags/{v}">{v}</a>' for v in values]
        return f'<dt class="calibre3">{label}:</dt><dd class="calibre4">{", ".join(links)}</dd>'

    dl = "".join(dd(k, vs) for k, vs in tags)
    files: list[tuple[str, str]] = []
    files.append(
        (
            f"{stem}_split_000.xhtml",
            _page(
                '<div id="preface" class="calibre1"><h2 class="toc-heading">Preface</h2>'
                f'<p class="message"><b class="calibre2">{escape(title)}</b><br class="calibre1"/>Posted originally on '
                'the <a href="https://archiveofourown.org/">Archive of Our Own</a> at <a href="https://archiveofourown.org/'
                'works/1">https://archiveofourown.org/works/1</a>.</p>'
                f'<div class="calibre1"><dl class="tags">{dl}</dl></div></div>',
                page_title,
            ),
        )
    )
    files.append(
        (
            f"{stem}_split_001.xhtml",
            _page(
                f'<div id="preface" class="calibre1"><div class="calibre1"><h1 class="calibre6">{escape(title)}</h1>'
                f'<div class="byline">by <a href="https://archiveofourown.org/users/{author}" rel="author">'
                f'{author}</a></div><p class="calibre7">Summary</p><blockquote class="userstuff">'
                '<p class="calibre7">Lamps, fog, and a map that keeps changing its mind.</p></blockquote>'
                '<p class="calibre7">Notes</p><blockquote '
                'class="userstuff"><p class="calibre7">Thanks to everyone who read along.</p></blockquote></div></div>',
                page_title,
            ),
        )
    )
    labels = [("Preface", files[0][0])]
    for k in range(1, chapters + 1):
        heading = f"Chapter {k}: The {rng.choice(['Quiet', 'Long', 'Broken', 'Lamplit', 'Northern'])} "
        heading += rng.choice(["Stair", "Archive", "Harbour", "Letter", "Hour"])
        paragraphs = "\n".join(_p(p) for p in chapter_paragraphs(rng, total_words // chapters))
        body = (
            '<div class="userstuff1" id="chapters"><div class="calibre1">'
            f'<h2 class="heading">{escape(heading)}</h2><p class="calibre7">Chapter Notes</p><blockquote '
            f'class="userstuff"><p class="calibre7">Notes for chapter {k}.</p></blockquote></div>\n'
            f'<div class="userstuff2">\n{paragraphs}\n</div>'
            f'<div class="calibre1" id="endnotes{k}"><p class="calibre7">Chapter End Notes</p><blockquote '
            f'class="userstuff"><p class="calibre7">End notes {k}.</p></blockquote></div></div>'
        )
        name = f"{stem}_split_{k + 1:03d}.xhtml"
        files.append((name, _page(body, page_title)))
        labels.append((heading, name))
    after = f"{stem}_split_{chapters + 2:03d}.xhtml"
    files.append(
        (
            after,
            _page(
                '<div id="afterword" class="calibre1"><h2 class="toc-heading">Afterword</h2><div class="calibre1">'
                '<div id="endnotes" class="calibre1"><p class="calibre7">End Notes</p><blockquote class="userstuff">'
                '<p class="calibre7">Thank you for reading.</p></blockquote></div></div><p class="message">Please '
                '<a href="https://archiveofourown.org/works/1/comments/new">drop by the Archive and comment</a> to let '
                "the creator know if you enjoyed their work!</p></div>",
                page_title,
            ),
        )
    )
    labels.append(("Afterword", after))
    manifest = "".join(
        f'<item id="html{k}" href="{n}" media-type="application/xhtml+xml"/>' for k, (n, _) in enumerate(files)
    )
    spine = "".join(f'<itemref idref="html{k}"/>' for k in range(len(files)))
    subject_names = ["Fanworks", *(v for _k, vs in tags[:-2] for v in vs)]  # as Calibre stores AO3's tags
    subjects = "".join(f"<dc:subject>{escape(v)}</dc:subject>" for v in subject_names)
    opf = (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="uuid_id">'
        '<metadata xmlns:opf="http://www.idpf.org/2007/opf" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title>{escape(title)}</dc:title><dc:language>en</dc:language><dc:creator opf:role="aut">{author}'
        '</dc:creator><dc:identifier id="uuid_id" opf:scheme="uuid">00000000-0000-4000-8000-000000000001'
        f"</dc:identifier><dc:publisher>Archive of Our Own</dc:publisher>{subjects}"
        "<dc:description>&lt;p&gt;Lamps, fog, and a map that keeps changing its mind.&lt;/p&gt;</dc:description>"
        f'</metadata><manifest>{manifest}<item id="css" href="stylesheet.css" media-type="text/css"/>'
        '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/></manifest>'
        f'<spine toc="ncx">{spine}</spine></package>'
    )
    points = "".join(
        f'<navPoint id="p{k}" playOrder="{k}"><navLabel><text>{escape(label)}</text></navLabel>'
        f'<content src="{name}"/></navPoint>'
        for k, (label, name) in enumerate(labels, 1)
    )
    ncx = (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="en"><head>'
        '<meta name="dtb:generator" content="calibre (6.13.0)"/></head>'
        f"<docTitle><text>{escape(title)}</text></docTitle><navMap>{points}</navMap></ncx>"
    )
    container = (
        '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles>'
        "</container>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", container)
        zf.writestr("content.opf", opf)
        zf.writestr("toc.ncx", ncx)
        zf.writestr("stylesheet.css", ".calibre { display: block }\n")
        for name, page in files:
            zf.writestr(name, page)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=100_000, help="words in the generated work (default 100,000)")
    args = parser.parse_args(argv)

    data = build_epub(args.words)
    reads = []
    for _ in range(3):
        started = time.perf_counter()
        doc = ficlens.read(data)
        reads.append(time.perf_counter() - started)
    read_s = min(reads)
    words = len(doc.text.split())
    print(f"work: {len(data) / 1024:.0f} KB EPUB, format {doc.source.format}, {words:,} words, "
          f"{len(doc.meta.chapter_titles)} chapter titles")  # fmt: skip

    import ficlens.stages.syntax as syntax

    syntax.load_nlp()  # loaded outside the clock, as bench/speed.py does
    started = time.perf_counter()
    analysed = ficlens.analyze(doc, n_process=1)
    analyze_s = time.perf_counter() - started
    ratio = read_s / analyze_s
    print(f"read:    {read_s:8.3f} s  (best of 3: {', '.join(f'{r:.3f}' for r in reads)})")
    print(f"analyze: {analyze_s:8.3f} s  (n_process=1, {len(analysed.tokens):,} tokens)")
    verdict = "ok" if ratio < TARGET_RATIO else "TOO SLOW"
    print(f"ratio:   {ratio:8.2%}  read / analyze (target < {TARGET_RATIO:.0%}): {verdict}")
    return 0 if ratio < TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
