"""The ontology (ontology/kg.ttl) and the SHACL shapes (ontology/shapes.ttl).

Checks that kg.ttl, shapes.ttl and kg/rdf/ns.py name the same terms, that the event-type table
of docs/events.md is in kg.ttl as the code reads it, and that the shapes accept a hand-built
valid graph and reject broken variants with a message naming the faulty property.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SH, SKOS

ROOT = Path(__file__).resolve().parent.parent
try:
    import kg.rdf.ns  # noqa: F401
except ImportError:  # the package is not installed yet: import it from the repository
    sys.path.insert(0, str(ROOT))
from kg.model import ACTOR_KINDS, STATUSES  # noqa: E402
from kg.rdf.ns import KG, OA, SCHEMA, SEM  # noqa: E402

ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/kg-cyber/ns")
KG_NS = str(KG._NS)
ID = Namespace("https://w3id.org/kg-cyber/id/")
KG_TERM = Namespace(KG_NS)  # any kg: term, event types included
# A plain Namespace, not rdflib's XSD: pytest's fixture scan probes module attributes
# (`_mock_name`) and rdflib's XSD DefinedNamespace warns about every unknown name.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

# docs/events.md, "Types": code -> (class, direct predicate, CAMEO, PLOVER type word).
EVENT_TYPES: dict[str, tuple[str, str, str | None, str | None]] = {
    "STATEMENT": ("Statement", "states", "010", None),
    "APPEAL": ("Appeal", "appeals", "020", "REQUEST"),
    "INTEND": ("Intend", "intends", "030", "AGREE"),
    "CONSULT": ("Consult", "consults", "040", "CONSULT"),
    "SUPPORT": ("Support", "supports", "050", "SUPPORT"),
    "COOPERATE": ("Cooperate", "cooperatesWith", "060", "COOPERATE"),
    "EASE": ("Ease", "eases", "085", "RETREAT"),
    "INVESTIGATE": ("Investigate", "investigates", "090", "ACCUSE"),
    "DEMAND": ("Demand", "demands", "100", "REQUEST"),
    "DISAPPROVE": ("Disapprove", "disapproves", "111", "ACCUSE"),
    "ACCUSE": ("Accuse", "accuses", "112", "ACCUSE"),
    "CHARGE": ("Charge", "charges", "115", "ACCUSE"),
    "REJECT": ("Reject", "rejects", "120", "REJECT"),
    "THREATEN": ("Threaten", "threatens", "130", "THREATEN"),
    "SANCTION": ("Sanction", "sanctions", "163", "SANCTION"),
    "ENACT": ("Enact", "enacts", None, None),
    "ARREST": ("Arrest", "arrests", "173", "COERCE"),
    "SEIZE": ("Seize", "seizes", "171", "COERCE"),
    "ATTACK": ("Attack", "attacks", "176", "COERCE"),
    "CLAIM": ("Claim", "claims", "015", None),
}
# The terms kg/rdf/ns.py declares, plus the event-type classes and direct predicates, which
# are data of the ontology (kg.rdf.ontology.event_types) and not named in Python.
TERMS = set(KG.__annotations__) | {name for cls, pred, *_ in EVENT_TYPES.values() for name in (cls, pred)}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def kg_iris(graph: Graph) -> set[str]:
    """Every IRI in the kg: namespace that occurs anywhere in a graph (lists included)."""
    return {
        str(node) for triple in graph for node in triple if isinstance(node, URIRef) and str(node).startswith(KG_NS)
    }


def one(graph: Graph, subject: URIRef, predicate: URIRef) -> object:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, f"{subject} has {len(values)} values of {predicate}: {values}"
    return values[0]


# --- the ontology and kg/rdf/ns.py name the same terms -------------------------------------


def test_both_files_parse(ontology: Graph, shapes: Graph) -> None:
    assert len(ontology) > 0
    assert len(shapes) > 0
    assert (None, RDF.type, SH.NodeShape) in shapes


def test_ontology_header(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert one(ontology, ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert str(one(ontology, ONTOLOGY_IRI, RDFS.label))
    assert str(one(ontology, ONTOLOGY_IRI, DCTERMS.description))


@pytest.mark.parametrize("name", sorted(TERMS))
def test_every_ns_term_is_declared_with_label_and_comment(ontology: Graph, name: str) -> None:
    term = KG_TERM[name]
    declared = set(ontology.objects(term, RDF.type))
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual}
    assert declared & kinds, f"kg:{name} is not declared in {ONTOLOGY.name}"
    assert str(one(ontology, term, RDFS.label)), f"kg:{name} has an empty rdfs:label"
    assert str(one(ontology, term, RDFS.comment)), f"kg:{name} has an empty rdfs:comment"
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=lambda p: p.name)
def test_every_kg_iri_in_turtle_is_a_ns_term(path: Path) -> None:
    graph = Graph().parse(path, format="turtle")
    unknown = sorted(iri for iri in kg_iris(graph) if iri[len(KG_NS) :] not in TERMS)
    assert unknown == [], f"{path.name} uses kg: IRIs that kg/rdf/ns.py does not define: {unknown}"


# --- the event-type table --------------------------------------------------------------


def test_event_type_codes_are_the_events_md_types(ontology: Graph) -> None:
    types = set(ontology.subjects(RDF.type, KG.EventType))
    codes = sorted(str(one(ontology, t, KG.code)) for t in types)
    assert codes == sorted(EVENT_TYPES)


@pytest.mark.parametrize("code", list(EVENT_TYPES))
def test_event_type_annotations(ontology: Graph, code: str) -> None:
    name, predicate, cameo, plover = EVENT_TYPES[code]
    cls = KG_TERM[name]
    assert (cls, RDF.type, OWL.Class) in ontology
    assert (cls, RDF.type, KG.EventType) in ontology
    assert (cls, RDFS.subClassOf, KG.Event) in ontology
    assert one(ontology, cls, KG.code) == Literal(code)
    assert one(ontology, cls, KG.directPredicate) == KG_TERM[predicate]
    assert [str(v) for v in ontology.objects(cls, KG.cameo)] == ([cameo] if cameo else [])
    assert [str(v) for v in ontology.objects(cls, KG.plover)] == ([plover] if plover else [])
    assert str(one(ontology, cls, RDFS.label)) == name.lower()
    assert str(one(ontology, cls, SKOS.definition)).startswith("The agent ")
    assert str(one(ontology, cls, KG.triggerExamples))
    assert (KG_TERM[predicate], RDF.type, OWL.ObjectProperty) in ontology
    assert (KG_TERM[predicate], RDFS.subPropertyOf, KG.actsOn) in ontology


def test_every_direct_predicate_belongs_to_one_type(ontology: Graph) -> None:
    direct = set(ontology.subjects(RDFS.subPropertyOf, KG.actsOn))
    named = [p for _, p in ontology.subject_objects(KG.directPredicate)]
    assert sorted(named) == sorted(direct)


def test_actor_kinds_carry_their_model_names(ontology: Graph) -> None:
    kinds = {str(one(ontology, c, KG.code)): c for c in ontology.subjects(RDFS.subClassOf, KG.Actor)}
    assert sorted(kinds) == sorted(ACTOR_KINDS)
    assert all(c == KG[code] for code, c in kinds.items())
    assert (KG.Person, RDFS.subClassOf, SCHEMA.Person) in ontology
    assert (KG.Organization, RDFS.subClassOf, SCHEMA.Organization) in ontology


def test_statuses_are_the_model_statuses(ontology: Graph) -> None:
    assert sorted(str(s)[len(KG_NS) :] for s in ontology.subjects(RDF.type, KG.Status)) == sorted(STATUSES)


@pytest.mark.parametrize(
    "triple",
    [
        (KG.Event, RDFS.subClassOf, SEM.Event),
        (KG.Event, RDFS.subClassOf, PROV.Entity),
        (KG.Actor, RDFS.subClassOf, SEM.Actor),
        (KG.Actor, RDFS.subClassOf, PROV.Agent),
        (KG.Article, RDFS.subClassOf, SCHEMA.NewsArticle),
        (KG.Evidence, RDFS.subClassOf, OA.SpecificResource),
        (KG.Extractor, RDFS.subClassOf, PROV.SoftwareAgent),
        (KG.agent, RDFS.subPropertyOf, SEM.hasActor),
        (KG.target, RDFS.subPropertyOf, SEM.hasActor),
        (KG.date, RDFS.subPropertyOf, SEM.hasTimeStamp),
        (KG.speaker, RDFS.subPropertyOf, SEM.accordingTo),
        (KG.exact, RDFS.subPropertyOf, OA.exact),
        (KG.start, RDFS.subPropertyOf, OA.start),
        (KG.end, RDFS.subPropertyOf, OA.end),
        (KG.wikidata, RDFS.subPropertyOf, SKOS.exactMatch),
        (KG.attackGroup, RDFS.subPropertyOf, SKOS.exactMatch),
        (KG.spokespersonOf, RDFS.subPropertyOf, KG.roleOf),
        (KG.presidentOf, RDFS.subPropertyOf, KG.roleOf),
        (KG.leaderOf, RDFS.subPropertyOf, KG.roleOf),
    ],
    ids=lambda t: f"{t[0].n3().split('#')[-1].rstrip('>')}-{t[2].n3().strip('<>').split('/')[-1]}",
)
def test_alignment(ontology: Graph, triple: tuple[URIRef, URIRef, URIRef]) -> None:
    assert triple in ontology


# --- the shapes ------------------------------------------------------------------------

VALID = """
@prefix kg: <https://w3id.org/kg-cyber/ns#> .
@prefix id: <https://w3id.org/kg-cyber/id/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:article-1 a kg:Article ;
    kg:articleId "seed:chinadaily-2015-04-02" ;
    kg:contentHash "0f343b0931126a20f133d67c2b018a3b5e6a5a1f5e4d6b9e2c0c5f1b7a3d9e11" ;
    kg:sourcePath "seed/chinadaily-2015-04-02.json" ;
    schema:headline "China opposes US sanctions over cyber attacks" ;
    schema:datePublished "2015-04-02"^^xsd:date ;
    schema:url "http://www.chinadaily.com.cn/world/2015-04/02/content_20000000.htm" .

