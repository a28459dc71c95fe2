"""Table tests of the extraction mechanisms for the hard cases of docs/events.md: each holds
for any article, so each is shown on at least three syntaxes. The sentences are the
project's own; expected events are (type, agent, target, object), STATEMENTs left out."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extraction.pipeline import Extractor
from kg.model import Article, Event

DOJ, TREASURY, FBI = "US Department of Justice", "US Department of the Treasury", "Federal Bureau of Investigation"


def events_of(nlp, extractor: Extractor, text: str, article_id: str = "t") -> list[Event]:  # type: ignore[no-untyped-def]
    article = Article(id=article_id, title="", body=text, published=date(2021, 6, 1))
    return [e for e in extractor.events(article, nlp(text)) if e.type != "STATEMENT"]


def found(nlp, extractor: Extractor, text: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    return sorted(
        (
            (e.type, e.agent.label, e.target.label if e.target else None, e.object.label if e.object else None)
            for e in events_of(nlp, extractor, text)
        ),
        key=repr,
    )


def cut(rows: list[tuple], fields: int) -> list[tuple]:
    return sorted((r[:fields] for r in rows), key=repr)


# -- accusations and charges carry the act, reported speech included ------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # reported speech: the act, told by someone else, is also that one's accusation
            "Microsoft said Nobelium breached the networks of SolarWinds.",
            [("ACCUSE", "Microsoft", "APT29"), ("ATTACK", "APT29", "SolarWinds")],
        ),
        (  # a descriptive speaker resolved to its state, a past perfect act
            "British officials said the GRU had attacked the Organisation for the Prohibition of Chemical Weapons.",
            [("ACCUSE", "United Kingdom", "GRU"), ("ATTACK", "GRU", "OPCW")],
        ),
        (  # accused of + gerund: the gerund is the act
            "Washington accused Beijing of hacking Microsoft Exchange servers.",
            [("ACCUSE", "United States", "China"), ("ATTACK", "China", None)],
        ),
        (  # blamed for + a nominal act with its victim
            "The Treasury Department blamed North Korea for the attack on Sony Pictures.",
            [("ACCUSE", TREASURY, "North Korea"), ("ATTACK", "North Korea", "Sony Pictures Entertainment")],
        ),
        (  # attributed the act to: the one it is put on acts
            "Microsoft attributed the attack on SolarWinds to Nobelium.",
            [("ACCUSE", "Microsoft", "APT29"), ("ATTACK", "APT29", "SolarWinds")],
        ),
    ],
)
def test_accusations_carry_the_act(nlp, extractor: Extractor, text: str, expected: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    assert cut(found(nlp, extractor, text), 3) == sorted(expected, key=repr)


@pytest.mark.parametrize(
    ("text", "accuser"),
    [
        ("According to Microsoft, Nobelium breached SolarWinds.", "Microsoft"),  # fronted
        ("Nobelium breached SolarWinds, according to Microsoft researchers.", "Microsoft"),  # researchers: the firm
        ("According to Kaspersky's analysts, Nobelium has breached SolarWinds.", "Kaspersky"),  # possessive
    ],
)
def test_a_source_given_by_according_to_accuses_the_acts_agent(  # type: ignore[no-untyped-def]
    nlp, extractor: Extractor, text: str, accuser: str
) -> None:
    rows = cut(found(nlp, extractor, text), 3)
    assert ("ACCUSE", accuser, "APT29") in rows and ("ATTACK", "APT29", "SolarWinds") in rows


def test_a_document_given_by_according_to_accuses_no_one(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = events_of(nlp, extractor, "According to the indictment, Nobelium breached SolarWinds.")
    assert [e.type for e in events] == ["ATTACK"]


@pytest.mark.parametrize(
    ("text", "accused_on", "act_on"),
    [
        # the accusation is made when it is said (published 2021-06-01, a Tuesday), not when the act was
        ("Microsoft said on Monday that Nobelium breached SolarWinds in March 2020.", date(2021, 5, 31), None),
        (
            "Chinese state-sponsored hackers breached 13 pipeline operators between 2011 and 2013, "
            "the US government said today.",
            date(2021, 6, 1),
            None,
        ),
        ("Nobelium breached SolarWinds on May 20, Microsoft said on Friday.", date(2021, 5, 28), date(2021, 5, 20)),
    ],
)
def test_an_accusation_carried_by_reported_speech_is_dated_when_said(  # type: ignore[no-untyped-def]
    nlp, extractor: Extractor, text: str, accused_on: date, act_on: date | None
) -> None:
    events = events_of(nlp, extractor, text)
    assert [e.date for e in events if e.type == "ACCUSE"] == [accused_on]
    assert [e.date for e in events if e.type == "ATTACK"] == [act_on]


@pytest.mark.parametrize(
    "text",
    [
        "The Conti gang has been busy. SolarWinds was breached in March, the company said.",
        "REvil has attacked many firms. Kaseya was compromised in July, investigators said.",
        "LockBit claimed the intrusion. The city was hit last week, a spokesman said.",
    ],
)
def test_an_act_whose_agent_the_sentence_does_not_name_accuses_no_one(nlp, extractor: Extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in events_of(nlp, extractor, text) if e.type == "ACCUSE"]


# -- descriptive agents, with their sponsors -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "agent", "sponsor"),
    [
        (
            "Chinese state-sponsored hackers breached the networks of Microsoft.",
            "Chinese state-sponsored hackers",
            "China",
        ),
        ("State-backed hackers from Iran attacked the Albanian government.", "State-backed hackers", "Iran"),
        ("North Korean hackers breached Sony Pictures.", "North Korean hackers", "North Korea"),
        ("Unknown attackers hacked the Colonial Pipeline company.", "Unknown attackers", None),
        ("A ransomware gang compromised SolarWinds.", "ransomware gang", None),
    ],
)
def test_descriptive_agents_are_actors_of_their_article_with_their_sponsor(  # type: ignore[no-untyped-def]
    nlp, extractor: Extractor, text: str, agent: str, sponsor: str | None
) -> None:
    attacks = [e for e in events_of(nlp, extractor, text, article_id="a1") if e.type == "ATTACK"]
    assert [e.agent.label for e in attacks] == [agent]
    described = attacks[0].agent
    assert described.scope == "a1"  # 'the hackers' of one article are not those of another
    assert described.kind == "ThreatActor"
    sponsors = [other for rel, other, _ in described.relations if rel == "sponsored_by"]
    assert sponsors == ([sponsor] if sponsor else [])


def test_the_same_description_in_two_articles_is_two_actors(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    from kg.rdf.iris import actor_iri

    text = "Unknown attackers hacked the Colonial Pipeline company."
    first, second = (events_of(nlp, extractor, text, article_id=a)[0].agent for a in ("a1", "a2"))
    assert first.label == second.label and actor_iri(first) != actor_iri(second)


# -- agentless passives resolved to the responsible actor -----------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # 'was hit': the threat actor the article names before it
            "The Conti ransomware gang has hit dozens of hospitals. The Irish Health Service Executive was hit in May.",
            ("ATTACK", "Conti", "Health Service Executive"),
        ),
        ("LockBit has been targeting hospitals. Accenture was breached last week.", ("ATTACK", "LockBit", "Accenture")),
        (
            "REvil has attacked many firms. Kaseya was compromised in July, investigators said.",
            ("ATTACK", "REvil", "Kaseya"),
        ),
        (  # an attack its victim undergoes: the object of the victim's verb
            "LockBit has been targeting hospitals. Accenture suffered a ransomware attack last week.",
            ("ATTACK", "LockBit", "Accenture"),
        ),
        (  # ... or of its preposition
            "REvil has attacked many firms. Kaseya fell victim to a ransomware attack in July.",
            ("ATTACK", "REvil", "Kaseya"),
        ),
        (
            "The Conti ransomware gang has hit dozens of hospitals. The Irish Health Service Executive is still "
            "recovering from a cyberattack.",
            ("ATTACK", "Conti", "Health Service Executive"),
        ),
    ],
)
def test_agentless_attacks_are_the_articles_threat_actors(
    nlp, extractor: Extractor, text: str, expected: tuple
) -> None:  # type: ignore[no-untyped-def]
    assert expected in cut(found(nlp, extractor, text), 3)


def test_an_agentless_attack_with_no_threat_actor_in_the_article_has_no_event(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    assert not events_of(nlp, extractor, "Accenture was breached last week. The company restored its systems.")


@pytest.mark.parametrize(
    "text",
    [
        "Accenture suffered a ransomware attack last week.",  # no threat actor in the article
        "LockBit has been targeting hospitals. Microsoft reported a ransomware attack on a clinic.",  # a reporter
        "LockBit has been targeting hospitals. Firms that fall victim to an attack should call the police.",  # generic
    ],
)
def test_an_attack_undergone_with_no_attacker_or_by_no_one_in_particular_or_reported_by_another_is_none(
    nlp, extractor: Extractor, text: str
) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in events_of(nlp, extractor, text) if e.type == "ATTACK"]


# -- a nominal act whose agent is named elsewhere: the subject of a verb of attack, or an 'in' phrase --
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the act is the subject and names no agent: the threat actor the article names before it
            "APT29 launched a phishing campaign in May. The attacks compromised the Ministry of Defence of Ukraine.",
            [("ATTACK", "APT29", "Ministry of Defence of Ukraine", None)],
        ),
        (  # the act as subject names its agent in a by-phrase
            "The ransomware attack by Conti compromised the Health Service Executive.",
            [("ATTACK", "Conti", "Health Service Executive", None)],
        ),
        (  # the act as subject names its agent in a possessive
            "Sandworm's intrusion breached the Ukrainian power grid operator Ukrenergo.",
            [("ATTACK", "Sandworm", "Ukrenergo", None)],
        ),
        (  # the act in an 'in' phrase: the subject of its verb acts
            "Kimsuky uses a new backdoor in attacks against South Korean think tanks.",
            [("ATTACK", "Kimsuky", None, "South Korean think tanks")],
        ),
        (  # ... or a 'during' phrase
            "Lazarus deployed wipers during attacks on South Korean banks.",
            [("ATTACK", "Lazarus Group", None, "South Korean banks")],
        ),
        (  # the act as subject with no threat actor in the article: no agent, no event
            "Researchers found a new backdoor. The attacks compromised the Ministry of Defence of Ukraine.",
            [],
        ),
    ],
)
def test_a_nominal_act_takes_the_agent_the_article_gives_it(
    nlp, extractor: Extractor, text: str, expected: list[tuple]
) -> None:  # type: ignore[no-untyped-def]
    assert found(nlp, extractor, text) == sorted(expected, key=repr)


# -- a collective and its members -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Treasury sanctioned three Russian companies: Positive Technologies and Neobit.",
            [("SANCTION", TREASURY, "Positive Technologies"), ("SANCTION", TREASURY, "Neobit")],
        ),
        (
            "The Justice Department charged two Chinese nationals, Li Xiaoyu and Dong Jiazhi, with hacking.",
            [("CHARGE", DOJ, "Li Xiaoyu"), ("CHARGE", DOJ, "Dong Jiazhi")],
        ),
        (
            "The Treasury called out some smaller countries, like Estonia and Romania, for hosting exchanges.",
            [("DISAPPROVE", TREASURY, "Estonia"), ("DISAPPROVE", TREASURY, "Romania")],
        ),
    ],
)
def test_a_collective_told_beside_its_members_is_its_members(
    nlp, extractor: Extractor, text: str, expected: list[tuple]
) -> None:  # type: ignore[no-untyped-def]
    assert cut(found(nlp, extractor, text), 3) == sorted(expected, key=repr)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # "such as" after the collective
            "LockBit attacked firms such as Accenture and Kaseya.",
            [("ATTACK", "LockBit", "Accenture"), ("ATTACK", "LockBit", "Kaseya")],
        ),
        (  # "including" hanging from an agentless passive's verb
            "LockBit has been targeting hospitals. Several agencies were breached, including the Department of "
            "State and the Pentagon.",
            [("ATTACK", "LockBit", "US Department of State"), ("ATTACK", "LockBit", "US Department of Defense")],
        ),
        (  # "including" after the object
            "LockBit breached several agencies, including the Department of State and the Pentagon.",
            [("ATTACK", "LockBit", "US Department of State"), ("ATTACK", "LockBit", "US Department of Defense")],
        ),
    ],
)
def test_a_collective_patient_that_lists_its_members_is_its_members(
    nlp, extractor: Extractor, text: str, expected: list[tuple]
) -> None:  # type: ignore[no-untyped-def]
    rows = cut(found(nlp, extractor, text), 3)
    assert all(row in rows for row in expected), rows
    assert all(row[2] is not None for row in rows if row[0] == "ATTACK")  # the collective itself is no target


# -- nominal events ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DarkSide was responsible for the attack on Colonial Pipeline.", ("ATTACK", "DarkSide", "Colonial Pipeline")),
        (
            "The breach of the Office of Personnel Management was attributed to China.",
            ("ATTACK", "China", "Office of Personnel Management"),
        ),
        ("The Treasury's sanctions on Russia took effect on Monday.", ("SANCTION", TREASURY, "Russia")),
    ],
)
def test_acts_told_as_nouns(nlp, extractor: Extractor, text: str, expected: tuple) -> None:  # type: ignore[no-untyped-def]
    assert expected in cut(found(nlp, extractor, text), 3)


# -- non-event senses of trigger words -----------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "The company offers 24/7 support to its customers.",
        "The firm charges a monthly fee for the service.",
        "A server hosting the domain was taken offline.",
    ],
)
def test_non_event_senses_give_no_event(nlp, extractor: Extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    assert events_of(nlp, extractor, text) == []


# -- role nouns and pronouns resolved within the article --------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The FBI arrested Ivan Petrov in March. He was charged with wire fraud.", ("CHARGE", FBI, "Ivan Petrov")),
        (
            "The Justice Department indicted Ivan Petrov. The department said he ran the botnet.",
            ("CHARGE", DOJ, "Ivan Petrov"),
        ),
        (
            "The State Department said it would sanction Russia.",
            ("SANCTION", "US Department of State", "Russia"),
        ),
    ],
)
def test_pronouns_and_role_nouns_resolve_within_the_article(
    nlp, extractor: Extractor, text: str, expected: tuple
) -> None:  # type: ignore[no-untyped-def]
    assert expected in cut(found(nlp, extractor, text), 3)


def test_one_dated_act_of_two_articles_descriptions_gives_two_valid_events() -> None:
    """'Unknown hackers' of two articles are two actors, so their dated acts are two events
    (one event with two agents would break the ontology's shapes)."""
    from kg.model import Actor, Evidence
    from kg.query.validate import validate
    from kg.rdf.iris import event_iri
    from kg.rdf.triples import article_triples, description_triples
    from kg.store.embedded import Store

    day = date(2021, 7, 28)
    events = []
    with Store(":memory:") as store:
        store.load_ontology()
        for article_id in ("a1", "a2"):
            body = "Unknown hackers targeted critical healthcare systems."
            article = Article(id=article_id, title="t", body=body, published=day)
            event = Event(
                type="ATTACK",
                trigger="targeted",
                agent=Actor("Unknown hackers", "ThreatActor", scope=article_id),
                date=day,
                evidence=Evidence(body, 0, len(body)),
                article_id=article_id,
                target=Actor("Acme Hospital", "Organization"),
            )
            events.append(event)
            store.replace_article(article_id, article_triples(article, [event]), description_triples([event]))
        report = validate(store)
    assert event_iri(events[0]) != event_iri(events[1])
    assert report.conforms, report.text


@pytest.mark.parametrize(
    ("text", "noun"),
    [
        ("Unknown militants attacked the ministry servers.", "militants"),  # Phoenix: UAF
        ("Rebels hacked Microsoft.", "rebels"),  # Phoenix: REB
        ("Insurgents breached the networks of Microsoft.", "insurgents"),  # Phoenix: REB
    ],
)
def test_role_nouns_derived_from_phoenix_make_descriptions_attackers(
    nlp, extractor: Extractor, text: str, noun: str
) -> None:  # type: ignore[no-untyped-def]
    """The project's own word classes do not name these nouns; the agent nouns derived from
    Phoenix's dictionary (data/lexicon/role_nouns.tsv) make them threat actors."""
    from kg.extraction.lexicon import role_nouns, words

    assert not any(noun.rstrip("s") in members or noun in members for members in words().values())
    assert role_nouns()[noun][1] == "ThreatActor"
    attacks = [e for e in events_of(nlp, extractor, text) if e.type == "ATTACK"]
    assert [(e.agent.label.lower().split()[-1], e.agent.kind) for e in attacks] == [(noun, "ThreatActor")]


def test_threat_actors_link_to_their_attack_group_where_a_reference_gives_it() -> None:
    """ATT&CK ids come from the MISP galaxy (data/gazetteer/mitre_ids.jsonl and the generated
    threat actors), never guessed: a hand-made actor gets its id, a described one none."""
    from kg.extraction.gazetteer import gazetteer
    from kg.model import Actor
    from kg.rdf.ns import KG
    from kg.rdf.triples import _actor_triples

    apt28 = gazetteer().get("APT28")
    assert apt28 is not None and apt28.attack == "G0007"
    links = [o for _, p, o in _actor_triples(apt28) if p == KG.attackGroup]
    assert [str(o) for o in links] == ["https://attack.mitre.org/groups/G0007"]
    described = Actor("unknown hackers", "ThreatActor", scope="a1")
    assert not [o for _, p, o in _actor_triples(described) if p == KG.attackGroup]


# -- a statement carries what was said --------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "said"),
    [
        (  # a that-clause: the complementiser is left out
            "The Foreign Ministry said that the accusations were groundless and politically motivated.",
            "the accusations were groundless and politically motivated",
        ),
        (  # a fronted quotation: the quotation marks are left out
            '"We will respond at a time of our choosing," President Joe Biden said.',
            "We will respond at a time of our choosing",
        ),
        (  # told + addressee + clause
            "A Treasury spokesman told reporters the exchange had laundered ransom payments for years.",
            "the exchange had laundered ransom payments for years",
        ),
        (  # a long clause is cut at a word, with an ellipsis
            "Dmitry Peskov said " + "the talks covered trade, energy, visas and cyber security, " * 5 + "among others.",
            None,
        ),
    ],
)
def test_statements_carry_what_was_said(nlp, extractor: Extractor, text: str, said: str | None) -> None:  # type: ignore[no-untyped-def]
    article = Article(id="t", title="", body=text, published=date(2021, 6, 1))
    statements = [e for e in extractor.events(article, nlp(text)) if e.type == "STATEMENT"]
    assert len(statements) == 1
    content = statements[0].object
    assert content is not None
    if said is not None:
        assert content.label == said
    else:
        assert content.label.endswith(" …") and len(content.label) <= 162
        assert text.startswith("Dmitry Peskov said " + content.label[:-2])


