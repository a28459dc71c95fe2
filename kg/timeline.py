"""A timeline of events (`kg timeline`): one row per actor or per type, one mark per day.

One offline HTML file, like the graph view (kg/view.py): the same event table, filters and
side panel, every article string HTML-escaped in a JSON block and shown as text only, a
Content-Security-Policy that fetches nothing and runs only the page's own script. The page
draws its SVG itself; no library is inlined.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kg.errors import InputError
from kg.view import COMMON_JS, CONTROLS, KIND_COLORS, PANEL_CSS, _csp, _environment, _escape, _kind, event_table

# Paul Tol's "muted" and "light" schemes: 18 colours, told apart with colour-vision deficiencies.
TYPE_COLORS = (
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
    "#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00", "#555555",
)
BY = ("actor", "type")

_TIMELINE_JS = """(function () {
  "use strict";
""" + COMMON_JS + """
  var SVG = "http://www.w3.org/2000/svg", ROW = 22, LEFT = 210, TOP = 34, RIGHT = 24, DAY = 86400000;
  var chart = document.getElementById("kg-chart");
  data.rows.forEach(function (row) { row.text = decode(row.label); });
  function day(s) { return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / DAY; }
  function iso(n) { return new Date(n * DAY).toISOString().slice(0, 10); }
  function node(tag, attrs, text) {
    var element = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (key) { element.setAttribute(key, String(attrs[key])); });
    if (text !== undefined) { element.textContent = text; }
    return element;
  }
  function draw() {
    var pass = eventFilter(), kinds = checked("kg-kind"), rows = [], shown = {}, nMarks = 0, low = null, high = null;
    data.rows.forEach(function (row) {
      if (row.kind !== null && !kinds[row.kind]) { return; }
      var marks = [];
      row.marks.forEach(function (mark) {
        var events = mark.events.filter(function (i) {
          return pass(i) && (data.agentKinds[i] === null || row.kind !== null || kinds[data.agentKinds[i]]);
        });
        if (!events.length) { return; }
        marks.push({date: mark.date, events: events});
        events.forEach(function (i) { shown[i] = true; });
        low = low === null || mark.date < low ? mark.date : low;
        high = high === null || mark.date > high ? mark.date : high;
      });
      if (marks.length) { rows.push({text: row.text, marks: marks}); nMarks += marks.length; }
    });
    if (since.value) { low = since.value; }
    if (until.value) { high = until.value; }
    var width = Math.max(chart.clientWidth, 640), height = TOP + ROW * rows.length + 10;
    var svg = node("svg", {width: width, height: height, role: "img", "aria-label": "events over time"});
    if (rows.length) {
      var start = day(low) - 1, span = Math.max(day(high) + 1 - start, 2);
      var x = function (d) { return LEFT + (width - LEFT - RIGHT) * (day(d) - start) / span; };
      for (var t = 0; t <= 6; t += 1) {
        var tick = iso(Math.round(start + span * t / 6)), tx = x(tick);
        svg.appendChild(node("line", {x1: tx, x2: tx, y1: TOP - 6, y2: height, "class": "kg-grid"}));
        svg.appendChild(node("text", {x: tx, y: TOP - 12, "text-anchor": t === 6 ? "end" : "middle", "class": "kg-tick"},
                             tick));
      }
      rows.forEach(function (row, r) {
        var y = TOP + ROW * r + ROW / 2;
        svg.appendChild(node("line", {x1: LEFT, x2: width - RIGHT, y1: y, y2: y, "class": "kg-row-line"}));
        var label = node("text", {x: LEFT - 8, y: y + 4, "text-anchor": "end", "class": "kg-row-label"},
                         row.text.length > 30 ? row.text.slice(0, 29) + "\\u2026" : row.text);
        label.appendChild(node("title", {}, row.text));
        svg.appendChild(label);
        row.marks.forEach(function (mark) {
          var first = data.events[mark.events[0]].type;
          var mixed = mark.events.some(function (i) { return data.events[i].type !== first; });
          var dot = node("circle", {cx: x(mark.date), cy: y, r: Math.min(4 + 2 * Math.sqrt(mark.events.length - 1), 10),
                                    fill: mixed ? "#444444" : data.colors[first], "class": "kg-mark"});
          dot.appendChild(node("title", {}, row.text + ", " + mark.date + ": " + mark.events.length +
                               (mark.events.length === 1 ? " event" : " events")));
          dot.addEventListener("click", function () { showPanel(row.text + " \\u00b7 " + mark.date, mark.events); });
          svg.appendChild(dot);
        });
      });
    } else {
      svg.appendChild(node("text", {x: 20, y: TOP, "class": "kg-tick"}, "no dated events pass the filters"));
    }
    chart.replaceChildren(svg);
    setCounts({rows: rows.length, marks: nMarks, events: Object.keys(shown).length});
  }
  onFilters(draw);
  window.addEventListener("hashchange", function () { filtersFrom(fragment()); draw(); });
  filtersFrom(fragment());
  document.getElementById("kg-undated-list").addEventListener("click", function () {
    showPanel("Events without a date", data.undated);
  });
  window.addEventListener("resize", draw);
  draw();
  document.body.dataset.ready = "1";
})();"""

_CSS = """html, body { margin: 0; font-family: system-ui, sans-serif; }
header { height: 40px; box-sizing: border-box; display: flex; align-items: baseline; gap: 1em;
         padding: 0 12px; border-bottom: 1px solid #ddd; overflow: hidden; white-space: nowrap; }
header h1 { font-size: 18px; margin: 8px 0; }
.kg-summary { color: #555; font-size: 13px; }
main { margin-left: 290px; padding: 8px 12px; }
#kg-chart { width: 100%; overflow-x: auto; }
#kg-filters { top: 52px; }
.kg-swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 50%; }
.kg-tick { font-size: 11px; fill: #555; }
.kg-grid { stroke: #eee; }
.kg-row-line { stroke: #f2f2f2; }
.kg-row-label { font-size: 12px; fill: #222; }
.kg-mark { stroke: #fff; stroke-width: 1; cursor: pointer; }
.kg-mark:hover { stroke: #000; }
""" + PANEL_CSS

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>{{ css }}</style>
</head>
<body>
<header><h1>{{ title }}</h1><span class="kg-summary">{{ summary }}</span>
<button type="button" id="kg-undated-list">list the {{ undated }} undated events</button></header>
<main><div id="kg-chart"></div></main>
""" + CONTROLS + """<script type="application/json" id="kg-data">{{ data|tojson }}</script>
<script>{{ app_js }}</script>
</body>
</html>
"""


def render_timeline(
    events: Iterable[Mapping[str, Any]], path: Path, title: str = "kg: timeline", by: str = "actor"
) -> dict[str, int]:
    """Write the timeline of `events` to `path`; return {"rows", "marks", "events", "undated"}.

    `by="actor"` gives one row per agent or target (an event shows in both rows), rows
    ordered by number of events; `by="type"` one row per event type. A mark is one row's
    events of one day; clicking it lists them in the side panel. Events without a date are
    counted and listed apart.

    >>> render_timeline(events, Path("exports/timeline.html"), by="type")  # doctest: +SKIP
    {'rows': 14, 'marks': 40, 'events': 58, 'undated': 37}
    """
    page, counts = timeline_page(events, title, by)
    Path(path).write_bytes(page.encode("utf-8"))
    return counts


def timeline_page(
    events: Iterable[Mapping[str, Any]], title: str = "kg: timeline", by: str = "actor"
) -> tuple[str, dict[str, int]]:
    """The page `render_timeline` writes, as a string, with its counts."""
    if by not in BY:
        raise InputError(f"cannot draw a timeline by {by!r}; choose from: {', '.join(BY)}")
    records = list(events)
    table = event_table(records)
    kinds = Counter(_kind(k) for k in _actor_kinds(records).values())
    kind_rows: list[dict[str, Any]] = [{"name": k, "count": kinds[k]} for k in KIND_COLORS if kinds[k]]
    kind_index = {row["name"]: i for i, row in enumerate(kind_rows)}
    rows = _rows(records, table.events, table.types, by, kind_index)
    colors = [TYPE_COLORS[i % len(TYPE_COLORS)] for i in range(len(table.types))]
    undated = [i for i, e in enumerate(table.events) if not e["date"]]
    data = {
        "events": table.events, "types": table.types, "colors": colors, "rows": rows, "undated": undated,
        "agentKinds": [_agent_kind(r, kind_index) for r in records],
    }
    controls = table.controls(kind_rows)
    for row, color in zip(controls["types"], colors):
        row["color"] = color
    counts = {
        "rows": len(rows),
        "marks": sum(len(row["marks"]) for row in rows),
        "events": len(records) - len(undated),
        "undated": len(undated),
    }
    summary = f"{counts['events']} dated events in {counts['rows']} rows, by {by}"
    page = _environment().from_string(_PAGE).render(
        title=title, summary=summary, data=data, csp=_csp([_TIMELINE_JS]), css=Markup(_CSS),
        app_js=Markup(_TIMELINE_JS), filters_open=True, **controls,
    )
    return page, counts


def _rows(
    records: list[Mapping[str, Any]], table: list[dict[str, Any]], types: list[str], by: str,
    kind_index: Mapping[str, int],
) -> list[dict[str, Any]]:
    """Rows {label, kind, marks: [{date, events}]}, busiest first, then by label."""
    marks: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    labels: dict[str, str] = {}
    row_kind: dict[str, int | None] = {}
    for i, (r, e) in enumerate(zip(records, table)):
        if not e["date"]:
            continue
        keys: list[tuple[str, str, int | None]]
        if by == "type":
            keys = [(str(e["type"]), types[e["type"]], None)]
        else:
            keys = [(node["id"], _escape(node.get("label") or node["id"]), kind_index[_kind(node.get("kind"))])
                    for node in _actors(r)]
        for key, label, kind in keys:
            labels[key] = label
            row_kind[key] = kind
            marks[key][e["date"]].append(i)
    order = sorted(marks, key=lambda k: (-sum(len(v) for v in marks[k].values()), labels[k], k))
    return [
        {"label": labels[k], "kind": row_kind[k],
         "marks": [{"date": d, "events": marks[k][d]} for d in sorted(marks[k])]}
        for k in order
    ]


def _actors(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The agent and the target of an event (once if they are the same actor)."""
    found: dict[str, Mapping[str, Any]] = {}
    for role in ("agent", "target"):
        node = record.get(role)
        if isinstance(node, Mapping) and isinstance(node.get("id"), str):
            found.setdefault(node["id"], node)
    return list(found.values())


def _actor_kinds(records: list[Mapping[str, Any]]) -> dict[str, Any]:
    return {node["id"]: node.get("kind") for r in records for node in _actors(r)}


def _agent_kind(record: Mapping[str, Any], kind_index: Mapping[str, int]) -> int | None:
    agent = record.get("agent")
    return kind_index.get(_kind(agent.get("kind"))) if isinstance(agent, Mapping) else None
