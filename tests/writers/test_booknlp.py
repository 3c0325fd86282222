"""The BookNLP-compatible tables: BookNLP's headers and layout, one line per record, ids that agree across files."""

from __future__ import annotations

import csv
import itertools
import json
from collections import Counter
from pathlib import Path

import pytest

import ficlens
from ficlens.model import Document
from ficlens.writers import writer
from ficlens.writers.booknlp import ENTITIES_HEADER, QUOTES_HEADER, TOKENS_HEADER, word_cell

SAMPLE = Path(ficlens.__file__).parent / "resources" / "samples" / "lanterns.txt"

# BookNLP's headers, as english_booknlp.py writes them (checked against the constants, so a typo fails here)
BOOKNLP_TOKENS = (
    "paragraph_ID\tsentence_ID\ttoken_ID_within_sentence\ttoken_ID_within_document\tword\tlemma\tbyte_onset\t"
    "byte_offset\tPOS_tag\tfine_POS_tag\tdependency_relation\tsyntactic_head_ID\tevent"
)
BOOKNLP_ENTITIES = "COREF\tstart_token\tend_token\tprop\tcat\ttext"
BOOKNLP_QUOTES = "quote_start\tquote_end\tmention_start\tmention_end\tmention_phrase\tchar_id\tquote"

TABBED = (
    "Tabs by owl\n\n"
    'Mara looked up. "Hello\tthere,\nfriend,\t\tyou\r came back," said Mara.\n\n'
    '"Go\taway," said Tom\tBrown. "Now."\n'
)


@pytest.fixture(scope="module")
def doc() -> Document:
    return ficlens.analyze(SAMPLE)


