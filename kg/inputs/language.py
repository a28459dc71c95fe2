"""Is an article's body prose, and is it English? kg extracts from English prose only.

A navigation page (links, headings, one-word lines) has no sentence to extract from; an
article in another language would silently give no events. The reader rejects the first
with an error and the ingest stores the second without events, with a warning naming its
language. Language identification is py3langid's model, shipped in its wheel; it is loaded
only for a text that does not look English at a glance.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’)\]」』]*\s*$")
_LETTERS = re.compile(r"[^\W\d_]")
# The commonest English words: in English news they are about a quarter of all words.
_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "by",
        "it",
        "at",
        "from",
        "be",
        "are",
        "has",
        "have",
        "this",
        "said",
    ]
)
NAMES = {
    "ar": "Arabic",
    "de": "German",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "he": "Hebrew",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
    "zh": "Chinese",
}


def has_prose(body: str) -> bool:
    """A line that reads as a sentence (three words or more, ending like one), or forty words in
    lines of six or more: not a page of links and headings."""
    in_lines = 0
    for line in body.split("\n"):
        words = line.split()
        # three words, or fifteen letters for a script written without spaces (Chinese, Japanese)
        long_enough = len(words) >= 3 or len(_LETTERS.findall(line)) >= 15
        if long_enough and _SENTENCE_END.search(line) and not line.isupper():
            return True
        if len(words) >= 6:
            in_lines += len(words)
    return in_lines >= 40


def language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language when it is clearly not English, else None."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if not words:
        return None
    if sum(w in _ENGLISH for w in words) / len(words) >= 0.08:
        return None  # English at a glance: no model needed
    code, probability = _identifier().classify(text[:5000])
    return str(code) if code != "en" and probability >= 0.5 else None


def name(code: str) -> str:
    """'Chinese (zh)' for 'zh'."""
    return f"{NAMES[code]} ({code})" if code in NAMES else code


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
