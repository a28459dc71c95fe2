"""Events to RDF under the ontology in ontology/kg.ttl: deterministic IRIs, one graph per article.

Every event is a node (type, agent, target, object, date, status, evidence, sources) plus the
direct triple agent -> predicate -> target/object, so "who sanctioned whom" is one line of
SPARQL. The event-type table (codes, CAMEO, PLOVER, direct predicate) is read from the
ontology, not written here.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.namespace import PROV

from kg.model import Actor, Article, Event
from kg.rdf.iris import EXTRACTOR, actor_iri, article_iri, event_iri, evidence_iri, policy_iri
from kg.rdf.ns import ATTACK_GROUPS, KG, OA, SCHEMA, SEM, WD
from kg.rdf.ontology import event_types
from kg.version import __version__

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def article_triples(article: Article, events: list[Event], extractor: URIRef = EXTRACTOR) -> list[Triple]:
    """The statements of one article's named graph: the article, its events and evidence."""
    a = article_iri(article.id)
    out: list[Triple] = [
        (a, RDF.type, KG.Article),
        (a, KG.articleId, Literal(article.id)),
        (a, KG.contentHash, Literal(article.hash)),
        (a, PROV.wasAttributedTo, extractor),
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
            # kg:Event as well as the type, so `?e a kg:Event` finds every event in any store,
            # with or without the ontology and without subclass reasoning
            (e, RDF.type, KG.Event),
            (e, RDF.type, etype.cls),
            (e, KG.agent, agent),
            (e, KG.status, KG[event.status]),
            (e, KG.trigger, Literal(event.trigger)),
            (e, KG.confidence, Literal(Decimal(str(event.confidence)), datatype=XSD.decimal)),
            (e, KG.evidence, ev),
            (e, PROV.wasDerivedFrom, a),
            (e, PROV.wasAttributedTo, extractor),
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


def description_triples(events: list[Event], extractor: URIRef = EXTRACTOR) -> list[Triple]:
    """Actor and policy descriptions for the shared graph: kinds, labels, aliases, relations."""
    out: list[Triple] = [
        (extractor, RDF.type, KG.Extractor),
        (extractor, RDFS.label, Literal(f"kg {__version__}")),
        (extractor, SCHEMA.softwareVersion, Literal(__version__)),
    ]
    seen: set[URIRef] = set()
    for event in events:
        for actor in (event.agent, event.target, event.speaker):
            if actor is not None and actor_iri(actor) not in seen:
                seen.add(actor_iri(actor))
                out += _actor_triples(actor)
        if event.object is not None:
            p = policy_iri(event.object)
            out += [(p, RDF.type, KG.Policy), (p, RDFS.label, Literal(event.object.label))]
            out += [(p, SKOS.altLabel, Literal(alias)) for alias in event.object.aliases]
    return out


def _actor_triples(actor: Actor) -> list[Triple]:
    a = actor_iri(actor)
    out: list[Triple] = [
        (a, RDF.type, KG[actor.kind] if actor.kind in _KINDS else KG.Actor),
        (a, RDFS.label, Literal(actor.label)),
        (a, KG.kind, Literal(actor.kind)),
    ]
    out += [(a, SKOS.altLabel, Literal(alias)) for alias in actor.aliases]
    # each link also as plain skos:exactMatch, for tools that know SKOS and not kg's subproperties
    if actor.wikidata:
        out += [(a, KG.wikidata, WD[actor.wikidata]), (a, SKOS.exactMatch, WD[actor.wikidata])]
    if actor.attack:
        group = URIRef(f"{ATTACK_GROUPS}{actor.attack}")
        out += [(a, KG.attackGroup, group), (a, SKOS.exactMatch, group)]
    for relation, other_label, other_kind in actor.relations:
        prop = _RELATIONS.get(relation)
        if prop is None:
            continue
        other = Actor(other_label, other_kind)
        o = actor_iri(other)
        out += [
            (a, prop, o),
            (o, RDF.type, KG[other_kind] if other_kind in _KINDS else KG.Actor),
            (o, RDFS.label, Literal(other_label)),
            (o, KG.kind, Literal(other_kind)),
        ]
    return out


_KINDS = {"Country", "GovernmentBody", "Person", "Organization", "ThreatActor", "InternationalOrganization"}
_RELATIONS = {
    "part_of": KG.partOf,
    "member_of": KG.memberOf,
    "sponsored_by": KG.sponsoredBy,
    "role_of": KG.roleOf,
    "spokesperson_of": KG.spokespersonOf,
    "president_of": KG.presidentOf,
    "leader_of": KG.leaderOf,
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
