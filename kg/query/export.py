"""Exports of the store: RDF (ttl, nq, trig, jsonld) and graph files for Gephi (graphml, gexf)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

from rdflib import Dataset, Graph

from kg.errors import KGError
from kg.query.records import event_records
from kg.rdf.ns import PREFIXES
from kg.store.base import StoreLike

RDF_FORMATS = {"ttl": "turtle", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}
GRAPH_FORMATS = ("graphml", "gexf")
FORMATS = tuple(RDF_FORMATS) + GRAPH_FORMATS


def export(store: StoreLike, fmt: str, out: IO[bytes]) -> None:
    """Write the whole store in one format to a binary stream."""
    if fmt in GRAPH_FORMATS:
        from kg.graph import gephi

        records = event_records(store)
        writer = gephi.write_graphml if fmt == "graphml" else gephi.write_gexf
        buffer = io.BytesIO()
        writer(records, buffer)
        out.write(buffer.getvalue())
        return
    if fmt not in RDF_FORMATS:
        raise KGError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    data: Any
    if fmt == "ttl":  # Turtle has no graphs: the union of all articles' statements, without duplicates
        data = Graph()
        for s, p, o, _ in store.quads():
            data.add((s, p, o))
    else:
        data = Dataset()
        for s, p, o, g in store.quads():
            data.graph(g).add((s, p, o))
    for prefix, ns in PREFIXES.items():
        data.bind(prefix, ns, override=True)
    text = data.serialize(format=RDF_FORMATS[fmt])
    out.write(text.encode("utf-8") if isinstance(text, str) else text)


def export_to(store: StoreLike, fmt: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with tmp.open("wb") as fh:
        export(store, fmt, fh)
    tmp.replace(path)  # a failed export leaves no truncated file behind
