"""The store: embedded Oxigraph on disk through rdflib (default), or rdflib's memory store.

Each article lives in its own named graph; it is replaced in one SPARQL UPDATE request
(DROP + INSERT DATA), which Oxigraph runs as one transaction, so an article is either wholly
in the store or not at all. Actor and policy descriptions shared by all articles live in the
actors graph. Trap (docs/design.md): Oxigraph's union default graph keeps duplicates, so queries
that read across articles use DISTINCT.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable

from kg.errors import QueryError, StoreError
from kg.rdf.iris import EXTRACTOR
from kg.rdf.ns import KG, ONTOLOGY_GRAPH, PREFIXES
from kg.rdf.triples import Triple, to_ntriples
from kg.store import bounded
from kg.store.base import (
    DEFAULT_STORE,
    MEMORY,
    check_syntax,
    has_article_query,
    one_line,
    remove_article_update,
    replace_article_update,
)
from kg.store.bounded import Limits, projecting, refuse_service


class Store:
    """A dataset of named graphs, one per article, with SPARQL query and update."""

    def __init__(self, location: str = DEFAULT_STORE, read_only: bool = False) -> None:
        self.location = location
        self._oxigraph: Any = None  # the pyoxigraph Store of an embedded store; None for rdflib's memory store
        if location == MEMORY:
            self.dataset = Dataset(default_union=True)
            return
        if location.startswith(("http://", "https://")):
            raise StoreError(f"{location}: a SPARQL server URL; open it with kg.store.open_store")
        path = Path(location)
        if path.exists() and not path.is_dir():
            raise StoreError(f"{location}: is a file, not a store folder")
        if read_only and not path.exists():
            raise StoreError(f"{location}: no store here yet", hint="run `kg ingest` first or pass --store")
        try:
            import pyoxigraph
            from oxrdflib import OxigraphStore

            # read-only opening works beside a process that holds the folder's write lock
            inner = pyoxigraph.Store.read_only(str(path)) if read_only else pyoxigraph.Store(str(path))
            self.dataset = Dataset(store=OxigraphStore(store=inner), default_union=True)
        except OSError as exc:  # another process holds the folder's lock, or it is not a store
            raise StoreError(f"{location}: cannot open the store ({exc})") from None
        self._oxigraph = inner
        # a query may use undeclared the prefixes rdflib (and so oxrdflib) allows, and kg's own
        self._prefixes = {**{prefix: str(namespace) for prefix, namespace in self.dataset.namespaces()}, **PREFIXES}

    def flush(self) -> None:
        """Write the engine's in-memory write buffers to disk and free them. RocksDB keeps one
        buffer per index and fills them before writing on its own: without this, a long ingest's
        writer grows by about 130 MB every 1,000 articles (bench/ingest.py shows the growth)."""
        if self._oxigraph is not None:
            self._oxigraph.flush()

    def close(self) -> None:
        if self.location != MEMORY:
            self._oxigraph = None  # the last reference: RocksDB closes, and the folder can be opened again
            self.dataset.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- articles -------------------------------------------------------------------------
    def has_article(self, article_id: str, content_hash: str, extractor: URIRef = EXTRACTOR) -> bool:
        """True when this exact content was stored by this extractor version."""
        return bool(self.run(has_article_query(article_id, content_hash, extractor)).askAnswer)

    def replace_article(self, article_id: str, triples: list[Triple], shared: list[Triple]) -> None:
        """Replace one article's graph and add the shared descriptions, atomically."""
        try:
            self.update(replace_article_update(article_id, triples, shared))
        except Exception as exc:  # the engine's own error type differs by backend
            raise StoreError(f"{self.location}: could not write article {article_id!r} ({exc})") from None

    def load_ontology(self) -> None:
        """(Re)load ontology/kg.ttl into its own graph: saved queries join on type codes."""
        from kg.rdf.ontology import ontology

        triples = [t for t in ontology() if not any(isinstance(x, BNode) for x in t)]
        g = ONTOLOGY_GRAPH.n3()
        self.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{to_ntriples(triples)}}} }}")  # type: ignore[arg-type]

    def remove_article(self, article_id: str) -> None:
        """Drop one article's graph (and mark the order index stale: kg.store.index)."""
        self.update(remove_article_update(article_id))

    def update(self, sparql: str) -> None:
        """One SPARQL UPDATE, run by Oxigraph itself as one transaction.

        Trap: rdflib's Dataset(default_union=True).update() is refused by oxrdflib (it takes
        only the default graph) and silently falls back to rdflib's pure-Python engine, which
        is slow (0.2 to 1 s an article, growing with the store) and not one transaction.
        """
        if self._oxigraph is not None:
            self._oxigraph.update(sparql)
        else:  # rdflib's memory store (unit tests)
            self.dataset.update(sparql)

    def article_count(self) -> int:
        rows = self.query(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH ?g {{ ?a a {KG.Article.n3()} }} }}")
        return int(rows[0][0]) if rows else 0

    # -- SPARQL ---------------------------------------------------------------------------
    def query(self, sparql: str) -> list[tuple[Any, ...]]:
        """Rows of a SELECT (tuples of rdflib terms), or raise QueryError with line and column."""
        return list(self.run(sparql))  # type: ignore[arg-type]

    def run(self, sparql: str, values: dict[str, str] | None = None, limits: Limits | None = None) -> Any:
        """The answer to a query of any form (SELECT, ASK, CONSTRUCT, DESCRIBE), shaped like rdflib's Result.

        `values` bind $name variables to string literals (as RDF terms, never spliced into the
        text). With `limits`, the query runs in a child process that is stopped at the time or
        memory limit (kg.store.bounded); without, in this process (kg's own queries).

        The embedded store asks Oxigraph itself and converts its terms to rdflib terms once each
        (an `Answer`); through rdflib (oxrdflib) every query was first parsed by rdflib's
        pure-Python parser, 15 to 70 ms for a saved query, and every row built anew.
        """
        if self._oxigraph is None:  # rdflib's memory store (unit tests)
            check_syntax(sparql)
            if limits is not None:
                refuse_service(sparql, limits)
            try:
                return self.dataset.query(
                    sparql, initNs=PREFIXES, initBindings={k: Literal(v) for k, v in (values or {}).items()}
                )
            except Exception as exc:
                raise QueryError(f"query failed: {one_line(exc)}") from None
        if limits is not None:
            _, data = bounded.run(
                bounded.Job(self.location, sparql, self._prefixes, dict(values or {}), "answer"), limits
            )
            return pickle.loads(data)
        return self._run_oxigraph(sparql, values or {})

    def _run_oxigraph(self, sparql: str, values: dict[str, str]) -> Answer:
        import pyoxigraph as ox

        substitutions: dict[Any, Any] = {ox.Variable(name): ox.Literal(value) for name, value in values.items()}
        sparql, added = projecting(sparql, list(values))
        try:
            result = self._oxigraph.query(
                sparql, use_default_graph_as_union=True, prefixes=self._prefixes, substitutions=substitutions
            )
        except SyntaxError as exc:
            check_syntax(sparql)  # rdflib's message names the line and column
            raise QueryError(f"SPARQL syntax error: {one_line(exc)}") from None
        except Exception as exc:
            raise QueryError(f"query failed: {one_line(exc)}") from None
        return answer_of(result, drop=added)

    def quads(self) -> Iterator[tuple[Any, Any, Any, Any]]:
        """Every statement of every graph as (subject, predicate, object, graph) rdflib terms."""
        yield from self.dataset.quads((None, None, None, None))

    def graph_names(self) -> list[URIRef]:
        return [URIRef(str(r[0])) for r in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")]


def answer_of(result: Any, drop: list[str] | None = None) -> Answer:
    """An Answer of rdflib terms from a pyoxigraph query result (solutions, triples or a boolean),
    without the columns `drop` (variables projected only to bind parameters)."""
    import pyoxigraph as ox

    convert = term_converter()
    try:
        if isinstance(result, ox.QueryBoolean):
            return Answer("ASK", ask=bool(result))
        if isinstance(result, ox.QuerySolutions):
            keep = [i for i, v in enumerate(result.variables) if v.value not in (drop or ())]
            variables = [Variable(result.variables[i].value) for i in keep]
            return Answer("SELECT", variables, [tuple(convert(solution[i]) for i in keep) for solution in result])
        graph = Graph()
        for triple in result:
            graph.add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))
        return Answer("CONSTRUCT", graph=graph)
    except Exception as exc:  # evaluation is lazy: errors can surface while reading rows
        raise QueryError(f"query failed: {one_line(exc)}") from None


