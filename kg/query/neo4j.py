"""A Neo4j import folder: node and relationship CSVs in neo4j-admin's header format, and a
`load.cypher` that loads the same files with LOAD CSV for users without neo4j-admin.

The model is the one a Cypher user queries naturally, and the RDF graph's own:

- nodes `(:Actor:<Kind>)` (Actor:Country, Actor:Person, ...), `(:Policy)`, `(:Article)` and
  `(:Event:<Type>)` (Event:Sanction, ...), each with an `id` property, the kg IRI;
- an event is a node, because it is n-ary: `(e)-[:AGENT]->(actor)`, `[:TARGET]`, `[:SPEAKER]`,
  `(e)-[:OBJECT]->(policy)`, and `(e)-[:REPORTED_IN]->(article)` once per source, carrying that
  article's `evidence` sentence, its `start`/`end` offsets, `trigger` and `speaker`;
- beside it, the direct relationship agent -> target/object named by the type's direct predicate
  (`(:Actor)-[:SANCTIONS {event, date, status, confidence}]->(:Actor)`), so "who sanctioned whom"
  is `MATCH (a)-[:SANCTIONS]->(b) RETURN a.name, b.name`, as the RDF's direct triples are;
- the actors graph's relations: `[:PART_OF]`, `[:MEMBER_OF]`, `[:SPONSORED_BY]`, ...

Events as relationships only would lose the events without a target, the speaker and each
source's sentence; as nodes only, the everyday question would take two hops. Node ids are kg's
IRIs (an article's is its kg IRI; `article_id` keeps its id), one ID space for all files.

One file per kind of node and per pair of endpoint labels, so each file has a fixed header and
load.cypher can match its endpoints by label (through the `id` uniqueness constraints).
Import with (array fields use neo4j-admin's default delimiter ";"):

    neo4j-admin database import full neo4j --multiline-fields=true \\
      --nodes=actors.csv --nodes=policies.csv --nodes=articles.csv --nodes=events.csv \\
      --relationships=event_actors.csv --relationships=event_policies.csv \\
      --relationships=event_articles.csv --relationships=acts_on_actors.csv \\
      --relationships=acts_on_policies.csv --relationships=actor_relations.csv

or copy the folder into Neo4j's import directory and run load.cypher (cypher-shell -f load.cypher).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from kg.query.flat import Flat, goldstein
from kg.query.records import Node
from kg.rdf.iris import article_iri
from kg.rdf.ontology import event_types

Cell = str | int | float | None


@dataclass(frozen=True)
class CsvFile:
    """One CSV of the folder: its header (neo4j-admin fields) and, for relationships, the labels
    of its start and end nodes (which load.cypher matches on)."""

    name: str
    header: tuple[str, ...]
    start: str | None = None  # relationship files: the label of the start nodes
    end: str | None = None

    @property
    def is_nodes(self) -> bool:
        return self.start is None


_REL = (":START_ID", ":END_ID", ":TYPE")
_ACT = (*_REL, "event", "date:date", "status", "confidence:float")
ACTORS = CsvFile("actors.csv", ("id:ID", ":LABEL", "name", "kind", "aliases:string[]", "wikidata", "country"))
POLICIES = CsvFile("policies.csv", ("id:ID", ":LABEL", "name", "aliases:string[]"))
ARTICLES = CsvFile("articles.csv", ("id:ID", ":LABEL", "article_id", "title", "url", "published:date"))
EVENTS = CsvFile(
    "events.csv",
    (
        "id:ID",
        ":LABEL",
        "type",
        "cameo",
        "plover",
        "goldstein:float",
        "date:date",
        "status",
        "confidence:float",
        "source_count:int",
        "trigger",
    ),
)
EVENT_ACTORS = CsvFile("event_actors.csv", _REL, "Event", "Actor")
EVENT_POLICIES = CsvFile("event_policies.csv", _REL, "Event", "Policy")
EVENT_ARTICLES = CsvFile(
    "event_articles.csv", (*_REL, "evidence", "start:int", "end:int", "trigger", "speaker"), "Event", "Article"
)
ACTS_ON_ACTORS = CsvFile("acts_on_actors.csv", _ACT, "Actor", "Actor")
ACTS_ON_POLICIES = CsvFile("acts_on_policies.csv", _ACT, "Actor", "Policy")
ACTOR_RELATIONS = CsvFile("actor_relations.csv", _REL, "Actor", "Actor")
FILES = (
    ACTORS,
    POLICIES,
    ARTICLES,
    EVENTS,
    EVENT_ACTORS,
    EVENT_POLICIES,
    EVENT_ARTICLES,
    ACTS_ON_ACTORS,
    ACTS_ON_POLICIES,
    ACTOR_RELATIONS,
)
LOAD_SCRIPT = "load.cypher"
NODE_FILES = frozenset(f.name for f in FILES if f.is_nodes)
FOLDER_FILES = frozenset({f.name for f in FILES} | {LOAD_SCRIPT})

Table = dict[str, list[list[Cell]]]  # file name -> rows, in the order of its header


def tables(data: Flat) -> Table:
    """The rows of every CSV of the folder."""
    out: Table = {f.name: [] for f in FILES}
    _actor_and_policy_rows(data, out)
    _event_rows(data, out)
    for name, rows in out.items():
        if name != EVENTS.name:  # events stay in the order of `kg events`
            rows.sort(key=lambda row: tuple("" if c is None else str(c) for c in row))
    return out


def _actor_and_policy_rows(data: Flat, out: Table) -> None:
    for node in data.actors.values():
        aliases = ";".join(a.replace(";", ",") for a in node.aliases) or None
        if node.kind == "Policy":
            out[POLICIES.name].append([node.id, "Policy", node.label, aliases])
            continue
        country = data.actors.get(node.country) if node.country else None
        labels = "Actor" if node.kind == "Actor" else f"Actor;{node.kind}"
        out[ACTORS.name].append(
            [node.id, labels, node.label, node.kind, aliases, node.wikidata, country.label if country else None]
        )
        for relation, other in node.relations:
            if other in data.actors and data.actors[other].kind != "Policy":
                out[ACTOR_RELATIONS.name].append([node.id, other, _upper_snake(relation)])


def _event_rows(data: Flat, out: Table) -> None:
    types = event_types()
    articles: dict[str, list[Cell]] = {}
    missing: dict[str, list[Cell]] = {}  # actors and policies events name but the actors graph lacks
    for r in data.events:
        etype = types[r["type"]]
        out[EVENTS.name].append(
            [
                r["id"],
                f"Event;{etype.cls.rsplit('#', 1)[-1]}",
                r["type"],
                r["cameo"],
                r["plover"],
                goldstein(r["cameo"]),
                r["date"],
                r["status"],
                r["confidence"],
                len(r["sources"]),
                r["trigger"],
            ]
        )
        for role, node in (("AGENT", r["agent"]), ("TARGET", r["target"]), ("SPEAKER", r["speaker"])):
            if node is not None:
                _note_missing(data, missing, node)
                out[EVENT_ACTORS.name].append([r["id"], node["id"], role])
        direct = _upper_snake(etype.predicate.rsplit("#", 1)[-1])
        act: list[Cell] = [r["id"], r["date"], r["status"], r["confidence"]]
        if r["target"] is not None:
            out[ACTS_ON_ACTORS.name].append([r["agent"]["id"], r["target"]["id"], direct, *act])
        if r["object"] is not None:
            _note_missing(data, missing, r["object"])
            out[EVENT_POLICIES.name].append([r["id"], r["object"]["id"], "OBJECT"])
            out[ACTS_ON_POLICIES.name].append([r["agent"]["id"], r["object"]["id"], direct, *act])
        for source in data.sources[r["id"]]:
            article = str(article_iri(source.article))
            articles.setdefault(
                article, [article, "Article", source.article, source.title, source.url, source.published]
            )
            speaker = data.actors.get(source.speaker) if source.speaker else None
            out[EVENT_ARTICLES.name].append(
                [
                    r["id"],
                    article,
                    "REPORTED_IN",
                    source.evidence,
                    source.start,
                    source.end,
                    source.trigger,
                    speaker.label if speaker else None,
                ]
            )
    out[ARTICLES.name].extend(articles.values())
    for row in missing.values():
        out[POLICIES.name if row[1] == "Policy" else ACTORS.name].append(row)


def _note_missing(data: Flat, missing: dict[str, list[Cell]], node: Node) -> None:
    """An actor or policy an event names but the actors graph does not describe still gets its
    node, so every relationship ends on one (never needed for a store kg wrote)."""
    if node["id"] in data.actors or node["id"] in missing:
        return
    if node["kind"] == "Policy":
        missing[node["id"]] = [node["id"], "Policy", node["label"], None]
    else:
        missing[node["id"]] = [node["id"], "Actor", node["label"], node["kind"], None, None, None]


def _upper_snake(name: str) -> str:
    """kg:cooperatesWith -> COOPERATES_WITH: Neo4j's convention for relationship types."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


