"""bench/synthetic.py: the synthetic articles of the query benchmark follow a measured profile."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.model import Actor
from kg.rdf.iris import event_iri
from kg.rdf.ontology import event_types
from kg.rdf.triples import article_triples

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synthetic

ACTORS = {
    a.label: a
    for a in (
        Actor("China", "Country"),
        Actor("United States", "Country"),
        Actor("Xi Jinping", "Person"),
        Actor("Lazarus Group", "ThreatActor"),
    )
}
PROFILE = synthetic.Profile(
    types={"SANCTION": 1.0, "STATEMENT": 3.0},
    with_target={"SANCTION": 1.0},
    with_object={"STATEMENT": 0.5},
    speaker=0.2,
    dated=0.5,
    statuses={"asserted": 9.0, "negated": 1.0, "hypothetical": 0.0},
    events_per_article=3.0,
    reported_again=0.3,
    agents={"China": 5.0, "United States": 3.0, "Xi Jinping": 1.0},
    policies={"sanctions": 2.0, "cyber attacks": 1.0},
    years=(2014, 2016),
)


def test_articles_follow_the_profile() -> None:
    drawn = list(synthetic.articles(PROFILE, ACTORS, 300, seed=3))
    assert [a.id for a, _ in drawn[:2]] == ["synthetic/00000000", "synthetic/00000001"]
    events = [e for _, es in drawn for e in es]
    assert {e.type for e in events} == {"SANCTION", "STATEMENT"} <= set(event_types())
    assert {e.agent.label for e in events} <= set(PROFILE.agents)
    assert all(e.target is not None for e in events if e.type == "SANCTION")
    assert all(e.status != "hypothetical" for e in events)
    distinct = {event_iri(e): e for e in events}
    assert 0.4 < sum(e.date is not None for e in distinct.values()) / len(distinct) < 0.6
    assert all(2014 <= a.published.year <= 2016 for a, _ in drawn if a.published)
    for article, es in drawn:
        for e in es:
            assert article.body[e.evidence.start : e.evidence.end] == e.evidence.text
        article_triples(article, es)  # writable by kg's own RDF code
    # some dated events are reported again by later articles: one event node, several sources
    keys = [event_iri(e) for e in events if e.date is not None]
    assert len(set(keys)) < len(keys)


def test_the_same_seed_draws_the_same_articles() -> None:
    assert list(synthetic.articles(PROFILE, ACTORS, 20, seed=5)) == list(
        synthetic.articles(PROFILE, ACTORS, 20, seed=5)
    )
    assert list(synthetic.articles(PROFILE, ACTORS, 20, seed=5)) != list(
        synthetic.articles(PROFILE, ACTORS, 20, seed=6)
    )


def test_measure_a_real_store(sample_store: Path) -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    profile = synthetic.measure(pyoxigraph.Store.read_only(str(sample_store)), {"China", "United States", "Nobody"})
    assert set(profile.types) <= set(event_types()) and sum(profile.types.values()) > 0
    assert 0 < profile.dated <= 1 and profile.events_per_article > 1
    assert profile.agents["Nobody"] == 1.0 and profile.agents["China"] > 1.0
    assert profile.policies and profile.years[0] <= profile.years[1]
