"""BookNLP-compatible tables: ``STEM.tokens``, ``STEM.entities``, ``STEM.quotes`` and ``STEM.book``.

File names, headers, column order and the ``.book`` JSON layout are BookNLP's (``booknlp/english/
english_booknlp.py``, ``booknlp/common/pipelines.py``), so scripts written for BookNLP's output read these.
The values are ficlens's: its tokens, sentences, character mentions, places, quotations and characters. Where a
column means something slightly different (token offsets are character offsets into ``Document.text``; ``event``
is always ``O``; ``.book``'s agent/patient/poss/mod entries are found by ficlens's profile rules …)
``docs/outputs.md`` says so. BookNLP's ``.supersense`` file is not written (ficlens has no supersenses).

Tab-separated, one record per line, no quoting: tabs and line breaks inside a cell are replaced (``word`` the way
BookNLP does it: space → ``S``, line break → ``N``, tab → ``T``; free text has every run of whitespace made one
space). Read with ``csv.reader(f, delimiter="\\t", quoting=csv.QUOTE_NONE)`` or
``pandas.read_csv(path, sep="\\t", quoting=3, keep_default_na=False)``.
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..model import Document
from ..model.records import Character, Mention
from . import write_atomic
from .common import characters

TOKENS_HEADER = (
    "paragraph_ID",
    "sentence_ID",
    "token_ID_within_sentence",
    "token_ID_within_document",
    "word",
    "lemma",
    "byte_onset",
    "byte_offset",
    "POS_tag",
    "fine_POS_tag",
    "dependency_relation",
    "syntactic_head_ID",
    "event",
)
ENTITIES_HEADER = ("COREF", "start_token", "end_token", "prop", "cat", "text")
QUOTES_HEADER = ("quote_start", "quote_end", "mention_start", "mention_end", "mention_phrase", "char_id", "quote")

# Mention kinds → BookNLP's ``prop``.
PROP = {"name": "PROP", "nominal": "NOM", "pronoun": "PRON"}
# BookNLP's referential gender categories (its default ``referential_gender_cats``) and the pronouns in each.
GENDER_CATEGORIES = {
    "he/him/his": ("he", "him", "his", "himself"),
    "she/her": ("she", "her", "hers", "herself"),
    "they/them/their": ("they", "them", "their", "theirs", "themselves", "themself"),
}
# ficlens's ``Character.gender`` → the BookNLP category.
GENDER_OF = {"he/him": "he/him/his", "she/her": "she/her", "they/them": "they/them/their"}
NONE = "None"  # what BookNLP writes for a quotation without a speaker

_WS_WORD = {" ": "S", "\t": "T"}
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_SPACES = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def word_cell(word: str) -> str:
    """A token's text as BookNLP writes it: a space becomes ``S``, a tab ``T``, a line break ``N``."""
    if not any(ch.isspace() for ch in word):
        return word
    return "".join(_WS_WORD.get(ch, "N" if ch in _LINE_BREAKS else ("S" if ch.isspace() else ch)) for ch in word)


def text_cell(text: str) -> str:
    """Free text on one line: every run of whitespace (tabs and line breaks included) made one space."""
    return _SPACES.sub(" ", text).strip()


def _tsv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["\t".join(header)]
    lines.extend("\t".join(str(v) for v in row) for row in rows)
    return "\n".join(lines) + "\n"


