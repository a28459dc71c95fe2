"""Ingest speed and memory against bare spaCy on the same texts.

Ingests the first N articles of ../shared/corpus/articlemd-dev.jsonl (or all of them) into a
fresh embedded store and prints wall time, articles/s, words/s, the ratio to a bare `nlp.pipe`
over the same full texts, and peak memory.

    python bench/ingest.py --n 500 [--jobs 2] [--full-parse]
    python bench/ingest.py --all --jobs 2          # the whole file (about 12-15 minutes)
    python bench/ingest.py --all --jobs 2 --store /tmp/kg-dev   # and keep the store

Bare spaCy is the same model with the same pipes, `nlp.pipe(bodies, batch_size=32)` in one
process (n_process=1) over the full, unfiltered article bodies. Each run happens in a child
process of its own, so neither inherits the other's memory; wall times exclude that process's
start and its model load (the worker processes of --jobs load nothing: they are forked). CPU
time is that of the run's process and its workers; on a shared machine it moves less than wall
time does.

Memory is the resident set (RSS) of the run's whole process tree (the child and the spaCy
worker processes it forks), sampled every 0.2 s (PSS every second): the peak of the sum over the tree, and each
process's own peak. RSS counts pages a forked worker still shares with its parent once per
process, so the summed RSS overstates what the tree really holds; the summed PSS (shared pages
divided among their sharers) is printed beside it. The largest single process is also given as
the kernel records it (ru_maxrss, not sampled).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "articlemd-dev.jsonl"
BARE_BATCH = 32
MB = 1024 * 1024


@dataclass
class Memory:
    """Peaks of one process tree, in bytes, from samples of every process in it."""

    root: int = 0  # the run's own process; the others are its workers
    rss_sum: int = 0
    pss_sum: int = 0
    peaks: dict[int, int] = field(default_factory=dict)  # pid -> its own peak RSS
    samples: int = 0
    main_trace: list[tuple[float, int]] = field(default_factory=list)  # (seconds, RSS) of the run's process


def watch(pid: int, memory: Memory, stop: threading.Event, interval: float = 0.2) -> None:
    """Sample the RSS and PSS of `pid` and all its descendants until `stop` is set."""
    import psutil

    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    started = time.perf_counter()
    while not stop.is_set():
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        full = memory.samples % 5 == 0  # PSS walks the page tables (smaps_rollup): once a second
        rss = pss = 0
        for proc in tree:
            try:
                info = proc.memory_full_info() if full else proc.memory_info()
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            rss += info.rss
            pss += info.pss if full else 0
            memory.peaks[proc.pid] = max(memory.peaks.get(proc.pid, 0), info.rss)
            if proc.pid == pid:
                memory.main_trace.append((time.perf_counter() - started, info.rss))
        memory.rss_sum = max(memory.rss_sum, rss)
        memory.pss_sum = max(memory.pss_sum, pss)
        memory.samples += 1
        stop.wait(interval)


def measured(what: str, subset: Path, args: argparse.Namespace) -> tuple[dict[str, float], Memory]:
    """Run one workload in a child process and watch its process tree's memory."""
    command = [sys.executable, __file__, "--child", what, "--corpus", str(subset), "--jobs", str(args.jobs)]
    command += ["--model", str(args.model)] if args.model else []
    if args.full_parse:
        command.append("--full-parse")
    if args.store:
        command += ["--store", str(args.store)]
    stop = threading.Event()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=ROOT)
    memory = Memory(root=child.pid)
    watcher = threading.Thread(target=watch, args=(child.pid, memory, stop), daemon=True)
    watcher.start()
    out, _ = child.communicate()
    stop.set()
    watcher.join()
    if child.returncode != 0:
        raise SystemExit(f"the {what} run failed (exit status {child.returncode})")
    return json.loads(out.decode().strip().splitlines()[-1]), memory


