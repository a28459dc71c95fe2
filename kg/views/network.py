"""The interactive graph (`kg view`): pyvis data, vis-network drawing, nothing fetched.

The page is one self-contained file. pyvis's own template links Bootstrap from a CDN even in
`in_line` mode and prints its heading unescaped, so the page uses its own template
(kg/views/assets/network.html) with pyvis's vendored vis-network inlined; the page kit
(kg.views.page) escapes every article string and writes the Content-Security-Policy.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from kg.graph.build import build_graph
from kg.views.page import (
    KIND_COLORS,
    csp,
    environment,
    escape,
    event_table,
    is_web_url,
    node_kind,
    script,
    styles,
    vendored,
)

DASHED_STATUSES = frozenset({"negated", "hypothetical"})
LARGE_GRAPH = 300  # above this many nodes, lay out in Python and switch physics off
MAX_TOOLTIP_EVENTS = 20  # per edge; the rest are counted, so a tooltip stays on screen


def render_html(events: Iterable[Mapping[str, Any]], path: Path, title: str = "kg") -> dict[str, int]:
    """Write an interactive, offline HTML view of `events` to `path`; return its counts.

    Nodes are actors and policies coloured by kind; an edge groups the events of one type
    between two nodes, labelled by the action ("disapprove"), dashed when negated or
    hypothetical. Hovering shows the evidence; clicking a node or an edge lists its events
    in a side panel; a search box finds a node (also `graph.html#search=China`); checkboxes
    and two dates filter by event type, actor kind and date. The same events always give
    the same bytes.

    >>> render_html(events, Path("exports/graph.html"), title="Sanctions")  # doctest: +SKIP
    {'nodes': 12, 'edges': 15}
    """
    page, counts = html_page(events, title)
    Path(path).write_bytes(page.encode("utf-8"))
    return counts


def html_page(events: Iterable[Mapping[str, Any]], title: str = "kg") -> tuple[str, dict[str, int]]:
    """The page `render_html` writes, as a string, with {"nodes": n, "edges": m} drawn."""
    records = list(events)
    G = build_graph(records)
    large = G.number_of_nodes() > LARGE_GRAPH
    table = event_table(records)
    index = {r["id"]: i for i, r in reversed(list(enumerate(records)))}
    kinds = Counter(node_kind(G.nodes[n].get("kind")) for n in G)
    kind_rows: list[dict[str, Any]] = [{"name": kind, "count": kinds[kind]} for kind in KIND_COLORS if kinds[kind]]
    kind_index = {row["name"]: i for i, row in enumerate(kind_rows)}
    # pyvis assembles the vis-network node and edge records; its template is not used.
    net = Network(directed=True)
    positions = _positions(G) if large else {}
    for node in sorted(G.nodes):
        attrs = G.nodes[node]
        kind = node_kind(attrs.get("kind"))
        keys = sorted(
            {index[key] for *_, key in G.in_edges(node, keys=True)}
            | {index[key] for *_, key in G.out_edges(node, keys=True)}
            | set(table.by_node.get(node, ()))
        )
        extra: dict[str, Any] = {}
        if node in positions:
            extra["x"], extra["y"] = positions[node]
        net.add_node(
            node,
            label=escape(attrs["label"]),
            title=escape(_node_tooltip(attrs, len(keys))),
            color=KIND_COLORS[kind],
            shape="box" if kind == "Policy" else "dot",
            size=round(10 + 4 * math.log2(1 + len(keys)), 1),
            events=keys,
            kind=kind_index[kind],
            aliases=[escape(a) for a in attrs.get("aliases") or []],
            **extra,
        )
    for edge in _edges(G, index):
        net.add_edge(edge.pop("from"), edge.pop("to"), **edge)
    nodes, edges, *_ = net.get_network_data()
    scripts = {"vis_js": vendored("vis-network.min.js"), "app_js": script("network.js")}
    legend = [
        {"kind": row["name"], "color": KIND_COLORS[row["name"]], "dot": row["name"] != "Policy", "count": row["count"]}
        for row in kind_rows
    ]
    summary = f"{len(nodes)} actors and policies, {len(edges)} edges, {len(records)} events"
    data = {"nodes": nodes, "edges": edges, "options": _options(large), "events": table.events, "types": table.types}
    page = (
        environment()
        .get_template("network.html")
        .render(
            title=title,
            summary=summary,
            legend=legend,
            data=data,
            csp=csp(scripts.values()),
            vis_css=Markup(vendored("vis-network.css")),
            page_css=Markup(styles("network.css")),
            filters_open=False,  # closed, the filters leave the drawing alone
            **table.controls(kind_rows),
            **{name: Markup(text) for name, text in scripts.items()},
        )
    )
    return page, {"nodes": len(nodes), "edges": len(edges)}


def _edges(G: nx.MultiDiGraph, index: Mapping[str, int]) -> list[dict[str, Any]]:
    """vis-network edges: one per (agent, other, type, dashed), parallel ones bent apart.

    Each carries `events`, the indices (into the page's event table) of its events.
    """
    groups: dict[tuple[str, str, str, bool], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for u, v, key, data in G.edges(keys=True, data=True):
        dashed = data.get("status") in DASHED_STATUSES
        groups[(u, v, data.get("type") or "", dashed)].append((key, data))
    per_pair: Counter[tuple[str, ...]] = Counter(tuple(sorted((u, v))) for u, v, _, _ in groups)
    seen: Counter[tuple[str, ...]] = Counter()
    edges = []
    for number, group_key in enumerate(sorted(groups)):
        u, v, event_type, dashed = group_key
        members = sorted(groups[group_key], key=lambda item: (item[1].get("date") or "", item[0]))
        n = len(members)
        label = event_type.lower() + (f" ({n})" if n > 1 else "")
        edge: dict[str, Any] = {
            "from": u,
            "to": v,
            "id": f"e{number}",
            "label": escape(label),
            "title": escape(_edge_tooltip(event_type, [data for _, data in members])),
            "dashes": dashed,
            "width": min(1 + 0.75 * (n - 1), 6),
            "events": sorted({index[key] for key, _ in members}),
        }
        pair = tuple(sorted((u, v)))
        if per_pair[pair] > 1:
            # Edges between the same two nodes would be drawn on top of each other: bend
            # each by a different amount (CW bends the two directions to opposite sides).
            roundness = round(0.15 + 0.2 * seen[pair], 2)
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": roundness}
            if u == v:
                edge["selfReference"] = {"size": 20 + 8 * seen[pair]}
            seen[pair] += 1
        edges.append(edge)
    return edges


def _node_tooltip(attrs: Mapping[str, Any], n_events: int) -> str:
    lines = [str(attrs["label"]), f"kind: {attrs.get('kind') or 'unknown'}"]
    if attrs.get("aliases"):
        lines.append("aliases: " + ", ".join(attrs["aliases"]))
    lines.append(f"events: {n_events}")
    return "\n".join(lines)


def _edge_tooltip(event_type: str, events: list[dict[str, Any]]) -> str:
    lines = [event_type + (f" ({len(events)} events)" if len(events) > 1 else "")]
    for data in events[:MAX_TOOLTIP_EVENTS]:
        trigger = f'"{data["trigger"]}"' if data.get("trigger") else None
        head = [data.get("date") or "date unknown", data.get("status") or "asserted", trigger]
        lines += ["", " · ".join(str(x) for x in head if x)]
        if data.get("evidence"):
            lines.append(str(data["evidence"]))
        if data.get("speaker"):
            lines.append(f"according to: {data['speaker']}")
        lines.append("sources: " + ", ".join(data.get("sources") or []))
        if data.get("article_title"):
            lines.append(f"article: {data['article_title']}")
        if is_web_url(data.get("url")):
            lines.append(str(data["url"]))
    if len(events) > MAX_TOOLTIP_EVENTS:
        lines += ["", f"... and {len(events) - MAX_TOOLTIP_EVENTS} more events"]
    return "\n".join(lines)


def _options(large: bool) -> dict[str, Any]:
    """vis-network options: a settled barnes-hut for small graphs, static beyond LARGE_GRAPH."""
    if large:
        # vis-network takes minutes to settle past about 1,500 nodes (docs/design.md).
        physics: dict[str, Any] = {"enabled": False}
    else:
        physics = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -8000,
                "centralGravity": 0.25,
                "springLength": 170,
                "springConstant": 0.04,
                "damping": 0.15,
                "avoidOverlap": 0.1,
            },
            "stabilization": {"enabled": True, "iterations": 1000, "updateInterval": 50, "fit": True},
            "minVelocity": 0.75,
        }
    return {
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "color": {"color": "#8a8a8a", "highlight": "#222222", "hover": "#222222", "inherit": False},
            "font": {"size": 12, "align": "horizontal", "color": "#333333", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "smooth": {"enabled": False},
        },
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "sans-serif"}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large},
        # A fixed seed: vis-network's initial placement is random otherwise.
        "layout": {"randomSeed": 1, "improvedLayout": not large},
        "physics": physics,
    }


def _positions(G: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Spring layout in screen pixels, computed in Python so the browser need not."""
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))  # node order feeds the seeded layout: keep it fixed
    H.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in G.edges()}))
    pos = _spring_layout(H, scale=30 * math.sqrt(H.number_of_nodes()), seed=1)
    return {node: (int(round(x)), int(round(y))) for node, (x, y) in pos.items()}


