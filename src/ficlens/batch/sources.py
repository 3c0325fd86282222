"""What a batch reads: files, folders (recursively), globs, zip archives (each member a work) and JSON Lines
(one work a line), turned into :class:`WorkSource` values that carry a work's content and a stable id.

Discovery (:func:`discover`) only lists: paths, archive members, line offsets. Loading (:func:`load`) reads one
item's bytes, hashes them (the **work id** is the sha256 of the file's or member's bytes, or of a JSON line's
``text`` encoded as UTF-8) and checks a JSON line's fields. Whatever cannot be listed or loaded becomes a
:class:`SourceFailure` (an error row), never an exception: one bad input does not stop a batch.

Archives are read in place with :mod:`zipfile` (never extracted): member names are checked as EPUB members are
(``ficlens.ingest.package``: no absolute paths, no ``..``, no backslashes), each member is refused past its size
limit or when it compresses suspiciously well, and reading stops at the limit whatever the header claims. Members
are read one at a time, so an archive's total size only costs disk reads, not memory.
"""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import itertools
import json
import os
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..ingest import DEFAULT_MAX_BYTES, calibre
from ..ingest.folders import is_work_file
from ..ingest.package import _DECOMPRESSION_ERRORS, MAX_MEMBER_BYTES, MAX_RATIO, _safe_name
from ..model import Metadata, Note

