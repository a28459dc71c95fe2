"""The analyst's own aliases and merges: a small TOML file beside the store (`actors.toml`).

The gazetteer under data/ is shared by every store; what one analyst decides about the actors
of their own store ("Council" is the Council of the European Union; "EU Council" is another
name for it) lives in the store's folder, is written by `kg actors alias` / `kg actors merge`
and may be edited by hand. The format, one block per actor the analyst has touched:

    [[actor]]
    label = "Council of the European Union"   # the canonical name (rdfs:label) that wins
    kind = "InternationalOrganization"        # optional for a gazetteer actor, else required
    aliases = ["EU Council"]                  # more names that resolve to this actor
    merged = ["Council"]                      # actors merged into this one (their names too)

`Overlay.apply` makes the gazetteer used to extract into that store: aliases and merged names
resolve to the block's actor, and a merged actor's own aliases and relations move to it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import InputError
from kg.extraction.gazetteer import Gazetteer
from kg.model import ACTOR_KINDS, Actor

OVERLAY_FILE = "actors.toml"
_KEYS = {"label", "kind", "aliases", "merged"}
_HEADER = """\
# Your own aliases and merges for the actors of this store (kg actors alias / kg actors merge
# write this file; you may edit it by hand). One [[actor]] block per actor:
#   label   the canonical name that wins
#   kind    Country, GovernmentBody, Person, Organization, ThreatActor or InternationalOrganization
#   aliases more names that resolve to this actor when articles are ingested into this store
#   merged  actors merged into this one: their names resolve to it, the store holds them as altLabels
"""


@dataclass(frozen=True)
class OverlayActor:
    """One actor the analyst touched: its label, kind, extra aliases and merged actors."""

    label: str
    kind: str | None = None
    aliases: tuple[str, ...] = ()
    merged: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every name that resolves to this actor besides its label."""
        return tuple(dict.fromkeys(self.aliases + self.merged))


@dataclass(frozen=True)
class Overlay:
    """The analyst's actors, hashable and picklable: worker processes get it with their settings."""

    actors: tuple[OverlayActor, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.actors)

    def block(self, label: str) -> OverlayActor | None:
        return next((a for a in self.actors if a.label == label), None)

    def winner(self, label: str) -> str | None:
        """The label a merged actor now goes by, or None if it was not merged."""
        return next((a.label for a in self.actors if label in a.merged), None)

    def canonical(self, label: str) -> str:
        return self.winner(label) or label

    def with_alias(self, label: str, kind: str | None, alias: str) -> Overlay:
        """This overlay with one more alias of an actor (its block created when new)."""
        current = self.block(label) or OverlayActor(label, kind)
        if alias == label or alias in current.names():
            return self
        updated = replace(current, aliases=current.aliases + (alias,), kind=current.kind or kind)
        return self._put(updated)

    def with_merge(self, loser: str, loser_kind: str | None, winner: str, winner_kind: str | None) -> Overlay:
        """This overlay with `loser` merged into `winner`: the loser's block (aliases, earlier
        merges) joins the winner's, and its label becomes a merged name."""
        old = self.block(loser)
        current = self.block(winner) or OverlayActor(winner, winner_kind)
        merged = current.merged + ((old.merged if old else ()) + (loser,))
        aliases = current.aliases + (old.aliases if old else ())
        updated = OverlayActor(
            winner,
            current.kind or winner_kind or loser_kind,
            tuple(dict.fromkeys(a for a in aliases if a not in merged and a != winner)),
            tuple(dict.fromkeys(m for m in merged if m != winner)),
        )
        rest = tuple(a for a in self.actors if a.label != loser)
        return Overlay(rest)._put(updated)

    def _put(self, actor: OverlayActor) -> Overlay:
        if self.block(actor.label) is None:
            return Overlay(self.actors + (actor,))
        return Overlay(tuple(actor if a.label == actor.label else a for a in self.actors))

    def apply(self, base: Gazetteer) -> Gazetteer:
        """A copy of the gazetteer in which the analyst's names resolve to the analyst's actors.

        A merged actor's label is kept as a key that leads to the winner (so code that looks an
        actor up by label gets the winner), and every relation naming it names the winner."""
        gaz = Gazetteer(
            dict(base.actors),
            dict(base.surface),
            dict(base.demonyms),
            dict(base.metonyms),
            set(base.ambiguous),
            dict(base.folded),
        )
        renamed = {loser: a.label for a in self.actors for loser in a.merged}
        for block in self.actors:
            gaz.actors[block.label] = _combined(block, base)
        related = set()
        if renamed:
            for label, actor in list(gaz.actors.items()):
                relations = _renamed_relations(actor, renamed)
                if relations != actor.relations:
                    gaz.actors[label] = replace(actor, relations=relations)
                    related.add(label)
        for loser, winner in renamed.items():
            gaz.actors[loser] = gaz.actors[winner]
        for table in (gaz.surface, gaz.demonyms, gaz.metonyms, gaz.folded):
            for surface, label in list(table.items()):
                if label in renamed:
                    table[surface] = renamed[label]
        for block in self.actors:  # the analyst's names win over the gazetteer's
            for name in (block.label, *block.names()):
                gaz.surface[name] = block.label
                if " " in name:
                    gaz.folded[name.lower()] = block.label
        gaz.overlaid = frozenset(renamed) | {b.label for b in self.actors} | related
        return gaz


