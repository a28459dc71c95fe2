"""CASIE's attacks against kg's: the lenient attacker/victim measure.

CASIE (Satyapanich, Ferraro and Finin, AAAI 2020) annotates cyber attacks in news with
their arguments. A gold Databreach, Phishing or Ransom event that has an Attacker and a
Victim argument matches a kg ATTACK event of the same article whose agent shares a content
word with an attacker mention and whose target or object shares one with a victim mention
("the hackers" and "hackers", "Equifax's servers" and "Equifax"). Each gold event matches
at most one kg event and each kg event at most one gold event. Precision is over all of
kg's ATTACK events in the articles, recall over the gold attacks with both arguments.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.evaluate.scoring import Score

ATTACKS = ("Databreach", "Phishing", "Ransom")
_WORD = re.compile(r"[^\W_]+")
# words that say nothing of who attacked whom: function words and the most generic nouns
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "this",
        "that",
        "these",
        "those",
        "it",
        "they",
        "them",
        "he",
        "she",
        "we",
        "you",
        "i",
        "some",
        "all",
        "any",
        "other",
        "such",
        "one",
        "two",
        "three",
        "several",
        "many",
        "more",
        "most",
        "has",
        "have",
        "had",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "who",
        "which",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "than",
        "then",
        "also",
        "s",
    ]
)


def content_words(text: str) -> set[str]:
    return {w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP and len(w) > 1}


def read(path: Path) -> list[dict[str, Any]]:
    """CASIE records (id, text, gold_events); an InputError names a bad line."""
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the CASIE file ({exc})") from None
    for n, line in enumerate(lines, start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: malformed JSON at column {exc.colno}: {exc.msg}") from None
    return records


def attacks(record: Mapping[str, Any]) -> list[tuple[list[str], list[str]]]:
    """(attacker mentions, victim mentions) of each gold attack with both arguments."""
    found = []
    for event in record.get("gold_events", []):
        if event.get("subtype") not in ATTACKS:
            continue
        attackers = [a["text"] for a in event.get("arguments", []) if a.get("role") == "Attacker"]
        victims = [a["text"] for a in event.get("arguments", []) if a.get("role") == "Victim"]
        if attackers and victims:
            found.append((attackers, victims))
    return found


def _names(node: Mapping[str, Any] | None) -> set[str]:
    if not node:
        return set()
    words: set[str] = set()
    for name in [node.get("label", ""), *node.get("aliases", [])]:
        words |= content_words(str(name))
    return words


def lenient(records: Iterable[Mapping[str, Any]], system: Iterable[Mapping[str, Any]]) -> Score:
    """The measure of the module doc: CASIE records against kg event records of their articles."""
    by_article: dict[str, list[Mapping[str, Any]]] = {}
    for event in system:
        if event.get("type") == "ATTACK":
            for source in event.get("sources") or [event.get("article")]:
                by_article.setdefault(str(source), []).append(event)
    score = Score()
    for record in records:
        gold = attacks(record)
        mine = by_article.get(str(record["id"]), [])
        used: set[int] = set()
        for attackers, victims in gold:
            attacker_words = set().union(*(content_words(a) for a in attackers))
            victim_words = set().union(*(content_words(v) for v in victims))
            match = next(
                (
                    k
                    for k, e in enumerate(mine)
                    if k not in used
                    and _names(e.get("agent")) & attacker_words
                    and (_names(e.get("target")) | _names(e.get("object"))) & victim_words
                ),
                None,
            )
            if match is None:
                score.fn += 1
            else:
                used.add(match)
                score.tp += 1
        score.fp += len(mine) - len(used)
    return score
