"""Actors: the gazetteer data and in-article resolution."""

from __future__ import annotations

import pytest

from kg.extraction.gazetteer import Gazetteer, gazetteer, norm
from kg.extraction.mentions import ActorFinder


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


@pytest.mark.parametrize(
    "surface, label, kind",
    [
        ("US", "United States", "Country"),
        ("U.S.", "United States", "Country"),
        ("Beijing", "China", "Country"),  # a capital as metonym for the government
        ("Chinese Foreign Ministry", "Chinese Foreign Ministry", "GovernmentBody"),
        ("OFAC", "Office of Foreign Assets Control", "GovernmentBody"),
        ("Fancy Bear", "APT28", "ThreatActor"),
        ("Obama", "Barack Obama", "Person"),
        ("the European Union", "European Union", "InternationalOrganization"),
    ],
)
def test_surface_forms_resolve(gaz: Gazetteer, surface: str, label: str, kind: str) -> None:
    actor = gaz.lookup(surface)
    assert actor is not None and (actor.label, actor.kind) == (label, kind)


def test_relations_and_country_of(gaz: Gazetteer) -> None:
    ministry = gaz.get("Chinese Foreign Ministry")
    assert ministry is not None and gaz.country_of(ministry).label == "China"  # type: ignore[union-attr]
    hua = gaz.get("Hua Chunying")
    assert hua is not None and ("spokesperson_of", "Chinese Foreign Ministry", "GovernmentBody") in hua.relations
    apt28 = gaz.get("APT28")
    assert apt28 is not None and any(r[0] == "sponsored_by" for r in apt28.relations)


def test_norm_is_casefolded_and_punctuation_free() -> None:
    assert norm("  U.S.  Treasury's ") == "us treasurys"


def finder_mentions(nlp, text: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return [(doc[m.start : m.end].text, m.actor.label, m.how) for m in ActorFinder(nlp.vocab).find(doc)]


def test_short_name_pronoun_and_role_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Foreign Ministry spokeswoman Hua Chunying spoke on Thursday. Hua said China opposed the order. "
        "She added that the spokeswoman had no more to say."
    )
    mentions = finder_mentions(nlp, text)
    assert ("Hua", "Hua Chunying", "short-name") in mentions
    assert ("She", "Hua Chunying", "pronoun") in mentions
    assert ("spokeswoman", "Hua Chunying", "role-noun") in mentions


def test_unknown_names_come_from_ner_with_a_kind(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Prosecutors said Ivan Petrovsky worked for the Zorbex ransomware gang.")
    kinds = {m.actor.label: m.actor.kind for m in ActorFinder(nlp.vocab).find(doc)}
    assert kinds.get("Ivan Petrovsky") == "Person"


def test_dateline_is_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    assert [m[1] for m in finder_mentions(nlp, "BEIJING - Officials met on Monday.")] == []


def test_demonym_with_government_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ("Russian authorities", "Russia", "demonym") in finder_mentions(nlp, "Russian authorities arrested him.")


def test_gazetteer_data_is_consistent() -> None:
    import subprocess
    import sys
    from pathlib import Path

    check = Path(__file__).parent.parent / "data" / "gazetteer" / "check.py"
    result = subprocess.run([sys.executable, str(check)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
