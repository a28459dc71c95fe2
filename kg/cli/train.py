"""`kg train`: the learned layer from an analyst's own gold articles (kg.training.train)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.group import main
from kg.cli.options import handle_errors


@main.command()
@click.argument("gold", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="GOLD...")
@click.option(
    "--articles",
    "-a",
    "articles",
    multiple=True,
    required=True,
    type=click.Path(path_type=Path),
    help="Files or folders holding the annotated articles, as `kg ingest` reads them (repeatable).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the model to (model.json and weights.npz).",
)
@click.option(
    "--casie",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CASIE's JSON Lines: its attacks are extra ATTACK examples, and are measured held out.",
)
@click.option(
    "--folds",
    type=click.IntRange(1, 20),
    default=5,
    show_default=True,
    help="Cross-validation folds for the held-out scores and the threshold (1: no cross-validation).",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="The probability a candidate needs to be an event (default: the best held-out one).",
)
@click.option(
    "--c",
    "c",
    type=click.FloatRange(min=0.0, min_open=True),
    default=1.0,
    show_default=True,
    help="Inverse strength of the L2 penalty of the logistic regression.",
)
@click.option("--seed", type=int, default=13, show_default=True, help="Seed of the folds and of the fit.")
@handle_errors
def train(
    gold: tuple[Path, ...],
    articles: tuple[Path, ...],
    output: Path,
    casie: Path | None,
    folds: int,
    threshold: float | None,
    c: float,
    seed: int,
) -> None:
    """Train the learned layer on gold articles (docs/events.md, Gold) and write a model folder.

    Candidates of the articles (predicates with actor-like arguments) are labelled by the
    gold events; a logistic regression learns which are events, of which type. The scores
    printed are of articles held out of training. Use the model with `kg ingest --model DIR`.

    \b
    Example:
        kg train my-gold.jsonl --articles my-articles/ --output my-model
        kg ingest more-articles/ --model my-model
    """
    from kg.training.train import train as run

    report = run(
        list(gold),
        list(articles),
        output,
        casie=casie,
        k=folds,
        c=c,
        threshold=threshold,
        seed=seed,
        say=lambda text: click.echo(text, err=True),
    )
    for line in report.lines():
        click.echo(line)
    click.echo(f"model written to {output}")
