"""EPUB packages read safely: the zip, ``META-INF/container.xml``, the OPF (metadata, manifest, spine) and the
table of contents (EPUB 3 navigation document or EPUB 2 NCX).

Safety (``docs/ingest.md``, *Safety*): the archive is read in memory with :mod:`zipfile`, never extracted;
members are opened by name only after their names are checked (no absolute paths, no ``..``, no drive letters,
no backslashes), and a member is refused when the archive holds too many entries, when a member claims or
turns out to expand past its limit, or when the whole archive would expand past its limit, or compresses
suspiciously well (a zip bomb). Reading stops at the limit, whatever the header claims.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from ..errors import IngestError
from .html import HtmlError, children, parse_xml, tag_of, text_of

MAX_ENTRIES = 2000
MAX_MEMBER_BYTES = 32 * 1024 * 1024  # one XHTML file
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # everything in one archive, as its directory declares it (images too)
# the documents read from one archive (XHTML, OPF, NCX; each member counted once), once expanded: some nine
# million words (a 100,000-word work is about 0.7 MB of XHTML); a small archive of many small, very compressible
# members stops here
MAX_READ_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200  # expanded / compressed for a member over 1 MB (text compresses about 3-10x)

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def _decompression_errors() -> tuple[type[Exception], ...]:
    """What zipfile lets through from its decompressors on corrupt data (bzip2's is an OSError)."""
    try:
        from lzma import LZMAError
    except ImportError:  # a Python without lzma: zipfile refuses LZMA members itself (NotImplementedError)
        return (zlib.error,)
    return (zlib.error, LZMAError)


_DECOMPRESSION_ERRORS = _decompression_errors()


class EpubError(IngestError):
    """An EPUB (or other zip) that cannot be read: not a zip, unsafe, or missing what an EPUB must have."""


class NotAnEpubError(EpubError):
    """A zip archive with no EPUB package in it."""


@dataclass(frozen=True)
class TocEntry:
    label: str
    href: str  # the document's path inside the zip (fragment removed)
    fragment: str = ""


@dataclass
class Package:
    """What an EPUB's package says, and its documents on demand."""

    opf_path: str
    metadata: list[tuple[str, dict[str, str], str]]  # (local tag, attributes by local name, text), in order
    manifest: dict[str, tuple[str, str, str]]  # id -> (path, media type, properties)
    spine: list[str]  # document paths in reading order
    toc: list[TocEntry] = field(default_factory=list)
    version: str = "2.0"
    names: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)  # what reading left out, for ``SourceInfo.changes``
    _zip: Any = None
    _read_total: int = 0
    _counted: set[str] = field(default_factory=set)  # the members whose size _read_total holds

    def meta(self, tag: str) -> list[str]:
        """The text of every metadata element with this local name (``title``, ``creator``, ``subject`` …)."""
        return [text for t, _attrs, text in self.metadata if t == tag and text]

    def meta_attrs(self, tag: str) -> list[tuple[dict[str, str], str]]:
        return [(attrs, text) for t, attrs, text in self.metadata if t == tag]

    def calibre(self, name: str) -> str | None:
        """A ``<meta name="calibre:NAME" content=…>`` value."""
        for t, attrs, _text in self.metadata:
            if t == "meta" and attrs.get("name") == f"calibre:{name}":
                return attrs.get("content")
        return None

    def read(self, path: str) -> bytes:
        return _read_member(self, path)

    def has(self, path: str) -> bool:
        return path in self.names


def is_zip(data: bytes) -> bool:
    return data[:4] in ZIP_MAGIC


