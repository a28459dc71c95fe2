"""Hostile input and hostile queries: one fault injected per case, and what must hold.

Nothing crashes (one line 'Error: ...', exit status 1, the good inputs stored), nothing runs
away (a query is stopped at its bounds or when its client leaves), nothing reaches the
network unless asked (SERVICE), and a server serves what is stored.
"""

from __future__ import annotations

import codecs
import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryError, StoreError
from kg.model import Actor, Article, Event, Evidence, Policy
from kg.rdf.triples import article_triples, description_triples
from kg.store import bounded
from kg.store.bounded import Limits, uses_service
from kg.store.embedded import Store
from kg.store.endpoint import SERVE_FILE, Endpoint, served
from kg.store.remote import RemoteStore
from kg.store.server import free_port

GOOD = {
    "id": "good",
    "title": "Sanctions",
    "date": "2021-11-08",
    "text": "The Treasury Department sanctioned Chatex on Monday.",
}
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
_MAIN = "from kg.cli import main; main()"


def kg(runner: CliRunner, *args: str, stdin: str | bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(main, list(args), input=stdin)


# -- 1. per-record failure, streaming ingest ----------------------------------------------------
HOSTILE_LINES = [
    ("[" * 3000 + "]" * 3000, "malformed JSON: nested too deep to be an article"),
    (
        '{"id": "n", "text": "The FBI arrested him.", "n": ' + "9" * 5000 + "}",
        "malformed JSON: a number too long to read",
    ),
    (
        '{"id": "x\\ud800", "text": "The FBI arrested him."}',
        "the 'id' holds an invalid character (a lone UTF-16 surrogate)",
    ),
    ('{"id": "t", "text": "Unterminated', "malformed JSON at column 21: Unterminated string starting at"),
    ('["a list"]', "expected a JSON object, got list"),
]


@pytest.mark.parametrize(
    ("line", "reason"), HOSTILE_LINES, ids=["deep", "digits", "surrogate-id", "unterminated", "list"]
)
def test_a_hostile_json_line_fails_alone(runner: CliRunner, tmp_path: Path, line: str, reason: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(GOOD) + "\n" + line + "\n" + json.dumps({**GOOD, "id": "good2"}) + "\n")
    store = str(tmp_path / "s")
    result = kg(runner, "ingest", str(source), "--store", store)
    assert result.exit_code == 1
    assert [x for x in result.stderr.splitlines() if x.startswith("Error:")] == [f"Error: {source}:2: {reason}"]
    assert result.stderr.splitlines()[-1] == "2 articles ingested, 0 unchanged, 2 events, 0 skipped, 1 failed"


def test_lone_surrogates_in_text_and_title_become_replacement_characters(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "s", "title": "T\\ud800", "text": "The Treasury Department sanctioned Chatex\\udfff."}\n')
    result = kg(runner, "ingest", str(source), "--store", str(tmp_path / "s"))
    assert result.exit_code == 0, result.stderr
    events = kg(runner, "events", "--store", str(tmp_path / "s"), "--format", "jsonl").output
    assert "\ufffd" in json.loads(events.splitlines()[0])["evidence"]["text"]


def test_the_good_articles_are_stored_before_a_bad_one_is_read(tmp_path: Path) -> None:
    """Streaming: the first article is in the store while the input is still being read."""
    read, write = os.pipe()
    store = tmp_path / "s"
    process = subprocess.Popen(
        [sys.executable, "-c", _MAIN, "ingest", "-", "--store", str(store)], stdin=read, stderr=subprocess.PIPE
    )
    os.close(read)
    os.write(write, (json.dumps(GOOD) + "\n").encode())
    try:
        deadline = time.monotonic() + 60
        found = False
        while time.monotonic() < deadline and not found:
            time.sleep(0.5)
            if store.is_dir():
                try:
                    with Store(str(store), read_only=True) as s:
                        found = s.article_count() == 1
                except StoreError:
                    pass
        assert found, "the first article was not written while the input stayed open"
    finally:
        os.close(write)
        process.wait(timeout=60)
    assert process.returncode == 0


def test_a_file_over_the_size_limit_is_refused_unread(runner: CliRunner, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as out:
        out.truncate(200_000_000)  # sparse: 200 MB that costs no disk and would cost minutes to parse
    started = time.monotonic()
    result = kg(runner, "ingest", str(big), "--store", str(tmp_path / "s"))
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {big}: 200,000,000 bytes, over the limit of 5,000,000 bytes for one article; "
        "raise the limit with --max-bytes if this really is one article"
    )


def test_a_json_line_over_the_size_limit_fails_alone(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    long_line = json.dumps({"id": "long", "text": "x " * 600_000})
    source.write_text(json.dumps(GOOD) + "\n" + long_line + "\n")
    result = kg(runner, "ingest", str(source), "--store", str(tmp_path / "s"), "--max-bytes", "1000000")
    assert result.exit_code == 1
    assert f"Error: {source}:2: a line over the limit of 1,000,000 bytes for one article" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("1 articles ingested")


def test_a_fifo_is_refused_not_waited_on(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = kg(runner, "ingest", str(fifo), "--store", str(tmp_path / "s"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"Error: {fifo}: a FIFO, not a file of articles"


@pytest.mark.parametrize(
    "bom, encoding",
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF8, "utf-8")],
    ids=["utf-16-le", "utf-16-be", "utf-8-bom"],
)
def test_text_with_a_byte_order_mark_is_decoded(runner: CliRunner, tmp_path: Path, bom: bytes, encoding: str) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes(
        bom + "Sanctions\nUpdated: 2021-11-08 10:00\n\nThe Treasury sanctioned Chatex on Monday.\n".encode(encoding)
    )
    result = kg(runner, "ingest", str(article), "--store", str(tmp_path / "s"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "1 articles ingested, 0 unchanged, 1 events, 0 skipped, 0 failed"


@pytest.mark.parametrize(
    "text, language",
    [
        (
            "美国财政部周一对加密货币交易所实施制裁。该交易所否认了所有指控，并表示将寻求法律途径。财政部官员表示，此举旨在打击勒索软件。",
            "Chinese (zh)",
        ),
        (
            "Министерство финансов США в понедельник ввело санкции против криптовалютной биржи. Биржа отрицает все обвинения.",
            "Russian (ru)",
        ),
    ],
    ids=["chinese", "russian"],
)
def test_another_language_is_a_warning_not_silence(runner: CliRunner, tmp_path: Path, text: str, language: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "foreign", "text": text}) + "\n", encoding="utf-8")
    result = kg(runner, "ingest", str(source), "--store", str(tmp_path / "s"))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        f"Warning: {source}:1: article 'foreign' is in {language}; kg extracts events from English only, "
        "so it is stored without events"
    )
    assert result.stderr.splitlines()[-1] == "1 articles ingested, 0 unchanged, 0 events, 0 skipped, 0 failed"


def test_a_navigation_page_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "nav.html"
    page.write_text(
        "<html><head><title>Site</title></head><body><nav><ul>"
        + "".join(f"<li><a href='/{i}'>Section {i}</a></li>" for i in range(30))
        + "</ul></nav><main><h1>Home</h1><p>Menu</p></main></body></html>"
    )
    result = kg(runner, "ingest", str(page), "--store", str(tmp_path / "s"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(f"Error: {page}: no article text")


# -- 2. bounded queries --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of 40 articles' triples (no parsing): enough for a cartesian product to run away."""
    path = str(tmp_path_factory.mktemp("bounded") / "store")
    with Store(path) as store:
        store.load_ontology()
        for n in range(40):
            article = Article(id=f"a{n}", title="t", body="The FBI arrested Evil Corp.", published=None)
            event = Event(
                type="ARREST",
                trigger="arrested",
                agent=Actor("Federal Bureau of Investigation", "GovernmentBody"),
                evidence=Evidence("The FBI arrested Evil Corp.", 0, 27),
                article_id=article.id,
                target=Actor(f"Person {n}", "Person"),
                object=Policy(f"charge {n}"),
            )
            store.replace_article(article.id, article_triples(article, [event]), description_triples([event]))
    return path


# The ORDER BY query hashes each row: rows come slowly enough that the timeout, not the memory
# limit, stops it (a bare cartesian product fills 2,000 MB in about a second on a fast machine)
SLOW_ORDER_BY = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
    "FILTER(STRLEN(SHA512(CONCAT(STR(?c), STR(?f), STR(?i)))) > 0) } ORDER BY ?c ?f ?i"
)


@pytest.mark.parametrize("sparql", [CARTESIAN, SLOW_ORDER_BY], ids=["cartesian-count", "order-by"])
def test_kg_query_stops_a_runaway_query_at_its_timeout(runner: CliRunner, small_store: str, sparql: str) -> None:
    started = time.monotonic()
    result = kg(runner, "query", sparql, "--store", small_store, "--timeout", "1")
    assert time.monotonic() - started < 15
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: the query was stopped after 1 s; allow more with --timeout\n",
    )


def test_kg_query_stops_a_query_at_its_memory_limit(runner: CliRunner, small_store: str) -> None:
    sparql = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
    result = kg(runner, "query", sparql, "--store", small_store, "--timeout", "120", "--max-memory", "150")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: the query was stopped: it used more than 150 MB; allow more with --max-memory\n",
    )


def test_an_answer_over_the_size_limit_is_refused(small_store: str) -> None:
    with Store(small_store, read_only=True) as store, pytest.raises(QueryError, match="the answer is larger than"):
        store.run("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", limits=Limits(timeout=60, answer_bytes=100_000))


# -- 3. no SERVICE unless asked --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sparql", "service"),
    [
        ("SELECT * WHERE { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }", True),
        ("select * where { service silent ?endpoint { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?service ?p 'SERVICE' } # SERVICE <http://x/>", False),
        ("PREFIX ex: <http://example.org/SERVICE/> SELECT * WHERE { ex:SERVICE ?p ?o }", False),
    ],
)
def test_service_is_found_as_a_keyword_only(sparql: str, service: bool) -> None:
    assert uses_service(sparql) is service


