"""The actor gazetteer: canonical actors with aliases, kinds and relations (data/gazetteer/*.jsonl).

Surface names map to one canonical actor: "US", "U.S." and "Washington" are the United
States; "Chinese Foreign Ministry" is a government body, part of China.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.model import Actor
from kg.paths import DATA

STRIP = re.compile(r"^(the|a|an)\s+|['’]s$", re.I)
_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Case-folded, punctuation-stripped form used to compare names (docs/events.md, Scoring)."""
    text = text.casefold().replace("’", "'")
    text = _PUNCT.sub("", text)
    return _SPACE.sub(" ", text).strip()


@dataclass
class Gazetteer:
    """Canonical actors by label, and an index from every surface form to its actor."""

    actors: dict[str, Actor] = field(default_factory=dict)
    surface: dict[str, str] = field(default_factory=dict)  # surface form -> label
    demonyms: dict[str, str] = field(default_factory=dict)  # "Chinese" -> "China"
    metonyms: dict[str, str] = field(default_factory=dict)  # "Beijing" -> "China"
    ambiguous: set[str] = field(default_factory=set)  # labels that are also common words
    folded: dict[str, str] = field(default_factory=dict)  # lower-cased multi-word surface -> label
    # labels an analyst's overlay changed (kg.extraction.overlay): merged, aliased, re-related
    overlaid: frozenset[str] = frozenset()

    @classmethod
    def load(cls, folder: Path | None = None) -> Gazetteer:
        """Every *.jsonl file of the folder (default data/gazetteer). A line without a `kind`
        enriches the actor of its label (an ATT&CK id from a reference, say) and names none."""
        gaz = cls()
        folder = folder or DATA / "gazetteer"
        records = []
        for path in sorted(folder.glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    records.append(json.loads(line))
        attack = {r["label"]: r["mitre"] for r in records if "kind" not in r and r.get("mitre")}
        records = [r for r in records if "kind" in r]
        kinds = {r["label"]: r["kind"] for r in records}
        for r in records:
            relations = tuple(
                (rel, other, kinds.get(other, "Actor")) for rel, other, *_ in r.get("relations", []) if other in kinds
            )
            actor = Actor(
                r["label"],
                r["kind"],
                tuple(r.get("aliases", [])),
                r.get("wikidata"),
                relations,
                attack=r.get("mitre") or attack.get(r["label"]),
            )
            gaz.actors[actor.label] = actor
            if r.get("ambiguous"):
                gaz.ambiguous.add(actor.label)
        for r in records:  # labels first, then aliases: a label always wins a clash
            gaz.surface.setdefault(r["label"], r["label"])
        for r in records:
            for alias in r.get("aliases", []):
                gaz.surface.setdefault(alias, r["label"])
            for demonym in r.get("demonyms", []):
                gaz.demonyms.setdefault(demonym, r["label"])
            for metonym in r.get("metonyms", []):
                gaz.metonyms.setdefault(metonym, r["label"])
        for surface, label in gaz.surface.items():  # the matcher finds long names in any case
            if " " in surface:
                gaz.folded.setdefault(surface.lower(), label)
        return gaz

    def get(self, label: str) -> Actor | None:
        return self.actors.get(label)

    def lookup(self, surface: str) -> Actor | None:
        """The actor a surface form names exactly (alias, label or metonym), else None."""
        label = self.surface.get(surface) or self.metonyms.get(surface)
        if label is None:
            stripped = STRIP.sub("", surface.strip())
            label = self.surface.get(stripped) or self.metonyms.get(stripped) or self.folded.get(stripped.lower())
        return self.actors.get(label) if label else None

    def canonical(self, actor: Actor) -> Actor:
        """The actor as this gazetteer knows it now: an actor the analyst merged, aliased or
        re-related is replaced by its current record (rules that looked it up in the shared
        gazetteer get the overlay's version); any other actor is returned as it is."""
        if actor.scope is None and actor.label in self.overlaid:
            return self.actors.get(actor.label, actor)
        return actor

    def parent(self, actor: Actor) -> Actor | None:
        """The actor this one speaks or acts for: a spokesperson's body, a body's state."""
        for rel, other, _ in actor.relations:
            if rel in ("spokesperson_of", "part_of"):
                return self.actors.get(other)
        return None

    def country_of(self, actor: Actor) -> Actor | None:
        seen = 0
        current: Actor | None = actor
        while current is not None and seen < 5:
            if current.kind == "Country":
                return current
            current = self.parent(current)
            seen += 1
        return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer.load()
