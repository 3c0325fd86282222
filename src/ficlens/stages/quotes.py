"""Quotations: where dialogue is, and who speaks it to whom.

Detection (:func:`find_quotes`), one pass over the quotation marks of each paragraph:

* **Style per chapter.** Each chapter (the ``chapters`` layer; the whole work when there is none) is counted for
  double marks (“ „ « and half the straight "), single marks that open a capitalised word (‘I, 'We) and
  paragraphs that open with a dash (— or ―). The most frequent wins (double on a tie). A chapter keeps the
  work's style unless it has at least :data:`MIN_EVIDENCE` marks and its own style more than twice the marks of
  the work's (so a story told inside a quotation, its dialogue in the other marks, keeps the outer marks).
  Only the style's own marks delimit quotations: in double-quote dialogue a single mark is nested or an
  apostrophe, in single-quote (British) dialogue a double mark is nested, so ‘Sorry’ inside “…” never splits it.
* **Marks by their neighbours.** A mark after a space (or a bracket or dash) and before a non-space opens; one
  after a non-space and before a space or punctuation closes; curly marks break ties by their shape, and a
  wrong-way mark (”Hello”) is read by its position. A mark at a paragraph's edge opens or closes by that edge.
* **Apostrophes and elisions** (single-quote style, with ’ or '). A mark between two letters is an apostrophe
  (don’t, Em’ly). A word-initial mark before a lower-case letter opens only after a comma, colon, dash or at the
  paragraph start (“…,’ he said, ‘but …”); after a word (give ‘em, make you ‘urt, calling ‘where’s Dora?’) it
  opens only when the next mark closes, and never counts as a quote inside a quote. A known word-initial elision
  (‘tis, ’Twas) opens only when a closing mark follows in the paragraph; a word-initial ’ (’em, the right-hand
  mark, as typesetters write elisions) and rock ‘n’ roll never open. A closing mark right after a letter and
  before more text (won’ bring, soddin’ time, the girls’ room) is an elision when the next deciding mark closes
  too, or when it ends a g-dropping or other known word-final elision (-in’, o’, th’, won’) before a lower-case
  word.
* **Nesting.** An opening double mark inside an open double quote nests (its closing mark does not end the outer
  quote), unless it follows a sentence end and starts a capitalised word: then the writer forgot a closing mark
  and a new quote starts there. In single-quote dialogue a capitalised ‘Word’ inside the speech nests likewise.
* **Paragraph ends.** A quote still open at the end of a paragraph closes there. When the next paragraph opens
  with a quotation mark (a speech over several paragraphs), or its first mark closes (a paragraph broken inside
  a speech; also LitBank's line-per-sentence layout, where lines in between may have no marks at all), the
  speech goes on: one span per paragraph, one utterance. A closing mark with no opening one as the first mark of
  a paragraph (``Hello," she said.``) recovers the quote from the paragraph's start.
* **Dash dialogue** (a dash-style chapter): a paragraph that opens with — or ― is speech up to the next dash
  after a space (`` — he said``), which starts narration; the next dash after that resumes the speech.
* **Utterances** (``QuoteSpan.utterance``: 0, 1, 2 … in reading order). A speech over several paragraphs is one
  utterance. Within a paragraph, quote B continues quote A when narration stands between them and B starts in
  lower case (“Stop!” he cried, “you’ll fall!”) or A does not end a sentence (“I know,” he said, “but …” /
  “I know”—she paused—“but …” / “Yes,” he said. “I …”). A ending in . ! or ? before a capitalised B
  (“No.” He turned. “Go.”), and two quotes with nothing between them (“Left!” “Right!”), are two utterances.

The text is never walked character by character: a regular expression finds the marks, so a 2-MB novel takes a
few hundredths of a second.

Attribution (a first, rule-based version; the dialogue issue refines it), in order:

1. **Explicit**: a speech verb next to the quote in the same paragraph whose subject is a mention
   (“…,” said Orrin / “…,” he said / Tamsin asked, “…”).
2. **Beat**: the subject of the narration sentence next to the quote in the same paragraph
   (Spike shook his head. “No.”).
3. **Turn-taking**: in a run of paragraphs of bare dialogue, speakers alternate between the last two.

The addressee is the other person of the exchange: a vocative name in the quote, else the previous speaker.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Document, Quote
from ..model.records import Paragraph
from .base import Context, source_tag, stage_version
from .lexicon import SPEECH_VERBS

DOUBLE, SINGLE, DASH = "double", "single", "dash"
STYLES = (DOUBLE, SINGLE, DASH)
MIN_EVIDENCE = 4  # marks (or dash paragraphs) a chapter needs to decide its own style

_DOUBLE_MARKS = re.compile('[“”„«»"]')
# a mark between two word characters is an apostrophe (the mark comes first in each pattern: it is much faster)
_SINGLE_MARKS = re.compile(r"[‘’'](?:(?<!\w[‘’'])|(?!\w))")
_DASH_MARKS = re.compile("[—―]")
_SINGLE_OPENING_CAPITAL = re.compile(r"[‘'](?<!\w[‘']) ?(?=[A-ZÀ-ÖØ-Þ])")  # "‘ I": tokenised text
_OPENING_SHAPE = "“„«‘"
_CLOSING_SHAPE = "”»’"
_BEFORE_OPENING = "([{—―–-/\"“‘'«„"  # what may stand right before an opening mark
_BEFORE_LOWER_OPENING = ',:;—―–-(“"'  # what a quote that starts in lower case follows ("…,’ he said, ‘but")
_SENTENCE_END = ".!?…"
# word-initial elisions that open no quote unless a closing mark follows; word-final ones that close none
_INITIAL_ELISIONS = frozenset("em tis twas twere twill twould til cause cos coz bout round un uns".split())
_FINAL_ELISIONS = frozenset("o an n th wi won don fo ol ter".split())
# never an opening: rock ‘n’ roll, and 's 'll 've … after a space in tokenised text (Shaw 's)
_NEVER_OPEN = frozenset("n s ll ve re d m t".split())

# event kinds
_OPEN, _CLOSE, _EITHER = "O", "C", "B"
_SOFT_OPEN, _ELIDED = "P", "x"  # single-quote style: an opening that never nests; a closing elision (see below)
_WEAK_OPEN, _ELISION_OPEN, _WEAK_CLOSE = "o", "e", "c"  # undecided, before _resolve_elisions
_Events = list[tuple[int, str]]  # (offset of a mark, kind)


@dataclass
class QuoteSpan:
    start: int
    end: int  # exclusive, after the closing mark (or the paragraph end)
    paragraph: int
    speaker: int = -1  # entity id while clustering, character index in the layer
    addressees: list[int] = field(default_factory=list)
    method: str = ""
    utterance: int = -1  # spans of one utterance (interrupted by narration, or over paragraphs) share it


# ------------------------------------------------------------------------------------------------ the style


def _evidence(text: str, lo: int, hi: int, dash_paragraphs: int) -> tuple[int, int, int]:
    """(double, single, dash) evidence for the dialogue style of ``text[lo:hi]``."""
    double = sum(text.count(m, lo, hi) for m in "“„«") + text.count('"', lo, hi) // 2
    single = len(_SINGLE_OPENING_CAPITAL.findall(text, lo, hi))
    return double, single, dash_paragraphs


def _decide(double: int, single: int, dash: int) -> str | None:
    if double + single + dash < MIN_EVIDENCE:
        return None
    if dash > double and dash > single:
        return DASH
    return SINGLE if single > double else DOUBLE


def quote_style(text: str) -> str:
    """The dialogue style of a text: ``"double"``, ``"single"`` (British) or ``"dash"`` (— at a line's start)."""
    dash = sum(1 for line in text.splitlines() if line.lstrip()[:1] in ("—", "―"))
    return _decide(*_evidence(text, 0, len(text), dash)) or DOUBLE


def single_quote_style(text: str) -> bool:
    """Whether dialogue is in single quotes (British style): capitalised ‘ openings outnumber double marks."""
    return quote_style(text) == SINGLE


def chapter_styles(doc: Document) -> tuple[list[tuple[int, int]], list[str]]:
    """The chapters' ``(start, end)`` (the whole text when there is no ``chapters`` layer) and each one's style.

    A chapter takes the work's style unless its own evidence is clear (see :func:`_chapter_style`).
    """
    text = doc.text
    chapters = [(c.start, c.end) for c in doc.layer("chapters")] if doc.has("chapters") else []
    if not chapters:
        chapters = [(0, len(text))]
    starts = [lo for lo, _ in chapters]
    dash_count = [0] * len(chapters)
    for p in doc.layer("paragraphs"):
        if text[p.start : p.start + 1] in ("—", "―"):
            k = bisect.bisect_right(starts, p.start) - 1
            if k >= 0:
                dash_count[k] += 1
    counts = [_evidence(text, lo, hi, dash_count[k]) for k, (lo, hi) in enumerate(chapters)]
    work = _decide(*(sum(c[n] for c in counts) for n in range(3))) or DOUBLE
    return chapters, [_chapter_style(c, work) for c in counts]


def _chapter_style(counts: tuple[int, int, int], work: str) -> str:
    """A chapter's own style when its evidence is clear (at least :data:`MIN_EVIDENCE` marks, and more than twice
    the marks of the work's style in the chapter); else the work's.

    A story told inside a quotation (double marks on each paragraph, the dialogue in it in single ones) or a
    letter dotted with “scare quotes” keeps the work's style.
    """
    own = _decide(*counts)
    if own is None or own == work or counts[STYLES.index(own)] <= 2 * counts[STYLES.index(work)]:
        return work
    return own


# ------------------------------------------------------------------------------------------------ the marks


def _events(text: str, ps: int, pe: int, style: str) -> _Events:
    """The quotation marks of paragraph ``[ps, pe)`` as ``(offset, kind)``: opening, closing or either.

    Apostrophes and elisions are left out (in the single-quote style, decided from the marks that follow).
    """
    single = style == SINGLE
    out: _Events = []
    for m in (_SINGLE_MARKS if single else _DOUBLE_MARKS).finditer(text, ps, pe):
        i = m.start()
        ch = text[i]
        prev = text[i - 1] if i > ps else ""
        nxt = text[i + 1] if i + 1 < pe else ""
        left = (not prev or prev.isspace() or prev in _BEFORE_OPENING) and nxt != "" and not nxt.isspace()
        right = prev != "" and not prev.isspace() and (not nxt or nxt.isspace() or not nxt.isalnum())
        if single and nxt == "s" and prev and not prev.isspace() and not text[i + 2 : i + 3].isalpha():
            continue  # Mr. W.’s: a possessive after a full stop
        if left == right:  # both sides, or neither: the paragraph's edge or the shape decides
            if not (nxt and prev):
                kind = _OPEN if nxt else _CLOSE
            elif ch in _OPENING_SHAPE:
                kind = _OPEN
            elif ch in _CLOSING_SHAPE:
                kind = _CLOSE
            else:
                kind = _EITHER  # a straight mark between two spaces (tokenised text) or two punctuation marks
        elif left:
            kind = _OPEN
            if single:
                if ch == "’" and not (i == ps and nxt.isupper()):
                    continue  # ’em, ’tis: an elision written the right way round
                word = _word_after(text, i + 1, pe)
                if word in _NEVER_OPEN:
                    continue  # rock ‘n’ roll; Shaw 's, I 've (tokenised)
                if word in _INITIAL_ELISIONS:
                    kind = _WEAK_OPEN  # ‘Tis true,’ she said / ‘tis: open only before a closing mark
                elif nxt.islower() and i != ps and _before(text, i, ps) not in _BEFORE_LOWER_OPENING:
                    kind = _ELISION_OPEN  # give ‘em, make you ‘urt; but also calling ‘where’s Dora?’
                elif nxt.islower():
                    kind = _SOFT_OPEN  # he said, ‘but …’ (a speech may go on in the next paragraph)
        else:
            kind = _CLOSE
            if single and prev.isalpha() and nxt:
                kind = _WEAK_CLOSE  # won’ bring, soddin’ time, the girls’ room: decided by what follows
        out.append((i, kind))
    if single:
        out = _resolve_elisions(text, out, pe)
    return out


def _resolve_elisions(text: str, events: _Events, pe: int) -> _Events:
    """Decide the weak marks from the marks after them (right to left).

    A weak opening (a known elision: ‘tis, ’Twas) opens only when a closing mark follows somewhere in the
    paragraph, an elision-like one (lower case after a word: give ‘em, calling ‘where …’) only when the next mark
    closes; neither nests (``_SOFT_OPEN``). A weak closing mark is an elision (``_ELIDED``: it can still close
    a quote nested in the speech) when the next mark that is neither weak nor elision-like closes too, or when
    it ends a g-dropping or other known word-final elision before a lower-case word (soddin’ time, won’ bring);
    otherwise it closes.
    """
    resolved: _Events = []
    after_close = ""  # the next opening or closing mark, weak closing and elision-like opening marks aside
    after_open = ""  # the next mark kept, elision-like openings aside
    after_any = ""  # the next mark kept
    closing_follows = False  # a closing mark (or a weak one) follows somewhere in the paragraph
    for i, kind in reversed(events):
        if kind == _ELISION_OPEN:
            if after_open in (_CLOSE, _EITHER, _WEAK_CLOSE):
                resolved.append((i, _SOFT_OPEN))
                after_any = _SOFT_OPEN
            continue
        if kind == _WEAK_CLOSE:
            # before a space (the girls’ room, give ‘em …’) an elision-like opening after it says nothing;
            # before punctuation (‘the little gent’, or ‘the young Suffolker’) it is the next quote
            after = after_close if text[i + 1].isspace() else after_any
            elided = after in (_CLOSE, _EITHER) or _final_elision(text, i, pe)
            resolved.append((i, _ELIDED if elided else _CLOSE))
            after_open, closing_follows = _WEAK_CLOSE, True
            continue
        if kind == _WEAK_OPEN:
            if not closing_follows:
                continue
            kind = _SOFT_OPEN
        resolved.append((i, kind))
        after_close = after_open = after_any = kind
        closing_follows = closing_follows or kind in (_CLOSE, _EITHER)
    resolved.reverse()
    return resolved


def _final_elision(text: str, i: int, pe: int) -> bool:
    """A known word-final elision (goin’ home, o' the, won’ bring) before a lower-case word."""
    if not (i + 2 < pe and text[i + 1] == " " and text[i + 2].islower()):
        return False
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i].lower()
    return word.endswith("in") or word in _FINAL_ELISIONS


