"""Sentence constructions that report an event without a trigger word of its type.

Each is a free generator over one sentence: an appeal in reported speech ("X should do
Y", said S), an attribution ("S said X is behind Y"), cooperation told by a prepositional
phrase ("with the help of A"), victim lists ("victims of X include A, B"), claims of an
attack ("the gang claims to have stolen ..."), and appeals the tagger misread.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from spacy.tokens import Span, Token

from kg.extraction.arguments import find_patients, speaker_pronoun
from kg.extraction.clause import event_date, evidence_of, status_of
from kg.extraction.context import Context
from kg.extraction.lexicon import triggers, word_class
from kg.extraction.nominals import actor_of, policy_of
from kg.extraction.rules import rules
from kg.extraction.syntax import coordinated, speech_head, subjects_of
from kg.model import Actor, Event, Policy


def _type(construction: str) -> str:
    """The event type a construction reports (data/rules/types.toml, [constructions])."""
    return rules().constructions[construction]


def appeals_in_speech(ctx: Context, sent: Span) -> Iterator[Event]:
    """'X should do Y', reported by a speaker, is the speaker's appeal to X (docs/events.md APPEAL)."""
    for verb in sent:
        if (
            verb.pos_ != "VERB"
            or not any(c.dep_ == "aux" and c.lemma_.lower() in word_class("appeal_modal") for c in verb.children)
            or verb.lemma_.lower() in word_class("stative_verb")
        ):
            continue  # "applicants should expect a denial" predicts; it asks nothing
        speech = speech_head(verb)
        if speech is None:
            continue
        speakers = [r for s in subjects_of(speech) if (r := actor_of(ctx, s)) is not None]
        if not speakers:
            continue
        subjects = subjects_of(verb)
        targets = [r[0] for s in subjects if (r := actor_of(ctx, s)) is not None]
        objects = [p for c in verb.children if c.dep_ == "dobj" and (p := policy_of(ctx, c)) is not None]
        if not targets and not objects:
            continue
        agent, how = speakers[0]
        if any(t.label == agent.label for t in targets):
            continue  # "we should ..." is a pledge, not an appeal
        aux = next(c for c in verb.children if c.dep_ == "aux")
        yield Event(
            type=_type("speech_appeal"),
            trigger=f"{aux.text} {verb.text}",
            agent=agent,
            evidence=evidence_of(sent),
            article_id=ctx.article.id,
            target=targets[0] if targets else None,
            object=objects[0] if objects else None,
            date=event_date(ctx, verb, speech, "asserted"),
            status="asserted",
            confidence=0.6 if how == "gazetteer" else 0.5,
        )


def attributions_in_speech(ctx: Context, sent: Span) -> Iterator[Event]:
    """'S said X is behind Y' / 'X was responsible for Y': S accuses X (docs/events.md ACCUSE)."""
    for word in sent:
        lemma = word.lemma_.lower()
        if lemma == "behind" and word.dep_ == "prep":
            copula, what = word.head, next((c for c in word.children if c.dep_ == "pobj"), None)
        elif lemma in word_class("responsible") and word.dep_ == "acomp":
            copula = word.head
            what = next(
                (
                    g
                    for c in word.children
                    if c.dep_ == "prep" and c.lower_ == "for"
                    for g in c.children
                    if g.dep_ in ("pobj", "pcomp")
                ),
                None,
            )
        else:
            continue
        if copula.lemma_ != "be":
            continue
        speech = speech_head(copula)
        if speech is None:
            continue
        speakers = [r for s in subjects_of(speech) if (r := actor_of(ctx, s)) is not None]
        accused = [r[0] for s in subjects_of(copula) for t in coordinated(s) if (r := actor_of(ctx, t)) is not None]
        if not speakers or not accused:
            continue
        agent, how = speakers[0]
        obj = policy_of(ctx, what) if what is not None and actor_of(ctx, what) is None else None
        status = status_of(copula, copula)
        for target in accused:
            if target.label == agent.label:
                continue
            yield Event(
                type=_type("attribution"),
                trigger=f"is {word.text}",
                agent=agent,
                evidence=evidence_of(sent),
                article_id=ctx.article.id,
                target=target,
                object=obj,
                date=event_date(ctx, speech, speech, "asserted"),
                status=status,
                confidence=0.65 if how == "gazetteer" else 0.55,
            )


