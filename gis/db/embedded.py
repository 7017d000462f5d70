"""The embedded default database: a private PostgreSQL + PostGIS cluster in a local folder.

With no ``PARKMAP_DATABASE_URL`` the app creates, starts and stops this cluster itself,
using the system's PostgreSQL binaries.  ``initdb`` refuses to run as root, so when we are
root the cluster belongs to the unprivileged ``postgres`` user and every server command is
run as that user.  The cluster listens on its own Unix socket (trusted: the socket folder
is private) and on 127.0.0.1 with a generated password.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pwd
import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from gis.errors import StoreUnavailable
from gis.settings import StoreSettings, store_settings

log = logging.getLogger(__name__)

SERVER_SETTINGS = {
    "jit": "off",
    "listen_addresses": "'127.0.0.1'",
    "max_connections": "200",
    "shared_buffers": "'256MB'",
    "work_mem": "'16MB'",
    "maintenance_work_mem": "'256MB'",
    "max_wal_size": "'2GB'",
    "log_min_messages": "warning",
    "log_min_duration_statement": "2000",
}


def postgres_bindir() -> Path:
    """The newest PostgreSQL server binaries installed on this machine."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise StoreUnavailable(
        "PostgreSQL server binaries not found: install PostgreSQL and PostGIS "
        "(the ./parkmap script does this on Debian/Ubuntu) or set PARKMAP_DATABASE_URL"
    )


@dataclass(frozen=True)
class ClusterStatus:
    initialised: bool
    running: bool
    data_dir: Path
    socket_dir: Path
    port: int

    def describe(self) -> str:
        state = "running" if self.running else ("stopped" if self.initialised else "not created")
        return f"embedded PostGIS {state}: data {self.data_dir}, socket {self.socket_dir}, port {self.port}"


