"""A remote SPARQL 1.1 server as the store: Query, Update and the Graph Store Protocol over HTTP.

`RemoteStore` has the interface of `kg.store.Store`, so ingest and the read side work
unchanged against a server. It needs only the standard library (urllib); results come back
as SPARQL JSON and are parsed into rdflib terms by rdflib's own result parser, so `run()`
returns an rdflib `Result` (`.type`, `.vars`, rows, `.askAnswer`, `.graph`).

Endpoint convention (`--store URL` or `$KG_STORE`):

    http://HOST:PORT            Oxigraph (`oxigraph serve`): /query, /update, /store
    http://HOST:PORT/DS         Jena Fuseki dataset DS: /DS/query, /DS/update, /DS/data
    http://HOST:PORT/sparql     Virtuoso: /sparql, /sparql-auth, /sparql-graph-crud-auth
    .../query or .../DS/sparql  Oxigraph or Fuseki, with the query endpoint written out

`http://user:password@host/...` sends the user and password (HTTP basic authentication;
digest for Virtuoso, whose update endpoints need it); the password never appears in
messages. What differs between the engines is gathered in kg.store.engines.

Queries read the union of all named graphs, as the embedded store does (each engine's way
of asking for it is in kg.store.engines). Every article is written with ONE request, `DROP SILENT GRAPH` plus
`INSERT DATA` of the article's graph and the shared descriptions, which the server runs as
one transaction: a failed write leaves the previous graph in place.
"""

from __future__ import annotations

import base64
import io
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.query import Result

from kg.errors import StoreError
from kg.rdf.iris import EXTRACTOR
from kg.rdf.ns import ID, KG, ONTOLOGY_GRAPH
from kg.rdf.triples import Triple, to_ntriples
from kg.store.base import (
    check_syntax,
    declare_prefixes,
    has_article_query,
    remove_article_update,
    replace_article_update,
    splice,
)
from kg.store.bounded import Limits, refuse_service
from kg.store.engines import ASK_AS_SELECT, endpoints

TIMEOUT = 300.0  # seconds; a bulk write of a large article can take a while on a busy server
_RESULTS = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_KG_GRAPHS = f'FILTER(STRSTARTS(STR(?g), "{ID}graph/"))'


def is_remote(location: str) -> bool:
    return location.startswith(("http://", "https://"))


