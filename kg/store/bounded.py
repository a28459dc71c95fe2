"""Queries with bounds: each runs in a child process that can be stopped, whatever its shape.

Oxigraph evaluates a query inside one call that Python cannot interrupt, and an ORDER BY, a
GROUP BY or a cartesian product can use all the CPU and memory of the machine before the
first row. So a bounded query runs in a child process that opens the store read-only: the
parent stops it when its time is up, when its memory passes the limit, or when whoever asked
has gone (`cancelled`), and the answer is written to a file no larger than the limit.
Federated queries (SERVICE) are refused unless allowed: a query must not make the store
fetch other servers, on this machine's network or beyond.
"""

from __future__ import annotations

import contextlib
import errno
import io
import multiprocessing
import os
import pickle
import re
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import QueryError

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Limits:
    """What one query may use: wall time (s), resident memory and answer size (bytes); None is
    no limit. SERVICE is refused unless `allow_service`."""

    timeout: float | None = 60.0
    memory: int | None = 2_000_000_000
    answer_bytes: int | None = 1_000_000_000
    allow_service: bool = False


RUNNING: set[int] = set()  # process ids of the query processes running now (a server kills them on stop)


class Cancelled(QueryError):
    """The one who asked is gone: the query was stopped."""


# What SERVICE can hide in without being the keyword: comments, strings, IRIs, and names with a
# prefix or a variable sign before them.
_LEXEMES = re.compile(
    r"#[^\n]*|\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>"
)
_SERVICE = re.compile(r"(?<![\w:?$.-])SERVICE(?![\w:-])", re.I)


def uses_service(sparql: str) -> bool:
    """True when the query holds the SERVICE keyword (not in a comment, a string or an IRI)."""
    return _SERVICE.search(_LEXEMES.sub(" ", sparql)) is not None


_SELECT = re.compile(r"(?<![\w:?$])SELECT(\s+(?:DISTINCT|REDUCED))?\s+(\*)?", re.I)


def projecting(sparql: str, names: list[str]) -> tuple[str, list[str]]:
    """The query with the variables `names` added to the SELECT projections that lack them (the
    text of the query grows by variable names only, never by a value), and the names it added to
    the top-level one.

    pyoxigraph binds a substituted variable (SEP-0007) only where a query projects it: a SELECT
    that uses `$actor` in a FILTER without returning it gets `?actor` projected, and the caller
    drops that column again; a sub-query that uses `$actor` gets it projected too, or it would
    see an unbound variable of its own (a sub-query is evaluated apart). A `SELECT *` already
    projects what is in scope; a sub-query that projects expressions (an aggregate) is left as
    it is, since adding a variable beside an aggregate is an error: keep parameters out of them.
    """
    blanked = _LEXEMES.sub(lambda m: " " * len(m.group(0)), sparql)  # same offsets, no strings or comments
    inserts: list[tuple[int, list[str]]] = []
    added: list[str] = []
    for i, match in enumerate(_SELECT.finditer(blanked)):
        if match.group(2):
            continue
        brace = blanked.find("{", match.end())
        projection = blanked[match.end() : brace if brace >= 0 else len(blanked)].split("WHERE", 1)[0]
        projected = set(re.findall(r"[?$](\w+)", projection))
        if i == 0:  # the query itself: every parameter it uses
            wanted = [n for n in names if n not in projected]
            added = wanted
        elif "(" in projection or brace < 0:
            continue
        else:
            body = blanked[brace : _closing(blanked, brace) + 1]
            wanted = [n for n in names if n not in projected and re.search(rf"[?$]{n}(?!\w)", body)]
        if wanted:
            inserts.append((match.end(), wanted))
    for at, wanted in reversed(inserts):
        sparql = sparql[:at] + "".join(f"?{n} " for n in wanted) + sparql[at:]
    return sparql, added


def _closing(text: str, start: int) -> int:
    """The offset of the brace that closes the one at `start` (the end of the text if none)."""
    depth = 0
    for at in range(start, len(text)):
        if text[at] == "{":
            depth += 1
        elif text[at] == "}":
            depth -= 1
            if depth == 0:
                return at
    return len(text) - 1


def refuse_service(sparql: str, limits: Limits) -> None:
    if not limits.allow_service and uses_service(sparql):
        raise QueryError(
            "federated queries (SERVICE) are refused: they make the store fetch other servers",
            hint="allow them with --allow-service",
        )


@dataclass(frozen=True)
class Job:
    """One query for a child: the store, the query, $name values, and what to give back."""

    location: str
    sparql: str
    prefixes: dict[str, str]
    values: dict[str, str]
    output: str  # "answer" (a pickled Answer) or a result format: "json", "xml", "csv", "tsv", "ttl", "nt", "nq", "rdf"


