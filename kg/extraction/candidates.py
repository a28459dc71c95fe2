"""Candidates for the learned layer: a predicate with an agent and a patient from the parse, and
what is known of them, as features.

A predicate is a verb, or a noun that reports an act (a trigger noun of the lexicon or an
event noun: "the breach of", "the gang's campaign against"). Its agent is the noun phrase in
a subject position (the subject, the by-phrase of a passive, a nominal's possessor or the
name before it); its patient the phrase in an object position (the object, the passive
subject, a prepositional object, the victim named before an attack noun), or none. A phrase
that names an actor of the gazetteer or the NER is that actor; any other phrase is
described: "Chinese state-sponsored hackers" is an actor of its own (a threat actor,
sponsored by China), "government officials from western European countries" an object. The
model (kg.extraction.model) decides which candidates are events, and of which type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Span, Token

from kg.extraction.context import Context
from kg.extraction.gazetteer import gazetteer, norm
from kg.extraction.lexicon import cameo_verbs, triggers, word_class
from kg.extraction.nominals import actor_of, described_actor, described_kind, policy_of
from kg.extraction.syntax import antecedent, coordinated, is_passive, speech_head
from kg.model import Actor, Policy

_AGENT_DEPS = ("nsubj", "csubj")
_PATIENT_PREPS = {"on", "against", "at", "into", "from", "of", "to", "for", "with", "in", "over", "about", "by"}
_DESCRIBED_DETS = ("the", "a", "an", "this", "that", "these", "those")
FAR = 3  # phrases beyond a predicate's own slots paired with it, nearest first


@dataclass(frozen=True)
class Argument:
    """An agent or patient phrase: its head, where it stands, and what it names."""

    head: Token
    slot: str  # "nsubj", "by", "poss", "name-before", "dobj", "nsubjpass", "prep:on", ...
    actor: Actor | None  # an actor it names (resolved) or describes
    policy: Policy | None  # what it names when it is no actor (patients only)
    how: str  # gazetteer, ner, pronoun, role-noun, short-name, demonym, described, policy

    def names(self) -> frozenset[str]:
        """Every name a scorer could match (docs/events.md, Scoring): label and aliases, normalised."""
        thing = self.actor or self.policy
        if thing is None:
            return frozenset()
        return frozenset(norm(n) for n in (thing.label, *thing.aliases) if n)


@dataclass
class Candidate:
    """A predicate with an agent and maybe a patient, and the features the model reads."""

    pred: Token
    agent: Argument
    patient: Argument | None
    features: dict[str, float] = field(default_factory=dict)


def candidates(ctx: Context, sent: Span) -> Iterator[Candidate]:
    """Every (predicate, agent, patient) of the sentence, with features: those its parse
    offers (an agent and a patient in the predicate's own slots), then, for a predicate of
    the lexicon, every other pairing of the phrases that name actors or policies anywhere in
    the sentence ("far" slots, their dependency paths as features)."""
    speech = word_class("speech")
    phrases: tuple[list[Argument], list[Argument]] | None = None
    for pred in sent:
        if not _is_predicate(pred):
            continue
        agents = list(_agents(ctx, pred))
        patients: list[Argument | None] = [*_patients(ctx, pred), None]
        head = speech_head(pred) if pred.pos_ in ("VERB", "AUX") else None
        seen: set[tuple[str, str]] = set()
        for agent in agents:
            for patient in patients:
                if patient is not None and patient.head.i == agent.head.i:
                    continue
                seen.add(_key(agent, patient))
                candidate = Candidate(pred, agent, patient)
                candidate.features = _features(candidate, head, speech, ctx.memo)
                yield candidate
        if not _is_lexical(pred):
            continue
        if phrases is None:
            phrases = _phrases(ctx, sent)
        far_agents = _nearest(ctx, pred, phrases[0], {a.head.i for a in agents})
        far_patients = _nearest(ctx, pred, phrases[1], {p.head.i for p in patients if p is not None})
        for agent in [*agents, *far_agents]:
            for patient in [*(p for p in patients if p is not None), *far_patients, None]:
                key = _key(agent, patient)
                if key in seen or (patient is not None and agent.names() & patient.names()):
                    continue
                seen.add(key)
                candidate = Candidate(pred, agent, patient)
                candidate.features = _features(candidate, head, speech, ctx.memo)
                yield candidate


# -- predicates and arguments -----------------------------------------------------------------
@lru_cache(maxsize=1)
def _event_nouns() -> frozenset[str]:
    nouns = {lemma for (lemma, pos) in triggers() if pos == "NOUN"}
    return frozenset(nouns | word_class("event_noun"))


def _is_predicate(token: Token) -> bool:
    if token.pos_ == "VERB":
        return token.dep_ not in ("amod", "compound") or token.tag_ == "VBN"
    return token.pos_ == "NOUN" and token.lemma_.lower() in _event_nouns()


def _key(agent: Argument, patient: Argument | None) -> tuple[str, str]:
    """What a pairing names: two pairings naming the same things are one candidate."""
    return _label(agent), "" if patient is None else _label(patient)


def _label(argument: Argument) -> str:
    thing = argument.actor or argument.policy
    return "" if thing is None else norm(thing.label)


def _is_lexical(token: Token) -> bool:
    """A predicate that is a trigger of the lexicon (a verb or an event noun)."""
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB":
        return (lemma, "VERB") in triggers()
    return token.pos_ == "NOUN" and lemma in _event_nouns()


def _phrases(ctx: Context, sent: Span) -> tuple[list[Argument], list[Argument]]:
    """The sentence's phrases that can be an agent, and those that can be a patient: one per
    thing named (the phrase highest in the parse), in the "far" slot."""
    agents: dict[str, Argument] = {}
    patients: dict[str, Argument] = {}
    for token in sent:
        if token.pos_ not in ("NOUN", "PROPN", "PRON") or token.dep_ in ("compound", "poss", "amod", "case"):
            continue
        for found, agent in ((agents, True), (patients, False)):
            if agent and token.i not in ctx.at and token.pos_ != "PRON" and described_kind(token) == "Organization":
                continue  # no name, pronoun or agent noun: a described organisation is an agent only in its own slot
            argument = _argument(ctx, token, "far", agent)
            if argument is None:
                continue
            key = _label(argument)
            if key not in found or _depth(token) < _depth(found[key].head):
                found[key] = argument
    return list(agents.values()), list(patients.values())


def _nearest(ctx: Context, pred: Token, phrases: list[Argument], taken: set[int]) -> list[Argument]:
    """The FAR phrases nearest the predicate in the parse, other than itself and its own arguments."""
    others = [a for a in phrases if a.head.i != pred.i and a.head.i not in taken]
    return sorted(others, key=lambda a: (_path(ctx.memo, pred, a.head)[1], abs(a.head.i - pred.i)))[:FAR]


def _depth(token: Token) -> int:
    return sum(1 for _ in token.ancestors)


def _path(memo: dict[Any, Any], pred: Token, token: Token) -> tuple[str, int]:
    """The dependency path from a predicate to an argument ("^nsubj" up, "_dobj" down) and its
    length, once per pair of tokens of a text."""
    key = ("path", pred.i, token.i)
    if key not in memo:
        memo[key] = _walk(pred, token)
    return memo[key]  # type: ignore[no-any-return]


def _walk(pred: Token, token: Token) -> tuple[str, int]:
    above = [token, *token.ancestors]
    where = {t.i: n for n, t in enumerate(above)}
    down: list[str] = []
    node = pred
    while node.i not in where:
        down.append(node.dep_)
        if node.head.i == node.i:
            return "apart", 99
        node = node.head
    up = [t.dep_ for t in above[: where[node.i]]]
    steps = [*("^" + d for d in down), *("_" + d for d in reversed(up))]
    return ("".join(steps) if len(steps) <= 4 else "long"), len(steps)


def _agents(ctx: Context, pred: Token) -> Iterator[Argument]:
    heads: list[tuple[Token, str]] = []
    if pred.pos_ == "VERB":
        if is_passive(pred):
            heads = [(g, "by") for c in pred.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        else:
            heads = [(antecedent(c), c.dep_) for c in pred.children if c.dep_ in _AGENT_DEPS]
        if not heads and pred.dep_ in ("conj", "xcomp", "advcl") and pred.head.pos_ == "VERB":
            heads = [(antecedent(c), "shared-" + c.dep_) for c in pred.head.children if c.dep_ in _AGENT_DEPS]
    else:
        heads = [(c, "poss") for c in pred.children if c.dep_ == "poss"]
        heads += [
            (g, "by")
            for c in pred.children
            if c.dep_ == "prep" and c.lower_ == "by"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        heads += [
            (c, "name-before")
            for c in pred.lefts
            if c.dep_ in ("compound", "nmod") and c.i in ctx.at and ctx.at[c.i].actor.kind == "ThreatActor"
        ]
        if pred.dep_ in ("dobj", "attr") and pred.head.pos_ == "VERB":  # "launched an attack on X": the launcher
            heads += [(antecedent(c), "light-" + c.dep_) for c in pred.head.children if c.dep_ in _AGENT_DEPS]
    for head, slot in heads:
        for token in coordinated(head):
            argument = _argument(ctx, token, slot, agent=True)
            if argument is not None:
                yield argument


def _patients(ctx: Context, pred: Token) -> Iterator[Argument]:
    heads: list[tuple[Token, str]] = []
    for child in pred.children:
        if child.dep_ in ("dobj", "dative") and not (pred.pos_ == "VERB" and is_passive(pred)):
            heads.append((antecedent(child), child.dep_))
        elif child.dep_ == "nsubjpass":
            heads.append((antecedent(child), "nsubjpass"))
        elif (
            child.dep_ == "prep"
            and child.lower_ in _PATIENT_PREPS
            and not (child.lower_ == "by" and pred.pos_ == "VERB")
        ):
            heads += [(g, "prep:" + child.lower_) for g in child.children if g.dep_ in ("pobj", "pcomp")]
    if pred.pos_ == "NOUN":  # "the Colonial Pipeline attack": the victim named before
        heads += [
            (c, "name-before")
            for c in pred.lefts
            if c.dep_ in ("compound", "nmod") and not (c.i in ctx.at and ctx.at[c.i].actor.kind == "ThreatActor")
        ]
        if pred.dep_ == "pobj" and pred.head.dep_ == "prep" and pred.head.head.pos_ == "VERB":
            verb = pred.head.head  # "X was hit by a ransomware attack": X
            heads += [(antecedent(c), "hit-" + c.dep_) for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")]
    for head, slot in heads:
        for token in coordinated(head):
            argument = _argument(ctx, token, slot, agent=False)
            if argument is not None:
                yield argument


def _argument(ctx: Context, token: Token, slot: str, agent: bool) -> Argument | None:
    key = ("argument", token.i, agent)
    if key not in ctx.memo:  # a token is the argument of several predicates: resolve it once
        ctx.memo[key] = _resolve(ctx, token, agent)
    found = ctx.memo[key]
    return None if found is None else Argument(token, slot, *found)


def _resolve(ctx: Context, token: Token, agent: bool) -> tuple[Actor | None, Policy | None, str] | None:
    resolved = actor_of(ctx, token)
    if resolved is not None:
        return resolved[0], None, resolved[1]
    if token.pos_ in ("PRON", "DET", "NUM", "ADJ") or token.lemma_.lower() in word_class("relative_pronoun"):
        return None
    if agent:
        described = described_actor(ctx, token)
        return (described, None, "described") if described is not None else None
    policy = policy_of(ctx, token)
    return (None, policy, "policy") if policy is not None else None


# -- features ------------------------------------------------------------------------------------
_NUM = re.compile(r"\d")


def _kind(argument: Argument) -> str:
    if argument.actor is not None:
        return argument.actor.kind + (
            "~" + argument.how if argument.how in ("described", "pronoun", "role-noun") else ""
        )
    return "Policy"


def _own(argument: Argument) -> bool:
    """An argument in one of its predicate's own slots (not paired from elsewhere in the sentence)."""
    return argument.slot != "far"


def _features(
    c: Candidate, speech: Token | None, speech_words: frozenset[str], memo: dict[Any, Any]
) -> dict[str, float]:
    """Indicator features of a candidate (name=1.0); the model's weights give them meaning."""
    pred = c.pred
    lemma = pred.lemma_.lower()
    lexicon = sorted(
        {
            e.type
            for entries in (triggers().get((lemma, "VERB")), triggers().get((lemma, "NOUN")))
            if entries
            for e in entries
        }
    )
    cameo = sorted(cameo_verbs().get(lemma, ()))
    agent_kind = _kind(c.agent)
    patient_kind = _kind(c.patient) if c.patient is not None else "none"
    patient_slot = c.patient.slot if c.patient is not None else "none"
    f = {
        "bias": 1.0,
        f"pred={lemma}": 1.0,
        f"pos={pred.pos_}": 1.0,
        f"dep={pred.dep_}": 1.0,
        f"tag={pred.tag_}": 1.0,
        f"aslot={c.agent.slot}": 1.0,
        f"akind={agent_kind}": 1.0,
        f"ahead={c.agent.head.lemma_.lower()}": 1.0,
        f"pslot={patient_slot}": 1.0,
        f"pkind={patient_kind}": 1.0,
        f"pred+pslot={lemma}|{patient_slot}": 1.0,
        f"pred+akind={lemma}|{agent_kind}": 1.0,
        f"pred+pkind={lemma}|{patient_kind}": 1.0,
        f"akind+pkind={agent_kind}|{patient_kind}": 1.0,
    }
    if c.patient is not None:
        f[f"phead={c.patient.head.lemma_.lower()}"] = 1.0
        if c.patient.policy is not None and _NUM.search(c.patient.policy.label):
            f["pnumber"] = 1.0
    for t in lexicon or ["none"]:
        f[f"lex={t}"] = 1.0
        f[f"lex+pslot={t}|{patient_slot}"] = 1.0
        f[f"lex+akind={t}|{agent_kind}"] = 1.0
        f[f"lex+pkind={t}|{patient_kind}"] = 1.0
    for t in cameo:
        f[f"cameo={t}"] = 1.0
        f[f"cameo+pkind={t}|{patient_kind}"] = 1.0
    if speech is not None:
        f[f"speech={speech.lemma_.lower()}"] = 1.0
        f["reported"] = 1.0
    if any(ch.dep_ == "neg" for ch in pred.children):
        f["negated"] = 1.0
    if any(ch.dep_ == "aux" and ch.lemma_.lower() in word_class("modal_hypothetical") for ch in pred.children):
        f["modal"] = 1.0
    if pred.lemma_.lower() in speech_words:
        f["is-speech"] = 1.0
    if c.agent.actor is not None and c.agent.actor.label in gazetteer().actors:
        f["agent-known"] = 1.0
    near = _own(c.agent) and (c.patient is None or _own(c.patient))
    f["near" if near else "far"] = 1.0
    for role, argument in (("a", c.agent), ("p", c.patient)):
        if argument is None:
            continue
        path, steps = _path(memo, pred, argument.head)
        side = "before" if argument.head.i < pred.i else "after"
        f[f"{role}path={path}"] = 1.0
        f[f"{role}steps={min(steps, 6)}"] = 1.0
        f[f"{role}side={side}"] = 1.0
        f[f"{role}path+near={path}|{near}"] = 1.0
        for t in lexicon or ["none"]:
            f[f"lex+{role}path={t}|{path}"] = 1.0
            f[f"lex+{role}side={t}|{side}"] = 1.0
        f[f"pred+{role}side={lemma}|{side}"] = 1.0
    return f
