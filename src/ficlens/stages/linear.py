"""Linear scorers with weights by feature name, packaged as ``resources/<folder>/<name>.json``."""

from __future__ import annotations

import json
import operator
from collections.abc import Sequence
from importlib import resources

__all__ = ["LinearModel", "load_weights"]


class LinearModel:
    """Weights by feature name over a fixed feature order (``features``, set by each subclass); :meth:`score` is
    the dot product with a feature vector in that order. Features without a weight weigh 0."""

    features: tuple[str, ...] = ()

    def __init__(self, weights: dict[str, float]) -> None:
        self.weights = weights
        self._w = [float(weights.get(f, 0.0)) for f in self.features]

    def score(self, feats: Sequence[float]) -> float:
        if len(feats) != len(self._w):
            raise ValueError(f"expected {len(self._w)} features, got {len(feats)}")
        return sum(map(operator.mul, self._w, feats))


def load_weights(folder: str, name: str) -> dict[str, float] | None:
    """The ``"weights"`` of ``resources/<folder>/<name>.json``, None when the file is not there."""
    try:
        path = resources.files("ficlens").joinpath(f"resources/{folder}/{name}.json")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError):
        return None
    return {k: float(v) for k, v in data["weights"].items()}
