"""Property-based fuzzing: the readers and the parameter binding take any input without crashing.

Whatever the bytes, a reader yields articles or InputErrors (one line each), never another
exception; whatever the value, a bound parameter is exactly that string literal, in the
embedded store (as an RDF term) and in the text sent to a server (an escaped literal).
"""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError, QueryError
from kg.inputs.files import decode, read_jsonl
from kg.inputs.formats import parse_html, parse_json_line, parse_text
from kg.model import Article
from kg.query.sparql import bind, prepare
from kg.store.embedded import Store

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["id", "text", "title", "date", "url", "x"]), inner, max_size=5)
    ),
    max_leaves=20,
)


@FAST
@given(st.text(max_size=400))
def test_any_json_line_is_an_article_or_one_input_error(line: str) -> None:
    try:
        assert isinstance(parse_json_line(line, "f:1"), Article)
    except InputError as exc:
        assert str(exc).startswith("f:1: ") and "\n" not in str(exc)


@FAST
@given(JSONISH)
def test_any_json_value_is_an_article_or_one_input_error(value: object) -> None:
    try:
        article = parse_json_line(json.dumps(value), "f:1")
    except InputError as exc:
        assert str(exc).startswith("f:1: ")
    else:
        article.body.encode("utf-8")  # writable: no lone surrogate survives
        article.hash  # noqa: B018  (the content hash encodes every field)


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_of_a_jsonl_file_give_articles_and_errors_only(data: bytes) -> None:
    for item in read_jsonl(io.BufferedReader(io.BytesIO(data)), "f.jsonl", max_bytes=500):
        assert isinstance(item, Article | InputError)


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_of_a_text_file_give_an_article_or_an_input_error(data: bytes) -> None:
    try:
        article = parse_text(decode(data, "f.txt"), "f.txt")
    except InputError as exc:
        assert str(exc).startswith("f.txt: ")
    else:
        article.body.encode("utf-8")


@SLOW
@given(
    st.text(max_size=600) | st.builds(lambda body: f"<html><body><p>{body}</p></body></html>", st.text(max_size=300))
)
def test_any_html_gives_an_article_or_an_input_error(text: str) -> None:
    try:
        article = parse_html(text, "f.html")
    except InputError as exc:
        assert str(exc).startswith("f.html: ")
    else:
        assert article.body.strip()


# -- parameters ---------------------------------------------------------------------------------
VALUES = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60)
QUERY = "SELECT ?v WHERE { BIND(STR($v) AS ?v) }"


@pytest.fixture(scope="module")
def memory() -> ox.Store:
    return ox.Store()


@FAST
@given(VALUES)
def test_a_spliced_value_is_exactly_one_literal(memory: ox.Store, value: str) -> None:
    """What a server receives: the value as one escaped literal, whatever it holds."""
    rows = list(memory.query(bind(QUERY, {"v": value})))
    assert [row["v"].value for row in rows] == [value]


@FAST
@given(VALUES, VALUES)
def test_two_values_on_one_line_stay_two_literals(memory: ox.Store, a: str, b: str) -> None:
    rows = list(memory.query(bind("SELECT ?a ?b WHERE { BIND(STR($a) AS ?a) BIND(STR($b) AS ?b) }", {"a": a, "b": b})))
    assert [(row["a"].value, row["b"].value) for row in rows] == [(a, b)]


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return Store(str(tmp_path_factory.mktemp("fuzz") / "store"))


@SLOW
@given(VALUES)
def test_a_bound_value_is_exactly_that_term(embedded: Store, value: str) -> None:
    text, values = prepare(QUERY, {"v": value})
    assert text == QUERY  # the value never enters the text
    assert [str(row[0]) for row in embedded.run(text, values)] == [value]


@FAST
@given(st.text(max_size=20))
def test_a_count_parameter_is_a_number_or_an_error(value: str) -> None:
    try:
        text, _ = prepare("SELECT * WHERE { ?s ?p ?o } LIMIT $n", {"n": value})
    except QueryError as exc:
        assert "$n" in str(exc)
    else:
        assert text.rsplit("LIMIT ", 1)[1].isdigit()


LINES = st.lists(
    st.one_of(
        st.builds(
            lambda i, text: json.dumps({"id": f"r{i}", "text": text}),
            st.integers(0, 5),
            st.sampled_from(["The FBI arrested a hacker in Kyiv on Monday.", "Police seized servers.", "", "x"]),
        ),
        st.text(max_size=40),
        JSONISH.map(json.dumps),
    ),
    max_size=8,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(LINES)
def test_ingesting_any_lines_stores_exactly_the_good_ones(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str]
) -> None:
    from kg.pipeline.ingest import ingest

    source = tmp_path_factory.mktemp("lines") / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    with Store(":memory:") as store:
        report = ingest([source], store, progress=False)
        assert store.article_count() == report.articles
    assert all("\n" not in reason for _, reason in report.failed)
