"""The data types' hot paths, dispatched (and encoded) without sockets.

- ``zset-100k: <op>``: one call on a sorted set of 100,000 members. Rank and range work must
  stay O(log n): compare with the same operation on a 1,000-member set in the same run
  (``zset-1k``), the ratio should stay near 1, not near 100.
- ``list: LPUSH+LPOP``: a push and a pop on a warm list, the queue pattern.
- ``hash: HGETALL 1000``: dispatch *and* RESP3 encoding of a 1,000-field hash, since for big
  replies the encoder is most of the cost.
"""

from __future__ import annotations

import pytest

from miniredis.dispatch import dispatch
from miniredis.protocol.encoder import encode
from miniredis.session import Session

SIZES = {"zset-1k": 1_000, "zset-100k": 100_000}


def fill_zset(session: Session, members: int) -> None:
    batch: list[bytes] = [b"ZADD", b"z"]
    for i in range(members):
        batch += [b"%d" % (i * 2), b"m%06d" % i]
    dispatch(session, batch)


# op name -> (argv, check(reply)); scores are even, so "odd" ZADDs insert new members.
ZSET_OPS = {
    "ZADD update": ([b"ZADD", b"z", b"7", b"m000500"], lambda r: r == 0),
    "ZSCORE": ([b"ZSCORE", b"z", b"m000500"], lambda r: r == 1000.0),
    "ZRANK": ([b"ZRANK", b"z", b"m000400"], lambda r: type(r) is int),
    "ZRANGE 0 9": ([b"ZRANGE", b"z", b"100", b"109"], lambda r: len(r) == 10),
    "ZRANGE BYSCORE LIMIT": (
        [b"ZRANGE", b"z", b"(100", b"+inf", b"BYSCORE", b"LIMIT", b"0", b"10"],
        lambda r: len(r) == 10,
    ),
    "ZCOUNT": ([b"ZCOUNT", b"z", b"100", b"1000"], lambda r: r == 451),
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("op", list(ZSET_OPS))
def test_zset(benchmark, session: Session, op: str, size: str) -> None:
    fill_zset(session, SIZES[size])
    argv, check = ZSET_OPS[op]
    benchmark.group = f"zset: {op}"
    reply = benchmark(dispatch, session, argv)
    assert check(reply), reply


@pytest.mark.parametrize("size", list(SIZES))
def test_zadd_insert_and_remove(benchmark, session: Session, size: str) -> None:
    """An insert of a new member and its removal: the sorted list changes shape each round."""
    fill_zset(session, SIZES[size])
    benchmark.group = "zset: ZADD insert + ZREM"

    def insert_remove() -> object:
        dispatch(session, [b"ZADD", b"z", b"501", b"new"])
        return dispatch(session, [b"ZREM", b"z", b"new"])

    assert benchmark(insert_remove) == 1


def test_lpush_lpop(benchmark, session: Session) -> None:
    dispatch(session, [b"RPUSH", b"q", *[b"x" * 16] * 100])
    benchmark.group = "list: LPUSH+LPOP"

    def push_pop() -> object:
        dispatch(session, [b"LPUSH", b"q", b"job"])
        return dispatch(session, [b"LPOP", b"q"])

    assert benchmark(push_pop) == b"job"


@pytest.mark.parametrize("protocol", [2, 3])
def test_hgetall_1000(benchmark, session: Session, protocol: int) -> None:
    fields: list[bytes] = []
    for i in range(1000):
        fields += [b"field:%04d" % i, b"v" * 16]
    dispatch(session, [b"HSET", b"h", *fields])
    benchmark.group = "hash: HGETALL 1000 fields (dispatch + encode)"

    def hgetall() -> bytes:
        return encode(dispatch(session, [b"HGETALL", b"h"]), protocol)

    reply = benchmark(hgetall)
    assert reply.startswith(b"*2000\r\n" if protocol == 2 else b"%1000\r\n")
