"""Extraction quality on every gold set: seed, sample, dev, tune, test, CASIE (ATTACK only).

python bench/quality.py                        # print the scores (the default: the rules alone)
python bench/quality.py --model data/models/events            # rules and the shipped model
python bench/quality.py --model data/models/events --no-rules # the model alone
python bench/quality.py --record               # also write tests/gold/scores.json (the regression baseline)

`test` is read only through these aggregate scores (tests/gold/README.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kg.evaluate.quality import ROOT, gold_sets, score, summary
from kg.pipeline.workers import Settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write tests/gold/scores.json")
    parser.add_argument("--only", nargs="*", help="gold set names (default: all available)")
    parser.add_argument("--full-parse", action="store_true", help="ingest without the sentence pre-filter")
    parser.add_argument("--model", help="add the learned layer: a model folder (default: the rules alone)")
    parser.add_argument("--no-rules", action="store_true", help="the model alone (with --model)")
    args = parser.parse_args()
    if args.no_rules and not args.model:
        parser.error("--no-rules needs --model")
    model = str(Path(args.model).resolve()) if args.model else None
    settings = Settings(rules=not args.no_rules, model=model)
    recorded = {}
    for gold_set in gold_sets():
        if args.only and gold_set.name not in args.only:
            continue
        if not gold_set.gold.exists() or not gold_set.articles.exists():
            print(f"{gold_set.name:7} skipped: {gold_set.gold} or {gold_set.articles} is absent")
            continue
        start = time.perf_counter()
        result = score(gold_set, prefilter=not args.full_parse, settings=settings)
        numbers = summary(result)
        recorded[gold_set.name] = numbers
        print(
            f"{gold_set.name:7} P {numbers['precision']:.3f}  R {numbers['recall']:.3f}  F1 {numbers['f1']:.3f}  "
            f"dates {numbers['date_accuracy']:.3f}  ({result.articles} articles, tp {result.overall.tp}, "
            f"fp {result.overall.fp}, fn {result.overall.fn}; {time.perf_counter() - start:.0f} s)"
        )
        if result.lenient is not None:
            s = result.lenient
            print(f"          lenient attacker/victim  P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}")
        for etype, f1 in numbers["per_type_f1"].items():
            print(f"          {etype:12} F1 {f1:.3f}")
    if args.record:
        path = ROOT / "tests" / "gold" / "scores.json"
        path.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
