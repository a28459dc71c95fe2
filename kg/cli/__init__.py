"""The `kg` command line: a thin layer over the library.

Imports run one way: this package imports the command modules, which import the group
and the shared options; nothing imports back.
"""

from __future__ import annotations

from kg.cli import actors, evaluate, ingest, read, serve, train, views  # noqa: F401  (each attaches its commands)
from kg.cli.group import main

__all__ = ["main"]

if __name__ == "__main__":
    main()
