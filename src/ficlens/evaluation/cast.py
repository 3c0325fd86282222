"""Cast precision: whether the characters ficlens lists are real characters (people) at all.

Two measures, so that a longer cast list can never look better:

* **Fully cast stories** (``tests/data/cast/*.txt`` with ``*.json``): every character of each story is annotated
  by hand (name, aliases, narrator, group). Cast precision is the share of predicted characters (not groups) that
  match a real character; each real character is matched by one predicted character at most, so a person split
  in two counts one miss.
* **PDNC dev** (``tests/data/pdnc_dev_people.json``): PDNC's gold lists only the people involved in quotations, so
  the measure there is the share of predicted characters with at least 3 mentions that are people at all, judged
  by hand from their names and the contexts of their mentions (names only are kept, never the novels' text).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Character

MIN_MENTIONS = 3


def norm(name: str) -> str:
    """A name as compared: lower case, no full stops, straight apostrophes, one space."""
    return " ".join(name.lower().replace("’", "'").replace(".", " ").replace(",", " ").split())


@dataclass(frozen=True)
class GoldCharacter:
    """One character of a fully cast story: its name and the other forms the text uses for it."""

    name: str
    aliases: tuple[str, ...] = ()
    narrator: bool = False
    group: bool = False

    def forms(self) -> set[str]:
        return {norm(f) for f in (self.name, *self.aliases)}


@dataclass(frozen=True)
class CastStory:
    name: str
    text: str
    characters: tuple[GoldCharacter, ...]


def load_cast_stories(folder: Path) -> list[CastStory]:
    """The stories of ``folder``: each ``X.txt`` with its cast in ``X.json`` (``{"characters": [{"name", "aliases",
    "narrator", "group"}]}``). Raises OSError when the folder holds none."""
    stories = []
    for txt in sorted(folder.glob("*.txt")):
        gold = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        chars = tuple(
            GoldCharacter(c["name"], tuple(c.get("aliases", ())), bool(c.get("narrator")), bool(c.get("group")))
            for c in gold["characters"]
        )
        stories.append(CastStory(txt.stem, txt.read_text(encoding="utf-8"), chars))
    if not stories:
        raise OSError(f"{folder}: no cast stories (*.txt with *.json) here")
    return stories


def _forms(c: Character) -> list[str]:
    """The predicted character's forms, its display name first."""
    return list(dict.fromkeys(norm(f) for f in (c.name, *(n for n, _ in c.names)) if f))


@dataclass(frozen=True)
class CastScore:
    """One story's (or a total's) predicted characters, those matching a real one, and the real ones found."""

    predicted: int
    matched: int
    gold: int
    wrong: tuple[str, ...] = ()

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


def score_cast(predicted: Sequence[Character], gold: Sequence[GoldCharacter]) -> CastScore:
    """Predicted characters (groups left out) against a story's whole cast: each predicted character, most
    mentioned first, takes the first real character not yet taken whose forms hold its display name (else any of
    its names; the narrator matches the narrator)."""
    people = [g for g in gold if not g.group]
    taken: set[int] = set()
    matched = 0
    wrong: list[str] = []
    for c in sorted((c for c in predicted if not c.group), key=lambda c: -c.mention_count):
        forms = _forms(c)
        hit = next((k for k, g in enumerate(people) if k not in taken and c.narrator and g.narrator), None)
        for f in forms:
            if hit is not None:
                break
            hit = next((k for k, g in enumerate(people) if k not in taken and f in g.forms()), None)
        if hit is None:
            wrong.append(c.name)
        else:
            taken.add(hit)
            matched += 1
    return CastScore(sum(1 for c in predicted if not c.group), matched, len(people), tuple(wrong))


def total(scores: Iterable[CastScore]) -> CastScore:
    scores = list(scores)
    return CastScore(
        sum(s.predicted for s in scores), sum(s.matched for s in scores), sum(s.gold for s in scores),
        tuple(w for s in scores for w in s.wrong),
    )  # fmt: skip


