"""Unit tests for the sorted set group: the ZSet value, range parsing, expiry with the manual
clock, and large sets. Byte-exact behaviour against real Redis is in
``compat_tests/test_zsets.py`` and ``compat_tests/test_zsets_more.py``; these run without
sockets.
"""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest

from miniredis.commands.args import parse_float
from miniredis.datatypes.zset import LexRange, ScoreRange, ZSet
from miniredis.errors import CommandError
from miniredis.keyspace.clock import ManualClock
from tests.conftest import Run

CONFIG = SimpleNamespace(zset_max_listpack_entries=128, zset_max_listpack_value=64)


def bulk(value: bytes) -> bytes:
    return b"$%d\r\n%s\r\n" % (len(value), value)


def array(*items: bytes) -> bytes:
    return b"*%d\r\n" % len(items) + b"".join(bulk(item) for item in items)


def zset_of(*pairs: tuple[float, bytes], big: bool = False) -> ZSet:
    zset = ZSet(big)
    for score, member in pairs:
        zset.put(member, score)
    return zset


# --- the value class -------------------------------------------------------------------------
def test_order_is_score_then_member_bytes() -> None:
    zset = zset_of((2.0, b"b"), (1.0, b"z"), (2.0, b"a"), (2.0, b""), (-1.0, b"\xff"))
    assert list(zset.order) == [(-1.0, b"\xff"), (1.0, b"z"), (2.0, b""), (2.0, b"a"), (2.0, b"b")]
    assert [zset.rank(m) for m in (b"\xff", b"z", b"", b"a", b"b")] == [0, 1, 2, 3, 4]
    assert zset.rank(b"nope") is None
    zset.put(b"z", 3.0)  # moving a member keeps one entry
    assert len(zset) == 5 and zset.rank(b"z") == 4


def test_listpack_turns_negative_zero_into_zero_a_skiplist_keeps_it() -> None:
    small, big = zset_of((-0.0, b"a")), zset_of((-0.0, b"a"), big=True)
    assert str(small.scores[b"a"]) == "0.0"
    assert str(big.scores[b"a"]) == "-0.0"
    built = ZSet.built({b"a": -0.0}, CONFIG)
    assert not built.big and str(built.scores[b"a"]) == "0.0"


def test_built_picks_the_encoding_from_the_final_size() -> None:
    assert ZSet.built({b"a": 1.0}, CONFIG).object_encoding(CONFIG) == b"listpack"
    many = {str(i).encode(): float(i) for i in range(129)}
    assert ZSet.built(many, CONFIG).object_encoding(CONFIG) == b"skiplist"
    assert ZSet.built({b"x" * 65: 1.0}, CONFIG).big


def test_grow_check_converts_once_and_for_good() -> None:
    config = SimpleNamespace(zset_max_listpack_entries=2, zset_max_listpack_value=3)
    zset = ZSet()
    for member in (b"a", b"b"):
        zset.grow_check(member, config)
        zset.put(member, 1.0)
    assert not zset.big
    zset.grow_check(b"c", config)
    assert zset.big
    zset.remove(b"a")
    assert zset.big  # never converted back
    other = ZSet()
    other.grow_check(b"long", config)
    assert other.big


def test_copy_is_independent_and_keeps_the_encoding() -> None:
    zset = zset_of((1.0, b"a"), big=True)
    duplicate = copy.deepcopy(zset)
    assert duplicate is not zset and duplicate.big and list(duplicate.order) == [(1.0, b"a")]
    duplicate.put(b"b", 2.0)
    assert len(zset) == 1 and zset.copy().scores == {b"a": 1.0}


def test_pop_and_remove_span() -> None:
    zset = zset_of(*((float(i), b"m%d" % i) for i in range(10)))
    assert zset.pop(2, max_first=False) == [(b"m0", 0.0), (b"m1", 1.0)]
    assert zset.pop(2, max_first=True) == [(b"m9", 9.0), (b"m8", 8.0)]
    assert zset.remove_span(1, 3) == 2
    assert [m for _, m in zset.order] == [b"m2", b"m5", b"m6", b"m7"]
    assert zset.remove_span(3, 3) == 0
    assert zset.pop(100, max_first=False) == [
        (b"m2", 2.0),
        (b"m5", 5.0),
        (b"m6", 6.0),
        (b"m7", 7.0),
    ]
    assert zset.scores == {} and len(zset.order) == 0


# --- ranges ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (b"-inf", b"+inf", (0, 5)),
        (b"(1", b"3", (1, 3)),
        (b"1", b"(3", (0, 2)),
        (b"(3", b"(3", (3, 3)),
        (b"3", b"3", (2, 3)),
        (b"(+inf", b"+inf", (5, 5)),
        (b"+inf", b"+inf", (4, 5)),
        (b"-inf", b"(-inf", (0, 0)),
        (b"5", b"1", (4, 4)),
        (b"", b"(", (0, 0)),
        (b" 2", b"1e400", (1, 5)),
        (b"2\x00junk", b"2", (1, 2)),  # a C string: the NUL ends it
    ],
)
def test_score_span(low: bytes, high: bytes, expected: tuple[int, int]) -> None:
    zset = zset_of((1.0, b"a"), (2.0, b"b"), (3.0, b"c"), (4.0, b"d"), (float("inf"), b"e"))
    assert zset.score_span(ScoreRange(low, high)) == expected


