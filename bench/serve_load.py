"""Load on `kg serve`: many clients at once, the latency of each answer, and what failed.

Starts `kg serve` on a store (default: the bundled sample, ingested into a temporary
folder), lets --clients threads each send --requests queries (a saved-query-like SELECT,
an ASK, a COUNT), and prints p50, p95 and the slowest answer, the errors, and the machine.

    python bench/serve_load.py --clients 50 --requests 20
    python bench/serve_load.py --store ./kg-store --clients 50 --requests 40
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = (
    "SELECT ?date ?agent ?target WHERE { ?e a kg:Sanction ; kg:agent/rdfs:label ?agent . "
    "OPTIONAL { ?e kg:target/rdfs:label ?target } OPTIONAL { ?e kg:date ?date } } ORDER BY ?date LIMIT 20",
    "ASK { ?e a kg:Attack }",
    "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e kg:agent ?a }",
)


def kg(*args: str) -> list[str]:
    return [sys.executable, "-c", "from kg.cli import main; main()", *args]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="a store folder (default: the sample, ingested afresh)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="queries per client")
    parser.add_argument("--workers", type=int, default=4, help="kg serve --workers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-serve-load-") as tmp:
        store = args.store
        if store is None:
            store = str(Path(tmp) / "store")
            subprocess.run(
                kg("ingest", str(ROOT / "data" / "articles"), "--store", store, "--no-progress"),
                check=True,
                capture_output=True,
            )
        port = free_port()
        server = subprocess.Popen(
            kg("serve", "--store", store, "--port", str(port), "--workers", str(args.workers)), stderr=subprocess.PIPE
        )
        try:
            assert server.stderr is not None
            print(server.stderr.readline().decode().strip(), file=sys.stderr)
            times, errors = run(f"http://127.0.0.1:{port}/query", args.clients, args.requests)
        finally:
            server.terminate()
            server.wait()
    times.sort()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"store: {args.store or 'the bundled sample (13 articles)'}; kg serve --workers {args.workers}")
    print(f"{args.clients} clients x {args.requests} queries: {len(times)} answered, {len(errors)} failed")
    if times:
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"latency ms: p50 {statistics.median(times):.0f}, p95 {p95:.0f}, max {times[-1]:.0f}")
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error}")
    return 1 if errors else 0


def run(url: str, clients: int, requests: int) -> tuple[list[float], list[str]]:
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(n: int) -> None:
        start.wait()
        for k in range(requests):
            query = QUERIES[(n + k) % len(QUERIES)]
            body = urllib.parse.urlencode({"query": query}).encode()
            request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
            began = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as answer:
                    answer.read()
                with lock:
                    times.append((time.perf_counter() - began) * 1000)
            except (urllib.error.URLError, OSError) as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors


if __name__ == "__main__":
    sys.exit(main())
