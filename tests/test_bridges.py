"""The Python API and the bridges, read with the real libraries: ``process``/``write``/``analyze_text``,
pandas DataFrames with the corpus tables' columns, and a spaCy Doc with quotations and mentions as spans."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import ficlens
from ficlens.errors import MissingExtraError
from ficlens.model import Document

STORY = (
    "The Lighthouse\n\n"
    '"Is the lamp lit?" asked Nell Ashby.\n\n'
    '"It is," said Corin Vale. "Go to bed, Nell."\n\n'
    "Nell climbed the stair. She did not go to bed.\n\n"
    '"Corin, the boats are out," she said.\n'
)


@pytest.fixture(scope="module")
def doc() -> Document:
    return ficlens.analyze_text(STORY)


def test_process_writes_every_input_in_one_call(tmp_path: Path) -> None:
    a = tmp_path / "in" / "story.txt"
    b = tmp_path / "other" / "story.txt"
    for path in (a, b):
        path.parent.mkdir(parents=True)
        path.write_text(STORY, encoding="utf-8")
    out = tmp_path / "new" / "out"  # created
    done = ficlens.process([a, str(b)], str(out), formats="json,script")
    assert list(done) == [str(a), str(b)]
    assert [p.name for p in done[str(a)]] == ["story.json", "story.script.csv", "story.script.jsonl"]
    assert done[str(b)][0].name == "story-2.json"  # two inputs of one name do not collide
    back = ficlens.from_json(done[str(a)][0].read_text(encoding="utf-8"))
    assert len(back.layer("quotes")) == 4


def test_write_accepts_a_str_folder_and_format_lists(doc: Document, tmp_path: Path) -> None:
    files = ficlens.write(doc, str(tmp_path / "x"), ["all", "json"], stem="tower")
    names = {p.name for p in files}
    assert {"tower.json", "tower.html", "tower.tei.xml", "tower.gexf", "tower.script.csv"} <= names
    assert not list((tmp_path / "x").glob(".*tmp*"))
    with pytest.raises(ValueError, match="unknown output format 'pdf'"):
        ficlens.write(doc, tmp_path, "pdf")


def test_analyze_text_never_takes_a_string_for_a_path(tmp_path: Path) -> None:
    d = ficlens.analyze_text("README.md")  # one line, no newline: analyze() would read the file
    assert d.text == "README.md"


pandas = pytest.importorskip("pandas")


def test_frames_have_the_corpus_tables_columns(doc: Document) -> None:
    pa_schema = pytest.importorskip("ficlens.batch.schema")
    frames = ficlens.to_frames(doc)
    assert set(frames) == {"works", "characters", "quotes", "mentions", "scenes", "tokens"}
    for table in ("characters", "quotes", "mentions", "scenes"):
        expected = [n for n in pa_schema.SCHEMAS[table].names if n != "chunk"]
        assert list(frames[table].columns) == expected, table
    assert set(frames["works"].columns) - {"path"} <= set(pa_schema.SCHEMAS["works"].names)
    quotes = frames["quotes"]
    assert isinstance(quotes, pandas.DataFrame) and len(quotes) == len(doc.layer("quotes"))
    assert str(quotes["speaker"].dtype) == "Int64"  # missing speakers are <NA>, not -1 or NaN
    nell = quotes[quotes["speaker_name"] == "Nell Ashby"]
    assert len(nell) == 2 and nell["text"].iloc[0] == '"Is the lamp lit?"'
    assert frames["tokens"]["text"].str.cat() == "".join(doc.text[t.start : t.end] for t in doc.tokens)
    assert frames["works"].loc[0, "quote_count"] == 4


def test_frames_without_pandas_name_the_extra(doc: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pandas" else real(name, *a))
    with pytest.raises(MissingExtraError, match=r"pip install 'ficlens\[frames\]'"):
        ficlens.to_frames(doc)


def test_spacy_doc_has_the_quotes_mentions_and_speakers(doc: Document) -> None:
    spacy = pytest.importorskip("spacy")
    sdoc = ficlens.to_spacy(doc, spacy.blank("en"))
    assert isinstance(sdoc, spacy.tokens.Doc) and sdoc.text == doc.text
    quotes = sdoc.spans["quotes"]
    assert [q.text for q in quotes] == [doc.text[q.start : q.end] for q in doc.layer("quotes")]
    assert [q._.speaker_name for q in quotes] == ["Nell Ashby", "Corin Vale", "Corin Vale", "Nell Ashby"]
    assert quotes[2]._.addressee_names == ["Nell Ashby"] and quotes[2]._.quote_index == 2
    names = [m for m in sdoc.spans["mentions"] if m.label_ == "name"]
    assert {(m.text, m._.character_name) for m in names} >= {("Nell Ashby", "Nell Ashby"), ("Corin", "Corin Vale")}
    she = next(m for m in sdoc.spans["mentions"] if m.text == "She")
    assert she._.character == 0 and sdoc._.characters[0]["name"] == "Nell Ashby"
    assert len(list(sdoc.sents)) == len(doc.layer("sentences"))
    said = next(t for t in sdoc if t.text == "said")
    assert said.pos_ == "VERB" and said.lemma_ == "say"
    assert ficlens.to_spacy(ficlens.read(b"Just text.")).text == "Just text."  # no tokens: one text token
