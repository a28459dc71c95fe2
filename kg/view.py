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
from dataclasses import dataclass
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
from kg.select import is_iso_date

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

# Shared by the graph and the timeline page: the event table, the filters and the side
# panel. Article strings arrive HTML-escaped; `decode` turns them back into text in an inert
# document (DOMParser runs no script and loads nothing) and every one is shown with
# textContent, never as markup.
COMMON_JS = """var data = JSON.parse(document.getElementById("kg-data").textContent);
var parser = new DOMParser();
function decode(s) {
  if (typeof s !== "string") { return ""; }
  return parser.parseFromString("<!DOCTYPE html><body>" + s, "text/html").body.textContent;
}
function el(tag, cls, text) {
  var element = document.createElement(tag);
  if (cls) { element.className = cls; }
  if (text !== undefined && text !== null) { element.textContent = text; }
  return element;
}
function webUrl(s) {
  try {
    var url = new URL(s);
    return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
  } catch (e) { return null; }
}
var panel = document.getElementById("kg-panel");
function byDate(a, b) {
  var da = data.events[a].date || "9999", db = data.events[b].date || "9999";
  return da < db ? -1 : (da > db ? 1 : a - b);
}
function eventItem(ev) {
  var item = el("li", "kg-event");
  item.appendChild(el("div", "kg-event-head",
    [decode(data.types[ev.type]), ev.date || "date unknown", decode(ev.status)].join(" \\u00b7 ")));
  var who = decode(ev.agent);
  if (ev.target) { who += " \\u2192 " + decode(ev.target); }
  if (ev.object) { who += (ev.target ? " \\u00b7 about " : " \\u2192 ") + decode(ev.object); }
  item.appendChild(el("div", "kg-event-who", who));
  if (ev.speaker) { item.appendChild(el("div", "kg-event-speaker", "according to " + decode(ev.speaker))); }
  item.appendChild(el("blockquote", "kg-evidence", decode(ev.evidence)));
  item.appendChild(el("div", "kg-event-article", "article: " + decode(ev.article)));
  if (ev.title) { item.appendChild(el("div", "kg-event-title", decode(ev.title))); }
  var url = ev.url ? webUrl(decode(ev.url)) : null;
  if (url) {
    var link = el("a", "kg-event-link", url);
    link.href = url;
    link.rel = "noopener noreferrer";
    link.target = "_blank";
    item.appendChild(link);
  }
  return item;
}
function showPanel(heading, indices) {
  var list = document.getElementById("kg-panel-events");
  list.replaceChildren();
  indices.slice().sort(byDate).forEach(function (i) { list.appendChild(eventItem(data.events[i])); });
  document.getElementById("kg-panel-title").textContent = heading;
  document.getElementById("kg-panel-count").textContent =
    indices.length + (indices.length === 1 ? " event" : " events");
  panel.dataset.events = String(indices.length);
  panel.hidden = false;
}
document.getElementById("kg-panel-close").addEventListener("click", function () { panel.hidden = true; });
function checked(cls) {
  var set = {};
  document.querySelectorAll("input." + cls).forEach(function (box) { if (box.checked) { set[box.value] = true; } });
  return set;
}
var since = document.getElementById("kg-since"), until = document.getElementById("kg-until");
var undated = document.getElementById("kg-undated");
function eventFilter() {
  var types = checked("kg-type"), low = since.value, high = until.value, keepUndated = undated.checked;
  return function (i) {
    var ev = data.events[i];
    if (!types[ev.type]) { return false; }
    if (!ev.date) { return keepUndated; }
    return (!low || ev.date >= low) && (!high || ev.date <= high);
  };
}
function onFilters(apply) {
  document.querySelectorAll("#kg-filters input").forEach(function (input) {
    input.addEventListener("change", apply);
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    document.querySelectorAll("#kg-filters input[type=checkbox]").forEach(function (box) { box.checked = true; });
    since.value = "";
    until.value = "";
    apply();
  });
}
// The fragment sets the filters, so a filtered view is a link:
// graph.html#type=SANCTION,ACCUSE&kind=Country&since=2019-01-01&until=2019-12-31&undated=0&search=China
function fragment() {
  return new URLSearchParams(window.location.hash.replace(/^#/, ""));
}
function filtersFrom(params) {
  [["type", "kg-type"], ["kind", "kg-kind"]].forEach(function (pair) {
    if (!params.has(pair[0])) { return; }
    var wanted = params.get(pair[0]).toUpperCase().split(",");
    document.querySelectorAll("input." + pair[1]).forEach(function (box) {
      box.checked = wanted.indexOf(box.dataset.name.toUpperCase()) >= 0;
    });
  });
  if (params.has("since")) { since.value = params.get("since"); }
  if (params.has("until")) { until.value = params.get("until"); }
  if (params.has("undated")) { undated.checked = params.get("undated") !== "0"; }
}
function setCounts(counts) {
  Object.keys(counts).forEach(function (key) { document.body.dataset[key] = String(counts[key]); });
}
"""

