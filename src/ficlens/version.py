"""The ficlens version, in a module of its own so that writers and batch can name it without importing the
package root. ``pyproject.toml`` reads it from here (``[tool.setuptools.dynamic]``): this is the one place to
raise it."""

__version__ = "0.1.0"
