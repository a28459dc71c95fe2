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

from kg.graph.build import ROLES, build_graph
from kg.views.layout import layout
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
LARGE_GRAPH = 300  # above this many nodes, edges are hidden while the drawing is dragged
TOP_LABELLED = 15  # the busiest nodes, whose labels are drawn at any zoom
LABEL_PX = 13  # their labels' least size on screen, in pixels
DRAW_THRESHOLD = 5  # vis-network draws a label from this many screen pixels (less one)
MIN_SIZE, MAX_SIZE = 6, 40  # a dot's radius in pixels, for one event and for the busiest
MAX_TOOLTIP_EVENTS = 20  # per edge; the rest are counted, so a tooltip stays on screen


def render_html(
    events: Iterable[Mapping[str, Any]], path: Path, title: str = "kg", policies: bool = False
) -> dict[str, int]:
    """Write an interactive, offline HTML view of `events` to `path`; return its counts.

    Nodes are actors coloured by kind and sized by their number of events; an edge groups
    the events of one type between two nodes, labelled by the action ("disapprove"),
    dashed when negated or hypothetical. Policies (what actors act about) are drawn only
    with `policies=True`, and actors with no edge are not drawn: the first screen shows who
    acts on whom, with the busiest actors named. Hovering shows the evidence; clicking a
    node or an edge lists its events in a side panel; a search box finds a node (also
    `graph.html#search=China`); checkboxes and a time window filter by event type, actor
    kind and date. The same events always give the same bytes.

    >>> render_html(events, Path("exports/graph.html"), title="Sanctions")  # doctest: +SKIP
    {'nodes': 12, 'edges': 15, 'policies': 9, 'isolated': 2}
    """
    page, counts = html_page(events, title, policies=policies)
    Path(path).write_bytes(page.encode("utf-8"))
    return counts


def html_page(
    events: Iterable[Mapping[str, Any]], title: str = "kg", policies: bool = False
) -> tuple[str, dict[str, int]]:
    """The page `render_html` writes, as a string, with its counts: nodes and edges drawn,
    policies and isolated actors (no edge to draw) left out."""
    records = list(events)
    G = build_graph(records, roles=ROLES if policies else ("target",))
    left_out = _policy_count(records, G) if not policies else 0
    isolated = sorted(node for node in G if G.degree(node) == 0)
    G.remove_nodes_from(isolated)
    table = event_table(records)
    index = {r["id"]: i for i, r in reversed(list(enumerate(records)))}
    kinds = Counter(node_kind(G.nodes[n].get("kind")) for n in G)
    kind_rows: list[dict[str, Any]] = [{"name": kind, "count": kinds[kind]} for kind in KIND_COLORS if kinds[kind]]
    kind_index = {row["name"]: i for i, row in enumerate(kind_rows)}
    events_of = {node: _node_events(G, node, index, table.by_node) for node in G}
    positions = layout(G.nodes, G.edges())
    # pyvis assembles the vis-network node and edge records; its template is not used.
    net = Network(directed=True)
    for node in sorted(G.nodes):
        attrs = G.nodes[node]
        kind = node_kind(attrs.get("kind"))
        keys = events_of[node]
        x, y = positions[node]
        net.add_node(
            node,
            label=escape(attrs["label"]),
            title=escape(_node_tooltip(attrs, len(keys))),
            color=KIND_COLORS[kind],
            shape="box" if kind == "Policy" else "dot",
            size=node_size(len(keys)),
            x=x,
            y=y,
            events=keys,
            kind=kind_index[kind],
            aliases=[escape(a) for a in attrs.get("aliases") or []],
        )
    for edge in _edges(G, index):
        net.add_edge(edge.pop("from"), edge.pop("to"), **edge)
    nodes, edges, *_ = net.get_network_data()
    scripts = {"vis_js": vendored("vis-network.min.js"), "app_js": script("network.js")}
    legend = [
        {"kind": row["name"], "color": KIND_COLORS[row["name"]], "dot": row["name"] != "Policy", "count": row["count"]}
        for row in kind_rows
    ]
    counts = {"nodes": len(nodes), "edges": len(edges), "policies": left_out, "isolated": len(isolated)}
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": _options(len(nodes) > LARGE_GRAPH),
        "events": table.events,
        "types": table.types,
        "labelled": labelled(events_of, G),
        "labelPx": LABEL_PX,
    }
    page = (
        environment()
        .get_template("network.html")
        .render(
            title=title,
            summary=_summary(counts, len(records)),
            legend=legend,
            data=data,
            csp=csp(scripts.values()),
            vis_css=Markup(vendored("vis-network.css")),
            page_css=Markup(styles("network.css")),
            filters_open=False,  # closed, the filters leave the drawing alone
            undated_note=", drawn while no date is set",
            **table.controls(kind_rows),
            **{name: Markup(text) for name, text in scripts.items()},
        )
    )
    return page, counts


