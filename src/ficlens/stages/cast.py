"""The last steps of the literary core: "I" and "you" inside a quotation, then the cast.

* :class:`QuotePronounsStage` links "I"/"me" inside a quotation to its speaker and "you" to its first addressee (a
  new version of ``mentions``, and of ``characters`` with their mention counts).
* :class:`CastStage` keeps the clusters that are characters (named, the narrator, one of the caller's, mentioned at
  least twice, or a speaker), numbers them (the narrator first, then by mentions) and gives each its profile: what
  it does and has done to it, what it owns, how it is described, its pronouns, and its share of the dialogue.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..model import Character, Document, Mention, Quote
from .base import Context, source_tag, stage_version
from .characters import gender_label
from .lexicon import INDEFINITE_PERSONS
from .mentions import linked
from .tokenview import TokenView

__all__ = ["CastStage", "QuotePronounsStage"]

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_POSS_DEPS = ("poss",)
_CONTRACTIONS = {"re": "be", "m": "be", "s": "be", "ve": "have", "d": "have", "ll": "will"}


class QuotePronounsStage:
    """ "I"/"me" inside a quotation is its speaker and "you" its first addressee (singular pronouns not linked by
    coreference)."""

    name: str = "quote_pronouns"
    version: str = stage_version(1)
    requires: tuple[str, ...] = ("quotes", "mentions", "characters")
    produces: tuple[str, ...] = ("mentions", "characters")

    def __call__(self, doc: Document, ctx: Context) -> Document:
        mentions = list(doc.layer("mentions"))
        starts = [m.start for m in mentions]
        src = source_tag(self)
        added: Counter[int] = Counter()
        for q in doc.layer("quotes"):
            i = bisect.bisect_left(starts, q.start)
            while i < len(mentions) and mentions[i].start < q.end:
                m = mentions[i]
                target = _quote_pronoun_target(m, q)
                if target >= 0:
                    mentions[i] = linked(m, target, src)
                    added[target] += 1
                i += 1
        chars = [
            dataclasses.replace(c, mention_count=c.mention_count + added[c.id]) if added[c.id] else c
            for c in doc.layer("characters")
        ]
        return doc.with_layers(mentions=mentions, characters=chars)


def _quote_pronoun_target(m: Mention, q: Quote) -> int:
    if m.kind != "pronoun" or m.character >= 0 or m.plural:
        return -1
    if m.person == 1:
        return q.speaker
    return q.addressees[0] if m.person == 2 and q.addressees else -1


class CastStage:
    """The characters of the work: the clusters worth naming, renumbered, with profiles and dialogue counts; the
    ``mentions`` and ``quotes`` point at the new numbers (-1 for a cluster left out)."""

    name: str = "cast"
    version: str = stage_version(2)
    requires: tuple[str, ...] = ("mentions", "characters", "quotes", "tokens", "sentences")
    produces: tuple[str, ...] = ("characters", "mentions", "quotes")

    def __call__(self, doc: Document, ctx: Context) -> Document:
        chars, mentions, quotes = doc.layer("characters"), doc.layer("mentions"), doc.layer("quotes")
        speakers = {q.speaker for q in quotes}
        keep = [c for c in chars if c.mention_count and _in_cast(c, speakers)]
        keep.sort(key=lambda c: (not c.narrator, -c.mention_count))
        new_id = {c.id: n for n, c in enumerate(keep)}
        own: dict[int, list[Mention]] = defaultdict(list)
        for m in mentions:
            if m.character in new_id:
                own[m.character].append(m)
        spoken_quotes: Counter[int] = Counter()
        spoken_words: Counter[int] = Counter()
        for q in quotes:
            if q.speaker in new_id:
                spoken_quotes[q.speaker] += 1
                spoken_words[q.speaker] += len(_WORD.findall(doc.text, q.start, q.end))
        all_words = sum(spoken_words.values())
        tv = TokenView.cached(doc)
        cast = []
        for c in keep:
            ms = sorted(own[c.id], key=lambda m: m.start)
            prof = _profile(tv, ms)
            cast.append(
                dataclasses.replace(
                    c, id=new_id[c.id], gender=gender_label(c, ms), mention_count=len(ms), first=ms[0].start,
                    last=ms[-1].start, quotes=spoken_quotes[c.id], quote_words=spoken_words[c.id],
                    dialogue_share=round(spoken_words[c.id] / all_words, 4) if all_words else 0.0, agent=prof["agent"],
                    patient=prof["patient"], possessions=prof["possessions"], modifiers=prof["modifiers"],
                    pronouns=prof["pronouns"],
                )
            )  # fmt: skip
        return doc.with_layers(
            characters=cast,
            mentions=[_renumbered_mention(m, new_id) for m in mentions],
            quotes=[_renumbered(q, new_id) for q in quotes],
        )


def _in_cast(c: Character, speakers: set[int]) -> bool:
    """Named, the narrator (named, or saying "I" at least 5 times: not an "I" that strays into a letter), one of
    the caller's, described at least twice, or a speaker."""
    if c.narrator:
        return c.named or c.mention_count >= 5 or c.id in speakers
    if not c.named and c.epithets and all(_indefinite(e) for e, _ in c.epithets):
        return c.id in speakers  # "everyone", "nobody", "no one", "the one": someone, but no one in particular
    return c.named or bool(c.hint) or c.mention_count >= 2 or c.id in speakers


