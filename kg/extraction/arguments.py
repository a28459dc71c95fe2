"""The arguments of a trigger: its predicate, agents, argument slots and patients, and the
actor or policy a noun phrase names.

Subjects (or the by-phrase of a passive, or the subject of a light verb) give agents;
objects, passive subjects and prepositional phrases give the target (an actor) or the
object (a policy or issue). Relative pronouns stand for the noun they modify; coordinated
arguments give one event per pair.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extraction.context import Context
from kg.extraction.gazetteer import gazetteer
from kg.extraction.groups import counted_bodies, list_lead, members, pair_of
from kg.extraction.lexicon import Trigger, triggers, word_class
from kg.extraction.mentions import salient, salient_body
from kg.extraction.nominals import (
    accusable_description,
    actor_of,
    described_actor,
    located_authorities,
    policy_of,
)
from kg.extraction.objects import head_word, is_loot, joined
from kg.extraction.rules import rules
from kg.extraction.syntax import (
    NUMBERS,
    antecedent,
    blamed_on,
    clause_object,
    coordinated,
    held_responsible,
    is_clause,
    is_passive,
    owner,
    owner_phrase,
    responsibility_claim,
    speech_head,
    subjects_of,
)
from kg.model import Actor, Policy

# prepositions that give what the targets are accused of, sanctioned for, charged with
_OBJECT_PREPS = ("of", "for", "over", "against", "on", "about", "to", "with")


def predicate(ctx: Context, token: Token, entry: Trigger) -> Token | None:
    """The verb whose clause carries the event's arguments."""
    if entry.pos == "VERB":
        return token
    if entry.pos == "ADJ":
        return token.head if token.dep_ in ("acomp", "conj") and token.head.pos_ in ("AUX", "VERB") else token
    light = token.head
    if token.dep_ in ("dobj", "attr", "nsubjpass") and light.lemma_.lower() in word_class("light_verb"):
        return light
    attributed = held_responsible(token)
    if attributed is not None:  # "X is responsible for the attack on Y", "the gang behind the attacks on Y"
        return attributed[0]
    if any(c.dep_ == "poss" for c in token.children) or any(
        c.dep_ == "prep" and c.lower_ == "by" for c in token.children
    ):
        return token
    if attacker_modifier(ctx, token) is not None:  # "a Conti ransomware attack on X"
        return token
    if _host_verb(token, entry) is not None:  # "X used a backdoor in attacks against Y"
        return token
    if undergone(token, entry):  # "X suffered a ransomware attack": X is the victim
        return token
    return None


def undergone(token: Token, entry: Trigger) -> bool:
    """A nominal act of a type whose agents are the article's threat actors, undergone by the
    subject of its verb: "X suffered a ransomware attack", "Y fell victim to a breach",
    "Z is recovering from a cyberattack". Verbs that also report others' attacks (disclose,
    report, confirm) are not such verbs: a security firm reports attacks on others."""
    verb = _host_of(token)
    return (
        verb is not None
        and verb.pos_ == "VERB"
        and verb.tag_ != "VBP"  # "organisations that fall victim to an attack should ...": no one in particular
        and verb.lemma_.lower() in word_class("undergo_verb")
        and "threat" in rules().of(entry.type).agentless
        and any(c.dep_ == "nsubj" for c in verb.children)
    )


def _host_of(noun: Token) -> Token | None:
    """The verb whose object or prepositional object a noun is: "suffered an attack", "was hit by
    an attack", "fell victim to an attack" (through the noun the preposition hangs from)."""
    if noun.dep_ == "dobj":
        return noun.head
    if noun.dep_ == "pobj" and noun.head.dep_ in ("prep", "agent"):  # "was hit by an attack"
        verb = noun.head.head
        return verb if verb.pos_ == "VERB" else verb.head
    return None


def _host_verb(token: Token, entry: Trigger) -> Token | None:
    """The active verb whose 'in' or 'during' phrase holds a nominal act of a type whose agents
    are the article's threat actors: "Kimsuky used a backdoor in attacks against Y"."""
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ not in ("in", "during") or "threat" not in rules().of(entry.type).agentless:
        return None
    verb = prep.head
    if verb.pos_ != "VERB" or not any(c.dep_ == "nsubj" for c in verb.children):
        return None
    return verb


