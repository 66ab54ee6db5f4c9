"""The servers a benchmark run compares: start them on free loopback ports, watch, stop them.

Each ``ServerProcess`` is one server under test: ``redis-server`` (the reference every ratio
is taken against), miniredis (``python -m miniredis``), optionally miniredis from another
source tree (a before/after comparison), fakeredis's TCP server, or any server given by URL
(not started, and with no CPU or memory figures, since its process is not ours to read).

CPU and memory come from ``/proc/<pid>/stat`` (``utime`` + ``stime``, in clock ticks: 10 ms
each, so a run must last long enough for the tick to be small beside it) and
``/proc/<pid>/status`` (``VmRSS``). They count the whole process, every thread.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import hiredis
import redis

HOST = "127.0.0.1"
CLOCK_TICK = os.sysconf("SC_CLK_TCK")
REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nobody listens on right now (the kernel picks it)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class ServerProcess:
    """A server to benchmark. ``kind``: redis, miniredis, fakeredis or url."""

    label: str
    kind: str
    port: int = 0
    host: str = HOST
    source: Path = REPO  # for miniredis: the source tree to run
    extra_args: list[str] = field(default_factory=list)
    proc: subprocess.Popen[bytes] | None = None

    # --- life cycle -------------------------------------------------------------------------
    def start(self, timeout: float = 15.0) -> None:
        """Start the process (not for ``url``) and wait until it answers PING."""
        if self.kind == "url":
            self.wait_ready(timeout)
            return
        self.port = free_port()
        if self.kind == "redis":
            argv = [
                redis_server_path(),
                "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no",
                *self.extra_args,
            ]  # fmt: skip
            env = None
        elif self.kind == "miniredis":
            argv = [
                sys.executable, "-m", "miniredis",
                "--port", str(self.port), "--bind", HOST, "--save", "", *self.extra_args,
            ]  # fmt: skip
            env = {**os.environ, "PYTHONPATH": str(self.source)}
        elif self.kind == "fakeredis":
            code = (
                "from fakeredis import TcpFakeServer\n"
                f"TcpFakeServer(({HOST!r}, {self.port}), server_type='redis').serve_forever()\n"
            )
            argv, env = [sys.executable, "-c", code], None
        else:
            raise ValueError(f"unknown server kind {self.kind!r}")
        self.proc = subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=self.source
        )
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"{self.label} exited with {self.proc.returncode} at start")
            try:
                with self.client() as r:
                    r.ping()
                return
            except (redis.ConnectionError, redis.TimeoutError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{self.label} did not answer PING in {timeout}s") from None
                time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 5 s; idempotent."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)

    def restart(self) -> None:
        """A fresh, empty process (for memory measurements); a URL target is flushed instead."""
        if self.kind == "url":
            with self.client() as r:
                r.flushall()
            return
        self.stop()
        self.start()

    # --- looking at it ----------------------------------------------------------------------
    def client(self) -> redis.Redis:
        """A RESP2 redis-py client, no retries (a failure must show, not be hidden)."""
        return redis.Redis(
            host=self.host, port=self.port, protocol=2, socket_timeout=30, retry_on_timeout=False
        )

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def cpu_seconds(self) -> float | None:
        """User + system CPU the process has used so far (None for a URL target)."""
        if self.pid is None:
            return None
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICK  # utime, stime (fields 14, 15)

    def rss_bytes(self) -> int | None:
        """Resident set size now (``VmRSS``), or None for a URL target."""
        if self.pid is None:
            return None
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return None

    def used_memory(self) -> int | None:
        """``INFO memory``'s ``used_memory``, when the server reports it."""
        with contextlib.suppress(redis.RedisError), self.client() as r:
            value = r.info("memory").get("used_memory")
            return int(value) if value is not None else None
        return None

    def has_command(self, name: str) -> bool:
        """Does the server know ``name``? (``COMMAND INFO`` answers null for unknown names.)"""
        reply = self.raw_command(b"COMMAND", b"INFO", name.encode())
        return isinstance(reply, list) and bool(reply) and reply[0] is not None

    def raw_command(self, *args: bytes) -> object:
        """Send one command and return hiredis's reading of the reply (no client callbacks)."""
        reader = hiredis.Reader()
        with socket.create_connection((self.host, self.port), timeout=30) as sock:
            sock.sendall(hiredis.pack_command(args))
            while (reply := reader.gets()) is False:
                data = sock.recv(65536)
                if not data:
                    raise ConnectionError(f"{self.label} closed the connection")
                reader.feed(data)
        return reply


def url_server(url: str) -> ServerProcess:
    """``redis://host:port`` -> a target we benchmark but do not start or measure."""
    parsed = urlparse(url if "://" in url else f"redis://{url}")
    host, port = parsed.hostname or HOST, parsed.port or 6379
    return ServerProcess(label=f"{host}:{port}", kind="url", host=host, port=port)


def redis_server_path() -> str:
    path = os.environ.get("REDIS_SERVER") or shutil.which("redis-server")
    if not path:
        raise SystemExit("redis-server is not on PATH (apt-get install redis-server)")
    return path


def redis_benchmark_path() -> str:
    path = shutil.which("redis-benchmark")
    if not path:
        raise SystemExit("redis-benchmark is not on PATH (apt-get install redis-tools)")
    return path
