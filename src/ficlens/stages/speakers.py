"""Who speaks each quotation, and to whom: a learned ranker over the characters in view.

A *turn* is the quotations of one paragraph (an utterance interrupted by narration, "…," he said, "…", is one turn;
two speakers in one paragraph are rare in fiction). For each turn, the candidates are the characters mentioned in
that paragraph and the eight before it and the one after, everyone who spoke or was spoken to in the conversation so
far, anyone addressed by name in the last turn, and a first-person narrator. Each candidate gets a linear score over
the features below (:data:`FEATURES`); the best one speaks. The weights are learned from the PDNC training novels
(``train/speakers.py``, ``resources/speakers/``, with a model card) by a softmax over each turn's candidates;
without a weight file the stage uses hand-set weights that encode the usual rules (a speech verb's subject, else the
subject of the narration beside the quote, else alternation).

A conversation is decoded as a whole (the scorer's ``decode``: for the packaged weights a beam over the readings of
its turns, :func:`.scorers.beam_decode`), so the features that look back (the last two speakers, who was addressed)
use each reading's own earlier choices. A quotation's ``score`` is the calibrated probability of its speaker; its
``method`` says which evidence decided it: ``explicit`` (the winner is
the subject of a speech verb next to the quote: "said Tom", "he asked" — the latter is the classic *anaphoric*
case), ``beat`` (the subject of other narration in the paragraph), ``vocative`` (named as addressee in the previous
turn), ``turn-taking`` (the speaker before last), or ``context``.

The addressees of a turn: the characters named vocatively in the quote, then the other speakers of the three turns
either side in the same conversation, nearest first (the first addressee is the one "you" in the quote refers to).
PDNC annotates a remark made in a group as addressed to the group (41 % of its training quotes have several
addressees); on its dev novels this rule gives addressee F1 0.61 against 0.58 for the vocative alone.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Character, Document, Mention, Paragraph, Quote
from .base import Context, source_tag, stage_version
from .characters import pronoun_gender
from .mentions import is_vocative
from .quotes import is_speech_verb
from .scorers import Decision, SpeakerScorer, TurnCandidates, speaker_scorer
from .speakers_model import FEATURES, HAND_WEIGHTS, NARRATOR_FEATURES, SpeakerModel, load_speaker_model
from .tokenview import TokenView

__all__ = [
    "FEATURES",
    "HAND_WEIGHTS",
    "NARRATOR_FEATURES",
    "AddresseesStage",
    "SpeakerModel",
    "SpeakersStage",
    "Turn",
    "load_speaker_model",
    "turns_of",
]

WINDOW_BEFORE = 8  # paragraphs
CONVERSATION_GAP = 2  # a new conversation after this many paragraphs without dialogue
ADDRESSEE_TURNS = 3  # the speakers of this many turns either side are addressees


@dataclass
class Turn:
    paragraph: int
    quotes: list[int]  # indices into the quote list
    speaker: int = -1
    addressees: list[int] = field(default_factory=list)
    method: str = ""
    score: float = 0.0


def turns_of(quotes: Sequence[Any]) -> list[Turn]:
    """The quotations grouped by paragraph, in order; a speech that runs on over several paragraphs (one
    ``utterance``) stays in the turn of its first paragraph."""
    by_par: dict[int, list[int]] = defaultdict(list)
    first_par: dict[int, int] = {}
    for qi, q in enumerate(quotes):
        u = getattr(q, "utterance", -1)
        p = first_par.setdefault(u, q.paragraph) if u >= 0 else q.paragraph
        by_par[p].append(qi)
    return [Turn(p, qis) for p, qis in sorted(by_par.items())]


@dataclass
class _Paragraph:
    """What one paragraph says about the people in it."""

    narration: Counter[int] = field(default_factory=Counter)  # entity -> mentions in narration
    in_quote: Counter[int] = field(default_factory=Counter)  # entity -> name mentions inside quotes (not vocative)
    vocatives: dict[int, None] = field(default_factory=dict)  # in text order
    explicit: dict[int, str] = field(default_factory=dict)  # entity -> "name" / "pronoun", subject of a speech verb
    explicit_after: set[int] = field(default_factory=set)  # speech verb after the first quote ("…," said Tom)
    explicit_near: set[int] = field(default_factory=set)  # the speech verb is within 40 characters of a quote
    subjects: list[int] = field(default_factory=list)  # entities that are subjects in narration, in order
    has_quote: bool = False
    has_narration: bool = False
    first_person: bool = False  # the narrator says "I" in this paragraph's narration
    speech_genders: set[str] = field(default_factory=set)  # "he"/"she" subjects of speech verbs in narration
    first_person_speech: bool = False  # "I said", "I tell him": the narrator is a speech verb's subject
    nearest_subject: int = -1  # the narration subject closest to a quotation mark
    speech_pronoun_at: int = -1  # offset of the first he/she subject of a speech verb


SPEECH_NOUNS = frozenset(
    "answer reply saying words voice cry question exclamation remark response rejoinder retort whisper".split()
)
_RELATIVE = frozenset({"who", "that", "which"})


_TAG_PUNCT = frozenset({",", ":", "—", "–"})
_NP_POS = frozenset({"PROPN", "NOUN", "PRON", "DET", "ADJ", "PUNCT"})
_TAG_END = (",", ",", "?", "!", "—", "–")


def at_tag_position(tv: Any, v: int) -> bool:
    """Whether the verb ``v`` stands where a speech tag does, whatever the verb ("Sissy submitted, '…'", "'…,' Tom
    offered", "'…?' ventured the boy"): before a quotation with only a comma or colon between, or after a quotation
    that ends with a comma (or ? ! — before an inverted verb) with at most its subject between. This keeps the list of
    speech verbs open: any verb in a tag's place tags."""
    n = len(tv.text)
    k = v + 1
    while k < n and tv.text[k] in _TAG_PUNCT and not tv.in_quote[k]:
        k += 1
    if v + 1 < k < n and tv.in_quote[k] and tv.sent[k] == tv.sent[v]:
        return True
    j = v - 1
    while j >= 0 and not tv.in_quote[j] and v - j <= 4 and tv.pos[j] in _NP_POS and tv.text[j] not in ".;":
        j -= 1
    if j < 1 or not tv.in_quote[j] or v - j > 4:
        return False
    inverted = j + 1 == v
    return tv.text[j - 1] in (_TAG_END if inverted else (",",))


def inverted_tag(tv: Any, first: int) -> int:
    """The verb of an inverted tag that the parse lost, or -1: '"…!" bellowed Perfetta' with "bellowed" taken for
    an adjective of the name. The name (from its first token ``first``) comes right after a past- or present-tense
    verb that comes right after a quotation ending in , ! ? or a dash."""
    v = first - 1
    if v < 2 or tv.in_quote[v] or tv.tag[v] not in ("VBD", "VBZ", "VBP", "VBN", "JJ") or not tv.in_quote[v - 1]:
        return -1
    return v if tv.text[v - 2] in _TAG_END and tv.lower[v].endswith(("ed", "s")) else -1


def speech_verb_of(tv: Any, h: int, is_speech_verb: Callable[[str], bool]) -> int:
    """The speech verb (or noun) whose speaker the word ``h`` of the narration names, or -1: the subject of a speech
    verb ("said Tom", "he asked"); of a speech verb joined to the subject's own verb with no subject of its own
    ("Henry came in and said", "Thorpe came running up, calling out"); the noun a relative clause of speech hangs
    on ("Mr. Allen, who, on hearing the reason, said"); the owner of a speech noun ("was Henry's answer")."""

    def speech(v: int) -> bool:
        return tv.pos[v] == "VERB" and (is_speech_verb(tv.lemma[v]) or at_tag_position(tv, v))

    def has_subject(v: int) -> bool:
        return any(tv.dep[k] in ("nsubj", "nsubjpass") for k in tv.children[v])

    dep = tv.dep[h]
    gov = tv.head[h]
    if tv.text[h] == "I." and h > 0 and speech(h - 1):
        return h - 1  # '"Go," said I. Marta shook her head': "I." parsed as an initial of Marta
    if dep in ("nsubj", "nsubjpass"):
        if speech(gov):
            return gov
        for v in tv.children[gov]:
            if tv.dep[v] in ("conj", "advcl", "xcomp") and speech(v) and not has_subject(v):
                return v
        return -1
    inverted = dep in ("dobj", "attr", "npadvmod", "oprd", "dative", "appos") and gov < h and speech(gov)
    # '"Friends?" cried Gino': the parser takes the quotation for the subject and the speaker for the object
    if inverted and not any(tv.dep[k] in ("nsubj", "nsubjpass") and not tv.in_quote[k] for k in tv.children[gov]):
        return gov
    if dep == "poss" and tv.lemma[gov] in SPEECH_NOUNS:
        return gov
    # "came the reply from Tom", "the voice of Anna": a speech noun's speaker after "from" / "of"
    if dep == "pobj" and tv.lower[gov] in ("from", "of") and tv.lemma[tv.head[gov]] in SPEECH_NOUNS:
        return tv.head[gov]
    for v in tv.children[h]:
        relative = any(tv.dep[k] == "nsubj" and tv.lower[k] in _RELATIVE for k in tv.children[v])
        if tv.dep[v] == "relcl" and speech(v) and relative:
            return v
    return -1


_SALUTATION = re.compile(
    r"\s*(?:(?:my\s+)?(?:dear|dearest|darling)\b[^\n.!?]{0,40}|(?:dear\s+)?(?:sir|madam|sirs))\s*[,:!—-]?\s*$", re.I
)
_CLOSING = re.compile(
    r"^\s*(?:yours|your\s+\w+(?:\s+\w+)?|(?:very\s+)?(?:sincerely|faithfully|truly|affectionately)|(?:all\s+my\s+|with\s+)?love"
    r"|ever\s+yours|best\s+wishes|regards)\b[^\n.!?]{0,40}[,.]?\s*$",
    re.I | re.M,
)
LETTER_PARAGRAPHS = 15  # the most paragraphs a letter inside a conversation runs to


def letter_paragraphs(text: str, paragraphs: Sequence[Paragraph], with_quotes: set[int]) -> set[int]:
    """The paragraphs of letters set in the narration: from a salutation on its own ("My dear niece,", "Sir,") to a
    closing ("Your loving uncle," "Yours ever,") and the signature under it, without quotation marks. A letter is
    read, not narrated: the names in it (its signature above all) say nothing about who speaks next, and the
    conversation it interrupts goes on after it."""
    out: set[int] = set()
    i = 0
    while i < len(paragraphs):
        par = paragraphs[i]
        if i in with_quotes or not _SALUTATION.fullmatch(text[par.start : par.end]):
            i += 1
            continue
        for j in range(i + 1, min(i + LETTER_PARAGRAPHS, len(paragraphs))):
            if j in with_quotes:
                break
            closing = _CLOSING.search(text[paragraphs[j].start : paragraphs[j].end])
            if closing:
                nxt = paragraphs[j + 1] if j + 1 < len(paragraphs) and j + 1 not in with_quotes else None
                signed = nxt is not None and nxt.end - nxt.start < 40 and not closing.group().strip().endswith(".")
                last = j + 1 if signed else j  # the signature on a line of its own
                out.update(range(i, last + 1))
                i = last
                break
        i += 1
    return out


@dataclass
class Evidence:
    """Per-paragraph evidence about the people in it, computed once for the whole work."""

    par_starts: list[int]
    info: list[_Paragraph]
    named_at: list[tuple[int, int]] = field(default_factory=list)  # (offset, character) of names, descriptions
    # paragraph -> (offset of the speech verb, character, mention kind) of every speaker the narration names
    tags: dict[int, list[tuple[int, int, str]]] = field(default_factory=lambda: defaultdict(list))
    letters: set[int] = field(default_factory=set)  # paragraphs of letters (:func:`letter_paragraphs`)

    def par_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.par_starts, offset) - 1)


