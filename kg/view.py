"""Interactive HTML view of an event graph: pyvis data, vis-network drawing, nothing fetched.

The page is one self-contained file. pyvis's own template links Bootstrap from a CDN even in
`in_line` mode and prints its heading unescaped, so the page uses its own small template with
pyvis's vendored vis-network inlined. Article strings are untrusted; four layers keep them
inert: every one is HTML-escaped, the graph data sits in a JSON block whose `<` are written
`\\u003c` (it cannot close its element), the page script shows labels and tooltips as text
only, and a Content-Security-Policy allows no fetch and no script but the page's own two.
"""
from __future__ import annotations

import base64
import hashlib
import html
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import networkx as nx
import pyvis
from markupsafe import Markup
from pyvis.network import Network

from kg.graph import build_graph

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
KIND_COLORS: dict[str, str] = {
    "Country": "#0072B2",
    "GovernmentBody": "#56B4E9",
    "Person": "#E69F00",
    "Organization": "#009E73",
    "ThreatActor": "#D55E00",
    "InternationalOrganization": "#CC79A7",
    "Policy": "#F0E442",
    "unknown": "#999999",
}
DASHED_STATUSES = frozenset({"negated", "hypothetical"})
LARGE_GRAPH = 300  # above this many nodes, lay out in Python and switch physics off
MAX_TOOLTIP_EVENTS = 20  # per edge; the rest are counted, so a tooltip stays on screen

_VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"

_APP_JS = """(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  // Labels and tooltips arrive HTML-escaped because they come from articles. Decode them in
  // an inert document (DOMParser runs no script and loads nothing) and show them as text
  // only: canvas labels are never markup, and a tooltip is an element whose textContent is
  // set, since vis-network 9 would otherwise print the entities as they are.
  var parser = new DOMParser();
  function decode(s) {
    return parser.parseFromString("<!DOCTYPE html><body>" + s, "text/html").body.textContent;
  }
  function tooltip(s) {
    var element = document.createElement("div");
    element.className = "kg-tip";
    element.textContent = decode(s);
    return element;
  }
  function prepare(items) {
    items.forEach(function (item) {
      if (typeof item.label === "string") { item.label = decode(item.label); }
      if (typeof item.title === "string") { item.title = tooltip(item.title); }
    });
    return items;
  }
  var nodes = new vis.DataSet(prepare(data.nodes));
  var edges = new vis.DataSet(prepare(data.edges));
  var network = new vis.Network(document.getElementById("mynetwork"),
                                {nodes: nodes, edges: edges}, data.options);
  if (!data.options.physics.enabled) { network.fit(); }
  window.kgNetwork = network;
})();"""

_PAGE_CSS = """html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; }
header { height: 40px; box-sizing: border-box; display: flex; align-items: baseline; gap: 1em;
         padding: 0 12px; border-bottom: 1px solid #ddd; overflow: hidden; white-space: nowrap; }
header h1 { font-size: 18px; margin: 8px 0; }
.kg-summary { color: #555; font-size: 13px; }
#mynetwork { position: absolute; top: 40px; left: 0; right: 0; bottom: 0; }
#kg-legend { position: fixed; top: 52px; right: 12px; z-index: 10; padding: 6px 10px;
             background: rgba(255, 255, 255, 0.92); border: 1px solid #ccc; border-radius: 4px;
             font-size: 12px; line-height: 1.7; }
.kg-legend-title { font-weight: 600; }
.kg-swatch { display: inline-block; width: 11px; height: 11px; margin-right: 6px;
             vertical-align: -1px; border: 1px solid rgba(0, 0, 0, 0.35); }
.kg-dot { border-radius: 50%; }
.kg-line { display: inline-block; width: 24px; margin-right: 6px; vertical-align: middle;
           border-top: 2px solid #8a8a8a; }
.kg-dashed { border-top-style: dashed; }
div.vis-tooltip { max-width: 520px; white-space: normal; }
.kg-tip { white-space: pre-wrap; font: 12px/1.4 system-ui, sans-serif; }"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
<style>{{ page_css }}</style>
</head>
<body>
<header><h1>{{ title }}</h1><span class="kg-summary">{{ summary }}</span></header>
<div id="mynetwork"></div>
<div id="kg-legend">
<div class="kg-legend-title">Kinds</div>
{% for row in legend %}
<div class="kg-legend-row" data-kind="{{ row.kind }}"><span class="kg-swatch{{ ' kg-dot' if row.dot }}"
 style="background-color: {{ row.color }}"></span>{{ row.kind }} ({{ row.count }})</div>
{% endfor %}
<div class="kg-legend-title">Edges</div>
<div class="kg-legend-row"><span class="kg-line"></span>asserted</div>
<div class="kg-legend-row"><span class="kg-line kg-dashed"></span>negated or hypothetical</div>
</div>
<script type="application/json" id="kg-data">{{ data|tojson }}</script>
<script>{{ vis_js }}</script>
<script>{{ app_js }}</script>
</body>
</html>
"""


