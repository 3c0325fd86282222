"""Golden outputs: the bundled sample and the seed give the same characters, mentions, quotes, speakers,
addressees and points of view as the recorded ones (``tests/golden/*.json``).

A change in what the literary core decides shows here as a diff. When a change is meant (and named and justified
in its commit), record the new outputs with::

    FICLENS_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/golden

The recorded files hold offsets, names and labels only, never the works' text.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

import ficlens
from conftest import SAMPLE, shared_path
from ficlens import Document

HERE = Path(__file__).resolve().parent


def projection(doc: Document, opaque: bool = False) -> dict[str, Any]:
    """What the literary core decided, as plain JSON values (offsets, names and labels). ``opaque``: the
    epithets (phrases of the work) as a digest, for works whose text the project must not hold."""
    chars = doc.layer("characters")

    def epithets(pairs: Any) -> Any:
        top = [list(e) for e in pairs[:5]]
        return hashlib.sha256(json.dumps(top).encode()).hexdigest()[:16] if opaque else top

    def label(c: Any) -> str:
        # a character known by a description only is named by a phrase of the work: kept as a digest
        if opaque and not c.names and not c.narrator:
            return "#" + hashlib.sha256(c.name.encode()).hexdigest()[:12]
        return str(c.name)

    def who(cid: int) -> str | None:
        return label(chars[cid]) if cid >= 0 else None

    return {
        "characters": [
            {
                "name": label(c),
                "names": [list(n) for n in c.names],
                "epithets": epithets(c.epithets),
                "gender": c.gender,
                "narrator": c.narrator,
                "group": c.group,
                "mentions": c.mention_count,
                "quotes": c.quotes,
                "quote_words": c.quote_words,
            }
            for c in chars
        ],
        "mentions": [[m.start, m.end, m.kind, who(m.character)] for m in doc.layer("mentions")],
        "quotes": [
            [
                q.start,
                q.end,
                who(q.speaker),
                [who(a) for a in q.addressees],
                _method(q),
                q.utterance,
                None if q.score is None else round(q.score, 2),
            ]
            for q in doc.layer("quotes")
        ],
        "pov": [[p.scene, p.mode, who(p.character)] for p in doc.layer("pov")],
        "places": len(doc.layer("places")),
    }


def _method(q: Any) -> str:
    """The evidence kind that decided a quotation's speaker ("" when none)."""
    method = getattr(q, "method", None)
    if method is not None:
        return str(method)
    return q.source.split(":", 1)[1] if ":" in q.source else ""


def _dump(data: dict[str, Any]) -> str:
    """One record a line, so that a diff shows which ones changed."""
    parts = []
    for key, value in data.items():
        if isinstance(value, list):
            rows = ",\n".join("  " + json.dumps(v, ensure_ascii=False) for v in value)
            parts.append(f' "{key}": [\n{rows}\n ]' if value else f' "{key}": []')
        else:
            parts.append(f' "{key}": {json.dumps(value)}')
    return "{\n" + ",\n".join(parts) + "\n}\n"


def check(name: str, doc: Document, opaque: bool = False) -> None:
    path = HERE / f"{name}.json"
    got = projection(doc, opaque)
    if os.environ.get("FICLENS_UPDATE_GOLDEN"):
        path.write_text(_dump(got), encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    for key in expected:
        assert got[key] == expected[key], f"{name}: {key} differ from {path.name}"


def test_sample_golden() -> None:
    check("sample", ficlens.analyze(SAMPLE))


@pytest.mark.shared
def test_seed_golden() -> None:
    check("seed", ficlens.analyze(shared_path("data", "seed", "atonement.txt")), opaque=True)