_APP_JS = """(function () {
  "use strict";
""" + COMMON_JS + """
  function tooltip(s) {
    var element = document.createElement("div");
    element.className = "kg-tip";
    element.textContent = decode(s);
    return element;
  }
  // The panel's and the filters' own fields stay out of vis-network's items.
  var eventsOf = {}, kindOf = {}, names = [], ends = {}, labelOf = {};
  data.nodes.forEach(function (node) {
    eventsOf[node.id] = node.events;
    kindOf[node.id] = node.kind;
    var label = decode(node.label);
    labelOf[node.id] = label;
    names.push({id: node.id, label: label,
                keys: [label].concat(node.aliases.map(decode)).map(function (s) { return s.toLowerCase(); })});
    delete node.events; delete node.kind; delete node.aliases;
    node.label = label;
    if (typeof node.title === "string") { node.title = tooltip(node.title); }
  });
  data.edges.forEach(function (edge) {
    eventsOf[edge.id] = edge.events;
    ends[edge.id] = [edge.from, edge.to];
    delete edge.events;
    if (typeof edge.label === "string") { edge.label = decode(edge.label); }
    if (typeof edge.title === "string") { edge.title = tooltip(edge.title); }
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("mynetwork"),
                                {nodes: nodes, edges: edges}, data.options);
  if (!data.options.physics.enabled) { network.fit(); }
  window.kgNetwork = network;

  function apply() {
    var pass = eventFilter(), kinds = checked("kg-kind"), shown = {}, nodeUpdates = [], edgeUpdates = [];
    var nNodes = 0, nEdges = 0;
    Object.keys(kindOf).forEach(function (id) {
      var visible = Boolean(kinds[kindOf[id]]) && eventsOf[id].some(pass);
      shown[id] = visible;
      if (visible) { nNodes += 1; }
      nodeUpdates.push({id: id, hidden: !visible});
    });
    Object.keys(ends).forEach(function (id) {
      var visible = shown[ends[id][0]] && shown[ends[id][1]] && eventsOf[id].some(pass);
      if (visible) { nEdges += 1; }
      edgeUpdates.push({id: id, hidden: !visible});
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    setCounts({nodes: nNodes, edges: nEdges});
  }
  onFilters(apply);
  apply();

  network.on("click", function (params) {
    if (params.nodes.length) {
      showPanel(labelOf[params.nodes[0]], eventsOf[params.nodes[0]]);
    } else if (params.edges.length) {
      var id = params.edges[0], edge = edges.get(id);
      showPanel(labelOf[ends[id][0]] + " \\u2192 " + labelOf[ends[id][1]] + ": " + edge.label, eventsOf[id]);
    }
  });

  function rank(entry, key) {
    if (entry.keys[0] === key) { return 0; }
    if (entry.keys.indexOf(key) >= 0) { return 1; }
    if (entry.keys.some(function (k) { return k.indexOf(key) === 0; })) { return 2; }
    if (entry.keys.some(function (k) { return k.indexOf(key) >= 0; })) { return 3; }
    return 9;
  }
  function search(query) {
    var key = query.trim().toLowerCase(), best = null, bestRank = 9;
    var result = document.getElementById("kg-search-result");
    if (!key) { return; }
    names.forEach(function (entry) {
      var r = rank(entry, key);
      if (r < bestRank || (r === bestRank && r < 9 && entry.label < best.label)) { best = entry; bestRank = r; }
    });
    if (!best) {
      result.textContent = "no match for " + query;
      document.body.dataset.searchFound = "";
      return;
    }
    network.selectNodes([best.id]);
    network.focus(best.id, {scale: 1.3, animation: false});
    showPanel(best.label, eventsOf[best.id]);
    result.textContent = "found " + best.label;
    document.body.dataset.searchFound = best.label;
  }
  var box = document.getElementById("kg-search");
  document.getElementById("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    search(box.value);
  });
  function fromFragment() {
    var params = fragment();
    filtersFrom(params);
    apply();
    if (params.has("search")) {
      box.value = params.get("search");
      search(box.value);
    }
  }
  window.addEventListener("hashchange", fromFragment);
  function ready() {
    fromFragment();
    document.body.dataset.ready = "1";
  }
  if (data.options.physics.enabled && data.nodes.length) {
    network.once("stabilizationIterationsDone", function () { network.once("afterDrawing", ready); network.redraw(); });
  } else {
    network.once("afterDrawing", ready);
    network.redraw();
  }
})();"""