@pytest.fixture(scope="module")
def out(doc: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("booknlp")
    files = writer("booknlp")(doc, folder, "lanterns")
    assert [f.name for f in files] == ["lanterns.tokens", "lanterns.entities", "lanterns.quotes", "lanterns.book"]
    return folder


def read_tsv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[0], rows[1:]


def test_headers_are_booknlps(out: Path) -> None:
    assert "\t".join(TOKENS_HEADER) == BOOKNLP_TOKENS
    assert "\t".join(ENTITIES_HEADER) == BOOKNLP_ENTITIES
    assert "\t".join(QUOTES_HEADER) == BOOKNLP_QUOTES
    for name, header in (("tokens", BOOKNLP_TOKENS), ("entities", BOOKNLP_ENTITIES), ("quotes", BOOKNLP_QUOTES)):
        assert (out / f"lanterns.{name}").read_text(encoding="utf-8").split("\n", 1)[0] == header


def test_tokens(doc: Document, out: Path) -> None:
    header, rows = read_tsv(out / "lanterns.tokens")
    assert len(rows) == len(doc.tokens) > 0
    assert all(len(r) == len(header) for r in rows)
    col = {name: i for i, name in enumerate(header)}
    ids = [int(r[col["token_ID_within_document"]]) for r in rows]
    assert ids == list(range(len(rows)))
    for r in rows:
        a, b = int(r[col["byte_onset"]]), int(r[col["byte_offset"]])
        assert r[col["word"]] == doc.text[a:b]
        assert 0 <= int(r[col["syntactic_head_ID"]]) < len(rows)
        assert r[col["event"]] == "O"
    # sentence and paragraph ids count up from 0 without gaps; ids within a sentence restart at 0
    for name in ("sentence_ID", "paragraph_ID"):
        values = [int(r[col[name]]) for r in rows]
        assert values[0] == 0 and all(b - a in (0, 1) for a, b in itertools.pairwise(values))
    assert max(int(r[col["sentence_ID"]]) for r in rows) + 1 == len(doc.layer("sentences"))
    assert max(int(r[col["paragraph_ID"]]) for r in rows) + 1 == len(doc.layer("paragraphs"))
    for prev, r in itertools.pairwise(rows):
        same = prev[col["sentence_ID"]] == r[col["sentence_ID"]]
        expected = int(prev[col["token_ID_within_sentence"]]) + 1 if same else 0
        assert int(r[col["token_ID_within_sentence"]]) == expected
    first = doc.tokens[0]
    assert rows[0][col["lemma"]] == first.lemma and rows[0][col["POS_tag"]] == first.pos
    assert rows[0][col["fine_POS_tag"]] == first.tag and rows[0][col["dependency_relation"]] == first.dep


def test_entities(doc: Document, out: Path) -> None:
    _header, rows = read_tsv(out / "lanterns.entities")
    assert len(rows) == len(doc.layer("mentions")) + len(doc.layer("places"))
    n_tokens = len(doc.tokens)
    starts = doc.tokens.ints("start")
    ends = doc.tokens.ints("end")
    for coref, a, b, prop, cat, text in rows:
        assert prop in ("PROP", "NOM", "PRON") and cat in ("PER", "LOC", "FAC", "GPE", "VEH", "ORG")
        assert 0 <= int(a) <= int(b) < n_tokens
        assert text == " ".join(doc.text[starts[int(a)] : ends[int(b)]].split())  # end_token is inclusive
        int(coref)
    order = [(int(r[1]), int(r[2])) for r in rows]
    assert order == sorted(order)
    # a character's mentions carry its index; everything else has ids of its own
    n_chars = len(doc.layer("characters"))
    linked = sum(1 for m in doc.layer("mentions") if m.character >= 0)
    assert sum(1 for r in rows if r[4] == "PER" and int(r[0]) < n_chars) == linked
    assert all(int(r[0]) >= n_chars for r in rows if r[4] != "PER")


def test_quotes_and_book_agree(doc: Document, out: Path) -> None:
    _header, rows = read_tsv(out / "lanterns.quotes")
    quotes = doc.layer("quotes")
    assert len(rows) == len(quotes) > 0
    book = json.loads((out / "lanterns.book").read_text(encoding="utf-8"))
    ids = {c["id"] for c in book["characters"]}
    assert ids == {c.id for c in doc.layer("characters")}
    starts = doc.tokens.ints("start")
    for q, (qa, qb, ma, mb, phrase, char_id, text) in zip(quotes, rows, strict=True):
        assert char_id == ("None" if q.speaker < 0 else str(q.speaker))
        assert char_id == "None" or int(char_id) in ids
        assert text == " ".join(doc.span_text(q).split())
        assert starts[int(qa)] == q.start  # the span starts with its opening quotation mark, a token of its own
        assert int(qa) <= int(qb)
        if ma != "None":
            assert phrase and int(ma) <= int(mb)
    # the entry of the first character, in BookNLP's layout
    c = doc.layer("characters")[0]
    entry = next(e for e in book["characters"] if e["id"] == c.id)
    assert set(entry) >= {"id", "count", "mentions", "g", "agent", "patient", "poss", "mod"}
    assert entry["count"] == c.mention_count
    assert set(entry["mentions"]) == {"proper", "common", "pronoun"}
    assert all(set(m) == {"c", "n"} for m in entry["mentions"]["proper"])
    assert sum(m["c"] for v in entry["mentions"].values() for m in v) == c.mention_count
    # as BookNLP writes them: the word as written and its token_ID_within_document in STEM.tokens
    header, rows = read_tsv(out / "lanterns.tokens")
    word, lemma = header.index("word"), header.index("lemma")
    for role, counts in (("agent", c.agent), ("patient", c.patient), ("poss", c.possessions), ("mod", c.modifiers)):
        assert bool(entry[role]) == bool(counts), role
        assert all(set(e) == {"w", "i"} and isinstance(e["i"], int) for e in entry[role]), role
        assert all(rows[e["i"]][word] == e["w"] for e in entry[role])
        lemmas = Counter(rows[e["i"]][lemma].lower() for e in entry[role])
        assert all(lemmas[w] == n for w, n in counts if w.isalpha()), role  # Character's counts are of these
    assert entry["g"]["argmax"] == "she/her" and set(entry["g"]["inference"]) == {
        "he/him/his",
        "she/her",
        "they/them/their",
    }


def test_tabs_and_line_breaks_keep_one_row_per_record(tmp_path: Path) -> None:
    doc = ficlens.analyze(TABBED)
    writer("booknlp")(doc, tmp_path, "tabbed")
    for name, count in (
        ("tokens", len(doc.tokens)),
        ("entities", len(doc.layer("mentions")) + len(doc.layer("places"))),
        ("quotes", len(doc.layer("quotes"))),
    ):
        header, rows = read_tsv(tmp_path / f"tabbed.{name}")
        assert len(rows) == count and all(len(r) == len(header) for r in rows), name
    _, quotes = read_tsv(tmp_path / "tabbed.quotes")
    assert any("Hello there, friend, you came back," in r[-1] for r in quotes)
    assert all("\t" not in cell and "\r" not in cell for r in quotes for cell in r)
    assert word_cell("a\tb\nc d\re") == "aTbNcSdNe"


def test_documents_without_nlp_layers(tmp_path: Path) -> None:
    for doc in (ficlens.read(SAMPLE), ficlens.analyze(SAMPLE, characters=False)):
        writer("booknlp")(doc, tmp_path, "bare")
        _, tokens = read_tsv(tmp_path / "bare.tokens")
        assert len(tokens) == len(doc.tokens)
        assert read_tsv(tmp_path / "bare.entities")[1] == [] and read_tsv(tmp_path / "bare.quotes")[1] == []
        assert json.loads((tmp_path / "bare.book").read_text(encoding="utf-8")) == {"characters": []}
