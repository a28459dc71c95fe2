"""Commands for scale: `kg serve` (a read-only SPARQL endpoint), `kg extract` (the map step,
no store) and `kg load` (bulk write of extracted files). `register(main)` adds them to `kg`.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import handle_errors, store_option
from kg.store import store_location


def register(group: click.Group) -> None:
    """Add serve, extract and load to the `kg` group."""
    group.add_command(serve)
    group.add_command(extract)
    group.add_command(load)


@click.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--timeout", type=click.IntRange(min=1), default=None, metavar="SECONDS",
              help="Stop a query after this many seconds (Oxigraph's --timeout-s).")
@handle_errors
def serve(store_path: str | None, host: str, port: int, timeout: int | None) -> None:
    """Serve the store read-only over the SPARQL 1.1 Protocol (queries at /query; updates refused).

    Runs Oxigraph's server (`pip install oxigraph`); the default graph is the union of all
    articles. Stop `kg ingest` on the same folder first. Ctrl-C stops the server.

    \b
    Example:
        kg serve --store ./kg-store --port 7878 &
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/query
    """
    from kg.serve import Server

    location = store_location(store_path)
    server = Server(location, host=host, port=port, read_only=True, timeout=timeout)
    sys.exit(server.run(lambda url: click.echo(f"serving {location} read-only at {url}/query (Ctrl-C stops)", err=True)))


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="INPUT...")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the N-Quads files, one per article.")
@handle_errors
def extract(paths: tuple[str, ...], output: Path) -> None:
    """Extract events into one N-Quads file per article, without a store (the map step).

    Files are named by article, so runs on several machines merge; an unchanged article is
    skipped. Load the folder with `kg load`.

    \b
    Example:
        kg extract data/articles --output exports/quads && kg load exports/quads
    """
    from kg.mapstep import extract as run

    report = run(list(paths), output, on_error=lambda message: click.echo(f"Error: {message}", err=True))
    click.echo(f"{report.articles} articles extracted, {report.unchanged} unchanged, {report.events} events, "
               f"{report.skipped} skipped, {len(report.failed)} failed", err=True)
    if report.failed:
        sys.exit(1)


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), metavar="DIR")
@store_option
@handle_errors
def load(directory: Path, store_path: str | None) -> None:
    """Load the N-Quads files of `kg extract` into the store or a SPARQL server, one write per article.

    \b
    Examples:
        kg load exports/quads --store ./kg-store
        kg load exports/quads --store http://127.0.0.1:7878
    """
    from kg.mapstep import load as run
    from kg.remote import open_store

    with open_store(store_location(store_path), read_only=False) as store:
        report = run(directory, store, on_error=lambda message: click.echo(f"Error: {message}", err=True))
    click.echo(f"{report.articles} articles loaded, {report.unchanged} unchanged, {report.events} events, "
               f"{len(report.failed)} failed", err=True)
    if report.failed:
        sys.exit(1)
