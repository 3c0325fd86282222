"""Builders of hostile (and, as seeds, valid) story files, made in memory for the safety and fuzz tests.

Nothing large is committed: a "1 GB" zip bomb is about 1 MB of crafted deflate data, written with a hand-made
zip writer (:func:`raw_zip`) that can also lie in its headers. Every story text here is invented for these tests.
"""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIB = 1024 * 1024
GIB = 1024 * MIB

XXE_DOCTYPE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS_DOCTYPE = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{k} "{("&lol" + (str(k - 1) if k > 1 else "") + ";") * 10}">' for k in range(1, 10))
    + "]>"
)
LAUGHS_USE = "&lol9;"  # a billion "lol"s when expanded

CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>'
    "</container>"
)

PARAGRAPHS = (
    "The lamplighter came up Quarry Lane an hour early, and Mara Quill watched him from the bakery step.",
    '"You are early," she said. "The fog has not even thought about coming in yet."',
    '"The fog thinks about nothing else," said Teodor Vance, and set his ladder against the post.',
    "Above them the first lamp caught, shivered, and settled into a small gold hum.",
    "Mara counted the lamps down the lane the way other people counted sheep: nine, ten, eleven.",
    '"Come inside," she said at last. "There is bread, and the kettle is nearly singing."',
)


# -- plain zips and EPUBs ----------------------------------------------------------------------------------------


def zip_bytes(members: Iterable[tuple[str, bytes | str]], *, mimetype: bool = True) -> bytes:
    """A zip of ``members`` (name, content), deflated; an EPUB's stored ``mimetype`` first when asked."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        if mimetype:
            zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, content in members:
            zf.writestr(zipfile.ZipInfo(name), content)  # ZipInfo: the name is written as given, unnormalised
    return buf.getvalue()


def xhtml(body: str, title: str = "Chapter", doctype: str = "") -> str:
    """An XHTML document around ``body`` (``doctype`` goes after the XML declaration)."""
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{doctype}\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{title}</title></head><body>{body}</body></html>'
    )


def chapter_body(k: int, paragraphs: Sequence[str] = PARAGRAPHS) -> str:
    """A chapter's body: its heading and a few invented paragraphs."""
    ps = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<h2>Chapter {k}</h2>{ps}<hr/><p>Much later, the lane was <em>quiet</em> again.</p>"


def opf(
    items: Sequence[tuple[str, str, str]],
    spine: Sequence[str] | None,
    *,
    title: str = "The Lamplighter's Hour",
    doctype: str = "",
    toc: str = "ncx",
) -> str:
    """An EPUB 2 OPF: ``items`` are (id, href, media type); ``spine`` the idrefs in order (None: no spine)."""
    manifest = "".join(f'<item id="{i}" href="{h}" media-type="{m}"/>' for i, h, m in items)
    spine_xml = "" if spine is None else f'<spine toc="{toc}">' + "".join(f'<itemref idref="{s}"/>' for s in spine)
    spine_xml += "" if spine is None else "</spine>"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="uid">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">'
        f'<dc:title>{title}</dc:title><dc:creator opf:role="aut">quillfeather</dc:creator>'
        '<dc:language>en</dc:language><dc:identifier id="uid">urn:uuid:0000-ficlens-test</dc:identifier>'
        f"</metadata><manifest>{manifest}</manifest>{spine_xml}</package>"
    )


