"""Reading inputs: files and folders of .txt, .html/.htm and .jsonl articles, decoded to text.

Every input either yields Articles or one InputError naming it and the reason; nothing here
raises past the caller for a bad file, so one bad input never stops a run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.inputs.formats import parse_html, parse_jsonl, parse_text
from kg.model import Article

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


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
        raise InputError(
            f"{name}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    return text


def distinct_articles(
    paths: list[str | Path], failed: list[tuple[str, str]], notify: Callable[[str], None]
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
