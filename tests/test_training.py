"""The learned layer: the model file format, fitting, `kg train`, and `kg ingest --model`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import KGError
from kg.extraction.model import DEFAULT, NONE, Model
from kg.training.dataset import Example
from kg.training.fit import fit, folds

ROOT = Path(__file__).resolve().parent.parent


def kg(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(main, list(args), catch_exceptions=False)


def examples(n: int = 60) -> list[Example]:
    """Candidates whose predicate word decides the class: the model must learn it."""
    out = []
    for i in range(n):
        lemma, label = [("pred=sanction", "SANCTION"), ("pred=breach", "ATTACK"), ("pred=say", NONE)][i % 3]
        out.append(Example({lemma: 1.0, f"noise={i % 7}": 1.0, "bias-ish": 1.0}, label, f"a{i % 10}"))
    return out


def test_a_fitted_model_learns_the_deciding_feature_and_survives_a_round_trip(tmp_path: Path) -> None:
    model = fit(examples(), c=5.0, threshold=0.5)
    rows = [{"pred=sanction": 1.0}, {"pred=breach": 1.0}, {"pred=say": 1.0}]
    assert [label for label, _ in model.decide(rows)] == ["SANCTION", "ATTACK", NONE]
    model.save(tmp_path / "m")
    again = Model.load(tmp_path / "m")
    assert again.classes == model.classes and again.threshold == 0.5
    assert np.allclose(again.probabilities(rows), model.probabilities(rows), atol=1e-2)  # stored as float16
    assert json.loads((tmp_path / "m" / "model.json").read_text())["config"]["events"] == 40


def test_unknown_features_and_no_candidates_are_harmless() -> None:
    model = fit(examples(), c=5.0)
    assert model.decide([]) == []
    assert model.decide([{"never-seen": 1.0}])[0][0] in model.classes


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (lambda p: None, "not a kg model folder"),
        (lambda p: (p / "model.json").write_text("{not json"), "not a kg model folder"),
        (
            lambda p: (
                (p / "model.json").write_text(json.dumps({"format": 1, "classes": ["NONE"], "features": ["a", "b"]})),
                np.savez(p / "weights.npz", weights=np.zeros((3, 1)), bias=np.zeros(1)),
            ),
            "inconsistent weights",
        ),
        (
            lambda p: (
                (p / "model.json").write_text(json.dumps({"format": 1, "classes": ["NONE"], "features": ["a"]})),
                np.savez(p / "weights.npz", weights=np.array([{"code": 1}], dtype=object), bias=np.zeros(1)),
            ),
            "not a kg model folder",  # a pickled object array is refused, never unpickled
        ),
    ],
)
def test_a_folder_that_is_no_model_is_refused_with_its_name(tmp_path: Path, setup, reason: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "bad"
    folder.mkdir()
    setup(folder)
    with pytest.raises(KGError, match=reason) as info:
        Model.load(folder)
    assert str(folder) in str(info.value)


def test_folds_are_disjoint_cover_everything_and_are_fixed_by_the_seed() -> None:
    ids = [f"a{i}" for i in range(23)]
    parts = folds(ids, 5, seed=3)
    assert sorted(i for p in parts for i in p) == sorted(ids)
    assert sum(len(p) for p in parts) == len(ids)
    assert parts == folds(list(reversed(ids)), 5, seed=3)
    assert parts != folds(ids, 5, seed=4)


def test_the_shipped_model_loads_and_records_how_it_was_made() -> None:
    model = Model.load(DEFAULT)
    assert model.config["folds"] >= 2 and model.config["trained_on"]
    assert not any("test.jsonl" in source for source in model.config["trained_on"])  # the test split stays unseen
    assert set(model.classes) > {NONE, "ATTACK", "SANCTION"}


def test_kg_train_then_kg_ingest_with_that_model(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "model"
    trained = kg(
        runner, "train", str(ROOT / "tests/gold/sample.jsonl"), "--articles", str(ROOT / "data/articles"),
        "--output", str(out), "--folds", "2",
    )  # fmt: skip
    assert trained.exit_code == 0, trained.output
    assert "held out  rules" in trained.output and "held out  both@0.5" in trained.output
    config = json.loads((out / "model.json").read_text())["config"]
    assert config["articles"] == 13 and config["folds"] == 2
    store = str(tmp_path / "store")
    with_model = kg(runner, "ingest", str(ROOT / "data/articles"), "--store", store, "--model", str(out))
    assert with_model.exit_code == 0, with_model.output
    # another model is another extractor: the same articles are extracted again, not skipped
    rules_only = kg(runner, "ingest", str(ROOT / "data/articles"), "--store", store)
    assert "13 articles ingested, 0 unchanged" in rules_only.output
    again = kg(runner, "ingest", str(ROOT / "data/articles"), "--store", store)
    assert "0 articles ingested, 13 unchanged" in again.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--model", "{tmp}/nowhere"], "not a kg model folder"),
        (["--model", "{tmp}"], "not a kg model folder"),
        (["--no-rules"], "--no-rules needs a --model"),
    ],
)
def test_ingest_refuses_a_bad_model_choice_in_one_line(runner: CliRunner, tmp_path: Path, args, message) -> None:  # type: ignore[no-untyped-def]
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = kg(runner, "ingest", str(ROOT / "data/articles"), "--store", str(tmp_path / "s"), *args)
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "s").exists()  # refused before the store was opened


def test_kg_train_refuses_gold_without_article_texts(runner: CliRunner, tmp_path: Path) -> None:
    result = kg(
        runner, "train", str(ROOT / "tests/gold/sample.jsonl"), "--articles", str(tmp_path), "--output",
        str(tmp_path / "m"),
    )  # fmt: skip
    assert result.exit_code == 1
    assert "no article text for gold id" in result.output and "--articles" in result.output
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize(("threshold", "expected"), [(0.25, "ATTACK"), (0.3, "ATTACK"), (0.35, NONE), (0.6, NONE)])
def test_an_event_type_over_the_threshold_is_called_even_when_no_event_is_likelier(threshold, expected) -> None:  # type: ignore[no-untyped-def]
    probabilities = np.array([0.5, 0.3, 0.2])  # NONE, ATTACK, SANCTION
    model = Model([NONE, "ATTACK", "SANCTION"], ["x"], np.zeros((1, 3)), np.log(probabilities), threshold)
    label, p = model.decide([{"x": 1.0}])[0]
    assert label == expected
    assert p == pytest.approx(0.3 if expected == "ATTACK" else 0.5)
