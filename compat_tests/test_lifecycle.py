"""Server life cycle, as redis-server does it: signals, unix sockets, TCP disabled.

- SIGTERM and SIGINT mean a graceful shutdown: clients get the replies of what they sent, in
  whole, then EOF; the process exits 0 and logs "ready to exit".
- ``unixsocket`` adds a listener on a unix socket; ``port 0`` disables TCP altogether.

Each test starts a private server of the target's kind, since it stops it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from compat_tests.conftest import REPO_ROOT, Target
from compat_tests.rawclient import RawClient

EXIT_TIMEOUT = 10.0


def wait_exit(target: Target) -> int:
    proc = target.process.proc
    return proc.wait(EXIT_TIMEOUT)


@pytest.mark.needs_own_server("signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_stops_gracefully_with_exit_code_0(target: Target, signum: int) -> None:
    server = target.start_server()
    with RawClient(server.host, server.port) as client, RawClient(server.host, server.port) as idle:
        assert client.call("SET", "k", "v") == b"+OK\r\n"
        assert idle.call("PING") == b"+PONG\r\n"
        server.process.proc.send_signal(signum)
        assert wait_exit(server) == 0
        assert idle.read_until_closed() == b""  # answered in full before: nothing more, EOF
    assert "ready to exit" in server.process.log_tail()


@pytest.mark.needs_own_server("signals")
def test_shutdown_never_truncates_a_reply(target: Target) -> None:
    """A client pipelining when SIGTERM arrives gets whole replies only, then EOF."""
    server = target.start_server()
    with RawClient(server.host, server.port) as client:
        batch = b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n" * 5000
        client.send(batch)
        server.process.proc.send_signal(signal.SIGTERM)
        data = client.read_until_closed(timeout=EXIT_TIMEOUT)
    assert wait_exit(server) == 0
    assert data == b"+OK\r\n" * (len(data) // 5)


@pytest.mark.needs_own_server("unixsocket config")
def test_unix_socket_listener(target: Target, tmp_path: Path) -> None:
    path = str(tmp_path / "server.sock")
    server = target.start_server(unixsocket=path, unixsocketperm=700)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as unix:
        unix.settimeout(5)
        unix.connect(path)
        unix.sendall(b"SET viaunix 1\r\nGET viaunix\r\n")
        received = b""
        while received.count(b"\r\n") < 3:
            received += unix.recv(100)
    assert received == b"+OK\r\n$1\r\n1\r\n"
    assert oct(os.stat(path).st_mode & 0o777) == "0o700"
    with RawClient(server.host, server.port) as tcp:  # TCP still listens beside it
        assert tcp.call("GET", "viaunix") == b"$1\r\n1\r\n"
    server.process.proc.send_signal(signal.SIGTERM)
    assert wait_exit(server) == 0
    assert not os.path.exists(path)  # removed at shutdown, like Redis


@pytest.mark.needs_own_server("starts servers")
def test_port_0_disables_tcp(target: Target, tmp_path: Path) -> None:
    """``--port 0``: no TCP listener at all, the unix socket is the only way in."""
    path = str(tmp_path / "only.sock")
    if target.name == "redis":
        binary = shutil.which("redis-server")
        assert binary, "the target fixture already skips or fails without redis-server"
        argv = [binary]
    else:
        argv = [sys.executable, "-m", "miniredis"]
    argv += ["--port", "0", "--unixsocket", path, "--save", "", "--appendonly", "no"]
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    proc = subprocess.Popen(
        argv, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 15
        reply = b""
        while time.monotonic() < deadline and not reply:
            try:
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as unix:
                    unix.settimeout(5)
                    unix.connect(path)
                    unix.sendall(b"CONFIG GET port\r\n")
                    while not reply.endswith(b"$1\r\n0\r\n"):
                        chunk = unix.recv(100)
                        if not chunk:
                            break
                        reply += chunk
            except (FileNotFoundError, ConnectionRefusedError):
                time.sleep(0.05)
        assert reply == b"*2\r\n$4\r\nport\r\n$1\r\n0\r\n"
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(EXIT_TIMEOUT) == 0
