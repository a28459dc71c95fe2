"""Plain data passed between the stages of the pipeline (docs/design.md, "The path of an article")."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

ActorKind = Literal["Country", "GovernmentBody", "Person", "Organization", "ThreatActor", "InternationalOrganization"]
NodeKind = Literal[ActorKind, "Policy", "Actor"]  # "Actor": an actor whose kind the store does not say
Status = Literal["asserted", "negated", "hypothetical"]
ACTOR_KINDS: tuple[ActorKind, ...] = get_args(ActorKind)
STATUSES: tuple[Status, ...] = get_args(Status)
# the kinds that act as states: they sanction, charge and arrest, and speak for a government
STATE_KINDS = frozenset({"Country", "GovernmentBody", "InternationalOrganization"})


def content_hash(text: str) -> str:
    """The SHA-256 of a text, hex: identifies an article's content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """One news article after reading and cleaning: the body is what offsets refer to."""

    id: str
    title: str
    body: str
    published: date | None = None
    url: str | None = None
    source: str | None = None  # the file the article was read from

    @property
    def hash(self) -> str:
        return content_hash(
            "\x1f".join([self.title, self.body, self.published.isoformat() if self.published else "", self.url or ""])
        )


@dataclass(frozen=True)
class Actor:
    """A canonical actor: label, kind, aliases, optional Wikidata and ATT&CK ids, relations."""

    label: str
    kind: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    # (relation, other actor's label, other actor's kind), e.g. ("part_of", "China", "Country")
    relations: tuple[tuple[str, str, str], ...] = ()
    # the article a described actor belongs to ("the hackers" of one article are not those of
    # another); None for a named actor, one node across all articles
    scope: str | None = None
    attack: str | None = None  # the MITRE ATT&CK group id ("G0007") a reference gives


@dataclass(frozen=True)
class Policy:
    """A policy, instrument or issue an event is about: 'sanctions program', 'cyber attacks'."""

    label: str
    aliases: tuple[str, ...] = ()
    kind: str = "Policy"


@dataclass(frozen=True)
class Evidence:
    """A sentence of the article body with its character offsets."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    """One extracted event, as docs/events.md defines it."""

    type: str
    trigger: str
    agent: Actor
    evidence: Evidence
    article_id: str
    target: Actor | None = None
    object: Policy | None = None
    date: date | None = None
    status: Status = "asserted"
    speaker: Actor | None = None
    confidence: float = 0.5


@dataclass
class IngestReport:
    """What one `ingest` run did."""

    articles: int = 0
    unchanged: int = 0
    events: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (input, reason)
    warnings: list[str] = field(default_factory=list)  # articles stored without events, and why
