"""The commands against Virtuoso Open Source 7, a second real SPARQL engine, through the CLI.

tests/test_remote.py runs the store-level tests on both Oxigraph and Virtuoso; here each
command a user runs with `--store http://dba:dba@HOST:PORT/sparql` (ingest, load, events,
query, view, eval) gives what it gives on the embedded store. Virtuoso runs on 127.0.0.1
from a temporary folder (kg.store.virtuoso) and is stopped at the end.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SAMPLE

from kg.cli import main
from kg.errors import StoreError
from kg.query.records import event_records
from kg.store.embedded import Store
from kg.store.remote import RemoteStore
from kg.store.virtuoso import VirtuosoServer, virtuoso_binary

GOLD = Path(__file__).parent / "gold" / "sample.jsonl"
PER_SOURCE = {"article", "evidence", "trigger", "title", "url", "speaker"}


def canonical(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(({k: v for k, v in r.items() if k not in PER_SOURCE} for r in records), key=lambda r: str(r["id"]))


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    try:
        virtuoso_binary()
    except StoreError as exc:
        pytest.skip(f"no Virtuoso to test against: {exc} (make test installs it as root)")
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="module")
def ingested(virtuoso: VirtuosoServer) -> str:
    """The sample ingested into Virtuoso by `kg ingest --store URL --jobs 2`."""
    result = CliRunner().invoke(main, ["ingest", str(SAMPLE), "--store", virtuoso.store_url, "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.stderr
    return virtuoso.store_url


def run(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_ingest_gives_the_events_of_the_embedded_store(ingested: str, sample_store: Path) -> None:
    with RemoteStore(ingested, read_only=True) as remote, Store(str(sample_store), read_only=True) as local:
        assert remote.article_count() == local.article_count()
        assert canonical(event_records(remote)) == canonical(event_records(local))  # type: ignore[arg-type]
    again = run("ingest", str(SAMPLE), "--store", ingested)
    assert again.stderr.startswith("0 articles ingested, ")  # each article's content hash is found


def test_events_query_and_view_match_the_embedded_store(ingested: str, sample_store: Path, tmp_path: Path) -> None:
    def lines(store: str) -> list[dict[str, Any]]:
        out = run("events", "--format", "jsonl", "--store", store, "--type", "SANCTION").stdout
        return canonical([json.loads(line) for line in out.splitlines()])

    assert lines(ingested) == lines(str(sample_store))
    query = "SELECT ?label WHERE { ?a a kg:Country ; rdfs:label ?label } ORDER BY ?label"
    assert run("query", query, "--store", ingested).stdout == run("query", query, "--store", str(sample_store)).stdout
    assert run("query", "ASK { ?e a kg:Sanction }", "--store", ingested, "--format", "csv").stdout == "answer\nTrue\n"
    described = run("query", "DESCRIBE <https://w3id.org/kg-cyber/id/graph/actors>", "--store", ingested)
    assert described.exit_code == 0
    remote_view = run("view", "--store", ingested, "--output", str(tmp_path / "v.html")).stderr
    local_view = run("view", "--store", str(sample_store), "--output", str(tmp_path / "e.html")).stderr
    assert remote_view.split("(", 1)[1] == local_view.split("(", 1)[1]  # the same node and edge counts


def test_eval_scores_the_same(ingested: str, sample_store: Path) -> None:
    remote = run("eval", str(GOLD), "--store", ingested).stdout
    local = run("eval", str(GOLD), "--store", str(sample_store)).stdout
    assert remote == local
    assert "precision  recall  f1" in remote


def test_load_of_extracted_files_equals_a_direct_ingest(
    virtuoso: VirtuosoServer, sample_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "quads"
    run("extract", str(SAMPLE), "--output", str(out))
    with RemoteStore(virtuoso.store_url) as store:  # the module's server, emptied first
        for graph in store.graph_names():
            store.update(f"DROP SILENT GRAPH <{graph}>")
    loaded = run("load", str(out), "--store", virtuoso.store_url)
    assert " 0 failed" in loaded.stderr
    with RemoteStore(virtuoso.store_url, read_only=True) as remote, Store(str(sample_store), read_only=True) as local:
        assert canonical(event_records(remote)) == canonical(event_records(local))  # type: ignore[arg-type]


def test_a_wrong_password_is_one_line(virtuoso: VirtuosoServer) -> None:
    url = virtuoso.store_url.replace("dba:dba@", "dba:wrong@")
    result = CliRunner().invoke(main, ["ingest", str(SAMPLE / "wire.jsonl"), "--store", url])
    assert result.exit_code == 1
    assert "HTTP 401" in result.output
    assert "wrong" not in result.output  # the password is never printed