id:event-1 a kg:Event, kg:Disapprove ;
    kg:agent id:china ;
    kg:object id:unilateral-sanctions ;
    kg:date "2015-04-02"^^xsd:date ;
    kg:status kg:asserted ;
    kg:trigger "voiced disapproval" ;
    kg:speaker id:hua-chunying ;
    sem:accordingTo id:hua-chunying ;
    kg:evidence id:evidence-1 ;
    kg:confidence 0.9 ;
    prov:wasDerivedFrom id:article-1 ;
    prov:wasAttributedTo id:extractor-0.1.0 .

id:event-2 a kg:Event, kg:Enact ;
    kg:agent id:barack-obama ;
    kg:object id:sanctions-program ;
    kg:date "2015-04-01"^^xsd:date ;
    kg:status kg:asserted ;
    kg:trigger "signed" ;
    kg:evidence id:evidence-2 ;
    kg:confidence 0.75 ;
    prov:wasDerivedFrom id:article-1 .

id:event-3 a kg:Sanction ;
    kg:agent id:united-states ;
    kg:target id:apt1 ;
    kg:status kg:hypothetical ;
    kg:trigger "could sanction" ;
    kg:evidence id:evidence-2 ;
    prov:wasDerivedFrom id:article-1 .

id:evidence-1 a kg:Evidence ;
    oa:hasSource id:article-1 ;
    kg:exact "China voiced disapproval of unilateral sanctions." ;
    kg:start "126"^^xsd:integer ;
    kg:end "176"^^xsd:integer .

