"""Finding and flagging headless Chromium, shared by the browser tests and ``bench/report_size.py``.

Debian's ``chromium`` package is what ``make test`` installs (``make chromium``); ``chromium-browser``,
``google-chrome`` and ``$CHROMIUM`` are tried too. No pytest here, so the benchmark can import it.
"""

from __future__ import annotations

import os
import shutil

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# headless, no sandbox (root in CI), and none of Chromium's own network services
FLAGS = (
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
)


def find_chromium() -> str | None:
    """The Chromium executable: ``$CHROMIUM`` if set, else the first of CANDIDATES on PATH."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return shutil.which(explicit)
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)
