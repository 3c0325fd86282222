"""Quadratic tokenising (issue 18): a whitespace-free run over MAX_RUN_CHARS is one token, so spaCy's tokenizer
(quadratic on such runs: 3.2 s for 6,000 quotation marks) stays linear; 1 MB of quotation marks is analysed well
within a minute (it ran for more than 15 minutes)."""

from __future__ import annotations

import time

import ficlens
from ficlens.ingest import from_text
from ficlens.stages.syntax import MAX_RUN_CHARS, pieces


def test_long_runs_are_one_token_with_exact_offsets() -> None:
    run = "!" * (MAX_RUN_CHARS + 50)
    short = "?" * MAX_RUN_CHARS
    text = f'"Stop," said Mara. {run} and {short} then "go" on.\n'
    doc = ficlens.analyze(from_text(text, path="runs.txt"), n_process=1)
    words = [doc.text[t.start : t.end] for t in doc.tokens]
    assert run in words  # one token, the original characters
    assert short not in words and words.count("?") == MAX_RUN_CHARS  # a run at the limit is tokenised as usual
    assert words[:4] == ['"', "Stop", ",", '"']
    (piece,) = pieces(doc)
    assert len(piece.text) == len(doc.text[piece.offset : piece.offset + len(piece.text)])


def test_a_megabyte_of_quotation_marks() -> None:
    started = time.process_time()  # CPU time (one process): a bound that holds on a machine shared with other jobs
    doc = ficlens.analyze(from_text('"' * 1_000_000, path="quotes.txt"), n_process=1)
    assert time.process_time() - started < 60
    assert len(doc.tokens) <= 1_000_000 // MAX_RUN_CHARS
