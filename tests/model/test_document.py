"""The Document value: immutable text and layers, stand-off offsets, and its versioned JSON form."""

from __future__ import annotations

import dataclasses
import json

import pytest

import ficlens
from ficlens.errors import SchemaError
from ficlens.model import (
    SCHEMA_VERSION,
    Chapter,
    Document,
    Entity,
    Metadata,
    Note,
    Paragraph,
    Region,
    Scene,
    SceneBreak,
    Sentence,
    SourceInfo,
    Span,
    TokenTable,
    TokenTableBuilder,
    from_dict,
    from_json,
    to_dict,
    to_json,
)

TEXT = "Chapter 1: Tides\n\nMira ran.\n\n* * *\n\nShe laughed — “Wait!”\n"


def _at(text: str, piece: str, after: int = 0) -> tuple[int, int]:
    start = text.index(piece, after)
    return start, start + len(piece)


def _tokens(text: str, words: list[str], source: str = "syntax@1") -> TokenTable:
    builder = TokenTableBuilder()
    starts, ends, pos = [], [], 0
    for w in words:
        s, e = _at(text, w, pos)
        starts.append(s)
        ends.append(e)
        pos = e
    n = len(words)
    builder.extend(
        starts,
        ends,
        [0] * n,  # every token hangs off the first one, which is its own head (the root)
        {"pos": ["PROPN"] + ["X"] * (n - 1), "tag": ["NNP"] + ["XX"] * (n - 1), "dep": ["ROOT"] + ["dep"] * (n - 1),
         "lemma": [w.lower() for w in words]},
    )  # fmt: skip
    return builder.build(source)


@pytest.fixture
def doc() -> Document:
    """A hand-built Document with every record type, full metadata and a token table."""
    t = TEXT
    heading = _at(t, "Chapter 1: Tides")
    p1 = _at(t, "Mira ran.")
    brk = _at(t, "* * *")
    p2 = _at(t, "She laughed — “Wait!”")
    meta = Metadata(
        title="Tides",
        authors=("kelp_writer", "second author"),
        summary="A short one.",
        notes=(Note("notes", "Thanks to my beta!", 0, 5), Note("end_notes", "Comments welcome.")),
        rating="General Audiences",
        warnings=("No Archive Warnings Apply",),
        fandoms=("Original Work",),
        relationships=("Mira/Tomas",),
        characters=("Mira", "Tomas"),
        freeform=("Fluff", "Beach Episode"),
        language="English",
        words=5,
        chapters="1/1",
        beta_readers=("sandpiper",),
        extra=(("Challenge", "Summer Swap"), ("Mood", "sunny")),
    )
    source = SourceInfo(
        path="tides.txt", format="plain", encoding="utf-8", size_bytes=64, sha256="ab" * 32,
        changes=("BOM removed", "CRLF line ends made LF"),
    )  # fmt: skip
    layers = {
        "regions": [Region(0, len(t) - 1, source="ingest.plain@1", kind="body")],
        "chapters": [Chapter(heading[0], p2[1], source="structure@1", number=1, title="Chapter 1: Tides",
                             heading_end=heading[1])],
        "scenes": [Scene(p1[0], p1[1], source="structure@1"),
                   Scene(p2[0], p2[1], source="structure@1", opened_by="separator")],
        "scene_breaks": [SceneBreak(brk[0], brk[1], source="structure@1", kind="separator")],
        "paragraphs": [Paragraph(p1[0], p1[1], source="structure@1", scene=0),
                       Paragraph(p2[0], p2[1], source="structure@1", scene=1)],
        "sentences": [Sentence(p1[0], p1[1], source="syntax@1", token_start=0, token_end=3)],
        "entities": [Entity(p1[0], p1[0] + 4, source="syntax@1", score=0.75, label="PERSON")],
        "misc": [Span(0, 0), Span(1, 3, source="test@2", score=0.5)],
        "tokens": _tokens(t, ["Mira", "ran", "."]),
    }  # fmt: skip
    return Document(text=t, meta=meta, source=source, layers=layers)


# -- JSON round trip ------------------------------------------------------------------------------


def test_round_trip_of_a_hand_built_document_is_equal(doc: Document) -> None:
    back = from_json(to_json(doc))
    assert back == doc
    assert back.text == TEXT
    assert back.meta.notes[0] == Note("notes", "Thanks to my beta!", 0, 5)
    assert back.meta.extra == (("Challenge", "Summer Swap"), ("Mood", "sunny"))
    assert back.source.changes == ("BOM removed", "CRLF line ends made LF")
    assert [type(r).__name__ for r in back.layer("scenes")] == ["Scene", "Scene"]
    assert back.layer("entities")[0].score == 0.75


