"""The order index of the saved queries (kg.store.index): what an ingest adds article by article
is what a rebuild from the article graphs gives; removals, replacements and merges leave no
statement that no article supports; a store written before the index gets it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.pipeline.actors import merge
from kg.pipeline.ingest import ingest
from kg.query.sparql import bind, prepare, run_select, saved_queries, saved_query
from kg.rdf.ns import ACTORS_GRAPH, KG
from kg.store import index
from kg.store.embedded import Store
from tests.conftest import SAMPLE

INDEX = f"""SELECT ?s ?p ?o WHERE {{ GRAPH {ACTORS_GRAPH.n3()} {{ ?s ?p ?o
  FILTER(?p IN ({KG.onDay.n3()}, {KG.labelStart.n3()}, {KG.key.n3()}, {KG.version.n3()}, {KG.stale.n3()})) }} }}"""


def statements(store: Store) -> set[tuple[str, ...]]:
    return {tuple(map(str, row)) for row in store.query(INDEX)}


def rebuilt(store: Store) -> set[tuple[str, ...]]:
    """The index a rebuild from the article graphs gives (the store is left rebuilt)."""
    store.update(index.rebuild_update())
    return statements(store)


@pytest.fixture()
def copy(sample_store: Path, tmp_path: Path) -> Path:
    shutil.copytree(sample_store, tmp_path / "store")
    return tmp_path / "store"


def test_an_ingest_writes_what_a_rebuild_gives(copy: Path) -> None:
    with Store(str(copy)) as store:
        written = statements(store)
        assert rebuilt(store) == written
    kinds = {p.rsplit("#", 1)[1] for _, p, _ in written}
    assert kinds == {"onDay", "labelStart", "key", "version"}  # every kind, and not stale


def test_a_removal_marks_the_index_stale_and_the_refresh_drops_what_it_left(copy: Path) -> None:
    with Store(str(copy)) as store:
        before = statements(store)
        article = str(store.query(f"SELECT ?id WHERE {{ GRAPH ?g {{ ?a {KG.articleId.n3()} ?id }} }} LIMIT 1")[0][0])
        store.remove_article(article)
        assert (str(KG.index), str(KG.stale), "true") in statements(store)
        assert index.refresh(store)
        after = statements(store)
        assert after == rebuilt(store) and after != before
        assert not index.refresh(store)  # fresh now: nothing to do


def test_a_changed_article_marks_the_index_stale_and_the_ingest_refreshes_it(copy: Path, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    text = "The United States sanctioned Russia on 3 March 2021 over the hack.\n"
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    with Store(str(copy)) as store:
        ingest([tmp_path / "in"], store)
        (tmp_path / "in" / "a.txt").write_text(text.replace("Russia", "Iran"), encoding="utf-8")
        report = ingest([tmp_path / "in"], store)
        assert report.articles == 1
        now = statements(store)
        assert (str(KG.index), str(KG.stale), "true") not in now
        assert now == rebuilt(store)


def test_a_store_without_the_index_gets_it_from_the_next_write(copy: Path) -> None:
    with Store(str(copy)) as store:
        full = statements(store)
        store.update(f"DELETE WHERE {{ GRAPH {ACTORS_GRAPH.n3()} {{ ?s {KG.onDay.n3()} ?o }} }}")
        store.update(f"DELETE WHERE {{ GRAPH {ACTORS_GRAPH.n3()} {{ {KG.index.n3()} ?p ?o }} }}")
        report = ingest([SAMPLE], store)  # every article unchanged: only the index is written
        assert report.unchanged and not report.articles
        assert statements(store) == full


def test_a_merge_leaves_the_index_as_a_rebuild_gives_it(copy: Path) -> None:
    with Store(str(copy)) as store:
        merge(store, "US Department of the Treasury", "United States")
        assert statements(store) == rebuilt(store)


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_saved_queries_bound_as_terms_give_the_rows_of_the_text(sample_store: Path, name: str) -> None:
    """`kg query --saved` binds parameters as RDF terms; servers get them written into the text.
    Both give the same rows, and an actor's name is matched whatever its case."""
    with Store(str(sample_store), read_only=True) as store:
        for actor in ("China", "cHINA", "united states", "nobody"):
            text, values = prepare(saved_query(name), {"actor": actor, "limit": "40"})
            by_terms = run_select(store, text, values)
            assert by_terms == run_select(store, bind(saved_query(name), {"actor": actor, "limit": "40"}))
            if name == "actor-events" and actor != "nobody":
                assert by_terms[1], actor


def test_lower_case_parameters() -> None:
    query = "# lower case: actor\nSELECT * WHERE { ?x ?p $actor . ?x ?q $other }"
    assert prepare(query, {"actor": "ChINA", "other": "ChINA"})[1] == {"actor": "china", "other": "ChINA"}


def test_a_parameter_bound_as_a_term_reaches_a_sub_query(sample_store: Path) -> None:
    """A sub-query that uses $name gets ?name projected, so the bound value reaches it (a
    sub-query is evaluated apart: without it, it would read every label and keep the first)."""
    query = """SELECT ?x WHERE { { SELECT ?x WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> $name }
      ORDER BY ?x LIMIT 1 } }"""
    with Store(str(sample_store), read_only=True) as store:
        rows = run_select(store, query, {"name": "China"})[1]
    assert [str(r[0]).rsplit("/", 1)[1] for r in rows] == ["China"]


def test_constant_parameters_are_written_in_as_one_literal() -> None:
    query = "# constant: actor\nSELECT * WHERE { ?x ?p $actor . ?x ?q $other }"
    text, values = prepare(query, {"actor": 'a" } ?s ?p ?o } #', "other": "b"})
    assert values == {"other": "b"}
    assert '?x ?p "a\\" } ?s ?p ?o } #" .' in text


def test_kg_reindex_and_the_warning_of_a_stale_index(copy: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    runner = CliRunner()
    with Store(str(copy)) as store:
        store.update(index.mark_stale())
    result = runner.invoke(main, ["query", "--store", str(copy), "--saved", "timeline"])
    assert result.exit_code == 0 and "order index is stale or missing" in result.stderr
    result = runner.invoke(main, ["reindex", "--store", str(copy)])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(main, ["query", "--store", str(copy), "--saved", "timeline"])
    assert result.exit_code == 0 and "order index" not in result.stderr
