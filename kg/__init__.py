"""kg: event knowledge graphs of cyber conflict from news articles.

    >>> import kg
    >>> graph = kg.open("kg-store")               # a folder, ':memory:' or a SPARQL server URL
    >>> graph.ingest(["data/articles"])           # doctest: +SKIP
    >>> graph.events(types=["SANCTION"])          # records as `kg events --format jsonl` prints
    >>> graph.query("SELECT ?s WHERE { ?s a kg:Sanction } LIMIT 3")
    >>> graph.graph()                             # a networkx MultiDiGraph
    >>> kg.extract("Polish police arrested Yaroslav Vasinskyi.", published="2021-11-08")

docs/events.md describes the events; docs/design.md the path of an article through the package.
The names below are imported when first used, so that `import kg.store` (a query process,
the command line) does not pay for networkx, spaCy or rdflib's parsers it does not need.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kg.version import __version__

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph, extract, open
    from kg.errors import ExtractionError, InputError, KGError, QueryError, StoreError
    from kg.model import Actor, Article, Event, Evidence, Policy

_HOMES = {
    "KnowledgeGraph": "kg.api",
    "open": "kg.api",
    "extract": "kg.api",
    "KGError": "kg.errors",
    "InputError": "kg.errors",
    "ExtractionError": "kg.errors",
    "QueryError": "kg.errors",
    "StoreError": "kg.errors",
    "Actor": "kg.model",
    "Article": "kg.model",
    "Event": "kg.model",
    "Evidence": "kg.model",
    "Policy": "kg.model",
}
__all__ = [
    "Actor",
    "Article",
    "Event",
    "Evidence",
    "Policy",
    "KnowledgeGraph",
    "open",
    "extract",
    "KGError",
    "InputError",
    "ExtractionError",
    "QueryError",
    "StoreError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
