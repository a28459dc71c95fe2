"""kg: event knowledge graphs of cyber conflict from news articles.

The public API: read articles, extract events, store them as RDF, query and view them.
"""
from kg.errors import ExtractionError, InputError, KGError, QueryError, StoreError
from kg.model import Actor, Article, Event, Evidence, Policy

__version__ = "0.1.0"

__all__ = [
    "Actor", "Article", "Event", "Evidence", "Policy",
    "KGError", "InputError", "ExtractionError", "QueryError", "StoreError",
    "__version__",
]
