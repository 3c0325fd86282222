"""ficlens: read fan fiction and narrative fiction as literature.

>>> import ficlens
>>> doc = ficlens.analyze("story.txt")          # doctest: +SKIP
>>> doc.meta.title, len(doc.layer("scenes"))    # doctest: +SKIP
"""

from .api import analyze, read
from .errors import FiclensError, IngestError, PipelineError, SchemaError, StageError
from .model import Document, from_json, to_json

__version__ = "0.1.0"

__all__ = [
    "Document",
    "FiclensError",
    "IngestError",
    "PipelineError",
    "SchemaError",
    "StageError",
    "__version__",
    "analyze",
    "from_json",
    "read",
    "to_json",
]
