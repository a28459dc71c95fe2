"""Article formats: a text file, an HTML page, JSON Lines records, each parsed into an Article.

The title, publication date and URL come from the format; the body is cleaned of page
furniture (kg.inputs.cleaning) so that evidence offsets refer to what an analyst reads.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from datetime import date

from kg.errors import InputError
from kg.inputs.cleaning import clean_body
from kg.inputs.dates import header_date, parse_date
from kg.model import Article

_HEADER_LINES = 6  # the title and date of a text file sit in its first few lines


def parse_text(text: str, article_id: str, source: str | None = None, url: str | None = None) -> Article:
    """A plain-text article: title on the first line, a date line such as 'Updated: ...' near it."""
    lines = text.replace("\r\n", "\n").split("\n")
    title = ""
    published: date | None = None
    body_start = 0
    for i, line in enumerate(lines[:_HEADER_LINES]):
        stripped = line.strip()
        if not stripped:
            continue
        found = header_date(stripped)
        if found:
            published = published or found
            body_start = i + 1
        elif not title:
            title = stripped
            body_start = i + 1
        elif published:
            break
    if published is None:  # no date line: the first line is still the title when it is short
        first = next((ln.strip() for ln in lines if ln.strip()), "")
        if len(first.split()) > 25 or first.endswith("."):
            title, body_start = "", 0
    body = clean_body("\n".join(lines[body_start:]))
    if not body:
        raise InputError(f"{source or article_id}: no article text after the title and page furniture")
    return Article(id=article_id, title=title, body=body, published=published, url=url, source=source)


def parse_html(text: str, article_id: str, source: str | None = None) -> Article:
    """An HTML page: main text, title and date by trafilatura, then furniture removal."""
    import trafilatura  # heavy import, only for HTML

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    if doc is None:
        raise InputError(f"{source or article_id}: no article text found in the HTML page")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    title = (meta.get("title") or "").strip()
    body_text = meta.get("text") or ""
    first, _, rest = body_text.partition("\n")
    if title and first.strip() == title:
        body_text = rest
    body = clean_body(body_text)
    if not body:
        raise InputError(f"{source or article_id}: no article text found in the HTML page")
    return Article(
        id=article_id,
        title=title,
        body=body,
        published=parse_date(meta.get("date")),
        url=meta.get("url"),
        source=source,
    )


def parse_jsonl(text: str, name: str) -> Iterator[Article | InputError]:
    """Articles of a JSON Lines file: keys id, title, date, text, url; one error item per bad line."""
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{where}: malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield article_from_record(record, where)
        except InputError as exc:
            yield exc


def article_from_record(record: object, where: str) -> Article:
    """An Article from one JSON object, validated field by field."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    article_id, text = record.get("id"), record.get("text")
    if not isinstance(article_id, str) or not article_id.strip():
        raise InputError(f"{where}: missing or empty 'id'")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: article {article_id!r} has no 'text'")
    title = record.get("title") or ""
    url = record.get("url")
    raw_date = record.get("date")
    published = parse_date(raw_date) if isinstance(raw_date, str) else None
    if raw_date not in (None, "") and published is None:
        raise InputError(f"{where}: article {article_id!r} has an unreadable 'date' {raw_date!r}; use YYYY-MM-DD")
    body = clean_body(text)
    if not body:
        raise InputError(f"{where}: article {article_id!r} has no text after removing page furniture")
    return Article(
        id=article_id.strip(),
        title=str(title).strip(),
        body=body,
        published=published,
        url=url if isinstance(url, str) else None,
        source=where,
    )
