"""Page furniture removal: related-headline lists, "Most Viewed" boxes, separators.

The rules are generic, keyed to the shape of furniture, not to any page's wording: a line
naming a furniture section ends the article; a run of short bulleted lines without sentence
punctuation is a headline list; lines of only separators are noise. Markers live in
data/lexicon/furniture.txt.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.paths import DATA

_SEPARATOR = re.compile(r"^[\s|_=*~#.·•\-–—]*$")
_BULLET = re.compile(r"^\s*(?:[-*•·▪►»]|\d{1,2}[.)])\s+\S")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_CREDIT = re.compile(r"^\(?(?:Xinhua|Reuters|AP|AFP|Bloomberg|Agencies|CNN|BBC|Staff)\)?$", re.I)
_TRAILING_BAR = re.compile(r"\s\|\s*$")
_CAPTION = re.compile(
    r"^[*_]*(?:image|photo|picture|source|credit|image credit|photo credit|via)\s*:[^.]{0,80}[*_]*$", re.I
)


@lru_cache(maxsize=1)
def furniture_markers() -> frozenset[str]:
    """The section headings that start page furniture (data/lexicon/furniture.txt)."""
    lines = (DATA / "lexicon" / "furniture.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#"))


def _norm_marker(line: str) -> str:
    return re.sub(r"[\s:|»>]+$", "", line.strip()).replace("’", "'").lower()


def is_headline_line(line: str) -> bool:
    """A bulleted short line without final punctuation: an item of a headline list."""
    if not _BULLET.match(line):
        return False
    words = line.split()
    return len(words) <= 20 and not _SENTENCE_END.search(line)


_MD_LINK = re.compile(r"\[([^\]\n]{1,200})\]\((?:https?://|/)[^)\s]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def strip_markdown(line: str) -> str:
    """Markdown links and bold markers are formatting, not text: '[CISA](https://..)' is 'CISA'."""
    return _MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", line))


def clean_body(text: str) -> str:
    """Drop page furniture from an article body and normalise blank lines.

    >>> clean_body("Hackers hit a bank.\\n- Iran denies role in hack\\n- Other news\\nMost Viewed\\nx")
    'Hackers hit a bank.'
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    markers = furniture_markers()
    kept: list[str] = []
    for i, line in enumerate(lines):
        stripped = strip_markdown(line.strip())
        if _norm_marker(stripped) in markers:
            break
        if not stripped:
            if kept and kept[-1] != "":
                kept.append("")
            continue
        if (
            _SEPARATOR.match(stripped)
            or _CREDIT.match(stripped)
            or _TRAILING_BAR.search(stripped)
            or _CAPTION.match(stripped)
        ):
            continue
        if is_headline_line(stripped) and _in_headline_run(lines, i) and not _introduced(kept):
            continue
        kept.append(stripped)
    while kept and kept[-1] == "":
        kept.pop()
    return "\n".join(kept)


def _introduced(kept: list[str]) -> bool:
    """True inside a list that the text itself announces: 'Five members were identified:'.

    The announcing line is prose (several words, ending in a colon), not a section marker such
    as 'Related:' (those end the body before any list is reached).
    """
    for line in reversed(kept):
        if not line:
            continue
        if _BULLET.match(line):
            continue  # an earlier item of the same list
        return line.rstrip().endswith(":") and len(line.split()) >= 4
    return False


def _in_headline_run(lines: list[str], i: int) -> bool:
    """True when line i has a headline-like neighbour: one bullet alone may be prose."""
    return any(0 <= j < len(lines) and is_headline_line(lines[j].strip()) for j in (i - 1, i + 1))
