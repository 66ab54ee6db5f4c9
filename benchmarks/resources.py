"""Resource measurements: memory per key, memory per idle connection, latency beside them.

- **Memory per small string key.** A fresh server is filled with ``keys`` distinct
  ``SET key:<12 digits> xxx`` (16-byte keys, redis-benchmark's 3-byte value), pipelined
  10,000 at a time. Per key = (RSS after - RSS before) / keys, and the same for ``INFO
  memory``'s ``used_memory`` where the server reports it. RSS is what the machine pays;
  ``used_memory`` is the allocator's view (Redis's) or a server's own estimate.
- **Memory per idle connection.** ``connections`` sockets are opened to a fresh server (in
  batches that fit the listen backlog, waiting for the server to accept each batch), then
  left silent. Per connection = RSS delta / connections. ``accepted`` is ``INFO clients``'s
  ``connected_clients`` minus the connection asking, so it shows if any were refused.
- **Latency beside idle connections.** ``redis-benchmark -c 1 -P 1 -t get`` before the idle
  connections open and while they are open: p50/p99 of the one active client. An event loop
  that scans every connection per iteration shows up here.

Both servers are started with ``maxclients`` above ``connections`` (Redis's default, 10,000,
counts the measuring connection too), and the file-descriptor limit is raised first.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from typing import Any

from benchmarks.servers import ServerProcess

BATCH = 10_000
VALUE = b"xxx"
ACCEPT_BATCH = 256  # below the listen backlog (511), so no SYN is dropped and retried


def _set_batch(start: int, count: int) -> bytes:
    key = b"*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$3\r\n" + VALUE + b"\r\n"
    return b"".join([key % i for i in range(start, start + count)])


def load_string_keys(server: ServerProcess, keys: int) -> None:
    """``keys`` distinct SETs over one connection, pipelined; every reply must be +OK."""
    with socket.create_connection((server.host, server.port), timeout=60) as sock:
        for start in range(0, keys, BATCH):
            count = min(BATCH, keys - start)
            sock.sendall(_set_batch(start, count))
            want, got = 5 * count, bytearray()
            while len(got) < want:
                data = sock.recv(1 << 20)
                if not data:
                    raise ConnectionError(f"{server.label} closed the connection while loading")
                got += data
            if got != b"+OK\r\n" * count:
                raise RuntimeError(f"{server.label}: unexpected reply while loading: {got[:80]!r}")


def memory_per_key(server: ServerProcess, keys: int) -> dict[str, Any]:
    """Fill a fresh ``server`` with ``keys`` small strings; bytes per key (RSS, used_memory)."""
    server.restart()
    time.sleep(0.3)
    rss0, used0 = server.rss_bytes(), server.used_memory()
    started = time.monotonic()
    load_string_keys(server, keys)
    load_seconds = time.monotonic() - started
    time.sleep(0.3)
    rss1, used1 = server.rss_bytes(), server.used_memory()
    with server.client() as r:
        dbsize = int(r.dbsize())
    return {
        "keys": keys,
        "dbsize": dbsize,
        "load_seconds": round(load_seconds, 2),
        "rss_before": rss0,
        "rss_after": rss1,
        "rss_per_key": None if rss0 is None or rss1 is None else (rss1 - rss0) / keys,
        "used_memory_before": used0,
        "used_memory_after": used1,
        "used_memory_per_key": None if used0 is None or used1 is None else (used1 - used0) / keys,
    }


def _connected_clients(server: ServerProcess) -> int | None:
    try:
        with server.client() as r:
            return int(r.info("clients")["connected_clients"]) - 1  # minus this one
    except Exception:  # a server without INFO clients: unknown
        return None


def idle_connections(
    server: ServerProcess,
    connections: int,
    latency_probe: Callable[[ServerProcess], dict[str, Any]],
) -> dict[str, Any]:
    """Open ``connections`` idle sockets to a fresh ``server``; RSS per connection, p99 beside."""
    server.restart()
    time.sleep(0.3)
    before = latency_probe(server)
    rss0 = server.rss_bytes()
    socks: list[socket.socket] = []
    accepted: int | None = 0
    started = time.monotonic()
    try:
        for i in range(connections):
            socks.append(socket.create_connection((server.host, server.port), timeout=10))
            if (i + 1) % ACCEPT_BATCH == 0 or i + 1 == connections:
                deadline = time.monotonic() + 10
                while (accepted := _connected_clients(server)) is not None and accepted < len(
                    socks
                ):
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.01)
        connect_seconds = time.monotonic() - started
        time.sleep(0.5)
        rss1 = server.rss_bytes()
        accepted = _connected_clients(server)
        during = latency_probe(server)
    finally:
        for s in socks:
            s.close()
    return {
        "connections": connections,
        "accepted": accepted,
        "connect_seconds": round(connect_seconds, 2),
        "rss_before": rss0,
        "rss_after": rss1,
        "rss_per_connection": None if rss0 is None or rss1 is None else (rss1 - rss0) / connections,
        "active_client_before": before,
        "active_client_during": during,
    }
