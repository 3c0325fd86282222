"""Typed errors raised by the ficlens library.

The library raises; it never prints or exits. Every error names the file (when there is one), the cause, and
what to do, in one line: ``str(error)`` is what the CLI prints.
"""

from __future__ import annotations


class FiclensError(Exception):
    """Base class of every error ficlens raises on purpose."""

    code = "E000"

    def __init__(self, cause: str, *, path: str | None = None, hint: str | None = None) -> None:
        self.cause = cause
        self.path = path
        self.hint = hint
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.cause}{hint}"

    def __str__(self) -> str:
        return self.message


class IngestError(FiclensError):
    """A file could not be read as a work."""

    code = "E100"


class InputNotFoundError(IngestError):
    code = "E101"


class NotAFileError(IngestError):
    code = "E102"


class EmptyInputError(IngestError):
    code = "E103"


class BinaryInputError(IngestError):
    code = "E104"


class DecodingError(IngestError):
    code = "E105"


class InputTooLargeError(IngestError):
    code = "E106"


class UnknownFormatError(IngestError):
    code = "E107"


class SchemaError(FiclensError):
    """A JSON document does not match the ficlens schema (wrong version, missing field, bad offsets)."""

    code = "E200"


class PipelineError(FiclensError):
    """A pipeline was built wrongly: a stage requires a layer nothing produces."""

    code = "E300"


class StageError(FiclensError):
    """A stage failed on a document."""

    code = "E400"


class ModelNotInstalledError(FiclensError):
    """A packaged model (such as the spaCy pipeline) is not installed."""

    code = "E500"


class MissingExtraError(FiclensError, ImportError):
    """An optional dependency is not installed: the message names the package extra that installs it."""

    code = "E600"


def require(module: str, extra: str, what: str) -> None:
    """Raise :class:`MissingExtraError` unless ``module`` can be imported (``what`` needs it)."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise MissingExtraError(
            f"{what} needs {module}, which is not installed", hint=f"pip install 'ficlens[{extra}]'"
        )