def child(what: str, corpus: Path, jobs: int, full_parse: bool, keep: Path | None, model: Path | None) -> None:
    """The measured workload itself; prints one JSON line for the parent."""
    from kg.extraction.nlp import load_nlp

    nlp = load_nlp()
    nlp("warm up")
    result: dict[str, float] = {}
    if what == "bare":
        from kg.inputs.files import read_paths

        bodies = [a.body for a in read_paths([corpus]) if hasattr(a, "body")]  # type: ignore[union-attr]
        start, cpu = time.perf_counter(), _cpu()
        for _ in nlp.pipe(bodies, batch_size=BARE_BATCH):
            pass
        result["seconds"], result["cpu"] = time.perf_counter() - start, _cpu() - cpu
    else:
        from kg.pipeline.ingest import ingest
        from kg.pipeline.workers import Settings
        from kg.store.embedded import Store

        tmp = Path(tempfile.mkdtemp(prefix="kg-bench-store-"))
        start, cpu = time.perf_counter(), _cpu()
        with Store(str(keep or tmp / "store")) as store:
            settings = Settings(prefilter=not full_parse, model=str(model.resolve()) if model else None)
            report = ingest([corpus], store, progress=False, jobs=jobs, settings=settings)
        result["seconds"], result["cpu"] = time.perf_counter() - start, _cpu() - cpu
        result.update(articles=report.articles, events=report.events, failed=len(report.failed))
        shutil.rmtree(tmp)
    # kernel peaks, not sampled: this process, and the largest of its (joined) workers
    result["self_maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result["children_maxrss"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps(result))


def _cpu() -> float:
    """CPU seconds of this process and of its workers that have ended."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def memory_line(memory: Memory, result: dict[str, float]) -> str:
    main = memory.peaks.get(memory.root, 0)
    workers = [peak for pid, peak in memory.peaks.items() if pid != memory.root]
    line = f"peak summed RSS {memory.rss_sum / MB:,.0f} MB (summed PSS {memory.pss_sum / MB:,.0f} MB); main process {main / MB:,.0f} MB"
    if workers:
        line += f"; {len(workers)} worker processes, largest {max(workers) / MB:,.0f} MB"
    line += f" [kernel max RSS: main {result['self_maxrss'] / MB:,.0f} MB"
    if result["children_maxrss"]:
        line += f", largest worker {result['children_maxrss'] / MB:,.0f} MB"
    return line + f"; {memory.samples} samples]"


def main_over_time(memory: Memory) -> str:
    """The run's own process's RSS at each tenth of the run: flat once warm means the main
    process (the store writer) holds no memory per article."""
    trace = memory.main_trace
    if len(trace) < 10:
        return ""
    end = trace[-1][0]
    points = []
    for tenth in range(1, 11):
        at = end * tenth / 10
        points.append(max((rss for t, rss in trace if t <= at), default=0))  # peak so far
    return (
        "main process peak RSS so far at each tenth of the run: " + ", ".join(f"{p / MB:,.0f}" for p in points) + " MB"
    )


def run(
    what: str, subset: Path, args: argparse.Namespace, articles: int, words: int, label: str, detail: str
) -> dict[str, float]:
    """Measure one side and print its two lines: speed, then memory."""
    result, memory = measured(what, subset, args)
    s = result["seconds"]
    print(
        f"{label}{s:.1f} s  {articles / s:.1f} articles/s  {words / s:,.0f} words/s  "
        f"({detail.format(**result)}); CPU {result['cpu']:.1f} s"
    )
    print(f"  memory     {memory_line(memory, result)}", flush=True)
    if what == "kg" and (over_time := main_over_time(memory)):
        print(f"             {over_time}", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="number of articles; 0 for all (default 500)")
    parser.add_argument("--all", action="store_true", help="the whole corpus (same as --n 0)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for kg ingest (default 1)")
    parser.add_argument("--full-parse", action="store_true", help="kg ingest --full-parse (no sentence pre-filter)")
    parser.add_argument("--only", choices=("kg", "bare"), help="run only one side (no ratio)")
    parser.add_argument("--store", type=Path, help="write the kg store in this new folder and keep it")
    parser.add_argument("--model", type=Path, help="kg ingest --model DIR (the learned layer; default: rules alone)")
    parser.add_argument("--child", choices=("kg", "bare"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"{args.corpus}: not found (the reference corpora live in ../shared/corpus)", file=sys.stderr)
        return 2
    if args.store and args.store.exists():
        print(f"{args.store}: already exists; --store takes a new folder", file=sys.stderr)
        return 2
    if args.child:
        child(args.child, args.corpus, args.jobs, args.full_parse, args.store, args.model)
        return 0
    try:
        import psutil  # noqa: F401
    except ImportError:
        print("psutil is needed to sample memory: pip install psutil", file=sys.stderr)
        return 2

    from kg.inputs.files import read_paths

    n = 0 if args.all else args.n
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    subset = tmp / "subset.jsonl"
    with args.corpus.open(encoding="utf-8") as src, subset.open("w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if n and i >= n:
                break
            dst.write(line)
    articles = [a for a in read_paths([subset]) if hasattr(a, "body")]
    words = sum(len(a.body.split()) for a in articles)  # type: ignore[union-attr]
    from kg.extraction.prefilter import mask

    parsed = sum(len(mask(a.body).split()) for a in articles)  # type: ignore[union-attr]
    what = f"all {len(articles)} articles" if not n else f"first {len(articles)} articles"
    flags = f"--jobs {args.jobs}{' --full-parse' if args.full_parse else ''}{f' --model {args.model}' if args.model else ''}"

    print(
        f"machine      {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"input        {what} of {args.corpus.name} ({words:,} words; the pre-filter keeps {parsed:,}, "
        f"{parsed / words:.0%}, for the parser)",
        flush=True,
    )
    bare = kg = None
    if args.only != "kg":
        bare = run(
            "bare",
            subset,
            args,
            len(articles),
            words,
            "bare spaCy   ",
            f"nlp.pipe over the full bodies, batch {BARE_BATCH}, n_process=1",
        )
    if args.only != "bare":
        kg = run(
            "kg",
            subset,
            args,
            len(articles),
            words,
            f"kg ingest    {flags}: ",
            "{articles:.0f} articles, {events:.0f} events, {failed:.0f} failed",
        )
    if bare and kg:
        print(f"ratio        kg ingest throughput = {bare['seconds'] / kg['seconds']:.2f} x bare spaCy")
    shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
