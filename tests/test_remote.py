"""RemoteStore against a real `oxigraph serve` on 127.0.0.1: ingest, re-ingest, queries, views, errors."""

from __future__ import annotations

import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE
from rdflib import Literal, URIRef

from kg.errors import StoreError
from kg.model import Actor, Article, Event, Evidence, Policy
from kg.pipeline.ingest import ingest
from kg.query.records import event_records
from kg.query.sparql import prepare, run_select, saved_queries, saved_query
from kg.rdf.iris import graph_iri
from kg.rdf.triples import article_triples, description_triples
from kg.store import open_store
from kg.store.embedded import Store
from kg.store.remote import RemoteStore, endpoints
from kg.store.server import Server, free_port, oxigraph_binary
from kg.store.virtuoso import VirtuosoServer, virtuoso_binary

# Fields of a record that come from one of its sources: for an event reported by several
# articles, event_records keeps the first row the store returns, and row order is the store's.
PER_SOURCE = {"article", "evidence", "trigger", "title", "url", "speaker"}


def canonical(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event records without their per-source fields, by id: equal for equal graphs in any store."""
    return sorted(({k: v for k, v in r.items() if k not in PER_SOURCE} for r in records), key=lambda r: str(r["id"]))


def _binary_or_skip() -> None:
    try:
        oxigraph_binary()
    except StoreError as exc:
        pytest.skip(f"no Oxigraph server to test against: {exc}")


def _virtuoso_or_skip() -> None:
    try:
        virtuoso_binary()
    except StoreError as exc:
        pytest.skip(f"no Virtuoso to test against: {exc} (make test installs it as root)")


ENGINES = ["oxigraph", "virtuoso"]


@contextmanager
def _server(engine: str, folder: Path) -> Iterator[str]:
    """A read-write server of `engine` with its database in `folder`: its --store URL."""
    if engine == "oxigraph":
        _binary_or_skip()
        with Server(folder, port=free_port(), read_only=False) as server:
            yield server.url
    else:
        _virtuoso_or_skip()
        with VirtuosoServer(folder) as virtuoso:
            yield virtuoso.store_url


@pytest.fixture(scope="module", params=ENGINES)
def engine_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One empty server per engine for the module."""
    with _server(request.param, tmp_path_factory.mktemp(request.param) / "db") as url:
        yield url


@pytest.fixture(scope="module")
def server_url(engine_url: str) -> str:
    """The module's server, with the sample ingested once."""
    with RemoteStore(engine_url) as store:
        report = ingest([SAMPLE], store)
    assert report.failed == []
    return engine_url


@pytest.fixture(params=ENGINES)
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RemoteStore]:
    """An empty server of its own, for tests that write."""
    with _server(request.param, tmp_path / "db") as url, RemoteStore(url) as store:
        yield store


@pytest.fixture(scope="module")
def embedded(sample_store: Path) -> Iterator[Store]:
    with Store(str(sample_store), read_only=True) as store:
        yield store


OBAMA = Actor("Barack Obama", "Person", ("Obama",), "Q76", (("president_of", "United States", "Country"),))
ARTICLE = Article(
    id="a.txt", title="Order signed", body="Obama ordered a sanctions program on Wednesday.", published=date(2015, 4, 2)
)


def _event(obj: str) -> Event:
    return Event(
        type="ENACT",
        trigger="ordered",
        agent=OBAMA,
        evidence=Evidence(ARTICLE.body, 0, len(ARTICLE.body)),
        article_id=ARTICLE.id,
        object=Policy(obj),
        date=date(2015, 4, 1),
    )


def _graph_size(store: RemoteStore, article_id: str) -> int:
    return int(
        store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph_iri(article_id).n3()} {{ ?s ?p ?o }} }}")[0][0]
    )


