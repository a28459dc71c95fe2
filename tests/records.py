"""Hand-built event records in the `kg events --format jsonl` shape, for view and page tests."""

from __future__ import annotations

from typing import Any

ID = "https://w3id.org/kg-cyber/id/"


def actor(label: str, kind: str = "Country", *aliases: str) -> dict[str, Any]:
    return {"id": ID + "actor/" + label.replace(" ", "_"), "label": label, "aliases": list(aliases), "kind": kind}


def event(
    n: int,
    type_: str,
    agent: dict[str, Any],
    target: dict[str, Any] | None = None,
    obj: dict[str, Any] | None = None,
    date: str | None = "2015-04-02",
    **fields: Any,
) -> dict[str, Any]:
    record = {
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
        "sources": [f"a{n}"],
        "confidence": 0.9,
        "title": "A title",
        "url": "https://example.com/a",
    }
    record.update(fields)
    return record
