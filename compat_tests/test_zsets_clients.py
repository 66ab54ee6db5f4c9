"""Sorted sets through redis-py, and the replies that are random or cursor-driven.

ZRANDMEMBER's and ZSCAN's replies depend on chance and on hash order, so these tests check
properties (right members, right scores, no duplicates, every member seen) rather than bytes;
the byte-exact tests are in ``test_zsets.py`` and ``test_zsets_more.py``. Both targets run
every test.
"""

from __future__ import annotations

from typing import Any

import pytest
import redis

from compat_tests.rawclient import RawClient


# --- random and cursor-driven replies: properties instead of bytes ----------------------------
def test_zrandmember_picks_members(raw: RawClient) -> None:
    assert raw.call("ZADD", "z", "1", "a", "2", "b", "3", "c") == b":3\r\n"
    for _ in range(20):
        assert raw.call("ZRANDMEMBER", "z") in (b"$1\r\na\r\n", b"$1\r\nb\r\n", b"$1\r\nc\r\n")
    reply = raw.call("ZRANDMEMBER", "z", "2")
    assert reply.startswith(b"*2\r\n")
    members = reply.split(b"\r\n")[2:-1:2]
    assert len(set(members)) == 2 and set(members) <= {b"a", b"b", b"c"}
    reply = raw.call("ZRANDMEMBER", "z", "-7", "WITHSCORES")
    assert reply.startswith(b"*14\r\n")
    fields = reply.split(b"\r\n")[2:-1:2]
    for member, score in zip(fields[::2], fields[1::2], strict=True):
        assert {b"a": b"1", b"b": b"2", b"c": b"3"}[member] == score


def test_zrandmember_distinct_members_of_a_big_set(r: redis.Redis) -> None:
    r.zadd("z", {f"m{i}": i for i in range(300)})
    picked = r.zrandmember("z", 200)
    assert len(picked) == 200 and len(set(picked)) == 200
    picked = r.zrandmember("z", 50, withscores=True)
    assert len(picked) == 100
    pairs = zip(picked[::2], picked[1::2], strict=True)
    assert all(float(score) == int(member[1:]) for member, score in pairs)


@pytest.mark.parametrize("size", [5, 1000])
def test_zscan_returns_every_member_while_the_set_changes(r: redis.Redis, size: int) -> None:
    r.zadd("z", {f"m{i}": i for i in range(size)})
    seen: dict[bytes, float] = {}
    cursor, rounds = 0, 0
    while True:
        cursor, batch = r.zscan("z", cursor, count=20)
        seen.update(batch)
        rounds += 1
        r.zadd("z", {f"new{rounds}": -rounds})  # grows while we iterate
        r.zrem("z", f"new{rounds - 1}")
        if cursor == 0:
            break
    assert {f"m{i}".encode() for i in range(size)} <= set(seen)
    assert all(seen[f"m{i}".encode()] == i for i in range(size))
    assert (rounds == 1) == (size == 5)  # a listpack comes back whole in one call


def test_zscan_match_on_a_big_set(r: redis.Redis) -> None:
    r.zadd("z", {f"m{i}": i for i in range(500)})
    found = dict(r.zscan_iter("z", match="m1?"))
    assert found == {f"m1{i}".encode(): 10.0 + i for i in range(10)}


# --- through redis-py, both protocols ---------------------------------------------------------
def tuples(pairs: list[Any]) -> list[tuple[Any, ...]]:
    """redis-py gives (member, score) tuples in RESP2 and [member, score] lists in RESP3."""
    return [tuple(pair) for pair in pairs]


def test_redis_py_sorted_set_commands(r: redis.Redis, r3: redis.Redis) -> None:
    for client in (r, r3):
        client.delete("board", "other", "dst")
        assert client.zadd("board", {"alice": 1200, "bob": 950.5, "carol": 1200}) == 3
        assert client.zadd("board", {"bob": 1000}, gt=True, ch=True) == 1
        assert client.zincrby("board", 0.5, "bob") == 1000.5
        assert client.zscore("board", "bob") == 1000.5
        assert client.zmscore("board", ["alice", "nobody"]) == [1200.0, None]
        assert client.zrank("board", "bob") == 0
        assert client.zrevrank("board", "bob") == 2
        assert tuples(client.zrange("board", 0, -1, withscores=True)) == [
            (b"bob", 1000.5),
            (b"alice", 1200.0),
            (b"carol", 1200.0),
        ]
        assert client.zrange("board", 1100, "+inf", byscore=True) == [b"alice", b"carol"]
        assert client.zrevrangebyscore("board", "+inf", 1100, start=0, num=1) == [b"carol"]
        assert client.zcount("board", "(1000.5", "+inf") == 2
        assert client.zadd("other", {"bob": 1, "dave": 2}) == 2
        assert client.zunionstore("dst", ["board", "other"], aggregate="MAX") == 4
        assert tuples(client.zinter(["board", "other"], withscores=True)) == [(b"bob", 1001.5)]
        assert client.zdiff(["board", "other"]) == [b"alice", b"carol"]
        assert client.zintercard(2, ["board", "other"]) == 1
        assert tuples(client.zpopmin("dst", 1)) == [(b"dave", 2.0)]
        assert tuples(client.zpopmax("dst", 2)) == [(b"carol", 1200.0), (b"alice", 1200.0)]
        popped = client.zmpop(1, ["dst"], min=True)  # redis-py leaves ZMPOP's reply as is
        assert popped == [b"dst", [[b"bob", b"1000.5" if client is r else 1000.5]]]
        assert client.exists("dst") == 0
        assert client.zremrangebyscore("board", "-inf", 1100) == 1
        assert client.zcard("board") == 2
        assert client.type("board") == b"zset"


def test_watch_sees_a_zadd_and_not_a_noop(r: redis.Redis) -> None:
    r.zadd("z", {"a": 1})
    with r.pipeline() as pipe:
        pipe.watch("z")
        r.zadd("z", {"a": 1})  # same score: no change, the transaction still runs
        r.zadd("z", {"b": 1}, xx=True)  # XX on a new member: nothing happens
        pipe.multi()
        pipe.zcard("z")
        assert pipe.execute() == [1]
    with r.pipeline() as pipe:
        pipe.watch("z")
        r.zincrby("z", 1, "a")
        pipe.multi()
        pipe.zcard("z")
        with pytest.raises(redis.WatchError):
            pipe.execute()
