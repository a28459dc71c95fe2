"""A cheap pre-filter: parse only the sentences that can hold an event.

A sentence can hold an event when one of its words is an inflected form of a trigger lemma
(data/lexicon/triggers.tsv) or one of the few function words the speech rules use ("should",
"behind"). The other sentences are blanked with spaces of the same length, so every offset in
the body stays true and the parser spends almost nothing on them. The sentences before a kept
one are kept too when they name someone, so pronouns and short names still resolve.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extraction.lexicon import triggers, word_class

# a period after an initial or a common abbreviation ("Brian E. Nelson", "U.S.", "St. Petersburg",
# "Co.") does not end a sentence; splitting there would blank the sentence's second half
_ABBREVIATIONS = "".join(
    rf"(?<!\b{a})"
    for a in [
        "St",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Jr",
        "Sr",
        "Co",
        "Inc",
        "Ltd",
        "Corp",
        "No",
        "vs",
        "Gen",
        "Col",
        "Lt",
        "Sgt",
        "Rep",
        "Sen",
        "Gov",
        "Jan",
        "Feb",
        "Aug",
        "Sept",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ]
)
_SENTENCE = re.compile(rf"[^\n]+?(?:(?<!\b[A-Z]){_ABBREVIATIONS}[.!?](?=\s)|$)|\n+", re.M)
_WORD = re.compile(r"[a-z]+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·▪–—]|\d{1,2}[.)])\s*[A-Z*]")
_IRREGULAR = {
    "say": "said",
    "tell": "told",
    "meet": "met",
    "hold": "held",
    "take": "took taken",
    "bring": "brought",
    "seek": "sought",
    "freeze": "froze frozen",
    "steal": "stole stolen",
    "strike": "struck",
    "lead": "led",
    "write": "wrote written",
    "sentence": "sentenced",
    "hit": "hit",
    "pay": "paid",
    "leave": "left",
    "begin": "began begun",
    "make": "made",
    "shut": "shut",
    "undertake": "undertook undertaken",
    "withdraw": "withdrew withdrawn",
    "give": "gave given",
    "break": "broke broken",
    "bar": "barred",
    "ban": "banned",
    "commit": "committed",
    "target": "targeted",
    "free": "freed",
}
_EXTRA = ("should", "must", "behind", "responsible", "both")


def _forms(lemma: str) -> set[str]:
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing"}
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdgmnprt]$", lemma):
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    forms |= set(_IRREGULAR.get(lemma, "").split())
    return forms


@lru_cache(maxsize=1)
def candidate_words() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The word forms that can make a sentence worth parsing: those that can alone, and those
    that can only beside a form of a word the trigger requires ('issued' needs 'order',
    'decree' or 'directive' in the sentence; 'named' needs 'as')."""
    alone: set[str] = set(_EXTRA)
    needing: dict[str, set[str]] = {}
    for (lemma, _pos), entries in triggers().items():
        entries = tuple(e for e in entries if e.type != "STATEMENT")
        if not entries:
            continue  # a report of speech holds an event only through another trigger
        if any(not e.requires for e in entries):
            alone |= _forms(lemma)
            continue
        required = set().union(*(_forms(e.requires) for e in entries))
        for form in _forms(lemma):
            needing.setdefault(form, set()).update(required)
    return frozenset(alone), {form: frozenset(r) for form, r in needing.items() if form not in alone}


def _has_trigger(words: set[str]) -> bool:
    alone, needing = candidate_words()
    if not alone.isdisjoint(words):
        return True
    return any(not needing[w].isdisjoint(words) for w in words if w in needing)


_CAPITALISED = re.compile(r"\b[A-Z][\w&.'’-]*")
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "in",
        "on",
        "at",
        "for",
        "but",
        "and",
        "however",
        "after",
        "before",
        "when",
        "while",
        "it",
        "its",
        "as",
        "if",
        "according",
        "since",
        "with",
        "by",
        "from",
        "to",
        "of",
        "last",
        "earlier",
        "later",
        "meanwhile",
        "also",
        "some",
        "many",
        "most",
        "all",
        "both",
        "each",
        "other",
        "such",
        "there",
        "here",
        "what",
        "which",
        "who",
        "how",
        "why",
        "where",
        "we",
        "our",
        "they",
        "their",
        "you",
        "your",
        "i",
        "one",
        "two",
        "three",
        "several",
        "new",
    ]
)
_ANAPHORS = re.compile(
    r"\b(he|she|they|it|we|the (group|gang|ministry|department|agency|company|suspect|spokesperson|spokesman|spokeswoman|president)"
    # "the two agencies": the bodies named last (kg.extraction.groups.counted_bodies)
    r"|(both|the (two|three|four|five|six)) (agencies|departments|ministries|offices|bureaus))\b",
    re.I,
)
_NUMBER_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
]
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


@lru_cache(maxsize=1)
def _group_reference() -> re.Pattern[str]:
    """A noun phrase that can point back at a counted group, as kg.extraction.groups's `refers_back`
    reads one: 'the five suspects', 'these companies', 'both men', 'a fourth suspect'."""
    singular = word_class("group_person") | word_class("group_org")
    plural = {w[:-1] + "ies" if w.endswith("y") else w + "s" for w in singular} | {"people", "men", "women"}
    counted = "|".join(["the", "these", "those", "all", "both", r"\d+", *_NUMBER_WORDS])
    between = r"(?:[\s,]+[\w'’-]+){0,3}?[\s,]+"
    return re.compile(
        rf"\b(?:(?:{counted}){between}(?:{'|'.join(sorted(plural))})"
        rf"|(?:{'|'.join(_ORDINALS)}){between}(?:{'|'.join(sorted(singular))}))\b",
        re.I,
    )


def keep(sentence: str) -> bool:
    """A trigger word and someone who could act: a name past the first word, or a pronoun; or
    a sentence that can name the members of a group ('The five suspects were named as ...', a
    list item with a name, a line announcing a list, 'the man was identified as ...')."""
    words = set(_WORD.findall(sentence.lower()))
    names = [w for w in _CAPITALISED.findall(sentence) if w.lower() not in _NOT_NAMES]
    if names and (
        _LIST_ITEM.match(sentence)
        or sentence.rstrip().endswith(":")
        or "identified" in words
        or _group_reference().search(sentence)
    ):
        return True
    if not _has_trigger(words):
        return False
    return bool(names or _ANAPHORS.search(sentence))


def mask(body: str) -> str:
    """The body with the sentences that cannot hold an event blanked (same length, same lines)."""
    pieces = _SENTENCE.findall(body)
    if "".join(pieces) != body:  # the splitter must cover the text exactly, or nothing is masked
        return body
    kept = [p.startswith("\n") or keep(p) for p in pieces]
    out = []
    for i, piece in enumerate(pieces):
        # a sentence right before a kept one may introduce who "he" or "the group" is
        if kept[i] or (i + 1 < len(pieces) and kept[i + 1] and not piece.startswith("\n") and _names_someone(piece)):
            out.append(piece)
        else:
            out.append(re.sub(r"[^\n]", " ", piece))
    return "".join(out)


def _names_someone(sentence: str) -> bool:
    return bool(re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+", sentence))
