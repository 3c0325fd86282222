"""Helpers shared by the writer tests (a plain module: ``tests/writers`` is on sys.path while they run)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

TESTS = Path(__file__).resolve().parents[1]


def load_module(name: str, path: Path) -> ModuleType:
    """The Python file ``path`` loaded as module ``name`` (once): test helpers that live in other test folders."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def ao3_fixtures() -> ModuleType | None:
    """``tests/ingest/ao3_fixtures.py`` (the invented AO3 story in every layout); None if absent."""
    path = TESTS / "ingest" / "ao3_fixtures.py"
    return load_module("_writers_ao3_fixtures", path) if path.exists() else None
