"""Events from trigger words: a lexicon entry (verb, nominalisation or predicative adjective)
gives the type; the argument finders give agents and patients; the type's settings and the
rules of data/rules/types.toml say which patients count and when an event is dropped or
retyped. Every rule names a filter, a test or an actor kind defined here; none names a word
of an article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from spacy.tokens import Span, Token

from kg.extraction.arguments import (
    argument_slots,
    arresting_state,
    find_agents,
    find_patients,
    implicit_agent,
    office_of,
    predicate,
    undergone,
)
from kg.extraction.clause import dated, evidence_of, said, speaker_of, status_of
from kg.extraction.context import Context, Proposal
from kg.extraction.lexicon import Trigger, triggers, word_class
from kg.extraction.mentions import salient
from kg.extraction.objects import bare_plural, described, head_word, is_loot, is_name, is_ransom, names_people
from kg.extraction.rules import Rule, rules
from kg.extraction.syntax import antecedent, is_finite_passive, trigger_words
from kg.model import STATE_KINDS, Actor, Event, Policy

_POS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}
Pairs = list[tuple[Actor | None, Policy | None]]
Agents = list[tuple[Actor, str]]  # (actor, how it was found: gazetteer, ner, pronoun, role-noun, implicit)


def candidates(sent: Span) -> Iterator[tuple[Token, Trigger]]:
    """The trigger words of a sentence with their lexicon entries, in text order.

    A noun trigger whose light verb ("voiced disapproval", "imposed sanctions") is itself a
    trigger speaks for both: the light verb is left out.
    """
    consumed: set[int] = set()  # light verbs whose noun trigger made the event
    found: list[tuple[Token, Trigger]] = []
    for token in sent:
        pos = _POS.get(token.pos_)
        if pos == "NOUN" and token.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in token.children):
            pos = "VERB"  # a verb mistagged as a noun: "CISA and the FBI urge users to ..."
        if pos is None:
            continue
        lemma = token.lemma_.lower()
        entries = triggers().get((lemma, pos)) or (triggers().get((token.lower_, pos)) if pos == "ADJ" else None)
        if not entries:
            continue
        met = [e for e in entries if requirement_met(token, e)]
        particle = {c.lower_ for c in token.children if c.dep_ == "prt"}
        entry = next((e for e in met if e.requires in particle), met[0] if met else None)  # "called out X for"
        if entry is not None:
            found.append((token, entry))
            if pos == "NOUN" and token.head.lemma_.lower() in word_class("light_verb"):
                consumed.add(token.head.i)
    for token, entry in found:
        if token.i in consumed and entry.type == "STATEMENT" or (token.i in consumed and not entry.requires):
            continue
        yield token, entry


def requirement_met(token: Token, entry: Trigger) -> bool:
    if not entry.requires:
        return True
    if entry.requires.startswith("@"):
        return _class_object(token, word_class(entry.requires[1:]))
    for child in token.children:
        if child.lemma_.lower() == entry.requires or child.lower_ == entry.requires:
            return True
        if child.dep_ in ("dobj", "attr", "nsubjpass", "pobj") and any(
            g.lemma_.lower() == entry.requires for g in child.subtree
        ):
            return True
        if child.dep_ in ("dobj", "nsubjpass") and antecedent(child).lemma_.lower() == entry.requires:
            return True  # "the order that Obama signed": the relative pronoun stands for "order"
        if child.dep_ == "prep" and any(g.lemma_.lower() == entry.requires for g in child.children):
            return True
    if token.dep_ == "dobj" or token.dep_ == "nsubjpass":  # "responsibility was claimed"
        return token.head.lemma_.lower() == entry.requires
    return False


def _class_object(token: Token, members: frozenset[str]) -> bool:
    """A requirement of a word class ("launch @policy_instrument") holds when the head of the
    object (or passive subject) is one of its members: "launched a task force", "the strategy
    was released". Only the head counts, so that a member deep in the phrase ("launched an
    inquiry into the law") makes no event of the verb."""
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass") and (
            child.lemma_.lower() in members or antecedent(child).lemma_.lower() in members
        ):
            return True
    return False


# -- the vocabulary of the rules in data/rules/types.toml ------------------------------------
PairFilter = Callable[[Context, Token, Token, Trigger, Pairs], Pairs]


def _not_from_place(ctx: Context, token: Token, pred: Token, entry: Trigger, pairs: Pairs) -> Pairs:
    from_heads = {h.i for slot, h in argument_slots(ctx, token, pred, entry) if slot == "from"}
    if not from_heads:
        return pairs
    return [(t, o) for t, o in pairs if not (o is not None and any(ctx.doc[i].text in o.label for i in from_heads))]


