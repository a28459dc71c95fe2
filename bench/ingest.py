"""Ingest speed against bare spaCy on the same texts.

Ingests the first N articles of ../shared/corpus/articlemd-dev.jsonl into a fresh embedded
store and prints articles/s, words/s, the ratio to a bare `nlp.pipe` over the same texts,
and the peak memory of the process.

    python bench/ingest.py --n 500 [--jobs 2] [--full-parse]

The bare-spaCy baseline runs in one process; peak memory is that of this process (the
workers of --jobs are not counted).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "articlemd-dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="number of articles (default 500)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for kg ingest (default 1)")
    parser.add_argument("--full-parse", action="store_true", help="kg ingest --full-parse (no sentence pre-filter)")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"{args.corpus}: not found (the reference corpora live in ../shared/corpus)", file=sys.stderr)
        return 2

    from kg.ingest import ingest
    from kg.nlp import load_nlp
    from kg.reading import read_paths
    from kg.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    subset = tmp / "subset.jsonl"
    with args.corpus.open(encoding="utf-8") as src, subset.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= args.n:
                break
            dst.write(line)
    articles = [a for a in read_paths([subset]) if hasattr(a, "body")]
    words = sum(len(a.body.split()) for a in articles)  # type: ignore[union-attr]
    nlp = load_nlp()
    nlp("warm up")

    start = time.perf_counter()
    for _ in nlp.pipe((a.body for a in articles), batch_size=32):  # type: ignore[union-attr]
        pass
    bare = time.perf_counter() - start

    start = time.perf_counter()
    with Store(str(tmp / "store")) as store:
        report = ingest([subset], store, progress=False, jobs=args.jobs, prefilter=not args.full_parse)
    kg_time = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    shutil.rmtree(tmp)

    print(f"machine      {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"input        first {len(articles)} articles of {args.corpus.name} ({words:,} words)")
    print(f"bare spaCy   {bare:.1f} s  {len(articles) / bare:.1f} articles/s  {words / bare:,.0f} words/s  (nlp.pipe, batch 32)")
    print(f"kg ingest    --jobs {args.jobs}{' --full-parse' if args.full_parse else ''}: {kg_time:.1f} s  {len(articles) / kg_time:.1f} articles/s  {words / kg_time:,.0f} words/s  "
          f"({report.articles} articles, {report.events} events, {len(report.failed)} failed)")
    print(f"ratio        kg ingest throughput = {bare / kg_time:.2f} x bare spaCy")
    print(f"peak memory  {peak_mb:,.0f} MB (max RSS of this process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