def node_size(n_events: int) -> float:
    """A dot's radius in pixels: its area grows with the number of events, up to a cap."""
    return round(min(MIN_SIZE + 3 * math.sqrt(n_events), MAX_SIZE), 1)


def labelled(events_of: Mapping[str, list[int]], G: nx.MultiDiGraph) -> list[str]:
    """The ids of the TOP_LABELLED busiest nodes (most events, then label): the page draws
    their labels at any zoom, so the first screen names the main actors."""
    ranked = sorted(events_of, key=lambda node: (-len(events_of[node]), str(G.nodes[node]["label"]), node))
    return ranked[:TOP_LABELLED]


def _node_events(
    G: nx.MultiDiGraph, node: str, index: Mapping[str, int], by_node: Mapping[str, list[int]]
) -> list[int]:
    """The table indices of every event a node takes part in, drawn as an edge or not."""
    return sorted(
        {index[key] for *_, key in G.in_edges(node, keys=True)}
        | {index[key] for *_, key in G.out_edges(node, keys=True)}
        | set(by_node.get(node, ()))
    )


def _policy_count(records: list[Mapping[str, Any]], G: nx.MultiDiGraph) -> int:
    """How many policies (the objects of events) `policies=False` leaves out of `G`."""
    objects = {
        obj["id"] for r in records if isinstance(obj := r.get("object"), Mapping) and isinstance(obj.get("id"), str)
    }
    return len(objects - set(G))


def _summary(counts: Mapping[str, int], n_events: int) -> str:
    """The header line: what is drawn, and what is not and why."""
    text = f"{counts['nodes']} nodes, {counts['edges']} edges, {n_events} events"
    hidden = not_drawn(counts)
    return text + (f"; not drawn: {hidden}" if hidden else "")


def not_drawn(counts: Mapping[str, int]) -> str:
    """What `html_page` left out, in words ("3 policies, 1 actor without an edge"), or ""."""
    parts = []
    if counts.get("policies"):
        n = counts["policies"]
        parts.append(f"{n} {'policy' if n == 1 else 'policies'} (--policies draws them)")
    if counts.get("isolated"):
        n = counts["isolated"]
        parts.append(f"{n} {'actor' if n == 1 else 'actors'} without an edge")
    return ", ".join(parts)


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
    """vis-network options: positions come from Python (kg.views.layout), so no physics."""
    return {
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "color": {"color": "#8a8a8a", "highlight": "#222222", "hover": "#222222", "inherit": False},
            "font": {"size": 12, "align": "horizontal", "color": "#333333", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "smooth": {"enabled": False},
        },
        "nodes": {
            "borderWidth": 1,
            # Drawn once font size x zoom reaches drawThreshold - 1 screen pixels (vis-network).
            "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": DRAW_THRESHOLD, "maxVisible": 30}},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large},
        "layout": {"randomSeed": 1, "improvedLayout": False},
        # vis-network takes minutes to settle past about 1,500 nodes (docs/design.md).
        "physics": {"enabled": False},
    }
