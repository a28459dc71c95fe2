"""The extraction state of one parsed text: what the rules read, and what only the extractor writes.

`Context` is the read-only view the rule functions take: the article, its parsed Doc, the
index from token to actor mention, and the `State`. The `State` holds what earlier
sentences established (the last date, each agent's last date, the last agent of each type,
the people acted on, retold days, clauses that name a time without a day); only
`kg.extraction.pipeline.Extractor` changes it, through `State.record` and
`State.retold`, between the proposals a sentence yields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span

from kg.extraction.mentions import Mention
from kg.model import Actor, Article, Event


@dataclass(frozen=True)
class Proposal:
    """An event a rule proposes, with the clause whose time has no day, if any: (sentence
    start, trigger text) of an event that must not inherit a date from its neighbours."""

    event: Event
    vague: tuple[int, str] | None = None


@dataclass
class State:
    """What the article's earlier events established; written only by the extractor."""

    last_date: date | None = None  # of the last dated event: "on the same day"
    actor_dates: dict[str, date] = field(default_factory=dict)  # each agent's last event date
    type_agents: dict[str, Actor] = field(default_factory=dict)  # the last state agent of each type
    person_targets: list[Actor] = field(default_factory=list)  # people acted on, in order
    happenings: list[tuple[int, str, date]] = field(default_factory=list)  # (offset, type, day) retold
    vague: set[tuple[int, str]] = field(default_factory=set)  # (sentence start, trigger) with no day

    def record(self, proposal: Proposal, institutional_kinds: frozenset[str]) -> None:
        """Take in one proposed event, before the next is proposed."""
        event = proposal.event
        if proposal.vague is not None:
            self.vague.add(proposal.vague)
        if event.date is not None:
            self.last_date = self.actor_dates[event.agent.label] = event.date
        if event.agent.kind in institutional_kinds:
            self.type_agents[event.type] = event.agent
        if event.target is not None and event.target.kind == "Person":
            self.person_targets.append(event.target)

    def retold(self, offset: int, event_type: str, day: date) -> None:
        """'The arrests took place on September 28': a later sentence gives a type's day."""
        self.happenings.append((offset, event_type, day))


@dataclass
class Context:
    """The read-only view of one parsed text that every rule function takes."""

    article: Article
    doc: Doc
    at: dict[int, Mention]  # token index -> the actor mention covering it
    state: State
    _sentences: list[Span] | None = None
    memo: dict[Any, Any] = field(default_factory=dict)  # what a rule found about a token, once per text

    @classmethod
    def of(cls, article: Article, doc: Doc, mentions: list[Mention]) -> Context:
        at = {i: m for m in mentions for i in range(m.start, m.end)}
        return cls(article, doc, at, State())

    def sentences(self) -> list[Span]:
        if self._sentences is None:
            self._sentences = list(self.doc.sents)
        return self._sentences

    def mentions_in(self, sent: Span) -> list[Mention]:
        seen: list[Mention] = []
        for i in range(sent.start, sent.end):
            m = self.at.get(i)
            if m is not None and m not in seen:
                seen.append(m)
        return seen
