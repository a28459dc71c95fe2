"""Median latency of each saved query (data/queries/*.rq): embedded Oxigraph against rdflib's memory store.

Extracts the sample (data/articles) once with `kg extract`, then makes COPIES renamed copies
of every article graph (new article, event and evidence IRIs; the same actors), loads the
same N-Quads into both stores and runs each saved query REPEAT times on each.

    python bench/query.py --copies 5 --repeat 3
    python bench/query.py --copies 530 --memory-copies 5   # about a million quads in Oxigraph

rdflib's memory store takes minutes a query past about 40,000 quads, so --memory-copies caps
the copies it gets (its column then says how many quads it held).
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.mapstep import extract  # noqa: E402
from kg.query import bind, saved_queries  # noqa: E402
from kg.store import Store  # noqa: E402

PARAMS = {"actor": "China"}


def copies(nquads: list[str], n: int) -> str:
    """The article files n times, with article-specific IRIs renamed per copy."""
    out = []
    for k in range(n):
        for text in nquads:
            out.append(text.replace("/id/graph/article/", f"/id/graph/article/c{k}-")
                           .replace("/id/article/", f"/id/article/c{k}-")
                           .replace("/id/event/", f"/id/event/c{k}-"))
    return "".join(out)


def median_ms(store: Store, sparql: str, repeat: int) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = len(store.query(sparql))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=5, help="renamed copies of the sample (default 5; rdflib's memory store is slow)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query (default 3)")
    parser.add_argument("--memory-copies", type=int, default=None, help="copies for rdflib's memory store (default: --copies)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-bench-query-"))
    extract([ROOT / "data" / "articles"], work / "quads")
    texts = [p.read_text(encoding="utf-8") for p in sorted((work / "quads").glob("*.nq"))]
    (work / "all.nq").write_text(copies(texts, args.copies), encoding="utf-8")
    memory_copies = min(args.copies, args.memory_copies or args.copies)
    (work / "memory.nq").write_text(copies(texts, memory_copies), encoding="utf-8")

    oxigraph = Store(str(work / "store"))
    oxigraph.load_ontology()
    import pyoxigraph as ox

    oxigraph.dataset.store._inner.bulk_load(path=str(work / "all.nq"), format=ox.RdfFormat.N_QUADS)  # type: ignore[attr-defined]
    memory = Store(":memory:")
    memory.load_ontology()
    memory.dataset.parse(str(work / "memory.nq"), format="nquads")
    n = int(oxigraph.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0][0])
    n_memory = int(memory.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0][0])
    articles = oxigraph.article_count()
    print(f"# {platform.platform()}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")
    print(f"# oxigraph: {articles} articles ({args.copies} copies of the sample), {n} quads in all graphs; "
          f"rdflib memory: {memory_copies} copies, {n_memory} quads; median of {args.repeat} runs")
    print(f"{'query':<22}{'rows':>8}{'oxigraph ms':>14}{'rdflib memory ms':>18}")
    for name, (_, path) in saved_queries().items():
        sparql = bind(path.read_text(encoding="utf-8"), {k: v for k, v in PARAMS.items() if f"${k}" in path.read_text(encoding="utf-8")})
        ox_ms, rows = median_ms(oxigraph, sparql, args.repeat)
        mem_ms, mem_rows = median_ms(memory, sparql, args.repeat)
        if memory_copies == args.copies:
            assert rows == mem_rows, (name, rows, mem_rows)
        print(f"{name:<22}{rows:>8}{ox_ms:>14.1f}{mem_ms:>18.1f}")
    oxigraph.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