@dataclass
class _QuoteBounds:
    first: dict[int, int]  # paragraph -> offset of its first quote
    bounds: dict[int, list[int]]  # paragraph -> the quotes' start and end offsets
    nearest: dict[int, tuple[int, int]] = field(default_factory=dict)  # paragraph -> (distance, character)


def gather_evidence(text: str, tv: TokenView, paragraphs: Sequence[Paragraph], mentions: Sequence[Mention],
                    quotes: Sequence[Quote]) -> Evidence:  # fmt: skip
    """What each paragraph's narration and quotations say about the characters mentioned in it."""
    ev = Evidence([p.start for p in paragraphs], [_Paragraph() for _ in paragraphs])
    qb = _QuoteBounds({}, defaultdict(list))
    for q in quotes:
        ev.info[q.paragraph].has_quote = True
        qb.first.setdefault(q.paragraph, q.start)
        qb.bounds[q.paragraph] += [q.start, q.end]
    ev.letters = letter_paragraphs(text, paragraphs, set(qb.first))
    for m in mentions:
        if m.character < 0:
            continue
        p = ev.par_of(m.start)
        if p in ev.letters:
            continue
        if not m.in_quote:
            _note_narration(ev, p, tv, m, qb)
        elif m.kind == "name":
            if is_vocative(tv, m):
                ev.info[p].vocatives.setdefault(m.character)
            else:
                ev.info[p].in_quote[m.character] += 1
    for p, (_, eid) in qb.nearest.items():
        ev.info[p].nearest_subject = eid
    inside: Counter[int] = Counter()
    for q in quotes:
        inside[q.paragraph] += len(text[q.start : q.end].strip())
    for p, par in enumerate(paragraphs):
        ev.info[p].has_narration = len(text[par.start : par.end].strip()) - inside[p] > 3
    return ev


