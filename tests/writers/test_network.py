"""The character networks: networkx reads back the GEXF and GraphML of each kind (conversation: directed,
co-occurrence: undirected) with the same nodes, edges and weights, and no leftover networkx attribute."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree

import ficlens
from ficlens.model import Document
from ficlens.writers import writer
from ficlens.writers.common import conversation_edges, cooccurrence_edges
from ficlens.writers.network import GEXF_NS, GRAPHML_NS, graph

SAMPLE = Path(ficlens.__file__).parent / "resources" / "samples" / "lanterns.txt"
NODE_ATTRS = ("label", "gender", "mention_count", "quotes", "quote_words", "dialogue_share", "narrator", "group")


@pytest.fixture(scope="module")
def doc() -> Document:
    return ficlens.analyze(SAMPLE)


@pytest.fixture(scope="module")
def out(doc: Document, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("network")
    assert writer("gexf")(doc, folder, "lanterns") == [folder / "lanterns.gexf", folder / "lanterns.cooccurrence.gexf"]
    assert writer("graphml")(doc, folder, "lanterns") == [
        folder / "lanterns.graphml",
        folder / "lanterns.cooccurrence.graphml",
    ]
    return folder


def edge_set(g: nx.Graph) -> set[tuple[str, str, str, float]]:
    """Edges as (source, target, kind, weight); an undirected edge with its ends sorted."""
    ends = (lambda u, v: (u, v)) if g.is_directed() else (lambda u, v: tuple(sorted((u, v), key=lambda n: int(n[1:]))))
    return {(*ends(u, v), d["kind"], float(d["weight"])) for u, v, d in g.edges(data=True)}


def expected_edges(doc: Document, kind: str) -> set[tuple[str, str, str, float]]:
    edges = conversation_edges(doc) if kind == "conversation" else cooccurrence_edges(doc)
    return {(f"c{e.source}", f"c{e.target}", e.kind, float(e.weight)) for e in edges}


def test_graph_is_the_projection(doc: Document) -> None:
    g = graph(doc)
    chars = doc.layer("characters")
    assert list(g.nodes) == [f"c{c.id}" for c in chars]
    assert g.is_directed() and not g.is_multigraph()
    assert edge_set(g) == expected_edges(doc, "conversation")
    scenes = graph(doc, "cooccurrence")
    assert not scenes.is_directed() and edge_set(scenes) == expected_edges(doc, "cooccurrence")
    # Gephi's (and networkx's) degree counts a shared scene once per character, not as in- and out-edges
    a, b, _, _ = next(iter(expected_edges(doc, "cooccurrence")))
    assert scenes.has_edge(b, a)
    c = chars[0]
    node = g.nodes["c0"]
    assert (node["label"], node["gender"], node["mention_count"], node["quotes"]) == (
        c.name,
        c.gender,
        c.mention_count,
        c.quotes,
    )
    assert node["pov_scenes"] == sum(1 for p in doc.layer("pov") if p.character == 0)


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
@pytest.mark.parametrize("kind", ["conversation", "cooccurrence"])
def test_networkx_reads_it_back(doc: Document, out: Path, fmt: str, kind: str) -> None:
    path = out / (f"lanterns.{fmt}" if kind == "conversation" else f"lanterns.cooccurrence.{fmt}")
    g = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    assert type(g) is (nx.DiGraph if kind == "conversation" else nx.Graph)
    original = graph(doc, kind)
    assert set(g.nodes) == set(original.nodes)
    for n, data in original.nodes(data=True):
        for attr in NODE_ATTRS:
            assert g.nodes[n][attr] == data[attr], (n, attr)
    assert edge_set(g) == edge_set(original) == expected_edges(doc, kind)
    assert g.number_of_edges() == original.number_of_edges()
    assert all("networkx_key" not in d for _, _, d in g.edges(data=True))
    assert b"networkx_key" not in path.read_bytes()


def test_gexf_is_xml_gephi_reads(out: Path) -> None:
    root = etree.parse(str(out / "lanterns.gexf")).getroot()
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
    assert root.nsmap["xsi"] == "http://www.w3.org/2001/XMLSchema-instance"
    ns = {"g": GEXF_NS}
    assert root.find("g:graph", ns).get("defaultedgetype") == "directed"
    scenes = etree.parse(str(out / "lanterns.cooccurrence.gexf")).getroot()
    assert scenes.find("g:graph", ns).get("defaultedgetype") == "undirected"
    assert root.findtext("g:meta/g:creator", namespaces=ns).startswith("ficlens")
    edges = root.findall("g:graph/g:edges/g:edge", ns)
    assert edges and all(e.get("kind") == "conversation" for e in edges)
    assert len({e.get("id") for e in edges}) == len(edges)
    graphml = etree.parse(str(out / "lanterns.graphml")).getroot()
    assert graphml.tag == f"{{{GRAPHML_NS}}}graphml"
    ids = [e.get("id") for e in graphml.iter(f"{{{GRAPHML_NS}}}edge")]
    assert len(set(ids)) == len(ids) == len(edges)
    booleans = {k.get("id") for k in graphml.iter(f"{{{GRAPHML_NS}}}key") if k.get("attr.type") == "boolean"}
    values = {d.text for d in graphml.iter(f"{{{GRAPHML_NS}}}data") if d.get("key") in booleans}
    assert values and values <= {"true", "false"}


def test_hostile_names_and_documents_without_characters(tmp_path: Path) -> None:
    hostile = ficlens.analyze('Title <&> \x01 by owl\n\n"Go away," said Tom. "Now," said Ann.\n')
    chars = hostile.layer("characters")
    assert chars
    hostile = hostile.with_layers(characters=(replace(chars[0], name="Tom\x01 <Brown> & Co ]]>"), *chars[1:]))
    for doc in (hostile, ficlens.read(SAMPLE), ficlens.analyze(SAMPLE, characters=False)):
        writer("gexf")(doc, tmp_path, "s")
        writer("graphml")(doc, tmp_path, "s")
        for g in (nx.read_gexf(tmp_path / "s.gexf"), nx.read_graphml(tmp_path / "s.cooccurrence.graphml")):
            assert g.number_of_nodes() == len(doc.layer("characters"))
            assert all("\x01" not in d["label"] for _, d in g.nodes(data=True))
            if doc is hostile:
                assert g.nodes["c0"]["label"] == "Tom <Brown> & Co ]]>"
