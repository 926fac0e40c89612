"""A throwaway PostgreSQL server for the tests: initdb and pg_ctl from the machine's PostgreSQL 15, in a temporary
folder, on a free port of 127.0.0.1, run as the `postgres` user when the tests run as root (PostgreSQL refuses root).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BIN_DIRS = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/14/bin")
START_SECONDS = 30


class PostgresUnavailable(Exception):
    """PostgreSQL cannot be started here; the message says why."""


@dataclass
class Postgres:
    """A running throwaway cluster: its URL, and stop/start to take it away and bring it back."""

    bin_dir: Path
    data: Path
    port: int
    user: str | None  # run the server as this user (when the tests run as root)

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of its `postgres` database (trust authentication on 127.0.0.1)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=START_SECONDS)
        if done.returncode != 0:
            raise PostgresUnavailable(f"{args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> None:
        """Start (or restart) the server and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.data / "log"), "-w", "start")

    def stop(self) -> None:
        """Stop the server at once (connections are cut)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def throwaway_postgres() -> Iterator[Postgres]:
    """A fresh PostgreSQL cluster for the duration; raises PostgresUnavailable when it cannot run here."""
    bin_dir = next((Path(d) for d in BIN_DIRS if (Path(d) / "initdb").exists()), None)
    if bin_dir is None and shutil.which("initdb"):
        bin_dir = Path(str(shutil.which("initdb"))).parent
    if bin_dir is None:
        raise PostgresUnavailable("no initdb found (install PostgreSQL 15's server package)")
    user = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as err:
            raise PostgresUnavailable("running as root and there is no postgres user to run the server as") from err
        user = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="sistercity-pg-"))
    data = folder / "data"
    try:
        if user is not None:
            shutil.chown(folder, user=user)
        server = Postgres(bin_dir, data, _free_port(), user)
        server._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        server.start()
        try:
            yield server
        finally:
            with contextlib.suppress(PostgresUnavailable):  # already stopped by a test
                server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
