"""Flat exports that keep the evidence (csv, parquet), the Neo4j folder, FollowTheMoney entities
and GEXF time spans: each exported through the CLI and read back with the tool a user would use."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SAMPLE

from kg.cli import main
from kg.inputs.files import read_paths
from kg.model import Article
from kg.paths import DATA
from kg.query import flat
from kg.query.records import EventRecord, event_records
from kg.rdf.ontology import event_types
from kg.store.embedded import Store

NEO4J_TYPES = {"int", "float", "date", "string[]", "ID"}


def kg(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(main, list(args), catch_exceptions=False)


def export(runner: CliRunner, store: Path, fmt: str, out: Path) -> Path:
    result = kg(runner, "export", "--format", fmt, "--output", str(out), "--store", str(store))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def records(sample_store: Path) -> list[EventRecord]:
    with Store(str(sample_store)) as store:
        return event_records(store)


@pytest.fixture(scope="module")
def two_sources(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store where one event is reported by two articles, in two different sentences."""
    folder = tmp_path_factory.mktemp("wires")
    (folder / "a.txt").write_text("Wire one\nUpdated: 2021-09-22 10:00\n\nThe Treasury sanctioned SUEX on Tuesday.\n")
    (folder / "b.txt").write_text(
        'Wire two\nUpdated: 2021-09-23 09:00\n\nOn Sept. 21, 2021, the Treasury Department sanctioned SUEX, "a '
        'crypto exchange", officials said.\n'
    )
    store = tmp_path_factory.mktemp("stores") / "two"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--store", str(store)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    yield store


def bodies() -> dict[str, str]:
    return {item.id: item.body for item in read_paths([SAMPLE]) if isinstance(item, Article)}


def published_goldstein() -> dict[str, float]:
    """data/rules/goldstein.tsv read on its own, not through kg."""
    lines = (DATA / "rules" / "goldstein.tsv").read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader([x for x in lines if not x.startswith("#")], delimiter="\t")
    return {r["cameo"]: float(r["score"]) for r in rows}


# --- csv and parquet ---------------------------------------------------------------------


def test_csv_has_one_row_per_event_and_source(
    runner: CliRunner, sample_store: Path, records: list[EventRecord], tmp_path: Path
) -> None:
    import pandas as pd

    df = pd.read_csv(export(runner, sample_store, "csv", tmp_path / "events.csv"), dtype=str, keep_default_na=False)
    assert list(df.columns) == [c.name for c in flat.COLUMNS]
    assert len(df) == sum(len(r["sources"]) for r in records)
    assert not df.duplicated(["event_id", "article_id"]).any()
    by_id = {r["id"]: r for r in records}
    assert set(df["event_id"]) == set(by_id)
    for event_id, group in df.groupby("event_id"):
        r = by_id[str(event_id)]
        assert sorted(group["article_id"]) == r["sources"]
        assert set(group["source_count"]) == {str(len(r["sources"]))}
        assert set(group["type"]) == {r["type"]} and set(group["agent_label"]) == {r["agent"]["label"]}
        assert set(group["target_label"]) == {r["target"]["label"] if r["target"] else ""}
        assert set(group["date"]) == {r["date"] or ""}


def test_evidence_offsets_slice_the_evidence_out_of_the_article_body(
    runner: CliRunner, sample_store: Path, tmp_path: Path
) -> None:
    import pandas as pd

    df = pd.read_csv(export(runner, sample_store, "csv", tmp_path / "events.csv"), keep_default_na=False)
    text = bodies()
    assert len(df) > 50
    for row in df.itertuples():
        assert text[row.article_id][row.evidence_start : row.evidence_end] == row.evidence
        assert row.trigger.split()[0].lower() in row.evidence.lower()


def test_goldstein_scores_come_from_the_table(runner: CliRunner, sample_store: Path, tmp_path: Path) -> None:
    import pandas as pd

    df = pd.read_csv(export(runner, sample_store, "csv", tmp_path / "events.csv"), dtype={"cameo": str})
    table = published_goldstein()
    sanctions = df[df["type"] == "SANCTION"]
    assert len(sanctions) > 5
    assert (sanctions["goldstein"] == table["163"]).all() and table["163"] == -8.0
    attacks = df[df["type"] == "ATTACK"]
    assert len(attacks) and (attacks["goldstein"] == table["17"]).all()  # 176 is not in the table: its parent's
    uncoded = df[df["cameo"].isna()]  # ENACT has no CAMEO code, so no score
    assert len(uncoded) and uncoded["goldstein"].isna().all()


