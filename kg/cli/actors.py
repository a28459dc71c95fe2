"""`kg actors`: the store's actors, and the analyst's own aliases and merges (actors.toml in the
store folder, applied to the store at once and to every article ingested into it later)."""

from __future__ import annotations

import shlex

import click

from kg.cli.group import main
from kg.cli.options import TABLE_FORMATS, handle_errors, open_for, store_option
from kg.model import ACTOR_KINDS
from kg.store import store_location


@main.group()
def actors() -> None:
    """The store's actors: list them, find duplicates, add aliases, merge two into one.

    Aliases and merges are kept in actors.toml in the store folder (human-editable); every
    later `kg ingest` into that store resolves those names to your actor.

    \b
    Example:
        kg actors suggest
        kg actors merge "Council" "Council of the European Union"
        kg actors alias "Council of the European Union" "EU Council"
    """


@actors.command("list")
@store_option
@click.option("--unlinked", is_flag=True, help="Only actors with no Wikidata or ATT&CK link.")
@click.option("--kind", type=click.Choice(ACTOR_KINDS, case_sensitive=False), default=None, help="Only this kind.")
@click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="table", show_default=True)
@handle_errors
def list_(store_path: str | None, unlinked: bool, kind: str | None, fmt: str) -> None:
    """The named actors of the store: kind, events (as agent or target), Wikidata and ATT&CK ids.

    \b
    Example:
        kg actors list --unlinked --kind GovernmentBody
    """
    from kg.cli.output import write_rows
    from kg.pipeline.actors import list_actors

    if kind is not None:
        kind = next(k for k in ACTOR_KINDS if k.lower() == kind.lower())
    with open_for(store_path) as store:
        found = list_actors(store, kind=kind, unlinked=unlinked)
    rows = [[a.label, a.kind, a.events, a.wikidata or "", a.attack or ""] for a in found]
    write_rows(["actor", "kind", "events", "wikidata", "attack"], rows, fmt)
    if fmt == "table":
        click.echo(f"({len(rows)} actors)")


@actors.command()
@store_option
@click.option(
    "--min-score", type=click.FloatRange(0, 100), default=90.0, show_default=True, help="Smallest name similarity."
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="At most this many pairs.")
@handle_errors
def suggest(store_path: str | None, min_score: float, limit: int) -> None:
    """Likely duplicates: actors of the same kind with similar names (rapidfuzz token-set
    ratio of labels and aliases), best first, each with the command that merges them.

    The proposed winner is a gazetteer actor, else one with a Wikidata or ATT&CK link, else the
    longer name. Two actors the gazetteer keeps apart are never proposed.
    """
    from kg.pipeline.actors import suggest as run

    with open_for(store_path) as store:
        found = run(store, cutoff=min_score, limit=limit)
    where = f" --store {shlex.quote(store_path)}" if store_path else ""
    for s in found:
        click.echo(
            f"{s.score:5.1f}  {s.kind:<25} {s.loser.label!r} ({s.loser.events} events) -> "
            f"{s.winner.label!r} ({s.winner.events} events)"
        )
        click.echo(f"       kg actors merge {shlex.quote(s.loser.label)} {shlex.quote(s.winner.label)}{where}")
    click.echo(f"({len(found)} pairs)", err=True)


@actors.command()
@click.argument("loser", metavar="A")
@click.argument("winner", metavar="B")
@store_option
@handle_errors
def merge(loser: str, winner: str, store_path: str | None) -> None:
    """A and B are one actor: B's label wins, A becomes one of its aliases.

    The store is rewritten in one transaction (A's events, relations and links move to B) and
    actors.toml records the merge, so later ingests give B wherever A is named. Running the
    same merge again finishes one that was interrupted.

    \b
    Example:
        kg actors merge "Council" "Council of the European Union"
    """
    from kg.pipeline.actors import merge as run

    with open_for(store_path, read_only=False) as store:
        report = run(store, loser, winner)
    click.echo(
        f"merged {report.loser!r} into {report.winner!r}: {report.quads} statements rewritten, "
        f"{report.events} events re-keyed; recorded in {_overlay_name(store_path)}",
        err=True,
    )


@actors.command()
@click.argument("actor", metavar="A")
@click.argument("name", metavar="NAME")
@store_option
@handle_errors
def alias(actor: str, name: str, store_path: str | None) -> None:
    """Add NAME as an alias of actor A: articles ingested from now on resolve NAME to A.

    \b
    Example:
        kg actors alias "Council of the European Union" "EU Council"
    """
    from kg.pipeline.actors import add_alias

    with open_for(store_path, read_only=False) as store:
        found = add_alias(store, actor, name)
    click.echo(f"{name!r} is now an alias of {found.label!r}; recorded in {_overlay_name(store_path)}", err=True)


def _overlay_name(store_path: str | None) -> str:
    from kg.extraction.overlay import overlay_path

    return str(overlay_path(store_location(store_path)))
