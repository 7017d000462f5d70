"""A private mosquitto broker on loopback, for the embedded demo, the tests and the benchmark.

Deployments run their own broker (docker-compose); what matters for no loss there is in
the config written here: QoS 1 messages for an absent or slow gateway are queued without
a count limit (mosquitto drops them beyond ``max_queued_messages``, 1000 by default).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

CONFIG = """\
listener {port} {host}
allow_anonymous true
persistence false
max_queued_messages 0
max_queued_bytes 0
max_inflight_messages 0
log_dest file {log}
log_type error
log_type warning
"""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def mosquitto_binary() -> str:
    found = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    if not Path(found).exists():
        raise FileNotFoundError("mosquitto is not installed (apt-get install mosquitto)")
    return found


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie has ended, whoever has yet to reap it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


class EmbeddedBroker:
    def __init__(self, folder: Path, port: int | None = None, host: str = "127.0.0.1"):
        self.folder = folder
        self.host = host
        self.port = port or free_port(host)
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def log_file(self) -> Path:
        return self.folder / "mosquitto.log"

    @property
    def pid_file(self) -> Path:
        return self.folder / "mosquitto.pid"

    def _stop_stale(self, config: Path) -> None:
        """Stop a mosquitto left running on this folder's config by a run that was killed."""
        try:
            pid = int(self.pid_file.read_text())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            return
        if str(config).encode() not in cmdline or not any(b"mosquitto" in part for part in cmdline):
            return
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)

    def start(self, timeout: float = 10.0) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "mosquitto.conf"
        self._stop_stale(config)
        text = CONFIG.format(port=self.port, host=self.host, log=self.log_file)
        if os.geteuid() == 0:
            text += "user root\n"  # else mosquitto drops to a user that cannot write its log here
        config.write_text(text)
        self._process = subprocess.Popen(
            [mosquitto_binary(), "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        self.pid_file.write_text(str(self._process.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"mosquitto exited: {self._process.stderr.read().decode(errors='replace')}"
                )
            try:
                with socket.create_connection((self.host, self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"mosquitto did not listen on {self.host}:{self.port}")

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None
        self.pid_file.unlink(missing_ok=True)
