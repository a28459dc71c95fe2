"""Table-driven extraction tests: sentences written for these tests, several syntaxes per type."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extraction.pipeline import Extractor
from kg.model import Article, Event

PUBLISHED = date(2021, 7, 20)  # a Tuesday


def extract(nlp, extractor: Extractor, text: str, published: date | None = PUBLISHED) -> list[Event]:  # type: ignore[no-untyped-def]
    article = Article(id="t", title="", body=text, published=published)
    return extractor.events(article, nlp(text))


def summary(e: Event) -> tuple[str, str, str | None, str | None, str | None, str]:
    return (
        e.type,
        e.agent.label,
        e.target.label if e.target else None,
        e.object.label if e.object else None,
        e.date.isoformat() if e.date else None,
        e.status,
    )


def exactly(expected: tuple | list[tuple]) -> list[tuple]:
    """A table cell's events: one tuple, or a list of them, compared in any order."""
    return sorted([expected] if isinstance(expected, tuple) else expected, key=repr)


def found_events(nlp, extractor: Extractor, text: str, fields: int) -> list[tuple]:  # type: ignore[no-untyped-def]
    """The non-statement events of a sentence, cut to their first `fields` summary fields, sorted."""
    return sorted((summary(e)[:fields] for e in extract(nlp, extractor, text) if e.type != "STATEMENT"), key=repr)


TREASURY, DOJ, FBI = "US Department of the Treasury", "US Department of Justice", "Federal Bureau of Investigation"

