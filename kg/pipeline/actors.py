"""A store's actors and the analyst's overlay (kg.extraction.overlay) applied to them.

`list_actors` reads the named actors of a store with their links and event counts;
`add_alias` and `merge` record the analyst's decision in the overlay file beside the store and
apply it to the stored graph; `suggest` proposes merges by fuzzy name matching (rapidfuzz).
A merge rewrites the store in one SPARQL UPDATE (one transaction): every quad whose subject or
object is the merged actor moves to the winner, in every named graph; so do the events keyed by
the merged actor's name (their IRIs are recomputed as an ingest would now compute them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from kg.errors import InputError
from kg.extraction.gazetteer import Gazetteer, gazetteer
from kg.extraction.overlay import Overlay, overlay_path, read_overlay, write_overlay
from kg.model import Actor, Event, Evidence, Policy
from kg.rdf.iris import actor_iri, event_iri
from kg.rdf.ns import ACTORS_GRAPH, ID, KG
from kg.rdf.ontology import event_types
from kg.rdf.triples import nt
from kg.store import MEMORY, RemoteStore, Store, index, is_remote
from kg.store.base import StoreLike, declare_prefixes

NAMED = str(ID) + "actor/"
DESCRIBED = NAMED + "described/"


@dataclass(frozen=True)
class StoredActor:
    """A named actor of the store: its node, label, kind, links, aliases and event count."""

    iri: str
    label: str
    kind: str
    events: int = 0
    wikidata: str | None = None
    attack: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def linked(self) -> bool:
        return bool(self.wikidata or self.attack)


@dataclass(frozen=True)
class Suggestion:
    """Two actors of one kind whose names look alike: `loser` would be merged into `winner`."""

    score: float
    kind: str
    loser: StoredActor
    winner: StoredActor


@dataclass(frozen=True)
class MergeReport:
    loser: str
    winner: str
    quads: int  # statements rewritten in the store
    events: int  # event nodes given the IRI an ingest now computes


# -- where the overlay lives ---------------------------------------------------------------
def store_folder(store: StoreLike) -> Path | None:
    """The folder of an embedded store (also one that `kg serve` serves), else None."""
    if isinstance(store, RemoteStore):
        return Path(store.served_folder) if store.served_folder else None
    if store.location == MEMORY or is_remote(store.location):
        return None
    return Path(store.location)


def store_overlay(store: StoreLike) -> Overlay | None:
    """The store's overlay for extraction (None when it has none, or no folder to hold one)."""
    folder = store_folder(store)
    overlay = read_overlay(overlay_path(folder)) if folder is not None else None
    return overlay or None


def _overlay_file(store: StoreLike) -> Path:
    folder = store_folder(store)
    if folder is None:
        raise InputError(
            f"{store.location}: aliases and merges are kept in a file beside a store folder; this store has no folder"
        )
    return overlay_path(folder)


# -- reading the store -----------------------------------------------------------------------
_ACTORS_QUERY = f"""
PREFIX kg: <{KG._NS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?a ?label ?kind ?wd ?attack ?alias WHERE {{
  GRAPH <{ACTORS_GRAPH}> {{
    ?a kg:kind ?kind ; rdfs:label ?label .
    FILTER(STRSTARTS(STR(?a), "{NAMED}") && !STRSTARTS(STR(?a), "{DESCRIBED}"))
    OPTIONAL {{ ?a kg:wikidata ?wd }}
    OPTIONAL {{ ?a kg:attackGroup ?attack }}
    OPTIONAL {{ ?a skos:altLabel ?alias }}
  }}
}}
"""
_COUNTS_QUERY = f"""
PREFIX kg: <{KG._NS}>
SELECT ?a (COUNT(DISTINCT ?e) AS ?n) WHERE {{
  GRAPH ?g {{ {{ ?e kg:agent ?a }} UNION {{ ?e kg:target ?a }} }}
}} GROUP BY ?a
"""


