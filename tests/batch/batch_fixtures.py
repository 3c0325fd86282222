"""Tiny invented stories (written for these tests) laid out as every kind of batch input."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ficlens.batch import BatchSummary

KETTLE = """The Kettle by wren

"Is the kettle on?" Mara asked.

"It is," said Tom.

"Then pour me a cup, Tom," Mara said. "I have walked all the way from the harbour in the rain."

Tom poured the tea and smiled at her.
"""

RAIN = """Rain came in the night. Ada listened to it on the roof.

"Wake up," Ada whispered to her brother. "Listen, Ben."

"I hear it," said Ben. "Go back to sleep, Ada."
"""

LAMPS = """Lamps by moth

"Light the lamps before the wind comes," said Mara.

"Not yet," Ivo answered. "Wait, Mara."

"We have waited long enough for the whole of this evening," Mara told him.
"""

BELL = """The bell rang twice. Pell opened the door.

"You are late," Pell told Marn.

"The road was long," said Marn.
"""

RUN = """"Run!" shouted Kit.

"Why?" asked Lou.
"""


@dataclass
class Corpus:
    root: Path
    inputs: list[str]  # what a user would pass: a folder, a zip, a JSON Lines file
    ok_ids: set[str]  # the ids of the works that analyse
    n_failed: int  # inputs that become error rows


def sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def make_corpus(root: Path) -> Corpus:
    """A folder (with a subfolder, a binary file, a sidecar .json and a hidden file), a zip archive (two
    stories, an unsafe member name) and a JSON Lines file (a work, a malformed line, an unknown meta key)."""
    stories = root / "stories"
    (stories / "sub").mkdir(parents=True)
    (stories / "kettle.txt").write_text(KETTLE, encoding="utf-8")
    (stories / "sub" / "rain.txt").write_text(RAIN, encoding="utf-8")
    (stories / "sub" / "broken.txt").write_bytes(b"\x00\x01\x02\x03 not a story")
    (stories / "kettle.json").write_text("{}", encoding="utf-8")  # not a work (sidecar metadata)
    (stories / ".hidden.txt").write_text(RAIN, encoding="utf-8")  # not a work (hidden)
    archive = root / "pack.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("lamps.txt", LAMPS)
        zf.writestr("more/bell.txt", BELL)
        zf.writestr("../escape.txt", BELL)
    lines = root / "works.jsonl"
    with lines.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "w1", "text": RUN, "meta": {"title": "Run", "authors": ["kit"], "rating": "G"}}))
        fh.write("\n")
        fh.write('{"id": "w2", "text": broken\n')
        fh.write(json.dumps({"id": "w3", "text": "Snow fell.", "meta": {"colour": "blue"}}) + "\n")
        fh.write("\n")
    ok = {sha(KETTLE), sha(RAIN), sha(LAMPS), sha(BELL), sha(RUN)}
    return Corpus(root, [str(stories), str(archive), str(lines)], ok, n_failed=4)


@dataclass
class Run:
    corpus: Corpus
    out: Path
    summary: BatchSummary


def small_inputs(tmp_path: Path, *texts: str) -> list[str]:
    """A folder ``tmp_path/in`` holding ``texts`` as ``0.txt``, ``1.txt``…: the input list of a small batch."""
    folder = tmp_path / "in"
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    return [str(folder)]