def _note_narration(ev: Evidence, p: int, tv: TokenView, m: Mention, qb: _QuoteBounds) -> None:
    info, eid = ev.info[p], m.character
    info.narration[eid] += 1
    if m.kind != "pronoun":
        ev.named_at.append((m.start, eid))
    is_subject = tv.dep[m.head] in ("nsubj", "nsubjpass")
    if is_subject:
        info.subjects.append(eid)
    gov = speech_verb_of(tv, m.head, is_speech_verb)
    if gov < 0 and m.kind == "name":
        gov = inverted_tag(tv, bisect.bisect_left(tv.start, m.start))
    if gov >= 0:
        _note_tag(ev, p, tv, m, gov, qb)
    if is_subject:
        gaps = [abs(m.start - b) for b in qb.bounds.get(p, ())]
        if gaps and min(gaps) < qb.nearest.get(p, (1 << 30, -1))[0]:
            qb.nearest[p] = (min(gaps), eid)
    if m.kind == "pronoun" and m.person == 1 and not m.plural:
        info.first_person = True


def _note_tag(ev: Evidence, p: int, tv: TokenView, m: Mention, gov: int, qb: _QuoteBounds) -> None:
    """``m`` names the speaker of the speech verb ``gov`` ("said Tom", "he asked")."""
    info, eid = ev.info[p], m.character
    info.explicit.setdefault(eid, "pronoun" if m.kind == "pronoun" else "name")
    ev.tags[p].append((tv.start[gov], eid, m.kind))
    if m.kind == "pronoun" and m.gender in ("he", "she") and not m.plural:
        info.speech_genders.add(m.gender)
        if info.speech_pronoun_at < 0:
            info.speech_pronoun_at = m.start
    elif m.kind == "nominal" and m.gender in ("he", "she") and not m.plural:
        info.speech_genders.add(m.gender)  # "said her husband", "pursued the injured woman"
    if m.kind == "pronoun" and m.person == 1 and not m.plural:
        info.first_person_speech = True
    if p in qb.first and m.start > qb.first[p]:
        info.explicit_after.add(eid)
    if any(abs(tv.start[gov] - b) <= 40 for b in qb.bounds.get(p, ())):
        info.explicit_near.add(eid)


