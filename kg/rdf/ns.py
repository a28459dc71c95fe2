"""The one home of RDF names: a misspelt term raises instead of minting an IRI."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/kg-cyber/"
ID = Namespace(BASE + "id/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
ATTACK_GROUPS = "https://attack.mitre.org/groups/"  # + a MITRE ATT&CK group id: the group's page
FTM = Namespace("https://followthemoney.tech/ns#")

ACTORS_GRAPH = URIRef(BASE + "id/graph/actors")
ONTOLOGY_GRAPH = URIRef(BASE + "id/graph/ontology")


class KG(DefinedNamespace):
    """Terms of the kg ontology (ontology/kg.ttl)."""

    _fail = True
    _NS = Namespace(BASE + "ns#")

    # classes
    Event: URIRef
    EventType: URIRef  # metaclass of the event-type classes (see event_types)
    Actor: URIRef
    Country: URIRef
    GovernmentBody: URIRef
    Person: URIRef
    Organization: URIRef
    ThreatActor: URIRef
    InternationalOrganization: URIRef
    Policy: URIRef
    Article: URIRef
    Evidence: URIRef
    Status: URIRef
    Extractor: URIRef

    # status individuals
    asserted: URIRef
    negated: URIRef
    hypothetical: URIRef

    # annotations on event-type classes
    code: URIRef  # "DISAPPROVE"
    cameo: URIRef  # "111"
    plover: URIRef  # "ACCUSE"
    triggerExamples: URIRef
    directPredicate: URIRef

    # event properties
    agent: URIRef
    target: URIRef
    object: URIRef
    date: URIRef
    status: URIRef
    trigger: URIRef
    speaker: URIRef
    evidence: URIRef
    confidence: URIRef

    # evidence and article properties
    exact: URIRef
    start: URIRef
    end: URIRef
    articleId: URIRef
    contentHash: URIRef
    sourcePath: URIRef

    # actor properties and relations
    kind: URIRef
    wikidata: URIRef
    attackGroup: URIRef
    partOf: URIRef
    memberOf: URIRef
    sponsoredBy: URIRef
    roleOf: URIRef
    spokespersonOf: URIRef
    presidentOf: URIRef
    leaderOf: URIRef

    # The event-type classes (kg:Sanction ...) and their direct predicates (kg:sanctions ...)
    # are not listed here: they are data, read from ontology/kg.ttl by
    # kg.rdf.ontology.event_types(), so a new type needs no Python.
    actsOn: URIRef

    # the order index of the saved queries (kg.store.index), in the actors graph
    index: URIRef  # the index itself: kg:index kg:version "1"; kg:stale true until rebuilt
    version: URIRef
    stale: URIRef
    onDay: URIRef  # an event type -> a day with such an event that has a target or object
    labelStart: URIRef  # an agent of a direct triple -> the first three characters of its label
    key: URIRef  # an agent or target -> its label in lower case


# Prefixes every query may use undeclared (`kg query`, saved queries, any store) and that exports bind
PREFIXES = {
    "kg": BASE + "ns#",
    "kgid": str(ID),
    "sem": str(SEM),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "wd": str(WD),
    "ftm": str(FTM),
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
