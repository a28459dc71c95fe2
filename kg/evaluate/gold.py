"""Gold annotations: the project's own files (docs/events.md, Gold annotation files) and CASIE's.

`read_gold` reads gold JSON Lines; `casie_gold` turns the CASIE corpus's own annotations
into the same shape (ATTACK events: Attacker -> agent, Victim -> target).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputError


def _json_lines(path: Path, what: str) -> Iterator[tuple[int, Any]]:
    """(line number, parsed value) of a JSON Lines file; an InputError naming the bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read {what} ({exc})") from None
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{lineno}: malformed JSON ({exc.msg} at column {exc.colno})") from None


def read_gold(path: Path) -> list[dict[str, Any]]:
    """Gold articles of a JSON Lines file; an InputError naming the line for a bad one."""
    gold = []
    for lineno, record in _json_lines(path, "gold file"):
        if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("events"), list):
            raise InputError(f"{path}:{lineno}: a gold line needs 'id' and a list of 'events'")
        gold.append(record)
    return gold


def as_records(article: dict[str, Any]) -> list[dict[str, Any]]:
    """An annotator's required events as system event records, to score one annotator against
    another (inter-annotator agreement): the name is the label, the aliases stay aliases; the
    coarser `also` answers count only on the gold side, as for the extractor."""

    def node(entity: dict[str, Any] | None, kind: str) -> dict[str, Any] | None:
        if not entity:
            return None
        return {
            "id": entity.get("name", ""),
            "label": entity.get("name", ""),
            "aliases": list(entity.get("aliases", [])),
            "kind": kind,
        }

    records = []
    for n, event in enumerate(article["events"]):
        if event.get("optional"):
            continue
        span = event.get("span") or [0, 0]
        records.append(
            {
                "id": f"{article['id']}#{n}",
                "article": article["id"],
                "sources": [article["id"]],
                "type": event["type"],
                "agent": node(event.get("agent"), "Actor"),
                "target": node(event.get("target"), "Actor"),
                "object": node(event.get("object"), "Policy"),
                "date": event.get("date"),
                "status": event.get("status", "asserted"),
                "confidence": 1.0,
                "evidence": {"text": "", "start": span[0], "end": span[1]},
            }
        )
    return records


def type_counts(gold: list[dict[str, Any]]) -> Counter[str]:
    return Counter(e["type"] for a in gold for e in a["events"] if not e.get("optional"))


CASIE_SUBTYPES = ("Databreach", "Phishing", "Ransom")
_DETERMINERS = re.compile(r"^(the|a|an|this|these|those|its|their|his|her|our)\s+", re.I)


_PROPER_TAIL = re.compile(r"((?:[A-Z0-9][\w.&'’-]*\s*)+)$")
_COMMON_HEADS = {
    "they",
    "it",
    "he",
    "she",
    "we",
    "hacker",
    "hackers",
    "attacker",
    "attackers",
    "snoopers",
    "criminals",
    "cybercriminals",
    "scammers",
    "fraudsters",
    "researchers",
    "users",
    "customers",
    "police",
    "authorities",
    "officials",
    "someone",
    "actors",
    "group",
    "gang",
    "company",
    "firm",
    "servers",
    "server",
    "website",
    "websites",
}


def _named(text: str) -> bool:
    """A CASIE argument names an actor when its head word is a proper name ('Zameen', 'GRU',
    'Harak1r1'), not a description ('the hacker', 'Bangladeshi hacker', 'Hackers')."""
    words = _DETERMINERS.sub("", text.strip()).split()
    if not words:
        return False
    head = words[-1].strip(".,;:'\"’”")
    return bool(head) and (head[0].isupper() or head[0].isdigit()) and head.lower() not in _COMMON_HEADS


def casie_gold(path: Path) -> list[dict[str, Any]]:
    """CASIE's gold as gold in the project's format: Attack events (Databreach, Phishing, Ransom) whose attacker
    and victim are both named; Attacker -> agent, Victim -> target, one event per CASIE event."""
    articles = []
    for _, record in _json_lines(path, "CASIE file"):
        events = []
        for g in record.get("gold_events", []):
            if g.get("subtype") not in CASIE_SUBTYPES:
                continue
            args = g.get("arguments", [])
            attackers = [a["text"] for a in args if a.get("role") == "Attacker" and _named(a.get("text", ""))]
            victims = [a["text"] for a in args if a.get("role") == "Victim" and _named(a.get("text", ""))]
            if not attackers or not victims:
                continue
            events.append(
                {
                    "type": "ATTACK",
                    "agent": {"name": attackers[0], "aliases": _casie_aliases(attackers)},
                    "target": {"name": victims[0], "aliases": _casie_aliases(victims)},
                    "date": None,
                    "status": "hypothetical" if g.get("realis") not in (None, "Actual") else "asserted",
                    "span": [g["trigger"]["start"], g["trigger"]["end"]] if g.get("trigger") else None,
                    "casie_subtype": g.get("subtype"),
                }
            )
        articles.append({"id": record["id"], "published": record.get("date"), "events": events})
    return articles


def _casie_aliases(texts: list[str]) -> list[str]:
    """The other mentions, without determiners, and the proper name that ends a description:
    'Italian company Hacking Team' is also 'Hacking Team'."""
    aliases = []
    for text in texts:
        bare = _DETERMINERS.sub("", text.strip())
        aliases.append(bare)
        tail = _PROPER_TAIL.search(bare)
        if tail and tail.group(1).strip() != bare:
            aliases.append(tail.group(1).strip())
    return [a for a in dict.fromkeys(aliases) if a and a != texts[0]]
