"""Characters: mentions clustered into people, with coreference, epithets, profiles and the narrator.

The method (``docs/characters.md``):

1. **Names** are grouped over the whole work: a full name ("Orrin Vance") gathers its first or last word
   when only one full name has it; titles keep Mr. and Mrs. Bennet apart; nicknames join the full first name
   they shorten (Wes → Wesley, Fred → Winifred, Tam → Tamsin); caller hints (name + aliases) come first.
2. **Pronouns and noun phrases** are then resolved in reading order against the characters mentioned in the
   last few sentences, with agreement (he/she/they, learned from the text), binding (the object of a verb is
   not its subject), the grammatical role and recency, and for epithets ("the redhead") a memory of which
   character the same words described before. First-person pronouns in narration are the narrator.
3. **Genders** are learned first from confident pronoun links (a pronoun whose only possible antecedent in
   the window is one character), never from names.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..model import Character, CharacterHint, Document, Mention, Paragraph
from .base import Context, source_tag, stage_version
from .lexicon import DESCRIPTIVE_NOUNS, HONORIFICS, INDEFINITE_PERSONS, NICKNAMES
from .mentions import dedupe_hints, is_vocative, linked
from .mentions import norm_name as _norm
from .scorers import AntecedentPair, PronounScorer
from .scorers import pronoun_scorer as pronoun_scorer_of
from .tokenview import TokenView

WINDOW_SENTENCES = 8
_WORD = re.compile(r"\w+(?:['’]\w+)*")
ROLE_SALIENCE: float | None = -1.5
_RELATIONAL = frozenset(
    """mother father mum mom dad son daughter brother sister husband wife uncle aunt nephew niece cousin
    grandmother grandfather grandson granddaughter sire childe friend lover boyfriend girlfriend boss master
    mistress servant partner fiance fiancee parent parents child children family mama mamma mummy daddy papa gran
    granny grandma grandpa""".split()
)
# kin: "Gray's mom" is someone other than Gray and than whoever else is in view, until the text says who
_KIN = frozenset(
    """mother father mum mom dad son daughter brother sister husband wife uncle aunt nephew niece cousin
    grandmother grandfather grandson granddaughter parent mama mamma mummy daddy papa gran granny grandma
    grandpa""".split()
)


# relational nouns that name the same relation ("Gray's mom", then "his mother")
_SAME_RELATION = {
    **dict.fromkeys("mum mom mama mamma mummy mommy ma".split(), "mother"),
    **dict.fromkeys("dad daddy papa pa".split(), "father"),
    **dict.fromkeys("gran granny grandma nan nana".split(), "grandmother"),
    **dict.fromkeys("grandpa granddad grandad".split(), "grandfather"),
}


@dataclass
class _Entity:
    id: int
    named: bool = False
    narrator: bool = False
    group: bool = False
    names: Counter[str] = field(default_factory=Counter)
    heads: Counter[str] = field(default_factory=Counter)
    gender_votes: Counter[str] = field(default_factory=Counter)
    fixed_gender: str = ""
    mentions: list[int] = field(default_factory=list)
    hint: str = ""
    they_votes: int = 0  # singular-they evidence, kept apart from the he/she votes

    def gender(self) -> str:
        if self.fixed_gender:
            return self.fixed_gender
        if not self.gender_votes:
            return ""
        top = [*self.gender_votes.most_common(2), ("", 0)]
        return top[0][0] if top[0][1] > top[1][1] else ""


_TITLE_CLASSES = {
    **dict.fromkeys(("mr", "mister", "monsieur", "m", "herr", "signor", "senor", "señor"), "mr"),
    **dict.fromkeys(("mrs", "madame", "mme", "frau", "signora", "senora", "señora"), "mrs"),
    **dict.fromkeys(("miss", "ms", "mlle", "mademoiselle", "fraulein", "signorina"), "miss"),
}


_KIN_TITLES = frozenset(
    "father mother brother sister uncle aunt auntie grandpa grandfather granny grandma grandmother nan".split()
)


def _bare_title(key: str) -> bool:
    """ "Captain", "Mr.": a title with no name (kin words such as "Father" or "Granny" are names of their own)."""
    low = key.lower()
    return (low in HONORIFICS or low.rstrip(".") in HONORIFICS) and low.rstrip(".") not in _KIN_TITLES


def _family(key: str, surnames: set[str]) -> bool:
    """ "Tilneys", "the Allens": the plural of a surname the work uses is a family, a group."""
    return len(key) > 3 and key.endswith("s") and " " not in key and key[:-1] in surnames


def _title_class(title: str) -> str:
    t = title.lower().rstrip(".")
    return _TITLE_CLASSES.get(t, t)


class _Clusterer:
    """The working state of one run of the characters stage (never shared: the stage's output is its layers)."""

    def __init__(
        self,
        tv: TokenView,
        cands: Sequence[Mention],
        hints: Iterable[CharacterHint],
        sent_scene: list[int],
        paragraphs: Sequence[Paragraph],
        scorer: PronounScorer,
    ) -> None:
        self.tv = tv
        self.cands = cands
        self.sent_scene = sent_scene
        self.scene_counts: dict[int, Counter[int]] = defaultdict(Counter)
        self.hints = list(hints)
        self.entities: list[_Entity] = []
        self.assign: list[int] = [-1] * len(cands)
        self.blocked: set[tuple[int, int]] = set()  # (candidate, entity) pairs binding rules forbid
        # (entity, candidate) of definite descriptions with no antecedent
        self.cataphora: list[tuple[int, int]] = []
        # person noun -> the entity it last described
        self.head_memory: dict[str, int] = {}
        self.scorer = scorer
        self.par_starts = [p.start for p in paragraphs]
        self.narrator: _Entity | None = None
        # (owner entity, relational noun) -> the entity so described ("his mother")
        self.relations: dict[tuple[int, str], int] = {}
        self.by_head: dict[int, int] = {c.head: k for k, c in enumerate(cands)}

    def new_entity(self, **kw: object) -> _Entity:
        e = _Entity(id=len(self.entities), **kw)  # type: ignore[arg-type]
        self.entities.append(e)
        return e

    # -- 1. names -------------------------------------------------------------------------------------
    def cluster_names(self) -> None:
        names = [(k, c) for k, c in enumerate(self.cands) if c.kind == "name"]
        by_key: dict[str, list[int]] = defaultdict(list)
        titled: dict[tuple[str, str], list[int]] = defaultdict(list)
        for k, c in names:
            if c.title and " " not in c.key:
                titled[(_title_class(c.title), c.key)].append(k)  # "Mr. Allen" and "Mrs. Allen" differ
            else:
                by_key[c.key].append(k)
        key_entity: dict[str, _Entity] = {}
        # hints first: every alias of a hinted character is that character
        alias_hint: dict[str, _Entity] = {}
        for h in self.hints:
            e = self.new_entity(named=True, hint=h.name)
            for alias in (h.name, *h.aliases):
                alias_hint[_norm(alias)] = e
        for key in by_key:
            if _norm(key) in alias_hint:
                key_entity[key] = alias_hint[_norm(key)]
        # full names (several words) are characters; a name inside a longer one joins it
        full = sorted((k for k in by_key if " " in k and k not in key_entity), key=lambda k: -len(by_key[k]))
        for key in full:
            key_entity[key] = self.new_entity(named=True)
        # the caller's multi-word names stand beside the text's full names: "Mr. Josiah Bounderby" takes in
        # "Josiah Bounderby" and, below, a bare "Bounderby"
        for h in self.hints:
            for alias in (h.name, *h.aliases):
                alias = " ".join(alias.split())
                if " " in alias and alias not in full:
                    key_entity.setdefault(alias, alias_hint[_norm(alias)])
                    full.append(alias)
        for key in full:
            for other in full:
                if other != key and f" {key} " in f" {other} " and key_entity[key] is not key_entity[other]:
                    if key_entity[key].hint and not key_entity[other].hint:
                        key_entity[other] = key_entity[key]  # the caller's name wins: "Josiah Bounderby Esquire"
                    elif not key_entity[key].hint:
                        key_entity[key] = key_entity[other]
                    break
        # "Sissy Jupe" and "Cecilia Jupe", "Tom Gradgrind" and "Thomas Gradgrind": same surname, related first names
        for key in full:
            first, last = key.split()[0].lower(), key.split()[-1]
            for other in full:
                o_first = other.split()[0].lower()
                if other == key or other.split()[-1] != last or key_entity[key] is key_entity[other]:
                    continue
                if o_first in NICKNAMES.get(first, ()) or (len(first) >= 3 and o_first.startswith(first)):
                    key_entity[key] = key_entity[other]
                    break
        # single untitled words: the one full name that has them, a nickname's full name, or their own
        singles = [k for k in by_key if k not in key_entity]
        titled_keys = Counter(key for _, key in titled)
        # longer names first, nicknames last, so that "Wes" finds "Wesley" however often each is used
        for key in [k for k in singles if _bare_title(k)]:
            # "Sorry, Captain.": a title alone is the one character written with it, else no one's name
            singles.remove(key)
            written = {id(key_entity[f]): key_entity[f] for f in full for i in by_key[f] if self._titled_as(i, key)}
            if len(written) == 1:
                key_entity[key] = next(iter(written.values()))
        for key in sorted(singles, key=lambda k: (k.lower() in NICKNAMES, -len(k), -len(by_key[k]))):
            # a bare surname that also has titled uses ("Sleary" beside "Mr. Sleary") is not merged by name
            containing = [f for f in full if key in f.split() and not (titled_keys[key] and f.split()[-1] == key)]
            firsts = [f for f in containing if f.split()[0] == key]
            target: _Entity | None = None
            if len({id(key_entity[f]) for f in containing}) == 1:
                target = key_entity[containing[0]]
            elif len({id(key_entity[f]) for f in firsts}) == 1:
                target = key_entity[firsts[0]]
            if target is None:
                target = self._by_nickname(key, key_entity, full)
            key_entity[key] = target or self.new_entity(named=True)
        for key, idxs in by_key.items():
            for i in idxs if key in key_entity else ():
                self._add(i, key_entity[key])
        self.learn_genders()
        self._attach_titled(titled, key_entity, full)
        # a bare surname kept apart because of titled uses joins them when they all went to one character
        for key in singles:
            targets = {self.assign[i] for (cls, k), idxs in titled.items() if k == key for i in idxs}
            e = key_entity[key]
            one_name = len({n.lower() for n in e.names}) == 1
            if len(targets) == 1 and e.named and not e.hint and one_name and e.id not in targets:
                self._merge(e, self.entities[targets.pop()])
        surnames = {k.split()[-1] for k in full} | {k for _, k in titled}
        for e in self.entities:
            if e.names and all(self.cands[i].plural or _family(self.cands[i].key, surnames) for i in e.mentions):
                e.group = True

    def _titled_as(self, i: int, title: str) -> bool:
        t = self.cands[i].title
        return bool(t) and t.rstrip(".").lower() == title.rstrip(".").lower()

    def _written_with(self, eid: int, cls: str) -> bool:
        """Whether a name of entity ``eid`` was written with a title of class ``cls``."""
        cands = self.cands
        return any(cands[i].title and _title_class(cands[i].title) == cls for i in self.entities[eid].mentions)

    def _attach_titled(
        self, titled: dict[tuple[str, str], list[int]], key_entity: dict[str, _Entity], full: list[str]
    ) -> None:
        """ "Mr. Bounderby" joins Josiah Bounderby, the only Bounderby; "Miss Tilney" joins Eleanor Tilney, the
        only Tilney whose pronouns agree; "General Tilney" (no gender, three Tilneys) and the Mr. and Mrs. Allen
        of a work with no full Allen name stay characters of their own."""
        classes_per_key = Counter(key for _, key in titled)
        for (cls, key), idxs in sorted(titled.items(), key=lambda kv: -len(kv[1])):
            g = self.cands[idxs[0]].gender
            cands = {key_entity[f].id for f in full if key in f.split()}
            if cls == "mrs":
                # Mrs. X is Mr. X's wife unless a full name was itself written with Mrs.
                cands = {e for e in cands if any(self.cands[i].title and _title_class(self.cands[i].title) == "mrs"
                                                 for i in self.entities[e].mentions)}  # fmt: skip
            # a gendered title needs a full name whose pronouns agree (or the only one, if nothing disagrees)
            options = [e for e in cands if self.entities[e].gender() == g] if g else list(cands)
            if g and not options and len(cands) == 1 and not self.entities[next(iter(cands))].gender():
                options = list(cands)
            if len(options) > 1:
                # several agree: the one written with this very title before ("Mr. Henry Tilney" -> "Mr. Tilney")
                same_title = [e for e in options if self._written_with(e, cls)]
                options = same_title if len(same_title) == 1 else options
            target: _Entity | None = None
            if len(options) == 1:
                target = self.entities[options[0]]
            elif not cands and key in key_entity and classes_per_key[key] == 1:
                other = key_entity[key]
                if not (g and other.gender() and other.gender() != g) and not other.hint:
                    target = other  # "Allen" and "Mr. Allen" with no other Allen
            if target is None:
                target = self.new_entity(named=True)
            for i in idxs:
                self._add(i, target)

    def _by_nickname(self, key: str, key_entity: dict[str, _Entity], full: list[str]) -> _Entity | None:
        low = key.lower()
        firsts: dict[str, set[int]] = defaultdict(set)
        for other, e in key_entity.items():
            firsts[other.split()[0].lower()].add(e.id)
        for f in full:
            firsts[f.split()[0].lower()].add(key_entity[f].id)
        found: set[int] = set()
        for full_first in NICKNAMES.get(low, ()):
            found |= firsts.get(full_first, set())
        if not found and len(low) >= 3:
            for first, ids in firsts.items():
                if first != low and first.startswith(low) and len(first) - len(low) >= 2:
                    found |= ids
        return self.entities[found.pop()] if len(found) == 1 else None

    def _merge(self, e: _Entity, into: _Entity) -> None:
        for i in e.mentions:
            self.assign[i] = into.id
        into.mentions += e.mentions
        into.names.update(e.names)
        into.heads.update(e.heads)
        into.gender_votes.update(e.gender_votes)
        e.mentions, e.names = [], Counter()

    def _add(self, i: int, e: _Entity) -> None:
        c = self.cands[i]
        self.assign[i] = e.id
        e.mentions.append(i)
        if c.kind == "name":
            e.names[self.tv_text(c)] += 1
            if c.gender:
                e.gender_votes[c.gender] += 3
        elif c.kind == "nominal":
            e.heads[c.key] += 1
            if not c.plural:
                self.head_memory[c.key] = e.id
                mine = self._narrator_relation(c)
                if mine is not None:
                    self.head_memory.setdefault(mine, e.id)
            if c.gender and not c.plural:
                e.gender_votes[c.gender] += 1

    def tv_text(self, c: Mention) -> str:
        tv = self.tv
        # the name as written, from the first token at c.start to c.head
        first = c.head
        while first > 0 and tv.start[first - 1] >= c.start:
            first -= 1
        return " ".join(tv.text[first : c.head + 1])

    # -- 2. pronouns and noun phrases ---------------------------------------------------------------------
    def resolve(self) -> None:
        """Pronouns and noun phrases in reading order, against the characters mentioned in the last sentences."""
        tv = self.tv
        recent: list[tuple[int, int, int]] = []  # (sentence, entity id, candidate index)
        self.narrator = next((e for e in self.entities if e.narrator), None)
        self.scene_counts.clear()
        for k, c in enumerate(self.cands):
            sent = tv.sent[c.head]
            scene = self.sent_scene[sent]
            recent = [r for r in recent if sent - r[0] <= WINDOW_SENTENCES and self.sent_scene[r[0]] == scene]
            if c.kind == "name":
                if self.assign[k] >= 0:
                    recent.append((sent, self.assign[k], k))
                    self.scene_counts[scene][self.assign[k]] += 1
                continue
            target = self._pronoun_target(k, c, recent) if c.kind == "pronoun" else None
            if c.kind == "nominal":
                target = self._nominal(k, c, recent)
            if target is None:
                continue
            self._add(k, target)
            recent.append((sent, target.id, k))
            self.scene_counts[scene][target.id] += 1

    def _pronoun_target(self, k: int, c: Mention, recent: list[tuple[int, int, int]]) -> _Entity | None:
        if c.person == 1 and not c.plural and not c.in_quote:
            if self.narrator is None:
                self.narrator = self.new_entity(narrator=True)  # "I" in narration is the narrator
            return self.narrator
        if c.person == 3 and not c.plural and c.gender in ("he", "she"):
            return self._antecedent(k, c, recent)
        if c.person == 3 and c.plural:
            return self._singular_they(k, c, recent) or self._group_antecedent(k, recent)
        return None

    def _singular_they(self, k: int, c: Mention, recent: list[tuple[int, int, int]]) -> _Entity | None:
        """A character whose pronouns the text settled as they/them ("Robin smiled. They had been …" twice or
        more, and never outvoted), in view and ranked first, takes "they"; no group in view competes."""
        if c.gender != "they" or not any(self.entities[eid].fixed_gender == "they" for _, eid, _ in recent):
            return None
        if any(self.entities[eid].group for _, eid, _ in recent):
            return None
        scored = self._scored(k, c, recent, "they")
        for _, eid in scored[:1]:
            if self.entities[eid].fixed_gender == "they":
                return self.entities[eid]
        return None

    def _blocked(self, k: int, c: Mention, other: int) -> bool:
        """Binding: a non-reflexive object is not the subject of its own verb; a possessor is not its noun."""
        tv = self.tv
        o = self.cands[other]
        if (
            c.kind == "pronoun"
            and not c.key.endswith(("self", "selves"))
            and tv.dep[c.head] in ("dobj", "pobj", "dative")
            and tv.dep[o.head] in ("nsubj", "nsubjpass")
        ):
            gov = tv.head[c.head]
            gov = tv.head[gov] if tv.dep[c.head] == "pobj" else gov
            if tv.head[o.head] == gov:
                return True
        if c.possessor >= 0 and o.head == c.possessor:
            return True
        if c.kind == "nominal" and tv.dep[c.head] in ("dobj", "pobj") and tv.dep[o.head] in ("nsubj",):
            gov = tv.head[c.head]
            gov = tv.head[gov] if tv.dep[c.head] == "pobj" else gov
            if tv.head[o.head] == gov:
                return True
        return False

    def _scored(
        self, k: int, c: Mention, recent: list[tuple[int, int, int]], gender: str, learned: bool = False
    ) -> list[tuple[float, int]]:
        """The entities in ``recent`` that ``c`` may refer to, best first, with the score of their best mention.
        ``learned``: score with the stage's pronoun scorer instead of the hand-set rule (noun phrases)."""
        tv = self.tv
        sent = tv.sent[c.head]
        in_scene = self.scene_counts[self.sent_scene[sent]]
        focal = in_scene.most_common(1)[0][0] if in_scene else -1
        rank: dict[int, int] = {}
        latest: dict[int, int] = {}
        considered: set[int] | None = None
        if learned:
            rank, latest, considered = self._considered(recent, self.scorer.mentions_per_entity)
        blocked: set[int] = set()
        best: dict[int, float] = {}
        for rsent, eid, idx in recent:
            if self._blocked(k, c, idx):
                blocked.add(eid)
                self.blocked.add((k, eid))
                continue
            e = self.entities[eid]
            if e.group or (e.narrator and not c.in_quote):
                continue
            eg = e.gender()
            if gender and eg and eg != gender:
                continue
            if considered is not None and idx not in considered:
                continue
            if learned:
                feats = self._pair_features(k, c, idx, e, sent - rsent, rank[eid], latest[eid] == idx, in_scene, focal)
                score = self.scorer.score(AntecedentPair(k, idx, eid, sent - rsent, tuple(feats)))
            else:
                score = self._hand_score(c, self.cands[idx], sent - rsent, gender, eg, in_scene[eid], eid == focal)
            best[eid] = max(best.get(eid, -99.0), score)
        return sorted(((s, e) for e, s in best.items() if e not in blocked), reverse=True)

    @staticmethod
    def _considered(
        recent: list[tuple[int, int, int]], per_entity: int | None
    ) -> tuple[dict[int, int], dict[int, int], set[int] | None]:
        """Each entity's recency rank and latest mention in ``recent``, and the mentions a scorer that weighs only
        the last ``per_entity`` of each entity looks at (None: all)."""
        rank: dict[int, int] = {}
        latest: dict[int, int] = {}
        seen: Counter[int] = Counter()
        considered: set[int] = set()
        for _, eid, idx in reversed(recent):
            rank.setdefault(eid, len(rank))
            latest.setdefault(eid, idx)
            seen[eid] += 1
            if per_entity is not None and seen[eid] <= per_entity:
                considered.add(idx)
        return rank, latest, (considered if per_entity is not None and considered else None)

    def _hand_score(
        self, c: Mention, o: Mention, distance: int, gender: str, eg: str, in_scene: int, focal: bool
    ) -> float:
        """The hand-set score of an earlier mention ``o`` for ``c``: near, a subject, a name, agreeing, in the same
        voice, salient in the scene."""
        score = -1.0 * distance
        if self.tv.dep[o.head] in ("nsubj", "nsubjpass"):
            score += 1.0
        if o.kind == "name":
            score += 0.5
        if gender and not eg:
            score -= 1.5
        if o.in_quote != c.in_quote:
            score -= 0.5
        return score + (0.3 * math.log1p(in_scene) + (0.75 if focal else 0.0))

    def _paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self.par_starts, offset)

    def _pair_features(
        self,
        k: int,
        c: Mention,
        idx: int,
        e: _Entity,
        distance: int,
        rank: int,
        latest: bool,
        in_scene: Counter[int],
        focal: int,
    ) -> list[float]:
        """The features of :data:`ficlens.stages.antecedents.FEATURES` for pronoun ``c`` and earlier mention
        ``idx`` of entity ``e``, in that order."""
        tv = self.tv
        o = self.cands[idx]
        subj = ("nsubj", "nsubjpass")
        o_subj, c_subj = tv.dep[o.head] in subj, tv.dep[c.head] in subj
        eg = e.gender()
        return [
            1.0,
            float(distance == 0),
            float(distance == 1),
            float(distance == 2),
            float(distance >= 3),
            math.log1p(k - idx - 1),
            float(rank == 0),
            float(rank == 1),
            float(rank >= 2),
            float(o_subj),
            float(c_subj),
            float(o_subj and c_subj),
            float(tv.dep[o.head] == "poss"),
            float(tv.dep[o.head] in ("dobj", "pobj", "dative")),
            float(o.kind == "name"),
            float(o.kind == "nominal"),
            float(o.kind == "pronoun"),
            float(bool(c.gender) and not eg),
            math.log1p(e.gender_votes.get(c.gender, 0)) if c.gender else 0.0,
            float(o.in_quote != c.in_quote),
            float(o.in_quote and c.in_quote),
            math.log1p(in_scene[e.id]),
            float(e.id == focal),
            math.log1p(len(e.mentions)),
            float(e.named),
            float(tv.dep[c.head] == "poss"),
            float(c.key.endswith(("self", "selves"))),
            float(self._paragraph_of(o.start) == self._paragraph_of(c.start)),
            float(latest),
        ]

    def _antecedent(self, k: int, c: Mention, recent: list[tuple[int, int, int]]) -> _Entity | None:
        scored = self._scored(k, c, recent, c.gender, learned=True)
        if scored:
            return self.entities[scored[0][1]]
        if c.in_quote:
            return None
        # no one in view agrees (a scene that opens on "She woke before the alarm"): the work's most
        # mentioned character so far whose pronouns agree
        agreeing = [e for e in self.entities if e.named and not e.group and e.gender() == c.gender and e.mentions]
        return max(agreeing, key=lambda e: len(e.mentions)) if agreeing else None

    def _group_antecedent(self, k: int, recent: list[tuple[int, int, int]]) -> _Entity | None:
        for _, eid, _ in reversed(recent):
            if self.entities[eid].group:
                return self.entities[eid]
        return None

    def _nominal(self, k: int, c: Mention, recent: list[tuple[int, int, int]]) -> _Entity | None:
        tv = self.tv
        # apposition and copula: "Willow, the witch" / "Spike was a vampire"
        h = c.head
        if tv.dep[h] == "appos":
            owner = self._entity_at(tv.head[h], recent)
            if owner is not None and not all(self.cands[i].key in INDEFINITE_PERSONS for i in owner.mentions):
                return owner  # (not "everyone in the village, even the priest")
        for ch in tv.children[h]:
            named = self.by_head.get(ch)
            if (
                tv.dep[ch] == "appos"
                and c.key in _KIN
                and c.possessor >= 0
                and named is not None
                and self.cands[named].kind == "name"
                and self.assign[named] >= 0
            ):
                return self.entities[self.assign[named]]  # "Mrs Penhale's grandson, Kit,"
        if c.bare and not c.plural:
            return None  # a vocative or generic use: the dialogue stage links vocatives to addressees
        if c.plural:
            e = self._group_antecedent(k, recent) if c.definite else None
            return e or self.new_entity(group=True)
        if not c.definite:
            return self.new_entity()
        mine = self._narrator_relation(c)
        if mine is not None:
            seen = self.head_memory.get(mine)
            if seen is not None and self.entities[seen].mentions:
                return self.entities[seen]  # "my aunt" means the same person all through a first-person story
        owner_id = self._owner(c) if c.key in _RELATIONAL and c.possessor >= 0 else None
        if c.key in _KIN and c.possessor >= 0 and owner_id is not None:
            # "Gray's mom", then "his mother": the mother of that owner, never the owner nor a bystander
            relation = _SAME_RELATION.get(c.key, c.key)
            seen = self.relations.get((owner_id, relation))
            if seen is None:
                seen = self._kin_in_paragraph(k, c, recent, owner_id)
            seen = self._kin_named(relation) if seen is None else seen
            seen = self._kin_in_view(k, c, recent, owner_id) if seen is None else seen
            if seen is None or not self.entities[seen].mentions:
                e = self.new_entity()  # not joined by cataphora to whoever the scene names most
                self.relations[(owner_id, relation)] = e.id
                return e
            return self.entities[seen]
        scored = self._scored(k, c, recent, c.gender)
        memory = [(s + 2.0, e) for s, e in scored if self.entities[e].heads.get(c.key)]
        if memory:
            return self.entities[max(memory)[1]]
        if mine is not None:
            return self._unnamed(k, c)  # a first "my aunt": someone new, perhaps named later
        if c.key in _KIN and c.possessor >= 0:
            named = self._kin_in_paragraph(k, c, recent, -1)
            named = self._kin_named(_SAME_RELATION.get(c.key, c.key)) if named is None else named
            named = self._kin_in_view(k, c, recent, -1) if named is None else named
            return (
                self.entities[named] if named is not None else self.new_entity()
            )  # owner unknown: not whoever is in view
        if c.key in _RELATIONAL and c.possessor >= 0:
            # "his friend", "her master": someone in view, never the owner
            close = [(s, e) for s, e in scored if s > -2.5 and e != owner_id]
            return self.entities[close[0][1]] if close else self._unnamed(k, c)
        if c.key not in DESCRIPTIVE_NOUNS:
            # a role ("the waiter", "the landlady"): the character it described before, anywhere, or a new one
            seen = self.head_memory.get(c.key)
            if seen is not None and self.entities[seen].mentions and (k, seen) not in self.blocked:
                return self.entities[seen]
            return self.new_entity()
        if scored and scored[0][0] > -3.5:
            return self.entities[scored[0][1]]
        return self._unnamed(k, c)

    def _kin_in_paragraph(self, k: int, c: Mention, recent: list[tuple[int, int, int]], owner: int) -> int | None:
        """ "Ben was on the harbour wall ... The harbourmaster's son had been sitting there": a kin description
        right after a clear antecedent (the one named subject of the sentence before or of its own sentence, in its
        paragraph, agreeing, not the owner) is that character."""
        tv = self.tv
        sent, par = tv.sent[c.head], self._paragraph_of(c.start)
        subjects = set()
        for rsent, eid, idx in recent:
            o, e = self.cands[idx], self.entities[eid]
            if sent - rsent > 1 or self._paragraph_of(o.start) != par or tv.dep[o.head] not in ("nsubj", "nsubjpass"):
                continue
            if e.named and not e.narrator and not e.group and eid != owner and o.kind == "name":
                subjects.add(eid)
        if len(subjects) != 1:
            return None
        eid = subjects.pop()
        g = self.entities[eid].gender()
        return None if (c.gender and g and g != c.gender) or (k, eid) in self.blocked else eid

    def _kin_in_view(self, k: int, c: Mention, recent: list[tuple[int, int, int]], owner: int) -> int | None:
        """The best candidate in view that is not the owner ("her husband" for the man she is talking to)."""
        close = [(s, e) for s, e in self._scored(k, c, recent, c.gender) if s > -2.5 and e != owner]
        return close[0][1] if close else None

    def _kin_named(self, relation: str) -> int | None:
        """The one character named by this relation ("Gran" for "his grandmother"), if there is one."""
        found = {
            e.id
            for e in self.entities
            if e.named and e.mentions and any(_SAME_RELATION.get(n.lower(), n.lower()) == relation for n in e.names)
        }
        return found.pop() if len(found) == 1 else None

    def _owner(self, c: Mention) -> int | None:
        """The entity of the possessor of ``c`` ("Gray" in "Gray's mom", "his" once resolved), if known."""
        k = self.by_head.get(c.possessor)
        return self.assign[k] if k is not None and self.assign[k] >= 0 else None

    def _narrator_relation(self, c: Mention) -> str | None:
        """``"my:aunt"`` for "my aunt" in first-person narration (not in dialogue), else None."""
        if c.possessor < 0 or c.in_quote or c.key not in _RELATIONAL:
            return None
        return f"my:{c.key}" if self.tv.lower[c.possessor] in ("my", "our") else None

    def _unnamed(self, k: int, c: Mention) -> _Entity:
        """A new entity for a description with no antecedent; a definite one may be a character named later."""
        e = self.new_entity()
        if c.definite and not c.plural and self._narrator_relation(c) is None:
            self.cataphora.append((e.id, k))
        return e

    def _entity_at(self, token: int, recent: list[tuple[int, int, int]]) -> _Entity | None:
        for _, eid, idx in reversed(recent):
            if self.cands[idx].head == token:
                return self.entities[eid]
        return None

    def learn_genders(self) -> None:
        """Vote each named character's pronouns from syntax that binds a pronoun to its subject:
        "Willow thought to herself" (a reflexive, 3 votes), "Spike shook his head" (a possessive on the
        object, 2 votes), and "Willow knew. She ..." (the next sentence's first mention, a subject pronoun,
        1 vote). Many weak votes make a reliable majority; names alone never decide."""
        tv = self.tv
        cands = self.cands
        for k, c in enumerate(cands):
            eid = self.assign[k]
            if c.kind != "name" or eid < 0 or tv.dep[c.head] not in ("nsubj", "nsubjpass"):
                continue
            verb = tv.head[c.head]
            sent = tv.sent[c.head]
            next_sentence_done = False
            alone = not any(tv.dep[ch] == "conj" for ch in tv.children[c.head]) and tv.dep[c.head] != "conj"
            for j in range(k + 1, len(cands)):
                o = cands[j]
                if tv.sent[o.head] - sent > 1:
                    break
                same_sentence = tv.sent[o.head] == sent
                if not same_sentence and next_sentence_done:
                    break
                is_gendered = o.kind == "pronoun" and o.person == 3 and not o.plural and o.gender in ("he", "she")
                # "Robin smiled. They had been expecting it": they/them of one person, when the name stands alone
                # (counted apart, so that a plural "they" after a name never weakens its he/she votes)
                singular_they = o.kind == "pronoun" and o.person == 3 and o.gender == "they" and alone
                if singular_they and not same_sentence and tv.dep[o.head] == "nsubj" and not o.in_quote:
                    self.entities[eid].they_votes += 1
                elif singular_they and same_sentence and o.in_quote == c.in_quote:
                    gov = tv.head[o.head]
                    if o.key.startswith("themsel") or (tv.dep[o.head] == "poss" and tv.head[gov] == verb):
                        self.entities[eid].they_votes += 1
                if same_sentence and is_gendered and o.in_quote == c.in_quote:
                    gov = tv.head[o.head]
                    if o.key.endswith("self") and (gov == verb or tv.head[gov] == verb):
                        self.entities[eid].gender_votes[o.gender] += 3
                    elif tv.dep[o.head] == "poss" and tv.head[gov] == verb and tv.dep[gov] in ("dobj", "attr"):
                        self.entities[eid].gender_votes[o.gender] += 2
                elif not same_sentence:
                    next_sentence_done = True
                    between = range(c.head + 1, o.head)
                    if (
                        is_gendered
                        and tv.dep[o.head] == "nsubj"
                        and not o.in_quote
                        and not c.in_quote
                        and not any(tv.in_quote[t] for t in between)  # not across someone else's speech
                    ):
                        self.entities[eid].gender_votes[o.gender] += 1

    def run(self) -> None:
        self.cluster_names()
        for e in self.entities:
            votes = e.gender_votes
            if votes:
                g, n = votes.most_common(1)[0]
                if n >= 2 and n >= 2 * (sum(votes.values()) - n):
                    e.fixed_gender = g
            elif e.they_votes >= 2:
                e.fixed_gender = "they"  # never a he or she vote, and "they" at least twice
        self.resolve()
        self.merge_cataphora()
        self.name_narrator()

    def name_narrator(self) -> None:
        """A first-person narrator is named by how others address them: the named character whose mentions
        are nearly all inside dialogue ("Mr. Copperfield," "Davy"), most often as a vocative, is the narrator."""
        narrator = next((e for e in self.entities if e.narrator and e.mentions), None)
        if narrator is None or len(narrator.mentions) < 5:
            return
        tv = self.tv
        best: tuple[int, _Entity] | None = None
        for e in self.entities if len(narrator.mentions) >= 20 else ():
            if not e.named or e.group or e is narrator or len(e.mentions) < 3:
                continue
            names = [i for i in e.mentions if self.cands[i].kind == "name"]
            inside = sum(1 for i in names if self.cands[i].in_quote)
            if not names or inside < 0.85 * len(names):
                continue
            vocative = sum(1 for i in names if self.cands[i].in_quote and is_vocative(tv, self.cands[i]))
            if vocative >= 2 and (best is None or vocative > best[0]):
                best = (vocative, e)
        if best is None:
            best = self._addressed_narrator(narrator)
        if best is not None:
            self._merge(best[1], narrator)
            narrator.named = True

    def _addressed_narrator(self, narrator: _Entity) -> tuple[int, _Entity] | None:
        """ "Mary, what's going on?" he says to me: a name used only to address someone, in paragraphs whose
        narration speaks of the narrator, is the narrator's, even when it is used once."""
        cands, tv = self.cands, self.tv
        own_paragraphs = {self._paragraph_of(cands[i].start) for i in narrator.mentions if not cands[i].in_quote}
        best: tuple[int, _Entity] | None = None
        for e in self.entities:
            if not e.named or e.group or e is narrator or e.hint:
                continue
            names = [i for i in e.mentions if cands[i].kind == "name"]
            if not names or not all(cands[i].in_quote and is_vocative(tv, cands[i]) for i in names):
                continue
            votes = sum(1 for i in names if self._paragraph_of(cands[i].start) in own_paragraphs)
            if votes and (best is None or votes > best[0]):
                best = (votes, e)
        return best

    def merge_cataphora(self) -> None:
        """ "Orrin watched the redhead climb the stairs" ... "Tamsin": a definite description that opened a
        new entity joins the named character most mentioned in the next sentences, if gender agrees and no
        binding rule forbids it."""
        tv = self.tv
        for eid, k in self.cataphora:
            e = self.entities[eid]
            if e.named or not e.mentions:
                continue
            scene = self.sent_scene[tv.sent[self.cands[k].head]]
            counts: Counter[int] = Counter()
            for j in range(k + 1, len(self.cands)):
                if self.sent_scene[tv.sent[self.cands[j].head]] != scene:
                    break
                other = self.assign[j]
                if other >= 0 and other != eid and self.entities[other].named and not self.entities[other].group:
                    counts[other] += 1
            g = e.gender()
            for other, _ in counts.most_common():
                o = self.entities[other]
                if (g and o.gender() and g != o.gender()) or any((i, other) in self.blocked for i in e.mentions):
                    continue
                for i in e.mentions:
                    self.assign[i] = other
                    o.mentions.append(i)
                o.heads.update(e.heads)
                o.gender_votes.update(e.gender_votes)
                e.mentions = []
                break


