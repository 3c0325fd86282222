"""How far a mention of a person reaches: which dependents of its head belong to the noun phrase.

LitBank's convention (and the one coreference tools follow) is the maximal noun phrase: determiners and adjectives,
prepositional modifiers and relative clauses ("a man whose gray hair did not make him old"), usually not an
apposition, a coordinated phrase or a relative clause set off by a comma (LitBank's annotators are split on "Jo,
who was a bookworm"). Whether a dependent is in the phrase is decided child by child, outwards from the head, by a
small table learned from LitBank (``train/mention_extents.py``; ``resources/extents/``): for each dependent the
most specific of its keys the table knows (side, relation, the word for closed-class words, a comma between it and
the head, the kind of head) gives the rate at which LitBank's annotators took it in. A phrase stays contiguous: the
first dependent left out on a side ends the phrase on that side. Punctuation is not judged on its own: a comma is
inside when a dependent after it is.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Protocol

__all__ = ["ExtentRules", "child_keys", "load_extent_rules", "np_extent"]

# Relations whose word matters ("such a friend" vs "every friend"; "of" vs "with").
_WORD_DEPS = frozenset({"det", "predet", "advmod", "nummod", "quantmod", "prep", "cc", "punct", "case", "npadvmod"})
_BREAKS = frozenset({",", ";", ":", "--", "—", "(", ")"})
_NO_END = _BREAKS | {".", "!", "?", "…", '"', "“", "”", "‘", "’"}  # never the last token of a phrase


class _Tokens(Protocol):
    lower: list[str]
    tag: list[str]
    dep: list[str]
    children: list[list[int]]


def child_keys(tv: _Tokens, head: int, child: int) -> list[str]:
    """The keys of dependent ``child`` of ``head``, most specific first."""
    side = "L" if child < head else "R"
    dep = tv.dep[child]
    lo, hi = (child + 1, head) if child < head else (head + 1, child)
    comma = "c" if any(tv.lower[t] in _BREAKS for t in range(lo, hi)) else "n"
    kind = "name" if tv.tag[head] in ("NNP", "NNPS") else "noun"
    general = f"{side}|{dep}|{comma}"
    keys = [f"{general}|{kind}", general, f"{side}|{dep}"]
    if dep in _WORD_DEPS:
        keys.insert(0, f"{general}|{kind}|{tv.lower[child]}")
    return keys


class ExtentRules:
    """Inclusion rates by key; :meth:`include` answers for one dependent."""

    def __init__(self, rates: dict[str, float], default_left: bool = True, default_right: bool = False) -> None:
        self.rates = rates
        self.default = {"L": default_left, "R": default_right}

    def include(self, tv: _Tokens, head: int, child: int) -> bool:
        for key in child_keys(tv, head, child):
            rate = self.rates.get(key)
            if rate is not None:
                return rate >= 0.5
        return self.default["L" if child < head else "R"]


def _subtree_bounds(tv: _Tokens, i: int) -> tuple[int, int]:
    lo = hi = i
    stack = [i]
    while stack:
        k = stack.pop()
        lo, hi = min(lo, k), max(hi, k)
        stack.extend(tv.children[k])
    return lo, hi


def np_extent(tv: _Tokens, head: int, rules: ExtentRules, core: tuple[int, int] | None = None) -> tuple[int, int]:
    """First and last token of the noun phrase headed by ``head``; ``core`` (token range) is always inside it
    (a name's own words)."""
    lo, hi = core if core is not None else (head, head)
    lo, hi = min(lo, head), max(hi, head)
    left = sorted((c for c in tv.children[head] if c < head), reverse=True)
    right = sorted(c for c in tv.children[head] if c > head)
    for c in left:
        if c >= lo or tv.dep[c] == "punct":
            continue  # already inside (a name's first words), or punctuation
        if not rules.include(tv, head, c):
            break
        lo = min(lo, _subtree_bounds(tv, c)[0])
    for c in right:
        if c <= hi or tv.dep[c] == "punct":
            continue
        if not rules.include(tv, head, c):
            break
        hi = max(hi, _subtree_bounds(tv, c)[1])
    # a phrase does not end on a comma or open on one
    while hi > head and tv.lower[hi] in _NO_END:
        hi -= 1
    while lo < head and tv.lower[lo] in _BREAKS:
        lo += 1
    return lo, hi


@lru_cache(maxsize=16)
def load_extent_rules(name: str = "all") -> ExtentRules:
    """The packaged table ``resources/extents/<name>.json`` (``all``, or ``fold-K`` for cross-validation)."""
    path = resources.files("ficlens").joinpath(f"resources/extents/{name}.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return ExtentRules({k: float(v) for k, v in data["rates"].items()})