def list_actors(store: StoreLike, kind: str | None = None, unlinked: bool = False) -> list[StoredActor]:
    """The store's named actors, most events first; `unlinked`: only those with no Wikidata or
    ATT&CK link."""
    counts = {str(a): int(n) for a, n in store.query(_COUNTS_QUERY)}
    found: dict[str, dict[str, Any]] = {}
    for a, label, k, wd, attack, alias in store.query(_ACTORS_QUERY):
        row = found.setdefault(str(a), {"label": str(label), "kind": str(k), "wd": None, "attack": None, "aliases": []})
        row["wd"] = row["wd"] or (str(wd).rsplit("/", 1)[-1] if wd is not None else None)
        row["attack"] = row["attack"] or (str(attack).rsplit("/", 1)[-1] if attack is not None else None)
        if alias is not None and str(alias) not in row["aliases"]:
            row["aliases"].append(str(alias))
    actors = [
        StoredActor(iri, r["label"], r["kind"], counts.get(iri, 0), r["wd"], r["attack"], tuple(sorted(r["aliases"])))
        for iri, r in found.items()
    ]
    actors = [a for a in actors if (kind is None or a.kind == kind) and not (unlinked and a.linked)]
    return sorted(actors, key=lambda a: (-a.events, a.label))


# -- naming an actor -------------------------------------------------------------------------
@dataclass(frozen=True)
class Named:
    """What a name given by the analyst resolves to: a label and kind, and the stored node."""

    label: str
    kind: str | None
    stored: StoredActor | None


def resolve(name: str, stored: list[StoredActor], overlay: Overlay, gaz: Gazetteer) -> Named:
    """The actor a name means: through the overlay's merges, then the store's labels, the
    gazetteer's labels, the store's aliases, the gazetteer's names, any case. Unknown: an
    InputError with the closest names."""
    by_label = {a.label: a for a in stored}
    label = overlay.canonical(name.strip())
    if label in by_label:
        return Named(label, by_label[label].kind, by_label[label])
    if label in gaz.actors:
        actor = gaz.actors[label]
        return Named(actor.label, actor.kind, by_label.get(actor.label))
    block = overlay.block(label)
    if block is not None:
        return Named(block.label, block.kind, None)
    for a in stored:
        if label in a.aliases:
            return Named(a.label, a.kind, a)
    found = gaz.lookup(label)
    if found is not None:
        return Named(found.label, found.kind, by_label.get(found.label))
    folded = {a.label.casefold(): a for a in stored}
    if label.casefold() in folded:
        a = folded[label.casefold()]
        return Named(a.label, a.kind, a)
    raise InputError(f"no actor named {name!r} in the store or the gazetteer{_close(name, stored, overlay)}")


def _close(name: str, stored: list[StoredActor], overlay: Overlay) -> str:
    from rapidfuzz import fuzz, process, utils

    names = sorted({a.label for a in stored} | {n for b in overlay.actors for n in (b.label, *b.names())})
    matches = process.extract(
        name, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=3, score_cutoff=60
    )
    if not matches:
        return ""
    return "; close matches: " + ", ".join(repr(m[0]) for m in matches)


# -- alias and merge -------------------------------------------------------------------------
def add_alias(store: Store | RemoteStore, name: str, alias: str) -> Named:
    """Record that `alias` names the actor `name` (applies to articles ingested from now on) and
    add it to the stored actor's aliases."""
    alias = alias.strip()
    if not alias:
        raise InputError("an alias must not be empty")
    path = _overlay_file(store)
    overlay = read_overlay(path)
    stored = list_actors(store)
    actor = resolve(name, stored, overlay, gazetteer())
    other = next((a for a in stored if a.label == overlay.canonical(alias) and a.label != actor.label), None)
    if other is not None:
        raise InputError(
            f"{alias!r} is an actor of its own in the store ({other.kind})",
            hint=f"merge the two instead: kg actors merge {_quote(other.label)} {_quote(actor.label)}",
        )
    write_overlay(path, overlay.with_alias(actor.label, actor.kind, alias))
    if actor.stored is not None:
        node = URIRef(actor.stored.iri)
        store.update(
            f"INSERT DATA {{ GRAPH {ACTORS_GRAPH.n3()} {{ {node.n3()} {SKOS.altLabel.n3()} {nt(Literal(alias))} . }} }}"
        )
    return actor


