"""`kg validate`: the store's data checked against ontology/shapes.ttl with pyshacl."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from kg.rdf.ontology import ontology, ontology_path
from kg.store.base import StoreLike


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: int
    text: str


def validate(store: StoreLike) -> Report:
    """Validate the union of all graphs (without inference: the shapes name every class)."""
    from pyshacl import validate as shacl

    data = Graph()
    for s, p, o, _ in store.quads():
        data.add((s, p, o))
    shapes = Graph().parse(ontology_path("shapes.ttl"), format="turtle")
    conforms, results, text = shacl(
        data, shacl_graph=shapes, ont_graph=ontology(), inference="none", advanced=True, allow_warnings=True
    )
    from rdflib.namespace import SH

    violations = len(set(results.subjects(predicate=SH.resultSeverity)))  # type: ignore[union-attr]
    return Report(bool(conforms), violations, str(text))
