"""Recognising chapter headings and scene-break lines. Pure functions over single lines."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_TENS_ORD = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50}

_WORD_NUMBER = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|hundred)"
)
_NUMBER = rf"(?:\d{{1,4}}|[IVXLCDM]{{1,8}}|{_WORD_NUMBER})"
_KEYWORD = r"(?:chapter|chap\.|ch\.|part|book|volume|vol\.|act|section|letter|episode|canto|stave)"
_SPECIAL = r"(?:prologue|epilogue|interlude|afterword|foreword|preface|introduction|coda|intermission|finale)"
_WRAP = r"(?:#{1,6}\s*|\*\*|__|\*|_)?"

_HEADING = re.compile(
    rf"^\s*{_WRAP}(?P<kw>{_KEYWORD})\s+(?P<num>{_NUMBER})\b(?P<dot>\.)?\s*(?:(?P<sep>[:\-–—,.]|\s)\s*(?P<title>.{{0,90}}?))?"
    rf"\s*{_WRAP}\s*$",
    re.IGNORECASE,
)
_SPECIAL_HEADING = re.compile(
    rf"^\s*{_WRAP}(?P<kw>{_SPECIAL})\b\s*(?:(?P<sep>[:\-–—,.]|\s)\s*(?P<title>.{{0,80}}?))?\s*{_WRAP}\s*$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\s*(?P<num>[IVXLC]{1,7}|\d{1,3})\.?\s*$")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+\S")

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_VALID_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def roman_to_int(s: str) -> int | None:
    s = s.upper()
    if not s or not _VALID_ROMAN.match(s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN[b] > v else v
    return total


def parse_number(s: str) -> int | None:
    """``"12"``, ``"XII"``, ``"twelve"``, ``"twenty-one"`` → int; None when it is none of these."""
    s = s.strip().rstrip(".")
    if s.isdigit():
        return int(s)
    low = s.lower().replace(" ", "-")
    if low in _UNITS:
        return _UNITS.index(low)
    if low in _ORDINALS:
        return _ORDINALS.index(low)
    if low == "hundred":
        return 100
    parts = low.split("-")
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_UNITS.index(parts[1]) if len(parts) > 1 and parts[1] in _UNITS else 0)
    if low in _TENS_ORD:
        return _TENS_ORD[low]
    if s.isupper() or s.islower():
        return roman_to_int(s)
    return None


def _reads_as_sentence(m: re.Match[str]) -> bool:
    """``Prologue was boring, he thought.``: words after the keyword with no ``:``/``-`` between, read on."""
    rest = (m.group("title") or "").strip()
    if rest and "dot" in m.groupdict() and m.group("dot") and not rest[0].islower():
        return False  # "CHAPTER 1. Loomings.", "Chapter 12. In Which the Letter Comes.": a full stop ends the number
    return bool(rest) and m.group("sep").isspace() and (rest[-1] in ".!?,;" or rest[0].islower())


_CONTENTS = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*)?(?:(?:table\s+of\s+)?contents|threadmarks|chapter\s+list):?(?:\*\*)?\s*$",
    re.IGNORECASE,
)


def is_contents_label(line: str) -> bool:
    """``Contents`` / ``Table of Contents`` (``Threadmarks`` in forum exports) above a list of chapter titles."""
    return bool(_CONTENTS.match(line))


@dataclass(frozen=True, slots=True)
class Heading:
    number: int | None
    title: str
    kind: str  # "chapter", "part", "prologue" … (the keyword, lower case) or "number"


_MARKUP = re.compile(r"^\s*#{1,6}\s*|[*_]{1,2}")


def _title(line: str) -> str:
    return " ".join(_MARKUP.sub(" ", line).split())


@functools.lru_cache(maxsize=8192)  # headings repeat (every chapter's disclaimer line): each is parsed once
def parse_heading(line: str) -> Heading | None:
    """A chapter heading such as ``Chapter Three: The Return``, ``PART II``, ``Prologue`` or ``XIV.``."""
    if len(line) > 120 or not line.strip():
        return None
    m = _HEADING.match(line)
    if m:
        number = parse_number(m.group("num"))
        if number is None:
            return None
        if _reads_as_sentence(m):
            return None  # "Chapter one was long." is a sentence
        kw = m.group("kw").lower().rstrip(".")
        kind = {"chap": "chapter", "ch": "chapter", "vol": "volume"}.get(kw, kw)
        return Heading(number=number, title=_title(line), kind=kind)
    m = _SPECIAL_HEADING.match(line)
    if m and not _reads_as_sentence(m):
        return Heading(number=None, title=_title(line), kind=m.group("kw").lower())
    m = _BARE_NUMBER.match(line)
    if m:
        number = parse_number(m.group("num"))
        if number is not None and number > 0:
            return Heading(number=number, title=_title(line), kind="number")
    return _cjk_heading(line) if "第" in line else None


_CJK_HEADING = re.compile(
    r"^\s*第\s*(?P<num>[0-9０-９一二三四五六七八九十百千零〇两]{1,8})\s*(?P<kw>[章回节節卷部集])(?P<title>.{0,40})$"
)
_CJK_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}


def _cjk_number(s: str) -> int | None:
    """``十二`` → 12, ``一百零三`` → 103, ``１２`` → 12."""
    digits = s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if digits.isdigit():
        return int(digits)
    total, current = 0, 0
    for ch in s:
        if ch in _CJK_DIGITS:
            current = _CJK_DIGITS[ch]
        elif ch in _CJK_UNITS:
            total += (current or 1) * _CJK_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def _cjk_heading(line: str) -> Heading | None:
    """``第十二章 归来`` (Chinese and Japanese chapter headings)."""
    m = _CJK_HEADING.match(line)
    if not m or any(p in m.group("title") for p in "。！？，"):
        return None
    number = _cjk_number(m.group("num"))
    kind = "part" if m.group("kw") in "卷部集" else "chapter"
    return Heading(number=number, title=line.strip(), kind=kind) if number else None


def is_markdown_heading(line: str) -> bool:
    return bool(_MARKDOWN_HEADING.match(line))


_BREAK_WORDS = re.compile(r"^[\W_]*(?:scene|line|page|time|pov)\s*(?:break|change|skip|shift)[\W_]*$", re.IGNORECASE)
_OXO = re.compile(r"^[o0x]+$", re.IGNORECASE)
_QUOTES = set("\"“”'‘’«»")
_EMOTICONS = {":)", ":(", ";)", ":D", ":P", ":-)", ":-(", "-_-", "^^", "^_^", "T_T", ">_<", "o_O", "O_o", "o.O", "O.o",
              "<3", "xD", "XD", "x_x", "X_X", ":/", ":O", ":o"}  # fmt: skip
_SINGLE_OK = set("#*§~❦⁂※•◆◇○●✦✧☆★♦♥♠♣+=")


def is_separator(line: str) -> bool:
    """A scene-break line: ``***``, ``* * *``, ``~~~``, ``----``, ``#``, ``o0o``, ``xXx``, a centred symbol …"""
    t = line.strip()
    if not t or len(t) > 60:
        return False
    if _BREAK_WORDS.match(t):
        return True
    if any(ch in _QUOTES for ch in t):
        return False
    if t in _EMOTICONS:
        return False
    if any(ch.isalnum() for ch in t):
        core = re.sub(r"[\W_]", "", t)
        if not _OXO.match(core) or len(core) > 15:
            return False
        if core == t:  # o0o, oOoOo, xXx: the letters must alternate ("Ooo" is an exclamation)
            alternating = all(a != b for a, b in itertools.pairwise(core))
            return len(core) >= 3 and (alternating or set(core.lower()) == {"x"})
        # -x-, ~o~, -x-x-: single letters set between symbols
        return bool(re.fullmatch(r"[^\w\s]*(?:[oOxX0][^\w\s]+)+[oOxX0]?[^\w\s]*", t.replace(" ", "")))
    chars = t.replace(" ", "")
    if set(chars) <= set(".…·,;:!?"):
        return False  # an ellipsis or a lone "?!" is a beat of the story, not a break
    if len(chars) == 1:
        return chars in _SINGLE_OK
    if set(chars) <= set("-–—"):
        return len(chars) >= 3
    return True
