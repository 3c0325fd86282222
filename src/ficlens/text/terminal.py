"""Text from a file made safe to print on a terminal.

A title, an author, a file name, a zip member name or an error message quoting any of them may hold terminal
control sequences (``ESC ] 0 ; … BEL`` retitles the window, ``ESC [ 2 J`` clears the screen) or bidirectional
overrides that reorder what the reader sees. :func:`printable` writes every such character as a visible escape
(``\\x1b``, ``\\u202e``), so nothing from a file reaches the terminal raw; a lone surrogate, which would make
``print`` fail, is escaped the same way. Ordinary text, accents, CJK and emoji pass unchanged.
"""

from __future__ import annotations

import re

# C0 controls (tab and line feed too: one record is one line), DEL, C1 controls, bidirectional embeddings,
# overrides and isolates, the line and paragraph separators, and lone surrogates.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# In CSV a newline inside a quoted cell is data, and a tab is harmless; everything else is escaped.
_CONTROL_CSV = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control characters, bidirectional overrides and lone surrogates written as escapes."""
    return _CONTROL.sub(_escape, text)


def printable_cell(text: str) -> str:
    """As :func:`printable`, but keeping tabs and line breaks (a CSV cell may hold them, quoted)."""
    return _CONTROL_CSV.sub(_escape, text)
