"""Bytes to text: binary sniffing, encoding detection, line ends and mojibake repair.

Decisions (see ``docs/ingest.md``):

* A BOM decides (UTF-8, UTF-16, UTF-32). Without one, NUL-byte patterns reveal UTF-16/32.
* Valid UTF-8 is UTF-8. UTF-8 with a few stray bytes (a cp1252 quote pasted into a UTF-8 file) keeps the UTF-8
  and reads the stray bytes as cp1252, and says so.
* Otherwise charset-normalizer proposes; when it proposes a Western single-byte code page (it often says
  cp1250 for Western text) we choose between cp1252 and ISO-8859-1 ourselves: the bytes 0x80-0x9F are
  printable in cp1252 (curly quotes, dashes) and control codes in ISO-8859-1.
* CR LF and lone CR become LF. ftfy repairs mojibake with ``uncurl_quotes=False`` and every other
  normalisation off, so curly quotes and apostrophes survive.

Every change is reported in words, for ``SourceInfo.changes``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import BinaryInputError, DecodingError

# Magic numbers of files people rename or drop into a story folder by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Code pages for which we pick cp1252 / ISO-8859-1 instead of charset-normalizer's guess.
_WESTERN = {
    "ascii", "cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_1", "iso8859_2", "iso8859_3",
    "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
    "mac_roman", "mac_latin2", "cp437", "cp850", "cp858",
}  # fmt: skip

_C1 = re.compile("[\x80-\x9f]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    changes: tuple[str, ...]


def sniff_binary(data: bytes) -> str | None:
    """What kind of binary file ``data`` is (``"a PNG image"``), or None if it may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        if b"mimetypeapplication/epub+zip" in data[:100]:
            return "an EPUB e-book"
        if b"word/" in data[:2000]:
            return "a Word document (DOCX)"
        return "a ZIP archive"
    return None


def _utf16_32_without_bom(head: bytes) -> str | None:
    """Guess BOM-less UTF-16/32 from where the NUL bytes fall."""
    if len(head) < 8 or b"\x00" not in head:
        return None
    n = len(head) - len(head) % 4
    head = head[:n]
    quads = [head[i : i + 4] for i in range(0, n, 4)]
    if all(q[2:] == b"\x00\x00" and q[0] for q in quads[:64]):
        return "utf-32-le"
    if all(q[:2] == b"\x00\x00" and q[3] for q in quads[:64]):
        return "utf-32-be"
    even = head[0::2]
    odd = head[1::2]
    if odd.count(0) > 0.7 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.7 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _decode_mixed_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few invalid bytes: read those as cp1252. None when the file is not mostly UTF-8."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and not ("\udc80" <= ch <= "\udcff"))
    if multibyte < 1 or bad > max(3, multibyte // 4):
        return None

    def fix(m: re.Match[str]) -> str:
        raw = bytes(ord(c) - 0xDC00 for c in m.group())
        return raw.decode("cp1252", errors="replace")

    return re.sub("[\udc80-\udcff]+", fix, text), bad


def _looks_western(data: bytes) -> bool:
    """Whether non-UTF-8 bytes read as cp1252 look like Western text: a few accented letters and typographic
    marks among ASCII words. Cyrillic or Greek read as cp1252 turns whole words non-ASCII instead, and
    charset-normalizer, which guesses badly on short Western files (cp1125 for an em dash), decides those."""
    text = data.decode("cp1252", errors="replace")
    if "\ufffd" in text:
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 3:
        return False
    high = sum(1 for ch in letters if ord(ch) > 0x7F)
    return high <= 0.25 * len(letters)


def _single_byte(data: bytes) -> tuple[str, str]:
    """Choose cp1252 or ISO-8859-1 for Western text; see the module docstring."""
    if re.search(rb"[\x80-\x9f]", data):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1"), "iso-8859-1"


def detect_and_decode(data: bytes) -> tuple[str, str, list[str]]:
    """Decode ``data`` to text; returns (text, encoding name, changes). Raises DecodingError."""
    changes: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(enc)
            except UnicodeDecodeError as exc:
                raise DecodingError(
                    f"starts with a {enc.upper()} byte-order mark but is not valid {enc}: {exc.reason}"
                ) from None
            changes.append(f"removed the {enc.upper()} byte-order mark")
            return text, enc + ("-sig" if enc == "utf-8" else ""), changes
    wide = _utf16_32_without_bom(data[:4096])
    if wide:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError:
            pass
        else:
            changes.append(f"decoded from {wide.upper()} without a byte-order mark")
            return text, wide, changes
    if b"\x00" in data[:65536]:
        raise BinaryInputError("is a binary file, not text (it contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8", changes
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed_utf8(data)
    if mixed is not None:
        text, bad = mixed
        changes.append(f"read {bad} byte(s) that were not valid UTF-8 as cp1252")
        return text, "utf-8", changes

    if _looks_western(data):
        text, enc = _single_byte(data)
    else:
        import charset_normalizer  # imported lazily: needed only for legacy non-Western files

        best = charset_normalizer.from_bytes(data[:262144]).best()
        if best is None:
            raise DecodingError(
                "has bytes that are not valid UTF-8 and fit no known text encoding",
                hint="is it really a text file? re-save it as UTF-8",
            )
        if best.encoding in _WESTERN:
            text, enc = _single_byte(data)
        else:
            try:
                text, enc = data.decode(best.encoding), best.encoding
            except UnicodeDecodeError as exc:
                raise DecodingError(f"looks like {best.encoding} but does not decode: {exc.reason}") from exc
    changes.append(f"decoded from {enc} (not UTF-8)")
    return text, enc, changes


def _fix_newlines(text: str, changes: list[str]) -> str:
    crlf = text.count("\r\n")
    if crlf:
        text = text.replace("\r\n", "\n")
    cr = text.count("\r")
    if cr:
        text = text.replace("\r", "\n")
    if crlf:
        changes.append(f"changed {crlf} CR LF line end(s) to LF")
    if cr:
        changes.append(f"changed {cr} CR line end(s) to LF")
    return text


def _fix_mojibake(text: str, changes: list[str]) -> str:
    import ftfy
    from ftfy import TextFixerConfig

    config = TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=True,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )
    fixed = ftfy.fix_and_explain(text, config=config)
    if fixed.text != text:
        steps = sorted({step for _, step in fixed.explanation or []}) or ["fix"]
        lines = sum(1 for a, b in zip(text.split("\n"), fixed.text.split("\n"), strict=False) if a != b)
        changes.append(f"repaired mojibake on {lines} line(s) with ftfy ({', '.join(steps)})")
    return fixed.text


def decode(data: bytes) -> Decoded:
    """Decode file bytes into the Document text. Raises BinaryInputError or DecodingError (without a path)."""
    what = sniff_binary(data[:4096])
    if what:
        raise BinaryInputError(f"is {what}, not a text story")
    text, encoding, changes = detect_and_decode(data)
    if text.startswith("\ufeff"):
        text = text[1:]
        changes.append("removed a byte-order mark character")
    text = _fix_newlines(text, changes)
    text = _fix_mojibake(text, changes)
    controls = len(_CONTROL.findall(text))
    if controls and controls > max(8, len(text) // 200):
        raise DecodingError(
            f"does not decode to readable text ({controls} control or replacement characters as {encoding})",
            hint="is it really a text file? re-save it as UTF-8",
        )
    return Decoded(text=text, encoding=encoding, changes=tuple(changes))
