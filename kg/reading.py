"""Reading inputs into Articles: .txt, .html/.htm, .jsonl files and folders of them.

Every input either yields Articles or one InputError naming it and the reason; nothing here
raises past the caller for a bad file, so one bad input never stops a run.
"""
from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg.cleaning import clean_body
from kg.dates import header_date, parse_date
from kg.errors import InputError
from kg.model import Article

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
_HEADER_LINES = 6  # the title and date of a text file sit in its first few lines


@dataclass(frozen=True)
class Skipped:
    """A file inside a folder that is not an article format (README.md, images)."""

    name: str
    reason: str


Item = Article | InputError | Skipped


def read_paths(paths: list[str | Path]) -> Iterator[Item]:
    """Articles from files and folders (recursive, sorted), with an error item per bad input."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield InputError(f"{raw}: no such file or folder")
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
            for file in files:
                rel = file.relative_to(path).as_posix()
                if file.suffix.lower() not in SUFFIXES:
                    yield Skipped(str(file), f"not an article format ({file.suffix or 'no extension'})")
                    continue
                yield from read_file(file, article_id=rel)
        else:
            yield from read_file(path, article_id=path.name)


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def read_file(path: Path, article_id: str | None = None) -> Iterator[Article | InputError]:
    """The article(s) of one file; an InputError item when it cannot be read."""
    suffix = path.suffix.lower()
    name = str(path)
    if suffix not in SUFFIXES:
        yield InputError(f"{name}: unknown extension {suffix or '(none)'!r}; expected one of .txt, .html, .htm, .jsonl")
        return
    try:
        text = decode(path.read_bytes(), name)
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(f"{name}: cannot read ({exc.strerror or exc})")
        return
    article_id = article_id or path.name
    if suffix in JSONL_SUFFIXES:
        yield from parse_jsonl(text, name)
        return
    try:
        if suffix in HTML_SUFFIXES:
            yield parse_html(text, article_id, source=name)
        else:
            yield parse_text(text, article_id, source=name)
    except InputError as exc:
        yield exc


def decode(data: bytes, name: str) -> str:
    """UTF-8 text of a file, or an InputError saying why it is not text."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (contains NUL bytes), not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})") from None
    return text


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
            text, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True,
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
    return Article(id=article_id, title=title, body=body, published=parse_date(meta.get("date")),
                   url=meta.get("url"), source=source)


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
    return Article(id=article_id.strip(), title=str(title).strip(), body=body, published=published,
                   url=url if isinstance(url, str) else None, source=where)


def distinct_articles(
    paths: list[str | Path], failed: list[tuple[str, str]], notify: "Callable[[str], None]"
) -> Iterator[tuple[Article, None] | tuple[None, Skipped]]:
    """Articles of the inputs, each id once: bad inputs and repeated ids are noted in `failed`
    (and told to `notify`); files skipped inside folders come out as (None, Skipped)."""
    seen: set[str] = set()
    for item in read_paths(paths):
        if isinstance(item, InputError):
            failed.append(("input", str(item)))
            notify(str(item))
        elif isinstance(item, Skipped):
            yield None, item
        elif item.id in seen:
            message = f"{item.source}: duplicate article id {item.id!r}; the first one was kept"
            failed.append((item.id, message))
            notify(message)
        else:
            seen.add(item.id)
            yield item, None
