"""Exports of the store as RDF (ttl, nq, trig, jsonld), and the atomic file write every export uses.

The graph files for Gephi (graphml, gexf) are written by kg.graph.gephi from event records.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from rdflib import Dataset, Graph

from kg.errors import InputError
from kg.rdf.ns import PREFIXES
from kg.store.base import StoreLike

RDF_FORMATS = {"ttl": "turtle", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


def export_rdf(store: StoreLike, fmt: str, out: IO[bytes]) -> None:
    """Write the whole store in one RDF format to a binary stream."""
    if fmt not in RDF_FORMATS:
        raise InputError(f"unknown RDF format {fmt!r}; choose one of: {', '.join(RDF_FORMATS)}", param="fmt")
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


def write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Run `write` on a temporary file beside `path`, then rename it: a failed export leaves no
    truncated file behind, and a reader never sees half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open("wb") as fh:
            write(fh)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
