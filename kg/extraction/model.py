"""The learned layer's model: which candidates (kg.extraction.candidates) are events, of which type.

A multinomial logistic regression over the candidates' indicator features, trained by
`kg train` (kg.training) on gold articles. It is stored as two plain files in a folder:
`model.json` (classes, feature names, decision threshold, the training configuration and
scores) and `weights.npz` (one weight per feature and class, and a bias per class; read with
numpy, never unpickled, so a model folder from elsewhere runs no code). The project ships
one in data/models/events/; `kg ingest --model DIR` uses another.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from kg.errors import KGError
from kg.paths import DATA

NONE = "NONE"  # the class of a candidate that is no event
DEFAULT = DATA / "models" / "events"
FORMAT = 1


@dataclass
class Model:
    """Weights over features, one column per class; `threshold` is the probability an event needs."""

    classes: list[str]
    features: list[str]
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)
    threshold: float = 0.5
    config: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {name: i for i, name in enumerate(self.features)}
        self._weights = np.asarray(self.weights, dtype=np.float32)  # stored as float16, added up as float32

    def probabilities(self, rows: list[dict[str, float]]) -> np.ndarray:
        """(rows, classes) probabilities of each candidate's features."""
        at, ids, values = [], [], []
        for r, row in enumerate(rows):
            for name, value in row.items():
                i = self.index.get(name)
                if i is not None:
                    at.append(r)
                    ids.append(i)
                    values.append(value)
        scores = np.tile(self.bias.astype(np.float32), (len(rows), 1))
        if ids:
            contributions = self._weights[ids] * np.asarray(values, dtype=np.float32)[:, None]
            np.add.at(scores, np.asarray(at), contributions)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]

    def decide(self, rows: list[dict[str, float]]) -> list[tuple[str, float]]:
        """For each candidate, its most probable event type and that probability, or NONE when
        that probability is under the threshold (which may be under one half: an event type
        can be called while NONE is the single most probable class)."""
        if not rows:
            return []
        probs = self.probabilities(rows)
        none = self.classes.index(NONE)
        events = probs.copy()
        events[:, none] = -1.0
        best = events.argmax(axis=1)
        sure = probs[np.arange(len(rows)), best]
        return [
            (self.classes[b], float(p)) if p >= self.threshold else (NONE, float(q))
            for b, p, q in zip(best, sure, probs[:, none])
        ]

    def save(self, folder: str | Path) -> None:
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": FORMAT,
            "classes": self.classes,
            "threshold": self.threshold,
            "config": self.config,
            "features": self.features,
        }
        (path / "model.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        np.savez_compressed(
            path / "weights.npz", weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32)
        )

    @classmethod
    def load(cls, folder: str | Path) -> Model:
        """A model folder; KGError naming the folder and what is missing or wrong."""
        path = Path(folder)
        try:
            meta = json.loads((path / "model.json").read_text(encoding="utf-8"))
            with np.load(path / "weights.npz", allow_pickle=False) as arrays:
                weights, bias = arrays["weights"], arrays["bias"]
        except (OSError, ValueError, KeyError) as exc:
            raise KGError(f"{path}: not a kg model folder ({exc})", hint="train one with `kg train`") from None
        if meta.get("format") != FORMAT or weights.shape != (len(meta["features"]), len(meta["classes"])):
            raise KGError(
                f"{path}: a model of another format or with inconsistent weights",
                hint="train it again with this version's `kg train`",
            )
        return cls(meta["classes"], meta["features"], weights, bias, float(meta["threshold"]), meta.get("config", {}))


@lru_cache(maxsize=4)
def load(folder: str | None) -> Model | None:
    """The model of a folder (None: the shipped one, if there is one), once per process."""
    if folder is None:
        return Model.load(DEFAULT) if (DEFAULT / "model.json").exists() else None
    return Model.load(folder)