class _TokenIndex:
    """Character offsets → token indices over the Document's token table."""

    def __init__(self, doc: Document) -> None:
        self.starts = doc.tokens.ints("start")
        self.ends = doc.tokens.ints("end")

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The first and last (inclusive, as BookNLP) tokens overlapping ``[start, end)``; (-1, -1) if none."""
        first = bisect.bisect_right(self.ends, start)
        last = bisect.bisect_left(self.starts, end) - 1
        if first > last:
            return -1, -1
        return first, last


def tokens_rows(doc: Document) -> list[list[object]]:
    """One row per token (every token of the Document, in order), BookNLP's 13 columns."""
    table = doc.tokens
    n = len(table)
    if not n:
        return []
    text = doc.text
    starts, ends, heads = table.ints("start"), table.ints("end"), table.ints("head")
    lemmas, pos, tags, deps = (table.strings(c) for c in ("lemma", "pos", "tag", "dep"))
    # sentences: a new one at every sentence's first token (a token outside every sentence stays in the last one);
    # without a sentence layer, a new one with every paragraph
    has_sentences = doc.has("sentences")
    sentence_starts = {s.token_start for s in doc.layer("sentences")} if has_sentences else set()
    # paragraphs: ficlens's paragraph of the token; outside every paragraph, a blank line starts a new one (BookNLP)
    paragraphs = doc.layer("paragraphs") if doc.has("paragraphs") else ()
    p_starts = [p.start for p in paragraphs]
    rows: list[list[object]] = []
    para_id, sent_id, sent_first = -1, -1, 0
    block: tuple[str, int] | None = None
    for i in range(n):
        a, b = starts[i], ends[i]
        k = bisect.bisect_right(p_starts, a) - 1
        if k >= 0 and a < paragraphs[k].end:
            this_block = ("p", k)
        elif block is not None and block[0] == "gap" and not _BLANK_LINE.search(text, ends[i - 1], a):
            this_block = block
        else:
            this_block = ("gap", i)
        new_paragraph = this_block != block
        if new_paragraph:
            para_id += 1
            block = this_block
        if i == 0 or i in sentence_starts or (not has_sentences and new_paragraph):
            sent_id += 1
            sent_first = i
        rows.append(
            [
                para_id,
                sent_id,
                i - sent_first,
                i,
                word_cell(text[a:b]),
                word_cell(lemmas[i]),
                a,
                b,
                word_cell(pos[i]),
                word_cell(tags[i]),
                word_cell(deps[i]),
                heads[i],
                "O",
            ]
        )
    return rows


def entities_rows(doc: Document) -> list[tuple[int, int, int, str, str, str]]:
    """(COREF, start_token, end_token, prop, cat, text) for every person mention and place, BookNLP's order."""
    index = _TokenIndex(doc)
    n_chars = len(characters(doc))
    places = doc.layer("places") if doc.has("places") else ()
    next_id = n_chars + max((p.entity for p in places), default=-1) + 1
    out: list[tuple[int, int, int, str, str, str]] = []
    for m in doc.layer("mentions") if doc.has("mentions") else ():
        if 0 <= m.character < n_chars:
            coref = m.character
        else:
            coref, next_id = next_id, next_id + 1
        a, b = index.span(m.start, m.end)
        out.append((coref, a, b, PROP.get(m.kind, "NOM"), "PER", text_cell(doc.span_text(m))))
    for p in places:
        if p.entity >= 0:
            coref = n_chars + p.entity
        else:
            coref, next_id = next_id, next_id + 1
        a, b = index.span(p.start, p.end)
        out.append(
            (coref, a, b, "PROP" if p.kind == "name" else "NOM", p.category or "LOC", text_cell(doc.span_text(p)))
        )
    out.sort(key=lambda e: (e[1], e[2], e[3], e[4], e[5], e[0]))
    return out


class _SpeakerMentions:
    """Each character's mentions by start offset, to find the one nearest a quotation quickly."""

    def __init__(self, doc: Document) -> None:
        self.narration: dict[int, list[Mention]] = {}
        self.every: dict[int, list[Mention]] = {}
        for m in doc.layer("mentions") if doc.has("mentions") else ():
            if m.character >= 0:
                self.every.setdefault(m.character, []).append(m)
                if not m.in_quote:
                    self.narration.setdefault(m.character, []).append(m)
        self.starts = {
            key: {c: [m.start for m in ms] for c, ms in table.items()}
            for key, table in (("narration", self.narration), ("every", self.every))
        }

    def nearest(self, speaker: int, start: int, end: int) -> Mention | None:
        """The speaker's mention nearest ``[start, end)`` (0 inside it), preferring narration (outside quotations)."""
        for key, table in (("narration", self.narration), ("every", self.every)):
            ms = table.get(speaker)
            if not ms:
                continue
            i = bisect.bisect_left(self.starts[key][speaker], start)
            window = ms[max(0, i - 3) : i + 2]

            def distance(m: Mention) -> int:
                return start - m.end if m.end <= start else (m.start - end if m.start >= end else 0)

            return min(window, key=lambda m: (distance(m), m.start))
        return None


