"""The layer registry and the typed ``Document.layer``; old JSON with the evidence inside ``Quote.source``."""

from __future__ import annotations

import ast
import inspect
import json
import textwrap

from ficlens.model import LAYER_TYPES, Document, Quote, from_json, record_type, to_json
from ficlens.model import document as document_module


def _overloaded_names() -> dict[str, str]:
    """Layer name -> record type named in ``Document.layer``'s overloads."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(document_module.Document)))
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "layer" and node.args.args[1].annotation is not None:
            ann = node.args.args[1].annotation
            if isinstance(ann, ast.Subscript) and isinstance(ann.slice, ast.Constant):
                ret = node.returns
                assert isinstance(ret, ast.Subscript) and isinstance(ret.slice, ast.Tuple)
                first = ret.slice.elts[0]
                assert isinstance(first, ast.Name)
                out[ann.slice.value] = first.id
    return out


def test_overloads_match_the_registry() -> None:
    assert _overloaded_names() == {name: cls.__name__ for name, cls in LAYER_TYPES.items()}


def test_record_type() -> None:
    assert record_type("quotes") is Quote
    assert record_type("tokens") is None
    assert record_type("my_own_layer") is None


def test_quote_method_round_trips() -> None:
    doc = Document("“Hi,” she said.", layers={"quotes": [Quote(0, 5, source="speakers@1", method="explicit")]})
    (q,) = from_json(to_json(doc)).layer("quotes")
    assert (q.source, q.method) == ("speakers@1", "explicit")


def test_old_json_with_evidence_in_source_is_read_as_method() -> None:
    doc = Document("“Hi,” she said.", layers={"quotes": [Quote(0, 5, source="characters@1", speaker=0)]})
    data = json.loads(to_json(doc))
    data["layers"]["quotes"][0]["source"] = "characters@1:beat"
    (q,) = from_json(json.dumps(data)).layer("quotes")
    assert (q.source, q.method, q.speaker) == ("characters@1", "beat", 0)
    data["layers"]["quotes"][0]["source"] = "characters@1"
    (q,) = from_json(json.dumps(data)).layer("quotes")
    assert (q.source, q.method) == ("characters@1", "")
