"""`kg train`: the learned layer from gold articles, its threshold chosen by cross-validation.

The gold articles are parsed (kg.training.corpus, cached), their candidates labelled
(kg.training.dataset) and split into `folds` parts by a fixed seed. For each part, a model
fitted on the others (and on CASIE's attacks, when given) extracts the held-out part three
ways: the rules alone, the model alone and both; each decision threshold is scored so on
articles its model never saw. The model written to the output folder is fitted on all the
examples, with the threshold whose held-out F1 of rules and model together was best; its
model.json keeps the configuration that made it and those held-out scores.

Given CASIE, its articles are cross-validated the same way (folds of CASIE articles held out
of training) and scored with the lenient attacker/victim measure (kg.evaluate.casie).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.evaluate.casie import lenient
from kg.evaluate.gold import read_gold
from kg.evaluate.scoring import Score, evaluate
from kg.extraction.pipeline import Extractor
from kg.training.corpus import Parsed, articles_by_id, gold_pairs, parse
from kg.training.dataset import Example, casie_examples, gold_examples
from kg.training.fit import extract, fit, folds, records
from kg.version import __version__

THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6)
WAYS = ("rules", "model", "both")


@dataclass
class Report:
    """What `train` measured on held-out folds and what it wrote."""

    examples: int
    events: int
    casie_examples: int = 0
    threshold: float = 0.5
    held_out: dict[str, dict[str, float]] = field(default_factory=dict)  # "way@threshold" -> P/R/F1
    casie: dict[str, float] = field(default_factory=dict)  # lenient attacker/victim, rules and model

    def lines(self) -> list[str]:
        out = [f"{self.examples:,} labelled candidates ({self.events:,} events), {self.casie_examples:,} from CASIE"]
        for name, s in self.held_out.items():
            out.append(f"held out  {name:<12} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}")
        for name, value in self.casie.items():
            out.append(f"CASIE held out  {name:<16} {value:.3f}")
        out.append(f"threshold {self.threshold:g}")
        return out


def read_casie(path: Path) -> list[tuple[Any, dict[str, Any]]]:
    """CASIE's records (article, record) as kg reads them; records without text are skipped."""
    from kg.inputs.formats import parse_json_line

    pairs = []
    with path.open(encoding="utf-8") as stream:
        for n, line in enumerate(stream, 1):
            try:
                pairs.append((parse_json_line(line.rstrip("\n"), f"{path}:{n}"), json.loads(line)))
            except (InputError, ValueError):
                continue
    return pairs


def train(
    gold_paths: Sequence[Path],
    article_paths: Sequence[Path],
    output: Path,
    casie: Path | None = None,
    k: int = 5,
    c: float = 1.0,
    threshold: float | None = None,
    seed: int = 13,
    say: Callable[[str], None] = lambda _: None,
) -> Report:
    """Train, measure on held-out folds (k > 1), write the model folder; see the module doc."""
    from kg.pipeline.workers import pipeline

    gold = [g for path in gold_paths for g in read_gold(path)]
    if not gold:
        raise InputError("the gold files annotate no article")
    say(f"parsing {len(gold)} gold articles (cached after the first time)")
    parsed = parse(gold_pairs(gold, articles_by_id(article_paths)))
    nlp, _ = pipeline(True, None)
    plain = Extractor(nlp.vocab)
    by_article = {p.article.id: gold_examples(p, plain.finder) for p in parsed}
    casie_parsed: list[Parsed] = []
    casie_by_article: dict[str, list[Example]] = {}
    if casie is not None:
        say("parsing CASIE's articles (cached after the first time)")
        casie_parsed = parse(read_casie(casie))
        casie_by_article = {p.article.id: casie_examples(p, plain.finder) for p in casie_parsed}
    examples = [e for ex in by_article.values() for e in ex]
    extra = [e for ex in casie_by_article.values() for e in ex]
    if not any(e.label != "NONE" for e in examples + extra):
        raise InputError("no candidate matches a gold event: there is nothing to learn from")
    report = Report(len(examples), sum(e.label != "NONE" for e in examples), len(extra))
    chosen = threshold if threshold is not None else 0.5
    if k > 1:
        say(f"cross-validating on {k} folds")
        scores = _cross_validate(parsed, by_article, extra, k, c, seed, nlp.vocab, plain)
        report.held_out = {name: _row(s) for name, s in scores.items()}
        if threshold is None:
            chosen = max(THRESHOLDS, key=lambda th: (scores[f"both@{th:g}"].f1, th))
        if casie_parsed:
            say(f"cross-validating on CASIE's articles, {k} folds")
            report.casie = _casie_cross_validate(
                casie_parsed, casie_by_article, examples, k, c, chosen, seed, nlp.vocab
            )
    report.threshold = chosen
    config = {
        "kg": __version__,
        "trained_on": [str(p) for p in gold_paths] + ([str(casie)] if casie else []),
        "articles": len(parsed),
        "casie_articles": len(casie_parsed),
        "folds": k,
        "seed": seed,
        "spacy_pipeline": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}",
        "held_out": report.held_out,
        "casie_held_out": report.casie,
    }
    model = fit(examples + extra, c=c, threshold=chosen, seed=seed, config=config)
    model.save(output)
    return report


def _cross_validate(
    parsed: list[Parsed],
    by_article: dict[str, list[Example]],
    extra: list[Example],
    k: int,
    c: float,
    seed: int,
    vocab: Any,
    plain: Extractor,
) -> dict[str, Score]:
    found: dict[str, list[dict[str, Any]]] = {"rules": []}
    for th in THRESHOLDS:
        found[f"model@{th:g}"] = []
        found[f"both@{th:g}"] = []
    for fold in folds(list(by_article), k, seed):
        held = [p for p in parsed if p.article.id in fold]
        model = fit([e for i, ex in by_article.items() if i not in fold for e in ex] + extra, c=c, seed=seed)
        found["rules"] += records(extract(held, plain))
        for th in THRESHOLDS:
            model.threshold = th
            found[f"model@{th:g}"] += records(extract(held, Extractor(vocab, model=model, rules=False)))
            found[f"both@{th:g}"] += records(extract(held, Extractor(vocab, model=model)))
    gold = [p.gold for p in parsed]
    return {name: evaluate(gold, recs).overall for name, recs in found.items()}


def _casie_cross_validate(
    parsed: list[Parsed],
    by_article: dict[str, list[Example]],
    gold_examples_: list[Example],
    k: int,
    c: float,
    threshold: float,
    seed: int,
    vocab: Any,
) -> dict[str, float]:
    rules_found: list[dict[str, Any]] = []
    both_found: list[dict[str, Any]] = []
    plain = Extractor(vocab)
    for fold in folds(list(by_article), k, seed):
        held = [p for p in parsed if p.article.id in fold]
        model = fit(
            gold_examples_ + [e for i, ex in by_article.items() if i not in fold for e in ex],
            c=c,
            threshold=threshold,
            seed=seed,
        )
        rules_found += records(extract(held, plain))
        both_found += records(extract(held, Extractor(vocab, model=model)))
    gold = [p.gold for p in parsed]
    rules, both = lenient(gold, rules_found), lenient(gold, both_found)
    return {
        "rules F1": rules.f1,
        "rules P": rules.precision,
        "rules R": rules.recall,
        "both F1": both.f1,
        "both P": both.precision,
        "both R": both.recall,
    }


def _row(s: Score) -> dict[str, float]:
    return {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3)}
