"""Finding the mentions of people: proper names, person noun phrases and pronouns.

Names: runs of proper-noun tokens (with a title such as ``Mr.`` or ``Mother`` before them). Whether a name
is a person is decided per name over the whole work, from evidence a small NER model misses less often than
it mislabels: spaCy's PERSON label, titles, being the subject of verbs people do ("Tamsin said"), being
addressed in dialogue, against being a place ("in Gullhaven") or a thing ("the Marigold").

Noun phrases: a noun whose lemma is a person noun ("the redhead", "his sire", "the older man").
Pronouns: personal pronouns of all persons (not "it").
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import CharacterHint, Document, Mention
from .base import Context, fingerprint, source_tag, stage_version
from .extents import ExtentRules, load_extent_rules, np_extent
from .lexicon import (
    COLLECTIVE_NOUNS,
    GENDERED_NOUNS,
    HONORIFICS,
    HUMAN_VERBS,
    INDEFINITE_PERSONS,
    KIN_WORDS,
    NOT_NAMES,
    NOT_PERSON_NOUNS,
    PRONOUNS,
    load_person_nouns,
    person_nouns,
)
from .tokenview import TokenView

_NAME_TAGS = {"NNP", "NNPS"}
_PLACE_PREPS = {
    "in", "at", "to", "from", "into", "near", "toward", "towards", "through", "across", "inside", "aboard", "onto",
}  # fmt: skip
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
_OTHER_ENTS = {"ORG", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
_DEFINITE = {"the", "this", "that", "these", "those"}
_MISSED_NAME_TAGS = frozenset({"NN", "NNS", "JJ"})
_ADDRESS_WORDS = frozenset(
    {"dear", "dearest", "my", "poor", "old", "young", "good", "darling", "sweet", "hitherto", "fetch", "thank"}
)
# Last words that make a capitalised name a place ("Kellynch Hall"), never a person.
_PLACE_WORDS = frozenset(
    """hall house street road park abbey court square lane place castle manor church inn hotel bridge river hill
    island bay lake station cottage farm lodge terrace gardens row mount mountain forest wood woods town city
    county college school hospital club tower palace chapel cathedral mill shire bank office theatre museum
    street avenue valley harbour harbor light rock point head cove""".split()
)


@dataclass
class Candidate:
    """A mention before clustering."""

    start: int  # character offsets
    end: int
    head: int  # token index
    kind: str  # "name", "nominal", "pronoun"
    key: str = ""  # names: the name without its title; nominals: the head lemma; pronouns: the lower form
    title: str = ""  # names: the title before it, lower case ("mr.")
    gender: str = ""  # "he", "she", "they" or "" when the words say nothing
    person: int = 3
    plural: bool = False
    definite: bool = True
    bare: bool = False  # no determiner or possessor: a vocative ("Come here, girl") or a generic
    possessor: int = -1  # token index of a possessive determiner or noun ("his" in "his sire")
    in_quote: bool = False


@dataclass
class NameEvidence:
    """What the work says about one name, summed over its uses."""

    ner_person: int = 0
    ner_place: int = 0  # GPE, LOC, FAC: fairly reliable
    ner_other: int = 0  # ORG, NORP, WORK_OF_ART …: the small model's usual mistakes for fictional names
    titled: int = 0
    human_subject: int = 0
    subject: int = 0
    by_agent: int = 0
    coordinated: int = 0
    vocative: int = 0
    place: int = 0
    determiner: int = 0
    count: int = 0
    texts: Counter[str] = field(default_factory=Counter)

    def positive(self) -> float:
        return (
            2.0 * self.ner_person
            + 3.0 * self.titled
            + 2.0 * self.human_subject
            + 0.75 * self.subject
            + 1.0 * self.by_agent
            + 2.0 * self.coordinated
            + 1.5 * self.vocative
        )

    def score(self) -> float:
        # spaCy's small model often calls a fictional first name a place (GPE): weaker than a verb people do
        return self.positive() - 1.0 * self.ner_place - 0.5 * self.ner_other - 1.5 * self.place - 4.0 * self.determiner

    def is_person(self) -> bool:
        return self.positive() > 0 and self.score() > 0


def _title_of(word: str) -> str | None:
    if not word[:1].isupper():
        return None  # "her brother Tom": only a capitalised title is part of the name
    w = word.lower()
    return w if w in HONORIFICS or w.rstrip(".") in HONORIFICS else None


def set_off(tv: TokenView, first: int, last: int) -> bool:
    """A name between commas or quote marks in dialogue: "You look terrible, Emily." """
    marks = {",", "!", "?", ".", "“", "”", '"', "‘", "’", "'", ";", "—"}
    before = tv.text[first - 1] if first > 0 else ""
    after = tv.text[last + 1] if last + 1 < len(tv) else ""
    return before in marks and after in marks


_QUOTE_MARKS = frozenset({"“", "”", '"', "‘", "’", "'"})


def is_address(tv: TokenView, first: int, last: int) -> bool:
    """A name addressed in dialogue, with the evidence a word of exclamation lacks: a comma or dash beside it
    ("Emily, come here" / "You look terrible, Emily."), and more in the quotation than the name itself. "Huh.",
    "Peachy.", "Traitor," (the whole quotation) are not addresses."""
    if not set_off(tv, first, last):
        return False
    before = tv.text[first - 1] if first > 0 else ""
    after = tv.text[last + 1] if last + 1 < len(tv) else ""
    if before not in (",", "—") and after not in (",", "—"):
        return False
    opens = first == 0 or before in _QUOTE_MARKS
    k = last + 1
    while k < len(tv) and tv.text[k] in (",", "!", "?", ".", "—", ";"):
        k += 1
    closes = k >= len(tv) or tv.text[k] in _QUOTE_MARKS
    return not (opens and closes)


def _ent_labels(doc_entities: list[tuple[int, int, str]], starts: list[int]) -> list[str]:
    """The spaCy entity label over each token ('' outside entities)."""
    labels = [""] * len(starts)
    if not doc_entities:
        return labels
    import bisect

    for s, e, label in doc_entities:
        i = bisect.bisect_left(starts, s)
        while i < len(starts) and starts[i] < e:
            labels[i] = label
            i += 1
    return labels


def name_runs(tv: TokenView) -> list[tuple[int, int, int]]:
    """(first token, first core token, last token) of each run of proper nouns, titles included."""
    runs: list[tuple[int, int, int]] = []
    i, n = 0, len(tv)
    while i < n:
        if tv.tag[i] in _NAME_TAGS and tv.text[i][:1].isupper() and tv.text[i] not in ("I", "I."):
            # "said I. Lal Chowdar shook his head": the narrator's "I" is not an initial
            j = i
            while (
                j + 1 < n
                and tv.sent[j + 1] == tv.sent[i]
                and tv.tag[j + 1] in _NAME_TAGS
                and tv.text[j + 1][:1].isupper()
            ):
                j += 1
            first = i
            # a title just before the run ("Mr." is sometimes tagged as a common noun)
            if (
                first > 0
                and tv.sent[first - 1] == tv.sent[i]
                and _title_of(tv.text[first - 1])
                and tv.tag[first - 1] not in _NAME_TAGS
            ):
                first -= 1
            # "Dear Miss Louisa", "Poor Mr. Dick", "Dear Anna", "Hitherto Gino": a word of address (or another
            # capitalised word that is never a name) before a name is not part of it
            while (
                first < j
                and (tv.lower[first] in _ADDRESS_WORDS or tv.lower[first] in NOT_NAMES)
                and not _title_of(tv.text[first])
            ):
                first += 1
            core = first
            while core < j and _title_of(tv.text[core]):
                core += 1
            runs.append((first, core, j))
            i = j + 1
        else:
            i += 1
    return runs


def find_candidates(
    tv: TokenView,
    entities: list[tuple[int, int, str]],
    hints: dict[str, str] | None = None,
    nouns: frozenset[str] | None = None,
    extents: ExtentRules | None = None,
) -> tuple[list[Candidate], dict[str, NameEvidence]]:
    """All person mentions (names judged person over the whole work, nominals, pronouns), in text order.

    ``nouns`` (person-noun lemmas) and ``extents`` (noun-phrase extent rules) default to the packaged ones."""
    rules = load_extent_rules() if extents is None else extents
    name_cands, evidence = _name_candidates(tv, _ent_labels(entities, tv.start))
    people = _people(tv, name_cands, evidence, hints)
    in_name = [False] * len(tv)
    out: list[Candidate] = []
    for nc in name_cands:
        if nc.key in people:
            out.append(nc)
            for t in range(nc.head, -1, -1):
                if tv.start[t] < nc.start:
                    break
                in_name[t] = True
    # The tagger sometimes misses a name it tagged right elsewhere ("Willow awoke" as a noun): a capitalised
    # one-word person name, tagged as a noun or adjective, is the same name.
    single = {k for k in people if " " not in k}
    for i in range(len(tv)):
        word = tv.text[i]
        if in_name[i] or word not in single or tv.tag[i] not in _MISSED_NAME_TAGS:
            continue
        in_name[i] = True
        out.append(Candidate(start=tv.start[i], end=tv.end[i], head=i, kind="name", key=word, in_quote=tv.in_quote[i]))
    nouns = person_nouns() if nouns is None else nouns
    for i in range(len(tv)):
        c = _pronoun_at(tv, i)
        if c is None and not in_name[i]:
            c = _nominal_at(tv, i, nouns, rules)
        if c is not None:
            out.append(c)
    out.sort(key=lambda c: (c.start, -c.end))
    return out, dict(evidence)


def _name_candidates(tv: TokenView, labels: list[str]) -> tuple[list[Candidate], dict[str, NameEvidence]]:
    """Every run of proper nouns that may be a name, and the evidence for each name over the work."""
    evidence: dict[str, NameEvidence] = defaultdict(NameEvidence)
    name_cands: list[Candidate] = []
    for first, core, last in name_runs(tv):
        words = [w.title() if w.isupper() and len(w) > 2 else w for w in tv.text[core : last + 1]]  # SISSY -> Sissy
        if len(words) > 1 and words[-1].lower() in _PLACE_WORDS:
            continue
        key = " ".join(words)
        if key.lower() in NOT_NAMES or all(w.lower() in NOT_NAMES for w in words):
            continue
        title = tv.lower[first] if first < core else ""
        _weigh(evidence[key], tv, labels, first, last, title)
        name_cands.append(
            Candidate(
                start=tv.start[first],
                end=tv.end[last],
                head=last,
                kind="name",
                key=key,
                title=title,
                gender=HONORIFICS.get(title, HONORIFICS.get(title.rstrip("."), "")) if title else "",
                plural=tv.tag[last] == "NNPS" and first > 0 and tv.lower[first - 1] in ("the", "all", "both"),
                in_quote=tv.in_quote[first],
            )
        )
    return name_cands, evidence


def _weigh(ev: NameEvidence, tv: TokenView, labels: list[str], first: int, last: int, title: str) -> None:
    """Add what one use of a name (tokens ``first..last``) says about whether it is a person."""
    ev.count += 1
    ev.texts[" ".join(tv.text[first : last + 1])] += 1
    run_labels = {labels[k] for k in range(first, last + 1)}
    ev.ner_person += "PERSON" in run_labels
    if "PERSON" not in run_labels:
        ev.ner_place += bool(run_labels & _PLACE_ENTS)
        ev.ner_other += bool(run_labels & _OTHER_ENTS)
    ev.titled += bool(title)
    h = last
    gov = tv.head[h]
    same_voice = tv.in_quote[h] == tv.in_quote[gov]  # not '"Galley," said Okonkwo': a quotation has no subject
    if tv.dep[h] in ("nsubj", "nsubjpass") and tv.lemma[gov].lower() in HUMAN_VERBS and same_voice:
        ev.human_subject += 1
    elif tv.dep[h] == "nsubj" and tv.pos[gov] == "VERB" and same_voice:
        ev.subject += 1
    if tv.dep[h] == "pobj" and tv.lower[gov] == "by" and tv.dep[gov] == "agent":
        ev.by_agent += 1
    if tv.dep[h] == "pobj" and tv.lower[gov] in _PLACE_PREPS:
        ev.place += 1
    if first > 0 and tv.lower[first - 1] == "the" and not title and not tv.text[last].endswith("s"):
        ev.determiner += 1  # "the Marigold" is a thing; "the Hollisters" are a family
    elif (
        first > 1 and not title and tv.tag[first - 1] == "NN" and tv.lower[first - 2] in ("the", "a", "our", "their")
        and tv.lemma[first - 1].lower() not in person_nouns()
        and (
            tv.head[first - 1] == last
            or (tv.dep[last] == "appos" and tv.head[last] == first - 1)
            or (tv.head[first - 1] == tv.head[last] and tv.dep[first - 1] == tv.dep[last])  # one phrase, split
        )
    ):  # fmt: skip
        # "the station Meridian", "the ship Aurora": a thing's name (not "the boy Pim", not "by the time Wenna Falk
        # unlocked the shop")
        ev.determiner += 1
    if tv.in_quote[first] and is_address(tv, first, last):
        ev.vocative += 1


def _common_word(key: str, ev: NameEvidence, lower: Counter[str]) -> bool:
    """A capitalised common word ("Time", "Nature", "Spite", "Romance"): written in lower case at least three
    times and as often as capitalised (``lower``: lower-case counts, less the words of longer names), with less
    than two uses that only a person has (a verb people do, a title, "and" with a person). Kin words ("Father",
    "Granny") are names."""
    if " " in key or key.lower() in KIN_WORDS:
        return False
    low = lower[key.lower()]
    return low >= 3 and low >= ev.count and ev.human_subject + ev.titled + ev.coordinated + ev.by_agent < 2


def _people(
    tv: TokenView, name_cands: list[Candidate], evidence: dict[str, NameEvidence], hints: dict[str, str] | None
) -> set[str]:
    """The names that are people, judged over the whole work."""
    hinted = {k for k in evidence if hints and k.lower() in hints}
    lower = Counter(w for w in tv.text if w[:1].islower())
    # a word of a longer name is a name ("Small" of "Jonathan Small"), however often "small" is written
    for k in evidence:
        for w in k.split() if " " in k else ():
            lower.pop(w.lower(), None)
    people = {k for k, ev in evidence.items() if (ev.is_person() and not _common_word(k, ev, lower)) or k in hinted}
    # Names joined by "and"/"or" to a person are people too ("Buffy and Giles", "Wes and Gunn").
    head_key = {c.head: c.key for c in name_cands}
    for c in name_cands:
        other = tv.head[c.head] if tv.dep[c.head] == "conj" else -1
        pair = head_key.get(other)
        if pair is not None:
            for a, b in ((c.key, pair), (pair, c.key)):
                if b in people and a not in people:
                    evidence[a].coordinated += 1
                    if evidence[a].is_person():
                        people.add(a)
    # A full name is a person when its first word is ("Tamsin Hale" when "Tamsin said").
    for k in list(evidence):
        parts = k.split()
        if len(parts) > 1 and (parts[0] in people or parts[-1] in people) and evidence[k].score() > -3:
            people.add(k)
    # A single word is a person when a full name of a person starts with it and it has no counter-evidence.
    firsts = {k.split()[0] for k in people if " " in k}
    for k, ev in evidence.items():
        if " " not in k and k in firsts and ev.score() >= -1:
            people.add(k)
    return people


def _pronoun_at(tv: TokenView, i: int) -> Candidate | None:
    """A personal pronoun at token ``i`` (not "it"), or None."""
    low = tv.lower[i]
    info = PRONOUNS.get(low)
    end = tv.end[i]
    if low == "i." and tv.text[i] == "I.":
        # '"Go," said I. Marta shook her head': the tokenizer takes "I." for an initial
        info, low, end = PRONOUNS["i"], "i", tv.start[i] + 1
    if info is None or not (tv.tag[i] in ("PRP", "PRP$") or low == "i"):
        return None
    return Candidate(
        start=tv.start[i], end=end, head=i, kind="pronoun", key=low, gender=info.gender, person=info.person,
        plural=info.plural, in_quote=tv.in_quote[i],
    )  # fmt: skip


def _nominal_at(tv: TokenView, i: int, nouns: frozenset[str], rules: ExtentRules) -> Candidate | None:
    """A noun phrase headed by a person noun at token ``i`` ("the redhead", "his sire", "nobody"), or None."""
    low = tv.lower[i]
    if low in INDEFINITE_PERSONS:
        # "nobody", "somebody else": someone, but no one in particular
        lo, hi = np_extent(tv, i, rules)
        return Candidate(
            start=tv.start[lo], end=tv.end[hi], head=i, kind="nominal", key=low, definite=False,
            in_quote=tv.in_quote[i],
        )  # fmt: skip
    if tv.pos[i] != "NOUN" or tv.dep[i] == "compound":
        return None
    lemma = tv.lemma[i].lower()
    if (lemma not in nouns and lemma not in COLLECTIVE_NOUNS) or lemma in NOT_PERSON_NOUNS:
        return None
    lo, hi = np_extent(tv, i, rules)
    determiner = ""
    possessor = -1
    for ch in tv.children[i]:
        if tv.dep[ch] == "det":
            determiner = tv.lower[ch]
        elif tv.dep[ch] == "poss":
            possessor = ch
    return Candidate(
        start=tv.start[lo],
        end=tv.end[hi],
        head=i,
        kind="nominal",
        key=lemma,
        gender=GENDERED_NOUNS.get(lemma, ""),
        plural=tv.tag[i] == "NNS" or lemma in COLLECTIVE_NOUNS,
        definite=determiner in _DEFINITE or possessor >= 0,
        bare=not determiner and possessor < 0 and not any(tv.dep[ch] in ("amod", "nummod") for ch in tv.children[i]),
        possessor=possessor,
        in_quote=tv.in_quote[i],
    )


def is_vocative(tv: TokenView, m: Candidate | Mention) -> bool:
    """A name set off by commas or quote marks in dialogue: "Davy, come here" / "Come here, Davy." """
    first = m.head
    while first > 0 and tv.start[first - 1] >= m.start:
        first -= 1
    return tv.dep[m.head] == "npadvmod" or set_off(tv, first, m.head)


def _fingerprint_lexicons(nouns: frozenset[str], rules: ExtentRules) -> str:
    return fingerprint("\n".join(sorted(nouns)), json.dumps(sorted(rules.rates.items())), repr(rules.default))


class MentionsStage:
    """The mentions of people (``mentions``, linked to no one yet): names judged person over the whole work, noun
    phrases headed by a person noun, personal pronouns; each with what the words say (title, gender, person, number,
    determiner, possessor, whether it is inside a quotation)."""

    name: str = "mentions"
    requires: tuple[str, ...] = ("tokens", "sentences", "entities", "quotes")
    produces: tuple[str, ...] = ("mentions",)

    def __init__(
        self,
        hints: Iterable[CharacterHint] = (),
        person_nouns: frozenset[str] | None = None,
        extents: ExtentRules | None = None,
    ) -> None:
        """``person_nouns`` and ``extents`` default to the packaged ones; names of ``hints`` are people."""
        self.hints = tuple(hints)
        self.nouns = load_person_nouns() if person_nouns is None else person_nouns
        self.extents = load_extent_rules() if extents is None else extents
        hinted = [f"{h.name}\t{'|'.join(h.aliases)}" for h in self.hints]
        self.version = stage_version(2, _fingerprint_lexicons(self.nouns, self.extents), *hinted)

    def __call__(self, doc: Document, ctx: Context) -> Document:
        tv = TokenView.cached(doc)
        ents = [(e.start, e.end, e.label) for e in doc.layer("entities")]
        hint_names = {norm_name(a): h.name for h in self.hints for a in (h.name, *h.aliases)}
        cands, _ = find_candidates(tv, ents, hint_names, nouns=self.nouns, extents=self.extents)
        src = source_tag(self)
        return doc.with_layers(mentions=[as_mention(c, src) for c in cands])


def norm_name(s: str) -> str:
    """A name as compared with the caller's hints: lower case, one space, straight apostrophes."""
    return " ".join(s.lower().replace("’", "'").split())