id:evidence-2 a kg:Evidence ;
    oa:hasSource id:article-1 ;
    kg:exact "Obama signed an executive order establishing a sanctions program." ;
    kg:start "0"^^xsd:integer ;
    kg:end "66"^^xsd:integer .

id:china kg:disapproves id:unilateral-sanctions .
id:barack-obama kg:enacts id:sanctions-program .

id:china a kg:Country ; rdfs:label "China" ; skos:altLabel "Beijing", "Chinese" ; kg:kind "Country" ;
    kg:wikidata <http://www.wikidata.org/entity/Q148> .
id:united-states a kg:Country ; rdfs:label "United States" ; kg:kind "Country" .
id:chinese-foreign-ministry a kg:GovernmentBody ; rdfs:label "Chinese Foreign Ministry" ;
    kg:kind "GovernmentBody" ; kg:partOf id:china .
id:hua-chunying a kg:Person ; rdfs:label "Hua Chunying" ; kg:kind "Person" ;
    kg:spokespersonOf id:chinese-foreign-ministry .
id:barack-obama a kg:Person ; rdfs:label "Barack Obama" ; skos:altLabel "Obama" ; kg:kind "Person" ;
    kg:presidentOf id:united-states .
id:apt1 a kg:ThreatActor ; rdfs:label "APT1" ; kg:kind "ThreatActor" ; kg:sponsoredBy id:china ;
    kg:attackGroup <https://attack.mitre.org/groups/G0006> .