def merge(store: Store | RemoteStore, loser_name: str, winner_name: str) -> MergeReport:
    """Merge one actor into another: the overlay file first (so a re-run finishes a merge a
    crash interrupted), then the store in one update."""
    path = _overlay_file(store)
    overlay = read_overlay(path)
    stored = list_actors(store)
    gaz = gazetteer()
    loser = resolve(loser_name, stored, overlay, gaz)
    winner = resolve(winner_name, stored, overlay, gaz)
    if loser.label == winner.label:
        raise InputError(f"{loser_name!r} and {winner_name!r} are already one actor, {winner.label!r}")
    write_overlay(path, overlay.with_merge(loser.label, loser.kind, winner.label, winner.kind))
    if loser.stored is None:
        return MergeReport(loser.label, winner.label, 0, 0)
    kind = winner.kind or loser.kind or "Actor"
    winner_iri = URIRef(winner.stored.iri) if winner.stored else actor_iri(Actor(winner.label, kind))
    described = winner.stored is not None
    quads, events = _merge_update(
        store, URIRef(loser.stored.iri), winner_iri, loser.label, winner.label, kind, described
    )
    index.refresh(store)  # the merge update marked the index stale: the loser's statements name it
    return MergeReport(loser.label, winner.label, quads, events)


Quad = tuple[Any, Any, Any, Any]


def _merge_update(
    store: Store | RemoteStore,
    loser: URIRef,
    winner: URIRef,
    loser_label: str,
    winner_label: str,
    kind: str,
    described: bool,
) -> tuple[int, int]:
    """The one update of a merge; `described`: the winner already has its node in the store."""
    renames: dict[Any, URIRef] = {loser: winner}
    events = _event_renames(store, loser, loser_label, winner_label)
    for (old_event, new_event), evidence in events.items():
        renames[old_event] = new_event
        for ev in evidence:
            renames[ev] = URIRef(str(ev).replace(str(old_event), str(new_event), 1))
    values = " ".join(URIRef(str(k)).n3() for k in renames)
    rows = store.query(
        f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?x {{ {values} }} "
        "{ GRAPH ?g { ?x ?p ?o } BIND(?x AS ?s) } UNION { GRAPH ?g { ?s ?p ?x } BIND(?x AS ?o) } }"
    )
    old = {tuple(r) for r in rows}
    has = {p for s, p, o, g in old if s == winner and g == ACTORS_GRAPH}
    new: set[Quad] = set()
    for s, p, o, g in old:
        s2, o2 = renames.get(s, s), renames.get(o, o)
        if s == loser and g == ACTORS_GRAPH:
            if p == RDFS.label:
                p, o2 = SKOS.altLabel, o
            elif p in (RDF.type, KG.kind) or (p in (KG.wikidata, KG.attackGroup) and p in has):
                continue  # the winner keeps its own kind and links; it takes those it lacks
        if g == ACTORS_GRAPH and s2 == o2:
            continue  # "A part of B", merged: no actor is part of itself
        new.add((s2, p, o2, g))
    if not described:  # a gazetteer actor not yet in the store: its node, as an ingest writes it
        new |= {
            (winner, RDF.type, KG[kind] if kind != "Actor" else KG.Actor, ACTORS_GRAPH),
            (winner, RDFS.label, Literal(winner_label), ACTORS_GRAPH),
            (winner, KG.kind, Literal(kind), ACTORS_GRAPH),
        }
    deleted, inserted = old - new, new - old
    store.update(f"DELETE DATA {{ {_quads(deleted)} }} ;\nINSERT DATA {{ {_quads(inserted)} }} ;\n{index.mark_stale()}")
    return len(deleted) + len(inserted), len(events)