# Names that are works when found in a folder or an archive (a file named on the command line always is).
STORY_SUFFIXES = (".txt", ".text", ".md", ".htm", ".html", ".xhtml", ".epub")
ARCHIVE_SUFFIXES = (".zip",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# A corpus archive may hold far more members than an EPUB (ficlens.ingest.package.MAX_ENTRIES); past this many
# entries its central directory alone costs too much memory and the archive is refused.
MAX_ARCHIVE_ENTRIES = 200_000
# One JSON line (text and metadata), as read.
MAX_LINE_BYTES = DEFAULT_MAX_BYTES
JSONL_KEYS = ("id", "text", "meta")
GLOB_CHARS = "*?["


@dataclass(frozen=True, slots=True)
class Locator:
    """Where one work is: a file, a member of a zip archive, or a line (1-based) of a JSON Lines file."""

    kind: str  # "file", "zip", "jsonl"
    path: str
    member: str | None = None
    line: int | None = None
    offset: int = 0  # JSON Lines: byte offset and length of the line
    length: int = 0
    opf: str | None = None  # a Calibre library's book: its metadata.opf (ingest/calibre.py)

    @property
    def label(self) -> str:
        """How messages name the work: ``path``, ``archive.zip!member.txt`` or ``works.jsonl:3``."""
        if self.kind == "zip":
            return f"{self.path}!{self.member}"
        if self.kind == "jsonl":
            return f"{self.path}:{self.line}"
        return self.path


@dataclass(frozen=True, slots=True)
class WorkSource:
    """One work, loaded: its id, where it came from and its content (bytes, or a JSON line's text and meta)."""

    work_id: str
    locator: Locator
    data: bytes | None = None
    text: str | None = None
    meta: tuple[tuple[str, Any], ...] = ()  # JSON Lines "meta", converted to Metadata field values
    external_id: str | None = None

    @property
    def label(self) -> str:
        return self.locator.label


@dataclass(frozen=True, slots=True)
class SourceFailure:
    """An input that could not be listed or loaded: it becomes an error row with this id."""

    work_id: str
    locator: Locator
    error_type: str
    message: str

    @property
    def label(self) -> str:
        return self.locator.label


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def failure_id(*parts: object) -> str:
    """A stable id for an input that has no content to hash (a missing file, an unsafe member name)."""
    return sha256("\x00".join(["error", *(str(p) for p in parts)]).encode("utf-8"))


def _failure(loc: Locator, error_type: str, message: str, work_id: str | None = None) -> SourceFailure:
    return SourceFailure(
        work_id or failure_id(error_type, loc.kind, loc.path, loc.member, loc.line), loc, error_type, message
    )


def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def _hidden(name: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in name.split("/") if part)


# -- discovery --------------------------------------------------------------------------------------------------
def discover(
    inputs: Iterable[str],
    *,
    exclude: Iterable[str | os.PathLike[str]] = (),
    follow_symlinks: bool = False,
) -> Iterator[Locator | SourceFailure]:
    """Every work the inputs name, in a stable order (each input in turn; folders and globs sorted).

    A path seen twice (through two inputs) is listed once. Folders under ``exclude`` (the output folder) are
    not entered. Only regular files are read: a FIFO, device or socket is an error row (a FIFO would block the
    batch forever, ``/dev/zero`` would fill its memory). A symbolic link found in a folder or by a glob is
    followed only when it stays inside that folder (or the glob's folder), unless ``follow_symlinks``; a file
    named on the command line is read wherever its link points.
    """
    excluded = [os.path.realpath(e) for e in exclude]
    seen: set[str] = set()
    for raw in inputs:
        try:
            if os.path.lexists(raw) or not any(ch in raw for ch in GLOB_CHARS):
                if os.path.isdir(raw):
                    yield from _walk(raw, seen, excluded, follow_symlinks)
                else:
                    yield from _expand(raw, seen)
                continue
            paths = sorted(glob.glob(raw, recursive=True))
            if not paths:
                yield _failure(Locator("file", raw), "InputNotFoundError", "no files match this pattern")
                continue
            root = None if follow_symlinks else os.path.realpath(_glob_root(raw))
            for path in paths:
                if root is not None and not _inside(path, root):
                    yield _outside(path)
                elif os.path.isdir(path):
                    yield from _walk(path, seen, excluded, follow_symlinks)
                elif _is_work_name(path) or _suffix(path) in ARCHIVE_SUFFIXES + JSONL_SUFFIXES:
                    yield from _expand(path, seen)
        except OSError as exc:  # a folder that vanishes or cannot be read while it is listed
            yield _failure(Locator("file", raw), "IngestError", f"cannot be listed: {exc.strerror or exc}")


def _glob_root(pattern: str) -> str:
    """The folder a glob searches: its path up to the first part with a wildcard."""
    parts = pattern.split(os.sep)
    fixed = list(itertools.takewhile(lambda part: not any(ch in part for ch in GLOB_CHARS), parts[:-1]))
    return os.sep.join(fixed) or ("/" if pattern.startswith(os.sep) else ".")


def _inside(path: str, root: str) -> bool:
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _outside(path: str) -> SourceFailure:
    return _failure(
        Locator("file", path), "SymlinkError",
        f"is a symbolic link to {os.path.realpath(path)}, outside the input (not followed; --follow-symlinks "
        "follows it)",
    )  # fmt: skip


def _is_work_name(name: str) -> bool:
    return _suffix(name) in STORY_SUFFIXES


def _walk(folder: str, seen: set[str], excluded: list[str], follow: bool) -> Iterator[Locator | SourceFailure]:
    root = os.path.realpath(folder)
    entered: set[str] = set()
    for here, dirs, files in os.walk(folder, followlinks=follow):
        real = os.path.realpath(here)
        if real in entered:  # a link loop (only when following links)
            dirs[:] = []
            continue
        entered.add(real)
        if calibre.is_book_folder(Path(here)):  # a Calibre book: its best format, once
            dirs[:] = []
            best = calibre.book_format(Path(here))
            if best is not None and os.path.realpath(best) not in seen:
                seen.add(os.path.realpath(best))
                yield Locator("file", str(best), opf=os.path.join(here, calibre.OPF_NAME))
            continue
        kept = []
        for d in sorted(dirs):
            full = os.path.join(here, d)
            if d.startswith(".") or os.path.realpath(full) in excluded:
                continue
            if os.path.islink(full) and not follow:
                if not _inside(full, root):
                    yield _outside(full)
                continue  # a link to a folder inside the input: the walk reaches that folder itself
            else:
                kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(here, name)
            if _suffix(name) in ARCHIVE_SUFFIXES + JSONL_SUFFIXES or (_is_work_name(name) and is_work_file(path)):
                if not follow and os.path.islink(path) and not _inside(path, root):
                    yield _outside(path)
                else:
                    yield from _expand(path, seen)


def _expand(path: str, seen: set[str]) -> Iterator[Locator | SourceFailure]:
    key = os.path.realpath(path)
    if key in seen:
        return
    seen.add(key)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        yield Locator("file", path)  # loading it says so
        return
    except OSError as exc:
        yield _failure(Locator("file", path), "IngestError", f"cannot read: {exc.strerror or exc}")
        return
    if not stat.S_ISREG(mode):
        what = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else ""
        what = what or ("a folder" if stat.S_ISDIR(mode) else "a socket" if stat.S_ISSOCK(mode) else "special")
        yield _failure(Locator("file", path), "NotAFileError", f"is {what}, not a regular file (skipped)")
        return
    suffix = _suffix(path)
    if suffix in ARCHIVE_SUFFIXES:
        yield from _archive_members(path)
    elif suffix in JSONL_SUFFIXES:
        yield from _jsonl_lines(path)
    else:
        yield Locator("file", path)


def _open_archive(path: str) -> zipfile.ZipFile:
    """The archive at ``path``, opened in place (OSError, zipfile.BadZipFile, ValueError on failure)."""
    zf = zipfile.ZipFile(path)
    if len(zf.infolist()) > MAX_ARCHIVE_ENTRIES:
        n = len(zf.infolist())
        zf.close()
        raise ValueError(f"holds {n} entries, over the limit of {MAX_ARCHIVE_ENTRIES} (split it)")
    return zf


def _archive_members(path: str) -> Iterator[Locator | SourceFailure]:
    loc = Locator("file", path)
    try:
        zf = _open_archive(path)
    except FileNotFoundError:
        yield _failure(loc, "InputNotFoundError", "no such file")
        return
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError) as exc:
        yield _failure(loc, "ArchiveError", f"is not a readable zip archive ({exc})")
        return
    with zf:
        for info in zf.infolist():
            name = info.filename
            if info.is_dir():
                continue
            member = Locator("zip", path, member=name)
            if not _safe_name(name):
                yield _failure(member, "ArchiveError", "has an unsafe member name (absolute path or '..')")
                continue
            if _hidden(name) or not _is_work_name(name):
                if _suffix(name) in ARCHIVE_SUFFIXES + JSONL_SUFFIXES:
                    yield _failure(member, "ArchiveError", "is an archive inside an archive (not expanded)")
                continue
            yield member


