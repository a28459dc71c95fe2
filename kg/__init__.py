"""kg: event knowledge graphs of cyber conflict from news articles.

    >>> import kg
    >>> graph = kg.open("kg-store")               # a folder, ':memory:' or a SPARQL server URL
    >>> graph.ingest(["data/articles"])           # doctest: +SKIP
    >>> graph.events(types=["SANCTION"])          # records as `kg events --format jsonl` prints
    >>> graph.query("SELECT ?s WHERE { ?s a kg:Sanction } LIMIT 3")
    >>> graph.graph()                             # a networkx MultiDiGraph
    >>> kg.extract("Polish police arrested Yaroslav Vasinskyi.", published="2021-11-08")

docs/events.md describes the events; docs/design.md the path of an article through the package.
"""

from kg.api import KnowledgeGraph, extract, open
from kg.errors import ExtractionError, InputError, KGError, QueryError, StoreError
from kg.model import Actor, Article, Event, Evidence, Policy
from kg.version import __version__

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
