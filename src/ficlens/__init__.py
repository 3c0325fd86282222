"""ficlens: read fan fiction and narrative fiction as literature.

>>> import ficlens
>>> doc = ficlens.analyze("story.txt")          # doctest: +SKIP
>>> doc.meta.title, len(doc.layer("scenes"))    # doctest: +SKIP

The root is lazy (PEP 562): ``import ficlens`` or ``import ficlens.model`` loads neither spaCy nor lxml nor any
stage; ``ficlens.analyze`` and the other names below are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import FiclensError, IngestError, PipelineError, SchemaError, StageError
from .version import __version__

if TYPE_CHECKING:
    from .api import analyze, analyze_text, process, read, write
    from .config import PipelineConfig
    from .frames import to_frames
    from .model import Document, from_json, to_json
    from .spacy_bridge import to_spacy

# Public name -> the submodule that defines it, imported on first attribute access.
_LAZY = {
    "analyze": ".api",
    "analyze_text": ".api",
    "process": ".api",
    "write": ".api",
    "to_frames": ".frames",
    "to_spacy": ".spacy_bridge",
    "read": ".api",
    "Document": ".model",
    "from_json": ".model",
    "to_json": ".model",
    "PipelineConfig": ".config",
}

__all__ = [
    "Document",
    "FiclensError",
    "IngestError",
    "PipelineConfig",
    "PipelineError",
    "SchemaError",
    "StageError",
    "__version__",
    "analyze",
    "analyze_text",
    "from_json",
    "process",
    "read",
    "to_frames",
    "to_json",
    "to_spacy",
    "write",
]


if not TYPE_CHECKING:  # hidden from mypy, which then reads the imports above and flags a misspelt name

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value  # later look-ups skip __getattr__
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
