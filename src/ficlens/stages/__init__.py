"""Pipeline stages. Each declares ``requires``/``produces`` and returns a new Document."""

from .base import Context, Stage, source_tag

__all__ = ["Context", "Stage", "source_tag"]
