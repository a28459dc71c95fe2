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

from spacy.tokens import Span, Token

from kg.extraction.context import Context
from kg.extraction.gazetteer import gazetteer, norm
from kg.extraction.lexicon import cameo_verbs, triggers, word_class
from kg.extraction.nominals import actor_of, described_actor, policy_of
from kg.extraction.syntax import antecedent, coordinated, is_passive, speech_head
from kg.model import Actor, Policy

_AGENT_DEPS = ("nsubj", "csubj")
_PATIENT_PREPS = {"on", "against", "at", "into", "from", "of", "to", "for", "with", "in", "over", "about", "by"}
_DESCRIBED_DETS = ("the", "a", "an", "this", "that", "these", "those")


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
    """Every (predicate, agent, patient) the sentence's parse offers, with features."""
    speech = word_class("speech")
    for pred in sent:
        if not _is_predicate(pred):
            continue
        agents = list(_agents(ctx, pred))
        if not agents:
            continue
        patients: list[Argument | None] = [*_patients(ctx, pred), None]
        head = speech_head(pred) if pred.pos_ in ("VERB", "AUX") else None
        for agent in agents:
            for patient in patients:
                if patient is not None and patient.head.i == agent.head.i:
                    continue
                candidate = Candidate(pred, agent, patient)
                candidate.features = _features(candidate, head, speech)
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


def _features(c: Candidate, speech: Token | None, speech_words: frozenset[str]) -> dict[str, float]:
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
    return f
