"""Labelled candidates: the learned layer's training examples, from the project's gold and CASIE's.

A candidate (kg.extraction.candidates) of a gold article matches a gold event when its agent
matches the gold agent and its patient the gold target or object, by the names a scorer
would accept (docs/events.md, Scoring). Of the candidates of a sentence that tells the event
(the gold `span`) and match it, one teaches its type: the predicate whose lexicon type is the
event's, in its own slots, nearest its arguments. Other predicates pairing the same phrases,
and candidates matching an optional gold event, teach nothing and are left out; every other
candidate is no event (NONE).

CASIE annotates attacks only, with the offsets of their attacker and victim: a candidate
whose agent stands in an Attacker argument and whose patient in a Victim argument of a
Databreach, Phishing or Ransom event is an ATTACK when its predicate is an attack word of the
lexicon or the pairing is the predicate's own; a candidate whose predicate is an attack word
and that matches none is NONE; the rest (acts CASIE does not annotate) is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.extraction.candidates import Candidate, candidates
from kg.extraction.context import Context
from kg.extraction.gazetteer import norm
from kg.extraction.lexicon import triggers
from kg.extraction.mentions import ActorFinder
from kg.extraction.model import NONE
from kg.training.corpus import Parsed

CASIE_ATTACKS = ("Databreach", "Phishing", "Ransom")


@dataclass(frozen=True)
class Example:
    features: dict[str, float]
    label: str  # an event type or NONE
    article: str


def gold_examples(parsed: Parsed, finder: ActorFinder) -> list[Example]:
    """The labelled candidates of one article annotated by the project's rules."""
    ctx = Context.of(parsed.article, parsed.doc, finder.find(parsed.doc))
    events = parsed.gold.get("events", [])
    out = []
    for sent in parsed.doc.sents:
        found = list(candidates(ctx, sent))
        labels = [_gold_label(c, events) for c in found]
        chosen = _triggers_of(found, labels, events, sent)
        for n, (c, label) in enumerate(zip(found, labels)):
            if label == NONE:
                out.append(Example(c.features, NONE, parsed.article.id))
            elif isinstance(label, int) and n in chosen:
                out.append(Example(c.features, str(events[label]["type"]), parsed.article.id))
    return out


def _triggers_of(
    found: list[Candidate], labels: list[int | str | None], events: list[dict[str, Any]], sent: Any
) -> set[int]:
    """The candidates that teach a gold event told in this sentence: of the predicates paired
    with its agent and patient, the one whose lexicon type is the event's, in the
    predicate's own slots, nearest to its arguments. The other pairings of the same
    phrases teach nothing (they are neither the event's trigger nor clearly no event)."""
    best: dict[int, tuple[tuple[int, int, int], int]] = {}
    for n, (c, label) in enumerate(zip(found, labels)):
        if not isinstance(label, int):
            continue
        start, end = events[label].get("span") or (sent.start_char, sent.end_char)
        if not (sent.start_char < end and sent.end_char > start):
            continue
        lexicon = {k[4:] for k in c.features if k.startswith("lex=")}
        rank = (0 if events[label]["type"] in lexicon else 1, 0 if c.features.get("near") else 1, _steps(c))
        if label not in best or rank < best[label][0]:
            best[label] = (rank, n)
    return {n for _, n in best.values()}


def _steps(c: Candidate) -> int:
    return sum(int(k.split("=")[1]) for k in c.features if k.startswith(("asteps=", "psteps=")))


def _names(entity: dict[str, Any] | None, also: bool = False) -> set[str]:
    if not entity:
        return set()
    names = [entity.get("name", ""), *entity.get("aliases", []), *(entity.get("also", []) if also else [])]
    return {norm(n) for n in names if n}


def _gold_label(c: Candidate, events: list[dict[str, Any]]) -> int | str | None:
    """The index of the first required gold event the candidate matches; None for an optional one; NONE else."""
    optional = False
    agent, patient = c.agent.names(), c.patient.names() if c.patient is not None else frozenset()
    for n, event in sorted(enumerate(events), key=lambda item: bool(item[1].get("optional"))):
        if not agent & _names(event.get("agent"), also=True):
            continue
        wanted = _names(event.get("target")) | _names(event.get("object"))
        if wanted and not patient & wanted:
            continue
        if not wanted and c.patient is not None:
            continue
        if not event.get("optional"):
            return n
        optional = True
    return None if optional else NONE


def casie_examples(parsed: Parsed, finder: ActorFinder) -> list[Example]:
    """The labelled candidates of one CASIE article (ATTACK or NONE, see the module doc)."""
    ctx = Context.of(parsed.article, parsed.doc, finder.find(parsed.doc))
    text, body = parsed.gold["text"], parsed.article.body
    pairs = []  # (attacker spans, victim spans) of each attack, in body offsets
    for event in parsed.gold.get("gold_events", []):
        if event.get("subtype") not in CASIE_ATTACKS:
            continue
        spans: dict[str, list[tuple[int, int]]] = {"Attacker": [], "Victim": []}
        for argument in event.get("arguments", []):
            if argument.get("role") in spans:
                located = _locate(body, text, argument["start"], argument["end"])
                if located is not None:
                    spans[argument["role"]].append(located)
        if spans["Attacker"] and spans["Victim"]:
            pairs.append((spans["Attacker"], spans["Victim"]))
    attack_words = {lemma for (lemma, _), entries in triggers().items() if any(e.type == "ATTACK" for e in entries)}
    out = []
    for sent in parsed.doc.sents:
        for c in candidates(ctx, sent):
            attack = c.pred.lemma_.lower() in attack_words
            if c.patient is not None and any(_inside(c.agent.head, a) and _inside(c.patient.head, v) for a, v in pairs):
                if attack or c.features.get("near"):  # another predicate pairing the same phrases teaches nothing
                    out.append(Example(c.features, "ATTACK", parsed.article.id))
            elif attack:
                out.append(Example(c.features, NONE, parsed.article.id))
    return out


def _inside(token: Any, spans: list[tuple[int, int]]) -> bool:
    return any(start <= token.idx < end for start, end in spans)


def _locate(body: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """An argument's offsets in the cleaned body (the same as in the text, unless cleaning moved it)."""
    wanted = text[start:end]
    if body[start:end] == wanted:
        return start, end
    found = body.find(wanted, max(0, start - 400))
    if found < 0:
        found = body.find(wanted)
    return (found, found + len(wanted)) if found >= 0 and wanted else None