def linked(m: Mention, character: int, source: str | None = None) -> Mention:
    """``m`` linked to ``character`` (and made by ``source``): ``dataclasses.replace`` without its cost, for the
    tens of thousands of mentions of a novel."""
    return Mention(
        m.start, m.end, m.source if source is None else source, m.score, m.kind, character, m.head, m.person,
        m.plural, m.in_quote, m.key, m.title, m.gender, m.definite, m.bare, m.possessor,
    )  # fmt: skip


def as_mention(c: Candidate, source: str) -> Mention:
    return Mention(
        c.start, c.end, source=source, kind=c.kind, head=c.head, person=c.person, plural=c.plural,
        in_quote=c.in_quote, key=c.key, title=c.title, gender=c.gender, definite=c.definite, bare=c.bare,
        possessor=c.possessor,
    )  # fmt: skip


def dedupe_hints(hints: Iterable[CharacterHint]) -> tuple[CharacterHint, ...]:
    """The caller's characters, less bare-surname duplicates: a hint named only by one word ("Bounderby",
    "Small") that is the last word of another hint's full name ("Mr. Bounderby", "Jonathan Small") is that
    character's surname, not another person (PDNC's character lists hold such entries). It is left to the name
    clustering, which gives a bare surname to the character the text uses it for."""
    hints = tuple(hints)
    surnames = {
        alias.split()[-1].lower(): h.name for h in hints for alias in (h.name, *h.aliases) if len(alias.split()) >= 2
    }
    out = []
    for h in hints:
        names = {" ".join(a.split()).lower() for a in (h.name, *h.aliases) if a.strip()}
        if names and all(" " not in n and surnames.get(n, h.name) != h.name for n in names):
            continue
        out.append(h)
    return tuple(out)
