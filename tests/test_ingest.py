"""Ingest with worker processes gives exactly the events of the one-process run."""
from __future__ import annotations

import json
from pathlib import Path

from kg.events import event_records
from kg.ingest import BATCH, ingest
from kg.store import Store
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