CASES = [
    # SANCTION: active, passive, light verb + nominalisation, coordination
    (
        "The Treasury Department sanctioned Evil Corp on Thursday.",
        [("SANCTION", TREASURY, "Evil Corp", None, "2021-07-15", "asserted")],
    ),
    (
        "Evil Corp was sanctioned by the Treasury on Thursday.",
        [("SANCTION", TREASURY, "Evil Corp", None, "2021-07-15", "asserted")],
    ),
    (
        "The European Union imposed sanctions on the GRU.",
        [("SANCTION", "European Union", "GRU", None, None, "asserted")],
    ),
    (
        "The designations by OFAC cover the Lazarus Group and Andariel.",
        [
            ("SANCTION", "Office of Foreign Assets Control", "Andariel", None, None, "asserted"),
            ("SANCTION", "Office of Foreign Assets Control", "Lazarus Group", None, None, "asserted"),
        ],
    ),
    # ENACT: active, relative clause, institution
    (
        "President Obama signed an executive order on Wednesday.",
        [("ENACT", "Barack Obama", None, "executive order", "2021-07-14", "asserted")],
    ),
    (
        "The sanctions program that Barack Obama ordered on Wednesday targets hackers.",
        [("ENACT", "Barack Obama", None, "sanctions program", "2021-07-14", "asserted")],
    ),
    (
        "The Council of the EU adopted a legal framework for cyber sanctions on Friday.",
        [("ENACT", "Council of the European Union", None, "legal framework", "2021-07-16", "asserted")],
    ),
    # DISAPPROVE: verb, light verb + noun, predicative adjective
    (
        "China condemned the sanctions on Friday.",
        [("DISAPPROVE", "China", None, "sanctions", "2021-07-16", "asserted")],
    ),
    (
        "Russia voiced opposition to the new sanctions.",
        [("DISAPPROVE", "Russia", None, "new sanctions", None, "asserted")],
    ),
    (
        "China is firmly opposed to unilateral sanctions.",
        [("DISAPPROVE", "China", None, "unilateral sanctions", None, "asserted")],
    ),
    # ACCUSE: blame X for Y, accuse X of Y, passive attribution with a by-phrase
    (
        "The FBI blamed North Korea for the attack on Sony Pictures.",
        [
            ("ACCUSE", FBI, "North Korea", "attack", None, "asserted"),
            ("ATTACK", "North Korea", "Sony Pictures Entertainment", None, None, "asserted"),  # the act it carries
        ],
    ),
    (
        "The United Kingdom accused Russia of hacking the OPCW.",
        [
            ("ACCUSE", "United Kingdom", "Russia", "hacking the OPCW", None, "asserted"),
            ("ATTACK", "Russia", "OPCW", None, None, "asserted"),
        ],
    ),
    (
        "The attack was attributed to APT28 by the NCSC.",
        [("ACCUSE", "National Cyber Security Centre", "APT28", None, None, "asserted")],
    ),
    # REJECT: deny, reject with a capital as metonym
    ("North Korea denied involvement in the hack.", [("REJECT", "North Korea", None, "involvement", None, "asserted")]),
    (
        "Beijing rejected the accusations on Tuesday.",
        [("REJECT", "China", None, "accusations", "2021-07-20", "asserted")],
    ),
    # CHARGE: indict, charge X with Y
    (
        "The Justice Department indicted six GRU officers on Monday.",
        [("CHARGE", DOJ, None, "six GRU officers", "2021-07-19", "asserted")],
    ),
    (
        "The Justice Department charged Maksim Yakubets with bank fraud.",
        [("CHARGE", DOJ, "Maksim Yakubets", "bank fraud", None, "asserted")],
    ),
    # ARREST: demonym + government noun as agent
    (
        "Polish police arrested Yaroslav Vasinskyi in October.",
        [("ARREST", "Poland", "Yaroslav Vasinskyi", None, None, "asserted")],
    ),
    # SEIZE: verb, phrasal verb
    ("The FBI seized the domains of the group.", [("SEIZE", FBI, None, "domains", None, "asserted")]),
    (
        "Europol took down the Emotet botnet on Tuesday.",
        [("SEIZE", "Europol", "Emotet", None, "2021-07-20", "asserted")],
    ),
    # ATTACK
    ("APT29 breached SolarWinds.", [("ATTACK", "APT29", "SolarWinds", None, None, "asserted")]),
    (
        "Lazarus Group hacked Sony Pictures.",
        [("ATTACK", "Lazarus Group", "Sony Pictures Entertainment", None, None, "asserted")],
    ),
    # APPEAL: call on, urge
    ("NATO called on China to act responsibly.", [("APPEAL", "NATO", "China", None, None, "asserted")]),
    (
        "The United States urged Russia to stop the attacks.",
        [("APPEAL", "United States", "Russia", None, None, "asserted")],
    ),
    # INTEND, THREATEN, CLAIM
    ("China vowed to take necessary measures.", [("INTEND", "China", None, "necessary measures", None, "asserted")]),
    ("DarkSide threatened to leak the stolen data.", [("THREATEN", "DarkSide", None, "stolen data", None, "asserted")]),
    (  # the claim is of an attack on Kaseya: the claimant attacked Kaseya, and the claim is addressed to it
        "REvil claimed responsibility for the attack on Kaseya.",
        [
            ("ATTACK", "REvil", "Kaseya", None, None, "asserted"),
            ("CLAIM", "REvil", "Kaseya", "attack", None, "asserted"),
        ],
    ),
    ("Moscow dismissed the allegations as baseless.", [("REJECT", "Russia", None, "allegations", None, "asserted")]),
    (
        "The accusations were rejected by China's Foreign Ministry on Tuesday.",
        [("REJECT", "Chinese Foreign Ministry", None, "accusations", "2021-07-20", "asserted")],
    ),
    (
        "Yaroslav Vasinskyi was arrested by Polish authorities.",
        [("ARREST", "Poland", "Yaroslav Vasinskyi", None, None, "asserted")],
    ),
    (
        "Dutch police detained two suspects in Kyiv on Monday.",
        [("ARREST", "Dutch National Police", None, "two suspects", "2021-07-19", "asserted")],
    ),
    (
        "The Justice Department's seizure of 63.7 bitcoins followed the attack.",
        [("SEIZE", DOJ, None, "63.7 bitcoins", None, "asserted")],
    ),
    (
        "JVCKenwood has suffered a Conti ransomware attack.",
        [("ATTACK", "Conti", "JVCKenwood", None, "2021-07-20", "asserted")],
    ),
    (
        "The REvil attack on Kaseya disrupted hundreds of companies.",
        [("ATTACK", "REvil", "Kaseya", None, None, "asserted")],
    ),
    (
        "The Colonial Pipeline attack was carried out by DarkSide.",
        [("ATTACK", "DarkSide", "Colonial Pipeline", None, None, "asserted")],
    ),
    (
        "The Treasury Department's designation of SUEX came on Tuesday.",
        [("SANCTION", TREASURY, "SUEX", None, None, "asserted")],
    ),
    (
        "CISA and the FBI urge users and organizations to patch.",
        [
            ("APPEAL", FBI, None, "users and organizations", None, "asserted"),
            (
                "APPEAL",
                "Cybersecurity and Infrastructure Security Agency",
                None,
                "users and organizations",
                None,
                "asserted",
            ),
        ],
    ),
    (
        "North Korea threatened the United States with retaliation.",
        [("THREATEN", "North Korea", "United States", "retaliation", None, "asserted")],
    ),
    ("Iran warned of retaliation against Israel.", [("THREATEN", "Iran", None, "retaliation", None, "asserted")]),
    ("REvil took credit for the attack.", [("CLAIM", "REvil", None, "attack", None, "asserted")]),
    (
        "Conti claimed the attack on the Health Service Executive.",
        [("CLAIM", "Conti", None, "attack", None, "asserted")],
    ),
    (
        "The European Union pledged to defend its member states.",
        [("INTEND", "European Union", None, "member states", None, "asserted")],
    ),
    (
        "Xi Jinping met Joe Biden in Geneva on Wednesday.",
        [("CONSULT", "Xi Jinping", "Joe Biden", None, "2021-07-14", "asserted")],
    ),
    (
        "The United States and Russia held talks on cyber security.",
        [
            ("CONSULT", "Russia", None, "cyber security", None, "asserted"),
            ("CONSULT", "United States", None, "cyber security", None, "asserted"),
        ],
    ),
    ("Joe Biden welcomed the arrests.", [("SUPPORT", "Joe Biden", None, "arrests", None, "asserted")]),
    (
        "NATO praised the Dutch intelligence service.",
        [("SUPPORT", "NATO", None, "Dutch intelligence service", None, "asserted")],
    ),
    (
        "Europol worked with the FBI to dismantle the botnet.",
        [("COOPERATE", "Europol", FBI, None, None, "asserted"), ("SEIZE", "Europol", None, "botnet", None, "asserted")],
    ),
    (
        "Ukraine shared intelligence with the United Kingdom.",
        [("COOPERATE", "Ukraine", "United Kingdom", None, None, "asserted")],
    ),
    ("The United States lifted sanctions on Chatex.", [("EASE", "United States", None, "sanctions", None, "asserted")]),
    ("Russia released Vladislav Klyushin.", [("EASE", "Russia", "Vladislav Klyushin", None, None, "asserted")]),
    (
        "The FBI is investigating the breach at Colonial Pipeline.",
        [("INVESTIGATE", FBI, None, "breach", None, "asserted")],
    ),
    (
        "The NCSC launched an investigation into the attack.",
        [("INVESTIGATE", "National Cyber Security Centre", None, "attack", None, "asserted")],
    ),
    (
        "China demanded that the United States stop its cyber attacks.",
        [("DEMAND", "China", "United States", None, None, "asserted")],
    ),
    (
        "Russia demanded an apology from the United Kingdom.",
        [("DEMAND", "Russia", "United Kingdom", None, None, "asserted")],
    ),
    # status: negation, modal, future head, demand
    ("Russia did not sanction the group.", [("SANCTION", "Russia", None, "group", None, "negated")]),
    ("The Treasury could sanction the exchange.", [("SANCTION", TREASURY, None, "exchange", None, "hypothetical")]),
    ("The EU plans to sanction Russia.", [("SANCTION", "European Union", "Russia", None, None, "hypothetical")]),
    (
        "China demanded that Washington withdraw the charges.",
        [
            ("EASE", "United States", None, "charges", None, "hypothetical"),
            ("DEMAND", "China", "United States", None, None, "asserted"),
        ],
    ),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:50] for c in CASES])