@pytest.mark.parametrize(
    "location, query, update, data",
    [
        (
            "http://127.0.0.1:7878",
            "http://127.0.0.1:7878/query",
            "http://127.0.0.1:7878/update",
            "http://127.0.0.1:7878/store",
        ),
        (
            "http://127.0.0.1:7878/",
            "http://127.0.0.1:7878/query",
            "http://127.0.0.1:7878/update",
            "http://127.0.0.1:7878/store",
        ),
        (
            "http://127.0.0.1:7878/query",
            "http://127.0.0.1:7878/query",
            "http://127.0.0.1:7878/update",
            "http://127.0.0.1:7878/store",
        ),
        ("http://h:3030/ds", "http://h:3030/ds/query", "http://h:3030/ds/update", "http://h:3030/ds/data"),
        (
            "http://dba:pw@h:8890/sparql",
            "http://h:8890/sparql",
            "http://h:8890/sparql-auth",
            "http://h:8890/sparql-graph-crud-auth",
        ),
        (
            "https://u:secret@h:3030/ds/sparql",
            "https://h:3030/ds/query",
            "https://h:3030/ds/update",
            "https://h:3030/ds/data",
        ),
    ],
)
def test_endpoint_convention(location: str, query: str, update: str, data: str) -> None:
    e = endpoints(location)
    assert (e.query, e.update, e.data) == (query, update, data)


def test_open_store_picks_by_prefix(tmp_path: Path) -> None:
    assert isinstance(open_store("http://127.0.0.1:1", read_only=True), RemoteStore)
    with open_store(str(tmp_path / "s"), read_only=False) as store:
        assert isinstance(store, Store)


def test_ingest_matches_the_embedded_store(server_url: str, embedded: Store) -> None:
    with RemoteStore(server_url, read_only=True) as remote:
        assert remote.article_count() == embedded.article_count()
        assert remote.graph_names() == embedded.graph_names()
        assert canonical(event_records(remote)) == canonical(event_records(embedded))


def test_reingest_is_a_no_op(server_url: str, embedded: Store) -> None:
    with RemoteStore(server_url) as remote:
        report = ingest([SAMPLE], remote)
    assert (report.articles, report.unchanged, report.events, report.failed) == (0, embedded.article_count(), 0, [])


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_saved_queries_match_the_embedded_store(server_url: str, embedded: Store, name: str) -> None:
    """Each saved query gives the rows the embedded store gives, its parameters written in."""
    params = {"actor": "United States", "limit": "40"}
    expected = run_select(embedded, *prepare(saved_query(name), params))
    with RemoteStore(server_url, read_only=True) as remote:
        assert run_select(remote, *prepare(saved_query(name), params)) == expected
    assert expected[1]  # the sample has rows for every saved query


def test_select_ask_and_construct_give_rdflib_results(server_url: str) -> None:
    with RemoteStore(server_url, read_only=True) as remote:
        select = remote.run(
            "SELECT ?label WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?label "
            'FILTER(?label = "Barack Obama") } LIMIT 1'
        )
        assert (select.type, [str(v) for v in select.vars], list(select)) == (
            "SELECT",
            ["label"],
            [(Literal("Barack Obama"),)],
        )
        assert remote.run("ASK { ?s a <https://w3id.org/kg-cyber/ns#Article> }").askAnswer is True
        construct = remote.run("CONSTRUCT { ?a a <urn:x:A> } WHERE { ?a a <https://w3id.org/kg-cyber/ns#Article> }")
        assert construct.type == "CONSTRUCT"
        assert len(construct.graph) == remote.article_count()


def test_kg_prefixes_need_no_declaration_on_a_server(server_url: str, embedded: Store) -> None:
    query = 'SELECT ?what WHERE { ?a rdfs:label "Barack Obama" ; kg:enacts ?p . ?p rdfs:label ?what } ORDER BY ?what'
    with RemoteStore(server_url, read_only=True) as remote:
        rows = [str(r[0]) for r in remote.query(query)]
    assert rows and rows == [str(r[0]) for r in embedded.query(query)]


def test_view_renders_from_the_server(server_url: str, embedded: Store, tmp_path: Path) -> None:
    from kg.views.network import render_html

    with RemoteStore(server_url, read_only=True) as remote:
        counts = render_html(event_records(remote), tmp_path / "remote.html", title="kg: events")
    assert counts == render_html(event_records(embedded), tmp_path / "embedded.html", title="kg: events")
    assert counts["nodes"] > 0


