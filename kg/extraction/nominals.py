"""What a noun phrase names: an actor (its own mention, an apposition, a sponsor, the body of a
role noun) or a policy, instrument or issue (its head with compounds and modifiers, a
gerund's object, what a measure or container holds).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Token

from kg.extraction.context import Context
from kg.extraction.gazetteer import gazetteer
from kg.extraction.groups import members_as_patient
from kg.extraction.lexicon import role_nouns, word_class
from kg.extraction.syntax import class_nouns, contiguous, join, phrase_of, strip_det, unique
from kg.model import Actor, Policy

_QUANTIFIER = re.compile(
    r"^(?:(?:slightly|just|well)\s+)?(?:more than|less than|fewer than|over|under|about|around|"
    r"approximately|roughly|nearly|almost|at least|at most|up to|some)\s+",
    re.I,
)


def located_authorities(ctx: Context, token: Token) -> list[tuple[Actor, str]]:
    """'Police in Germany', 'authorities in Romania and Kuwait', 'police forces in the US,
    France and Italy': a law-enforcement or government noun placed in countries acts for each
    of them (one event per country), as 'German police' acts for Germany."""
    if token.lemma_.lower() not in word_class("authority_noun") | word_class("government_noun") | {"force"}:
        return []
    found: list[tuple[Actor, str]] = []
    for prep in token.children:
        if prep.dep_ != "prep" or prep.lower_ != "in":
            continue
        for place in (g for g in prep.children if g.dep_ == "pobj"):
            for t in [place, *place.conjuncts]:
                m = ctx.at.get(t.i)
                if m is not None and m.actor.kind == "Country" and all(m.actor != a for a, _ in found):
                    found.append((m.actor, "role-noun"))
    return found


def actor_of(ctx: Context, token: Token) -> tuple[Actor, str] | None:
    """The actor a noun-phrase head names: its own mention or one of its name tokens."""
    m = ctx.at.get(token.i)
    if m is not None and m.how == "demonym" and members_as_patient(token):
        return None  # "sanctioned Russian officials": people of Russia, not Russia
    if m is None:
        for child in token.children:
            if child.dep_ == "appos" and child.i in ctx.at:  # "its leader, Maksim Yakubets"
                return ctx.at[child.i].actor, ctx.at[child.i].how
            if (
                child.dep_ == "acl"
                and child.lemma_.lower() in word_class("affiliation_verb")
                and token.lemma_.lower()
                in (word_class("role_threat") | word_class("operative_noun") | word_class("unit_noun"))
            ):
                sponsor = [
                    g
                    for p in child.children
                    if p.dep_ in ("prep", "agent") and p.lower_ in ("with", "to", "by")
                    for g in p.children
                    if g.dep_ == "pobj" and g.i in ctx.at
                ]
                if sponsor:  # "hackers affiliated with China's Ministry of State Security": the ministry
                    return ctx.at[sponsor[0].i].actor, ctx.at[sponsor[0].i].how
            if child.dep_ == "acl" and child.lemma_.lower() in word_class("naming_verb") | word_class("calling_verb"):
                named = [
                    g
                    for p in child.children
                    if p.dep_ == "prep" and p.lower_ == "as"
                    for g in p.children
                    if g.dep_ == "pobj" and g.i in ctx.at
                ]
                named += [g for g in child.children if g.dep_ in ("oprd", "attr", "dobj", "npadvmod") and g.i in ctx.at]
                if named:  # "the military intelligence service known as the GRU"
                    return ctx.at[named[0].i].actor, ctx.at[named[0].i].how
        for child in token.children:
            if (
                child.dep_ == "compound"
                and child.i in ctx.at
                and members_as_patient(token)
                and ctx.at[child.i].actor.kind in ("GovernmentBody", "Country")
            ):
                continue  # "charged four MSS hackers", "indicted GRU officers": members, not the body
            if child.dep_ in ("compound", "flat", "appos", "nmod") and child.i in ctx.at and child.pos_ == "PROPN":
                if (
                    ctx.at[child.i].actor.kind == "Country"
                    and token.pos_ != "PROPN"
                    and token.lemma_.lower()
                    in (word_class("role_org") | word_class("group_org") | word_class("role_threat"))
                ):
                    continue  # "two US companies" are American companies, not the United States
                if token.pos_ in ("PROPN",) and child.dep_ != "nmod" or token.lemma_.lower() in class_nouns():
                    m = ctx.at[child.i]  # "a Ministry of Oil spokesperson" (nmod) only before a role noun
                    state = next(
                        (
                            other
                            for rel, other, kind in m.actor.relations
                            if rel in ("president_of", "leader_of") and kind == "Country"
                        ),
                        None,
                    )
                    if state is not None and token.lemma_.lower() in word_class("cabinet_noun"):
                        country = gazetteer().get(state)  # "the Biden administration": the US government
                        if country is not None:
                            return country, m.how
                    break
            if child.dep_ == "compound" and token.lemma_.lower() in class_nouns():
                named = [g for g in child.subtree if g.i in ctx.at and g.dep_ == "compound"]
                if named:  # "the Conti ransomware operation"
                    m = ctx.at[named[0].i]
                    break
            if child.dep_ == "poss" and child.i in ctx.at and token.lemma_.lower() in class_nouns():
                m = ctx.at[child.i]  # "Ukraine's national police", "China's government"
                break
            if (
                child.dep_ == "prep"
                and child.lower_ in ("for", "of")
                and token.lemma_.lower() in word_class("role_spokesperson")
            ):
                spoken = next((g for g in child.children if g.dep_ == "pobj" and g.i in ctx.at), None)
                if spoken is not None:  # "spokespersons for the Ministry of Oil": the ministry speaks
                    m = ctx.at[spoken.i]
                    break
            if child.dep_ == "prep" and child.lower_ == "of" and token.lemma_.lower() in word_class("authority_noun"):
                body = next(
                    (
                        g
                        for g in child.children
                        if g.dep_ == "pobj" and g.i in ctx.at and ctx.at[g.i].actor.kind == "GovernmentBody"
                    ),
                    None,
                )
                if body is not None:  # "officers of the Ukrainian National Police"
                    m = ctx.at[body.i]
                    break
    if m is None:
        return None
    return m.actor, m.how


def policy_of(ctx: Context, token: Token | None) -> Policy | None:
    """The policy, instrument or issue a noun phrase names ('a new sanctions program')."""
    if token is None:
        return None
    if token.pos_ in ("VERB", "AUX"):  # gerund: "imposing sanctions", "fighting against attacks"
        inner = next((c for c in token.children if c.dep_ == "dobj"), None)
        if inner is None:  # "fighting against cyber attacks"; not "hacking in all its forms"
            inner = next(
                (
                    p
                    for c in token.children
                    if c.dep_ == "prep" and c.lower_ in ("against", "on", "of", "into")
                    for p in c.children
                    if p.dep_ == "pobj"
                ),
                None,
            )
        if inner is None and token.tag_ == "VBG" and token.dep_ in ("dobj", "pobj", "pcomp", "nsubj"):
            phrase = phrase_of(token, limit=8)  # "opposed hacking"; "for helping launder payments"
            if any(c.dep_ in ("xcomp", "ccomp", "dobj", "dative") for c in token.children):
                return Policy(label=phrase, aliases=(token.text,))
            return Policy(label=token.text, aliases=(phrase,))
        gerund = re.sub(r"^to\s+", "", phrase_of(token, limit=8))
        found = policy_of(ctx, inner)
        if found is None:  # "of hacking the OPCW": the act itself is what is at issue
            return Policy(label=gerund) if inner is not None and any(ch.isalpha() for ch in gerund) else None
        return replace(found, aliases=unique(found.aliases + (gerund,)))
    if token.pos_ not in ("NOUN", "PROPN", "NUM") or token.lemma_.lower() in word_class("relative_pronoun"):
        return None
    if token.pos_ == "PROPN" and (token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or token.i in ctx.at):
        return None  # a name the actor finder did not resolve is an unknown actor, not a policy
    if token.lemma_.lower() in word_class("container_noun"):
        inner = next(
            (
                p
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.dep_ == "pobj"
            ),
            None,
        )
        found = policy_of(ctx, inner)
        if found is not None:
            return replace(
                found,
                aliases=unique(found.aliases + (phrase_of(token, limit=10), strip_det(phrase_of(token, limit=10)))),
            )
    core = contiguous([t for t in token.lefts if t.dep_ in ("compound", "nmod") and not t.is_punct] + [token])
    labelled = contiguous(
        [t for t in token.lefts if t.dep_ in ("compound", "nmod", "amod", "nummod", "quantmod") and not t.is_punct]
        + [token]
    )
    label = join(labelled)
    if not label or not any(ch.isalpha() for ch in label):
        return None
    strict = [token]  # the head with its compounds only: "seized domains" is also "domains"
    while (
        strict[0].i > 0
        and token.doc[strict[0].i - 1].dep_ == "compound"
        and token.doc[strict[0].i - 1].head.i == token.i
    ):
        strict.insert(0, token.doc[strict[0].i - 1])
    aliases: tuple[str, ...] = (
        join(core),
        strip_det(phrase_of(token, limit=10)),
        phrase_of(token, limit=10),
        _QUANTIFIER.sub("", label),
        join(strict),
    )
    measured = next(
        (
            p
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN")
        ),
        None,
    )
    if measured is not None and (token.like_num or token.lemma_.lower() in word_class("measure_noun")):
        # "$6.1 million worth of cryptocurrency", "billions worth of bitcoin": what was taken
        stuff = join(contiguous([t for t in measured.lefts if t.dep_ in ("compound", "amod", "nmod")] + [measured]))
        aliases += (f"{label} of {stuff}", f"{_QUANTIFIER.sub('', label)} of {stuff}", stuff)
    return Policy(label=label, aliases=unique(tuple(a for a in aliases if a and a != label)))


_STATE_BACKED = re.compile(r"\b(state|government|military)\b|sponsored|backed|linked", re.IGNORECASE)


def described_actor(ctx: Context, token: Token, attackers_only: bool = False) -> Actor | None:
    """The actor a descriptive phrase stands for: 'Chinese state-sponsored hackers' (a threat
    actor sponsored by China), 'unknown attackers', 'the ransomware gang', 'dozens of countries'.
    With `attackers_only`, only a phrase whose head names attackers ('hackers', 'threat
    actors', 'the gang', 'cybercriminals') counts."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    if attackers_only and described_kind(token) != "ThreatActor":
        return None
    lefts = [t for t in token.lefts if t.dep_ in ("compound", "amod", "nmod", "nummod", "quantmod") and not t.is_punct]
    start = min([t.left_edge.i for t in lefts] + [token.i])
    core = [t for t in token.doc[start : token.i + 1] if t.dep_ not in ("det", "poss", "case", "predet")]
    label = strip_det(join(core))  # 'North Korean hackers', 'Chinese state-sponsored hackers'

    if not label or not any(ch.isalpha() for ch in label):
        return None
    phrase = strip_det(_phrase(token))
    head = token.text
    aliases = unique(
        tuple(
            a
            for a in (
                phrase,
                join([*[t for t in lefts if t.dep_ == "compound"], token]),
                head,
                f"the {label}",
                f"the {head}",
            )
            if a and a != label
        )
    )
    # the state in the phrase: 'Chinese state-sponsored hackers'; 'state-backed hackers from Iran'
    named = [*core]
    if _STATE_BACKED.search(label):
        named += [p for t in token.rights if t.dep_ == "prep" and t.lower_ in ("from", "in") for p in t.children]
    sponsors = tuple(dict.fromkeys(("sponsored_by", c, "Country") for t in named if (c := _country(ctx, t))))
    return Actor(label, described_kind(token), aliases, None, sponsors, scope=ctx.article.id)


def accusable_description(ctx: Context, token: Token) -> Actor | None:
    """A description of attackers that names the state behind them ('Russian nation-state
    actors', 'Chinese state-sponsored hackers') says whom an accusation is about, as a name
    does; 'unknown hackers' or 'threat actors' say it of no one, so telling their acts accuses
    no one."""
    actor = described_actor(ctx, token, attackers_only=True)
    return actor if actor is not None and sponsored(actor) else None


def sponsored(actor: Actor) -> bool:
    return any(relation == "sponsored_by" for relation, _, _ in actor.relations)


def _country(ctx: Context, token: Token) -> str | None:
    """The country a token names: a mention of one, or a demonym ('Chinese', 'North Korean')."""
    m = ctx.at.get(token.i)
    if m is not None and m.actor.kind == "Country":
        return m.actor.label
    gaz = gazetteer()
    for surface in (token.text, f"{token.nbor(-1).text} {token.text}" if token.i > 0 else ""):
        label = gaz.demonyms.get(surface)
        if label is not None:
            return label
    return None


def _phrase(token: Token, limit: int = 9) -> str:
    """The phrase of a head with what follows it (prepositional modifiers), up to `limit` words."""
    tokens = [
        t
        for t in token.subtree
        if not (
            t.dep_ in ("relcl", "acl", "appos")
            or any(a.dep_ in ("relcl", "acl", "appos") and a.head.i == token.i for a in t.ancestors if a.i != token.i)
        )
    ]
    tokens = sorted(tokens, key=lambda t: t.i)
    right = [t for t in tokens if t.i > token.i]
    stop = next((k for k, t in enumerate(right) if t.is_punct), len(right))
    left = [t for t in tokens if t.i <= token.i]
    return join(left + right[:stop])[:200] if len(left) + stop <= limit else join(left)


def described_kind(token: Token) -> str:
    lemma = token.lemma_.lower()
    if lemma in word_class("role_threat") | word_class("attacker_noun") | word_class("operative_noun"):
        return "ThreatActor"
    if lemma in word_class("authority_noun") | word_class("government_noun"):
        return "GovernmentBody"
    if lemma in ("country", "nation", "state", "government", "ally", "allies"):
        return "Country"
    if lemma in word_class("role_person") | word_class("group_person") | word_class("people_noun"):
        return "Person"
    # the agent nouns of the Phoenix dictionary: 'prosecutors', 'riot police', 'militants'
    derived = role_nouns().get(token.lower_) or role_nouns().get(lemma)
    if derived is not None and derived[1] in ("GovernmentBody", "ThreatActor", "InternationalOrganization"):
        return derived[1]
    return "Organization"