PANEL_CSS = """#kg-filters { position: fixed; top: 52px; left: 12px; z-index: 10; max-width: 260px;
              max-height: calc(100% - 70px); overflow: auto; padding: 6px 10px;
              background: rgba(255, 255, 255, 0.94); border: 1px solid #ccc; border-radius: 4px;
              font-size: 12px; }
#kg-filters fieldset { border: 0; margin: 4px 0; padding: 0; }
#kg-filters legend { font-weight: 600; padding: 0; }
#kg-filters label { display: block; line-height: 1.6; }
#kg-filters label.kg-inline { display: inline; }
#kg-panel { position: fixed; top: 40px; right: 0; bottom: 0; width: 400px; z-index: 20; overflow: auto;
            background: #fff; border-left: 1px solid #bbb; box-shadow: -2px 0 6px rgba(0, 0, 0, 0.12);
            padding: 8px 12px; box-sizing: border-box; font-size: 13px; }
#kg-panel[hidden] { display: none; }
#kg-panel h2 { font-size: 15px; margin: 4px 28px 2px 0; overflow-wrap: anywhere; }
#kg-panel-close { position: absolute; top: 8px; right: 10px; }
#kg-panel-count { color: #555; }
#kg-panel-events { padding-left: 18px; }
.kg-event { margin: 10px 0; }
.kg-event-head { font-weight: 600; }
.kg-evidence { margin: 4px 0; padding-left: 8px; border-left: 3px solid #ddd; color: #222; }
.kg-event-article, .kg-event-speaker { color: #555; overflow-wrap: anywhere; }
.kg-event-title { font-style: italic; }
.kg-event-link { overflow-wrap: anywhere; }
#kg-search-form { display: inline; }
#kg-search-result { color: #555; font-size: 12px; }"""

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
.kg-tip { white-space: pre-wrap; font: 12px/1.4 system-ui, sans-serif; }
""" + PANEL_CSS

# The search form, the filters and the side panel, shared with the timeline page. `types`
# and `kinds` are rows {name, count}; a checkbox's value is the row's index in the data.
CONTROLS = """<details id="kg-filters"{{ ' open' if filters_open }}><summary>Filters</summary>
<fieldset><legend>Event types</legend>
{% for row in types %}<label><input type="checkbox" class="kg-type" value="{{ loop.index0 }}" data-name="{{ row.name }}" checked>{% if row.color is defined %} <span class="kg-swatch" style="background-color: {{ row.color }}"></span>{% endif %} {{ row.name }} ({{ row.count }})</label>
{% endfor %}</fieldset>
<fieldset><legend>Actor kinds</legend>
{% for row in kinds %}<label><input type="checkbox" class="kg-kind" value="{{ loop.index0 }}" data-name="{{ row.name }}" checked> {{ row.name }} ({{ row.count }})</label>
{% endfor %}</fieldset>
<fieldset><legend>Dates</legend>
<label>from <input type="date" id="kg-since" min="{{ first_date }}" max="{{ last_date }}"></label>
<label>to <input type="date" id="kg-until" min="{{ first_date }}" max="{{ last_date }}"></label>
<label><input type="checkbox" id="kg-undated" checked> undated events ({{ undated }})</label>
</fieldset>
<button type="button" id="kg-reset">Reset filters</button>
</details>
<aside id="kg-panel" hidden aria-live="polite">
<button type="button" id="kg-panel-close" aria-label="Close">&times;</button>
<h2 id="kg-panel-title"></h2>
<div id="kg-panel-count"></div>
<ol id="kg-panel-events"></ol>
</aside>
"""

SEARCH = """<form id="kg-search-form" role="search"><input id="kg-search" type="search" placeholder="Find an actor"
 aria-label="Find an actor"> <button type="submit">Find</button></form><span id="kg-search-result" role="status"></span>"""

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
<header><h1>{{ title }}</h1><span class="kg-summary">{{ summary }}</span>""" + SEARCH + """</header>
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
""" + CONTROLS + """<script type="application/json" id="kg-data">{{ data|tojson }}</script>
<script>{{ vis_js }}</script>
<script>{{ app_js }}</script>
</body>
</html>
"""


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
    kinds = Counter(_kind(G.nodes[n].get("kind")) for n in G)
    kind_rows: list[dict[str, Any]] = [{"name": kind, "count": kinds[kind]} for kind in KIND_COLORS if kinds[kind]]
    kind_index = {row["name"]: i for i, row in enumerate(kind_rows)}
    # pyvis assembles the vis-network node and edge records; its template is not used.
    net = Network(directed=True)
    positions = _positions(G) if large else {}
    for node in sorted(G.nodes):
        attrs = G.nodes[node]
        kind = _kind(attrs.get("kind"))
        keys = sorted({index[key] for *_, key in G.in_edges(node, keys=True)}
                      | {index[key] for *_, key in G.out_edges(node, keys=True)}
                      | set(table.by_node.get(node, ())))
        extra: dict[str, Any] = {}
        if node in positions:
            extra["x"], extra["y"] = positions[node]
        net.add_node(
            node,
            label=_escape(attrs["label"]),
            title=_escape(_node_tooltip(attrs, len(keys))),
            color=KIND_COLORS[kind],
            shape="box" if kind == "Policy" else "dot",
            size=round(10 + 4 * math.log2(1 + len(keys)), 1),
            events=keys,
            kind=kind_index[kind],
            aliases=[_escape(a) for a in attrs.get("aliases") or []],
            **extra,
        )
    for edge in _edges(G, index):
        net.add_edge(edge.pop("from"), edge.pop("to"), **edge)
    nodes, edges, *_ = net.get_network_data()
    scripts = {"vis_js": _vendored("vis-network.min.js"), "app_js": _APP_JS}
    legend = [
        {"kind": row["name"], "color": KIND_COLORS[row["name"]], "dot": row["name"] != "Policy", "count": row["count"]}
        for row in kind_rows
    ]
    summary = f"{len(nodes)} actors and policies, {len(edges)} edges, {len(records)} events"
    data = {"nodes": nodes, "edges": edges, "options": _options(large), "events": table.events, "types": table.types}
    page = _environment().from_string(_PAGE).render(
        title=title,
        summary=summary,
        legend=legend,
        data=data,
        csp=_csp(scripts.values()),
        vis_css=Markup(_vendored("vis-network.css")),
        page_css=Markup(_PAGE_CSS),
        filters_open=False,  # closed, the filters leave the drawing alone
        **table.controls(kind_rows),
        **{name: Markup(text) for name, text in scripts.items()},
    )
    return page, {"nodes": len(nodes), "edges": len(edges)}


