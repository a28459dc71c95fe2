"""What the learned layer adds to extraction time, on parsed articles.

Parses the first N articles of ../shared/corpus/articlemd-dev.jsonl once (as ingest does:
the sentence pre-filter, body and title), then times the extractor over the same parses,
alternating rules alone and rules with the model, `--repeat` times each, and prints the
medians, their ratio, and the parse time for scale.

    python bench/model_cost.py --n 300 --model data/models/events
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "articlemd-dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="articles (default 300)")
    parser.add_argument("--model", type=Path, default=ROOT / "data" / "models" / "events")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"{args.corpus}: not found (the reference corpora live in ../shared/corpus)", file=sys.stderr)
        return 2
    from itertools import islice

    from kg.extraction.model import Model
    from kg.extraction.pipeline import Extractor
    from kg.extraction.prefilter import mask
    from kg.inputs.files import read_paths
    from kg.model import Article
    from kg.pipeline.workers import pipeline

    nlp, _ = pipeline(True, None)
    articles = [a for a in islice(read_paths([args.corpus]), args.n) if isinstance(a, Article)]
    start = time.perf_counter()
    docs = list(nlp.pipe((mask(a.body) for a in articles), batch_size=8))
    titles = list(nlp.pipe((a.title for a in articles), batch_size=8))
    parse = time.perf_counter() - start
    extractors = {"rules": Extractor(nlp.vocab), "rules+model": Extractor(nlp.vocab, model=Model.load(args.model))}
    times: dict[str, list[float]] = {name: [] for name in extractors}
    events: dict[str, int] = {}
    for _ in range(args.repeat):
        for name, extractor in extractors.items():
            start = time.perf_counter()
            found = [e for a, d, t in zip(articles, docs, titles) for e in extractor.events(a, d, t)]
            times[name].append(time.perf_counter() - start)
            events[name] = len(found)
    rules, both = (statistics.median(times[n]) for n in ("rules", "rules+model"))
    print(f"{len(articles)} articles of {args.corpus.name}; parsing them (pre-filter, bodies and titles) {parse:.1f} s")
    for name in extractors:
        print(
            f"  {name:12} extraction median {statistics.median(times[name]):.2f} s over {args.repeat} runs, {events[name]} events"
        )
    print(
        f"the model adds {both / rules - 1:+.1%} to extraction time, {(both - rules) / (parse + rules):+.1%} to parse + extraction"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
