"""A timeline of events (`kg timeline`): one row per actor or per type, one mark per day.

One offline HTML file, like the graph view (kg.views.network): the same event table, filters and
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
from kg.views.page import KIND_COLORS, csp, environment, escape, event_table, node_kind, script, styles

# Paul Tol's "muted" and "light" schemes: 18 colours, told apart with colour-vision deficiencies.
TYPE_COLORS = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
    "#77AADD",
    "#EE8866",
    "#EEDD88",
    "#FFAABB",
    "#99DDFF",
    "#44BB99",
    "#BBCC33",
    "#AAAA00",
    "#555555",
)
BY = ("actor", "type")
MIXED_COLOR = "#444444"  # a mark holding events of several types


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
    kinds = Counter(node_kind(k) for k in _actor_kinds(records).values())
    kind_rows: list[dict[str, Any]] = [{"name": k, "count": kinds[k]} for k in KIND_COLORS if kinds[k]]
    kind_index = {row["name"]: i for i, row in enumerate(kind_rows)}
    rows = _rows(records, table.events, table.types, by, kind_index)
    colors = [TYPE_COLORS[i % len(TYPE_COLORS)] for i in range(len(table.types))]
    undated = [i for i, e in enumerate(table.events) if not e["date"]]
    data = {
        "events": table.events,
        "types": table.types,
        "colors": colors,
        "rows": rows,
        "undated": undated,
        "agentKinds": [_agentkind(r, kind_index) for r in records],
        "mixed": MIXED_COLOR,
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
    app_js = script("timeline.js")
    page = (
        environment()
        .get_template("timeline.html")
        .render(
            title=title,
            summary=summary,
            data=data,
            csp=csp([app_js]),
            css=Markup(styles("timeline.css")),
            app_js=Markup(app_js),
            filters_open=True,
            mixed_color=MIXED_COLOR,
            undated_note=", listed apart",
            **controls,
        )
    )
    return page, counts


def _rows(
    records: list[Mapping[str, Any]],
    table: list[dict[str, Any]],
    types: list[str],
    by: str,
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
            keys = [
                (node["id"], escape(node.get("label") or node["id"]), kind_index[node_kind(node.get("kind"))])
                for node in _actors(r)
            ]
        for key, label, kind in keys:
            labels[key] = label
            row_kind[key] = kind
            marks[key][e["date"]].append(i)
    order = sorted(marks, key=lambda k: (-sum(len(v) for v in marks[k].values()), labels[k], k))
    return [
        {
            "label": labels[k],
            "kind": row_kind[k],
            "marks": [{"date": d, "events": marks[k][d]} for d in sorted(marks[k])],
        }
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


def _agentkind(record: Mapping[str, Any], kind_index: Mapping[str, int]) -> int | None:
    agent = record.get("agent")
    return kind_index.get(node_kind(agent.get("kind"))) if isinstance(agent, Mapping) else None
