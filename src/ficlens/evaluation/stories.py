"""Speaker accuracy on small stories written for the project (``tests/data/speakers/``).

Each story is ``NAME.txt`` (the text) beside ``NAME.gold``: one line per quotation, ``fragment<TAB>speaker``, where
the fragment is a piece of the quotation's text that no other quotation contains and the speaker is one of the
character's names, or ``I`` for a first-person narrator. ``ficlens eval stories`` prints the accuracy per story and
overall; a quotation the pipeline did not find counts as wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Character, Document

__all__ = ["StoryScore", "load_gold", "score_story", "stories"]


@dataclass(frozen=True)
class StoryScore:
    name: str
    right: int
    total: int
    errors: tuple[str, ...]  # "fragment: gold -> predicted"

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def stories(folder: Path) -> list[Path]:
    """The stories in ``folder`` (``*.txt`` with a ``.gold`` beside them), sorted by name."""
    return sorted(p for p in folder.glob("*.txt") if p.with_suffix(".gold").exists())


def load_gold(path: Path) -> list[tuple[str, str]]:
    """The (fragment, speaker) lines of a ``.gold`` file."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            fragment, speaker = line.split("\t")
            out.append((fragment, speaker.strip()))
    return out


def _answers_to(c: Character, name: str) -> bool:
    if name == "I":
        return c.narrator
    lowered = name.lower()
    return any(lowered in n.lower().split() or lowered == n.lower() for n in (c.name, *(n for n, _ in c.names)))


def score_story(name: str, doc: Document, gold: list[tuple[str, str]]) -> StoryScore:
    """How many gold quotations ``doc`` gives to the right character."""
    chars = doc.layer("characters")
    quotes = doc.layer("quotes")
    right = 0
    errors = []
    for fragment, speaker in gold:
        found = [q for q in quotes if fragment in doc.span_text(q)]
        got = chars[found[0].speaker] if found and found[0].speaker >= 0 else None
        if got is not None and _answers_to(got, speaker):
            right += 1
        else:
            said = "no quote" if not found else ("I" if got and got.narrator else (got.name if got else "nobody"))
            errors.append(f"{fragment}: {speaker} -> {said}")
    return StoryScore(name, right, len(gold), tuple(errors))


def evaluate(folder: Path, analyse: Callable[[str], Document]) -> list[StoryScore]:
    """Score every story of ``folder``; ``analyse`` turns a text into an analysed document."""
    out = []
    for path in stories(folder):
        doc = analyse(path.read_text(encoding="utf-8"))
        out.append(score_story(path.stem, doc, load_gold(path.with_suffix(".gold"))))
    return out


def report(scores: list[StoryScore]) -> str:
    lines = [f"{'story':20} {'right':>5} {'total':>5} {'acc':>6}"]
    for s in scores:
        lines.append(f"{s.name:20} {s.right:5d} {s.total:5d} {s.accuracy:6.3f}")
        lines += [f"    {e}" for e in s.errors]
    right, total = sum(s.right for s in scores), sum(s.total for s in scores)
    lines.append(f"{'all':20} {right:5d} {total:5d} {right / max(total, 1):6.3f}")
    return "\n".join(lines)
