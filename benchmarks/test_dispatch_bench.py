"""Dispatch: a parsed command in, a reply value out, on a warm keyspace and without sockets.

This is ``dispatch.dispatch`` -- lookup, arity, auth, MULTI gates, one clock snapshot, the
handler, the command's stats -- i.e. everything a request costs except parsing, encoding and
I/O. Groups:

- ``dispatch: <command>``: one call. Compare with the parser's and the encoder's per-command
  costs to see where a request's CPU goes.
- ``request: <command>``: parse + dispatch + encode of one canonical request, the whole
  in-process path of ``connection.py`` for a ``-P 1`` client minus the syscalls.
- ``batch: pipeline-16``: the same for a 16-command SET/GET batch (a ``-P 16`` read).

Divide 1 by the mean for the best requests/s one process could reach with free I/O; real
servers then pay ~2 syscalls per read plus the event loop. The keyspace holds 10,000 string
keys and a list, as after redis-benchmark's warm-up.
"""

from __future__ import annotations

import pytest

from benchmarks.conftest import pack, set_get_pipeline
from miniredis.dispatch import dispatch
from miniredis.protocol.encoder import encode_into
from miniredis.protocol.replies import OK
from miniredis.protocol.request_parser import RequestParser
from miniredis.session import Session

KEYS = 10_000
MGET_KEYS = [b"key:%06d" % i for i in range(10)]

# command name -> (argv, check(reply) -> bool). LPUSH stands in for HSET until hashes exist.
COMMANDS = {
    "GET": ([b"GET", b"key:000123"], lambda r: r == b"x" * 16),
    "SET": ([b"SET", b"key:000123", b"x" * 16], lambda r: r is OK),
    "INCR": ([b"INCR", b"counter"], lambda r: type(r) is int),
    "MGET-10": ([b"MGET", *MGET_KEYS], lambda r: len(r) == 10 and r[0] == b"x" * 16),
    "LPUSH": ([b"LPUSH", b"mylist", b"x" * 16], lambda r: type(r) is int),
    "PING": ([b"PING"], lambda r: r == b"PONG"),
}


@pytest.fixture
def warm(session: Session) -> Session:
    """``session`` on a keyspace with ``KEYS`` 16-byte strings, a counter and a list."""
    for i in range(KEYS):
        dispatch(session, [b"SET", b"key:%06d" % i, b"x" * 16])
    dispatch(session, [b"SET", b"counter", b"0"])
    dispatch(session, [b"RPUSH", b"mylist", b"a", b"b", b"c"])
    return session


@pytest.mark.parametrize("command", list(COMMANDS))
def test_dispatch(benchmark, warm: Session, command: str) -> None:
    argv, check = COMMANDS[command]
    benchmark.group = f"dispatch: {command}"
    reply = benchmark(dispatch, warm, argv)
    assert check(reply)


@pytest.mark.parametrize("command", ["GET", "SET", "INCR", "MGET-10", "LPUSH"])
def test_request(benchmark, warm: Session, command: str) -> None:
    argv, _check = COMMANDS[command]
    data = pack(*argv)
    parser = RequestParser()
    benchmark.group = f"request: {command}"

    def serve_one() -> bytes:
        out: list[bytes] = []
        for cmd in parser.feed(data):
            encode_into(out, dispatch(warm, cmd), warm.protocol)
        return b"".join(out)

    result = benchmark(serve_one)
    assert result[:1] in (b"$", b"+", b":", b"*")


@pytest.mark.parametrize("engine", ["hiredis", "python"])
def test_batch_pipeline_16(benchmark, warm: Session, engine: str) -> None:
    data = set_get_pipeline(16)
    parser = RequestParser(use_hiredis=engine == "hiredis")
    benchmark.group = "batch: pipeline-16 SET/GET"
    benchmark.extra_info["commands"] = 16

    def serve_batch() -> bytes:
        out: list[bytes] = []
        for cmd in parser.feed(data):
            encode_into(out, dispatch(warm, cmd), warm.protocol)
        return b"".join(out)

    result = benchmark(serve_batch)
    assert result.count(b"+OK\r\n") == 8
