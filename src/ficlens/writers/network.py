"""Character networks, one graph per kind of edge, each as GEXF (Gephi) and GraphML (yEd, Cytoscape, igraph,
networkx), with a node per character (id ``c0``, ``c1`` … as in the TEI file):

* ``STEM.gexf``, ``STEM.graphml``: the **conversation** network, directed (networkx ``DiGraph``): speaker →
  addressee, ``weight`` = the utterances the speaker addressed to them;
* ``STEM.cooccurrence.gexf``, ``STEM.cooccurrence.graphml``: the **co-occurrence** network, undirected
  (``Graph``): both characters are mentioned in the same scene, ``weight`` = the scenes they share.

Two files rather than one mixed graph because networkx refuses a GEXF that mixes directed and undirected edges,
and Gephi computes degrees of a directed graph's symmetric edges as directed. Every edge also carries ``kind``
(GEXF 1.3's ``<edge kind="…">``, Gephi's edge type, and an attribute). Labels and attribute values have the
characters XML cannot hold removed. ``docs/outputs.md`` lists every attribute.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
from lxml import etree

from ..model import Document
from ..version import __version__
from . import write_atomic
from .common import character_xml_id, characters, conversation_edges, cooccurrence_edges, label, pov_by_scene, xml_safe

GEXF_VERSION = "1.3"
GEXF_NS = "http://gexf.net/1.3"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


def _title(doc: Document) -> str:
    title = doc.meta.title or (Path(doc.source.path).stem if doc.source.path else "untitled")
    by = f" by {', '.join(doc.meta.authors)}" if doc.meta.authors else ""
    return xml_safe(f"{title}{by}")


KINDS = ("conversation", "cooccurrence")


def graph(doc: Document, kind: str = "conversation") -> nx.Graph:
    """The ``kind`` network of ``doc``: ``conversation`` (a DiGraph) or ``cooccurrence`` (a Graph); every
    character is a node (the graph has no edges when the Document has no quotations or scenes)."""
    if kind not in KINDS:
        raise ValueError(f"unknown network kind {kind!r}; known: {', '.join(KINDS)}")
    g: nx.Graph = nx.DiGraph() if kind == "conversation" else nx.Graph()
    g.graph.update(
        title=_title(doc),
        generator=f"ficlens {__version__}",
        source_sha256=doc.source.sha256,
        edge_kind=_EDGE_KINDS[kind],
    )
    focal: dict[int, int] = {}
    for cid in pov_by_scene(doc).values():
        if cid >= 0:
            focal[cid] = focal.get(cid, 0) + 1
    for i, c in enumerate(characters(doc)):  # the index is what quotes and mentions refer to (and equals ``id``)
        g.add_node(
            character_xml_id(i),
            label=xml_safe(label(doc, i)),
            gender=c.gender,
            mention_count=c.mention_count,
            quotes=c.quotes,
            quote_words=c.quote_words,
            dialogue_share=float(c.dialogue_share),
            narrator=bool(c.narrator),
            group=bool(c.group),
            pov_scenes=focal.get(i, 0),
        )
    edges = conversation_edges(doc) if kind == "conversation" else cooccurrence_edges(doc)
    for e in edges:
        u, v = character_xml_id(e.source), character_xml_id(e.target)
        if u in g and v in g:
            g.add_edge(u, v, kind=e.kind, weight=e.weight)
    return g


_EDGE_KINDS = {
    "conversation": "conversation (directed: speaker to addressee, weight = utterances)",
    "cooccurrence": "cooccurrence (undirected: both mentioned in one scene, weight = scenes shared)",
}


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


def _with_xsi(root: Any, nsmap: dict[str | None, str], schema_location: str) -> Any:
    """``root`` rebuilt with a correct ``xsi`` namespace (networkx writes GEXF 1.3's as http://w3.org/…)."""
    fixed = etree.Element(root.tag, nsmap={**nsmap, "xsi": XSI_NS})
    for k, v in root.attrib.items():
        if not k.endswith("}schemaLocation") and not (k == "name" and not v):
            fixed.set(k, v)
    fixed.set(f"{{{XSI_NS}}}schemaLocation", schema_location)
    fixed.extend(list(root))
    return fixed


def gexf_bytes(doc: Document, kind: str = "conversation") -> bytes:
    """The GEXF 1.3 file: networkx's, with ficlens named as creator and each edge's ``kind`` set for Gephi."""
    g = graph(doc, kind)
    raw = "\n".join(nx.generate_gexf(g, version=GEXF_VERSION)).encode("utf-8")
    root = etree.fromstring(raw, _PARSER)
    root = _with_xsi(root, {None: GEXF_NS}, f"{GEXF_NS} {GEXF_NS}/gexf.xsd")
    ns = {"g": GEXF_NS}
    meta = root.find("g:meta", ns)
    if meta is not None:
        creator = meta.find("g:creator", ns)
        if creator is not None:
            creator.text = f"ficlens {__version__} (networkx {nx.__version__})"
        desc = etree.SubElement(meta, f"{{{GEXF_NS}}}description")
        desc.text = f"Character network of {g.graph['title']}: {g.graph['edge_kind']}"
    graph_el = root.find("g:graph", ns)
    if graph_el is not None and not graph_el.get("name"):
        graph_el.attrib.pop("name", None)
    titles = {a.get("id"): a.get("title") for a in root.iterfind("g:graph/g:attributes[@class='edge']/g:attribute", ns)}
    for edge in root.iterfind("g:graph/g:edges/g:edge", ns):
        for value in edge.iterfind("g:attvalues/g:attvalue", ns):
            if titles.get(value.get("for")) == "kind":
                edge.set("kind", value.get("value", ""))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def graphml_bytes(doc: Document, kind: str = "conversation") -> bytes:
    """The GraphML file: networkx's, with booleans written ``true``/``false`` and edge ids ``e0``, ``e1`` …"""
    raw = "\n".join(nx.generate_graphml(graph(doc, kind), named_key_ids=True)).encode("utf-8")
    root = etree.fromstring(raw, _PARSER)
    ns = {"g": GRAPHML_NS}
    booleans = {k.get("id") for k in root.iterfind("g:key", ns) if k.get("attr.type") == "boolean"}
    for data in root.iter(f"{{{GRAPHML_NS}}}data"):
        if data.get("key") in booleans and data.text:
            data.text = data.text.strip().lower()
    for i, edge in enumerate(root.iterfind("g:graph/g:edge", ns)):
        edge.set("id", f"e{i}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _names(out_dir: Path, stem: str, suffix: str) -> dict[str, Path]:
    return {"conversation": out_dir / f"{stem}.{suffix}", "cooccurrence": out_dir / f"{stem}.cooccurrence.{suffix}"}


def write_gexf(doc: Document, out_dir: Path, stem: str) -> list[Path]:
    """Write ``STEM.gexf`` (conversations) and ``STEM.cooccurrence.gexf``."""
    return [write_atomic(path, gexf_bytes(doc, kind)) for kind, path in _names(out_dir, stem, "gexf").items()]


def write_graphml(doc: Document, out_dir: Path, stem: str) -> list[Path]:
    """Write ``STEM.graphml`` (conversations) and ``STEM.cooccurrence.graphml``."""
    return [write_atomic(path, graphml_bytes(doc, kind)) for kind, path in _names(out_dir, stem, "graphml").items()]