def pronoun_gender(c: Character) -> str:
    """The pronouns the text uses for a character so far ("he", "she", "they"; "" when undecided): the settled
    ones, else a strict majority of the votes."""
    if c.fixed_gender:
        return c.fixed_gender
    top = [*sorted(c.gender_votes, key=lambda v: -v[1])[:2], ("", 0), ("", 0)]
    return top[0][0] if top[0][1] > top[1][1] else ""


def gender_label(c: Character, mentions: Iterable[Mention]) -> str:
    """How the text refers to the character: the pronouns linked to it (``mentions``: its own), else what was
    learned before coreference."""
    linked = Counter(m.gender for m in mentions if m.kind == "pronoun" and m.person == 3 and not m.plural and m.gender)
    g = ""
    if linked:
        top = [*linked.most_common(2), ("", 0)]
        g = top[0][0] if top[0][1] > top[1][1] else ""
    g = g or pronoun_gender(c)
    return {"he": "he/him", "she": "she/her", "they": "they/them"}.get(g, "unknown")


def _display_name(e: _Entity, epithets: Counter[str]) -> str:
    """The caller's name, else the name as a reader would give it, else "narrator", else the commonest epithet."""
    return (
        e.hint
        or reader_name(e.names)
        or ("narrator" if e.narrator else "")
        or (epithets.most_common(1)[0][0] if epithets else "someone")
    )


