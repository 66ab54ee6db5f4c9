"""Start a server to load, and ask a target which commands it has. No locust here.

The runners (``smoke.py``, ``web.py``, ``compare.py``) need a server on a free loopback port
for the duration of one run, then gone: :func:`running_server` starts ``python -m miniredis``
or ``redis-server`` with the same redis-server style arguments and yields its URL::

    with running_server("miniredis") as url:      # "redis://127.0.0.1:41234/0"
        ...

A target may lack commands that some scenarios use (miniredis grows one command group at a
time). :func:`missing_commands` asks the target itself with ``COMMAND INFO``, whose reply has a
nil in place of each unknown command, so a runner can leave those scenarios out and say so,
instead of failing a run on "unknown command".
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from loadtest.resp_client import parse_target

__all__ = ["REPO_ROOT", "free_port", "missing_commands", "running_server", "wait_ready"]

HOST = "127.0.0.1"
REPO_ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 20.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _command_info(url: str, names: Iterable[str], timeout: float = 5.0) -> list[object]:
    from miniredis.client import Client

    target = parse_target(url)
    with Client(target.host, target.port, password=target.password, timeout=timeout) as client:
        reply = client.execute("COMMAND", "INFO", *names)
    return list(reply)


def wait_ready(
    url: str, timeout: float = STARTUP_TIMEOUT, proc: subprocess.Popen | None = None
) -> None:
    """Wait until the server at ``url`` answers ``PING``; ``RuntimeError`` if it never does."""
    from miniredis.client import Client, CommandError

    target = parse_target(url)
    deadline = time.monotonic() + timeout
    while True:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        try:
            with Client(target.host, target.port, password=target.password, timeout=2) as c:
                c.execute("PING")
                return
        except CommandError:  # NOAUTH, LOADING...: it answers, so it is up
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{target.url} did not answer PING within {timeout}s") from None
            time.sleep(0.1)


def missing_commands(url: str, names: Iterable[str]) -> set[str]:
    """The commands among ``names`` that the server at ``url`` does not know (upper case)."""
    wanted = sorted({name.upper() for name in names})
    if not wanted:
        return set()
    infos = _command_info(url, wanted)
    return {name for name, info in zip(wanted, infos, strict=True) if info is None}


def server_argv(kind: str, port: int, extra: Iterable[str] = ()) -> list[str]:
    """The command line that starts ``kind`` ("miniredis" or "redis") on ``port``."""
    common = ["--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no", *extra]
    if kind == "miniredis":
        return [sys.executable, "-m", "miniredis", *common]
    if kind == "redis":
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server not found on PATH (apt-get install redis-server)")
        return [binary, *common, "--daemonize", "no"]
    raise ValueError(f"unknown server kind {kind!r}: use 'miniredis' or 'redis'")


@contextlib.contextmanager
def running_server(kind: str, port: int | None = None, extra: Iterable[str] = ()) -> Iterator[str]:
    """Run ``kind`` on ``port`` (a free one by default) for the ``with`` block; yield its URL.

    The server's output goes to a temporary log, printed if it fails to start. It is stopped
    with SIGTERM (then SIGKILL after 5 s) however the block ends.
    """
    port = port or free_port()
    argv = server_argv(kind, port, extra)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    url = f"redis://{HOST}:{port}/0"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=REPO_ROOT, env=env)
        try:
            try:
                wait_ready(url, proc=proc)
            except RuntimeError as exc:
                log.seek(0)
                output = log.read().decode(errors="replace")
                raise RuntimeError(f"{kind} did not start: {exc}\n{output}") from None
            yield url
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
