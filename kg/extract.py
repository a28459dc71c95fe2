"""Events from a parsed article: trigger lexicon + dependency rules + resolved actors.

The rules follow English syntax, not any article's wording: a trigger (verb, nominalisation
or predicative adjective from data/lexicon/triggers.tsv) gives the type; its subject (or the
by-phrase of a passive, or the subject of a light verb such as "voice" in "voiced
disapproval") gives the agent; its object, passive subject or prepositional phrases give the
target (an actor) or the object (a policy or issue). Relative pronouns stand for the noun
they modify; coordinated arguments give one event per pair.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg import dates
from kg.actors import ActorFinder, Mention, gazetteer, norm, salient_body
from kg.lexicon import Trigger, triggers, word_class
from kg.model import Actor, Article, Event, Evidence, Policy

_POS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}
_IMPLICIT_AGENT_TYPES = {"CHARGE", "ARREST", "SEIZE", "SANCTION", "APPEAL"}
# a cyber operation is against someone (EVENTS.md): "stole data" names no victim, so no event
_TARGETED_TYPES = {"ATTACK"}
_PERSON_TYPES = {"ARREST", "CHARGE"}
_INSTITUTIONAL_TYPES = {"SANCTION", "CHARGE", "ARREST", "SEIZE", "ENACT", "EASE", "INVESTIGATE"}
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·▪–—]|\d{1,2}[.)])\s*\S")
_NUMBERS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                       "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
_QUANTIFIER = re.compile(r"^(?:(?:slightly|just|well)\s+)?(?:more than|less than|fewer than|over|under|about|around|"
                         r"approximately|roughly|nearly|almost|at least|at most|up to|some)\s+", re.I)
_SAME_DAY = re.compile(r"\b(same|that) day\b", re.I)
_CLAUSE_DEPS = {"relcl", "ccomp", "advcl", "acl", "parataxis", "csubj", "xcomp"}
_OBJECT_PREPS = ("of", "for", "over", "against", "on", "about", "to", "with")
# where the patient of each type is found, most specific first
_PATIENT_ORDER: dict[str, tuple[str, ...]] = {
    "*": ("dobj", "dative", "on", "against", "into", "to", "with", "from", "of", "over", "at", "for", "about", "ccomp"),
    "ACCUSE": ("to", "on", "dobj", "of", "for", "ccomp"),
    "STATEMENT": ("dobj", "dative"),
    "APPEAL": ("dobj", "on", "upon", "to", "for", "xcomp"),
    "INTEND": ("dobj", "to", "xcomp", "on", "against"),
    "THREATEN": ("dobj", "xcomp", "with", "against", "of"),
    "CLAIM": ("for", "dobj", "of"),
    "DEMAND": ("from", "of", "dobj", "on", "ccomp"),
    "SANCTION": ("dobj", "on", "against", "of", "with"),
    "CHARGE": ("dobj", "against", "of", "with"),
    "ATTACK": ("dobj", "dative", "on", "against", "into", "at", "from", "of", "to"),  # "attacks with ransomware": a means
}


class Extractor:
    """Turns (Article, parsed Doc) into Events. One per process: it holds the actor matcher."""

    def __init__(self, vocab: object) -> None:
        self.finder = ActorFinder(vocab)

    def events(self, article: Article, doc: Doc, title: Doc | None = None) -> list[Event]:
        """The article's events, from its body; a headline that reports one of them too (the
        same type, patient and agent or a body of it) raises its confidence and adds no event
        of its own (EVENTS.md: events are reported in the body)."""
        found = self._body_events(article, doc)
        if title is None or not len(title):
            return found
        ctx = _Context(article, title, self.finder.find(title))
        headline = [e for sent in title.sents for e in ctx.sentence_events(sent) if e.type != "STATEMENT"]
        out = []
        for e in found:
            if any(_same_act(e, h, self.finder.gaz) for h in headline):
                e = replace(e, confidence=round(min(0.95, e.confidence + 0.1), 2))
            out.append(e)
        return out

    def _body_events(self, article: Article, doc: Doc) -> list[Event]:
        mentions = self.finder.find(doc)
        ctx = _Context(article, doc, mentions)
        found: list[Event] = []
        for sent in doc.sents:
            for event in ctx.sentence_events(sent):
                found.append(event)
                if event.date is not None:
                    ctx.last_date = ctx.actor_dates[event.agent.label] = event.date
                if event.agent.kind in ("GovernmentBody", "Country", "InternationalOrganization"):
                    ctx.type_agents[event.type] = event.agent
                if event.target is not None and event.target.kind == "Person":
                    ctx.person_targets.append(event.target)
        found = _dates_from_retelling(found, ctx.happenings)
        events = _inherit_dates(_dedupe(found), self.finder.gaz, article.body, ctx.vague)
        return _merge_retold(_victims_of_claims(events), self.finder.gaz)


class _Context:
    def __init__(self, article: Article, doc: Doc, mentions: list[Mention]) -> None:
        self.article = article
        self.doc = doc
        self.last_date: date | None = None  # of the last dated event: "on the same day"
        self.vague: set[tuple[int, str]] = set()
        self.actor_dates: dict[str, date] = {}  # the last date of each agent's events so far
        self.type_agents: dict[str, Actor] = {}  # the last agent of each event type so far  # (sentence start, trigger) whose clause names no day
        self.at: dict[int, Mention] = {}
        self._sentences: list[Span] | None = None
        self.person_targets: list[Actor] = []  # people the events so far acted on, in order
        self.happenings: list[tuple[int, str, date]] = []  # "the arrests took place on May 3": (offset, type, day)
        for m in mentions:
            for i in range(m.start, m.end):
                self.at[i] = m

    # -- sentences -----------------------------------------------------------------------
    def sentence_events(self, sent: Span) -> Iterator[Event]:
        consumed: set[int] = set()  # light verbs whose noun trigger made the event
        candidates: list[tuple[Token, Trigger]] = []
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
            met = [e for e in entries if self._requirement_met(token, e)]
            particle = {c.lower_ for c in token.children if c.dep_ == "prt"}
            entry = next((e for e in met if e.requires in particle), met[0] if met else None)  # "called out X for"
            if entry is not None:
                candidates.append((token, entry))
                if pos == "NOUN" and token.head.lemma_.lower() in word_class("light_verb"):
                    consumed.add(token.head.i)
        for token, entry in candidates:
            if token.i in consumed and entry.type == "STATEMENT" or (token.i in consumed and not entry.requires):
                continue
            yield from self.trigger_events(token, entry, sent)
        self._happenings(sent)
        yield from self.appeals_in_speech(sent)
        yield from self.attributions_in_speech(sent)
        yield from self.cooperation_in(sent)
        yield from self.victim_lists(sent)
        yield from self.claims_of_attack(sent)
        yield from self.mistagged_appeals(sent)

    def _requirement_met(self, token: Token, entry: Trigger) -> bool:
        if not entry.requires:
            return True
        for child in token.children:
            if child.lemma_.lower() == entry.requires or child.lower_ == entry.requires:
                return True
            if child.dep_ in ("dobj", "attr", "nsubjpass", "pobj") and any(
                g.lemma_.lower() == entry.requires for g in child.subtree
            ):
                return True
            if child.dep_ in ("dobj", "nsubjpass") and _antecedent(child).lemma_.lower() == entry.requires:
                return True  # "the order that Obama signed": the relative pronoun stands for "order"
            if child.dep_ == "prep" and any(g.lemma_.lower() == entry.requires for g in child.children):
                return True
        if token.dep_ == "dobj" or token.dep_ == "nsubjpass":  # "responsibility was claimed"
            return token.head.lemma_.lower() == entry.requires
        return False

    # -- one trigger -----------------------------------------------------------------------
    def trigger_events(self, token: Token, entry: Trigger, sent: Span) -> Iterator[Event]:
        pred = self._predicate(token, entry)
        if pred is None:
            return
        agents = self._agents(token, pred, entry)
        place_unknown = False
        if not agents and entry.type == "ARREST" and _is_finite_passive(pred):
            agents = self._arresting_state(pred)  # "was arrested in Poland": the Polish authorities
            place_unknown = not agents and any(
                t.dep_ == "prep" and t.lower_ in ("in", "at") and any(g.ent_type_ == "GPE" for g in t.subtree) for t in pred.subtree)
        among = pred.dep_ == "acl" and pred.head.dep_ == "pobj" and pred.head.head.lower_ == "among"
        implicit = entry.type in _IMPLICIT_AGENT_TYPES and (entry.type != "APPEAL" or token.lemma_.lower() == "urge")
        if not agents and implicit and (_is_finite_passive(pred) or among):
            # an arrest "in Abu Dhabi", a city the gazetteer cannot place, is not the salient body's
            agents = self._implicit_agent(token, entry, salient=not place_unknown)  # "X was charged", "Among those sanctioned is X"
        if not agents:
            return
        pairs = self._patients(token, pred, entry, frozenset(a.label for a, _ in agents))
        past = pred.tag_ in ("VBD", "VBN")  # "targets entities in the US" tells a habit; "targeted" an act
        if entry.actor_only and entry.type == "ATTACK" and past and all(a.kind == "ThreatActor" for a, _ in agents):
            # a threat actor's "targeted universities in Hainan" names described victims
            pairs = [(t, o) for t, o in pairs if t is not None or (o is not None and not _is_loot(o) and not _bare_plural(o) and _described(o))]
        elif entry.actor_only:
            pairs = [(t, o) for t, o in pairs if t is not None]
        elif entry.type in _TARGETED_TYPES:  # a victim, named or described; "stole data" names none
            pairs = [(t, o) for t, o in pairs if t is not None or (o is not None and not _is_loot(o) and _described(o))]
        elif entry.type in _PERSON_TYPES:  # one arrests and charges people: "suspects", not "charges"
            pairs = [(t, o) for t, o in pairs if t is not None or (o is not None and _names_people(o))]
            # a name the NER did not tag ('charged Nikita Kislitsin') is the person charged
            pairs = [(Actor(o.label, "Person"), None) if t is None and o is not None and _is_name(o.label) else (t, o)
                     for t, o in pairs]
        elif entry.type == "COOPERATE":  # cooperation is with someone: "worked with universities" is not
            pairs = [(t, o) for t, o in pairs if t is not None]
        if pred.dep_ == "advcl" and pred.tag_ == "VBG" and any(
            e.type == entry.type for e in triggers().get((pred.head.lemma_.lower(), "VERB"), ())
        ):  # "sanctioned the company, freezing their assets": what the sanction does, not a second act
            pairs = [(t, o) for t, o in pairs if t is not None]
        if entry.type == "EASE" and token.lemma_.lower() in ("release", "free", "pardon"):
            pairs = [(t, o) for t, o in pairs if t is not None and t.kind == "Person"]  # one releases people, not apps
        if entry.type == "ENACT" and not entry.requires:  # "established the full composition of the gang" enacts nothing
            pairs = [(t, o) for t, o in pairs if o is not None and _head_word(o) in word_class("instrument_noun")]
        if entry.type == "THREATEN":  # "threaten the sovereignty of Ukraine" endangers; it threatens no one
            pairs = [(t, o) for t, o in pairs if t is not None or o is not None and _head_word(o) not in word_class("abstract_noun")]
        if entry.type == "SANCTION" and not all(
            a.kind in ("Country", "GovernmentBody", "InternationalOrganization") or any(r[0] != "member_of" for r in a.relations)
            for a, _ in agents
        ):  # states impose sanctions; a company's "legal action against" a group is not one
            return
        if entry.type == "ACCUSE" and any(t is not None for t, _ in pairs):
            pairs = [(t, o) for t, o in pairs if t is not None]  # "the Russian government and its state hackers"
        if entry.type == "SANCTION":  # "adding a $5 million reward": money offered is no sanction
            pairs = [(t, o) for t, o in pairs if t is not None or o is None or not (_is_ransom(o) or _head_word(o) == "reward")]
        if entry.type == "ATTACK" and token.lemma_.lower() not in word_class("taking_verb"):
            # "conducted the attack from his home": 'from' is where the attacker was, not whom he hit
            from_heads = {h.i for slot, h in self._slots(token, pred, entry) if slot == "from"}
            if from_heads:
                pairs = [(t, o) for t, o in pairs if not (o is not None and any(self.doc[i].text in o.label for i in from_heads))]
        if entry.type in _INSTITUTIONAL_TYPES - _PERSON_TYPES:  # "the EU has imposed sanctions on hackers": a habit
            pairs = [(t, o) for t, o in pairs if t is not None or o is None or not _bare_plural(o)]
        if entry.type == "THREATEN" and token.lemma_.lower() == "warn":  # "warned of retaliation", not "of attacks"
            pairs = [(t, o) for t, o in pairs if t is not None or (o is not None and _head_word(o) in word_class("reprisal_noun"))]
        if not pairs:
            if entry.type != "STATEMENT":
                return
            pairs = [(None, None)]
        if entry.type == "APPEAL" and all(a.kind == "ThreatActor" for a, _ in agents):
            if not any(o is not None and _is_ransom(o) for _, o in pairs):
                return  # "calling for affiliates": a recruitment notice, not an appeal (EVENTS.md APPEAL)
            entry = replace(entry, type="DEMAND")  # "ransomware gangs that ask for millions": ransom demands
        if entry.type == "SEIZE" and token.lemma_.lower() == "disrupt" and all(a.kind == "ThreatActor" for a, _ in agents):
            entry = replace(entry, type="ATTACK")  # "hackers disrupted the port": an attack, not a takedown
        if entry.type == "SEIZE" and all(a.kind == "ThreatActor" for a, _ in agents):
            return  # "BlackMatter is shutting down its operation": a gang closing shop seizes nothing
        if entry.type == "ATTACK" and entry.part and all(a.kind in ("GovernmentBody", "InternationalOrganization") for a, _ in agents):
            return  # "investigators gained access to the servers": a lawful operation, not an attack
        status = self._status(token, pred)
        speaker = self._speaker(pred)
        if entry.type in _INSTITUTIONAL_TYPES:
            # "Attorney General Merrick Garland announced indictments": the department acts, he speaks for it
            offices = [(self._office_of(a), a) for a, _ in agents]
            if any(body is not None for body, _ in offices):
                speaker = speaker or next(person for body, person in offices if body is not None)
                agents = [((body, "gazetteer") if body is not None else (a, how)) for (body, _), (a, how) in zip(offices, agents)]
        trigger_text = _trigger_text(token, pred, entry)
        when = self._date(token, pred, status, trigger_text)
        evidence = self._evidence(sent)
        for agent, how in agents:
            for target, obj in pairs:
                if target is not None and target.label == agent.label:
                    continue
                confidence = 0.6 + (0.15 if how == "gazetteer" else 0) + (0.1 if target or obj else 0)
                confidence -= 0.1 if how in ("pronoun", "role-noun") else 0.2 if how == "implicit" else 0
                yield Event(
                    type=entry.type, trigger=trigger_text, agent=agent, evidence=evidence,
                    article_id=self.article.id, target=target, object=obj, date=when, status=status,
                    speaker=speaker if speaker is not None and speaker.label != agent.label else None,
                    confidence=round(min(confidence, 0.95), 2),
                )

    def _possessed_patient(self, poss: Token, entry: Trigger) -> bool:
        """'Sachov's arrest', 'Burkov's extradition': a person's act-noun names what was done to
        them; 'the Treasury's designation' names who acted."""
        resolved = self.actor(poss)
        return entry.type in ("ARREST", "CHARGE", "EASE") and resolved is not None and resolved[0].kind == "Person"

    def _pair(self, token: Token) -> list[Actor]:
        """'both', 'the two', 'the two men', 'the pair', 'the five suspects': the people named
        last before, as many as the count (at most six)."""
        own = [t for t in token.subtree if t.i == token.i or t.head.i == token.i and t.dep_ in ("det", "nummod", "amod", "predet")]
        words = [t.lower_ for t in sorted(own, key=lambda t: t.i) if not t.is_punct]
        count = 0
        if words in (["both"], ["the", "two"], ["the", "pair"]):
            count = 2
        elif len(words) == 3 and words[0] in ("the", "these", "all") and token.lemma_.lower() in (
            word_class("role_person") | word_class("group_person")
        ):
            count = _cardinal(token) or 0
        if not 2 <= count <= 6:
            return []
        people: list[Actor] = []
        # the people the article's events acted on last ("were charged ... The two were also
        # sanctioned"); for 'both' and 'the two' with no such people, the last people named
        for actor in reversed(self.person_targets):
            if actor not in people:
                people.append(actor)
        if len(people) >= count or (words[0] != "both" and words[-1] not in ("two", "pair")):
            return people[:count] if len(people) >= count else []
        people = []
        for m in sorted({m for m in self.at.values() if m.start < token.i}, key=lambda m: -m.start):
            if m.actor.kind == "Person" and m.actor not in people:
                people.append(m.actor)
            if len(people) == count:
                return people
        return []

    def _office_of(self, person: Actor) -> Actor | None:
        """The government body a person leads or speaks for (gazetteer offices), if any."""
        if person.kind != "Person":
            return None
        for relation, other, kind in person.relations:
            if relation in ("leader_of", "spokesperson_of", "role_of") and kind == "GovernmentBody":
                return gazetteer().get(other)
        return None

    def _arresting_state(self, pred: Token) -> list[tuple[Actor, str]]:
        """The country where someone was arrested, or extradited from, acted: 'was detained in
        Korczowa, Poland', 'was extradited from Switzerland'."""
        for child in pred.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "from", "at", "near"):  # "at a border stop between Poland and ..."
                for t in child.subtree:
                    m = self.at.get(t.i)
                    if m is not None and m.actor.kind == "Country":
                        return [(m.actor, "implicit")]
        return []

    def _implicit_agent(self, token: Token, entry: Trigger, salient: bool = True) -> list[tuple[Actor, str]]:
        """'X and Y were charged today': the authority that acted last in the article acts again.

        An agentless passive of a law-enforcement act takes the agent of the article's previous
        event of the same type, else the government body named most often before it.
        """
        if entry.type in self.type_agents:
            return [(self.type_agents[entry.type], "implicit")]
        if not salient:
            return []
        verbal = token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT"  # its own clause; a noun's is its head's
        clause = {t.i for t in token.subtree} if verbal else {t.i for t in token.head.subtree}
        clause |= {t.i for t in token.subtree}
        earlier = sorted((m for m in set(self.at.values()) if m.start < token.i and m.start not in clause), key=lambda m: m.start)
        body = salient_body(earlier)  # not the patient's own name; the body the article is about
        return [(body, "implicit")] if body is not None else []

    def _predicate(self, token: Token, entry: Trigger) -> Token | None:
        """The verb whose clause carries the event's arguments."""
        if entry.pos == "VERB":
            return token
        if entry.pos == "ADJ":
            return token.head if token.dep_ in ("acomp", "conj") and token.head.pos_ in ("AUX", "VERB") else token
        light = token.head
        if token.dep_ in ("dobj", "attr", "nsubjpass") and light.lemma_.lower() in word_class("light_verb"):
            return light
        attributed = _attributed(token)
        if attributed is not None:  # "X is responsible for the attack on Y", "the gang behind the attacks on Y"
            return attributed[0]
        if any(c.dep_ == "poss" for c in token.children) or any(
            c.dep_ == "prep" and c.lower_ == "by" for c in token.children
        ):
            return token
        if self._attacker_modifier(token) is not None:  # "a Conti ransomware attack on X"
            return token
        return None

    def _attacker_modifier(self, token: Token) -> Token | None:
        """A threat actor named before an attack noun ('the REvil attack') is its agent."""
        for child in token.lefts:
            for t in child.subtree:
                m = self.at.get(t.i)
                if child.dep_ in ("compound", "nmod", "amod") and m is not None and m.actor.kind == "ThreatActor":
                    return t
        return None

    def _agents(self, token: Token, pred: Token, entry: Trigger) -> list[tuple[Actor, str]]:
        heads: list[Token] = []
        attributed = _attributed(token) if entry.pos == "NOUN" else None
        if attributed is not None:
            heads = attributed[1]
        elif pred.i == token.i and entry.pos == "NOUN":
            heads = [c for c in token.children if c.dep_ == "poss" and not self._possessed_patient(c, entry)]
            heads += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children if g.dep_ == "pobj"]
            modifier = self._attacker_modifier(token)
            if not heads and modifier is not None:
                heads = [modifier]
        else:
            heads = _subjects(pred)
        if entry.pos == "ADJ" and token.dep_ == "conj" and not heads:
            heads = _subjects(token.head.head) if token.head.dep_ == "acomp" else []
        found = []
        for head in heads:
            for tok in _coordinated(head):
                resolved = self.actor(tok)
                if resolved is None and tok.lower_ in ("it", "they", "we"):
                    resolved = self._speaker_pronoun(pred)
                if resolved is not None:
                    found.append(resolved)
        return found

    def _speaker_pronoun(self, pred: Token) -> tuple[Actor, str] | None:
        """'The DOJ said it seized ...': it, they and we in a reported clause are the speaker."""
        speech = _speech_head(pred)
        if speech is None:
            return None
        for subject in _subjects(speech):
            resolved = self.actor(subject)
            if resolved is not None and resolved[0].kind != "Person":
                return resolved[0], "pronoun"
        return None

    def _slots(self, token: Token, pred: Token, entry: Trigger) -> list[tuple[str, Token]]:
        """Argument positions around the trigger: ('dobj', head), ('on', pobj), ('ccomp', verb) ..."""
        slots: list[tuple[str, Token]] = []
        for node in ([pred] if pred.i == token.i else sorted([pred, token], key=lambda t: t.i)):
            passive = _is_passive(node)
            for child in node.children:
                if child.dep_ in ("dobj", "dative") and child.i != token.i and not passive:
                    slots.append(("dobj", _antecedent(child)))
                    if entry.type == "ACCUSE":  # "blamed the attack on X", "pinned the hack on X"
                        slots += [("on", g) for p in child.children if p.dep_ == "prep" and p.lower_ == "on"
                                  for g in p.children if g.dep_ == "pobj"]
                    # "demanded an apology from the UK", "seized servers from the gang"
                    slots += [("from", g) for p in child.children if p.dep_ == "prep" and p.lower_ == "from"
                              for g in p.children if g.dep_ == "pobj"]
                elif child.dep_ == "nsubjpass" and child.i != token.i:
                    slots.append(("dobj", _antecedent(child)))
                elif child.dep_ == "prep" and child.lower_ not in ("by", "according", "due", "thanks", "despite"):
                    for pobj in child.children:
                        if pobj.ent_type_ in ("DATE", "TIME"):
                            continue  # "on Monday" is when, not whom
                        if pobj.dep_ in ("pobj", "pcomp"):
                            slots.append((child.lower_, pobj))
                        elif pobj.dep_ == "prep" and child.lower_ in ("along", "together"):  # "along with X": more patients
                            slots += [("along", g) for g in pobj.children if g.dep_ == "pobj"]
                    if child.lower_ == "with" and any(a.lower_ in ("together", "along") for a in child.children):
                        slots += [("along", g) for g in child.children if g.dep_ == "pobj"]
                elif child.dep_ == "ccomp" and entry.type in ("REJECT", "ACCUSE", "DISAPPROVE"):
                    slots.append(("ccomp", child))
                elif child.dep_ == "ccomp" and entry.type in ("DEMAND", "APPEAL"):
                    # "demanded that the United States stop X": the one asked is the clause's subject
                    slots += [("dobj", c) for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
                    slots.append(("ccomp", child))
                elif child.dep_ == "xcomp" and entry.type in ("INTEND", "THREATEN", "APPEAL", "DEMAND"):
                    slots.append(("xcomp", child))  # "vowed to retaliate", "threatened to leak the data"
            if node.dep_ == "acl" and node.tag_ == "VBN":  # "the group, sanctioned by the Treasury"
                among = node.head.head if node.head.dep_ == "pobj" and node.head.head.lower_ == "among" else None
                if among is not None and among.head.lemma_ == "be":  # "Among the individuals sanctioned is X": X
                    slots += [("dobj", c) for c in among.head.children if c.dep_ in ("nsubj", "attr") and c.i != node.head.i]
                elif among is None:
                    described = node.head
                    if described.dep_ == "appos" and described.head.i in self.at:
                        described = described.head  # "X, a Canadian man charged by the US": X
                    slots.append(("dobj", described))
        if token.i == pred.i and token.dep_ in ("dobj", "pobj"):  # "X suffered a Conti ransomware attack"
            verb = token.head if token.dep_ == "dobj" else token.head.head
            if verb.lemma_.lower() in word_class("victim_verb"):
                slots += [("dobj", c) for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if token.i == pred.i and token.dep_ == "nsubj" and token.head.lemma_.lower() in ("cover", "include", "target", "name", "list"):
            slots += [("dobj", c) for c in token.head.children if c.dep_ == "dobj"]  # "The designations by OFAC cover X"
        if entry.pos == "NOUN" and entry.type == "ATTACK":  # "the Colonial Pipeline attack": the victim named before
            for child in token.lefts:
                m = self.at.get(child.i)
                if child.dep_ in ("compound", "nmod") and m is not None and m.actor.kind != "ThreatActor":
                    slots.append(("dobj", child))
        if entry.pos == "ADJ" and not slots:  # "opposed and committed to X": the object is shared
            for conj in token.children:
                if conj.dep_ == "conj":
                    slots += [(c.lower_, p) for c in conj.children if c.dep_ == "prep" for p in c.children if p.dep_ in ("pobj", "pcomp")]
        if entry.pos == "NOUN":
            slots += [("dobj", c) for c in token.children if c.dep_ == "poss" and self._possessed_patient(c, entry)]
        if entry.part:  # "claimed responsibility for X": the required word is part of the trigger
            for slot, head in [x for x in slots if x[1].lemma_.lower() == entry.requires]:
                slots += [(c.lower_, g) for c in head.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
            slots = [(slot, head) for slot, head in slots if head.lemma_.lower() != entry.requires]
        return slots

    def _patients(self, token: Token, pred: Token, entry: Trigger, agents: frozenset[str] = frozenset()
                  ) -> list[tuple[Actor | None, Policy | None]]:
        """(target, object) pairs: one per coordinated patient ('sanctioned X, Y and Z')."""
        slots = self._slots(token, pred, entry)
        order = _PATIENT_ORDER.get(entry.type, _PATIENT_ORDER["*"])
        primary: list[Token] = []
        for name in order:
            found = [head for slot, head in slots if slot == name]
            if found and name in ("dobj", "on", "against"):
                found += [head for slot, head in slots if slot == "along" and head.i not in {f.i for f in found}]
            if found:
                primary = found
                if entry.type != "ACCUSE" and not entry.actor_only:
                    break
                if any(self.actor(_owner(t, self.at) or t) for h in found for t in _coordinated(h)):
                    break  # ACCUSE and actor-only triggers look on until a slot names an actor
        targets: list[Actor] = []
        objects: list[Policy] = []
        things: list[Policy] = []  # "seized cash, along with wallets and cars": one object across heads
        for head in primary:
            described: list[Policy] = []  # "users and organizations": one object, not two events
            pair = self._pair(head)
            if pair:  # "Both were charged", "the two men were arrested": the last two people named
                targets += [p for p in pair if p not in targets]
                continue
            for tok in _coordinated(head):
                if tok.i != head.i and tok.lemma_ == token.lemma_ and entry.pos == "NOUN":
                    continue  # "the attack on X, and the attack on Y": the second is its own event
                tok = _owner(tok, self.at) or tok  # "the network of TSM Consulting": the owner is hit
                resolved = self.actor(tok)
                if resolved is not None:
                    if resolved[0] not in targets:
                        targets.append(resolved[0])
                elif entry.type != "STATEMENT":
                    # "charged five Russian nationals": the five, when the text names them, are
                    # targets one by one; the counted group itself stays the object
                    targets += [a for a in self._members(tok, agents) if a not in targets]
                    clause = tok.pos_ in ("VERB", "AUX") and _is_clause(tok) and tok.dep_ not in ("pcomp", "xcomp")
                    policy = self.policy(_clause_object(tok) if clause else tok)
                    if policy is not None and policy not in described:
                        described.append(policy)
            if len(described) > 1:
                described = [_joined(described)]
            if head.lemma_.lower() in word_class("group_person") | word_class("group_org"):
                objects += [p for p in described if p not in objects]  # groups of people stay apart
            else:
                things += [p for p in described if p not in things]
        if things:
            objects.append(_joined(things) if len(things) > 1 else things[0])
        if targets:  # "detained its founder and chief executive, Ilya Sachkov": the roles describe him
            objects = [o for o in objects if not (
                _head_word(o) in word_class("role_person") | word_class("people_noun") and o.label.split()[-1] == _head_word(o)
                and not any(w[:1].isdigit() or w in _NUMBERS for w in o.label.lower().split()))]
        if entry.type == "STATEMENT":
            return [(t, None) for t in targets]
        # what the targets are accused of, sanctioned for, charged with: a second, secondary object
        secondary = None
        if targets:
            for name in _OBJECT_PREPS:
                heads = [h for slot, h in slots if slot == name and h.i not in {p.i for p in primary} and self.actor(h) is None]
                if heads:
                    secondary = self.policy(heads[0])
                    if secondary is not None:
                        break
        pairs: list[tuple[Actor | None, Policy | None]] = [(t, secondary) for t in targets]
        pairs += [(None, o) for o in objects]
        return pairs

    def _members(self, group: Token, agents: frozenset[str]) -> list[Actor]:
        """The named members of a counted group ('five Russian nationals', 'eight firms').

        News names such members after the sentence that reports the act: in the same sentence
        by apposition, or in a later sentence that refers back to the group ('The five
        suspects were named as A, B ...', 'Of the four nationals indicted, three were ...:'
        followed by a list, 'A fourth suspect, named D'), or in the list after a sentence of
        the same agent that ends with a colon ('the Treasury singled out:'). Only people count
        for a group of people and only organizations for a group of firms; at most as many
        as the count, and none past the next 15 sentences.
        """
        count = _cardinal(group)
        lemma = group.lemma_.lower()
        if count is None and group.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in group.children):
            return self._introduced(group) if lemma in word_class("group_person") else []
        if count is None or not 2 <= count <= 20:
            return []
        for cls, kinds in (("group_person", {"Person"}), ("group_org", {"Organization"})):
            if lemma in word_class(cls):
                break
        else:
            return []
        sents = self.sentences()
        at = next(k for k, s in enumerate(sents) if s.start <= group.i < s.end)
        found: list[Actor] = []
        listing = False  # inside the list that a referring sentence announced
        for sent in sents[at + 1: at + 16]:
            if listing and _LIST_ITEM.match(sent.text):
                named = self._named_in(range(sent.start, sent.end), kinds, agents)[:1] or _bare_name(sent, kinds)
            else:
                named = []
                referring = [t for t in sent if t.lemma_.lower() in word_class(cls) and _refers_back(t)]
                for ref in referring:
                    named += [a for a in self._named_in(_clause_of(ref), kinds, agents) if a not in named]
                colon = sent.text.rstrip().endswith(":")
                listing = colon and (bool(referring) or bool(agents & {m.actor.label for m in self._mentions_in(sent)}))
            found += [a for a in named if a not in found]
            if len(found) >= count:
                break
        return found[:count]

    def _introduced(self, someone: Token) -> list[Actor]:
        """'indicted a Turkish national ...' then 'Izzet Mert Ozek, 32, stands accused ...': the
        person a following sentence introduces by name, as its subject ('X, 32, ...') or as
        'named X' / 'identified as X', within the next three sentences."""
        sents = self.sentences()
        at = next(k for k, s in enumerate(sents) if s.start <= someone.i < s.end)
        known = {m.actor.label for m in self.at.values() if m.start < sents[at + 1].start} if at + 1 < len(sents) else set()
        for sent in sents[at + 1: at + 4]:
            for m in self._mentions_in(sent):
                if m.actor.kind != "Person" or m.actor.label in known or m.how != "ner" and m.how != "gazetteer":
                    continue
                root = self.doc[m.start:m.end].root
                subject = root.dep_ in ("nsubj", "nsubjpass") and (
                    root.head.dep_ == "ROOT" or root.head.dep_ == "ccomp" and root.head.head.lemma_.lower() in word_class("speech"))
                named = root.head.lemma_.lower() in ("name", "identify") or (
                    root.head.lower_ == "as" and root.head.head.lemma_.lower() in ("name", "identify"))
                if subject or named:
                    return [m.actor]
        return []

    def sentences(self) -> list[Span]:
        if self._sentences is None:
            self._sentences = list(self.doc.sents)
        return self._sentences

    def _mentions_in(self, sent: Span) -> list[Mention]:
        seen: list[Mention] = []
        for i in range(sent.start, sent.end):
            m = self.at.get(i)
            if m is not None and m not in seen:
                seen.append(m)
        return seen

    def _named_in(self, where: Iterable[int], kinds: set[str], exclude: frozenset[str]) -> list[Actor]:
        """Actors of the kinds named by name (not by pronoun or role noun) at token indices; a
        person by a full name (one word alone is as often a product or a place: 'Gmail')."""
        out: list[Actor] = []
        for i in sorted(where):
            m = self.at.get(i)
            if m is not None and m.actor.kind == "Person" and len(m.actor.label.split()) < 2:
                continue
            if m is not None and any(r[0] in ("leader_of", "president_of", "spokesperson_of") for r in m.actor.relations):
                continue  # a foreign minister or a spokesperson is no member of a group of nationals charged
            head = self.doc[m.start:m.end].root if m is not None else None
            if m is not None and m.start == i and m.actor.kind in kinds and m.actor.label not in exclude \
                    and m.how not in ("pronoun", "role-noun", "implicit") and m.actor not in out \
                    and head is not None and head.dep_ not in ("compound", "amod", "nmod", "poss"):  # 'the Muslim Uyghur minority'

                out.append(m.actor)
        return out

    # -- appeals in reported speech ----------------------------------------------------------
    def appeals_in_speech(self, sent: Span) -> Iterator[Event]:
        """'X should do Y', reported by a speaker, is the speaker's appeal to X (EVENTS.md APPEAL)."""
        for verb in sent:
            if verb.pos_ != "VERB" or not any(
                c.dep_ == "aux" and c.lemma_.lower() in word_class("appeal_modal") for c in verb.children
            ) or verb.lemma_.lower() in word_class("stative_verb"):
                continue  # "applicants should expect a denial" predicts; it asks nothing
            speech = _speech_head(verb)
            if speech is None:
                continue
            speakers = [r for s in _subjects(speech) if (r := self.actor(s)) is not None]
            if not speakers:
                continue
            subjects = _subjects(verb)
            targets = [r[0] for s in subjects if (r := self.actor(s)) is not None]
            objects = [p for c in verb.children if c.dep_ == "dobj" and (p := self.policy(c)) is not None]
            if not targets and not objects:
                continue
            agent, how = speakers[0]
            if any(t.label == agent.label for t in targets):
                continue  # "we should ..." is a pledge, not an appeal
            aux = next(c for c in verb.children if c.dep_ == "aux")
            yield Event(
                type="APPEAL", trigger=f"{aux.text} {verb.text}", agent=agent, evidence=self._evidence(sent),
                article_id=self.article.id, target=targets[0] if targets else None,
                object=objects[0] if objects else None, date=self._date(verb, speech, "asserted"),
                status="asserted", confidence=0.6 if how == "gazetteer" else 0.5,
            )

    def _happenings(self, sent: Span) -> None:
        """'The arrests took place on September 28', 'the attack occurred on Tuesday': the day
        of the acts of that type the article told before."""
        for verb in sent:
            lemma = verb.lemma_.lower()
            if not (lemma in ("occur", "happen") or lemma == "take" and any(c.lower_ == "place" for c in verb.children)):
                continue
            for subject in (c for c in verb.children if c.dep_ == "nsubj"):
                entries = triggers().get((subject.lemma_.lower(), "NOUN"), ())
                kind = next((e.type for e in entries if e.type != "STATEMENT"), None)
                when = self._date(verb, verb, "asserted") if kind else None
                if kind and when is not None:
                    self.happenings.append((sent.start_char, kind, when))

    def mistagged_appeals(self, sent: Span) -> Iterator[Event]:
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
            while j >= 0 and (words[j].i in self.at or words[j].lower_ in ("and", ",", "the")):
                m = self.at.get(words[j].i)
                if m is not None and m.actor not in agents and m.actor.kind in ("GovernmentBody", "Country", "InternationalOrganization"):
                    agents.insert(0, m.actor)
                j -= 1
            if not agents or j >= 0 and not (words[j].is_punct or words[j].is_space):
                continue  # the names must open the clause
            end = next((n for n in range(k + 1, len(words)) if words[n].lower_ == "to"), None)
            if end is None or end == k + 1:
                continue
            urged = words[k + 1:end]
            targets: list[Actor | None] = [m.actor for t in urged if (m := self.at.get(t.i)) is not None]
            label = " ".join(t.text for t in urged if not t.is_punct).strip()
            obj = None if targets else Policy(label)
            for agent in agents:
                for target in targets or [None]:
                    yield Event(
                        type="APPEAL", trigger=word.text, agent=agent, evidence=self._evidence(sent),
                        article_id=self.article.id, target=target, object=obj,
                        date=self.article.published,  # a present-tense appeal: the day's news
                        status="asserted", confidence=0.5,
                    )

    def claims_of_attack(self, sent: Span) -> Iterator[Event]:
        """'The gang claims to have stolen 1.5 TB of files', 'X claimed it hacked Y': a claim of
        the attack (EVENTS.md CLAIM); the victim is the attack's, else the article's victim of X."""
        attack_verbs = {lemma for (lemma, pos), entries in triggers().items() if pos == "VERB" and any(e.type == "ATTACK" for e in entries)}
        for verb in sent:
            if verb.lemma_.lower() != "claim" or verb.pos_ != "VERB":
                continue
            acts = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in attack_verbs]
            if not acts:
                continue
            agents = [r for s in _subjects(verb) for t in _coordinated(s) if (r := self.actor(t)) is not None]
            if not agents:
                continue
            act = acts[0]
            entry = next(e for e in triggers()[(act.lemma_.lower(), "VERB")] if e.type == "ATTACK")
            victims: list[Actor | None] = [t for t, _ in self._patients(act, act, entry) if t is not None]
            agent, how = agents[0]
            for victim in victims or [None]:
                if victim is not None and victim.label == agent.label:
                    continue
                yield Event(
                    type="CLAIM", trigger=f"{verb.text} {act.text}", agent=agent, evidence=self._evidence(sent),
                    article_id=self.article.id, target=victim, object=None if victim else Policy(act.lemma_),
                    date=self._date(verb, verb, "asserted"), status=self._status(verb, verb),
                    confidence=0.6 if how == "gazetteer" else 0.5,
                )

    def victim_lists(self, sent: Span) -> Iterator[Event]:
        """'Victims of X include A, B and C', 'X's targets included A', 'Some of the victims X
        targeted include A and B': X attacked each of A, B and C (EVENTS.md ATTACK)."""
        for verb in sent:
            if verb.lemma_.lower() not in ("include", "be") or verb.pos_ not in ("VERB", "AUX"):
                continue
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is None:
                continue
            victims = subject if subject.lemma_.lower() in word_class("victim_noun") else next(
                (g for p in subject.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                 if g.dep_ == "pobj" and g.lemma_.lower() in word_class("victim_noun")), None)
            if victims is None:
                continue
            attackers = [t for t in victims.subtree if t.i != victims.i and (m := self.at.get(t.i)) is not None
                         and m.actor.kind in ("ThreatActor", "Country", "GovernmentBody", "Person")]
            listed = [t for c in verb.children if c.dep_ in ("dobj", "attr") for t in _coordinated(c)]
            if not attackers or not listed:
                continue
            attacker = self.at[attackers[0].i].actor
            for tok in listed:
                resolved = self.actor(tok)
                if resolved is None or resolved[0].label == attacker.label:
                    continue
                yield Event(
                    type="ATTACK", trigger=victims.text, agent=attacker, evidence=self._evidence(sent),
                    article_id=self.article.id, target=resolved[0], date=None, status=self._status(verb, verb),
                    confidence=0.6,
                )

    def cooperation_in(self, sent: Span) -> Iterator[Event]:
        """Help and partnership told by a prepositional phrase (EVENTS.md COOPERATE).

        'X arrested Y with aid from A, B and C' and 'with the help of A': each helper
        cooperates with X. 'in cooperation with A', 'a joint investigation with A', 'at the
        request of A': X cooperates with A. X is the actor of the clause the phrase belongs to
        (its subject, the by-phrase of a passive, or the speaker of a reported clause).
        """
        for word in sent:
            lemma = word.lemma_.lower()
            partners: list[Token] = []
            if lemma in word_class("help_noun") and word.dep_ == "pobj" and word.head.lower_ == "with":
                helpers = [g for c in word.children if c.dep_ == "prep" and c.lower_ in ("from", "of", "by") for g in c.children if g.dep_ == "pobj"]
                helpers += [c for c in word.children if c.dep_ == "poss"]
                toward = False
            elif lemma in word_class("partnership_noun") and (
                word.dep_ == "pobj" and word.head.lower_ in ("in", "with") or any(c.lower_ == "joint" for c in word.children)
            ):
                helpers = [g for c in word.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"]
                toward = True
            elif lemma == "request" and word.dep_ == "pobj" and word.head.lower_ == "at":
                helpers = [g for c in word.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
                toward = True
            else:
                continue
            partners = [t for h in helpers for t in _coordinated(h)]
            clause = word
            while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
                clause = clause.head
            mains = [r for s in _subjects(clause) for t in _coordinated(s) if (r := self.actor(t)) is not None]
            if not mains:
                mains = [r for r in [self._speaker_pronoun(clause)] if r is not None]
                speech = _speech_head(clause)
                if not mains and speech is not None:
                    mains = [r for s in _subjects(speech) if (r := self.actor(s)) is not None]
            if not mains or clause.pos_ not in ("VERB", "AUX"):
                continue
            main, how = mains[0]
            when = self._date(clause, clause, "asserted")
            for partner_token in partners:
                resolved = self.actor(partner_token)
                if resolved is None or resolved[0].label == main.label:
                    continue
                agent, target = (main, resolved[0]) if toward else (resolved[0], main)
                yield Event(
                    type="COOPERATE", trigger=word.text, agent=agent, evidence=self._evidence(sent),
                    article_id=self.article.id, target=target, date=when, status=self._status(clause, clause),
                    confidence=0.6 if how == "gazetteer" else 0.5,
                )

    def attributions_in_speech(self, sent: Span) -> Iterator[Event]:
        """'S said X is behind Y' / 'X was responsible for Y': S accuses X (EVENTS.md ACCUSE)."""
        for word in sent:
            lemma = word.lemma_.lower()
            if lemma == "behind" and word.dep_ == "prep":
                copula, what = word.head, next((c for c in word.children if c.dep_ == "pobj"), None)
            elif lemma in word_class("responsible") and word.dep_ == "acomp":
                copula = word.head
                what = next((g for c in word.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children
                             if g.dep_ in ("pobj", "pcomp")), None)
            else:
                continue
            if copula.lemma_ != "be":
                continue
            speech = _speech_head(copula)
            if speech is None:
                continue
            speakers = [r for s in _subjects(speech) if (r := self.actor(s)) is not None]
            accused = [r[0] for s in _subjects(copula) for t in _coordinated(s) if (r := self.actor(t)) is not None]
            if not speakers or not accused:
                continue
            agent, how = speakers[0]
            obj = self.policy(what) if what is not None and self.actor(what) is None else None
            status = self._status(copula, copula)
            for target in accused:
                if target.label == agent.label:
                    continue
                yield Event(
                    type="ACCUSE", trigger=f"is {word.text}", agent=agent, evidence=self._evidence(sent),
                    article_id=self.article.id, target=target, object=obj,
                    date=self._date(speech, speech, "asserted"), status=status,
                    confidence=0.65 if how == "gazetteer" else 0.55,
                )

    # -- arguments -------------------------------------------------------------------------
    def actor(self, token: Token) -> tuple[Actor, str] | None:
        """The actor a noun-phrase head names: its own mention or one of its name tokens."""
        m = self.at.get(token.i)
        if m is not None and m.how == "demonym" and _members_as_patient(token):
            return None  # "sanctioned Russian officials": people of Russia, not Russia
        if m is None:
            for child in token.children:
                if child.dep_ == "appos" and child.i in self.at:  # "its leader, Maksim Yakubets"
                    return self.at[child.i].actor, self.at[child.i].how
                if child.dep_ == "acl" and child.lemma_.lower() in word_class("affiliation_verb") and token.lemma_.lower() in (
                    word_class("role_threat") | {"hacker", "actor", "operative", "spy", "unit"}
                ):
                    sponsor = [g for p in child.children if p.dep_ in ("prep", "agent") and p.lower_ in ("with", "to", "by")
                               for g in p.children if g.dep_ == "pobj" and g.i in self.at]
                    if sponsor:  # "hackers affiliated with China's Ministry of State Security": the ministry
                        return self.at[sponsor[0].i].actor, self.at[sponsor[0].i].how
                if child.dep_ == "acl" and child.lemma_.lower() in ("know", "call", "name", "dub", "identify"):
                    named = [g for p in child.children if p.dep_ == "prep" and p.lower_ == "as"
                             for g in p.children if g.dep_ == "pobj" and g.i in self.at]
                    named += [g for g in child.children if g.dep_ in ("oprd", "attr", "dobj", "npadvmod") and g.i in self.at]
                    if named:  # "the military intelligence service known as the GRU"
                        return self.at[named[0].i].actor, self.at[named[0].i].how
            for child in token.children:
                if child.dep_ == "compound" and child.i in self.at and _members_as_patient(token) and \
                        self.at[child.i].actor.kind in ("GovernmentBody", "Country"):
                    continue  # "charged four MSS hackers", "indicted GRU officers": members, not the body
                if child.dep_ in ("compound", "flat", "appos", "nmod") and child.i in self.at and child.pos_ == "PROPN":
                    if self.at[child.i].actor.kind == "Country" and token.pos_ != "PROPN" and token.lemma_.lower() in (
                        word_class("role_org") | word_class("group_org") | word_class("role_threat")
                    ):
                        continue  # "two US companies" are American companies, not the United States
                    if token.pos_ in ("PROPN",) and child.dep_ != "nmod" or token.lemma_.lower() in _CLASS_NOUNS():
                        m = self.at[child.i]  # "a Ministry of Oil spokesperson" (nmod) only before a role noun
                        state = next((other for rel, other, kind in m.actor.relations
                                      if rel in ("president_of", "leader_of") and kind == "Country"), None)
                        if state is not None and token.lemma_.lower() in ("administration", "government", "cabinet"):
                            country = gazetteer().get(state)  # "the Biden administration": the US government
                            if country is not None:
                                return country, m.how
                        break
                if child.dep_ == "compound" and token.lemma_.lower() in _CLASS_NOUNS():
                    named = [g for g in child.subtree if g.i in self.at and g.dep_ == "compound"]
                    if named:  # "the Conti ransomware operation"
                        m = self.at[named[0].i]
                        break
                if child.dep_ == "poss" and child.i in self.at and token.lemma_.lower() in _CLASS_NOUNS():
                    m = self.at[child.i]  # "Ukraine's national police", "China's government"
                    break
                if child.dep_ == "prep" and child.lower_ in ("for", "of") and token.lemma_.lower() in word_class("role_spokesperson"):
                    spoken = next((g for g in child.children if g.dep_ == "pobj" and g.i in self.at), None)
                    if spoken is not None:  # "spokespersons for the Ministry of Oil": the ministry speaks
                        m = self.at[spoken.i]
                        break
                if child.dep_ == "prep" and child.lower_ == "of" and token.lemma_.lower() in word_class("authority_noun"):
                    body = next((g for g in child.children if g.dep_ == "pobj" and g.i in self.at
                                 and self.at[g.i].actor.kind == "GovernmentBody"), None)
                    if body is not None:  # "officers of the Ukrainian National Police"
                        m = self.at[body.i]
                        break
        if m is None:
            return None
        return m.actor, m.how

    def policy(self, token: Token | None) -> Policy | None:
        """The policy, instrument or issue a noun phrase names ('a new sanctions program')."""
        if token is None:
            return None
        if token.pos_ in ("VERB", "AUX"):  # gerund: "imposing sanctions", "fighting against attacks"
            inner = next((c for c in token.children if c.dep_ == "dobj"), None)
            if inner is None:  # "fighting against cyber attacks"; not "hacking in all its forms"
                inner = next((p for c in token.children if c.dep_ == "prep" and c.lower_ in ("against", "on", "of", "into")
                              for p in c.children if p.dep_ == "pobj"), None)
            if inner is None and token.tag_ == "VBG" and token.dep_ in ("dobj", "pobj", "pcomp", "nsubj"):
                phrase = _phrase(token, limit=8)  # "opposed hacking"; "for helping launder payments"
                if any(c.dep_ in ("xcomp", "ccomp", "dobj", "dative") for c in token.children):
                    return Policy(label=phrase, aliases=(token.text,))
                return Policy(label=token.text, aliases=(phrase,))
            gerund = re.sub(r"^to\s+", "", _phrase(token, limit=8))
            found = self.policy(inner)
            if found is None:  # "of hacking the OPCW": the act itself is what is at issue
                return Policy(label=gerund) if inner is not None and any(ch.isalpha() for ch in gerund) else None
            return replace(found, aliases=_unique(found.aliases + (gerund,)))
        if token.pos_ not in ("NOUN", "PROPN", "NUM") or token.lemma_.lower() in word_class("relative_pronoun"):
            return None
        if token.pos_ == "PROPN" and (token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or token.i in self.at):
            return None  # a name the actor finder did not resolve is an unknown actor, not a policy
        if token.lemma_.lower() in word_class("container_noun"):
            inner = next((p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"), None)
            found = self.policy(inner)
            if found is not None:
                return replace(found, aliases=_unique(found.aliases + (_phrase(token, limit=10), _strip_det(_phrase(token, limit=10)))))
        core = _contiguous([t for t in token.lefts if t.dep_ in ("compound", "nmod") and not t.is_punct] + [token])
        labelled = _contiguous([t for t in token.lefts if t.dep_ in ("compound", "nmod", "amod", "nummod", "quantmod")
                                and not t.is_punct] + [token])
        label = _join(labelled)
        if not label or not any(ch.isalpha() for ch in label):
            return None
        strict = [token]  # the head with its compounds only: "seized domains" is also "domains"
        while strict[0].i > 0 and token.doc[strict[0].i - 1].dep_ == "compound" and token.doc[strict[0].i - 1].head.i == token.i:
            strict.insert(0, token.doc[strict[0].i - 1])
        aliases: tuple[str, ...] = (_join(core), _strip_det(_phrase(token, limit=10)), _phrase(token, limit=10),
                                    _QUANTIFIER.sub("", label), _join(strict))
        measured = next((p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                         if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN")), None)
        if measured is not None and (token.like_num or token.lemma_.lower() in word_class("measure_noun")):
            # "$6.1 million worth of cryptocurrency", "billions worth of bitcoin": what was taken
            stuff = _join(_contiguous([t for t in measured.lefts if t.dep_ in ("compound", "amod", "nmod")] + [measured]))
            aliases += (f"{label} of {stuff}", f"{_QUANTIFIER.sub('', label)} of {stuff}", stuff)
        return Policy(label=label, aliases=_unique(tuple(a for a in aliases if a and a != label)))

    # -- status, speaker, date, evidence -----------------------------------------------------------
    def _status(self, token: Token, pred: Token) -> str:
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
        if pred.dep_ in ("ccomp", "xcomp") and head.lemma_.lower() in ("deny", "refute", "reject"):
            return "negated"
        if pred.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN" and head.head.lemma_.lower() in ("deny", "refute", "reject", "dismiss"):
            return "negated"  # "rejected accusations that Beijing was behind the hack"
        return "asserted"

    def _speaker(self, pred: Token) -> Actor | None:
        if pred.dep_ == "pcomp" and pred.head.dep_ == "prep" and pred.head.head.lemma_.lower() in word_class("accusation_verb"):
            accuser = next((r[0] for s in _subjects(pred.head.head) if (r := self.actor(s)) is not None), None)
            if accuser is not None:  # "the UK accused Russia of hacking X": the UK's claim
                return accuser
        speech = _speech_head(pred)
        if speech is None:
            return None
        for subject in _subjects(speech):
            resolved = self.actor(subject)
            if resolved is not None:
                return resolved[0]
        return None

    def _date(self, token: Token, pred: Token, status: str, trigger: str = "") -> date | None:
        """The day of the trigger's clause; a statement's own date for what it announces."""
        mentioned = False
        for ent in self.doc.ents:
            if ent.label_ not in ("DATE", "TIME") or not (pred.sent.start <= ent.start < pred.sent.end):
                continue
            if ent.label_ == "TIME" and dates.resolve(ent.text, self.article.published) is None:
                continue  # "at 10am" says no day
            if _governed_by(ent.root, {pred.i, token.i}):
                mentioned = True
                if _SAME_DAY.search(ent.text):
                    return self.last_date_of(pred) or self.last_date
                resolved = dates.resolve(ent.text, self.article.published, future=status == "hypothetical")
                if resolved is not None:
                    return resolved
        if mentioned:  # "in 2014", "last month": a time is given but no day; never inherit one
            self.vague.add((pred.sent.start_char, trigger))
            return None
        when_of = pred.head if pred.dep_ == "relcl" and any(c.lower_ == "when" for c in pred.children) else None
        if when_of is not None and when_of.ent_type_ == "DATE":  # "On January 27, when the DOJ charged X"
            day = next((dates.resolve(e.text, self.article.published) for e in self.doc.ents
                        if e.label_ == "DATE" and e.start <= when_of.i < e.end), None)
            if day is not None:
                return day
        raised = pred.dep_ == "xcomp" and (_is_finite_passive(pred.head) or pred.head.dep_ == "xcomp") or (
            pred.dep_ == "advcl" and any(c.dep_ == "advmod" and c.lower_ == "when" for c in pred.children))  # "On May 3, when X ..."
        if (pred.dep_ == "conj" or pred.dep_ == "advcl" and pred.tag_ == "VBG" or raised) and pred.pos_ in ("VERB", "AUX") \
                and pred.head.pos_ in ("VERB", "AUX"):
            # "took place on September 28 and were carried out by ...", "imposed sanctions on Thursday,
            # listing six people", "On Friday, X is believed to have used ... to gain access": coordinated,
            # participial and raised clauses share the day
            shared = self._date(pred.head, pred.head, status)
            if shared is not None:
                return shared
        speech = _speech_head(pred)
        if speech is not None and (status != "asserted" or pred.tag_ in ("VB", "VBP", "VBZ", "VBG")):
            return self._date(speech, speech, "asserted")  # "said on Friday that Russia would not expel"
        verb = pred.head if pred.pos_ == "NOUN" and pred.dep_ == "dobj" and pred.head.pos_ == "VERB" else pred
        if status == "asserted" and speech is None and _reported_as_new(verb, token):
            return self.article.published  # "The FBI has linked X to Y", "X has suffered an attack": today's news
        return None

    def last_date_of(self, pred: Token) -> date | None:
        """The last date of the clause subject's earlier events: 'on the same day, Obama ...'."""
        for subject in _subjects(pred):
            resolved = self.actor(subject)
            if resolved is not None and resolved[0].label in self.actor_dates:
                return self.actor_dates[resolved[0].label]
        return None

    def _evidence(self, sent: Span) -> Evidence:
        text = sent.text.strip()
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        return Evidence(text=text, start=start, end=start + len(text))


# -- helpers over the parse ---------------------------------------------------------------------
def _subjects(pred: Token) -> list[Token]:
    subjects = [c for c in pred.children if c.dep_ in ("nsubj", "csubj")]
    if _is_passive(pred):
        subjects = [g for c in pred.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    subjects = [_antecedent(s) for s in subjects]
    if subjects:
        return subjects
    if pred.dep_ == "conj" and pred.head.i != pred.i:  # "X condemned and sanctioned Y"
        return _subjects(pred.head)
    if pred.dep_ == "xcomp" and pred.head.lemma_.lower() in word_class("object_control"):
        # "the agents hired two hackers to compromise Yahoo": the hired ones act
        hired = [c for c in pred.head.children if c.dep_ in ("dobj", "nsubjpass")]
        if hired:
            return [_antecedent(h) for h in hired]
    if pred.dep_ == "xcomp" and _is_finite_passive(pred.head):
        # "X is believed to have hacked Y", "X was asked to help": the passive's subject acts
        raised = [c for c in pred.head.children if c.dep_ == "nsubjpass"]
        if raised:
            return [_antecedent(r) for r in raised]
    if pred.dep_ == "xcomp":  # "X plans to sanction": the controller acts
        return _subjects(pred.head)
    if pred.dep_ == "pcomp" and pred.head.dep_ == "prep" and pred.head.head.lemma_.lower() in word_class("accusation_verb"):
        # "accused Russia of hacking X", "Russia was blamed for hacking X": the accused act
        verb = pred.head.head
        accused = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if not accused and verb.dep_ in ("acomp", "oprd", "xcomp") and verb.head.i != verb.i:
            accused = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]  # "X stands accused of"
        return [_antecedent(a) for a in accused]
    if pred.dep_ == "advcl" and pred.tag_ == "VBG":  # "X was active, being responsible for ...": X
        return _subjects(pred.head)
    if pred.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in pred.children):
        verb = pred.head  # "Israel went as far as to accuse Russia", "imposed sanctions to punish X": the subject
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        return _subjects(verb) if verb.i != pred.i else []
    if pred.dep_ == "acl" and pred.tag_ == "VBN":
        return [g for c in pred.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return []


def _bare_name(item: Span, kinds: set[str]) -> list[Actor]:
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


def _members_as_patient(noun: Token) -> bool:
    """'four MSS hackers' as what is acted on: people of a body, not the body itself."""
    patient = noun.dep_ in ("dobj", "nsubjpass") or noun.dep_ == "pobj" and noun.head.lower_ != "by"
    return patient and noun.lemma_.lower() in (word_class("group_person") | {"hacker", "operative", "spy"})


def _refers_back(noun: Token) -> bool:
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


def _clause_of(noun: Token) -> set[int]:
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


def _attributed(noun: Token) -> tuple[Token, list[Token]] | None:
    """(predicate, agent heads) of an act noun set in a statement of responsibility.

    'X is responsible for the attack on Y', 'X has been responsible for a wide range of
    attacks, including attacks against Y', 'X, responsible for the attacks on Y', 'the gang
    behind the attack on Y', 'X was behind the attacks': the one held responsible acts.
    """
    node = noun
    for _ in range(8):
        if node.dep_ == "prep" and node.lower_ == "behind":
            owner = node.head
            if owner.pos_ in ("NOUN", "PROPN", "PRON"):
                return noun, [owner]
            return (owner, _subjects(owner)) if owner.pos_ in ("AUX", "VERB") else None
        if node.dep_ not in ("pobj", "prep", "conj", "appos") or node.head.i == node.i:
            break
        node = node.head
    if node.lemma_.lower() in word_class("responsible"):
        if node.dep_ == "acomp":
            return node.head, _subjects(node.head)
        if node.dep_ in ("amod", "appos") and node.head.pos_ in ("NOUN", "PROPN"):
            return noun, [node.head]  # "the gang, responsible for ..."
        return None
    if node.pos_ in ("AUX", "VERB") and any(c.dep_ == "acomp" and c.lemma_.lower() in word_class("responsible") for c in node.children):
        return node, _subjects(node)  # "including attacks against Y" attached to the verb
    return None


def _joined(policies: list[Policy]) -> Policy:
    """One object for a list of things: 'cash, wallets and cars'."""
    joined = " and ".join(p.label for p in policies)
    return Policy(joined, _unique(tuple(p.label for p in policies) + tuple(a for p in policies for a in p.aliases)))


def _cardinal(noun: Token) -> int | None:
    """The count a noun phrase gives: 'five Russian nationals' 5, 'the 12 suspects' 12."""
    for child in noun.children:
        if child.dep_ == "nummod":
            text = child.lower_.replace(",", "")
            if text in _NUMBERS:
                return _NUMBERS[text]
            if text.isdigit():
                return int(text)
    return None


def _contiguous(tokens: list[Token]) -> list[Token]:
    """The tokens from the first chosen one to the head, hyphens included: 'co-conspirators',
    '$2.2 million'; a chosen token's own modifiers before it come along ('22-year-old')."""
    if not tokens:
        return tokens
    doc, last = tokens[-1].doc, tokens[-1].i
    first = min(min(t.left_edge.i for t in tokens), last)
    span = [t for t in doc[first:last + 1] if t.dep_ not in ("det", "poss", "case", "predet") or t.i == last]
    while span and span[0].is_punct and span[0].text not in ("$", "€", "£"):
        span = span[1:]
    return span


def _is_finite_passive(token: Token) -> bool:
    """'X was charged', not the participle of 'companies listed on NASDAQ'."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)


def _is_passive(token: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children) or (token.dep_ == "acl" and token.tag_ == "VBN")


def _antecedent(token: Token) -> Token:
    """A relative pronoun ('that', 'which', 'who') stands for the noun its clause modifies."""
    if token.lower_ in word_class("relative_pronoun") and token.head.dep_ == "relcl":
        noun = token.head.head
        if noun.dep_ == "attr":  # "Polyanin is the person who breached X": the subject of 'is'
            subject = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
        return noun
    return token


def _coordinated(token: Token) -> list[Token]:
    """The token, its conjuncts and listed members: 'the US and the UK', 'allies, including
    the EU and NATO', 'three suppliers: A, B and C' give one event per actor."""
    out = [token]
    for conj in token.conjuncts:
        if conj.i > token.i and conj.pos_ == token.pos_ or conj.pos_ in ("PROPN", "NOUN") and token.pos_ in ("PROPN", "NOUN"):
            out.append(conj)
    for member in list(out):
        for child in member.children:
            if child.dep_ == "prep" and child.lower_ in ("including", "like"):
                listed = [g for g in child.children if g.dep_ == "pobj"]
                out += [t for g in listed for t in [g, *g.conjuncts] if t.i not in {o.i for o in out}]
            elif child.dep_ == "appos" and member.pos_ == "NOUN" and (member.tag_ in ("NNS", "NNPS") or member.lemma_.lower() in word_class("people_noun")):
                out += [t for t in [child, *child.conjuncts] if t.i not in {o.i for o in out}]
            elif child.dep_ == "appos" and member.pos_ == "PROPN" and child.pos_ == "PROPN" and any(
                c.dep_ == "conj" for c in child.children
            ):  # "the City of Tulsa, Ireland's HSE, Advantech and ...": a list the parser chained
                out += [t for t in [child, *child.conjuncts] if t.i not in {o.i for o in out}]
    return out


def _speech_head(pred: Token) -> Token | None:
    """The verb of saying whose complement clause holds pred, if any."""
    node = pred
    for _ in range(4):
        if node.dep_ not in ("ccomp", "conj", "xcomp", "acomp") or node.head.i == node.i:
            return None  # "said it was highly likely that X was behind ..." passes through "likely"
        node = node.head
        if node.lemma_.lower() in word_class("speech"):
            return node
    return None


def _governed_by(token: Token, heads: set[int]) -> bool:
    """True when token sits in the clause of one of heads, not in a clause nested below it."""
    node = token
    for _ in range(12):
        if node.i in heads:
            return True
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head.lemma_.lower() in word_class("accusation_verb"):
            return False  # "charged with carrying out the attack during the July 4 weekend": the attack's day
        if node.dep_ == "acl" and node.head.lemma_.lower() in word_class("communication_noun"):
            node = node.head  # "urged X in a notice sent out on Sunday": the notice's day is the act's
            continue
        if node.dep_ in _CLAUSE_DEPS and node.pos_ in ("VERB", "AUX"):
            return node.head.i in heads and node.dep_ == "xcomp"
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _CLASS_NOUNS() -> frozenset[str]:
    """Nouns that a name before them specifies: 'the REvil gang', 'the Kremlin spokesman'."""
    return (word_class("government_noun") | word_class("role_threat") | word_class("role_org")
            | word_class("role_body") | word_class("role_spokesperson") | word_class("role_person")
            | word_class("authority_noun"))


def _owner(token: Token, mentions: dict[int, Mention]) -> Token | None:
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


def _reported_as_new(pred: Token, token: Token) -> bool:
    """A main-clause act in the present perfect ('has charged', 'have sanctioned') is the news
    the article reports; so is a stance in the present tense ('strongly denounce')."""
    if pred.dep_ not in ("ROOT", "conj") or pred.pos_ != "VERB":
        return False  # "has been responsible for attacks" tells a record, not the day's news
    perfect = pred.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in pred.children)
    stance = pred.tag_ in ("VBP", "VBZ") and pred.lemma_.lower() in word_class("stance_verb")
    return perfect or stance


def _is_ransom(policy: Policy) -> bool:
    """'multi-million dollar ransoms', 'a $7 million payment', '50 bitcoin'."""
    words = set(re.findall(r"[a-z$]+", " ".join((policy.label,) + policy.aliases).lower()))
    return bool(words & word_class("ransom_word")) or "$" in policy.label


def _head_word(policy: Policy) -> str:
    """The last word of an object's label, lower-cased and without a plural -s."""
    words = policy.label.lower().split()
    word = words[-1] if words else ""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"  # "entities", "companies"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def _described(policy: Policy) -> bool:
    """A victim told by what it is: 'hospitals', 'Ukrainian sites'; not by a word that says
    nothing of it ('the site', 'individuals', 'a handful', 'victims')."""
    if _head_word(policy) not in word_class("vague_victim"):
        return True
    # a vague head is described by a modifier or a named place: "Ukrainian sites", "targets in the
    # United States"; not "a handful of individuals"
    return len(policy.label.split()) >= 2 or any(w[:1].isupper() for a in policy.aliases for w in a.split()[1:])


def _bare_plural(policy: Policy) -> bool:
    """'hackers', 'accounts': a plural noun alone names a kind of thing, not particular ones."""
    words = policy.label.split()
    if len(words) != 1 or not words[0].islower() or not words[0].endswith("s") or words[0].endswith("ss"):
        return False
    return all(len(a.split()) == 1 for a in policy.aliases)  # "the domains of the group" is particular


def _is_name(label: str) -> bool:
    """Two to four capitalised words with lower-case letters: 'Nikita Kislitsin'."""
    words = label.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() and any(c.islower() for c in w) and w.isalpha() for w in words)


def _names_people(policy: Policy) -> bool:
    """'two members of a ransomware gang', 'the quartet', 'a Turkish national': people."""
    words = {w.lower().strip(",.") for w in policy.label.split()}
    people = (word_class("group_person") | word_class("role_person") | word_class("role_threat")
              | word_class("people_noun"))
    if _is_name(policy.label):
        return True  # a name the NER did not tag: 'Nikita Kislitsin'
    return _head_word(policy) in people or bool(words & word_class("people_noun")) or any(
        w.rstrip("s") in word_class("group_person") for w in words)


def _is_loot(policy: Policy) -> bool:
    """What an attack takes or hits, not whom: data, files, money, credentials, bare 'systems'.
    Systems described by whose they are ('Ukrainian government systems') stand for the victim."""
    words = policy.label.split()
    head = words[-1].lower() if words else ""
    return head in word_class("loot_noun") or head in word_class("owned_noun") and len(words) == 1


def _is_clause(token: Token) -> bool:
    return token.dep_ in ("ccomp", "xcomp", "pcomp") or any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def _clause_object(clause: Token) -> Token | None:
    return next((c for c in clause.children if c.dep_ in ("dobj", "nsubjpass", "attr")), clause)


def _phrase(token: Token, limit: int) -> str:
    """The noun phrase of token, without its relative clauses and appositions, up to limit words."""
    excluded = {t.i for c in token.children if c.dep_ in ("relcl", "acl", "appos") for t in c.subtree}
    tokens = [t for t in token.subtree if t.i not in excluded and not (t.is_punct and t.i < token.i and t.head.i == token.i)]
    left = [t for t in tokens if t.i <= token.i]
    right = [t for t in tokens if t.i > token.i][: max(0, limit - len(left))]
    stop = next((k for k, t in enumerate(right) if t.is_punct or t.dep_ in ("relcl", "acl")), len(right))
    return _join(left + right[:stop])


def _join(tokens: Iterable[Token]) -> str:
    out = ""
    for t in sorted(tokens, key=lambda t: t.i):
        if t.text in ('"', "“", "”"):
            continue
        out += t.text + t.whitespace_
    return out.strip().strip('"“”')


def _strip_det(text: str) -> str:
    for det in ("the ", "a ", "an ", "The ", "A ", "An "):
        if text.startswith(det):
            return text[len(det):]
    return text


def _unique(items: tuple[str, ...]) -> tuple[str, ...]:
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return tuple(seen)


def _trigger_text(token: Token, pred: Token, entry: Trigger) -> str:
    if pred.i != token.i and entry.pos == "NOUN":
        return f"{pred.text} {token.text}" if pred.i < token.i else token.text
    if entry.requires:
        extra = next((c for c in token.children if c.lemma_.lower() == entry.requires and c.dep_ in ("prt", "prep")), None)
        if extra is not None:
            return f"{token.text} {extra.text}"
    return token.text


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (type, agent, target or object) in a sentence."""
    best: dict[tuple[object, ...], Event] = {}
    for e in events:
        # one act on one target per sentence, whatever words it is told with ("charged ... for his
        # involvement" and "charged"): the version with an object and more confidence wins
        what = e.target.label if e.target else norm(e.object.label) if e.object else None
        key = (e.type, e.agent.label, what, e.evidence.start)
        rank = (e.object is not None, e.confidence)
        if key not in best or rank > (best[key].object is not None, best[key].confidence):
            best[key] = e
    return sorted(best.values(), key=lambda e: (e.evidence.start, e.type))


def _dates_from_retelling(events: list[Event], happenings: list[tuple[int, str, date]]) -> list[Event]:
    """Undated acts take the day a later sentence gives them: 'Two men were arrested ...' then
    'The arrests took place on September 28', or 'The suspects were detained on Tuesday,
    October 26' (a dated act of the same type on a definite 'the suspects')."""
    retold = list(happenings)
    for e in events:
        definite = e.target is None and e.object is not None and any(
            a.lower().startswith(("the ", "these ", "those ")) for a in e.object.aliases)
        if e.date is not None and e.status == "asserted" and definite:
            retold.append((e.evidence.start, e.type, e.date))
    out = []
    for e in events:
        if e.date is None and e.status == "asserted":
            later = [(at, day) for at, kind, day in retold if kind == e.type and at > e.evidence.start]
            if later:
                e = replace(e, date=min(later)[1])
        out.append(e)
    return out


def _victims_of_claims(events: list[Event]) -> list[Event]:
    """A threat actor's claim or ransom demand with no victim named is addressed to the victim
    of that actor's attack in the same article ('JVCKenwood suffered a Conti attack ... the
    gang is demanding $7 million'); a ransom demand of no known victim is a generality and
    is dropped."""
    victims: dict[str, Actor] = {}
    for e in events:
        if e.type == "ATTACK" and e.target is not None and e.status == "asserted":
            victims.setdefault(e.agent.label, e.target)
    out = []
    for e in events:
        if e.type in ("CLAIM", "DEMAND") and e.target is None and e.agent.kind == "ThreatActor":
            if e.agent.label not in victims and e.type == "DEMAND" and (e.object is None or _is_ransom(e.object)):
                continue  # "the higher ransoms demanded by gangs like Ryuk": a generality, no one's demand
            if e.agent.label in victims:
                e = replace(e, target=victims[e.agent.label])
        out.append(e)
    return out


def _lineage(actor: Actor, gaz: object) -> list[str]:
    """The actor's label and those of the bodies and state it belongs to."""
    from kg.actors import Gazetteer

    assert isinstance(gaz, Gazetteer)
    out: list[str] = []
    current: Actor | None = gaz.get(actor.label) or actor
    while current is not None and len(out) < 6:
        out.append(current.label)
        current = gaz.parent(current)
    return out


def _same_act(a: Event, b: Event, gaz: object) -> bool:
    """The same type and patient, by the same agent or by an agent and a body it contains."""
    what_a = a.target.label if a.target else norm(a.object.label) if a.object else None
    what_b = b.target.label if b.target else norm(b.object.label) if b.object else None
    if (a.type, what_a) != (b.type, what_b):
        return False
    if a.agent.label == b.agent.label:
        return True
    # a state acts through one body: "the US charged X" and "the Justice Department charged X" are
    # one charge; but what the US said and what the FBI concluded are two statements
    return a.type in _INSTITUTIONAL_TYPES and (a.agent.label in _lineage(b.agent, gaz) or b.agent.label in _lineage(a.agent, gaz))


def _merge_retold(events: list[Event], gaz: object) -> list[Event]:
    """One event per act in an article: a lead repeated in the body, or a charge told again
    further down, is the same event; so is the act told once of 'the US' and once of 'the
    Justice Department' (an agent and a body it contains). The more specific agent is kept,
    with the first date given. Two tellings on different days are two events."""
    kept: list[Event] = []
    for e in events:
        same = None
        for k, other in enumerate(kept):
            if other.status != e.status or other.date is not None and e.date is not None and other.date != e.date:
                continue
            if _same_act(other, e, gaz):
                same = k
                break
        if same is None:
            kept.append(e)
            continue
        first = kept[same]
        specific = e if first.agent.label in _lineage(e.agent, gaz) and first.agent.label != e.agent.label else first
        kept[same] = replace(specific, date=first.date or e.date)
    return kept


def _inherit_dates(events: list[Event], gaz: object, body: str, vague: set[tuple[int, str]]) -> list[Event]:
    """An undated event takes the date of an earlier dated event of the same actor or paragraph.

    News reports one day's acts and remarks together: "China voiced disapproval ... on
    Thursday. She reiterated China is opposed ..." are the same day's remarks, and "Yakubets
    was also charged by the Justice Department" follows the dated designation of its
    paragraph. A clause that names a time without a day ("in 2014") never inherits one, and
    attacks take part in neither direction.
    """
    from kg.actors import Gazetteer

    assert isinstance(gaz, Gazetteer)
    last: dict[str, date] = {}
    last_paragraph: tuple[int, date] | None = None
    out = []
    for e in events:
        family = [e.agent.label]  # the agent's own date first, then its state's: an ordered list, not a set,
        country = gaz.country_of(e.agent)  # so the result does not depend on PYTHONHASHSEED
        if country and country.label != e.agent.label:
            family.append(country.label)
        paragraph = body.count("\n", 0, e.evidence.start)
        # attacks are told as the background of the responses around them: they neither lend
        # their day to the paragraph's other acts nor take one from them
        if e.date is None and e.status == "asserted" and (e.evidence.start, e.trigger) not in vague and e.type != "ATTACK":
            inherited = next((last[f] for f in family if f in last), None)
            if inherited is None and last_paragraph is not None and last_paragraph[0] == paragraph:
                inherited = last_paragraph[1]
            if inherited:
                e = replace(e, date=inherited)
        elif e.date is not None and e.type != "ATTACK":
            for f in family:
                last[f] = e.date
            last_paragraph = (paragraph, e.date)
        out.append(e)
    return out