def _people(ctx: Context, token: Token, pred: Token, entry: Trigger, pairs: Pairs) -> Pairs:
    pairs = [(t, o) for t, o in pairs if t is not None or (o is not None and names_people(o))]
    # a name the NER did not tag ('charged Nikita Kislitsin') is the person charged
    return [
        (Actor(o.label, "Person"), None) if t is None and o is not None and is_name(o.label) else (t, o)
        for t, o in pairs
    ]


def _where(test: Callable[[Actor | None, Policy | None], bool]) -> PairFilter:
    return lambda ctx, token, pred, entry, pairs: [(t, o) for t, o in pairs if test(t, o)]


FILTERS: dict[str, PairFilter] = {
    "targets": _where(lambda t, o: t is not None),
    "person-targets": _where(lambda t, o: t is not None and t.kind == "Person"),
    "victims": _where(lambda t, o: t is not None or (o is not None and not is_loot(o) and described(o))),
    "described-victims": _where(
        lambda t, o: t is not None or (o is not None and not is_loot(o) and not bare_plural(o) and described(o))
    ),
    "people": _people,
    "instruments": _where(lambda t, o: o is not None and head_word(o) in word_class("instrument_noun")),
    "not-abstract": _where(
        lambda t, o: t is not None or o is not None and head_word(o) not in word_class("abstract_noun")
    ),
    "targets-over-objects": lambda ctx, token, pred, entry, pairs: (
        [(t, o) for t, o in pairs if t is not None] if any(t is not None for t, _ in pairs) else pairs
    ),
    "no-ransom-or-reward": _where(
        lambda t, o: t is not None or o is None or not (is_ransom(o) or head_word(o) == "reward")
    ),
    "no-reward": _where(lambda t, o: o is None or not word_class("reward_noun") & {w.lower() for w in o.label.split()}),
    "not-from-place": _not_from_place,
    "no-habit": _where(lambda t, o: t is not None or o is None or not bare_plural(o)),
    "reprisals": _where(lambda t, o: t is not None or (o is not None and head_word(o) in word_class("reprisal_noun"))),
    "not-the-public": _where(lambda t, o: t is not None or o is None or head_word(o) not in word_class("public_noun")),
    "not-weaknesses": _where(
        lambda t, o: t is not None or o is None or head_word(o) not in word_class("weakness_noun")
    ),
}
OBJECT_TESTS: dict[str, Callable[[Policy], bool]] = {"ransom": is_ransom}


def _official(actor: Actor) -> bool:
    """A state kind, or an actor that holds an office (any relation but membership)."""
    return actor.kind in STATE_KINDS or any(r[0] != "member_of" for r in actor.relations)


def _is(actor: Actor, kinds: frozenset[str]) -> bool:
    return actor.kind in kinds or ("official" in kinds and _official(actor))


def _lemmas(words: frozenset[str]) -> frozenset[str]:
    """Lemmas of a rule, with '@class' standing for a word class of data/lexicon/words.tsv."""
    out: set[str] = set()
    for w in words:
        out |= word_class(w[1:]) if w.startswith("@") else {w}
    return frozenset(out)


def _elaboration(pred: Token, entry: Trigger) -> bool:
    """'sanctioned the company, freezing their assets': a participle telling what its head's act does."""
    return (
        pred.dep_ == "advcl"
        and pred.tag_ == "VBG"
        and any(e.type == entry.type for e in triggers().get((pred.head.lemma_.lower(), "VERB"), ()))
    )


def _applies(rule: Rule, entry: Trigger, token: Token, pred: Token, agents: Agents) -> bool:
    lemma = token.lemma_.lower()
    checks = (
        not rule.types or entry.type in rule.types,
        not rule.lemmas or lemma in _lemmas(rule.lemmas),
        not rule.not_lemmas or lemma not in _lemmas(rule.not_lemmas),
        not rule.agents or all(_is(a, rule.agents) for a, _ in agents),
        not rule.not_agents or not all(_is(a, rule.not_agents) for a, _ in agents),
        rule.actor_only is None or entry.actor_only == rule.actor_only,
        rule.part is None or entry.part == rule.part,
        rule.requires is None or bool(entry.requires) == rule.requires,
        rule.past is None or (pred.tag_ in ("VBD", "VBN")) == rule.past,  # "targets" tells a habit; "targeted" an act
        rule.elaboration is None or _elaboration(pred, entry) == rule.elaboration,
    )
    return all(checks)


def _filter_patients(ctx: Context, token: Token, pred: Token, entry: Trigger, agents: Agents, pairs: Pairs) -> Pairs:
    done: set[str] = set()  # groups whose rule has applied
    for rule in rules().stage("patients"):
        if rule.group in done or not _applies(rule, entry, token, pred, agents):
            continue
        if rule.group:
            done.add(rule.group)
        pairs = FILTERS[rule.keep](ctx, token, pred, entry, pairs)
    return pairs


