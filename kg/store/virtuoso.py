"""A Virtuoso Open Source 7 server in a folder of its own, for tests, benches and trials.

Debian's `virtuoso-opensource-7-bin` gives `virtuoso-t`; `VirtuosoServer(folder)` writes a
virtuoso.ini there (database, HTTP and ISQL ports on 127.0.0.1 only, no other directory
allowed), starts the server in the foreground, waits until its SPARQL endpoint answers and
stops it on exit. A new database's administrator is `dba` with password `dba`: fine on
127.0.0.1 for a trial, to be changed (`isql-vt`, `set password`) on a shared host.

kg talks to it as to any server (kg.store.engines): `--store http://dba:dba@127.0.0.1:PORT/sparql`.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from kg.errors import StoreError
from kg.store.server import HOST, free_port

USER, PASSWORD = "dba", "dba"

_INI = """[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
MaxCheckpointRemap = 2000

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = {host}:{isql_port}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = {folder}
MaxQueryMem = {query_mem}M

[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {folder}
MaxClientConnections = 8
ServerThreads = 8

[SPARQL]
ResultSetMaxRows = 100000000
MaxQueryExecutionTime = {timeout}
MaxQueryCostEstimationTime = {timeout}
"""


def virtuoso_binary() -> str:
    found = shutil.which("virtuoso-t")
    if found is None:
        raise StoreError(
            "Virtuoso is not installed (virtuoso-t not found)",
            hint="apt-get install virtuoso-opensource-7-bin",
        )
    return found


class VirtuosoServer:
    """A running Virtuoso on 127.0.0.1 whose database lives in `folder`; a context manager.

    >>> with VirtuosoServer(tmp / "virtuoso") as server:     # doctest: +SKIP
    ...     RemoteStore(server.store_url).article_count()
    """

    def __init__(self, folder: str | Path, memory_mb: int = 800, timeout: int = 300) -> None:
        self.folder = Path(folder).resolve()
        self.http_port, self.isql_port = free_port(), free_port()
        self.url = f"http://{HOST}:{self.http_port}/sparql"
        self.store_url = f"http://{USER}:{PASSWORD}@{HOST}:{self.http_port}/sparql"
        buffers = max(2000, memory_mb * 1024 // 8 * 2 // 3)  # 8 kB pages, two thirds of the memory given
        self._ini = _INI.format(
            folder=self.folder,
            host=HOST,
            isql_port=self.isql_port,
            http_port=self.http_port,
            buffers=buffers,
            dirty=buffers * 3 // 4,
            timeout=timeout,
            query_mem=max(200, memory_mb // 2),
        )
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, wait: float = 120.0) -> VirtuosoServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = self.folder / "virtuoso.ini"
        ini.write_text(self._ini, encoding="utf-8")
        log = (self.folder / "server.out").open("wb")
        self.process = subprocess.Popen(
            [virtuoso_binary(), "+foreground", "+configfile", str(ini)],
            cwd=self.folder,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + wait
        try:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise StoreError(f"{self.url}: Virtuoso stopped at start: {self._last_log_line()}")
                if self._answers():
                    return self
                time.sleep(0.2)
            raise StoreError(f"{self.url}: Virtuoso did not answer within {wait:.0f} s")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # Virtuoso checkpoints and exits on SIGTERM
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    def isql(self, sql: str, timeout: float = 7200.0) -> str:
        """Run SQL statements through `isql-vt` as the administrator; the output, or StoreError."""
        binary = shutil.which("isql-vt") or shutil.which("isql")
        if binary is None:
            raise StoreError("isql-vt is not installed", hint="apt-get install virtuoso-opensource-7-bin")
        run = subprocess.run(
            [binary, f"{HOST}:{self.isql_port}", USER, PASSWORD, f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if run.returncode != 0 or "*** Error" in run.stdout:
            lines = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
            raise StoreError(f"{self.url}: isql failed: {lines[-1] if lines else run.returncode}")
        return run.stdout

    def bulk_load(self, nquads: Path) -> None:
        """Load an N-Quads file with Virtuoso's bulk loader (each quad into its own graph), then
        checkpoint. The file must be inside the server's folder (DirsAllowed)."""
        path = Path(nquads).resolve()
        if path.parent != self.folder:
            raise StoreError(f"{path}: the bulk loader reads only files in {self.folder}")
        self.isql(f"ld_dir('{self.folder}', '{path.name}', 'urn:kg:bulk'); rdf_loader_run(); checkpoint;")

    def peak_rss_mb(self) -> float | None:
        """The server process's peak resident memory so far (Linux), in MB."""
        if self.process is None:
            return None
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        line = next((x for x in status.splitlines() if x.startswith("VmHWM:")), None)
        return int(line.split()[1]) / 1024 if line else None

    def _answers(self) -> bool:
        request = urllib.request.Request(
            self.url + "?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"}
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=2) as response:
                return int(response.status) == 200
        except (urllib.error.URLError, OSError):
            return False

    def _last_log_line(self) -> str:
        try:
            lines = (self.folder / "server.out").read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "no message"
        lines = [line for line in lines if line.strip()]
        return lines[-1] if lines else "no message"