def test_a_statement_without_a_clause_has_no_object(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = "The White House declined to comment, a spokeswoman said."
    article = Article(id="t", title="", body=text, published=date(2021, 6, 1))
    statements = [e for e in extractor.events(article, nlp(text)) if e.type == "STATEMENT"]
    assert all(e.object is None or "declined" in e.object.label for e in statements)


# -- a state creates a policy instrument: a creating verb + an instrument noun (issue 11) ---------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # active, a light creating verb and an instrument noun
            "The Japanese government launched a new initiative to protect hospitals from ransomware.",
            [("ENACT", "Japan", None, "new initiative")],
        ),
        (  # passive with a by-phrase
            "A national cyber strategy was released on Monday by the Canadian government.",
            [("ENACT", "Canada", None, "national cyber strategy")],
        ),
        (  # a speech verb as creating verb, a plural instrument
            "The Department of Homeland Security announced new security requirements for railway operators.",
            [("ENACT", "US Department of Homeland Security", None, "new security requirements")],
        ),
        (  # a compound instrument noun ('task force') in a relative construction
            "The European Commission unveiled a task force that will coordinate incident response.",
            [("ENACT", "European Commission", None, "task force")],
        ),
        (  # a company's program enacts no policy
            "Google launched a new bug bounty program for Android apps.",
            [],
        ),
        (  # a reward offered for information is no policy either
            "The State Department announced a bounty program for information on the hackers.",
            [],
        ),
        (  # announcing sanctions stays a sanction
            "The White House announced sanctions against three Russian companies.",
            [("SANCTION", "White House", None, "three Russian companies")],
        ),
        (  # a plural instrument after 'issued', a country as agent
            "Israel issued new guidelines for banks.",
            [("ENACT", "Israel", None, "new guidelines")],
        ),
    ],
)
def test_creating_a_policy_instrument_is_enact(nlp, extractor: Extractor, text: str, expected: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    assert found(nlp, extractor, text) == sorted(expected, key=repr)


# -- authorities placed in countries act for each of them (issue 11) ---------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # police in a list of countries, a participle sharing the subject
            "Police in Spain, France and Portugal arrested twelve people while seizing 30 servers.",
            [("ARREST", country, None, "twelve people") for country in ("Spain", "France", "Portugal")]
            + [("SEIZE", country, None, "30 servers") for country in ("Spain", "France", "Portugal")],
        ),
        (  # 'police forces' and two coordinated countries
            "Police forces in Spain and Portugal detained four suspects.",
            [("ARREST", "Spain", None, "four suspects"), ("ARREST", "Portugal", None, "four suspects")],
        ),
        (  # 'authorities in' one country
            "Authorities in Ukraine detained five members of the gang.",
            [("ARREST", "Ukraine", None, "five members")],
        ),
        (  # law-enforcement agencies, a phrasal verb
            "Law enforcement agencies in the Netherlands and Belgium took down the botnet's servers.",
            [("SEIZE", "Netherlands", None, "servers"), ("SEIZE", "Belgium", None, "servers")],
        ),
        (  # a place that is no country names no actor
            "Police in Bavaria arrested the administrator of the forum.",
            [],
        ),
    ],
)
def test_authorities_placed_in_countries_act_for_each(
    nlp, extractor: Extractor, text: str, expected: list[tuple]
) -> None:  # type: ignore[no-untyped-def]
    assert found(nlp, extractor, text) == sorted(expected, key=repr)


