"""Scoring extracted events against gold annotations, as docs/events.md ("Scoring") says.

Per article, a system event matches a gold event when the types are equal, the agent's label
or an alias equals (case-folded, punctuation-stripped) the gold agent's name, an alias or an
`also`, and, where the gold event has a target or object, the system event's target or
object matches one of them the same way. Each gold event matches at most one system event.
Optional gold events are neither missed when absent nor false alarms when found. STATEMENT
is scored apart and left out of the overall score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.extraction.gazetteer import norm
from kg.query.records import Record


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Evaluation:
    per_type: dict[str, Score] = field(default_factory=dict)
    overall: Score = field(default_factory=Score)
    statement: Score = field(default_factory=Score)
    dates_right: int = 0
    dates_total: int = 0
    status_right: int = 0
    status_total: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)
    wrong_dates: list[dict[str, Any]] = field(default_factory=list)
    articles: int = 0
    without_events: list[str] = field(default_factory=list)  # gold articles with no system event
    lenient: Score | None = None  # CASIE's lenient attacker/victim measure, where it applies

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.dates_total if self.dates_total else 0.0

    @property
    def status_accuracy(self) -> float:
        return self.status_right / self.status_total if self.status_total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "articles_without_events": self.without_events,
            "overall": self.overall.as_dict(),
            "statement": self.statement.as_dict(),
            "per_type": {t: s.as_dict() for t, s in sorted(self.per_type.items())},
            "date_accuracy": round(self.date_accuracy, 4),
            "dates_scored": self.dates_total,
            "status_accuracy": round(self.status_accuracy, 4),
            "missed": self.missed,
            "spurious": self.spurious,
            "wrong_dates": self.wrong_dates,
        }


def _names(entity: dict[str, Any] | None, with_also: bool = False) -> set[str]:
    if not entity:
        return set()
    names = [entity.get("name", "")] + list(entity.get("aliases", []))
    if with_also:
        names += list(entity.get("also", []))
    return {norm(n) for n in names if n}


def _system_names(node: Record | None) -> set[str]:
    if not node:
        return set()
    return {norm(n) for n in [node.get("label", "")] + list(node.get("aliases", [])) if n}


def matches(gold: dict[str, Any], system: Record) -> bool:
    """True when a system event record matches a gold event (docs/events.md, Scoring)."""
    if gold["type"] != system["type"]:
        return False
    if not _names(gold.get("agent"), with_also=True) & _system_names(system.get("agent")):
        return False
    wanted = _names(gold.get("target")) | _names(gold.get("object"))
    if not wanted:
        return True
    return bool(wanted & (_system_names(system.get("target")) | _system_names(system.get("object"))))


def _article_key(record: dict[str, Any]) -> set[str]:
    keys = {record["id"]}
    if record.get("file"):
        keys.add(record["file"])
    return keys


def evaluate(gold: list[dict[str, Any]], records: Sequence[Record], types: set[str] | None = None) -> Evaluation:
    """Score system event records (kg events shape) against gold articles (of `types` only if given)."""
    if types is not None:
        records = [r for r in records if r["type"] in types]
    by_article: dict[str, list[Record]] = {}
    for r in records:
        # an event reported by several articles is one record with several sources (docs/events.md):
        # it is an event of each of them
        for source in r.get("sources") or [r["article"]]:
            for key in {source, Path(source).name}:  # gold may name a file by its base name
                by_article.setdefault(key, []).append(r)
    result = Evaluation()
    for article in gold:
        system = next((by_article[k] for k in _article_key(article) if k in by_article), None)
        if system is None:
            result.without_events.append(article["id"])
            system = []
        result.articles += 1
        _score_article(article, system, result)
    return result


def _score_article(article: dict[str, Any], system: list[Record], result: Evaluation) -> None:
    used: set[int] = set()
    golds = sorted(article["events"], key=lambda g: bool(g.get("optional")))  # required events match first
    for g in golds:
        candidates = [i for i, s in enumerate(system) if i not in used and matches(g, s)]
        candidates.sort(key=lambda i: (system[i].get("date") != g.get("date"), -(system[i].get("confidence") or 0)))
        score = _score_for(result, g["type"])
        if candidates:
            i = candidates[0]
            used.add(i)
            if g.get("optional"):
                continue
            score.tp += 1
            if g["type"] != "STATEMENT":
                result.overall.tp += 1
                if g.get("date"):
                    result.dates_total += 1
                    if system[i].get("date") == g["date"]:
                        result.dates_right += 1
                    else:
                        result.wrong_dates.append(
                            {"article": article["id"], "gold_date": g["date"], **_system_summary(system[i])}
                        )
                result.status_total += 1
                result.status_right += system[i].get("status") == g.get("status", "asserted")
        elif not g.get("optional"):
            score.fn += 1
            if g["type"] != "STATEMENT":
                result.overall.fn += 1
            result.missed.append({"article": article["id"], **_gold_summary(g)})
    for i, s in enumerate(system):
        if i in used:
            continue
        _score_for(result, s["type"]).fp += 1
        if s["type"] != "STATEMENT":
            result.overall.fp += 1
            result.spurious.append({"article": article["id"], **_system_summary(s)})


def _score_for(result: Evaluation, etype: str) -> Score:
    if etype == "STATEMENT":
        return result.statement
    return result.per_type.setdefault(etype, Score())


def _gold_summary(g: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": g["type"],
        "agent": g["agent"]["name"],
        "target": (g.get("target") or {}).get("name"),
        "object": (g.get("object") or {}).get("name"),
        "date": g.get("date"),
        "span": g.get("span"),
    }


def _system_summary(s: Record) -> dict[str, Any]:
    return {
        "type": s["type"],
        "agent": s["agent"]["label"],
        "target": (s.get("target") or {}).get("label"),
        "object": (s.get("object") or {}).get("label"),
        "date": s.get("date"),
        "sentence": s["evidence"]["text"],
    }
