"""Headless Chromium for the browser tests: find it (fail on CI, skip elsewhere), run it, and read what it says.

Finding it and its flags: ``chromium.py`` beside this file.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .chromium import FLAGS, find_chromium

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "tests-output"
INSTALL = (
    "headless Chromium is not installed: run 'make chromium' (as root it runs "
    "'apt-get install -y --no-install-recommends chromium'), or set CHROMIUM=/path/to/chrome"
)


@dataclass(frozen=True)
class Run:
    """One headless Chromium run: its stdout (the DOM with ``--dump-dom``) and its console messages."""

    stdout: str
    stderr: str

    @property
    def console(self) -> list[str]:
        """What the page logged, and Chromium's Content-Security-Policy reports, one message a line."""
        return [line for line in self.stderr.splitlines() if ":CONSOLE" in line]


class Chromium:
    """Runs headless Chromium with a throwaway profile and no network services."""

    def __init__(self, executable: str, profile: Path) -> None:
        self.executable = executable
        self.profile = profile

    def run(self, url: str, *args: str, timeout: float = 30) -> Run:
        command = [
            self.executable,
            *FLAGS,
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={self.profile}",
            *args,
            url,
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        assert done.returncode == 0, f"chromium exited with {done.returncode}:\n{done.stderr[-2000:]}"
        return Run(done.stdout, done.stderr)

    def dump_dom(self, url: str, *args: str) -> Run:
        """The DOM after the page loaded and its scripts ran."""
        return self.run(url, "--virtual-time-budget=5000", "--dump-dom", *args)

    def screenshot(self, url: str, path: Path, width: int = 1280, height: int = 2000, *args: str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        self.run(url, "--virtual-time-budget=5000", f"--window-size={width},{height}", f"--screenshot={path}", *args)
        return path


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail(INSTALL)
        pytest.skip(INSTALL)
    with tempfile.TemporaryDirectory(prefix="ficlens-chromium-") as profile:
        yield Chromium(executable, Path(profile))


@pytest.fixture(scope="session")
def tests_output() -> Path:
    """``tests-output/`` at the repository root (ignored by git): screenshots for a person to look at."""
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT
