"""A country's possessive before a body, organisation or threat actor ("Russia's GRU") names
that actor, not the country; a body the gazetteer does not know becomes part of the country."""

from __future__ import annotations

import pytest

import kg

# (sentence, event type, agent, target): subjects, objects, passive agents, prepositional phrases
CASES = [
    (
        "Russia's GRU hacked the Democratic National Committee in 2016.",
        "ATTACK",
        "GRU",
        "Democratic National Committee",
    ),
    (
        "China's Ministry of State Security hacked Microsoft in 2021.",
        "ATTACK",
        "Ministry of State Security",
        "Microsoft",
    ),
    ("Iran's IRGC attacked Albania in July.", "ATTACK", "Islamic Revolutionary Guard Corps", "Albania"),
    (
        "Russia's Federal Protective Service attacked Estonia on Friday.",
        "ATTACK",
        "Federal Protective Service",
        "Estonia",
    ),
    ("The United States sanctioned Russia's GRU on Friday.", "SANCTION", "United States", "GRU"),
    (
        "Israel accused Iran's IRGC of attacking its water systems.",
        "ACCUSE",
        "Israel",
        "Islamic Revolutionary Guard Corps",
    ),
    (
        "The Treasury sanctioned Russia's Federal Protective Service on Friday.",
        "SANCTION",
        "US Department of the Treasury",
        "Federal Protective Service",
    ),
    ("The Democratic National Committee was hacked by Russia's GRU.", "ATTACK", "GRU", "Democratic National Committee"),
    (
        "The European Union imposed sanctions against Iran's IRGC on Monday.",
        "SANCTION",
        "European Union",
        "Islamic Revolutionary Guard Corps",
    ),
    ("Britain attributed the attack to Russia's GRU on Thursday.", "ACCUSE", "United Kingdom", "GRU"),
    (
        "The United States blamed the intrusion on China's Ministry of State Security.",
        "ACCUSE",
        "United States",
        "Ministry of State Security",
    ),
    (
        "The FBI blamed North Korea's Lazarus Group for the Sony hack.",
        "ACCUSE",
        "Federal Bureau of Investigation",
        "Lazarus Group",
    ),
    ("The gang attacked Costa Rica's Ministry of Finance in April.", "ATTACK", "gang", "Ministry of Finance"),
]
COUNTRIES = {"Russia", "China", "Iran", "North Korea", "Costa Rica"}


@pytest.mark.parametrize(("sentence", "etype", "agent", "target"), CASES, ids=[c[0][:40] for c in CASES])
def test_possessive_country_names_the_body(sentence: str, etype: str, agent: str, target: str) -> None:
    events = [e for e in kg.extract(sentence, published="2021-07-19") if e.type == etype]
    assert [(e.agent.label, e.target.label if e.target else None) for e in events] == [(agent, target)]
    assert not {events[0].agent.label, events[0].target.label if events[0].target else ""} & (COUNTRIES - {target})


@pytest.mark.parametrize(
    ("sentence", "body", "country"),
    [
        ("Russia's Federal Protective Service attacked Estonia on Friday.", "Federal Protective Service", "Russia"),
        ("The gang attacked Costa Rica's Ministry of Finance in April.", "Ministry of Finance", "Costa Rica"),
        ("China's Ministry of State Security hacked Microsoft in 2021.", "Ministry of State Security", "China"),
    ],
)
def test_the_body_is_part_of_the_country(sentence: str, body: str, country: str) -> None:
    actors = [a for e in kg.extract(sentence, published="2021-07-19") for a in (e.agent, e.target) if a is not None]
    found = next(a for a in actors if a.label == body)
    assert ("part_of", country, "Country") in found.relations
