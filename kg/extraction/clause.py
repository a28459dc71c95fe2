"""What a clause says about its event: status (asserted, negated, hypothetical), speaker, date,
and the evidence sentence.

Event dates resolve against the publication date (kg.inputs.dates); a clause that names a
time without a day ("in 2014") gives no date and marks the event as one that must not
inherit a date from its neighbours.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Span, Token

from kg.extraction.context import Context
from kg.extraction.lexicon import word_class
from kg.extraction.nominals import actor_of
from kg.extraction.syntax import governed_by, is_finite_passive, reported_as_new, speech_head, subjects_of
from kg.inputs import dates
from kg.model import Actor, Evidence, Policy, Status

_SAME_DAY = re.compile(r"\b(same|that) day\b", re.I)


def status_of(token: Token, pred: Token) -> Status:
    for node in (token, pred):
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return "negated"
            if child.dep_ in ("nsubjpass", "nsubj", "dobj") and any(
                d.dep_ == "det" and d.lower_ == "no" for d in child.children
            ):
                return "negated"  # "No names were added to the list"
    for node in (token, pred):
        if any(c.dep_ == "aux" and c.lemma_.lower() in word_class("modal_hypothetical") for c in node.children):
            return "hypothetical"
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children):
            return "hypothetical"
    if pred.dep_ in ("xcomp", "ccomp") and pred.head.lemma_.lower() in word_class("future_head"):
        return "hypothetical"  # "plans to sanction", "demanded that Washington withdraw"
    head = pred.head
    if pred.dep_ in ("ccomp", "xcomp") and head.lemma_.lower() in word_class("denial_verb"):
        return "negated"
    if (
        pred.dep_ in ("acl", "ccomp")
        and head.pos_ == "NOUN"
        and head.head.lemma_.lower() in word_class("dismissal_verb")
    ):
        return "negated"  # "rejected accusations that Beijing was behind the hack"
    return "asserted"


def speaker_of(ctx: Context, pred: Token) -> Actor | None:
    if (
        pred.dep_ == "pcomp"
        and pred.head.dep_ == "prep"
        and pred.head.head.lemma_.lower() in word_class("accusation_verb")
    ):
        accuser = next((r[0] for s in subjects_of(pred.head.head) if (r := actor_of(ctx, s)) is not None), None)
        if accuser is not None:  # "the UK accused Russia of hacking X": the UK's claim
            return accuser
    speech = speech_head(pred)
    if speech is None:
        return according_to(ctx, pred)
    for subject in subjects_of(speech):
        resolved = actor_of(ctx, subject)
        if resolved is not None:
            return resolved[0]
    return None


def according_to(ctx: Context, pred: Token) -> Actor | None:
    """'According to Microsoft, Nobelium breached X'; 'X was hit, according to the FBI': the
    source of the clause or of a clause that governs it speaks for it (researchers for their
    firm). A document ('according to the indictment') names no one."""
    for node in (pred, *pred.ancestors):
        for prep in node.children:
            if prep.dep_ != "prep" or prep.lower_ != "according":
                continue
            for to in prep.children:
                for source in (g for g in to.children if g.dep_ == "pobj"):
                    # "according to Microsoft researchers", "according to Kaspersky's analysts": their firm
                    names = [source, *(c for c in source.children if c.dep_ in ("compound", "poss", "nmod"))]
                    resolved = next((r for t in names if (r := actor_of(ctx, t)) is not None), None)
                    if resolved is not None:
                        return resolved[0]
    return None


def event_date(ctx: Context, token: Token, pred: Token, status: str) -> date | None:
    """The day of the trigger's clause; a statement's own date for what it announces."""
    return dated(ctx, token, pred, status)[0]


def dated(ctx: Context, token: Token, pred: Token, status: str) -> tuple[date | None, bool]:
    """(day, vague) of the trigger's clause: vague when the clause names a time but no day
    ("in 2014", "last month"), so the event must never inherit a day from its neighbours."""
    mentioned = False
    for ent in ctx.doc.ents:
        if ent.label_ not in ("DATE", "TIME") or not (pred.sent.start <= ent.start < pred.sent.end):
            continue
        if ent.label_ == "TIME" and dates.resolve(ent.text, ctx.article.published) is None:
            continue  # "at 10am" says no day
        if governed_by(ent.root, {pred.i, token.i}):
            mentioned = True
            if _SAME_DAY.search(ent.text):
                return last_date_of(ctx, pred) or ctx.state.last_date, False
            resolved = dates.resolve(ent.text, ctx.article.published, future=status == "hypothetical")
            if resolved is not None:
                return resolved, False
    if mentioned:  # "in 2014", "last month": a time is given but no day; never inherit one
        return None, True
    when_of = pred.head if pred.dep_ == "relcl" and any(c.lower_ == "when" for c in pred.children) else None
    if when_of is not None and when_of.ent_type_ == "DATE":  # "On January 27, when the DOJ charged X"
        day = next(
            (
                dates.resolve(e.text, ctx.article.published)
                for e in ctx.doc.ents
                if e.label_ == "DATE" and e.start <= when_of.i < e.end
            ),
            None,
        )
        if day is not None:
            return day, False
    raised = (
        pred.dep_ == "xcomp"
        and (is_finite_passive(pred.head) or pred.head.dep_ == "xcomp")
        or (pred.dep_ == "advcl" and any(c.dep_ == "advmod" and c.lower_ == "when" for c in pred.children))
    )  # "On May 3, when X ..."
    if (
        (pred.dep_ == "conj" or pred.dep_ == "advcl" and pred.tag_ == "VBG" or raised)
        and pred.pos_ in ("VERB", "AUX")
        and pred.head.pos_ in ("VERB", "AUX")
    ):
        # "took place on September 28 and were carried out by ...", "imposed sanctions on Thursday,
        # listing six people", "On Friday, X is believed to have used ... to gain access": coordinated,
        # participial and raised clauses share the day
        shared = event_date(ctx, pred.head, pred.head, status)
        if shared is not None:
            return shared, False
    speech = speech_head(pred)
    if speech is not None and (status != "asserted" or pred.tag_ in ("VB", "VBP", "VBZ", "VBG")):
        return event_date(ctx, speech, speech, "asserted"), False  # "said on Friday that Russia would not expel"
    verb = pred.head if pred.pos_ == "NOUN" and pred.dep_ == "dobj" and pred.head.pos_ == "VERB" else pred
    if status == "asserted" and speech is None and reported_as_new(verb, token):
        return ctx.article.published, False  # "The FBI has linked X to Y", "X has suffered an attack": today's news
    return None, False


def last_date_of(ctx: Context, pred: Token) -> date | None:
    """The last date of the clause subject's earlier events: 'on the same day, Obama ...'."""
    for subject in subjects_of(pred):
        resolved = actor_of(ctx, subject)
        if resolved is not None and resolved[0].label in ctx.state.actor_dates:
            return ctx.state.actor_dates[resolved[0].label]
    return None


def evidence_of(sent: Span) -> Evidence:
    text = sent.text.strip()
    start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    return Evidence(text=text, start=start, end=start + len(text))


_SAID_MAX = 160  # characters of a reported clause kept as a statement's object


def said(token: Token, pred: Token) -> Policy | None:
    """What a speech verb reports: its complement clause ("said [that] the sanctions were
    unjustified", "'We will respond,' he said"), without the complementiser and the quotation
    marks, cut at a word before _SAID_MAX characters; None when the verb reports no clause."""
    clause = next((c for c in (*token.children, *pred.children) if c.dep_ in ("ccomp", "parataxis")), None)
    if clause is None:
        return None
    words = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head == clause)]
    text = "".join(t.text_with_ws for t in words).strip().strip("\"'“”‘’,.;: ").strip()
    if len(text.split()) < 2 or text.split()[0].lower() in ("that", "which", "who"):
        return None  # a relative clause parsed as the complement: "sanctions ... that were used"
    if len(text) > _SAID_MAX:
        text = text[: _SAID_MAX + 1].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return Policy(text)