def test_goldstein_falls_back_to_the_parent_code() -> None:
    table = flat.goldstein_table()
    assert "176" not in table and flat.goldstein("176") == table["17"]
    assert flat.goldstein("1631") == table["163"]  # 4 digits -> 3
    assert flat.goldstein("163", {"16": -4.0}) == -4.0  # 3 digits -> 2, in a table without 163
    assert flat.goldstein("999") is None and flat.goldstein(None) is None and flat.goldstein("") is None


def test_goldstein_table_covers_every_event_type_and_its_root() -> None:
    table = published_goldstein()
    assert table == flat.goldstein_table()
    for etype in event_types().values():
        if etype.cameo:
            assert etype.cameo[:2] in table, etype.code
            assert etype.cameo in table or etype.cameo == "176", etype.code
    assert all(-10 <= v <= 10 for v in table.values())


def test_countries_are_the_stores(runner: CliRunner, sample_store: Path, tmp_path: Path) -> None:
    import pandas as pd

    df = pd.read_csv(export(runner, sample_store, "csv", tmp_path / "events.csv"))
    for role in ("agent", "target"):
        countries = df[df[f"{role}_kind"] == "Country"]
        assert (countries[f"{role}_country"] == countries[f"{role}_label"]).all()  # a Country is its own
    bodies_ = df[df["agent_kind"] == "GovernmentBody"].dropna(subset=["agent_country"])
    assert {"US Department of the Treasury", "Office of Foreign Assets Control"} <= set(bodies_["agent_label"])
    assert set(bodies_[bodies_["agent_label"] == "Office of Foreign Assets Control"]["agent_country"]) == {
        "United States"  # OFAC partOf Treasury partOf United States: two steps
    }
    assert df["object_country"].isna().all()  # objects are policies


def test_parquet_has_typed_columns_and_the_csvs_rows(runner: CliRunner, sample_store: Path, tmp_path: Path) -> None:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = export(runner, sample_store, "parquet", tmp_path / "events.parquet")
    table = pq.read_table(path)
    expected = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "date": pa.date32()}
    assert [(f.name, f.type) for f in table.schema] == [(c.name, expected[c.type]) for c in flat.COLUMNS]
    assert table.schema.field("goldstein").metadata[b"description"].startswith(b"Goldstein")
    assert table.column("target_label").null_count > 0  # no target: null, not ""
    df = pd.read_parquet(path)
    from_csv = pd.read_csv(export(runner, sample_store, "csv", tmp_path / "events.csv"), keep_default_na=False)
    assert len(df) == len(from_csv)
    assert list(df["evidence"]) == list(from_csv["evidence"])
    assert list(df["evidence_start"]) == list(from_csv["evidence_start"])
    assert [d.isoformat() if d is not None and not pd.isna(d) else "" for d in df["date"]] == list(from_csv["date"])


def test_csv_round_trips_quotes_commas_and_line_breaks() -> None:
    import pandas as pd

    nasty = 'He said "no", then\nleft;\r\nand \u00e9t\u00e9 \u2014 "done".'
    row: flat.Row = {c.name: None for c in flat.COLUMNS}
    row.update(event_id="e1", evidence=nasty, evidence_start=3, goldstein=-8.0, title="a,b")
    buffer = io.BytesIO()
    flat.write_csv([row, row], buffer)
    data = buffer.getvalue()
    assert data.startswith(b"event_id,article_id,") and data.count(b"\r\n") >= 3
    read = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert [r["evidence"] for r in read] == [nasty, nasty] and read[0]["title"] == "a,b"
    df = pd.read_csv(io.BytesIO(data), keep_default_na=False)
    assert list(df["evidence"]) == [nasty, nasty] and list(df["goldstein"]) == [-8.0, -8.0]


def test_csv_to_stdout_and_binary_formats_need_a_file(runner: CliRunner, sample_store: Path) -> None:
    out = kg(runner, "export", "--format", "csv", "--store", str(sample_store))
    assert out.exit_code == 0 and out.output.startswith("event_id,article_id,date,type,")
    for fmt, message in (
        ("parquet", "Error: --format parquet writes a binary file: give --output FILE"),
        ("neo4j", "Error: --format neo4j writes a folder: give --output DIR"),
    ):
        result = runner.invoke(main, ["export", "--format", fmt, "--store", str(sample_store)])
        assert result.exit_code == 1 and result.output == message + "\n"