class Answer:
    """A query's answer from the embedded store, with the parts of rdflib's Result callers use.

    `type` ('SELECT', 'ASK' or 'CONSTRUCT'), `vars`, `askAnswer`, `graph`, `len()`, and iteration:
    the rows of a SELECT (tuples of rdflib terms, None where unbound), the triples of a
    CONSTRUCT or DESCRIBE, the boolean of an ASK.
    """

    def __init__(
        self,
        type_: str,
        variables: list[Variable] | None = None,
        rows: list[tuple[Any, ...]] | None = None,
        ask: bool | None = None,
        graph: Graph | None = None,
    ) -> None:
        self.type = type_
        self.vars = variables or []
        self.rows = rows or []
        self.askAnswer = ask
        self.graph = graph

    def __iter__(self) -> Iterator[Any]:
        if self.type == "ASK":
            yield self.askAnswer
        elif self.graph is not None:
            yield from self.graph
        else:
            yield from self.rows

    def __len__(self) -> int:
        return 1 if self.type == "ASK" else len(self.graph) if self.graph is not None else len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.askAnswer) if self.type == "ASK" else len(self) > 0


def term_converter() -> Callable[[Any], Any]:
    """A function from pyoxigraph terms to the rdflib terms oxrdflib would give, remembering each.

    Rows repeat the same labels, classes and dates, and an rdflib Literal parses its lexical
    form (a date, a decimal) when it is built: one answer converts each distinct term once.
    Plain literals come back as xsd:string literals, as through oxrdflib.
    """
    import pyoxigraph as ox

    seen: dict[Any, Any] = {}

    def convert(term: Any) -> Any:
        if term is None:
            return None
        known = seen.get(term)
        if known is not None:
            return known
        if isinstance(term, ox.NamedNode):
            value: Any = URIRef(term.value)
        elif isinstance(term, ox.BlankNode):
            value = BNode(term.value)
        elif isinstance(term, ox.Literal):
            if term.language:
                value = Literal(term.value, lang=term.language)
            else:
                value = Literal(term.value, datatype=URIRef(term.datatype.value))
        elif isinstance(term, ox.Triple):  # RDF 1.2 quoted triples
            value = (convert(term.subject), convert(term.predicate), convert(term.object))
        else:
            raise QueryError(f"unexpected term from Oxigraph: {term!r}")
        seen[term] = value
        return value

    return convert
