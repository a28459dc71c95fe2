"""Scoring rules of kg.evaluate.scoring (docs/events.md, Scoring), on hand-made gold and records."""

from __future__ import annotations

from typing import Any

from kg.evaluate.scoring import evaluate


def record(
    article: str,
    sources: list[str],
    type_: str = "SANCTION",
    agent: str = "US Department of the Treasury",
    target: str | None = "Chatex",
) -> dict[str, Any]:
    return {
        "id": f"e-{type_}-{target}",
        "article": article,
        "type": type_,
        "status": "asserted",
        "agent": {"label": agent, "aliases": []},
        "target": {"label": target, "aliases": []} if target else None,
        "object": None,
        "date": "2021-11-08",
        "speaker": None,
        "evidence": {"text": "x", "start": 0, "end": 1},
        "sources": sources,
        "confidence": 0.8,
    }


def gold(article: str, *events: dict[str, Any]) -> dict[str, Any]:
    return {"id": article, "published": "2021-11-08", "events": list(events)}


SANCTION = {
    "type": "SANCTION",
    "agent": {"name": "US Department of the Treasury"},
    "target": {"name": "Chatex"},
    "date": "2021-11-08",
    "status": "asserted",
}


def test_an_event_of_several_sources_counts_in_each_article() -> None:
    records = [record("a", ["a", "b"])]
    result = evaluate([gold("a", SANCTION), gold("b", SANCTION)], records)
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == (2, 0, 0)


def test_an_event_counts_only_in_its_sources() -> None:
    result = evaluate([gold("a", SANCTION), gold("c", SANCTION)], [record("a", ["a"])])
    assert (result.overall.tp, result.overall.fn) == (1, 1)


def test_a_gold_event_matches_one_system_event() -> None:
    result = evaluate([gold("a", SANCTION)], [record("a", ["a"]), {**record("a", ["a"]), "id": "e2"}])
    assert (result.overall.tp, result.overall.fp) == (1, 1)


def test_optional_gold_is_neither_missed_nor_spurious() -> None:
    optional = {**SANCTION, "target": {"name": "three Chatex suppliers"}, "optional": True}
    assert evaluate([gold("a", optional)], []).overall.fn == 0
    result = evaluate([gold("a", optional)], [record("a", ["a"], target="three Chatex suppliers")])
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == (0, 0, 0)