def test_a_changed_article_replaces_its_graph(fresh: RemoteStore, tmp_path: Path) -> None:
    source = SAMPLE / "2015-04-02-china-rejects-us-cyber-sanctions.txt"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    copy = inbox / source.name
    shutil.copy(source, copy)
    first = ingest([inbox], fresh)
    assert (first.articles, first.unchanged, first.failed) == (1, 0, [])
    copy.write_text(
        source.read_text(encoding="utf-8") + "\nThe United States sanctioned Russia on Monday.\n", encoding="utf-8"
    )
    second = ingest([inbox], fresh)
    assert (second.articles, second.unchanged, second.failed) == (1, 0, [])
    assert fresh.article_count() == 1
    again = ingest([inbox], fresh)
    assert (again.articles, again.unchanged) == (0, 1)
    hashes = fresh.query("SELECT ?h WHERE { GRAPH ?g { ?a <https://w3id.org/kg-cyber/ns#contentHash> ?h } }")
    assert len(hashes) == 1


def test_a_rejected_write_leaves_the_old_graph(fresh: RemoteStore) -> None:
    fresh.replace_article(
        ARTICLE.id, article_triples(ARTICLE, [_event("sanctions program")]), description_triples([_event("x")])
    )
    before = _graph_size(fresh, ARTICLE.id)
    # rdflib writes this IRI (no character it forbids); the server refuses it and so the whole update
    broken = article_triples(ARTICLE, [_event("other")]) + [(URIRef("urn:x"), URIRef("urn:p"), URIRef("http://[bad"))]
    with pytest.raises(StoreError) as caught:
        fresh.replace_article(ARTICLE.id, broken, [])
    message = str(caught.value)
    assert re.match(rf"{re.escape(fresh.endpoints.update)}: HTTP [45]\d\d [A-Z]", message), message
    assert "\n" not in message
    assert _graph_size(fresh, ARTICLE.id) == before
    objects = fresh.query("SELECT DISTINCT ?o WHERE { GRAPH ?g { ?e <https://w3id.org/kg-cyber/ns#object> ?o } }")
    assert [str(r[0]).rsplit("/", 1)[-1] for r in objects] == ["sanctions-program"]


def test_a_malformed_triple_is_refused_before_sending(fresh: RemoteStore) -> None:
    bad = [(URIRef("urn:x"), URIRef("urn:p"), URIRef("not an iri"))]
    with pytest.raises(StoreError, match=r"^http://127\.0\.0\.1:\d+: could not write article 'a\.txt' \("):
        fresh.replace_article(ARTICLE.id, bad, [])
    assert fresh.graph_names() == []


def test_read_only_refuses_writes_before_sending() -> None:
    store = RemoteStore("http://127.0.0.1:1", read_only=True)
    with pytest.raises(StoreError, match=r"^http://127.0.0.1:1: opened read-only; cannot write article 'a.txt'$"):
        store.remove_article("a.txt")


def test_a_server_that_is_down_names_the_url() -> None:
    port = free_port()
    with pytest.raises(StoreError) as caught:
        RemoteStore(f"http://127.0.0.1:{port}").article_count()
    assert str(caught.value).startswith(f"http://127.0.0.1:{port}/query: cannot reach the SPARQL server (")
    assert str(caught.value).endswith("); is it running?")


class _Failing(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b"storage exploded\nat line 2 of somewhere\n"
        self.send_response(500)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST

    def log_message(self, format: str, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture()
def failing_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_server_error_is_one_line_with_status_and_message(failing_url: str) -> None:
    store = RemoteStore(failing_url)
    with pytest.raises(StoreError) as caught:
        store.replace_article(ARTICLE.id, article_triples(ARTICLE, []), [])
    assert str(caught.value) == f"{failing_url}/update: HTTP 500 Internal Server Error: storage exploded"
    with pytest.raises(StoreError) as caught:
        store.put_graph(URIRef("urn:g"), "")
    assert str(caught.value) == f"{failing_url}/store?graph=urn%3Ag: HTTP 500 Internal Server Error: storage exploded"
