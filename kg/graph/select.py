"""Which events a view shows: a pure selection over event records (`kg view --actor ...`).

Every view command (`kg view`, `kg timeline`, `kg stats`, ...) narrows the store's events
the same way: by type, by date, by number of sources, to the ego network of one actor, and
to the most connected nodes. `select` keeps the records and says what it dropped and why, so
a command can tell the analyst that the picture is partial.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeGuard

import networkx as nx

from kg.errors import InputError
from kg.graph.build import actor_graph
from kg.query.records import is_iso_date

Record = Mapping[str, Any]
ENDPOINTS = ("agent", "target", "object")


@dataclass(frozen=True)
class Selection:
    """The records kept, in input order, and the count dropped by each filter.

    `dropped` maps a reason ("type", "date", "sources", "actor", "max-nodes") to the number
    of events it removed, in the order the filters ran; `nodes_dropped` counts the nodes
    `max_nodes` removed.
    """

    records: list[dict[str, Any]]
    total: int
    dropped: dict[str, int] = field(default_factory=dict)
    nodes_dropped: int = 0
    focus: tuple[str, ...] = ()

    def summary(self) -> str:
        """One line for stderr: "kept 12 of 95 events; dropped 80 (type), 3 (max-nodes: 4 nodes)"."""
        text = f"kept {len(self.records)} of {self.total} events"
        parts = []
        for reason, count in self.dropped.items():
            if reason == "max-nodes" and (count or self.nodes_dropped):
                parts.append(f"{count} (max-nodes: {self.nodes_dropped} nodes)")
            elif count:
                parts.append(f"{count} ({reason})")
        return text + ("; dropped " + ", ".join(parts) if parts else "")


def select(
    records: Iterable[Record],
    actor: str | None = None,
    hops: int = 1,
    types: Sequence[str] = (),
    since: str | date | None = None,
    until: str | date | None = None,
    min_sources: int = 1,
    max_nodes: int | None = None,
    known_types: Iterable[str] | None = None,
    min_confidence: float = 0.0,
    article: str | None = None,
) -> Selection:
    """Keep the events that pass every filter; raise `InputError` for an unknown actor or type.

    Filters run in this order: `types` (case-insensitive codes), `since`/`until` (inclusive
    YYYY-MM-DD; an event without a date is dropped once either is set), `min_sources`,
    `min_confidence`, `article` (one of the event's sources), `actor` (label or alias, case-insensitive: the events among the actors within `hops` of
    it in the actor graph, plus their events about policies), then `max_nodes` (the most
    connected actors and policies; an event is kept only if all its nodes are).
    `known_types` defaults to the ontology's event types.

    >>> select(records, actor="china", hops=1, types=["SANCTION"]).summary()  # doctest: +SKIP
    'kept 3 of 95 events; dropped 80 (type), 12 (actor)'
    """
    items = [dict(r) for r in records]
    total = len(items)
    dropped: dict[str, int] = {}
    focus: tuple[str, ...] = ()

    def keep(reason: str, kept: list[dict[str, Any]]) -> list[dict[str, Any]]:
        dropped[reason] = dropped.get(reason, 0) + len(current) - len(kept)
        return kept

    current = items
    if types:
        wanted = _check_types(types, known_types)
        current = keep("type", [r for r in current if str(r.get("type") or "").upper() in wanted])
    if since is not None or until is not None:
        low, high = _day(since, "since"), _day(until, "until")
        current = keep("date", [r for r in current if _in_range(r.get("date"), low, high)])
    if min_sources > 1:
        current = keep("sources", [r for r in current if len(_sources(r)) >= min_sources])
    if min_confidence > 0:
        current = keep("confidence", [r for r in current if float(r.get("confidence") or 0) >= min_confidence])
    if article is not None:
        current = keep("article", [r for r in current if article in _sources(r)])
    if actor is not None:
        focus = find_actors(items, actor)
        ego = ego_actors(current, focus, hops)
        current = keep("actor", [r for r in current if _within(r, ego)])
    nodes_dropped = 0
    if max_nodes is not None:
        current, nodes_dropped = _most_connected(current, max_nodes, pinned=focus)
        dropped["max-nodes"] = (total - sum(dropped.values())) - len(current)
    return Selection(records=current, total=total, dropped=dropped, nodes_dropped=nodes_dropped, focus=focus)


def actors_of(records: Iterable[Record]) -> dict[str, dict[str, Any]]:
    """Every agent and target of `records` by id (the first description seen of each)."""
    actors: dict[str, dict[str, Any]] = {}
    for r in records:
        for role in ("agent", "target"):
            node = r.get(role)
            if isinstance(node, Mapping) and isinstance(node.get("id"), str):
                actors.setdefault(node["id"], dict(node))
    return actors


def find_actors(records: Iterable[Record], name: str) -> tuple[str, ...]:
    """Ids of the actors whose label (else an alias) is `name`, case-insensitively.

    >>> find_actors(records, "chna")  # doctest: +SKIP
    kg.errors.InputError: no actor 'chna'; did you mean: China, Chile?
    """
    actors = actors_of(records)
    key = name.strip().casefold()
    by_label = [i for i, a in actors.items() if str(a.get("label") or "").casefold() == key]
    if by_label:
        return tuple(sorted(by_label))
    by_alias = [i for i, a in actors.items() if key in {str(x).casefold() for x in a.get("aliases") or []}]
    if by_alias:
        return tuple(sorted(by_alias))
    names: dict[str, str] = {}  # a folded name or alias -> the label to suggest
    for a in sorted(actors.values(), key=lambda a: str(a.get("label"))):
        label = str(a.get("label") or a["id"])
        for n in [label, *(str(x) for x in a.get("aliases") or [])]:
            names.setdefault(n.casefold(), label)
    close = difflib.get_close_matches(key, list(names), n=8, cutoff=0.6)
    suggestions = list(dict.fromkeys(names[c] for c in close))[:5]
    if suggestions:
        raise InputError(f"no actor {name!r}; did you mean: {', '.join(suggestions)}?")
    raise InputError(f"no actor {name!r}", hint="`kg rank` lists the actors")


def ego_actors(records: Iterable[Record], focus: Iterable[str], hops: int) -> set[str]:
    """The actors within `hops` of any of `focus` in the actor graph of `records`."""
    if hops < 0:
        raise InputError(f"hops must be 0 or more, not {hops}", param="hops")
    G = actor_graph(records)
    ego = set()
    for node in focus:
        if node in G:
            ego |= set(nx.single_source_shortest_path_length(G, node, cutoff=hops))
        else:
            ego.add(node)
    return ego


def endpoint_ids(record: Record) -> list[str]:
    """The ids of the agent, target and object of an event, those it has."""
    return [node["id"] for role in ENDPOINTS if _has_id(node := record.get(role))]


def _check_types(types: Sequence[str], known_types: Iterable[str] | None) -> set[str]:
    if known_types is None:
        from kg.rdf.ontology import event_types

        known_types = event_types()
    known = sorted({t.upper() for t in known_types})
    wanted = set()
    for t in types:
        code = t.strip().upper()
        if code not in known:
            close = difflib.get_close_matches(code, known, n=3, cutoff=0.6)
            hint = f"did you mean: {', '.join(close)}?" if close else f"choose from: {', '.join(known)}"
            raise InputError(f"no event type {t!r}; {hint}")
        wanted.add(code)
    return wanted


def _day(value: str | date | None, option: str) -> str | None:
    if value is None or isinstance(value, date):
        return value.isoformat() if value is not None else None
    if not is_iso_date(value):
        raise InputError(
            f"{option} {value!r} is not a date; write it as YYYY-MM-DD, for example 2015-04-02", param=option
        )
    return value


def _in_range(value: Any, low: str | None, high: str | None) -> bool:
    if not is_iso_date(value):
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def _sources(record: Record) -> set[str]:
    sources = {s for s in record.get("sources") or [] if isinstance(s, str)}
    article = record.get("article")
    if isinstance(article, str):
        sources.add(article)
    return sources


def _within(record: Record, ego: set[str]) -> bool:
    agent, target = record.get("agent"), record.get("target")
    if not _has_id(agent) or agent["id"] not in ego:
        return False
    return not _has_id(target) or target["id"] in ego


def _most_connected(
    records: list[dict[str, Any]], max_nodes: int, pinned: Iterable[str] = ()
) -> tuple[list[dict[str, Any]], int]:
    """The events among at most `max_nodes` of the most connected nodes, and how many nodes went.

    Nodes are taken by number of events, ties to the smaller id, `pinned` ones (the focus
    actor) first. An event is kept once all its nodes are taken; a node whose taking would
    bring in more nodes than there is room for is passed over, so the picture fills up to
    `max_nodes` instead of stopping at the first few hubs.
    """
    if max_nodes < 1:
        raise InputError(f"max_nodes must be 1 or more, not {max_nodes}", param="max_nodes")
    ends = [set(endpoint_ids(r)) for r in records]
    events_of: dict[str, list[int]] = {}
    for i, nodes in enumerate(ends):
        for node in nodes:
            events_of.setdefault(node, []).append(i)
    pins = [p for p in dict.fromkeys(pinned) if p in events_of]
    ranked = pins + sorted((n for n in events_of if n not in pins), key=lambda n: (-len(events_of[n]), n))
    missing = [len(nodes) for nodes in ends]  # nodes of each event not yet taken
    present: set[str] = set()  # nodes of the events kept so far
    for node in ranked:
        if len(present) >= max_nodes:
            break
        completed = [i for i in events_of[node] if missing[i] == 1]
        new = set().union(*(ends[i] for i in completed)) - present
        if len(present) + len(new) > max_nodes:
            continue
        for i in events_of[node]:
            missing[i] -= 1
        present |= new
    result = [r for r, m in zip(records, missing) if m == 0]
    return result, len(events_of) - len(present)


def _has_id(node: Any) -> TypeGuard[Mapping[str, Any]]:
    return isinstance(node, Mapping) and isinstance(node.get("id"), str) and bool(node["id"])