def _word_after(text: str, i: int, pe: int) -> str:
    """The word that starts at ``i``, apostrophes inside it included (‘Em’ly is not ‘em)."""
    j = i
    while j < pe and (text[j].isalpha() or (text[j] in "’'" and j + 1 < pe and text[j + 1].isalpha())):
        j += 1
    return text[i:j].lower()


def _before(text: str, i: int, ps: int) -> str:
    """The last non-space character before ``i`` in the paragraph ("" at its start)."""
    j = i - 1
    while j >= ps and text[j].isspace():
        j -= 1
    return text[j] if j >= ps else ""


def _trim_end(text: str, lo: int, hi: int) -> int:
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return hi


# ------------------------------------------------------------------------------------------------ the quotes


@dataclass
class _Part:
    start: int
    end: int
    paragraph: int
    closed: bool  # ends with a closing mark
    joined: bool  # goes on the utterance of the part before it (a speech over several paragraphs)


def find_quotes(doc: Document) -> list[QuoteSpan]:
    """The quotations of ``doc``, in reading order, numbered by utterance (see the module's docstring)."""
    text = doc.text
    paragraphs = doc.layer("paragraphs")
    chapters, styles = chapter_styles(doc)
    starts = [lo for lo, _ in chapters]
    chapter_of = [max(0, bisect.bisect_right(starts, p.start) - 1) for p in paragraphs]
    style_of = [styles[k] for k in chapter_of]
    for pi, p in enumerate(paragraphs):
        if style_of[pi] == DASH and text[p.start : p.start + 1] not in ("—", "―"):
            style_of[pi] = DOUBLE  # quotation marks in the other paragraphs of a dash-style chapter
    events: list[_Events | None] = [None] * len(paragraphs)

    def events_of(pi: int) -> _Events:
        ev = events[pi]
        if ev is None:
            p = paragraphs[pi]
            ev = events[pi] = [] if style_of[pi] == DASH else _events(text, p.start, p.end, style_of[pi])
        return ev

    parts: list[_Part] = []
    open_at_end = False  # the previous paragraph ended inside a quote
    for pi, p in enumerate(paragraphs):
        if style_of[pi] == DASH:
            parts.extend(_dash_parts(text, p, pi))
            open_at_end = False
            continue
        carry = open_at_end and pi > 0 and chapter_of[pi] == chapter_of[pi - 1] and style_of[pi] == style_of[pi - 1]
        goes_on = _goes_on(text, paragraphs, pi, events_of, style_of[pi]) if carry else ""
        open_at_end = _paragraph_parts(text, p, pi, events_of(pi), style_of[pi], goes_on, parts)
    return _number(text, parts)


