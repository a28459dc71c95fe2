"""Actor mentions in a parsed article: gazetteer names, NER, and in-article resolution.

Surface names map to one canonical actor (docs/events.md, "Actors are resolved"). Inside
an article, pronouns, role nouns ("the ministry", "the group") and short names ("Hua")
resolve to the most recent compatible actor mentioned before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.extraction.gazetteer import STRIP, Gazetteer, gazetteer
from kg.extraction.lexicon import word_class
from kg.model import Actor

_NER_KINDS = {"PERSON": "Person", "ORG": "Organization", "NORP": "Country", "GPE": "Country"}
_THREAT_CUES = re.compile(
    r"\b(APT ?\d+|UNC\d+|TA\d{3}|FIN\d+|ransomware|gang|hackers?|hacking group|threat actor|"
    r"\w+ (Bear|Panda|Kitten|Chollima|Spider|Typhoon|Blizzard|Sandstorm|Sleet|Tempest))\b",
    re.I,
)
_BODY_CUES = re.compile(
    r"\b(Ministry|Department|Agency|Bureau|Office|Council|Commission|Court|Police|Directorate|"
    r"Service|Command|Parliament|Senate|Congress|Embassy|Treasury|Government)\b"
)
_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z .]+\s*[-–—]\s*")


@dataclass(frozen=True)
class Mention:
    """Tokens [start, end) of a doc that name an actor; `how` says how it was resolved."""

    start: int
    end: int
    actor: Actor
    how: str  # gazetteer | ner | short-name | pronoun | role-noun | demonym


class ActorFinder:
    """Finds actor mentions in parsed docs with the gazetteer, NER and in-article resolution."""

    def __init__(self, nlp_vocab: object, gaz: Gazetteer | None = None) -> None:
        self.gaz = gaz or gazetteer()
        self.exact = PhraseMatcher(nlp_vocab)  # type: ignore[arg-type]
        self.lower = PhraseMatcher(nlp_vocab, attr="LOWER")  # type: ignore[arg-type]
        make = _tokenizer_of(nlp_vocab)
        exact, lower = [], []
        for surface in list(self.gaz.surface) + list(self.gaz.metonyms):
            # acronyms and short names must match exactly ("US" is not "us"); longer names in any case
            if len(surface) <= 4 or surface.isupper() or len(surface.split()) == 1:
                exact.append(make(surface))
            else:
                lower.append(make(surface))
        self.exact.add("ACTOR", exact)
        self.lower.add("ACTOR", lower)

    def find(self, doc: Doc) -> list[Mention]:
        """Every actor mention of the doc in text order, resolved within the doc."""
        spans = [Span(doc, s, e) for _, s, e in self.exact(doc)] + [Span(doc, s, e) for _, s, e in self.lower(doc)]
        named: list[tuple[Span, Actor, str]] = []
        # a name inside a longer organisation or person name is part of that name:
        # "Australia" in "Australia and New Zealand Banking Group" is not the country
        wider = [
            e
            for e in doc.ents
            if e.label_ in ("ORG", "FAC", "WORK_OF_ART", "PRODUCT")
            and len(e) > 1
            and not any(t.pos_ in ("VERB", "AUX") for t in e)
        ]
        for span in filter_spans(spans):
            country = self.gaz.lookup(span.text)
            if (
                country is not None
                and country.kind == "Country"
                and any(
                    e.start <= span.start
                    and span.end <= e.end
                    and len(e) > len(span)
                    and self.gaz.lookup(e.text) is None
                    for e in wider
                )
            ):
                continue
            actor = self.gaz.lookup(span.text)
            if actor is None or (actor.label in self.gaz.ambiguous and not _capitalised(span)):
                continue
            if _is_dateline(span):
                continue
            named.append((span, actor, "gazetteer"))
        taken = {i for span, _, _ in named for i in range(span.start, span.end)}
        for ent in doc.ents:
            if ent.label_ not in _NER_KINDS or any(i in taken for i in range(ent.start, ent.end)):
                continue
            actor = self._from_entity(ent)
            if actor is not None and actor.kind == "GovernmentBody" and not actor.relations:
                country = _possessor(ent, named)
                if country is not None:  # "Costa Rica's Ministry of Finance": the ministry, part of Costa Rica
                    actor = replace(actor, relations=(("part_of", country.label, "Country"),))
            if actor is not None and not _is_dateline(ent):
                named.append((ent, actor, "ner"))
                taken.update(range(ent.start, ent.end))
        named += _list_siblings(doc, named, taken)
        for token in doc:
            if token.i in taken or token.text not in self.gaz.demonyms:
                continue
            if token.head.lemma_.lower() in word_class("government_noun"):
                country = self.gaz.get(self.gaz.demonyms[token.text])
                if country:
                    named.append(
                        (
                            doc[token.i : token.head.i + 1] if token.head.i > token.i else doc[token.i : token.i + 1],
                            country,
                            "demonym",
                        )
                    )
                    taken.add(token.i)
        named.sort(key=lambda item: item[0].start)
        return self._resolve(doc, named)

    def _from_entity(self, ent: Span) -> Actor | None:
        text = STRIP.sub("", _DATELINE_PREFIX.sub("", ent.text.strip())).strip()
        if len(text) < 2 or not any(ch.isalpha() for ch in text):
            return None
        if ent.start > 0 and ent.doc[ent.start - 1].like_num and len(ent) == 1:
            return None  # "1.7 TB", "500 GB": a unit after a number, not an organisation
        if ent.label_ == "GPE" and _LOCAL_GOVERNMENT.search(text):
            return Actor(text, "GovernmentBody")  # "the City of Tulsa", "Baltimore County": a local government
        if ent.label_ in ("NORP", "GPE"):
            # a bare demonym ("Chinese hackers") names no actor (government nouns are handled
            # apart); a place not in the gazetteer is a city or region, not an actor
            return None
        kind = _NER_KINDS[ent.label_]
        if kind == "Organization":
            if _THREAT_CUES.search(text):
                kind = "ThreatActor"
            elif _BODY_CUES.search(text):
                kind = "GovernmentBody"
        return Actor(text, kind)

    def _resolve(self, doc: Doc, named: list[tuple[Span, Actor, str]]) -> list[Mention]:
        """Named mentions plus short names, pronouns and role nouns resolved by recency."""
        mentions: list[Mention] = []
        by_start = {span.start: (span, actor, how) for span, actor, how in named}
        people: dict[str, Actor] = {}  # a person's surname -> the person
        i = 0
        while i < len(doc):
            if i in by_start:
                span, actor, how = by_start[i]
                if actor.kind in ("Person", "Organization") and how == "ner" and len(span) == 1 and span.text in people:
                    # "Burkov" alone (tagged a person or, before "’s", an organisation): the person named before
                    actor, how = people[span.text], "short-name"
                if actor.kind == "Person":
                    for part in re.split(r"[\s-]+", actor.label):  # "Hua Chunying", "Barack Obama", "Vachon-Desjardins"
                        if len(part) > 2 and part[0].isupper():
                            people[part] = actor
                mentions.append(Mention(span.start, span.end, actor, how))
                i = span.end
                continue
            token = doc[i]
            if token.pos_ == "PROPN" and token.text in people and token.ent_type_ not in ("GPE", "ORG"):
                mentions.append(Mention(i, i + 1, people[token.text], "short-name"))
                i += 1
                continue
            resolved = self._anaphor(token, mentions)
            if resolved is not None:
                mentions.append(Mention(i, i + 1, resolved[0], resolved[1]))
            i += 1
        return mentions

    def _authority(self, token: Token, before: list[Mention]) -> tuple[Actor, str] | None:
        """'Authorities said they seized ...', 'officers arrested him', 'law enforcement
        seized': bare law-enforcement nouns stand for the government body named last (within
        the last 40 mentions). A described one ('Russian police', 'officers of the SSU') is
        resolved by its description instead."""
        if _authority_modifiers(token) or (token.lower_ == "law" and token.head.lower_ == "enforcement"):
            return None
        body = salient_body(before[-40:])
        return (body, "role-noun") if body is not None else None

    def _court(self, token: Token, before: list[Mention]) -> tuple[Actor, str] | None:
        """'A federal judge sentenced X', 'a grand jury indicted X': a court of the state whose
        body the article is about (the courts themselves are not in the gazetteer)."""
        if any(c.dep_ in ("poss", "nmod") or c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children) or any(
            c.dep_ == "prep" and c.lower_ in ("of", "in") for c in token.children
        ):
            return None  # "a US court", "the court in Moscow": resolved by their description
        body = salient_body(before[-40:])
        state = self.gaz.country_of(body) if body is not None else None
        return (state, "role-noun") if state is not None else None

    def _anaphor(self, token: Token, before: list[Mention]) -> tuple[Actor, str] | None:
        lower = token.lower_
        if token.pos_ == "PRON" and lower in ("he", "she", "him", "her", "his"):
            for m in reversed(before[-12:]):
                if m.actor.kind == "Person":
                    return m.actor, "pronoun"
            return None
        if token.pos_ == "PRON" and lower == "we" and _in_block_quote(token):
            # "> We urge the Russian Federation to ...": a quoted statement speaks for its institution
            for m in reversed(before[-12:]):
                if m.actor.kind in ("GovernmentBody", "Country", "InternationalOrganization"):
                    return m.actor, "pronoun"
            return None
        if token.pos_ == "NOUN" and token.lemma_.lower() in word_class("authority_noun"):
            return self._authority(token, before)
        if token.pos_ == "NOUN" and token.lemma_.lower() in word_class("court_noun"):
            return self._court(token, before)
        if token.pos_ != "NOUN" or token.tag_ in ("NNS", "NNPS") and lower not in word_class("role_threat"):
            return None
        determiners = [c.lower_ for c in token.children if c.dep_ == "det"]
        if not determiners or determiners[0] not in ("the", "this", "that"):
            return None
        if any(
            c.dep_ in ("amod", "poss")
            or c.dep_ == "compound"
            and not (lower in word_class("role_threat") and c.lemma_.lower() in word_class("threat_descriptor"))
            for c in token.children
        ):
            return None  # "the Chinese ministry", "the new group": a description; "the ransomware gang" points back
        lemma = token.lemma_.lower()
        for m in reversed(before[-30:]):
            actor = m.actor
            if lemma in word_class("role_spokesperson") and any(r[0] == "spokesperson_of" for r in actor.relations):
                return actor, "role-noun"
            if lemma in word_class("role_person") and actor.kind == "Person":
                return actor, "role-noun"
            if (
                lemma in word_class("role_body")
                and actor.kind == "GovernmentBody"
                and (lemma.capitalize() in actor.label or lemma in word_class("generic_body"))
            ):
                return actor, "role-noun"
            if lemma in word_class("role_threat") and actor.kind == "ThreatActor":
                # "the gang": the threat actor the article names most (the latest on a tie)
                return salient(before[-30:], "ThreatActor") or actor, "role-noun"
            if lemma in word_class("role_org") and actor.kind == "Organization":
                # "the company": the organisation the article names most (the latest on a tie)
                return salient(before[-30:], "Organization") or actor, "role-noun"
        return None


_LOCAL_GOVERNMENT = re.compile(
    r"^(?:the\s+)?(?:City|Town|County|Borough|Municipality|State) of [A-Z]|\b(?:County|City Council|Municipality)$"
)


def _in_block_quote(token: Token) -> bool:
    """True on a line of a quoted statement ('> ...', as news sites quote press releases)."""
    text = token.doc.text
    line_start = text.rfind("\n", 0, token.idx) + 1
    return text[line_start : token.idx].lstrip().startswith(">")


def salient_body(mentions: list[Mention]) -> Actor | None:
    """The government body named most often among mentions (the latest one on a tie)."""
    return salient(mentions, "GovernmentBody")


def salient(mentions: list[Mention], kind: str) -> Actor | None:
    """The actor of a kind named most often among mentions (the latest one on a tie)."""
    counts: dict[str, int] = {}
    latest: dict[str, int] = {}
    bodies: dict[str, Actor] = {}
    for k, m in enumerate(mentions):
        if m.actor.kind == kind and m.how != "role-noun":
            counts[m.actor.label] = counts.get(m.actor.label, 0) + 1
            latest[m.actor.label] = k
            bodies[m.actor.label] = m.actor
    if not counts:
        return None
    return bodies[max(counts, key=lambda label: (counts[label], latest[label]))]


def _authority_modifiers(token: Token) -> bool:
    return any(
        c.dep_ in ("amod", "poss", "nmod") or c.dep_ == "compound" and c.lower_ != "law" for c in token.children
    ) or any(c.dep_ == "prep" and c.lower_ in ("of", "in", "from") for c in token.children)


def _list_siblings(doc: Doc, named: list[tuple[Span, Actor, str]], taken: set[int]) -> list[tuple[Span, Actor, str]]:
    """A name the NER left out of a list of names: 'A (41), B (35), and Igor Sladkov (42)'.

    A run of capitalised proper nouns coordinated with (or in apposition to) a person the NER
    found is a person too; the same holds for organizations.
    """
    kinds = {span.root.i: actor.kind for span, actor, _ in named if actor.kind in ("Person", "Organization")}
    found: list[tuple[Span, Actor, str]] = []
    for token in doc:
        if (
            token.i in taken
            or token.pos_ != "PROPN"
            or token.dep_ not in ("conj", "appos")
            or token.head.i not in kinds
        ):
            continue
        left = token.i
        while (
            left > 0
            and doc[left - 1].dep_ == "compound"
            and doc[left - 1].head.i == token.i
            and doc[left - 1].pos_ == "PROPN"
        ):
            left -= 1
        span = doc[left : token.i + 1]
        if (
            any(i in taken for i in range(span.start, span.end))
            or span.root.ent_type_
            or not all(t.text[:1].isupper() and any(c.islower() for c in t.text) for t in span)
        ):
            continue
        found.append((span, Actor(span.text, kinds[token.head.i]), "ner"))
        taken.update(range(span.start, span.end))
    return found


def _possessor(ent: Span, named: list[tuple[Span, Actor, str]]) -> Actor | None:
    """The country of a possessive right before a name ('Russia's', 'the Netherlands''), if any:
    the name is the actor, a body of that country, not the country itself."""
    doc = ent.doc
    if ent.start < 2 or doc[ent.start - 1].lower_ not in ("'s", "’s", "'", "’"):
        return None
    for span, actor, _ in named:
        if span.end == ent.start - 1 and actor.kind == "Country":
            return actor
    return None


def _capitalised(span: Span) -> bool:
    return span[0].text[:1].isupper() and not span[0].is_sent_start or span.text.isupper()


def _is_dateline(span: Span) -> bool:
    """'BEIJING -' or 'WASHINGTON (Reuters) -' at the start of a paragraph names a place."""
    doc = span.doc
    at_line_start = span.start == 0 or "\n" in doc[span.start - 1].text_with_ws
    if not at_line_start or not span.text.isupper():
        return False
    nxt = doc[span.end] if span.end < len(doc) else None
    return nxt is not None and nxt.text in ("-", "—", "–", "(", ",")


def _tokenizer_of(vocab: object):  # type: ignore[no-untyped-def]
    from spacy.lang.en import English

    blank = English(vocab=vocab)  # type: ignore[arg-type]
    return blank.make_doc
