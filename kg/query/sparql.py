"""SPARQL for users: saved queries by name (data/queries/*.rq), parameters, result tables."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal

from kg.errors import QueryError
from kg.paths import DATA
from kg.store.base import StoreLike, splice
from kg.store.bounded import Limits

QUERIES = DATA / "queries"
_SURROGATE = re.compile("[\ud800-\udfff]")
_PARAM = re.compile(r"\$([A-Za-z_]\w*)")
_DEFAULT = re.compile(r"^#\s*default:\s*([A-Za-z_]\w*)\s*=\s*(.*?)\s*$", re.M)
_CONSTANT = re.compile(r"^#\s*constant:\s*([A-Za-z_]\w*)\s*$", re.M)
_LOWER = re.compile(r"^#\s*lower case:\s*([A-Za-z_]\w*)\s*$", re.M)
_COUNT = re.compile(r"\b(?:LIMIT|OFFSET)\s+\$([A-Za-z_]\w*)", re.I)
ALL = 2**63 - 1  # what `--param limit=all` stands for: no row is cut


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


def prepare(sparql: str, params: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The query and the values of its $name parameters, checked: every $name has a value (given,
    or a default from a comment line `# default: limit = 100`), and a parameter used as a count
    (`LIMIT $limit`, `OFFSET $n`) is a whole number or `all`, written into the text. The other
    values stay out of the text: the store binds them as string literals (RDF terms).

    Two comment lines adapt a parameter for speed. `# lower case: name` lowers the value of
    $name first, for a query that looks it up among keys stored in lower case (an engine finds a
    term at once, but scans to compare LCASE of every candidate). `# constant: name` writes the
    value into the text as one escaped string literal, as a server receives it (`splice`, which
    tests/test_fuzz.py holds to exactly one literal whatever the value): Oxigraph plans a query
    before it binds a substituted variable, so a query whose sub-queries start from the
    parameter is planned as if it were unknown; the saved actor-events query took 60 s so on
    ten million quads, and 60 ms with the value written in.

    >>> prepare("SELECT * WHERE { ?s ?p $name } LIMIT $limit", {"name": "x", "limit": "5"})
    ('SELECT * WHERE { ?s ?p $name } LIMIT 5', {'name': 'x'})
    """
    defaults = dict(_DEFAULT.findall(sparql))
    values = {**defaults, **params}
    values.update({name: values[name].lower() for name in _LOWER.findall(sparql) if name in values})
    for name, value in values.items():
        if _SURROGATE.search(value):  # from a command line's undecodable bytes
            raise QueryError(f"the value of ${name} is not valid text (it holds bytes that are not UTF-8)")
    used = set(_PARAM.findall(_uncommented(sparql)))
    missing = sorted(used - set(values))
    if missing:
        raise QueryError(f"the query needs a value for ${missing[0]}", hint=f"pass --param {missing[0]}=VALUE")
    counts = {name: _count(name, values[name]) for name in set(_COUNT.findall(_uncommented(sparql)))}

    def count(match: re.Match[str]) -> str:
        return counts.get(match.group(1), match.group(0))

    lines = sparql.splitlines(keepends=True)
    text = "".join(line if _comment(line) else _PARAM.sub(count, line) for line in lines)
    constants = {name: values[name] for name in _CONSTANT.findall(sparql) if name in used and name not in counts}
    if constants:
        text = splice(text, constants)
    return text, {name: values[name] for name in sorted(used) if name not in counts and name not in constants}


def bind(sparql: str, params: dict[str, str]) -> str:
    """The query with its parameters written into the text, as escaped one-line literals (for a
    server, which takes no bindings; the embedded store binds them as terms instead).

    >>> bind("SELECT * WHERE { ?s ?p $name } LIMIT $limit", {"name": "x", "limit": "5"})
    'SELECT * WHERE { ?s ?p "x" } LIMIT 5'
    """
    text, values = prepare(sparql, params)
    return splice(text, values)


def _comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _uncommented(sparql: str) -> str:
    return "\n".join(line for line in sparql.splitlines() if not _comment(line))


def _count(name: str, value: str) -> str:
    stripped = value.strip()  # str.strip also takes control separators ("0\x1f") that int() refuses
    if stripped.lower() == "all":
        return str(ALL)
    if not re.fullmatch(r"[0-9]+", stripped):
        raise QueryError(f"${name} must be a whole number or 'all', not {value!r}")
    return str(int(stripped))


def run_select(
    store: StoreLike, sparql: str, values: dict[str, str] | None = None, limits: Limits | None = None
) -> tuple[list[str], list[list[Any]]]:
    """Column names and rows (Python values: str, int, date, None) of a SELECT or ASK query."""
    result = store.run(sparql, values, limits)
    if result.type == "ASK":
        return ["answer"], [[bool(result.askAnswer)]]
    if result.type != "SELECT":
        raise QueryError(f"{result.type} queries return graphs; use `kg export` or a SELECT query")
    columns = [str(v) for v in result.vars]
    rows = [[_value(term) for term in row] for row in result]
    return columns, rows


def run_query(
    store: StoreLike, sparql: str, values: dict[str, str] | None = None, limits: Limits | None = None
) -> tuple[list[str], list[list[Any]]] | Graph:
    """A SELECT or ASK query's (columns, rows), or a CONSTRUCT or DESCRIBE query's rdflib Graph."""
    result = store.run(sparql, values, limits)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = Graph()
        for triple in result:
            graph.add(triple)
        return graph
    if result.type == "ASK":
        return ["answer"], [[bool(result.askAnswer)]]
    return [str(v) for v in result.vars], [[_value(term) for term in row] for row in result]


def _value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (int, float, bool)) else str(term)
    return str(term)
