"""Quotations: where dialogue is, and who speaks it to whom.

Detection: curly and straight double quotes, or single curly quotes in a text that uses them for dialogue
(British style; a closing ’ followed by a letter is an apostrophe, and elisions such as ‘urt are skipped
because double quotes win unless single ones dominate). Quotes pair within a paragraph; a quote left open at a
paragraph's end closes there (a speech running over several paragraphs).

Attribution (a first, rule-based version; the dialogue issue refines it), in order:

1. **Explicit**: a speech verb next to the quote in the same paragraph whose subject is a mention
   (“…,” said Orrin / “…,” he said / Tamsin asked, “…”).
2. **Beat**: the subject of the narration sentence next to the quote in the same paragraph
   (Spike shook his head. “No.”).
3. **Turn-taking**: in a run of paragraphs of bare dialogue, speakers alternate between the last two.

The addressee is the other person of the exchange: a vocative name in the quote, else the previous speaker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Document
from .lexicon import SPEECH_VERBS

_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“"}


def single_quote_style(text: str) -> bool:
    """Whether dialogue is in single quotes (British style): word-initial ‘ far outnumber “ and ".

    Elisions (‘urt, ‘em) and quotes within quotes also start with ‘, so double quotes win unless they are rare.
    """
    double = text.count("“") + text.count('"')
    single = sum(1 for i in range(1, len(text)) if text[i] == "‘" and not text[i - 1].isalnum())
    return single > 5 * double


@dataclass
class QuoteSpan:
    start: int
    end: int  # exclusive, after the closing mark (or the paragraph end)
    paragraph: int
    speaker: int = -1  # entity id while clustering, character index in the layer
    addressees: list[int] = field(default_factory=list)
    method: str = ""


def find_quotes(doc: Document) -> list[QuoteSpan]:
    text = doc.text
    single = single_quote_style(text)
    out: list[QuoteSpan] = []
    paragraphs = doc.layer("paragraphs")
    inside = False
    start = 0
    closer = ""
    for pi, p in enumerate(paragraphs):
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
                out.append(QuoteSpan(start, i + 1, pi))
                inside = False
        if inside:
            nxt = paragraphs[pi + 1] if pi + 1 < len(paragraphs) else None
            if nxt is not None and _runs_on(text, p.end, nxt.start) and text[nxt.start] not in '"“‘«':
                # a text with a line per sentence and no blank lines (LitBank's layout): the speech goes on
                out.append(QuoteSpan(start, p.end, pi))
                start = nxt.start
                continue
            out.append(QuoteSpan(start, p.end, pi))
            inside = False
    return out


def _runs_on(text: str, end: int, next_start: int) -> bool:
    """Whether two paragraphs are consecutive lines (no blank line between them)."""
    return text.count("\n", end, next_start) <= 1


def quote_mask(doc: Document, quotes: list[QuoteSpan] | None = None) -> list[bool]:
    """For each character of the text, whether it lies inside a quotation."""
    mask = [False] * len(doc.text)
    for q in quotes if quotes is not None else find_quotes(doc):
        for k in range(q.start, q.end):
            mask[k] = True
    return mask


def is_speech_verb(lemma: str) -> bool:
    return lemma.lower() in SPEECH_VERBS
