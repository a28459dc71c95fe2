"""Extraction quality on the project's gold sets, for the regression test and bench/quality.py.

Each gold set is a gold file plus the articles it annotates; the articles are extracted into a
fresh embedded store and scored with kg.evaluate.scoring (docs/events.md, Scoring).
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kg.evaluate import casie
from kg.evaluate.casie import lenient
from kg.evaluate.gold import casie_gold, read_gold
from kg.evaluate.scoring import Evaluation, evaluate
from kg.pipeline.ingest import ingest
from kg.pipeline.workers import Settings
from kg.query.records import event_records
from kg.store.embedded import Store

ROOT = Path(__file__).resolve().parents[2]  # the checkout: gold files live in its tests/gold
SHARED = ROOT.parent / "shared" / "corpus"


@dataclass(frozen=True)
class GoldSet:
    name: str
    gold: Path
    articles: Path  # a file or folder for `ingest`; JSON Lines corpora are filtered to the gold ids
    casie: bool = False


def gold_sets() -> list[GoldSet]:
    return [
        GoldSet(
            "seed", SHARED / "seed" / "gold.jsonl", SHARED / "seed" / "chinadaily-2015-04-02-us-cyber-sanctions.txt"
        ),
        GoldSet("sample", ROOT / "tests" / "gold" / "sample.jsonl", ROOT / "data" / "articles"),
        GoldSet("dev", ROOT / "tests" / "gold" / "dev.jsonl", SHARED / "articlemd-dev.jsonl"),
        # the fixed random draw (tests/gold/README.md): tune is for development, test only for its aggregate scores
        GoldSet("tune", ROOT / "tests" / "gold" / "tune.jsonl", SHARED / "articlemd-dev.jsonl"),
        GoldSet("test", ROOT / "tests" / "gold" / "test.jsonl", SHARED / "articlemd-dev.jsonl"),
        GoldSet("casie", SHARED / "casie-dev.jsonl", SHARED / "casie-dev.jsonl", casie=True),
    ]


def score(gold_set: GoldSet, prefilter: bool = True, settings: Settings | None = None) -> Evaluation:
    """Extract the gold set's articles into a fresh embedded store and score them; for CASIE,
    also the lenient attacker/victim measure (kg.evaluate.casie) as `result.lenient`."""
    settings = replace(settings or Settings(), prefilter=prefilter)
    gold = casie_gold(gold_set.gold) if gold_set.casie else read_gold(gold_set.gold)
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "store")) as store:
        source = gold_set.articles
        if source.suffix == ".jsonl" and not gold_set.casie:
            wanted = {g["id"] for g in gold}
            source = Path(tmp) / "subset.jsonl"
            with gold_set.articles.open(encoding="utf-8") as src, source.open("w", encoding="utf-8") as dst:
                dst.writelines(line for line in src if json.loads(line)["id"] in wanted)
        ingest([source], store, progress=False, settings=settings)
        found = event_records(store)
        result = evaluate(gold, found, types={"ATTACK"} if gold_set.casie else None)
        if gold_set.casie:
            result.lenient = lenient(casie.read(gold_set.gold), found)
        return result


def summary(result: Evaluation) -> dict[str, Any]:
    """The numbers the regression test guards."""
    return {
        "precision": round(result.overall.precision, 4),
        "recall": round(result.overall.recall, 4),
        "f1": round(result.overall.f1, 4),
        "date_accuracy": round(result.date_accuracy, 4),
        "per_type_f1": {t: round(s.f1, 4) for t, s in sorted(result.per_type.items()) if s.tp + s.fn >= 5},
        **({"lenient_f1": round(result.lenient.f1, 4)} if result.lenient is not None else {}),
    }
