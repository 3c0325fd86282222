"""What several writers project from a Document: character labels, interaction and co-occurrence counts, and
presence across scenes and chapters. Nothing here computes new analysis: these are counts over the layers the
stages made (``quotes`` speakers and addressees, ``mentions`` by scene).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from ..model import Document
from ..model.records import Character, Paragraph


def characters(doc: Document) -> tuple[Character, ...]:
    return doc.layer("characters") if doc.has("characters") else ()  # type: ignore[return-value]


def label(doc: Document, cid: int) -> str:
    """A character's display name ("narrator" for an unnamed first-person narrator; "" for -1)."""
    chars = characters(doc)
    if not 0 <= cid < len(chars):
        return ""
    c = chars[cid]
    return c.name or ("narrator" if c.narrator else f"character {cid}")


# Regions that are not the story, even where a body region overlaps them.
NOT_STORY = frozenset({"header", "notes", "summary", "toc", "chapter_notes", "end_notes", "footer"})


def story_paragraphs(doc: Document) -> list[Paragraph]:
    """The story's paragraphs: inside a body region and outside notes, header and footer regions."""
    if doc.has("paragraphs"):
        paragraphs = sorted(doc.layer("paragraphs"), key=lambda p: p.start)
    else:  # a Document without structure: blank-line paragraphs of the body regions
        paragraphs = []
        for r in doc.body_regions():
            for m in re.finditer(r"\S(?:.*?\S)??(?=\s*\n\s*\n|\s*\Z)", doc.text[r.start : r.end], re.S):
                paragraphs.append(Paragraph(r.start + m.start(), r.start + m.end(), source="writers"))
    regions = doc.layer("regions")
    if not regions:
        return list(paragraphs)
    body = [r for r in regions if r.kind == "body"]
    other = [r for r in regions if r.kind in NOT_STORY]

    def keep(p: Paragraph) -> bool:
        if body and not any(r.start <= p.start < r.end for r in body):
            return False
        return not any(r.start <= p.start < r.end for r in other)

    return [p for p in paragraphs if keep(p)]


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    weight: int
    kind: str  # "conversation" (source speaks to target) or "cooccurrence" (both in one scene; source < target)


def conversation_edges(doc: Document) -> list[Edge]:
    """Speaker → addressee, weighted by the number of quotations (directed)."""
    counts: Counter[tuple[int, int]] = Counter()
    if doc.has("quotes"):
        seen: set[tuple[int, int]] = set()
        for q in doc.layer("quotes"):
            if q.speaker < 0:
                continue
            key = (q.utterance, q.speaker) if q.utterance >= 0 else (-1 - q.start, q.speaker)
            if key in seen:
                continue  # the parts of one utterance are one remark
            seen.add(key)
            for a in q.addressees:
                if a >= 0 and a != q.speaker:
                    counts[(q.speaker, a)] += 1
    return [Edge(s, t, w, "conversation") for (s, t), w in sorted(counts.items())]


def scene_of_offsets(doc: Document) -> tuple[list[int], list[int]]:
    """The scenes' start offsets and chapter indexes, for looking up the scene of an offset."""
    scenes = doc.layer("scenes") if doc.has("scenes") else ()
    return [s.start for s in scenes], [s.chapter for s in scenes]


def scene_index(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1) if starts else 0


def presence(doc: Document, unit: str = "scene") -> dict[int, list[int]]:
    """Mentions of each character per scene (``unit="scene"``) or per chapter, in text order."""
    starts, chapter_of = scene_of_offsets(doc)
    n = len(starts) if unit == "scene" else (len(doc.layer("chapters")) if doc.has("chapters") else 1)
    n = max(n, 1)
    out: dict[int, list[int]] = {}
    if not doc.has("mentions"):
        return out
    for m in doc.layer("mentions"):
        if m.character < 0:
            continue
        s = scene_index(starts, m.start)
        k = s if unit == "scene" else (chapter_of[s] if chapter_of else 0)
        row = out.setdefault(m.character, [0] * n)
        if 0 <= k < n:
            row[k] += 1
    return out


def cooccurrence_edges(doc: Document, min_mentions: int = 1) -> list[Edge]:
    """Characters mentioned in the same scene (undirected, source < target), weighted by shared scenes."""
    per_scene = presence(doc, "scene")
    counts: Counter[tuple[int, int]] = Counter()
    ids = sorted(per_scene)
    if not ids:
        return []
    n = len(next(iter(per_scene.values())))
    for s in range(n):
        here = [c for c in ids if per_scene[c][s] >= min_mentions]
        for i, a in enumerate(here):
            for b in here[i + 1 :]:
                counts[(a, b)] += 1
    return [Edge(a, b, w, "cooccurrence") for (a, b), w in sorted(counts.items())]


def pov_by_scene(doc: Document) -> dict[int, int]:
    """Scene index → focal character (-1 none)."""
    if not doc.has("pov"):
        return {}
    return {p.scene: p.character for p in doc.layer("pov")}


# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF): XML writers drop them.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (so any XML writer's output stays well-formed)."""
    return _XML_ILLEGAL.sub("", text)


def character_xml_id(cid: int) -> str:
    """The XML id of character ``cid`` ("c0", "c1" …), shared by the TEI ``person`` and the network nodes."""
    return f"c{cid}"


# AO3's language names → BCP 47 tags (the HTML report's ``lang``, TEI's ``langUsage``).
LANGUAGE_TAGS = {
    "english": "en",
    "español": "es",
    "spanish": "es",
    "français": "fr",
    "french": "fr",
    "deutsch": "de",
    "german": "de",
    "italiano": "it",
    "italian": "it",
    "português": "pt",
    "português brasileiro": "pt-BR",
    "português europeu": "pt-PT",
    "nederlands": "nl",
    "polski": "pl",
    "русский": "ru",
    "українська": "uk",
    "svenska": "sv",
    "suomi": "fi",
    "dansk": "da",
    "norsk": "no",
    "čeština": "cs",
    "magyar": "hu",
    "türkçe": "tr",
    "tiếng việt": "vi",
    "bahasa indonesia": "id",
    "català": "ca",
    "ελληνικά": "el",
    "עברית": "he",
    "العربية": "ar",
    "日本語": "ja",
    "한국어": "ko",
    "中文-普通话 國語": "zh",
    "中文-广东话 粵語": "yue",
}