id:unilateral-sanctions a kg:Policy ; rdfs:label "unilateral sanctions" ; kg:kind "Policy" .
id:sanctions-program a kg:Policy ; rdfs:label "sanctions program" ; kg:kind "Policy" .

id:extractor-0.1.0 a kg:Extractor ; rdfs:label "kg rules" ; schema:softwareVersion "0.1.0" .
"""

EVENT = ID["event-1"]
EVIDENCE = ID["evidence-1"]
ARTICLE = ID["article-1"]


def valid_graph() -> Graph:
    return Graph().parse(data=VALID, format="turtle")


def check(data: Graph, shapes: Graph) -> tuple[bool, list[tuple[URIRef | None, str]]]:
    """Validate as the store does (no inference); return conformance and (path, message) pairs."""
    conforms, results, _ = validate(data, shacl_graph=shapes, inference="none", advanced=False)
    found = [
        (results.value(r, SH.resultPath), str(results.value(r, SH.resultMessage)))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    ]
    return bool(conforms), found


def test_valid_graph_conforms(shapes: Graph) -> None:
    conforms, found = check(valid_graph(), shapes)
    assert conforms, found


def test_valid_graph_uses_only_ns_terms() -> None:
    assert sorted(i for i in kg_iris(valid_graph()) if i[len(KG_NS) :] not in TERMS) == []


def _set(s: URIRef, p: URIRef, o: object) -> Callable[[Graph], None]:
    return lambda g: g.set((s, p, o))  # type: ignore[arg-type]


def _add(s: URIRef, p: URIRef, o: object) -> Callable[[Graph], None]:
    return lambda g: g.add((s, p, o))  # type: ignore[arg-type]


def _drop(s: URIRef, p: URIRef) -> Callable[[Graph], None]:
    return lambda g: g.remove((s, p, None))


BROKEN: list[tuple[str, Callable[[Graph], None], URIRef]] = [
    ("no agent", _drop(EVENT, KG.agent), KG.agent),
    ("two agents", _add(EVENT, KG.agent, ID["united-states"]), KG.agent),
    ("agent is a literal", _set(EVENT, KG.agent, Literal("China")), KG.agent),
    (
        "two targets",
        lambda g: [g.add((ID["event-3"], KG.target, ID[x])) for x in ("china", "united-states")],
        KG.target,
    ),
    ("bad status", _set(EVENT, KG.status, Literal("asserted")), KG.status),
    ("unknown status", _set(EVENT, KG.status, ID["status/maybe"]), KG.status),
    ("no status", _drop(EVENT, KG.status), KG.status),
    ("date is a string", _set(EVENT, KG.date, Literal("2015-04-02")), KG.date),
    ("date is a dateTime", _set(EVENT, KG.date, Literal("2015-04-02T00:00:00", datatype=XSD.dateTime)), KG.date),
    ("no trigger", _drop(EVENT, KG.trigger), KG.trigger),
    ("no evidence", _drop(EVENT, KG.evidence), KG.evidence),
    ("no source", _drop(EVENT, PROV.wasDerivedFrom), PROV.wasDerivedFrom),
    ("confidence above 1", _set(EVENT, KG.confidence, Literal("1.5", datatype=XSD.decimal)), KG.confidence),
    ("confidence is a double", _set(EVENT, KG.confidence, Literal(0.9)), KG.confidence),
    ("no event type", lambda g: g.remove((EVENT, RDF.type, KG_TERM["Disapprove"])), RDF.type),
    ("two event types", _add(EVENT, RDF.type, KG_TERM["Accuse"]), RDF.type),
    ("evidence start equals end", _set(EVIDENCE, KG.start, Literal(176, datatype=XSD.integer)), KG.start),
    ("evidence start after end", _set(EVIDENCE, KG.end, Literal(100, datatype=XSD.integer)), KG.start),
    ("evidence start is negative", _set(EVIDENCE, KG.start, Literal(-1)), KG.start),
    ("evidence start is a string", _set(EVIDENCE, KG.start, Literal("126")), KG.start),
    ("evidence without exact", _drop(EVIDENCE, KG.exact), KG.exact),
    ("evidence with empty exact", _set(EVIDENCE, KG.exact, Literal("")), KG.exact),
    ("evidence without source", _drop(EVIDENCE, OA.hasSource), OA.hasSource),
    ("article without articleId", _drop(ARTICLE, KG.articleId), KG.articleId),
    ("article without contentHash", _drop(ARTICLE, KG.contentHash), KG.contentHash),
    ("article published is a string", _set(ARTICLE, SCHEMA.datePublished, Literal("2015-04-02")), SCHEMA.datePublished),
    ("article with two headlines", _add(ARTICLE, SCHEMA.headline, Literal("Another")), SCHEMA.headline),
    ("actor without label", _drop(ID["apt1"], RDFS.label), RDFS.label),
    ("actor with two labels", _add(ID["china"], RDFS.label, Literal("PRC")), RDFS.label),
    ("actor wikidata is a string", _set(ID["china"], KG.wikidata, Literal("Q148")), KG.wikidata),
    (
        "actor ATT&CK group is not a group page",
        _set(ID["apt1"], KG.attackGroup, URIRef("https://attack.mitre.org/software/S0002")),
        KG.attackGroup,
    ),
    ("policy without label", _drop(ID["sanctions-program"], RDFS.label), RDFS.label),
]


def qname(iri: URIRef) -> str:
    for prefix, ns in (
        ("kg", KG_NS),
        ("prov", str(PROV)),
        ("oa", str(OA)),
        ("schema", str(SCHEMA)),
        ("rdfs", str(RDFS)),
        ("rdf", str(RDF)),
    ):
        if str(iri).startswith(ns):
            return f"{prefix}:{str(iri)[len(ns) :]}"
    raise AssertionError(f"no prefix for {iri}")


@pytest.mark.parametrize(("mutate", "path"), [pytest.param(m, p, id=name) for name, m, p in BROKEN])
def test_broken_graph_fails_naming_the_property(shapes: Graph, mutate: Callable[[Graph], None], path: URIRef) -> None:
    data = valid_graph()
    mutate(data)
    conforms, found = check(data, shapes)
    assert not conforms
    assert {p for p, _ in found} == {path}, found
    assert all(qname(path) in message for _, message in found), found


def test_labels_that_differ_in_case_or_punctuation_are_distinct_nodes() -> None:
    """Each actor or policy node has exactly one rdfs:label, whatever casings articles use."""
    from kg.model import Actor, Policy
    from kg.rdf.iris import actor_iri, policy_iri

    assert policy_iri(Policy("executive order")) != policy_iri(Policy("Executive Order"))
    assert actor_iri(Actor("Cloudwalk Technology Co.", "Organization")) != actor_iri(
        Actor("Cloudwalk Technology Co", "Organization")
    )
    assert actor_iri(Actor("United States", "Country")) == actor_iri(Actor("United States", "Country"))