def cooperation_in(ctx: Context, sent: Span) -> Iterator[Event]:
    """Help and partnership told by a prepositional phrase (docs/events.md COOPERATE).

    'X arrested Y with aid from A, B and C' and 'with the help of A': each helper
    cooperates with X. 'in cooperation with A', 'a joint investigation with A', 'at the
    request of A': X cooperates with A. X is the actor of the clause the phrase belongs to
    (its subject, the by-phrase of a passive, or the speaker of a reported clause).
    """
    for word in sent:
        lemma = word.lemma_.lower()
        partners: list[Token] = []
        if lemma in word_class("help_noun") and word.dep_ == "pobj" and word.head.lower_ == "with":
            helpers = [
                g
                for c in word.children
                if c.dep_ == "prep" and c.lower_ in ("from", "of", "by")
                for g in c.children
                if g.dep_ == "pobj"
            ]
            helpers += [c for c in word.children if c.dep_ == "poss"]
            toward = False
        elif lemma in word_class("partnership_noun") and (
            word.dep_ == "pobj"
            and word.head.lower_ in ("in", "with")
            or any(c.lower_ == "joint" for c in word.children)
        ):
            helpers = [
                g
                for c in word.children
                if c.dep_ == "prep" and c.lower_ == "with"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            toward = True
        elif lemma == "request" and word.dep_ == "pobj" and word.head.lower_ == "at":
            helpers = [
                g
                for c in word.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            toward = True
        else:
            continue
        partners = [t for h in helpers for t in coordinated(h)]
        clause = word
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        mains = [r for s in subjects_of(clause) for t in coordinated(s) if (r := actor_of(ctx, t)) is not None]
        if not mains:
            mains = [r for r in [speaker_pronoun(ctx, clause)] if r is not None]
            speech = speech_head(clause)
            if not mains and speech is not None:
                mains = [r for s in subjects_of(speech) if (r := actor_of(ctx, s)) is not None]
        if not mains or clause.pos_ not in ("VERB", "AUX"):
            continue
        main, how = mains[0]
        when = event_date(ctx, clause, clause, "asserted")
        for partner_token in partners:
            resolved = actor_of(ctx, partner_token)
            if resolved is None or resolved[0].label == main.label:
                continue
            agent, target = (main, resolved[0]) if toward else (resolved[0], main)
            yield Event(
                type=_type("cooperation"),
                trigger=word.text,
                agent=agent,
                evidence=evidence_of(sent),
                article_id=ctx.article.id,
                target=target,
                date=when,
                status=status_of(clause, clause),
                confidence=0.6 if how == "gazetteer" else 0.5,
            )


def victim_lists(ctx: Context, sent: Span) -> Iterator[Event]:
    """'Victims of X include A, B and C', 'X's targets included A', 'Some of the victims X
    targeted include A and B': X attacked each of A, B and C (docs/events.md ATTACK)."""
    for verb in sent:
        if verb.lemma_.lower() not in ("include", "be") or verb.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            continue
        victims = (
            subject
            if subject.lemma_.lower() in word_class("victim_noun")
            else next(
                (
                    g
                    for p in subject.children
                    if p.dep_ == "prep" and p.lower_ == "of"
                    for g in p.children
                    if g.dep_ == "pobj" and g.lemma_.lower() in word_class("victim_noun")
                ),
                None,
            )
        )
        if victims is None:
            continue
        attackers = [
            t
            for t in victims.subtree
            if t.i != victims.i
            and (m := ctx.at.get(t.i)) is not None
            and m.actor.kind in ("ThreatActor", "Country", "GovernmentBody", "Person")
        ]
        listed = [t for c in verb.children if c.dep_ in ("dobj", "attr") for t in coordinated(c)]
        if not attackers or not listed:
            continue
        attacker = ctx.at[attackers[0].i].actor
        for tok in listed:
            resolved = actor_of(ctx, tok)
            if resolved is None or resolved[0].label == attacker.label:
                continue
            yield Event(
                type=_type("victim_list"),
                trigger=victims.text,
                agent=attacker,
                evidence=evidence_of(sent),
                article_id=ctx.article.id,
                target=resolved[0],
                date=None,
                status=status_of(verb, verb),
                confidence=0.6,
            )


def claims_of_attack(ctx: Context, sent: Span) -> Iterator[Event]:
    """'The gang claims to have stolen 1.5 TB of files', 'X claimed it hacked Y': a claim of
    the attack (docs/events.md CLAIM); the victim is the attack's, else the article's victim of X."""
    act_type = _type("claimed_act")
    attack_verbs = {
        lemma
        for (lemma, pos), entries in triggers().items()
        if pos == "VERB" and any(e.type == act_type for e in entries)
    }
    for verb in sent:
        if verb.lemma_.lower() != "claim" or verb.pos_ != "VERB":
            continue
        acts = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in attack_verbs]
        if not acts:
            continue
        agents = [r for s in subjects_of(verb) for t in coordinated(s) if (r := actor_of(ctx, t)) is not None]
        if not agents:
            continue
        act = acts[0]
        entry = next(e for e in triggers()[(act.lemma_.lower(), "VERB")] if e.type == act_type)
        victims: list[Actor | None] = [t for t, _ in find_patients(ctx, act, act, entry) if t is not None]
        agent, how = agents[0]
        for victim in victims or [None]:
            if victim is not None and victim.label == agent.label:
                continue
            yield Event(
                type=_type("claim"),
                trigger=f"{verb.text} {act.text}",
                agent=agent,
                evidence=evidence_of(sent),
                article_id=ctx.article.id,
                target=victim,
                object=None if victim else Policy(act.lemma_),
                date=event_date(ctx, verb, verb, "asserted"),
                status=status_of(verb, verb),
                confidence=0.6 if how == "gazetteer" else 0.5,
            )


def mistagged_appeals(ctx: Context, sent: Span) -> Iterator[Event]:
    """'"CISA and the FBI urge users and organizations to take these actions," the advisory
    warns': the tagger often reads 'urge' after a list of names as a noun, and the parse
    has no verb to hang the appeal on. The surface order says it: names, 'urge', who is
    urged, 'to' and the act."""
    words = list(sent)
    for k, word in enumerate(words):
        if word.lower_ not in ("urge", "urges") or word.pos_ == "VERB" or k == 0:
            continue
        agents: list[Actor] = []
        j = k - 1
        while j >= 0 and (words[j].i in ctx.at or words[j].lower_ in ("and", ",", "the")):
            m = ctx.at.get(words[j].i)
            if (
                m is not None
                and m.actor not in agents
                and m.actor.kind in ("GovernmentBody", "Country", "InternationalOrganization")
            ):
                agents.insert(0, m.actor)
            j -= 1
        if not agents or j >= 0 and not (words[j].is_punct or words[j].is_space):
            continue  # the names must open the clause
        end = next((n for n in range(k + 1, len(words)) if words[n].lower_ == "to"), None)
        if end is None or end == k + 1:
            continue
        urged = words[k + 1 : end]
        targets: list[Actor | None] = [m.actor for t in urged if (m := ctx.at.get(t.i)) is not None]
        label = " ".join(t.text for t in urged if not t.is_punct).strip()
        obj = None if targets else Policy(label)
        for agent in agents:
            for target in targets or [None]:
                yield Event(
                    type=_type("misread_appeal"),
                    trigger=word.text,
                    agent=agent,
                    evidence=evidence_of(sent),
                    article_id=ctx.article.id,
                    target=target,
                    object=obj,
                    date=ctx.article.published,  # a present-tense appeal: the day's news
                    status="asserted",
                    confidence=0.5,
                )


def happenings(ctx: Context, sent: Span) -> Iterator[tuple[int, str, date]]:
    """'The arrests took place on September 28', 'the attack occurred on Tuesday': the day
    of the acts of that type the article told before."""
    for verb in sent:
        lemma = verb.lemma_.lower()
        if not (
            lemma in word_class("happening_verb") or lemma == "take" and any(c.lower_ == "place" for c in verb.children)
        ):
            continue
        for subject in (c for c in verb.children if c.dep_ == "nsubj"):
            entries = triggers().get((subject.lemma_.lower(), "NOUN"), ())
            kind = next((e.type for e in entries if e.type != "STATEMENT"), None)
            when = event_date(ctx, verb, verb, "asserted") if kind else None
            if kind and when is not None:
                yield sent.start_char, kind, when
