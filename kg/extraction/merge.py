"""Article-level merging: one event per act, dates carried between tellings of the same act.

A lead repeated in the body, a charge told again further down, or an act told once of
"the US" and once of "the Justice Department" is one event; undated acts take the day a
later sentence or an earlier act of the same actor gives them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kg.extraction.gazetteer import Gazetteer, norm
from kg.extraction.nominals import sponsored
from kg.extraction.objects import is_ransom
from kg.extraction.rules import rules
from kg.model import Actor, Event, Policy


def dedupe(events: list[Event]) -> list[Event]:
    """One event per (type, agent, target or object) in a sentence."""
    best: dict[tuple[object, ...], Event] = {}
    for e in events:
        # one act on one target per sentence, whatever words it is told with ("charged ... for his
        # involvement" and "charged"): the version with an object and more confidence wins
        what = e.target.label if e.target else norm(e.object.label) if e.object else None
        key = (e.type, e.agent.label, what, e.evidence.start)
        rank = (e.object is not None, e.confidence)
        if key not in best or rank > (best[key].object is not None, best[key].confidence):
            best[key] = e
    return sorted(best.values(), key=lambda e: (e.evidence.start, e.type))


def dates_from_retelling(events: list[Event], happenings: list[tuple[int, str, date]]) -> list[Event]:
    """Undated acts take the day a later sentence gives them: 'Two men were arrested ...' then
    'The arrests took place on September 28', or 'The suspects were detained on Tuesday,
    October 26' (a dated act of the same type on a definite 'the suspects')."""
    retold = list(happenings)
    for e in events:
        definite = (
            e.target is None
            and e.object is not None
            and any(a.lower().startswith(("the ", "these ", "those ")) for a in e.object.aliases)
        )
        if e.date is not None and e.status == "asserted" and definite:
            retold.append((e.evidence.start, e.type, e.date))
    out = []
    for e in events:
        if e.date is None and e.status == "asserted":
            later = [(at, day) for at, kind, day in retold if kind == e.type and at > e.evidence.start]
            if later:
                e = replace(e, date=min(later)[1])
        out.append(e)
    return out


def victims_of_claims(events: list[Event]) -> list[Event]:
    """A threat actor's claim or ransom demand with no victim named is addressed to the victim
    of that actor's attack in the same article ('JVCKenwood suffered a Conti attack ... the
    gang is demanding $7 million'); a ransom demand of no known victim is a generality and
    is dropped."""
    attack = rules().constructions["claimed_act"]
    victims: dict[str, Actor] = {}
    for e in events:
        if e.type == attack and e.target is not None and e.status == "asserted":
            victims.setdefault(e.agent.label, e.target)
    out = []
    for e in events:
        settings = rules().of(e.type)
        if settings.addressed and e.target is None and e.agent.kind == "ThreatActor":
            if e.agent.label not in victims and settings.drop_unaddressed and (e.object is None or is_ransom(e.object)):
                continue  # "the higher ransoms demanded by gangs like Ryuk": a generality, no one's demand
            if e.agent.label in victims:
                e = replace(e, target=victims[e.agent.label])
        out.append(e)
    return out


def lineage(actor: Actor, gaz: Gazetteer) -> list[str]:
    """The actor's label and those of the bodies and state it belongs to."""
    out: list[str] = []
    current: Actor | None = gaz.get(actor.label) or actor
    while current is not None and len(out) < 6:
        out.append(current.label)
        current = gaz.parent(current)
    return out


def same_act(a: Event, b: Event, gaz: Gazetteer) -> bool:
    """The same type and patient, by the same agent or by an agent and a body it contains."""
    what_a = a.target.label if a.target else norm(a.object.label) if a.object else None
    what_b = b.target.label if b.target else norm(b.object.label) if b.object else None
    if (a.type, what_a) != (b.type, what_b):
        return False
    if a.agent.label == b.agent.label:
        return True
    # a state acts through one body: "the US charged X" and "the Justice Department charged X" are
    # one charge; but what the US said and what the FBI concluded are two statements
    return rules().of(a.type).institutional and (
        a.agent.label in lineage(b.agent, gaz) or b.agent.label in lineage(a.agent, gaz)
    )


def merge_retold(events: list[Event], gaz: Gazetteer) -> list[Event]:
    """One event per act in an article: a lead repeated in the body, or a charge told again
    further down, is the same event; so is the act told once of 'the US' and once of 'the
    Justice Department' (an agent and a body it contains). The more specific agent is kept,
    with the first date given. Two tellings on different days are two events."""
    kept: list[Event] = []
    for e in events:
        same = None
        for k, other in enumerate(kept):
            if other.status != e.status or other.date is not None and e.date is not None and other.date != e.date:
                continue
            if same_act(other, e, gaz):
                same = k
                break
        if same is None:
            kept.append(e)
            continue
        first = kept[same]
        specific = e if first.agent.label in lineage(e.agent, gaz) and first.agent.label != e.agent.label else first
        kept[same] = replace(specific, date=first.date or e.date)
    return kept