# ------------------------------------------------------------------------------------------------ one turn
@dataclass
class _Static:
    """What a turn's candidates and features depend on apart from the speakers chosen before it."""

    paragraph: int
    here: _Paragraph
    prev_info: _Paragraph
    window: set[int]  # characters mentioned in the paragraphs around the turn
    scene_counts: Counter[int]
    first_subject: int
    gender_match: int  # the last character named before "he said" whose gender fits
    next_explicit: set[int]
    next_vocative: set[int]


class _Work:
    """The evidence and characters of a work, and each turn's decision-independent context."""

    def __init__(self, ev: Evidence, turns: list[Turn], characters: Sequence[Character]) -> None:
        self.ev, self.turns, self.chars = ev, turns, characters
        self.gender = [pronoun_gender(c) for c in characters]
        self.narrator = next((c.id for c in characters if c.narrator and c.mention_count), -1)
        self.seen: dict[int, list[int]] = defaultdict(list)  # character -> paragraphs that mention it
        self.narrated: dict[int, list[int]] = defaultdict(list)  # character -> paragraphs whose narration does
        for q, info in enumerate(ev.info):
            for eid in dict.fromkeys((*info.narration, *info.in_quote, *info.vocatives)):
                self.seen[eid].append(q)
            for eid in info.narration:
                self.narrated[eid].append(q)

    def last_seen(self, eid: int, p: int, narration: bool = False) -> int:
        """The last paragraph before ``p`` that mentions ``eid`` (in its narration only, with ``narration``; -99:
        none)."""
        pars = (self.narrated if narration else self.seen).get(eid, ())
        k = bisect.bisect_left(pars, p)
        return pars[k - 1] if k > 0 else -99

    def static(self, ti: int) -> _Static:
        info, t = self.ev.info, self.turns[ti]
        p = t.paragraph
        here = info[p]
        window: set[int] = set()
        for q in range(max(0, p - WINDOW_BEFORE), min(len(info), p + 2)):
            window.update(info[q].narration)
            window.update(info[q].in_quote)
        scene_counts = Counter[int]()
        for q in range(max(0, p - 15), p + 1):
            scene_counts.update(info[q].narration)
        nxt = self.turns[ti + 1] if ti + 1 < len(self.turns) else None
        near = nxt is not None and nxt.paragraph - p <= 1
        close = nxt is not None and nxt.paragraph - p <= CONVERSATION_GAP
        return _Static(
            p, here, info[p - 1] if p > 0 else _Paragraph(), window, scene_counts,
            here.subjects[0] if here.subjects else -1, self._gender_match(here),
            set(info[nxt.paragraph].explicit) if near and nxt else set(),
            set(info[nxt.paragraph].vocatives) if close and nxt else set(),
        )  # fmt: skip

    def _gender_match(self, here: _Paragraph) -> int:
        """ "he said": the last man named or described before it (the classic reading of an anaphoric tag)."""
        if here.speech_pronoun_at < 0:
            return -1
        named_at = self.ev.named_at
        k = bisect.bisect_left(named_at, (here.speech_pronoun_at, -1)) - 1
        for _ in range(60):
            if k < 0:
                break
            other = named_at[k][1]
            if self.gender[other] in here.speech_genders and not self.chars[other].group:
                return other
            k -= 1
        return -1