def write_folder(data: Flat, folder: Path) -> dict[str, int]:
    """Write every CSV and load.cypher into `folder` (which exists); the row count per file."""
    rows = tables(data)
    for spec in FILES:
        with (folder / spec.name).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(spec.header)
            writer.writerows([["" if c is None else c for c in row] for row in rows[spec.name]])
    (folder / LOAD_SCRIPT).write_text(load_cypher(rows), encoding="utf-8")
    return {name: len(r) for name, r in rows.items()}


def load_cypher(rows: Table) -> str:
    """A Cypher script that loads the CSVs with LOAD CSV WITH HEADERS: one statement per label
    set and per relationship type present (Cypher cannot take either from a column)."""
    parts = [
        "// kg's Neo4j export (`kg export --format neo4j`), loaded without neo4j-admin: copy this folder's",
        "// CSV files into Neo4j's import directory, then run `cypher-shell -f load.cypher`. Every statement",
        "// MERGEs, so a second run adds nothing. With neo4j-admin, into an empty database instead:",
        "//   neo4j-admin database import full neo4j --multiline-fields=true \\",
        "//     " + " ".join(f"--{'nodes' if f.is_nodes else 'relationships'}={f.name}" for f in FILES),
        "",
    ]
    for label in ("Actor", "Policy", "Article", "Event"):
        parts.append(f"CREATE CONSTRAINT kg_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE;")
    parts.append("")
    for spec in FILES:
        column = 1 if spec.is_nodes else 2  # :LABEL or :TYPE
        for value in sorted({str(row[column]) for row in rows[spec.name]}):
            parts.append(_node_statement(spec, value) if spec.is_nodes else _relationship_statement(spec, value))
    return "\n".join(parts) + "\n"


