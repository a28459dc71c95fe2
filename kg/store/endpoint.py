"""`kg serve`: the store over the SPARQL 1.1 Protocol, read-only to the world, bounded, current.

- **Queries** (GET or POST /query, as the protocol says) each run in a child process
  (kg.store.bounded) stopped at the time and memory limits, or as soon as the client has
  gone; a stopped query answers 503 with a one-line message, a malformed one 400, a refused
  SERVICE 403, an answer over the size limit 413. Results: SPARQL JSON, XML, CSV, TSV;
  graphs: Turtle, N-Triples, RDF/XML, JSON-LD, chosen by the Accept header or `format=`.
- **Read-only** to everyone: updates and Graph Store writes answer 403, unless they carry
  the token of the store's serve file (below).
- **Current**: the server holds the store's write lock, so no other process writes beside it
  unseen. `kg ingest` on the same folder finds the serve file (`kg-serve.json` in the store
  folder, readable by its owner only: URL, process id, token) and writes through the
  server; each write waits for running queries and each query opens the store afresh, so a
  query sees every article written before it started.
- **Stopping** it in any way (Ctrl-C, SIGTERM, SIGHUP) stops the running queries and
  removes the serve file; after a `kill -9` the query processes die with it (parent-death
  signal) and the stale serve file is recognised by its dead process id.
- `--cors` adds `Access-Control-Allow-Origin: *` (and answers preflight requests), so a
  query tool on another origin can use the endpoint.
"""

from __future__ import annotations

import contextlib
import errno
import hmac
import json
import os
import secrets
import select
import signal
import socket
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kg.errors import QueryError, StoreError
from kg.rdf.ns import PREFIXES
from kg.store import bounded
from kg.store.bounded import Cancelled, Limits
from kg.store.pool import QueryPool

HOST = "127.0.0.1"
PORT = 7878
SERVE_FILE = "kg-serve.json"
MAX_BODY = 64_000_000  # bytes of a request body: one article's graph is well under a megabyte
_ACCEPT = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "rdf",
    "application/ld+json": "jsonld",
}


@dataclass(frozen=True)
class Served:
    """What a serve file says: where the server of a store listens, and the token of its writes."""

    url: str
    pid: int
    token: str