def _settle(entry: Trigger, token: Token, pred: Token, agents: Agents, pairs: Pairs) -> Trigger | None:
    """The entry after the event-stage rules: retyped, or None when the event is dropped."""
    for rule in rules().stage("event"):
        if not _applies(rule, entry, token, pred, agents):
            continue
        if rule.drop:
            return None
        if rule.if_object and not any(o is not None and OBJECT_TESTS[rule.if_object](o) for _, o in pairs):
            continue
        entry = replace(entry, type=rule.retype)
    return entry


def _agents_of(ctx: Context, token: Token, pred: Token, entry: Trigger) -> Agents:
    """The trigger's agents; for an agentless passive, those its type's settings find."""
    agents = find_agents(ctx, token, pred, entry)
    if agents:
        return agents
    settings = rules().of(entry.type)
    place_unknown = False
    if "place" in settings.agentless and is_finite_passive(pred):
        agents = arresting_state(ctx, pred)  # "was arrested in Poland": the Polish authorities
        place_unknown = not agents and any(
            t.dep_ == "prep" and t.lower_ in ("in", "at") and any(g.ent_type_ == "GPE" for g in t.subtree)
            for t in pred.subtree
        )
    among = pred.dep_ == "acl" and pred.head.dep_ == "pobj" and pred.head.head.lower_ == "among"
    implicit = "implicit" in settings.agentless and (
        not settings.agentless_lemmas or token.lemma_.lower() in settings.agentless_lemmas
    )
    if not agents and implicit and (is_finite_passive(pred) or among):
        # an arrest "in Abu Dhabi", a city the gazetteer cannot place, is not the salient body's
        agents = implicit_agent(
            ctx, token, entry, salient=not place_unknown
        )  # "X was charged", "Among those sanctioned is X"
    if not agents and "threat" in settings.agentless and (is_finite_passive(pred) or undergone(token, entry)):
        # "X was breached", "X suffered an attack": the threat actor the article names most before it
        before = sorted((m for m in set(ctx.at.values()) if m.start < token.i), key=lambda m: m.start)
        actor = salient(before, "ThreatActor")
        agents = [(actor, "implicit")] if actor is not None else []
    return agents


def confidence(how: str, has_patient: bool) -> float:
    """How sure a rule-made event is, from how its agent was found and whether it has a patient."""
    weights = rules().confidence
    value = (
        weights["base"] + (weights["named"] if how == "gazetteer" else 0) + (weights["patient"] if has_patient else 0)
    )
    value -= weights["resolved"] if how in ("pronoun", "role-noun") else weights["implicit"] if how == "implicit" else 0
    return round(min(value, weights["cap"]), 2)


def trigger_events(ctx: Context, token: Token, entry: Trigger, sent: Span) -> Iterator[Proposal]:
    """The events one trigger word reports: one per (agent, patient) pair that the rules keep."""
    pred = predicate(ctx, token, entry)
    if pred is None:
        return
    agents = _agents_of(ctx, token, pred, entry)
    if not agents:
        return
    pairs = find_patients(ctx, token, pred, entry, frozenset(a.label for a, _ in agents))
    pairs = _filter_patients(ctx, token, pred, entry, agents, pairs)
    if not pairs:
        if not rules().of(entry.type).without_patient:
            return
        pairs = [(None, None)]
    settled = _settle(entry, token, pred, agents, pairs)
    if settled is None:
        return
    entry = settled
    status = status_of(token, pred)
    speaker = speaker_of(ctx, pred)
    if rules().of(entry.type).institutional:
        # "Attorney General Merrick Garland announced indictments": the department acts, he speaks for it
        offices = [(office_of(ctx, a), a) for a, _ in agents]
        if any(body is not None for body, _ in offices):
            speaker = speaker or next(person for body, person in offices if body is not None)
            agents = [
                ((body, "gazetteer") if body is not None else (a, how)) for (body, _), (a, how) in zip(offices, agents)
            ]
    words = trigger_words(token, pred, entry)
    when, vague = dated(ctx, token, pred, status)
    evidence = evidence_of(sent)
    content = said(token, pred) if rules().of(entry.type).content else None
    for agent, how in agents:
        for target, found in pairs:
            if target is not None and target.label == agent.label:
                continue
            obj = found or content
            event = Event(
                type=entry.type,
                trigger=words,
                agent=agent,
                evidence=evidence,
                article_id=ctx.article.id,
                target=target,
                object=obj,
                date=when,
                status=status,
                speaker=speaker if speaker is not None and speaker.label != agent.label else None,
                confidence=confidence(how, target is not None or found is not None),
            )
            yield Proposal(event, (pred.sent.start_char, words) if vague else None)
