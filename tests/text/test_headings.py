"""Chapter headings and scene-break lines, as case tables."""

from __future__ import annotations

import pytest

from ficlens.text.headings import is_separator, parse_heading, parse_number

# (line, number, kind)
HEADINGS = [
    ("Chapter 3", 3, "chapter"),
    ("Chapter Three: The Return", 3, "chapter"),
    ("CHAPTER XII", 12, "chapter"),
    ("chapter 7", 7, "chapter"),
    ("Chapter 12 - The Long Night", 12, "chapter"),
    ("Chapter 1—Ashes", 1, "chapter"),
    ("Chapter 1 The Beginning", 1, "chapter"),
    ("Chapter twenty-one", 21, "chapter"),
    ("Chapter Seventy-Five", 75, "chapter"),
    ("Chapter 2.", 2, "chapter"),
    ("Ch. 4", 4, "chapter"),
    ("Chap. 7", 7, "chapter"),
    ("  Chapter 5  ", 5, "chapter"),
    ("**Chapter 9**", 9, "chapter"),
    ("## Chapter 2", 2, "chapter"),
    ("Part II", 2, "part"),
    ("Part II: Winter", 2, "part"),
    ("PART FOUR", 4, "part"),
    ("Book One", 1, "book"),
    ("Volume 3", 3, "volume"),
    ("Act 2", 2, "act"),
    ("Letter 4", 4, "letter"),
    ("Prologue", None, "prologue"),
    ("Epilogue: After the Storm", None, "epilogue"),
    ("Interlude", None, "interlude"),
    ("XIV.", 14, "number"),
    ("7", 7, "number"),
    ("10.", 10, "number"),
    ('Chapter 7: "Run"', 7, "chapter"),  # fan-fiction titles are often quoted lyrics or dialogue
    ("Chapter 8: “I Told You So”", 8, "chapter"),
]


@pytest.mark.parametrize(("line", "number", "kind"), HEADINGS)
def test_heading_is_recognised(line: str, number: int | None, kind: str) -> None:
    heading = parse_heading(line)
    assert heading is not None, f"{line!r} should be a heading"
    assert (heading.number, heading.kind) == (number, kind)


def test_heading_title_is_the_line_without_markup() -> None:
    assert parse_heading("Chapter Three: The Return").title == "Chapter Three: The Return"  # type: ignore[union-attr]
    assert parse_heading("  **Chapter 9**  ").title == "Chapter 9"  # type: ignore[union-attr]
    assert parse_heading("## Part II").title == "Part II"  # type: ignore[union-attr]


NOT_HEADINGS = [
    "Chapter one was long.",
    "Chapter 3 was the best",
    "Chapter 3 of the book was missing.",
    "Part of me wanted to stay.",
    "Part two of the plan was simple.",
    "Act 1 went badly.",
    "Book one ended there.",
    "Chapter 4!",
    "Chapter 4?",
    '"Chapter 3," she said.',
    "“Chapter three,” he said.",
    '"Chapter One," she read aloud.',
    "“Part II?” he asked.",
    "I said no.",
    "“I said no.”",
    "Chapter",
    "Chapter IIII",
    "Twelve.",
    "The End",
    "0",
    "",
    "Chapter 5: " + "x" * 130,  # too long for a heading line
    # a sentence that happens to start with a special heading word is still a sentence
    "Prologue was boring, he thought.",
    "Intermission lasted twenty minutes.",
]


@pytest.mark.parametrize("line", NOT_HEADINGS)
def test_not_a_heading(line: str) -> None:
    assert parse_heading(line) is None


SEPARATORS = [
    "***",
    "* * *",
    "* * * * *",
    "~~~",
    "~*~*~",
    "----",
    "---",
    "— — —",
    "==========",
    "_____",
    "o0o",
    "oOo",
    "xXx",
    "XXX",
    "#",
    "*",
    "§",
    "❦",
    "      ❦",
    "\t***",
    "⁂",
    "Scene break",
    "~Time skip~",
    "POV change",
]


@pytest.mark.parametrize("line", SEPARATORS)
def test_separator_is_recognised(line: str) -> None:
    assert is_separator(line)


NOT_SEPARATORS = [
    "",
    "   ",
    "...",
    "…",
    ". . .",
    "—",
    "-",
    "--",
    "— —",
    "?!",
    "!!!",
    "I said no.",
    "“I said no.”",
    "He said no.",
    '"—"',
    "“...”",
    "No.",
    "Ha!",
    "Hmm...",
    "— he said",
    "She left. ***",
    "x",
    "xx",
    "o",
    "A",
    "1",
    "Chapter 3",
]


@pytest.mark.parametrize("line", NOT_SEPARATORS)
def test_not_a_separator(line: str) -> None:
    assert not is_separator(line)


@pytest.mark.parametrize(
    ("text", "value"),
    [("12", 12), ("XII", 12), ("xii", 12), ("twelve", 12), ("twenty-one", 21), ("Twenty One", 21), ("third", 3),
     ("IV.", 4), ("hundred", 100)],
)  # fmt: skip
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["Xii", "IIII", "banana", ""])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None
