"""FollowTheMoney entities: the store's actors and sanctions as JSON lines for Aleph, yente,
OpenSanctions tooling and anything else that reads FtM (followthemoney.tech).

Every property goes through `followthemoney.model`, which validates and normalises it (a
country name becomes its ISO code, a date is checked), and each line is written by the
library's own writer, so the file is what `ftm` itself writes.

How kg's kinds map, FtM having no schema for some of them:

- Person -> Person; Organization -> Organization; GovernmentBody -> PublicBody;
- Country -> PublicBody with topic `gov.national`: FtM has no Country schema, and a state that
  sanctions or is sanctioned acts through its government; its `country` is its ISO code;
- InternationalOrganization -> Organization with topic `gov.igo`;
- ThreatActor -> Organization with topic `crime.cyber` (FtM has no threat-actor schema; the
  kind is kept in `description`); an actor of unknown kind -> LegalEntity.

An actor's `country` is the ISO code of the country the store links it to (kg.query.actors),
where FtM knows the country's name; `wikidataId` where the store links one; `parent` for
kg:partOf. A `Sanction` is written for each asserted SANCTION event with a target: `entity` the
sanctioned (who also gets topic `sanction`), `authority` the agent's name, `country` the
authority's country, `startDate` the event's day, `sourceUrl` every source article's URL,
`description` each source's evidence sentence, `summary` one line, `recordId` the event's IRI.
Negated and hypothetical sanctions are left out: an FtM Sanction states that one was imposed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, BinaryIO, cast

from followthemoney import model
from followthemoney.cli.util import write_entity
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry
from followthemoney.util import make_entity_id

from kg.query.actors import Described
from kg.query.flat import Flat
from kg.query.records import EventRecord, Node

_SCHEMA = {
    "Person": "Person",
    "Organization": "Organization",
    "GovernmentBody": "PublicBody",
    "Country": "PublicBody",
    "InternationalOrganization": "Organization",
    "ThreatActor": "Organization",
}
_TOPICS = {"Country": "gov.national", "InternationalOrganization": "gov.igo", "ThreatActor": "crime.cyber"}
_ID_PREFIX = "kg"


def entity_id(iri: str) -> str:
    """The FtM id of a kg node or event: a hash of its IRI, the same in every export."""
    made = make_entity_id(_ID_PREFIX, iri)
    assert made is not None  # never None for a non-empty IRI
    return made


def entities(data: Flat) -> list[EntityProxy]:
    """The FtM entity proxies of the store: one per actor, one Sanction per asserted sanction."""
    nodes = dict(data.actors)
    for r in data.events:  # an actor the actors graph lacks (never so in a store kg wrote) still gets its entity
        for node in (r["agent"], r["target"], r["speaker"]):
            if node is not None and node["id"] not in nodes:
                nodes[node["id"]] = Described(node["id"], node["label"], node["kind"])
    sanctions = [(r, r["target"]) for r in data.events if r["type"] == "SANCTION" and r["status"] == "asserted"]
    imposed = [(r, target) for r, target in sanctions if target is not None]  # an FtM Sanction needs its entity
    sanctioned = {target["id"] for _, target in imposed}
    actors = [_actor(node, data, node.id in sanctioned) for node in nodes.values() if node.kind != "Policy"]
    return sorted(actors, key=lambda e: e.id or "") + [_sanction(r, target, data) for r, target in imposed]


def _actor(node: Described, data: Flat, sanctioned: bool) -> EntityProxy:
    proxy = model.make_entity(_SCHEMA.get(node.kind, "LegalEntity"))
    proxy.id = entity_id(node.id)
    proxy.add("name", node.label)
    proxy.add("alias", [a for a in node.aliases if a != node.label])
    proxy.add("country", _country_code(node, data))
    if node.wikidata:
        proxy.add("wikidataId", node.wikidata)
    topics = [_TOPICS[node.kind]] if node.kind in _TOPICS else []
    proxy.add("topics", topics + (["sanction"] if sanctioned else []))
    if node.kind not in _SCHEMA or node.kind in _TOPICS:
        proxy.add("description", f"kg actor of kind {node.kind}")
    if proxy.schema.get("parent") is not None:
        proxy.add("parent", [entity_id(o) for r, o in node.relations if r == "partOf" and o in data.actors])
    return proxy


def _country_code(node: Described | None, data: Flat) -> str | None:
    """The ISO code (lower case, as FtM writes it) of a node's country, if FtM knows its name."""
    country = data.actors.get(node.country) if node is not None and node.country else None
    if country is None:
        return None
    for name in (country.label, *country.aliases):
        code = registry.country.clean(name)
        if code:
            return str(code)
    return None


def _sanction(r: EventRecord, target: Node, data: Flat) -> EntityProxy:
    proxy = model.make_entity("Sanction")
    proxy.id = entity_id(r["id"])
    proxy.add("entity", entity_id(target["id"]))
    proxy.add("authority", r["agent"]["label"])
    proxy.add("country", _country_code(data.actors.get(r["agent"]["id"]), data))
    if r["date"]:
        proxy.add("startDate", r["date"])
    sources = data.sources.get(r["id"], [])
    proxy.add("sourceUrl", [s.url for s in sources if s.url])
    proxy.add("description", [s.evidence for s in sources])
    proxy.add("summary", f"{r['agent']['label']} {r['trigger']} {target['label']} (kg SANCTION event)")
    proxy.add("recordId", r["id"])
    return proxy


def write(proxies: Iterable[EntityProxy], out: IO[bytes]) -> int:
    """Write entity proxies as FtM JSON lines with followthemoney's writer; the number written."""
    count = 0
    for proxy in proxies:
        write_entity(cast(BinaryIO, out), proxy)
        count += 1
    return count
