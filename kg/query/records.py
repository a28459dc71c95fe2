"""The read side of events: the store's events as typed event records (`kg events`, docs/events.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, TypedDict, cast

from kg.model import NodeKind, Status
from kg.rdf.ontology import event_types
from kg.store.base import StoreLike

_PREFIXES = """PREFIX kg: <https://w3id.org/kg-cyber/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
"""

EVENTS_QUERY = (
    _PREFIXES
    + """
SELECT ?e ?cls ?status ?trigger ?agent ?target ?object ?date ?speaker ?exact ?start ?end ?conf ?aid ?title ?url
WHERE {
  GRAPH ?g {
    ?e kg:agent ?agent ; a ?cls ; kg:status ?status ; kg:trigger ?trigger ; kg:evidence ?ev ;
       prov:wasDerivedFrom ?article .
    FILTER(?cls != kg:Event)
    ?ev kg:exact ?exact ; kg:start ?start ; kg:end ?end .
    ?article kg:articleId ?aid .
    OPTIONAL { ?article schema:headline ?title }
    OPTIONAL { ?article schema:url ?url }
    OPTIONAL { ?e kg:target ?target }
    OPTIONAL { ?e kg:object ?object }
    OPTIONAL { ?e kg:date ?date }
    OPTIONAL { ?e kg:speaker ?speaker }
    OPTIONAL { ?e kg:confidence ?conf }
  }
}
"""
)

NODES_QUERY = (
    _PREFIXES
    + """
SELECT DISTINCT ?n ?label ?kind ?alias WHERE {
  GRAPH <https://w3id.org/kg-cyber/id/graph/actors> {
    ?n rdfs:label ?label .
    OPTIONAL { ?n kg:kind ?kind }
    OPTIONAL { ?n skos:altLabel ?alias }
  }
}
"""
)


class Node(TypedDict):
    """An actor or policy of an event record."""

    id: str
    label: str
    aliases: list[str]
    kind: NodeKind


class EvidenceRecord(TypedDict):
    text: str
    start: int
    end: int


class EventRecord(TypedDict):
    """One event as `kg events --format jsonl` prints it (docs/events.md), plus the article's
    `title` and `url` (which `contract` leaves out)."""

    id: str
    article: str
    type: str
    cameo: str | None
    plover: str | None
    status: Status
    trigger: str
    agent: Node
    target: Node | None
    object: Node | None
    date: str | None
    speaker: Node | None
    evidence: EvidenceRecord
    sources: list[str]
    confidence: float | None
    title: str | None
    url: str | None


# An event record, or any mapping of that shape (read from a JSON file): what the graph
# builders, selections and views take; they check every field they read.
Record = Mapping[str, Any]
CONTRACT_KEYS = (
    "id",
    "article",
    "type",
    "cameo",
    "plover",
    "status",
    "trigger",
    "agent",
    "target",
    "object",
    "date",
    "speaker",
    "evidence",
    "sources",
    "confidence",
)


def event_records(store: StoreLike) -> list[EventRecord]:
    """Every event of the store as a record in the `kg events --format jsonl` shape, sorted."""
    by_class = {str(t.cls): t for t in event_types().values()}
    nodes = _nodes(store)
    records: dict[str, EventRecord] = {}
    # one event node may come from several articles: its evidence, trigger and speaker are those
    # of the earliest source (article id, then offset), whatever order the store returns rows in
    rows = sorted(store.query(EVENTS_QUERY), key=lambda r: (str(r[0]), str(r[13]), int(r[10]), str(r[3])))
    for row in rows:
        e, cls, status, trigger, agent, target, obj, when, speaker, exact, start, end, conf, aid, title, url = row
        etype = by_class.get(str(cls))
        if etype is None:
            continue
        key = str(e)
        if key in records:  # the same event from another article: one more source
            record = records[key]
            if str(aid) not in record["sources"]:
                record["sources"].append(str(aid))
                record["sources"].sort()
            if conf is not None and float(conf) > (record["confidence"] or 0):
                record["confidence"] = float(conf)
            continue
        records[key] = {
            "id": key,
            "article": str(aid),
            "type": etype.code,
            "cameo": etype.cameo,
            "plover": etype.plover,
            "status": cast(Status, str(status).rsplit("#", 1)[-1]),
            "trigger": str(trigger),
            "agent": nodes.get(str(agent)) or _bare(agent, "Actor"),
            "target": (nodes.get(str(target)) or _bare(target, "Actor")) if target is not None else None,
            "object": (nodes.get(str(obj)) or _bare(obj, "Policy")) if obj is not None else None,
            "date": str(when) if when is not None else None,
            "speaker": (nodes.get(str(speaker)) or _bare(speaker, "Actor")) if speaker is not None else None,
            "evidence": {"text": str(exact), "start": int(start), "end": int(end)},
            "sources": [str(aid)],
            "confidence": float(conf) if conf is not None else None,
            "title": str(title) if title is not None else None,
            "url": str(url) if url is not None else None,
        }
    return sorted(records.values(), key=lambda r: (r["article"], r["evidence"]["start"], r["type"], r["id"]))


def contract(record: Record) -> dict[str, Any]:
    """A record reduced to exactly the keys of docs/events.md, in their order."""
    return {k: record.get(k) for k in CONTRACT_KEYS}


def _nodes(store: StoreLike) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    for n, label, kind, alias in store.query(NODES_QUERY):
        node = nodes.setdefault(
            str(n),
            {
                "id": str(n),
                "label": str(label),
                "aliases": [],
                "kind": cast(NodeKind, str(kind) if kind is not None else "Policy"),
            },
        )
        if alias is not None and str(alias) not in node["aliases"]:
            node["aliases"].append(str(alias))
    for node in nodes.values():
        node["aliases"].sort()
    return nodes


def _bare(iri: Any, kind: NodeKind) -> Node:
    return {"id": str(iri), "label": str(iri).rsplit("/", 1)[-1], "aliases": [], "kind": kind}


def table_rows(records: Iterable[EventRecord]) -> list[list[str]]:
    """Rows for the readable table of `kg events`."""
    rows = []
    for r in records:
        rows.append(
            [
                r["date"] or "",
                r["type"],
                r["agent"]["label"],
                r["trigger"],
                r["target"]["label"] if r["target"] else "",
                r["object"]["label"] if r["object"] else "",
                r["status"] if r["status"] != "asserted" else "",
                r["article"],
            ]
        )
    return rows


def is_iso_date(value: Any) -> bool:
    """True for a `YYYY-MM-DD` string that is a real day."""
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
