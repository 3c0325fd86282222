# ruff: noqa: E501  (unwrapped paragraphs, as exports write them)
"""Plain-text and Markdown story exports in the layouts people really have, around stories written for these tests.

Each fixture is ``(file text, expected)``: the chapters' story text is kept apart so tests can count its words.
Layouts: a Markdown export with bold-label blocks, title over author with notes repeated at every chapter,
Markdown ``#`` chapter headings, a contents list over bare-title chapters (Wattpad-style downloads), a
fanfiction.net-style download with its info line, and a SpaceBattles/QQ thread export (``Threadmarks`` index).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Export:
    text: str
    chapters: tuple[tuple[str, str], ...]  # (heading as the chapter title, story text)
    notes: dict[str, int] = field(default_factory=dict)  # Note kind -> how many


def _story(chapters: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((h, t.strip()) for h, t in chapters)


LANTERN_CHAPTERS = _story(
    [
        (
            "Chapter One: The Guild Hall",
            """
The Guild Hall smelled of lamp oil and wet wool, and Perrin Ashdown had never wanted anything so much in his life.

"You're late," said Mistress Vell, without looking up from the ledger. "Apprentices who are late trim wicks."

"I'm not an apprentice yet," Perrin said.

"Then you're early for tomorrow," she said, and handed him the scissors.
""",
        ),
        (
            "Chapter Two: Oil and Wick",
            """
By the end of the first week Perrin could trim a wick in the dark, which was just as well, because the Guild saved its candles for the paying customers.

He learned the names of the streets by the lamps that lit them: Cinder Row, with its six tired posts; the Long Stair, where the wind blew out every flame twice a night.

On the eighth night, the lamp at the top of the Long Stair would not light at all.
""",
        ),
    ]
)

LANTERN = Export(
    text="""# The Lantern Keeper's Apprentice

**By mossbright**

**Disclaimer:** The Lantern Guild and everyone in it belong to me; the weather belongs to no one.

**Acknowledgements:** Thanks to Quillan for the beta and to Juniper for the title.

**Self-Promotion:** My other stories are on my profile, if you like lamps.

---

## Chapter One: The Guild Hall

**Disclaimer:** See the first page.

"""
    + LANTERN_CHAPTERS[0][1]
    + """

**A/N:** Thank you for reading! Chapter two comes on Sunday.

## Chapter Two: Oil and Wick

**Disclaimer:** See the first page.

"""
    + LANTERN_CHAPTERS[1][1]
    + """

**Author's Note:** That's the end of part one. Perrin will be back.

BOOK 2: THE EMBER CROWN

COMING OCTOBER 3RD
""",
    chapters=LANTERN_CHAPTERS,
    notes={"disclaimer": 3, "acknowledgements": 1, "notes": 1, "chapter_end_notes": 2, "end_notes": 1},
)

FERN_CHAPTERS = _story(
    [
        (
            "Chapter 1",
            """
The train left Hollin Junction twenty minutes late, and Odile spent all twenty of them pretending not to look for her father on the platform.

He did not come. She had known he would not, and it still surprised her, the way a missed step surprises you.
""",
        ),
        (
            "Chapter 2",
            """
Her aunt's house stood at the end of a lane so overgrown that the taxi driver refused to take it.

"There's a house down there?" he asked.

"So I'm told," said Odile, and paid him, and walked.
""",
        ),
        (
            "Chapter 3",
            """
The ferns in the hall had grown through the floorboards. Her aunt called them the lodgers, and would not hear a word against them.

By midsummer Odile had stopped looking for anyone on any platform at all.
""",
        ),
    ]
)


def _fern_text() -> str:
    parts = ["Fern and Iron\n\nTamsin Okafor\n\nRating: T\nGenre: Family, Drama\n\n"]
    for n, (heading, story) in enumerate(FERN_CHAPTERS, 1):
        parts.append(f"{heading}\n\nDisclaimer: I own nothing but the ferns.\n\n{story}\n\n")
        parts.append(f"A/N: Thanks for reading chapter {n}. Reviews make the ferns grow.\n\n")
    return "".join(parts)


FERN = Export(
    text=_fern_text(),
    chapters=FERN_CHAPTERS,
    notes={"disclaimer": 3, "chapter_end_notes": 2, "end_notes": 1},
)

MARKDOWN_CHAPTERS = _story(
    [
        (
            "The Letter",
            """
The letter came on a Thursday, which was the day nothing ever came. Hale turned it over twice before he opened it.

Inside, in his sister's square handwriting, were four words: *Come home. Bring boots.*
""",
        ),
        (
            "The Road",
            """
The road north was all puddles and sheep. Hale's boots, the wrong ones, filled with water by the second mile.

### A note on sheep