def _quads(quads: set[Quad]) -> str:
    by_graph: dict[Any, list[str]] = {}
    for s, p, o, g in sorted(quads, key=str):
        by_graph.setdefault(g, []).append(f"{nt(s)} {nt(p)} {nt(o)} .")
    return "\n".join(f"GRAPH {nt(g)} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())


_EVENTS_OF = """
SELECT DISTINCT ?e ?cls ?agent ?target ?object ?olabel ?date ?status ?aid ?ev ?start ?end WHERE {
  GRAPH ?g {
    { ?e kg:agent $actor } UNION { ?e kg:target $actor }
    ?e a ?cls ; kg:agent ?agent ; kg:status ?status ; kg:evidence ?ev ; prov:wasDerivedFrom ?article .
    ?ev kg:start ?start ; kg:end ?end .
    ?article kg:articleId ?aid .
    OPTIONAL { ?e kg:target ?target }
    OPTIONAL { ?e kg:object ?object }
    OPTIONAL { ?e kg:date ?date }
  }
  OPTIONAL { GRAPH <https://w3id.org/kg-cyber/id/graph/actors> { ?object rdfs:label ?olabel } }
}
"""


def _event_renames(
    store: StoreLike, loser: URIRef, loser_label: str, winner_label: str
) -> dict[tuple[URIRef, URIRef], set[Any]]:
    """Old event IRI -> the IRI an ingest now computes for it (events are keyed by their
    actors' labels), with each event's evidence nodes. An event whose stored IRI is not the
    one its data gives (another kg version keyed it) keeps its IRI."""
    codes = {str(t.cls): code for code, t in event_types().items()}
    labels = {str(a): str(label) for a, label in store.query(_LABELS)}
    out: dict[tuple[URIRef, URIRef], set[Any]] = {}
    for e, cls, agent, target, obj, olabel, day, status, aid, ev, start, end in store.query(
        declare_prefixes(_EVENTS_OF.replace("$actor", loser.n3()))
    ):
        code = codes.get(str(cls))
        if code is None:
            continue
        parts = (code, agent, target, obj, olabel, day, status, str(aid), int(start), int(end))
        before = event_iri(_event(parts, labels, loser, loser_label))
        after = event_iri(_event(parts, labels, loser, winner_label))
        if str(before) == str(e) and before != after:
            out.setdefault((URIRef(str(e)), after), set()).add(ev)
    return out


_LABELS = f"SELECT ?a ?l WHERE {{ GRAPH <{ACTORS_GRAPH}> {{ ?a <{RDFS.label}> ?l }} }}"


def _event(parts: tuple[Any, ...], labels: dict[str, str], loser: URIRef, label: str) -> Event:
    """An Event with just what its IRI is computed from."""
    code, agent, target, obj, olabel, day, status, aid, start, end = parts

    def actor(node: Any) -> Actor:
        if node == loser:
            return Actor(label, "Actor")
        scope = aid if str(node).startswith(DESCRIBED) else None
        return Actor(labels.get(str(node), str(node)), "Actor", scope=scope)

    return Event(
        type=code,
        trigger="",
        agent=actor(agent),
        evidence=Evidence("", start, end),
        article_id=aid,
        target=actor(target) if target is not None else None,
        object=Policy(str(olabel)) if obj is not None and olabel is not None else None,
        date=date.fromisoformat(str(day)) if day is not None else None,
        status=str(status).rsplit("#", 1)[-1],  # type: ignore[arg-type]
    )


# -- suggestions -----------------------------------------------------------------------------
def suggest(store: StoreLike, cutoff: float = 90.0, limit: int = 50) -> list[Suggestion]:
    """Likely duplicates: actors of one kind whose names (label or alias) score at least
    `cutoff` by rapidfuzz's token-set ratio, best first. Two actors the gazetteer itself keeps
    apart ('APT28', 'APT29') are never proposed."""
    from rapidfuzz import fuzz, process, utils

    gaz = gazetteer()
    out: list[Suggestion] = []
    actors = list_actors(store)
    for kind in sorted({a.kind for a in actors}):
        group = [a for a in actors if a.kind == kind]
        names = [(i, n) for i, a in enumerate(group) for n in (a.label, *a.aliases)]
        if len(group) < 2:
            continue
        texts = [n for _, n in names]
        scores = process.cdist(
            texts, texts, scorer=fuzz.token_set_ratio, processor=utils.default_process, score_cutoff=cutoff
        )
        best: dict[tuple[int, int], float] = {}
        for x, (i, _) in enumerate(names):
            for y, (j, _) in enumerate(names):
                if i < j and scores[x][y] >= cutoff:
                    best[(i, j)] = max(best.get((i, j), 0.0), float(scores[x][y]))
        for (i, j), score in best.items():
            a, b = group[i], group[j]
            if a.label in gaz.actors and b.label in gaz.actors:
                continue
            loser, winner = sorted((a, b), key=lambda x: _strength(x, gaz))
            out.append(Suggestion(round(score, 1), kind, loser, winner))
    out.sort(key=lambda s: (-s.score, s.kind, s.winner.label, s.loser.label))
    return out[:limit]


def _strength(actor: StoredActor, gaz: Gazetteer) -> tuple[bool, bool, int, int, str]:
    """Which of two look-alikes should win: a gazetteer actor, then one with a link, then the
    longer (more specific) name, then the one with more events."""
    return (actor.label in gaz.actors, actor.linked, len(actor.label), actor.events, actor.label)


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)
