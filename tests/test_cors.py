"""`kg serve --cors` in a real browser: a page on another origin queries the endpoint.

The page is served by a plain HTTP server on one port and `kg serve` listens on another, so
the two are different origins and the browser applies its CORS rules. The page's script
writes what it got into `data-*` attributes of <body>; headless Chromium dumps the DOM.
"""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.store.embedded import Store
from kg.store.server import free_port
from tests.conftest import headless_chromium, needs_chromium

pytestmark = needs_chromium

_MAIN = "from kg.cli import main; main()"
QUERY = "PREFIX kg: <https://w3id.org/kg-cyber/ns#> SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a kg:Event }"
PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>another origin</title></head>
<body data-state="waiting"><script>
const url = "ENDPOINT?query=" + encodeURIComponent(QUERY_TEXT);
fetch(url, {headers: {"Accept": "application/sparql-results+json"}})
  .then(r => r.json())
  .then(j => { document.body.dataset.count = j.results.bindings[0].n.value;
               document.body.dataset.state = "answered"; })
  .catch(e => { document.body.dataset.state = "refused"; });
</script></body></html>
"""


@pytest.fixture()
def store_copy(sample_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    with Store(str(copy)) as target, Store(str(sample_store), read_only=True) as source:
        for s, p, o, g in source.quads():
            target.dataset.graph(g).add((s, p, o))
    return copy


@pytest.fixture()
def page_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served on 127.0.0.1 (the page's origin) and that origin's URL."""
    folder = tmp_path / "site"
    folder.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _serve(store: Path, port: int, *extra: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-c", _MAIN, "serve", "--store", str(store), "--port", str(port), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    line = process.stderr.readline().decode()
    assert line.startswith("serving "), line
    return process


def _body(page: str, tmp_path: Path) -> dict[str, str]:
    command = [
        *headless_chromium(tmp_path / "profile"),
        "--virtual-time-budget=10000",
        "--dump-dom",
        page,
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    match = re.search(r"<body([^>]*)>", run.stdout)
    assert match, run.stdout[:500]
    return dict(re.findall(r'\bdata-([a-z]+)="([^"]*)"', match.group(1)))


@pytest.mark.parametrize("cors", [True, False])
def test_a_page_on_another_origin_queries_kg_serve_only_with_cors(
    store_copy: Path, page_server: tuple[Path, str], tmp_path: Path, cors: bool
) -> None:
    with Store(str(store_copy), read_only=True) as store:
        expected = len({str(row[0]) for row in store.query(QUERY.replace("(COUNT(DISTINCT ?e) AS ?n)", "?e"))})
    folder, origin = page_server
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}/query"
    (folder / "page.html").write_text(
        PAGE.replace("ENDPOINT", endpoint).replace("QUERY_TEXT", repr(QUERY)), encoding="utf-8"
    )
    process = _serve(store_copy, port, *(["--cors"] if cors else []))
    try:
        body = _body(f"{origin}/page.html", tmp_path)
    finally:
        process.terminate()
        process.communicate(timeout=20)
    if cors:
        assert body == {"state": "answered", "count": str(expected)}
        assert expected > 100
    else:  # the browser refuses the answer: no Access-Control-Allow-Origin
        assert body == {"state": "refused"}
