"""Credits written in author's notes, read into metadata as AO3 records them.

"Thanks to Gabrielle for the beta" names a beta reader; "This was written for Tonya" names a gift recipient.
The patterns are deliberately narrow: a missed credit costs less than a wrong one.
"""

from __future__ import annotations

import re

# A name: a capitalised word or two ("Tonya", "Mary Sue"), or a handle with digits/underscores ("ink_42"),
# optionally written with an @.
_NAME = r"@?(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*)?|[a-z][\w.-]*[_\d][\w.-]*)"
_NAMES = rf"(?P<names>{_NAME}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){_NAME})*)"

_BETA = [
    re.compile(
        r"\b(?:thanks?|thank\s+you|many\s+thanks|much\s+love|love|kudos|gratitude)"
        r"(?:\s+(?:be|go(?:es)?|so\s+much|again|also|as\s+always))*\s+(?:to\s+)?"
        rf"(?:my\s+(?:wonderful\s+|lovely\s+|amazing\s+)?(?:beta\s+)?)?{_NAMES}\s*,?\s+for\s+"
        r"(?:the\s+|her\s+|his\s+|their\s+|a\s+|being\s+(?:my|a|the)\s+)?"
        r"(?:speedy\s+|quick\s+|wonderful\s+|awesome\s+|amazing\s+|lovely\s+)?"
        r"(?:beta(?:[- ]?read(?:ing)?|ing|\s+work|\s+job)?\b)",
        re.IGNORECASE,
    ),
    re.compile(rf"\bbeta(?:'?d|ed|[- ]?read)\s+by\s+{_NAMES}", re.IGNORECASE),
    re.compile(rf"\bbeta(?:\s*readers?|s)?\s*:\s*{_NAMES}", re.IGNORECASE),
    re.compile(rf"{_NAMES}\s+(?:was|is)\s+(?:my|the)\s+(?:wonderful\s+|lovely\s+)?beta\b", re.IGNORECASE),
]

_GIFT = [
    re.compile(
        r"\b(?:written|made|created|posted|this\s+is|this\s+one\s+is|this\s+one's|this\s+one’s|"
        rf"it's|it’s|a\s+gift|gifted|a\s+present)\s+for\s+{_NAMES}",
        re.IGNORECASE,
    ),
    re.compile(rf"\bdedicated\s+to\s+{_NAMES}", re.IGNORECASE),
    re.compile(rf"\bhappy\s+birthday,?\s+(?:to\s+)?{_NAMES}", re.IGNORECASE),
]

_NOT_NAMES = {
    "the", "a", "an", "my", "our", "your", "this", "that", "all", "everyone", "anyone", "you", "me", "him", "her",
    "them", "round", "challenge", "prompt", "week", "day", "fun", "it", "i", "yuletide", "big", "bang", "those",
    "who", "whoever", "fandom", "reading", "readers", "reviews", "reviewers",
}  # fmt: skip


def _names(m: re.Match[str]) -> list[str]:
    raw = re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", m.group("names"))
    out = []
    for name in raw:
        name = name.strip().lstrip("@").rstrip(".'’")
        if not name or name.split()[0].lower() in _NOT_NAMES:
            continue
        if not name[0].isupper() and not re.search(r"[_\d]", name):
            continue
        out.append(name)
    return out


def _find(patterns: list[re.Pattern[str]], text: str) -> tuple[str, ...]:
    found: list[str] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            for name in _names(m):
                if name not in found:
                    found.append(name)
    return tuple(found)


def beta_readers(text: str) -> tuple[str, ...]:
    """Beta readers credited in a note, in order of appearance."""
    return _find(_BETA, text)


def gift_recipients(text: str) -> tuple[str, ...]:
    """People a work is written for or dedicated to."""
    return _find(_GIFT, text)
