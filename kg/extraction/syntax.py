"""Helpers over the dependency parse: subjects, clauses, coordination, phrases.

Pure functions of spaCy tokens (and, for `owner`, the article's mention index): they
follow English syntax, not any article's wording.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from kg.extraction.lexicon import Trigger, word_class
from kg.extraction.mentions import Mention

CLAUSE_DEPS = {"relcl", "ccomp", "advcl", "acl", "parataxis", "csubj", "xcomp"}
NUMBERS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}


def subjects_of(pred: Token) -> list[Token]:
    subjects = [c for c in pred.children if c.dep_ in ("nsubj", "csubj")]
    if is_passive(pred):
        subjects = [g for c in pred.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    subjects = [antecedent(s) for s in subjects]
    if subjects:
        return subjects
    if pred.dep_ == "conj" and pred.head.i != pred.i:  # "X condemned and sanctioned Y"
        return subjects_of(pred.head)
    if pred.dep_ == "xcomp" and pred.head.lemma_.lower() in word_class("object_control"):
        # "the agents hired two hackers to compromise Yahoo": the hired ones act
        hired = [c for c in pred.head.children if c.dep_ in ("dobj", "nsubjpass")]
        if hired:
            return [antecedent(h) for h in hired]
    if pred.dep_ == "xcomp" and is_finite_passive(pred.head):
        # "X is believed to have hacked Y", "X was asked to help": the passive's subject acts
        raised = [c for c in pred.head.children if c.dep_ == "nsubjpass"]
        if raised:
            return [antecedent(r) for r in raised]
    if pred.dep_ == "xcomp":  # "X plans to sanction": the controller acts
        return subjects_of(pred.head)
    if (
        pred.dep_ == "pcomp"
        and pred.head.dep_ == "prep"
        and pred.head.head.lemma_.lower() in word_class("accusation_verb")
    ):
        # "accused Russia of hacking X", "Russia was blamed for hacking X": the accused act
        verb = pred.head.head
        accused = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if not accused and verb.dep_ in ("acomp", "oprd", "xcomp") and verb.head.i != verb.i:
            accused = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]  # "X stands accused of"
        return [antecedent(a) for a in accused]
    if pred.dep_ == "advcl" and pred.tag_ == "VBG":  # "X was active, being responsible for ...": X
        return subjects_of(pred.head)
    if pred.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in pred.children):
        verb = pred.head  # "Israel went as far as to accuse Russia", "imposed sanctions to punish X": the subject
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        return subjects_of(verb) if verb.i != pred.i else []
    if pred.dep_ == "acl" and pred.tag_ == "VBN":
        return [g for c in pred.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return []


def held_responsible(noun: Token) -> tuple[Token, list[Token]] | None:
    """(predicate, agent heads) of an act noun set in a statement of responsibility.

    'X is responsible for the attack on Y', 'X has been responsible for a wide range of
    attacks, including attacks against Y', 'X, responsible for the attacks on Y', 'the gang
    behind the attack on Y', 'X was behind the attacks', 'blamed X for the attack on Y',
    'attributed the attack on Y to X': the one held responsible acts.
    """
    verb = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in word_class("attribution_verb"):
        # "attributed the attack on Y to X", "the hack was pinned on X": the one it is put on acts
        to = [g for p in verb.children if p.dep_ == "prep" and p.lower_ in ("to", "on") for g in p.children]
        to = to or [g for p in blamed_on(noun) for g in p.children]  # "blamed the attack on Y on X"
        return (verb, [antecedent(g) for g in to if g.dep_ == "pobj"]) if to else None
    node = noun
    for _ in range(8):
        if node.dep_ == "prep" and node.lower_ == "behind":
            owner = node.head
            if owner.pos_ in ("NOUN", "PROPN", "PRON"):
                return noun, [owner]
            return (owner, subjects_of(owner)) if owner.pos_ in ("AUX", "VERB") else None
        if node.dep_ not in ("pobj", "prep", "conj", "appos") or node.head.i == node.i:
            break
        node = node.head
    if node.i != noun.i and (claim := claimed(node)) is not None:
        return claim, subjects_of(claim)  # "X claimed responsibility for the attack on Y": the claimant acts
    if node.pos_ in ("VERB", "AUX", "ADJ") and node.lemma_.lower() in word_class("accusation_verb") and noun.i > node.i:
        # "blamed X for the attack on Y", "X was accused of the breach": the accused acts
        accused = [c for c in node.children if c.dep_ in ("dobj", "nsubjpass")]
        return (node, [antecedent(a) for a in accused]) if accused else None
    if node.lemma_.lower() in word_class("responsible"):
        if node.dep_ == "acomp":
            return node.head, subjects_of(node.head)
        if node.dep_ in ("amod", "appos") and node.head.pos_ in ("NOUN", "PROPN"):
            return noun, [node.head]  # "the gang, responsible for ..."
        return None
    if node.pos_ in ("AUX", "VERB") and any(
        c.dep_ == "acomp" and c.lemma_.lower() in word_class("responsible") for c in node.children
    ):
        return node, subjects_of(node)  # "including attacks against Y" attached to the verb
    return None


def claimed(node: Token) -> Token | None:
    """The verb of a claim of responsibility: 'claimed responsibility for', 'took credit for'
    (the for-phrase on the noun or on the verb), 'responsibility ... was claimed by'."""
    claims = word_class("responsibility_noun")
    if node.lemma_.lower() in claims and node.dep_ in ("dobj", "nsubjpass"):
        verb = node.head
    elif any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in claims for c in node.children):
        verb = node
    else:
        return None
    if verb.lemma_.lower() not in word_class("claiming_verb") or any(c.dep_ == "neg" for c in verb.children):
        return None  # "did not claim responsibility" holds no one responsible
    return verb


def responsibility_claim(noun: Token) -> Token | None:
    """The claiming verb an act noun hangs from: 'claimed responsibility for the attack'."""
    node = noun
    while node.dep_ in ("pobj", "prep", "conj", "appos") and node.head.i != node.i:
        node = node.head
    return claimed(node) if node.i != noun.i else None


def blamed_on(noun: Token) -> list[Token]:
    """The on-phrase naming the one blamed when the parser hangs it on the act noun: 'blamed
    the attack on Y on X', 'pinned the hack of Y on X'; the last on-phrase of the noun (the
    first names the victim). Empty when the verb holds its own to- or on-phrase."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in word_class("attribution_verb"):
        return []
    if any(p.dep_ == "prep" and p.lower_ in ("to", "on") for p in verb.children):
        return []
    return [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "on"][-1:]


