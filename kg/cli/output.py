"""One writer for tabular results: aligned table, csv, tsv, json, jsonl (every command's --format)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from collections.abc import Sequence
from typing import Any, TextIO

FORMATS = ("table", "csv", "tsv", "json")


def write_rows(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str = "table",
    out: TextIO | None = None,
    width: int | None = None,
) -> None:
    """Rows in one format. A table for a terminal (or with `width`) fits that width, long
    cells wrapped inside their column; a table for a pipe or file is plain aligned text."""
    out = out or sys.stdout
    if fmt == "table" and width is None and out.isatty():
        width = shutil.get_terminal_size().columns
    if fmt == "json":
        json.dump([dict(zip(columns, (_plain(v) for v in row))) for row in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt in ("csv", "tsv"):
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in row] for row in rows])
    elif width is not None:
        out.write(fitted(columns, rows, width))
    else:
        out.write(table(columns, rows))


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 60) -> str:
    """An aligned plain-text table; long cells are cut with an ellipsis."""
    cells = [[_cut(_cell(v), max_width) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def fitted(columns: Sequence[str], rows: Sequence[Sequence[Any]], width: int) -> str:
    """A table no wider than `width` characters (rich): long cells wrap inside their column."""
    from rich.box import SIMPLE_HEAD
    from rich.console import Console
    from rich.table import Table

    grid = Table(box=SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False)
    for name in columns:
        grid.add_column(name, overflow="fold")
    for row in rows:
        grid.add_row(*(_cell(v) for v in row))
    buffer = io.StringIO()
    console = Console(file=buffer, width=max(width, 20), color_system=None, highlight=False, emoji=False, markup=False)
    console.print(grid)
    console.print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _plain(value: Any) -> Any:
    return value if isinstance(value, (int, float, bool, str)) or value is None else str(value)


def write_graph(graph: Any, fmt: str = "ttl", out: TextIO | None = None) -> None:
    """An rdflib Graph (a CONSTRUCT or DESCRIBE answer) as Turtle, N-Triples or JSON-LD, with kg's prefixes."""
    from kg.rdf.ns import PREFIXES

    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    text = graph.serialize(format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
    (out or sys.stdout).write(text if text.endswith("\n") else text + "\n")