# -- accusations of descriptions that name the state behind them ----------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # reported speech: the described attackers are accused, as a named group would be
            "Chinese state-sponsored hackers breached Kaseya, the FBI said.",
            [
                ("ACCUSE", FBI, "Chinese state-sponsored hackers"),
                ("ATTACK", "Chinese state-sponsored hackers", "Kaseya"),
            ],
        ),
        (  # attributed ... to: the description is the accused patient
            "The FBI attributed the Havex malware to Russian nation-state actors.",
            [("ACCUSE", FBI, "Russian nation-state actors")],
        ),
        (  # blamed X for an act: the description is the accused, and the act is theirs
            "Microsoft blamed Iranian hackers for the attack on Kaseya.",
            [("ACCUSE", "Microsoft", "Iranian hackers"), ("ATTACK", "Iranian hackers", "Kaseya")],
        ),
        (  # a description that names no one is accused of nothing
            "Unknown attackers breached Kaseya, the company said.",
            [("ATTACK", "Unknown attackers", "Kaseya")],
        ),
    ],
)
def test_descriptions_naming_their_state_are_accused(
    nlp, extractor: Extractor, text: str, expected: list[tuple]
) -> None:  # type: ignore[no-untyped-def]
    assert cut(found(nlp, extractor, text), 3) == sorted(expected, key=repr)