def test_an_event_with_two_sources_is_two_rows_with_their_own_evidence(
    runner: CliRunner, two_sources: Path, tmp_path: Path
) -> None:
    import pandas as pd

    df = pd.read_csv(export(runner, two_sources, "csv", tmp_path / "e.csv"), keep_default_na=False)
    sanctions = df[(df["type"] == "SANCTION") & (df["target_label"] == "SUEX")]
    assert list(sanctions["article_id"]) == ["a.txt", "b.txt"]
    assert sanctions["event_id"].nunique() == 1 and set(sanctions["source_count"]) == {2}
    assert sanctions.iloc[0]["evidence"] == "The Treasury sanctioned SUEX on Tuesday."
    assert (
        sanctions.iloc[1]["evidence"].startswith("On Sept. 21, 2021")
        and '"a crypto exchange"' in sanctions.iloc[1]["evidence"]
    )
    assert set(sanctions["date"]) == {"2021-09-21"} and set(sanctions["title"]) == {"Wire one", "Wire two"}


# --- neo4j -------------------------------------------------------------------------------


def read_neo4j(folder: Path) -> dict[str, tuple[list[str], list[list[str]]]]:
    out = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            header, *rows = list(csv.reader(fh))
        out[path.name] = (header, rows)
    return out


def test_neo4j_folder_follows_the_neo4j_admin_header_format(
    runner: CliRunner, sample_store: Path, records: list[EventRecord], tmp_path: Path
) -> None:
    folder = export(runner, sample_store, "neo4j", tmp_path / "neo4j")
    files = read_neo4j(folder)
    node_files = {n: f for n, f in files.items() if f[0][0] == "id:ID"}
    rel_files = {n: f for n, f in files.items() if f[0][:3] == [":START_ID", ":END_ID", ":TYPE"]}
    assert set(node_files) | set(rel_files) == set(files) and len(node_files) == 4 and len(rel_files) == 6
    ids: list[str] = []
    for _name, (header, rows) in node_files.items():
        assert header[1] == ":LABEL"
        ids += [row[0] for row in rows]
        for row in rows:
            assert len(row) == len(header) and re.fullmatch(r"[A-Z]\w*(;[A-Z]\w*)*", row[1])
    assert len(ids) == len(set(ids))  # one ID space: every id once
    known = set(ids)
    for header, rows in files.values():
        for column, field in enumerate(header):
            name, _, kind = field.partition(":")
            assert kind in NEO4J_TYPES | {"LABEL", "START_ID", "END_ID", "TYPE", ""}, field
            for row in rows:
                _check_cell(row[column], kind)
    for _name, (_header, rows) in rel_files.items():
        for row in rows:
            assert row[0] in known and row[1] in known and re.fullmatch(r"[A-Z][A-Z_]*", row[2])
    types = Counter(row[2] for row in files["event_actors.csv"][1])
    assert types["AGENT"] == len(records) == len(files["events.csv"][1])
    assert types["TARGET"] == sum(1 for r in records if r["target"]) == len(files["acts_on_actors.csv"][1])
    assert len(files["event_policies.csv"][1]) == sum(1 for r in records if r["object"])
    assert len(files["event_articles.csv"][1]) == sum(len(r["sources"]) for r in records)
    sanctions = [row for row in files["acts_on_actors.csv"][1] if row[2] == "SANCTIONS"]
    assert len(sanctions) == sum(1 for r in records if r["type"] == "SANCTION" and r["target"])
    labels = dict((row[0], row[1]) for row in files["events.csv"][1])
    assert {labels[r["id"]] for r in records if r["type"] == "SANCTION"} == {"Event;Sanction"}


def _check_cell(value: str, kind: str) -> None:
    if value == "":
        return
    if kind == "int":
        int(value)
    elif kind == "float":
        float(value)
    elif kind == "date":
        date.fromisoformat(value)


def test_neo4j_load_cypher_loads_every_file_and_group(runner: CliRunner, sample_store: Path, tmp_path: Path) -> None:
    folder = export(runner, sample_store, "neo4j", tmp_path / "neo4j")
    script = (folder / "load.cypher").read_text(encoding="utf-8")
    files = read_neo4j(folder)
    groups = sum(len({row[1] if h[0] == "id:ID" else row[2] for row in rows}) for h, rows in files.values())
    assert script.count("LOAD CSV WITH HEADERS FROM 'file:///") == groups
    for name in files:
        assert f"'file:///{name}'" in script
    assert "MERGE (n:Actor:Country {id: row.`id:ID`})" in script
    assert "MERGE (a)-[r:SANCTIONS {event: row.event}]->(b)" in script
    assert "n.date = date(row.`date:date`)" in script and "toInteger(row.`start:int`)" in script


