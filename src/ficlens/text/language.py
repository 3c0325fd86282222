"""A small offline language identifier: the writing system first, then the commonest function words.

Fan fiction in a non-Latin script is told by its script alone (Han without kana: Chinese; kana: Japanese;
Hangul: Korean; Cyrillic: Russian, or Ukrainian with і/ї/є; Greek; Arabic; Hebrew; Devanagari: Hindi; Thai).
Latin-script text is scored against short lists of each language's most frequent function words (written for
ficlens, not taken from any corpus): the language whose words make the largest share of the text wins when
that share is clear (``docs/ingest.md``, *Language*). Pure functions over strings; no model file.
"""

from __future__ import annotations

import re
from collections import Counter

SAMPLE_CHARS = 20_000
MIN_LETTERS = 20
MIN_SHARE = 0.12  # of the words: function words are a third to a half of running text in these languages
MARGIN = 1.5  # the winner's share over the runner-up's

_SCRIPTS: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    ("kana", ((0x3040, 0x30FF), (0x31F0, 0x31FF))),
    ("han", ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF))),
    ("ko", ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F))),
    ("cyrillic", ((0x0400, 0x04FF),)),
    ("el", ((0x0370, 0x03FF), (0x1F00, 0x1FFF))),
    ("ar", ((0x0600, 0x06FF), (0x0750, 0x077F))),
    ("he", ((0x0590, 0x05FF),)),
    ("hi", ((0x0900, 0x097F),)),
    ("th", ((0x0E00, 0x0E7F),)),
)

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and to of a in was he she it that his her you i with had for on is but at as not they said be",
        "fr": "le la les de des et un une est que qui il elle dans pas pour sur au ne se avec son sa je vous du",
        "de": "der die das und ist nicht ein eine zu den sie er es ich mit sich auf dem des war aber auch wie",
        "es": "el la los las de que y en un una es no se por con para su lo como pero al del le más ella",
        "it": "il di che e la un una per non è in si lo gli le con del della ma ha mi ti sono era anche",
        "pt": "o a os as de que e do da em um uma não se com para por no na ele ela mas foi ao está",
        "nl": "de het een en van ik je dat niet is in op te zijn was met hij ze maar voor er aan ook",
        "pl": "i w nie na się z że to do jest jak ale o co tak już po za jego jej mnie było by",
        "sv": "och att det som en på är av för med den till inte har de jag om var men så",
        "id": "yang dan di itu dengan untuk tidak ini dari dalam akan pada juga saya ke karena ada mereka",
        "tr": "ve bir bu da de için ile ne o ama çok daha gibi ben sen var yok mi olarak",
    }.items()
}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")
_ENGLISH = re.compile(r"^(?:en|eng|english)(?:[-_][a-z]{2,4})?$|^english\b", re.IGNORECASE)


def _script(ch: str) -> str | None:
    o = ord(ch)
    for name, ranges in _SCRIPTS:
        if any(lo <= o <= hi for lo, hi in ranges):
            return name
    return "latin" if ch.isalpha() and o < 0x0250 else None


def detect(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or None when it cannot tell."""
    sample = text[:SAMPLE_CHARS]
    scripts = Counter(_script(ch) for ch in sample if ch.isalpha())
    scripts.pop(None, None)
    letters = sum(scripts.values())
    if letters < MIN_LETTERS:
        return None
    script, count = scripts.most_common(1)[0]
    if script != "latin" and count > 0.3 * letters:
        if script in ("han", "kana"):
            return "ja" if scripts.get("kana", 0) > 0.05 * letters else "zh"
        if script == "cyrillic":
            return "uk" if _UKRAINIAN.search(sample) else "ru"
        return script
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < 10:
        return None
    shares = sorted(
        ((sum(1 for w in words if w in fw) / len(words), lang) for lang, fw in _FUNCTION_WORDS.items()), reverse=True
    )
    (best, lang), (second, _) = shares[0], shares[1]
    return lang if best >= MIN_SHARE and best >= MARGIN * second else None


def is_english(language: str | None) -> bool:
    """Whether a ``meta.language`` value (a code or a name, as files write it) means English; None counts as
    English (nothing says otherwise)."""
    return language is None or not language.strip() or bool(_ENGLISH.match(language.strip()))
