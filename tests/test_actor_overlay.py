"""`kg actors`: the analyst's aliases and merges in actors.toml, applied to the store and on ingest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.extraction.gazetteer import gazetteer
from kg.extraction.overlay import Overlay, read_overlay, write_overlay
from tests.conftest import SAMPLE


@pytest.fixture()
def store(sample_store: Path, tmp_path: Path) -> Path:
    """A private copy of the session's sample store: these tests write to it."""
    path = tmp_path / "store"
    shutil.copytree(sample_store, path)
    return path


def _events(runner: CliRunner, store: Path) -> list[dict]:
    result = runner.invoke(main, ["events", "--store", str(store), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def _agents(events: list[dict]) -> set[str]:
    return {e["agent"]["label"] for e in events}


def test_list_kinds_links_and_unlinked(runner: CliRunner, store: Path) -> None:
    every = runner.invoke(main, ["actors", "list", "--store", str(store), "--format", "json"])
    assert every.exit_code == 0, every.output
    rows = {r["actor"]: r for r in json.loads(every.output)}
    assert rows["European Union"]["wikidata"] == "Q458"
    assert rows["Lazarus Group"]["attack"] == "G0032"
    assert rows["US Department of the Treasury"]["events"] > 0
    unlinked = runner.invoke(main, ["actors", "list", "--store", str(store), "--unlinked", "--format", "json"])
    names = {r["actor"] for r in json.loads(unlinked.output)}
    assert "European Union" not in names and "Lazarus Group" not in names and "Council" in names
    countries = runner.invoke(main, ["actors", "list", "--store", str(store), "--kind", "country", "--format", "json"])
    assert {r["kind"] for r in json.loads(countries.output)} == {"Country"}


def test_suggest_gives_the_council_pair_and_its_command(runner: CliRunner, store: Path) -> None:
    result = runner.invoke(main, ["actors", "suggest", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "'Council' (2 events) -> 'Council of the European Union'" in result.output
    assert f"kg actors merge Council 'Council of the European Union' --store {store}" in result.output
    assert "APT28" not in result.output  # the gazetteer keeps its own actors apart


def test_merge_rewrites_the_store_and_applies_on_reingest(runner: CliRunner, store: Path, tmp_path: Path) -> None:
    before = _events(runner, store)
    council = [e for e in before if "Council" in (e["agent"]["label"], e["agent"]["label"][:7])]
    result = runner.invoke(main, ["actors", "merge", "Council", "Council of the European Union", "--store", str(store)])
    assert result.exit_code == 0, result.output
    after = _events(runner, store)
    assert len(after) == len(before)
    assert "Council" not in _agents(after)
    merged = [e for e in after if e["agent"]["label"] == "Council of the European Union"]
    assert len(merged) == len(council) == 4
    assert "Council" in merged[0]["agent"]["aliases"]
    overlay = read_overlay(store / "actors.toml")
    assert overlay.winner("Council") == "Council of the European Union"
    listed = runner.invoke(main, ["actors", "list", "--store", str(store), "--format", "json"])
    assert "Council" not in {r["actor"] for r in json.loads(listed.output)}
    valid = runner.invoke(main, ["validate", "--store", str(store)])
    assert valid.exit_code == 0, valid.output
    view = runner.invoke(main, ["view", "--store", str(store), "--output", str(tmp_path / "g.html")])
    assert view.exit_code == 0, view.output
    # the same article again, changed: extracted afresh, with the merged actor
    articles = tmp_path / "articles"
    shutil.copytree(SAMPLE, articles)
    changed = articles / "2019-05-17-eu-adopts-cyber-sanctions-framework.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe Council said it would review the framework.\n")
    ingest = runner.invoke(main, ["ingest", str(articles), "--store", str(store)])
    assert ingest.exit_code == 0, ingest.output
    assert "1 articles ingested" in ingest.output
    again = _events(runner, store)
    assert "Council" not in _agents(again)
    assert len([e for e in again if e["agent"]["label"] == "Council of the European Union"]) >= 4
    assert runner.invoke(main, ["validate", "--store", str(store)]).exit_code == 0


def test_merge_twice_finishes_or_refuses(runner: CliRunner, store: Path) -> None:
    args = ["actors", "merge", "Council", "Council of the European Union", "--store", str(store)]
    assert runner.invoke(main, args).exit_code == 0
    again = runner.invoke(main, args)
    assert again.exit_code == 1
    assert "already one actor" in again.output and "Traceback" not in again.output


def test_alias_applies_on_ingest_in_worker_processes(runner: CliRunner, store: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["actors", "alias", "US Department of the Treasury", "Greenback Office", "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    assert "Greenback Office" in read_overlay(store / "actors.toml").block("US Department of the Treasury").aliases  # type: ignore[union-attr]
    folder = tmp_path / "new"
    folder.mkdir()
    for n in range(34):  # more than one batch: --jobs 2 starts worker processes (kg.pipeline.workers.BATCH)
        (folder / f"a{n:02}.txt").write_text(
            f"Greenback Office acts again\nUpdated: 2021-03-{n % 28 + 1:02} 10:00\n\n"
            f"The Greenback Office sanctioned Evil Corp on Monday, in action number {n}.\n",
            encoding="utf-8",
        )
    ingest = runner.invoke(main, ["ingest", str(folder), "--store", str(store), "--jobs", "2"])
    assert ingest.exit_code == 0, ingest.output
    new = [e for e in _events(runner, store) if e["article"].startswith("a") and e["type"] == "SANCTION"]
    assert len({source for e in new for source in e["sources"]}) == 34  # one event a week, its sources
    assert _agents(new) == {"US Department of the Treasury"}
    listed = runner.invoke(main, ["actors", "list", "--store", str(store), "--format", "json"])
    assert "Greenback Office" not in {r["actor"] for r in json.loads(listed.output)}


def test_corrupt_overlay_is_one_line_naming_the_file(runner: CliRunner, store: Path, tmp_path: Path) -> None:
    path = store / "actors.toml"
    path.write_text('[[actor]]\nlabel = "Council\n', encoding="utf-8")
    before = _events(runner, store)
    articles = tmp_path / "articles"
    shutil.copytree(SAMPLE, articles)
    (articles / "extra.txt").write_text("Extra\n\nThe Treasury sanctioned Evil Corp on Monday.\n", encoding="utf-8")
    for args in (
        ["ingest", str(articles), "--store", str(store)],
        ["actors", "merge", "Council", "Council of the European Union", "--store", str(store)],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 1
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith(f"Error: {path}: not valid TOML"), result.output
    assert _events(runner, store) == before  # nothing written
    path.write_text('[[actor]]\nlabel = "X"\nkind = "Planet"\n', encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(articles), "--store", str(store)])
    assert result.exit_code == 1 and "kind 'Planet' is not one of" in result.output


def test_unknown_actor_gives_close_matches(runner: CliRunner, store: Path) -> None:
    result = runner.invoke(main, ["actors", "merge", "Councel", "Council of the European Union", "--store", str(store)])
    assert result.exit_code == 1
    assert "no actor named 'Councel'" in result.output
    assert "close matches: 'Council'" in result.output
    assert not (store / "actors.toml").exists()


def test_overlay_round_trip_and_merge_chains(tmp_path: Path) -> None:
    overlay = Overlay().with_alias("APT28", "ThreatActor", 'The "Bear" Crew')
    overlay = overlay.with_merge("APT28", "ThreatActor", "GRU", "GovernmentBody")
    overlay = overlay.with_merge("GRU", "GovernmentBody", "Russia", "Country")
    path = tmp_path / "actors.toml"
    write_overlay(path, overlay)
    assert read_overlay(path) == overlay
    block = overlay.block("Russia")
    assert block is not None and set(block.merged) == {"APT28", "GRU"}
    assert block.aliases == ('The "Bear" Crew',)
    gaz = overlay.apply(gazetteer())
    assert gaz.lookup("Fancy Bear") is gaz.get("Russia")  # a merged actor's own aliases follow it
    assert gaz.lookup('The "Bear" Crew') is gaz.get("Russia")
    assert gazetteer().lookup("Fancy Bear").label == "APT28"  # type: ignore[union-attr]  # the shared one is untouched
