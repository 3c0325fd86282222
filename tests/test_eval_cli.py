"""`ficlens eval pdnc` / `ficlens eval litbank` as a user runs them, on a tiny PDNC-layout dataset written here
(an original two-character text; ../shared is not needed)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ficlens.cli.main import main

NOVEL = "TheFerrymansDaughter"

TEXT = (
    "Chapter 1\n\n"
    "Agnes Penrose kept the ferry at Ashcombe. Every morning she rowed the first passengers across the river.\n\n"
    '"You are late again," said Agnes.\n\n'
    'Walter Crane climbed into the boat and shook his head. "The mill kept me," he said.\n\n'
    '"The mill always keeps you, Walter," said Agnes, and she pushed off from the bank.\n'
)

QUOTES = [
    ("You are late again,", "Agnes Penrose", ["Walter Crane"]),
    ("The mill kept me,", "Walter Crane", ["Agnes Penrose"]),
    ("The mill always keeps you, Walter,", "Agnes Penrose", ["Walter Crane"]),
]


def write_pdnc(root: Path) -> Path:
    """``root/data/<Novel>/`` with novel_text.txt, quotation_info.csv and character_info.csv (PDNC's format)."""
    folder = root / "data" / NOVEL
    folder.mkdir(parents=True)
    (folder / "novel_text.txt").write_text(TEXT, encoding="utf-8", newline="")
    rows = []
    for i, (quote, speaker, addressees) in enumerate(QUOTES):
        start = TEXT.index(quote)  # quotation marks excluded, end exclusive
        rows.append(
            {
                "quoteID": f"Q{i}",
                "quoteText": quote,
                "subQuotationList": repr([quote]),
                "quoteByteSpans": repr([[start, start + len(quote)]]),
                "speaker": speaker,
                "addressees": repr(addressees),
                "quoteType": "Explicit",
                "referringExpression": "said",
                "mentionTextsList": "[[]]",
                "mentionSpansList": "[[]]",
                "mentionEntitiesList": "[[]]",
            }
        )
    with (folder / "quotation_info.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with (folder / "character_info.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Character ID", "Main Name", "Aliases", "Gender", "Category"])
        writer.writerow(["0", "Agnes Penrose", "{'Agnes Penrose', 'Agnes'}", "F", "major"])
        writer.writerow(["1", "Walter Crane", "{'Walter Crane', 'Walter'}", "M", "major"])
    return root


def test_eval_pdnc_writes_predictions_and_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write_pdnc(tmp_path / "pdnc")
    out = tmp_path / "pred"
    assert main(["eval", "pdnc", "--data", str(data), "--split", "all", "--predictions-out", str(out)]) == 0
    captured = capsys.readouterr()

    assert sorted(p.name for p in out.iterdir()) == [f"{NOVEL}.json"]
    pred = json.loads((out / f"{NOVEL}.json").read_text(encoding="utf-8"))
    assert pred["novel"] == NOVEL
    names = [set(c["names"]) for c in pred["characters"]]
    assert {"Agnes Penrose", "Agnes"} in names
    assert {"Walter Crane", "Walter"} in names
    assert len({c["id"] for c in pred["characters"]}) == len(pred["characters"])
    ids = {c["id"] for c in pred["characters"]}
    assert all(q["speaker"] is None or q["speaker"] in ids for q in pred["quotes"])
    assert all(m["character"] in ids for m in pred["mentions"])

    report = captured.out.splitlines()
    assert report[0].startswith("PDNC scores, setting e2e (1 novels)")
    assert any(line.split()[:1] == [NOVEL] for line in report)
    assert NOVEL in captured.err  # progress goes to stderr


def test_eval_pdnc_without_data_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "pdnc", "--data", "/nonexistent"]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("ficlens: error:") and "/nonexistent" in lines[0]
    assert captured.out == ""


def test_eval_litbank_without_data_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "litbank", "--data", "/nonexistent"]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ficlens: error:")
    assert captured.out == ""


def test_pdnc_evaluation_is_a_library_function(tmp_path: Path) -> None:
    from ficlens.config import PipelineConfig
    from ficlens.evaluation import pdnc
    from ficlens.evaluation.pdnc_run import evaluate, setting_config

    data = write_pdnc(tmp_path / "pdnc")
    seen: list[tuple[str, object]] = []
    run = evaluate(data, "all", "gqgc", on_novel=lambda name, _s, error: seen.append((name, error)))
    assert seen == [(NOVEL, None)] and not run.failures
    assert run.results[NOVEL]["speaker_acc"] == 1.0  # gold quotes and characters given: three explicit quotes
    assert run.report().splitlines()[0].startswith("PDNC scores, setting gqgc (1 novels)")

    gold = pdnc.load_gold(data / "data" / NOVEL)
    base = PipelineConfig()
    gqgc = setting_config(gold, "gqgc", base)
    assert {h.name for h in gqgc.hints} == {"Agnes Penrose", "Walter Crane"}
    assert gqgc.quotes is not None and len(gqgc.quotes) == len(QUOTES)
    assert setting_config(gold, "gq", base).hints == () and setting_config(gold, "e2e", base) == base
    assert evaluate(data, "all", "e2e", novels=["NoSuchNovel"]).results == {}


def test_eval_cast_prints_cast_precision(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ferry.txt").write_text(TEXT, encoding="utf-8")
    gold = {"characters": [{"name": "Agnes Penrose", "aliases": ["Agnes"]}, {"name": "Walter Crane"}]}
    (tmp_path / "ferry.json").write_text(json.dumps(gold), encoding="utf-8")
    assert main(["eval", "cast", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    micro = next(line for line in out.splitlines() if line.startswith("micro")).split()
    assert micro[1:4] == ["2", "2", "2"] and micro[4] == "1.000"


def test_eval_cast_without_stories_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "cast", "--data", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("ficlens: error:")
