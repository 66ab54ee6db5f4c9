"""Shared fixtures and payloads for the microbenchmarks.

Every benchmark in a group does the same unit of work on the same bytes, and asserts on its
result, so a fast wrong answer fails instead of winning. Group names read as
``<area>: <payload>``; within a group the ``ops`` column (calls per second) and the
``(1.0)``/``(2.31)`` ratios under each column compare the implementations directly.
"""

from __future__ import annotations

import pytest

from miniredis.config import Config
from miniredis.server import Server
from miniredis.session import Session


def pack(*args: bytes) -> bytes:
    """The canonical multibulk encoding of one command, as every client library sends it."""
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        out.append(b"$%d\r\n%s\r\n" % (len(arg), arg))
    return b"".join(out)


def set_get_pipeline(n: int) -> bytes:
    """``n`` commands alternating ``SET key:<i> <16-byte value>`` and ``GET key:<i>``."""
    parts = []
    for i in range(n):
        key = b"key:%06d" % (i // 2)
        if i % 2 == 0:
            parts.append(pack(b"SET", key, b"v" * 16))
        else:
            parts.append(pack(b"GET", key))
    return b"".join(parts)


ONE_MIB = 1024 * 1024

# name -> (request bytes, number of commands in it). Shared by the parser benchmarks.
PARSER_PAYLOADS: dict[str, tuple[bytes, int]] = {
    "single-SET": (pack(b"SET", b"key:000001", b"x" * 16), 1),
    "single-GET": (pack(b"GET", b"key:000001"), 1),
    "pipeline-16": (set_get_pipeline(16), 16),
    "pipeline-1000": (set_get_pipeline(1000), 1000),
    "bulk-1MiB": (pack(b"SET", b"big", b"x" * ONE_MIB), 1),
    "inline-16": (b"SET key:1 hello\r\nGET key:1\r\n" * 8, 16),
}


@pytest.fixture
def server() -> Server:
    """A server that is never started: a keyspace, a config and stats, and no sockets."""
    return Server(Config())


@pytest.fixture
def session(server: Server) -> Session:
    """A RESP2 client session on ``server`` (what redis-benchmark speaks)."""
    return Session(server, server.next_client_id(), "127.0.0.1:50000", "127.0.0.1:6379")
