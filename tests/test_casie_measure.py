"""CASIE's lenient attacker/victim measure (kg.evaluate.casie) and `kg eval --casie`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.evaluate.casie import content_words, lenient

TEXT = (
    "Unknown hackers breached the Springfield Water Authority last week. "
    "The intruders also hit Shelbyville Hospital, the authority said."
)


def record(*attacks: tuple[str, str]) -> dict:
    events = []
    for attacker, victim in attacks:
        events.append(
            {
                "subtype": "Databreach",
                "arguments": [
                    {
                        "role": "Attacker",
                        "text": attacker,
                        "start": TEXT.find(attacker),
                        "end": TEXT.find(attacker) + len(attacker),
                    },
                    {
                        "role": "Victim",
                        "text": victim,
                        "start": TEXT.find(victim),
                        "end": TEXT.find(victim) + len(victim),
                    },
                ],
            }
        )
    events.append({"subtype": "Vulnerability-related", "arguments": []})  # not an attack: ignored
    return {"id": "casie:1", "title": "A breach", "date": "2021-06-01", "text": TEXT, "gold_events": events}


def attack(agent: str, target: str | None = None, obj: str | None = None, article: str = "casie:1") -> dict:
    node = lambda label: {"label": label, "aliases": []} if label else None  # noqa: E731
    return {"type": "ATTACK", "article": article, "sources": [article], "agent": node(agent),
            "target": node(target), "object": node(obj)}  # fmt: skip


def test_content_words_leave_out_function_words_and_one_letters() -> None:
    assert content_words("The hackers of a gang, and X") == {"hackers", "gang"}


def test_a_match_needs_a_shared_word_with_the_attacker_and_with_the_victim() -> None:
    gold = [record(("Unknown hackers", "Springfield Water Authority"), ("The intruders", "Shelbyville Hospital"))]
    system = [
        attack("hackers", "Springfield Water Authority"),  # matches the first
        attack("hackers", "Shelbyville Hospital"),  # attacker words differ ("intruders"): no match
        attack("Intruders", None, "the hospital's network"),  # victim via the object: 'hospital'
        attack("hackers", "Springfield Water Authority", article="casie:2"),  # another article
        {**attack("hackers", "Shelbyville Hospital"), "type": "ACCUSE"},  # not an attack
    ]
    score = lenient(gold, system)
    assert (score.tp, score.fp, score.fn) == (2, 1, 0)


def test_each_gold_attack_matches_at_most_one_event() -> None:
    gold = [record(("Unknown hackers", "Springfield Water Authority"))]
    score = lenient(gold, [attack("hackers", "Springfield Water Authority")] * 2)
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)


def test_kg_eval_casie_prints_the_lenient_measure(tmp_path: Path) -> None:
    casie = tmp_path / "casie.jsonl"
    casie.write_text(json.dumps(record(("Unknown hackers", "Springfield Water Authority"))) + "\n", encoding="utf-8")
    store = str(tmp_path / "store")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(casie), "--store", store]).exit_code == 0
    result = runner.invoke(main, ["eval", "--casie", str(casie), "--store", store])
    assert result.exit_code == 0, result.output
    assert "lenient attacker/victim" in result.output and "fn 0" in result.output  # the rules find this one
    as_json = json.loads(
        runner.invoke(main, ["eval", "--casie", str(casie), "--store", store, "--format", "json"]).output
    )
    assert as_json["lenient_attacker_victim"]["tp"] == 1