def _safe_name(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return False
    if len(name) > 1 and name[1] == ":":
        return False  # C:evil
    parts = name.split("/")
    return ".." not in parts


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The archive, after the entry-count and name checks (every name must be safe)."""
    if not is_zip(data):
        raise EpubError("is not a zip archive (an EPUB is a zip file)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise EpubError(f"is a damaged or truncated zip archive ({exc})") from None
    if len(infos) > MAX_ENTRIES:
        raise EpubError(f"holds {len(infos)} entries, over the limit of {MAX_ENTRIES} (refused as a zip bomb)")
    for info in infos:
        if not _safe_name(info.filename):
            raise EpubError(f"has an unsafe member name {info.filename!r} (absolute path or '..')")
    declared = sum(i.file_size for i in infos)
    if declared > MAX_TOTAL_BYTES:
        raise EpubError(f"would expand to {declared} bytes, over the {MAX_TOTAL_BYTES} byte limit (zip bomb)")
    return zf


def _read_member(pkg: Package, path: str) -> bytes:
    zf: zipfile.ZipFile = pkg._zip
    try:
        info = zf.getinfo(path)
    except KeyError:
        raise EpubError(f"names a file it does not contain ({path!r})") from None
    if info.file_size > MAX_MEMBER_BYTES:
        raise EpubError(f"member {path!r} expands to {info.file_size} bytes, over the limit (zip bomb)")
    new = path not in pkg._counted
    if new and pkg._read_total + info.file_size > MAX_READ_BYTES:
        raise EpubError(f"expands past {MAX_READ_BYTES} bytes of documents in all (refused as a zip bomb)")
    if info.file_size > 1024 * 1024 and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
        raise EpubError(f"member {path!r} compresses {info.file_size // info.compress_size}:1 (refused as a zip bomb)")
    try:
        with zf.open(info) as fh:
            # zipfile stops at the declared size (and then checks the CRC), so ask for no more: a member that
            # claims a few bytes is not decompressed a whole limit's worth first
            data = fh.read(min(info.file_size, MAX_MEMBER_BYTES) + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise EpubError(f"member {path!r} cannot be read ({exc})") from None
    except _DECOMPRESSION_ERRORS as exc:  # corrupt compressed data
        raise EpubError(f"member {path!r} cannot be read (corrupt data: {exc})") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise EpubError(f"member {path!r} expands past {MAX_MEMBER_BYTES} bytes (zip bomb)")
    if new:
        pkg._counted.add(path)
        pkg._read_total += len(data)
    if pkg._read_total > MAX_READ_BYTES:
        raise EpubError(f"expands past {MAX_READ_BYTES} bytes of documents in all (refused as a zip bomb)")
    return data


def _resolve(base: str, href: str) -> str:
    href = unquote(href.split("#", 1)[0])
    if not href:
        return ""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), href))
    return "" if joined.startswith("../") or joined == ".." or joined.startswith("/") else joined


def _local_attrs(el: Any) -> dict[str, str]:
    return {k.rsplit("}", 1)[-1]: v for k, v in el.attrib.items()}


def metadata_of(el: Any) -> list[tuple[str, dict[str, str], str]]:
    """Every element under an OPF's ``<metadata>`` (or under the whole package ``el``) as (local tag, attributes
    by local name, text), in order."""
    if tag_of(el) != "metadata":
        el = next((m for m in el.iter() if tag_of(m) == "metadata"), None)
        if el is None:
            return []
    return [(tag_of(m), _local_attrs(m), text_of(m)) for m in el.iter() if m is not el and isinstance(m.tag, str)]


def open_package(data: bytes) -> Package:
    """The package of an EPUB held in ``data`` (raises :class:`EpubError` with the cause)."""
    zf = open_zip(data)
    names = tuple(i.filename for i in zf.infolist())
    pkg = Package("", [], {}, [], names=names, _zip=zf)
    opf_path = ""
    if "META-INF/container.xml" in names:
        try:
            container = parse_xml(pkg.read("META-INF/container.xml"), "META-INF/container.xml")
        except HtmlError as exc:
            raise EpubError(exc.cause) from None
        for el in container.iter():
            if tag_of(el) == "rootfile" and el.get("full-path"):
                opf_path = _resolve("", el.get("full-path", ""))
                break
    if not opf_path:
        opfs = [n for n in names if n.lower().endswith(".opf")]
        if not opfs:
            raise NotAnEpubError("is a zip archive but not an EPUB (no META-INF/container.xml and no .opf package)")
        opf_path = opfs[0]
    try:
        opf = parse_xml(pkg.read(opf_path), opf_path)
    except HtmlError as exc:
        raise EpubError(exc.cause) from None
    pkg.opf_path = opf_path
    pkg.version = opf.get("version") or "2.0"
    spine_el = None
    toc_id = ""
    for el in opf.iter():
        tag = tag_of(el)
        if tag == "metadata":
            pkg.metadata += metadata_of(el)
        elif tag == "manifest":
            for item in children(el):
                if tag_of(item) == "item" and item.get("id") and item.get("href"):
                    path = _resolve(opf_path, item.get("href", ""))
                    pkg.manifest[item.get("id", "")] = (
                        path, (item.get("media-type") or "").lower(), item.get("properties") or ""
                    )  # fmt: skip
        elif tag == "spine":
            spine_el = el
            toc_id = el.get("toc") or ""
    if spine_el is None:
        raise EpubError("is an EPUB with no spine (its reading order is missing)")
    _read_spine(pkg, spine_el)
    if not pkg.spine:
        raise EpubError("is an EPUB whose spine lists no readable documents")
    declared = sum(zf.getinfo(p).file_size for p in set(pkg.spine))  # zipfile never reads past a declared size
    if declared > MAX_READ_BYTES:
        raise EpubError(
            f"has documents that expand to {declared} bytes, over the {MAX_READ_BYTES} byte limit (zip bomb)"
        )
    pkg.toc = _toc(pkg, toc_id)
    return pkg


def _read_spine(pkg: Package, spine_el: Any) -> None:
    """The spine's documents in reading order, each once: a repeated itemref (EPUB forbids them; one 3 KB file
    repeating a document thousands of times would render it thousands of times) is rendered once, and a document
    missing from the archive is skipped; both are noted in ``pkg.notes``."""
    repeated: dict[str, int] = {}
    for ref in children(spine_el):
        idref = ref.get("idref") or ""
        if tag_of(ref) != "itemref" or idref not in pkg.manifest:
            continue
        path, media, _props = pkg.manifest[idref]
        if not path or not ("html" in media or path.lower().endswith((".xhtml", ".html", ".htm"))):
            continue
        if path not in pkg.names:
            pkg.notes.append(f"skipped the spine document {path!r}: it is missing from the archive")
        elif path in pkg.spine:
            repeated[path] = repeated.get(path, 0) + 1
        else:
            pkg.spine.append(path)
    for path, n in repeated.items():
        pkg.notes.append(f"rendered the spine document {path!r} once (the spine repeats it {n} more time(s))")


def _toc(pkg: Package, toc_id: str) -> list[TocEntry]:
    nav = next((p for p, _m, props in pkg.manifest.values() if "nav" in props.split()), "")
    if nav and pkg.has(nav):
        try:
            root = parse_xml(pkg.read(nav), nav)
        except (HtmlError, EpubError):
            root = None
        if root is not None:
            entries = _nav_entries(root, nav)
            if entries:
                return entries
    ncx = pkg.manifest.get(toc_id, ("", "", ""))[0] if toc_id else ""
    if not ncx:
        ncx = next((p for p, m, _ in pkg.manifest.values() if m == "application/x-dtbncx+xml"), "")
    if ncx and pkg.has(ncx):
        try:
            root = parse_xml(pkg.read(ncx), ncx)
        except (HtmlError, EpubError):
            return []
        out = []
        for point in root.iter():
            if tag_of(point) != "navpoint":  # tag_of lower-cases: "navPoint"
                continue
            label = next((text_of(x) for x in point.iter() if tag_of(x) == "text"), "")
            src = next((x.get("src", "") for x in children(point) if tag_of(x) == "content"), "")
            if src:
                out.append(TocEntry(label, _resolve(ncx, src), src.split("#", 1)[1] if "#" in src else ""))
        return out
    return []


def _nav_entries(root: Any, nav_path: str) -> list[TocEntry]:
    for el in root.iter():
        if tag_of(el) != "nav":
            continue
        kind = next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "type"), "")
        if kind and kind != "toc":
            continue
        out = []
        for a in el.iter():
            if tag_of(a) == "a" and a.get("href"):
                href = a.get("href", "")
                out.append(TocEntry(text_of(a), _resolve(nav_path, href), href.split("#", 1)[1] if "#" in href else ""))
        if out:
            return out
    return []
