"""The extraction rules are data (data/rules/types.toml): checked on load, complete, and the only
place besides the ontology and the lexicon where event types are named."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.extraction.lexicon import triggers, word_class
from kg.extraction.rules import RULES_FILE, load, rules
from kg.extraction.triggers import FILTERS, OBJECT_TESTS
from kg.model import ACTOR_KINDS
from kg.rdf.ontology import event_types

ROOT = Path(__file__).resolve().parent.parent


def test_every_rule_names_known_types_filters_tests_kinds_and_words() -> None:
    known = set(event_types())
    for rule in rules().rules:
        assert rule.types <= known, rule.why
        assert not rule.keep or rule.keep in FILTERS, rule.why
        assert not rule.if_object or rule.if_object in OBJECT_TESTS, rule.why
        assert not rule.retype or rule.retype in known, rule.why
        assert rule.agents | rule.not_agents <= set(ACTOR_KINDS) | {"official"}, rule.why
        for word in rule.lemmas | rule.not_lemmas:
            if word.startswith("@"):
                assert word_class(word[1:]), rule.why


def test_every_type_of_the_settings_and_the_lexicon_is_in_the_ontology() -> None:
    known = set(event_types())
    assert set(rules().types) <= known
    assert {entry.type for entries in triggers().values() for entry in entries} <= known
    assert set(rules().constructions.values()) <= known


def test_no_event_type_but_statement_is_named_in_the_extraction_code() -> None:
    """A new event type is rows of data: the extractor's code names none (STATEMENT, the type of
    plain speech that no other type captures, is the one the code knows)."""
    codes = set(event_types()) - {"STATEMENT"}
    named = []
    for path in sorted((ROOT / "kg" / "extraction").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in codes:
                named.append(f"{path.name}:{node.lineno}: {node.value}")
    assert named == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[ATTACK]\npatient_order = []\n", "[ATTACK] has unknown keys ['patient_order']"),
        ('[[rule]]\nwhy = "x"\nkeep = "targets"\n', "rule 1 needs a stage, one of patients, event"),
        ('[[rule]]\nwhy = "x"\nstage = "event"\n', "rule 1 needs exactly one action: keep, drop or retype"),
        ('[[rule]]\nwhy = "x"\nstage = "event"\ndrop = true\ntype = ["ATTACK"]\n', "rule 1 has unknown keys ['type']"),
        ("[ATTACK\n", "cannot read the extraction rules"),
        ("[default]\npatients = []\n", "[*] misses keys ['accused', 'addressed', "),
        ('patients = ["dobj"]\n', "'patients' is not a table; write [TYPE] tables, [[rule]] lists"),
    ],
)
def test_a_bad_rules_file_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "types.toml"
    default = RULES_FILE.read_text(encoding="utf-8").split("\n[default]\n")[1].split("\n\n")[0]
    path.write_text(text if text.startswith(("patients", "[default]")) else f"[default]\n{default}\n\n{text}")
    with pytest.raises(KGError, match=message.replace("[", r"\[").replace("]", r"\]")) as info:
        load(path)
    assert str(info.value).startswith(str(path))
