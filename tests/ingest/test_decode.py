"""Bytes to Document.text: encodings, line ends and mojibake, and what ``source.changes`` says about them."""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

import pytest

import ficlens

# Original test text: curly double and single quotes, accented letters and an em dash (all in cp1252).
TEXT = (
    "Élodie’s café opened at dawn — “far too early,” grumbled Anaïs.\n"
    "\n"
    "The crème brûlée, she insisted, was à point; the señor’s coffee was not.\n"
)

# Latin-1 text: accents but no curly quotes or dashes, so no byte falls in 0x80-0x9F.
LATIN = (
    "Zoë and Noël walked to the café beside the fjord.\n"
    "\n"
    "The garçon brought crème fraîche, and Señor Müller paid in øre.\n"
)


def _changes(doc: ficlens.Document) -> str:
    return " | ".join(doc.source.changes).lower()


def _read_file(tmp_path: Path, data: bytes, name: str = "story.txt") -> ficlens.Document:
    path = tmp_path / name
    path.write_bytes(data)
    return ficlens.read(path)


def test_utf8_is_read_unchanged_and_records_no_changes(tmp_path: Path) -> None:
    data = TEXT.encode("utf-8")
    doc = _read_file(tmp_path, data)
    assert doc.text == TEXT
    assert doc.source.encoding == "utf-8"
    assert doc.source.changes == ()
    assert doc.source.size_bytes == len(data)
    assert doc.source.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.source.path == str(tmp_path / "story.txt")


def test_utf8_with_bom_drops_the_bom_and_says_so(tmp_path: Path) -> None:
    doc = _read_file(tmp_path, TEXT.encode("utf-8-sig"))
    assert doc.text == TEXT
    assert not doc.text.startswith("\ufeff")
    assert doc.source.encoding in {"utf-8-sig", "utf-8"}
    assert "byte-order mark" in _changes(doc)


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
    ids=["le", "be"],
)
def test_utf16_with_bom(tmp_path: Path, bom: bytes, codec: str) -> None:
    doc = _read_file(tmp_path, bom + TEXT.encode(codec))
    assert doc.text == TEXT
    assert doc.source.encoding.lower().replace("_", "-").startswith("utf-16")
    assert "byte-order mark" in _changes(doc)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected(codec: str) -> None:
    doc = ficlens.read(TEXT.encode(codec))
    assert doc.text == TEXT
    assert doc.source.encoding.lower().replace("_", "-").startswith("utf-16")
    assert "\x00" not in doc.text


def test_cp1252_with_curly_quotes(tmp_path: Path) -> None:
    data = TEXT.encode("cp1252")
    assert b"\x93" in data and b"\x94" in data and b"\x92" in data and b"\x97" in data
    doc = _read_file(tmp_path, data)
    assert doc.text == TEXT
    assert doc.source.encoding == "cp1252"
    assert "cp1252" in _changes(doc)


def test_latin1_is_reported_as_iso_8859_1() -> None:
    data = LATIN.encode("latin-1")
    assert not any(0x80 <= b <= 0x9F for b in data)
    doc = ficlens.read(data)
    assert doc.text == LATIN
    assert doc.source.encoding == "iso-8859-1"
    assert "iso-8859-1" in _changes(doc)


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Thanks for reading — see you next week!\n", "cp1252"),
        ("It’s fine, it’s fine, it’s all fine.\n", "cp1252"),
        ("Adieu, café.\n", "latin-1"),
    ],
    ids=["em-dash-cp1252", "apostrophes-cp1252", "accent-latin1"],
)
def test_short_western_single_byte_file_is_not_misread_as_another_script(text: str, codec: str) -> None:
    # A one-line legacy file (an end note saved on its own, a drabble) must still read as Western text,
    # not as Ukrainian (cp1125), Urdu (cp1006) or Big5 because the detector had little to go on.
    doc = ficlens.read(text.encode(codec))
    assert doc.text == text
    assert doc.source.encoding in {"cp1252", "iso-8859-1"}


def test_crlf_line_ends_become_lf_and_are_recorded(tmp_path: Path) -> None:
    doc = _read_file(tmp_path, TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert doc.text == TEXT
    assert "\r" not in doc.text
    assert re.search(r"\b3\b.*cr lf", _changes(doc))  # all three line ends, counted


def test_lone_cr_line_ends_become_lf_and_are_recorded(tmp_path: Path) -> None:
    doc = _read_file(tmp_path, TEXT.replace("\n", "\r").encode("utf-8"))
    assert doc.text == TEXT
    assert "\r" not in doc.text
    assert "cr line end" in _changes(doc)


def test_crlf_and_cp1252_changes_are_all_recorded_together(tmp_path: Path) -> None:
    doc = _read_file(tmp_path, TEXT.replace("\n", "\r\n").encode("cp1252"))
    assert doc.text == TEXT
    changes = _changes(doc)
    assert "cp1252" in changes
    assert "cr lf" in changes


def test_mojibake_is_repaired_and_real_curly_quotes_survive(tmp_path: Path) -> None:
    # First line: UTF-8 that went through cp1252 and was saved again as UTF-8. Second line: correct text.
    broken = (
        "Donâ€™t wake the cafÃ© cat, â€œpleaseâ€\x9d.\n\nShe said “fine” — and didn’t, because 'rules' are rules.\n"
    )
    expected = "Don’t wake the café cat, “please”.\n\nShe said “fine” — and didn’t, because 'rules' are rules.\n"
    doc = _read_file(tmp_path, broken.encode("utf-8"))
    assert doc.text == expected
    assert "'" not in doc.text.split("\n")[0]  # the apostrophe was repaired curly, not straightened
    assert "'rules'" in doc.text  # straight quotes the author typed stay straight
    assert doc.source.encoding == "utf-8"
    assert "mojibake" in _changes(doc)


def test_correct_utf8_that_looks_unusual_is_not_repaired() -> None:
    text = "Ça va? São Tomé, Þórr and Ægir — “no,” said Łucja.\n"
    doc = ficlens.read(text.encode("utf-8"))
    assert doc.text == text
    assert "mojibake" not in _changes(doc)


def test_utf8_file_with_one_stray_cp1252_byte_stays_readable(tmp_path: Path) -> None:
    # A UTF-8 file into which one cp1252 apostrophe (0x92) was pasted.
    data = TEXT.encode("utf-8") + b"Later she couldn\x92t remember why.\n"
    doc = _read_file(tmp_path, data)
    assert doc.text == TEXT + "Later she couldn’t remember why.\n"
    assert "\ufffd" not in doc.text
    assert doc.source.encoding == "utf-8"
    assert "cp1252" in _changes(doc)