def quotes_rows(doc: Document) -> list[list[object]]:
    """One row per quotation record (the parts of an interrupted utterance are rows of their own, as in BookNLP)."""
    if not doc.has("quotes"):
        return []
    index = _TokenIndex(doc)
    n_chars = len(characters(doc))
    speakers = _SpeakerMentions(doc)
    # the parts of one utterance ("…," said Tom, "…") look for the speaker's mention around the whole utterance
    extent: dict[int, tuple[int, int]] = {}
    for q in doc.layer("quotes"):
        if q.utterance >= 0:
            a, b = extent.get(q.utterance, (q.start, q.end))
            extent[q.utterance] = (min(a, q.start), max(b, q.end))
    rows: list[list[object]] = []
    for q in doc.layer("quotes"):
        qa, qb = index.span(q.start, q.end)
        speaker = q.speaker if 0 <= q.speaker < n_chars else -1
        ua, ub = extent.get(q.utterance, (q.start, q.end))
        mention = speakers.nearest(speaker, ua, ub) if speaker >= 0 else None
        if mention is not None:
            ma, mb = index.span(mention.start, mention.end)
            m_cells: list[object] = [ma, mb, text_cell(doc.span_text(mention))]
        else:
            m_cells = [NONE, NONE, NONE]
        rows.append([qa, qb, *m_cells, speaker if speaker >= 0 else NONE, text_cell(doc.span_text(q))])
    return rows


def _gender(c: Character) -> dict[str, Any] | None:
    counts = Counter({k: 0 for k in GENDER_CATEGORIES})
    for pronoun, n in c.pronouns:
        for cat, words in GENDER_CATEGORIES.items():
            if pronoun.lower() in words:
                counts[cat] += n
    total = sum(counts.values())
    if not total:
        return None
    inference = {k: round(v / total, 3) for k, v in counts.items()}
    argmax = GENDER_OF.get(c.gender) or max(inference, key=lambda k: inference[k])
    return {"inference": inference, "argmax": argmax, "max": inference[argmax], "total": float(total)}


# The profile rules of the cast stage (``stages/cast.py``, ``_profile``), projected per occurrence: spaCy keeps
# "’re" as the lemma of "you’re", so a contraction's lemma is looked up here.
_CONTRACTIONS = {"re": "be", "m": "be", "s": "be", "ve": "have", "d": "have", "ll": "will"}
ROLES = ("agent", "patient", "poss", "mod")


