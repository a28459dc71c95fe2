"""The command line through click's CliRunner: exit codes and exact messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import main
from tests.conftest import SAMPLE

CONTRACT_KEYS = [
    "id",
    "article",
    "type",
    "cameo",
    "plover",
    "status",
    "trigger",
    "agent",
    "target",
    "object",
    "date",
    "speaker",
    "evidence",
    "sources",
    "confidence",
]


def kg(runner: CliRunner, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(main, list(args), input=input, catch_exceptions=False)


def test_ingest_summary_and_noop_on_second_run(runner: CliRunner, tmp_path: Path) -> None:
    store = str(tmp_path / "s")
    first = kg(runner, "ingest", str(SAMPLE), "--store", store)
    assert first.exit_code == 0, first.output
    articles = len([p for p in SAMPLE.iterdir() if p.suffix in (".txt", ".html")]) + 3
    assert f"{articles} articles ingested, 0 unchanged" in first.stderr
    assert "1 skipped, 0 failed" in first.stderr  # the folder's README.md
    second = kg(runner, "ingest", str(SAMPLE), "--store", store)
    assert second.stderr.strip() == f"0 articles ingested, {articles} unchanged, 0 events, 1 skipped, 0 failed"


def test_changed_article_replaces_its_events(runner: CliRunner, tmp_path: Path) -> None:
    store, folder = str(tmp_path / "s"), tmp_path / "in"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text("Agency sanctions firm\nUpdated: 2021-09-22 10:00\n\nThe Treasury sanctioned SUEX on Tuesday.\n")
    kg(runner, "ingest", str(folder), "--store", store)
    article.write_text(
        "Agency sanctions firm\nUpdated: 2021-09-22 10:00\n\nThe Treasury sanctioned Chatex on Tuesday.\n"
    )
    result = kg(runner, "ingest", str(folder), "--store", store)
    assert result.stderr.startswith("1 articles ingested, 0 unchanged")
    lines = [json.loads(x) for x in kg(runner, "events", "--format", "jsonl", "--store", store).output.splitlines()]
    assert [(e["type"], e["target"]["label"]) for e in lines] == [("SANCTION", "Chatex")]


def test_bad_inputs_are_reported_and_the_rest_goes_on(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Title\nUpdated: 2020-01-01 10:00\n\nPolice arrested a hacker in Kyiv on Monday.\n"
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "bin.html").write_bytes(b"\x00\x01\x02")
    (folder / "bad.jsonl").write_text('{"id": "x", "text": "Police seized servers."}\n{oops\n')
    store = str(tmp_path / "s")
    result = kg(runner, "ingest", str(folder), str(tmp_path / "missing.txt"), "--store", store)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: {folder / 'bad.jsonl'}:2: malformed JSON at column 2: Expecting property name enclosed in double quotes",
        f"Error: {folder / 'bin.html'}: binary file (contains NUL bytes and no byte order mark), not an article",
        f"Error: {folder / 'empty.txt'}: empty file",
        f"Error: {tmp_path / 'missing.txt'}: no such file or folder",
    ]
    assert result.stderr.splitlines()[-1].startswith("2 articles ingested, 0 unchanged")
    assert result.stderr.splitlines()[-1].endswith("0 skipped, 4 failed")


def test_events_jsonl_follows_the_contract(runner: CliRunner, sample_store: Path) -> None:
    result = kg(runner, "events", "--format", "jsonl", "--store", str(sample_store))
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records
    for r in records:
        assert list(r) == CONTRACT_KEYS
        assert r["agent"]["label"] and r["agent"]["kind"]
        assert r["evidence"]["end"] > r["evidence"]["start"]
        assert r["article"] in r["sources"]
    types = {r["type"] for r in records}
    assert {"SANCTION", "ENACT"} <= types


def test_events_table(runner: CliRunner, sample_store: Path) -> None:
    result = kg(runner, "events", "--store", str(sample_store), "--type", "sanction")
    header = result.stdout.splitlines()[0].split()
    assert header == ["date", "type", "agent", "trigger", "target", "object", "status", "article"]
    assert all(" SANCTION " in line for line in result.stdout.splitlines()[2:-1])
    assert result.stderr.startswith("kept ")  # what the filters dropped, apart from the table


def _jsonl(runner: CliRunner, store: Path, *args: str) -> list[dict]:  # type: ignore[type-arg]
    result = kg(runner, "events", "--format", "jsonl", "--store", str(store), *args)
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_events_take_the_filters_of_kg_view(runner: CliRunner, sample_store: Path) -> None:
    every = _jsonl(runner, sample_store)
    since = _jsonl(runner, sample_store, "--since", "2020-01-01", "--until", "2021-12-31")
    assert since and all("2020-01-01" <= r["date"] <= "2021-12-31" for r in since)
    assert len(since) < len([r for r in every if r["date"]])
    sure = _jsonl(runner, sample_store, "--min-confidence", "0.7")
    assert sure and all(r["confidence"] >= 0.7 for r in sure) and len(sure) < len(every)
    china = _jsonl(runner, sample_store, "--actor", "china", "--hops", "0")
    assert china and all(r["agent"]["label"] == "China" for r in china)
    article = every[0]["article"]
    assert {r["article"] for r in _jsonl(runner, sample_store, "--article", article)} == {article}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "SANCTIONS"], "Error: no event type 'SANCTIONS'; did you mean: SANCTION?"),
        (["--actor", "Chna"], "Error: no actor 'Chna'; did you mean: China"),
        (["--since", "yesterday"], "Error: --since 'yesterday' is not a date"),
    ],
)
def test_events_unknown_filter_values_name_the_closest(
    runner: CliRunner, sample_store: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(main, ["events", "--store", str(sample_store), *args])
    assert result.exit_code == 1
    assert result.output.startswith(message)
    assert len(result.output.strip().splitlines()) == 1


def test_statements_say_what_was_said(runner: CliRunner, sample_store: Path) -> None:
    statements = _jsonl(runner, sample_store, "--type", "STATEMENT")
    said = [r for r in statements if r["object"]]
    assert len(said) > len(statements) / 2
    for r in said:
        assert r["object"]["label"].rstrip(" …") in r["evidence"]["text"] or r["object"]["label"].endswith("…")
        assert not r["object"]["label"].lower().startswith(("that ", "which "))


def test_a_table_for_a_terminal_fits_its_width() -> None:
    import io

    from kg.cli.output import write_rows

    out = io.StringIO()
    long = "a sentence of many words that would not fit in one narrow column " * 3
    write_rows(
        ["date", "agent", "evidence"], [["2015-01-02", "US Department of the Treasury", long]], out=out, width=60
    )
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 60
    assert " ".join(" ".join(lines).split()).count("narrow column") == 3  # wrapped, nothing cut
    assert lines[-1] == "(1 row)"


def test_query_syntax_error_is_one_line(runner: CliRunner, sample_store: Path) -> None:
    result = runner.invoke(main, ["query", "SELECT ?s WHERE {\n ?s ?p", "--store", str(sample_store)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: SPARQL syntax error at line 2, column")
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_formats(runner: CliRunner, sample_store: Path, fmt: str) -> None:
    q = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e <https://w3id.org/kg-cyber/ns#agent> ?a }"
    result = kg(runner, "query", q, "--format", fmt, "--store", str(sample_store))
    assert result.exit_code == 0
    if fmt == "json":
        assert json.loads(result.output)[0]["n"] > 0
    else:
        assert result.output.splitlines()[0].strip() == "n"


def test_query_from_file_and_stdin(runner: CliRunner, sample_store: Path, tmp_path: Path) -> None:
    q = "ASK { ?s ?p ?o }"
    (tmp_path / "q.rq").write_text(q)
    assert "True" in kg(runner, "query", "--file", str(tmp_path / "q.rq"), "--store", str(sample_store)).output
    assert "True" in kg(runner, "query", "--store", str(sample_store), input=q).output


def test_saved_queries(runner: CliRunner, sample_store: Path) -> None:
    listing = kg(runner, "query", "--list").output
    for name in ("who-sanctioned-whom", "reactions", "actor-events", "timeline"):
        assert name in listing
    result = kg(runner, "query", "--saved", "who-sanctioned-whom", "--format", "json", "--store", str(sample_store))
    rows = json.loads(result.output)
    assert any(r["agent"] == "US Department of the Treasury" for r in rows)
    china = json.loads(
        kg(
            runner,
            "query",
            "--saved",
            "actor-events",
            "--param",
            "actor=china",
            "--format",
            "json",
            "--store",
            str(sample_store),
        ).output
    )
    assert china and all(set(r) >= {"date", "role", "type"} for r in china)
    missing = runner.invoke(main, ["query", "--saved", "actor-events", "--store", str(sample_store)])
    assert missing.output.strip() == "Error: the query needs a value for $actor; pass --param actor=VALUE"
    unknown = runner.invoke(main, ["query", "--saved", "nope", "--store", str(sample_store)])
    assert unknown.output.startswith("Error: no saved query 'nope'; choose one of: actor-events")


def test_param_values_cannot_inject_sparql(runner: CliRunner, sample_store: Path) -> None:
    evil = 'x") } DROP ALL ; SELECT * WHERE { ?s ?p ?o FILTER("'
    result = kg(
        runner,
        "query",
        "--saved",
        "actor-events",
        "--param",
        f"actor={evil}",
        "--format",
        "json",
        "--store",
        str(sample_store),
    )
    assert json.loads(result.output) == []


@pytest.mark.parametrize("fmt", ["ttl", "nq", "trig", "jsonld", "graphml", "gexf"])
def test_export_formats_parse_back(runner: CliRunner, sample_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"kg.{fmt}"
    result = kg(runner, "export", "--format", fmt, "--output", str(out), "--store", str(sample_store))
    assert result.exit_code == 0
    if fmt in ("graphml", "gexf"):
        import networkx as nx

        g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        assert g.number_of_nodes() > 5
    elif fmt == "ttl":
        assert len(Graph().parse(out, format="turtle")) > 100
    else:
        ds = Dataset()
        ds.parse(out, format={"nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[fmt])
        assert len(list(ds.graphs())) > 3


def test_export_to_stdout(runner: CliRunner, sample_store: Path) -> None:
    result = kg(runner, "export", "--format", "nq", "--store", str(sample_store))
    assert result.output.count("\n") > 100 and "<https://w3id.org/kg-cyber/" in result.output


def test_validate_conforms(runner: CliRunner, sample_store: Path) -> None:
    result = kg(runner, "validate", "--store", str(sample_store))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "the store conforms to ontology/shapes.ttl"


def test_view_writes_an_offline_page(runner: CliRunner, sample_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    result = kg(runner, "view", "--output", str(out), "--store", str(sample_store))
    assert result.exit_code == 0 and out.exists()
    html = out.read_text()
    assert 'src="http' not in html and 'href="http' not in html


def test_commands_on_a_missing_store_fail_clearly(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["events", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert (
        result.output.strip() == f"Error: {tmp_path / 'none'}: no store here yet; run `kg ingest` first or pass --store"
    )


def test_store_from_environment(runner: CliRunner, sample_store: Path) -> None:
    result = runner.invoke(main, ["events", "--format", "jsonl"], env={"KG_STORE": str(sample_store)})
    assert result.exit_code == 0 and result.output.count("\n") > 5


def test_eval_on_the_sample_gold(runner: CliRunner, sample_store: Path) -> None:
    gold = Path(__file__).parent / "gold" / "sample.jsonl"
    result = kg(runner, "eval", str(gold), "--format", "json", "--store", str(sample_store))
    report = json.loads(result.output)
    assert report["articles"] == 13 and report["articles_without_events"] == []
    assert report["overall"]["tp"] > 0
    table = kg(runner, "eval", str(gold), "--store", str(sample_store)).output
    assert "OVERALL" in table and "date accuracy" in table


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for name, _command in main.commands.items():  # type: ignore[attr-defined]
        text = kg(runner, name, "--help").output
        assert "Example" in text, name
        assert f"kg {name}" in readme, f"README does not mention kg {name}"


def test_an_event_reported_by_two_articles_is_one_event_with_both_sources(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Wire one\nUpdated: 2021-09-22 10:00\n\nThe Treasury sanctioned SUEX on Tuesday.\n")
    (folder / "b.txt").write_text(
        "Wire two\nUpdated: 2021-09-23 09:00\n\nOn Sept. 21, 2021, the Treasury Department sanctioned SUEX.\n"
    )
    store = str(tmp_path / "s")
    kg(runner, "ingest", str(folder), "--store", store)
    records = [json.loads(x) for x in kg(runner, "events", "--format", "jsonl", "--store", store).output.splitlines()]
    assert [(r["type"], r["target"]["label"], r["date"], r["sources"]) for r in records] == [
        ("SANCTION", "SUEX", "2021-09-21", ["a.txt", "b.txt"])
    ]
    assert kg(runner, "validate", "--store", store).exit_code == 0
    kg(runner, "ingest", str(folder / "a.txt"), "--store", store)  # no-op: the same content again
    (folder / "a.txt").write_text(
        "Wire one\nUpdated: 2021-09-22 10:00\n\nThe Treasury sanctioned Garantex on Tuesday.\n"
    )
    kg(runner, "ingest", str(folder), "--store", store)
    records = [json.loads(x) for x in kg(runner, "events", "--format", "jsonl", "--store", store).output.splitlines()]
    assert sorted((r["target"]["label"], r["sources"]) for r in records) == [
        ("Garantex", ["a.txt"]),
        ("SUEX", ["b.txt"]),
    ]
