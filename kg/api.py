"""The library face: open a store, ingest, read events, query, get a graph; extract one text.

    >>> import kg
    >>> with kg.open("kg-store") as graph:                              # doctest: +SKIP
    ...     graph.ingest(["data/articles"])
    ...     sanctions = graph.events(types=["SANCTION"], since="2019-01-01")
    ...     G = graph.graph()
    >>> kg.extract("The Treasury sanctioned Evil Corp on Thursday.", published="2019-12-06")  # doctest: +SKIP

Everything here calls the same functions as the `kg` command; nothing prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.errors import ExtractionError, InputError
from kg.graph.build import build_graph
from kg.graph.select import select
from kg.model import Article, Event, IngestReport
from kg.query.records import EventRecord, event_records
from kg.query.sparql import prepare, run_select
from kg.store import RemoteStore, Store, open_store
from kg.store.bounded import Limits

if TYPE_CHECKING:
    import pandas


class KnowledgeGraph:
    """A store of events: a folder (embedded Oxigraph), ':memory:', or a SPARQL server's URL."""

    def __init__(self, location: str | Path, read_only: bool = False) -> None:
        self.location = str(location)
        self.store: Store | RemoteStore = open_store(self.location, read_only=read_only)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"KnowledgeGraph({self.location!r})"

    def ingest(self, paths: Iterable[str | Path], jobs: int = 1) -> IngestReport:
        """Read articles (files, folders, JSON Lines), extract their events, store them.

        Bad inputs do not stop the run: they are listed in the report's `failed`.
        """
        from kg.pipeline.ingest import ingest

        return ingest([str(p) for p in paths], self.store, progress=False, jobs=jobs)

    def events(self, **filters: Any) -> list[EventRecord]:
        """The stored events (docs/events.md records), narrowed by `kg.graph.select.select`'s
        filters: types, since, until, actor, hops, min_sources, min_confidence, article,
        max_nodes."""
        records = event_records(self.store)
        if not filters:
            return records
        if isinstance(filters.get("types"), str):
            filters["types"] = [filters["types"]]
        return select(records, **filters).records  # type: ignore[return-value]

    def dataframe(self, **filters: Any) -> pandas.DataFrame:
        """The events as a pandas DataFrame, one row per event, nested fields flattened
        (agent.label, evidence.text ...). Needs pandas (`pip install pandas`)."""
        try:
            import pandas
        except ImportError:
            raise InputError("a DataFrame needs pandas; install it with `pip install pandas`") from None
        return pandas.json_normalize(list(self.events(**filters)))  # type: ignore[arg-type]

    def query(self, sparql: str, timeout: float | None = 60.0, **params: str) -> list[dict[str, Any]]:
        """The rows of a SELECT (or ASK) query as dicts of Python values; `$name` in the query
        is bound to `params[name]` as a string literal. The query runs in a child process
        stopped after `timeout` seconds (None: in this process, unbounded); SERVICE is refused."""
        text, values = prepare(sparql, params)
        limits = Limits(timeout=timeout) if timeout is not None else None
        columns, rows = run_select(self.store, text, values, limits)
        return [dict(zip(columns, row)) for row in rows]

    def graph(self, policies: bool = True, **filters: Any) -> nx.MultiDiGraph:
        """The events as a networkx graph: actors (and policies) as nodes, one edge per event
        from its agent to its target (and object), keyed by the event id."""
        return build_graph(self.events(**filters), roles=("target", "object") if policies else ("target",))


def open(location: str | Path = "kg-store", read_only: bool = False) -> KnowledgeGraph:
    """Open (or create) a store: a folder, ':memory:', or http(s)://HOST:PORT of a SPARQL server."""
    return KnowledgeGraph(location, read_only=read_only)


def extract(text: str, published: date | str | None = None, title: str = "", id: str = "text") -> list[Event]:
    """The events of one article's text, without a store.

    `published` (a date or YYYY-MM-DD) resolves "on Monday" and "today"; `title` may report
    the same acts and raises their confidence.
    """
    from kg.inputs.cleaning import clean_body
    from kg.inputs.dates import parse_date
    from kg.pipeline.workers import extract_batch

    day = parse_date(published) if isinstance(published, str) else published
    if isinstance(published, str) and day is None:
        raise InputError(f"published {published!r} is not a date; write it as YYYY-MM-DD", param="published")
    body = clean_body(text)
    if not body:
        raise InputError("the text is empty once page furniture is removed")
    outcome = extract_batch([Article(id=id, title=title, body=body, published=day)])[0]
    if isinstance(outcome, list):
        return outcome
    raise ExtractionError(outcome.reason)