def _act_agents(ctx: Context, noun: Token, entry: Trigger) -> list[tuple[Actor, str]] | None:
    """The agents of a nominal act that is the subject of a verb of its type ("the attacks
    compromised X", "the REvil attacks hit Y"): the actor its modifier, possessive or
    by-phrase names, else the threat actor the article names most before it (types whose
    agentless agent is the "threat"); None when the subject is no such act."""
    if noun.pos_ not in ("NOUN", "PROPN") or not any(
        e.type == entry.type for e in triggers().get((noun.lemma_.lower(), "NOUN"), ())
    ):
        return None
    heads = [c for c in noun.children if c.dep_ == "poss"]
    heads += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
    modifier = attacker_modifier(ctx, noun)
    heads += [modifier] if modifier is not None else []
    found = [r for h in heads if (r := actor_of(ctx, h)) is not None]
    if found or "threat" not in rules().of(entry.type).agentless:
        return found
    before = sorted((m for m in set(ctx.at.values()) if m.start < noun.i), key=lambda m: m.start)
    actor = salient(before, "ThreatActor")
    return [(actor, "implicit")] if actor is not None else []


def attacker_modifier(ctx: Context, token: Token) -> Token | None:
    """A threat actor named before an attack noun ('the REvil attack') is its agent."""
    for child in token.lefts:
        for t in child.subtree:
            m = ctx.at.get(t.i)
            if child.dep_ in ("compound", "nmod", "amod") and m is not None and m.actor.kind == "ThreatActor":
                return t
    return None


def find_agents(ctx: Context, token: Token, pred: Token, entry: Trigger) -> list[tuple[Actor, str]]:
    heads: list[Token] = []
    attributed = held_responsible(token) if entry.pos == "NOUN" else None
    if attributed is not None:
        heads = attributed[1]
    elif pred.i == token.i and entry.pos == "NOUN":
        heads = [c for c in token.children if c.dep_ == "poss" and not possessed_patient(ctx, c, entry)]
        heads += [
            g for c in token.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"
        ]
        modifier = attacker_modifier(ctx, token)
        if not heads and modifier is not None:
            heads = [modifier]
        host = _host_verb(token, entry)
        if not heads and host is not None:
            heads = subjects_of(host)
    else:
        heads = subjects_of(pred) or list_lead(ctx, pred)  # "* Attributing X to Y": the list's lead acts
    if entry.pos == "ADJ" and token.dep_ == "conj" and not heads:
        heads = subjects_of(token.head.head) if token.head.dep_ == "acomp" else []
    described = rules().of(entry.type).described_agents
    found = []
    for head in heads:
        acted = _act_agents(ctx, head, entry) if entry.pos == "VERB" and actor_of(ctx, head) is None else None
        if acted is not None:  # "the attacks compromised X": the act's own agent
            found += [a for a in acted if a not in found]
            continue
        if not actor_of(ctx, head) and (counted := counted_bodies(ctx, head)):
            found += [(body, "role-noun") for body in counted]  # "the two agencies attributed ..."
            continue
        for tok in coordinated(head):
            resolved = actor_of(ctx, tok)
            if resolved is None and (placed := located_authorities(ctx, tok)):
                found += placed  # "police in France and Spain arrested": each country arrested
                continue
            if resolved is None and tok.lower_ in ("it", "they", "we"):
                resolved = speaker_pronoun(ctx, pred)
            if resolved is None and described and (actor := described_actor(ctx, tok, attackers_only=True)) is not None:
                resolved = (actor, "described")  # "Chinese state-sponsored hackers breached X"
            if resolved is not None:
                found.append(resolved)
    return found


def speaker_pronoun(ctx: Context, pred: Token) -> tuple[Actor, str] | None:
    """'The DOJ said it seized ...': it, they and we in a reported clause are the speaker."""
    speech = speech_head(pred)
    if speech is None:
        return None
    for subject in subjects_of(speech):
        resolved = actor_of(ctx, subject)
        if resolved is not None and resolved[0].kind != "Person":
            return resolved[0], "pronoun"
    return None


def implicit_agent(ctx: Context, token: Token, entry: Trigger, salient: bool = True) -> list[tuple[Actor, str]]:
    """'X and Y were charged today': the authority that acted last in the article acts again.

    An agentless passive of a law-enforcement act takes the agent of the article's previous
    event of the same type, else the government body named most often before it.
    """
    if entry.type in ctx.state.type_agents:
        return [(ctx.state.type_agents[entry.type], "implicit")]
    if not salient:
        return []
    verbal = token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT"  # its own clause; a noun's is its head's
    clause = {t.i for t in token.subtree} if verbal else {t.i for t in token.head.subtree}
    clause |= {t.i for t in token.subtree}
    earlier = sorted(
        (m for m in set(ctx.at.values()) if m.start < token.i and m.start not in clause), key=lambda m: m.start
    )
    body = salient_body(earlier)  # not the patient's own name; the body the article is about
    return [(body, "implicit")] if body is not None else []


