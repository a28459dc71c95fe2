"""Saved queries and their parameters (kg.query.sparql).

The saved queries in data/queries are written for speed (only the events that can be among the
first rows are read; see their comments). tests/queries holds their plain versions, as they were
before: on the sample, each saved query must return the same rows, in its documented order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.errors import QueryError
from kg.query.sparql import ALL, bind, run_select, saved_queries, saved_query
from kg.store.embedded import Store

PLAIN = Path(__file__).parent / "queries"
ACTORS = ["China", "United States", "US Department of the Treasury", "nobody"]


@pytest.fixture(scope="module")
def store(sample_store: Path) -> Iterator[Store]:
    with Store(str(sample_store), read_only=True) as s:
        yield s


def order(name: str, columns: list[str], row: list[Any]) -> tuple[Any, ...]:
    """The documented order of each saved query, in Python: unbound first, as SPARQL sorts."""
    r = dict(zip(columns, row))
    keys = {
        "actor-events": ["date", "type", "role", "agent", "other", "article"],
        "direct-triples": ["agent", "predicate", "what"],
        "reactions": ["date", "agent", "reaction", "about", "trigger", "article"],
        "timeline": ["date", "agent", "type", "target", "object", "status", "article"],
        "who-sanctioned-whom": ["date", "agent", "sanctioned", "status", "article"],
    }[name]
    dated_first = (r["date"] is None,) if name in ("actor-events", "reactions", "who-sanctioned-whom") else ()
    return dated_first + tuple((r[k] is not None, str(r[k] or "")) for k in keys)


def plain(store: Store, name: str, params: dict[str, str]) -> tuple[list[str], list[list[Any]]]:
    return run_select(store, bind((PLAIN / f"{name}.rq").read_text(encoding="utf-8"), params))


def test_every_saved_query_has_a_plain_version() -> None:
    assert sorted(saved_queries()) == sorted(p.stem for p in PLAIN.glob("*.rq"))


@pytest.mark.parametrize("name", sorted(saved_queries()))
@pytest.mark.parametrize("limit", ["1", "7", "40", "all"])
def test_saved_queries_return_the_rows_of_their_plain_versions(store: Store, name: str, limit: str) -> None:
    for actor in ACTORS if name == "actor-events" else ["-"]:
        params = {"actor": actor}
        columns, expected = plain(store, name, params)
        columns_now, rows = run_select(store, bind(saved_query(name), {**params, "limit": limit}))
        assert columns_now == columns
        expected = sorted(expected, key=lambda row: order(name, columns, row))
        if "$limit" in saved_query(name):
            expected = expected[: ALL if limit == "all" else int(limit)]
        assert rows == expected


def test_the_sample_exercises_the_saved_queries(store: Store) -> None:
    """More rows than the small limits above, and both dated and undated rows where they differ."""
    for name in ("direct-triples", "reactions", "timeline", "who-sanctioned-whom"):
        columns, rows = plain(store, name, {})
        assert len(rows) > 7, name
    for name in ("reactions", "who-sanctioned-whom"):
        columns, rows = plain(store, name, {})
        dated = [row for row in rows if row[columns.index("date")] is not None]
        assert 1 < len(dated) < len(rows), name


def test_every_event_is_a_kg_event_without_reasoning(store: Store) -> None:
    """`?e a kg:Event` finds exactly the events that have an event type, and each has one type."""
    prefix = "PREFIX kg: <https://w3id.org/kg-cyber/ns#>\n"
    _, plain_events = run_select(store, prefix + "SELECT DISTINCT ?e WHERE { ?e a kg:Event }")
    _, typed = run_select(store, prefix + "SELECT DISTINCT ?e WHERE { ?e a ?t . ?t a kg:EventType }")
    assert len(plain_events) == len(typed) > 100
    _, types = run_select(
        store,
        prefix + "SELECT ?e (COUNT(DISTINCT ?t) AS ?n) WHERE { ?e a kg:Event ; a ?t . ?t a kg:EventType } GROUP BY ?e",
    )
    assert {n for _, n in types} == {1}


def test_links_are_plain_skos_exact_matches_too(store: Store) -> None:
    """Every Wikidata and ATT&CK link is also a skos:exactMatch, for tools without reasoning."""
    prefix = "PREFIX kg: <https://w3id.org/kg-cyber/ns#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    _, links = run_select(store, prefix + "SELECT DISTINCT ?a ?x WHERE { ?a kg:wikidata|kg:attackGroup ?x }")
    _, matches = run_select(store, prefix + "SELECT DISTINCT ?a ?x WHERE { ?a skos:exactMatch ?x }")
    assert sorted(links) == sorted(matches)
    assert any("attack.mitre.org/groups/G" in str(x) for _, x in matches)


def test_defaults_come_from_comment_lines() -> None:
    sparql = "# default: limit = 3\n# default: who = Obama\nSELECT ?s WHERE { ?s ?p $who } LIMIT $limit"
    assert bind(sparql, {}).endswith('SELECT ?s WHERE { ?s ?p "Obama" } LIMIT 3')
    assert bind(sparql, {"limit": "all", "who": "x"}).endswith(f'SELECT ?s WHERE {{ ?s ?p "x" }} LIMIT {ALL}')


@pytest.mark.parametrize(
    "sparql, params, bound",
    [
        ("SELECT * WHERE { ?s ?p $x }", {"x": "5"}, 'SELECT * WHERE { ?s ?p "5" }'),  # a string unless counted
        (
            "SELECT * WHERE { ?s ?p ?o } LIMIT $n OFFSET $m",
            {"n": "10", "m": "0"},
            "SELECT * WHERE { ?s ?p ?o } LIMIT 10 OFFSET 0",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o FILTER(?o < $n) } LIMIT $n",
            {"n": "ALL"},
            f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o < {ALL}) }} LIMIT {ALL}",
        ),
        ("# not $x\nSELECT * WHERE { ?s ?p $x }", {"x": "a\nb"}, '# not $x\nSELECT * WHERE { ?s ?p "a\\nb" }'),
    ],
)
def test_bind(sparql: str, params: dict[str, str], bound: str) -> None:
    assert bind(sparql, params) == bound


@pytest.mark.parametrize(
    "sparql, params, message",
    [
        ("SELECT * WHERE { ?s ?p $x }", {}, "the query needs a value for $x"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT $n", {"n": "ten"}, "$n must be a whole number or 'all', not 'ten'"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT $n", {"n": "1 } DROP ALL"}, "$n must be a whole number or 'all'"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT $n", {"n": "-1"}, "$n must be a whole number or 'all'"),
    ],
)
def test_bind_errors(sparql: str, params: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        bind(sparql, params)


def test_a_placeholder_in_a_comment_needs_no_value() -> None:
    assert bind("# rows of $nothing\nASK {}", {}) == "# rows of $nothing\nASK {}"
