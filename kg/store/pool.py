"""Warm query processes for `kg serve`: each keeps the store open, answers one query at a time,
and is killed (and replaced) when a query passes its bounds or its client leaves.

Forking a process and opening the store for every query costs tens of milliseconds, which
under fifty concurrent clients on two cores queues into seconds; a warm process answers a
small query in about a millisecond. The bounds are those of kg.store.bounded: the same
Limits, the same one-line errors. A process reopens the store when it was written since
(`generation`), so every query sees every write made before it started.
"""

from __future__ import annotations

import contextlib
import os
import queue
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.errors import QueryError
from kg.store import bounded
from kg.store.bounded import Cancelled, Job, Limits


class _Worker:
    """One query process and the parent's end of its pipe."""

    def __init__(self, context: Any, answer_bytes: int | None) -> None:
        self.conn, child_conn = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_conn, answer_bytes), daemon=True)
        self.process.start()
        child_conn.close()

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
            self.process.join(5)
        with contextlib.suppress(OSError):
            self.conn.close()


class QueryPool:
    """`size` warm query processes; `run` waits for a free one."""

    def __init__(self, size: int, limits: Limits) -> None:
        self.limits = limits
        self.context = bounded._context()
        self.generation = 0  # bumped by every write; a process reopens the store when it changed
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.tmp = tempfile.mkdtemp(prefix="kg-serve-")
        self._count = 0
        self._lock = threading.Lock()
        for _ in range(size):
            self.idle.put(_Worker(self.context, limits.answer_bytes))

    def run(self, job: Job, cancelled: Callable[[], bool] | None = None) -> tuple[str, bytes]:
        bounded.refuse_service(job.sparql, self.limits)
        worker = self.idle.get()
        with self._lock:
            self._count += 1
            out = Path(self.tmp) / f"answer-{self._count}"
        healthy = False
        try:
            worker.conn.send((job, self.generation, str(out)))
            bounded.RUNNING.add(worker.process.pid)
            reply = self._wait(worker, cancelled)
            healthy = self.limits.memory is None or bounded._rss(worker.process.pid) < self.limits.memory // 2
            return self._answer(reply, out)
        finally:
            bounded.RUNNING.discard(worker.process.pid)
            if not healthy:  # stopped mid-query, crashed, or grown large: a fresh one takes its place
                worker.kill()
                worker = _Worker(self.context, self.limits.answer_bytes)
            self.idle.put(worker)
            with contextlib.suppress(OSError):
                out.unlink()

    def _wait(self, worker: _Worker, cancelled: Callable[[], bool] | None) -> tuple[str, str]:
        started = time.monotonic()
        limits = self.limits
        while not worker.conn.poll(0.01):
            if not worker.process.is_alive():
                raise QueryError(f"the query process ended abruptly (exit status {worker.process.exitcode})")
            if limits.timeout is not None and time.monotonic() - started > limits.timeout:
                raise QueryError(f"the query was stopped after {limits.timeout:g} s", hint="allow more with --timeout")
            if limits.memory is not None and bounded._rss(worker.process.pid) > limits.memory:
                raise QueryError(
                    f"the query was stopped: it used more than {limits.memory // 1_000_000:,} MB",
                    hint="allow more with --max-memory",
                )
            if cancelled is not None and cancelled():
                raise Cancelled("the query was stopped: the client went away")
        try:
            reply: tuple[str, str] = worker.conn.recv()
        except (EOFError, OSError):
            raise QueryError(f"the query process ended abruptly (exit status {worker.process.exitcode})") from None
        return reply

    def _answer(self, reply: tuple[str, str], out: Path) -> tuple[str, bytes]:
        status, text = reply
        if status == "ok":
            return text, out.read_bytes()
        if status == "too-large":
            raise QueryError(
                f"the answer is larger than {self.limits.answer_bytes:,} bytes",
                hint="ask for fewer rows (LIMIT) or allow more with --max-answer",
            )
        raise QueryError(text)

    def close(self) -> None:
        bounded.stop_all()
        while True:
            try:
                self.idle.get_nowait().kill()
            except queue.Empty:
                break
        with contextlib.suppress(OSError):
            for leftover in Path(self.tmp).iterdir():
                leftover.unlink()
            os.rmdir(self.tmp)


def _serve(conn: Any, answer_bytes: int | None) -> None:
    """A query process: take (job, generation, answer file), answer, reply; until the pipe closes."""
    bounded._die_with()
    store: Any = None
    opened: tuple[str, int] | None = None
    while True:
        try:
            job, generation, out = conn.recv()
        except (EOFError, OSError):
            return
        for attempt in range(_RETRIES):
            try:
                if opened != (job.location, generation):
                    import pyoxigraph as ox

                    store = None
                    store = ox.Store.read_only(job.location)
                    opened = (job.location, generation)
                kind, write = bounded.answer(job, store)
                with open(out, "wb") as stream:
                    write(bounded.Capped(stream, answer_bytes))
                conn.send(("ok", kind))
            except QueryError as exc:
                conn.send(("error", str(exc)))
            except bounded.TooLarge:
                conn.send(("too-large", ""))
            except Exception as exc:
                # the server's storage engine compacts in the background after a write and may
                # remove a file this process had open: open the store afresh and ask again
                store, opened = None, None
                if attempt < _RETRIES - 1 and _stale(exc):
                    time.sleep(0.02 * (attempt + 1))
                    continue
                conn.send(("error", f"query failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}"))
            break


_RETRIES = 6


def _stale(exc: Exception) -> bool:
    text = str(exc)
    return "Corruption" in text or "No such file" in text