def run(job: Job, limits: Limits, cancelled: Callable[[], bool] | None = None) -> tuple[str, bytes]:
    """(media kind, bytes) of a query run in a child process within `limits`.

    The kind is "answer" for a pickled Answer, else the result's media type. QueryError for a
    malformed query, a refused SERVICE, a query stopped by time or memory, or an answer over
    the size limit; Cancelled when `cancelled()` turned true while it ran.
    """
    refuse_service(job.sparql, limits)
    context = _context()
    with tempfile.TemporaryDirectory(prefix="kg-query-") as tmp:
        out = Path(tmp) / "answer"
        child = context.Process(target=_child, args=(job, limits.answer_bytes, str(out)), daemon=True)
        child.start()
        RUNNING.add(child.pid)
        started = time.monotonic()
        try:
            while child.is_alive():
                child.join(0.02)
                if not child.is_alive():
                    break
                if limits.timeout is not None and time.monotonic() - started > limits.timeout:
                    raise QueryError(
                        f"the query was stopped after {limits.timeout:g} s", hint="allow more with --timeout"
                    )
                if limits.memory is not None and _rss(child.pid) > limits.memory:
                    raise QueryError(
                        f"the query was stopped: it used more than {limits.memory // 1_000_000:,} MB",
                        hint="allow more with --max-memory",
                    )
                if cancelled is not None and cancelled():
                    raise Cancelled("the query was stopped: the client went away")
        finally:
            if child.is_alive():
                child.kill()
                child.join()
            RUNNING.discard(child.pid)
        error = out.with_suffix(".error")
        if error.exists():
            raise QueryError(error.read_text(encoding="utf-8"))
        # the kind is written last: with it, the answer is whole, whatever exit status the fork
        # server reported (it reports 255 when a status is lost among many children at once)
        if not out.with_suffix(".kind").exists():
            if out.with_suffix(".too-large").exists():
                raise QueryError(
                    f"the answer is larger than {limits.answer_bytes:,} bytes",
                    hint="ask for fewer rows (LIMIT) or allow more with --max-answer",
                )
            raise QueryError(f"the query process ended abruptly (exit status {child.exitcode})")
        kind = out.with_suffix(".kind").read_text(encoding="utf-8")
        return kind, out.read_bytes()


def stop_all() -> None:
    """Kill every query process still running (a server that stops)."""
    for pid in list(RUNNING):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _context() -> Any:
    """A fork server that has kg.store.bounded and pyoxigraph loaded but no store open: a
    process forked from one that has a store open (and the storage engine's threads) can
    crash when it opens another."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", "kg.store.bounded", "kg.store.embedded", "pyoxigraph"])
    return context


def _rss(pid: int | None) -> int:
    """Resident memory of a process in bytes (0 where /proc does not tell)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


# -- the child -----------------------------------------------------------------------------------
RESULT_FORMATS = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}
GRAPH_FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "rdf": "RDF_XML", "nq": "N_QUADS", "jsonld": "JSON_LD"}
MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "nq": "application/n-quads",
    "jsonld": "application/ld+json",
}


class Capped(io.RawIOBase):
    """A file that refuses to grow past a size: an answer stops being written at the limit."""

    def __init__(self, stream: Any, limit: int | None) -> None:
        self.stream, self.limit, self.size = stream, limit, 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.size += len(data)
        if self.limit is not None and self.size > self.limit:
            raise TooLarge(errno.EFBIG, "the answer is over its size limit")
        return int(self.stream.write(data))


class TooLarge(OSError):
    """An answer passed its size limit."""


def _child(job: Job, answer_bytes: int | None, out: str) -> None:
    """Open the store read-only, answer the query into `out`; an error message into out.error."""
    _die_with()
    path = Path(out)
    try:
        kind, write = answer(job)
        with path.open("wb") as stream:
            write(Capped(stream, answer_bytes))
        path.with_suffix(".kind").write_text(kind, encoding="utf-8")
    except QueryError as exc:
        path.with_suffix(".error").write_text(str(exc), encoding="utf-8")
    except TooLarge:
        path.with_suffix(".too-large").write_text("", encoding="utf-8")
    except Exception as exc:  # the store, the engine, the serializer
        path.with_suffix(".error").write_text(f"query failed: {' '.join(str(exc).split())[:300]}", encoding="utf-8")


def answer(job: Job, store: Any = None) -> tuple[str, Callable[[Any], object]]:
    """(kind, writer) of a query's answer: the writer puts it in a binary stream. The store is
    opened read-only unless an open one is given (a warm query process's)."""
    import pyoxigraph as ox

    from kg.store.embedded import answer_of

    if store is None:
        try:
            store = ox.Store.read_only(job.location)
        except Exception as exc:  # OSError, or the engine's own error for a store being rewritten
            raise QueryError(f"{job.location}: cannot open the store ({' '.join(str(exc).split())[:200]})") from None
    substitutions: dict[Any, Any] = {ox.Variable(name): ox.Literal(value) for name, value in job.values.items()}
    sparql, added = projecting(job.sparql, list(job.values))
    try:
        result = store.query(
            sparql, use_default_graph_as_union=True, prefixes=job.prefixes, substitutions=substitutions
        )
    except SyntaxError as exc:
        from kg.store.base import check_syntax

        check_syntax(job.sparql)  # rdflib's message names the line and column
        raise QueryError(f"SPARQL syntax error: {' '.join(str(exc).split())[:300]}") from None
    except Exception as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())[:300]}") from None
    try:
        if job.output == "answer":
            answer = answer_of(result, drop=added)
            return "answer", lambda stream: pickle.dump(answer, stream, protocol=pickle.HIGHEST_PROTOCOL)
        graph = isinstance(result, ox.QueryTriples)
        table = GRAPH_FORMATS if graph else RESULT_FORMATS
        output = job.output if job.output in table else ("ttl" if graph else "json")
        if graph:
            fmt = getattr(ox.RdfFormat, table[output])
            return MEDIA[output], lambda stream: ox.serialize(result, stream, fmt)  # type: ignore[arg-type]
        fmt = getattr(ox.QueryResultsFormat, table[output])
        if added and isinstance(result, ox.QuerySolutions):
            raise QueryError("parameters are bound in the answer of a query kg runs itself, not in a server's")
        return MEDIA[output], lambda stream: result.serialize(stream, fmt)
    except QueryError:
        raise
    except Exception as exc:  # evaluation is lazy: errors can surface while reading rows
        raise QueryError(f"query failed: {' '.join(str(exc).split())[:300]}") from None


def _die_with() -> None:
    """The child dies with its parent (kill -9 included): a query is never left running alone."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before the signal was asked for
        os._exit(1)
