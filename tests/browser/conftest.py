"""Headless Chromium for the browser tests: find it (fail on CI, skip elsewhere), run it, and read what it says.

Debian's ``chromium`` package is what ``make test`` installs (``make chromium``); ``chromium-browser``,
``google-chrome`` and ``$CHROMIUM`` are tried too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "tests-output"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL = (
    "headless Chromium is not installed: run 'make chromium' (as root it runs "
    "'apt-get install -y --no-install-recommends chromium'), or set CHROMIUM=/path/to/chrome"
)


def find_chromium() -> str | None:
    """The Chromium executable: ``$CHROMIUM`` if set, else the first of CANDIDATES on PATH."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return shutil.which(explicit)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


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
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--mute-audio",
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
