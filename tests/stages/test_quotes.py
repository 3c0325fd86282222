"""Quotation detection: styles, nesting, apostrophes and elisions, paragraphs, dash dialogue and utterances.

Every story text here is written for these tests. The seed story (../shared/data/seed) is read in place and
checked through computed properties only: none of its text is stored here.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

import ficlens
from conftest import shared_path
from ficlens.model import Document
from ficlens.model.records import Paragraph
from ficlens.stages.quotes import (
    DASH,
    DOUBLE,
    SINGLE,
    QuoteSpan,
    chapter_styles,
    find_quotes,
    quote_mask,
    quote_style,
    single_quote_style,
)

# --------------------------------------------------------------------------------------------------- helpers


def analysed(text: str) -> Document:
    """The text with its chapters and paragraphs (no spaCy)."""
    return ficlens.analyze(text, syntax=False)


def quotes_in(text: str) -> list[tuple[str, int]]:
    """Each quotation's text with its utterance number, in reading order."""
    doc = analysed(text)
    return [(doc.text[q.start : q.end], q.utterance) for q in find_quotes(doc)]


def straight(text: str) -> str:
    """The same text typed with straight marks only."""
    return text.translate(str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"}))


# --------------------------------------------------------------------------------------------------- cases

# (id, text, [(quotation as written, utterance), ...])
CASES: list[tuple[str, str, list[tuple[str, int]]]] = [
    # ---- interrupted and separate utterances
    (
        "interrupted by 'he said,'",
        "“I know,” Maren said, “but not today.”\n",
        [("“I know,”", 0), ("“but not today.”", 0)],
    ),
    (
        "interrupted, straight marks",
        '"Fine," Oskar said, "but you\'re driving."\n',
        [('"Fine,"', 0), ('"but you\'re driving."', 0)],
    ),
    (
        "interrupted by a beat between dashes",
        "“I know”—she paused—“but not today.”\n",
        [("“I know”", 0), ("“but not today.”", 0)],
    ),
    (
        "exclamation, then a lower-case continuation",
        "“Stop!” he cried, “you’ll fall!”\n",
        [("“Stop!”", 0), ("“you’ll fall!”", 0)],
    ),
    (
        "a comma before an attribution sentence: the speaker goes on",
        "“Put the kettle on,” said Maren. “We’ll be here a while.”\n",
        [("“Put the kettle on,”", 0), ("“We’ll be here a while.”", 0)],
    ),
    (
        "not interrupted: a full stop, narration, a capital",
        "“The tide is out.” Pell set down the oars. “We walk from here.”\n",
        [("“The tide is out.”", 0), ("“We walk from here.”", 1)],
    ),
    (
        "two voices with nothing between",
        "“Left!” “Right!”\n",
        [("“Left!”", 0), ("“Right!”", 1)],
    ),
    (
        "one utterance per paragraph of dialogue",
        "“One.”\n\n“Two,” said Pell.\n\nShe counted on.\n\n“Three.”\n",
        [("“One.”", 0), ("“Two,”", 1), ("“Three.”", 2)],
    ),
    # ---- nesting
    (
        "single quotes inside double-quote dialogue",
        "“Don’t you ‘Sorry’ me,” she snapped. “Not after the ‘accident’ with the boat.”\n",
        [("“Don’t you ‘Sorry’ me,”", 0), ("“Not after the ‘accident’ with the boat.”", 0)],
    ),
    (
        "double quotes inside double quotes",
        "“He said “no” to me,” Ana whispered.\n",
        [("“He said “no” to me,”", 0)],
    ),
    # ---- paragraphs and unbalanced marks
    (
        "a speech over two paragraphs",
        "“The first thing you learn on a boat is the knots.\n\n"
        "“The second thing is the weather. The rest comes later.”\n\n"
        "Pell laughed.\n",
        [
            ("“The first thing you learn on a boat is the knots.", 0),
            ("“The second thing is the weather. The rest comes later.”", 0),
        ],
    ),
    (
        "a quote left open closes at the paragraph end",
        "“Wait for me, she called, but he was gone.\n\nHe did not look back. “Coward,” she said.\n",
        [("“Wait for me, she called, but he was gone.", 0), ("“Coward,”", 1)],
    ),
    (
        "a closing mark with no opening one: from the paragraph start",
        "The door banged.\n\nHello,” she said, and sat down.\n",
        [("Hello,”", 0)],
    ),
    (
        "a forgotten closing mark before a new sentence in quotes",
        "“Wait, she said. “Come back here.”\n",
        [("“Wait, she said.", 0), ("“Come back here.”", 1)],
    ),
    (
        "a wrong-way opening mark",
        "”Hello,” she said.\n",
        [("”Hello,”", 0)],
    ),
    (
        "measures are not quotes",
        "He was 6'2\" tall, and she was 5'4\".\n",
        [],
    ),
]

BRITISH = (
    "‘Mind the step,’ said Aunt Hester. ‘It’s loose.’\n\n"
    "‘She told me “never again”, and meant it,’ said Corin.\n\n"
    "‘Which one?’\n\n"
    "‘The “Lady” of the house, of course.’\n"
)
BRITISH_QUOTES = [
    ("‘Mind the step,’", 0),
    ("‘It’s loose.’", 0),
    ("‘She told me “never again”, and meant it,’", 1),
    ("‘Which one?’", 2),
    ("‘The “Lady” of the house, of course.’", 3),
]

DIALECT = (
    "‘I ‘ate ‘em all, the soddin’ lot,’ growled Fenn. ‘An’ I won’ forget it.’\n\n"
    "Somebody down the lane was shouting ‘where are you?’ at the dark.\n\n"
    "‘Take these to the girls’ room,’ said Ma. ‘And mind the cat.’\n\n"
    "‘We was goin’ home,’ said Fenn, ‘when the ‘orse went lame.’\n\n"
    "‘Ask at the C. of B.’s office,’ said Ma.\n\n"
    "‘Twas a cold night,’ said Bram, ‘and a cup o’ tea won’t mend it.’\n\n"
    "‘Tis the season, thought Bram, and he went out to give ‘em their supper.\n\n"
    "Down the lane somebody played rock ‘n’ roll till dawn.\n"
)
DIALECT_QUOTES = [
    ("‘I ‘ate ‘em all, the soddin’ lot,’", 0),
    ("‘An’ I won’ forget it.’", 0),
    ("‘where are you?’", 1),
    ("‘Take these to the girls’ room,’", 2),
    ("‘And mind the cat.’", 2),
    ("‘We was goin’ home,’", 3),
    ("‘when the ‘orse went lame.’", 3),
    ("‘Ask at the C. of B.’s office,’", 4),
    ("‘Twas a cold night,’", 5),
    ("‘and a cup o’ tea won’t mend it.’", 5),
]

DASHES = (
    "— Where were you? — asked Ilse.\n\n"
    "— Out, — he said, — on the cliffs.\n\n"
    "He shrugged and hung up his coat.\n\n"
    "― Cold up there, — she said.\n\n"
    "— Colder than you know.\n"
)
DASH_QUOTES = [
    ("— Where were you?", 0),
    ("— Out,", 1),
    ("— on the cliffs.", 1),
    ("― Cold up there,", 2),
    ("— Colder than you know.", 3),
]

CHAPTERS = (
    "Chapter 1\n\n"
    "“Is it far?” asked Tamsin.\n\n"
    "“Not far,” said Orrin. “Over the hill.”\n\n"
    "“Then we walk.”\n\n"
    "“We walk.”\n\n"
    "Chapter 2\n\n"
    "‘Is it far?’ asked the boy.\n\n"
    "‘Not far,’ said his mother. ‘Over the hill.’\n\n"
    "‘Then we walk.’\n\n"
    "‘We walk.’\n\n"
    "‘Home by dark.’\n\n"
    "Chapter 3\n\n"
    "She said ‘Yes’ and nothing more.\n"
)


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in CASES], ids=[c[0] for c in CASES])
def test_double_quote_cases(text: str, expected: list[tuple[str, int]]) -> None:
    assert quotes_in(text) == expected


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in CASES], ids=[c[0] for c in CASES])
def test_double_quote_cases_typed_straight(text: str, expected: list[tuple[str, int]]) -> None:
    assert quotes_in(straight(text)) == [(straight(q), u) for q, u in expected]


