"""The project's own speaker test stories (``tests/data/speakers``) and their scorer (``evaluation/stories.py``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ficlens
from ficlens.evaluation import stories

DATA = Path(__file__).resolve().parent.parent / "data" / "speakers"
FLOOR = 0.90  # the target (0.914 measured when set: 74 of 81); raise it as the speakers stage improves


def test_every_story_has_gold_fragments_that_name_one_quotation() -> None:
    for path in stories.stories(DATA):
        text = path.read_text(encoding="utf-8")
        gold = stories.load_gold(path.with_suffix(".gold"))
        assert gold, path
        quoted = re.findall(r'"[^"]*"', text)
        for fragment, _ in gold:
            assert sum(fragment in q for q in quoted) == 1, (path.name, fragment)


def test_a_missing_quotation_and_a_wrong_speaker_count_as_errors() -> None:
    doc = ficlens.analyze('Ann came in.\n\n"Hello, Bob," said Ann.\n\n"Hello," said Bob.\n')
    score = stories.score_story("t", doc, [("Hello, Bob", "Ann"), ('Hello,"', "Ann"), ("nowhere", "Bob")])
    assert (score.right, score.total) == (1, 3)
    assert score.errors == ('Hello,": Ann -> Bob', "nowhere: Bob -> no quote")


@pytest.fixture(scope="module")
def scores() -> list[stories.StoryScore]:
    return stories.evaluate(DATA, lambda text: ficlens.analyze(text))


def test_speaker_accuracy_on_the_stories_stays_above_the_floor(scores: list[stories.StoryScore]) -> None:
    right, total = sum(s.right for s in scores), sum(s.total for s in scores)
    assert total >= 80
    assert right / total >= FLOOR, stories.report(scores)
