"""`kg serve`: the store over the SPARQL 1.1 Protocol, read-only."""

from __future__ import annotations

import sys

import click

from kg.cli.group import main
from kg.cli.options import handle_errors, store_option
from kg.store import store_location


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option(
    "--timeout",
    type=click.IntRange(min=1),
    default=None,
    metavar="SECONDS",
    help="Stop a query after this many seconds (Oxigraph's --timeout-s).",
)
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
    from kg.store.server import Server

    location = store_location(store_path)
    server = Server(location, host=host, port=port, read_only=True, timeout=timeout)
    sys.exit(
        server.run(lambda url: click.echo(f"serving {location} read-only at {url}/query (Ctrl-C stops)", err=True))
    )