def test_british_single_quotes_with_double_ones_nested() -> None:
    assert quote_style(BRITISH) == SINGLE and single_quote_style(BRITISH)
    assert quotes_in(BRITISH) == BRITISH_QUOTES


@pytest.mark.parametrize("typed", ["curly", "straight"])
def test_apostrophes_and_elisions_never_open_or_close_a_quote(typed: str) -> None:
    text, expected = DIALECT, DIALECT_QUOTES
    if typed == "straight":
        text, expected = straight(text), [(straight(q), u) for q, u in expected]
    assert quote_style(text) == SINGLE
    assert quotes_in(text) == expected


def test_a_lower_case_speech_after_narration_goes_on_into_the_next_paragraph() -> None:
    text = (
        "‘Nobody saw,’ said Ma. ‘Nobody at all.’\n\n"
        "‘Well,’ said Fenn, and then, more quietly, ‘not the boy, not the dog,\n\n"
        "‘and not the man who came for the rent.’\n\n"
        "‘Good.’\n"
    )
    assert quotes_in(text) == [
        ("‘Nobody saw,’", 0),
        ("‘Nobody at all.’", 0),
        ("‘Well,’", 1),
        ("‘not the boy, not the dog,", 1),
        ("‘and not the man who came for the rent.’", 1),
        ("‘Good.’", 2),
    ]