class RemoteStore:
    """A SPARQL 1.1 server as a dataset of named graphs, one per article (see the module doc)."""

    def __init__(
        self,
        location: str,
        read_only: bool = False,
        timeout: float = TIMEOUT,
        token: str | None = None,
        served_folder: str | None = None,
    ) -> None:
        self.endpoints = endpoints(location)
        self.location = self.endpoints.display
        self.read_only = read_only
        self.timeout = timeout
        parts = urllib.parse.urlsplit(location)
        self._headers: dict[str, str] = {"User-Agent": "kg"}
        self.served_folder = served_folder  # the store folder a `kg serve` writes for us, if any
        if token is not None:  # `kg serve`'s write token (kg.store.endpoint)
            self._headers["Authorization"] = f"Bearer {token}"
        # a proxy from the environment must not swallow requests to a server on this machine
        handlers: list[urllib.request.BaseHandler] = (
            [urllib.request.ProxyHandler({})] if parts.hostname in _LOOPBACK else []
        )
        if parts.username is not None:
            user, password = urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")
            if self.endpoints.engine.auth == "digest":  # answered after the server's challenge
                passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                passwords.add_password(None, self.endpoints.display, user, password)
                handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
            else:
                token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
                self._headers["Authorization"] = "Basic " + token
        self._opener = urllib.request.build_opener(*handlers)

    def close(self) -> None:
        """Nothing to release: every request has its own connection."""

    def flush(self) -> None:
        """Nothing to do: the server writes each request before it answers."""

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles -------------------------------------------------------------------------
    def has_article(self, article_id: str, content_hash: str, extractor: URIRef = EXTRACTOR) -> bool:
        """True when this exact content was stored by this extractor version."""
        return bool(self.run(has_article_query(article_id, content_hash, extractor)).askAnswer)

    def replace_article(self, article_id: str, triples: list[Triple], shared: list[Triple]) -> None:
        """Replace one article's graph and add the shared descriptions in one atomic UPDATE."""
        try:
            update = replace_article_update(article_id, triples, shared)
        except Exception as exc:  # rdflib refuses to write a malformed IRI: nothing was sent
            raise StoreError(f"{self.location}: could not write article {article_id!r} ({exc})") from None
        self.update(update, what=f"article {article_id!r}")

    def load_ontology(self) -> None:
        """(Re)load ontology/kg.ttl into its own graph: saved queries join on type codes."""
        from kg.rdf.ontology import ontology

        triples = [t for t in ontology() if not any(isinstance(x, BNode) for x in t)]
        self.put_graph(URIRef(ONTOLOGY_GRAPH), to_ntriples(triples))  # type: ignore[arg-type]

    def remove_article(self, article_id: str) -> None:
        """Drop one article's graph (and mark the order index stale: kg.store.index)."""
        self.update(remove_article_update(article_id), what=f"article {article_id!r}")

    def article_count(self) -> int:
        rows = self.query(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH ?g {{ ?a a {KG.Article.n3()} }} }}")
        return int(rows[0][0]) if rows else 0

    # -- Graph Store Protocol: whole graphs as N-Triples ------------------------------------
    def put_graph(self, graph: URIRef, ntriples: str) -> None:
        """Replace one named graph by N-Triples text, in one request (atomic on the server)."""
        self._write("PUT", graph, ntriples)

    def post_graph(self, graph: URIRef, ntriples: str) -> None:
        """Add N-Triples text to one named graph, in one request."""
        self._write("POST", graph, ntriples)

    def _write(self, method: str, graph: URIRef, ntriples: str) -> None:
        self._writable(f"graph <{graph}>")
        url = self.endpoints.graph_url(str(graph))
        self._send(method, url, ntriples.encode("utf-8"), {"Content-Type": _NTRIPLES})

    # -- SPARQL ---------------------------------------------------------------------------
    def update(self, sparql: str, what: str = "update") -> None:
        """Send one SPARQL UPDATE request (the server runs it as one transaction)."""
        self._writable(what)
        self._send("POST", self.endpoints.update, sparql.encode("utf-8"), {"Content-Type": "application/sparql-update"})

    def query(self, sparql: str) -> list[tuple[Any, ...]]:
        """Rows of a SELECT (tuples of rdflib terms), or raise QueryError with line and column."""
        return [row for row in self.run(sparql) if isinstance(row, tuple)]

    def run(self, sparql: str, values: dict[str, str] | None = None, limits: Limits | None = None) -> Result:
        """The rdflib Result of a query of any form (SELECT, ASK, CONSTRUCT, DESCRIBE).

        `values` bind $name to string literals, written as escaped one-line literals (the SPARQL
        protocol has no bindings); `limits` refuses SERVICE here too and bounds the wait.
        """
        if limits is not None:
            refuse_service(sparql, limits)
        if values:
            sparql = splice(sparql, values)
        form = check_syntax(sparql)  # positions in errors are the user's; the server gets kg's prefixes declared
        body = urllib.parse.urlencode([("query", declare_prefixes(sparql)), *self.endpoints.union]).encode("utf-8")
        timeout = limits.timeout + 5 if limits is not None and limits.timeout else None
        graph = form in ("ConstructQuery", "DescribeQuery")
        ctype, data = self._send(
            "POST",
            self.endpoints.query,
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                # asked for by the query's form: some engines answer a CONSTRUCT in JSON if let
                "Accept": f"{_NTRIPLES}, text/plain;q=0.9" if graph else f"{_RESULTS}, application/json;q=0.9",
            },
            timeout=timeout,
        )
        try:
            if ctype in (_RESULTS, "application/json"):
                return self._results(Result.parse(io.BytesIO(data), format="json"), form)
            if ctype in (_NTRIPLES, "text/plain"):
                result = Result("CONSTRUCT")
                result.graph = Graph().parse(data=data.decode("utf-8"), format="nt")
                return result
        except (ValueError, KeyError, json.JSONDecodeError) as exc:
            raise StoreError(f"{self.endpoints.query}: unreadable answer ({type(exc).__name__}: {exc})") from None
        raise StoreError(f"{self.endpoints.query}: unexpected answer of type {ctype!r}; is this a SPARQL endpoint?")

    def _results(self, result: Result, form: str) -> Result:
        """A SELECT or ASK answer as rdflib reads it, the engine's quirks undone."""
        if form == "AskQuery" and result.type == "SELECT" and [str(v) for v in result.vars or []] == [ASK_AS_SELECT]:
            rows = [row for row in result if isinstance(row, tuple)]
            answer = Result("ASK")
            answer.askAnswer = bool(rows) and str(rows[0][0]) in ("1", "true")
            return answer
        return result

    def quads(self) -> Iterator[tuple[Any, Any, Any, Any]]:
        """Every statement of kg's graphs as (subject, predicate, object, graph) rdflib terms:
        a shared server's other graphs (and Virtuoso's system graphs) are not kg's to export."""
        yield from self.query(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_KG_GRAPHS} }}")

    def graph_names(self) -> list[URIRef]:
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_KG_GRAPHS} }} ORDER BY ?g")
        return [URIRef(str(r[0])) for r in rows]

    # -- HTTP -----------------------------------------------------------------------------
    def _writable(self, what: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.location}: opened read-only; cannot write {what}")

    def _send(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str], timeout: float | None = None
    ) -> tuple[str, bytes]:
        """(content type, body) of a successful answer, or StoreError with URL, status and message."""
        request = urllib.request.Request(url, data=body, method=method, headers={**self._headers, **headers})
        try:
            with self._opener.open(request, timeout=timeout or self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as exc:
            raise StoreError(f"{url}: HTTP {exc.code} {exc.reason}: {_first_line(exc)}") from None
        except urllib.error.URLError as exc:
            raise StoreError(f"{url}: cannot reach the SPARQL server ({exc.reason}); is it running?") from None
        except (OSError, ValueError) as exc:  # timeouts, resets, malformed answers
            raise StoreError(f"{url}: request failed ({type(exc).__name__}: {exc})") from None


def _first_line(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read().decode("utf-8", "replace")
    except OSError:
        text = ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0][:300] if lines else "(no message)"
