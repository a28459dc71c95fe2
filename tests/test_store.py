from datetime import date
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.errors import QueryError, StoreError
from kg.model import Actor, Article, Event, Evidence, Policy
from kg.ns import KG
from kg.rdf import article_triples, description_triples, event_iri, graph_iri
from kg.store import Store

OBAMA = Actor("Barack Obama", "Person", ("Obama",), "Q76", (("president_of", "United States", "Country"),))
ARTICLE = Article(id="a.txt", title="Order signed", body="Obama ordered a sanctions program on Wednesday.", published=date(2015, 4, 2))


def event(article: Article = ARTICLE, obj: str = "sanctions program") -> Event:
    return Event(type="ENACT", trigger="ordered", agent=OBAMA, evidence=Evidence(article.body, 0, len(article.body)),
                 article_id=article.id, object=Policy(obj), date=date(2015, 4, 1))


def write(store: Store, article: Article, events: list[Event]) -> None:
    store.replace_article(article.id, article_triples(article, events), description_triples(events))


def count(store: Store, article_id: str) -> int:
    return int(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph_iri(article_id).n3()} {{ ?s ?p ?o }} }}")[0][0])


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


def test_same_content_is_recognised_and_changed_content_replaces_the_graph(store: Store) -> None:
    write(store, ARTICLE, [event()])
    assert store.has_article(ARTICLE.id, ARTICLE.hash)
    before = count(store, ARTICLE.id)
    changed = Article(id=ARTICLE.id, title="Order signed", body="Obama ordered a new order on Friday.", published=ARTICLE.published)
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
    "query, message",
    [
        ("SELECT ?s WHERE { ?s ?p }", "SPARQL syntax error at line 1, column"),
        ("SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(\n}", "SPARQL syntax error at line 4, column 3"),
        ("SELECT ?s WHERE { ?s ex:p ?o }", "SPARQL error: Unknown namespace prefix : ex"),
    ],
)
def test_query_errors_are_one_line_with_position(memory_store: Store, query: str, message: str) -> None:
    with pytest.raises(QueryError) as info:
        memory_store.query(query)
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)