def _node_statement(spec: CsvFile, labels: str) -> str:
    label = ":".join(_ident(x) for x in labels.split(";"))
    props = ", ".join(f"n.{_prop(h)} = {_convert(h)}" for h in spec.header[2:])
    return (
        f"LOAD CSV WITH HEADERS FROM 'file:///{spec.name}' AS row\n"
        f"WITH row WHERE row.`:LABEL` = {_quote(labels)}\n"
        f"MERGE (n:{label} {{id: row.`id:ID`}})\nSET {props};\n"
    )


def _relationship_statement(spec: CsvFile, rel_type: str) -> str:
    props = ", ".join(f"r.{_prop(h)} = {_convert(h)}" for h in spec.header[3:])
    # MERGE keeps a second run from doubling relationships; an act is keyed by its event, as two
    # events of one type may join the same pair of actors
    key = " {event: row.event}" if "event" in spec.header else ""
    return (
        f"LOAD CSV WITH HEADERS FROM 'file:///{spec.name}' AS row\n"
        f"WITH row WHERE row.`:TYPE` = {_quote(rel_type)}\n"
        f"MATCH (a:{spec.start} {{id: row.`:START_ID`}}), (b:{spec.end} {{id: row.`:END_ID`}})\n"
        f"MERGE (a)-[r:{_ident(rel_type)}{key}]->(b)" + (f"\nSET {props};\n" if props else ";\n")
    )


def _prop(header: str) -> str:
    return _ident(header.split(":", 1)[0])


def _convert(header: str) -> str:
    """The Cypher expression that reads a column as its neo4j-admin type (empty -> null)."""
    name, _, kind = header.partition(":")
    cell = f"row.`{header}`"
    return {
        "int": f"toInteger({cell})",
        "float": f"toFloat({cell})",
        "date": f"date({cell})",
        "string[]": f"split({cell}, ';')",
    }.get(kind, cell)


def _ident(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else "`" + name.replace("`", "``") + "`"


def _quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