def _jsonl_lines(path: str) -> Iterator[Locator | SourceFailure]:
    """One locator per non-blank line (its byte offset and length), read without holding the file."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below; the generator must not hold it past the loop
    except FileNotFoundError:
        yield _failure(Locator("file", path), "InputNotFoundError", "no such file")
        return
    except OSError as exc:
        yield _failure(Locator("file", path), "IngestError", f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        for number, offset, length, blank in _lines(fh):
            if not blank:
                yield Locator("jsonl", path, line=number, offset=offset, length=length)


def _lines(fh: IO[bytes], block: int = 1 << 20) -> Iterator[tuple[int, int, int, bool]]:
    """(number, offset, length, blank) of each line, read a block at a time: however long a line is (a file with
    no newline at all), no more than one block is held."""
    number, offset, start, blank = 1, 0, 0, True
    while chunk := fh.read(block):
        pos = 0
        while (nl := chunk.find(b"\n", pos)) >= 0:
            blank = blank and not chunk[pos:nl].strip()
            yield number, start, offset + nl + 1 - start, blank
            number, start, blank, pos = number + 1, offset + nl + 1, True, nl + 1
        blank = blank and not chunk[pos:].strip()
        offset += len(chunk)
    if offset > start:
        yield number, start, offset - start, blank


# -- loading ----------------------------------------------------------------------------------------------------
class Loader:
    """Loads located works one by one, keeping the last archive open (members are loaded in archive order)."""

    def __init__(self, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._zip_path: str | None = None
        self._zip: zipfile.ZipFile | None = None

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
        self._zip, self._zip_path = None, None

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def load(self, loc: Locator) -> WorkSource | SourceFailure:
        """The work's content and id, or why it cannot be had (never an exception: this runs in the driver, and
        one poison input must not stop the batch)."""
        try:
            if loc.kind == "zip":
                return self._load_member(loc)
            if loc.kind == "jsonl":
                return self._load_line(loc)
            return self._load_file(loc)
        except (MemoryError, RecursionError) as exc:
            return _failure(loc, type(exc).__name__, "ran out of memory or recursion depth while loading")
        except Exception as exc:
            return _failure(loc, "InternalError", f"cannot be loaded ({type(exc).__name__}: {exc})")

    def _load_file(self, loc: Locator) -> WorkSource | SourceFailure:
        from ..errors import IngestError
        from ..ingest import read_bytes

        try:
            data = read_bytes(loc.path, self.max_bytes)
        except IngestError as exc:
            return _failure(loc, type(exc).__name__, _cause(exc))
        return WorkSource(sha256(data), loc, data=data)

    def _archive(self, path: str) -> zipfile.ZipFile:
        if self._zip_path != path or self._zip is None:
            self.close()
            self._zip = _open_archive(path)
            self._zip_path = path
        return self._zip

    def _load_member(self, loc: Locator) -> WorkSource | SourceFailure:
        assert loc.member is not None
        limit = min(self.max_bytes, MAX_MEMBER_BYTES)
        try:
            zf = self._archive(loc.path)
            info = zf.getinfo(loc.member)
        except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, KeyError) as exc:
            return _failure(loc, "ArchiveError", f"cannot be read from the archive ({exc})")
        if info.file_size > limit:
            return _failure(
                loc, "InputTooLargeError", f"expands to {info.file_size} bytes, over the {limit} byte limit"
            )
        if info.file_size > 1024 * 1024 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            ratio = info.file_size // info.compress_size
            return _failure(loc, "ArchiveError", f"compresses {ratio}:1 (refused as a zip bomb)")
        try:
            with zf.open(info) as fh:
                data = fh.read(min(info.file_size, limit) + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
            return _failure(loc, "ArchiveError", f"cannot be read ({exc})")
        except _DECOMPRESSION_ERRORS as exc:
            return _failure(loc, "ArchiveError", f"cannot be read (corrupt data: {exc})")
        if len(data) > limit:
            return _failure(loc, "ArchiveError", f"expands past {limit} bytes (zip bomb)")
        return WorkSource(sha256(data), loc, data=data)

    def _load_line(self, loc: Locator) -> WorkSource | SourceFailure:
        if loc.length > MAX_LINE_BYTES:  # never read: its id comes from where it is and how long
            line_id = failure_id("InputTooLargeError", loc.path, loc.line, loc.offset, loc.length)
            return _failure(loc, "InputTooLargeError", f"is over the {MAX_LINE_BYTES} byte limit", line_id)
        try:
            with open(loc.path, "rb") as fh:
                fh.seek(loc.offset)
                raw = fh.read(loc.length)
        except OSError as exc:
            return _failure(loc, "IngestError", f"cannot read: {exc.strerror or exc}")
        line_id = sha256(raw)  # a bad line's id is its own bytes': fixed, it becomes a new work
        try:
            return parse_line(raw, loc)
        except JsonLineError as exc:
            return _failure(loc, "JsonLineError", str(exc), line_id)


def _cause(exc: Exception) -> str:
    """An error's message without its path (rows keep the path apart)."""
    cause = getattr(exc, "cause", None)
    if cause is None:
        return str(exc)
    hint = getattr(exc, "hint", None)
    return f"{cause} ({hint})" if hint else str(cause)