def test_a_capitalised_quote_inside_single_quote_dialogue_nests() -> None:
    text = BRITISH + "\n‘You left us in our worst hour. ‘Sorry’ is not enough, and you know it.’\n"
    assert quotes_in(text)[-1] == ("‘You left us in our worst hour. ‘Sorry’ is not enough, and you know it.’", 4)


def test_em_dash_dialogue() -> None:
    doc = analysed(DASHES)
    assert chapter_styles(doc)[1] == [DASH]
    assert quotes_in(DASHES) == DASH_QUOTES


def test_quotation_style_is_decided_per_chapter() -> None:
    doc = analysed(CHAPTERS)
    assert len(doc.layer("chapters")) == 3
    # chapter 3 has too little evidence of its own and takes the work's style (single: chapter 2 outweighs 1)
    assert chapter_styles(doc)[1] == [DOUBLE, SINGLE, SINGLE]
    assert [q for q, _ in quotes_in(CHAPTERS)] == [
        "“Is it far?”",
        "“Not far,”",
        "“Over the hill.”",
        "“Then we walk.”",
        "“We walk.”",
        "‘Is it far?’",
        "‘Not far,’",
        "‘Over the hill.’",
        "‘Then we walk.’",
        "‘We walk.’",
        "‘Home by dark.’",
        "‘Yes’",
    ]


def test_a_work_without_chapters_and_with_too_few_marks_is_double() -> None:
    assert quote_style("He said ‘Yes’.") == DOUBLE
    doc = Document(text="She said ‘Yes’ once.", layers={"paragraphs": [Paragraph(0, 20)]})
    assert chapter_styles(doc) == ([(0, 20)], [DOUBLE])
    assert find_quotes(doc) == []


def test_lines_of_one_speech_with_no_marks_between_them() -> None:
    """LitBank's layout: a sentence per line, each line a paragraph; the speech runs on to its closing mark."""
    lines = ["“The boat is ready.", "The wind is fair.", "We sail at dawn,” said Pell.", "Nobody answered."]
    text = "\n".join(lines) + "\n"
    paragraphs, at = [], 0
    for line in lines:
        paragraphs.append(Paragraph(at, at + len(line)))
        at += len(line) + 1
    doc = Document(text=text, layers={"paragraphs": paragraphs})
    found = find_quotes(doc)
    assert [(text[q.start : q.end], q.paragraph, q.utterance) for q in found] == [
        ("“The boat is ready.", 0, 0),
        ("The wind is fair.", 1, 0),
        ("We sail at dawn,”", 2, 0),
    ]