@dataclass
class EventTable:
    """The events as the page's side panel shows them, every article string HTML-escaped.

    `events[i]` describes `records[i]`: type (an index into `types`), date (YYYY-MM-DD or
    None), status, trigger, agent, target, object and speaker (labels), evidence, article,
    sources, title and url (http(s) only, else None). `by_node` lists, for each agent id,
    the events it takes part in, so an event with neither target nor object is not lost.
    """

    events: list[dict[str, Any]]
    types: list[str]
    type_names: list[str]  # the same, unescaped, for the template (which escapes them)
    type_counts: list[int]
    by_node: dict[str, list[int]]

    def controls(self, kinds: list[dict[str, Any]]) -> dict[str, Any]:
        """The CONTROLS template's variables (the kind rows are the page's own)."""
        dates = sorted(e["date"] for e in self.events if e["date"])
        return {
            "types": [{"name": t, "count": c} for t, c in zip(self.type_names, self.type_counts)],
            "kinds": kinds,
            "first_date": dates[0] if dates else "",
            "last_date": dates[-1] if dates else "",
            "undated": sum(1 for e in self.events if not e["date"]),
        }


def event_table(records: list[Mapping[str, Any]]) -> EventTable:
    """The side panel's data for `records`, in their order (see `EventTable`)."""
    type_names = sorted({str(r.get("type") or "") for r in records})
    type_index = {name: i for i, name in enumerate(type_names)}
    counts = [0] * len(type_names)
    events = []
    by_node: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        t = type_index[str(r.get("type") or "")]
        counts[t] += 1
        for role in ("agent", "target", "object"):
            node = r.get(role)
            if isinstance(node, Mapping) and isinstance(node.get("id"), str):
                by_node[node["id"]].append(i)
        evidence = r.get("evidence")
        sources = [s for s in r.get("sources") or [] if isinstance(s, str)]
        events.append({
            "type": t,
            "date": r.get("date") if is_iso_date(r.get("date")) else None,
            "status": _escape(r.get("status") or "asserted"),
            "trigger": _escape_or_none(r.get("trigger")),
            "agent": _label_of(r.get("agent")),
            "target": _label_of(r.get("target")),
            "object": _label_of(r.get("object")),
            "speaker": _label_of(r.get("speaker")),
            "evidence": _escape(evidence.get("text") if isinstance(evidence, Mapping) else evidence or ""),
            "article": _escape(r.get("article") or ""),
            "sources": [_escape(s) for s in sources],
            "title": _escape_or_none(r.get("title")),
            "url": _escape(str(r["url"]).strip()) if _is_web_url(r.get("url")) else None,
        })
    return EventTable(events=events, types=[_escape(t) for t in type_names], type_names=type_names, type_counts=counts,
                      by_node=dict(by_node))


def _label_of(node: Any) -> str | None:
    if not isinstance(node, Mapping):
        return None
    return _escape(node.get("label") or node.get("id") or "")


def _escape_or_none(value: Any) -> str | None:
    return _escape(value) if isinstance(value, str) and value else None


def _kind(kind: Any) -> str:
    return kind if isinstance(kind, str) and kind in KIND_COLORS else "unknown"


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
            "label": _escape(label),
            "title": _escape(_edge_tooltip(event_type, [data for _, data in members])),
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