def _goes_on(
    text: str, paragraphs: Sequence[Paragraph], pi: int, events_of: Callable[[int], _Events], style: str
) -> str:
    """How a speech left open at the end of paragraph ``pi - 1`` goes on into paragraph ``pi``.

    ``"open"``: the paragraph opens with a quotation mark (a speech over several paragraphs); ``"close"``: its
    first mark closes (the speech was broken by a line break); ``"through"``: it has no marks, runs on from the
    line before, and the first mark of the lines after it closes; ``""``: the speech ended.
    """
    ev = events_of(pi)
    p = paragraphs[pi]
    if ev:
        i, kind = ev[0]
        if kind in (_OPEN, _SOFT_OPEN, _EITHER) and i == p.start:
            return "open"
        return "close" if _ends_speech(text, i, kind, p.end, style) else ""
    for k in range(pi, min(len(paragraphs), pi + 20)):
        if text.count("\n", paragraphs[k - 1].end, paragraphs[k].start) > 1:
            return ""  # a blank line: not LitBank's layout
        ev = events_of(k)
        if ev:
            return "through" if _ends_speech(text, *ev[0], paragraphs[k].end, style) else ""
    return ""


def _ends_speech(text: str, i: int, kind: str, pe: int, style: str) -> bool:
    """Whether a paragraph's first mark closes a speech that began before it (``Hello," she said.``).

    In single-quote dialogue a closing mark between a letter and more text (the girls’ room) is not enough, and
    a mark after a digit is a measure (6'2").
    """
    if kind == _EITHER:
        return True  # inside a speech, a mark that could open or close closes it
    prev = text[i - 1]
    if kind != _CLOSE or prev.isdigit():
        return False
    return style != SINGLE or not prev.isalpha() or i + 1 == pe


