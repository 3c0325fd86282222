"""Credits written in author's notes, read into metadata as AO3 records them.

"Thanks to Gabrielle for the beta" names a beta reader; "This was written for Tonya" names a gift recipient.
The patterns are deliberately narrow: a missed credit costs less than a wrong one.
"""

from __future__ import annotations

import re

# A name (case-sensitive): a capitalised word or two ("Tonya", "Mary Sue"), a handle with digits or underscores
# ("ink_42"), or an @handle. Keywords around it are matched case-insensitively with (?i:...).
_NAME = r"(?:@[\w.-]*\w|[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?|[a-z][\w-]*[_\d][\w-]*)"
_NAMES = rf"(?P<names>{_NAME}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){_NAME})*)"
_ADJ = r"(?:(?i:speedy|quick|wonderful|awesome|amazing|lovely|fabulous|brilliant|fantastic)\s+)?"

_BETA = [
    re.compile(
        r"\b(?i:thanks?|thank\s+you|many\s+thanks|much\s+love|love|kudos|gratitude)"
        r"(?:\s+(?i:be|go(?:es)?|so\s+much|again|also|as\s+always))*\s+(?i:to\s+)?"
        rf"(?:(?i:my)\s+{_ADJ}(?:(?i:beta)\s*,?\s+)?)?{_NAMES}\s*,?\s+(?i:for)\s+"
        r"(?i:the\s+|her\s+|his\s+|their\s+|a\s+|being\s+(?:my|a|the)\s+)?"
        rf"{_ADJ}(?i:beta(?:[- ]?read(?:ing)?|ing|\s+work|\s+job)?\b)"
    ),
    re.compile(rf"\b(?i:beta(?:'?d|ed|[- ]?read))\s+(?i:by)\s+{_NAMES}"),
    re.compile(rf"\b(?i:beta(?:\s*readers?|s)?)\s*:\s*{_NAMES}"),
    re.compile(rf"{_NAMES}\s+(?i:was|is)\s+(?i:my|the)\s+{_ADJ}(?i:beta)\b"),
]

_GIFT = [
    re.compile(
        r"\b(?i:written|made|created|posted|this\s+is|this\s+one\s+is|this\s+one's|this\s+one’s|"
        rf"it's|it’s|a\s+gift|gifted|a\s+present)\s+(?i:for)\s+{_NAMES}"
    ),
    re.compile(rf"\b(?i:dedicated)\s+(?i:to)\s+{_NAMES}"),
    re.compile(rf"\b(?i:happy\s+birthday),?\s+(?i:to\s+)?{_NAMES}"),
]

_NOT_NAMES = {
    "the", "a", "an", "my", "our", "your", "this", "that", "all", "everyone", "anyone", "you", "me", "him", "her",
    "them", "round", "challenge", "prompt", "week", "day", "fun", "it", "i", "yuletide", "big", "bang", "those",
    "who", "whoever", "fandom", "reading", "readers", "reviews", "reviewers", "halloween", "christmas",
    "valentine's", "valentine’s", "easter", "femslash", "nanowrimo", "kinkmeme", "fic", "fest", "secret", "santa",
}  # fmt: skip


def _names(m: re.Match[str]) -> list[str]:
    raw = re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", m.group("names"))
    out = []
    for name in raw:
        name = name.strip().lstrip("@").rstrip(".'’")
        if name.lower() in _NOT_NAMES:
            continue
        if not name or name.split()[0].lower() in _NOT_NAMES:
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
