"""Per-type extraction settings and the rules over proposed patients, loaded from data/rules/types.toml.

The file says, for each event type, where its patients are found, how the agent of an
agentless passive is found, which types states act in, and which rules filter, drop or
retype a trigger's proposals. The code that applies them (kg.extraction.arguments,
kg.extraction.triggers) is generic: a new event type is data.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from kg.errors import KGError
from kg.paths import DATA

RULES_FILE = DATA / "rules" / "types.toml"
Stage = Literal["patients", "event"]
_STAGES = ("patients", "event")


@dataclass(frozen=True)
class TypeRules:
    """How one event type's arguments are found (the keys are explained in types.toml)."""

    code: str
    patients: tuple[str, ...]
    clauses: frozenset[str]
    look_for_actor: bool
    objects: bool
    without_patient: bool
    agentless: tuple[str, ...]
    agentless_lemmas: frozenset[str]
    possessive_patient: bool
    institutional: bool
    inherit_dates: bool
    addressed: bool
    drop_unaddressed: bool
    modifier_patient: bool
    described_agents: bool
    described_patients: bool
    accused: bool
    content: bool
    owner_patient: bool
    past_loot: bool


@dataclass(frozen=True)
class Rule:
    """One rule over a trigger's proposals: conditions, then one action (see types.toml)."""

    why: str
    stage: Stage
    group: str = ""
    types: frozenset[str] = frozenset()
    lemmas: frozenset[str] = frozenset()
    not_lemmas: frozenset[str] = frozenset()
    agents: frozenset[str] = frozenset()
    not_agents: frozenset[str] = frozenset()
    actor_only: bool | None = None
    part: bool | None = None
    requires: bool | None = None
    past: bool | None = None
    elaboration: bool | None = None
    keep: str = ""
    drop: bool = False
    retype: str = ""
    if_object: str = ""


@dataclass(frozen=True)
class Rules:
    types: dict[str, TypeRules]
    default: TypeRules
    constructions: dict[str, str]
    rules: tuple[Rule, ...]
    confidence: dict[str, float]

    def of(self, code: str) -> TypeRules:
        """The settings of an event type ([default]'s for a type the file does not name)."""
        return self.types.get(code, self.default)

    def institutional(self) -> frozenset[str]:
        """The types states and their bodies act in (sanctions, charges, arrests ...)."""
        return frozenset(code for code, t in self.types.items() if t.institutional)

    def stage(self, stage: Stage) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.stage == stage)


def _type_rules(code: str, table: dict[str, Any], default: dict[str, Any], where: Path) -> TypeRules:
    known = {f.name for f in fields(TypeRules)} - {"code"}
    unknown = set(table) - known
    if unknown:
        raise KGError(f"{where}: [{code}] has unknown keys {sorted(unknown)}; known keys: {sorted(known)}")
    merged = {**default, **table}
    missing = known - set(merged)
    if missing:
        raise KGError(f"{where}: [{code}] misses keys {sorted(missing)}; set them in [default]")
    return TypeRules(
        code=code,
        patients=tuple(merged["patients"]),
        clauses=frozenset(merged["clauses"]),
        look_for_actor=bool(merged["look_for_actor"]),
        objects=bool(merged["objects"]),
        without_patient=bool(merged["without_patient"]),
        agentless=tuple(merged["agentless"]),
        agentless_lemmas=frozenset(merged["agentless_lemmas"]),
        possessive_patient=bool(merged["possessive_patient"]),
        institutional=bool(merged["institutional"]),
        inherit_dates=bool(merged["inherit_dates"]),
        addressed=bool(merged["addressed"]),
        drop_unaddressed=bool(merged["drop_unaddressed"]),
        modifier_patient=bool(merged["modifier_patient"]),
        described_agents=bool(merged["described_agents"]),
        described_patients=bool(merged["described_patients"]),
        accused=bool(merged["accused"]),
        content=bool(merged["content"]),
        owner_patient=bool(merged["owner_patient"]),
        past_loot=bool(merged["past_loot"]),
    )


def _rule(table: dict[str, Any], n: int, where: Path) -> Rule:
    known = {f.name for f in fields(Rule)}
    unknown = set(table) - known
    if unknown:
        raise KGError(f"{where}: rule {n} has unknown keys {sorted(unknown)}; known keys: {sorted(known)}")
    if table.get("stage") not in _STAGES:
        raise KGError(f"{where}: rule {n} needs a stage, one of {', '.join(_STAGES)}")
    if sum(bool(table.get(k)) for k in ("keep", "drop", "retype")) != 1:
        raise KGError(f"{where}: rule {n} needs exactly one action: keep, drop or retype")
    sets: dict[str, frozenset[str]] = {
        k: frozenset(table[k]) for k in ("types", "lemmas", "not_lemmas", "agents", "not_agents") if k in table
    }
    return Rule(**{**table, **sets})


def load(path: Path = RULES_FILE) -> Rules:
    """Read and check a rules file; a KGError names the file and what is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KGError(f"{path}: cannot read the extraction rules ({exc})") from None
    default = data.pop("default", {})
    constructions = data.pop("constructions", {})
    confidence = data.pop("confidence", {})
    rule_tables = data.pop("rule", [])
    for key, value in data.items():
        if not isinstance(value, dict):
            raise KGError(f"{path}: {key!r} is not a table; write [TYPE] tables, [[rule]] lists and [default]")
    types = {code: _type_rules(code, table, default, path) for code, table in data.items()}
    return Rules(
        types=types,
        default=_type_rules("*", {}, default, path),
        constructions=dict(constructions),
        rules=tuple(_rule(t, n, path) for n, t in enumerate(rule_tables, start=1)),
        confidence={k: float(v) for k, v in confidence.items()},
    )


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The project's rules (data/rules/types.toml), read once per process."""
    return load()
