"""The sentence pre-filter keeps offsets true and keeps the sentences that can hold events."""

from __future__ import annotations

from kg.extraction.prefilter import keep, mask


def test_mask_keeps_length_lines_and_event_sentences() -> None:
    body = (
        "The weather was mild in spring. Traffic was light.\n\n"
        "The Treasury sanctioned SUEX on Tuesday. Markets were calm.\nHe said more would follow."
    )
    masked = mask(body)
    assert len(masked) == len(body) and masked.count("\n") == body.count("\n")
    assert "The Treasury sanctioned SUEX on Tuesday." in masked
    assert masked.index("The Treasury") == body.index("The Treasury")
    assert "weather" not in masked and "Markets" not in masked


def test_keep_needs_a_trigger_and_a_possible_actor() -> None:
    assert keep("Russia denied the accusations.")  # a name at the start of the sentence counts
    assert keep("The Justice Department charged Maksim Yakubets.")
    assert keep("He was arrested in Poland.")
    assert not keep("The weather in Kyiv was mild.")
    assert not keep("prices were arrested by nothing in particular")  # no one who could act


def test_a_trigger_that_requires_a_word_counts_only_beside_it() -> None:
    # 'issue' reports an enactment only with an order, decree or directive (data/lexicon/triggers.tsv)
    assert keep("President Biden issued an executive order on Tuesday.")
    assert keep("The Kremlin issued decrees against them.")
    assert not keep("Microsoft issued a patch for the flaw on Tuesday.")
    assert keep("Mandiant named APT29 as the group behind the intrusion.")
    assert not keep("Microsoft named the flaw Follina.")


def test_sentences_that_can_name_a_group_s_members_are_kept() -> None:
    assert keep("The five suspects were Ivan Petrov and Oleg Ivanov.")  # no trigger: the names of a group
    assert keep("A fourth suspect, Ivan Petrov, remains at large.")
    assert keep("The man was identified as Ivan Petrov.")
    assert keep("The Treasury singled out these firms:")
    assert not keep("Many people use Microsoft Outlook every day.")


def test_ingest_with_and_without_the_prefilter_finds_the_seed_events(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kg.pipeline.ingest import ingest
    from kg.query.records import event_records
    from kg.store.embedded import Store
    from tests.conftest import SAMPLE

    found = []
    for prefilter in (True, False):
        with Store(str(tmp_path / f"s{prefilter}")) as store:
            ingest([SAMPLE], store, progress=False, prefilter=prefilter)
            found.append({(r["type"], r["agent"]["label"]) for r in event_records(store) if r["type"] != "STATEMENT"})
    assert found[0] and len(found[0] & found[1]) >= 0.9 * len(found[1])
