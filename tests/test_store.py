from datetime import date
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef, Variable

from kg.errors import QueryError, StoreError
from kg.model import Actor, Article, Event, Evidence, Policy
from kg.rdf.iris import event_iri, graph_iri
from kg.rdf.ns import KG
from kg.rdf.triples import article_triples, description_triples
from kg.store.embedded import Store, term_converter

OBAMA = Actor("Barack Obama", "Person", ("Obama",), "Q76", (("president_of", "United States", "Country"),))
ARTICLE = Article(
    id="a.txt", title="Order signed", body="Obama ordered a sanctions program on Wednesday.", published=date(2015, 4, 2)
)


def event(article: Article = ARTICLE, obj: str = "sanctions program") -> Event:
    return Event(
        type="ENACT",
        trigger="ordered",
        agent=OBAMA,
        evidence=Evidence(article.body, 0, len(article.body)),
        article_id=article.id,
        object=Policy(obj),
        date=date(2015, 4, 1),
    )


def write(store: Store, article: Article, events: list[Event]) -> None:
    store.replace_article(article.id, article_triples(article, events), description_triples(events))


def count(store: Store, article_id: str) -> int:
    return int(
        store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph_iri(article_id).n3()} {{ ?s ?p ?o }} }}")[0][0]
    )


