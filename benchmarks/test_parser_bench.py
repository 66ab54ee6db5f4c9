"""Request parser: bytes from a client in, commands out.

Groups are ``parse: <payload>``. In each group:

- ``miniredis-hiredis``: ``RequestParser()`` as the server runs it (hiredis's C reader cuts the
  commands, Python checks each is the canonical encoding Redis would accept);
- ``miniredis-python``: ``RequestParser(use_hiredis=False)``, the pure-Python reference engine
  (what runs when hiredis is not installed, and for every malformed request);
- ``hiredis-Reader``: a bare ``hiredis.Reader`` fed the same bytes -- the floor: what cutting
  costs with no checks at all;
- ``redis-py-PythonParser``: redis-py's own pure-Python RESP2 reader (``redis._parsers``), fed
  the same bytes through an in-memory socket -- how fast a well-known Python parser is.

A request is an array of bulk strings, which is also a valid *reply*, so the two reply parsers
accept it. Inline requests are not RESP replies: that group has only the miniredis engines.

How to read it: ``miniredis-hiredis`` near ``hiredis-Reader`` means the verification costs
little; the gap to ``miniredis-python`` is what hiredis buys per read. Divide the mean by the
payload's command count (``extra_info["commands"]``) for the cost per command.
"""

from __future__ import annotations

from collections.abc import Callable

import hiredis
import pytest
from redis._parsers import Encoder, _RESP2Parser

from benchmarks.conftest import ONE_MIB, PARSER_PAYLOADS
from miniredis.protocol.request_parser import RequestParser

IMPLEMENTATIONS = [
    "miniredis-hiredis",
    "miniredis-python",
    "hiredis-Reader",
    "redis-py-PythonParser",
]
READ_SIZE = 64 * 1024  # what one recv() hands the server (connection.READ_SIZE)


class _MemorySocket:
    """Just enough of a socket for redis-py's ``SocketBuffer``: ``recv`` from a byte string."""

    def __init__(self) -> None:
        self.data = memoryview(b"")

    def load(self, data: bytes) -> None:
        self.data = memoryview(data)

    def recv(self, size: int) -> bytes:
        chunk, self.data = self.data[:size], self.data[size:]
        return chunk.tobytes()

    def settimeout(self, timeout: float | None) -> None:
        pass


class _Connection:
    """What ``_RESP2Parser.on_connect`` reads from a redis-py connection."""

    def __init__(self, sock: _MemorySocket) -> None:
        self._sock = sock
        self.socket_timeout = None
        self.encoder = Encoder("utf-8", "strict", decode_responses=False)


def make_parser(impl: str) -> Callable[[bytes], list[list[bytes]]]:
    """A ``parse(data)`` callable for ``impl``, built outside the timed region."""
    if impl == "miniredis-hiredis":
        parser = RequestParser()
        assert parser.uses_hiredis
        return parser.feed
    if impl == "miniredis-python":
        return RequestParser(use_hiredis=False).feed
    if impl == "hiredis-Reader":
        reader = hiredis.Reader()

        def parse_hiredis(data: bytes) -> list[list[bytes]]:
            reader.feed(data)
            out = []
            gets = reader.gets
            while (cmd := gets()) is not False:
                out.append(cmd)
            return out

        return parse_hiredis
    sock = _MemorySocket()
    resp2 = _RESP2Parser(socket_read_size=READ_SIZE)
    resp2.on_connect(_Connection(sock))
    read = resp2.read_response

    def parse_redis_py(data: bytes) -> list[list[bytes]]:
        sock.load(data)
        out = []
        while sock.data or resp2._buffer.unread_bytes():
            out.append(read())
        return out

    return parse_redis_py


def _check(commands: list, data: bytes, count: int) -> None:
    assert len(commands) == count
    assert commands[0][0] in (b"SET", b"GET")


@pytest.mark.parametrize("impl", IMPLEMENTATIONS)
@pytest.mark.parametrize("payload", list(PARSER_PAYLOADS))
def test_parse(benchmark, payload: str, impl: str) -> None:
    """One ``feed`` of a whole read: every command in it parsed."""
    data, count = PARSER_PAYLOADS[payload]
    if payload.startswith("inline") and not impl.startswith("miniredis"):
        pytest.skip("inline requests are not RESP replies: reply parsers cannot read them")
    benchmark.group = f"parse: {payload}"
    benchmark.extra_info["commands"] = count
    benchmark.extra_info["bytes"] = len(data)
    parse = make_parser(impl)
    result = benchmark(parse, data)
    _check(result, data, count)


@pytest.mark.parametrize("impl", ["miniredis-hiredis", "miniredis-python", "hiredis-Reader"])
def test_parse_bulk_in_reads(benchmark, impl: str) -> None:
    """A 1 MiB SET arriving as the kernel delivers it: 16 reads of 64 KiB each.

    The resumable parsers must not rescan what they have already seen: the cost should stay
    close to the single-read case in ``parse: bulk-1MiB``.
    """
    data, count = PARSER_PAYLOADS["bulk-1MiB"]
    chunks = [data[i : i + READ_SIZE] for i in range(0, len(data), READ_SIZE)]
    benchmark.group = "parse: bulk-1MiB in 64KiB reads"
    benchmark.extra_info["commands"] = count
    benchmark.extra_info["reads"] = len(chunks)
    parse = make_parser(impl)

    def feed_all() -> list[list[bytes]]:
        out: list[list[bytes]] = []
        for chunk in chunks:
            out += parse(chunk)
        return out

    result = benchmark(feed_all)
    _check(result, data, count)
    assert len(result[0][2]) == ONE_MIB