def test_sentence_gives_exactly_its_events(nlp, extractor: Extractor, text: str, expected: list[tuple]) -> None:  # type: ignore[no-untyped-def]
    """Every event the sentence reports, and no other (statements aside): a spurious event fails the row too."""
    found = [summary(e) for e in extract(nlp, extractor, text) if e.type != "STATEMENT"]
    assert sorted(found, key=repr) == sorted(expected, key=repr)


def test_coordinated_agents_give_one_event_each(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(nlp, extractor, "The United States and the United Kingdom sanctioned APT31 on Monday.")
    assert sorted(summary(e)[:3] for e in events) == [
        ("SANCTION", "United Kingdom", "APT31"),
        ("SANCTION", "United States", "APT31"),
    ]


def test_coordinated_targets_give_one_event_each(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(nlp, extractor, "The Treasury designated Evil Corp, along with Maksim Yakubets and Igor Turashev.")
    assert sorted(e.target.label for e in events if e.target) == ["Evil Corp", "Igor Turashev", "Maksim Yakubets"]


def test_reported_speech_keeps_the_speaker(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(nlp, extractor, "Zhao Lijian said the United States had hacked Chinese universities.")
    attack = next(e for e in events if e.type == "ATTACK")
    assert (attack.agent.label, attack.speaker.label if attack.speaker else None) == ("United States", "Zhao Lijian")


def test_appeal_in_reported_speech(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(nlp, extractor, '"All countries should jointly fight ransomware," Wang Wenbin told reporters.')
    appeal = next(e for e in events if e.type == "APPEAL")
    assert (appeal.agent.label, appeal.object.label if appeal.object else None) == ("Wang Wenbin", "ransomware")


def test_pronoun_and_same_actor_date(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Joe Biden signed an executive order on Monday.\nHe declared a national emergency."
    events = extract(nlp, extractor, text)
    assert [summary(e) for e in events if e.type == "ENACT"] == [
        ("ENACT", "Joe Biden", None, "executive order", "2021-07-19", "asserted"),
        ("ENACT", "Joe Biden", None, "national emergency", "2021-07-19", "asserted"),
    ]


def test_a_vague_time_gives_no_day(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = "The Treasury sanctioned SUEX on Tuesday.\nThe Treasury sanctioned Garantex in 2022."
    events = extract(nlp, extractor, text)
    assert [(e.target.label if e.target else None, e.date) for e in events] == [
        ("SUEX", date(2021, 7, 20)),
        ("Garantex", None),
    ]


def test_no_events_from_generalities(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Ransomware is rising. The sanctions include freezing assets of targeted individuals."
    assert [e for e in extract(nlp, extractor, text) if e.type != "STATEMENT"] == []


def test_dateline_is_not_an_agent(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(nlp, extractor, "MOSCOW - The Treasury sanctioned Garantex on Tuesday.")
    assert [e.agent.label for e in events] == [TREASURY]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Prosecutors in Pittsburgh indicted Maksim Yakubets in 2019.", ("CHARGE", DOJ, "Maksim Yakubets")),
        (
            "A federal court sentenced Sebastien Vachon-Desjardins to 80 months in prison.",
            ("CHARGE", "United States", "Sebastien Vachon-Desjardins"),
        ),
        ("The extradition of Vasinskyi by Poland followed in March.", ("ARREST", "Poland", "Yaroslav Vasinskyi")),
    ],
)
@pytest.mark.xfail(
    reason="bare 'prosecutors' and courts are not actors yet; the parser attaches 'by Poland' to the name", strict=True
)
def test_known_failures(nlp, extractor: Extractor, text: str, expected: tuple) -> None:  # type: ignore[no-untyped-def]
    assert found_events(nlp, extractor, text, 3) == exactly(expected)


@pytest.mark.xfail(reason="summoned diplomats are not resolved to their state yet (issue 3: role nouns)", strict=True)
def test_summoned_ambassador_targets_the_state(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(nlp, extractor, "Germany summoned the Russian ambassador over the hack.")
    assert ("DISAPPROVE", "Germany", "Russia") in [summary(e)[:3] for e in events]


def test_an_attack_needs_a_victim(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(nlp, extractor, "APT40 stole data. APT40 hacked hospitals in Texas. APT40 breached Kaseya.")
    assert [
        (e.target.label if e.target else e.object.label if e.object else None) for e in events if e.type == "ATTACK"
    ] == ["hospitals", "Kaseya"]


# -- members of a counted group, named after the sentence that reports the act -----------------
MEMBER_CASES = [
    # a later sentence refers back to the group and names its members
    (
        "The Justice Department charged three Russian nationals on Monday.\n"
        "The three suspects were named as Ivan Petrov, Oleg Smirnov and Pavel Orlov.",
        ["Ivan Petrov", "Oleg Smirnov", "Pavel Orlov"],
    ),
    # a list announced by a sentence ending in a colon, and an ordinal member named apart
    (
        "The Justice Department indicted three Chinese nationals.\nOf the three nationals, two were officers:\n"
        "* Li Wei\n* Zhang Min\nA third suspect, named Chen Bo, worked as a contractor.",
        ["Chen Bo", "Li Wei", "Zhang Min"],
    ),
    # a list of organizations after a colon sentence of the same agent
    (
        "The Treasury Department sanctioned two Latvian companies.\nThe Treasury singled out:\n"
        "- Baltic Crypto Services SIA, a broker,\n- Riga Ledger Partners Ltd, a money exchange.",
        ["Baltic Crypto Services SIA", "Riga Ledger Partners Ltd"],
    ),
]


@pytest.mark.parametrize("text, members", MEMBER_CASES, ids=["named-as", "colon-list-and-ordinal", "org-list"])
def test_named_members_of_a_counted_group(nlp, extractor: Extractor, text: str, members: list[str]) -> None:  # type: ignore[no-untyped-def]
    events = extract(nlp, extractor, text)
    first = events[0].type
    assert sorted(e.target.label for e in events if e.type == first and e.target) == members
    assert not any(e.type == first and e.target is None for e in events)  # the collective goes beside its members


def test_members_are_not_taken_from_unrelated_sentences(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Justice Department charged two Iranian nationals.\n"
        "Microsoft said Mark Jones and Sarah Lee of its security team found the intrusion."
    )
    events = extract(nlp, extractor, text)
    assert [e.target for e in events if e.type == "CHARGE"] == [None]


def test_a_lead_told_twice_is_one_event(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = "The Treasury sanctioned SUEX on Tuesday.\n\nThe Treasury sanctioned SUEX on Tuesday."
    assert len([e for e in extract(nlp, extractor, text) if e.type == "SANCTION"]) == 1


# -- attacks told through responsibility --------------------------------------------------------
RESPONSIBILITY_CASES = [
    (
        "The Conti gang has been responsible for many attacks, including attacks against Toshiba.",
        ("ATTACK", "Conti", "Toshiba"),
    ),
    (
        "REvil was one of the busiest crews, being responsible for the attack against JBS Foods.",
        ("ATTACK", "REvil", "JBS"),
    ),
    ("Investigators named REvil, the gang behind the attack on Kaseya.", ("ATTACK", "REvil", "Kaseya")),
    ("DarkSide was behind the attack on Colonial Pipeline.", ("ATTACK", "DarkSide", "Colonial Pipeline")),
]


@pytest.mark.parametrize("text, expected", RESPONSIBILITY_CASES, ids=[c[0][:40] for c in RESPONSIBILITY_CASES])
def test_attack_told_through_responsibility(nlp, extractor: Extractor, text: str, expected: tuple) -> None:  # type: ignore[no-untyped-def]
    assert found_events(nlp, extractor, text, 3) == exactly(expected)


def test_a_countrys_companies_are_not_the_country(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(nlp, extractor, "APT28 breached two US companies.")
    assert [summary(e)[:4] for e in events if e.type == "ATTACK"] == [("ATTACK", "APT28", None, "two US companies")]


def test_a_rejected_accusation_is_negated(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        nlp, extractor, "China rejected accusations that Beijing was behind the attack on Microsoft Exchange servers."
    )
    assert {e.type: e.status for e in events if e.type in ("REJECT", "ATTACK")} == {
        "REJECT": "asserted",
        "ATTACK": "negated",
    }


COOPERATION_CASES = [
    (
        "Officers of Europol arrested two men, with aid from the FBI and Interpol.",
        {("COOPERATE", FBI, "Europol"), ("COOPERATE", "Interpol", "Europol")},
    ),
    ("The FSB said it conducted its operation at the request of the FBI.", {("COOPERATE", "FSB", FBI)}),
    ("Ukrainian police made the arrests in a joint investigation with the FBI.", {("COOPERATE", "Ukraine", FBI)}),
]


@pytest.mark.parametrize("text, expected", COOPERATION_CASES, ids=["aid-from", "at-the-request", "joint-investigation"])
def test_cooperation_told_by_a_phrase(nlp, extractor: Extractor, text: str, expected: set) -> None:  # type: ignore[no-untyped-def]
    assert expected <= {summary(e)[:3] for e in extract(nlp, extractor, text)}


def test_bare_authorities_stand_for_the_body_named_most(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The FBI arrested Ivan Petrov on Monday. The FBI worked with the IRS on the case.\n"
        "Authorities said they seized $2 million in bitcoin."
    )
    seize = next(e for e in extract(nlp, extractor, text) if e.type == "SEIZE")
    assert (seize.agent.label, seize.object.label if seize.object else None) == (FBI, "$2 million")


def test_an_arrest_abroad_is_made_by_that_state(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        nlp, extractor, "The Justice Department said Yaroslav Vasinskyi was arrested in Poland in October."
    )
    assert ("ARREST", "Poland", "Yaroslav Vasinskyi") in [summary(e)[:3] for e in events]


def test_amounts_keep_what_they_measure(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    seize = next(
        e
        for e in extract(nlp, extractor, "The FBI seized more than $6.1 million worth of cryptocurrency.")
        if e.type == "SEIZE"
    )
    assert seize.object is not None and "$6.1 million worth of cryptocurrency" in seize.object.aliases


def test_a_country_and_its_ministry_telling_one_act_are_one_event(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = "The United States charged Ivan Petrov on Monday.\nThe Justice Department charged Ivan Petrov with fraud."
    charges = [e for e in extract(nlp, extractor, text) if e.type == "CHARGE"]
    assert [(e.agent.label, e.date.isoformat() if e.date else None) for e in charges] == [(DOJ, "2021-07-19")]


def test_a_headline_confirms_a_body_event_and_adds_none(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    body = "The Justice Department charged Ivan Petrov on Tuesday."
    article = Article(id="t", title="US charges Russian hacker Ivan Petrov", body=body, published=PUBLISHED)
    plain = extractor.events(article, nlp(body))
    titled = extractor.events(article, nlp(body), nlp(article.title))
    assert [summary(e) for e in titled] == [summary(e) for e in plain]
    assert titled[0].confidence > plain[0].confidence
    unrelated = extractor.events(article, nlp(body), nlp("Russia hacks Ukrainian banks"))
    assert [summary(e) for e in unrelated] == [summary(e) for e in plain]


@pytest.mark.parametrize(
    "text",
    [
        "The Justice Department announced the extradition of Ivan Petrov on charges of fraud.",
        "APT40 worked closely with various universities in Hainan.",
        "The NSA warned of escalating Conti ransomware attacks.",
        "The SSU report describes past Gamaredon attacks with terms such as audacity.",
    ],
)
def test_no_event_without_a_fitting_patient(nlp, extractor: Extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    """An arrest of 'charges', cooperation with no actor, a warning of attacks, an attack 'with terms'."""
    found = [summary(e)[:4] for e in extract(nlp, extractor, text) if e.type != "STATEMENT"]
    assert not [
        f
        for f in found
        if f[2] is None and f[3] in ("charges", "various universities", "escalating Conti ransomware attacks", "terms")
    ]


def test_an_untagged_name_charged_is_a_person(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(nlp, extractor, "In 2019, a US court charged Nikita Kislitsin, a Group-IB analyst, with fraud.")
    charge = next(e for e in events if e.type == "CHARGE")
    assert charge.target is not None and (charge.target.label, charge.target.kind) == ("Nikita Kislitsin", "Person")


def test_victims_listed_after_include(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Some of the high-profile victims NetWalker targeted over the years include Equinix, Toshiba and Accenture."
    found = {summary(e)[:3] for e in extract(nlp, extractor, text) if e.type == "ATTACK"}
    assert {("ATTACK", "Netwalker", "Toshiba"), ("ATTACK", "Netwalker", "Accenture")} <= found


def test_a_claim_and_a_ransom_demand_are_addressed_to_the_victim(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = (
        "JVCKenwood has suffered a Conti ransomware attack where the threat actors claim to have stolen "
        "1.7 TB of data and are demanding a $7 million ransom."
    )
    found = {summary(e)[:3] for e in extract(nlp, extractor, text)}
    assert {
        ("ATTACK", "Conti", "JVCKenwood"),
        ("CLAIM", "Conti", "JVCKenwood"),
        ("DEMAND", "Conti", "JVCKenwood"),
    } <= found
    assert not [f for f in found if f[2] == "TB"]  # a unit after a number is not an organisation


def test_members_of_a_body_charged_are_not_the_body(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(nlp, extractor, "The Justice Department charged four MSS hackers.")
    assert [summary(e)[2:4] for e in events if e.type == "CHARGE"] == [(None, "four MSS hackers")]


DATE_CASES = [
    # coordinated clauses share the day
    (
        "The arrests took place on Monday and were carried out by officers of Europol, with aid from the FBI.",
        "COOPERATE",
        "2021-07-19",
    ),
    # a participial clause shares the day of its main clause
    ("The European Union imposed sanctions on Thursday, listing Alexey Minin.", "SANCTION", "2021-07-15"),
    # the day of the notice is the day of the appeal
    ("CISA urged developers to update Discourse in a notice sent out on Sunday.", "APPEAL", "2021-07-18"),
    # a later sentence gives the day of the acts told before
    (
        "Two members of a ransomware gang were arrested in Ukraine.\nThe arrests took place on Monday in Kyiv.",
        "ARREST",
        "2021-07-19",
    ),
    # the relative pronoun stands for the instrument a trigger requires
    (
        "The program was created by Executive Order 13694, which Barack Obama signed on Wednesday.",
        "ENACT",
        "2021-07-14",
    ),
]


@pytest.mark.parametrize("text, kind, day", DATE_CASES, ids=["conj", "participle", "notice", "retold", "relative"])
def test_date_rules(nlp, extractor: Extractor, text: str, kind: str, day: str) -> None:  # type: ignore[no-untyped-def]
    assert day in [summary(e)[4] for e in extract(nlp, extractor, text) if e.type == kind]


def test_an_accused_act_is_the_accusers_claim(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(nlp, extractor, "The United Kingdom accused Russia of hacking the OPCW.")
    attack = next(e for e in events if e.type == "ATTACK")
    assert (
        attack.agent.label,
        attack.target.label if attack.target else None,
        attack.speaker.label if attack.speaker else None,
    ) == ("Russia", "OPCW", "United Kingdom")


def test_the_hired_act(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(nlp, extractor, "The FSB hired APT28 to compromise Yahoo.")
    assert ("ATTACK", "APT28", "Yahoo") in [summary(e)[:3] for e in events]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Spokespersons for the Russian Foreign Ministry initially denied reports of a cyberattack.",
            ("REJECT", "Russian Foreign Ministry"),
        ),
        (
            "SSU officers searched the suspect's house and seized his computer equipment.",
            ("SEIZE", "Security Service of Ukraine"),
        ),
        ("The FBI published an advisory. Organisations are being urged to patch their servers.", ("APPEAL", FBI)),
    ],
)
def test_agents_told_by_role(nlp, extractor: Extractor, text: str, expected: tuple) -> None:  # type: ignore[no-untyped-def]
    assert found_events(nlp, extractor, text, 2) == exactly(expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "On Friday, Yaroslav Vasinskyi is believed to have used a flaw to gain access to Kaseya servers.",
            ("ATTACK", "Yaroslav Vasinskyi", "Kaseya", "2021-07-16"),
        ),
        (
            "Maksim Yakubets stands accused of using Dridex to launch attacks against Toshiba.",
            ("ATTACK", "Maksim Yakubets", "Toshiba", None),
        ),
        ("APT28 disrupted the networks of Ukrenergo.", ("ATTACK", "APT28", "Ukrenergo", None)),
    ],
)
def test_attacks_in_raised_and_accused_clauses(nlp, extractor: Extractor, text: str, expected: tuple) -> None:  # type: ignore[no-untyped-def]
    found = [summary(e)[:3] + (summary(e)[4],) for e in extract(nlp, extractor, text) if e.type != "STATEMENT"]
    assert sorted(found, key=repr) == exactly(expected)


def test_a_lawful_access_is_no_attack(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        nlp, extractor, "Europol investigators gained access to several hundred servers of the Emotet botnet."
    )
    assert not [e for e in events if e.type == "ATTACK"]


def test_a_charged_acts_day_is_not_the_charges(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = "The Justice Department said Vasinskyi was charged with carrying out the attack on Kaseya during the 4th of July weekend."
    events = extract(nlp, extractor, text)
    assert [summary(e)[4] for e in events if e.type == "CHARGE"] == [None]
    assert [summary(e)[4] for e in events if e.type == "ATTACK"] == ["2021-07-04"]


def test_a_gangs_ask_for_ransom_is_a_demand_and_recruiting_no_appeal(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = "The Conti gang breached Toshiba. The gang asked for a multi-million dollar ransom. The LockBit gang is calling for affiliates."
    found = {summary(e)[:3] for e in extract(nlp, extractor, text)}
    assert ("DEMAND", "Conti", "Toshiba") in found and not [f for f in found if f[0] == "APPEAL"]
    generic = extract(nlp, extractor, "These amounts contrast with the higher ransoms demanded by gangs like Conti.")
    assert not [e for e in generic if e.type == "DEMAND"]  # no victim: a generality


def test_a_prediction_in_speech_is_no_appeal(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        nlp, extractor, "Commerce officials said that all applicants should expect a presumption of denial."
    )
    assert not [e for e in events if e.type == "APPEAL"]


def test_a_when_clause_has_its_main_clauses_day(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        nlp,
        extractor,
        "On January 27, 2021, when the Justice Department charged Sebastien Vachon-Desjardins, police seized servers.",
    )
    assert [summary(e)[4] for e in events if e.type == "CHARGE"] == ["2021-01-27"]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "In 2017, Israel went as far as to accuse Russia of framing one of its citizens.",
            ("ACCUSE", "Israel", "Russia"),
        ),
        (
            "The NCSC assessed that it was highly likely that a group known as HAFNIUM was responsible for the activity.",
            ("ACCUSE", "National Cyber Security Centre", "Hafnium"),
        ),
        (
            "The US formally pinned the attack on hackers affiliated with China's Ministry of State Security.",
            ("ACCUSE", "United States", "Ministry of State Security"),
        ),
    ],
)
def test_accusations_in_control_and_assessment(nlp, extractor: Extractor, text: str, expected: tuple) -> None:  # type: ignore[no-untyped-def]
    assert found_events(nlp, extractor, text, 3) == exactly(expected)


def test_a_states_and_its_agencys_statements_stay_two(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Washington has blamed Pyongyang for the attack.\n\nThe FBI concluded on Friday that North Korea was responsible for the intrusion."
    agents = sorted(e.agent.label for e in extract(nlp, extractor, text) if e.type == "ACCUSE")
    assert agents == [FBI, "United States"]


@pytest.mark.parametrize(
    "text",
    [
        "Until now, only the EU and the US have imposed sanctions on hackers.",
        "Britain sanctioned the company, freezing their assets.",
        "The Magnitsky Act is a 2012 US law that sanctioned Russian officials.",
    ],
)
def test_habits_elaborations_and_nationals_are_no_sanction_targets(nlp, extractor: Extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    found = [summary(e)[2:4] for e in extract(nlp, extractor, text) if e.type == "SANCTION"]
    assert not [f for f in found if f in ((None, "hackers"), (None, "assets"), ("Russia", None))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Burkov was picked up this week by Russian police at the Moscow airport.", ("ARREST", "Russia", "Burkov")),
        (
            "Russian law enforcement agencies raided the office of Group-IB and detained its founder and chief executive, Ilya Sachkov.",
            [("ARREST", "Russia", "Ilya Sachkov"), ("INVESTIGATE", "Russia", "Group-IB")],
        ),
        ("Russian law enforcement agencies raided the office of Group-IB.", ("INVESTIGATE", "Russia", "Group-IB")),
    ],
)
def test_arrests_and_raids(nlp, extractor: Extractor, text: str, expected: tuple) -> None:  # type: ignore[no-untyped-def]
    assert found_events(nlp, extractor, text, 3) == exactly(expected)  # the roles describe Sachkov: no collective


def test_a_threat_actor_targeting_described_victims(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    assert ("ATTACK", "APT40", None, "universities in Hainan") in [
        summary(e)[:4] for e in extract(nlp, extractor, "APT40 targeted universities in Hainan.")
    ] or ("ATTACK", "APT40", None, "universities") in [
        summary(e)[:4] for e in extract(nlp, extractor, "APT40 targeted universities in Hainan.")
    ]
    assert not [
        e
        for e in extract(nlp, extractor, "Hafnium primarily targets entities in the United States.")
        if e.type == "ATTACK"
    ]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("The FSB established the full composition of the REvil criminal community.", "ENACT"),
        ("Officials said the plot would threaten the sovereignty of Ukraine.", "THREATEN"),
        ("Microsoft's lawyers imposed restrictions on the Nickel domains.", "SANCTION"),
    ],
)
def test_acts_need_a_fitting_agent_or_patient(nlp, extractor: Extractor, text: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    """An enactment creates an instrument, a threat is made to someone, states impose sanctions."""
    assert not [e for e in extract(nlp, extractor, text) if e.type == kind]


def test_an_accusation_of_an_actor_and_its_hackers_is_one_event(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    events = extract(nlp, extractor, "EU officials accused the Russian government and its state hackers of meddling.")
    assert [summary(e)[:3] for e in events if e.type == "ACCUSE"] == [("ACCUSE", "European Union", "Russia")]


def test_a_ministry_spokesperson_and_a_listing(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    found = [
        summary(e)[:2]
        for e in extract(
            nlp, extractor, "A Russian Foreign Ministry spokesperson played down reports of a cyberattack."
        )
    ]
    assert ("REJECT", "Russian Foreign Ministry") in found
    text = "The Commerce Department put the Academy of Military Medical Sciences on the Entity List."
    assert ("SANCTION", "US Department of Commerce", "Academy of Military Medical Sciences") in [
        summary(e)[:3] for e in extract(nlp, extractor, text)
    ]


def test_an_appeal_the_tagger_misread(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = '"CISA and the FBI urge users and organizations to take these actions immediately," the advisory warns.'
    found = {summary(e)[:4] for e in extract(nlp, extractor, text) if e.type == "APPEAL"}
    assert found == {
        ("APPEAL", "Cybersecurity and Infrastructure Security Agency", None, "users and organizations"),
        ("APPEAL", FBI, None, "users and organizations"),
    }


def test_we_in_a_quoted_statement_is_its_institution(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = "> The European Union strongly denounces these activities. We urge the Russian Federation to adhere to the norms."
    assert ("APPEAL", "European Union", "Russia") in [summary(e)[:3] for e in extract(nlp, extractor, text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The Conti gang has been responsible for many attacks, including attacks against the City of Tulsa.",
            ("ATTACK", "Conti", "City of Tulsa"),
        ),
        (
            "The DOJ said APT40 breached targets in the United States, Austria and Cambodia.",
            [
                ("ATTACK", "APT40", None),
                ("ACCUSE", "US Department of Justice", "APT40"),
            ],  # the act carries the accusation
        ),
    ],
)
def test_victims_named_as_places_or_targets(nlp, extractor: Extractor, text: str, expected: tuple) -> None:  # type: ignore[no-untyped-def]
    assert found_events(nlp, extractor, text, 3) == exactly(expected)


@pytest.mark.parametrize(
    "text",
    [
        "It is unclear how APT10 initially breached the site.",
        "In October 2015 Star Blizzard targeted a handful of individuals with phishing emails.",
    ],
)
def test_an_attack_on_no_one_in_particular_is_no_event(nlp, extractor: Extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not [e for e in extract(nlp, extractor, text) if e.type == "ATTACK" and e.target is None]


def test_releases_and_removals_need_people_and_lists(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Microsoft released a new version of the Clock app with a feature called Focus Sessions. "
        "Ubiquiti removed a second backdoor from its systems."
    )
    assert not [e for e in extract(nlp, extractor, text) if e.type == "EASE"]
    freed = extract(
        nlp, extractor, "Russia released Aleksei Burkov. The Treasury removed Rusal from the sanctions list."
    )
    assert {summary(e)[:3] for e in freed if e.type == "EASE"} >= {("EASE", "Russia", "Aleksei Burkov")}


def test_the_company_is_the_one_the_article_is_about(nlp, extractor: Extractor) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Microsoft disclosed a breach. Microsoft said the attacker used Surfshark's VPN services. "
        "Microsoft hired Mandiant. The company denied the reports."
    )
    assert ("REJECT", "Microsoft") in [summary(e)[:2] for e in extract(nlp, extractor, text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Attorney General Merrick Garland announced indictments against Yaroslav Vasinskyi.",
            ("CHARGE", DOJ, "Yaroslav Vasinskyi"),
        ),
        (
            "The Biden administration blamed China's Ministry of State Security for the hack.",
            ("ACCUSE", "United States", "Ministry of State Security"),
        ),
        (
            "The Treasury called out some smaller countries, like Estonia and Romania, for hosting exchanges.",
            [("DISAPPROVE", TREASURY, "Estonia"), ("DISAPPROVE", TREASURY, "Romania")],
        ),
    ],
)
def test_offices_administrations_and_particles(nlp, extractor: Extractor, text: str, expected: tuple) -> None:  # type: ignore[no-untyped-def]
    assert found_events(nlp, extractor, text, 3) == exactly(expected)  # no appeal, no collective beside its members


@pytest.mark.parametrize(
    "text, kind",
    [
        ("The BlackMatter ransomware is allegedly shutting down its operation due to pressure.", "SEIZE"),
        (
            "The US Department of State unveiled the reward on Thursday, adding a $5 million reward to the program.",
            "SANCTION",
        ),
        ("John Binns conducted the attack from his home in Izmir.", "ATTACK"),
        ("al-Hathloul was eventually arrested while driving in Abu Dhabi.", "ARREST"),
    ],
)
def test_spot_checked_false_alarms(nlp, extractor: Extractor, text: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    found = [
        summary(e)
        for e in extract(nlp, extractor, "The NSA published an advisory. " + text)
        if e.type in (kind, "ATTACK")
    ]
    assert not [f for f in found if f[0] == kind and (f[0] != "ATTACK" or f[3] == "home")]