def is_finite_passive(token: Token) -> bool:
    """'X was charged', not the participle of 'companies listed on NASDAQ'."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)


def is_passive(token: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children) or (
        token.dep_ == "acl" and token.tag_ == "VBN"
    )


def antecedent(token: Token) -> Token:
    """A relative pronoun ('that', 'which', 'who') stands for the noun its clause modifies."""
    if token.lower_ in word_class("relative_pronoun") and token.head.dep_ == "relcl":
        noun = token.head.head
        if noun.dep_ == "attr":  # "Polyanin is the person who breached X": the subject of 'is'
            subject = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
        return noun
    return token


def coordinated(token: Token) -> list[Token]:
    """The token, its conjuncts and listed members: 'the US and the UK', 'allies, including
    the EU and NATO', 'three suppliers: A, B and C' give one event per actor."""
    out = [token]
    for conj in token.conjuncts:
        if (
            conj.i > token.i
            and conj.pos_ == token.pos_
            or conj.pos_ in ("PROPN", "NOUN")
            and token.pos_ in ("PROPN", "NOUN")
        ):
            out.append(conj)
    for member in list(out):
        for child in member.children:
            if child.dep_ == "prep" and child.lower_ in ("including", "like"):
                listed = [g for g in child.children if g.dep_ == "pobj"]
                out += [t for g in listed for t in [g, *g.conjuncts] if t.i not in {o.i for o in out}]
            elif (
                child.dep_ == "appos"
                and member.pos_ == "NOUN"
                and (member.tag_ in ("NNS", "NNPS") or member.lemma_.lower() in word_class("people_noun"))
                or child.dep_ == "appos"
                and member.pos_ == "PROPN"
                and child.pos_ == "PROPN"
                and any(c.dep_ == "conj" for c in child.children)
            ):
                out += [t for t in [child, *child.conjuncts] if t.i not in {o.i for o in out}]
    return out


def speech_head(pred: Token) -> Token | None:
    """The verb of saying whose complement clause holds pred, if any."""
    node = pred
    for _ in range(4):
        if node.dep_ not in ("ccomp", "conj", "xcomp", "acomp") or node.head.i == node.i:
            return None  # "said it was highly likely that X was behind ..." passes through "likely"
        node = node.head
        if node.lemma_.lower() in word_class("speech"):
            return node
    return None


def governed_by(token: Token, heads: set[int]) -> bool:
    """True when token sits in the clause of one of heads, not in a clause nested below it."""
    node = token
    for _ in range(12):
        if node.i in heads:
            return True
        if (
            node.dep_ == "pcomp"
            and node.head.dep_ == "prep"
            and node.head.head.lemma_.lower() in word_class("accusation_verb")
        ):
            return False  # "charged with carrying out the attack during the July 4 weekend": the attack's day
        if node.dep_ == "acl" and node.head.lemma_.lower() in word_class("communication_noun"):
            node = node.head  # "urged X in a notice sent out on Sunday": the notice's day is the act's
            continue
        if node.dep_ in CLAUSE_DEPS and node.pos_ in ("VERB", "AUX"):
            return node.head.i in heads and node.dep_ == "xcomp"
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def class_nouns() -> frozenset[str]:
    """Nouns that a name before them specifies: 'the REvil gang', 'the Kremlin spokesman'."""
    return (
        word_class("government_noun")
        | word_class("role_threat")
        | word_class("role_org")
        | word_class("role_body")
        | word_class("role_spokesperson")
        | word_class("role_person")
        | word_class("authority_noun")
    )