@pytest.fixture(params=["memory", "oxigraph"])
def store(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(":memory:" if request.param == "memory" else str(tmp_path / "store")) as s:
        yield s


def test_direct_triple_and_event_node(store: Store) -> None:
    write(store, ARTICLE, [event()])
    rows = store.query("""PREFIX kg: <https://w3id.org/kg-cyber/ns#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?what WHERE { ?a rdfs:label "Barack Obama" ; kg:enacts ?p . ?p rdfs:label ?what }""")
    assert [str(r[0]) for r in rows] == ["sanctions program"]
    e = event_iri(event())
    assert store.query(f"SELECT ?d WHERE {{ {e.n3()} <{KG.date}> ?d }}")[0][0] == Literal(date(2015, 4, 1))


def test_kg_prefixes_need_no_declaration_and_a_declared_prefix_wins(store: Store) -> None:
    write(store, ARTICLE, [event()])
    rows = store.query(
        'SELECT DISTINCT ?what WHERE { ?a rdfs:label "Barack Obama" ; kg:enacts ?p . ?p rdfs:label ?what }'
    )
    assert [str(r[0]) for r in rows] == ["sanctions program"]
    assert store.query("PREFIX kg: <urn:elsewhere#> SELECT ?p WHERE { ?a kg:enacts ?p }") == []


def test_declare_prefixes_adds_only_what_the_query_does_not_declare() -> None:
    from kg.rdf.ns import PREFIXES
    from kg.store.base import declare_prefixes

    query = "prefix kg: <urn:elsewhere#>\nSELECT * WHERE { ?s kg:p ?o }"
    declared = declare_prefixes(query)
    assert declared.endswith(query) and "<urn:elsewhere#>" in declared
    assert f"PREFIX rdfs: <{PREFIXES['rdfs']}>" in declared and f"PREFIX kg: <{PREFIXES['kg']}>" not in declared


def test_same_content_is_recognised_and_changed_content_replaces_the_graph(store: Store) -> None:
    write(store, ARTICLE, [event()])
    assert store.has_article(ARTICLE.id, ARTICLE.hash)
    before = count(store, ARTICLE.id)
    changed = Article(
        id=ARTICLE.id, title="Order signed", body="Obama ordered a new order on Friday.", published=ARTICLE.published
    )
    assert not store.has_article(changed.id, changed.hash)
    write(store, changed, [event(changed, "new order")])
    assert count(store, ARTICLE.id) == before
    objects = store.query("SELECT DISTINCT ?o WHERE { GRAPH ?g { ?e <https://w3id.org/kg-cyber/ns#object> ?o } }")
    assert [str(r[0]).rsplit("/", 1)[-1] for r in objects] == ["new-order"]


def test_a_failed_write_leaves_the_article_as_it_was(store: Store) -> None:
    write(store, ARTICLE, [event()])
    before = count(store, ARTICLE.id)
    broken = article_triples(ARTICLE, [event(obj="other")]) + [(URIRef("urn:x"), URIRef("urn:p"), URIRef("not an iri"))]
    with pytest.raises(StoreError, match="could not write article 'a.txt'"):
        store.replace_article(ARTICLE.id, broken, [])
    assert count(store, ARTICLE.id) == before


def test_store_persists_across_openings(tmp_path: Path) -> None:
    with Store(str(tmp_path / "s")) as s:
        write(s, ARTICLE, [event()])
    with Store(str(tmp_path / "s"), read_only=True) as s:
        assert s.has_article(ARTICLE.id, ARTICLE.hash)
        assert s.article_count() == 1


def test_reading_a_missing_store_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here yet"):
        Store(str(tmp_path / "missing"), read_only=True)


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(StoreError, match="is a file, not a store folder"):
        Store(str(tmp_path / "f"))


@pytest.mark.parametrize(
    "fixture, query, message",
    [
        ("memory_store", "SELECT ?s WHERE { ?s ?p }", "SPARQL syntax error at line 1, column"),
        ("memory_store", "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(\n}", "SPARQL syntax error at line 4, column 3"),
        ("memory_store", "SELECT ?s WHERE { ?s ex:p ?o }", "SPARQL error: Unknown namespace prefix : ex"),
        # the embedded store asks Oxigraph directly; its errors read the same
        ("terms_store", "SELECT ?s WHERE {\n ?s ?p", "SPARQL syntax error at line 2, column"),
        ("terms_store", "SELECT ?s WHERE { ?s ex:p ?o }", "SPARQL error: Unknown namespace prefix : ex"),
        ("terms_store", "SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "query failed: "),
    ],
)
def test_query_errors_are_one_line_with_position(
    request: pytest.FixtureRequest, fixture: str, query: str, message: str
) -> None:
    with pytest.raises(QueryError) as info:
        request.getfixturevalue(fixture).query(query)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)


# -- the embedded store asks Oxigraph directly: terms and answers as oxrdflib gave them --------
TERMS = """PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA { GRAPH <urn:g> {
  <urn:s> <urn:p> <urn:o>, "plain", "hallo"@de, "2015-04-01"^^xsd:date, "0.75"^^xsd:decimal, "42"^^xsd:integer,
      "true"^^xsd:boolean, "x"^^<urn:type>, "2015-04-01T10:00:00Z"^^xsd:dateTime, "not a date"^^xsd:date, _:b .
} }"""


@pytest.fixture()
def terms_store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(str(tmp_path / "store")) as s:
        s.update(TERMS)
        yield s


def test_rows_and_terms_are_those_oxrdflib_gave(terms_store: Store) -> None:
    sparql = "SELECT ?o ?missing WHERE { ?s <urn:p> ?o OPTIONAL { ?o <urn:none> ?missing } }"
    rows = terms_store.query(sparql)
    through_rdflib = [tuple(row) for row in terms_store.dataset.query(sparql)]
    key = lambda row: repr(row)  # noqa: E731
    assert sorted(rows, key=key) == sorted(through_rdflib, key=key)
    assert len(rows) == 11
    for row, other in zip(sorted(rows, key=key), sorted(through_rdflib, key=key)):
        assert [type(t) for t in row] == [type(t) for t in other]
        assert [getattr(t, "datatype", None) for t in row] == [getattr(t, "datatype", None) for t in other]
        assert [getattr(t, "language", None) for t in row] == [getattr(t, "language", None) for t in other]
    values = {str(r[0]): r[0] for r in rows}
    assert values["2015-04-01"].toPython() == date(2015, 4, 1)
    assert values["hallo"].language == "de"
    assert values["plain"].datatype == URIRef("http://www.w3.org/2001/XMLSchema#string")  # as oxrdflib: docs/design.md
    assert any(isinstance(r[0], BNode) for r in rows) and all(r[1] is None for r in rows)


@pytest.mark.parametrize(
    "term",
    [
        "NamedNode('urn:x')",
        "BlankNode('b1')",
        "Literal('plain')",
        "Literal('hallo', language='de')",
        "Literal('2015-04-01', datatype=NamedNode('http://www.w3.org/2001/XMLSchema#date'))",
        "Literal('1.5', datatype=NamedNode('http://www.w3.org/2001/XMLSchema#decimal'))",
        "Triple(NamedNode('urn:s'), NamedNode('urn:p'), Literal('o'))",
    ],
)
def test_term_converter_matches_oxrdflib(term: str) -> None:
    import pyoxigraph as ox
    from oxrdflib._converter import from_ox

    value = eval(term, vars(ox))
    convert = term_converter()
    assert convert(value) == from_ox(value)
    assert convert(value) is convert(value)  # converted once
    assert convert(None) is None


def test_answers_of_every_query_form(terms_store: Store) -> None:
    select = terms_store.run("SELECT ?o WHERE { <urn:s> <urn:p> ?o FILTER(isIRI(?o)) }")
    assert (select.type, select.vars, list(select), len(select), bool(select)) == (
        "SELECT",
        [Variable("o")],
        [(URIRef("urn:o"),)],
        1,
        True,
    )
    ask = terms_store.run("ASK { <urn:s> <urn:p> <urn:o> }")
    assert (ask.type, ask.askAnswer, list(ask), bool(ask)) == ("ASK", True, [True], True)
    assert terms_store.run("ASK { <urn:s> <urn:p> <urn:nothing> }").askAnswer is False
    construct = terms_store.run("CONSTRUCT { ?s <urn:q> ?o } WHERE { ?s <urn:p> ?o FILTER(isIRI(?o)) }")
    assert construct.type == "CONSTRUCT" and set(construct.graph) == {
        (URIRef("urn:s"), URIRef("urn:q"), URIRef("urn:o"))
    }
    assert terms_store.query("SELECT ?o WHERE { ?s <urn:nothing> ?o }") == []


def test_undeclared_rdflib_prefixes_still_work(terms_store: Store) -> None:
    rows = terms_store.query("SELECT ?o WHERE { ?s ?p ?o FILTER(datatype(?o) = xsd:date && isLiteral(?o)) }")
    assert sorted(str(r[0]) for r in rows) == ["2015-04-01", "not a date"]
