"""The TEI writer: well-formed XML that keeps the text, resolves every pointer and marks every quotation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from writer_helpers import ao3_fixtures

import ficlens
from ficlens.model import Document, Style
from ficlens.writers import writer
from ficlens.writers.common import xml_safe
from ficlens.writers.tei import build, cert

SAMPLE = Path(ficlens.__file__).parent / "resources" / "samples" / "lanterns.txt"
TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

HOSTILE = (
    "Angle <Brackets> & ]]> by owl\n\n"
    'Mara looked up. "Hello\tthere,\nfriend <b>&amp; ]]> \x01\x0b\x1f," said Mara.\n\n'
    '"Go away, <Tom> & co," said Tom. "Now."\n'
)


@pytest.fixture(scope="module")
def doc() -> Document:
    return ficlens.analyze(SAMPLE)


@pytest.fixture(scope="module")
def ao3_doc() -> Document:
    fixtures = ao3_fixtures()
    if fixtures is None:
        pytest.skip("tests/ingest/ao3_fixtures.py is not there")
    return ficlens.analyze(fixtures.render_html(fixtures.STORY).encode("utf-8"))


def _write(doc: Document, tmp_path: Path) -> etree._ElementTree:
    files = writer("tei")(doc, tmp_path, "story")
    assert files == [tmp_path / "story.tei.xml"]
    return etree.parse(str(files[0]), etree.XMLParser(resolve_entities=False, no_network=True))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _text_without(el: etree._Element, skip: set[str]) -> str:
    """The text of ``el`` without the subtrees whose tag is in ``skip`` (their tails kept)."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if child.tag not in skip:
            parts.append(_text_without(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def _check_pointers(tree: etree._ElementTree) -> None:
    ids = set(tree.xpath("//t:person/@xml:id", namespaces=NS))
    for attr in ("who", "toWhom", "ref"):
        for value in tree.xpath(f"//@{attr}"):
            for target in value.split():
                assert target.startswith("#") and target[1:] in ids, f"@{attr}={value!r} points at no person"


def _paragraph_text(doc: Document) -> str:
    return _norm(" ".join(doc.texts("paragraphs")))


def test_sample_is_well_formed_and_every_pointer_resolves(doc: Document, tmp_path: Path) -> None:
    tree = _write(doc, tmp_path)
    root = tree.getroot()
    assert root.tag == f"{{{TEI}}}TEI"
    _check_pointers(tree)
    persons = root.findall(".//t:particDesc/t:listPerson/t:person", NS)
    assert [p.get(XML_ID) for p in persons] == [f"c{c.id}" for c in doc.layer("characters")]
    assert tree.xpath("//t:said/@who", namespaces=NS), "the sample's quotations have speakers"


def test_body_text_is_the_paragraphs_text(doc: Document, tmp_path: Path) -> None:
    body = _write(doc, tmp_path).getroot().find(".//t:body", NS)
    paras = body.findall(".//t:p", NS)
    assert len(paras) == len(doc.layer("paragraphs"))
    expected = _paragraph_text(doc)
    assert _norm(" ".join("".join(p.itertext()) for p in paras)) == expected
    # the body as a whole holds nothing else but chapter headings and point-of-view notes
    skip = {f"{{{TEI}}}head", f"{{{TEI}}}note"}
    assert _norm(_text_without(body, skip)) == expected


def test_one_said_per_quotation_in_the_body(doc: Document, tmp_path: Path) -> None:
    root = _write(doc, tmp_path).getroot()
    body_regions = doc.body_regions()
    in_body = [q for q in doc.layer("quotes") if any(r.start <= q.start and q.end <= r.end for r in body_regions)]
    in_paragraphs = [
        q for q in doc.layer("quotes") if any(p.start < q.end and q.start < p.end for p in doc.layer("paragraphs"))
    ]
    assert len(in_body) == len(in_paragraphs) > 0
    said = root.findall(".//t:body//t:said", NS)
    assert len([s for s in said if s.get("prev") is None]) == len(in_body)
    # speakers, evidence and certainty as the quotes say
    first = in_body[0]
    assert said[0].get("who") == f"#c{first.speaker}"
    assert said[0].get("ana") == "#" + first.method
    assert said[0].get("cert") == cert(first.score)
    categories = set(root.xpath("//t:taxonomy[@xml:id='attribution']/t:category/@xml:id", namespaces=NS))
    assert {a[1:] for a in root.xpath("//t:said/@ana", namespaces=NS)} <= categories


def test_structure_chapters_scenes_pov_and_header(doc: Document, tmp_path: Path) -> None:
    root = _write(doc, tmp_path).getroot()
    assert len(root.findall(".//t:body/t:div[@type='chapter']", NS)) == len(doc.layer("chapters"))
    assert len(root.findall(".//t:div[@type='scene']", NS)) == len(doc.layer("scenes"))
    assert len(root.findall(".//t:div[@type='scene']/t:note[@type='pov']", NS)) == len(doc.layer("pov"))
    assert root.findtext(".//t:titleStmt/t:title", namespaces=NS) == doc.meta.title
    assert root.findtext(".//t:sourceDesc//t:idno[@type='sha256']", namespaces=NS) == doc.source.sha256
    assert root.find(".//t:publicationStmt/t:authority", NS).text.startswith("ficlens")
    assert root.find(".//t:appInfo/t:application[@ident='ficlens']", NS) is not None
    notes = root.findall(".//t:front/t:div[@type='notes']", NS)
    assert [_norm("".join(n.itertext())) for n in notes] == [_norm(n.text) for n in doc.meta.notes]
    # names with counts, epithets, pronouns
    tamsin = root.xpath("//t:person[@xml:id='c0']", namespaces=NS)[0]
    assert tamsin.find("t:persName[@type='main']", NS).text == doc.layer("characters")[0].name
    assert tamsin.find("t:persName[@n]", NS) is not None
    assert tamsin.find("t:trait[@type='pronouns']/t:label", NS).text == doc.layer("characters")[0].gender


def test_ao3_html_keeps_tags_styles_summary_and_chapter_titles(ao3_doc: Document, tmp_path: Path) -> None:
    tree = _write(ao3_doc, tmp_path)
    root = tree.getroot()
    _check_pointers(tree)
    fandoms = root.findall(".//t:textClass/t:keywords[@n='fandoms']/t:term", NS)
    assert [t.text for t in fandoms] == list(ao3_doc.meta.fandoms)
    assert root.findtext(".//t:sourceDesc//t:idno[@type='AO3']", namespaces=NS) == ao3_doc.meta.work_id
    assert root.find(".//t:front/t:div[@type='summary']", NS) is not None
    heads = [h.text for h in root.findall(".//t:body/t:div[@type='chapter']/t:head", NS)]
    assert heads == [c.title for c in ao3_doc.layer("chapters")]
    assert root.findall(".//t:body//t:hi[@rend='italic']", NS)
    body = root.find(".//t:body", NS)
    assert _norm(" ".join("".join(p.itertext()) for p in body.iter(f"{{{TEI}}}p"))) == _paragraph_text(ao3_doc)


def test_spans_that_cross_are_cut_and_linked(doc: Document, tmp_path: Path) -> None:
    paragraphs = doc.layer("paragraphs")
    q = next(x for x in doc.layer("quotes") if any(p.start < x.start - 5 and x.end <= p.end for p in paragraphs))
    crossing = Style(q.start - 5, q.start + 5, kind="em")  # starts in narration, ends inside the quotation
    tree = _write(doc.with_layers(styles=(crossing,)), tmp_path)
    pieces = tree.getroot().findall(".//t:hi", NS)
    assert len(pieces) == 2
    first, second = pieces
    assert first.get("next") == f"#{second.get(XML_ID)}" and second.get("prev") == f"#{first.get(XML_ID)}"
    assert second.getparent().tag == f"{{{TEI}}}said"
    assert _norm("".join(first.itertext()) + "".join(second.itertext())) == _norm(doc.text[q.start - 5 : q.start + 5])
    body = tree.getroot().find(".//t:body", NS)
    assert _norm(" ".join("".join(p.itertext()) for p in body.iter(f"{{{TEI}}}p"))) == _paragraph_text(doc)


def test_untrusted_text_stays_well_formed(tmp_path: Path) -> None:
    hostile = ficlens.analyze(HOSTILE)
    _write(hostile, tmp_path)
    data = (tmp_path / "story.tei.xml").read_bytes()
    assert b"]]>" not in data.replace(b"]]&gt;", b"") and b"\x01" not in data and b"\x0b" not in data
    tree = etree.fromstring(data)
    text = "".join(tree.find(".//t:body", NS).itertext())
    assert "<b>&amp; ]]>" in text and "<Tom> & co" in text
    assert "\x01" not in text and "\x1f" not in text
    assert tree.findtext(".//t:titleStmt/t:title", namespaces=NS) == hostile.meta.title
    _check_pointers(etree.ElementTree(tree))


def test_documents_without_nlp_layers(tmp_path: Path) -> None:
    for doc in (ficlens.read(SAMPLE), ficlens.analyze(SAMPLE, characters=False), ficlens.read(HOSTILE.encode())):
        tree = _write(doc, tmp_path)
        body = tree.getroot().find(".//t:body", NS)
        assert body.findall(".//t:p", NS)
        assert not body.findall(".//t:said", NS) and tree.getroot().find(".//t:listPerson", NS) is None
        assert _norm("".join(body.itertext())) == _norm(xml_safe(doc.story_text()))
    empty = build(Document(text=""))
    assert empty.getroot().find(".//t:body/t:div/t:div/t:p", NS) is not None


def test_every_said_has_the_xml_id_of_its_json_quote(doc: Document, tmp_path: Path) -> None:
    tree = _write(doc, tmp_path)
    quotes = doc.layer("quotes")
    said = tree.xpath("//t:said[not(@prev)]", namespaces=NS)
    assert len(said) == len(quotes)
    for el in said:
        i = int(el.get(XML_ID).removeprefix("q"))
        assert _norm("".join(el.itertext())) == _norm(doc.text[quotes[i].start : quotes[i].end])
        who = f"#c{quotes[i].speaker}" if quotes[i].speaker >= 0 else None
        assert el.get("who") == who