@dataclass
class _History:
    """What the speakers chosen earlier in the conversation say about this turn."""

    prev1: int
    prev2: int
    prev_voc: set[int]
    prev_addr: set[int]
    recent: set[int]
    conversation: set[int]


class _Conversation:
    """The turns of one conversation (:class:`.scorers.Conversation`): candidates and features of any turn, given the
    speakers chosen for the turns before it."""

    def __init__(self, work: _Work, turn_ids: list[int]) -> None:
        self.work, self.turn_ids = work, turn_ids
        self.statics = [work.static(ti) for ti in turn_ids]
        self._addressed_memo: dict[tuple[int, int, int], list[int]] = {}  # (turn, its speaker, the one before)

    def __len__(self) -> int:
        return len(self.turn_ids)

    def _addressed(self, j: int, previous: Sequence[int]) -> list[int]:
        """Who turn ``j`` speaks to, as far as the reading so far says: a vocative, else the previous speaker, else
        (the first turn) the person other than the speaker mentioned last."""
        speaker = previous[j]
        prev1 = previous[j - 1] if j > 0 else -1
        key = (j, speaker, prev1)
        if key not in self._addressed_memo:
            self._addressed_memo[key] = self._addressee(j, speaker, prev1)
        return self._addressed_memo[key]

    def _addressee(self, j: int, speaker: int, prev1: int) -> list[int]:
        voc = [v for v in self.statics[j].here.vocatives if v != speaker]
        if voc:
            return voc[:1]
        if prev1 >= 0:
            return [prev1] if prev1 != speaker else []
        st = self.statics[j]
        people = [e for e in sorted(st.window) if not self.work.chars[e].group and self.work.chars[e].mention_count]
        other = _latest_other(self.work, st.paragraph, people, speaker)
        return sorted(other)[:1] if len(other) == 1 else []

    def history(self, k: int, previous: Sequence[int]) -> _History:
        previous = previous[:k]
        addressed = [self._addressed(j, previous) for j in range(k)]
        return _History(
            prev1=previous[-1] if k >= 1 else -1,
            prev2=previous[-2] if k >= 2 else -1,
            prev_voc=set(self.statics[k - 1].here.vocatives) if k else set(),
            prev_addr=set(addressed[-1]) if k else set(),
            recent=set(previous[-6:]),
            conversation=set(previous) | {a for addr in addressed for a in addr},
        )

    def candidates(self, k: int, previous: Sequence[int]) -> TurnCandidates:
        st, work = self.statics[k], self.work
        h = self.history(k, previous)
        cands = set(st.window)
        cands.update(x for x in (h.prev1, h.prev2, work.narrator) if x >= 0)
        cands.update(h.prev_voc)
        cands.update(x for x in h.conversation if x >= 0)
        p, genders = st.paragraph, st.here.speech_genders
        in_view = [
            eid for eid in cands
            if not work.chars[eid].group and work.gender[eid] in genders
            and (eid in h.conversation or work.last_seen(eid, p) >= p - 1 or eid in st.here.narration)
        ]  # fmt: skip
        only = set(in_view) if len(in_view) == 1 else set()
        ids = [eid for eid in sorted(cands) if not work.chars[eid].group and work.chars[eid].mention_count]
        latest = _latest_other(work, p, ids, h.prev1)
        feats = tuple(tuple(_features(work, st, h, eid, only, latest)) for eid in ids)
        return TurnCandidates(self.turn_ids[k], tuple(ids), feats)