def inherit_dates(events: list[Event], gaz: Gazetteer, body: str, vague: set[tuple[int, str]]) -> list[Event]:
    """An undated event takes the date of an earlier dated event of the same actor or paragraph.

    News reports one day's acts and remarks together: "China voiced disapproval ... on
    Thursday. She reiterated China is opposed ..." are the same day's remarks, and "Yakubets
    was also charged by the Justice Department" follows the dated designation of its
    paragraph. A clause that names a time without a day ("in 2014") never inherits one, and
    attacks (types whose settings say inherit_dates = false) take part in neither direction.
    """
    last: dict[str, date] = {}
    last_paragraph: tuple[int, date] | None = None
    out = []
    for e in events:
        family = [e.agent.label]  # the agent's own date first, then its state's: an ordered list, not a set,
        country = gaz.country_of(e.agent)  # so the result does not depend on PYTHONHASHSEED
        if country and country.label != e.agent.label:
            family.append(country.label)
        paragraph = body.count("\n", 0, e.evidence.start)
        # attacks are told as the background of the responses around them: they neither lend
        # their day to the paragraph's other acts nor take one from them
        takes_part = rules().of(e.type).inherit_dates
        if e.date is None and e.status == "asserted" and (e.evidence.start, e.trigger) not in vague and takes_part:
            inherited = next((last[f] for f in family if f in last), None)
            if inherited is None and last_paragraph is not None and last_paragraph[0] == paragraph:
                inherited = last_paragraph[1]
            if inherited:
                e = replace(e, date=inherited)
        elif e.date is not None and takes_part:
            for f in family:
                last[f] = e.date
            last_paragraph = (paragraph, e.date)
        out.append(e)
    return out


def accusations(events: list[Event]) -> list[Event]:
    """An act someone else reports is also that one's accusation (docs/events.md, "Accusations
    carry the act"): 'Microsoft said Nobelium breached X' is ATTACK (Nobelium -> X, speaker
    Microsoft) and ACCUSE (Microsoft -> Nobelium, about the breach). Only acts of types whose
    settings say `accused`, by an agent the sentence names (an accusation names someone: 'X
    was breached, the company said' accuses no one, whoever the article's threat actor is),
    by name or by a description that names the state behind it ('Chinese state-sponsored
    hackers breached X, the US said' accuses them; 'unknown attackers' are no one). The
    accusation is dated when it was said (its speaker's statement in the sentence), not when
    the act was: 'X breached Y in 2020, the FBI said on Friday' is an accusation of Friday."""
    accuse = rules().constructions["accusation"]
    # the accusation is made when its speaker says it: the day of the speaker's statement in that sentence
    said = {(e.agent.label, e.evidence.start): e.date for e in events if e.type == "STATEMENT" and e.date is not None}
    out = list(events)
    for e in events:
        if not rules().of(e.type).accused or e.speaker is None:
            continue
        if e.agent.scope is not None and not sponsored(e.agent):
            continue  # "unknown attackers": a description that names no one is no one accused
        if e.speaker.label == e.agent.label or e.status == "negated" or not _named_in(e.agent, e.evidence.text):
            continue
        patient = e.target.label if e.target is not None else e.object.label if e.object is not None else ""
        act = Policy(f"{e.trigger} {patient}".strip(), (e.trigger,))
        out.append(
            replace(
                e,
                type=accuse,
                agent=e.speaker,
                target=e.agent,
                object=act,
                speaker=None,
                date=said.get((e.speaker.label, e.evidence.start), e.date),
                confidence=round(max(e.confidence - 0.05, 0.0), 2),
            )
        )
    return out


def _named_in(actor: Actor, text: str) -> bool:
    lowered = text.lower()
    return any(name.lower() in lowered for name in (actor.label, *actor.aliases) if name)


def drop_collectives(events: list[Event]) -> list[Event]:
    """A collective told beside its named members ('Commerce added the four firms: A, B, C and
    D'; 'called out some countries, like Estonia and Romania') is the members' events only
    (docs/events.md, "Groups and members"): in one sentence, an event of a type and agent
    without a target, about a plural noun phrase, goes when events of that type and agent
    name targets."""
    with_targets = {(e.type, e.agent.label, e.evidence.start) for e in events if e.target is not None}
    return [
        e
        for e in events
        if e.target is not None
        or e.object is None
        or not _plural(e.object)
        or (e.type, e.agent.label, e.evidence.start) not in with_targets
    ]


def _plural(policy: Policy) -> bool:
    words = policy.label.lower().split()
    return bool(words) and words[-1].endswith("s") and not words[-1].endswith("ss") and not is_ransom(policy)
