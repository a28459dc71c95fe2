"""The learned layer's candidates: a predicate's own slots, and pairings across the sentence."""

from __future__ import annotations

from datetime import date

import pytest

from kg.extraction.candidates import FAR, Candidate, _walk, candidates
from kg.extraction.context import Context
from kg.extraction.gazetteer import norm
from kg.model import Article
from kg.training.corpus import Parsed
from kg.training.dataset import _gold_label, _triggers_of, gold_examples


def found(nlp, extractor, text: str) -> list[Candidate]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    ctx = Context.of(Article(id="t", title="", body=text, published=date(2024, 1, 1)), doc, extractor.finder.find(doc))
    return [c for sent in doc.sents for c in candidates(ctx, sent)]


def pairing(c: Candidate) -> tuple[str, str, str]:
    patient = "" if c.patient is None else c.patient.names()
    return c.pred.lemma_.lower(), c.agent.names(), patient  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("text", "pred", "agent", "patient"),
    [
        # reported speech: the speaker is paired with the act's agent (the accusation carries the act)
        ("The FBI said North Korean hackers breached Sony Pictures in 2014.", "say", "fbi", "north korean hackers"),
        # a gerund: the accused is the agent of the act inside "of breaching"
        ("Prosecutors accused Ivanov of breaching the hospital's network.", "breach", "ivanov", "network"),
        # a nominal event whose agent stands in the passive clause it is the subject of
        (
            "Microsoft said the intrusion into its email systems was carried out by Nobelium.",
            "intrusion",
            "nobelium",
            "email systems",
        ),
        # an attack noun whose victim is the object of the verb it is the subject of
        ("The ransomware attack by REvil hit Kaseya, the company said.", "attack", "revil", "kaseya"),
    ],
)
def test_a_pairing_the_parse_does_not_offer_is_a_far_candidate(nlp, extractor, text, pred, agent, patient) -> None:  # type: ignore[no-untyped-def]
    hits = [
        c
        for c in found(nlp, extractor, text)
        if c.pred.lemma_.lower() == pred
        and norm(agent) in c.agent.names()
        and c.patient is not None
        and norm(patient) in c.patient.names()
    ]
    assert hits, f"no candidate ({pred}, {agent}, {patient})"
    assert all(c.features.get("far") == 1.0 for c in hits)
    assert any(k.startswith("apath=") for k in hits[0].features)


def test_a_predicates_own_slots_come_first_and_are_near(nlp, extractor) -> None:  # type: ignore[no-untyped-def]
    out = found(nlp, extractor, "North Korean hackers breached Sony Pictures, the FBI said.")
    breach = [c for c in out if c.pred.lemma_ == "breach"]
    assert breach[0].features.get("near") == 1.0 and breach[0].agent.slot == "nsubj"
    assert breach[0].patient is not None and breach[0].patient.slot == "dobj"
    # one candidate per pairing of things: the far pass does not repeat what the slots gave
    keys = [pairing(c) for c in out]
    assert len(keys) == len(set(keys))


def test_far_phrases_are_the_nearest_few_and_never_a_described_organisation(nlp, extractor) -> None:  # type: ignore[no-untyped-def]
    text = (
        "After talks with Germany, France, Italy, Spain, Poland and the company, "
        "the United States sanctioned Russia's GRU."
    )
    out = [c for c in found(nlp, extractor, text) if c.pred.lemma_ == "sanction"]
    far_agents = {c.agent.actor.label for c in out if c.agent.slot == "far" and c.agent.actor is not None}
    assert 0 < len(far_agents) <= FAR
    assert "company" not in {norm(a) for a in far_agents}


@pytest.mark.parametrize(
    ("text", "pred", "arg", "path"),
    [
        ("The FBI said hackers breached Sony.", "breach", "FBI", "^ccomp_nsubj"),
        ("Hackers breached Sony.", "breach", "Sony", "_dobj"),
        ("Sony was breached by hackers.", "breach", "hackers", "_agent_pobj"),
    ],
)
def test_the_dependency_path_reads_up_then_down(nlp, text, pred, arg, path) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    p = next(t for t in doc if t.lemma_ == pred)
    a = next(t for t in doc if t.text == arg)
    assert _walk(p, a) == (path, path.count("^") + path.count("_"))


def test_only_the_trigger_of_a_gold_event_teaches_it(nlp, extractor) -> None:  # type: ignore[no-untyped-def]
    text = "The FBI said North Korean hackers breached Sony Pictures in 2014."
    doc = nlp(text)
    events = [
        {
            "type": "ATTACK",
            "agent": {"name": "North Korean hackers"},
            "target": {"name": "Sony Pictures Entertainment"},
            "span": [0, len(text)],
        }
    ]
    article = Article(id="t", title="", body=text, published=date(2024, 1, 1))
    sent = next(iter(doc.sents))
    ctx = Context.of(article, doc, extractor.finder.find(doc))
    out = list(candidates(ctx, sent))
    labels = [_gold_label(c, events) for c in out]
    matching = [n for n, label in enumerate(labels) if label == 0]
    assert {out[n].pred.lemma_ for n in matching} == {"say", "breach"}  # both predicates pair them
    chosen = _triggers_of(out, labels, events, sent)
    assert [out[n].pred.lemma_ for n in chosen] == ["breach"]  # the attack word, in its own slots
    examples = gold_examples(Parsed(article, doc, nlp(""), {"events": events}), extractor.finder)
    assert [e.label for e in examples if e.label != "NONE"] == ["ATTACK"]
    assert len(examples) == len(out) - len(matching) + 1  # the other pairings teach nothing
