"""`kg serve`: the store over the SPARQL 1.1 Protocol, read-only, every query bounded."""

from __future__ import annotations

import sys
from typing import Any

import click

from kg.cli.group import main
from kg.cli.options import handle_errors, limits_from, query_limit_options, store_option
from kg.store import store_location


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port (0: any free one).")
@click.option("--cors", is_flag=True, default=False, help="Let pages of any origin query the endpoint (CORS headers).")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Queries answered at once; more wait their turn.",
)
@query_limit_options
@handle_errors
def serve(store_path: str | None, host: str, port: int, cors: bool, workers: int, **limit_options: Any) -> None:
    """Serve the store over the SPARQL 1.1 Protocol: queries at /query (GET or POST), read-only.

    Every query runs in its own process, stopped at --timeout or --max-memory or when its
    client leaves; SERVICE is refused unless --allow-service. The default graph is the union of
    all articles. While it runs, `kg ingest` on the same folder writes through it, and queries
    see what was written. Ctrl-C (or kill) stops it.

    \b
    Example:
        kg serve --store ./kg-store --port 7878 &
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/query
    """
    from kg.store.endpoint import Endpoint

    location = store_location(store_path)
    endpoint = Endpoint(location, host=host, port=port, limits=limits_from(**limit_options), cors=cors, workers=workers)
    sys.exit(
        endpoint.run(lambda url: click.echo(f"serving {location} read-only at {url}/query (Ctrl-C stops)", err=True))
    )
