"""kg.graph.select: the selection every view command shares, and `kg view`'s options."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from kg.cli import main as kg_main
from kg.errors import InputError
from kg.graph.build import actor_graph

# A copy of the `kg` group with the view commands: the real one is left as it is.
from kg.graph.select import Selection, ego_actors, find_actors, select

# A copy of the `kg` group with the view commands: the real one is left as it is.
main = click.Group("kg", commands=dict(kg_main.commands))

ID = "https://w3id.org/kg-cyber/id/"
TYPES = ("ACCUSE", "SANCTION", "STATEMENT", "CONSULT", "ATTACK")


def actor(label: str, kind: str = "Country", *aliases: str) -> dict[str, Any]:
    return {"id": ID + "actor/" + label.replace(" ", "_"), "label": label, "aliases": list(aliases), "kind": kind}


CHINA = actor("China", "Country", "Chinese", "Beijing")
CHILE = actor("Chile")
US = actor("United States", "Country", "US")
UK = actor("United Kingdom", "Country", "UK")
APT28 = actor("APT28", "ThreatActor", "Fancy Bear")
RUSSIA = actor("Russia")
POLICY = {"id": ID + "policy/p", "label": "sanctions program", "aliases": [], "kind": "Policy"}


def event(
    n: int,
    type_: str,
    agent: dict[str, Any],
    target: dict[str, Any] | None = None,
    obj: dict[str, Any] | None = None,
    date: str | None = "2015-04-02",
    sources: int = 1,
) -> dict[str, Any]:
    return {
        "id": f"{ID}event/{n}",
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
        "sources": [f"a{n}"] + [f"b{n}-{i}" for i in range(sources - 1)],
        "confidence": 0.9,
    }


# China -- US -- UK -- APT28 -- Russia, Chile alone; one policy event; one undated event.
RECORDS = [
    event(1, "ACCUSE", US, CHINA, date="2015-01-10"),
    event(2, "SANCTION", US, UK, date="2016-02-01", sources=3),
    event(3, "ACCUSE", UK, APT28, date="2017-03-01"),
    event(4, "ATTACK", APT28, RUSSIA, date="2018-04-01", sources=2),
    event(5, "STATEMENT", CHILE, date=None),
    event(6, "SANCTION", CHINA, obj=POLICY, date="2019-05-01"),
]


def ids(selection: Selection) -> list[int]:
    return [int(r["id"].rsplit("/", 1)[1]) for r in selection.records]


def test_no_filter_keeps_everything_in_order() -> None:
    selection = select(RECORDS, known_types=TYPES)
    assert ids(selection) == [1, 2, 3, 4, 5, 6]
    assert selection.dropped == {} and selection.summary() == "kept 6 of 6 events"


@pytest.mark.parametrize(("types", "kept"), [(["ACCUSE"], [1, 3]), (["sanction", "attack"], [2, 4, 6])])
def test_types_are_case_insensitive(types: list[str], kept: list[int]) -> None:
    selection = select(RECORDS, types=types, known_types=TYPES)
    assert ids(selection) == kept
    assert selection.dropped == {"type": 6 - len(kept)}


def test_unknown_type_lists_close_matches() -> None:
    with pytest.raises(InputError, match=re.escape("no event type 'SANCTOIN'; did you mean: SANCTION?")):
        select(RECORDS, types=["SANCTOIN"], known_types=TYPES)


def test_unknown_type_without_close_match_lists_the_choices() -> None:
    with pytest.raises(InputError) as info:
        select(RECORDS, types=["xyz"], known_types=TYPES)
    assert str(info.value) == "no event type 'xyz'; choose from: ACCUSE, ATTACK, CONSULT, SANCTION, STATEMENT"


def test_the_ontology_types_are_the_default() -> None:
    assert ids(select(RECORDS, types=["charge"])) == []


@pytest.mark.parametrize(
    ("since", "until", "kept"),
    [
        ("2016-02-01", None, [2, 3, 4, 6]),
        (None, "2016-02-01", [1, 2]),
        ("2016-01-01", "2017-12-31", [2, 3]),
    ],
)
def test_date_range_is_inclusive_and_drops_undated(since: str | None, until: str | None, kept: list[int]) -> None:
    selection = select(RECORDS, since=since, until=until)
    assert ids(selection) == kept
    assert selection.dropped == {"date": 6 - len(kept)}


@pytest.mark.parametrize("bad", ["2015-13-01", "April 2015", "2015-4-2"])
def test_bad_dates_say_how_to_write_them(bad: str) -> None:
    with pytest.raises(InputError) as info:
        select(RECORDS, since=bad)
    assert str(info.value) == f"since {bad!r} is not a date; write it as YYYY-MM-DD, for example 2015-04-02"
    assert info.value.param == "since"


def test_min_sources() -> None:
    assert ids(select(RECORDS, min_sources=2)) == [2, 4]
    assert ids(select(RECORDS, min_sources=3)) == [2]


@pytest.mark.parametrize(
    ("name", "hops", "kept"),
    [
        ("China", 0, [6]),
        ("china", 1, [1, 6]),
        ("Beijing", 2, [1, 2, 6]),
        ("CHINESE", 3, [1, 2, 3, 6]),
        ("fancy bear", 1, [3, 4]),
        ("Chile", 5, [5]),
    ],
)
def test_actor_ego_network_by_label_or_alias(name: str, hops: int, kept: list[int]) -> None:
    selection = select(RECORDS, actor=name, hops=hops)
    assert ids(selection) == kept
    assert selection.dropped == {"actor": 6 - len(kept)}


def test_unknown_actor_lists_close_matches() -> None:
    with pytest.raises(InputError) as info:
        select(RECORDS, actor="Chna")
    assert str(info.value) == "no actor 'Chna'; did you mean: China?"


def test_close_matches_come_from_aliases_too() -> None:
    with pytest.raises(InputError) as info:
        select(RECORDS, actor="Fancy Beer")
    assert str(info.value) == "no actor 'Fancy Beer'; did you mean: APT28?"


def test_unknown_actor_without_close_match() -> None:
    with pytest.raises(InputError) as info:
        find_actors(RECORDS, "Atlantis")
    assert str(info.value) == "no actor 'Atlantis'"
    assert info.value.hint == "`kg rank` lists the actors"


def test_actor_graph_links_agents_and_targets_only() -> None:
    G = actor_graph(RECORDS)
    assert sorted(G.nodes[n]["label"] for n in G) == [
        "APT28",
        "Chile",
        "China",
        "Russia",
        "United Kingdom",
        "United States",
    ]
    assert G.number_of_edges() == 4
    assert ego_actors(RECORDS, [CHINA["id"]], 2) == {CHINA["id"], US["id"], UK["id"]}


def test_max_nodes_keeps_the_most_connected_and_reports_the_rest() -> None:
    selection = select(RECORDS, max_nodes=3)
    # 2 events each for US, UK, APT28 and China (ties to the smaller id: APT28, China, UK, US):
    # UK completes UK -> APT28; US would bring in US and China, one too many, so it is passed
    # over; Chile's own statement fills the third place.
    assert ids(selection) == [3, 5]
    assert selection.dropped == {"max-nodes": 4}
    assert selection.nodes_dropped == 4
    assert selection.summary() == "kept 2 of 6 events; dropped 4 (max-nodes: 4 nodes)"


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, 7, 8])
def test_max_nodes_never_shows_more_nodes_than_asked(n: int) -> None:
    from kg.graph.build import build_graph

    selection = select(RECORDS, max_nodes=n)
    assert build_graph(selection.records).number_of_nodes() == min(n, 7)


def test_max_nodes_keeps_the_focus_actor() -> None:
    selection = select(RECORDS, actor="Russia", hops=4, max_nodes=2)
    assert ids(selection) == [4]
    assert selection.summary() == "kept 1 of 6 events; dropped 1 (actor), 4 (max-nodes: 4 nodes)"


def test_filters_combine_in_order() -> None:
    selection = select(RECORDS, actor="US", hops=1, types=["ACCUSE", "SANCTION"], since="2015-01-01", min_sources=1)
    assert ids(selection) == [1, 2, 6]
    assert selection.dropped == {"type": 2, "date": 0, "actor": 1}
    assert selection.summary() == "kept 3 of 6 events; dropped 2 (type), 1 (actor)"


@pytest.fixture
def fake_store(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The CLI reads RECORDS instead of a store: exact counts, no spaCy."""
    monkeypatch.setattr("kg.cli.options.open_for", lambda path: contextlib.nullcontext(None))
    monkeypatch.setattr("kg.query.records.event_records", lambda store: [dict(r) for r in RECORDS])
    return RECORDS