def _latest_other(work: _Work, p: int, ids: Sequence[int], prev1: int) -> set[int]:
    """The candidates other than the last speaker that the narration mentioned last (up to paragraph ``p``): the
    one who answers him when nothing else says so ("'Mother wants you,' said Eleanor. / 'Mother always wants
    me.'": Lucy, whom the narration showed, not Mother, whom the quotation named)."""
    seen = {eid: work.last_seen(eid, p + 1, narration=True) for eid in ids if eid != prev1}
    top = max(seen.values(), default=-99)
    return {eid for eid, q in seen.items() if q == top and q >= 0}


def _features(work: _Work, st: _Static, h: _History, eid: int, only_agreeing: set[int],
              latest_other: set[int]) -> list[float]:  # fmt: skip
    """The features of :data:`FEATURES` for candidate ``eid``, in that order."""
    here, prev_info, p = st.here, st.prev_info, st.paragraph
    gender = work.gender[eid]
    seen = work.last_seen(eid, p)
    gap = 0 if eid in here.narration else (p - seen if seen >= 0 else 99)
    explicit = here.explicit.get(eid, "")
    narrator = work.narrator
    agrees = bool(gender) and gender in here.speech_genders
    return [
        float(explicit == "name"),
        float(explicit == "pronoun"),
        float(eid in here.explicit_after),
        float(eid in here.subjects and not explicit),
        float(eid == st.first_subject),
        math.log1p(here.narration[eid]),
        float(eid in prev_info.narration),
        float(eid in prev_info.subjects and not prev_info.has_quote),
        float(gap == 0),
        float(gap == 1),
        float(gap == 2),
        float(3 <= gap < 99),
        float(eid == h.prev1),
        float(eid == h.prev2),
        float(eid == h.prev1 and not here.has_narration),
        float(eid == h.prev2 and not here.has_narration),
        float(eid in h.prev_voc),
        float(eid in h.prev_addr),
        float(eid in here.vocatives),
        float(here.in_quote[eid] > 0),
        float(eid == narrator),
        float(eid == narrator and here.first_person),
        math.log1p(work.chars[eid].mention_count),
        math.log1p(st.scene_counts[eid]),
        float(eid in h.recent),
        float(eid in st.next_explicit),
        float(here.has_narration),
        float(eid in h.conversation),
        float(agrees),
        float(bool(gender) and bool(here.speech_genders) and gender not in here.speech_genders),
        float(eid in here.explicit_near),
        float(eid == h.prev2 and agrees),
        float(eid == h.prev1 and agrees),
        float(eid == narrator and here.first_person_speech),
        float(eid == here.nearest_subject),
        float(eid == st.gender_match),
        float(eid in st.next_vocative),
        # "he said" with someone else around: conjunctions the linear ranker cannot form by itself
        float(explicit == "pronoun" and eid == h.prev1),
        float(explicit == "pronoun" and eid == h.prev2),
        float(agrees and gap == 0),
        float(agrees and eid in h.prev_addr),
        float(agrees and eid in h.conversation),
        float(agrees and eid in only_agreeing),
        float(eid in latest_other),
        float(eid in latest_other and not here.has_narration),
        float(explicit == "name" and eid in here.explicit_near),
        float(bool(explicit) and (here.in_quote[eid] > 0 or eid in here.vocatives)),
    ]


_F = {f: i for i, f in enumerate(FEATURES)}


def _method(f: Sequence[float], here: _Paragraph) -> str:
    """Which evidence decided the winner (its features ``f``): ``Quote.method``."""
    if f[_F["explicit_name"]] or f[_F["explicit_pronoun"]]:
        return "explicit"
    if f[_F["beat_subject"]]:
        return "beat"
    if f[_F["vocative_prev"]]:
        return "vocative"
    if f[_F["prev2"]] and not here.has_narration:
        return "turn-taking"
    return "context"


