"""Running ficlens over PDNC novels exactly as a user would, and scoring it (``ficlens eval pdnc``).

The scorer (``pdnc.py``) is pure; this module is the loop: for each novel it builds the setting's pipeline
configuration (gold quotes and characters given, or not), analyses the text, turns the Document into the
prediction JSON of ``../shared/data/pdnc/SCORING.md`` §3 and scores it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import PipelineConfig
from ..errors import FiclensError
from ..model import CharacterHint
from . import cast, pdnc

# Called after each novel: (novel, seconds, the error that stopped it or None).
NovelDone = Callable[[str, float, FiclensError | None], None]


@dataclass(frozen=True)
class PdncRun:
    """Per-novel scores of one run, their averages, and the novels that could not be analysed."""

    setting: str
    results: dict[str, dict[str, Any]]
    aggregate: dict[str, Any]
    failures: dict[str, str] = field(default_factory=dict)
    people: dict[str, cast.PeopleScore] = field(default_factory=dict)

    def report(self) -> str:
        """The §11 report (``pdnc.format_report``), then the people among the characters when judged."""
        report = pdnc.format_report(self.results, self.aggregate, self.setting)
        return f"{report}\n\n{cast.people_report(self.people)}" if self.people else report


def setting_config(gold: pdnc.PdncGold, setting: str, base: PipelineConfig) -> PipelineConfig:
    """``base`` with what ``setting`` gives: gold quotation spans (gq, gqgc) and gold characters as hints (gqgc)."""
    hints: tuple[CharacterHint, ...] = ()
    if setting == "gqgc":
        hints = tuple(
            CharacterHint(c["main_name"], tuple(c["names"]))
            for c in pdnc.gold_characters_for_gqgc(gold)
            if not c["special"]
        )
    quotes = None
    if setting in ("gq", "gqgc"):
        ids = {q.id: n for n, q in enumerate(gold.quotes)}
        quotes = tuple((q["start"], q["end"], ids[q["quote_id"]]) for q in pdnc.gold_to_prediction_for_gq(gold))
    return base.replace(hints=hints, quotes=quotes)


def evaluate(
    data: Path,
    split: str = "dev",
    setting: str = "e2e",
    *,
    config: PipelineConfig | None = None,
    novels: Sequence[str] | None = None,
    predictions_out: Path | None = None,
    n_process: int = 0,
    on_novel: NovelDone | None = None,
    people: Path | None = None,
) -> PdncRun:
    """Analyse and score the novels of ``split`` (or only those named in ``novels``) under ``setting`` (e2e, gq,
    gqgc) with the pipeline ``config``; write each prediction JSON to ``predictions_out`` when given; with
    ``people`` (the hand-checked list of :func:`cast.load_people`) also score the people among the characters.

    Raises ValueError or OSError when ``data`` holds no such split; a novel that cannot be analysed is recorded
        in ``failures`` and the others go on."""
    from ..api import analyze
    from .harness import pdnc_prediction

    base = config or PipelineConfig()
    folders = pdnc.novels(data, split)
    if novels:
        folders = [n for n in folders if n.name in set(novels)]
    if predictions_out:
        predictions_out.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, Any]] = {}
    failures: dict[str, str] = {}
    judged = cast.load_people(people) if people else {}
    people_scores: dict[str, cast.PeopleScore] = {}
    for folder in folders:
        started = time.perf_counter()
        gold = pdnc.load_gold(folder)
        try:
            doc = analyze(folder / "novel_text.txt", n_process=n_process, config=setting_config(gold, setting, base))
        except FiclensError as exc:
            failures[folder.name] = str(exc)
            if on_novel:
                on_novel(folder.name, time.perf_counter() - started, exc)
            continue
        pred = pdnc_prediction(doc, folder.name)
        if predictions_out:
            (predictions_out / f"{folder.name}.json").write_text(json.dumps(pred), encoding="utf-8")
        results[folder.name] = pdnc.score_novel(gold, pred, setting)
        if folder.name in judged:
            people_scores[folder.name] = cast.score_people(doc.layer("characters"), judged[folder.name])
        if on_novel:
            on_novel(folder.name, time.perf_counter() - started, None)
    return PdncRun(setting, results, pdnc.aggregate(results) if results else {}, failures, people_scores)