def _is_title(word: str) -> bool:
    return word.lower() in HONORIFICS or word.lower().rstrip(".") in HONORIFICS


def reader_name(names: Counter[str]) -> str:
    """The name as a reader would give it: the most used name of several words that holds the word the text uses
    most for the character (or a longer form of it: "Ben" -> "Benedict Ashgrove"), a full name without a title
    when it is used at least a third as often as the titled one ("Catherine Morland", not "Miss Morland"), a
    titled one only when used at least a tenth as often as that word; else the most used name. A full name that
    does not hold that word never replaces it ("Harry", not a "Harold Someone" that a nickname table joined to
    him)."""
    if not names:
        return ""
    words: Counter[str] = Counter()
    for n, count in names.items():
        for w in n.split():
            if not _is_title(w):
                words[w] += count
    top = words.most_common(1)[0][0] if words else ""

    def holds(n: str) -> bool:
        return any(w == top or (len(top) >= 3 and w.startswith(top)) for w in n.split())

    several = [n for n in names if len(n.split()) > 1 and holds(n)]
    if not several:
        return max(names, key=lambda n: (names[n], len(n)))
    best = max(several, key=lambda n: (names[n], len(n)))
    full = [n for n in several if not _is_title(n.split()[0]) and 3 * names[n] >= names[best]]
    if full:
        return max(full, key=lambda n: (names[n], len(n)))
    # a title the text hardly uses is not the name ("Frau Bauer" once beside "Bauer" 262 times)
    return best if 10 * names[best] >= words[top] else max(names, key=lambda n: (names[n], len(n)))


