"""A minimal progress bar on standard error, drawn only on a terminal and only for long works."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ..text.terminal import printable

# Below this many characters a work finishes too fast for a bar to help.
MIN_CHARS_FOR_BAR = 100_000


class ProgressBar:
    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.monotonic()
        self.drawn = False
        self._last = 0.0

    @property
    def enabled(self) -> bool:
        return bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total < MIN_CHARS_FOR_BAR:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.2:
            return
        self._last = now
        frac = done / total if total else 1.0
        filled = int(frac * self.width)
        elapsed = now - self.started
        eta = f"{elapsed / frac - elapsed:4.0f}s left" if 0 < frac < 1 else f"{elapsed:4.0f}s"
        bar = "█" * filled + "░" * (self.width - filled)
        self.stream.write(f"\r{printable(self.label)[:30]:30} {stage:9} {bar} {frac:4.0%} {eta}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