def test_round_trip_keeps_every_record_type(doc: Document) -> None:
    back = from_json(to_json(doc))
    kinds = {type(rec).__name__ for name in back.layers if name != "tokens" for rec in back.layer(name)}
    assert kinds == {"Span", "Region", "Chapter", "Scene", "SceneBreak", "Paragraph", "Sentence", "Entity"}


def test_round_trip_keeps_tokens(doc: Document) -> None:
    back = from_json(to_json(doc))
    assert back.tokens == doc.tokens
    assert [TEXT[t.start : t.end] for t in back.tokens] == ["Mira", "ran", "."]
    assert back.tokens.column("lemma") == ["mira", "ran", "."]
    assert back.tokens[0].dep == "ROOT" and back.tokens[2].head == 0
    assert back.tokens.source == "syntax@1"


def test_round_trip_through_bytes_and_indent(doc: Document) -> None:
    assert from_json(to_json(doc, indent=2).encode("utf-8")) == doc


def test_json_names_its_format_and_version(doc: Document) -> None:
    data = json.loads(to_json(doc))
    assert data["format"] == "ficlens-document"
    assert data["version"] == SCHEMA_VERSION == 1
    assert data["text"] == TEXT
    # Non-ASCII text is written as itself, not as escapes.
    assert "“Wait!”" in to_json(doc)


def test_json_records_are_typed_and_stand_off(doc: Document) -> None:
    data = json.loads(to_json(doc))
    chapter = data["layers"]["chapters"][0]
    assert chapter["type"] == "Chapter"
    assert (chapter["start"], chapter["end"], chapter["number"]) == (0, doc.layer("chapters")[0].end, 1)
    assert chapter["source"] == "structure@1"
    # A record holds offsets, never a copy of its text.
    paragraph = data["layers"]["paragraphs"][0]
    assert "Mira ran." not in json.dumps(paragraph)
    assert "table" in data["layers"]["tokens"]


def test_empty_document_round_trips() -> None:
    empty = Document(text="")
    assert from_json(to_json(empty)) == empty


def test_a_different_document_is_not_equal(doc: Document) -> None:
    other = doc.with_layers(paragraphs=doc.layer("paragraphs")[:1])
    assert from_json(to_json(other)) != doc


# -- JSON errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("version", [2, 0, "1", None])
def test_wrong_version_raises_schema_error_that_says_what_to_do(doc: Document, version: object) -> None:
    data = to_dict(doc)
    data["version"] = version
    with pytest.raises(SchemaError) as info:
        from_dict(data)
    message = str(info.value)
    assert f"version {version!r} is not supported" in message
    assert "version 1" in message  # the version this ficlens reads
    assert "ficlens analyze" in message  # what to do about it


def test_missing_version_raises_schema_error(doc: Document) -> None:
    data = to_dict(doc)
    del data["version"]
    with pytest.raises(SchemaError, match="version"):
        from_dict(data)


@pytest.mark.parametrize("text", ["[1, 2]", '{"text": "hi"}', '{"format": "other", "version": 1}'])
def test_json_that_is_not_a_ficlens_document_raises(text: str) -> None:
    with pytest.raises(SchemaError, match="not a ficlens-document"):
        from_json(text)


def test_invalid_json_raises_schema_error() -> None:
    with pytest.raises(SchemaError, match="not JSON"):
        from_json("{not json")


def test_missing_text_raises_schema_error(doc: Document) -> None:
    data = to_dict(doc)
    del data["text"]
    with pytest.raises(SchemaError, match="text"):
        from_dict(data)


def test_json_with_offsets_past_the_text_raises(doc: Document) -> None:
    data = to_dict(doc)
    data["layers"]["paragraphs"][0]["end"] = len(TEXT) + 10
    with pytest.raises(SchemaError, match="paragraphs"):
        from_dict(data)


def test_json_with_tokens_past_the_text_raises(doc: Document) -> None:
    data = to_dict(doc)
    data["layers"]["tokens"]["table"]["end"][-1] = len(TEXT) + 1
    with pytest.raises(SchemaError, match="tokens"):
        from_dict(data)


def test_json_with_negative_offsets_raises(doc: Document) -> None:
    data = to_dict(doc)
    data["layers"]["scenes"][0]["start"] = -1
    with pytest.raises(SchemaError, match="scenes"):
        from_dict(data)


