"""The places stage's version covers the lexicon and rules it loads (a retrained lexicon is another version)."""

from __future__ import annotations

import pytest

from ficlens.stages import places
from ficlens.stages.extents import load_extent_rules
from ficlens.stages.places import PlacesStage, load_entity_nouns


def test_version_covers_the_entity_noun_lexicon_and_the_extent_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    default = PlacesStage()
    assert default.version.startswith("1+") and PlacesStage("all").version == default.version
    assert PlacesStage("fold-0").version != default.version
    assert PlacesStage(extents="fold-0").version != default.version
    # the same lexicon given loaded or by name: each is a version of its own, stable across instances
    given = PlacesStage(nouns=load_entity_nouns("fold-0"), extents=load_extent_rules("fold-0"))
    again = PlacesStage(nouns=load_entity_nouns("fold-0"), extents=load_extent_rules("fold-0"))
    assert given.version == again.version != default.version
    assert PlacesStage(nouns={"barn": ("FAC", 0.9)}).version != PlacesStage(nouns={"barn": ("LOC", 0.9)}).version

    real = places.resource_bytes

    def retrained(relpath: str) -> bytes:
        return real(relpath) + (b"byre\tFAC\t0.9\n" if relpath == "entity_nouns/all.tsv" else b"")

    monkeypatch.setattr(places, "resource_bytes", retrained)  # the packaged lexicon changed: a retrain
    assert PlacesStage().version != default.version