def owner(token: Token, mentions: dict[int, Mention]) -> Token | None:
    """The actor owning a container: 'the network of X', 'servers of X', 'X's systems'."""
    if token.lemma_.lower() not in word_class("owned_noun"):
        return None
    for child in token.children:
        if child.dep_ == "poss" and child.i in mentions:
            return child
        if child.dep_ == "compound" and child.i in mentions and mentions[child.i].actor.kind != "Country":
            return child  # "Kaseya servers"; not "US networks", which are American networks
        if child.dep_ == "prep" and child.lower_ in ("of", "at", "from", "belonging"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.i in mentions:
                    return pobj
    return None


def owner_phrase(token: Token) -> Token | None:
    """Whoever a container belongs to, named or described: 'the networks of 13 pipeline
    operators', 'the systems of the ministry'. Loot ('the data of X') has no owner here."""
    lemma = token.lemma_.lower()
    if lemma not in word_class("owned_noun") or lemma in word_class("loot_noun"):
        return None
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "at"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN"):
                    return pobj
    return None


def reported_as_new(pred: Token, token: Token) -> bool:
    """A main-clause act in the present perfect ('has charged', 'have sanctioned') is the news
    the article reports; so is a stance in the present tense ('strongly denounce')."""
    if pred.dep_ not in ("ROOT", "conj") or pred.pos_ != "VERB":
        return False  # "has been responsible for attacks" tells a record, not the day's news
    perfect = pred.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in pred.children)
    stance = pred.tag_ in ("VBP", "VBZ") and pred.lemma_.lower() in word_class("stance_verb")
    return perfect or stance


def is_clause(token: Token) -> bool:
    return token.dep_ in ("ccomp", "xcomp", "pcomp") or any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def clause_object(clause: Token) -> Token | None:
    return next((c for c in clause.children if c.dep_ in ("dobj", "nsubjpass", "attr")), clause)


def phrase_of(token: Token, limit: int) -> str:
    """The noun phrase of token, without its relative clauses and appositions, up to limit words."""
    excluded = {t.i for c in token.children if c.dep_ in ("relcl", "acl", "appos") for t in c.subtree}
    tokens = [
        t for t in token.subtree if t.i not in excluded and not (t.is_punct and t.i < token.i and t.head.i == token.i)
    ]
    left = [t for t in tokens if t.i <= token.i]
    right = [t for t in tokens if t.i > token.i][: max(0, limit - len(left))]
    stop = next((k for k, t in enumerate(right) if t.is_punct or t.dep_ in ("relcl", "acl")), len(right))
    return join(left + right[:stop])


def join(tokens: Iterable[Token]) -> str:
    out = ""
    for t in sorted(tokens, key=lambda t: t.i):
        if t.text in ('"', "“", "”"):
            continue
        out += t.text + t.whitespace_
    return out.strip().strip('"“”')


def strip_det(text: str) -> str:
    for det in ("the ", "a ", "an ", "The ", "A ", "An "):
        if text.startswith(det):
            return text[len(det) :]
    return text


def unique(items: tuple[str, ...]) -> tuple[str, ...]:
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return tuple(seen)


def contiguous(tokens: list[Token]) -> list[Token]:
    """The tokens from the first chosen one to the head, hyphens included: 'co-conspirators',
    '$2.2 million'; a chosen token's own modifiers before it come along ('22-year-old')."""
    if not tokens:
        return tokens
    doc, last = tokens[-1].doc, tokens[-1].i
    first = min(min(t.left_edge.i for t in tokens), last)
    span = [t for t in doc[first : last + 1] if t.dep_ not in ("det", "poss", "case", "predet") or t.i == last]
    while span and span[0].is_punct and span[0].text not in ("$", "€", "£"):
        span = span[1:]
    return span


def cardinal(noun: Token) -> int | None:
    """The count a noun phrase gives: 'five Russian nationals' 5, 'the 12 suspects' 12."""
    for child in noun.children:
        if child.dep_ == "nummod":
            text = child.lower_.replace(",", "")
            if text in NUMBERS:
                return NUMBERS[text]
            if text.isdigit():
                return int(text)
    return None


def trigger_words(token: Token, pred: Token, entry: Trigger) -> str:
    if pred.i != token.i and entry.pos == "NOUN":
        return f"{pred.text} {token.text}" if pred.i < token.i else token.text
    if entry.requires:
        extra = next(
            (c for c in token.children if c.lemma_.lower() == entry.requires and c.dep_ in ("prt", "prep")), None
        )
        if extra is not None:
            return f"{token.text} {extra.text}"
    return token.text
