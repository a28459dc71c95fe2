"""Numbers over event records: counts, actor rankings, paths and communities.

`kg stats`, `kg rank`, `kg path` and `kg communities` print these. All of them work on the
actor graph (kg.select.actor_graph): actors are nodes and every event with an agent and a
target links the two; policies are left out, as they are what actors act about, not actors.
Each function returns plain rows (column names, then lists) for kg.output.write_rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import numpy as np

from kg.errors import InputError
from kg.graph.build import actor_graph
from kg.graph.select import actors_of, endpoint_ids, find_actors
from kg.query.records import is_iso_date

Rows = tuple[list[str], list[list[Any]]]
RANKINGS = ("degree", "pagerank", "betweenness")


def stats(records: Iterable[Mapping[str, Any]], top: int = 10) -> Rows:
    """Counts by event type, by actor kind (actors), by month (events) and the busiest actors.

    >>> stats(records)[1][:2]  # doctest: +SKIP
    [['type', 'SANCTION', 32], ['type', 'STATEMENT', 30]]
    """
    records = list(records)
    rows: list[list[Any]] = []
    types = Counter(str(r.get("type") or "") for r in records)
    rows += [["type", t, n] for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))]
    kinds = Counter(str(a.get("kind") or "unknown") for a in actors_of(records).values())
    rows += [["actor kind", k, n] for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))]
    months = Counter(str(r["date"])[:7] if is_iso_date(r.get("date")) else "undated" for r in records)
    rows += [["month", m, n] for m, n in sorted(months.items())]
    rows += [["top actor", label, n] for label, n in _busiest(records)[:top]]
    return ["group", "name", "count"], rows


def rank(records: Iterable[Mapping[str, Any]], by: str = "degree", limit: int | None = None) -> Rows:
    """Actors ranked by `degree` (distinct partners), `pagerank` or `betweenness`.

    PageRank runs on the directed actor graph (agent -> target, weighted by events);
    degree and betweenness on the undirected one. Ties go to the label.
    """
    if by not in RANKINGS:
        raise InputError(f"cannot rank by {by!r}; choose from: {', '.join(RANKINGS)}")
    records = list(records)
    G = nx.Graph(actor_graph(records))
    G.remove_edges_from(list(nx.selfloop_edges(G)))
    if by == "degree":
        scores: dict[str, float] = {n: float(d) for n, d in G.degree()}
    elif by == "betweenness":
        scores = nx.betweenness_centrality(G, normalized=True)
    else:
        scores = pagerank(_directed(records))
    events = Counter(n for r in records for n in {r["agent"]["id"], *_target_id(r)} if _has_agent(r))
    order = sorted(G.nodes, key=lambda n: (-scores.get(n, 0.0), G.nodes[n]["label"], n))[:limit]
    rows = [
        [i + 1, G.nodes[n]["label"], G.nodes[n]["kind"] or "unknown", _round(scores.get(n, 0.0), by), events[n]]
        for i, n in enumerate(order)
    ]
    return ["rank", "actor", "kind", by, "events"], rows


def pagerank(G: nx.DiGraph, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 200) -> dict[str, float]:
    """PageRank by power iteration with numpy, on edge `weight`s; sums to 1.

    Not `nx.pagerank`: networkx 3 computes it with scipy, which kg does not depend on.
    A node without out-edges spreads its rank evenly over all nodes, as networkx does.
    """
    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    src = np.array([index[u] for u, _ in G.edges()], dtype=np.intp)
    dst = np.array([index[v] for _, v in G.edges()], dtype=np.intp)
    weight = np.array([float(w) for *_, w in G.edges(data="weight", default=1.0)])
    out = np.zeros(n)
    np.add.at(out, src, weight)
    share = weight / out[src] if len(src) else weight
    dangling = out == 0
    rank_ = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = np.zeros(n)
        np.add.at(new, dst, alpha * rank_[src] * share)
        new += (alpha * rank_[dangling].sum() + 1.0 - alpha) / n
        if np.abs(new - rank_).sum() < n * tol:
            rank_ = new
            break
        rank_ = new
    return {node: float(rank_[index[node]]) for node in nodes}


def path(records: Iterable[Mapping[str, Any]], source: str, target: str) -> Rows:
    """The shortest chain of actors from `source` to `target`, one row per event on each hop.

    Names match labels or aliases as `kg view --actor` does. Events are undirected here:
    "A sanctioned B" links B back to A too. Raises `InputError` when no chain exists.
    """
    records = list(records)
    G = actor_graph(records)
    start, end = find_actors(records, source)[0], find_actors(records, target)[0]
    try:
        chain = nx.shortest_path(G, start, end)
    except nx.NetworkXNoPath:
        raise InputError(
            f"no path between {G.nodes[start]['label']} and {G.nodes[end]['label']} in the actor graph; "
            "they are in different components (see `kg communities`)"
        ) from None
    rows: list[list[Any]] = []
    for hop, (u, v) in enumerate(zip(chain, chain[1:]), start=1):
        events = sorted(
            (data["event"] for data in G.get_edge_data(u, v).values()),
            key=lambda e: (str(e.get("date") or "9999"), str(e.get("id"))),
        )
        for e in events:
            rows.append(
                [
                    hop,
                    G.nodes[u]["label"],
                    G.nodes[v]["label"],
                    e.get("type"),
                    e.get("date") or "",
                    e["agent"]["label"],
                    e["target"]["label"],
                    _evidence(e),
                    e.get("article"),
                ]
            )
    return ["hop", "from", "to", "type", "date", "agent", "target", "evidence", "article"], rows


def communities(records: Iterable[Mapping[str, Any]]) -> Rows:
    """Groups of actors that act on each other more than on the rest (greedy modularity).

    Only actors linked to another actor take part; edges are weighted by events. Largest
    community first; members are sorted labels.
    """
    records = list(records)
    M = actor_graph(records)
    G = nx.Graph()
    for u, v in M.edges():
        if u != v:
            G.add_edge(u, v, weight=G.get_edge_data(u, v, {"weight": 0})["weight"] + 1)
    if G.number_of_edges() == 0:
        return ["community", "size", "events", "members"], []
    groups = nx.community.greedy_modularity_communities(G, weight="weight")
    found = []
    for group in groups:
        labels = sorted(M.nodes[n]["label"] for n in group)
        inside = sum(1 for u, v in M.edges() if u in group and v in group)
        found.append((len(group), inside, labels))
    found.sort(key=lambda item: (-item[0], -item[1], item[2]))
    rows = [[i + 1, size, inside, "; ".join(labels)] for i, (size, inside, labels) in enumerate(found)]
    return ["community", "size", "events", "members"], rows


def _busiest(records: list[Mapping[str, Any]]) -> list[tuple[str, int]]:
    """(label, events) of each actor or policy, most events first."""
    labels: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for r in records:
        for role in ("agent", "target", "object"):
            node = r.get(role)
            if isinstance(node, Mapping) and isinstance(node.get("id"), str):
                labels.setdefault(node["id"], str(node.get("label") or node["id"]))
        counts.update(set(endpoint_ids(r)))
    return sorted(((labels[n], c) for n, c in counts.items()), key=lambda kv: (-kv[1], kv[0]))


def _directed(records: list[Mapping[str, Any]]) -> nx.DiGraph:
    D = nx.DiGraph()
    D.add_nodes_from(actor_graph(records).nodes)
    for r in records:
        if _has_agent(r) and _target_id(r):
            u, v = r["agent"]["id"], r["target"]["id"]
            D.add_edge(u, v, weight=D.get_edge_data(u, v, {"weight": 0})["weight"] + 1)
    return D


def _has_agent(record: Mapping[str, Any]) -> bool:
    agent = record.get("agent")
    return isinstance(agent, Mapping) and isinstance(agent.get("id"), str)


def _target_id(record: Mapping[str, Any]) -> list[str]:
    target = record.get("target")
    return [target["id"]] if isinstance(target, Mapping) and isinstance(target.get("id"), str) else []


def _evidence(event: Mapping[str, Any]) -> str:
    evidence = event.get("evidence")
    return str(evidence.get("text") if isinstance(evidence, Mapping) else evidence or "")


def _round(score: float, by: str) -> float | int:
    return int(score) if by == "degree" else round(score, 6)
