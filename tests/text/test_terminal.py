"""Terminal output escapes control characters (issue 18): nothing from a file reaches the terminal raw."""

from __future__ import annotations

import pytest

from ficlens.text.terminal import printable, printable_cell

ATTACKS = [
    "\x1b]0;owned\x07",  # retitle the window
    "\x1b[2J\x1b[H",  # clear the screen
    "\x9b31m",  # C1 CSI
    "a\rb",  # overwrite the line
    "evil\u202etxt.exe",  # bidirectional override
    "\u2066x\u2069",
    "lone \ud800 surrogate",
    "nul\x00del\x7f",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_control_characters_are_escaped(text: str) -> None:
    for out in (printable(text), printable_cell(text)):
        assert not any((ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F for ch in out)
        assert "\u202e" not in out and "\u2066" not in out and "\ud800" not in out
        out.encode("utf-8")  # printable on any UTF-8 terminal
    assert printable("\x1b]0;x\x07") == "\\x1b]0;x\\x07"
    assert printable("\u202e") == "\\u202e"


def test_ordinary_text_passes_unchanged() -> None:
    text = "Café “quoted” — 東京 😂 naïve\u200dx"
    assert printable(text) == text == printable_cell(text)
    assert printable("a\nb\tc") == "a\\x0ab\\x09c"  # one record, one line
    assert printable_cell("a\nb\tc") == "a\nb\tc"  # a CSV cell may hold them (quoted)