def _spring_layout(H: nx.Graph, scale: float, seed: int, iterations: int = 50, gravity: float = 0.2) -> dict[str, Any]:
    """networkx's Fruchterman-Reingold step, plus a pull of each component to the middle.

    Not `nx.spring_layout`: from 500 nodes it needs scipy (not a kg dependency), so the
    picture would change with what else is installed, and its scipy method took 68 s on
    4,864 nodes where this takes 10 s. Without the pull, the many small components of a
    news graph drift off and squeeze the main one into the centre.
    """
    import numpy as np

    nodes = list(H)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    # float32 halves the memory traffic of the n x n sweeps; a layout needs no more precision.
    pos = np.random.default_rng(seed).random((n, 2), dtype=np.float32)
    ends = np.array([(index[u], index[v]) for u, v in H.edges() if u != v], dtype=np.intp).reshape(-1, 2)
    component = np.empty(n, dtype=np.intp)
    for label, members in enumerate(nx.connected_components(H)):
        component[[index[node] for node in members]] = label
    sizes = np.bincount(component).astype(np.float32)[:, None]
    k2 = 1.0 / n  # the ideal distance k is sqrt(1 / n)
    t = 0.1
    for _ in range(iterations):
        shift = np.empty_like(pos)
        for start in range(0, n, 512):  # 512 x n blocks, not n x n x 2: memory stays small
            dx = pos[start : start + 512, 0, None] - pos[None, :, 0]
            dy = pos[start : start + 512, 1, None] - pos[None, :, 1]
            push = k2 / np.maximum(dx * dx + dy * dy, 1e-4)  # repulsion k^2 / d, along (dx, dy) / d
            shift[start : start + 512, 0] = (dx * push).sum(axis=1)
            shift[start : start + 512, 1] = (dy * push).sum(axis=1)
        delta = pos[ends[:, 0]] - pos[ends[:, 1]]
        pull = delta * (np.sqrt((delta * delta).sum(axis=1)) * math.sqrt(n))[:, None]  # attraction d^2 / k
        np.subtract.at(shift, ends[:, 0], pull)
        np.add.at(shift, ends[:, 1], pull)
        centres = np.zeros((len(sizes), 2), dtype=np.float32)
        np.add.at(centres, component, pos)
        shift -= gravity * (centres / sizes - 0.5)[component]  # each component towards the middle
        length = np.maximum(np.sqrt((shift * shift).sum(axis=1)), 0.01)
        pos += shift * (t / length)[:, None]
        t -= 0.1 / (iterations + 1)
    return dict(zip(nodes, nx.rescale_layout(pos, scale=scale)))
