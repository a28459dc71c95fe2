"""The map step (`kg extract`) and the bulk load (`kg load`) give the same events as `kg ingest`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SAMPLE

from kg.cli import main
from kg.errors import InputError
from kg.pipeline.mapstep import MapReport, extract, extract_files, file_name, load, read_quads
from kg.query.records import event_records
from kg.rdf.iris import graph_iri
from kg.store.embedded import Store
from kg.store.remote import RemoteStore


@pytest.fixture(scope="module")
def quads_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("quads")
    report = extract([SAMPLE], out)
    assert report.failed == []
    return out


@pytest.fixture(scope="module")
def ingested(sample_store: Path) -> Iterator[list[dict[str, Any]]]:
    """The canonical event records of a direct `kg ingest` of the sample."""
    with Store(str(sample_store), read_only=True) as store:
        yield canonical(event_records(store))


@pytest.fixture(scope="module")
def per_article(sample_store: Path) -> int:
    """Events counted per article (an event reported by two articles counts twice), as reports count."""
    with Store(str(sample_store), read_only=True) as store:
        return int(
            store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?e <https://w3id.org/kg-cyber/ns#evidence> ?v } }")[
                0
            ][0]
        )


@pytest.fixture(scope="module")
def ingested_quads(sample_store: Path) -> set[tuple[Any, ...]]:
    with Store(str(sample_store), read_only=True) as store:
        return set(store.quads())


# Fields of a record that come from one of its sources: for an event reported by several
# articles, event_records keeps the first row the store returns, and row order is the store's.
PER_SOURCE = {"article", "evidence", "trigger", "title", "url", "speaker"}


def canonical(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event records without their per-source fields, by id: equal for equal graphs in any store."""
    return sorted(({k: v for k, v in r.items() if k not in PER_SOURCE} for r in records), key=lambda r: str(r["id"]))


def test_one_file_per_article_named_by_its_graph(quads_dir: Path, ingested: list[dict[str, Any]]) -> None:
    articles = sorted({source for r in ingested for source in r["sources"]})
    names = sorted(p.name for p in quads_dir.iterdir())
    assert set(map(file_name, articles)) <= set(names)
    assert all(name.endswith(".nq") and len(name) == 23 for name in names)
    quads = read_quads(quads_dir / file_name(articles[0]))
    assert (quads.article_id, quads.graph) == (articles[0], graph_iri(articles[0]))


def test_load_gives_the_same_graphs_and_events_as_ingest(
    quads_dir: Path,
    ingested: list[dict[str, Any]],
    per_article: int,
    ingested_quads: set[tuple[Any, ...]],
    tmp_path: Path,
) -> None:
    with Store(str(tmp_path / "store")) as store:
        report = load(quads_dir, store)
        assert (report.unchanged, report.failed) == (0, [])
        assert report.events == per_article
        assert set(store.quads()) == ingested_quads
        assert canonical(event_records(store)) == ingested
        again = load(quads_dir, store)
        assert (again.articles, again.unchanged, again.failed) == (0, report.articles, [])


def test_load_into_the_memory_store(quads_dir: Path, ingested: list[dict[str, Any]]) -> None:
    with Store(":memory:") as store:
        load(quads_dir, store)
        assert canonical(event_records(store)) == ingested


def test_extract_again_skips_unchanged_articles(quads_dir: Path) -> None:
    files = len(list(quads_dir.glob("*.nq")))
    report = extract([SAMPLE], quads_dir)
    assert (report.articles, report.unchanged, report.events, report.failed) == (0, files, 0, [])


def test_a_foreign_file_fails_alone(quads_dir: Path, tmp_path: Path, ingested: list[dict[str, Any]]) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in quads_dir.glob("*.nq"):
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "0-bad.nq").write_text("<urn:s> <urn:p> <urn:o> <urn:elsewhere> .\n", encoding="utf-8")
    with Store(str(tmp_path / "store")) as store:
        messages: list[str] = []
        report = load(folder, store, on_error=messages.append)
        assert messages == [
            f"{folder / '0-bad.nq'}: a statement outside an article graph and the actors graph (<urn:elsewhere>)"
        ]
        assert report.failed == [("0-bad.nq", messages[0])]
        assert canonical(event_records(store)) == ingested


def test_load_of_a_missing_folder(tmp_path: Path) -> None:
    with Store(":memory:") as store, pytest.raises(InputError, match="nope: no such folder$") as info:
        load(tmp_path / "nope", store)
    assert info.value.hint == f"write one with `kg extract INPUT... --output {tmp_path / 'nope'}`"


def test_load_into_a_server_by_graph_store_protocol(
    quads_dir: Path, ingested: list[dict[str, Any]], per_article: int, tmp_path: Path
) -> None:
    from kg.errors import StoreError
    from kg.store.server import Server, free_port, oxigraph_binary

    try:
        oxigraph_binary()
    except StoreError as exc:
        pytest.skip(f"no Oxigraph server to test against: {exc}")
    with Server(tmp_path / "db", port=free_port(), read_only=False) as server, RemoteStore(server.url) as store:
        report = load(quads_dir, store)
        assert (report.unchanged, report.failed, report.events) == (0, [], per_article)
        assert canonical(event_records(store)) == ingested
        assert load(quads_dir, store).articles == 0


def test_cli_extract_and_load(runner: CliRunner, tmp_path: Path, per_article: int) -> None:
    out, store = tmp_path / "q", tmp_path / "store"
    result = runner.invoke(main, ["extract", str(SAMPLE), "--output", str(out)])
    assert result.exit_code == 0, result.output
    files = len(list(out.glob("*.nq")))
    assert result.stderr == f"{files} articles extracted, 0 unchanged, {per_article} events, 1 skipped, 0 failed\n"
    result = runner.invoke(main, ["load", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{files} articles loaded, 0 unchanged, {per_article} events, 0 failed\n"
    result = runner.invoke(main, ["load", str(tmp_path / "nope"), "--store", str(store)])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {tmp_path / 'nope'}: no such folder; write one with `kg extract INPUT... --output {tmp_path / 'nope'}`\n",
    )


def test_the_map_step_on_a_dask_cluster(tmp_path: Path, ingested: list[dict[str, Any]], per_article: int) -> None:
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    inputs = sorted(str(p) for p in SAMPLE.iterdir() if p.suffix in (".txt", ".html", ".jsonl"))
    chunks = [inputs[0::2], inputs[1::2]]
    out = tmp_path / "quads"
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        reports: list[MapReport] = client.gather(client.map(extract_files, chunks, output=str(out)))
    total = reports[0].merge(reports[1])
    assert (total.failed, total.events) == ([], per_article)
    with Store(":memory:") as store:
        load(out, store)
        assert canonical(event_records(store)) == ingested
