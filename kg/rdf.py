"""Events to RDF under the ontology in ontology/kg.ttl: deterministic IRIs, one graph per article.

Every event is a node (type, agent, target, object, date, status, evidence, sources) plus the
direct triple agent -> predicate -> target/object, so "who sanctioned whom" is one line of
SPARQL. The event-type table (codes, CAMEO, PLOVER, direct predicate) is read from the
ontology, not written here (STYLE.md 4).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg import __version__
from kg.cleaning import DATA
from kg.model import Actor, Article, Event, Policy
from kg.ns import ACTORS_GRAPH, ID, KG, OA, SCHEMA, SEM, WD

ONTOLOGY_DIR = DATA.parent / "ontology"
EXTRACTOR = ID[f"extractor/kg-{__version__}"]
Triple = tuple[URIRef, URIRef, URIRef | Literal]


@dataclass(frozen=True)
class EventType:
    code: str  # "DISAPPROVE"
    cls: URIRef  # kg:Disapprove
    cameo: str | None
    plover: str | None
    label: str
    predicate: URIRef  # kg:disapproves


def ontology_path(name: str = "kg.ttl") -> Path:
    return ONTOLOGY_DIR / name


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
            code=code, cls=URIRef(str(cls)), cameo=str(cameo) if cameo else None, plover=str(plover) if plover else None,
            label=str(g.value(cls, RDFS.label)), predicate=URIRef(g.value(cls, KG.directPredicate)),  # type: ignore[arg-type]
        )
    return types


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:20]


def _name_slug(label: str) -> str:
    """A slug that tells labels apart: case is kept ('Executive Order' and 'executive order'
    are two labels, so two nodes, each with exactly one rdfs:label), and a label whose
    punctuation the slug drops ('Co.' beside 'Co') gets a short hash of its exact text."""
    slug = re.sub(r"[^\w]+", "-", label).strip("-")[:80]
    if not slug or slug.replace("-", " ") != label:
        slug = f"{slug}-{hashlib.sha1(label.encode('utf-8')).hexdigest()[:8]}".strip("-")
    return slug


def actor_iri(actor: Actor) -> URIRef:
    """Actors are keyed by canonical label, so the same actor in two articles is one node."""
    return ID[f"actor/{_name_slug(actor.label)}"]


def policy_iri(policy: Policy) -> URIRef:
    return ID[f"policy/{_name_slug(policy.label)}"]


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{_digest(article_id)}"]


def graph_iri(article_id: str) -> URIRef:
    """The named graph of one article: keyed by its id, so changed content replaces it."""
    return ID[f"graph/article/{_digest(article_id)}"]


def event_iri(event: Event) -> URIRef:
    """A dated event is keyed by what happened (type, agent, target, object, day, status), so the
    same event reported by several articles is one node with all its sources and evidence; an
    undated one cannot be told apart from another like it and stays with its sentence."""
    target = event.target.label if event.target else ""
    obj = re.sub(r"\W+", " ", event.object.label.casefold()).strip() if event.object else ""
    if event.date is not None:
        return ID["event/" + _digest("dated", event.type, event.agent.label, target, obj, event.date.isoformat(), event.status)]
    return ID["event/" + _digest(event.article_id, event.evidence.start, event.evidence.end, event.type,
                                 event.agent.label, target, obj)]


def evidence_iri(event: Event) -> URIRef:
    return URIRef(f"{event_iri(event)}/evidence/{_digest(event.article_id, event.evidence.start, event.evidence.end)}")


def article_triples(article: Article, events: list[Event]) -> list[Triple]:
    """The statements of one article's named graph: the article, its events and evidence."""
    a = article_iri(article.id)
    out: list[Triple] = [
        (a, RDF.type, KG.Article),
        (a, KG.articleId, Literal(article.id)),
        (a, KG.contentHash, Literal(article.hash)),
        (a, PROV.wasAttributedTo, EXTRACTOR),
    ]
    if article.title:
        out.append((a, SCHEMA.headline, Literal(article.title)))
    if article.published:
        out.append((a, SCHEMA.datePublished, Literal(article.published.isoformat(), datatype=XSD.date)))
    if article.url and re.match(r"https?://[^\s<>\"{}|\\^`]+$", article.url):
        out.append((a, SCHEMA.url, URIRef(article.url)))
    if article.source:
        out.append((a, KG.sourcePath, Literal(article.source)))
    types = event_types()
    for event in events:
        etype = types[event.type]
        e = event_iri(event)
        ev = evidence_iri(event)
        agent = actor_iri(event.agent)
        out += [
            (e, RDF.type, etype.cls),
            (e, KG.agent, agent),
            (e, KG.status, KG[event.status]),
            (e, KG.trigger, Literal(event.trigger)),
            (e, KG.confidence, Literal(Decimal(str(event.confidence)), datatype=XSD.decimal)),
            (e, KG.evidence, ev),
            (e, PROV.wasDerivedFrom, a),
            (e, PROV.wasAttributedTo, EXTRACTOR),
            (ev, RDF.type, KG.Evidence),
            (ev, KG.exact, Literal(event.evidence.text)),
            (ev, KG.start, Literal(event.evidence.start, datatype=XSD.integer)),
            (ev, KG.end, Literal(event.evidence.end, datatype=XSD.integer)),
            (ev, OA.hasSource, a),
        ]
        if event.target is not None:
            out += [(e, KG.target, actor_iri(event.target)), (agent, etype.predicate, actor_iri(event.target))]
        if event.object is not None:
            out += [(e, KG.object, policy_iri(event.object)), (agent, etype.predicate, policy_iri(event.object))]
        if event.date is not None:
            out.append((e, KG.date, Literal(event.date.isoformat(), datatype=XSD.date)))
        if event.speaker is not None:
            out += [(e, KG.speaker, actor_iri(event.speaker)), (e, SEM.accordingTo, actor_iri(event.speaker))]
    return out


