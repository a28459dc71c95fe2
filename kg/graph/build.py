"""The one graph builder: event records (the `kg events --format jsonl` shape) as networkx graphs.

Actors and policies become nodes; each event becomes an edge from its agent to its target
and another to its object, keyed by the event id, so one event is never counted twice
between a pair. `actor_graph` is the same graph without policies, undirected: what the
selection filters and the network measures walk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from kg.errors import InputError

ROLES = ("target", "object")


def build_graph(events: Iterable[Mapping[str, Any]], roles: Sequence[str] = ROLES) -> nx.MultiDiGraph:
    """One node per actor and policy, one edge per event: agent -> target, agent -> object.

    Nodes carry `label`, `kind` and `aliases`; edges are keyed by the event id and carry
    `event` (the record itself), `type`, `label` (the type in lower case), `role` ("target"
    or "object"), `date`, `status`, `trigger`, `evidence` (the sentence), `sources`,
    `cameo`, `plover`, `article`, `speaker` (a label or None), `confidence`,
    `article_title` and `url`. An event with neither target nor object adds its agent and
    no edge; `roles=("target",)` leaves policies out.

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
                f"event record without an id: {_preview(event)}; every event needs an 'id' (docs/events.md)"
            )
        agent = _endpoint(event, "agent")
        if agent is None:
            raise InputError(
                f"event {event_id!r} has no agent; every event needs an 'agent' with an 'id' (docs/events.md)"
            )
        _add_node(G, agent)
        for role in roles:
            other = _endpoint(event, role)
            if other is not None:
                _add_node(G, other)
                G.add_edge(agent["id"], other["id"], key=event_id, role=role, event=event, **_edge_attributes(event))
    return G


def actor_graph(events: Iterable[Mapping[str, Any]]) -> nx.MultiGraph:
    """The actors of `build_graph`, undirected: one edge per event between agent and target.

    Policies are left out (they are what actors act about, not actors); edges are keyed by
    the event id and carry `event`, the record. The selection filters and the network
    measures walk this graph.
    """
    return nx.MultiGraph(build_graph(events, roles=("target",)))


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


def _text(value: Any) -> str | None:
    """A string field of a record, or None when it is absent or not a string."""
    return value if isinstance(value, str) and value else None


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _preview(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
