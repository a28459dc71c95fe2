"""Do two versions of kg extract the same events? (A refactoring must not change them.)

    python bench/same_events.py --before 7a79d93             # that commit against the working tree
    python bench/same_events.py --before main~3 --after main --sets sample seed

Each version is run from its own source tree (a git worktree for a revision) with this
Python's installed dependencies: `kg ingest` into a fresh store, then `kg events --format
jsonl`, sorted. The sets: the bundled sample (data/articles), the seed article, the dev
gold's articles and the first 500 articles of ../shared/corpus/articlemd-dev.jsonl. Prints
the event counts of both sides and the first differing lines; the exit status is 1 when any
set differs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SETS = ("sample", "seed", "dev", "first500")


def inputs(name: str, work: Path) -> Path:
    """The file or folder `kg ingest` reads for a set (a JSON Lines subset is written to `work`)."""
    if name == "sample":
        return ROOT / "data" / "articles"
    if name == "seed":
        return CORPUS / "seed" / "chinadaily-2015-04-02-us-cyber-sanctions.txt"
    lines = (CORPUS / "articlemd-dev.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    if name == "dev":
        wanted = {json.loads(line)["id"] for line in (ROOT / "tests" / "gold" / "dev.jsonl").open(encoding="utf-8")}
        lines = [line for line in lines if json.loads(line)["id"] in wanted]
    else:
        lines = lines[:500]
    path = work / f"{name}.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def kg(tree: Path, *args: str) -> str:
    """Run the kg command of a source tree; its stdout."""
    code = f"import sys; sys.path.insert(0, {str(tree)!r}); from kg.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"kg {' '.join(args)} failed in {tree}:\n{done.stderr[-2000:]}")
    return done.stdout


def events(tree: Path, source: Path, store: Path, jobs: int) -> list[str]:
    kg(tree, "ingest", str(source), "--store", str(store), "--jobs", str(jobs), "--no-progress")
    return sorted(kg(tree, "events", "--store", str(store), "--format", "jsonl").splitlines())


def worktree(revision: str, work: Path) -> Path:
    path = work / f"tree-{revision.replace('/', '_')}"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), revision], check=True, capture_output=True
    )
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="a git revision")
    parser.add_argument("--after", default=None, help="a git revision (default: the working tree)")
    parser.add_argument("--sets", nargs="*", default=list(SETS), choices=SETS)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"{CORPUS} is absent: only the sample can be compared", file=sys.stderr)
        args.sets = [s for s in args.sets if s == "sample"]
    differ = False
    with tempfile.TemporaryDirectory(prefix="kg-same-events-") as tmp:
        work = Path(tmp)
        trees = [worktree(args.before, work), worktree(args.after, work) if args.after else ROOT]
        try:
            for name in args.sets:
                source = inputs(name, work)
                before, after = (
                    events(tree, source, work / f"store-{name}-{k}", args.jobs) for k, tree in enumerate(trees)
                )
                same = before == after
                differ |= not same
                print(
                    f"{name:9} before {len(before):5} events, after {len(after):5}: {'same' if same else 'DIFFERENT'}"
                )
                for line in sorted(set(before) ^ set(after))[:5]:
                    print(("  - " if line in before else "  + ") + line[:300])
        finally:
            for tree in trees:
                if tree != ROOT:
                    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