Sheep, he decided, were the weather's accomplices.
""",
        ),
        (
            "The Farm",
            """
His sister met him at the gate with a lantern and a face like a closed door.

"You brought the wrong boots," she said. "Of course you did."
""",
        ),
    ]
)

MARKDOWN = Export(
    text="".join(f"# {h}\n\n{t}\n\n" for h, t in MARKDOWN_CHAPTERS),
    chapters=MARKDOWN_CHAPTERS,
)

STARLINGS_CHAPTERS = _story(
    [
        (
            "The Flock",
            """
Every evening at six the starlings came down over Wrexley like smoke poured backwards, and every evening Nia counted them.

She never got past four hundred. Nobody could. That was not the point.
""",
        ),
        (
            "Quiet Streets",
            """
The morning the starlings did not come, the whole town noticed and nobody said so.

Mr Abara at the bakery burned a tray of rolls. The church clock struck seven at half past six.
""",
        ),
        (
            "Songs Again",
            """
Nia found them in the old mill, thousands of them, silent in the rafters as if they were waiting for someone to ask.

So she asked. She sang the only song she knew all the way through, and on the last note the roof came alive.
""",
        ),
    ]
)

STARLINGS = Export(
    text="Starlings Over Wrexley\nby plumtree_writes\n\nDescription: A girl, a flock of birds, and a town that "
    "forgot how to sing.\n\nTable of Contents\n\n"
    + "".join(f"{h}\n" for h, _t in STARLINGS_CHAPTERS)
    + "\n"
    + "".join(f"{h}\n\n{t}\n\n" for h, t in STARLINGS_CHAPTERS),
    chapters=STARLINGS_CHAPTERS,
)

CARTOGRAPHER_CHAPTERS = _story(
    [
        (
            "Chapter 1: The Map Room",
            """
Elin had worked in the map room for eleven years and had never once been asked to draw a place that did not exist.

"It's an island," said the man from the Admiralty. "Here. Put it here." He tapped an empty stretch of sea.
""",
        ),
        (
            "Chapter 2: Soundings",
            """
Marek, who took the soundings, said the sea there was four hundred fathoms deep and had no intention of becoming an island for anyone.

Elin drew it anyway, very small, in pencil, so that it could be rubbed out when the Admiralty came to its senses.
""",
        ),
    ]
)

_CARTO_WORDS = sum(len(t.split()) for _h, t in CARTOGRAPHER_CHAPTERS)

CARTOGRAPHER = Export(
    text="The Cartographer's Silence\nBy: Ivy Marchetti\n\n"
    f"Rated: Fiction T - English - Drama/Hurt/Comfort - [Elin, Marek] Sorrel - Chapters: 2 - Words: {_CARTO_WORDS:,} - "
    "Reviews: 5 - Favs: 3 - Follows: 4 - Updated: 3/14/2021 - Published: 2/1/2021 - Status: Complete - id: 13579\n\n"
    "Summary: A mapmaker is told to draw an island that is not there.\n\n"
    + "".join(
        f"{h}\n\nDisclaimer: The Admiralty is fictional and so is the sea.\n\n{t}\n\n" for h, t in CARTOGRAPHER_CHAPTERS
    ),
    chapters=CARTOGRAPHER_CHAPTERS,
    notes={"disclaimer": 2},
)

TIDEBREAKER_CHAPTERS = _story(
    [
        (
            "1.1 Salt and Signal",
            """
The signal tower on Gannet Point had been dark for nine years when Rosk climbed it with a tin of oil and a bad idea.

"If this works," she told the gulls, "nobody gets to say they told me so."
""",
        ),
        (
            "1.2 The Harbourmaster",
            """
The harbourmaster was a broad, slow man who had told her so twice already, and was working up to a third.

"You lit it," he said, "so now every ship from here to the Shoals thinks we're open for business."
""",
        ),
        (
            "Interlude: Gulls",
            """
The gulls, for their part, thought the light was the best thing to happen to Gannet Point in nine years, and said so loudly.
""",
        ),
    ]
)

TIDEBREAKER = Export(
    text="Tidebreaker [Original Fantasy]\nby Corvid_Quill\n\nThreadmarks\n"
    + "".join(f"{h}\n" for h, _t in TIDEBREAKER_CHAPTERS)
    + "\n\n"
    + "".join(f"{h}\n\n{t}\n\n" for h, t in TIDEBREAKER_CHAPTERS),
    chapters=TIDEBREAKER_CHAPTERS,
)

ALL = {
    "markdown-bold-blocks": LANTERN,
    "title-over-author-notes-per-chapter": FERN,
    "markdown-chapter-headings": MARKDOWN,
    "contents-and-bare-titles": STARLINGS,
    "fanfiction-net": CARTOGRAPHER,
    "forum-threadmarks": TIDEBREAKER,
}