def test_neo4j_export_replaces_its_own_folder_only(runner: CliRunner, two_sources: Path, tmp_path: Path) -> None:
    folder = export(runner, two_sources, "neo4j", tmp_path / "neo4j")
    export(runner, two_sources, "neo4j", folder)  # an earlier export is replaced
    assert sorted(p.name for p in folder.iterdir()) == sorted([*read_neo4j(folder), "load.cypher"])
    assert not (tmp_path / "neo4j.part").exists() and not (tmp_path / "neo4j.old").exists()
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    result = runner.invoke(main, ["export", "--format", "neo4j", "--output", str(other), "--store", str(two_sources)])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert (other / "notes.txt").read_text() == "keep me"


# --- FollowTheMoney ----------------------------------------------------------------------


def test_ftm_entities_read_back_with_followthemoney(
    runner: CliRunner, sample_store: Path, records: list[EventRecord], tmp_path: Path
) -> None:
    from followthemoney import model

    path = export(runner, sample_store, "ftm", tmp_path / "entities.ftm.json")
    proxies = [model.get_proxy(json.loads(line), cleaned=False) for line in path.read_text().splitlines()]
    by_id = {p.id: p for p in proxies}
    assert len(by_id) == len(proxies)
    schemata = Counter(p.schema.name for p in proxies)
    assert set(schemata) <= {"Person", "Organization", "PublicBody", "LegalEntity", "Sanction"}
    sanctions = [p for p in proxies if p.schema.name == "Sanction"]
    asserted = [r for r in records if r["type"] == "SANCTION" and r["status"] == "asserted" and r["target"]]
    assert len(sanctions) == len(asserted) > 5
    for sanction in sanctions:
        (entity,) = sanction.get("entity")
        assert entity in by_id and by_id[entity].schema.name != "Sanction"
        assert "sanction" in by_id[entity].get("topics")
        assert sanction.get("authority") and sanction.get("description") and sanction.get("recordId")
    records_by_id = {r["id"]: r for r in asserted}
    for sanction in sanctions:
        r = records_by_id[sanction.get("recordId")[0]]
        assert sanction.get("authority") == [r["agent"]["label"]]
        assert sanction.get("startDate") == ([r["date"]] if r["date"] else [])
        assert r["evidence"]["text"] in sanction.get("description")
        assert by_id[sanction.get("entity")[0]].get("name") == [r["target"]["label"]]
    names = {p.first("name"): p for p in proxies if p.schema.name != "Sanction"}
    assert names["Lazarus Group"].schema.name == "Organization" and "crime.cyber" in names["Lazarus Group"].get(
        "topics"
    )
    assert names["United States"].schema.name == "PublicBody" and names["United States"].get("country") == ["us"]
    assert names["Office of Foreign Assets Control"].get("country") == ["us"]
    assert names["US Department of the Treasury"].schema.name == "PublicBody"
    ofac_sanction = next(s for s in sanctions if s.get("authority") == ["Office of Foreign Assets Control"])
    assert ofac_sanction.get("country") == ["us"]


# --- GEXF time spans ---------------------------------------------------------------------


def test_gexf_edges_span_the_days_of_their_events(
    runner: CliRunner, sample_store: Path, records: list[EventRecord], tmp_path: Path
) -> None:
    import networkx as nx

    G = nx.read_gexf(export(runner, sample_store, "gexf", tmp_path / "graph.gexf"))
    assert G.graph["mode"] == "dynamic"
    days: dict[tuple[str, str], set[str]] = {}
    for r in records:
        for role in ("target", "object"):
            other = r["target"] if role == "target" else r["object"]
            if other is not None:
                days.setdefault((r["agent"]["id"], other["id"]), set()).update([r["date"]] if r["date"] else [])
    spanned = 0
    for u, v, data in G.edges(data=True):
        spells = data.get("spells", [])
        assert "start" not in data
        assert {start for start, _ in spells} == days[(u, v)]
        for start, end in spells:
            assert date.fromisoformat(end) - date.fromisoformat(start) == timedelta(days=1)
        spanned += bool(spells)
    assert spanned > 20
