"""The syntax stage: spaCy tokens, sentences and entities, mapped back to document offsets."""

from __future__ import annotations

from itertools import pairwise

import pytest

import ficlens
from ficlens.model import Document
from ficlens.stages.base import Context, source_tag
from ficlens.stages.syntax import BATCH_CHARS, MAX_PIECE_CHARS, SyntaxStage, batches, pieces

SOURCE = source_tag(SyntaxStage())  # "syntax@2+<fingerprint of the spaCy pipeline>"

STORY = """Chapter 1

Detective Sarah Miller called her partner, John Carter, at midnight. He did not answer.

She drove to his flat in London anyway. The rain followed her
the whole way there, and she
thought about turning back twice.

* * *

“You’re soaked,” John said when he finally opened the door. “Come in before you drown.”
"""


@pytest.fixture(scope="module")
def doc() -> Document:
    return ficlens.analyze(STORY)


def token_texts(doc: Document) -> list[str]:
    return [doc.text[t.start : t.end] for t in doc.tokens]


def test_tokens_are_the_words_of_the_story(doc: Document) -> None:
    words = token_texts(doc)
    assert words[:13] == [
        "Detective", "Sarah", "Miller", "called", "her", "partner", ",", "John", "Carter", ",", "at", "midnight", ".",
    ]  # fmt: skip
    assert words[-8:] == ["“", "Come", "in", "before", "you", "drown", ".", "”"]
    # Every non-space character of every paragraph is in exactly one token, in order.
    paragraph_chars = "".join("".join(p.split()) for p in doc.texts("paragraphs"))
    assert "".join(words) == paragraph_chars


def test_token_offsets_are_ordered_and_hold_no_whitespace(doc: Document) -> None:
    previous_end = 0
    for tok in doc.tokens:
        text = doc.text[tok.start : tok.end]
        assert text and text == text.strip() and not any(ch.isspace() for ch in text), repr(text)
        assert tok.start >= previous_end
        previous_end = tok.end


def test_tokens_lie_in_paragraphs_not_in_headings_or_separators(doc: Document) -> None:
    paragraphs = doc.layer("paragraphs")
    for tok in doc.tokens:
        assert any(p.start <= tok.start and tok.end <= p.end for p in paragraphs)
    assert "Chapter" not in token_texts(doc)
    assert "*" not in token_texts(doc)


def test_token_attributes(doc: Document) -> None:
    by_text = {doc.text[t.start : t.end]: t for t in doc.tokens}
    assert by_text["drove"].lemma == "drive"
    assert by_text["drove"].pos == "VERB"
    assert by_text["London"].pos == "PROPN"
    assert doc.tokens.source == SOURCE and SOURCE.startswith("syntax@2+")


def test_sentences_lie_within_paragraphs_and_match_their_tokens(doc: Document) -> None:
    sentences = doc.layer("sentences")
    paragraphs = doc.layer("paragraphs")
    tokens = doc.tokens
    assert len(sentences) == 6
    assert sentences[0].token_start == 0
    assert sentences[-1].token_end == len(tokens)
    for a, b in pairwise(sentences):
        assert a.token_end == b.token_start  # sentences partition the tokens, in order
    for s in sentences:
        assert s.source == SOURCE
        assert s.token_start < s.token_end
        assert any(p.contains(s) for p in paragraphs), f"{doc.span_text(s)!r} crosses a paragraph boundary"
        assert s.start == tokens.start[s.token_start]
        assert s.end == tokens.end[s.token_end - 1]
    assert doc.span_text(sentences[1]) == "He did not answer."


def test_heads_are_valid_and_stay_in_their_sentence(doc: Document) -> None:
    tokens = doc.tokens
    for s in doc.layer("sentences"):
        roots = []
        for i in range(s.token_start, s.token_end):
            head = tokens.head[i]
            assert s.token_start <= head < s.token_end, f"token {i} has head {head} outside its sentence"
            if head == i:
                roots.append(i)
        assert len(roots) == 1, f"{doc.span_text(s)!r} has roots {roots}"
        assert tokens[roots[0]].dep == "ROOT"


