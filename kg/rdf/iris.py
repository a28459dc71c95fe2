"""Deterministic IRIs: the same actor, article or event gets the same IRI in every run and worker.

Actors are keyed by canonical label, articles by id, events by what happened (see
`event_iri`), so separate runs and machines produce the same nodes and merge cleanly.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import URIRef

from kg.model import Actor, Event, Policy
from kg.rdf.ns import ID
from kg.version import __version__


def extractor_iri(variant: str = "") -> URIRef:
    """The extractor that made a graph: kg's version, and how it ran (the rules, the model's
    fingerprint) when told; an article stored by another extractor is extracted again."""
    return ID[f"extractor/kg-{__version__}" + (f"/{variant}" if variant else "")]


EXTRACTOR = extractor_iri()


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:20]


def _name_slug(label: str) -> str:
    """A slug that tells labels apart: case is kept ('Executive Order' and 'executive order'
    are two labels, so two nodes, each with exactly one rdfs:label), and a label whose
    punctuation the slug drops ('Co.' beside 'Co') gets a short hash of its exact text."""
    slug = re.sub(r"[^\w]+", "-", label).strip("-")[:80]
    if not slug or slug.replace("-", " ") != label:
        slug = f"{slug}-{hashlib.sha1(label.encode('utf-8')).hexdigest()[:8]}".strip("-")
    return slug


def actor_iri(actor: Actor) -> URIRef:
    """Named actors are keyed by canonical label, so the same actor in two articles is one node;
    a described actor ("the hackers") by its label within its article."""
    if actor.scope is not None:
        return ID[f"actor/described/{_digest(actor.scope)}/{_name_slug(actor.label)}"]
    return ID[f"actor/{_name_slug(actor.label)}"]


def policy_iri(policy: Policy) -> URIRef:
    return ID[f"policy/{_name_slug(policy.label)}"]


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{_digest(article_id)}"]


def graph_iri(article_id: str) -> URIRef:
    """The named graph of one article: keyed by its id, so changed content replaces it."""
    return ID[f"graph/article/{_digest(article_id)}"]


def event_iri(event: Event) -> URIRef:
    """A dated event is keyed by what happened (type, agent, target, object, day, status), so the
    same event reported by several articles is one node with all its sources and evidence; an
    undated one cannot be told apart from another like it and stays with its sentence.

    The object of a dated event is keyed exactly as its policy node is (`policy_iri`): two
    articles telling an act about "Executive Order" and "executive order" give two events,
    not one event with two objects."""
    agent = _actor_key(event.agent)
    target = _actor_key(event.target) if event.target else ""
    obj = re.sub(r"\W+", " ", event.object.label.casefold()).strip() if event.object else ""
    if event.date is not None:
        exact = _name_slug(event.object.label) if event.object else ""
        return ID["event/" + _digest("dated", event.type, agent, target, exact, event.date.isoformat(), event.status)]
    return ID[
        "event/" + _digest(event.article_id, event.evidence.start, event.evidence.end, event.type, agent, target, obj)
    ]


def _actor_key(actor: Actor) -> str:
    """An actor as events are keyed by it: its label; a described one ('the hackers') is its
    article's own, so two articles' 'hackers' make two events, not one with two agents."""
    return actor.label if actor.scope is None else f"{actor.label}\x1f{actor.scope}"


def evidence_iri(event: Event) -> URIRef:
    return URIRef(f"{event_iri(event)}/evidence/{_digest(event.article_id, event.evidence.start, event.evidence.end)}")
