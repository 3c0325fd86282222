"""Character hints from a work's tags: AO3 character (and relationship) tags become the names the characters stage
groups mentions under.

* ``Spike (Buffy the Vampire Slayer)``, ``Illyria (BtVS)``: the fandom qualifier in parentheses is dropped.
* ``Fred | Winifred Burkle``: the parts around ``|`` name one character; the longest is the hint's name, the others
  its aliases.
* ``Willow Rosenberg``: a multi-word name also gives its first and last name as aliases, unless another tagged
  character shares that word (``Buffy Summers`` and ``Dawn Summers`` keep ``Summers`` to neither) or the word is a
  title (``Mr. Tolliver`` gives ``Tolliver``, never ``Mr.``). A quoted nickname (``James "Bucky" Barnes``) is an
  alias too.
* Generic tags (``Original Female Character(s)``, ``Original Characters``, ``Reader``, ``You``, ``Other(s)``,
  ``Various``, ``Everyone`` …) name no one and give no hint.
* A "name" all in lower case (``the mule``, in a plain-text header) is a description, and gives no hint.
* Relationship tags (``Spike/Buffy Summers``, ``Willow & Tara``) add the characters they name that the character
  tags do not, after them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..model import CharacterHint

_QUALIFIER = re.compile(r"\s+\([^()]*\)\s*$")  # "Spike (Buffy the Vampire Slayer)"; not "Character(s)"
# a quoted nickname, James "Bucky" Barnes (quotes that open and close words: not the apostrophe of O'Brien)
_QUOTED = re.compile(r"(?<!\S)[\"“'‘]([^\"“”'‘’]+)[\"”'’](?!\S)")
_RELATIONSHIP_SPLIT = re.compile(r"\s*[/&]\s*")
_GENERIC = re.compile(
    r"""^(?:
        original\s+(?:(?:female|male|non-?binary|child|minor)\s+)?characters?(?:\(s\))?
        | (?:other|minor|background|various|additional)\s+characters?(?:\(s\))?
        | ocs? | ofcs? | omcs? | y/n
        | readers? | you | other(?:\(s\)|s)? | various | everyone | everybody | ensemble(?:\s+cast)?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Words that come before a name and are not part of it.
TITLES = frozenset(
    """mr mrs ms miss mx dr doctor prof professor sir dame lord lady madam madame captain capt lieutenant lt
    sergeant sgt major colonel col general gen commander cmdr admiral agent detective det officer inspector
    father mother sister brother aunt uncle king queen prince princess saint st the""".split()
)
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


def strip_qualifier(tag: str) -> str:
    """A tag without its trailing fandom qualifier: ``Spike (Buffy the Vampire Slayer)`` → ``Spike``."""
    tag = " ".join(tag.split())
    while True:
        stripped = _QUALIFIER.sub("", tag)
        if stripped == tag or not stripped:
            return tag
        tag = stripped


def is_generic(tag: str) -> bool:
    """Whether a character tag names no one in particular (original characters, the reader, "various")."""
    return bool(_GENERIC.match(strip_qualifier(tag)))


def _key(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").split())


def _bare(word: str) -> str:
    return word.lower().rstrip(".,")


def _name_words(name: str) -> tuple[str, str] | None:
    """The first and last name of a multi-word name (titles and suffixes left out), or None."""
    words = [w for w in name.split() if w.strip(".,")]
    while words and _bare(words[0]) in TITLES:
        words = words[1:]
    while words and _bare(words[-1]) in _SUFFIXES:
        words = words[:-1]
    if not words or len(name.split()) < 2:
        return None
    return words[0].rstrip(","), words[-1].rstrip(",")


def _names(tag: str) -> list[str]:
    """The names one tag gives one character: the parts around ``|``, with quoted nicknames pulled out."""
    names: list[str] = []
    for part in strip_qualifier(tag).split("|"):
        part = strip_qualifier(part)
        nicknames = [n.strip() for n in _QUOTED.findall(part) if n.strip()]
        part = " ".join(_QUOTED.sub(" ", part).split()) if nicknames else part
        names += [n for n in (part, *nicknames) if n and not is_generic(n) and not _lower_case(n)]
    return list(dict.fromkeys(names))


def _lower_case(name: str) -> bool:
    """A name written all in lower case ("the mule" in a plain-text header) is a description, not a name."""
    return name == name.lower() and name != name.upper()


def _people(characters: Sequence[str], relationships: Sequence[str]) -> list[list[str]]:
    """Each character the tags name, as its names, in order: the character tags, then the people of the
    relationship tags that none of those is (by a name, or by the first or last word of one)."""
    out: list[list[str]] = []
    seen: set[str] = set()
    for tag in characters:
        names = _names(tag)
        if names and not any(_key(n) in seen for n in names):
            out.append(names)
            seen.update(_key(n) for n in names)
    known = seen | {_key(w) for names in out for n in names for w in (_name_words(n) or ())}
    for tag in relationships:
        for person in _RELATIONSHIP_SPLIT.split(strip_qualifier(tag)):
            names = _names(person)
            if names and not any(_key(n) in known for n in names):
                out.append(names)
                known.update(_key(n) for n in names)
    return out


def hints_from_tags(characters: Sequence[str], relationships: Sequence[str] = ()) -> list[CharacterHint]:
    """Character hints (name and aliases) from AO3-style character tags, and from the relationship tags for
    characters the character tags leave out. See the module docstring for the rules."""

    people = _people(characters, relationships)
    # how many characters each name word belongs to: a word two of them share is no one's alias
    owners: Counter[str] = Counter()
    for names in people:
        words = {_key(w) for n in names for w in ((n,) if " " not in n else (_name_words(n) or ()))}
        owners.update(words)
    hints: list[CharacterHint] = []
    for names in people:
        name = max(names, key=lambda n: len(n.split()))  # the fullest form: "Winifred Burkle", not "Fred"
        aliases = [n for n in names if n != name]
        for n in names:
            parts = _name_words(n)
            if parts:
                aliases += [w for w in parts if owners[_key(w)] == 1 and _bare(w) not in TITLES]
        aliases = [a for a in dict.fromkeys(aliases) if _key(a) != _key(name)]
        hints.append(CharacterHint(name=name, aliases=tuple(aliases)))
    return hints


def merge_hints(first: Iterable[CharacterHint], then: Iterable[CharacterHint]) -> tuple[CharacterHint, ...]:
    """``first`` (the caller's hints) followed by those of ``then`` that name someone new; an alias of theirs
    that one of ``first`` already uses is dropped, so the caller's hints win."""
    out = list(first)
    taken = {_key(n) for h in out for n in (h.name, *h.aliases)}
    for h in then:
        if _key(h.name) in taken:
            continue
        aliases = tuple(a for a in h.aliases if _key(a) not in taken)
        out.append(type(h)(name=h.name, aliases=aliases))
        taken.update(_key(n) for n in (h.name, *aliases))
    return tuple(out)


__all__ = ["TITLES", "hints_from_tags", "is_generic", "merge_hints", "strip_qualifier"]
