"""The `kg` command group; each area's commands attach themselves to it (kg/cli/*.py)."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """kg: event knowledge graphs of cyber conflict from news articles.

    \b
    Example:
        kg ingest data/articles && kg events
    """
