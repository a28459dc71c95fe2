"""What differs between the SPARQL servers kg writes to and reads from, in one place.

kg speaks standard SPARQL 1.1 (Query, Update, Graph Store Protocol) to every server; this
module holds what is not the same from one engine to the next, so the rest of kg.store.remote
is engine-blind. The README's "SPARQL servers" table lists the same facts.

| what                  | Oxigraph (`oxigraph serve`) | Jena Fuseki (dataset DS)        | Virtuoso Open Source 7        |
|-----------------------|-----------------------------|---------------------------------|-------------------------------|
| URL given to --store  | http://HOST:PORT            | http://HOST:PORT/DS             | http://HOST:PORT/sparql       |
| query endpoint        | /query                      | /DS/query                       | /sparql                       |
| update endpoint       | /update                     | /DS/update                      | /sparql-auth (digest auth)    |
| graph store protocol  | /store?graph=G              | /DS/data?graph=G                | /sparql-graph-crud-auth?graph-uri=G |
| union default graph   | union-default-graph param   | default-graph-uri=urn:x-arq:UnionGraph | the default (all graphs)      |
| authentication        | none                        | HTTP basic                      | HTTP digest (user dba)        |
| ASK answer            | SPARQL JSON boolean         | SPARQL JSON boolean             | a one-row SELECT of __ASK_RETVAL |
| literal datatypes     | as written                  | as written                      | integers come back as typed-literal (read alike) |
| system graphs         | none                        | none                            | virtrdf#, ldp#, localuriqaserver (left out of quads) |

Prefixes are the same everywhere: kg declares its own in every query it sends
(kg.store.base.declare_prefixes), so no engine's predefined prefixes are relied on.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Literal

from kg.errors import StoreError

Auth = Literal["basic", "digest"]


@dataclass(frozen=True)
class Engine:
    """One engine's paths, parameters and quirks (see the table of the module docstring)."""

    name: str
    query: str  # paths under the base URL
    update: str
    data: str
    graph_param: str  # the Graph Store Protocol's graph parameter
    union: tuple[tuple[str, str], ...]  # query parameters that make the default graph the union
    auth: Auth = "basic"
    ask_as_select: bool = False  # ASK answered as SELECT ?__ASK_RETVAL (1 or 0)


OXIGRAPH = Engine("oxigraph", "/query", "/update", "/store", "graph", (("union-default-graph", ""),))
FUSEKI = Engine("fuseki", "/query", "/update", "/data", "graph", (("default-graph-uri", "urn:x-arq:UnionGraph"),))
VIRTUOSO = Engine(
    "virtuoso",
    "/sparql",
    "/sparql-auth",
    "/sparql-graph-crud-auth",
    "graph-uri",
    (),
    auth="digest",
    ask_as_select=True,
)
ASK_AS_SELECT = "__ASK_RETVAL"


@dataclass(frozen=True)
class Endpoints:
    """Where one server takes queries, updates and Graph Store Protocol requests."""

    query: str
    update: str
    data: str
    engine: Engine
    display: str  # the location without credentials, for messages

    @property
    def union(self) -> tuple[tuple[str, str], ...]:
        return self.engine.union

    def graph_url(self, graph: str) -> str:
        return self.data + "?" + urllib.parse.urlencode({self.engine.graph_param: graph})


def endpoints(location: str) -> Endpoints:
    """The endpoints of a server URL, and its engine, by the URL's shape:

    - no path (or /query): Oxigraph;
    - /sparql and nothing before it: Virtuoso (its endpoint's own path);
    - /DS, /DS/query or /DS/sparql: the Fuseki dataset DS.

    >>> endpoints("http://127.0.0.1:7878").update
    'http://127.0.0.1:7878/update'
    >>> endpoints("http://h:3030/ds/query").data
    'http://h:3030/ds/data'
    >>> endpoints("http://dba:pw@h:8890/sparql").update
    'http://h:8890/sparql-auth'
    """
    parts = urllib.parse.urlsplit(location)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(
            f"{location}: not a SPARQL server URL; write http://HOST:PORT (Oxigraph), "
            "http://HOST:PORT/DATASET (Fuseki) or http://HOST:PORT/sparql (Virtuoso)"
        )
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    path = parts.path.rstrip("/")
    origin = f"{parts.scheme}://{netloc}"
    if path in ("/sparql", "/sparql-auth"):
        engine = VIRTUOSO
        path = ""
    else:
        for suffix in ("/query", "/sparql"):
            if path.endswith(suffix):
                path = path[: -len(suffix)]
        engine = OXIGRAPH if not path else FUSEKI
    base = origin + path
    return Endpoints(base + engine.query, base + engine.update, base + engine.data, engine, base or origin)
