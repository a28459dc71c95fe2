"""Fitting the learned layer, and measuring an extractor on cached parses.

`fit` trains a multinomial logistic regression (scikit-learn) on labelled candidates and
returns a kg.extraction.model.Model; `extract` runs an extractor (rules, model or both) on
parsed gold articles without a store, and `records` turns its events into the records
`kg eval` scores, so thresholds and folds can be compared in seconds once articles are parsed.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from kg.extraction.model import NONE, Model
from kg.extraction.pipeline import Extractor
from kg.model import Actor, Event, Policy
from kg.rdf.iris import actor_iri, event_iri, policy_iri
from kg.training.corpus import Parsed
from kg.training.dataset import Example


def fit(
    examples: Sequence[Example],
    c: float = 1.0,
    min_count: int = 2,
    threshold: float = 0.5,
    seed: int = 13,
    config: dict[str, Any] | None = None,
) -> Model:
    """A model of the examples: features seen fewer than `min_count` times are dropped; `c` is
    the inverse strength of the L2 penalty."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts: Counter[str] = Counter(name for e in examples for name in e.features)
    features = sorted(name for name, n in counts.items() if n >= min_count)
    index = {name: i for i, name in enumerate(features)}
    rows, cols, values = [], [], []
    for r, example in enumerate(examples):
        for name, value in example.features.items():
            if name in index:
                rows.append(r)
                cols.append(index[name])
                values.append(value)
    matrix = csr_matrix((values, (rows, cols)), shape=(len(examples), len(features)), dtype=np.float32)
    labels = [e.label for e in examples]
    classes = ([NONE] if NONE in labels else []) + sorted(set(labels) - {NONE})
    regression = LogisticRegression(C=c, max_iter=2000, random_state=seed)
    regression.fit(matrix, labels)
    order = [list(regression.classes_).index(k) for k in classes]
    weights = regression.coef_.T[:, order] if len(classes) > 2 else _binary(regression.coef_, order)
    bias = regression.intercept_[order] if len(classes) > 2 else _binary(regression.intercept_[None, :], order)[0]
    settings = {
        "c": c,
        "min_count": min_count,
        "examples": len(examples),
        "events": int(sum(x != NONE for x in labels)),
        "per_type": dict(sorted(Counter(x for x in labels if x != NONE).items())),
    }
    return Model(
        classes,
        features,
        np.asarray(weights, dtype=np.float32),
        np.asarray(bias, dtype=np.float32),
        threshold,
        {**settings, **(config or {})},
    )


def _binary(coef: np.ndarray, order: list[int]) -> np.ndarray:
    """A two-class regression's one weight vector as two columns (the first class's score is 0)."""
    both = np.stack([np.zeros_like(coef[0]), coef[0]], axis=1)
    return both[:, order] if both.ndim == 2 else both


def folds(ids: Sequence[str], k: int, seed: int = 13) -> list[set[str]]:
    """`k` disjoint sets of article ids, drawn with a fixed seed."""
    shuffled = sorted(ids)
    random.Random(seed).shuffle(shuffled)
    return [set(shuffled[i::k]) for i in range(k)]


def extract(parsed: Sequence[Parsed], extractor: Extractor) -> list[Event]:
    """The extractor's events of parsed articles (title and body, as ingest does)."""
    out: list[Event] = []
    for p in parsed:
        out += extractor.events(p.article, p.doc, p.title)
    return out


def records(events: Sequence[Event]) -> list[dict[str, Any]]:
    """Event records of the shape `kg events` gives, for scoring without a store."""

    def actor(a: Actor | None) -> dict[str, Any] | None:
        return (
            None
            if a is None
            else {"id": str(actor_iri(a)), "label": a.label, "aliases": list(a.aliases), "kind": a.kind}
        )

    def policy(p: Policy | None) -> dict[str, Any] | None:
        return (
            None
            if p is None
            else {"id": str(policy_iri(p)), "label": p.label, "aliases": list(p.aliases), "kind": "Policy"}
        )

    return [
        {
            "id": str(event_iri(e)),
            "article": e.article_id,
            "sources": [e.article_id],
            "type": e.type,
            "agent": actor(e.agent),
            "target": actor(e.target),
            "object": policy(e.object),
            "date": e.date.isoformat() if e.date else None,
            "status": e.status,
            "confidence": e.confidence,
            "speaker": actor(e.speaker),
            "trigger": e.trigger,
            "evidence": {"text": e.evidence.text, "start": e.evidence.start, "end": e.evidence.end},
        }
        for e in events
    ]