def test_kg_query_refuses_service_and_names_the_flag(runner: CliRunner, small_store: str) -> None:
    with socket.socket() as listener:  # a server that would see the request, if one were made
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        result = kg(
            runner,
            "query",
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
            "--store",
            small_store,
        )
        with pytest.raises(TimeoutError):
            listener.accept()  # nothing connected
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: federated queries (SERVICE) are refused: they make the store fetch other servers; "
        "allow them with --allow-service\n",
    )


# -- parameters are bound, never spliced ------------------------------------------------------------
def test_two_params_on_one_line_cannot_inject(runner: CliRunner, small_store: str, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?s WHERE { ?s ?p $a . ?s ?p $b } LIMIT 100\n")
    result = kg(
        runner,
        "query",
        "--file",
        str(query),
        "--store",
        small_store,
        "--format",
        "json",
        "--param",
        'a=x\n\\"',
        "--param",
        "b= } ?s ?p ?o } #",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.output) == []


def test_a_value_is_bound_as_exactly_that_literal(small_store: str) -> None:
    value = 'x\n\\" } ?s ?p ?o } # \\u0022 ">'
    with Store(small_store, read_only=True) as store:
        answer = store.run("SELECT ?v WHERE { BIND(STR($v) AS ?v) }", values={"v": value})
        assert [str(row[0]) for row in answer] == [value]


# -- 4. serve what is stored ------------------------------------------------------------------
@pytest.fixture()
def endpoint(small_store: str, tmp_path: Path) -> Iterator[Endpoint]:
    copy = tmp_path / "served"
    with Store(str(copy)) as target, Store(small_store, read_only=True) as source:
        for s, p, o, g in source.quads():
            target.dataset.graph(g).add((s, p, o))
    server = Endpoint(copy, port=0, limits=Limits(timeout=2))
    server.serve_in_thread()
    try:
        yield server
    finally:
        server.stop()


def _get(url: str, sparql: str, accept: str = "text/csv", timeout: float = 30) -> tuple[int, str]:
    request = urllib.request.Request(
        url + "/query?" + urllib.parse.urlencode({"query": sparql}), headers={"Accept": accept}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_a_served_query_over_time_answers_503_with_a_message(endpoint: Endpoint) -> None:
    assert _get(endpoint.url, CARTESIAN) == (
        503,
        "the query was stopped after 2 s\n",
    )  # the server's limit, not the client's
    with RemoteStore(endpoint.url) as remote, pytest.raises(StoreError) as caught:
        remote.run(CARTESIAN)
    assert str(caught.value) == f"{endpoint.url}/query: HTTP 503 Service Unavailable: the query was stopped after 2 s"


def test_an_abandoned_query_stops(endpoint: Endpoint) -> None:
    with socket.create_connection(("127.0.0.1", endpoint.port)) as client:
        client.sendall(
            f"GET /query?{urllib.parse.urlencode({'query': CARTESIAN})} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
        )
        deadline = time.monotonic() + 5
        while not bounded.RUNNING and time.monotonic() < deadline:
            time.sleep(0.02)
        assert bounded.RUNNING, "the query did not start"
    deadline = time.monotonic() + 1.5  # well before its 2 s timeout
    while bounded.RUNNING and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not bounded.RUNNING, "the query kept running after its client left"


def test_served_service_and_writes_are_refused(endpoint: Endpoint) -> None:
    assert _get(endpoint.url, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")[0] == 403
    with RemoteStore(endpoint.url) as remote, pytest.raises(StoreError, match=r"HTTP 403 .*read-only"):
        remote.update("INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> <urn:o> } }")


def test_kg_ingest_writes_through_a_running_server_and_queries_see_it(
    runner: CliRunner, endpoint: Endpoint, tmp_path: Path
) -> None:
    info = served(endpoint.location)
    assert info is not None and info.url == endpoint.url
    assert oct((endpoint.location / SERVE_FILE).stat().st_mode & 0o777) == "0o600"
    source = tmp_path / "new.jsonl"
    source.write_text(json.dumps(GOOD) + "\n")
    result = kg(runner, "ingest", str(source), "--store", str(endpoint.location))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        f"Note: {endpoint.location} is served by kg serve at {endpoint.url}: writing through it"
    )
    status, body = _get(endpoint.url, "SELECT ?l WHERE { ?e a kg:Sanction ; kg:target/rdfs:label ?l }")
    assert (status, body.split()) == (200, ["l", "Chatex"])


def test_a_taken_port_is_a_clear_error(endpoint: Endpoint, runner: CliRunner, small_store: str) -> None:
    result = kg(runner, "serve", "--store", small_store, "--port", str(endpoint.port))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: 127.0.0.1:{endpoint.port}: the port is already in use (another kg serve?); "
        "choose another with --port\n",
    )


def test_serving_beside_an_ingest_is_refused(small_store: str, tmp_path: Path) -> None:
    with Store(str(tmp_path / "busy")) as writer:
        writer.load_ontology()
        with pytest.raises(StoreError, match="cannot open the store"):
            Endpoint(tmp_path / "busy", port=0).start()


def test_stopping_kg_serve_stops_what_it_started(small_store: str, tmp_path: Path) -> None:
    copy = tmp_path / "s"
    with Store(str(copy)) as target, Store(small_store, read_only=True) as source:
        for s, p, o, g in source.quads():
            target.dataset.graph(g).add((s, p, o))
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", _MAIN, "serve", "--store", str(copy), "--port", str(port), "--timeout", "120"],
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    assert process.stderr.readline().decode().startswith("serving ")
    threading.Thread(target=_ask_and_ignore, args=(f"http://127.0.0.1:{port}", CARTESIAN), daemon=True).start()
    time.sleep(1.5)
    children = _descendants(process.pid)
    assert children, "the server started no process"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)], "processes of the server outlived it"
    assert not (copy / SERVE_FILE).exists()


