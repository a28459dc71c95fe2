"""Groups and their members: 'the two men', 'five Russian nationals ... named as A, B, C'.

News names the members of a counted group after the sentence that reports the act; these
functions find them, within the article, for one event per member (docs/events.md,
"Groups and members").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Span, Token

from kg.extraction.context import Context
from kg.extraction.lexicon import word_class
from kg.extraction.syntax import cardinal
from kg.model import Actor

LIST_ITEM = re.compile(r"^\s*(?:[-*•·▪–—]|\d{1,2}[.)])\s*\S")


def pair_of(ctx: Context, token: Token) -> list[Actor]:
    """'both', 'the two', 'the two men', 'the pair', 'the five suspects': the people named
    last before, as many as the count (at most six)."""
    own = [
        t
        for t in token.subtree
        if t.i == token.i or t.head.i == token.i and t.dep_ in ("det", "nummod", "amod", "predet")
    ]
    words = [t.lower_ for t in sorted(own, key=lambda t: t.i) if not t.is_punct]
    count = 0
    if words in (["both"], ["the", "two"], ["the", "pair"]):
        count = 2
    elif (
        len(words) == 3
        and words[0] in ("the", "these", "all")
        and token.lemma_.lower() in (word_class("role_person") | word_class("group_person"))
    ):
        count = cardinal(token) or 0
    if not 2 <= count <= 6:
        return []
    people: list[Actor] = []
    # the people the article's events acted on last ("were charged ... The two were also
    # sanctioned"); for 'both' and 'the two' with no such people, the last people named
    for actor in reversed(ctx.state.person_targets):
        if actor not in people:
            people.append(actor)
    if len(people) >= count or (words[0] != "both" and words[-1] not in ("two", "pair")):
        return people[:count] if len(people) >= count else []
    return last_named(ctx, token, "Person", count)


def last_named(ctx: Context, token: Token, kind: str, count: int) -> list[Actor]:
    """The last `count` distinct actors of `kind` named before `token`, nearest first; [] when
    fewer are named ('the two men', 'both agencies' point back to them)."""
    found: list[Actor] = []
    for m in sorted({m for m in ctx.at.values() if m.start < token.i}, key=lambda m: -m.start):
        if m.actor.kind == kind and m.actor not in found:
            found.append(m.actor)
        if len(found) == count:
            return found
    return []


def members(ctx: Context, group: Token, agents: frozenset[str]) -> list[Actor]:
    """The named members of a counted group ('five Russian nationals', 'eight firms').

    News names such members after the sentence that reports the act: in the same sentence
    by apposition, or in a later sentence that refers back to the group ('The five
    suspects were named as A, B ...', 'Of the four nationals indicted, three were ...:'
    followed by a list, 'A fourth suspect, named D'), or in the list after a sentence of
    the same agent that ends with a colon ('the Treasury singled out:'). Only people count
    for a group of people and only organizations for a group of firms; at most as many
    as the count, and none past the next 15 sentences.
    """
    count = cardinal(group)
    lemma = group.lemma_.lower()
    if (
        count is None
        and group.tag_ == "NN"
        and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in group.children)
    ):
        return introduced(ctx, group) if lemma in word_class("group_person") else []
    if count is None or not 2 <= count <= 20:
        return []
    groups = {"group_person": {"Person"}, "group_org": {"Organization"}}
    cls = next((c for c in groups if lemma in word_class(c)), None)
    if cls is None:
        return []
    kinds = groups[cls]
    sents = ctx.sentences()
    at = next(k for k, s in enumerate(sents) if s.start <= group.i < s.end)
    found: list[Actor] = []
    listing = False  # inside the list that a referring sentence announced
    for sent in sents[at + 1 : at + 16]:
        if listing and LIST_ITEM.match(sent.text):
            named = named_in(ctx, range(sent.start, sent.end), kinds, agents)[:1] or bare_name(sent, kinds)
        else:
            named = []
            referring = [t for t in sent if t.lemma_.lower() in word_class(cls) and refers_back(t)]
            for ref in referring:
                named += [a for a in named_in(ctx, clause_of(ref), kinds, agents) if a not in named]
            colon = sent.text.rstrip().endswith(":")
            listing = colon and (bool(referring) or bool(agents & {m.actor.label for m in ctx.mentions_in(sent)}))
        found += [a for a in named if a not in found]
        if len(found) >= count:
            break
    return found[:count]


def introduced(ctx: Context, someone: Token) -> list[Actor]:
    """'indicted a Turkish national ...' then 'Izzet Mert Ozek, 32, stands accused ...': the
    person a following sentence introduces by name, as its subject ('X, 32, ...') or as
    'named X' / 'identified as X', within the next three sentences."""
    sents = ctx.sentences()
    at = next(k for k, s in enumerate(sents) if s.start <= someone.i < s.end)
    known = {m.actor.label for m in ctx.at.values() if m.start < sents[at + 1].start} if at + 1 < len(sents) else set()
    for sent in sents[at + 1 : at + 4]:
        for m in ctx.mentions_in(sent):
            if m.actor.kind != "Person" or m.actor.label in known or m.how != "ner" and m.how != "gazetteer":
                continue
            root = ctx.doc[m.start : m.end].root
            subject = root.dep_ in ("nsubj", "nsubjpass") and (
                root.head.dep_ == "ROOT"
                or root.head.dep_ == "ccomp"
                and root.head.head.lemma_.lower() in word_class("speech")
            )
            named = root.head.lemma_.lower() in word_class("naming_verb") or (
                root.head.lower_ == "as" and root.head.head.lemma_.lower() in word_class("naming_verb")
            )
            if subject or named:
                return [m.actor]
    return []


def named_in(ctx: Context, where: Iterable[int], kinds: set[str], exclude: frozenset[str]) -> list[Actor]:
    """Actors of the kinds named by name (not by pronoun or role noun) at token indices; a
    person by a full name (one word alone is as often a product or a place: 'Gmail')."""
    out: list[Actor] = []
    for i in sorted(where):
        m = ctx.at.get(i)
        if m is not None and m.actor.kind == "Person" and len(m.actor.label.split()) < 2:
            continue
        if m is not None and any(r[0] in ("leader_of", "president_of", "spokesperson_of") for r in m.actor.relations):
            continue  # a foreign minister or a spokesperson is no member of a group of nationals charged
        head = ctx.doc[m.start : m.end].root if m is not None else None
        if (
            m is not None
            and m.start == i
            and m.actor.kind in kinds
            and m.actor.label not in exclude
            and m.how not in ("pronoun", "role-noun", "implicit")
            and m.actor not in out
            and head is not None
            and head.dep_ not in ("compound", "amod", "nmod", "poss")
        ):  # 'the Muslim Uyghur minority'
            out.append(m.actor)
    return out


def bare_name(item: Span, kinds: set[str]) -> list[Actor]:
    """A list item that opens with a name ('* Zhang Min (张敏)', '- Baltic Crypto SIA, a broker'):
    the name, of the list's kind, when the NER did not tag it."""
    tokens = [t for t in item if not t.is_space]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    run = []
    for t in tokens:
        if t.pos_ != "PROPN" or not t.text[:1].isupper():
            break
        run.append(t)
    after = tokens[len(run)] if len(run) < len(tokens) else None
    if len(run) < 2 or (after is not None and not after.is_punct):
        return []
    return [Actor(" ".join(t.text for t in run), next(iter(kinds)))]


