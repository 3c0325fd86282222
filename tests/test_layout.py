"""The floor plan: a light package root and model, and import contracts that name every part of ficlens."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import ficlens
import ficlens.version

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
HEAVY = {"spacy", "thinc", "lxml", "jinja2", "pyarrow", "duckdb", "dask", "distributed", "networkx", "numpy"}


def loaded_after(statement: str) -> list[str]:
    """The modules a fresh interpreter holds after running ``statement``."""
    code = f"{statement}; import json, sys; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def ficlens_modules(modules: list[str]) -> set[str]:
    return {m for m in modules if m == "ficlens" or m.startswith("ficlens.")}


def heavy_modules(modules: list[str]) -> set[str]:
    return {m.split(".")[0] for m in modules} & HEAVY


def test_importing_the_model_loads_no_nlp_library_and_no_stage() -> None:
    modules = loaded_after("import ficlens.model")
    ours = ficlens_modules(modules)
    assert heavy_modules(modules) == set()
    assert {m for m in ours if not m.startswith("ficlens.model")} == {"ficlens", "ficlens.errors", "ficlens.version"}


def test_importing_the_package_root_alone_is_light() -> None:
    modules = loaded_after("import ficlens")
    assert heavy_modules(modules) == set()
    assert ficlens_modules(modules) == {"ficlens", "ficlens.errors", "ficlens.version"}


def test_the_text_helpers_load_nothing_but_themselves() -> None:
    modules = loaded_after("import ficlens.text.headings, ficlens.text.lines")
    assert heavy_modules(modules) == set()
    assert ficlens_modules(modules) - {"ficlens", "ficlens.errors", "ficlens.version"} == {
        "ficlens.text",
        "ficlens.text.headings",
        "ficlens.text.lines",
    }


def test_the_public_names_resolve_on_first_use() -> None:
    modules = loaded_after("import ficlens; ficlens.analyze, ficlens.Document")
    assert "ficlens.api" in modules
    assert "ficlens.model.document" in modules
    for name in ficlens.__all__:
        assert getattr(ficlens, name) is not None, name
    assert set(ficlens.__all__) <= set(dir(ficlens))
    assert ficlens.__version__ == ficlens.version.__version__


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'analyse'"):
        ficlens.analyse  # type: ignore[attr-defined]  # noqa: B018


def contract(name_starts: str) -> dict[str, object]:
    contracts = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    (found,) = [c for c in contracts if c["name"].startswith(name_starts)]
    return found


@pytest.mark.parametrize(
    ("name_starts", "allowed"),
    [
        ("The model imports nothing", {"errors", "model", "version"}),
        ("The text helpers import nothing", {"errors", "text"}),
    ],
)
def test_the_lowest_contracts_forbid_every_other_part_of_ficlens(name_starts: str, allowed: set[str]) -> None:
    """A new top-level module (say ``ficlens.server``) must be added to these contracts' forbidden lists."""
    parts = {info.name for info in pkgutil.iter_modules(ficlens.__path__)}
    forbidden = {str(m).removeprefix("ficlens.") for m in contract(name_starts)["forbidden_modules"]}  # type: ignore[attr-defined]
    assert forbidden == parts - allowed