def arresting_state(ctx: Context, pred: Token) -> list[tuple[Actor, str]]:
    """The country where someone was arrested, or extradited from, acted: 'was detained in
    Korczowa, Poland', 'was extradited from Switzerland'."""
    for child in pred.children:
        if child.dep_ == "prep" and child.lower_ in (
            "in",
            "from",
            "at",
            "near",
        ):  # "at a border stop between Poland and ..."
            for t in child.subtree:
                m = ctx.at.get(t.i)
                if m is not None and m.actor.kind == "Country":
                    return [(m.actor, "implicit")]
    return []


def office_of(ctx: Context, person: Actor) -> Actor | None:
    """The government body a person leads or speaks for (gazetteer offices), if any."""
    if person.kind != "Person":
        return None
    for relation, other, kind in person.relations:
        if relation in ("leader_of", "spokesperson_of", "role_of") and kind == "GovernmentBody":
            return gazetteer().get(other)
    return None


def possessed_patient(ctx: Context, poss: Token, entry: Trigger) -> bool:
    """'Sachov's arrest', 'Burkov's extradition': a person's act-noun names what was done to
    them; 'the Treasury's designation' names who acted."""
    resolved = actor_of(ctx, poss)
    return rules().of(entry.type).possessive_patient and resolved is not None and resolved[0].kind == "Person"


