"""The script export: every line of a hand-written story, in order, with its speaker, read back with ``csv``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import ficlens
from ficlens.model import Document
from ficlens.writers import writer

STORY = (
    "Chapter 1: The Pier\n\n"
    "The fog had come in early over the harbour.\n\n"
    '"Where is the boat?" asked Mira Holt.\n\n'
    '"The boat left," said Jonah Reed. "An hour ago, Mira."\n\n'
    "Mira kicked a stone into the water.\n\n"
    '"Then we swim," she said.\n'
)


@pytest.fixture(scope="module")
def doc() -> Document:
    return ficlens.analyze_text(STORY)


def _rows(doc: Document, tmp_path: Path) -> list[dict[str, str]]:
    files = writer("script")(doc, tmp_path, "pier")
    assert [f.name for f in files] == ["pier.script.csv", "pier.script.jsonl"]
    with files[0].open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_lines_in_text_order_with_speakers(doc: Document, tmp_path: Path) -> None:
    rows = _rows(doc, tmp_path)
    got = [(r["kind"], r["speaker"], r["text"]) for r in rows]
    assert got == [
        ("heading", "Narrator", "Chapter 1: The Pier"),
        ("narration", "Narrator", "The fog had come in early over the harbour."),
        ("quote", "Mira Holt", '"Where is the boat?"'),
        ("narration", "Narrator", "asked Mira Holt."),
        ("quote", "Jonah Reed", '"The boat left,"'),
        ("narration", "Narrator", "said Jonah Reed."),
        ("quote", "Jonah Reed", '"An hour ago, Mira."'),
        ("narration", "Narrator", "Mira kicked a stone into the water."),
        ("quote", "Mira Holt", '"Then we swim,"'),
        ("narration", "Narrator", "she said."),
    ]
    assert [int(r["line"]) for r in rows] == list(range(len(rows)))


def test_columns_join_the_json(doc: Document, tmp_path: Path) -> None:
    rows = _rows(doc, tmp_path)
    quotes = doc.layer("quotes")
    chars = doc.layer("characters")
    for r in rows:
        assert doc.text[int(r["start"]) : int(r["end"])].split() == r["text"].split()
        if r["kind"] != "quote":
            assert r["quote"] == r["speaker_id"] == r["score"] == ""
            continue
        q = quotes[int(r["quote"])]
        assert (int(r["start"]), int(r["end"])) == (q.start, q.end)
        assert int(r["speaker_id"]) == q.speaker
        assert r["gender"] == chars[q.speaker].gender
        assert float(r["score"]) == pytest.approx(q.score)
    jonah = next(r for r in rows if r["text"] == '"An hour ago, Mira."')
    assert "Mira Holt" in jonah["addressees"].split("; ")
    assert rows[-2]["gender"] == "she/her"  # "she said"
    assert rows[0]["chapter_title"] == "Chapter 1: The Pier"  # Chapter.title, the heading as written


def test_jsonl_matches_csv(doc: Document, tmp_path: Path) -> None:
    rows = _rows(doc, tmp_path)
    lines = [json.loads(x) for x in (tmp_path / "pier.script.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["text"] for x in lines] == [r["text"] for r in rows]
    assert all(isinstance(x["addressees"], list) for x in lines)
    assert lines[0]["speaker_id"] is None


def test_without_analysis_every_paragraph_is_narration(tmp_path: Path) -> None:
    rows = _rows(ficlens.read(STORY.encode("utf-8")), tmp_path)
    assert rows and {r["speaker"] for r in rows} == {"Narrator"}


def test_headings_open_their_chapter(tmp_path: Path) -> None:
    story = "Chapter 1: Ebb\n\nThe tide went out.\n\nChapter 2: Flood\n\nThe tide came in.\n"
    rows = _rows(ficlens.analyze_text(story, characters=False), tmp_path)
    got = [(r["kind"], r["chapter"], r["scene"], r["chapter_title"], r["text"]) for r in rows]
    assert got == [
        ("heading", "0", "0", "Chapter 1: Ebb", "Chapter 1: Ebb"),
        ("narration", "0", "0", "Chapter 1: Ebb", "The tide went out."),
        ("heading", "1", "1", "Chapter 2: Flood", "Chapter 2: Flood"),
        ("narration", "1", "1", "Chapter 2: Flood", "The tide came in."),
    ]
