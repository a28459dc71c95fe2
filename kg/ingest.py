"""Ingest: read inputs, extract events, write one named graph per article.

An article is parsed only when its content (or the extractor) changed since it was stored;
articles are parsed in batches with nlp.pipe; each article is written in one atomic update.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from kg.errors import KGError
from kg.model import Article, Event, IngestReport
from kg.rdf import article_triples, description_triples
from kg.prefilter import mask
from kg.reading import distinct_articles
from kg.store import StoreLike

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
    for article, skipped in distinct_articles(list(paths), report.failed, notify):
        if article is None:
            report.skipped += 1
        elif store.has_article(article.id, article.hash):
            report.unchanged += 1
        else:
            pending.append(article)
    if not pending:
        return report
    from kg.extract import Extractor
    from kg.nlp import load_nlp

    nlp = load_nlp()
    extractor = Extractor(nlp.vocab)
    bar = _progress(len(pending), progress)
    # parsing is the cost: worker processes parse, this process extracts and writes in order.
    # The workers are forked once, while this process is small: a worker forked later starts
    # with all this process holds by then, the store's write buffers included (replacing them
    # every 465 articles raised the peak summed RSS on the dev corpus from 1,365 to 1,568 MB)
    texts = (mask(a.body) for a in pending) if prefilter else (a.body for a in pending)
    docs = nlp.pipe(texts, batch_size=PIPE_BATCH, n_process=max(1, jobs) if len(pending) > BATCH else 1)
    titles = nlp.pipe((a.title for a in pending), batch_size=BATCH)  # short: parsed in this process
    for article, doc, title in zip(pending, docs, titles):
        try:
            events = extractor.events(article, doc, title)
            store.replace_article(article.id, article_triples(article, events), description_triples(events))
        except KGError as exc:
            report.failed.append((article.id, str(exc)))
            notify(str(exc))
        except Exception as exc:  # an extractor bug must not stop the run or half-write the store
            message = f"{article.source or article.id}: extraction failed ({type(exc).__name__}: {exc})"
            report.failed.append((article.id, message))
            notify(message)
        else:
            report.articles += 1
            report.events += len(events)
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return report


def extract_articles(articles: Iterable[Article], prefilter: bool = True) -> Iterable[tuple[Article, list[Event]]]:
    """Events of articles without any store (the map step; also used by tests and benches),
    with the same sentence pre-filter as `ingest`, so both give the same events."""
    from kg.extract import Extractor
    from kg.nlp import load_nlp

    nlp = load_nlp()
    extractor = Extractor(nlp.vocab)
    articles = list(articles)
    titles = nlp.pipe((a.title for a in articles), batch_size=BATCH)
    texts = (mask(a.body) if prefilter else a.body for a in articles)
    for article, doc, title in zip(articles, nlp.pipe(texts, batch_size=PIPE_BATCH), titles):
        yield article, extractor.events(article, doc, title)


def _progress(total: int, wanted: bool | None):  # type: ignore[no-untyped-def]
    if wanted is False or (wanted is None and (total < 20 or not sys.stderr.isatty())):
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr, leave=False)