def description_triples(events: list[Event], lookup: object = None) -> list[Triple]:
    """Actor and policy descriptions for the shared graph: kinds, labels, aliases, relations."""
    out: list[Triple] = [
        (EXTRACTOR, RDF.type, KG.Extractor),
        (EXTRACTOR, RDFS.label, Literal(f"kg {__version__}")),
        (EXTRACTOR, SCHEMA.softwareVersion, Literal(__version__)),
    ]
    seen: set[str] = set()
    for event in events:
        for actor in (event.agent, event.target, event.speaker):
            if actor is not None and actor.label not in seen:
                seen.add(actor.label)
                out += _actor_triples(actor)
        if event.object is not None:
            p = policy_iri(event.object)
            out += [(p, RDF.type, KG.Policy), (p, RDFS.label, Literal(event.object.label))]
            out += [(p, SKOS.altLabel, Literal(alias)) for alias in event.object.aliases]
    return out


def _actor_triples(actor: Actor) -> list[Triple]:
    a = actor_iri(actor)
    out: list[Triple] = [(a, RDF.type, KG[actor.kind] if actor.kind in _KINDS else KG.Actor),
                         (a, RDFS.label, Literal(actor.label)), (a, KG.kind, Literal(actor.kind))]
    out += [(a, SKOS.altLabel, Literal(alias)) for alias in actor.aliases]
    if actor.wikidata:
        out.append((a, KG.wikidata, WD[actor.wikidata]))
    for relation, other_label, other_kind in actor.relations:
        prop = _RELATIONS.get(relation)
        if prop is None:
            continue
        other = Actor(other_label, other_kind)
        o = actor_iri(other)
        out += [(a, prop, o), (o, RDF.type, KG[other_kind] if other_kind in _KINDS else KG.Actor),
                (o, RDFS.label, Literal(other_label)), (o, KG.kind, Literal(other_kind))]
    return out


_KINDS = {"Country", "GovernmentBody", "Person", "Organization", "ThreatActor", "InternationalOrganization"}
_RELATIONS = {
    "part_of": KG.partOf, "member_of": KG.memberOf, "sponsored_by": KG.sponsoredBy, "role_of": KG.roleOf,
    "spokesperson_of": KG.spokespersonOf, "president_of": KG.presidentOf, "leader_of": KG.leaderOf,
}


def nt(term: URIRef | Literal) -> str:
    """A term in N-Triples syntax: one line, escaped (rdflib's n3() may use triple quotes)."""
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return term.n3()


def to_nquads(triples: list[Triple], graph: URIRef) -> str:
    """N-Quads text of triples in one named graph (the bulk format of stores and servers)."""
    g = graph.n3()
    return "".join(f"{nt(s)} {nt(p)} {nt(o)} {g} .\n" for s, p, o in triples)


def to_ntriples(triples: list[Triple]) -> str:
    return "".join(f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in triples)


_ = ACTORS_GRAPH  # re-exported for the store