def format_cast_report(scores: Mapping[str, CastScore]) -> str:
    lines = [f"{'story':<12} {'pred':>4} {'match':>5} {'gold':>4} {'prec':>6} {'rec':>6}  wrong"]
    for name, s in [*scores.items(), ("micro", total(scores.values()))]:
        wrong = ", ".join(s.wrong) if name != "micro" else ""
        lines.append(
            f"{name:<12} {s.predicted:>4} {s.matched:>5} {s.gold:>4} {s.precision:>6.3f} {s.recall:>6.3f}  {wrong}"
        )
    return "\n".join(lines)


# -- PDNC: people among the characters with at least 3 mentions ------------------------------------------------


@dataclass(frozen=True)
class PeopleScore:
    """Characters with ≥ 3 mentions judged people, judged not, and not judged yet (names to add to the list)."""

    people: int
    not_people: tuple[str, ...]
    unjudged: tuple[str, ...]

    @property
    def share(self) -> float:
        judged = self.people + len(self.not_people)
        return self.people / judged if judged else 1.0


def load_people(path: Path) -> dict[str, dict[str, set[str]]]:
    """The hand-checked list: novel -> {"people": names, "not_people": names} (display names)."""
    raw: dict[str, dict[str, list[str]]] = json.loads(path.read_text(encoding="utf-8"))
    return {novel: {k: set(v) for k, v in lists.items()} for novel, lists in raw.items()}


def score_people(characters: Sequence[Character], judged: Mapping[str, set[str]]) -> PeopleScore:
    """Characters (not groups) with at least ``MIN_MENTIONS`` mentions, judged by their names (a person when any of
    them is listed as one, so a changed display name keeps its judgement; the narrator is a person)."""
    people = 0
    not_people: list[str] = []
    unjudged: list[str] = []
    yes, no = judged.get("people", set()), judged.get("not_people", set())
    for c in characters:
        if c.group or c.mention_count < MIN_MENTIONS:
            continue
        names = [c.name, *(n for n, _ in c.names)]
        if c.narrator or any(n in yes for n in names):
            people += 1
        elif any(n in no for n in names):
            not_people.append(c.name)
        else:
            unjudged.append(c.name)
    return PeopleScore(people, tuple(not_people), tuple(unjudged))


def people_report(scores: Mapping[str, PeopleScore]) -> str:
    lines = [f"Characters with >= {MIN_MENTIONS} mentions that are people (hand-checked list):"]
    lines.append(f"{'novel':<24} {'people':>6} {'not':>4} {'unjudged':>8} {'share':>6}")
    for name, s in scores.items():
        lines.append(f"{name:<24} {s.people:>6} {len(s.not_people):>4} {len(s.unjudged):>8} {s.share:>6.3f}")
    p = sum(s.people for s in scores.values())
    n = sum(len(s.not_people) for s in scores.values())
    u = sum(len(s.unjudged) for s in scores.values())
    lines.append(f"{'micro':<24} {p:>6} {n:>4} {u:>8} {p / (p + n) if p + n else 1.0:>6.3f}")
    for name, s in scores.items():
        if s.unjudged:
            lines.append(f"unjudged in {name}: {' | '.join(s.unjudged)}")
    return "\n".join(lines)


def people_json(scores: Mapping[str, PeopleScore]) -> dict[str, Any]:
    return {k: {"people": s.people, "not_people": list(s.not_people), "unjudged": list(s.unjudged)} for k, s in
            scores.items()}  # fmt: skip


def run_cast(folder: Path, config: Any = None) -> dict[str, CastScore]:
    """Analyse every story of ``folder`` as a user would (``config``: a PipelineConfig) and score its cast."""
    from ..api import analyze
    from ..ingest import from_text

    out = {}
    for story in load_cast_stories(folder):
        doc = analyze(from_text(story.text, path=f"{story.name}.txt", format="plain"), config=config)
        out[story.name] = score_cast(doc.layer("characters"), story.characters)
    return out