def test_view_command_filters_and_reports(runner: CliRunner, fake_store: Any, tmp_path: Path) -> None:
    out = tmp_path / "china.html"
    result = runner.invoke(main, ["view", "--actor", "china", "--hops", "2", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert (
        result.stderr
        == f"kept 3 of 6 events; dropped 3 (actor)\nwrote {out} (3 nodes, 2 edges; not drawn: 1 policy (--policies draws them))\n"
    )
    assert re.findall(r'class="kg-type" value="\d+" data-name="(\w+)"', out.read_text()) == ["ACCUSE", "SANCTION"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--type", "sanction", "--type", "ACCUSE"], "kept 4 of 6 events; dropped 2 (type)\n"),
        (["--since", "2016-01-01", "--until", "2018-12-31"], "kept 3 of 6 events; dropped 3 (date)\n"),
        (["--min-sources", "2"], "kept 2 of 6 events; dropped 4 (sources)\n"),
        (["--max-nodes", "3"], "kept 2 of 6 events; dropped 4 (max-nodes: 4 nodes)\n"),
    ],
)
def test_view_command_options(
    runner: CliRunner, fake_store: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(main, ["view", "--output", str(tmp_path / "g.html"), *args])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(message)


def test_view_command_defaults_to_exports_graph_html(
    runner: CliRunner, fake_store: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["view"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "wrote exports/graph.html (5 nodes, 4 edges; not drawn: 1 policy (--policies draws them),"
        " 1 actor without an edge)\n"
    )
    assert (tmp_path / "exports" / "graph.html").is_file()


def test_view_command_policies_brings_policies_back(runner: CliRunner, fake_store: Any, tmp_path: Path) -> None:
    result = runner.invoke(main, ["view", "--policies", "--output", str(tmp_path / "g.html")])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {tmp_path / 'g.html'} (6 nodes, 5 edges; not drawn: 1 actor without an edge)\n"
    assert '"shape":"box"' in (tmp_path / "g.html").read_text()


def test_view_command_on_the_sample_store(runner: CliRunner, sample_store: Path, tmp_path: Path) -> None:
    from kg.query.records import event_records
    from kg.store.embedded import Store

    with Store(str(sample_store), read_only=True) as store:
        records = event_records(store)
    out = tmp_path / "g.html"
    result = runner.invoke(main, ["view", "--store", str(sample_store), "--actor", "China", "--output", str(out)])
    assert result.exit_code == 0, result.output
    kept = select(records, actor="China").records
    assert result.stderr.startswith(
        f"kept {len(kept)} of {len(records)} events; dropped {len(records) - len(kept)} (actor)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--actor", "Chna"], "Error: no actor 'Chna'; did you mean: China?\n"),
        (["--type", "SANCTOIN"], "Error: no event type 'SANCTOIN'; did you mean: SANCTION?\n"),
        (
            ["--until", "yesterday"],
            "Error: --until 'yesterday' is not a date; write it as YYYY-MM-DD, for example 2015-04-02\n",
        ),
    ],
)
def test_view_command_errors_are_one_line(
    runner: CliRunner, fake_store: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(main, ["view", "--output", str(tmp_path / "x.html"), *args])
    assert result.exit_code == 1
    assert result.stderr == message


def test_view_help_ends_with_an_example(runner: CliRunner) -> None:
    result = runner.invoke(main, ["view", "--help"])
    assert result.exit_code == 0
    for option in (
        "--actor",
        "--hops",
        "--type",
        "--since",
        "--until",
        "--min-sources",
        "--max-nodes",
        "--output",
        "--store",
    ):
        assert option in result.output
    description = result.output.split("Options:")[0].rstrip()
    assert description.endswith(
        "Example:\n      kg view --actor China --hops 2 --since 2015-01-01 --output exports/china.html"
    )