# ------------------------------------------------------------------------------------------------ all turns
def conversations(turns: Sequence[Turn], letters: set[int] | None = None) -> list[list[int]]:
    """The turn indices of each conversation: a new one after more than two paragraphs without dialogue (the
    paragraphs of a letter do not count)."""
    out: list[list[int]] = []
    last = -10
    for ti, t in enumerate(turns):
        gap = t.paragraph - last - sum(1 for p in range(last + 1, t.paragraph) if p in letters) if letters else 0
        if (gap if letters else t.paragraph - last) > CONVERSATION_GAP or not out:
            out.append([])
        out[-1].append(ti)
        last = t.paragraph
    return out


def decide_speakers(ev: Evidence, quotes: Sequence[Quote], characters: Sequence[Character],
                    scorer: SpeakerScorer) -> list[Turn]:  # fmt: skip
    """The turns of ``quotes`` with their speakers (``scorer`` decides each conversation); a paragraph whose
    narration tags two utterances with two speakers is split into one turn per utterance."""
    turns = turns_of(quotes)
    work = _Work(ev, turns, characters)
    for ids in conversations(turns, ev.letters):
        decisions: list[Decision] = scorer.decode(_Conversation(work, ids))
        for ti, d in zip(ids, decisions, strict=True):
            t = turns[ti]
            t.speaker = d.speaker
            t.score = d.score if d.speaker >= 0 else 0.0
            t.method = _method(d.features, ev.info[t.paragraph]) if d.speaker >= 0 else ""
    return _split_turns(turns, quotes, ev)


TAG_REACH = 60  # characters between a speech verb and the utterance it tags


def _split_turns(turns: list[Turn], quotes: Sequence[Any], ev: Evidence) -> list[Turn]:
    """A paragraph where narration tags two utterances with two different speakers ('"…," said Mr. Bounderby.
    "…," returned Mrs. Sparsit.' — run-on dialogue, common in older printings) is split into one turn per
    utterance; each takes the speaker its nearest tag names (the one before the next utterance, or after the last
    one), or keeps the paragraph's speaker where it has none."""
    out: list[Turn] = []
    for t in turns:
        tags = ev.tags.get(t.paragraph, [])
        groups: dict[int, list[int]] = {}
        for qi in t.quotes:
            groups.setdefault(getattr(quotes[qi], "utterance", -1 - qi), []).append(qi)
        if len(groups) < 2 or len({eid for _, eid, _ in tags}) < 2:
            out.append(t)
            continue
        spans = [(quotes[g[0]].start, quotes[g[-1]].end) for g in groups.values()]
        chosen: list[int] = []
        for k, (start, end) in enumerate(spans):
            lo = spans[k - 1][1] if k > 0 else -(1 << 30)
            hi = spans[k + 1][0] if k + 1 < len(spans) else 1 << 30
            # a tag inside the utterance ('"…," said Tom, "…"') or after it, before the next one
            after = [(max(0, o - end), eid) for o, eid, _ in tags if start <= o < hi and o - end <= TAG_REACH]
            before = [(start - o, eid) for o, eid, _ in tags if lo <= o < start and start - o <= TAG_REACH]
            near = min(after) if after else (min(before) if before else None)
            chosen.append(near[1] if near else -1)
        if len({c for c in chosen if c >= 0}) < 2:
            out.append(t)
            continue
        for g, eid in zip(groups.values(), chosen, strict=True):
            speaker = eid if eid >= 0 else t.speaker
            method = "explicit" if eid >= 0 else t.method
            out.append(Turn(t.paragraph, g, speaker, list(t.addressees), method, t.score))
    return out


def addressees_of(turns: Sequence[Turn], vocatives: dict[int, dict[int, None]]) -> list[list[int]]:
    """Each turn's addressees: whoever is named vocatively in it, then the other speakers of the conversation around
    it, nearest first (the turn before, the turn after, two before ...): in PDNC's training novels, with the gold
    speakers, the other speakers of the three turns either side cover the annotated addressees best (F1 0.73,
    against 0.62 for the previous speaker alone), because a remark in a group is addressed to the group."""
    out = []
    for ti, t in enumerate(turns):
        order = list(vocatives.get(t.paragraph, {}))  # "Tom, pass the salt": Tom first
        before = _neighbours(turns, ti, -1)
        after = _neighbours(turns, ti, 1)
        for k in range(ADDRESSEE_TURNS):
            order += [x[k] for x in (before, after) if k < len(x)]
        out.append([a for a in dict.fromkeys(order) if a >= 0 and a != t.speaker])
    return out


