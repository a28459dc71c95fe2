"""Training documents: gold articles with their text, parsed once and kept in a cache.

Parsing is the slow part of training and of every measurement run, and the same articles
are parsed again and again (cross-validation folds, thresholds, rules against model): each
article's parse is kept in a cache folder, keyed by its content, the spaCy pipeline and the
pre-filter, as a spaCy DocBin.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.extraction.prefilter import mask
from kg.inputs.files import read_paths
from kg.model import Article
from kg.pipeline.workers import PIPE_BATCH, pipeline

CACHE = Path.home() / ".cache" / "kg" / "parses"


@dataclass
class Parsed:
    """One gold article: the article, its parsed body and title, and its gold annotation."""

    article: Article
    doc: Any
    title: Any
    gold: dict[str, Any]


def articles_by_id(paths: Iterable[str | Path]) -> dict[str, Article]:
    """The articles of files and folders (as `kg ingest` reads them), by id; bad inputs are skipped."""
    return {item.id: item for item in read_paths(list(paths)) if isinstance(item, Article)}


def parse(
    pairs: list[tuple[Article, dict[str, Any]]], cache: Path | None = CACHE, prefilter: bool = True
) -> list[Parsed]:
    """Each (article, gold) with its parses, from the cache where it is there already."""
    from spacy.tokens import DocBin

    nlp, _ = pipeline()
    meta = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}"
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    texts = [mask(article.body) if prefilter else article.body for article, _ in pairs]
    # keyed by exactly what is parsed (the pre-filter's output) and by the pipeline
    keys = [
        hashlib.sha1(f"{meta}\x1f{article.title}\x1f{text}".encode()).hexdigest()[:32]
        for (article, _), text in zip(pairs, texts)
    ]
    out: list[Parsed | None] = [None] * len(pairs)
    todo: list[int] = []
    for k, (article, gold) in enumerate(pairs):
        path = cache / f"{keys[k]}.spacy" if cache is not None else None
        if path is not None and path.exists():
            doc, title = DocBin().from_disk(path).get_docs(nlp.vocab)
            out[k] = Parsed(article, doc, title, gold)
        else:
            todo.append(k)
    bodies = nlp.pipe((texts[k] for k in todo), batch_size=PIPE_BATCH)
    titles = nlp.pipe((pairs[k][0].title for k in todo), batch_size=PIPE_BATCH)
    for k, doc, title in zip(todo, bodies, titles):
        article, gold = pairs[k]
        out[k] = Parsed(article, doc, title, gold)
        if cache is not None:
            DocBin(docs=[doc, title]).to_disk(cache / f"{keys[k]}.spacy")
    return [p for p in out if p is not None]


def gold_pairs(gold: list[dict[str, Any]], articles: dict[str, Article]) -> list[tuple[Article, dict[str, Any]]]:
    """Each gold article with its text; an InputError names the first gold id without one."""
    missing = [g["id"] for g in gold if g["id"] not in articles]
    if missing:
        raise InputError(
            f"no article text for gold id {missing[0]!r} ({len(missing)} in all)",
            hint="give the files that hold the articles with --articles",
        )
    return [(articles[g["id"]], g) for g in gold]
