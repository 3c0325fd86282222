"""docs/json-schema.json: a valid draft 2020-12 schema that every ficlens JSON document satisfies, and that
describes every layer, record field and metadata field the model has (so a field added without documenting it
fails here)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from writer_helpers import ao3_fixtures

import ficlens
from ficlens.model import LAYER_NAMES, SCHEMA_VERSION, Document, Metadata, Note, SourceInfo, to_json
from ficlens.model.records import RECORD_TYPES
from ficlens.model.serialize import FORMAT_NAME
from ficlens.model.tokens import INT_COLUMNS, STRING_COLUMNS
from ficlens.pipeline import INGEST_LAYERS, default_pipeline

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "docs" / "json-schema.json"
SAMPLE = Path(ficlens.__file__).parent / "resources" / "samples" / "lanterns.txt"

SMALL = """Small Hours by nightjar
Rating: Teen And Up Audiences
Fandom: Original Work
A/N: For the night shift.

Chapter 1: Snow

I wake before the alarm. The kettle ticks on the stove and the window is still black.

"You're up early," says Mara from the doorway. "Couldn't sleep?"

* * *

By noon the snow has buried the gate, and neither of us mentions the letter.

Chapter 2: Thaw

"It's melting," Mara says. I nod.
"""


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    docs = {
        "sample": ficlens.analyze(SAMPLE),
        "read-only": ficlens.read(SAMPLE),
        "no-characters": ficlens.analyze(SMALL, characters=False),
        "small": ficlens.analyze(SMALL),
        "empty": Document(text=""),
    }
    fixtures = ao3_fixtures()
    if fixtures is not None:
        html = fixtures.render_html(fixtures.STORY).encode("utf-8")
        docs["ao3-html"] = ficlens.analyze(html)
        assert docs["ao3-html"].source.format == "ao3-html" and docs["ao3-html"].layer("styles")
    return docs


def _errors(validator: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    return [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(data)]


def test_every_document_validates(validator: jsonschema.Draft202012Validator, documents: dict[str, Document]) -> None:
    assert set(documents["sample"].layers) >= {"mentions", "characters", "quotes", "places", "pov", "tokens"}
    for name, doc in documents.items():
        data = json.loads(to_json(doc))
        assert _errors(validator, data) == [], name


def test_versions_agree(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["version"]["const"] == SCHEMA_VERSION
    assert schema["properties"]["format"]["const"] == FORMAT_NAME


def _described(props: dict[str, Any], names: list[str], where: str) -> None:
    for name in names:
        assert name in props, f"{where}.{name} is not in docs/json-schema.json"
        assert props[name].get("description"), f"{where}.{name} has no description in docs/json-schema.json"


def test_every_layer_is_described(schema: dict[str, Any]) -> None:
    layers = schema["properties"]["layers"]["properties"]
    names = list(dict.fromkeys([*INGEST_LAYERS, *LAYER_NAMES, *default_pipeline().produces]))
    assert {"mentions", "characters", "quotes", "places", "pov"} <= set(names)
    _described(layers, names, "layers")


def test_every_record_field_is_described(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    for name, cls in RECORD_TYPES.items():
        assert name in defs, f"record type {name} is not in docs/json-schema.json"
        props = defs[name]["properties"]
        assert props["type"]["const"] == name
        fields = [f.name for f in dataclasses.fields(cls)]
        _described(props, fields, name)
        assert set(props) == {"type", *fields}, f"{name}: the schema describes fields the record does not have"
    record_refs = {r["$ref"].rsplit("/", 1)[1] for r in defs["anyRecord"]["anyOf"]}
    assert record_refs == set(RECORD_TYPES)


def test_every_metadata_and_source_field_is_described(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    for cls in (Metadata, Note, SourceInfo):
        props = defs[cls.__name__]["properties"]
        fields = [f.name for f in dataclasses.fields(cls)]
        _described(props, fields, cls.__name__)
        assert set(props) == set(fields), f"{cls.__name__}: the schema describes fields the dataclass does not have"
    table = defs["TokenTable"]["properties"]["table"]["properties"]
    _described(table, ["source", "vocab", *INT_COLUMNS, *STRING_COLUMNS], "tokens.table")


def test_the_schema_rejects_what_the_reader_rejects(
    validator: jsonschema.Draft202012Validator, documents: dict[str, Document]
) -> None:
    good = json.loads(to_json(documents["sample"]))
    bad_field = json.loads(json.dumps(good))
    bad_field["layers"]["quotes"][0]["speeker"] = 1
    bad_meta = json.loads(json.dumps(good))
    bad_meta["meta"]["colour"] = "blue"
    bad_version = dict(good, version=SCHEMA_VERSION + 1)
    bad_offset = json.loads(json.dumps(good))
    bad_offset["layers"]["paragraphs"][0]["start"] = -1
    for bad in (bad_field, bad_meta, bad_version, bad_offset):
        assert _errors(validator, bad)
        with pytest.raises((ficlens.SchemaError, ValueError)):
            ficlens.from_json(json.dumps(bad))
    # a layer ficlens does not know is allowed (readers ignore it), if it holds records or a token table
    extra = dict(good, layers=dict(good["layers"], plugin=[{"type": "Span", "start": 0, "end": 1}]))
    assert _errors(validator, extra) == []
