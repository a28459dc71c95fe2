"""Median latency of each saved query (data/queries/*.rq) on a store of a million quads or more:
embedded Oxigraph, through the code path of `kg query --saved NAME`, beside rdflib's memory store.

The store holds the dev corpus (../shared/corpus/articlemd-dev.jsonl) ingested as `kg ingest
--jobs 2` does (about 5 minutes on two quiet cores), then synthetic articles drawn by
bench/synthetic.py to the proportions of that corpus, added until the store holds --quads
quads. Everything is cached under --cache (default ~/.cache/kg-bench): the corpus as N-Quads,
keyed by the corpus file and kg's version; the built store, keyed by that and by the
generator. A rerun takes seconds. An extractor change leaves kg's version as it is: --rebuild
ingests again (the output prints when the cached corpus was ingested).

rdflib's memory store takes seconds to minutes a query past a few thousand quads, so it gets a
subset of the same data (the ontology, the corpus articles with the most events up to
--memory-quads, and the descriptions of the actors and policies they name); Oxigraph is timed
on that subset too, so the two columns beside each other compare the same data.

    python bench/query.py                                 # >= 1,000,000 quads; rdflib on about 3,000
    python bench/query.py --sample --quads 0 --repeat 3   # the bundled sample alone: seconds
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from kg.query.sparql import prepare, run_select, saved_queries  # noqa: E402
from kg.rdf.ns import ACTORS_GRAPH, ONTOLOGY_GRAPH  # noqa: E402
from kg.store import index  # noqa: E402
from kg.store.embedded import Store  # noqa: E402
from kg.version import __version__  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "articlemd-dev.jsonl"
SAMPLE = ROOT / "data" / "articles"
CHUNK = 2000  # synthetic articles loaded between two counts of the store
QUERY_TIMEOUT = 120.0  # seconds a query may take on a server before it is reported as timed out


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:12]


def corpus_nquads(source: Path, cache: Path, jobs: int, rebuild: bool) -> tuple[Path, dict[str, Any]]:
    """The corpus ingested as `kg ingest` does, as N-Quads (cached), and what the ingest reported."""
    stat = source.stat()
    key = digest(source.resolve(), stat.st_size, stat.st_mtime_ns, __version__)
    path, meta_path = cache / f"corpus-{key}.nq", cache / f"corpus-{key}.json"
    if path.exists() and meta_path.exists() and not rebuild:
        return path, json.loads(meta_path.read_text())
    import pyoxigraph as ox

    from kg.pipeline.ingest import ingest

    log(f"ingesting {source} with --jobs {jobs} (the dev corpus takes 4 to 5 minutes; cached afterwards)")
    work = Path(tempfile.mkdtemp(prefix="kg-bench-ingest-"))
    start = time.perf_counter()
    with Store(str(work / "store")) as store:
        report = ingest([source], store, jobs=jobs, progress=False)
    seconds = time.perf_counter() - start
    inner = ox.Store.read_only(str(work / "store"))
    inner.dump(str(path) + ".part", format=ox.RdfFormat.N_QUADS)
    del inner
    Path(str(path) + ".part").replace(path)
    shutil.rmtree(work, ignore_errors=True)
    meta = {
        "source": str(source),
        "articles": report.articles,
        "events": report.events,
        "failed": len(report.failed),
        "ingest_seconds": round(seconds, 1),
        "kg": __version__,
        "made": time.strftime("%Y-%m-%d %H:%M"),
    }
    meta_path.write_text(json.dumps(meta, indent=1))
    return path, meta


def build_store(corpus: Path, target: int, seed: int, folder: Path, rebuild: bool) -> dict[str, Any]:
    """The benchmark store in `folder` (cached): built in a fresh child process, so that its
    time and peak memory are those of the build alone."""
    import multiprocessing

    meta_path = folder / "bench.json"
    if meta_path.exists() and not rebuild:
        return json.loads(meta_path.read_text())
    context = multiprocessing.get_context("spawn")
    process = context.Process(target=_build, args=(corpus, target, seed, folder))
    process.start()
    process.join()
    if process.exitcode != 0 or not meta_path.exists():
        raise SystemExit(f"building the store in {folder} failed (exit {process.exitcode})")
    return json.loads(meta_path.read_text())


def _build(corpus: Path, target: int, seed: int, folder: Path) -> None:
    """The corpus, then synthetic articles until `target` quads, each chunk by the bulk loader;
    writes bench.json with the counts, the seconds (all, and inside the bulk loader) and the
    process's peak resident memory."""
    import resource

    import pyoxigraph as ox
    import synthetic

    from kg.extraction.gazetteer import Gazetteer
    from kg.pipeline.mapstep import article_nquads

    started = time.perf_counter()
    shutil.rmtree(folder, ignore_errors=True)
    store = ox.Store(str(folder))
    loading = time.perf_counter()
    store.bulk_load(path=str(corpus), format=ox.RdfFormat.N_QUADS)
    bulk_seconds = time.perf_counter() - loading
    corpus_quads = len(store)
    gazetteer = Gazetteer.load()
    profile = synthetic.measure(store, set(gazetteer.actors))
    drawn = synthetic.articles(profile, gazetteer.actors, 10**9, seed=seed)
    made, quads = 0, corpus_quads
    while quads < target:
        log(f"{quads:,} quads; adding synthetic articles {made:,} to {made + CHUNK:,}")
        text = "".join(article_nquads(article, events) for article, events in islice(drawn, CHUNK))
        loading = time.perf_counter()
        store.bulk_load(input=text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        bulk_seconds += time.perf_counter() - loading
        made += CHUNK
        quads = len(store)
    # the order index of the saved queries (kg.store.index), as `kg load` builds it after a bulk load
    indexing = time.perf_counter()
    store.update(index.rebuild_update())
    index_seconds = time.perf_counter() - indexing
    quads = len(store)
    store.optimize()
    del store
    gc.collect()
    meta = {
        "corpus_quads": corpus_quads,
        "synthetic_articles": made,
        "quads": quads,
        "build_seconds": round(time.perf_counter() - started, 1),
        "bulk_seconds": round(bulk_seconds, 1),
        "index_seconds": round(index_seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "made": time.strftime("%Y-%m-%d %H:%M"),
        "seed": seed,
        "profile": {
            "events_per_article": round(profile.events_per_article, 2),
            "dated": round(profile.dated, 3),
            "reported_again": round(profile.reported_again, 3),
            "years": list(profile.years),
        },
    }
    (folder / "bench.json").write_text(json.dumps(meta, indent=1))


def server_timings(
    kind: str, folder: Path, cache: Path, queries: dict[str, tuple[str, dict[str, str]]], repeat: int
) -> tuple[dict[str, tuple[float, int]], str]:
    """Median ms and rows of each query through a SPARQL server over the same data, as
    `kg query --store URL` sends it; and a line saying how the server was set up."""
    from kg.store.remote import RemoteStore

    if kind == "oxigraph":
        from kg.store.server import Server, free_port

        with Server(folder, port=free_port(), read_only=True, timeout=600) as server:
            remote = RemoteStore(server.url, read_only=True, timeout=QUERY_TIMEOUT)
            return _timed(remote, queries, repeat), f"oxigraph serve-read-only on the same folder ({server.url})"
    from kg.store.virtuoso import VirtuosoServer

    home = cache / f"virtuoso-{folder.name}"
    meta_path = home / "bench.json"
    with VirtuosoServer(home, memory_mb=3000) as server:
        if not meta_path.exists():
            import pyoxigraph as ox

            log(f"loading the store into Virtuoso in {home} (its bulk loader; cached afterwards)")
            dump = home / "store.nq"
            inner = ox.Store.read_only(str(folder))
            inner.dump(str(dump), format=ox.RdfFormat.N_QUADS)
            del inner
            start = time.perf_counter()
            server.bulk_load(dump)
            seconds = time.perf_counter() - start
            dump.unlink()
            meta_path.write_text(
                json.dumps({"load_seconds": round(seconds, 1), "peak_rss_mb": round(server.peak_rss_mb() or 0)})
            )
        meta = json.loads(meta_path.read_text())
        remote = RemoteStore(server.store_url, read_only=True, timeout=QUERY_TIMEOUT)
        timings = _timed(remote, queries, repeat)
    return timings, (
        f"Virtuoso {home} (bulk loader: {meta['load_seconds']} s, server peak RSS {meta['peak_rss_mb']:,} MB while loading)"
    )


def _timed(store: Any, queries: dict[str, tuple[str, dict[str, str]]], repeat: int) -> dict[str, tuple[float, int]]:
    """Median ms and rows per query; a query that passes the store's timeout is NaN ms, -1 rows."""
    from kg.errors import StoreError

    out = {}
    for name, (sparql, values) in queries.items():
        try:
            run_select(store, sparql, values)  # one warm-up run: the server's first touch of its files
            ms, rows = median_ms(lambda sparql=sparql, values=values: run_select(store, sparql, values)[1], repeat)
        except StoreError as exc:
            log(f"{name}: {exc}")
            out[name] = (float("nan"), -1)
            continue
        out[name] = (ms, len(rows))
    return out


def memory_subset(corpus: Path, cap: int) -> str:
    """N-Quads of the corpus articles with the most events, up to `cap` quads, with the ontology and
    the descriptions of what those articles name (and of what those descriptions name)."""
    import pyoxigraph as ox

    graphs: dict[str, list[Any]] = {}
    for quad in ox.parse(path=str(corpus), format=ox.RdfFormat.N_QUADS):
        graphs.setdefault(str(quad.graph_name), []).append(quad)
    ontology, actors = graphs.pop(ONTOLOGY_GRAPH.n3(), []), graphs.pop(ACTORS_GRAPH.n3(), [])
    evidence = "https://w3id.org/kg-cyber/ns#evidence"

    def events(name: str) -> int:
        return sum(1 for q in graphs[name] if q.predicate.value == evidence)

    chosen: list[Any] = []
    for name in sorted(graphs, key=lambda n: (-events(n), n)):  # the articles with most events: rows to compare
        if chosen and len(chosen) + len(graphs[name]) > cap:
            break
        chosen += graphs[name]
    named = {q.subject for q in chosen} | {q.object for q in chosen}
    described = [q for q in actors if q.subject in named]
    named |= {q.object for q in described}
    described = [q for q in actors if q.subject in named]
    return "".join(f"{q} .\n" for q in ontology + chosen + described)


def median_ms(run: Callable[[], list[list[Any]]], repeat: int) -> tuple[float, list[list[Any]]]:
    times, rows = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        rows = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, rows


def memory_ms(run: Callable[[], list[list[Any]]], repeat: int, timeout: float) -> tuple[float | None, list[str]]:
    """Median of up to `repeat` runs, each in a forked child killed after `timeout` seconds: rdflib
    cannot be interrupted, and one query can take minutes. None when a run did not finish."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    times, rows = [], []
    for _ in range(repeat):
        receive, send = context.Pipe(duplex=False)

        def child(send: Any = send) -> None:
            start = time.perf_counter()
            found = run()
            send.send((time.perf_counter() - start, sorted(map(str, found))))

        process = context.Process(target=child)
        process.start()
        if not receive.poll(timeout):
            process.kill()
            process.join()
            return None, rows
        seconds, rows = receive.recv()
        process.join()
        times.append(seconds)
    return statistics.median(times) * 1000, rows


def count(store: Store, sparql: str) -> int:
    return int(store.query(sparql)[0][0])


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    import pyoxigraph
    import rdflib

    return (
        f"{platform.platform()}, {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"articles to ingest (default {CORPUS})")
    parser.add_argument("--sample", action="store_true", help="ingest the bundled sample (data/articles) instead")
    parser.add_argument(
        "--quads",
        type=int,
        default=1_000_000,
        help="add synthetic articles until the store holds this many quads (default 1,000,000; 0: none)",
    )
    parser.add_argument(
        "--memory-quads",
        type=int,
        default=2_000,
        help="article quads of the subset for rdflib's memory store (default 2,000; 0: skip rdflib)",
    )
    parser.add_argument(
        "--memory-repeat", type=int, default=3, help="runs of each query on rdflib's memory store (default 3)"
    )
    parser.add_argument(
        "--memory-timeout",
        type=float,
        default=120.0,
        help="seconds before a run on rdflib's memory store is given up (default 120)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query (default 5)")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the ingest (default 2)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic articles (default 1)")
    parser.add_argument("--actor", default="China", help="--param actor of actor-events (default China)")
    parser.add_argument(
        "--cache", type=Path, default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kg-bench"
    )
    parser.add_argument("--rebuild", action="store_true", help="ingest and build again, ignoring the cache")
    parser.add_argument(
        "--only",
        default="",
        help="saved queries to time, comma-separated (default all): one at a time keeps a server's "
        "timed-out query from slowing the next",
    )
    parser.add_argument(
        "--servers",
        default="oxigraph,virtuoso",
        help="SPARQL servers to time the same queries on: oxigraph, virtuoso, both (default) or none",
    )
    args = parser.parse_args()
    source = SAMPLE if args.sample else args.corpus
    if not source.exists():
        print(
            f"{source}: not found (the reference corpora live in ../shared/corpus; --sample runs on the bundled sample)",
            file=sys.stderr,
        )
        return 2
    args.cache.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    corpus, ingest_meta = corpus_nquads(source, args.cache, args.jobs, args.rebuild)
    folder = (
        args.cache
        / f"store-{digest(corpus.name, args.quads, args.seed, index.VERSION, (ROOT / 'bench' / 'synthetic.py').read_bytes())}"
    )
    meta = build_store(corpus, args.quads, args.seed, folder, args.rebuild)

    params = {"actor": args.actor}
    # as `kg query --saved NAME --param actor=...` prepares them: counts written in, the actor
    # bound as a term (the embedded store) or written in as an escaped literal (a server)
    chosen = {n.strip() for n in args.only.split(",") if n.strip()}
    queries = {
        name: prepare(path.read_text(encoding="utf-8"), params)
        for name, (_, path) in saved_queries().items()
        if not chosen or name in chosen
    }
    results: dict[str, dict[str, Any]] = {name: {} for name in queries}
    with Store(str(folder), read_only=True) as store:  # as `kg query` opens it
        total = count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        articles = store.article_count()
        events = count(
            store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e <https://w3id.org/kg-cyber/ns#agent> ?a } }"
        )
        for name, (sparql, values) in queries.items():
            ms, rows = median_ms(lambda sparql=sparql, values=values: run_select(store, sparql, values)[1], args.repeat)
            results[name].update(rows=len(rows), oxigraph=ms)
    subset_quads = 0
    if args.memory_quads:
        subset = memory_subset(corpus, args.memory_quads)
        work = Path(tempfile.mkdtemp(prefix="kg-bench-subset-"))
        (work / "subset.nq").write_text(subset, encoding="utf-8")
        import pyoxigraph as ox

        inner = ox.Store(str(work / "store"))
        inner.bulk_load(path=str(work / "subset.nq"), format=ox.RdfFormat.N_QUADS)
        inner.update(index.rebuild_update())  # the order index of the subset's own articles
        inner.dump(str(work / "subset.nq"), format=ox.RdfFormat.N_QUADS)
        del inner
        gc.collect()
        with Store(str(work / "store"), read_only=True) as small, Store(":memory:") as memory:
            memory.dataset.parse(str(work / "subset.nq"), format="nquads")
            subset_quads = count(small, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
            for name, (sparql, values) in queries.items():
                ox_ms, ox_rows = median_ms(
                    lambda sparql=sparql, values=values: run_select(small, sparql, values)[1], args.repeat
                )
                log(f"rdflib memory store: {name}")
                mem_ms, mem_rows = memory_ms(
                    lambda sparql=sparql, values=values: run_select(memory, sparql, values)[1],
                    args.memory_repeat,
                    args.memory_timeout,
                )
                if mem_ms is not None and sorted(map(str, ox_rows)) != mem_rows:
                    print(
                        f"# warning: {name}: Oxigraph and rdflib disagree on the subset "
                        f"({len(ox_rows)} and {len(mem_rows)} rows)",
                        file=sys.stderr,
                    )
                results[name].update(subset_rows=len(ox_rows), subset_oxigraph=ox_ms, memory=mem_ms)
        shutil.rmtree(work, ignore_errors=True)
    servers: dict[str, dict[str, tuple[float, int]]] = {}
    setups: list[str] = []
    for kind in [k.strip() for k in args.servers.split(",") if k.strip() and k.strip() != "none"]:
        try:
            timings, setup = server_timings(kind, folder, args.cache, queries, args.repeat)
        except Exception as exc:  # a server that is not installed is left out, with the reason
            setups.append(f"{kind}: left out ({exc})")
            continue
        servers[kind] = timings
        setups.append(setup)
        for name, (_, rows) in timings.items():
            if rows >= 0 and rows != results[name]["rows"]:
                log(f"warning: {name}: {kind} returned {rows} rows, the embedded store {results[name]['rows']}")

    print(f"# {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"# {machine()}; load average {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after")
    print(
        f"# corpus: {ingest_meta['source']}: {ingest_meta['articles']:,} articles, {ingest_meta['events']:,} events "
        f"(ingested {ingest_meta['made']}, {ingest_meta['ingest_seconds']} s); N-Quads cached at {corpus}"
    )
    print(
        f"# store: {folder} (bulk-loaded, opened read-only as by `kg query`): {total:,} quads = "
        f"{meta['corpus_quads']:,} of the corpus + {total - meta['corpus_quads']:,} of {meta['synthetic_articles']:,} "
        f"synthetic articles (seed {meta['seed']}); {articles:,} articles, {events:,} distinct events"
    )
    if "build_seconds" in meta:
        print(
            f"# build (made {meta['made']}, a fresh process): {meta['build_seconds']} s in all, "
            f"{meta['bulk_seconds']} s inside Oxigraph's bulk loader, {meta.get('index_seconds', '?')} s building "
            f"the order index, peak RSS {meta['peak_rss_mb']:,} MB"
        )
    for setup in setups:
        print(f"# server: {setup}")
    if subset_quads:
        print(
            f"# subset for rdflib's memory store: {subset_quads:,} quads (the corpus articles with most events, up to "
            f"{args.memory_quads:,} quads, the descriptions they use, the ontology), the same subset in Oxigraph "
            f"beside it; rdflib: median of {args.memory_repeat} runs, a run given up after {args.memory_timeout:g} s"
        )
    print(
        f"# median of {args.repeat} runs of run_select(store, *prepare(saved query, {{'actor': {args.actor!r}}})), "
        f"the code path of `kg query --saved NAME` (default parameters: limit 100)"
    )
    head = f"{'query':<22}{'rows':>7}{'oxigraph ms':>13}" + "".join(f"{k + ' server ms':>20}" for k in servers)
    if subset_quads:
        head += f"  |{'subset rows':>12}{'oxigraph ms':>13}{'rdflib memory ms':>18}"
    print(head)
    for name, r in results.items():
        line = f"{name:<22}{r['rows']:>7}{r['oxigraph']:>13.1f}" + "".join(
            f"{timing[name][0]:>20.1f}" for timing in servers.values()
        )
        if subset_quads:
            memory = f"{r['memory']:.1f}" if r["memory"] is not None else f"> {args.memory_timeout * 1000:,.0f}"
            line += f"  |{r['subset_rows']:>12}{r['subset_oxigraph']:>13.1f}{memory:>18}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