def members_as_patient(noun: Token) -> bool:
    """'four MSS hackers' as what is acted on: people of a body, not the body itself."""
    patient = noun.dep_ in ("dobj", "nsubjpass") or noun.dep_ == "pobj" and noun.head.lower_ != "by"
    return patient and noun.lemma_.lower() in (word_class("group_person") | word_class("operative_noun"))


def refers_back(noun: Token) -> bool:
    """'the five suspects', 'these companies', 'a fourth suspect', 'the individuals': a noun
    phrase that points at a group already introduced (definite, counted or ordinal)."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    dets = {c.lower_ for c in noun.children if c.dep_ in ("det", "predet")}
    counted = any(c.dep_ == "nummod" for c in noun.children)
    ordinal = any(c.dep_ == "amod" and c.ent_type_ == "ORDINAL" for c in noun.children)
    if noun.tag_ in ("NNS", "NNPS"):
        return bool(dets & {"the", "these", "those", "all", "both"}) or counted
    return ordinal


def clause_of(noun: Token) -> set[int]:
    """Token indices of the clause a noun is an argument of, without clauses nested in it that
    do not hold the noun: where the names of a referred-to group stand."""
    node = noun
    while node.dep_ in ("pobj", "prep", "appos") and node.head.i != node.i:
        node = node.head
    if node.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "dative") and node.head.i != node.i:
        node = node.head
    inside = {t.i for t in node.subtree}
    for child in node.children:
        if child.dep_ in ("relcl", "advcl", "ccomp", "parataxis") and noun.i not in {t.i for t in child.subtree}:
            inside -= {t.i for t in child.subtree}
    return inside


def list_lead(ctx: Context, pred: Token) -> list[Token]:
    """'The two agencies attributed five campaigns, including:' then '* Attributing the Havex
    malware to Russian actors.': a list item told as a bare gerund has no subject of its own;
    its acts are those of the subject of the sentence that introduces the list."""
    if pred.dep_ != "ROOT" or pred.tag_ != "VBG" or any(c.dep_ in ("nsubj", "nsubjpass") for c in pred.children):
        return []
    sents = ctx.sentences()
    at = next((k for k, s in enumerate(sents) if s.start <= pred.i < s.end), None)
    if at is None or not LIST_ITEM.match(sents[at].text):
        return []
    for sent in reversed(sents[max(0, at - 20) : at]):  # past the list's earlier items to its lead
        if LIST_ITEM.match(sent.text):
            continue
        return [c for c in sent.root.children if c.dep_ == "nsubj"] if sent.text.rstrip().endswith(":") else []
    return []


def counted_bodies(ctx: Context, token: Token) -> list[Actor]:
    """'the two agencies', 'both agencies': the government bodies named last before, as many as
    the count, as 'the two men' are the last two people named (pair_of)."""
    if token.lemma_.lower() not in word_class("role_body") | word_class("generic_body"):
        return []
    words = [t.lower_ for t in token.children if t.dep_ in ("det", "nummod", "predet")]
    count = cardinal(token) or (2 if words == ["both"] else 0)
    if not 2 <= count <= 6 or not (words in (["both"],) or "the" in words or "these" in words):
        return []
    return last_named(ctx, token, "GovernmentBody", count)
