"""Fast, read-only access to a Document's tokens as plain Python lists, with children and quote marks."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Document

_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“"}


def _single_quote_style(text: str) -> bool:
    """Whether dialogue is in single quotes (British style): word-initial ‘ far outnumber “ and ".

    Elisions (‘urt, ‘em) and quotes within quotes also start with ‘, so double quotes win unless they are rare.
    """
    double = text.count("“") + text.count('"')
    single = sum(1 for i in range(1, len(text)) if text[i] == "‘" and not text[i - 1].isalnum())
    return single > 5 * double


def quote_mask(doc: Document) -> list[bool]:
    """For each character of the text, whether it lies inside a quoted stretch of dialogue.

    A quick detector: curly and straight double quotes (or, in a text that uses them for dialogue, single
    curly quotes, telling closing quotes from apostrophes by what follows), paired within a paragraph; a quote
    left open at a paragraph's end closes there. The dialogue stage refines quotes; mentions only need the mask.
    """
    text = doc.text
    mask = [False] * len(text)
    single = _single_quote_style(text)
    for p in doc.layer("paragraphs"):
        inside = False
        start = 0
        closer = ""
        for i in range(p.start, p.end):
            ch = text[i]
            if not inside:
                if single:
                    opens = ch == "‘" and (i == p.start or not text[i - 1].isalnum())
                else:
                    opens = ch in _OPEN_CLOSE or ch == '"'
                if opens:
                    inside, start = True, i
                    closer = "’" if single else _OPEN_CLOSE.get(ch, '"')
            elif ch == closer and not (single and i + 1 < p.end and text[i + 1].isalpha()):
                for k in range(start, i + 1):
                    mask[k] = True
                inside = False
        if inside:
            for k in range(start, p.end):
                mask[k] = True
    return mask


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
    def of(cls, doc: Document) -> TokenView:
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
        mask = quote_mask(doc)
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
            stack.extend(c for c in self.children[k] if k != i or self.dep[c] not in skip)
        return lo, hi

    def verb_of(self, i: int) -> int:
        """The token a mention at ``i`` depends on (its governing verb for subjects and objects)."""
        return self.head[i]
