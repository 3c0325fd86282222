"""Listing and loading batch inputs: files, folders, globs, zip archives, JSON Lines (no analysis here)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from ficlens.batch.sources import JsonLineError, Loader, Locator, SourceFailure, WorkSource, discover, parse_line
from ficlens.model import Note

from .batch_fixtures import BELL, KETTLE, LAMPS, RAIN, RUN, make_corpus, sha


def _load_all(inputs: list[str], **kw: object) -> list[WorkSource | SourceFailure]:
    with Loader() as loader:
        return [loader.load(i) if isinstance(i, Locator) else i for i in discover(inputs, **kw)]  # type: ignore[arg-type]


def test_every_input_kind_is_listed_and_loaded_with_content_hash_ids(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    loaded = _load_all(corpus.inputs)
    works = [x for x in loaded if isinstance(x, WorkSource)]
    failures = [x for x in loaded if isinstance(x, SourceFailure)]
    labels = [x.label for x in loaded]
    stories = tmp_path / "stories"
    assert labels == [
        str(stories / "kettle.txt"),  # a folder: sorted, recursive; .json and hidden files left out
        str(stories / "sub" / "broken.txt"),
        str(stories / "sub" / "rain.txt"),
        f"{tmp_path / 'pack.zip'}!lamps.txt",  # archive members in archive order
        f"{tmp_path / 'pack.zip'}!more/bell.txt",
        f"{tmp_path / 'pack.zip'}!../escape.txt",
        f"{tmp_path / 'works.jsonl'}:1",  # JSON Lines: blank lines skipped
        f"{tmp_path / 'works.jsonl'}:2",
        f"{tmp_path / 'works.jsonl'}:3",
    ]
    by_label = {x.label: x for x in loaded}
    assert by_label[str(stories / "kettle.txt")].work_id == sha(KETTLE)  # sha256 of the file's bytes
    assert by_label[f"{tmp_path / 'pack.zip'}!more/bell.txt"].work_id == sha(BELL)
    run = by_label[f"{tmp_path / 'works.jsonl'}:1"]
    assert isinstance(run, WorkSource)
    assert run.work_id == sha(RUN) and run.text == RUN and run.external_id == "w1"  # sha256 of the text
    assert dict(run.meta) == {"title": "Run", "authors": ("kit",), "rating": "G"}
    # the binary file loads (analysis refuses it later); the unsafe member and the two bad lines fail here
    assert {w.work_id for w in works} == {sha(KETTLE), sha(RAIN), sha(LAMPS), sha(BELL), sha(RUN)} | {
        by_label[str(stories / "sub" / "broken.txt")].work_id
    }
    kinds = sorted((f.label.removeprefix(str(tmp_path) + "/"), f.error_type) for f in failures)
    assert kinds == [
        ("pack.zip!../escape.txt", "ArchiveError"),
        ("works.jsonl:2", "JsonLineError"),
        ("works.jsonl:3", "JsonLineError"),
    ]
    assert "unknown meta key(s) 'colour'" in by_label[f"{tmp_path / 'works.jsonl'}:3"].message  # type: ignore[union-attr]
    assert len({x.work_id for x in loaded}) == len(loaded)  # every id distinct, failures included


def test_globs_named_files_duplicates_and_missing_inputs(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(KETTLE, encoding="utf-8")
    (tmp_path / "a" / "two.html").write_text("<p>Hello there.</p>", encoding="utf-8")
    (tmp_path / "a" / "skip.csv").write_text("x,y", encoding="utf-8")
    (tmp_path / "notes.dat").write_text(RAIN, encoding="utf-8")  # named on the command line: taken as it is
    found = list(
        discover(
            [
                str(tmp_path / "a" / "*"),  # a glob: works by suffix only
                str(tmp_path / "a" / "one.txt"),  # listed again: once only
                str(tmp_path / "notes.dat"),
                str(tmp_path / "nothing-*.txt"),  # a glob matching nothing
                str(tmp_path / "missing.txt"),  # a missing file
            ]
        )
    )
    names = [Path(x.locator.path if isinstance(x, SourceFailure) else x.path).name for x in found]
    assert names == ["one.txt", "two.html", "notes.dat", "nothing-*.txt", "missing.txt"]
    assert isinstance(found[3], SourceFailure) and found[3].message == "no files match this pattern"
    with Loader() as loader:
        missing = loader.load(found[4])  # type: ignore[arg-type]
    assert isinstance(missing, SourceFailure) and missing.error_type == "InputNotFoundError"


def test_zip_members_are_read_in_place_with_limits(tmp_path: Path) -> None:
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("fine.txt", KETTLE)
        zf.writestr("bomb.txt", "a" * (3 * 1024 * 1024))  # compresses far more than 200:1
        zf.writestr("nested.zip", b"PK\x03\x04")
        zf.writestr("__MACOSX/._fine.txt", b"junk")
    found = list(discover([str(archive)]))
    assert [x.label for x in found] == [f"{archive}!fine.txt", f"{archive}!bomb.txt", f"{archive}!nested.zip"]
    assert isinstance(found[2], SourceFailure) and "archive inside an archive" in found[2].message
    with Loader(max_bytes=2 * 1024 * 1024) as loader:
        fine, bomb = loader.load(found[0]), loader.load(found[1])  # type: ignore[arg-type]
    assert isinstance(fine, WorkSource) and fine.data == KETTLE.encode()
    assert isinstance(bomb, SourceFailure) and bomb.error_type == "InputTooLargeError"
    with Loader() as loader:
        bomb = loader.load(found[1])  # type: ignore[arg-type]
    assert isinstance(bomb, SourceFailure) and "zip bomb" in bomb.message
    (tmp_path / "not.zip").write_bytes(b"plain text")
    (bad,) = discover([str(tmp_path / "not.zip")])
    assert isinstance(bad, SourceFailure) and bad.error_type == "ArchiveError"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[1, 2]", "not an object"),
        ('{"text": ""}', "no 'text'"),
        ('{"txt": "x"}', "unknown key(s) 'txt'"),
        ('{"text": "x", "meta": {"words": "many"}}', "bad meta value for 'words'"),
        ('{"text": "x", "meta": {"authors": [1]}}', "bad meta value for 'authors'"),
        ('{"text": "x", "id": true}', "'id'"),
        ("{", "not valid JSON"),
    ],
)
def test_bad_json_lines(line: str, expected: str) -> None:
    with pytest.raises(JsonLineError, match=None) as info:
        parse_line(line.encode(), Locator("jsonl", "x.jsonl", line=1))
    assert expected in str(info.value)


def test_json_line_meta_becomes_metadata_fields() -> None:
    line = json.dumps(
        {
            "id": 7,
            "text": "Hello.",
            "meta": {
                "authors": "solo",  # a single string for a list field
                "notes": ["A/N: thanks", {"kind": "summary", "text": "Short."}],
                "words": 1,
                "extra": {"Source": "archive"},
                "all_series": [["Tales", 2]],
            },
        }
    )
    source = parse_line(line.encode(), Locator("jsonl", "x.jsonl", line=1))
    meta = dict(source.meta)
    assert source.external_id == "7"
    assert meta["authors"] == ("solo",)
    assert meta["notes"] == (Note("notes", "A/N: thanks"), Note("summary", "Short."))
    assert meta["extra"] == (("Source", "archive"),) and meta["all_series"] == (("Tales", 2),)