def test_entities_find_people(doc: Document) -> None:
    entities = doc.layer("entities")
    found = {(doc.span_text(e), e.label) for e in entities}
    assert ("Sarah Miller", "PERSON") in found
    assert ("John Carter", "PERSON") in found
    starts = set(doc.tokens.start)
    ends = set(doc.tokens.end)
    for e in entities:
        assert e.source == SOURCE
        assert e.start in starts and e.end in ends  # entities fall on token boundaries


def test_hard_wrapped_paragraph_is_one_sentence_stream(doc: Document) -> None:
    wrapped = next(p for p in doc.layer("paragraphs") if "\n" in doc.span_text(p))
    inside = [s for s in doc.layer("sentences") if wrapped.contains(s)]
    assert [doc.span_text(s) for s in inside] == [
        "She drove to his flat in London anyway.",
        "The rain followed her\nthe whole way there, and she\nthought about turning back twice.",
    ]
    words = [doc.text[t.start : t.end] for t in doc.tokens if wrapped.start <= t.start < wrapped.end]
    assert words[-6:] == ["thought", "about", "turning", "back", "twice", "."]
    thought = STORY.index("thought about")
    assert STORY[thought - 1] == "\n"
    assert any(t.start == thought and t.end == thought + len("thought") for t in doc.tokens)
    assert "\n" not in "".join(words)


def test_structure_layers_are_kept(doc: Document) -> None:
    assert [c.title for c in doc.layer("chapters")] == ["Chapter 1"]
    assert len(doc.layer("scenes")) == 2


PARAGRAPHS = [
    "Nell kept bees on the roof of the laundrette, which the council said was not allowed and the bees said was fine.",
    "Every morning she climbed the fire escape with a flask of tea and a smoker made from an old coffee tin.",
    "“They know you,” said Amir from the window opposite. “They never sting you.”",
    "“They know I bring sugar when it rains,” she said. “That is not the same as knowing me.”",
    "In August the honey came out dark as varnish and tasted faintly of the chip shop on the corner.",
    "She sold it in jam jars to the people on the street, who said it was the best thing that had ever happened there.",
]


def test_two_processes_give_the_same_result_as_one() -> None:
    repeats = BATCH_CHARS * 3 // (2 * sum(len(p) + 2 for p in PARAGRAPHS)) + 1
    text = "\n\n".join(PARAGRAPHS * repeats) + "\n"
    base = ficlens.analyze(text, syntax=False)
    assert len(list(batches(pieces(base)))) >= 2  # enough work that the batches go to two worker processes
    one = SyntaxStage()(base, Context(n_process=1))
    two = SyntaxStage()(base, Context(n_process=2))
    assert len(one.tokens) > 10_000
    assert two.tokens == one.tokens
    assert two.layer("sentences") == one.layer("sentences")
    assert two.layer("entities") == one.layer("entities")
    assert two == one


def test_progress_is_reported_up_to_the_total() -> None:
    calls: list[tuple[str, int, int]] = []
    base = ficlens.analyze(STORY, syntax=False)
    SyntaxStage()(base, Context(progress=lambda stage, done, total: calls.append((stage, done, total))))
    assert calls[0][:2] == ("syntax", 0)
    assert calls[-1][1] == calls[-1][2] > 0
    assert [c[1] for c in calls] == sorted(c[1] for c in calls)


def test_a_paragraph_longer_than_a_piece_is_cut_without_losing_offsets() -> None:
    sentence = "The tide came in and the tide went out and Nell counted every wave of it. "
    line = (sentence * (MAX_PIECE_CHARS // len(sentence) + 20)).strip()
    doc = ficlens.analyze(line + "\n")
    assert len(doc.layer("paragraphs")) == 1 and len(line) > MAX_PIECE_CHARS
    words = token_texts(doc)
    assert "".join(words) == "".join(line.split())
    assert words.count("Nell") == line.count("Nell")


@pytest.mark.slow
def test_a_novel_longer_than_spacys_max_length() -> None:
    text = "\n\n".join(PARAGRAPHS * 1700) + "\n"
    assert len(text) > 1_000_000
    doc = ficlens.analyze(text, n_process=None)
    assert len(doc.layer("paragraphs")) == len(PARAGRAPHS) * 1700
    assert doc.text[doc.tokens.start[-1] : doc.tokens.end[-1]] == "."
    assert token_texts(doc).count("Amir") == 1700
