"""Ingest: read inputs, extract events, write one named graph per article.

An article is parsed only when its content (or the extractor) changed since it was stored;
articles are parsed in batches with nlp.pipe; each article is written in one atomic update.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import ExtractionError, KGError
from kg.extraction.prefilter import mask
from kg.inputs.files import distinct_articles
from kg.model import Article, Event, IngestReport
from kg.rdf.triples import article_triples, description_triples
from kg.store.base import StoreLike

if TYPE_CHECKING:
    from kg.extraction.pipeline import Extractor

BATCH = 32  # fewer pending articles than this are parsed in this process: workers would not pay off
# texts per nlp.pipe batch: the parser's working memory grows with the tokens of a batch; on the
# whole dev corpus with --jobs 2, 32 took a worker to 1,014 MB and 8 to 601 MB, at the same speed
PIPE_BATCH = 8
Notify = Callable[[str], None]


def ingest(
    paths: Iterable[str | Path],
    store: StoreLike,
    on_error: Notify | None = None,
    progress: bool | None = None,
    jobs: int = 1,
    prefilter: bool = True,
) -> IngestReport:
    """Ingest files and folders into the store; bad inputs are reported and skipped.

    >>> with Store(":memory:") as s:                                # doctest: +SKIP
    ...     ingest(["data/articles"], s).articles
    13
    """
    report = IngestReport()
    store.load_ontology()
    notify = on_error or (lambda message: None)
    pending: list[Article] = []
    for article, _skipped in distinct_articles(list(paths), report.failed, notify):
        if article is None:
            report.skipped += 1
        elif store.has_article(article.id, article.hash):
            report.unchanged += 1
        else:
            pending.append(article)
    if not pending:
        return report
    _pipeline()  # the model is loaded before any worker forks: the workers share its pages
    bar = _progress(len(pending), progress)
    for article, outcome in _extracted(pending, jobs, prefilter):
        try:
            if isinstance(outcome, Failure):
                raise ExtractionError(outcome.reason)
            store.replace_article(article.id, article_triples(article, outcome), description_triples(outcome))
        except KGError as exc:
            report.failed.append((article.id, str(exc)))
            notify(str(exc))
        else:
            report.articles += 1
            report.events += len(outcome)
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return report


@dataclass(frozen=True)
class Failure:
    """Why one article's extraction failed, in one line (its events are not stored)."""

    article_id: str
    reason: str


Outcome = list[Event] | Failure


def extract_batch(articles: list[Article], prefilter: bool = True) -> list[Outcome]:
    """The events of each article of a batch, or a Failure saying why its extraction failed.

    The batch is parsed with one `nlp.pipe` (bodies with the sentence pre-filter, titles);
    when that fails, article by article, so that one bad article fails alone. Used by `ingest`
    (in its worker processes), by `kg extract` (the map step), and by tests and benches.
    """
    try:
        return list(_events(articles, prefilter))
    except Exception as exc:
        if len(articles) == 1:
            return [_failure(articles[0], exc)]
    out: list[Outcome] = []
    for article in articles:
        try:
            out += _events([article], prefilter)
        except Exception as exc:  # an extractor bug must not stop the run or half-write the store
            out.append(_failure(article, exc))
    return out


def _events(articles: list[Article], prefilter: bool) -> Iterable[list[Event]]:
    nlp, extractor = _pipeline()
    texts = (mask(a.body) if prefilter else a.body for a in articles)
    titles = nlp.pipe((a.title for a in articles), batch_size=PIPE_BATCH)
    for article, doc, title in zip(articles, nlp.pipe(texts, batch_size=PIPE_BATCH), titles):
        yield extractor.events(article, doc, title)


def _failure(article: Article, exc: Exception) -> Failure:
    if isinstance(exc, KGError):
        return Failure(article.id, str(exc))
    return Failure(article.id, f"{article.source or article.id}: extraction failed ({type(exc).__name__}: {exc})")


def _extracted(pending: list[Article], jobs: int, prefilter: bool) -> Iterator[tuple[Article, Outcome]]:
    """Each pending article with its events (or why it failed), in input order.

    With `jobs` > 1, worker processes parse and extract batches of PIPE_BATCH articles and send
    back only the events: this process reads and writes the store. The workers are forked
    once, at the start, while this process is small: a worker forked later would start with
    all this process holds by then, the store's write buffers included.
    """
    batches = [pending[i : i + PIPE_BATCH] for i in range(0, len(pending), PIPE_BATCH)]
    if jobs <= 1 or len(pending) <= BATCH:
        for batch in batches:
            yield from zip(batch, extract_batch(batch, prefilter))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    try:
        for batch, outcomes in zip(batches, pool.map(extract_batch, batches, [prefilter] * len(batches))):
            yield from zip(batch, outcomes)
            done += len(batch)
    except BrokenProcessPool:  # a worker was killed: out of memory, or a crash inside the parser
        reason = "a worker process ended abruptly (killed, or out of memory); run the ingest again to retry"
        for article in pending[done:]:
            yield article, Failure(article.id, f"{article.source or article.id}: not extracted: {reason}")
    finally:  # on an interrupt too: the batches not started are dropped, not parsed first
        pool.shutdown(wait=True, cancel_futures=True)


@lru_cache(maxsize=1)
def _pipeline() -> tuple[Any, Extractor]:
    """spaCy's pipeline and the extractor, once per process (a forked worker inherits them)."""
    from kg.extraction.nlp import load_nlp
    from kg.extraction.pipeline import Extractor

    nlp = load_nlp()
    return nlp, Extractor(nlp.vocab)


def _progress(total: int, wanted: bool | None):  # type: ignore[no-untyped-def]
    if wanted is False or (wanted is None and (total < 20 or not sys.stderr.isatty())):
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr, leave=False)
