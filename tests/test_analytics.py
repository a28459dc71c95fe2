"""kg.graph.analytics and its commands: stats, rank, path, communities."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from typing import Any

import click
import networkx as nx
import pytest
from click.testing import CliRunner
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from kg.cli import main as kg_main
from kg.errors import InputError
from kg.graph.analytics import communities, pagerank, path, rank, stats

# A copy of the `kg` group with the view commands: the real one is left as it is.
main = click.Group("kg", commands=dict(kg_main.commands))

ID = "https://w3id.org/kg-cyber/id/"


def actor(label: str, kind: str = "Country", *aliases: str) -> dict[str, Any]:
    return {"id": ID + "actor/" + label.replace(" ", "_"), "label": label, "aliases": list(aliases), "kind": kind}


US, UK, CHINA, RUSSIA = (
    actor("United States", "Country", "US"),
    actor("United Kingdom"),
    actor("China"),
    actor("Russia"),
)
APT28, APT41 = actor("APT28", "ThreatActor", "Fancy Bear"), actor("APT41", "ThreatActor")
TREASURY = actor("US Department of the Treasury", "GovernmentBody", "Treasury")
NK = actor("North Korea")
POLICY = {"id": ID + "policy/p", "label": "sanctions program", "aliases": [], "kind": "Policy"}


def event(
    n: int,
    type_: str,
    agent: dict[str, Any],
    target: dict[str, Any] | None = None,
    obj: dict[str, Any] | None = None,
    date: str | None = "2015-04-02",
) -> dict[str, Any]:
    return {
        "id": f"{ID}event/{n:02d}",
        "article": f"a{n}",
        "type": type_,
        "status": "asserted",
        "trigger": "t",
        "agent": agent,
        "target": target,
        "object": obj,
        "date": date,
        "speaker": None,
        "evidence": {"text": f"Sentence {n}.", "start": 0, "end": 10},
        "sources": [f"a{n}"],
        "confidence": 0.9,
    }


# Two groups: {US, UK, APT28, Russia} and {China, APT41, Treasury}, joined by US -> Treasury;
# North Korea only acts on a policy.
RECORDS = [
    event(1, "ACCUSE", US, APT28, date="2018-10-04"),
    event(2, "ACCUSE", UK, APT28, date="2018-10-04"),
    event(3, "SANCTION", US, RUSSIA, date="2018-12-19"),
    event(4, "ACCUSE", APT28, RUSSIA, date=None),
    event(5, "CHARGE", TREASURY, APT41, date="2020-09-16"),
    event(6, "ACCUSE", CHINA, APT41, date="2020-09-17"),
    event(7, "CONSULT", US, TREASURY, date="2020-09-18"),
    event(8, "ENACT", NK, obj=POLICY, date="2020-10-01"),
    event(9, "CONSULT", US, UK, date="2018-10-05"),
]


def test_stats_counts_types_kinds_months_and_top_actors() -> None:
    columns, rows = stats(RECORDS, top=3)
    assert columns == ["group", "name", "count"]
    assert rows == [
        ["type", "ACCUSE", 4],
        ["type", "CONSULT", 2],
        ["type", "CHARGE", 1],
        ["type", "ENACT", 1],
        ["type", "SANCTION", 1],
        ["actor kind", "Country", 5],
        ["actor kind", "ThreatActor", 2],
        ["actor kind", "GovernmentBody", 1],
        ["month", "2018-10", 3],
        ["month", "2018-12", 1],
        ["month", "2020-09", 3],
        ["month", "2020-10", 1],
        ["month", "undated", 1],
        ["top actor", "United States", 4],
        ["top actor", "APT28", 3],
        ["top actor", "APT41", 2],
    ]


def test_rank_by_degree_counts_distinct_partners() -> None:
    columns, rows = rank(RECORDS, "degree", limit=4)
    assert columns == ["rank", "actor", "kind", "degree", "events"]
    assert rows == [
        [1, "United States", "Country", 4, 4],
        [2, "APT28", "ThreatActor", 3, 3],
        [3, "APT41", "ThreatActor", 2, 2],
        [4, "Russia", "Country", 2, 2],
    ]


def test_rank_by_betweenness() -> None:
    _, rows = rank(RECORDS, "betweenness", limit=2)
    assert [row[1] for row in rows] == ["United States", "US Department of the Treasury"]
    assert rows[0][3] == round(nx.betweenness_centrality(_undirected())[US["id"]], 6)


def test_rank_by_pagerank_puts_the_most_targeted_first() -> None:
    _, rows = rank(RECORDS, "pagerank")
    assert [row[1] for row in rows[:2]] == ["Russia", "APT41"]
    assert len(rows) == 8


def _undirected() -> nx.Graph:
    G = nx.Graph()
    G.add_nodes_from([n["id"] for n in (US, UK, CHINA, RUSSIA, APT28, APT41, TREASURY, NK)])
    G.add_edges_from((r["agent"]["id"], r["target"]["id"]) for r in RECORDS if r["target"])
    return G


@pytest.mark.parametrize(
    "graph",
    [
        nx.DiGraph([(1, 2), (2, 3), (3, 1), (3, 4)]),  # 4 is dangling
        nx.gnp_random_graph(40, 0.08, seed=3, directed=True),
        nx.DiGraph([("a", "b", {"weight": 3}), ("a", "c", {"weight": 1}), ("c", "a", {"weight": 2})]),
    ],
)
def test_pagerank_matches_networkx(graph: nx.DiGraph) -> None:
    ours, theirs = pagerank(graph), _pagerank_python(graph, tol=1e-12)
    assert set(ours) == set(theirs)
    assert abs(sum(ours.values()) - 1.0) < 1e-9
    for node in graph:
        assert ours[node] == pytest.approx(theirs[node], abs=1e-8)


def test_pagerank_of_nothing_is_empty() -> None:
    assert pagerank(nx.DiGraph()) == {}


def test_unknown_ranking_lists_the_choices() -> None:
    with pytest.raises(InputError, match="cannot rank by 'fame'; choose from: degree, pagerank, betweenness"):
        rank(RECORDS, "fame")


def test_path_lists_the_events_of_each_hop() -> None:
    columns, rows = path(RECORDS, "fancy bear", "China")
    assert columns == ["hop", "from", "to", "type", "date", "agent", "target", "evidence", "article"]
    assert rows == [
        [1, "APT28", "United States", "ACCUSE", "2018-10-04", "United States", "APT28", "Sentence 1.", "a1"],
        [
            2,
            "United States",
            "US Department of the Treasury",
            "CONSULT",
            "2020-09-18",
            "United States",
            "US Department of the Treasury",
            "Sentence 7.",
            "a7",
        ],
        [
            3,
            "US Department of the Treasury",
            "APT41",
            "CHARGE",
            "2020-09-16",
            "US Department of the Treasury",
            "APT41",
            "Sentence 5.",
            "a5",
        ],
        [4, "APT41", "China", "ACCUSE", "2020-09-17", "China", "APT41", "Sentence 6.", "a6"],
    ]


def test_path_between_unconnected_actors_says_so() -> None:
    with pytest.raises(InputError) as info:
        path(RECORDS, "North Korea", "China")
    assert str(info.value) == (
        "no path between North Korea and China in the actor graph; "
        "they are in different components (see `kg communities`)"
    )


def test_path_to_an_unknown_actor_suggests_names() -> None:
    with pytest.raises(InputError, match="no actor 'Chnia'; did you mean: China?"):
        path(RECORDS, "US", "Chnia")


def test_communities_split_the_two_groups() -> None:
    columns, rows = communities(RECORDS)
    assert columns == ["community", "size", "events", "members"]
    assert rows == [
        [1, 4, 5, "APT28; Russia; United Kingdom; United States"],
        [2, 3, 2, "APT41; China; US Department of the Treasury"],
    ]


def test_communities_of_no_links_are_none() -> None:
    assert communities([event(1, "ENACT", NK, obj=POLICY)]) == (["community", "size", "events", "members"], [])


@pytest.fixture
def fake_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.cli.options.open_for", lambda path: contextlib.nullcontext(None))
    monkeypatch.setattr("kg.query.records.event_records", lambda store: [dict(r) for r in RECORDS])


def test_stats_command_as_csv(runner: CliRunner, fake_store: None) -> None:
    result = runner.invoke(main, ["stats", "--top", "1", "--format", "csv", "--type", "ACCUSE"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "group,name,count\ntype,ACCUSE,4\nactor kind,Country,4\nactor kind,ThreatActor,2\n"
        "month,2018-10,2\nmonth,2020-09,1\nmonth,undated,1\ntop actor,APT28,3\n"
    )
    assert result.stderr == "kept 4 of 9 events; dropped 5 (type)\n"


def test_rank_command_as_json(runner: CliRunner, fake_store: None) -> None:
    result = runner.invoke(main, ["rank", "--by", "degree", "--limit", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"rank": 1, "actor": "United States", "kind": "Country", "degree": 4, "events": 4}
    ]


def test_path_command_as_table(runner: CliRunner, fake_store: None) -> None:
    result = runner.invoke(main, ["path", "UK", "Russia"])
    assert result.exit_code == 1
    assert result.stderr == "Error: no actor 'UK'; `kg rank` lists the actors\n"
    result = runner.invoke(main, ["path", "United Kingdom", "Russia", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    # two paths are as short; the first found (breadth first, in event order) goes through the US
    assert [row[:4] for row in rows] == [
        ["hop", "from", "to", "type"],
        ["1", "United Kingdom", "United States", "CONSULT"],
        ["2", "United States", "Russia", "SANCTION"],
    ]


def test_communities_command(runner: CliRunner, fake_store: None) -> None:
    result = runner.invoke(main, ["communities", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [c["size"] for c in json.loads(result.stdout)] == [4, 3]


@pytest.mark.parametrize("command", ["view", "timeline", "stats", "rank", "path", "communities"])
def test_every_command_has_help_ending_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    description = result.output.split("Options:")[0].rstrip()
    assert description.splitlines()[-2].strip() in ("Example:", "Examples:")
    assert description.splitlines()[-1].strip().startswith("kg " + command)
