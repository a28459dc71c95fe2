"""What every store is: the StoreLike interface, the requests that write and test an article,
and the SPARQL helpers shared by the embedded store and remote servers.

Each article lives in its own named graph and is replaced in one SPARQL UPDATE (DROP +
INSERT DATA), which an engine runs as one transaction: an article is wholly in the store or
not at all. Actor and policy descriptions shared by all articles live in the actors graph.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any, Protocol

from rdflib import Literal, URIRef

from kg.errors import QueryError
from kg.rdf.iris import EXTRACTOR, article_iri, graph_iri
from kg.rdf.ns import ACTORS_GRAPH, KG, PREFIXES
from kg.rdf.triples import Triple, to_ntriples
from kg.store import index
from kg.store.bounded import Limits

DEFAULT_STORE = "./kg-store"
FLUSH_EVERY = 250  # articles a long writer (ingest, load) writes between two flushes of the store
MEMORY = ":memory:"


class StoreLike(Protocol):
    """What the library needs of a store: the embedded Store and kg.remote.RemoteStore."""

    location: str

    def has_article(self, article_id: str, content_hash: str, extractor: URIRef = EXTRACTOR) -> bool: ...
    def replace_article(self, article_id: str, triples: list[Triple], shared: list[Triple]) -> None: ...
    def load_ontology(self) -> None: ...
    def remove_article(self, article_id: str) -> None: ...
    def query(self, sparql: str) -> list[tuple[Any, ...]]: ...
    def run(self, sparql: str, values: dict[str, str] | None = None, limits: Limits | None = None) -> Any: ...
    def quads(self) -> Iterator[tuple[Any, Any, Any, Any]]: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...


def has_article_query(article_id: str, content_hash: str, extractor: URIRef = EXTRACTOR) -> str:
    """ASK whether this exact content was stored by this extractor version."""
    return (
        f"ASK {{ GRAPH {graph_iri(article_id).n3()} {{ {article_iri(article_id).n3()} "
        f"{KG.contentHash.n3()} {Literal(content_hash).n3()} ; "
        f"<http://www.w3.org/ns/prov#wasAttributedTo> {extractor.n3()} }} }}"
    )


def replace_article_update(article_id: str, triples: list[Triple], shared: list[Triple]) -> str:
    """One SPARQL UPDATE that replaces an article's graph, adds the shared descriptions and the
    article's order-index statements (kg.store.index; marked stale when a graph is replaced)."""
    graph = graph_iri(article_id)
    g = graph.n3()
    return (
        f"{index.mark_if_replacing(graph)} ;\nDROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{to_ntriples(triples)}}}\n"
        f"GRAPH {ACTORS_GRAPH.n3()} {{\n{to_ntriples(shared)}}} }} ;\n{index.article_index(graph)}"
    )


def remove_article_update(article_id: str) -> str:
    """One SPARQL UPDATE that drops an article's graph and marks the order index stale."""
    graph = graph_iri(article_id)
    return f"{index.mark_if_replacing(graph)} ;\nDROP SILENT GRAPH {graph.n3()}"


def store_location(option: str | None) -> str:
    """--store, else $KG_STORE, else ./kg-store."""
    return option or os.environ.get("KG_STORE") or DEFAULT_STORE


def check_syntax(sparql: str) -> str:
    """The query's form ("SelectQuery", "AskQuery", "ConstructQuery", "DescribeQuery"), or
    QueryError 'line L, column C: ...' for a malformed query, before running it."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        return str(prepareQuery(sparql, initNs=PREFIXES).algebra.name)
    except ParseException as exc:
        raise QueryError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
    except Exception as exc:
        raise QueryError(f"SPARQL error: {one_line(exc)}") from None


_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.I)


def declare_prefixes(sparql: str) -> str:
    """The query with a PREFIX line for each of kg's prefixes (kg.ns.PREFIXES) it does not
    declare itself: for a server, which knows none of them."""
    declared = set(_DECLARED.findall(sparql))
    lines = [f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared]
    return "".join(lines) + sparql


_PARAM = re.compile(r"\$([A-Za-z_]\w*)")


def splice(sparql: str, values: dict[str, str]) -> str:
    """The query with each $name of `values` written as a string literal: one line, escaped as
    N-Triples escapes, so no value can end the literal or a comment (for servers, which take
    no bindings). Comment lines stay as written."""
    from rdflib import Literal as RdfLiteral

    from kg.rdf.triples import nt

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        return nt(RdfLiteral(values[name])) if name in values else match.group(0)

    lines = sparql.splitlines(keepends=True)
    return "".join(line if line.lstrip().startswith("#") else _PARAM.sub(value, line) for line in lines)


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]
