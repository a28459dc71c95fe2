"""Synthetic articles and events for the query benchmark, written with kg's own model and RDF code.

A real store is measured first (`measure`): the share of each event type, how often each type
has a target, an object or a speaker, the share of dated events and of statuses, events per
article, how often a dated event is reported again by another article, which gazetteer actors
act and how often, and the policy labels events are about. `articles` then draws articles to
that profile: agents and targets from the gazetteer (weighted by how often they act in the
real store), types from the ontology, triggers from the lexicon, dates over the years of the
real store, one evidence sentence per event with its offsets, and one named graph per article
(through `kg.mapstep.article_nquads`, the writer of `kg extract`).

    >>> profile = measure(pyoxigraph_store)                      # doctest: +SKIP
    >>> text = "".join(article_nquads(a, e) for a, e in articles(profile, 100, seed=1))  # doctest: +SKIP
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from kg.extraction.lexicon import triggers
from kg.model import STATUSES, Actor, Article, Event, Evidence, Policy
from kg.rdf.ontology import event_types

_PREFIXES = """PREFIX kg: <https://w3id.org/kg-cyber/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
"""
SYNTHETIC = "synthetic/"  # article ids start with this, so a synthetic article is never taken for a real one


@dataclass(frozen=True)
class Profile:
    """Proportions measured on a real store: what a synthetic article looks like."""

    types: dict[str, float]  # event type code -> events of that type
    with_target: dict[str, float]  # type code -> share of its events with a target
    with_object: dict[str, float]  # type code -> share with an object
    speaker: float  # share of events with a speaker
    dated: float  # share of events with a date
    statuses: dict[str, float]  # status -> events
    events_per_article: float  # among articles with at least one event
    reported_again: float  # share of dated events that are reports of an earlier event
    agents: dict[str, float]  # actor label -> weight (1 + times it acts in the real store)
    policies: dict[str, float]  # policy label -> times it is an event's object
    years: tuple[int, int]  # first and last year of the real store's dates (events and articles)


def _rows(store: Any, sparql: str) -> list[list[str]]:
    """Rows of a query on a pyoxigraph Store (union default graph), as strings."""
    return [
        [t.value if t is not None else "" for t in row]
        for row in store.query(_PREFIXES + sparql, use_default_graph_as_union=True)
    ]


def measure(store: Any, actor_labels: set[str]) -> Profile:
    """The profile of a real store (a pyoxigraph Store); agents only among `actor_labels`."""
    codes = {str(t.cls): code for code, t in event_types().items()}
    types: dict[str, float] = {}
    with_target: dict[str, float] = {}
    with_object: dict[str, float] = {}
    for cls, n, t, o in _rows(
        store,
        """
        SELECT ?cls (COUNT(*) AS ?n) (SUM(?hasT) AS ?t) (SUM(?hasO) AS ?o) WHERE {
          { SELECT DISTINCT ?g ?e ?cls (IF(BOUND(?tg), 1, 0) AS ?hasT) (IF(BOUND(?ob), 1, 0) AS ?hasO) WHERE {
              GRAPH ?g { ?e kg:agent ?a ; a ?cls OPTIONAL { ?e kg:target ?tg } OPTIONAL { ?e kg:object ?ob } } } }
        } GROUP BY ?cls""",
    ):
        if cls in codes:
            code = codes[cls]
            types[code] = float(n)
            with_target[code], with_object[code] = float(t) / float(n), float(o) / float(n)
    mentions = sum(types.values()) or 1.0
    ((events, dated, speakers, articles),) = _rows(
        store,
        """
        SELECT (COUNT(DISTINCT ?e) AS ?events) (COUNT(DISTINCT ?d) AS ?dated) (COUNT(DISTINCT ?s) AS ?speakers)
               (COUNT(DISTINCT ?g) AS ?articles) WHERE {
          GRAPH ?g { ?e kg:agent ?a OPTIONAL { ?e kg:date ?date BIND(?e AS ?d) } OPTIONAL { ?e kg:speaker ?sp BIND(?e AS ?s) } } }""",
    )
    ((dated_mentions,),) = _rows(
        store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?g ?e WHERE { GRAPH ?g { ?e kg:date ?d } } }"
    )
    statuses = {
        s.rsplit("#", 1)[-1]: float(n)
        for s, n in _rows(
            store, "SELECT ?s (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e kg:status ?s } } GROUP BY ?s"
        )
    }
    agents = {label: 1.0 for label in actor_labels}
    for label, n in _rows(
        store,
        """
        SELECT ?label (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?e kg:agent ?a } ?a rdfs:label ?label } GROUP BY ?label""",
    ):
        if label in agents:
            agents[label] += float(n)
    policies = {
        label: float(n)
        for label, n in _rows(
            store,
            """
        SELECT ?label (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?e kg:object ?p } ?p rdfs:label ?label } GROUP BY ?label""",
        )
    }
    ((first, last),) = _rows(
        store,
        """
        SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE { { ?a schema:datePublished ?d } UNION { ?e kg:date ?d } }""",
    )
    return Profile(
        types=types,
        with_target=with_target,
        with_object=with_object,
        speaker=float(speakers) / float(events),
        dated=float(dated) / float(events),
        statuses={s: statuses.get(s, 0.0) for s in STATUSES},
        events_per_article=mentions / float(articles),
        reported_again=(float(dated_mentions) - float(dated)) / max(1.0, float(dated_mentions)),
        agents=agents,
        policies=policies or {"cyber attacks": 1.0},
        years=(int(first[:4]), int(last[:4])),
    )


def articles(
    profile: Profile, actors: dict[str, Actor], n: int, seed: int = 1, start: int = 0
) -> Iterator[tuple[Article, list[Event]]]:
    """`n` synthetic articles (ids synthetic/00000001, ...) with their events, drawn to the profile.

    Articles are numbered from `start`; the same profile, seed and start give the same articles.
    """
    rng = random.Random(seed)
    codes = sorted(profile.types)
    type_weights = list(accumulate(profile.types[c] for c in codes))
    agent_labels = sorted(label for label in profile.agents if label in actors)
    agent_weights = list(accumulate(profile.agents[label] for label in agent_labels))
    people = [label for label in agent_labels if actors[label].kind == "Person"] or agent_labels
    policy_labels = sorted(profile.policies)
    policy_weights = list(accumulate(profile.policies[p] for p in policy_labels))
    statuses = list(profile.statuses)
    status_weights = list(accumulate(profile.statuses[s] for s in statuses))
    verbs: dict[str, list[str]] = {}
    for (lemma, pos), entries in sorted(triggers().items()):
        for entry in entries:
            if pos == "VERB":
                verbs.setdefault(entry.type, []).append(lemma)
    first, last = date(profile.years[0], 1, 1), date(profile.years[1], 12, 31)
    span = (last - first).days
    earlier: list[Event] = []  # dated events an article may report again
    # a mention reports an earlier event with probability q, so that among dated mentions the
    # share of reports again is the profile's r: q = r (q + (1 - q) dated)
    r, dated = profile.reported_again, profile.dated
    again_p = r * dated / (1 - r + r * dated) if r < 1 else 1.0
    for k in range(start, start + n):
        article_id = f"{SYNTHETIC}{k:08d}"
        published = first + timedelta(days=rng.randrange(span))
        count = max(1, round(rng.expovariate(1 / profile.events_per_article)))
        drawn: list[tuple[str, Event]] = []
        offset = 0
        for _ in range(count):
            again = bool(earlier) and rng.random() < again_p
            if again:
                old = rng.choice(earlier)
                code, agent, target, obj, when, status = (
                    old.type,
                    old.agent,
                    old.target,
                    old.object,
                    old.date,
                    old.status,
                )
            else:
                code = rng.choices(codes, cum_weights=type_weights)[0]
                agent = actors[rng.choices(agent_labels, cum_weights=agent_weights)[0]]
                target = (
                    actors[rng.choices(agent_labels, cum_weights=agent_weights)[0]]
                    if rng.random() < profile.with_target.get(code, 0.0)
                    else None
                )
                obj = (
                    Policy(rng.choices(policy_labels, cum_weights=policy_weights)[0])
                    if rng.random() < profile.with_object.get(code, 0.0)
                    else None
                )
                when = published - timedelta(days=rng.randrange(30)) if rng.random() < profile.dated else None
                status = rng.choices(statuses, cum_weights=status_weights)[0]
            trigger = rng.choice(verbs.get(code) or ["said"])
            speaker = actors[rng.choice(people)] if rng.random() < profile.speaker else None
            words = [agent.label, trigger] + [x.label for x in (target, obj) if x is not None]
            sentence = " ".join(words) + "."
            evidence = Evidence(sentence, offset, offset + len(sentence))
            offset += len(sentence) + 1
            event = Event(
                type=code,
                trigger=trigger,
                agent=agent,
                evidence=evidence,
                article_id=article_id,
                target=target,
                object=obj,
                date=when,
                status=status,
                speaker=speaker,
                confidence=round(rng.uniform(0.4, 0.9), 2),
            )
            drawn.append((sentence, event))
            if when is not None and not again:
                earlier.append(event)  # first reports only: a re-report picks one uniformly, as in the real store
        body = " ".join(sentence for sentence, _ in drawn)
        article = Article(
            id=article_id, title=f"Synthetic article {k}", body=body, published=published, source="bench/synthetic.py"
        )
        yield article, [event for _, event in drawn]
