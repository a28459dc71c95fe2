"""End to end on the seed article (../shared/corpus/seed): the two canonical events via SPARQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate.gold import read_gold
from kg.evaluate.scoring import evaluate
from kg.pipeline.ingest import ingest
from kg.query.records import event_records
from kg.store.embedded import Store
from tests.conftest import SEED, needs_shared

pytestmark = needs_shared()
SEED_FILE = SEED / "chinadaily-2015-04-02-us-cyber-sanctions.txt"
PREFIXES = """PREFIX kg: <https://w3id.org/kg-cyber/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "store"
    with Store(str(path)) as store:
        report = ingest([SEED_FILE], store)
    assert report.articles == 1 and not report.failed
    return path


def one_line(store: Store, sparql: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(x) for x in row) for row in store.query(PREFIXES + sparql))


def test_obama_ordered_the_sanctions_program(seed_store: Path) -> None:
    with Store(str(seed_store), read_only=True) as store:
        direct = one_line(
            store, 'SELECT DISTINCT ?what WHERE { ?o rdfs:label "Barack Obama" ; kg:enacts ?p . ?p rdfs:label ?what }'
        )
        assert ("new sanctions program",) in direct
        event = one_line(
            store,
            """SELECT DISTINCT ?date ?trigger ?status WHERE {
            ?e a kg:Enact ; kg:agent/rdfs:label "Barack Obama" ; kg:object/rdfs:label "new sanctions program" ;
               kg:date ?date ; kg:trigger ?trigger ; kg:status ?status }""",
        )
        assert event == [("2015-04-01", "ordered", "https://w3id.org/kg-cyber/ns#asserted")]


def test_china_opposes_the_sanctions(seed_store: Path) -> None:
    with Store(str(seed_store), read_only=True) as store:
        rows = one_line(
            store,
            """SELECT DISTINCT ?what ?date WHERE {
            ?e a kg:Disapprove ; kg:agent/rdfs:label "China" ; kg:object ?p ; kg:date ?date .
            ?p rdfs:label ?what FILTER(CONTAINS(?what, "sanctions")) }""",
        )
        assert rows == [("sanctions", "2015-04-02")]
        ask = store.run(PREFIXES + 'ASK { ?c rdfs:label "China" ; kg:disapproves ?p . ?p rdfs:label "sanctions" }')
        assert ask.askAnswer


def test_nothing_from_the_related_headlines(seed_store: Path) -> None:
    with Store(str(seed_store), read_only=True) as store:
        records = event_records(store)
    body_end = SEED_FILE.read_text().index("- Hacking group blamed")
    assert records
    for r in records:
        for furniture in ("Lenovo", "rebuffs", "Royal Seal", "Most Viewed", "AIIB", "Sony"):
            assert furniture not in r["evidence"]["text"]
    assert all(r["evidence"]["end"] < body_end for r in records)


def test_seed_gold_required_events_are_found(seed_store: Path) -> None:
    with Store(str(seed_store), read_only=True) as store:
        result = evaluate(read_gold(SEED / "gold.jsonl"), event_records(store))
    assert result.overall.fn == 0, result.missed
    assert result.overall.fp == 0, result.spurious
    assert result.date_accuracy == 1.0