def render_html(events: Iterable[Mapping[str, Any]], path: Path, title: str = "kg") -> dict[str, int]:
    """Write an interactive, offline HTML view of `events` to `path`; return its counts.

    Nodes are actors and policies coloured by kind; an edge groups the events of one type
    between two nodes, labelled by the action ("disapprove"), dashed when negated or
    hypothetical. Hovering shows the evidence, dates and sources. The same events always
    give the same bytes.

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
    # pyvis assembles the vis-network node and edge records; its template is not used.
    net = Network(directed=True)
    positions = _positions(G) if large else {}
    for node in sorted(G.nodes):
        attrs = G.nodes[node]
        kind = attrs["kind"] if attrs.get("kind") in KIND_COLORS else "unknown"
        n_events = len({key for *_, key in G.in_edges(node, keys=True)}
                       | {key for *_, key in G.out_edges(node, keys=True)})
        extra: dict[str, Any] = {}
        if node in positions:
            extra["x"], extra["y"] = positions[node]
        net.add_node(
            node,
            label=_escape(attrs["label"]),
            title=_escape(_node_tooltip(attrs, n_events)),
            color=KIND_COLORS[kind],
            shape="box" if kind == "Policy" else "dot",
            size=round(10 + 4 * math.log2(1 + n_events), 1),
            **extra,
        )
    for edge in _edges(G):
        net.add_edge(edge.pop("from"), edge.pop("to"), **edge)
    nodes, edges, *_ = net.get_network_data()
    scripts = {"vis_js": _vendored("vis-network.min.js"), "app_js": _APP_JS}
    kinds = Counter(k if k in KIND_COLORS else "unknown" for k in (G.nodes[n].get("kind") for n in G))
    legend = [
        {"kind": kind, "color": color, "dot": kind != "Policy", "count": kinds[kind]}
        for kind, color in KIND_COLORS.items() if kinds[kind]
    ]
    summary = f"{len(nodes)} actors and policies, {len(edges)} edges, {len(records)} events"
    page = _environment().from_string(_PAGE).render(
        title=title,
        summary=summary,
        legend=legend,
        data={"nodes": nodes, "edges": edges, "options": _options(large)},
        csp=_csp(scripts.values()),
        vis_css=Markup(_vendored("vis-network.css")),
        page_css=Markup(_PAGE_CSS),
        **{name: Markup(text) for name, text in scripts.items()},
    )
    return page, {"nodes": len(nodes), "edges": len(edges)}


def _edges(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """vis-network edges: one per (agent, other, type, dashed), parallel ones bent apart."""
    groups: dict[tuple[str, str, str, bool], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for u, v, key, data in G.edges(keys=True, data=True):
        dashed = data.get("status") in DASHED_STATUSES
        groups[(u, v, data.get("type") or "", dashed)].append((key, data))
    per_pair: Counter[tuple[str, ...]] = Counter(tuple(sorted((u, v))) for u, v, _, _ in groups)
    seen: Counter[tuple[str, ...]] = Counter()
    edges = []
    for index, group_key in enumerate(sorted(groups)):
        u, v, event_type, dashed = group_key
        members = sorted(groups[group_key], key=lambda item: (item[1].get("date") or "", item[0]))
        n = len(members)
        label = event_type.lower() + (f" ({n})" if n > 1 else "")
        edge: dict[str, Any] = {
            "from": u,
            "to": v,
            "id": f"e{index}",
            "label": _escape(label),
            "title": _escape(_edge_tooltip(event_type, [data for _, data in members])),
            "dashes": dashed,
            "width": min(1 + 0.75 * (n - 1), 6),
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
        if _is_web_url(data.get("url")):
            lines.append(str(data["url"]))
    if len(events) > MAX_TOOLTIP_EVENTS:
        lines += ["", f"... and {len(events) - MAX_TOOLTIP_EVENTS} more events"]
    return "\n".join(lines)


def _options(large: bool) -> dict[str, Any]:
    """vis-network options: a settled barnes-hut for small graphs, static beyond LARGE_GRAPH."""
    if large:
        # vis-network takes minutes to settle past about 1,500 nodes (DESIGN.md).
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
            "font": {"size": 12, "align": "horizontal", "color": "#333333",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
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


def _spring_layout(
    H: nx.Graph, scale: float, seed: int, iterations: int = 50, gravity: float = 0.2
) -> dict[str, Any]:
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
            dx = pos[start:start + 512, 0, None] - pos[None, :, 0]
            dy = pos[start:start + 512, 1, None] - pos[None, :, 1]
            push = k2 / np.maximum(dx * dx + dy * dy, 1e-4)  # repulsion k^2 / d, along (dx, dy) / d
            shift[start:start + 512, 0] = (dx * push).sum(axis=1)
            shift[start:start + 512, 1] = (dy * push).sum(axis=1)
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


def _csp(scripts: Iterable[str]) -> str:
    """A policy that fetches nothing and runs only these exact inline scripts."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
        for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def _is_web_url(url: Any) -> bool:
    """Only http(s) addresses are shown: a `javascript:` or `data:` one is no source."""
    return isinstance(url, str) and urlsplit(url.strip()).scheme.lower() in ("http", "https")


def _escape(text: Any) -> str:
    return html.escape(str(text), quote=True)


@lru_cache(maxsize=None)
def _vendored(name: str) -> str:
    """A vis-network file shipped with pyvis, checked to be safe to inline."""
    text = (_VIS / name).read_text(encoding="utf-8")
    closing = "</script" if name.endswith(".js") else "</style"
    if closing in text.lower():
        raise RuntimeError(f"{_VIS / name} contains {closing}; it cannot be inlined")
    return text


@lru_cache(maxsize=None)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    # tojson escapes < > & ' as \\u003c ...: the data block cannot end its element early.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}
    return env
