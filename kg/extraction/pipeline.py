"""The extractor: a parsed article in, its events out.

For each sentence, trigger words (kg.extraction.triggers) and sentence constructions
(kg.extraction.constructions) propose events; the extractor alone updates the article's
extraction state between proposals (kg.extraction.context), then merges the article's
events (kg.extraction.merge): one event per act, with dates carried between tellings.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Span

from kg.extraction import constructions
from kg.extraction.context import Context, Proposal
from kg.extraction.gazetteer import Gazetteer
from kg.extraction.learned import learned_proposals
from kg.extraction.mentions import ActorFinder
from kg.extraction.merge import (
    accusations,
    dates_from_retelling,
    dedupe,
    drop_collectives,
    inherit_dates,
    merge_retold,
    same_act,
    victims_of_claims,
)
from kg.extraction.model import Model
from kg.extraction.rules import rules
from kg.extraction.triggers import candidates, trigger_events
from kg.model import STATE_KINDS, Article, Event

# The constructions, in the order they are tried after a sentence's trigger words.
CONSTRUCTIONS = (
    constructions.appeals_in_speech,
    constructions.attributions_in_speech,
    constructions.cooperation_in,
    constructions.victim_lists,
    constructions.claims_of_attack,
    constructions.mistagged_appeals,
)


def proposals(ctx: Context, sent: Span) -> Iterator[Proposal]:
    """What one sentence proposes: its trigger words' events, then its constructions'."""
    for token, entry in candidates(sent):
        yield from trigger_events(ctx, token, entry, sent)
    for construction in CONSTRUCTIONS:
        for event in construction(ctx, sent):
            yield Proposal(event)


class Extractor:
    """Turns (Article, parsed Doc) into Events. One per process: it holds the actor matcher.

    `rules` runs the trigger rules and constructions; a `model` adds the events the learned
    layer finds (kg.extraction.learned); events telling the same act are merged.
    """

    def __init__(
        self, vocab: object, model: Model | None = None, rules: bool = True, gaz: Gazetteer | None = None
    ) -> None:
        self.finder = ActorFinder(vocab, gaz)  # gaz: a store's overlay applied (kg.extraction.overlay)
        self.model = model
        self.rules = rules

    def events(self, article: Article, doc: Doc, title: Doc | None = None) -> list[Event]:
        """The article's events, from its body; a headline that reports one of them too (the
        same type, patient and agent or a body of it) raises its confidence and adds no event
        of its own (events are reported in the body: docs/events.md)."""
        found = self._canonical(self._body_events(article, doc))
        if title is None or not len(title):
            return found
        ctx = Context.of(article, title, self.finder.find(title))
        headline = [p.event for sent in title.sents for p in proposals(ctx, sent) if p.event.type != "STATEMENT"]
        weights = rules().confidence
        out = []
        for e in found:
            if any(same_act(e, h, self.finder.gaz) for h in headline):
                e = replace(e, confidence=round(min(weights["cap"], e.confidence + weights["headline"]), 2))
            out.append(e)
        return out

    def _canonical(self, events: list[Event]) -> list[Event]:
        """With an analyst's overlay, every actor as the overlay has it: rules that looked an
        actor up in the shared gazetteer may hold a merged one. Without, the events as they are."""
        gaz = self.finder.gaz
        if not gaz.overlaid:
            return events
        out = [
            replace(
                e,
                agent=gaz.canonical(e.agent),
                target=gaz.canonical(e.target) if e.target else None,
                speaker=gaz.canonical(e.speaker) if e.speaker else None,
            )
            for e in events
        ]
        return list(dict.fromkeys(out))  # two events that differed only by a merged actor are one

    def _proposals(self, ctx: Context, sent: Span) -> Iterator[Proposal]:
        if self.rules:
            yield from proposals(ctx, sent)
        if self.model is not None:
            yield from learned_proposals(ctx, sent, self.model)

    def _body_events(self, article: Article, doc: Doc) -> list[Event]:
        ctx = Context.of(article, doc, self.finder.find(doc))
        found: list[Event] = []
        for sent in doc.sents:
            for proposal in self._proposals(ctx, sent):
                found.append(proposal.event)
                ctx.state.record(proposal, STATE_KINDS)  # before the next proposal: it may read the state
            for offset, event_type, day in constructions.happenings(ctx, sent):
                ctx.state.retold(offset, event_type, day)
        found = dates_from_retelling(found, ctx.state.happenings)
        found = drop_collectives(accusations(found))
        events = inherit_dates(dedupe(found), self.finder.gaz, article.body, ctx.state.vague)
        return merge_retold(victims_of_claims(events), self.finder.gaz)
