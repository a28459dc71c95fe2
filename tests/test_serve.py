"""`kg serve`: the store read-only over the SPARQL 1.1 Protocol, queried with SPARQLWrapper."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import StoreError
from kg.query.records import event_records
from kg.store.embedded import Store
from kg.store.remote import RemoteStore
from kg.store.server import Server, free_port, oxigraph_binary, server_command

_MAIN = "from kg.cli import main; main()"

SPARQLWrapper = pytest.importorskip(
    "SPARQLWrapper", reason="SPARQLWrapper is not installed (the client side of this test)"
)


# Fields of a record that come from one of its sources: for an event reported by several
# articles, event_records keeps the first row the store returns, and row order is the store's.
PER_SOURCE = {"article", "evidence", "trigger", "title", "url", "speaker"}


def canonical(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event records without their per-source fields, by id: equal for equal graphs in any store."""
    return sorted(({k: v for k, v in r.items() if k not in PER_SOURCE} for r in records), key=lambda r: str(r["id"]))


@pytest.fixture(scope="module")
def served(sample_store: Path) -> Iterator[str]:
    try:
        oxigraph_binary()
    except StoreError as exc:
        pytest.skip(f"no Oxigraph server to test against: {exc}")
    with Server(sample_store, port=free_port(), read_only=True, timeout=30) as server:
        yield server.url


def test_the_command_line_of_the_server(tmp_path: Path) -> None:
    argv = server_command(tmp_path, port=7000, timeout=5)
    assert argv[1:] == [
        "serve-read-only",
        "--location",
        str(tmp_path),
        "--bind",
        "127.0.0.1:7000",
        "--union-default-graph",
        "--timeout-s",
        "5",
    ]


def test_sparqlwrapper_reads_the_union_of_the_articles(served: str, sample_store: Path) -> None:
    client = SPARQLWrapper.SPARQLWrapper(served + "/query")
    client.setReturnFormat(SPARQLWrapper.JSON)
    client.setQuery(
        "PREFIX kg: <https://w3id.org/kg-cyber/ns#> SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Article }"
    )
    answer = client.queryAndConvert()
    with Store(str(sample_store), read_only=True) as store:
        expected = store.article_count()
    assert answer["results"]["bindings"] == [  # type: ignore[index]
        {"n": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": str(expected)}}
    ]


def test_kg_reads_the_served_store(served: str, sample_store: Path) -> None:
    with RemoteStore(served, read_only=True) as remote, Store(str(sample_store), read_only=True) as store:
        assert canonical(event_records(remote)) == canonical(event_records(store))


def test_an_update_is_refused(served: str) -> None:
    client = SPARQLWrapper.SPARQLWrapper(served + "/query", updateEndpoint=served + "/update")
    client.setMethod(SPARQLWrapper.POST)
    client.setQuery("INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> <urn:o> } }")
    with pytest.raises(urllib.error.HTTPError) as caught:
        client.query()
    assert 400 <= caught.value.code < 500
    with RemoteStore(served) as remote:  # kg's own client gives one line with the status
        with pytest.raises(StoreError, match=rf"^{served}/update: HTTP 4\d\d "):
            remote.update("INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> <urn:o> } }")
        assert remote.query("ASK { GRAPH <urn:g> { ?s ?p ?o } }") == []
        assert remote.run("ASK { GRAPH <urn:g> { ?s ?p ?o } }").askAnswer is False


def test_serving_a_missing_store_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["serve", "--store", str(tmp_path / "none"), "--port", str(free_port())])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {tmp_path / 'none'}: no store here yet; run `kg ingest` first or pass --store\n",
    )


def test_kg_serve_runs_until_stopped(sample_store: Path) -> None:
    try:
        oxigraph_binary()
    except StoreError as exc:
        pytest.skip(f"no Oxigraph server to test against: {exc}")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", _MAIN, "serve", "--store", str(sample_store), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        ready = process.stderr.readline().decode()  # printed once the server answers
        assert ready == f"serving {sample_store} read-only at http://127.0.0.1:{port}/query (Ctrl-C stops)\n"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=5) as answer:
            assert answer.status == 200
    finally:
        process.terminate()
        process.communicate(timeout=20)
    assert process.returncode == 0
    with pytest.raises(urllib.error.URLError):  # the Oxigraph process went with it
        urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=1)
