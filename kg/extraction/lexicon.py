"""Trigger lexicon and word classes, loaded from data/lexicon/ (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.paths import DATA


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: a lemma of a part of speech that reports an event type."""

    type: str
    pos: str
    lemma: str
    requires: str = ""
    part: bool = False  # the required word is part of the trigger, not its object
    actor_only: bool = False  # counts only with an actor as patient ("released X", not "released patches")


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / "lexicon" / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], tuple[Trigger, ...]]:
    """Entries by (lemma, pos); entries with a requirement come first (they are more specific)."""
    index: dict[tuple[str, str], list[Trigger]] = {}
    for row in _rows("triggers.tsv"):
        requires = row[3].lower() if len(row) > 3 else ""
        entry = Trigger(
            row[0],
            row[1],
            row[2].lower(),
            "" if requires == "@actor" else requires,
            len(row) > 4 and row[4] == "part",
            requires == "@actor",
        )
        index.setdefault((entry.lemma, entry.pos), []).append(entry)
    return {key: tuple(sorted(items, key=lambda t: not t.requires)) for key, items in index.items()}


@lru_cache(maxsize=1)
def trigger_lemmas() -> frozenset[str]:
    """Every trigger lemma of any part of speech: the cheap pre-filter of sentences."""
    return frozenset(lemma for lemma, _ in triggers())


@lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    """Word classes (data/lexicon/words.tsv): light_verb, speech, modal_hypothetical, ..."""
    return {row[0]: frozenset(row[1].split()) for row in _rows("words.tsv")}


def word_class(name: str) -> frozenset[str]:
    return words()[name]


@lru_cache(maxsize=1)
def role_nouns() -> dict[str, tuple[str, str]]:
    """Agent nouns ('prosecutors', 'riot police', 'hackers') -> (Phoenix/CAMEO agent code,
    actor kind), from data/lexicon/role_nouns.tsv (derived by data/lexicon/build_roles.py)."""
    return {row[0]: (row[1], row[2]) for row in _rows("role_nouns.tsv") if len(row) >= 3}


@lru_cache(maxsize=1)
def cameo_verbs() -> dict[str, frozenset[str]]:
    """Verb lemmas (and verb + particle) -> the event types of their CAMEO codes, from
    data/lexicon/cameo_verbs.tsv (derived by data/lexicon/build_cameo.py)."""
    found: dict[str, set[str]] = {}
    for row in _rows("cameo_verbs.tsv"):
        if len(row) >= 3 and row[0] != "lemma":
            found.setdefault(row[0], set()).add(row[2])
    return {lemma: frozenset(types) for lemma, types in found.items()}