@pytest.mark.parametrize("bound", [b"abc", b"(abc", b"((1", b"1 ", b"nan", b"  ", b"(nan", b"0x"])
def test_score_range_errors(bound: bytes) -> None:
    with pytest.raises(CommandError, match="min or max is not a float"):
        ScoreRange(bound, b"1")


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (b"-", b"+", (0, 5)),
        (b"[b", b"(d", (1, 3)),
        (b"(b", b"[d", (2, 4)),
        (b"+", b"-", (5, 5)),
        (b"-", b"-", (0, 0)),
        (b"+", b"+", (5, 5)),
        (b"[c", b"[b", (2, 2)),
        (b"[", b"(a", (0, 0)),
        (b"[", b"[a", (0, 1)),
    ],
)
def test_lex_span_with_equal_and_unequal_scores(
    low: bytes, high: bytes, expected: tuple[int, int]
) -> None:
    members = (b"a", b"b", b"c", b"d", b"e")
    same = zset_of(*((0.0, m) for m in members))
    assert same.lex_span(LexRange(low, high)) == expected
    # Scores rising with the member order: the bisection over ranks gives the same answer.
    rising = zset_of(*((float(i), m) for i, m in enumerate(members)))
    assert rising.lex_span(LexRange(low, high)) == expected


@pytest.mark.parametrize("bound", [b"a", b"", b"-x", b"+x", b"{a"])
def test_lex_range_errors(bound: bytes) -> None:
    with pytest.raises(CommandError, match="min or max not valid string range item"):
        LexRange(bound, b"+")


@pytest.mark.parametrize(
    ("text", "value"),
    [(b"1.5", 1.5), (b"-inf", float("-inf")), (b"Infinity", float("inf")), (b"0x10", 16.0),
     (b"4.9e-324", 5e-324), (b"0e-999", 0.0), (b"-0", -0.0)],
)  # fmt: skip
def test_parse_float_accepts(text: bytes, value: float) -> None:
    assert parse_float(text) == value


@pytest.mark.parametrize(
    "text", [b"1e400", b"-1e400", b"1e-400", b"0x1p-1080", b"1.7976931348623159e308", b"nan",
             b" 1", b"1 ", b"", b"1_0", b"1\x00"],
)  # fmt: skip
def test_parse_float_rejects_what_strtod_flags(text: bytes) -> None:
    with pytest.raises(CommandError, match="value is not a valid float"):
        parse_float(text)
    if text in (b"1e400", b"1e-400"):
        assert parse_float(text, allow_range_error=True) in (float("inf"), 0.0)


# --- through the dispatcher ------------------------------------------------------------------
def test_expired_sorted_set_is_gone(run: Run, clock: ManualClock) -> None:
    assert run("ZADD", "z", "1", "a") == b":1\r\n"
    assert run("PEXPIRE", "z", "100") == b":1\r\n"
    clock.advance(99)
    assert run("ZSCORE", "z", "a") == bulk(b"1")
    clock.advance(1)
    assert run("ZSCORE", "z", "a") == b"$-1\r\n"
    assert run("ZADD", "z", "xx", "1", "a") == b":0\r\n"
    assert run("ZADD", "z", "2", "b") == b":1\r\n"
    assert run("TTL", "z") == b":-1\r\n"
    assert run("ZRANGE", "z", "0", "-1") == array(b"b")


def test_store_drops_the_destination_ttl(run: Run, clock: ManualClock) -> None:
    assert run("ZADD", "src", "1", "a") == b":1\r\n"
    assert run("SET", "dst", "x", "PX", "500") == b"+OK\r\n"
    assert run("ZRANGESTORE", "dst", "src", "0", "-1") == b":1\r\n"
    assert run("PTTL", "dst") == b":-1\r\n"
    assert run("ZINTERSTORE", "dst", "2", "src", "nokey") == b":0\r\n"
    assert run("EXISTS", "dst") == b":0\r\n"


def test_a_hundred_thousand_members(run: Run) -> None:
    """ZADD and ranges stay cheap on a big set (O(log n) each); mostly a smoke test."""
    members = []
    for i in range(0, 100_000, 1000):
        args = []
        for j in range(i, i + 1000):
            args += [str(j), f"m{j:06d}"]
            members.append(f"m{j:06d}".encode())
        assert run("ZADD", "big", *args) == b":1000\r\n"
    assert run("ZCARD", "big") == b":100000\r\n"
    assert run("ZRANK", "big", "m054321") == b":54321\r\n"
    assert run("ZRANGE", "big", "50000", "50002") == array(*members[50000:50003])
    assert run("ZRANGE", "big", "(99997", "+inf", "BYSCORE") == array(*members[99998:])
    assert run("ZRANGE", "big", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "10", "2") == array(
        members[99989], members[99988]
    )
    assert run("ZCOUNT", "big", "1000", "(2000") == b":1000\r\n"
    assert run("ZREMRANGEBYRANK", "big", "0", "49999") == b":50000\r\n"
    assert run("ZPOPMIN", "big") == array(b"m050000", b"50000")
    assert run("OBJECT", "ENCODING", "big") == bulk(b"skiplist")


def test_zscan_of_a_big_set_visits_everything(run: Run) -> None:
    args = []
    for i in range(300):
        args += [str(i), b"m%d" % i]
    run("ZADD", "z", *args)
    seen: set[bytes] = set()
    cursor = b"0"
    while True:
        reply = run("ZSCAN", "z", cursor, "COUNT", "7")
        lines = reply.split(b"\r\n")
        cursor = lines[2]
        seen.update(lines[5::4][: int(lines[3][1:]) // 2])  # *2 $n cursor *k $m member $s score
        if cursor == b"0":
            break
    assert seen == {b"m%d" % i for i in range(300)}
