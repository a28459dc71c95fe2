"""The `kg` command line: a thin layer over the library (STYLE.md 1)."""
from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kg.errors import KGError
from kg.store import Store, store_location

if TYPE_CHECKING:
    from kg.remote import RemoteStore

F = TypeVar("F", bound=Callable[..., Any])


def store_option(func: F) -> F:
    return click.option(
        "--store", "store_path", metavar="PATH", default=None,
        help="Store folder or SPARQL server URL (http://HOST:PORT for Oxigraph, http://HOST:PORT/DATASET "
             "for Fuseki; default: $KG_STORE, else ./kg-store).",
    )(func)


def handle_errors(func: F) -> F:
    """Turn library errors into one line 'Error: ...' and exit status 1, no traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            raise click.ClickException(str(exc)) from None
        except BrokenPipeError:  # `kg events | head`: a closed pipe ends quietly
            sys.stderr.close()
            sys.exit(0)

    return wrapper  # type: ignore[return-value]


def _open(store_path: str | None, read_only: bool = True) -> Store | RemoteStore:  # noqa: D103
    """The embedded store in a folder, or a SPARQL server for an http(s) URL."""
    from kg.remote import open_store

    return open_store(store_location(store_path), read_only)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """kg: event knowledge graphs of cyber conflict from news articles.

    \b
    Example:
        kg ingest data/articles && kg events
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@store_option
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal, 20+ articles).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes that parse articles and extract their events (this process writes the store).")
@click.option("--prefilter/--full-parse", default=True, show_default=True,
              help="Parse only the sentences with a trigger word and a possible actor, or every sentence.")
@handle_errors
def ingest(paths: tuple[str, ...], store_path: str | None, progress: bool | None, jobs: int, prefilter: bool) -> None:
    """Read articles (.txt, .html, .htm, .jsonl, folders), extract events, store them.

    The same content ingested twice is a no-op; changed content replaces the article's graph.
    A bad input gets one line on stderr and the rest goes on; the exit status is 1 if any failed.

    \b
    Example:
        kg ingest data/articles ../more/news.jsonl --store ./kg-store --jobs 2
    """
    from kg.ingest import ingest as run

    def notify(message: str) -> None:
        click.echo(f"Error: {message}", err=True)

    with _open(store_path, read_only=False) as store:
        report = run(list(paths), store, on_error=notify, progress=progress, jobs=jobs, prefilter=prefilter)
    click.echo(
        f"{report.articles} articles ingested, {report.unchanged} unchanged, {report.events} events, "
        f"{report.skipped} skipped, {len(report.failed)} failed",
        err=True,
    )
    if report.failed:
        sys.exit(1)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json", "csv", "tsv"]), default="table", show_default=True)
@click.option("--type", "types", multiple=True, metavar="TYPE", help="Only events of this type (repeatable).")
@click.option("--article", default=None, help="Only events of this article id.")
@handle_errors
def events(store_path: str | None, fmt: str, types: tuple[str, ...], article: str | None) -> None:
    """List the stored events: a readable table, or JSON Lines exactly as EVENTS.md says.

    \b
    Example:
        kg events --format jsonl --type SANCTION > sanctions.jsonl
    """
    from kg.events import contract, event_records, table_rows
    from kg.output import write_rows

    with _open(store_path) as store:
        records = event_records(store)
    wanted = {t.upper() for t in types}
    records = [r for r in records if (not wanted or r["type"] in wanted) and (article is None or r["article"] == article)]
    if fmt == "jsonl":
        for r in records:
            click.echo(json.dumps(contract(r), ensure_ascii=False))
        return
    columns = ["date", "type", "agent", "trigger", "target", "object", "status", "article"]
    write_rows(columns, table_rows(records), fmt)


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "file", type=click.Path(dir_okay=False, path_type=Path), help="Read the query from a file ('-' for stdin).")
@click.option("--saved", metavar="NAME", help="Run a saved query (see --list).")
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind $NAME in the query to a string.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@store_option
@handle_errors
def query(sparql: str | None, file: Path | None, saved: str | None, list_saved: bool,
          params: tuple[str, ...], fmt: str, store_path: str | None) -> None:
    """Run a SPARQL query (argument, --file, --saved NAME, or stdin) against the store.

    \b
    Examples:
        kg query 'SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5'
        kg query --saved actor-events --param actor=China --format csv
    """
    from kg.output import write_rows
    from kg.query import bind, run_select, saved_queries, saved_query

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
    text = bind(text, bindings)
    with _open(store_path) as store:
        columns, rows = run_select(store, text)
    write_rows(columns, rows, fmt)


