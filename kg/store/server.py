"""`kg serve`: the store over the SPARQL 1.1 Protocol, with Oxigraph's own HTTP server.

The server is the `oxigraph` binary of the `oxigraph` PyPI package. `kg serve` runs
`oxigraph serve-read-only`: it answers queries at /query (GET or POST) and refuses updates
and Graph Store writes, and its default graph is the union of the articles' graphs, as in
`kg query`. `--timeout` becomes Oxigraph's `--timeout-s`, which bounds query evaluation only.
Trap: reading a folder that another process is writing is undefined behaviour in Oxigraph;
stop `kg ingest` first, or serve a copy made with `oxigraph backup`.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

from kg.errors import StoreError

HOST = "127.0.0.1"
PORT = 7878


def oxigraph_binary() -> str:
    """The `oxigraph` server binary: next to this Python (a venv's bin/), else on PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.is_file() else shutil.which("oxigraph")
    if found is None:
        raise StoreError("the `oxigraph` server is not installed; run `pip install oxigraph==0.5.13`")
    return found


def free_port(host: str = HOST) -> int:
    """A TCP port that nothing listens on now (for tests and benches)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def server_command(
    location: str | Path | None,
    host: str = HOST,
    port: int = PORT,
    read_only: bool = True,
    timeout: float | None = None,
) -> list[str]:
    """The argv of an Oxigraph server; location None is an in-memory read-write server."""
    argv = [oxigraph_binary(), "serve-read-only" if read_only else "serve"]
    if location is not None:
        argv += ["--location", str(location)]
    elif read_only:
        raise StoreError("a read-only server needs a store folder")
    argv += ["--bind", f"{host}:{port}", "--union-default-graph"]
    if timeout is not None:
        argv += ["--timeout-s", str(max(1, round(timeout)))]
    return argv


class Server:
    """A running Oxigraph server process; a context manager that stops it on exit.

    >>> with Server("./kg-store", port=free_port()) as server:     # doctest: +SKIP
    ...     RemoteStore(server.url).article_count()
    """

    def __init__(
        self,
        location: str | Path | None,
        host: str = HOST,
        port: int = PORT,
        read_only: bool = True,
        timeout: float | None = None,
    ) -> None:
        if read_only and location is not None and not Path(location).is_dir():
            raise StoreError(f"{location}: no store here yet", hint="run `kg ingest` first or pass --store")
        self.url = f"http://{host}:{port}"
        self.argv = server_command(location, host, port, read_only, timeout)
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self, wait: float = 30.0) -> Server:
        """Start the server and return once it answers a query (StoreError if it does not)."""
        # stderr to a file, not a pipe: a pipe nobody reads would block a chatty server
        self._log = tempfile.TemporaryFile()  # noqa: SIM115  (kept open while the server runs; closed by stop)
        self.process = subprocess.Popen(
            self.argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log
        )
        try:
            self._wait_until_ready(wait)
        except BaseException:  # Ctrl-C while starting must not leave the server running
            self.stop()
            raise
        return self

    def _wait_until_ready(self, wait: float) -> None:
        assert self.process is not None and self._log is not None
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.seek(0)
                lines = [line for line in self._log.read().decode("utf-8", "replace").splitlines() if line.strip()]
                raise StoreError(f"{self.url}: the server stopped at start: {lines[-1] if lines else 'no message'}")
            if _answers(self.url):
                return
            time.sleep(0.05)
        raise StoreError(f"{self.url}: the server did not answer within {wait:.0f} s")

    def run(self, on_ready: Callable[[str], None] | None = None) -> int:
        """Start, tell `on_ready(url)`, serve until the server exits or Ctrl-C / SIGTERM; exit status."""
        if threading.current_thread() is threading.main_thread():  # `kill` stops the server too
            signal.signal(signal.SIGTERM, _interrupt)
        try:
            self.start()
            if on_ready is not None:
                on_ready(self.url)
            assert self.process is not None
            return self.process.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            self.stop()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _answers(url: str) -> bool:
    request = urllib.request.Request(
        url + "/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"}
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=1) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False
