"""Events the learned layer finds: the candidates of a sentence that the model calls events.

Each candidate the model gives a type (with a probability over its threshold) becomes one
event: its agent, its patient as the target (an actor) or the object (anything else), the
clause's status, speaker and date as for rule-made events, and the probability as the
event's confidence. Of candidates telling the same act in one sentence, the surest is kept.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span

from kg.extraction.candidates import Candidate, candidates
from kg.extraction.clause import dated, evidence_of, speaker_of, status_of
from kg.extraction.context import Context, Proposal
from kg.extraction.model import NONE, Model
from kg.model import Event


def learned_proposals(ctx: Context, sent: Span, model: Model) -> Iterator[Proposal]:
    found = list(candidates(ctx, sent))
    best: dict[tuple[str, str, str], tuple[float, Candidate, str]] = {}
    for candidate, (label, probability) in zip(found, model.decide([c.features for c in found])):
        if label == NONE:
            continue
        assert candidate.agent.actor is not None
        patient = candidate.patient
        what = (
            (patient.actor.label if patient.actor else patient.policy.label if patient.policy else "")
            if patient
            else ""
        )
        key = (label, candidate.agent.actor.label, what)
        if key not in best or probability > best[key][0]:
            best[key] = (probability, candidate, label)
    for probability, candidate, label in sorted(best.values(), key=lambda item: item[1].pred.i):
        yield _proposal(ctx, sent, candidate, label, probability)


def _proposal(ctx: Context, sent: Span, c: Candidate, label: str, probability: float) -> Proposal:
    assert c.agent.actor is not None
    pred = c.pred
    status = status_of(pred, pred)
    when, vague = dated(ctx, pred, pred, status)
    speaker = speaker_of(ctx, pred)
    target = c.patient.actor if c.patient is not None else None
    obj = c.patient.policy if c.patient is not None else None
    event = Event(
        type=label,
        trigger=pred.text,
        agent=c.agent.actor,
        evidence=evidence_of(sent),
        article_id=ctx.article.id,
        target=target,
        object=obj,
        date=when,
        status=status,
        speaker=speaker if speaker is not None and speaker.label != c.agent.actor.label else None,
        confidence=round(probability, 2),
    )
    return Proposal(event, (pred.sent.start_char, pred.text) if vague else None)
