"""Writing commands: `kg ingest` (articles into the store), `kg extract` (the map step, no
store) and `kg load` (extracted files into a store or a server)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli.group import main
from kg.cli.options import (
    extraction_options,
    handle_errors,
    notify,
    open_for,
    store_option,
    terminated_as_interrupt,
    warning,
)
from kg.inputs.files import MAX_BYTES

if TYPE_CHECKING:
    from kg.pipeline.workers import Settings


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@store_option
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal, 20+ articles)."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes that parse articles and extract their events (this process writes the store).",
)
@click.option(
    "--prefilter/--full-parse",
    default=True,
    show_default=True,
    help="Parse only the sentences with a trigger word and a possible actor, or every sentence.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=MAX_BYTES,
    show_default=True,
    help="The largest article: a file, or one line of a JSON Lines file; larger ones are refused unread.",
)
@handle_errors
@extraction_options
def ingest(
    paths: tuple[str, ...],
    store_path: str | None,
    progress: bool | None,
    jobs: int,
    prefilter: bool,
    max_bytes: int,
    settings: Settings,
) -> None:
    """Read articles (.txt, .html, .htm, .jsonl, folders; - for JSON Lines on stdin), extract
    their events, store them.

    The same content ingested twice is a no-op; changed content replaces the article's graph.
    A bad file or line gets one line 'Error: FILE:LINE: reason' on stderr and the rest goes on;
    the exit status is 1 if any failed. Articles are written as they are extracted: an
    interrupted run keeps what it wrote, and a re-run does the rest.

    \b
    Example:
        kg ingest data/articles ../more/news.jsonl --store ./kg-store --jobs 2
        kg ingest new-articles/ --model my-model/     # a model from `kg train`
        curl -s https://example.org/feed.jsonl | kg ingest -
    """
    from kg.pipeline.ingest import ingest as run

    with terminated_as_interrupt(), open_for(store_path, read_only=False) as store:
        report = run(
            list(paths),
            store,
            on_error=notify,
            progress=progress,
            jobs=jobs,
            max_bytes=max_bytes,
            on_warning=warning,
            settings=replace(settings, prefilter=prefilter),
        )
    click.echo(
        f"{report.articles} articles ingested, {report.unchanged} unchanged, {report.events} events, "
        f"{report.skipped} skipped, {len(report.failed)} failed",
        err=True,
    )
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the N-Quads files, one per article.",
)
@handle_errors
@extraction_options
def extract(paths: tuple[str, ...], output: Path, settings: Settings) -> None:
    """Extract events into one N-Quads file per article, without a store (the map step).

    Files are named by article, so runs on several machines merge; an unchanged article is
    skipped. Load the folder with `kg load`.

    \b
    Example:
        kg extract data/articles --output exports/quads && kg load exports/quads
    """
    from kg.pipeline.mapstep import extract as run

    report = run(list(paths), output, on_error=notify, settings=settings)
    click.echo(
        f"{report.articles} articles extracted, {report.unchanged} unchanged, {report.events} events, "
        f"{report.skipped} skipped, {len(report.failed)} failed",
        err=True,
    )
    if report.failed:
        sys.exit(1)


@main.command()
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
    from kg.pipeline.mapstep import load as run

    with open_for(store_path, read_only=False) as store:
        report = run(directory, store, on_error=notify)
    click.echo(
        f"{report.articles} articles loaded, {report.unchanged} unchanged, {report.events} events, "
        f"{len(report.failed)} failed",
        err=True,
    )
    if report.failed:
        sys.exit(1)


@main.command()
@store_option
@handle_errors
def reindex(store_path: str | None) -> None:
    """Rebuild the order index the saved queries read (kg/store/index.py) from the article graphs.

    Write commands keep it up to date; this is for a store an interrupted command left stale,
    or one written before the index that no command has written since.

    \b
    Example:
        kg reindex --store ./kg-store
    """
    from kg.store import index

    with open_for(store_path, read_only=False) as store:
        store.update(index.rebuild_update())
    click.echo("rebuilt the order index", err=True)