def test_json_with_unknown_record_type_or_field_raises(doc: Document) -> None:
    data = to_dict(doc)
    data["layers"]["scenes"][0]["type"] = "Villain"
    with pytest.raises(SchemaError, match="unknown record type 'Villain'"):
        from_dict(data)
    data = to_dict(doc)
    data["layers"]["scenes"][0]["mood"] = "gloomy"
    with pytest.raises(SchemaError, match="mood"):
        from_dict(data)


def test_json_with_unknown_metadata_field_raises(doc: Document) -> None:
    data = to_dict(doc)
    data["meta"]["villain"] = "Spike"
    with pytest.raises(SchemaError, match="villain"):
        from_dict(data)


# -- the Document value ---------------------------------------------------------------------------


def test_offsets_past_the_text_raise() -> None:
    with pytest.raises(ValueError, match="past the text end 5"):
        Document(text="hello", layers={"paragraphs": [Paragraph(0, 6)]})
    Document(text="hello", layers={"paragraphs": [Paragraph(0, 5)]})  # the end itself is fine


def test_token_offsets_past_the_text_raise() -> None:
    table = _tokens("Mira ran.", ["Mira", "ran", "."])
    Document(text="Mira ran.", layers={"tokens": table})
    with pytest.raises(ValueError, match="tokens"):
        Document(text="Mira ran", layers={"tokens": table})


def test_with_layers_checks_offsets_too(doc: Document) -> None:
    with pytest.raises(ValueError):
        doc.with_layers(scenes=[Scene(0, len(TEXT) + 1)])


def test_with_layers_returns_a_new_document_and_leaves_the_old_unchanged(doc: Document) -> None:
    before = from_json(to_json(doc))
    extra = [Span(0, 4, source="test@1")]
    newer = doc.with_layers(mentions=extra, paragraphs=[])
    assert newer is not doc
    assert newer.has("mentions") and newer.layer("mentions") == (Span(0, 4, source="test@1"),)
    assert newer.layer("paragraphs") == ()
    assert newer.text is doc.text and newer.meta == doc.meta
    assert not doc.has("mentions")
    assert len(doc.layer("paragraphs")) == 2
    assert doc == before


def test_layers_are_snapshots_of_what_was_passed() -> None:
    paragraphs = [Paragraph(0, 2)]
    d = Document(text="Hi there", layers={"paragraphs": paragraphs})
    paragraphs.append(Paragraph(3, 8))
    assert d.layer("paragraphs") == (Paragraph(0, 2),)


def test_layers_are_read_only(doc: Document) -> None:
    with pytest.raises(TypeError):
        doc.layers["paragraphs"] = ()  # type: ignore[index]
    with pytest.raises(TypeError):
        del doc.layers["paragraphs"]  # type: ignore[attr-defined]
    assert isinstance(doc.layer("paragraphs"), tuple)


def test_text_and_fields_cannot_be_reassigned(doc: Document) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "something else"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.layers = {}  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.layer("paragraphs")[0].start = 0  # type: ignore[misc]


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 4), (-3, -1)])
def test_span_requires_ordered_non_negative_offsets(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="bad span offsets"):
        Span(start, end)
    with pytest.raises(ValueError):
        Paragraph(start, end, scene=0)


def test_span_allows_empty_and_reports_length() -> None:
    assert Span(4, 4).length == 0
    assert Span(2, 9).length == 7
    assert Span(0, 10).contains(Span(2, 10)) and not Span(0, 10).contains(Span(2, 11))


def test_span_text_reads_the_stored_text(doc: Document) -> None:
    assert list(doc.texts("paragraphs")) == ["Mira ran.", "She laughed — “Wait!”"]
    assert doc.span_text(doc.layer("scene_breaks")[0]) == "* * *"


def test_layer_refuses_the_token_table(doc: Document) -> None:
    with pytest.raises(TypeError, match=r"doc\.tokens"):
        doc.layer("tokens")
    assert doc.layer("nothing-here") == ()


# -- a real analysed document -----------------------------------------------------------------------


def test_analysed_sample_round_trips(sample_path) -> None:
    analysed = ficlens.analyze(sample_path)
    assert analysed.has("tokens") and analysed.has("paragraphs") and len(analysed.tokens) > 1000
    back = from_json(to_json(analysed))
    assert back == analysed
    assert back.text == sample_path.read_text(encoding="utf-8")
    assert back.tokens.column("pos") == analysed.tokens.column("pos")