# -- list items told as bare gerunds act through the list's lead ----------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # "the two agencies": the two bodies named last, each the agent of every item
            "CISA and the FBI released a report on Monday. The two agencies also attributed two campaigns to "
            "foreign states, including:\n\n* Attributing the Havex malware to Russian nation-state actors.\n"
            "* Attributing the Shamoon malware to Iranian nation-state actors.",
            [
                ("ACCUSE", "Cybersecurity and Infrastructure Security Agency", None),
                ("ACCUSE", "Cybersecurity and Infrastructure Security Agency", "Iranian nation-state actors"),
                ("ACCUSE", "Cybersecurity and Infrastructure Security Agency", "Russian nation-state actors"),
                ("ACCUSE", FBI, None),
                ("ACCUSE", FBI, "Iranian nation-state actors"),
                ("ACCUSE", FBI, "Russian nation-state actors"),
            ],
        ),
        (  # a named lead, charges as items
            "The Justice Department announced several actions on Monday:\n\n* Charging Maksim Yakubets with bank "
            "fraud.\n* Indicting Igor Turashev for computer intrusion.",
            [("CHARGE", DOJ, "Maksim Yakubets"), ("CHARGE", DOJ, "Igor Turashev")],
        ),
        (  # an attribution item carries the act too
            "Microsoft named the culprits in a report:\n\n* Attributing the breach of Kaseya to REvil.",
            [("ACCUSE", "Microsoft", "REvil"), ("ATTACK", "REvil", "Kaseya")],
        ),
    ],
)
def test_gerund_list_items_act_through_the_lists_lead(
    nlp, extractor: Extractor, text: str, expected: list[tuple]
) -> None:  # type: ignore[no-untyped-def]
    assert cut(found(nlp, extractor, text), 3) == sorted(expected, key=repr)