class CharactersStage:
    """Mentions clustered into characters: names over the whole work, then pronouns and noun phrases in reading
    order (coreference, with a pronoun scorer), cataphora, and the narrator's name. Produces ``characters`` (every
    cluster, with its names, epithets, gender votes; counts before dialogue linking) and ``mentions`` linked to
    them. The cast (which clusters are characters) is decided later (:mod:`.cast`)."""

    name: str = "characters"
    requires: tuple[str, ...] = ("mentions", "tokens", "sentences", "scenes", "paragraphs", "quotes")
    produces: tuple[str, ...] = ("characters", "mentions")

    def __init__(self, hints: Iterable[CharacterHint] = (), pronoun_scorer: str | PronounScorer = "linear") -> None:
        self.hints = dedupe_hints(hints)
        self.scorer = pronoun_scorer_of(pronoun_scorer)
        hinted = [f"{h.name}\t{'|'.join(h.aliases)}" for h in self.hints]
        self.version = stage_version(2, self.scorer.name, self.scorer.fingerprint, *hinted)

    def cluster(self, doc: Document) -> _Clusterer:
        """The clusterer, run over ``doc``'s mentions (its state is this run's alone)."""
        tv = TokenView.cached(doc)
        scene_starts = [sc.start for sc in doc.layer("scenes")]
        sent_scene = [max(0, bisect.bisect_right(scene_starts, s.start) - 1) for s in doc.layer("sentences")]
        cl = _Clusterer(tv, doc.layer("mentions"), self.hints, sent_scene or [0], doc.layer("paragraphs"), self.scorer)
        cl.run()
        return cl

    def __call__(self, doc: Document, ctx: Context) -> Document:
        cl = self.cluster(doc)
        src = source_tag(self)
        cands, tv = cl.cands, cl.tv
        live = [e for e in cl.entities if e.mentions]
        new_id = {e.id: n for n, e in enumerate(live)}
        mentions = [linked(m, new_id[cl.assign[k]], src) if cl.assign[k] in new_id else m for k, m in enumerate(cands)]
        characters = []
        for e in live:
            idxs = sorted(e.mentions, key=lambda i: cands[i].start)
            # an epithet as a reader says it: up to its head noun ("the old woman", not "... who lived there")
            epithets = Counter(
                " ".join(doc.text[cands[i].start : tv.end[cands[i].head]].lower().split())
                for i in idxs
                if cands[i].kind == "nominal"
            )
            c = Character(
                id=new_id[e.id], name=_display_name(e, epithets), names=tuple(e.names.most_common()),
                epithets=tuple(epithets.most_common(25)), mention_count=len(idxs), first=cands[idxs[0]].start,
                last=cands[idxs[-1]].start, narrator=e.narrator, group=e.group, named=e.named, hint=e.hint,
                gender_votes=tuple(e.gender_votes.most_common()), fixed_gender=e.fixed_gender, source=src,
            )  # fmt: skip
            characters.append(replace(c, gender=gender_label(c, (cands[i] for i in idxs))))
        return doc.with_layers(characters=characters, mentions=mentions)


__all__ = ["CharacterHint", "CharactersStage", "dedupe_hints", "gender_label", "pronoun_gender"]