def _indefinite(epithet: str) -> bool:
    words = epithet.split()
    return bool(words) and (words[-1] in INDEFINITE_PERSONS or words[-1] in ("one", "ones"))


def _renumbered_mention(m: Mention, new_id: dict[int, int]) -> Mention:
    cid = new_id.get(m.character, -1)
    return m if cid == m.character else linked(m, cid)


def _renumbered(q: Quote, new_id: dict[int, int]) -> Quote:
    return dataclasses.replace(
        q, speaker=new_id.get(q.speaker, -1), addressees=tuple(new_id[a] for a in q.addressees if a in new_id)
    )


def _profile(tv: TokenView, mentions: Sequence[Mention]) -> dict[str, tuple[tuple[str, int], ...]]:
    agent: Counter[str] = Counter()
    patient: Counter[str] = Counter()
    poss: Counter[str] = Counter()
    mods: Counter[str] = Counter()
    pronouns: Counter[str] = Counter()
    for c in mentions:
        h = c.head
        gov = tv.head[h]
        dep = tv.dep[h]
        if c.kind == "pronoun":
            pronouns[c.key] += 1
        verb = tv.lemma[gov].lower()
        if not verb.isalpha():
            verb = _CONTRACTIONS.get(verb.lstrip("’'"), "")  # “you’re”: spaCy keeps ’re as the lemma
        if dep in ("nsubj",) and tv.pos[gov] in ("VERB", "AUX") and verb:
            if verb == "be":
                for ch in tv.children[gov]:
                    if tv.dep[ch] in ("acomp", "attr") and tv.pos[ch] in ("ADJ", "NOUN"):
                        mods[tv.lemma[ch].lower()] += 1
            else:
                agent[verb] += 1
        elif dep in ("dobj", "nsubjpass") and tv.pos[gov] == "VERB" and verb:
            patient[verb] += 1
        elif dep in _POSS_DEPS and tv.pos[gov] in ("NOUN", "PROPN"):
            poss[tv.lemma[gov].lower()] += 1
        if c.kind == "nominal":
            for ch in tv.children[h]:
                if tv.dep[ch] == "amod":
                    mods[tv.lemma[ch].lower()] += 1

    def top(counter: Counter[str], n: int = 25) -> tuple[tuple[str, int], ...]:
        return tuple(counter.most_common(n))

    return {"agent": top(agent), "patient": top(patient), "possessions": top(poss), "modifiers": top(mods),
            "pronouns": top(pronouns)}  # fmt: skip