def _neighbours(turns: Sequence[Turn], ti: int, step: int) -> list[int]:
    """The speakers of up to ADDRESSEE_TURNS turns before (``step`` -1) or after (1) turn ``ti`` in its
    conversation, nearest first."""
    out: list[int] = []
    j = ti
    while 0 <= j + step < len(turns) and len(out) < ADDRESSEE_TURNS:
        if abs(turns[j + step].paragraph - turns[j].paragraph) > CONVERSATION_GAP:
            break
        j += step
        out.append(turns[j].speaker)
    return out


def quote_turns(quotes: Sequence[Quote]) -> list[Turn]:
    """The turns the speakers stage decided (``Quote.turn``), in order, with their speakers."""
    by_turn: dict[int, list[int]] = defaultdict(list)
    for qi, q in enumerate(quotes):
        if q.turn >= 0:
            by_turn[q.turn].append(qi)
    return [Turn(quotes[qis[0]].paragraph, qis, quotes[qis[0]].speaker) for _, qis in sorted(by_turn.items())]


def paragraph_vocatives(
    tv: TokenView, mentions: Sequence[Mention], par_starts: list[int]
) -> dict[int, dict[int, None]]:
    """Paragraph -> the characters named vocatively in its quotations ("Davy, come here"), in text order."""
    out: dict[int, dict[int, None]] = defaultdict(dict)
    for m in mentions:
        if m.character >= 0 and m.in_quote and m.kind == "name" and is_vocative(tv, m):
            out[max(0, bisect.bisect_right(par_starts, m.start) - 1)].setdefault(m.character)
    return out


# ------------------------------------------------------------------------------------------------ the stages
class SpeakersStage:
    """Who speaks each quotation: the turns of dialogue, their candidates and features, and a scorer's decision.
    Sets ``speaker`` (a ``characters`` id), ``method``, ``score`` and ``turn`` of every quote."""

    name: str = "speakers"
    requires: tuple[str, ...] = ("quotes", "mentions", "characters", "paragraphs", "tokens", "sentences")
    produces: tuple[str, ...] = ("quotes",)

    def __init__(self, scorer: str | SpeakerScorer = "linear") -> None:
        self.scorer = speaker_scorer(scorer)
        self.version = stage_version(2, self.scorer.name, self.scorer.fingerprint)

    def __call__(self, doc: Document, ctx: Context) -> Document:
        quotes = doc.layer("quotes")
        if not quotes:
            return doc
        tv = TokenView.cached(doc)
        ev = gather_evidence(doc.text, tv, doc.layer("paragraphs"), doc.layer("mentions"), quotes)
        out = list(quotes)
        src = source_tag(self)
        for n, t in enumerate(decide_speakers(ev, quotes, doc.layer("characters"), self.scorer)):
            score = round(t.score, 3) if t.speaker >= 0 else None
            for qi in t.quotes:
                out[qi] = dataclasses.replace(
                    quotes[qi], source=src, speaker=t.speaker, method=t.method, score=score, turn=n, addressees=()
                )
        return doc.with_layers(quotes=out)


class AddresseesStage:
    """To whom each quotation is spoken: the characters named vocatively in the turn, then the other speakers of the
    turns around it (``Quote.addressees``, most likely first)."""

    name: str = "addressees"
    version: str = stage_version(1)
    requires: tuple[str, ...] = ("quotes", "mentions", "paragraphs", "tokens", "sentences")
    produces: tuple[str, ...] = ("quotes",)

    def __call__(self, doc: Document, ctx: Context) -> Document:
        quotes = doc.layer("quotes")
        if not quotes:
            return doc
        turns = quote_turns(quotes)
        par_starts = [p.start for p in doc.layer("paragraphs")]
        vocatives = paragraph_vocatives(TokenView.cached(doc), doc.layer("mentions"), par_starts)
        out = list(quotes)
        for t, addressees in zip(turns, addressees_of(turns, vocatives), strict=True):
            for qi in t.quotes:
                out[qi] = dataclasses.replace(quotes[qi], addressees=tuple(addressees))
        return doc.with_layers(quotes=out)