def ncx(points: Sequence[tuple[str, str]], doctype: str = "") -> str:
    """An NCX table of contents of (label, src) points."""
    nav = "".join(
        f'<navPoint id="p{k}" playOrder="{k}"><navLabel><text>{label}</text></navLabel>'
        f'<content src="{src}"/></navPoint>'
        for k, (label, src) in enumerate(points, 1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n'
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head/>'
        f"<docTitle><text>The Lamplighter's Hour</text></docTitle><navMap>{nav}</navMap></ncx>"
    )


def epub_members(
    n_chapters: int = 2,
    *,
    chapter_doctype: str = "",
    opf_doctype: str = "",
    container_doctype: str = "",
    ncx_doctype: str = "",
    extra_items: Sequence[tuple[str, str, str]] = (),
    extra_spine: Sequence[str] = (),
    extra_points: Sequence[tuple[str, str]] = (),
    no_spine: bool = False,
) -> list[tuple[str, bytes | str]]:
    """The members of a small valid EPUB 2 (``OEBPS/``), each part of which a test may make hostile."""
    chapters = [(f"c{k}", f"chapter{k}.xhtml", "application/xhtml+xml") for k in range(1, n_chapters + 1)]
    items = [("ncx", "toc.ncx", "application/x-dtbncx+xml"), *chapters, *extra_items]
    spine = None if no_spine else [c[0] for c in chapters] + list(extra_spine)
    points = [(f"Chapter {k}", f"chapter{k}.xhtml") for k in range(1, n_chapters + 1)] + list(extra_points)
    container = CONTAINER.replace("?>\n", f"?>\n{container_doctype}\n", 1) if container_doctype else CONTAINER
    members: list[tuple[str, bytes | str]] = [
        ("META-INF/container.xml", container),
        ("OEBPS/content.opf", opf(items, spine, doctype=opf_doctype)),
        ("OEBPS/toc.ncx", ncx(points, doctype=ncx_doctype)),
    ]
    for k in range(1, n_chapters + 1):
        members.append((f"OEBPS/chapter{k}.xhtml", xhtml(chapter_body(k), f"Chapter {k}", chapter_doctype)))
    return members


def valid_epub(n_chapters: int = 2) -> bytes:
    """A small valid EPUB 2 of ``n_chapters`` invented chapters."""
    return zip_bytes(epub_members(n_chapters))


def epub_with(replace: dict[str, bytes | str] | None = None, drop: Iterable[str] = (), **kw: object) -> bytes:
    """:func:`valid_epub` with some members replaced or added (``replace``) and some left out (``drop``)."""
    members = dict(epub_members(**kw))  # type: ignore[arg-type]
    for name in drop:
        members.pop(name, None)
    members.update(replace or {})
    return zip_bytes(members.items())


# -- text seeds ---------------------------------------------------------------------------------------------------


def html_download() -> str:
    """A page shaped like an AO3 HTML download (preface, tags, one chapter, afterword); invented text."""
    tags = "".join(
        f'<dt>{label}:</dt><dd><a href="https://archiveofourown.org/tags/{v}">{v}</a></dd>'
        for label, v in (
            ("Rating", "General Audiences"),
            ("Fandom", "Skyfall Academy"),
            ("Characters", "Mara Quill (Skyfall Academy)"),
        )
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="utf-8"/>'
        "<title>The Lamplighter's Hour - quillfeather - Skyfall Academy</title><style>.x{}</style></head><body>"
        '<div id="preface"><h2 class="toc-heading">Preface</h2><p class="message"><b>The Lamplighter\'s Hour</b>'
        '<br/>Posted originally on the <a href="https://archiveofourown.org/">Archive of Our Own</a>.</p>'
        f'<div class="meta"><dl class="tags">{tags}</dl><h1>The Lamplighter\'s Hour</h1>'
        '<div class="byline">by <a rel="author" href="https://archiveofourown.org/users/q">quillfeather</a></div>'
        '<p>Summary</p><blockquote class="userstuff"><p>Lamps, fog, bread.</p></blockquote></div></div>'
        f'<div id="chapters" class="userstuff"><h2 class="toc-heading">The Lamplighter\'s Hour</h2>'
        f'<div class="userstuff">{paragraphs}</div></div>'
        '<div id="afterword"><h2 class="toc-heading">Afterword</h2><p class="message">Please drop by the Archive '
        "and comment to let the creator know if you enjoyed their work!</p></div></body></html>\n"
    )


def plain_story() -> str:
    """A bare plain-text story."""
    return "\n\n".join(PARAGRAPHS) + "\n"


def story_export(characters: str = "Mara Quill (Skyfall Academy), Teodor Vance") -> str:
    """A plain-text story export with a labelled header."""
    header = [
        "The Lamplighter's Hour by quillfeather",
        "Fandom: Skyfall Academy",
        f"Characters: {characters}",
        "Rating: G",
    ]
    return "\n".join(header) + "\n\n" + plain_story()


def fanficfare_txt() -> str:
    """A file laid out like FanFicFare's TXT output (three blank lines, title, ``by`` author, ``End file.``)."""
    lines = [
        "", "", "",
        "The Lamplighter's Hour",
        "",
        "by quillfeather",
        "", "", "",
        "Category: Skyfall Academy",
        "Characters: Mara Quill, Teodor Vance",
        "Status: Completed",
        "Summary: Lamps, fog, bread.",
        "", "", "", "", "",
        " " * 8 + "Chapter One",
        "", "",
        *PARAGRAPHS,
        "", "", "", "",
        "End file.",
        "",
    ]  # fmt: skip
    return "\n".join(lines)


# -- crafted zips -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RawMember:
    """A zip member written as given: ``payload`` is already compressed, and the sizes are what the headers say."""

    name: str
    payload: bytes
    method: int = zipfile.ZIP_STORED
    crc: int = 0
    file_size: int = 0  # the uncompressed size the headers claim

    @classmethod
    def stored(cls, name: str, data: bytes | str) -> RawMember:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        return cls(name, raw, zipfile.ZIP_STORED, zlib.crc32(raw), len(raw))

    @classmethod
    def deflated(cls, name: str, data: bytes | str) -> RawMember:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return cls(name, c.compress(raw) + c.flush(), zipfile.ZIP_DEFLATED, zlib.crc32(raw), len(raw))


def raw_zip(members: Sequence[RawMember]) -> bytes:
    """A zip archive written byte by byte (no zip64), so that its headers can say anything."""
    out = io.BytesIO()
    central = []
    for m in members:
        name = m.name.encode("utf-8")
        offset = out.tell()
        sizes = (m.crc, len(m.payload), m.file_size)
        # version needed, flags (UTF-8 names), method, time, date, crc, sizes, name length, extra length
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0x800, m.method, 0, 0x21, *sizes, len(name), 0))
        out.write(name)
        out.write(m.payload)
        # ... and version made by, comment length, disk, internal and external attributes, header offset
        fields = (20, 20, 0x800, m.method, 0, 0x21, *sizes, len(name), 0, 0, 0, 0, 0, offset)
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", *fields) + name)
    start = out.tell()
    for c in central:
        out.write(c)
    size = out.tell() - start
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), size, start, 0))
    return out.getvalue()


