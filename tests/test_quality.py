"""Regression guard: extraction scores may not fall more than 0.02 below the recorded ones.

The baseline is tests/gold/scores.json, written by `python bench/quality.py --record`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.evaluate.quality import gold_sets, score, summary

RECORDED = json.loads((Path(__file__).parent / "gold" / "scores.json").read_text())
TOLERANCE = 0.02
SETS = [g for g in gold_sets() if g.name in RECORDED and g.name != "casie"]  # CASIE takes minutes: bench only


@pytest.mark.parametrize("gold_set", SETS, ids=[g.name for g in SETS])
def test_scores_do_not_regress(gold_set) -> None:  # type: ignore[no-untyped-def]
    if not gold_set.gold.exists() or not gold_set.articles.exists():
        pytest.skip(f"{gold_set.articles} is absent: reference corpora not available")
    now, before = summary(score(gold_set)), RECORDED[gold_set.name]
    for key in ("precision", "recall", "f1", "date_accuracy"):
        assert now[key] >= before[key] - TOLERANCE, f"{gold_set.name} {key}: {now[key]} < recorded {before[key]}"
    for etype, f1 in before["per_type_f1"].items():
        assert now["per_type_f1"].get(etype, 0.0) >= f1 - TOLERANCE, f"{gold_set.name} {etype} F1 fell below {f1}"


def test_gold_sets_are_found_when_the_corpora_are_there() -> None:
    """A wrong path must fail here, not hide behind the skip above."""
    if not (Path(__file__).resolve().parent.parent.parent / "shared" / "corpus").is_dir():
        pytest.skip("../shared/corpus is absent: reference corpora not available")
    missing = [str(p) for g in gold_sets() for p in (g.gold, g.articles) if not p.exists()]
    assert missing == []
