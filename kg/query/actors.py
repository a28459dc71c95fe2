"""The actors graph as data: each actor's and policy's label, kind, aliases, Wikidata id,
relations, and the country the store links it to.

The flat exports (CSV, Parquet), the Neo4j folder and the FollowTheMoney entities describe
actors alike, so they read them here once. An actor's country is what the store says, never a
guess: a Country actor is its own country; another actor has the country reached by following
its relations in the actors graph (kg:partOf, kg:spokespersonOf, kg:presidentOf, kg:leaderOf,
kg:roleOf, kg:sponsoredBy, in that order of preference, at most five steps), as
`Gazetteer.country_of` does at extraction time. kg:memberOf is not followed: a state's
membership of NATO, or a person's of a hacking group, says nothing of whose the actor is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.rdf.ns import ACTORS_GRAPH, KG
from kg.store.base import StoreLike, declare_prefixes

_KG = str(KG._NS)
_KINDS = {"Country", "GovernmentBody", "Person", "Organization", "ThreatActor", "InternationalOrganization"}
RELATIONS = ("partOf", "memberOf", "sponsoredBy", "roleOf", "spokespersonOf", "presidentOf", "leaderOf")
COUNTRY_PATH = ("partOf", "spokespersonOf", "presidentOf", "leaderOf", "roleOf", "sponsoredBy")
_MAX_STEPS = 5

ACTORS_QUERY = f"""
SELECT ?s ?p ?o WHERE {{
  GRAPH <{ACTORS_GRAPH}> {{
    ?s ?p ?o .
    FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel, kg:kind, kg:wikidata,
                  {", ".join(f"kg:{r}" for r in RELATIONS)}))
  }}
}}
"""


@dataclass
class Described:
    """An actor or policy of the actors graph."""

    id: str
    label: str = ""
    kind: str = "Actor"  # an actor kind (docs/events.md), "Policy", or "Actor" when the store names none
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None  # a Wikidata id ("Q148"), only where the store links one
    relations: list[tuple[str, str]] = field(default_factory=list)  # (kg property name, other IRI), sorted
    country: str | None = None  # the IRI of the Country actor the store links this one to


def describe(store: StoreLike) -> dict[str, Described]:
    """Every actor and policy of the store's actors graph by IRI, with its country resolved."""
    nodes: dict[str, Described] = {}
    typed: set[str] = set()
    for s, p, o in store.query(declare_prefixes(ACTORS_QUERY)):
        node = nodes.setdefault(str(s), Described(str(s)))
        name = str(p).rsplit("#", 1)[-1]
        if name == "type":
            if str(o) == _KG + "Policy":
                node.kind = "Policy"
                typed.add(node.id)
            elif str(o).startswith(_KG) and (str(o)[len(_KG) :] in _KINDS or str(o) == _KG + "Actor"):
                typed.add(node.id)
        elif name == "label":
            node.label = str(o)
        elif name == "altLabel":
            if str(o) not in node.aliases:
                node.aliases.append(str(o))
        elif name == "kind":
            node.kind = str(o)
        elif name == "wikidata":
            node.wikidata = str(o).rsplit("/", 1)[-1]
        elif name in RELATIONS:
            node.relations.append((name, str(o)))
    described = {k: v for k, v in nodes.items() if k in typed and v.label}  # not the extractor's own node
    for node in described.values():
        node.aliases.sort()
        node.relations.sort()
    for node in described.values():
        node.country = country_of(node.id, described)
    return described


def country_of(iri: str, nodes: dict[str, Described]) -> str | None:
    """The IRI of the country `iri` belongs to or acts for, following the store's relations."""
    frontier = [iri]
    seen = {iri}
    for _ in range(_MAX_STEPS + 1):
        following: list[str] = []
        for current in frontier:
            node = nodes.get(current)
            if node is None:
                continue
            if node.kind == "Country":
                return node.id
            for relation in COUNTRY_PATH:  # preference order: a body's state before a sponsor
                following += [o for r, o in node.relations if r == relation and o not in seen]
        seen.update(following)
        frontier = following
        if not frontier:
            return None
    return None