def test_a_gerund_item_without_a_lead_ending_in_a_colon_has_no_agent(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Microsoft published a report.\n\n* Attributing the breach of Kaseya to REvil."
    assert not [e for e in events_of(nlp, extractor, text) if e.type == "ACCUSE"]


# -- a claim of responsibility carries the act it claims ------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # claimed responsibility for + an act noun with its victim
            "LockBit claimed responsibility for the attack on Accenture.",
            [("ATTACK", "LockBit", "Accenture", None), ("CLAIM", "LockBit", "Accenture", "attack")],
        ),
        (  # took credit for: the for-phrase hangs on the verb
            "REvil took credit for the hack of Kaseya.",
            [("ATTACK", "REvil", "Kaseya", None), ("CLAIM", "REvil", "Kaseya", "hack")],
        ),
        (  # the passive claim: the by-phrase claims and acts
            "Responsibility for the breach of Colonial Pipeline was claimed by DarkSide.",
            [("ATTACK", "DarkSide", "Colonial Pipeline", None), ("CLAIM", "DarkSide", "Colonial Pipeline", "breach")],
        ),
        (  # the group says it did it: its own report is its attack
            "The LockBit gang said it had breached Accenture.",
            [("ATTACK", "LockBit", "Accenture", None)],
        ),
        (  # a claim denied holds no one responsible
            "LockBit did not claim responsibility for the attack on Accenture.",
            [("CLAIM", "LockBit", None, "attack")],
        ),
    ],
)
def test_a_claim_of_responsibility_carries_the_act(nlp, extractor: Extractor, text: str, expected: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    assert found(nlp, extractor, text) == sorted(expected, key=repr)


# -- the owner of what was hit is the victim ------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the networks of a described owner
            "APT29 breached the networks of 13 pipeline operators.",
            [("ATTACK", "APT29", None, "13 pipeline operators")],
        ),
        (  # stolen from the systems of a named owner: the loot is no patient, the owner is
            "APT29 stole data from the systems of the State Department.",
            [("ATTACK", "APT29", "US Department of State", None)],
        ),
        (  # servers of
            "Lazarus compromised the servers of several banks.",
            [("ATTACK", "Lazarus Group", None, "several banks")],
        ),
        (  # a modified container
            "Sandworm attacked the computer systems of Ukrainian power companies.",
            [("ATTACK", "Sandworm", None, "Ukrainian power companies")],
        ),
        ("APT29 stole data from systems.", []),  # loot and bare systems name no victim
    ],
)
def test_the_owner_of_what_was_hit_is_the_victim(nlp, extractor: Extractor, text: str, expected: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    assert found(nlp, extractor, text) == sorted(expected, key=repr)


# -- 'blamed the act on Y on X': X is accused, never the victim Y ----------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Treasury blamed the attack on SolarWinds on Nobelium.",
            [("ACCUSE", TREASURY, "APT29", None), ("ATTACK", "APT29", "SolarWinds", None)],
        ),
        (  # of-phrase victim
            "The United States blamed the hack of Sony Pictures on North Korea.",
            [
                ("ACCUSE", "United States", "North Korea", None),
                ("ATTACK", "North Korea", "Sony Pictures Entertainment", None),
            ],
        ),
        (  # pinned
            "Microsoft pinned the breach of Kaseya on REvil.",
            [("ACCUSE", "Microsoft", "REvil", None), ("ATTACK", "REvil", "Kaseya", None)],
        ),
        (  # a dated act noun
            "Britain blamed the 2017 attack on the NHS on North Korea.",
            [
                ("ACCUSE", "United Kingdom", "North Korea", None),
                ("ATTACK", "North Korea", "National Health Service", None),
            ],
        ),
    ],
)
def test_the_one_blamed_is_accused_never_the_victim(
    nlp, extractor: Extractor, text: str, expected: list[tuple]
) -> None:  # type: ignore[no-untyped-def]
    assert found(nlp, extractor, text) == sorted(expected, key=repr)


