"""Reading inputs: files and folders of .txt, .html/.htm and .jsonl articles, and JSON Lines on stdin.

Every input yields Articles, or one InputError per bad file or bad line naming it
(`FILE:LINE: reason`), so one bad input never stops a run. Inputs are read as they are
needed (a JSON Lines file line by line), sizes are checked before anything is parsed, and
only regular files are opened: a FIFO or a device would block the run or never end.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.inputs.formats import parse_html, parse_json_line, parse_text
from kg.model import Article

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
# One article (a file, or one line of a JSON Lines file) may be this large. The longest of the
# 3,718 articles of the dev corpus is 49 KB of text and news pages are rarely over 2 MB of
# HTML; a 200 MB "article" is a mistake that would take minutes and gigabytes to parse.
MAX_BYTES = 5_000_000
STDIN = "-"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Skipped:
    """A file inside a folder that is not an article format (README.md, images)."""

    name: str
    reason: str


Item = Article | InputError | Skipped


def read_paths(paths: list[str | Path], max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Articles from files and folders (recursive, sorted) and '-' (JSON Lines on stdin), with
    an error item per bad input."""
    for raw in paths:
        if str(raw) == STDIN:
            yield from read_jsonl(sys.stdin.buffer, "<stdin>", max_bytes)
            continue
        path = Path(raw)
        if not path.exists():
            yield InputError(f"{raw}: no such file or folder")
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if not p.is_dir() and not _hidden(p.relative_to(path)))
            for file in files:
                rel = file.relative_to(path).as_posix()
                if file.suffix.lower() not in SUFFIXES:
                    yield Skipped(str(file), f"not an article format ({file.suffix or 'no extension'})")
                    continue
                yield from read_file(file, article_id=rel, max_bytes=max_bytes)
        else:
            yield from read_file(path, article_id=path.name, max_bytes=max_bytes)


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _special(mode: int) -> str | None:
    """What a file that is not a regular file is, or None for a regular file."""
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_file(path: Path, article_id: str | None = None, max_bytes: int = MAX_BYTES) -> Iterator[Article | InputError]:
    """The article(s) of one file; an InputError item when it (or one of its lines) cannot be read."""
    suffix = path.suffix.lower()
    name = str(path)
    if suffix not in SUFFIXES:
        yield InputError(f"{name}: unknown extension {suffix or '(none)'!r}; expected one of .txt, .html, .htm, .jsonl")
        return
    try:
        info = os.stat(path)
    except OSError as exc:
        yield InputError(f"{name}: cannot read ({exc.strerror or exc})")
        return
    special = _special(info.st_mode)
    if special is not None:
        yield InputError(f"{name}: {special}, not a file of articles")
        return
    if suffix in JSONL_SUFFIXES:
        try:
            with path.open("rb") as stream:
                yield from read_jsonl(stream, name, max_bytes)
        except OSError as exc:
            yield InputError(f"{name}: cannot read ({exc.strerror or exc})")
        return
    if info.st_size > max_bytes:
        yield too_large(name, info.st_size, max_bytes)
        return
    try:
        text = decode(path.read_bytes(), name)
        if suffix in HTML_SUFFIXES:
            yield parse_html(text, article_id or path.name, source=name)
        else:
            yield parse_text(text, article_id or path.name, source=name)
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(f"{name}: cannot read ({exc.strerror or exc})")


def too_large(where: str, size: int, max_bytes: int) -> InputError:
    return InputError(
        f"{where}: {size:,} bytes, over the limit of {max_bytes:,} bytes for one article",
        hint="raise the limit with --max-bytes if this really is one article",
    )


def read_jsonl(stream: BinaryIO, name: str, max_bytes: int = MAX_BYTES) -> Iterator[Article | InputError]:
    """Articles of a JSON Lines stream, read line by line: one error item per bad line, and a
    line over `max_bytes` is skipped without being held in memory."""
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    encoding = next((enc for bom, enc in _BOMS if head.startswith(bom)), "utf-8")
    if encoding in ("utf-16", "utf-32"):  # rare: decode the whole stream, then go line by line
        data = stream.read()
        try:
            lines: Iterator[bytes | None] = iter(data.decode(encoding).encode("utf-8").splitlines(keepends=True))
        except UnicodeDecodeError as exc:
            yield InputError(f"{name}: not {encoding} text despite its byte order mark ({exc.reason})")
            return
    else:
        lines = _lines(stream, max_bytes)
    for lineno, line in enumerate(lines, start=1):
        where = f"{name}:{lineno}"
        if line is None:
            yield InputError(
                f"{where}: a line over the limit of {max_bytes:,} bytes for one article",
                hint="raise the limit with --max-bytes if this really is one article",
            )
            continue
        if lineno == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield InputError(
                f"{where}: not UTF-8 text (invalid byte 0x{line[exc.start]:02x} at column {exc.start + 1})"
            )
            continue
        try:
            yield parse_json_line(text.rstrip("\r\n"), where)
        except InputError as exc:
            yield exc


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """The lines of a binary stream; None for a line longer than max_bytes (read past in chunks)."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # skip the rest of the oversized line without keeping it
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def decode(data: bytes, name: str) -> str:
    """The text of a file: UTF-8, or UTF-8/16/32 with a byte order mark; an InputError saying
    why it is not text otherwise."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not {encoding} text despite its byte order mark ({exc.reason})") from None
        return text.lstrip("\ufeff")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (contains NUL bytes and no byte order mark), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def distinct_articles(
    paths: list[str | Path], failed: list[tuple[str, str]], notify: Callable[[str], None], max_bytes: int = MAX_BYTES
) -> Iterator[tuple[Article, None] | tuple[None, Skipped]]:
    """Articles of the inputs, each id once, as they are read: bad inputs and repeated ids are
    noted in `failed` (and told to `notify`); files skipped inside folders come out as (None, Skipped)."""
    seen: set[str] = set()
    for item in read_paths(paths, max_bytes):
        if isinstance(item, InputError):
            message = str(item) + (f"; {item.hint}" if item.hint else "")
            failed.append(("input", message))
            notify(message)
        elif isinstance(item, Skipped):
            yield None, item
        elif item.id in seen:
            message = f"{item.source}: duplicate article id {item.id!r}; the first one was kept"
            failed.append((item.id, message))
            notify(message)
        else:
            seen.add(item.id)
            yield item, None