# -- 5. no orphans -----------------------------------------------------------------------------
def test_kill_9_of_an_ingest_leaves_no_worker(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "articlemd-dev.jsonl"
    if not corpus.exists():
        pytest.skip(f"{corpus} is absent: reference corpora not available")
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _MAIN,
            "ingest",
            str(corpus),
            "--store",
            str(tmp_path / "s"),
            "--jobs",
            "2",
            "--no-progress",
        ],
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
        workers = _descendants(process.pid)
    assert len(workers) >= 2, "the ingest started no workers"
    process.kill()
    process.wait()
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived the ingest"


def _ask_and_ignore(url: str, sparql: str) -> None:
    """A client whose server goes away under it."""
    with contextlib.suppress(OSError, urllib.error.URLError, http.client.HTTPException):
        _get(url, sparql, timeout=120)


def _descendants(pid: int) -> list[int]:
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                if ppid == parent:
                    found.append(int(entry.name))
                    frontier.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


# -- kg validate on a clean ingest ----------------------------------------------------------------
def test_one_act_told_with_objects_differing_in_case_gives_two_valid_events() -> None:
    from kg.query.validate import validate

    day = __import__("datetime").date(2021, 11, 8)
    with Store(":memory:") as store:
        store.load_ontology()
        for n, label in enumerate(("Executive Order", "executive order")):
            article = Article(id=f"a{n}", title="t", body="The president signed an executive order.", published=day)
            event = Event(
                type="ENACT",
                trigger="signed",
                agent=Actor("Joe Biden", "Person"),
                date=day,
                evidence=Evidence(article.body, 0, len(article.body)),
                article_id=article.id,
                object=Policy(label),
            )
            store.replace_article(article.id, article_triples(article, [event]), description_triples([event]))
        report = validate(store)
    assert report.conforms, report.text


def test_kg_validate_passes_on_a_clean_ingest_of_the_whole_dev_corpus(runner: CliRunner, tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "articlemd-dev.jsonl"
    if not corpus.exists():
        pytest.skip(f"{corpus} is absent: reference corpora not available")
    store = str(tmp_path / "store")
    ingested = kg(runner, "ingest", str(corpus), "--store", store, "--jobs", "2", "--no-progress")
    assert ingested.stderr.splitlines()[-1].endswith(" 2 failed"), ingested.stderr[-500:]  # the two 'Unknown' pages
    result = kg(runner, "validate", "--store", store)
    assert (result.exit_code, result.output) == (0, "the store conforms to ontology/shapes.ttl\n")
