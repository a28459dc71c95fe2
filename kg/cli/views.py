"""The analyst's commands: `kg view`, `kg timeline`, `kg stats`, `kg rank`, `kg path`,
`kg communities`. Each reads the store's events, narrows them with kg.graph.select, and
calls one library function."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kg.cli.group import main
from kg.cli.options import format_option, handle_errors, selected, selection_options, store_option


@main.command()
@store_option
@selection_options
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("exports/graph.html"),
    show_default=True,
)
@click.option("--title", default="kg: events", show_default=True, help="The page's heading.")
@click.option(
    "--policies/--no-policies",
    default=False,
    show_default=True,
    help="Also draw the policies events are about (sanctions regimes, laws) as nodes.",
)
@handle_errors
def view(store_path: str | None, output: Path, title: str, policies: bool, **filters: Any) -> None:
    """Write the interactive graph (one offline HTML file) of the stored events.

    Actors are drawn sized by their number of events, the busiest named; actors without an
    edge, and policies unless --policies, are left out. The page has a search box (also
    graph.html#search=NAME), a time window, filters by event type, actor kind and date, and
    a side panel listing the events behind a clicked node or edge.

    \b
    Example:
        kg view --actor China --hops 2 --since 2015-01-01 --output exports/china.html
    """
    from kg.views.network import not_drawn, render_html

    selection = selected(store_path, **filters)
    output.parent.mkdir(parents=True, exist_ok=True)
    counts = render_html(selection.records, output, title=title, policies=policies)
    left_out = not_drawn(counts)
    note = f"; not drawn: {left_out}" if left_out else ""
    click.echo(f"wrote {output} ({counts['nodes']} nodes, {counts['edges']} edges{note})", err=True)


@main.command()
@store_option
@selection_options
@click.option(
    "--by",
    type=click.Choice(["actor", "type"]),
    default="actor",
    show_default=True,
    help="One row per actor or per event type.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("exports/timeline.html"),
    show_default=True,
)
@click.option("--title", default="kg: timeline", show_default=True, help="The page's heading.")
@handle_errors
def timeline(store_path: str | None, by: str, output: Path, title: str, **filters: Any) -> None:
    """Write the events over time (one offline HTML file), one row per actor or type.

    \b
    Example:
        kg timeline --by type --type SANCTION --type ACCUSE --output exports/timeline.html
    """
    from kg.views.timeline import render_timeline

    selection = selected(store_path, **filters)
    output.parent.mkdir(parents=True, exist_ok=True)
    counts = render_timeline(selection.records, output, title=title, by=by)
    click.echo(
        f"wrote {output} ({counts['rows']} rows, {counts['marks']} marks, {counts['undated']} undated events)", err=True
    )


@main.command()
@store_option
@selection_options
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True, help="How many top actors.")
@format_option
@handle_errors
def stats(store_path: str | None, top: int, fmt: str, **filters: Any) -> None:
    """Count events by type and month, actors by kind, and list the busiest actors.

    \b
    Example:
        kg stats --since 2019-01-01 --format csv > stats.csv
    """
    from kg.cli.output import write_rows
    from kg.graph.analytics import stats as run

    columns, rows = run(selected(store_path, **filters).records, top=top)
    write_rows(columns, rows, fmt)


@main.command()
@store_option
@selection_options
@click.option("--by", type=click.Choice(["degree", "pagerank", "betweenness"]), default="degree", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@format_option
@handle_errors
def rank(store_path: str | None, by: str, limit: int, fmt: str, **filters: Any) -> None:
    """Rank the actors of the actor graph by degree, PageRank or betweenness.

    \b
    Example:
        kg rank --by pagerank --type SANCTION --limit 10
    """
    from kg.cli.output import write_rows
    from kg.graph.analytics import rank as run

    columns, rows = run(selected(store_path, **filters).records, by=by, limit=limit)
    write_rows(columns, rows, fmt)


@main.command()
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@store_option
@selection_options
@format_option
@handle_errors
def path(source: str, target: str, store_path: str | None, fmt: str, **filters: Any) -> None:
    """The shortest chain of actors from A to B, with the events on each hop.

    \b
    Example:
        kg path China "United States" --format json
    """
    from kg.cli.output import write_rows
    from kg.graph.analytics import path as run

    columns, rows = run(selected(store_path, **filters).records, source, target)
    write_rows(columns, rows, fmt)


@main.command()
@store_option
@selection_options
@format_option
@handle_errors
def communities(store_path: str | None, fmt: str, **filters: Any) -> None:
    """Groups of actors that act on each other (greedy modularity), largest first.

    \b
    Example:
        kg communities --since 2019-01-01 --format csv
    """
    from kg.cli.output import write_rows
    from kg.graph.analytics import communities as run

    columns, rows = run(selected(store_path, **filters).records)
    write_rows(columns, rows, fmt)