def argument_slots(ctx: Context, token: Token, pred: Token, entry: Trigger) -> list[tuple[str, Token]]:
    """Argument positions around the trigger: ('dobj', head), ('on', pobj), ('ccomp', verb) ..."""
    clauses = rules().of(entry.type).clauses
    slots: list[tuple[str, Token]] = []
    nodes = [pred] if pred.i == token.i else sorted([pred, token], key=lambda t: t.i)
    accusing = word_class("accusation_verb") | word_class("attribution_verb")
    claim = responsibility_claim(token) if entry.pos == "NOUN" else None
    if (
        entry.pos == "NOUN"
        and pred.i != token.i
        and (pred.lemma_.lower() in accusing or claim is not None and claim.i == pred.i)
    ):
        nodes = [token]  # "blamed X for the attack on Y": the accusation's own arguments are not the act's
    blamed = {p.i for p in blamed_on(token)} if entry.pos == "NOUN" else set()  # "blamed the attack on Y on X"
    for node in nodes:
        passive = is_passive(node)
        for child in node.children:
            if child.dep_ in ("dobj", "dative") and child.i != token.i and not passive:
                slots.append(("dobj", antecedent(child)))
                if "dobj-on" in clauses:  # "blamed the attack on X", "pinned the hack on X"
                    # "blamed the attack on Y on X": the last on-phrase names the one blamed, not Y
                    ons = [p for p in child.children if p.dep_ == "prep" and p.lower_ == "on"][-1:]
                    slots += [("on", g) for p in ons for g in p.children if g.dep_ == "pobj"]
                # "demanded an apology from the UK", "seized servers from the gang"
                slots += [
                    ("from", g)
                    for p in child.children
                    if p.dep_ == "prep" and p.lower_ == "from"
                    for g in p.children
                    if g.dep_ == "pobj"
                ]
            elif child.dep_ == "nsubjpass" and child.i != token.i:
                slots.append(("dobj", antecedent(child)))
            elif child.dep_ == "prep" and child.lower_ not in ("by", "according", "due", "thanks", "despite"):
                if child.i in blamed:
                    continue
                for pobj in child.children:
                    if pobj.ent_type_ in ("DATE", "TIME"):
                        continue  # "on Monday" is when, not whom
                    if pobj.dep_ in ("pobj", "pcomp"):
                        slots.append((child.lower_, pobj))
                    elif pobj.dep_ == "prep" and child.lower_ in ("along", "together"):  # "along with X": more patients
                        slots += [("along", g) for g in pobj.children if g.dep_ == "pobj"]
                if child.lower_ == "with" and any(a.lower_ in ("together", "along") for a in child.children):
                    slots += [("along", g) for g in child.children if g.dep_ == "pobj"]
            elif child.dep_ == "ccomp" and "ccomp" in clauses:
                slots.append(("ccomp", child))
            elif child.dep_ == "ccomp" and "ccomp-subject" in clauses:
                # "demanded that the United States stop X": the one asked is the clause's subject
                slots += [("dobj", c) for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
                slots.append(("ccomp", child))
            elif child.dep_ == "xcomp" and "xcomp" in clauses:
                slots.append(("xcomp", child))  # "vowed to retaliate", "threatened to leak the data"
        if node.dep_ == "acl" and node.tag_ == "VBN":  # "the group, sanctioned by the Treasury"
            among = node.head.head if node.head.dep_ == "pobj" and node.head.head.lower_ == "among" else None
            if among is not None and among.head.lemma_ == "be":  # "Among the individuals sanctioned is X": X
                slots += [
                    ("dobj", c) for c in among.head.children if c.dep_ in ("nsubj", "attr") and c.i != node.head.i
                ]
            elif among is None:
                described = node.head
                if described.dep_ == "appos" and described.head.i in ctx.at:
                    described = described.head  # "X, a Canadian man charged by the US": X
                slots.append(("dobj", described))
    verb = _host_of(token) if token.i == pred.i else None  # "X suffered a Conti ransomware attack"
    if verb is not None and verb.lemma_.lower() in word_class("victim_verb"):
        slots += [("dobj", antecedent(c)) for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if token.i == pred.i and token.dep_ == "nsubj" and token.head.lemma_.lower() in word_class("listing_verb"):
        slots += [("dobj", c) for c in token.head.children if c.dep_ == "dobj"]  # "The designations by OFAC cover X"
    if (
        entry.pos == "NOUN" and rules().of(entry.type).modifier_patient
    ):  # "the Colonial Pipeline attack": the victim named before
        for child in token.lefts:
            m = ctx.at.get(child.i)
            if child.dep_ in ("compound", "nmod") and m is not None and m.actor.kind != "ThreatActor":
                slots.append(("dobj", child))
    if entry.pos == "ADJ" and not slots:  # "opposed and committed to X": the object is shared
        for conj in token.children:
            if conj.dep_ == "conj":
                slots += [
                    (c.lower_, p)
                    for c in conj.children
                    if c.dep_ == "prep"
                    for p in c.children
                    if p.dep_ in ("pobj", "pcomp")
                ]
    if entry.pos == "NOUN":
        slots += [("dobj", c) for c in token.children if c.dep_ == "poss" and possessed_patient(ctx, c, entry)]
    if entry.part:  # "claimed responsibility for X": the required word is part of the trigger
        for _slot, head in [x for x in slots if x[1].lemma_.lower() == entry.requires]:
            slots += [(c.lower_, g) for c in head.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        slots = [(slot, head) for slot, head in slots if head.lemma_.lower() != entry.requires]
    return slots


def _patient_actor(ctx: Context, token: Token, described: bool) -> tuple[Actor, str] | None:
    """The actor a patient names; where the type's settings allow it, also a description that
    names the state behind it ("attributed the malware to Russian nation-state actors")."""
    resolved = actor_of(ctx, token)
    if resolved is None and described and (actor := accusable_description(ctx, token)) is not None:
        return actor, "described"
    return resolved


def _bare_loot(ctx: Context, token: Token) -> bool:
    """'data', 'files', bare 'systems': what an attack takes or hits, with no owner named."""
    if owner(token, ctx.at) is not None or owner_phrase(token) is not None or actor_of(ctx, token) is not None:
        return False
    policy = policy_of(ctx, token)
    return policy is not None and is_loot(policy)


def included(ctx: Context, group: Token, pred: Token, described: bool) -> list[Actor]:
    """The members a collective patient lists: "several agencies, including the State
    Department and the Pentagon", "agencies were hacked, including X and Y", "firms such as
    X": one target each (the collective itself stays an object)."""
    preps = [c for c in group.children if c.dep_ == "prep" and c.lower_ in ("including", "like")]
    preps += [c for c in group.children if c.dep_ == "amod" and c.lower_ == "such"]  # "such as": the parse varies
    preps += [c for c in group.children if c.dep_ == "prep" and c.lower_ == "as" and c.nbor(-1).lower_ == "such"]
    if group.dep_ == "nsubjpass":  # "agencies were hacked, including X": the list hangs from the verb
        preps += [c for c in pred.children if c.dep_ == "prep" and c.lower_ == "including"]
    found: list[Actor] = []
    for prep in preps:
        for item in (g for p in [prep, *prep.children] for g in p.children if g.dep_ == "pobj"):
            for tok in coordinated(item):
                resolved = _patient_actor(ctx, tok, described)
                if resolved is not None and resolved[0] not in found:
                    found.append(resolved[0])
    return found


def find_patients(
    ctx: Context, token: Token, pred: Token, entry: Trigger, agents: frozenset[str] = frozenset()
) -> list[tuple[Actor | None, Policy | None]]:
    """(target, object) pairs: one per coordinated patient ('sanctioned X, Y and Z')."""
    slots = argument_slots(ctx, token, pred, entry)
    settings = rules().of(entry.type)
    order = settings.patients
    primary: list[Token] = []
    for name in order:
        found = [head for slot, head in slots if slot == name]
        if found and name in ("dobj", "on", "against"):
            found += [head for slot, head in slots if slot == "along" and head.i not in {f.i for f in found}]
        if found and settings.past_loot and all(_bare_loot(ctx, t) for h in found for t in coordinated(h)):
            continue  # "stole data from the systems of X": the loot is no patient; whom it was taken from is
        if found:
            primary = found
            if not settings.look_for_actor and not entry.actor_only:
                break
            if any(
                _patient_actor(ctx, owner(t, ctx.at) or t, settings.described_patients)
                for h in found
                for t in coordinated(h)
            ):
                break  # ACCUSE and actor-only triggers look on until a slot names an actor
    targets: list[Actor] = []
    objects: list[Policy] = []
    things: list[Policy] = []  # "seized cash, along with wallets and cars": one object across heads
    for head in primary:
        described: list[Policy] = []  # "users and organizations": one object, not two events
        pair = pair_of(ctx, head)
        if pair:  # "Both were charged", "the two men were arrested": the last two people named
            targets += [p for p in pair if p not in targets]
            continue
        for tok in coordinated(head):
            if tok.i != head.i and tok.lemma_ == token.lemma_ and entry.pos == "NOUN":
                continue  # "the attack on X, and the attack on Y": the second is its own event
            tok = owner(tok, ctx.at) or tok  # "the network of TSM Consulting": the owner is hit
            if settings.owner_patient:  # "the networks of 13 pipeline operators": so is an owner described
                tok = owner_phrase(tok) or tok
            resolved = _patient_actor(ctx, tok, settings.described_patients)
            if resolved is not None:
                if resolved[0] not in targets:
                    targets.append(resolved[0])
            elif settings.objects:
                # "charged five Russian nationals": the five, when the text names them, are
                # targets one by one; the counted group itself stays the object
                targets += [a for a in members(ctx, tok, agents) if a not in targets]
                targets += [a for a in included(ctx, tok, pred, settings.described_patients) if a not in targets]
                clause = tok.pos_ in ("VERB", "AUX") and is_clause(tok) and tok.dep_ not in ("pcomp", "xcomp")
                policy = policy_of(ctx, clause_object(tok) if clause else tok)
                if policy is not None and policy not in described:
                    described.append(policy)
        if len(described) > 1:
            described = [joined(described)]
        if head.lemma_.lower() in word_class("group_person") | word_class("group_org"):
            objects += [p for p in described if p not in objects]  # groups of people stay apart
        else:
            things += [p for p in described if p not in things]
    if things:
        objects.append(joined(things) if len(things) > 1 else things[0])
    if targets:  # "detained its founder and chief executive, Ilya Sachkov": the roles describe him
        objects = [
            o
            for o in objects
            if not (
                head_word(o) in word_class("role_person") | word_class("people_noun")
                and o.label.split()[-1] == head_word(o)
                and not any(w[:1].isdigit() or w in NUMBERS for w in o.label.lower().split())
            )
        ]
    if not settings.objects:
        return [(t, None) for t in targets]
    # what the targets are accused of, sanctioned for, charged with: a second, secondary object
    secondary = None
    if targets:
        for name in _OBJECT_PREPS:
            heads = [
                h
                for slot, h in slots
                if slot == name and h.i not in {p.i for p in primary} and actor_of(ctx, h) is None
            ]
            if heads:
                secondary = policy_of(ctx, heads[0])
                if secondary is not None:
                    break
    pairs: list[tuple[Actor | None, Policy | None]] = [(t, secondary) for t in targets]
    pairs += [(None, o) for o in objects]
    return pairs