def served(location: str | Path) -> Served | None:
    """The live server of a store folder, if `kg serve` runs on it (a stale file is ignored)."""
    path = Path(location) / SERVE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        info = Served(str(data["url"]), int(data["pid"]), str(data["token"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(info.pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return info


class _ReadWriteLock:
    """Many queries at once, or one write and no query: a query never reads a half-written store."""

    def __init__(self) -> None:
        self._readers = 0
        self._lock = threading.Condition()

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        with self._lock:
            self._readers += 1
        try:
            yield
        finally:
            with self._lock:
                self._readers -= 1
                self._lock.notify_all()

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        with self._lock:
            while self._readers:
                self._lock.wait()
            yield  # new queries wait for the lock while the write runs


class Endpoint:
    """The server of one store folder (see the module doc); `run` serves until stopped."""

    def __init__(
        self,
        location: str | Path,
        host: str = HOST,
        port: int = PORT,
        limits: Limits | None = None,
        cors: bool = False,
        workers: int = 4,
    ) -> None:
        self.location = Path(location)
        if not self.location.is_dir():
            raise StoreError(f"{location}: no store here yet", hint="run `kg ingest` first or pass --store")
        self.host, self.port = host, port
        self.limits = limits or Limits()
        self.cors = cors
        self.workers = workers
        self.pool: QueryPool | None = None
        self.lock = _ReadWriteLock()
        self.token = secrets.token_urlsafe(32)
        self.store: Any = None
        self.httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> Endpoint:
        """Bind the port, take the store's write lock, write the serve file; StoreError if any fails."""
        import pyoxigraph as ox

        handler = type("Handler", (_Handler,), {"endpoint": self})
        try:
            self.httpd = _Server((self.host, self.port), handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise StoreError(
                    f"{self.host}:{self.port}: the port is already in use (another kg serve?)",
                    hint="choose another with --port",
                ) from None
            raise StoreError(f"{self.host}:{self.port}: cannot listen ({exc.strerror or exc})") from None
        self.port = self.httpd.server_address[1]
        try:
            self.store = ox.Store(str(self.location))
        except OSError as exc:
            self.httpd.server_close()
            raise StoreError(
                f"{self.location}: cannot open the store ({' '.join(str(exc).split())[:200]})",
                hint="is `kg ingest` writing it? wait for it, or stop it",
            ) from None
        serve_file = self.location / SERVE_FILE
        fd = os.open(serve_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"url": self.url, "pid": os.getpid(), "token": self.token}, out)
        self.pool = QueryPool(self.workers, self.limits)  # warm query processes, each with the store open
        return self

    def run(self, on_ready: Callable[[str], None] | None = None) -> int:
        """Serve until Ctrl-C, SIGTERM or SIGHUP; the exit status."""
        stop = threading.Event()

        def interrupt(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGHUP):
                signal.signal(sig, interrupt)
        self.start()
        try:
            if on_ready is not None:
                on_ready(self.url)
            assert self.httpd is not None
            self.httpd.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            self.stop()
        return 0

    def serve_in_thread(self) -> threading.Thread:
        """Start and serve from a background thread (tests, notebooks); `stop` ends it."""
        self.start()
        assert self.httpd is not None
        thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        if self.httpd is not None:
            with contextlib.suppress(Exception):
                threading.Thread(target=self.httpd.shutdown, daemon=True).start()
            self.httpd.server_close()
            self.httpd = None
        with contextlib.suppress(OSError):
            serve_file = self.location / SERVE_FILE
            if json.loads(serve_file.read_text(encoding="utf-8")).get("pid") == os.getpid():
                serve_file.unlink()
        if self.store is not None:
            with contextlib.suppress(Exception):
                self.store.flush()
            self.store = None

    def __enter__(self) -> Endpoint:
        self.serve_in_thread()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the work of one request ---------------------------------------------------------------
    def answer(self, sparql: str, output: str, gone: Callable[[], bool]) -> tuple[str, bytes]:
        assert self.pool is not None, "the endpoint is not started"
        with self.lock.reading():
            job = bounded.Job(str(self.location), sparql, dict(PREFIXES), {}, output)
            return self.pool.run(job, cancelled=gone)

    def write(self, action: Callable[[Any], None]) -> None:
        with self.lock.writing():
            try:
                action(self.store)
            finally:
                self.store.flush()  # query processes reopen the store read-only: a flushed store opens fast
                if self.pool is not None:
                    self.pool.generation += 1


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True  # a port another server listens on is still refused; one in TIME_WAIT is not
    request_queue_size = 256  # connections waiting to be accepted: fifty clients at once are not turned away


class _Handler(BaseHTTPRequestHandler):
    endpoint: Endpoint
    server_version = "kg-serve"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a client may take to send its request: a stalled one does not hold a thread

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # -- routing ---------------------------------------------------------------------------------
    def do_OPTIONS(self) -> None:
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain")

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query)
        if url.path in ("/query", "/sparql") and "query" in params:
            self._query(params["query"][0], params)
        elif url.path in ("/", "/query", "/sparql"):
            text = f"kg SPARQL endpoint: GET or POST {self.endpoint.url}/query?query=...\n"
            self._send(HTTPStatus.OK, text.encode(), "text/plain; charset=utf-8")
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no such endpoint {url.path}; queries go to /query")

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        body = self._body()
        if body is None:
            return
        ctype = self.headers.get_content_type()
        if url.path in ("/query", "/sparql"):
            params = urllib.parse.parse_qs(url.query)
            if ctype == "application/x-www-form-urlencoded":
                params.update(urllib.parse.parse_qs(body.decode("utf-8", "replace")))
                if "update" in params:
                    return self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
                if "query" not in params:
                    return self._error(HTTPStatus.BAD_REQUEST, "no query: send query=... (form) or a sparql-query body")
                return self._query(params["query"][0], params)
            if ctype == "application/sparql-query":
                return self._query(body.decode("utf-8", "replace"), params)
            return self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"a query is form-encoded or sparql-query, not {ctype}"
            )
        if url.path == "/update":
            return self._write_request(lambda store: store.update(self._update_text(body, ctype)))
        if url.path == "/store":
            return self._graph_write(url, body, replace=False)
        self._error(HTTPStatus.NOT_FOUND, f"no such endpoint {url.path}")

    def do_PUT(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        body = self._body()
        if body is None:
            return
        if url.path != "/store":
            return self._error(HTTPStatus.NOT_FOUND, f"no such endpoint {url.path}")
        self._graph_write(url, body, replace=True)

    def do_DELETE(self) -> None:
        self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only")

    # -- queries ---------------------------------------------------------------------------------
    def _query(self, sparql: str, params: dict[str, list[str]]) -> None:
        output = self._output(params)
        try:
            media, data = self.endpoint.answer(sparql, output, self._client_gone)
        except Cancelled:
            self.close_connection = True
            return
        except QueryError as exc:
            text = str(exc)
            if "SERVICE" in text:
                status = HTTPStatus.FORBIDDEN
            elif "stopped" in text:
                status = HTTPStatus.SERVICE_UNAVAILABLE
            elif "larger than" in text:
                status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
            else:
                status = HTTPStatus.BAD_REQUEST
            return self._error(status, text)
        self._send(HTTPStatus.OK, data, media + ("; charset=utf-8" if media.startswith("text/") else ""))

    def _output(self, params: dict[str, list[str]]) -> str:
        wanted = (params.get("format") or [""])[0].lower()
        if wanted in bounded.MEDIA:
            return wanted
        if wanted in _ACCEPT:
            return _ACCEPT[wanted]
        for part in (self.headers.get("Accept") or "").split(","):
            media = part.split(";")[0].strip().lower()
            if media in _ACCEPT:
                return _ACCEPT[media]
        return "json"

    def _client_gone(self) -> bool:
        """True once the client has closed its connection (a read returns nothing)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            return True

    # -- writes: only with the serve file's token --------------------------------------------
    def _authorised(self) -> bool:
        given = self.headers.get("Authorization") or ""
        expected = f"Bearer {self.endpoint.token}"
        if hmac.compare_digest(given.encode(), expected.encode()):
            return True
        self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: writes need the token of the store's serve file")
        return False

    def _update_text(self, body: bytes, ctype: str) -> str:
        if ctype == "application/x-www-form-urlencoded":
            return urllib.parse.parse_qs(body.decode("utf-8"))["update"][0]
        return body.decode("utf-8")

    def _graph_write(self, url: urllib.parse.SplitResult, body: bytes, replace: bool) -> None:
        import pyoxigraph as ox

        graph = (urllib.parse.parse_qs(url.query).get("graph") or [""])[0]
        if not graph:
            return self._error(HTTPStatus.BAD_REQUEST, "a graph write needs ?graph=IRI")

        def action(store: Any) -> None:
            quads = [
                ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
                for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
            ]
            if replace:
                store.update(f"DROP SILENT GRAPH <{graph}>")
            store.extend(quads)

        self._write_request(action)

    def _write_request(self, action: Callable[[Any], None]) -> None:
        if not self._authorised():
            return
        try:
            self.endpoint.write(action)
        except (SyntaxError, ValueError, OSError, KeyError) as exc:
            return self._error(HTTPStatus.BAD_REQUEST, f"the write failed: {' '.join(str(exc).split())[:300]}")
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain")

    # -- plumbing --------------------------------------------------------------------------------
    def _body(self) -> bytes | None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"a request body is at most {MAX_BODY:,} bytes")
            return None
        return self.rfile.read(length)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, data: bytes, media: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(data)))
            if self.endpoint.cors:
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
