"""Extraction in batches, in this process or in worker processes, in input order.

`extract_batch` parses a batch with one `nlp.pipe` and extracts each article's events; an
article that breaks the parser or the extractor fails alone, as a `Failure`. `extracted`
streams articles through it: in this process for small inputs, else in worker processes
that parse and extract while this process reads inputs and writes the store. The workers
die with this process however it ends (a parent-death signal, and a watchdog for the rest).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from kg.errors import KGError
from kg.extraction.prefilter import mask
from kg.model import Article, Event
from kg.rdf.iris import extractor_iri

if TYPE_CHECKING:
    from kg.extraction.overlay import Overlay
    from kg.extraction.pipeline import Extractor

BATCH = 32  # fewer pending articles than this are parsed in this process: workers would not pay off
# texts per nlp.pipe batch: the parser's working memory grows with the tokens of a batch; on the
# whole dev corpus with --jobs 2, 32 took a worker to 1,014 MB and 8 to 601 MB, at the same speed
PIPE_BATCH = 8
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass(frozen=True)
class Settings:
    """How articles are extracted: the sentence pre-filter, the rules, and the learned layer's
    model folder (None, the default: the rules alone, which scored best on the test gold;
    data/models/events holds the shipped model). Picklable: worker processes get it with
    each batch. `overlay` is the analyst's aliases and merges of the store being written
    (kg.extraction.overlay); it is not part of the extractor IRI: a new alias applies to the
    articles extracted from then on, a merge is applied to the stored ones by `kg actors merge`."""

    prefilter: bool = True
    rules: bool = True
    model: str | None = None
    overlay: Overlay | None = None

    def extractor(self) -> URIRef:
        """The extractor IRI of these settings: kg's version, the rules and the model's
        fingerprint, so that an article stored under other settings is extracted again."""
        return extractor_iri(f"{'rules' if self.rules else 'norules'}-model-{_fingerprint(self.model)}")


@dataclass(frozen=True)
class Failure:
    """Why one article's extraction failed, in one line (its events are not stored)."""

    article_id: str
    reason: str


Outcome = list[Event] | Failure


def extract_batch(articles: list[Article], settings: Settings | None = None) -> list[Outcome]:
    """The events of each article of a batch, or a Failure saying why its extraction failed.

    The batch is parsed with one `nlp.pipe` (bodies with the sentence pre-filter, titles);
    when that fails, article by article, so that one bad article fails alone. Used by `ingest`
    (in its worker processes), by `kg extract` (the map step), and by tests and benches.
    """
    settings = settings or Settings()
    try:
        return list(_events(articles, settings))
    except Exception as exc:
        if len(articles) == 1:
            return [_failure(articles[0], exc)]
    out: list[Outcome] = []
    for article in articles:
        try:
            out += _events([article], settings)
        except Exception as exc:  # an extractor bug must not stop the run or half-write the store
            out.append(_failure(article, exc))
    return out


def _events(articles: list[Article], settings: Settings) -> Iterable[list[Event]]:
    nlp, extractor = pipeline(settings.rules, settings.model, settings.overlay or None)
    texts = (mask(a.body) if settings.prefilter else a.body for a in articles)
    titles = nlp.pipe((a.title for a in articles), batch_size=PIPE_BATCH)
    for article, doc, title in zip(articles, nlp.pipe(texts, batch_size=PIPE_BATCH), titles):
        yield extractor.events(article, doc, title)


def _failure(article: Article, exc: Exception) -> Failure:
    if isinstance(exc, KGError):
        return Failure(article.id, str(exc))
    return Failure(article.id, f"{article.source or article.id}: extraction failed ({type(exc).__name__}: {exc})")


@lru_cache(maxsize=8)
def _fingerprint(model: str | None) -> str:
    """A short digest of a model folder's files; 'none' for no model."""
    if model is None:
        return "none"
    digest = hashlib.sha1()
    for name in ("model.json", "weights.npz"):
        path = Path(model) / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