def _combined(block: OverlayActor, base: Gazetteer) -> Actor:
    """The block's actor: the gazetteer's record (if any) with the analyst's kind and names,
    and the links and relations of the actors merged into it that it lacks."""
    own = base.actors.get(block.label)
    losers = [a for a in (base.actors.get(m) for m in block.merged) if a is not None]
    kind = block.kind or (own.kind if own else None) or next((a.kind for a in losers), "Organization")
    aliases = list(own.aliases if own else ())
    for name in block.names():
        aliases.append(name)
    for loser in losers:
        aliases += loser.aliases
    relations = list(own.relations if own else ())
    for loser in losers:
        relations += [r for r in loser.relations if r[1] != block.label and r not in relations]
    return Actor(
        block.label,
        kind,
        tuple(dict.fromkeys(a for a in aliases if a != block.label)),
        (own.wikidata if own else None) or next((a.wikidata for a in losers if a.wikidata), None),
        tuple(relations),
        attack=(own.attack if own else None) or next((a.attack for a in losers if a.attack), None),
    )


def _renamed_relations(actor: Actor, renamed: dict[str, str]) -> tuple[tuple[str, str, str], ...]:
    out = []
    for rel, other, kind in actor.relations:
        other = renamed.get(other, other)
        if other != actor.label and (rel, other, kind) not in out:
            out.append((rel, other, kind))
    return tuple(out)


def overlay_path(folder: str | Path) -> Path:
    return Path(folder) / OVERLAY_FILE


def read_overlay(path: Path) -> Overlay:
    """The overlay of a file; an absent file is an empty overlay. A malformed one is one
    InputError naming the file and what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Overlay()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the actor overlay ({exc})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    extra = set(data) - {"actor"}
    if extra:
        raise InputError(f"{path}: unknown table {sorted(extra)[0]!r}; the file holds [[actor]] blocks only")
    blocks = data.get("actor", [])
    if not isinstance(blocks, list):
        raise InputError(f"{path}: 'actor' must be a list of [[actor]] blocks")
    actors = [_block(path, n, b) for n, b in enumerate(blocks, 1)]
    labels = [a.label for a in actors]
    for a in actors:
        if labels.count(a.label) > 1:
            raise InputError(f"{path}: actor {a.label!r} has more than one [[actor]] block")
        for m in a.merged:
            if m in labels:
                raise InputError(f"{path}: {m!r} is merged into {a.label!r} but has a block of its own")
    return Overlay(tuple(actors))


def _block(path: Path, n: int, block: object) -> OverlayActor:
    where = f"{path}: [[actor]] block {n}"
    if not isinstance(block, dict):
        raise InputError(f"{where} is not a table")
    unknown = set(block) - _KEYS
    if unknown:
        raise InputError(f"{where}: unknown key {sorted(unknown)[0]!r} (keys: label, kind, aliases, merged)")
    label = block.get("label")
    if not isinstance(label, str) or not label.strip():
        raise InputError(f"{where}: 'label' must be a non-empty string")
    kind = block.get("kind")
    if kind is not None and kind not in ACTOR_KINDS:
        raise InputError(f"{where}: kind {kind!r} is not one of {', '.join(ACTOR_KINDS)}")
    lists = {}
    for key in ("aliases", "merged"):
        value = block.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise InputError(f"{where}: {key!r} must be a list of non-empty strings")
        lists[key] = tuple(v.strip() for v in value)
    return OverlayActor(label.strip(), kind, lists["aliases"], lists["merged"])


def write_overlay(path: Path, overlay: Overlay) -> None:
    """Write the file atomically (a temporary file beside it, then a rename): a crash leaves
    the old file or the new one, never half of one."""
    lines = [_HEADER.rstrip("\n")]
    for a in overlay.actors:
        lines.append("\n[[actor]]")
        lines.append(f"label = {_string(a.label)}")
        if a.kind:
            lines.append(f"kind = {_string(a.kind)}")
        if a.aliases:
            lines.append(f"aliases = [{', '.join(_string(x) for x in a.aliases)}]")
        if a.merged:
            lines.append(f"merged = [{', '.join(_string(x) for x in a.merged)}]")
    text = "\n".join(lines) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".actors-", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes (\\", \\\\, \\n, \\uXXXX) are TOML's too."""
    return json.dumps(text, ensure_ascii=False)
