"""Shared fixtures. Tests that need ../shared/data skip cleanly when it is absent (as it is for a user)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "src" / "ficlens" / "resources" / "samples" / "lanterns.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared is absent outside the development checkout)")
    return path


@pytest.fixture
def seed_path() -> Path:
    return shared_path("data", "seed", "atonement.txt")


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