def _paragraph_parts(
    text: str, p: Paragraph, pi: int, events: _Events, style: str, goes_on: str, parts: list[_Part]
) -> bool:
    """Append the quotes of one paragraph to ``parts``; return whether a quote is still open at its end."""
    ps, pe = p.start, p.end
    if goes_on == "through":
        parts.append(_Part(ps, pe, pi, closed=False, joined=True))
        return True
    inside = goes_on == "close"
    start, depth, joined = ps, 1, inside
    for n, (i, kind) in enumerate(events):
        if not inside:
            if kind in (_OPEN, _SOFT_OPEN, _EITHER):
                inside, start, depth = True, i, 1
                joined = goes_on == "open" and n == 0
            elif n == 0 and _ends_speech(text, i, kind, pe, style):
                parts.append(_Part(ps, i + 1, pi, closed=True, joined=False))  # Hello," she said.
        elif kind in (_CLOSE, _EITHER) or (kind == _ELIDED and depth > 1):
            depth -= 1
            if depth == 0:
                parts.append(_Part(start, i + 1, pi, closed=True, joined=joined))
                inside = joined = False
        elif kind != _OPEN:
            continue  # an elision, or an opening mark that never nests
        elif style == SINGLE:
            depth += 1  # ‘Sorry’ inside single-quote dialogue
        else:  # an opening double mark inside a quote
            before = _before(text, i, start + 1)
            if before and before in _SENTENCE_END and text[i + 1 : i + 2].isupper():
                parts.append(_Part(start, _trim_end(text, start, i), pi, closed=False, joined=joined))
                start, depth, joined = i, 1, False  # the writer forgot to close the quote before
            else:
                depth += 1  # a quote within the quote
    if inside:
        parts.append(_Part(start, pe, pi, closed=False, joined=joined))
    return inside


