"""The ontology (ontology/kg.ttl) as data: its graph, and the event types with their codes.

The event-type table (code, CAMEO, PLOVER, label, direct predicate) is read from the
ontology, never written in Python: a new type is a few lines of Turtle.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, Graph, URIRef

from kg.paths import ONTOLOGY
from kg.rdf.ns import KG


@dataclass(frozen=True)
class EventType:
    code: str  # "DISAPPROVE"
    cls: URIRef  # kg:Disapprove
    cameo: str | None
    plover: str | None
    label: str
    predicate: URIRef  # kg:disapproves


def ontology_path(name: str = "kg.ttl") -> Path:
    return ONTOLOGY / name


@lru_cache(maxsize=1)
def ontology() -> Graph:
    g = Graph()
    g.parse(ontology_path("kg.ttl"), format="turtle")
    return g


@lru_cache(maxsize=1)
def event_types() -> dict[str, EventType]:
    """The event types of the ontology by code ('DISAPPROVE' -> EventType)."""
    g = ontology()
    types = {}
    for cls in g.subjects(RDF.type, KG.EventType):
        code = str(g.value(cls, KG.code))
        cameo, plover = g.value(cls, KG.cameo), g.value(cls, KG.plover)
        types[code] = EventType(
            code=code,
            cls=URIRef(str(cls)),
            cameo=str(cameo) if cameo else None,
            plover=str(plover) if plover else None,
            label=str(g.value(cls, RDFS.label)),
            predicate=URIRef(g.value(cls, KG.directPredicate)),  # type: ignore[arg-type]
        )
    return types