@functools.lru_cache(maxsize=4)
def zeros_deflated(n_mib: int) -> tuple[bytes, int]:
    """Raw deflate data that expands to ``n_mib`` MiB of zero bytes, and its CRC-32, made from one compressed MiB
    repeated (a full flush makes each MiB's blocks independent), so that a gigabyte costs about a megabyte."""
    zeros = bytes(MIB)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    payload = block * n_mib + b"\x03\x00"  # an empty final fixed-Huffman block ends the stream
    crc = 0
    for _ in range(n_mib):
        crc = zlib.crc32(zeros, crc)
    return payload, crc


def bomb_member(name: str, n_mib: int, *, claim: int | None = None) -> RawMember:
    """A member expanding to ``n_mib`` MiB of zeros; ``claim``: the size its headers claim instead of the truth."""
    payload, crc = zeros_deflated(n_mib)
    return RawMember(name, payload, zipfile.ZIP_DEFLATED, crc, n_mib * MIB if claim is None else claim)


def epub_around(members: Sequence[RawMember], spine_names: Sequence[str]) -> bytes:
    """A crafted EPUB: mimetype, container, an OPF whose spine lists ``spine_names`` (under ``OEBPS/``), then
    ``members`` (their names as given)."""
    items = [(f"s{k}", name, "application/xhtml+xml") for k, name in enumerate(spine_names)]
    head = [
        RawMember.stored("mimetype", "application/epub+zip"),
        RawMember.deflated("META-INF/container.xml", CONTAINER),
        RawMember.deflated("OEBPS/content.opf", opf(items, [i[0] for i in items])),
    ]
    return raw_zip([*head, *members])


def zip_bomb_gb() -> bytes:
    """An EPUB whose one chapter expands to 1 GiB of zeros, honestly declared (about 1 MB on disk)."""
    return epub_around([bomb_member("OEBPS/bomb.xhtml", 1024)], ["bomb.xhtml"])


def zip_bomb_lying(n_mib: int = 1024, claim: int = 4096) -> bytes:
    """An EPUB whose chapter expands to ``n_mib`` MiB though its headers claim ``claim`` bytes."""
    return epub_around([bomb_member("OEBPS/bomb.xhtml", n_mib, claim=claim)], ["bomb.xhtml"])


def zip_bomb_ratio(n_mib: int = 24) -> bytes:
    """A member under the per-member limit, honestly declared, that compresses about 1000:1."""
    return epub_around([bomb_member("OEBPS/bomb.xhtml", n_mib)], ["bomb.xhtml"])


def zip_bomb_spread(n_members: int = 300, each_mib: int = 1) -> bytes:
    """Many members of ``each_mib`` MiB of zeros each (no one over the per-member or ratio limits), all in the
    spine, whose total passes the archive's limit."""
    names = [f"part{k:04d}.xhtml" for k in range(n_members)]
    return epub_around([bomb_member(f"OEBPS/{n}", each_mib) for n in names], names)


def zip_bomb_spread_lying(n_members: int = 300, each_mib: int = 1) -> bytes:
    """:func:`zip_bomb_spread` whose headers claim each member is 4 KB."""
    names = [f"part{k:04d}.xhtml" for k in range(n_members)]
    return epub_around([bomb_member(f"OEBPS/{n}", each_mib, claim=4096) for n in names], names)


