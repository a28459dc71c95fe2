"""Extraction as a map step, loading as a bulk step (docs/design.md).

`extract` turns articles into one N-Quads file per article, with no store: the article's
named graph plus its shared actor and policy descriptions (actors graph). Files are named
by the digest of the article's graph IRI, so separate workers, runs and machines write the
same names and a later run replaces a file. `load` writes such files into a store:

- embedded store: one UPDATE per article (DROP + INSERT DATA of both graphs), one
  Oxigraph transaction, as `kg ingest` does;
- RemoteStore: Graph Store Protocol, a POST of the descriptions to the actors graph, then
  one PUT of the article's graph (each request atomic; the article appears last).

Both steps skip what is already there: `extract` an output file with the same content hash
and extractor version, `load` an article the store already holds.

Dask (or any executor) runs the same function, `extract_files`, over chunks of inputs on a
shared file system::

    futures = client.map(extract_files, chunks, output=str(out_dir))
    reports = client.gather(futures)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef

from kg.errors import InputError, KGError, StoreError
from kg.inputs.files import distinct_articles
from kg.model import Article, Event
from kg.pipeline.workers import PIPE_BATCH, Failure, Settings, extract_batch
from kg.rdf.iris import EXTRACTOR, graph_iri
from kg.rdf.ns import ACTORS_GRAPH, ID, KG
from kg.rdf.triples import article_triples, description_triples, nt, to_nquads
from kg.store import index
from kg.store.base import FLUSH_EVERY
from kg.store.embedded import Store
from kg.store.remote import RemoteStore

Notify = Callable[[str], None]
SUFFIX = ".nq"
_ARTICLE_GRAPHS = str(ID["graph/article/"])
_ATTRIBUTED = "http://www.w3.org/ns/prov#wasAttributedTo"


@dataclass
class MapReport:
    """What a map step (`kg extract`) or a load (`kg load`) did."""

    articles: int = 0
    unchanged: int = 0
    events: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def merge(self, other: MapReport) -> MapReport:
        return MapReport(
            self.articles + other.articles,
            self.unchanged + other.unchanged,
            self.events + other.events,
            self.skipped + other.skipped,
            self.failed + other.failed,
        )


def file_name(article_id: str) -> str:
    """'<digest>.nq', the digest of the article's graph IRI."""
    return str(graph_iri(article_id)).rsplit("/", 1)[-1] + SUFFIX


def article_nquads(article: Article, events: list[Event], extractor: URIRef = EXTRACTOR) -> str:
    """The N-Quads of one article: its named graph, then its shared descriptions."""
    return to_nquads(article_triples(article, events, extractor), graph_iri(article.id)) + to_nquads(
        description_triples(events, extractor), ACTORS_GRAPH
    )


# -- map: articles -> N-Quads files ---------------------------------------------------------
def extract(
    paths: Iterable[str | Path], output: str | Path, on_error: Notify | None = None, settings: Settings | None = None
) -> MapReport:
    """Extract the events of files and folders into one N-Quads file per article in `output`.

    >>> extract(["data/articles"], "exports/quads").articles      # doctest: +SKIP
    13
    """
    notify = on_error or (lambda message: None)
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    report = MapReport()
    settings = settings or Settings()
    extractor = settings.extractor()
    pending: list[Article] = []
    for article, _skipped in distinct_articles(list(paths), report.failed, notify):
        if article is None:
            report.skipped += 1
        elif _up_to_date(out / file_name(article.id), article, extractor):
            report.unchanged += 1
        else:
            pending.append(article)
    for start in range(0, len(pending), PIPE_BATCH):
        batch = pending[start : start + PIPE_BATCH]
        for article, outcome in zip(batch, extract_batch(batch, settings)):
            if isinstance(outcome, Failure):
                report.failed.append((article.id, outcome.reason))
                notify(outcome.reason)
                continue
            _write_atomically(out / file_name(article.id), article_nquads(article, outcome, extractor))
            report.articles += 1
            report.events += len(outcome)
    return report


def extract_files(paths: Sequence[str], output: str) -> MapReport:
    """`extract` with plain arguments and no callback: the unit of work for Dask or a process pool."""
    return extract(list(paths), output)


def _up_to_date(path: Path, article: Article, extractor: URIRef) -> bool:
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    return (
        f"{KG.contentHash.n3()} {nt(Literal(article.hash))} " in text
        and f"<http://www.w3.org/ns/prov#wasAttributedTo> {extractor.n3()} " in text
    )


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # readers (and `kg load`) never see half a file


