"""The order index: a few statements in the actors graph that let the saved queries read only
what can be among their first rows, so they answer in about the same time on ten million quads
as on one million.

A saved query such as who-sanctioned-whom wants the sanctions of the earliest days. Without
help, an engine reads every sanction to find them (SPARQL engines keep no ordered index on
literals). The index names, once each:

- for each event type, the days on which an event of that type with a target or object
  happened (`kg:Sanction kg:onDay ?day`): a few thousand dates, which an engine sorts at once;
- each agent of a direct triple with the first three characters of its label (`?actor
  kg:labelStart "Uni"`): short strings that sort fast, where whole labels sort slowly;
- each agent or target with its label in lower case (`?actor kg:key "china"`): a case-insensitive
  name is then a lookup, not a scan of every label.

Every statement is derived from the article graphs by the SPARQL updates below, and is the same
from whichever article: writing an article adds the statements of its graph in the same request
(so an article and its index entries are stored together or not at all), and adding one twice
changes nothing. Removing or replacing an article can leave a statement no article supports
any more; the request that does so marks the index stale (`kg:index kg:stale true`), and
`refresh` rebuilds it from the article graphs at the end of the command. A store written before
the index existed has no `kg:index kg:version`, and `refresh` builds it the first time a write
command opens it (about 10 s on ten million quads). The same updates run on every engine.
"""

from __future__ import annotations

from typing import Any

from rdflib import RDFS, URIRef

from kg.rdf.ns import ACTORS_GRAPH, KG

VERSION = "1"  # of the statements below: a store whose index has another version is rebuilt
_SHARED = ACTORS_GRAPH.n3()
_STATE = f"GRAPH {_SHARED} {{ {KG.index.n3()} {KG.stale.n3()} true }}"
_VERSION = f'GRAPH {_SHARED} {{ {KG.index.n3()} {KG.version.n3()} "{VERSION}" }}'
_PREDICATES = (KG.onDay, KG.labelStart, KG.key)
_TERMS = {
    "Event": KG.Event.n3(),
    "onDay": KG.onDay.n3(),
    "date": KG.date.n3(),
    "agent": KG.agent.n3(),
    "target": KG.target.n3(),
    "object": KG.object.n3(),
    "labelStart": KG.labelStart.n3(),
    "key": KG.key.n3(),
    "label": RDFS.label.n3(),
    "shared": _SHARED,
}


def _inserts(graph: str) -> list[str]:
    """The updates that add the index statements of the article graph `graph` (an IRI in N3, or
    the variable ?g for every article graph)."""
    t = {**_TERMS, "g": graph, "articles": f"FILTER(?g != {_SHARED})" if graph == "?g" else ""}
    templates = [
        "INSERT {{ GRAPH {shared} {{ ?type {onDay} ?day }} }} WHERE {{ SELECT DISTINCT ?type ?day WHERE {{ "
        "GRAPH {g} {{ ?e {date} ?day ; a ?type FILTER(?type != {Event}) "
        "FILTER EXISTS {{ ?e {target}|{object} ?what }} }} {articles} }} }}",
        "INSERT {{ GRAPH {shared} {{ ?a {labelStart} ?start }} }} WHERE {{ "
        "{{ SELECT DISTINCT ?a WHERE {{ GRAPH {g} {{ ?e {agent} ?a ; {target}|{object} ?what }} {articles} }} }} "
        "GRAPH {shared} {{ ?a {label} ?label }} BIND(SUBSTR(?label, 1, 3) AS ?start) }}",
        "INSERT {{ GRAPH {shared} {{ ?a {key} ?key }} }} WHERE {{ "
        "{{ SELECT DISTINCT ?a WHERE {{ GRAPH {g} {{ ?e {agent}|{target} ?a }} {articles} }} }} "
        "GRAPH {shared} {{ ?a {label} ?label }} BIND(LCASE(?label) AS ?key) }}",
    ]
    return [template.format(**t) for template in templates]


def article_index(graph: URIRef) -> str:
    """The requests, for one SPARQL UPDATE with the article's own, that add its index statements.
    Its graph and descriptions must be written first (they are read)."""
    return " ;\n".join(_inserts(graph.n3()))


def mark_if_replacing(graph: URIRef) -> str:
    """The request, before an article's graph is dropped, that marks the index stale when the
    graph held an article (a replacement can leave index statements no article supports)."""
    return f"INSERT {{ {_STATE} }} WHERE {{ GRAPH {graph.n3()} {{ ?a a {KG.Article.n3()} }} }}"


def mark_stale() -> str:
    """The request that marks the index stale (before a removal or a load of whole graphs)."""
    return f"INSERT DATA {{ {_STATE} }}"


def rebuild_update() -> str:
    """One UPDATE that builds the whole index anew from the article graphs."""
    deletes = [f"DELETE WHERE {{ GRAPH {_SHARED} {{ ?s {p.n3()} ?o }} }}" for p in _PREDICATES]
    deletes.append(f"DELETE WHERE {{ GRAPH {_SHARED} {{ {KG.index.n3()} ?p ?o }} }}")
    return " ;\n".join([*deletes, *_inserts("?g"), f"INSERT DATA {{ {_VERSION} }}"])


def current(store: Any) -> bool:
    """True when the index is complete: of this version and not stale."""
    return bool(store.run(f"ASK {{ {_VERSION} FILTER NOT EXISTS {{ {_STATE} }} }}").askAnswer)


def needs_rebuild(store: Any) -> bool:
    """True when the index is stale, or missing in a store that holds articles."""
    if current(store):
        return False
    if not bool(store.run(f"ASK {{ GRAPH ?g {{ ?a a {KG.Article.n3()} }} }}").askAnswer):
        store.update(f"INSERT DATA {{ {_VERSION} }}")  # nothing to index: the index is complete
        return False
    return True


def refresh(store: Any) -> bool:
    """Rebuild the index when it is stale or missing; True when it did."""
    if not needs_rebuild(store):
        return False
    store.update(rebuild_update())
    return True