# -- advice, weaknesses and habits are not events (docs/events.md, An event) ------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Google encouraged developers to review their code.", []),
        ("VMware urged users to update their systems as soon as possible.", []),
        ("Apple asked its customers to reset their passwords.", []),
        (  # an agency's appeal to organisations is one
            "The FBI urged organizations to report attacks to law enforcement.",
            [("APPEAL", FBI, None, "organizations")],
        ),
        ("Germany called on Russia to stop the attacks.", [("APPEAL", "Germany", "Russia", None)]),
        ("Microsoft urged Congress to pass a privacy law.", [("APPEAL", "Microsoft", "US Congress", None)]),
    ],
)
def test_a_companys_advice_to_the_public_is_no_appeal(
    nlp, extractor: Extractor, text: str, expected: list[tuple]
) -> None:  # type: ignore[no-untyped-def]
    assert [r for r in found(nlp, extractor, text) if r[0] == "APPEAL"] == sorted(expected, key=repr)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("APT41 exploited a critical vulnerability in the VPN appliance.", []),
        ("The bug was exploited by Lazarus to plant backdoors.", []),
        ("The remotely exploitable flaw is being attacked by multiple actors.", []),
        ("Scammers are stealing the identities of the victims.", []),
        ("The attacker stole the private keys of the wallet owners.", []),
        ("APT28 hacked the Bundestag in 2015.", [("ATTACK", "APT28", "Bundestag")]),
        (
            "Lazarus exploited a flaw to hack Sony Pictures.",
            [("ATTACK", "Lazarus Group", "Sony Pictures Entertainment")],
        ),
        ("Hackers stole identities from Equifax.", [("ATTACK", "Hackers", "Equifax")]),
        ("The gang stole the private keys from Coinbase.", [("ATTACK", "gang", "Coinbase")]),
    ],
)
def test_a_weakness_or_loot_is_no_victim(nlp, extractor: Extractor, text: str, expected: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    assert [r for r in cut(found(nlp, extractor, text), 3) if r[0] == "ATTACK"] == sorted(expected, key=repr)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ransomware gangs threaten to leak the data of their victims.", []),
        ("The LockBit group threatens to publish stolen files on its leak site.", []),
        ("Hackers encrypt the files and threaten to publish the data.", []),
        ("The scheme is threatening the privacy of millions of users.", []),
        ("LockBit threatens Bangkok Airways with a data leak.", [("THREATEN", "LockBit", "Bangkok Airways")]),
        ("REvil threatened to leak the files of Apple.", [("THREATEN", "REvil", None)]),
        ("The United States threatened Russia with severe costs.", [("THREATEN", "United States", "Russia")]),
    ],
)
def test_a_gangs_habitual_threat_is_no_event(nlp, extractor: Extractor, text: str, expected: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    assert [r for r in cut(found(nlp, extractor, text), 3) if r[0] == "THREATEN"] == sorted(expected, key=repr)
