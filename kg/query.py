"""SPARQL for users: saved queries by name (data/queries/*.rq), parameters, result tables."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rdflib import Literal

from kg.cleaning import DATA
from kg.errors import QueryError
from kg.store import StoreLike

QUERIES = DATA / "queries"
_PARAM = re.compile(r"\$([A-Za-z_]\w*)")


def saved_queries() -> dict[str, tuple[str, Path]]:
    """Saved queries by name: (one-line description, file)."""
    found = {}
    for path in sorted(QUERIES.glob("*.rq")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        found[path.stem] = (first.lstrip("# ").strip(), path)
    return found


def saved_query(name: str) -> str:
    queries = saved_queries()
    if name not in queries:
        raise QueryError(f"no saved query {name!r}; choose one of: {', '.join(queries)}")
    return queries[name][1].read_text(encoding="utf-8")


def bind(sparql: str, params: dict[str, str]) -> str:
    """Replace $name placeholders by string literals (escaped, so values cannot inject SPARQL)."""
    missing = sorted({m for m in _PARAM.findall(sparql)} - set(params))
    if missing:
        raise QueryError(f"the query needs --param {missing[0]}=VALUE")
    return _PARAM.sub(lambda m: Literal(params[m.group(1)]).n3() if m.group(1) in params else m.group(0), sparql)


def run_select(store: StoreLike, sparql: str) -> tuple[list[str], list[list[Any]]]:
    """Column names and rows (Python values: str, int, date, None) of a SELECT or ASK query."""
    result = store.run(sparql)
    if result.type == "ASK":
        return ["answer"], [[bool(result.askAnswer)]]
    if result.type != "SELECT":
        raise QueryError(f"{result.type} queries return graphs; use `kg export` or a SELECT query")
    columns = [str(v) for v in result.vars]
    rows = [[_value(term) for term in row] for row in result]
    return columns, rows


def _value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (int, float, bool)) else str(term)
    return str(term)