def _dash_parts(text: str, p: Paragraph, pi: int) -> list[_Part]:
    """Speech in a paragraph that opens with a dash: up to a dash after a space, and again after the next dash."""
    out: list[_Part] = []
    speech, start = True, p.start
    for m in _DASH_MARKS.finditer(text, p.start + 1, p.end):
        i = m.start()
        if speech and text[i - 1].isspace():
            end = _trim_end(text, start, i)
            if any(c.isalnum() for c in text[start:end]):
                out.append(_Part(start, end, pi, closed=False, joined=False))
            speech = False
        elif not speech:
            speech, start = True, i
    if speech:
        end = _trim_end(text, start, p.end)
        if any(c.isalnum() for c in text[start:end]):
            out.append(_Part(start, end, pi, closed=False, joined=False))
    return out


def continues(text: str, a_start: int, a_end: int, a_closed: bool, b_start: int, b_end: int) -> bool:
    """Whether quote B (``[b_start, b_end)``) goes on the utterance of quote A before it in the same paragraph.

    Yes when narration stands between them and B starts in lower case, or A does not end a sentence.
    """
    if not any(c.isalpha() for c in text[a_end:b_start]):
        return False  # “Yes!” “No!”: two voices
    first = next((c for c in text[b_start + 1 : b_end] if c.isalnum()), "")
    if first.islower():
        return True
    inner_end = _trim_end(text, a_start, a_end - 1 if a_closed else a_end)
    return inner_end > a_start + 1 and text[inner_end - 1] not in _SENTENCE_END