def test_a_quote_left_open_does_not_swallow_the_next_line() -> None:
    """A story with a paragraph per line and no blank lines, and a forgotten closing mark."""
    narration = "Willow walked the long corridor of the old house, listening to the rain on the windows."
    lines = [
        narration,
        "“I never meant any of this, she told the empty hall, and then laughed at herself for talking to walls.",
        narration,
        "“Who’s there?” a voice called from the stairs, and she froze where she stood, one hand on the rail.",
    ]
    doc = analysed("\n".join(lines) + "\n")
    assert len(doc.layer("paragraphs")) == 4
    assert [(doc.text[q.start : q.end], q.paragraph) for q in find_quotes(doc)] == [
        (lines[1], 1),
        ("“Who’s there?”", 3),
    ]


def test_quote_mask_marks_the_characters_inside_quotes() -> None:
    doc = analysed("“I know,” Maren said, “but not today.”\n")
    mask = quote_mask(doc)
    inside = "".join(ch for ch, m in zip(doc.text, mask, strict=True) if m)
    assert inside == "“I know,”“but not today.”"
    assert quote_mask(doc, [QuoteSpan(0, 2, 0)])[:3] == [True, True, False]


def test_spans_carry_their_paragraph() -> None:
    doc = analysed(BRITISH)
    paragraphs = doc.layer("paragraphs")
    for q in find_quotes(doc):
        assert paragraphs[q.paragraph].start <= q.start < q.end <= paragraphs[q.paragraph].end


# --------------------------------------------------------------------------------------------------- the seed

OPENING, CLOSING = "“‘\"'", "”’\"'"
TYPINGS = {
    "as written": {},
    "single curly": {"“": "‘", "”": "’"},
    "straight double": {"“": '"', "”": '"', "‘": "'", "’": "'"},
    "straight single": {"“": "'", "”": "'", "‘": "'", "’": "'"},
}


@pytest.mark.parametrize("typing", list(TYPINGS))
def test_seed_has_eight_whole_quotations(seed_path: Path, typing: str) -> None:
    """Retyped with other marks (one character for one), the seed keeps the same eight quotations."""
    original = seed_path.read_text(encoding="utf-8")
    text = original.translate(str.maketrans(TYPINGS[typing]))
    doc = analysed(text)
    found = find_quotes(doc)
    assert len(found) == 8
    for q in found:
        assert text[q.start] in OPENING and text[q.end - 1] in CLOSING, text[q.start : q.end]
        assert original[q.start] == "“"  # every quotation starts at a double mark of the original
    assert len({q.utterance for q in found}) == 8
    # the inner ‘Sorry’ and the elisions (‘andsome, ‘urt) lie inside quotations, never at their edges
    inner = [m.start() for m in re.finditer(r"‘(?:Sorry|andsome|urt)\b", original)]
    assert len(inner) >= 4
    for at in inner:
        assert any(q.start < at and at + 2 < q.end for q in found), at
        assert all(q.start != at for q in found)
    if typing == "as written":
        assert chapter_styles(doc)[1] == [DOUBLE]
    else:
        base = find_quotes(analysed(original))
        assert [(q.start, q.end) for q in found] == [(q.start, q.end) for q in base]


@pytest.mark.slow
def test_a_whole_novel_takes_well_under_a_second() -> None:
    path = shared_path("data", "litbank", "original", "766_david_copperfield.txt")
    doc = analysed(path.read_text(encoding="utf-8"))
    start = time.perf_counter()
    found = find_quotes(doc)
    elapsed = time.perf_counter() - start
    assert len(found) > 5000
    assert elapsed < 1.0
