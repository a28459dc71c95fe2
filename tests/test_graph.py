"""kg.graph.build: the networkx projection of event records and the Gephi exports."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.errors import InputError
from kg.graph.build import build_graph, to_digraph
from kg.graph.gephi import write_gexf, write_graphml

ID = "https://w3id.org/kg-cyber/id/"


def actor(label: str, kind: str, *aliases: str) -> dict[str, Any]:
    return {"id": ID + "actor/" + label.replace(" ", "_"), "label": label, "aliases": list(aliases), "kind": kind}


def policy(label: str, *aliases: str) -> dict[str, Any]:
    return {"id": ID + "policy/" + label.replace(" ", "_"), "label": label, "aliases": list(aliases), "kind": "Policy"}


CHINA = actor("China", "Country", "Chinese", "Beijing")
US = actor("United States", "Country", "US", "Washington")
OBAMA = actor("Barack Obama", "Person", "Obama")
APT28 = actor("APT28", "ThreatActor", "Fancy Bear")
SANCTIONS = policy("sanctions program", "executive order")


def event(
    n: int,
    type_: str,
    agent: dict[str, Any],
    target: dict[str, Any] | None = None,
    obj: dict[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """An event record as `kg events --format jsonl` prints it (docs/events.md)."""
    record: dict[str, Any] = {
        "id": f"{ID}event/{n}",
        "article": "seed:chinadaily-2015-04-02",
        "type": type_,
        "cameo": "112",
        "plover": "ACCUSE",
        "status": "asserted",
        "trigger": "blamed",
        "agent": agent,
        "target": target,
        "object": obj,
        "date": "2015-04-02",
        "speaker": None,
        "evidence": {"text": f"Sentence {n}.", "start": 10 * n, "end": 10 * n + 11},
        "sources": ["seed:chinadaily-2015-04-02"],
        "confidence": 0.9,
    }
    record.update(fields)
    return record


@pytest.fixture
def events() -> list[dict[str, Any]]:
    return [
        event(1, "ENACT", OBAMA, obj=SANCTIONS, trigger="ordered", date="2015-04-01", cameo=None),
        event(2, "ACCUSE", US, APT28, date="2015-04-03"),
        event(3, "ACCUSE", US, APT28, date="2015-04-02", trigger="attributed"),
        event(4, "SANCTION", US, APT28, obj=SANCTIONS, trigger="sanctioned", date=None, status="hypothetical"),
        event(5, "STATEMENT", CHINA, trigger="said"),
    ]


def test_one_node_per_actor_and_policy(events: list[dict[str, Any]]) -> None:
    G = build_graph(events)
    assert sorted(G.nodes) == sorted(x["id"] for x in (CHINA, US, OBAMA, APT28, SANCTIONS))
    assert G.nodes[CHINA["id"]] == {"label": "China", "kind": "Country", "aliases": ["Chinese", "Beijing"]}
    assert G.nodes[SANCTIONS["id"]]["kind"] == "Policy"


def test_one_edge_per_event_and_endpoint(events: list[dict[str, Any]]) -> None:
    G = build_graph(events)
    # 1 enact -> policy, 2 accuse, 1 sanction -> target and -> object; the statement has none
    assert G.number_of_edges() == 5
    assert G.out_degree(CHINA["id"]) == 0


def test_edge_attributes(events: list[dict[str, Any]]) -> None:
    G = build_graph(events)
    edge = G.edges[US["id"], APT28["id"], f"{ID}event/3"]
    assert edge["type"] == "ACCUSE"
    assert edge["label"] == "accuse"
    assert edge["role"] == "target"
    assert edge["date"] == "2015-04-02"
    assert edge["status"] == "asserted"
    assert edge["trigger"] == "attributed"
    assert edge["evidence"] == "Sentence 3."
    assert edge["sources"] == ["seed:chinadaily-2015-04-02"]
    assert edge["cameo"] == "112"


def test_event_with_target_and_object_gets_both_edges(events: list[dict[str, Any]]) -> None:
    G = build_graph(events)
    key = f"{ID}event/4"
    assert G.edges[US["id"], APT28["id"], key]["role"] == "target"
    assert G.edges[US["id"], SANCTIONS["id"], key]["role"] == "object"
    assert G.edges[US["id"], SANCTIONS["id"], key]["status"] == "hypothetical"


def test_same_actor_in_two_events_merges_aliases() -> None:
    other_us = dict(US, aliases=["U.S.", "US"])
    G = build_graph([event(1, "ACCUSE", US, APT28), event(2, "ACCUSE", other_us, APT28)])
    assert G.nodes[US["id"]]["aliases"] == ["US", "Washington", "U.S."]


def test_malformed_fields_are_dropped_not_fatal() -> None:
    odd = {"id": APT28["id"], "label": None, "aliases": ["Fancy Bear", 7, None], "kind": ["ThreatActor"]}
    G = build_graph([event(1, "ATTACK", odd, US, date=20150402, sources=[None, "seed:x"])])
    assert G.nodes[APT28["id"]] == {"label": APT28["id"], "kind": None, "aliases": ["Fancy Bear"]}
    edge = G.edges[APT28["id"], US["id"], f"{ID}event/1"]
    assert edge["sources"] == ["seed:x"] and edge["date"] is None


def test_sources_default_to_the_article() -> None:
    G = build_graph([event(1, "ACCUSE", US, APT28, sources=None)])
    assert G.edges[US["id"], APT28["id"], f"{ID}event/1"]["sources"] == ["seed:chinadaily-2015-04-02"]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"type": "ACCUSE", "agent": US}, "event record without an id"),
        ({**event(7, "ACCUSE", US, APT28), "agent": None}, f"event '{ID}event/7' has no agent"),
        (event(8, "ACCUSE", {"label": "US"}, APT28), f"event '{ID}event/8' has no agent"),
    ],
)
def test_event_without_id_or_agent_is_an_input_error(record: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        build_graph([record])


def test_parallel_events_collapse_into_a_weighted_edge(events: list[dict[str, Any]]) -> None:
    D = to_digraph(build_graph(events))
    assert isinstance(D, nx.DiGraph)
    assert D.number_of_edges() == 3
    edge = D.edges[US["id"], APT28["id"]]
    assert edge["weight"] == 3
    assert edge["types"] == ["ACCUSE", "SANCTION"]
    assert edge["events"] == [f"{ID}event/2", f"{ID}event/3", f"{ID}event/4"]
    assert edge["dates"] == ["2015-04-02", "2015-04-03"]
    assert D.nodes[US["id"]]["label"] == "United States"


def test_graphml_parses_back_with_string_and_int_attributes(events: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "graph.graphml"
    write_graphml(events, path)
    G = nx.read_graphml(path)
    assert G.is_directed()
    assert G.number_of_nodes() == 5
    assert G.nodes[US["id"]] == {
        "label": "United States",
        "kind": "Country",
        "aliases": "US; Washington",
        "start": "2015-04-02",
    }
    assert "start" not in G.nodes[CHINA["id"]]  # its one event has no edge
    edge = G.edges[US["id"], APT28["id"]]
    assert edge == {
        "label": "accuse; sanction",
        "weight": 3,
        "types": "ACCUSE; SANCTION",
        "events": f"{ID}event/2; {ID}event/3; {ID}event/4",
        "start": "2015-04-02",
    }
    assert "start" not in G.edges[US["id"], SANCTIONS["id"]]  # the sanction event has no date


def test_gexf_parses_back_with_start_dates(events: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    write_gexf(events, path)
    text = path.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    G = nx.read_gexf(path)
    assert G.nodes[OBAMA["id"]]["label"] == "Barack Obama"
    assert G.nodes[OBAMA["id"]]["kind"] == "Person"
    assert G.nodes[OBAMA["id"]]["start"] == "2015-04-01"
    assert G.nodes[SANCTIONS["id"]]["start"] == "2015-04-01"
    edge = G.edges[US["id"], APT28["id"]]
    assert edge["weight"] == 3
    assert edge["label"] == "accuse; sanction"
    assert edge["types"] == "ACCUSE; SANCTION"
    assert "start" not in edge  # one spell per event day instead, so the timeline slides per event
    assert edge["spells"] == [("2015-04-02", "2015-04-03"), ("2015-04-03", "2015-04-04")]


@pytest.mark.parametrize("write", [write_graphml, write_gexf])
def test_exports_write_to_an_open_file(write: Any, events: list[dict[str, Any]]) -> None:
    buffer = io.BytesIO()
    write(events, buffer)
    assert buffer.getvalue().startswith(b"<?xml")


@pytest.mark.parametrize(("write", "read"), [(write_graphml, nx.read_graphml), (write_gexf, nx.read_gexf)])
def test_exports_survive_control_characters_and_bad_dates(write: Any, read: Any, tmp_path: Path) -> None:
    nasty = dict(APT28, label="APT\x0028\x0b", aliases=["Fancy\x1bBear"])
    path = tmp_path / "graph.xml"
    write([event(1, "ATTACK", nasty, US, date="last week", trigger=None, cameo=None)], path)
    G = read(path)
    assert G.nodes[APT28["id"]]["label"] == "APT28"
    assert G.nodes[APT28["id"]]["aliases"] == "FancyBear"
    assert "start" not in G.edges[APT28["id"], US["id"]]
