"""Gephi exports of event records: GraphML and GEXF of the collapsed graph (kg.graph.build)."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import IO, Any

import networkx as nx

from kg.graph.build import build_graph, to_digraph
from kg.query.records import is_iso_date

# What networkx's readers and writers accept: a path or an open binary file.
PathOrFile = str | os.PathLike[str] | IO[bytes]

# XML 1.0 forbids most control characters, and article text (scraped HTML, PDFs) carries
# them: ElementTree would write an unparsable file and lxml refuses the string outright.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_JOIN = "; "
FORMATS = ("graphml", "gexf")


def write_graphml(events: Iterable[Mapping[str, Any]], path_or_file: PathOrFile) -> None:
    """Write the collapsed graph of `events` as GraphML (for Gephi, yEd, Cytoscape).

    Attributes are strings and integers only: lists are joined with "; " and unknown
    values are left out, as GraphML has no list or null type.
    """
    nx.write_graphml(_flat(events), path_or_file)


def write_gexf(events: Iterable[Mapping[str, Any]], path_or_file: PathOrFile) -> None:
    """Write the collapsed graph of `events` as GEXF 1.2 (Gephi's own format), dynamic.

    Same attributes as `write_graphml`. A node also gets `start`, the earliest known date of
    its events, and stays from then on, so the graph grows along Gephi's timeline; an edge
    gets one spell per day its events happened (from that day to the next), so a window
    sliding along the timeline shows each event on its own day, not every later day too. An
    edge none of whose events is dated has no spell and shows at all times.
    """
    nx.write_gexf(_flat(events, spells=True), path_or_file)


def _flat(events: Iterable[Mapping[str, Any]], spells: bool = False) -> nx.DiGraph:
    """The collapsed graph with XML-safe string and integer attributes only; with `spells`,
    edges carry one-day spells (GEXF) instead of a `start`."""
    D = to_digraph(build_graph(events))
    F = nx.DiGraph()
    starts: dict[str, str] = {}
    for u, v, data in D.edges(data=True):
        dates = [d for d in (_iso_date(x) for x in data["dates"]) if d]
        if dates:
            for node in (u, v):
                starts[node] = min(dates[0], starts.get(node, dates[0]))
    for node, data in D.nodes(data=True):
        attrs: dict[str, str | int] = {
            "label": _xml(data.get("label") or node),
            "kind": _xml(data.get("kind") or "unknown"),
            "aliases": _xml(_JOIN.join(data.get("aliases") or [])),
        }
        if node in starts:
            attrs["start"] = starts[node]
        F.add_node(_xml(node), **attrs)
    for u, v, data in D.edges(data=True):
        dates = [d for d in (_iso_date(x) for x in data["dates"]) if d]
        attrs = {
            # GEXF reserves `type` on edges for directed/undirected, hence `types`.
            "label": _xml(_JOIN.join(t.lower() for t in data["types"])),
            "weight": int(data["weight"]),
            "types": _xml(_JOIN.join(data["types"])),
            "events": _xml(_JOIN.join(data["events"])),
        }
        timing: dict[str, Any] = {}
        if dates and spells:
            timing["spells"] = [_one_day(d) for d in dates]
        elif dates:
            timing["start"] = dates[0]
        F.add_edge(_xml(u), _xml(v), **attrs, **timing)
    return F


def _one_day(day: str) -> tuple[str, str]:
    """A GEXF spell for one day: from the day to the next (GEXF dates carry no time)."""
    return day, (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def _iso_date(value: Any) -> str | None:
    """`value` if it is a YYYY-MM-DD date, else None: Gephi rejects any other date form."""
    return value if is_iso_date(value) else None


def _xml(value: Any) -> str:
    return _XML_ILLEGAL.sub("", str(value))


def write(events: Iterable[Mapping[str, Any]], fmt: str, out: IO[bytes]) -> None:
    """Write `events` as GraphML or GEXF to a binary stream."""
    buffer = io.BytesIO()  # networkx's writers want a seekable file; stdout is not one
    (write_graphml if fmt == "graphml" else write_gexf)(events, buffer)
    out.write(buffer.getvalue())