def many_entries(n: int = 5000) -> bytes:
    """A valid EPUB padded with ``n`` empty members."""
    return zip_bytes([*epub_members(1), *((f"OEBPS/pad/{k}.txt", b"") for k in range(n))])


def nested_zip() -> bytes:
    """An EPUB whose only spine document is itself a zip (an EPUB inside the EPUB): it must not be opened."""
    inner = valid_epub()
    items = [("c1", "inner.xhtml", "application/xhtml+xml"), ("z", "inner.epub", "application/epub+zip")]
    return zip_bytes(
        [
            ("META-INF/container.xml", CONTAINER),
            ("OEBPS/content.opf", opf(items, ["c1"])),
            ("OEBPS/inner.xhtml", inner),
            ("OEBPS/inner.epub", inner),
        ]
    )


def traversal_member(name: str) -> bytes:
    """A valid EPUB plus one member with an unsafe ``name``."""
    return zip_bytes([*epub_members(1), (name, "root:x:0:0:root:/root:/bin/bash\n")])


def traversal_href(href: str, where: str = "opf") -> bytes:
    """A valid EPUB whose OPF manifest/spine (``where="opf"``) or NCX (``"ncx"``) names ``href``."""
    if where == "opf":
        return epub_with(extra_items=[("evil", href, "application/xhtml+xml")], extra_spine=["evil"])
    return epub_with(extra_points=[("Evil", href)])


def container_pointing_at(path: str) -> bytes:
    """A valid EPUB whose container.xml names ``path`` as the package."""
    return epub_with({"META-INF/container.xml": CONTAINER.replace("OEBPS/content.opf", path)})


def deep_nesting(depth: int = 100_000, tag: str = "div") -> str:
    """An HTML page nesting ``depth`` elements."""
    return f"<html><body>{f'<{tag}>' * depth}deep{f'</{tag}>' * depth}</body></html>"


def nested_spans(size: int = 40 * MIB) -> bytes:
    """An HTML page of about ``size`` bytes of tiny nested spans (a few words in five levels, repeated)."""
    unit = b"<p><span><span><span><span><span>a</span> b</span></span></span></span></p>\n"
    head = b"<!DOCTYPE html><html><head><title>Spans</title></head><body>\n"
    return head + unit * ((size - len(head)) // len(unit)) + b"</body></html>\n"


PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def markup_bomb_epub(n_members: int = 200, each_mib: int = 1) -> bytes:
    """An EPUB within every byte limit (``n_members`` chapters of ``each_mib`` MiB, about 1000:1 compressed, so
    no member trips the ratio check) whose chapters are dense markup: some 100,000 elements a MiB."""
    unit = "<p><b>lol</b></p>"
    body = unit * ((each_mib * MIB - 1024) // len(unit))  # just under the size the ratio check starts at
    one = RawMember.deflated("x", xhtml(body))
    names = [f"part{k:04d}.xhtml" for k in range(n_members)]
    members = [RawMember(f"OEBPS/{n}", one.payload, one.method, one.crc, one.file_size) for n in names]
    return epub_around(members, names)


def text_spread_epub(n_members: int = 240, each_mib: int = 1) -> bytes:
    """An EPUB of ``n_members`` chapters of just under ``each_mib`` MiB of prose paragraphs each (so no member
    trips the ratio check), honestly declared: about 1 MB on disk, ``n_members`` MiB of text when read."""
    unit = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    one = RawMember.deflated("x", xhtml(unit * ((each_mib * MIB - 1024) // len(unit))))
    names = [f"part{k:04d}.xhtml" for k in range(n_members)]
    members = [RawMember(f"OEBPS/{n}", one.payload, one.method, one.crc, one.file_size) for n in names]
    return epub_around(members, names)


def corrupt_deflate() -> bytes:
    """An EPUB whose chapter's compressed data is not a deflate stream (its headers are otherwise honest)."""
    good = RawMember.deflated("OEBPS/chapter1.xhtml", xhtml(chapter_body(1)))
    bad = RawMember(good.name, b"\xff" * len(good.payload), good.method, good.crc, good.file_size)
    return epub_around([bad], ["chapter1.xhtml"])


def unsupported_zip_version(version: int = 148) -> bytes:
    """A valid EPUB whose first central-directory entry asks for a zip version no reader has (14.8)."""
    data = bytearray(valid_epub())
    at = data.index(b"PK\x01\x02") + 6  # "version needed to extract"
    data[at : at + 2] = struct.pack("<H", version)
    return bytes(data)