def _read_query_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KGError(f"{path}: cannot read the query file ({exc})") from None


@main.command()
@store_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=Path("exports/graph.html"), show_default=True)
@handle_errors
def view(store_path: str | None, output: Path) -> None:
    """Write the interactive graph (one offline HTML file) of the stored events.

    \b
    Example:
        kg view --output exports/graph.html && chromium exports/graph.html
    """
    from kg.events import event_records
    from kg.view import render_html

    with _open(store_path) as store:
        records = event_records(store)
    output.parent.mkdir(parents=True, exist_ok=True)
    counts = render_html(records, output, title="kg: events")
    click.echo(f"wrote {output} ({counts['nodes']} nodes, {counts['edges']} edges)", err=True)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["ttl", "nq", "trig", "jsonld", "graphml", "gexf"]), default="ttl", show_default=True)
@click.option("--output", "-o", default="-", show_default=True, help="File to write, '-' for stdout.")
@handle_errors
def export(store_path: str | None, fmt: str, output: str) -> None:
    """Export the store as RDF (ttl, nq, trig, jsonld) or for Gephi (graphml, gexf).

    \b
    Example:
        kg export --format trig --output exports/kg.trig
    """
    from kg.export import export as run, export_to

    with _open(store_path) as store:
        if output == "-":
            run(store, fmt, sys.stdout.buffer)
            sys.stdout.flush()
        else:
            export_to(store, fmt, Path(output))
            click.echo(f"wrote {output}", err=True)


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("--casie", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Score ATTACK events against a CASIE file's gold (named attacker and victim only).")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@handle_errors
def eval_(gold: Path | None, casie: Path | None, store_path: str | None, fmt: str) -> None:
    """Score the stored events against a gold file: P/R/F1 per type, dates, misses, false alarms.

    Ingest the gold's articles first; events of articles not in the gold are ignored.

    \b
    Examples:
        kg ingest ../shared/corpus/seed && kg eval ../shared/corpus/seed/gold.jsonl
        kg ingest ../shared/corpus/casie-dev.jsonl && kg eval --casie ../shared/corpus/casie-dev.jsonl
    """
    from kg.evaluate import casie_gold, evaluate, read_gold
    from kg.events import event_records
    from kg.output import table

    if (gold is None) == (casie is None):
        raise click.UsageError("give either a GOLD file or --casie FILE")
    gold_articles = read_gold(gold) if gold is not None else casie_gold(casie)  # type: ignore[arg-type]
    with _open(store_path) as store:
        result = evaluate(gold_articles, event_records(store), types={"ATTACK"} if casie is not None else None)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    rows: list[list[Any]] = []
    for name, s in sorted(result.per_type.items()) + [("OVERALL", result.overall), ("STATEMENT (apart)", result.statement)]:
        rows.append([name, s.tp, s.fp, s.fn, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}"])
    click.echo(table(["type", "tp", "fp", "fn", "precision", "recall", "f1"], rows), nl=False)
    click.echo(f"date accuracy {result.date_accuracy:.3f} over {result.dates_total} matched dated events; "
               f"status accuracy {result.status_accuracy:.3f}; {result.articles} articles")
    for name in result.without_events:
        click.echo(f"no events in the store for: {name} (not ingested, or nothing extracted)")
    for m in result.missed:
        click.echo(f"missed   {m['article']}: {m['type']} {m['agent']} -> {m['target'] or m['object']} ({m['date']})")
    for w in result.wrong_dates:
        click.echo(f"date     {w['article']}: {w['type']} {w['agent']} -> {w['target'] or w['object']}: "
                   f"{w['date']} for {w['gold_date']}: {w['sentence'][:100]}")
    for f in result.spurious:
        click.echo(f"spurious {f['article']}: {f['type']} {f['agent']} -> {f['target'] or f['object']} ({f['date']}): {f['sentence'][:100]}")


@main.command()
@store_option
@handle_errors
def validate(store_path: str | None) -> None:
    """Check the store against the SHACL shapes of ontology/shapes.ttl; exit 1 on violations.

    \b
    Example:
        kg validate --store ./kg-store
    """
    from kg.validate import validate as run

    with _open(store_path) as store:
        report = run(store)
    if report.conforms:
        click.echo("the store conforms to ontology/shapes.ttl")
        return
    click.echo(report.text)
    raise click.ClickException(f"{report.violations} SHACL violations")


def _register_extensions() -> None:
    """Commands defined in their own modules: views and analytics."""
    from kg.cli_scale import register as register_scale
    from kg.cli_views import register as register_views

    register_views(main)
    register_scale(main)


_register_extensions()

if __name__ == "__main__":
    main()
