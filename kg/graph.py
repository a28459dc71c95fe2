"""Networkx projections of extracted events, and Gephi exports (GraphML, GEXF).

The input is the event record `kg events --format jsonl` prints (EVENTS.md). Actors and
policies become nodes; each event becomes an edge from its agent to its target and another
to its object, keyed by the event id, so one event is never counted twice between a pair.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import IO, Any

import networkx as nx

from kg.errors import InputError

# What networkx's readers and writers accept: a path or an open binary file.
PathOrFile = str | os.PathLike[str] | IO[bytes]

# XML 1.0 forbids most control characters, and article text (scraped HTML, PDFs) carries
# them: ElementTree would write an unparsable file and lxml refuses the string outright.
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_JOIN = "; "


def build_graph(events: Iterable[Mapping[str, Any]]) -> nx.MultiDiGraph:
    """One node per actor and policy, one edge per event: agent -> target, agent -> object.

    Nodes carry `label`, `kind` and `aliases`; edges are keyed by the event id and carry
    `type`, `label` (the type in lower case), `role` ("target" or "object"), `date`,
    `status`, `trigger`, `evidence` (the sentence), `sources`, `cameo`, `plover`,
    `article`, `speaker` (a label or None), `confidence`, `article_title` and `url`.
    An event with neither target nor object adds its agent and no edge.

    >>> G = build_graph([{"id": "e1", "type": "DISAPPROVE", "agent": {"id": "cn",
    ...     "label": "China", "kind": "Country"}, "object": {"id": "p", "label":
    ...     "unilateral sanctions", "kind": "Policy"}, "evidence": {"text": "..."}}])
    >>> list(G.edges(keys=True, data="label"))
    [('cn', 'p', 'e1', 'disapprove')]
    """
    G = nx.MultiDiGraph()
    for event in events:
        event_id = event.get("id")
        if not isinstance(event_id, str) or not event_id:
            raise InputError(
                f"event record without an id: {_preview(event)}; every event needs an 'id' (see EVENTS.md)"
            )
        agent = _endpoint(event, "agent")
        if agent is None:
            raise InputError(
                f"event {event_id!r} has no agent; every event needs an 'agent' with an 'id' (see EVENTS.md)"
            )
        _add_node(G, agent)
        for role in ("target", "object"):
            other = _endpoint(event, role)
            if other is not None:
                _add_node(G, other)
                G.add_edge(agent["id"], other["id"], key=event_id, role=role, **_edge_attributes(event))
    return G


def to_digraph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Collapse parallel events into one edge per ordered pair of nodes.

    Each edge carries `weight` (the number of events), `types` (sorted, distinct),
    `events` (sorted event ids) and `dates` (sorted, distinct, known dates only).
    Nodes keep their attributes.
    """
    D = nx.DiGraph()
    for node, data in sorted(G.nodes(data=True), key=lambda item: item[0]):
        D.add_node(node, **{k: list(v) if isinstance(v, list) else v for k, v in data.items()})
    for u, v, key, data in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if not D.has_edge(u, v):
            D.add_edge(u, v, weight=0, types=[], events=[], dates=[])
        edge = D.edges[u, v]
        edge["weight"] += 1
        edge["events"].append(key)
        if data.get("type") and data["type"] not in edge["types"]:
            edge["types"].append(data["type"])
        if data.get("date") and data["date"] not in edge["dates"]:
            edge["dates"].append(data["date"])
    for _, _, edge in D.edges(data=True):
        edge["types"].sort()
        edge["dates"].sort()
    return D


def write_graphml(events: Iterable[Mapping[str, Any]], path_or_file: PathOrFile) -> None:
    """Write the collapsed graph of `events` as GraphML (for Gephi, yEd, Cytoscape).

    Attributes are strings and integers only: lists are joined with "; " and unknown
    values are left out, as GraphML has no list or null type.
    """
    nx.write_graphml(_flat(events), path_or_file)


def write_gexf(events: Iterable[Mapping[str, Any]], path_or_file: PathOrFile) -> None:
    """Write the collapsed graph of `events` as GEXF 1.2 (Gephi's own format).

    Same attributes as `write_graphml`; nodes and edges also get `start`, the earliest
    known event date, so Gephi's timeline shows the graph growing.
    """
    nx.write_gexf(_flat(events), path_or_file)


def _endpoint(event: Mapping[str, Any], role: str) -> dict[str, Any] | None:
    value = event.get(role)
    if not isinstance(value, Mapping):
        return None
    node_id = value.get("id")
    if not isinstance(node_id, str) or not node_id:
        return None
    return dict(value)


def _add_node(G: nx.MultiDiGraph, actor: Mapping[str, Any]) -> None:
    node_id = actor["id"]
    aliases = [a for a in actor.get("aliases") or [] if isinstance(a, str)]
    kind = actor.get("kind") if isinstance(actor.get("kind"), str) else None
    if node_id not in G:
        label = str(actor.get("label") or node_id)
        G.add_node(node_id, label=label, kind=kind, aliases=_unique(aliases))
        return
    # The same actor seen in another event: keep the first label, complete what is missing.
    data = G.nodes[node_id]
    if not data.get("kind"):
        data["kind"] = kind
    data["aliases"] = _unique(data["aliases"] + aliases)


def _edge_attributes(event: Mapping[str, Any]) -> dict[str, Any]:
    event_type = str(event.get("type") or "")
    evidence = event.get("evidence")
    speaker = event.get("speaker")
    article = event.get("article")
    sources = [s for s in event.get("sources") or [] if isinstance(s, str)]
    if not sources and isinstance(article, str):
        sources = [article]
    return {
        "type": event_type,
        "label": event_type.lower(),
        "date": _text(event.get("date")),
        "status": _text(event.get("status")) or "asserted",
        "trigger": _text(event.get("trigger")),
        "evidence": evidence.get("text") if isinstance(evidence, Mapping) else evidence,
        "sources": sources,
        "cameo": event.get("cameo"),
        "plover": event.get("plover"),
        "article": article,
        "speaker": speaker.get("label") if isinstance(speaker, Mapping) else None,
        "confidence": event.get("confidence"),
        # Not `title`: pyvis's from_nx copies edge attributes verbatim, and `title` there is
        # an unescaped tooltip.
        "article_title": event.get("title"),
        "url": event.get("url"),
    }


def _flat(events: Iterable[Mapping[str, Any]]) -> nx.DiGraph:
    """The collapsed graph with XML-safe string and integer attributes only."""
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
        if dates:
            attrs["start"] = dates[0]
        F.add_edge(_xml(u), _xml(v), **attrs)
    return F


def _iso_date(value: Any) -> str | None:
    """`value` if it is a YYYY-MM-DD date, else None: Gephi rejects any other date form."""
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value


def _text(value: Any) -> str | None:
    """A string field of a record, or None when it is absent or not a string."""
    return value if isinstance(value, str) and value else None


def _xml(value: Any) -> str:
    return _XML_ILLEGAL.sub("", str(value))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _preview(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