class EmbeddedCluster:
    """Create, start, stop and reset the private cluster under ``settings.home``."""

    def __init__(self, settings: StoreSettings | None = None):
        self.settings = settings or store_settings()
        self.home = self.settings.home.resolve()
        self.as_root = os.geteuid() == 0
        base = self._cluster_base()
        self.data_dir = base / "pgdata"
        self.socket_dir = base / "run"
        self.log_file = base / "postgres.log"
        self.password_file = self.home / "db-password"
        self.bindir = postgres_bindir()

    def _cluster_base(self) -> Path:
        """The local folder, or, when ``postgres`` cannot reach it, a folder it can."""
        if not self.as_root or _user_can_enter("postgres", self.home.parent):
            return self.home
        digest = hashlib.sha1(str(self.home).encode()).hexdigest()[:12]
        return Path("/var/lib/parkmap") / digest

    # -- commands -------------------------------------------------------------------

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True)

    @property
    def port(self) -> int:
        """The port the running cluster listens on (from postmaster.pid), else the configured one.

        A cluster started with another ``PARKMAP_DB_PORT`` (a test run with its own port, say)
        is joined where it is rather than restarted under whoever else is using it.
        """
        try:
            lines = (self.data_dir / "postmaster.pid").read_text().splitlines()
            return int(lines[3])
        except (OSError, IndexError, ValueError):
            return self.settings.db_port

    def status(self) -> ClusterStatus:
        initialised = (self.data_dir / "PG_VERSION").exists()
        running = False
        if initialised:
            running = self._run("pg_ctl", "status", "-D", str(self.data_dir), check=False).returncode == 0
        return ClusterStatus(initialised, running, self.data_dir, self.socket_dir, self.port)

    def init(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.home.mkdir(parents=True, exist_ok=True)
        for folder in (self.data_dir, self.socket_dir):
            folder.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(self.data_dir.parent, "postgres")
            for folder in (self.data_dir, self.socket_dir):
                shutil.chown(folder, "postgres", "postgres")
        self.data_dir.chmod(0o700)
        self.socket_dir.chmod(0o700)
        password = secrets.token_urlsafe(24)
        pwfile = self.data_dir.parent / ".initdb-pw"
        pwfile.write_text(password + "\n")
        if self.as_root:
            shutil.chown(pwfile, "postgres")
        try:
            result = self._run(
                "initdb",
                "-D",
                str(self.data_dir),
                "-U",
                self.settings.db_user,
                "-E",
                "UTF8",
                "--locale=C",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                f"--pwfile={pwfile}",
                check=False,
            )
        finally:
            pwfile.unlink(missing_ok=True)
        if result.returncode != 0:
            raise StoreUnavailable(f"initdb failed: {result.stderr.strip() or result.stdout.strip()}")
        self.password_file.write_text(password + "\n")
        self.password_file.chmod(0o600)
        conf = dict(SERVER_SETTINGS)
        conf["port"] = str(self.settings.db_port)
        conf["unix_socket_directories"] = f"'{self.socket_dir}'"
        with open(self.data_dir / "postgresql.conf", "a") as f:
            f.write("\n# ParkMap embedded cluster\n")
            f.writelines(f"{key} = {value}\n" for key, value in conf.items())
        log.info("created embedded cluster in %s", self.data_dir)

    def start(self) -> ClusterStatus:
        self.init()
        current = self.status()
        if not current.running:
            result = self._run(
                "pg_ctl",
                "start",
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-o",
                f"-p {self.settings.db_port}",
                "-w",
                "-t",
                "90",
                check=False,
            )
            if result.returncode != 0:
                tail = _tail(self.log_file)
                raise StoreUnavailable(f"embedded PostgreSQL did not start: {result.stderr.strip()}\n{tail}")
        if self.port != self.settings.db_port:
            log.warning(
                "the embedded cluster was already running on port %s (PARKMAP_DB_PORT is %s): using it there",
                self.port,
                self.settings.db_port,
            )
        self._ensure_database(self.settings.db_name)
        return self.status()

    def stop(self) -> None:
        if self.status().running:
            self._run("pg_ctl", "stop", "-D", str(self.data_dir), "-m", "fast", "-w", "-t", "60")

    def reset(self) -> None:
        """Stop the cluster and delete it with all its data."""
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)
        shutil.rmtree(self.socket_dir, ignore_errors=True)
        self.log_file.unlink(missing_ok=True)
        self.password_file.unlink(missing_ok=True)

    # -- databases ------------------------------------------------------------------

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = self._run(
            "psql",
            "-h",
            str(self.socket_dir),
            "-p",
            str(self.port),
            "-U",
            self.settings.db_user,
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-Atqc",
            sql,
            check=False,
        )
        if result.returncode != 0:
            raise StoreUnavailable(f"psql failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def _ensure_database(self, name: str) -> None:
        exists = self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{_literal(name)}'")  # noqa: S608 -- a literal quoted by _literal
        if not exists:
            self.psql(f'CREATE DATABASE "{name}"')

    def create_database(self, name: str) -> str:
        """A fresh, empty database (dropped first if it exists); returns its URL."""
        self.drop_database(name)
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def url(self, database: str | None = None) -> str:
        db = database or self.settings.db_name
        return f"postgresql://{self.settings.db_user}@/{db}?host={self.socket_dir}&port={self.port}"

    def tcp_url(self, database: str | None = None) -> str:
        """A TCP URL with the generated password, for tools that cannot use the socket."""
        db = database or self.settings.db_name
        password = self.password_file.read_text().strip()
        return f"postgresql://{self.settings.db_user}:{password}@127.0.0.1:{self.port}/{db}"

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (
                self._run(
                    "pg_isready", "-h", str(self.socket_dir), "-p", str(self.port), check=False
                ).returncode
                == 0
            ):
                return
            time.sleep(0.2)
        raise StoreUnavailable("embedded PostgreSQL is not accepting connections")


def _literal(value: str) -> str:
    return value.replace("'", "''")


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _user_can_enter(user: str, folder: Path) -> bool:
    """Whether ``user`` can traverse every folder down to ``folder``."""
    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    result = subprocess.run(["runuser", "-u", user, "--", "test", "-x", str(folder)], capture_output=True)
    return result.returncode == 0


def database_url(settings: StoreSettings | None = None) -> str:
    """The URL of the store: ``PARKMAP_DATABASE_URL`` or the embedded cluster's socket URL."""
    settings = settings or store_settings()
    if settings.database_url:
        return settings.database_url
    return EmbeddedCluster(settings).url()
