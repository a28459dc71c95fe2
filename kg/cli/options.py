"""What the commands share: options written once (--store, --format, the selection filters),
the translation of library errors into one line, and opening the store."""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from kg.errors import KGError
from kg.graph.select import Selection, select
from kg.store import RemoteStore, Store, open_store, store_location
from kg.store.bounded import Limits

F = TypeVar("F", bound=Callable[..., Any])
TABLE_FORMATS = ("table", "json", "csv")


def store_option(func: F) -> F:
    return click.option(
        "--store",
        "store_path",
        metavar="PATH",
        default=None,
        help="Store folder or SPARQL server URL (http://HOST:PORT for Oxigraph, http://HOST:PORT/DATASET "
        "for Fuseki; default: $KG_STORE, else ./kg-store).",
    )(func)


def extraction_options(func: F) -> F:
    """--model DIR and --rules/--no-rules, as `settings` (kg.pipeline.workers.Settings)."""

    @click.option(
        "--model",
        "model",
        metavar="DIR",
        default=None,
        help="Add the learned layer: a model folder from `kg train`, or data/models/events (the shipped one). "
        "Default: the rules alone, which scored best on the test gold.",
    )
    @click.option(
        "--rules/--no-rules",
        default=True,
        show_default=True,
        help="Run the extraction rules (--no-rules: the model alone).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, model: str | None, rules: bool, **kwargs: Any) -> Any:
        from kg.extraction.model import Model
        from kg.pipeline.workers import Settings

        if not rules and model is None:
            raise click.UsageError("--no-rules needs a --model: there would be nothing to extract with")
        if model is not None:
            Model.load(model)  # a folder that is no model is refused before any article is read
        folder = str(Path(model).resolve()) if model is not None else None
        return func(*args, settings=Settings(rules=rules, model=folder), **kwargs)

    return wrapper  # type: ignore[return-value]


def handle_errors(func: F) -> F:
    """Turn library errors into one line 'Error: ...' and exit status 1, no traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            raise click.ClickException(message(exc)) from None
        except BrokenPipeError:  # `kg events | head`: a closed pipe ends quietly
            sys.stderr.close()
            sys.exit(0)

    return wrapper  # type: ignore[return-value]


def message(exc: KGError) -> str:
    """The one line a command prints for a library error: the parameter named as its option,
    then the hint."""
    text = str(exc)
    if exc.param and text.startswith(exc.param):
        text = "--" + exc.param.replace("_", "-") + text[len(exc.param) :]
    return text + (f"; {exc.hint}" if exc.hint else "")


def open_for(store_path: str | None, read_only: bool = True) -> Store | RemoteStore:
    """The store of --store (else $KG_STORE, else ./kg-store): a folder, or a server's URL. A
    folder that `kg serve` serves is written through the server (a note says so)."""
    store = open_store(store_location(store_path), read_only)
    if isinstance(store, RemoteStore) and store.served_folder:
        click.echo(
            f"Note: {store.served_folder} is served by kg serve at {store.location}: writing through it", err=True
        )
    return store


def notify(message: str) -> None:
    """Report one failed input on stderr; the command goes on."""
    click.echo(f"Error: {message}", err=True)


def warning(message: str) -> None:
    """Report something done differently than asked (an article stored without events)."""
    click.echo(f"Warning: {message}", err=True)


@contextlib.contextmanager
def terminated_as_interrupt() -> Iterator[None]:
    """SIGTERM (`kill`) stops the command as Ctrl-C does: worker processes are stopped and what
    was written stays whole."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def selection_options(func: F) -> F:
    """The filters every view command shares (kg.select.select)."""
    options = [
        click.option(
            "--actor",
            metavar="NAME",
            default=None,
            help="Only the ego network of this actor (label or alias, any case).",
        ),
        click.option(
            "--hops",
            type=click.IntRange(min=0),
            default=1,
            show_default=True,
            help="With --actor: how many steps out in the actor graph.",
        ),
        click.option(
            "--type",
            "types",
            multiple=True,
            metavar="TYPE",
            help="Only events of this type (repeatable), e.g. SANCTION.",
        ),
        click.option("--since", metavar="YYYY-MM-DD", default=None, help="Only events on or after this day."),
        click.option("--until", metavar="YYYY-MM-DD", default=None, help="Only events on or before this day."),
        click.option(
            "--min-sources",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="Only events reported by at least this many articles.",
        ),
        click.option(
            "--min-confidence",
            type=click.FloatRange(0.0, 1.0),
            default=0.0,
            show_default=True,
            help="Only events the extractor is at least this sure of (0 to 1).",
        ),
        click.option("--article", metavar="ID", default=None, help="Only events reported by this article id."),
        click.option(
            "--max-nodes",
            type=click.IntRange(min=1),
            default=None,
            help="Keep the N most connected actors and policies.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def format_option(func: F) -> F:
    return click.option("--format", "fmt", type=click.Choice(TABLE_FORMATS), default="table", show_default=True)(func)


def selected(store_path: str | None, **filters: Any) -> Selection:
    """The store's events narrowed by the shared filters; the summary goes to stderr."""
    from kg.query.records import event_records

    with open_for(store_path) as store:
        records = event_records(store)
    selection = select(records, **filters)
    if selection.dropped:
        click.echo(selection.summary(), err=True)
    return selection


def query_limit_options(func: F) -> F:
    """The bounds of a query (kg.store.bounded.Limits), shared by `kg query` and `kg serve`."""
    options = [
        click.option(
            "--timeout",
            type=click.FloatRange(min=0),
            default=60,
            show_default=True,
            metavar="SECONDS",
            help="Stop a query after this long (0: never).",
        ),
        click.option(
            "--max-memory",
            type=click.IntRange(min=0),
            default=2000,
            show_default=True,
            metavar="MB",
            help="Stop a query whose process holds more memory than this (0: no limit).",
        ),
        click.option(
            "--max-answer",
            type=click.IntRange(min=0),
            default=1000,
            show_default=True,
            metavar="MB",
            help="Refuse an answer larger than this (0: no limit).",
        ),
        click.option(
            "--allow-service",
            is_flag=True,
            default=False,
            help="Run federated queries (SERVICE), which make the store fetch other servers.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def limits_from(timeout: float, max_memory: int, max_answer: int, allow_service: bool) -> Limits:
    return Limits(
        timeout=timeout or None,
        memory=max_memory * 1_000_000 or None,
        answer_bytes=max_answer * 1_000_000 or None,
        allow_service=allow_service,
    )
