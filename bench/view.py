"""Size and load time of the HTML views on synthetic events.

Generates N deterministic events (actors drawn with a skewed popularity, a quarter of them
about policies, a third undated), writes the graph view and the timeline, and prints each
page's size, the time Python took to write it, and the time headless Chromium took to a
usable page: the wall time of `chromium --dump-dom` until the page has set `data-ready`
(virtual time skips the page's idle timers, not its work). A blank page's time is printed
as the browser's own start-up cost.

    python bench/view.py --n 500 --n 5000
    python bench/view.py --n 5000 --policies   # the graph with policy nodes too (`kg view --policies`)
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ID = "https://w3id.org/kg-cyber/id/"
KINDS = ("Country", "GovernmentBody", "Person", "Organization", "ThreatActor", "InternationalOrganization")
TYPES = ("ACCUSE", "SANCTION", "STATEMENT", "DISAPPROVE", "CHARGE", "ATTACK", "REJECT", "CONSULT", "ENACT", "ARREST")
WORDS = (
    "sanctions",
    "hackers",
    "ministry",
    "intrusion",
    "network",
    "attributed",
    "officials",
    "statement",
    "campaign",
    "ransomware",
    "servers",
    "treasury",
    "indictment",
    "espionage",
    "infrastructure",
)


def synthetic_events(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """`n` event records in the `kg events` shape, the same for the same n and seed."""
    rng = random.Random(seed)
    n_actors, n_policies = max(10, n // 4), max(3, n // 25)
    actors = [
        {"id": f"{ID}actor/a{i}", "label": f"Actor {i}", "aliases": [f"A{i}"], "kind": KINDS[i % len(KINDS)]}
        for i in range(n_actors)
    ]
    policies = [
        {"id": f"{ID}policy/p{i}", "label": f"Policy {i}", "aliases": [], "kind": "Policy"} for i in range(n_policies)
    ]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(n_actors)]  # a few hubs, a long tail
    records = []
    for i in range(n):
        agent, target = rng.choices(actors, weights, k=2)
        about_policy = rng.random() < 0.25
        dated = rng.random() > 0.33
        date = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if dated else None
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))).capitalize() + "."
        records.append(
            {
                "id": f"{ID}event/{i}",
                "article": f"synthetic-{i % (n // 3 + 1)}",
                "type": rng.choice(TYPES),
                "cameo": "112",
                "plover": "ACCUSE",
                "status": rng.choice(("asserted",) * 8 + ("negated", "hypothetical")),
                "trigger": "accused",
                "agent": agent,
                "target": None if about_policy else target,
                "object": rng.choice(policies) if about_policy else None,
                "date": date,
                "speaker": None,
                "evidence": {"text": text, "start": 0, "end": len(text)},
                "sources": [f"synthetic-{i}"],
                "confidence": 0.9,
                "title": f"Synthetic article {i}",
                "url": f"https://example.com/{i}",
            }
        )
    return records


def browser_seconds(page: Path, profile: Path) -> tuple[float, bool]:
    """Wall time of headless Chromium to the dumped DOM, and whether the page said it was ready."""
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1280,800",
        "--virtual-time-budget=600000",
        "--dump-dom",
        page.resolve().as_uri(),
    ]
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, timeout=900)
    seconds = time.perf_counter() - start
    body = re.search(r"<body[^>]*>", run.stdout)
    shutil.rmtree(profile, ignore_errors=True)
    return seconds, bool(body and 'data-ready="1"' in body.group(0))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    version = ""
    if CHROMIUM.exists():
        version = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"{cpu}, {os.cpu_count()} CPUs{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {version or 'no chromium'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="events (repeatable; default 500 and 5000)")
    parser.add_argument("--keep", type=Path, default=None, help="write the pages into this folder")
    parser.add_argument("--policies", action="store_true", help="draw policies in the graph (kg view --policies)")
    args = parser.parse_args()
    sizes = args.n or [500, 5000]

    from functools import partial

    from kg.views.network import render_html
    from kg.views.timeline import render_timeline

    graph = partial(render_html, policies=args.policies)

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-view-"))
    out = args.keep or tmp
    out.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    if CHROMIUM.exists():
        blank = tmp / "blank.html"
        blank.write_text('<!DOCTYPE html><html><body data-ready="1"></body></html>')
        print(f"blank page in chromium: {browser_seconds(blank, tmp / 'profile')[0]:.2f} s (start-up cost)")
    else:
        print(f"{CHROMIUM} missing: load times are not measured", file=sys.stderr)
    print(f"{'events':>7} {'page':<9} {'nodes/rows':>10} {'edges/marks':>11} {'HTML':>9} {'write':>7} {'usable':>8}")
    for n in sizes:
        records = synthetic_events(n)
        for name, render in (("graph", graph), ("timeline", render_timeline)):
            page = out / f"{name}-{n}.html"
            start = time.perf_counter()
            counts = render(records, page)
            written = time.perf_counter() - start
            first, second = (counts["nodes"], counts["edges"]) if name == "graph" else (counts["rows"], counts["marks"])
            usable = "n/a"
            if CHROMIUM.exists():
                seconds, ready = browser_seconds(page, tmp / "profile")
                usable = f"{seconds:.2f} s" if ready else "NOT READY"
            size = page.stat().st_size / 1024 / 1024
            print(f"{n:>7} {name:<9} {first:>10} {second:>11} {size:>6.2f} MB {written:>5.2f} s {usable:>8}")
    if args.keep is None:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