@lru_cache(maxsize=4)
def pipeline(rules: bool = True, model: str | None = None, overlay: Overlay | None = None) -> tuple[Any, Extractor]:
    """spaCy's pipeline and an extractor, once per process and settings (a forked worker
    inherits them); `model` is a model folder (kg.extraction.model), None for the rules alone;
    `overlay` a store's own aliases and merges, applied to the gazetteer the extractor matches."""
    from kg.extraction.gazetteer import gazetteer
    from kg.extraction.model import load
    from kg.extraction.nlp import load_nlp
    from kg.extraction.pipeline import Extractor

    nlp = load_nlp()
    gaz = overlay.apply(gazetteer()) if overlay else None
    return nlp, Extractor(nlp.vocab, model=None if model is None else load(model), rules=rules, gaz=gaz)


def extracted(
    articles: Iterable[Article], jobs: int, settings: Settings | None = None, live: bool = False
) -> Iterator[tuple[Article, Outcome]]:
    """Each article with its events (or why it failed), in input order, as the input is read.

    With `jobs` > 1 and more than BATCH articles, worker processes parse and extract batches
    of PIPE_BATCH articles (at most two batches a worker in flight, so reading stays ahead
    but memory stays bounded) and send back only the events. The workers are forked once,
    when the first BATCH articles are in hand: this process is still small then. A `live`
    input (a pipe whose articles arrive one by one) is extracted an article at a time, in
    this process, so that none waits for the next to arrive.
    """
    settings = settings or Settings()
    stream = iter(articles)
    if live:
        for article in stream:
            yield article, extract_batch([article], settings)[0]
        return
    first = list(islice(stream, BATCH))
    if jobs <= 1 or len(first) < BATCH:
        rest: Iterator[Article] = iter(first) if len(first) < BATCH else _chain(first, stream)
        for batch in _batches(rest):
            yield from zip(batch, extract_batch(batch, settings))
        return
    yield from _in_workers(_chain(first, stream), jobs, settings)


def _chain(first: list[Article], rest: Iterator[Article]) -> Iterator[Article]:
    yield from first
    yield from rest


def _batches(articles: Iterator[Article]) -> Iterator[list[Article]]:
    while batch := list(islice(articles, PIPE_BATCH)):
        yield batch


def _in_workers(articles: Iterator[Article], jobs: int, settings: Settings) -> Iterator[tuple[Article, Outcome]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pipeline(
        settings.rules, settings.model, settings.overlay or None
    )  # loaded before the workers fork: they share its pages
    pool = ProcessPoolExecutor(
        jobs, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start, initargs=(os.getpid(),)
    )
    in_flight: deque[tuple[list[Article], Future[list[Outcome]]]] = deque()
    batches = _batches(articles)
    broken = False
    try:
        while True:
            while not broken and len(in_flight) < 2 * jobs and (batch := next(batches, None)) is not None:
                in_flight.append((batch, pool.submit(extract_batch, batch, settings)))
            if not in_flight:
                return
            batch, future = in_flight.popleft()
            try:
                yield from zip(batch, future.result())
            except BrokenProcessPool:  # a worker was killed: out of memory, or a crash inside the parser
                broken = True
                reason = "a worker process ended abruptly (killed, or out of memory); run the ingest again to retry"
                for lost in [batch, *(b for b, _ in in_flight), *batches]:
                    for article in lost:
                        yield article, Failure(article.id, f"{article.source or article.id}: not extracted: {reason}")
                in_flight.clear()
    finally:  # on an interrupt too: the batches not started are dropped, not parsed first
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_start(parent: int) -> None:
    """A worker dies with the process that started it, however that one ends (kill -9 too)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        with contextlib.suppress(OSError, AttributeError):  # the watchdog below still works
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="kg-watch-parent").start()


def _watch_parent(parent: int) -> None:
    """Where no parent-death signal exists: notice that the parent is gone, and leave."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)