def _roles(doc: Document) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Per character, the ``.book`` entries ``{"w": word as written, "i": token index}`` in text order: ``agent``
    (a verb whose subject is a mention of the character), ``patient`` (a verb whose object or passive subject it
    is), ``poss`` (a noun it possesses), ``mod`` (an adjective or noun after "is", an adjective before a
    description). The same rules as ``Character.agent``, ``patient``, ``possessions`` and ``modifiers``, which
    count the lemmas of these entries."""
    out: dict[int, dict[str, list[dict[str, Any]]]] = {}
    if not (doc.has("tokens") and doc.has("mentions")) or not len(doc.tokens):
        return out
    t = doc.tokens
    starts, ends, heads = t.ints("start"), t.ints("end"), t.ints("head")
    lemmas, pos, deps = t.strings("lemma"), t.strings("pos"), t.strings("dep")
    children: dict[int, list[int]] = {}
    for i, h in enumerate(heads):
        if h != i:
            children.setdefault(h, []).append(i)

    def entry(i: int) -> dict[str, Any]:
        return {"w": doc.text[starts[i] : ends[i]], "i": i}

    for m in doc.layer("mentions"):
        h = m.head
        if m.character < 0 or not 0 <= h < len(heads):
            continue
        roles = out.setdefault(m.character, {r: [] for r in ROLES})
        gov, dep = heads[h], deps[h]
        verb = lemmas[gov].lower()
        if not verb.isalpha():
            verb = _CONTRACTIONS.get(verb.lstrip("’'"), "")
        if dep == "nsubj" and pos[gov] in ("VERB", "AUX") and verb:
            if verb == "be":
                kids = children.get(gov, ())
                roles["mod"] += [entry(c) for c in kids if deps[c] in ("acomp", "attr") and pos[c] in ("ADJ", "NOUN")]
            else:
                roles["agent"].append(entry(gov))
        elif dep in ("dobj", "nsubjpass") and pos[gov] == "VERB" and verb:
            roles["patient"].append(entry(gov))
        elif dep == "poss" and pos[gov] in ("NOUN", "PROPN"):
            roles["poss"].append(entry(gov))
        if m.kind == "nominal":
            roles["mod"] += [entry(c) for c in children.get(h, ()) if deps[c] == "amod"]
    return out


def book(doc: Document) -> dict[str, Any]:
    """The ``.book`` JSON: one entry per character (all of them, in ficlens's order)."""
    chars = characters(doc)
    phrases: dict[int, dict[str, Counter[str]]] = {
        i: {"proper": Counter(), "common": Counter(), "pronoun": Counter()} for i in range(len(chars))
    }
    have_mentions = doc.has("mentions")
    group = {"name": "proper", "nominal": "common", "pronoun": "pronoun"}
    for m in doc.layer("mentions") if have_mentions else ():
        if m.character in phrases:
            phrases[m.character][group.get(m.kind, "common")][text_cell(doc.span_text(m))] += 1
    roles = _roles(doc)
    out: list[dict[str, Any]] = []
    for i, c in enumerate(chars):  # the index is what mentions and quotes refer to (and equals ``id``)
        if have_mentions:
            mentions = {k: [{"c": n, "n": t} for t, n in v.most_common()] for k, v in phrases[i].items()}
        else:
            mentions = {
                "proper": [{"c": n, "n": t} for t, n in c.names],
                "common": [{"c": n, "n": t} for t, n in c.epithets],
                "pronoun": [{"c": n, "n": t} for t, n in c.pronouns],
            }

        def expand(pairs: tuple[tuple[str, int], ...]) -> list[dict[str, Any]]:
            return [{"w": w, "i": None} for w, n in pairs for _ in range(n)]  # no tokens: the lemmas alone

        mine = roles.get(i) if roles else None
        out.append(
            {
                "agent": mine["agent"] if mine else expand(c.agent) if not roles else [],
                "patient": mine["patient"] if mine else expand(c.patient) if not roles else [],
                "mod": mine["mod"] if mine else expand(c.modifiers) if not roles else [],
                "poss": mine["poss"] if mine else expand(c.possessions) if not roles else [],
                "id": i,
                "g": _gender(c),
                "count": c.mention_count,
                "mentions": mentions,
                # ficlens additions (BookNLP readers ignore unknown keys)
                "name": c.name,
                "narrator": c.narrator,
                "group": c.group,
            }
        )
    return {"characters": out}


def write(doc: Document, out_dir: Path, stem: str) -> list[Path]:
    """Write ``STEM.tokens``, ``STEM.entities``, ``STEM.quotes`` and ``STEM.book``."""
    return [
        write_atomic(out_dir / f"{stem}.tokens", _tsv(TOKENS_HEADER, tokens_rows(doc))),
        write_atomic(out_dir / f"{stem}.entities", _tsv(ENTITIES_HEADER, entities_rows(doc))),
        write_atomic(out_dir / f"{stem}.quotes", _tsv(QUOTES_HEADER, quotes_rows(doc))),
        write_atomic(out_dir / f"{stem}.book", json.dumps(book(doc), ensure_ascii=False)),
    ]
