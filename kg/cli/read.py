"""Reading commands: `kg events`, `kg query`, `kg export`, `kg validate`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any

import click

from kg.cli.group import main
from kg.cli.options import (
    handle_errors,
    limits_from,
    open_for,
    query_limit_options,
    selected,
    selection_options,
    store_option,
)
from kg.errors import KGError


@main.command()
@store_option
@selection_options
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl", "json", "csv", "tsv"]), default="table", show_default=True
)
@handle_errors
def events(store_path: str | None, fmt: str, **filters: Any) -> None:
    """List the stored events: a table that fits the terminal, or JSON Lines exactly as
    docs/events.md says. The filters are those of `kg view`; an unknown type or actor is an
    error that names the closest ones.

    \b
    Examples:
        kg events --format jsonl --type SANCTION > sanctions.jsonl
        kg events --actor China --since 2020-01-01 --min-confidence 0.6
    """
    from kg.cli.output import write_rows
    from kg.query.records import contract, table_rows

    records = selected(store_path, **filters).records
    if fmt == "jsonl":
        for r in records:
            click.echo(json.dumps(contract(r), ensure_ascii=False))
        return
    columns = ["date", "type", "agent", "trigger", "target", "object", "status", "article"]
    write_rows(columns, table_rows(records), fmt)  # type: ignore[arg-type]


@main.command()
@click.argument("sparql", required=False)
@click.option(
    "--file",
    "-f",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the query from a file ('-' for stdin).",
)
@click.option("--saved", metavar="NAME", help="Run a saved query (see --list).")
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind $NAME in the query to a string.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "ttl", "nt", "jsonld"]),
    default="table",
    show_default=True,
    help="table, csv, tsv or json for SELECT and ASK; ttl (the default for graphs), nt or jsonld for CONSTRUCT and DESCRIBE.",
)
@store_option
@query_limit_options
@handle_errors
def query(
    sparql: str | None,
    file: Path | None,
    saved: str | None,
    list_saved: bool,
    params: tuple[str, ...],
    fmt: str,
    store_path: str | None,
    **limit_options: Any,
) -> None:
    """Run a SPARQL query (argument, --file, --saved NAME, or stdin) against the store.

    SELECT and ASK print a table; CONSTRUCT and DESCRIBE print Turtle. Each query runs in a
    child process stopped at --timeout or --max-memory; SERVICE (a federated query) is refused
    unless --allow-service; $NAME is bound to the --param value as a string literal.

    \b
    Examples:
        kg query 'SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5'
        kg query --saved actor-events --param actor=China --format csv
        kg query 'DESCRIBE ?e WHERE { ?e a kg:Sanction } LIMIT 1'
    """
    from kg.cli.output import write_graph, write_rows
    from kg.query.sparql import prepare, run_query, saved_queries, saved_query
    from kg.store import index

    if list_saved:
        write_rows(["name", "description"], [[n, d] for n, (d, _) in saved_queries().items()], fmt)
        return
    if saved:
        text = saved_query(saved)
    elif file is not None:
        text = sys.stdin.read() if str(file) == "-" else _read_query_file(file)
    elif sparql is not None:
        text = sparql
    elif not sys.stdin.isatty():
        text = sys.stdin.read()
    else:
        raise click.UsageError("give a query, --file FILE, --saved NAME, or pipe one on stdin")
    bindings = {}
    for p in params:
        name, sep, value = p.partition("=")
        if not sep:
            raise click.BadParameter(f"{p!r} is not NAME=VALUE", param_hint="--param")
        bindings[name] = value
    text, values = prepare(text, bindings)
    with open_for(store_path) as store:
        if saved and not index.current(store):
            click.echo(
                "Warning: the store's order index is stale or missing, so saved queries may miss rows; "
                "run `kg reindex` (any write command also rebuilds it)",
                err=True,
            )
        answer = run_query(store, text, values, limits_from(**limit_options))
    if isinstance(answer, tuple):
        write_rows(*answer, fmt if fmt in ("table", "csv", "tsv", "json") else "table")
    else:
        write_graph(answer, fmt if fmt in ("ttl", "nt", "jsonld") else "ttl")


def _read_query_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KGError(f"{path}: cannot read the query file ({exc})") from None


@main.command()
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ttl", "nq", "trig", "jsonld", "graphml", "gexf", "csv", "parquet", "neo4j", "ftm"]),
    default="ttl",
    show_default=True,
    help="RDF: ttl, nq, trig, jsonld; Gephi: graphml, gexf; one row per event and source article: csv, "
    "parquet; a Neo4j import folder: neo4j; FollowTheMoney JSON lines: ftm.",
)
@click.option(
    "--output", "-o", default="-", show_default=True, help="File to write, '-' for stdout; a folder for neo4j."
)
@handle_errors
def export(store_path: str | None, fmt: str, output: str) -> None:
    """Export the store as RDF (ttl, nq, trig, jsonld), for Gephi (graphml, gexf), as a table
    that keeps the evidence (csv, parquet: one row per event and source article), as a Neo4j
    import folder (neo4j: CSVs for neo4j-admin and a load.cypher) or as FollowTheMoney
    entities (ftm: actors and sanctions, JSON lines).

    \b
    Examples:
        kg export --format trig --output exports/kg.trig
        kg export --format csv --output exports/events.csv
        kg export --format neo4j --output exports/neo4j
    """
    from kg.graph import gephi
    from kg.query import flat, ftm, neo4j
    from kg.query.export import export_rdf, write_atomically, write_folder_atomically
    from kg.query.records import event_records

    if output == "-" and fmt in ("parquet", "neo4j"):
        what = "a binary file: give --output FILE" if fmt == "parquet" else "a folder: give --output DIR"
        raise click.ClickException(f"--format {fmt} writes {what}")
    with open_for(store_path) as store:
        if fmt == "neo4j":
            data = flat.read_store(store)
            counts: dict[str, int] = {}

            def fill(folder: Path) -> None:
                counts.update(neo4j.write_folder(data, folder))

            write_folder_atomically(Path(output), fill, neo4j.FOLDER_FILES)
            nodes = sum(n for name, n in counts.items() if name in neo4j.NODE_FILES)
            click.echo(f"wrote {output} ({nodes} nodes, {sum(counts.values()) - nodes} relationships)", err=True)
            return
        if fmt in gephi.FORMATS:
            records = event_records(store)

            def write(out: IO[bytes]) -> None:
                gephi.write(records, fmt, out)
        elif fmt in flat.FORMATS:
            table = flat.read_store(store)

            def write(out: IO[bytes]) -> None:
                flat.write(table, fmt, out)
        elif fmt == "ftm":
            entities = ftm.entities(flat.read_store(store))

            def write(out: IO[bytes]) -> None:
                ftm.write(entities, out)
        else:

            def write(out: IO[bytes]) -> None:
                export_rdf(store, fmt, out)

        if output == "-":
            write(sys.stdout.buffer)
            sys.stdout.flush()
        else:
            write_atomically(Path(output), write)
            click.echo(f"wrote {output}", err=True)


@main.command()
@store_option
@handle_errors
def validate(store_path: str | None) -> None:
    """Check the store against the SHACL shapes of ontology/shapes.ttl; exit 1 on violations.

    \b
    Example:
        kg validate --store ./kg-store
    """
    from kg.query.validate import validate as run

    with open_for(store_path) as store:
        report = run(store)
    if report.conforms:
        click.echo("the store conforms to ontology/shapes.ttl")
        return
    click.echo(report.text)
    raise click.ClickException(f"{report.violations} SHACL violations")
