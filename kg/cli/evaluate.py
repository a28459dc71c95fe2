"""`kg eval`: the stored events scored against a gold file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from kg.cli.group import main
from kg.cli.options import handle_errors, open_for, store_option


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option(
    "--casie",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score ATTACK events against a CASIE file's gold (named attacker and victim only).",
)
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@handle_errors
def eval_(gold: Path | None, casie: Path | None, store_path: str | None, fmt: str) -> None:
    """Score the stored events against a gold file: P/R/F1 per type, dates, misses, false alarms.

    Ingest the gold's articles first; events of articles not in the gold are ignored.

    \b
    Examples:
        kg ingest ../shared/corpus/seed && kg eval ../shared/corpus/seed/gold.jsonl
        kg ingest ../shared/corpus/casie-dev.jsonl && kg eval --casie ../shared/corpus/casie-dev.jsonl
    """
    from kg.cli.output import table
    from kg.evaluate.gold import casie_gold, read_gold
    from kg.evaluate.scoring import evaluate
    from kg.query.records import event_records

    if (gold is None) == (casie is None):
        raise click.UsageError("give either a GOLD file or --casie FILE")
    gold_articles = read_gold(gold) if gold is not None else casie_gold(casie)  # type: ignore[arg-type]
    with open_for(store_path) as store:
        found = event_records(store)
    result = evaluate(gold_articles, found, types={"ATTACK"} if casie is not None else None)
    if casie is not None:
        from kg.evaluate import casie as casie_measure

        result.lenient = casie_measure.lenient(casie_measure.read(casie), found)
    if fmt == "json":
        out = result.as_dict()
        if result.lenient is not None:
            s = result.lenient
            out["lenient_attacker_victim"] = {"tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": s.precision,
                                              "recall": s.recall, "f1": s.f1}  # fmt: skip
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    rows: list[list[Any]] = []
    for name, s in sorted(result.per_type.items()) + [
        ("OVERALL", result.overall),
        ("STATEMENT (apart)", result.statement),
    ]:
        rows.append([name, s.tp, s.fp, s.fn, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}"])
    click.echo(table(["type", "tp", "fp", "fn", "precision", "recall", "f1"], rows), nl=False)
    click.echo(
        f"date accuracy {result.date_accuracy:.3f} over {result.dates_total} matched dated events; "
        f"status accuracy {result.status_accuracy:.3f}; {result.articles} articles"
    )
    if result.lenient is not None:
        s = result.lenient
        click.echo(
            f"lenient attacker/victim (a content word shared with each): tp {s.tp} fp {s.fp} fn {s.fn}, "
            f"precision {s.precision:.3f} recall {s.recall:.3f} f1 {s.f1:.3f}"
        )
    for name in result.without_events:
        click.echo(f"no events in the store for: {name} (not ingested, or nothing extracted)")
    for m in result.missed:
        click.echo(f"missed   {m['article']}: {m['type']} {m['agent']} -> {m['target'] or m['object']} ({m['date']})")
    for w in result.wrong_dates:
        click.echo(
            f"date     {w['article']}: {w['type']} {w['agent']} -> {w['target'] or w['object']}: "
            f"{w['date']} for {w['gold_date']}: {w['sentence'][:100]}"
        )
    for f in result.spurious:
        click.echo(
            f"spurious {f['article']}: {f['type']} {f['agent']} -> {f['target'] or f['object']} ({f['date']}): {f['sentence'][:100]}"
        )
