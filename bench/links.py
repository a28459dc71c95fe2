"""Link coverage of a store's actors: per kind, how many have a Wikidata id, an ATT&CK id, any link.

python bench/links.py --store /tmp/kg-links-store      # after: kg ingest data/articles --store /tmp/kg-links-store
"""

from __future__ import annotations

import argparse
import sys

from kg.pipeline.actors import StoredActor, list_actors
from kg.store import open_store


def coverage(actors: list[StoredActor]) -> list[tuple[str, int, int, int, int]]:
    """(kind, actors, with Wikidata, with ATT&CK, with any link) per kind, then the total."""
    rows = []
    for kind in sorted({a.kind for a in actors}) + ["all"]:
        group = [a for a in actors if kind in ("all", a.kind)]
        rows.append(
            (
                kind,
                len(group),
                sum(1 for a in group if a.wikidata),
                sum(1 for a in group if a.attack),
                sum(1 for a in group if a.linked),
            )
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="kg-store", help="store folder or SPARQL server URL")
    args = parser.parse_args()
    with open_store(args.store, read_only=True) as store:
        rows = coverage(list_actors(store))
    print("| kind | actors | Wikidata | ATT&CK | any link |\n|---|---:|---:|---:|---:|")
    for kind, n, wd, attack, linked in rows:
        share = f" ({linked / n:.0%})" if n else ""
        print(f"| {kind} | {n} | {wd} | {attack} | {linked}{share} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
