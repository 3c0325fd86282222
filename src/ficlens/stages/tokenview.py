"""Fast, read-only access to a Document's tokens as plain Python lists, with children and quote marks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Document
from .quotes import find_quotes, quote_mask

# The last view built by :meth:`TokenView.cached`: (token table, sentences, quote spans, the view). The literary
# core's stages each read the tokens; the view is a pure function of these layers, built once per work.
_LAST: tuple[Any, Any, tuple[tuple[int, int], ...], TokenView] | None = None

# Dependents that may stand before a noun inside its phrase ("all the young Marys", "his sire").
_LEFT_OF_NP = frozenset({"det", "amod", "compound", "poss", "nummod", "predet", "quantmod", "nmod", "advmod", "case"})


@dataclass
class TokenView:
    """Token columns as lists (indexing arrays of strings is slow), plus per-token helpers."""

    text: list[str]
    lower: list[str]
    start: list[int]
    end: list[int]
    head: list[int]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    lemma: list[str]
    sent: list[int]  # sentence index of each token
    in_quote: list[bool]
    children: list[list[int]]

    @classmethod
    def cached(cls, doc: Document) -> TokenView:
        """The view of ``doc``'s tokens with ``in_quote`` from its ``quotes`` layer (found, when it has none),
        reused while the tokens, sentences and quotation spans are the same objects and offsets."""
        global _LAST
        quotes: Sequence[Any] = doc.layer("quotes") if doc.has("quotes") else find_quotes(doc)
        spans = tuple((q.start, q.end) for q in quotes)
        tokens, sentences = doc.tokens, doc.layer("sentences")
        last = _LAST
        if last is not None and last[0] is tokens and last[1] is sentences and last[2] == spans:
            return last[3]
        view = cls.of(doc, quotes)
        _LAST = (tokens, sentences, spans, view)
        return view

    @classmethod
    def of(cls, doc: Document, quotes: Sequence[Any] | None = None) -> TokenView:
        """The view of ``doc``'s tokens; ``quotes`` (spans with ``start``/``end``, as :func:`find_quotes` gives)
        saves finding them again."""
        t = doc.tokens
        starts, ends = t.ints("start"), t.ints("end")
        words = [doc.text[s:e] for s, e in zip(starts, ends, strict=True)]
        heads = t.ints("head")
        sent = [0] * len(t)
        for k, s in enumerate(doc.layer("sentences")):
            for i in range(s.token_start, s.token_end):
                sent[i] = k
        children: list[list[int]] = [[] for _ in range(len(t))]
        for i, h in enumerate(heads):
            if h != i:
                children[h].append(i)
        mask = quote_mask(doc, quotes)
        return cls(
            text=words,
            lower=[w.lower() for w in words],
            start=starts,
            end=ends,
            head=heads,
            pos=t.strings("pos"),
            tag=t.strings("tag"),
            dep=t.strings("dep"),
            lemma=t.strings("lemma"),
            sent=sent,
            in_quote=[mask[s] for s in starts],
            children=children,
        )

    def __len__(self) -> int:
        return len(self.text)

    def subtree(self, i: int, skip: frozenset[str] = frozenset()) -> tuple[int, int]:
        """The first and last token index of ``i``'s subtree, leaving out children whose dep is in ``skip``."""
        lo = hi = i
        stack = [i]
        while stack:
            k = stack.pop()
            lo, hi = min(lo, k), max(hi, k)
            # at the top: leave out skipped relations, and anything before the head but its modifiers
            stack.extend(
                c for c in self.children[k]
                if k != i or (self.dep[c] not in skip and (c > i or self.dep[c] in _LEFT_OF_NP))
            )  # fmt: skip
        return lo, hi
