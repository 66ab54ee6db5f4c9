"""Reply encoder: a handler's return value in, RESP bytes out (``protocol/encoder.py``).

Groups are ``encode: <reply>``; each holds RESP2 and RESP3 side by side (``resp2``, ``resp3``).
They differ only where RESP3 has its own type: null, map, set, double. ``encode_into`` is what
the connection calls (append to the batch's list); the benchmark joins the list as the
connection does before its one ``send``, so the bytes are checked too.

The ``reference`` entry in some groups is the shortest pure-Python expression of the same bytes
(a ``%``-format or a join over a list comprehension): the floor for Python code. The encoder is
close to it when its type dispatch costs little. ``array-100`` is the reply of
redis-benchmark's ``LRANGE_100`` test (100 bulk strings); ``map-50`` is ``HGETALL`` of 50 fields
(a flat array in RESP2, ``%`` in RESP3).
"""

from __future__ import annotations

from typing import Any

import pytest

from miniredis.protocol.encoder import encode_into
from miniredis.protocol.replies import OK, SimpleString

BULK_100 = [b"value:%05d" % i for i in range(100)]
MIXED_100 = [b"v%d" % i if i % 3 else None for i in range(100)]
MAP_50 = {b"field:%03d" % i: b"value:%05d" % i for i in range(50)}

REPLIES: dict[str, Any] = {
    "status-OK": OK,
    "status-other": SimpleString(b"Background saving started"),
    "bulk-16B": b"x" * 16,
    "bulk-64KiB": b"x" * 65536,
    "integer-small": 42,
    "integer-large": 1 << 40,
    "null": None,
    "array-100": BULK_100,
    "array-100-with-nulls": MIXED_100,
    "array-100-integers": list(range(100, 200)),
    "map-50": MAP_50,
}


def _reference(value: Any) -> bytes:
    """The same RESP2 bytes, hand-written for the shape: the pure-Python floor."""
    if value is BULK_100:
        return b"*100\r\n" + b"".join([b"$%d\r\n%s\r\n" % (len(v), v) for v in value])
    if type(value) is bytes:
        return b"$%d\r\n%s\r\n" % (len(value), value)
    if type(value) is int:
        return b":%d\r\n" % value
    raise KeyError(value)


def _encode_batch(value: Any, protocol: int) -> bytes:
    out: list[bytes] = []
    encode_into(out, value, protocol)
    return b"".join(out)


@pytest.mark.parametrize("impl", ["resp2", "resp3", "reference"])
@pytest.mark.parametrize("reply", list(REPLIES))
def test_encode(benchmark, reply: str, impl: str) -> None:
    """One reply encoded and joined, as the connection does for a batch of one."""
    value = REPLIES[reply]
    benchmark.group = f"encode: {reply}"
    if impl == "reference":
        try:
            expected = _reference(value)
        except KeyError:
            pytest.skip("no hand-written reference for this reply shape")
        result = benchmark(_reference, value)
        assert result == _encode_batch(value, 2) == expected
        return
    protocol = 3 if impl == "resp3" else 2
    result = benchmark(_encode_batch, value, protocol)
    if reply == "map-50":
        assert result.startswith(b"%50\r\n" if protocol == 3 else b"*100\r\n")
    elif reply == "null":
        assert result == (b"_\r\n" if protocol == 3 else b"$-1\r\n")
    elif reply == "array-100-with-nulls":
        assert result.count(b"_\r\n" if protocol == 3 else b"$-1\r\n") == 34
    else:
        assert result == _encode_batch(value, 5 - protocol)  # same bytes in both protocols


def test_encode_pipeline_16(benchmark) -> None:
    """The 16 replies of a ``-P 16`` SET/GET batch: 8 ``+OK`` and 8 16-byte bulks, joined."""
    replies = [OK if i % 2 == 0 else b"v" * 16 for i in range(16)]
    benchmark.group = "encode: pipeline-16 SET/GET replies"

    def encode_batch() -> bytes:
        out: list[bytes] = []
        for value in replies:
            encode_into(out, value, 2)
        return b"".join(out)

    result = benchmark(encode_batch)
    assert result == (b"+OK\r\n$16\r\n" + b"v" * 16 + b"\r\n") * 8
