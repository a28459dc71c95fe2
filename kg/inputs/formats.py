"""Article formats: a text file, an HTML page, JSON Lines records, each parsed into an Article.

The title, publication date and URL come from the format; the body is cleaned of page
furniture (kg.inputs.cleaning) so that evidence offsets refer to what an analyst reads.
"""

from __future__ import annotations

import json
import re
import warnings
from datetime import date

from kg.errors import InputError
from kg.inputs.cleaning import clean_body
from kg.inputs.dates import header_date, parse_date
from kg.inputs.language import has_prose
from kg.model import Article

_HEADER_LINES = 6  # the title and date of a text file sit in its first few lines
# A lone UTF-16 surrogate ("\\ud800" in JSON) is no character: it cannot be written as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _prose(body: str, where: str) -> str:
    """The body, or an InputError when nothing of it is article text."""
    if not body:
        raise InputError(f"{where}: no article text after removing page furniture")
    if not has_prose(body):
        raise InputError(f"{where}: no article text, only headings, links or short lines (a navigation page?)")
    return body


def _valid(text: str) -> str:
    """The text with each lone surrogate replaced by U+FFFD (one character for one: offsets stay)."""
    return _SURROGATE.sub("\ufffd", text)


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
    body = _prose(clean_body("\n".join(lines[body_start:])), source or article_id)
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
    body = _prose(clean_body(body_text), source or article_id)
    return Article(
        id=article_id,
        title=title,
        body=body,
        published=parse_date(meta.get("date")),
        url=meta.get("url"),
        source=source,
    )


def parse_json_line(line: str, where: str) -> Article:
    """The article of one JSON Lines record (keys id, title, date, text, url); an InputError
    naming the line for anything else: malformed or hostile JSON (nested thousands deep, a
    number of thousands of digits) included."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: malformed JSON at column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{where}: malformed JSON: nested too deep to be an article") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        reason = "a number too long to read" if "digits" in str(exc) else " ".join(str(exc).split())[:120]
        raise InputError(f"{where}: malformed JSON: {reason}") from None
    return article_from_record(record, where)


def article_from_record(record: object, where: str) -> Article:
    """An Article from one JSON object, validated field by field."""
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    article_id, text = record.get("id"), record.get("text")
    if not isinstance(article_id, str) or not article_id.strip():
        raise InputError(f"{where}: missing or empty 'id'")
    if _SURROGATE.search(article_id):
        raise InputError(f"{where}: the 'id' holds an invalid character (a lone UTF-16 surrogate)")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: article {article_id!r} has no 'text'")
    text = _valid(text)
    title = _valid(str(record.get("title") or ""))
    url = record.get("url")
    url = _valid(url) if isinstance(url, str) else None
    raw_date = record.get("date")
    published = parse_date(raw_date) if isinstance(raw_date, str) else None
    if raw_date not in (None, "") and published is None:
        raise InputError(f"{where}: article {article_id!r} has an unreadable 'date' {raw_date!r}; use YYYY-MM-DD")
    body = _prose(clean_body(text), f"{where}: article {article_id!r}")
    return Article(
        id=article_id.strip(),
        title=title.strip(),
        body=body,
        published=published,
        url=url,
        source=where,
    )