# -- JSON Lines -------------------------------------------------------------------------------------------------
class JsonLineError(ValueError):
    """A JSON line that is not a work: malformed JSON, no text, an unknown key or a value of the wrong type."""


def parse_line(raw: bytes, loc: Locator) -> WorkSource:
    """A JSON line ``{"id": …, "text": …, "meta": {…}}`` as a WorkSource (JsonLineError when it is not one)."""
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # ValueError: bad JSON, bad UTF-8, a 5,000-digit integer
        raise JsonLineError(
            f"is not valid JSON ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
        ) from None
    if not isinstance(obj, dict):
        raise JsonLineError(f"is a JSON {type(obj).__name__}, not an object with 'text'")
    unknown = sorted(set(obj) - set(JSONL_KEYS))
    if unknown:
        raise JsonLineError(f"has unknown key(s) {', '.join(map(repr, unknown))}; known: {', '.join(JSONL_KEYS)}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise JsonLineError("has no 'text' (a non-empty string)")
    ext = obj.get("id")
    if isinstance(ext, bool) or (ext is not None and not isinstance(ext, str | int)):
        raise JsonLineError("has an 'id' that is neither a string nor a number")
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise JsonLineError("has a 'meta' that is not an object")
    values = convert_meta(meta)
    return WorkSource(
        sha256(text.encode("utf-8", "surrogatepass")),
        loc,
        text=text,
        meta=values,
        external_id=None if ext is None else str(ext),
    )


_META_FIELDS = {f.name: str(f.type) for f in dataclasses.fields(Metadata)}


def convert_meta(meta: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """JSON ``meta`` values as :class:`~ficlens.model.Metadata` field values (JsonLineError on a bad one)."""
    unknown = sorted(set(meta) - set(_META_FIELDS))
    if unknown:
        raise JsonLineError(f"has unknown meta key(s) {', '.join(map(repr, unknown))} (not Metadata fields)")
    out: list[tuple[str, Any]] = []
    for key, value in meta.items():
        try:
            out.append((key, _convert(_META_FIELDS[key], value)))
        except (TypeError, ValueError) as exc:
            raise JsonLineError(f"has a bad meta value for {key!r}: {exc}") from None
    return tuple(out)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


def _list(value: Any) -> list[Any]:
    if isinstance(value, str | dict):
        return [value]
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _convert(annotation: str, value: Any) -> Any:
    if value is None:
        if "None" in annotation:
            return None
        raise TypeError("may not be null")
    if annotation == "str | None":
        return _str(value)
    if annotation == "int | None":
        return _int(value)
    if annotation == "tuple[str, ...]":
        return tuple(_str(v) for v in _list(value))
    if annotation == "tuple[Note, ...]":
        return tuple(_note(v) for v in _list(value))
    if annotation == "tuple[tuple[str, str], ...]":
        items = list(value.items()) if isinstance(value, dict) else [_pair(v) for v in _list(value)]
        return tuple((_str(k), _str(v)) for k, v in items)
    if annotation == "tuple[tuple[str, int | None], ...]":
        return tuple((_str(k), None if v is None else _int(v)) for k, v in (_pair(v) for v in _list(value)))
    raise TypeError(f"cannot be given in JSON (type {annotation})")  # pragma: no cover - every field is covered


def _pair(value: Any) -> tuple[Any, Any]:
    if not isinstance(value, list) or len(value) != 2:
        raise TypeError("expected a [name, value] pair")
    return value[0], value[1]


def _note(value: Any) -> Note:
    if isinstance(value, str):
        return Note("notes", value)
    if not isinstance(value, dict):
        raise TypeError("a note is a string or an object with 'kind' and 'text'")
    allowed = {"kind", "text", "chapter"}
    if set(value) - allowed or "text" not in value:
        raise TypeError("a note object has 'text' and optionally 'kind' and 'chapter'")
    chapter = value.get("chapter")
    return Note(
        _str(value.get("kind", "notes")), _str(value["text"]), chapter=None if chapter is None else _int(chapter)
    )