# -- load: N-Quads files -> store -----------------------------------------------------------
@dataclass(frozen=True)
class ArticleQuads:
    """One extracted article file, split by graph, in N-Triples text."""

    article_id: str
    content_hash: str
    graph: URIRef
    article: str  # N-Triples of the article's graph
    shared: str  # N-Triples for the actors graph
    extractor: URIRef = EXTRACTOR  # what made it (kg's version and settings)


def read_quads(path: Path) -> ArticleQuads:
    """Parse and check one file of `extract`: one article graph, plus the actors graph."""
    import pyoxigraph as ox

    lines: dict[str, list[str]] = {}
    article_id = content_hash = None
    extractor: URIRef | None = None
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            graph = quad.graph_name
            name = graph.value if isinstance(graph, ox.NamedNode) else ""
            if name != str(ACTORS_GRAPH) and not name.startswith(_ARTICLE_GRAPHS):
                raise InputError(f"{path}: a statement outside an article graph and the actors graph ({graph})")
            lines.setdefault(name, []).append(f"{quad.triple} .\n")
            if quad.predicate.value == str(KG.articleId):
                article_id = quad.object.value
            elif quad.predicate.value == str(KG.contentHash):
                content_hash = quad.object.value
            elif quad.predicate.value == _ATTRIBUTED and name != str(ACTORS_GRAPH) and extractor is None:
                extractor = URIRef(quad.object.value)
    except (SyntaxError, ValueError, OSError) as exc:
        raise InputError(f"{path}: not readable N-Quads ({' '.join(str(exc).split())})") from None
    graphs = sorted(g for g in lines if g != str(ACTORS_GRAPH))
    if len(graphs) != 1 or article_id is None or content_hash is None:
        raise InputError(
            f"{path}: expected one article graph with kg:articleId and kg:contentHash",
            hint="write these files with `kg extract`",
        )
    if str(graph_iri(article_id)) != graphs[0]:
        raise InputError(f"{path}: the graph {graphs[0]} is not the graph of article {article_id!r}")
    return ArticleQuads(
        article_id,
        content_hash,
        URIRef(graphs[0]),
        "".join(lines[graphs[0]]),
        "".join(lines.get(str(ACTORS_GRAPH), [])),
        extractor or EXTRACTOR,
    )


def load_article(quads: ArticleQuads, store: Store | RemoteStore) -> None:
    """Write one article's graph and descriptions (see the module doc for the requests)."""
    if isinstance(store, RemoteStore):
        if quads.shared:
            store.post_graph(URIRef(ACTORS_GRAPH), quads.shared)
        store.put_graph(quads.graph, quads.article)
        return
    g = quads.graph.n3()
    try:
        store.update(
            f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{quads.article}}}\n"
            f"GRAPH {ACTORS_GRAPH.n3()} {{\n{quads.shared}}} }}"
        )
    except Exception as exc:  # the engine's own error type differs by backend
        raise StoreError(f"{store.location}: could not write article {quads.article_id!r} ({exc})") from None


def load(directory: str | Path, store: Store | RemoteStore, on_error: Notify | None = None) -> MapReport:
    """Load every `*.nq` file of `extract` in `directory` into the store; unchanged articles are skipped."""
    notify = on_error or (lambda message: None)
    folder = Path(directory)
    if not folder.is_dir():
        raise InputError(
            f"{directory}: no such folder", hint=f"write one with `kg extract INPUT... --output {directory}`"
        )
    report = MapReport()
    store.load_ontology()
    for path in sorted(folder.glob("*" + SUFFIX)):
        try:
            quads = read_quads(path)
            if store.has_article(quads.article_id, quads.content_hash, quads.extractor):
                report.unchanged += 1
                continue
            if not report.articles:  # whole graphs come in without their index statements
                store.update(index.mark_stale())
            load_article(quads, store)
            if (report.articles + 1) % FLUSH_EVERY == 0:
                store.flush()  # the loader's memory stays flat however many files
        except KGError as exc:
            report.failed.append((path.name, str(exc)))
            notify(str(exc))
        else:
            report.articles += 1
            report.events += quads.article.count(f" {KG.evidence.n3()} ")
    index.refresh(store)  # the order index of what was loaded (kg.store.index)
    return report
