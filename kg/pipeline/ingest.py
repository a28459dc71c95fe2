"""Ingest: read inputs, extract events, write one named graph per article, as the inputs stream in.

An article is parsed only when its content (or the extractor) changed since it was stored;
each article is written in one atomic update as soon as its events are known, so a bad
record, a crash or an interrupt costs only the articles not yet written, and a re-run picks
them up. An article in another language than English is stored without events, with a
warning naming its language (the extractor reads English only).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from rdflib import URIRef

from kg.errors import ExtractionError, KGError
from kg.inputs.files import MAX_BYTES, STDIN, distinct_articles
from kg.inputs.language import language, name
from kg.model import Article, IngestReport
from kg.pipeline.actors import store_overlay
from kg.pipeline.workers import Failure, Settings, extracted
from kg.rdf.triples import article_triples, description_triples
from kg.store import index
from kg.store.base import FLUSH_EVERY, StoreLike

Notify = Callable[[str], None]


def ingest(
    paths: Iterable[str | Path],
    store: StoreLike,
    on_error: Notify | None = None,
    progress: bool | None = None,
    jobs: int = 1,
    prefilter: bool = True,
    max_bytes: int = MAX_BYTES,
    on_warning: Notify | None = None,
    settings: Settings | None = None,
) -> IngestReport:
    """Ingest files and folders ('-': JSON Lines on stdin) into the store; bad inputs are
    reported (`on_error`, and the report's `failed`) and the rest goes on.

    >>> with Store(":memory:") as s:                                # doctest: +SKIP
    ...     ingest(["data/articles"], s).articles
    13
    """
    report = IngestReport()
    store.load_ontology()
    index.refresh(store)  # a store written before the order index gets it now; an empty one, its version
    notify = on_error or (lambda message: None)
    warn = on_warning or (lambda message: None)
    bar = _progress(progress)
    paths = list(paths)
    settings = settings or Settings(prefilter=prefilter)
    if settings.overlay is None:  # the analyst's aliases and merges of this store (kg actors)
        settings = replace(settings, overlay=store_overlay(store))
    extractor = settings.extractor()
    pending = _pending(paths, store, report, notify, warn, max_bytes, extractor)
    for written, (article, outcome) in enumerate(extracted(pending, jobs, settings, live=STDIN in map(str, paths)), 1):
        _write(store, article, outcome, report, notify, extractor)
        if written % FLUSH_EVERY == 0:
            store.flush()  # the writer's memory stays flat however long the run
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    index.refresh(store)  # after a replacement, or in a store written before the index (kg.store.index)
    return report


def _pending(
    paths: list[str | Path],
    store: StoreLike,
    report: IngestReport,
    notify: Notify,
    warn: Notify,
    max_bytes: int,
    extractor: URIRef,
) -> Iterator[Article]:
    """The articles that need extracting, as they are read; articles in another language are
    written here, without events."""
    for article, _skipped in distinct_articles(paths, report.failed, notify, max_bytes):
        if article is None:
            report.skipped += 1
        elif store.has_article(article.id, article.hash, extractor):
            report.unchanged += 1
        elif (code := language(article.body)) is not None:
            message = (
                f"{article.source or article.id}: article {article.id!r} is in {name(code)}; "
                "kg extracts events from English only, so it is stored without events"
            )
            report.warnings.append(message)
            warn(message)
            _write(store, article, [], report, notify, extractor)
        else:
            yield article


def _write(
    store: StoreLike, article: Article, outcome: list | Failure, report: IngestReport, notify: Notify, extractor: URIRef
) -> None:
    try:
        if isinstance(outcome, Failure):
            raise ExtractionError(outcome.reason)
        store.replace_article(
            article.id, article_triples(article, outcome, extractor), description_triples(outcome, extractor)
        )
    except KGError as exc:
        report.failed.append((article.id, str(exc)))
        notify(str(exc))
    else:
        report.articles += 1
        report.events += len(outcome)


def _progress(wanted: bool | None):  # type: ignore[no-untyped-def]
    """A progress bar on a terminal (the total is not known: inputs are read as they stream in)."""
    if wanted is False or (wanted is None and not sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(unit="article", file=sys.stderr, leave=False, miniters=20, delay=2.0)
