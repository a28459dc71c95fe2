"""Ingest with worker processes gives exactly the events of the one-process run."""

from __future__ import annotations

import json
from pathlib import Path

from kg.pipeline.ingest import ingest
from kg.pipeline.workers import BATCH
from kg.query.records import event_records
from kg.rdf.ns import KG
from kg.store.embedded import Store
from tests.conftest import SAMPLE


def test_jobs_give_the_same_events_as_one_process(tmp_path: Path) -> None:
    # more articles than one batch, so that the workers really run
    records = [json.loads(line) for line in (SAMPLE / "wire.jsonl").read_text().splitlines()]
    corpus = tmp_path / "many.jsonl"
    with corpus.open("w") as out:
        for i in range(BATCH + 8):
            record = dict(records[i % len(records)], id=f"copy-{i}")
            out.write(json.dumps(record) + "\n")
    results = []
    for jobs in (1, 2):
        with Store(str(tmp_path / f"store-{jobs}")) as store:
            report = ingest([corpus, SAMPLE], store, progress=False, jobs=jobs)
            assert not report.failed
            results.append(event_records(store))
    assert results[0] == results[1]
    assert len(results[0]) > 50


def _copies(tmp_path: Path, n: int) -> Path:
    records = [json.loads(line) for line in (SAMPLE / "wire.jsonl").read_text().splitlines()]
    corpus = tmp_path / "copies.jsonl"
    corpus.write_text("".join(json.dumps(dict(records[i % len(records)], id=f"copy-{i}")) + "\n" for i in range(n)))
    return corpus


def _stored_ids(store: Store) -> set[str]:
    return {str(row[0]) for row in store.query(f"SELECT ?id WHERE {{ GRAPH ?g {{ ?a {KG.articleId.n3()} ?id }} }}")}


def test_an_article_that_breaks_the_extractor_in_a_worker_fails_alone(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kg.extraction.pipeline import Extractor

    events = Extractor.events

    def broken(self, article, doc, title=None):  # type: ignore[no-untyped-def]
        if article.id == "copy-13":
            raise RuntimeError("boom")
        return events(self, article, doc, title)

    monkeypatch.setattr(Extractor, "events", broken)  # the workers are forked: they inherit the patch
    messages: list[str] = []
    with Store(str(tmp_path / "store")) as store:
        report = ingest([_copies(tmp_path, BATCH + 8)], store, on_error=messages.append, progress=False, jobs=2)
        stored = _stored_ids(store)
    assert [article_id for article_id, _ in report.failed] == ["copy-13"]
    assert len(messages) == 1 and messages[0].endswith("extraction failed (RuntimeError: boom)")
    assert report.articles == BATCH + 7 and "copy-13" not in stored and len(stored) == BATCH + 7


def test_a_worker_that_dies_fails_the_articles_left_and_the_rest_is_stored(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os

    from kg.extraction.pipeline import Extractor

    events = Extractor.events

    def dying(self, article, doc, title=None):  # type: ignore[no-untyped-def]
        if article.id == "copy-30":
            os._exit(9)  # as the kernel's out-of-memory killer would end it
        return events(self, article, doc, title)

    monkeypatch.setattr(Extractor, "events", dying)
    corpus = _copies(tmp_path, BATCH + 8)
    with Store(str(tmp_path / "store")) as store:
        report = ingest([corpus], store, progress=False, jobs=2)
        stored = _stored_ids(store)
        failed = {article_id for article_id, _ in report.failed}
        assert "copy-30" in failed and failed.isdisjoint(stored)
        assert all("worker process ended abruptly" in message for _, message in report.failed)
        assert report.articles == len(stored) and report.articles + len(failed) == BATCH + 8
        monkeypatch.setattr(Extractor, "events", events)
        again = ingest([corpus], store, progress=False, jobs=2)  # as the message advises
        assert (again.articles, again.unchanged, again.failed) == (len(failed), len(stored), [])


def test_a_long_ingest_flushes_the_store_as_it_goes(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The writer flushes the engine's write buffers every FLUSH_EVERY articles, so its memory
    does not grow with the run (bench/ingest.py prints the main process's RSS over a run)."""
    import kg.pipeline.ingest as module

    monkeypatch.setattr(module, "FLUSH_EVERY", 3)
    flushes = []
    with Store(str(tmp_path / "s")) as store:
        real = store.flush
        monkeypatch.setattr(store, "flush", lambda: (flushes.append(1), real())[1])
        report = ingest([SAMPLE], store, progress=False)
    assert report.articles >= 12
    assert len(flushes) == report.articles // 3