def _number(text: str, parts: list[_Part]) -> list[QuoteSpan]:
    out: list[QuoteSpan] = []
    utterance = -1
    prev: _Part | None = None
    for part in parts:
        same = prev is not None and (
            part.joined
            or (
                prev.paragraph == part.paragraph
                and continues(text, prev.start, prev.end, prev.closed, part.start, part.end)
            )
        )
        if not same:
            utterance += 1
        out.append(QuoteSpan(part.start, part.end, part.paragraph, utterance=utterance))
        prev = part
    return out


def quote_mask(doc: Document, quotes: Sequence[Any] | None = None) -> list[bool]:
    """For each character of the text, whether it lies inside a quotation."""
    mask = [False] * len(doc.text)
    for q in quotes if quotes is not None else find_quotes(doc):
        mask[q.start : q.end] = [True] * (q.end - q.start)
    return mask


def is_speech_verb(lemma: str) -> bool:
    return lemma.lower() in SPEECH_VERBS


# ------------------------------------------------------------------------------------------------ the stage
_OPENING_MARKS = {'"', "“", "‘", "'", "„", "«"}  # not a dash: dash dialogue never closes


def _goes_on_speech(text: str, pars: Sequence[Paragraph], a: QuoteSpan, b: QuoteSpan) -> bool:
    """Whether quote ``b`` goes on the speech of quote ``a`` in the paragraph before: ``a`` runs to the end of its
    paragraph with no closing mark, and ``b`` opens the next one (a speech over several paragraphs)."""
    if b.paragraph != a.paragraph + 1:
        return False
    if text[a.end : pars[a.paragraph].end].strip():
        return False  # a closing mark or narration after the quote
    return text[pars[b.paragraph].start : b.start].strip() in _OPENING_MARKS


def given_quotes(doc: Document, given: Iterable[tuple[int, int, int]]) -> list[QuoteSpan]:
    """The caller's quotation spans ``(start, end, utterance)`` in text order, each in its paragraph; a span that
    goes on the speech of the one before (over a paragraph break) takes its utterance."""
    pars = doc.layer("paragraphs")
    starts = [p.start for p in pars]
    out: list[QuoteSpan] = []
    for start, end, utterance in sorted(given):
        q = QuoteSpan(start, end, max(0, bisect.bisect_right(starts, start) - 1), utterance=utterance)
        if out and _goes_on_speech(doc.text, pars, out[-1], q):
            q.utterance = out[-1].utterance
        out.append(q)
    return out


class QuotesStage:
    """The quotations of a work (``quotes``: spans with their paragraph and utterance; speakers come later), or the
    caller's spans ``given`` as ``(start, end, utterance)`` (PDNC's gold-quote settings).

    Quotations are found before the mentions of people, because a mention needs to know whether it is inside one.
    """

    name: str = "quotes"
    requires: tuple[str, ...] = ("paragraphs",)
    produces: tuple[str, ...] = ("quotes",)

    def __init__(self, given: Iterable[tuple[int, int, int]] | None = None) -> None:
        self.given = None if given is None else tuple(given)
        self.version = stage_version(1) if self.given is None else stage_version(1, json.dumps(sorted(self.given)))

    def __call__(self, doc: Document, ctx: Context) -> Document:
        spans = find_quotes(doc) if self.given is None else given_quotes(doc, self.given)
        src = source_tag(self)
        return doc.with_layers(
            quotes=[Quote(q.start, q.end, source=src, utterance=q.utterance, paragraph=q.paragraph) for q in spans]
        )
